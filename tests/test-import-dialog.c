/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Import dialog under Xvfb: a dropped file is read, its kind guessed,
 * its columns mapped, and the import runs in a thread and lands in the
 * window's project.
 */
#include "config.h"

#include <adwaita.h>

#include "sm-import-dialog.h"
#include "sm-test-util.h"

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
  dialog = sm_import_dialog_new (f->window, file);
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
  g_assert_cmpint (changed, ==, 1);
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
  SmImportDialog *dialog = sm_import_dialog_new (f->window, file);
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
  SmImportDialog *dialog = sm_import_dialog_new (f->window, file);
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

  dialog = sm_import_dialog_new (f->window, file);
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
  return g_test_run ();
}
