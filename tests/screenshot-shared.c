/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Puts the window on a shared database in one state for a screenshot
 * (.ci/screenshots-shared takes it under Xvfb): screenshot-shared VIEW,
 * VIEW one of connect (the dialog, filled in), window (connected, a site
 * and its matches), lost (the bar after the connection broke). Starts its
 * own PostgreSQL server (sm-test-pg.c) with the sample copied in. Prints
 * READY when drawn (for connect, READY WIDTHxHEIGHT: the dialog's size,
 * at the screen's top left without a window manager, to crop to); stops
 * the server on SIGTERM.
 */
#include "config.h"

#include <adwaita.h>
#include <glib-unix.h>
#include <stdio.h>

#include "sm-connect-dialog.h"
#include "sm-i18n.h"
#include "sm-project-query.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"
#include "sm-window-private.h"
#include "sm-window-shared.h"

static SmTestPg *server;
static SmWindow *window;
static const char *view;
static GMainLoop *loop;
static GtkWidget *dialog_widget;

static gboolean
ready (gpointer data)
{
  (void) data;
  if (dialog_widget != NULL)
    printf ("READY %dx%d\n", gtk_widget_get_width (dialog_widget),
            gtk_widget_get_height (dialog_widget));
  else
    printf ("READY\n");
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

static gboolean
break_connection (gpointer data)
{
  g_autofree char *out = NULL;

  (void) data;
  out = sm_test_pg_query (server, "region",
                          "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                          "WHERE query = 'LISTEN symbiomap_changed'");
  g_timeout_add_seconds (2, ready, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
arrange (gpointer data)
{
  g_autoptr (GPtrArray) found = sm_project_search_sites (window->project, "Aalborg Portland", 1,
                                                         NULL);
  gint64 site = found && found->len ? ((SmSite *) g_ptr_array_index (found, 0))->site_id : 0;
  g_autoptr (GPtrArray) flows = sm_project_list_flows (window->project, site, NULL);
  gint64 flow = 0;

  (void) data;
  for (guint i = 0; flows && i < flows->len && flow == 0; i++)
    if (((SmFlow *) g_ptr_array_index (flows, i))->direction == SM_DIRECTION_SUPPLY)
      flow = ((SmFlow *) g_ptr_array_index (flows, i))->flow_id;
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-site", "x", site);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-matches", "x", flow);
  if (g_str_equal (view, "lost"))
    g_timeout_add_seconds (2, break_connection, NULL);
  else
    g_timeout_add_seconds (4, ready, NULL);
  return G_SOURCE_REMOVE;
}

static void
on_connected (SmConnectDialog *dialog,
              SmProject       *project,
              const char      *notice,
              gpointer         data)
{
  (void) dialog;
  (void) data;
  sm_window_show_shared_project (window, project, notice);
  g_timeout_add_seconds (2, arrange, NULL);
}

static gboolean
on_term (gpointer data)
{
  (void) data;
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  SmConnectDialog *dialog;

  sm_i18n_init_with_override ();
  gtk_init ();
  adw_init ();
  if (argc != 2)
    {
      g_printerr ("Usage: screenshot-shared connect|window|lost\n");
      return 2;
    }
  view = argv[1];
  /* No keyring: the screenshots show no toast about it */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/symbiomap-bus", TRUE);
  server = sm_test_pg_start_or_skip ();
  if (server == NULL)
    return 77;
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK);
  uri = sm_test_pg_new_database (server, "region");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);
  {
    g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);

    g_settings_set_string (settings, "basemap", "none");
    g_settings_set_boolean (settings, "window-maximized", FALSE);
  }
  window = sm_window_new (NULL);
  {
    GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
    g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
    GdkRectangle area;

    gdk_monitor_get_geometry (monitor, &area);
    gtk_window_set_default_size (GTK_WINDOW (window), area.width, area.height);
  }
  gtk_window_present (GTK_WINDOW (window));
  dialog = sm_connect_dialog_new (GTK_WINDOW (window));
  g_signal_connect (dialog, "connected", G_CALLBACK (on_connected), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  if (g_str_equal (view, "connect"))
    {
      /* As a planner at a municipality would fill it in */
      sm_connect_dialog_set_fields (dialog, "gis.aalborg.dk", "5432", "symbiose_nord",
                                    "planlaegger", "hemmelig", TRUE);
      dialog_widget = GTK_WIDGET (dialog);
      g_timeout_add_seconds (2, ready, NULL);
    }
  else
    {
      sm_connect_dialog_set_fields (dialog, sm_test_pg_get_socket_dir (server), "", "region",
                                    "postgres", "", FALSE);
      sm_connect_dialog_connect (dialog);
    }
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_term, NULL);
  g_main_loop_run (loop);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_pointer (&server, sm_test_pg_stop);
  sm_test_rm_rf (dir);
  return 0;
}
