/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Import dialog: pick a file and its layer, say what it holds, check
 * and change the columns the aliases found, look at the first rows, and
 * import in a thread with a progress bar and a button that stops and
 * undoes it. Ends in a toast on the main window with the counts, and the
 * report of the rejected rows when there are any.
 *
 * The dialog gets its project as a property and reaches the window that
 * opened it only through the window's actions (win.show-toast,
 * win.zoom-to-project): see docs/ARCHITECTURE.md.
 */
#define G_LOG_DOMAIN "sm-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-import-dialog.h"
#include "sm-import-report.h"
#include "sm-registers.h"

#define PREVIEW_ROWS 5

struct _SmImportDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  GtkButton      *cancel_button;
  GtkButton      *import_button;
  GtkStack       *stack;
  AdwActionRow   *file_row;
  AdwComboRow    *layer_row;
  AdwComboRow    *kind_row;
  AdwEntryRow    *srs_row;
  GtkSwitch      *strict_switch;
  AdwPreferencesGroup *mapping_group;
  GtkGrid        *preview_grid;
  GtkProgressBar *progress_bar;

  /* Owned */
  SmProject      *project;
  GHashTable     *columns;  /* the mapping of the running import: field -> column */
  char           *path;
  SmSource       *source;
  GPtrArray      *mapping_rows; /* of AdwComboRow, in the order of the kind's fields */
  GCancellable   *cancellable;
  gboolean        running;
};

G_DEFINE_FINAL_TYPE (SmImportDialog, sm_import_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static SmSourceLayer *
selected_layer (SmImportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->layer_row);

  if (self->source == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->source->layers->len)
    return NULL;
  return g_ptr_array_index (self->source->layers, i);
}

static SmImportKind
selected_kind (SmImportDialog *self)
{
  guint i = adw_combo_row_get_selected (self->kind_row);

  return i < SM_N_IMPORT_KINDS ? (SmImportKind) i : SM_IMPORT_KIND_SITES;
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
grid_label (const char *text,
            gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_set_margin_start (label, 6);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

static void
update_preview (SmImportDialog *self)
{
  SmSourceLayer *layer = selected_layer (self);
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;

  clear_grid (self->preview_grid);
  if (layer == NULL)
    return;
  for (guint c = 0; c < layer->columns->len; c++)
    gtk_grid_attach (self->preview_grid, grid_label (g_ptr_array_index (layer->columns, c), TRUE),
                     c, 0, 1, 1);
  rows = sm_source_preview (self->path, layer->name, PREVIEW_ROWS, &error);
  if (rows == NULL)
    {
      gtk_grid_attach (self->preview_grid, grid_label (error->message, FALSE), 0, 1, 4, 1);
      return;
    }
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);

      for (guint c = 0; cells[c] != NULL && c < layer->columns->len; c++)
        gtk_grid_attach (self->preview_grid, grid_label (cells[c], FALSE), c, r + 1, 1, 1);
    }
}

static void
rebuild_mapping (SmImportDialog *self)
{
  SmSourceLayer *layer = selected_layer (self);
  SmImportKind kind = selected_kind (self);
  g_autoptr (GHashTable) detected = NULL;
  g_autoptr (GtkStringList) columns = NULL;
  const SmImportField *fields;
  guint n_fields;

  for (guint i = 0; i < self->mapping_rows->len; i++)
    adw_preferences_group_remove (self->mapping_group, g_ptr_array_index (self->mapping_rows, i));
  g_ptr_array_set_size (self->mapping_rows, 0);
  if (layer == NULL)
    return;

  /* A public register as downloaded: its own profile reads it, and the
   * group says what will come in instead of offering columns. */
  {
    SmRegister reg = kind != SM_IMPORT_KIND_NETWORK ? sm_register_detect (layer->columns)
                                                   : SM_REGISTER_NONE;
    g_autofree char *described = sm_register_describe (reg, layer);

    adw_preferences_group_set_description (self->mapping_group,
                                           described ? described
                                                     : _("The column that holds each field, found by "
                                                         "its English, Danish or Swedish name. Change "
                                                         "any that is wrong."));
    if (described != NULL)
      return;
  }

  detected = sm_import_detect_mapping (kind, layer);
  fields = sm_import_get_fields (kind, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
      GtkStringList *model = gtk_string_list_new (NULL);
      const char *found = g_hash_table_lookup (detected, fields[i].name);

      /* TRANSLATORS: in the column chooser: this field is read from no column */
      gtk_string_list_append (model, _("(none)"));
      for (guint c = 0; c < layer->columns->len; c++)
        gtk_string_list_append (model, g_ptr_array_index (layer->columns, c));
      adw_combo_row_set_model (row, G_LIST_MODEL (model));
      g_object_unref (model);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(fields[i].label));
      if (fields[i].required)
        /* TRANSLATORS: a field the import cannot do without (shown under the field's name) */
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Required"));
      adw_combo_row_set_selected (row, 0);
      for (guint c = 0; found != NULL && c < layer->columns->len; c++)
        if (g_str_equal (found, g_ptr_array_index (layer->columns, c)))
          adw_combo_row_set_selected (row, c + 1);
      g_object_set_data (G_OBJECT (row), "sm-field", (gpointer) fields[i].name);
      adw_preferences_group_add (self->mapping_group, GTK_WIDGET (row));
      g_ptr_array_add (self->mapping_rows, row);
    }
}

/* Says so when the kind is the one the file's columns and geometry show. */
static void
update_kind_subtitle (SmImportDialog *self)
{
  SmSourceLayer *layer = selected_layer (self);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row),
                               layer != NULL && sm_import_guess_kind (layer) == selected_kind (self)
                                 ? _("Found from the columns and geometry")
                                 : "");
}

static void
on_layer_changed (SmImportDialog *self)
{
  SmSourceLayer *layer = selected_layer (self);

  if (layer == NULL)
    return;
  adw_combo_row_set_selected (self->kind_row, sm_import_guess_kind (layer));
  update_kind_subtitle (self);
  rebuild_mapping (self);
  update_preview (self);
}

static void
on_kind_changed (SmImportDialog *self)
{
  update_kind_subtitle (self);
  rebuild_mapping (self);
}

/**
 * sm_import_dialog_load_file:
 * @self: the dialog
 * @path: a file to import
 *
 * Reads the file's layers and columns and shows them.
 *
 * Returns: whether GDAL can read it; if not, the dialog says why
 */
gboolean
sm_import_dialog_load_file (SmImportDialog *self,
                            const char     *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmSource) source = sm_source_open (path, &error);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *base = g_path_get_basename (path);

  g_return_val_if_fail (SM_IS_IMPORT_DIALOG (self), FALSE);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), base);
  if (source == NULL)
    {
      adw_action_row_set_subtitle (self->file_row, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->file_row), "error");
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
      return FALSE;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->file_row), "error");
  g_free (self->path);
  self->path = g_strdup (path);
  g_clear_pointer (&self->source, sm_source_free);
  self->source = g_steal_pointer (&source);

  {
    /* TRANSLATORS: the format of the file, as GDAL names it: CSV, GPKG, ... */
    g_autofree char *subtitle = g_strdup_printf (_("Format: %s"), self->source->driver);
    adw_action_row_set_subtitle (self->file_row, subtitle);
  }
  for (guint i = 0; i < self->source->layers->len; i++)
    {
      SmSourceLayer *layer = g_ptr_array_index (self->source->layers, i);
      g_autofree char *label = NULL;

      if (layer->n_features >= 0)
        /* TRANSLATORS: a layer of the file and how many rows it has */
        label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%'d row)", "%s (%'d rows)",
                                              (gulong) layer->n_features),
                                 layer->name, (int) layer->n_features);
      else
        label = g_strdup (layer->name);
      gtk_string_list_append (names, label);
    }
  adw_combo_row_set_model (self->layer_row, G_LIST_MODEL (names));
  gtk_widget_set_sensitive (GTK_WIDGET (self->layer_row), self->source->layers->len > 1);
  adw_combo_row_set_selected (self->layer_row, 0);
  on_layer_changed (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), TRUE);
  return TRUE;
}

/* Choosing a file */

static void
on_file_chosen (GtkNativeDialog *native,
                int              response,
                gpointer         user_data)
{
  g_autoptr (SmImportDialog) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        sm_import_dialog_load_file (self, path);
    }
  g_object_unref (native);
}

static void
on_choose_clicked (SmImportDialog *self)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  native = gtk_file_chooser_native_new (_("Choose a File to Import"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Spreadsheets and GIS files"));
  for (const char * const *p = (const char * const[]) { "*.csv", "*.xlsx", "*.ods", "*.geojson",
                                                       "*.json", "*.shp", "*.gpkg", "*.kml",
                                                       "*.gml", "*.fgb", "*.osm", "*.pbf",
                                                       "*.zip", NULL };
       *p != NULL; p++)
    gtk_file_filter_add_pattern (filter, *p);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("All files"));
  gtk_file_filter_add_pattern (filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);

  g_signal_connect (native, "response", G_CALLBACK (on_file_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Importing */

static void
on_progress (double   fraction,
             gpointer user_data)
{
  SmImportDialog *self = user_data;
  g_autofree char *text = g_strdup_printf ("%d %%", (int) (fraction * 100));

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

/**
 * sm_import_dialog_summarize:
 * @result: an import's result
 *
 * Returns: (transfer full): the sentence of the toast: rows imported and
 *   rejected, and how many rejections the report does not list
 */
char *
sm_import_dialog_summarize (const SmImportResult *result)
{
  int imported = sm_import_result_count_imported (result);
  int rejected = sm_import_result_count_rejected (result);
  int not_kept = 0;
  g_autofree char *base = g_path_get_basename (result->file);
  g_autofree char *first = NULL;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < result->layers->len; i++)
    not_kept += ((SmLayerImport *) g_ptr_array_index (result->layers, i))->rejected_not_kept;
  if (result->rolled_back)
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* TRANSLATORS: %s is the file's name; %d a number
                                             * of rows */
                                            "Nothing imported from %s: %d row was rejected",
                                            "Nothing imported from %s: %d rows were rejected",
                                            rejected),
                               base, rejected);
  else
    {
      /* TRANSLATORS: %d is a number of rows; %s the file's name */
      first = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %d row from %s",
                                            "Imported %d rows from %s", imported),
                               imported, base);
      if (rejected == 0)
        return g_steal_pointer (&first);
      /* TRANSLATORS: %s is “Imported 12 rows from flows.csv” */
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s; %d row rejected",
                                              "%s; %d rows rejected", rejected),
                                 first, rejected);
    }
  if (not_kept == 0)
    return g_steal_pointer (&summary);
  /* TRANSLATORS: %s is “Imported 12 rows from flows.csv; 12 345 rows rejected”;
   * %d how many of the rejected rows the report does not list */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d not listed)",
                                       "%s (%d not listed)", not_kept),
                          summary, not_kept);
}

static gboolean
has_details (const SmImportResult *result)
{
  for (guint i = 0; i < result->layers->len; i++)
    {
      SmLayerImport *l = g_ptr_array_index (result->layers, i);
      if (l->rejected->len > 0 || l->notes->len > 0)
        return TRUE;
    }
  return FALSE;
}

/* The window that opened the dialog, reached only through its actions */
static void
tell_parent (SmImportDialog *self,
             const char     *toast)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-toast", "s", toast);
}

static void
on_import_done (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr (SmImportDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SmImportResult) result = sm_import_run_finish (res, &error);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *summary = NULL;

  self->running = FALSE;
  if (result == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          tell_parent (self, _("Import stopped: the project is as it was"));
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      gtk_stack_set_visible_child_name (self->stack, "form");
      gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), TRUE);
      {
        AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (
          adw_message_dialog_new (GTK_WINDOW (self), _("Nothing Was Imported"), error->message));
        adw_message_dialog_add_response (dialog, "close", _("_Close"));
        gtk_window_present (GTK_WINDOW (dialog));
      }
      return;
    }

  if (self->project != NULL)
    sm_project_emit_changed (self->project);
  summary = sm_import_dialog_summarize (result);
  tell_parent (self, summary);
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.zoom-to-project", NULL);
  /* The rejected rows and notes, named by the file's own columns */
  if (has_details (result))
    gtk_window_present (GTK_WINDOW (sm_import_report_new (parent, result, self->columns)));
  gtk_window_destroy (GTK_WINDOW (self));
}

static SmImportOptions *
collect_options (SmImportDialog *self)
{
  SmSourceLayer *layer = selected_layer (self);
  SmImportOptions *options = sm_import_options_new (selected_kind (self));
  const char *srs = gtk_editable_get_text (GTK_EDITABLE (self->srs_row));

  options->layer = g_strdup (layer ? layer->name : NULL);
  options->srs = srs != NULL && *srs != '\0' ? g_strstrip (g_strdup (srs)) : NULL;
  options->strict = gtk_switch_get_active (self->strict_switch);
  /* What the rows show is what is imported: every field explicitly, and
   * "(none)" as an empty column name. */
  for (guint i = 0; i < self->mapping_rows->len; i++)
    {
      AdwComboRow *row = g_ptr_array_index (self->mapping_rows, i);
      guint sel = adw_combo_row_get_selected (row);
      const char *field = g_object_get_data (G_OBJECT (row), "sm-field");
      const char *column = sel > 0 && layer ? g_ptr_array_index (layer->columns, sel - 1) : "";

      g_hash_table_insert (options->mapping, g_strdup (field), g_strdup (column));
    }
  return options;
}

/**
 * sm_import_dialog_run:
 * @self: a dialog with a file loaded
 *
 * Starts the import in a thread.
 */
void
sm_import_dialog_run (SmImportDialog *self)
{
  char *address;
  g_autoptr (SmImportOptions) options = NULL;
  SmProject *project;

  g_return_if_fail (SM_IS_IMPORT_DIALOG (self));

  project = self->project;
  if (self->path == NULL || project == NULL || self->running)
    return;
  options = collect_options (self);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  self->columns = g_hash_table_ref (options->mapping);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->running = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), FALSE);
  on_progress (0, self);
  gtk_stack_set_visible_child_name (self->stack, "progress");
  /* The worker's own connection: with the password a database may ask for */
  address = sm_project_dup_open_address (project);
  sm_import_run_async (address, self->path, options, on_progress, self,
                       self->cancellable, on_import_done, g_object_ref (self));
  sm_project_free_open_address (address);
}

static void
on_import_clicked (SmImportDialog *self)
{
  sm_import_dialog_run (self);
}

static void
on_cancel_clicked (SmImportDialog *self)
{
  if (self->running)
    {
      /* The thread rolls back; on_import_done closes the dialog. */
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
      return;
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static gboolean
on_close_request (GtkWindow *window)
{
  SmImportDialog *self = SM_IMPORT_DIALOG (window);

  /* Closing while importing stops the import first. */
  if (self->running)
    {
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return FALSE;
}

/* GObject */

static void
sm_import_dialog_dispose (GObject *object)
{
  SmImportDialog *self = SM_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->project);
  g_clear_pointer (&self->columns, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_IMPORT_DIALOG);
  G_OBJECT_CLASS (sm_import_dialog_parent_class)->dispose (object);
}

static void
sm_import_dialog_finalize (GObject *object)
{
  SmImportDialog *self = SM_IMPORT_DIALOG (object);

  g_free (self->path);
  g_clear_pointer (&self->source, sm_source_free);
  g_ptr_array_unref (self->mapping_rows);
  G_OBJECT_CLASS (sm_import_dialog_parent_class)->finalize (object);
}

static void
sm_import_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SmImportDialog *self = SM_IMPORT_DIALOG (object);

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
sm_import_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SmImportDialog *self = SM_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_set_object (&self->project, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_import_dialog_class_init (SmImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sm_import_dialog_dispose;
  object_class->finalize = sm_import_dialog_finalize;
  object_class->get_property = sm_import_dialog_get_property;
  object_class->set_property = sm_import_dialog_set_property;
  window_class->close_request = on_close_request;

  /**
   * SmImportDialog:project:
   *
   * The project the file is imported into.
   */
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, SM_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SmImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SmImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, SmImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SmImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, SmImportDialog, layer_row);
  gtk_widget_class_bind_template_child (widget_class, SmImportDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, SmImportDialog, srs_row);
  gtk_widget_class_bind_template_child (widget_class, SmImportDialog, strict_switch);
  gtk_widget_class_bind_template_child (widget_class, SmImportDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, SmImportDialog, preview_grid);
  gtk_widget_class_bind_template_child (widget_class, SmImportDialog, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_clicked);
}

static void
sm_import_dialog_init (SmImportDialog *self)
{
  g_autoptr (GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->mapping_rows = g_ptr_array_new ();
  for (int k = 0; k < SM_N_IMPORT_KINDS; k++)
    gtk_string_list_append (kinds, sm_import_kind_get_label (k));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  g_signal_connect_swapped (self->layer_row, "notify::selected", G_CALLBACK (on_layer_changed), self);
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_kind_changed), self);
}

/**
 * sm_import_dialog_new:
 * @parent: the window that opens it: it gets the toast and the zoom
 *   through its win.show-toast and win.zoom-to-project actions
 * @project: the project to import into
 * @file: (nullable): the file, when it was dropped on the window
 *
 * Returns: (transfer none): the dialog, shown
 */
SmImportDialog *
sm_import_dialog_new (GtkWindow *parent,
                      SmProject *project,
                      GFile     *file)
{
  SmImportDialog *self = g_object_new (SM_TYPE_IMPORT_DIALOG, "transient-for", parent,
                                       "project", project, NULL);

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      if (path != NULL)
        sm_import_dialog_load_file (self, path);
    }
  gtk_window_present (GTK_WINDOW (self));
  if (file == NULL)
    on_choose_clicked (self);
  return self;
}

SmProject *
sm_import_dialog_get_project (SmImportDialog *self)
{
  g_return_val_if_fail (SM_IS_IMPORT_DIALOG (self), NULL);
  return self->project;
}
