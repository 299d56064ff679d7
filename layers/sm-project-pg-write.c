/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an import writes that differs on a PostgreSQL database
 * (docs/STORE.md): the file keeps its prebuilt SpatiaLite point BLOB
 * (sm-spatial-bulk.c); PostGIS builds the point from the bound lon/lat
 * and returns the new id with RETURNING.
 */
#define G_LOG_DOMAIN "symbiomap-project"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sm-project.h"
#include "sm-project-private.h"

/* Same name within a distance on the WGS84 ellipsoid, in metres, as
 * SpatiaLite's ST_Distance (a, b, 1) on the file */
const char sm_project_pg_site_near_sql[] =
  "SELECT site_id FROM sites WHERE name = ? "
  "AND ST_Distance (geom::geography, ST_SetSRID (ST_MakePoint (?, ?), 4326)::geography, true) <= ? "
  "LIMIT 1";

const char sm_project_pg_merge_site_sql[] =
  "UPDATE sites SET ext_id = COALESCE (ext_id, ?), name = COALESCE (?, name), "
  "org_number = COALESCE (?, org_number), sector = COALESCE (?, sector), "
  "address = COALESCE (?, address), contact_name = COALESCE (?, contact_name), "
  "contact_email = COALESCE (?, contact_email), phone = COALESCE (?, phone), "
  "notes = COALESCE (?, notes), "
  "geom = CASE WHEN ?::integer <> 0 THEN ST_SetSRID (ST_MakePoint (?, ?), 4326) ELSE geom END "
  "WHERE site_id = ?";

/**
 * sm_project_pg_insert_site:
 * @folded: (nullable): the folded name for search
 *
 * sm_project_insert_site() on a database.
 *
 * Returns: the new site_id, or 0 with @error set
 */
gint64
sm_project_pg_insert_site (SmProject    *self,
                           const SmSite *site,
                           gint64        import_id,
                           const char   *folded,
                           GError      **error)
{
  SmStmt *stmt;

  if (self->site_copy != NULL)
    return sm_project_pg_copy_site (self, site, import_id, folded, error);
  stmt = sm_project_prepare (self,
                             "INSERT INTO sites (ext_id, name, org_number, sector, address, "
                             "contact_name, contact_email, phone, notes, import_id, geom, "
                             "name_folded) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                             "ST_SetSRID (ST_MakePoint (?, ?), 4326), ?) RETURNING site_id",
                             error);
  if (stmt == NULL)
    return 0;
  sm_bind_text_or_null (stmt, 1, site->ext_id);
  sm_bind_text_or_null (stmt, 2, site->name);
  sm_bind_text_or_null (stmt, 3, site->org_number);
  sm_bind_text_or_null (stmt, 4, site->sector);
  sm_bind_text_or_null (stmt, 5, site->address);
  sm_bind_text_or_null (stmt, 6, site->contact_name);
  sm_bind_text_or_null (stmt, 7, site->contact_email);
  sm_bind_text_or_null (stmt, 8, site->phone);
  sm_bind_text_or_null (stmt, 9, site->notes);
  sm_bind_id_or_null (stmt, 10, import_id);
  /* No location gives NULL, which the schema refuses, as on the file */
  if (isnan (site->lon) || isnan (site->lat))
    {
      sm_stmt_bind_null (stmt, 11);
      sm_stmt_bind_null (stmt, 12);
    }
  else
    {
      sm_stmt_bind_double (stmt, 11, site->lon);
      sm_stmt_bind_double (stmt, 12, site->lat);
    }
  sm_bind_text_or_null (stmt, 13, folded);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  return sm_project_step_insert (self, stmt, _("The project could not save a site: %s"), error);
}
