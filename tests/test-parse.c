/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer's parsers: numbers as typed in Danish, Swedish and English
 * spreadsheets, units, EWC codes and three-language names.
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "sm-parse.h"

static void
assert_number (const char     *text,
               SmNumberStyle   style,
               SmNumberResult  expected_result,
               double          expected)
{
  double v = -1;
  SmNumberResult r = sm_parse_number (text, style, &v);

  g_test_message ("%s -> %d %g", text, r, v);
  g_assert_cmpint (r, ==, expected_result);
  if (r != SM_NUMBER_INVALID)
    g_assert_cmpfloat_with_epsilon (v, expected, 1e-9);
}

static void
test_numbers (void)
{
  assert_number ("42", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_OK, 42);
  assert_number ("12,5", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_OK, 12.5);
  assert_number ("12.5", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_OK, 12.5);
  assert_number ("45 000", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_OK, 45000);
  assert_number ("45\u00a0000", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_OK, 45000);
  assert_number ("1.234,5", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_OK, 1234.5);
  assert_number ("1,234.5", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_OK, 1234.5);
  assert_number ("1.000.000", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_OK, 1000000);
  assert_number ("2 300,5", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_OK, 2300.5);
  assert_number ("-3,25", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_OK, -3.25);
  assert_number ("0.500", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_OK, 0.5);
  /* The ambiguous case of DATA-MODEL.md, read by the column's other values */
  assert_number ("150.000", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_AMBIGUOUS, 150);
  assert_number ("150.000", SM_NUMBER_STYLE_COMMA_DECIMAL, SM_NUMBER_OK, 150000);
  assert_number ("150.000", SM_NUMBER_STYLE_DOT_DECIMAL, SM_NUMBER_OK, 150);
  assert_number ("1,950", SM_NUMBER_STYLE_DOT_DECIMAL, SM_NUMBER_OK, 1950);
  assert_number ("1,950", SM_NUMBER_STYLE_COMMA_DECIMAL, SM_NUMBER_OK, 1.95);
  assert_number ("", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_INVALID, 0);
  assert_number ("ca. 40", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_INVALID, 0);
  assert_number ("1.2.3,4,5", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_INVALID, 0);
  assert_number ("12,34,5", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_INVALID, 0);
  assert_number ("1.23.456", SM_NUMBER_STYLE_UNKNOWN, SM_NUMBER_INVALID, 0);

  g_assert_cmpint (sm_number_style_of ("12,5"), ==, SM_NUMBER_STYLE_COMMA_DECIMAL);
  g_assert_cmpint (sm_number_style_of ("45 000"), ==, SM_NUMBER_STYLE_COMMA_DECIMAL);
  g_assert_cmpint (sm_number_style_of ("1.000.000"), ==, SM_NUMBER_STYLE_COMMA_DECIMAL);
  g_assert_cmpint (sm_number_style_of ("12.5"), ==, SM_NUMBER_STYLE_DOT_DECIMAL);
  g_assert_cmpint (sm_number_style_of ("1,000,000"), ==, SM_NUMBER_STYLE_DOT_DECIMAL);
  g_assert_cmpint (sm_number_style_of ("150.000"), ==, SM_NUMBER_STYLE_UNKNOWN);
  g_assert_cmpint (sm_number_style_of ("42"), ==, SM_NUMBER_STYLE_UNKNOWN);
}

static void
test_coordinates (void)
{
  double v;

  g_assert_true (sm_parse_coordinate ("57,05", &v));
  g_assert_cmpfloat_with_epsilon (v, 57.05, 1e-12);
  g_assert_true (sm_parse_coordinate ("9.950", &v));
  g_assert_cmpfloat_with_epsilon (v, 9.95, 1e-12);
  g_assert_true (sm_parse_coordinate ("6 320 000", &v));
  g_assert_cmpfloat_with_epsilon (v, 6320000, 1e-9);
  g_assert_false (sm_parse_coordinate ("N57", &v));
  g_assert_false (sm_parse_coordinate ("", &v));
}

static void
assert_unit (const char *text,
             SmResource  resource,
             double      factor,
             gboolean    needs_hours)
{
  SmUnit unit;

  g_test_message ("unit %s", text);
  g_assert_true (sm_parse_unit (text, &unit));
  g_assert_true (sm_unit_suits (&unit, resource));
  g_assert_cmpfloat_with_epsilon (unit.factor, factor, 1e-12);
  g_assert_cmpint (unit.needs_hours, ==, needs_hours);
}

static void
test_units (void)
{
  SmUnit unit;

  assert_unit ("MWh/yr", SM_RESOURCE_HEAT, 1, FALSE);
  assert_unit ("MWh/år", SM_RESOURCE_HEAT, 1, FALSE);
  assert_unit ("GWh/år", SM_RESOURCE_HEAT, 1000, FALSE);
  assert_unit ("GWh per year", SM_RESOURCE_STEAM, 1000, FALSE);
  assert_unit ("kWh/a", SM_RESOURCE_COOLING, 0.001, FALSE);
  assert_unit ("GJ/yr", SM_RESOURCE_HEAT, 1 / 3.6, FALSE);
  assert_unit ("TJ/år", SM_RESOURCE_HEAT, 1000 / 3.6, FALSE);
  assert_unit ("kW", SM_RESOURCE_HEAT, 0.001, TRUE);
  assert_unit ("MW", SM_RESOURCE_HEAT, 1, TRUE);
  assert_unit ("t/år", SM_RESOURCE_MATERIAL, 1, FALSE);
  assert_unit ("tonnes/year", SM_RESOURCE_CO2, 1, FALSE);
  assert_unit ("ton/år", SM_RESOURCE_MATERIAL, 1, FALSE);
  assert_unit ("kg/yr", SM_RESOURCE_MATERIAL, 0.001, FALSE);
  assert_unit ("m³/år", SM_RESOURCE_WATER, 1, FALSE);
  assert_unit ("m3/h", SM_RESOURCE_WATER, 1, TRUE);
  assert_unit ("M3 / H", SM_RESOURCE_WATER, 1, TRUE);

  g_assert_false (sm_parse_unit ("furlongs", &unit));
  g_assert_false (sm_parse_unit ("", &unit));
  g_assert_true (sm_parse_unit ("kg/yr", &unit));
  g_assert_false (sm_unit_suits (&unit, SM_RESOURCE_HEAT));
  g_assert_true (sm_parse_unit ("MWh/yr", &unit));
  g_assert_false (sm_unit_suits (&unit, SM_RESOURCE_WATER));
}

static void
assert_ewc (const char *text,
            gboolean    list,
            const char *expected)
{
  g_autofree char *reason = NULL;
  g_autofree char *code = list ? sm_ewc_normalize_list (text, &reason)
                               : sm_ewc_normalize_code (text, &reason);

  g_test_message ("EWC %s -> %s (%s)", text, code, reason);
  g_assert_cmpstr (code, ==, expected);
  if (expected == NULL)
    g_assert_nonnull (reason);
}

static void
test_ewc (void)
{
  g_autofree char *formatted = NULL;

  assert_ewc ("020106", FALSE, "020106");
  assert_ewc ("02 01 06", FALSE, "020106");
  assert_ewc ("02.01.06", FALSE, "020106");
  assert_ewc ("17 05 03*", FALSE, "170503*");
  assert_ewc ("17 05 03 *", FALSE, "170503*");
  assert_ewc ("02 01", FALSE, NULL);      /* a supply names a full code */
  assert_ewc ("21 01 01", FALSE, NULL);   /* no chapter 21 */
  assert_ewc ("00 01 01", FALSE, NULL);
  assert_ewc ("2010601", FALSE, NULL);    /* seven digits */
  assert_ewc ("1705*03", FALSE, NULL);
  assert_ewc ("02 01 06, 02 01 07", FALSE, NULL);
  assert_ewc ("glass", FALSE, NULL);

  assert_ewc ("03 01, 17; 02 01 06", TRUE, "0301;17;020106");
  assert_ewc ("17 05 03*", TRUE, "170503*");
  assert_ewc ("17*", TRUE, NULL);         /* hazardous only as a full code */
  assert_ewc ("17 05 03, 123", TRUE, NULL);
  assert_ewc (" , ", TRUE, NULL);

  formatted = sm_ewc_format ("0301;17;170503*");
  g_assert_cmpstr (formatted, ==, "03 01, 17, 17 05 03*");
}

static void
test_names (void)
{
  g_assert_true (sm_name_matches ("mængde", "mængde"));
  g_assert_true (sm_name_matches ("MAENGDE", "mængde"));
  g_assert_true (sm_name_matches ("Företag", "företag"));
  g_assert_true (sm_name_matches ("foretag", "företag"));
  g_assert_true (sm_name_matches ("E-mail", "e_mail"));
  g_assert_true (sm_name_matches ("Contact Email", "contact_email"));
  g_assert_false (sm_name_matches ("mængder", "mængde"));

  g_assert_cmpint (sm_parse_direction ("Overskud"), ==, SM_DIRECTION_SUPPLY);
  g_assert_cmpint (sm_parse_direction ("överskott"), ==, SM_DIRECTION_SUPPLY);
  g_assert_cmpint (sm_parse_direction ("overskott"), ==, SM_DIRECTION_SUPPLY);
  g_assert_cmpint (sm_parse_direction ("tillgang"), ==, SM_DIRECTION_SUPPLY);
  g_assert_cmpint (sm_parse_direction ("behov"), ==, SM_DIRECTION_DEMAND);
  g_assert_cmpint (sm_parse_direction ("sink"), ==, SM_DIRECTION_DEMAND);
  g_assert_cmpint (sm_parse_direction ("maybe"), ==, SM_DIRECTION_INVALID);

  g_assert_cmpint (sm_parse_resource ("plasma"), ==, SM_RESOURCE_INVALID);
  g_assert_cmpint (sm_parse_resource ("Varme"), ==, SM_RESOURCE_HEAT);
  g_assert_cmpint (sm_parse_resource ("värme"), ==, SM_RESOURCE_HEAT);
  g_assert_cmpint (sm_parse_resource ("ånga"), ==, SM_RESOURCE_STEAM);
  g_assert_cmpint (sm_parse_resource ("koling"), ==, SM_RESOURCE_COOLING);
  g_assert_cmpint (sm_parse_resource ("kyla"), ==, SM_RESOURCE_COOLING);
  g_assert_cmpint (sm_parse_resource ("vand"), ==, SM_RESOURCE_WATER);
  g_assert_cmpint (sm_parse_resource ("CO₂"), ==, SM_RESOURCE_CO2);
  g_assert_cmpint (sm_parse_resource ("affald"), ==, SM_RESOURCE_MATERIAL);
  g_assert_cmpint (sm_parse_resource ("avfall"), ==, SM_RESOURCE_MATERIAL);
}

static void
test_encoding (void)
{
  /* "Järnoxidslam från Kemira" in Windows-1252 */
  const char cp1252[] = "J\xe4rnoxidslam fr\xe5n Kemira \x96 \xb3";
  g_autofree char *utf8 = sm_text_to_utf8 (cp1252);
  g_autofree char *same = sm_text_to_utf8 ("Røggas – m³");

  g_assert_cmpstr (utf8, ==, "Järnoxidslam från Kemira – ³");
  g_assert_cmpstr (same, ==, "Røggas – m³");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parse/numbers", test_numbers);
  g_test_add_func ("/parse/coordinates", test_coordinates);
  g_test_add_func ("/parse/units", test_units);
  g_test_add_func ("/parse/ewc", test_ewc);
  g_test_add_func ("/parse/names", test_names);
  g_test_add_func ("/parse/encoding", test_encoding);
  return g_test_run ();
}
