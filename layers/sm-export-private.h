/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the GeoPackage writers (sm-export.c, sm-export-synergies.c).
 */
#pragma once

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>

#include "sm-export.h"

G_BEGIN_DECLS

typedef struct
{
  SmProject                    *project;
  const SmExportOptions        *options;
  GDALDatasetH                  ds;
  OGRSpatialReferenceH          srs;
  OGRCoordinateTransformationH  ct; /* NULL for EPSG:4326 */
  SmExportProgressFunc          progress;
  gpointer                      progress_data;
  GCancellable                 *cancellable;
  int                           step, n_steps;
  SmExportCounts                counts;
} Writer;

G_GNUC_INTERNAL gboolean     sm_export_gdal_failed    (GError             **error,
                                                       const char          *what);
G_GNUC_INTERNAL OGRLayerH    sm_export_create_layer   (Writer              *w,
                                                       const char          *name,
                                                       OGRwkbGeometryType   type,
                                                       const char          *description,
                                                       const char * const  *fields,
                                                       const OGRFieldType  *types,
                                                       GError             **error);
G_GNUC_INTERNAL gboolean     sm_export_add_feature    (Writer              *w,
                                                       OGRLayerH            layer,
                                                       OGRFeatureH          feature,
                                                       OGRGeometryH         geom,
                                                       GError             **error);
G_GNUC_INTERNAL void         sm_export_set_string     (OGRFeatureH          f,
                                                       const char          *field,
                                                       const char          *value);
G_GNUC_INTERNAL void         sm_export_set_real       (OGRFeatureH          f,
                                                       const char          *field,
                                                       double               value);
G_GNUC_INTERNAL void         sm_export_set_int        (OGRFeatureH          f,
                                                       const char          *field,
                                                       gint64               value);
G_GNUC_INTERNAL OGRGeometryH sm_export_point          (double               lon,
                                                       double               lat);
G_GNUC_INTERNAL gboolean     sm_export_report         (Writer              *w,
                                                       int                  done,
                                                       int                  total,
                                                       GError             **error);
G_GNUC_INTERNAL gboolean     sm_export_keep_resource  (Writer              *w,
                                                       SmResource           resource);

/* sm-export-synergies.c */
G_GNUC_INTERNAL gboolean     sm_export_write_synergies (Writer             *w,
                                                        GError            **error);
G_GNUC_INTERNAL gboolean     sm_export_write_exchanges (Writer             *w,
                                                        GError            **error);
G_GNUC_INTERNAL char        *sm_export_synergy_qml     (gboolean            points);
G_GNUC_INTERNAL char        *sm_export_exchange_qml    (void);

G_END_DECLS
