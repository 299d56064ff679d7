/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The network lines (roads, quays, pipe corridors) that pipe routes
 * follow, drawn in one snapshot from the lines in view, found through
 * the network's R*Tree. The lines are read for a box larger than the
 * view and kept until the view leaves it or the project changes, so a
 * frame of a pan draws from memory instead of querying.
 */
#define G_LOG_DOMAIN "sm-network-layer"

#include "config.h"

#include <string.h>

#include "sm-network-layer.h"
#include "sm-project-query.h"

struct _SmNetworkLayer
{
  ShumateLayer parent_instance;

  SmProject   *project;
  guint        n_drawn;
  GPtrArray   *edges;     /* of GBytes (WKB): those in the cached box */
  double       box_min_lat, box_max_lat, box_min_lon, box_max_lon;
  guint        n_reads;
};

G_DEFINE_FINAL_TYPE (SmNetworkLayer, sm_network_layer, SHUMATE_TYPE_LAYER)

/* A LINESTRING as SpatiaLite's AsBinary writes it: little-endian WKB */
static void
draw_wkb (cairo_t         *cr,
          ShumateViewport *viewport,
          GtkWidget       *widget,
          const guint8    *wkb,
          int              size)
{
  guint32 n, type;

  if (size < 9 || wkb[0] != 1)
    return;
  memcpy (&type, wkb + 1, 4); /* unaligned: UBSan (issue 14) */
  if (GUINT32_FROM_LE (type) != 2)
    return;
  memcpy (&n, wkb + 5, 4);
  n = GUINT32_FROM_LE (n);
  if (9 + (gsize) n * 16 > (gsize) size)
    return;
  cairo_new_path (cr);
  for (guint32 i = 0; i < n; i++)
    {
      double lon, lat, x, y;

      memcpy (&lon, wkb + 9 + i * 16, 8);
      memcpy (&lat, wkb + 9 + i * 16 + 8, 8);
      shumate_viewport_location_to_widget_coords (viewport, widget, lat, lon, &x, &y);
      cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
}

/* Reads again only when the view leaves the box read last (half the
 * view larger on each side) or is much smaller than it. */
static void
ensure_edges (SmNetworkLayer *self,
              double          min_lat,
              double          max_lat,
              double          min_lon,
              double          max_lon)
{
  double dlat = (max_lat - min_lat) * 0.5, dlon = (max_lon - min_lon) * 0.5;
  g_autoptr (GError) error = NULL;

  if (self->edges != NULL && min_lat >= self->box_min_lat && max_lat <= self->box_max_lat
      && min_lon >= self->box_min_lon && max_lon <= self->box_max_lon
      && (max_lat - min_lat) > (self->box_max_lat - self->box_min_lat) * 0.2)
    return;
  g_clear_pointer (&self->edges, g_ptr_array_unref);
  self->box_min_lat = min_lat - dlat;
  self->box_max_lat = max_lat + dlat;
  self->box_min_lon = min_lon - dlon;
  self->box_max_lon = max_lon + dlon;
  self->edges = sm_project_edges_in_box (self->project, self->box_min_lat, self->box_max_lat,
                                         self->box_min_lon, self->box_max_lon, &error);
  self->n_reads++;
  if (self->edges == NULL)
    g_warning ("Cannot read the network: %s", error->message);
}

static void
sm_network_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SmNetworkLayer *self = SM_NETWORK_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double lat1, lon1, lat2, lon2;
  cairo_t *cr;

  self->n_drawn = 0;
  if (self->project == NULL || width <= 0 || height <= 0)
    return;
  shumate_viewport_widget_coords_to_location (viewport, widget, 0, 0, &lat1, &lon1);
  shumate_viewport_widget_coords_to_location (viewport, widget, width, height, &lat2, &lon2);
  ensure_edges (self, MIN (lat1, lat2), MAX (lat1, lat2), MIN (lon1, lon2), MAX (lon1, lon2));
  if (self->edges == NULL || self->edges->len == 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_rgba (cr, 0.47, 0.46, 0.48, 0.7);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->edges->len; i++)
    {
      gsize size;
      const guint8 *wkb = g_bytes_get_data (g_ptr_array_index (self->edges, i), &size);

      draw_wkb (cr, viewport, widget, wkb, (int) size);
      self->n_drawn++;
    }
  cairo_destroy (cr);
}

/* The project changed: read again at the next frame */
static void
on_project_changed (SmNetworkLayer *self)
{
  g_clear_pointer (&self->edges, g_ptr_array_unref);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
sm_network_layer_constructed (GObject *object)
{
  G_OBJECT_CLASS (sm_network_layer_parent_class)->constructed (object);
  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (object)), "notify",
                           G_CALLBACK (gtk_widget_queue_draw), object, G_CONNECT_SWAPPED);
}

static void
sm_network_layer_dispose (GObject *object)
{
  SmNetworkLayer *self = SM_NETWORK_LAYER (object);

  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_pointer (&self->edges, g_ptr_array_unref);
  G_OBJECT_CLASS (sm_network_layer_parent_class)->dispose (object);
}

static void
sm_network_layer_class_init (SmNetworkLayerClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = sm_network_layer_constructed;
  G_OBJECT_CLASS (klass)->dispose = sm_network_layer_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = sm_network_layer_snapshot;
}

static void
sm_network_layer_init (SmNetworkLayer *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

SmNetworkLayer *
sm_network_layer_new (ShumateViewport *viewport)
{
  return g_object_new (SM_TYPE_NETWORK_LAYER, "viewport", viewport, NULL);
}

void
sm_network_layer_set_project (SmNetworkLayer *self,
                              SmProject      *project)
{
  g_return_if_fail (SM_IS_NETWORK_LAYER (self));
  if (self->project)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project)
    g_signal_connect_swapped (project, "changed", G_CALLBACK (on_project_changed), self);
  on_project_changed (self);
}

guint
sm_network_layer_count_drawn (SmNetworkLayer *self)
{
  return self->n_drawn;
}

/**
 * sm_network_layer_count_reads:
 *
 * Returns: how many times the layer read lines from the project, for tests
 *   that check a pan draws from memory
 */
guint
sm_network_layer_count_reads (SmNetworkLayer *self)
{
  return self->n_reads;
}
