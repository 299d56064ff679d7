/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-window.h"

G_BEGIN_DECLS

/* The window on a shared database (sm-window-shared.c) */
void        sm_window_shared_attach        (SmWindow   *self,
                                            SmProject  *project);
void        sm_window_shared_open          (SmWindow   *self,
                                            const char *uri);
void        sm_window_show_shared_project  (SmWindow   *self,
                                            SmProject  *project,
                                            const char *notice);
/* For the tests: the bar shown when the watch's connection is lost */
GtkWidget  *sm_window_shared_get_lost_bar  (SmWindow   *self);

G_END_DECLS
