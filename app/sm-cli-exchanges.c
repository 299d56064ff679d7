/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli exchanges PROJECT [--status KEY] [--json] [--csv OUT]
 *
 * Every recorded exchange, the most recently changed first, as the
 * Exchanges view lists them (sm_project_list_exchange_records()).
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-project-query.h"
#include "sm-format-text.h"
#include "sm-text-table.h"

/* One CSV field, quoted as RFC 4180 says when it must be: a comma, a
 * quote or a line break (notes have them). Small enough not to bring in
 * GDAL's CSV driver, which writes files from layers, not rows. */
static void
append_csv_field (GString    *out,
                  const char *text,
                  gboolean    last)
{
  if (text != NULL && strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (text != NULL)
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

static char *
to_csv (GPtrArray *list)
{
  GString *out = g_string_new (NULL);
  static const char *header[] = {
    "exchange_id", "status", "resource", "amount", "unit", "supply_site_id", "supply_site",
    "demand_site_id", "demand_site", "supply_flow_id", "demand_flow_id", "created_at",
    "updated_at", "note", "source_file",
  };

  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    append_csv_field (out, header[i], i + 1 == G_N_ELEMENTS (header));
  for (guint i = 0; i < list->len; i++)
    {
      SmExchangeRecord *x = g_ptr_array_index (list, i);
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, x->exchange_id);
      g_autofree char *supply_id = g_strdup_printf ("%" G_GINT64_FORMAT, x->supply_site_id);
      g_autofree char *demand_id = g_strdup_printf ("%" G_GINT64_FORMAT, x->demand_site_id);
      g_autofree char *supply_flow = g_strdup_printf ("%" G_GINT64_FORMAT, x->supply_flow_id);
      g_autofree char *demand_flow = g_strdup_printf ("%" G_GINT64_FORMAT, x->demand_flow_id);

      append_csv_field (out, id, FALSE);
      append_csv_field (out, sm_status_to_key (x->status), FALSE);
      append_csv_field (out, sm_resource_to_key (x->resource), FALSE);
      /* A dot decimal: CSV for programs, in any locale */
      append_csv_field (out, g_ascii_dtostr (number, sizeof number, x->amount), FALSE);
      append_csv_field (out, x->unit, FALSE);
      append_csv_field (out, supply_id, FALSE);
      append_csv_field (out, x->supply_site, FALSE);
      append_csv_field (out, demand_id, FALSE);
      append_csv_field (out, x->demand_site, FALSE);
      append_csv_field (out, supply_flow, FALSE);
      append_csv_field (out, demand_flow, FALSE);
      append_csv_field (out, x->created_at, FALSE);
      append_csv_field (out, x->updated_at, FALSE);
      append_csv_field (out, x->note, FALSE);
      append_csv_field (out, x->source_file, TRUE);
    }
  return g_string_free (out, FALSE);
}

static JsonNode *
to_json (SmProject *project,
         GPtrArray *list)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "exchanges");
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      SmExchangeRecord *x = g_ptr_array_index (list, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "exchange_id");
      json_builder_add_int_value (b, x->exchange_id);
      sm_json_add_string_or_null (b, "status", sm_status_to_key (x->status));
      sm_json_add_string_or_null (b, "resource", sm_resource_to_key (x->resource));
      sm_json_add_double_or_null (b, "amount", x->amount);
      sm_json_add_string_or_null (b, "unit", x->unit);
      json_builder_set_member_name (b, "supply_site_id");
      json_builder_add_int_value (b, x->supply_site_id);
      sm_json_add_string_or_null (b, "supply_site", x->supply_site);
      json_builder_set_member_name (b, "demand_site_id");
      json_builder_add_int_value (b, x->demand_site_id);
      sm_json_add_string_or_null (b, "demand_site", x->demand_site);
      json_builder_set_member_name (b, "supply_flow_id");
      json_builder_add_int_value (b, x->supply_flow_id);
      json_builder_set_member_name (b, "demand_flow_id");
      json_builder_add_int_value (b, x->demand_flow_id);
      sm_json_add_string_or_null (b, "created_at", x->created_at);
      sm_json_add_string_or_null (b, "updated_at", x->updated_at);
      sm_json_add_string_or_null (b, "note", x->note);
      sm_json_add_string_or_null (b, "source_file", x->source_file);
      json_builder_set_member_name (b, "history");
      json_builder_begin_array (b);
      {
        g_autoptr (GPtrArray) changes = sm_project_list_exchange_history (project, x->exchange_id,
                                                                          NULL);

        for (guint c = 0; changes != NULL && c < changes->len; c++)
          {
            SmExchangeChange *change = g_ptr_array_index (changes, c);

            json_builder_begin_object (b);
            sm_json_add_string_or_null (b, "status", sm_status_to_key (change->status));
            sm_json_add_string_or_null (b, "note", change->note);
            sm_json_add_string_or_null (b, "changed_at", change->changed_at);
            json_builder_end_object (b);
          }
      }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The exchanges as a table that lines up by display width, amounts in
 * the locale; the notes, which run over several lines, below it */
static void
print_text (GPtrArray *list)
{
  g_autoptr (SmTextTable) table = sm_text_table_new ();
  g_autofree char *text = NULL;
  gboolean any_note = FALSE;

  /* TRANSLATORS: column headings of the exchange list */
  sm_text_table_add_column (table, _("ID"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Status"), SM_TEXT_ALIGN_START, 0);
  sm_text_table_add_column (table, _("Resource"), SM_TEXT_ALIGN_START, 0);
  sm_text_table_add_column (table, _("Amount"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Supply"), SM_TEXT_ALIGN_START, 28);
  sm_text_table_add_column (table, _("Demand"), SM_TEXT_ALIGN_START, 28);
  /* TRANSLATORS: column heading: when the exchange last changed */
  sm_text_table_add_column (table, _("Changed"), SM_TEXT_ALIGN_START, 0);
  for (guint i = 0; i < list->len; i++)
    {
      SmExchangeRecord *x = g_ptr_array_index (list, i);
      g_autofree char *amount = NULL;
      g_autofree char *shown = NULL;

      if (x->unit == NULL || g_strcmp0 (x->unit, sm_resource_get_unit (x->resource)) == 0)
        amount = sm_format_amount (x->amount, x->resource);
      else
        {
          g_autofree char *number = sm_format_number (x->amount, 0);

          amount = g_strdup_printf (C_("amount", "%s %s"), number, x->unit);
        }
      sm_text_table_add_cell_printf (table, "%" G_GINT64_FORMAT, x->exchange_id);
      sm_text_table_add_cell (table, sm_status_get_label (x->status));
      sm_text_table_add_cell (table, sm_resource_get_label (x->resource));
      sm_text_table_add_cell (table, amount);
      sm_text_table_add_cell (table, x->supply_site);
      sm_text_table_add_cell (table, x->demand_site);
      sm_text_table_add_cell (table, x->updated_at);
      /* A note, or what the project knows of where the exchange came from,
       * in the user's language */
      shown = sm_exchange_display_note (x->note, x->source_file);
      any_note = any_note || (shown != NULL && *shown != '\0');
    }
  text = sm_text_table_to_string (table);
  fputs (text, stdout);
  if (!any_note)
    return;
  printf ("\n%s\n", _("Notes"));
  for (guint i = 0; i < list->len; i++)
    {
      SmExchangeRecord *x = g_ptr_array_index (list, i);
      g_autofree char *shown = sm_exchange_display_note (x->note, x->source_file);
      g_auto (GStrv) lines = NULL;

      if (shown == NULL || *shown == '\0')
        continue;
      lines = g_strsplit (shown, "\n", -1);
      for (guint l = 0; lines[l] != NULL; l++)
        {
          g_autofree char *line = sm_text_escape (lines[l], FALSE);

          if (l == 0)
            printf ("%4" G_GINT64_FORMAT ": %s\n", x->exchange_id, line);
          else
            printf ("      %s\n", line);
        }
    }
}

int
sm_cli_exchanges (int    argc,
                  char **argv)
{
  gboolean json = FALSE;
  g_autofree char *csv = NULL;
  g_autofree char *status_key = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Write a CSV file for spreadsheets"), N_("OUT") },
    { "status", 0, 0, G_OPTION_ARG_STRING, &status_key,
      N_("Only the exchanges of one status: idea, contacted, negotiating, operational, rejected"),
      N_("KEY") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GError) error = NULL;
  int status = -1, rc;

  context = sm_cli_option_context_new ("exchanges", _("PROJECT"),
                                       _("List the recorded exchanges with their status, dates "
                                         "and notes, the most recently changed first."),
                                       entries);
  if ((rc = sm_cli_parse (context, &argc, &argv, 1)) != SM_CLI_OK)
    return rc;
  if (status_key != NULL && (status = sm_status_from_key (status_key)) < 0)
    /* TRANSLATORS: %s is what the user gave to --status; keep the five status keys in English,
     * they are what the option takes */
    return sm_cli_usage_error ("exchanges", _("“%s” is not a status; use idea, contacted, "
                                              "negotiating, operational or rejected"),
                               status_key);
  if ((project = sm_cli_open_project (argv[1], &rc)) == NULL)
    return rc;
  if ((list = sm_project_list_exchange_records (project, status, &error)) == NULL)
    return sm_cli_fail (error);

  if (csv != NULL)
    {
      g_autofree char *text = to_csv (list);

      if (!g_file_set_contents (csv, text, -1, &error))
        return sm_cli_fail (error);
    }
  if (json)
    {
      g_autoptr (JsonNode) root = to_json (project, list);

      sm_cli_print_json (root);
      return SM_CLI_OK;
    }
  if (csv != NULL)
    {
      /* TRANSLATORS: %s is the CSV file's name, %u the number of exchanges written to it */
      printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u exchange\n", "%s: %u exchanges\n", list->len),
              csv, list->len);
      return SM_CLI_OK;
    }
  if (list->len == 0)
    {
      printf ("%s\n", _("No exchanges recorded yet."));
      return SM_CLI_OK;
    }
  print_text (list);
  return SM_CLI_OK;
}
