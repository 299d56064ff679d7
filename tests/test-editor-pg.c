/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The site and flow editors on a shared database (docs/POSTGRESQL.md,
 * "Several planners at once"), against the private server of sm-test-pg.c:
 * the form keeps the version it opened with; when someone else saves the
 * row meanwhile, Save shows the conflict dialog naming them, "Reload" puts
 * their row in the form and a second Save works, "Save Mine" writes the
 * form over theirs; undo of a save is checked the same way.
 */
#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "sm-conflict-dialog.h"
#include "sm-flow-editor.h"
#include "sm-pg-edit.h"
#include "sm-project-edit.h"
#include "sm-resources.h"
#include "sm-site-editor.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"
#include "sm-undo.h"

static SmTestPg *server;

typedef struct
{
  char        *dir;
  char        *uri;
  SmProject   *project;
  SmUndoStack *undo;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static int n;
  g_autofree char *sample = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;
  f->dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (f->dir, SM_TEST_SAMPLE_PLAIN);
  name = g_strdup_printf ("editor%d", ++n);
  f->uri = sm_test_pg_new_database (server, name);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, f->uri, NULL), ==, 0);
  f->project = sm_project_open (f->uri, &error);
  g_assert_no_error (error);
  f->undo = sm_undo_stack_new (f->project);
  g_object_set_data_full (G_OBJECT (f->project), "db-name", g_steal_pointer (&name), g_free);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->undo);
  g_clear_object (&f->project);
  if (f->dir != NULL)
    sm_test_rm_rf (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->uri, g_free);
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Someone else (another connection, planner "kari") saves the row */
static void
their_change (Fixture    *f,
              const char *sql_set,
              const char *table,
              gint64      id)
{
  g_autofree char *sql = g_strdup_printf ("BEGIN; SELECT set_config ('symbiomap.edit_user', 'kari', "
                                          "true); UPDATE symbiomap.%s SET %s WHERE %s = "
                                          "%" G_GINT64_FORMAT "; COMMIT;",
                                          table, sql_set,
                                          g_str_equal (table, "sites") ? "site_id" : "flow_id", id);
  g_autofree char *out = sm_test_pg_query (server,
                                           g_object_get_data (G_OBJECT (f->project), "db-name"),
                                           sql);
}

static char *
site_name (Fixture *f,
           gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SmSite) site = sm_project_get_site (f->project, id, &error);

  g_assert_no_error (error);
  return g_strdup (site->name);
}

static void
test_site_reload (Fixture       *f,
                  gconstpointer  data)
{
  SmSiteEditor *editor;
  AdwMessageDialog *dialog;
  g_autofree char *name = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  editor = sm_site_editor_new (NULL, f->project, f->undo, 1, 0, 0);
  gtk_window_present (GTK_WINDOW (editor));
  sm_site_editor_set_field (editor, "name", "Mine");
  their_change (f, "name = 'Theirs'", "sites", 1);

  /* the save is refused and asks, naming them */
  g_assert_false (sm_site_editor_save (editor));
  dialog = sm_site_editor_get_conflict (editor);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "kari"));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Changed by Someone Else");
  g_assert_false (sm_undo_stack_can_undo (f->undo));
  name = site_name (f, 1);
  g_assert_cmpstr (name, ==, "Theirs");

  /* Reload: theirs in the form, and saving again works */
  adw_message_dialog_response (dialog, SM_CONFLICT_RELOAD);
  spin ();
  g_assert_null (sm_site_editor_get_conflict (editor));
  g_assert_cmpstr (sm_site_editor_get_field (editor, "name"), ==, "Theirs");
  sm_site_editor_set_field (editor, "sector", "Reloaded");
  g_assert_true (sm_site_editor_save (editor));
  g_clear_pointer (&name, g_free);
  name = site_name (f, 1);
  g_assert_cmpstr (name, ==, "Theirs");

  /* undo is checked too: someone else's later change is not undone over */
  their_change (f, "name = 'Theirs again'", "sites", 1);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (sm_undo_stack_undo (f->undo, &error));
    g_assert_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_CONFLICT);
  }
  g_clear_pointer (&name, g_free);
  name = site_name (f, 1);
  g_assert_cmpstr (name, ==, "Theirs again");
  spin ();
}

static void
test_site_save_mine (Fixture       *f,
                     gconstpointer  data)
{
  SmSiteEditor *editor;
  AdwMessageDialog *dialog;
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  editor = sm_site_editor_new (NULL, f->project, f->undo, 2, 0, 0);
  gtk_window_present (GTK_WINDOW (editor));
  sm_site_editor_set_field (editor, "name", "Mine");
  their_change (f, "name = 'Theirs'", "sites", 2);
  g_assert_false (sm_site_editor_save (editor));
  dialog = sm_site_editor_get_conflict (editor);
  g_assert_nonnull (dialog);

  /* Save Mine: the form over theirs, one undoable edit */
  adw_message_dialog_response (dialog, SM_CONFLICT_SAVE_MINE);
  spin ();
  name = site_name (f, 2);
  g_assert_cmpstr (name, ==, "Mine");
  g_assert_true (sm_undo_stack_can_undo (f->undo));
  /* its undo expects the version it wrote, and puts back what the form opened with */
  g_assert_true (sm_undo_stack_undo (f->undo, &error));
  g_assert_no_error (error);
  g_clear_pointer (&name, g_free);
  name = site_name (f, 2);
  g_assert_cmpstr (name, !=, "Mine");
  g_assert_cmpstr (name, !=, "Theirs");
  /* and redo after it */
  g_assert_true (sm_undo_stack_redo (f->undo, &error));
  g_assert_no_error (error);
  g_clear_pointer (&name, g_free);
  name = site_name (f, 2);
  g_assert_cmpstr (name, ==, "Mine");
}

static void
test_flow (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) flows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SmFlow) now = NULL;
  SmFlowEditor *editor;
  AdwMessageDialog *dialog;
  gint64 flow_id;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  flows = sm_project_list_flows (f->project, 1, &error);
  g_assert_no_error (error);
  flow_id = ((SmFlow *) g_ptr_array_index (flows, 0))->flow_id;

  /* Reload */
  editor = sm_flow_editor_new (NULL, f->project, f->undo, 0, flow_id);
  gtk_window_present (GTK_WINDOW (editor));
  sm_flow_editor_set_field (editor, "amount", "111");
  their_change (f, "amount = 222", "flows", flow_id);
  g_assert_false (sm_flow_editor_save (editor));
  dialog = sm_flow_editor_get_conflict (editor);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "kari"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "flow"));
  adw_message_dialog_response (dialog, SM_CONFLICT_RELOAD);
  spin ();
  g_assert_cmpstr (sm_flow_editor_get_field (editor, "amount"), ==, "222");
  gtk_window_destroy (GTK_WINDOW (editor));

  /* Save Mine */
  editor = sm_flow_editor_new (NULL, f->project, f->undo, 0, flow_id);
  gtk_window_present (GTK_WINDOW (editor));
  sm_flow_editor_set_field (editor, "amount", "333");
  their_change (f, "amount = 444", "flows", flow_id);
  g_assert_false (sm_flow_editor_save (editor));
  dialog = sm_flow_editor_get_conflict (editor);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, SM_CONFLICT_SAVE_MINE);
  spin ();
  now = sm_project_get_flow (f->project, flow_id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (now->amount, ==, 333);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Links the editors' resources in (their .ui templates) */
  g_assert_nonnull (sm_get_resource ());
  server = sm_test_pg_start_or_skip ();
  g_test_add ("/editor-pg/site-reload", Fixture, NULL, fixture_set_up, test_site_reload,
              fixture_tear_down);
  g_test_add ("/editor-pg/site-save-mine", Fixture, NULL, fixture_set_up, test_site_save_mine,
              fixture_tear_down);
  g_test_add ("/editor-pg/flow", Fixture, NULL, fixture_set_up, test_flow, fixture_tear_down);
  rc = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return rc;
}
