/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The question an editor asks when someone else saved the site or flow on
 * the shared database since the form read it (docs/POSTGRESQL.md, "Several
 * planners at once"): reload theirs, or save mine over it. The message is
 * the store's conflict error, which names who and when (layers/sm-pg-edit.c).
 */
#define G_LOG_DOMAIN "sm-conflict-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-conflict-dialog.h"

/**
 * sm_conflict_dialog_new:
 * @parent: the editor
 * @message: the conflict error's message
 *
 * Escape is "Reload": nobody's change is overwritten unasked.
 *
 * Returns: (transfer none): the dialog, not yet presented; its responses
 *   are %SM_CONFLICT_RELOAD and %SM_CONFLICT_SAVE_MINE
 */
AdwMessageDialog *
sm_conflict_dialog_new (GtkWindow  *parent,
                        const char *message)
{
  AdwMessageDialog *dialog =
    ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Changed by Someone Else"), message));

  adw_message_dialog_add_responses (dialog,
                                    SM_CONFLICT_RELOAD, _("_Reload"),
                                    SM_CONFLICT_SAVE_MINE, _("_Save Mine"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, SM_CONFLICT_SAVE_MINE,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, SM_CONFLICT_RELOAD);
  adw_message_dialog_set_close_response (dialog, SM_CONFLICT_RELOAD);
  return dialog;
}

typedef struct
{
  AdwMessageDialog **shown;
  SmConflictFunc     reload;
  SmConflictFunc     save_mine;
} Ask;

static gboolean
save_mine_later (gpointer data)
{
  GtkWindow *editor = data;
  Ask *ask = g_object_get_data (G_OBJECT (editor), "sm-conflict-ask");

  if (ask != NULL)
    ask->save_mine (editor);
  return G_SOURCE_REMOVE;
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             GtkWindow        *editor)
{
  Ask *ask = g_object_get_data (G_OBJECT (editor), "sm-conflict-ask");

  *ask->shown = NULL;
  if (g_str_equal (response, SM_CONFLICT_SAVE_MINE))
    /* Once the dialog is gone: the save closes the editor it belongs to */
    g_idle_add_full (G_PRIORITY_DEFAULT, save_mine_later, g_object_ref (editor), g_object_unref);
  else if (g_str_equal (response, SM_CONFLICT_RELOAD))
    ask->reload (editor);
}

/**
 * sm_conflict_dialog_ask:
 * @editor: the site or flow editor
 * @message: the conflict error's message
 * @shown: (out): the editor's pointer to the dialog, set while it is shown
 *   and cleared on the answer
 * @reload: puts their row in the form, mine dropped
 * @save_mine: saves the form over theirs; called once the dialog is gone
 *
 * Presents sm_conflict_dialog_new() and does what the user answers.
 */
void
sm_conflict_dialog_ask (GtkWindow         *editor,
                        const char        *message,
                        AdwMessageDialog **shown,
                        SmConflictFunc     reload,
                        SmConflictFunc     save_mine)
{
  Ask *ask = g_new0 (Ask, 1);

  ask->shown = shown;
  ask->reload = reload;
  ask->save_mine = save_mine;
  g_object_set_data_full (G_OBJECT (editor), "sm-conflict-ask", ask, g_free);
  *shown = sm_conflict_dialog_new (editor, message);
  g_signal_connect_object (*shown, "response", G_CALLBACK (on_response), editor, 0);
  gtk_window_present (GTK_WINDOW (*shown));
}
