/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An import runs while `sites`, `match` and a second import run on the
 * same project (issue 14.7): nobody fails, nothing is lost. Readers see
 * the last committed state; the second import waits for the first.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sm-test-cli.h"
#include "sm-test-util.h"

#define N_BIG 12000
#define N_SMALL 200

static char *
write_rows (const char *dir,
            const char *name,
            const char *prefix,
            int         n,
            gboolean    flows)
{
  char *path = g_build_filename (dir, name, NULL);
  GString *s = g_string_new (flows ? "name,lat,lon,direction,resource,amount,unit\n"
                                   : "name,lat,lon\n");

  /* Each site far enough from the others (> 50 m) never to merge */
  for (int i = 0; i < n; i++)
    {
      if (flows)
        g_string_append_printf (s, "%s%d,%.5f,%.5f,%s,heat,%d,MWh/yr\n", prefix, i,
                                55.0 + (i / 200) * 0.01, 9.0 + (i % 200) * 0.01,
                                i % 2 ? "supply" : "demand", 100 + i % 900);
      else
        g_string_append_printf (s, "%s%d,%.5f,%.5f\n", prefix, i, 58.0 + (i / 100) * 0.01,
                                12.0 + (i % 100) * 0.01);
    }
  g_assert_true (g_file_set_contents (path, s->str, s->len, NULL));
  g_string_free (s, TRUE);
  return path;
}

static gboolean
alive (GPid pid,
       int *status)
{
  pid_t done = waitpid (pid, status, WNOHANG);

  g_assert_cmpint (done, >=, 0);
  return done == 0;
}

static gint64
info_count (const char *project,
            const char *member)
{
  g_auto (SmCliRun) info = { 0 };
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonObject *obj;

  sm_cli_run (&info, "info", project, "--json", NULL);
  g_assert_cmpint (info.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, info.out, -1, NULL));
  obj = json_node_get_object (json_parser_get_root (parser));
  if (g_str_equal (member, "flows"))
    return json_object_get_int_member (json_object_get_object_member (obj, "flows"), "total");
  return json_object_get_int_member (obj, member);
}

static void
test_import_while_others_run (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *project = g_build_filename (dir, "p.sqlite", NULL);
  g_autofree char *seed = write_rows (dir, "seed.csv", "Seed", 10, TRUE);
  g_autofree char *big = write_rows (dir, "big.csv", "Big", N_BIG, TRUE);
  g_autofree char *small = write_rows (dir, "small.csv", "Small", N_SMALL, FALSE);
  g_auto (SmCliRun) init = { 0 };
  g_auto (SmCliRun) first = { 0 };
  const char *import_big[] = { "import", project, big, "--kind", "flows", NULL };
  const char *import_small[] = { "import", project, small, "--kind", "sites", NULL };
  int big_out, big_err, small_out, small_err;
  int big_status = 0, small_status = 0;
  GPid big_pid, small_pid = 0;
  int readers_during = 0;
  g_autofree char *big_stderr = NULL;
  g_autofree char *small_stderr = NULL;
  g_autofree char *o1 = NULL;
  g_autofree char *o2 = NULL;

  sm_cli_run (&init, "init", project, NULL);
  g_assert_cmpint (init.status, ==, 0);
  sm_cli_run (&first, "import", project, seed, "--kind", "flows", NULL);
  g_assert_cmpint (first.status, ==, 0);

  big_pid = sm_cli_spawn (import_big, &big_out, &big_err);
  while (alive (big_pid, &big_status))
    {
      g_auto (SmCliRun) sites = { 0 };
      g_auto (SmCliRun) match = { 0 };

      /* Once the first import is well under way */
      if (small_pid == 0 && readers_during == 2)
        small_pid = sm_cli_spawn (import_small, &small_out, &small_err);
      sm_cli_run (&sites, "sites", project, "--json", NULL);
      if (sites.status != 0)
        g_error ("sites failed during an import: %s", sites.err);
      sm_cli_run (&match, "match", project, "--flow", "1", "--json", NULL);
      if (match.status != 0)
        g_error ("match failed during an import: %s", match.err);
      readers_during++;
    }
  if (small_pid == 0)
    small_pid = sm_cli_spawn (import_small, &small_out, &small_err);
  g_assert_cmpint (waitpid (small_pid, &small_status, 0), ==, small_pid);
  o1 = sm_cli_read_fd (big_out);
  big_stderr = sm_cli_read_fd (big_err);
  o2 = sm_cli_read_fd (small_out);
  small_stderr = sm_cli_read_fd (small_err);
  g_spawn_close_pid (big_pid);
  g_spawn_close_pid (small_pid);
  g_test_message ("%d rounds of readers ran during the import", readers_during);

  if (!WIFEXITED (big_status) || WEXITSTATUS (big_status) != 0)
    g_error ("the first import failed: %s", big_stderr);
  if (!WIFEXITED (small_status) || WEXITSTATUS (small_status) != 0)
    g_error ("the second import failed: %s", small_stderr);
  g_assert_cmpint (readers_during, >=, 1);
  g_assert_cmpint (info_count (project, "flows"), ==, 10 + N_BIG);
  g_assert_cmpint (info_count (project, "sites"), ==, 10 + N_BIG + N_SMALL);
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/concurrency/import-while-others-run", test_import_while_others_run);
  return g_test_run ();
}
