/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-project.h"

G_BEGIN_DECLS

/* A site further than this from the median of its import, or of the
 * project, is an outlier: a Paris row in a Danish sheet (docs/DATA-MODEL.md). */
#define SM_OUTLIER_M 300000.0

gboolean sm_geo_few_far         (guint         n_far,
                                 guint         n);
double   sm_geo_distance_m      (double        lat1,
                                 double        lon1,
                                 double        lat2,
                                 double        lon2);
gboolean sm_geo_median          (const double *lat,
                                 const double *lon,
                                 gsize         n,
                                 gsize         stride,
                                 double       *median_lat,
                                 double       *median_lon);
gboolean sm_project_core_extent (SmProject    *self,
                                 double       *min_lon,
                                 double       *min_lat,
                                 double       *max_lon,
                                 double       *max_lat,
                                 GError      **error);

G_END_DECLS
