/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sites layer under Xvfb: a click hits the right site, nothing hits
 * empty map, sites close together cluster at low zoom with their count,
 * the resource filter and visibility hide sites.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "sm-network-layer.h"
#include "sm-sites-layer.h"
#include "sm-test-util.h"

typedef struct
{
  char             *dir;
  SmProject        *project;
  GtkWindow        *window;
  ShumateSimpleMap *map;
  SmSitesLayer     *layer;
  gint64            heat_site, water_site, far_site;
} Fixture;

static void
iterate (void)
{
  /* Let the map lay out and draw a few frames */
  for (int i = 0; i < 20; i++)
    while (g_main_context_pending (NULL))
      g_main_context_iteration (NULL, FALSE);
}

static void
draw_now (Fixture *f)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;

  iterate ();
  /* Draw the layer directly, so the test does not wait for a frame clock */
  GTK_WIDGET_GET_CLASS (f->layer)->snapshot (GTK_WIDGET (f->layer), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node)
    gsk_render_node_unref (node);
}

static gint64
add_site (Fixture    *f,
          const char *name,
          double      lat,
          double      lon,
          SmResource  resource,
          SmDirection direction)
{
  SmSite s = { .name = (char *) name, .lat = lat, .lon = lon };
  SmFlow fl = { .direction = direction, .resource = resource, .amount = 100,
                .temperature_c = NAN, .hours_per_year = NAN };
  g_autoptr (GError) error = NULL;

  fl.site_id = sm_project_insert_site (f->project, &s, 0, &error);
  g_assert_no_error (error);
  sm_project_insert_flow (f->project, &fl, 0, &error);
  g_assert_no_error (error);
  return fl.site_id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
  ShumateViewport *viewport;

  f->dir = sm_test_make_tmpdir ();
  path = g_build_filename (f->dir, "layer.sqlite", NULL);
  f->project = sm_project_create (path, &error);
  g_assert_no_error (error);
  f->heat_site = add_site (f, "Heat plant", 57.0450, 9.9900, SM_RESOURCE_HEAT, SM_DIRECTION_SUPPLY);
  f->water_site = add_site (f, "Water works", 57.0460, 9.9930, SM_RESOURCE_WATER, SM_DIRECTION_DEMAND);
  f->far_site = add_site (f, "Far away", 55.70, 12.50, SM_RESOURCE_MATERIAL, SM_DIRECTION_SUPPLY);
  add_site (f, "Neighbour 1", 57.0440, 9.9910, SM_RESOURCE_HEAT, SM_DIRECTION_DEMAND);
  add_site (f, "Neighbour 2", 57.0470, 9.9880, SM_RESOURCE_CO2, SM_DIRECTION_SUPPLY);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 800, 600);
  f->map = shumate_simple_map_new ();
  viewport = shumate_simple_map_get_viewport (f->map);
  shumate_viewport_set_reference_map_source (viewport,
    shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  gtk_window_set_child (f->window, GTK_WIDGET (f->map));
  f->layer = sm_sites_layer_new (viewport);
  shumate_map_add_layer (shumate_simple_map_get_map (f->map), SHUMATE_LAYER (f->layer));
  sm_sites_layer_set_project (f->layer, f->project);
  gtk_window_present (f->window);
  iterate ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (f->window);
  iterate ();
  g_clear_object (&f->project);
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
centre_on (Fixture *f,
           double   lat,
           double   lon,
           double   zoom)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (f->map);

  shumate_viewport_set_zoom_level (viewport, zoom);
  shumate_map_center_on (shumate_simple_map_get_map (f->map), lat, lon);
  draw_now (f);
}

static void
widget_xy (Fixture *f,
           double   lat,
           double   lon,
           double  *x,
           double  *y)
{
  shumate_viewport_location_to_widget_coords (shumate_simple_map_get_viewport (f->map),
                                              GTK_WIDGET (f->layer), lat, lon, x, y);
}

static void
test_pick (Fixture       *f,
           gconstpointer  data)
{
  SmSitesPick pick;
  double x, y;

  centre_on (f, 57.0455, 9.9910, 16);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->layer)), >, 0);
  widget_xy (f, 57.0450, 9.9900, &x, &y);
  g_assert_true (sm_sites_layer_pick (f->layer, x + 2, y - 2, &pick));
  g_assert_cmpint (pick.site_id, ==, f->heat_site);
  g_assert_cmpint (pick.count, ==, 1);
  widget_xy (f, 57.0460, 9.9930, &x, &y);
  g_assert_true (sm_sites_layer_pick (f->layer, x, y, &pick));
  g_assert_cmpint (pick.site_id, ==, f->water_site);
  /* Empty map */
  g_assert_false (sm_sites_layer_pick (f->layer, 5, 5, &pick));
  g_assert_cmpint (pick.count, ==, 0);
}

static void
test_clusters (Fixture       *f,
               gconstpointer  data)
{
  SmSitesPick pick;
  guint n_clusters, n;
  double x, y;

  /* Country view: the four Aalborg sites are one cluster, the far one alone */
  centre_on (f, 56.4, 11.2, 7);
  n = sm_sites_layer_count_drawn (f->layer, &n_clusters);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (n_clusters, ==, 1);
  widget_xy (f, 57.0455, 9.9905, &x, &y);
  g_assert_true (sm_sites_layer_pick (f->layer, x, y, &pick));
  g_assert_cmpint (pick.site_id, ==, 0);
  g_assert_cmpint (pick.count, ==, 4);
  widget_xy (f, 55.70, 12.50, &x, &y);
  g_assert_true (sm_sites_layer_pick (f->layer, x, y, &pick));
  g_assert_cmpint (pick.site_id, ==, f->far_site);

  /* A port view: no clusters */
  centre_on (f, 57.0455, 9.9910, 15);
  n = sm_sites_layer_count_drawn (f->layer, &n_clusters);
  g_assert_cmpuint (n, ==, 4);
  g_assert_cmpuint (n_clusters, ==, 0);
}

/* Many sites along a line, a cell apart and less: at no zoom do two marks
 * cover each other */
static void
test_clusters_never_overlap (Fixture       *f,
                             gconstpointer  data)
{
  for (int i = 0; i < 120; i++)
    {
      g_autofree char *name = g_strdup_printf ("Site %d", i);

      /* Spaced unevenly, so that cells' centroids fall near cell edges */
      add_site (f, name, 56.0 + (i % 11) * 0.013 + (i % 3) * 0.004, 9.5 + i * 0.011,
                i % SM_N_RESOURCES, SM_DIRECTION_SUPPLY);
    }
  sm_sites_layer_reload (f->layer);
  for (int zoom = 6; zoom <= 11; zoom++)
    {
      guint n_clusters;

      centre_on (f, 56.1, 10.2, zoom);
      g_assert_cmpuint (sm_sites_layer_count_drawn (f->layer, &n_clusters), >, 0);
      g_assert_cmpuint (sm_sites_layer_count_overlaps (f->layer), ==, 0);
    }
}

/* A site being dragged is drawn, and picked, where the pointer is */
static void
test_moving_site (Fixture       *f,
                  gconstpointer  data)
{
  SmSitesPick pick;
  double x, y;

  centre_on (f, 57.0455, 9.9910, 15);
  sm_sites_layer_set_moving (f->layer, f->heat_site, 57.0480, 9.9960);
  draw_now (f);
  widget_xy (f, 57.0480, 9.9960, &x, &y);
  g_assert_true (sm_sites_layer_pick (f->layer, x, y, &pick));
  g_assert_cmpint (pick.site_id, ==, f->heat_site);
  widget_xy (f, 57.0450, 9.9900, &x, &y);
  g_assert_false (sm_sites_layer_pick (f->layer, x, y, &pick) && pick.site_id == f->heat_site);
  sm_sites_layer_set_moving (f->layer, 0, 0, 0);
  draw_now (f);
  g_assert_true (sm_sites_layer_pick (f->layer, x, y, &pick));
  g_assert_cmpint (pick.site_id, ==, f->heat_site);
}

static void
test_filter_and_visibility (Fixture       *f,
                            gconstpointer  data)
{
  SmSitesPick pick;
  double x, y;

  centre_on (f, 57.0455, 9.9910, 16);
  sm_sites_layer_set_resource_filter (f->layer, 1u << SM_RESOURCE_HEAT);
  draw_now (f);
  /* Heat supply and heat demand stay; water and CO2 go */
  g_assert_cmpuint (sm_sites_layer_count_drawn (f->layer, NULL), ==, 2);
  widget_xy (f, 57.0460, 9.9930, &x, &y);
  g_assert_false (sm_sites_layer_pick (f->layer, x, y, &pick));
  sm_sites_layer_set_resource_filter (f->layer, 0);
  draw_now (f);
  g_assert_cmpuint (sm_sites_layer_count_drawn (f->layer, NULL), ==, 4);

  gtk_widget_set_visible (GTK_WIDGET (f->layer), FALSE);
  iterate ();
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->layer)));
  gtk_widget_set_visible (GTK_WIDGET (f->layer), TRUE);
  iterate ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->layer)));
}

/* A project that changes (an import in a thread) is re-read */
static void
test_reload (Fixture       *f,
             gconstpointer  data)
{
  centre_on (f, 57.0455, 9.9910, 16);
  g_assert_cmpuint (sm_sites_layer_count_drawn (f->layer, NULL), ==, 4);
  add_site (f, "New tenant", 57.0452, 9.9920, SM_RESOURCE_STEAM, SM_DIRECTION_SUPPLY);
  sm_project_emit_changed (f->project);
  draw_now (f);
  g_assert_cmpuint (sm_sites_layer_count_drawn (f->layer, NULL), ==, 5);
}

/* Network lines in view are drawn, those outside are not read */
static void
test_network (Fixture       *f,
              gconstpointer  data)
{
  SmNetworkLayer *network = sm_network_layer_new (shumate_simple_map_get_viewport (f->map));
  g_autoptr (GError) error = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;

  g_assert_true (sm_project_exec (f->project,
    "INSERT INTO network_edges (geom) VALUES "
    "(GeomFromText ('LINESTRING (9.989 57.045, 9.993 57.046)', 4326)),"
    "(GeomFromText ('LINESTRING (9.990 57.044, 9.990 57.047)', 4326)),"
    "(GeomFromText ('LINESTRING (12.4 55.7, 12.6 55.7)', 4326))", &error));
  g_assert_no_error (error);
  shumate_map_add_layer (shumate_simple_map_get_map (f->map), SHUMATE_LAYER (network));
  sm_network_layer_set_project (network, f->project);
  centre_on (f, 57.0455, 9.9910, 15);
  /* A layer added to a shown map is laid out at the next frame: on a busy
   * machine that can take longer than the events pending now */
  for (gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       gtk_widget_get_width (GTK_WIDGET (network)) <= 0 && g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (network)), >, 0);
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (network)->snapshot (GTK_WIDGET (network), snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_unref (node);
  g_assert_cmpuint (sm_network_layer_count_drawn (network), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sites-layer/pick", test_pick);
  ADD ("/sites-layer/clusters", test_clusters);
  ADD ("/sites-layer/clusters-never-overlap", test_clusters_never_overlap);
  ADD ("/sites-layer/moving-site", test_moving_site);
  ADD ("/sites-layer/filter-visibility", test_filter_and_visibility);
  ADD ("/sites-layer/reload", test_reload);
  ADD ("/sites-layer/network", test_network);
#undef ADD
  return g_test_run ();
}
