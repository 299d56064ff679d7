/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define SM_TYPE_MBTILES_SOURCE (sm_mbtiles_source_get_type ())
G_DECLARE_FINAL_TYPE (SmMbtilesSource, sm_mbtiles_source, SM, MBTILES_SOURCE, ShumateDataSource)

SmMbtilesSource *sm_mbtiles_source_new          (const char      *path,
                                                 GError         **error);
const char      *sm_mbtiles_source_get_name     (SmMbtilesSource *self);
int              sm_mbtiles_source_get_min_zoom (SmMbtilesSource *self);
int              sm_mbtiles_source_get_max_zoom (SmMbtilesSource *self);

G_END_DECLS
