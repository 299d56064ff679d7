/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

#include "sm-project.h"

G_BEGIN_DECLS

#define SM_TYPE_NETWORK_LAYER (sm_network_layer_get_type ())
G_DECLARE_FINAL_TYPE (SmNetworkLayer, sm_network_layer, SM, NETWORK_LAYER, ShumateLayer)

SmNetworkLayer *sm_network_layer_new         (ShumateViewport *viewport);
void            sm_network_layer_set_project (SmNetworkLayer  *self,
                                              SmProject       *project);
guint           sm_network_layer_count_drawn (SmNetworkLayer  *self);
guint           sm_network_layer_count_reads (SmNetworkLayer  *self);

G_END_DECLS
