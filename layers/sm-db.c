/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's connection and statements on either engine (docs/STORE.md):
 * the calls every layer uses, dispatched to sm-db-sqlite.c or sm-db-pg.c,
 * and what the engines share: error messages, the rewriting of `?`
 * placeholders for PostgreSQL, names that are paths or URIs.
 */
#define G_LOG_DOMAIN "sm-db"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "sm-db-private.h"

G_DEFINE_QUARK (sm-db-error-quark, sm_db_error)

/* Shared helpers, for the engines */

/* The first words of a statement, for error messages: enough to find it
 * in the code, short enough for a dialog. */
char *
sm_db_sql_head (const char *sql)
{
  enum { MAX_WORDS = 6, MAX_CHARS = 60 };
  GString *out = g_string_new (NULL);
  int words = 0;
  gboolean space = FALSE;
  const char *p = sql;

  while (*p != '\0' && g_ascii_isspace (*p))
    p++;
  for (; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = TRUE;
          continue;
        }
      if (space)
        {
          if (++words >= MAX_WORDS || out->len >= MAX_CHARS)
            break;
          g_string_append_c (out, ' ');
          space = FALSE;
        }
      g_string_append_c (out, *p);
    }
  if (*p != '\0')
    {
      /* never cut a UTF-8 character in two */
      if (out->len > MAX_CHARS)
        {
          const char *end = g_utf8_find_prev_char (out->str, out->str + MAX_CHARS + 1);

          g_string_truncate (out, end != NULL ? (gsize) (end - out->str) : MAX_CHARS);
        }
      g_string_append (out, "…");
    }
  return g_string_free (out, FALSE);
}

void
sm_db_set_error (GError     **error,
                 SmDbError    code,
                 const char  *message,
                 const char  *sql)
{
  g_autofree char *head = NULL;
  g_autofree char *clean = g_strstrip (g_strdup (message != NULL ? message : ""));

  if (sql == NULL)
    {
      g_set_error_literal (error, SM_DB_ERROR, code, clean);
      return;
    }
  head = sm_db_sql_head (sql);
  g_set_error (error, SM_DB_ERROR, code,
               /* TRANSLATORS: the database's own message (in English), then the first words
                * of the SQL statement that failed */
               _("%s (in “%s”)"), clean, head);
}

/* Rewrites SQLite's `?` and `?NNN` placeholders into PostgreSQL's `$N`,
 * outside quoted strings, quoted identifiers, dollar quotes and comments.
 * A bare `?` takes the number after the largest so far, as in SQLite;
 * @used says which numbers occur (SQLite allows gaps, PostgreSQL must be
 * told a type for a parameter it never sees).
 * Hand-written: libpq has no such rewriting, and PostgreSQL's own lexer is
 * not a library. */
char *
sm_db_rewrite_placeholders (const char *sql,
                            int        *n_params,
                            GArray    **used)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  g_autoptr(GArray) seen = g_array_new (FALSE, TRUE, sizeof (gboolean));
  int max = 0;
  const char *p = sql;

  while (*p != '\0')
    {
      char c = *p;

      if (c == '\'' || c == '"')
        {
          /* E'...' strings take backslash escapes */
          gboolean escapes = c == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e')
                             && (p - 1 == sql || !(g_ascii_isalnum (p[-2]) || p[-2] == '_'));
          const char *q = p + 1;

          while (*q != '\0')
            {
              if (escapes && *q == '\\' && q[1] != '\0')
                q += 2;
              else if (*q == c && q[1] == c)
                q += 2;
              else if (*q == c)
                {
                  q++;
                  break;
                }
              else
                q++;
            }
          g_string_append_len (out, p, q - p);
          p = q;
        }
      else if (c == '-' && p[1] == '-')
        {
          const char *q = strchr (p, '\n');

          q = q != NULL ? q : p + strlen (p);
          g_string_append_len (out, p, q - p);
          p = q;
        }
      else if (c == '/' && p[1] == '*')
        {
          /* PostgreSQL's block comments nest */
          int depth = 0;
          const char *q = p;

          do
            {
              if (q[0] == '/' && q[1] == '*')
                depth++, q += 2;
              else if (q[0] == '*' && q[1] == '/')
                depth--, q += 2;
              else
                q++;
            }
          while (depth > 0 && *q != '\0');
          g_string_append_len (out, p, q - p);
          p = q;
        }
      else if (c == '$' && (p == sql || !(g_ascii_isalnum (p[-1]) || p[-1] == '_'))
               && (p[1] == '$' || g_ascii_isalpha (p[1]) || p[1] == '_'))
        {
          /* a dollar quote $tag$...$tag$ (a tag never starts with a digit) */
          const char *t = p + 1;
          g_autofree char *tag = NULL;
          const char *end;

          while (g_ascii_isalnum (*t) || *t == '_')
            t++;
          if (*t != '$')
            {
              g_string_append_len (out, p, t - p);
              p = t;
              continue;
            }
          tag = g_strndup (p, t + 1 - p);
          end = strstr (t + 1, tag);
          end = end != NULL ? end + strlen (tag) : t + 1 + strlen (t + 1);
          g_string_append_len (out, p, end - p);
          p = end;
        }
      else if (c == '?')
        {
          int n;

          if (g_ascii_isdigit (p[1]))
            {
              char *endp;

              n = (int) g_ascii_strtoll (p + 1, &endp, 10);
              p = endp;
            }
          else
            {
              n = max + 1;
              p++;
            }
          max = MAX (max, n);
          if (n > 0 && n <= 32766)
            {
              if ((guint) n > seen->len)
                g_array_set_size (seen, n);
              g_array_index (seen, gboolean, n - 1) = TRUE;
            }
          g_string_append_printf (out, "$%d", n);
        }
      else
        {
          g_string_append_c (out, c);
          p++;
        }
    }
  if (n_params != NULL)
    *n_params = max;
  if (used != NULL)
    *used = g_steal_pointer (&seen);
  return g_string_free (out, FALSE);
}

/* A URI as it may be shown: without its password. */
char *
sm_db_redact_uri (const char *uri)
{
  GString *out = g_string_new (uri);
  const char *scheme_end = strstr (out->str, "://");

  if (scheme_end != NULL)
    {
      gsize start = scheme_end + 3 - out->str;
      gsize end = start + strcspn (out->str + start, "/?");
      const char *at = g_strrstr_len (out->str + start, end - start, "@");

      if (at != NULL)
        {
          const char *colon = memchr (out->str + start, ':', at - (out->str + start));

          if (colon != NULL)
            g_string_erase (out, colon - out->str, at - colon);
        }
    }
  /* the parameters password=... and sslpassword=... */
  {
    char *query = strchr (out->str, '?');

    if (query != NULL)
      {
        g_auto(GStrv) params = g_strsplit (query + 1, "&", -1);
        g_autoptr(GPtrArray) kept = g_ptr_array_new ();

        for (int i = 0; params[i] != NULL; i++)
          {
            g_autofree char *key = g_strndup (params[i], strcspn (params[i], "="));

            if (!g_str_has_suffix (key, "password"))
              g_ptr_array_add (kept, params[i]);
          }
        g_ptr_array_add (kept, NULL);
        g_string_truncate (out, query - out->str);
        if (kept->len > 1)
          {
            g_autofree char *joined = g_strjoinv ("&", (char **) kept->pdata);

            g_string_append_printf (out, "?%s", joined);
          }
      }
  }
  return g_string_free (out, FALSE);
}

/* Connections */

/**
 * sm_db_name_is_uri:
 * @name: a project's name, as the user gave it
 *
 * Whether @name is a PostgreSQL connection URI (`postgresql://…` or
 * `postgres://…`, libpq's two schemes) rather than the path of a file.
 *
 * Returns: %TRUE for a URI
 */
gboolean
sm_db_name_is_uri (const char *name)
{
  return name != NULL
         && (g_ascii_strncasecmp (name, "postgresql://", strlen ("postgresql://")) == 0
             || g_ascii_strncasecmp (name, "postgres://", strlen ("postgres://")) == 0);
}

/**
 * sm_db_open:
 * @name: the path of a SpatiaLite file, or a `postgresql://` URI
 * @flags: read-only, create
 * @error: SM_DB_ERROR_CONNECT with a message that says what to do next
 *
 * Opens a connection on the engine @name picks (sm_db_name_is_uri()). A
 * SQLite connection has SpatiaLite loaded, foreign keys on and waits up to
 * 5 s for another writer; a PostgreSQL one talks UTF-8 and prints floats
 * exactly. Both have the store's own SQL functions (sm_db_create_functions()).
 *
 * Returns: (transfer full) (nullable): the connection, for one thread at a time
 */
SmDb *
sm_db_open (const char     *name,
            SmDbOpenFlags   flags,
            GError        **error)
{
  const SmDbEngineClass *klass;
  SmDb *db;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  klass = sm_db_name_is_uri (name) ? &sm_db_pg_class : &sm_db_sqlite_class;
  db = klass->open (name, flags, error);
  if (db == NULL)
    return NULL;
  db->klass = klass;
  db->read_only = (flags & SM_DB_OPEN_READ_ONLY) != 0;
  if (db->display_name == NULL)
    db->display_name = g_strdup (name);
  return db;
}

/**
 * sm_db_close:
 * @db: (nullable) (transfer full): a connection whose statements are all finalized
 *
 * Closes the connection.
 */
void
sm_db_close (SmDb *db)
{
  if (db == NULL)
    return;
  g_free (db->display_name);
  db->klass->close (db);
}

/* Which engine the connection talks to: for the engine-specific files
 * only; shared code does not branch on it. */
SmDbEngine
sm_db_get_engine (SmDb *db)
{
  return db->klass->engine;
}

/* The file's path, or the URI without its password: for messages. */
const char *
sm_db_get_display_name (SmDb *db)
{
  return db->display_name;
}

/**
 * sm_db_exec:
 * @db: a connection
 * @sql: one or more statements separated by `;`, without placeholders
 * @error: SM_DB_ERROR
 *
 * Runs @sql and throws any rows away: schema changes, migrations, settings.
 *
 * Returns: %TRUE when every statement ran
 */
gboolean
sm_db_exec (SmDb        *db,
            const char  *sql,
            GError     **error)
{
  g_return_val_if_fail (db != NULL && sql != NULL, FALSE);
  return db->klass->exec (db, sql, error);
}

/**
 * sm_db_begin:
 * @db: a connection outside a transaction
 * @error: SM_DB_ERROR
 *
 * Starts a transaction to write in: SQLite's `BEGIN IMMEDIATE` (takes the
 * file's write lock now, so two writers wait instead of deadlocking), and
 * PostgreSQL's `BEGIN` (read committed). Transactions do not nest. On
 * PostgreSQL a failed statement spoils the whole transaction: roll it back.
 *
 * Returns: %TRUE when the transaction started
 */
gboolean
sm_db_begin (SmDb    *db,
             GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  return db->klass->exec (db, db->klass->begin_sql, error);
}

/* Commits the transaction sm_db_begin() started. On failure (a deferred
 * constraint, a serialization failure: SM_DB_ERROR_BUSY) nothing of it is
 * kept on PostgreSQL; on SQLite, call sm_db_rollback(). */
gboolean
sm_db_commit (SmDb    *db,
              GError **error)
{
  g_return_val_if_fail (db != NULL, FALSE);
  return db->klass->exec (db, "COMMIT", error);
}

/* Rolls back the open transaction, if any (a statement still streaming
 * its rows is reset first); never fails in a way the caller could act on. */
void
sm_db_rollback (SmDb *db)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (db != NULL);
  if (db->streaming != NULL)
    db->klass->reset (db->streaming);
  if (!db->klass->in_transaction (db))
    return;
  if (!db->klass->exec (db, "ROLLBACK", &error))
    g_debug ("rollback: %s", error->message);
}

/* Whether a transaction is open (begun by sm_db_begin() or by SQL) */
gboolean
sm_db_in_transaction (SmDb *db)
{
  return db->klass->in_transaction (db);
}

/**
 * sm_db_changes:
 * @db: a connection
 *
 * Returns: the rows the last INSERT, UPDATE or DELETE changed (a SELECT
 * leaves it as it was, as in SQLite)
 */
gint64
sm_db_changes (SmDb *db)
{
  return db->klass->changes (db);
}

/**
 * sm_db_total_changes:
 * @db: a connection
 *
 * Returns: the rows every INSERT, UPDATE or DELETE of this connection
 * changed since it was opened (SQLite's sqlite3_total_changes64()): a
 * stamp that moves on the connection's own writes (sm_project_watch())
 */
gint64
sm_db_total_changes (SmDb *db)
{
  return db->klass->total_changes (db);
}

/**
 * sm_db_last_insert_id:
 * @db: a SQLite connection
 *
 * SQLite's last rowid. PostgreSQL has no such thing; shared code writes
 * `INSERT … RETURNING id` and reads the id as a row, on both engines.
 *
 * Returns: the rowid, or 0 (with a critical warning) on PostgreSQL
 */
gint64
sm_db_last_insert_id (SmDb *db)
{
  g_return_val_if_fail (db->klass->last_insert_id != NULL, 0);
  return db->klass->last_insert_id (db);
}

/**
 * sm_db_create_functions:
 * @db: a writable connection
 * @error: SM_DB_ERROR
 *
 * Makes the store's own SQL functions exist, so shared SQL calls them by
 * the same name on both engines: `sm_point(x, y)`, a point in WGS84
 * (EPSG:4326). SQLite has them on every connection from sm_db_open() (C
 * functions) and this does nothing; PostgreSQL keeps them in the database
 * (SQL functions over PostGIS, in the first schema of the search path), so
 * the schema's creation calls this once.
 *
 * Returns: %TRUE when they exist
 */
gboolean
sm_db_create_functions (SmDb    *db,
                        GError **error)
{
  return db->klass->create_functions (db, error);
}

/**
 * sm_db_get_raw_sqlite:
 * @db: a connection
 *
 * The escape hatch for SQLite-only files (sqlite3_create_function, the
 * backup API, ...); shared code never uses it.
 *
 * Returns: (transfer none) (nullable): the sqlite3 handle, NULL on PostgreSQL
 */
struct sqlite3 *
sm_db_get_raw_sqlite (SmDb *db)
{
  return db->klass->engine == SM_DB_ENGINE_SQLITE ? db->klass->get_raw (db) : NULL;
}

/**
 * sm_db_get_raw_pg:
 * @db: a connection
 *
 * The escape hatch for PostgreSQL-only files (COPY, LISTEN/NOTIFY, ...).
 *
 * Returns: (transfer none) (nullable): the PGconn, NULL on SQLite
 */
struct pg_conn *
sm_db_get_raw_pg (SmDb *db)
{
  return db->klass->engine == SM_DB_ENGINE_POSTGRESQL ? db->klass->get_raw (db) : NULL;
}

/* Statements */

/**
 * sm_db_prepare:
 * @db: a connection
 * @sql: one statement, with `?` or `?NNN` placeholders
 * @error: SM_DB_ERROR, the engine's message and the statement's first words
 *
 * Compiles @sql: SQLite's sqlite3_prepare_v3, PostgreSQL's PQprepare of a
 * named statement (the `?` rewritten to `$1, $2, …`). Both find syntax
 * errors and missing tables here. PostgreSQL infers each placeholder's type
 * from where it stands; where it cannot (`SELECT ?`, `? IS NULL`), write
 * `CAST(? AS bigint)`, which both engines read the same way.
 *
 * Returns: (transfer full) (nullable): the statement, for sm_stmt_finalize()
 */
SmStmt *
sm_db_prepare (SmDb        *db,
               const char  *sql,
               GError     **error)
{
  return sm_db_prepare_full (db, sql, SM_STMT_PREPARE_NONE, error);
}

/* As sm_db_prepare(), with SM_STMT_PREPARE_STREAM for results too large to
 * hold in memory at once. */
SmStmt *
sm_db_prepare_full (SmDb              *db,
                    const char        *sql,
                    SmStmtPrepareFlags flags,
                    GError           **error)
{
  SmStmt *stmt;

  g_return_val_if_fail (db != NULL && sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = db->klass->prepare (db, sql, flags, error);
  if (stmt == NULL)
    return NULL;
  stmt->db = db;
  stmt->sql = g_strdup (sql);
  stmt->flags = flags;
  if (db->klass->engine == SM_DB_ENGINE_SQLITE)
    stmt->sqlite = sm_db_sqlite_stmt_handle (stmt);
  return stmt;
}

const char *
sm_stmt_get_sql (SmStmt *stmt)
{
  return stmt->sql;
}

int
sm_stmt_bind_parameter_count (SmStmt *stmt)
{
  return stmt->db->klass->parameter_count (stmt);
}

static gboolean
bind (SmStmt          *stmt,
      int              index,
      const SmDbValue *value)
{
  g_return_val_if_fail (stmt != NULL, FALSE);
  if (stmt->db->klass->bind (stmt, index, value))
    return TRUE;
  /* as SQLite's SQLITE_RANGE, but the step says so too */
  if (stmt->bad_bind == 0)
    stmt->bad_bind = index;
  return FALSE;
}

/* The binds: @index counts from 1, as in SQLite. A bind to an index the
 * statement does not have returns %FALSE, and the next step fails with
 * SM_DB_ERROR_MISUSE. Text and blobs are copied. */
gboolean
sm_stmt_bind_int64 (SmStmt *stmt,
                    int     index,
                    gint64  value)
{
  SmDbValue v = { .type = SM_DB_INTEGER, .i = value };

  /* SQLite directly; a failure goes the engine's way to be recorded */
  if (G_LIKELY (stmt->sqlite != NULL) && sqlite3_bind_int64 (stmt->sqlite, index, value) == SQLITE_OK)
    return TRUE;
  return bind (stmt, index, &v);
}

gboolean
sm_stmt_bind_int (SmStmt *stmt,
                  int     index,
                  int     value)
{
  return sm_stmt_bind_int64 (stmt, index, value);
}

/* NaN binds NULL on both engines, as SQLite does (PostgreSQL would keep a
 * NaN); the infinities stay */
gboolean
sm_stmt_bind_double (SmStmt *stmt,
                     int     index,
                     double  value)
{
  SmDbValue v = { .type = isnan (value) ? SM_DB_NULL : SM_DB_FLOAT, .d = value };

  if (G_LIKELY (stmt->sqlite != NULL) && v.type == SM_DB_FLOAT
      && sqlite3_bind_double (stmt->sqlite, index, value) == SQLITE_OK)
    return TRUE;
  return bind (stmt, index, &v);
}

/* @text NULL binds NULL; @length -1 means up to its NUL */
gboolean
sm_stmt_bind_text (SmStmt     *stmt,
                   int         index,
                   const char *text,
                   gssize      length)
{
  SmDbValue v = { .type = SM_DB_TEXT, .data = text };

  if (text == NULL)
    return sm_stmt_bind_null (stmt, index);
  v.length = length < 0 ? strlen (text) : (gsize) length;
  if (G_LIKELY (stmt->sqlite != NULL)
      && sqlite3_bind_text64 (stmt->sqlite, index, text, v.length, SQLITE_TRANSIENT, SQLITE_UTF8)
         == SQLITE_OK)
    return TRUE;
  return bind (stmt, index, &v);
}

/* @data may be NULL when @length is 0: an empty blob, not NULL */
gboolean
sm_stmt_bind_blob (SmStmt        *stmt,
                   int            index,
                   gconstpointer  data,
                   gsize          length)
{
  SmDbValue v = { .type = SM_DB_BLOB, .data = data != NULL ? data : "", .length = length };

  if (G_LIKELY (stmt->sqlite != NULL)
      && sqlite3_bind_blob64 (stmt->sqlite, index, v.data, length, SQLITE_TRANSIENT) == SQLITE_OK)
    return TRUE;
  return bind (stmt, index, &v);
}

gboolean
sm_stmt_bind_null (SmStmt *stmt,
                   int     index)
{
  SmDbValue v = { .type = SM_DB_NULL };

  if (G_LIKELY (stmt->sqlite != NULL) && sqlite3_bind_null (stmt->sqlite, index) == SQLITE_OK)
    return TRUE;
  return bind (stmt, index, &v);
}

/**
 * sm_stmt_step:
 * @stmt: a statement
 * @error: SM_DB_ERROR when it fails
 *
 * Runs the statement the first time, then moves to its next row. After
 * SM_STMT_DONE or SM_STMT_ERROR, sm_stmt_reset() before running it again.
 *
 * Returns: SM_STMT_ROW with a row to read, SM_STMT_DONE, SM_STMT_ERROR
 */
SmStmtResult
sm_stmt_step (SmStmt  *stmt,
              GError **error)
{
  g_return_val_if_fail (stmt != NULL, SM_STMT_ERROR);
  g_return_val_if_fail (error == NULL || *error == NULL, SM_STMT_ERROR);

  if (stmt->bad_bind != 0)
    {
      /* TRANSLATORS: %d is the number of a parameter (a placeholder) of an SQL statement */
      g_autofree char *message = g_strdup_printf (_("The statement has no parameter %d"),
                                                  stmt->bad_bind);

      sm_db_set_error (error, SM_DB_ERROR_MISUSE, message, stmt->sql);
      return SM_STMT_ERROR;
    }
  return stmt->db->klass->step (stmt, error);
}

/* Makes the statement ready to run again; the bindings stay. */
void
sm_stmt_reset (SmStmt *stmt)
{
  if (stmt == NULL)
    return;
  stmt->db->klass->reset (stmt);
}

/* Sets every parameter to NULL. */
void
sm_stmt_clear_bindings (SmStmt *stmt)
{
  stmt->bad_bind = 0;
  stmt->db->klass->clear_bindings (stmt);
}

void
sm_stmt_finalize (SmStmt *stmt)
{
  if (stmt == NULL)
    return;
  g_free (stmt->sql);
  stmt->db->klass->finalize (stmt);
}

/* Columns: as SQLite's sqlite3_column_*, @col counts from 0, and a pointer
 * stays valid until the next step, reset or finalize. A value read as
 * another type converts as in SQLite (text to a number: its leading digits;
 * NULL: 0, 0.0, NULL). */
int
sm_stmt_column_count (SmStmt *stmt)
{
  return stmt->db->klass->column_count (stmt);
}

const char *
sm_stmt_column_name (SmStmt *stmt,
                     int     col)
{
  return stmt->db->klass->column_name (stmt, col);
}

/* The type of the value in the current row (NULL for a NULL value) */
SmDbType
sm_stmt_column_type (SmStmt *stmt,
                     int     col)
{
  return stmt->db->klass->column_type (stmt, col);
}

gint64
sm_stmt_column_int64 (SmStmt *stmt,
                      int     col)
{
  if (G_LIKELY (stmt->sqlite != NULL))
    return sqlite3_column_int64 (stmt->sqlite, col);
  return stmt->db->klass->column_int64 (stmt, col);
}

int
sm_stmt_column_int (SmStmt *stmt,
                    int     col)
{
  if (G_LIKELY (stmt->sqlite != NULL))
    return sqlite3_column_int (stmt->sqlite, col);
  return (int) stmt->db->klass->column_int64 (stmt, col);
}

double
sm_stmt_column_double (SmStmt *stmt,
                       int     col)
{
  if (G_LIKELY (stmt->sqlite != NULL))
    return sqlite3_column_double (stmt->sqlite, col);
  return stmt->db->klass->column_double (stmt, col);
}

const char *
sm_stmt_column_text (SmStmt *stmt,
                     int     col)
{
  if (G_LIKELY (stmt->sqlite != NULL))
    return (const char *) sqlite3_column_text (stmt->sqlite, col);
  return stmt->db->klass->column_text (stmt, col);
}

gconstpointer
sm_stmt_column_blob (SmStmt *stmt,
                     int     col)
{
  return stmt->db->klass->column_blob (stmt, col);
}

/* The length of the value's text or blob, in bytes */
int
sm_stmt_column_bytes (SmStmt *stmt,
                      int     col)
{
  return stmt->db->klass->column_bytes (stmt, col);
}
