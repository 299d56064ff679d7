/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sm-project.h"

G_BEGIN_DECLS

#define SM_EXPORT_ERROR (sm_export_error_quark ())

typedef enum
{
  SM_EXPORT_ERROR_SRS,
  SM_EXPORT_ERROR_WRITE,
  SM_EXPORT_ERROR_LAYERS,
} SmExportError;

typedef enum
{
  SM_EXPORT_SITES     = 1 << 0,
  SM_EXPORT_FLOWS     = 1 << 1,
  SM_EXPORT_SYNERGIES = 1 << 2,
  SM_EXPORT_NETWORK   = 1 << 3,
  SM_EXPORT_INTERNAL_SYNERGIES = 1 << 4,
  SM_EXPORT_EXCHANGES = 1 << 5,
  SM_EXPORT_ALL       = 0x3f,
} SmExportLayers;

typedef struct
{
  char   *srs;            /* NULL: EPSG:4326 */
  guint   layers;         /* SmExportLayers */
  double  radius_km;      /* synergies: <= 0 for each resource's default */
  guint   resources;      /* bit per SmResource to keep; 0 keeps every one */
} SmExportOptions;

typedef struct
{
  int sites;
  int flows;
  int synergies;
  int network;
  int internal_synergies;
  int exchanges;
} SmExportCounts;

typedef void (*SmExportProgressFunc) (double   fraction,
                                      gpointer user_data);

GQuark           sm_export_error_quark     (void);

guint            sm_export_layers_parse    (const char  *list,
                                            GError     **error);

gboolean         sm_export_run             (SmProject             *project,
                                            const char            *path,
                                            const SmExportOptions *options,
                                            SmExportProgressFunc   progress,
                                            gpointer               user_data,
                                            GCancellable          *cancellable,
                                            SmExportCounts        *counts,
                                            GError               **error);

void             sm_export_run_async       (const char            *project_path,
                                            const char            *path,
                                            const SmExportOptions *options,
                                            SmExportProgressFunc   progress,
                                            gpointer               user_data,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               callback_data);
gboolean         sm_export_run_finish      (GAsyncResult          *result,
                                            SmExportCounts        *counts,
                                            GError               **error);

G_END_DECLS
