/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Optimistic edits with row versions (docs/POSTGRESQL.md, "Several
 * planners at once"). The SQL names only tables and columns of the fixed
 * lists below; values are always bound parameters.
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <string.h>

#include "sm-pg-edit.h"

G_DEFINE_QUARK (sm-pg-edit-error-quark, sm_pg_edit_error)

typedef enum
{
  NOUN_SITE,
  NOUN_FLOW,
  NOUN_EXCHANGE,
  NOUN_EDGE,
} Noun;

typedef struct
{
  const char        *table;
  const char        *id_column;
  Noun               noun;
  gboolean           logged;  /* its changes are in edit_log with who */
  const char *const *columns;
} EditTable;

static const char *const site_columns[] = {
  "ext_id", "name", "org_number", "sector", "address", "contact_name",
  "contact_email", "phone", "notes", NULL
};
static const char *const flow_columns[] = {
  "direction", "resource", "ewc_code", "material", "amount", "unit",
  "temperature_c", "hours_per_year", "partner_site_id", "notes", NULL
};
static const char *const exchange_columns[] = { "status", "note", NULL };
static const char *const edge_columns[] = { "name", "kind", "length_m", NULL };

static const EditTable edit_tables[] = {
  { "sites", "site_id", NOUN_SITE, TRUE, site_columns },
  { "flows", "flow_id", NOUN_FLOW, TRUE, flow_columns },
  { "exchanges", "exchange_id", NOUN_EXCHANGE, FALSE, exchange_columns },
  { "network_edges", "edge_id", NOUN_EDGE, FALSE, edge_columns },
};

int
sm_db_get_backend_pid (SmDb *db)
{
  PGconn *conn;

  g_return_val_if_fail (db != NULL, 0);
  if (sm_db_get_engine (db) != SM_DB_ENGINE_POSTGRESQL)
    return 0;
  conn = sm_db_get_raw_pg (db);
  return conn != NULL ? PQbackendPID (conn) : 0;
}

void
sm_pg_row_state_clear (SmPgRowState *state)
{
  if (state == NULL)
    return;
  g_clear_pointer (&state->changed_by, g_free);
  g_clear_pointer (&state->who, g_free);
  g_clear_pointer (&state->changed_at, g_free);
  state->row_version = 0;
}

static const EditTable *
find_table (const char *table)
{
  for (gsize i = 0; i < G_N_ELEMENTS (edit_tables); i++)
    if (g_strcmp0 (edit_tables[i].table, table) == 0)
      return &edit_tables[i];
  return NULL;
}

static gboolean
column_allowed (const EditTable *t,
                const char      *column)
{
  return g_strv_contains ((const char *const *) t->columns, column);
}

static gboolean
bind_value (SmStmt   *stmt,
            int       index,
            GVariant *value)
{
  GVariant *inner = NULL;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_MAYBE))
    {
      g_autoptr(GVariant) child = g_variant_get_maybe (value);

      if (child == NULL)
        return sm_stmt_bind_null (stmt, index);
      return bind_value (stmt, index, child);
    }
  inner = value;
  if (g_variant_is_of_type (inner, G_VARIANT_TYPE_INT64))
    return sm_stmt_bind_int64 (stmt, index, g_variant_get_int64 (inner));
  if (g_variant_is_of_type (inner, G_VARIANT_TYPE_INT32))
    return sm_stmt_bind_int64 (stmt, index, g_variant_get_int32 (inner));
  if (g_variant_is_of_type (inner, G_VARIANT_TYPE_DOUBLE))
    return sm_stmt_bind_double (stmt, index, g_variant_get_double (inner));
  if (g_variant_is_of_type (inner, G_VARIANT_TYPE_STRING))
    return sm_stmt_bind_text (stmt, index, g_variant_get_string (inner, NULL), -1);
  return FALSE;
}

/* The time of a change as a planner reads it: the hour today, else the date */
static char *
format_when (const char *iso)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (utc == NULL)
    return g_strdup (iso);
  local = g_date_time_to_local (utc);
  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/* Reads the row as it is now. FALSE with no error: the row is gone. */
static gboolean
read_state (SmDb            *db,
            const EditTable *t,
            gint64           id,
            SmPgRowState    *state,
            GError         **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(SmStmt) stmt = NULL;
  SmStmtResult r;

  /* changed_at as UTC ISO 8601, who from the newest edit log entry */
  sql = g_strdup_printf ("SELECT row_version, changed_by,"
                         " to_char (changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),"
                         " %s FROM symbiomap.%s WHERE %s = ?",
                         t->logged
                         ? "(SELECT who FROM symbiomap.edit_log l WHERE l.table_name = ?"
                           " AND l.row_id = ? ORDER BY edit_id DESC LIMIT 1)"
                         : "NULL",
                         t->table, t->id_column);
  stmt = sm_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  if (t->logged)
    {
      sm_stmt_bind_text (stmt, 1, t->table, -1);
      sm_stmt_bind_int64 (stmt, 2, id);
      sm_stmt_bind_int64 (stmt, 3, id);
    }
  else
    sm_stmt_bind_int64 (stmt, 1, id);
  r = sm_stmt_step (stmt, error);
  if (r != SM_STMT_ROW)
    return FALSE;
  state->row_version = sm_stmt_column_int64 (stmt, 0);
  state->changed_by = g_strdup (sm_stmt_column_text (stmt, 1));
  state->changed_at = g_strdup (sm_stmt_column_text (stmt, 2));
  state->who = g_strdup (sm_stmt_column_type (stmt, 3) == SM_DB_NULL
                         ? state->changed_by : sm_stmt_column_text (stmt, 3));
  return TRUE;
}

static void
set_conflict (const EditTable    *t,
              const SmPgRowState *state,
              GError            **error)
{
  g_autofree char *when = format_when (state->changed_at);
  g_autofree char *person = g_strcmp0 (state->who, state->changed_by) == 0
                            ? g_strdup (state->who)
                            : g_strdup_printf ("%s (%s)", state->who, state->changed_by);
  switch (t->noun)
    {
    case NOUN_SITE:
      /* TRANSLATORS: the first %s is who (the planner, with the database
       * user in brackets), the second the time of their change (14:02) */
      g_set_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_CONFLICT,
                   _("%s changed this site at %s, after you opened it. Reload to see their "
                     "change, or save yours over it."), person, when);
      break;
    case NOUN_FLOW:
      /* TRANSLATORS: the first %s is who (the planner, with the database
       * user in brackets), the second the time of their change (14:02) */
      g_set_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_CONFLICT,
                   _("%s changed this flow at %s, after you opened it. Reload to see their "
                     "change, or save yours over it."), person, when);
      break;
    case NOUN_EXCHANGE:
      /* TRANSLATORS: the first %s is who (the planner, with the database
       * user in brackets), the second the time of their change (14:02) */
      g_set_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_CONFLICT,
                   _("%s changed this exchange at %s, after you opened it. Reload to see their "
                     "change, or save yours over it."), person, when);
      break;
    case NOUN_EDGE:
    default:
      /* TRANSLATORS: the first %s is who (the planner, with the database
       * user in brackets), the second the time of their change (14:02) */
      g_set_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_CONFLICT,
                   _("%s changed this network line at %s, after you opened it. Reload to see their "
                     "change, or save yours over it."), person, when);
      break;
    }
}

static void
set_gone (const EditTable *t,
          GError         **error)
{
  const char *message = NULL;

  switch (t->noun)
    {
    case NOUN_SITE:
      message = _("This site has been deleted since you opened it. Your change was not saved.");
      break;
    case NOUN_FLOW:
      message = _("This flow has been deleted since you opened it. Your change was not saved.");
      break;
    case NOUN_EXCHANGE:
      message = _("This exchange has been deleted since you opened it. Your change was not saved.");
      break;
    case NOUN_EDGE:
    default:
      message = _("This network line has been deleted since you opened it. Your change was not saved.");
      break;
    }
  g_set_error_literal (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_GONE, message);
}

static gboolean
update_row_sunk (SmDb         *db,
                 const char   *table,
                 gint64        id,
                 gboolean      checked,
                 gint64        expected_row_version,
                 GVariant     *changes,
                 const char   *who,
                 SmPgRowState *state_out,
                 GError      **error)
{
  const EditTable *t;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(SmStmt) stmt = NULL;
  g_autoptr(SmStmt) set_who = NULL;
  SmPgRowState state = { 0 };
  GVariantIter iter;
  const char *column;
  GVariant *value;
  int n = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (changes != NULL && g_variant_is_of_type (changes, G_VARIANT_TYPE_VARDICT), FALSE);

  t = find_table (table);
  if (t == NULL || sm_db_get_engine (db) != SM_DB_ENGINE_POSTGRESQL)
    {
      g_set_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_COLUMN,
                   /* TRANSLATORS: a table name of the database */
                   _("Rows of “%s” cannot be edited in a shared database"), table);
      return FALSE;
    }
  g_string_append_printf (sql, "UPDATE symbiomap.%s SET ", t->table);
  g_variant_iter_init (&iter, changes);
  while (g_variant_iter_next (&iter, "{&sv}", &column, &value))
    {
      g_autoptr(GVariant) owned = value;

      if (!column_allowed (t, column))
        {
          g_set_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_COLUMN,
                       /* TRANSLATORS: a column name, then a table name of the database */
                       _("The column “%s” of “%s” cannot be edited here"), column, t->table);
          return FALSE;
        }
      /* column is one of the fixed list: no quoting needed */
      g_string_append_printf (sql, "%s%s = ?", n > 0 ? ", " : "", column);
      n++;
    }
  if (n == 0)
    {
      g_set_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_COLUMN,
                   /* TRANSLATORS: a table name of the database */
                   _("Nothing to change in “%s”"), t->table);
      return FALSE;
    }
  g_string_append_printf (sql, " WHERE %s = ?%s RETURNING row_version",
                          t->id_column, checked ? " AND row_version = ?" : "");

  if (!sm_db_begin (db, error))
    return FALSE;
  set_who = sm_db_prepare (db, "SELECT set_config ('symbiomap.edit_user', ?, true)", error);
  if (set_who == NULL)
    goto out;
  sm_stmt_bind_text (set_who, 1, who != NULL ? who : "", -1);
  if (sm_stmt_step (set_who, error) != SM_STMT_ROW)
    goto out;

  stmt = sm_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    goto out;
  n = 1;
  g_variant_iter_init (&iter, changes);
  while (g_variant_iter_next (&iter, "{&sv}", &column, &value))
    {
      g_autoptr(GVariant) owned = value;

      if (!bind_value (stmt, n, value))
        {
          g_set_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_COLUMN,
                       /* TRANSLATORS: a column name, then a table name of the database */
                       _("The column “%s” of “%s” cannot be edited here"), column, t->table);
          goto out;
        }
      n++;
    }
  sm_stmt_bind_int64 (stmt, n++, id);
  if (checked)
    sm_stmt_bind_int64 (stmt, n++, expected_row_version);

  switch (sm_stmt_step (stmt, error))
    {
    case SM_STMT_ROW:
      g_clear_pointer (&stmt, sm_stmt_finalize);
      if (!read_state (db, t, id, &state, error))
        goto out;
      ok = sm_db_commit (db, error);
      break;
    case SM_STMT_DONE:
      /* No row changed: gone, or someone else's change came first */
      g_clear_pointer (&stmt, sm_stmt_finalize);
      {
        GError *read_error = NULL;

        if (read_state (db, t, id, &state, &read_error))
          set_conflict (t, &state, error);
        else if (read_error != NULL)
          g_propagate_error (error, read_error);
        else
          set_gone (t, error);
      }
      break;
    case SM_STMT_ERROR:
    default:
      break;
    }

out:
  g_clear_pointer (&stmt, sm_stmt_finalize);
  g_clear_pointer (&set_who, sm_stmt_finalize);
  if (!ok && sm_db_in_transaction (db))
    sm_db_rollback (db);
  if (state_out != NULL)
    *state_out = state;
  else
    sm_pg_row_state_clear (&state);
  return ok;
}

gboolean
sm_pg_lock_row_checked (SmDb         *db,
                        const char   *table,
                        gint64        id,
                        gint64        expected_row_version,
                        SmPgRowState *state_out,
                        GError      **error)
{
  const EditTable *t;
  g_autofree char *sql = NULL;
  g_autoptr(SmStmt) stmt = NULL;
  SmPgRowState state = { 0 };
  GError *read_error = NULL;
  gint64 version;
  SmStmtResult r;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (sm_db_in_transaction (db), FALSE);

  t = find_table (table);
  if (t == NULL || sm_db_get_engine (db) != SM_DB_ENGINE_POSTGRESQL)
    {
      g_set_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_COLUMN,
                   /* TRANSLATORS: a table name of the database */
                   _("Rows of “%s” cannot be edited in a shared database"), table);
      return FALSE;
    }
  /* The table and column are of the fixed list: no quoting needed */
  sql = g_strdup_printf ("SELECT row_version FROM symbiomap.%s WHERE %s = ? FOR UPDATE",
                         t->table, t->id_column);
  if ((stmt = sm_db_prepare (db, sql, error)) == NULL)
    return FALSE;
  sm_stmt_bind_int64 (stmt, 1, id);
  r = sm_stmt_step (stmt, error);
  if (r == SM_STMT_ERROR)
    return FALSE;
  if (r == SM_STMT_DONE)
    {
      set_gone (t, error);
      return FALSE;
    }
  version = sm_stmt_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, sm_stmt_finalize);
  if (version == expected_row_version)
    {
      if (state_out != NULL)
        state_out->row_version = version;
      return TRUE;
    }
  if (read_state (db, t, id, &state, &read_error))
    set_conflict (t, &state, error);
  else if (read_error != NULL)
    g_propagate_error (error, read_error);
  else
    set_gone (t, error);
  if (state_out != NULL)
    *state_out = state;
  else
    sm_pg_row_state_clear (&state);
  return FALSE;
}

static gboolean
update_row (SmDb         *db,
            const char   *table,
            gint64        id,
            gboolean      checked,
            gint64        expected_row_version,
            GVariant     *changes,
            const char   *who,
            SmPgRowState *state,
            GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (changes != NULL, FALSE);
  /* a floating g_variant_new () of the caller's is ours to free */
  g_variant_ref_sink (changes);
  ok = update_row_sunk (db, table, id, checked, expected_row_version, changes, who, state, error);
  g_variant_unref (changes);
  return ok;
}

gboolean
sm_pg_update_row_checked (SmDb         *db,
                          const char   *table,
                          gint64        id,
                          gint64        expected_row_version,
                          GVariant     *changes,
                          const char   *who,
                          SmPgRowState *state,
                          GError      **error)
{
  return update_row (db, table, id, TRUE, expected_row_version, changes, who, state, error);
}

gboolean
sm_pg_update_row_force (SmDb         *db,
                        const char   *table,
                        gint64        id,
                        GVariant     *changes,
                        const char   *who,
                        SmPgRowState *state,
                        GError      **error)
{
  return update_row (db, table, id, FALSE, 0, changes, who, state, error);
}
