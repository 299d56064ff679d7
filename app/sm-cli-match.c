/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli match PROJECT --flow ID [--radius-km R] [--limit N]
 *   [--no-heat-pump] [--json]
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-text-table.h"
#include "sm-synergy.h"

static double
round_to (double v,
          double step)
{
  return isnan (v) ? v : round (v / step) * step;
}

/**
 * sm_cli_json_add_economics:
 *
 * The economics keys of a match (CLI.md revision 2): money to whole
 * euros, one-off investment apart from yearly costs.
 */
void
sm_cli_json_add_economics (JsonBuilder     *b,
                           const SmSynergy *m)
{
  const SmEconomics *e = &m->econ;

  sm_json_add_double_or_null (b, "capacity_mw", round_to (e->capacity_mw, 0.001));
  sm_json_add_double_or_null (b, "delivered_net", round_to (e->delivered_net, 0.001));
  sm_json_add_double_or_null (b, "heat_loss_mwh", round_to (e->heat_loss_mwh, 0.001));
  sm_json_add_double_or_null (b, "investment_eur", round (e->investment_eur));
  sm_json_add_double_or_null (b, "annual_cost_eur_yr", round (e->annual_cost_eur_yr));
  sm_json_add_double_or_null (b, "lcoh_eur_mwh", round_to (e->lcoh_eur_mwh, 0.01));
  sm_json_add_double_or_null (b, "payback_yr", round_to (e->payback_yr, 0.01));
  sm_json_add_double_or_null (b, "co2_avoided_t_yr", round_to (e->co2_avoided_t_yr, 0.1));
  sm_json_add_string_or_null (b, "transport", e->transport == SM_TRANSPORT_PIPE ? "pipe" : "truck");
  sm_json_add_double_or_null (b, "trucks_per_yr", e->transport == SM_TRANSPORT_TRUCK ? e->trucks_per_yr : 0);
  sm_json_add_double_or_null (b, "electricity_mwh_yr", round_to (e->electricity_mwh_yr, 0.001));
  sm_json_add_double_or_null (b, "truck_eur_yr", round (e->truck_eur_yr));
  sm_json_add_double_or_null (b, "pipe_option_eur_yr", round (e->pipe_option_eur_yr));
  json_builder_set_member_name (b, "existing");
  json_builder_add_boolean_value (b, m->existing);
}

static void
print_json (const SmFlow *flow,
            double        available,
            double        radius_km,
            GPtrArray    *matches)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "flow");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "flow_id");
  json_builder_add_int_value (b, flow->flow_id);
  json_builder_set_member_name (b, "site_id");
  json_builder_add_int_value (b, flow->site_id);
  sm_json_add_string_or_null (b, "site_name", flow->site_name);
  sm_json_add_string_or_null (b, "direction", sm_direction_to_key (flow->direction));
  sm_json_add_string_or_null (b, "resource", sm_resource_to_key (flow->resource));
  sm_json_add_double_or_null (b, "amount", flow->amount);
  sm_json_add_string_or_null (b, "unit", flow->unit);
  sm_json_add_double_or_null (b, "temperature_c", flow->temperature_c);
  sm_json_add_double_or_null (b, "available", available);
  json_builder_end_object (b);
  sm_json_add_double_or_null (b, "radius_km", radius_km);

  json_builder_set_member_name (b, "matches");
  json_builder_begin_array (b);
  for (guint i = 0; i < matches->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (matches, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "flow_id");
      json_builder_add_int_value (b, m->flow_id);
      json_builder_set_member_name (b, "site_id");
      json_builder_add_int_value (b, m->site_id);
      sm_json_add_string_or_null (b, "site_name", m->site_name);
      sm_json_add_string_or_null (b, "resource", sm_resource_to_key (m->resource));
      sm_json_add_double_or_null (b, "amount", m->amount);
      sm_json_add_string_or_null (b, "unit", m->unit);
      sm_json_add_double_or_null (b, "temperature_c", m->temperature_c);
      sm_json_add_double_or_null (b, "matched_amount", round_to (m->matched_amount, 0.001));
      sm_json_add_double_or_null (b, "straight_m", round (m->straight_m * 10) / 10);
      sm_json_add_double_or_null (b, "route_m", round (m->route_m * 10) / 10);
      sm_json_add_string_or_null (b, "route_method", m->route_method);
      json_builder_set_member_name (b, "heat_pump");
      json_builder_add_boolean_value (b, m->heat_pump);
      sm_json_add_double_or_null (b, "cop", m->cop);
      json_builder_set_member_name (b, "internal");
      json_builder_add_boolean_value (b, m->internal);
      sm_json_add_double_or_null (b, "cost_eur", round (sm_synergy_legacy_cost (m)));
      sm_cli_json_add_economics (b, m);
      sm_json_add_string_or_null (b, "status", m->status);
      json_builder_set_member_name (b, "notes");
      json_builder_begin_array (b);
      for (guint n = 0; n < SM_N_MATCH_NOTES; n++)
        if (m->notes & (1u << n))
          json_builder_add_string_value (b, sm_match_note_to_key (1u << n));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  sm_cli_print_json (root);
}

static void
print_text (const SmFlow *flow,
            double        radius_km,
            GPtrArray    *matches)
{
  g_autofree char *flow_site = sm_text_escape (flow->site_name, FALSE);

  /* TRANSLATORS: %s: a site; then the resource, its amount and unit, and the radius */
  printf (_("%s: %s %s, %'.0f %s, within %'.1f km\n"), flow_site,
          sm_direction_get_label (flow->direction), sm_resource_get_label (flow->resource),
          flow->amount, flow->unit, radius_km);
  if (matches->len == 0)
    {
      printf ("%s\n", _("No compatible flows nearby."));
      return;
    }
  /* TRANSLATORS: column headings of the match list; keep the widths */
  printf ("%-6s %-34s %14s %8s %10s %12s %9s %8s  %s\n", _("Flow"), _("Site"), _("Matched"), _("°C"),
          _("Route km"), _("Investment €"), _("€/MWh"), _("Payback"), _("Notes"));
  for (guint i = 0; i < matches->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (matches, i);
      g_autofree char *temp = isnan (m->temperature_c) ? g_strdup ("")
                                                       : g_strdup_printf ("%.1f", m->temperature_c);
      g_autoptr (GString) notes = g_string_new (NULL);
      g_autofree char *site_name = sm_text_escape (m->site_name, FALSE);

      for (guint n = 0; n < SM_N_MATCH_NOTES; n++)
        if (m->notes & (1u << n))
          {
            if (notes->len > 0)
              g_string_append (notes, "; ");
            g_string_append (notes, sm_match_note_get_label (1u << n));
          }
      if (m->heat_pump)
        g_string_append_printf (notes, " (COP %.1f)", m->cop);
      g_autofree char *payback = isnan (m->econ.payback_yr) ? g_strdup ("–")
                                 : g_strdup_printf ("%.1f", m->econ.payback_yr);

      printf ("%-6" G_GINT64_FORMAT " %-34.34s %'14.0f %8s %'10.2f %'12.0f %'9.1f %8s  %s\n", m->flow_id,
              site_name, m->matched_amount, temp, m->route_m / 1000.0, m->econ.investment_eur,
              m->econ.lcoh_eur_mwh, payback, notes->str);
    }
}

int
sm_cli_match (int    argc,
              char **argv)
{
  gint64 flow_id = 0;
  double radius_km = 0;
  int limit = 0;
  gboolean no_heat_pump = FALSE, json = FALSE;
  const GOptionEntry entries[] = {
    { "flow", 0, 0, G_OPTION_ARG_INT64, &flow_id, N_("The flow to match (its number)"), N_("ID") },
    { "radius-km", 0, 0, G_OPTION_ARG_DOUBLE, &radius_km,
      N_("How far to look, in km (default: 10 for heat and water, 25 for CO2, 50 for materials)"),
      N_("R") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N matches"), N_("N") },
    { "no-heat-pump", 0, 0, G_OPTION_ARG_NONE, &no_heat_pump,
      N_("Only heat that is warm enough as it is"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (SmFlow) flow = NULL;
  g_autoptr (GPtrArray) matches = NULL;
  g_autoptr (GError) error = NULL;
  SmMatchOptions options;
  int status;

  context = sm_cli_option_context_new ("match", _("PROJECT"),
                                       _("The flows nearby that can use a supply, or that a demand "
                                         "can use, nearest first."),
                                       entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 1)) != SM_CLI_OK)
    return status;
  if (flow_id <= 0)
    return sm_cli_usage_error ("match", _("--flow is needed: the number of a flow"));
  if (!sm_cli_check_radius ("match", radius_km, &status))
    return status;
  if (radius_km < 0 || limit < 0)
    return sm_cli_usage_error ("match", _("--radius-km and --limit cannot be negative"));
  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;
  if ((flow = sm_project_get_flow (project, flow_id, &error)) == NULL)
    return sm_cli_fail (error);

  sm_match_options_init (&options);
  options.radius_km = radius_km;
  options.limit = limit;
  options.heat_pumps = !no_heat_pump;
  if ((matches = sm_synergy_find (project, flow_id, &options, &error)) == NULL)
    return sm_cli_fail (error);
  if (radius_km <= 0)
    radius_km = sm_match_default_radius_km (flow->resource);

  if (json)
    print_json (flow, sm_synergy_flow_available (project, flow->flow_id, flow->amount), radius_km,
                matches);
  else
    print_text (flow, radius_km, matches);
  return SM_CLI_OK;
}
