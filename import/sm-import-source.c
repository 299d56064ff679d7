/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Source discovery: opening a user's file through GDAL, describing its
 * layers (columns, geometry, SRS) and previewing its first rows, for the
 * import dialog and `symbiomap-cli import --list`. Apart from
 * sm-import.c because it reads and never writes the project.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include "sm-import-private.h"

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

  /* TRANSLATORS: the file's name, then GDAL's reason (in English) */
  g_set_error (error, SM_IMPORT_ERROR, code, _("Cannot read “%s”: %s"), base, detail);
}

GDALDatasetH
sm_import_open_dataset (const char *path,
                        GError    **error)
{
  GDALDatasetH ds;

  ensure_gdal ();
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_UNREADABLE,
                   /* TRANSLATORS: %s is the file's name */
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
                   /* TRANSLATORS: %s is the file's name */
                   _("“%s” has no layers to import"), base);
      return NULL;
    }
  return ds;
}

char *
sm_import_srs_to_string (OGRSpatialReferenceH srs)
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

void
sm_import_source_layer_free (SmSourceLayer *layer)
{
  g_free (layer->name);
  g_ptr_array_unref (layer->columns);
  g_free (layer->geometry_type);
  g_free (layer->srs);
  g_free (layer->geometry_column);
  g_free (layer);
}

/* @count: whether to count its rows, which GDAL's CSV driver does by
 * reading the whole file: the import counts them its own way
 * (count_features() in sm-import-layer.c) and does not ask. */
SmSourceLayer *
sm_import_describe_layer (OGRLayerH layer,
                          gboolean  count)
{
  SmSourceLayer *out = g_new0 (SmSourceLayer, 1);
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);

  out->name = sm_text_to_utf8 (OGR_L_GetName (layer));
  out->columns = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    g_ptr_array_add (out->columns,
                     sm_text_to_utf8 (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i))));
  out->n_features = count ? OGR_L_GetFeatureCount (layer, FALSE) : -1;
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
  out->srs = sm_import_srs_to_string (OGR_L_GetSpatialRef (layer));
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
  GDALDatasetH ds = sm_import_open_dataset (path, error);

  if (ds == NULL)
    return NULL;
  source->driver = g_strdup (GDALGetDriverShortName (GDALGetDatasetDriver (ds)));
  source->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_import_source_layer_free);
  for (int i = 0; i < GDALDatasetGetLayerCount (ds); i++)
    g_ptr_array_add (source->layers, sm_import_describe_layer (GDALDatasetGetLayer (ds, i), TRUE));
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
  GDALDatasetH ds = sm_import_open_dataset (path, error);
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
