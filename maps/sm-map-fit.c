/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sm-map-fit"

#include "config.h"

#include <math.h>

#include "sm-map-fit.h"

/* Web Mercator y of a latitude, as a fraction of the world's height. */
static double
mercator_y (double lat)
{
  double rad = CLAMP (lat, -85.0511, 85.0511) * G_PI / 180.0;
  return (1.0 - log (tan (rad) + 1.0 / cos (rad)) / G_PI) / 2.0;
}

/**
 * sm_map_zoom_for_extent:
 *
 * The highest zoom level at which the extent fits into a widget of the
 * given size, with a margin; libshumate 1.0 has no "fit bounds" of its own.
 *
 * Returns: a zoom level between 1 and @max_zoom
 */
double
sm_map_zoom_for_extent (double min_lon,
                        double min_lat,
                        double max_lon,
                        double max_lat,
                        double width_px,
                        double height_px,
                        guint  tile_size,
                        double max_zoom)
{
  double dx = fabs (max_lon - min_lon) / 360.0;
  double dy = fabs (mercator_y (min_lat) - mercator_y (max_lat));
  double zx = dx > 0 ? log2 (width_px / (tile_size * dx)) : max_zoom;
  double zy = dy > 0 ? log2 (height_px / (tile_size * dy)) : max_zoom;

  /* A tenth of the view around the features, so none sits on the edge. */
  return CLAMP (floor ((MIN (zx, zy) - 0.15) * 4) / 4, 1.0, max_zoom);
}

/**
 * sm_map_fit_extent:
 * @map: a map with a reference map source
 *
 * Centres @map on the extent and zooms so that all of it is visible.
 */
void
sm_map_fit_extent (ShumateMap *map,
                   double      min_lon,
                   double      min_lat,
                   double      max_lon,
                   double      max_lat)
{
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  ShumateMapSource *source = shumate_viewport_get_reference_map_source (viewport);
  double width = gtk_widget_get_width (GTK_WIDGET (map));
  double height = gtk_widget_get_height (GTK_WIDGET (map));
  guint tile_size = source ? shumate_map_source_get_tile_size (source) : 256;
  double zoom;

  /* Not allocated yet: assume the window's default size. */
  if (width < 1 || height < 1)
    {
      width = 1000;
      height = 650;
    }

  /* A margin so that no site's mark (and a cluster's count) sits on the
   * edge, nor under the scale and licence in the corners; a small view
   * keeps at least half its size for the features. */
  width -= 2 * MIN (SM_MAP_FIT_MARGIN_PX, width / 4);
  height -= 2 * MIN (SM_MAP_FIT_MARGIN_PX, height / 4);
  /* A lone site gets a street-level view rather than the maximum zoom. */
  zoom = sm_map_zoom_for_extent (min_lon, min_lat, max_lon, max_lat, width, height, tile_size,
                                 15.0);
  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (map, (min_lat + max_lat) / 2.0, (min_lon + max_lon) / 2.0);
}
