/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "sm-project.h"

G_BEGIN_DECLS

#define SM_TYPE_SITES_LAYER (sm_sites_layer_get_type ())
G_DECLARE_FINAL_TYPE (SmSitesLayer, sm_sites_layer, SM, SITES_LAYER, ShumateLayer)

/* What is under the pointer */
typedef struct
{
  gint64 site_id;   /* 0 for a cluster or nothing */
  int    count;     /* sites in the cluster, 1 for a site, 0 for nothing */
  double lat, lon;  /* the site, or the cluster's centre */
} SmSitesPick;

SmSitesLayer *sm_sites_layer_new                (ShumateViewport *viewport);
void          sm_sites_layer_set_project        (SmSitesLayer    *self,
                                                 SmProject       *project);
void          sm_sites_layer_set_resource_filter (SmSitesLayer   *self,
                                                  guint           resources);
guint         sm_sites_layer_get_resource_filter (SmSitesLayer   *self);
void          sm_sites_layer_set_selected_site  (SmSitesLayer    *self,
                                                 gint64           site_id);
gint64        sm_sites_layer_get_selected_site  (SmSitesLayer    *self);
void          sm_sites_layer_set_cluster_below_zoom (SmSitesLayer *self,
                                                     double        zoom);
gboolean      sm_sites_layer_pick               (SmSitesLayer    *self,
                                                 double           x,
                                                 double           y,
                                                 SmSitesPick     *pick);
guint         sm_sites_layer_count_drawn        (SmSitesLayer    *self,
                                                 guint           *n_clusters);
void          sm_sites_layer_reload             (SmSitesLayer    *self);
guint         sm_sites_layer_count_overlaps     (SmSitesLayer    *self);
void          sm_sites_layer_set_moving         (SmSitesLayer    *self,
                                                 gint64           site_id,
                                                 double           lat,
                                                 double           lon);

void          sm_resource_to_rgba               (SmResource       resource,
                                                 GdkRGBA         *rgba);

G_END_DECLS
