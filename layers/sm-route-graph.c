/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Building the routable graph from the project's network lines
 * (docs/SYNERGY.md, "Pipe-route distance"): line vertices closer than the
 * snap tolerance join into one node, every segment becomes two arcs with
 * its geodesic length, and a grid of the segments serves the nearest
 * network point.
 *
 * The noding sorts every vertex once by a grid cell of 8 × the tolerance
 * (a radix sort: the keys are 64-bit integers, and GLib's sorts compare
 * through a function pointer at several times the cost) and then joins
 * each vertex, in the order of the lines, to the nearest node already made
 * within the tolerance in its cell or, near a cell's border, the cells
 * next to it: the same greedy rule as a hash of nodes, without a lookup
 * per vertex. No SQL runs per line or per vertex: the store hands the
 * lines over in one pass. SpatiaLite's CreateRoutingNodes() joins only
 * identical points and VirtualRouting keeps its own graph; neither gives
 * the tolerance or the arrays we route on.
 */
#define G_LOG_DOMAIN "symbiomap-route"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sm-geodesic.h"
#include "sm-route-graph.h"

/* Segments per cell of the nearest-point grid stay a handful on street
 * networks at this size (*assumption*, measured on generated grids and
 * OpenStreetMap roads: tests/bench/bench-route.c) */
#define CELL_M 200.0

gboolean
sm_route_graph_valid_position (double lat,
                               double lon)
{
  return isfinite (lat) && isfinite (lon) && fabs (lat) <= 90 && fabs (lon) <= 180;
}

guint64
sm_route_graph_cell_key (gint64 ix,
                         gint64 iy)
{
  /* Order-preserving and unsigned: cells west of Greenwich and south of
   * the equator are negative */
  return ((guint64) (ix + G_GINT64_CONSTANT (0x80000000)) << 32)
         | ((guint64) (iy + G_GINT64_CONSTANT (0x80000000)) & 0xffffffffu);
}

void
sm_route_graph_to_grid (const SmRouteGraph *g,
                        double              lat,
                        double              lon,
                        double             *x,
                        double             *y)
{
  *x = lon * SM_ROUTE_K_LON * MAX (cos (g->lat0 * G_PI / 180), 0.01);
  *y = lat * SM_ROUTE_K_LAT;
}

/* The length of a segment: on the ellipsoid's local radii of curvature at
 * its middle for short ones (relative error below 1e-6 under 5 km, a
 * tenth of the cost of the full geodesic), the geodesic for long ones. */
double
sm_route_graph_segment_length (double lat1,
                               double lon1,
                               double lat2,
                               double lon2)
{
  const double a = 6378137.0, e2 = 0.00669437999014; /* WGS84 */
  double phi, w, m, n, dx, dy;

  if (fabs (lat2 - lat1) > 0.05 || fabs (lon2 - lon1) > 0.05)
    return sm_geodesic_distance (lat1, lon1, lat2, lon2);
  phi = (lat1 + lat2) / 2 * G_PI / 180;
  w = sqrt (1 - e2 * sin (phi) * sin (phi));
  m = a * (1 - e2) / (w * w * w);
  n = a / w;
  dx = n * cos (phi) * (lon2 - lon1) * G_PI / 180;
  dy = m * (lat2 - lat1) * G_PI / 180;
  return hypot (dx, dy);
}

guint32
sm_route_graph_arc_source (const SmRouteGraph *g,
                           guint32             arc)
{
  guint32 lo = 0, hi = g->n_nodes;

  /* The last node whose arcs start at or before @arc */
  while (hi - lo > 1)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (g->offsets[mid] <= arc)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

const guint32 *
sm_route_graph_cell (const SmRouteGraph *g,
                     gint64              ix,
                     gint64              iy,
                     guint32            *n_arcs)
{
  guint64 key = sm_route_graph_cell_key (ix, iy);
  guint32 lo = 0, hi = g->n_cells;

  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (g->cell_keys[mid] < key)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == g->n_cells || g->cell_keys[lo] != key)
    {
      *n_arcs = 0;
      return NULL;
    }
  *n_arcs = g->cell_offsets[lo + 1] - g->cell_offsets[lo];
  return g->cell_arcs + g->cell_offsets[lo];
}

void
sm_route_graph_free (SmRouteGraph *g)
{
  if (g == NULL)
    return;
  /* Coordinates are always their own: kept as int32, loaded as doubles */
  g_free (g->lat);
  g_free (g->lon);
  if (g->buffer != NULL)
    {
      g_free (g->buffer);
      if (g->own_kinds)
        g_free (g->kinds);
    }
  else
    {
      g_free (g->offsets);
      g_free (g->targets);
      g_free (g->lengths);
      g_free (g->kinds);
      g_free (g->cell_keys);
      g_free (g->cell_offsets);
      g_free (g->cell_arcs);
    }
  g_strfreev (g->kind_names);
  g_free (g);
}

/* A stable radix sort of (key, value) pairs by key, 16 bits a pass */
typedef struct
{
  guint64 key;
  guint32 value;
} Pair;

static void
sort_pairs (Pair  *pairs,
            gsize  n)
{
  g_autofree Pair *tmp = g_new (Pair, MAX (n, 1));
  g_autofree gsize *count = g_new (gsize, 65536);
  Pair *src = pairs, *dst = tmp;

  for (int shift = 0; shift < 64; shift += 16)
    {
      gsize sum = 0;

      memset (count, 0, 65536 * sizeof (gsize));
      for (gsize i = 0; i < n; i++)
        count[(src[i].key >> shift) & 0xffff]++;
      if (n > 0 && count[(src[0].key >> shift) & 0xffff] == n)
        continue; /* one digit for all: nothing to move */
      for (gsize d = 0; d < 65536; d++)
        {
          gsize c = count[d];

          count[d] = sum;
          sum += c;
        }
      for (gsize i = 0; i < n; i++)
        dst[count[(src[i].key >> shift) & 0xffff]++] = src[i];
      { Pair *t = src; src = dst; dst = t; }
    }
  if (src != pairs)
    memcpy (pairs, src, n * sizeof (Pair));
}

/* Reading the lines */

typedef struct
{
  GArray       *lat, *lon;  /* of double, every vertex; NaN where off the globe */
  GArray       *first;      /* of guint32: each line's first vertex, then the end */
  GArray       *kind;       /* of guint8: each line's kind */
  GHashTable   *kind_index; /* normalised name -> index + 1 */
  GPtrArray    *kind_names;
  gint64        max_id;
  guint         n_read;
  SmProgressFunc progress;
  gpointer      progress_data;
  GCancellable *cancellable;
} Collect;

/* Kinds are compared without case, and with space, hyphen and
 * underscore alike: "Pipe corridor" is "pipe-corridor" */
static char *
normalise_kind (const char *kind)
{
  char *k = g_ascii_strdown (kind, -1);

  g_strstrip (k);
  for (char *c = k; *c; c++)
    if (*c == ' ' || *c == '_')
      *c = '-';
  return k;
}

static guint8
kind_of (Collect    *c,
         const char *kind)
{
  g_autofree char *k = NULL;
  gpointer index;

  if (kind == NULL || *kind == '\0')
    return 0;
  k = normalise_kind (kind);
  if (*k == '\0')
    return 0;
  index = g_hash_table_lookup (c->kind_index, k);
  if (index != NULL)
    return GPOINTER_TO_UINT (index) - 1;
  /* Past 255 kinds the rest count as lines without a kind */
  if (c->kind_names->len > SM_ROUTE_GRAPH_MAX_KINDS)
    return 0;
  g_ptr_array_add (c->kind_names, g_strdup (k));
  g_hash_table_insert (c->kind_index, g_steal_pointer (&k), GUINT_TO_POINTER (c->kind_names->len));
  return c->kind_names->len - 1;
}

static gboolean
collect_line (const SmRouteLine *line,
              gpointer           data)
{
  Collect *c = data;
  guint32 first = c->lat->len;
  guint8 kind = kind_of (c, line->kind);

  for (guint i = 0; i < line->n_points; i++)
    {
      double lon = line->xy[2 * i], lat = line->xy[2 * i + 1];

      /* A vertex off the globe breaks the line there */
      if (!sm_route_graph_valid_position (lat, lon))
        lat = lon = NAN;
      g_array_append_val (c->lat, lat);
      g_array_append_val (c->lon, lon);
    }
  g_array_append_val (c->first, first);
  g_array_append_val (c->kind, kind);
  if (++c->n_read % 4096 == 0)
    {
      if (g_cancellable_is_cancelled (c->cancellable))
        return FALSE;
      if (c->progress != NULL && c->max_id > 0)
        c->progress (0.6 * MIN ((double) line->line_id / c->max_id, 1.0), c->progress_data);
    }
  return TRUE;
}

/* Noding */

static guint32
join_vertices (SmRouteGraph *g,
               Collect      *c,
               guint32      *node_of,
               GArray       *node_rep)
{
  const double *lat = (double *) c->lat->data, *lon = (double *) c->lon->data;
  guint32 n = c->lat->len, n_pairs = 0, n_cells = 0;
  double sc = 8 * MAX (g->snap_m, 0.01), tol = g->snap_m;
  g_autofree Pair *pairs = g_new (Pair, MAX (n, 1));
  g_autofree guint64 *ukeys = NULL;
  g_autofree guint32 *ustart = NULL;

  for (guint32 i = 0; i < n; i++)
    {
      double x, y;

      node_of[i] = G_MAXUINT32;
      if (isnan (lat[i]))
        continue;
      sm_route_graph_to_grid (g, lat[i], lon[i], &x, &y);
      pairs[n_pairs].key = sm_route_graph_cell_key ((gint64) floor (x / sc), (gint64) floor (y / sc));
      pairs[n_pairs++].value = i;
    }
  sort_pairs (pairs, n_pairs);
  ukeys = g_new (guint64, n_pairs + 1);
  ustart = g_new (guint32, n_pairs + 1);
  for (guint32 p = 0; p < n_pairs; p++)
    if (p == 0 || pairs[p].key != pairs[p - 1].key)
      {
        ukeys[n_cells] = pairs[p].key;
        ustart[n_cells++] = p;
      }
  ustart[n_cells] = n_pairs;

  for (guint32 i = 0; i < n; i++)
    {
      double x, y, klon, best = G_MAXDOUBLE;
      gint64 ix, iy;
      guint32 found = G_MAXUINT32;
      int dx0, dx1, dy0, dy1;

      if (isnan (lat[i]))
        continue;
      sm_route_graph_to_grid (g, lat[i], lon[i], &x, &y);
      ix = (gint64) floor (x / sc);
      iy = (gint64) floor (y / sc);
      /* The grid shrinks east-west distances (lat0 is the highest
       * latitude): a node within the tolerance is within it on the grid */
      dx0 = x - ix * sc < tol ? -1 : 0;
      dx1 = (ix + 1) * sc - x < tol ? 1 : 0;
      dy0 = y - iy * sc < tol ? -1 : 0;
      dy1 = (iy + 1) * sc - y < tol ? 1 : 0;
      klon = SM_ROUTE_K_LON * cos (lat[i] * G_PI / 180);
      for (int dx = dx0; dx <= dx1; dx++)
        for (int dy = dy0; dy <= dy1; dy++)
          {
            guint64 key = sm_route_graph_cell_key (ix + dx, iy + dy);
            guint32 lo = 0, hi = n_cells;

            while (lo < hi)
              {
                guint32 mid = lo + (hi - lo) / 2;

                if (ukeys[mid] < key)
                  lo = mid + 1;
                else
                  hi = mid;
              }
            if (lo == n_cells || ukeys[lo] != key)
              continue;
            /* The cell's vertices in the order of the lines: only those
             * before this one have nodes yet */
            for (guint32 p = ustart[lo]; p < ustart[lo + 1] && pairs[p].value < i; p++)
              {
                guint32 j = pairs[p].value, nj = node_of[j];
                double d;

                if (g_array_index (node_rep, guint32, nj) != j)
                  continue;
                d = hypot ((lon[j] - lon[i]) * klon, (lat[j] - lat[i]) * SM_ROUTE_K_LAT);
                if (d <= tol && d < best)
                  {
                    best = d;
                    found = nj;
                  }
              }
          }
      if (found == G_MAXUINT32)
        {
          found = node_rep->len;
          g_array_append_val (node_rep, i);
        }
      node_of[i] = found;
    }
  return node_rep->len;
}

/* The grid of segments for the nearest point: each segment is cut into
 * pieces no longer than a cell, and each piece listed in the cells its
 * box covers, so that a long diagonal does not fill its whole box. */
static void
index_segments (SmRouteGraph *g)
{
  g_autoptr (GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  Pair *p;
  guint32 n = 0;

  g->cell_m = CELL_M;
  for (guint32 u = 0; u < g->n_nodes; u++)
    for (guint32 k = g->offsets[u]; k < g->offsets[u + 1]; k++)
      {
        guint32 v = g->targets[k];
        double x1, y1, x2, y2;
        int pieces;

        if (v < u)
          continue;
        sm_route_graph_to_grid (g, g->lat[u], g->lon[u], &x1, &y1);
        sm_route_graph_to_grid (g, g->lat[v], g->lon[v], &x2, &y2);
        pieces = MAX (1, (int) ceil (hypot (x2 - x1, y2 - y1) / g->cell_m));
        for (int s = 0; s < pieces; s++)
          {
            double ax = x1 + (x2 - x1) * s / pieces, ay = y1 + (y2 - y1) * s / pieces;
            double bx = x1 + (x2 - x1) * (s + 1) / pieces, by = y1 + (y2 - y1) * (s + 1) / pieces;
            gint64 ix0 = (gint64) floor (MIN (ax, bx) / g->cell_m), ix1 = (gint64) floor (MAX (ax, bx) / g->cell_m);
            gint64 iy0 = (gint64) floor (MIN (ay, by) / g->cell_m), iy1 = (gint64) floor (MAX (ay, by) / g->cell_m);

            for (gint64 ix = ix0; ix <= ix1; ix++)
              for (gint64 iy = iy0; iy <= iy1; iy++)
                {
                  Pair pair = { sm_route_graph_cell_key (ix, iy), k };
                  g_array_append_val (pairs, pair);
                }
          }
      }
  sort_pairs ((Pair *) pairs->data, pairs->len);
  p = (Pair *) pairs->data;
  g->cell_keys = g_new (guint64, MAX (pairs->len, 1));
  g->cell_offsets = g_new (guint32, pairs->len + 1);
  g->cell_arcs = g_new (guint32, MAX (pairs->len, 1));
  g->n_cells = 0;
  for (guint32 i = 0; i < pairs->len; i++)
    {
      if (i > 0 && p[i].key == p[i - 1].key && p[i].value == p[i - 1].value)
        continue; /* two pieces of one segment in one cell */
      if (g->n_cells == 0 || g->cell_keys[g->n_cells - 1] != p[i].key)
        {
          g->cell_keys[g->n_cells] = p[i].key;
          g->cell_offsets[g->n_cells++] = n;
        }
      g->cell_arcs[n++] = p[i].value;
    }
  g->cell_offsets[g->n_cells] = n;
  g->n_cell_arcs = n;
}

/**
 * sm_route_graph_build:
 * @progress: (nullable): called with the fraction done, from this thread
 * @cancellable: (nullable): stops the build
 *
 * Returns: (transfer full): the graph of the project's network lines, not
 *   yet kept; NULL with @error set when it fails or is stopped
 */
SmRouteGraph *
sm_route_graph_build (SmProject      *project,
                      double          snap_m,
                      SmProgressFunc  progress,
                      gpointer        progress_data,
                      GCancellable   *cancellable,
                      GError        **error)
{
  Collect c = { 0 };
  SmRouteGraph *g = g_new0 (SmRouteGraph, 1);
  g_autofree guint32 *node_of = NULL;
  g_autoptr (GArray) node_rep = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) seg = g_array_new (FALSE, FALSE, sizeof (guint32) * 2);
  g_autoptr (GArray) seg_kind = g_array_new (FALSE, FALSE, sizeof (guint8));
  g_autofree guint32 *fill = NULL;
  gboolean ok;
  double max_lat = 0;

  g->snap_m = snap_m;
  c.lat = g_array_new (FALSE, FALSE, sizeof (double));
  c.lon = g_array_new (FALSE, FALSE, sizeof (double));
  c.first = g_array_new (FALSE, FALSE, sizeof (guint32));
  c.kind = g_array_new (FALSE, FALSE, sizeof (guint8));
  c.kind_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c.kind_names = g_ptr_array_new ();
  g_ptr_array_add (c.kind_names, g_strdup (""));
  c.progress = progress;
  c.progress_data = progress_data;
  c.cancellable = cancellable;
  g->stamped = sm_route_store_network_stamp (project, g->stamp);
  ok = sm_route_store_read_lines (project, collect_line, &c, &c.max_id, error);
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  g_array_append_val (c.first, c.lat->len);
  g->n_kinds = c.kind_names->len - 1;
  g_ptr_array_add (c.kind_names, NULL);
  g->kind_names = (char **) g_ptr_array_free (c.kind_names, FALSE);
  g_hash_table_unref (c.kind_index);
  if (!ok)
    goto fail;

  /* The grid is scaled at the highest latitude, where a degree of
   * longitude is shortest: grid distances never exceed true ones */
  for (guint32 i = 0; i < c.lat->len; i++)
    if (!isnan (g_array_index (c.lat, double, i)))
      max_lat = MAX (max_lat, fabs (g_array_index (c.lat, double, i)));
  g->lat0 = max_lat;

  node_of = g_new (guint32, MAX (c.lat->len, 1));
  g->n_nodes = join_vertices (g, &c, node_of, node_rep);
  if (progress != NULL)
    progress (0.75, progress_data);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto fail;
  g->lat = g_new (double, MAX (g->n_nodes, 1));
  g->lon = g_new (double, MAX (g->n_nodes, 1));
  for (guint32 n = 0; n < g->n_nodes; n++)
    {
      guint32 v = g_array_index (node_rep, guint32, n);

      g->lat[n] = g_array_index (c.lat, double, v);
      g->lon[n] = g_array_index (c.lon, double, v);
    }

  /* Segments between consecutive vertices of a line that are two nodes */
  for (guint32 l = 0; l + 1 < c.first->len; l++)
    {
      guint32 prev = G_MAXUINT32;
      guint8 kind = g_array_index (c.kind, guint8, l);

      for (guint32 v = g_array_index (c.first, guint32, l); v < g_array_index (c.first, guint32, l + 1); v++)
        {
          guint32 n = node_of[v];

          if (n != G_MAXUINT32 && prev != G_MAXUINT32 && n != prev)
            {
              guint32 s[2] = { prev, n };

              g_array_append_val (seg, s);
              g_array_append_val (seg_kind, kind);
            }
          prev = n;
        }
    }
  g_array_unref (c.lat);
  g_array_unref (c.lon);
  c.lat = c.lon = NULL;
  if ((guint64) seg->len * 2 >= G_MAXUINT32)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %u is a number of line segments */
                   _("The network has too many line segments to route on (%u)"), seg->len);
      goto fail;
    }

  /* Both directions of every segment, by node */
  g->n_arcs = seg->len * 2;
  g->offsets = g_new0 (guint32, g->n_nodes + 1);
  g->targets = g_new (guint32, MAX (g->n_arcs, 1));
  g->lengths = g_new (float, MAX (g->n_arcs, 1));
  g->kinds = g_new (guint8, MAX (g->n_arcs, 1));
  for (guint32 i = 0; i < seg->len; i++)
    {
      guint32 *s = &g_array_index (seg, guint32, 2 * i);

      g->offsets[s[0] + 1]++;
      g->offsets[s[1] + 1]++;
    }
  for (guint32 n = 0; n < g->n_nodes; n++)
    g->offsets[n + 1] += g->offsets[n];
  fill = g_memdup2 (g->offsets, sizeof (guint32) * (g->n_nodes + 1));
  for (guint32 i = 0; i < seg->len; i++)
    {
      guint32 a = g_array_index (seg, guint32, 2 * i), b = g_array_index (seg, guint32, 2 * i + 1);
      float len = sm_route_graph_segment_length (g->lat[a], g->lon[a], g->lat[b], g->lon[b]);
      guint8 kind = g_array_index (seg_kind, guint8, i);

      g->targets[fill[a]] = b;
      g->lengths[fill[a]] = len;
      g->kinds[fill[a]++] = kind;
      g->targets[fill[b]] = a;
      g->lengths[fill[b]] = len;
      g->kinds[fill[b]++] = kind;
    }
  /* Lengths from the exact vertices; the nodes then on the grid the
   * store keeps (1e-7 degree, 1.1 cm: sm-route-store.c), so that a graph
   * built now and one loaded later route alike */
  for (guint32 n = 0; n < g->n_nodes; n++)
    {
      g->lat[n] = round (g->lat[n] * 1e7) / 1e7;
      g->lon[n] = round (g->lon[n] * 1e7) / 1e7;
    }
  if (progress != NULL)
    progress (0.85, progress_data);
  index_segments (g);
  if (progress != NULL)
    progress (1.0, progress_data);
  g_array_unref (c.first);
  g_array_unref (c.kind);
  return g;

fail:
  if (c.lat != NULL)
    g_array_unref (c.lat);
  if (c.lon != NULL)
    g_array_unref (c.lon);
  g_array_unref (c.first);
  g_array_unref (c.kind);
  sm_route_graph_free (g);
  return NULL;
}
