/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `symbiomap-cli copy` from a database into a new project file
 * (docs/POSTGRESQL.md, "Copying"); the checks both directions share are in
 * sm-store-copy.c.
 */
#define G_LOG_DOMAIN "sm-store-copy"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "sm-pg-schema.h"
#include "sm-project-private.h"
#include "sm-store-copy-private.h"

static gboolean
bind_value (sqlite3_stmt  *stmt,
            int            index,
            SmCopyColumn        *c,
            PGresult      *row,
            int            col)
{
  const char *text = PQgetvalue (row, 0, col);

  if (PQgetisnull (row, 0, col))
    return sqlite3_bind_null (stmt, index) == SQLITE_OK;
  switch (c->kind)
    {
    case COL_INTEGER:
      return sqlite3_bind_int64 (stmt, index, g_ascii_strtoll (text, NULL, 10)) == SQLITE_OK;
    case COL_REAL:
      /* PostgreSQL writes the shortest text that reads back as the same double */
      return sqlite3_bind_double (stmt, index, g_ascii_strtod (text, NULL)) == SQLITE_OK;
    case COL_BLOB:
      {
        size_t n = 0;
        unsigned char *bytes = PQunescapeBytea ((const unsigned char *) text, &n);

        if (bytes == NULL)
          return FALSE;
        sqlite3_bind_blob64 (stmt, index, bytes, n, SQLITE_TRANSIENT);
        PQfreemem (bytes);
        return TRUE;
      }
    case COL_TEXT:
    case COL_GEOMETRY:
    default:
      return sqlite3_bind_text (stmt, index, text, PQgetlength (row, 0, col),
                                SQLITE_TRANSIENT) == SQLITE_OK;
    }
}

static gint64
copy_table_to_file (PGconn      *conn,
                    SmProject   *project,
                    const char  *table,
                    GError     **error)
{
  sqlite3 *db = sm_project_get_db (project);
  g_autoptr(GPtrArray) columns = sm_store_copy_checked_columns (db, conn, table, NULL, error);
  g_autoptr(GString) select = g_string_new ("SELECT ");
  g_autoptr(GString) insert = NULL;
  g_autofree char *quoted = sm_store_copy_quote_ident (table);
  g_autofree char *clear = NULL;
  sqlite3_stmt *stmt = NULL;
  PGresult *result;
  gint64 rows = 0;
  gboolean ok = TRUE;

  if (columns == NULL)
    return -1;
  /* Rows the file's own triggers made meanwhile (an exchange's first
   * history entry) give way to the copied ones */
  clear = g_strdup_printf ("DELETE FROM %s", quoted);
  if (sqlite3_exec (db, clear, NULL, NULL, NULL) != SQLITE_OK)
    {
      sm_store_copy_file_error (db, error);
      return -1;
    }
  insert = g_string_new (NULL);
  g_string_printf (insert, "INSERT INTO %s (", quoted);
  for (guint i = 0; i < columns->len; i++)
    {
      SmCopyColumn *c = g_ptr_array_index (columns, i);

      g_string_append_printf (select, c->kind == COL_GEOMETRY
                                ? "%sencode (ST_AsEWKB (%s), 'hex')" : "%s%s",
                              i > 0 ? ", " : "", c->quoted);
      g_string_append_printf (insert, "%s%s", i > 0 ? ", " : "", c->quoted);
    }
  g_string_append_printf (select, " FROM " SM_PG_SCHEMA ".%s", quoted);
  g_string_append (insert, ") VALUES (");
  for (guint i = 0; i < columns->len; i++)
    {
      SmCopyColumn *c = g_ptr_array_index (columns, i);

      g_string_append_printf (insert, c->kind == COL_GEOMETRY ? "%sGeomFromEWKB (?)" : "%s?",
                              i > 0 ? ", " : "");
    }
  g_string_append (insert, ")");

  if (sqlite3_prepare_v2 (db, insert->str, -1, &stmt, NULL) != SQLITE_OK)
    {
      sm_store_copy_file_error (db, error);
      return -1;
    }
  /* Row by row, so a large table is never whole in memory */
  if (!PQsendQuery (conn, select->str) || !PQsetSingleRowMode (conn))
    {
      sqlite3_finalize (stmt);
      sm_pg_set_error (conn, NULL, error, _("The database could not be read: %s"));
      return -1;
    }
  while ((result = PQgetResult (conn)) != NULL)
    {
      ExecStatusType status = PQresultStatus (result);

      if (ok && status == PGRES_SINGLE_TUPLE)
        {
          for (guint i = 0; ok && i < columns->len; i++)
            ok = bind_value (stmt, (int) i + 1, g_ptr_array_index (columns, i), result, (int) i);
          if (ok && sqlite3_step (stmt) != SQLITE_DONE)
            ok = FALSE;
          if (!ok)
            {
              /* TRANSLATORS: a table's name, then a row's number, then SQLite's own message
               * (in English) */
              g_autofree char *what = g_strdup_printf (_("%s, row %lld: the project file could "
                                                         "not take it: %%s"),
                                                       table, (long long) rows + 1);

              sm_project_db_set_sql_error (db, error, what);
            }
          sqlite3_reset (stmt);
          sqlite3_clear_bindings (stmt);
          rows++;
        }
      else if (ok && status != PGRES_TUPLES_OK && status != PGRES_SINGLE_TUPLE)
        {
          sm_pg_set_error (conn, result, error, _("The database could not be read: %s"));
          ok = FALSE;
        }
      PQclear (result);
    }
  sqlite3_finalize (stmt);
  return ok ? rows : -1;
}

static void
remove_file (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *name = g_strconcat (path, suffixes[i], NULL);

      g_unlink (name);
    }
}

/**
 * sm_store_copy_pg_to_file:
 * @uri: a database holding a Symbiomap project
 * @path: the new project file; must not exist
 * @progress: (nullable): told after each table
 * @error: return location for an error
 *
 * Copies every table of the database's project into a new project file,
 * from one snapshot of the database, in one transaction of the file.
 *
 * Returns: (transfer full) (element-type SmStoreCopyCount): the rows of
 *   each table, or %NULL with @error set and no file made
 */
GPtrArray *
sm_store_copy_pg_to_file (const char           *uri,
                          const char           *path,
                          SmStoreCopyProgress   progress,
                          gpointer              data,
                          GError              **error)
{
  g_autoptr(SmProject) project = NULL;
  g_autoptr(SmDb) source = NULL;
  PGconn *conn;
  g_autoptr(GPtrArray) counts = g_ptr_array_new_with_free_func (
    (GDestroyNotify) sm_store_copy_count_free);
  const char *what = _("The database could not be read: %s");
  g_autofree char *display = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  int version;

  /* The store's connection (sm-db-pg.c), its libpq handle for COPY */
  if ((source = sm_db_open (uri, SM_DB_OPEN_NONE, error)) == NULL)
    return NULL;
  conn = sm_db_get_raw_pg (source);
  /* One snapshot: what others write meanwhile is not half in the copy */
  if (!sm_pg_exec (conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", what, error)
      || !sm_pg_exec (conn, "SET LOCAL extra_float_digits = 3", what, error)
      || (version = sm_pg_schema_get_version (conn, error)) < 0)
    return NULL;
  if (version != SM_PG_SCHEMA_VERSION)
    {
      g_autofree char *where = sm_pg_display_name (conn);

      if (version == 0)
        g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT,
                     /* TRANSLATORS: %s is the database and its server; keep the command as
                      * it is */
                     _("The database %s holds no Symbiomap project: create one with "
                       "“symbiomap-cli init”"),
                     where);
      else
        g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_TOO_NEW,
                     _("The project in the database %s has schema %d, this Symbiomap copies "
                       "schema %d only"),
                     where, version, SM_PG_SCHEMA_VERSION);
      return NULL;
    }
  if (!sm_pg_use_schema (conn, error) || !sm_store_copy_check_pg_tables (conn, error))
    return NULL;

  /* The copy is made under a hidden name and linked into place when
   * whole: a copy killed halfway leaves no project that looks complete,
   * and link() fails rather than replace a file made meanwhile. */
  display = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_EXISTS,
                   _("“%s” already exists: choose another name, Symbiomap never overwrites a file"),
                   display);
      return NULL;
    }
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s/.%s.%u.copy", dir, base, (guint) getpid ());
  remove_file (tmp_path);
  if ((project = sm_project_create (tmp_path, error)) == NULL)
    return NULL;
  /* One transaction of the whole project: a cache that holds it spares
   * SQLite spilling pages to the WAL and rewriting them (measured in
   * docs/POSTGRESQL.md, "Copying"). 64 MB is *assumption*: a project of
   * 100 000 sites fills about 40 MB. Inserts are no edits: the edit log's
   * triggers let them be. */
  if (!sm_project_exec (project, "PRAGMA cache_size = -65536", error)
      || !sm_project_begin (project, error)
      || !sm_project_set_edit_context (project, "import", "copy", error))
    goto fail;
  for (int i = 0; sm_store_copy_tables[i] != NULL; i++)
    {
      gint64 rows = copy_table_to_file (conn, project, sm_store_copy_tables[i], error);

      if (rows < 0)
        goto fail;
      sm_store_copy_add_count (counts, sm_store_copy_tables[i], rows);
      if (progress != NULL)
        progress (sm_store_copy_tables[i], rows, data);
    }
  if (!sm_project_commit (project, error))
    goto fail;
  PQclear (PQexec (conn, "COMMIT"));
  /* Everything into the file itself before it is linked into place and
   * its hidden name's -wal and -shm are removed */
  if (sqlite3_wal_checkpoint_v2 (sm_project_get_db (project), NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                 NULL, NULL) != SQLITE_OK)
    {
      sm_store_copy_file_error (sm_project_get_db (project), error);
      goto fail;
    }
  g_clear_object (&project);
  if (link (tmp_path, path) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EEXIST)
        g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_EXISTS,
                     _("“%s” already exists: choose another name, Symbiomap never overwrites a "
                       "file"),
                     display);
      else
        g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                     _("Cannot create “%s”: %s"), display, g_strerror (saved_errno));
      remove_file (tmp_path);
      return NULL;
    }
  remove_file (tmp_path);
  return g_steal_pointer (&counts);

fail:
  sm_project_rollback (project);
  g_clear_object (&project);
  remove_file (tmp_path);
  return NULL;
}
