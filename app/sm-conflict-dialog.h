/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Responses of the dialog */
#define SM_CONFLICT_RELOAD    "reload"
#define SM_CONFLICT_SAVE_MINE "save"

AdwMessageDialog *sm_conflict_dialog_new (GtkWindow  *parent,
                                          const char *message);

/* What an editor does on each answer */
typedef void (*SmConflictFunc) (GtkWindow *editor);

void              sm_conflict_dialog_ask (GtkWindow         *editor,
                                          const char        *message,
                                          AdwMessageDialog **shown,
                                          SmConflictFunc     reload,
                                          SmConflictFunc     save_mine);

G_END_DECLS
