/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Editing by hand on a PostgreSQL database (docs/STORE.md, docs/POSTGRESQL.md
 * "Several planners at once"): the few statements of sm-project-edit.c and
 * sm-edit-log.c whose SQL differs from the file's (SpatiaLite's MakePoint,
 * SQLite's JSON functions), and the check of a row's version before an
 * edit writes it, so that a change someone else saved meanwhile is told,
 * not lost.
 */
#define G_LOG_DOMAIN "sm-project-edit"

#include "config.h"

#include "sm-pg-edit.h"
#include "sm-project-private.h"

/* sm_project_update_site(): the point built by PostGIS from the bound lon/lat */
const char sm_project_pg_update_site_sql[] =
  "UPDATE sites SET ext_id = ?, name = ?, name_folded = ?, "
  "org_number = ?, sector = ?, address = ?, contact_name = ?, "
  "contact_email = ?, phone = ?, notes = ?, "
  "geom = ST_SetSRID (ST_MakePoint (?, ?), 4326) WHERE site_id = ?";

/* sm_project_restore_site(): a deleted site back with its own id */
const char sm_project_pg_restore_site_sql[] =
  "INSERT INTO sites (site_id, ext_id, name, name_folded, "
  "org_number, sector, address, contact_name, contact_email, "
  "phone, notes, geom) "
  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ST_SetSRID (ST_MakePoint (?, ?), 4326))";

/* The columns of one edit log entry, one row each, in the order the
 * trigger wrote them (json, not jsonb, keeps it) */
const char sm_project_pg_read_changes_sql[] =
  "SELECT j.key, (?1::json) ->> j.key, (?2::json) ->> j.key "
  "FROM json_each (COALESCE (?2::json, ?1::json)) AS j";

/**
 * sm_project_utc_now:
 *
 * The time of a change as the project keeps it, ISO 8601 in UTC to the
 * second (the file's strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), made here so
 * that the same SQL binds it on both engines.
 *
 * Returns: (transfer full): the time now
 */
char *
sm_project_utc_now (void)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
}

/**
 * sm_project_check_row_version:
 * @self: a project, inside the transaction of the edit
 * @table: "sites" or "flows"
 * @id: the row
 * @row_version: the version the editor read (SmSite.row_version), 0 when
 *   it read none
 * @force: save over whatever is there ("Save Mine")
 * @error: return location for an error
 *
 * On a database, locks the row until the edit commits and fails with
 * SM_PG_EDIT_ERROR_CONFLICT, naming who changed it and when, when its
 * version is no longer @row_version; or SM_PG_EDIT_ERROR_GONE when it was
 * deleted. A file has no row versions (one writer at a time, its lock):
 * nothing to check.
 */
gboolean
sm_project_check_row_version (SmProject  *self,
                              const char *table,
                              gint64      id,
                              gint64      row_version,
                              gboolean    force,
                              GError    **error)
{
  if (!sm_project_is_shared (self) || force || row_version <= 0)
    return TRUE;
  return sm_pg_lock_row_checked (sm_project_get_store (self), table, id, row_version, NULL, error);
}
