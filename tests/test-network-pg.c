/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `import --kind network` into a database address (docs/STORE.md): the
 * sample's sites, flows and Aalborg network lines imported into a file
 * and into a database give the same import summary, the same network
 * lines (ids, names, kinds, import, WKB byte for byte; the geodesic
 * length to within a micrometre: SpatiaLite's and PostGIS's geodesics
 * differ by about a nanometre on 500 m) and the same `route` answers. A
 * kept route graph is dropped by a later network import (tests/data's OSM excerpt
 * of Anholt, through GDAL's OSM driver and its road classes), and the
 * next route keeps a new one, still answering as the file. A line file
 * with a bad row is imported as on the file: the row rejected with the
 * same words, the good line kept.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sm-db.h"
#include "sm-project.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

static SmTestPg *server;

static const char * const sample_files[][2] = {
  { "sites.geojson", "sites" }, { "flows-da.csv", "flows" }, { "flows-sv.csv", "flows" },
  { "network-aalborg.geojson", "network" } };

/* One import into both, the same summary, which it returns */
static char *
import_both (const char *file,
             const char *uri,
             const char *source,
             const char *kind)
{
  g_autofree char *out_file = NULL;
  g_autofree char *out_db = NULL;
  g_autofree char *err_db = NULL;
  int rc;

  g_assert_cmpint (sm_test_run_cli ("C", &out_file, NULL, "import", file, source, "--kind", kind,
                                    "--json", NULL), ==, 0);
  rc = sm_test_run_cli ("C", &out_db, &err_db, "import", uri, source, "--kind", kind, "--json",
                        NULL);
  g_assert_cmpstr (err_db, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_cmpstr (out_db, ==, out_file);
  return g_steal_pointer (&out_file);
}

/* The network lines as text, one a line, the length left out; their
 * lengths in @lengths */
static char *
network_lines (const char *name,
               GArray     *lengths)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = sm_project_open (name, &error);
  g_autoptr(SmStmt) stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  stmt = sm_db_prepare (sm_project_get_store (project),
                        "SELECT edge_id, name, kind, import_id, length_m, ST_AsBinary (geom) "
                        "FROM network_edges ORDER BY edge_id",
                        &error);
  g_assert_no_error (error);
  while (sm_stmt_step (stmt, &error) == SM_STMT_ROW)
    {
      g_autofree char *wkb = g_base64_encode (sm_stmt_column_blob (stmt, 5),
                                              sm_stmt_column_bytes (stmt, 5));
      double length = sm_stmt_column_double (stmt, 4);

      g_string_append_printf (out, "%" G_GINT64_FORMAT "|%s|%s|%" G_GINT64_FORMAT "|%s\n",
                              sm_stmt_column_int64 (stmt, 0), sm_stmt_column_text (stmt, 1),
                              sm_stmt_column_text (stmt, 2), sm_stmt_column_int64 (stmt, 3), wkb);
      g_array_append_val (lengths, length);
    }
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

static void
assert_same_lines (const char *file,
                   const char *uri)
{
  g_autoptr(GArray) len_file = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) len_db = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *a = network_lines (file, len_file);
  g_autofree char *b = network_lines (uri, len_db);
  double worst = 0;

  g_assert_cmpuint (len_file->len, >, 50);
  g_assert_cmpstr (b, ==, a);
  g_assert_cmpuint (len_db->len, ==, len_file->len);
  for (guint i = 0; i < len_file->len; i++)
    {
      double x = g_array_index (len_file, double, i), y = g_array_index (len_db, double, i);

      g_assert_cmpfloat (x, >, 0);
      g_assert_cmpfloat_with_epsilon (y, x, 1e-6);
      worst = MAX (worst, fabs (x - y));
    }
  g_test_message ("%u lines, largest difference of length %g m", len_file->len, worst);
}

static void
assert_same_route (const char *file,
                   const char *uri,
                   const char *from,
                   const char *to,
                   const char *kinds)
{
  g_autofree char *out_file = NULL;
  g_autofree char *out_db = NULL;
  g_autofree char *err_db = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_cmpint (sm_test_run_cli ("C", &out_file, NULL, "route", file, "--json", "--from-site",
                                    from, "--to-site", to, kinds ? "--kinds" : NULL, kinds, NULL),
                   ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", &out_db, &err_db, "route", uri, "--json", "--from-site",
                                    from, "--to-site", to, kinds ? "--kinds" : NULL, kinds, NULL),
                   ==, 0);
  g_assert_cmpstr (err_db, ==, "");
  a = sm_test_json_without_name (out_file);
  b = sm_test_json_without_name (out_db);
  /* a route along the lines, not an empty answer */
  g_assert_nonnull (strstr (a, "\"route_method\" : \"network\""));
  g_assert_cmpstr (b, ==, a);
}

static char *
kept_graph (void)
{
  return sm_test_pg_query (server, "network", "SELECT graph_id FROM symbiomap.route_graph");
}

static void
test_network_import (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *graph = NULL;
  g_autofree char *graph_after = NULL;
  g_autofree char *graph_new = NULL;
  g_autofree char *osm = NULL;
  g_autofree char *info_file = NULL;
  g_autofree char *info_db = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  const char *pairs[][2] = { { "1", "4" }, { "2", "3" }, { "5", "1" }, { "3", "6" } };

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  file = g_build_filename (dir, "network.sqlite", NULL);
  uri = sm_test_pg_new_database (server, "network");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", file, NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", uri, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sample_files); i++)
    {
      g_autofree char *source = g_build_filename (SOURCE_SAMPLES_DIR, sample_files[i][0], NULL);

      g_free (import_both (file, uri, source, sample_files[i][1]));
    }
  assert_same_lines (file, uri);

  /* the same routes; the first keeps the graph, the others read it */
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      assert_same_route (file, uri, pairs[i][0], pairs[i][1], NULL);
      assert_same_route (file, uri, pairs[i][0], pairs[i][1], "road");
    }
  graph = kept_graph ();
  g_assert_cmpstr (graph, !=, "");

  /* another network import drops the kept graph, on both engines */
  osm = g_test_build_filename (G_TEST_DIST, "data", "anholt-roads.osm", NULL);
  g_free (import_both (file, uri, osm, "network"));
  graph_after = kept_graph ();
  g_assert_cmpstr (graph_after, ==, "");
  assert_same_lines (file, uri);
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    assert_same_route (file, uri, pairs[i][0], pairs[i][1], NULL);
  graph_new = kept_graph ();
  g_assert_cmpstr (graph_new, !=, "");
  g_assert_cmpstr (graph_new, !=, graph);

  /* a file with a bad row: the same rejection, the good line kept, on both */
  {
    g_autofree char *bad = g_build_filename (dir, "bad.geojson", NULL);

    g_assert_true (g_file_set_contents (bad,
      "{\"type\": \"FeatureCollection\", \"features\": ["
      "{\"type\": \"Feature\", \"properties\": {\"name\": \"Havnevej\", \"kind\": \"road\"}, "
      "\"geometry\": {\"type\": \"LineString\", \"coordinates\": [[9.95, 57.05], [9.96, 57.051]]}}, "
      "{\"type\": \"Feature\", \"properties\": {\"name\": \"Punkt\", \"kind\": \"road\"}, "
      "\"geometry\": {\"type\": \"Point\", \"coordinates\": [9.95, 57.05]}}]}", -1, NULL));
    g_autofree char *summary = import_both (file, uri, bad, "network");
    g_autofree char *graph_bad = NULL;

    g_assert_nonnull (strstr (summary, "\"imported\" : 1,"));
    g_assert_nonnull (strstr (summary, "not a line"));
    graph_bad = kept_graph ();
    g_assert_cmpstr (graph_bad, ==, "");
    assert_same_lines (file, uri);
  }

  /* and `info` counts the same lines and imports */
  g_assert_cmpint (sm_test_run_cli ("C", &info_file, NULL, "info", file, "--json", NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", &info_db, NULL, "info", uri, "--json", NULL), ==, 0);
  a = sm_test_json_without_name (info_file);
  b = sm_test_json_without_name (info_db);
  g_assert_cmpstr (b, ==, a);

  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/network-pg/import", test_network_import);
  rc = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return rc;
}
