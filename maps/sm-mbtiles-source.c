/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An offline basemap from an MBTiles file: a ShumateDataSource reading
 * tiles with SQLite in a worker thread. As docs/ARCHITECTURE.md records,
 * libshumate 1.0's raster renderer only paints a tile after
 * "received-data", so the signal is emitted, on the main thread, before
 * the task returns.
 */
#define G_LOG_DOMAIN "sm-mbtiles"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "sm-mbtiles-source.h"

struct _SmMbtilesSource
{
  ShumateDataSource parent_instance;

  sqlite3 *db;    /* serialized mode: shared by the worker threads */
  GMutex   lock;
  char    *name;
  int      min_zoom, max_zoom;
};

G_DEFINE_FINAL_TYPE (SmMbtilesSource, sm_mbtiles_source, SHUMATE_TYPE_DATA_SOURCE)

typedef struct
{
  int     x, y, z;
  GBytes *bytes;
} TileRequest;

static void
tile_request_free (TileRequest *t)
{
  g_clear_pointer (&t->bytes, g_bytes_unref);
  g_free (t);
}

/* On the main thread: the signal first, then the result */
static gboolean
deliver (gpointer data)
{
  GTask *task = data;
  TileRequest *t = g_task_get_task_data (task);

  g_signal_emit_by_name (g_task_get_source_object (task), "received-data", t->x, t->y, t->z, t->bytes);
  g_task_return_pointer (task, g_bytes_ref (t->bytes), (GDestroyNotify) g_bytes_unref);
  return G_SOURCE_REMOVE;
}

static void
read_tile (GTask        *task,
           gpointer      source,
           gpointer      task_data,
           GCancellable *cancellable)
{
  SmMbtilesSource *self = source;
  TileRequest *t = task_data;
  sqlite3_stmt *stmt = NULL;

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db,
                          "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? "
                          "AND tile_row = ?",
                          -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int (stmt, 1, t->z);
      sqlite3_bind_int (stmt, 2, t->x);
      /* MBTiles rows count from the south (TMS) */
      sqlite3_bind_int (stmt, 3, (1 << t->z) - 1 - t->y);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        t->bytes = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
    }
  sqlite3_finalize (stmt);
  g_mutex_unlock (&self->lock);

  if (t->bytes == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "No tile %d/%d/%d in the MBTiles file", t->z, t->x, t->y);
      return;
    }
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, deliver,
                              g_object_ref (task), g_object_unref);
}

static void
sm_mbtiles_source_get_tile_data_async (ShumateDataSource   *source,
                                       int                  x,
                                       int                  y,
                                       int                  zoom,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (source, cancellable, callback, user_data);
  TileRequest *t = g_new0 (TileRequest, 1);

  t->x = x;
  t->y = y;
  t->z = zoom;
  g_task_set_source_tag (task, sm_mbtiles_source_get_tile_data_async);
  g_task_set_task_data (task, t, (GDestroyNotify) tile_request_free);
  g_task_run_in_thread (task, read_tile);
}

static GBytes *
sm_mbtiles_source_get_tile_data_finish (ShumateDataSource  *source,
                                        GAsyncResult       *result,
                                        GError            **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sm_mbtiles_source_finalize (GObject *object)
{
  SmMbtilesSource *self = SM_MBTILES_SOURCE (object);

  sqlite3_close (self->db);
  g_mutex_clear (&self->lock);
  g_free (self->name);
  G_OBJECT_CLASS (sm_mbtiles_source_parent_class)->finalize (object);
}

static void
sm_mbtiles_source_class_init (SmMbtilesSourceClass *klass)
{
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sm_mbtiles_source_finalize;
  source_class->get_tile_data_async = sm_mbtiles_source_get_tile_data_async;
  source_class->get_tile_data_finish = sm_mbtiles_source_get_tile_data_finish;
}

static void
sm_mbtiles_source_init (SmMbtilesSource *self)
{
  g_mutex_init (&self->lock);
  self->max_zoom = 19;
}

/**
 * sm_mbtiles_source_new:
 * @path: an MBTiles file
 * @error: return location for an error
 *
 * Returns: (transfer full): the data source, or %NULL when @path is not an
 *   MBTiles file
 */
SmMbtilesSource *
sm_mbtiles_source_new (const char  *path,
                       GError     **error)
{
  g_autoptr (SmMbtilesSource) self = g_object_new (SM_TYPE_MBTILES_SOURCE, NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK
      || sqlite3_prepare_v2 (self->db, "SELECT name, value FROM metadata", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* TRANSLATORS: %s is a file's name */
                   _("“%s” is not an MBTiles file of map tiles"), base);
      return NULL;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (g_strcmp0 (key, "name") == 0)
        self->name = g_strdup (value);
      else if (g_strcmp0 (key, "minzoom") == 0 && value)
        self->min_zoom = atoi (value);
      else if (g_strcmp0 (key, "maxzoom") == 0 && value)
        self->max_zoom = atoi (value);
    }
  sqlite3_finalize (stmt);
  if (self->name == NULL)
    self->name = g_path_get_basename (path);
  return g_steal_pointer (&self);
}

const char *
sm_mbtiles_source_get_name (SmMbtilesSource *self)
{
  return self->name;
}

int
sm_mbtiles_source_get_min_zoom (SmMbtilesSource *self)
{
  return self->min_zoom;
}

int
sm_mbtiles_source_get_max_zoom (SmMbtilesSource *self)
{
  return self->max_zoom;
}
