/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The network row importer: roads, quays and pipe corridors as lines
 * (multi-lines split into parts), transformed to WGS84 and checked before
 * any part is stored.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include "sm-import-private.h"

int
sm_import_network_row (LayerReader *r,
                       OGRFeatureH  feature,
                       Reject      *rej,
                       GError     **error)
{
  OGRGeometryH geom = r->has_geometry ? OGR_F_GetGeometryRef (feature) : NULL;
  g_autofree char *name = sm_import_cell (r, feature, F_NAME);
  g_autofree char *kind = sm_import_cell (r, feature, F_KIND);
  OGRwkbGeometryType type;
  int n_parts;

  if (geom == NULL)
    return sm_import_reject (rej, F_WKT, NULL, _("the row has no line geometry"));
  if (OGR_G_IsEmpty (geom))
    return sm_import_reject (rej, F_WKT, NULL, _("the geometry is empty"));
  type = wkbFlatten (OGR_G_GetGeometryType (geom));
  if (type != wkbLineString && type != wkbMultiLineString)
    /* TRANSLATORS: %s is GDAL's name of the geometry type, in English, e.g. “Point” */
    return sm_import_reject (rej, F_WKT, NULL, _("the geometry is a %s, not a line"),
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
            return sm_import_reject (rej, F_WKT, NULL, _("the line cannot be transformed to WGS84"));
          }
        if (!sm_import_check_line (part, &why))
          {
            OGR_G_DestroyGeometry (part);
            return sm_import_reject (rej, F_WKT, NULL, "%s", why);
          }
        size = OGR_G_WkbSize (part);
        wkb = g_malloc (size);
        OGR_G_ExportToWkb (part, wkbNDR, wkb);
        OGR_G_DestroyGeometry (part);
        g_ptr_array_add (parts, g_bytes_new_take (wkb, size));
      }
    if (parts->len == 0)
      return sm_import_reject (rej, F_WKT, NULL, _("a line needs two points or more"));
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
