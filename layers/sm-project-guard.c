/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening a project while other programs use it (issue 14.7): the write-
 * ahead log is switched on only when it is not on already, and a switch
 * another connection blocks is no failure; writers wait for each other
 * with a busy handler that can tell the user why nothing moves.
 */
#define G_LOG_DOMAIN "symbiomap-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sm-project.h"
#include "sm-project-private.h"

/**
 * sm_project_db_turn_on_wal:
 * @db: a project's connection, read-write
 *
 * WAL lets readers read the last committed state while an import writes.
 * Switching needs the file to itself: when another connection holds it,
 * the project stays in the mode it has and opens all the same.
 *
 * Returns: %FALSE with @error set only when the database itself fails
 */
gboolean
sm_project_db_turn_on_wal (sqlite3  *db,
                           GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean is_wal = FALSE;
  int rc;

  if (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    is_wal = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), "wal") == 0;
  sqlite3_finalize (stmt);

  if (!is_wal)
    {
      rc = sqlite3_exec (db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
      if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
        {
          g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_SQL,
                       _("The project database failed while %s: %s"),
                       _("turning on write-ahead logging"), sqlite3_errmsg (db));
          return FALSE;
        }
      if (rc != SQLITE_OK)
        g_debug ("the project is busy; it stays in its journal mode");
    }
  /* In WAL mode, NORMAL still survives a crash or a kill of the app; only
   * a power cut can lose the last commit, never corrupt the file. It saves
   * an fsync per checkpoint. */
  sqlite3_exec (db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
  return TRUE;
}

typedef struct
{
  int                max_ms;
  SmProjectWaitFunc  notify;
  gpointer           data;
  gint64             start;
  gboolean           notified;
} Wait;

static int
busy_handler (void *user_data,
              int   count)
{
  Wait *w = user_data;
  gint64 now = g_get_monotonic_time ();

  if (count == 0)
    w->start = now, w->notified = FALSE;
  if ((now - w->start) / 1000 >= w->max_ms)
    return 0;
  if (!w->notified && now - w->start >= G_USEC_PER_SEC && w->notify != NULL)
    {
      w->notify (w->data);
      w->notified = TRUE;
    }
  g_usleep (MIN (count + 1, 50) * 1000);
  return 1;
}

/**
 * sm_project_set_wait:
 * @self: a project
 * @max_ms: how long a write waits for another program's write to end
 * @notify: (nullable): called once when the wait exceeds a second
 * @data: for @notify
 *
 * The CLI waits as long as an import may take; the window keeps the
 * default five seconds, since it must not freeze.
 */
void
sm_project_set_wait (SmProject         *self,
                     int                max_ms,
                     SmProjectWaitFunc  notify,
                     gpointer           data)
{
  Wait *w = g_new0 (Wait, 1);

  g_return_if_fail (SM_IS_PROJECT (self));
  w->max_ms = max_ms;
  w->notify = notify;
  w->data = data;
  /* Lives as long as the project's connection. */
  g_object_set_data_full (G_OBJECT (self), "sm-project-wait", w, g_free);
  sqlite3_busy_handler (sm_project_get_db (self), busy_handler, w);
}
