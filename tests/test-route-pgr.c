/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pgRouting option (docs/ROUTING-PGROUTING.md) against the private
 * server of sm-test-pg.c: on the sample copied into a database with the
 * extension, pgRouting's routes equal the built-in router's, point pair by
 * point pair (length and path) and in the CLI's JSON of `route` and
 * `match`; a deliberately wrong edge cost in the server is caught; on a
 * file, or a database without the extension, --router pgrouting says why.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sm-db.h"
#include "sm-project.h"
#include "sm-route.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

static SmTestPg *server;

/* Both routers add the same doubles (the graph's float lengths, sent with
 * 17 digits) in the same order along a path, so their lengths are equal to
 * the bit; 1 µm leaves room only for a change of summation order, whose
 * error (n additions × 2^-53 × the length, about 1e-10 m here) is far
 * below it, while any other difference, such as one edge's cost wrong by
 * a part in 10^4 (a 10 m segment: 1 mm), is far above. */
#define TOLERANCE_M 1e-6

/* Points across the sample network (Aalborg) and a little beyond it, so
 * that some are more than 2 km from the lines (the straight-line
 * fallback) */
#define N_SIDE 6
#define LAT0 57.015
#define LAT1 57.085
#define LON0 9.94
#define LON1 10.07

static void
grid_point (guint   i,
            double *lat,
            double *lon)
{
  *lat = LAT0 + (LAT1 - LAT0) * (i / N_SIDE) / (N_SIDE - 1);
  *lon = LON0 + (LON1 - LON0) * (i % N_SIDE) / (N_SIDE - 1);
}

/* Whether two routes agree; says how not */
static gboolean
same_route (const SmRoute *a,
            const SmRoute *b)
{
  if (g_strcmp0 (a->method, b->method) != 0 || g_strcmp0 (a->reason, b->reason) != 0)
    {
      g_test_message ("methods differ: %s, %s", a->method, b->method);
      return FALSE;
    }
  if (fabs (a->route_m - b->route_m) > TOLERANCE_M)
    {
      g_test_message ("lengths differ: %.9f m, %.9f m", a->route_m, b->route_m);
      return FALSE;
    }
  if (a->coordinates->len != b->coordinates->len
      || memcmp (a->coordinates->data, b->coordinates->data,
                 a->coordinates->len * sizeof (double)) != 0)
    {
      g_test_message ("paths differ: %u and %u coordinates", a->coordinates->len / 2,
                      b->coordinates->len / 2);
      return FALSE;
    }
  return TRUE;
}

/* Every pair of grid points, one to many, and every fifth pair one at a
 * time, with the kinds given: the count of routes that differ;
 * *n_network, of the one-to-many routes along the network (not straight) */
static guint
compare_all (SmProject          *builtin,
             SmProject          *pgr,
             const char * const *kinds,
             guint              *n_network)
{
  g_autoptr (GError) error = NULL;
  SmRouteOptions options = { kinds, 0, FALSE };
  SmRouter *ra = sm_router_for_project (builtin, &error);
  SmRouter *rb;
  double lat[N_SIDE * N_SIDE], lon[N_SIDE * N_SIDE];
  guint n = N_SIDE * N_SIDE, n_diff = 0;

  g_assert_no_error (error);
  rb = sm_router_for_project (pgr, &error);
  g_assert_no_error (error);
  g_assert_true (ra != rb);
  for (guint i = 0; i < n; i++)
    grid_point (i, &lat[i], &lon[i]);
  *n_network = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GPtrArray) many_a = sm_router_route_many (ra, lat[i], lon[i], n, lat, lon,
                                                           &options, &error);
      g_autoptr (GPtrArray) many_b = NULL;

      g_assert_no_error (error);
      many_b = sm_router_route_many (rb, lat[i], lon[i], n, lat, lon, &options, &error);
      g_assert_no_error (error);
      for (guint j = 0; j < n; j++)
        {
          g_autoptr (SmRoute) a = NULL;
          g_autoptr (SmRoute) b = NULL;

          SmRoute *ma = g_ptr_array_index (many_a, j);

          n_diff += !same_route (ma, g_ptr_array_index (many_b, j));
          *n_network += g_str_equal (ma->method, "network") && ma->route_m > ma->straight_m;
          if (j % 5 != i % 5)
            continue;
          /* a pair on its own: A* in the app, one target in the server */
          a = sm_router_route_full (ra, lat[i], lon[i], lat[j], lon[j], &options, &error);
          g_assert_no_error (error);
          b = sm_router_route_full (rb, lat[i], lon[i], lat[j], lon[j], &options, &error);
          g_assert_no_error (error);
          n_diff += !same_route (a, b);
        }
    }
  return n_diff;
}

/* CREATE EXTENSION pgrouting in @database; FALSE after marking the test
 * skipped when the extension is not installed, which is a failure when
 * SYMBIOMAP_REQUIRE_PG is set (CI installs postgresql-15-pgrouting) */
static gboolean
create_extension (const char *database)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = sm_test_pg_psql (server, database, "CREATE EXTENSION pgrouting", &error);
  const char *require = g_getenv ("SYMBIOMAP_REQUIRE_PG");

  if (error == NULL)
    return TRUE;
  if (require != NULL && *require != '\0')
    g_error ("pgRouting is missing (Debian package postgresql-15-pgrouting, .ci/install-deps) "
             "and SYMBIOMAP_REQUIRE_PG is set: %s", error->message);
  g_test_skip ("no pgRouting extension (Debian package postgresql-15-pgrouting)");
  return FALSE;
}

/* A denser network than the sample's: a grid of N_GRID × N_GRID crossings
 * about 460 m apart over the area of the points, each moved at random by
 * up to 100 m
 * (so that no two paths are exactly as long: either router could take
 * either of two equal ones), each street a line with a bent middle vertex,
 * of a random kind or none, one in eight left out, and every other line's
 * first vertex 0.4 m off the crossing (joined by the 1 m snap tolerance) */
#define N_GRID 18

static char *
write_grid_network (const char *dir)
{
  g_autoptr (GString) json = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": [");
  g_autoptr (GRand) rand = g_rand_new_with_seed (4);
  const char *kinds[] = { "road", "pipe_corridor", "quay", "existing-pipe", NULL };
  double lat[N_GRID][N_GRID], lon[N_GRID][N_GRID];
  char *path = g_build_filename (dir, "grid.geojson", NULL);
  guint n = 0;

  for (int i = 0; i < N_GRID; i++)
    for (int j = 0; j < N_GRID; j++)
      {
        lat[i][j] = LAT0 + i * (LAT1 - LAT0) / (N_GRID - 1)
                    + g_rand_double_range (rand, -0.0009, 0.0009);
        lon[i][j] = LON0 + j * (LON1 - LON0) / (N_GRID - 1)
                    + g_rand_double_range (rand, -0.0016, 0.0016);
      }
  for (int i = 0; i < N_GRID; i++)
    for (int j = 0; j < N_GRID; j++)
      for (int dir_ = 0; dir_ < 2; dir_++)
        {
          int i2 = i + (dir_ == 0), j2 = j + (dir_ == 1);
          const char *kind;
          double a_lat, a_lon, m_lat, m_lon;
          char b[6][G_ASCII_DTOSTR_BUF_SIZE];

          if (i2 >= N_GRID || j2 >= N_GRID || g_rand_int_range (rand, 0, 8) == 0)
            continue;
          kind = kinds[g_rand_int_range (rand, 0, G_N_ELEMENTS (kinds))];
          a_lat = lat[i][j] + (n % 2 ? 0.4 / 111000 : 0);
          a_lon = lon[i][j];
          m_lat = (lat[i][j] + lat[i2][j2]) / 2 + g_rand_double_range (rand, -0.0002, 0.0002);
          m_lon = (lon[i][j] + lon[i2][j2]) / 2 + g_rand_double_range (rand, -0.0003, 0.0003);
          g_string_append_printf (json, "%s{\"type\": \"Feature\", \"properties\": {\"kind\": %s%s%s}, "
                                  "\"geometry\": {\"type\": \"LineString\", \"coordinates\": "
                                  "[[%s, %s], [%s, %s], [%s, %s]]}}",
                                  n++ > 0 ? ",\n" : "", kind ? "\"" : "", kind ? kind : "null",
                                  kind ? "\"" : "",
                                  g_ascii_formatd (b[0], sizeof b[0], "%.8f", a_lon),
                                  g_ascii_formatd (b[1], sizeof b[1], "%.8f", a_lat),
                                  g_ascii_formatd (b[2], sizeof b[2], "%.8f", m_lon),
                                  g_ascii_formatd (b[3], sizeof b[3], "%.8f", m_lat),
                                  g_ascii_formatd (b[4], sizeof b[4], "%.8f", lon[i2][j2]),
                                  g_ascii_formatd (b[5], sizeof b[5], "%.8f", lat[i2][j2]));
        }
  g_string_append (json, "]}\n");
  g_assert_true (g_file_set_contents (path, json->str, json->len, NULL));
  return path;
}

static void
test_grid (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *network = NULL;
  g_autofree char *uri = NULL;
  g_autoptr (SmProject) builtin = NULL;
  g_autoptr (SmProject) pgr = NULL;
  g_autoptr (GError) error = NULL;
  const char *road[] = { "road", NULL };
  const char *corridors[] = { "pipe-corridor", "existing-pipe", NULL };
  guint n_network, n_total = 0;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = sm_test_pg_new_database (server, "routegrid");
  if (!create_extension ("routegrid"))
    return;
  dir = sm_test_make_tmpdir ();
  file = g_build_filename (dir, "grid.sqlite", NULL);
  network = write_grid_network (dir);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", file, NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "import", file, network, "--kind", "network",
                                    NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", file, uri, NULL), ==, 0);
  builtin = sm_project_open (uri, &error);
  g_assert_no_error (error);
  pgr = sm_project_open (uri, &error);
  g_assert_no_error (error);
  sm_route_set_engine (pgr, SM_ROUTE_ENGINE_PGROUTING);
  g_assert_cmpuint (compare_all (builtin, pgr, NULL, &n_network), ==, 0);
  n_total += n_network;
  g_assert_cmpuint (compare_all (builtin, pgr, road, &n_network), ==, 0);
  n_total += n_network;
  g_assert_cmpuint (compare_all (builtin, pgr, corridors, &n_network), ==, 0);
  n_total += n_network;
  g_test_message ("%u pairs routed along the grid", n_total);
  g_assert_cmpuint (n_total, >, 1000);
  g_clear_object (&builtin);
  g_clear_object (&pgr);
  sm_test_rm_rf (dir);
}

/* The command's JSON with the built-in router and with pgRouting */
static void
assert_same_json (const char *uri,
                  const char *command,
                  const char *a1,
                  const char *a2,
                  const char *a3,
                  const char *a4,
                  const char *a5,
                  const char *a6)
{
  g_autofree char *out_a = NULL;
  g_autofree char *out_b = NULL;
  g_autofree char *err_b = NULL;

  g_test_message ("%s %s %s %s %s %s %s --router pgrouting", command, a1, a2, a3, a4 ? a4 : "",
                  a5 ? a5 : "", a6 ? a6 : "");
  g_assert_cmpint (sm_test_run_cli ("C", &out_a, NULL, command, uri, "--json", a1, a2, a3, a4, a5,
                                    a6, NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", &out_b, &err_b, command, uri, "--json", "--router",
                                    "pgrouting", a1, a2, a3, a4, a5, a6, NULL), ==, 0);
  g_assert_cmpstr (err_b, ==, "");
  g_assert_cmpuint (strlen (out_a), >, 20);
  g_assert_cmpstr (out_b, ==, out_a);
}

static void
test_same_routes (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autoptr (SmProject) builtin = NULL;
  g_autoptr (SmProject) pgr = NULL;
  g_autoptr (GError) error = NULL;
  const char *road[] = { "road", NULL };
  const char *corridors[] = { "pipe-corridor", "quay", NULL };
  const char *pairs[][2] = { { "1", "4" }, { "2", "3" }, { "5", "1" }, { "3", "6" }, { "7", "12" } };
  guint n_network, n_total = 0;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK);
  uri = sm_test_pg_new_database (server, "routepgr");
  if (!create_extension ("routepgr"))
    {
      sm_test_rm_rf (dir);
      return;
    }
  /* the network into the database through a file project, as users do */
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);

  builtin = sm_project_open (uri, &error);
  g_assert_no_error (error);
  pgr = sm_project_open (uri, &error);
  g_assert_no_error (error);
  sm_route_set_engine (pgr, SM_ROUTE_ENGINE_PGROUTING);

  g_assert_cmpuint (compare_all (builtin, pgr, NULL, &n_network), ==, 0);
  n_total += n_network;
  g_assert_cmpuint (compare_all (builtin, pgr, road, &n_network), ==, 0);
  n_total += n_network;
  g_assert_cmpuint (compare_all (builtin, pgr, corridors, &n_network), ==, 0);
  n_total += n_network;
  /* not a comparison of fallbacks only */
  g_test_message ("%u pairs routed along the network", n_total);
  g_assert_cmpuint (n_total, >, 500);

  /* A wrong cost in the server is caught: every edge a part in 10^4
   * longer (the router keeps its table for the connection) */
  g_assert_true (sm_db_exec (sm_project_get_store (pgr),
                             "UPDATE pg_temp.sm_route_pgr_edges SET cost = cost * 1.0001", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (compare_all (builtin, pgr, NULL, &n_network), >, 0);
  /* and one edge alone, the first of the network */
  g_assert_true (sm_db_exec (sm_project_get_store (pgr),
                             "UPDATE pg_temp.sm_route_pgr_edges SET cost = cost / 1.0001; "
                             "UPDATE pg_temp.sm_route_pgr_edges SET cost = cost + 0.01 "
                             "WHERE id IN (SELECT id FROM pg_temp.sm_route_pgr_edges "
                             "ORDER BY id LIMIT 4)", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (compare_all (builtin, pgr, NULL, &n_network), >, 0);
  g_clear_object (&pgr);

  /* The CLI: route between sites, with and without kinds, and match */
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      assert_same_json (uri, "route", "--from-site", pairs[i][0], "--to-site", pairs[i][1], NULL,
                        NULL);
      assert_same_json (uri, "route", "--from-site", pairs[i][0], "--to-site", pairs[i][1],
                        "--kinds", "road");
      assert_same_json (uri, "route", "--from-site", pairs[i][0], "--to-site", pairs[i][1],
                        "--kinds", "pipe-corridor,quay");
    }
  for (int flow = 1; flow <= 40; flow += 3)
    {
      g_autofree char *id = g_strdup_printf ("%d", flow);
      g_autofree char *out = NULL;

      /* flows that are not there fail alike on both; only real ones here */
      if (sm_test_run_cli ("C", &out, NULL, "match", uri, "--flow", id, "--json", NULL) != 0)
        continue;
      assert_same_json (uri, "match", "--flow", id, NULL, NULL, NULL, NULL);
    }

  /* The project setting chooses it too: the same answer as the flag */
  {
    g_autofree char *set = sm_test_pg_query (server, "routepgr",
                                             "INSERT INTO symbiomap.settings (key, value) "
                                             "VALUES ('routing_engine', 'pgrouting')");
    g_autofree char *out_a = NULL;
    g_autofree char *out_b = NULL;

    g_assert_cmpint (sm_test_run_cli ("C", &out_a, NULL, "route", uri, "--json", "--from-site",
                                      "1", "--to-site", "4", NULL), ==, 0);
    g_assert_cmpint (sm_test_run_cli ("C", &out_b, NULL, "route", uri, "--json", "--router",
                                      "builtin", "--from-site", "1", "--to-site", "4", NULL), ==, 0);
    g_assert_cmpstr (out_a, ==, out_b);
  }
  sm_test_rm_rf (dir);
}

/* Where pgRouting cannot run, --router pgrouting says why, and the setting
 * asking for it too */
static void
test_unavailable (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *err = NULL;
  g_autofree char *set = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK);

  /* a file */
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "route", sample, "--router", "pgrouting",
                                    "--from-site", "1", "--to-site", "4", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "only in a PostgreSQL database"));
  g_assert_nonnull (strstr (err, "--router builtin"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "match", sample, "--router", "pgrouting",
                                    "--flow", "1", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "only in a PostgreSQL database"));
  g_clear_pointer (&err, g_free);
  /* a router that is none */
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "route", sample, "--router", "osrm",
                                    "--from-site", "1", "--to-site", "4", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "“osrm” is not a router"));
  g_clear_pointer (&err, g_free);
  /* translated */
  g_assert_cmpint (sm_test_run_cli ("da", NULL, &err, "route", sample, "--router",
                                    "pgrouting", "--from-site", "1", "--to-site", "4", NULL), ==, 1);
  g_assert_null (strstr (err, "only in a PostgreSQL database"));
  g_assert_nonnull (strstr (err, "--router builtin"));
  g_clear_pointer (&err, g_free);

  /* a database without the extension */
  uri = sm_test_pg_new_database (server, "noext");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "route", uri, "--router", "pgrouting",
                                    "--from-site", "1", "--to-site", "4", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no pgRouting extension"));
  g_assert_nonnull (strstr (err, "CREATE EXTENSION pgrouting"));
  g_clear_pointer (&err, g_free);
  /* the setting asks for it: the route says the same; the flag overrides */
  set = sm_test_pg_query (server, "noext", "INSERT INTO symbiomap.settings (key, value) "
                                           "VALUES ('routing_engine', 'pgrouting')");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "route", uri, "--from-site", "1",
                                    "--to-site", "4", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "no pgRouting extension"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "route", uri, "--router", "builtin",
                                    "--from-site", "1", "--to-site", "4", NULL), ==, 0);
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/route-pgr/same-routes", test_same_routes);
  g_test_add_func ("/route-pgr/grid", test_grid);
  g_test_add_func ("/route-pgr/unavailable", test_unavailable);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
