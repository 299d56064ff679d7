/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The map as an image for slides (File → Export Map Image…): the offline
 * basemap, the sites in the legend colours, a legend, scale bar, north
 * arrow and the data's attribution, drawn with cairo alone as PNG or PDF.
 * Written to a temporary file and renamed.
 */
#define G_LOG_DOMAIN "sm-map-image"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "sm-map-image.h"
#include "sm-map-render.h"

/* The sites with what they supply and demand, coloured as the map window
 * colours them: the first supply (else demand) in resource order. */
static GArray *
render_sites (SmProject  *project,
              guint       filter,
              guint      *resources,
              GError    **error)
{
  g_autoptr (GPtrArray) sites = sm_project_list_sites (project, error);
  g_autoptr (GPtrArray) flows = sites ? sm_project_list_flows (project, 0, error) : NULL;
  g_autoptr (GHashTable) index = g_hash_table_new (g_int64_hash, g_int64_equal);
  GArray *out;

  if (flows == NULL)
    return NULL;
  out = g_array_new (FALSE, TRUE, sizeof (SmRenderSite));
  for (guint i = 0; i < sites->len; i++)
    {
      SmSite *s = g_ptr_array_index (sites, i);
      SmRenderSite rs = { s->lat, s->lon, 0, 0, SM_RESOURCE_INVALID, 0 };

      g_array_append_val (out, rs);
      g_hash_table_insert (index, &s->site_id, GUINT_TO_POINTER (i + 1));
    }
  for (guint i = 0; i < flows->len; i++)
    {
      SmFlow *f = g_ptr_array_index (flows, i);
      guint at = GPOINTER_TO_UINT (g_hash_table_lookup (index, &f->site_id));
      SmRenderSite *rs;

      if (at == 0 || (filter != 0 && (filter & (1u << f->resource)) == 0))
        continue;
      rs = &g_array_index (out, SmRenderSite, at - 1);
      if (f->direction == SM_DIRECTION_SUPPLY)
        rs->supplies |= 1u << f->resource;
      else
        rs->demands |= 1u << f->resource;
    }
  *resources = 0;
  for (guint i = 0; i < out->len; i++)
    {
      SmRenderSite *rs = &g_array_index (out, SmRenderSite, i);
      guint bits = rs->supplies ? rs->supplies : rs->demands;

      *resources |= rs->supplies | rs->demands;
      if (bits == 0)
        {
          /* No flow of the resources shown */
          g_array_remove_index (out, i--);
          continue;
        }
      rs->main = (SmResource) g_bit_nth_lsf (bits, -1);
    }
  return out;
}

gboolean
sm_map_image_write (SmProject               *project,
                    const char              *path,
                    const SmMapImageOptions *options,
                    GError                 **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX", path);
  g_autoptr (GArray) sites = NULL;
  SmBasemap *basemap = sm_basemap_get_default (NULL);
  double w = options->width * options->scale, h = options->height * options->scale;
  cairo_surface_t *surface;
  cairo_status_t status;
  guint resources = 0;
  SmMapView view;
  cairo_t *cr;
  int fd;

  if ((sites = render_sites (project, options->resources, &resources, error)) == NULL)
    return FALSE;
  if ((fd = g_mkstemp (tmp)) < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write %s: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  close (fd);
  if (options->format == SM_MAP_IMAGE_PDF)
    surface = cairo_pdf_surface_create (tmp, options->width, options->height);
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) w, (int) h);
  cr = cairo_create (surface);
  if (options->format == SM_MAP_IMAGE_PNG)
    cairo_scale (cr, options->scale, options->scale);

  sm_map_view_init (&view, options->lat, options->lon, options->zoom, options->width, options->height);
  if (basemap != NULL)
    sm_basemap_draw (basemap, cr, &view);
  else
    {
      double r, g, b;

      sm_basemap_get_water_rgb (&r, &g, &b);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_paint (cr);
    }
  sm_map_render_sites (cr, &view, (SmRenderSite *) sites->data, sites->len, 6);
  {
    cairo_pattern_t *legend;
    double legend_h;

    cairo_push_group (cr);
    legend_h = sm_map_render_legend (cr, 14, 14, resources, FALSE, 11);
    legend = cairo_pop_group (cr);
    cairo_rectangle (cr, 8, 8, 230, legend_h + 12);
    cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
    cairo_fill (cr);
    cairo_set_source (cr, legend);
    cairo_paint (cr);
    cairo_pattern_destroy (legend);
  }
  sm_map_render_scale_bar (cr, &view, 16, options->height - 22, 160, 11);
  sm_map_render_north_arrow (cr, options->width - 30, 24, 24, 12);
  sm_map_render_attribution (cr, &view, 10);
  cairo_destroy (cr);

  if (options->format == SM_MAP_IMAGE_PNG)
    status = cairo_surface_write_to_png (surface, tmp);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (status));
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write %s: %s"), path,
                   g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  return TRUE;
}
