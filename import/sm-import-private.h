/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the files of the importer (sm-import.c and sm-import-*.c,
 * split from one file by topic); not for app/. */

#include <cpl_error.h>
#include <gdal.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <string.h>

#include "sm-gdal-errors.h"
#include "sm-import.h"
#include "sm-osm-roads.h"
#include "sm-import-guard.h"
#include "sm-geom-text.h"
#include "sm-parse.h"
#include "sm-number-notes.h"
#include "sm-outliers.h"
#include "sm-progress.h"
#include "sm-reconcile.h"
#include "sm-registers.h"
#include "sm-source-sniff.h"

G_BEGIN_DECLS

/* Every field any kind reads; the per-kind tables below list them in the
 * order a column is tried against them. */
typedef enum
{
  F_SITE_ID,
  F_NAME,
  F_ORG_NUMBER,
  F_SECTOR,
  F_ADDRESS,
  F_POSTCODE,
  F_CITY,
  F_CONTACT_NAME,
  F_CONTACT_EMAIL,
  F_PHONE,
  F_NOTES,
  F_LAT,
  F_LON,
  F_X,
  F_Y,
  F_WKT,
  F_DIRECTION,
  F_RESOURCE,
  F_EWC_CODE,
  F_MATERIAL,
  F_AMOUNT,
  F_UNIT,
  F_TEMPERATURE,
  F_HOURS,
  F_PARTNER,
  F_KIND,
  N_FIELDS
} FieldId;

typedef struct
{
  gint64      flow_id;
  SmDirection direction;
  SmResource  resource;
  double      amount;
  int         row;
  char       *partner;
} PendingPartner;

/* A large import into an empty project drops the name and org_number
 * indexes, which cost a third of its time row by row, and builds them
 * once at the end. Meanwhile this in-memory map finds the sites the
 * import has written by the hash of their name or org_number; each hit
 * is checked against the row itself, so a hash collision costs a lookup
 * and never a wrong merge. */
typedef struct
{
  GHashTable *latest;    /* key hash -> the newest site_id with that key */
  GArray     *prev_name; /* site_id - base -> the previous site_id of the same name hash */
  GArray     *prev_org;  /* the same for org_number */
  gint64      base;
} SiteKeys;

typedef struct
{
  SmProject             *project;
  const SmImportOptions *options;
  const char            *path;
  OGRLayerH              layer;
  OGRFeatureDefnH        defn;
  SmLayerImport         *out;
  int                    col[N_FIELDS];
  gboolean               numeric[N_FIELDS];
  gboolean               has_geometry;
  OGRCoordinateTransformationH geom_ct;   /* layer geometry, x/y or WKT -> 4326 */
  OGRCoordinateTransformationH latlon_ct; /* lat/lon in another geographic SRS */
  SmNumberStyle          amount_style;
  int                    row_offset;
  /* Where the accepted points are, to tell a swapped lat/lon row */
  double                 sum_lat, sum_lon;
  int                    n_points;
  GArray                *partners;
  int                    n_multi, n_parts;
  char                  *srs_name;
  guint8                *seen_keys; /* NULL when the project had sites before */
  SiteKeys              *keys;      /* bulk import into an empty project */
  SmNameIndex           *names;     /* flows naming their site: made on first use */
  GArray                *points;    /* of SmImportPoint, to tell the far ones */
  int                    row;       /* the row being read, as the report numbers it */
  int                    n_number_notes;
} LayerReader;

/* Thrown out of a row: which field, which value, why */
typedef struct
{
  FieldId field;
  char   *value;
  char   *reason;
} Reject;

typedef enum
{
  NUM_MISSING,
  NUM_OK,
  NUM_BAD,
} NumberCell;

/* A Bloom filter of the site keys (site_id, org_number, name) this import
 * has written. Into a project that had no sites, a row whose keys it has
 * not seen cannot merge with anything, so the three lookups that merging
 * needs are skipped: that keeps a million-row import as fast as a plain
 * bulk insert. GLib has no such set that stays at 8 MB for a million
 * keys, hence this one. */
#define BLOOM_BITS (1u << 26)

typedef struct
{
  SmImportProgressFunc func;
  gpointer             data;
  int                  layer_index;
  int                  n_layers;
} Progress;

/* sm-import-fields.c */
G_GNUC_INTERNAL gboolean
sm_import_setup_mapping (LayerReader   *r,
                         SmSourceLayer *desc,
                         GError       **error);
G_GNUC_INTERNAL const char *
sm_import_field_name (FieldId f);

/* sm-import-source.c */
G_GNUC_INTERNAL GDALDatasetH
sm_import_open_dataset (const char *path,
                        GError    **error);
G_GNUC_INTERNAL char *
sm_import_srs_to_string (OGRSpatialReferenceH srs);
G_GNUC_INTERNAL void
sm_import_source_layer_free (SmSourceLayer *layer);
G_GNUC_INTERNAL SmSourceLayer *
sm_import_describe_layer (OGRLayerH layer,
                          gboolean  count);

/* sm-import-reader.c */
G_GNUC_INTERNAL void
sm_import_reject_clear (Reject *r);
G_GNUC_INTERNAL gboolean G_GNUC_PRINTF (4, 5)
sm_import_reject (Reject     *r,
                  FieldId     field,
                  const char *value,
                  const char *format,
                  ...);
G_GNUC_INTERNAL char *
sm_import_cell (LayerReader *r,
                OGRFeatureH  feature,
                FieldId      field);
G_GNUC_INTERNAL NumberCell
sm_import_number_cell (LayerReader *r,
                       OGRFeatureH  feature,
                       FieldId      field,
                       SmNumberStyle style,
                       double      *value,
                       char       **text,
                       SmNumberResult *how);
G_GNUC_INTERNAL void
sm_import_add_note (LayerReader *r,
                    char        *note);
G_GNUC_INTERNAL gboolean
sm_import_row_location (LayerReader *r,
                        OGRFeatureH  feature,
                        double      *lat,
                        double      *lon,
                        Reject      *rej);
G_GNUC_INTERNAL void
sm_import_remember_point (LayerReader *r,
                          double       lat,
                          double       lon);
G_GNUC_INTERNAL void
sm_import_site_from_row (LayerReader *r,
                         OGRFeatureH  feature,
                         SmSite      *site);
G_GNUC_INTERNAL void
sm_import_site_clear (SmSite *site);
G_GNUC_INTERNAL gboolean
sm_import_setup_srs (LayerReader *r,
                     GError     **error);

/* sm-import-sites.c */
G_GNUC_INTERNAL SiteKeys *
sm_import_site_keys_new (void);
G_GNUC_INTERNAL void
sm_import_site_keys_free (SiteKeys *keys);
G_GNUC_INTERNAL gint64
sm_import_store_site (LayerReader *r,
                      SmSite      *site,
                      GError     **error);
G_GNUC_INTERNAL int
sm_import_site_row (LayerReader *r,
                    OGRFeatureH  feature,
                    Reject      *rej,
                    GError     **error);

/* sm-import-flows.c */
G_GNUC_INTERNAL int
sm_import_flow_row (LayerReader *r,
                    OGRFeatureH  feature,
                    int          row,
                    Reject      *rej,
                    GError     **error);
G_GNUC_INTERNAL gboolean
sm_import_record_partners (LayerReader *r,
                           GError     **error);
G_GNUC_INTERNAL void
sm_import_pending_partner_clear (PendingPartner *p);

/* sm-import-network.c */
G_GNUC_INTERNAL int
sm_import_network_row (LayerReader *r,
                       OGRFeatureH  feature,
                       Reject      *rej,
                       GError     **error);

/* sm-import-layer.c */
G_GNUC_INTERNAL SmLayerImport *
sm_import_layer (SmProject             *project,
                 const char            *path,
                 const char            *driver,
                 OGRLayerH              layer,
                 const SmImportOptions *options,
                 Progress              *progress,
                 GCancellable          *cancellable,
                 GError               **error);

/* sm-import.c */
G_GNUC_INTERNAL void
sm_import_layer_import_free (SmLayerImport *layer);

G_END_DECLS
