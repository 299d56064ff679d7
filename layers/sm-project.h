/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "sm-resource.h"

G_BEGIN_DECLS

#define SM_PROJECT_ERROR (sm_project_error_quark ())

typedef enum
{
  SM_PROJECT_ERROR_NOT_FOUND,
  SM_PROJECT_ERROR_NOT_PROJECT,
  SM_PROJECT_ERROR_TOO_NEW,
  SM_PROJECT_ERROR_EXISTS,
  SM_PROJECT_ERROR_READ_ONLY,
  SM_PROJECT_ERROR_SQL,
  SM_PROJECT_ERROR_INVALID,
} SmProjectError;

/* The newest schema this build writes; see the migrations in sm-project.c. */
#define SM_PROJECT_SCHEMA_VERSION 8

/* Marks a SQLite file as a Symbiomap project ("SmAP"), so that another
 * application's database is never mistaken for one and migrated. */
#define SM_PROJECT_APPLICATION_ID 0x536D4150

typedef struct
{
  gint64 site_id;
  char  *ext_id;
  char  *name;
  char  *org_number;
  char  *sector;
  char  *address;
  char  *contact_name;
  char  *contact_email;
  char  *phone;
  char  *notes;
  double lat;
  double lon;
  int    supply_count;
  int    demand_count;
  gint64 row_version;   /* on a shared database, the row's version when read
                         * (docs/POSTGRESQL.md, "Several planners at once");
                         * 0 on a file */
} SmSite;

typedef struct
{
  gint64      flow_id;
  gint64      site_id;
  char       *site_name;
  SmDirection direction;
  SmResource  resource;
  char       *ewc_code;       /* NULL unless material */
  char       *material;
  double      amount;         /* in unit, the resource's canonical unit */
  char       *unit;
  double      temperature_c;  /* NAN when unknown */
  double      hours_per_year; /* NAN when unknown */
  gint64      partner_site_id; /* 0 when none */
  char       *notes;
  double      lat;            /* the site's location */
  double      lon;
  gint64      row_version;    /* as SmSite's: 0 on a file */
} SmFlow;

typedef struct
{
  gint64 import_id;
  char  *file;
  char  *layer;
  char  *kind;
  char  *started_at;
  int    rows_read;
  int    imported;
  int    rejected;
} SmImportRecord;

typedef struct
{
  int        n_sites;
  int        n_flows;
  int        flows_by[SM_N_RESOURCES][SM_N_DIRECTIONS];
  int        n_exchanges;
  int        n_network_edges;
  gboolean   has_extent;
  double     min_lon, min_lat, max_lon, max_lat;
  GPtrArray *imports; /* of SmImportRecord */
} SmProjectInfo;

#define SM_TYPE_PROJECT (sm_project_get_type ())
G_DECLARE_FINAL_TYPE (SmProject, sm_project, SM, PROJECT, GObject)

GQuark         sm_project_error_quark     (void);

SmProject     *sm_project_create          (const char  *path,
                                           GError     **error);
SmProject     *sm_project_open            (const char  *path,
                                           GError     **error);
SmProject     *sm_project_create_at_version (const char  *path,
                                             int          version,
                                             GError     **error);

const char    *sm_project_get_path        (SmProject   *self);
void           sm_project_emit_changed    (SmProject   *self);
void           sm_project_emit_settings_changed (SmProject  *self,
                                                 const char *key);
void           sm_project_emit_connection_lost (SmProject    *self,
                                                const GError *error);
gboolean       sm_project_is_read_only    (SmProject   *self);
const char    *sm_project_get_warning     (SmProject   *self);
int            sm_project_get_schema_version (SmProject *self);
/* The raw connection and statements are for layers/ and import/
 * only; the views and the CLI use the named functions of
 * sm-project-query.h and sm-project-edit.h (docs/ARCHITECTURE.md). */
sqlite3       *sm_project_get_db          (SmProject   *self);
/* sm-project-pg.c: whether the project is a database's (postgresql://),
 * and the guard of what still needs the file's SQLite handle */
gboolean       sm_project_is_shared       (SmProject   *self);
char          *sm_project_dup_database_name (SmProject *self);
char          *sm_project_dup_open_address (SmProject *self);
void           sm_project_free_open_address (char     *address);
char          *sm_project_dup_stem        (SmProject   *self);
gboolean       sm_project_require_file    (SmProject   *self,
                                           GError     **error);
/* The store's connection and statements (layers/sm-db.h) */
typedef struct _SmDb SmDb;
typedef struct _SmStmt SmStmt;
SmDb          *sm_project_get_store       (SmProject   *self);
typedef void (*SmProjectWaitFunc) (gpointer data);
void           sm_project_set_wait        (SmProject         *self,
                                           int                max_ms,
                                           SmProjectWaitFunc  notify,
                                           gpointer           data);

SmStmt        *sm_project_prepare         (SmProject   *self,
                                           const char  *sql,
                                           GError     **error);
void           sm_project_set_sql_error   (SmProject   *self,
                                           GError     **error,
                                           const char  *what);
gboolean       sm_project_exec            (SmProject   *self,
                                           const char  *sql,
                                           GError     **error);
gboolean       sm_project_begin           (SmProject   *self,
                                           GError     **error);
gboolean       sm_project_commit          (SmProject   *self,
                                           GError     **error);
void           sm_project_rollback        (SmProject   *self);

char          *sm_project_get_setting     (SmProject   *self,
                                           const char  *key);
gboolean       sm_project_set_setting     (SmProject   *self,
                                           const char  *key,
                                           const char  *value,
                                           GError     **error);

gint64         sm_project_insert_site     (SmProject    *self,
                                           const SmSite *site,
                                           gint64        import_id,
                                           GError      **error);
gint64         sm_project_insert_flow     (SmProject    *self,
                                           const SmFlow *flow,
                                           gint64        import_id,
                                           GError      **error);

GPtrArray     *sm_project_list_sites      (SmProject   *self,
                                           GError     **error);
GPtrArray     *sm_project_list_flows      (SmProject   *self,
                                           gint64       site_id,
                                           GError     **error);
SmSite        *sm_project_get_site        (SmProject   *self,
                                           gint64       site_id,
                                           GError     **error);
SmFlow        *sm_project_get_flow        (SmProject   *self,
                                           gint64       flow_id,
                                           GError     **error);
SmProjectInfo *sm_project_get_info        (SmProject   *self,
                                           GError     **error);

/* Writing what an import brings (sm-project-write.c) */
gint64         sm_project_begin_import    (SmProject   *self,
                                           const char  *file,
                                           const char  *layer,
                                           const char  *kind,
                                           const char  *srs,
                                           GError     **error);
gboolean       sm_project_finish_import   (SmProject   *self,
                                           gint64       import_id,
                                           int          rows_read,
                                           int          imported,
                                           int          rejected,
                                           GError     **error);
gboolean       sm_project_add_rejected_row (SmProject  *self,
                                            gint64      import_id,
                                            int         row,
                                            const char *field,
                                            const char *value,
                                            const char *reason,
                                            GError    **error);
GPtrArray     *sm_project_list_rejected_rows (SmProject *self,
                                              gint64     import_id,
                                              GError   **error);
gint64         sm_project_find_site_by_ext_id (SmProject  *self,
                                               const char *ext_id,
                                               GError    **error);
gint64         sm_project_find_same_site  (SmProject    *self,
                                           const SmSite *site,
                                           double        within_m,
                                           GError      **error);
gboolean       sm_project_merge_site      (SmProject    *self,
                                           gint64        site_id,
                                           const SmSite *site,
                                           GError      **error);
gint64         sm_project_insert_network_edge (SmProject     *self,
                                               const char    *name,
                                               const char    *kind,
                                               const guint8  *wkb,
                                               gsize          wkb_size,
                                               gint64         import_id,
                                               GError       **error);
gboolean       sm_project_set_flow_partner (SmProject  *self,
                                            gint64      flow_id,
                                            gint64      partner_site_id,
                                            GError    **error);
gint64         sm_project_insert_exchange (SmProject        *self,
                                           gint64            supply_flow_id,
                                           gint64            demand_flow_id,
                                           SmExchangeStatus  status,
                                           const char       *note,
                                           GError          **error);
gint64         sm_project_insert_exchange_from_file (SmProject        *self,
                                                     gint64            supply_flow_id,
                                                     gint64            demand_flow_id,
                                                     SmExchangeStatus  status,
                                                     const char       *note,
                                                     const char       *source_file,
                                                     GError          **error);
gboolean       sm_project_set_exchange    (SmProject        *self,
                                           gint64            supply_flow_id,
                                           gint64            demand_flow_id,
                                           SmExchangeStatus  status,
                                           const char       *note,
                                           GError          **error);

typedef struct
{
  gint64           exchange_id;
  gint64           supply_flow_id;
  gint64           demand_flow_id;
  SmExchangeStatus status;
  char            *note;
  SmResource       resource;
  double           amount;
  char            *supply_site;
  char            *demand_site;
  double           supply_lat, supply_lon, demand_lat, demand_lon;
} SmExchange;

GPtrArray     *sm_project_list_exchanges  (SmProject   *self,
                                           GError     **error);
void           sm_exchange_free           (SmExchange  *exchange);

/* sm-project-pg-copy.c: imports into a database take turns; the COPY path
 * of a large one */
gboolean       sm_project_lock_imports          (SmProject  *self,
                                                 GCancellable *cancellable,
                                                 GError    **error);
gboolean       sm_project_bulk_sites_begin      (SmProject  *self,
                                                 gboolean    rebuild_indexes,
                                                 GError    **error);
gboolean       sm_project_bulk_sites_end        (SmProject  *self,
                                                 GError    **error);
void           sm_project_bulk_sites_abort      (SmProject  *self);

gboolean       sm_project_suspend_spatial_index (SmProject  *self,
                                                 const char *table,
                                                 GError    **error);
gboolean       sm_project_rebuild_spatial_index (SmProject  *self,
                                                 const char *table,
                                                 GError    **error);

typedef struct
{
  int   row;
  char *field;
  char *value;
  char *reason;
} SmRejectedRow;

void           sm_rejected_row_free       (SmRejectedRow *row);

void           sm_site_free               (SmSite        *site);
void           sm_flow_free               (SmFlow        *flow);
void           sm_import_record_free      (SmImportRecord *record);
void           sm_project_info_free       (SmProjectInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmSite, sm_site_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmFlow, sm_flow_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmProjectInfo, sm_project_info_free)

G_END_DECLS
