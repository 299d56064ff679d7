/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Export dialog under Xvfb: its choices reach the exporter, which
 * writes the GeoPackage in a thread.
 */
#include "config.h"

#include <adwaita.h>
#include <gdal.h>

#include "sm-export-dialog.h"
#include "sm-window.h"
#include "sm-test-util.h"

static void
iterate (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static void
test_export (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autofree char *out = g_build_filename (dir, "out.gpkg", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  SmSite site = { .name = (char *) "Aalborg Portland", .lat = 57.04, .lon = 9.99 };
  SmWindow *window;
  SmExportDialog *dialog;
  GDALDatasetH ds;

  g_assert_no_error (error);
  sm_project_insert_site (project, &site, 0, &error);
  g_assert_no_error (error);
  g_clear_object (&project);

  window = g_object_ref_sink (sm_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sm_window_open_project (window, path, &error));
  dialog = sm_export_dialog_new (GTK_WINDOW (window), sm_window_get_project (window), 0);
  iterate ();
  /* The file is named after the project */
  {
    g_autofree char *name = sm_export_dialog_suggest_name (dialog);
    g_assert_cmpstr (name, ==, "p.gpkg");
  }
  /* A Danish project is offered in Danish coordinates, every layer */
  g_assert_cmpstr (sm_export_dialog_get_srs (dialog), ==, "EPSG:25832");
  g_assert_cmpuint (sm_export_dialog_get_layers (dialog), ==, SM_EXPORT_ALL);

  g_signal_connect_swapped (dialog, "destroy", G_CALLBACK (g_nullify_pointer), &dialog);
  sm_export_dialog_run_to (dialog, out);
  while (dialog != NULL)
    g_main_context_iteration (NULL, TRUE);

  GDALAllRegister ();
  ds = GDALOpenEx (out, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
  g_assert_nonnull (ds);
  g_assert_nonnull (GDALDatasetGetLayerByName (ds, "sites"));
  g_assert_nonnull (GDALDatasetGetLayerByName (ds, "network"));
  GDALClose (ds);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (window);
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/export-dialog/export", test_export);
  return g_test_run ();
}
