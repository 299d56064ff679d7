/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pipe-route estimates over the project's network lines (docs/SYNERGY.md,
 * "Pipe-route distance"): each site connects by a straight stub to the
 * truly nearest point of the network, and the shortest path between the
 * two points runs along the graph of sm-route-graph.c, kept in the project
 * by sm-route-store.c. A pair is routed by A* with a lower bound of the
 * geodesic distance; a source and many sinks by one Dijkstra that stops
 * once every sink is settled. Where the network cannot carry the route,
 * the straight line times the detour factor, with the reason.
 *
 * The searches are written here: GLib has no priority queue with
 * decrease-key, and a lazy 4-ary heap over the arrays of the graph is
 * what routing libraries do inside; SpatiaLite's VirtualRouting starts
 * only from nodes, not from a point on a segment, and answers one pair
 * per query (tests/bench/bench-route.c compares the two).
 */
#define G_LOG_DOMAIN "symbiomap-route"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sm-db.h"
#include "sm-geodesic.h"
#include "sm-route-graph.h"
#include "sm-route-pgr.h"
#include "sm-route.h"

#define NONE SM_ROUTE_NONE

/* The meridional radius of curvature of WGS84 at the equator,
 * a (1 − e²): no radius of curvature of the ellipsoid is smaller, so this
 * sphere's chord never exceeds the geodesic (the A* bound) */
#define R_MIN 6335439.0

/* What a search knows of a node, in one place for the cache */
typedef struct
{
  double  dist;
  guint32 prev;
  guint32 stamp;     /* dist and prev hold for this query when stamp == now */
  guint32 tag;       /* the first sink entry at the node, when tag_stamp == now */
  guint32 tag_stamp;
} NodeState;

/* The search's queue: a lazy 4-ary heap of (key, distance, node) in a
 * plain array (GArray's append is a call and a copy per push) */
typedef struct
{
  double  key; /* distance, plus the A* bound */
  double  d;
  guint32 n;
  guint32 pad;
} HeapItem;

typedef struct
{
  HeapItem *item;
  guint     len, size;
} Heap;

typedef struct
{
  NodeState *node;
  guint32    now;
  Heap       heap;
} Work;

struct _SmRouter
{
  SmProject    *project; /* not owned: the router belongs to it */
  SmRouteGraph *graph;
  GMutex        lock;    /* of idle */
  GPtrArray    *idle;    /* of Work: search buffers, one per thread searching at once */
  gint64        changes; /* the connection's row changes when built, for a graph not kept */
  SmRoutePgr   *pgr;     /* searches in pgRouting instead; NULL: built in */
};

static Work *
work_new (guint32 n)
{
  Work *w = g_new0 (Work, 1);

  w->node = g_new0 (NodeState, MAX (n, 1));
  w->heap.size = 1024;
  w->heap.item = g_new (HeapItem, w->heap.size);
  return w;
}

static void
work_free (Work *w)
{
  if (w == NULL)
    return;
  g_free (w->node);
  g_free (w->heap.item);
  g_free (w);
}

/* Starts a query: every node unreached, in O(1) */
static void
work_start (Work    *w,
            guint32  n)
{
  if (++w->now == 0)
    {
      memset (w->node, 0, sizeof (NodeState) * MAX (n, 1));
      w->now = 1;
    }
  w->heap.len = 0;
}

/* Building and keeping the graph */

static SmRouter *
router_new (SmProject    *project,
            SmRouteGraph *graph)
{
  SmRouter *r = g_new0 (SmRouter, 1);

  r->project = project;
  r->graph = graph;
  g_mutex_init (&r->lock);
  r->idle = g_ptr_array_new_with_free_func ((GDestroyNotify) work_free);
  return r;
}

/**
 * sm_router_graph_is_current:
 *
 * Returns: whether the project keeps a graph of its network as it is, so
 *   that sm_router_for_project() loads it at once instead of building
 */
gboolean
sm_router_graph_is_current (SmProject *project,
                            GError   **error)
{
  return sm_route_store_current (project, SM_ROUTE_SNAP_M, error) > 0;
}

/**
 * sm_router_build_graph:
 * @progress: (nullable): called with the fraction done, in this thread
 * @cancellable: (nullable): Stop
 *
 * Builds the graph of the project's network lines and keeps it in the
 * project. Slow on a large network: run it in a GTask with a project
 * opened for that thread, then sm_router_for_project() on the main
 * thread loads it at once.
 *
 * Returns: FALSE with @error set when it fails or is stopped
 */
gboolean
sm_router_build_graph (SmProject      *project,
                       SmProgressFunc  progress,
                       gpointer        progress_data,
                       GCancellable   *cancellable,
                       GError        **error)
{
  SmRouteGraph *g = sm_route_graph_build (project, SM_ROUTE_SNAP_M, progress, progress_data,
                                          cancellable, error);
  gboolean ok;

  g_autoptr (GError) local = NULL;

  if (g == NULL)
    return FALSE;
  /* Built from lines another connection changed meanwhile: again */
  for (guint tries = 0; !(ok = sm_route_store_save (project, g, &local))
                        && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG) && tries < 3; tries++)
    {
      g_clear_error (&local);
      sm_route_graph_free (g);
      g = sm_route_graph_build (project, SM_ROUTE_SNAP_M, progress, progress_data, cancellable, error);
      if (g == NULL)
        return FALSE;
    }
  if (!ok && g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
    ok = TRUE; /* the network keeps changing: the next route builds it */
  else if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  sm_route_graph_free (g);
  return ok;
}

/* What tells whether the network lines may have changed since a graph not
 * kept was built. SQLite: the rows this connection changed (nothing else
 * writes while it holds the file's lock through a route call). PostgreSQL
 * has no such counter per connection, and other clients write too: the
 * number of lines and the newest row version among them (xmin, the
 * transaction that wrote the row) change with any insert, update or
 * delete, whoever made it; one scan of network_edges, far less than
 * building the graph again. Only a transaction-id wraparound (2^32
 * transactions) could hide a change; the kept graph (the usual case)
 * is checked by its id instead, which the staleness trigger drops. */
static gint64
network_version (SmProject *project)
{
  SmStmt *stmt;
  gint64 v = -1;

  if (sm_db_get_engine (sm_project_get_store (project)) != SM_DB_ENGINE_POSTGRESQL)
    return sqlite3_total_changes64 (sm_project_get_db (project));
  stmt = sm_project_prepare (project, "SELECT count (*) * 4294967296 "
                                      "+ coalesce (max (xmin::text::bigint), 0) FROM network_edges",
                             NULL);
  if (stmt == NULL)
    return -1;
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    v = sm_stmt_column_int64 (stmt, 0);
  sm_stmt_reset (stmt);
  return v;
}

/**
 * sm_router_new:
 * @project: a project
 * @snap_m: line ends closer than this join (SM_ROUTE_SNAP_M)
 * @error: return location for an error
 *
 * Loads the project's routable graph, building and keeping it first when
 * the network changed since it was built.
 *
 * Returns: (transfer full): a router
 */
SmRouter *
sm_router_new (SmProject *project,
               double     snap_m,
               GError   **error)
{
  g_autoptr (GError) local = NULL;
  SmRouteGraph *g = sm_route_store_load (project, snap_m, &local);
  SmRouter *r;

  if (g == NULL && local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (g == NULL)
    {
      g = sm_route_graph_build (project, snap_m, NULL, NULL, NULL, error);
      if (g == NULL)
        return NULL;
      /* Not kept (read-only, busy, inside a transaction): this router
       * still routes */
      for (guint tries = 0; !sm_route_store_save (project, g, &local); tries++)
        {
          g_debug ("%s", local->message);
          /* Built from lines another connection changed meanwhile */
          if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG) || tries >= 3)
            break;
          g_clear_error (&local);
          sm_route_graph_free (g);
          g = sm_route_graph_build (project, snap_m, NULL, NULL, NULL, error);
          if (g == NULL)
            return NULL;
        }
    }
  r = router_new (project, g);
  r->changes = network_version (project);
  return r;
}

void
sm_router_free (SmRouter *r)
{
  if (r == NULL)
    return;
  sm_route_graph_free (r->graph);
  sm_route_pgr_free (r->pgr);
  g_ptr_array_unref (r->idle);
  g_mutex_clear (&r->lock);
  g_free (r);
}

/**
 * sm_router_for_project:
 *
 * Returns: (transfer none): the project's router, rebuilt when the network
 *   changed
 */
SmRouter *
sm_router_for_project (SmProject *project,
                       GError   **error)
{
  SmRouter *r = g_object_get_data (G_OBJECT (project), "sm-router");

  if (r != NULL)
    {
      gint64 id = sm_route_store_current (project, SM_ROUTE_SNAP_M, error);

      if (id < 0)
        return NULL;
      /* A graph not kept is trusted while the network did not change
       * (network_version) or nothing can change it */
      if ((r->graph->graph_id > 0 && id == r->graph->graph_id)
          || (r->graph->graph_id == 0
              && (sm_project_is_read_only (project)
                  || (r->changes >= 0 && r->changes == network_version (project)))))
        goto attach;
    }
  if ((r = sm_router_new (project, SM_ROUTE_SNAP_M, error)) != NULL)
    g_object_set_data_full (G_OBJECT (project), "sm-router", r, (GDestroyNotify) sm_router_free);
attach:
  /* The engine asked for now (docs/ROUTING-PGROUTING.md) */
  if (r != NULL && !sm_route_pgr_attach (project, r->graph, &r->pgr, error))
    return NULL;
  return r;
}

guint
sm_router_get_n_nodes (SmRouter *r)
{
  return r->graph->n_nodes;
}

guint
sm_router_get_n_arcs (SmRouter *r)
{
  return r->graph->n_arcs / 2;
}

/**
 * sm_router_get_kinds:
 *
 * Returns: (transfer none): the kinds of the network's lines, normalised
 *   (lower case, hyphens), NULL-terminated
 */
const char * const *
sm_router_get_kinds (SmRouter *r)
{
  return (const char * const *) r->graph->kind_names + 1;
}

/* The kinds OpenStreetMap gives roads a truck may use (its highway
 * classes, kept as the kind when a network is read from OSM): a route
 * that may follow roads follows these too */
static const char * const osm_roads[] = {
  "motorway", "motorway-link", "trunk", "trunk-link", "primary", "primary-link",
  "secondary", "secondary-link", "tertiary", "tertiary-link", "unclassified",
  "residential", "living-street", "service", "road", "track", NULL
};

/* Which arcs a route may follow, by kind index; lines without a kind
 * carry anything */
static void
allowed_kinds (SmRouter             *r,
               const SmRouteOptions *options,
               guint8               *allowed)
{
  const SmRouteGraph *g = r->graph;

  for (guint k = 0; k <= SM_ROUTE_GRAPH_MAX_KINDS; k++)
    allowed[k] = options == NULL || options->kinds == NULL || k == 0;
  if (options == NULL || options->kinds == NULL)
    return;
  for (guint i = 0; options->kinds[i] != NULL; i++)
    {
      g_autofree char *want = g_ascii_strdown (options->kinds[i], -1);

      g_strstrip (want);
      g_strdelimit (want, " _", '-');
      for (guint k = 1; k <= g->n_kinds; k++)
        if (g_str_equal (g->kind_names[k], want)
            || (g_str_equal (want, SM_ROUTE_KIND_ROAD)
                && g_strv_contains (osm_roads, g->kind_names[k])))
          allowed[k] = TRUE;
    }
}

/* The nearest point of the network */

/* The truly nearest point of an allowed segment within
 * SM_ROUTE_MAX_STUB_M: the grid's cells are searched in rings around the
 * point until no cell farther out can hold anything closer. */
static gboolean
nearest_point (SmRouter     *r,
               double        lat,
               double        lon,
               const guint8 *allowed,
               Snap         *best)
{
  const SmRouteGraph *g = r->graph;
  double klon = SM_ROUTE_K_LON * cos (lat * G_PI / 180);
  double best_d = G_MAXDOUBLE, best_t = 0, best_len = 0, x, y, scale;
  gint64 ix, iy;

  if (g->n_cells == 0)
    return FALSE;
  sm_route_graph_to_grid (g, lat, lon, &x, &y);
  ix = (gint64) floor (x / g->cell_m);
  iy = (gint64) floor (y / g->cell_m);
  /* Grid metres to metres here: the grid's longitude scale is that of
   * the network's highest latitude */
  scale = MIN (1.0, cos (lat * G_PI / 180) / MAX (cos (g->lat0 * G_PI / 180), 0.01));
  for (gint64 ring = 0; ring < 1000; ring++)
    {
      double reach = (ring - 1) * g->cell_m * scale;

      if (ring > 0 && (reach > best_d || reach > SM_ROUTE_MAX_STUB_M))
        break;
      for (gint64 dx = -ring; dx <= ring; dx++)
        for (gint64 dy = -ring; dy <= ring; dy++)
          {
            const guint32 *arcs;
            guint32 n;

            if (MAX (ABS (dx), ABS (dy)) != ring)
              continue;
            arcs = sm_route_graph_cell (g, ix + dx, iy + dy, &n);
            for (guint32 i = 0; i < n; i++)
              {
                guint32 k = arcs[i], u, v;
                double ax, ay, bx, by, vx, vy, len2, t, px, py, d;

                if (!allowed[g->kinds[k]])
                  continue;
                u = sm_route_graph_arc_source (g, k);
                v = g->targets[k];
                /* In metres around the point: a segment of a few hundred
                 * metres is straight enough on this scale */
                ax = (g->lon[u] - lon) * klon;
                ay = (g->lat[u] - lat) * SM_ROUTE_K_LAT;
                bx = (g->lon[v] - lon) * klon;
                by = (g->lat[v] - lat) * SM_ROUTE_K_LAT;
                vx = bx - ax;
                vy = by - ay;
                len2 = vx * vx + vy * vy;
                t = len2 > 0 ? CLAMP (-(ax * vx + ay * vy) / len2, 0, 1) : 0;
                px = ax + t * vx;
                py = ay + t * vy;
                d = hypot (px, py);
                if (d < best_d)
                  {
                    best_d = d;
                    best_t = t;
                    best_len = g->lengths[k];
                    best->a = u;
                    best->b = v;
                    best->lon = lon + px / klon;
                    best->lat = lat + py / SM_ROUTE_K_LAT;
                  }
              }
          }
    }
  if (best_d == G_MAXDOUBLE)
    return FALSE;
  best->stub_m = sm_geodesic_distance (lat, lon, best->lat, best->lon);
  /* Along the segment as the graph counts it */
  best->to_a = best_t * best_len;
  best->to_b = (1 - best_t) * best_len;
  return best->stub_m <= SM_ROUTE_MAX_STUB_M;
}

/* The search */

static void
heap_push (Heap    *heap,
           double   key,
           double   d,
           guint32  n)
{
  HeapItem item = { key, d, n, 0 }, *h;
  guint i;

  if (heap->len == heap->size)
    {
      heap->size *= 2;
      heap->item = g_renew (HeapItem, heap->item, heap->size);
    }
  h = heap->item;
  i = heap->len++;
  while (i > 0)
    {
      guint parent = (i - 1) / 4;

      if (h[parent].key <= item.key)
        break;
      h[i] = h[parent];
      i = parent;
    }
  h[i] = item;
}

static HeapItem
heap_pop (Heap *heap)
{
  HeapItem *h = heap->item;
  HeapItem top = h[0], last = h[heap->len - 1];
  guint i = 0, n = --heap->len;

  for (;;)
    {
      guint first = 4 * i + 1, m = first;

      if (first >= n)
        break;
      for (guint c = first + 1; c < first + 4 && c < n; c++)
        if (h[c].key < h[m].key)
          m = c;
      if (last.key <= h[m].key)
        break;
      h[i] = h[m];
      i = m;
    }
  h[i] = last;
  return top;
}

typedef struct
{
  guint32 sink;
  gboolean at_b;
  guint32 next;
} Tag;

typedef struct
{
  const SmRouteGraph *g;
  Work               *w;
  const guint8       *allowed;    /* NULL: every kind */
  double              target_lat, target_cos, target_lon; /* A*: radians; NAN for Dijkstra */
} Search;

static double
lower_bound (const Search *s,
             guint32       n)
{
  double lat, dlat, dlon, hav;

  if (isnan (s->target_lat))
    return 0;
  lat = s->g->lat[n] * G_PI / 180;
  dlat = sin ((lat - s->target_lat) / 2);
  dlon = sin ((s->g->lon[n] * G_PI / 180 - s->target_lon) / 2);
  hav = dlat * dlat + cos (lat) * s->target_cos * dlon * dlon;
  /* The chord of the smallest sphere, a hair shorter for float lengths */
  return 2 * R_MIN * sqrt (MIN (hav, 1.0)) * 0.9999;
}

static void
relax (Search  *s,
       guint32  v,
       double   d,
       guint32  from)
{
  Work *w = s->w;

  NodeState *ns = &w->node[v];

  if (ns->stamp == w->now && ns->dist <= d)
    return;
  ns->stamp = w->now;
  ns->dist = d;
  ns->prev = from;
  heap_push (&w->heap, d + lower_bound (s, v), d, v);
}

/* Along a shared segment: where both points lie on the same pair of
 * nodes, the network distance may be straight along it */
static void
same_segment (const Snap *src,
              Sink       *sink)
{
  const Snap *t = &sink->snap;

  if (src->a == t->a && src->b == t->b)
    sink->best = fabs (src->to_a - t->to_a);
  else if (src->a == t->b && src->b == t->a)
    sink->best = fabs (src->to_a - t->to_b);
  else
    return;
  sink->end = NONE;
}

/* From the source's snap point until every sink is settled, the heap is
 * empty, or @max_m is passed. Returns whether the search ended by the
 * limit (sinks not reached may then be reachable farther away). */
static gboolean
search (Search     *s,
        const Snap *src,
        Sink       *sinks,
        guint       n_sinks,
        double      max_m)
{
  const SmRouteGraph *g = s->g;
  Work *w = s->w;
  g_autoptr (GArray) tags = g_array_new (FALSE, FALSE, sizeof (Tag));
  double settled = -1; /* the largest best of the sinks, once all are reached */
  guint n_reached = 0;

  work_start (w, g->n_nodes);
  for (guint i = 0; i < n_sinks; i++)
    {
      if (!sinks[i].on_network)
        continue;
      sinks[i].best = G_MAXDOUBLE;
      sinks[i].end = NONE;
      same_segment (src, &sinks[i]);
      for (int e = 0; e < 2; e++)
        {
          guint32 n = e ? sinks[i].snap.b : sinks[i].snap.a;
          Tag t = { i, e, w->node[n].tag_stamp == w->now ? w->node[n].tag : NONE };

          w->node[n].tag_stamp = w->now;
          w->node[n].tag = tags->len;
          g_array_append_val (tags, t);
        }
    }
  for (guint i = 0; i < n_sinks; i++)
    if (!sinks[i].on_network || sinks[i].best < G_MAXDOUBLE)
      n_reached++;
  if (n_reached == n_sinks)
    {
      settled = 0;
      for (guint i = 0; i < n_sinks; i++)
        if (sinks[i].on_network)
          settled = MAX (settled, sinks[i].best);
    }

  relax (s, src->a, src->to_a, NONE);
  relax (s, src->b, src->to_b, NONE);
  while (w->heap.len > 0)
    {
      HeapItem top = heap_pop (&w->heap);
      gboolean improved = FALSE;

      if (top.d > w->node[top.n].dist)
        continue; /* stale */
      if (settled >= 0 && top.key >= settled)
        return FALSE;
      if (max_m > 0 && top.key > max_m)
        return TRUE;
      if (w->node[top.n].tag_stamp == w->now)
        for (guint32 t = w->node[top.n].tag; t != NONE; t = g_array_index (tags, Tag, t).next)
          {
            Tag *tag = &g_array_index (tags, Tag, t);
            Sink *sink = &sinks[tag->sink];
            double d = top.d + (tag->at_b ? sink->snap.to_b : sink->snap.to_a);

            if (d < sink->best)
              {
                if (sink->best == G_MAXDOUBLE)
                  n_reached++;
                sink->best = d;
                sink->end = top.n;
                improved = TRUE;
              }
          }
      if (improved && n_reached == n_sinks)
        {
          settled = 0;
          for (guint i = 0; i < n_sinks; i++)
            if (sinks[i].on_network)
              settled = MAX (settled, sinks[i].best);
        }
      for (guint32 k = g->offsets[top.n]; k < g->offsets[top.n + 1]; k++)
        if (s->allowed == NULL || s->allowed[g->kinds[k]])
          relax (s, g->targets[k], top.d + g->lengths[k], top.n);
    }
  return FALSE;
}

/* Routes */

void
sm_route_free (SmRoute *route)
{
  if (route == NULL)
    return;
  g_free (route->reason);
  g_clear_pointer (&route->coordinates, g_array_unref);
  g_free (route);
}

static void
add_coordinate (GArray *coords,
                double  lat,
                double  lon)
{
  g_array_append_val (coords, lon);
  g_array_append_val (coords, lat);
}

static SmRoute *
route_new (double from_lat,
           double from_lon,
           double to_lat,
           double to_lon)
{
  SmRoute *route = g_new0 (SmRoute, 1);

  route->coordinates = g_array_new (FALSE, FALSE, sizeof (double));
  route->straight_m = sm_geodesic_distance (from_lat, from_lon, to_lat, to_lon);
  return route;
}

static SmRoute *
detour (SmRoute    *route,
        double      from_lat,
        double      from_lon,
        double      to_lat,
        double      to_lon,
        const char *reason)
{
  route->route_m = route->straight_m * SM_ROUTE_DETOUR_FACTOR;
  route->method = "detour-factor";
  route->reason = g_strdup (reason);
  g_array_set_size (route->coordinates, 0);
  add_coordinate (route->coordinates, from_lat, from_lon);
  add_coordinate (route->coordinates, to_lat, to_lon);
  return route;
}

static SmRoute *
network_route (SmRouter   *r,
               Work       *w,
               SmRoute    *route,
               double      from_lat,
               double      from_lon,
               const Snap *src,
               double      to_lat,
               double      to_lon,
               const Sink *sink,
               gboolean    ends_only)
{
  const SmRouteGraph *g = r->graph;

  route->route_m = src->stub_m + sink->best + sink->snap.stub_m;
  route->method = "network";
  add_coordinate (route->coordinates, from_lat, from_lon);
  if (!ends_only)
    {
      guint start = route->coordinates->len;

      add_coordinate (route->coordinates, src->lat, src->lon);
      /* The path's nodes, last first, then turned round */
      for (guint i = sink->path != NULL ? sink->path->len : 0; i > 0; i--)
        add_coordinate (route->coordinates, g->lat[g_array_index (sink->path, guint32, i - 1)],
                        g->lon[g_array_index (sink->path, guint32, i - 1)]);
      for (guint32 n = sink->path != NULL ? NONE : sink->end; n != NONE; n = w->node[n].prev)
        add_coordinate (route->coordinates, g->lat[n], g->lon[n]);
      for (guint i = start + 2, j = route->coordinates->len - 2; i < j; i += 2, j -= 2)
        {
          double *c = (double *) route->coordinates->data, lon = c[i], lat = c[i + 1];

          c[i] = c[j];
          c[i + 1] = c[j + 1];
          c[j] = lon;
          c[j + 1] = lat;
        }
      add_coordinate (route->coordinates, sink->snap.lat, sink->snap.lon);
    }
  add_coordinate (route->coordinates, to_lat, to_lon);
  return route;
}

static gboolean
check_position (double   lat,
                double   lon,
                GError **error)
{
  if (sm_route_graph_valid_position (lat, lon))
    return TRUE;
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
               _("A route needs latitudes within ±90° and longitudes within ±180°"));
  return FALSE;
}

/* A search buffer: threads routing on one router at once each get their
 * own, kept for the next search */
static Work *
take_work (SmRouter *r)
{
  Work *w = NULL;

  g_mutex_lock (&r->lock);
  if (r->idle->len > 0)
    w = g_ptr_array_steal_index_fast (r->idle, r->idle->len - 1);
  g_mutex_unlock (&r->lock);
  return w != NULL ? w : work_new (r->graph->n_nodes);
}

static void
give_back_work (SmRouter *r,
                Work     *w)
{
  g_mutex_lock (&r->lock);
  g_ptr_array_add (r->idle, w);
  g_mutex_unlock (&r->lock);
}

/**
 * sm_router_route_many:
 * @router: a router
 * @from_lat: the source
 * @n_to: how many sinks
 * @to_lat: (array length=n_to): the sinks
 * @options: (nullable): kinds, a limit, no geometry
 *
 * Routes a source to many sinks by one search that stops once every sink
 * is settled or the routes pass @options->max_route_m.
 *
 * Returns: (transfer full) (element-type SmRoute): a route for each sink,
 *   in order; NULL for a sink whose route would be longer than
 *   max_route_m. NULL with @error set on a point off the globe.
 */
GPtrArray *
sm_router_route_many (SmRouter             *r,
                      double                from_lat,
                      double                from_lon,
                      guint                 n_to,
                      const double         *to_lat,
                      const double         *to_lon,
                      const SmRouteOptions *options,
                      GError              **error)
{
  g_autoptr (GPtrArray) routes = g_ptr_array_new_full (n_to, (GDestroyNotify) sm_route_free);
  g_autofree Sink *sinks = g_new0 (Sink, MAX (n_to, 1));
  double max_m = options != NULL ? options->max_route_m : 0;
  gboolean ends_only = options != NULL && options->ends_only, limited = FALSE, src_on;
  guint8 allowed[SM_ROUTE_GRAPH_MAX_KINDS + 1];
  Snap src = { 0 };
  guint n_on = 0;
  Work *w = NULL;

  if (!check_position (from_lat, from_lon, error))
    return NULL;
  for (guint i = 0; i < n_to; i++)
    if (!check_position (to_lat[i], to_lon[i], error))
      return NULL;
  allowed_kinds (r, options, allowed);
  src_on = r->graph->n_nodes > 0 && nearest_point (r, from_lat, from_lon, allowed, &src);
  for (guint i = 0; i < n_to; i++)
    {
      gboolean same = from_lat == to_lat[i] && from_lon == to_lon[i];

      sinks[i].on_network = src_on && !same
                            && nearest_point (r, to_lat[i], to_lon[i], allowed, &sinks[i].snap);
      n_on += sinks[i].on_network;
    }
  if (n_on > 0)
    {
      Search s = { r->graph, NULL, options != NULL && options->kinds != NULL ? allowed : NULL,
                   NAN, 0, 0 };

      if (r->pgr != NULL)
        {
          /* The same search in the server, unlimited: the answers past
           * max_m are left out below as the limited search leaves them
           * (search() fills the path on the sinks, freed below) */
          if (!sm_route_pgr_search (r->pgr, r->graph, s.allowed, &src, sinks, n_to, error))
            return NULL;
        }
      else
        {
          s.w = w = take_work (r);
          if (n_to == 1)
            {
              /* One pair: A* towards the sink's point on the network */
              s.target_lat = sinks[0].snap.lat * G_PI / 180;
              s.target_lon = sinks[0].snap.lon * G_PI / 180;
              s.target_cos = cos (s.target_lat);
            }
          limited = search (&s, &src, sinks, n_to, max_m > 0 ? MAX (max_m - src.stub_m, 0) : 0);
        }
    }

  for (guint i = 0; i < n_to; i++)
    {
      SmRoute *route = route_new (from_lat, from_lon, to_lat[i], to_lon[i]);
      Sink *sink = &sinks[i];

      if (route->straight_m == 0)
        {
          /* From a place to itself: no pipe, whatever the network */
          route->method = r->graph->n_nodes > 0 ? "network" : "detour-factor";
          add_coordinate (route->coordinates, from_lat, from_lon);
          add_coordinate (route->coordinates, to_lat[i], to_lon[i]);
        }
      else if (r->graph->n_nodes == 0)
        detour (route, from_lat, from_lon, to_lat[i], to_lon[i], _("the project has no network lines"));
      else if (!src_on)
        detour (route, from_lat, from_lon, to_lat[i], to_lon[i],
                _("the start is more than 2 km from the network"));
      else if (!sink->on_network)
        detour (route, from_lat, from_lon, to_lat[i], to_lon[i],
                _("the end is more than 2 km from the network"));
      else if (sink->best < G_MAXDOUBLE
               && (max_m <= 0 || src.stub_m + sink->best + sink->snap.stub_m <= max_m))
        network_route (r, w, route, from_lat, from_lon, &src, to_lat[i], to_lon[i], sink, ends_only);
      else if (limited || (max_m > 0 && sink->best < G_MAXDOUBLE))
        g_clear_pointer (&route, sm_route_free);
      else
        detour (route, from_lat, from_lon, to_lat[i], to_lon[i],
                _("the network does not connect the two sites"));
      g_clear_pointer (&sink->path, g_array_unref);
      g_ptr_array_add (routes, route);
    }
  if (w != NULL)
    give_back_work (r, w);
  return g_steal_pointer (&routes);
}

/**
 * sm_router_route_full:
 * @options: (nullable): the kinds the route may follow
 *
 * Returns: (transfer full): the pipe-route estimate between two points
 */
SmRoute *
sm_router_route_full (SmRouter             *r,
                      double                from_lat,
                      double                from_lon,
                      double                to_lat,
                      double                to_lon,
                      const SmRouteOptions *options,
                      GError              **error)
{
  SmRouteOptions pair = { 0 };
  g_autoptr (GPtrArray) routes = NULL;

  if (options != NULL)
    pair = *options;
  pair.max_route_m = 0;
  routes = sm_router_route_many (r, from_lat, from_lon, 1, &to_lat, &to_lon, &pair, error);
  if (routes == NULL)
    return NULL;
  return g_steal_pointer (&g_ptr_array_index (routes, 0));
}

/**
 * sm_router_route:
 * @router: a router
 * @error: return location for an error
 *
 * Returns: (transfer full): the pipe-route estimate between two points
 */
SmRoute *
sm_router_route (SmRouter *r,
                 double    from_lat,
                 double    from_lon,
                 double    to_lat,
                 double    to_lon,
                 GError  **error)
{
  return sm_router_route_full (r, from_lat, from_lon, to_lat, to_lon, NULL, error);
}

/**
 * sm_router_route_sites:
 *
 * Returns: (transfer full): the pipe-route estimate between two sites
 */
SmRoute *
sm_router_route_sites (SmRouter *r,
                       gint64    from_site,
                       gint64    to_site,
                       GError  **error)
{
  g_autoptr (SmSite) a = sm_project_get_site (r->project, from_site, error);
  g_autoptr (SmSite) b = NULL;

  if (a == NULL || (b = sm_project_get_site (r->project, to_site, error)) == NULL)
    return NULL;
  return sm_router_route (r, a->lat, a->lon, b->lat, b->lon, error);
}
