/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer's promise that a failed, cancelled, strict or killed
 * import leaves the project as it was; and the import in a thread.
 */
#include "config.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <signal.h>
#include <sys/wait.h>

#include "sm-import.h"
#include "sm-test-import.h"
#include "sm-test-util.h"

/* Files that cannot be read change nothing. */
static void
test_unreadable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.csv", NULL);
  g_autofree char *garbage = write_file (f, "garbage.geojson", "{\"type\": \"FeatureCollection\", \"feat", -1);
  g_autofree char *empty = write_file (f, "empty.csv", "", 0);
  g_autofree char *header_only = write_file (f, "header.csv", "id;name;lat;lon\n", -1);
  g_autofree char *binary = write_file (f, "photo.csv", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  g_autofree char *sample = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
  g_autofree char *truncated = NULL;
  g_autofree char *before = NULL;
  g_autofree char *text = NULL;
  gsize len;
  const char *files[6];

  import_sample_sites (f);
  before = state (f->project);

  g_file_get_contents (sample, &text, &len, NULL);
  truncated = write_file (f, "truncated.geojson", text, len / 2);

  files[0] = missing;
  files[1] = garbage;
  files[2] = empty;
  files[3] = header_only;
  files[4] = truncated;
  files[5] = binary;
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SmImportResult) result = run (f, files[i], SM_IMPORT_KIND_SITES, NULL, &error);
      g_autofree char *after = state (f->project);
      g_autofree char *base = g_path_get_basename (files[i]);

      g_test_message ("%s: %s", files[i], error ? error->message : "(no error)");
      g_assert_null (result);
      g_assert_true (error != NULL && error->domain == SM_IMPORT_ERROR);
      g_assert_nonnull (strstr (error->message, base));
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_strict (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = write_file (f, "strict.csv",
                                      "id,name,lat,lon\nK1,Good,57.1,9.9\nK2,,57.2,9.9\n", -1);
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  g_autoptr (SmImportResult) result = NULL;
  int sites_before;

  import_sample_sites (f);
  sites_before = count (f->project, "SELECT count(*) FROM sites");
  options->strict = TRUE;
  result = sm_import_run (f->project, file, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->rolled_back);
  g_assert_cmpint (sm_import_result_count_imported (result), ==, 0);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, sites_before);
  /* The attempt is recorded, with its rejected row. */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM imports WHERE file LIKE '%strict.csv' "
                                      "AND imported = 0 AND rejected = 1"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM rejected_rows WHERE row = 3"), ==, 1);
}

static char *
write_big_sites (Fixture    *f,
                 const char *name,
                 int         n)
{
  char *path = g_build_filename (f->dir, name, NULL);
  FILE *out = fopen (path, "w");

  g_assert_nonnull (out);
  fputs ("site_id,name,lat,lon\n", out);
  for (int i = 0; i < n; i++)
    fprintf (out, "B%d,Company %d,%.6f,%.6f\n", i, i, 54.5 + (i % 1000) * 0.003,
             8.1 + (i / 1000 % 1000) * 0.005);
  fclose (out);
  return path;
}

static void
cancel_at_half (double   fraction,
                gpointer user_data)
{
  if (fraction > 0.5)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = write_big_sites (f, "big.csv", 5000);
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (SmImportResult) result = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_sample_sites (f);
  before = state (f->project);
  result = sm_import_run (f->project, file, options, cancel_at_half, cancellable, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  after = state (f->project);
  g_assert_cmpstr (before, ==, after);
}

static void
on_async_done (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  SmImportResult **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = sm_import_run_finish (res, &error);
  g_assert_no_error (error);
}

static void
count_progress (double   fraction,
                gpointer user_data)
{
  double *last = user_data;

  g_assert_true (fraction >= 0 && fraction <= 1);
  *last = fraction;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *file = write_big_sites (f, "async.csv", 3000);
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  SmImportResult *result = NULL;
  double last = -1;

  sm_import_run_async (f->path, file, options, count_progress, &last, NULL, on_async_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (sm_import_result_count_imported (result), ==, 3000);
  /* The main connection sees what the thread's connection committed. */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, 3000);
  sm_import_result_free (result);
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : 0;
}

/* A kill -9 half-way through an import leaves the project as it was:
 * the CLI imports a large file, and is killed once its uncommitted pages
 * have started to reach the disk. */
static void
test_kill (Fixture       *f,
           gconstpointer  data)
{
  const char *cli = g_getenv ("SYMBIOMAP_CLI");
  g_autofree char *file = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) reopened = NULL;
  const char *argv[8];
  g_auto (GStrv) env = NULL;
  GPid pid;
  int status;
  gboolean killed = FALSE;
  goffset start_size;

  if (cli == NULL)
    {
      g_test_skip ("SYMBIOMAP_CLI is not set");
      return;
    }
  import_sample_sites (f);
  before = state (f->project);
  g_clear_object (&f->project);
  file = write_big_sites (f, "huge.csv", 300000);

  argv[0] = cli;
  argv[1] = "import";
  argv[2] = f->path;
  argv[3] = file;
  argv[4] = "--kind";
  argv[5] = "sites";
  argv[6] = NULL;
  start_size = file_size (f->path);
  /* A small page cache: the import's uncommitted pages reach the disk
   * early and steadily, however fast or slow the machine */
  env = g_environ_setenv (g_get_environ (), "SYMBIOMAP_IMPORT_CACHE_KIB", "512", TRUE);
  g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                 NULL, NULL, &pid, &error);
  g_assert_no_error (error);

  /* Until the log grows, however slow the build (sanitizers): meson's
   * timeout bounds the wait. */
  for (gint64 end = g_get_monotonic_time () + 600 * G_USEC_PER_SEC; g_get_monotonic_time () < end;)
    {
      /* Uncommitted pages spill into the log (WAL) or, under a rollback
       * journal, into the file itself. */
      if (file_size (wal) > 2 * 1024 * 1024 || file_size (f->path) > start_size + 2 * 1024 * 1024)
        {
          kill (pid, SIGKILL);
          killed = TRUE;
          break;
        }
      if (waitpid (pid, &status, WNOHANG) == pid)
        break;
      g_usleep (500);
    }
  if (killed)
    waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  /* The file is large enough that the import cannot finish before the
   * log has grown: if it did, this test would not test anything. */
  g_assert_true (killed);
  g_assert_true (WIFSIGNALED (status));

  reopened = sm_project_open (f->path, &error);
  g_assert_no_error (error);
  f->project = g_steal_pointer (&reopened);
  after = state (f->project);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM pragma_integrity_check WHERE "
                                      "integrity_check <> 'ok'"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  sm_test_import_init (&argc, &argv);
  sm_test_import_add ("/import/unreadable", test_unreadable);
  sm_test_import_add ("/import/strict", test_strict);
  sm_test_import_add ("/import/cancel", test_cancel);
  sm_test_import_add ("/import/async", test_async);
  sm_test_import_add ("/import/kill", test_kill);

  return g_test_run ();
}
