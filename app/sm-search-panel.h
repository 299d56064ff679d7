/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-project.h"

G_BEGIN_DECLS

#define SM_TYPE_SEARCH_PANEL (sm_search_panel_get_type ())
G_DECLARE_FINAL_TYPE (SmSearchPanel, sm_search_panel, SM, SEARCH_PANEL, GtkWidget)

void        sm_search_panel_focus     (SmSearchPanel *self);
void        sm_search_panel_set_text  (SmSearchPanel *self,
                                       const char    *text);
GListModel *sm_search_panel_get_model (SmSearchPanel *self);

G_END_DECLS
