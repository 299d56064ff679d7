/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Connect to a shared database (docs/POSTGRESQL.md, "From the window"):
 * the address the fields make, odd characters escaped as libpq reads
 * them; a connect to the private server opens the window on the sample,
 * with no password in GSettings; a failing connect says what to do.
 */
#include "config.h"

#include <adwaita.h>
#include <libpq-fe.h>
#include <string.h>

#include "sm-connect-dialog.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"
#include "sm-window-private.h"
#include "sm-window-shared.h"

#define WAIT_SECONDS 60

/* Everything RFC 3986 reserves, a percent sign, a space and a letter
 * beyond ASCII */
#define ODD_PASSWORD "p@ss:w/rd?#&=% ø"

static SmTestPg *server;

/* libpq's reading of an address: what it connects with */
static char *
libpq_value (const char *uri,
             const char *keyword)
{
  char *errmsg = NULL;
  PQconninfoOption *options = PQconninfoParse (uri, &errmsg);
  char *value = NULL;

  g_assert_null (errmsg);
  g_assert_nonnull (options);
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    if (strcmp (o->keyword, keyword) == 0)
      value = g_strdup (o->val);
  PQconninfoFree (options);
  return value;
}

static void
test_uri (void)
{
  static const struct
  {
    const char *host, *port, *database, *user, *password, *expected;
  } cases[] = {
    { "", "", "kalundborg", "", NULL, "postgresql:///kalundborg" },
    { "db.example.org", "5433", "symbiose", "planner", ODD_PASSWORD,
      "postgresql://planner:p%40ss%3Aw%2Frd%3F%23%26%3D%25%20%C3%B8@db.example.org:5433/symbiose" },
    { "/run/postgresql", "", "region nord", "ø user", NULL,
      "postgresql://%C3%B8%20user@/region%20nord?host=/run/postgresql" },
    { "::1", "5432", "db", "", NULL, "postgresql:///db?host=::1&port=5432" },
    { "", "5433", "db", "", "secret", "postgresql://:secret@/db?port=5433" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *uri = sm_connect_build_uri (cases[i].host, cases[i].port, cases[i].database,
                                                   cases[i].user, cases[i].password);
      g_autofree char *shown = sm_connect_build_uri (cases[i].host, cases[i].port,
                                                     cases[i].database, cases[i].user, NULL);
      g_autofree char *host = NULL, *port = NULL, *database = NULL, *user = NULL;
      g_autofree char *pq_password = libpq_value (uri, "password");
      g_autofree char *pq_dbname = libpq_value (uri, "dbname");
      g_autofree char *pq_host = libpq_value (uri, "host");
      g_autofree char *pq_user = libpq_value (uri, "user");

      g_assert_cmpstr (uri, ==, cases[i].expected);
      /* libpq reads back every field as typed */
      g_assert_cmpstr (pq_password, ==, cases[i].password);
      g_assert_cmpstr (pq_dbname, ==, cases[i].database);
      g_assert_cmpstr (pq_host != NULL ? pq_host : "", ==, cases[i].host);
      g_assert_cmpstr (pq_user != NULL ? pq_user : "", ==, cases[i].user);
      /* the address to show and save has none, and reads back into the fields */
      g_assert_null (strstr (shown, "secret"));
      g_assert_null (strstr (shown, "%40ss"));
      g_assert_true (sm_connect_parse_uri (shown, &host, &port, &database, &user));
      g_assert_cmpstr (host, ==, cases[i].host);
      g_assert_cmpstr (port, ==, cases[i].port);
      g_assert_cmpstr (database, ==, cases[i].database);
      g_assert_cmpstr (user, ==, cases[i].user);
    }
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  SmWindow *window;
  gboolean  connected;
  char     *notice;
} Connected;

static void
on_connected (SmConnectDialog *dialog,
              SmProject       *project,
              const char      *notice,
              Connected       *c)
{
  (void) dialog;
  c->connected = TRUE;
  c->notice = g_strdup (notice);
  sm_window_show_shared_project (c->window, project, notice);
}

/* Waits until the dialog is no longer connecting */
static void
wait_idle (SmConnectDialog *dialog)
{
  for (guint i = 0; i < 10 * WAIT_SECONDS && sm_connect_dialog_is_busy (dialog); i++)
    run_for (100);
  g_assert_false (sm_connect_dialog_is_busy (dialog));
}

static void
assert_no_password (const char *text)
{
  g_assert_null (strstr (text, ODD_PASSWORD));
  g_assert_null (strstr (text, "p%40ss"));
  g_assert_null (strstr (text, "p@ss"));
}

static void
test_connect (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *database = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(SmProjectInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) recent = NULL;
  g_autofree char *last = NULL;
  Connected c = { 0 };
  SmConnectDialog *dialog;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_PLAIN);
  uri = sm_test_pg_new_database (server, "region");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);

  c.window = g_object_ref_sink (sm_window_new (NULL));
  gtk_window_present (GTK_WINDOW (c.window));
  dialog = sm_connect_dialog_new (GTK_WINDOW (c.window));
  g_signal_connect (dialog, "connected", G_CALLBACK (on_connected), &c);
  gtk_window_present (GTK_WINDOW (dialog));
  /* the server trusts its socket: any password does, and none may be kept */
  sm_connect_dialog_set_fields (dialog, sm_test_pg_get_socket_dir (server), "", "region",
                                "postgres", ODD_PASSWORD, TRUE);
  sm_connect_dialog_connect (dialog);
  g_assert_true (sm_connect_dialog_is_busy (dialog));
  for (guint i = 0; i < 10 * WAIT_SECONDS && !c.connected; i++)
    run_for (100);
  g_assert_true (c.connected);

  /* the window on the sample */
  g_assert_nonnull (sm_window_get_project (c.window));
  g_assert_true (sm_project_is_shared (sm_window_get_project (c.window)));
  info = sm_project_get_info (sm_window_get_project (c.window), &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->n_sites, >, 5);
  assert_no_password (adw_window_title_get_subtitle (c.window->window_title));
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (c.window->window_title), "region"));

  /* GSettings: the address, never the password */
  recent = g_settings_get_strv (settings, "shared-databases");
  g_assert_nonnull (recent[0]);
  g_assert_nonnull (strstr (recent[0], "region"));
  for (guint i = 0; recent[i] != NULL; i++)
    assert_no_password (recent[i]);
  last = g_settings_get_string (settings, "last-project");
  assert_no_password (last);
  /* no keyring in this session (its bus is nowhere): said, not refused */
  g_assert_nonnull (c.notice);

  /* a new dialog starts from the last database */
  dialog = sm_connect_dialog_new (GTK_WINDOW (c.window));
  g_object_ref_sink (dialog);
  {
    g_autofree char *address = sm_connect_dialog_dup_address (dialog);

    g_assert_cmpstr (address, ==, recent[0]);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  /* several: picking one in Recent fills the fields with it */
  {
    const char *two[] = { "postgresql://planner@gis.example:5433/nord",
                          "postgresql://%C3%B8@/syd?host=/run/postgresql", NULL };
    g_autofree char *address = NULL;

    g_settings_set_strv (settings, "shared-databases", two);
    dialog = g_object_ref_sink (sm_connect_dialog_new (GTK_WINDOW (c.window)));
    address = sm_connect_dialog_dup_address (dialog);
    g_assert_cmpstr (address, ==, two[0]);
    g_clear_pointer (&address, g_free);
    sm_connect_dialog_select_recent (dialog, 1);
    address = sm_connect_dialog_dup_address (dialog);
    g_assert_cmpstr (address, ==, two[1]);
    gtk_window_destroy (GTK_WINDOW (dialog));
    g_object_unref (dialog);
  }

  gtk_window_destroy (GTK_WINDOW (c.window));
  g_object_unref (c.window);
  g_free (c.notice);
  sm_test_rm_rf (dir);
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
on_connected_flag (SmConnectDialog *dialog,
                   SmProject       *project,
                   const char      *uri,
                   const char      *notice,
                   gboolean        *connected)
{
  *connected = TRUE;
}

static void
test_fails (void)
{
  g_autofree char *empty = NULL;
  g_autofree char *nowhere = NULL;
  SmWindow *window;
  SmConnectDialog *dialog;
  const char *message;
  gboolean connected = FALSE;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  empty = sm_test_pg_new_database (server, "empty");
  window = g_object_ref_sink (sm_window_new (NULL));
  dialog = sm_connect_dialog_new (GTK_WINDOW (window));
  g_object_ref (dialog);
  g_signal_connect (dialog, "connected", G_CALLBACK (on_connected_flag), &connected);
  gtk_window_present (GTK_WINDOW (dialog));

  /* no project there: how to make one */
  sm_connect_dialog_set_fields (dialog, sm_test_pg_get_socket_dir (server), "", "empty",
                                "postgres", ODD_PASSWORD, FALSE);
  sm_connect_dialog_connect (dialog);
  wait_idle (dialog);
  message = sm_connect_dialog_get_message (dialog);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "symbiomap-cli init"));
  assert_no_password (message);

  /* no server there: check the host */
  nowhere = g_build_filename (sm_test_pg_get_socket_dir (server), "nowhere", NULL);
  sm_connect_dialog_set_fields (dialog, nowhere, "", "empty", "postgres", ODD_PASSWORD, FALSE);
  sm_connect_dialog_connect (dialog);
  wait_idle (dialog);
  message = sm_connect_dialog_get_message (dialog);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "Check the host"));
  assert_no_password (message);

  /* no database name: said before connecting */
  sm_connect_dialog_set_fields (dialog, "", "", "", "", NULL, FALSE);
  sm_connect_dialog_connect (dialog);
  g_assert_false (sm_connect_dialog_is_busy (dialog));
  g_assert_nonnull (strstr (sm_connect_dialog_get_message (dialog), "name of the database"));

  /* Cancel while connecting: nothing opens, the dialog stays to try again */
  sm_connect_dialog_set_fields (dialog, sm_test_pg_get_socket_dir (server), "", "empty",
                                "postgres", NULL, FALSE);
  sm_connect_dialog_connect (dialog);
  g_assert_true (sm_connect_dialog_is_busy (dialog));
  g_signal_emit_by_name (find_button (GTK_WIDGET (dialog), "_Cancel"), "clicked");
  g_assert_false (sm_connect_dialog_is_busy (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  run_for (2000);
  g_assert_null (sm_connect_dialog_get_message (dialog));

  g_assert_false (connected);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int argc, char *argv[])
{
  int status;

  /* A session bus that is nowhere: no Secret Service, as on CI */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/symbiomap-test-bus", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* Xvfb has no window manager: the window is never active, focus moves
   * without focus-out events, and GTK 4.8's cursor blink then warns
   * ("GtkText - did not receive a focus-out event") */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  g_test_add_func ("/connect/uri", test_uri);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/connect/window", test_connect);
  g_test_add_func ("/connect/fails", test_fails);
  status = g_test_run ();
  g_clear_pointer (&server, sm_test_pg_stop);
  return status;
}
