/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The edit log of sites and flows (layers/sm-edit-log.c): edits through
 * the store, through symbiomap-cli and through plain SQL from another
 * program are recorded, with who made them; imports are not, row by row;
 * `site history --json`.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "sm-edit-log.h"
#include "sm-project-edit.h"
#include "sm-test-import.h"
#include "sm-test-util.h"

static SmEditEntry *
entry_at (GPtrArray *history,
          guint      i)
{
  g_assert_cmpuint (i, <, history->len);
  return g_ptr_array_index (history, i);
}

/* The change of @column in @e, or NULL */
static SmEditChange *
change_of (SmEditEntry *e,
           const char  *column)
{
  for (guint i = 0; i < e->changes->len; i++)
    {
      SmEditChange *c = g_ptr_array_index (e->changes, i);

      if (g_str_equal (c->column, column))
        return c;
    }
  return NULL;
}

static gint64
add_dairy (SmProject *project)
{
  SmSite site = { .name = (char *) "Østergaard Mejeri", .sector = (char *) "Dairy",
                  .lat = 57.047, .lon = 10.02 };
  g_autoptr (GError) error = NULL;
  gint64 id = sm_project_add_site (project, &site, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
add_heat (SmProject *project,
          gint64     site_id)
{
  SmFlow flow = { .site_id = site_id, .direction = SM_DIRECTION_SUPPLY,
                  .resource = SM_RESOURCE_HEAT, .amount = 8000, .temperature_c = 70,
                  .hours_per_year = NAN };
  g_autoptr (GError) error = NULL;
  gint64 id = sm_project_add_flow (project, &flow, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_store (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autoptr (SmSite) site = NULL;
  g_autoptr (SmFlow) flow = NULL;
  g_autoptr (SmSiteSnapshot) gone = NULL;
  gint64 site_id = add_dairy (f->project);
  gint64 flow_id;
  SmEditEntry *e;
  SmEditChange *c;

  /* A rename and a move, then a flow's amount */
  site = sm_project_get_site (f->project, site_id, &error);
  g_assert_no_error (error);
  g_free (site->name);
  site->name = g_strdup ("Arla Østergaard");
  site->lat = 57.05;
  g_assert_true (sm_project_update_site (f->project, site, &error));
  g_assert_no_error (error);
  /* Saved unchanged (the form's Save with nothing changed): no entry */
  g_assert_true (sm_project_update_site (f->project, site, &error));
  flow_id = add_heat (f->project, site_id);
  flow = sm_project_get_flow (f->project, flow_id, &error);
  flow->amount = 9500;
  g_assert_true (sm_project_update_flow (f->project, flow, &error));
  g_assert_no_error (error);

  history = sm_project_list_site_history (f->project, site_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 4);

  e = entry_at (history, 0);
  g_assert_false (e->is_flow);
  g_assert_cmpint (e->action, ==, SM_EDIT_LOG_INSERT);
  g_assert_cmpstr (e->who, ==, g_get_user_name ());
  g_assert_null (e->old_values);
  g_assert_cmpstr (change_of (e, "name")->new_value, ==, "Østergaard Mejeri");
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (change_of (e, "lat")->new_value, NULL), 57.047,
                                  1e-9);
  /* An empty field is not listed for a new site */
  g_assert_null (change_of (e, "phone"));

  e = entry_at (history, 1);
  g_assert_cmpint (e->action, ==, SM_EDIT_LOG_UPDATE);
  g_assert_cmpstr (e->who, ==, g_get_user_name ());
  c = change_of (e, "name");
  g_assert_cmpstr (c->old_value, ==, "Østergaard Mejeri");
  g_assert_cmpstr (c->new_value, ==, "Arla Østergaard");
  g_assert_nonnull (change_of (e, "lat"));
  /* Only what changed */
  g_assert_null (change_of (e, "lon"));
  g_assert_null (change_of (e, "sector"));
  g_assert_cmpuint (e->changes->len, ==, 2);

  e = entry_at (history, 2);
  g_assert_true (e->is_flow);
  g_assert_cmpint (e->row_id, ==, flow_id);
  g_assert_cmpint (e->action, ==, SM_EDIT_LOG_INSERT);

  e = entry_at (history, 3);
  g_assert_true (e->is_flow);
  g_assert_cmpint (e->action, ==, SM_EDIT_LOG_UPDATE);
  g_assert_cmpuint (e->changes->len, ==, 1);
  g_assert_cmpfloat (g_ascii_strtod (change_of (e, "amount")->old_value, NULL), ==, 8000);
  g_assert_cmpfloat (g_ascii_strtod (change_of (e, "amount")->new_value, NULL), ==, 9500);
  /* The update names the amount only; the flow's kind is still known */
  g_assert_cmpint (e->direction, ==, SM_DIRECTION_SUPPLY);
  g_assert_cmpint (e->resource, ==, SM_RESOURCE_HEAT);
  g_clear_pointer (&history, g_ptr_array_unref);

  /* Deleting the site deletes its flow: both recorded, and the history
   * outlives the site; putting it back (an undo) is recorded too */
  gone = sm_project_delete_site (f->project, site_id, &error);
  g_assert_no_error (error);
  g_assert_true (sm_project_restore_site (f->project, gone, &error));
  g_assert_no_error (error);
  history = sm_project_list_site_history (f->project, site_id, &error);
  g_assert_cmpuint (history->len, ==, 8);
  g_assert_true (entry_at (history, 4)->is_flow);
  g_assert_cmpint (entry_at (history, 4)->action, ==, SM_EDIT_LOG_DELETE);
  g_assert_false (entry_at (history, 5)->is_flow);
  g_assert_cmpint (entry_at (history, 5)->action, ==, SM_EDIT_LOG_DELETE);
  g_assert_cmpstr (change_of (entry_at (history, 5), "name")->old_value, ==, "Arla Østergaard");
  g_assert_cmpint (entry_at (history, 6)->action, ==, SM_EDIT_LOG_INSERT);
  g_assert_cmpint (entry_at (history, 7)->action, ==, SM_EDIT_LOG_INSERT);
  g_assert_cmpstr (entry_at (history, 7)->who, ==, g_get_user_name ());

  /* Who wrote is gone once each edit is committed */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM edit_context"), ==, 0);
}

/* Another program (sqlite3, QGIS) with neither SpatiaLite nor our
 * functions loaded: renames and deletions still work and are recorded,
 * without a name */
static void
test_plain_sql (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) history = NULL;
  gint64 site_id = add_dairy (f->project);
  gint64 flow_id = add_heat (f->project, site_id);
  g_autofree char *sql = NULL;
  sqlite3 *other = NULL;
  SmEditEntry *e;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &other, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE sites SET phone = '+45 1234', notes = NULL WHERE site_id = %"
                         G_GINT64_FORMAT "; DELETE FROM flows WHERE flow_id = %" G_GINT64_FORMAT,
                         site_id, flow_id);
  g_assert_cmpint (sqlite3_exec (other, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (other);

  history = sm_project_list_site_history (f->project, site_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 4);
  e = entry_at (history, 2);
  g_assert_false (e->is_flow);
  g_assert_null (e->who);
  g_assert_cmpuint (e->changes->len, ==, 1);
  g_assert_null (change_of (e, "phone")->old_value);
  g_assert_cmpstr (change_of (e, "phone")->new_value, ==, "+45 1234");
  e = entry_at (history, 3);
  g_assert_true (e->is_flow);
  g_assert_cmpint (e->action, ==, SM_EDIT_LOG_DELETE);
  g_assert_null (e->who);
  g_assert_cmpint (e->resource, ==, SM_RESOURCE_HEAT);
}

/* An import is one entry of imports, not one edit per row; what it
 * brought can be edited and is recorded from then on */
static void
test_import_not_logged (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GString) sites = g_string_new ("site_id,name,sector,lat,lon\n");
  g_autoptr (GString) flows = g_string_new ("site_id,direction,resource,amount\n");
  g_autofree char *sites_file = NULL;
  g_autofree char *flows_file = NULL;
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (SmImportResult) again = NULL;
  g_autoptr (SmImportResult) flow_result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SmSite) site = NULL;
  g_autoptr (GPtrArray) history = NULL;

  for (int i = 0; i < 60; i++)
    {
      g_string_append_printf (sites, "S%d,Company %d A/S,Industry,%.4f,%.4f\n", i, i,
                              55.0 + i * 0.01, 10.0 + i * 0.01);
      g_string_append_printf (flows, "S%d,supply,heat,%d\n", i, 100 + i);
    }
  sites_file = write_file (f, "sites.csv", sites->str, -1);
  flows_file = write_file (f, "flows.csv", flows->str, -1);
  result = run (f, sites_file, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, 60);
  flow_result = run (f, flows_file, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows"), ==, 60);
  /* The same file again merges into the same sites */
  again = run (f, sites_file, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (count (f->project, "SELECT count(*) FROM edit_log"), ==, 0);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM edit_context"), ==, 0);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM imports"), ==, 3);

  site = sm_project_get_site (f->project, sm_project_find_site_by_ext_id (f->project, "S7", NULL),
                              &error);
  g_assert_no_error (error);
  g_free (site->phone);
  site->phone = g_strdup ("98 76 54 32");
  g_assert_true (sm_project_update_site (f->project, site, &error));
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM edit_log"), ==, 1);
  history = sm_project_list_site_history (f->project, site->site_id, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_cmpstr (entry_at (history, 0)->who, ==, g_get_user_name ());
}

/* A project of the schema before the log is upgraded, and logs at once */
static void
test_upgrade (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.sqlite", NULL);
  g_autoptr (SmProject) old = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autoptr (GError) error = NULL;
  gint64 site_id;

  old = sm_project_create_at_version (path, SM_PROJECT_SCHEMA_VERSION - 1, &error);
  g_assert_no_error (error);
  /* Edits on the old schema work, and have no log to go to */
  site_id = add_dairy (old);
  history = sm_project_list_site_history (old, site_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 0);
  g_clear_object (&old);
  g_clear_pointer (&history, g_ptr_array_unref);

  project = sm_project_open (path, &error);
  g_assert_no_error (error);
  add_heat (project, site_id);
  history = sm_project_list_site_history (project, site_id, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_true (entry_at (history, 0)->is_flow);
  sm_test_rm_rf (dir);
}

/* Runs the CLI; returns its exit status, and its standard output */
static int
run_cli (char       **out,
         const char  *first,
         ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("SYMBIOMAP_CLI");
  va_list ap;
  int status = -1;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL,
                               out ? G_SPAWN_DEFAULT : G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, out,
                               &err, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : WEXITSTATUS (status);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;
  g_autofree char *gone = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) history = NULL;
  JsonObject *root, *entry, *values;
  JsonArray *list;
  gint64 site_id;

  /* The CLI writes the file; the test's own connection only reads */
  site_id = add_dairy (f->project);
  g_assert_cmpint (run_cli (NULL, "site", "set", f->path, "Østergaard Mejeri", "--phone",
                            "+45 98 12 34 56", "--sector", "", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, "flow", "add", f->path, "Østergaard Mejeri", "--direction",
                            "demand", "--resource", "water", "--amount", "12 000", NULL), ==, 0);

  history = sm_project_list_site_history (f->project, site_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpstr (entry_at (history, 1)->who, ==, g_get_user_name ());
  g_assert_cmpstr (change_of (entry_at (history, 1), "sector")->old_value, ==, "Dairy");
  g_assert_null (change_of (entry_at (history, 1), "sector")->new_value);

  /* --json: the log as it is, old and new values as objects */
  g_assert_cmpint (run_cli (&out, "site", "history", f->path, "ostergaard mejeri", "--json", NULL),
                   ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "site_id"), ==, site_id);
  g_assert_cmpstr (json_object_get_string_member (root, "name"), ==, "Østergaard Mejeri");
  list = json_object_get_array_member (root, "history");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);

  entry = json_array_get_object_element (list, 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "insert");
  g_assert_cmpstr (json_object_get_string_member (entry, "table"), ==, "sites");
  g_assert_true (json_object_get_null_member (entry, "old"));
  g_assert_true (json_object_get_null_member (entry, "flow_id"));
  values = json_object_get_object_member (entry, "new");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (values, "lat"), 57.047, 1e-9);

  entry = json_array_get_object_element (list, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "action"), ==, "update");
  g_assert_cmpstr (json_object_get_string_member (entry, "who"), ==, g_get_user_name ());
  g_assert_nonnull (json_object_get_string_member (entry, "changed_at"));
  values = json_object_get_object_member (entry, "old");
  g_assert_true (json_object_get_null_member (values, "phone"));
  g_assert_cmpstr (json_object_get_string_member (values, "sector"), ==, "Dairy");
  g_assert_false (json_object_has_member (values, "name"));
  values = json_object_get_object_member (entry, "new");
  g_assert_cmpstr (json_object_get_string_member (values, "phone"), ==, "+45 98 12 34 56");
  g_assert_true (json_object_get_null_member (values, "sector"));

  entry = json_array_get_object_element (list, 2);
  g_assert_cmpstr (json_object_get_string_member (entry, "table"), ==, "flows");
  g_assert_cmpint (json_object_get_int_member (entry, "flow_id"), ==,
                   json_object_get_int_member (entry, "row_id"));
  values = json_object_get_object_member (entry, "new");
  g_assert_cmpstr (json_object_get_string_member (values, "resource"), ==, "water");
  g_assert_cmpfloat (json_object_get_double_member (values, "amount"), ==, 12000);

  /* In words, for a person */
  g_assert_cmpint (run_cli (&text, "site", "history", f->path, "Østergaard Mejeri", NULL), ==, 0);
  g_assert_nonnull (strstr (text, "Phone: — → +45 98 12 34 56"));
  g_assert_nonnull (strstr (text, "Flow added: Demand · Water"));

  /* A deleted site, by its number */
  g_assert_cmpint (run_cli (NULL, "site", "delete", f->path, "Østergaard Mejeri", NULL), ==, 0);
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, site_id);

    g_assert_cmpint (run_cli (&gone, "site", "history", f->path, number, NULL), ==, 0);
    g_assert_nonnull (strstr (gone, "Site deleted: Østergaard Mejeri"));
    g_assert_cmpint (run_cli (NULL, "site", "history", f->path, "999", NULL), ==, 1);
  }
  g_assert_cmpint (run_cli (NULL, "site", "history", f->path, NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  /* The words are tested in English */
  g_setenv ("LANGUAGE", "C", TRUE);
  sm_test_import_init (&argc, &argv);
  sm_test_import_add ("/edit-log/store", test_store);
  sm_test_import_add ("/edit-log/plain-sql", test_plain_sql);
  sm_test_import_add ("/edit-log/import-not-logged", test_import_not_logged);
  g_test_add_func ("/edit-log/upgrade", test_upgrade);
  sm_test_import_add ("/edit-log/cli", test_cli);
  return g_test_run ();
}
