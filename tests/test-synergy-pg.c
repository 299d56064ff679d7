/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matcher's candidate query on PostgreSQL (docs/POSTGRESQL.md,
 * "Matching on PostgreSQL") against the file's, on the bundled sample
 * copied into the private server of sm-test-pg.c.
 *
 * The comparison, for every supply flow of the sample:
 *
 * - the boxes are the same, but the two indexes are not asked the same
 *   thing to the last bit: SpatiaLite's R*Tree keeps float32 boxes
 *   rounded outwards, PostGIS's GiST float32 boxes too, and `&&` on the
 *   exact points decides differently from `r.xmin <= ?` for a site on
 *   the box's edge. Such a site is always outside the circle the box
 *   holds (but at the four points where the circle touches the box).
 *   So the fair test is the one the matcher applies next: the candidates
 *   of both engines within the great-circle radius (find()'s rule, its
 *   own site at 0 m) are the same flows, with the same columns, value for
 *   value; and without the radius, the same flows as well on this data
 *   (no sample site lies on a box's edge);
 * - the SQLite query compared is sm-synergy-sqlite.c's copy of find()'s
 *   statement, so the test also asks the matcher itself: every partner
 *   sm_synergy_find() returns on the file (the candidates that pass the
 *   rules and pay) is among the PostgreSQL candidates within the radius,
 *   at the same site, place and amount;
 * - and it is no empty comparison: many supplies have candidates, and
 *   many matches.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sm-db.h"
#include "sm-geodesic.h"
#include "sm-project.h"
#include "sm-store-copy.h"
#include "sm-synergy-pg.h"
#include "sm-synergy.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

static SmTestPg *server;

static int
by_flow_id (gconstpointer a,
            gconstpointer b)
{
  gint64 x = ((const SmCandidate *) a)->flow_id, y = ((const SmCandidate *) b)->flow_id;

  return x < y ? -1 : x > y;
}

/* The candidates within the radius, by flow id, as find() keeps them */
static GArray *
within (GArray                 *all,
        const SmCandidateQuery *q,
        gint64                  self_site)
{
  GArray *kept = sm_candidates_new ();

  for (guint i = 0; i < all->len; i++)
    {
      SmCandidate *c = &g_array_index (all, SmCandidate, i);
      double d = c->site_id == self_site ? 0 : sm_geodesic_distance (q->lat, q->lon, c->lat, c->lon);

      if (d <= q->radius_m)
        {
          SmCandidate copy = *c;

          copy.site_name = g_strdup (c->site_name);
          copy.ewc_code = g_strdup (c->ewc_code);
          g_array_append_val (kept, copy);
        }
    }
  g_array_sort (kept, by_flow_id);
  return kept;
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

static void
assert_same (GArray     *file,
             GArray     *pg,
             gint64      supply)
{
  if (file->len != pg->len)
    g_error ("supply %" G_GINT64_FORMAT ": %u candidates in the file, %u in PostgreSQL",
             supply, file->len, pg->len);
  for (guint i = 0; i < file->len; i++)
    {
      SmCandidate *a = &g_array_index (file, SmCandidate, i);
      SmCandidate *b = &g_array_index (pg, SmCandidate, i);

      g_assert_cmpint (a->flow_id, ==, b->flow_id);
      g_assert_cmpint (a->site_id, ==, b->site_id);
      g_assert_cmpstr (a->site_name, ==, b->site_name);
      g_assert_cmpint (a->resource, ==, b->resource);
      g_assert_cmpstr (a->ewc_code, ==, b->ewc_code);
      g_assert_true (same_double (a->amount, b->amount));
      g_assert_true (same_double (a->temperature_c, b->temperature_c));
      g_assert_true (same_double (a->hours_per_year, b->hours_per_year));
      g_assert_cmpfloat (a->lat, ==, b->lat);
      g_assert_cmpfloat (a->lon, ==, b->lon);
    }
}

static void
test_same_candidates (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) copied = NULL;
  g_autoptr (SmDb) file = NULL;
  g_autoptr (SmDb) pg = NULL;
  g_autoptr (SmStmt) supplies = NULL;
  g_autoptr (SmStmt) file_stmt = NULL;
  g_autoptr (SmStmt) pg_stmt = NULL;
  g_autoptr (SmProject) project = NULL;
  SmMatchOptions options;
  guint n_supplies = 0, n_with = 0, n_candidates = 0, n_matches = 0, n_outside = 0;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  path = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_PLAIN);
  uri = sm_test_pg_create_database (server, "synergy", &error);
  g_assert_no_error (error);
  copied = sm_store_copy_file_to_pg (path, uri, NULL, NULL, &error);
  g_assert_no_error (error);

  file = sm_db_open (path, SM_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  pg = sm_db_open (uri, SM_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  project = sm_project_open (path, &error);
  g_assert_no_error (error);
  sm_match_options_init (&options);
  options.use_network = FALSE;

  file_stmt = sm_db_prepare (file, sm_synergy_candidates_sql (SM_DB_ENGINE_SQLITE), &error);
  g_assert_no_error (error);
  pg_stmt = sm_db_prepare (pg, sm_synergy_candidates_sql (SM_DB_ENGINE_POSTGRESQL), &error);
  g_assert_no_error (error);
  /* Both statements take the same parameters */
  g_assert_cmpint (sm_stmt_bind_parameter_count (file_stmt), ==, 7);
  g_assert_cmpint (sm_stmt_bind_parameter_count (pg_stmt), ==, 7);

  supplies = sm_db_prepare (file, "SELECT f.flow_id, f.site_id, f.resource, ST_Y (s.geom), "
                                  "ST_X (s.geom) FROM flows f JOIN sites s USING (site_id) "
                                  "WHERE f.direction = 'supply' ORDER BY f.flow_id", &error);
  g_assert_no_error (error);
  while (sm_stmt_step (supplies, &error) == SM_STMT_ROW)
    {
      gint64 id = sm_stmt_column_int64 (supplies, 0);
      gint64 site = sm_stmt_column_int64 (supplies, 1);
      SmResource resource = sm_resource_from_key (sm_stmt_column_text (supplies, 2));
      g_autoptr (GArray) file_all = sm_candidates_new ();
      g_autoptr (GArray) pg_all = sm_candidates_new ();
      g_autoptr (GArray) file_near = NULL;
      g_autoptr (GArray) pg_near = NULL;
      g_autoptr (GPtrArray) matches = NULL;
      SmCandidateQuery q;

      sm_candidate_query_init (&q, sm_stmt_column_double (supplies, 3),
                               sm_stmt_column_double (supplies, 4), SM_DIRECTION_SUPPLY, resource,
                               1000 * sm_match_default_radius_km (resource));
      g_assert_true (sm_synergy_candidates_run (file_stmt, &q, file_all, &error));
      g_assert_no_error (error);
      g_assert_true (sm_synergy_pg_candidates (pg, &q, pg_all, &error));
      g_assert_no_error (error);

      file_near = within (file_all, &q, site);
      pg_near = within (pg_all, &q, site);
      assert_same (file_near, pg_near, id);
      g_array_sort (file_all, by_flow_id);
      g_array_sort (pg_all, by_flow_id);
      assert_same (file_all, pg_all, id);
      n_supplies++;
      n_with += pg_near->len > 0;
      n_candidates += pg_near->len;
      n_outside += pg_all->len - pg_near->len;

      /* The matcher on the file: its partners are among the candidates */
      matches = sm_synergy_find (project, id, &options, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < matches->len; i++)
        {
          SmSynergy *m = g_ptr_array_index (matches, i);
          SmCandidate key = { .flow_id = m->flow_id };
          guint at;
          SmCandidate *c;

          if (!g_array_binary_search (pg_near, &key, by_flow_id, &at))
            g_error ("supply %" G_GINT64_FORMAT ": match %" G_GINT64_FORMAT " on the file "
                     "is no PostgreSQL candidate", id, m->flow_id);
          c = &g_array_index (pg_near, SmCandidate, at);
          g_assert_cmpint (c->site_id, ==, m->site_id);
          g_assert_cmpfloat (c->lat, ==, m->lat);
          g_assert_cmpfloat (c->lon, ==, m->lon);
          g_assert_cmpfloat (c->amount, ==, m->amount);
          n_matches++;
        }
    }
  g_assert_no_error (error);
  g_test_message ("%u supplies, %u with candidates, %u candidates within the radius, "
                  "%u outside it, %u matches",
                  n_supplies, n_with, n_candidates, n_outside, n_matches);
  /* Not an empty comparison (the sample has dozens of supplies and their
   * matches); the numbers are no fixed results, just more than a few */
  g_assert_cmpuint (n_supplies, >=, 10);
  g_assert_cmpuint (n_with, >=, n_supplies / 4);
  g_assert_cmpuint (n_matches, >=, 10);

  g_clear_pointer (&file_stmt, sm_stmt_finalize);
  g_clear_pointer (&pg_stmt, sm_stmt_finalize);
  g_clear_pointer (&supplies, sm_stmt_finalize);
  g_clear_pointer (&project, g_object_unref);
  sm_test_rm_rf (dir);
}

/* EXPLAIN of the query, generic and analyzed (the benchmark checks the
 * plan at scale: on a small table any plan is right): the text names the
 * query's tables and both resources of a steam supply, the analyzed one
 * ran, and the connection is left as it was */
static void
test_explain (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *generic = NULL;
  g_autofree char *custom = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SmDb) pg = NULL;
  g_autoptr (GArray) out = sm_candidates_new ();
  SmCandidateQuery q;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = sm_test_pg_create_database (server, "explain", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", uri, NULL), ==, 0);
  pg = sm_db_open (uri, SM_DB_OPEN_NONE, &error);
  g_assert_no_error (error);
  sm_candidate_query_init (&q, 57.05, 9.92, SM_DIRECTION_SUPPLY, SM_RESOURCE_STEAM, 10000);
  generic = sm_synergy_pg_explain (pg, &q, FALSE, TRUE, &error);
  g_assert_no_error (error);
  custom = sm_synergy_pg_explain (pg, &q, TRUE, FALSE, &error);
  g_assert_no_error (error);
  g_test_message ("generic plan:\n%s\ncustom plan:\n%s", generic, custom);
  g_assert_nonnull (strstr (generic, "sites"));
  g_assert_nonnull (strstr (generic, "flows"));
  g_assert_nonnull (strstr (custom, "actual"));
  /* steam feeds heat: both in the filter */
  g_assert_nonnull (strstr (custom, "heat"));
  g_assert_nonnull (strstr (custom, "steam"));
  /* and the connection is usable after it */
  g_assert_true (sm_synergy_pg_candidates (pg, &q, out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/synergy-pg/same-candidates", test_same_candidates);
  g_test_add_func ("/synergy-pg/explain", test_explain);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
