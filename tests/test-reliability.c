/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hostile inputs of issue 14, each a regression test: nothing in the
 * project lost, each bad row rejected alone with its own row number and
 * reason, the rest imported.
 */
#include "config.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sm-export.h"
#include "sm-import.h"
#include "sm-parse.h"
#include "sm-test-util.h"

typedef struct
{
  char      *dir;
  char      *path;
  SmProject *project;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = sm_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "p.sqlite", NULL);
  f->project = sm_project_create (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static SmImportResult *
import_file (Fixture      *f,
             const char   *path,
             SmImportKind  kind,
             const char   *srs,
             GError      **error)
{
  g_autoptr (SmImportOptions) options = sm_import_options_new (kind);

  options->srs = g_strdup (srs);
  return sm_import_run (f->project, path, options, NULL, NULL, NULL, error);
}

static SmImportResult *
import_text (Fixture      *f,
             const char   *name,
             const char   *contents,
             SmImportKind  kind,
             const char   *srs)
{
  g_autofree char *path = write_file (f, name, contents);
  g_autoptr (GError) error = NULL;
  SmImportResult *result = import_file (f, path, kind, srs, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static SmLayerImport *
first_layer (SmImportResult *result)
{
  g_assert_cmpuint (result->layers->len, >=, 1);
  return g_ptr_array_index (result->layers, 0);
}

/* Asserts that row @row was rejected, with @reason in its reason. */
static void
assert_rejected (SmImportResult *result,
                 int             row,
                 const char     *reason)
{
  SmLayerImport *l = first_layer (result);

  for (guint i = 0; i < l->rejected->len; i++)
    {
      SmRejectedRow *rr = g_ptr_array_index (l->rejected, i);

      if (rr->row == row)
        {
          if (reason != NULL && strstr (rr->reason, reason) == NULL)
            g_error ("row %d rejected as “%s”, expected “%s”", row, rr->reason, reason);
          return;
        }
    }
  g_error ("row %d was not rejected", row);
}

static gboolean
has_note (SmImportResult *result,
          const char     *text)
{
  SmLayerImport *l = first_layer (result);

  for (guint i = 0; i < l->notes->len; i++)
    if (strstr (g_ptr_array_index (l->notes, i), text) != NULL)
      return TRUE;
  return FALSE;
}

static int
count_rows (Fixture    *f,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (sm_project_get_db (f->project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* 1. Data loss */

static void
import_sample_sites (Fixture *f)
{
  g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmImportResult) result = import_file (f, file, SM_IMPORT_KIND_SITES, NULL, &error);

  g_assert_no_error (error);
}

static gboolean
export_to (Fixture    *f,
           const char *path,
           GError    **error)
{
  SmExportOptions options = { .layers = SM_EXPORT_SITES };

  return sm_export_run (f->project, path, &options, NULL, NULL, NULL, NULL, error);
}

static void
test_export_onto_project (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *link = g_build_filename (f->dir, "link.sqlite", NULL);
  g_autofree char *dotted = g_build_filename (f->dir, ".", "p.sqlite", NULL);

  import_sample_sites (f);
  before = sm_test_file_checksum (f->path);
  g_assert_false (export_to (f, f->path, &error));
  g_assert_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_WRITE);
  g_clear_error (&error);
  /* The same file by another name */
  g_assert_false (export_to (f, dotted, &error));
  g_assert_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_WRITE);
  g_clear_error (&error);
  g_assert_cmpint (symlink (f->path, link), ==, 0);
  g_assert_false (export_to (f, link, &error));
  g_assert_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_WRITE);
  after = sm_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count_rows (f, "sites"), ==, 58);
}

static void
test_export_through_symlink (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *target = g_build_filename (f->dir, "real.gpkg", NULL);
  g_autofree char *link = g_build_filename (f->dir, "link.gpkg", NULL);
  g_autofree char *dangling_target = g_build_filename (f->dir, "new.gpkg", NULL);
  g_autofree char *dangling = g_build_filename (f->dir, "dangling.gpkg", NULL);
  GStatBuf st;

  import_sample_sites (f);
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (symlink ("real.gpkg", link), ==, 0);
  g_assert_true (export_to (f, link, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (target, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_size, >, 3);

  g_assert_cmpint (symlink (dangling_target, dangling), ==, 0);
  g_assert_true (export_to (f, dangling, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_true (g_file_test (dangling_target, G_FILE_TEST_IS_REGULAR));
}

static void
assert_no_part_files (const char *dir)
{
  g_autofree char *listing = sm_test_dir_listing (dir);

  if (strstr (listing, ".part") != NULL)
    g_error ("a partial export was left behind in %s: %s", dir, listing);
}

static void
test_export_leaves_no_part (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing", "out.gpkg", NULL);
  g_autofree char *a_dir = g_build_filename (f->dir, "out.gpkg", NULL);
  g_autoptr (GCancellable) cancel = g_cancellable_new ();
  g_autofree char *cancelled = g_build_filename (f->dir, "cancelled.gpkg", NULL);
  SmExportOptions options = { .layers = SM_EXPORT_SITES };

  import_sample_sites (f);
  g_assert_false (export_to (f, missing, &error));
  g_assert_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_WRITE);
  g_clear_error (&error);
  assert_no_part_files (f->dir);

  g_assert_cmpint (g_mkdir (a_dir, 0755), ==, 0);
  g_assert_false (export_to (f, a_dir, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  assert_no_part_files (f->dir);

  g_cancellable_cancel (cancel);
  g_assert_false (sm_export_run (f->project, cancelled, &options, NULL, NULL, cancel, NULL,
                                 &error));
  g_assert_nonnull (error);
  assert_no_part_files (f->dir);
  g_assert_false (g_file_test (cancelled, G_FILE_TEST_EXISTS));
}

/* 2. One bad geometry = one rejected row */

static void
test_bad_wkt_rows (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (SmImportResult) r = import_text (f, "wkt.csv",
                                              "name,wkt\n"
                                              "A,POINT (9.9 57.0)\n"
                                              "B,garbage\n"
                                              "C,\"LINESTRING (9 57, 10 57)\"\n"
                                              "D,POINT (10 56)\n"
                                              "E,\"POLYGON ((9 57, 9.1 57, 9.1 57.1, 9 57))\"\n",
                                              SM_IMPORT_KIND_SITES, NULL);

  g_assert_cmpint (first_layer (r)->imported, ==, 3);
  assert_rejected (r, 3, NULL);
  assert_rejected (r, 4, "line");
  g_assert_cmpint (count_rows (f, "sites"), ==, 3);
}

static void
test_huge_xy_rows (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (SmImportResult) r = import_text (f, "xy.csv",
                                              "name,x,y\n"
                                              "A,550000,6300000\n"
                                              "B,1e30,1e30\n"
                                              "C,560000,6310000\n"
                                              "D,-1e30,5\n",
                                              SM_IMPORT_KIND_SITES, "EPSG:25832");

  g_assert_cmpint (first_layer (r)->imported, ==, 2);
  assert_rejected (r, 3, NULL);
  assert_rejected (r, 5, NULL);
}

static void
test_geojson_string_coordinates (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr (SmImportResult) r = import_text (
    f, "g.geojson",
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"A\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[9.9,57.1]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"B\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\"9.9\",\"x\"]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"C\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[9.8,57.2]}}]}\n",
    SM_IMPORT_KIND_SITES, NULL);

  g_assert_cmpint (first_layer (r)->imported, ==, 2);
  assert_rejected (r, 2, NULL);
}

static void
test_corrupt_gpkg_blob (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *gpkg = g_build_filename (f->dir, "bad.gpkg", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmImportResult) r = NULL;
  GDALDatasetH ds;
  OGRLayerH layer;
  OGRSpatialReferenceH srs;
  sqlite3 *db;

  GDALAllRegister ();
  ds = GDALCreate (GDALGetDriverByName ("GPKG"), gpkg, 0, 0, 0, GDT_Unknown, NULL);
  g_assert_nonnull (ds);
  srs = OSRNewSpatialReference (NULL);
  OSRImportFromEPSG (srs, 4326);
  layer = GDALDatasetCreateLayer (ds, "pts", srs, wkbPoint, NULL);
  OSRDestroySpatialReference (srs);
  {
    OGRFieldDefnH fd = OGR_Fld_Create ("name", OFTString);
    OGR_L_CreateField (layer, fd, TRUE);
    OGR_Fld_Destroy (fd);
  }
  for (int i = 0; i < 3; i++)
    {
      OGRFeatureH feat = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      OGRGeometryH pt = OGR_G_CreateGeometry (wkbPoint);
      char name[2] = { 'A' + i, 0 };

      OGR_F_SetFieldString (feat, 0, name);
      OGR_G_SetPoint_2D (pt, 0, 9.9 + i * 0.01, 57.0);
      OGR_F_SetGeometryDirectly (feat, pt);
      g_assert_cmpint (OGR_L_CreateFeature (layer, feat), ==, OGRERR_NONE);
      OGR_F_Destroy (feat);
    }
  GDALClose (ds);
  g_assert_cmpint (sqlite3_open (gpkg, &db), ==, SQLITE_OK);
  /* The R*Tree triggers call functions only GDAL's connection has. */
  {
    sqlite3_stmt *stmt = NULL;
    g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

    sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'trigger'", -1, &stmt,
                        NULL);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    sqlite3_finalize (stmt);
    for (guint i = 0; i < names->len; i++)
      {
        g_autofree char *sql = g_strdup_printf ("DROP TRIGGER \"%s\"",
                                                (char *) g_ptr_array_index (names, i));
        g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
      }
  }
  g_assert_cmpint (sqlite3_exec (db, "UPDATE pts SET geom = x'4750000100000000010100' WHERE fid = 2",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  r = import_file (f, gpkg, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first_layer (r)->imported, ==, 2);
  assert_rejected (r, 2, NULL);
}

/* 3. Non-finite and absurd numbers */

static void
test_non_finite_amounts (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (SmImportResult) g = import_text (
    f, "f.geojson",
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"A\",\"direction\":\"supply\",\"resource\":\"heat\",\"amount\":NaN,\"unit\":\"MWh/yr\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[9.9,57.1]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"B\",\"direction\":\"demand\",\"resource\":\"heat\",\"amount\":1e400,\"unit\":\"MWh/yr\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[9.91,57.1]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"C\",\"direction\":\"demand\",\"resource\":\"heat\",\"amount\":5,\"unit\":\"MWh/yr\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[9.92,57.1]}}]}\n",
    SM_IMPORT_KIND_FLOWS, NULL);
  g_autoptr (SmImportResult) c = NULL;

  g_assert_cmpint (first_layer (g)->imported, ==, 1);
  assert_rejected (g, 1, NULL);
  assert_rejected (g, 2, NULL);

  c = import_text (f, "f.csv",
                   "name,lat,lon,direction,resource,amount,unit,hours\n"
                   "A,57.1,9.9,supply,heat,1e308,TWh/yr,\n"
                   "B,57.1,9.91,demand,heat,1e308,MW,8760\n"
                   "C,57.1,9.92,demand,heat,1e21,MWh/yr,\n"
                   "D,57.1,9.93,demand,heat,5,MWh/yr,\n"
                   "E,57.1,9.94,demand,heat,1e400,MWh/yr,\n",
                   SM_IMPORT_KIND_FLOWS, NULL);
  g_assert_cmpint (first_layer (c)->imported, ==, 1);
  for (int row = 2; row <= 4; row++)
    assert_rejected (c, row, "absurd");
  assert_rejected (c, 6, NULL);
  g_assert_cmpint (count_rows (f, "flows WHERE NOT (amount BETWEEN 0 AND 1e12)"), ==, 0);
}

/* 4. A CSV cut mid-row */

static void
test_csv_cut_mid_row (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (SmImportResult) r = import_text (f, "cut.csv",
                                              "name,lat,lon,sector\n"
                                              "A,57.0,9.9,food\n"
                                              "B,57.1,9.8,food\n"
                                              "C,57.2,9.7",
                                              SM_IMPORT_KIND_SITES, NULL);
  g_autoptr (SmImportResult) whole = NULL;

  g_assert_cmpint (first_layer (r)->imported, ==, 2);
  assert_rejected (r, 4, "ends in the middle of this row");

  /* A last line without a line end but with all its fields is whole. */
  whole = import_text (f, "whole.csv", "name,lat,lon\nD,57.0,9.9\nE,57.1,9.8",
                       SM_IMPORT_KIND_SITES, NULL);
  g_assert_cmpint (first_layer (whole)->imported, ==, 2);
  g_assert_cmpint (first_layer (whole)->rejected->len, ==, 0);
}

/* 6. Network lines checked */

static void
test_network_lines_checked (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (SmImportResult) r = import_text (
    f, "net.geojson",
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"ok\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[9.9,57.0],[9.91,57.01]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"far\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[1e9,57.0],[9.91,57.01]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"out\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[200,100],[9.91,57.01]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"nan\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[NaN,57.0],[9.91,57.01]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"dots\"},\"geometry\":{\"type\":\"MultiLineString\",\"coordinates\":[[[9.9,57.0]],[[9.8,57.0]]]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"ok2\"},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[[9.8,57.0],[9.81,57.01]]}}]}\n",
    SM_IMPORT_KIND_NETWORK, NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProjectInfo) info = NULL;

  g_assert_cmpint (first_layer (r)->imported, ==, 2);
  for (int row = 2; row <= 5; row++)
    assert_rejected (r, row, NULL);
  g_assert_cmpint (count_rows (f, "network_edges"), ==, 2);
  info = sm_project_get_info (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (info->max_lon, <, 10);
  g_assert_cmpfloat (info->min_lon, >, 9);
}

/* 11. Bounded work */

static void
test_empty_rows_skipped (Fixture       *f,
                         gconstpointer  data)
{
  GString *csv = g_string_new ("name,lat,lon\nA,57.0,9.9\n");
  g_autoptr (SmImportResult) r = NULL;

  for (int i = 0; i < 50; i++)
    g_string_append (csv, ",,\n");
  g_string_append (csv, "B,57.1,9.8\n");
  r = import_text (f, "empty.csv", csv->str, SM_IMPORT_KIND_SITES, NULL);
  g_string_free (csv, TRUE);
  g_assert_cmpint (first_layer (r)->imported, ==, 2);
  g_assert_cmpint (first_layer (r)->rejected->len, ==, 0);
  g_assert_cmpint (count_rows (f, "rejected_rows"), ==, 0);
}

static void
test_rejections_capped (Fixture       *f,
                        gconstpointer  data)
{
  GString *csv = g_string_new ("name,lat,lon\n");
  g_autoptr (SmImportResult) r = NULL;

  for (int i = 0; i < 10500; i++)
    g_string_append_printf (csv, "S%d,north,east\n", i);
  g_string_append (csv, "B,57.1,9.8\n");
  r = import_text (f, "many.csv", csv->str, SM_IMPORT_KIND_SITES, NULL);
  g_string_free (csv, TRUE);
  g_assert_cmpint (first_layer (r)->imported, ==, 1);
  g_assert_cmpint (first_layer (r)->rejected->len, ==, 10000);
  g_assert_cmpint (sm_import_result_count_rejected (r), ==, 10500);
  g_assert_cmpint (count_rows (f, "rejected_rows"), ==, 10000);
  g_assert_true (has_note (r, "500"));
}

static void
test_fifo_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "pipe.csv", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmImportResult) r = NULL;
  g_autoptr (SmSource) source = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  /* Nobody writes to it: reading it would hang the test. */
  r = import_file (f, fifo, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_null (r);
  g_assert_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_UNREADABLE);
  g_clear_error (&error);
  source = sm_source_open (fifo, &error);
  g_assert_null (source);
  g_assert_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_UNREADABLE);
}

static void
test_unbalanced_quote_noted (Fixture       *f,
                             gconstpointer  data)
{
  GString *csv = g_string_new ("name,lat,lon\nA,57.0,9.9\n\"B,57.1,9.8\n");
  g_autoptr (SmImportResult) r = NULL;

  for (int i = 0; i < 100; i++)
    g_string_append_printf (csv, "S%d,57.%d,9.%d\n", i, i % 10, i % 10);
  r = import_text (f, "quote.csv", csv->str, SM_IMPORT_KIND_SITES, NULL);
  g_string_free (csv, TRUE);
  g_assert_true (has_note (r, "line 3"));
}

/* 12. Small parsing errors */

static void
test_number_edge_cases (void)
{
  double v = 0;

  g_assert_false (sm_parse_coordinate ("--5", &v));
  g_assert_false (sm_parse_coordinate ("0x39", &v));
  g_assert_false (sm_parse_coordinate ("nan", &v));
  g_assert_false (sm_parse_coordinate ("inf", &v));
  g_assert_true (sm_parse_coordinate ("-5", &v));
  g_assert_cmpfloat (v, ==, -5);
  g_assert_cmpint (sm_parse_number ("--5", SM_NUMBER_STYLE_UNKNOWN, &v), ==, SM_NUMBER_INVALID);
  g_assert_cmpint (sm_parse_number ("+-5", SM_NUMBER_STYLE_UNKNOWN, &v), ==, SM_NUMBER_INVALID);
  g_assert_cmpint (sm_parse_number ("0x39", SM_NUMBER_STYLE_UNKNOWN, &v), ==, SM_NUMBER_INVALID);
  /* Subnormal and underflowing values read alike, as the tiny numbers they are */
  g_assert_true (sm_parse_coordinate ("1e-320", &v));
  g_assert_true (sm_parse_coordinate ("1.5e-320", &v));
  g_assert_cmpint (sm_parse_number ("1e-320", SM_NUMBER_STYLE_UNKNOWN, &v), ==, SM_NUMBER_OK);
  g_assert_cmpint (sm_parse_number ("1.5e-320", SM_NUMBER_STYLE_UNKNOWN, &v), ==, SM_NUMBER_OK);
  g_assert_cmpint (sm_parse_number ("1e-400", SM_NUMBER_STYLE_UNKNOWN, &v), ==, SM_NUMBER_OK);
  g_assert_cmpfloat (v, ==, 0);
  g_assert_cmpint (sm_parse_number ("1e400", SM_NUMBER_STYLE_UNKNOWN, &v), ==, SM_NUMBER_INVALID);
}

static void
test_hex_latitude_rejected (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (SmImportResult) r = import_text (f, "hex.csv",
                                              "name,lat,lon\n"
                                              "A,57.0,9.9\n"
                                              "B,0x39,9.8\n"
                                              "C,--57,9.8\n",
                                              SM_IMPORT_KIND_SITES, NULL);

  g_assert_cmpint (first_layer (r)->imported, ==, 1);
  assert_rejected (r, 3, "not a number");
  assert_rejected (r, 4, "not a number");
}

static void
test_sites_from_line_layer_refused (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, "network-aalborg.geojson", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmImportResult) r = import_file (f, file, SM_IMPORT_KIND_SITES, NULL, &error);

  g_assert_null (r);
  g_assert_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "network"));
  g_assert_cmpint (count_rows (f, "sites"), ==, 0);
}


/* 8. Clear errors, damaged and forged projects */

static void
test_forged_project_refused (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "forged.sqlite", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;"
                                          "CREATE TABLE foreign_data (x, y);"
                                          "INSERT INTO foreign_data VALUES (1, 2);",
                                          SM_PROJECT_APPLICATION_ID, SM_PROJECT_SCHEMA_VERSION);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) p = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = sm_test_file_checksum (path);
  p = sm_project_open (path, &error);
  g_assert_null (p);
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT);
  after = sm_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* An older version number: no migration runs on it either. */
  g_clear_error (&error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_free (before);
  before = sm_test_file_checksum (path);
  g_clear_object (&p);
  p = sm_project_open (path, &error);
  g_assert_null (p);
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT);
  g_free (after);
  after = sm_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static int
page_size_of (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;
  int size;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  size = ((guchar) contents[16] << 8) | (guchar) contents[17];
  return size == 1 ? 65536 : size;
}

/* The full check on open is remembered for a file that has not changed
 * since, so scripts that open a large project again and again pay it once
 * (sm_project_db_quick_check) */
static void
test_sound_project_remembered (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *stamps = g_build_filename (g_get_user_cache_dir (), "symbiomap",
                                              "checked-projects.ini", NULL);
  g_autofree char *canonical = g_canonicalize_filename (f->path, NULL);
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) again = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  import_sample_sites (f);
  g_clear_object (&f->project);
  again = sm_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_file (keys, stamps, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  first = g_key_file_get_string (keys, "checked", canonical, &error);
  g_assert_no_error (error);
  g_assert_false (sm_project_is_read_only (again));
  /* A change of the file is a new stamp: it is checked again */
  g_assert_true (sm_project_exec (again, "INSERT INTO settings VALUES ('t', 'x')", &error));
  g_clear_object (&again);
  again = sm_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (g_key_file_load_from_file (keys, stamps, G_KEY_FILE_NONE, NULL));
  second = g_key_file_get_string (keys, "checked", canonical, NULL);
  g_assert_nonnull (second);
  g_assert_cmpstr (first, !=, second);
}

static void
test_damaged_project_read_only (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) p = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int root = 0, page_size;
  FILE *fp;
  guchar junk[512];

  import_sample_sites (f);
  g_clear_object (&f->project);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "SELECT rootpage FROM sqlite_master WHERE name = 'sites'", -1, &stmt,
                      NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  page_size = page_size_of (f->path);
  memset (junk, 0xA5, sizeof junk);
  fp = g_fopen (f->path, "r+b");
  g_assert_nonnull (fp);
  g_assert_cmpint (fseek (fp, (long) (root - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (junk, 1, sizeof junk, fp), ==, sizeof junk);
  fclose (fp);
  before = sm_test_file_checksum (f->path);

  p = sm_project_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_true (sm_project_is_read_only (p));
  g_assert_nonnull (sm_project_get_warning (p));
  g_assert_nonnull (strstr (sm_project_get_warning (p), "damaged"));
  g_clear_object (&p);
  after = sm_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_read_only_hot_journal (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) p = NULL;
  g_autofree char *journal = g_strconcat (f->path, "-journal", NULL);
  pid_t pid;
  int status;

  import_sample_sites (f);
  g_clear_object (&f->project);
  /* A writer in rollback-journal mode dies in the middle of its write. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      sqlite3 *db;

      if (sqlite3_open (f->path, &db) != SQLITE_OK
          || sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 1;"
                               "BEGIN; UPDATE sites SET notes = hex (randomblob (2000));",
                           NULL, NULL, NULL) != SQLITE_OK)
        _exit (1);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);

  p = sm_project_open (f->path, &error);
  g_assert_null (p);
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "journal"));
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));

  /* Made writable, it opens, and the interrupted write is undone. */
  g_clear_error (&error);
  g_assert_cmpint (g_chmod (f->path, 0644), ==, 0);
  p = sm_project_open (f->path, &error);
  g_assert_no_error (error);
  f->project = g_steal_pointer (&p);
  g_assert_cmpint (count_rows (f, "sites WHERE notes IS NOT NULL AND length (notes) = 4000"), ==, 0);
  g_assert_cmpint (count_rows (f, "sites"), ==, 58);
}


/* Opens @path as an unprivileged user when run as root (for whom every
 * folder is writable); returns the error message, or "" when it opened. */
static char *
open_as_nobody (const char *path)
{
  int fds[2];
  pid_t pid;
  g_autofree char *message = NULL;
  char buf[1024];
  ssize_t n;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr (GError) error = NULL;
      SmProject *p;

      close (fds[0]);
      if (getuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        _exit (3);
      p = sm_project_open (path, &error);
      if (p == NULL && write (fds[1], error->message, strlen (error->message)) < 0)
        _exit (2);
      _exit (p == NULL ? 1 : 0);
    }
  close (fds[1]);
  while ((n = read (fds[0], buf, sizeof buf)) > 0)
    g_string_append_len (out, buf, n);
  close (fds[0]);
  {
    int status;
    g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
    g_assert_true (WIFEXITED (status));
    g_assert_cmpint (WEXITSTATUS (status), !=, 3);
  }
  return g_string_free (out, FALSE);
}

static void
test_folder_not_writable_said (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "shared", NULL);
  g_autofree char *path = g_build_filename (folder, "p.sqlite", NULL);
  g_autofree char *message = NULL;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  {
    g_autofree char *contents = NULL;
    gsize length;

    import_sample_sites (f);
    g_clear_object (&f->project);
    g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
    g_assert_true (g_file_set_contents (path, contents, length, NULL));
  }
  g_assert_cmpint (g_chmod (path, 0666), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  message = open_as_nobody (path);
  g_test_message ("opening in a folder that cannot be written: “%s”", message);
  g_chmod (folder, 0755);
  if (strstr (message, "not writable") == NULL)
    g_error ("a folder that cannot be written was reported as: %s", message);
}

static void
add (const char *path,
     void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  add ("/reliability/export/onto-project", test_export_onto_project);
  add ("/reliability/export/through-symlink", test_export_through_symlink);
  add ("/reliability/export/no-part-left", test_export_leaves_no_part);
  add ("/reliability/geometry/bad-wkt", test_bad_wkt_rows);
  add ("/reliability/geometry/huge-xy", test_huge_xy_rows);
  add ("/reliability/geometry/geojson-strings", test_geojson_string_coordinates);
  add ("/reliability/geometry/corrupt-gpkg-blob", test_corrupt_gpkg_blob);
  add ("/reliability/numbers/non-finite-amounts", test_non_finite_amounts);
  add ("/reliability/csv/cut-mid-row", test_csv_cut_mid_row);
  add ("/reliability/network/lines-checked", test_network_lines_checked);
  add ("/reliability/bounded/empty-rows", test_empty_rows_skipped);
  add ("/reliability/bounded/rejections-capped", test_rejections_capped);
  add ("/reliability/bounded/fifo-refused", test_fifo_refused);
  add ("/reliability/bounded/unbalanced-quote", test_unbalanced_quote_noted);
  g_test_add_func ("/reliability/parse/number-edge-cases", test_number_edge_cases);
  add ("/reliability/parse/hex-latitude", test_hex_latitude_rejected);
  add ("/reliability/parse/sites-from-lines", test_sites_from_line_layer_refused);
  add ("/reliability/project/forged-schema", test_forged_project_refused);
  add ("/reliability/project/damaged-read-only", test_damaged_project_read_only);
  add ("/reliability/project/sound-remembered", test_sound_project_remembered);
  add ("/reliability/project/read-only-hot-journal", test_read_only_hot_journal);
  add ("/reliability/project/folder-not-writable", test_folder_not_writable_said);
  return g_test_run ();
}
