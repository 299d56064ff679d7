/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spatial data written in bulk (layers/sm-spatial-bulk.c): the point BLOB
 * built in C is the one SpatiaLite's MakePoint() gives and reads back;
 * the R*Tree packed in one pass is one SQLite's rtree module checks,
 * queries, and keeps changing; and what a large import sets aside comes
 * back unchanged.
 */
#include "config.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "sm-import.h"
#include "sm-project.h"
#include "sm-project-query.h"
#include "sm-spatial-bulk.h"
#include "sm-test-util.h"

typedef struct
{
  char      *dir;
  SmProject *project;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = sm_test_make_tmpdir ();
  path = g_build_filename (f->dir, "p.sqlite", NULL);
  f->project = sm_project_create (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
}

static sqlite3_stmt *
prepare (SmProject  *project,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (sm_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  return stmt;
}

static gint64
count (SmProject  *project,
       const char *sql)
{
  sqlite3_stmt *stmt = prepare (project, sql);
  gint64 n;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
text (SmProject  *project,
      const char *sql)
{
  sqlite3_stmt *stmt = prepare (project, sql);
  char *s;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  s = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return s;
}

/* Every table, index and trigger with its SQL */
static char *
schema (SmProject *project)
{
  return text (project, "SELECT group_concat (type || ' ' || name || ': ' || ifnull (sql, ''), '\n') "
                        "FROM (SELECT * FROM sqlite_master ORDER BY type, name)");
}

static void
test_point_blob (Fixture       *f,
                 gconstpointer  data)
{
  const double points[][2] = {
    { 9.9187, 57.0488 }, { -0.0, 0.0 }, { -179.999999, -89.5 }, { 12.5683371, 55.6760968 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      guint8 blob[SM_SPATIALITE_POINT_SIZE];
      sqlite3_stmt *stmt = prepare (f->project,
                                    "SELECT MakePoint (?1, ?2, 4326) = ?3, ST_X (?3), ST_Y (?3), "
                                    "ST_IsValid (?3), ST_SRID (?3), GeometryType (?3)");
      double x0, y0, x1, y1;

      sm_spatialite_point_blob (blob, points[i][0], points[i][1], 4326);
      sqlite3_bind_double (stmt, 1, points[i][0]);
      sqlite3_bind_double (stmt, 2, points[i][1]);
      sqlite3_bind_blob (stmt, 3, blob, sizeof blob, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      /* Byte for byte what MakePoint() gives */
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
      g_assert_cmpfloat (sqlite3_column_double (stmt, 1), ==, points[i][0]);
      g_assert_cmpfloat (sqlite3_column_double (stmt, 2), ==, points[i][1]);
      g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 1);
      g_assert_cmpint (sqlite3_column_int (stmt, 4), ==, 4326);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 5), ==, "POINT");
      sqlite3_finalize (stmt);

      g_assert_true (sm_spatialite_blob_mbr (blob, sizeof blob, &x0, &y0, &x1, &y1));
      g_assert_cmpfloat (x0, ==, points[i][0]);
      g_assert_cmpfloat (x1, ==, points[i][0]);
      g_assert_cmpfloat (y0, ==, points[i][1]);
      g_assert_cmpfloat (y1, ==, points[i][1]);
    }

  /* A line's box, as SpatiaLite reads it */
  {
    sqlite3_stmt *stmt = prepare (f->project,
                                  "SELECT g, MbrMinX (g), MbrMinY (g), MbrMaxX (g), MbrMaxY (g) FROM "
                                  "(SELECT GeomFromText ('LINESTRING (9.1 55.2, 10.3 54.9, 9.7 56.4)', "
                                  "4326) AS g)");
    double box[4];

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_true (sm_spatialite_blob_mbr (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                                           &box[0], &box[1], &box[2], &box[3]));
    for (int k = 0; k < 4; k++)
      g_assert_cmpfloat (box[k], ==, sqlite3_column_double (stmt, 1 + k));
    sqlite3_finalize (stmt);
  }
  /* Not a geometry */
  {
    double a, b, c, d;
    const guint8 junk[60] = { 1, 2, 3 };

    g_assert_false (sm_spatialite_blob_mbr (junk, sizeof junk, &a, &b, &c, &d));
    g_assert_false (sm_spatialite_blob_mbr (NULL, 0, &a, &b, &c, &d));
  }
}

/* Points on a 0.001° grid, half a step off it, so that no point lies on
 * the 0.25° lines that bound the windows below, nor rounds across one */
static void
add_sites (SmProject *project,
           int        n,
           int        first)
{
  for (int i = 0; i < n; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("Site %d", first + i);
      SmSite site = { 0 };

      site.name = name;
      site.lon = 8.0 + g_random_int_range (0, 5000) * 0.001 + 0.0005;
      site.lat = 54.5 + g_random_int_range (0, 3000) * 0.001 + 0.0005;
      g_assert_cmpint (sm_project_insert_site (project, &site, 0, &error), >, 0);
      g_assert_no_error (error);
    }
}

/* The index answers window queries as a scan of the table does, through
 * the rtree and through SpatiaLite's SpatialIndex */
static void
assert_index_answers (SmProject *project,
                      gboolean   packed)
{
  g_autofree char *check = text (project, "SELECT rtreecheck ('idx_sites_geom')");

  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (count (project, "SELECT count(*) FROM idx_sites_geom"), ==,
                   count (project, "SELECT count(*) FROM sites"));
  /* Each box of the packed tree encloses its point (SpatiaLite's own
   * RTreeAlign() rounds to the nearest float instead) */
  if (packed)
    g_assert_cmpint (count (project, "SELECT count(*) FROM sites s JOIN idx_sites_geom i "
                                   "ON i.pkid = s.site_id AND i.xmin <= ST_X (s.geom) "
                                   "AND i.xmax >= ST_X (s.geom) AND i.ymin <= ST_Y (s.geom) "
                                   "AND i.ymax >= ST_Y (s.geom)"),
                   ==, count (project, "SELECT count(*) FROM sites"));
  for (int w = 0; w < 12; w++)
    {
      double x0 = 8.0 + g_random_int_range (0, 20) * 0.25, y0 = 54.5 + g_random_int_range (0, 12) * 0.25;
      double x1 = x0 + g_random_int_range (1, 8) * 0.25, y1 = y0 + g_random_int_range (1, 8) * 0.25;
      g_autofree char *by_scan = g_strdup_printf ("SELECT count(*) FROM sites WHERE ST_X (geom) BETWEEN %f "
                                                  "AND %f AND ST_Y (geom) BETWEEN %f AND %f",
                                                  x0, x1, y0, y1);
      g_autofree char *by_rtree = g_strdup_printf ("SELECT count(*) FROM idx_sites_geom WHERE xmax >= %f "
                                                   "AND xmin <= %f AND ymax >= %f AND ymin <= %f",
                                                   x0, x1, y0, y1);
      g_autofree char *by_spatialite = g_strdup_printf (
        "SELECT count(*) FROM sites WHERE ROWID IN (SELECT ROWID FROM SpatialIndex "
        "WHERE f_table_name = 'sites' AND search_frame = BuildMbr (%f, %f, %f, %f, 4326))",
        x0, y0, x1, y1);
      gint64 n = count (project, by_scan);

      g_assert_cmpint (count (project, by_rtree), ==, n);
      g_assert_cmpint (count (project, by_spatialite), ==, n);
    }
}

static void
test_rtree (Fixture       *f,
            gconstpointer  data)
{
  /* Empty, one node, one node full (51 cells at 4 KiB pages), one more,
   * and trees two and three levels deep */
  const int sizes[] = { 0, 1, 51, 52, 3000, 40000 };

  g_random_set_seed (13);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *path = g_strdup_printf ("%s/rtree-%d.sqlite", f->dir, sizes[s]);
      g_autoptr (SmProject) project = sm_project_create (path, &error);

      g_assert_no_error (error);
      /* A few sites the usual way first: the rebuild takes in every row;
       * one far from the others in site_id, once */
      add_sites (project, s % 2 ? 7 : 0, 0);
      if (s == 3)
        {
          g_assert_true (sm_project_exec (project,
                                          "INSERT INTO sites (site_id, name, geom) VALUES "
                                          "(5000000, 'Far', MakePoint (9.0005, 55.0005, 4326));"
                                          /* and a point in SpatiaLite's other encoding */
                                          "SELECT EnableTinyPoint ();"
                                          "INSERT INTO sites (site_id, name, geom) VALUES "
                                          "(5000001, 'Tiny', MakePoint (9.1005, 55.1005, 4326));"
                                          "SELECT DisableTinyPoint ();",
                                          &error));
          g_assert_no_error (error);
          g_assert_cmpint (count (project, "SELECT hex (substr (geom, 2, 1)) = '81' FROM sites "
                                           "WHERE site_id = 5000001"),
                           ==, 1);
        }
      before = schema (project);

      g_assert_true (sm_project_begin (project, &error));
      g_assert_true (sm_project_suspend_spatial_index (project, "sites", &error));
      g_assert_no_error (error);
      add_sites (project, sizes[s], 100);
      g_assert_true (sm_project_rebuild_spatial_index (project, "sites", &error));
      g_assert_no_error (error);
      g_assert_true (sm_project_commit (project, &error));

      after = schema (project);
      g_assert_cmpstr (after, ==, before);
      assert_index_answers (project, TRUE);
      /* Packed: full nodes, where one by one leaves them two thirds full */
      if (sizes[s] >= 3000)
        g_assert_cmpint (count (project, "SELECT count(*) FROM idx_sites_geom_node"), <, sizes[s] / 42);

      /* The rtree module keeps changing the packed tree: a new site goes in
       * through SpatiaLite's trigger, a deleted one out */
      add_sites (project, 60, 1000000);
      g_assert_true (sm_project_exec (project, "DELETE FROM sites WHERE site_id % 3 = 0", &error));
      g_assert_no_error (error);
      assert_index_answers (project, FALSE);
    }
}

/* Network lines: boxes, not points, and the route graph dropped once */
static void
test_rtree_lines (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *check = NULL;
  int n = 700;

  g_random_set_seed (21);
  g_assert_true (sm_project_exec (f->project, "INSERT INTO route_graph (snap_m, data) VALUES (5, x'00')",
                                  &error));
  before = schema (f->project);
  g_assert_true (sm_project_begin (f->project, &error));
  g_assert_true (sm_project_suspend_spatial_index (f->project, "network_edges", &error));
  for (int i = 0; i < n; i++)
    {
      guint8 wkb[9 + 32];
      guint32 type = GUINT32_TO_LE (2), points = GUINT32_TO_LE (2);
      double xy[4] = { 8.0 + g_random_double () * 4, 54.5 + g_random_double () * 3, 0, 0 };

      xy[2] = xy[0] + g_random_double () * 0.05;
      xy[3] = xy[1] - g_random_double () * 0.05;
      wkb[0] = 1;
      memcpy (wkb + 1, &type, 4);
      memcpy (wkb + 5, &points, 4);
      memcpy (wkb + 9, xy, 32);
      g_assert_cmpint (sm_project_insert_network_edge (f->project, NULL, "road", wkb, sizeof wkb, 0, &error),
                       >, 0);
      g_assert_no_error (error);
    }
  g_assert_true (sm_project_rebuild_spatial_index (f->project, "network_edges", &error));
  g_assert_no_error (error);
  g_assert_true (sm_project_commit (f->project, &error));

  after = schema (f->project);
  g_assert_cmpstr (after, ==, before);
  check = text (f->project, "SELECT rtreecheck ('idx_network_edges_geom')");
  g_assert_cmpstr (check, ==, "ok");
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM idx_network_edges_geom"), ==, n);
  /* Each box encloses its line */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM network_edges e JOIN idx_network_edges_geom i "
                                      "ON i.pkid = e.edge_id AND i.xmin <= MbrMinX (e.geom) "
                                      "AND i.xmax >= MbrMaxX (e.geom) AND i.ymin <= MbrMinY (e.geom) "
                                      "AND i.ymax >= MbrMaxY (e.geom)"),
                   ==, n);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM route_graph"), ==, 0);
}

/* A suspension rolled back leaves nothing to put back; a rebuild without
 * one (or after that) builds the R*Tree alone */
static void
test_rolled_back (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_sites (f->project, 300, 0);
  before = schema (f->project);
  g_assert_true (sm_project_begin (f->project, &error));
  g_assert_true (sm_project_suspend_spatial_index (f->project, "sites", &error));
  add_sites (f->project, 10, 300);
  sm_project_rollback (f->project);
  after = schema (f->project);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, 300);

  for (int i = 0; i < 2; i++)
    {
      g_autofree char *again = NULL;

      g_assert_true (sm_project_begin (f->project, &error));
      g_assert_true (sm_project_rebuild_spatial_index (f->project, "sites", &error));
      g_assert_no_error (error);
      g_assert_true (sm_project_commit (f->project, &error));
      again = schema (f->project);
      g_assert_cmpstr (again, ==, before);
      assert_index_answers (f->project, TRUE);
    }
}

/* A large import into an empty project leaves the schema as it found it,
 * the R*Tree whole, the folded names written and no edit log rows */
static void
test_import_schema (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *csv = g_build_filename (f->dir, "sites.csv", NULL);
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  g_autoptr (SmImportResult) result = NULL;
  g_autofree char *before = schema (f->project);
  g_autofree char *after = NULL;
  g_autofree char *stamp = NULL;
  FILE *out = fopen (csv, "w");
  int n = 25000;

  g_random_set_seed (7);
  fputs ("site_id,name,lat,lon\n", out);
  for (int i = 0; i < n; i++)
    fprintf (out, "B%d,Bülk %d,%.4f,%.4f\n", i, i, 54.5 + g_random_int_range (0, 3000) * 0.001 + 0.0005,
             8.0 + g_random_int_range (0, 5000) * 0.001 + 0.0005);
  fclose (out);

  result = sm_import_run (f->project, csv, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_import_result_count_imported (result), ==, n);
  after = schema (f->project);
  g_assert_cmpstr (after, ==, before);
  assert_index_answers (f->project, TRUE);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE name_folded = 'bulk ' || "
                                      "substr (ext_id, 2)"),
                   ==, n);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM edit_log"), ==, 0);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM edit_context"), ==, 0);
  stamp = text (f->project, "SELECT ifnull (last_insert, '') FROM geometry_columns_time "
                            "WHERE f_table_name = 'sites'");
  g_assert_cmpstr (stamp, !=, "");

  /* And the edit log is kept again for an edit after it */
  {
    SmSite site = { 0 };

    site.name = (char *) "After";
    site.lat = 55.0;
    site.lon = 10.0;
    g_assert_cmpint (sm_project_insert_site (f->project, &site, 0, &error), >, 0);
    g_assert_no_error (error);
    g_assert_cmpint (count (f->project, "SELECT count(*) FROM edit_log WHERE action = 'insert'"), ==, 1);
  }
}

/* The store folds plain ASCII names its own quick way: the same as
 * sm_fold_text() */
static void
test_folded_names (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GString) all = g_string_new (NULL);
  const char *names[] = { "Company 12 A/S", "ØRSTED Power", "Straße", "ALL CAPS & Co.", "Ærø", "mIxEd_Case-9" };

  for (int c = 0x20; c < 0x7f; c++)
    g_string_append_c (all, (char) c);
  for (guint i = 0; i <= G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GError) error = NULL;
      const char *name = i < G_N_ELEMENTS (names) ? names[i] : all->str;
      g_autofree char *expected = sm_fold_text (name);
      g_autofree char *stored = NULL;
      g_autofree char *sql = NULL;
      SmSite site = { 0 };
      gint64 id;

      site.name = (char *) name;
      site.lat = 55.0;
      site.lon = 10.0;
      id = sm_project_insert_site (f->project, &site, 0, &error);
      g_assert_no_error (error);
      sql = g_strdup_printf ("SELECT name_folded FROM sites WHERE site_id = %" G_GINT64_FORMAT, id);
      stored = text (f->project, sql);
      g_assert_cmpstr (stored, ==, expected);
    }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);
  GDALAllRegister ();
  g_test_add ("/spatial-bulk/point-blob", Fixture, NULL, fixture_set_up, test_point_blob,
              fixture_tear_down);
  g_test_add ("/spatial-bulk/rtree", Fixture, NULL, fixture_set_up, test_rtree, fixture_tear_down);
  g_test_add ("/spatial-bulk/rtree-lines", Fixture, NULL, fixture_set_up, test_rtree_lines,
              fixture_tear_down);
  g_test_add ("/spatial-bulk/rolled-back", Fixture, NULL, fixture_set_up, test_rolled_back,
              fixture_tear_down);
  g_test_add ("/spatial-bulk/folded-names", Fixture, NULL, fixture_set_up, test_folded_names,
              fixture_tear_down);
  g_test_add ("/spatial-bulk/import-schema", Fixture, NULL, fixture_set_up, test_import_schema,
              fixture_tear_down);
  return g_test_run ();
}
