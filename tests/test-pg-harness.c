/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The private PostgreSQL server the store tests run against: it starts
 * with PostGIS, listens on no TCP port, and takes connections on its own
 * socket only.
 */
#include "config.h"

#include <gio/gio.h>

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

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/pg-harness/private-server", test_private_server);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
