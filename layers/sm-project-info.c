/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a project holds at a glance: counts of sites, flows by resource
 * and direction, exchanges and network lines, its extent and the record
 * of imports. Apart from sm-project.c, which opens, migrates and guards
 * the file.
 */
#define G_LOG_DOMAIN "sm-project"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first */
#include <spatialite.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sm-project.h"
#include "sm-project-extent.h"
#include "sm-project-private.h"

/**
 * sm_project_get_info:
 * @self: a project
 * @error: return location for an error
 *
 * Counts of what the project holds, its extent and the imports done.
 *
 * Returns: (transfer full): the summary, or %NULL with @error set
 */
SmProjectInfo *
sm_project_get_info (SmProject  *self,
                     GError    **error)
{
  g_autoptr(SmProjectInfo) info = g_new0 (SmProjectInfo, 1);
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  info->imports = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_import_record_free);
  info->n_sites = sm_project_query_int (self, "SELECT COUNT(*) FROM sites", 0);
  info->n_exchanges = sm_project_query_int (self, "SELECT COUNT(*) FROM exchanges", 0);
  info->n_network_edges = sm_project_query_int (self, "SELECT COUNT(*) FROM network_edges", 0);

  stmt = sm_project_prepare (self,
                             "SELECT resource, direction, COUNT(*) FROM flows "
                             "GROUP BY resource, direction",
                             error);
  if (stmt == NULL)
    return NULL;
  while (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    {
      SmResource r = sm_resource_from_key (sm_stmt_column_text (stmt, 0));
      SmDirection d = sm_direction_from_key (sm_stmt_column_text (stmt, 1));
      int n = sm_stmt_column_int (stmt, 2);

      if (r != SM_RESOURCE_INVALID && d != SM_DIRECTION_INVALID)
        info->flows_by[r][d] = n;
      info->n_flows += n;
    }

  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self)
                             ? sm_project_pg_extent_sql
                             : "SELECT MIN (MbrMinX (geom)), MIN (MbrMinY (geom)), "
                               "MAX (MbrMaxX (geom)), MAX (MbrMaxY (geom)) FROM "
                               "(SELECT geom FROM sites UNION ALL SELECT geom FROM network_edges)",
                             error);
  if (stmt == NULL)
    return NULL;
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW && sm_stmt_column_type (stmt, 0) != SM_DB_NULL)
    {
      info->has_extent = TRUE;
      info->min_lon = sm_stmt_column_double (stmt, 0);
      info->min_lat = sm_stmt_column_double (stmt, 1);
      info->max_lon = sm_stmt_column_double (stmt, 2);
      info->max_lat = sm_stmt_column_double (stmt, 3);
    }
  /* Not to hold a read transaction open */
  sm_stmt_reset (stmt);
  /* Without a network, the map shows where most sites are, not a far
   * outlier as well (sm-project-extent.c). */
  if (info->has_extent && info->n_network_edges == 0)
    sm_project_core_extent (self, &info->min_lon, &info->min_lat, &info->max_lon, &info->max_lat,
                            NULL);

  stmt = sm_project_prepare (self,
                             "SELECT import_id, file, layer, kind, started_at, rows_read, "
                             "imported, rejected FROM imports ORDER BY import_id",
                             error);
  if (stmt == NULL)
    return NULL;
  while (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    {
      SmImportRecord *rec = g_new0 (SmImportRecord, 1);

      rec->import_id = sm_stmt_column_int64 (stmt, 0);
      rec->file = sm_project_dup_column (stmt, 1);
      rec->layer = sm_project_dup_column (stmt, 2);
      rec->kind = sm_project_dup_column (stmt, 3);
      rec->started_at = sm_project_dup_column (stmt, 4);
      rec->rows_read = sm_stmt_column_int (stmt, 5);
      rec->imported = sm_stmt_column_int (stmt, 6);
      rec->rejected = sm_stmt_column_int (stmt, 7);
      g_ptr_array_add (info->imports, rec);
    }

  return g_steal_pointer (&info);
}

void
sm_import_record_free (SmImportRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->file);
  g_free (record->layer);
  g_free (record->kind);
  g_free (record->started_at);
  g_free (record);
}

void
sm_project_info_free (SmProjectInfo *info)
{
  if (info == NULL)
    return;
  g_clear_pointer (&info->imports, g_ptr_array_unref);
  g_free (info);
}
