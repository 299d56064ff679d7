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
#include "sm-cli-economics.h"
#include "sm-format-text.h"
#include "sm-text-table.h"
#include "sm-synergy.h"

/* The members every pair carries in `match --json` and `route --json`'s
 * pairs, from heat_pump to notes (docs/CLI.md) */
void
sm_cli_json_add_pair_figures (JsonBuilder     *b,
                              const SmSynergy *m)
{
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
}

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
      sm_cli_json_add_pair_figures (b, m);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  sm_cli_print_json (root);
}

/* The unit a levelised cost is per: SI symbols, the same in every language */
const char *
sm_cli_delivered_unit (SmResource resource)
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

/* What the flow asked about is, as one whole sentence per direction and
 * resource, so that no label is inserted into a sentence (issue 18) */
static const char *
flow_sentence (SmDirection direction,
               SmResource  resource)
{
  gboolean supply = direction == SM_DIRECTION_SUPPLY;

  switch (resource)
    {
    case SM_RESOURCE_HEAT:
      if (supply)
        /* TRANSLATORS: the first %s is a site, the second an amount, perhaps with its
         * temperature (“1,250,000 MWh/yr at 75.5 °C”) */
        return _("%s has excess heat: %s.");
      /* TRANSLATORS: the first %s is a site, the second an amount, perhaps with its
       * temperature (“1,250,000 MWh/yr at 75.5 °C”) */
      return _("%s needs heat: %s.");
    case SM_RESOURCE_STEAM:
      if (supply)
        /* TRANSLATORS: the first %s is a site, the second an amount */
        return _("%s has excess steam: %s.");
      /* TRANSLATORS: the first %s is a site, the second an amount */
      return _("%s needs steam: %s.");
    case SM_RESOURCE_COOLING:
      if (supply)
        /* TRANSLATORS: the first %s is a site, the second an amount */
        return _("%s has cooling to spare: %s.");
      /* TRANSLATORS: the first %s is a site, the second an amount */
      return _("%s needs cooling: %s.");
    case SM_RESOURCE_WATER:
      if (supply)
        /* TRANSLATORS: the first %s is a site, the second an amount */
        return _("%s has surplus water: %s.");
      /* TRANSLATORS: the first %s is a site, the second an amount */
      return _("%s needs water: %s.");
    case SM_RESOURCE_CO2:
      if (supply)
        /* TRANSLATORS: the first %s is a site, the second an amount */
        return _("%s has CO₂ to pass on: %s.");
      /* TRANSLATORS: the first %s is a site, the second an amount */
      return _("%s needs CO₂: %s.");
    case SM_RESOURCE_MATERIAL:
    case SM_RESOURCE_INVALID:
    case SM_N_RESOURCES:
    default:
      if (supply)
        /* TRANSLATORS: the first %s is a site, the second an amount */
        return _("%s has a by-product to pass on: %s.");
      /* TRANSLATORS: the first %s is a site, the second an amount */
      return _("%s needs a material: %s.");
    }
}

/* An amount in the flow's unit: the canonical one as the user's language
 * writes it, another as the data keeps it */
static char *
amount_text (double      amount,
             SmResource  resource,
             const char *unit)
{
  g_autofree char *number = NULL;

  if (unit == NULL || g_strcmp0 (unit, sm_resource_get_unit (resource)) == 0)
    return sm_format_amount (amount, resource);
  number = sm_format_number (amount, fabs (amount) < 10 && amount != 0 ? 1 : 0);
  return g_strdup_printf (C_("amount", "%s %s"), number, unit);
}

static char *
number_or_dash (double value,
                int    decimals)
{
  return isnan (value) ? g_strdup ("–") : sm_format_number (value, decimals);
}

/**
 * sm_cli_economics_text:
 * @skip_notes: SmMatchNote flags to leave out (the command says them otherwise)
 *
 * A pair's investment, levelised cost, payback and notes as `match` writes
 * them in its table; `route` writes its pairs the same way.
 */
void
sm_cli_economics_text (const SmSynergy    *m,
                       guint               skip_notes,
                       SmCliEconomicsText *text)
{
  const SmEconomics *e = &m->econ;
  g_autoptr (GString) notes = g_string_new (NULL);

  text->investment = number_or_dash (m->internal ? NAN : round (e->investment_eur), 0);
  text->lcoh = number_or_dash (m->internal ? NAN : e->lcoh_eur_mwh, 1);
  if (!isnan (e->payback_yr))
    text->payback = sm_format_number (e->payback_yr, 1);
  else if (m->notes & SM_MATCH_NOTE_NO_PAYBACK)
    text->payback = g_strdup (sm_match_note_get_label (SM_MATCH_NOTE_NO_PAYBACK));
  else
    text->payback = g_strdup ("–");

  for (guint n = 0; n < SM_N_MATCH_NOTES; n++)
    {
      SmMatchNote note = 1u << n;
      g_autofree char *cop = NULL;

      /* the payback column says it already */
      if (!(m->notes & note) || note == SM_MATCH_NOTE_NO_PAYBACK || (skip_notes & note))
        continue;
      if (notes->len > 0)
        g_string_append (notes, "; ");
      if (note == SM_MATCH_NOTE_HEAT_PUMP && !isnan (m->cop))
        {
          cop = sm_format_number (m->cop, 1);
          /* TRANSLATORS: a note of a match; %s is the heat pump's COP, “7.0” */
          g_string_append_printf (notes, _("through a heat pump, COP %s"), cop);
        }
      else
        g_string_append (notes, sm_match_note_get_label (note));
    }
  text->notes = g_string_free (g_steal_pointer (&notes), FALSE);
}

void
sm_cli_economics_text_clear (SmCliEconomicsText *text)
{
  g_clear_pointer (&text->investment, g_free);
  g_clear_pointer (&text->lcoh, g_free);
  g_clear_pointer (&text->payback, g_free);
  g_clear_pointer (&text->notes, g_free);
}

static void
print_text (const SmFlow *flow,
            double        radius_km,
            GPtrArray    *matches)
{
  g_autofree char *flow_site = sm_text_escape (flow->site_name, FALSE);
  g_autofree char *amount = amount_text (flow->amount, flow->resource, flow->unit);
  g_autofree char *temperature = sm_format_temperature (flow->temperature_c);
  g_autofree char *radius = sm_format_distance (radius_km * 1000);
  g_autofree char *what = NULL;
  g_autofree char *cost_title = NULL;
  g_autofree char *table_text = NULL;
  g_autoptr (SmTextTable) table = NULL;
  gboolean supply = flow->direction == SM_DIRECTION_SUPPLY;
  SmResource demand_resource = flow->resource;

  /* TRANSLATORS: an amount and the temperature it comes at or is needed at,
   * “1,250,000 MWh/yr at 75.5 °C” */
  what = temperature != NULL ? g_strdup_printf (C_("amount", "%s at %s"), amount, temperature)
                             : g_strdup (amount);
  printf (flow_sentence (flow->direction, flow->resource), flow_site, what);
  putchar (' ');
  if (matches->len == 0)
    {
      /* TRANSLATORS: %s is a radius, “10.0 km”; “it” is the supply */
      printf (supply ? _("No demand within %s can use it.")
                     /* TRANSLATORS: %s is a radius, “10.0 km”; “it” is the demand */
                     : _("No supply within %s can meet it."),
              radius);
      putchar ('\n');
      return;
    }
  if (supply)
    /* TRANSLATORS: %d is a count of demands, %s a radius, “10.0 km”; “it” is the supply */
    printf (g_dngettext (GETTEXT_PACKAGE, "%d demand within %s can use it:",
                         "%d demands within %s can use it:", matches->len),
            (int) matches->len, radius);
  else
    /* TRANSLATORS: %d is a count of supplies, %s a radius, “10.0 km”; “it” is the demand */
    printf (g_dngettext (GETTEXT_PACKAGE, "%d supply within %s can meet it:",
                         "%d supplies within %s can meet it:", matches->len),
            (int) matches->len, radius);
  printf ("\n\n");

  if (supply)
    demand_resource = ((SmSynergy *) g_ptr_array_index (matches, 0))->pair.demand_resource;
  table = sm_text_table_new ();
  cost_title = g_strdup_printf ("€/%s", sm_cli_delivered_unit (demand_resource));
  /* TRANSLATORS: column headings of the match list */
  sm_text_table_add_column (table, _("Flow"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Site"), SM_TEXT_ALIGN_START, 32);
  sm_text_table_add_column (table, _("Matched"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("°C"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Route km"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Investment €"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, cost_title, SM_TEXT_ALIGN_END, 0);
  /* TRANSLATORS: column heading: the simple payback time in years */
  sm_text_table_add_column (table, _("Payback (years)"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Notes"), SM_TEXT_ALIGN_START, 0);
  for (guint i = 0; i < matches->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (matches, i);
      g_auto (SmCliEconomicsText) econ = { 0 };
      g_autofree char *matched = sm_format_amount (m->matched_amount, m->pair.demand_resource);
      g_autofree char *temp = isnan (m->temperature_c)
                                ? g_strdup ("")
                                : sm_format_number (m->temperature_c,
                                                    m->temperature_c == round (m->temperature_c) ? 0 : 1);
      g_autofree char *route = sm_format_number (m->route_m / 1000.0, 1);

      sm_cli_economics_text (m, 0, &econ);
      sm_text_table_add_cell_printf (table, "%" G_GINT64_FORMAT, m->flow_id);
      sm_text_table_add_cell (table, m->site_name);
      sm_text_table_add_cell (table, matched);
      sm_text_table_add_cell (table, temp);
      sm_text_table_add_cell (table, route);
      sm_text_table_add_cell (table, econ.investment);
      sm_text_table_add_cell (table, econ.lcoh);
      sm_text_table_add_cell (table, econ.payback);
      sm_text_table_add_cell (table, econ.notes);
    }
  table_text = sm_text_table_to_string (table);
  fputs (table_text, stdout);
}

/* How many flows a site with several lists in the error */
#define MAX_FLOW_CANDIDATES 12

/* --flow (and --site): a flow's number, or a site (number, key or name)
 * with exactly one flow of the direction and resource asked; a site
 * with several lists them. Returns the flow_id, or 0 with @error set. */
static gint64
resolve_flow (SmProject   *project,
              const char  *flow_arg,
              const char  *site_arg,
              SmDirection  direction,
              SmResource   resource,
              GError     **error)
{
  g_autoptr (GPtrArray) flows = NULL;
  g_autoptr (GPtrArray) fitting = NULL;
  g_autoptr (GString) list = NULL;
  g_autoptr (SmSite) site = NULL;
  g_autofree char *site_name = NULL;
  const char *text = flow_arg != NULL ? flow_arg : site_arg;
  char *end = NULL;
  gint64 site_id;

  /* A number given to --flow is a flow's number, as it always was */
  if (flow_arg != NULL)
    {
      gint64 id = g_ascii_strtoll (flow_arg, &end, 10);

      if (end != flow_arg && *end == '\0')
        return id;
    }
  if ((site_id = sm_cli_resolve_site (project, text, error)) == 0)
    return 0;
  if ((flows = sm_project_list_flows (project, site_id, error)) == NULL
      || (site = sm_project_get_site (project, site_id, error)) == NULL)
    return 0;
  fitting = g_ptr_array_new ();
  for (guint i = 0; i < flows->len; i++)
    {
      SmFlow *f = g_ptr_array_index (flows, i);

      if ((direction == SM_DIRECTION_INVALID || f->direction == direction)
          && (resource == SM_RESOURCE_INVALID || f->resource == resource))
        g_ptr_array_add (fitting, f);
    }
  if (fitting->len == 1)
    return ((SmFlow *) g_ptr_array_index (fitting, 0))->flow_id;

  site_name = sm_text_escape (site->name, FALSE);
  if (fitting->len == 0)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %s is a site's name */
                   _("%s has no flow of the kind asked; see its flows with “symbiomap-cli flows "
                     "PROJECT --site ID”"),
                   site_name);
      return 0;
    }
  list = g_string_new (NULL);
  for (guint i = 0; i < fitting->len && i < MAX_FLOW_CANDIDATES; i++)
    {
      SmFlow *f = g_ptr_array_index (fitting, i);
      g_autofree char *amount = amount_text (f->amount, f->resource, f->unit);

      if (i > 0)
        g_string_append (list, "; ");
      /* TRANSLATORS: one candidate flow: its number, direction, resource and amount,
       * “3: Supply, Heat, 42,000 MWh/yr” */
      g_string_append_printf (list, _("%lld: %s, %s, %s"), (long long) f->flow_id,
                              sm_direction_get_label (f->direction),
                              sm_resource_get_label (f->resource), amount);
    }
  if (fitting->len > MAX_FLOW_CANDIDATES)
    g_string_append (list, "; …");
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
               /* TRANSLATORS: %d is a count of flows, the first %s a site's name, the second
                * the list of its flows; --direction and --resource are options */
               g_dngettext (GETTEXT_PACKAGE, "%s has %d flow (%s); give its number to --flow",
                            "%s has %d flows (%s); give one's number to --flow, or narrow "
                            "them with --direction and --resource",
                            fitting->len),
               site_name, (int) fitting->len, list->str);
  return 0;
}

int
sm_cli_match (int    argc,
              char **argv)
{
  g_autofree char *flow_arg = NULL;
  g_autofree char *site_arg = NULL;
  g_autofree char *direction_arg = NULL;
  g_autofree char *resource_arg = NULL;
  SmDirection direction = SM_DIRECTION_INVALID;
  SmResource resource = SM_RESOURCE_INVALID;
  gint64 flow_id = 0;
  double radius_km = 0;
  int limit = 0;
  g_autofree char *router_arg = NULL;
  gboolean no_heat_pump = FALSE, json = FALSE;
  const GOptionEntry entries[] = {
    { "flow", 0, 0, G_OPTION_ARG_STRING, &flow_arg,
      N_("The flow to match: its number, or a site (key or name) with one flow of the kind "
         "asked"),
      N_("ID") },
    { "site", 0, 0, G_OPTION_ARG_STRING, &site_arg,
      N_("Instead of --flow: the site (number, key or name) whose one flow of the kind asked "
         "to match"),
      N_("SITE") },
    { "direction", 0, 0, G_OPTION_ARG_STRING, &direction_arg,
      N_("With a site: only its supply or its demand: supply, demand"), N_("DIRECTION") },
    { "resource", 0, 0, G_OPTION_ARG_STRING, &resource_arg,
      N_("With a site: only its flow of this resource: heat, steam, cooling, water, co2, "
         "material"),
      N_("KEY") },
    { "radius-km", 0, 0, G_OPTION_ARG_DOUBLE, &radius_km,
      N_("How far to look, in km (default: 10 for heat and water, 25 for CO2, 50 for materials)"),
      N_("R") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("Show at most N matches"), N_("N") },
    { "no-heat-pump", 0, 0, G_OPTION_ARG_NONE, &no_heat_pump,
      N_("Only heat that is warm enough as it is"), NULL },
    { "router", 0, 0, G_OPTION_ARG_STRING, &router_arg,
      N_("Search with this router: builtin (the default) or pgrouting (a database with the "
         "pgRouting extension)"),
      N_("ROUTER") },
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
  if ((flow_arg == NULL) == (site_arg == NULL))
    return sm_cli_usage_error ("match", _("--flow or --site is needed, one of them: the number "
                                          "of a flow, or a site"));
  if (flow_arg != NULL)
    {
      char *end = NULL;
      gint64 id = g_ascii_strtoll (flow_arg, &end, 10);

      if (end != flow_arg && *end == '\0' && id <= 0)
        return sm_cli_usage_error ("match", _("--flow is needed: the number of a flow"));
    }
  if (direction_arg != NULL
      && (direction = sm_direction_from_key (direction_arg)) == SM_DIRECTION_INVALID)
    /* TRANSLATORS: %s is what the user gave to --direction */
    return sm_cli_usage_error ("match", _("“%s” is not a direction; use supply or demand"),
                               direction_arg);
  if (resource_arg != NULL
      && (resource = sm_resource_from_key (resource_arg)) == SM_RESOURCE_INVALID)
    /* TRANSLATORS: %s is what the user gave to --resource */
    return sm_cli_usage_error ("match", _("“%s” is not a resource; use heat, steam, cooling, "
                                          "water, co2 or material"),
                               resource_arg);
  if (!sm_cli_check_radius ("match", radius_km, &status))
    return status;
  if (radius_km < 0 || limit < 0)
    return sm_cli_usage_error ("match", _("--radius-km and --limit cannot be negative"));
  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;
  if ((status = sm_cli_set_router ("match", project, router_arg)) != SM_CLI_OK)
    return status;
  if ((flow_id = resolve_flow (project, flow_arg, site_arg, direction, resource, &error)) == 0)
    return sm_cli_fail (error);
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
