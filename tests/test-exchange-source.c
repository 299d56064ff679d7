/* test-exchange-source.c: an import's partners kept in a neutral form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import that finds two flows naming each other as partners records
 * an operational exchange with the file's name in exchanges.source_file
 * and no note, whatever the language of the moment; the views say "Named
 * as partners in …" in theirs; an older project's notes that are that
 * sentence move into the column (migration 6 -> 7).
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "sm-project.h"
#include "sm-test-util.h"

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static void
test_import_stores_no_language (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *project = g_build_filename (dir, "p.sqlite", NULL);
  g_autofree char *sites = g_build_filename (dir, "sites.csv", NULL);
  g_autofree char *flows = g_build_filename (dir, "partnere.csv", NULL);
  g_autofree char *n = NULL, *note = NULL, *source = NULL, *history = NULL;
  g_autofree char *out_c = NULL, *out_da = NULL, *json = NULL;
  g_autofree char *gpkg = g_build_filename (dir, "ud.gpkg", NULL);
  g_autofree char *gpkg_note = NULL, *gpkg_source = NULL;

  g_assert_true (g_file_set_contents (sites,
    "id,navn,lat,lon\n"
    "1,Østergaard Mejeri,56.95,9.80\n"
    "2,Ærø Fjernvarme,54.88,10.41\n", -1, NULL));
  g_assert_true (g_file_set_contents (flows,
    "lokalitet;retning;ressource;mængde;enhed;temperatur;partner\n"
    "1;overskud;varme;1200;MWh/år;75;2\n"
    "2;behov;varme;1000;MWh/år;70;1\n", -1, NULL));
  g_assert_cmpint (sm_test_run_cli ("da", NULL, NULL, "init", project, NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("da", NULL, NULL, "import", project, sites, "--kind",
                                    "sites", NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("da", NULL, NULL, "import", project, flows, "--kind",
                                    "flows", NULL), ==, 0);

  n = query_text (project, "SELECT count(*) FROM exchanges WHERE status = 'operational'");
  g_assert_cmpstr (n, ==, "1");
  note = query_text (project, "SELECT note FROM exchanges");
  g_assert_null (note);
  source = query_text (project, "SELECT source_file FROM exchanges");
  g_assert_cmpstr (source, ==, "partnere.csv");
  history = query_text (project, "SELECT group_concat (note) FROM exchange_history");
  g_assert_null (history);

  g_assert_cmpint (sm_test_run_cli ("C", &out_c, NULL, "exchanges", project, NULL), ==, 0);
  g_assert_nonnull (strstr (out_c, "Named as partners in partnere.csv"));
  g_assert_cmpint (sm_test_run_cli ("da", &out_da, NULL, "exchanges", project, NULL), ==, 0);
  g_assert_nonnull (strstr (out_da, "Angivet som partnere i partnere.csv"));
  g_assert_null (strstr (out_da, "Named as partners"));
  /* JSON does not change with the language: the note as stored, and the file */
  g_assert_cmpint (sm_test_run_cli ("da", &json, NULL, "exchanges", project, "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (json, "\"note\" : null"));
  g_assert_nonnull (strstr (json, "\"source_file\" : \"partnere.csv\""));
  /* The GeoPackage, for people in QGIS: the sentence in the language of
   * the export, and the file on its own */
  g_assert_cmpint (sm_test_run_cli ("sv", NULL, NULL, "export", project, gpkg, NULL), ==, 0);
  gpkg_note = query_text (gpkg, "SELECT note FROM exchanges");
  g_assert_cmpstr (gpkg_note, ==, "Angivna som partner i partnere.csv");
  gpkg_source = query_text (gpkg, "SELECT source_file FROM exchanges");
  g_assert_cmpstr (gpkg_source, ==, "partnere.csv");
  sm_test_rm_rf (dir);
}

static void
exec (SmProject  *project,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (sm_project_get_db (project), sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
test_migration_moves_the_sentence (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = NULL;
  static const char *expected[][2] = {
    /* note after, source_file after */
    { NULL, "a.csv" },
    { NULL, "flows b.csv" },
    { NULL, "c.xlsx" },
    { "Named as partners by phone", NULL },
    { "Ring til Jens", NULL },
    { "Named as partners in x/y.csv", NULL },
  };

  project = sm_project_create_at_version (path, 6, &error);
  g_assert_no_error (error);
  exec (project,
        "INSERT INTO sites (site_id, name, geom) VALUES (1, 'A', MakePoint (9.8, 56.9, 4326)),"
        " (2, 'B', MakePoint (10.4, 54.9, 4326));"
        "INSERT INTO flows (flow_id, site_id, direction, resource, amount, unit) VALUES"
        " (1, 1, 'supply', 'heat', 10, 'MWh/yr'), (2, 2, 'demand', 'heat', 10, 'MWh/yr'),"
        " (3, 1, 'supply', 'water', 10, 'm3/yr'), (4, 2, 'demand', 'water', 10, 'm3/yr'),"
        " (5, 1, 'supply', 'co2', 10, 't/yr'), (6, 2, 'demand', 'co2', 10, 't/yr');"
        "INSERT INTO exchanges (exchange_id, supply_flow_id, demand_flow_id, status, note) VALUES"
        " (1, 1, 2, 'operational', 'Named as partners in a.csv'),"
        " (2, 3, 4, 'operational', 'Angivet som partnere i flows b.csv'),"
        " (3, 5, 6, 'operational', 'Angivna som partner i c.xlsx'),"
        " (4, 1, 4, 'idea', 'Named as partners by phone'),"
        " (5, 3, 2, 'idea', 'Ring til Jens'),"
        " (6, 5, 2, 'idea', 'Named as partners in x/y.csv');");
  g_clear_object (&project);

  project = sm_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_project_get_schema_version (project), ==, SM_PROJECT_SCHEMA_VERSION);
  g_clear_object (&project);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT note FROM exchanges WHERE exchange_id = %u",
                                              i + 1);
      g_autofree char *sql2 = g_strdup_printf ("SELECT source_file FROM exchanges "
                                               "WHERE exchange_id = %u", i + 1);
      g_autofree char *note = query_text (path, sql);
      g_autofree char *source = query_text (path, sql2);

      g_assert_cmpstr (note, ==, expected[i][0]);
      g_assert_cmpstr (source, ==, expected[i][1]);
    }
  {
    /* The history holds no sentence either, and the move is no change */
    g_autofree char *left = query_text (path, "SELECT count(*) FROM exchange_history "
                                              "WHERE note GLOB '*partnere i*'");
    g_autofree char *rows = query_text (path, "SELECT count(*) FROM exchange_history");

    g_assert_cmpstr (left, ==, "0");
    g_assert_cmpstr (rows, ==, "6");
  }
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exchange-source/import", test_import_stores_no_language);
  g_test_add_func ("/exchange-source/migration", test_migration_moves_the_sentence);
  return g_test_run ();
}
