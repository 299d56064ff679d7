/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exporting the sites of a project to GeoPackage, against
 * `ogr2ogr -f GPKG OUT PROJECT sites` of the same table in the same run.
 *
 *   bench-export [SITES]   (default 1000000)
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <sys/wait.h>

#include "sm-export.h"
#include "sm-import.h"
#include "sm-test-util.h"

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

int
main (int    argc,
      char **argv)
{
  int n = argc > 1 ? atoi (argv[1]) : 1000000;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *csv = g_build_filename (dir, "sites.csv", NULL);
  g_autofree char *path = g_build_filename (dir, "project.sqlite", NULL);
  g_autofree char *ours = g_build_filename (dir, "ours.gpkg", NULL);
  g_autofree char *theirs = g_build_filename (dir, "ogr.gpkg", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  g_autoptr (SmImportResult) result = NULL;
  SmExportOptions export = { .layers = SM_EXPORT_SITES };
  FILE *out;
  double t0, ogr_s, ours_s;
  int status;

  setlocale (LC_ALL, "C");
  g_random_set_seed (7);
  out = fopen (csv, "w");
  fputs ("site_id,name,org_number,lat,lon\n", out);
  for (int i = 0; i < n; i++)
    fprintf (out, "S%d,Company %d,%08d,%.6f,%.6f\n", i, i, 10000000 + i,
             54.6 + g_random_double () * 3.1, 8.1 + g_random_double () * 4.5);
  fclose (out);
  project = sm_project_create (path, &error);
  g_assert_no_error (error);
  result = sm_import_run (project, csv, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* Checkpoint, so that ogr2ogr reads the same settled file */
  sm_project_exec (project, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);

  {
    const char *args[] = { "ogr2ogr", "-f", "GPKG", theirs, path, "sites", NULL };
    t0 = now ();
    g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                  NULL, NULL, NULL, NULL, &status, &error);
    ogr_s = now () - t0;
    g_assert_no_error (error);
    if (!g_spawn_check_wait_status (status, NULL))
      g_error ("ogr2ogr failed");
  }
  t0 = now ();
  if (!sm_export_run (project, ours, &export, NULL, NULL, NULL, NULL, &error))
    g_error ("export: %s", error->message);
  ours_s = now () - t0;

  printf ("sites:                %d\n", n);
  printf ("ogr2ogr -f GPKG:      %.2f s\n", ogr_s);
  printf ("symbiomap export:     %.2f s\n", ours_s);
  printf ("ratio export/ogr2ogr: %.2f (goal <= 1.00)\n", ours_s / ogr_s);
  sm_test_rm_rf (dir);
  return ours_s <= ogr_s ? 0 : 1;
}
