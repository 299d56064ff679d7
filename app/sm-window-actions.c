/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's actions: what the panels, menus and shortcuts ask of the
 * window. Panels never call the window; they activate these
 * (gtk_widget_activate_action), as gnome-text-editor's and gnome-calendar's
 * children do.
 */
#define G_LOG_DOMAIN "sm-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-export-dialog.h"
#include "sm-flow-editor.h"
#include "sm-import-dialog.h"
#include "sm-site-editor.h"
#include "sm-window-private.h"

/* Map */

static void
zoom_by (SmWindow *self,
         double    delta)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple_map);

  shumate_viewport_set_zoom_level (viewport, shumate_viewport_get_zoom_level (viewport) + delta);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  zoom_by (SM_WINDOW (widget), 1.0);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  zoom_by (SM_WINDOW (widget), -1.0);
}

static void
zoom_to_project_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  sm_window_zoom_to_project (SM_WINDOW (widget));
}

static void
fit_box_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  double min_lat, max_lat, min_lon, max_lon;

  g_variant_get (parameter, "(dddd)", &min_lat, &max_lat, &min_lon, &max_lon);
  sm_window_fit_box (SM_WINDOW (widget), min_lat, max_lat, min_lon, max_lon);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple_map);
  GtkWidget *map = GTK_WIDGET (sm_window_get_map (self));
  double dx, dy, lat, lon;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  /* A quarter of the view per key press */
  shumate_viewport_widget_coords_to_location (viewport, map,
                                              gtk_widget_get_width (map) * (0.5 + dx / 4),
                                              gtk_widget_get_height (map) * (0.5 + dy / 4),
                                              &lat, &lon);
  shumate_map_center_on (sm_window_get_map (self), lat, lon);
}

/* Sites and matches */

static void
show_site_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  g_autoptr (SmSite) site = NULL;

  if (self->project == NULL
      || (site = sm_project_get_site (self->project, g_variant_get_int64 (parameter), NULL)) == NULL)
    return;
  shumate_map_go_to_full (sm_window_get_map (self), site->lat, site->lon, 15);
  sm_window_select_site (self, site->site_id);
}

static void
select_site_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  sm_window_select_site (SM_WINDOW (widget), g_variant_get_int64 (parameter));
}

static void
show_matches_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  /* A fly-to from the search may still be moving the map */
  shumate_map_stop_go_to (sm_window_get_map (self));
  gtk_stack_set_visible_child_name (self->sidebar_stack, "map");
  sm_matches_panel_set_flow_id (self->matches_panel, g_variant_get_int64 (parameter));
}

static void
close_matches_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  sm_matches_panel_set_flow_id (SM_WINDOW (widget)->matches_panel, 0);
}

/* Escape, from anywhere: closes the innermost thing open */
static void
escape_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  if (sm_matches_panel_get_flow_id (self->matches_panel) != 0)
    sm_matches_panel_set_flow_id (self->matches_panel, 0);
  else if (sm_site_panel_get_site_id (self->site_panel) != 0)
    sm_window_select_site (self, 0);
  else
    sm_search_panel_set_text (self->search_panel, "");
  gtk_widget_grab_focus (GTK_WIDGET (sm_window_get_map (self)));
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  sm_window_select_site (SM_WINDOW (widget), 0);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "map");
  sm_search_panel_focus (self->search_panel);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
show_exchanges_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "exchanges");
}

static void
show_toast_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  adw_toast_overlay_add_toast (SM_WINDOW (widget)->toast_overlay,
                               adw_toast_new (g_variant_get_string (parameter, NULL)));
}

static void
open_folder (AdwToast *toast,
             gpointer  user_data)
{
  const char *path = g_object_get_data (G_OBJECT (toast), "sm-path");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GFile) folder = g_file_new_for_path (dir);
  g_autofree char *uri = g_file_get_uri (folder);

  gtk_show_uri (NULL, uri, GDK_CURRENT_TIME);
}

/* A toast about a file written, with a button that opens its folder */
static void
show_file_toast_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  const char *title, *path;
  AdwToast *toast;

  g_variant_get (parameter, "(&s&s)", &title, &path);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("Open _Folder"));
  adw_toast_set_timeout (toast, 8);
  g_object_set_data_full (G_OBJECT (toast), "sm-path", g_strdup (path), g_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (open_folder), NULL);
  adw_toast_overlay_add_toast (SM_WINDOW (widget)->toast_overlay, toast);
}

/* Editing */

static void
push (SmWindow      *self,
      SmEditCommand *command)
{
  g_autoptr (GError) error = NULL;

  if (!sm_undo_stack_push (self->undo, command, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
new_site_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple_map);

  gtk_window_present (GTK_WINDOW (sm_site_editor_new (GTK_WINDOW (self), self->project, self->undo,
                                                      0, shumate_location_get_latitude (SHUMATE_LOCATION (viewport)),
                                                      shumate_location_get_longitude (SHUMATE_LOCATION (viewport)))));
}

static void
edit_site_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  gint64 site_id = sm_site_panel_get_site_id (self->site_panel);

  if (site_id != 0)
    gtk_window_present (GTK_WINDOW (sm_site_editor_new (GTK_WINDOW (self), self->project,
                                                        self->undo, site_id, 0, 0)));
}

static void
delete_site_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  g_autoptr (SmSite) site = NULL;
  g_autoptr (SmEditCommand) command = NULL;

  site = sm_project_get_site (self->project, sm_site_panel_get_site_id (self->site_panel), NULL);
  if (site == NULL)
    return;
  command = sm_edit_command_new_site (SM_EDIT_DELETE_SITE, site, NULL);
  push (self, command);
}

static void
add_flow_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  gint64 site_id = sm_site_panel_get_site_id (self->site_panel);

  if (site_id != 0)
    gtk_window_present (GTK_WINDOW (sm_flow_editor_new (GTK_WINDOW (self), self->project,
                                                        self->undo, site_id, 0)));
}

static void
edit_flow_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (sm_flow_editor_new (GTK_WINDOW (self), self->project, self->undo,
                                                      0, g_variant_get_int64 (parameter))));
}

static void
delete_flow_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  g_autoptr (SmFlow) flow = sm_project_get_flow (self->project, g_variant_get_int64 (parameter),
                                                 NULL);
  g_autoptr (SmEditCommand) command = NULL;

  if (flow == NULL)
    return;
  command = sm_edit_command_new_flow (SM_EDIT_DELETE_FLOW, flow, NULL);
  push (self, command);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (self->undo != NULL && !sm_undo_stack_undo (self->undo, &error) && error != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  g_autoptr (GError) error = NULL;

  if (self->undo != NULL && !sm_undo_stack_redo (self->undo, &error) && error != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

/**
 * sm_window_update_undo_state:
 *
 * Enables the actions that need a writable project, and undo and redo
 * when there is something to undo or redo.
 */
void
sm_window_update_undo_state (SmWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean writable = self->project != NULL && !sm_project_is_read_only (self->project);
  gboolean site = writable && sm_site_panel_get_site_id (self->site_panel) != 0;

  gtk_widget_action_set_enabled (widget, "win.undo", self->undo && sm_undo_stack_can_undo (self->undo));
  gtk_widget_action_set_enabled (widget, "win.redo", self->undo && sm_undo_stack_can_redo (self->undo));
  gtk_widget_action_set_enabled (widget, "win.new-site", writable);
  gtk_widget_action_set_enabled (widget, "win.edit-site", site);
  gtk_widget_action_set_enabled (widget, "win.delete-site", site);
  gtk_widget_action_set_enabled (widget, "win.add-flow", site);
  gtk_widget_action_set_enabled (widget, "win.edit-flow", writable);
  gtk_widget_action_set_enabled (widget, "win.delete-flow", writable);
  gtk_widget_action_set_enabled (widget, "win.import", writable);
  gtk_widget_action_set_enabled (widget, "win.export", self->project != NULL);
  gtk_widget_action_set_enabled (widget, "win.zoom-to-project", self->project != NULL);
}

/* Files */

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  sm_export_dialog_new (GTK_WINDOW (self), self->project,
                        sm_sites_layer_get_resource_filter (self->sites_layer));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sm_import_dialog_new (GTK_WINDOW (widget), SM_WINDOW (widget)->project, NULL);
}

void
sm_window_class_add_actions (GtkWidgetClass *widget_class)
{
  static const struct { const char *name, *type; GtkWidgetActionActivateFunc func; } actions[] = {
    { "win.zoom-in", NULL, zoom_in_action },
    { "win.zoom-out", NULL, zoom_out_action },
    { "win.zoom-to-project", NULL, zoom_to_project_action },
    { "win.fit-box", "(dddd)", fit_box_action },
    { "win.pan", "(dd)", pan_action },
    { "win.import", NULL, import_action },
    { "win.export", NULL, export_action },
    { "win.find", NULL, find_action },
    { "win.toggle-sidebar", NULL, toggle_sidebar_action },
    { "win.show-exchanges", NULL, show_exchanges_action },
    { "win.clear-selection", NULL, clear_selection_action },
    { "win.escape", NULL, escape_action },
    { "win.show-site", "x", show_site_action },
    { "win.select-site", "x", select_site_action },
    { "win.show-matches", "x", show_matches_action },
    { "win.close-matches", NULL, close_matches_action },
    { "win.show-toast", "s", show_toast_action },
    { "win.show-file-toast", "(ss)", show_file_toast_action },
    { "win.new-site", NULL, new_site_action },
    { "win.edit-site", NULL, edit_site_action },
    { "win.delete-site", NULL, delete_site_action },
    { "win.add-flow", NULL, add_flow_action },
    { "win.edit-flow", "x", edit_flow_action },
    { "win.delete-flow", "x", delete_flow_action },
    { "win.undo", NULL, undo_action },
    { "win.redo", NULL, redo_action },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, actions[i].type,
                                     actions[i].func);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.escape", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-exchanges", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_E, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-exchanges", NULL);
}
