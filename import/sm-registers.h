/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <ogr_api.h>

#include "sm-import.h"

G_BEGIN_DECLS

typedef enum
{
  SM_REGISTER_NONE,
  SM_REGISTER_HOTMAPS, /* Hotmaps industrial database */
  SM_REGISTER_EPRTR,   /* E-PRTR / Industrial Emissions Portal releases */
} SmRegister;

SmRegister  sm_register_detect        (GPtrArray           *columns);
const char *sm_register_get_label     (SmRegister           reg);
const char *sm_register_get_key       (SmRegister           reg);
char       *sm_register_describe      (SmRegister           reg,
                                       const SmSourceLayer *layer);
gboolean    sm_register_import_layer  (SmProject           *project,
                                       const char          *path,
                                       SmRegister           reg,
                                       OGRLayerH            layer,
                                       SmLayerImport       *out,
                                       GCancellable        *cancellable,
                                       GError             **error);

G_END_DECLS
