/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The network lines (roads, quays, pipe corridors) that pipe routes
 * follow, drawn in one snapshot from the lines in view, found through
 * the network's R*Tree.
 */
#define G_LOG_DOMAIN "sm-network-layer"

#include "config.h"

#include <string.h>

#include "sm-network-layer.h"

struct _SmNetworkLayer
{
  ShumateLayer parent_instance;

  SmProject   *project;
  guint        n_drawn;
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

static void
sm_network_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SmNetworkLayer *self = SM_NETWORK_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double lat1, lon1, lat2, lon2;
  sqlite3_stmt *stmt;
  cairo_t *cr;

  self->n_drawn = 0;
  if (self->project == NULL || width <= 0 || height <= 0)
    return;
  shumate_viewport_widget_coords_to_location (viewport, widget, 0, 0, &lat1, &lon1);
  shumate_viewport_widget_coords_to_location (viewport, widget, width, height, &lat2, &lon2);
  stmt = sm_project_prepare (self->project,
                             "SELECT AsBinary (e.geom) FROM idx_network_edges_geom i "
                             "CROSS JOIN network_edges e ON e.edge_id = i.pkid "
                             "WHERE i.xmin <= ? AND i.xmax >= ? AND i.ymin <= ? AND i.ymax >= ?",
                             NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_double (stmt, 1, MAX (lon1, lon2));
  sqlite3_bind_double (stmt, 2, MIN (lon1, lon2));
  sqlite3_bind_double (stmt, 3, MAX (lat1, lat2));
  sqlite3_bind_double (stmt, 4, MIN (lat1, lat2));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_source_rgba (cr, 0.47, 0.46, 0.48, 0.7);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      draw_wkb (cr, viewport, widget, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
      self->n_drawn++;
    }
  sqlite3_reset (stmt);
  cairo_destroy (cr);
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
    g_signal_connect_swapped (project, "changed", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
sm_network_layer_count_drawn (SmNetworkLayer *self)
{
  return self->n_drawn;
}
