/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening a project while other programs use it (issue 14.7): the write-
 * ahead log is switched on only when it is not on already, and a switch
 * another connection blocks is no failure; writers wait for each other
 * with a busy handler that can tell the user why nothing moves.
 */
#define G_LOG_DOMAIN "symbiomap-project"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
                       /* TRANSLATORS: %s is the database's own message (from SQLite, in
                        * English); write-ahead logging is SQLite's journal mode (WAL) */
                       _("The project could not turn on write-ahead logging: %s"), sqlite3_errmsg (db));
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
  Wait *w;

  g_return_if_fail (SM_IS_PROJECT (self));
  /* A database's server queues writers itself */
  if (sm_project_get_db (self) == NULL)
    return;
  w = g_new0 (Wait, 1);
  w->max_ms = max_ms;
  w->notify = notify;
  w->data = data;
  /* Lives as long as the project's connection. */
  g_object_set_data_full (G_OBJECT (self), "sm-project-wait", w, g_free);
  sqlite3_busy_handler (sm_project_get_db (self), busy_handler, w);
}

/**
 * sm_project_db_probe:
 * @db: a new connection
 * @version: (out): PRAGMA user_version, or -1
 *
 * The first read of a project: where a full disk, a folder that cannot be
 * written or a hot journal shows itself.
 *
 * Returns: SQLite's result code of the read
 */
int
sm_project_db_probe (sqlite3 *db,
                     int     *version)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *version = -1;
  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *version = sqlite3_column_int (stmt, 0);
          rc = SQLITE_OK;
        }
      else
        rc = sqlite3_extended_errcode (db);
    }
  sqlite3_finalize (stmt);
  return rc;
}

/**
 * sm_project_db_explain_failure:
 * @db: the connection the first read failed on
 * @rc: its result code
 * @path: the project
 *
 * A valid project that cannot be read for a reason outside it is not
 * "damaged": says what is wrong when it knows.
 *
 * Returns: whether @error was set
 */
gboolean
sm_project_db_explain_failure (sqlite3     *db,
                               int          rc,
                               const char  *path,
                               GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *dir = g_path_get_dirname (path);
  int sys = sqlite3_system_errno (db);

  if ((rc & 0xff) == SQLITE_FULL || sys == ENOSPC || sys == EDQUOT || sys == EFBIG)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %s is the project file's name */
                   _("Cannot open “%s”: the disk is full (SQLite needs room for its journal "
                     "beside the project); free some space and try again"),
                   display);
      return TRUE;
    }
  if (rc == SQLITE_READONLY_ROLLBACK || rc == SQLITE_READONLY_RECOVERY)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_READ_ONLY,
                   /* TRANSLATORS: %s is the project file's name */
                   _("Cannot open “%s”: it is read-only and holds a write that was "
                     "interrupted (a hot journal); make it writable once so that the write "
                     "can be undone"),
                   display);
      return TRUE;
    }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %s is the project file's name */
                   _("Cannot open “%s”: another program holds it locked; try again when it "
                     "is done"),
                   display);
      return TRUE;
    }
  if (((rc & 0xff) == SQLITE_CANTOPEN || (rc & 0xff) == SQLITE_IOERR
       || rc == SQLITE_READONLY_DIRECTORY || sys == EACCES || sys == EROFS || sys == EPERM)
      && g_access (dir, W_OK) != 0)
    {
      g_autofree char *dir_display = g_filename_display_name (dir);
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_READ_ONLY,
                   /* TRANSLATORS: %s is the project file's name, the second %s its folder */
                   _("Cannot open “%s”: its folder “%s” is not writable, and SQLite needs to "
                     "create its journal files there; make the folder writable or copy the "
                     "project elsewhere"),
                   display, dir_display);
      return TRUE;
    }
  return FALSE;
}

/**
 * sm_project_db_has_schema:
 * @db: a connection to a file with Symbiomap's application id
 *
 * A forged or foreign file may carry our application id: before anything
 * writes to it (WAL, migrations), the tables every version has must be
 * there with their key columns.
 *
 * Returns: whether @db looks like a Symbiomap project
 */
gboolean
sm_project_db_has_schema (sqlite3 *db)
{
  static const char * const probes[] = {
    "SELECT key, value FROM settings LIMIT 0",
    "SELECT import_id, file, kind, rows_read, imported, rejected FROM imports LIMIT 0",
    "SELECT import_id, row, field, reason FROM rejected_rows LIMIT 0",
    "SELECT site_id, ext_id, name, geom FROM sites LIMIT 0",
    "SELECT flow_id, site_id, direction, resource, amount, unit FROM flows LIMIT 0",
    "SELECT edge_id, geom FROM network_edges LIMIT 0",
  };

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      sqlite3_stmt *stmt = NULL;
      int rc = sqlite3_prepare_v2 (db, probes[i], -1, &stmt, NULL);

      sqlite3_finalize (stmt);
      if (rc != SQLITE_OK)
        {
          g_debug ("not a project's schema: %s", sqlite3_errmsg (db));
          return FALSE;
        }
    }
  return TRUE;
}

/* What says a file is the one found sound before: its device, inode,
 * size and change time, and those of its write-ahead log (a commit may
 * live there only). NULL when the file cannot be read. */
static char *
file_stamp (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf st, wst;

  if (g_stat (path, &st) != 0)
    return NULL;
  if (g_stat (wal, &wst) != 0)
    memset (&wst, 0, sizeof wst);
  return g_strdup_printf ("%ju:%ju:%jd:%jd.%09ld:%jd:%jd.%09ld", (uintmax_t) st.st_dev,
                          (uintmax_t) st.st_ino, (intmax_t) st.st_size,
                          (intmax_t) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec,
                          (intmax_t) wst.st_size, (intmax_t) wst.st_mtim.tv_sec,
                          (long) wst.st_mtim.tv_nsec);
}

/* The user's record of the files found sound, in the cache folder: losing
 * it costs one more check, nothing else */
static char *
stamps_path (void)
{
  return g_build_filename (g_get_user_cache_dir (), "symbiomap", "checked-projects.ini", NULL);
}

static gboolean
known_sound (const char *path,
             const char *stamp)
{
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autofree char *file = stamps_path ();
  g_autofree char *kept = NULL;

  if (!g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, NULL))
    return FALSE;
  kept = g_key_file_get_string (keys, "checked", path, NULL);
  return kept != NULL && g_str_equal (kept, stamp);
}

static void
remember_sound (const char *path,
                const char *stamp)
{
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autofree char *file = stamps_path ();
  g_autofree char *dir = g_path_get_dirname (file);

  g_key_file_load_from_file (keys, file, G_KEY_FILE_NONE, NULL);
  g_key_file_set_string (keys, "checked", path, stamp);
  /* Atomic: two programs opening projects at once keep a whole file */
  if (g_mkdir_with_parents (dir, 0700) == 0)
    g_key_file_save_to_file (keys, file, NULL);
}

/**
 * sm_project_db_quick_check:
 * @db: a project's connection
 * @path: (nullable): the project file, to skip the check when the file
 *   has not changed since it was last found sound
 *
 * PRAGMA quick_check reads every page once (a tenth of integrity_check's
 * work: no index is compared with its table). On a country's road network
 * that is a third of a second and more on every open, so a file found
 * sound is remembered by its inode, size and change times (and its log's)
 * in the user's cache, and checked again only once it has changed.
 *
 * Returns: (transfer full) (nullable): %NULL when the file is sound, else
 *   SQLite's first complaint
 */
char *
sm_project_db_quick_check (sqlite3    *db,
                           const char *path)
{
  g_autofree char *canonical = path != NULL ? g_canonicalize_filename (path, NULL) : NULL;
  g_autofree char *stamp = canonical != NULL ? file_stamp (canonical) : NULL;
  sqlite3_stmt *stmt = NULL;
  char *problem = NULL;
  int rc;

  if (stamp != NULL && known_sound (canonical, stamp))
    return NULL;
  rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check (1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (text, "ok") != 0)
        problem = g_strdup (text ? text : "?");
    }
  else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
    problem = g_strdup (sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  if (problem == NULL && stamp != NULL)
    remember_sound (canonical, stamp);
  return problem;
}
