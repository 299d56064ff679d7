/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The candidate query on the SpatiaLite file, which the matcher's find()
 * (sm-synergy.c) runs; tests/test-synergy-pg.c compares the PostgreSQL
 * query with this one and with find()'s results.
 */
#include "config.h"

#include "sm-synergy-candidates.h"

const char sm_synergy_sqlite_candidates_sql[] =
  "SELECT f.flow_id, f.site_id, s.name, f.resource, f.amount, "
  "f.temperature_c, f.ewc_code, ST_Y (s.geom), ST_X (s.geom), f.hours_per_year "
  /* CROSS JOIN keeps this order: the R*Tree first, never a
   * scan of the flows of one resource. */
  "FROM idx_sites_geom r CROSS JOIN sites s ON s.site_id = r.pkid "
  "CROSS JOIN flows f ON f.site_id = s.site_id "
  "WHERE r.xmin <= ?1 AND r.xmax >= ?2 AND r.ymin <= ?3 AND r.ymax >= ?4 "
  "AND f.direction = ?5 AND f.resource IN (?6, ?7)";
