/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-project.h"

G_BEGIN_DECLS

/* SYNERGY.md "Pipe-route distance" */
#define SM_ROUTE_DETOUR_FACTOR   1.25
#define SM_ROUTE_SNAP_M          1.0
#define SM_ROUTE_MAX_STUB_M      2000.0

typedef struct _SmRouter SmRouter;

typedef struct
{
  double      straight_m;
  double      route_m;
  const char *method;      /* "network" or "detour-factor" */
  char       *reason;      /* why the detour factor, translated; NULL for a network route */
  GArray     *coordinates; /* of double: lon, lat, lon, lat, ... from start to end */
} SmRoute;

SmRouter *sm_router_new            (SmProject   *project,
                                    double       snap_m,
                                    GError     **error);
SmRouter *sm_router_for_project    (SmProject   *project,
                                    GError     **error);
void      sm_router_free           (SmRouter    *router);
guint     sm_router_get_n_nodes    (SmRouter    *router);
guint     sm_router_get_n_arcs     (SmRouter    *router);
SmRoute  *sm_router_route          (SmRouter    *router,
                                    double       from_lat,
                                    double       from_lon,
                                    double       to_lat,
                                    double       to_lon,
                                    GError     **error);
SmRoute  *sm_router_route_sites    (SmRouter    *router,
                                    gint64       from_site,
                                    gint64       to_site,
                                    GError     **error);
void      sm_route_free            (SmRoute     *route);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmRoute, sm_route_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmRouter, sm_router_free)

G_END_DECLS
