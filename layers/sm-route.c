/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pipe-route estimates over the project's network lines (SYNERGY.md):
 * line vertices closer than the snap tolerance join into one node, edges
 * are geodesic, each site connects by a straight stub to the nearest
 * point of the network, and the shortest path is Dijkstra's with a binary
 * heap. Where the network cannot carry the route, the straight line times
 * the detour factor, with the reason.
 *
 * The graph is built once per network change and kept in the project
 * (route_nodes, route_arcs); a router loads it into compressed adjacency
 * arrays. Measured against SpatiaLite's VirtualRouting on the same graph
 * (tests/bench/bench-route.c, a grid of 1 001 112 edges): one route here
 * 22 ms median including the stubs, VirtualRouting's Dijkstra 43 ms for
 * the node-to-node path alone, and its CreateRouting() 12.6 s. We keep
 * this one: faster, and it starts from any point on an edge, which
 * VirtualRouting cannot without new nodes.
 */
#define G_LOG_DOMAIN "symbiomap-route"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <ogr_api.h>

#include "sm-route.h"
#include "sm-synergy.h"

#define K_LAT 110574.0  /* metres per degree of latitude, at least */
#define K_LON 111320.0  /* metres per degree of longitude at the equator */

struct _SmRouter
{
  SmProject  *project;   /* not owned: the router belongs to it */
  double      snap_m;
  double      lat0;      /* for the local metric grid */
  guint       n_nodes;
  GArray     *lat;       /* of double */
  GArray     *lon;       /* of double */
  guint      *adj_start; /* n_nodes + 1 offsets into adj_to and adj_len */
  guint      *adj_to;
  double     *adj_len;
  guint       n_arcs;
  GHashTable *grid;      /* cell -> node + 1, for snapping */
  char       *version;
};

/* Snapping */

/* A vertex the grid can hold: finite, on the globe */
static gboolean
valid_position (double lat,
                double lon)
{
  return isfinite (lat) && isfinite (lon) && fabs (lat) <= 90 && fabs (lon) <= 180;
}


static double
cell_size (SmRouter *r)
{
  /* Two points in one cell are always within the tolerance */
  return MAX (r->snap_m, 0.01) / G_SQRT2;
}

static gint64
cell_key (gint64 ix,
          gint64 iy)
{
  /* Unsigned: a network west of Greenwich has negative cells */
  return (gint64) (((guint64) ix << 32) ^ ((guint64) iy & 0xffffffff));
}

static void
to_grid (SmRouter *r,
         double    lat,
         double    lon,
         double   *x,
         double   *y)
{
  *x = lon * K_LON * cos (r->lat0 * G_PI / 180);
  *y = lat * K_LAT;
}

/* The node within the tolerance of a point, or -1 */
static int
find_node (SmRouter *r,
           double    lat,
           double    lon)
{
  double x, y, c = cell_size (r), best = G_MAXDOUBLE;
  gint64 ix, iy;
  int found = -1;

  if (!valid_position (lat, lon))
    return -1;
  to_grid (r, lat, lon, &x, &y);
  ix = (gint64) floor (x / c);
  iy = (gint64) floor (y / c);
  for (gint64 dx = -2; dx <= 2; dx++)
    for (gint64 dy = -2; dy <= 2; dy++)
      {
        gpointer hit = g_hash_table_lookup (r->grid, GSIZE_TO_POINTER ((gsize) cell_key (ix + dx, iy + dy)));
        double nx, ny, d;
        guint n;

        if (hit == NULL)
          continue;
        n = GPOINTER_TO_UINT (hit) - 1;
        to_grid (r, g_array_index (r->lat, double, n), g_array_index (r->lon, double, n), &nx, &ny);
        d = hypot (nx - x, ny - y);
        if (d <= r->snap_m && d < best)
          {
            best = d;
            found = n;
          }
      }
  return found;
}

static guint
add_node (SmRouter *r,
          double    lat,
          double    lon)
{
  double x, y, c = cell_size (r);

  g_array_append_val (r->lat, lat);
  g_array_append_val (r->lon, lon);
  to_grid (r, lat, lon, &x, &y);
  g_hash_table_insert (r->grid,
                       GSIZE_TO_POINTER ((gsize) cell_key ((gint64) floor (x / c), (gint64) floor (y / c))),
                       GUINT_TO_POINTER (r->lat->len));
  return r->lat->len - 1;
}

static guint
snap_node (SmRouter *r,
           double    lat,
           double    lon)
{
  int n = find_node (r, lat, lon);

  return n >= 0 ? (guint) n : add_node (r, lat, lon);
}

/* Building and keeping the graph */

typedef struct
{
  guint  from, to;
  double length;
} Arc;

static char *
network_version (SmProject *project,
                 double     snap_m,
                 GError   **error)
{
  sqlite3_stmt *stmt = sm_project_prepare (project,
                                           "SELECT count(*), max(edge_id), total(length_m) FROM network_edges",
                                           error);
  char *version = NULL;

  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = g_strdup_printf ("%d:%lld:%.3f:%.3f", sqlite3_column_int (stmt, 0),
                               (long long) sqlite3_column_int64 (stmt, 1),
                               sqlite3_column_double (stmt, 2), snap_m);
  sqlite3_reset (stmt);
  return version;
}

static void
make_adjacency (SmRouter *r,
                GArray   *arcs)
{
  guint *fill;

  r->n_nodes = r->lat->len;
  r->n_arcs = arcs->len * 2;
  r->adj_start = g_new0 (guint, r->n_nodes + 1);
  r->adj_to = g_new (guint, MAX (r->n_arcs, 1));
  r->adj_len = g_new (double, MAX (r->n_arcs, 1));
  for (guint i = 0; i < arcs->len; i++)
    {
      Arc *a = &g_array_index (arcs, Arc, i);
      r->adj_start[a->from + 1]++;
      r->adj_start[a->to + 1]++;
    }
  for (guint n = 0; n < r->n_nodes; n++)
    r->adj_start[n + 1] += r->adj_start[n];
  fill = g_memdup2 (r->adj_start, sizeof (guint) * (r->n_nodes + 1));
  for (guint i = 0; i < arcs->len; i++)
    {
      Arc *a = &g_array_index (arcs, Arc, i);
      r->adj_to[fill[a->from]] = a->to;
      r->adj_len[fill[a->from]++] = a->length;
      r->adj_to[fill[a->to]] = a->from;
      r->adj_len[fill[a->to]++] = a->length;
    }
  g_free (fill);
}

static gboolean
build_graph (SmRouter *r,
             GArray   *arcs,
             GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean first = TRUE;
  int rc;

  stmt = sm_project_prepare (r->project, "SELECT AsBinary (geom) FROM network_edges ORDER BY edge_id",
                             error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OGRGeometryH g = NULL;
      int prev = -1;

      if (OGR_G_CreateFromWkb ((void *) sqlite3_column_blob (stmt, 0), NULL, &g,
                               sqlite3_column_bytes (stmt, 0)) != OGRERR_NONE)
        continue;
      for (int i = 0; i < OGR_G_GetPointCount (g); i++)
        {
          double lon = OGR_G_GetX (g, i), lat = OGR_G_GetY (g, i);
          guint n;

          /* A vertex off the globe breaks the line there */
          if (!valid_position (lat, lon))
            {
              prev = -1;
              continue;
            }
          if (first)
            {
              r->lat0 = lat;
              first = FALSE;
            }
          n = snap_node (r, lat, lon);
          if (prev >= 0 && (guint) prev != n)
            {
              Arc a = { prev, n, sm_geodesic_distance (g_array_index (r->lat, double, prev),
                                                       g_array_index (r->lon, double, prev),
                                                       g_array_index (r->lat, double, n),
                                                       g_array_index (r->lon, double, n)) };
              g_array_append_val (arcs, a);
            }
          prev = n;
        }
      OGR_G_DestroyGeometry (g);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      sm_project_set_sql_error (r->project, error, _("reading the network"));
      return FALSE;
    }
  return TRUE;
}

/* Keeps the graph in the project for the next router; a read-only
 * project keeps it in memory only. */
static void
store_graph (SmRouter *r,
             GArray   *arcs)
{
  sqlite3_stmt *stmt;

  if (sm_project_is_read_only (r->project) || !sm_project_begin (r->project, NULL))
    return;
  if (!sm_project_exec (r->project, "DELETE FROM route_arcs; DELETE FROM route_nodes", NULL))
    goto fail;
  stmt = sm_project_prepare (r->project, "INSERT INTO route_nodes (node_id, lon, lat) VALUES (?, ?, ?)",
                             NULL);
  for (guint n = 0; stmt != NULL && n < r->lat->len; n++)
    {
      sqlite3_bind_int64 (stmt, 1, n);
      sqlite3_bind_double (stmt, 2, g_array_index (r->lon, double, n));
      sqlite3_bind_double (stmt, 3, g_array_index (r->lat, double, n));
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          goto fail;
        }
      sqlite3_reset (stmt);
    }
  stmt = sm_project_prepare (r->project,
                             "INSERT INTO route_arcs (from_node, to_node, length_m) VALUES (?, ?, ?) "
                             "ON CONFLICT DO UPDATE SET length_m = min (length_m, excluded.length_m)",
                             NULL);
  for (guint i = 0; stmt != NULL && i < arcs->len; i++)
    {
      Arc *a = &g_array_index (arcs, Arc, i);

      sqlite3_bind_int64 (stmt, 1, MIN (a->from, a->to));
      sqlite3_bind_int64 (stmt, 2, MAX (a->from, a->to));
      sqlite3_bind_double (stmt, 3, a->length);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          goto fail;
        }
      sqlite3_reset (stmt);
    }
  if (sm_project_set_setting (r->project, "route_graph_version", r->version, NULL)
      && sm_project_set_setting (r->project, "route_graph_lat0",
                                 g_ascii_dtostr ((char[G_ASCII_DTOSTR_BUF_SIZE]) { 0 },
                                                 G_ASCII_DTOSTR_BUF_SIZE, r->lat0), NULL)
      && sm_project_commit (r->project, NULL))
    return;
fail:
  sm_project_rollback (r->project);
}

static gboolean
load_graph (SmRouter *r,
            GArray   *arcs)
{
  g_autofree char *stored = sm_project_get_setting (r->project, "route_graph_version");
  g_autofree char *lat0 = sm_project_get_setting (r->project, "route_graph_lat0");
  sqlite3_stmt *stmt;

  if (g_strcmp0 (stored, r->version) != 0 || lat0 == NULL)
    return FALSE;
  r->lat0 = g_ascii_strtod (lat0, NULL);
  stmt = sm_project_prepare (r->project, "SELECT lon, lat FROM route_nodes ORDER BY node_id", NULL);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    add_node (r, sqlite3_column_double (stmt, 1), sqlite3_column_double (stmt, 0));
  sqlite3_reset (stmt);
  stmt = sm_project_prepare (r->project, "SELECT from_node, to_node, length_m FROM route_arcs", NULL);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Arc a = { sqlite3_column_int (stmt, 0), sqlite3_column_int (stmt, 1),
                sqlite3_column_double (stmt, 2) };
      g_array_append_val (arcs, a);
    }
  sqlite3_reset (stmt);
  return TRUE;
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
  SmRouter *r = g_new0 (SmRouter, 1);
  g_autoptr (GArray) arcs = g_array_new (FALSE, FALSE, sizeof (Arc));

  r->project = project;
  r->snap_m = snap_m;
  r->lat = g_array_new (FALSE, FALSE, sizeof (double));
  r->lon = g_array_new (FALSE, FALSE, sizeof (double));
  r->grid = g_hash_table_new (g_direct_hash, g_direct_equal);
  r->version = network_version (project, snap_m, error);
  if (r->version == NULL)
    {
      sm_router_free (r);
      return NULL;
    }
  if (!load_graph (r, arcs))
    {
      g_array_set_size (r->lat, 0);
      g_array_set_size (r->lon, 0);
      g_array_set_size (arcs, 0);
      g_hash_table_remove_all (r->grid);
      if (!build_graph (r, arcs, error))
        {
          sm_router_free (r);
          return NULL;
        }
      store_graph (r, arcs);
    }
  make_adjacency (r, arcs);
  return r;
}

void
sm_router_free (SmRouter *r)
{
  if (r == NULL)
    return;
  g_array_unref (r->lat);
  g_array_unref (r->lon);
  g_free (r->adj_start);
  g_free (r->adj_to);
  g_free (r->adj_len);
  g_hash_table_unref (r->grid);
  g_free (r->version);
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
  g_autofree char *version = network_version (project, SM_ROUTE_SNAP_M, error);

  if (version == NULL)
    return NULL;
  if (r != NULL && g_str_equal (r->version, version))
    return r;
  r = sm_router_new (project, SM_ROUTE_SNAP_M, error);
  if (r != NULL)
    g_object_set_data_full (G_OBJECT (project), "sm-router", r, (GDestroyNotify) sm_router_free);
  return r;
}

guint
sm_router_get_n_nodes (SmRouter *r)
{
  return r->n_nodes;
}

guint
sm_router_get_n_arcs (SmRouter *r)
{
  return r->n_arcs / 2;
}

/* The nearest point of the network */

typedef struct
{
  double lat, lon;   /* the point on the network */
  double stub_m;     /* from the site to it */
  int    a, b;       /* the nodes of its segment */
  double to_a, to_b; /* along the segment */
} Snap;

/* The truly nearest segment within SM_ROUTE_MAX_STUB_M of a point. The
 * box starts at 100 m so that a dense network is not read 2 km around;
 * a segment found in a box of half-width R may lie farther than R (its
 * box overlaps, not its line), and a closer one may then lie outside, so
 * the box grows to the best distance found until nothing closer can lie
 * outside it. */
static gboolean
nearest_point (SmRouter *r,
               double    lat,
               double    lon,
               Snap     *best,
               GError  **error)
{
  double klon = K_LON * cos (lat * G_PI / 180);
  double best_d = G_MAXDOUBLE, reach = 100;
  sqlite3_stmt *stmt;

  stmt = sm_project_prepare (r->project,
                             "SELECT AsBinary (e.geom) FROM idx_network_edges_geom i "
                             "CROSS JOIN network_edges e ON e.edge_id = i.pkid "
                             "WHERE i.xmin <= ? AND i.xmax >= ? AND i.ymin <= ? AND i.ymax >= ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  for (;;)
    {
      double dlat = reach / K_LAT, dlon = reach / klon;

      sqlite3_bind_double (stmt, 1, lon + dlon);
      sqlite3_bind_double (stmt, 2, lon - dlon);
      sqlite3_bind_double (stmt, 3, lat + dlat);
      sqlite3_bind_double (stmt, 4, lat - dlat);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          OGRGeometryH g = NULL;

          if (OGR_G_CreateFromWkb ((void *) sqlite3_column_blob (stmt, 0), NULL, &g,
                                   sqlite3_column_bytes (stmt, 0)) != OGRERR_NONE)
            continue;
          for (int i = 0; i + 1 < OGR_G_GetPointCount (g); i++)
            {
              /* In metres around the site: a segment of a few hundred
               * metres is straight enough on this scale */
              double ax = (OGR_G_GetX (g, i) - lon) * klon, ay = (OGR_G_GetY (g, i) - lat) * K_LAT;
              double bx = (OGR_G_GetX (g, i + 1) - lon) * klon, by = (OGR_G_GetY (g, i + 1) - lat) * K_LAT;
              double vx = bx - ax, vy = by - ay, len2 = vx * vx + vy * vy;
              double t = len2 > 0 ? CLAMP (-(ax * vx + ay * vy) / len2, 0, 1) : 0;
              double px = ax + t * vx, py = ay + t * vy, d = hypot (px, py);

              if (d < best_d)
                {
                  best_d = d;
                  best->lon = lon + px / klon;
                  best->lat = lat + py / K_LAT;
                  best->a = find_node (r, OGR_G_GetY (g, i), OGR_G_GetX (g, i));
                  best->b = find_node (r, OGR_G_GetY (g, i + 1), OGR_G_GetX (g, i + 1));
                }
            }
          OGR_G_DestroyGeometry (g);
        }
      sqlite3_reset (stmt);
      if (best_d <= reach || reach >= SM_ROUTE_MAX_STUB_M)
        break;
      /* The best so far bounds the box; nothing found: grow fourfold */
      reach = MIN (best_d < G_MAXDOUBLE ? best_d * (1 + 1e-9) : reach * 4, SM_ROUTE_MAX_STUB_M);
    }
  if (best_d == G_MAXDOUBLE || best->a < 0 || best->b < 0)
    return FALSE;
  best->stub_m = sm_geodesic_distance (lat, lon, best->lat, best->lon);
  best->to_a = sm_geodesic_distance (best->lat, best->lon, g_array_index (r->lat, double, best->a),
                                     g_array_index (r->lon, double, best->a));
  best->to_b = sm_geodesic_distance (best->lat, best->lon, g_array_index (r->lat, double, best->b),
                                     g_array_index (r->lon, double, best->b));
  return best->stub_m <= SM_ROUTE_MAX_STUB_M;
}

/* Dijkstra with a binary heap, written here: GLib has no priority queue
 * with decrease-key, and a lazy heap of (distance, node) is enough. */

typedef struct
{
  double d;
  guint  n;
} HeapItem;

static void
heap_push (GArray  *heap,
           double   d,
           guint    n)
{
  HeapItem item = { d, n };
  guint i;

  g_array_append_val (heap, item);
  i = heap->len - 1;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      HeapItem *h = (HeapItem *) heap->data;

      if (h[parent].d <= h[i].d)
        break;
      item = h[parent];
      h[parent] = h[i];
      h[i] = item;
      i = parent;
    }
}

static HeapItem
heap_pop (GArray *heap)
{
  HeapItem *h = (HeapItem *) heap->data;
  HeapItem top = h[0];
  guint i = 0, n;

  h[0] = h[heap->len - 1];
  g_array_set_size (heap, heap->len - 1);
  n = heap->len;
  h = (HeapItem *) heap->data;
  for (;;)
    {
      guint l = 2 * i + 1, rr = l + 1, m = i;
      HeapItem tmp;

      if (l < n && h[l].d < h[m].d)
        m = l;
      if (rr < n && h[rr].d < h[m].d)
        m = rr;
      if (m == i)
        break;
      tmp = h[m];
      h[m] = h[i];
      h[i] = tmp;
      i = m;
    }
  return top;
}

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
  SmRoute *route = g_new0 (SmRoute, 1);
  Snap s = { 0 }, t = { 0 };
  g_autofree double *dist = NULL;
  g_autofree int *prev = NULL;
  g_autoptr (GArray) heap = NULL;
  double best = G_MAXDOUBLE;
  int best_end = -2; /* -1: along the shared segment */
  g_autoptr (GArray) nodes = NULL;

  route->coordinates = g_array_new (FALSE, FALSE, sizeof (double));
  if (!valid_position (from_lat, from_lon) || !valid_position (to_lat, to_lon))
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   _("A route needs latitudes within ±90° and longitudes within ±180°"));
      sm_route_free (route);
      return NULL;
    }
  route->straight_m = sm_geodesic_distance (from_lat, from_lon, to_lat, to_lon);
  if (route->straight_m == 0)
    {
      /* From a place to itself: no pipe, whatever the network */
      route->method = r->n_nodes > 0 ? "network" : "detour-factor";
      add_coordinate (route->coordinates, from_lat, from_lon);
      add_coordinate (route->coordinates, to_lat, to_lon);
      return route;
    }
  if (r->n_nodes == 0)
    return detour (route, from_lat, from_lon, to_lat, to_lon, _("the project has no network lines"));
  if (!nearest_point (r, from_lat, from_lon, &s, error) )
    {
      if (error && *error)
        {
          sm_route_free (route);
          return NULL;
        }
      return detour (route, from_lat, from_lon, to_lat, to_lon,
                     _("the start is more than 2 km from the network"));
    }
  if (!nearest_point (r, to_lat, to_lon, &t, error))
    {
      if (error && *error)
        {
          sm_route_free (route);
          return NULL;
        }
      return detour (route, from_lat, from_lon, to_lat, to_lon,
                     _("the end is more than 2 km from the network"));
    }

  dist = g_new (double, r->n_nodes);
  prev = g_new (int, r->n_nodes);
  for (guint n = 0; n < r->n_nodes; n++)
    {
      dist[n] = G_MAXDOUBLE;
      prev[n] = -1;
    }
  heap = g_array_new (FALSE, FALSE, sizeof (HeapItem));
  dist[s.a] = s.to_a;
  dist[s.b] = MIN (dist[s.b], s.to_b);
  heap_push (heap, dist[s.a], s.a);
  heap_push (heap, dist[s.b], s.b);

  /* Both points on one segment: straight along it */
  if ((s.a == t.a && s.b == t.b) || (s.a == t.b && s.b == t.a))
    {
      best = sm_geodesic_distance (s.lat, s.lon, t.lat, t.lon);
      best_end = -1;
    }

  while (heap->len > 0)
    {
      HeapItem top = heap_pop (heap);

      if (top.d > dist[top.n] || top.d >= best)
        {
          if (top.d >= best)
            break;
          continue;
        }
      if ((int) top.n == t.a && top.d + t.to_a < best)
        {
          best = top.d + t.to_a;
          best_end = t.a;
        }
      if ((int) top.n == t.b && top.d + t.to_b < best)
        {
          best = top.d + t.to_b;
          best_end = t.b;
        }
      for (guint k = r->adj_start[top.n]; k < r->adj_start[top.n + 1]; k++)
        {
          guint v = r->adj_to[k];
          double nd = top.d + r->adj_len[k];

          if (nd < dist[v])
            {
              dist[v] = nd;
              prev[v] = top.n;
              heap_push (heap, nd, v);
            }
        }
    }

  if (best_end == -2)
    return detour (route, from_lat, from_lon, to_lat, to_lon,
                   _("the network does not connect the two sites"));

  route->route_m = s.stub_m + best + t.stub_m;
  route->method = "network";
  add_coordinate (route->coordinates, from_lat, from_lon);
  add_coordinate (route->coordinates, s.lat, s.lon);
  nodes = g_array_new (FALSE, FALSE, sizeof (int));
  for (int n = best_end; n >= 0; n = prev[n])
    g_array_prepend_val (nodes, n);
  for (guint i = 0; i < nodes->len; i++)
    {
      int n = g_array_index (nodes, int, i);
      add_coordinate (route->coordinates, g_array_index (r->lat, double, n),
                      g_array_index (r->lon, double, n));
    }
  add_coordinate (route->coordinates, t.lat, t.lon);
  add_coordinate (route->coordinates, to_lat, to_lon);
  return route;
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
