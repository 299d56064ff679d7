/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-import.h"

G_BEGIN_DECLS

#define SM_TYPE_IMPORT_REPORT (sm_import_report_get_type ())
G_DECLARE_FINAL_TYPE (SmImportReport, sm_import_report, SM, IMPORT_REPORT, AdwWindow)

SmImportReport *sm_import_report_new         (GtkWindow            *parent,
                                              const SmImportResult *result,
                                              GHashTable           *columns);
char           *sm_import_report_to_text     (SmImportReport       *self);
char           *sm_import_report_to_csv      (SmImportReport       *self);
void            sm_import_report_copy        (SmImportReport       *self);
void            sm_import_report_save_async  (SmImportReport       *self,
                                              GFile                *file,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean        sm_import_report_save_finish (SmImportReport       *self,
                                              GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
