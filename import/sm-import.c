/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads one layer (or every layer) of a user's file through GDAL and
 * writes it into the project as sites, flows or network lines, in one
 * transaction, rejecting the rows it cannot use with a reason a planner
 * understands (DATA-MODEL.md).
 *
 * This file holds the public run: options, results, the transaction,
 * --strict, progress and the thread. The parts it calls are in
 * sm-import-fields.c, sm-import-source.c, sm-import-layer.c,
 * sm-import-reader.c and the row importers sm-import-sites.c,
 * sm-import-flows.c and sm-import-network.c (sm-import-private.h).
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include "sm-import-private.h"

G_DEFINE_QUARK (sm-import-error-quark, sm_import_error)

SmImportOptions *
sm_import_options_new (SmImportKind kind)
{
  SmImportOptions *options = g_new0 (SmImportOptions, 1);

  options->kind = kind;
  options->mapping = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return options;
}

static SmImportOptions *
options_copy (const SmImportOptions *options)
{
  SmImportOptions *copy = sm_import_options_new (options->kind);
  GHashTableIter iter;
  gpointer key, value;

  copy->layer = g_strdup (options->layer);
  copy->srs = g_strdup (options->srs);
  copy->strict = options->strict;
  if (options->mapping)
    {
      g_hash_table_iter_init (&iter, options->mapping);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (copy->mapping, g_strdup (key), g_strdup (value));
    }
  return copy;
}

void
sm_import_options_free (SmImportOptions *options)
{
  if (options == NULL)
    return;
  g_free (options->layer);
  g_free (options->srs);
  g_clear_pointer (&options->mapping, g_hash_table_unref);
  g_free (options);
}

/* Results */

void
sm_import_layer_import_free (SmLayerImport *layer)
{
  g_free (layer->layer);
  g_ptr_array_unref (layer->rejected);
  g_ptr_array_unref (layer->notes);
  g_free (layer->profile);
  g_free (layer);
}

void
sm_import_result_free (SmImportResult *result)
{
  if (result == NULL)
    return;
  g_free (result->file);
  g_ptr_array_unref (result->layers);
  g_free (result);
}

int
sm_import_result_count_imported (const SmImportResult *result)
{
  int n = 0;

  for (guint i = 0; i < result->layers->len; i++)
    n += ((SmLayerImport *) g_ptr_array_index (result->layers, i))->imported;
  return n;
}

int
sm_import_result_count_rejected (const SmImportResult *result)
{
  int n = 0;

  for (guint i = 0; i < result->layers->len; i++)
    n += ((SmLayerImport *) g_ptr_array_index (result->layers, i))->rejected->len
         + ((SmLayerImport *) g_ptr_array_index (result->layers, i))->rejected_not_kept;
  return n;
}

static gboolean
wanted_layer (const SmImportOptions *options,
              OGRLayerH              layer,
              int                    n_layers)
{
  g_autofree char *name = sm_text_to_utf8 (OGR_L_GetName (layer));

  if (options->layer != NULL)
    return g_str_equal (options->layer, name);
  /* Every layer; for a network only those with lines (OSM has points too). */
  if (options->kind == SM_IMPORT_KIND_NETWORK && n_layers > 1)
    {
      OGRwkbGeometryType t = wkbFlatten (OGR_L_GetGeomType (layer));
      return (t == wkbLineString || t == wkbMultiLineString) && sm_osm_roads_wanted_layer (layer);
    }
  return TRUE;
}

/* Returns whether the journal mode is now @mode */
static gboolean
set_journal_mode (SmProject  *project,
                  const char *mode)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA journal_mode = %s", mode);
  sqlite3_stmt *stmt = NULL;
  gboolean done = FALSE;

  /* A database has no journal of ours (and imports refuse it) */
  if (sm_project_get_db (project) == NULL)
    return FALSE;
  if (sqlite3_prepare_v2 (sm_project_get_db (project), sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    done = g_ascii_strcasecmp ((const char *) sqlite3_column_text (stmt, 0), mode) == 0;
  sqlite3_finalize (stmt);
  return done;
}

/* Records the attempt of a --strict import that was rolled back: the
 * import with nothing imported, and why. */
static gboolean
record_strict_failure (SmProject      *project,
                       SmImportResult *result,
                       GError        **error)
{
  if (!sm_project_begin (project, error))
    return FALSE;
  for (guint i = 0; i < result->layers->len; i++)
    {
      SmLayerImport *l = g_ptr_array_index (result->layers, i);

      l->import_id = sm_project_begin_import (project, result->file, l->layer,
                                              sm_import_kind_to_key (result->kind), NULL, error);
      if (l->import_id == 0
          || !sm_project_finish_import (project, l->import_id, l->rows_read, 0,
                                        l->rejected->len + l->rejected_not_kept, error))
        goto fail;
      for (guint j = 0; j < l->rejected->len; j++)
        {
          SmRejectedRow *rr = g_ptr_array_index (l->rejected, j);
          if (!sm_project_add_rejected_row (project, l->import_id, rr->row, rr->field, rr->value,
                                            rr->reason, error))
            goto fail;
        }
      l->imported = 0;
      l->sites_created = l->sites_merged = l->exchanges = 0;
    }
  return sm_project_commit (project, error);

fail:
  sm_project_rollback (project);
  return FALSE;
}

/**
 * sm_import_run:
 * @project: the project to import into
 * @path: the user's file
 * @options: what to import it as, and how
 * @progress: (nullable): called now and then with the fraction done
 * @user_data: for @progress
 * @cancellable: (nullable): cancels the import, which then changes nothing
 * @error: return location for an error
 *
 * Imports in one transaction: on any error, on cancellation, and under
 * --strict with rejected rows, the project keeps what it had. Rows that
 * cannot be used are rejected and recorded with the import.
 *
 * Returns: (transfer full): what was imported and rejected, or %NULL
 */
SmImportResult *
sm_import_run (SmProject             *project,
               const char            *path,
               const SmImportOptions *options,
               SmImportProgressFunc   progress,
               gpointer               user_data,
               GCancellable          *cancellable,
               GError               **error)
{
  g_autoptr (SmImportResult) result = NULL;
  GDALDatasetH ds;
  int n_layers, n_wanted = 0;
  Progress prog = { progress, user_data, 0, 1 };
  gboolean ok = FALSE;
  gboolean journal_switched;

  g_autoptr (SmImportOptions) detected = NULL;

  g_return_val_if_fail (SM_IS_PROJECT (project), NULL);
  g_return_val_if_fail (path != NULL && options != NULL, NULL);
  g_return_val_if_fail (options->kind >= SM_IMPORT_KIND_INVALID && options->kind < SM_N_IMPORT_KINDS,
                        NULL);

  ds = sm_import_open_dataset (path, error);
  if (ds == NULL)
    return NULL;

  /* No kind given: the one the columns and geometry of the (first) layer
   * show, and the result says it was found so. */
  if (options->kind == SM_IMPORT_KIND_INVALID)
    {
      OGRLayerH first = options->layer ? GDALDatasetGetLayerByName (ds, options->layer)
                                       : GDALDatasetGetLayer (ds, 0);
      SmSourceLayer *desc = first ? sm_import_describe_layer (first, FALSE) : NULL;

      detected = options_copy (options);
      detected->kind = desc ? sm_import_guess_kind (desc) : SM_IMPORT_KIND_SITES;
      if (desc)
        sm_import_source_layer_free (desc);
      options = detected;
    }

  n_layers = GDALDatasetGetLayerCount (ds);
  for (int i = 0; i < n_layers; i++)
    if (wanted_layer (options, GDALDatasetGetLayer (ds, i), n_layers))
      n_wanted++;
  if (n_wanted == 0)
    {
      g_autofree char *base = g_path_get_basename (path);
      if (options->layer != NULL)
        g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_NO_LAYER,
                     /* TRANSLATORS: the file's name, then the layer the user asked for
                      * (--layer) */
                     _("“%s” has no layer “%s”"), base, options->layer);
      else
        g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_NO_LAYER,
                     /* TRANSLATORS: %s is the file's name */
                     _("“%s” has no layer with lines to import as a network"), base);
      GDALClose (ds);
      return NULL;
    }

  result = g_new0 (SmImportResult, 1);
  result->file = g_strdup (path);
  result->kind = options->kind;
  result->kind_detected = detected != NULL;
  result->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_import_layer_import_free);

  /* The import stays in WAL mode, though a rollback journal would write
   * each new page once instead of twice: with a rollback journal, readers
   * that came while an import ran were locked out (issue 14.7); in WAL
   * mode they read the last committed state. Both undo a killed import. */
  journal_switched = FALSE;
  if (!sm_project_begin (project, error))
    {
      if (journal_switched)
        set_journal_mode (project, "wal");
      GDALClose (ds);
      return NULL;
    }
  /* On a shared database, imports take turns (docs/POSTGRESQL.md,
   * "Imports at the same time"): each looks up the sites it merges into
   * (same key, org number, or name nearby) in what the imports before it
   * committed, so two imports naming the same new site at once give one
   * site, as if run one after the other, and never a duplicate or a
   * unique-key error. The lock is the transaction's: it goes with the
   * commit or rollback, and with the connection of a killed import.
   * Readers and single edits are not held up. */
  if (!sm_project_lock_imports (project, cancellable, error))
    {
      sm_project_rollback (project);
      GDALClose (ds);
      return NULL;
    }
  /* Index upkeep of a large import fits in memory instead of spilling:
   * 64 MiB, or SYMBIOMAP_IMPORT_CACHE_KIB on a machine short of memory
   * (the kill test sets it small, so pages reach the disk mid-import;
   * docs/HACKING.md). */
  {
    const char *env = g_getenv ("SYMBIOMAP_IMPORT_CACHE_KIB");
    gint64 kib = env ? g_ascii_strtoll (env, NULL, 10) : 0;
    g_autofree char *pragma = g_strdup_printf ("PRAGMA cache_size = -%" G_GINT64_FORMAT,
                                               kib >= 64 && kib <= 16 * 1024 * 1024 ? kib : 65536);

    /* A database's memory is the server's to set */
    if (!sm_project_is_shared (project))
      sm_project_exec (project, pragma, NULL);
  }

  CPLPushErrorHandler (CPLQuietErrorHandler);
  prog.n_layers = n_wanted;
  for (int i = 0; i < n_layers; i++)
    {
      OGRLayerH layer = GDALDatasetGetLayer (ds, i);
      SmLayerImport *l;

      if (!wanted_layer (options, layer, n_layers))
        continue;
      l = sm_import_layer (project, path, GDALGetDriverShortName (GDALGetDatasetDriver (ds)), layer,
                        options, &prog, cancellable, error);
      if (l == NULL)
        goto out;
      g_ptr_array_add (result->layers, l);
      prog.layer_index++;
    }

  {
    int rows = 0;
    for (guint i = 0; i < result->layers->len; i++)
      rows += ((SmLayerImport *) g_ptr_array_index (result->layers, i))->rows_read;
    if (rows == 0)
      {
        g_autofree char *base = g_path_get_basename (path);
        g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_EMPTY,
                     /* TRANSLATORS: %s is the file's name */
                     _("“%s” has no rows to import"), base);
        goto out;
      }
  }

  if (options->strict && sm_import_result_count_rejected (result) > 0)
    {
      sm_project_rollback (project);
      if (journal_switched)
        set_journal_mode (project, "wal");
      result->rolled_back = TRUE;
      ok = record_strict_failure (project, result, error);
      CPLPopErrorHandler ();
      GDALClose (ds);
      return ok ? g_steal_pointer (&result) : NULL;
    }

  ok = sm_project_commit (project, error);

out:
  CPLPopErrorHandler ();
  GDALClose (ds);
  if (!sm_project_is_shared (project))
    sm_project_exec (project, "PRAGMA cache_size = -2000", NULL);
  if (!ok)
    sm_project_rollback (project);
  if (journal_switched)
    set_journal_mode (project, "wal");
  if (!ok)
    return NULL;
  if (progress)
    progress (1.0, user_data);
  return g_steal_pointer (&result);
}

/* In a thread */

typedef struct
{
  char            *project_path;
  char            *path;
  SmImportOptions *options;
  SmProgressRelay *relay;
} ImportTask;

static void
import_task_free (ImportTask *t)
{
  g_free (t->project_path);
  g_free (t->path);
  sm_import_options_free (t->options);
  sm_progress_relay_unref (t->relay);
  g_free (t);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportTask *t = task_data;
  g_autoptr (SmProject) project = NULL;
  GError *error = NULL;
  SmImportResult *result;

  /* A connection of its own: SQLite connections stay in their thread. */
  project = sm_project_open (t->project_path, &error);
  if (project == NULL)
    {
      sm_progress_relay_stop (t->relay);
      g_task_return_error (task, error);
      return;
    }
  result = sm_import_run (project, t->path, t->options, sm_progress_relay_report, t->relay,
                          cancellable, &error);
  sm_progress_relay_stop (t->relay);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) sm_import_result_free);
}

/**
 * sm_import_run_async:
 * @project_path: the project file; the thread opens its own connection
 * @progress: (nullable): called in the caller's main context
 *
 * Runs sm_import_run() in a thread.
 */
void
sm_import_run_async (const char            *project_path,
                     const char            *path,
                     const SmImportOptions *options,
                     SmImportProgressFunc   progress,
                     gpointer               user_data,
                     GCancellable          *cancellable,
                     GAsyncReadyCallback    callback,
                     gpointer               callback_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, callback_data);
  ImportTask *t = g_new0 (ImportTask, 1);

  t->project_path = g_strdup (project_path);
  t->path = g_strdup (path);
  t->options = options_copy (options);
  t->relay = sm_progress_relay_new (progress, user_data);
  g_task_set_source_tag (task, sm_import_run_async);
  g_task_set_task_data (task, t, (GDestroyNotify) import_task_free);
  g_task_run_in_thread (task, import_thread);
}

SmImportResult *
sm_import_run_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
