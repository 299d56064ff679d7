/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A damaged project opens read-only, and the window says why in a toast
 * that stays until dismissed (libadwaita 1.2 has no AdwBanner).
 */
#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "sm-import.h"
#include "sm-test-util.h"
#include "sm-window.h"

static void
iterate_main_loop (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
shows_label (GtkWidget  *widget,
             const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0
      && gtk_widget_get_visible (widget))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_label (child, text))
      return TRUE;
  return FALSE;
}

static char *
make_project (const char *dir)
{
  g_autofree char *sample = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
  char *path = g_build_filename (dir, "port.sqlite", NULL);
  g_autoptr (SmProject) project = NULL;
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (GError) error = NULL;

  project = sm_project_create (path, &error);
  g_assert_no_error (error);
  result = sm_import_run (project, sample, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return path;
}

/* Writes junk over the first page of the sites table */
static void
damage (const char *path)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  int root, page_size;
  guchar junk[512];
  FILE *fp;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "SELECT rootpage FROM sqlite_master WHERE name = 'sites'", -1, &stmt,
                      NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page_size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  memset (junk, 0xA5, sizeof junk);
  fp = fopen (path, "r+b");
  g_assert_nonnull (fp);
  g_assert_cmpint (fseek (fp, (long) (root - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (junk, 1, sizeof junk, fp), ==, sizeof junk);
  fclose (fp);
}

/* Drawing a damaged table logs why it cannot (the map layers warn, as they
 * should); the test shows what the user sees, so these are not fatal. */
static gboolean
damage_is_not_fatal (const char     *log_domain,
                     GLogLevelFlags  log_level,
                     const char     *message,
                     gpointer        user_data)
{
  return strstr (message, "malformed") == NULL;
}

static void
quiet_about_damage (const char     *log_domain,
                    GLogLevelFlags  log_level,
                    const char     *message,
                    gpointer        user_data)
{
  if (strstr (message, "malformed") == NULL)
    g_log_default_handler (log_domain, log_level, message, user_data);
}

static void
test_warning (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = make_project (dir);
  g_autoptr (GError) error = NULL;
  SmWindow *window;
  const char *warning;

  /* A sound project: no warning shown */
  window = g_object_ref_sink (sm_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sm_window_open_project (window, path, &error));
  g_assert_no_error (error);
  iterate_main_loop ();
  g_assert_null (sm_project_get_warning (sm_window_get_project (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_main_loop ();
  g_assert_finalize_object (window);

  damage (path);
  g_test_log_set_fatal_handler (damage_is_not_fatal, NULL);
  g_log_set_default_handler (quiet_about_damage, NULL);
  window = g_object_ref_sink (sm_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sm_window_open_project (window, path, &error));
  g_assert_no_error (error);
  iterate_main_loop ();
  warning = sm_project_get_warning (sm_window_get_project (window));
  g_assert_nonnull (warning);
  g_assert_true (shows_label (GTK_WIDGET (window), warning));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate_main_loop ();
  g_assert_finalize_object (window);
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window-warning/damaged-project", test_warning);
  return g_test_run ();
}
