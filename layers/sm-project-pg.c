/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project opened from a database address (postgresql://…) instead of a
 * file: the connection, the check of its Symbiomap schema, its upgrade,
 * and the few pieces of SQL that differ from the file's (docs/STORE.md,
 * "What is still SQLite-only"). The read API of sm-project-*.c runs on
 * it through SmDb; what still needs the SQLite handle refuses through
 * sm_project_require_file().
 */
#define G_LOG_DOMAIN "sm-project"

#include "config.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <string.h>

#include "sm-db.h"
#include "sm-pg-schema.h"
#include "sm-project.h"
#include "sm-project-private.h"
#include "sm-project-query.h"
#include "sm-project-pg-watch.h"

/* The extent of sites and network lines. SpatiaLite's MbrMinX() is
 * ST_XMin() of the geometry's box3d here (double precision, unlike
 * ST_Extent()'s box2d, which rounds to single precision). */
const char sm_project_pg_extent_sql[] =
  "SELECT MIN (ST_XMin (geom)), MIN (ST_YMin (geom)), "
  "MAX (ST_XMax (geom)), MAX (ST_YMax (geom)) FROM "
  "(SELECT geom FROM sites UNION ALL SELECT geom FROM network_edges) AS g";

/* The schema PostGIS lives in, quoted for a search path; "public" when
 * the catalogue does not say */
static char *
postgis_schema (PGconn *conn)
{
  g_autoptr(PGresult) result = PQexec (conn, "SELECT quote_ident (n.nspname) FROM pg_extension e "
                                             "JOIN pg_namespace n ON n.oid = e.extnamespace "
                                             "WHERE e.extname = 'postgis'");

  if (PQresultStatus (result) == PGRES_TUPLES_OK && PQntuples (result) == 1)
    return g_strdup (PQgetvalue (result, 0, 0));
  return g_strdup ("public");
}

/**
 * sm_project_open_shared:
 * @uri: a postgresql:// or postgres:// address (sm_db_name_is_uri())
 * @error: return location for an error
 *
 * Opens the project a PostgreSQL database holds in its schema
 * `symbiomap`, upgrading that schema if it is older than this build's and
 * refusing a newer one, as sm_project_open() does a file. The project's
 * sm_project_get_db() is %NULL; its store is the database's SmDb and its
 * path the address without its password.
 *
 * Returns: (transfer full): the project, or %NULL with @error set
 */
SmProject *
sm_project_open_shared (const char  *uri,
                        GError     **error)
{
  g_autoptr(SmProject) self = NULL;
  g_autoptr(SmDb) store = NULL;
  g_autofree char *postgis = NULL;
  g_autofree char *set_path = NULL;
  PGconn *conn;
  int version;

  g_return_val_if_fail (sm_db_name_is_uri (uri), NULL);

  if ((store = sm_db_open (uri, SM_DB_OPEN_NONE, error)) == NULL)
    return NULL;
  conn = sm_db_get_raw_pg (store);

  version = sm_pg_schema_get_version (conn, error);
  if (version < 0)
    return NULL;
  if (version == 0)
    {
      g_autofree char *display = sm_pg_display_name (conn);

      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT,
                   /* TRANSLATORS: %s is the database and its server; keep the command and
                    * ADDRESS as they are */
                   _("The database %s holds no Symbiomap project: create one with "
                     "symbiomap-cli init ADDRESS"),
                   display);
      return NULL;
    }
  /* Upgrades an older schema under its lock, refuses a newer one
   * (SM_PROJECT_ERROR_TOO_NEW), as the file does */
  if (version != SM_PG_SCHEMA_VERSION && !sm_pg_schema_upgrade (conn, error))
    return NULL;

  /* For the session: the shared SQL names its tables without a schema */
  postgis = postgis_schema (conn);
  set_path = g_strdup_printf ("SET search_path TO " SM_PG_SCHEMA ", %s", postgis);
  if (!sm_db_exec (store, set_path, error))
    return NULL;

  self = g_object_new (SM_TYPE_PROJECT, NULL);
  self->path = g_strdup (sm_db_get_display_name (store));
  self->schema_version = SM_PG_SCHEMA_VERSION;
  self->db = NULL;
  self->store = g_steal_pointer (&store);
  return g_steal_pointer (&self);
}

/**
 * sm_project_is_shared:
 * @self: a project
 *
 * Returns: whether @self is a database's (sm_project_open_shared()), not
 *   a file's
 */
gboolean
sm_project_is_shared (SmProject *self)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);
  return self->db == NULL && self->store != NULL
         && sm_db_get_engine (self->store) == SM_DB_ENGINE_POSTGRESQL;
}

/**
 * sm_project_dup_database_name:
 * @self: a project
 *
 * The name a database's project goes by where a file's goes by its base
 * name (a report's title): the database's own name, as the server has it,
 * whatever form the address took (a path, a dbname= parameter).
 *
 * Returns: (transfer full) (nullable): the database's name, or %NULL for
 *   a file
 */
char *
sm_project_dup_database_name (SmProject *self)
{
  PGconn *conn;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);
  if (!sm_project_is_shared (self) || (conn = sm_db_get_raw_pg (self->store)) == NULL)
    return NULL;
  return g_strdup (PQdb (conn));
}

/**
 * sm_project_dup_open_address:
 * @self: a project
 *
 * What a worker thread opens to reach this same project on a connection
 * of its own (an export, an import, the matches, the portfolio): a file's
 * path; on a database the address with its password
 * (sm_project_dup_connect_uri()), which sm_project_get_path() leaves out,
 * so a database that asks for a password does not refuse the worker.
 * Never show or log it; free it with sm_project_free_open_address().
 *
 * Returns: (transfer full): a path or a postgresql:// address
 */
char *
sm_project_dup_open_address (SmProject *self)
{
  char *uri;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);
  if (sm_project_is_shared (self) && (uri = sm_project_dup_connect_uri (self)) != NULL)
    return uri;
  return g_strdup (self->path);
}

/* Wipes an address that may hold a password before freeing it */
void
sm_project_free_open_address (char *address)
{
  if (address == NULL)
    return;
  memset (address, 0, strlen (address));
  g_free (address);
}

/**
 * sm_project_dup_stem:
 * @self: a project
 *
 * The project's name for the names of files made from it (an export, a
 * workshop pack, a report's title): a file's base name without its
 * extension, a database's own name (never the last part of its address).
 *
 * Returns: (transfer full): the stem
 */
char *
sm_project_dup_stem (SmProject *self)
{
  char *base, *dot;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);
  if ((base = sm_project_dup_database_name (self)) != NULL)
    return base;
  base = g_path_get_basename (self->path);
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  return base;
}

/**
 * sm_project_require_file:
 * @self: a project
 * @error: return location for an error
 *
 * The guard of every entry point that still needs the SQLite handle
 * (sm_project_get_db()).
 *
 * Returns: %TRUE when @self is a file; otherwise %FALSE with @error
 *   saying this does not work on a shared database yet
 */
gboolean
sm_project_require_file (SmProject  *self,
                         GError    **error)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);
  if (self->db != NULL)
    return TRUE;
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
               /* TRANSLATORS: %s is the database and its server */
               _("This is not available on a shared database yet (%s): copy the database into "
                 "a project file with symbiomap-cli copy ADDRESS FILE"),
               self->path != NULL ? self->path : "");
  return FALSE;
}

/**
 * sm_project_pg_refresh_folded_names:
 * @self: a project on PostgreSQL
 * @error: return location for an error
 *
 * sm_project_refresh_folded_names() of a database, which has no
 * sm_fold(): the names written without their folded form are folded here
 * in C (sm_fold_text()) and written back one by one.
 *
 * Returns: whether every folded name is there
 */
gboolean
sm_project_pg_refresh_folded_names (SmProject  *self,
                                    GError    **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  SmStmt *stmt;
  SmStmtResult rc;

  stmt = sm_project_prepare (self, "SELECT site_id, name FROM sites WHERE name_folded IS NULL",
                             error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      gint64 *id = g_new (gint64, 1);

      *id = sm_stmt_column_int64 (stmt, 0);
      g_ptr_array_add (ids, id);
      g_ptr_array_add (names, sm_fold_text (sm_stmt_column_text (stmt, 1)));
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not read its sites: %s"));
      return FALSE;
    }
  if (ids->len == 0)
    return TRUE;

  if (!sm_project_begin (self, error))
    return FALSE;
  stmt = sm_project_prepare (self,
                             "UPDATE sites SET name_folded = ? "
                             "WHERE site_id = ? AND name_folded IS NULL",
                             error);
  for (guint i = 0; stmt != NULL && i < ids->len; i++)
    {
      sm_stmt_bind_text (stmt, 1, g_ptr_array_index (names, i), -1);
      sm_stmt_bind_int64 (stmt, 2, *(gint64 *) g_ptr_array_index (ids, i));
      if (!sm_project_step_done (self, stmt, _("The project could not read its sites: %s"), error))
        stmt = NULL;
    }
  if (stmt == NULL || !sm_project_commit (self, error))
    {
      sm_project_rollback (self);
      return FALSE;
    }
  return TRUE;
}
