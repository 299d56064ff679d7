/* test-cli-text.c: the command line's text output, for people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tables line up by display width with Danish and Swedish names, and
 * numbers and units follow the user's locale; JSON does not change.
 */
#include "config.h"

#include <string.h>

#include "sm-test-util.h"
#include "sm-text-table.h"

typedef struct
{
  char *dir;
  char *project;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *sites = NULL;
  g_autofree char *flows = NULL;
  g_autofree char *err = NULL;

  f->dir = sm_test_make_tmpdir ();
  f->project = g_build_filename (f->dir, "p.sqlite", NULL);
  sites = g_build_filename (f->dir, "sites.csv", NULL);
  flows = g_build_filename (f->dir, "flows.csv", NULL);
  g_assert_true (g_file_set_contents (sites,
    "id,navn,lat,lon\n"
    "1,Østergaard Mejeri A/S,56.95,9.80\n"
    "2,Ærø Fjernvarme,54.88,10.41\n"
    "3,Malmö Återvinning AB,55.60,13.00\n"
    "4,Plain Name Ltd,57.00,9.90\n", -1, NULL));
  g_assert_true (g_file_set_contents (flows,
    "id,retning,ressource,mængde,enhed,temperatur\n"
    "1,overskud,varme,1250000,MWh/år,75.5\n"
    "2,behov,varme,42000,MWh/år,70\n"
    "3,overskud,vand,900,m3/år,\n"
    "4,behov,co2,5,t/år,\n", -1, NULL));
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "init", f->project, NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "import", f->project, sites, "--kind",
                                    "sites", NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "import", f->project, flows, "--kind",
                                    "flows", NULL), ==, 0);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->project);
}

/* The display column where @needle starts in @line */
static guint
column_of (const char *line,
           const char *needle)
{
  const char *at = strstr (line, needle);
  g_autofree char *before = NULL;

  g_assert_nonnull (at);
  before = g_strndup (line, at - line);
  return sm_text_display_width (before);
}

/* Each row's unit column starts where the header's does, whatever the
 * letters of the site's name */
static void
assert_units_aligned (const char *out,
                      const char *unit_heading,
                      const char *units[])
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint heading;

  g_assert_cmpuint (g_strv_length (lines), >=, 5);
  heading = column_of (lines[0], unit_heading);
  for (guint i = 1; i < 5; i++)
    {
      gboolean found = FALSE;

      for (guint u = 0; units[u]; u++)
        if (strstr (lines[i], units[u]))
          {
            g_assert_cmpuint (column_of (lines[i], units[u]), ==, heading);
            found = TRUE;
          }
      g_assert_true (found);
    }
}

static void
test_flows_english (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  const char *units[] = { "MWh/yr", "m³/yr", "t/yr", NULL };

  g_assert_cmpint (sm_test_run_cli ("C", &out, NULL, "flows", f->project, NULL), ==, 0);
  assert_units_aligned (out, "Unit", units);
  g_assert_nonnull (strstr (out, "75.5"));
}

static void
test_flows_danish (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  const char *units[] = { "MWh/år", "m³/år", "t/år", NULL };

  g_assert_cmpint (sm_test_run_cli ("da", &out, NULL, "flows", f->project, NULL), ==, 0);
  assert_units_aligned (out, "Enhed", units);
  /* Danish thousands separator and decimal comma */
  g_assert_nonnull (strstr (out, "1.250.000"));
  g_assert_nonnull (strstr (out, "75,5"));
  g_assert_nonnull (strstr (out, "Østergaard Mejeri A/S"));
}

static void
test_flows_swedish (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;
  const char *units[] = { "MWh/år", "m³/år", "t/år", NULL };

  g_assert_cmpint (sm_test_run_cli ("sv", &out, NULL, "flows", f->project, NULL), ==, 0);
  assert_units_aligned (out, "Enhet", units);
  g_assert_nonnull (strstr (out, "75,5"));
}

static void
test_sites_aligned (Fixture       *f,
                    gconstpointer  data)
{
  const char *languages[] = { "C", "da", "sv" };

  for (guint l = 0; l < G_N_ELEMENTS (languages); l++)
    {
      g_autofree char *out = NULL;
      g_auto(GStrv) lines = NULL;
      guint latitude_end = 0;

      g_assert_cmpint (sm_test_run_cli (languages[l], &out, NULL, "sites", f->project, NULL),
                       ==, 0);
      lines = g_strsplit (out, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 6);
      /* The longitude, the last column, ends at the same column on every line */
      latitude_end = sm_text_display_width (lines[0]);
      for (guint i = 1; i < 5; i++)
        g_assert_cmpuint (sm_text_display_width (lines[i]), ==, latitude_end);
    }
}

static void
test_info_swedish (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *json_sv = NULL;
  g_autofree char *json_c = NULL;

  g_assert_cmpint (sm_test_run_cli ("sv", &out, NULL, "info", f->project, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Anläggningar:"));
  g_assert_nonnull (strstr (out, "Utsträckning:"));
  /* counts through ngettext: one import of four rows each way */
  g_assert_nonnull (strstr (out, "4 rader lästa, 4 importerade, 0 avvisade"));
  /* JSON never changes with the language */
  g_assert_cmpint (sm_test_run_cli ("sv", &json_sv, NULL, "flows", f->project, "--json", NULL),
                   ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", &json_c, NULL, "flows", f->project, "--json", NULL),
                   ==, 0);
  g_assert_cmpstr (json_sv, ==, json_c);
}

/* A site is named by its number, its key or its name without case,
 * accents and legal form; an ambiguous name lists the candidates */
static void
test_site_by_name (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *by_name = NULL;
  g_autofree char *by_id = NULL;
  g_autofree char *err = NULL;
  g_autofree char *none = NULL;

  g_assert_cmpint (sm_test_run_cli ("C", &by_id, NULL, "flows", f->project, "--site", "1", "--json",
                                    NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", &by_name, NULL, "flows", f->project, "--site",
                                    "OSTERGAARD MEJERI", "--json", NULL), ==, 0);
  g_assert_cmpstr (by_name, ==, by_id);
  g_clear_pointer (&by_name, g_free);
  g_assert_cmpint (sm_test_run_cli ("C", &by_name, NULL, "flows", f->project, "--site",
                                    "aero fjernvarme", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (by_name, "\"site_id\" : 2"));
  /* "a" is in every name */
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "flows", f->project, "--site", "a", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "more than one site"));
  g_assert_nonnull (strstr (err, "Malmö Återvinning AB (3)"));
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &none, "flows", f->project, "--site", "Odense",
                                    NULL), ==, 1);
  g_assert_nonnull (strstr (none, "no site"));
}

/* An import that reads rows and imports none failed (exit 1); counts
 * take their own plural forms */
static void
test_import_nothing (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *bad = g_build_filename (f->dir, "bad.csv", NULL);
  g_autofree char *one = g_build_filename (f->dir, "one.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *sv = NULL;

  g_assert_true (g_file_set_contents (bad, "navn,lat,lon\nA,999,10\nB,56,abc\n", -1, NULL));
  g_assert_cmpint (sm_test_run_cli ("C", &out, &err, "import", f->project, bad, "--kind", "sites",
                                    NULL), ==, 1);
  g_assert_nonnull (strstr (out, "2 rows read, 0 imported, 2 rejected"));
  g_assert_nonnull (strstr (err, "No row of “bad.csv” could be imported"));
  g_assert_true (g_file_set_contents (one, "navn,lat,lon\nEnkelt Fabrik,56.5,10.1\n", -1, NULL));
  g_assert_cmpint (sm_test_run_cli ("sv", &sv, NULL, "import", f->project, one, "--kind", "sites",
                                    NULL), ==, 0);
  g_assert_nonnull (strstr (sv, "1 rad läst, 1 importerad, 0 avvisade"));
}

/* The usage line names the command once, before its options */
static void
test_usage_names_command_once (void)
{
  const char *commands[] = { "init", "info", "sites", "flows", "match", "route", "export",
                             "import" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *twice = g_strdup_printf ("%s [OPTION…] %s", commands[i], commands[i]);
      g_autofree char *once = g_strdup_printf ("symbiomap-cli %s [OPTION…] ", commands[i]);

      g_assert_cmpint (sm_test_run_cli ("C", &out, NULL, commands[i], "--help", NULL), ==, 0);
      g_assert_null (strstr (out, twice));
      g_assert_nonnull (strstr (out, once));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-text/flows/english", test_flows_english);
  ADD ("/cli-text/flows/danish", test_flows_danish);
  ADD ("/cli-text/flows/swedish", test_flows_swedish);
  ADD ("/cli-text/sites/aligned", test_sites_aligned);
  ADD ("/cli-text/info/swedish", test_info_swedish);
  ADD ("/cli-text/site-by-name", test_site_by_name);
  ADD ("/cli-text/import-nothing", test_import_nothing);
#undef ADD
  g_test_add_func ("/cli-text/usage", test_usage_names_command_once);
  return g_test_run ();
}
