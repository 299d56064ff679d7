/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli export PROJECT OUT.gpkg [--srs EPSG:N]
 *   [--layers sites,flows,synergies,network] [--radius-km R] [--json]
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-format-text.h"
#include "sm-export.h"

static void
show_progress (double   fraction,
               gpointer user_data)
{
  sm_cli_progress (_("Exporting"), fraction);
}

/* The layers in the order of sm_export_layers_parse()'s bits, with
 * their names in the GeoPackage and JSON, and their labels */
static const struct
{
  guint       bit;
  const char *name;
  const char *label;
} layers_written[] = {
  { SM_EXPORT_SITES, "sites", N_("Sites") },
  { SM_EXPORT_FLOWS, "flows", N_("Flows") },
  { SM_EXPORT_SYNERGIES, "synergies", N_("Synergies") },
  { SM_EXPORT_INTERNAL_SYNERGIES, "internal_synergies", N_("Internal synergies") },
  { SM_EXPORT_EXCHANGES, "exchanges", N_("Exchanges") },
  { SM_EXPORT_NETWORK, "network", N_("Network lines") },
};

static int
count_of (const SmExportCounts *counts,
          guint                 bit)
{
  switch (bit)
    {
    case SM_EXPORT_SITES: return counts->sites;
    case SM_EXPORT_FLOWS: return counts->flows;
    case SM_EXPORT_SYNERGIES: return counts->synergies;
    case SM_EXPORT_INTERNAL_SYNERGIES: return counts->internal_synergies;
    case SM_EXPORT_EXCHANGES: return counts->exchanges;
    case SM_EXPORT_NETWORK: return counts->network;
    default: return 0;
    }
}

/* What was written: the file, its coordinate system, and the features of
 * each layer written (keys never translated, as docs/CLI.md says) */
static void
print_json (const char           *path,
            const char           *srs,
            guint                 layers,
            const SmExportCounts *counts)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  sm_json_add_string_or_null (b, "file", path);
  sm_json_add_string_or_null (b, "srs", srs != NULL ? srs : "EPSG:4326");
  json_builder_set_member_name (b, "layers");
  json_builder_begin_object (b);
  for (guint i = 0; i < G_N_ELEMENTS (layers_written); i++)
    if (layers & layers_written[i].bit)
      {
        json_builder_set_member_name (b, layers_written[i].name);
        json_builder_add_int_value (b, count_of (counts, layers_written[i].bit));
      }
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  sm_cli_print_json (root);
}

/* One "Label:  count" line per layer written, so no count is built into
 * a sentence (each language's plural forms) */
static void
print_text (const char           *path,
            guint                 layers,
            const SmExportCounts *counts)
{
  g_autoptr (GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (fields, g_strdup (_("File")));
  g_ptr_array_add (fields, g_filename_display_name (path));
  for (guint i = 0; i < G_N_ELEMENTS (layers_written); i++)
    if (layers & layers_written[i].bit)
      {
        g_ptr_array_add (fields, g_strdup (_(layers_written[i].label)));
        g_ptr_array_add (fields, sm_format_number (count_of (counts, layers_written[i].bit), 0));
      }
  g_ptr_array_add (fields, NULL);
  g_ptr_array_add (fields, NULL);
  sm_cli_print_fields ((const char * const *) fields->pdata);
}

int
sm_cli_export (int    argc,
               char **argv)
{
  g_autofree char *srs = NULL;
  g_autofree char *layers = NULL;
  double radius_km = 0;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "srs", 0, 0, G_OPTION_ARG_STRING, &srs,
      N_("Coordinate system to write in (default EPSG:4326; EPSG:25832 for Denmark, EPSG:3006 "
         "for Sweden)"),
      N_("EPSG:N") },
    { "layers", 0, 0, G_OPTION_ARG_STRING, &layers,
      N_("Which layers (default: sites,flows,synergies,network)"), N_("LIST") },
    { "radius-km", 0, 0, G_OPTION_ARG_DOUBLE, &radius_km,
      N_("How far synergies reach, in km (default: each resource's own)"), N_("R") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (GError) error = NULL;
  SmExportOptions options = { 0 };
  SmExportCounts counts = { 0 };
  int status;

  context = sm_cli_option_context_new ("export", _("PROJECT OUT.gpkg"),
                                       _("Write the project's layers to a GeoPackage that QGIS and "
                                         "ArcGIS open, styled. An existing OUT.gpkg is replaced "
                                         "only when the export succeeds."),
                                       entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 2)) != SM_CLI_OK)
    return status;
  options.layers = SM_EXPORT_ALL;
  if (layers != NULL && (options.layers = sm_export_layers_parse (layers, &error)) == 0)
    return sm_cli_usage_error ("export", "%s", error->message);
  if (radius_km < 0)
    return sm_cli_usage_error ("export", _("--radius-km cannot be negative"));
  if (!sm_cli_check_radius ("export", radius_km, &status))
    return status;
  options.srs = srs;
  options.radius_km = radius_km;

  if ((project = sm_cli_open_shared_project (argv[1], &status)) == NULL)
    return status;
  if (!sm_export_run (project, argv[2], &options,
                      sm_cli_progress_wanted () ? show_progress : NULL, NULL, NULL, &counts, &error))
    {
      sm_cli_progress_done ();
      return sm_cli_fail (error);
    }
  sm_cli_progress_done ();
  if (json)
    print_json (argv[2], srs, options.layers, &counts);
  else
    print_text (argv[2], options.layers, &counts);
  return SM_CLI_OK;
}
