/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the files of layers/ that write the project; not for app/. */

#include <sqlite3.h>
#include <glib.h>
#include <glib-object.h>

#include "sm-db.h"
#include "sm-project.h"

G_BEGIN_DECLS

/**
 * SmProject:
 *
 * One project file: a SpatiaLite database (QGIS opens it as it is) holding
 * sites, flows, exchanges, the network layer, the record of imports and
 * their rejected rows, and settings. See docs/DATA-MODEL.md.
 */
/* Its fields are for layers/sm-project*.c only. */
struct _SmProject
{
  GObject     parent_instance;

  /* Owned */
  char       *path;
  sqlite3    *db;               /* the SQLite handle of store, for SQLite-only code */
  void       *spatialite_cache; /* until store adopts it */
  SmDb       *store;            /* the connection (docs/STORE.md); owns db */
  GHashTable *statements; /* SQL text -> SmStmt */
  gboolean    read_only;
  int         schema_version;
  char       *warning; /* why it opened read-only, when damaged */
  gboolean    edit_context;   /* edit_context has rows of this transaction */
  int         edit_log_state; /* the schema has the edit log: 0 not asked, 1, -1 */
  struct _SmPgSiteCopy *site_copy; /* the COPY path of an import, sm-project-pg-copy.c */
};

/* From sm-project.c and sm-project-sites.c, for sm-project-*.c */
void
sm_project_db_set_sql_error (sqlite3     *db,
                             GError     **error,
                             const char  *what);
int
sm_project_db_query_int (sqlite3    *db,
                         const char *sql,
                         int         fallback);
char *
sm_project_dup_column (SmStmt *stmt,
                       int     col);

void sm_bind_text_or_null   (SmStmt       *stmt,
                             int           index,
                             const char   *text);
void sm_bind_double_or_null (SmStmt       *stmt,
                             int           index,
                             double        value);
void sm_bind_id_or_null     (SmStmt       *stmt,
                             int           index,
                             gint64        id);

/* sm-project-stmt.c: one number from shared SQL, @fallback when the
 * query fails or finds no row */
gint64 sm_project_query_int (SmProject  *self,
                             const char *sql,
                             gint64      fallback);

gboolean sm_project_db_turn_on_wal (sqlite3  *db,
                                    GError  **error);
/* sm-project-query.c: SQL functions on each connection */
void sm_project_register_functions (sqlite3 *db);
int      sm_project_db_probe       (sqlite3  *db,
                                    int      *version);
gboolean sm_project_db_explain_failure (sqlite3     *db,
                                        int          rc,
                                        const char  *path,
                                        GError     **error);
gboolean sm_project_db_has_schema  (sqlite3  *db);
gboolean sm_project_step_done      (SmProject     *self,
                                    SmStmt        *stmt,
                                    const char    *what,
                                    GError       **error);
gint64   sm_project_step_insert    (SmProject     *self,
                                    SmStmt        *stmt,
                                    const char    *what,
                                    GError       **error);
gint64   sm_project_step_id        (SmProject     *self,
                                    SmStmt        *stmt,
                                    const char    *what,
                                    GError       **error);
char    *sm_project_db_quick_check (sqlite3    *db,
                                    const char *path);

/* sm-edit-log.c: the edit log's schema (a migration of sm-project.c),
 * and who writes, for its triggers */
extern const char sm_edit_log_migration[];
gboolean sm_project_set_edit_context   (SmProject   *self,
                                        const char  *key,
                                        const char  *value,
                                        GError     **error);
gboolean sm_project_clear_edit_context (SmProject   *self,
                                        GError     **error);
gboolean sm_project_begin_edit         (SmProject   *self,
                                        GError     **error);

/* sm-project-pg.c: a project in a PostgreSQL database (docs/STORE.md) */
SmProject *sm_project_open_shared             (const char  *uri,
                                               GError     **error);
gboolean   sm_project_pg_refresh_folded_names (SmProject   *self,
                                               GError     **error);
extern const char sm_project_pg_extent_sql[];
extern const char sm_project_pg_site_near_sql[];

/* sm-project-pg-copy.c */
typedef struct _SmPgSiteCopy SmPgSiteCopy;
gboolean   sm_project_pg_copy_flush (SmProject    *self,
                                     GError      **error);
gint64     sm_project_pg_copy_site  (SmProject    *self,
                                     const SmSite *site,
                                     gint64        import_id,
                                     const char   *folded,
                                     GError      **error);
extern const char sm_project_pg_merge_site_sql[];
gint64     sm_project_pg_insert_site (SmProject    *self,
                                      const SmSite *site,
                                      gint64        import_id,
                                      const char   *folded,
                                      GError      **error);

/* sm-project-pg-edit.c: editing by hand on a database */
extern const char sm_project_pg_update_site_sql[];
extern const char sm_project_pg_restore_site_sql[];
extern const char sm_project_pg_read_changes_sql[];
char      *sm_project_utc_now           (void);
gboolean   sm_project_check_row_version (SmProject  *self,
                                         const char *table,
                                         gint64      id,
                                         gint64      row_version,
                                         gboolean    force,
                                         GError    **error);
/* sm-project-pg-registers.c: a register's import on a database */
extern const char sm_project_pg_names_near_sql[];

/* sm-project-pg-network.c: network lines on a database */
extern const char sm_project_pg_insert_network_edge_sql[];

G_END_DECLS
