/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli site add|set|delete|history PROJECT …
 * symbiomap-cli flow add|set|delete PROJECT …
 *
 * The window's site and flow forms for scripts, through the same store
 * functions (sm-project-edit.c). "set" changes only the options given.
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-parse.h"
#include "sm-project-edit.h"

typedef struct
{
  char *name, *sector, *ext_id, *org_number, *address, *contact_name, *contact_email, *phone;
  char *notes, *lat, *lon;
} SiteOptions;

typedef struct
{
  char *direction, *resource, *amount, *temperature, *hours, *ewc, *material, *notes;
} FlowOptions;

static void
site_options_clear (SiteOptions *o)
{
  char **fields[] = { &o->name, &o->sector, &o->ext_id, &o->org_number, &o->address,
                      &o->contact_name, &o->contact_email, &o->phone, &o->notes, &o->lat, &o->lon };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_clear_pointer (fields[i], g_free);
}

static void
flow_options_clear (FlowOptions *o)
{
  char **fields[] = { &o->direction, &o->resource, &o->amount, &o->temperature, &o->hours,
                      &o->ewc, &o->material, &o->notes };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_clear_pointer (fields[i], g_free);
}

/* Replaces *field with @value when the option was given; "" clears it */
static void
take (char       **field,
      const char  *value)
{
  if (value == NULL)
    return;
  g_free (*field);
  *field = *value ? g_strdup (value) : NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SiteOptions, site_options_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FlowOptions, flow_options_clear)

static gboolean
apply_site (SmSite       *site,
            SiteOptions  *o,
            GError      **error)
{
  take (&site->name, o->name);
  take (&site->sector, o->sector);
  take (&site->ext_id, o->ext_id);
  take (&site->org_number, o->org_number);
  take (&site->address, o->address);
  take (&site->contact_name, o->contact_name);
  take (&site->contact_email, o->contact_email);
  take (&site->phone, o->phone);
  take (&site->notes, o->notes);
  if (o->lat != NULL && !sm_parse_coordinate (o->lat, &site->lat))
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %s is the value the user gave; --lat is the option's name,
                    * keep it */
                   _("--lat “%s” is not a number"), o->lat);
      return FALSE;
    }
  if (o->lon != NULL && !sm_parse_coordinate (o->lon, &site->lon))
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %s is the value the user gave; --lon is the option's name,
                    * keep it */
                   _("--lon “%s” is not a number"), o->lon);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_optional_number (const char  *option,
                       const char  *text,
                       double      *value,
                       GError     **error)
{
  if (text == NULL)
    return TRUE;
  if (*text == '\0')
    {
      *value = NAN;
      return TRUE;
    }
  if (sm_parse_number (text, SM_NUMBER_STYLE_UNKNOWN, value) == SM_NUMBER_OK)
    return TRUE;
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
               /* TRANSLATORS: the option's name (e.g. --amount, keep it as it is), then the
                * value the user gave */
               _("%s “%s” is not a number"), option, text);
  return FALSE;
}

static gboolean
apply_flow (SmFlow       *flow,
            FlowOptions  *o,
            GError      **error)
{
  if (o->direction != NULL && (flow->direction = sm_parse_direction (o->direction)) < 0)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %s is the value the user gave; --direction is the option's
                    * name, keep it */
                   _("--direction “%s” is neither supply nor demand"), o->direction);
      return FALSE;
    }
  if (o->resource != NULL)
    {
      if ((flow->resource = sm_parse_resource (o->resource)) < 0)
        {
          g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                       /* TRANSLATORS: %s is the value the user gave; keep --resource and the
                        * six keys in English, they are what the option takes */
                       _("--resource “%s” is not one of heat, steam, cooling, water, co2, material"),
                       o->resource);
          return FALSE;
        }
      g_free (flow->unit);
      flow->unit = g_strdup (sm_resource_get_unit (flow->resource));
    }
  if (!parse_optional_number ("--amount", o->amount, &flow->amount, error)
      || !parse_optional_number ("--temperature", o->temperature, &flow->temperature_c, error)
      || !parse_optional_number ("--hours", o->hours, &flow->hours_per_year, error))
    return FALSE;
  if (o->ewc != NULL)
    {
      g_autofree char *reason = NULL;

      g_clear_pointer (&flow->ewc_code, g_free);
      if (*o->ewc != '\0')
        {
          flow->ewc_code = flow->direction == SM_DIRECTION_SUPPLY
                             ? sm_ewc_normalize_code (o->ewc, &reason)
                             : sm_ewc_normalize_list (o->ewc, &reason);
          if (flow->ewc_code == NULL)
            {
              g_set_error_literal (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID, reason);
              return FALSE;
            }
        }
    }
  take (&flow->material, o->material);
  take (&flow->notes, o->notes);
  return TRUE;
}

/* "site add|set|delete PROJECT …": the verb taken off, argv[0] stays the command */
static const char *
shift_verb (int    *argc,
            char ***argv)
{
  const char *verb;

  if (*argc < 2)
    return NULL;
  verb = (*argv)[1];
  (*argv)[1] = (*argv)[0];
  (*argc)--;
  (*argv)++;
  return verb;
}

static gint64
parse_id (const char *text)
{
  char *end = NULL;
  gint64 id = g_ascii_strtoll (text, &end, 10);

  return end != text && *end == '\0' && id > 0 ? id : 0;
}

/* After "set" on a shared database: the row's version now, for the
 * script's next --expect-version (a file has none and prints nothing) */
static int
print_row_version (SmProject *project,
                   gint64     id,
                   gboolean   is_site)
{
  g_autoptr (GError) error = NULL;
  gint64 version;

  if (!sm_project_is_shared (project))
    return SM_CLI_OK;
  if (is_site)
    {
      g_autoptr (SmSite) site = sm_project_get_site (project, id, &error);

      if (site == NULL)
        return sm_cli_fail (error);
      version = site->row_version;
    }
  else
    {
      g_autoptr (SmFlow) flow = sm_project_get_flow (project, id, &error);

      if (flow == NULL)
        return sm_cli_fail (error);
      version = flow->row_version;
    }
  printf ("%" G_GINT64_FORMAT "\n", version);
  return SM_CLI_OK;
}

int
sm_cli_site (int    argc,
             char **argv)
{
  g_auto (SiteOptions) o = { 0 };
  gint64 expect_version = 0;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &o.name, N_("The site’s name"), N_("TEXT") },
    { "lat", 0, 0, G_OPTION_ARG_STRING, &o.lat, N_("Latitude, WGS 84"), N_("DEGREES") },
    { "lon", 0, 0, G_OPTION_ARG_STRING, &o.lon, N_("Longitude, WGS 84"), N_("DEGREES") },
    { "sector", 0, 0, G_OPTION_ARG_STRING, &o.sector, N_("Sector"), N_("TEXT") },
    { "key", 0, 0, G_OPTION_ARG_STRING, &o.ext_id, N_("Key in the source file"), N_("TEXT") },
    { "org-number", 0, 0, G_OPTION_ARG_STRING, &o.org_number, N_("Organisation number"), N_("TEXT") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &o.address, N_("Address"), N_("TEXT") },
    { "contact", 0, 0, G_OPTION_ARG_STRING, &o.contact_name, N_("Contact person"), N_("TEXT") },
    { "email", 0, 0, G_OPTION_ARG_STRING, &o.contact_email, N_("Email"), N_("TEXT") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &o.phone, N_("Phone"), N_("TEXT") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &o.notes, N_("Notes"), N_("TEXT") },
    { "expect-version", 0, 0, G_OPTION_ARG_INT64, &expect_version,
      N_("On a shared database: save only if the site is still at this version"), N_("N") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("On a shared database: save over someone else’s change"), NULL },
    { NULL }
  };
  const GOptionEntry delete_entries[] = {
    { "expect-version", 0, 0, G_OPTION_ARG_INT64, &expect_version,
      N_("On a shared database: delete only if the site is still at this version"), N_("N") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("On a shared database: delete whatever someone else saved meanwhile"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (GError) error = NULL;
  const char *verb = shift_verb (&argc, &argv);
  gboolean add, set, del;
  int status;

  if (g_strcmp0 (verb, "history") == 0)
    return sm_cli_site_history (argc, argv);
  add = g_strcmp0 (verb, "add") == 0;
  set = g_strcmp0 (verb, "set") == 0;
  del = g_strcmp0 (verb, "delete") == 0;
  if (!add && !set && !del)
    return sm_cli_usage_error ("site", _("Say what to do: site add, site set, site delete or "
                                         "site history"));
  context = sm_cli_option_context_new ("site", add ? _("add PROJECT --name TEXT --lat N --lon N")
                                               : set ? _("set PROJECT SITE [OPTION…]")
                                                     : _("delete PROJECT SITE"),
                                       _("Add, change or delete one site. SITE is its id or its "
                                         "key. “set” changes only the options given; an empty "
                                         "value clears a field."),
                                       del ? delete_entries : entries);
  if ((status = sm_cli_parse (context, &argc, &argv, add ? 1 : 2)) != SM_CLI_OK)
    return status;
  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;

  if (add)
    {
      g_autoptr (SmSite) site = g_new0 (SmSite, 1);
      gint64 id;

      if (o.lat == NULL || o.lon == NULL)
        return sm_cli_usage_error ("site", _("A new site needs --lat and --lon"));
      if (!apply_site (site, &o, &error) || (id = sm_project_add_site (project, site, &error)) == 0)
        return sm_cli_fail (error);
      printf ("%" G_GINT64_FORMAT "\n", id);
      return SM_CLI_OK;
    }
  else
    {
      gint64 id = sm_cli_resolve_site (project, argv[2], &error);
      g_autoptr (SmSite) site = NULL;
      g_autoptr (SmSiteSnapshot) gone = NULL;

      if (id == 0 || (site = sm_project_get_site (project, id, &error)) == NULL)
        return sm_cli_fail (error);
      if (del)
        {
          /* --expect-version: the version the script read; none (or
           * --force) deletes whatever is there */
          if ((gone = sm_project_delete_site_checked (project, id, force ? 0 : expect_version,
                                                      &error)) == NULL)
            return sm_cli_fail (error);
          /* TRANSLATORS: the site's name, then how many of its flows and recorded exchanges
           * went with it */
          printf (_("Deleted “%s” with %u flows and %u exchanges\n"), site->name, gone->flows->len,
                  gone->exchanges->len);
          return SM_CLI_OK;
        }
      /* The version read just now, or the one the script read before */
      if (expect_version > 0)
        site->row_version = expect_version;
      if (!apply_site (site, &o, &error)
          || !(force ? sm_project_update_site_force (project, site, &error)
                     : sm_project_update_site (project, site, &error)))
        return sm_cli_fail (error);
      return print_row_version (project, id, TRUE);
    }
}

int
sm_cli_flow (int    argc,
             char **argv)
{
  g_auto (FlowOptions) o = { 0 };
  gint64 expect_version = 0;
  gboolean force = FALSE;
  const GOptionEntry entries[] = {
    { "direction", 0, 0, G_OPTION_ARG_STRING, &o.direction, N_("supply or demand"), N_("KEY") },
    { "resource", 0, 0, G_OPTION_ARG_STRING, &o.resource,
      N_("heat, steam, cooling, water, co2 or material"), N_("KEY") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &o.amount,
      N_("Amount in the resource’s unit (MWh/yr, m³/yr, t/yr)"), N_("N") },
    { "temperature", 0, 0, G_OPTION_ARG_STRING, &o.temperature, N_("Temperature in °C"), N_("N") },
    { "hours", 0, 0, G_OPTION_ARG_STRING, &o.hours, N_("Hours per year"), N_("N") },
    { "ewc", 0, 0, G_OPTION_ARG_STRING, &o.ewc, N_("EWC code, e.g. 10 01 01"), N_("CODE") },
    { "material", 0, 0, G_OPTION_ARG_STRING, &o.material, N_("Material"), N_("TEXT") },
    { "notes", 0, 0, G_OPTION_ARG_STRING, &o.notes, N_("Notes"), N_("TEXT") },
    { "expect-version", 0, 0, G_OPTION_ARG_INT64, &expect_version,
      N_("On a shared database: save only if the flow is still at this version"), N_("N") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("On a shared database: save over someone else’s change"), NULL },
    { NULL }
  };
  const GOptionEntry delete_entries[] = {
    { "expect-version", 0, 0, G_OPTION_ARG_INT64, &expect_version,
      N_("On a shared database: delete only if the flow is still at this version"), N_("N") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("On a shared database: delete whatever someone else saved meanwhile"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (GError) error = NULL;
  const char *verb = shift_verb (&argc, &argv);
  gboolean add, set, del;
  int status;

  add = g_strcmp0 (verb, "add") == 0;
  set = g_strcmp0 (verb, "set") == 0;
  del = g_strcmp0 (verb, "delete") == 0;
  if (!add && !set && !del)
    return sm_cli_usage_error ("flow", _("Say what to do: flow add, flow set or flow delete"));
  context = sm_cli_option_context_new ("flow",
                                       add ? _("add PROJECT SITE --direction KEY --resource KEY --amount N")
                                       : set ? _("set PROJECT FLOW [OPTION…]")
                                             : _("delete PROJECT FLOW"),
                                       _("Add a flow to a site, or change or delete one flow by "
                                         "its id. “set” changes only the options given."),
                                       del ? delete_entries : entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 2)) != SM_CLI_OK)
    return status;
  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;

  if (add)
    {
      g_autoptr (SmFlow) flow = g_new0 (SmFlow, 1);
      gint64 id;

      if (o.direction == NULL || o.resource == NULL || o.amount == NULL)
        return sm_cli_usage_error ("flow", _("A new flow needs --direction, --resource and --amount"));
      flow->temperature_c = flow->hours_per_year = NAN;
      if ((flow->site_id = sm_cli_resolve_site (project, argv[2], &error)) == 0
          || !apply_flow (flow, &o, &error) || (id = sm_project_add_flow (project, flow, &error)) == 0)
        return sm_cli_fail (error);
      printf ("%" G_GINT64_FORMAT "\n", id);
      return SM_CLI_OK;
    }
  else
    {
      gint64 id = parse_id (argv[2]);
      g_autoptr (SmFlow) flow = NULL;
      g_autoptr (SmSiteSnapshot) gone = NULL;

      if (id == 0)
        /* TRANSLATORS: %s is what the user gave where a flow's number was expected */
        return sm_cli_usage_error ("flow", _("“%s” is not a flow id"), argv[2]);
      if ((flow = sm_project_get_flow (project, id, &error)) == NULL)
        return sm_cli_fail (error);
      if (del)
        {
          if ((gone = sm_project_delete_flow_checked (project, id, force ? 0 : expect_version,
                                                      &error)) == NULL)
            return sm_cli_fail (error);
          return SM_CLI_OK;
        }
      if (expect_version > 0)
        flow->row_version = expect_version;
      if (!apply_flow (flow, &o, &error)
          || !(force ? sm_project_update_flow_force (project, flow, &error)
                     : sm_project_update_flow (project, flow, &error)))
        return sm_cli_fail (error);
      return print_row_version (project, id, FALSE);
    }
}
