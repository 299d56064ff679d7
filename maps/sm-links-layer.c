/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Synergy links: a line from a source to each match, coloured by
 * resource, wider for larger matched amounts, drawn in one snapshot.
 */
#define G_LOG_DOMAIN "sm-links-layer"

#include "config.h"

#include <math.h>

#include "sm-links-layer.h"
#include "sm-sites-layer.h"

typedef struct
{
  double     from_lat, from_lon, to_lat, to_lon;
  SmResource resource;
  double     amount;
  GArray    *path; /* lon, lat pairs along a route, or NULL for a straight link */
} Link;

struct _SmLinksLayer
{
  ShumateLayer parent_instance;

  GArray      *links; /* of Link */
  double       max_amount;
  int          highlight;
  gboolean     dashed;
};

G_DEFINE_FINAL_TYPE (SmLinksLayer, sm_links_layer, SHUMATE_TYPE_LAYER)

static void
sm_links_layer_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SmLinksLayer *self = SM_LINKS_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->links->len == 0 || width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (self->dashed)
    cairo_set_dash (cr, (double[]) { 10, 6 }, 2, 0);
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->links->len; i++)
      {
        const Link *l = &g_array_index (self->links, Link, i);
        gboolean lit = (int) i == self->highlight;
        double x1, y1, x2, y2, w;
        GdkRGBA rgba;

        /* The highlighted link last, on top */
        if (lit != (pass == 1))
          continue;
        /* 1.5 to 9 px by the square root of the share of the largest amount */
        w = 1.5 + 7.5 * sqrt (self->max_amount > 0 ? l->amount / self->max_amount : 0);
        cairo_new_path (cr);
        if (l->path != NULL && l->path->len >= 4)
          for (guint k = 0; k + 1 < l->path->len; k += 2)
            {
              shumate_viewport_location_to_widget_coords (viewport, widget,
                                                          g_array_index (l->path, double, k + 1),
                                                          g_array_index (l->path, double, k), &x1, &y1);
              cairo_line_to (cr, x1, y1);
            }
        else
          {
            shumate_viewport_location_to_widget_coords (viewport, widget, l->from_lat, l->from_lon, &x1, &y1);
            shumate_viewport_location_to_widget_coords (viewport, widget, l->to_lat, l->to_lon, &x2, &y2);
            cairo_move_to (cr, x1, y1);
            cairo_line_to (cr, x2, y2);
          }
        if (lit)
          {
            cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.9);
            cairo_set_line_width (cr, w + 4);
            cairo_stroke_preserve (cr);
          }
        sm_resource_to_rgba (l->resource, &rgba);
        cairo_set_source_rgba (cr, rgba.red, rgba.green, rgba.blue,
                               self->highlight < 0 || lit ? 0.85 : 0.35);
        cairo_set_line_width (cr, w);
        cairo_stroke (cr);
      }
  cairo_destroy (cr);
}

static void
sm_links_layer_constructed (GObject *object)
{
  SmLinksLayer *self = SM_LINKS_LAYER (object);

  G_OBJECT_CLASS (sm_links_layer_parent_class)->constructed (object);
  g_signal_connect_object (shumate_layer_get_viewport (SHUMATE_LAYER (self)), "notify",
                           G_CALLBACK (gtk_widget_queue_draw), self, G_CONNECT_SWAPPED);
}

static void
clear_link (Link *link)
{
  g_clear_pointer (&link->path, g_array_unref);
}

static void
sm_links_layer_finalize (GObject *object)
{
  g_array_unref (SM_LINKS_LAYER (object)->links);
  G_OBJECT_CLASS (sm_links_layer_parent_class)->finalize (object);
}

static void
sm_links_layer_class_init (SmLinksLayerClass *klass)
{
  G_OBJECT_CLASS (klass)->constructed = sm_links_layer_constructed;
  G_OBJECT_CLASS (klass)->finalize = sm_links_layer_finalize;
  GTK_WIDGET_CLASS (klass)->snapshot = sm_links_layer_snapshot;
}

static void
sm_links_layer_init (SmLinksLayer *self)
{
  self->links = g_array_new (FALSE, FALSE, sizeof (Link));
  g_array_set_clear_func (self->links, (GDestroyNotify) clear_link);
  self->highlight = -1;
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}

SmLinksLayer *
sm_links_layer_new (ShumateViewport *viewport)
{
  return g_object_new (SM_TYPE_LINKS_LAYER, "viewport", viewport, NULL);
}

void
sm_links_layer_clear (SmLinksLayer *self)
{
  g_return_if_fail (SM_IS_LINKS_LAYER (self));
  g_array_set_size (self->links, 0);
  self->max_amount = 0;
  self->highlight = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sm_links_layer_add (SmLinksLayer *self,
                    double        from_lat,
                    double        from_lon,
                    double        to_lat,
                    double        to_lon,
                    SmResource    resource,
                    double        amount)
{
  Link link = { from_lat, from_lon, to_lat, to_lon, resource, amount, NULL };

  g_return_if_fail (SM_IS_LINKS_LAYER (self));
  g_array_append_val (self->links, link);
  self->max_amount = MAX (self->max_amount, amount);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sm_links_layer_set_highlight (SmLinksLayer *self,
                              int           index)
{
  g_return_if_fail (SM_IS_LINKS_LAYER (self));
  self->highlight = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sm_links_layer_add_route:
 * @path: lon, lat pairs along the route
 *
 * A link drawn along its pipe route.
 */
void
sm_links_layer_add_route (SmLinksLayer *self,
                          GArray       *path,
                          SmResource    resource,
                          double        amount)
{
  Link link = { 0 };

  g_return_if_fail (SM_IS_LINKS_LAYER (self));
  g_return_if_fail (path != NULL && path->len >= 4);
  link.from_lon = g_array_index (path, double, 0);
  link.from_lat = g_array_index (path, double, 1);
  link.to_lon = g_array_index (path, double, path->len - 2);
  link.to_lat = g_array_index (path, double, path->len - 1);
  link.resource = resource;
  link.amount = amount;
  link.path = g_array_ref (path);
  g_array_append_val (self->links, link);
  self->max_amount = MAX (self->max_amount, amount);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Dashed lines tell recorded exchanges from search results */
void
sm_links_layer_set_dashed (SmLinksLayer *self,
                           gboolean      dashed)
{
  g_return_if_fail (SM_IS_LINKS_LAYER (self));
  self->dashed = dashed;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
sm_links_layer_get_n_links (SmLinksLayer *self)
{
  g_return_val_if_fail (SM_IS_LINKS_LAYER (self), 0);
  return self->links->len;
}
