/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-import.h"
#include "sm-window.h"

G_BEGIN_DECLS

#define SM_TYPE_IMPORT_DIALOG (sm_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SmImportDialog, sm_import_dialog, SM, IMPORT_DIALOG, AdwWindow)

SmImportDialog *sm_import_dialog_new        (SmWindow       *window,
                                             GFile          *file);
gboolean        sm_import_dialog_load_file  (SmImportDialog *self,
                                             const char     *path);
void            sm_import_dialog_run        (SmImportDialog *self);
GtkWidget      *sm_import_details_new       (GtkWindow            *parent,
                                             const SmImportResult *result);

G_END_DECLS
