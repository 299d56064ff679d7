/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-undo.h"

G_BEGIN_DECLS

#define SM_TYPE_FLOW_EDITOR (sm_flow_editor_get_type ())
G_DECLARE_FINAL_TYPE (SmFlowEditor, sm_flow_editor, SM, FLOW_EDITOR, AdwWindow)

SmFlowEditor *sm_flow_editor_new       (GtkWindow    *parent,
                                        SmProject    *project,
                                        SmUndoStack  *undo,
                                        gint64        site_id,
                                        gint64        flow_id);
void          sm_flow_editor_set_field (SmFlowEditor *self,
                                        const char   *field,
                                        const char   *text);
const char   *sm_flow_editor_get_field (SmFlowEditor *self,
                                        const char   *field);
gboolean      sm_flow_editor_save      (SmFlowEditor *self);
AdwMessageDialog *sm_flow_editor_get_conflict (SmFlowEditor *self);

G_END_DECLS
