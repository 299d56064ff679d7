/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Per-route time of the built-in router against pgRouting
 * (docs/ROUTING-PGROUTING.md) in the same run, on the sample network
 * (resources/samples/network-aalborg.geojson) copied into the private
 * PostgreSQL of sm-test-pg.c: QUERIES random point pairs in and around
 * Aalborg, one route at a time (A* in the app, one pgr_dijkstra call in
 * the server), then each point to all the others at once (one search,
 * as `match` asks). Prints both medians and their ratio; the routes must
 * agree, as tests/test-route-pgr.c checks.
 *
 *   bench-route-pgr [QUERIES]   (default 200)
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sm-project.h"
#include "sm-route.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

#define N_MANY 36

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  int queries = argc > 1 ? atoi (argv[1]) : 200;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *out = NULL;
  g_autoptr (SmProject) builtin = NULL;
  g_autoptr (SmProject) pgr = NULL;
  g_autoptr (GArray) t_a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) t_b = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) m_a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) m_b = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GRand) rand = g_rand_new_with_seed (17);
  double lat[N_MANY], lon[N_MANY];
  SmRouter *ra, *rb;
  SmTestPg *server;
  guint n_differ = 0;

  setlocale (LC_ALL, "");
  if (queries < 1)
    {
      fprintf (stderr, "usage: bench-route-pgr [QUERIES]\n");
      return 2;
    }
  server = sm_test_pg_start (&error);
  if (server == NULL)
    {
      printf ("no PostgreSQL server: %s\n", error->message);
      return 77;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK);
  uri = sm_test_pg_new_database (server, "benchroute");
  out = sm_test_pg_psql (server, "benchroute", "CREATE EXTENSION pgrouting", &error);
  if (error != NULL)
    {
      printf ("no pgRouting: %s\n", error->message);
      sm_test_pg_stop (server);
      sm_test_rm_rf (dir);
      return 77;
    }
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);
  builtin = sm_project_open (uri, &error);
  g_assert_no_error (error);
  pgr = sm_project_open (uri, &error);
  g_assert_no_error (error);
  sm_route_set_engine (pgr, SM_ROUTE_ENGINE_PGROUTING);
  ra = sm_router_for_project (builtin, &error);
  g_assert_no_error (error);
  rb = sm_router_for_project (pgr, &error);
  g_assert_no_error (error);
  /* the first pgRouting route fills the connection's edge table: once */
  {
    double t0 = now ();
    g_autoptr (SmRoute) first = sm_router_route (rb, 57.04, 9.99, 57.05, 10.03, &error);

    g_assert_no_error (error);
    printf ("first pgRouting route (fills the edge table): %.2f ms\n", (now () - t0) * 1e3);
  }

  for (int q = 0; q < queries; q++)
    {
      double flat = g_rand_double_range (rand, 57.02, 57.08), flon = g_rand_double_range (rand, 9.95, 10.06);
      double tlat = g_rand_double_range (rand, 57.02, 57.08), tlon = g_rand_double_range (rand, 9.95, 10.06);
      double t0, t1, t2;
      SmRoute *a, *b;

      t0 = now ();
      a = sm_router_route (ra, flat, flon, tlat, tlon, &error);
      t1 = now ();
      b = sm_router_route (rb, flat, flon, tlat, tlon, &error);
      t2 = now ();
      g_assert_no_error (error);
      n_differ += fabs (a->route_m - b->route_m) > 1e-6;
      sm_route_free (a);
      sm_route_free (b);
      g_array_append_val (t_a, (double) { (t1 - t0) * 1e3 });
      g_array_append_val (t_b, (double) { (t2 - t1) * 1e3 });
    }
  for (int i = 0; i < N_MANY; i++)
    {
      lat[i] = g_rand_double_range (rand, 57.02, 57.08);
      lon[i] = g_rand_double_range (rand, 9.95, 10.06);
    }
  for (int i = 0; i < N_MANY; i++)
    {
      double t0, t1, t2;
      GPtrArray *a, *b;

      t0 = now ();
      a = sm_router_route_many (ra, lat[i], lon[i], N_MANY, lat, lon, NULL, &error);
      t1 = now ();
      b = sm_router_route_many (rb, lat[i], lon[i], N_MANY, lat, lon, NULL, &error);
      t2 = now ();
      g_assert_no_error (error);
      for (int j = 0; j < N_MANY; j++)
        n_differ += fabs (((SmRoute *) g_ptr_array_index (a, j))->route_m
                          - ((SmRoute *) g_ptr_array_index (b, j))->route_m) > 1e-6;
      g_ptr_array_unref (a);
      g_ptr_array_unref (b);
      g_array_append_val (m_a, (double) { (t1 - t0) * 1e3 });
      g_array_append_val (m_b, (double) { (t2 - t1) * 1e3 });
    }

  printf ("network: %u nodes, %u segments; %d pairs, %d sources × %d sinks\n",
          sm_router_get_n_nodes (ra), sm_router_get_n_arcs (ra), queries, N_MANY, N_MANY);
  printf ("| | built-in | pgRouting | ratio |\n| --- | --- | --- | --- |\n");
  printf ("| one pair (median) | %.3f ms | %.3f ms | %.1f |\n", sm_test_median ((double *) t_a->data, t_a->len), sm_test_median ((double *) t_b->data, t_b->len),
          sm_test_median ((double *) t_b->data, t_b->len) / sm_test_median ((double *) t_a->data, t_a->len));
  printf ("| one to %d (median) | %.3f ms | %.3f ms | %.1f |\n", N_MANY, sm_test_median ((double *) m_a->data, m_a->len),
          sm_test_median ((double *) m_b->data, m_b->len), sm_test_median ((double *) m_b->data, m_b->len) / sm_test_median ((double *) m_a->data, m_a->len));
  printf ("routes that differ: %u\n", n_differ);
  g_clear_object (&builtin);
  g_clear_object (&pgr);
  sm_test_pg_stop (server);
  sm_test_rm_rf (dir);
  return n_differ == 0 ? 0 : 1;
}
