/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <shumate/shumate.h>

#include "sm-test-util.h"
#include "sm-window.h"

static void
iterate_main_loop (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_child_of_type (GtkWidget *widget,
                    GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child_of_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkStack *
find_content_stack (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), "empty"))
    return GTK_STACK (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkStack *found = find_content_stack (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_empty (void)
{
  SmWindow *window = g_object_ref_sink (sm_window_new (NULL));
  GtkStack *stack;

  gtk_window_present (GTK_WINDOW (window));
  iterate_main_loop ();
  g_assert_null (sm_window_get_project (window));
  stack = find_content_stack (GTK_WIDGET (window));
  g_assert_nonnull (stack);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_window_open_project (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "kalundborg.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  SmSite a = { .name = (char *) "Novo Nordisk", .lat = 55.6740, .lon = 11.0950 };
  SmSite b = { .name = (char *) "Asnæsværket", .lat = 55.6610, .lon = 11.0780 };
  SmWindow *window;
  GtkStack *stack;
  GtkWidget *title, *map;
  ShumateViewport *viewport;
  double lat, lon;

  project = sm_project_create (path, &error);
  g_assert_no_error (error);
  sm_project_insert_site (project, &a, 0, &error);
  sm_project_insert_site (project, &b, 0, &error);
  g_assert_no_error (error);
  g_clear_object (&project);

  window = g_object_ref_sink (sm_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sm_window_open_project (window, path, &error));
  g_assert_no_error (error);
  iterate_main_loop ();

  stack = find_content_stack (GTK_WIDGET (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "map");
  title = find_child_of_type (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE);
  g_assert_cmpstr (adw_window_title_get_subtitle (ADW_WINDOW_TITLE (title)), ==,
                   "kalundborg.sqlite");

  /* Centred on the project's extent, at a zoom where both sites show */
  map = find_child_of_type (GTK_WIDGET (window), SHUMATE_TYPE_MAP);
  viewport = shumate_map_get_viewport (SHUMATE_MAP (map));
  lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  g_assert_cmpfloat_with_epsilon (lat, (55.6740 + 55.6610) / 2, 0.01);
  g_assert_cmpfloat_with_epsilon (lon, (11.0950 + 11.0780) / 2, 0.01);
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), >=, 11);
  g_assert_cmpfloat (shumate_viewport_get_zoom_level (viewport), <=, 16);

  /* Opening a non-project fails and keeps the open project */
  g_assert_false (sm_window_open_project (window, "/nonexistent/x.sqlite", &error));
  g_assert_nonnull (error);
  g_assert_nonnull (sm_window_get_project (window));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
  sm_test_rm_rf (dir);
}

static guint
count_base_layers (SmWindow *window)
{
  g_autoptr (GPtrArray) found = g_ptr_array_new ();
  GtkWidget *map = find_child_of_type (GTK_WIDGET (window), SHUMATE_TYPE_MAP);
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (map); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += SHUMATE_IS_MAP_LAYER (child);
  return n;
}

/* The basemap setting chooses the layer under the overlays; none is none */
static void
test_window_basemap (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  struct { const char *kind; guint layers; } cases[] = { { "none", 0 }, { "osm", 1 }, { "xyz", 1 },
                                                           { "mbtiles", 0 } };

  g_settings_set_string (settings, "basemap-url", "http://127.0.0.1:9/{z}/{x}/{y}.png");
  g_settings_set_string (settings, "basemap-file", "/nonexistent.mbtiles");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SmWindow *window;

      g_settings_set_string (settings, "basemap", cases[i].kind);
      window = g_object_ref_sink (sm_window_new (NULL));
      gtk_window_present (GTK_WINDOW (window));
      iterate_main_loop ();
      g_test_message ("basemap %s", cases[i].kind);
      g_assert_cmpuint (count_base_layers (window), ==, cases[i].layers);
      gtk_window_destroy (GTK_WINDOW (window));
      iterate_main_loop ();
      g_assert_finalize_object (window);
    }
  g_settings_reset (settings, "basemap");
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/empty", test_window_empty);
  g_test_add_func ("/window/open-project", test_window_open_project);
  g_test_add_func ("/window/basemap", test_window_basemap);

  return g_test_run ();
}
