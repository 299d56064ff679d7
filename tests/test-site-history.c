/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The site panel's History under Xvfb: an edit and its undo through the
 * window's undo stack are both recorded and listed, the newest first, in
 * words; a closed History reads nothing.
 */
#include "config.h"

#include <adwaita.h>

#include "sm-edit-words.h"
#include "sm-items.h"
#include "sm-resources.h"
#include "sm-site-panel.h"
#include "sm-test-util.h"
#include "sm-undo.h"

static void
iterate (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static char *
row_text (GListModel *model,
          guint       i)
{
  g_autoptr (SmEditItem) item = g_list_model_get_item (model, i);

  g_assert_nonnull (item);
  return sm_edit_entry_describe (sm_edit_item_get (item));
}

static void
test_history (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  g_autoptr (SmUndoStack) undo = NULL;
  g_autoptr (SmEditCommand) rename = NULL;
  g_autoptr (SmSite) before = NULL;
  g_autoptr (SmSite) after = NULL;
  g_autofree char *text = NULL;
  SmSite site = { .name = (char *) "Aalborg Portland", .lat = 57.04, .lon = 9.99 };
  GtkWidget *window = gtk_window_new ();
  SmSitePanel *panel;
  GtkExpander *expander;
  GListModel *history;
  gint64 site_id;

  g_assert_no_error (error);
  site_id = sm_project_add_site (project, &site, &error);
  g_assert_no_error (error);

  panel = g_object_new (SM_TYPE_SITE_PANEL, "project", project, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  sm_site_panel_set_site_id (panel, site_id);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();
  history = sm_site_panel_get_history (panel);
  /* The last child of the panel's box */
  expander = GTK_EXPANDER (
    gtk_widget_get_last_child (gtk_widget_get_first_child (GTK_WIDGET (panel))));
  g_assert_true (GTK_IS_EXPANDER (expander));

  /* Closed: nothing read */
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 0);
  gtk_expander_set_expanded (expander, TRUE);
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);
  text = row_text (history, 0);
  g_assert_cmpstr (text, ==, "Site added: Aalborg Portland");
  g_clear_pointer (&text, g_free);

  /* An edit through the undo stack, as the site form makes it */
  undo = sm_undo_stack_new (project);
  before = sm_project_get_site (project, site_id, &error);
  after = sm_site_copy (before);
  g_free (after->name);
  after->name = g_strdup ("Aalborg Portland A/S");
  rename = sm_edit_command_new_site (SM_EDIT_UPDATE_SITE, before, after);
  g_assert_true (sm_undo_stack_push (undo, rename, &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
  text = row_text (history, 0);
  g_assert_cmpstr (text, ==, "Name: Aalborg Portland → Aalborg Portland A/S");
  g_clear_pointer (&text, g_free);

  /* Its undo is a change of its own, the newest */
  g_assert_true (sm_undo_stack_undo (undo, &error));
  g_assert_no_error (error);
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 3);
  text = row_text (history, 0);
  g_assert_cmpstr (text, ==, "Name: Aalborg Portland A/S → Aalborg Portland");
  g_clear_pointer (&text, g_free);
  {
    g_autoptr (SmEditItem) item = g_list_model_get_item (history, 0);
    g_autofree char *byline = sm_edit_entry_byline (sm_edit_item_get (item));

    g_assert_nonnull (strstr (byline, g_get_user_name ()));
  }

  /* Another site: its own history */
  sm_site_panel_set_site_id (panel, 0);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_clear_object (&undo);
  g_clear_object (&project);
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Links the window's resources in (its .ui templates); nothing else
   * here refers to them */
  g_assert_nonnull (sm_get_resource ());
  g_test_add_func ("/site-history/undo-recorded", test_history);
  return g_test_run ();
}
