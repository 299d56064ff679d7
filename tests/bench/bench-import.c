/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing a generated sites CSV with lat/lon columns, against
 * `ogr2ogr -f SQLite -dsco SPATIALITE=YES` of the same file in the same
 * run. Prints both times, their ratio and the peak memory of each.
 *
 *   bench-import [ROWS [RUNS]]   (default 1000000 rows, 3 runs)
 *
 * With several runs, the two take turns (ogr2ogr, import, ogr2ogr, ...)
 * so that a busy spell of a shared machine falls on both, and the
 * medians are compared.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "sm-import.h"
#include "sm-test-util.h"

/* CPU time (user + system) of each, which a machine shared with other
 * work disturbs less than the wall time */
static double ogr_cpu, ours_cpu;

/* Runs ogr2ogr and returns its wall time; @maxrss_kb gets its peak memory. */
static double
run_ogr2ogr (const char *dir,
             const char *csv,
             long       *maxrss_kb)
{
  g_autofree char *out = g_build_filename (dir, "ogr.sqlite", NULL);

  g_unlink (out);
  const char *argv[] = {
    "ogr2ogr", "-f", "SQLite", "-dsco", "SPATIALITE=YES", "-a_srs", "EPSG:4326",
    "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat", out, csv, NULL
  };
  g_autoptr (GError) error = NULL;
  struct rusage usage;
  gint64 start = g_get_monotonic_time ();
  GPid pid;
  int status;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error))
    g_error ("ogr2ogr: %s", error->message);
  wait4 (pid, &status, 0, &usage);
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("ogr2ogr failed");
  *maxrss_kb = usage.ru_maxrss;
  ogr_cpu = sm_test_rusage_seconds (&usage);
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
run_import (const char *dir,
            const char *csv,
            int         rows)
{
  g_autofree char *path = g_build_filename (dir, "project.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  g_autoptr (SmImportResult) result = NULL;
  struct rusage before, after;
  gint64 start;

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  project = sm_project_create (path, &error);
  g_assert_no_error (error);
  getrusage (RUSAGE_SELF, &before);
  start = g_get_monotonic_time ();
  result = sm_import_run (project, csv, options, NULL, NULL, NULL, &error);
  getrusage (RUSAGE_SELF, &after);
  ours_cpu = sm_test_rusage_seconds (&after) - sm_test_rusage_seconds (&before);
  g_assert_no_error (error);
  if (sm_import_result_count_imported (result) != rows)
    g_error ("imported %d of %d rows", sm_import_result_count_imported (result), rows);
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int    argc,
      char **argv)
{
  int rows = argc > 1 ? atoi (argv[1]) : 1000000;
  int runs = argc > 2 ? CLAMP (atoi (argv[2]), 1, 9) : 3;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *csv = NULL;
  struct rusage self;
  long ogr_rss = 0;
  double ogr_s[9], ours_s[9], ogr_c[9], ours_c[9];
  double ogr_wall, ours_wall, ogr_cpu_m, ours_cpu_m;

  setlocale (LC_ALL, "C");
  g_random_set_seed (42);
  csv = sm_test_write_sites_csv (dir, rows);

  for (int i = 0; i < runs; i++)
    {
      long rss;

      ogr_s[i] = run_ogr2ogr (dir, csv, &rss);
      ogr_c[i] = ogr_cpu;
      ogr_rss = MAX (ogr_rss, rss);
      ours_s[i] = run_import (dir, csv, rows);
      ours_c[i] = ours_cpu;
    }
  getrusage (RUSAGE_SELF, &self);
  ogr_wall = sm_test_median (ogr_s, runs);
  ours_wall = sm_test_median (ours_s, runs);
  ogr_cpu_m = sm_test_median (ogr_c, runs);
  ours_cpu_m = sm_test_median (ours_c, runs);

  printf ("rows:                 %d (median of %d runs each, taking turns)\n", rows, runs);
  printf ("ogr2ogr SpatiaLite:   %.2f s, peak %ld MB\n", ogr_wall, ogr_rss / 1024);
  printf ("symbiomap import:     %.2f s, peak %ld MB\n", ours_wall, self.ru_maxrss / 1024);
  printf ("ratio import/ogr2ogr: %.2f (goal <= 1.00; peak memory goal < 300 MB)\n",
          ours_wall / ogr_wall);
  printf ("CPU time:             ogr2ogr %.2f s, import %.2f s, ratio %.2f\n", ogr_cpu_m, ours_cpu_m,
          ours_cpu_m / ogr_cpu_m);

  sm_test_rm_rf (dir);
  return ours_wall <= ogr_wall && self.ru_maxrss / 1024 < 300 ? 0 : 1;
}
