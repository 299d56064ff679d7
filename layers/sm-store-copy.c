/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `symbiomap-cli copy`: a project file into a PostgreSQL database and a
 * database into a new project file (docs/POSTGRESQL.md, "Copying"),
 * losing nothing: every table, row and column, the ids, the geometries
 * as their EWKB (the same doubles), BLOBs byte for byte. The columns are
 * read from both schemas, not listed here, so a column one side has and
 * the other lacks stops the copy before anything is written, and a table
 * this build does not know is refused rather than left behind.
 *
 * One transaction on the side written: a failure leaves a database as it
 * was, and removes the new file. This file copies a file into a database
 * and holds the checks both directions share; sm-store-copy-file.c copies
 * a database into a file.
 */
#define G_LOG_DOMAIN "sm-store-copy"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first */
#include <spatialite.h>
#include <string.h>
#include <unistd.h>

#include "sm-pg-schema.h"
#include "sm-project-private.h"
#include "sm-store-copy.h"
#include "sm-store-copy-private.h"

const char *const sm_store_copy_tables[] = {
  "settings", "imports", "rejected_rows", "sites", "site_names", "register_sites", "flows",
  "register_flows", "exchanges", "exchange_history", "network_edges", "route_graph", "edit_log",
  NULL
};

/* Columns only the database has: who changed a row last and when, and its
 * version (docs/POSTGRESQL.md); a file has no several planners. */
static const char *const pg_only_columns[] = { "row_version", "changed_by", "changed_at", NULL };
/* … of these tables only (edit_log and exchange_history have a changed_at
 * of their own, in both engines) */
static const char *const versioned_tables[] = { "sites", "flows", "exchanges", "network_edges",
                                                NULL };

/* COPY's buffer is sent in pieces of this size */
#define COPY_CHUNK (256 * 1024)

static void
column_free (gpointer data)
{
  SmCopyColumn *c = data;

  g_free (c->name);
  g_free (c->quoted);
  g_free (c);
}

void
sm_store_copy_count_free (SmStoreCopyCount *count)
{
  if (count == NULL)
    return;
  g_free (count->table);
  g_free (count);
}

void
sm_store_copy_add_count (GPtrArray  *counts,
           const char *table,
           gint64      rows)
{
  SmStoreCopyCount *count = g_new0 (SmStoreCopyCount, 1);

  count->table = g_strdup (table);
  count->rows = rows;
  g_ptr_array_add (counts, count);
}

char *
sm_store_copy_quote_ident (const char *name)
{
  g_autoptr(GString) s = g_string_new ("\"");

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
strv_has (const char *const *strv,
          const char        *name)
{
  return g_strv_contains (strv, name);
}

/* Tables SpatiaLite makes for itself: those of an empty database given
 * its metadata, asked of SpatiaLite rather than listed here so that
 * another SpatiaLite version is no surprise */
static GHashTable *
spatialite_tables (void)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3 *db = NULL;
  void *cache = spatialite_alloc_connection ();
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open (":memory:", &db) == SQLITE_OK)
    {
      spatialite_init_ex (db, cache, 0);
      sqlite3_exec (db, "SELECT InitSpatialMetadata (1, 'WGS84')", NULL, NULL, NULL);
      if (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1,
                              &stmt, NULL) == SQLITE_OK)
        while (sqlite3_step (stmt) == SQLITE_ROW)
          g_hash_table_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  spatialite_cleanup_ex (cache);
  return names;
}

void
sm_store_copy_file_error (sqlite3  *db,
                GError  **error)
{
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  sm_project_db_set_sql_error (db, error, _("The project file could not be copied: %s"));
}

/* Every table of the file is one a copy writes, SpatiaLite's own, a
 * spatial index's, or edit_context (empty outside a transaction). */
static gboolean
check_file_tables (sqlite3  *db,
                   GError  **error)
{
  g_autoptr(GHashTable) spatialite = spatialite_tables ();
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT name FROM sqlite_master WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
                          "AND name NOT IN (SELECT 'idx_' || f_table_name || '_' "
                          "  || f_geometry_column || s FROM geometry_columns, "
                          "  (SELECT '' AS s UNION ALL SELECT '_node' UNION ALL "
                          "   SELECT '_parent' UNION ALL SELECT '_rowid'))",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sm_store_copy_file_error (db, error);
      return FALSE;
    }
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (strv_has (sm_store_copy_tables, name) || g_str_equal (name, "edit_context")
          || g_hash_table_contains (spatialite, name))
        continue;
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_TOO_NEW,
                   /* TRANSLATORS: %s is a table's name */
                   _("The project file has a table “%s” this Symbiomap does not know; it would "
                     "be lost in the copy: update Symbiomap"),
                   name);
      ok = FALSE;
    }
  if (ok && rc != SQLITE_DONE)
    {
      sm_store_copy_file_error (db, error);
      ok = FALSE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* The file's columns of @table, in their order, with how to carry them */
static GPtrArray *
file_columns (sqlite3     *db,
              const char  *table,
              GError     **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (column_free);
  g_autoptr(GHashTable) geometries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *quoted = sm_store_copy_quote_ident (table);
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info (%s)", quoted);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT lower (f_geometry_column) FROM geometry_columns "
                              "WHERE lower (f_table_name) = lower (?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      sm_store_copy_file_error (db, error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (geometries, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sm_store_copy_file_error (db, error);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SmCopyColumn *c = g_new0 (SmCopyColumn, 1);
      g_autofree char *type = g_ascii_strup ((const char *) sqlite3_column_text (stmt, 2), -1);
      g_autofree char *lower = NULL;

      c->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      c->quoted = sm_store_copy_quote_ident (c->name);
      lower = g_ascii_strdown (c->name, -1);
      /* SQLite's rules of column affinity (sqlite.org/datatype3.html, 3.1) */
      if (g_hash_table_contains (geometries, lower))
        c->kind = COL_GEOMETRY;
      else if (strstr (type, "INT") != NULL)
        c->kind = COL_INTEGER;
      else if (strstr (type, "CHAR") != NULL || strstr (type, "CLOB") != NULL
               || strstr (type, "TEXT") != NULL)
        c->kind = COL_TEXT;
      else if (*type == '\0' || strstr (type, "BLOB") != NULL)
        c->kind = COL_BLOB;
      else
        c->kind = COL_REAL;
      g_ptr_array_add (columns, c);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&columns);
}

/* The database's columns of @table: name -> PostgreSQL type name */
static GHashTable *
pg_columns (PGconn      *conn,
            const char  *table,
            GError     **error)
{
  const char *params[] = { table };
  g_autoptr(PGresult) result =
    PQexecParams (conn, "SELECT column_name, udt_name FROM information_schema.columns "
                        "WHERE table_schema = '" SM_PG_SCHEMA "' AND table_name = $1",
                  1, NULL, params, NULL, NULL, 0);
  GHashTable *columns;

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      /* TRANSLATORS: %s is the database server's own message (in English) */
      sm_pg_set_error (conn, result, error, _("The database could not be read: %s"));
      return NULL;
    }
  columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (int i = 0; i < PQntuples (result); i++)
    g_hash_table_insert (columns, g_strdup (PQgetvalue (result, i, 0)),
                         g_strdup (PQgetvalue (result, i, 1)));
  return columns;
}

/* Both sides have the same columns, but the database's own few: nothing
 * is dropped in either direction. */
static gboolean
check_columns (const char  *table,
               GPtrArray   *file,
               GHashTable  *pg,
               GError     **error)
{
  g_autoptr(GHashTable) in_file = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer name;

  if (g_hash_table_size (pg) == 0)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT,
                   /* TRANSLATORS: %s is a table's name */
                   _("The database's Symbiomap schema has no table “%s”"), table);
      return FALSE;
    }
  for (guint i = 0; i < file->len; i++)
    {
      SmCopyColumn *c = g_ptr_array_index (file, i);

      g_hash_table_add (in_file, c->name);
      if (!g_hash_table_contains (pg, c->name))
        {
          g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                       /* TRANSLATORS: a table's name, then a column's; nothing was copied */
                       _("The column %s.%s of the project file has no place in the database; "
                         "nothing was copied"),
                       table, c->name);
          return FALSE;
        }
    }
  g_hash_table_iter_init (&iter, pg);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    if (!g_hash_table_contains (in_file, name)
        && !(strv_has (versioned_tables, table) && strv_has (pg_only_columns, name)))
      {
        g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                     /* TRANSLATORS: a table's name, then a column's; nothing was copied */
                     _("The column %s.%s of the database has no place in a project file; "
                       "nothing was copied"),
                     table, (const char *) name);
        return FALSE;
      }
  return TRUE;
}

/* The database's Symbiomap tables are all ones a copy reads. */
gboolean
sm_store_copy_check_pg_tables (PGconn  *conn,
                 GError **error)
{
  g_autoptr(PGresult) result =
    PQexec (conn, "SELECT table_name FROM information_schema.tables "
                  "WHERE table_schema = '" SM_PG_SCHEMA "' AND table_type = 'BASE TABLE'");

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      sm_pg_set_error (conn, result, error, _("The database could not be read: %s"));
      return FALSE;
    }
  for (int i = 0; i < PQntuples (result); i++)
    {
      const char *name = PQgetvalue (result, i, 0);

      if (!strv_has (sm_store_copy_tables, name) && !g_str_equal (name, "meta"))
        {
          g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_TOO_NEW,
                       /* TRANSLATORS: %s is a table's name */
                       _("The database has a table “%s” this Symbiomap does not know; it would "
                         "be lost in the copy: update Symbiomap"),
                       name);
          return FALSE;
        }
    }
  return TRUE;
}

GPtrArray *
sm_store_copy_checked_columns (sqlite3     *db,
                 PGconn      *conn,
                 const char  *table,
                 GHashTable **pg_types,
                 GError     **error)
{
  g_autoptr(GPtrArray) file = file_columns (db, table, error);
  g_autoptr(GHashTable) pg = NULL;

  if (file == NULL || (pg = pg_columns (conn, table, error)) == NULL
      || !check_columns (table, file, pg, error))
    return NULL;
  if (pg_types != NULL)
    *pg_types = g_steal_pointer (&pg);
  return g_steal_pointer (&file);
}

/* Text COPY format (postgresql.org/docs/15/sql-copy.html, "Text Format"):
 * written here because libpq sends rows but does not format them. */
static void
append_copy_text (GString    *buf,
                  const char *text,
                  int         len)
{
  for (int i = 0; i < len; i++)
    switch (text[i])
      {
      case '\\': g_string_append (buf, "\\\\"); break;
      case '\n': g_string_append (buf, "\\n"); break;
      case '\r': g_string_append (buf, "\\r"); break;
      case '\t': g_string_append (buf, "\\t"); break;
      default: g_string_append_c (buf, text[i]); break;
      }
}

static gboolean
send_copy (PGconn   *conn,
           GString  *buf,
           GError  **error)
{
  if (buf->len > 0 && PQputCopyData (conn, buf->str, (int) buf->len) != 1)
    {
      /* TRANSLATORS: %s is the database server's own message (in English) */
      sm_pg_set_error (conn, NULL, error, _("The database could not take the copy: %s"));
      return FALSE;
    }
  g_string_truncate (buf, 0);
  return TRUE;
}

/* Ends a COPY and reads its outcome; @reason aborts it */
static gboolean
end_copy (PGconn      *conn,
          const char  *reason,
          GError     **error)
{
  PGresult *result;
  gboolean ok = reason == NULL;

  if (PQputCopyEnd (conn, reason) != 1)
    ok = FALSE;
  while ((result = PQgetResult (conn)) != NULL)
    {
      if (PQresultStatus (result) != PGRES_COMMAND_OK && reason == NULL && ok)
        {
          sm_pg_set_error (conn, result, error, _("The database could not take the copy: %s"));
          ok = FALSE;
        }
      PQclear (result);
    }
  if (!ok && reason == NULL && error != NULL && *error == NULL)
    sm_pg_set_error (conn, NULL, error, _("The database could not take the copy: %s"));
  return ok;
}

static gint64
copy_table_to_pg (sqlite3     *db,
                  PGconn      *conn,
                  const char  *table,
                  GError     **error)
{
  g_autoptr(GHashTable) pg_types = NULL;
  g_autoptr(GPtrArray) columns = sm_store_copy_checked_columns (db, conn, table, &pg_types, error);
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(GString) copy = NULL;
  g_autoptr(GString) buf = NULL;
  g_autoptr(PGresult) started = NULL;
  g_autofree char *quoted = sm_store_copy_quote_ident (table);
  sqlite3_stmt *stmt = NULL;
  gint64 rows = 0;
  int rc;

  if (columns == NULL)
    return -1;
  copy = g_string_new (NULL);
  g_string_printf (copy, "COPY " SM_PG_SCHEMA ".%s (", quoted);
  for (guint i = 0; i < columns->len; i++)
    {
      SmCopyColumn *c = g_ptr_array_index (columns, i);

      g_string_append_printf (select, c->kind == COL_GEOMETRY ? "%sAsEWKB (%s)" : "%s%s",
                              i > 0 ? ", " : "", c->quoted);
      g_string_append_printf (copy, "%s%s", i > 0 ? ", " : "", c->quoted);
    }
  g_string_append_printf (select, " FROM %s", quoted);
  g_string_append (copy, ") FROM STDIN");

  if (sqlite3_prepare_v2 (db, select->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      sm_store_copy_file_error (db, error);
      return -1;
    }
  started = PQexec (conn, copy->str);
  if (PQresultStatus (started) != PGRES_COPY_IN)
    {
      sqlite3_finalize (stmt);
      sm_pg_set_error (conn, started, error, _("The database could not take the copy: %s"));
      return -1;
    }

  buf = g_string_sized_new (COPY_CHUNK + 4096);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (guint i = 0; i < columns->len; i++)
        {
          SmCopyColumn *c = g_ptr_array_index (columns, i);
          int type = sqlite3_column_type (stmt, (int) i);
          char number[G_ASCII_DTOSTR_BUF_SIZE];

          if (i > 0)
            g_string_append_c (buf, '\t');
          if (type == SQLITE_NULL)
            g_string_append (buf, "\\N");
          else if (type == SQLITE_INTEGER)
            g_string_append_printf (buf, "%" G_GINT64_FORMAT,
                                    (gint64) sqlite3_column_int64 (stmt, (int) i));
          else if (type == SQLITE_FLOAT)
            /* 17 significant digits give back the same double */
            g_string_append (buf, g_ascii_formatd (number, sizeof number, "%.17g",
                                                   sqlite3_column_double (stmt, (int) i)));
          else if (type == SQLITE_BLOB
                   && g_strcmp0 (g_hash_table_lookup (pg_types, c->name), "bytea") == 0)
            {
              const guchar *bytes = sqlite3_column_blob (stmt, (int) i);
              int n = sqlite3_column_bytes (stmt, (int) i);

              g_string_append (buf, "\\\\x");
              for (int k = 0; k < n; k++)
                g_string_append_printf (buf, "%02x", bytes[k]);
            }
          else if (type == SQLITE_BLOB)
            {
              g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                           /* TRANSLATORS: a table's name, a column's, then a row's number */
                           _("%s.%s holds binary data in row %lld, which the database keeps as "
                             "text only; nothing was copied"),
                           table, c->name, (long long) rows + 1);
              end_copy (conn, "bad value", NULL);
              sqlite3_finalize (stmt);
              return -1;
            }
          else
            append_copy_text (buf, (const char *) sqlite3_column_text (stmt, (int) i),
                              sqlite3_column_bytes (stmt, (int) i));
        }
      g_string_append_c (buf, '\n');
      rows++;
      if (buf->len >= COPY_CHUNK && !send_copy (conn, buf, error))
        {
          sqlite3_finalize (stmt);
          end_copy (conn, "send failed", NULL);
          return -1;
        }
    }
  if (rc != SQLITE_DONE)
    {
      sm_store_copy_file_error (db, error);
      sqlite3_finalize (stmt);
      end_copy (conn, "read failed", NULL);
      return -1;
    }
  sqlite3_finalize (stmt);
  if (!send_copy (conn, buf, error))
    {
      end_copy (conn, "send failed", NULL);
      return -1;
    }
  if (!end_copy (conn, NULL, error))
    {
      g_prefix_error (error, "%s: ", table);
      return -1;
    }
  return rows;
}

/* An empty schema takes a copy; one that holds rows is a project already */
static gboolean
check_pg_empty (PGconn  *conn,
                GError **error)
{
  for (int i = 0; sm_store_copy_tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM " SM_PG_SCHEMA
                                              ".%s)", sm_store_copy_tables[i]);
      g_autoptr(PGresult) result = PQexec (conn, sql);

      if (PQresultStatus (result) != PGRES_TUPLES_OK)
        {
          sm_pg_set_error (conn, result, error, _("The database could not be read: %s"));
          return FALSE;
        }
      if (g_str_equal (PQgetvalue (result, 0, 0), "t"))
        {
          g_autofree char *display = sm_pg_display_name (conn);

          g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_EXISTS,
                       /* TRANSLATORS: the database and its server, then a table's name */
                       _("The database %s already holds a project with data (in %s): copy "
                         "into an empty database; Symbiomap never mixes two projects"),
                       display, sm_store_copy_tables[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/* New rows get ids after the copied ones */
static gboolean
move_identities (PGconn  *conn,
                 GError **error)
{
  g_autoptr(PGresult) result =
    PQexec (conn, "SELECT quote_ident (table_name), quote_ident (column_name) "
                  "FROM information_schema.columns WHERE table_schema = '" SM_PG_SCHEMA "' "
                  "AND is_identity = 'YES'");

  if (PQresultStatus (result) != PGRES_TUPLES_OK)
    {
      sm_pg_set_error (conn, result, error, _("The database could not take the copy: %s"));
      return FALSE;
    }
  for (int i = 0; i < PQntuples (result); i++)
    {
      const char *table = PQgetvalue (result, i, 0);
      const char *column = PQgetvalue (result, i, 1);
      g_autofree char *sql =
        g_strdup_printf ("SELECT setval (pg_get_serial_sequence ('" SM_PG_SCHEMA ".%s', '%s'), "
                         "coalesce ((SELECT max (%s) FROM " SM_PG_SCHEMA ".%s), 0) + 1, false)",
                         table, column, column, table);

      if (!sm_pg_exec (conn, sql, _("The database could not take the copy: %s"), error))
        return FALSE;
    }
  return TRUE;
}

/* The planner's statistics of the copied tables, at once: until
 * autovacuum comes round, the first queries on them would be planned for
 * empty tables. The copy is committed by then: a failure here only
 * leaves that to autovacuum. */
static void
analyze (PGconn *conn)
{
  g_autoptr(GString) sql = g_string_new ("ANALYZE ");
  g_autoptr(PGresult) res = NULL;

  for (int i = 0; sm_store_copy_tables[i] != NULL; i++)
    g_string_append_printf (sql, "%s" SM_PG_SCHEMA ".%s", i > 0 ? ", " : "", sm_store_copy_tables[i]);
  res = PQexec (conn, sql->str);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    g_debug ("%s: %s", sql->str, PQresultErrorMessage (res));
}

/**
 * sm_store_copy_file_to_pg:
 * @path: a project file
 * @uri: a database with PostGIS: empty, or holding an empty Symbiomap schema
 * @progress: (nullable): told after each table
 * @error: return location for an error
 *
 * Copies every table of the project into the database, creating the
 * schema if there is none, in one transaction.
 *
 * Returns: (transfer full) (element-type SmStoreCopyCount): the rows of
 *   each table, or %NULL with @error set and the database unchanged
 */
GPtrArray *
sm_store_copy_file_to_pg (const char           *path,
                          const char           *uri,
                          SmStoreCopyProgress   progress,
                          gpointer              data,
                          GError              **error)
{
  g_autoptr(SmProject) project = NULL;
  g_autoptr(SmDb) target = NULL;
  PGconn *conn;
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func (
    (GDestroyNotify) sm_store_copy_count_free);
  /* TRANSLATORS: %s is the database server's own message (in English) */
  const char *what = _("The database could not take the copy: %s");
  sqlite3 *db;
  int version;

  /* sm_project_open() opens an address too: the source must be a file */
  if ((project = sm_project_open (path, error)) == NULL
      || !sm_project_require_file (project, error))
    return NULL;
  db = sm_project_get_db (project);
  /* The store's connection (sm-db-pg.c), its libpq handle for COPY */
  if (!check_file_tables (db, error) || (target = sm_db_open (uri, SM_DB_OPEN_NONE, error)) == NULL)
    return NULL;
  conn = sm_db_get_raw_pg (target);

  if (!sm_pg_exec (conn, "BEGIN", what, error))
    return NULL;
  version = sm_pg_schema_get_version (conn, error);
  if (version < 0)
    goto fail;
  if (version == 0 && !sm_pg_schema_create (conn, TRUE, error))
    goto fail;
  if (version > 0 && version != SM_PG_SCHEMA_VERSION)
    {
      g_autofree char *display = sm_pg_display_name (conn);

      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_TOO_NEW,
                   /* TRANSLATORS: the database and its server, its schema version, then this
                    * Symbiomap's */
                   _("The project in the database %s has schema %d, this Symbiomap copies "
                     "schema %d only"),
                   display, version, SM_PG_SCHEMA_VERSION);
      goto fail;
    }
  /* The triggers let the copied rows be as they are (sm-pg-schema-sql.c) */
  if (!sm_pg_use_schema (conn, error)
      || !sm_pg_exec (conn, "SELECT set_config ('symbiomap.copying', 'on', true)", what, error)
      || !sm_store_copy_check_pg_tables (conn, error) || !check_pg_empty (conn, error))
    goto fail;

  /* One snapshot of the file */
  if (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
    {
      sm_store_copy_file_error (db, error);
      goto fail;
    }
  for (int i = 0; sm_store_copy_tables[i] != NULL; i++)
    {
      gint64 rows = copy_table_to_pg (db, conn, sm_store_copy_tables[i], error);

      if (rows < 0)
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          goto fail;
        }
      sm_store_copy_add_count (counts, sm_store_copy_tables[i], rows);
      if (progress != NULL)
        progress (sm_store_copy_tables[i], rows, data);
    }
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);

  if (!move_identities (conn, error) || !sm_pg_exec (conn, "COMMIT", what, error))
    goto fail;
  analyze (conn);
  return g_steal_pointer (&counts);

fail:
  PQclear (PQexec (conn, "ROLLBACK"));
  return NULL;
}
