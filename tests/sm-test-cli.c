/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real symbiomap-cli in English, as a script would: to the end,
 * or in the background for the concurrency and fault tests.
 */
#include "config.h"

#include <sys/wait.h>
#include <unistd.h>

#include "sm-test-cli.h"

void
sm_cli_run_clear (SmCliRun *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

static char **
cli_environ (void)
{
  char **env = g_get_environ ();

  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  return g_environ_unsetenv (env, "LANGUAGE");
}

void
sm_cli_run (SmCliRun   *result,
            const char *first,
            ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_auto (GStrv) env = cli_environ ();
  g_autoptr (GError) error = NULL;
  const char *cli = g_getenv ("SYMBIOMAP_CLI");
  int wait_status = 0;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_spawn_sync (NULL, (char **) args->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &result->out,
                &result->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
}

/* Starts symbiomap-cli with @args (without the program) in the background;
 * its output comes on @out_fd and @err_fd. */
GPid
sm_cli_spawn (const char * const *args,
              int                *out_fd,
              int                *err_fd)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) env = cli_environ ();
  g_autoptr (GError) error = NULL;
  GPid pid = 0;

  g_ptr_array_add (argv, (char *) g_getenv ("SYMBIOMAP_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL,
                            NULL, &pid, NULL, out_fd, err_fd, &error);
  g_assert_no_error (error);
  return pid;
}

char *
sm_cli_read_fd (int fd)
{
  GString *s = g_string_new (NULL);
  char buf[4096];
  ssize_t n;

  while ((n = read (fd, buf, sizeof buf)) > 0)
    g_string_append_len (s, buf, n);
  close (fd);
  return g_string_free (s, FALSE);
}
