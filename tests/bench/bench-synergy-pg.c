/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matcher's candidate query on PostgreSQL against the same query on
 * the file, in the same run (#17, item 7; docs/POSTGRESQL.md, "Matching
 * on PostgreSQL"). SITES sites and twice as many flows, spread as
 * bench-synergy spreads them (the Nordic countries and northern Germany,
 * seven resources, half supplies), are written into a project file,
 * copied into the private PostgreSQL of sm-test-pg.c (symbiomap-cli
 * copy), and ANALYZEd; then, for QUERIES random supplies, one supply's
 * candidates within 10 km (the query and the reading of its rows, both
 * prepared once) on each engine, in turn. Prints both medians, their
 * ratio, and PostgreSQL's plan; fails on a sequential scan of the sites
 * or flows, or a PostgreSQL median of 20 ms or more (the goal of #17).
 *
 *   bench-synergy-pg [--no-analyze] [SITES [QUERIES]]   (default 1000000 200)
 *
 * --no-analyze: the database as a copy leaves it, before autovacuum's
 * ANALYZE (the planner's default estimates).
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "sm-geodesic.h"
#include "sm-project.h"
#include "sm-store-copy.h"
#include "sm-synergy-pg.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

/* As bench-synergy.c */
static const SmResource resources[] = {
  SM_RESOURCE_HEAT, SM_RESOURCE_HEAT, SM_RESOURCE_WATER, SM_RESOURCE_CO2, SM_RESOURCE_MATERIAL,
  SM_RESOURCE_STEAM, SM_RESOURCE_COOLING,
};
static const char *codes[] = { "020106", "030105", "170504", "100101" };
static const char *prefixes[] = { "02", "0301", "17", "1001", "020106" };

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* The project file, written as an import writes (no edit log, the
 * R*Tree filled at the end) through SQLite directly: the generator is
 * the benchmark's, not the code measured */
static void
generate (const char *path,
          int         n_sites,
          int         n_flows)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  sqlite3 *db;
  sqlite3_stmt *site, *flow;

  g_assert_no_error (error);
  db = sm_project_get_db (project);
  sm_project_begin (project, &error);
  g_assert_no_error (error);
  sm_project_suspend_spatial_index (project, "sites", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO edit_context VALUES ('import', '1')", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO sites (name, geom) "
                                           "VALUES (?, MakePoint (?, ?, 4326))", -1, &site, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO flows (site_id, direction, resource, "
                                           "ewc_code, amount, unit, temperature_c) "
                                           "VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &flow, NULL),
                   ==, SQLITE_OK);
  for (int i = 0; i < n_sites; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "Company %d", i);
      sqlite3_bind_text (site, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (site, 2, 5 + g_random_double () * 26);
      sqlite3_bind_double (site, 3, 54 + g_random_double () * 15);
      g_assert_cmpint (sqlite3_step (site), ==, SQLITE_DONE);
      sqlite3_reset (site);
    }
  for (int i = 0; i < n_flows; i++)
    {
      SmResource r = resources[g_random_int_range (0, G_N_ELEMENTS (resources))];
      gboolean supply = g_random_boolean ();

      sqlite3_bind_int64 (flow, 1, g_random_int_range (1, n_sites + 1));
      sqlite3_bind_text (flow, 2, supply ? "supply" : "demand", -1, SQLITE_STATIC);
      sqlite3_bind_text (flow, 3, sm_resource_to_key (r), -1, SQLITE_STATIC);
      if (r == SM_RESOURCE_MATERIAL)
        sqlite3_bind_text (flow, 4, supply ? codes[g_random_int_range (0, 4)]
                                           : prefixes[g_random_int_range (0, 5)], -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (flow, 4);
      sqlite3_bind_double (flow, 5, g_random_double_range (10, 100000));
      sqlite3_bind_text (flow, 6, sm_resource_get_unit (r), -1, SQLITE_STATIC);
      if (sm_resource_has_temperature (r))
        sqlite3_bind_double (flow, 7, g_random_double_range (20, 160));
      else
        sqlite3_bind_null (flow, 7);
      g_assert_cmpint (sqlite3_step (flow), ==, SQLITE_DONE);
      sqlite3_reset (flow);
    }
  sqlite3_finalize (site);
  sqlite3_finalize (flow);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM edit_context", NULL, NULL, NULL), ==, SQLITE_OK);
  sm_project_rebuild_spatial_index (project, "sites", &error);
  g_assert_no_error (error);
  sm_project_commit (project, &error);
  g_assert_no_error (error);
}

static guint
count_within (GArray                 *all,
              const SmCandidateQuery *q)
{
  guint n = 0;

  for (guint i = 0; i < all->len; i++)
    {
      SmCandidate *c = &g_array_index (all, SmCandidate, i);

      n += sm_geodesic_distance (q->lat, q->lon, c->lat, c->lon) <= q->radius_m;
    }
  return n;
}

static gboolean
plan_scans (const char *plan)
{
  return strstr (plan, "Seq Scan on sites") != NULL || strstr (plan, "Seq Scan on flows") != NULL;
}

int
main (int    argc,
      char **argv)
{
  gboolean analyze = !(argc > 1 && g_str_equal (argv[1], "--no-analyze"));
  int n_sites, n_queries, n_flows;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "big.sqlite", NULL);
  g_autofree char *uri = NULL;
  g_autofree char *generic = NULL;
  g_autofree char *custom = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) counts = NULL;
  g_autoptr (GArray) pg_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) file_times = g_array_new (FALSE, FALSE, sizeof (double));
  SmDb *file, *pg;
  SmStmt *file_stmt, *pg_stmt, *pick;
  SmTestPg *server;
  double t0, gen_s, copy_s, analyze_s, pg_median, file_median;
  guint64 rows = 0, near = 0;
  guint differ = 0;
  gboolean bad_plan;

  if (!analyze)
    argc--, argv++;
  n_sites = argc > 1 ? atoi (argv[1]) : 1000000;
  n_queries = argc > 2 ? atoi (argv[2]) : 200;
  n_flows = 2 * n_sites;
  setlocale (LC_ALL, "C");
  g_random_set_seed (11);
  if ((server = sm_test_pg_start (&error)) == NULL)
    g_error ("no PostgreSQL server: %s", error->message);

  t0 = now ();
  generate (path, n_sites, n_flows);
  gen_s = now () - t0;
  uri = sm_test_pg_create_database (server, "bench", &error);
  g_assert_no_error (error);
  t0 = now ();
  counts = sm_store_copy_file_to_pg (path, uri, NULL, NULL, &error);
  g_assert_no_error (error);
  copy_s = now () - t0;

  pg = sm_db_open (uri, SM_DB_OPEN_NONE, &error);
  g_assert_no_error (error);
  t0 = now ();
  if (analyze)
    sm_db_exec (pg, "ANALYZE symbiomap.sites; ANALYZE symbiomap.flows", &error);
  g_assert_no_error (error);
  analyze_s = now () - t0;
  file = sm_db_open (path, SM_DB_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  file_stmt = sm_db_prepare (file, sm_synergy_candidates_sql (SM_DB_ENGINE_SQLITE), &error);
  g_assert_no_error (error);
  pg_stmt = sm_db_prepare (pg, sm_synergy_candidates_sql (SM_DB_ENGINE_POSTGRESQL), &error);
  g_assert_no_error (error);
  pick = sm_db_prepare (file, "SELECT f.direction, f.resource, ST_Y (s.geom), ST_X (s.geom) "
                              "FROM flows f JOIN sites s USING (site_id) WHERE f.flow_id = ?",
                        &error);
  g_assert_no_error (error);

  for (int i = 0; i < n_queries; i++)
    {
      g_autoptr (GArray) a = sm_candidates_new ();
      g_autoptr (GArray) b = sm_candidates_new ();
      SmCandidateQuery q;
      double t_pg, t_file;

      /* A random supply */
      for (;;)
        {
          sm_stmt_reset (pick);
          sm_stmt_bind_int64 (pick, 1, g_random_int_range (1, n_flows + 1));
          if (sm_stmt_step (pick, NULL) == SM_STMT_ROW
              && g_str_equal (sm_stmt_column_text (pick, 0), "supply"))
            break;
        }
      sm_candidate_query_init (&q, sm_stmt_column_double (pick, 2),
                               sm_stmt_column_double (pick, 3), SM_DIRECTION_SUPPLY,
                               sm_resource_from_key (sm_stmt_column_text (pick, 1)), 10000);
      sm_stmt_reset (pick);
      if (i == 0)
        {
          generic = sm_synergy_pg_explain (pg, &q, FALSE, TRUE, &error);
          g_assert_no_error (error);
          custom = sm_synergy_pg_explain (pg, &q, TRUE, FALSE, &error);
          g_assert_no_error (error);
        }

      /* In turn, which goes first: neither always finds the other's
       * pages warm in the machine's cache */
      for (int k = 0; k < 2; k++)
        if ((k == 0) == (i % 2 == 0))
          {
            t0 = now ();
            if (!sm_synergy_candidates_run (pg_stmt, &q, a, &error))
              g_error ("%s", error->message);
            t_pg = now () - t0;
          }
        else
          {
            t0 = now ();
            if (!sm_synergy_candidates_run (file_stmt, &q, b, &error))
              g_error ("%s", error->message);
            t_file = now () - t0;
          }
      g_array_append_val (pg_times, t_pg);
      g_array_append_val (file_times, t_file);
      rows += a->len;
      near += count_within (a, &q);
      differ += count_within (a, &q) != count_within (b, &q);
    }
  pg_median = sm_test_median ((double *) pg_times->data, pg_times->len);
  file_median = sm_test_median ((double *) file_times->data, file_times->len);
  bad_plan = plan_scans (generic) || plan_scans (custom);

  printf ("sites / flows:                     %d / %d\n", n_sites, n_flows);
  printf ("setup: file %.1f s, copy into PostgreSQL %.1f s, ANALYZE %.1f s%s\n",
          gen_s, copy_s, analyze_s, analyze ? "" : " (skipped)");
  printf ("PostgreSQL's plan (generic, as the prepared statement runs):\n%s", generic);
  printf ("PostgreSQL's plan of the first supply (custom, analyzed):\n%s", custom);
  printf ("supplies:                          %d, radius 10 km\n", n_queries);
  printf ("candidates per supply:             %.1f in the box, %.1f within the radius\n",
          (double) rows / n_queries, (double) near / n_queries);
  printf ("supplies whose candidates differ:  %u (goal 0)\n", differ);
  printf ("file (SQLite R*Tree), median:      %.3f ms\n", file_median * 1000);
  printf ("PostgreSQL (GiST), median:         %.3f ms (goal < 20 ms)\n", pg_median * 1000);
  printf ("ratio PostgreSQL / file:           %.2f\n", pg_median / file_median);
  if (bad_plan)
    printf ("the plan scans a whole table\n");

  sm_stmt_finalize (pick);
  sm_stmt_finalize (file_stmt);
  sm_stmt_finalize (pg_stmt);
  sm_db_close (file);
  sm_db_close (pg);
  sm_test_pg_stop (server);
  sm_test_rm_rf (dir);
  return pg_median < 0.020 && !bad_plan && differ == 0 ? 0 : 1;
}
