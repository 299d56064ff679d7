/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sm-db.h"

G_BEGIN_DECLS

/*
 * Optimistic edits of one row of a shared database (docs/POSTGRESQL.md,
 * "Several planners at once"): the editor keeps the row_version it read
 * and the update only applies when the row still has it.
 */

#define SM_PG_EDIT_ERROR (sm_pg_edit_error_quark ())

typedef enum
{
  SM_PG_EDIT_ERROR_CONFLICT, /* someone else changed the row since it was read */
  SM_PG_EDIT_ERROR_GONE,     /* the row no longer exists */
  SM_PG_EDIT_ERROR_COLUMN,   /* a table or column that cannot be edited this way */
} SmPgEditError;

/* What the row is now, after a successful update or on a conflict */
typedef struct
{
  gint64  row_version;
  char   *changed_by;   /* the database role */
  char   *who;          /* the user the edit log names (symbiomap.edit_user), else the role */
  char   *changed_at;   /* ISO 8601 */
} SmPgRowState;

GQuark   sm_pg_edit_error_quark      (void);

/* changes: a{sv}, column name to value: an int64 ("x"), a double ("d"), a
 * string ("s"), or SQL NULL as an empty maybe ("ms" nothing). Columns
 * come from a fixed list per table (sites, flows, exchanges,
 * network_edges); geometries are not edited here. who: the planner,
 * written to symbiomap.edit_user for this transaction; NULL for the role.
 * On CONFLICT the error's message names who changed the row and when,
 * and state (when not NULL) holds it. */
gboolean sm_pg_update_row_checked    (SmDb         *db,
                                      const char   *table,
                                      gint64        id,
                                      gint64        expected_row_version,
                                      GVariant     *changes,
                                      const char   *who,
                                      SmPgRowState *state,
                                      GError      **error);
/* "Save mine over it": the same update whatever the row's version; fails
 * only with GONE (or a database error). */
gboolean sm_pg_update_row_force      (SmDb         *db,
                                      const char   *table,
                                      gint64        id,
                                      GVariant     *changes,
                                      const char   *who,
                                      SmPgRowState *state,
                                      GError      **error);
/* Inside the caller's transaction (an SmProject edit, which writes the
 * row itself): locks the row (FOR UPDATE) and fails with CONFLICT (the
 * same message as sm_pg_update_row_checked()) when its version is no
 * longer @expected_row_version, or GONE when the row is deleted. */
gboolean sm_pg_lock_row_checked      (SmDb         *db,
                                      const char   *table,
                                      gint64        id,
                                      gint64        expected_row_version,
                                      SmPgRowState *state,
                                      GError      **error);
void     sm_pg_row_state_clear       (SmPgRowState *state);

/* The server process of a PostgreSQL connection (PQbackendPID), for
 * SmPgWatch's ignore_pid; 0 for a file. */
int      sm_db_get_backend_pid       (SmDb         *db);

G_END_DECLS
