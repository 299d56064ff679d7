/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The synergy engine routes a flow's counterparts with one search
 * (sm_router_route_many) per kind of line: the match lists are the same as
 * with a route per pair, on the sample and on a random network; and each
 * resource follows only the kinds of line its settings allow (trucks on
 * roads), lines without a kind carrying everything.
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "sm-db.h"
#include "sm-cost.h"
#include "sm-import.h"
#include "sm-synergy-private.h"
#include "sm-test-util.h"

typedef struct
{
  char      *dir;
  SmProject *project;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = sm_test_make_tmpdir ();
  path = g_build_filename (f->dir, "p.sqlite", NULL);
  f->project = sm_project_create (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
}

static gboolean
close_to (double a,
          double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return fabs (a - b) <= 1e-6 + 1e-9 * fabs (a);
}

/* The route's ends are the supply's site and the demand's, in that order
 * (a search from the demand is turned round) */
static void
check_ends (const SmSynergy *m)
{
  const double *c;

  if (m->route == NULL)
    return;
  c = (const double *) m->route->data;
  g_assert_cmpuint (m->route->len, >=, 4);
  g_assert_cmpfloat (c[0], ==, m->supply_lon);
  g_assert_cmpfloat (c[1], ==, m->supply_lat);
  g_assert_cmpfloat (c[m->route->len - 2], ==, m->demand_lon);
  g_assert_cmpfloat (c[m->route->len - 1], ==, m->demand_lat);
}

/* Every flow's matches, by one search and by a route per pair: the same
 * pairs in the same order with the same routes and figures. Returns how
 * many routes were longer than the search's limit (routed on their own). */
static guint
compare_all (SmProject            *project,
             const SmMatchOptions *options,
             guint                *n_matches)
{
  g_autoptr (GPtrArray) flows = NULL;
  g_autoptr (GError) error = NULL;
  guint beyond = 0;
  SmStmt *stmt = sm_project_prepare (project, "SELECT flow_id FROM flows ORDER BY flow_id",
                                           &error);

  g_assert_no_error (error);
  flows = g_ptr_array_new_with_free_func (g_free);
  while (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    {
      gint64 id = sm_stmt_column_int64 (stmt, 0);
      g_ptr_array_add (flows, g_memdup2 (&id, sizeof id));
    }
  sm_stmt_reset (stmt);
  *n_matches = 0;

  for (guint i = 0; i < flows->len; i++)
    {
      gint64 id = *(gint64 *) g_ptr_array_index (flows, i);
      g_autoptr (SmFlow) flow = sm_project_get_flow (project, id, &error);
      g_autoptr (GPtrArray) many = sm_synergy_find (project, id, options, &error);
      g_autoptr (GPtrArray) pairs = NULL;
      double radius_m;

      g_assert_no_error (error);
      pairs = sm_synergy_find_by_pair (project, id, options, &error);
      g_assert_no_error (error);
      radius_m = 1000 * (options != NULL && options->radius_km > 0
                           ? options->radius_km : sm_match_default_radius_km (flow->resource));
      if (many->len != pairs->len)
        g_error ("flow %" G_GINT64_FORMAT ": %u matches by one search, %u by pairs", id, many->len,
                 pairs->len);
      for (guint k = 0; k < many->len; k++)
        {
          SmSynergy *a = g_ptr_array_index (many, k);
          SmSynergy *b = g_ptr_array_index (pairs, k);

          g_assert_cmpint (a->supply_flow_id, ==, b->supply_flow_id);
          g_assert_cmpint (a->demand_flow_id, ==, b->demand_flow_id);
          g_assert_cmpstr (a->route_method, ==, b->route_method);
          if (!close_to (a->route_m, b->route_m) || !close_to (a->pair.route_m, b->pair.route_m)
              || !close_to (a->pair.truck_route_m, b->pair.truck_route_m))
            g_error ("%" G_GINT64_FORMAT " → %" G_GINT64_FORMAT ": route %.6f / %.6f by one search, "
                     "%.6f / %.6f by pairs", a->supply_flow_id, a->demand_flow_id, a->pair.route_m,
                     a->pair.truck_route_m, b->pair.route_m, b->pair.truck_route_m);
          g_assert_true (close_to (a->econ.lcoh_eur_mwh, b->econ.lcoh_eur_mwh));
          g_assert_true (close_to (a->econ.investment_eur, b->econ.investment_eur));
          g_assert_cmpint (a->econ.transport, ==, b->econ.transport);
          g_assert_cmpuint (a->notes, ==, b->notes);
          check_ends (a);
          check_ends (b);
          if (g_str_equal (a->route_method, "network") && a->route_m > radius_m * 1.25)
            beyond++;
        }
      *n_matches += many->len;
    }
  return beyond;
}

static void
import_sample (SmProject    *project,
               const char   *name,
               SmImportKind  kind)
{
  g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, name, NULL);
  g_autoptr (SmImportOptions) options = sm_import_options_new (kind);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmImportResult) result = sm_import_run (project, file, options, NULL, NULL, NULL,
                                                     &error);

  g_assert_no_error (error);
}

static void
test_sample (Fixture       *f,
             gconstpointer  data)
{
  guint n, n_network = 0;

  import_sample (f->project, "sites.geojson", SM_IMPORT_KIND_SITES);
  import_sample (f->project, "flows-da.csv", SM_IMPORT_KIND_FLOWS);
  import_sample (f->project, "flows-sv.csv", SM_IMPORT_KIND_FLOWS);
  import_sample (f->project, "network-aalborg.geojson", SM_IMPORT_KIND_NETWORK);
  compare_all (f->project, NULL, &n);
  g_test_message ("%u matches of the sample compared", n);
  g_assert_cmpuint (n, >, 100);

  /* Some of them do follow the network */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) all = sm_synergy_find_all (f->project, NULL, NULL, NULL, NULL, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < all->len; i++)
      n_network += g_str_equal (((SmSynergy *) g_ptr_array_index (all, i))->route_method, "network");
    g_assert_cmpuint (n_network, >, 10);
  }
}

static gint64
insert_flow (SmProject  *project,
             gint64      site,
             SmDirection direction,
             SmResource  resource,
             double      amount,
             double      temperature_c,
             const char *ewc)
{
  g_autoptr (GError) error = NULL;
  SmFlow fl = { .site_id = site, .direction = direction, .resource = resource, .amount = amount,
                .temperature_c = temperature_c, .hours_per_year = NAN, .ewc_code = (char *) ewc };

  gint64 id = sm_project_insert_flow (project, &fl, 0, &error);

  g_assert_no_error (error);
  return id;
}

/* A jittered street grid with gaps, a few long diagonals and lines of
 * several kinds (one that no pipe may follow), sites and flows at random:
 * the radius is small enough that some routes pass the search's limit */
static void
test_random (Fixture       *f,
             gconstpointer  data)
{
  static const char *kinds[] = { "'road'", "'pipe_corridor'", "'quay'", "NULL", "'rail'", "'residential'" };
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261123);
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) sql = g_string_new ("BEGIN;");
  SmMatchOptions options;
  const int n = 14;
  const double lat0 = 55.5, lon0 = -3.0, step = 0.004;
  guint n_matches, beyond;

  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      for (int dir = 0; dir < 2; dir++)
        {
          int i2 = i + (dir == 0), j2 = j + (dir == 1);

          if (i2 >= n || j2 >= n || g_rand_double (rand) < 0.15)
            continue;
          g_string_append_printf (sql, "INSERT INTO network_edges (kind, geom) VALUES (%s, "
                                       "GeomFromText ('LINESTRING (%.7f %.7f, %.7f %.7f)', 4326));",
                                  kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))],
                                  lon0 + j * step * 1.7, lat0 + i * step,
                                  lon0 + j2 * step * 1.7, lat0 + i2 * step);
        }
  for (int k = 0; k < 4; k++)
    g_string_append_printf (sql, "INSERT INTO network_edges (kind, geom) VALUES ('road', "
                                 "GeomFromText ('LINESTRING (%.7f %.7f, %.7f %.7f)', 4326));",
                            lon0 + g_rand_int_range (rand, 0, n) * step * 1.7,
                            lat0 + g_rand_int_range (rand, 0, n) * step,
                            lon0 + g_rand_int_range (rand, 0, n) * step * 1.7,
                            lat0 + g_rand_int_range (rand, 0, n) * step);
  g_string_append (sql, "COMMIT;");
  g_assert_true (sm_project_exec (f->project, sql->str, &error));
  g_assert_no_error (error);

  for (int s = 0; s < 70; s++)
    {
      g_autofree char *name = g_strdup_printf ("Site %d", s);
      SmSite site = { .name = name,
                      .lat = lat0 + g_rand_double_range (rand, -0.005, n * step + 0.005),
                      .lon = lon0 + g_rand_double_range (rand, -0.005, (n * step + 0.005) * 1.7) };
      gint64 id = sm_project_insert_site (f->project, &site, 0, &error);
      SmDirection d = g_rand_boolean (rand) ? SM_DIRECTION_SUPPLY : SM_DIRECTION_DEMAND;

      g_assert_no_error (error);
      switch (s % 5)
        {
        case 0:
        case 1:
          insert_flow (f->project, id, d, SM_RESOURCE_HEAT, g_rand_double_range (rand, 5000, 80000),
                       g_rand_double_range (rand, 40, 110), NULL);
          break;
        case 2:
          insert_flow (f->project, id, d, SM_RESOURCE_WATER, g_rand_double_range (rand, 1e4, 1e6),
                       NAN, NULL);
          break;
        case 3:
          insert_flow (f->project, id, d, SM_RESOURCE_CO2, g_rand_double_range (rand, 1e3, 5e4),
                       NAN, NULL);
          break;
        default:
          insert_flow (f->project, id, d, SM_RESOURCE_MATERIAL, g_rand_double_range (rand, 100, 5e4),
                       NAN, d == SM_DIRECTION_SUPPLY ? "030105" : "03");
          break;
        }
    }

  sm_match_options_init (&options);
  options.radius_km = 3;
  beyond = compare_all (f->project, &options, &n_matches);
  g_test_message ("%u matches compared, %u routed beyond the search's limit", n_matches, beyond);
  g_assert_cmpuint (n_matches, >, 100);
  /* The case the single search cannot settle is covered */
  g_assert_cmpuint (beyond, >, 0);
}

static SmSynergy *
only_match (SmProject *project,
            gint64     flow_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) matches = sm_synergy_find (project, flow_id, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, ==, 1);
  return g_ptr_array_steal_index (matches, 0);
}

static double
geo (double lat1, double lon1, double lat2, double lon2)
{
  return sm_geodesic_distance (lat1, lon1, lat2, lon2);
}

/* A road round three sides of a square; across the fourth, half a pipe
 * corridor and half a line without a kind */
static void
test_kinds (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  SmSite a = { .name = (char *) "Plant", .lat = 56.0, .lon = 10.0 };
  SmSite b = { .name = (char *) "Town", .lat = 56.0, .lon = 10.02 };
  gint64 sa, sb, heat, heat_demand, material, material_demand, water;
  double across = geo (56.0, 10.0, 56.0, 10.02);
  double round = 2 * geo (56.0, 10.0, 56.01, 10.0) + geo (56.01, 10.0, 56.01, 10.02);
  SmSynergy *m;
  g_auto (GStrv) truck = sm_cost_get_route_kinds (f->project, SM_RESOURCE_WATER, TRUE);
  g_auto (GStrv) pipe = sm_cost_get_route_kinds (f->project, SM_RESOURCE_HEAT, FALSE);

  /* The defaults: trucks on roads, pipes on the four kinds of docs/SYNERGY.md */
  g_assert_cmpstrv (truck, ((const char * const[]) { "road", NULL }));
  g_assert_true (g_strv_contains ((const char * const *) pipe, "pipe-corridor"));

  g_assert_true (sm_project_exec (f->project,
                                  "INSERT INTO network_edges (kind, geom) VALUES "
                                  "('road', GeomFromText ('LINESTRING (10.00 56.00, 10.00 56.01, "
                                  "10.02 56.01, 10.02 56.00)', 4326)),"
                                  "('pipe_corridor', GeomFromText ('LINESTRING (10.00 56.00, 10.01 56.00)', 4326)),"
                                  "(NULL, GeomFromText ('LINESTRING (10.01 56.00, 10.02 56.00)', 4326))",
                                  &error));
  g_assert_no_error (error);
  sa = sm_project_insert_site (f->project, &a, 0, &error);
  sb = sm_project_insert_site (f->project, &b, 0, &error);
  g_assert_no_error (error);
  heat = insert_flow (f->project, sa, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 100000, 90, NULL);
  heat_demand = insert_flow (f->project, sb, SM_DIRECTION_DEMAND, SM_RESOURCE_HEAT, 50000, 60, NULL);
  material = insert_flow (f->project, sa, SM_DIRECTION_SUPPLY, SM_RESOURCE_MATERIAL, 20000, NAN, "030105");
  material_demand = insert_flow (f->project, sb, SM_DIRECTION_DEMAND, SM_RESOURCE_MATERIAL, 20000, NAN, "03");
  water = insert_flow (f->project, sa, SM_DIRECTION_SUPPLY, SM_RESOURCE_WATER, 3e6, NAN, NULL);
  insert_flow (f->project, sb, SM_DIRECTION_DEMAND, SM_RESOURCE_WATER, 3e6, NAN, NULL);

  /* Heat straight across, on the corridor and the line without a kind */
  m = only_match (f->project, heat);
  g_assert_cmpstr (m->route_method, ==, "network");
  g_assert_cmpfloat_with_epsilon (m->route_m, across, 0.5);
  sm_synergy_free (m);
  /* A truck keeps to the road, round the square; asked from either side */
  m = only_match (f->project, material);
  g_assert_cmpstr (m->route_method, ==, "network");
  g_assert_cmpfloat_with_epsilon (m->route_m, round, 0.5);
  g_assert_cmpfloat_with_epsilon (m->econ.truck_eur_yr, 20000 * round / 1000 * 0.10, 1);
  sm_synergy_free (m);
  m = only_match (f->project, material_demand);
  g_assert_cmpfloat_with_epsilon (m->route_m, round, 0.5);
  sm_synergy_free (m);
  /* Water: the main across, the truck round; its costs by each */
  m = only_match (f->project, water);
  g_assert_cmpfloat_with_epsilon (m->pair.route_m, across, 0.5);
  g_assert_cmpfloat_with_epsilon (m->pair.truck_route_m, round, 0.5);
  g_assert_cmpfloat_with_epsilon (m->econ.truck_eur_yr, 3e6 * round / 1000 * 0.10, 10);
  g_assert_cmpint (m->econ.transport, ==, SM_TRANSPORT_PIPE);
  g_assert_cmpfloat_with_epsilon (m->route_m, across, 0.5);
  sm_synergy_free (m);

  /* Heat pipes on roads only: round the square too */
  g_assert_true (sm_project_set_setting (f->project, "route.kinds.heat", "Road", &error));
  m = only_match (f->project, heat);
  g_assert_cmpfloat_with_epsilon (m->route_m, round, 0.5);
  sm_synergy_free (m);
  /* Corridors only: across, since the line without a kind carries
   * everything (asked from the demand) */
  g_assert_true (sm_project_set_setting (f->project, "route.kinds.heat", "pipe corridor", &error));
  m = only_match (f->project, heat_demand);
  g_assert_cmpfloat_with_epsilon (m->route_m, across, 0.5);
  sm_synergy_free (m);
  /* Trucks anywhere: empty is every kind */
  g_assert_true (sm_project_set_setting (f->project, "route.kinds.truck", "", &error));
  m = only_match (f->project, material);
  g_assert_cmpfloat_with_epsilon (m->route_m, across, 0.5);
  sm_synergy_free (m);
  g_assert_no_error (error);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/synergy-route/sample", test_sample);
  ADD ("/synergy-route/random", test_random);
  ADD ("/synergy-route/kinds", test_kinds);
  return g_test_run ();
}
