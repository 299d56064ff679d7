/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window on a shared database (docs/POSTGRESQL.md, "Several planners
 * at once"): another connection's writes reach the project's `changed`
 * and the window's sites; one's own edit reaches it once; a lost watch
 * shows the bar that offers to reconnect.
 */
#include "config.h"

#include <adwaita.h>

#include "sm-project-edit.h"
#include "sm-preferences.h"
#include "sm-project-pg-watch.h"
#include "sm-project-query.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"
#include "sm-window-private.h"
#include "sm-window-shared.h"

/* Generous: the machine is shared; a test that waits this long has failed */
#define WAIT_SECONDS 30

static SmTestPg *server;

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until *counter reaches at least @want */
static void
wait_for_count (const guint *counter,
                guint        want)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, &timed_out);

  while (*counter < want && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_cmpuint (*counter, >=, want);
}

/* Runs the main loop for @ms, for what should not come */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static void
count_changed (SmProject *project,
               guint     *counter)
{
  (void) project;
  (*counter)++;
}

/* A new shared project: symbiomap-cli init ADDRESS */
static char *
new_shared_project (const char *name)
{
  char *uri = sm_test_pg_new_database (server, name);

  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", uri, NULL), ==, 0);
  return uri;
}

static void
test_project_changed (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  SmSite site = { .name = (char *) "Kalundborg Forsyning", .lat = 55.68, .lon = 11.09 };
  guint changed = 0, before;
  guint watch_id;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = new_shared_project ("watch");
  project = sm_project_open (uri, &error);
  g_assert_no_error (error);
  g_assert_true (sm_project_is_shared (project));
  /* the watch's address: the same database, options at their default
   * left out */
  {
    g_autofree char *again = sm_project_dup_connect_uri (project);

    g_assert_nonnull (strstr (again, "dbname=watch"));
    g_assert_null (strstr (again, "sslmode"));
    g_assert_null (strstr (again, "target_session_attrs"));
  }
  g_signal_connect (project, "changed", G_CALLBACK (count_changed), &changed);
  watch_id = sm_project_watch (project, 50);
  /* the watch connects in a worker: wait until it listens */
  for (guint i = 0; i < 10 * WAIT_SECONDS; i++)
    {
      g_autofree char *n = sm_test_pg_query (server, "watch",
                                             "SELECT count(*) FROM pg_stat_activity "
                                             "WHERE query = 'LISTEN symbiomap_changed'");
      if (g_strcmp0 (n, "1") == 0)
        break;
      run_for (100);
    }

  /* another connection inserts, then updates a site */
  out = sm_test_pg_query (server, "watch",
                          "INSERT INTO symbiomap.sites (name, geom) VALUES ('Novo Nordisk', "
                          "ST_SetSRID (ST_MakePoint (11.095, 55.674), 4326))");
  wait_for_count (&changed, 1);
  before = changed;
  g_clear_pointer (&out, g_free);
  out = sm_test_pg_query (server, "watch",
                          "UPDATE symbiomap.sites SET name = 'Novozymes' WHERE name = 'Novo Nordisk'");
  wait_for_count (&changed, before + 1);

  /* one's own edit: once, not again when its NOTIFY comes back */
  run_for (300);
  before = changed;
  g_assert_cmpint (sm_project_add_site (project, &site, &error), >, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, before + 1);
  run_for (500);
  g_assert_cmpuint (changed, ==, before + 1);

  g_source_remove (watch_id);
}

static GtkWidget *
find_label_with (GtkWidget  *widget,
                 const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *counter)
{
  (void) object;
  (void) pspec;
  (*counter)++;
}

static void
test_window_follows (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *out = NULL;
  g_autofree char *pid = NULL;
  g_autoptr(GError) error = NULL;
  SmWindow *window;
  SmProject *project;
  GtkWidget *bar;
  guint changed = 0, drawn, reopened = 0;
  const char *subtitle;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = new_shared_project ("window");
  out = sm_test_pg_query (server, "window",
                          "INSERT INTO symbiomap.sites (name, geom) VALUES ('Equinor', "
                          "ST_SetSRID (ST_MakePoint (11.08, 55.66), 4326))");
  window = g_object_ref_sink (sm_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sm_window_open_project (window, uri, &error));
  g_assert_no_error (error);
  project = sm_window_get_project (window);
  g_assert_true (sm_project_is_shared (project));
  subtitle = adw_window_title_get_subtitle (window->window_title);
  g_assert_nonnull (strstr (subtitle, "window"));
  g_assert_nonnull (strstr (subtitle, "shared database"));
  g_signal_connect (project, "changed", G_CALLBACK (count_changed), &changed);
  /* both sites in view, each its own mark */
  sm_sites_layer_set_cluster_below_zoom (window->sites_layer, 0);
  sm_window_fit_box (window, 55.65, 55.68, 11.07, 11.11);
  run_for (300);
  drawn = sm_sites_layer_count_drawn (window->sites_layer, NULL);
  g_assert_cmpuint (drawn, ==, 1);

  for (guint i = 0; i < 10 * WAIT_SECONDS; i++)
    {
      g_autofree char *n = sm_test_pg_query (server, "window",
                                             "SELECT count(*) FROM pg_stat_activity "
                                             "WHERE query = 'LISTEN symbiomap_changed'");
      if (g_strcmp0 (n, "1") == 0)
        break;
      run_for (100);
    }
  g_clear_pointer (&out, g_free);
  out = sm_test_pg_query (server, "window",
                          "INSERT INTO symbiomap.sites (name, geom) VALUES ('Kalundborg Bioenergi', "
                          "ST_SetSRID (ST_MakePoint (11.10, 55.67), 4326))");
  wait_for_count (&changed, 1);
  run_for (300);
  g_assert_cmpuint (sm_sites_layer_count_drawn (window->sites_layer, NULL), ==, drawn + 1);

  /* the watch's connection ends: the bar says so; Reconnect opens again */
  bar = sm_window_shared_get_lost_bar (window);
  g_assert_false (gtk_widget_get_visible (bar));
  pid = sm_test_pg_query (server, "window",
                          "SELECT pg_terminate_backend (pid) FROM pg_stat_activity "
                          "WHERE query = 'LISTEN symbiomap_changed'");
  g_assert_cmpstr (pid, ==, "t");
  for (guint i = 0; i < 10 * WAIT_SECONDS && !gtk_widget_get_visible (bar); i++)
    run_for (100);
  g_assert_true (gtk_widget_get_visible (bar));
  g_assert_nonnull (find_label_with (bar, "Reconnect"));
  g_signal_connect (window, "notify::project", G_CALLBACK (count_notify), &reopened);
  gtk_info_bar_response (GTK_INFO_BAR (bar), GTK_RESPONSE_ACCEPT);
  wait_for_count (&reopened, 1);
  g_assert_false (gtk_widget_get_visible (bar));
  g_assert_true (sm_project_is_shared (sm_window_get_project (window)));
  sm_window_fit_box (window, 55.65, 55.68, 11.07, 11.11);
  run_for (300);
  g_assert_cmpuint (sm_sites_layer_count_drawn (window->sites_layer, NULL), ==, drawn + 1);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

/* The views on the sample copied into a database: what works on a file
 * works, or says it needs one, without a warning (they are fatal here) */
static void
test_views (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) flows = NULL;
  SmWindow *window;
  GtkWidget *preferences;
  gint64 site, flow = 0;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK);
  uri = sm_test_pg_new_database (server, "views");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);
  window = g_object_ref_sink (sm_window_new (NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (sm_window_open_project (window, uri, &error));
  g_assert_no_error (error);
  run_for (300);
  g_assert_cmpuint (sm_sites_layer_count_drawn (window->sites_layer, NULL), >, 0);

  found = sm_project_search_sites (window->project, "Aalborg Portland", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  site = ((SmSite *) g_ptr_array_index (found, 0))->site_id;
  flows = sm_project_list_flows (window->project, site, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < flows->len && flow == 0; i++)
    if (((SmFlow *) g_ptr_array_index (flows, i))->direction == SM_DIRECTION_SUPPLY)
      flow = ((SmFlow *) g_ptr_array_index (flows, i))->flow_id;
  g_assert_cmpint (flow, >, 0);

  sm_search_panel_set_text (window->search_panel, "aalborg");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-site", "x", site);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-matches", "x", flow);
  for (guint i = 0; i < 10 * WAIT_SECONDS && sm_matches_panel_get_running (window->matches_panel);
       i++)
    run_for (100);
  g_assert_cmpuint (g_list_model_get_n_items (sm_matches_panel_get_model (window->matches_panel)),
                    >, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-exchanges", NULL);
  run_for (300);
  preferences = sm_preferences_new (GTK_WINDOW (window), window->project);
  gtk_window_present (GTK_WINDOW (preferences));
  run_for (300);
  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  /* An address given on the command line opens in a worker */
  {
    guint opened = 0;

    window = g_object_ref_sink (sm_window_new (NULL));
    gtk_window_present (GTK_WINDOW (window));
    g_signal_connect (window, "notify::project", G_CALLBACK (count_notify), &opened);
    sm_window_shared_open (window, uri);
    g_assert_null (sm_window_get_project (window));
    wait_for_count (&opened, 1);
    g_assert_true (sm_project_is_shared (sm_window_get_project (window)));
    gtk_window_destroy (GTK_WINDOW (window));
    g_object_unref (window);

    /* closed while it connects: the answer is dropped */
    window = g_object_ref_sink (sm_window_new (NULL));
    gtk_window_present (GTK_WINDOW (window));
    sm_window_shared_open (window, uri);
    gtk_window_destroy (GTK_WINDOW (window));
    run_for (2000);
    g_assert_null (sm_window_get_project (window));
    g_object_unref (window);
  }
  sm_test_rm_rf (dir);
}

int
main (int argc, char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/window-pg/project-changed", test_project_changed);
  g_test_add_func ("/window-pg/window-follows", test_window_follows);
  g_test_add_func ("/window-pg/views", test_views);
  status = g_test_run ();
  g_clear_pointer (&server, sm_test_pg_stop);
  return status;
}
