/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Puts the window in one state for a screenshot (.ci/screenshots takes it
 * with `import -window root` under Xvfb): screenshot-shell PROJECT VIEW,
 * VIEW one of exchanges, site-editor, matches. Prints READY when drawn.
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "sm-i18n.h"
#include "sm-project-query.h"
#include "sm-window-private.h"

static SmWindow *window;
static const char *view;

static gint64
first_site_named (const char *text)
{
  g_autoptr (GPtrArray) found = sm_project_search_sites (window->project, text, 1, NULL);

  return found && found->len ? ((SmSite *) g_ptr_array_index (found, 0))->site_id : 0;
}

/* A few recorded exchanges, as a facilitator would have them */
static void
record_exchanges (SmProject *project)
{
  g_autoptr (GPtrArray) have = sm_project_list_exchange_records (project, -1, NULL);
  g_autoptr (GPtrArray) flows = sm_project_list_flows (project, 0, NULL);
  static const char *notes[] = {
    "Møde med driftschefen 12/3.\nVil gerne levere fra april; kræver måler ved skel.",
    "Ringet op, afventer svar fra indkøb.",
    "Tilbud sendt.\nSpørgsmål om temperatur om vinteren.\nNyt møde i uge 18.",
  };
  guint n = 0;

  if (have != NULL && have->len > 0)
    return;
  for (guint i = 0; flows != NULL && i < flows->len && n < G_N_ELEMENTS (notes); i++)
    {
      SmFlow *f = g_ptr_array_index (flows, i);
      SmMatchOptions options;
      g_autoptr (GPtrArray) matches = NULL;

      if (f->direction != SM_DIRECTION_SUPPLY)
        continue;
      sm_match_options_init (&options);
      matches = sm_synergy_find (project, f->flow_id, &options, NULL);
      for (guint m = 0; matches != NULL && m < matches->len && n < G_N_ELEMENTS (notes); m++)
        {
          SmSynergy *s = g_ptr_array_index (matches, m);

          if (s->internal)
            continue;
          sm_project_insert_exchange (project, s->supply_flow_id, s->demand_flow_id,
                                      (n + 1) % SM_N_STATUSES, notes[n], NULL);
          n++;
          break;
        }
    }
}

static gboolean
ready (gpointer data)
{
  /* After the reloads that opening a project brings */
  if (g_str_equal (view, "exchanges") && data == NULL)
    {
      g_autoptr (SmExchangeItem) item =
        g_list_model_get_item (sm_exchanges_panel_get_model (window->exchanges_panel), 0);

      sm_exchanges_panel_expand (window->exchanges_panel, 0);
      if (item != NULL)
        {
          SmExchangeRecord *x = sm_exchange_item_get (item);

          sm_window_fit_box (window, MIN (x->supply_lat, x->demand_lat),
                             MAX (x->supply_lat, x->demand_lat), MIN (x->supply_lon, x->demand_lon),
                             MAX (x->supply_lon, x->demand_lon));
        }
      g_timeout_add_seconds (1, ready, GINT_TO_POINTER (1));
      return G_SOURCE_REMOVE;
    }
  printf ("READY\n");
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

static gboolean
arrange (gpointer data)
{
  gint64 site = first_site_named ("Aalborg Portland");
  gint64 flow = 0;
  g_autoptr (GPtrArray) flows = NULL;

  if (site == 0)
    site = first_site_named ("a");
  flows = sm_project_list_flows (window->project, site, NULL);
  for (guint i = 0; flows && i < flows->len && flow == 0; i++)
    if (((SmFlow *) g_ptr_array_index (flows, i))->direction == SM_DIRECTION_SUPPLY)
      flow = ((SmFlow *) g_ptr_array_index (flows, i))->flow_id;

  if (g_str_equal (view, "exchanges"))
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-exchanges", NULL);
  else if (g_str_equal (view, "site-editor"))
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-site", "x", site);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-site", NULL);
    }
  else
    {
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-site", "x", site);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-matches", "x", flow);
    }
  g_timeout_add_seconds (4, ready, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
select_match (gpointer data)
{
  if (sm_matches_panel_get_running (window->matches_panel))
    return G_SOURCE_CONTINUE;
  sm_matches_panel_select (window->matches_panel, 1);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GMainLoop) loop = NULL;

  sm_i18n_init_with_override ();
  gtk_init ();
  adw_init ();
  if (argc != 3)
    {
      g_printerr ("Usage: screenshot-shell PROJECT exchanges|site-editor|matches\n");
      return 2;
    }
  view = argv[2];
  {
    g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
    g_settings_set_string (settings, "basemap", "none");
    g_settings_set_boolean (settings, "window-maximized", FALSE);
  }
  window = sm_window_new (NULL);
  /* Xvfb has no window manager to maximise it: the screen's size */
  {
    GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());
    g_autoptr (GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
    GdkRectangle area;

    gdk_monitor_get_geometry (monitor, &area);
    gtk_window_set_default_size (GTK_WINDOW (window), area.width, area.height);
  }
  gtk_window_present (GTK_WINDOW (window));
  if (!sm_window_open_project (window, argv[1], &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  record_exchanges (window->project);
  sm_project_emit_changed (window->project);
  g_timeout_add_seconds (2, arrange, NULL);
  if (g_str_equal (view, "matches"))
    g_timeout_add_seconds (3, select_match, NULL);
  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
