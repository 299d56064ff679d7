/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* A view of the map in Web Mercator: mx, my run from 0 to 1 across the
 * world (y down), scale is pixels per world width (256 × 2^zoom). */
typedef struct
{
  double mx0, my0;   /* the world point at pixel (0, 0) */
  double scale;
  double width, height;
} SmMapView;

void        sm_mercator_project       (double     lat,
                                       double     lon,
                                       double    *mx,
                                       double    *my);
void        sm_mercator_unproject     (double     mx,
                                       double     my,
                                       double    *lat,
                                       double    *lon);
void        sm_map_view_init          (SmMapView *view,
                                       double     lat,
                                       double     lon,
                                       double     zoom,
                                       double     width,
                                       double     height);
void        sm_map_view_fit           (SmMapView *view,
                                       double     min_lat,
                                       double     min_lon,
                                       double     max_lat,
                                       double     max_lon,
                                       double     width,
                                       double     height,
                                       double     margin,
                                       double     max_zoom);
double      sm_map_view_get_zoom      (const SmMapView *view);
void        sm_map_view_to_pixel      (const SmMapView *view,
                                       double     lat,
                                       double     lon,
                                       double    *x,
                                       double    *y);
double      sm_map_view_metres_per_pixel (const SmMapView *view);

/* The offline basemap (docs/BASEMAP.md): land, water and borders from a
 * GeoPackage prepared at install time, held in memory per zoom band. */
typedef struct _SmBasemap SmBasemap;

#define SM_BASEMAP_ERROR (sm_basemap_error_quark ())

GQuark      sm_basemap_error_quark    (void);
const char *sm_basemap_find_file      (void);
SmBasemap  *sm_basemap_load           (const char      *path,
                                       GError         **error);
SmBasemap  *sm_basemap_get_default    (GError         **error);
void        sm_basemap_free           (SmBasemap       *basemap);
guint       sm_basemap_count_pieces   (SmBasemap       *basemap);
void        sm_basemap_draw           (SmBasemap       *basemap,
                                       cairo_t         *cr,
                                       const SmMapView *view);
void        sm_basemap_get_water_rgb  (double          *r,
                                       double          *g,
                                       double          *b);
void        sm_basemap_get_land_rgb   (double          *r,
                                       double          *g,
                                       double          *b);
const char *sm_basemap_get_attribution (void);

G_END_DECLS
