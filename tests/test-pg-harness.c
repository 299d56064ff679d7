/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The private PostgreSQL server the store tests run against: it starts
 * with PostGIS, listens on no TCP port, and takes connections on its own
 * socket only.
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sm-test-pg.h"

static SmTestPg *server;

static void
test_private_server (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *postgis = NULL;
  g_autofree char *socket = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = sm_test_pg_create_database (server, "harness", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (uri, "postgresql://postgres@/harness?host="));

  listen = sm_test_pg_psql (server, "harness", "SHOW listen_addresses", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (listen), ==, "");

  socket = sm_test_pg_psql (server, "harness", "SHOW unix_socket_directories", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (socket), ==, sm_test_pg_get_socket_dir (server));

  postgis = sm_test_pg_psql (server, "harness",
                             "SELECT ST_AsText(ST_SetSRID(ST_MakePoint(9.5, 55.0), 4326))", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_strstrip (postgis), ==, "POINT(9.5 55)");

  /* a failing statement is reported, not swallowed */
  g_assert_null (sm_test_pg_psql (server, "harness", "SELECT * FROM no_such_table", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

/* A test that aborts on a failed assertion never reaches
 * sm_test_pg_stop(): its server must still go, with its folder */
static void
test_aborted_test_leaves_nothing (void)
{
  g_autofree char *note = NULL;
  g_autofree char *dir = NULL;
  gint64 deadline;

  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      SmTestPg *pg = sm_test_pg_start (&error);

      g_assert_no_error (error);
      /* GLib 2.74 has no way to read a subprocess's output back: the
       * folder goes into a file named after the parent test */
      g_autofree char *note = g_strdup_printf ("%s/sm-test-pg-abort-%d", g_get_tmp_dir (),
                                               (int) getppid ());

      g_assert_true (g_file_set_contents (note, sm_test_pg_get_socket_dir (pg), -1, NULL));
      abort ();
    }
  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  note = g_strdup_printf ("%s/sm-test-pg-abort-%d", g_get_tmp_dir (), (int) getpid ());
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_assert_true (g_file_get_contents (note, &dir, NULL, NULL));
  g_unlink (note);
  g_assert_true (g_str_has_prefix (dir, g_get_tmp_dir ()));
  /* the watchdog looks once a second; a stop and a removal take a few
   * more. This waits for an outcome, it measures nothing. */
  deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  while (g_file_test (dir, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (100 * 1000);
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/pg-harness/private-server", test_private_server);
  g_test_add_func ("/pg-harness/aborted-test-leaves-nothing", test_aborted_test_leaves_nothing);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
