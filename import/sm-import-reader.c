/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The layer reader's cell-level work shared by the row importers: the
 * cells of a feature as text and numbers, rejecting a row with field,
 * value and reason, a row's location (geometry, lat/lon, x/y, WKT) with
 * its checks, and the transformation of the layer's SRS to WGS84.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include "sm-import-private.h"

void
sm_import_reject_clear (Reject *r)
{
  g_clear_pointer (&r->value, g_free);
  g_clear_pointer (&r->reason, g_free);
}

gboolean G_GNUC_PRINTF (4, 5)
sm_import_reject (Reject     *r,
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
char *
sm_import_cell (LayerReader *r,
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

/* A number cell: spreadsheet numbers come typed, CSV ones as text. */
NumberCell
sm_import_number_cell (LayerReader *r,
                       OGRFeatureH  feature,
                       FieldId      field,
                       SmNumberStyle style,
                       double      *value,
                       char       **text,
                       SmNumberResult *how)
{
  *text = sm_import_cell (r, feature, field);
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

void
sm_import_add_note (LayerReader *r,
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
    return sm_import_reject (rej, lat_field, POINT_VALUE, _("the location is not a finite number"));
  if (fabs (lat) > 90)
    {
      if (fabs (lon) <= 90)
        return sm_import_reject (rej, lat_field, POINT_VALUE,
                       /* TRANSLATORS: %.6g is the latitude the row gives, in degrees */
                       _("latitude %.6g is out of range (−90 to 90): latitude and longitude look swapped"),
                       lat);
      /* TRANSLATORS: %.6g is the latitude the row gives, in degrees */
      return sm_import_reject (rej, lat_field, POINT_VALUE, _("latitude %.6g is out of range (−90 to 90)"), lat);
    }
  if (fabs (lon) > 180)
    /* TRANSLATORS: %.6g is the longitude the row gives, in degrees */
    return sm_import_reject (rej, F_LON, POINT_VALUE, _("longitude %.6g is out of range (−180 to 180)"), lon);
  if (lat == 0 && lon == 0)
    return sm_import_reject (rej, lat_field, POINT_VALUE,
                   _("location 0, 0 is in the sea off Africa: the coordinates are missing"));

  /* Both in range, but swapped: far from the other sites of the file,
   * while the swapped point is among them. */
  if (r->n_points >= 5)
    {
      double mlat = r->sum_lat / r->n_points, mlon = r->sum_lon / r->n_points;
      double d = hypot (lat - mlat, lon - mlon);
      double ds = hypot (lon - mlat, lat - mlon);

      if (d > 10 && ds < 2)
        return sm_import_reject (rej, lat_field, POINT_VALUE,
                       /* TRANSLATORS: the row's latitude and longitude, then the middle
                        * (latitude, longitude) of the file's other sites, all in degrees */
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
gboolean
sm_import_row_location (LayerReader *r,
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
  if (geom == NULL && r->col[F_WKT] >= 0 && (a = sm_import_cell (r, feature, F_WKT)) != NULL)
    {
      int srid = 0;
      OGRGeometryH parsed = sm_geom_from_text (a, &srid);

      if (parsed == NULL)
        return sm_import_reject (rej, F_WKT, a,
                       /* TRANSLATORS: %s is the cell's text; keep POINT (9.95 57.05) as it is,
                        * it is an example of WKT */
                       _("“%s” is not geometry as WKT, EWKT or WKB like POINT (9.95 57.05)"), a);
      geom = parsed;
      check_field = F_WKT;
      if (OGR_G_IsEmpty (geom))
        {
          OGR_G_DestroyGeometry (geom);
          return sm_import_reject (rej, F_WKT, a, _("the geometry is empty"));
        }
      if (OGR_GT_IsSubClassOf (wkbFlatten (OGR_G_GetGeometryType (geom)), wkbCurve)
          || OGR_GT_IsSubClassOf (wkbFlatten (OGR_G_GetGeometryType (geom)), wkbMultiCurve))
        {
          OGR_G_DestroyGeometry (geom);
          return sm_import_reject (rej, F_WKT, a, _("the geometry is a line, not a site's point or area"));
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
            /* TRANSLATORS: %d is the EPSG code the geometry names, e.g. 25832 */
            return sm_import_reject (rej, F_WKT, a, _("the point cannot be transformed from EPSG:%d to WGS84"),
                           srid);
        }
      else if (!transform_point (r->geom_ct, lon, lat))
        /* TRANSLATORS: %s is the coordinate system the user gave (--srs), e.g. EPSG:25832 */
        return sm_import_reject (rej, F_WKT, a, _("the point cannot be transformed from %s to WGS84"),
                       r->options->srs ? r->options->srs : "EPSG:4326");
    }
  else if (geom != NULL)
    {
      if (OGR_G_IsEmpty (geom))
        return sm_import_reject (rej, F_LAT, NULL, _("the geometry is empty"));
      if (OGR_GT_IsSubClassOf (wkbFlatten (OGR_G_GetGeometryType (geom)), wkbCurve)
          || OGR_GT_IsSubClassOf (wkbFlatten (OGR_G_GetGeometryType (geom)), wkbMultiCurve))
        return sm_import_reject (rej, F_WKT, NULL, _("the geometry is a line, not a site's point or area"));
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
        return sm_import_reject (rej, F_LAT, NULL, _("the geometry cannot be transformed to WGS84"));
    }
  else if (r->col[F_LAT] >= 0 && r->col[F_LON] >= 0)
    {
      a = sm_import_cell (r, feature, F_LAT);
      b = sm_import_cell (r, feature, F_LON);
      if (a == NULL && b == NULL)
        return TRUE;
      if (a == NULL)
        return sm_import_reject (rej, F_LAT, NULL, _("latitude is missing"));
      if (b == NULL)
        return sm_import_reject (rej, F_LON, NULL, _("longitude is missing"));
      if (!sm_parse_coordinate (a, lat))
        /* TRANSLATORS: %s is the cell's text */
        return sm_import_reject (rej, F_LAT, a, _("latitude “%s” is not a number"), a);
      if (!sm_parse_coordinate (b, lon))
        /* TRANSLATORS: %s is the cell's text */
        return sm_import_reject (rej, F_LON, b, _("longitude “%s” is not a number"), b);
      if (!check_point (r, F_LAT, *lat, *lon, rej))
        return FALSE;
      if (!transform_point (r->latlon_ct, lon, lat))
        return sm_import_reject (rej, F_LAT, a, _("the point cannot be transformed to WGS84"));
    }
  else if (r->col[F_X] >= 0 && r->col[F_Y] >= 0)
    {
      a = sm_import_cell (r, feature, F_X);
      b = sm_import_cell (r, feature, F_Y);
      if (a == NULL && b == NULL)
        return TRUE;
      if (a == NULL)
        return sm_import_reject (rej, F_X, NULL, _("easting (x) is missing"));
      if (b == NULL)
        return sm_import_reject (rej, F_Y, NULL, _("northing (y) is missing"));
      if (!sm_parse_coordinate (a, lon))
        /* TRANSLATORS: %s is the cell's text; easting is the x coordinate of a projected system */
        return sm_import_reject (rej, F_X, a, _("easting “%s” is not a number"), a);
      if (!sm_parse_coordinate (b, lat))
        /* TRANSLATORS: %s is the cell's text; northing is the y coordinate of a projected
         * system */
        return sm_import_reject (rej, F_Y, b, _("northing “%s” is not a number"), b);
      check_field = F_X;
      if (!transform_point (r->geom_ct, lon, lat))
        /* TRANSLATORS: the x and y cells as written, then the coordinate system the user gave
         * (--srs) */
        return sm_import_reject (rej, F_X, a, _("x %s, y %s cannot be transformed from %s to WGS84"),
                       a, b, r->options->srs);
    }
  else
    return TRUE;

  return check_point (r, check_field, *lat, *lon, rej);
}

void
sm_import_remember_point (LayerReader *r,
                          double       lat,
                          double       lon)
{
  SmImportPoint p = { r->row, lat, lon };

  r->sum_lat += lat;
  r->sum_lon += lon;
  r->n_points++;
  g_array_append_val (r->points, p);
}

void
sm_import_site_from_row (LayerReader *r,
                         OGRFeatureH  feature,
                         SmSite      *site)
{
  site->ext_id = sm_import_cell (r, feature, F_SITE_ID);
  site->name = sm_import_cell (r, feature, F_NAME);
  site->org_number = sm_import_cell (r, feature, F_ORG_NUMBER);
  site->sector = sm_import_cell (r, feature, F_SECTOR);
  site->address = sm_import_cell (r, feature, F_ADDRESS);
  if (r->col[F_POSTCODE] >= 0 || r->col[F_CITY] >= 0)
    {
      g_autofree char *postcode = sm_import_cell (r, feature, F_POSTCODE);
      g_autofree char *city = sm_import_cell (r, feature, F_CITY);
      char *joined = sm_join_address (site->address, postcode, city);

      g_free (site->address);
      site->address = joined;
    }
  site->contact_name = sm_import_cell (r, feature, F_CONTACT_NAME);
  site->contact_email = sm_import_cell (r, feature, F_CONTACT_EMAIL);
  site->phone = sm_import_cell (r, feature, F_PHONE);
  site->lat = site->lon = NAN;
}

void
sm_import_site_clear (SmSite *site)
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

gboolean
sm_import_setup_srs (LayerReader *r,
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
                   /* TRANSLATORS: %s is the file's name; lat/lon, x/y and WKT are kinds of
                    * columns */
                   _("“%s” has no locations: no point geometry, and no lat/lon, x/y or WKT columns"),
                   base);
      return FALSE;
    }
  if (r->options->kind == SM_IMPORT_KIND_NETWORK && !r->has_geometry)
    {
      g_autofree char *base = g_path_get_basename (r->path);
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                   /* TRANSLATORS: the file's name, then the layer's name */
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
  r->srs_name = sm_import_srs_to_string (given ? given : (has_geom_source ? file_srs : NULL));
  if (r->srs_name == NULL && has_latlon)
    r->srs_name = g_strdup ("EPSG:4326");
  if (given)
    OSRDestroySpatialReference (given);
  return TRUE;
}
