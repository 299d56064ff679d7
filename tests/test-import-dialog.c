/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Import dialog under Xvfb: a dropped file is read, its kind guessed,
 * its columns mapped, and the import runs in a thread and lands in the
 * window's project.
 */
#include "config.h"

#include <adwaita.h>

#include "sm-import-dialog.h"
#include "sm-import-report.h"
#include "sm-test-util.h"
#include "sm-window.h"

static void
iterate_main_loop (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
collect_widgets (GtkWidget *widget,
                 GType      type,
                 GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, out);
}

static AdwComboRow *
find_combo (GtkWidget  *root,
            const char *title)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new ();

  collect_widgets (root, ADW_TYPE_COMBO_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)), title) == 0)
      return g_ptr_array_index (rows, i);
  return NULL;
}

static const char *
combo_text (AdwComboRow *row)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (row);

  return item ? gtk_string_object_get_string (item) : NULL;
}

typedef struct
{
  char      *dir;
  char      *path;
  SmWindow  *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = NULL;

  f->dir = sm_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "port.sqlite", NULL);
  project = sm_project_create (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&project);
  f->window = g_object_ref_sink (sm_window_new (NULL));
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (sm_window_open_project (f->window, f->path, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate_main_loop ();
  g_assert_finalize_object (f->window);
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
on_changed (SmProject *project,
            int       *n)
{
  (*n)++;
}

static void
wait_for_destroy (GtkWidget *widget)
{
  gboolean done = FALSE;

  g_signal_connect_swapped (widget, "destroy", G_CALLBACK (g_nullify_pointer), &widget);
  while (widget != NULL && !done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_sites (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *sample = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (sample);
  SmImportDialog *dialog;
  SmProject *project = sm_window_get_project (f->window);
  g_autoptr (SmProjectInfo) info = NULL;
  AdwComboRow *kind, *name, *phone;
  int changed = 0;

  g_signal_connect (project, "changed", G_CALLBACK (on_changed), &changed);
  dialog = sm_import_dialog_new (GTK_WINDOW (f->window), project, file);
  iterate_main_loop ();

  kind = find_combo (GTK_WIDGET (dialog), "Import as");
  g_assert_nonnull (kind);
  g_assert_cmpuint (adw_combo_row_get_selected (kind), ==, SM_IMPORT_KIND_SITES);
  name = find_combo (GTK_WIDGET (dialog), "Name");
  g_assert_nonnull (name);
  g_assert_cmpstr (combo_text (name), ==, "name");
  /* Not reading the phone column: the imported sites have no phone. */
  phone = find_combo (GTK_WIDGET (dialog), "Phone");
  g_assert_cmpstr (combo_text (phone), ==, "phone");
  adw_combo_row_set_selected (phone, 0);

  sm_import_dialog_run (dialog);
  wait_for_destroy (GTK_WIDGET (dialog));

  info = sm_project_get_info (project, NULL);
  g_assert_cmpint (info->n_sites, ==, 58);
  /* The dialog says so; the window's watch may also have seen the import
   * thread's commit (PRAGMA data_version), depending on timing */
  g_assert_cmpint (changed, >=, 1);
  {
    g_autoptr (GPtrArray) sites = sm_project_list_sites (project, NULL);
    for (guint i = 0; i < sites->len; i++)
      g_assert_null (((SmSite *) g_ptr_array_index (sites, i))->phone);
  }
}

static void
test_flows_guess (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *sample = g_build_filename (SOURCE_SAMPLES_DIR, "flows-sv.csv", NULL);
  g_autofree char *network = g_build_filename (SOURCE_SAMPLES_DIR, "network-aalborg.geojson", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (sample);
  SmImportDialog *dialog = sm_import_dialog_new (GTK_WINDOW (f->window),
                                                 sm_window_get_project (f->window), file);
  AdwComboRow *kind, *amount, *site;

  iterate_main_loop ();
  kind = find_combo (GTK_WIDGET (dialog), "Import as");
  g_assert_cmpuint (adw_combo_row_get_selected (kind), ==, SM_IMPORT_KIND_FLOWS);
  /* The dialog says the kind was found, until another is chosen */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (kind)), ==,
                   "Found from the columns and geometry");
  adw_combo_row_set_selected (kind, SM_IMPORT_KIND_SITES);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (kind)), ==, "");
  adw_combo_row_set_selected (kind, SM_IMPORT_KIND_FLOWS);
  /* Swedish headers in Windows-1252 */
  amount = find_combo (GTK_WIDGET (dialog), "Amount");
  g_assert_cmpstr (combo_text (amount), ==, "mängd");
  site = find_combo (GTK_WIDGET (dialog), "Site ID");
  g_assert_cmpstr (combo_text (site), ==, "anläggning");

  /* Another file in the same dialog: lines are a network. */
  g_assert_true (sm_import_dialog_load_file (dialog, network));
  iterate_main_loop ();
  g_assert_cmpuint (adw_combo_row_get_selected (kind), ==, SM_IMPORT_KIND_NETWORK);
  g_assert_false (sm_import_dialog_load_file (dialog, "/nonexistent/file.csv"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate_main_loop ();
}

/* A public register as downloaded: the dialog names it, says what comes
 * in, offers no columns to map, and imports it by its profile. */
static void
test_register (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *excerpt = g_test_build_filename (G_TEST_DIST, "data",
                                                    "hotmaps-industrial-database-excerpt.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (excerpt);
  g_autoptr (GPtrArray) groups = g_ptr_array_new ();
  SmImportDialog *dialog = sm_import_dialog_new (GTK_WINDOW (f->window),
                                                 sm_window_get_project (f->window), file);
  SmProject *project = sm_window_get_project (f->window);
  g_autoptr (SmProjectInfo) info = NULL;
  gboolean said = FALSE;

  iterate_main_loop ();
  collect_widgets (GTK_WIDGET (dialog), ADW_TYPE_PREFERENCES_GROUP, groups);
  for (guint i = 0; i < groups->len; i++)
    {
      const char *d = adw_preferences_group_get_description (g_ptr_array_index (groups, i));
      said |= d != NULL && g_str_has_prefix (d, "Recognised: Hotmaps industrial database");
    }
  g_assert_true (said);
  g_assert_null (find_combo (GTK_WIDGET (dialog), "Name"));

  sm_import_dialog_run (dialog);
  wait_for_destroy (GTK_WIDGET (dialog));
  info = sm_project_get_info (project, NULL);
  g_assert_cmpint (info->n_sites, >, 50);
  g_assert_cmpint (info->flows_by[SM_RESOURCE_HEAT][SM_DIRECTION_SUPPLY], >, 10);
}

/* Flows naming their site by name, mapped in the dialog as the CLI maps
 * them: every row links to the site of that name. */
static void
test_flows_by_name (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *sites = g_build_filename (f->dir, "virksomheder.csv", NULL);
  g_autofree char *flows = g_build_filename (f->dir, "behov.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (flows);
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  g_autoptr (SmImportResult) imported = NULL;
  g_autoptr (GError) error = NULL;
  SmProject *project = sm_window_get_project (f->window);
  SmImportDialog *dialog;
  AdwComboRow *name;
  g_autoptr (SmProjectInfo) info = NULL;

  g_assert_true (g_file_set_contents (sites, "virksomhed;lat;lon\n"
                                             "Østergaard Mejeri A/S;56,1;10,2\n"
                                             "Skælskør Bryghus ApS;55,25;11,29\n", -1, NULL));
  g_assert_true (g_file_set_contents (flows, "firma;retning;ressource;mængde\n"
                                             "OSTERGAARD MEJERI;overskud;varme;100\n"
                                             "skaelskoer bryghus;behov;varme;50\n", -1, NULL));
  imported = sm_import_run (project, sites, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  dialog = sm_import_dialog_new (GTK_WINDOW (f->window), project, file);
  iterate_main_loop ();
  name = find_combo (GTK_WIDGET (dialog), "Name");
  g_assert_nonnull (name);
  g_assert_cmpstr (combo_text (name), ==, "firma");
  sm_import_dialog_run (dialog);
  wait_for_destroy (GTK_WIDGET (dialog));

  info = sm_project_get_info (project, NULL);
  g_assert_cmpint (info->n_sites, ==, 2);
  g_assert_cmpint (info->n_flows, ==, 2);
}

/* A parent that is not an SmWindow: the dialog reaches it only through
 * the actions it activates, recorded here. */
typedef struct
{
  GPtrArray *toasts;
  int        zooms;
} Calls;

static void
on_show_toast (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  Calls *calls = user_data;

  g_ptr_array_add (calls->toasts, g_variant_dup_string (parameter, NULL));
}

static void
on_zoom (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  ((Calls *) user_data)->zooms++;
}

static GtkWindow *
parent_new (Calls *calls)
{
  GtkWindow *parent = GTK_WINDOW (gtk_window_new ());
  g_autoptr (GSimpleActionGroup) group = g_simple_action_group_new ();
  const GActionEntry entries[] = {
    { "show-toast", on_show_toast, "s", NULL, NULL, { 0 } },
    { "zoom-to-project", on_zoom, NULL, NULL, NULL, { 0 } },
  };

  calls->toasts = g_ptr_array_new_with_free_func (g_free);
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), calls);
  gtk_widget_insert_action_group (GTK_WIDGET (parent), "win", G_ACTION_GROUP (group));
  gtk_window_present (parent);
  return parent;
}

static SmImportReport *
find_report (void)
{
  g_autoptr (GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (SM_IS_IMPORT_REPORT (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

/* Sites with Danish column names, one with a latitude that is no number:
 * imported through a parent that only has the two actions, and reported
 * under the file's column. */
static SmImportReport *
import_with_rejection (Fixture   *f,
                       GtkWindow *parent,
                       Calls     *calls)
{
  g_autofree char *path = g_build_filename (f->dir, "virksomheder.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  SmProject *project = sm_window_get_project (f->window);
  SmImportDialog *dialog;
  int changed = 0;

  g_assert_true (g_file_set_contents (path, "virksomhed;breddegrad;længdegrad\n"
                                            "Østergaard Mejeri A/S;56,1;10,2\n"
                                            "Skælskør Bryghus ApS;nord;11,29\n", -1, NULL));
  g_signal_connect (project, "changed", G_CALLBACK (on_changed), &changed);
  dialog = sm_import_dialog_new (parent, project, file);
  g_assert_true (sm_import_dialog_get_project (dialog) == project);
  iterate_main_loop ();
  g_assert_cmpstr (combo_text (find_combo (GTK_WIDGET (dialog), "Latitude")), ==, "breddegrad");
  sm_import_dialog_run (dialog);
  wait_for_destroy (GTK_WIDGET (dialog));
  iterate_main_loop ();
  g_signal_handlers_disconnect_by_data (project, &changed);

  g_assert_cmpint (changed, >=, 1);
  g_assert_cmpuint (calls->toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (calls->toasts, 0), ==,
                   "Imported 1 row from virksomheder.csv; 1 row rejected");
  g_assert_cmpint (calls->zooms, ==, 1);
  return find_report ();
}

static void
test_through_actions (Fixture       *f,
                      gconstpointer  data)
{
  Calls calls = { 0 };
  GtkWindow *parent = parent_new (&calls);
  SmImportReport *report = import_with_rejection (f, parent, &calls);
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  gint64 until = g_get_monotonic_time () + 5 * G_TIME_SPAN_SECOND;
  gboolean named = FALSE, lat = FALSE;

  g_assert_nonnull (report);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (report)) == parent);
  /* The row is named by the file's column, not the field "lat": the table
   * makes its cells when it is laid out */
  while (!named && g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_ptr_array_set_size (labels, 0);
      collect_widgets (GTK_WIDGET (report), GTK_TYPE_LABEL, labels);
      for (guint i = 0; i < labels->len; i++)
        {
          const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

          named |= g_str_equal (text, "breddegrad");
          lat |= g_str_equal (text, "lat");
        }
    }
  g_assert_true (named);
  g_assert_false (lat);

  gtk_window_destroy (parent);
  iterate_main_loop ();
  g_assert_null (find_report ());
  g_ptr_array_unref (calls.toasts);
}

static void
test_report_copy (Fixture       *f,
                  gconstpointer  data)
{
  Calls calls = { 0 };
  GtkWindow *parent = parent_new (&calls);
  SmImportReport *report = import_with_rejection (f, parent, &calls);
  GdkContentProvider *content;
  g_auto (GValue) value = G_VALUE_INIT;
  g_auto (GStrv) lines = NULL;
  g_auto (GStrv) cells = NULL;

  g_assert_nonnull (report);
  gtk_widget_activate_action (GTK_WIDGET (report), "report.copy", NULL);
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (GTK_WIDGET (report)));
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  lines = g_strsplit (g_value_get_string (&value), "\n", -1);
  g_assert_cmpstr (lines[0], ==, "Layer\tRow\tColumn\tValue\tReason");
  g_assert_nonnull (lines[1]);
  cells = g_strsplit (lines[1], "\t", -1);
  g_assert_cmpuint (g_strv_length (cells), ==, 5);
  g_assert_cmpstr (cells[2], ==, "breddegrad");
  g_assert_cmpstr (cells[3], ==, "nord");
  g_assert_cmpint (atoi (cells[1]), >, 0);
  g_assert_cmpstr (cells[4], !=, "");

  gtk_window_destroy (parent);
  iterate_main_loop ();
  g_ptr_array_unref (calls.toasts);
}

static void
on_saved (GObject      *source,
          GAsyncResult *res,
          gpointer      user_data)
{
  GError **error = user_data;

  if (!sm_import_report_save_finish (SM_IMPORT_REPORT (source), res, error))
    g_assert_nonnull (*error);
  *(gboolean *) g_object_get_data (source, "test-done") = TRUE;
}

static void
test_report_save_csv (Fixture       *f,
                      gconstpointer  data)
{
  Calls calls = { 0 };
  GtkWindow *parent = parent_new (&calls);
  SmImportReport *report = import_with_rejection (f, parent, &calls);
  g_autofree char *out = g_build_filename (f->dir, "rejected.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (out);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto (GStrv) lines = NULL;
  gboolean done = FALSE;

  g_assert_nonnull (report);
  g_object_set_data (G_OBJECT (report), "test-done", &done);
  sm_import_report_save_async (report, file, NULL, on_saved, &error);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (out, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "Layer,Row,Column,Value,Reason");
  g_assert_nonnull (lines[1]);
  g_assert_nonnull (strstr (lines[1], ",breddegrad,nord,"));
  /* The CSV is the report's own text, as saved */
  {
    g_autofree char *csv = sm_import_report_to_csv (report);
    g_assert_cmpstr (csv, ==, contents);
  }

  /* Saving onto a folder that is not there says so */
  {
    g_autoptr (GFile) bad = g_file_new_for_path ("/nonexistent/folder/rejected.csv");
    done = FALSE;
    sm_import_report_save_async (report, bad, NULL, on_saved, &error);
    while (!done)
      g_main_context_iteration (NULL, TRUE);
    g_assert_nonnull (error);
  }

  gtk_window_destroy (parent);
  iterate_main_loop ();
  g_ptr_array_unref (calls.toasts);
}

/* Escape closes the report: the shortcut is there and does it */
static void
test_report_escape (Fixture       *f,
                    gconstpointer  data)
{
  Calls calls = { 0 };
  GtkWindow *parent = parent_new (&calls);
  SmImportReport *report = import_with_rejection (f, parent, &calls);
  g_autoptr (GListModel) controllers = NULL;
  GtkShortcut *escape = NULL;

  g_assert_nonnull (report);
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (report));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && escape == NULL; i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_Escape
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            escape = g_object_ref (shortcut);
        }
    }
  g_assert_nonnull (escape);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (escape), 0,
                                               GTK_WIDGET (report),
                                               gtk_shortcut_get_arguments (escape)));
  g_object_unref (escape);
  iterate_main_loop ();
  g_assert_null (find_report ());

  gtk_window_destroy (parent);
  iterate_main_loop ();
  g_ptr_array_unref (calls.toasts);
}

/* The toast counts the rejections the report does not list */
static void
test_summary_not_kept (void)
{
  SmImportResult result = { .file = (char *) "/data/flows.csv" };
  SmLayerImport layer = { .layer = (char *) "flows", .imported = 5, .rejected_not_kept = 2345 };
  SmRejectedRow row = { .row = 3, .field = (char *) "amount", .reason = (char *) "no number" };
  g_autofree char *summary = NULL;
  g_autofree char *plain = NULL;

  result.layers = g_ptr_array_new ();
  layer.rejected = g_ptr_array_new ();
  layer.notes = g_ptr_array_new ();
  g_ptr_array_add (layer.rejected, &row);
  g_ptr_array_add (result.layers, &layer);
  summary = sm_import_dialog_summarize (&result);
  g_assert_cmpstr (summary, ==,
                   "Imported 5 rows from flows.csv; 2346 rows rejected (2345 not listed)");
  layer.rejected_not_kept = 0;
  plain = sm_import_dialog_summarize (&result);
  g_assert_cmpstr (plain, ==, "Imported 5 rows from flows.csv; 1 row rejected");
  g_ptr_array_unref (layer.rejected);
  g_ptr_array_unref (layer.notes);
  g_ptr_array_unref (result.layers);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/import-dialog/sites", Fixture, NULL, fixture_set_up, test_sites, fixture_tear_down);
  g_test_add ("/import-dialog/flows-guess", Fixture, NULL, fixture_set_up, test_flows_guess,
              fixture_tear_down);
  g_test_add ("/import-dialog/register", Fixture, NULL, fixture_set_up, test_register,
              fixture_tear_down);
  g_test_add ("/import-dialog/flows-by-name", Fixture, NULL, fixture_set_up, test_flows_by_name,
              fixture_tear_down);
  g_test_add ("/import-dialog/through-actions", Fixture, NULL, fixture_set_up,
              test_through_actions, fixture_tear_down);
  g_test_add ("/import-dialog/report-copy", Fixture, NULL, fixture_set_up, test_report_copy,
              fixture_tear_down);
  g_test_add ("/import-dialog/report-save-csv", Fixture, NULL, fixture_set_up,
              test_report_save_csv, fixture_tear_down);
  g_test_add ("/import-dialog/report-escape", Fixture, NULL, fixture_set_up, test_report_escape,
              fixture_tear_down);
  g_test_add_func ("/import-dialog/summary-not-kept", test_summary_not_kept);
  return g_test_run ();
}
