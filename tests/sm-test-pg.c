/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A throwaway PostgreSQL cluster for the tests. Debian's server binaries
 * refuse to run as root, so under root (CI containers) they run as the
 * `postgres` user the package creates, on a folder handed over to it.
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

#include "sm-test-pg.h"
#include "sm-test-util.h"

struct _SmTestPg
{
  char *bindir;
  char *dir;      /* the temporary folder: data/ and the socket */
  char *datadir;
  gboolean as_postgres;
};

static char *
find_bindir (void)
{
  const char *env = g_getenv ("SYMBIOMAP_PG_BINDIR");
  g_autofree char *out = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  /* pg_config of libpq-dev names the server's folder on Debian */
  if (g_spawn_command_line_sync ("pg_config --bindir", &out, NULL, NULL, NULL) && out != NULL)
    {
      g_strstrip (out);
      if (*out != '\0')
        {
          g_autofree char *initdb = g_build_filename (out, "initdb", NULL);

          if (g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
            return g_steal_pointer (&out);
        }
    }
  if (g_file_test ("/usr/lib/postgresql/15/bin/initdb", G_FILE_TEST_IS_EXECUTABLE))
    return g_strdup ("/usr/lib/postgresql/15/bin");
  return NULL;
}

/* Runs a server binary (as `postgres` under root). */
static gboolean
run (SmTestPg    *pg,
     const char  *const *args,
     char       **output,
     GError     **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  if (pg->as_postgres)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (pg->bindir, args[0], NULL));
  for (int i = 1; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (pg->dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, &err, &status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s failed: %s%s", args[0],
                   out != NULL ? out : "", err != NULL ? err : "");
      return FALSE;
    }
  if (output != NULL)
    *output = g_steal_pointer (&out);
  return TRUE;
}

static gboolean
hand_over (const char  *path,
           GError     **error)
{
  struct passwd *pw = getpwnam ("postgres");

  if (pw == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "running as root and there is no postgres user to run the server as");
      return FALSE;
    }
  if (chown (path, pw->pw_uid, pw->pw_gid) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "chown %s: %s", path,
                   g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* A test that fails an assertion aborts before sm_test_pg_stop(): a shell
 * that outlives it stops the server and removes its folder once the test
 * process is gone, so no failed run leaves a server behind. Its output
 * goes nowhere, or meson would wait for it on the test's pipes. */
static void
start_watchdog (SmTestPg *pg)
{
  static const char script[] =
    "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
    "if [ \"$5\" = 1 ]; then runuser -u postgres -- \"$2\" -D \"$3\" -m immediate -w -s stop; "
    "else \"$2\" -D \"$3\" -m immediate -w -s stop; fi; rm -rf \"$4\"";
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  g_autofree char *pg_ctl = g_build_filename (pg->bindir, "pg_ctl", NULL);
  const char *argv[] = { "/bin/sh", "-c", script, "sm-test-pg-watchdog", pid, pg_ctl,
                         pg->datadir, pg->dir, pg->as_postgres ? "1" : "0", NULL };
  g_autoptr(GError) error = NULL;

  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL
                        | G_SPAWN_STDIN_FROM_DEV_NULL,
                      NULL, NULL, NULL, &error))
    g_printerr ("# no watchdog for the test server: %s\n", error->message);
}

SmTestPg *
sm_test_pg_start (GError **error)
{
  g_autofree char *bindir = find_bindir ();
  g_autofree char *conf = NULL;
  g_autofree char *settings = NULL;
  g_autofree char *logfile = NULL;
  SmTestPg *pg;

  if (bindir == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "PostgreSQL server binaries not found (install postgresql-15)");
      return NULL;
    }
  pg = g_new0 (SmTestPg, 1);
  pg->bindir = g_steal_pointer (&bindir);
  /* short: a socket path has a limit of about 100 bytes */
  pg->dir = g_dir_make_tmp ("smpg-XXXXXX", error);
  if (pg->dir == NULL)
    goto fail;
  pg->datadir = g_build_filename (pg->dir, "data", NULL);
  pg->as_postgres = geteuid () == 0;
  if (pg->as_postgres && !hand_over (pg->dir, error))
    goto fail;
  start_watchdog (pg);

  {
    const char *initdb[] = { "initdb", "-D", pg->datadir, "-U", "postgres", "-A", "trust",
                             "-E", "UTF8", "--locale=C", "--no-sync", NULL };

    if (!run (pg, initdb, NULL, error))
      goto fail;
  }

  /* No TCP port at all, the socket in our folder, and no durability the
   * tests do not need */
  conf = g_build_filename (pg->datadir, "postgresql.conf", NULL);
  settings = g_strdup_printf ("\nlisten_addresses = ''\n"
                              "unix_socket_directories = '%s'\n"
                              "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n"
                              "max_connections = 40\n",
                              pg->dir);
  {
    FILE *f = fopen (conf, "a");

    if (f == NULL)
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot write %s", conf);
        goto fail;
      }
    fputs (settings, f);
    fclose (f);
  }

  logfile = g_build_filename (pg->dir, "server.log", NULL);
  {
    const char *start[] = { "pg_ctl", "-D", pg->datadir, "-l", logfile, "-w", "-s", "start", NULL };

    if (!run (pg, start, NULL, error))
      goto fail;
  }
  return pg;

fail:
  if (pg->dir != NULL)
    sm_test_rm_rf (pg->dir);
  g_free (pg->bindir);
  g_free (pg->dir);
  g_free (pg->datadir);
  g_free (pg);
  return NULL;
}

const char *
sm_test_pg_get_socket_dir (SmTestPg *pg)
{
  return pg->dir;
}

char *
sm_test_pg_psql (SmTestPg   *pg,
                 const char *database,
                 const char *sql,
                 GError    **error)
{
  const char *argv[] = { "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", pg->dir,
                         "-U", "postgres", "-d", database, "-c", sql, NULL };
  g_autoptr(GPtrArray) full = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  /* psql is a client: it runs as ourselves */
  g_ptr_array_add (full, g_build_filename (pg->bindir, argv[0], NULL));
  for (int i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (full, g_strdup (argv[i]));
  g_ptr_array_add (full, NULL);
  if (!g_spawn_sync (NULL, (char **) full->pdata, NULL, 0, NULL, NULL, &out, &err, &status, error))
    return NULL;
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "psql: %s", err != NULL ? err : "");
      return NULL;
    }
  return g_steal_pointer (&out);
}

char *
sm_test_pg_create_database (SmTestPg   *pg,
                            const char *name,
                            GError    **error)
{
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE \"%s\"", name);
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;

  out = sm_test_pg_psql (pg, "postgres", create, error);
  if (out == NULL)
    return NULL;
  out2 = sm_test_pg_psql (pg, name, "CREATE EXTENSION IF NOT EXISTS postgis", error);
  if (out2 == NULL)
    return NULL;
  return g_strdup_printf ("postgresql://postgres@/%s?host=%s", name, pg->dir);
}

void
sm_test_pg_stop (SmTestPg *pg)
{
  const char *stop[] = { "pg_ctl", "-D", pg->datadir, "-m", "fast", "-w", "-s", "stop", NULL };
  g_autoptr(GError) error = NULL;

  if (pg == NULL)
    return;
  if (!run (pg, stop, NULL, &error))
    g_printerr ("# stopping the test server: %s\n", error->message);
  sm_test_rm_rf (pg->dir);
  g_free (pg->bindir);
  g_free (pg->dir);
  g_free (pg->datadir);
  g_free (pg);
}

SmTestPg *
sm_test_pg_start_or_skip (void)
{
  g_autoptr(GError) error = NULL;
  SmTestPg *pg = sm_test_pg_start (&error);

  if (pg != NULL)
    return pg;
  if (g_strcmp0 (g_getenv ("SYMBIOMAP_REQUIRE_PG"), "1") == 0)
    g_error ("no test PostgreSQL server: %s", error->message);
  g_printerr ("# no test PostgreSQL server, its tests are skipped: %s\n", error->message);
  return NULL;
}
