/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-project.h"

G_BEGIN_DECLS

#define SM_TYPE_EXCHANGES_PANEL (sm_exchanges_panel_get_type ())
G_DECLARE_FINAL_TYPE (SmExchangesPanel, sm_exchanges_panel, SM, EXCHANGES_PANEL, GtkWidget)

GListModel *sm_exchanges_panel_get_model  (SmExchangesPanel *self);
void        sm_exchanges_panel_set_filter (SmExchangesPanel *self,
                                           int               status);
void        sm_exchanges_panel_expand     (SmExchangesPanel *self,
                                           guint             position);
gboolean    sm_exchanges_panel_get_reload_pending (SmExchangesPanel *self);

G_END_DECLS
