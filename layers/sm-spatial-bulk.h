/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Bulk writing of spatial data for large imports (sm-spatial-bulk.c);
 * for layers/ and the tests, not for app/. */

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

/* Bytes of a SpatiaLite POINT XY BLOB */
#define SM_SPATIALITE_POINT_SIZE 60

void     sm_spatialite_point_blob (guint8      out[SM_SPATIALITE_POINT_SIZE],
                                   double      x,
                                   double      y,
                                   int         srid);
gboolean sm_spatialite_blob_mbr   (const guint8 *blob,
                                   int           size,
                                   double       *min_x,
                                   double       *min_y,
                                   double       *max_x,
                                   double       *max_y);
gboolean sm_rtree_bulk_fill       (sqlite3     *db,
                                   const char  *table,
                                   const char  *column,
                                   const char  *rtree,
                                   GError     **error);

G_END_DECLS
