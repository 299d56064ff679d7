/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sm-test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_clear (CliResult *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

/* Runs the real symbiomap-cli, as a script would, under @language
 * ("C" for English). */
static void
run_cli (CliResult   *result,
         const char  *language,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SYMBIOMAP_CLI");
  const char *arg;
  int wait_status = 0;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
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

  g_spawn_sync (NULL, (char **) args->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &result->out,
                &result->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

static int
count_lines (const char *text)
{
  int n = 0;

  for (const char *p = text; *p; p++)
    if (*p == '\n')
      n++;
  return n;
}

static void
test_init_and_info (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliResult) init = { 0 };
  g_auto(CliResult) info = { 0 };
  g_auto(CliResult) again = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonObject *obj, *flows, *heat;

  run_cli (&init, "C", "init", path, NULL);
  g_assert_cmpint (init.status, ==, 0);
  g_assert_cmpstr (init.out, ==, "");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  run_cli (&info, "C", "info", path, "--json", NULL);
  g_assert_cmpint (info.status, ==, 0);
  obj = parse_object (parser, info.out);
  g_assert_cmpint (json_object_get_int_member (obj, "sites"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj, "schema_version"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (obj, "exchanges"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (obj, "network_edges"), ==, 0);
  g_assert_true (json_object_get_null_member (obj, "extent"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "imports")), ==, 0);
  flows = json_object_get_object_member (obj, "flows");
  g_assert_cmpint (json_object_get_int_member (flows, "total"), ==, 0);
  heat = json_object_get_object_member (json_object_get_object_member (flows, "by_resource"),
                                        "heat");
  g_assert_true (json_object_has_member (heat, "supply"));
  g_assert_true (json_object_has_member (heat, "demand"));

  /* init on an existing file: exit 1, one line, the file untouched */
  before = sm_test_file_checksum (path);
  run_cli (&again, "C", "init", path, NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_cmpint (count_lines (again.err), ==, 1);
  g_assert_nonnull (strstr (again.err, "already exists"));
  after = sm_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  sm_test_rm_rf (dir);
}

static void
test_not_a_project (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "flows.csv", NULL);
  g_auto(CliResult) info = { 0 };
  g_auto(CliResult) missing = { 0 };
  g_autofree char *missing_path = g_build_filename (dir, "missing.sqlite", NULL);

  g_assert_true (g_file_set_contents (path, "lokalitet;retning\nAAL-01;overskud\n", -1, NULL));
  run_cli (&info, "C", "info", path, "--json", NULL);
  g_assert_cmpint (info.status, ==, 1);
  g_assert_cmpstr (info.out, ==, "");
  g_assert_cmpint (count_lines (info.err), ==, 1);
  g_assert_nonnull (strstr (info.err, "flows.csv"));
  g_assert_nonnull (strstr (info.err, "not a Symbiomap project"));

  run_cli (&missing, "C", "sites", missing_path, NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_false (g_file_test (missing_path, G_FILE_TEST_EXISTS));
  sm_test_rm_rf (dir);
}

static void
test_usage_errors (void)
{
  g_auto(CliResult) none = { 0 };
  g_auto(CliResult) unknown = { 0 };
  g_auto(CliResult) no_project = { 0 };
  g_auto(CliResult) bad_option = { 0 };
  g_auto(CliResult) extra = { 0 };

  run_cli (&none, "C", NULL, NULL);
  g_assert_cmpint (none.status, ==, 2);
  run_cli (&unknown, "C", "frobnicate", "p.sqlite", NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "frobnicate"));
  run_cli (&no_project, "C", "info", NULL);
  g_assert_cmpint (no_project.status, ==, 2);
  run_cli (&bad_option, "C", "info", "p.sqlite", "--colour", NULL);
  g_assert_cmpint (bad_option.status, ==, 2);
  run_cli (&extra, "C", "sites", "a.sqlite", "b.sqlite", NULL);
  g_assert_cmpint (extra.status, ==, 2);
}

static void
test_help_and_version (void)
{
  g_auto(CliResult) help = { 0 };
  g_auto(CliResult) version = { 0 };
  g_auto(CliResult) command_help = { 0 };

  run_cli (&help, "C", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  for (const char *const *c = (const char *[]){ "init", "info", "sites", "flows", NULL }; *c; c++)
    g_assert_nonnull (strstr (help.out, *c));

  run_cli (&version, "C", "--version", NULL);
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out, "symbiomap-cli " PACKAGE_VERSION));

  run_cli (&command_help, "C", "flows", "--help", NULL);
  g_assert_cmpint (command_help.status, ==, 0);
  g_assert_nonnull (strstr (command_help.out, "--site"));
  g_assert_nonnull (strstr (command_help.out, "--json"));
}

static void
test_translated_help (void)
{
  struct
  {
    const char *language;
    const char *expected;
  } cases[] = {
    { "da", "Opret en tom projektfil" },
    { "sv", "Skapa en tom projektfil" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliResult) help = { 0 };
      g_auto(CliResult) usage = { 0 };

      run_cli (&help, cases[i].language, "--help", NULL);
      g_assert_cmpint (help.status, ==, 0);
      g_assert_nonnull (strstr (help.out, cases[i].expected));
      g_assert_null (strstr (help.out, "Create an empty project file"));

      /* The command's own options are translated too */
      run_cli (&usage, cases[i].language, "info", "--help", NULL);
      g_assert_null (strstr (usage.out, "Print one JSON document"));
    }
}

static void
test_sites_and_flows_json (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliResult) init = { 0 };
  g_auto(CliResult) sites = { 0 };
  g_auto(CliResult) flows = { 0 };
  g_auto(CliResult) unknown_site = { 0 };
  JsonObject *obj;

  run_cli (&init, "C", "init", path, NULL);
  g_assert_cmpint (init.status, ==, 0);

  run_cli (&sites, "C", "sites", path, "--json", NULL);
  g_assert_cmpint (sites.status, ==, 0);
  obj = parse_object (parser, sites.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "sites")), ==, 0);

  run_cli (&flows, "C", "flows", path, "--json", NULL);
  g_assert_cmpint (flows.status, ==, 0);
  obj = parse_object (parser, flows.out);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "flows")), ==, 0);

  run_cli (&unknown_site, "C", "flows", path, "--site", "NOPE-7", NULL);
  g_assert_cmpint (unknown_site.status, ==, 1);
  g_assert_nonnull (strstr (unknown_site.err, "NOPE-7"));
  sm_test_rm_rf (dir);
}

/* import and match as docs/CLI.md says: exit codes, JSON keys, one-line errors */
static void
test_import_and_match (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autofree char *sites = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
  g_autofree char *flows = g_build_filename (SOURCE_SAMPLES_DIR, "flows-da.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(CliResult) init = { 0 };
  g_auto(CliResult) r1 = { 0 };
  g_auto(CliResult) r2 = { 0 };
  g_auto(CliResult) r3 = { 0 };
  g_auto(CliResult) r4 = { 0 };
  g_auto(CliResult) r5 = { 0 };
  g_auto(CliResult) r6 = { 0 };
  g_auto(CliResult) r7 = { 0 };
  g_auto(CliResult) r8 = { 0 };
  JsonObject *obj, *first;
  JsonArray *rejected, *matches;

  run_cli (&init, "C", "init", path, NULL);
  g_assert_cmpint (init.status, ==, 0);

  run_cli (&r1, "C", "import", path, sites, "--kind", "sites", "--json", NULL);
  g_assert_cmpint (r1.status, ==, 0);
  obj = parse_object (parser, r1.out);
  g_assert_cmpstr (json_object_get_string_member (obj, "kind"), ==, "sites");
  g_assert_cmpint (json_object_get_int_member (obj, "rows_read"), ==, 58);
  g_assert_cmpint (json_object_get_int_member (obj, "imported"), ==, 58);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "rejected")), ==, 0);

  /* A bad row: rejected with row, field and reason; the others imported */
  g_assert_true (g_file_set_contents (bad, "lokalitet;retning;ressource;mængde;enhed\n"
                                           "AAL-01;overskud;varme;100;MWh/år\n"
                                           "AAL-01;overskud;plasma;100;MWh/år\n", -1, NULL));
  run_cli (&r2, "C", "import", path, bad, "--kind", "flows", "--json", NULL);
  g_assert_cmpint (r2.status, ==, 0);
  obj = parse_object (parser, r2.out);
  rejected = json_object_get_array_member (obj, "rejected");
  g_assert_cmpuint (json_array_get_length (rejected), ==, 1);
  first = json_array_get_object_element (rejected, 0);
  g_assert_cmpint (json_object_get_int_member (first, "row"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (first, "field"), ==, "resource");
  g_assert_nonnull (strstr (json_object_get_string_member (first, "reason"), "plasma"));

  /* --strict: nothing imported, exit 1 */
  run_cli (&r3, "C", "import", path, bad, "--kind", "flows", "--strict", NULL);
  g_assert_cmpint (r3.status, ==, 1);
  g_assert_cmpint (count_lines (r3.err), ==, 1);

  /* Usage errors: exit 2 */
  run_cli (&r4, "C", "import", path, bad, "--kind", "pipes", NULL);
  g_assert_cmpint (r4.status, ==, 2);
  run_cli (&r5, "C", "import", path, bad, "--kind", "flows", "--map", "colour=x", NULL);
  g_assert_cmpint (r5.status, ==, 2);
  /* A file GDAL cannot read: exit 1, one line */
  run_cli (&r6, "C", "import", path, "/nonexistent.csv", "--kind", "flows", NULL);
  g_assert_cmpint (r6.status, ==, 1);
  g_assert_cmpint (count_lines (r6.err), ==, 1);

  /* match --json with the keys of docs/CLI.md */
  run_cli (&r7, "C", "import", path, flows, "--kind", "flows", NULL);
  g_assert_cmpint (r7.status, ==, 0);
  /* Flow 2 (Portland's heat to Aalborg Forsyning) is used up by its
   * operational exchange: flow 3, the clinker-cooler air, is still free */
  run_cli (&r8, "C", "match", path, "--flow", "3", "--radius-km", "10", "--json", NULL);
  g_assert_cmpint (r8.status, ==, 0);
  obj = parse_object (parser, r8.out);
  g_assert_cmpfloat (json_object_get_double_member (obj, "radius_km"), ==, 10.0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "flow"),
                                                  "direction"), ==, "supply");
  matches = json_object_get_array_member (obj, "matches");
  g_assert_cmpuint (json_array_get_length (matches), >, 3);
  first = json_array_get_object_element (matches, 0);
  for (const char * const *k = (const char * const[]) { "flow_id", "site_id", "site_name", "resource",
                                                       "amount", "unit", "temperature_c",
                                                       "matched_amount", "straight_m", "route_m",
                                                       "route_method", "heat_pump", "cop",
                                                       "internal", "cost_eur", "notes",
                                                       "capacity_mw", "delivered_net", "heat_loss_mwh",
                                                       "investment_eur", "annual_cost_eur_yr",
                                                       "lcoh_eur_mwh", "payback_yr", "co2_avoided_t_yr",
                                                       "transport", "trucks_per_yr",
                                                       "electricity_mwh_yr", NULL };
       *k != NULL; k++)
    g_assert_true (json_object_has_member (first, *k));
  for (guint i = 1; i < json_array_get_length (matches); i++)
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (matches, i - 1), "straight_m"),
                       <=,
                       json_object_get_double_member (json_array_get_object_element (matches, i), "straight_m"));
  {
    g_auto(CliResult) missing = { 0 };
    g_auto(CliResult) unknown = { 0 };

    run_cli (&missing, "C", "match", path, NULL);
    g_assert_cmpint (missing.status, ==, 2);
    run_cli (&unknown, "C", "match", path, "--flow", "99999", NULL);
    g_assert_cmpint (unknown.status, ==, 1);
    g_assert_cmpint (count_lines (unknown.err), ==, 1);
  }
  g_assert_true (json_object_has_member (json_object_get_object_member (obj, "flow"), "available"));

  /* portfolio --json: no flow allocated beyond its amount; --csv written */
  {
    g_auto(CliResult) pf = { 0 };
    g_auto(CliResult) fl = { 0 };
    g_autoptr(JsonParser) p2 = json_parser_new ();
    g_autoptr(JsonParser) p3 = json_parser_new ();
    g_autoptr(GHashTable) used = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
    g_autofree char *csv = g_build_filename (dir, "portfolio.csv", NULL);
    JsonArray *syn, *flow_list;
    JsonObject *totals;

    run_cli (&pf, "C", "portfolio", path, "--json", "--csv", csv, NULL);
    g_assert_cmpint (pf.status, ==, 0);
    g_assert_true (g_file_test (csv, G_FILE_TEST_EXISTS));
    obj = parse_object (p2, pf.out);
    syn = json_object_get_array_member (obj, "synergies");
    totals = json_object_get_object_member (obj, "totals");
    g_assert_true (json_object_has_member (totals, "investment_eur"));
    g_assert_true (json_object_has_member (totals, "co2_avoided_t_yr"));
    for (guint i = 0; i < json_array_get_length (syn); i++)
      {
        JsonObject *a = json_array_get_object_element (syn, i);
        gint64 ids[2] = { json_object_get_int_member (a, "supply_flow_id"),
                          json_object_get_int_member (a, "demand_flow_id") };
        double takes[2] = { json_object_get_double_member (a, "supply_used"),
                            json_object_get_double_member (a, "allocated") };

        for (int side = 0; side < 2; side++)
          {
            double *v = g_hash_table_lookup (used, &ids[side]);
            if (v == NULL)
              {
                v = g_new0 (double, 1);
                g_hash_table_insert (used, g_memdup2 (&ids[side], sizeof (gint64)), v);
              }
            *v += takes[side];
          }
      }
    run_cli (&fl, "C", "flows", path, "--json", NULL);
    g_assert_cmpint (fl.status, ==, 0);
    flow_list = json_object_get_array_member (parse_object (p3, fl.out), "flows");
    for (guint i = 0; i < json_array_get_length (flow_list); i++)
      {
        JsonObject *fo = json_array_get_object_element (flow_list, i);
        gint64 id = json_object_get_int_member (fo, "flow_id");
        double *v = g_hash_table_lookup (used, &id);

        if (v != NULL)
          g_assert_cmpfloat (*v, <=, json_object_get_double_member (fo, "amount") * (1 + 1e-6) + 0.01);
      }
  }
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/init-and-info", test_init_and_info);
  g_test_add_func ("/cli/not-a-project", test_not_a_project);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/help-and-version", test_help_and_version);
  g_test_add_func ("/cli/translated-help", test_translated_help);
  g_test_add_func ("/cli/sites-and-flows-json", test_sites_and_flows_json);
  g_test_add_func ("/cli/import-and-match", test_import_and_match);

  return g_test_run ();
}
