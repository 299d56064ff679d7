/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawing the offline basemap layer for one frame (its snapshot: culling
 * and the path; then also the raster of the node) at zoom 6 (Denmark and southern Sweden)
 * and zoom 14 (the Port of Aalborg), median of 100 frames, each frame
 * moved a little as a pan does; printed beside, and as a ratio to, the
 * sites layer's frame with 10 000 sites in the same run and window.
 * Run under Xvfb.
 *
 *   bench-offline-layer [SITES]   (default 10000)
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>

#include "sm-offline-layer.h"
#include "sm-sites-layer.h"
#include "sm-test-util.h"

static void
iterate (void)
{
  for (int i = 0; i < 10; i++)
    while (g_main_context_pending (NULL))
      g_main_context_iteration (NULL, FALSE);
}

/* With raster: the node drawn into a 1024×768 image as well, as GTK's
 * cairo renderer would (a cairo node only records its drawing when made) */
static double
frame_ms (GtkWidget        *layer,
          ShumateSimpleMap *map,
          double            lat,
          double            lon,
          double            zoom,
          gboolean          raster)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (map);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  shumate_viewport_set_zoom_level (viewport, zoom);
  for (int i = 0; i < 100; i++)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GskRenderNode *node;
      gint64 t0;
      double ms;

      shumate_map_center_on (shumate_simple_map_get_map (map), lat + i * 1e-5, lon + i * 1e-5);
      t0 = g_get_monotonic_time ();
      GTK_WIDGET_GET_CLASS (layer)->snapshot (layer, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      if (raster && node != NULL)
        {
          cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1024, 768);
          cairo_t *cr = cairo_create (image);

          gsk_render_node_draw (node, cr);
          cairo_destroy (cr);
          cairo_surface_destroy (image);
        }
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (times, ms);
      if (node)
        gsk_render_node_unref (node);
    }
  g_array_sort (times, sm_test_compare_doubles);
  return g_array_index (times, double, 50);
}

int
main (int   argc,
      char *argv[])
{
  int n_sites = argc > 1 ? atoi (argv[1]) : 10000;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sites.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (ShumateMapSourceRegistry) registry = NULL;
  ShumateSimpleMap *map;
  ShumateViewport *viewport;
  GtkWindow *window;
  SmSitesLayer *sites;
  SmOfflineLayer *offline;
  sqlite3_stmt *site, *flow;
  double o6, o14, s6, s14, ro6, ro14, rs6, rs14;

  gtk_init ();
  adw_init ();
  setlocale (LC_NUMERIC, "C");
  g_random_set_seed (9);
  project = sm_project_create (path, &error);
  g_assert_no_error (error);
  sm_project_begin (project, &error);
  sqlite3_prepare_v2 (sm_project_get_db (project),
                      "INSERT INTO sites (name, geom) VALUES ('Site', MakePoint (?, ?, 4326))", -1, &site, NULL);
  sqlite3_prepare_v2 (sm_project_get_db (project),
                      "INSERT INTO flows (site_id, direction, resource, amount, unit) "
                      "VALUES (?, 'supply', 'heat', 100, 'MWh/yr')", -1, &flow, NULL);
  for (int i = 0; i < n_sites; i++)
    {
      gboolean port = i % 10 == 0;
      sqlite3_bind_double (site, 1, port ? 9.95 + g_random_double () * 0.1 : 8.1 + g_random_double () * 4.5);
      sqlite3_bind_double (site, 2, port ? 57.02 + g_random_double () * 0.05 : 54.6 + g_random_double () * 3.1);
      sqlite3_step (site);
      sqlite3_reset (site);
      sqlite3_bind_int64 (flow, 1, i + 1);
      sqlite3_step (flow);
      sqlite3_reset (flow);
    }
  sqlite3_finalize (site);
  sqlite3_finalize (flow);
  sm_project_commit (project, &error);
  g_assert_no_error (error);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 1024, 768);
  map = shumate_simple_map_new ();
  viewport = shumate_simple_map_get_viewport (map);
  registry = shumate_map_source_registry_new_with_defaults ();
  shumate_viewport_set_reference_map_source (viewport,
    shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  gtk_window_set_child (window, GTK_WIDGET (map));
  offline = sm_offline_layer_new (viewport);
  shumate_map_add_layer (shumate_simple_map_get_map (map), SHUMATE_LAYER (offline));
  sites = sm_sites_layer_new (viewport);
  shumate_map_add_layer (shumate_simple_map_get_map (map), SHUMATE_LAYER (sites));
  sm_sites_layer_set_project (sites, project);
  gtk_window_present (window);
  while (!sm_offline_layer_is_ready (offline))
    {
      iterate ();
      g_usleep (10000);
    }

  o6 = frame_ms (GTK_WIDGET (offline), map, 56.2, 10.4, 6, FALSE);
  o14 = frame_ms (GTK_WIDGET (offline), map, 57.045, 10.0, 14, FALSE);
  s6 = frame_ms (GTK_WIDGET (sites), map, 56.2, 10.4, 6, FALSE);
  s14 = frame_ms (GTK_WIDGET (sites), map, 57.045, 10.0, 14, FALSE);
  ro6 = frame_ms (GTK_WIDGET (offline), map, 56.2, 10.4, 6, TRUE);
  ro14 = frame_ms (GTK_WIDGET (offline), map, 57.045, 10.0, 14, TRUE);
  rs6 = frame_ms (GTK_WIDGET (sites), map, 56.2, 10.4, 6, TRUE);
  rs14 = frame_ms (GTK_WIDGET (sites), map, 57.045, 10.0, 14, TRUE);

  printf ("offline basemap frame, 1024×768 (median of 100), against the sites layer with %d sites\n",
          n_sites);
  printf ("zoom 6:  offline %.2f ms, sites %.2f ms, ratio %.2f\n", o6, s6, o6 / s6);
  printf ("zoom 14: offline %.2f ms, sites %.2f ms, ratio %.2f\n", o14, s14, o14 / s14);
  printf ("snapshot and raster into a 1024×768 image:\n");
  printf ("zoom 6:  offline %.2f ms, sites %.2f ms, ratio %.2f\n", ro6, rs6, ro6 / rs6);
  printf ("zoom 14: offline %.2f ms, sites %.2f ms, ratio %.2f\n", ro14, rs14, ro14 / rs14);

  gtk_window_destroy (window);
  iterate ();
  g_clear_object (&project);
  sm_test_rm_rf (dir);
  return 0;
}
