/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The shortest-path search in pgRouting (sm-route-pgr.c,
 * docs/ROUTING-PGROUTING.md), for sm-route.c. Not for app/. */

#include "sm-route-graph.h"

G_BEGIN_DECLS

typedef struct _SmRoutePgr SmRoutePgr;

gboolean sm_route_pgr_attach (SmProject          *project,
                              const SmRouteGraph *graph,
                              SmRoutePgr        **pgr,
                              GError            **error);
void     sm_route_pgr_free   (SmRoutePgr         *pgr);
gboolean sm_route_pgr_search (SmRoutePgr         *pgr,
                              const SmRouteGraph *graph,
                              const guint8       *allowed,
                              const Snap         *src,
                              Sink               *sinks,
                              guint               n_sinks,
                              GError            **error);

G_END_DECLS
