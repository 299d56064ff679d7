/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sm-window"

#include "config.h"

#include <glib/gi18n.h>
#include <shumate/shumate.h>

#include "sm-import-dialog.h"
#include "sm-map-fit.h"
#include "sm-resources.h"
#include "sm-window.h"

struct _SmWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  ShumateSimpleMap    *simple_map;

  /* Owned references */
  SmProject           *project;
  GSettings           *settings;
};

G_DEFINE_FINAL_TYPE (SmWindow, sm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static ShumateMap *
get_map (SmWindow *self)
{
  return shumate_simple_map_get_map (self->simple_map);
}

static void
zoom_by (SmWindow *self,
         double    delta)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple_map);

  shumate_viewport_set_zoom_level (viewport, shumate_viewport_get_zoom_level (viewport) + delta);
}

/* Actions */

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
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sm_import_dialog_new (SM_WINDOW (widget), NULL);
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
  sm_import_dialog_new (self, files->data);
  return TRUE;
}

static void
zoom_to_project_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  sm_window_zoom_to_project (SM_WINDOW (widget));
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

  g_clear_object (&self->project);
  g_clear_object (&self->settings);
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
  (void) sm_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, simple_map);

  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-to-project", NULL,
                                   zoom_to_project_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
}

static void
sm_window_init (SmWindow *self)
{
  g_autoptr(ShumateMapSourceRegistry) registry = NULL;
  ShumateMapSource *reference;
  ShumateViewport *viewport;

  gtk_widget_init_template (GTK_WIDGET (self));

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
  reference = shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK);
  viewport = shumate_simple_map_get_viewport (self->simple_map);
  shumate_viewport_set_reference_map_source (viewport, reference);
  shumate_viewport_set_min_zoom_level (viewport, 2);
  shumate_viewport_set_max_zoom_level (viewport, 19);
  shumate_viewport_set_zoom_level (viewport, 6);
  shumate_map_center_on (get_map (self), 56.0, 11.0);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-to-project", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);

  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
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
 * Shows @project and centres the map on its extent.
 */
void
sm_window_set_project (SmWindow  *self,
                       SmProject *project)
{
  g_return_if_fail (SM_IS_WINDOW (self));
  g_return_if_fail (project == NULL || SM_IS_PROJECT (project));

  if (!g_set_object (&self->project, project))
    return;

  if (project != NULL)
    {
      g_autofree char *basename = g_path_get_basename (sm_project_get_path (project));
      g_autofree char *display = g_filename_display_name (basename);

      adw_window_title_set_subtitle (self->window_title, display);
      gtk_stack_set_visible_child_name (self->stack, "map");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-to-project", TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                     !sm_project_is_read_only (project));
      sm_window_zoom_to_project (self);
      if (sm_project_is_read_only (project))
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new (_("Opened read-only: changes cannot be saved")));
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-to-project", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);
    }

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
 * @path: a project file
 * @error: return location for an error
 *
 * Returns: %TRUE if the project was opened and is shown
 */
gboolean
sm_window_open_project (SmWindow    *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(SmProject) project = NULL;

  g_return_val_if_fail (SM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  project = sm_project_open (path, error);
  if (project == NULL)
    return FALSE;

  sm_window_set_project (self, project);
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
  g_autoptr(SmProjectInfo) info = NULL;
  g_autoptr(GError) error = NULL;

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
    sm_map_fit_extent (get_map (self), info->min_lon, info->min_lat, info->max_lon,
                       info->max_lat);
  else
    {
      shumate_viewport_set_zoom_level (shumate_simple_map_get_viewport (self->simple_map), 6);
      shumate_map_center_on (get_map (self), 56.0, 11.0);
    }
}

/**
 * sm_window_add_toast:
 * @self: a window
 * @toast: (transfer full): a toast
 */
void
sm_window_add_toast (SmWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (SM_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
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
