/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `symbiomap-cli copy` of a project of SITES sites and twice as many
 * flows into the private PostgreSQL of sm-test-pg.c and back into a file,
 * against `ogr2ogr` of the same two tables each way in the same run
 * (ogr2ogr's PostgreSQL driver uses COPY too). The copy carries every
 * column and table and checks both schemas; ogr2ogr carries two tables.
 *
 *   bench-store-copy [SITES]   (default 100000)
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "sm-project.h"
#include "sm-store-copy.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
run_ogr2ogr (const char *const *args)
{
  g_autoptr(GError) error = NULL;
  double t0 = now ();
  int status = 0;

  g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("ogr2ogr failed");
  return now () - t0;
}

int
main (int    argc,
      char **argv)
{
  int n = argc > 1 ? atoi (argv[1]) : 100000;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "project.sqlite", NULL);
  g_autofree char *back = g_build_filename (dir, "back.sqlite", NULL);
  g_autofree char *ogr_back = g_build_filename (dir, "ogr-back.sqlite", NULL);
  g_autofree char *fill = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *ogr_uri = NULL;
  g_autofree char *pg_ours = NULL;
  g_autofree char *pg_theirs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  SmTestPg *pg;
  double t0, ogr_in, ogr_out, ours_in, ours_out;

  setlocale (LC_ALL, "C");
  if ((pg = sm_test_pg_start (&error)) == NULL)
    g_error ("no PostgreSQL server: %s", error->message);

  project = sm_project_create (path, &error);
  g_assert_no_error (error);
  /* Sites on a grid over Denmark, two flows each, written as an import
   * writes them (no edit log) */
  fill = g_strdup_printf (
    "BEGIN; INSERT INTO edit_context VALUES ('import', '1');"
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %d)"
    "  INSERT INTO sites (site_id, ext_id, name, sector, notes, geom)"
    "  SELECT i, 'K-' || i, 'Company ' || i, '10.51', 'note ' || i,"
    "    MakePoint (8.1 + (i %% 1000) * 0.0045 + 1e-9 * i, 54.6 + (i / 1000) * 0.003, 4326) FROM n;"
    "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2 * %d)"
    "  INSERT INTO flows (site_id, direction, resource, amount, unit, temperature_c)"
    "  SELECT (i + 1) / 2, CASE i %% 2 WHEN 0 THEN 'supply' ELSE 'demand' END, 'heat',"
    "    i * 1.1, 'MWh/yr', 40 + i %% 60 FROM n;"
    "DELETE FROM edit_context; COMMIT; PRAGMA wal_checkpoint(TRUNCATE);",
    n, n);
  sm_project_exec (project, fill, &error);
  g_assert_no_error (error);
  g_clear_object (&project);

  uri = sm_test_pg_create_database (pg, "ours", &error);
  g_assert_no_error (error);
  ogr_uri = sm_test_pg_create_database (pg, "theirs", &error);
  g_assert_no_error (error);
  pg_theirs = g_strdup_printf ("PG:dbname=theirs host=%s user=postgres",
                               sm_test_pg_get_socket_dir (pg));

  {
    const char *args[] = { "ogr2ogr", "-f", "PostgreSQL", pg_theirs, path, "sites", "flows", NULL };
    ogr_in = run_ogr2ogr (args);
  }
  t0 = now ();
  counts = sm_store_copy_file_to_pg (path, uri, NULL, NULL, &error);
  g_assert_no_error (error);
  ours_in = now () - t0;
  g_clear_pointer (&counts, g_ptr_array_unref);

  {
    const char *args[] = { "ogr2ogr", "-f", "SQLite", "-dsco", "SPATIALITE=YES", ogr_back,
                           pg_theirs, "sites", "flows", NULL };
    ogr_out = run_ogr2ogr (args);
  }
  t0 = now ();
  counts = sm_store_copy_pg_to_file (uri, back, NULL, NULL, &error);
  g_assert_no_error (error);
  ours_out = now () - t0;

  printf ("sites, flows:                    %d, %d\n", n, 2 * n);
  printf ("ogr2ogr file -> PostgreSQL:      %.2f s\n", ogr_in);
  printf ("symbiomap copy file -> database: %.2f s\n", ours_in);
  printf ("ratio copy/ogr2ogr:              %.2f\n", ours_in / ogr_in);
  printf ("ogr2ogr PostgreSQL -> file:      %.2f s\n", ogr_out);
  printf ("symbiomap copy database -> file: %.2f s\n", ours_out);
  printf ("ratio copy/ogr2ogr:              %.2f\n", ours_out / ogr_out);
  sm_test_pg_stop (pg);
  sm_test_rm_rf (dir);
  return 0;
}
