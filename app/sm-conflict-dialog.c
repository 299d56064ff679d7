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
