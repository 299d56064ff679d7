/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-project.h"

G_BEGIN_DECLS

#define SM_TYPE_WINDOW (sm_window_get_type ())
G_DECLARE_FINAL_TYPE (SmWindow, sm_window, SM, WINDOW, AdwApplicationWindow)

SmWindow  *sm_window_new             (GtkApplication *application);
gboolean   sm_window_open_project    (SmWindow       *self,
                                      const char     *path,
                                      GError        **error);
void       sm_window_set_project     (SmWindow       *self,
                                      SmProject      *project);
SmProject *sm_window_get_project     (SmWindow       *self);
void       sm_window_show_error      (SmWindow       *self,
                                      const char     *heading,
                                      const GError   *error);

G_END_DECLS
