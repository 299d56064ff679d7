/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "sm-db.h"
#include "sm-cli.h"
#include "sm-project-query.h"
#include "sm-reconcile.h"
#include "sm-format-text.h"
#include "sm-pg-schema.h"
#include "sm-text-table.h"

/* The command table: scripts depend on these names (docs/CLI.md), so only add. */
static const SmCliCommand commands[] = {
  { "init", N_("Create an empty project file"), sm_cli_init },
  { "info", N_("Show what a project holds"), sm_cli_info },
  { "sites", N_("List every site"), sm_cli_sites },
  { "flows", N_("List every flow, or one site's"), sm_cli_flows },
  { "import", N_("Import sites, flows or a network from a file"), sm_cli_import },
  { "match", N_("Find the flows nearby that can use a flow"), sm_cli_match },
  { "route", N_("Estimate the pipe route between two sites"), sm_cli_route },
  { "export", N_("Write the layers to a GeoPackage"), sm_cli_export },
  { "portfolio", N_("Allocate every synergy so that no flow is used twice"), sm_cli_portfolio },
  { "exchanges", N_("List the recorded exchanges"), sm_cli_exchanges },
  { "site", N_("Add, change or delete a site, or list its history"), sm_cli_site },
  { "flow", N_("Add, change or delete a flow"), sm_cli_flow },
  { "report", N_("Write the workshop report as a PDF"), sm_cli_report },
  { "copy", N_("Copy a project between a file and a PostgreSQL database"), sm_cli_copy },
};

/* Auxiliary methods */

static void
print_tool_help (FILE *out)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* TRANSLATORS: %s is the program's name, symbiomap-cli; keep COMMAND, OPTION and PROJECT in
   * capitals as placeholders */
  g_string_append_printf (text, _("Usage:\n  %s COMMAND [OPTION…] PROJECT\n\n"), g_get_prgname ());
  g_string_append (text, _("Find industrial symbiosis synergies in a Symbiomap project.\n\n"));
  g_string_append (text, _("Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append (text, "\n");
  g_string_append (text, _("Options:\n"));
  g_string_append_printf (text, "  %-18s %s\n", "-h, --help", _("Show this help"));
  g_string_append_printf (text, "  %-18s %s\n", "--version", _("Show the version"));
  g_string_append (text, "\n");
  /* TRANSLATORS: %s is the program's name, symbiomap-cli; keep --help as it is */
  g_string_append_printf (text, _("Run “%s COMMAND --help” for a command's options.\n"),
                          g_get_prgname ());
  fputs (text->str, out);
}

/* Public API */

int
sm_cli_main (int    argc,
             char **argv)
{
  const char *name;

  g_set_prgname ("symbiomap-cli");

  if (argc < 2)
    {
      print_tool_help (stderr);
      return SM_CLI_USAGE_ERROR;
    }

  name = argv[1];
  if (g_str_equal (name, "--help") || g_str_equal (name, "-h") || g_str_equal (name, "help"))
    {
      print_tool_help (stdout);
      return SM_CLI_OK;
    }
  if (g_str_equal (name, "--version"))
    {
      printf ("symbiomap-cli %s\n", PACKAGE_VERSION);
      return SM_CLI_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (name, commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  /* TRANSLATORS: the first %s is what the user typed, the second the program's name */
  return sm_cli_usage_error (NULL, _("“%s” is not a command; run “%s --help” to see the commands"),
                             name, g_get_prgname ());
}

/**
 * sm_cli_option_context_new:
 * @command: the command's name
 * @parameters: the positional parameters for the usage line, e.g. "PROJECT"
 * @summary: (nullable): what the command does, already translated
 * @entries: (nullable): the command's options
 *
 * Returns: (transfer full): an option context with the translation domain set
 */
GOptionContext *
sm_cli_option_context_new (const char         *command,
                           const char         *parameters,
                           const char         *summary,
                           const GOptionEntry *entries)
{
  /* GOption prints the program name (“symbiomap-cli init”, set by
   * sm_cli_parse()) before [OPTION…]: the command is named there, once. */
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

/**
 * sm_cli_parse:
 * @context: the command's options
 * @argc: (inout): arguments after the tool's name, starting with the command
 * @argv: (inout): the same
 * @n_positional: how many positional arguments the command takes
 *
 * Returns: %SM_CLI_OK, or %SM_CLI_USAGE_ERROR after printing why
 */
int
sm_cli_parse (GOptionContext *context,
              int            *argc,
              char         ***argv,
              int             n_positional)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("symbiomap-cli %s", (*argv)[0]);

  g_set_prgname (prgname);
  if (!g_option_context_parse (context, argc, argv, &error))
    return sm_cli_usage_error ((*argv)[0], "%s", error->message);
  if (*argc - 1 != n_positional)
    {
      if (*argc - 1 == 0)
        return sm_cli_usage_error ((*argv)[0], _("A project file is needed"));
      if (*argc - 1 < n_positional)
        return sm_cli_usage_error ((*argv)[0], _("A file to read is needed after the project"));
      /* TRANSLATORS: %s is an argument the command does not take */
      return sm_cli_usage_error ((*argv)[0], _("Unexpected argument “%s”"),
                                 (*argv)[1 + n_positional]);
    }
  return SM_CLI_OK;
}

int
sm_cli_usage_error (const char *command,
                    const char *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (command != NULL)
    /* TRANSLATORS: added after a usage error; keep “--help” as it is, it is an option */
    g_printerr ("symbiomap-cli %s: %s (%s)\n", command, message, _("see --help"));
  else
    g_printerr ("symbiomap-cli: %s\n", message);
  return SM_CLI_USAGE_ERROR;
}

int
sm_cli_fail (const GError *error)
{
  g_autofree char *raw = g_strdup (error->message);
  g_autofree char *one_line = NULL;

  /* One line a person understands (docs/CLI.md), with the control characters
   * of names from the data escaped. */
  g_strdelimit (raw, "\n\r", ' ');
  one_line = sm_text_escape (raw, FALSE);
  g_printerr ("symbiomap-cli: %s\n", one_line);
  return SM_CLI_DATA_ERROR;
}

/* A project file or a database address (postgresql://…): every command
 * that opens a project takes either (docs/CLI.md) */
SmProject *
sm_cli_open_project (const char *path,
                     int        *status)
{
  g_autoptr(GError) error = NULL;
  SmProject *project;

  project = sm_project_open (path, &error);
  if (project == NULL)
    *status = sm_cli_fail (error);
  else
    {
      /* A script's second import waits for the first (issue 14.7). */
      sm_project_set_wait (project, 30 * 60 * 1000, sm_cli_wait_notify, NULL);
      if (sm_project_get_warning (project) != NULL)
        {
          g_autofree char *warning = sm_text_escape (sm_project_get_warning (project), FALSE);
          g_printerr ("symbiomap-cli: %s\n", warning);
        }
    }
  return project;
}

void
sm_cli_print_json (JsonNode *root)
{
  g_autofree char *text = NULL;

  text = sm_cli_json_to_string (root);
  puts (text);
}

void
sm_json_add_string_or_null (JsonBuilder *builder,
                            const char  *name,
                            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
sm_json_add_double_or_null (JsonBuilder *builder,
                            const char  *name,
                            double       value)
{
  json_builder_set_member_name (builder, name);
  if (!isfinite (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

/**
 * sm_cli_progress_wanted:
 *
 * Progress goes to stderr only when a person is watching it (docs/CLI.md).
 */
gboolean
sm_cli_progress_wanted (void)
{
  return isatty (STDERR_FILENO);
}

void
sm_cli_progress (const char *what,
                 double      fraction)
{
  if (!sm_cli_progress_wanted ())
    return;
  g_printerr ("\r%s %3d %%", what, (int) CLAMP (fraction * 100.0, 0, 100));
}

void
sm_cli_progress_done (void)
{
  if (sm_cli_progress_wanted ())
    g_printerr ("\n");
}

/* Commands */

int
sm_cli_init (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = sm_cli_option_context_new ("init", _("PROJECT"),
                                       _("Create an empty project file, or a project in a "
                                         "PostgreSQL database with PostGIS (postgresql://…). "
                                         "An existing file or project is never overwritten."),
                                       NULL);
  if ((status = sm_cli_parse (context, &argc, &argv, 1)) != SM_CLI_OK)
    return status;
  /* A database's address: the schema in it (docs/POSTGRESQL.md) */
  if (sm_db_name_is_uri (argv[1]))
    return sm_cli_init_database (argv[1]);

  project = sm_project_create (argv[1], &error);
  if (project == NULL)
    return sm_cli_fail (error);
  return SM_CLI_OK;
}

static void
add_info_json (JsonBuilder   *b,
               SmProject     *project,
               SmProjectInfo *info)
{
  int supply = 0, demand = 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "project");
  json_builder_add_string_value (b, sm_project_get_path (project));
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, sm_project_get_schema_version (project));
  json_builder_set_member_name (b, "read_only");
  json_builder_add_boolean_value (b, sm_project_is_read_only (project));
  json_builder_set_member_name (b, "sites");
  json_builder_add_int_value (b, info->n_sites);

  json_builder_set_member_name (b, "flows");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "by_resource");
  json_builder_begin_object (b);
  for (int r = 0; r < SM_N_RESOURCES; r++)
    {
      json_builder_set_member_name (b, sm_resource_to_key (r));
      json_builder_begin_object (b);
      for (int d = 0; d < SM_N_DIRECTIONS; d++)
        {
          json_builder_set_member_name (b, sm_direction_to_key (d));
          json_builder_add_int_value (b, info->flows_by[r][d]);
        }
      json_builder_end_object (b);
      supply += info->flows_by[r][SM_DIRECTION_SUPPLY];
      demand += info->flows_by[r][SM_DIRECTION_DEMAND];
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "supply");
  json_builder_add_int_value (b, supply);
  json_builder_set_member_name (b, "demand");
  json_builder_add_int_value (b, demand);
  json_builder_set_member_name (b, "total");
  json_builder_add_int_value (b, info->n_flows);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "exchanges");
  json_builder_add_int_value (b, info->n_exchanges);
  json_builder_set_member_name (b, "network_edges");
  json_builder_add_int_value (b, info->n_network_edges);

  json_builder_set_member_name (b, "extent");
  if (info->has_extent)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "min_lon");
      json_builder_add_double_value (b, info->min_lon);
      json_builder_set_member_name (b, "min_lat");
      json_builder_add_double_value (b, info->min_lat);
      json_builder_set_member_name (b, "max_lon");
      json_builder_add_double_value (b, info->max_lon);
      json_builder_set_member_name (b, "max_lat");
      json_builder_add_double_value (b, info->max_lat);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "imports");
  json_builder_begin_array (b);
  for (guint i = 0; i < info->imports->len; i++)
    {
      SmImportRecord *rec = g_ptr_array_index (info->imports, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "import_id");
      json_builder_add_int_value (b, rec->import_id);
      sm_json_add_string_or_null (b, "file", rec->file);
      sm_json_add_string_or_null (b, "layer", rec->layer);
      sm_json_add_string_or_null (b, "kind", rec->kind);
      sm_json_add_string_or_null (b, "started_at", rec->started_at);
      json_builder_set_member_name (b, "rows_read");
      json_builder_add_int_value (b, rec->rows_read);
      json_builder_set_member_name (b, "imported");
      json_builder_add_int_value (b, rec->imported);
      json_builder_set_member_name (b, "rejected");
      json_builder_add_int_value (b, rec->rejected);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static void
print_escaped_line (const char *when,
                    const char *what)
{
  g_autofree char *a = sm_text_escape_controls (when);
  g_autofree char *b = sm_text_escape_controls (what);

  printf ("  %s  %s\n", a, b);
}

static char *
format_count (int n)
{
  return sm_format_number (n, 0);
}

static void
print_info_text (SmProject     *project,
                 SmProjectInfo *info)
{
  g_autofree char *display = g_filename_display_name (sm_project_get_path (project));
  g_autofree char *path = sm_project_is_read_only (project)
                            /* TRANSLATORS: the project's file name */
                            ? g_strdup_printf (_("%s (read-only)"), display)
                            : g_strdup (display);
  g_autofree char *sites = format_count (info->n_sites);
  g_autofree char *flows = format_count (info->n_flows);
  g_autofree char *exchanges = format_count (info->n_exchanges);
  g_autofree char *edges = format_count (info->n_network_edges);
  g_autofree char *imports = format_count (info->imports->len);
  g_autofree char *extent = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);

  if (info->has_extent)
    {
      g_autofree char *a = sm_format_number_plain (info->min_lat, 5);
      g_autofree char *b = sm_format_number_plain (info->min_lon, 5);
      g_autofree char *c = sm_format_number_plain (info->max_lat, 5);
      g_autofree char *d = sm_format_number_plain (info->max_lon, 5);

      /* TRANSLATORS: south-west and north-east corners, latitude first */
      extent = g_strdup_printf (_("%s; %s – %s; %s (latitude; longitude)"), a, b, c, d);
    }
  else
    extent = g_strdup (_("none (the project is empty)"));

#define FIELD(label, value) G_STMT_START { \
    g_ptr_array_add (fields, g_strdup (label)); \
    g_ptr_array_add (fields, g_strdup (value)); } G_STMT_END
  FIELD (_("Project"), path);
  FIELD (_("Sites"), sites);
  FIELD (_("Flows"), flows);
  for (int r = 0; r < SM_N_RESOURCES; r++)
    {
      int n_supplies = info->flows_by[r][SM_DIRECTION_SUPPLY];
      int n_demands = info->flows_by[r][SM_DIRECTION_DEMAND];
      g_autofree char *label = NULL;
      g_autofree char *supplies = NULL;
      g_autofree char *demands = NULL;
      g_autofree char *value = NULL;

      if (n_supplies + n_demands == 0)
        continue;
      label = g_strdup_printf ("  %s", sm_resource_get_label (r));
      /* TRANSLATORS: how many supplies of a resource the project has */
      supplies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d supply", "%d supplies",
                                               n_supplies), n_supplies);
      /* TRANSLATORS: how many demands of a resource the project has */
      demands = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d demand", "%d demands",
                                              n_demands), n_demands);
      /* TRANSLATORS: “3 supplies, 2 demands” */
      value = g_strdup_printf (_("%s, %s"), supplies, demands);
      FIELD (label, value);
    }
  FIELD (_("Exchanges"), exchanges);
  FIELD (_("Network edges"), edges);
  FIELD (_("Extent"), extent);
  FIELD (_("Imports"), imports);
#undef FIELD
  g_ptr_array_add (fields, NULL);
  sm_cli_print_fields ((const char * const *) fields->pdata);
  for (guint i = 0; i < info->imports->len; i++)
    {
      SmImportRecord *rec = g_ptr_array_index (info->imports, i);
      g_autoptr (GDateTime) utc = g_date_time_new_from_iso8601 (rec->started_at, NULL);
      g_autoptr (GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      /* The date and time as the user's locale writes them */
      g_autofree char *when = local ? g_date_time_format (local, "%x %X") : g_strdup (rec->started_at);
      g_autofree char *read = NULL;
      g_autofree char *imported = NULL;
      g_autofree char *rejected = NULL;
      g_autofree char *value = NULL;

      /* TRANSLATORS: rows an import read from its file */
      read = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d row read", "%d rows read",
                                           rec->rows_read), rec->rows_read);
      /* TRANSLATORS: rows an import took into the project */
      imported = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d imported", "%d imported",
                                               rec->imported), rec->imported);
      /* TRANSLATORS: rows an import refused */
      rejected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d rejected", "%d rejected",
                                               rec->rejected), rec->rejected);
      /* TRANSLATORS: one import: file, kind of data (sites, flows, network), then the
       * counts of rows read, imported and rejected */
      value = g_strdup_printf (_("%s (%s): %s, %s, %s"), rec->file, rec->kind, read, imported,
                               rejected);
      print_escaped_line (when, value);
    }
}

int
sm_cli_info (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autoptr(SmProjectInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = sm_cli_option_context_new ("info", _("PROJECT"),
                                       _("Show the counts of sites, flows, exchanges and network "
                                         "edges, the extent and the imports done."),
                                       entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 1)) != SM_CLI_OK)
    return status;
  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;
  if ((info = sm_project_get_info (project, &error)) == NULL)
    return sm_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      add_info_json (builder, project, info);
      root = json_builder_get_root (builder);
      sm_cli_print_json (root);
    }
  else
    print_info_text (project, info);
  return SM_CLI_OK;
}

int
sm_cli_sites (int    argc,
              char **argv)
{
  gboolean json = FALSE;
  g_autofree char *search = NULL;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only the sites whose name contains TEXT, ignoring case and accents"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  context = sm_cli_option_context_new ("sites", _("PROJECT"), _("List every site."), entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 1)) != SM_CLI_OK)
    return status;
  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;
  /* The same search as the window's (sm-project-query.c) */
  if (search != NULL)
    sites = sm_project_search_sites (project, search, 0, &error);
  else
    sites = sm_project_list_sites (project, &error);
  if (sites == NULL)
    return sm_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "sites");
      json_builder_begin_array (b);
      for (guint i = 0; i < sites->len; i++)
        {
          SmSite *s = g_ptr_array_index (sites, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "site_id");
          json_builder_add_int_value (b, s->site_id);
          sm_json_add_string_or_null (b, "ext_id", s->ext_id);
          sm_json_add_string_or_null (b, "name", s->name);
          sm_json_add_string_or_null (b, "org_number", s->org_number);
          sm_json_add_string_or_null (b, "sector", s->sector);
          sm_json_add_string_or_null (b, "address", s->address);
          sm_json_add_string_or_null (b, "contact_name", s->contact_name);
          sm_json_add_string_or_null (b, "contact_email", s->contact_email);
          sm_json_add_string_or_null (b, "phone", s->phone);
          sm_json_add_string_or_null (b, "notes", s->notes);
          json_builder_set_member_name (b, "lat");
          json_builder_add_double_value (b, s->lat);
          json_builder_set_member_name (b, "lon");
          json_builder_add_double_value (b, s->lon);
          json_builder_set_member_name (b, "supply_count");
          json_builder_add_int_value (b, s->supply_count);
          json_builder_set_member_name (b, "demand_count");
          json_builder_add_int_value (b, s->demand_count);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sm_cli_print_json (root);
      return SM_CLI_OK;
    }

  if (sites->len == 0)
    {
      printf ("%s\n", _("The project has no sites yet; import some with “symbiomap-cli import”."));
      return SM_CLI_OK;
    }
  sm_cli_print_sites_table (sites);
  return SM_CLI_OK;
}

/* How many candidates an ambiguous name lists */
#define MAX_CANDIDATES 8

static gint64
ambiguous (GPtrArray   *sites,
           const char  *text,
           GError     **error)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < sites->len && i < MAX_CANDIDATES; i++)
    {
      SmSite *site = g_ptr_array_index (sites, i);
      g_autofree char *name = sm_text_escape (site->name, FALSE);

      if (i > 0)
        g_string_append (names, "; ");
      g_string_append_printf (names, "%s (%" G_GINT64_FORMAT ")", name, site->site_id);
    }
  if (sites->len > MAX_CANDIDATES)
    g_string_append (names, "; …");
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
               /* TRANSLATORS: the first %s is what the user wrote, the second a list of sites
                * with their numbers */
               _("“%s” names more than one site (%s); give its number or its key instead"),
               text, names->str);
  return 0;
}

/**
 * sm_cli_resolve_site:
 * @text: a site's number, its key from the imported file, or its name
 *
 * A name is compared without case, accents and legal forms (“ostergaard
 * mejeri” is “Østergaard Mejeri A/S”); one that fits several sites is
 * refused with the candidates.
 *
 * Returns: the site_id, or 0 with @error set
 */
gint64
sm_cli_resolve_site (SmProject   *project,
                     const char  *text,
                     GError     **error)
{
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GPtrArray) same = NULL;
  char *end = NULL;
  gint64 id;

  id = sm_project_find_site_by_ext_id (project, text, error);
  if (id != 0)
    return MAX (id, 0);

  id = g_ascii_strtoll (text, &end, 10);
  if (end != text && *end == '\0' && id > 0)
    {
      g_autoptr(SmSite) site = sm_project_get_site (project, id, NULL);

      if (site != NULL)
        return id;
    }

  /* By name: an exact name (as the reconciliation compares names) wins
   * over names that only contain the text */
  found = sm_project_search_sites (project, text, 200, error);
  if (found == NULL)
    return 0;
  same = g_ptr_array_new ();
  for (guint i = 0; i < found->len; i++)
    {
      SmSite *site = g_ptr_array_index (found, i);

      if (sm_reconcile_names_agree (site->name, text))
        g_ptr_array_add (same, site);
    }
  if (same->len == 1)
    return ((SmSite *) g_ptr_array_index (same, 0))->site_id;
  if (same->len > 1)
    return ambiguous (same, text, error);
  if (found->len == 1)
    return ((SmSite *) g_ptr_array_index (found, 0))->site_id;
  if (found->len > 1)
    return ambiguous (found, text, error);
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
               /* TRANSLATORS: %s is the site number, key or name the user gave */
               _("There is no site “%s” in this project"), text);
  return 0;
}

int
sm_cli_flows (int    argc,
              char **argv)
{
  gboolean json = FALSE;
  g_autofree char *site_arg = NULL;
  const GOptionEntry entries[] = {
    { "site", 0, 0, G_OPTION_ARG_STRING, &site_arg, N_("Only the flows of this site"),
      N_("ID") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autoptr(GPtrArray) flows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 site_id = 0;
  int status;

  context = sm_cli_option_context_new ("flows", _("PROJECT"),
                                       _("List every flow, or one site's. A site is named by "
                                         "its number or its key."),
                                       entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 1)) != SM_CLI_OK)
    return status;
  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;
  if (site_arg != NULL && (site_id = sm_cli_resolve_site (project, site_arg, &error)) == 0)
    return sm_cli_fail (error);
  if ((flows = sm_project_list_flows (project, site_id, &error)) == NULL)
    return sm_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "flows");
      json_builder_begin_array (b);
      for (guint i = 0; i < flows->len; i++)
        {
          SmFlow *f = g_ptr_array_index (flows, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "flow_id");
          json_builder_add_int_value (b, f->flow_id);
          json_builder_set_member_name (b, "site_id");
          json_builder_add_int_value (b, f->site_id);
          sm_json_add_string_or_null (b, "site_name", f->site_name);
          sm_json_add_string_or_null (b, "direction", sm_direction_to_key (f->direction));
          sm_json_add_string_or_null (b, "resource", sm_resource_to_key (f->resource));
          sm_json_add_string_or_null (b, "ewc_code", f->ewc_code);
          sm_json_add_string_or_null (b, "material", f->material);
          json_builder_set_member_name (b, "amount");
          json_builder_add_double_value (b, f->amount);
          sm_json_add_string_or_null (b, "unit", f->unit);
          sm_json_add_double_or_null (b, "temperature_c", f->temperature_c);
          sm_json_add_double_or_null (b, "hours_per_year", f->hours_per_year);
          json_builder_set_member_name (b, "partner_site_id");
          if (f->partner_site_id > 0)
            json_builder_add_int_value (b, f->partner_site_id);
          else
            json_builder_add_null_value (b);
          sm_json_add_string_or_null (b, "notes", f->notes);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sm_cli_print_json (root);
      return SM_CLI_OK;
    }

  if (flows->len == 0)
    {
      printf ("%s\n", _("No flows."));
      return SM_CLI_OK;
    }
  sm_cli_print_flows_table (flows);
  return SM_CLI_OK;
}
