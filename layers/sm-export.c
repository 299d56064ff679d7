/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GeoPackage hand-over of docs/DATA-MODEL.md, written through GDAL's GPKG
 * driver: sites, flows, synergies and network in EPSG:4326 or the user's
 * SRS, each with a spatial index and a description, and QGIS styles in
 * layer_styles so that QGIS opens them styled. Written to a temporary
 * file beside the target and renamed at the end, so that a failed or
 * cancelled export never leaves half a file under the user's name.
 */
#define G_LOG_DOMAIN "symbiomap-export"

#include "config.h"

#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>

#include "sm-db.h"
#include "sm-export.h"
#include "sm-export-private.h"
#include "sm-file-guard.h"
#include "sm-gdal-errors.h"
#include "sm-progress.h"
#include "sm-synergy.h"

G_DEFINE_QUARK (sm-export-error-quark, sm_export_error)

/* In the order of the SmExportLayers bits */
static const char * const layer_names[] = { "sites", "flows", "synergies", "network",
                                            "internal_synergies", "exchanges" };

/**
 * sm_export_layers_parse:
 * @list: "sites,flows,synergies,network", or a part of it
 * @error: return location for an error
 *
 * Returns: the #SmExportLayers bits, or 0 with @error set
 */
guint
sm_export_layers_parse (const char  *list,
                        GError     **error)
{
  g_auto (GStrv) names = g_strsplit (list, ",", -1);
  guint layers = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      gboolean known = FALSE;

      g_strstrip (names[i]);
      if (*names[i] == '\0')
        continue;
      for (guint l = 0; l < G_N_ELEMENTS (layer_names); l++)
        if (g_str_equal (names[i], layer_names[l]))
          {
            layers |= 1u << l;
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_LAYERS,
                       /* TRANSLATORS: %s is what the user gave; keep the layer names untranslated */
                       _("There is no layer “%s”: choose from sites, flows, synergies, network"),
                       names[i]);
          return 0;
        }
    }
  if (layers == 0)
    g_set_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_LAYERS,
                 _("No layer to export: choose from sites, flows, synergies, network"));
  return layers;
}

/* QGIS styles (QML), written by hand: QGIS reads them from layer_styles,
 * and no library writes QML. */

static void
append_color (GString *qml,
              guint32  rgb)
{
  g_string_append_printf (qml, "%u,%u,%u,255", (rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
}

static void
append_symbol (GString    *qml,
               int         index,
               gboolean    line,
               guint32     rgb,
               const char *width_expression)
{
  g_string_append_printf (qml,
                          "<symbol type=\"%s\" name=\"%d\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
                          "<layer class=\"%s\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option type=\"Map\">",
                          line ? "line" : "marker", index, line ? "SimpleLine" : "SimpleMarker");
  if (line)
    {
      g_string_append (qml, "<Option type=\"QString\" name=\"line_color\" value=\"");
      append_color (qml, rgb);
      g_string_append (qml, "\"/><Option type=\"QString\" name=\"line_width\" value=\"0.8\"/>"
                            "<Option type=\"QString\" name=\"line_width_unit\" value=\"MM\"/>"
                            "<Option type=\"QString\" name=\"capstyle\" value=\"round\"/>");
    }
  else
    {
      g_string_append (qml, "<Option type=\"QString\" name=\"color\" value=\"");
      append_color (qml, rgb);
      g_string_append (qml, "\"/><Option type=\"QString\" name=\"name\" value=\"circle\"/>"
                            "<Option type=\"QString\" name=\"size\" value=\"3\"/>"
                            "<Option type=\"QString\" name=\"outline_color\" value=\"35,35,35,255\"/>"
                            "<Option type=\"QString\" name=\"outline_width\" value=\"0.2\"/>");
    }
  g_string_append (qml, "</Option>");
  if (width_expression != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (width_expression, -1);

      g_string_append_printf (qml,
                              "<data_defined_properties><Option type=\"Map\">"
                              "<Option type=\"QString\" name=\"name\" value=\"\"/>"
                              "<Option name=\"properties\" type=\"Map\"><Option name=\"outlineWidth\" type=\"Map\">"
                              "<Option type=\"bool\" name=\"active\" value=\"true\"/>"
                              "<Option type=\"QString\" name=\"expression\" value=\"%s\"/>"
                              "<Option type=\"int\" name=\"type\" value=\"3\"/></Option></Option>"
                              "<Option type=\"QString\" name=\"type\" value=\"collection\"/></Option>"
                              "</data_defined_properties>",
                              escaped);
    }
  g_string_append (qml, "</layer></symbol>");
}

/* A style per resource (flows, synergies), or one symbol (sites, network) */
static char *
make_qml (gboolean    line,
          gboolean    by_resource,
          guint32     single_rgb,
          const char *width_expression)
{
  GString *qml = g_string_new ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
                               "<qgis version=\"3.28.0\" styleCategories=\"Symbology\">");

  if (by_resource)
    {
      g_string_append (qml, "<renderer-v2 type=\"categorizedSymbol\" attr=\"resource\" "
                            "symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><categories>");
      for (int r = 0; r < SM_N_RESOURCES; r++)
        {
          g_autofree char *label = g_markup_escape_text (sm_resource_get_label (r), -1);
          g_string_append_printf (qml, "<category symbol=\"%d\" value=\"%s\" label=\"%s\" render=\"true\"/>",
                                  r, sm_resource_to_key (r), label);
        }
      g_string_append (qml, "</categories><symbols>");
      for (int r = 0; r < SM_N_RESOURCES; r++)
        append_symbol (qml, r, line, sm_resource_get_color (r), width_expression);
      g_string_append (qml, "</symbols></renderer-v2>");
    }
  else
    {
      g_string_append (qml, "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" "
                            "enableorderby=\"0\" forceraster=\"0\"><symbols>");
      append_symbol (qml, 0, line, single_rgb, width_expression);
      g_string_append (qml, "</symbols></renderer-v2>");
    }
  g_string_append (qml, "</qgis>");
  return g_string_free (qml, FALSE);
}

/* Writing */


gboolean
sm_export_gdal_failed (GError    **error,
             const char *what)
{
  const char *msg = CPLGetLastErrorMsg ();

  g_set_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_WRITE, "%s: %s", what,
               msg && *msg ? msg : _("GDAL gave no reason"));
  return FALSE;
}

OGRLayerH
sm_export_create_layer (Writer             *w,
              const char         *name,
              OGRwkbGeometryType  type,
              const char         *description,
              const char * const *fields,
              const OGRFieldType *types,
              GError            **error)
{
  char **options = NULL;
  OGRLayerH layer;

  options = CSLSetNameValue (options, "SPATIAL_INDEX", "YES");
  options = CSLSetNameValue (options, "DESCRIPTION", description);
  options = CSLSetNameValue (options, "IDENTIFIER", name);
  layer = GDALDatasetCreateLayer (w->ds, name, w->srs, type, options);
  CSLDestroy (options);
  if (layer == NULL)
    {
      /* TRANSLATORS: %s is the name of a GeoPackage layer */
      g_autofree char *what = g_strdup_printf (_("Cannot create the layer %s"), name);
      sm_export_gdal_failed (error, what);
      return NULL;
    }
  for (guint i = 0; fields[i] != NULL; i++)
    {
      OGRFieldDefnH fd = OGR_Fld_Create (fields[i], types[i]);

      if (types[i] == OFTInteger && g_str_equal (fields[i], "heat_pump"))
        OGR_Fld_SetSubType (fd, OFSTBoolean);
      if (OGR_L_CreateField (layer, fd, TRUE) != OGRERR_NONE)
        {
          OGR_Fld_Destroy (fd);
          sm_export_gdal_failed (error, _("Cannot create a field"));
          return NULL;
        }
      OGR_Fld_Destroy (fd);
    }
  return layer;
}

gboolean
sm_export_add_feature (Writer      *w,
             OGRLayerH    layer,
             OGRFeatureH  feature,
             OGRGeometryH geom,
             GError     **error)
{
  if (geom != NULL)
    {
      if (w->ct != NULL && OGR_G_Transform (geom, w->ct) != OGRERR_NONE)
        {
          OGR_G_DestroyGeometry (geom);
          return sm_export_gdal_failed (error, _("Cannot transform a geometry to the chosen coordinate system"));
        }
      OGR_F_SetGeometryDirectly (feature, geom);
    }
  if (OGR_L_CreateFeature (layer, feature) != OGRERR_NONE)
    return sm_export_gdal_failed (error, _("Cannot write a feature"));
  return TRUE;
}

void
sm_export_set_string (OGRFeatureH  f,
            const char  *field,
            const char  *value)
{
  if (value != NULL)
    OGR_F_SetFieldString (f, OGR_F_GetFieldIndex (f, field), value);
}

void
sm_export_set_real (OGRFeatureH  f,
          const char  *field,
          double       value)
{
  /* An Infinity an older version stored is written as no value: QGIS
   * reads "inf" as text (issue 14.3). */
  if (isfinite (value))
    OGR_F_SetFieldDouble (f, OGR_F_GetFieldIndex (f, field), value);
}

void
sm_export_set_int (OGRFeatureH  f,
         const char  *field,
         gint64       value)
{
  OGR_F_SetFieldInteger64 (f, OGR_F_GetFieldIndex (f, field), value);
}

OGRGeometryH
sm_export_point (double lon,
       double lat)
{
  OGRGeometryH g = OGR_G_CreateGeometry (wkbPoint);

  OGR_G_SetPoint_2D (g, 0, lon, lat);
  return g;
}

gboolean
sm_export_report (Writer  *w,
        int      done,
        int      total,
        GError **error)
{
  if (g_cancellable_set_error_if_cancelled (w->cancellable, error))
    return FALSE;
  if (w->progress != NULL)
    w->progress ((w->step + (total > 0 ? (double) done / total : 1.0)) / w->n_steps,
                 w->progress_data);
  return TRUE;
}

gboolean
sm_export_keep_resource (Writer    *w,
               SmResource resource)
{
  return w->options->resources == 0 || (w->options->resources & (1u << resource));
}

/* The ids of the sites with a flow of a kept resource; NULL keeps all */
static GHashTable *
sites_with_kept_resources (Writer  *w,
                           GError **error)
{
  g_autoptr (GHashTable) wanted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  SmStmt *stmt;
  int rc;

  stmt = sm_project_prepare (w->project, "SELECT DISTINCT site_id, resource FROM flows", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    if (sm_export_keep_resource (w, sm_resource_from_key (sm_stmt_column_text (stmt, 1))))
      g_hash_table_add (wanted, g_memdup2 (&(gint64) { sm_stmt_column_int64 (stmt, 0) }, sizeof (gint64)));
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
      sm_project_set_sql_error (w->project, error, _("The project could not read its flows: %s"));
      return NULL;
    }
  return g_steal_pointer (&wanted);
}

static int
count_rows (Writer     *w,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  SmStmt *stmt = sm_project_prepare (w->project, sql, NULL);
  int n = 0;

  if (stmt == NULL)
    return 0;
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    n = sm_stmt_column_int (stmt, 0);
  sm_stmt_reset (stmt);
  return n;
}

/* Streams the sites: a million of them would not fit in memory twice. */
static gboolean
write_sites (Writer  *w,
             GError **error)
{
  static const char * const fields[] = {
    "site_id", "ext_id", "name", "org_number", "sector", "address", "contact_name",
    "contact_email", "phone", "supply_count", "demand_count", NULL };
  static const OGRFieldType types[] = {
    OFTInteger64, OFTString, OFTString, OFTString, OFTString, OFTString, OFTString, OFTString,
    OFTString, OFTInteger, OFTInteger };
  g_autoptr (GHashTable) wanted = NULL;
  g_autoptr (SmStmt) stmt = NULL;
  OGRLayerH layer;
  int total = count_rows (w, "sites"), done = 0, rc;

  if (w->options->resources != 0 && (wanted = sites_with_kept_resources (w, error)) == NULL)
    return FALSE;
  layer = sm_export_create_layer (w, "sites", wkbPoint, _("Company sites"), fields, types, error);
  if (layer == NULL)
    return FALSE;
  /* On a database, row by row too (SM_STMT_PREPARE_STREAM), not the whole
   * result at the first step; nothing else runs on the connection until
   * the last row */
  stmt = sm_db_prepare_full (sm_project_get_store (w->project),
                             "SELECT s.site_id, s.ext_id, s.name, s.org_number, s.sector, s.address, "
                             "s.contact_name, s.contact_email, s.phone, ST_X (s.geom), ST_Y (s.geom), "
                             "COALESCE (c.supply, 0), COALESCE (c.demand, 0) FROM sites s LEFT JOIN "
                             "(SELECT site_id, count (*) FILTER (WHERE direction = 'supply') AS supply, "
                             "count (*) FILTER (WHERE direction = 'demand') AS demand "
                             "FROM flows GROUP BY site_id) c "
                             "USING (site_id) ORDER BY s.site_id",
                             SM_STMT_PREPARE_STREAM, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      gint64 id = sm_stmt_column_int64 (stmt, 0);
      OGRFeatureH f;
      gboolean ok;

      if (wanted != NULL && !g_hash_table_contains (wanted, &id))
        continue;
      f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      sm_export_set_int (f, "site_id", id);
      for (int c = 1; c <= 8; c++)
        sm_export_set_string (f, fields[c], sm_stmt_column_text (stmt, c));
      sm_export_set_int (f, "supply_count", sm_stmt_column_int (stmt, 11));
      sm_export_set_int (f, "demand_count", sm_stmt_column_int (stmt, 12));
      ok = sm_export_add_feature (w, layer, f,
                        sm_export_point (sm_stmt_column_double (stmt, 9), sm_stmt_column_double (stmt, 10)),
                        error);
      OGR_F_Destroy (f);
      if (!ok || ((++done & 4095) == 0 && !sm_export_report (w, done, total, error)))
        {
          sm_stmt_reset (stmt);
          return FALSE;
        }
      w->counts.sites++;
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
      sm_project_set_sql_error (w->project, error, _("The project could not read its sites: %s"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_flows (Writer  *w,
             GError **error)
{
  static const char * const fields[] = {
    "flow_id", "site_id", "site_name", "direction", "resource", "ewc_code", "material", "amount",
    "unit", "temperature_c", "hours_per_year", NULL };
  static const OGRFieldType types[] = {
    OFTInteger64, OFTInteger64, OFTString, OFTString, OFTString, OFTString, OFTString, OFTReal,
    OFTString, OFTReal, OFTReal };
  g_autoptr (GPtrArray) flows = sm_project_list_flows (w->project, 0, error);
  OGRLayerH layer;

  if (flows == NULL)
    return FALSE;
  layer = sm_export_create_layer (w, "flows", wkbPoint, _("Resource flows: supplies and demands at the sites"),
                        fields, types, error);
  if (layer == NULL)
    return FALSE;
  for (guint i = 0; i < flows->len; i++)
    {
      SmFlow *fl = g_ptr_array_index (flows, i);
      OGRFeatureH f;
      gboolean ok;

      if (!sm_export_keep_resource (w, fl->resource))
        continue;
      f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      sm_export_set_int (f, "flow_id", fl->flow_id);
      sm_export_set_int (f, "site_id", fl->site_id);
      sm_export_set_string (f, "site_name", fl->site_name);
      sm_export_set_string (f, "direction", sm_direction_to_key (fl->direction));
      sm_export_set_string (f, "resource", sm_resource_to_key (fl->resource));
      sm_export_set_string (f, "ewc_code", fl->ewc_code);
      sm_export_set_string (f, "material", fl->material);
      sm_export_set_real (f, "amount", fl->amount);
      sm_export_set_string (f, "unit", fl->unit);
      sm_export_set_real (f, "temperature_c", fl->temperature_c);
      sm_export_set_real (f, "hours_per_year", fl->hours_per_year);
      ok = sm_export_add_feature (w, layer, f, sm_export_point (fl->lon, fl->lat), error);
      OGR_F_Destroy (f);
      if (!ok || ((i & 1023) == 0 && !sm_export_report (w, i, flows->len, error)))
        return FALSE;
      w->counts.flows++;
    }
  return TRUE;
}

static gboolean
write_network (Writer  *w,
               GError **error)
{
  static const char * const fields[] = { "edge_id", "name", "kind", "length_m", NULL };
  static const OGRFieldType types[] = { OFTInteger64, OFTString, OFTString, OFTReal };
  g_autoptr (SmStmt) stmt = NULL;
  OGRLayerH layer;
  int total, done = 0, rc;

  layer = sm_export_create_layer (w, "network", wkbLineString,
                        _("Network lines (roads, quays, pipe corridors) that pipe routes follow"),
                        fields, types, error);
  if (layer == NULL)
    return FALSE;
  total = count_rows (w, "network_edges");

  /* Row by row on a database too, as the sites */
  stmt = sm_db_prepare_full (sm_project_get_store (w->project),
                             "SELECT edge_id, name, kind, length_m, ST_AsBinary (geom) FROM network_edges "
                             "ORDER BY edge_id",
                             SM_STMT_PREPARE_STREAM, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      OGRFeatureH f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      OGRGeometryH g = NULL;
      const void *wkb = sm_stmt_column_blob (stmt, 4);
      gboolean ok;

      sm_export_set_int (f, "edge_id", sm_stmt_column_int64 (stmt, 0));
      sm_export_set_string (f, "name", sm_stmt_column_text (stmt, 1));
      sm_export_set_string (f, "kind", sm_stmt_column_text (stmt, 2));
      sm_export_set_real (f, "length_m", sm_stmt_column_double (stmt, 3));
      if (wkb != NULL)
        OGR_G_CreateFromWkb ((void *) wkb, NULL, &g, sm_stmt_column_bytes (stmt, 4));
      ok = sm_export_add_feature (w, layer, f, g, error);
      OGR_F_Destroy (f);
      if (!ok || ((++done & 1023) == 0 && !sm_export_report (w, done, total, error)))
        {
          sm_stmt_reset (stmt);
          return FALSE;
        }
      w->counts.network++;
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
      sm_project_set_sql_error (w->project, error, _("The project could not read its network lines: %s"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_styles (Writer  *w,
              GError **error)
{
  static const char * const fields[] = {
    "f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
    "styleQML", "styleSLD", "useAsDefault", "description", "owner", "ui", "update_time", NULL };
  static const OGRFieldType types[] = {
    OFTString, OFTString, OFTString, OFTString, OFTString, OFTString, OFTString, OFTInteger,
    OFTString, OFTString, OFTString, OFTDateTime };
  char **options = NULL;
  OGRLayerH layer;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  /* The table QGIS reads its default styles from, as QGIS writes it */
  options = CSLSetNameValue (options, "DESCRIPTION", "QGIS layer styles");
  layer = GDALDatasetCreateLayer (w->ds, "layer_styles", NULL, wkbNone, options);
  CSLDestroy (options);
  if (layer == NULL)
    return sm_export_gdal_failed (error, _("Cannot create the table of layer styles"));
  for (guint i = 0; fields[i] != NULL; i++)
    {
      OGRFieldDefnH fd = OGR_Fld_Create (fields[i], types[i]);
      if (g_str_equal (fields[i], "useAsDefault"))
        OGR_Fld_SetSubType (fd, OFSTBoolean);
      OGR_L_CreateField (layer, fd, TRUE);
      OGR_Fld_Destroy (fd);
    }

  for (guint l = 0; l < G_N_ELEMENTS (layer_names); l++)
    {
      g_autofree char *qml = NULL;
      OGRFeatureH f;
      gboolean ok;

      if (!(w->options->layers & (1u << l)))
        continue;
      switch (1u << l)
        {
        case SM_EXPORT_SITES:
          qml = make_qml (FALSE, FALSE, 0x2ec27e, NULL);
          break;
        case SM_EXPORT_FLOWS:
          qml = make_qml (FALSE, TRUE, 0, NULL);
          break;
        case SM_EXPORT_SYNERGIES:
          /* Coloured by levelised cost, heat pumps dashed, existing
           * exchanges black (sm-export-synergies.c) */
          qml = sm_export_synergy_qml (FALSE);
          break;
        case SM_EXPORT_INTERNAL_SYNERGIES:
          qml = sm_export_synergy_qml (TRUE);
          break;
        case SM_EXPORT_EXCHANGES:
          qml = sm_export_exchange_qml ();
          break;
        case SM_EXPORT_NETWORK:
        default:
          qml = make_qml (TRUE, FALSE, 0x77767b, NULL);
          break;
        }
      f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      sm_export_set_string (f, "f_table_catalog", "");
      sm_export_set_string (f, "f_table_schema", "");
      sm_export_set_string (f, "f_table_name", layer_names[l]);
      sm_export_set_string (f, "f_geometry_column", "geom");
      sm_export_set_string (f, "styleName", layer_names[l]);
      sm_export_set_string (f, "styleQML", qml);
      sm_export_set_string (f, "styleSLD", "");
      sm_export_set_int (f, "useAsDefault", 1);
      sm_export_set_string (f, "description", "Symbiomap");
      sm_export_set_string (f, "owner", "");
      sm_export_set_string (f, "ui", "");
      OGR_F_SetFieldDateTime (f, OGR_F_GetFieldIndex (f, "update_time"),
                              g_date_time_get_year (now), g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now), g_date_time_get_hour (now),
                              g_date_time_get_minute (now), g_date_time_get_second (now), 100);
      ok = OGR_L_CreateFeature (layer, f) == OGRERR_NONE;
      OGR_F_Destroy (f);
      if (!ok)
        return sm_export_gdal_failed (error, _("Cannot write a layer style"));
    }
  return TRUE;
}

static void
remove_partial (const char *tmp)
{
  g_autofree char *journal = g_strconcat (tmp, "-journal", NULL);
  g_autofree char *wal = g_strconcat (tmp, "-wal", NULL);
  g_autofree char *shm = g_strconcat (tmp, "-shm", NULL);

  g_unlink (tmp);
  g_unlink (journal);
  g_unlink (wal);
  g_unlink (shm);
}

/**
 * sm_export_run:
 * @project: the project
 * @path: the GeoPackage to write; replaced only when the export succeeds
 * @options: which layers, which SRS
 * @progress: (nullable): called now and then with the fraction done
 * @user_data: for @progress
 * @cancellable: (nullable): stops the export, which then writes nothing
 * @counts: (out) (optional): features written per layer
 * @error: return location for an error
 *
 * Returns: whether @path was written
 */
gboolean
sm_export_run (SmProject             *project,
               const char            *path,
               const SmExportOptions *options,
               SmExportProgressFunc   progress,
               gpointer               user_data,
               GCancellable          *cancellable,
               SmExportCounts        *counts,
               GError               **error)
{
  Writer w = { 0 };
  /* Over a symbolic link, the link's target is replaced, not the link. */
  g_autofree char *target = sm_file_resolve_target (path);
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *tmp = NULL;
  OGRSpatialReferenceH wgs84 = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (SM_IS_PROJECT (project), FALSE);
  g_return_val_if_fail (path != NULL && options != NULL, FALSE);

  if (sm_file_same (target, sm_project_get_path (project)))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_WRITE,
                   /* TRANSLATORS: %s is the output file's name */
                   _("“%s” is the project itself: export to another file"), display);
      return FALSE;
    }

  GDALAllRegister ();
  sm_gdal_route_errors ();
  w.project = project;
  w.options = options;
  w.progress = progress;
  w.progress_data = user_data;
  w.cancellable = cancellable;
  for (guint l = 0; l < G_N_ELEMENTS (layer_names); l++)
    w.n_steps += (options->layers & (1u << l)) ? 1 : 0;
  if (w.n_steps == 0)
    {
      g_set_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_LAYERS,
                   _("No layer to export: choose from sites, flows, synergies, network"));
      return FALSE;
    }

  w.srs = OSRNewSpatialReference (NULL);
  if (OSRSetFromUserInput (w.srs, options->srs ? options->srs : "EPSG:4326") != OGRERR_NONE)
    {
      g_set_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_SRS,
                   /* TRANSLATORS: %s is what the user gave as the coordinate system (--srs);
                    * keep EPSG:25832 as it is */
                   _("“%s” is not a coordinate system GDAL knows: write it like EPSG:25832"),
                   options->srs);
      OSRDestroySpatialReference (w.srs);
      return FALSE;
    }
  OSRSetAxisMappingStrategy (w.srs, OAMS_TRADITIONAL_GIS_ORDER);
  wgs84 = OSRNewSpatialReference (NULL);
  OSRImportFromEPSG (wgs84, 4326);
  OSRSetAxisMappingStrategy (wgs84, OAMS_TRADITIONAL_GIS_ORDER);
  if (!OSRIsSame (wgs84, w.srs))
    {
      w.ct = OCTNewCoordinateTransformation (wgs84, w.srs);
      if (w.ct == NULL)
        {
          g_set_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_SRS,
                       /* TRANSLATORS: %s is a coordinate system, e.g. EPSG:25832 */
                       _("Cannot transform from WGS84 to “%s”"), options->srs);
          goto out;
        }
    }

  /* A hidden name beside the target, so the rename stays on one file system. */
  tmp = g_strdup_printf ("%s%c.%s.%08x.part.gpkg", dir, G_DIR_SEPARATOR, base, g_random_int ());
  CPLErrorReset ();
  CPLPushErrorHandler (CPLQuietErrorHandler);
  w.ds = GDALCreate (GDALGetDriverByName ("GPKG"), tmp, 0, 0, 0, GDT_Unknown, NULL);
  if (w.ds == NULL)
    {
      g_autofree char *display = g_filename_display_name (dir);
      const char *msg = CPLGetLastErrorMsg ();
      g_set_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_WRITE,
                   /* TRANSLATORS: the first %s is a folder, the second the system's reason */
                   _("Cannot write in the folder “%s”: %s. Choose another folder."), display,
                   msg && *msg ? msg : g_strerror (EACCES));
      CPLPopErrorHandler ();
      remove_partial (tmp);
      goto out;
    }

  if (GDALDatasetStartTransaction (w.ds, FALSE) != OGRERR_NONE)
    {
      sm_export_gdal_failed (error, _("Cannot start writing the GeoPackage"));
      goto fail;
    }
  if ((options->layers & SM_EXPORT_SITES) && !write_sites (&w, error))
    goto fail;
  w.step += (options->layers & SM_EXPORT_SITES) ? 1 : 0;
  if ((options->layers & SM_EXPORT_FLOWS) && !write_flows (&w, error))
    goto fail;
  w.step += (options->layers & SM_EXPORT_FLOWS) ? 1 : 0;
  /* Both synergy layers come from one search */
  if ((options->layers & (SM_EXPORT_SYNERGIES | SM_EXPORT_INTERNAL_SYNERGIES))
      && !sm_export_write_synergies (&w, error))
    goto fail;
  w.step += (options->layers & SM_EXPORT_SYNERGIES) ? 1 : 0;
  w.step += (options->layers & SM_EXPORT_INTERNAL_SYNERGIES) ? 1 : 0;
  if ((options->layers & SM_EXPORT_EXCHANGES) && !sm_export_write_exchanges (&w, error))
    goto fail;
  w.step += (options->layers & SM_EXPORT_EXCHANGES) ? 1 : 0;
  if ((options->layers & SM_EXPORT_NETWORK) && !write_network (&w, error))
    goto fail;
  if (!write_styles (&w, error))
    goto fail;
  if (GDALDatasetCommitTransaction (w.ds) != OGRERR_NONE)
    {
      sm_export_gdal_failed (error, _("Cannot finish writing the GeoPackage"));
      goto fail;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;
  GDALClose (w.ds);
  w.ds = NULL;
  CPLPopErrorHandler ();

  if (g_rename (tmp, target) != 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_name (path);
      remove_partial (tmp);
      /* TRANSLATORS: the first %s is a file, the second the reason */
      g_set_error (error, SM_EXPORT_ERROR, SM_EXPORT_ERROR_WRITE, _("Cannot write “%s”: %s"),
                   display, g_strerror (saved));
      goto out;
    }
  if (progress)
    progress (1.0, user_data);
  if (counts)
    *counts = w.counts;
  ok = TRUE;
  goto out;

fail:
  CPLPopErrorHandler ();
  if (w.ds != NULL)
    GDALClose (w.ds);
  w.ds = NULL;
  remove_partial (tmp);

out:
  if (w.ct)
    OCTDestroyCoordinateTransformation (w.ct);
  if (wgs84)
    OSRDestroySpatialReference (wgs84);
  OSRDestroySpatialReference (w.srs);
  return ok;
}

/* In a thread */

typedef struct
{
  char            *project_path;
  char            *path;
  SmExportOptions  options;
  SmProgressRelay *relay;
  SmExportCounts   counts;
} ExportTask;

static void
export_task_free (ExportTask *t)
{
  g_free (t->project_path);
  g_free (t->path);
  g_free (t->options.srs);
  sm_progress_relay_unref (t->relay);
  g_free (t);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportTask *t = task_data;
  g_autoptr (SmProject) project = NULL;
  GError *error = NULL;
  gboolean ok;

  project = sm_project_open (t->project_path, &error);
  ok = project != NULL
       && sm_export_run (project, t->path, &t->options, sm_progress_relay_report, t->relay,
                         cancellable, &t->counts, &error);
  sm_progress_relay_stop (t->relay);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
sm_export_run_async (const char            *project_path,
                     const char            *path,
                     const SmExportOptions *options,
                     SmExportProgressFunc   progress,
                     gpointer               user_data,
                     GCancellable          *cancellable,
                     GAsyncReadyCallback    callback,
                     gpointer               callback_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, callback_data);
  ExportTask *t = g_new0 (ExportTask, 1);

  t->project_path = g_strdup (project_path);
  t->path = g_strdup (path);
  t->options = *options;
  t->options.srs = g_strdup (options->srs);
  t->relay = sm_progress_relay_new (progress, user_data);
  g_task_set_source_tag (task, sm_export_run_async);
  g_task_set_task_data (task, t, (GDestroyNotify) export_task_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
sm_export_run_finish (GAsyncResult    *result,
                      SmExportCounts  *counts,
                      GError         **error)
{
  GTask *task = G_TASK (result);
  ExportTask *t = g_task_get_task_data (task);

  if (!g_task_propagate_boolean (task, error))
    return FALSE;
  if (counts)
    *counts = t->counts;
  return TRUE;
}
