/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawing the sites overlay for one frame (its snapshot, the viewport
 * query included) with 100 000 sites, at zoom 6 (a country, clustered)
 * and zoom 15 (a port), median of 100 frames; beside it the same frame
 * drawn by a ShumateMarkerLayer with one ShumateMarker per site for
 * 10 000 sites, the baseline. Run under Xvfb.
 *
 *   bench-sites-layer [SITES [MARKERS]]   (default 100000 10000)
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>

#include "sm-import.h"
#include "sm-sites-layer.h"
#include "sm-window.h"
#include "sm-test-util.h"

static void
iterate (void)
{
  for (int i = 0; i < 10; i++)
    while (g_main_context_pending (NULL))
      g_main_context_iteration (NULL, FALSE);
}

/* Median time of one snapshot of @layer over 100 frames; each frame moves
 * the view a little, as a pan does, so that nothing is cached per frame */
static double
frame_ms (GtkWidget        *layer,
          ShumateSimpleMap *map,
          double            lat,
          double            lon,
          double            zoom)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (map);
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  shumate_viewport_set_zoom_level (viewport, zoom);
  for (int i = 0; i < 100; i++)
    {
      GtkSnapshot *snapshot;
      GskRenderNode *node;
      gint64 t0;
      double ms;

      shumate_map_center_on (shumate_simple_map_get_map (map), lat + i * 1e-6, lon + i * 1e-6);
      snapshot = gtk_snapshot_new ();
      t0 = g_get_monotonic_time ();
      if (SM_IS_SITES_LAYER (layer))
        GTK_WIDGET_GET_CLASS (layer)->snapshot (layer, snapshot);
      else
        {
          /* A marker layer places every marker widget on each frame of a
           * pan, then draws them: both are the cost */
          GTK_WIDGET_GET_CLASS (layer)->size_allocate (layer, gtk_widget_get_width (layer),
                                                       gtk_widget_get_height (layer), -1);
          GTK_WIDGET_GET_CLASS (layer)->snapshot (layer, snapshot);
        }
      node = gtk_snapshot_free_to_node (snapshot);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (times, ms);
      if (node)
        gsk_render_node_unref (node);
    }
  g_array_sort (times, sm_test_compare_doubles);
  return g_array_index (times, double, 50);
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* From creating the window to its first painted frame, with the bundled
 * sample project: the project is opened and its sites read on the way */
static double
first_frame_ms (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "sample.sqlite", NULL);
  const char *files[][2] = { { "sites.geojson", "sites" }, { "flows-da.csv", "flows" },
                             { "flows-sv.csv", "flows" }, { "network-aalborg.geojson", "network" } };
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  gboolean painted = FALSE;
  SmWindow *window;
  gint64 t0;
  double ms;

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, files[i][0], NULL);
      g_autoptr (SmImportOptions) options = sm_import_options_new (sm_import_kind_from_key (files[i][1]));
      g_autoptr (SmImportResult) result = sm_import_run (project, file, options, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_clear_object (&project);

  t0 = g_get_monotonic_time ();
  window = sm_window_new (NULL);
  if (!sm_window_open_project (window, path, &error))
    g_error ("%s", error->message);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (on_after_paint), &painted);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_signal_handlers_disconnect_by_data (gtk_widget_get_frame_clock (GTK_WIDGET (window)), &painted);
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  return ms;
}

int
main (int   argc,
      char *argv[])
{
  int n_sites = argc > 1 ? atoi (argv[1]) : 100000;
  int n_markers = argc > 2 ? atoi (argv[2]) : 10000;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "sites.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (ShumateMapSourceRegistry) registry = NULL;
  ShumateSimpleMap *map;
  ShumateViewport *viewport;
  GtkWindow *window;
  SmSitesLayer *layer;
  ShumateMarkerLayer *markers;
  sqlite3_stmt *site, *flow;
  double z6, z15, m6, m15;

  gtk_init ();
  adw_init ();
  setlocale (LC_NUMERIC, "C");
  g_random_set_seed (9);
  project = sm_project_create (path, &error);
  g_assert_no_error (error);
  sm_project_begin (project, &error);
  sm_project_suspend_spatial_index (project, "sites", &error);
  sqlite3_prepare_v2 (sm_project_get_db (project),
                      "INSERT INTO sites (name, geom) VALUES ('Site', MakePoint (?, ?, 4326))", -1, &site, NULL);
  sqlite3_prepare_v2 (sm_project_get_db (project),
                      "INSERT INTO flows (site_id, direction, resource, amount, unit) "
                      "VALUES (?, 'supply', 'heat', 100, 'MWh/yr')", -1, &flow, NULL);
  for (int i = 0; i < n_sites; i++)
    {
      /* Denmark, denser around the Port of Aalborg */
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
  sm_project_rebuild_spatial_index (project, "sites", &error);
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
  layer = sm_sites_layer_new (viewport);
  shumate_map_add_layer (shumate_simple_map_get_map (map), SHUMATE_LAYER (layer));
  sm_sites_layer_set_project (layer, project);
  gtk_window_present (window);
  iterate ();

  z6 = frame_ms (GTK_WIDGET (layer), map, 56.2, 10.4, 6);
  z15 = frame_ms (GTK_WIDGET (layer), map, 57.045, 10.0, 15);

  /* The baseline: one marker widget per site */
  gtk_widget_set_visible (GTK_WIDGET (layer), FALSE);
  markers = shumate_marker_layer_new (viewport);
  shumate_map_add_layer (shumate_simple_map_get_map (map), SHUMATE_LAYER (markers));
  for (int i = 0; i < n_markers; i++)
    {
      ShumateMarker *marker = shumate_marker_new ();
      gboolean port = i % 10 == 0;

      shumate_marker_set_child (marker, gtk_image_new_from_icon_name ("media-record-symbolic"));
      shumate_location_set_location (SHUMATE_LOCATION (marker),
                                     port ? 57.02 + g_random_double () * 0.05 : 54.6 + g_random_double () * 3.1,
                                     port ? 9.95 + g_random_double () * 0.1 : 8.1 + g_random_double () * 4.5);
      shumate_marker_layer_add_marker (markers, marker);
    }
  iterate ();
  m6 = frame_ms (GTK_WIDGET (markers), map, 56.2, 10.4, 6);
  m15 = frame_ms (GTK_WIDGET (markers), map, 57.045, 10.0, 15);

  printf ("sites layer, %d sites:              zoom 6 %.2f ms, zoom 15 %.2f ms (goal < 8 ms)\n",
          n_sites, z6, z15);
  printf ("ShumateMarkerLayer, %d markers:     zoom 6 %.2f ms, zoom 15 %.2f ms\n", n_markers, m6, m15);
  printf ("ratio sites layer / marker layer:   zoom 6 %.2f, zoom 15 %.2f\n", z6 / m6, z15 / m15);

  gtk_window_destroy (window);
  {
    double first = first_frame_ms (dir);
    printf ("window with the sample project:     first frame after %.0f ms (goal < 1000 ms)\n", first);
  }
  g_clear_object (&project);
  sm_test_rm_rf (dir);
  return z6 < 8 && z15 < 8 ? 0 : 1;
}
