/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/*
 * SmPgWatch: others' changes to a shared database (docs/POSTGRESQL.md,
 * "Several planners at once"). It LISTENs on symbiomap_changed on a
 * connection of its own, watches that connection's socket on the main
 * context that was the thread's default when it was made, and emits
 *
 *   changed (const char *table): rows of the table changed (committed by
 *     another connection). A burst is coalesced: one emission per table
 *     per debounce interval.
 *   lost (GError *error): the connection broke (server stopped,
 *     network). No more emissions; make a new watch to start again.
 *
 * Nothing it does on the main context waits on the network.
 */

#define SM_TYPE_PG_WATCH (sm_pg_watch_get_type ())
G_DECLARE_FINAL_TYPE (SmPgWatch, sm_pg_watch, SM, PG_WATCH, GObject)

/* Connects, blocking: for threads and the command line */
SmPgWatch *sm_pg_watch_new            (const char          *uri,
                                       GError             **error);
/* Connects in a worker thread; the watch runs on the thread-default main
 * context of the caller of sm_pg_watch_new_finish () */
void       sm_pg_watch_new_async      (const char          *uri,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
SmPgWatch *sm_pg_watch_new_finish     (GAsyncResult        *result,
                                       GError             **error);

/* Notifications sent by this server process (sm_db_get_backend_pid () of
 * the caller's own writing connection) are dropped: one's own changes
 * need no refresh. 0 (the default) drops none. */
void       sm_pg_watch_set_ignore_pid (SmPgWatch           *self,
                                       int                  backend_pid);
/* The coalescing interval in milliseconds; 0 emits once per main-loop
 * turn */
void       sm_pg_watch_set_debounce   (SmPgWatch           *self,
                                       guint                msec);
gboolean   sm_pg_watch_is_connected   (SmPgWatch           *self);

G_END_DECLS
