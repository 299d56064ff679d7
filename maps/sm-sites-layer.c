/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The company sites, drawn in one snapshot (as libshumate's path layer
 * draws its path), not as one ShumateMarker widget per site: the marker
 * layer touches every marker widget on every frame of a pan. Only the
 * sites inside the viewport are read, through the sites' R*Tree; at low
 * zoom, sites close together on screen are drawn as one cluster with its
 * count.
 */
#define G_LOG_DOMAIN "sm-sites-layer"

#include "config.h"

#include <math.h>

#include "sm-project-query.h"
#include "sm-sites-layer.h"

#define SITE_RADIUS 7.0
#define CELL_SIZE 64.0

typedef struct
{
  gint64     site_id;
  double     lat, lon;
  guint      supplies; /* bit per SmResource */
  guint      demands;
  SmResource main;     /* the colour it is drawn in */
  double     mx, my;   /* Web Mercator position, 0 to 1 across the world */
  double     main_amount;
  gboolean   main_is_supply;
} Site;

typedef struct
{
  double x, y, radius;
  gint64 site_id; /* 0 for a cluster */
  int    count;
  double lat, lon;
} Mark;

struct _SmSitesLayer
{
  ShumateLayer parent_instance;

  SmProject   *project;
  GArray      *sites;     /* of Site: those in the cached box */
  gboolean     have_box;
  double       box_min_lat, box_max_lat, box_min_lon, box_max_lon;
  guint        filter;    /* bit per SmResource; 0 shows every site */
  gint64       selected;
  double       cluster_below;
  GArray      *marks;     /* of Mark: what the last frame drew, for picking */
  gint64       moving;    /* a site being dragged, drawn where the pointer is */
  double       moving_lat, moving_lon;
  guint        n_clusters;
};

G_DEFINE_FINAL_TYPE (SmSitesLayer, sm_sites_layer, SHUMATE_TYPE_LAYER)

void
sm_resource_to_rgba (SmResource resource,
                     GdkRGBA   *rgba)
{
  guint32 rgb = resource >= 0 && resource < SM_N_RESOURCES ? sm_resource_get_color (resource)
                                                           : 0x9a9996;

  rgba->red = ((rgb >> 16) & 0xff) / 255.0;
  rgba->green = ((rgb >> 8) & 0xff) / 255.0;
  rgba->blue = (rgb & 0xff) / 255.0;
  rgba->alpha = 1.0;
}

/* Reading */

static void
mercator (double  lat,
          double  lon,
          double *mx,
          double *my)
{
  double s = sin (CLAMP (lat, -85.0511, 85.0511) * G_PI / 180);

  *mx = (lon + 180) / 360;
  *my = 0.5 - log ((1 + s) / (1 - s)) / (4 * G_PI);
}

static gboolean
query_box (SmSitesLayer *self,
           double        min_lat,
           double        max_lat,
           double        min_lon,
           double        max_lon)
{
  /* site_id -> its place in the array + 1 */
  g_autoptr (GHashTable) index = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rows = NULL;

  g_array_set_size (self->sites, 0);
  self->have_box = FALSE;
  if (self->project == NULL)
    return FALSE;
  rows = sm_project_sites_in_box (self->project, min_lat, max_lat, min_lon, max_lon, &error);
  if (rows == NULL)
    {
      g_warning ("Cannot read the sites: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      const SmSiteFlowRow *row = &g_array_index (rows, SmSiteFlowRow, i);
      gint64 id = row->site_id;
      gpointer found = g_hash_table_lookup (index, GSIZE_TO_POINTER ((gsize) id));
      Site *site;

      if (found == NULL)
        {
          Site fresh = { id, row->lat, row->lon, 0, 0, SM_RESOURCE_INVALID, -1, FALSE, 0, 0 };

          mercator (fresh.lat, fresh.lon, &fresh.mx, &fresh.my);

          g_array_append_val (self->sites, fresh);
          g_hash_table_insert (index, GSIZE_TO_POINTER ((gsize) id),
                               GUINT_TO_POINTER (self->sites->len));
          site = &g_array_index (self->sites, Site, self->sites->len - 1);
        }
      else
        site = &g_array_index (self->sites, Site, GPOINTER_TO_UINT (found) - 1);

      if (row->direction >= 0)
        {
          gboolean supply = row->direction == SM_DIRECTION_SUPPLY;
          SmResource r = row->resource;
          double amount = row->amount;

          if (r < 0)
            continue;
          if (supply)
            site->supplies |= 1u << r;
          else
            site->demands |= 1u << r;
          /* Amounts in different units do not compare: the colour is the
           * first of its supplies (else demands) in the order heat, steam,
           * cooling, water, CO2, materials: energy first, as planners look. */
          if ((supply && !site->main_is_supply) || site->main < 0
              || (supply == site->main_is_supply && r < site->main))
            {
              site->main = r;
              site->main_amount = amount;
              site->main_is_supply = supply;
            }
        }
    }
  self->have_box = TRUE;
  self->box_min_lat = min_lat;
  self->box_max_lat = max_lat;
  self->box_min_lon = min_lon;
  self->box_max_lon = max_lon;
  return TRUE;
}

/* Reads again only when the view leaves the box read last, which is read
 * a quarter larger than the view on each side. */
static void
ensure_box (SmSitesLayer *self,
            double        min_lat,
            double        max_lat,
            double        min_lon,
            double        max_lon)
{
  double dlat = (max_lat - min_lat) * 0.25, dlon = (max_lon - min_lon) * 0.25;

  if (self->have_box && min_lat >= self->box_min_lat && max_lat <= self->box_max_lat
      && min_lon >= self->box_min_lon && max_lon <= self->box_max_lon
      /* Zoomed far in: a smaller box reads less */
      && (max_lat - min_lat) > (self->box_max_lat - self->box_min_lat) * 0.2)
    return;
  query_box (self, min_lat - dlat, max_lat + dlat, min_lon - dlon, max_lon + dlon);
}

/* Drawing */

static gboolean
shown (SmSitesLayer *self,
       const Site   *site)
{
  return self->filter == 0 || ((site->supplies | site->demands) & self->filter) != 0;
}

static void
set_source (cairo_t    *cr,
            SmResource  resource,
            double      alpha)
{
  GdkRGBA rgba;

  sm_resource_to_rgba (resource, &rgba);
  cairo_set_source_rgba (cr, rgba.red, rgba.green, rgba.blue, alpha);
}

static void
draw_site (SmSitesLayer *self,
           cairo_t      *cr,
           const Site   *site,
           double        x,
           double        y)
{
  gboolean selected = site->site_id == self->selected;
  double r = selected ? SITE_RADIUS + 3 : SITE_RADIUS;

  /* No line from wherever the last mark left the pen */
  cairo_new_path (cr);
  if (selected)
    {
      cairo_arc (cr, x, y, r + 5, 0, 2 * G_PI);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.1, 0.1, 0.1, 0.9);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
  cairo_arc (cr, x, y, r, 0, 2 * G_PI);
  if (site->supplies != 0)
    {
      /* Offers something: filled in the colour of its main supply */
      set_source (cr, site->main, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgba (cr, 0.15, 0.15, 0.15, site->demands ? 0.95 : 0.6);
      cairo_set_line_width (cr, site->demands ? 2.5 : 1);
      cairo_stroke (cr);
    }
  else
    {
      /* Only needs: a ring in the colour of its main demand */
      cairo_set_source_rgba (cr, 1, 1, 1, 0.95);
      cairo_fill_preserve (cr);
      set_source (cr, site->main, 1);
      cairo_set_line_width (cr, 3);
      cairo_stroke (cr);
    }
}

typedef struct
{
  double     sum_x, sum_y, sum_lat, sum_lon;
  int        count;
  int        by_resource[SM_N_RESOURCES + 1];
  const Site *only;
} Cell;

static double
cell_radius (int count)
{
  return count > 1 ? 11 + 4 * log10 (count) : SITE_RADIUS;
}

/* The grid puts sites into cells, but the marks of two neighbouring cells,
 * drawn at their centroids, can still cover each other and hide their
 * counts: merges any two that would overlap (with a 2 px gap) until none
 * do. A few hundred cells on a screen at most, so pairs are cheap. */
static void
merge_overlapping_cells (GArray *cells)
{
  gboolean merged = TRUE;

  while (merged)
    {
      merged = FALSE;
      for (guint i = 0; i < cells->len; i++)
        {
          Cell *a = &g_array_index (cells, Cell, i);

          for (guint j = i + 1; j < cells->len; j++)
            {
              Cell *b = &g_array_index (cells, Cell, j);
              double dx = a->sum_x / a->count - b->sum_x / b->count;
              double dy = a->sum_y / a->count - b->sum_y / b->count;
              double reach = cell_radius (a->count) + cell_radius (b->count) + 2;

              if (dx * dx + dy * dy >= reach * reach)
                continue;
              a->sum_x += b->sum_x;
              a->sum_y += b->sum_y;
              a->sum_lat += b->sum_lat;
              a->sum_lon += b->sum_lon;
              a->count += b->count;
              for (int r = 0; r <= SM_N_RESOURCES; r++)
                a->by_resource[r] += b->by_resource[r];
              g_array_remove_index_fast (cells, j);
              merged = TRUE;
              j = i; /* a grew: look at every other cell again */
            }
        }
    }
}

static void
draw_cluster (SmSitesLayer *self,
              GtkWidget    *widget,
              cairo_t      *cr,
              const Cell   *cell,
              Mark         *mark)
{
  int best = SM_N_RESOURCES;
  g_autofree char *text = g_strdup_printf ("%d", cell->count);
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoFontDescription *font = pango_font_description_from_string ("Sans Bold 9");
  int tw, th;

  for (int r = 0; r < SM_N_RESOURCES; r++)
    if (cell->by_resource[r] > cell->by_resource[best])
      best = r;
  mark->radius = cell_radius (cell->count);
  cairo_new_path (cr);
  cairo_arc (cr, mark->x, mark->y, mark->radius, 0, 2 * G_PI);
  set_source (cr, best < SM_N_RESOURCES ? best : SM_RESOURCE_INVALID, 0.85);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);

  pango_layout_set_font_description (layout, font);
  pango_layout_get_pixel_size (layout, &tw, &th);
  cairo_move_to (cr, mark->x - tw / 2.0, mark->y - th / 2.0);
  cairo_set_source_rgb (cr, 1, 1, 1);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
}

static void
sm_sites_layer_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  SmSitesLayer *self = SM_SITES_LAYER (widget);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double lat[4], lon[4], min_lat, max_lat, min_lon, max_lon;
  gboolean cluster, linear;
  g_autoptr (GHashTable) cells = NULL;
  g_autoptr (GArray) cell_array = NULL;
  double mx0, my0, mx1, my1, sx, sy;
  cairo_t *cr;

  g_array_set_size (self->marks, 0);
  self->n_clusters = 0;
  if (self->project == NULL || width <= 0 || height <= 0)
    return;

  shumate_viewport_widget_coords_to_location (viewport, widget, 0, 0, &lat[0], &lon[0]);
  shumate_viewport_widget_coords_to_location (viewport, widget, width, 0, &lat[1], &lon[1]);
  shumate_viewport_widget_coords_to_location (viewport, widget, 0, height, &lat[2], &lon[2]);
  shumate_viewport_widget_coords_to_location (viewport, widget, width, height, &lat[3], &lon[3]);
  min_lat = MIN (MIN (lat[0], lat[1]), MIN (lat[2], lat[3]));
  max_lat = MAX (MAX (lat[0], lat[1]), MAX (lat[2], lat[3]));
  min_lon = MIN (MIN (lon[0], lon[1]), MIN (lon[2], lon[3]));
  max_lon = MAX (MAX (lon[0], lon[1]), MAX (lon[2], lon[3]));
  ensure_box (self, min_lat, max_lat, min_lon, max_lon);

  cluster = shumate_viewport_get_zoom_level (viewport) < self->cluster_below;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  cells = g_hash_table_new (g_direct_hash, g_direct_equal);
  cell_array = g_array_new (FALSE, TRUE, sizeof (Cell));

  /* Without rotation the map is linear in Web Mercator: project each site
   * once when read, and place it on screen by scale and offset, instead of
   * asking the viewport for every site of every frame. */
  linear = shumate_viewport_get_rotation (viewport) == 0;
  mercator (lat[0], lon[0], &mx0, &my0);
  mercator (lat[3], lon[3], &mx1, &my1);
  sx = width / (mx1 - mx0);
  sy = height / (my1 - my0);

  for (guint i = 0; i < self->sites->len; i++)
    {
      const Site *site = &g_array_index (self->sites, Site, i);
      double x, y;

      if (site->site_id == self->moving && self->moving != 0)
        {
          shumate_viewport_location_to_widget_coords (viewport, widget, self->moving_lat,
                                                      self->moving_lon, &x, &y);
          draw_site (self, cr, site, x, y);
          g_array_append_val (self->marks, ((Mark) { x, y, SITE_RADIUS, site->site_id, 1,
                                                     self->moving_lat, self->moving_lon }));
          continue;
        }
      if (!shown (self, site) || site->lat < min_lat || site->lat > max_lat
          || site->lon < min_lon || site->lon > max_lon)
        continue;
      if (linear)
        {
          x = (site->mx - mx0) * sx;
          y = (site->my - my0) * sy;
        }
      else
        shumate_viewport_location_to_widget_coords (viewport, widget, site->lat, site->lon, &x, &y);
      if (cluster && site->site_id != self->selected)
        {
          gsize key = ((gsize) (guint32) (gint32) floor (x / CELL_SIZE) << 20)
                      ^ (gsize) (guint32) (gint32) floor (y / CELL_SIZE);
          gpointer found = g_hash_table_lookup (cells, GSIZE_TO_POINTER (key + 1));
          Cell *cell;

          if (found == NULL)
            {
              g_array_set_size (cell_array, cell_array->len + 1);
              g_hash_table_insert (cells, GSIZE_TO_POINTER (key + 1), GUINT_TO_POINTER (cell_array->len));
              cell = &g_array_index (cell_array, Cell, cell_array->len - 1);
            }
          else
            cell = &g_array_index (cell_array, Cell, GPOINTER_TO_UINT (found) - 1);
          cell->sum_x += x;
          cell->sum_y += y;
          cell->sum_lat += site->lat;
          cell->sum_lon += site->lon;
          cell->count++;
          cell->by_resource[site->main >= 0 ? site->main : SM_N_RESOURCES]++;
          cell->only = site;
          continue;
        }
      draw_site (self, cr, site, x, y);
      g_array_append_val (self->marks, ((Mark) { x, y, SITE_RADIUS, site->site_id, 1, site->lat,
                                                 site->lon }));
    }

  if (cluster)
    merge_overlapping_cells (cell_array);
  for (guint i = 0; cluster && i < cell_array->len; i++)
    {
      Cell *cell = &g_array_index (cell_array, Cell, i);
      Mark mark = { cell->sum_x / cell->count, cell->sum_y / cell->count, SITE_RADIUS, 0,
                    cell->count, cell->sum_lat / cell->count, cell->sum_lon / cell->count };

      if (cell->count == 1)
        {
          mark.site_id = cell->only->site_id;
          draw_site (self, cr, cell->only, mark.x, mark.y);
        }
      else
        {
          draw_cluster (self, widget, cr, cell, &mark);
          self->n_clusters++;
        }
      g_array_append_val (self->marks, mark);
    }
  cairo_destroy (cr);
}

/* GObject */

static void
on_viewport_changed (SmSitesLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
sm_sites_layer_constructed (GObject *object)
{
  SmSitesLayer *self = SM_SITES_LAYER (object);
  ShumateViewport *viewport = shumate_layer_get_viewport (SHUMATE_LAYER (self));

  G_OBJECT_CLASS (sm_sites_layer_parent_class)->constructed (object);
  g_signal_connect_object (viewport, "notify", G_CALLBACK (on_viewport_changed), self,
                           G_CONNECT_SWAPPED);
}

static void
sm_sites_layer_dispose (GObject *object)
{
  SmSitesLayer *self = SM_SITES_LAYER (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  G_OBJECT_CLASS (sm_sites_layer_parent_class)->dispose (object);
}

static void
sm_sites_layer_finalize (GObject *object)
{
  SmSitesLayer *self = SM_SITES_LAYER (object);

  g_array_unref (self->sites);
  g_array_unref (self->marks);
  G_OBJECT_CLASS (sm_sites_layer_parent_class)->finalize (object);
}

static void
sm_sites_layer_class_init (SmSitesLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = sm_sites_layer_constructed;
  object_class->dispose = sm_sites_layer_dispose;
  object_class->finalize = sm_sites_layer_finalize;
  widget_class->snapshot = sm_sites_layer_snapshot;
}

static void
sm_sites_layer_init (SmSitesLayer *self)
{
  self->sites = g_array_new (FALSE, FALSE, sizeof (Site));
  self->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  self->cluster_below = 12;
}

/* Public API */

SmSitesLayer *
sm_sites_layer_new (ShumateViewport *viewport)
{
  return g_object_new (SM_TYPE_SITES_LAYER, "viewport", viewport, NULL);
}

/**
 * sm_sites_layer_reload:
 * @self: the layer
 *
 * Reads the sites again: the project changed.
 */
void
sm_sites_layer_reload (SmSitesLayer *self)
{
  g_return_if_fail (SM_IS_SITES_LAYER (self));
  self->have_box = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sm_sites_layer_set_project (SmSitesLayer *self,
                            SmProject    *project)
{
  g_return_if_fail (SM_IS_SITES_LAYER (self));

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    g_signal_connect_swapped (project, "changed", G_CALLBACK (sm_sites_layer_reload), self);
  self->selected = 0;
  sm_sites_layer_reload (self);
}

void
sm_sites_layer_set_resource_filter (SmSitesLayer *self,
                                    guint         resources)
{
  g_return_if_fail (SM_IS_SITES_LAYER (self));
  self->filter = resources;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
sm_sites_layer_get_resource_filter (SmSitesLayer *self)
{
  g_return_val_if_fail (SM_IS_SITES_LAYER (self), 0);
  return self->filter;
}

void
sm_sites_layer_set_selected_site (SmSitesLayer *self,
                                  gint64        site_id)
{
  g_return_if_fail (SM_IS_SITES_LAYER (self));
  self->selected = site_id;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gint64
sm_sites_layer_get_selected_site (SmSitesLayer *self)
{
  g_return_val_if_fail (SM_IS_SITES_LAYER (self), 0);
  return self->selected;
}

void
sm_sites_layer_set_cluster_below_zoom (SmSitesLayer *self,
                                       double        zoom)
{
  g_return_if_fail (SM_IS_SITES_LAYER (self));
  self->cluster_below = zoom;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * sm_sites_layer_pick:
 * @self: the layer
 * @x: widget x
 * @y: widget y
 * @pick: (out): the site or cluster there
 *
 * Returns: whether a site or a cluster is at @x, @y in the last frame drawn
 */
gboolean
sm_sites_layer_pick (SmSitesLayer *self,
                     double        x,
                     double        y,
                     SmSitesPick  *pick)
{
  double best = G_MAXDOUBLE;

  g_return_val_if_fail (SM_IS_SITES_LAYER (self), FALSE);

  *pick = (SmSitesPick) { 0, 0, NAN, NAN };
  /* The last drawn is on top: search from the end */
  for (guint i = self->marks->len; i-- > 0;)
    {
      const Mark *m = &g_array_index (self->marks, Mark, i);
      double d = hypot (m->x - x, m->y - y);

      if (d <= m->radius + 4 && d < best)
        {
          best = d;
          *pick = (SmSitesPick) { m->site_id, m->count, m->lat, m->lon };
        }
    }
  return pick->count > 0;
}

/**
 * sm_sites_layer_count_drawn:
 * @n_clusters: (out) (optional): how many of the marks are clusters
 *
 * Returns: how many marks (sites and clusters) the last frame drew
 */
guint
sm_sites_layer_count_drawn (SmSitesLayer *self,
                            guint        *n_clusters)
{
  g_return_val_if_fail (SM_IS_SITES_LAYER (self), 0);
  if (n_clusters)
    *n_clusters = self->n_clusters;
  return self->marks->len;
}

/**
 * sm_sites_layer_count_overlaps:
 *
 * Returns: how many pairs of marks of the last frame overlap, for tests
 */
guint
sm_sites_layer_count_overlaps (SmSitesLayer *self)
{
  guint n = 0;

  for (guint i = 0; i < self->marks->len; i++)
    for (guint j = i + 1; j < self->marks->len; j++)
      {
        Mark *a = &g_array_index (self->marks, Mark, i), *b = &g_array_index (self->marks, Mark, j);
        double dx = a->x - b->x, dy = a->y - b->y;

        if (sqrt (dx * dx + dy * dy) < a->radius + b->radius)
          n++;
      }
  return n;
}

/**
 * sm_sites_layer_set_moving:
 * @site_id: the site being dragged, or 0 when the drag ends
 * @lat: where it is now
 * @lon: where it is now
 *
 * Draws one site where the pointer is while the user drags it; the
 * project is written only when the drag ends.
 */
void
sm_sites_layer_set_moving (SmSitesLayer *self,
                           gint64        site_id,
                           double        lat,
                           double        lon)
{
  g_return_if_fail (SM_IS_SITES_LAYER (self));
  self->moving = site_id;
  self->moving_lat = lat;
  self->moving_lon = lon;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
