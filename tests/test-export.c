/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GeoPackage export of the sample project, checked with GDAL: layers,
 * geometry types, counts, fields, SRS, spatial indexes, styles, GDAL's own
 * validate_gpkg.py, a round trip of the sites, and failures that leave
 * nothing behind.
 */
#include "config.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <unistd.h>

#include "sm-export.h"
#include "sm-import.h"
#include "sm-synergy.h"
#include "sm-test-util.h"

typedef struct
{
  char      *dir;
  SmProject *project;
} Fixture;

static void
import_sample (SmProject    *project,
               const char   *name,
               SmImportKind  kind)
{
  g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, name, NULL);
  g_autoptr (SmImportOptions) options = sm_import_options_new (kind);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmImportResult) result = sm_import_run (project, file, options, NULL, NULL, NULL,
                                                     &error);

  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = sm_test_make_tmpdir ();
  path = g_build_filename (f->dir, "sample.sqlite", NULL);
  f->project = sm_project_create (path, &error);
  g_assert_no_error (error);
  import_sample (f->project, "sites.geojson", SM_IMPORT_KIND_SITES);
  import_sample (f->project, "flows-da.csv", SM_IMPORT_KIND_FLOWS);
  import_sample (f->project, "flows-sv.csv", SM_IMPORT_KIND_FLOWS);
  import_sample (f->project, "network-aalborg.geojson", SM_IMPORT_KIND_NETWORK);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
}

static gboolean
export (Fixture    *f,
        const char *path,
        const char *srs,
        GError    **error)
{
  SmExportOptions options = { .srs = (char *) srs, .layers = SM_EXPORT_ALL };

  return sm_export_run (f->project, path, &options, NULL, NULL, NULL, NULL, error);
}

static void
check_fields (OGRLayerH           layer,
              const char * const *names,
              const OGRFieldType *types)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);

  g_assert_cmpint (OGR_FD_GetFieldCount (defn), ==, g_strv_length ((char **) names));
  for (int i = 0; names[i] != NULL; i++)
    {
      OGRFieldDefnH fd = OGR_FD_GetFieldDefn (defn, i);

      g_assert_cmpstr (OGR_Fld_GetNameRef (fd), ==, names[i]);
      g_assert_cmpint (OGR_Fld_GetType (fd), ==, types[i]);
    }
}

static int
sql_count (GDALDatasetH  ds,
           const char   *sql)
{
  OGRLayerH result = GDALDatasetExecuteSQL (ds, sql, NULL, NULL);
  OGRFeatureH f;
  int n = -1;

  g_assert_nonnull (result);
  f = OGR_L_GetNextFeature (result);
  if (f != NULL)
    {
      n = OGR_F_GetFieldAsInteger (f, 0);
      OGR_F_Destroy (f);
    }
  GDALDatasetReleaseResultSet (ds, result);
  return n;
}

static void
test_layers (Fixture       *f,
             gconstpointer  data)
{
  static const char * const site_fields[] = {
    "site_id", "ext_id", "name", "org_number", "sector", "address", "contact_name",
    "contact_email", "phone", "supply_count", "demand_count", NULL };
  static const OGRFieldType site_types[] = {
    OFTInteger64, OFTString, OFTString, OFTString, OFTString, OFTString, OFTString, OFTString,
    OFTString, OFTInteger, OFTInteger };
  static const char * const flow_fields[] = {
    "flow_id", "site_id", "site_name", "direction", "resource", "ewc_code", "material", "amount",
    "unit", "temperature_c", "hours_per_year", NULL };
  static const OGRFieldType flow_types[] = {
    OFTInteger64, OFTInteger64, OFTString, OFTString, OFTString, OFTString, OFTString, OFTReal,
    OFTString, OFTReal, OFTReal };
  static const char * const synergy_fields[] = {
    "supply_flow_id", "demand_flow_id", "supply_site", "demand_site", "resource",
    "matched_amount", "unit", "capacity_mw", "delivered_net", "heat_loss_mwh", "straight_m",
    "route_m", "route_method", "heat_pump", "cop", "investment_eur", "annual_cost_eur_yr",
    "lcoh_eur_mwh", "payback_yr", "co2_avoided_t_yr", "transport", "trucks_per_yr",
    "electricity_mwh_yr", "cost_eur", "in_portfolio", "status", "note", NULL };
  static const OGRFieldType synergy_types[] = {
    OFTInteger64, OFTInteger64, OFTString, OFTString, OFTString,
    OFTReal, OFTString, OFTReal, OFTReal, OFTReal, OFTReal,
    OFTReal, OFTString, OFTInteger, OFTReal, OFTReal, OFTReal,
    OFTReal, OFTReal, OFTReal, OFTString, OFTReal,
    OFTReal, OFTReal, OFTInteger, OFTString, OFTString };
  /* As synergies, without the distances */
  static const char * const internal_fields[] = {
    "supply_flow_id", "demand_flow_id", "supply_site", "demand_site", "resource",
    "matched_amount", "unit", "capacity_mw", "delivered_net", "heat_loss_mwh",
    "heat_pump", "cop", "investment_eur", "annual_cost_eur_yr",
    "lcoh_eur_mwh", "payback_yr", "co2_avoided_t_yr", "transport", "trucks_per_yr",
    "electricity_mwh_yr", "cost_eur", "in_portfolio", "status", "note", NULL };
  static const OGRFieldType internal_types[] = {
    OFTInteger64, OFTInteger64, OFTString, OFTString, OFTString,
    OFTReal, OFTString, OFTReal, OFTReal, OFTReal,
    OFTInteger, OFTReal, OFTReal, OFTReal,
    OFTReal, OFTReal, OFTReal, OFTString, OFTReal,
    OFTReal, OFTReal, OFTInteger, OFTString, OFTString };
  static const char * const exchange_fields[] = {
    "exchange_id", "supply_site", "demand_site", "resource", "status", "note", "created",
    "updated", "source_file", NULL };
  static const OGRFieldType exchange_types[] = {
    OFTInteger64, OFTString, OFTString, OFTString, OFTString, OFTString, OFTString, OFTString,
    OFTString };
  static const char * const network_fields[] = { "edge_id", "name", "kind", "length_m", NULL };
  static const OGRFieldType network_types[] = { OFTInteger64, OFTString, OFTString, OFTReal };
  g_autofree char *out = g_build_filename (f->dir, "hand-over.gpkg", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) synergies = sm_synergy_find_all (f->project, NULL, NULL, NULL, NULL, &error);
  g_autoptr (GPtrArray) exchanges = sm_project_list_exchanges (f->project, &error);
  GDALDatasetH ds;
  struct { const char *name; OGRwkbGeometryType type; int count; } expected[] = {
    { "sites", wkbPoint, 58 },
    { "flows", wkbPoint, 250 },
    { "synergies", wkbLineString, 0 },
    { "network", wkbLineString, 78 },
    { "internal_synergies", wkbPoint, 0 },
    { "exchanges", wkbLineString, 0 },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < synergies->len; i++)
    expected[((SmSynergy *) g_ptr_array_index (synergies, i))->internal ? 4 : 2].count++;
  expected[5].count = exchanges->len;
  g_assert_cmpint (expected[2].count, >, 100);
  g_assert_cmpint (expected[4].count, >, 0);
  g_assert_cmpint (expected[5].count, >, 0);
  g_assert_true (export (f, out, NULL, &error));
  g_assert_no_error (error);

  ds = GDALOpenEx (out, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  g_assert_nonnull (ds);
  g_assert_cmpstr (GDALGetDriverShortName (GDALGetDatasetDriver (ds)), ==, "GPKG");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      OGRLayerH layer = GDALDatasetGetLayerByName (ds, expected[i].name);
      OGRSpatialReferenceH srs;

      g_assert_nonnull (layer);
      g_assert_cmpint (wkbFlatten (OGR_L_GetGeomType (layer)), ==, expected[i].type);
      g_assert_cmpint (OGR_L_GetFeatureCount (layer, TRUE), ==, expected[i].count);
      srs = OGR_L_GetSpatialRef (layer);
      g_assert_cmpstr (OSRGetAuthorityCode (srs, NULL), ==, "4326");
      g_assert_cmpstr (GDALGetMetadataItem ((GDALMajorObjectH) layer, "DESCRIPTION", NULL), !=, NULL);
      g_assert_cmpstr (GDALGetMetadataItem ((GDALMajorObjectH) layer, "DESCRIPTION", NULL), !=, "");
    }
  check_fields (GDALDatasetGetLayerByName (ds, "sites"), site_fields, site_types);
  check_fields (GDALDatasetGetLayerByName (ds, "flows"), flow_fields, flow_types);
  check_fields (GDALDatasetGetLayerByName (ds, "synergies"), synergy_fields, synergy_types);
  check_fields (GDALDatasetGetLayerByName (ds, "network"), network_fields, network_types);
  check_fields (GDALDatasetGetLayerByName (ds, "internal_synergies"), internal_fields, internal_types);
  check_fields (GDALDatasetGetLayerByName (ds, "exchanges"), exchange_fields, exchange_types);

  /* Every synergy a valid geometry: lines of some length, internal ones
   * points (a zero-length line is invalid for GEOS); some in the portfolio */
  {
    OGRLayerH lines = GDALDatasetGetLayerByName (ds, "synergies");
    OGRLayerH points = GDALDatasetGetLayerByName (ds, "internal_synergies");
    OGRFeatureH feature;
    int kept = 0;

    OGR_L_ResetReading (lines);
    while ((feature = OGR_L_GetNextFeature (lines)) != NULL)
      {
        OGRGeometryH g = OGR_F_GetGeometryRef (feature);

        g_assert_true (OGR_G_IsValid (g));
        g_assert_cmpfloat (OGR_G_Length (g), >, 0);
        kept += OGR_F_GetFieldAsInteger (feature, OGR_F_GetFieldIndex (feature, "in_portfolio"));
        OGR_F_Destroy (feature);
      }
    g_assert_cmpint (kept, >, 0);
    OGR_L_ResetReading (points);
    while ((feature = OGR_L_GetNextFeature (points)) != NULL)
      {
        g_assert_true (OGR_G_IsValid (OGR_F_GetGeometryRef (feature)));
        OGR_F_Destroy (feature);
      }
  }

  /* A spatial index on each layer, and a default QGIS style for each */
  g_assert_cmpint (sql_count (ds, "SELECT count(*) FROM gpkg_extensions WHERE "
                                  "extension_name = 'gpkg_rtree_index'"), ==, 6);
  g_assert_cmpint (sql_count (ds, "SELECT count(*) FROM layer_styles WHERE useAsDefault = 1 "
                                  "AND styleQML LIKE '<!DOCTYPE qgis%'"), ==, 6);
  /* Synergies coloured by levelised cost, heat pumps and existing
   * exchanges by rules of their own */
  g_assert_cmpint (sql_count (ds, "SELECT count(*) FROM layer_styles WHERE f_table_name IN "
                                  "('synergies', 'internal_synergies') AND styleQML LIKE "
                                  "'%RuleRenderer%lcoh_eur_mwh%' AND styleQML LIKE '%heat_pump%' "
                                  "AND styleQML LIKE '%operational%'"), ==, 2);
  g_assert_cmpint (sql_count (ds, "SELECT count(*) FROM layer_styles WHERE f_table_name = 'flows' "
                                  "AND styleQML LIKE '%categorizedSymbol%attr=\"resource\"%'"), ==, 1);
  g_assert_cmpint (sql_count (ds, "SELECT count(*) FROM layer_styles WHERE f_table_name = 'synergies' "
                                  "AND styleQML LIKE '%matched_amount%'"), ==, 1);
  GDALClose (ds);

  /* Nothing beside it */
  {
    g_autofree char *listing = sm_test_dir_listing (f->dir);
    g_assert_null (strstr (listing, ".part"));
  }
}

static void
test_validate (Fixture       *f,
               gconstpointer  data)
{
  const char *scripts[] = {
    "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py",
    "/usr/share/doc/python3-gdal/examples/validate_gpkg.py",
  };
  const char *script = NULL;
  g_autofree char *out = g_build_filename (f->dir, "valid.gpkg", NULL);
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (scripts) && script == NULL; i++)
    if (g_file_test (scripts[i], G_FILE_TEST_EXISTS))
      script = scripts[i];
  if (script == NULL)
    {
      g_test_skip ("validate_gpkg.py (python3-gdal) is not installed");
      return;
    }
  g_assert_true (export (f, out, "EPSG:25832", &error));
  {
    const char *argv[] = { "python3", script, out, NULL };
    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, &err, &status,
                  &error);
  }
  g_assert_no_error (error);
  g_test_message ("validate_gpkg.py: %s", err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

static void
test_srs (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "utm.gpkg", NULL);
  g_autoptr (GError) error = NULL;
  GDALDatasetH ds;
  OGRLayerH layer;
  OGRFeatureH feature;
  OGRGeometryH g;

  g_assert_true (export (f, out, "EPSG:25832", &error));
  g_assert_no_error (error);
  ds = GDALOpenEx (out, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  layer = GDALDatasetGetLayerByName (ds, "sites");
  g_assert_cmpstr (OSRGetAuthorityCode (OGR_L_GetSpatialRef (layer), NULL), ==, "25832");
  OGR_L_SetAttributeFilter (layer, "ext_id = 'AAL-01'");
  feature = OGR_L_GetNextFeature (layer);
  g_assert_nonnull (feature);
  g = OGR_F_GetGeometryRef (feature);
  /* Aalborg Portland in UTM zone 32: easting about 560 km, northing 6323 km */
  g_assert_cmpfloat (OGR_G_GetX (g, 0), >, 550000);
  g_assert_cmpfloat (OGR_G_GetX (g, 0), <, 570000);
  g_assert_cmpfloat (OGR_G_GetY (g, 0), >, 6315000);
  g_assert_cmpfloat (OGR_G_GetY (g, 0), <, 6330000);
  OGR_F_Destroy (feature);
  GDALClose (ds);

  g_assert_false (export (f, out, "EPSG:nonsense", &error));
  g_assert_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_SRS);
}

/* The exported sites, imported into a new project, are the same sites. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "round.gpkg", NULL);
  g_autofree char *path = g_build_filename (f->dir, "again.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) again = NULL;
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GPtrArray) after = NULL;

  g_assert_true (export (f, out, NULL, &error));
  again = sm_project_create (path, &error);
  g_assert_no_error (error);
  options->layer = g_strdup ("sites");
  result = sm_import_run (again, out, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_import_result_count_imported (result), ==, 58);

  before = sm_project_list_sites (f->project, NULL);
  after = sm_project_list_sites (again, NULL);
  g_assert_cmpuint (before->len, ==, after->len);
  for (guint i = 0; i < before->len; i++)
    {
      SmSite *a = g_ptr_array_index (before, i);
      SmSite *b = g_ptr_array_index (after, i);

      g_assert_cmpstr (a->ext_id, ==, b->ext_id);
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->org_number, ==, b->org_number);
      g_assert_cmpstr (a->sector, ==, b->sector);
      g_assert_cmpstr (a->address, ==, b->address);
      g_assert_cmpstr (a->contact_name, ==, b->contact_name);
      g_assert_cmpstr (a->contact_email, ==, b->contact_email);
      g_assert_cmpstr (a->phone, ==, b->phone);
      g_assert_cmpfloat_with_epsilon (a->lat, b->lat, 1e-9);
      g_assert_cmpfloat_with_epsilon (a->lon, b->lon, 1e-9);
    }
}

/* A failed or cancelled export leaves nothing behind and keeps the file
 * that was there. */
static void
test_failures (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *locked = g_build_filename (f->dir, "locked", NULL);
  g_autofree char *target = NULL;
  g_autofree char *out_dir = g_build_filename (f->dir, "out", NULL);
  g_autofree char *keep = g_build_filename (out_dir, "keep.gpkg", NULL);
  g_autofree char *listing_before = NULL;
  g_autofree char *listing_after = NULL;
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  SmExportOptions options = { .layers = SM_EXPORT_ALL };
  const char *folder;

  /* A read-only folder: root writes anywhere it has permission bits
   * against it, so root tries /sys, which refuses everyone. */
  if (geteuid () == 0)
    folder = "/sys";
  else
    {
      g_assert_cmpint (g_mkdir (locked, 0555), ==, 0);
      folder = locked;
    }
  target = g_build_filename (folder, "out.gpkg", NULL);
  listing_before = sm_test_dir_listing (folder);
  g_assert_false (export (f, target, NULL, &error));
  g_assert_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, folder));
  g_clear_error (&error);
  listing_after = sm_test_dir_listing (folder);
  g_assert_cmpstr (listing_before, ==, listing_after);

  /* Cancelled: the old file stays as it was, no partial file is left */
  g_assert_cmpint (g_mkdir (out_dir, 0755), ==, 0);
  g_assert_true (g_file_set_contents (keep, "keep", -1, NULL));
  g_free (listing_before);
  listing_before = sm_test_dir_listing (out_dir);
  g_cancellable_cancel (cancellable);
  g_assert_false (sm_export_run (f->project, keep, &options, NULL, NULL, cancellable, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (keep, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "keep");
  g_free (listing_after);
  listing_after = sm_test_dir_listing (out_dir);
  g_assert_cmpstr (listing_before, ==, listing_after);

  /* Layers by name */
  g_assert_cmpuint (sm_export_layers_parse ("sites, network", NULL), ==,
                    SM_EXPORT_SITES | SM_EXPORT_NETWORK);
  g_assert_cmpuint (sm_export_layers_parse ("sites,roads", &error), ==, 0);
  g_assert_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_LAYERS);
  if (geteuid () != 0)
    g_chmod (locked, 0755);
}

/* "Only the current filter": heat only */
static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *out = g_build_filename (f->dir, "heat.gpkg", NULL);
  g_autoptr (GError) error = NULL;
  SmExportOptions options = { .layers = SM_EXPORT_SITES | SM_EXPORT_FLOWS,
                              .resources = 1u << SM_RESOURCE_HEAT };
  SmExportCounts counts = { 0 };
  g_autoptr (GPtrArray) flows = sm_project_list_flows (f->project, 0, NULL);
  g_autoptr (GHashTable) heat_sites = g_hash_table_new (g_int64_hash, g_int64_equal);
  int heat_flows = 0;
  GDALDatasetH ds;

  for (guint i = 0; i < flows->len; i++)
    {
      SmFlow *fl = g_ptr_array_index (flows, i);
      if (fl->resource == SM_RESOURCE_HEAT)
        {
          heat_flows++;
          g_hash_table_add (heat_sites, &fl->site_id);
        }
    }
  g_assert_true (sm_export_run (f->project, out, &options, NULL, NULL, NULL, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpint (counts.flows, ==, heat_flows);
  g_assert_cmpint (counts.sites, ==, g_hash_table_size (heat_sites));
  g_assert_cmpint (counts.sites, <, 58);
  ds = GDALOpenEx (out, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  g_assert_null (GDALDatasetGetLayerByName (ds, "synergies"));
  g_assert_cmpint (sql_count (ds, "SELECT count(*) FROM flows WHERE resource <> 'heat'"), ==, 0);
  GDALClose (ds);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  GDALAllRegister ();
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/export/layers", test_layers);
  ADD ("/export/validate-gpkg", test_validate);
  ADD ("/export/srs", test_srs);
  ADD ("/export/round-trip", test_round_trip);
  ADD ("/export/failures", test_failures);
  ADD ("/export/filter", test_filter);
#undef ADD
  return g_test_run ();
}
