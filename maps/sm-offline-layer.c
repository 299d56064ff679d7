/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offline basemap (sm-basemap.c) as a map layer. It sits under the
 * raster basemap, so where tiles cannot be fetched (no network, a locked
 * down machine) land, water and borders still show; the tiles cover it
 * where they arrive. The GeoPackage is read once, in a thread.
 */
#define G_LOG_DOMAIN "sm-offline-layer"

#include "config.h"

#include <math.h>

#include "sm-basemap.h"
#include "sm-offline-layer.h"

struct _SmOfflineLayer
{
  ShumateLayer    parent_instance;

  SmBasemap      *basemap;     /* owned by sm_basemap_get_default () */
  gboolean        loading;
  ShumateLicense *license;
};

G_DEFINE_FINAL_TYPE (SmOfflineLayer, sm_offline_layer, SHUMATE_TYPE_LAYER)

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  SmBasemap *basemap = sm_basemap_get_default (&error);

  if (basemap == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, basemap, NULL);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  SmOfflineLayer *self = SM_OFFLINE_LAYER (source);
  g_autoptr (GError) error = NULL;

  self->loading = FALSE;
  self->basemap = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->basemap == NULL)
    g_message ("%s", error->message);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
sm_offline_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SmOfflineLayer *self = SM_OFFLINE_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double lat, lon, rotation, diagonal;
  SmMapView view;
  cairo_t *cr;

  if (self->basemap == NULL || width <= 0 || height <= 0)
    return;
  lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  rotation = shumate_viewport_get_rotation (viewport);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (rotation == 0)
    sm_map_view_init (&view, lat, lon, shumate_viewport_get_zoom_level (viewport), width, height);
  else
    {
      /* Draw a square that covers the widget at any angle, turned about
       * the centre */
      diagonal = ceil (hypot (width, height));
      sm_map_view_init (&view, lat, lon, shumate_viewport_get_zoom_level (viewport), diagonal,
                        diagonal);
      cairo_translate (cr, width / 2, height / 2);
      cairo_rotate (cr, rotation);
      cairo_translate (cr, -diagonal / 2, -diagonal / 2);
    }
  sm_basemap_draw (self->basemap, cr, &view);
  cairo_destroy (cr);
}

static void
sm_offline_layer_constructed (GObject *object)
{
  SmOfflineLayer *self = SM_OFFLINE_LAYER (object);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  g_autoptr (GTask) task = g_task_new (self, NULL, on_loaded, NULL);

  G_OBJECT_CLASS (sm_offline_layer_parent_class)->constructed (object);
  g_signal_connect_object (viewport, "notify", G_CALLBACK (gtk_widget_queue_draw), self,
                           G_CONNECT_SWAPPED);
  self->loading = TRUE;
  g_task_set_source_tag (task, sm_offline_layer_constructed);
  g_task_run_in_thread (task, load_thread);
}

static void
on_visible_changed (SmOfflineLayer *self)
{
  if (self->license != NULL)
    shumate_license_set_extra_text (self->license,
                                    gtk_widget_get_visible (GTK_WIDGET (self))
                                      ? sm_basemap_get_attribution () : NULL);
}

static void
sm_offline_layer_dispose (GObject *object)
{
  SmOfflineLayer *self = SM_OFFLINE_LAYER (object);

  g_clear_object (&self->license);
  G_OBJECT_CLASS (sm_offline_layer_parent_class)->dispose (object);
}

static void
sm_offline_layer_class_init (SmOfflineLayerClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = sm_offline_layer_constructed;
  G_OBJECT_CLASS (klass)->dispose = sm_offline_layer_dispose;
  GTK_WIDGET_CLASS (klass)->snapshot = sm_offline_layer_snapshot;
}

static void
sm_offline_layer_init (SmOfflineLayer *self)
{
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

SmOfflineLayer *
sm_offline_layer_new (ShumateViewport *viewport)
{
  return g_object_new (SM_TYPE_OFFLINE_LAYER, "viewport", viewport, NULL);
}

/* TRUE once the basemap is read and drawn */
gboolean
sm_offline_layer_is_ready (SmOfflineLayer *self)
{
  g_return_val_if_fail (SM_IS_OFFLINE_LAYER (self), FALSE);
  return self->basemap != NULL;
}

/* Puts the layer into the map under below (the lowest overlay) and shows
 * the data's attribution in license while the layer is visible. */
void
sm_offline_layer_attach (SmOfflineLayer *self,
                         ShumateMap     *map,
                         ShumateLicense *license,
                         ShumateLayer   *below)
{
  g_return_if_fail (SM_IS_OFFLINE_LAYER (self));
  shumate_map_insert_layer_behind (map, SHUMATE_LAYER (self), below);
  g_set_object (&self->license, license);
  g_signal_connect_object (self, "notify::visible", G_CALLBACK (on_visible_changed), self,
                           G_CONNECT_SWAPPED);
  on_visible_changed (self);
}
