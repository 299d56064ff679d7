/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences and the portfolio window under Xvfb: a figure edited in
 * Preferences is kept in the project and the open portfolio recomputes;
 * reset brings the defaults back.
 */
#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "sm-cost.h"
#include "sm-portfolio-window.h"
#include "sm-preferences.h"
#include "sm-test-util.h"

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, match, data);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_spin_for (GtkWidget    *w,
             gconstpointer key)
{
  return GTK_IS_SPIN_BUTTON (w) && g_strcmp0 (g_object_get_data (G_OBJECT (w), "sm-key"), key) == 0;
}

static gboolean
is_button_labelled (GtkWidget    *w,
                    gconstpointer label)
{
  return GTK_IS_BUTTON (w) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0;
}

static void
wait_built (SmPortfolioWindow *window)
{
  gint64 until = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (sm_portfolio_window_is_running (window) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (sm_portfolio_window_is_running (window));
}

static void
test_preferences_and_portfolio (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  SmSite a = { .name = (char *) "Cement", .lat = 57.04, .lon = 9.99 };
  SmSite b = { .name = (char *) "District heating", .lat = 57.05, .lon = 9.99 };
  SmFlow s = { .direction = SM_DIRECTION_SUPPLY, .resource = SM_RESOURCE_HEAT, .amount = 60000,
               .temperature_c = 90, .hours_per_year = NAN };
  SmFlow d = { .direction = SM_DIRECTION_DEMAND, .resource = SM_RESOURCE_HEAT, .amount = 30000,
               .temperature_c = 70, .hours_per_year = NAN };
  GtkWidget *prefs, *spin, *reset;
  SmPortfolioWindow *window;

  g_assert_no_error (error);
  s.site_id = sm_project_insert_site (project, &a, 0, &error);
  d.site_id = sm_project_insert_site (project, &b, 0, &error);
  sm_project_insert_flow (project, &s, 0, &error);
  sm_project_insert_flow (project, &d, 0, &error);
  g_assert_no_error (error);

  window = SM_PORTFOLIO_WINDOW (sm_portfolio_window_new (NULL, project));
  g_object_ref_sink (window);
  gtk_window_present (GTK_WINDOW (window));
  wait_built (window);
  g_assert_cmpuint (sm_portfolio_window_get_n_rows (window), ==, 1);

  prefs = sm_preferences_new (NULL, project);
  gtk_window_present (GTK_WINDOW (prefs));
  spin = find_widget (prefs, is_spin_for, "heat.price");
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 45);
  g_assert_cmpfloat (sm_cost_get_value (project, "heat.price"), ==, 45);
  /* The open portfolio recomputes with the new figure */
  g_assert_true (sm_portfolio_window_is_running (window));
  wait_built (window);
  g_assert_cmpuint (sm_portfolio_window_get_n_rows (window), ==, 1);

  reset = find_widget (prefs, is_button_labelled, "_Reset to Defaults");
  g_assert_nonnull (reset);
  g_signal_emit_by_name (reset, "clicked");
  g_assert_cmpfloat (sm_cost_get_value (project, "heat.price"), ==, 30);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 30);
  wait_built (window);

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  g_clear_object (&project);
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/portfolio-window/preferences-and-portfolio", test_preferences_and_portfolio);
  return g_test_run ();
}
