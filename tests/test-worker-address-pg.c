/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's workers (export, import, matches, portfolio) open the
 * project again on a connection of their own. On a shared database that
 * asks for a password they must be given it: sm_project_get_path() is
 * the address without its password (the one to show), and opening that
 * is refused. The private server is told to ask one role for its password
 * (scram-sha-256 in pg_hba.conf, written through COPY by the superuser,
 * then reloaded); the project opened with the password gives its workers
 * sm_project_dup_open_address(), which opens, and an export and a
 * portfolio built in workers succeed. Nothing shown holds the password.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sm-export.h"
#include "sm-portfolio.h"
#include "sm-project.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

#define PASSWORD "s3:cr@t/pw"

static SmTestPg *server;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Only anna must give her password; postgres stays trusted (the harness) */
static void
ask_anna_for_password (const char *database)
{
  g_autofree char *hba = sm_test_pg_query (server, database, "SHOW hba_file");
  g_autofree char *sql = NULL;

  g_free (sm_test_pg_query (server, database,
                            "CREATE ROLE anna LOGIN SUPERUSER PASSWORD '" PASSWORD "'"));
  sql = g_strdup_printf ("CREATE TEMP TABLE hba (line text); "
                         "INSERT INTO hba VALUES ('local all anna scram-sha-256'), "
                         "('local all all trust'); "
                         "COPY hba TO '%s'; SELECT pg_reload_conf ()", hba);
  g_free (sm_test_pg_query (server, database, sql));
}

static void
test_workers_get_the_password (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autoptr(SmProject) shown = NULL;
  g_autoptr(SmProject) again = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *anna = NULL;
  g_autofree char *gpkg = NULL;
  g_autofree char *stem = NULL;
  g_autoptr(GAsyncResult) exported = NULL;
  g_autoptr(GAsyncResult) built = NULL;
  g_autoptr(SmPortfolio) portfolio = NULL;
  SmExportOptions options = { NULL, SM_EXPORT_ALL, 0, 0 };
  SmExportCounts counts = { 0 };
  char *address;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK);
  uri = sm_test_pg_new_database (server, "region");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);
  ask_anna_for_password ("region");

  /* the password percent-escaped in the address, as the Connect dialog
   * writes it */
  anna = g_strdup_printf ("postgresql://anna:%s@/region?host=%s", "s3%3Acr%40t%2Fpw",
                          sm_test_pg_get_socket_dir (server));
  project = sm_project_open (anna, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (sm_project_get_path (project), "cr@t"));
  g_assert_null (strstr (sm_project_get_path (project), "s3%3A"));

  /* the address shown is refused: this is what the workers were given */
  shown = sm_project_open (sm_project_get_path (project), &error);
  g_assert_null (shown);
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "cr@t"));
  g_clear_error (&error);

  /* the workers' address opens */
  address = sm_project_dup_open_address (project);
  again = sm_project_open (address, &error);
  g_assert_no_error (error);
  g_assert_true (sm_project_is_shared (again));
  g_clear_object (&again);

  /* an export and a portfolio, each in a worker of its own */
  gpkg = g_build_filename (dir, "region.gpkg", NULL);
  sm_export_run_async (address, gpkg, &options, NULL, NULL, NULL, on_done, &exported);
  sm_portfolio_build_async (address, NULL, NULL, on_done, &built);
  sm_project_free_open_address (address);
  g_assert_true (sm_export_run_finish (wait_for (&exported), &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.sites, >, 0);
  g_assert_true (g_file_test (gpkg, G_FILE_TEST_EXISTS));
  portfolio = sm_portfolio_build_finish (wait_for (&built), &error);
  g_assert_no_error (error);
  g_assert_nonnull (portfolio);

  /* the name files are made from is the database's, not "region?host=…" */
  stem = sm_project_dup_stem (project);
  g_assert_cmpstr (stem, ==, "region");
  sm_test_rm_rf (dir);
}

static void
test_file_address (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "Kalundborg.sqlite", NULL);
  g_autofree char *stem = NULL;
  char *address;

  project = sm_project_create (path, &error);
  g_assert_no_error (error);
  address = sm_project_dup_open_address (project);
  g_assert_cmpstr (address, ==, sm_project_get_path (project));
  sm_project_free_open_address (address);
  stem = sm_project_dup_stem (project);
  g_assert_cmpstr (stem, ==, "Kalundborg");
  g_clear_object (&project);
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/worker-address-pg/password", test_workers_get_the_password);
  g_test_add_func ("/worker-address-pg/file", test_file_address);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
