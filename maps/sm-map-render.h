/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>

#include "sm-basemap.h"
#include "sm-resource.h"

G_BEGIN_DECLS

/* What a printed map shows (report pages, map images): cairo and Pango
 * only, no display. */
typedef struct
{
  double     lat, lon;
  guint      supplies;  /* bit per SmResource */
  guint      demands;
  SmResource main;      /* the colour it is drawn in */
  int        number;    /* its label, 0 for none */
} SmRenderSite;

typedef struct
{
  double     lat1, lon1, lat2, lon2;
  SmResource resource;
  double     width;     /* line width in points */
} SmRenderLink;

void   sm_map_render_sites       (cairo_t            *cr,
                                  const SmMapView    *view,
                                  const SmRenderSite *sites,
                                  guint               n_sites,
                                  double              radius);
void   sm_map_render_links       (cairo_t            *cr,
                                  const SmMapView    *view,
                                  const SmRenderLink *links,
                                  guint               n_links);
guint  sm_map_render_labels      (cairo_t            *cr,
                                  const SmMapView    *view,
                                  const SmRenderSite *sites,
                                  guint               n_sites,
                                  double              radius,
                                  double              font_size,
                                  const double       *reserved,
                                  guint               n_reserved);
void   sm_map_render_scale_bar   (cairo_t            *cr,
                                  const SmMapView    *view,
                                  double              x,
                                  double              y,
                                  double              max_width,
                                  double              font_size);
void   sm_map_render_north_arrow (cairo_t            *cr,
                                  double              x,
                                  double              y,
                                  double              size,
                                  double              font_size);
void   sm_map_render_attribution (cairo_t            *cr,
                                  const SmMapView    *view,
                                  double              font_size);
double sm_map_render_legend      (cairo_t            *cr,
                                  double              x,
                                  double              y,
                                  guint               resources,
                                  gboolean            with_links,
                                  double              font_size);
double sm_map_render_link_width  (double              amount,
                                  double              max_amount);

G_END_DECLS
