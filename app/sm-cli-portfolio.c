/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli portfolio PROJECT [--json] [--csv OUT.csv]
 *
 * Every synergy of the project allocated so that no flow is used twice
 * (docs/SYNERGY.md, "Allocation"), cheapest levelised cost first.
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-format-text.h"
#include "sm-text-table.h"
#include "sm-portfolio.h"

static void
print_json (SmPortfolio *p)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "synergies");
  json_builder_begin_array (b);
  for (guint i = 0; i < p->allocations->len; i++)
    {
      SmAllocation *a = g_ptr_array_index (p->allocations, i);
      SmSynergy *m = a->synergy;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "supply_flow_id");
      json_builder_add_int_value (b, m->supply_flow_id);
      json_builder_set_member_name (b, "demand_flow_id");
      json_builder_add_int_value (b, m->demand_flow_id);
      sm_json_add_string_or_null (b, "supply_site", m->supply_site);
      sm_json_add_string_or_null (b, "demand_site", m->demand_site);
      sm_json_add_string_or_null (b, "resource", sm_resource_to_key (m->pair.supply_resource));
      sm_json_add_double_or_null (b, "allocated", round (a->allocated * 1000) / 1000);
      sm_json_add_double_or_null (b, "supply_used", round (a->supply_used * 1000) / 1000);
      sm_json_add_string_or_null (b, "unit", sm_resource_get_unit (m->pair.demand_resource));
      sm_json_add_double_or_null (b, "straight_m", round (m->straight_m * 10) / 10);
      sm_json_add_double_or_null (b, "route_m", round (m->route_m * 10) / 10);
      sm_json_add_string_or_null (b, "route_method", m->route_method);
      json_builder_set_member_name (b, "heat_pump");
      json_builder_add_boolean_value (b, m->heat_pump);
      sm_json_add_double_or_null (b, "cop", m->cop);
      json_builder_set_member_name (b, "internal");
      json_builder_add_boolean_value (b, m->internal);
      sm_cli_json_add_economics (b, m);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "totals");
  json_builder_begin_object (b);
  sm_json_add_double_or_null (b, "heat_delivered_mwh_yr", round (p->heat_delivered_mwh_yr));
  sm_json_add_double_or_null (b, "cooling_delivered_mwh_yr", round (p->cooling_delivered_mwh_yr));
  sm_json_add_double_or_null (b, "material_t_yr", round (p->material_t_yr));
  sm_json_add_double_or_null (b, "water_m3_yr", round (p->water_m3_yr));
  sm_json_add_double_or_null (b, "co2_t_yr", round (p->co2_t_yr));
  sm_json_add_double_or_null (b, "investment_eur", round (p->investment_eur));
  sm_json_add_double_or_null (b, "annual_cost_eur_yr", round (p->annual_cost_eur_yr));
  sm_json_add_double_or_null (b, "co2_avoided_t_yr", round (p->co2_avoided_t_yr * 10) / 10);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "sources");
  json_builder_begin_object (b);
  for (int r = 0; r < SM_N_RESOURCES; r++)
    sm_json_add_double_or_null (b, sm_resource_to_key (r), round (p->supply_total[r]));
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  sm_cli_print_json (root);
}

/* The unit a levelised cost is per: SI symbols, the same in every language */
static const char *
delivered_unit (SmResource resource)
{
  switch (resource)
    {
    case SM_RESOURCE_WATER:
      return "m³";
    case SM_RESOURCE_CO2:
    case SM_RESOURCE_MATERIAL:
      return "t";
    case SM_RESOURCE_HEAT:
    case SM_RESOURCE_STEAM:
    case SM_RESOURCE_COOLING:
    case SM_RESOURCE_INVALID:
    case SM_N_RESOURCES:
    default:
      return "MWh";
    }
}

static char *
amount (double     value,
        SmResource resource)
{
  g_autofree char *number = sm_format_number (round (value), 0);

  return g_strdup_printf (C_("amount", "%s %s"), number, sm_format_unit (resource));
}

static char *
euros (double      value,
       const char *format)
{
  g_autofree char *number = sm_format_number (round (value), 0);

  return g_strdup_printf (format, number);
}

static void
print_text (SmPortfolio *p)
{
  g_autoptr (SmTextTable) table = sm_text_table_new ();
  g_autofree char *text = NULL;

  /* TRANSLATORS: column headings of the portfolio */
  sm_text_table_add_column (table, _("Supply"), SM_TEXT_ALIGN_START, 28);
  sm_text_table_add_column (table, _("Demand"), SM_TEXT_ALIGN_START, 28);
  sm_text_table_add_column (table, _("Resource"), SM_TEXT_ALIGN_START, 0);
  sm_text_table_add_column (table, _("Allocated"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Investment €"), SM_TEXT_ALIGN_END, 0);
  /* TRANSLATORS: column heading: the levelised cost, “12.5 €/MWh” */
  sm_text_table_add_column (table, C_("column", "Levelised cost"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Payback (years)"), SM_TEXT_ALIGN_END, 0);
  for (guint i = 0; i < p->allocations->len; i++)
    {
      SmAllocation *a = g_ptr_array_index (p->allocations, i);
      SmSynergy *m = a->synergy;
      const SmEconomics *e = &m->econ;
      g_autofree char *allocated = sm_format_amount (a->allocated, m->pair.demand_resource);
      g_autofree char *investment = isnan (e->investment_eur) ? g_strdup ("–")
                                      : sm_format_number (round (e->investment_eur), 0);
      g_autofree char *lcoh = NULL;
      g_autofree char *payback = NULL;

      if (isnan (e->lcoh_eur_mwh))
        lcoh = g_strdup ("–");
      else
        {
          g_autofree char *number = sm_format_number (e->lcoh_eur_mwh, 1);

          /* TRANSLATORS: a levelised cost, “12.5 €/MWh”; the second %s is a unit symbol */
          lcoh = g_strdup_printf (_("%s €/%s"), number, delivered_unit (m->pair.demand_resource));
        }
      if (!isnan (e->payback_yr))
        payback = sm_format_number (e->payback_yr, 1);
      else if (m->notes & SM_MATCH_NOTE_NO_PAYBACK)
        payback = g_strdup (sm_match_note_get_label (SM_MATCH_NOTE_NO_PAYBACK));
      else
        payback = g_strdup ("–");

      sm_text_table_add_cell (table, m->supply_site);
      sm_text_table_add_cell (table, m->demand_site);
      sm_text_table_add_cell (table, sm_resource_get_label (m->pair.supply_resource));
      sm_text_table_add_cell (table, allocated);
      sm_text_table_add_cell (table, investment);
      sm_text_table_add_cell (table, lcoh);
      sm_text_table_add_cell (table, payback);
    }
  if (p->allocations->len > 0)
    {
      text = sm_text_table_to_string (table);
      fputs (text, stdout);
      printf ("\n");
    }
  else
    printf ("%s\n\n", _("No synergies in this project yet."));

  {
    g_autofree char *heat = amount (p->heat_delivered_mwh_yr, SM_RESOURCE_HEAT);
    g_autofree char *cooling = amount (p->cooling_delivered_mwh_yr, SM_RESOURCE_COOLING);
    g_autofree char *material = amount (p->material_t_yr, SM_RESOURCE_MATERIAL);
    g_autofree char *water = amount (p->water_m3_yr, SM_RESOURCE_WATER);
    g_autofree char *co2 = amount (p->co2_t_yr, SM_RESOURCE_CO2);
    /* TRANSLATORS: an amount of money in euros */
    g_autofree char *investment = euros (p->investment_eur, _("%s €"));
    /* TRANSLATORS: an amount of money in euros a year */
    g_autofree char *yearly = euros (p->annual_cost_eur_yr, _("%s €/yr"));
    g_autofree char *avoided = amount (p->co2_avoided_t_yr, SM_RESOURCE_CO2);
    /* TRANSLATORS: the portfolio's totals, each a label then its value */
    const char *fields[] = {
      _("Heat delivered"), heat,
      _("Cooling delivered"), cooling,
      _("Materials"), material,
      _("Water"), water,
      _("CO₂ reused"), co2,
      _("Investment"), investment,
      _("Yearly cost"), yearly,
      _("CO₂ avoided"), avoided,
      NULL, NULL,
    };

    sm_cli_print_fields (fields);
  }
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  sm_cli_progress (_("Allocating"), fraction);
}

int
sm_cli_portfolio (int    argc,
                  char **argv)
{
  gboolean json = FALSE;
  g_autofree char *csv = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv, N_("Also write the allocated synergies to a CSV file"),
      N_("OUT.csv") },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (SmPortfolio) portfolio = NULL;
  g_autoptr (GError) error = NULL;
  gboolean progress = sm_cli_progress_wanted ();
  int status;

  context = sm_cli_option_context_new ("portfolio", _("PROJECT"),
                                       _("Every synergy of the project, cheapest levelised cost "
                                         "first, each taking what is still available of both its "
                                         "flows, with the project's totals."),
                                       entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 1)) != SM_CLI_OK)
    return status;
  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;
  portfolio = sm_portfolio_build (project, NULL, progress ? on_progress : NULL, NULL, NULL, &error);
  if (progress)
    sm_cli_progress_done ();
  if (portfolio == NULL)
    return sm_cli_fail (error);
  if (csv != NULL && !sm_portfolio_write_csv (portfolio, csv, &error))
    return sm_cli_fail (error);
  if (json)
    print_json (portfolio);
  else
    print_text (portfolio);
  return SM_CLI_OK;
}
