/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sm-progress.h"
#include "sm-project.h"

G_BEGIN_DECLS

/* SYNERGY.md "Pipe-route distance" */
#define SM_ROUTE_DETOUR_FACTOR   1.25
#define SM_ROUTE_SNAP_M          1.0
#define SM_ROUTE_MAX_STUB_M      2000.0

/* Kinds of network line (docs/SYNERGY.md); a line's kind is compared
 * without case, with space, hyphen and underscore alike. A line without
 * a kind may carry any resource; "road" also takes the highway classes
 * OpenStreetMap gives roads a truck may use (residential, primary, ...). */
#define SM_ROUTE_KIND_ROAD          "road"
#define SM_ROUTE_KIND_PIPE_CORRIDOR "pipe-corridor"
#define SM_ROUTE_KIND_EXISTING_PIPE "existing-pipe"
#define SM_ROUTE_KIND_QUAY          "quay"

/* sm_router_route(), _route_full() and _route_many() may run in several
 * threads at once on one router; creating a router and
 * sm_router_route_sites() use the project's database connection. */
typedef struct _SmRouter SmRouter;

typedef struct
{
  const char * const *kinds;       /* NULL-terminated kinds a route may follow; NULL: all */
  double              max_route_m; /* sm_router_route_many(): 0, or drop sinks farther */
  gboolean            ends_only;   /* coordinates: only the two ends, for speed */
} SmRouteOptions;

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

gboolean  sm_router_graph_is_current (SmProject   *project,
                                      GError     **error);
gboolean  sm_router_build_graph    (SmProject      *project,
                                    SmProgressFunc  progress,
                                    gpointer        progress_data,
                                    GCancellable   *cancellable,
                                    GError        **error);
const char * const *sm_router_get_kinds (SmRouter *router);
SmRoute  *sm_router_route_full     (SmRouter             *router,
                                    double                from_lat,
                                    double                from_lon,
                                    double                to_lat,
                                    double                to_lon,
                                    const SmRouteOptions *options,
                                    GError              **error);
GPtrArray *sm_router_route_many    (SmRouter             *router,
                                    double                from_lat,
                                    double                from_lon,
                                    guint                 n_to,
                                    const double         *to_lat,
                                    const double         *to_lon,
                                    const SmRouteOptions *options,
                                    GError              **error);

/* Where the shortest-path search runs (docs/ROUTING-PGROUTING.md):
 * the built-in router, or pgRouting in the project's database. The
 * project setting SM_ROUTE_ENGINE_SETTING chooses; sm_route_set_engine()
 * overrides it for one opened project (the CLI's --router). */
typedef enum
{
  SM_ROUTE_ENGINE_BUILTIN,
  SM_ROUTE_ENGINE_PGROUTING,
} SmRouteEngine;

#define SM_ROUTE_ENGINE_SETTING "routing_engine"

gboolean  sm_route_engine_from_string (const char    *name,
                                       SmRouteEngine *engine,
                                       GError       **error);
void      sm_route_set_engine      (SmProject     *project,
                                    SmRouteEngine  engine);
gboolean  sm_route_get_engine      (SmProject     *project,
                                    SmRouteEngine *engine,
                                    GError       **error);
gboolean  sm_route_pgr_available   (SmProject     *project,
                                    GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmRoute, sm_route_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmRouter, sm_router_free)

G_END_DECLS
