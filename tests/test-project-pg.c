/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project opened from a database address (docs/STORE.md), against the
 * private server of sm-test-pg.c: the sample project copied into a
 * database reads back through `info`, `sites`, `sites --search`, `flows`,
 * `flows --site` and `exchanges` exactly as the file does (JSON compared
 * but for the project's name); a database without a Symbiomap schema is
 * refused clearly, and every command that opens a project takes an address.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "sm-db.h"
#include "sm-project.h"
#include "sm-project-query.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

static SmTestPg *server;

static void
test_reads_as_file (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  /* command, then its options after the project; a name in other case
   * and with æøå than the sample writes it */
  const char *runs[][4] = {
    { "info", NULL },
    { "sites", NULL },
    { "sites", "--search", "ØSTHAVNENS", NULL },
    { "sites", "--search", "grøn", NULL },
    { "flows", NULL },
    { "flows", "--site", "2", NULL },
    { "flows", "--site", "AAL-01", NULL },
    { "exchanges", "--status", "idea", NULL },
    { "exchanges", NULL },
  };

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK | SM_TEST_SAMPLE_REJECTED_ROW);
  uri = sm_test_pg_new_database (server, "reads");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      const char **r = runs[i];
      g_autofree char *out_file = NULL;
      g_autofree char *out_db = NULL;
      g_autofree char *err_db = NULL;
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      int rc;

      g_assert_cmpint (sm_test_run_cli ("C", &out_file, NULL, r[0], sample, "--json",
                                        r[1], r[2], NULL), ==, 0);
      rc = sm_test_run_cli ("C", &out_db, &err_db, r[0], uri, "--json", r[1], r[2], NULL);
      g_assert_cmpstr (err_db, ==, "");
      g_assert_cmpint (rc, ==, 0);
      a = sm_test_json_without_name (out_file);
      b = sm_test_json_without_name (out_db);
      /* not an empty answer compared with an empty one */
      g_assert_cmpuint (strlen (a), >, 20);
      g_assert_cmpstr (b, ==, a);
    }
  sm_test_rm_rf (dir);
}

/* The API on a database: no SQLite handle, the address as the path, and
 * what still needs the file says so instead of crashing */
static void
test_open_api (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *value = NULL;
  g_autofree char *with_password = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK | SM_TEST_SAMPLE_REJECTED_ROW);
  uri = sm_test_pg_new_database (server, "api");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);

  /* the server trusts its socket: the password is there only to be kept
   * out of the project's name */
  with_password = g_strconcat (uri, strchr (uri, '?') ? "&" : "?", "password=s3cret", NULL);
  project = sm_project_open (with_password, &error);
  g_assert_no_error (error);
  g_assert_true (sm_project_is_shared (project));
  g_assert_null (sm_project_get_db (project));
  g_assert_nonnull (sm_project_get_path (project));
  g_assert_null (strstr (sm_project_get_path (project), "s3cret"));
  g_assert_cmpint (sm_project_get_schema_version (project), ==, SM_PROJECT_SCHEMA_VERSION);

  found = sm_project_search_sites (project, "rørdal", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((SmSite *) g_ptr_array_index (found, 0))->name, ==,
                   "Rørdal Betonelementer A/S");

  /* a name written without its folded form (another program) is found */
  g_assert_true (sm_project_exec (project, "UPDATE sites SET name = 'ÆBLEHAVEN Ørsted', "
                                           "name_folded = NULL WHERE site_id = 3", &error));
  g_assert_no_error (error);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = sm_project_search_sites (project, "æblehaven", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (((SmSite *) g_ptr_array_index (found, 0))->site_id, ==, 3);

  /* a user who may only read still finds a name not folded yet (by its
   * ASCII letters in lower case: docs/STORE.md) */
  {
    g_autofree char *out = NULL;
    g_autofree char *reader = NULL;
    g_autoptr(SmProject) read_only = NULL;
    g_autoptr(GPtrArray) read_found = NULL;
    const char *at = strchr (uri, '@');

    g_assert_true (sm_project_exec (project, "UPDATE sites SET name = 'Vestre HAVNEVÆRK', "
                                             "name_folded = NULL WHERE site_id = 4", &error));
    g_assert_no_error (error);
    out = sm_test_pg_psql (server, "api",
                           "CREATE ROLE reader LOGIN; GRANT USAGE ON SCHEMA symbiomap TO reader; "
                           "GRANT SELECT ON ALL TABLES IN SCHEMA symbiomap TO reader;", &error);
    g_assert_no_error (error);
    g_assert_nonnull (at);
    reader = g_strconcat ("postgresql://reader", at, NULL);
    read_only = sm_project_open (reader, &error);
    g_assert_no_error (error);
    read_found = sm_project_search_sites (read_only, "VESTRE havne", 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (read_found->len, ==, 1);
    g_assert_cmpint (((SmSite *) g_ptr_array_index (read_found, 0))->site_id, ==, 4);
  }

  value = sm_project_get_setting (project, "no such setting");
  g_assert_null (value);

  {
    SmFlow *flow = sm_project_get_flow (project, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (flow->flow_id, ==, 1);
    sm_flow_free (flow);
  }

  /* what still needs the file says so */
  g_assert_false (sm_project_require_file (project, &error));
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "not available on a shared database yet"));
  g_clear_error (&error);
  /* (an import of sites or flows works on a database: test-import-pg.c) */

  /* and a file is a file */
  {
    g_autoptr(SmProject) file = sm_project_open (sample, &error);

    g_assert_no_error (error);
    g_assert_false (sm_project_is_shared (file));
    g_assert_nonnull (sm_project_get_db (file));
    g_assert_true (sm_project_require_file (file, &error));
    g_assert_no_error (error);
  }

  /* the change stamp of a database: others' commits come by NOTIFY
   * (data_version stays 0); this connection's own writes are counted */
  {
    gint64 dv = -1, tc = -1;

    sm_project_get_change_stamp (project, &dv, &tc);
    g_assert_cmpint (dv, ==, 0);
    g_assert_cmpint (tc, ==, sm_db_total_changes (sm_project_get_store (project)));
    g_assert_cmpint (tc, >, 0);
  }
  sm_test_rm_rf (dir);
}

static void
test_every_command (void)
{
  g_autofree char *empty = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err_da = NULL;
  g_autofree char *err_match = NULL;
  g_autofree char *out = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  /* PostGIS but no schema symbiomap */
  empty = sm_test_pg_new_database (server, "empty");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "info", empty, NULL), !=, 0);
  g_assert_nonnull (strstr (err, "holds no Symbiomap project"));
  g_assert_nonnull (strstr (err, "symbiomap-cli init ADDRESS"));
  g_assert_cmpint (sm_test_run_cli ("da", NULL, &err_da, "sites", empty, NULL), !=, 0);
  g_assert_nonnull (strstr (err_da, "indeholder intet Symbiomap-projekt"));

  /* every command that opens a project takes an address: those refused
   * until now open it (their results: test-edit-pg.c, test-export-pg.c) */
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK | SM_TEST_SAMPLE_REJECTED_ROW);
  uri = sm_test_pg_new_database (server, "every-command");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", &out, &err_match, "site", "history", uri, "1", NULL),
                   ==, 0);
  g_assert_null (strstr (err_match, "shared database"));
  g_assert_cmpuint (strlen (out), >, 0);
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/project-pg/reads-as-file", test_reads_as_file);
  g_test_add_func ("/project-pg/open-api", test_open_api);
  g_test_add_func ("/project-pg/every-command", test_every_command);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
