/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CLI side of issue 14: absurd options are usage errors, every JSON
 * document is valid JSON whatever the project holds, and text output shows
 * the control characters of the data escaped.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <string.h>

#include "sm-test-cli.h"
#include "sm-test-util.h"

typedef struct
{
  char *dir;
  char *project;
} Fixture;

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_auto (SmCliRun) init = { 0 };
  g_auto (SmCliRun) import = { 0 };
  g_autofree char *csv = NULL;

  f->dir = sm_test_make_tmpdir ();
  f->project = g_build_filename (f->dir, "p.sqlite", NULL);
  sm_cli_run (&init, "init", f->project, NULL);
  g_assert_cmpint (init.status, ==, 0);
  csv = write_file (f, "flows.csv",
                    "name,lat,lon,direction,resource,amount,unit,temperature\n"
                    "Heat \x1b[2J\x1b[31mred\x1b[0m,57.05,9.92,supply,heat,1000,MWh/yr,90\n"
                    "B\xc2\x9b" "6n,57.06,9.93,demand,heat,500,MWh/yr,70\n"
                    "C,57.07,9.94,demand,heat,700,MWh/yr,60\n");
  sm_cli_run (&import, "import", f->project, csv, "--kind", "flows", NULL);
  g_assert_cmpint (import.status, ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->project);
}

static void
test_radius_usage_errors (Fixture       *f,
                          gconstpointer  data)
{
  const char *bad[] = { "nan", "inf", "-inf", "1e308", "20001", "-1" };
  g_autofree char *out = g_build_filename (f->dir, "out.gpkg", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto (SmCliRun) match = { 0 };
      g_auto (SmCliRun) export = { 0 };
      g_autofree char *opt = g_strdup_printf ("--radius-km=%s", bad[i]);

      sm_cli_run (&match, "match", f->project, "--flow", "1", opt, "--json", NULL);
      if (match.status != 2)
        g_error ("match %s: exit %d, expected 2: %s", opt, match.status, match.out);
      sm_cli_run (&export, "export", f->project, out, opt, NULL);
      if (export.status != 2)
        g_error ("export %s: exit %d, expected 2", opt, export.status);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }
}

/* Amounts an older version stored, or another program wrote */
static void
spoil_amounts (Fixture *f)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (f->project, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "UPDATE flows SET amount = 1e21 WHERE flow_id = 2;"
                                 "UPDATE flows SET amount = 9e999 WHERE flow_id = 3;"
                                 "UPDATE flows SET temperature_c = 1e300 WHERE flow_id = 1;",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
assert_valid_json (const char *what,
                   const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("%s printed invalid JSON (%s):\n%s", what, error->message, text);
  g_assert_nonnull (json_parser_get_root (parser));
}

static void
test_json_always_valid (Fixture       *f,
                        gconstpointer  data)
{
  g_auto (SmCliRun) flows = { 0 };
  g_auto (SmCliRun) match = { 0 };
  g_auto (SmCliRun) match_far = { 0 };
  g_auto (SmCliRun) info = { 0 };
  g_auto (SmCliRun) sites = { 0 };

  spoil_amounts (f);
  sm_cli_run (&flows, "flows", f->project, "--json", NULL);
  g_assert_cmpint (flows.status, ==, 0);
  assert_valid_json ("flows --json", flows.out);
  g_assert_null (strstr (flows.out, "inf"));
  sm_cli_run (&match, "match", f->project, "--flow", "1", "--json", NULL);
  g_assert_cmpint (match.status, ==, 0);
  assert_valid_json ("match --json", match.out);
  sm_cli_run (&match_far, "match", f->project, "--flow", "1", "--radius-km", "20000", "--json",
              NULL);
  g_assert_cmpint (match_far.status, ==, 0);
  assert_valid_json ("match --radius-km 20000 --json", match_far.out);
  sm_cli_run (&info, "info", f->project, "--json", NULL);
  assert_valid_json ("info --json", info.out);
  sm_cli_run (&sites, "sites", f->project, "--json", NULL);
  assert_valid_json ("sites --json", sites.out);
}

static void
test_text_escapes_controls (Fixture       *f,
                            gconstpointer  data)
{
  const char *commands[] = { "sites", "flows", "info" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto (SmCliRun) r = { 0 };

      sm_cli_run (&r, commands[i], f->project, NULL);
      g_assert_cmpint (r.status, ==, 0);
      if (strchr (r.out, '\x1b') != NULL || strstr (r.out, "\xc2\x9b") != NULL)
        g_error ("%s printed a raw control character:\n%s", commands[i], r.out);
    }
  {
    g_auto (SmCliRun) r = { 0 };

    sm_cli_run (&r, "sites", f->project, NULL);
    g_assert_nonnull (strstr (r.out, "\\x1B[2J"));
  }
  {
    g_auto (SmCliRun) r = { 0 };

    sm_cli_run (&r, "match", f->project, "--flow", "1", NULL);
    g_assert_cmpint (r.status, ==, 0);
    g_assert_null (strchr (r.out, '\x1b'));
  }
}


static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { 0, 0 };

  /* A full disk, as far as the child can tell: no file may grow. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

static void
test_disk_full_said (Fixture       *f,
                     gconstpointer  data)
{
  const char *args[] = { g_getenv ("SYMBIOMAP_CLI"), "sites", f->project, NULL };
  g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "LC_ALL", "C.UTF-8", TRUE);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) args, env, G_SPAWN_DEFAULT, limit_file_size, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  if (strstr (err, "disk is full") == NULL)
    g_error ("a full disk was reported as: %s", err);
}


static void
test_no_raw_gdal_errors (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *geojson = write_file (
    f, "g.geojson",
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"A\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[9.9,57.1]}},\n"
    "{\"type\":\"Feature\",\"properties\":{\"name\":\"B\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[\"9.9\",\"x\"]}}]}\n");
  g_autofree char *xy = write_file (f, "xy.csv", "name,x,y\nA,550000,6300000\nB,1e30,1e30\n");
  g_autofree char *out = g_build_filename (f->dir, "out.gpkg", NULL);
  g_auto (SmCliRun) a = { 0 };
  g_auto (SmCliRun) b = { 0 };
  g_auto (SmCliRun) c = { 0 };
  g_auto (SmCliRun) d = { 0 };

  sm_cli_run (&a, "import", f->project, geojson, "--kind", "sites", NULL);
  g_assert_cmpint (a.status, ==, 0);
  sm_cli_run (&b, "import", f->project, xy, "--kind", "sites", "--srs", "EPSG:25832", NULL);
  g_assert_cmpint (b.status, ==, 0);
  g_assert_nonnull (strstr (b.out, "row 3"));
  sm_cli_run (&c, "export", f->project, out, "--srs", "EPSG:3006", NULL);
  sm_cli_run (&d, "import", f->project, geojson, "--kind", "network", NULL);
  if (strstr (a.err, "ERROR") || strstr (b.err, "ERROR") || strstr (c.err, "ERROR")
      || strstr (d.err, "ERROR"))
    g_error ("GDAL's own lines reached stderr:\n%s%s%s%s", a.err, b.err, c.err, d.err);
}

static void
add (const char *path,
     void (*func) (Fixture *, gconstpointer))
{
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  add ("/reliability-cli/radius-usage-errors", test_radius_usage_errors);
  add ("/reliability-cli/json-always-valid", test_json_always_valid);
  add ("/reliability-cli/text-escapes-controls", test_text_escapes_controls);
  add ("/reliability-cli/disk-full-said", test_disk_full_said);
  add ("/reliability-cli/no-raw-gdal-errors", test_no_raw_gdal_errors);
  return g_test_run ();
}
