/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The offline MBTiles basemap: a tile comes back from a small fixture,
 * announced by "received-data" before the task returns; a missing tile is
 * an error, not a hang; a file that is not MBTiles is refused.
 */
#include "config.h"

#include <sqlite3.h>

#include "sm-mbtiles-source.h"
#include "sm-test-util.h"

static const guint8 tile_png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 't', 'i', 'l', 'e' };

static char *
write_fixture (const char *dir)
{
  char *path = g_build_filename (dir, "port.mbtiles", NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE metadata (name TEXT, value TEXT);"
                                 "INSERT INTO metadata VALUES ('name', 'Aalborg port'), ('minzoom', '10'),"
                                 " ('maxzoom', '16'), ('format', 'png');"
                                 "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER,"
                                 " tile_row INTEGER, tile_data BLOB);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "INSERT INTO tiles VALUES (14, 8646, ?, ?)", -1, &stmt, NULL);
  /* XYZ row 5041 at zoom 14 is TMS row 2^14 − 1 − 5041 = 11342 */
  sqlite3_bind_int (stmt, 1, 11342);
  sqlite3_bind_blob (stmt, 2, tile_png, sizeof tile_png, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return path;
}

typedef struct
{
  GBytes  *bytes;
  GError  *error;
  gboolean done;
  gboolean signalled;
  gboolean signalled_before_done;
} Result;

static void
on_received (ShumateDataSource *source,
             int                x,
             int                y,
             int                zoom,
             GBytes            *bytes,
             Result            *r)
{
  r->signalled = TRUE;
  r->signalled_before_done = !r->done;
  g_assert_cmpint (zoom, ==, 14);
}

static void
on_done (GObject      *source,
         GAsyncResult *res,
         gpointer      data)
{
  Result *r = data;

  r->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (source), res, &r->error);
  r->done = TRUE;
}

static void
fetch (SmMbtilesSource *source,
       int              x,
       int              y,
       int              z,
       Result          *r)
{
  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), x, y, z, NULL, on_done, r);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_tiles (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = write_fixture (dir);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmMbtilesSource) source = sm_mbtiles_source_new (path, &error);
  Result found = { 0 }, missing = { 0 };

  g_assert_no_error (error);
  g_assert_cmpstr (sm_mbtiles_source_get_name (source), ==, "Aalborg port");
  g_assert_cmpint (sm_mbtiles_source_get_min_zoom (source), ==, 10);
  g_assert_cmpint (sm_mbtiles_source_get_max_zoom (source), ==, 16);

  g_signal_connect (source, "received-data", G_CALLBACK (on_received), &found);
  fetch (source, 8646, 5041, 14, &found);
  g_assert_no_error (found.error);
  g_assert_nonnull (found.bytes);
  g_assert_cmpmem (g_bytes_get_data (found.bytes, NULL), g_bytes_get_size (found.bytes),
                   tile_png, sizeof tile_png);
  g_assert_true (found.signalled);
  g_assert_true (found.signalled_before_done);
  g_bytes_unref (found.bytes);
  g_signal_handlers_disconnect_by_data (source, &found);

  fetch (source, 1, 1, 14, &missing);
  g_assert_error (missing.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (missing.bytes);
  g_clear_error (&missing.error);

  g_clear_object (&source);
  sm_test_rm_rf (dir);
}

static void
test_not_mbtiles (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "notes.mbtiles", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmMbtilesSource) source = NULL;

  g_file_set_contents (path, "not a database", -1, NULL);
  source = sm_mbtiles_source_new (path, &error);
  g_assert_null (source);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mbtiles/tiles", test_tiles);
  g_test_add_func ("/mbtiles/not-mbtiles", test_not_mbtiles);
  return g_test_run ();
}
