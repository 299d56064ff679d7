/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "sm-test-util.h"

/* A fresh folder per test; removed by sm_test_rm_rf() at the end. */
char *
sm_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("symbiomap-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
sm_test_rm_rf (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_chmod (path, 0644);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        sm_test_rm_rf (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* The file's bytes and modification time, to check nothing was written. */
char *
sm_test_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree char *sum = NULL;
  gsize length = 0;
  GStatBuf st;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) contents, length);
  return g_strdup_printf ("%s/%ld.%09ld", sum, (long) st.st_mtim.tv_sec,
                          (long) st.st_mtim.tv_nsec);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* The sorted names in a folder, to check no stray file was left behind. */
char *
sm_test_dir_listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (",", (char **) names->pdata);
}

/**
 * sm_test_run_cli:
 * @language: "C" for English, or "da" / "sv" (run under da_DK.UTF-8 or
 *   sv_SE.UTF-8: glibc ignores LANGUAGE under the C locale)
 * @out: (out) (optional): standard output
 * @err: (out) (optional): standard error
 * @first: the first argument, then the rest, then %NULL
 *
 * Runs the real symbiomap-cli ($SYMBIOMAP_CLI) as a script would.
 *
 * Returns: its exit status
 */
int
sm_test_run_cli (const char  *language,
                 char       **out,
                 char       **err,
                 const char  *first,
                 ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
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

  if (g_str_equal (language, "C"))
    {
      env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
      env = g_environ_unsetenv (env, "LANGUAGE");
    }
  else
    {
      g_autofree char *locale = g_strdup_printf ("%s_%s.UTF-8", language,
                                                 g_str_equal (language, "da") ? "DK" : "SE");
      env = g_environ_setenv (env, "LC_ALL", locale, TRUE);
      env = g_environ_setenv (env, "LANGUAGE", language, TRUE);
    }
  /* Output nobody asked for must not mix with the test's own TAP lines */
  g_spawn_sync (NULL, (char **) args->pdata, env,
                (out == NULL ? G_SPAWN_STDOUT_TO_DEV_NULL : 0)
                | (err == NULL ? G_SPAWN_STDERR_TO_DEV_NULL : 0),
                NULL, NULL, out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

/* For g_array_sort() of doubles: the benchmarks' medians */
int
sm_test_compare_doubles (gconstpointer a,
                         gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The median of @n values, sorted in place (the middle two averaged for
 * an even count); NAN for none */
double
sm_test_median (double *values,
                guint   n)
{
  if (n == 0)
    return NAN;
  qsort (values, n, sizeof (double), sm_test_compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* User plus system time of a getrusage() record, in seconds */
double
sm_test_rusage_seconds (const struct rusage *usage)
{
  return usage->ru_utime.tv_sec + usage->ru_utime.tv_usec / 1e6
         + usage->ru_stime.tv_sec + usage->ru_stime.tv_usec / 1e6;
}

/* DIR/sites.csv with @rows generated Danish sites (key, name, sector,
 * lat, lon): the import benchmarks' input, the same for every engine */
char *
sm_test_write_sites_csv (const char *dir,
                         int         rows)
{
  char *path = g_build_filename (dir, "sites.csv", NULL);
  FILE *out = fopen (path, "w");

  g_assert_nonnull (out);
  fputs ("site_id,name,sector,lat,lon\n", out);
  for (int i = 0; i < rows; i++)
    fprintf (out, "S%d,Company %d A/S,%02d.%02d Industry,%.6f,%.6f\n", i, i, 10 + i % 23, i % 90,
             54.6 + g_random_double () * 3.1, 8.1 + g_random_double () * 4.5);
  fclose (out);
  return path;
}
