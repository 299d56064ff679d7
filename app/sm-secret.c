/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A shared database's password in the session's keyring through libsecret
 * (the Secret Service: GNOME Keyring, KWallet), keyed by host, port,
 * database and user; never in GSettings (docs/POSTGRESQL.md, "From the
 * window").
 */
#define G_LOG_DOMAIN "sm-secret"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "sm-secret.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.symbiomap.Symbiomap.Database", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "database", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

#define ATTRIBUTES(host, port, database, user)                               \
  "host", (host) != NULL ? (host) : "", "port", (port) != NULL ? (port) : "", \
  "database", (database) != NULL ? (database) : "",                          \
  "user", (user) != NULL ? (user) : ""

char *
sm_secret_lookup (const char   *host,
                  const char   *port,
                  const char   *database,
                  const char   *user,
                  GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  char *password = secret_password_lookup_sync (get_schema (), cancellable, &error,
                                                ATTRIBUTES (host, port, database, user), NULL);

  if (error != NULL)
    g_debug ("No keyring to look the password up in: %s", error->message);
  return password;
}

gboolean
sm_secret_store (const char    *host,
                 const char    *port,
                 const char    *database,
                 const char    *user,
                 const char    *password,
                 GCancellable  *cancellable,
                 GError       **error)
{
  /* TRANSLATORS: the keyring's label of a password; %s is a database's name,
   * then its host */
  g_autofree char *label = g_strdup_printf (_("Symbiomap shared database “%s” on %s"),
                                            database != NULL ? database : "",
                                            host != NULL && *host != '\0' ? host : "localhost");

  return secret_password_store_sync (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                     cancellable, error, ATTRIBUTES (host, port, database, user),
                                     NULL);
}

void
sm_secret_clear (const char   *host,
                 const char   *port,
                 const char   *database,
                 const char   *user,
                 GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;

  if (!secret_password_clear_sync (get_schema (), cancellable, &error,
                                   ATTRIBUTES (host, port, database, user), NULL)
      && error != NULL)
    g_debug ("No keyring to clear the password in: %s", error->message);
}

void
sm_secret_free (char *password)
{
  secret_password_free (password);
}
