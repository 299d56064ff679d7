/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-undo.h"

G_BEGIN_DECLS

#define SM_TYPE_SITE_EDITOR (sm_site_editor_get_type ())
G_DECLARE_FINAL_TYPE (SmSiteEditor, sm_site_editor, SM, SITE_EDITOR, AdwWindow)

SmSiteEditor *sm_site_editor_new       (GtkWindow    *parent,
                                        SmProject    *project,
                                        SmUndoStack  *undo,
                                        gint64        site_id,
                                        double        lat,
                                        double        lon);
void          sm_site_editor_set_field (SmSiteEditor *self,
                                        const char   *field,
                                        const char   *text);
const char   *sm_site_editor_get_field (SmSiteEditor *self,
                                        const char   *field);
gboolean      sm_site_editor_save      (SmSiteEditor *self);
AdwMessageDialog *sm_site_editor_get_conflict (SmSiteEditor *self);

G_END_DECLS
