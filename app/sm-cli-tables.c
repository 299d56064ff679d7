/* sm-cli-tables.c: the command line's text tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text output is for people: columns line up by display width whatever
 * the letters of a company's name (sm-text-table.c), numbers and units are
 * written as the user's locale writes them (sm-format-text.c), and nothing
 * from the data reaches the terminal as a control character. JSON output
 * never changes with the locale.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-format-text.h"
#include "sm-text-table.h"

/* Names longer than this are cut at a word with "…" */
#define NAME_COLUMNS 40

static void
print_table (SmTextTable *table)
{
  g_autofree char *text = sm_text_table_to_string (table);

  fputs (text, stdout);
}

void
sm_cli_print_sites_table (GPtrArray *sites)
{
  g_autoptr(SmTextTable) table = sm_text_table_new ();

  /* TRANSLATORS: column headings of the site list */
  sm_text_table_add_column (table, _("ID"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Key"), SM_TEXT_ALIGN_START, 16);
  sm_text_table_add_column (table, _("Name"), SM_TEXT_ALIGN_START, NAME_COLUMNS);
  sm_text_table_add_column (table, _("Latitude"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Longitude"), SM_TEXT_ALIGN_END, 0);
  for (guint i = 0; i < sites->len; i++)
    {
      SmSite *s = g_ptr_array_index (sites, i);
      g_autofree char *lat = sm_format_number_plain (s->lat, 5);
      g_autofree char *lon = sm_format_number_plain (s->lon, 5);

      sm_text_table_add_cell_printf (table, "%" G_GINT64_FORMAT, s->site_id);
      sm_text_table_add_cell (table, s->ext_id);
      sm_text_table_add_cell (table, s->name);
      sm_text_table_add_cell (table, lat);
      sm_text_table_add_cell (table, lon);
    }
  print_table (table);
}

/* The canonical unit as the user's language writes it ("MWh/år"); a unit
 * the data keeps otherwise is shown as it is. */
static const char *
unit_label (SmFlow *f)
{
  const char *canonical = sm_resource_get_unit (f->resource);

  if (f->unit == NULL || g_strcmp0 (f->unit, canonical) == 0)
    return sm_format_unit (f->resource);
  return f->unit;
}

void
sm_cli_print_flows_table (GPtrArray *flows)
{
  g_autoptr(SmTextTable) table = sm_text_table_new ();

  /* TRANSLATORS: column headings of the flow list */
  sm_text_table_add_column (table, _("ID"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Site"), SM_TEXT_ALIGN_START, 32);
  sm_text_table_add_column (table, _("Direction"), SM_TEXT_ALIGN_START, 0);
  sm_text_table_add_column (table, _("Resource"), SM_TEXT_ALIGN_START, 0);
  sm_text_table_add_column (table, _("Amount"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Unit"), SM_TEXT_ALIGN_START, 0);
  sm_text_table_add_column (table, _("°C"), SM_TEXT_ALIGN_END, 0);
  for (guint i = 0; i < flows->len; i++)
    {
      SmFlow *f = g_ptr_array_index (flows, i);
      g_autofree char *amount = sm_format_number (f->amount, f->amount < 10 && f->amount != 0 ? 1 : 0);
      g_autofree char *temp = isnan (f->temperature_c)
                                ? g_strdup ("")
                                : sm_format_number (f->temperature_c,
                                                    f->temperature_c == round (f->temperature_c) ? 0 : 1);

      sm_text_table_add_cell_printf (table, "%" G_GINT64_FORMAT, f->flow_id);
      sm_text_table_add_cell (table, f->site_name);
      sm_text_table_add_cell (table, sm_direction_get_label (f->direction));
      sm_text_table_add_cell (table, sm_resource_get_label (f->resource));
      sm_text_table_add_cell (table, amount);
      sm_text_table_add_cell (table, unit_label (f));
      sm_text_table_add_cell (table, temp);
    }
  print_table (table);
}

/**
 * sm_cli_print_fields:
 * @labels_values: label, value, label, value, …, NULL; the labels already
 *   translated, without their colon
 *
 * Prints one "Label:  value" line each, the values in one column whatever
 * the labels' lengths in the user's language.
 */
void
sm_cli_print_fields (const char * const *labels_values)
{
  guint widest = 0;

  for (guint i = 0; labels_values[i] && labels_values[i + 1]; i += 2)
    widest = MAX (widest, sm_text_display_width (labels_values[i]));
  for (guint i = 0; labels_values[i] && labels_values[i + 1]; i += 2)
    {
      g_autofree char *label = sm_text_escape_controls (labels_values[i]);
      g_autofree char *value = sm_text_escape_controls (labels_values[i + 1]);
      guint pad = widest - sm_text_display_width (label);

      /* TRANSLATORS: a label and its colon, as in “Sites:” */
      printf (C_("field", "%s:"), label);
      for (guint p = 0; p < pad + 2; p++)
        putchar (' ');
      printf ("%s\n", value);
    }
}
