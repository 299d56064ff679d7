/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offline basemap: land and water in distinct colours where they are,
 * drawn by the cairo renderer (as the report and map images use it) and by
 * the map layer under Xvfb, with no network. Points checked: open
 * Kattegat, the Øresund, inland Jutland and Lund at the sample project's opening view; the
 * Limfjord between Aalborg and Nørresundby and Aalborg's town centre at
 * zoom 13 (positions read off OpenStreetMap).
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <string.h>

#include "sm-basemap.h"
#include "sm-map-image.h"
#include "sm-offline-layer.h"
#include "sm-test-util.h"

typedef struct
{
  double      lat, lon;
  gboolean    water;
  const char *what;
} Place;

static const Place sample_view[] = {
  { 56.70, 11.50, TRUE, "Kattegat" },
  { 56.20, 9.30, FALSE, "inland Jutland" },
  { 55.70, 13.19, FALSE, "Lund, Skåne" },
  { 55.80, 12.75, TRUE, "Øresund" },
};

static const Place aalborg_view[] = {
  { 57.0535, 9.9180, TRUE, "the Limfjord at Aalborg" },
  { 57.0450, 9.9200, FALSE, "Aalborg town centre" },
  { 57.0640, 9.9100, FALSE, "Nørresundby" },
};

static void
get_pixel (cairo_surface_t *surface,
           double           x,
           double           y,
           guint32         *rgb)
{
  int stride = cairo_image_surface_get_stride (surface);
  const guint8 *data = cairo_image_surface_get_data (surface);
  int ix = (int) floor (x), iy = (int) floor (y);

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (iy, <, cairo_image_surface_get_height (surface));
  *rgb = *(const guint32 *) (data + iy * stride + ix * 4) & 0xffffff;
}

static guint32
rgb_of (void (*get) (double *, double *, double *))
{
  double r, g, b;

  get (&r, &g, &b);
  return ((guint32) lround (r * 255) << 16) | ((guint32) lround (g * 255) << 8) | (guint32) lround (b * 255);
}

static void
check_places (cairo_surface_t *surface,
              const SmMapView *view,
              const Place     *places,
              guint            n,
              double           scale)
{
  guint32 water = rgb_of (sm_basemap_get_water_rgb), land = rgb_of (sm_basemap_get_land_rgb);

  g_assert_cmphex (water, !=, land);
  cairo_surface_flush (surface);
  for (guint i = 0; i < n; i++)
    {
      double x, y;
      guint32 rgb;

      sm_map_view_to_pixel (view, places[i].lat, places[i].lon, &x, &y);
      get_pixel (surface, x * scale, y * scale, &rgb);
      if (rgb != (places[i].water ? water : land))
        g_error ("%s (%.4f, %.4f) is #%06x, not %s", places[i].what, places[i].lat, places[i].lon, rgb,
                 places[i].water ? "water" : "land");
    }
}

static SmBasemap *
basemap (void)
{
  g_autoptr (GError) error = NULL;
  SmBasemap *b = sm_basemap_get_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (b);
  g_assert_cmpuint (sm_basemap_count_pieces (b), >, 0);
  return b;
}

/* The cairo renderer alone: no display needed */
static void
test_renderer (void)
{
  SmBasemap *b = basemap ();
  struct { const Place *places; guint n; double lat, lon, zoom; } views[] = {
    /* The sample's extent (Aalborg to Helsingborg), as the window opens it */
    { sample_view, G_N_ELEMENTS (sample_view), 56.0, 11.2, 7 },
    { aalborg_view, G_N_ELEMENTS (aalborg_view), 57.05, 9.92, 13 },
  };

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1024, 768);
      cairo_t *cr = cairo_create (surface);
      SmMapView view;

      sm_map_view_init (&view, views[v].lat, views[v].lon, views[v].zoom, 1024, 768);
      sm_basemap_draw (b, cr, &view);
      cairo_destroy (cr);
      check_places (surface, &view, views[v].places, views[v].n, 1);
      cairo_surface_destroy (surface);
    }
}

static void
iterate (void)
{
  for (int i = 0; i < 20; i++)
    while (g_main_context_pending (NULL))
      g_main_context_iteration (NULL, FALSE);
}

/* The map layer: what it snapshots, rendered by cairo */
static void
test_layer (void)
{
  g_autoptr (ShumateMapSourceRegistry) registry = shumate_map_source_registry_new_with_defaults ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  ShumateSimpleMap *map = shumate_simple_map_new ();
  ShumateViewport *viewport = shumate_simple_map_get_viewport (map);
  SmOfflineLayer *layer;
  struct { const Place *places; guint n; double lat, lon, zoom; } views[] = {
    { sample_view, G_N_ELEMENTS (sample_view), 56.0, 11.2, 7 },
    { aalborg_view, G_N_ELEMENTS (aalborg_view), 57.05, 9.92, 13 },
  };

  shumate_viewport_set_reference_map_source (viewport,
    shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  gtk_window_set_default_size (window, 800, 600);
  gtk_window_set_child (window, GTK_WIDGET (map));
  layer = sm_offline_layer_new (viewport);
  shumate_map_add_layer (shumate_simple_map_get_map (map), SHUMATE_LAYER (layer));
  gtk_window_present (window);
  for (int i = 0; i < 500 && !sm_offline_layer_is_ready (layer); i++)
    {
      iterate ();
      g_usleep (10000);
    }
  g_assert_true (sm_offline_layer_is_ready (layer));

  for (guint v = 0; v < G_N_ELEMENTS (views); v++)
    {
      int w, h;
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      GskRenderNode *node;
      cairo_surface_t *surface;
      cairo_t *cr;
      SmMapView view;

      shumate_viewport_set_zoom_level (viewport, views[v].zoom);
      shumate_map_center_on (shumate_simple_map_get_map (map), views[v].lat, views[v].lon);
      iterate ();
      w = gtk_widget_get_width (GTK_WIDGET (layer));
      h = gtk_widget_get_height (GTK_WIDGET (layer));
      g_assert_cmpint (w, >, 0);
      GTK_WIDGET_GET_CLASS (layer)->snapshot (GTK_WIDGET (layer), snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      g_assert_nonnull (node);
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
      cr = cairo_create (surface);
      gsk_render_node_draw (node, cr);
      cairo_destroy (cr);
      gsk_render_node_unref (node);
      /* Where the viewport puts the places */
      sm_map_view_init (&view, shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                        shumate_location_get_longitude (SHUMATE_LOCATION (viewport)),
                        shumate_viewport_get_zoom_level (viewport), w, h);
      for (guint i = 0; i < views[v].n; i++)
        {
          double x, y, vx, vy;

          sm_map_view_to_pixel (&view, views[v].places[i].lat, views[v].places[i].lon, &x, &y);
          shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (layer),
                                                      views[v].places[i].lat, views[v].places[i].lon,
                                                      &vx, &vy);
          /* Our projection and libshumate's agree to a pixel */
          g_assert_cmpfloat (fabs (x - vx), <, 1.0);
          g_assert_cmpfloat (fabs (y - vy), <, 1.0);
        }
      check_places (surface, &view, views[v].places, views[v].n, 1);
      cairo_surface_destroy (surface);
    }
  gtk_window_destroy (window);
  iterate ();
}

/* Export Map Image: the view at twice its size, the site in its legend
 * colour where it is, water and land around it; and as PDF */
static void
test_map_image (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autofree char *png = g_build_filename (dir, "map.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "map.pdf", NULL);
  g_autofree char *listing = NULL, *head = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  SmSite site = { .name = "Aalborg Portland", .lat = 57.0440, .lon = 9.9931 };
  SmFlow flow = { .direction = SM_DIRECTION_SUPPLY, .resource = SM_RESOURCE_HEAT, .amount = 100,
                  .unit = "MWh/yr", .temperature_c = NAN, .hours_per_year = NAN };
  SmMapImageOptions options = { 57.05, 9.95, 12, 400, 300, 2, 0, SM_MAP_IMAGE_PNG };
  cairo_surface_t *image;
  SmMapView view;
  double x, y;
  guint32 rgb;

  g_assert_no_error (error);
  flow.site_id = sm_project_insert_site (project, &site, 0, &error);
  g_assert_no_error (error);
  sm_project_insert_flow (project, &flow, 0, &error);
  g_assert_no_error (error);

  g_assert_true (sm_map_image_write (project, png, &options, &error));
  g_assert_no_error (error);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 600);
  sm_map_view_init (&view, options.lat, options.lon, options.zoom, options.width, options.height);
  sm_map_view_to_pixel (&view, site.lat, site.lon, &x, &y);
  get_pixel (image, x * 2, y * 2, &rgb);
  g_assert_cmphex (rgb, ==, sm_resource_get_color (SM_RESOURCE_HEAT));
  check_places (image, &view, aalborg_view, G_N_ELEMENTS (aalborg_view), 2);
  cairo_surface_destroy (image);

  options.format = SM_MAP_IMAGE_PDF;
  g_assert_true (sm_map_image_write (project, pdf, &options, &error));
  g_assert_true (g_file_get_contents (pdf, &head, NULL, NULL));
  g_assert_true (g_str_has_prefix (head, "%PDF"));
  listing = sm_test_dir_listing (dir);
  g_assert_null (strstr (listing, ".png."));
  g_assert_null (strstr (listing, ".pdf."));
  g_clear_object (&project);
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/offline/renderer", test_renderer);
  g_test_add_func ("/offline/layer", test_layer);
  g_test_add_func ("/offline/map-image", test_map_image);
  return g_test_run ();
}
