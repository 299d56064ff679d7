/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sm-project.h"

G_BEGIN_DECLS

#define SM_IMPORT_ERROR (sm_import_error_quark ())

typedef enum
{
  SM_IMPORT_ERROR_UNREADABLE, /* GDAL cannot open or read the file */
  SM_IMPORT_ERROR_EMPTY,      /* no rows */
  SM_IMPORT_ERROR_NO_LAYER,   /* --layer names a layer the file does not have */
  SM_IMPORT_ERROR_MAPPING,    /* a required field has no column, or --map is wrong */
  SM_IMPORT_ERROR_SRS,        /* the SRS is unknown or cannot be transformed */
  SM_IMPORT_ERROR_STRICT,     /* --strict and some rows were rejected */
} SmImportError;

typedef enum
{
  SM_IMPORT_KIND_INVALID = -1,
  SM_IMPORT_KIND_SITES,
  SM_IMPORT_KIND_FLOWS,
  SM_IMPORT_KIND_NETWORK,
  SM_N_IMPORT_KINDS
} SmImportKind;

/* One field an import kind reads, with the column names of DATA-MODEL.md */
typedef struct
{
  const char         *name;     /* "site_id", "lat", ... as in --map FIELD=COLUMN */
  const char         *label;    /* N_() */
  gboolean            required;
  const char * const *aliases;
} SmImportField;

typedef struct
{
  char      *name;
  GPtrArray *columns;       /* of char*, in UTF-8 */
  gint64     n_features;    /* -1 when the driver cannot tell cheaply */
  char      *geometry_type; /* NULL without geometry */
  char      *srs;           /* "EPSG:25832", or NULL */
  char      *geometry_column; /* a column of WKT, EWKT or WKB found by its content, or NULL */
} SmSourceLayer;

typedef struct
{
  char      *driver;        /* GDAL's short name: "CSV", "GPKG", ... */
  GPtrArray *layers;        /* of SmSourceLayer */
} SmSource;

typedef struct
{
  SmImportKind kind;    /* SM_IMPORT_KIND_INVALID: found from the columns */
  char        *layer;   /* NULL: every layer */
  char        *srs;     /* NULL: the file's own, else e.g. "EPSG:3006" */
  GHashTable  *mapping; /* field name -> column name, overriding the aliases */
  gboolean     strict;
} SmImportOptions;

typedef struct
{
  char      *layer;
  gint64     import_id;
  int        rows_read;
  int        imported;
  int        sites_created;
  int        sites_merged;
  int        exchanges;
  GPtrArray *rejected; /* of SmRejectedRow */
  GPtrArray *notes;    /* of char*: readings taken, lines split, ... (translated) */
  int        rejected_not_kept; /* rejected beyond SM_IMPORT_MAX_KEPT_REJECTIONS */
  char      *profile;  /* the public register recognised (translated), or NULL */
} SmLayerImport;

typedef struct
{
  char        *file;
  SmImportKind kind;
  GPtrArray   *layers; /* of SmLayerImport */
  gboolean     rolled_back; /* --strict found rejected rows */
  gboolean     kind_detected; /* no kind was given: @kind is the one found */
} SmImportResult;

typedef void (*SmImportProgressFunc) (double   fraction,
                                      gpointer user_data);

GQuark                sm_import_error_quark   (void);

const char           *sm_import_kind_to_key   (SmImportKind kind);
SmImportKind          sm_import_kind_from_key (const char  *key);
const char           *sm_import_kind_get_label (SmImportKind kind);
const SmImportField  *sm_import_get_fields    (SmImportKind kind,
                                               guint       *n_fields);

SmSource             *sm_source_open          (const char  *path,
                                               GError     **error);
GHashTable           *sm_import_detect_mapping (SmImportKind         kind,
                                                const SmSourceLayer *layer);
SmImportKind          sm_import_guess_kind    (const SmSourceLayer *layer);
GPtrArray            *sm_source_preview       (const char          *path,
                                               const char          *layer,
                                               guint                n_rows,
                                               GError             **error);

SmImportOptions      *sm_import_options_new   (SmImportKind kind);
void                  sm_import_options_free  (SmImportOptions *options);

SmImportResult       *sm_import_run           (SmProject             *project,
                                               const char            *path,
                                               const SmImportOptions *options,
                                               SmImportProgressFunc   progress,
                                               gpointer               user_data,
                                               GCancellable          *cancellable,
                                               GError               **error);

void                  sm_import_run_async     (const char            *project_path,
                                               const char            *path,
                                               const SmImportOptions *options,
                                               SmImportProgressFunc   progress,
                                               gpointer               user_data,
                                               GCancellable          *cancellable,
                                               GAsyncReadyCallback    callback,
                                               gpointer               callback_data);
SmImportResult       *sm_import_run_finish    (GAsyncResult  *result,
                                               GError       **error);

int                   sm_import_result_count_imported (const SmImportResult *result);
int                   sm_import_result_count_rejected (const SmImportResult *result);

void                  sm_source_free          (SmSource       *source);
void                  sm_import_result_free   (SmImportResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmSource, sm_source_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmImportOptions, sm_import_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmImportResult, sm_import_result_free)

G_END_DECLS
