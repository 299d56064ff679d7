/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Geometry in a text cell, as the world writes it (docs/DATA-MODEL.md,
 * "Public registers"): WKT, PostGIS EWKT ("SRID=4326;POINT(15.07 47.03)"),
 * WKB as hex, or PostGIS EWKB as hex (what a database dump or a GDAL
 * binary field gives as text). GDAL parses WKT and WKB; only the PostGIS
 * extensions (the "SRID=n;" prefix and EWKB's SRID flag) are taken off by
 * hand here, because OGR's WKB reader does not read EWKB's SRID.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include <math.h>
#include <ogr_srs_api.h>
#include <string.h>

#include "sm-geom-text.h"

#define EWKB_SRID_FLAG 0x20000000u

static gboolean
is_hex (const char *text,
        gsize       len)
{
  if (len < 18 || len % 2 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

static OGRGeometryH
from_wkb_hex (const char *text,
              gsize       len,
              int        *srid)
{
  gsize n = len / 2;
  g_autofree guint8 *wkb = g_malloc (n);
  OGRGeometryH geom = NULL;
  guint32 type;
  gboolean little;

  for (gsize i = 0; i < n; i++)
    wkb[i] = (g_ascii_xdigit_value (text[2 * i]) << 4) | g_ascii_xdigit_value (text[2 * i + 1]);
  if (wkb[0] > 1)
    return NULL;
  little = wkb[0] == 1;
  memcpy (&type, wkb + 1, 4);
  type = little ? GUINT32_FROM_LE (type) : GUINT32_FROM_BE (type);
  if (type & EWKB_SRID_FLAG)
    {
      guint32 s;

      if (n < 9)
        return NULL;
      memcpy (&s, wkb + 5, 4);
      *srid = (int) (little ? GUINT32_FROM_LE (s) : GUINT32_FROM_BE (s));
      type &= ~EWKB_SRID_FLAG;
      type = little ? GUINT32_TO_LE (type) : GUINT32_TO_BE (type);
      memcpy (wkb + 1, &type, 4);
      memmove (wkb + 5, wkb + 9, n - 9);
      n -= 4;
    }
  if (OGR_G_CreateFromWkb (wkb, NULL, &geom, (int) n) != OGRERR_NONE)
    return NULL;
  return geom;
}

/**
 * sm_geom_from_text:
 * @text: a cell
 * @srid: (out): the SRID the text names (EWKT, EWKB), else 0
 *
 * Returns: (transfer full) (nullable): the geometry, or %NULL when @text
 *   is none of WKT, EWKT, hex WKB or hex EWKB
 */
OGRGeometryH
sm_geom_from_text (const char *text,
                   int        *srid)
{
  OGRGeometryH geom = NULL;
  const char *p = text, *end;
  gsize len;

  *srid = 0;
  while (g_ascii_isspace (*p))
    p++;
  len = strlen (p);
  while (len > 0 && g_ascii_isspace (p[len - 1]))
    len--;
  if (len == 0)
    return NULL;
  end = p + len;
  if (is_hex (p, len))
    return from_wkb_hex (p, len, srid);
  if (g_ascii_strncasecmp (p, "SRID=", 5) == 0)
    {
      char *stop = NULL;
      gint64 s = g_ascii_strtoll (p + 5, &stop, 10);

      if (stop == p + 5 || *stop != ';' || s < 0 || s > G_MAXINT)
        return NULL;
      *srid = (int) s;
      p = stop + 1;
    }
  {
    g_autofree char *copy = g_strndup (p, end - p);
    char *cursor = copy;

    if (OGR_G_CreateFromWkt (&cursor, NULL, &geom) != OGRERR_NONE)
      return NULL;
  }
  return geom;
}

/**
 * sm_geom_transform_point:
 * @srid: the EPSG code an EWKT or EWKB names
 * @x: (inout): easting or longitude
 * @y: (inout): northing or latitude
 *
 * Rare enough (registers write SRID=4326) to build the transformation
 * for each point.
 *
 * Returns: whether the point is now in EPSG:4326, longitude in @x
 */
gboolean
sm_geom_transform_point (int     srid,
                         double *x,
                         double *y)
{
  OGRSpatialReferenceH from = OSRNewSpatialReference (NULL);
  OGRSpatialReferenceH to = OSRNewSpatialReference (NULL);
  OGRCoordinateTransformationH ct = NULL;
  gboolean ok = FALSE;

  if (OSRImportFromEPSG (from, srid) == OGRERR_NONE && OSRImportFromEPSG (to, 4326) == OGRERR_NONE)
    {
      OSRSetAxisMappingStrategy (from, OAMS_TRADITIONAL_GIS_ORDER);
      OSRSetAxisMappingStrategy (to, OAMS_TRADITIONAL_GIS_ORDER);
      ct = OCTNewCoordinateTransformation (from, to);
    }
  if (ct != NULL)
    ok = OCTTransform (ct, 1, x, y, NULL) && isfinite (*x) && isfinite (*y);
  if (ct)
    OCTDestroyCoordinateTransformation (ct);
  OSRDestroySpatialReference (from);
  OSRDestroySpatialReference (to);
  return ok;
}

/**
 * sm_geom_find_column:
 * @layer: a layer without geometry of its own
 *
 * Geometry may be in any column ("the_geom", "location", "wkb_geometry",
 * …): the first text column whose first non-empty cell parses as WKT,
 * EWKT or (E)WKB holds it. Reads up to 20 features, then rewinds.
 *
 * Returns: the column's index, or -1
 */
int
sm_geom_find_column (OGRLayerH layer)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int n = OGR_FD_GetFieldCount (defn);
  g_autofree gboolean *seen = g_new0 (gboolean, n + 1);
  OGRFeatureH feature;
  int found = -1;

  OGR_L_ResetReading (layer);
  for (int row = 0; row < 20 && found < 0 && (feature = OGR_L_GetNextFeature (layer)) != NULL; row++)
    {
      for (int i = 0; i < n && found < 0; i++)
        {
          OGRFieldType t = OGR_Fld_GetType (OGR_FD_GetFieldDefn (defn, i));
          const char *text;
          OGRGeometryH geom;
          int srid;

          if (seen[i] || (t != OFTString && t != OFTBinary) || !OGR_F_IsFieldSetAndNotNull (feature, i))
            continue;
          text = OGR_F_GetFieldAsString (feature, i);
          if (text == NULL || *text == '\0')
            continue;
          seen[i] = TRUE;
          geom = sm_geom_from_text (text, &srid);
          if (geom != NULL)
            {
              if (!OGR_G_IsEmpty (geom))
                found = i;
              OGR_G_DestroyGeometry (geom);
            }
        }
      OGR_F_Destroy (feature);
    }
  OGR_L_ResetReading (layer);
  return found;
}
