/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-import.h"

G_BEGIN_DECLS

#define SM_TYPE_IMPORT_DIALOG (sm_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SmImportDialog, sm_import_dialog, SM, IMPORT_DIALOG, AdwWindow)

SmImportDialog *sm_import_dialog_new        (GtkWindow      *parent,
                                             SmProject      *project,
                                             GFile          *file);
SmProject      *sm_import_dialog_get_project (SmImportDialog *self);
gboolean        sm_import_dialog_load_file  (SmImportDialog *self,
                                             const char     *path);
void            sm_import_dialog_run        (SmImportDialog *self);
char           *sm_import_dialog_summarize  (const SmImportResult *result);

G_END_DECLS
