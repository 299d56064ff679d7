/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window as a shell: live updates from other connections, matching in
 * a worker thread, editing with undo, folded search, and the small things
 * of issue 15 (radius per resource, the flow in the Matches header,
 * Escape from anywhere, the sidebar's width, the shortcuts window).
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>
#include <shumate/shumate.h>

#include "sm-flow-editor.h"
#include "sm-project-edit.h"
#include "sm-site-editor.h"
#include "sm-test-util.h"
#include "sm-window-private.h"

typedef struct
{
  char      *dir;
  char      *path;
  SmWindow  *window;
  SmProject *project; /* the window's */
  gint64     portland, dairy, greenhouse, brewery;
  gint64     heat_supply, heat_supply_2, heat_demand, co2_supply;
} Fixture;

static void
iterate (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

typedef gboolean (*Condition) (Fixture *f);

/* Runs the main loop until @cond holds; FALSE after 30 s (a failed test,
 * not a measured time) */
static gboolean
run_until (Fixture   *f,
           Condition  cond)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!cond (f))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gint64
add_site (SmProject  *project,
          const char *name,
          double      lat,
          double      lon)
{
  g_autoptr (GError) error = NULL;
  SmSite site = { .name = (char *) name, .lat = lat, .lon = lon };
  gint64 id = sm_project_add_site (project, &site, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
add_flow (SmProject   *project,
          gint64       site_id,
          SmDirection  direction,
          SmResource   resource,
          double       amount,
          double       temperature_c)
{
  g_autoptr (GError) error = NULL;
  SmFlow flow = { .site_id = site_id, .direction = direction, .resource = resource,
                  .amount = amount, .temperature_c = temperature_c, .hours_per_year = NAN };
  gint64 id = sm_project_add_flow (project, &flow, &error);

  g_assert_no_error (error);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = NULL;

  f->dir = sm_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "aalborg.sqlite", NULL);
  project = sm_project_create (f->path, &error);
  g_assert_no_error (error);
  /* Aalborg East: a cement works with two heat supplies, a dairy and a
   * greenhouse that need heat, a brewery that needs CO2 */
  f->portland = add_site (project, "Aalborg Portland", 57.0430, 9.9900);
  f->dairy = add_site (project, "Østergaard Mejeri", 57.0470, 10.0200);
  f->greenhouse = add_site (project, "Ærø Gartneri", 57.0380, 10.0400);
  f->brewery = add_site (project, "Bryggeriet Vestfyen", 57.0500, 9.9700);
  f->heat_supply = add_flow (project, f->portland, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 120000, 85);
  f->heat_supply_2 = add_flow (project, f->portland, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 30000, 45);
  f->heat_demand = add_flow (project, f->dairy, SM_DIRECTION_DEMAND, SM_RESOURCE_HEAT, 8000, 70);
  add_flow (project, f->greenhouse, SM_DIRECTION_DEMAND, SM_RESOURCE_HEAT, 5000, 60);
  f->co2_supply = add_flow (project, f->portland, SM_DIRECTION_SUPPLY, SM_RESOURCE_CO2, 4000, NAN);
  add_flow (project, f->brewery, SM_DIRECTION_DEMAND, SM_RESOURCE_CO2, 500, NAN);
  g_clear_object (&project);

  /* No tiles: tests use no network */
  {
    g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
    g_settings_set_string (settings, "basemap", "none");
  }
  f->window = g_object_ref_sink (sm_window_new (NULL));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (sm_window_open_project (f->window, f->path, &error));
  g_assert_no_error (error);
  f->project = sm_window_get_project (f->window);
  iterate ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
  g_clear_object (&f->window);
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gboolean
matches_found (Fixture *f)
{
  return !sm_matches_panel_get_running (f->window->matches_panel)
         && g_list_model_get_n_items (sm_matches_panel_get_model (f->window->matches_panel)) > 0;
}

static SmSynergy *
match_at (Fixture *f,
          guint    i)
{
  g_autoptr (SmMatch) match = g_list_model_get_item (sm_matches_panel_get_model (f->window->matches_panel), i);

  g_assert_nonnull (match);
  return sm_match_get (match);
}

static void
show_matches (Fixture *f,
              gint64   flow_id)
{
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-site", "x", f->portland);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-matches", "x", flow_id);
  g_assert_true (run_until (f, matches_found));
}

/* A little-endian WKB LINESTRING */
static GByteArray *
wkb_line (const double *lonlat,
          guint         n)
{
  GByteArray *wkb = g_byte_array_new ();
  guint8 order = 1;
  guint32 type = GUINT32_TO_LE (2), count = GUINT32_TO_LE (n);

  g_byte_array_append (wkb, &order, 1);
  g_byte_array_append (wkb, (guint8 *) &type, 4);
  g_byte_array_append (wkb, (guint8 *) &count, 4);
  for (guint i = 0; i < 2 * n; i++)
    g_byte_array_append (wkb, (guint8 *) &lonlat[i], 8);
  return wkb;
}

static gboolean
network_drawn (Fixture *f)
{
  return sm_network_layer_count_drawn (f->window->network_layer) > 0;
}

/* A network written by another connection (an import in a thread, or
 * another program) while the window is open is drawn and used by the
 * next route */
static void
test_network_imported_while_open (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) other = sm_project_open (f->path, &error);
  /* A road from the cement works north-east to the dairy, with a bend */
  static const double road[] = { 9.9900, 57.0430, 10.0050, 57.0600, 10.0200, 57.0470 };
  g_autoptr (GByteArray) wkb = wkb_line (road, 3);

  g_assert_no_error (error);
  show_matches (f, f->heat_supply);
  for (guint i = 0; i < g_list_model_get_n_items (sm_matches_panel_get_model (f->window->matches_panel)); i++)
    g_assert_cmpstr (match_at (f, i)->route_method, ==, "detour-factor");
  sm_window_zoom_to_project (f->window);
  iterate ();
  g_assert_cmpuint (sm_network_layer_count_drawn (f->window->network_layer), ==, 0);

  g_assert_true (sm_project_begin (other, &error));
  g_assert_cmpint (sm_project_insert_network_edge (other, "Vej", "road", wkb->data, wkb->len, 0,
                                                   &error), >, 0);
  g_assert_true (sm_project_commit (other, &error));
  g_assert_no_error (error);

  /* The watch sees the other connection's commit: the layer draws it */
  g_assert_true (run_until (f, network_drawn));
  /* The open match list was found again, along the new road */
  g_assert_true (run_until (f, matches_found));
  {
    gboolean along_network = FALSE;

    for (guint i = 0; i < g_list_model_get_n_items (sm_matches_panel_get_model (f->window->matches_panel)); i++)
      if (match_at (f, i)->site_id == f->dairy)
        along_network = g_str_equal (match_at (f, i)->route_method, "network");
    g_assert_true (along_network);
  }
}

static gint64 wanted_supply, wanted_demand;
static double detour_before;

static gboolean
refound_with_new_detour (Fixture *f)
{
  SmMatch *selected = sm_matches_panel_get_selected (f->window->matches_panel);

  return matches_found (f) && selected != NULL
         && fabs (sm_match_get (selected)->route_m - detour_before) > 1;
}

/* A setting changed as Preferences changes it (through the same
 * connection, without a signal) updates the open list and keeps the
 * selected match */
static void
test_setting_updates_matches (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  SmSynergy *m;

  show_matches (f, f->heat_supply);
  g_assert_cmpuint (g_list_model_get_n_items (sm_matches_panel_get_model (f->window->matches_panel)), ==, 2);
  /* The second row, not the first: a refresh must not fall back to it */
  g_assert_true (sm_matches_panel_select (f->window->matches_panel, 1));
  m = sm_match_get (sm_matches_panel_get_selected (f->window->matches_panel));
  wanted_supply = m->supply_flow_id;
  wanted_demand = m->demand_flow_id;
  detour_before = m->route_m;

  g_assert_true (sm_project_set_setting (f->project, "route.detour_factor", "2.5", &error));
  g_assert_no_error (error);
  g_assert_true (run_until (f, refound_with_new_detour));
  m = sm_match_get (sm_matches_panel_get_selected (f->window->matches_panel));
  g_assert_cmpint (m->supply_flow_id, ==, wanted_supply);
  g_assert_cmpint (m->demand_flow_id, ==, wanted_demand);
  g_assert_cmpfloat (m->route_m, >, detour_before);
}

static char *
site_name (Fixture *f,
           gint64   site_id)
{
  g_autoptr (SmSite) site = sm_project_get_site (f->project, site_id, NULL);

  return site ? g_strdup (site->name) : NULL;
}

/* An edit in the site form, undone and redone */
static void
test_edit_undo_redo (Fixture       *f,
                     gconstpointer  data)
{
  SmSiteEditor *editor;
  g_autofree char *name = NULL;

  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (f->window)) && FALSE);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-site", "x", f->dairy);
  editor = sm_site_editor_new (GTK_WINDOW (f->window), f->project, f->window->undo, f->dairy, 0, 0);
  /* No name: refused in the form, nothing written */
  sm_site_editor_set_field (editor, "name", "  ");
  g_assert_false (sm_site_editor_save (editor));
  name = site_name (f, f->dairy);
  g_assert_cmpstr (name, ==, "Østergaard Mejeri");
  g_clear_pointer (&name, g_free);

  sm_site_editor_set_field (editor, "name", "Arla Østergaard");
  sm_site_editor_set_field (editor, "lat", "57,0480");
  g_assert_true (sm_site_editor_save (editor));
  iterate ();
  name = site_name (f, f->dairy);
  g_assert_cmpstr (name, ==, "Arla Østergaard");
  g_clear_pointer (&name, g_free);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  name = site_name (f, f->dairy);
  g_assert_cmpstr (name, ==, "Østergaard Mejeri");
  g_clear_pointer (&name, g_free);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL);
  name = site_name (f, f->dairy);
  g_assert_cmpstr (name, ==, "Arla Østergaard");
  g_clear_pointer (&name, g_free);

  /* Deleting the site, undone: it comes back with its flow */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-site", NULL);
  g_assert_null (site_name (f, f->dairy));
  g_assert_cmpuint (sm_site_panel_get_site_id (f->window->site_panel), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  name = site_name (f, f->dairy);
  g_assert_cmpstr (name, ==, "Arla Østergaard");
  {
    g_autoptr (SmFlow) flow = sm_project_get_flow (f->project, f->heat_demand, NULL);
    g_assert_nonnull (flow);
  }
}

static const char *
first_result (Fixture *f)
{
  GListModel *model = sm_search_panel_get_model (f->window->search_panel);
  g_autoptr (SmSiteItem) item = g_list_model_get_item (model, 0);

  return item ? sm_site_item_get (item)->name : NULL;
}

static void
test_search_folds (Fixture       *f,
                   gconstpointer  data)
{
  static const char *texts[] = { "øster", "OSTER", "Øster", "ostergaard" };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      sm_search_panel_set_text (f->window->search_panel, texts[i]);
      g_assert_cmpuint (g_list_model_get_n_items (sm_search_panel_get_model (f->window->search_panel)), ==, 1);
      g_assert_cmpstr (first_result (f), ==, "Østergaard Mejeri");
    }
  sm_search_panel_set_text (f->window->search_panel, "aero");
  g_assert_cmpstr (first_result (f), ==, "Ærø Gartneri");
  sm_search_panel_set_text (f->window->search_panel, "zzz");
  g_assert_cmpuint (g_list_model_get_n_items (sm_search_panel_get_model (f->window->search_panel)), ==, 0);
}

/* Matching runs in a worker: a find that waits for the main loop to turn
 * five times finishes only if the loop runs while it waits */
static gint ticks;
static gint released;

static gboolean
tick (gpointer data)
{
  /* Enough turns: a high-priority source must not starve the rest */
  return g_atomic_int_add (&ticks, 1) + 1 < 5 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static GPtrArray *
slow_find (SmProject            *project,
           gint64                flow_id,
           const SmMatchOptions *options,
           GError              **error)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&ticks) < 5 && g_get_monotonic_time () < end)
    g_usleep (1000);
  g_atomic_int_set (&released, g_atomic_int_get (&ticks) >= 5);
  return sm_synergy_find (project, flow_id, options, error);
}

static void
test_matching_does_not_block (Fixture       *f,
                              gconstpointer  data)
{
  sm_matches_panel_set_find_func (f->window->matches_panel, slow_find);
  g_atomic_int_set (&ticks, 0);
  /* A turn of the main loop, whatever else is ready */
  g_timeout_add_full (G_PRIORITY_HIGH, 1, tick, NULL, NULL);
  show_matches (f, f->heat_supply);
  g_assert_true (g_atomic_int_get (&released));
  g_assert_cmpint (g_atomic_int_get (&ticks), >=, 5);
}

/* The radius is kept per resource; the header names the flow */
static void
test_radius_per_resource (Fixture       *f,
                          gconstpointer  data)
{
  SmMatchesPanel *panel = f->window->matches_panel;

  show_matches (f, f->co2_supply);
  g_assert_cmpfloat (sm_matches_panel_get_radius_km (panel), ==, sm_match_default_radius_km (SM_RESOURCE_CO2));
  sm_matches_panel_set_radius_km (panel, 40);
  show_matches (f, f->heat_supply);
  g_assert_cmpfloat (sm_matches_panel_get_radius_km (panel), ==, sm_match_default_radius_km (SM_RESOURCE_HEAT));
  g_assert_cmpfloat (sm_match_default_radius_km (SM_RESOURCE_HEAT), !=, 40);
  show_matches (f, f->co2_supply);
  g_assert_cmpfloat (sm_matches_panel_get_radius_km (panel), ==, 40);
}

static void
test_header_names_flow (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  show_matches (f, f->heat_supply);
  first = sm_matches_panel_dup_heading (f->window->matches_panel);
  show_matches (f, f->heat_supply_2);
  second = sm_matches_panel_dup_heading (f->window->matches_panel);
  /* The site's two heat supplies are told apart */
  g_assert_nonnull (strstr (first, "Aalborg Portland"));
  g_assert_nonnull (strstr (second, "Aalborg Portland"));
  g_assert_cmpstr (first, !=, second);
  g_assert_nonnull (strstr (first, "85"));
  g_assert_nonnull (strstr (second, "45"));
}

/* Escape with the focus in the search entry closes the matches, then the
 * site */
static void
test_escape_from_anywhere (Fixture       *f,
                           gconstpointer  data)
{
  show_matches (f, f->heat_supply);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL);
  iterate ();
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.escape", NULL);
  g_assert_cmpint (sm_matches_panel_get_flow_id (f->window->matches_panel), ==, 0);
  g_assert_cmpint (sm_site_panel_get_site_id (f->window->site_panel), ==, f->portland);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.escape", NULL);
  g_assert_cmpint (sm_site_panel_get_site_id (f->window->site_panel), ==, 0);
  /* Back on the map, which can show its focus */
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (sm_window_get_map (f->window))));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (sm_window_get_map (f->window))));
}

static gboolean
allocated (Fixture *f)
{
  return gtk_widget_get_width (f->window->sidebar_box) > 0;
}

/* The sidebar keeps its width on a large screen */
static void
test_sidebar_width (Fixture       *f,
                    gconstpointer  data)
{
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1920, 1080);
  gtk_window_unmaximize (GTK_WINDOW (f->window));
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-site", "x", f->portland);
  g_assert_true (run_until (f, allocated));
  g_assert_cmpint (gtk_widget_get_width (f->window->sidebar_box), >=, 360);
  g_assert_cmpint (gtk_widget_get_width (f->window->sidebar_box), <=, 440);
  /* Not a narrow box centred in a wide flap either */
  g_assert_cmpint (gtk_widget_get_width (adw_flap_get_flap (f->window->flap)), <=, 440);
}

/* Fitting the project leaves every site clear of the map's edges */
static void
test_fit_with_margin (Fixture       *f,
                      gconstpointer  data)
{
  ShumateMap *map = sm_window_get_map (f->window);
  ShumateViewport *viewport = shumate_map_get_viewport (map);
  g_autoptr (GPtrArray) sites = NULL;

  g_assert_true (run_until (f, allocated));
  sm_window_zoom_to_project (f->window);
  iterate ();
  sites = sm_project_list_sites (f->project, NULL);
  for (guint i = 0; i < sites->len; i++)
    {
      SmSite *site = g_ptr_array_index (sites, i);
      double x, y;

      shumate_viewport_location_to_widget_coords (viewport, GTK_WIDGET (map), site->lat, site->lon,
                                                  &x, &y);
      g_assert_cmpfloat (x, >=, 32);
      g_assert_cmpfloat (y, >=, 32);
      g_assert_cmpfloat (x, <=, gtk_widget_get_width (GTK_WIDGET (map)) - 32);
      g_assert_cmpfloat (y, <=, gtk_widget_get_height (GTK_WIDGET (map)) - 32);
    }
}

/* The Exchanges view lists what is recorded, filters by status and saves a
 * note of several lines */
static void
test_exchanges_view (Fixture       *f,
                     gconstpointer  data)
{
  GListModel *model = sm_exchanges_panel_get_model (f->window->exchanges_panel);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = NULL;
  SmExchangeRecord *x;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpint (sm_project_insert_exchange (f->project, f->heat_supply, f->heat_demand,
                                               SM_STATUS_CONTACTED, NULL, &error), >, 0);
  sm_project_emit_changed (f->project);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-exchanges", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  sm_exchanges_panel_set_filter (f->window->exchanges_panel, SM_STATUS_OPERATIONAL);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  sm_exchanges_panel_set_filter (f->window->exchanges_panel, SM_STATUS_CONTACTED);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  {
    g_autoptr (SmExchangeItem) item = g_list_model_get_item (model, 0);

    g_assert_true (sm_project_set_exchange_note (f->project, sm_exchange_item_get (item)->exchange_id,
                                                 SM_STATUS_NEGOTIATING, "First line\nSecond line",
                                                 &error));
  }
  sm_project_emit_changed (f->project);
  /* Filtered out now; all statuses shows it with both lines */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  sm_exchanges_panel_set_filter (f->window->exchanges_panel, -1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  {
    g_autoptr (SmExchangeItem) item = g_list_model_get_item (model, 0);

    x = sm_exchange_item_get (item);
    g_assert_cmpstr (x->note, ==, "First line\nSecond line");
    g_assert_cmpint (x->status, ==, SM_STATUS_NEGOTIATING);
    g_assert_nonnull (x->created_at);
  }
}

static GtkWidget *
find_text_view (GtkWidget *widget)
{
  if (GTK_IS_TEXT_VIEW (widget) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text_view (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
note_shown (Fixture *f)
{
  return find_text_view (GTK_WIDGET (f->window->exchanges_panel)) != NULL;
}

/* A change to the project while a note is being typed waits until the
 * note loses the focus, so nothing typed is thrown away */
static void
test_exchange_note_kept (Fixture       *f,
                         gconstpointer  data)
{
  GListModel *model = sm_exchanges_panel_get_model (f->window->exchanges_panel);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmExchangeItem) shown = NULL;
  GtkWidget *note;

  sm_project_insert_exchange (f->project, f->heat_supply, f->heat_demand, SM_STATUS_IDEA, NULL,
                              &error);
  sm_project_emit_changed (f->project);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-exchanges", NULL);
  sm_exchanges_panel_expand (f->window->exchanges_panel, 0);
  g_assert_true (run_until (f, note_shown));
  note = find_text_view (GTK_WIDGET (f->window->exchanges_panel));
  g_assert_nonnull (note);
  g_assert_true (gtk_widget_grab_focus (note));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note)), "Half a thought", -1);
  shown = g_list_model_get_item (model, 0);

  sm_project_emit_changed (f->project);
  g_assert_true (sm_exchanges_panel_get_reload_pending (f->window->exchanges_panel));
  {
    g_autoptr (SmExchangeItem) still = g_list_model_get_item (model, 0);
    g_assert_true (still == shown);
  }
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.find", NULL);
  iterate ();
  g_assert_false (sm_exchanges_panel_get_reload_pending (f->window->exchanges_panel));
  {
    g_autoptr (SmExchangeItem) reloaded = g_list_model_get_item (model, 0);
    g_assert_true (reloaded != shown);
  }
}

/* A flow added through the form, with a Danish number, undone */
static void
test_flow_form (Fixture       *f,
                gconstpointer  data)
{
  SmFlowEditor *editor;
  g_autoptr (GPtrArray) before = sm_project_list_flows (f->project, f->brewery, NULL);
  g_autoptr (GPtrArray) after = NULL;
  SmFlow *added = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.select-site", "x", f->brewery);
  editor = sm_flow_editor_new (GTK_WINDOW (f->window), f->project, f->window->undo, f->brewery, 0);
  sm_flow_editor_set_field (editor, "direction", "demand");
  sm_flow_editor_set_field (editor, "resource", "heat");
  sm_flow_editor_set_field (editor, "amount", "many");
  g_assert_false (sm_flow_editor_save (editor));
  sm_flow_editor_set_field (editor, "amount", "12 500,5");
  sm_flow_editor_set_field (editor, "temperature", "65");
  g_assert_true (sm_flow_editor_save (editor));
  after = sm_project_list_flows (f->project, f->brewery, NULL);
  g_assert_cmpuint (after->len, ==, before->len + 1);
  for (guint i = 0; i < after->len; i++)
    if (((SmFlow *) g_ptr_array_index (after, i))->resource == SM_RESOURCE_HEAT)
      added = g_ptr_array_index (after, i);
  g_assert_nonnull (added);
  g_assert_cmpfloat (added->amount, ==, 12500.5);
  g_assert_cmpfloat (added->temperature_c, ==, 65);
  /* The site panel lists it */
  g_assert_cmpuint (g_list_model_get_n_items (sm_site_panel_get_flows (f->window->site_panel)), ==,
                    after->len);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_clear_pointer (&after, g_ptr_array_unref);
  after = sm_project_list_flows (f->project, f->brewery, NULL);
  g_assert_cmpuint (after->len, ==, before->len);
  g_assert_cmpuint (g_list_model_get_n_items (sm_site_panel_get_flows (f->window->site_panel)), ==,
                    before->len);
}

/* Panning a little draws the network from memory */
static void
test_network_cached (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  static const double road[] = { 9.9900, 57.0430, 10.0200, 57.0470 };
  g_autoptr (GByteArray) wkb = wkb_line (road, 2);
  ShumateMap *map = sm_window_get_map (f->window);
  guint reads;

  g_assert_cmpint (sm_project_insert_network_edge (f->project, "Vej", "road", wkb->data, wkb->len,
                                                   0, &error), >, 0);
  sm_project_emit_changed (f->project);
  sm_window_zoom_to_project (f->window);
  g_assert_true (run_until (f, network_drawn));
  reads = sm_network_layer_count_reads (f->window->network_layer);
  for (int i = 0; i < 5; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (f->window), "win.pan", "(dd)", 0.2, 0.0);
      iterate ();
      gtk_widget_queue_draw (GTK_WIDGET (f->window->network_layer));
      iterate ();
    }
  (void) map;
  g_assert_cmpuint (sm_network_layer_count_reads (f->window->network_layer), <=, reads + 1);
  /* A change to the project reads again */
  sm_project_emit_changed (f->project);
  gtk_widget_queue_draw (GTK_WIDGET (f->window->network_layer));
  g_assert_true (run_until (f, network_drawn));
}

/* Every shortcut the window has is in the Keyboard Shortcuts window */
static void
test_shortcuts_window (void)
{
  g_autoptr (GBytes) bytes = g_resources_lookup_data ("/io/github/symbiomap/Symbiomap/gtk/help-overlay.ui",
                                                      0, NULL);
  const char *text;
  static const char *needed[] = {
    "&lt;Control&gt;f", "&lt;Control&gt;comma", "Escape", "Left", "Up", "&lt;Control&gt;z",
    "&lt;Control&gt;&lt;Shift&gt;z", "F9", "&lt;Control&gt;&lt;Shift&gt;e", "plus",
  };

  g_type_ensure (SM_TYPE_WINDOW);
  g_assert_nonnull (bytes);
  text = g_bytes_get_data (bytes, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (needed); i++)
    {
      if (strstr (text, needed[i]) == NULL)
        g_error ("The shortcuts window lacks %s", needed[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add ("/shell/network-imported-while-open", Fixture, NULL, fixture_set_up,
              test_network_imported_while_open, fixture_tear_down);
  g_test_add ("/shell/setting-updates-matches", Fixture, NULL, fixture_set_up,
              test_setting_updates_matches, fixture_tear_down);
  g_test_add ("/shell/edit-undo-redo", Fixture, NULL, fixture_set_up, test_edit_undo_redo,
              fixture_tear_down);
  g_test_add ("/shell/search-folds", Fixture, NULL, fixture_set_up, test_search_folds,
              fixture_tear_down);
  g_test_add ("/shell/matching-does-not-block", Fixture, NULL, fixture_set_up,
              test_matching_does_not_block, fixture_tear_down);
  g_test_add ("/shell/radius-per-resource", Fixture, NULL, fixture_set_up,
              test_radius_per_resource, fixture_tear_down);
  g_test_add ("/shell/header-names-flow", Fixture, NULL, fixture_set_up, test_header_names_flow,
              fixture_tear_down);
  g_test_add ("/shell/escape-from-anywhere", Fixture, NULL, fixture_set_up,
              test_escape_from_anywhere, fixture_tear_down);
  g_test_add ("/shell/sidebar-width", Fixture, NULL, fixture_set_up, test_sidebar_width,
              fixture_tear_down);
  g_test_add ("/shell/fit-with-margin", Fixture, NULL, fixture_set_up, test_fit_with_margin,
              fixture_tear_down);
  g_test_add ("/shell/exchanges-view", Fixture, NULL, fixture_set_up, test_exchanges_view,
              fixture_tear_down);
  g_test_add ("/shell/exchange-note-kept", Fixture, NULL, fixture_set_up, test_exchange_note_kept,
              fixture_tear_down);
  g_test_add ("/shell/flow-form", Fixture, NULL, fixture_set_up, test_flow_form,
              fixture_tear_down);
  g_test_add ("/shell/network-cached", Fixture, NULL, fixture_set_up, test_network_cached,
              fixture_tear_down);
  g_test_add_func ("/shell/shortcuts-window", test_shortcuts_window);
  return g_test_run ();
}
