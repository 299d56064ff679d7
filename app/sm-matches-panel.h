/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-items.h"
#include "sm-project.h"
#include "sm-synergy.h"

G_BEGIN_DECLS

#define SM_TYPE_MATCHES_PANEL (sm_matches_panel_get_type ())
G_DECLARE_FINAL_TYPE (SmMatchesPanel, sm_matches_panel, SM, MATCHES_PANEL, GtkWidget)

/* What finds the matches, in a worker thread with its own connection;
 * sm_synergy_find() unless a test puts a slower one in. */
typedef GPtrArray *(*SmMatchesFindFunc) (SmProject            *project,
                                         gint64                flow_id,
                                         const SmMatchOptions *options,
                                         GError              **error);

void        sm_matches_panel_set_flow_id   (SmMatchesPanel    *self,
                                            gint64             flow_id);
gint64      sm_matches_panel_get_flow_id   (SmMatchesPanel    *self);
GListModel *sm_matches_panel_get_model     (SmMatchesPanel    *self);
SmMatch    *sm_matches_panel_get_selected  (SmMatchesPanel    *self);
gboolean    sm_matches_panel_select        (SmMatchesPanel    *self,
                                            guint              position);
gboolean    sm_matches_panel_get_running   (SmMatchesPanel    *self);
void        sm_matches_panel_set_radius_km (SmMatchesPanel    *self,
                                            double             radius_km);
double      sm_matches_panel_get_radius_km (SmMatchesPanel    *self);
char       *sm_matches_panel_dup_heading  (SmMatchesPanel    *self);
void        sm_matches_panel_set_find_func (SmMatchesPanel    *self,
                                            SmMatchesFindFunc  func);

G_END_DECLS
