/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli route PROJECT --from-site ID --to-site ID [--kinds K,...] [--flow ID] [--json]
 *
 * Below the route, what it could carry: every supply of the first site
 * that a demand of the second can use, by the matcher's own rules and
 * cost model (sm-synergy.c, sm-economics.c), priced at this route's length.
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-cli-economics.h"
#include "sm-economics.h"
#include "sm-format-text.h"
#include "sm-route.h"
#include "sm-text-table.h"

/* Prices @m at @route's length: the figures `match` gives the pair when its
 * route is this one. The matcher found the pair, its amounts and its
 * truck's road route; only the pipe's length changes, so the economics are
 * computed again by the same function. Returns FALSE when nothing is left
 * to carry at this length (the matcher drops such a pair too). */
static gboolean
take_route_length (SmSynergy          *m,
                   const SmRoute      *route,
                   const SmEconParams *params)
{
  if (m->internal)
    return TRUE;
  m->straight_m = route->straight_m;
  m->route_m = route->route_m;
  m->route_method = route->method;
  if (g_str_equal (route->method, "network"))
    m->notes &= ~SM_MATCH_NOTE_DETOUR;
  else
    m->notes |= SM_MATCH_NOTE_DETOUR;
  m->pair.route_m = route->route_m;
  /* Materials go by truck along the route (as the matcher routes them) */
  if (m->pair.demand_resource == SM_RESOURCE_MATERIAL)
    m->pair.truck_route_m = route->route_m;
  sm_economics_compute (params, &m->pair, &m->econ);
  m->matched_amount = m->econ.amount;
  m->notes &= ~SM_MATCH_NOTE_NO_PAYBACK;
  if (m->econ.thermal && isnan (m->econ.payback_yr))
    m->notes |= SM_MATCH_NOTE_NO_PAYBACK;
  return m->existing || (m->econ.viable && m->econ.amount > 0);
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const SmSynergy *x = *(SmSynergy * const *) a;
  const SmSynergy *y = *(SmSynergy * const *) b;

  if (x->supply_flow_id != y->supply_flow_id)
    return x->supply_flow_id < y->supply_flow_id ? -1 : 1;
  return x->demand_flow_id < y->demand_flow_id ? -1 : x->demand_flow_id > y->demand_flow_id;
}

/* The pairs of a supply of @from (or only @only_flow) and a demand of @to:
 * the matcher's search from each supply, with a radius that just reaches
 * @to, kept to @to's demands */
static GPtrArray *
find_pairs (SmProject     *project,
            gint64         from,
            gint64         to,
            gint64         only_flow,
            const SmRoute *route,
            GError       **error)
{
  g_autoptr (GPtrArray) pairs = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_synergy_free);
  g_autoptr (GPtrArray) flows = sm_project_list_flows (project, from, error);
  SmMatchOptions options;
  SmEconParams params;
  gboolean found = only_flow == 0;

  if (flows == NULL)
    return NULL;
  sm_econ_params_load (project, &params);
  sm_match_options_init (&options);
  /* a metre beyond the other site: the matcher's radius is inclusive */
  options.radius_km = (route->straight_m + 1.0) / 1000.0;
  for (guint i = 0; i < flows->len; i++)
    {
      SmFlow *f = g_ptr_array_index (flows, i);
      g_autoptr (GPtrArray) matches = NULL;

      if (f->direction != SM_DIRECTION_SUPPLY || (only_flow != 0 && f->flow_id != only_flow))
        continue;
      found = TRUE;
      if ((matches = sm_synergy_find (project, f->flow_id, &options, error)) == NULL)
        return NULL;
      for (guint k = 0; k < matches->len; k++)
        {
          SmSynergy *m = g_ptr_array_index (matches, k);

          if (m->site_id == to && take_route_length (m, route, &params))
            g_ptr_array_add (pairs, sm_synergy_copy (m));
        }
    }
  if (!found)
    {
      g_autoptr (SmSite) site = sm_project_get_site (project, from, NULL);
      g_autofree char *name = sm_text_escape (site != NULL ? site->name : "", FALSE);

      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %lld is the number given to --flow, %s a site's name;
                    * “symbiomap-cli flows …” is a command, not to be translated */
                   _("Flow %lld is not a supply of %s; see its flows with “symbiomap-cli flows "
                     "PROJECT --site ID”"),
                   (long long) only_flow, name);
      return NULL;
    }
  g_ptr_array_sort (pairs, compare_pairs);
  return g_steal_pointer (&pairs);
}

/* The keys and rounding of `match --json` (docs/CLI.md) */
static void
add_pairs_json (JsonBuilder *b,
                GPtrArray   *pairs)
{
  json_builder_set_member_name (b, "pairs");
  json_builder_begin_array (b);
  for (guint i = 0; i < pairs->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (pairs, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "supply_flow_id");
      json_builder_add_int_value (b, m->supply_flow_id);
      json_builder_set_member_name (b, "demand_flow_id");
      json_builder_add_int_value (b, m->demand_flow_id);
      sm_json_add_string_or_null (b, "resource", sm_resource_to_key (m->pair.supply_resource));
      sm_json_add_string_or_null (b, "unit", sm_resource_get_unit (m->pair.demand_resource));
      sm_json_add_double_or_null (b, "matched_amount",
                                  isnan (m->matched_amount) ? NAN
                                                            : round (m->matched_amount * 1000) / 1000);
      sm_cli_json_add_pair_figures (b, m);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

/* A sentence, then one row a pair with the figures `match` shows */
static void
print_pairs_text (const SmSite *a,
                  const SmSite *b,
                  GPtrArray    *pairs)
{
  g_autoptr (SmTextTable) table = NULL;
  g_autofree char *text = NULL;

  putchar ('\n');
  if (pairs->len == 0)
    {
      g_autofree char *from = sm_text_escape (a->name, FALSE);
      g_autofree char *to = sm_text_escape (b->name, FALSE);

      /* TRANSLATORS: the first %s is the site a route starts at, the second the
       * site it ends at */
      printf (_("No supply of %s can serve a demand of %s."), from, to);
      putchar ('\n');
      return;
    }
  /* TRANSLATORS: %d is a count of pairs of flows: a supply of the route's first
   * site and a demand of its second */
  printf (g_dngettext (GETTEXT_PACKAGE, "%d pair of a supply and a demand can use this route:",
                       "%d pairs of a supply and a demand can use this route:", pairs->len),
          (int) pairs->len);
  printf ("\n\n");

  table = sm_text_table_new ();
  /* TRANSLATORS: column headings of a route's pairs: the supply's and the
   * demand's flow numbers, what the pipe carries and what it costs */
  sm_text_table_add_column (table, _("Supply"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Demand"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Resource"), SM_TEXT_ALIGN_START, 0);
  sm_text_table_add_column (table, _("Matched"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Investment €"), SM_TEXT_ALIGN_END, 0);
  /* TRANSLATORS: column heading: the levelised cost, “12.5 €/MWh” */
  sm_text_table_add_column (table, C_("column", "Levelised cost"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Payback (years)"), SM_TEXT_ALIGN_END, 0);
  sm_text_table_add_column (table, _("Notes"), SM_TEXT_ALIGN_START, 0);
  for (guint i = 0; i < pairs->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (pairs, i);
      g_auto (SmCliEconomicsText) econ = { 0 };
      g_autofree char *matched = sm_format_amount (m->matched_amount, m->pair.demand_resource);
      g_autofree char *lcoh = NULL;

      /* the route's method is said above the table */
      sm_cli_economics_text (m, SM_MATCH_NOTE_DETOUR, &econ);
      if (g_str_equal (econ.lcoh, "–"))
        lcoh = g_strdup (econ.lcoh);
      else
        /* TRANSLATORS: a levelised cost, “12.5 €/MWh”; the second %s is a unit symbol */
        lcoh = g_strdup_printf (_("%s €/%s"), econ.lcoh,
                                sm_cli_delivered_unit (m->pair.demand_resource));
      sm_text_table_add_cell_printf (table, "%" G_GINT64_FORMAT, m->supply_flow_id);
      sm_text_table_add_cell_printf (table, "%" G_GINT64_FORMAT, m->demand_flow_id);
      sm_text_table_add_cell (table, sm_resource_get_label (m->pair.supply_resource));
      sm_text_table_add_cell (table, matched);
      sm_text_table_add_cell (table, econ.investment);
      sm_text_table_add_cell (table, lcoh);
      sm_text_table_add_cell (table, econ.payback);
      sm_text_table_add_cell (table, econ.notes);
    }
  text = sm_text_table_to_string (table);
  fputs (text, stdout);
}

/**
 * sm_cli_set_router:
 * @router: (nullable): --router as given
 *
 * Returns: SM_CLI_OK, or the status to leave with after saying why
 */
int
sm_cli_set_router (const char *command,
                   SmProject  *project,
                   const char *router)
{
  g_autoptr (GError) error = NULL;
  SmRouteEngine engine;

  if (router == NULL)
    return SM_CLI_OK;
  if (!sm_route_engine_from_string (router, &engine, &error))
    return sm_cli_usage_error (command, "%s", error->message);
  if (engine == SM_ROUTE_ENGINE_PGROUTING && !sm_route_pgr_available (project, &error))
    return sm_cli_fail (error);
  sm_route_set_engine (project, engine);
  return SM_CLI_OK;
}

int
sm_cli_route (int    argc,
              char **argv)
{
  g_autofree char *from_arg = NULL;
  g_autofree char *to_arg = NULL;
  g_autofree char *kinds_arg = NULL;
  g_autofree char *router_arg = NULL;
  g_auto (GStrv) kinds = NULL;
  gint64 only_flow = 0;
  SmRouteOptions options = { 0 };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "from-site", 0, 0, G_OPTION_ARG_STRING, &from_arg, N_("The site the pipe starts at"), N_("ID") },
    { "to-site", 0, 0, G_OPTION_ARG_STRING, &to_arg, N_("The site the pipe ends at"), N_("ID") },
    { "kinds", 0, 0, G_OPTION_ARG_STRING, &kinds_arg,
      N_("Follow only network lines of these kinds, e.g. road (lines without a kind always)"),
      N_("KIND,…") },
    { "flow", 0, 0, G_OPTION_ARG_INT64, &only_flow,
      N_("Show the economics of this supply flow of the first site only"), N_("ID") },
    { "router", 0, 0, G_OPTION_ARG_STRING, &router_arg,
      N_("Search with this router: builtin (the default) or pgrouting (a database with the "
         "pgRouting extension)"),
      N_("ROUTER") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (SmRoute) route = NULL;
  g_autoptr (GPtrArray) pairs = NULL;
  g_autoptr (GError) error = NULL;
  SmRouter *router;
  gint64 from, to;
  int status;

  context = sm_cli_option_context_new ("route", _("PROJECT"),
                                       _("The pipe-route estimate between two sites: along the "
                                         "project's network lines, or the straight line times "
                                         "1.25 where the network does not reach. A site is named "
                                         "by its number, its key or its name."),
                                       entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 1)) != SM_CLI_OK)
    return status;
  if (from_arg == NULL || to_arg == NULL)
    return sm_cli_usage_error ("route", _("--from-site and --to-site are needed"));
  if (only_flow < 0)
    return sm_cli_usage_error ("route", _("--flow is needed: the number of a flow"));
  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;
  if ((status = sm_cli_set_router ("route", project, router_arg)) != SM_CLI_OK)
    return status;
  if ((from = sm_cli_resolve_site (project, from_arg, &error)) == 0
      || (to = sm_cli_resolve_site (project, to_arg, &error)) == 0)
    return sm_cli_fail (error);
  if (kinds_arg != NULL)
    {
      kinds = g_strsplit (kinds_arg, ",", -1);
      options.kinds = (const char * const *) kinds;
    }
  if ((router = sm_router_for_project (project, &error)) == NULL)
    return sm_cli_fail (error);
  {
    g_autoptr (SmSite) a = sm_project_get_site (project, from, &error);
    g_autoptr (SmSite) b = a != NULL ? sm_project_get_site (project, to, &error) : NULL;

    if (b == NULL
        || (route = sm_router_route_full (router, a->lat, a->lon, b->lat, b->lon, &options, &error)) == NULL)
      return sm_cli_fail (error);
  }
  if ((pairs = find_pairs (project, from, to, only_flow, route, &error)) == NULL)
    return sm_cli_fail (error);

  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "from_site");
      json_builder_add_int_value (b, from);
      json_builder_set_member_name (b, "to_site");
      json_builder_add_int_value (b, to);
      sm_json_add_double_or_null (b, "straight_m", round (route->straight_m * 10) / 10);
      sm_json_add_double_or_null (b, "route_m", round (route->route_m * 10) / 10);
      sm_json_add_string_or_null (b, "route_method", route->method);
      sm_json_add_string_or_null (b, "reason", route->reason);
      json_builder_set_member_name (b, "coordinates");
      json_builder_begin_array (b);
      for (guint i = 0; i + 1 < route->coordinates->len; i += 2)
        {
          json_builder_begin_array (b);
          json_builder_add_double_value (b, g_array_index (route->coordinates, double, i));
          json_builder_add_double_value (b, g_array_index (route->coordinates, double, i + 1));
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
      add_pairs_json (b, pairs);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sm_cli_print_json (root);
      return SM_CLI_OK;
    }

  {
    g_autoptr (SmSite) a = sm_project_get_site (project, from, NULL);
    g_autoptr (SmSite) b = sm_project_get_site (project, to, NULL);
    g_autofree char *straight = sm_format_distance (route->straight_m);
    g_autofree char *along = sm_format_distance (route->route_m);
    const char *fields[] = {
      /* TRANSLATORS: the site a pipe route starts at */
      C_("route", "From"), a != NULL ? a->name : "",
      /* TRANSLATORS: the site a pipe route ends at */
      C_("route", "To"), b != NULL ? b->name : "",
      _("Straight line"), straight,
      _("Pipe route"), along,
      NULL, NULL,
    };

    sm_cli_print_fields (fields);
    if (route->reason != NULL)
      /* TRANSLATORS: %s says why, e.g. “the start is more than 2 km from the network” */
      printf (_("Estimated as the straight line × 1.25: %s\n"), route->reason);
    else
      printf ("%s\n", _("Along the network lines, with straight stubs from each site"));
    if (a != NULL && b != NULL)
      print_pairs_text (a, b, pairs);
  }
  return SM_CLI_OK;
}
