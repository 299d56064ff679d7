/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sm-db.h"
#include "sm-resource.h"

G_BEGIN_DECLS

/*
 * The matcher's candidate query (docs/SYNERGY.md, docs/POSTGRESQL.md
 * "Matching on PostgreSQL"): for one flow, the flows of the other
 * direction and a compatible resource whose site lies in the box that
 * holds the search circle, found through the sites' spatial index (the
 * file's R*Tree, the database's GiST). The caller then keeps those within
 * the great-circle radius and judges them.
 *
 * One statement per engine (sm_synergy_sqlite_candidates_sql,
 * sm_synergy_pg_candidates_sql), with the same parameters, the same
 * columns in the same order; sm_synergy_candidates_run() binds and reads
 * either. A caller with a statement cache (the project's) prepares the
 * engine's text once and runs it for each flow.
 */

typedef struct
{
  /* The flow searched from */
  double      lat, lon;
  SmDirection direction;
  SmResource  resource;
  double      radius_m;
  /* Derived by sm_candidate_query_init() */
  SmDirection other;     /* the direction of the candidates */
  SmResource  wanted[2]; /* the resources they may have */
  double      xmin, ymin, xmax, ymax;
} SmCandidateQuery;

/* One candidate: the columns of the query, in its order */
typedef struct
{
  gint64     flow_id;
  gint64     site_id;
  char      *site_name;
  SmResource resource;
  double     amount;
  double     temperature_c;  /* NAN when unknown */
  char      *ewc_code;       /* NULL when none */
  double     lat, lon;
  double     hours_per_year; /* NAN when unknown */
} SmCandidate;

void        sm_candidate_query_init          (SmCandidateQuery *q,
                                              double            lat,
                                              double            lon,
                                              SmDirection       direction,
                                              SmResource        resource,
                                              double            radius_m);
/* An array of SmCandidate that frees their strings */
GArray     *sm_candidates_new                (void);
void        sm_candidate_clear               (SmCandidate      *c);

const char *sm_synergy_candidates_sql        (SmDbEngine        engine);
/* Resets @stmt and binds @q, for a caller that reads the rows itself
 * (the matcher, sm-synergy.c, which judges each row as it comes) */
void        sm_synergy_candidates_bind       (SmStmt           *stmt,
                                              const SmCandidateQuery *q);
/* Binds @q to @stmt (prepared from sm_synergy_candidates_sql() of its
 * engine), appends its rows to @out in the engine's order, resets it. */
gboolean    sm_synergy_candidates_run        (SmStmt           *stmt,
                                              const SmCandidateQuery *q,
                                              GArray           *out,
                                              GError          **error);
/* Prepares, runs and finalizes, on either engine */
gboolean    sm_synergy_candidates            (SmDb             *db,
                                              const SmCandidateQuery *q,
                                              GArray           *out,
                                              GError          **error);

extern const char sm_synergy_sqlite_candidates_sql[];

G_END_DECLS
