/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Others' changes to a shared database: LISTEN symbiomap_changed, read
 * without blocking when the socket is readable (docs/POSTGRESQL.md,
 * "Several planners at once"). libpq has the notification protocol but no
 * main-loop integration; GLib has the fd source: this file joins them.
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <libpq-fe.h>

#include "sm-db.h"
#include "sm-pg-watch.h"

/* The channel the schema's notify_changed () trigger sends on */
#define WATCH_CHANNEL "symbiomap_changed"

/* A burst (an import, a copy, a planner saving several rows) becomes one
 * refresh per table. *assumption*: 50 ms is below what a planner notices
 * and above the gap between the commits of one save. */
#define DEFAULT_DEBOUNCE_MS 50

struct _SmPgWatch
{
  GObject       parent_instance;

  SmDb         *db;
  GMainContext *context;
  GSource      *fd_source;
  GSource      *emit_source;
  GPtrArray    *pending;      /* table names, each once, in arrival order */
  int           ignore_pid;
  guint         debounce_ms;
};

enum
{
  SIGNAL_CHANGED,
  SIGNAL_LOST,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE (SmPgWatch, sm_pg_watch, G_TYPE_OBJECT)

static void
stop_sources (SmPgWatch *self)
{
  if (self->fd_source != NULL)
    {
      g_source_destroy (self->fd_source);
      g_clear_pointer (&self->fd_source, g_source_unref);
    }
  if (self->emit_source != NULL)
    {
      g_source_destroy (self->emit_source);
      g_clear_pointer (&self->emit_source, g_source_unref);
    }
}

static void
sm_pg_watch_dispose (GObject *object)
{
  SmPgWatch *self = SM_PG_WATCH (object);

  stop_sources (self);
  g_clear_pointer (&self->db, sm_db_close);
  G_OBJECT_CLASS (sm_pg_watch_parent_class)->dispose (object);
}

static void
sm_pg_watch_finalize (GObject *object)
{
  SmPgWatch *self = SM_PG_WATCH (object);

  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (sm_pg_watch_parent_class)->finalize (object);
}

static void
sm_pg_watch_class_init (SmPgWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sm_pg_watch_dispose;
  object_class->finalize = sm_pg_watch_finalize;

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_LOST] =
    g_signal_new ("lost", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
sm_pg_watch_init (SmPgWatch *self)
{
  self->pending = g_ptr_array_new_with_free_func (g_free);
  self->debounce_ms = DEFAULT_DEBOUNCE_MS;
}

static gboolean
emit_pending (gpointer data)
{
  SmPgWatch *self = data;
  g_autoptr(GPtrArray) tables = NULL;

  g_clear_pointer (&self->emit_source, g_source_unref);
  tables = g_steal_pointer (&self->pending);
  self->pending = g_ptr_array_new_with_free_func (g_free);
  g_object_ref (self);
  for (guint i = 0; i < tables->len; i++)
    g_signal_emit (self, signals[SIGNAL_CHANGED], 0, (const char *) tables->pdata[i]);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_emit (SmPgWatch *self)
{
  if (self->emit_source != NULL || self->pending->len == 0)
    return;
  self->emit_source = self->debounce_ms > 0
                      ? g_timeout_source_new (self->debounce_ms)
                      : g_idle_source_new ();
  g_source_set_callback (self->emit_source, emit_pending, self, NULL);
  g_source_set_static_name (self->emit_source, "[symbiomap] SmPgWatch emit");
  g_source_attach (self->emit_source, self->context);
}

static void
report_lost (SmPgWatch  *self,
             const char *reason)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = g_strsplit (reason != NULL ? reason : "", "\n", 2);
  char *first = g_strstrip (lines[0] != NULL ? lines[0] : "");

  /* what was already told still reaches the views, then the loss */
  if (self->emit_source != NULL)
    {
      g_source_destroy (self->emit_source);
      g_clear_pointer (&self->emit_source, g_source_unref);
    }
  g_object_ref (self);
  emit_pending (self);
  stop_sources (self);
  g_set_error (&error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
               /* TRANSLATORS: %s is the database's own message (in English) */
               _("The connection to the shared database was lost (%s). Changes by other "
                 "planners are not shown until it is opened again."),
               *first != '\0' ? first : _("the server closed it"));
  g_signal_emit (self, signals[SIGNAL_LOST], 0, error);
  g_object_unref (self);
}

/* Reads what the server sent; FALSE when the connection is gone (lost
 * reported) */
static gboolean
read_notifications (SmPgWatch *self)
{
  PGconn *conn = sm_db_get_raw_pg (self->db);
  PGnotify *notify;

  if (!PQconsumeInput (conn) || PQstatus (conn) != CONNECTION_OK)
    {
      report_lost (self, PQerrorMessage (conn));
      return FALSE;
    }
  while ((notify = PQnotifies (conn)) != NULL)
    {
      const char *table = notify->extra;

      if (g_strcmp0 (notify->relname, WATCH_CHANNEL) == 0
          && (self->ignore_pid == 0 || notify->be_pid != self->ignore_pid)
          && table != NULL && *table != '\0'
          && !g_ptr_array_find_with_equal_func (self->pending, table, g_str_equal, NULL))
        g_ptr_array_add (self->pending, g_strdup (table));
      PQfreemem (notify);
    }
  schedule_emit (self);
  return TRUE;
}

static gboolean
on_socket (int          fd,
           GIOCondition condition,
           gpointer     data)
{
  SmPgWatch *self = data;

  (void) fd;
  (void) condition;
  if (!read_notifications (self))
    return G_SOURCE_REMOVE;
  return G_SOURCE_CONTINUE;
}

/* Opens the connection and listens: may block, so runs in a worker for
 * the async constructor */
static SmDb *
open_listening (const char *uri,
                GError    **error)
{
  g_autoptr(SmDb) db = sm_db_open (uri, SM_DB_OPEN_NONE, error);

  if (db == NULL)
    return NULL;
  if (sm_db_get_engine (db) != SM_DB_ENGINE_POSTGRESQL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   /* TRANSLATORS: %s is a project file's name */
                   _("“%s” is a project file: only a shared database tells of others' changes"),
                   sm_db_get_display_name (db));
      return NULL;
    }
  if (!sm_db_exec (db, "LISTEN " WATCH_CHANNEL, error))
    return NULL;
  return g_steal_pointer (&db);
}

/* Takes db; starts watching on the thread-default context */
static SmPgWatch *
watch_new_for_db (SmDb *db)
{
  SmPgWatch *self = g_object_new (SM_TYPE_PG_WATCH, NULL);
  PGconn *conn = sm_db_get_raw_pg (db);

  self->db = db;
  self->context = g_main_context_ref_thread_default ();
  PQsetnonblocking (conn, 1);
  self->fd_source = g_unix_fd_source_new (PQsocket (conn), G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->fd_source, G_SOURCE_FUNC (on_socket), self, NULL);
  g_source_set_static_name (self->fd_source, "[symbiomap] SmPgWatch socket");
  g_source_attach (self->fd_source, self->context);
  /* what libpq read along with LISTEN's answer is in its buffer already:
   * the socket will not tell of it */
  read_notifications (self);
  return self;
}

SmPgWatch *
sm_pg_watch_new (const char *uri,
                 GError    **error)
{
  SmDb *db;

  g_return_val_if_fail (uri != NULL, NULL);
  db = open_listening (uri, error);
  return db != NULL ? watch_new_for_db (db) : NULL;
}

static void
open_in_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  SmDb *db;

  (void) source;
  (void) cancellable;
  db = open_listening (data, &error);
  if (db == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, db, (GDestroyNotify) sm_db_close);
}

void
sm_pg_watch_new_async (const char          *uri,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (uri != NULL);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sm_pg_watch_new_async);
  g_task_set_task_data (task, g_strdup (uri), g_free);
  g_task_run_in_thread (task, open_in_thread);
}

SmPgWatch *
sm_pg_watch_new_finish (GAsyncResult *result,
                        GError      **error)
{
  SmDb *db;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  db = g_task_propagate_pointer (G_TASK (result), error);
  return db != NULL ? watch_new_for_db (db) : NULL;
}

void
sm_pg_watch_set_ignore_pid (SmPgWatch *self,
                            int        backend_pid)
{
  g_return_if_fail (SM_IS_PG_WATCH (self));
  self->ignore_pid = backend_pid;
}

void
sm_pg_watch_set_debounce (SmPgWatch *self,
                          guint      msec)
{
  g_return_if_fail (SM_IS_PG_WATCH (self));
  self->debounce_ms = msec;
}

gboolean
sm_pg_watch_is_connected (SmPgWatch *self)
{
  g_return_val_if_fail (SM_IS_PG_WATCH (self), FALSE);
  return self->fd_source != NULL;
}
