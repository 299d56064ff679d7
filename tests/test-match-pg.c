/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matcher and the router on a database address (docs/STORE.md),
 * against the private server of sm-test-pg.c: the sample project copied
 * into a database gives the file's JSON for `match` of every supply flow,
 * `route` between site pairs (with and without --kinds) and `portfolio`;
 * the route graph is built into the database once and then read back,
 * not built again.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sm-test-pg.h"
#include "sm-test-util.h"

static SmTestPg *server;

/* One command on the file and on the database: the same JSON */
static void
assert_same (const char *sample,
             const char *uri,
             const char *command,
             const char *a1,
             const char *a2,
             const char *a3,
             const char *a4,
             const char *a5,
             const char *a6)
{
  g_autofree char *out_file = NULL;
  g_autofree char *out_db = NULL;
  g_autofree char *err_db = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  int rc;

  g_test_message ("%s %s %s %s %s", command, a1, a2 ? a2 : "", a3 ? a3 : "", a4 ? a4 : "");
  g_assert_cmpint (sm_test_run_cli ("C", &out_file, NULL, command, sample, "--json", a1, a2, a3,
                                    a4, a5, a6, NULL), ==, 0);
  rc = sm_test_run_cli ("C", &out_db, &err_db, command, uri, "--json", a1, a2, a3, a4, a5, a6,
                        NULL);
  g_assert_cmpstr (err_db, ==, "");
  g_assert_cmpint (rc, ==, 0);
  a = sm_test_json_without_name (out_file);
  b = sm_test_json_without_name (out_db);
  /* not an empty answer compared with an empty one */
  g_assert_cmpuint (strlen (a), >, 20);
  g_assert_cmpstr (b, ==, a);
}

/* The ids of the sample's supply flows, from `flows --json` */
static GArray *
supply_flows (const char *sample)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  JsonArray *flows;

  g_assert_cmpint (sm_test_run_cli ("C", &out, NULL, "flows", sample, "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  flows = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                        "flows");
  for (guint i = 0; i < json_array_get_length (flows); i++)
    {
      JsonObject *f = json_array_get_object_element (flows, i);

      if (g_strcmp0 (json_object_get_string_member (f, "direction"), "supply") == 0)
        {
          gint64 id = json_object_get_int_member (f, "flow_id");

          g_array_append_val (ids, id);
        }
    }
  return ids;
}

/* The kept route graph's id in the database, "" when none */
static char *
kept_graph (const char *name)
{
  g_autoptr(GError) error = NULL;
  char *out = sm_test_pg_psql (server, name, "SELECT graph_id FROM symbiomap.route_graph", &error);

  g_assert_no_error (error);
  return g_strstrip (out);
}

static void
test_same_answers (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *graph = NULL;
  g_autofree char *graph_again = NULL;
  g_autofree char *graph_after = NULL;
  g_autoptr(GArray) supplies = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *pairs[][2] = { { "1", "4" }, { "2", "3" }, { "5", "1" }, { "3", "6" } };

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK);
  uri = sm_test_pg_create_database (server, "match", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);

  /* no graph kept before the first route */
  graph_after = kept_graph ("match");
  g_assert_cmpstr (graph_after, ==, "");
  g_clear_pointer (&graph_after, g_free);

  supplies = supply_flows (sample);
  g_assert_cmpuint (supplies->len, >, 3);
  for (guint i = 0; i < supplies->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             g_array_index (supplies, gint64, i));

      g_autofree char *now = NULL;

      assert_same (sample, uri, "match", "--flow", id, NULL, NULL, NULL, NULL);
      /* the first match that routes keeps the graph; the others read it */
      now = kept_graph ("match");
      if (graph == NULL && *now != '\0')
        graph = g_steal_pointer (&now);
      else if (graph != NULL)
        g_assert_cmpstr (now, ==, graph);
    }
  g_assert_nonnull (graph);

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      assert_same (sample, uri, "route", "--from-site", pairs[i][0], "--to-site", pairs[i][1],
                   NULL, NULL);
      assert_same (sample, uri, "route", "--from-site", pairs[i][0], "--to-site", pairs[i][1],
                   "--kinds", "road");
      assert_same (sample, uri, "route", "--from-site", pairs[i][0], "--to-site", pairs[i][1],
                   "--kinds", "pipe-corridor,quay");
    }
  assert_same (sample, uri, "portfolio", NULL, NULL, NULL, NULL, NULL, NULL);

  /* every later run read the kept graph instead of building another */
  graph_again = kept_graph ("match");
  g_assert_cmpstr (graph_again, ==, graph);

  /* a changed line drops it (the trigger), and the next route keeps a
   * new one, routed on the changed network */
  out = sm_test_pg_psql (server, "match", "DELETE FROM symbiomap.network_edges WHERE edge_id = "
                                          "(SELECT min (edge_id) FROM symbiomap.network_edges)",
                         &error);
  g_assert_no_error (error);
  g_clear_pointer (&graph_again, g_free);
  graph_again = kept_graph ("match");
  g_assert_cmpstr (graph_again, ==, "");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "route", uri, "--from-site", "1",
                                    "--to-site", "4", NULL), ==, 0);
  graph_after = kept_graph ("match");
  g_assert_cmpstr (graph_after, !=, "");
  g_assert_cmpstr (graph_after, !=, graph);

  /* a user who may only read cannot keep a graph: each route builds its
   * own, reused while the network stands still, with the same answers */
  {
    g_autofree char *grant = NULL;
    g_autofree char *reader = NULL;
    g_autofree char *out_file = NULL;
    g_autofree char *out_db = NULL;
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;
    const char *at = strchr (uri, '@');

    grant = sm_test_pg_psql (server, "match",
                             "DELETE FROM symbiomap.route_graph; "
                             "CREATE ROLE reader LOGIN; GRANT USAGE ON SCHEMA symbiomap TO reader; "
                             "GRANT SELECT ON ALL TABLES IN SCHEMA symbiomap TO reader;", &error);
    g_assert_no_error (error);
    g_assert_nonnull (at);
    reader = g_strconcat ("postgresql://reader", at, NULL);
    g_assert_cmpint (sm_test_run_cli ("C", &out_db, NULL, "portfolio", reader, "--json", NULL),
                     ==, 0);
    g_clear_pointer (&graph_after, g_free);
    graph_after = kept_graph ("match");
    g_assert_cmpstr (graph_after, ==, "");
    g_assert_cmpint (sm_test_run_cli ("C", &out_file, NULL, "portfolio", uri, "--json", NULL),
                     ==, 0);
    a = sm_test_json_without_name (out_file);
    b = sm_test_json_without_name (out_db);
    g_assert_cmpuint (strlen (a), >, 20);
    g_assert_cmpstr (b, ==, a);
  }
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/match-pg/same-answers", test_same_answers);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
