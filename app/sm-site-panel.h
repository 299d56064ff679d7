/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-project.h"

G_BEGIN_DECLS

#define SM_TYPE_SITE_PANEL (sm_site_panel_get_type ())
G_DECLARE_FINAL_TYPE (SmSitePanel, sm_site_panel, SM, SITE_PANEL, GtkWidget)

void        sm_site_panel_set_site_id (SmSitePanel *self,
                                       gint64       site_id);
gint64      sm_site_panel_get_site_id (SmSitePanel *self);
GListModel *sm_site_panel_get_flows   (SmSitePanel *self);
GListModel *sm_site_panel_get_history (SmSitePanel *self);
char       *sm_flow_summary           (const SmFlow *flow);

G_END_DECLS
