/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project's settings: key-value pairs in the settings table, read
 * and written here, with the settings-changed signal on a write. Apart
 * from sm-project.c, which opens, migrates and guards the file.
 */
#define G_LOG_DOMAIN "sm-project"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first */
#include <spatialite.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sm-project.h"
#include "sm-project-extent.h"
#include "sm-project-private.h"

char *
sm_project_get_setting (SmProject  *self,
                        const char *key)
{
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  stmt = sm_project_prepare (self, "SELECT value FROM settings WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_text (stmt, 1, key, -1);
  /* Reset, or the statement holds a read transaction (an old
   * snapshot) open and a later write fails with SQLITE_BUSY_SNAPSHOT */
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    {
      char *value = g_strdup (sm_stmt_column_text (stmt, 0));

      sm_stmt_reset (stmt);
      return value;
    }
  sm_stmt_reset (stmt);
  return NULL;
}

gboolean
sm_project_set_setting (SmProject   *self,
                        const char  *key,
                        const char  *value,
                        GError     **error)
{
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);

  stmt = sm_project_prepare (self,
                             "INSERT INTO settings (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             error);
  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_text (stmt, 1, key, -1);
  sm_stmt_bind_text (stmt, 2, value, -1);
  if (sm_stmt_step (stmt, error) != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not save a setting: %s"));
      return FALSE;
    }
  sm_project_emit_settings_changed (self, key);
  return TRUE;
}
