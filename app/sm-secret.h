/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A shared database's password in the keyring (sm-secret.c). Blocking:
 * call them in a worker. Without a Secret Service (a session without a
 * keyring, CI) lookup finds nothing and store returns FALSE with @error;
 * neither is a reason to refuse a connection. */
char     *sm_secret_lookup (const char    *host,
                            const char    *port,
                            const char    *database,
                            const char    *user,
                            GCancellable  *cancellable);
gboolean  sm_secret_store  (const char    *host,
                            const char    *port,
                            const char    *database,
                            const char    *user,
                            const char    *password,
                            GCancellable  *cancellable,
                            GError       **error);
void      sm_secret_clear  (const char    *host,
                            const char    *port,
                            const char    *database,
                            const char    *user,
                            GCancellable  *cancellable);
void      sm_secret_free   (char          *password);

G_END_DECLS
