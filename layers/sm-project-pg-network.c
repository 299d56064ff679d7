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

#include "sm-project-private.h"

/* sm_project_insert_network_edge()'s statement on a database. PostGIS's
 * ST_Length of a geography on the spheroid is GeographicLib's geodesic, as
 * SpatiaLite's ST_Length (g, 1); the two may differ in the last bit of the
 * double (docs/STORE.md). The casts: PostgreSQL cannot tell a bare
 * parameter's type in a SELECT list. */
const char sm_project_pg_insert_network_edge_sql[] =
  "INSERT INTO network_edges (name, kind, import_id, geom, length_m) "
  "SELECT CAST (? AS text), CAST (? AS text), CAST (? AS bigint), g, "
  "ST_Length (g::geography, true) FROM "
  "(SELECT ST_GeomFromWKB (CAST (? AS bytea), 4326) AS g) AS w "
  "RETURNING edge_id";
