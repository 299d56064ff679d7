/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <ogr_api.h>

G_BEGIN_DECLS

OGRGeometryH sm_geom_from_text (const char *text,
                                int        *srid);
int          sm_geom_find_column (OGRLayerH layer);
gboolean     sm_geom_transform_point (int     srid,
                                      double *x,
                                      double *y);

G_END_DECLS
