/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a register's import asks a PostgreSQL database that the file asks
 * SpatiaLite in its own words (docs/STORE.md): the names of the sites
 * near a facility. The file's statement reads SpatiaLite's R*Tree table
 * idx_sites_geom and `ST_Distance (a, b, 1)`; here the sites' GiST index
 * answers `&&` with the same box, and the distance is the geography's on
 * the WGS84 spheroid. The parameters are the file's, ?1 to ?8.
 */
#include "config.h"

#include "sm-project-private.h"

/* Sorted as the file's plan gives them (the sites, by id, then their
 * other names by the primary key's order), so that the nearest of two
 * agreeing names at one site is the same on both engines; the sixth
 * column only sorts. */
const char sm_project_pg_names_near_sql[] =
  "WITH near AS ("
  "  SELECT site_id, name, org_number, geom FROM sites "
  "  WHERE geom && ST_MakeEnvelope (?1, ?3, ?2, ?4, 4326) "
  "  AND site_id NOT IN (SELECT site_id FROM register_sites WHERE register = ?8) "
  "  AND ST_Distance (geom::geography, ST_SetSRID (ST_MakePoint (?5, ?6), 4326)::geography, "
  "                   true) <= ?7) "
  "SELECT * FROM ("
  "  SELECT site_id, name, org_number, ST_Y (geom), ST_X (geom), 0 AS part FROM near "
  "  UNION ALL "
  "  SELECT n.site_id, n.name, near.org_number, ST_Y (near.geom), ST_X (near.geom), 1 "
  "  FROM site_names n JOIN near USING (site_id)) AS names "
  "ORDER BY part, site_id, name COLLATE \"C\"";
