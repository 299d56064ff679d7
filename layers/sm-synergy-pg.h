/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-synergy-candidates.h"

G_BEGIN_DECLS

/* The candidate query on PostgreSQL + PostGIS (docs/POSTGRESQL.md,
 * "Matching on PostgreSQL"): the GiST index of the sites' points */
extern const char sm_synergy_pg_candidates_sql[];

gboolean sm_synergy_pg_candidates (SmDb                   *db,
                                   const SmCandidateQuery *q,
                                   GArray                 *out,
                                   GError                **error);
/* PostgreSQL's plan of the query for @q, as EXPLAIN prints it (with
 * @analyze, run and timed); @generic: the plan made without the values,
 * as a prepared statement's after its first runs */
char    *sm_synergy_pg_explain    (SmDb                   *db,
                                   const SmCandidateQuery *q,
                                   gboolean                analyze,
                                   gboolean                generic,
                                   GError                **error);

G_END_DECLS
