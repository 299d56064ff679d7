/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "sm-resource.h"

G_BEGIN_DECLS

#define SM_TYPE_LINKS_LAYER (sm_links_layer_get_type ())
G_DECLARE_FINAL_TYPE (SmLinksLayer, sm_links_layer, SM, LINKS_LAYER, ShumateLayer)

SmLinksLayer *sm_links_layer_new       (ShumateViewport *viewport);
void          sm_links_layer_clear     (SmLinksLayer    *self);
void          sm_links_layer_add       (SmLinksLayer    *self,
                                        double           from_lat,
                                        double           from_lon,
                                        double           to_lat,
                                        double           to_lon,
                                        SmResource       resource,
                                        double           amount);
void          sm_links_layer_add_route (SmLinksLayer    *self,
                                        GArray          *path,
                                        SmResource       resource,
                                        double           amount);
void          sm_links_layer_set_highlight (SmLinksLayer *self,
                                            int           index);
guint         sm_links_layer_get_n_links (SmLinksLayer  *self);
void          sm_links_layer_set_dashed  (SmLinksLayer  *self,
                                          gboolean       dashed);

G_END_DECLS
