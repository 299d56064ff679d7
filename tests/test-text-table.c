/* test-text-table.c: text tables line up by display width
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sm-text-table.h"

static void
test_display_width (void)
{
  g_assert_cmpuint (sm_text_display_width ("abc"), ==, 3);
  /* One column each, though two bytes in UTF-8 */
  g_assert_cmpuint (sm_text_display_width ("Ærø Østergaard Malmö"), ==, 20);
  g_assert_cmpuint (sm_text_display_width ("CO₂ 45 °C"), ==, 9);
  /* e + COMBINING ACUTE ACCENT: one column */
  g_assert_cmpuint (sm_text_display_width ("Cafe\xcc\x81"), ==, 4);
  /* Wide CJK: two columns each */
  g_assert_cmpuint (sm_text_display_width ("東京"), ==, 4);
  g_assert_cmpuint (sm_text_display_width (""), ==, 0);
  g_assert_cmpuint (sm_text_display_width (NULL), ==, 0);
}

static void
test_escape (void)
{
  g_autofree char *clear = sm_text_escape_controls ("A\x1b[2JB\tC\x7f");
  g_autofree char *c1 = sm_text_escape_controls ("x\xc2\x9b" "31m");
  g_autofree char *bad = sm_text_escape_controls ("a\xff" "b");

  g_assert_cmpstr (clear, ==, "A\\x1B[2JB\\x09C\\x7F");
  g_assert_cmpstr (c1, ==, "x\\u{009B}31m");
  g_assert_true (g_utf8_validate (bad, -1, NULL));
  g_assert_null (strchr (clear, 0x1b));
}

static void
test_fit (void)
{
  g_autofree char *same = sm_text_fit ("Aalborg Portland", 20);
  g_autofree char *word = sm_text_fit ("Aalborg Portland A/S Cementfabrik", 22);
  g_autofree char *long_word = sm_text_fit ("Østergaardsmejeriet", 10);

  g_assert_cmpstr (same, ==, "Aalborg Portland");
  /* Cut at the last word that fits, with the ellipsis */
  g_assert_cmpstr (word, ==, "Aalborg Portland A/S…");
  g_assert_cmpuint (sm_text_display_width (word), <=, 22);
  g_assert_cmpstr (long_word, ==, "Østergaar…");
  g_assert_cmpuint (sm_text_display_width (long_word), ==, 10);
}

/* Every line of the table must have its columns at the same display
 * columns, whatever the letters in the names. */
static void
test_table_aligns (void)
{
  g_autoptr(SmTextTable) table = sm_text_table_new ();
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *names[] = { "Østergaard Mejeri A/S", "Ærø Fjernvarme", "Malmö Återvinning AB",
                          "Plain Name Ltd", "Cafe\xcc\x81 Noir" };
  guint amount_end = 0;

  sm_text_table_add_column (table, "ID", SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, "Name", SM_TEXT_ALIGN_START, 40);
  sm_text_table_add_column (table, "Amount", SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, "Unit", SM_TEXT_ALIGN_START, 0);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      sm_text_table_add_cell_printf (table, "%u", i + 1);
      sm_text_table_add_cell (table, names[i]);
      sm_text_table_add_cell_printf (table, "%u", (i + 1) * 1000);
      sm_text_table_add_cell (table, "MWh/år");
    }
  text = sm_text_table_to_string (table);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (names) + 2);
  for (guint i = 0; i < G_N_ELEMENTS (names) + 1; i++)
    {
      /* The unit column starts right after the amount, at the same column */
      const char *unit = i == 0 ? "Unit" : "MWh/år";
      const char *at = strstr (lines[i], unit);
      g_autofree char *before = NULL;

      g_assert_nonnull (at);
      before = g_strndup (lines[i], at - lines[i]);
      if (i == 0)
        amount_end = sm_text_display_width (before);
      else
        g_assert_cmpuint (sm_text_display_width (before), ==, amount_end);
    }
}

static void
test_table_cuts_long_names (void)
{
  g_autoptr(SmTextTable) table = sm_text_table_new ();
  g_autofree char *text = NULL;

  sm_text_table_add_column (table, "Name", SM_TEXT_ALIGN_START, 12);
  sm_text_table_add_column (table, "X", SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_cell (table, "Nordjyllandsværket Energi\x1b[2J");
  sm_text_table_add_cell (table, "7");
  text = sm_text_table_to_string (table);
  g_assert_null (strchr (text, 0x1b));
  g_assert_nonnull (strstr (text, "…"));
  g_assert_true (g_str_has_suffix (text, "  7\n"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text-table/display-width", test_display_width);
  g_test_add_func ("/text-table/escape", test_escape);
  g_test_add_func ("/text-table/fit", test_fit);
  g_test_add_func ("/text-table/aligns", test_table_aligns);
  g_test_add_func ("/text-table/cuts-long-names", test_table_cuts_long_names);
  return g_test_run ();
}
