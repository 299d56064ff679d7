/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli route PROJECT --from-site ID --to-site ID [--kinds K,...] [--json]
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-format-text.h"
#include "sm-route.h"

int
sm_cli_route (int    argc,
              char **argv)
{
  g_autofree char *from_arg = NULL;
  g_autofree char *to_arg = NULL;
  g_autofree char *kinds_arg = NULL;
  g_auto (GStrv) kinds = NULL;
  SmRouteOptions options = { 0 };
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "from-site", 0, 0, G_OPTION_ARG_STRING, &from_arg, N_("The site the pipe starts at"), N_("ID") },
    { "to-site", 0, 0, G_OPTION_ARG_STRING, &to_arg, N_("The site the pipe ends at"), N_("ID") },
    { "kinds", 0, 0, G_OPTION_ARG_STRING, &kinds_arg,
      N_("Follow only network lines of these kinds, e.g. road (lines without a kind always)"),
      N_("KIND,…") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (SmRoute) route = NULL;
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
  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
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
  }
  if (route->reason != NULL)
    /* TRANSLATORS: %s says why, e.g. “the start is more than 2 km from the network” */
    printf (_("Estimated as the straight line × 1.25: %s\n"), route->reason);
  else
    printf ("%s\n", _("Along the network lines, with straight stubs from each site"));
  return SM_CLI_OK;
}
