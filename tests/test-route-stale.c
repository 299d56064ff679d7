/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A route graph built from the network lines as they were, kept after
 * another connection changed them, must not become the current graph:
 * one connection builds, a second adds a shorter line and commits, then
 * the first keeps its graph through the same call the router uses; the
 * next route must follow the new line. Deterministic: the steps run in
 * this order on one thread.
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "sm-db.h"
#include "sm-geodesic.h"
#include "sm-route-graph.h"
#include "sm-route.h"
#include "sm-test-util.h"

#ifdef SM_TEST_ROUTE_STALE_PG
#include "sm-test-pg.h"
static SmTestPg *server;
#define GEOM "ST_GeomFromText ('%s', 4326)"
#define LENGTH "ST_Length (ST_GeomFromText ('%s', 4326)::geography)"
#else
#define GEOM "GeomFromText ('%s', 4326)"
#define LENGTH "ST_Length (GeomFromText ('%s', 4326), 1)"
#endif

static void
line (SmProject  *project,
      const char *wkt)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("INSERT INTO network_edges (name, geom, length_m) "
                                          "VALUES ('line', " GEOM ", " LENGTH ")",
                                          wkt, wkt);

  g_assert_true (sm_project_exec (project, sql, &error));
  g_assert_no_error (error);
}

static double
route_m (SmProject *project)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmRoute) r = NULL;
  SmRouter *router = sm_router_for_project (project, &error);

  g_assert_no_error (error);
  r = sm_router_route (router, 56.00, 10.00, 56.02, 10.02, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->method, ==, "network");
  return r->route_m;
}

static void
stale (const char *path,
       SmProject  *a)
{
  g_autoptr (GError) error = NULL;
  SmProject *b, *c;
  SmRouteGraph *g;
  double direct, around;

  /* Around a corner: 0.02° east, then 0.02° north */
  line (a, "LINESTRING (10.00 56.00, 10.02 56.00)");
  line (a, "LINESTRING (10.02 56.00, 10.02 56.02)");
  around = sm_geodesic_distance (56.00, 10.00, 56.00, 10.02)
           + sm_geodesic_distance (56.00, 10.02, 56.02, 10.02);
  direct = sm_geodesic_distance (56.00, 10.00, 56.02, 10.02);

  /* a builds from the two lines */
  g = sm_route_graph_build (a, SM_ROUTE_SNAP_M, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* b adds the diagonal and commits */
  b = sm_project_open (path, &error);
  g_assert_no_error (error);
  line (b, "LINESTRING (10.00 56.00, 10.02 56.02)");
  g_object_unref (b);
  /* a keeps the graph it built before: refused */
  g_assert_false (sm_route_store_save (a, g, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_clear_error (&error);
  g_assert_cmpint (g->graph_id, ==, 0);
  sm_route_graph_free (g);

  /* Any connection now routes on the diagonal */
  g_assert_cmpfloat_with_epsilon (route_m (a), direct, 1.0);
  c = sm_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (route_m (c), direct, 1.0);
  g_assert_cmpfloat (direct, <, around - 100);
  g_object_unref (c);

  /* Unchanged network: the graph is kept as before */
  g = sm_route_graph_build (a, SM_ROUTE_SNAP_M, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sm_route_store_save (a, g, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g->graph_id, >, 0);
  g_assert_cmpint (sm_route_store_current (a, SM_ROUTE_SNAP_M, NULL), ==, g->graph_id);
  sm_route_graph_free (g);
}

#ifdef SM_TEST_ROUTE_STALE_PG
static void
test_pg (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *uri = NULL;
  SmProject *a;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = sm_test_pg_new_database (server, "stale");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", uri, NULL), ==, 0);
  a = sm_project_open (uri, &error);
  g_assert_no_error (error);
  stale (uri, a);
  g_object_unref (a);
}

int
main (int argc, char **argv)
{
  int status;

  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/route-stale/pg", test_pg);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
#else
static void
test_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "r.sqlite", NULL);
  SmProject *a = sm_project_create (path, &error);

  g_assert_no_error (error);
  stale (path, a);
  g_object_unref (a);
  sm_test_rm_rf (dir);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/route-stale/file", test_file);
  return g_test_run ();
}
#endif
