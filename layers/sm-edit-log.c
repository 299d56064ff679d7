/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The edit log of sites and flows (docs/DATA-MODEL.md, "Edit log"). The
 * schema's triggers write it, so that QGIS and sqlite3 are recorded too;
 * this file tells them, inside one write transaction, who writes (the
 * store's edits) or that an import writes (recorded once, in imports),
 * and reads a site's history back.
 */
#define G_LOG_DOMAIN "sm-edit-log"

#include "config.h"

#include <glib/gi18n.h>
#include <sqlite3.h>

#include "sm-edit-log.h"
#include "sm-project-private.h"

/* Migration 6 -> 7 of sm-project.c (renumbered if another branch
 * appended one first): a log of every change to a site or a flow
 * (docs/DATA-MODEL.md, "Edit log"), kept by triggers so that every
 * writer is recorded: the app, the CLI, QGIS, sqlite3. Only the columns
 * a person edits are logged, as JSON objects of their old and new
 * values; name_folded and import_id are the store's own. edit_context
 * holds, inside one write transaction only, who writes (the store puts
 * the OS user name there) and whether it is an import (an import is
 * recorded once, in imports, not row by row); both rows are gone
 * before the transaction commits (sm_project_commit()). Inserts and moves
 * call SpatiaLite's ST_X/ST_Y, which those writes need anyway (its
 * geometry triggers); updates of other columns and deletions are plain
 * SQL, so another program can still rename or delete a site. */
const char sm_edit_log_migration[] =
  "CREATE TABLE edit_context ( "
  "  key TEXT PRIMARY KEY CHECK (key IN ('user', 'import')), "
  "  value TEXT); "
  "CREATE TABLE edit_log ( "
  "  edit_id INTEGER PRIMARY KEY, "
  "  changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), "
  "  table_name TEXT NOT NULL CHECK (table_name IN ('sites', 'flows')), "
  "  row_id INTEGER NOT NULL, "
  "  site_id INTEGER, "
  "  action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')), "
  "  old_values TEXT, "
  "  new_values TEXT, "
  "  who TEXT); "
  "CREATE INDEX edit_log_site ON edit_log (site_id); "
  "CREATE INDEX edit_log_row ON edit_log (table_name, row_id); "
  "CREATE TRIGGER sites_edit_log_insert AFTER INSERT ON sites "
  "  WHEN NOT EXISTS (SELECT 1 FROM edit_context WHERE key = 'import') BEGIN "
  "  INSERT INTO edit_log (table_name, row_id, site_id, action, new_values, who) "
  "    VALUES ('sites', new.site_id, new.site_id, 'insert', "
  "    json_patch ('{}', json_object ( "
  "      'ext_id', new.ext_id, 'name', new.name, 'org_number', new.org_number, "
  "      'sector', new.sector, 'address', new.address, "
  "      'contact_name', new.contact_name, 'contact_email', new.contact_email, "
  "      'phone', new.phone, 'notes', new.notes, "
  "      'lat', ST_Y (new.geom), 'lon', ST_X (new.geom))), "
  "    (SELECT value FROM edit_context WHERE key = 'user')); "
  "  END; "
  "CREATE TRIGGER sites_edit_log_update "
  "  AFTER UPDATE OF ext_id, name, org_number, sector, address, "
  "  contact_name, contact_email, phone, notes ON sites "
  "  WHEN NOT EXISTS (SELECT 1 FROM edit_context WHERE key = 'import') "
  "    AND old.geom IS new.geom BEGIN "
  "  INSERT INTO edit_log (table_name, row_id, site_id, action, old_values, new_values, who) "
  "    SELECT 'sites', new.site_id, new.site_id, 'update', o, n, "
  "      (SELECT value FROM edit_context WHERE key = 'user') "
  "    FROM (SELECT json_group_object (k, o) AS o, json_group_object (k, n) AS n, "
  "                 count (*) AS c "
  "          FROM (SELECT 'ext_id' AS k, old.ext_id AS o, new.ext_id AS n UNION ALL "
  "                SELECT 'name', old.name, new.name UNION ALL "
  "                SELECT 'org_number', old.org_number, new.org_number UNION ALL "
  "                SELECT 'sector', old.sector, new.sector UNION ALL "
  "                SELECT 'address', old.address, new.address UNION ALL "
  "                SELECT 'contact_name', old.contact_name, new.contact_name UNION ALL "
  "                SELECT 'contact_email', old.contact_email, new.contact_email UNION ALL "
  "                SELECT 'phone', old.phone, new.phone UNION ALL "
  "                SELECT 'notes', old.notes, new.notes) "
  "          WHERE o IS NOT n) "
  "    WHERE c > 0; "
  "  END; "
  "CREATE TRIGGER sites_edit_log_move AFTER UPDATE OF geom ON sites "
  "  WHEN NOT EXISTS (SELECT 1 FROM edit_context WHERE key = 'import') "
  "    AND old.geom IS NOT new.geom BEGIN "
  "  INSERT INTO edit_log (table_name, row_id, site_id, action, old_values, new_values, who) "
  "    SELECT 'sites', new.site_id, new.site_id, 'update', o, n, "
  "      (SELECT value FROM edit_context WHERE key = 'user') "
  "    FROM (SELECT json_group_object (k, o) AS o, json_group_object (k, n) AS n, "
  "                 count (*) AS c "
  "          FROM (SELECT 'ext_id' AS k, old.ext_id AS o, new.ext_id AS n UNION ALL "
  "                SELECT 'name', old.name, new.name UNION ALL "
  "                SELECT 'org_number', old.org_number, new.org_number UNION ALL "
  "                SELECT 'sector', old.sector, new.sector UNION ALL "
  "                SELECT 'address', old.address, new.address UNION ALL "
  "                SELECT 'contact_name', old.contact_name, new.contact_name UNION ALL "
  "                SELECT 'contact_email', old.contact_email, new.contact_email UNION ALL "
  "                SELECT 'phone', old.phone, new.phone UNION ALL "
  "                SELECT 'notes', old.notes, new.notes UNION ALL "
  "                SELECT 'lat', ST_Y (old.geom), ST_Y (new.geom) UNION ALL "
  "                SELECT 'lon', ST_X (old.geom), ST_X (new.geom)) "
  "          WHERE o IS NOT n) "
  "    WHERE c > 0; "
  "  END; "
  "CREATE TRIGGER sites_edit_log_delete AFTER DELETE ON sites "
  "  WHEN NOT EXISTS (SELECT 1 FROM edit_context WHERE key = 'import') BEGIN "
  "  INSERT INTO edit_log (table_name, row_id, site_id, action, old_values, who) "
  "    VALUES ('sites', old.site_id, old.site_id, 'delete', "
  "    json_patch ('{}', json_object ( "
  "      'ext_id', old.ext_id, 'name', old.name, 'org_number', old.org_number, "
  "      'sector', old.sector, 'address', old.address, "
  "      'contact_name', old.contact_name, 'contact_email', old.contact_email, "
  "      'phone', old.phone, 'notes', old.notes)), "
  "    (SELECT value FROM edit_context WHERE key = 'user')); "
  "  END; "
  "CREATE TRIGGER flows_edit_log_insert AFTER INSERT ON flows "
  "  WHEN NOT EXISTS (SELECT 1 FROM edit_context WHERE key = 'import') BEGIN "
  "  INSERT INTO edit_log (table_name, row_id, site_id, action, new_values, who) "
  "    VALUES ('flows', new.flow_id, new.site_id, 'insert', "
  "    json_patch ('{}', json_object ( "
  "      'site_id', new.site_id, 'direction', new.direction, "
  "      'resource', new.resource, 'ewc_code', new.ewc_code, "
  "      'material', new.material, 'amount', new.amount, 'unit', new.unit, "
  "      'temperature_c', new.temperature_c, "
  "      'hours_per_year', new.hours_per_year, "
  "      'partner_site_id', new.partner_site_id, 'notes', new.notes)), "
  "    (SELECT value FROM edit_context WHERE key = 'user')); "
  "  END; "
  "CREATE TRIGGER flows_edit_log_update "
  "  AFTER UPDATE OF site_id, direction, resource, ewc_code, material, "
  "  amount, unit, temperature_c, hours_per_year, partner_site_id, notes ON flows "
  "  WHEN NOT EXISTS (SELECT 1 FROM edit_context WHERE key = 'import') BEGIN "
  "  INSERT INTO edit_log (table_name, row_id, site_id, action, old_values, new_values, who) "
  "    SELECT 'flows', new.flow_id, new.site_id, 'update', o, n, "
  "      (SELECT value FROM edit_context WHERE key = 'user') "
  "    FROM (SELECT json_group_object (k, o) AS o, json_group_object (k, n) AS n, "
  "                 count (*) AS c "
  "          FROM (SELECT 'site_id' AS k, old.site_id AS o, new.site_id AS n UNION ALL "
  "                SELECT 'direction', old.direction, new.direction UNION ALL "
  "                SELECT 'resource', old.resource, new.resource UNION ALL "
  "                SELECT 'ewc_code', old.ewc_code, new.ewc_code UNION ALL "
  "                SELECT 'material', old.material, new.material UNION ALL "
  "                SELECT 'amount', old.amount, new.amount UNION ALL "
  "                SELECT 'unit', old.unit, new.unit UNION ALL "
  "                SELECT 'temperature_c', old.temperature_c, new.temperature_c UNION ALL "
  "                SELECT 'hours_per_year', old.hours_per_year, new.hours_per_year UNION ALL "
  "                SELECT 'partner_site_id', old.partner_site_id, new.partner_site_id UNION ALL "
  "                SELECT 'notes', old.notes, new.notes) "
  "          WHERE o IS NOT n) "
  "    WHERE c > 0; "
  "  END; "
  "CREATE TRIGGER flows_edit_log_delete AFTER DELETE ON flows "
  "  WHEN NOT EXISTS (SELECT 1 FROM edit_context WHERE key = 'import') BEGIN "
  "  INSERT INTO edit_log (table_name, row_id, site_id, action, old_values, who) "
  "    VALUES ('flows', old.flow_id, old.site_id, 'delete', "
  "    json_patch ('{}', json_object ( "
  "      'site_id', old.site_id, 'direction', old.direction, "
  "      'resource', old.resource, 'ewc_code', old.ewc_code, "
  "      'material', old.material, 'amount', old.amount, 'unit', old.unit, "
  "      'temperature_c', old.temperature_c, "
  "      'hours_per_year', old.hours_per_year, "
  "      'partner_site_id', old.partner_site_id, 'notes', old.notes)), "
  "    (SELECT value FROM edit_context WHERE key = 'user')); "
  "  END;";

/* Auxiliary methods */

/* Projects made at an older schema by the migration tests have no
 * edit_context; asked once per project. */
static gboolean
has_edit_log (SmProject *self)
{
  /* A database's schema has it from its first version */
  if (self->edit_log_state == 0 && sm_project_is_shared (self))
    self->edit_log_state = 1;
  if (self->edit_log_state == 0)
    self->edit_log_state =
      sm_project_db_query_int (self->db,
                               "SELECT count(*) FROM sqlite_master "
                               "WHERE type = 'table' AND name = 'edit_context'",
                               0) > 0 ? 1 : -1;
  return self->edit_log_state > 0;
}

/**
 * sm_project_set_edit_context:
 * @self: a project, inside a write transaction
 * @key: "user" (who writes) or "import" (the import_id being written)
 * @value: (nullable): its value
 * @error: return location for an error
 *
 * Tells the edit log's triggers about the writes of this transaction;
 * sm_project_commit() takes it away again before it commits, and a
 * rollback takes it with the rest. Outside a transaction it does nothing:
 * the row would outlive the writer and be taken for everyone's.
 */
gboolean
sm_project_set_edit_context (SmProject   *self,
                             const char  *key,
                             const char  *value,
                             GError     **error)
{
  SmStmt *stmt;
  int rc;

  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);

  if (!sm_db_in_transaction (self->store) || !has_edit_log (self))
    return TRUE;
  /* A database keeps it in transaction-local settings, which its commit
   * or rollback takes away (docs/POSTGRESQL.md) */
  if (sm_project_is_shared (self))
    {
      stmt = sm_project_prepare (self, "SELECT set_config ('symbiomap.edit_' || ?, ?, true)", error);
      if (stmt == NULL)
        return FALSE;
      sm_stmt_bind_text (stmt, 1, key, -1);
      sm_stmt_bind_text (stmt, 2, value != NULL ? value : "", -1);
      rc = sm_stmt_step (stmt, error);
      sm_stmt_reset (stmt);
      if (rc == SM_STMT_ERROR)
        {
          /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
          sm_project_set_sql_error (self, error, _("The project could not record who changes it: %s"));
          return FALSE;
        }
      return TRUE;
    }
  stmt = sm_project_prepare (self,
                             "INSERT OR REPLACE INTO edit_context (key, value) VALUES (?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_text (stmt, 1, key, -1);
  sm_bind_text_or_null (stmt, 2, value);
  rc = sm_stmt_step (stmt, error);
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
      sm_project_set_sql_error (self, error, _("The project could not record who changes it: %s"));
      return FALSE;
    }
  self->edit_context = TRUE;
  return TRUE;
}

/* Before COMMIT: the context belongs to this transaction only */
gboolean
sm_project_clear_edit_context (SmProject  *self,
                               GError    **error)
{
  SmStmt *stmt;
  int rc;

  if (!self->edit_context)
    return TRUE;
  self->edit_context = FALSE;
  if ((stmt = sm_project_prepare (self, "DELETE FROM edit_context", error)) == NULL)
    return FALSE;
  rc = sm_stmt_step (stmt, error);
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not record who changes it: %s"));
      return FALSE;
    }
  return TRUE;
}

/**
 * sm_project_begin_edit:
 * @self: a project
 * @error: return location for an error
 *
 * Starts the transaction of an edit by hand (the window, the CLI), which
 * the log records under the OS user's name.
 */
gboolean
sm_project_begin_edit (SmProject  *self,
                       GError    **error)
{
  if (!sm_project_begin (self, error))
    return FALSE;
  if (!sm_project_set_edit_context (self, "user", g_get_user_name (), error))
    {
      sm_project_rollback (self);
      return FALSE;
    }
  return TRUE;
}

static char *
dup_text (SmStmt *stmt,
          int     col)
{
  return g_strdup (sm_stmt_column_text (stmt, col));
}

static void
edit_change_free (SmEditChange *change)
{
  g_free (change->column);
  g_free (change->old_value);
  g_free (change->new_value);
  g_free (change);
}

/* The columns of one entry, one row each, with SQLite's JSON functions:
 * the triggers wrote them with the same. */
static gboolean
read_changes (SmProject    *self,
              SmEditEntry  *entry,
              GError      **error)
{
  SmStmt *stmt;
  int rc;

  /* A database's are PostgreSQL's json functions (sm-project-pg-edit.c) */
  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self) ? sm_project_pg_read_changes_sql :
                             "SELECT j.key, json_extract (?1, '$.\"' || j.key || '\"'), "
                             "json_extract (?2, '$.\"' || j.key || '\"') "
                             "FROM json_each (COALESCE (?2, ?1)) AS j",
                             error);
  if (stmt == NULL)
    return FALSE;
  sm_bind_text_or_null (stmt, 1, entry->old_values);
  sm_bind_text_or_null (stmt, 2, entry->new_values);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmEditChange *c = g_new0 (SmEditChange, 1);

      c->column = dup_text (stmt, 0);
      c->old_value = dup_text (stmt, 1);
      c->new_value = dup_text (stmt, 2);
      g_ptr_array_add (entry->changes, c);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
      sm_project_set_sql_error (self, error, _("The project could not read its history: %s"));
      return FALSE;
    }
  return TRUE;
}

/* What the entry itself says of the flow's direction and resource */
static void
note_flow_kind (SmEditEntry *entry)
{
  for (guint i = 0; i < entry->changes->len; i++)
    {
      SmEditChange *c = g_ptr_array_index (entry->changes, i);
      const char *value = c->new_value ? c->new_value : c->old_value;

      if (value == NULL)
        continue;
      if (g_str_equal (c->column, "direction"))
        entry->direction = sm_direction_from_key (value);
      else if (g_str_equal (c->column, "resource"))
        entry->resource = sm_resource_from_key (value);
    }
}

/* An update names only what changed: the flow's kind comes from its
 * other entries, or from the flow as it is now. */
static void
fill_flow_kinds (SmProject *self,
                 GPtrArray *list)
{
  g_autoptr (GHashTable) known = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < list->len; i++)
    {
      SmEditEntry *e = g_ptr_array_index (list, i);

      if (e->is_flow && e->direction >= 0 && e->resource >= 0)
        g_hash_table_insert (known, g_memdup2 (&e->row_id, sizeof e->row_id),
                             GINT_TO_POINTER ((e->direction << 8) | e->resource));
    }
  for (guint i = 0; i < list->len; i++)
    {
      SmEditEntry *e = g_ptr_array_index (list, i);
      gpointer kind;

      if (!e->is_flow || (e->direction >= 0 && e->resource >= 0))
        continue;
      if (g_hash_table_lookup_extended (known, &e->row_id, NULL, &kind))
        {
          e->direction = e->direction >= 0 ? e->direction : GPOINTER_TO_INT (kind) >> 8;
          e->resource = e->resource >= 0 ? e->resource : GPOINTER_TO_INT (kind) & 0xff;
        }
      else
        {
          g_autoptr (SmFlow) flow = sm_project_get_flow (self, e->row_id, NULL);

          if (flow == NULL)
            continue;
          e->direction = e->direction >= 0 ? e->direction : (int) flow->direction;
          e->resource = e->resource >= 0 ? e->resource : (int) flow->resource;
          g_hash_table_insert (known, g_memdup2 (&e->row_id, sizeof e->row_id),
                               GINT_TO_POINTER ((e->direction << 8) | e->resource));
        }
    }
}

/* Public API */

/**
 * sm_project_list_site_history:
 * @self: a project
 * @site_id: a site, still in the project or deleted
 * @error: return location for an error
 *
 * Every change to the site and its flows that the log holds, the oldest
 * first: edits in Symbiomap, in its CLI and in other programs. Imports are
 * not in it (the project's imports say what they brought).
 *
 * Returns: (transfer container) (element-type SmEditEntry): the changes
 */
GPtrArray *
sm_project_list_site_history (SmProject  *self,
                              gint64      site_id,
                              GError    **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_edit_entry_free);
  SmStmt *stmt;
  int rc;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  if (!has_edit_log (self))
    return g_steal_pointer (&list);
  stmt = sm_project_prepare (self,
                             "SELECT edit_id, changed_at, table_name, row_id, site_id, action, "
                             "who, old_values, new_values FROM edit_log "
                             "WHERE site_id = ? ORDER BY edit_id",
                             error);
  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_int64 (stmt, 1, site_id);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmEditEntry *e = g_new0 (SmEditEntry, 1);
      const char *action = sm_stmt_column_text (stmt, 5);

      e->edit_id = sm_stmt_column_int64 (stmt, 0);
      e->changed_at = dup_text (stmt, 1);
      e->is_flow = g_strcmp0 (sm_stmt_column_text (stmt, 2), "flows") == 0;
      e->row_id = sm_stmt_column_int64 (stmt, 3);
      e->site_id = sm_stmt_column_int64 (stmt, 4);
      e->action = g_strcmp0 (action, "insert") == 0   ? SM_EDIT_LOG_INSERT
                  : g_strcmp0 (action, "delete") == 0 ? SM_EDIT_LOG_DELETE
                                                      : SM_EDIT_LOG_UPDATE;
      e->who = dup_text (stmt, 6);
      e->old_values = dup_text (stmt, 7);
      e->new_values = dup_text (stmt, 8);
      e->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) edit_change_free);
      e->direction = e->resource = -1;
      g_ptr_array_add (list, e);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not read its history: %s"));
      return NULL;
    }
  for (guint i = 0; i < list->len; i++)
    {
      SmEditEntry *e = g_ptr_array_index (list, i);

      if (!read_changes (self, e, error))
        return NULL;
      if (e->is_flow)
        note_flow_kind (e);
    }
  fill_flow_kinds (self, list);
  return g_steal_pointer (&list);
}

/**
 * sm_edit_action_to_key:
 * @action: an action
 *
 * Returns: "insert", "update" or "delete", as the log and the CLI's JSON
 *   spell it
 */
const char *
sm_edit_action_to_key (SmEditAction action)
{
  switch (action)
    {
    case SM_EDIT_LOG_INSERT:
      return "insert";
    case SM_EDIT_LOG_DELETE:
      return "delete";
    case SM_EDIT_LOG_UPDATE:
    default:
      return "update";
    }
}

void
sm_edit_entry_free (SmEditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->changed_at);
  g_free (entry->who);
  g_free (entry->old_values);
  g_free (entry->new_values);
  g_clear_pointer (&entry->changes, g_ptr_array_unref);
  g_free (entry);
}
