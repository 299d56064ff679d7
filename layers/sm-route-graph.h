/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The routable graph in compressed-sparse-row arrays, shared by
 * sm-route.c (queries), sm-route-graph.c (building) and sm-route-store.c
 * (keeping it in the project). Not for app/. */

#include <gio/gio.h>

#include "sm-progress.h"
#include "sm-project.h"

G_BEGIN_DECLS

#define SM_ROUTE_GRAPH_MAX_KINDS 255

typedef struct
{
  /* Nodes: line vertices joined within the snap tolerance */
  guint32   n_nodes;
  double   *lat;          /* on a 1e-7 degree grid, as kept (sm-route-store.c) */
  double   *lon;
  /* Arcs, both directions of every segment: node n's arcs are
   * offsets[n] .. offsets[n + 1] - 1 */
  guint32   n_arcs;
  guint32  *offsets;      /* n_nodes + 1 */
  guint32  *targets;      /* n_arcs */
  float    *lengths;      /* n_arcs, geodesic metres */
  guint8   *kinds;        /* n_arcs, index into kind_names */
  guint32   n_kinds;
  char    **kind_names;   /* n_kinds + 1, NULL-terminated; [0] is "" (no kind) */
  /* A grid of the segments for the nearest point: cell_keys (sorted)
   * of the cells that hold any, each cell's arcs (the arc from the lower
   * node) cell_offsets[c] .. cell_offsets[c + 1] - 1 of cell_arcs */
  double    snap_m;
  double    lat0;         /* the grid's x is lon × K_LON × cos (lat0) */
  double    cell_m;
  guint32   n_cells;
  guint64  *cell_keys;
  guint32  *cell_offsets; /* n_cells + 1 */
  guint32   n_cell_arcs;
  guint32  *cell_arcs;
  /* Storage: the one buffer the arrays point into when loaded, or NULL
   * when each array is its own allocation */
  gpointer  buffer;
  gboolean  own_kinds;    /* kinds is its own allocation even with a buffer */
  gint64    graph_id;     /* in the store; 0 when not kept */
  /* The network it was built from (sm_route_store_network_stamp()), taken
   * before its lines were read: it is kept only while that is current */
  gboolean  stamped;
  gint64    stamp[2];
} SmRouteGraph;

#define SM_ROUTE_K_LAT 110574.0  /* metres per degree of latitude, at least */
#define SM_ROUTE_K_LON 111320.0  /* metres per degree of longitude at the equator */

/* One network line as the store hands it to the builder */
typedef struct
{
  gint64        line_id;  /* increasing */
  const char   *kind;     /* NULL when none */
  const double *xy;       /* lon, lat, lon, lat, ... */
  guint         n_points;
} SmRouteLine;

typedef gboolean (*SmRouteLineFunc) (const SmRouteLine *line,
                                     gpointer           user_data);

/* Where a point meets the network (sm-route.c) */
typedef struct
{
  double  lat, lon; /* the point on the network */
  double  stub_m;   /* from the site to it */
  guint32 a, b;     /* the nodes of its segment */
  double  to_a, to_b; /* along the segment */
} Snap;

#define SM_ROUTE_NONE G_MAXUINT32

/* A sink of the search: where it meets the network, and what was found */
typedef struct
{
  Snap    snap;
  gboolean on_network;
  double  best;     /* along the network from the source's snap point */
  guint32 end;      /* the last node of the path; SM_ROUTE_NONE: along the shared segment */
  GArray *path;     /* of guint32, the path's nodes from the source's side,
                     * when pgRouting found it (sm-route-pgr.c); else NULL */
} Sink;

/* sm-route-graph.c */
SmRouteGraph *sm_route_graph_build       (SmProject      *project,
                                          double          snap_m,
                                          SmProgressFunc  progress,
                                          gpointer        progress_data,
                                          GCancellable   *cancellable,
                                          GError        **error);
void          sm_route_graph_free        (SmRouteGraph   *graph);
guint64       sm_route_graph_cell_key    (gint64          ix,
                                          gint64          iy);
void          sm_route_graph_to_grid     (const SmRouteGraph *graph,
                                          double          lat,
                                          double          lon,
                                          double         *x,
                                          double         *y);
gboolean      sm_route_graph_valid_position (double       lat,
                                             double       lon);
double        sm_route_graph_segment_length (double       lat1,
                                             double       lon1,
                                             double       lat2,
                                             double       lon2);
guint32       sm_route_graph_arc_source  (const SmRouteGraph *graph,
                                          guint32         arc);
const guint32 *sm_route_graph_cell       (const SmRouteGraph *graph,
                                          gint64          ix,
                                          gint64          iy,
                                          guint32        *n_arcs);

/* sm-route-store.c: where the graph is kept; a second database engine
 * implements these four */
gboolean      sm_route_store_read_lines  (SmProject      *project,
                                          SmRouteLineFunc func,
                                          gpointer        user_data,
                                          gint64         *max_line_id,
                                          GError        **error);
gint64        sm_route_store_current     (SmProject      *project,
                                          double          snap_m,
                                          GError        **error);
SmRouteGraph *sm_route_store_load        (SmProject      *project,
                                          double          snap_m,
                                          GError        **error);
gboolean      sm_route_store_network_stamp (SmProject    *project,
                                          gint64        stamp[2]);
gboolean      sm_route_store_save        (SmProject      *project,
                                          SmRouteGraph   *graph,
                                          GError        **error);

G_END_DECLS
