/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A network line written into a PostgreSQL database (docs/STORE.md): the
 * file's SpatiaLite `GeomFromWKB (?, 4326)` and `ST_Length (g, 1)` are
 * PostGIS's `ST_GeomFromWKB` and the length of the geography on the
 * WGS84 spheroid; the new id comes back with RETURNING. The kept route
 * graph is dropped by the schema's route_graph_stale trigger, row by row,
 * as the file's route_graph_on_insert does.
 */
#define G_LOG_DOMAIN "symbiomap-project"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sm-project.h"
#include "sm-project-private.h"

/**
 * sm_project_pg_insert_network_edge:
 * @wkb: a LINESTRING in EPSG:4326 as WKB
 *
 * sm_project_insert_network_edge() on a database.
 *
 * Returns: the edge_id, or 0 with @error set
 */
gint64
sm_project_pg_insert_network_edge (SmProject    *self,
                                   const char   *name,
                                   const char   *kind,
                                   const guint8 *wkb,
                                   gsize         wkb_size,
                                   gint64        import_id,
                                   GError      **error)
{
  SmStmt *stmt;

  /* PostGIS's ST_Length of a geography on the spheroid is GeographicLib's
   * geodesic, as SpatiaLite's ST_Length (g, 1); the two may differ in the
   * last bit of the double (docs/STORE.md). The casts: PostgreSQL cannot
   * tell a bare parameter's type in a SELECT list. */
  stmt = sm_project_prepare (self,
                             "INSERT INTO network_edges (name, kind, import_id, geom, length_m) "
                             "SELECT CAST (? AS text), CAST (? AS text), CAST (? AS bigint), g, "
                             "ST_Length (g::geography, true) FROM "
                             "(SELECT ST_GeomFromWKB (CAST (? AS bytea), 4326) AS g) AS w "
                             "RETURNING edge_id",
                             error);
  if (stmt == NULL)
    return 0;
  sm_bind_text_or_null (stmt, 1, name);
  sm_bind_text_or_null (stmt, 2, kind);
  sm_bind_id_or_null (stmt, 3, import_id);
  sm_stmt_bind_blob (stmt, 4, wkb, (int) wkb_size);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  return sm_project_step_insert (self, stmt, _("The project could not save a network line: %s"),
                                 error);
}
