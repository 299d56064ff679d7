/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SQLite engine of SmDb (docs/STORE.md): a SpatiaLite file. Each call
 * is the sqlite3 call of the same name; what is SQLite's own here is the
 * opening (SpatiaLite, foreign keys, the busy wait), the error codes and
 * the store's SQL functions written in C.
 */
#define G_LOG_DOMAIN "sm-db"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first */
#include <spatialite.h>
#include <spatialite/gaiageo.h>
#include <stdlib.h>

#include "sm-db-private.h"

typedef struct
{
  SmDb     parent;
  sqlite3 *db;
  void    *spatialite_cache;
} SmDbSqlite;

typedef struct
{
  SmStmt        parent;
  sqlite3_stmt *stmt;
} SmStmtSqlite;

#define DB(d) ((SmDbSqlite *) (d))
#define STMT(s) (((SmStmtSqlite *) (s))->stmt)

static SmDbError
error_code (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      return SM_DB_ERROR_CONSTRAINT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return SM_DB_ERROR_BUSY;
    case SQLITE_READONLY:
      return SM_DB_ERROR_READ_ONLY;
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
      return SM_DB_ERROR_MISUSE;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:
      return SM_DB_ERROR_CONNECT;
    default:
      return SM_DB_ERROR_SQL;
    }
}

static void
set_error (sqlite3     *db,
           int          rc,
           const char  *sql,
           GError     **error)
{
  sm_db_set_error (error, error_code (rc), sqlite3_errmsg (db), sql);
}

/* sm_point(x, y): a point in WGS84, as SpatiaLite's MakePoint(x, y, 4326);
 * the same name as the SQL function sm-db-pg.c creates over PostGIS. */
static void
point_func (sqlite3_context  *context,
            int               argc,
            sqlite3_value   **argv)
{
  gaiaGeomCollPtr geom;
  unsigned char *blob = NULL;
  int size = 0;

  for (int i = 0; i < 2; i++)
    {
      int type = sqlite3_value_numeric_type (argv[i]);

      if (type != SQLITE_INTEGER && type != SQLITE_FLOAT)
        {
          sqlite3_result_null (context);
          return;
        }
    }
  geom = gaiaAllocGeomColl ();
  geom->Srid = 4326;
  gaiaAddPointToGeomColl (geom, sqlite3_value_double (argv[0]), sqlite3_value_double (argv[1]));
  gaiaToSpatiaLiteBlobWkb (geom, &blob, &size);
  gaiaFreeGeomColl (geom);
  if (blob == NULL)
    {
      sqlite3_result_error_nomem (context);
      return;
    }
  sqlite3_result_blob (context, blob, size, free);
}

static SmDb *
sqlite_open (const char     *name,
             SmDbOpenFlags   flags,
             GError        **error)
{
  g_autofree SmDbSqlite *self = g_new0 (SmDbSqlite, 1);
  int open_flags;
  int rc;
  char *message = NULL;

  if (flags & SM_DB_OPEN_READ_ONLY)
    open_flags = SQLITE_OPEN_READONLY;
  else
    open_flags = SQLITE_OPEN_READWRITE | ((flags & SM_DB_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);

  rc = sqlite3_open_v2 (name, &self->db, open_flags, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_extended_result_codes (self->db, 1);
      /* a writer waits for another, as the project does today */
      sqlite3_busy_timeout (self->db, 5000);
      self->spatialite_cache = spatialite_alloc_connection ();
      spatialite_init_ex (self->db, self->spatialite_cache, 0);
      sqlite3_create_function (self->db, "sm_point", 2,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                               point_func, NULL, NULL);
      /* PostgreSQL always checks foreign keys; so does this engine. Reading
       * the schema finds a file that is no database now, not later. */
      rc = sqlite3_exec (self->db, "PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_schema",
                         NULL, NULL, &message);
    }
  if (rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (name);

      g_set_error (error, SM_DB_ERROR, SM_DB_ERROR_CONNECT,
                   /* TRANSLATORS: the file's name, then SQLite's own message (in English) */
                   _("Could not open “%s”: %s. Check that the file exists and that you may read "
                     "it."),
                   display,
                   message != NULL ? message
                   : self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      sqlite3_free (message);
      sqlite3_close (self->db);
      g_clear_pointer (&self->spatialite_cache, spatialite_cleanup_ex);
      return NULL;
    }
  return (SmDb *) g_steal_pointer (&self);
}

static void
sqlite_close (SmDb *db)
{
  if (sqlite3_close (DB (db)->db) != SQLITE_OK)
    g_critical ("closing a SQLite connection with statements left: %s",
                sqlite3_errmsg (DB (db)->db));
  g_clear_pointer (&DB (db)->spatialite_cache, spatialite_cleanup_ex);
  g_free (db);
}

static gboolean
sqlite_exec (SmDb        *db,
             const char  *sql,
             GError     **error)
{
  int rc = sqlite3_exec (DB (db)->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_error (DB (db)->db, rc, sql, error);
      return FALSE;
    }
  return TRUE;
}

static gint64
sqlite_changes (SmDb *db)
{
  return sqlite3_changes64 (DB (db)->db);
}

static gint64
sqlite_total_changes (SmDb *db)
{
  return sqlite3_total_changes64 (DB (db)->db);
}

static gboolean
sqlite_in_transaction (SmDb *db)
{
  return !sqlite3_get_autocommit (DB (db)->db);
}

static gint64
sqlite_last_insert_id (SmDb *db)
{
  return sqlite3_last_insert_rowid (DB (db)->db);
}

/* sm_point() and its kind are C functions of every connection already */
static gboolean
sqlite_create_functions (SmDb    *db,
                         GError **error)
{
  return TRUE;
}

static gpointer
sqlite_get_raw (SmDb *db)
{
  return DB (db)->db;
}

static SmStmt *
sqlite_prepare (SmDb               *db,
                const char         *sql,
                SmStmtPrepareFlags  flags,
                GError            **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (DB (db)->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  SmStmtSqlite *self;

  if (rc != SQLITE_OK)
    {
      set_error (DB (db)->db, rc, sql, error);
      return NULL;
    }
  if (stmt == NULL)
    {
      sm_db_set_error (error, SM_DB_ERROR_MISUSE, _("The SQL holds no statement"), sql);
      return NULL;
    }
  self = g_new0 (SmStmtSqlite, 1);
  self->stmt = stmt;
  return (SmStmt *) self;
}

static void
sqlite_finalize (SmStmt *stmt)
{
  sqlite3_finalize (STMT (stmt));
  g_free (stmt);
}

static int
sqlite_parameter_count (SmStmt *stmt)
{
  return sqlite3_bind_parameter_count (STMT (stmt));
}

static gboolean
sqlite_bind (SmStmt          *stmt,
             int              index,
             const SmDbValue *value)
{
  int rc = SQLITE_OK;

  switch (value->type)
    {
    case SM_DB_NULL:
      rc = sqlite3_bind_null (STMT (stmt), index);
      break;
    case SM_DB_INTEGER:
      rc = sqlite3_bind_int64 (STMT (stmt), index, value->i);
      break;
    case SM_DB_FLOAT:
      rc = sqlite3_bind_double (STMT (stmt), index, value->d);
      break;
    case SM_DB_TEXT:
      rc = sqlite3_bind_text64 (STMT (stmt), index, value->data, value->length, SQLITE_TRANSIENT,
                                SQLITE_UTF8);
      break;
    case SM_DB_BLOB:
      rc = sqlite3_bind_blob64 (STMT (stmt), index, value->data, value->length, SQLITE_TRANSIENT);
      break;
    }
  return rc == SQLITE_OK;
}

static SmStmtResult
sqlite_step (SmStmt  *stmt,
             GError **error)
{
  int rc = sqlite3_step (STMT (stmt));

  if (rc == SQLITE_ROW)
    return SM_STMT_ROW;
  if (rc == SQLITE_DONE)
    return SM_STMT_DONE;
  set_error (sqlite3_db_handle (STMT (stmt)), rc, stmt->sql, error);
  return SM_STMT_ERROR;
}

static void
sqlite_reset (SmStmt *stmt)
{
  sqlite3_reset (STMT (stmt));
}

static void
sqlite_clear_bindings (SmStmt *stmt)
{
  sqlite3_clear_bindings (STMT (stmt));
}

static int
sqlite_column_count (SmStmt *stmt)
{
  return sqlite3_column_count (STMT (stmt));
}

static const char *
sqlite_column_name (SmStmt *stmt,
                    int     col)
{
  return sqlite3_column_name (STMT (stmt), col);
}

static SmDbType
sqlite_column_type (SmStmt *stmt,
                    int     col)
{
  switch (sqlite3_column_type (STMT (stmt), col))
    {
    case SQLITE_INTEGER:
      return SM_DB_INTEGER;
    case SQLITE_FLOAT:
      return SM_DB_FLOAT;
    case SQLITE_TEXT:
      return SM_DB_TEXT;
    case SQLITE_BLOB:
      return SM_DB_BLOB;
    default:
      return SM_DB_NULL;
    }
}

static gint64
sqlite_column_int64 (SmStmt *stmt,
                     int     col)
{
  return sqlite3_column_int64 (STMT (stmt), col);
}

static double
sqlite_column_double (SmStmt *stmt,
                      int     col)
{
  return sqlite3_column_double (STMT (stmt), col);
}

static const char *
sqlite_column_text (SmStmt *stmt,
                    int     col)
{
  return (const char *) sqlite3_column_text (STMT (stmt), col);
}

static gconstpointer
sqlite_column_blob (SmStmt *stmt,
                    int     col)
{
  return sqlite3_column_blob (STMT (stmt), col);
}

static int
sqlite_column_bytes (SmStmt *stmt,
                     int     col)
{
  return sqlite3_column_bytes (STMT (stmt), col);
}

const SmDbEngineClass sm_db_sqlite_class = {
  .engine = SM_DB_ENGINE_SQLITE,
  /* the write lock now: two writers wait for each other instead of
   * failing when the first read turns into a write */
  .begin_sql = "BEGIN IMMEDIATE",
  .open = sqlite_open,
  .close = sqlite_close,
  .exec = sqlite_exec,
  .changes = sqlite_changes,
  .total_changes = sqlite_total_changes,
  .in_transaction = sqlite_in_transaction,
  .last_insert_id = sqlite_last_insert_id,
  .create_functions = sqlite_create_functions,
  .get_raw = sqlite_get_raw,
  .prepare = sqlite_prepare,
  .finalize = sqlite_finalize,
  .parameter_count = sqlite_parameter_count,
  .bind = sqlite_bind,
  .step = sqlite_step,
  .reset = sqlite_reset,
  .clear_bindings = sqlite_clear_bindings,
  .column_count = sqlite_column_count,
  .column_name = sqlite_column_name,
  .column_type = sqlite_column_type,
  .column_int64 = sqlite_column_int64,
  .column_double = sqlite_column_double,
  .column_text = sqlite_column_text,
  .column_blob = sqlite_column_blob,
  .column_bytes = sqlite_column_bytes,
};

/**
 * sm_db_adopt_sqlite:
 * @db: (transfer full): an open SQLite connection, SpatiaLite loaded
 * @spatialite_cache: (transfer full) (nullable): its SpatiaLite cache
 *
 * An SmDb over a connection opened elsewhere: the project's file, which
 * sm-project.c opens with care of its own (URI flags, read-only and
 * damaged files, WAL). The SmDb owns both and closes them with
 * sm_db_close(); it adds the store's SQL functions (sm_point) as
 * sm_db_open() does.
 *
 * Returns: (transfer full): the connection
 */
SmDb *
sm_db_adopt_sqlite (struct sqlite3 *db,
                    void           *spatialite_cache)
{
  SmDbSqlite *self = g_new0 (SmDbSqlite, 1);
  const char *file = sqlite3_db_filename (db, "main");

  g_return_val_if_fail (db != NULL, NULL);

  self->db = db;
  self->spatialite_cache = spatialite_cache;
  sqlite3_create_function (db, "sm_point", 2,
                           SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
                           point_func, NULL, NULL);
  self->parent.klass = &sm_db_sqlite_class;
  self->parent.read_only = sqlite3_db_readonly (db, "main") == 1;
  self->parent.display_name = g_strdup (file != NULL && *file != '\0' ? file : ":memory:");
  return (SmDb *) self;
}

/* The statement's sqlite3 handle, for sm-db.c's direct binds and reads */
struct sqlite3_stmt *
sm_db_sqlite_stmt_handle (SmStmt *stmt)
{
  return STMT (stmt);
}
