/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Responses of the dialog */
#define SM_CONFLICT_RELOAD    "reload"
#define SM_CONFLICT_SAVE_MINE "save"

AdwMessageDialog *sm_conflict_dialog_new (GtkWindow  *parent,
                                          const char *message);

G_END_DECLS
