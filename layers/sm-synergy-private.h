/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-route.h"
#include "sm-synergy.h"

G_BEGIN_DECLS

gboolean sm_synergy_route_matches (SmProject *project,
                                   SmRouter  *router,
                                   double     from_lat,
                                   double     from_lon,
                                   gboolean   from_supply,
                                   GPtrArray *matches,
                                   double     limit_m,
                                   double     detour_factor,
                                   GPtrArray *truck_routes,
                                   gboolean   by_pair,
                                   GError   **error);
GPtrArray *sm_synergy_find_by_pair (SmProject            *project,
                                    gint64                flow_id,
                                    const SmMatchOptions *options,
                                    GError              **error);
void     sm_synergy_take_route    (SmSynergy *m,
                                   SmRoute   *route,
                                   double     detour_factor);

G_END_DECLS
