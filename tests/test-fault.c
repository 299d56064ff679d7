/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kills `import` and `export` (SIGKILL) at random moments, 20 times each
 * (issue 14): the project afterwards passes PRAGMA integrity_check and
 * holds either what it had or the whole import, never a part of it; an
 * existing GeoPackage is either the old file or the whole new one. The
 * seed is printed; rerun one with --seed.
 */
#include "config.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <ogr_api.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sm-test-cli.h"
#include "sm-test-util.h"

#define N_ROWS 3000
#define N_KILLS 20

typedef struct
{
  int sites, flows, imports, rejected;
  char *integrity;
  char *digest; /* of the user's data: sites, flows, imports */
} State;

static void
state_clear (State *s)
{
  g_clear_pointer (&s->integrity, g_free);
  g_clear_pointer (&s->digest, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (State, state_clear)

static int
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
read_state (const char *path,
            State      *s)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* Read-write, as the next program to open it would: a hot journal or a
   * WAL left by the killed one is recovered here. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  s->integrity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  s->sites = query_int (db, "SELECT count(*) FROM sites");
  s->flows = query_int (db, "SELECT count(*) FROM flows");
  s->imports = query_int (db, "SELECT count(*) FROM imports");
  s->rejected = query_int (db, "SELECT count(*) FROM rejected_rows");
  {
    g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
    const char *sql = "SELECT 's', site_id, name, ext_id, hex (geom) FROM sites UNION ALL "
                      "SELECT 'f', flow_id, direction || resource, amount, site_id FROM flows "
                      "UNION ALL SELECT 'i', import_id, file, rows_read, imported FROM imports "
                      "ORDER BY 1, 2";

    g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      for (int c = 0; c < 5; c++)
        {
          const char *t = (const char *) sqlite3_column_text (stmt, c);
          g_checksum_update (sum, (const guchar *) (t ? t : "\1"), -1);
          g_checksum_update (sum, (const guchar *) "|", 1);
        }
    sqlite3_finalize (stmt);
    s->digest = g_strdup (g_checksum_get_string (sum));
  }
  sqlite3_close (db);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (to, contents, length, NULL));
}

static void
remove_project (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *p = g_strconcat (path, suffixes[i], NULL);
      g_unlink (p);
    }
}

/* Starts the CLI, kills it after @delay_us unless it ended; returns
 * whether it was killed. */
static gboolean
run_and_kill (const char * const *args,
              gulong              delay_us)
{
  int out, err, status = 0;
  GPid pid = sm_cli_spawn (args, &out, &err);
  gboolean killed;
  g_autofree char *o = NULL;
  g_autofree char *e = NULL;

  g_usleep (delay_us);
  killed = kill (pid, SIGKILL) == 0;
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  o = sm_cli_read_fd (out);
  e = sm_cli_read_fd (err);
  g_spawn_close_pid (pid);
  killed = killed && WIFSIGNALED (status);
  if (!killed && (!WIFEXITED (status) || WEXITSTATUS (status) != 0))
    g_error ("%s %s ended with %d without being killed: %s", args[0], args[1], status, e);
  return killed;
}

static char *
make_fixture (const char *dir,
              State      *base)
{
  char *project = g_build_filename (dir, "base.sqlite", NULL);
  g_autofree char *sites = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
  g_autofree char *flows = g_build_filename (SOURCE_SAMPLES_DIR, "flows-da.csv", NULL);
  g_auto (SmCliRun) init = { 0 };
  g_auto (SmCliRun) a = { 0 };
  g_auto (SmCliRun) b = { 0 };

  sm_cli_run (&init, "init", project, NULL);
  g_assert_cmpint (init.status, ==, 0);
  sm_cli_run (&a, "import", project, sites, "--kind", "sites", NULL);
  g_assert_cmpint (a.status, ==, 0);
  sm_cli_run (&b, "import", project, flows, "--kind", "flows", NULL);
  g_assert_cmpint (b.status, ==, 0);
  read_state (project, base);
  g_assert_cmpstr (base->integrity, ==, "ok");
  return project;
}

static void
test_kill_import (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "rows.csv", NULL);
  g_autofree char *work = g_build_filename (dir, "work.sqlite", NULL);
  g_autofree char *base_path = NULL;
  g_auto (State) base = { 0 };
  GString *rows = g_string_new ("name,lat,lon,direction,resource,amount,unit\n");
  guint32 seed = g_test_rand_int ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  int unchanged = 0, whole = 0;

  g_test_message ("random seed %u", seed);
  for (int i = 0; i < N_ROWS; i++)
    g_string_append_printf (rows, "Fault%d,%.5f,%.5f,supply,heat,%d,MWh/yr\n", i,
                            56.0 + (i / 100) * 0.01, 10.0 + (i % 100) * 0.01, 10 + i);
  g_string_append (rows, "Bad,57.0,9.9,supply,heat,lots,MWh/yr\n");
  g_assert_true (g_file_set_contents (csv, rows->str, rows->len, NULL));
  g_string_free (rows, TRUE);
  base_path = make_fixture (dir, &base);

  for (int k = 0; k < N_KILLS; k++)
    {
      const char *args[] = { "import", work, csv, "--kind", "flows", NULL };
      gulong delay = g_rand_int_range (rand, 0, 400000);
      g_auto (State) after = { 0 };

      remove_project (work);
      copy_file (base_path, work);
      run_and_kill (args, delay);
      read_state (work, &after);
      if (g_strcmp0 (after.integrity, "ok") != 0)
        g_error ("kill %d after %lu µs: integrity_check says %s", k, delay, after.integrity);
      if (g_str_equal (after.digest, base.digest))
        unchanged++;
      else if (after.flows == base.flows + N_ROWS && after.sites == base.sites + N_ROWS
               && after.imports == base.imports + 1 && after.rejected == base.rejected + 1)
        whole++;
      else
        g_error ("kill %d after %lu µs left part of an import: %d flows, %d sites (had %d, %d)",
                 k, delay, after.flows, after.sites, base.flows, base.sites);
    }
  g_test_message ("%d kills left the project as it was, %d came after the commit", unchanged,
                  whole);
  sm_test_rm_rf (dir);
}

/* Either the old file, untouched, or a whole GeoPackage with every site */
static void
check_gpkg (const char *path,
            const char *old_contents,
            int         n_sites)
{
  g_autofree char *contents = NULL;
  GDALDatasetH ds;
  OGRLayerH layer;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  if (g_str_equal (contents, old_contents))
    return;
  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  g_assert_nonnull (ds);
  layer = GDALDatasetGetLayerByName (ds, "sites");
  g_assert_nonnull (layer);
  g_assert_cmpint (OGR_L_GetFeatureCount (layer, TRUE), ==, n_sites);
  GDALClose (ds);
}

static void
test_kill_export (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *out = g_build_filename (dir, "out.gpkg", NULL);
  g_autofree char *base_path = NULL;
  g_auto (State) base = { 0 };
  guint32 seed = g_test_rand_int ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  const char *old = "an older export";

  g_test_message ("random seed %u", seed);
  GDALAllRegister ();
  base_path = make_fixture (dir, &base);
  for (int k = 0; k < N_KILLS; k++)
    {
      const char *args[] = { "export", base_path, out, NULL };
      gulong delay = g_rand_int_range (rand, 0, 300000);
      g_auto (State) after = { 0 };

      g_assert_true (g_file_set_contents (out, old, -1, NULL));
      run_and_kill (args, delay);
      check_gpkg (out, old, base.sites);
      /* The export may cache the route graph; the user's data is as it was. */
      read_state (base_path, &after);
      g_assert_cmpstr (after.integrity, ==, "ok");
      g_assert_cmpstr (after.digest, ==, base.digest);
    }
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fault/kill-import", test_kill_import);
  g_test_add_func ("/fault/kill-export", test_kill_export);
  return g_test_run ();
}
