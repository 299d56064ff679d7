/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

/* Room kept free around the features a fit shows, in pixels */
#define SM_MAP_FIT_MARGIN_PX 48

double sm_map_zoom_for_extent (double min_lon,
                               double min_lat,
                               double max_lon,
                               double max_lat,
                               double width_px,
                               double height_px,
                               guint  tile_size,
                               double max_zoom);

void   sm_map_fit_extent      (ShumateMap *map,
                               double      min_lon,
                               double      min_lat,
                               double      max_lon,
                               double      max_lat);

G_END_DECLS
