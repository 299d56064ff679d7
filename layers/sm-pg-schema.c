/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project in a shared PostgreSQL + PostGIS database (docs/POSTGRESQL.md):
 * connecting through libpq, and creating and upgrading the schema
 * `symbiomap` with versioned migrations, as sm-project.c does for a file.
 * The schema's SQL is in sm-pg-schema-sql.c.
 */
#define G_LOG_DOMAIN "sm-pg"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "sm-pg-schema.h"
#include "sm-pg-schema-private.h"
#include "sm-project.h"

/* Both engines hold the same tables at the same schema version: a build
 * that appends a file migration appends the PostgreSQL step too. */
G_STATIC_ASSERT (SM_PG_SCHEMA_VERSION == SM_PROJECT_SCHEMA_VERSION);

typedef struct
{
  int         version; /* the schema version after this step */
  const char *sql;
} SmPgMigration;

/* Migrations: each step brings the schema to its version, in its own
 * transaction with the version it writes into symbiomap.meta. Only ever
 * append; a released step never changes. The first step is the file's
 * schema 8 whole, so the versions of both engines say the same. */
static const SmPgMigration migrations[] = {
  { 8, sm_pg_schema_first },
};

/* Auxiliary methods */

static void
notice_processor (void       *data,
                  const char *message)
{
  /* NOTICEs (“… does not exist, skipping”) are no business of the user's */
  g_debug ("%s", message);
}

static char *
one_line (const char *text)
{
  char *line = g_strstrip (g_strdup (text != NULL ? text : ""));

  g_strdelimit (line, "\n\r", ' ');
  return line;
}

void
sm_pg_set_error (PGconn          *conn,
                 const PGresult  *result,
                 GError         **error,
                 const char      *what)
{
  const char *state = result != NULL ? PQresultErrorField (result, PG_DIAG_SQLSTATE) : NULL;
  g_autofree char *message = one_line (result != NULL ? PQresultErrorMessage (result)
                                                      : PQerrorMessage (conn));
  int code = SM_PROJECT_ERROR_SQL;

  if (*message == '\0')
    {
      g_free (message);
      message = one_line (PQerrorMessage (conn));
    }
  if (state != NULL && g_str_equal (state, "42501"))
    code = SM_PROJECT_ERROR_READ_ONLY; /* insufficient_privilege */
  else if (state != NULL && g_str_equal (state, "42P06"))
    code = SM_PROJECT_ERROR_EXISTS; /* duplicate_schema */
  /* @what is a whole translated message with one %s for the server's words */
  g_set_error (error, SM_PROJECT_ERROR, code, what, message);
}

static gboolean
check_result (PGconn      *conn,
              PGresult    *result,
              const char  *what,
              GError     **error)
{
  ExecStatusType status = PQresultStatus (result);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return TRUE;
  sm_pg_set_error (conn, result, error, what);
  return FALSE;
}

gboolean
sm_pg_exec (PGconn      *conn,
            const char  *sql,
            const char  *what,
            GError     **error)
{
  g_autoptr(PGresult) result = PQexec (conn, sql);

  return check_result (conn, result, what, error);
}

static void
rollback (PGconn *conn)
{
  PGresult *result = PQexec (conn, "ROLLBACK");

  PQclear (result);
}

/* Public API */

/**
 * sm_pg_display_name:
 * @conn: a connection, made or not
 *
 * Returns: (transfer full): the database and where it is, for messages;
 *   never the password the URI may hold
 */
char *
sm_pg_display_name (PGconn *conn)
{
  const char *db = PQdb (conn);
  const char *host = PQhost (conn);

  if (host != NULL && *host != '\0')
    /* TRANSLATORS: a PostgreSQL database's name, then its server (a host name or a socket
     * folder) */
    return g_strdup_printf (_("“%s” on %s"), db != NULL ? db : "", host);
  return g_strdup_printf ("“%s”", db != NULL ? db : "");
}

/**
 * sm_pg_connect:
 * @uri: a postgresql:// or postgres:// URI, as libpq reads it
 * @error: return location for an error
 *
 * Connects, in UTF-8, naming the application to the server. The CLI and
 * the store connect through sm_db_open() (sm-db-pg.c) instead, with its
 * session settings and messages; this bare connection is for the tests
 * that look at the schema from outside.
 *
 * Returns: (transfer full): the connection, or %NULL with @error saying
 *   what to do next
 */
PGconn *
sm_pg_connect (const char  *uri,
               GError     **error)
{
  const char *keys[] = { "dbname", "fallback_application_name", "client_encoding", NULL };
  const char *values[] = { uri, "symbiomap", "UTF8", NULL };
  g_autoptr(PGconn) conn = PQconnectdbParams (keys, values, 1);

  if (conn == NULL)
    {
      g_set_error_literal (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                           _("Cannot connect to the database: out of memory"));
      return NULL;
    }
  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_autofree char *display = sm_pg_display_name (conn);
      g_autofree char *reason = one_line (PQerrorMessage (conn));

      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_FOUND,
                   /* TRANSLATORS: the database and its server, then the server's or the
                    * system's reason (in English) */
                   _("Cannot connect to the database %s: %s. Check that the server runs, that "
                     "the address, the database and the user name are right, and that a "
                     "password, if one is needed, is in ~/.pgpass or PGPASSWORD"),
                   display, reason);
      return NULL;
    }
  PQsetNoticeProcessor (conn, notice_processor, NULL);
  return g_steal_pointer (&conn);
}

/* The schema PostGIS is installed in, or NULL with @error saying how to
 * install it */
static char *
postgis_schema (PGconn  *conn,
                GError **error)
{
  g_autoptr(PGresult) result =
    PQexec (conn, "SELECT quote_ident (n.nspname) FROM pg_extension e "
                  "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'postgis'");

  /* TRANSLATORS: %s is the database server's own message (in English) */
  if (!check_result (conn, result, _("The database could not be read: %s"), error))
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_autofree char *display = sm_pg_display_name (conn);

      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %s is the database and its server; keep the SQL command
                    * as it is */
                   _("The database %s has no PostGIS: run CREATE EXTENSION postgis; in the "
                     "database as its owner, then try again"),
                   display);
      return NULL;
    }
  return g_strdup (PQgetvalue (result, 0, 0));
}

/**
 * sm_pg_use_schema:
 * @conn: a connection
 * @error: return location for an error
 *
 * Sets the search path to the project's schema and PostGIS's for the
 * rest of the transaction (or the session outside one).
 *
 * Returns: whether PostGIS is there
 */
gboolean
sm_pg_use_schema (PGconn  *conn,
                  GError **error)
{
  g_autofree char *postgis = postgis_schema (conn, error);
  g_autofree char *sql = NULL;

  if (postgis == NULL)
    return FALSE;
  sql = g_strdup_printf ("SELECT set_config ('search_path', '" SM_PG_SCHEMA ", %s', true)",
                         postgis);
  /* TRANSLATORS: %s is the database server's own message (in English) */
  return sm_pg_exec (conn, sql, _("The database could not be read: %s"), error);
}

/**
 * sm_pg_schema_get_version:
 * @conn: a connection
 * @error: return location for an error
 *
 * Returns: the version of the Symbiomap schema in the database, 0 when
 *   there is none, or -1 with @error set (also when schema `symbiomap`
 *   is someone else's)
 */
int
sm_pg_schema_get_version (PGconn  *conn,
                          GError **error)
{
  g_autoptr(PGresult) exists = NULL;
  g_autoptr(PGresult) meta = NULL;
  g_autofree char *display = NULL;
  const char *version = NULL;
  const char *app_id = NULL;
  g_autofree char *our_id = g_strdup_printf ("%d", SM_PROJECT_APPLICATION_ID);

  exists = PQexec (conn, "SELECT to_regnamespace ('" SM_PG_SCHEMA "') IS NOT NULL, "
                         "to_regclass ('" SM_PG_SCHEMA ".meta') IS NOT NULL");
  /* TRANSLATORS: %s is the database server's own message (in English) */
  if (!check_result (conn, exists, _("The database could not be read: %s"), error))
    return -1;
  if (g_str_equal (PQgetvalue (exists, 0, 0), "f"))
    return 0;

  display = sm_pg_display_name (conn);
  if (g_str_equal (PQgetvalue (exists, 0, 1), "t"))
    {
      meta = PQexec (conn, "SELECT (SELECT value FROM " SM_PG_SCHEMA ".meta "
                           "        WHERE key = 'user_version'), "
                           "(SELECT value FROM " SM_PG_SCHEMA ".meta "
                           " WHERE key = 'application_id')");
      if (!check_result (conn, meta, _("The database could not be read: %s"), error))
        return -1;
      if (!PQgetisnull (meta, 0, 0))
        version = PQgetvalue (meta, 0, 0);
      if (!PQgetisnull (meta, 0, 1))
        app_id = PQgetvalue (meta, 0, 1);
    }
  if (version == NULL || g_strcmp0 (app_id, our_id) != 0 || atoi (version) < 1)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT,
                   /* TRANSLATORS: %s is the database and its server; keep “symbiomap” as it
                    * is, it is the schema's name */
                   _("The database %s has a schema “symbiomap” that is not a Symbiomap "
                     "project: rename or drop it, or use another database"),
                   display);
      return -1;
    }
  return atoi (version);
}

static gboolean
run_step (PGconn              *conn,
          const SmPgMigration *step,
          gboolean             in_transaction,
          GError             **error)
{
  g_autofree char *set_meta = NULL;
  /* TRANSLATORS: %s is the database server's own message (in English) */
  const char *what = _("The database's Symbiomap schema could not be created or upgraded: %s");

  if (!in_transaction && !sm_pg_exec (conn, "BEGIN", what, error))
    return FALSE;
  if (!sm_pg_use_schema (conn, error) || !sm_pg_exec (conn, step->sql, what, error))
    goto fail;
  set_meta = g_strdup_printf ("INSERT INTO " SM_PG_SCHEMA ".meta (key, value) VALUES "
                              "('application_id', '%d'), ('user_version', '%d') "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              SM_PROJECT_APPLICATION_ID, step->version);
  if (!sm_pg_exec (conn, set_meta, what, error))
    goto fail;
  if (!in_transaction && !sm_pg_exec (conn, "COMMIT", what, error))
    goto fail;
  return TRUE;

fail:
  if (!in_transaction)
    rollback (conn);
  return FALSE;
}

static gboolean
refuse_too_new (PGconn  *conn,
                int      version,
                GError **error)
{
  g_autofree char *display = NULL;

  if (version <= SM_PG_SCHEMA_VERSION)
    return FALSE;
  display = sm_pg_display_name (conn);
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_TOO_NEW,
               /* TRANSLATORS: the database and its server, the version of its schema (a whole
                * number), the newest version this Symbiomap reads */
               _("The project in the database %s was saved by a newer Symbiomap (schema %d, "
                 "this one reads up to %d): update Symbiomap to open it"),
               display, version, SM_PG_SCHEMA_VERSION);
  return TRUE;
}

/**
 * sm_pg_schema_create:
 * @conn: a connection to a database that has PostGIS
 * @in_transaction: the caller holds a transaction; every step runs in it
 * @error: return location for an error
 *
 * Creates the Symbiomap schema in an existing database, as `init` does a
 * file. A database that holds one already is refused, and so is one
 * without PostGIS (installing it is the database owner's step).
 *
 * Returns: whether the schema was created
 */
gboolean
sm_pg_schema_create (PGconn    *conn,
                     gboolean   in_transaction,
                     GError   **error)
{
  int version = sm_pg_schema_get_version (conn, error);
  g_autofree char *postgis = NULL;

  if (version < 0 || refuse_too_new (conn, version, error))
    return FALSE;
  if (version > 0)
    {
      g_autofree char *display = sm_pg_display_name (conn);

      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_EXISTS,
                   /* TRANSLATORS: %s is the database and its server */
                   _("The database %s already holds a Symbiomap project: open it, or use "
                     "another database; Symbiomap never overwrites a project"),
                   display);
      return FALSE;
    }
  if ((postgis = postgis_schema (conn, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    if (!run_step (conn, &migrations[i], in_transaction, error))
      {
        /* Two inits at once: the second finds the first's schema */
        if (error != NULL && g_error_matches (*error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_EXISTS))
          {
            g_autofree char *display = sm_pg_display_name (conn);

            g_clear_error (error);
            g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_EXISTS,
                         _("The database %s already holds a Symbiomap project: open it, or "
                           "use another database; Symbiomap never overwrites a project"),
                         display);
          }
        return FALSE;
      }
  return TRUE;
}

/**
 * sm_pg_schema_upgrade:
 * @conn: a connection to a database with a Symbiomap schema
 * @error: return location for an error
 *
 * Runs the steps the schema lacks, each in its own transaction, under an
 * advisory lock so that two clients opening an old schema at once do not
 * both upgrade it. A newer schema than this build's is refused.
 *
 * Returns: whether the schema is now this build's
 */
gboolean
sm_pg_schema_upgrade (PGconn  *conn,
                      GError **error)
{
  /* TRANSLATORS: %s is the database server's own message (in English) */
  const char *what = _("The database's Symbiomap schema could not be created or upgraded: %s");
  gboolean ok = TRUE;
  int version;

  /* “SmAP”, the application id, as the lock's key */
  if (!sm_pg_exec (conn, "SELECT pg_advisory_lock (1399669072)", what, error))
    return FALSE;
  version = sm_pg_schema_get_version (conn, error);
  if (version < 1 || refuse_too_new (conn, version, error))
    {
      if (version == 0)
        {
          g_autofree char *display = sm_pg_display_name (conn);

          g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT,
                       /* TRANSLATORS: %s is the database and its server; keep the command as
                        * it is */
                       _("The database %s holds no Symbiomap project: create one with "
                         "“symbiomap-cli init”"),
                       display);
        }
      ok = FALSE;
    }
  for (guint i = 0; ok && i < G_N_ELEMENTS (migrations); i++)
    if (migrations[i].version > version)
      ok = run_step (conn, &migrations[i], FALSE, error);
  PQclear (PQexec (conn, "SELECT pg_advisory_unlock (1399669072)"));
  return ok;
}
