/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two `symbiomap-cli import` processes into the same database at the same
 * time (docs/POSTGRESQL.md, "Imports at the same time"), against the
 * private server of sm-test-pg.c:
 *
 * - each imports a sites file of 3 000 new sites under keys of its own,
 *   then a flows file of one flow for each of its sites by key: all 6 000
 *   sites and flows are kept, with no error, each flow on its own site
 *   and each site with its own import;
 * - both import the same 300 new sites (the same keys), as sites and as
 *   the sites of flows rows: the imports take turns, so the second finds
 *   the first's sites and merges into them, as if run one after the
 *   other: 300 sites, none twice.
 *
 * Each case runs once on the row-by-row path and once on the COPY path
 * (SYMBIOMAP_PG_COPY_MIN_ROWS, docs/POSTGRESQL.md).
 *
 * And a large sites import (past the 20 000 rows from which the import
 * keeps its keys in memory) into an empty database, with a small one at
 * the same time: the large one sets aside the indexes, the foreign key
 * and the edit log trigger of sites (sm-project-pg-copy.c) and puts them
 * back; every row of both is kept, a site named twice in the large file
 * is merged, and the tables are as `init` made them.
 *
 * And an import waiting for another's lock stops waiting when cancelled,
 * with nothing written, and goes through once the lock is free.
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "sm-import.h"
#include "sm-pg-schema.h"
#include "sm-project.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

#define N_SITES 3000
#define N_SHARED 300

static SmTestPg *server;

typedef enum
{
  SITES,           /* sites "PREFIX-i" with a location */
  FLOWS_BY_KEY,    /* one flow for each site "PREFIX-i", by its key */
  FLOWS_NEW_SITES, /* one flow for each, with the site's name and location */
} FileKind;

static char *
write_file (const char *dir,
            const char *prefix,
            FileKind    kind,
            int         n)
{
  static const char *what[] = { "sites", "flows", "flows" };
  g_autofree char *name = g_strdup_printf ("%s-%s.csv", what[kind], prefix);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append (text, kind == SITES ? "site_id,name,lat,lon\n"
                         : kind == FLOWS_BY_KEY ? "site_id,direction,resource,amount,unit,notes\n"
                         : "site_id,name,lat,lon,direction,resource,amount,unit,notes\n");
  for (int i = 0; i < n; i++)
    {
      g_string_append_printf (text, "%s-%d", prefix, i);
      if (kind != FLOWS_BY_KEY)
        g_string_append_printf (text, ",%s company %d,%.6f,%.6f", prefix, i, 55.0 + (i % 100) * 0.01,
                                10.0 + (i / 100) * 0.01);
      if (kind != SITES)
        g_string_append_printf (text, ",supply,heat,%d,MWh/yr,%s-%d", i + 1, prefix, i);
      g_string_append_c (text, '\n');
    }
  g_assert_true (g_file_set_contents (path, text->str, -1, NULL));
  return path;
}

static GSubprocess *
spawn_import (const char *uri,
              const char *file,
              const char *kind,
              const char *copy_min_rows)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  g_subprocess_launcher_setenv (launcher, "SYMBIOMAP_PG_COPY_MIN_ROWS", copy_min_rows, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("SYMBIOMAP_CLI"), "import", uri,
                                      file, "--kind", kind, NULL);
  g_assert_no_error (error);
  return proc;
}

static void wait_for_import_lock (const char *db);

/* Both at once; both must succeed with nothing on standard error. With
 * @db, the second starts once the first holds the import lock. */
static void
import_both (const char *uri,
             const char *file_a,
             const char *file_b,
             const char *kind,
             const char *copy_min_rows,
             const char *db)
{
  GSubprocess *procs[2] = { spawn_import (uri, file_a, kind, copy_min_rows), NULL };

  if (db != NULL)
    wait_for_import_lock (db);
  procs[1] = spawn_import (uri, file_b, kind, copy_min_rows);

  for (int i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;

      g_subprocess_communicate_utf8 (procs[i], NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);
      g_test_message ("import %d: %s", i, err);
      g_assert_true (g_subprocess_get_if_exited (procs[i]));
      g_assert_cmpint (g_subprocess_get_exit_status (procs[i]), ==, 0);
      g_assert_cmpstr (err, ==, "");
      g_object_unref (procs[i]);
    }
}

static void
wait_for_import_lock (const char *db)
{
  for (int i = 0; i < 600; i++)
    {
      g_autofree char *n = sm_test_pg_query (server, db,
                                             "SELECT count (*) FROM pg_locks "
                                             "WHERE locktype = 'advisory' AND granted");

      if (g_str_equal (n, "1"))
        return;
      g_usleep (50000);
    }
  g_assert_not_reached ();
}

static void
assert_query (const char *db,
              const char *sql,
              const char *expected)
{
  g_autofree char *got = sm_test_pg_query (server, db, sql);

  g_test_message ("%s -> %s", sql, got);
  g_assert_cmpstr (got, ==, expected);
}

static void
run_case (gconstpointer data)
{
  const char *copy_min_rows = data;
  g_autofree char *dir = NULL;
  g_autofree char *db = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *shared = NULL;
  g_autofree char *expect = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  db = g_strdup_printf ("conc%s", copy_min_rows);
  uri = sm_test_pg_new_database (server, db);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", uri, NULL), ==, 0);
  a = write_file (dir, "A", SITES, N_SITES);
  b = write_file (dir, "B", SITES, N_SITES);
  import_both (uri, a, b, "sites", copy_min_rows, NULL);
  g_free (a);
  g_free (b);
  a = write_file (dir, "A", FLOWS_BY_KEY, N_SITES);
  b = write_file (dir, "B", FLOWS_BY_KEY, N_SITES);
  import_both (uri, a, b, "flows", copy_min_rows, NULL);

  expect = g_strdup_printf ("%d", 2 * N_SITES);
  assert_query (db, "SELECT count (*) FROM symbiomap.sites", expect);
  assert_query (db, "SELECT count (*) FROM symbiomap.flows", expect);
  assert_query (db, "SELECT count (DISTINCT ext_id) FROM symbiomap.sites", expect);
  /* each flow on the site its row named */
  assert_query (db, "SELECT count (*) FROM symbiomap.flows f JOIN symbiomap.sites s USING (site_id) "
                    "WHERE f.notes = s.ext_id AND s.name = replace (s.ext_id, '-', ' company ')",
                expect);
  /* each site and flow with the import that wrote it, one import per file */
  assert_query (db, "SELECT count (*) FROM symbiomap.sites s JOIN symbiomap.imports i USING (import_id) "
                    "WHERE i.file LIKE '%sites-' || left (s.ext_id, 1) || '.csv'",
                expect);
  assert_query (db, "SELECT count (*) FROM symbiomap.flows f JOIN symbiomap.imports i USING (import_id) "
                    "WHERE i.file LIKE '%flows-' || left (f.notes, 1) || '.csv'",
                expect);
  assert_query (db, "SELECT count (*) FROM symbiomap.imports", "4");
  /* the ids the server gave are those the rows carry */
  assert_query (db, "SELECT max (site_id) <= last_value FROM symbiomap.sites, "
                    "symbiomap.sites_site_id_seq GROUP BY last_value",
                "t");

  /* the same new sites from both at once: one of each */
  for (FileKind kind = SITES; kind <= FLOWS_NEW_SITES; kind += 2)
    {
      g_autofree char *shared2 = g_build_filename (dir, "shared-again.csv", NULL);
      g_autofree char *text = NULL;

      g_free (shared);
      shared = write_file (dir, "S", kind, N_SHARED);
      g_assert_true (g_file_get_contents (shared, &text, NULL, NULL));
      g_assert_true (g_file_set_contents (shared2, text, -1, NULL));
      import_both (uri, shared, shared2, kind == SITES ? "sites" : "flows", copy_min_rows, NULL);
    }
  g_free (expect);
  expect = g_strdup_printf ("%d", N_SHARED);
  assert_query (db, "SELECT count (*) FROM symbiomap.sites WHERE ext_id LIKE 'S-%'", expect);
  assert_query (db, "SELECT count (DISTINCT site_id) FROM symbiomap.flows f JOIN symbiomap.sites s "
                    "USING (site_id) WHERE s.ext_id LIKE 'S-%'",
                expect);
  g_free (expect);
  expect = g_strdup_printf ("%d", 2 * N_SHARED);
  assert_query (db, "SELECT count (*) FROM symbiomap.flows f JOIN symbiomap.sites s USING (site_id) "
                    "WHERE s.ext_id LIKE 'S-%' AND f.notes = s.ext_id",
                expect);
  sm_test_rm_rf (dir);
}

/* What `init` made of sites: indexes, constraints, triggers */
static char *
sites_shape (const char *db)
{
  return sm_test_pg_query (server, db,
                           "SELECT string_agg (x, ' ' ORDER BY x) FROM ("
                           "SELECT indexdef AS x FROM pg_indexes WHERE schemaname = 'symbiomap' "
                           "AND tablename = 'sites' UNION ALL "
                           "SELECT conname || pg_get_constraintdef (oid) FROM pg_constraint "
                           "WHERE conrelid = 'symbiomap.sites'::regclass UNION ALL "
                           "SELECT tgname || tgenabled::text FROM pg_trigger "
                           "WHERE tgrelid = 'symbiomap.sites'::regclass AND NOT tgisinternal) AS t");
}

static void
test_large (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *large = NULL;
  g_autofree char *small = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *expect = NULL;
  const int n = 20100;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  uri = sm_test_pg_new_database (server, "large");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", uri, NULL), ==, 0);
  before = sites_shape ("large");
  large = write_file (dir, "L", SITES, n);
  /* the last site again under another key, 10 m away: merged by name */
  {
    g_autofree char *text = NULL;
    g_autoptr(GString) more = NULL;

    g_assert_true (g_file_get_contents (large, &text, NULL, NULL));
    more = g_string_new (text);
    g_string_append_printf (more, "X-1,L company %d,%.6f,%.6f\n", n - 1,
                            55.0 + ((n - 1) % 100) * 0.01 + 0.0001, 10.0 + ((n - 1) / 100) * 0.01);
    g_assert_true (g_file_set_contents (large, more->str, -1, NULL));
  }
  small = write_file (dir, "M", SITES, 50);
  /* the large one first, so that it finds the table empty */
  import_both (uri, large, small, "sites", "1000", "large");

  expect = g_strdup_printf ("%d", n + 50);
  assert_query ("large", "SELECT count (*) FROM symbiomap.sites", expect);
  g_free (expect);
  expect = g_strdup_printf ("%d", n);
  assert_query ("large", "SELECT count (*) FROM symbiomap.sites WHERE name LIKE 'L %'", expect);
  assert_query ("large", "SELECT count (*) FROM symbiomap.sites WHERE ext_id = 'X-1'", "0");
  assert_query ("large", "SELECT count (*) FROM symbiomap.edit_log", "0");
  assert_query ("large", "SELECT count (DISTINCT import_id) FROM symbiomap.sites", "2");
  /* the identity goes on after the ids the COPY gave */
  assert_query ("large", "SELECT max (site_id) < nextval (pg_get_serial_sequence ('symbiomap.sites', "
                         "'site_id')) FROM symbiomap.sites",
                "t");
  after = sites_shape ("large");
  g_test_message ("%s", after);
  g_assert_cmpstr (after, ==, before);
  /* and the indexes are used again */
  {
    g_autofree char *plan = sm_test_pg_query (server, "large",
                                              "SET enable_seqscan = off; EXPLAIN SELECT 1 "
                                              "FROM symbiomap.sites WHERE name = 'L company 7'");

    g_assert_nonnull (strstr (plan, " sites_name "));
  }
  sm_test_rm_rf (dir);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (G_USEC_PER_SEC / 2);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel_wait (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) other = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autoptr(SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SmImportResult *result;
  GThread *thread;
  gint64 start;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  uri = sm_test_pg_new_database (server, "cancelwait");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", uri, NULL), ==, 0);
  csv = write_file (dir, "C", SITES, 20);

  /* another import, as far as the lock goes, that does not end */
  other = sm_pg_connect (uri, &error);
  g_assert_no_error (error);
  g_assert_true (sm_pg_exec (other, "BEGIN; SELECT pg_advisory_xact_lock (hashtext ('symbiomap.import'))",
                             "%s", &error));
  g_assert_no_error (error);

  project = sm_project_open (uri, &error);
  g_assert_no_error (error);
  thread = g_thread_new ("cancel", cancel_later, cancellable);
  start = g_get_monotonic_time ();
  result = sm_import_run (project, csv, options, NULL, NULL, cancellable, &error);
  g_thread_join (thread);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  /* it waited, and stopped soon after the cancel */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  assert_query ("cancelwait", "SELECT count (*) FROM symbiomap.imports", "0");

  /* the lock free again: the same project imports */
  g_assert_true (sm_pg_exec (other, "ROLLBACK", "%s", &error));
  result = sm_import_run (project, csv, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_import_result_count_imported (result), ==, 20);
  sm_import_result_free (result);
  assert_query ("cancelwait", "SELECT count (*) FROM symbiomap.sites", "20");
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  /* row by row (no file is that large), then every row through COPY */
  g_test_add_data_func ("/import-pg-concurrent/row-by-row", "1000000000", run_case);
  g_test_add_data_func ("/import-pg-concurrent/copy", "0", run_case);
  g_test_add_func ("/import-pg-concurrent/large", test_large);
  g_test_add_func ("/import-pg-concurrent/cancel-wait", test_cancel_wait);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
