/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project's statement helpers over the store (layers/sm-db.h): the
 * step of a writer, of a one-id lookup, binds of optional values, and the
 * project's error around the store's own. The statements themselves are
 * cached by sm_project_prepare() (sm-project.c).
 */
#define G_LOG_DOMAIN "sm-project"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sm-project-private.h"

/* @what as above; the database's words are those of the store's error
 * already in @error (a failed step, exec or prepare), which this replaces */
void
sm_project_set_sql_error (SmProject   *self,
                          GError     **error,
                          const char  *what)
{
  g_autoptr(GError) engine = NULL;

  g_return_if_fail (SM_IS_PROJECT (self));
  if (error == NULL || (*error != NULL && (*error)->domain != SM_DB_ERROR))
    return;
  engine = g_steal_pointer (error);
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_SQL, what,
               engine != NULL ? engine->message : "");
}

/**
 * sm_project_step_done:
 * @what: a whole message with one %s for the database's words
 *
 * Steps a statement that writes, and resets it for the next use.
 *
 * Returns: whether it ran; otherwise @error says @what
 */
gboolean
sm_project_step_done (SmProject  *self,
                      SmStmt     *stmt,
                      const char *what,
                      GError    **error)
{
  if (sm_stmt_step (stmt, error) == SM_STMT_ERROR)
    {
      sm_project_set_sql_error (self, error, what);
      sm_stmt_reset (stmt);
      return FALSE;
    }
  sm_stmt_reset (stmt);
  return TRUE;
}

/**
 * sm_project_step_insert:
 * @stmt: a prepared, bound INSERT of one row; on a database it ends in
 *   RETURNING the new id (PostgreSQL has no last_insert_rowid())
 * @what: a whole message with one %s for the database's words
 *
 * Returns: the new row's id, or 0 with @error set
 */
gint64
sm_project_step_insert (SmProject  *self,
                        SmStmt     *stmt,
                        const char *what,
                        GError    **error)
{
  gint64 id = 0;
  SmStmtResult rc = sm_stmt_step (stmt, error);

  if (rc == SM_STMT_ROW)
    id = sm_stmt_column_int64 (stmt, 0);
  else if (rc == SM_STMT_DONE && !sm_project_is_shared (self))
    id = sm_db_last_insert_id (self->store);
  if (rc == SM_STMT_ERROR || id == 0)
    {
      sm_project_set_sql_error (self, error, what);
      sm_stmt_reset (stmt);
      return 0;
    }
  sm_stmt_reset (stmt);
  return id;
}

/**
 * sm_project_step_id:
 * @stmt: a prepared, bound query of one id
 * @what: a whole message with one %s for the database's words
 *
 * Returns: the id the query finds, 0 for none, or -1 with @error set
 */
gint64
sm_project_step_id (SmProject  *self,
                    SmStmt     *stmt,
                    const char *what,
                    GError    **error)
{
  SmStmtResult rc = sm_stmt_step (stmt, error);
  gint64 id = rc == SM_STMT_ROW ? sm_stmt_column_int64 (stmt, 0) : 0;

  if (rc == SM_STMT_ERROR)
    {
      sm_project_set_sql_error (self, error, what);
      sm_stmt_reset (stmt);
      return -1;
    }
  sm_stmt_reset (stmt);
  return id;
}

void
sm_bind_text_or_null (SmStmt     *stmt,
                      int         index,
                      const char *text)
{
  if (text != NULL && *text != '\0')
    sm_stmt_bind_text (stmt, index, text, -1);
  else
    sm_stmt_bind_null (stmt, index);
}

void
sm_bind_double_or_null (SmStmt *stmt,
                        int     index,
                        double  value)
{
  if (isnan (value))
    sm_stmt_bind_null (stmt, index);
  else
    sm_stmt_bind_double (stmt, index, value);
}

void
sm_bind_id_or_null (SmStmt *stmt,
                    int     index,
                    gint64  id)
{
  if (id > 0)
    sm_stmt_bind_int64 (stmt, index, id);
  else
    sm_stmt_bind_null (stmt, index);
}

gint64
sm_project_query_int (SmProject  *self,
                      const char *sql,
                      gint64      fallback)
{
  SmStmt *stmt = sm_project_prepare (self, sql, NULL);
  gint64 value = fallback;

  if (stmt == NULL)
    return fallback;
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    value = sm_stmt_column_int64 (stmt, 0);
  sm_stmt_reset (stmt);
  return value;
}
