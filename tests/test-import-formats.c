/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer and every format planners bring: CSV with Danish and
 * Swedish headers, Windows-1252 text, other SRSs, and the vector formats
 * GDAL writes (GeoJSON, Shapefile, GeoPackage, KML, ...).
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

int
main (int    argc,
      char **argv)
{
  sm_test_import_init (&argc, &argv);
  sm_test_import_add ("/import/sites/danish-csv", test_sites_danish_csv);
  sm_test_import_add ("/import/sites/latin1", test_sites_latin1);
  sm_test_import_add ("/import/sites/other-srs", test_sites_other_srs);
  sm_test_import_add ("/import/sites/formats", test_sites_formats);

  return g_test_run ();
}
