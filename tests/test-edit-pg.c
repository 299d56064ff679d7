/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Editing on a database address (docs/STORE.md, docs/POSTGRESQL.md
 * "Several planners at once"), against the private server of sm-test-pg.c:
 * the same edits by `symbiomap-cli site`/`flow` and by the SmProject API on
 * the sample as a file and as a database give the same sites, flows,
 * exchanges and history; a deletion put back by sm_project_restore_site()
 * gives back the original; an edit of a row someone else saved meanwhile
 * fails with CONFLICT naming them, and "save mine" saves over it; a file
 * has no versions and is not affected.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sm-pg-edit.h"
#include "sm-project-edit.h"
#include "sm-project-query.h"
#include "sm-project.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

static SmTestPg *server;

/* What the clock and the engine's user say differ from run to run */
static void
strip_node (JsonNode *node)
{
  static const char *const names[] = { "project", "path", "changed_at", "who", "created_at",
                                       "updated_at", "started_at" };

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *o = json_node_get_object (node);
      g_autoptr(GList) members = NULL;

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (json_object_has_member (o, names[i]))
          json_object_remove_member (o, names[i]);
      members = json_object_get_values (o);
      for (GList *l = members; l != NULL; l = l->next)
        strip_node (l->data);
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *a = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (a); i++)
        strip_node (json_array_get_element (a, i));
    }
}

static int
compare_text (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* A site deletion's entries in a fixed order without their edit_ids: the
 * file logs the site first and then the flows its foreign key deletes,
 * PostgreSQL fires the foreign key's cascade first (docs/STORE.md) */
static void
sort_history (JsonNode *root)
{
  JsonArray *history = json_object_get_array_member (json_node_get_object (root), "history");
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  JsonArray *sorted = json_array_new ();

  for (guint i = 0; i < json_array_get_length (history); i++)
    {
      JsonObject *e = json_array_get_object_element (history, i);

      json_object_remove_member (e, "edit_id");
      g_ptr_array_add (texts, json_to_string (json_array_get_element (history, i), FALSE));
    }
  g_ptr_array_sort (texts, compare_text);
  for (guint i = 0; i < texts->len; i++)
    json_array_add_element (sorted, json_from_string (g_ptr_array_index (texts, i), NULL));
  json_object_set_array_member (json_node_get_object (root), "history", sorted);
}

static gboolean sort_histories;

static char *
stripped (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  strip_node (json_parser_get_root (parser));
  if (sort_histories && json_object_has_member (json_node_get_object (json_parser_get_root (parser)),
                                                "history"))
    sort_history (json_parser_get_root (parser));
  json_generator_set_root (generator, json_parser_get_root (parser));
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}

/* A command's JSON, stripped */
static char *
json_of (const char *command,
         const char *project,
         const char *a1,
         const char *a2)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int rc;

  if (g_strcmp0 (command, "site") == 0)
    rc = sm_test_run_cli ("C", &out, &err, "site", "history", project, a1, "--json", NULL);
  else
    rc = sm_test_run_cli ("C", &out, &err, command, project, "--json", a1, a2, NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (rc, ==, 0);
  return stripped (out);
}

static void
assert_same (const char *file,
             const char *uri,
             const char *command,
             const char *a1)
{
  g_autofree char *a = json_of (command, file, a1, NULL);
  g_autofree char *b = json_of (command, uri, a1, NULL);

  g_test_message ("%s %s", command, a1 ? a1 : "");
  /* not an empty answer compared with an empty one */
  g_assert_cmpuint (strlen (a), >, 20);
  g_assert_cmpstr (b, ==, a);
}

/* One CLI edit on both; the id it prints (add) must agree too */
static char *
edit_both (const char *file,
           const char *uri,
           const char *first,
           ...)
{
  const char *args[16] = { 0 };
  g_autofree char *out_file = NULL;
  g_autofree char *out_db = NULL;
  g_autofree char *err_db = NULL;
  va_list ap;
  guint n = 0;

  va_start (ap, first);
  for (const char *a = first; a != NULL && n < G_N_ELEMENTS (args) - 1; a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);
  g_test_message ("edit: %s %s %s", args[0], args[1], args[2] ? args[2] : "");
  /* verb, then PROJECT, then the rest */
  g_assert_cmpint (sm_test_run_cli ("C", &out_file, NULL, args[0], args[1], file, args[2], args[3],
                                    args[4], args[5], args[6], args[7], args[8], args[9], args[10], args[11], args[12], NULL),
                   ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", &out_db, &err_db, args[0], args[1], uri, args[2], args[3],
                                    args[4], args[5], args[6], args[7], args[8], args[9], args[10], args[11], args[12], NULL),
                   ==, 0);
  g_assert_cmpstr (err_db, ==, "");
  if (g_strcmp0 (args[1], "add") == 0)
    g_assert_cmpstr (out_db, ==, out_file);
  return g_strstrip (g_steal_pointer (&out_file));
}

static void
assert_all_same (const char *file,
                 const char *uri,
                 const char *const *history_sites)
{
  assert_same (file, uri, "sites", NULL);
  assert_same (file, uri, "flows", NULL);
  assert_same (file, uri, "exchanges", NULL);
  for (guint i = 0; history_sites[i] != NULL; i++)
    assert_same (file, uri, "site", history_sites[i]);
}

/* The first flow of a site, by the API */
static gint64
first_flow (SmProject *project,
            gint64     site_id)
{
  g_autoptr(GPtrArray) flows = sm_project_list_flows (project, site_id, NULL);

  g_assert_nonnull (flows);
  g_assert_cmpuint (flows->len, >, 0);
  return ((SmFlow *) g_ptr_array_index (flows, 0))->flow_id;
}

/* The same API edits on one project: set exchange, delete and restore */
static void
api_edits (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = sm_project_open (path, &error);
  g_autoptr(GPtrArray) flows = NULL;
  g_autoptr(SmSiteSnapshot) gone = NULL;
  gint64 supply = 0, demand = 0;

  g_assert_no_error (error);
  flows = sm_project_list_flows (project, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < flows->len; i++)
    {
      SmFlow *f = g_ptr_array_index (flows, i);

      if (f->resource != SM_RESOURCE_HEAT)
        continue;
      if (f->direction == SM_DIRECTION_SUPPLY && supply == 0)
        supply = f->flow_id;
      else if (f->direction == SM_DIRECTION_DEMAND && demand == 0)
        demand = f->flow_id;
    }
  g_assert_cmpint (supply, >, 0);
  g_assert_cmpint (demand, >, 0);
  g_assert_true (sm_project_set_exchange (project, supply, demand, SM_STATUS_CONTACTED, "first",
                                          &error));
  g_assert_no_error (error);
  g_assert_true (sm_project_set_exchange (project, supply, demand, SM_STATUS_NEGOTIATING, "second",
                                          &error));
  g_assert_no_error (error);
  g_assert_true (sm_project_move_site (project, 2, 57.05, 9.92, &error));
  g_assert_no_error (error);

  /* the exchanges panel's change of one record, and a setting written twice */
  {
    g_autoptr(GPtrArray) records = sm_project_list_exchange_records (project, -1, &error);
    g_autofree char *value = NULL;
    SmExchangeRecord *last;

    g_assert_no_error (error);
    g_assert_cmpuint (records->len, >, 0);
    last = g_ptr_array_index (records, records->len - 1);
    g_assert_true (sm_project_set_exchange_note (project, last->exchange_id, SM_STATUS_REJECTED,
                                                 "third\nline", &error));
    g_assert_no_error (error);
    g_assert_true (sm_project_set_setting (project, "radius_km_heat", "12", &error));
    g_assert_true (sm_project_set_setting (project, "radius_km_heat", "15", &error));
    g_assert_no_error (error);
    value = sm_project_get_setting (project, "radius_km_heat");
    g_assert_cmpstr (value, ==, "15");
  }
}

/* sm_project_delete_site() and sm_project_restore_site() on one project:
 * its sites, flows and exchanges JSON before and after are the same */
static void
delete_and_restore (const char *path,
                    gint64      site_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = sm_project_open (path, &error);
  g_autoptr(SmSiteSnapshot) gone = NULL;
  g_autofree char *sites = NULL, *flows = NULL, *exchanges = NULL;
  g_autofree char *sites_gone = NULL;
  g_autofree char *sites_after = NULL, *flows_after = NULL, *exchanges_after = NULL;

  g_assert_no_error (error);
  sites = json_of ("sites", path, NULL, NULL);
  flows = json_of ("flows", path, NULL, NULL);
  exchanges = json_of ("exchanges", path, NULL, NULL);
  gone = sm_project_delete_site (project, site_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gone);
  g_assert_cmpuint (gone->flows->len, >, 0);
  sites_gone = json_of ("sites", path, NULL, NULL);
  g_assert_cmpstr (sites_gone, !=, sites);
  g_assert_true (sm_project_restore_site (project, gone, &error));
  g_assert_no_error (error);
  sites_after = json_of ("sites", path, NULL, NULL);
  flows_after = json_of ("flows", path, NULL, NULL);
  exchanges_after = json_of ("exchanges", path, NULL, NULL);
  g_assert_cmpstr (sites_after, ==, sites);
  g_assert_cmpstr (flows_after, ==, flows);
  g_assert_cmpstr (exchanges_after, ==, exchanges);
}

static void
test_same_edits (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *new_site = NULL;
  g_autofree char *new_flow = NULL;
  g_autofree char *flow_text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  gint64 flow_id;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_PLAIN);
  uri = sm_test_pg_new_database (server, "edit");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);

  {
    g_autoptr(SmProject) project = sm_project_open (sample, &error);

    g_assert_no_error (error);
    flow_id = first_flow (project, 1);
  }
  flow_text = g_strdup_printf ("%" G_GINT64_FORMAT, flow_id);

  /* the site and flow commands, on both */
  g_free (edit_both (sample, uri, "site", "set", "1", "--name", "Renamed A/S", "--notes",
                     "Called twice", "--phone", "", NULL));
  g_free (edit_both (sample, uri, "site", "set", "1", "--lat", "57.0481", "--lon", "9.9187",
                     NULL));
  new_site = edit_both (sample, uri, "site", "add", "--name", "Ny Varmecentral", "--lat",
                        "57.04", "--lon", "9.95", "--sector", "District heating", NULL);
  new_flow = edit_both (sample, uri, "flow", "add", new_site, "--direction", "demand",
                        "--resource", "heat", "--amount", "12500", "--temperature", "70", NULL);
  g_free (edit_both (sample, uri, "flow", "set", flow_text, "--amount", "4200,5", "--notes",
                     "measured", NULL));
  g_free (edit_both (sample, uri, "flow", "set", new_flow, "--hours", "8000", NULL));
  g_free (edit_both (sample, uri, "site", "delete", "3", NULL));
  g_free (edit_both (sample, uri, "flow", "delete", new_flow, NULL));

  /* the API's exchange and move, on both */
  api_edits (sample);
  api_edits (uri);
  {
    const char *history[] = { "1", "2", new_site, NULL };

    assert_all_same (sample, uri, history);
  }
  /* the deleted site's: the same entries */
  sort_histories = TRUE;
  assert_same (sample, uri, "site", "3");
  sort_histories = FALSE;

  /* undo of a deletion gives back the original, on both */
  delete_and_restore (sample, 7);
  delete_and_restore (uri, 7);
  sort_histories = TRUE;
  {
    const char *history[] = { "7", NULL };

    assert_all_same (sample, uri, history);
  }
  sort_histories = FALSE;

  /* history of the database names the OS user, as the file's */
  out = json_of ("site", uri, "1", NULL);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sm_test_run_cli ("C", &out, &err, "site", "history", uri, "1", NULL), ==, 0);
  g_assert_nonnull (strstr (out, g_get_user_name ()));

  sm_test_rm_rf (dir);
}

/* Someone else (another connection, user "kari") saves the row */
static void
their_change (const char *database,
              const char *table,
              gint64      id,
              const char *notes)
{
  g_autofree char *sql = g_strdup_printf ("BEGIN; SELECT set_config ('symbiomap.edit_user', 'kari', "
                                          "true); UPDATE symbiomap.%s SET notes = '%s' WHERE %s = "
                                          "%" G_GINT64_FORMAT "; COMMIT;",
                                          table, notes,
                                          g_str_equal (table, "sites") ? "site_id" : "flow_id", id);
  g_autofree char *out = sm_test_pg_query (server, database, sql);
}

static void
test_conflict (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autoptr(SmSite) site = NULL;
  g_autoptr(SmSite) again = NULL;
  g_autoptr(SmFlow) flow = NULL;
  g_autoptr(SmFlow) flow_again = NULL;
  g_autofree char *version = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *flow_text = NULL;
  g_autofree char *stale = NULL;
  gint64 flow_id;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_PLAIN);
  uri = sm_test_pg_new_database (server, "conflict");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);

  /* The API: read, someone else saves, write → CONFLICT naming them */
  project = sm_project_open (uri, &error);
  g_assert_no_error (error);
  site = sm_project_get_site (project, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (site->row_version, >, 0);
  their_change ("conflict", "sites", 1, "theirs");
  g_free (site->notes);
  site->notes = g_strdup ("mine");
  g_assert_false (sm_project_update_site (project, site, &error));
  g_assert_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "kari"));
  g_assert_nonnull (strstr (error->message, "postgres"));
  g_clear_error (&error);
  /* nothing of mine was written; theirs is there */
  again = sm_project_get_site (project, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->notes, ==, "theirs");
  g_assert_cmpint (again->row_version, >, site->row_version);
  /* "Save mine": saved over theirs */
  g_assert_true (sm_project_update_site_force (project, site, &error));
  g_assert_no_error (error);
  g_clear_pointer (&again, sm_site_free);
  again = sm_project_get_site (project, 1, &error);
  g_assert_cmpstr (again->notes, ==, "mine");
  /* and with the version read now, a plain save works again */
  g_free (again->sector);
  again->sector = g_strdup ("Reloaded");
  g_assert_true (sm_project_update_site (project, again, &error));
  g_assert_no_error (error);

  /* a flow alike */
  flow_id = first_flow (project, 2);
  flow = sm_project_get_flow (project, flow_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (flow->row_version, >, 0);
  their_change ("conflict", "flows", flow_id, "theirs");
  flow->amount += 1;
  g_assert_false (sm_project_update_flow (project, flow, &error));
  g_assert_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "kari"));
  g_clear_error (&error);
  g_assert_true (sm_project_update_flow_force (project, flow, &error));
  g_assert_no_error (error);
  flow_again = sm_project_get_flow (project, flow_id, &error);
  g_assert_cmpfloat (flow_again->amount, ==, flow->amount);
  /* mine is the whole record: their note is gone with the rest */
  g_assert_cmpstr (flow_again->notes, ==, flow->notes);

  /* a deleted row: GONE */
  {
    g_autoptr(SmSite) doomed = sm_project_get_site (project, 5, &error);
    g_autofree char *del = NULL;

    g_assert_no_error (error);
    del = sm_test_pg_query (server, "conflict", "DELETE FROM symbiomap.sites WHERE site_id = 5");
    g_assert_false (sm_project_update_site (project, doomed, &error));
    g_assert_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_GONE);
    g_clear_error (&error);
  }

  /* The CLI: set prints the version; --expect-version of an older one fails */
  g_assert_cmpint (sm_test_run_cli ("C", &version, &err, "site", "set", uri, "1", "--notes", "cli",
                                    NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_strstrip (version);
  g_assert_cmpint (g_ascii_strtoll (version, NULL, 10), >, 0);
  their_change ("conflict", "sites", 1, "theirs again");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sm_test_run_cli ("C", &out, &err, "site", "set", uri, "1", "--notes", "cli 2",
                                    "--expect-version", version, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "kari"));
  g_assert_nonnull (strstr (err, "changed this site"));
  g_clear_pointer (&again, sm_site_free);
  again = sm_project_get_site (project, 1, &error);
  g_assert_cmpstr (again->notes, ==, "theirs again");
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sm_test_run_cli ("C", &out, &err, "site", "set", uri, "1", "--notes", "cli 2",
                                    "--expect-version", version, "--force", NULL), ==, 0);
  g_clear_pointer (&again, sm_site_free);
  again = sm_project_get_site (project, 1, &error);
  g_assert_cmpstr (again->notes, ==, "cli 2");
  /* the version it printed is the one to expect next */
  g_clear_pointer (&version, g_free);
  version = g_strdup_printf ("%" G_GINT64_FORMAT, again->row_version);
  g_assert_cmpstr (g_strstrip (out), ==, version);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sm_test_run_cli ("C", &out, NULL, "site", "set", uri, "1", "--notes", "cli 3",
                                    "--expect-version", version, NULL), ==, 0);

  /* a flow by the CLI */
  flow_text = g_strdup_printf ("%" G_GINT64_FORMAT, flow_id);
  stale = g_strdup_printf ("%" G_GINT64_FORMAT, flow_again->row_version);
  their_change ("conflict", "flows", flow_id, "theirs 3");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "flow", "set", uri, flow_text, "--amount",
                                    "7", "--expect-version", stale, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "changed this flow"));

  /* A deletion is checked too: the version the script read, then kari's
   * save, then a delete of that version deletes nothing; --force does */
  {
    g_autoptr(SmSite) seen = sm_project_get_site (project, 2, &error);
    g_autofree char *seen_version = NULL;
    g_autofree char *count = NULL;
    g_autofree char *del_err = NULL;

    g_assert_no_error (error);
    seen_version = g_strdup_printf ("%" G_GINT64_FORMAT, seen->row_version);
    their_change ("conflict", "sites", 2, "kept by kari");
    g_assert_cmpint (sm_test_run_cli ("C", NULL, &del_err, "site", "delete", uri, "2",
                                      "--expect-version", seen_version, NULL), ==, 1);
    g_assert_nonnull (strstr (del_err, "kari"));
    count = sm_test_pg_query (server, "conflict",
                              "SELECT count (*) FROM symbiomap.sites WHERE site_id = 2");
    g_assert_cmpstr (count, ==, "1");
    g_clear_pointer (&count, g_free);
    g_clear_pointer (&del_err, g_free);
    g_assert_cmpint (sm_test_run_cli ("C", NULL, &del_err, "flow", "delete", uri, flow_text,
                                      "--expect-version", stale, NULL), ==, 1);
    g_assert_nonnull (strstr (del_err, "changed this flow"));
    g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "site", "delete", uri, "2",
                                      "--expect-version", seen_version, "--force", NULL), ==, 0);
    count = sm_test_pg_query (server, "conflict",
                              "SELECT count (*) FROM symbiomap.sites WHERE site_id = 2");
    g_assert_cmpstr (count, ==, "0");
  }

  /* A file has no versions: --expect-version changes nothing there */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sm_test_run_cli ("C", &out, NULL, "site", "set", sample, "1", "--notes", "file",
                                    "--expect-version", "99", NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
  {
    g_autoptr(SmProject) file = sm_project_open (sample, &error);
    g_autoptr(SmSite) s = NULL;

    g_assert_no_error (error);
    s = sm_project_get_site (file, 1, &error);
    g_assert_cmpint (s->row_version, ==, 0);
    g_assert_cmpstr (s->notes, ==, "file");
  }
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/edit-pg/same-edits", test_same_edits);
  g_test_add_func ("/edit-pg/conflict", test_conflict);
  rc = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return rc;
}
