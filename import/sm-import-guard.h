/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <ogr_api.h>

G_BEGIN_DECLS

/* Per import layer, the rejected rows kept (in the result and the project);
 * the rest are counted. */
#define SM_IMPORT_MAX_KEPT_REJECTIONS 10000

/* The largest amount a flow may have in its resource's unit a year
 * (MWh/yr, t/yr, m3/yr). *assumption*: no one site comes near: the
 * world's whole energy use is about 1.7e11 MWh a year (Energy Institute,
 * Statistical Review of World Energy 2023: 620 EJ). */
#define SM_IMPORT_MAX_AMOUNT 1e12

typedef struct
{
  int n_records;       /* data records, blank lines not counted */
  gboolean last_cut;   /* the last record has no line end and too few fields */
  int quote_open_line; /* the line of a quote never closed, or 0 */
} SmCsvScan;

gboolean     sm_import_check_regular   (const char   *path,
                                        GError      **error);
void         sm_csv_scan               (const char   *path,
                                        SmCsvScan    *scan);
OGRFeatureH  sm_import_next_feature    (OGRLayerH     layer,
                                        char        **gdal_error);
gboolean     sm_import_feature_is_empty (OGRFeatureH  feature);
gboolean     sm_import_check_line      (OGRGeometryH  part,
                                        char        **reason);

G_END_DECLS
