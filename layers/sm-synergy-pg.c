/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The candidate query on PostgreSQL + PostGIS (docs/POSTGRESQL.md,
 * "Matching on PostgreSQL"): the same parameters, columns and column
 * order as the file's (sm-synergy-sqlite.c). The box is tested with
 * `geom && ST_MakeEnvelope (…)`, which the GiST index `sites_geom`
 * answers; each site found brings its flows through `flows_site`, and
 * the direction and resources filter them, as the file's R*Tree plan
 * (tests/bench/bench-synergy-pg prints and checks the plan).
 */
#define G_LOG_DOMAIN "symbiomap-synergy"

#include "config.h"

#include "sm-synergy-pg.h"

/* $n rather than ?n: the same numbers (sm-db.c leaves $n alone), and the
 * text can also be given to PREPARE, as the EXPLAIN below does. */
const char sm_synergy_pg_candidates_sql[] =
  "SELECT f.flow_id, f.site_id, s.name, f.resource, f.amount, "
  "f.temperature_c, f.ewc_code, ST_Y (s.geom), ST_X (s.geom), f.hours_per_year "
  /* The file's CROSS JOIN order, whatever the statistics say: the
   * sites in the box first, then each one's flows through flows_site
   * (OFFSET 0 keeps the planner from pulling the filter on direction and
   * resource inside, where flows_resource would answer it). Without
   * this, a database not yet ANALYZEd after a copy or an import (until
   * autovacuum comes by) gets a plan that reads every flow of the
   * resource once per site in the box: 130 times slower at 50 000 sites,
   * worse with more (docs/POSTGRESQL.md). */
  "FROM symbiomap.sites s CROSS JOIN LATERAL "
  "(SELECT f.flow_id, f.site_id, f.direction, f.resource, f.amount, f.temperature_c, "
  "f.ewc_code, f.hours_per_year FROM symbiomap.flows f WHERE f.site_id = s.site_id "
  "OFFSET 0) f "
  "WHERE s.geom && ST_MakeEnvelope ($2, $4, $1, $3, 4326) "
  "AND f.direction = $5 AND f.resource IN ($6, $7)";

gboolean
sm_synergy_pg_candidates (SmDb                   *db,
                          const SmCandidateQuery *q,
                          GArray                 *out,
                          GError                **error)
{
  g_autoptr (SmStmt) stmt = NULL;

  g_return_val_if_fail (sm_db_get_engine (db) == SM_DB_ENGINE_POSTGRESQL, FALSE);

  stmt = sm_db_prepare (db, sm_synergy_pg_candidates_sql, error);
  return stmt != NULL && sm_synergy_candidates_run (stmt, q, out, error);
}

/* The plan through PREPARE and EXPLAIN EXECUTE, so that it is the plan a
 * prepared statement gets: with plan_cache_mode forced to the generic
 * plan (what PostgreSQL settles on after five runs when it is no worse)
 * or to the custom plan of these values. The values are written into the
 * EXECUTE: numbers printed exactly, and keys from sm-resource.c's tables. */
char *
sm_synergy_pg_explain (SmDb                   *db,
                       const SmCandidateQuery *q,
                       gboolean                analyze,
                       gboolean                generic,
                       GError                **error)
{
  g_autofree char *prepare = NULL;
  g_autofree char *explain = NULL;
  g_autoptr (GString) plan = g_string_new (NULL);
  g_autoptr (SmStmt) stmt = NULL;
  char x0[G_ASCII_DTOSTR_BUF_SIZE], x1[G_ASCII_DTOSTR_BUF_SIZE];
  char y0[G_ASCII_DTOSTR_BUF_SIZE], y1[G_ASCII_DTOSTR_BUF_SIZE];
  SmStmtResult rc = SM_STMT_ERROR;
  gboolean ok;

  g_return_val_if_fail (sm_db_get_engine (db) == SM_DB_ENGINE_POSTGRESQL, NULL);

  prepare = g_strdup_printf ("SET plan_cache_mode = %s; "
                             "PREPARE sm_synergy_explain (double precision, double precision, "
                             "double precision, double precision, text, text, text) AS %s",
                             generic ? "force_generic_plan" : "force_custom_plan",
                             sm_synergy_pg_candidates_sql);
  if (!sm_db_exec (db, prepare, error))
    return NULL;
  explain = g_strdup_printf ("EXPLAIN (COSTS OFF%s) EXECUTE sm_synergy_explain "
                             "(%s, %s, %s, %s, '%s', '%s', '%s')",
                             analyze ? ", ANALYZE, BUFFERS" : "",
                             g_ascii_dtostr (x1, sizeof x1, q->xmax),
                             g_ascii_dtostr (x0, sizeof x0, q->xmin),
                             g_ascii_dtostr (y1, sizeof y1, q->ymax),
                             g_ascii_dtostr (y0, sizeof y0, q->ymin),
                             sm_direction_to_key (q->other), sm_resource_to_key (q->wanted[0]),
                             sm_resource_to_key (q->wanted[1]));
  stmt = sm_db_prepare (db, explain, error);
  ok = stmt != NULL;
  while (ok && (rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    g_string_append_printf (plan, "%s\n", sm_stmt_column_text (stmt, 0));
  ok = ok && rc == SM_STMT_DONE;
  g_clear_pointer (&stmt, sm_stmt_finalize);
  if (!sm_db_exec (db, "DEALLOCATE sm_synergy_explain; RESET plan_cache_mode",
                   ok ? error : NULL))
    ok = FALSE;
  return ok ? g_string_free (g_steal_pointer (&plan), FALSE) : NULL;
}
