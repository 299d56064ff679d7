/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An accepted point of an import, to find the far ones at the end */
typedef struct
{
  gint32 row;
  double lat;
  double lon;
} SmImportPoint;

void sm_outliers_report (GArray    *points,
                         GPtrArray *notes);

G_END_DECLS
