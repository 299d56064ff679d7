/* test-cli-json.c: the CLI's JSON is valid and its numbers carry no
 * binary noise
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sm-cli.h"

static char *
write_member (const char *key,
              double      value)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, key);
  json_builder_add_double_value (b, value);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return sm_cli_json_to_string (root);
}

static void
assert_member (const char *key,
               double      value,
               const char *expected)
{
  g_autofree char *text = write_member (key, value);
  g_autofree char *want = g_strdup_printf ("{\n  \"%s\" : %s\n}", key, expected);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  g_assert_cmpstr (text, ==, want);
  /* and it is JSON */
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
}

static void
test_shortest (void)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* json-glib 1.6 writes 743.89999999999998 */
  assert_member ("matched_amount", 743.9, "743.9");
  /* the noise of arithmetic is not written (DBL_DIG digits) */
  assert_member ("cop", 0.1 + 0.2, "0.3");
  assert_member ("capacity_mw", 0.83 * 0.5, "0.415");
  assert_member ("heat_loss_mwh_yr", 103883.70000000001, "103883.7");
  assert_member ("cop", 1.8308962264150943, "1.83089622641509");
  assert_member ("amount", 1e6, "1000000");
  assert_member ("amount", 1e21, "1e+21");
  assert_member ("amount", 1.5e-320, "1.5e-320");
  assert_member ("amount", -2.5, "-2.5");
  assert_member ("amount", -0.0, "0");
  sm_cli_json_format_double (NAN, buf);
  g_assert_cmpstr (buf, ==, "null");
  sm_cli_json_format_double (-INFINITY, buf);
  g_assert_cmpstr (buf, ==, "null");
  /* Every written number reads back as the same double */
  for (int i = 0; i < 2000; i++)
    {
      double v = g_test_rand_double_range (-1e7, 1e7) * pow (10, g_test_rand_int_range (-8, 8));

      sm_cli_json_format_double (v, buf);
      g_assert_cmpfloat (g_ascii_strtod (buf, NULL), ==, v);
    }
}

/* docs/CLI.md: money to whole euros, metres to 0.1, degrees to 1e-7 */
static void
test_rounding_by_meaning (void)
{
  assert_member ("investment_eur", 2450123.4999, "2450123");
  assert_member ("annual_cost_eur_yr", 99.5, "100");
  assert_member ("route_m", 2987.96, "2988");
  assert_member ("straight_m", 2310.44, "2310.4");
  assert_member ("lat", 57.123456789, "57.1234568");
  assert_member ("lon", -6.77777777777, "-6.7777778");
  /* Figures of no set precision keep all their digits */
  assert_member ("lcoh_eur_mwh", 41.123456, "41.123456");
}

static void
test_coordinates_and_strings (void)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "coordinates");
  json_builder_begin_array (b);
  json_builder_begin_array (b);
  json_builder_add_double_value (b, 9.95000000001);
  json_builder_add_double_value (b, 57.0500000004);
  json_builder_end_array (b);
  json_builder_end_array (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "Ø \"quoted\" \\ \x1b[2J\ttab\nline");
  json_builder_set_member_name (b, "empty");
  json_builder_begin_array (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  text = sm_cli_json_to_string (root);

  g_assert_nonnull (strstr (text, "9.95,"));
  g_assert_nonnull (strstr (text, "57.05\n"));
  g_assert_null (strchr (text, 0x1b));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==,
                   "Ø \"quoted\" \\ \x1b[2J\ttab\nline");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "empty")), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-json/shortest", test_shortest);
  g_test_add_func ("/cli-json/rounding-by-meaning", test_rounding_by_meaning);
  g_test_add_func ("/cli-json/coordinates-and-strings", test_coordinates_and_strings);
  return g_test_run ();
}
