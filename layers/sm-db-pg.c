/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PostgreSQL engine of SmDb (docs/STORE.md), through libpq: a
 * statement is a named prepared statement (PQprepare once, the `?`
 * rewritten to `$N`); parameters go as text (blobs as binary), results come
 * as text and are decoded by column type: integers, floats, booleans,
 * bytea, and PostGIS geometry as the bytes of its EWKB.
 */
#define G_LOG_DOMAIN "sm-db"

#include "config.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-db-private.h"

/* Fixed OIDs of PostgreSQL's built-in types (pg_type.dat); PostGIS's types
 * have none and are looked up per database. */
enum
{
  OID_BOOL = 16,
  OID_BYTEA = 17,
  OID_INT8 = 20,
  OID_INT2 = 21,
  OID_INT4 = 23,
  OID_OID = 26,
  OID_FLOAT4 = 700,
  OID_FLOAT8 = 701,
  OID_NUMERIC = 1700,
};

typedef struct
{
  SmDb       parent;
  PGconn    *conn;
  gint64     changes;
  gint64     total_changes;
  guint      next_id;
  GPtrArray *stale;       /* names of prepared statements to deallocate */
  Oid        geometry_oid;
  Oid        geography_oid;
} SmDbPg;

/* A value of the current row decoded from its text (bytea, geometry) */
typedef struct
{
  gboolean decoded;
  guint8  *data;
  gsize    length;
} Decoded;

typedef struct
{
  SmStmt    parent;
  char      name[24];
  PGresult *desc;      /* the parameters' and the columns' types */
  int       n_params;
  char    **values;    /* the bound values, NULL for NULL */
  int      *lengths;
  int      *formats;
  PGresult *res;
  int       row;
  int       n_rows;
  gboolean  executed;
  gboolean  done;
  Decoded  *decoded;   /* per column */
} SmStmtPg;

#define DB(d) ((SmDbPg *) (d))
#define PG_STMT(s) ((SmStmtPg *) (s))

static SmDbError
error_code (const char *sqlstate)
{
  if (sqlstate == NULL)
    return SM_DB_ERROR_SQL;
  if (g_str_has_prefix (sqlstate, "23"))
    return SM_DB_ERROR_CONSTRAINT;
  if (g_str_has_prefix (sqlstate, "08") || g_str_has_prefix (sqlstate, "57P"))
    return SM_DB_ERROR_CONNECT;
  if (strcmp (sqlstate, "40001") == 0 || strcmp (sqlstate, "40P01") == 0
      || strcmp (sqlstate, "55P03") == 0)
    return SM_DB_ERROR_BUSY;
  if (strcmp (sqlstate, "25006") == 0)
    return SM_DB_ERROR_READ_ONLY;
  return SM_DB_ERROR_SQL;
}

/* The server's message and its detail (which key, which value) */
static void
set_result_error (SmDb        *db,
                  PGresult    *res,
                  const char  *sql,
                  GError     **error)
{
  const char *primary = res != NULL ? PQresultErrorField (res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
  const char *detail = res != NULL ? PQresultErrorField (res, PG_DIAG_MESSAGE_DETAIL) : NULL;
  g_autofree char *message = NULL;

  if (PQstatus (DB (db)->conn) == CONNECTION_BAD)
    {
      g_auto(GStrv) lines = g_strsplit (PQerrorMessage (DB (db)->conn), "\n", 2);

      g_set_error (error, SM_DB_ERROR, SM_DB_ERROR_CONNECT,
                   /* TRANSLATORS: the database's URI, then libpq's own message (in English) */
                   _("The connection to the shared database “%s” was lost: %s. Check that the "
                     "server runs, then open the project again."),
                   db->display_name, g_strstrip (lines[0] != NULL ? lines[0] : ""));
      return;
    }
  if (primary == NULL)
    primary = res != NULL ? PQresultErrorMessage (res) : PQerrorMessage (DB (db)->conn);
  message = detail != NULL ? g_strdup_printf ("%s: %s", primary, detail) : g_strdup (primary);
  sm_db_set_error (error,
                   error_code (res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL),
                   message, sql);
}

/* libpq prints notices ("table … does not exist, skipping") on stderr:
 * a debug message instead. */
static void
on_notice (void       *data,
           const char *message)
{
  g_debug ("PostgreSQL: %s", message);
}

/* PostGIS's types, by name in the search path; 0 without PostGIS */
static void
look_up_types (SmDbPg *self)
{
  PGresult *res;

  if (PQtransactionStatus (self->conn) == PQTRANS_INERROR)
    return;
  res = PQexec (self->conn,
                "SELECT coalesce (to_regtype ('geometry')::oid, 0),"
                " coalesce (to_regtype ('geography')::oid, 0)");
  if (PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1)
    {
      self->geometry_oid = (Oid) strtoul (PQgetvalue (res, 0, 0), NULL, 10);
      self->geography_oid = (Oid) strtoul (PQgetvalue (res, 0, 1), NULL, 10);
    }
  PQclear (res);
}

/* Connections */

static SmDb *
pg_open (const char     *name,
         SmDbOpenFlags   flags,
         GError        **error)
{
  /* The URI's own settings win over the first two; the encoding is ours */
  const char *keys[] = { "connect_timeout", "fallback_application_name", "dbname",
                         "client_encoding", NULL };
  const char *values[] = { "10", "symbiomap", name, "UTF8", NULL };
  g_autofree char *display = sm_db_redact_uri (name);
  PGconn *conn = PQconnectdbParams (keys, values, 1);
  const char *setup;
  PGresult *res;
  SmDbPg *self;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      /* libpq's first line; its second is a hint of its own ours replaces */
      g_auto(GStrv) lines = g_strsplit (PQerrorMessage (conn), "\n", 2);
      char *message = g_strstrip (lines[0] != NULL ? lines[0] : "");
      gsize len = strlen (message);

      if (len > 0 && message[len - 1] == '.')
        message[len - 1] = '\0';
      if (PQconnectionNeedsPassword (conn))
        g_set_error (error, SM_DB_ERROR, SM_DB_ERROR_CONNECT,
                     /* TRANSLATORS: the database's URI, then libpq's own message (in English) */
                     _("Could not connect to the shared database “%s”: %s. Check the user name "
                       "and the password."),
                     display, message);
      else
        g_set_error (error, SM_DB_ERROR, SM_DB_ERROR_CONNECT,
                     /* TRANSLATORS: the database's URI, then libpq's own message (in English) */
                     _("Could not connect to the shared database “%s”: %s. Check the host and "
                       "that the server runs."),
                     display, message);
      PQfinish (conn);
      return NULL;
    }
  /* PostgreSQL 12 prints floats exactly (shortest round trip) */
  if (PQserverVersion (conn) < 120000)
    {
      g_set_error (error, SM_DB_ERROR, SM_DB_ERROR_CONNECT,
                   /* TRANSLATORS: the database's URI, then the server's version */
                   _("The shared database “%s” runs PostgreSQL %d: Symbiomap needs version 12 "
                     "or newer."),
                   display, PQserverVersion (conn) / 10000);
      PQfinish (conn);
      return NULL;
    }
  PQsetNoticeProcessor (conn, on_notice, NULL);
  setup = (flags & SM_DB_OPEN_READ_ONLY)
          ? "SET extra_float_digits = 3; SET datestyle = 'ISO';"
            " SET default_transaction_read_only = on"
          : "SET extra_float_digits = 3; SET datestyle = 'ISO'";
  res = PQexec (conn, setup);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      sm_db_set_error (error, SM_DB_ERROR_CONNECT, PQresultErrorMessage (res), setup);
      PQclear (res);
      PQfinish (conn);
      return NULL;
    }
  PQclear (res);

  self = g_new0 (SmDbPg, 1);
  self->conn = conn;
  self->stale = g_ptr_array_new_with_free_func (g_free);
  self->parent.display_name = g_steal_pointer (&display);
  look_up_types (self);
  return (SmDb *) self;
}

static void
pg_close (SmDb *db)
{
  PQfinish (DB (db)->conn);
  g_ptr_array_unref (DB (db)->stale);
  g_free (db);
}

/* Another statement still reading rows in single-row mode holds the
 * connection: libpq would say "another command is already in progress". */
static gboolean
check_free (SmDb        *db,
            SmStmt      *stmt,
            const char  *sql,
            GError     **error)
{
  if (db->streaming == NULL || db->streaming == stmt)
    return TRUE;
  sm_db_set_error (error, SM_DB_ERROR_MISUSE,
                   _("Another statement is still reading its rows: read them to the end or "
                     "reset it"),
                   sql);
  return FALSE;
}

/* Deallocates the statements finalized when the transaction had failed
 * (then every command but ROLLBACK fails). */
static void
flush_stale (SmDbPg *self)
{
  if (self->stale->len == 0 || self->parent.streaming != NULL
      || PQtransactionStatus (self->conn) == PQTRANS_INERROR)
    return;
  for (guint i = 0; i < self->stale->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("DEALLOCATE %s", (char *) self->stale->pdata[i]);

      PQclear (PQexec (self->conn, sql));
    }
  g_ptr_array_set_size (self->stale, 0);
}

/* The rows an INSERT, UPDATE, DELETE or MERGE changed; SQLite counts no
 * others */
static void
count_changes (SmDbPg   *self,
               PGresult *res)
{
  const char *tag = PQcmdStatus (res);

  if (g_str_has_prefix (tag, "INSERT") || g_str_has_prefix (tag, "UPDATE")
      || g_str_has_prefix (tag, "DELETE") || g_str_has_prefix (tag, "MERGE"))
    {
      self->changes = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
      self->total_changes += self->changes;
    }
}

static gboolean
pg_exec (SmDb        *db,
         const char  *sql,
         GError     **error)
{
  PGresult *res;
  ExecStatusType status;

  if (!check_free (db, NULL, sql, error))
    return FALSE;
  res = PQexec (DB (db)->conn, sql);
  status = PQresultStatus (res);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY)
    {
      set_result_error (db, res, sql, error);
      PQclear (res);
      return FALSE;
    }
  count_changes (DB (db), res);
  PQclear (res);
  flush_stale (DB (db));
  /* a migration may just have created PostGIS */
  if (DB (db)->geometry_oid == 0)
    look_up_types (DB (db));
  return TRUE;
}

static gint64
pg_changes (SmDb *db)
{
  return DB (db)->changes;
}

static gint64
pg_total_changes (SmDb *db)
{
  return DB (db)->total_changes;
}

static gboolean
pg_in_transaction (SmDb *db)
{
  PGTransactionStatusType status = PQtransactionStatus (DB (db)->conn);

  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
         || (status == PQTRANS_ACTIVE && db->streaming != NULL);
}

static gint64
pg_last_insert_id (SmDb *db)
{
  g_critical ("sm_db_last_insert_id() is SQLite's: use INSERT … RETURNING");
  return 0;
}

/* sm_point(x, y): a point in WGS84. An SQL function of one SELECT, so the
 * planner inlines it and an index on the expression still serves. */
static const char functions_sql[] =
  "CREATE OR REPLACE FUNCTION sm_point (x double precision, y double precision)"
  " RETURNS geometry LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE"
  " AS $$ SELECT ST_SetSRID (ST_MakePoint (x, y), 4326) $$";

static gboolean
pg_create_functions (SmDb    *db,
                     GError **error)
{
  if (DB (db)->geometry_oid == 0)
    look_up_types (DB (db));
  if (DB (db)->geometry_oid == 0)
    {
      g_set_error (error, SM_DB_ERROR, SM_DB_ERROR_SQL,
                   /* TRANSLATORS: the database's URI; CREATE EXTENSION postgis is a command, do
                    * not translate it */
                   _("The shared database “%s” has no PostGIS: ask its administrator to run "
                     "CREATE EXTENSION postgis in it."),
                   db->display_name);
      return FALSE;
    }
  return pg_exec (db, functions_sql, error);
}

static gpointer
pg_get_raw (SmDb *db)
{
  return DB (db)->conn;
}

/* Statements */

static SmStmt *
pg_prepare (SmDb               *db,
            const char         *sql,
            SmStmtPrepareFlags  flags,
            GError            **error)
{
  SmDbPg *self = DB (db);
  g_autofree char *rewritten = NULL;
  g_autoptr(GArray) used = NULL;
  g_autofree Oid *types = NULL;
  SmStmtPg *stmt;
  PGresult *res;
  int n_params = 0;

  if (!check_free (db, NULL, sql, error))
    return NULL;
  flush_stale (self);
  rewritten = sm_db_rewrite_placeholders (sql, &n_params, &used);
  /* the server infers each parameter's type from where it stands (0); a
   * number the SQL skips (?1, ?3) is text, never seen */
  types = g_new0 (Oid, n_params + 1);
  for (int i = 0; i < n_params; i++)
    if ((guint) i >= used->len || !g_array_index (used, gboolean, i))
      types[i] = 25; /* text */
  stmt = g_new0 (SmStmtPg, 1);
  g_snprintf (stmt->name, sizeof stmt->name, "sm_%u", ++self->next_id);

  res = PQprepare (self->conn, stmt->name, rewritten, n_params, types);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      set_result_error (db, res, sql, error);
      PQclear (res);
      g_free (stmt);
      return NULL;
    }
  PQclear (res);
  stmt->desc = PQdescribePrepared (self->conn, stmt->name);
  if (PQresultStatus (stmt->desc) != PGRES_COMMAND_OK)
    {
      set_result_error (db, stmt->desc, sql, error);
      PQclear (stmt->desc);
      g_ptr_array_add (self->stale, g_strdup (stmt->name));
      g_free (stmt);
      return NULL;
    }
  stmt->n_params = PQnparams (stmt->desc);
  stmt->values = g_new0 (char *, stmt->n_params + 1);
  stmt->lengths = g_new0 (int, stmt->n_params + 1);
  stmt->formats = g_new0 (int, stmt->n_params + 1);
  stmt->decoded = g_new0 (Decoded, PQnfields (stmt->desc) + 1);
  return (SmStmt *) stmt;
}

static void
forget_row (SmStmtPg *stmt)
{
  int n = PQnfields (stmt->desc);

  for (int i = 0; i < n; i++)
    {
      g_clear_pointer (&stmt->decoded[i].data, g_free);
      stmt->decoded[i].decoded = FALSE;
    }
}

/* Reads what is left of a streamed result, so the connection is free */
static void
drain (SmStmtPg *stmt)
{
  SmDb *db = stmt->parent.db;
  PGresult *res;

  if (db->streaming != (SmStmt *) stmt)
    return;
  while ((res = PQgetResult (DB (db)->conn)) != NULL)
    PQclear (res);
  db->streaming = NULL;
}

static void
pg_reset (SmStmt *s)
{
  SmStmtPg *stmt = PG_STMT (s);

  drain (stmt);
  forget_row (stmt);
  g_clear_pointer (&stmt->res, PQclear);
  stmt->executed = FALSE;
  stmt->done = FALSE;
  stmt->row = 0;
  stmt->n_rows = 0;
}

static void
pg_clear_bindings (SmStmt *s)
{
  SmStmtPg *stmt = PG_STMT (s);

  for (int i = 0; i < stmt->n_params; i++)
    {
      g_clear_pointer (&stmt->values[i], g_free);
      stmt->lengths[i] = 0;
      stmt->formats[i] = 0;
    }
}

static void
pg_finalize (SmStmt *s)
{
  SmStmtPg *stmt = PG_STMT (s);
  SmDbPg *db = DB (s->db);

  pg_reset (s);
  pg_clear_bindings (s);
  g_ptr_array_add (db->stale, g_strdup (stmt->name));
  flush_stale (db);
  PQclear (stmt->desc);
  g_free (stmt->values);
  g_free (stmt->lengths);
  g_free (stmt->formats);
  g_free (stmt->decoded);
  g_free (stmt);
}

static int
pg_parameter_count (SmStmt *s)
{
  return PG_STMT (s)->n_params;
}

/* Floats as text that reads back to the same double; PostgreSQL's words
 * for the three values C prints differently */
static char *
format_double (double d)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (d))
    return g_strdup ("NaN");
  if (isinf (d))
    return g_strdup (d > 0 ? "Infinity" : "-Infinity");
  return g_strdup (g_ascii_dtostr (buf, sizeof buf, d));
}

static gboolean
pg_bind (SmStmt          *s,
         int              index,
         const SmDbValue *value)
{
  SmStmtPg *stmt = PG_STMT (s);
  int i = index - 1;

  if (index < 1 || index > stmt->n_params)
    return FALSE;
  g_clear_pointer (&stmt->values[i], g_free);
  stmt->formats[i] = 0;
  stmt->lengths[i] = 0;
  switch (value->type)
    {
    case SM_DB_NULL:
      break;
    case SM_DB_INTEGER:
      stmt->values[i] = g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
      break;
    case SM_DB_FLOAT:
      stmt->values[i] = format_double (value->d);
      break;
    case SM_DB_TEXT:
      /* text for a bytea parameter is its bytes, not bytea's escaped text */
      if (PQparamtype (stmt->desc, i) != OID_BYTEA)
        {
          stmt->values[i] = g_strndup (value->data, value->length);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case SM_DB_BLOB:
      /* binary: bytea's bytes as they are; geometry's binary input is EWKB */
      if (value->length > G_MAXINT)
        return FALSE;
      stmt->values[i] = g_malloc (value->length + 1);
      memcpy (stmt->values[i], value->data, value->length);
      stmt->values[i][value->length] = '\0';
      stmt->lengths[i] = (int) value->length;
      stmt->formats[i] = 1;
      break;
    }
  return TRUE;
}

static SmStmtResult
finish_result (SmStmtPg  *stmt,
               PGresult  *res,
               GError   **error)
{
  SmDb *db = stmt->parent.db;
  ExecStatusType status = PQresultStatus (res);

  if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_SINGLE_TUPLE)
    {
      if (status != PGRES_SINGLE_TUPLE)
        count_changes (DB (db), res);
      return SM_STMT_DONE;
    }
  set_result_error (db, res, stmt->parent.sql, error);
  return SM_STMT_ERROR;
}

static SmStmtResult
step_stream (SmStmtPg  *stmt,
             GError   **error)
{
  SmDb *db = stmt->parent.db;
  PGresult *res;
  SmStmtResult result;

  if (!stmt->executed)
    {
      stmt->executed = TRUE;
      if (!PQsendQueryPrepared (DB (db)->conn, stmt->name, stmt->n_params,
                                (const char *const *) stmt->values, stmt->lengths, stmt->formats,
                                0))
        {
          stmt->done = TRUE;
          set_result_error (db, NULL, stmt->parent.sql, error);
          return SM_STMT_ERROR;
        }
      PQsetSingleRowMode (DB (db)->conn);
      db->streaming = (SmStmt *) stmt;
    }
  g_clear_pointer (&stmt->res, PQclear);
  res = PQgetResult (DB (db)->conn);
  if (res != NULL && PQresultStatus (res) == PGRES_SINGLE_TUPLE)
    {
      stmt->res = res;
      stmt->row = 0;
      stmt->n_rows = 1;
      return SM_STMT_ROW;
    }
  /* the end: the last (empty) result, or an error */
  stmt->done = TRUE;
  result = res != NULL ? finish_result (stmt, res, error) : SM_STMT_DONE;
  PQclear (res);
  drain (stmt);
  return result;
}

static SmStmtResult
pg_step (SmStmt  *s,
         GError **error)
{
  SmStmtPg *stmt = PG_STMT (s);
  SmDb *db = s->db;

  forget_row (stmt);
  if (stmt->done)
    return SM_STMT_DONE;
  if (!stmt->executed && !check_free (db, s, s->sql, error))
    return SM_STMT_ERROR;
  if (s->flags & SM_STMT_PREPARE_STREAM)
    return step_stream (stmt, error);
  if (!stmt->executed)
    {
      SmStmtResult result;

      stmt->executed = TRUE;
      stmt->res = PQexecPrepared (DB (db)->conn, stmt->name, stmt->n_params,
                                  (const char *const *) stmt->values, stmt->lengths,
                                  stmt->formats, 0);
      result = finish_result (stmt, stmt->res, error);
      if (result == SM_STMT_ERROR)
        {
          stmt->done = TRUE;
          return SM_STMT_ERROR;
        }
      stmt->row = -1;
      stmt->n_rows = PQresultStatus (stmt->res) == PGRES_TUPLES_OK ? PQntuples (stmt->res) : 0;
    }
  if (++stmt->row < stmt->n_rows)
    return SM_STMT_ROW;
  stmt->done = TRUE;
  g_clear_pointer (&stmt->res, PQclear);
  return SM_STMT_DONE;
}

/* Columns */

typedef enum
{
  KIND_TEXT,
  KIND_INTEGER,
  KIND_FLOAT,
  KIND_BOOL,
  KIND_BYTEA,
  KIND_GEOMETRY, /* its text is the hex of its EWKB */
} Kind;

static Kind
column_kind (SmStmtPg *stmt,
             int       col)
{
  Oid type = PQftype (stmt->desc, col);
  SmDbPg *db = DB (stmt->parent.db);

  switch (type)
    {
    case OID_INT2:
    case OID_INT4:
    case OID_INT8:
    case OID_OID:
      return KIND_INTEGER;
    case OID_FLOAT4:
    case OID_FLOAT8:
    case OID_NUMERIC:
      return KIND_FLOAT;
    case OID_BOOL:
      return KIND_BOOL;
    case OID_BYTEA:
      return KIND_BYTEA;
    default:
      if (type != 0 && (type == db->geometry_oid || type == db->geography_oid))
        return KIND_GEOMETRY;
      return KIND_TEXT;
    }
}

/* The current row's value as text; NULL for NULL or no row */
static const char *
raw_value (SmStmtPg *stmt,
           int       col)
{
  if (stmt->res == NULL || stmt->row < 0 || stmt->row >= stmt->n_rows
      || col < 0 || col >= PQnfields (stmt->res)
      || PQgetisnull (stmt->res, stmt->row, col))
    return NULL;
  return PQgetvalue (stmt->res, stmt->row, col);
}

/* bytea and geometry, from their text to their bytes, once per row */
static Decoded *
decode (SmStmtPg *stmt,
        int       col)
{
  Decoded *d = &stmt->decoded[col];
  const char *text = raw_value (stmt, col);

  if (d->decoded || text == NULL)
    return d;
  d->decoded = TRUE;
  if (column_kind (stmt, col) == KIND_BYTEA)
    {
      size_t length = 0;
      unsigned char *bytes = PQunescapeBytea ((const unsigned char *) text, &length);

      if (bytes == NULL)
        return d;
      d->data = g_malloc (length + 1);
      memcpy (d->data, bytes, length);
      d->data[length] = '\0';
      d->length = length;
      PQfreemem (bytes);
    }
  else
    {
      gsize n = strlen (text) / 2;

      d->data = g_malloc (n + 1);
      for (gsize i = 0; i < n; i++)
        d->data[i] = (guint8) (g_ascii_xdigit_value (text[2 * i]) << 4
                               | g_ascii_xdigit_value (text[2 * i + 1]));
      d->data[n] = '\0';
      d->length = n;
    }
  return d;
}

static int
pg_column_count (SmStmt *s)
{
  return PQnfields (PG_STMT (s)->desc);
}

static const char *
pg_column_name (SmStmt *s,
                int     col)
{
  SmStmtPg *stmt = PG_STMT (s);

  if (col < 0 || col >= PQnfields (stmt->desc))
    return NULL;
  return PQfname (stmt->desc, col);
}

static SmDbType
pg_column_type (SmStmt *s,
                int     col)
{
  SmStmtPg *stmt = PG_STMT (s);

  if (raw_value (stmt, col) == NULL)
    return SM_DB_NULL;
  switch (column_kind (stmt, col))
    {
    case KIND_INTEGER:
    case KIND_BOOL:
      return SM_DB_INTEGER;
    case KIND_FLOAT:
      return SM_DB_FLOAT;
    case KIND_BYTEA:
    case KIND_GEOMETRY:
      return SM_DB_BLOB;
    default:
      return SM_DB_TEXT;
    }
}

static double
pg_column_double (SmStmt *s,
                  int     col)
{
  SmStmtPg *stmt = PG_STMT (s);
  const char *text = raw_value (stmt, col);
  Kind kind;

  if (text == NULL)
    return 0.0;
  kind = column_kind (stmt, col);
  if (kind == KIND_BOOL)
    return text[0] == 't' ? 1.0 : 0.0;
  if (kind == KIND_BYTEA || kind == KIND_GEOMETRY)
    return 0.0;
  /* also "NaN", "Infinity" and "-Infinity" */
  return g_ascii_strtod (text, NULL);
}

static gint64
pg_column_int64 (SmStmt *s,
                 int     col)
{
  SmStmtPg *stmt = PG_STMT (s);
  const char *text = raw_value (stmt, col);
  Kind kind;
  char *end = NULL;
  gint64 value;

  if (text == NULL)
    return 0;
  kind = column_kind (stmt, col);
  if (kind == KIND_BOOL)
    return text[0] == 't';
  if (kind == KIND_BYTEA || kind == KIND_GEOMETRY)
    return 0;
  value = g_ascii_strtoll (text, &end, 10);
  /* "2.5", "1e3": as SQLite, the number's whole part */
  if (end != NULL && (*end == '.' || *end == 'e' || *end == 'E'))
    {
      double d = g_ascii_strtod (text, NULL);

      if (isnan (d))
        return 0;
      return d >= 9.2233720368547758e18 ? G_MAXINT64
             : d <= -9.2233720368547758e18 ? G_MININT64 : (gint64) d;
    }
  return value;
}

static const char *
pg_column_text (SmStmt *s,
                int     col)
{
  SmStmtPg *stmt = PG_STMT (s);
  const char *text = raw_value (stmt, col);

  if (text == NULL)
    return NULL;
  switch (column_kind (stmt, col))
    {
    case KIND_BOOL:
      /* as SQLite, which has no booleans but 1 and 0 */
      return text[0] == 't' ? "1" : "0";
    case KIND_BYTEA:
    case KIND_GEOMETRY:
      return (const char *) decode (stmt, col)->data;
    default:
      return text;
    }
}

static gconstpointer
pg_column_blob (SmStmt *s,
                int     col)
{
  SmStmtPg *stmt = PG_STMT (s);
  Kind kind;

  if (raw_value (stmt, col) == NULL)
    return NULL;
  kind = column_kind (stmt, col);
  if (kind == KIND_BYTEA || kind == KIND_GEOMETRY)
    return decode (stmt, col)->data;
  return pg_column_text (s, col);
}

static int
pg_column_bytes (SmStmt *s,
                 int     col)
{
  SmStmtPg *stmt = PG_STMT (s);
  const char *text = raw_value (stmt, col);
  Kind kind;

  if (text == NULL)
    return 0;
  kind = column_kind (stmt, col);
  if (kind == KIND_BYTEA || kind == KIND_GEOMETRY)
    return (int) decode (stmt, col)->length;
  if (kind == KIND_BOOL)
    return 1;
  return PQgetlength (stmt->res, stmt->row, col);
}

const SmDbEngineClass sm_db_pg_class = {
  .engine = SM_DB_ENGINE_POSTGRESQL,
  .begin_sql = "BEGIN",
  .open = pg_open,
  .close = pg_close,
  .exec = pg_exec,
  .changes = pg_changes,
  .total_changes = pg_total_changes,
  .in_transaction = pg_in_transaction,
  .last_insert_id = pg_last_insert_id,
  .create_functions = pg_create_functions,
  .get_raw = pg_get_raw,
  .prepare = pg_prepare,
  .finalize = pg_finalize,
  .parameter_count = pg_parameter_count,
  .bind = pg_bind,
  .step = pg_step,
  .reset = pg_reset,
  .clear_bindings = pg_clear_bindings,
  .column_count = pg_column_count,
  .column_name = pg_column_name,
  .column_type = pg_column_type,
  .column_int64 = pg_column_int64,
  .column_double = pg_column_double,
  .column_text = pg_column_text,
  .column_blob = pg_column_blob,
  .column_bytes = pg_column_bytes,
};
