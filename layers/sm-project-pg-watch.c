/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sm_project_watch() on a shared database (docs/POSTGRESQL.md, "Several
 * planners at once"): others' commits come as NOTIFY through an SmPgWatch
 * and become the project's `changed`; this connection's own writes are
 * counted by the store (sm_db_total_changes()) and found by the same tick
 * as a file's, so every change, one's own or another's, reaches the views
 * once. A lost watch connection becomes the project's `connection-lost`.
 */
#define G_LOG_DOMAIN "sm-project-pg-watch"

#include "config.h"

#include <libpq-fe.h>
#include <string.h>

#include "sm-pg-edit.h"
#include "sm-pg-watch.h"
#include "sm-project-private.h"
#include "sm-project-pg-watch.h"
#include "sm-project-query.h"

struct _SmProjectPgWatch
{
  GWeakRef      project;
  GCancellable *cancellable;
  SmPgWatch    *watch;
};

/* Percent-encodes a conninfo value for a URI's query (RFC 3986) */
static void
append_param (GString    *uri,
              const char *key,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

  if (uri->str[uri->len - 1] != '?')
    g_string_append_c (uri, '&');
  g_string_append_printf (uri, "%s=%s", key, escaped);
}

/**
 * sm_project_dup_connect_uri:
 * @self: a shared project
 *
 * The address this project's connection was opened with, its password
 * included, rebuilt from libpq's options in effect: for a second
 * connection of the same user (the watch, reopening after a loss). Never
 * show or log it; sm_project_get_path() is the one to show.
 *
 * Returns: (transfer full) (nullable): a postgresql:// URI, or %NULL for a
 *   file
 */
char *
sm_project_dup_connect_uri (SmProject *self)
{
  PGconn *conn;
  PQconninfoOption *options, *defaults;
  GString *uri;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);
  if (!sm_project_is_shared (self))
    return NULL;
  conn = sm_db_get_raw_pg (sm_project_get_store (self));
  options = PQconninfo (conn);
  if (options == NULL)
    return NULL;
  defaults = PQconndefaults ();
  /* libpq takes every connection option as a query parameter of its URI;
   * those at their default are left out, so that a message naming the
   * address (passwords taken out) stays short */
  uri = g_string_new ("postgresql://?");
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    {
      const char *fallback = NULL;

      if (o->val == NULL || *o->val == '\0')
        continue;
      for (PQconninfoOption *d = defaults; d != NULL && d->keyword != NULL; d++)
        if (strcmp (d->keyword, o->keyword) == 0)
          fallback = d->val;
      if (g_strcmp0 (fallback, o->val) != 0)
        append_param (uri, o->keyword, o->val);
    }
  PQconninfoFree (defaults);
  PQconninfoFree (options);
  return g_string_free (uri, FALSE);
}

static void
on_watch_changed (SmPgWatch  *watch,
                  const char *table,
                  gpointer    data)
{
  SmProjectPgWatch *self = data;
  g_autoptr(SmProject) project = g_weak_ref_get (&self->project);

  (void) watch;
  if (project == NULL)
    return;
  g_debug ("Another connection changed %s", table);
  sm_project_emit_changed (project);
}

static void
on_watch_lost (SmPgWatch    *watch,
               const GError *error,
               gpointer      data)
{
  SmProjectPgWatch *self = data;
  g_autoptr(SmProject) project = g_weak_ref_get (&self->project);

  (void) watch;
  if (project != NULL)
    sm_project_emit_connection_lost (project, error);
}

static void
on_watch_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  SmProjectPgWatch *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SmPgWatch) watch = sm_pg_watch_new_finish (result, &error);
  g_autoptr(SmProject) project = NULL;

  (void) source;
  /* Cancelled: self is gone */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  project = g_weak_ref_get (&self->project);
  if (project == NULL)
    return;
  if (watch == NULL)
    {
      sm_project_emit_connection_lost (project, error);
      return;
    }
  /* Its own writes the tick finds through the store's counter */
  sm_pg_watch_set_ignore_pid (watch, sm_db_get_backend_pid (sm_project_get_store (project)));
  g_signal_connect (watch, "changed", G_CALLBACK (on_watch_changed), self);
  g_signal_connect (watch, "lost", G_CALLBACK (on_watch_lost), self);
  self->watch = g_steal_pointer (&watch);
}

/**
 * sm_project_pg_watch_start:
 * @self: a shared project
 *
 * Connects an SmPgWatch in a worker; when it is there, others' changes
 * emit #SmProject::changed on the thread-default main context.
 *
 * Returns: (transfer full): what sm_project_pg_watch_stop() ends
 */
SmProjectPgWatch *
sm_project_pg_watch_start (SmProject *self)
{
  SmProjectPgWatch *watch = g_new0 (SmProjectPgWatch, 1);
  g_autofree char *uri = sm_project_dup_connect_uri (self);

  g_weak_ref_init (&watch->project, self);
  watch->cancellable = g_cancellable_new ();
  if (uri != NULL)
    sm_pg_watch_new_async (uri, watch->cancellable, on_watch_ready, watch);
  return watch;
}

void
sm_project_pg_watch_stop (SmProjectPgWatch *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->watch != NULL)
    g_signal_handlers_disconnect_by_data (self->watch, self);
  g_clear_object (&self->watch);
  g_weak_ref_clear (&self->project);
  g_free (self);
}
