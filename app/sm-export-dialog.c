/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Export dialog: which layers, which coordinate system, everything or
 * only what the map shows; the GeoPackage is written in a thread with a
 * progress bar and Stop, and a toast offers to open its folder.
 */
#define G_LOG_DOMAIN "sm-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sm-cost.h"
#include "sm-export-dialog.h"

struct _SmExportDialog
{
  AdwWindow            parent_instance;

  GtkStack            *stack;
  GtkButton           *export_button;
  GtkButton           *cancel_button;
  AdwPreferencesGroup *layers_group;
  AdwComboRow         *srs_row;
  AdwEntryRow         *other_srs_row;
  GtkSwitch           *filter_switch;
  GtkProgressBar      *progress_bar;

  GtkWindow           *parent;  /* weak: where the toasts go */
  SmProject           *project;
  GtkCheckButton      *layer_checks[6];
  guint                resource_filter;
  GCancellable        *cancellable;
  gboolean             running;
  char                *path;
};

G_DEFINE_FINAL_TYPE (SmExportDialog, sm_export_dialog, ADW_TYPE_WINDOW)

static const struct
{
  const char *code;
  const char *label;
} srs_choices[] = {
  { "EPSG:4326", N_("WGS 84, latitude and longitude (EPSG:4326)") },
  { "EPSG:25832", N_("Denmark: ETRS89 / UTM zone 32N (EPSG:25832)") },
  { "EPSG:25833", N_("Bornholm: ETRS89 / UTM zone 33N (EPSG:25833)") },
  { "EPSG:3006", N_("Sweden: SWEREF99 TM (EPSG:3006)") },
  { "EPSG:3857", N_("Web Mercator (EPSG:3857)") },
  { NULL, N_("Other EPSG code") },
};

static const char *layer_labels[] = {
  N_("Company sites"), N_("Resource flows"), N_("Synergies"), N_("Network lines"),
  N_("Internal synergies"), N_("Exchanges"),
};

const char *
sm_export_dialog_get_srs (SmExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->srs_row);

  if (i < G_N_ELEMENTS (srs_choices) && srs_choices[i].code != NULL)
    return srs_choices[i].code;
  return gtk_editable_get_text (GTK_EDITABLE (self->other_srs_row));
}

guint
sm_export_dialog_get_layers (SmExportDialog *self)
{
  guint layers = 0;

  for (guint l = 0; l < G_N_ELEMENTS (self->layer_checks); l++)
    if (gtk_check_button_get_active (self->layer_checks[l]))
      layers |= 1u << l;
  return layers;
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  SmExportDialog *self = user_data;
  g_autofree char *text = g_strdup_printf ("%d %%", (int) (fraction * 100));

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

/* Toasts go to the main window through its actions: the dialog does not
 * know the window's type (docs/ARCHITECTURE.md, "Who calls whom") */
static void
toast (SmExportDialog *self,
       const char     *text)
{
  if (self->parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self->parent), "win.show-toast", "s", text);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr (SmExportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  SmExportCounts counts = { 0 };

  self->running = FALSE;
  if (!sm_export_run_finish (res, &counts, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          toast (self, _("Export stopped: nothing was written"));
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      gtk_stack_set_visible_child_name (self->stack, "form");
      gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
      {
        AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
          adw_message_dialog_new (GTK_WINDOW (self), _("Nothing Was Exported"), error->message));
        adw_message_dialog_add_response (dialog, "close", _("_Close"));
        gtk_window_present (GTK_WINDOW (dialog));
      }
      return;
    }
  if (self->parent != NULL)
    {
      g_autofree char *base = g_path_get_basename (self->path);
      /* TRANSLATORS: %s is a file; then how many sites and synergies it holds */
      g_autofree char *title = g_strdup_printf (_("Exported %s: %d sites, %d synergies"), base,
                                                counts.sites, counts.synergies);

      gtk_widget_activate_action (GTK_WIDGET (self->parent), "win.show-file-toast", "(ss)", title,
                                  self->path);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

/**
 * sm_export_dialog_run_to:
 * @self: the dialog
 * @path: the GeoPackage to write
 *
 * Starts the export in a thread.
 */
void
sm_export_dialog_run_to (SmExportDialog *self,
                         const char     *path)
{
  char *address;
  SmProject *project = self->project;
  SmExportOptions options = { 0 };

  if (project == NULL || self->running)
    return;
  g_free (self->path);
  self->path = g_strdup (path);
  options.srs = (char *) sm_export_dialog_get_srs (self);
  options.layers = sm_export_dialog_get_layers (self);
  options.resources = gtk_switch_get_active (self->filter_switch) ? self->resource_filter : 0;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
  on_progress (0, self);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  /* The worker's own connection: with the password a database may ask for */
  address = sm_project_dup_open_address (project);
  sm_export_run_async (address, path, &options, on_progress, self,
                       self->cancellable, on_export_done, g_object_ref (self));
  sm_project_free_open_address (address);
}

static void
on_file_chosen (GtkNativeDialog *native,
                int              response,
                gpointer         user_data)
{
  g_autoptr (SmExportDialog) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL && !g_str_has_suffix (path, ".gpkg"))
        {
          char *with = g_strconcat (path, ".gpkg", NULL);
          g_free (path);
          path = with;
        }
      if (path != NULL)
        sm_export_dialog_run_to (self, path);
    }
  g_object_unref (native);
}

/**
 * sm_export_dialog_suggest_name:
 *
 * Returns: (transfer full): the file name the Save dialog suggests: the
 *   project's, with .gpkg for its extension ("Aalborg Ost.sqlite" →
 *   "Aalborg Ost.gpkg")
 */
char *
sm_export_dialog_suggest_name (SmExportDialog *self)
{
  g_autofree char *base = NULL;
  g_autofree char *display = NULL;

  if (self->project == NULL)
    /* TRANSLATORS: the default name of an exported GeoPackage */
    return g_strdup (_("symbiosis.gpkg"));
  base = sm_project_dup_stem (self->project);
  display = g_filename_display_name (base);
  return g_strconcat (display, ".gpkg", NULL);
}

static void
on_export_clicked (SmExportDialog *self)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  if (sm_export_dialog_get_layers (self) == 0)
    return;
  native = gtk_file_chooser_native_new (_("Export GeoPackage"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("GeoPackage"));
  gtk_file_filter_add_pattern (filter, "*.gpkg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  {
    g_autofree char *name = sm_export_dialog_suggest_name (self);

    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  }
  g_signal_connect (native, "response", G_CALLBACK (on_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
on_cancel_clicked (SmExportDialog *self)
{
  if (self->running)
    {
      g_cancellable_cancel (self->cancellable);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_choice_changed (SmExportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->srs_row);

  gtk_widget_set_visible (GTK_WIDGET (self->other_srs_row),
                          i < G_N_ELEMENTS (srs_choices) && srs_choices[i].code == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), sm_export_dialog_get_layers (self) != 0);
}

static gboolean
on_close_request (GtkWindow *window)
{
  SmExportDialog *self = SM_EXPORT_DIALOG (window);

  if (self->running)
    {
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return FALSE;
}

static void
sm_export_dialog_dispose (GObject *object)
{
  SmExportDialog *self = SM_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_weak_pointer (&self->parent);
  g_clear_object (&self->project);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (sm_export_dialog_parent_class)->dispose (object);
}

static void
sm_export_dialog_finalize (GObject *object)
{
  g_free (SM_EXPORT_DIALOG (object)->path);
  G_OBJECT_CLASS (sm_export_dialog_parent_class)->finalize (object);
}

static void
sm_export_dialog_class_init (SmExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_export_dialog_dispose;
  object_class->finalize = sm_export_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = on_close_request;
  /* Escape asks to close: Stop while running, else close */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SmExportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SmExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, SmExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SmExportDialog, layers_group);
  gtk_widget_class_bind_template_child (widget_class, SmExportDialog, srs_row);
  gtk_widget_class_bind_template_child (widget_class, SmExportDialog, other_srs_row);
  gtk_widget_class_bind_template_child (widget_class, SmExportDialog, filter_switch);
  gtk_widget_class_bind_template_child (widget_class, SmExportDialog, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
}

static void
sm_export_dialog_init (SmExportDialog *self)
{
  g_autoptr (GtkStringList) choices = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint l = 0; l < G_N_ELEMENTS (layer_labels); l++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(layer_labels[l]));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_choice_changed), self);
      adw_preferences_group_add (self->layers_group, row);
      self->layer_checks[l] = GTK_CHECK_BUTTON (check);
    }
  for (guint i = 0; i < G_N_ELEMENTS (srs_choices); i++)
    gtk_string_list_append (choices, _(srs_choices[i].label));
  adw_combo_row_set_model (self->srs_row, G_LIST_MODEL (choices));
  g_signal_connect_swapped (self->srs_row, "notify::selected", G_CALLBACK (on_choice_changed), self);
  on_choice_changed (self);
}

/**
 * sm_export_dialog_new:
 * @parent: the main window; its win.show-toast and win.show-file-toast
 *   actions say how the export went
 * @project: the project to export
 * @resource_filter: the resources the map shows, 0 for all
 *
 * Returns: (transfer none): the dialog, shown
 */
SmExportDialog *
sm_export_dialog_new (GtkWindow *parent,
                      SmProject *project,
                      guint      resource_filter)
{
  SmExportDialog *self = g_object_new (SM_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);

  g_set_weak_pointer (&self->parent, parent);
  self->project = project ? g_object_ref (project) : NULL;
  self->resource_filter = resource_filter;
  gtk_widget_set_sensitive (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->filter_switch))),
                            resource_filter != 0);
  /* Danish or Swedish coordinates for a project there */
  if (project != NULL)
    {
      g_autoptr (SmProjectInfo) info = sm_project_get_info (project, NULL);

      if (info != NULL && info->has_extent)
        {
          double lat = (info->min_lat + info->max_lat) / 2, lon = (info->min_lon + info->max_lon) / 2;

          if (sm_location_is_sweden (lat, lon))
            adw_combo_row_set_selected (self->srs_row, 3);
          else if (lon > 7.5 && lon < 15.5 && lat > 54.5 && lat < 58)
            adw_combo_row_set_selected (self->srs_row, lon > 14.5 ? 2 : 1);
        }
    }
  gtk_window_present (GTK_WINDOW (self));
  return self;
}
