/* test-cli-text.c: the command line's text output, for people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tables line up by display width with Danish and Swedish names, and
 * numbers and units follow the user's locale; JSON does not change.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sm-project.h"
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

/* Sites within a few km of Østergaard Mejeri (site 1, a heat supply)
 * that need heat: one warm enough, one only through a heat pump, one
 * with a name longer than the column; and a second flow at site 1 */
static void
add_neighbours (Fixture *f)
{
  g_autofree char *sites = g_build_filename (f->dir, "near.csv", NULL);
  g_autofree char *flows = g_build_filename (f->dir, "near-flows.csv", NULL);

  g_assert_true (g_file_set_contents (sites,
    "id,navn,lat,lon\n"
    "5,Ålborg Fjernvarme,56.955,9.812\n"
    "6,Søby Værft,56.962,9.790\n"
    "7,Smørrebrødsfabrikken Østjylland og Omegn Andelsselskab,56.943,9.815\n", -1, NULL));
  g_assert_true (g_file_set_contents (flows,
    "id,retning,ressource,mængde,enhed,temperatur\n"
    "5,behov,varme,42000,MWh/år,70\n"
    "6,behov,varme,9000,MWh/år,90\n"
    "7,behov,varme,1500,MWh/år,40\n"
    "1,behov,vand,900,m3/år,\n", -1, NULL));
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "import", f->project, sites, "--kind",
                                    "sites", NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "import", f->project, flows, "--kind",
                                    "flows", NULL), ==, 0);
}

static JsonNode *
run_json (const char *first,
          ...)
{
  g_autofree char *out = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  const char *args[12] = { NULL };
  va_list ap;
  guint n = 0;

  va_start (ap, first);
  for (const char *a = first; a != NULL && n < G_N_ELEMENTS (args) - 2; a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);
  args[n] = "--json";
  g_assert_cmpint (sm_test_run_cli ("C", &out, NULL, args[0], args[1], args[2], args[3], args[4],
                                    args[5], args[6], args[7], args[8], args[9], args[10], NULL),
                   ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* A number as Danish and Swedish write it with one decimal, no grouping
 * (below 1000) */
static char *
nordic (double value,
        int    decimals)
{
  char *text = g_strdup_printf ("%.*f", decimals, value);

  g_strdelimit (text, ".", ',');
  return text;
}

/* The line of @lines that contains @needle */
static const char *
line_with (char      **lines,
           const char *needle)
{
  for (guint i = 0; lines[i]; i++)
    if (strstr (lines[i], needle))
      return lines[i];
  g_assert_not_reached ();
  return NULL;
}

/* Each row's cell in an end-aligned column ending in @unit ends where the
 * heading @title ends */
static void
assert_column_end (char      **lines,
                   guint       header,
                   const char *title,
                   const char *unit,
                   guint       min_rows)
{
  guint end = column_of (lines[header], title) + sm_text_display_width (title);
  guint rows = 0;

  for (guint i = header + 1; lines[i] && *lines[i]; i++)
    {
      g_assert_cmpuint (column_of (lines[i], unit) + sm_text_display_width (unit), ==, end);
      rows++;
    }
  g_assert_cmpuint (rows, >=, min_rows);
}

/* match: a whole sentence, then a table whose columns line up whatever
 * the names, in the locale's numbers */
static void
test_match_text (Fixture       *f,
                 gconstpointer  data)
{
  const struct { const char *lang, *title, *unit, *within, *sentence; } cases[] = {
    { "C", "Matched", "MWh/yr", "within", "has excess heat" },
    { "da", "Matchet", "MWh/år", "inden for", "har overskudsvarme" },
    { "sv", "Matchat", "MWh/år", "inom", "har överskottsvärme" },
  };
  g_autoptr (JsonNode) root = NULL;
  JsonArray *matches;
  double cop = NAN;

  add_neighbours (f);
  root = run_json ("match", f->project, "--flow", "1", NULL);
  matches = json_object_get_array_member (json_node_get_object (root), "matches");
  g_assert_cmpuint (json_array_get_length (matches), ==, 3);
  for (guint i = 0; i < json_array_get_length (matches); i++)
    {
      JsonObject *m = json_array_get_object_element (matches, i);

      if (json_object_get_boolean_member (m, "heat_pump"))
        cop = json_object_get_double_member (m, "cop");
    }
  g_assert_false (isnan (cop));

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *out = NULL;
      g_auto (GStrv) lines = NULL;
      g_autofree char *radius = NULL;
      g_autofree char *cop_text = NULL;
      g_autofree char *cop_number = c == 0 ? g_strdup_printf ("%.1f", cop) : nordic (cop, 1);

      g_assert_cmpint (sm_test_run_cli (cases[c].lang, &out, NULL, "match", f->project, "--flow",
                                        "1", NULL), ==, 0);
      lines = g_strsplit (out, "\n", -1);
      /* the sentence, a blank line, the table */
      g_assert_nonnull (strstr (lines[0], cases[c].sentence));
      radius = g_strdup_printf ("%s %s km", cases[c].within, c == 0 ? "10.0" : "10,0");
      g_assert_nonnull (strstr (lines[0], radius));
      g_assert_cmpstr (lines[1], ==, "");
      assert_column_end (lines, 2, cases[c].title, cases[c].unit, 3);
      /* the long name cut at a word with "…", the columns after it in place */
      g_assert_nonnull (strstr (line_with (lines, "Smørrebrødsfabrikken"), "…"));
      g_assert_null (strstr (out, "Andelsselskab"));
      cop_text = g_strdup_printf ("COP %s", cop_number);
      g_assert_nonnull (strstr (out, cop_text));
      if (c > 0)
        /* grouped as the locale groups: 1.250.000 or 1 250 000 */
        g_assert_null (strstr (lines[0], "1250000"));
    }
}

/* --flow takes a site's name when the site has one flow of the kind
 * asked; a site with several lists them */
static void
test_match_flow_by_site (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (JsonNode) by_id = NULL;
  g_autoptr (JsonNode) by_name = NULL;
  g_autoptr (JsonNode) narrowed = NULL;
  g_autoptr (JsonNode) by_site = NULL;
  g_autofree char *err = NULL;
  g_autofree char *usage = NULL;
  JsonObject *flow;
  gint64 water_id;

  add_neighbours (f);
  by_id = run_json ("match", f->project, "--flow", "2", NULL);
  by_name = run_json ("match", f->project, "--flow", "aero fjernvarme", NULL);
  g_assert_true (json_node_equal (by_id, by_name));

  /* Østergaard Mejeri has a heat supply and a water demand */
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "match", f->project, "--flow",
                                    "Østergaard Mejeri", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "has 2 flows"));
  g_assert_nonnull (strstr (err, "1: Supply, Heat"));
  g_assert_nonnull (strstr (err, "Demand, Water"));
  narrowed = run_json ("match", f->project, "--flow", "ostergaard mejeri", "--direction",
                       "demand", NULL);
  flow = json_object_get_object_member (json_node_get_object (narrowed), "flow");
  g_assert_cmpstr (json_object_get_string_member (flow, "resource"), ==, "water");
  water_id = json_object_get_int_member (flow, "flow_id");
  g_assert_cmpint (water_id, !=, 1);
  by_site = run_json ("match", f->project, "--site", "1", "--resource", "heat", NULL);
  flow = json_object_get_object_member (json_node_get_object (by_site), "flow");
  g_assert_cmpint (json_object_get_int_member (flow, "flow_id"), ==, 1);
  /* a number is a flow's number, as before */
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "match", f->project, "--flow", "99", NULL),
                   ==, 1);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &usage, "match", f->project, "--site", "1",
                                    "--direction", "sideways", NULL), ==, 2);
  g_assert_nonnull (strstr (usage, "sideways"));
}

/* route: the distances in Danish numbers, the values in one column */
static void
test_route_danish (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;
  g_autofree char *km = NULL;
  g_autofree char *straight = NULL;
  double route_m;

  add_neighbours (f);
  root = run_json ("route", f->project, "--from-site", "1", "--to-site", "Søby Værft", NULL);
  route_m = json_object_get_double_member (json_node_get_object (root), "route_m");
  g_assert_cmpfloat (route_m, >, 1000);
  g_assert_cmpint (sm_test_run_cli ("da", &out, NULL, "route", f->project, "--from-site",
                                    "ostergaard mejeri", "--to-site", "6", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  km = nordic (route_m / 1000, 1);
  straight = g_strdup_printf ("%s km", km);
  g_assert_nonnull (strstr (line_with (lines, "Ledningsrute:"), straight));
  g_assert_nonnull (strstr (line_with (lines, "Til:"), "Søby Værft"));
  g_assert_cmpuint (column_of (line_with (lines, "Til:"), "Søby"), ==,
                    column_of (line_with (lines, "Ledningsrute:"), km));
}

/* Road lines from Østergaard Mejeri (site 1) round to Ålborg Fjernvarme
 * (site 5), and a rail line straight between them: a heat pipe follows
 * roads (route.kinds.heat), so only `route --kinds road,…` takes the
 * matcher's way; `route` without --kinds takes the rail */
static void
add_network (Fixture *f)
{
  g_autofree char *network = g_build_filename (f->dir, "net.geojson", NULL);

  g_assert_true (g_file_set_contents (network,
    "{\"type\": \"FeatureCollection\", \"features\": [\n"
    "{\"type\": \"Feature\", \"properties\": {\"kind\": \"road\"}, \"geometry\": {\"type\": "
    "\"LineString\", \"coordinates\": [[9.800, 56.950], [9.800, 56.945], [9.812, 56.945], "
    "[9.812, 56.955]]}},\n"
    "{\"type\": \"Feature\", \"properties\": {\"kind\": \"rail\"}, \"geometry\": {\"type\": "
    "\"LineString\", \"coordinates\": [[9.800, 56.950], [9.812, 56.955]]}}\n"
    "]}\n", -1, NULL));
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "import", f->project, network, "--kind",
                                    "network", NULL), ==, 0);
}

#define HEAT_KINDS "road,pipe-corridor,existing-pipe,quay"

/* The match of @flow_id in `match --json`'s answer @root */
static JsonObject *
match_of (JsonNode *root,
          gint64    flow_id)
{
  JsonArray *matches = json_object_get_array_member (json_node_get_object (root), "matches");

  for (guint i = 0; i < json_array_get_length (matches); i++)
    {
      JsonObject *m = json_array_get_object_element (matches, i);

      if (json_object_get_int_member (m, "flow_id") == flow_id)
        return m;
    }
  g_assert_not_reached ();
  return NULL;
}

/* The pair of @supply and @demand in `route --json`'s answer @root */
static JsonObject *
pair_of (JsonNode *root,
         gint64    supply,
         gint64    demand)
{
  JsonArray *pairs = json_object_get_array_member (json_node_get_object (root), "pairs");

  for (guint i = 0; i < json_array_get_length (pairs); i++)
    {
      JsonObject *p = json_array_get_object_element (pairs, i);

      if (json_object_get_int_member (p, "supply_flow_id") == supply
          && json_object_get_int_member (p, "demand_flow_id") == demand)
        return p;
    }
  g_assert_not_reached ();
  return NULL;
}

/* The flow id of the one demand flow of @resource at @site */
static gint64
demand_flow_of (Fixture    *f,
                const char *site,
                const char *resource)
{
  g_autoptr (JsonNode) root = run_json ("flows", f->project, "--site", site, NULL);
  JsonArray *flows = json_object_get_array_member (json_node_get_object (root), "flows");

  for (guint i = 0; i < json_array_get_length (flows); i++)
    {
      JsonObject *o = json_array_get_object_element (flows, i);

      if (g_str_equal (json_object_get_string_member (o, "direction"), "demand")
          && g_str_equal (json_object_get_string_member (o, "resource"), resource))
        return json_object_get_int_member (o, "flow_id");
    }
  g_assert_not_reached ();
  return 0;
}

/* The figures of a pair are those `match` gives it, for the same route */
static void
assert_same_economics (JsonObject *match,
                       JsonObject *pair)
{
  const char *keys[] = { "matched_amount", "investment_eur", "annual_cost_eur_yr", "lcoh_eur_mwh",
                         "capacity_mw", "co2_avoided_t_yr", "cost_eur" };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    g_assert_cmpfloat (json_object_get_double_member (pair, keys[k]), ==,
                       json_object_get_double_member (match, keys[k]));
  g_assert_true (json_object_get_null_member (pair, "payback_yr")
                 == json_object_get_null_member (match, "payback_yr"));
  if (!json_object_get_null_member (pair, "payback_yr"))
    g_assert_cmpfloat (json_object_get_double_member (pair, "payback_yr"), ==,
                       json_object_get_double_member (match, "payback_yr"));
  g_assert_true (json_object_get_boolean_member (pair, "heat_pump")
                 == json_object_get_boolean_member (match, "heat_pump"));
}

/* route: each pair's investment and levelised cost, the same as `match`
 * gives it along the same lines; the route's own length prices it */
static void
test_route_pairs_as_match (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (JsonNode) match = NULL;
  g_autoptr (JsonNode) along_roads = NULL;
  g_autoptr (JsonNode) along_rail = NULL;
  g_autoptr (JsonNode) heat_pump = NULL;
  g_autoptr (JsonNode) water_match = NULL;
  g_autoptr (JsonNode) water_route = NULL;
  g_autofree char *out = NULL;
  g_autofree char *investment = NULL;
  g_autofree char *lcoh = NULL;
  g_auto (GStrv) lines = NULL;
  JsonObject *m, *p, *rail;
  const char *row;
  gint64 water_demand;

  add_neighbours (f);
  add_network (f);
  match = run_json ("match", f->project, "--flow", "1", NULL);
  m = match_of (match, 5);
  g_assert_cmpstr (json_object_get_string_member (m, "route_method"), ==, "network");

  along_roads = run_json ("route", f->project, "--from-site", "1", "--to-site", "5", "--kinds",
                          HEAT_KINDS, NULL);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (along_roads), "route_m"),
                     ==, json_object_get_double_member (m, "route_m"));
  p = pair_of (along_roads, 1, 5);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (along_roads), "pairs")), ==, 1);
  assert_same_economics (m, p);
  g_assert_cmpfloat (json_object_get_double_member (p, "investment_eur"), >, 0);

  /* the text shows the same figures, as `match` writes them */
  g_assert_cmpint (sm_test_run_cli ("C", &out, NULL, "route", f->project, "--from-site", "1",
                                    "--to-site", "5", "--kinds", HEAT_KINDS, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_nonnull (strstr (out, "1 pair of a supply and a demand can use this route:"));
  investment = g_strdup_printf ("%.0f", json_object_get_double_member (m, "investment_eur"));
  lcoh = g_strdup_printf ("%.1f €/MWh", json_object_get_double_member (m, "lcoh_eur_mwh"));
  row = line_with (lines, "42000 MWh/yr");
  g_assert_nonnull (strstr (row, investment));
  g_assert_nonnull (strstr (row, lcoh));
  g_assert_nonnull (strstr (lines[0], "From:"));
  assert_column_end (lines, g_strv_length (lines) - 3, "Investment €", investment, 1);

  /* without --kinds the pipe may take the rail: shorter, cheaper */
  along_rail = run_json ("route", f->project, "--from-site", "1", "--to-site", "5", NULL);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (along_rail), "route_m"),
                     <, json_object_get_double_member (m, "route_m"));
  rail = pair_of (along_rail, 1, 5);
  g_assert_cmpfloat (json_object_get_double_member (rail, "investment_eur"), <,
                     json_object_get_double_member (m, "investment_eur"));

  /* Søby Værft needs 90 °C: through a heat pump, as `match` finds */
  heat_pump = run_json ("route", f->project, "--from-site", "1", "--to-site", "6", "--kinds",
                        HEAT_KINDS, NULL);
  p = pair_of (heat_pump, 1, 6);
  g_assert_true (json_object_get_boolean_member (p, "heat_pump"));
  assert_same_economics (match_of (match, 6), p);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sm_test_run_cli ("C", &out, NULL, "route", f->project, "--from-site", "1",
                                    "--to-site", "6", "--kinds", HEAT_KINDS, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "through a heat pump, COP "));

  /* water: the levelised cost per m³, as `match` gives it */
  water_demand = demand_flow_of (f, "1", "water");
  water_match = run_json ("match", f->project, "--flow", "3", "--radius-km", "400", NULL);
  water_route = run_json ("route", f->project, "--from-site", "3", "--to-site", "1", "--kinds",
                          "road", NULL);
  assert_same_economics (match_of (water_match, water_demand), pair_of (water_route, 3, water_demand));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sm_test_run_cli ("C", &out, NULL, "route", f->project, "--from-site", "3",
                                    "--to-site", "1", "--kinds", "road", NULL), ==, 0);
  g_assert_nonnull (strstr (out, " €/m³"));
}

/* route: two sites with nothing to exchange say so in one sentence;
 * --flow keeps to one supply of the first site */
static void
test_route_nothing_compatible (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonNode) one = NULL;
  g_autofree char *out = NULL;
  g_autofree char *da = NULL;
  g_autofree char *err = NULL;

  add_neighbours (f);
  /* Ålborg Fjernvarme has only a demand */
  g_assert_cmpint (sm_test_run_cli ("C", &out, NULL, "route", f->project, "--from-site", "5",
                                    "--to-site", "1", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\nNo supply of Ålborg Fjernvarme can serve a demand of "
                                 "Østergaard Mejeri A/S.\n"));
  g_assert_null (strstr (out, "Investment"));
  g_assert_cmpint (sm_test_run_cli ("da", &da, NULL, "route", f->project, "--from-site", "5",
                                    "--to-site", "1", NULL), ==, 0);
  g_assert_nonnull (strstr (da, "Intet overskud hos Ålborg Fjernvarme kan dække et behov hos "
                                "Østergaard Mejeri A/S."));
  root = run_json ("route", f->project, "--from-site", "5", "--to-site", "1", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root),
                                                                         "pairs")), ==, 0);
  /* the old keys stay */
  g_assert_true (json_object_has_member (json_node_get_object (root), "route_m"));
  g_assert_true (json_object_has_member (json_node_get_object (root), "coordinates"));

  one = run_json ("route", f->project, "--from-site", "1", "--to-site", "5", "--flow", "1", NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (one),
                                                                         "pairs")), ==, 1);
  /* flow 2 is Ærø Fjernvarme's demand, not a supply of site 1 */
  g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "route", f->project, "--from-site", "1",
                                    "--to-site", "5", "--flow", "2", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Flow 2 is not a supply of Østergaard Mejeri A/S"));
}

/* Thousands grouped with a dot, as Danish writes them */
static char *
danish_grouped (double value)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", value);
  GString *text = g_string_new (NULL);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (text, '.');
      g_string_append_c (text, digits[i]);
    }
  return g_string_free (text, FALSE);
}

/* route in Danish: the pairs' headings, numbers and units as Danish
 * writes them, the columns in line */
static void
test_route_pairs_danish (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *out = NULL;
  g_autofree char *investment = NULL;
  g_autofree char *lcoh_number = NULL;
  g_autofree char *lcoh = NULL;
  g_auto (GStrv) lines = NULL;
  JsonObject *p;
  const char *row;

  add_neighbours (f);
  root = run_json ("route", f->project, "--from-site", "1", "--to-site", "5", NULL);
  p = pair_of (root, 1, 5);
  g_assert_cmpfloat (json_object_get_double_member (p, "investment_eur"), >=, 1000);
  g_assert_cmpint (sm_test_run_cli ("da", &out, NULL, "route", f->project, "--from-site", "1",
                                    "--to-site", "5", NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_nonnull (strstr (out, "1 par af et overskud og et behov kan bruge denne ledningsrute:"));
  investment = danish_grouped (json_object_get_double_member (p, "investment_eur"));
  lcoh_number = nordic (json_object_get_double_member (p, "lcoh_eur_mwh"), 1);
  lcoh = g_strdup_printf ("%s €/MWh", lcoh_number);
  row = line_with (lines, "42.000 MWh/år");
  g_assert_nonnull (strstr (row, investment));
  g_assert_nonnull (strstr (row, lcoh));
  g_assert_nonnull (strstr (row, "Varme"));
  assert_column_end (lines, g_strv_length (lines) - 3, "Investering €", investment, 1);
  assert_column_end (lines, g_strv_length (lines) - 3, "Niveauiseret pris", "€/MWh", 1);
}

/* portfolio: the table and the totals line up in Swedish and Danish */
static void
test_portfolio_aligned (Fixture       *f,
                        gconstpointer  data)
{
  const struct { const char *lang, *title, *unit; } cases[] = {
    { "da", "Fordelt", "MWh/år" },
    { "sv", "Fördelat", "MWh/år" },
  };

  add_neighbours (f);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *out = NULL;
      g_auto (GStrv) lines = NULL;
      guint totals = 0, value_column = 0;

      g_assert_cmpint (sm_test_run_cli (cases[c].lang, &out, NULL, "portfolio", f->project, NULL),
                       ==, 0);
      lines = g_strsplit (out, "\n", -1);
      assert_column_end (lines, 0, cases[c].title, cases[c].unit, 2);
      /* the totals after the blank line: every value starts in one column */
      for (guint i = 1; lines[i]; i++)
        if (*lines[i] == '\0' && totals == 0)
          totals = i + 1;
      g_assert_cmpuint (totals, >, 0);
      for (guint i = totals; lines[i] && *lines[i]; i++)
        {
          const char *colon = strstr (lines[i], ":  ");
          const char *value = colon;
          g_autofree char *before = NULL;

          g_assert_nonnull (colon);
          while (*++value == ' ')
            ;
          before = g_strndup (lines[i], value - lines[i]);
          if (value_column == 0)
            value_column = sm_text_display_width (before);
          g_assert_cmpuint (sm_text_display_width (before), ==, value_column);
        }
      g_assert_cmpuint (value_column, >, 0);
    }
}

/* export --json says what was written */
static void
test_export_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *gpkg = g_build_filename (f->dir, "out.gpkg", NULL);
  g_autoptr (JsonNode) root = NULL;
  JsonObject *layers;

  root = run_json ("export", f->project, gpkg, "--layers", "sites,flows", NULL);
  g_assert_true (g_file_test (gpkg, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "file"), ==, gpkg);
  layers = json_object_get_object_member (json_node_get_object (root), "layers");
  g_assert_cmpint (json_object_get_int_member (layers, "sites"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (layers, "flows"), ==, 4);
  g_assert_false (json_object_has_member (layers, "synergies"));
}

/* exchanges: a table whose columns line up whatever the names, amounts
 * in the locale, the notes below it */
static void
test_exchanges_aligned (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto (GStrv) lines = NULL;

  add_neighbours (f);
  {
    g_autoptr (SmProject) project = sm_project_open (f->project, &error);

    g_assert_no_error (error);
    /* flows 1 (the supply) and 5, 6 (demands at Ålborg Fjernvarme, Søby Værft) */
    sm_project_insert_exchange (project, 1, 5, SM_STATUS_NEGOTIATING, "Mødtes 3. maj.\nVil have 70 °C",
                                &error);
    g_assert_no_error (error);
    sm_project_insert_exchange (project, 1, 6, SM_STATUS_IDEA, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (sm_test_run_cli ("da", &out, NULL, "exchanges", f->project, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  /* the amount column ends under its heading; the supply column starts
   * under its heading on every row */
  assert_column_end (lines, 0, "Mængde", "MWh/år", 2);
  for (guint i = 1; i <= 2; i++)
    g_assert_cmpuint (column_of (lines[i], "Østergaard"), ==, column_of (lines[0], "Overskud"));
  g_assert_nonnull (strstr (out, "42.000 MWh/år"));
  g_assert_nonnull (strstr (out, "Mødtes 3. maj."));
  g_assert_nonnull (strstr (out, "      Vil have 70 °C"));
}

/* A command that does not take a database address yet, given one, says
 * what works instead of looking for a file of that name */
static void
test_database_address (void)
{
  /* every command takes an address: one it cannot reach is a connect
   * error that says what to check, never "no such file" */
  const char *commands[][4] = { { "site", "history", NULL, "1" }, { "flow", "delete", NULL, "1" } };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *err_da = NULL;

      g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, commands[i][0], commands[i][1],
                                        "postgresql:///sm?host=/nonexistent", commands[i][3],
                                        NULL), !=, 0);
      g_assert_nonnull (strstr (err, "Could not connect to the shared database"));
      g_assert_nonnull (strstr (err, "Check the host"));
      g_assert_cmpint (sm_test_run_cli ("da", NULL, &err_da, commands[i][0], commands[i][1],
                                        "postgresql:///sm?host=/nonexistent", commands[i][3],
                                        NULL), !=, 0);
      g_assert_nonnull (strstr (err_da, "fælles database"));
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
  ADD ("/cli-text/match/text", test_match_text);
  ADD ("/cli-text/match/flow-by-site", test_match_flow_by_site);
  ADD ("/cli-text/route/danish", test_route_danish);
  ADD ("/cli-text/route/pairs-as-match", test_route_pairs_as_match);
  ADD ("/cli-text/route/nothing-compatible", test_route_nothing_compatible);
  ADD ("/cli-text/route/pairs-danish", test_route_pairs_danish);
  ADD ("/cli-text/portfolio/aligned", test_portfolio_aligned);
  ADD ("/cli-text/export/json", test_export_json);
  ADD ("/cli-text/exchanges/aligned", test_exchanges_aligned);
#undef ADD
  g_test_add_func ("/cli-text/usage", test_usage_names_command_once);
  g_test_add_func ("/cli-text/database-address", test_database_address);
  return g_test_run ();
}
