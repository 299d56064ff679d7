/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Matching speed. One supply's matches within 10 km among many sites and
 * flows (median of 100 random supplies), with the economics of
 * docs/SYNERGY.md (straight line), against a full scan of the flows
 * table that computes the same matches, in the same run, and the share
 * the economics take of it; then all synergies of every supply in a
 * smaller project, and its portfolio.
 *
 *   bench-synergy [SITES FLOWS [ALL_SITES ALL_SUPPLIES]]
 *   (default 1000000 2000000 100000 10000)
 *
 * With --network, the portfolio with real routes instead: a generated
 * street grid of about 2 × SIDE² edges, SITES sites on it and SUPPLIES
 * supplies (as many demands); the portfolio along the network against
 * the straight-line portfolio of the same project, in the same run, and
 * one search per supply against a route per pair on the first supplies.
 *
 *   bench-synergy --network [SIDE SITES SUPPLIES] (default 708 100000 10000)
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "sm-db.h"
#include "sm-portfolio.h"
#include "sm-route.h"
#include "sm-synergy-private.h"
#include "sm-test-util.h"

static const SmResource resources[] = {
  SM_RESOURCE_HEAT, SM_RESOURCE_HEAT, SM_RESOURCE_WATER, SM_RESOURCE_CO2, SM_RESOURCE_MATERIAL,
  SM_RESOURCE_STEAM, SM_RESOURCE_COOLING,
};
static const char *codes[] = { "020106", "030105", "170504", "100101" };
static const char *prefixes[] = { "02", "0301", "17", "1001", "020106" };

/* Sites spread over the Nordic countries and northern Germany */
static SmProject *
generate_in (SmProject  *project,
             int         n_sites,
             int         n_flows,
             int         n_supplies,
             double      lon0,
             double      lon_span,
             double      lat0,
             double      lat_span)
{
  g_autoptr (GError) error = NULL;
  sqlite3_stmt *site, *flow;

  g_assert_no_error (error);
  sm_project_begin (project, &error);
  sm_project_suspend_spatial_index (project, "sites", &error);
  g_assert_no_error (error);
  sqlite3_prepare_v2 (sm_project_get_db (project),
                      "INSERT INTO sites (name, geom) VALUES (?, MakePoint (?, ?, 4326))", -1, &site, NULL);
  sqlite3_prepare_v2 (sm_project_get_db (project),
                      "INSERT INTO flows (site_id, direction, resource, ewc_code, amount, unit, temperature_c) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &flow, NULL);
  for (int i = 0; i < n_sites; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "Company %d", i);
      sqlite3_bind_text (site, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (site, 2, lon0 + g_random_double () * lon_span);
      sqlite3_bind_double (site, 3, lat0 + g_random_double () * lat_span);
      sqlite3_step (site);
      sqlite3_reset (site);
    }
  for (int i = 0; i < n_flows; i++)
    {
      SmResource r = resources[g_random_int_range (0, G_N_ELEMENTS (resources))];
      gboolean supply = i < n_supplies || (n_supplies == 0 && g_random_boolean ());

      sqlite3_bind_int64 (flow, 1, g_random_int_range (1, n_sites + 1));
      sqlite3_bind_text (flow, 2, supply ? "supply" : "demand", -1, SQLITE_STATIC);
      sqlite3_bind_text (flow, 3, sm_resource_to_key (r), -1, SQLITE_STATIC);
      if (r == SM_RESOURCE_MATERIAL)
        sqlite3_bind_text (flow, 4, supply ? codes[g_random_int_range (0, 4)]
                                           : prefixes[g_random_int_range (0, 5)], -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (flow, 4);
      sqlite3_bind_double (flow, 5, g_random_double_range (10, 100000));
      sqlite3_bind_text (flow, 6, sm_resource_get_unit (r), -1, SQLITE_STATIC);
      if (sm_resource_has_temperature (r))
        sqlite3_bind_double (flow, 7, g_random_double_range (20, 160));
      else
        sqlite3_bind_null (flow, 7);
      sqlite3_step (flow);
      sqlite3_reset (flow);
    }
  sqlite3_finalize (site);
  sqlite3_finalize (flow);
  sm_project_rebuild_spatial_index (project, "sites", &error);
  sm_project_commit (project, &error);
  g_assert_no_error (error);
  return project;
}

static SmProject *
generate (const char *path,
          int         n_sites,
          int         n_flows,
          int         n_supplies)
{
  g_autoptr (GError) error = NULL;
  SmProject *project = sm_project_create (path, &error);

  g_assert_no_error (error);
  return generate_in (project, n_sites, n_flows, n_supplies, 5, 26, 54, 15);
}

/* The same matches without the spatial index: every flow of the other
 * direction, its distance computed; the baseline. */
static guint
full_scan (SmProject            *project,
           const SmFlow         *source,
           const SmMatchOptions *options)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  sqlite3_prepare_v2 (sm_project_get_db (project),
                      "SELECT f.resource, ST_Y (s.geom), ST_X (s.geom), f.temperature_c, f.ewc_code "
                      "FROM flows f JOIN sites s USING (site_id) WHERE f.direction = 'demand'",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SmResource r = sm_resource_from_key ((const char *) sqlite3_column_text (stmt, 0));
      double d;

      if (!sm_resources_compatible (source->resource, r))
        continue;
      d = sm_geodesic_distance (source->lat, source->lon, sqlite3_column_double (stmt, 1),
                                sqlite3_column_double (stmt, 2));
      if (d <= options->radius_km * 1000)
        n++;
    }
  sqlite3_finalize (stmt);
  return n;
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* Processor time of this process: the machine is shared, so wall time
 * alone says little */
static double
cpu (void)
{
  return (double) clock () / CLOCKS_PER_SEC;
}

static int network_portfolio (int argc, char **argv);

int
main (int    argc,
      char **argv)
{
  int n_sites = argc > 2 ? atoi (argv[1]) : 1000000;
  int n_flows = argc > 2 ? atoi (argv[2]) : 2000000;
  int all_sites = argc > 4 ? atoi (argv[3]) : 100000;
  int all_supplies = argc > 4 ? atoi (argv[4]) : 10000;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *big_path = g_build_filename (dir, "big.sqlite", NULL);
  g_autofree char *small_path = g_build_filename (dir, "small.sqlite", NULL);
  g_autoptr (SmProject) big = NULL;
  g_autoptr (SmProject) small = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GError) error = NULL;
  SmMatchOptions options;
  double scan_s = 0, median, t0, all_s, econ_s = 0, portfolio_s;
  int scans = 0;
  guint econ_n = 0;
  SmEconParams params;

  setlocale (LC_ALL, "C");
  if (argc > 1 && g_str_equal (argv[1], "--network"))
    return network_portfolio (argc, argv);
  g_random_set_seed (11);
  big = generate (big_path, n_sites, n_flows, 0);
  sm_match_options_init (&options);
  options.radius_km = 10;
  options.use_network = FALSE;
  sm_econ_params_load (big, &params);

  for (int i = 0; i < 100; i++)
    {
      g_autoptr (SmFlow) flow = NULL;
      g_autoptr (GPtrArray) matches = NULL;
      gint64 id;

      do
        {
          g_clear_pointer (&flow, sm_flow_free);
          id = g_random_int_range (1, n_flows + 1);
          flow = sm_project_get_flow (big, id, NULL);
        }
      while (flow == NULL || flow->direction != SM_DIRECTION_SUPPLY);

      t0 = g_get_monotonic_time () / 1e6;
      matches = sm_synergy_find (big, id, &options, &error);
      g_assert_no_error (error);
      g_array_append_val (times, ((double) { g_get_monotonic_time () / 1e6 - t0 }));
      /* The economics alone, again, for the same matches */
      t0 = g_get_monotonic_time () / 1e6;
      for (guint k = 0; k < matches->len; k++)
        {
          SmSynergy *m = g_ptr_array_index (matches, k);
          SmEconomics e;

          sm_economics_compute (&params, &m->pair, &e);
          econ_n += e.viable;
        }
      econ_s += g_get_monotonic_time () / 1e6 - t0;
      if (i < 3)
        {
          /* The scan is slow: three of them are enough for its figure */
          t0 = g_get_monotonic_time () / 1e6;
          full_scan (big, flow, &options);
          scan_s += g_get_monotonic_time () / 1e6 - t0;
          scans++;
        }
    }
  g_array_sort (times, sm_test_compare_doubles);
  median = (g_array_index (times, double, 49) + g_array_index (times, double, 50)) / 2;

  small = generate (small_path, all_sites, all_supplies * 2, all_supplies);
  t0 = g_get_monotonic_time () / 1e6;
  {
    g_autoptr (GPtrArray) all = sm_synergy_find_all (small, &options, NULL, NULL, NULL, &error);
    g_autoptr (SmPortfolio) portfolio = NULL;
    guint n_all;

    g_assert_no_error (error);
    all_s = g_get_monotonic_time () / 1e6 - t0;
    n_all = all->len;
    t0 = g_get_monotonic_time () / 1e6;
    portfolio = sm_portfolio_allocate (small, all, &error);
    g_assert_no_error (error);
    portfolio_s = all_s + g_get_monotonic_time () / 1e6 - t0;
    printf ("sites / flows:                 %d / %d\n", n_sites, n_flows);
    printf ("one supply, 10 km, median:     %.3f ms (goal < 5 ms)\n", median * 1000);
    printf ("full scan of the flows:        %.1f ms\n", scan_s / scans * 1000);
    printf ("ratio scan / indexed:          %.0f (goal >= 100)\n", scan_s / scans / median);
    printf ("economics alone, per search:   %.4f ms (%.1f %% of the median; %u viable pairs)\n",
            econ_s / 100 * 1000, econ_s / 100 / median * 100, econ_n);
    printf ("all synergies, %d supplies among %d sites: %.2f s, %u matches (goal < 10 s)\n",
            all_supplies, all_sites, all_s, n_all);
    printf ("portfolio of them:             %.2f s, %u allocated (goal < 30 s; %.2f × the search)\n",
            portfolio_s, portfolio->allocations->len, portfolio_s / all_s);
  }
  sm_test_rm_rf (dir);
  return median < 0.005 && scan_s / scans / median >= 100 && all_s < 10 && portfolio_s < 30 ? 0 : 1;
}

/* The portfolio along a network. A street grid with junctions every
 * 0.004° (about 445 m north-south, 250 m east-west at 56° N), a country's
 * size at the default side; one line in ten a pipe corridor (no truck),
 * the rest roads and OpenStreetMap residential streets. */
static int
network_portfolio (int    argc,
                   char **argv)
{
  int side = argc > 2 ? atoi (argv[2]) : 708;
  int n_sites = argc > 4 ? atoi (argv[3]) : 100000;
  int n_supplies = argc > 4 ? atoi (argv[4]) : 10000;
  int n_pairs_sample = MIN (n_supplies, 500);
  const double step = 0.004, lat0 = 54.8, lon0 = 8.2;
  static const char *kinds[] = { "road", "residential", "road", "residential", "road",
                                 "residential", "road", "residential", "road", "pipe_corridor" };
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "net.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  g_autoptr (GArray) supplies = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *edge;
  SmMatchOptions options;
  double t0, c0, build_s, straight_s, network_s, many_s = 0, pairs_s = 0, straight_cpu, network_cpu;
  guint n_straight, n_network = 0, n_on_network = 0, alloc_straight, alloc_network;
  int n_edges = 0;

  g_assert_no_error (error);
  g_random_set_seed (19);
  sm_project_begin (project, &error);
  sm_project_suspend_spatial_index (project, "network_edges", &error);
  g_assert_no_error (error);
  sqlite3_prepare_v2 (sm_project_get_db (project),
                      "INSERT INTO network_edges (kind, geom, length_m) VALUES "
                      "(?6, MakeLine (MakePoint (?1, ?2, 4326), MakePoint (?3, ?4, 4326)), ?5)",
                      -1, &edge, NULL);
  for (int i = 0; i < side; i++)
    for (int j = 0; j < side; j++)
      for (int d = 0; d < 2; d++)
        {
          double lon = lon0 + j * step, lat = lat0 + i * step;
          double lon2 = d ? lon0 + (j + 1) * step : lon, lat2 = d ? lat : lat0 + (i + 1) * step;

          if ((d && j == side - 1) || (!d && i == side - 1))
            continue;
          sqlite3_bind_double (edge, 1, lon);
          sqlite3_bind_double (edge, 2, lat);
          sqlite3_bind_double (edge, 3, lon2);
          sqlite3_bind_double (edge, 4, lat2);
          sqlite3_bind_double (edge, 5, sm_geodesic_distance (lat, lon, lat2, lon2));
          sqlite3_bind_text (edge, 6, kinds[g_random_int_range (0, G_N_ELEMENTS (kinds))], -1,
                             SQLITE_STATIC);
          sqlite3_step (edge);
          sqlite3_reset (edge);
          n_edges++;
        }
  sqlite3_finalize (edge);
  sm_project_rebuild_spatial_index (project, "network_edges", &error);
  sm_project_commit (project, &error);
  g_assert_no_error (error);
  generate_in (project, n_sites, n_supplies * 2, n_supplies, lon0, (side - 1) * step, lat0,
               (side - 1) * step);
  t0 = now ();
  if (!sm_router_build_graph (project, NULL, NULL, NULL, &error))
    g_error ("build: %s", error->message);
  build_s = now () - t0;

  sm_match_options_init (&options);
  options.radius_km = 10;

  /* Baseline: the straight-line portfolio of the same project */
  options.use_network = FALSE;
  t0 = now ();
  c0 = cpu ();
  {
    g_autoptr (GPtrArray) all = sm_synergy_find_all (project, &options, NULL, NULL, NULL, &error);
    g_autoptr (SmPortfolio) p = NULL;

    g_assert_no_error (error);
    n_straight = all->len;
    p = sm_portfolio_allocate (project, all, &error);
    g_assert_no_error (error);
    alloc_straight = p->allocations->len;
  }
  straight_s = now () - t0;
  straight_cpu = cpu () - c0;

  /* Along the network, a search per supply; the graph is loaded inside */
  options.use_network = TRUE;
  t0 = now ();
  c0 = cpu ();
  {
    g_autoptr (GPtrArray) all = sm_synergy_find_all (project, &options, NULL, NULL, NULL, &error);
    g_autoptr (SmPortfolio) p = NULL;

    g_assert_no_error (error);
    n_network = all->len;
    for (guint i = 0; i < all->len; i++)
      n_on_network += g_str_equal (((SmSynergy *) g_ptr_array_index (all, i))->route_method, "network");
    p = sm_portfolio_allocate (project, all, &error);
    g_assert_no_error (error);
    alloc_network = p->allocations->len;
  }
  network_s = now () - t0;
  network_cpu = cpu () - c0;

  /* One search per supply against a route per pair, the same supplies */
  {
    SmStmt *stmt = sm_project_prepare (project, "SELECT flow_id FROM flows "
                                                "WHERE direction = 'supply' ORDER BY flow_id",
                                       &error);
    while (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
      g_array_append_val (supplies, ((gint64) { sm_stmt_column_int64 (stmt, 0) }));
    sm_stmt_reset (stmt);
  }
  for (int i = 0; i < n_pairs_sample && (guint) i < supplies->len; i++)
    {
      gint64 id = g_array_index (supplies, gint64, i);
      g_autoptr (GPtrArray) a = NULL;
      g_autoptr (GPtrArray) b = NULL;

      t0 = now ();
      a = sm_synergy_find (project, id, &options, &error);
      many_s += now () - t0;
      t0 = now ();
      b = sm_synergy_find_by_pair (project, id, &options, &error);
      pairs_s += now () - t0;
      g_assert_no_error (error);
      g_assert_cmpuint (a->len, ==, b->len);
    }

  printf ("network:                         %d edges (grid side %d), %d sites, %d supplies, %d demands\n",
          n_edges, side, n_sites, n_supplies, n_supplies);
  printf ("graph build (not in the figures): %.2f s\n", build_s);
  printf ("straight-line portfolio:         %.2f s (%.2f s CPU), %u matches, %u allocated (baseline)\n",
          straight_s, straight_cpu, n_straight, alloc_straight);
  printf ("portfolio along the network:     %.2f s (%.2f s CPU), %u matches (%u by the network), %u allocated\n",
          network_s, network_cpu, n_network, n_on_network, alloc_network);
  printf ("ratio network / straight line:   %.2f wall, %.2f CPU (goal: under 60 s in all)\n",
          network_s / straight_s, network_cpu / straight_cpu);
  printf ("first %d supplies, one search each vs a route per pair: %.3f s vs %.3f s, ratio %.2f\n",
          n_pairs_sample, many_s, pairs_s, many_s / pairs_s);
  sm_test_rm_rf (dir);
  return network_s < 60 ? 0 : 1;
}
