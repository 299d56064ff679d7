/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "sm-cli.h"

/* The command table: scripts depend on these names (CLI.md), so only add. */
static const SmCliCommand commands[] = {
  { "init", N_("Create an empty project file"), sm_cli_init },
  { "info", N_("Show what a project holds"), sm_cli_info },
  { "sites", N_("List every site"), sm_cli_sites },
  { "flows", N_("List every flow, or one site's"), sm_cli_flows },
  { "import", N_("Import sites, flows or a network from a file"), sm_cli_import },
  { "match", N_("Find the flows nearby that can use a flow"), sm_cli_match },
  { "route", N_("Estimate the pipe route between two sites"), sm_cli_route },
  { "export", N_("Write the layers to a GeoPackage"), sm_cli_export },
  { "report", N_("Write the workshop report as a PDF"), sm_cli_report },
};

/* Auxiliary methods */

static void
print_tool_help (FILE *out)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_string_append_printf (text, _("Usage:\n  %s COMMAND PROJECT [OPTION…]\n\n"), g_get_prgname ());
  g_string_append (text, _("Find industrial symbiosis synergies in a Symbiomap project.\n\n"));
  g_string_append (text, _("Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_string_append (text, "\n");
  g_string_append (text, _("Options:\n"));
  g_string_append_printf (text, "  %-18s %s\n", "-h, --help", _("Show this help"));
  g_string_append_printf (text, "  %-18s %s\n", "--version", _("Show the version"));
  g_string_append (text, "\n");
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
  g_autofree char *usage = g_strdup_printf ("%s %s", command, parameters);
  GOptionContext *context = g_option_context_new (usage);

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
    /* TRANSLATORS: %s: the command's name, e.g. “import”; keep --help */
    g_printerr ("symbiomap-cli %s: %s (%s)\n", command, message, _("see --help"));
  else
    g_printerr ("symbiomap-cli: %s\n", message);
  return SM_CLI_USAGE_ERROR;
}

int
sm_cli_fail (const GError *error)
{
  g_autofree char *one_line = g_strdup (error->message);

  /* One line a person understands (CLI.md). */
  g_strdelimit (one_line, "\n\r", ' ');
  g_printerr ("symbiomap-cli: %s\n", one_line);
  return SM_CLI_DATA_ERROR;
}

SmProject *
sm_cli_open_project (const char *path,
                     int        *status)
{
  g_autoptr(GError) error = NULL;
  SmProject *project = sm_project_open (path, &error);

  if (project == NULL)
    *status = sm_cli_fail (error);
  return project;
}

void
sm_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
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
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

/**
 * sm_cli_progress_wanted:
 *
 * Progress goes to stderr only when a person is watching it (CLI.md).
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
                                       _("Create an empty project file. An existing file is "
                                         "never overwritten."),
                                       NULL);
  if ((status = sm_cli_parse (context, &argc, &argv, 1)) != SM_CLI_OK)
    return status;

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
print_info_text (SmProject     *project,
                 SmProjectInfo *info)
{
  g_autofree char *display = g_filename_display_name (sm_project_get_path (project));

  if (sm_project_is_read_only (project))
    printf (_("Project:        %s (read-only)\n"), display);
  else
    printf (_("Project:        %s\n"), display);
  printf (_("Sites:          %d\n"), info->n_sites);
  printf (_("Flows:          %d\n"), info->n_flows);
  for (int r = 0; r < SM_N_RESOURCES; r++)
    {
      if (info->flows_by[r][0] + info->flows_by[r][1] == 0)
        continue;
      /* TRANSLATORS: one line per resource: its name, then the number of
       * supplies and of demands */
      printf (_("  %-12s  %d supplies, %d demands\n"), sm_resource_get_label (r),
              info->flows_by[r][SM_DIRECTION_SUPPLY], info->flows_by[r][SM_DIRECTION_DEMAND]);
    }
  printf (_("Exchanges:      %d\n"), info->n_exchanges);
  printf (_("Network edges:  %d\n"), info->n_network_edges);
  if (info->has_extent)
    printf (_("Extent:         %.5f, %.5f – %.5f, %.5f (lat, lon)\n"), info->min_lat,
            info->min_lon, info->max_lat, info->max_lon);
  else
    printf (_("Extent:         none (the project is empty)\n"));
  printf (_("Imports:        %u\n"), info->imports->len);
  for (guint i = 0; i < info->imports->len; i++)
    {
      SmImportRecord *rec = g_ptr_array_index (info->imports, i);
      g_autoptr (GDateTime) utc = g_date_time_new_from_iso8601 (rec->started_at, NULL);
      g_autoptr (GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      /* The date and time as the user's locale writes them */
      g_autofree char *when = local ? g_date_time_format (local, "%x %X") : g_strdup (rec->started_at);

      /* TRANSLATORS: one import: when, file, kind, then counts of rows */
      printf (_("  %s  %s (%s): %d read, %d imported, %d rejected\n"), when,
              rec->file, rec->kind, rec->rows_read, rec->imported, rec->rejected);
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
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
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
  if ((sites = sm_project_list_sites (project, &error)) == NULL)
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
  /* TRANSLATORS: column headings of the site list; keep the widths */
  printf ("%-6s %-10s %-40s %10s %10s\n", _("ID"), _("Key"), _("Name"), _("Latitude"),
          _("Longitude"));
  for (guint i = 0; i < sites->len; i++)
    {
      SmSite *s = g_ptr_array_index (sites, i);

      printf ("%-6" G_GINT64_FORMAT " %-10s %-40s %10.5f %10.5f\n", s->site_id,
              s->ext_id ? s->ext_id : "", s->name, s->lat, s->lon);
    }
  return SM_CLI_OK;
}

gint64
sm_cli_resolve_site (SmProject   *project,
                     const char  *text,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  char *end = NULL;
  gint64 id;

  /* A site is named by its site_id or by its key from the imported file. */
  stmt = sm_project_prepare (project, "SELECT site_id FROM sites WHERE ext_id = ?", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      return id;
    }
  sqlite3_reset (stmt);

  id = g_ascii_strtoll (text, &end, 10);
  if (end != text && *end == '\0' && id > 0)
    {
      g_autoptr(SmSite) site = sm_project_get_site (project, id, error);
      return site ? id : 0;
    }
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
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
  /* TRANSLATORS: column headings of the flow list; keep the widths */
  printf ("%-6s %-30s %-8s %-10s %14s %-8s %8s\n", _("ID"), _("Site"), _("Direction"),
          _("Resource"), _("Amount"), _("Unit"), _("°C"));
  for (guint i = 0; i < flows->len; i++)
    {
      SmFlow *f = g_ptr_array_index (flows, i);
      g_autofree char *temp = isnan (f->temperature_c)
                                ? g_strdup ("")
                                : g_strdup_printf ("%.1f", f->temperature_c);

      /* %'.1f: thousands separators and decimal mark of the user's locale */
      printf ("%-6" G_GINT64_FORMAT " %-30s %-8s %-10s %'14.1f %-8s %8s\n", f->flow_id,
              f->site_name, sm_direction_get_label (f->direction),
              sm_resource_get_label (f->resource), f->amount, f->unit, temp);
    }
  return SM_CLI_OK;
}
