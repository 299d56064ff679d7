/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * SmDb, SmStmt: one connection and its statements, on either store engine
 * (docs/STORE.md): a SpatiaLite file or PostgreSQL + PostGIS. The calls
 * mirror SQLite's C API one for one (sqlite3_bind_int64 becomes
 * sm_stmt_bind_int64, sqlite3_step sm_stmt_step, ...) so that the code of
 * layers/ and import/ converts mechanically. For layers/ and import/ only.
 *
 * Threads: an SmDb and its statements are used by one thread at a time,
 * as a SQLite connection is today; each thread opens its own SmDb.
 */

#define SM_DB_ERROR (sm_db_error_quark ())

typedef enum
{
  SM_DB_ERROR_CONNECT,    /* cannot open the file or reach the server, or the connection broke */
  SM_DB_ERROR_SQL,        /* any other failure of a statement: syntax, missing table, type */
  SM_DB_ERROR_CONSTRAINT, /* a UNIQUE, NOT NULL, CHECK or foreign key refused the change */
  SM_DB_ERROR_BUSY,       /* locked by another writer, deadlock, serialization failure: retry */
  SM_DB_ERROR_READ_ONLY,  /* a write on a read-only connection */
  SM_DB_ERROR_MISUSE,     /* the caller's mistake: bind index out of range, ... */
} SmDbError;

typedef enum
{
  SM_DB_ENGINE_SQLITE,
  SM_DB_ENGINE_POSTGRESQL,
} SmDbEngine;

typedef enum
{
  SM_DB_OPEN_NONE      = 0,
  SM_DB_OPEN_READ_ONLY = 1 << 0, /* SQLite: opens the file read-only; PostgreSQL: read-only transactions */
  SM_DB_OPEN_CREATE    = 1 << 1, /* SQLite: creates a missing file; PostgreSQL: ignored (the database must exist) */
} SmDbOpenFlags;

typedef enum
{
  SM_STMT_PREPARE_NONE   = 0,
  /* PostgreSQL: rows arrive one at a time (libpq's single-row mode) instead
   * of the whole result at the first step; until the statement is done,
   * reset or finalized, no other statement can run on its connection.
   * SQLite always reads row by row and ignores the flag. */
  SM_STMT_PREPARE_STREAM = 1 << 0,
} SmStmtPrepareFlags;

typedef enum
{
  SM_STMT_ROW,
  SM_STMT_DONE,
  SM_STMT_ERROR,
} SmStmtResult;

/* The type of one value, as SQLite's fundamental types */
typedef enum
{
  SM_DB_NULL,
  SM_DB_INTEGER,
  SM_DB_FLOAT,
  SM_DB_TEXT,
  SM_DB_BLOB,
} SmDbType;

typedef struct _SmDb SmDb;
typedef struct _SmStmt SmStmt;

/* The engines' own handles, for the escape hatches below */
struct sqlite3;
struct pg_conn;

GQuark        sm_db_error_quark      (void);

gboolean      sm_db_name_is_uri      (const char     *name);
SmDb         *sm_db_open             (const char     *name,
                                      SmDbOpenFlags   flags,
                                      GError        **error);
void          sm_db_close            (SmDb           *db);
SmDbEngine    sm_db_get_engine       (SmDb           *db);
const char   *sm_db_get_display_name (SmDb           *db);

gboolean      sm_db_exec             (SmDb           *db,
                                      const char     *sql,
                                      GError        **error);
gboolean      sm_db_begin            (SmDb           *db,
                                      GError        **error);
gboolean      sm_db_commit           (SmDb           *db,
                                      GError        **error);
void          sm_db_rollback         (SmDb           *db);
gboolean      sm_db_in_transaction   (SmDb           *db);
gint64        sm_db_changes          (SmDb           *db);
gint64        sm_db_total_changes    (SmDb           *db);
gint64        sm_db_last_insert_id   (SmDb           *db);
gboolean      sm_db_create_functions (SmDb           *db,
                                      GError        **error);

struct sqlite3 *sm_db_get_raw_sqlite (SmDb           *db);
struct pg_conn *sm_db_get_raw_pg     (SmDb           *db);

SmStmt       *sm_db_prepare          (SmDb           *db,
                                      const char     *sql,
                                      GError        **error);
SmStmt       *sm_db_prepare_full     (SmDb              *db,
                                      const char        *sql,
                                      SmStmtPrepareFlags flags,
                                      GError           **error);

gboolean      sm_stmt_bind_int64     (SmStmt         *stmt,
                                      int             index,
                                      gint64          value);
gboolean      sm_stmt_bind_int       (SmStmt         *stmt,
                                      int             index,
                                      int             value);
gboolean      sm_stmt_bind_double    (SmStmt         *stmt,
                                      int             index,
                                      double          value);
gboolean      sm_stmt_bind_text      (SmStmt         *stmt,
                                      int             index,
                                      const char     *text,
                                      gssize          length);
gboolean      sm_stmt_bind_blob      (SmStmt         *stmt,
                                      int             index,
                                      gconstpointer   data,
                                      gsize           length);
gboolean      sm_stmt_bind_null      (SmStmt         *stmt,
                                      int             index);
int           sm_stmt_bind_parameter_count (SmStmt *stmt);

SmStmtResult  sm_stmt_step           (SmStmt         *stmt,
                                      GError        **error);
void          sm_stmt_reset          (SmStmt         *stmt);
void          sm_stmt_clear_bindings (SmStmt         *stmt);
void          sm_stmt_finalize       (SmStmt         *stmt);
const char   *sm_stmt_get_sql        (SmStmt         *stmt);

int           sm_stmt_column_count   (SmStmt         *stmt);
const char   *sm_stmt_column_name    (SmStmt         *stmt,
                                      int             col);
SmDbType      sm_stmt_column_type    (SmStmt         *stmt,
                                      int             col);
gint64        sm_stmt_column_int64   (SmStmt         *stmt,
                                      int             col);
int           sm_stmt_column_int     (SmStmt         *stmt,
                                      int             col);
double        sm_stmt_column_double  (SmStmt         *stmt,
                                      int             col);
const char   *sm_stmt_column_text    (SmStmt         *stmt,
                                      int             col);
gconstpointer sm_stmt_column_blob    (SmStmt         *stmt,
                                      int             col);
int           sm_stmt_column_bytes   (SmStmt         *stmt,
                                      int             col);

/* The SQLite engine over a connection opened elsewhere (the project's
 * file, sm-project.c); the SmDb owns it from then on */
SmDb         *sm_db_adopt_sqlite     (struct sqlite3 *db,
                                      void           *spatialite_cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmDb, sm_db_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmStmt, sm_stmt_finalize)

G_END_DECLS
