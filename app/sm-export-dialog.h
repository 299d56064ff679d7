/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-export.h"
#include "sm-project.h"

G_BEGIN_DECLS

#define SM_TYPE_EXPORT_DIALOG (sm_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SmExportDialog, sm_export_dialog, SM, EXPORT_DIALOG, AdwWindow)

SmExportDialog *sm_export_dialog_new      (GtkWindow      *parent,
                                           SmProject      *project,
                                           guint           resource_filter);
void            sm_export_dialog_run_to   (SmExportDialog *self,
                                           const char     *path);
const char     *sm_export_dialog_get_srs  (SmExportDialog *self);
guint           sm_export_dialog_get_layers (SmExportDialog *self);
char           *sm_export_dialog_suggest_name (SmExportDialog *self);

G_END_DECLS
