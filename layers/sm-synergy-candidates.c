/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matcher's candidate query, shared by both store engines
 * (docs/POSTGRESQL.md, "Matching on PostgreSQL"): the search box, the
 * binds and the reading of the rows. Each engine's SQL is in its own file
 * (sm-synergy-sqlite.c, sm-synergy-pg.c).
 *
 * The box and the resource/direction filter are those of find() in
 * sm-synergy.c; find() still runs its own copy of the SQLite statement
 * until it moves to SmDb (then it prepares sm_synergy_candidates_sql()
 * through the project's cache and calls sm_synergy_candidates_run()).
 */
#define G_LOG_DOMAIN "symbiomap-synergy"

#include "config.h"

#include <math.h>

#include "sm-synergy-candidates.h"
#include "sm-synergy-pg.h"

/**
 * sm_candidate_query_init:
 * @lat: (in): the searching flow's site
 * @radius_m: the search radius, metres (great circle)
 *
 * Fills @q: the candidates' direction, their possible resources (steam
 * feeds a heat demand) and the box that holds the circle.
 */
void
sm_candidate_query_init (SmCandidateQuery *q,
                         double            lat,
                         double            lon,
                         SmDirection       direction,
                         SmResource        resource,
                         double            radius_m)
{
  double dlat, dlon;

  q->lat = lat;
  q->lon = lon;
  q->direction = direction;
  q->resource = resource;
  q->radius_m = radius_m;
  q->other = direction == SM_DIRECTION_SUPPLY ? SM_DIRECTION_DEMAND : SM_DIRECTION_SUPPLY;
  q->wanted[0] = q->wanted[1] = resource;
  if (direction == SM_DIRECTION_SUPPLY && resource == SM_RESOURCE_STEAM)
    q->wanted[1] = SM_RESOURCE_HEAT;
  if (direction == SM_DIRECTION_DEMAND && resource == SM_RESOURCE_HEAT)
    q->wanted[1] = SM_RESOURCE_STEAM;
  /* As sm-synergy.c: a degree of latitude is at least 110.57 km, a degree
   * of longitude 111.32 km × cos(latitude) (WGS84, at the equator and
   * the poles). */
  dlat = radius_m / 110574.0;
  dlon = radius_m / (111320.0 * cos (MIN (89.0, fabs (lat) + dlat) * G_PI / 180.0));
  q->xmin = lon - dlon;
  q->xmax = lon + dlon;
  q->ymin = lat - dlat;
  q->ymax = lat + dlat;
}

void
sm_candidate_clear (SmCandidate *c)
{
  g_clear_pointer (&c->site_name, g_free);
  g_clear_pointer (&c->ewc_code, g_free);
}

GArray *
sm_candidates_new (void)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (SmCandidate));

  g_array_set_clear_func (out, (GDestroyNotify) sm_candidate_clear);
  return out;
}

/**
 * sm_synergy_candidates_sql:
 *
 * Returns: the candidate query for @engine. Parameters, on both: 1 the
 *   box's east, 2 west, 3 north, 4 south, 5 the candidates' direction,
 *   6 and 7 their resources.
 */
const char *
sm_synergy_candidates_sql (SmDbEngine engine)
{
  return engine == SM_DB_ENGINE_POSTGRESQL ? sm_synergy_pg_candidates_sql
                                           : sm_synergy_sqlite_candidates_sql;
}

void
sm_synergy_candidates_bind (SmStmt                 *stmt,
                            const SmCandidateQuery *q)
{
  sm_stmt_reset (stmt);
  sm_stmt_bind_double (stmt, 1, q->xmax);
  sm_stmt_bind_double (stmt, 2, q->xmin);
  sm_stmt_bind_double (stmt, 3, q->ymax);
  sm_stmt_bind_double (stmt, 4, q->ymin);
  sm_stmt_bind_text (stmt, 5, sm_direction_to_key (q->other), -1);
  sm_stmt_bind_text (stmt, 6, sm_resource_to_key (q->wanted[0]), -1);
  sm_stmt_bind_text (stmt, 7, sm_resource_to_key (q->wanted[1]), -1);
}

gboolean
sm_synergy_candidates_run (SmStmt                 *stmt,
                           const SmCandidateQuery *q,
                           GArray                 *out,
                           GError                **error)
{
  SmStmtResult rc;

  g_return_val_if_fail (stmt != NULL && q != NULL && out != NULL, FALSE);

  sm_synergy_candidates_bind (stmt, q);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmCandidate c;

      c.flow_id = sm_stmt_column_int64 (stmt, 0);
      c.site_id = sm_stmt_column_int64 (stmt, 1);
      c.site_name = g_strdup (sm_stmt_column_text (stmt, 2));
      c.resource = sm_resource_from_key (sm_stmt_column_text (stmt, 3));
      c.amount = sm_stmt_column_double (stmt, 4);
      c.temperature_c = sm_stmt_column_type (stmt, 5) == SM_DB_NULL
                          ? NAN : sm_stmt_column_double (stmt, 5);
      c.ewc_code = g_strdup (sm_stmt_column_text (stmt, 6));
      c.lat = sm_stmt_column_double (stmt, 7);
      c.lon = sm_stmt_column_double (stmt, 8);
      c.hours_per_year = sm_stmt_column_type (stmt, 9) == SM_DB_NULL
                           ? NAN : sm_stmt_column_double (stmt, 9);
      g_array_append_val (out, c);
    }
  sm_stmt_reset (stmt);
  return rc == SM_STMT_DONE;
}

gboolean
sm_synergy_candidates (SmDb                   *db,
                       const SmCandidateQuery *q,
                       GArray                 *out,
                       GError                **error)
{
  g_autoptr (SmStmt) stmt = sm_db_prepare (db, sm_synergy_candidates_sql (sm_db_get_engine (db)),
                                           error);

  return stmt != NULL && sm_synergy_candidates_run (stmt, q, out, error);
}
