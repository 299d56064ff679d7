/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli export PROJECT OUT.gpkg [--srs EPSG:N]
 *   [--layers sites,flows,synergies,network] [--radius-km R]
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-export.h"

static void
show_progress (double   fraction,
               gpointer user_data)
{
  sm_cli_progress (_("Exporting"), fraction);
}

int
sm_cli_export (int    argc,
               char **argv)
{
  g_autofree char *srs = NULL;
  g_autofree char *layers = NULL;
  double radius_km = 0;
  const GOptionEntry entries[] = {
    { "srs", 0, 0, G_OPTION_ARG_STRING, &srs,
      N_("Coordinate system to write in (default EPSG:4326; EPSG:25832 for Denmark, EPSG:3006 "
         "for Sweden)"),
      N_("EPSG:N") },
    { "layers", 0, 0, G_OPTION_ARG_STRING, &layers,
      N_("Which layers (default: sites,flows,synergies,network)"), N_("LIST") },
    { "radius-km", 0, 0, G_OPTION_ARG_DOUBLE, &radius_km,
      N_("How far synergies reach, in km (default: each resource's own)"), N_("R") },
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

  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;
  if (!sm_export_run (project, argv[2], &options,
                      sm_cli_progress_wanted () ? show_progress : NULL, NULL, NULL, &counts, &error))
    {
      sm_cli_progress_done ();
      return sm_cli_fail (error);
    }
  sm_cli_progress_done ();
  /* TRANSLATORS: the file, then counts of features per layer */
  printf (_("%s: %d sites, %d flows, %d synergies, %d network lines\n"), argv[2], counts.sites,
          counts.flows, counts.synergies, counts.network);
  return SM_CLI_OK;
}
