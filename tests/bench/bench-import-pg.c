/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing a generated sites CSV with lat/lon columns into a fresh
 * database of a private PostgreSQL server (tests/sm-test-pg.c), against
 * `ogr2ogr -f PostgreSQL` of the same file into another fresh database
 * of the same server in the same run (ogr2ogr's PostgreSQL driver writes
 * with COPY). Prints both times and their ratio (issue #17: ours no
 * slower than ogr2ogr).
 *
 *   bench-import-pg [ROWS [RUNS]]   (default 1000000 rows, 3 runs)
 *
 * The two take turns (ogr2ogr, import, ogr2ogr, ...), each into a
 * database of its own made for the run, so that a busy spell of a shared
 * machine falls on both; the medians are compared. Wall time, which
 * includes the server's work for both.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "sm-import.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

/* CPU time (user + system) of the import's own process, without the
 * server's: how much of the wall time is ours */
static double ours_cpu;

static double
run_ogr2ogr (SmTestPg   *pg,
             const char *csv,
             int         run)
{
  g_autofree char *name = g_strdup_printf ("theirs%d", run);
  g_autofree char *uri = NULL;
  g_autofree char *dest = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start;
  int status;

  uri = sm_test_pg_create_database (pg, name, &error);
  g_assert_no_error (error);
  dest = g_strdup_printf ("PG:dbname=%s host=%s user=postgres", name, sm_test_pg_get_socket_dir (pg));
  {
    const char *argv[] = { "ogr2ogr", "-f", "PostgreSQL", dest, csv, "-nln", "sites", "-a_srs",
                           "EPSG:4326", "-oo", "X_POSSIBLE_NAMES=lon", "-oo", "Y_POSSIBLE_NAMES=lat",
                           NULL };

    start = g_get_monotonic_time ();
    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                       &status, &error))
      g_error ("ogr2ogr: %s", error->message);
  }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    g_error ("ogr2ogr failed");
  return (g_get_monotonic_time () - start) / 1e6;
}

static double
run_import (SmTestPg   *pg,
            const char *csv,
            int         rows,
            int         run)
{
  g_autofree char *name = g_strdup_printf ("ours%d", run);
  g_autofree char *uri = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  g_autoptr (SmImportResult) result = NULL;
  struct rusage before, after;
  gint64 start;

  uri = sm_test_pg_create_database (pg, name, &error);
  g_assert_no_error (error);
  /* the schema as a user makes it, not timed */
  if (sm_test_run_cli ("C", NULL, NULL, "init", uri, NULL) != 0)
    g_error ("init %s failed", uri);
  getrusage (RUSAGE_SELF, &before);
  start = g_get_monotonic_time ();
  project = sm_project_open (uri, &error);
  g_assert_no_error (error);
  result = sm_import_run (project, csv, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  if (sm_import_result_count_imported (result) != rows)
    g_error ("imported %d of %d rows", sm_import_result_count_imported (result), rows);
  g_clear_object (&project);
  getrusage (RUSAGE_SELF, &after);
  ours_cpu = sm_test_rusage_seconds (&after) - sm_test_rusage_seconds (&before);
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
  g_autoptr (GError) error = NULL;
  double ogr_s[9], ours_s[9], ours_c[9];
  double ogr_wall, ours_wall;
  SmTestPg *pg;

  setlocale (LC_ALL, "C");
  if ((pg = sm_test_pg_start (&error)) == NULL)
    {
      g_printerr ("no PostgreSQL server: %s\n", error->message);
      return 77;
    }
  g_random_set_seed (42);
  csv = sm_test_write_sites_csv (dir, rows);

  for (int i = 0; i < runs; i++)
    {
      ogr_s[i] = run_ogr2ogr (pg, csv, i);
      ours_s[i] = run_import (pg, csv, rows, i);
      ours_c[i] = ours_cpu;
      printf ("run %d: ogr2ogr %.2f s, import %.2f s (its own process %.2f s CPU)\n", i + 1, ogr_s[i],
              ours_s[i], ours_c[i]);
      fflush (stdout);
    }
  ogr_wall = sm_test_median (ogr_s, runs);
  ours_wall = sm_test_median (ours_s, runs);

  printf ("rows:                 %d (median of %d runs each, taking turns)\n", rows, runs);
  printf ("ogr2ogr PostgreSQL:   %.2f s\n", ogr_wall);
  printf ("symbiomap import:     %.2f s\n", ours_wall);
  printf ("ratio import/ogr2ogr: %.2f (goal <= 1.00)\n", ours_wall / ogr_wall);
  printf ("import's own CPU:     %.2f s (the rest of its wall time is the server's)\n",
          sm_test_median (ours_c, runs));

  sm_test_pg_stop (pg);
  sm_test_rm_rf (dir);
  return ours_wall <= ogr_wall ? 0 : 1;
}
