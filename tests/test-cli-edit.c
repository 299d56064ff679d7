/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli site, flow, exchanges and sites --search: the window's
 * editing, Exchanges view and search for scripts.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "sm-project-edit.h"
#include "sm-test-util.h"

/* Runs the CLI; returns its exit status, and its standard output */
static int
run_cli (char       **out,
         const char  *first,
         ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  const char *cli = g_getenv ("SYMBIOMAP_CLI");
  va_list ap;
  int status = -1;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL,
                               out ? G_SPAWN_DEFAULT : G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, out,
                               &err, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : WEXITSTATUS (status);
}

static void
test_site_and_flow (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autofree char *out = NULL;
  g_autofree char *site_id = NULL;
  g_autofree char *flow_id = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (SmSite) site = NULL;
  g_autoptr (SmFlow) flow = NULL;

  g_assert_cmpint (run_cli (NULL, "init", path, NULL), ==, 0);
  g_assert_cmpint (run_cli (&site_id, "site", "add", path, "--name", "Østergaard Mejeri", "--lat",
                            "57,047", "--lon", "10.02", "--key", "OM", NULL), ==, 0);
  g_strstrip (site_id);
  g_assert_cmpint (run_cli (&flow_id, "flow", "add", path, "OM", "--direction", "demand",
                            "--resource", "heat", "--amount", "8 000", "--temperature", "70", NULL),
                   ==, 0);
  g_strstrip (flow_id);
  /* Bad input: a clear message, nothing changed */
  g_assert_cmpint (run_cli (NULL, "flow", "set", path, flow_id, "--amount", "many", NULL), ==, 1);
  g_assert_cmpint (run_cli (NULL, "site", "add", path, "--name", "X", NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, "site", "frobnicate", path, NULL), ==, 2);
  g_assert_cmpint (run_cli (NULL, "site", "set", path, "OM", "--name", "Arla Østergaard", "--sector",
                            "Mejeri", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, "flow", "set", path, flow_id, "--amount", "9500", NULL), ==, 0);

  project = sm_project_open (path, NULL);
  site = sm_project_get_site (project, g_ascii_strtoll (site_id, NULL, 10), NULL);
  g_assert_cmpstr (site->name, ==, "Arla Østergaard");
  g_assert_cmpstr (site->sector, ==, "Mejeri");
  g_assert_cmpfloat_with_epsilon (site->lat, 57.047, 1e-9);
  flow = sm_project_get_flow (project, g_ascii_strtoll (flow_id, NULL, 10), NULL);
  g_assert_cmpfloat (flow->amount, ==, 9500);
  g_assert_cmpfloat (flow->temperature_c, ==, 70);
  g_clear_object (&project);

  /* The window's search, folded */
  g_assert_cmpint (run_cli (&out, "sites", path, "--search", "OSTER", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Arla Østergaard"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (&out, "sites", path, "--search", "mejeri", NULL), ==, 0);
  g_assert_null (strstr (out, "Arla"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (NULL, "flow", "delete", path, flow_id, NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, "site", "delete", path, "OM", NULL), ==, 0);
  project = sm_project_open (path, NULL);
  g_assert_null (sm_project_get_site (project, g_ascii_strtoll (site_id, NULL, 10), NULL));
  sm_test_rm_rf (dir);
}

static void
test_exchanges (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "x.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  g_autoptr (JsonParser) parser = json_parser_new ();
  SmSite a = { .name = (char *) "Aalborg Portland", .lat = 57.043, .lon = 9.99 };
  SmSite b = { .name = (char *) "Ærø, Gartneri", .lat = 57.038, .lon = 10.04 };
  SmFlow supply = { .direction = SM_DIRECTION_SUPPLY, .resource = SM_RESOURCE_HEAT, .amount = 1000,
                    .temperature_c = NAN, .hours_per_year = NAN };
  SmFlow demand = supply;
  JsonArray *list;

  demand.direction = SM_DIRECTION_DEMAND;
  demand.amount = 400;
  supply.site_id = sm_project_add_site (project, &a, &error);
  demand.site_id = sm_project_add_site (project, &b, &error);
  sm_project_insert_exchange (project, sm_project_add_flow (project, &supply, &error),
                              sm_project_add_flow (project, &demand, &error), SM_STATUS_NEGOTIATING,
                              "Met on 3 May.\nThey want \"hot\" water, 70 °C", &error);
  g_assert_no_error (error);
  g_clear_object (&project);

  g_assert_cmpint (run_cli (&out, "exchanges", path, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "exchanges");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "status"),
                   ==, "negotiating");
  g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (list, 0), "amount"),
                     ==, 400);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_array_get_object_element (list, 0), "history")), ==, 1);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (&out, "exchanges", path, "--status", "idea", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  list = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "exchanges");
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
  g_assert_cmpint (run_cli (NULL, "exchanges", path, "--status", "maybe", NULL), ==, 2);

  g_assert_cmpint (run_cli (NULL, "exchanges", path, "--csv", csv_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, &error));
  g_assert_true (g_str_has_prefix (csv, "exchange_id,status,resource,amount,"));
  /* Commas, quotes and line breaks quoted */
  g_assert_nonnull (strstr (csv, ",\"Ærø, Gartneri\","));
  /* then the empty source_file: the exchange was not found by an import */
  g_assert_nonnull (strstr (csv, "\"Met on 3 May.\nThey want \"\"hot\"\" water, 70 °C\",\r\n"));
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-edit/site-and-flow", test_site_and_flow);
  g_test_add_func ("/cli-edit/exchanges", test_exchanges);
  return g_test_run ();
}
