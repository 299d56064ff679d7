/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report of an import's rejected rows and notes, as a table: each row
 * named by its number and the file's own column (not the field it was
 * read into), with the value and the reason,
 * with Copy (the rows as tab-separated text, for a spreadsheet or a
 * mail) and Save as CSV. Escape closes it.
 */
#define G_LOG_DOMAIN "sm-import-report"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-import-report.h"

typedef struct
{
  char *layer;
  int   row;      /* 0 for a note */
  char *column;   /* the file's column, or NULL */
  char *value;
  char *reason;   /* or the note */
} Entry;

struct _SmImportReport
{
  AdwWindow           parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkLabel            *summary_label;
  GtkColumnView       *column_view;

  /* Owned */
  char                *base;    /* the imported file's name */
  GPtrArray           *entries; /* of Entry, rejected rows then notes, layer by layer */
};

G_DEFINE_FINAL_TYPE (SmImportReport, sm_import_report, ADW_TYPE_WINDOW)

/* One line of the table, for the column view's model: 10 000 rejected rows
 * as a list of widgets took 22 s to show; a column view makes the rows on
 * screen only. The report owns the entries; the items point into them. */
#define SM_TYPE_REPORT_ITEM (sm_report_item_get_type ())
G_DECLARE_FINAL_TYPE (SmReportItem, sm_report_item, SM, REPORT_ITEM, GObject)

struct _SmReportItem
{
  GObject      parent_instance;
  const Entry *entry;
};

G_DEFINE_FINAL_TYPE (SmReportItem, sm_report_item, G_TYPE_OBJECT)

static void
sm_report_item_class_init (SmReportItemClass *klass)
{
}

static void
sm_report_item_init (SmReportItem *self)
{
}

enum
{
  CELL_LAYER,
  CELL_ROW,
  CELL_COLUMN,
  CELL_VALUE,
  CELL_REASON,
  N_CELLS
};

static void
entry_free (Entry *e)
{
  g_free (e->layer);
  g_free (e->column);
  g_free (e->value);
  g_free (e->reason);
  g_free (e);
}

/* The file's column a rejected row's field was read from. @columns is the
 * mapping the import ran with (field -> column). A field read from no
 * column (the location from a geometry, say) is named by its label; a
 * field the mapping does not know is already a column of the file (a
 * register's profile names its own columns). */
static char *
column_name (SmImportKind kind,
             GHashTable  *columns,
             const char  *field)
{
  const char *column;
  const SmImportField *fields;
  guint n_fields = 0;

  if (field == NULL)
    return NULL;
  column = columns != NULL ? g_hash_table_lookup (columns, field) : NULL;
  if (column != NULL && *column != '\0')
    return g_strdup (column);
  fields = kind >= 0 && kind < SM_N_IMPORT_KINDS ? sm_import_get_fields (kind, &n_fields) : NULL;
  for (guint i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].name, field))
      return g_strdup (_(fields[i].label));
  return g_strdup (field);
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_yalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (GPOINTER_TO_INT (user_data) == CELL_REASON)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_width_chars (GTK_LABEL (label), 30);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
    }
  if (GPOINTER_TO_INT (user_data) == CELL_ROW)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  const Entry *e = SM_REPORT_ITEM (gtk_list_item_get_item (item))->entry;
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *row = NULL;
  const char *text = NULL;

  switch (GPOINTER_TO_INT (user_data))
    {
    case CELL_LAYER:
      text = e->layer;
      break;
    case CELL_ROW:
      text = row = e->row > 0 ? g_strdup_printf ("%d", e->row) : NULL;
      break;
    case CELL_COLUMN:
      /* TRANSLATORS: a line of the import report that is a note about the whole file, not a
       * rejected row (in the column of the column names) */
      text = e->row > 0 ? e->column : _("Note");
      break;
    case CELL_VALUE:
      text = e->value;
      break;
    default:
      text = e->reason;
      break;
    }
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (label),
                               GPOINTER_TO_INT (user_data) == CELL_REASON ? NULL : text);
}

static const char *header_cell (guint i);

static void
add_columns (SmImportReport *self,
             gboolean        with_layer)
{
  for (int c = with_layer ? CELL_LAYER : CELL_ROW; c < N_CELLS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (header_cell (c), factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, c == CELL_REASON);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}

static void
fill_page (SmImportReport       *self,
           const SmImportResult *result,
           GHashTable           *columns)
{
  g_autoptr (GListStore) store = g_list_store_new (SM_TYPE_REPORT_ITEM);
  g_autoptr (GString) summary = g_string_new (NULL);

  for (guint i = 0; i < result->layers->len; i++)
    {
      SmLayerImport *l = g_ptr_array_index (result->layers, i);
      int rejected = (int) l->rejected->len + l->rejected_not_kept;
      g_autofree char *description =
        /* TRANSLATORS: counts of rows an import read, took in and refused */
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d row read, %d imported, %d rejected",
                                      "%d rows read, %d imported, %d rejected", l->rows_read),
                         l->rows_read, l->imported, rejected);

      if (l->rejected_not_kept > 0)
        {
          g_autofree char *more =
            /* TRANSLATORS: after “12 345 rows read, 0 imported, 12 345 rejected”; %d is how
             * many rejected rows are listed */
            g_strdup_printf (_("%s (the first %d are listed)"), description,
                             (int) l->rejected->len);
          g_free (description);
          description = g_steal_pointer (&more);
        }
      if (summary->len > 0)
        g_string_append_c (summary, '\n');
      /* A layer and its counts: “flows: 12 rows read, 10 imported, 2 rejected” */
      g_string_append_printf (summary, "%s: %s", l->layer, description);
      for (guint j = 0; j < l->rejected->len; j++)
        {
          SmRejectedRow *rr = g_ptr_array_index (l->rejected, j);
          Entry *e = g_new0 (Entry, 1);

          e->layer = g_strdup (l->layer);
          e->row = rr->row;
          e->column = column_name (result->kind, columns, rr->field);
          e->value = g_strdup (rr->value);
          e->reason = g_strdup (rr->reason);
          g_ptr_array_add (self->entries, e);
        }
      for (guint j = 0; j < l->notes->len; j++)
        {
          Entry *e = g_new0 (Entry, 1);

          e->layer = g_strdup (l->layer);
          e->reason = g_strdup (g_ptr_array_index (l->notes, j));
          g_ptr_array_add (self->entries, e);
        }
    }
  for (guint i = 0; i < self->entries->len; i++)
    {
      SmReportItem *item = g_object_new (SM_TYPE_REPORT_ITEM, NULL);

      item->entry = g_ptr_array_index (self->entries, i);
      g_list_store_append (store, item);
      g_object_unref (item);
    }
  gtk_label_set_text (self->summary_label, summary->str);
  add_columns (self, result->layers->len > 1);
  gtk_column_view_set_model (self->column_view,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&store)))));
}

/* Text */

static const char *
header_cell (guint i)
{
  switch (i)
    {
    /* TRANSLATORS: the headings of the rejected rows' table, copied or saved as CSV */
    case 0: return _("Layer");
    /* TRANSLATORS: heading: the row's number in the file */
    case 1: return _("Row");
    /* TRANSLATORS: heading: the file's column the rejection is about */
    case 2: return _("Column");
    /* TRANSLATORS: heading: the value of the cell as the file writes it */
    case 3: return _("Value");
    /* TRANSLATORS: heading: why the row was rejected */
    default: return _("Reason");
    }
}

typedef void (*AppendCell) (GString *out, const char *cell);

/* Tab-separated: a tab or line break inside a cell becomes a space. */
static void
append_tsv_cell (GString    *out,
                 const char *cell)
{
  for (const char *p = cell; *p != '\0'; p++)
    g_string_append_c (out, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
}

/* RFC 4180 quoting, by hand: GLib has no CSV writer, and GDAL's would
 * need a dataset and layer for five text columns. */
static void
append_csv_cell (GString    *out,
                 const char *cell)
{
  if (strpbrk (cell, ",\"\r\n") == NULL)
    {
      g_string_append (out, cell);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = cell; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static char *
to_table (SmImportReport *self,
          AppendCell      append,
          char            separator,
          const char     *line_end)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < 5; i++)
    {
      if (i > 0)
        g_string_append_c (out, separator);
      append (out, header_cell (i));
    }
  g_string_append (out, line_end);
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *e = g_ptr_array_index (self->entries, i);
      g_autofree char *row = e->row > 0 ? g_strdup_printf ("%d", e->row) : g_strdup ("");
      const char *cells[] = { e->layer ? e->layer : "", row,
                              e->row > 0 ? (e->column ? e->column : "") : _("Note"),
                              e->value ? e->value : "", e->reason ? e->reason : "" };

      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          if (c > 0)
            g_string_append_c (out, separator);
          append (out, cells[c]);
        }
      g_string_append (out, line_end);
    }
  return g_string_free (out, FALSE);
}

/**
 * sm_import_report_to_text:
 * @self: a report
 *
 * Returns: (transfer full): every rejected row and note, one a line,
 *   tab-separated under a heading line, as Copy puts them on the clipboard
 */
char *
sm_import_report_to_text (SmImportReport *self)
{
  g_return_val_if_fail (SM_IS_IMPORT_REPORT (self), NULL);
  return to_table (self, append_tsv_cell, '\t', "\n");
}

/**
 * sm_import_report_to_csv:
 * @self: a report
 *
 * Returns: (transfer full): the same as CSV (RFC 4180: commas, quotes
 *   where needed, CRLF line ends), as Save as CSV writes it
 */
char *
sm_import_report_to_csv (SmImportReport *self)
{
  g_return_val_if_fail (SM_IS_IMPORT_REPORT (self), NULL);
  return to_table (self, append_csv_cell, ',', "\r\n");
}

/**
 * sm_import_report_copy:
 * @self: a report
 *
 * Puts every row on the clipboard as text.
 */
void
sm_import_report_copy (SmImportReport *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SM_IS_IMPORT_REPORT (self));
  text = sm_import_report_to_text (self);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  /* TRANSLATORS: a toast: the report was copied to the clipboard */
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Copied")));
}

static void
on_replaced (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), res, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * sm_import_report_save_async:
 * @self: a report
 * @file: where to write the CSV
 * @cancellable: (nullable): stops it
 * @callback: called when written
 * @user_data: for @callback
 *
 * Writes the rows as CSV in UTF-8, replacing @file atomically (GIO
 * writes a temporary file and renames it).
 */
void
sm_import_report_save_async (SmImportReport      *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;
  char *csv;
  g_autoptr (GBytes) bytes = NULL;

  g_return_if_fail (SM_IS_IMPORT_REPORT (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sm_import_report_save_async);
  csv = sm_import_report_to_csv (self);
  bytes = g_bytes_new_take (csv, strlen (csv));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, on_replaced, task);
}

gboolean
sm_import_report_save_finish (SmImportReport  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Actions */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  sm_import_report_copy (SM_IMPORT_REPORT (widget));
}

static void
on_saved (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  SmImportReport *self = SM_IMPORT_REPORT (source);
  g_autoptr (GError) error = NULL;

  if (sm_import_report_save_finish (self, res, &error))
    /* TRANSLATORS: a toast: the report was saved as a file */
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Saved")));
  else
    {
      /* TRANSLATORS: %s says why, e.g. “Permission denied” */
      g_autofree char *text = g_strdup_printf (_("Could not save: %s"), error->message);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
    }
}

static void
on_save_chosen (GtkNativeDialog *native,
                int              response,
                gpointer         user_data)
{
  g_autoptr (SmImportReport) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        sm_import_report_save_async (self, file, NULL, on_saved, NULL);
    }
  g_object_unref (native);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmImportReport *self = SM_IMPORT_REPORT (widget);
  GtkFileChooserNative *native;
  g_autofree char *stem = g_strdup (self->base);
  g_autofree char *name = NULL;
  char *dot = strrchr (stem, '.');

  if (dot != NULL && dot != stem)
    *dot = '\0';
  /* TRANSLATORS: the file name suggested for the rejected rows; %s is the
   * imported file's name without its extension */
  name = g_strdup_printf (_("%s-rejected.csv"), stem);
  native = gtk_file_chooser_native_new (_("Save Rejected Rows"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_save_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* GObject */

static void
sm_import_report_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SM_TYPE_IMPORT_REPORT);
  G_OBJECT_CLASS (sm_import_report_parent_class)->dispose (object);
}

static void
sm_import_report_finalize (GObject *object)
{
  SmImportReport *self = SM_IMPORT_REPORT (object);

  g_free (self->base);
  g_ptr_array_unref (self->entries);
  G_OBJECT_CLASS (sm_import_report_parent_class)->finalize (object);
}

static void
sm_import_report_class_init (SmImportReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_import_report_dispose;
  object_class->finalize = sm_import_report_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-import-report.ui");
  gtk_widget_class_bind_template_child (widget_class, SmImportReport, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SmImportReport, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SmImportReport, column_view);
  gtk_widget_class_install_action (widget_class, "report.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "report.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "report.copy",
                                       NULL);
}

static void
sm_import_report_init (SmImportReport *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
}

/**
 * sm_import_report_new:
 * @parent: the window it belongs to
 * @result: an import's result
 * @columns: (nullable): the mapping the import ran with, field -> column
 *   of the file, to name each rejected row's column as the file does
 *
 * Returns: (transfer none): the report, not yet shown
 */
SmImportReport *
sm_import_report_new (GtkWindow            *parent,
                      const SmImportResult *result,
                      GHashTable           *columns)
{
  SmImportReport *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (SM_TYPE_IMPORT_REPORT, "transient-for", parent, NULL);
  self->base = g_path_get_basename (result->file);
  /* TRANSLATORS: title of the window listing the rows an import rejected; %s is the file */
  title = g_strdup_printf (_("Import of %s"), self->base);
  gtk_window_set_title (GTK_WINDOW (self), title);
  fill_page (self, result, columns);
  return self;
}
