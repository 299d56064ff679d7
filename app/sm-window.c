/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: a map with its layers, and a sidebar of panels (search,
 * matches, the selected site, layers; exchanges) that get the project
 * through a property and reach the window through its actions
 * (sm-window-actions.c). See docs/ARCHITECTURE.md.
 */
#define G_LOG_DOMAIN "sm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-db.h"
#include "sm-import-dialog.h"
#include "sm-map-fit.h"
#include "sm-project-query.h"
#include "sm-resources.h"
#include "sm-window-private.h"
#include "sm-window-shared.h"

G_DEFINE_FINAL_TYPE (SmWindow, sm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How often the project file is looked at for changes by others */
#define WATCH_INTERVAL_MS 1000


ShumateMap *
sm_window_get_map (SmWindow *self)
{
  return shumate_simple_map_get_map (self->simple_map);
}

/**
 * sm_window_select_site:
 * @self: a window
 * @site_id: the site to show in the sidebar, or 0 for none
 */
void
sm_window_select_site (SmWindow *self,
                       gint64    site_id)
{
  sm_matches_panel_set_flow_id (self->matches_panel, 0);
  sm_site_panel_set_site_id (self->site_panel, site_id);
  sm_sites_layer_set_selected_site (self->sites_layer, site_id);
  sm_window_update_undo_state (self);
  if (site_id != 0)
    {
      adw_flap_set_reveal_flap (self->flap, TRUE);
      gtk_stack_set_visible_child_name (self->sidebar_stack, "map");
    }
}

/**
 * sm_window_fit_box:
 *
 * Shows the box on the map, with a margin (sm_map_fit_extent()).
 */
void
sm_window_fit_box (SmWindow *self,
                   double    min_lat,
                   double    max_lat,
                   double    min_lon,
                   double    max_lon)
{
  shumate_map_stop_go_to (sm_window_get_map (self));
  sm_map_fit_extent (sm_window_get_map (self), min_lon, min_lat, max_lon, max_lat);
}

/* The matches panel's list, drawn as links; the selected one highlighted */

static void
draw_matches (SmWindow *self)
{
  GListModel *model = sm_matches_panel_get_model (self->matches_panel);
  g_autoptr (SmFlow) flow = NULL;
  gint64 flow_id = sm_matches_panel_get_flow_id (self->matches_panel);

  sm_links_layer_clear (self->links_layer);
  if (flow_id == 0 || (flow = sm_project_get_flow (self->project, flow_id, NULL)) == NULL)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (SmMatch) match = g_list_model_get_item (model, i);
      SmSynergy *m = sm_match_get (match);

      /* Along the pipe route where the network carries it */
      if (m->route != NULL && m->route->len >= 4)
        sm_links_layer_add_route (self->links_layer, m->route, m->resource, m->matched_amount);
      else
        sm_links_layer_add (self->links_layer, flow->lat, flow->lon, m->lat, m->lon, m->resource,
                            m->matched_amount);
    }
}

static void
on_match_selected (SmWindow *self)
{
  GtkListBoxRow *row = NULL;
  SmMatch *match = sm_matches_panel_get_selected (self->matches_panel);
  GListModel *model = sm_matches_panel_get_model (self->matches_panel);
  int index = -1;

  for (guint i = 0; match != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (SmMatch) item = g_list_model_get_item (model, i);

      if (item == match)
        index = i;
    }
  (void) row;
  sm_links_layer_set_highlight (self->links_layer, index);
}

/* The exchanges layer: every recorded exchange, dashed */
static void
reload_exchanges (SmWindow *self)
{
  g_autoptr (GPtrArray) list = NULL;

  sm_links_layer_clear (self->exchanges_layer);
  if (self->project == NULL
      || (list = sm_project_list_exchange_records (self->project, -1, NULL)) == NULL)
    return;
  for (guint i = 0; i < list->len; i++)
    {
      SmExchangeRecord *x = g_ptr_array_index (list, i);

      if (x->status != SM_STATUS_REJECTED)
        sm_links_layer_add (self->exchanges_layer, x->supply_lat, x->supply_lon, x->demand_lat,
                            x->demand_lon, x->resource, x->amount);
    }
}

/* The map: clicking, dragging */

/* Clicking the map: a site selects it, a cluster zooms in to it */
static void
on_map_released (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 SmWindow        *self)
{
  SmSitesPick pick;
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple_map);
  GtkWidget *map = GTK_WIDGET (sm_window_get_map (self));
  double lx = x, ly = y;

  gtk_widget_grab_focus (map);
  if (n_press != 1 || !gtk_widget_get_visible (GTK_WIDGET (self->sites_layer)))
    return;
  gtk_widget_translate_coordinates (map, GTK_WIDGET (self->sites_layer), x, y, &lx, &ly);
  if (!sm_sites_layer_pick (self->sites_layer, lx, ly, &pick))
    {
      sm_window_select_site (self, 0);
      return;
    }
  if (pick.site_id == 0)
    {
      shumate_map_go_to_full (sm_window_get_map (self), pick.lat, pick.lon,
                              MIN (shumate_viewport_get_zoom_level (viewport) + 2, 19));
      return;
    }
  sm_window_select_site (self, pick.site_id);
}

/* Dragging the selected site moves it: one undoable edit when it is let go */
static void
on_drag_begin (GtkGestureDrag *gesture,
               double          x,
               double          y,
               SmWindow       *self)
{
  GtkWidget *map = GTK_WIDGET (sm_window_get_map (self));
  gint64 selected = sm_site_panel_get_site_id (self->site_panel);
  SmSitesPick pick;
  double lx = x, ly = y;

  self->drag_site = 0;
  gtk_widget_translate_coordinates (map, GTK_WIDGET (self->sites_layer), x, y, &lx, &ly);
  if (selected == 0 || self->project == NULL || sm_project_is_read_only (self->project)
      || !sm_sites_layer_pick (self->sites_layer, lx, ly, &pick) || pick.site_id != selected)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_site = selected;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* Where the dragged site would land: its place on screen plus the drag */
static gboolean
drag_target (SmWindow *self,
             double    dx,
             double    dy,
             SmSite  **site,
             double   *lat,
             double   *lon)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple_map);
  GtkWidget *map = GTK_WIDGET (sm_window_get_map (self));
  double x, y;

  if (self->drag_site == 0 || (*site = sm_project_get_site (self->project, self->drag_site, NULL)) == NULL)
    return FALSE;
  shumate_viewport_location_to_widget_coords (viewport, map, (*site)->lat, (*site)->lon, &x, &y);
  shumate_viewport_widget_coords_to_location (viewport, map, x + dx, y + dy, lat, lon);
  return TRUE;
}

static void
on_drag_update (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                SmWindow       *self)
{
  g_autoptr (SmSite) site = NULL;
  double lat, lon;

  if (drag_target (self, dx, dy, &site, &lat, &lon))
    sm_sites_layer_set_moving (self->sites_layer, site->site_id, lat, lon);
}

static void
on_drag_end (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             SmWindow       *self)
{
  g_autoptr (SmSite) site = NULL;
  g_autoptr (SmSite) moved = NULL;
  g_autoptr (SmEditCommand) command = NULL;
  g_autoptr (GError) error = NULL;
  double lat, lon;
  gboolean target = drag_target (self, dx, dy, &site, &lat, &lon);

  sm_sites_layer_set_moving (self->sites_layer, 0, 0, 0);
  self->drag_site = 0;
  if (!target || (dx == 0 && dy == 0))
    return;
  moved = sm_site_copy (site);
  moved->lat = lat;
  moved->lon = lon;
  command = sm_edit_command_new_site (SM_EDIT_UPDATE_SITE, site, moved);
  if (!sm_undo_stack_push (self->undo, command, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

/* The legend: tick resources to show only the sites that have them */

static void
on_filter_toggled (SmWindow *self)
{
  guint filter = 0;

  for (int r = 0; r < SM_N_RESOURCES; r++)
    if (gtk_check_button_get_active (self->filter_checks[r]))
      filter |= 1u << r;
  sm_sites_layer_set_resource_filter (self->sites_layer, filter);
}

static void
build_legend (SmWindow *self)
{
  for (int r = 0; r < SM_N_RESOURCES; r++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *swatch = gtk_label_new (NULL);
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *markup = NULL;

      markup = g_strdup_printf ("<span foreground=\"#%06x\" size=\"x-large\">●</span>",
                                sm_resource_get_color (r));
      gtk_label_set_markup (GTK_LABEL (swatch), markup);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sm_resource_get_label (r));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_filter_toggled), self);
      self->filter_checks[r] = GTK_CHECK_BUTTON (check);
      adw_preferences_group_add (self->legend_group, row);
    }
}

/* A file dropped on the window opens the Import dialog with it. */
static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SmWindow      *self)
{
  GdkFileList *list = g_value_get_boxed (value);
  g_autoptr (GSList) files = list ? gdk_file_list_get_files (list) : NULL;

  if (files == NULL)
    return FALSE;
  if (self->project == NULL || sm_project_is_read_only (self->project))
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Open or create a project first, then drop the file again")));
      return FALSE;
    }
  sm_import_dialog_new (GTK_WINDOW (self), self->project, files->data);
  return TRUE;
}

/* GObject overrides */

static gboolean
sm_window_close_request (GtkWindow *window)
{
  SmWindow *self = SM_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (sm_window_parent_class)->close_request (window);
}

static void
sm_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SmWindow *self = SM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SmWindow *self = SM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      sm_window_set_project (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_window_dispose (GObject *object)
{
  SmWindow *self = SM_WINDOW (object);

  g_clear_handle_id (&self->watch_id, g_source_remove);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_object (&self->undo);
  g_clear_object (&self->settings);
  g_clear_object (&self->base_source);
  g_clear_object (&self->registry);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_WINDOW);

  G_OBJECT_CLASS (sm_window_parent_class)->dispose (object);
}

static void
sm_window_class_init (SmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sm_window_dispose;
  object_class->get_property = sm_window_get_property;
  object_class->set_property = sm_window_set_property;
  window_class->close_request = sm_window_close_request;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, SM_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Keep the resource object linked in from the static library. */
  g_type_ensure (SHUMATE_TYPE_SIMPLE_MAP);
  g_type_ensure (SM_TYPE_SEARCH_PANEL);
  g_type_ensure (SM_TYPE_MATCHES_PANEL);
  g_type_ensure (SM_TYPE_SITE_PANEL);
  g_type_ensure (SM_TYPE_EXCHANGES_PANEL);
  (void) sm_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, simple_map);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, search_panel);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, matches_panel);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, site_panel);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, exchanges_panel);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, legend_group);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, sites_switch);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, links_switch);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, exchanges_switch);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, network_switch);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, basemap_row);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, basemap_url_row);

  sm_window_class_add_actions (widget_class);
}

static void
add_map_keys (SmWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  static const struct { guint key; double dx, dy; } pans[] = {
    { GDK_KEY_Left, -1, 0 }, { GDK_KEY_Right, 1, 0 }, { GDK_KEY_Up, 0, -1 }, { GDK_KEY_Down, 0, 1 },
  };

  /* On the map: + and - zoom, arrows pan (Escape is the window's) */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_plus, 0),
                                                   gtk_keyval_trigger_new (GDK_KEY_KP_Add, 0)),
                      gtk_named_action_new ("win.zoom-in")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_minus, 0),
                                                   gtk_keyval_trigger_new (GDK_KEY_KP_Subtract, 0)),
                      gtk_named_action_new ("win.zoom-out")));
  for (guint i = 0; i < G_N_ELEMENTS (pans); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (pans[i].key, 0),
                                       gtk_named_action_new ("win.pan"), "(dd)",
                                       pans[i].dx, pans[i].dy));
  gtk_widget_add_controller (GTK_WIDGET (self->simple_map), keys);
}

static void
sm_window_init (SmWindow *self)
{
  g_autoptr (ShumateMapSourceRegistry) registry = NULL;
  ShumateMapSource *reference;
  ShumateViewport *viewport;
  ShumateMap *map;
  GtkGesture *click, *drag;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  map = sm_window_get_map (self);

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The viewport needs a reference source for its projection and tile size
   * even when no basemap is drawn; registering it fetches nothing. With no
   * tile layer the map is a plain background that works offline. */
  registry = shumate_map_source_registry_new_with_defaults ();
  self->registry = g_object_ref (registry);
  reference = shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK);
  viewport = shumate_simple_map_get_viewport (self->simple_map);
  shumate_viewport_set_reference_map_source (viewport, reference);
  shumate_viewport_set_min_zoom_level (viewport, 2);
  shumate_viewport_set_max_zoom_level (viewport, 19);
  shumate_viewport_set_zoom_level (viewport, 6);
  shumate_map_center_on (map, 56.0, 11.0);
  /* Danish and Swedish planners measure in metres */
  shumate_scale_set_unit (shumate_simple_map_get_scale (self->simple_map), SHUMATE_UNIT_METRIC);

  /* Overlays, drawn above the (plain or tiled) background */
  self->network_layer = sm_network_layer_new (viewport);
  shumate_map_add_layer (map, SHUMATE_LAYER (self->network_layer));
  self->offline_layer = sm_offline_layer_new (viewport);
  sm_offline_layer_attach (self->offline_layer, map,
                           shumate_simple_map_get_license (self->simple_map),
                           SHUMATE_LAYER (self->network_layer));
  g_object_bind_property (self->network_switch, "active", self->network_layer, "visible",
                          G_BINDING_SYNC_CREATE);
  self->exchanges_layer = sm_links_layer_new (viewport);
  sm_links_layer_set_dashed (self->exchanges_layer, TRUE);
  shumate_map_add_layer (map, SHUMATE_LAYER (self->exchanges_layer));
  g_object_bind_property (self->exchanges_switch, "active", self->exchanges_layer, "visible",
                          G_BINDING_SYNC_CREATE);
  self->links_layer = sm_links_layer_new (viewport);
  shumate_map_add_layer (map, SHUMATE_LAYER (self->links_layer));
  self->sites_layer = sm_sites_layer_new (viewport);
  shumate_map_add_layer (map, SHUMATE_LAYER (self->sites_layer));
  g_object_bind_property (self->sites_switch, "active", self->sites_layer, "visible",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->links_switch, "active", self->links_layer, "visible",
                          G_BINDING_SYNC_CREATE);
  sm_window_init_basemap (self);
  build_legend (self);

  g_signal_connect_swapped (sm_matches_panel_get_model (self->matches_panel), "items-changed",
                            G_CALLBACK (draw_matches), self);
  g_signal_connect_swapped (self->matches_panel, "notify::flow-id", G_CALLBACK (draw_matches), self);
  g_signal_connect_swapped (self->matches_panel, "notify::selected",
                            G_CALLBACK (on_match_selected), self);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "released", G_CALLBACK (on_map_released), self);
  gtk_widget_add_controller (GTK_WIDGET (map), GTK_EVENT_CONTROLLER (click));
  drag = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (map), GTK_EVENT_CONTROLLER (drag));
  add_map_keys (self);
  gtk_widget_set_focusable (GTK_WIDGET (map), TRUE);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  sm_window_update_undo_state (self);
}

/* Public API */

SmWindow *
sm_window_new (GtkApplication *application)
{
  return g_object_new (SM_TYPE_WINDOW, "application", application, NULL);
}

/**
 * sm_window_set_project:
 * @self: a window
 * @project: (nullable): the project to show
 *
 * Shows @project and centres the map on its extent. Every view follows the
 * project's `changed` signal, which a watch on the file also emits when
 * another program or thread writes it.
 */
void
sm_window_set_project (SmWindow  *self,
                       SmProject *project)
{
  g_return_if_fail (SM_IS_WINDOW (self));
  g_return_if_fail (project == NULL || SM_IS_PROJECT (project));

  if (self->project == project)
    return;
  g_clear_handle_id (&self->watch_id, g_source_remove);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  if (self->undo != NULL)
    g_signal_handlers_disconnect_by_data (self->undo, self);
  g_set_object (&self->project, project);
  g_clear_object (&self->undo);

  sm_window_select_site (self, 0);
  sm_sites_layer_set_project (self->sites_layer, project);
  sm_network_layer_set_project (self->network_layer, project);
  g_object_set (self->search_panel, "project", project, NULL);
  g_object_set (self->matches_panel, "project", project, NULL);
  g_object_set (self->site_panel, "project", project, NULL);
  g_object_set (self->exchanges_panel, "project", project, NULL);
  reload_exchanges (self);

  if (project != NULL)
    {
      g_autofree char *basename = g_path_get_basename (sm_project_get_path (project));
      g_autofree char *display = g_filename_display_name (basename);

      self->undo = sm_undo_stack_new (project);
      g_signal_connect_swapped (self->undo, "notify::can-undo",
                                G_CALLBACK (sm_window_update_undo_state), self);
      g_signal_connect_swapped (self->undo, "notify::can-redo",
                                G_CALLBACK (sm_window_update_undo_state), self);
      g_signal_connect_swapped (project, "changed", G_CALLBACK (reload_exchanges), self);
      self->watch_id = sm_project_watch (project, WATCH_INTERVAL_MS);
      adw_window_title_set_subtitle (self->window_title, display);
      gtk_stack_set_visible_child_name (self->stack, "map");
      sm_window_zoom_to_project (self);
      if (sm_project_get_warning (project) != NULL)
        {
          /* A damaged project, opened read-only: the warning stays until dismissed */
          AdwToast *toast = adw_toast_new (sm_project_get_warning (project));

          adw_toast_set_timeout (toast, 0);
          adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
          adw_toast_overlay_add_toast (self->toast_overlay, toast);
        }
      else if (sm_project_is_read_only (project))
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new (_("Opened read-only: changes cannot be saved")));
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  sm_window_shared_attach (self, project);
  sm_window_update_undo_state (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

SmProject *
sm_window_get_project (SmWindow *self)
{
  g_return_val_if_fail (SM_IS_WINDOW (self), NULL);
  return self->project;
}

/**
 * sm_window_open_project:
 * @self: a window
 * @path: a project file, or a shared database's address (its password
 *   is never shown or saved; Reconnect asks the project for it,
 *   sm_project_dup_open_address())
 * @error: return location for an error
 *
 * Returns: %TRUE if the project was opened and is shown
 */
gboolean
sm_window_open_project (SmWindow    *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr (SmProject) project = NULL;

  g_return_val_if_fail (SM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  project = sm_project_open (path, error);
  if (project == NULL)
    return FALSE;

  sm_window_set_project (self, project);
  /* A database's address without its password */
  g_settings_set_string (self->settings, "last-project", sm_project_get_path (project));
  return TRUE;
}

/**
 * sm_window_zoom_to_project:
 * @self: a window
 *
 * Fits the map to every site and network line of the project; an empty
 * project shows Denmark and southern Sweden, where our users work.
 */
void
sm_window_zoom_to_project (SmWindow *self)
{
  g_autoptr (SmProjectInfo) info = NULL;
  g_autoptr (GError) error = NULL;

  g_return_if_fail (SM_IS_WINDOW (self));

  if (self->project == NULL)
    return;

  info = sm_project_get_info (self->project, &error);
  if (info == NULL)
    {
      g_warning ("Cannot read the project's extent: %s", error->message);
      return;
    }
  if (info->has_extent)
    sm_window_fit_box (self, info->min_lat, info->max_lat, info->min_lon, info->max_lon);
  else
    {
      shumate_viewport_set_zoom_level (shumate_simple_map_get_viewport (self->simple_map), 6);
      shumate_map_center_on (sm_window_get_map (self), 56.0, 11.0);
    }
}

/**
 * sm_window_show_error:
 * @self: a window
 * @heading: what failed, as a short title
 * @error: why, in a sentence that says what to do
 */
void
sm_window_show_error (SmWindow     *self,
                      const char   *heading,
                      const GError *error)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (SM_IS_WINDOW (self));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       error ? error->message : NULL));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
