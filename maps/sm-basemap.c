/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offline basemap: land, water and borders drawn with cairo alone, so
 * the map widget, the CLI's reports and map images share it and none needs
 * a display. The GeoPackage (resources/basemap/make-basemap.sh, described
 * in docs/BASEMAP.md) holds one land and one border layer per zoom band,
 * already simplified for that band and cut into pieces of at most ~1000
 * points. It is read once through GDAL; each piece is kept in Web Mercator
 * with its bounding box, so a frame projects nothing and skips every piece
 * off screen. Vector, not tiles: crisp at any zoom and scale factor.
 */
#define G_LOG_DOMAIN "sm-basemap"

#include "config.h"

#include <math.h>
#include <glib/gi18n-lib.h>
#include <gdal.h>
#include <ogr_api.h>

#include "sm-basemap.h"

#define MAX_BANDS 8
#define BASEMAP_NAME "symbiomap-basemap.gpkg"

typedef struct
{
  double   x0, y0, x1, y1; /* bounding box, Web Mercator */
  guint    first;          /* into the band's points (x, y pairs) */
  guint    n_rings;
  guint    first_ring;     /* into the band's ring sizes */
} Piece;

typedef struct
{
  int     min_zoom;
  GArray *land;        /* of Piece */
  GArray *borders;     /* of Piece, n_rings = 1 */
  GArray *points;      /* of double: x, y */
  GArray *ring_sizes;  /* of guint: points per ring */
} Band;

struct _SmBasemap
{
  Band  bands[MAX_BANDS];
  guint n_bands;
};

G_DEFINE_QUARK (sm-basemap-error-quark, sm_basemap_error)

/* Web Mercator */

void
sm_mercator_project (double  lat,
                     double  lon,
                     double *mx,
                     double *my)
{
  double s = sin (CLAMP (lat, -85.0511, 85.0511) * G_PI / 180);

  *mx = (lon + 180) / 360;
  *my = 0.5 - log ((1 + s) / (1 - s)) / (4 * G_PI);
}

void
sm_mercator_unproject (double  mx,
                       double  my,
                       double *lat,
                       double *lon)
{
  *lon = mx * 360 - 180;
  *lat = atan (sinh (G_PI * (1 - 2 * my))) * 180 / G_PI;
}

void
sm_map_view_init (SmMapView *view,
                  double     lat,
                  double     lon,
                  double     zoom,
                  double     width,
                  double     height)
{
  double mx, my;

  sm_mercator_project (lat, lon, &mx, &my);
  view->scale = 256 * exp2 (zoom);
  view->width = width;
  view->height = height;
  view->mx0 = mx - width / 2 / view->scale;
  view->my0 = my - height / 2 / view->scale;
}

/* The largest zoom (at most max_zoom) that shows the box with margin
 * pixels on every side */
void
sm_map_view_fit (SmMapView *view,
                 double     min_lat,
                 double     min_lon,
                 double     max_lat,
                 double     max_lon,
                 double     width,
                 double     height,
                 double     margin,
                 double     max_zoom)
{
  double x0, y0, x1, y1, zx, zy, zoom;

  sm_mercator_project (max_lat, min_lon, &x0, &y0);
  sm_mercator_project (min_lat, max_lon, &x1, &y1);
  zx = log2 (MAX (width - 2 * margin, 1) / 256 / MAX (x1 - x0, 1e-9));
  zy = log2 (MAX (height - 2 * margin, 1) / 256 / MAX (y1 - y0, 1e-9));
  zoom = MIN (MIN (zx, zy), max_zoom);
  view->scale = 256 * exp2 (zoom);
  view->width = width;
  view->height = height;
  view->mx0 = (x0 + x1) / 2 - width / 2 / view->scale;
  view->my0 = (y0 + y1) / 2 - height / 2 / view->scale;
}

double
sm_map_view_get_zoom (const SmMapView *view)
{
  return log2 (view->scale / 256);
}

void
sm_map_view_to_pixel (const SmMapView *view,
                      double           lat,
                      double           lon,
                      double          *x,
                      double          *y)
{
  double mx, my;

  sm_mercator_project (lat, lon, &mx, &my);
  *x = (mx - view->mx0) * view->scale;
  *y = (my - view->my0) * view->scale;
}

/* Ground metres per pixel at the view's centre: Web Mercator stretches by
 * 1 / cos(latitude); 40 075 016.686 m is the WGS 84 equator. */
double
sm_map_view_metres_per_pixel (const SmMapView *view)
{
  double lat, lon;

  sm_mercator_unproject (view->mx0 + view->width / 2 / view->scale,
                         view->my0 + view->height / 2 / view->scale, &lat, &lon);
  return 40075016.686 * cos (lat * G_PI / 180) / view->scale;
}

/* Finding and reading */

/* The installed copy, else the one the build tree made (tests, running
 * from the build tree); SYMBIOMAP_BASEMAP overrides both. */
const char *
sm_basemap_find_file (void)
{
  static const char *found = NULL;
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      const char *env = g_getenv ("SYMBIOMAP_BASEMAP");
      const char *candidates[] = {
        env,
        PKGDATADIR "/basemap/" BASEMAP_NAME,
#ifdef SOURCE_BASEMAP
        SOURCE_BASEMAP,
#endif
      };

      for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
        if (candidates[i] != NULL && *candidates[i] && g_file_test (candidates[i], G_FILE_TEST_IS_REGULAR))
          {
            found = g_intern_string (candidates[i]);
            break;
          }
      g_once_init_leave (&once, 1);
    }
  return found;
}

static void
add_ring (Band          *band,
          OGRGeometryH   ring)
{
  int n = OGR_G_GetPointCount (ring);
  guint size = n;

  for (int i = 0; i < n; i++)
    {
      double xy[2];

      sm_mercator_project (OGR_G_GetY (ring, i), OGR_G_GetX (ring, i), &xy[0], &xy[1]);
      g_array_append_vals (band->points, xy, 2);
    }
  g_array_append_val (band->ring_sizes, size);
}

static void
finish_piece (Band  *band,
              Piece *piece)
{
  piece->x0 = piece->y0 = G_MAXDOUBLE;
  piece->x1 = piece->y1 = -G_MAXDOUBLE;
  for (guint i = piece->first; i < band->points->len; i += 2)
    {
      double x = g_array_index (band->points, double, i);
      double y = g_array_index (band->points, double, i + 1);

      piece->x0 = MIN (piece->x0, x);
      piece->x1 = MAX (piece->x1, x);
      piece->y0 = MIN (piece->y0, y);
      piece->y1 = MAX (piece->y1, y);
    }
}

static void
add_geometry (Band         *band,
              OGRGeometryH  geom,
              gboolean      polygon)
{
  OGRwkbGeometryType type = wkbFlatten (OGR_G_GetGeometryType (geom));
  Piece piece = { 0 };

  if (type == wkbMultiPolygon || type == wkbMultiLineString || type == wkbGeometryCollection)
    {
      for (int i = 0; i < OGR_G_GetGeometryCount (geom); i++)
        add_geometry (band, OGR_G_GetGeometryRef (geom, i), polygon);
      return;
    }
  piece.first = band->points->len;
  piece.first_ring = band->ring_sizes->len;
  if (polygon && type == wkbPolygon)
    {
      for (int i = 0; i < OGR_G_GetGeometryCount (geom); i++)
        add_ring (band, OGR_G_GetGeometryRef (geom, i));
      piece.n_rings = OGR_G_GetGeometryCount (geom);
    }
  else if (!polygon && type == wkbLineString)
    {
      add_ring (band, geom);
      piece.n_rings = 1;
    }
  if (piece.n_rings == 0)
    return;
  finish_piece (band, &piece);
  g_array_append_val (polygon ? band->land : band->borders, piece);
}

static gboolean
read_layer (GDALDatasetH  ds,
            const char   *path,
            const char   *name,
            Band         *band,
            gboolean      polygon,
            GError      **error)
{
  OGRLayerH layer = GDALDatasetGetLayerByName (ds, name);
  OGRFeatureH feature;

  if (layer == NULL)
    {
      /* TRANSLATORS: the basemap file's name, then a layer name inside it */
      g_set_error (error, SM_BASEMAP_ERROR, 0, _("%s has no layer “%s”"), path, name);
      return FALSE;
    }
  OGR_L_ResetReading (layer);
  while ((feature = OGR_L_GetNextFeature (layer)) != NULL)
    {
      OGRGeometryH geom = OGR_F_GetGeometryRef (feature);

      if (geom != NULL)
        add_geometry (band, geom, polygon);
      OGR_F_Destroy (feature);
    }
  return TRUE;
}

SmBasemap *
sm_basemap_load (const char  *path,
                 GError     **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();
  GDALDatasetH ds;
  OGRLayerH bands;
  OGRFeatureH feature;
  SmBasemap *self;

  GDALAllRegister ();
  ds = GDALOpenEx (path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  if (ds == NULL)
    {
      /* TRANSLATORS: the basemap file's name, then GDAL's reason (in English) */
      g_set_error (error, SM_BASEMAP_ERROR, 0, _("Cannot open the offline basemap %s: %s"), path,
                   CPLGetLastErrorMsg ());
      return NULL;
    }
  bands = GDALDatasetGetLayerByName (ds, "bands");
  if (bands == NULL)
    {
      g_set_error (error, SM_BASEMAP_ERROR, 0, _("%s has no layer “%s”"), path, "bands");
      GDALClose (ds);
      return NULL;
    }

  self = g_new0 (SmBasemap, 1);
  OGR_L_ResetReading (bands);
  while ((feature = OGR_L_GetNextFeature (bands)) != NULL && self->n_bands < MAX_BANDS)
    {
      Band *band = &self->bands[self->n_bands];
      int id = OGR_F_GetFieldAsInteger (feature, OGR_F_GetFieldIndex (feature, "band"));
      g_autofree char *land = g_strdup_printf ("land_%d", id);
      g_autofree char *borders = g_strdup_printf ("borders_%d", id);

      band->min_zoom = OGR_F_GetFieldAsInteger (feature, OGR_F_GetFieldIndex (feature, "min_zoom"));
      band->land = g_array_new (FALSE, FALSE, sizeof (Piece));
      band->borders = g_array_new (FALSE, FALSE, sizeof (Piece));
      band->points = g_array_new (FALSE, FALSE, sizeof (double));
      band->ring_sizes = g_array_new (FALSE, FALSE, sizeof (guint));
      self->n_bands++;
      OGR_F_Destroy (feature);
      if (!read_layer (ds, path, land, band, TRUE, error)
          || !read_layer (ds, path, borders, band, FALSE, error))
        {
          GDALClose (ds);
          sm_basemap_free (self);
          return NULL;
        }
    }
  GDALClose (ds);
  if (self->n_bands == 0)
    {
      /* TRANSLATORS: %s is the basemap file's name */
      g_set_error (error, SM_BASEMAP_ERROR, 0, _("%s has no zoom bands"), path);
      sm_basemap_free (self);
      return NULL;
    }
  return self;
}

/* Read once per process, on first use; thread-safe, so a GTask can be
 * the first. */
SmBasemap *
sm_basemap_get_default (GError **error)
{
  static SmBasemap *basemap = NULL;
  static char *failure = NULL;
  static gsize once = 0;

  if (g_once_init_enter (&once))
    {
      const char *path = sm_basemap_find_file ();
      g_autoptr (GError) local = NULL;

      if (path == NULL)
        failure = g_strdup (_("The offline basemap is not installed (resources/basemap/make-basemap.sh makes it)"));
      else if ((basemap = sm_basemap_load (path, &local)) == NULL)
        failure = g_strdup (local->message);
      g_once_init_leave (&once, 1);
    }
  if (basemap == NULL)
    g_set_error_literal (error, SM_BASEMAP_ERROR, 0, failure);
  return basemap;
}

void
sm_basemap_free (SmBasemap *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_bands; i++)
    {
      g_array_unref (self->bands[i].land);
      g_array_unref (self->bands[i].borders);
      g_array_unref (self->bands[i].points);
      g_array_unref (self->bands[i].ring_sizes);
    }
  g_free (self);
}

guint
sm_basemap_count_pieces (SmBasemap *self)
{
  guint n = 0;

  for (guint i = 0; i < self->n_bands; i++)
    n += self->bands[i].land->len + self->bands[i].borders->len;
  return n;
}

/* Drawing */

/* Colours close to OpenStreetMap's standard style, so the offline map and
 * the tiles above it look alike. */
void
sm_basemap_get_water_rgb (double *r,
                          double *g,
                          double *b)
{
  *r = 0xaa / 255.0;
  *g = 0xd3 / 255.0;
  *b = 0xdf / 255.0;
}

void
sm_basemap_get_land_rgb (double *r,
                         double *g,
                         double *b)
{
  *r = 0xf2 / 255.0;
  *g = 0xef / 255.0;
  *b = 0xe9 / 255.0;
}

/* Both sources' licences ask for this wherever the map is shown. */
const char *
sm_basemap_get_attribution (void)
{
  return "© OpenStreetMap contributors (ODbL) · Natural Earth";
}

static const Band *
band_for (SmBasemap *self,
          double     zoom)
{
  const Band *best = &self->bands[0];

  for (guint i = 0; i < self->n_bands; i++)
    if (self->bands[i].min_zoom <= zoom + 0.25 && self->bands[i].min_zoom >= best->min_zoom)
      best = &self->bands[i];
  return best;
}

/* Adds a ring or line to the path, leaving out points less than half a
 * pixel from the last one kept. */
static void
add_path (cairo_t         *cr,
          const SmMapView *view,
          const double    *xy,
          guint            n,
          gboolean         close)
{
  double lx = 0, ly = 0;

  for (guint i = 0; i < n; i++)
    {
      double x = (xy[2 * i] - view->mx0) * view->scale;
      double y = (xy[2 * i + 1] - view->my0) * view->scale;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else if (fabs (x - lx) >= 0.5 || fabs (y - ly) >= 0.5 || i == n - 1)
        cairo_line_to (cr, x, y);
      else
        continue;
      lx = x;
      ly = y;
    }
  if (close)
    cairo_close_path (cr);
}

/* Water everywhere, land over it in one fill (so the pieces show no
 * seams), then the borders. */
void
sm_basemap_draw (SmBasemap       *self,
                 cairo_t         *cr,
                 const SmMapView *view)
{
  double vx0 = view->mx0, vy0 = view->my0;
  double vx1 = vx0 + view->width / view->scale, vy1 = vy0 + view->height / view->scale;
  double r, g, b, zoom = sm_map_view_get_zoom (view);
  const Band *band = band_for (self, zoom);
  const double *points = (const double *) band->points->data;
  const guint *sizes = (const guint *) band->ring_sizes->data;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, view->width, view->height);
  cairo_clip (cr);
  sm_basemap_get_water_rgb (&r, &g, &b);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_paint (cr);

  cairo_new_path (cr);
  for (guint i = 0; i < band->land->len; i++)
    {
      const Piece *piece = &g_array_index (band->land, Piece, i);
      guint first = piece->first;

      if (piece->x1 < vx0 || piece->x0 > vx1 || piece->y1 < vy0 || piece->y0 > vy1)
        continue;
      for (guint k = 0; k < piece->n_rings; k++)
        {
          guint n = sizes[piece->first_ring + k];

          add_path (cr, view, points + first, n, TRUE);
          first += 2 * n;
        }
    }
  sm_basemap_get_land_rgb (&r, &g, &b);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);

  for (guint i = 0; i < band->borders->len; i++)
    {
      const Piece *piece = &g_array_index (band->borders, Piece, i);

      if (piece->x1 < vx0 || piece->x0 > vx1 || piece->y1 < vy0 || piece->y0 > vy1)
        continue;
      add_path (cr, view, points + piece->first, sizes[piece->first_ring], FALSE);
    }
  /* A muted purple, as the tiles draw national borders */
  cairo_set_source_rgba (cr, 0.62, 0.50, 0.65, 0.9);
  cairo_set_line_width (cr, zoom < 6 ? 0.8 : 1.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
  cairo_restore (cr);
}
