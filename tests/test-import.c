/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer: every format planners bring, Danish and Swedish headers,
 * Windows-1252 text, other SRSs, every kind of bad row, and the promise
 * that a failed, cancelled, strict or killed import leaves the project as
 * it was.
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
            const char *content,
            gssize      len)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, content, len, &error);
  g_assert_no_error (error);
  return path;
}

static int
count (SmProject  *project,
       const char *sql)
{
  sqlite3_stmt *stmt;
  int n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (sm_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Everything an import could change, to compare before and after */
static char *
state (SmProject *project)
{
  return g_strdup_printf ("sites=%d flows=%d exchanges=%d edges=%d imports=%d rejected=%d idx=%d",
                          count (project, "SELECT count(*) FROM sites"),
                          count (project, "SELECT count(*) FROM flows"),
                          count (project, "SELECT count(*) FROM exchanges"),
                          count (project, "SELECT count(*) FROM network_edges"),
                          count (project, "SELECT count(*) FROM imports"),
                          count (project, "SELECT count(*) FROM rejected_rows"),
                          count (project, "SELECT count(*) FROM idx_sites_geom"));
}

static SmImportResult *
run (Fixture      *f,
     const char   *file,
     SmImportKind  kind,
     const char   *srs,
     GError      **error)
{
  g_autoptr (SmImportOptions) options = sm_import_options_new (kind);

  options->srs = g_strdup (srs);
  return sm_import_run (f->project, file, options, NULL, NULL, NULL, error);
}

static SmLayerImport *
only_layer (SmImportResult *result)
{
  g_assert_nonnull (result);
  g_assert_cmpuint (result->layers->len, ==, 1);
  return g_ptr_array_index (result->layers, 0);
}

static SmSite *
site_by_ext (Fixture    *f,
             const char *ext_id)
{
  gint64 id = sm_project_find_site_by_ext_id (f->project, ext_id, NULL);

  g_assert_cmpint (id, >, 0);
  return sm_project_get_site (f->project, id, NULL);
}

/* Writes a vector file through GDAL: @rows are WKT (or NULL) followed by
 * the text of each field. */
static char *
write_ogr (Fixture            *f,
           const char         *driver,
           const char         *name,
           const char         *layer_name,
           int                 epsg,
           OGRwkbGeometryType  type,
           const char * const *fields,
           const OGRFieldType *types,
           const char * const *rows,
           int                 n_rows)
{
  char *path = g_build_filename (f->dir, name, NULL);
  GDALDriverH drv = GDALGetDriverByName (driver);
  GDALDatasetH ds;
  OGRSpatialReferenceH srs = NULL;
  OGRLayerH layer;
  int n_fields = g_strv_length ((char **) fields);

  g_assert_nonnull (drv);
  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_UPDATE, NULL, NULL, NULL);
  if (ds == NULL)
    ds = GDALCreate (drv, path, 0, 0, 0, GDT_Unknown, NULL);
  g_assert_nonnull (ds);
  if (epsg > 0)
    {
      srs = OSRNewSpatialReference (NULL);
      OSRImportFromEPSG (srs, epsg);
      /* The WKT below is x (longitude) first. */
      OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
    }
  layer = GDALDatasetCreateLayer (ds, layer_name, srs, type, NULL);
  g_assert_nonnull (layer);
  for (int i = 0; i < n_fields; i++)
    {
      OGRFieldDefnH fd = OGR_Fld_Create (fields[i], types ? types[i] : OFTString);
      OGR_L_CreateField (layer, fd, TRUE);
      OGR_Fld_Destroy (fd);
    }
  for (int r = 0; r < n_rows; r++)
    {
      const char * const *row = rows + r * (n_fields + 1);
      OGRFeatureH feature = OGR_F_Create (OGR_L_GetLayerDefn (layer));

      if (row[0] != NULL)
        {
          OGRGeometryH g = NULL;
          char *wkt = (char *) row[0];
          g_assert_cmpint (OGR_G_CreateFromWkt (&wkt, srs, &g), ==, OGRERR_NONE);
          OGR_F_SetGeometryDirectly (feature, g);
        }
      for (int i = 0; i < n_fields; i++)
        if (row[i + 1] != NULL)
          /* By name: some drivers (KML) add fields of their own first. */
          OGR_F_SetFieldString (feature, OGR_F_GetFieldIndex (feature, fields[i]), row[i + 1]);
      g_assert_cmpint (OGR_L_CreateFeature (layer, feature), ==, OGRERR_NONE);
      OGR_F_Destroy (feature);
    }
  if (srs)
    OSRDestroySpatialReference (srs);
  GDALClose (ds);
  return path;
}

/* Sites */

static void
test_sites_sample (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
  g_autoptr (SmImportResult) again = NULL;
  g_autoptr (SmSite) portland = NULL;
  SmLayerImport *l;

  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->rows_read, ==, 58);
  g_assert_cmpint (l->imported, ==, 58);
  g_assert_cmpint (l->sites_created, ==, 58);
  g_assert_cmpuint (l->rejected->len, ==, 0);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM idx_sites_geom"), ==, 58);

  portland = site_by_ext (f, "AAL-01");
  g_assert_cmpstr (portland->name, ==, "Aalborg Portland A/S");
  g_assert_cmpstr (portland->address, ==, "Rørdalsvej 44, 9220 Aalborg Øst");
  g_assert_cmpfloat_with_epsilon (portland->lat, 57.05, 0.05);

  /* The same file again merges into the same sites by site_id. */
  again = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (again);
  g_assert_cmpint (l->sites_created, ==, 0);
  g_assert_cmpint (l->sites_merged, ==, 58);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, 58);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM imports"), ==, 2);
}

static void
test_sites_danish_csv (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = write_file (f, "virksomheder.csv",
                                      "Lokalitet;Navn;CVR;Breddegrad;Længdegrad;Kontaktperson;E-mail\n"
                                      "D1;Rørdal Fjernvarme;11111111;57,0456;9,9932;Søren Ærø;a@b.example\n"
                                      "D2;Østhavnens Køleri;22222222;57.0501;9.9610;;\n",
                                      -1);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
  g_autoptr (SmSite) d1 = NULL;
  g_autoptr (SmSite) d2 = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (only_layer (result)->imported, ==, 2);
  d1 = site_by_ext (f, "D1");
  g_assert_cmpstr (d1->name, ==, "Rørdal Fjernvarme");
  g_assert_cmpstr (d1->org_number, ==, "11111111");
  g_assert_cmpstr (d1->contact_name, ==, "Søren Ærø");
  g_assert_cmpstr (d1->contact_email, ==, "a@b.example");
  g_assert_cmpfloat_with_epsilon (d1->lat, 57.0456, 1e-9);
  g_assert_cmpfloat_with_epsilon (d1->lon, 9.9932, 1e-9);
  d2 = site_by_ext (f, "D2");
  g_assert_cmpstr (d2->name, ==, "Østhavnens Køleri");
  g_assert_cmpfloat_with_epsilon (d2->lon, 9.961, 1e-9);
}

static void
test_sites_latin1 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  /* Windows-1252 bytes: "anläggning;företag;lat;lon" and Öresundskraft, Kemira Kemi – Helsingborg */
  const char content[] = "anl\xe4ggning;f\xf6retag;lat;lon\r\n"
                         "S1;\xd6resundskraft \x96 Filbornaverket;56,0736;12,7536\r\n"
                         "S2;Kemira Kemi AB, Helsingborg;56,0139;12,7101\r\n";
  g_autofree char *file = write_file (f, "anlaggningar.csv", content, sizeof content - 1);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
  g_autoptr (SmSite) s1 = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (only_layer (result)->imported, ==, 2);
  s1 = site_by_ext (f, "S1");
  g_assert_cmpstr (s1->name, ==, "Öresundskraft – Filbornaverket");
}

static void
test_sites_other_srs (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  /* Reference: gdaltransform -s_srs EPSG:25832 -t_srs EPSG:4326 of 555000 6320000 */
  g_autofree char *geojson = write_file (f, "utm.geojson",
    "{\"type\":\"FeatureCollection\",\"crs\":{\"type\":\"name\",\"properties\":{\"name\":"
    "\"urn:ogc:def:crs:EPSG::25832\"}},\"features\":[{\"type\":\"Feature\",\"properties\":"
    "{\"id\":\"U1\",\"name\":\"Utm site\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":"
    "[555000,6320000]}}]}",
    -1);
  g_autofree char *xy = write_file (f, "sweref.csv",
                                    "id;namn;x;y\nX1;Sweref site;360000;6215000\n", -1);
  g_autoptr (SmImportResult) r1 = run (f, geojson, SM_IMPORT_KIND_SITES, NULL, &error);
  g_autoptr (SmImportResult) r2 = NULL;
  g_autoptr (SmImportResult) r3 = NULL;
  g_autoptr (SmSite) u1 = NULL;
  g_autoptr (SmSite) x1 = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (only_layer (r1)->imported, ==, 1);
  u1 = site_by_ext (f, "U1");
  g_assert_cmpfloat_with_epsilon (u1->lat, 57.0202068340058, 1e-7);
  g_assert_cmpfloat_with_epsilon (u1->lon, 9.90588782802078, 1e-7);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM imports WHERE srs = 'EPSG:25832'"), ==, 1);

  /* x/y columns need the SRS they are in. */
  r2 = run (f, xy, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_SRS);
  g_assert_null (r2);
  g_clear_error (&error);
  r2 = run (f, xy, SM_IMPORT_KIND_SITES, "EPSG:nonsense", &error);
  g_assert_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_SRS);
  g_clear_error (&error);

  /* Reference: gdaltransform -s_srs EPSG:3006 of 360000 6215000 */
  r3 = run (f, xy, SM_IMPORT_KIND_SITES, "EPSG:3006", &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_layer (r3)->imported, ==, 1);
  x1 = site_by_ext (f, "X1");
  g_assert_cmpfloat_with_epsilon (x1->lat, 56.0596686601619, 1e-7);
  g_assert_cmpfloat_with_epsilon (x1->lon, 12.7515702950579, 1e-7);
}

static const char * const site_fields[] = { "site_id", "namn", "org_number", NULL };
/* KML keeps a placemark's name in its own <name> element. */
static const char * const kml_fields[] = { "site_id", "Name", "org_number", NULL };

static void
check_formats_site (Fixture    *f,
                    const char *ext_id,
                    const char *name,
                    double      lat,
                    double      lon)
{
  g_autoptr (SmSite) s = site_by_ext (f, ext_id);

  g_assert_cmpstr (s->name, ==, name);
  g_assert_cmpfloat_with_epsilon (s->lat, lat, 1e-6);
  g_assert_cmpfloat_with_epsilon (s->lon, lon, 1e-6);
}

static void
test_sites_formats (Fixture       *f,
                    gconstpointer  data)
{
  const char * const rows4326[] = {
    "POINT (12.7 56.05)", "F1", "Öresundskraft", "5560000001",
    "POINT (9.95 57.05)", "F2", "Aalborg Portland", "14244214",
  };
  /* The same two points in SWEREF99 TM (EPSG:3006), for the Shapefile's .prj */
  const char * const rows3006[] = {
    "POINT (360000 6215000)", "F3", "Sweref Shape AB", NULL,
  };
  const char * const plain_fields[] = { "id", "företag", "lat", "lon", NULL };
  const OGRFieldType plain_types[] = { OFTString, OFTString, OFTReal, OFTReal };
  const char * const plain_rows[] = {
    NULL, "F4", "Kalkværket A/S", "55.5", "11.25",
  };
  struct { const char *driver, *file; } formats[] = {
    { "GPKG", "sites.gpkg" },
    { "GML", "sites.gml" },
    { "FlatGeobuf", "sites.fgb" },
    { "KML", "sites.kml" },
  };
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      gboolean kml = g_str_equal (formats[i].driver, "KML");
      g_autofree char *file = write_ogr (f, formats[i].driver, formats[i].file, "sites", 4326,
                                         wkbPoint, kml ? kml_fields : site_fields, NULL, rows4326, 2);
      g_autoptr (SmImportResult) result = NULL;

      g_test_message ("format %s", formats[i].driver);
      result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (only_layer (result)->imported, ==, 2);
      check_formats_site (f, "F1", "Öresundskraft", 56.05, 12.7);
      check_formats_site (f, "F2", "Aalborg Portland", 57.05, 9.95);
      g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, 2);
    }

  /* A Shapefile with .prj in EPSG:3006 and a .cpg */
  {
    g_autofree char *file = write_ogr (f, "ESRI Shapefile", "sites3006.shp", "sites3006", 3006,
                                       wkbPoint, site_fields, NULL, rows3006, 1);
    g_autofree char *prj = g_build_filename (f->dir, "sites3006.prj", NULL);
    g_autoptr (SmImportResult) result = NULL;

    g_assert_true (g_file_test (prj, G_FILE_TEST_EXISTS));
    result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (only_layer (result)->imported, ==, 1);
    check_formats_site (f, "F3", "Sweref Shape AB", 56.0596686601619, 12.7515702950579);
  }

  /* Spreadsheets: typed number cells */
  {
    const char *drivers[] = { "XLSX", "ODS" };
    const char *names[] = { "sites.xlsx", "sites.ods" };

    for (guint i = 0; i < G_N_ELEMENTS (drivers); i++)
      {
        g_autofree char *file = write_ogr (f, drivers[i], names[i], "Ark1", 0, wkbNone,
                                           plain_fields, plain_types, plain_rows, 1);
        g_autoptr (SmImportResult) result = NULL;

        g_test_message ("format %s", drivers[i]);
        result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
        g_assert_no_error (error);
        g_assert_cmpint (only_layer (result)->imported, ==, 1);
        check_formats_site (f, "F4", "Kalkværket A/S", 55.5, 11.25);
      }
  }

  /* A GeoPackage with two layers: both are imported, each recorded. */
  {
    const char * const more[] = { "POINT (10.2 56.15)", "G2", "Aarhus Havn", NULL };
    g_autofree char *file = write_ogr (f, "GPKG", "two.gpkg", "north", 4326, wkbPoint, site_fields,
                                       NULL, rows4326, 1);
    g_autoptr (SmImportResult) result = NULL;
    int imports_before = count (f->project, "SELECT count(*) FROM imports");

    g_free (write_ogr (f, "GPKG", "two.gpkg", "south", 4326, wkbPoint, site_fields, NULL, more, 1));
    result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (result->layers->len, ==, 2);
    g_assert_cmpint (sm_import_result_count_imported (result), ==, 2);
    g_assert_cmpint (count (f->project, "SELECT count(*) FROM imports"), ==, imports_before + 2);
    check_formats_site (f, "G2", "Aarhus Havn", 56.15, 10.2);
  }
}

static SmRejectedRow *
find_rejected (SmLayerImport *l,
               int            row)
{
  for (guint i = 0; i < l->rejected->len; i++)
    {
      SmRejectedRow *rr = g_ptr_array_index (l->rejected, i);
      if (rr->row == row)
        return rr;
    }
  g_error ("row %d was not rejected", row);
  return NULL;
}

static void
assert_rejected (SmLayerImport *l,
                 int            row,
                 const char    *field,
                 const char    *reason_part)
{
  SmRejectedRow *rr = find_rejected (l, row);

  g_test_message ("row %d: %s: %s", row, rr->field, rr->reason);
  g_assert_cmpstr (rr->field, ==, field);
  g_assert_nonnull (strstr (rr->reason, reason_part));
}

static void
test_sites_bad_rows (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = write_file (f, "bad-sites.csv",
                                      "id,name,lat,lon\n"          /* row 1 */
                                      "A1,Alpha,57.01,9.91\n"      /* 2 */
                                      "A2,Beta,57.02,9.92\n"       /* 3 */
                                      "A3,Gamma,57.03,9.93\n"      /* 4 */
                                      "A4,Delta,57.04,9.94\n"      /* 5 */
                                      "A5,Epsilon,57.05,9.95\n"    /* 6 */
                                      "B1,,57.06,9.96\n"           /* 7: no name */
                                      "B2,Too North,91.2,9.9\n"    /* 8 */
                                      "B3,Swapped,9.97,57.07\n"    /* 9 */
                                      "B4,Not a number,57.0x,9.9\n" /* 10 */
                                      "B5,No place,,\n"             /* 11 */
                                      "B6,Too East,57.0,190.5\n"    /* 12 */
                                      "B7,Null island,0,0\n"        /* 13 */
                                      "A6,Zeta,57.06,9.96\n",       /* 14 */
                                      -1);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
  SmLayerImport *l;

  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->rows_read, ==, 13);
  g_assert_cmpint (l->imported, ==, 6);
  g_assert_cmpuint (l->rejected->len, ==, 7);
  assert_rejected (l, 7, "name", "name");
  assert_rejected (l, 8, "lat", "91.2 is out of range");
  assert_rejected (l, 9, "lat", "swapped");
  assert_rejected (l, 10, "lat", "57.0x");
  assert_rejected (l, 11, "lat", "location");
  assert_rejected (l, 12, "lon", "190.5");
  assert_rejected (l, 13, "lat", "0, 0");
  /* Recorded in the project with the import */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM rejected_rows WHERE row = 8 AND "
                                      "field = 'lat' AND value LIKE '91.2%'"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT rejected FROM imports"), ==, 7);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, 6);
}

static void
test_sites_empty_geometry (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = write_file (f, "wkt.csv",
                                      "id;name;wkt\n"
                                      "W1;Point site;POINT (9.9 57.0)\n"
                                      "W2;Empty site;POINT EMPTY\n"
                                      "W3;Polygon site;POLYGON ((10 56, 10.02 56, 10.02 56.02, 10 56.02, 10 56))\n"
                                      "W4;Garbage;POINT (9.9\n",
                                      -1);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
  g_autoptr (SmSite) w3 = NULL;
  SmLayerImport *l;

  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->imported, ==, 2);
  g_assert_cmpuint (l->rejected->len, ==, 2);
  find_rejected (l, 3);
  g_assert_nonnull (strstr (find_rejected (l, 3)->reason, "empty"));
  find_rejected (l, 5);
  /* A polygon's centroid marks the site. */
  w3 = site_by_ext (f, "W3");
  g_assert_cmpfloat_with_epsilon (w3->lat, 56.01, 1e-6);
  g_assert_cmpfloat_with_epsilon (w3->lon, 10.01, 1e-6);
}

/* Flows */

static void
import_sample_sites (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);

  g_assert_no_error (error);
}

static SmFlow *
flow_where (Fixture    *f,
            const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT flow_id FROM flows WHERE %s", where);
  int id = count (f->project, sql);

  g_assert_cmpint (id, >, 0);
  return sm_project_get_flow (f->project, id, NULL);
}

static void
test_flows_samples (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *da = g_build_filename (SOURCE_SAMPLES_DIR, "flows-da.csv", NULL);
  g_autofree char *sv = g_build_filename (SOURCE_SAMPLES_DIR, "flows-sv.csv", NULL);
  g_autoptr (SmImportResult) r1 = NULL;
  g_autoptr (SmImportResult) r2 = NULL;
  g_autoptr (SmFlow) chalk = NULL;
  g_autoptr (SmFlow) dh = NULL;
  g_autoptr (SmFlow) cold = NULL;

  import_sample_sites (f);
  r1 = run (f, da, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_layer (r1)->imported, ==, 199);
  r2 = run (f, sv, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_layer (r2)->imported, ==, 51);

  /* "42.000" in a column that writes decimal commas is 42 000. */
  chalk = flow_where (f, "material LIKE 'Kridtslam til røggasafsvovling%'");
  g_assert_cmpfloat (chalk->amount, ==, 42000);
  g_assert_cmpstr (chalk->ewc_code, ==, "010410");
  g_assert_cmpstr (chalk->unit, ==, "t/yr");
  /* "1.950 GWh/år" is 1 950 000 MWh/yr. */
  dh = flow_where (f, "material LIKE 'Fjernvarme, Aalborg-nettet%'");
  g_assert_cmpfloat (dh->amount, ==, 1950000);
  g_assert_cmpfloat (dh->temperature_c, ==, 80);
  /* Windows-1252 text and a decimal comma temperature */
  cold = flow_where (f, "material = 'Kylvatten, lågtempererat'");
  g_assert_cmpfloat (cold->temperature_c, ==, 32.5);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows WHERE material LIKE '%Järnoxidslam%'"),
                   ==, 1);
  /* Existing exchanges named by the partner column */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM exchanges WHERE status = 'operational'"),
                   >, 5);
}

static void
test_flows_bad_rows (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = write_file (f, "flows.csv",
    "lokalitet;retning;ressource;affaldskode;materiale;mængde;enhed;temperatur;driftstimer;partner\n"
    "AAL-01;overskud;varme;;Røggas;12,5;GWh/år;95;;\n"             /* 2 ok: 12 500 MWh */
    "AAL-02;behov;varme;;Proces;800;kW;70;6000;\n"                 /* 3 ok: 4 800 MWh */
    "AAL-03;behov;materiale;03 01, 17;Træ;1 200;t/år;;;\n"         /* 4 ok: prefixes */
    "AAL-04;overskud;materiale;17 05 03*;Jord;300;t/år;;;\n"       /* 5 ok: hazardous */
    "AAL-01;overskud;plasma;;;10;t/år;;;\n"                        /* 6 unknown resource */
    "AAL-01;overskud;varme;;;ca. 40;MWh/år;;;\n"                   /* 7 amount */
    "AAL-01;overskud;varme;;;40;furlongs;;;\n"                     /* 8 unit */
    "AAL-01;overskud;materiale;21 01 01;;40;t/år;;;\n"             /* 9 EWC chapter */
    "XXX-99;overskud;varme;;;40;MWh/år;;;\n"                       /* 10 unknown site */
    "AAL-01;;varme;;;40;MWh/år;;;\n"                               /* 11 no direction */
    "AAL-01;overskud;varme;;;40;kW;;;\n"                           /* 12 rate without hours */
    "AAL-01;overskud;varme;;;40;t/år;;;\n"                         /* 13 unit does not fit */
    "AAL-01;overskud;materiale;;;40;t/år;;;\n"                     /* 14 no EWC code */
    "AAL-01;overskud;varme;;;40;MWh/år;hot;;\n"                    /* 15 temperature */
    "AAL-01;overskud;varme;;;-40;MWh/år;;;\n"                      /* 16 negative */
    "AAL-01;overskud;varme;;;40;MWh/år;;9000;\n"                   /* 17 hours */
    "AAL-01;udbud;vand;;;45 000;m³/år;;;\n",                       /* 18 ok */
    -1);
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (SmFlow) f2 = NULL;
  g_autoptr (SmFlow) f3 = NULL;
  g_autoptr (SmFlow) f4 = NULL;
  g_autoptr (SmFlow) f5 = NULL;
  SmLayerImport *l;

  import_sample_sites (f);
  result = run (f, file, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->rows_read, ==, 17);
  g_assert_cmpint (l->imported, ==, 5);
  assert_rejected (l, 6, "resource", "plasma");
  assert_rejected (l, 7, "amount", "ca. 40");
  assert_rejected (l, 8, "unit", "furlongs");
  assert_rejected (l, 9, "ewc_code", "21");
  assert_rejected (l, 10, "site_id", "XXX-99");
  assert_rejected (l, 11, "direction", "missing");
  assert_rejected (l, 12, "hours_per_year", "kW");
  assert_rejected (l, 13, "unit", "t/år");
  assert_rejected (l, 14, "ewc_code", "EWC");
  assert_rejected (l, 15, "temperature_c", "hot");
  assert_rejected (l, 16, "amount", "-40");
  assert_rejected (l, 17, "hours_per_year", "9000");

  f2 = flow_where (f, "material = 'Røggas'");
  g_assert_cmpfloat (f2->amount, ==, 12500);
  f3 = flow_where (f, "material = 'Proces'");
  g_assert_cmpfloat_with_epsilon (f3->amount, 4800, 1e-9);
  g_assert_cmpfloat (f3->hours_per_year, ==, 6000);
  f4 = flow_where (f, "material = 'Træ'");
  g_assert_cmpstr (f4->ewc_code, ==, "0301;17");
  g_assert_cmpfloat (f4->amount, ==, 1200);
  f5 = flow_where (f, "material = 'Jord'");
  g_assert_cmpstr (f5->ewc_code, ==, "170503*");
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows WHERE resource = 'water' AND "
                                      "amount = 45000"), ==, 1);
}

static void
test_flows_ambiguous (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *guided = write_file (f, "guided.csv",
                                        "site_id,direction,resource,amount\n"
                                        "AAL-01,supply,heat,150.000\n"
                                        "AAL-01,supply,heat,12.5\n",
                                        -1);
  g_autofree char *unguided = write_file (f, "unguided.csv",
                                          "site_id,direction,resource,amount\n"
                                          "AAL-02,supply,heat,150.000\n",
                                          -1);
  g_autoptr (SmImportResult) r1 = NULL;
  g_autoptr (SmImportResult) r2 = NULL;
  SmLayerImport *l;

  import_sample_sites (f);
  /* The column writes decimal points: 150.000 is 150. */
  r1 = run (f, guided, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows WHERE amount = 150"), ==, 1);
  /* Nothing to go by: read as a decimal point, and said so. */
  r2 = run (f, unguided, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (r2);
  g_assert_cmpint (l->imported, ==, 1);
  g_assert_cmpuint (l->notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (l->notes, 0), "150.000"));
}

static void
test_flows_with_sites (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  /* No site_id: the rows carry the site; the same name within 50 m is the
   * same site, 300 m away it is another. */
  g_autofree char *file = write_file (f, "mixed.csv",
    "company;lat;lon;direction;resource;amount;unit;temperature\n"
    "Bryggeriet;57.0000;9.9000;supply;heat;1000;MWh/yr;40\n"
    "Bryggeriet;57.0002;9.9002;demand;water;5000;m3/yr;\n"
    "Bryggeriet;57.0030;9.9000;supply;co2;300;t/yr;\n"
    "Mejeriet;;;demand;heat;200;MWh/yr;60\n",
    -1);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_FLOWS, NULL, &error);
  SmLayerImport *l;

  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->imported, ==, 3);
  g_assert_cmpint (l->sites_created, ==, 2);
  g_assert_cmpint (l->sites_merged, ==, 1);
  assert_rejected (l, 5, "lat", "Mejeriet");
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE name = 'Bryggeriet'"), ==, 2);
}

static void
test_flows_missing_column (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = write_file (f, "noamount.csv",
                                      "site_id;direction;resource;how much\n"
                                      "AAL-01;supply;heat;100\n", -1);
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_FLOWS);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_sample_sites (f);
  before = state (f->project);
  result = run (f, file, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "amount"));
  g_clear_error (&error);
  after = state (f->project);
  g_assert_cmpstr (before, ==, after);

  /* An explicit mapping names it. */
  g_hash_table_insert (options->mapping, g_strdup ("amount"), g_strdup ("how much"));
  result = sm_import_run (f->project, file, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_layer (result)->imported, ==, 1);
  g_clear_pointer (&result, sm_import_result_free);

  g_hash_table_insert (options->mapping, g_strdup ("amount"), g_strdup ("no such column"));
  result = sm_import_run (f->project, file, options, NULL, NULL, NULL, &error);
  g_assert_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING);
  g_assert_null (result);
}

/* Network */

static void
test_network (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, "network-aalborg.geojson", NULL);
  g_autofree char *osm = write_file (f, "port.osm",
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<osm version='0.6' generator='test'>\n"
    " <node id='1' lat='57.05' lon='9.95' version='1'/>\n"
    " <node id='2' lat='57.05' lon='9.96' version='1'/>\n"
    " <node id='3' lat='57.06' lon='9.96' version='1'/>\n"
    " <way id='10' version='1'><nd ref='1'/><nd ref='2'/><nd ref='3'/>"
    "<tag k='highway' v='service'/><tag k='name' v='Kajvej'/></way>\n"
    "</osm>\n", -1);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_NETWORK, NULL, &error);
  g_autoptr (SmImportResult) r2 = NULL;
  g_autoptr (SmImportResult) r3 = NULL;
  SmLayerImport *l;

  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->rows_read, ==, 77);
  g_assert_cmpint (l->imported, ==, 77);
  /* The one multi-line is split in two. */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM network_edges"), ==, 78);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM network_edges WHERE length_m > 0"), ==, 78);
  g_assert_cmpuint (l->notes->len, ==, 1);

  /* OSM: only the layers with lines */
  r2 = run (f, osm, SM_IMPORT_KIND_NETWORK, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_import_result_count_imported (r2), ==, 1);
  /* 0.01° of longitude at 57.05° N plus 0.01° of latitude: about 605 m + 1113 m */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM network_edges WHERE name = 'Kajvej' "
                                      "AND kind = 'service' AND length_m BETWEEN 1700 AND 1730"),
                   ==, 1);

  /* Points are no network. */
  {
    g_autofree char *sites = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
    r3 = run (f, sites, SM_IMPORT_KIND_NETWORK, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (only_layer (r3)->imported, ==, 0);
    g_assert_nonnull (strstr (((SmRejectedRow *) g_ptr_array_index (only_layer (r3)->rejected, 0))->reason,
                              "not a line"));
  }
}

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

/* Above 20 000 rows into an empty project, the importer finds sites to
 * merge in memory instead of through the name and org_number indexes:
 * the same rules must hold. */
static void
test_bulk_merge (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "bulk.csv", NULL);
  FILE *out = fopen (path, "w");
  g_autoptr (SmImportResult) result = NULL;
  SmLayerImport *l;
  int n = 24000, merged = 0;

  fputs ("site_id,name,org_number,lat,lon\n", out);
  for (int i = 0; i < n; i++)
    {
      double lat = 55 + (i % 150) * 0.01, lon = 9 + (i / 150) * 0.01;

      if (i >= 1000 && i % 1000 == 0)
        {
          /* The same site_id again */
          fprintf (out, "K%d,Other name %d,,%.6f,%.6f\n", i - 500, i, lat, lon);
          merged++;
        }
      else if (i >= 1000 && i % 1000 == 1)
        {
          /* No site_id, the org_number of row i - 600 */
          fprintf (out, ",Renamed %d,ORG%d,%.6f,%.6f\n", i, i - 600, lat, lon);
          merged++;
        }
      else if (i >= 1000 && i % 1000 == 2)
        {
          /* No site_id: the name of the site three rows up, 11 m away; then
           * the same name 2 km away, which is another site. */
          double up_lat = 55 + ((i - 3) % 150) * 0.01, up_lon = 9 + ((i - 3) / 150) * 0.01;
          fprintf (out, ",Company %d,,%.6f,%.6f\n", i - 3, up_lat + 0.0001, up_lon);
          fprintf (out, ",Company %d,,%.6f,%.6f\n", i - 3, up_lat + 0.02, up_lon);
          merged++;
        }
      else
        fprintf (out, "K%d,Company %d,ORG%d,%.6f,%.6f\n", i, i, i, lat, lon);
    }
  fclose (out);

  result = run (f, path, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->sites_merged, ==, merged);
  g_assert_cmpint (l->sites_created, ==, l->imported - merged);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, l->sites_created);
  /* The merged rows filled the earlier sites */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE ext_id = 'K500' AND "
                                      "name = 'Other name 1000'"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE org_number = 'ORG401' AND "
                                      "name = 'Renamed 1001'"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE name = 'Company 999'"), ==, 2);
  /* The indexes are back, and the spatial index holds every site */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                      "AND name IN ('sites_name', 'sites_org_number')"), ==, 2);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM idx_sites_geom"), ==, l->sites_created);
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
  g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
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
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  GDALAllRegister ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/import/sites/sample", test_sites_sample);
  ADD ("/import/sites/danish-csv", test_sites_danish_csv);
  ADD ("/import/sites/latin1", test_sites_latin1);
  ADD ("/import/sites/other-srs", test_sites_other_srs);
  ADD ("/import/sites/formats", test_sites_formats);
  ADD ("/import/sites/bad-rows", test_sites_bad_rows);
  ADD ("/import/sites/empty-geometry", test_sites_empty_geometry);
  ADD ("/import/flows/samples", test_flows_samples);
  ADD ("/import/flows/bad-rows", test_flows_bad_rows);
  ADD ("/import/flows/ambiguous", test_flows_ambiguous);
  ADD ("/import/flows/with-sites", test_flows_with_sites);
  ADD ("/import/flows/missing-column", test_flows_missing_column);
  ADD ("/import/network", test_network);
  ADD ("/import/unreadable", test_unreadable);
  ADD ("/import/strict", test_strict);
  ADD ("/import/sites/bulk-merge", test_bulk_merge);
  ADD ("/import/cancel", test_cancel);
  ADD ("/import/async", test_async);
  ADD ("/import/kill", test_kill);
#undef ADD

  return g_test_run ();
}
