/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define SM_TYPE_OFFLINE_LAYER (sm_offline_layer_get_type ())
G_DECLARE_FINAL_TYPE (SmOfflineLayer, sm_offline_layer, SM, OFFLINE_LAYER, ShumateLayer)

SmOfflineLayer *sm_offline_layer_new      (ShumateViewport *viewport);
gboolean        sm_offline_layer_is_ready (SmOfflineLayer  *self);
void            sm_offline_layer_attach   (SmOfflineLayer  *self,
                                           ShumateMap      *map,
                                           ShumateLicense  *license,
                                           ShumateLayer    *below);

G_END_DECLS
