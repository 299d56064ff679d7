/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads one layer (or every layer) of a user's file through GDAL and
 * writes it into the project as sites, flows or network lines, in one
 * transaction, rejecting the rows it cannot use with a reason a planner
 * understands (DATA-MODEL.md).
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include <cpl_error.h>
#include <gdal.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>

#include "sm-gdal-errors.h"
#include "sm-import.h"
#include "sm-osm-roads.h"
#include "sm-import-guard.h"
#include "sm-geom-text.h"
#include "sm-parse.h"
#include "sm-number-notes.h"
#include "sm-outliers.h"
#include "sm-progress.h"
#include "sm-reconcile.h"
#include "sm-registers.h"
#include "sm-source-sniff.h"

G_DEFINE_QUARK (sm-import-error-quark, sm_import_error)

/* Every field any kind reads; the per-kind tables below list them in the
 * order a column is tried against them. */
typedef enum
{
  F_SITE_ID,
  F_NAME,
  F_ORG_NUMBER,
  F_SECTOR,
  F_ADDRESS,
  F_POSTCODE,
  F_CITY,
  F_CONTACT_NAME,
  F_CONTACT_EMAIL,
  F_PHONE,
  F_NOTES,
  F_LAT,
  F_LON,
  F_X,
  F_Y,
  F_WKT,
  F_DIRECTION,
  F_RESOURCE,
  F_EWC_CODE,
  F_MATERIAL,
  F_AMOUNT,
  F_UNIT,
  F_TEMPERATURE,
  F_HOURS,
  F_PARTNER,
  F_KIND,
  N_FIELDS
} FieldId;

#define A(...) ((const char * const[]) { __VA_ARGS__, NULL })

static const SmImportField all_fields[N_FIELDS] = {
  [F_SITE_ID] = { "site_id", N_("Site ID"), FALSE,
                  A ("ext_id", "site_id", "id", "site", "site_key", "lokalitet", "anlæg", "anläggning",
                     "siteid", "facilityinspireid") },
  [F_NAME] = { "name", N_("Name"), TRUE,
               A ("name", "company", "navn", "virksomhed", "firma", "namn", "företag", "site_name",
                  "sitename", "facility_name", "facilityname", "company_name", "companyname") },
  [F_ORG_NUMBER] = { "org_number", N_("Organisation number"), FALSE,
                     A ("org_number", "cvr", "cvr_nr", "orgnr", "organisationsnummer") },
  [F_SECTOR] = { "sector", N_("Sector"), FALSE, A ("sector", "nace", "branche", "bransch") },
  [F_ADDRESS] = { "address", N_("Address"), FALSE, A ("address", "adresse", "adress", "street") },
  /* Joined into the address: "Vej 1, 8000 Aarhus C" */
  [F_POSTCODE] = { "postcode", N_("Postcode"), FALSE,
                   A ("postcode", "postnr", "post_nr", "postnummer", "postal_code", "zip", "zip_code",
                      "plz") },
  [F_CITY] = { "city", N_("City"), FALSE,
               A ("city", "by", "bynavn", "postdistrikt", "ort", "postort", "town") },
  [F_CONTACT_NAME] = { "contact_name", N_("Contact"), FALSE,
                       A ("contact_name", "contact", "kontakt", "kontaktperson") },
  [F_CONTACT_EMAIL] = { "contact_email", N_("E-mail"), FALSE,
                        A ("contact_email", "email", "e_mail", "mail", "epost", "e_post") },
  [F_PHONE] = { "phone", N_("Phone"), FALSE, A ("phone", "telefon", "tlf") },
  [F_NOTES] = { "notes", N_("Notes"), FALSE,
                A ("notes", "note", "noter", "bemærkninger", "anteckningar", "comments") },
  [F_LAT] = { "lat", N_("Latitude"), FALSE, A ("lat", "latitude", "breddegrad") },
  [F_LON] = { "lon", N_("Longitude"), FALSE,
              A ("lon", "longitude", "lng", "long", "længdegrad", "längdgrad") },
  [F_X] = { "x", N_("Easting (x)"), FALSE, A ("x", "easting", "east") },
  [F_Y] = { "y", N_("Northing (y)"), FALSE, A ("y", "northing", "north") },
  [F_WKT] = { "wkt", N_("Geometry as WKT"), FALSE, A ("wkt", "geom", "geometry") },
  [F_DIRECTION] = { "direction", N_("Direction"), TRUE,
                    A ("direction", "retning", "riktning", "type") },
  [F_RESOURCE] = { "resource", N_("Resource"), TRUE,
                   A ("resource", "ressource", "resurs", "resource_type") },
  /* TRANSLATORS: the European Waste Catalogue code of a material */
  [F_EWC_CODE] = { "ewc_code", N_("EWC code"), FALSE,
                   A ("ewc_code", "ewc", "lov", "affaldskode", "avfallskod", "waste_code") },
  [F_MATERIAL] = { "material", N_("Material"), FALSE, A ("material", "materiale", "fraktion") },
  [F_AMOUNT] = { "amount", N_("Amount"), TRUE,
                 A ("amount", "quantity", "volume", "mængde", "mängd") },
  [F_UNIT] = { "unit", N_("Unit"), FALSE, A ("unit", "enhed", "enhet") },
  [F_TEMPERATURE] = { "temperature_c", N_("Temperature (°C)"), FALSE,
                      A ("temperature_c", "temperature", "temperatur", "temp") },
  [F_HOURS] = { "hours_per_year", N_("Hours per year"), FALSE,
                A ("hours_per_year", "hours", "timer", "timmar", "driftstimer", "drifttimmar") },
  [F_PARTNER] = { "partner_site_id", N_("Partner site"), FALSE, A ("partner_site_id", "partner") },
  /* TRANSLATORS: the kind of a network line: road, quay, pipe corridor */
  [F_KIND] = { "kind", N_("Line kind"), FALSE,
               A ("kind", "highway", "type", "kategori", "category") },
};

static const FieldId site_fields[] = {
  F_SITE_ID, F_NAME, F_ORG_NUMBER, F_SECTOR, F_ADDRESS, F_POSTCODE, F_CITY, F_CONTACT_NAME, F_CONTACT_EMAIL,
  F_PHONE, F_NOTES, F_LAT, F_LON, F_X, F_Y, F_WKT,
};
static const FieldId flow_fields[] = {
  F_SITE_ID, F_DIRECTION, F_RESOURCE, F_EWC_CODE, F_MATERIAL, F_AMOUNT, F_UNIT, F_TEMPERATURE,
  F_HOURS, F_PARTNER, F_NOTES, F_NAME, F_ORG_NUMBER, F_SECTOR, F_ADDRESS, F_POSTCODE, F_CITY, F_CONTACT_NAME,
  F_CONTACT_EMAIL, F_PHONE, F_LAT, F_LON, F_X, F_Y, F_WKT,
};
static const FieldId network_fields[] = { F_NAME, F_KIND };

static const FieldId *
kind_fields (SmImportKind kind,
             guint       *n)
{
  switch (kind)
    {
    case SM_IMPORT_KIND_SITES:
      *n = G_N_ELEMENTS (site_fields);
      return site_fields;
    case SM_IMPORT_KIND_FLOWS:
      *n = G_N_ELEMENTS (flow_fields);
      return flow_fields;
    case SM_IMPORT_KIND_NETWORK:
      *n = G_N_ELEMENTS (network_fields);
      return network_fields;
    case SM_IMPORT_KIND_INVALID:
    case SM_N_IMPORT_KINDS:
    default:
      *n = 0;
      return NULL;
    }
}

static const char * const kind_keys[SM_N_IMPORT_KINDS] = { "sites", "flows", "network" };

const char *
sm_import_kind_to_key (SmImportKind kind)
{
  g_return_val_if_fail (kind >= 0 && kind < SM_N_IMPORT_KINDS, NULL);
  return kind_keys[kind];
}

SmImportKind
sm_import_kind_from_key (const char *key)
{
  for (int i = 0; i < SM_N_IMPORT_KINDS; i++)
    if (g_strcmp0 (key, kind_keys[i]) == 0)
      return i;
  return SM_IMPORT_KIND_INVALID;
}

const char *
sm_import_kind_get_label (SmImportKind kind)
{
  switch (kind)
    {
    case SM_IMPORT_KIND_SITES:
      return _("Company sites");
    case SM_IMPORT_KIND_FLOWS:
      return _("Resource flows");
    case SM_IMPORT_KIND_NETWORK:
      /* TRANSLATORS: roads, quays and pipe corridors a pipe route can follow */
      return _("Network lines");
    case SM_IMPORT_KIND_INVALID:
    case SM_N_IMPORT_KINDS:
    default:
      return NULL;
    }
}

/**
 * sm_import_get_fields:
 * @kind: an import kind
 * @n_fields: (out): how many
 *
 * Returns: (array length=n_fields): the fields @kind reads, with their
 *   column aliases; for the field-mapping view and `--map`
 */
const SmImportField *
sm_import_get_fields (SmImportKind  kind,
                      guint        *n_fields)
{
  static SmImportField *tables[SM_N_IMPORT_KINDS];
  static gsize done;

  g_return_val_if_fail (kind >= 0 && kind < SM_N_IMPORT_KINDS, NULL);

  if (g_once_init_enter (&done))
    {
      for (int k = 0; k < SM_N_IMPORT_KINDS; k++)
        {
          guint n;
          const FieldId *ids = kind_fields (k, &n);

          tables[k] = g_new0 (SmImportField, n);
          for (guint i = 0; i < n; i++)
            tables[k][i] = all_fields[ids[i]];
          /* A network line's name is not required. */
          if (k == SM_IMPORT_KIND_NETWORK)
            tables[k][0].required = FALSE;
          /* A flow names its site by site_id or by the site's own fields. */
          if (k == SM_IMPORT_KIND_FLOWS)
            for (guint i = 0; i < n; i++)
              if (ids[i] == F_NAME)
                tables[k][i].required = FALSE;
        }
      g_once_init_leave (&done, 1);
    }
  kind_fields (kind, n_fields);
  return tables[kind];
}

static FieldId
field_id_from_name (const char *name)
{
  for (int i = 0; i < N_FIELDS; i++)
    if (g_str_equal (all_fields[i].name, name))
      return i;
  return N_FIELDS;
}

/* GDAL */

static void
ensure_gdal (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      GDALAllRegister ();
      sm_gdal_route_errors ();
      g_once_init_leave (&done, 1);
    }
}

static void
set_gdal_error (GError    **error,
                int         code,
                const char *path,
                const char *fallback)
{
  const char *msg = CPLGetLastErrorMsg ();
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *detail = sm_text_to_utf8 (msg != NULL && *msg != '\0' ? msg : fallback);

  g_set_error (error, SM_IMPORT_ERROR, code, _("Cannot read “%s”: %s"), base, detail);
}

static GDALDatasetH
open_dataset (const char *path,
              GError    **error)
{
  GDALDatasetH ds;

  ensure_gdal ();
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_UNREADABLE,
                   _("Cannot read “%s”: there is no such file"), base);
      return NULL;
    }
  if (!sm_import_check_regular (path, error))
    return NULL;
  CPLErrorReset ();
  CPLPushErrorHandler (CPLQuietErrorHandler);
  ds = sm_source_sniff_open (path);
  CPLPopErrorHandler ();
  if (ds == NULL)
    {
      set_gdal_error (error, SM_IMPORT_ERROR_UNREADABLE, path,
                      _("it is not a vector file GDAL knows (CSV, XLSX, ODS, GeoJSON, Shapefile, "
                        "GeoPackage, KML, GML, FlatGeobuf, OSM)"));
      return NULL;
    }
  if (GDALDatasetGetLayerCount (ds) == 0)
    {
      g_autofree char *base = g_path_get_basename (path);
      GDALClose (ds);
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_EMPTY,
                   _("“%s” has no layers to import"), base);
      return NULL;
    }
  return ds;
}

static char *
srs_to_string (OGRSpatialReferenceH srs)
{
  const char *auth, *code;

  if (srs == NULL)
    return NULL;
  auth = OSRGetAuthorityName (srs, NULL);
  code = OSRGetAuthorityCode (srs, NULL);
  if (auth == NULL || code == NULL)
    {
      OGRSpatialReferenceH copy = OSRClone (srs);
      char *result = NULL;

      if (OSRAutoIdentifyEPSG (copy) == OGRERR_NONE && OSRGetAuthorityCode (copy, NULL) != NULL)
        result = g_strdup_printf ("EPSG:%s", OSRGetAuthorityCode (copy, NULL));
      OSRDestroySpatialReference (copy);
      if (result == NULL)
        {
          const char *name = OSRGetName (srs);
          result = g_strdup (name ? name : "?");
        }
      return result;
    }
  if (g_str_equal (auth, "OGC") && g_str_equal (code, "CRS84"))
    return g_strdup ("EPSG:4326");
  return g_strdup_printf ("%s:%s", auth, code);
}

static void
source_layer_free (SmSourceLayer *layer)
{
  g_free (layer->name);
  g_ptr_array_unref (layer->columns);
  g_free (layer->geometry_type);
  g_free (layer->srs);
  g_free (layer->geometry_column);
  g_free (layer);
}

static SmSourceLayer *
describe_layer (OGRLayerH layer)
{
  SmSourceLayer *out = g_new0 (SmSourceLayer, 1);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);

  out->name = sm_text_to_utf8 (OGR_L_GetName (layer));
  out->columns = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    g_ptr_array_add (out->columns,
                     sm_text_to_utf8 (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i))));
  out->n_features = OGR_L_GetFeatureCount (layer, FALSE);
  if (OGR_FD_GetGeomFieldCount (defn) > 0 && OGR_L_GetGeomType (layer) != wkbNone)
    {
      OGRwkbGeometryType type = OGR_L_GetGeomType (layer);

      /* GeoJSON with lines and multi-lines says "unknown": the first
       * feature tells what it holds. */
      if (wkbFlatten (type) == wkbUnknown)
        {
          OGRFeatureH first;

          OGR_L_ResetReading (layer);
          first = OGR_L_GetNextFeature (layer);
          if (first != NULL && OGR_F_GetGeometryRef (first) != NULL)
            type = OGR_G_GetGeometryType (OGR_F_GetGeometryRef (first));
          if (first != NULL)
            OGR_F_Destroy (first);
          OGR_L_ResetReading (layer);
        }
      out->geometry_type = g_strdup (OGRGeometryTypeToName (wkbFlatten (type)));
    }
  out->srs = srs_to_string (OGR_L_GetSpatialRef (layer));
  /* No geometry of its own: a column may hold it, whatever its name. */
  if (out->geometry_type == NULL)
    {
      int c = sm_geom_find_column (layer);

      if (c >= 0)
        out->geometry_column = g_strdup (g_ptr_array_index (out->columns, c));
    }
  return out;
}

/**
 * sm_source_open:
 * @path: a file GDAL reads
 * @error: return location for an error
 *
 * Returns: (transfer full): its format, layers and columns
 */
SmSource *
sm_source_open (const char  *path,
                GError     **error)
{
  g_autoptr (SmSource) source = g_new0 (SmSource, 1);
  GDALDatasetH ds = open_dataset (path, error);

  if (ds == NULL)
    return NULL;
  source->driver = g_strdup (GDALGetDriverShortName (GDALGetDatasetDriver (ds)));
  source->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) source_layer_free);
  for (int i = 0; i < GDALDatasetGetLayerCount (ds); i++)
    g_ptr_array_add (source->layers, describe_layer (GDALDatasetGetLayer (ds, i)));
  GDALClose (ds);
  return g_steal_pointer (&source);
}

void
sm_source_free (SmSource *source)
{
  if (source == NULL)
    return;
  g_free (source->driver);
  if (source->layers)
    g_ptr_array_unref (source->layers);
  g_free (source);
}

/* Field mapping */

/* Each field takes the unused column that matches its most preferred
 * alias: a GeoPackage exported by Symbiomap has both site_id (the
 * project's number) and ext_id (the user's key), and ext_id must win. */
static void
detect_columns (SmImportKind   kind,
                GPtrArray     *columns,
                int           *col)
{
  guint n;
  const FieldId *ids = kind_fields (kind, &n);
  g_autofree gboolean *used = g_new0 (gboolean, columns->len + 1);

  for (int f = 0; f < N_FIELDS; f++)
    col[f] = -1;
  for (guint i = 0; i < n; i++)
    {
      const SmImportField *field = &all_fields[ids[i]];

      for (guint a = 0; field->aliases[a] != NULL && col[ids[i]] < 0; a++)
        for (guint c = 0; c < columns->len; c++)
          if (!used[c] && sm_name_matches (g_ptr_array_index (columns, c), field->aliases[a]))
            {
              col[ids[i]] = c;
              used[c] = TRUE;
              break;
            }
    }
}

/* A column whose content is geometry, when no name found a location */
static void
use_geometry_column (SmImportKind         kind,
                     const SmSourceLayer *layer,
                     int                 *col)
{
  if (layer->geometry_column == NULL || kind == SM_IMPORT_KIND_NETWORK || col[F_WKT] >= 0
      || (col[F_LAT] >= 0 && col[F_LON] >= 0) || (col[F_X] >= 0 && col[F_Y] >= 0))
    return;
  for (guint c = 0; c < layer->columns->len; c++)
    if (g_str_equal (g_ptr_array_index (layer->columns, c), layer->geometry_column))
      {
        for (int f = 0; f < N_FIELDS; f++)
          if (col[f] == (int) c)
            return;
        col[F_WKT] = c;
        return;
      }
}

/**
 * sm_import_detect_mapping:
 * @kind: what the layer is imported as
 * @layer: a layer of a source
 *
 * Returns: (transfer full): field name -> column name for each field whose
 *   column the aliases of DATA-MODEL.md find
 */
GHashTable *
sm_import_detect_mapping (SmImportKind         kind,
                          const SmSourceLayer *layer)
{
  GHashTable *mapping = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  int col[N_FIELDS];

  detect_columns (kind, layer->columns, col);
  use_geometry_column (kind, layer, col);
  for (int f = 0; f < N_FIELDS; f++)
    if (col[f] >= 0)
      g_hash_table_insert (mapping, (gpointer) all_fields[f].name,
                           g_strdup (g_ptr_array_index (layer->columns, col[f])));
  return mapping;
}

/**
 * sm_import_guess_kind:
 * @layer: a layer of a source
 *
 * Returns: network for lines, flows when direction and resource columns
 *   are there, else sites
 */
SmImportKind
sm_import_guess_kind (const SmSourceLayer *layer)
{
  int col[N_FIELDS];

  /* A public register is read as sites (with their flows). */
  if (sm_register_detect (layer->columns) != SM_REGISTER_NONE)
    return SM_IMPORT_KIND_SITES;
  if (layer->geometry_type != NULL
      && (g_str_has_prefix (layer->geometry_type, "Line String")
          || g_str_has_prefix (layer->geometry_type, "Multi Line String")))
    return SM_IMPORT_KIND_NETWORK;
  detect_columns (SM_IMPORT_KIND_FLOWS, layer->columns, col);
  if (col[F_DIRECTION] >= 0 && col[F_RESOURCE] >= 0)
    return SM_IMPORT_KIND_FLOWS;
  return SM_IMPORT_KIND_SITES;
}

/**
 * sm_source_preview:
 * @path: a file GDAL reads
 * @layer: (nullable): its layer; the first when %NULL
 * @n_rows: how many rows
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type GStrv): the first @n_rows rows,
 *   one string per column in UTF-8 (empty for empty cells)
 */
GPtrArray *
sm_source_preview (const char  *path,
                   const char  *layer,
                   guint        n_rows,
                   GError     **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GDALDatasetH ds = open_dataset (path, error);
  OGRLayerH l;
  OGRFeatureH feature;

  if (ds == NULL)
    return NULL;
  l = layer ? GDALDatasetGetLayerByName (ds, layer) : GDALDatasetGetLayer (ds, 0);
  if (l == NULL)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_NO_LAYER, _("“%s” has no layer “%s”"),
                   base, layer);
      GDALClose (ds);
      return NULL;
    }
  CPLPushErrorHandler (CPLQuietErrorHandler);
  while (rows->len < n_rows && (feature = OGR_L_GetNextFeature (l)) != NULL)
    {
      int n = OGR_F_GetFieldCount (feature);
      char **cells = g_new0 (char *, n + 1);

      for (int i = 0; i < n; i++)
        {
          cells[i] = OGR_F_IsFieldSetAndNotNull (feature, i)
                       ? sm_text_to_utf8 (OGR_F_GetFieldAsString (feature, i)) : NULL;
          if (cells[i] == NULL)
            cells[i] = g_strdup ("");
        }
      g_ptr_array_add (rows, cells);
      OGR_F_Destroy (feature);
    }
  CPLPopErrorHandler ();
  GDALClose (ds);
  return g_steal_pointer (&rows);
}

SmImportOptions *
sm_import_options_new (SmImportKind kind)
{
  SmImportOptions *options = g_new0 (SmImportOptions, 1);

  options->kind = kind;
  options->mapping = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return options;
}

static SmImportOptions *
options_copy (const SmImportOptions *options)
{
  SmImportOptions *copy = sm_import_options_new (options->kind);
  GHashTableIter iter;
  gpointer key, value;

  copy->layer = g_strdup (options->layer);
  copy->srs = g_strdup (options->srs);
  copy->strict = options->strict;
  if (options->mapping)
    {
      g_hash_table_iter_init (&iter, options->mapping);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (copy->mapping, g_strdup (key), g_strdup (value));
    }
  return copy;
}

void
sm_import_options_free (SmImportOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->layer);
  g_free (options->srs);
  g_clear_pointer (&options->mapping, g_hash_table_unref);
  g_free (options);
}

/* Results */

static void
layer_import_free (SmLayerImport *layer)
{
  g_free (layer->layer);
  g_ptr_array_unref (layer->rejected);
  g_ptr_array_unref (layer->notes);
  g_free (layer->profile);
  g_free (layer);
}

void
sm_import_result_free (SmImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->file);
  g_ptr_array_unref (result->layers);
  g_free (result);
}

int
sm_import_result_count_imported (const SmImportResult *result)
{
  int n = 0;

  for (guint i = 0; i < result->layers->len; i++)
    n += ((SmLayerImport *) g_ptr_array_index (result->layers, i))->imported;
  return n;
}

int
sm_import_result_count_rejected (const SmImportResult *result)
{
  int n = 0;

  for (guint i = 0; i < result->layers->len; i++)
    n += ((SmLayerImport *) g_ptr_array_index (result->layers, i))->rejected->len
         + ((SmLayerImport *) g_ptr_array_index (result->layers, i))->rejected_not_kept;
  return n;
}

/* Reading one layer */

typedef struct
{
  gint64      flow_id;
  SmDirection direction;
  SmResource  resource;
  double      amount;
  int         row;
  char       *partner;
} PendingPartner;

/* A large import into an empty project drops the name and org_number
 * indexes, which cost a third of its time row by row, and builds them
 * once at the end. Meanwhile this in-memory map finds the sites the
 * import has written by the hash of their name or org_number; each hit
 * is checked against the row itself, so a hash collision costs a lookup
 * and never a wrong merge. */
typedef struct
{
  GHashTable *latest;    /* key hash -> the newest site_id with that key */
  GArray     *prev_name; /* site_id - base -> the previous site_id of the same name hash */
  GArray     *prev_org;  /* the same for org_number */
  gint64      base;
} SiteKeys;

typedef struct
{
  SmProject             *project;
  const SmImportOptions *options;
  const char            *path;
  OGRLayerH              layer;
  OGRFeatureDefnH        defn;
  SmLayerImport         *out;
  int                    col[N_FIELDS];
  gboolean               numeric[N_FIELDS];
  gboolean               has_geometry;
  OGRCoordinateTransformationH geom_ct;   /* layer geometry, x/y or WKT -> 4326 */
  OGRCoordinateTransformationH latlon_ct; /* lat/lon in another geographic SRS */
  SmNumberStyle          amount_style;
  int                    row_offset;
  /* Where the accepted points are, to tell a swapped lat/lon row */
  double                 sum_lat, sum_lon;
  int                    n_points;
  GArray                *partners;
  int                    n_multi, n_parts;
  char                  *srs_name;
  guint8                *seen_keys; /* NULL when the project had sites before */
  SiteKeys              *keys;      /* bulk import into an empty project */
  SmNameIndex           *names;     /* flows naming their site: made on first use */
  GArray                *points;    /* of SmImportPoint, to tell the far ones */
  int                    row;       /* the row being read, as the report numbers it */
  int                    n_number_notes;
} LayerReader;

/* Thrown out of a row: which field, which value, why */
typedef struct
{
  FieldId field;
  char   *value;
  char   *reason;
} Reject;

static void
reject_clear (Reject *r)
{
  g_clear_pointer (&r->value, g_free);
  g_clear_pointer (&r->reason, g_free);
}

static gboolean G_GNUC_PRINTF (4, 5)
reject (Reject     *r,
        FieldId     field,
        const char *value,
        const char *format,
        ...)
{
  va_list args;

  r->field = field;
  r->value = g_strdup (value);
  va_start (args, format);
  r->reason = g_strdup_vprintf (format, args);
  va_end (args);
  return FALSE;
}

/* The cell of @field as UTF-8 text, trimmed; NULL when empty or unmapped */
static char *
cell (LayerReader *r,
      OGRFeatureH  feature,
      FieldId      field)
{
  int c = r->col[field];
  char *text;

  if (c < 0 || !OGR_F_IsFieldSetAndNotNull (feature, c))
    return NULL;
  text = sm_text_to_utf8 (OGR_F_GetFieldAsString (feature, c));
  if (text == NULL)
    return NULL;
  g_strstrip (text);
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

typedef enum
{
  NUM_MISSING,
  NUM_OK,
  NUM_BAD,
} NumberCell;

/* A number cell: spreadsheet numbers come typed, CSV ones as text. */
static NumberCell
number_cell (LayerReader *r,
             OGRFeatureH  feature,
             FieldId      field,
             SmNumberStyle style,
             double      *value,
             char       **text,
             SmNumberResult *how)
{
  *text = cell (r, feature, field);
  *how = SM_NUMBER_OK;
  if (*text == NULL)
    return NUM_MISSING;
  if (r->numeric[field])
    {
      *value = OGR_F_GetFieldAsDouble (feature, r->col[field]);
      /* GeoJSON may hold NaN or 1e400 (Infinity) */
      return isfinite (*value) ? NUM_OK : NUM_BAD;
    }
  *how = sm_parse_number (*text, style, value);
  return *how == SM_NUMBER_INVALID ? NUM_BAD : NUM_OK;
}

static void
add_note (LayerReader *r,
          char        *note)
{
  g_ptr_array_add (r->out->notes, note);
}

static gboolean
check_point (LayerReader *r,
             FieldId      lat_field,
             double       lat,
             double       lon,
             Reject      *rej)
{
  char value[64];

  /* Formatted only for a rejected row: this runs for every row. */
#define POINT_VALUE (g_snprintf (value, sizeof value, "%.6f, %.6f", lat, lon), value)
  if (!isfinite (lat) || !isfinite (lon))
    return reject (rej, lat_field, POINT_VALUE, _("the location is not a finite number"));
  if (fabs (lat) > 90)
    {
      if (fabs (lon) <= 90)
        return reject (rej, lat_field, POINT_VALUE,
                       _("latitude %.6g is out of range (−90 to 90): latitude and longitude look swapped"),
                       lat);
      return reject (rej, lat_field, POINT_VALUE, _("latitude %.6g is out of range (−90 to 90)"), lat);
    }
  if (fabs (lon) > 180)
    return reject (rej, F_LON, POINT_VALUE, _("longitude %.6g is out of range (−180 to 180)"), lon);
  if (lat == 0 && lon == 0)
    return reject (rej, lat_field, POINT_VALUE,
                   _("location 0, 0 is in the sea off Africa: the coordinates are missing"));

  /* Both in range, but swapped: far from the other sites of the file,
   * while the swapped point is among them. */
  if (r->n_points >= 5)
    {
      double mlat = r->sum_lat / r->n_points, mlon = r->sum_lon / r->n_points;
      double d = hypot (lat - mlat, lon - mlon);
      double ds = hypot (lon - mlat, lat - mlon);

      if (d > 10 && ds < 2)
        return reject (rej, lat_field, POINT_VALUE,
                       _("latitude %.6g, longitude %.6g look swapped: the other sites are near %.4g, %.4g"),
                       lat, lon, mlat, mlon);
    }
#undef POINT_VALUE
  return TRUE;
}

static gboolean
transform_point (OGRCoordinateTransformationH ct,
                 double                      *x,
                 double                      *y)
{
  if (ct == NULL)
    return TRUE;
  return OCTTransform (ct, 1, x, y, NULL) && isfinite (*x) && isfinite (*y);
}

/* The location of a row: the layer's geometry, lat/lon, x/y or WKT.
 * Returns FALSE with @rej set when the row has one that is wrong, and
 * TRUE with NAN in @lat when the row has none. */
static gboolean
row_location (LayerReader *r,
              OGRFeatureH  feature,
              double      *lat,
              double      *lon,
              Reject      *rej)
{
  OGRGeometryH geom = r->has_geometry ? OGR_F_GetGeometryRef (feature) : NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  FieldId check_field = F_LAT;

  *lat = *lon = NAN;
  if (geom == NULL && r->col[F_WKT] >= 0 && (a = cell (r, feature, F_WKT)) != NULL)
    {
      int srid = 0;
      OGRGeometryH parsed = sm_geom_from_text (a, &srid);

      if (parsed == NULL)
        return reject (rej, F_WKT, a,
                       _("“%s” is not geometry as WKT, EWKT or WKB like POINT (9.95 57.05)"), a);
      geom = parsed;
      check_field = F_WKT;
      if (OGR_G_IsEmpty (geom))
        {
          OGR_G_DestroyGeometry (geom);
          return reject (rej, F_WKT, a, _("the geometry is empty"));
        }
      if (OGR_GT_IsSubClassOf (wkbFlatten (OGR_G_GetGeometryType (geom)), wkbCurve)
          || OGR_GT_IsSubClassOf (wkbFlatten (OGR_G_GetGeometryType (geom)), wkbMultiCurve))
        {
          OGR_G_DestroyGeometry (geom);
          return reject (rej, F_WKT, a, _("the geometry is a line, not a site's point or area"));
        }
      {
        OGRGeometryH point = wkbFlatten (OGR_G_GetGeometryType (geom)) == wkbPoint
          ? OGR_G_Clone (geom) : OGR_G_CreateGeometry (wkbPoint);

        if (wkbFlatten (OGR_G_GetGeometryType (geom)) != wkbPoint)
          OGR_G_Centroid (geom, point);
        *lon = OGR_G_GetX (point, 0);
        *lat = OGR_G_GetY (point, 0);
        OGR_G_DestroyGeometry (point);
      }
      OGR_G_DestroyGeometry (geom);
      /* EWKT and EWKB name their SRS; a --srs given still wins. */
      if (srid > 0 && srid != 4326 && r->options->srs == NULL)
        {
          if (!sm_geom_transform_point (srid, lon, lat))
            return reject (rej, F_WKT, a, _("the point cannot be transformed from EPSG:%d to WGS84"),
                           srid);
        }
      else if (!transform_point (r->geom_ct, lon, lat))
        return reject (rej, F_WKT, a, _("the point cannot be transformed from %s to WGS84"),
                       r->options->srs ? r->options->srs : "EPSG:4326");
    }
  else if (geom != NULL)
    {
      if (OGR_G_IsEmpty (geom))
        return reject (rej, F_LAT, NULL, _("the geometry is empty"));
      if (OGR_GT_IsSubClassOf (wkbFlatten (OGR_G_GetGeometryType (geom)), wkbCurve)
          || OGR_GT_IsSubClassOf (wkbFlatten (OGR_G_GetGeometryType (geom)), wkbMultiCurve))
        return reject (rej, F_WKT, NULL, _("the geometry is a line, not a site's point or area"));
      if (wkbFlatten (OGR_G_GetGeometryType (geom)) == wkbPoint)
        {
          *lon = OGR_G_GetX (geom, 0);
          *lat = OGR_G_GetY (geom, 0);
        }
      else
        {
          /* A building outline or a plot: its centroid marks the site. */
          OGRGeometryH point = OGR_G_CreateGeometry (wkbPoint);

          OGR_G_Centroid (geom, point);
          *lon = OGR_G_GetX (point, 0);
          *lat = OGR_G_GetY (point, 0);
          OGR_G_DestroyGeometry (point);
        }
      if (!transform_point (r->geom_ct, lon, lat))
        return reject (rej, F_LAT, NULL, _("the geometry cannot be transformed to WGS84"));
    }
  else if (r->col[F_LAT] >= 0 && r->col[F_LON] >= 0)
    {
      a = cell (r, feature, F_LAT);
      b = cell (r, feature, F_LON);
      if (a == NULL && b == NULL)
        return TRUE;
      if (a == NULL)
        return reject (rej, F_LAT, NULL, _("latitude is missing"));
      if (b == NULL)
        return reject (rej, F_LON, NULL, _("longitude is missing"));
      if (!sm_parse_coordinate (a, lat))
        return reject (rej, F_LAT, a, _("latitude “%s” is not a number"), a);
      if (!sm_parse_coordinate (b, lon))
        return reject (rej, F_LON, b, _("longitude “%s” is not a number"), b);
      if (!check_point (r, F_LAT, *lat, *lon, rej))
        return FALSE;
      if (!transform_point (r->latlon_ct, lon, lat))
        return reject (rej, F_LAT, a, _("the point cannot be transformed to WGS84"));
    }
  else if (r->col[F_X] >= 0 && r->col[F_Y] >= 0)
    {
      a = cell (r, feature, F_X);
      b = cell (r, feature, F_Y);
      if (a == NULL && b == NULL)
        return TRUE;
      if (a == NULL)
        return reject (rej, F_X, NULL, _("easting (x) is missing"));
      if (b == NULL)
        return reject (rej, F_Y, NULL, _("northing (y) is missing"));
      if (!sm_parse_coordinate (a, lon))
        return reject (rej, F_X, a, _("easting “%s” is not a number"), a);
      if (!sm_parse_coordinate (b, lat))
        return reject (rej, F_Y, b, _("northing “%s” is not a number"), b);
      check_field = F_X;
      if (!transform_point (r->geom_ct, lon, lat))
        return reject (rej, F_X, a, _("x %s, y %s cannot be transformed from %s to WGS84"),
                       a, b, r->options->srs);
    }
  else
    return TRUE;

  return check_point (r, check_field, *lat, *lon, rej);
}

static void
remember_point (LayerReader *r,
                double       lat,
                double       lon)
{
  SmImportPoint p = { r->row, lat, lon };

  r->sum_lat += lat;
  r->sum_lon += lon;
  r->n_points++;
  g_array_append_val (r->points, p);
}

static void
site_from_row (LayerReader *r,
               OGRFeatureH  feature,
               SmSite      *site)
{
  site->ext_id = cell (r, feature, F_SITE_ID);
  site->name = cell (r, feature, F_NAME);
  site->org_number = cell (r, feature, F_ORG_NUMBER);
  site->sector = cell (r, feature, F_SECTOR);
  site->address = cell (r, feature, F_ADDRESS);
  if (r->col[F_POSTCODE] >= 0 || r->col[F_CITY] >= 0)
    {
      g_autofree char *postcode = cell (r, feature, F_POSTCODE);
      g_autofree char *city = cell (r, feature, F_CITY);
      char *joined = sm_join_address (site->address, postcode, city);

      g_free (site->address);
      site->address = joined;
    }
  site->contact_name = cell (r, feature, F_CONTACT_NAME);
  site->contact_email = cell (r, feature, F_CONTACT_EMAIL);
  site->phone = cell (r, feature, F_PHONE);
  site->lat = site->lon = NAN;
}

static void
site_clear (SmSite *site)
{
  g_free (site->ext_id);
  g_free (site->name);
  g_free (site->org_number);
  g_free (site->sector);
  g_free (site->address);
  g_free (site->contact_name);
  g_free (site->contact_email);
  g_free (site->phone);
  g_free (site->notes);
}

/* A Bloom filter of the site keys (site_id, org_number, name) this import
 * has written. Into a project that had no sites, a row whose keys it has
 * not seen cannot merge with anything, so the three lookups that merging
 * needs are skipped: that keeps a million-row import as fast as a plain
 * bulk insert. GLib has no such set that stays at 8 MB for a million
 * keys, hence this one. */
#define BLOOM_BITS (1u << 26)

static guint64
bloom_hash (char        kind,
            const char *key)
{
  guint64 h = 14695981039346656037ull; /* FNV-1a */

  h = (h ^ (guchar) kind) * 1099511628211ull;
  for (const char *p = key; *p; p++)
    h = (h ^ (guchar) *p) * 1099511628211ull;
  return h;
}

static gboolean
bloom_test_and_add (guint8     *bits,
                    char        kind,
                    const char *key,
                    gboolean    add)
{
  guint64 h;
  guint32 a, b;
  gboolean seen = TRUE;

  if (key == NULL)
    return FALSE;
  h = bloom_hash (kind, key);
  a = (guint32) h;
  b = (guint32) (h >> 32) | 1;
  for (guint i = 0; i < 4; i++)
    {
      guint32 bit = (a + i * b) & (BLOOM_BITS - 1);

      if (!(bits[bit >> 3] & (1u << (bit & 7))))
        seen = FALSE;
      if (add)
        bits[bit >> 3] |= 1u << (bit & 7);
    }
  return seen;
}

static void
bloom_add_site (LayerReader  *r,
                const SmSite *site)
{
  if (r->seen_keys == NULL)
    return;
  bloom_test_and_add (r->seen_keys, 'e', site->ext_id, TRUE);
  bloom_test_and_add (r->seen_keys, 'o', site->org_number, TRUE);
  bloom_test_and_add (r->seen_keys, 'n', site->name, TRUE);
}

static gboolean
bloom_may_know (LayerReader  *r,
                const SmSite *site)
{
  if (r->seen_keys == NULL)
    return TRUE;
  return bloom_test_and_add (r->seen_keys, 'e', site->ext_id, FALSE)
         || bloom_test_and_add (r->seen_keys, 'o', site->org_number, FALSE)
         || bloom_test_and_add (r->seen_keys, 'n', site->name, FALSE);
}

static SiteKeys *
site_keys_new (void)
{
  SiteKeys *keys = g_new0 (SiteKeys, 1);

  keys->latest = g_hash_table_new (g_direct_hash, g_direct_equal);
  keys->prev_name = g_array_new (FALSE, TRUE, sizeof (gint64));
  keys->prev_org = g_array_new (FALSE, TRUE, sizeof (gint64));
  return keys;
}

static void
site_keys_free (SiteKeys *keys)
{
  g_hash_table_unref (keys->latest);
  g_array_unref (keys->prev_name);
  g_array_unref (keys->prev_org);
  g_free (keys);
}

static gpointer
key_of (char        kind,
        const char *text)
{
  /* Never 0: that is GLib's "no such key". */
  return GSIZE_TO_POINTER ((gsize) bloom_hash (kind, text) | 1);
}

static gint64 *
prev_slot (SiteKeys *keys,
           GArray   *prev,
           gint64    site_id)
{
  gsize i = site_id - keys->base;

  if (i >= prev->len)
    g_array_set_size (prev, MAX (i + 1, prev->len * 2));
  return &g_array_index (prev, gint64, i);
}

static void
site_keys_add (SiteKeys     *keys,
               gint64        site_id,
               const SmSite *site)
{
  if (keys->base == 0)
    keys->base = site_id;
  if (site->name != NULL)
    {
      gpointer k = key_of ('n', site->name);
      *prev_slot (keys, keys->prev_name, site_id) = GPOINTER_TO_SIZE (g_hash_table_lookup (keys->latest, k));
      g_hash_table_insert (keys->latest, k, GSIZE_TO_POINTER (site_id));
    }
  if (site->org_number != NULL)
    {
      gpointer k = key_of ('o', site->org_number);
      *prev_slot (keys, keys->prev_org, site_id) = GPOINTER_TO_SIZE (g_hash_table_lookup (keys->latest, k));
      g_hash_table_insert (keys->latest, k, GSIZE_TO_POINTER (site_id));
    }
}

/* Whether site @id has @org_number, or @name within @within_m of @site */
static int
same_site_check (SmProject    *project,
                 gint64        id,
                 const SmSite *site,
                 gboolean      by_org,
                 double        within_m,
                 GError      **error)
{
  sqlite3_stmt *stmt;
  int rc, same = 0;

  stmt = sm_project_prepare (project,
                             by_org ? "SELECT org_number = ? FROM sites WHERE site_id = ?"
                                    : "SELECT name = ? AND ST_Distance (geom, MakePoint (?, ?, 4326), 1) <= ? "
                                      "FROM sites WHERE site_id = ?",
                             error);
  if (stmt == NULL)
    return -1;
  if (by_org)
    {
      sqlite3_bind_text (stmt, 1, site->org_number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, id);
    }
  else
    {
      sqlite3_bind_text (stmt, 1, site->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (stmt, 2, site->lon);
      sqlite3_bind_double (stmt, 3, site->lat);
      sqlite3_bind_double (stmt, 4, within_m);
      sqlite3_bind_int64 (stmt, 5, id);
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    same = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sm_project_set_sql_error (project, error, _("looking up a site"));
      return -1;
    }
  return same;
}

/* sm_project_find_same_site() for a bulk import: the same rules, with the
 * name and org_number found in memory. */
static gint64
site_keys_find (LayerReader  *r,
                const SmSite *site,
                GError      **error)
{
  SiteKeys *keys = r->keys;
  gint64 id;

  if (site->ext_id != NULL && bloom_test_and_add (r->seen_keys, 'e', site->ext_id, FALSE))
    {
      id = sm_project_find_site_by_ext_id (r->project, site->ext_id, error);
      if (id != 0)
        return id;
    }
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean by_org = pass == 0;
      const char *text = by_org ? site->org_number : site->name;

      if (text == NULL || (!by_org && isnan (site->lat)))
        continue;
      id = GPOINTER_TO_SIZE (g_hash_table_lookup (keys->latest, key_of (by_org ? 'o' : 'n', text)));
      while (id > 0)
        {
          int same = same_site_check (r->project, id, site, by_org, 50.0, error);

          if (same != 0)
            return same < 0 ? -1 : id;
          id = *prev_slot (keys, by_org ? keys->prev_org : keys->prev_name, id);
        }
    }
  return 0;
}

/* Merges @site into the one the project has, or adds it. */
static gint64
store_site (LayerReader *r,
            SmSite      *site,
            GError     **error)
{
  gint64 id;

  if (r->keys != NULL)
    id = site_keys_find (r, site, error);
  else
    id = bloom_may_know (r, site) ? sm_project_find_same_site (r->project, site, 50.0, error) : 0;

  bloom_add_site (r, site);

  if (id < 0)
    return 0;
  if (id > 0)
    {
      if (!sm_project_merge_site (r->project, id, site, error))
        return 0;
      r->out->sites_merged++;
      return id;
    }
  id = sm_project_insert_site (r->project, site, r->out->import_id, error);
  if (id > 0)
    r->out->sites_created++;
  if (id > 0 && r->keys != NULL)
    site_keys_add (r->keys, id, site);
  return id;
}

/* Returns -1 on a store error, 0 for a rejected row, 1 for an imported one */
static int
import_site_row (LayerReader *r,
                 OGRFeatureH  feature,
                 Reject      *rej,
                 GError     **error)
{
  SmSite site = { 0 };
  int result = 0;

  site_from_row (r, feature, &site);
  site.notes = cell (r, feature, F_NOTES);
  if (site.name == NULL)
    reject (rej, F_NAME, NULL, _("the name is missing"));
  else if (row_location (r, feature, &site.lat, &site.lon, rej))
    {
      if (isnan (site.lat))
        reject (rej, F_LAT, NULL, _("the location is missing"));
      else
        {
          remember_point (r, site.lat, site.lon);
          result = store_site (r, &site, error) > 0 ? 1 : -1;
        }
    }
  site_clear (&site);
  return result;
}

static const char *
direction_examples (void)
{
  /* TRANSLATORS: the words a file may use for the direction of a flow */
  return _("supply/demand, overskud/behov, överskott/behov");
}

/* The site a flows row names without a location. Returns 1 with @site_id
 * set, 0 with @rej set, -1 on a store error. */
static int
link_site_by_name (LayerReader *r,
                   SmSite      *site,
                   Reject      *rej,
                   gint64      *site_id,
                   GError     **error)
{
  g_autoptr (GArray) ids = NULL;

  if (r->names == NULL)
    r->names = sm_name_index_new ();
  ids = sm_name_index_lookup (r->names, r->project, site->name, site->org_number, error);
  if (ids == NULL)
    return -1;
  if (ids->len == 1)
    {
      *site_id = g_array_index (ids, gint64, 0);
      return 1;
    }
  if (ids->len > 1)
    {
      g_autofree char *candidates = sm_name_index_describe (r->names, r->project, ids);

      reject (rej, F_NAME, site->name,
              g_dngettext (GETTEXT_PACKAGE, "site “%s” is ambiguous: %u site goes by that name (%s); give its site_id or org number",
                           "site “%s” is ambiguous: %u sites go by that name (%s); give their site_id or org number",
                           ids->len),
              site->name ? site->name : site->org_number, ids->len, candidates);
      return 0;
    }
  if (site->name == NULL)
    reject (rej, F_ORG_NUMBER, site->org_number,
            _("no site in the project has org number “%s”, and the row has no location"),
            site->org_number);
  else
    reject (rej, F_LAT, NULL, _("site “%s” is new and its location is missing"), site->name);
  return 0;
}

static int
import_flow_row (LayerReader *r,
                 OGRFeatureH  feature,
                 int          row,
                 Reject      *rej,
                 GError     **error)
{
  SmFlow flow = { 0 };
  SmSite site = { 0 };
  g_autofree char *dir = cell (r, feature, F_DIRECTION);
  g_autofree char *res = cell (r, feature, F_RESOURCE);
  g_autofree char *amount_text = NULL;
  g_autofree char *unit_text = cell (r, feature, F_UNIT);
  g_autofree char *temp_text = NULL;
  g_autofree char *hours_text = NULL;
  g_autofree char *ewc_text = cell (r, feature, F_EWC_CODE);
  g_autofree char *partner = cell (r, feature, F_PARTNER);
  g_autofree char *why = NULL;
  SmNumberResult how, other_how = SM_NUMBER_OK;
  SmUnit unit = { 0 };
  double amount = 0, read_amount;
  int result = 0;

  flow.temperature_c = flow.hours_per_year = NAN;
  site_from_row (r, feature, &site);

  if (dir == NULL)
    {
      reject (rej, F_DIRECTION, NULL, _("the direction is missing (%s)"), direction_examples ());
      goto out;
    }
  if ((flow.direction = sm_parse_direction (dir)) == SM_DIRECTION_INVALID)
    {
      reject (rej, F_DIRECTION, dir, _("direction “%s” is not one of %s"), dir, direction_examples ());
      goto out;
    }
  if (res == NULL)
    {
      reject (rej, F_RESOURCE, NULL, _("the resource is missing"));
      goto out;
    }
  if ((flow.resource = sm_parse_resource (res)) == SM_RESOURCE_INVALID)
    {
      reject (rej, F_RESOURCE, res,
              _("resource “%s” is unknown: use heat, steam, cooling, water, co2 or material"), res);
      goto out;
    }

  switch (number_cell (r, feature, F_AMOUNT, r->amount_style, &amount, &amount_text, &how))
    {
    case NUM_MISSING:
      reject (rej, F_AMOUNT, NULL, _("the amount is missing"));
      goto out;
    case NUM_BAD:
      reject (rej, F_AMOUNT, amount_text, _("amount “%s” is not a number"), amount_text);
      goto out;
    case NUM_OK:
    default:
      break;
    }
  if (amount < 0)
    {
      reject (rej, F_AMOUNT, amount_text, _("amount %s is negative"), amount_text);
      goto out;
    }
  read_amount = amount;

  switch (number_cell (r, feature, F_HOURS, SM_NUMBER_STYLE_UNKNOWN, &flow.hours_per_year,
                       &hours_text, &other_how))
    {
    case NUM_BAD:
      reject (rej, F_HOURS, hours_text, _("hours per year “%s” is not a number"), hours_text);
      goto out;
    case NUM_OK:
      if (flow.hours_per_year <= 0 || flow.hours_per_year > 8784)
        {
          reject (rej, F_HOURS, hours_text, _("hours per year %s is not between 1 and 8784"),
                  hours_text);
          goto out;
        }
      if (other_how == SM_NUMBER_AMBIGUOUS)
        sm_number_note (r->out->notes, &r->n_number_notes, row, _("hours per year"), hours_text,
                        flow.hours_per_year, SM_NUMBER_STYLE_UNKNOWN);
      break;
    case NUM_MISSING:
    default:
      flow.hours_per_year = NAN;
      break;
    }

  if (unit_text != NULL)
    {
      if (!sm_parse_unit (unit_text, &unit))
        {
          reject (rej, F_UNIT, unit_text,
                  _("unit “%s” is unknown: use e.g. MWh/yr, GWh/yr, kW, t/yr, kg/yr, m3/yr or m3/h"),
                  unit_text);
          goto out;
        }
      if (!sm_unit_suits (&unit, flow.resource))
        {
          reject (rej, F_UNIT, unit_text, _("unit “%s” does not fit %s (%s)"), unit_text,
                  sm_resource_get_label (flow.resource), sm_resource_get_unit (flow.resource));
          goto out;
        }
      amount *= unit.factor;
      if (unit.needs_hours)
        {
          if (isnan (flow.hours_per_year))
            {
              reject (rej, F_HOURS, NULL, _("unit “%s” is a rate: the hours per year are needed"),
                      unit_text);
              goto out;
            }
          amount *= flow.hours_per_year;
        }
    }
  if (!isfinite (amount) || amount > SM_IMPORT_MAX_AMOUNT)
    {
      reject (rej, F_AMOUNT, amount_text,
              _("amount %s %s is absurd: more than %g %s for one site"), amount_text,
              unit_text ? unit_text : "", SM_IMPORT_MAX_AMOUNT, sm_resource_get_unit (flow.resource));
      goto out;
    }
  flow.amount = amount;
  flow.unit = (char *) sm_resource_get_unit (flow.resource);

  /* Which reading an ambiguous "42.000" got, and why */
  if (how == SM_NUMBER_AMBIGUOUS || (!r->numeric[F_AMOUNT] && sm_number_is_ambiguous (amount_text)))
    sm_number_note (r->out->notes, &r->n_number_notes, row, _("amount"), amount_text,
                    read_amount,
                    how == SM_NUMBER_AMBIGUOUS ? SM_NUMBER_STYLE_UNKNOWN : r->amount_style);

  switch (number_cell (r, feature, F_TEMPERATURE, SM_NUMBER_STYLE_UNKNOWN, &flow.temperature_c,
                       &temp_text, &other_how))
    {
    case NUM_BAD:
      reject (rej, F_TEMPERATURE, temp_text, _("temperature “%s” is not a number"), temp_text);
      goto out;
    case NUM_OK:
      if (flow.temperature_c < -100 || flow.temperature_c > 1500)
        {
          reject (rej, F_TEMPERATURE, temp_text,
                  _("temperature %s °C is out of range (−100 to 1500 °C)"), temp_text);
          goto out;
        }
      if (!sm_resource_has_temperature (flow.resource))
        flow.temperature_c = NAN;
      else if (other_how == SM_NUMBER_AMBIGUOUS)
        sm_number_note (r->out->notes, &r->n_number_notes, row, _("temperature"), temp_text,
                        flow.temperature_c, SM_NUMBER_STYLE_UNKNOWN);
      break;
    case NUM_MISSING:
    default:
      flow.temperature_c = NAN;
      break;
    }

  if (flow.resource == SM_RESOURCE_MATERIAL)
    {
      if (ewc_text == NULL)
        {
          reject (rej, F_EWC_CODE, NULL, _("a material needs its EWC code, like 02 01 06"));
          goto out;
        }
      flow.ewc_code = flow.direction == SM_DIRECTION_SUPPLY
        ? sm_ewc_normalize_code (ewc_text, &why)
        : sm_ewc_normalize_list (ewc_text, &why);
      if (flow.ewc_code == NULL)
        {
          reject (rej, F_EWC_CODE, ewc_text, "%s", why);
          goto out;
        }
    }
  flow.material = cell (r, feature, F_MATERIAL);
  flow.notes = cell (r, feature, F_NOTES);

  /* The site: one in the project, one earlier in this file, or the row's own. */
  if (site.ext_id != NULL)
    {
      flow.site_id = sm_project_find_site_by_ext_id (r->project, site.ext_id, error);
      if (flow.site_id < 0)
        {
          result = -1;
          goto out;
        }
    }
  /* No location: the row names a site the project has, by org number or
   * by name without case, accents and legal forms (docs/DATA-MODEL.md). */
  if (flow.site_id == 0 && (site.name != NULL || site.org_number != NULL))
    {
      if (!row_location (r, feature, &site.lat, &site.lon, rej))
        goto out;
      if (isnan (site.lat))
        {
          int linked = link_site_by_name (r, &site, rej, &flow.site_id, error);

          if (linked <= 0)
            {
              result = linked;
              goto out;
            }
        }
    }
  if (flow.site_id == 0)
    {
      if (site.name == NULL)
        {
          if (site.ext_id != NULL)
            reject (rej, F_SITE_ID, site.ext_id,
                    _("site “%s” is neither in the project nor in this file"), site.ext_id);
          else
            reject (rej, F_SITE_ID, NULL,
                    _("the site is missing: give a site_id, or the site's name and location"));
          goto out;
        }
      if (!row_location (r, feature, &site.lat, &site.lon, rej))
        goto out;
      flow.site_id = sm_project_find_same_site (r->project, &site, 50.0, error);
      if (flow.site_id < 0)
        {
          result = -1;
          goto out;
        }
      if (flow.site_id == 0 && isnan (site.lat))
        {
          reject (rej, F_LAT, NULL, _("site “%s” is new and its location is missing"), site.name);
          goto out;
        }
      if (!isnan (site.lat))
        remember_point (r, site.lat, site.lon);
      flow.site_id = store_site (r, &site, error);
      if (flow.site_id == 0)
        {
          result = -1;
          goto out;
        }
    }

  flow.flow_id = sm_project_insert_flow (r->project, &flow, r->out->import_id, error);
  if (flow.flow_id == 0)
    {
      result = -1;
      goto out;
    }
  if (partner != NULL)
    {
      PendingPartner p = { flow.flow_id, flow.direction, flow.resource, flow.amount, row,
                           g_steal_pointer (&partner) };
      g_array_append_val (r->partners, p);
    }
  result = 1;

out:
  g_free (flow.ewc_code);
  g_free (flow.material);
  g_free (flow.notes);
  site_clear (&site);
  return result;
}

static int
import_network_row (LayerReader *r,
                    OGRFeatureH  feature,
                    Reject      *rej,
                    GError     **error)
{
  OGRGeometryH geom = r->has_geometry ? OGR_F_GetGeometryRef (feature) : NULL;
  g_autofree char *name = cell (r, feature, F_NAME);
  g_autofree char *kind = cell (r, feature, F_KIND);
  OGRwkbGeometryType type;
  int n_parts;

  if (geom == NULL)
    return reject (rej, F_WKT, NULL, _("the row has no line geometry"));
  if (OGR_G_IsEmpty (geom))
    return reject (rej, F_WKT, NULL, _("the geometry is empty"));
  type = wkbFlatten (OGR_G_GetGeometryType (geom));
  if (type != wkbLineString && type != wkbMultiLineString)
    return reject (rej, F_WKT, NULL, _("the geometry is a %s, not a line"),
                   OGRGeometryTypeToName (type));

  n_parts = type == wkbMultiLineString ? OGR_G_GetGeometryCount (geom) : 1;
  if (type == wkbMultiLineString)
    {
      r->n_multi++;
      r->n_parts += n_parts;
    }
  {
    /* Every part checked before any is stored: a row is imported whole or
     * rejected whole. */
    g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
    g_autofree char *why = NULL;

    for (int i = 0; i < n_parts; i++)
      {
        OGRGeometryH part = OGR_G_Clone (type == wkbMultiLineString ? OGR_G_GetGeometryRef (geom, i)
                                                                     : geom);
        guint8 *wkb;
        gsize size;

        OGR_G_FlattenTo2D (part);
        if (OGR_G_GetPointCount (part) < 2)
          {
            OGR_G_DestroyGeometry (part);
            continue;
          }
        if (r->geom_ct != NULL && OGR_G_Transform (part, r->geom_ct) != OGRERR_NONE)
          {
            OGR_G_DestroyGeometry (part);
            return reject (rej, F_WKT, NULL, _("the line cannot be transformed to WGS84"));
          }
        if (!sm_import_check_line (part, &why))
          {
            OGR_G_DestroyGeometry (part);
            return reject (rej, F_WKT, NULL, "%s", why);
          }
        size = OGR_G_WkbSize (part);
        wkb = g_malloc (size);
        OGR_G_ExportToWkb (part, wkbNDR, wkb);
        OGR_G_DestroyGeometry (part);
        g_ptr_array_add (parts, g_bytes_new_take (wkb, size));
      }
    if (parts->len == 0)
      return reject (rej, F_WKT, NULL, _("a line needs two points or more"));
    for (guint i = 0; i < parts->len; i++)
      {
        gsize size;
        const guint8 *wkb = g_bytes_get_data (g_ptr_array_index (parts, i), &size);

        if (sm_project_insert_network_edge (r->project, name, kind, wkb, size,
                                            r->out->import_id, error) == 0)
          return -1;
      }
  }
  return 1;
}

static gint64
resolve_site (SmProject  *project,
              const char *key,
              GError    **error)
{
  gint64 id = sm_project_find_site_by_ext_id (project, key, error);
  char *end = NULL;
  gint64 numeric;

  if (id != 0)
    return id;
  numeric = g_ascii_strtoll (key, &end, 10);
  if (end != NULL && *end == '\0' && numeric > 0)
    {
      g_autoptr (SmSite) site = sm_project_get_site (project, numeric, NULL);
      return site ? numeric : 0;
    }
  return 0;
}

/* Exchanges named by partner_site_id: the flow at the partner site that
 * goes the other way with the same resource (steam serves heat; the same
 * resource first), the one of the closest temperature, then of the
 * closest amount, when there are several (DATA-MODEL.md). */
static gboolean
record_partners (LayerReader *r,
                 GError     **error)
{
  for (guint i = 0; i < r->partners->len; i++)
    {
      PendingPartner *p = &g_array_index (r->partners, PendingPartner, i);
      gint64 partner_site = resolve_site (r->project, p->partner, error);
      sqlite3_stmt *stmt;
      gint64 other = 0;
      int rc;

      if (partner_site < 0)
        return FALSE;
      if (partner_site == 0)
        {
          add_note (r, g_strdup_printf (_("Row %d: partner “%s” is not a site in the project; "
                                          "no exchange was recorded"),
                                        p->row, p->partner));
          continue;
        }
      if (!sm_project_set_flow_partner (r->project, p->flow_id, partner_site, error))
        return FALSE;

      stmt = sm_project_prepare (r->project,
                                 "SELECT flow_id FROM flows WHERE site_id = ? AND direction = ? "
                                 "AND (resource = ? OR (? = 'steam' AND resource = 'heat') "
                                 "OR (? = 'heat' AND resource = 'steam')) "
                                 "ORDER BY resource <> ?3, "
                                 "abs (temperature_c - (SELECT temperature_c FROM flows "
                                 "WHERE flow_id = ?7)) IS NULL, "
                                 "abs (temperature_c - (SELECT temperature_c FROM flows "
                                 "WHERE flow_id = ?7)), abs (amount - ?6) LIMIT 1",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, partner_site);
      sqlite3_bind_text (stmt, 2,
                         sm_direction_to_key (p->direction == SM_DIRECTION_SUPPLY
                                              ? SM_DIRECTION_DEMAND : SM_DIRECTION_SUPPLY),
                         -1, SQLITE_STATIC);
      for (int k = 3; k <= 5; k++)
        sqlite3_bind_text (stmt, k, sm_resource_to_key (p->resource), -1, SQLITE_STATIC);
      sqlite3_bind_double (stmt, 6, p->amount);
      sqlite3_bind_int64 (stmt, 7, p->flow_id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        other = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      if (other == 0)
        {
          add_note (r, g_strdup_printf (_("Row %d: partner “%s” has no matching flow the other way; "
                                          "no exchange was recorded"),
                                        p->row, p->partner));
          continue;
        }
      {
        g_autofree char *base = g_path_get_basename (r->path);
        g_autofree char *note = g_strdup_printf (_("Named as partners in %s"), base);
        gint64 supply = p->direction == SM_DIRECTION_SUPPLY ? p->flow_id : other;
        gint64 demand = p->direction == SM_DIRECTION_SUPPLY ? other : p->flow_id;

        if (sm_project_insert_exchange (r->project, supply, demand, SM_STATUS_OPERATIONAL, note,
                                        error) == 0)
          return FALSE;
        r->out->exchanges++;
      }
    }
  return TRUE;
}

static void
pending_partner_clear (PendingPartner *p)
{
  g_free (p->partner);
}

static OGRSpatialReferenceH
wgs84 (void)
{
  OGRSpatialReferenceH srs = OSRNewSpatialReference (NULL);

  OSRImportFromEPSG (srs, 4326);
  OSRSetAxisMappingStrategy (srs, OAMS_TRADITIONAL_GIS_ORDER);
  return srs;
}

/* Transforms from @srs to WGS84, or NULL when it is WGS84 already. */
static OGRCoordinateTransformationH
transform_to_wgs84 (OGRSpatialReferenceH srs)
{
  OGRSpatialReferenceH target;
  OGRSpatialReferenceH source;
  OGRCoordinateTransformationH ct = NULL;

  if (srs == NULL)
    return NULL;
  target = wgs84 ();
  source = OSRClone (srs);
  OSRSetAxisMappingStrategy (source, OAMS_TRADITIONAL_GIS_ORDER);
  if (!OSRIsSame (source, target))
    ct = OCTNewCoordinateTransformation (source, target);
  OSRDestroySpatialReference (source);
  OSRDestroySpatialReference (target);
  return ct;
}

static gboolean
setup_mapping (LayerReader   *r,
               SmSourceLayer *desc,
               GError       **error)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n;
  const FieldId *ids = kind_fields (r->options->kind, &n);

  detect_columns (r->options->kind, desc->columns, r->col);
  use_geometry_column (r->options->kind, desc, r->col);
  if (r->options->mapping != NULL)
    {
      g_hash_table_iter_init (&iter, r->options->mapping);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          FieldId f = field_id_from_name (key);
          int found = -1;

          if (f == N_FIELDS)
            {
              g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                           _("There is no field “%s” to map a column to"), (char *) key);
              return FALSE;
            }
          /* An empty column name: the field is read from no column. */
          if (*(char *) value == '\0')
            {
              r->col[f] = -1;
              continue;
            }
          for (guint c = 0; c < desc->columns->len && found < 0; c++)
            if (g_str_equal (g_ptr_array_index (desc->columns, c), value))
              found = c;
          if (found < 0)
            {
              g_autofree char *base = g_path_get_basename (r->path);
              g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                           _("“%s”, layer “%s”, has no column “%s” for the field %s"),
                           base, desc->name, (char *) value, (char *) key);
              return FALSE;
            }
          /* A column maps to one field: an explicit mapping takes it from
           * the field an alias gave it to. */
          for (int g = 0; g < N_FIELDS; g++)
            if (r->col[g] == found)
              r->col[g] = -1;
          r->col[f] = found;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      const SmImportField *field = &all_fields[ids[i]];
      gboolean required = field->required;

      if (r->options->kind == SM_IMPORT_KIND_NETWORK || ids[i] == F_NAME)
        required = r->options->kind == SM_IMPORT_KIND_SITES && ids[i] == F_NAME;
      if (required && r->col[ids[i]] < 0)
        {
          g_autofree char *base = g_path_get_basename (r->path);
          g_autofree char *aliases = g_strjoinv (", ", (char **) field->aliases);
          g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                       _("“%s”, layer “%s”, has no column for the field %s (looked for %s); "
                         "name one with --map %s=COLUMN"),
                       base, desc->name, field->name, aliases, field->name);
          return FALSE;
        }
    }
  if (r->options->kind == SM_IMPORT_KIND_FLOWS && r->col[F_SITE_ID] < 0 && r->col[F_NAME] < 0
      && r->col[F_ORG_NUMBER] < 0)
    {
      g_autofree char *base = g_path_get_basename (r->path);
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                   _("“%s”, layer “%s”, names no site: it needs a site_id column, or the sites' "
                     "names and locations"),
                   base, desc->name);
      return FALSE;
    }

  for (int f = 0; f < N_FIELDS; f++)
    if (r->col[f] >= 0)
      {
        OGRFieldType t = OGR_Fld_GetType (OGR_FD_GetFieldDefn (r->defn, r->col[f]));
        r->numeric[f] = t == OFTReal || t == OFTInteger || t == OFTInteger64;
      }
  return TRUE;
}

static gboolean
setup_srs (LayerReader *r,
           GError     **error)
{
  OGRSpatialReferenceH given = NULL;
  OGRSpatialReferenceH file_srs = r->has_geometry ? OGR_L_GetSpatialRef (r->layer) : NULL;
  gboolean has_geom_source = r->has_geometry || r->col[F_WKT] >= 0;
  gboolean has_xy = r->col[F_X] >= 0 && r->col[F_Y] >= 0;
  gboolean has_latlon = r->col[F_LAT] >= 0 && r->col[F_LON] >= 0;

  if (r->options->srs != NULL)
    {
      given = OSRNewSpatialReference (NULL);
      if (OSRSetFromUserInput (given, r->options->srs) != OGRERR_NONE)
        {
          OSRDestroySpatialReference (given);
          g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_SRS,
                       _("“%s” is not a coordinate system GDAL knows: write it like EPSG:25832"),
                       r->options->srs);
          return FALSE;
        }
    }

  if (r->options->kind != SM_IMPORT_KIND_NETWORK && !has_geom_source && !has_latlon && has_xy
      && given == NULL)
    {
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_SRS,
                   _("The x and y columns need their coordinate system: give it with --srs, "
                     "e.g. EPSG:25832 in Denmark or EPSG:3006 in Sweden"));
      return FALSE;
    }
  if (r->options->kind == SM_IMPORT_KIND_SITES && !has_geom_source && !has_latlon && !has_xy)
    {
      g_autofree char *base = g_path_get_basename (r->path);
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                   _("“%s” has no locations: no point geometry, and no lat/lon, x/y or WKT columns"),
                   base);
      return FALSE;
    }
  if (r->options->kind == SM_IMPORT_KIND_NETWORK && !r->has_geometry)
    {
      g_autofree char *base = g_path_get_basename (r->path);
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                   _("“%s”, layer “%s”, has no line geometry to import as a network"),
                   base, OGR_L_GetName (r->layer));
      if (given)
        OSRDestroySpatialReference (given);
      return FALSE;
    }

  /* The user's SRS wins over the file's: a wrong .prj is common. */
  r->geom_ct = transform_to_wgs84 (given ? given : file_srs);
  if (given != NULL && OSRIsGeographic (given))
    r->latlon_ct = transform_to_wgs84 (given);
  r->srs_name = srs_to_string (given ? given : (has_geom_source ? file_srs : NULL));
  if (r->srs_name == NULL && has_latlon)
    r->srs_name = g_strdup ("EPSG:4326");
  if (given)
    OSRDestroySpatialReference (given);
  return TRUE;
}

/* Reads the amount column once to learn its decimal separator. */
static SmNumberStyle
learn_amount_style (LayerReader *r)
{
  int comma = 0, dot = 0;
  OGRFeatureH feature;

  if (r->col[F_AMOUNT] < 0 || r->numeric[F_AMOUNT])
    return SM_NUMBER_STYLE_UNKNOWN;
  OGR_L_ResetReading (r->layer);
  while ((feature = OGR_L_GetNextFeature (r->layer)) != NULL)
    {
      g_autofree char *text = cell (r, feature, F_AMOUNT);

      switch (sm_number_style_of (text))
        {
        case SM_NUMBER_STYLE_COMMA_DECIMAL:
          comma++;
          break;
        case SM_NUMBER_STYLE_DOT_DECIMAL:
          dot++;
          break;
        case SM_NUMBER_STYLE_UNKNOWN:
        default:
          break;
        }
      OGR_F_Destroy (feature);
    }
  OGR_L_ResetReading (r->layer);
  if (comma > dot)
    return SM_NUMBER_STYLE_COMMA_DECIMAL;
  if (dot > comma)
    return SM_NUMBER_STYLE_DOT_DECIMAL;
  return SM_NUMBER_STYLE_UNKNOWN;
}

/* For the progress bar. GDAL's CSV driver counts by reading every row;
 * counting line ends is a tenth of that, and near enough. */
static gint64
count_features (OGRLayerH   layer,
                const char *path,
                const char *driver)
{
  gint64 n = OGR_L_GetFeatureCount (layer, FALSE);

  if (n >= 0)
    return n;
  if (g_str_equal (driver, "CSV"))
    {
      g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
      const char *p, *end;

      if (file == NULL)
        return -1;
      p = g_mapped_file_get_contents (file);
      end = p + g_mapped_file_get_length (file);
      n = 0;
      while (p != NULL && p < end && (p = memchr (p, '\n', end - p)) != NULL)
        {
          n++;
          p++;
        }
      return MAX (n - 1, 1);
    }
  return OGR_L_GetFeatureCount (layer, TRUE);
}

static gboolean
is_tabular (const char *driver)
{
  return g_str_equal (driver, "CSV") || g_str_equal (driver, "XLSX") || g_str_equal (driver, "ODS")
         || g_str_equal (driver, "XLS");
}

static const char *
field_name (FieldId f)
{
  return f < N_FIELDS ? all_fields[f].name : NULL;
}

typedef struct
{
  SmImportProgressFunc func;
  gpointer             data;
  int                  layer_index;
  int                  n_layers;
} Progress;

static SmLayerImport *
import_layer (SmProject             *project,
              const char            *path,
              const char            *driver,
              OGRLayerH              layer,
              const SmImportOptions *options,
              Progress              *progress,
              GCancellable          *cancellable,
              GError               **error)
{
  g_autoptr (GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_rejected_row_free);
  SmLayerImport *out = g_new0 (SmLayerImport, 1);
  LayerReader r = { 0 };
  SmSourceLayer *desc = describe_layer (layer);
  gint64 n_features;
  gboolean bulk, ok = FALSE;
  OGRFeatureH feature;
  int index = 0;
  const char *index_table = NULL;
  gboolean is_csv = g_str_equal (driver, "CSV");
  SmCsvScan csv = { 0 };
  int n_empty = 0;
  char *gdal_error = NULL;

  out->layer = g_strdup (desc->name);
  out->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_rejected_row_free);
  out->notes = g_ptr_array_new_with_free_func (g_free);
  r.project = project;
  r.options = options;
  r.path = path;
  r.layer = layer;
  r.defn = OGR_L_GetLayerDefn (layer);
  r.out = out;
  r.has_geometry = desc->geometry_type != NULL;
  r.row_offset = is_tabular (driver) ? 1 : 0;
  r.points = g_array_new (FALSE, FALSE, sizeof (SmImportPoint));
  r.partners = g_array_new (FALSE, TRUE, sizeof (PendingPartner));
  g_array_set_clear_func (r.partners, (GDestroyNotify) pending_partner_clear);

  /* A public register as downloaded: its own profile (sm-registers.c),
   * unless the user maps the columns. */
  {
    SmRegister reg = sm_register_detect (desc->columns);

    if (reg != SM_REGISTER_NONE && options->kind != SM_IMPORT_KIND_NETWORK
        && (options->mapping == NULL || g_hash_table_size (options->mapping) == 0))
      {
        ok = sm_register_import_layer (project, path, reg, layer, out, cancellable, error);
        goto out;
      }
  }

  if (!setup_mapping (&r, desc, error) || !setup_srs (&r, error))
    goto out;
  if (options->kind == SM_IMPORT_KIND_NETWORK && !sm_osm_roads_filter (project, layer, out->notes, error))
    goto out;
  /* Centroids of roads are no company sites (issue 14.12). */
  if (options->kind != SM_IMPORT_KIND_NETWORK && desc->geometry_type != NULL
      && (g_str_has_prefix (desc->geometry_type, "Line String")
          || g_str_has_prefix (desc->geometry_type, "Multi Line String")))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                   _("“%s”, layer “%s”, holds lines: import it as a network (--kind network)"),
                   base, desc->name);
      goto out;
    }
  if (is_csv)
    sm_csv_scan (path, &csv);

  out->import_id = sm_project_begin_import (project, path, desc->name,
                                            sm_import_kind_to_key (options->kind),
                                            r.srs_name,
                                            error);
  if (out->import_id == 0)
    goto out;

  if (options->kind == SM_IMPORT_KIND_FLOWS)
    r.amount_style = learn_amount_style (&r);

  n_features = count_features (layer, path, driver);
  {
    sqlite3_stmt *any = sm_project_prepare (project, "SELECT EXISTS (SELECT 1 FROM sites)", error);

    if (any == NULL)
      goto out;
    if (sqlite3_step (any) == SQLITE_ROW && sqlite3_column_int (any, 0) == 0)
      r.seen_keys = g_malloc0 (BLOOM_BITS / 8);
    sqlite3_reset (any);
  }

  /* A large import writes its rows first and builds the R*Tree once. */
  bulk = n_features > 20000;
  if (bulk && options->kind != SM_IMPORT_KIND_NETWORK)
    index_table = "sites";
  else if (bulk)
    index_table = "network_edges";
  if (index_table && !sm_project_suspend_spatial_index (project, index_table, error))
    goto out;
  if (bulk && r.seen_keys != NULL && options->kind != SM_IMPORT_KIND_NETWORK)
    {
      if (!sm_project_exec (project, "DROP INDEX sites_name; DROP INDEX sites_org_number", error))
        goto out;
      r.keys = site_keys_new ();
    }

  OGR_L_ResetReading (layer);
  CPLErrorReset ();
  while ((feature = sm_import_next_feature (layer, &gdal_error)) != NULL)
    {
      Reject rej = { N_FIELDS, NULL, NULL };
      int row = ++index + r.row_offset;
      int done;

      r.row = row;
      if (sm_import_feature_is_empty (feature))
        {
          /* A spreadsheet's formatted, empty rows: no work, no rejection. */
          n_empty++;
          done = 2;
        }
      else if (csv.last_cut && index == csv.n_records)
        done = reject (&rej, N_FIELDS, NULL, _("the file ends in the middle of this row"));
      else if (gdal_error != NULL && r.has_geometry && OGR_F_GetGeometryRef (feature) == NULL
               && r.col[F_WKT] < 0)
        done = reject (&rej, F_WKT, NULL, _("the geometry cannot be read: %s"), gdal_error);
      else switch (options->kind)
        {
        case SM_IMPORT_KIND_SITES:
          done = import_site_row (&r, feature, &rej, error);
          break;
        case SM_IMPORT_KIND_FLOWS:
          done = import_flow_row (&r, feature, row, &rej, error);
          break;
        case SM_IMPORT_KIND_NETWORK:
        case SM_IMPORT_KIND_INVALID:
        case SM_N_IMPORT_KINDS:
        default:
          done = import_network_row (&r, feature, &rej, error);
          break;
        }
      OGR_F_Destroy (feature);
      g_clear_pointer (&gdal_error, g_free);

      if (done < 0)
        goto out;
      if (done != 2)
        out->rows_read++;
      if (done == 1)
        out->imported++;
      else if (done == 0 && out->rejected->len >= SM_IMPORT_MAX_KEPT_REJECTIONS)
        out->rejected_not_kept++;
      else if (done == 0)
        {
          SmRejectedRow *rr = g_new0 (SmRejectedRow, 1);

          rr->row = row;
          rr->field = g_strdup (field_name (rej.field));
          rr->value = g_steal_pointer (&rej.value);
          rr->reason = g_steal_pointer (&rej.reason);
          if (!sm_project_add_rejected_row (project, out->import_id, rr->row, rr->field,
                                            rr->value, rr->reason, error))
            {
              sm_rejected_row_free (rr);
              goto out;
            }
          g_ptr_array_add (out->rejected, rr);
        }
      reject_clear (&rej);

      if ((index & 511) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          if (progress->func != NULL && n_features > 0)
            progress->func ((progress->layer_index + MIN (1.0, (double) index / n_features))
                            / progress->n_layers,
                            progress->data);
        }
    }
  g_clear_pointer (&gdal_error, g_free);
  if (CPLGetLastErrorType () >= CE_Failure)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *msg = sm_text_to_utf8 (CPLGetLastErrorMsg ());
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_UNREADABLE,
                   _("“%s” is damaged after row %d: %s"), base, index + r.row_offset, msg);
      goto out;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  if (index_table && !sm_project_rebuild_spatial_index (project, index_table, error))
    goto out;
  if (r.keys != NULL
      && !sm_project_exec (project,
                           "CREATE INDEX sites_name ON sites (name);"
                           "CREATE INDEX sites_org_number ON sites (org_number)",
                           error))
    goto out;
  if (!record_partners (&r, error))
    goto out;
  if (n_empty > 0)
    add_note (&r, g_strdup_printf (ngettext ("%d empty row was skipped",
                                             "%d empty rows were skipped", n_empty),
                                   n_empty));
  if (out->rejected_not_kept > 0)
    add_note (&r, g_strdup_printf (ngettext ("%d more row was rejected; only the first %d "
                                             "rejected rows are kept",
                                             "%d more rows were rejected; only the first %d "
                                             "rejected rows are kept",
                                             out->rejected_not_kept),
                                   out->rejected_not_kept, SM_IMPORT_MAX_KEPT_REJECTIONS));
  if (csv.quote_open_line > 0)
    add_note (&r, g_strdup_printf (_("A quote opened on line %d is never closed: the rows after "
                                     "it may have been read as one cell"),
                                   csv.quote_open_line));
  sm_outliers_report (r.points, out->notes);
  sm_number_notes_finish (out->notes, r.n_number_notes);
  if (r.n_multi > 0)
    add_note (&r, g_strdup_printf (ngettext ("%d multi-line was split into %d lines",
                                             "%d multi-lines were split into %d lines", r.n_multi),
                                   r.n_multi, r.n_parts));
  if (!sm_project_finish_import (project, out->import_id, out->rows_read, out->imported,
                                 out->rejected->len + out->rejected_not_kept, error))
    goto out;
  ok = TRUE;

out:
  if (r.geom_ct)
    OCTDestroyCoordinateTransformation (r.geom_ct);
  if (r.latlon_ct)
    OCTDestroyCoordinateTransformation (r.latlon_ct);
  g_array_unref (r.partners);
  g_free (r.srs_name);
  g_free (r.seen_keys);
  g_clear_pointer (&r.keys, site_keys_free);
  g_clear_pointer (&r.names, sm_name_index_free);
  g_array_unref (r.points);
  source_layer_free (desc);
  if (!ok)
    g_clear_pointer (&out, layer_import_free);
  return out;
}

static gboolean
wanted_layer (const SmImportOptions *options,
              OGRLayerH              layer,
              int                    n_layers)
{
  g_autofree char *name = sm_text_to_utf8 (OGR_L_GetName (layer));

  if (options->layer != NULL)
    return g_str_equal (options->layer, name);
  /* Every layer; for a network only those with lines (OSM has points too). */
  if (options->kind == SM_IMPORT_KIND_NETWORK && n_layers > 1)
    {
      OGRwkbGeometryType t = wkbFlatten (OGR_L_GetGeomType (layer));
      return (t == wkbLineString || t == wkbMultiLineString) && sm_osm_roads_wanted_layer (layer);
    }
  return TRUE;
}

/* Returns whether the journal mode is now @mode */
static gboolean
set_journal_mode (SmProject  *project,
                  const char *mode)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA journal_mode = %s", mode);
  sqlite3_stmt *stmt = NULL;
  gboolean done = FALSE;

  if (sqlite3_prepare_v2 (sm_project_get_db (project), sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    done = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), mode) == 0;
  sqlite3_finalize (stmt);
  return done;
}

/* Records the attempt of a --strict import that was rolled back: the
 * import with nothing imported, and why. */
static gboolean
record_strict_failure (SmProject      *project,
                       SmImportResult *result,
                       GError        **error)
{
  if (!sm_project_begin (project, error))
    return FALSE;
  for (guint i = 0; i < result->layers->len; i++)
    {
      SmLayerImport *l = g_ptr_array_index (result->layers, i);

      l->import_id = sm_project_begin_import (project, result->file, l->layer,
                                              sm_import_kind_to_key (result->kind), NULL, error);
      if (l->import_id == 0
          || !sm_project_finish_import (project, l->import_id, l->rows_read, 0,
                                        l->rejected->len + l->rejected_not_kept, error))
        goto fail;
      for (guint j = 0; j < l->rejected->len; j++)
        {
          SmRejectedRow *rr = g_ptr_array_index (l->rejected, j);
          if (!sm_project_add_rejected_row (project, l->import_id, rr->row, rr->field, rr->value,
                                            rr->reason, error))
            goto fail;
        }
      l->imported = 0;
      l->sites_created = l->sites_merged = l->exchanges = 0;
    }
  return sm_project_commit (project, error);

fail:
  sm_project_rollback (project);
  return FALSE;
}

/**
 * sm_import_run:
 * @project: the project to import into
 * @path: the user's file
 * @options: what to import it as, and how
 * @progress: (nullable): called now and then with the fraction done
 * @user_data: for @progress
 * @cancellable: (nullable): cancels the import, which then changes nothing
 * @error: return location for an error
 *
 * Imports in one transaction: on any error, on cancellation, and under
 * --strict with rejected rows, the project keeps what it had. Rows that
 * cannot be used are rejected and recorded with the import.
 *
 * Returns: (transfer full): what was imported and rejected, or %NULL
 */
SmImportResult *
sm_import_run (SmProject             *project,
               const char            *path,
               const SmImportOptions *options,
               SmImportProgressFunc   progress,
               gpointer               user_data,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autoptr (SmImportResult) result = NULL;
  GDALDatasetH ds;
  int n_layers, n_wanted = 0;
  Progress prog = { progress, user_data, 0, 1 };
  gboolean ok = FALSE;
  gboolean journal_switched;

  g_autoptr (SmImportOptions) detected = NULL;

  g_return_val_if_fail (SM_IS_PROJECT (project), NULL);
  g_return_val_if_fail (path != NULL && options != NULL, NULL);
  g_return_val_if_fail (options->kind >= SM_IMPORT_KIND_INVALID && options->kind < SM_N_IMPORT_KINDS,
                        NULL);

  ds = open_dataset (path, error);
  if (ds == NULL)
    return NULL;

  /* No kind given: the one the columns and geometry of the (first) layer
   * show, and the result says it was found so. */
  if (options->kind == SM_IMPORT_KIND_INVALID)
    {
      OGRLayerH first = options->layer ? GDALDatasetGetLayerByName (ds, options->layer)
                                       : GDALDatasetGetLayer (ds, 0);
      SmSourceLayer *desc = first ? describe_layer (first) : NULL;

      detected = options_copy (options);
      detected->kind = desc ? sm_import_guess_kind (desc) : SM_IMPORT_KIND_SITES;
      if (desc)
        source_layer_free (desc);
      options = detected;
    }

  n_layers = GDALDatasetGetLayerCount (ds);
  for (int i = 0; i < n_layers; i++)
    if (wanted_layer (options, GDALDatasetGetLayer (ds, i), n_layers))
      n_wanted++;
  if (n_wanted == 0)
    {
      g_autofree char *base = g_path_get_basename (path);
      if (options->layer != NULL)
        g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_NO_LAYER,
                     _("“%s” has no layer “%s”"), base, options->layer);
      else
        g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_NO_LAYER,
                     _("“%s” has no layer with lines to import as a network"), base);
      GDALClose (ds);
      return NULL;
    }

  result = g_new0 (SmImportResult, 1);
  result->file = g_strdup (path);
  result->kind = options->kind;
  result->kind_detected = detected != NULL;
  result->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) layer_import_free);

  /* The import stays in WAL mode, though a rollback journal would write
   * each new page once instead of twice: with a rollback journal, readers
   * that came while an import ran were locked out (issue 14.7); in WAL
   * mode they read the last committed state. Both undo a killed import. */
  journal_switched = FALSE;
  if (!sm_project_begin (project, error))
    {
      if (journal_switched)
        set_journal_mode (project, "wal");
      GDALClose (ds);
      return NULL;
    }
  /* Index upkeep of a large import fits in memory instead of spilling. */
  sm_project_exec (project, "PRAGMA cache_size = -65536", NULL);

  CPLPushErrorHandler (CPLQuietErrorHandler);
  prog.n_layers = n_wanted;
  for (int i = 0; i < n_layers; i++)
    {
      OGRLayerH layer = GDALDatasetGetLayer (ds, i);
      SmLayerImport *l;

      if (!wanted_layer (options, layer, n_layers))
        continue;
      l = import_layer (project, path, GDALGetDriverShortName (GDALGetDatasetDriver (ds)), layer,
                        options, &prog, cancellable, error);
      if (l == NULL)
        goto out;
      g_ptr_array_add (result->layers, l);
      prog.layer_index++;
    }

  {
    int rows = 0;
    for (guint i = 0; i < result->layers->len; i++)
      rows += ((SmLayerImport *) g_ptr_array_index (result->layers, i))->rows_read;
    if (rows == 0)
      {
        g_autofree char *base = g_path_get_basename (path);
        g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_EMPTY,
                     _("“%s” has no rows to import"), base);
        goto out;
      }
  }

  if (options->strict && sm_import_result_count_rejected (result) > 0)
    {
      sm_project_rollback (project);
      if (journal_switched)
        set_journal_mode (project, "wal");
      result->rolled_back = TRUE;
      ok = record_strict_failure (project, result, error);
      CPLPopErrorHandler ();
      GDALClose (ds);
      return ok ? g_steal_pointer (&result) : NULL;
    }

  ok = sm_project_commit (project, error);

out:
  CPLPopErrorHandler ();
  GDALClose (ds);
  sm_project_exec (project, "PRAGMA cache_size = -2000", NULL);
  if (!ok)
    sm_project_rollback (project);
  if (journal_switched)
    set_journal_mode (project, "wal");
  if (!ok)
    return NULL;
  if (progress)
    progress (1.0, user_data);
  return g_steal_pointer (&result);
}

/* In a thread */

typedef struct
{
  char            *project_path;
  char            *path;
  SmImportOptions *options;
  SmProgressRelay *relay;
} ImportTask;

static void
import_task_free (ImportTask *t)
{
  g_free (t->project_path);
  g_free (t->path);
  sm_import_options_free (t->options);
  sm_progress_relay_unref (t->relay);
  g_free (t);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportTask *t = task_data;
  g_autoptr (SmProject) project = NULL;
  GError *error = NULL;
  SmImportResult *result;

  /* A connection of its own: SQLite connections stay in their thread. */
  project = sm_project_open (t->project_path, &error);
  if (project == NULL)
    {
      sm_progress_relay_stop (t->relay);
      g_task_return_error (task, error);
      return;
    }
  result = sm_import_run (project, t->path, t->options, sm_progress_relay_report, t->relay,
                          cancellable, &error);
  sm_progress_relay_stop (t->relay);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) sm_import_result_free);
}

/**
 * sm_import_run_async:
 * @project_path: the project file; the thread opens its own connection
 * @progress: (nullable): called in the caller's main context
 *
 * Runs sm_import_run() in a thread.
 */
void
sm_import_run_async (const char            *project_path,
                     const char            *path,
                     const SmImportOptions *options,
                     SmImportProgressFunc   progress,
                     gpointer               user_data,
                     GCancellable          *cancellable,
                     GAsyncReadyCallback    callback,
                     gpointer               callback_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, callback_data);
  ImportTask *t = g_new0 (ImportTask, 1);

  t->project_path = g_strdup (project_path);
  t->path = g_strdup (path);
  t->options = options_copy (options);
  t->relay = sm_progress_relay_new (progress, user_data);
  g_task_set_source_tag (task, sm_import_run_async);
  g_task_set_task_data (task, t, (GDestroyNotify) import_task_free);
  g_task_run_in_thread (task, import_thread);
}

SmImportResult *
sm_import_run_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
