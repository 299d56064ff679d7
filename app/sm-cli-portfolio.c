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

static void
print_text (SmPortfolio *p)
{
  /* TRANSLATORS: column headings of the portfolio; keep the widths */
  printf ("%-28s %-28s %-8s %14s %12s %9s %8s\n", _("Supply"), _("Demand"), _("Resource"),
          _("Allocated"), _("Investment €"), _("€/MWh"), _("Payback"));
  for (guint i = 0; i < p->allocations->len; i++)
    {
      SmAllocation *a = g_ptr_array_index (p->allocations, i);
      SmSynergy *m = a->synergy;
      g_autofree char *payback = isnan (m->econ.payback_yr) ? g_strdup ("–")
                                 : g_strdup_printf ("%.1f", m->econ.payback_yr);

      printf ("%-28.28s %-28.28s %-8s %'14.0f %'12.0f %'9.1f %8s\n", m->supply_site, m->demand_site,
              sm_resource_to_key (m->pair.supply_resource), a->allocated, m->econ.investment_eur,
              m->econ.lcoh_eur_mwh, payback);
    }
  printf ("\n");
  /* TRANSLATORS: the portfolio's totals */
  printf (_("Heat delivered: %'.0f MWh/yr\n"), p->heat_delivered_mwh_yr);
  /* TRANSLATORS: %'.0f is a number with thousands separators */
  printf (_("Cooling delivered: %'.0f MWh/yr\n"), p->cooling_delivered_mwh_yr);
  /* TRANSLATORS: %'.0f is a number with thousands separators */
  printf (_("Materials: %'.0f t/yr\n"), p->material_t_yr);
  /* TRANSLATORS: %'.0f is a number with thousands separators */
  printf (_("Water: %'.0f m³/yr\n"), p->water_m3_yr);
  /* TRANSLATORS: %'.0f is a number with thousands separators */
  printf (_("CO₂ reused: %'.0f t/yr\n"), p->co2_t_yr);
  /* TRANSLATORS: %'.0f is a number with thousands separators */
  printf (_("Investment: %'.0f €\n"), p->investment_eur);
  /* TRANSLATORS: %'.0f is a number with thousands separators */
  printf (_("Yearly cost: %'.0f €/yr\n"), p->annual_cost_eur_yr);
  /* TRANSLATORS: %'.0f is a number with thousands separators */
  printf (_("CO₂ avoided: %'.0f t/yr\n"), p->co2_avoided_t_yr);
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
