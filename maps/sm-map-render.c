/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Printed maps: sites, synergy lines, numbered labels, scale bar, north
 * arrow, legend and attribution, drawn with cairo and Pango on any
 * surface (PDF, PNG), in the legend colours of the map window
 * (sm_resource_get_color, as maps/sm-sites-layer.c draws them).
 */
#define G_LOG_DOMAIN "sm-map-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "sm-map-render.h"

static void
set_resource_source (cairo_t    *cr,
                     SmResource  resource,
                     double      alpha)
{
  guint32 rgb = resource >= 0 && resource < SM_N_RESOURCES ? sm_resource_get_color (resource)
                                                           : 0x9a9996;

  cairo_set_source_rgba (cr, ((rgb >> 16) & 0xff) / 255.0, ((rgb >> 8) & 0xff) / 255.0,
                         (rgb & 0xff) / 255.0, alpha);
}

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      font_size,
             gboolean    bold)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (bold ? "Sans Bold" : "Sans");

  pango_font_description_set_absolute_size (font, font_size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_font_description_free (font);
  return layout;
}

/* Supplies: a disc in the resource's colour; demands only: a ring; both:
 * a disc with a heavy outline (as the map window draws them). */
static void
draw_site (cairo_t            *cr,
           const SmRenderSite *site,
           double              x,
           double              y,
           double              r)
{
  cairo_new_path (cr);
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  if (site->supplies != 0)
    {
      set_resource_source (cr, site->main, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.15, 0.15, 0.15, site->demands ? 0.95 : 0.6);
      cairo_set_line_width (cr, site->demands ? r * 0.35 : r * 0.15);
    }
  else
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      set_resource_source (cr, site->main, 1);
      cairo_set_line_width (cr, r * 0.45);
    }
  cairo_stroke (cr);
}

void
sm_map_render_sites (cairo_t            *cr,
                     const SmMapView    *view,
                     const SmRenderSite *sites,
                     guint               n_sites,
                     double              radius)
{
  /* Demands first, so a supply on the same spot stays visible */
  for (int pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n_sites; i++)
      {
        double x, y;

        if ((sites[i].supplies != 0) != (pass == 1))
          continue;
        sm_map_view_to_pixel (view, sites[i].lat, sites[i].lon, &x, &y);
        if (x < -radius || y < -radius || x > view->width + radius || y > view->height + radius)
          continue;
        draw_site (cr, &sites[i], x, y, radius);
      }
}

/* Width grows with the square root of the amount, so a large flow does not
 * hide the rest: from 1 to 7 points. */
double
sm_map_render_link_width (double amount,
                          double max_amount)
{
  if (!(max_amount > 0) || !(amount > 0))
    return 1;
  return 1 + 6 * sqrt (MIN (amount / max_amount, 1));
}

void
sm_map_render_links (cairo_t            *cr,
                     const SmMapView    *view,
                     const SmRenderLink *links,
                     guint               n_links)
{
  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  for (guint i = 0; i < n_links; i++)
    {
      double x1, y1, x2, y2;

      sm_map_view_to_pixel (view, links[i].lat1, links[i].lon1, &x1, &y1);
      sm_map_view_to_pixel (view, links[i].lat2, links[i].lon2, &x2, &y2);
      cairo_new_path (cr);
      cairo_move_to (cr, x1, y1);
      cairo_line_to (cr, x2, y2);
      /* A white casing keeps the line readable over land and water */
      cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
      cairo_set_line_width (cr, links[i].width + 2);
      cairo_stroke_preserve (cr);
      set_resource_source (cr, links[i].resource, 0.85);
      cairo_set_line_width (cr, links[i].width);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

typedef struct
{
  double x0, y0, x1, y1;
} Box;

static gboolean
boxes_overlap (const Box *a,
               const Box *b)
{
  return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

static gboolean
box_is_free (const Box *box,
             GArray    *taken,
             const SmMapView *view)
{
  if (box->x0 < 0 || box->y0 < 0 || box->x1 > view->width || box->y1 > view->height)
    return FALSE;
  for (guint i = 0; i < taken->len; i++)
    if (boxes_overlap (box, &g_array_index (taken, Box, i)))
      return FALSE;
  return TRUE;
}

/* Numbered labels that overlap neither each other, nor a site, nor the
 * reserved boxes (x, y, width, height: legend, scale bar…): each tries
 * eight places around its site, then the same further out with a leader
 * line. A greedy placement: for a few dozen labels it finds a free place
 * for nearly all; one that finds none is left out (and counted). */
guint
sm_map_render_labels (cairo_t            *cr,
                      const SmMapView    *view,
                      const SmRenderSite *sites,
                      guint               n_sites,
                      double              radius,
                      double              font_size,
                      const double       *reserved,
                      guint               n_reserved)
{
  static const double directions[8][2] = {
    { 1, -1 }, { 1, 1 }, { -1, -1 }, { -1, 1 }, { 1, 0 }, { -1, 0 }, { 0, -1 }, { 0, 1 },
  };
  g_autoptr (GArray) taken = g_array_new (FALSE, FALSE, sizeof (Box));
  guint left_out = 0;

  for (guint i = 0; i < n_reserved; i++)
    {
      Box b = { reserved[4 * i], reserved[4 * i + 1], reserved[4 * i] + reserved[4 * i + 2],
                reserved[4 * i + 1] + reserved[4 * i + 3] };

      g_array_append_val (taken, b);
    }
  for (guint i = 0; i < n_sites; i++)
    {
      double x, y;
      Box b;

      sm_map_view_to_pixel (view, sites[i].lat, sites[i].lon, &x, &y);
      b = (Box) { x - radius, y - radius, x + radius, y + radius };
      g_array_append_val (taken, b);
    }
  for (guint i = 0; i < n_sites; i++)
    {
      g_autofree char *text = NULL;
      PangoLayout *layout;
      int tw, th;
      double x, y, w, h;
      gboolean placed = FALSE;

      if (sites[i].number <= 0)
        continue;
      sm_map_view_to_pixel (view, sites[i].lat, sites[i].lon, &x, &y);
      if (x < 0 || y < 0 || x > view->width || y > view->height)
        continue;
      text = g_strdup_printf ("%d", sites[i].number);
      layout = make_layout (cr, text, font_size, TRUE);
      pango_layout_get_pixel_size (layout, &tw, &th);
      w = tw + 4;
      h = th + 1;
      for (int ring = 1; ring <= 6 && !placed; ring++)
        for (int d = 0; d < 8 && !placed; d++)
          {
            double dist = radius + 1 + (ring - 1) * (h + 2);
            double cx = x + directions[d][0] * (dist + w / 2);
            double cy = y + directions[d][1] * (dist + h / 2);
            Box b = { cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2 };

            if (!box_is_free (&b, taken, view))
              continue;
            g_array_append_val (taken, b);
            placed = TRUE;
            if (ring > 1)
              {
                cairo_new_path (cr);
                cairo_move_to (cr, x, y);
                cairo_line_to (cr, cx, cy);
                cairo_set_source_rgba (cr, 0.2, 0.2, 0.2, 0.8);
                cairo_set_line_width (cr, 0.5);
                cairo_stroke (cr);
              }
            cairo_new_path (cr);
            cairo_rectangle (cr, b.x0, b.y0, w, h);
            cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
            cairo_fill_preserve (cr);
            cairo_set_source_rgba (cr, 0.2, 0.2, 0.2, 0.9);
            cairo_set_line_width (cr, 0.4);
            cairo_stroke (cr);
            cairo_move_to (cr, b.x0 + 2, b.y0 + 0.5);
            cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
            pango_cairo_show_layout (cr, layout);
          }
      if (!placed)
        left_out++;
      g_object_unref (layout);
    }
  return left_out;
}

/* A bar of a round length (1, 2 or 5 × 10^n metres) at most max_width long */
void
sm_map_render_scale_bar (cairo_t         *cr,
                         const SmMapView *view,
                         double           x,
                         double           y,
                         double           max_width,
                         double           font_size)
{
  double mpp = sm_map_view_metres_per_pixel (view);
  double max_m = mpp * max_width, step = pow (10, floor (log10 (max_m))), metres, w;
  g_autofree char *text = NULL;
  PangoLayout *layout;
  int tw, th;

  metres = max_m >= 5 * step ? 5 * step : max_m >= 2 * step ? 2 * step : step;
  w = metres / mpp;
  if (metres >= 1000)
    text = g_strdup_printf ("%g km", metres / 1000);
  else
    text = g_strdup_printf ("%g m", metres);
  layout = make_layout (cr, text, font_size, FALSE);
  pango_layout_get_pixel_size (layout, &tw, &th);

  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, x - 3, y - th - 4, MAX (w, tw) + 6, th + 10);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
  cairo_fill (cr);
  cairo_rectangle (cr, x, y, w / 2, 3);
  cairo_rectangle (cr, x + w / 2, y, w / 2, 3);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_line_width (cr, 0.6);
  cairo_stroke (cr);
  cairo_rectangle (cr, x, y, w / 2, 3);
  cairo_fill (cr);
  cairo_move_to (cr, x, y - th - 1);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  g_object_unref (layout);
}

/* Web Mercator keeps north up: an arrow and the letter N */
void
sm_map_render_north_arrow (cairo_t *cr,
                           double   x,
                           double   y,
                           double   size,
                           double   font_size)
{
  PangoLayout *layout = make_layout (cr, "N", font_size, TRUE);
  int tw, th;

  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, x, y + size * 0.45, size * 0.75, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
  cairo_fill (cr);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + size * 0.35, y + size);
  cairo_line_to (cr, x, y + size * 0.75);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_fill (cr);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x - size * 0.35, y + size);
  cairo_line_to (cr, x, y + size * 0.75);
  cairo_close_path (cr);
  cairo_set_line_width (cr, 0.8);
  cairo_stroke (cr);
  cairo_move_to (cr, x - tw / 2.0, y - th);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  g_object_unref (layout);
}

/* In the bottom right corner, as the licences of the data ask */
void
sm_map_render_attribution (cairo_t         *cr,
                           const SmMapView *view,
                           double           font_size)
{
  PangoLayout *layout = make_layout (cr, sm_basemap_get_attribution (), font_size, FALSE);
  int tw, th;

  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_rectangle (cr, view->width - tw - 6, view->height - th - 2, tw + 6, th + 2);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.75);
  cairo_fill (cr);
  cairo_move_to (cr, view->width - tw - 3, view->height - th - 1);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  g_object_unref (layout);
}

static double
legend_row (cairo_t    *cr,
            double      x,
            double      y,
            const char *text,
            double      font_size)
{
  PangoLayout *layout = make_layout (cr, text, font_size, FALSE);
  int tw, th;

  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_move_to (cr, x + font_size * 2, y);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  return MAX (th, font_size * 1.4) + 2;
}

/* Supply and demand symbols of each resource asked for, and (with_links)
 * what the lines are. Returns the height used. */
double
sm_map_render_legend (cairo_t  *cr,
                      double    x,
                      double    y,
                      guint     resources,
                      gboolean  with_links,
                      double    font_size)
{
  double top = y, r = font_size * 0.45;

  cairo_save (cr);
  for (int res = 0; res < SM_N_RESOURCES; res++)
    for (int dir = 0; dir < SM_N_DIRECTIONS; dir++)
      {
        SmRenderSite site = { 0, 0, dir == SM_DIRECTION_SUPPLY ? 1u << res : 0,
                              dir == SM_DIRECTION_DEMAND ? 1u << res : 0, res, 0 };
        g_autofree char *text = NULL;

        if ((resources & (1u << res)) == 0)
          continue;
        /* TRANSLATORS: a legend entry: a resource, then supply or demand */
        text = g_strdup_printf (C_("legend", "%s: %s"), sm_resource_get_label (res),
                                sm_direction_get_label (dir));
        draw_site (cr, &site, x + font_size * 0.8, y + font_size * 0.7, r);
        y += legend_row (cr, x, y, text, font_size);
      }
  if (with_links)
    {
      cairo_new_path (cr);
      cairo_move_to (cr, x, y + font_size * 0.7);
      cairo_line_to (cr, x + font_size * 1.6, y + font_size * 0.7);
      cairo_set_source_rgb (cr, 0.4, 0.4, 0.4);
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
      y += legend_row (cr, x, y, _("Synergy; the wider, the larger the amount"), font_size);
    }
  cairo_restore (cr);
  return y - top;
}
