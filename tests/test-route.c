/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pipe routes on small hand-drawn networks, and agreement with a plain
 * O(n²) Dijkstra written here on a random network.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "sm-route.h"
#include "sm-synergy.h"
#include "sm-test-util.h"

typedef struct
{
  char      *dir;
  SmProject *project;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = sm_test_make_tmpdir ();
  path = g_build_filename (f->dir, "r.sqlite", NULL);
  f->project = sm_project_create (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
line (Fixture    *f,
      const char *wkt)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("INSERT INTO network_edges (name, geom, length_m) "
                                          "VALUES ('line', GeomFromText ('%s', 4326), "
                                          "ST_Length (GeomFromText ('%s', 4326), 1))",
                                          wkt, wkt);

  g_assert_true (sm_project_exec (f->project, sql, &error));
  g_assert_no_error (error);
}

static double
geo (double lat1, double lon1, double lat2, double lon2)
{
  return sm_geodesic_distance (lat1, lon1, lat2, lon2);
}

static SmRoute *
route (Fixture *f,
       double   lat1,
       double   lon1,
       double   lat2,
       double   lon2)
{
  g_autoptr (GError) error = NULL;
  SmRouter *router = sm_router_for_project (f->project, &error);
  SmRoute *r;

  g_assert_no_error (error);
  r = sm_router_route (router, lat1, lon1, lat2, lon2, &error);
  g_assert_no_error (error);
  return r;
}

/* An L of two roads: the route turns the corner */
static void
test_corner (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (SmRoute) r = NULL;
  double expected;

  line (f, "LINESTRING (10.00 56.00, 10.02 56.00)");
  line (f, "LINESTRING (10.02 56.00, 10.02 56.02)");
  /* Sites 0.001° off the ends: stubs of 111 m (north-south) and 62 m (east-west) */
  r = route (f, 55.999, 10.00, 56.02, 10.021);
  expected = geo (55.999, 10.00, 56.00, 10.00) + geo (56.00, 10.00, 56.00, 10.02)
             + geo (56.00, 10.02, 56.02, 10.02) + geo (56.02, 10.02, 56.02, 10.021);
  g_assert_cmpstr (r->method, ==, "network");
  g_assert_null (r->reason);
  g_assert_cmpfloat_with_epsilon (r->route_m, expected, 0.5);
  g_assert_cmpfloat (r->route_m, >, r->straight_m);
  /* Site, stub end, corner nodes, stub end, site */
  g_assert_cmpuint (r->coordinates->len / 2, >=, 5);
  g_assert_cmpfloat_with_epsilon (g_array_index (r->coordinates, double, 0), 10.00, 1e-9);
  g_assert_cmpfloat_with_epsilon (g_array_index (r->coordinates, double, 1), 55.999, 1e-9);
}

/* Mid-segment: the stub meets the road between two vertices */
static void
test_mid_segment (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr (SmRoute) r = NULL;

  line (f, "LINESTRING (10.00 56.00, 10.10 56.00)");
  r = route (f, 56.001, 10.02, 56.001, 10.05);
  g_assert_cmpstr (r->method, ==, "network");
  /* Down 111 m, along 0.03° (1.87 km), up 111 m */
  g_assert_cmpfloat_with_epsilon (r->route_m,
                                  2 * geo (56.001, 10.02, 56.0, 10.02) + geo (56.0, 10.02, 56.0, 10.05),
                                  1.0);
}

/* Line ends 0.5 m apart join; 3 m apart do not */
static void
test_near_miss (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (SmRoute) joined = NULL;
  g_autoptr (SmRoute) apart = NULL;
  /* 0.5 m of latitude is 0.0000045° */
  line (f, "LINESTRING (10.00 56.00, 10.01 56.00)");
  line (f, "LINESTRING (10.01 56.0000045, 10.02 56.0000045)");
  joined = route (f, 56.0, 10.00, 56.0, 10.02);
  g_assert_cmpstr (joined->method, ==, "network");

  line (f, "LINESTRING (10.03 56.001, 10.04 56.001)");
  line (f, "LINESTRING (10.04 56.001027, 10.05 56.001027)"); /* 3 m north */
  apart = route (f, 56.001, 10.03, 56.001, 10.05);
  g_assert_cmpstr (apart->method, ==, "detour-factor");
  g_assert_nonnull (strstr (apart->reason, "connect"));
  g_assert_cmpfloat_with_epsilon (apart->route_m, apart->straight_m * 1.25, 1e-6);
}

static void
test_fallbacks (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (SmRoute) none = NULL;
  g_autoptr (SmRoute) far = NULL;
  g_autoptr (SmRoute) disconnected = NULL;

  none = route (f, 56.0, 10.0, 56.1, 10.1);
  g_assert_cmpstr (none->method, ==, "detour-factor");
  g_assert_nonnull (none->reason);

  line (f, "LINESTRING (10.00 56.00, 10.02 56.00)");
  line (f, "LINESTRING (11.00 56.00, 11.02 56.00)");
  /* 5.5 km north of the network */
  far = route (f, 56.05, 10.01, 56.0, 10.015);
  g_assert_cmpstr (far->method, ==, "detour-factor");
  g_assert_nonnull (strstr (far->reason, "2 km"));
  disconnected = route (f, 56.0, 10.01, 56.0, 11.01);
  g_assert_cmpstr (disconnected->method, ==, "detour-factor");
  g_assert_nonnull (strstr (disconnected->reason, "connect"));
  g_assert_cmpfloat_with_epsilon (disconnected->route_m, disconnected->straight_m * 1.25, 1e-6);
}

/* The graph is kept in the project and rebuilt when the network changes */
static void
test_kept (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *version = NULL;
  SmRouter *router;
  guint nodes;

  line (f, "LINESTRING (10.00 56.00, 10.01 56.00, 10.02 56.00)");
  router = sm_router_for_project (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sm_router_get_n_nodes (router), ==, 3);
  g_assert_cmpuint (sm_router_get_n_arcs (router), ==, 2);
  version = sm_project_get_setting (f->project, "route_graph_version");
  g_assert_nonnull (version);
  {
    g_autoptr (SmRouter) again = sm_router_new (f->project, SM_ROUTE_SNAP_M, &error);
    g_assert_cmpuint (sm_router_get_n_nodes (again), ==, 3);
  }
  line (f, "LINESTRING (10.02 56.00, 10.02 56.01)");
  router = sm_router_for_project (f->project, &error);
  nodes = sm_router_get_n_nodes (router);
  g_assert_cmpuint (nodes, ==, 4);
}

/* A plain Dijkstra over a dense matrix, for checking */
static double
plain_dijkstra (guint          n,
                const double  *w,
                guint          from,
                guint          to)
{
  g_autofree double *d = g_new (double, n);
  g_autofree gboolean *done = g_new0 (gboolean, n);

  for (guint i = 0; i < n; i++)
    d[i] = INFINITY;
  d[from] = 0;
  for (guint k = 0; k < n; k++)
    {
      guint u = n;

      for (guint i = 0; i < n; i++)
        if (!done[i] && (u == n || d[i] < d[u]))
          u = i;
      if (u == n || isinf (d[u]))
        break;
      done[u] = TRUE;
      for (guint v = 0; v < n; v++)
        if (!isinf (w[u * n + v]) && d[u] + w[u * n + v] < d[v])
          d[v] = d[u] + w[u * n + v];
    }
  return d[to];
}

static void
test_random (Fixture       *f,
             gconstpointer  data)
{
  const guint side = 6, n = side * side;
  g_autofree double *w = g_new (double, n * n);
  double lat[36], lon[36];
  GRand *rand = g_rand_new_with_seed (5);

  for (guint i = 0; i < n * n; i++)
    w[i] = INFINITY;
  for (guint i = 0; i < n; i++)
    {
      /* A jittered grid of 6 × 6 junctions, 1 km apart */
      lat[i] = 56.0 + (i / side) * 0.009 + g_rand_double_range (rand, -0.002, 0.002);
      lon[i] = 10.0 + (i % side) * 0.016 + g_rand_double_range (rand, -0.003, 0.003);
    }
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        gboolean neighbours = (j == i + 1 && j % side != 0) || j == i + side || (j == i + side + 1 && i % side != side - 1);
        g_autofree char *wkt = NULL;

        if (!neighbours || g_rand_double (rand) < 0.3)
          continue;
        wkt = g_strdup_printf ("LINESTRING (%.9f %.9f, %.9f %.9f)", lon[i], lat[i], lon[j], lat[j]);
        line (f, wkt);
        w[i * n + j] = w[j * n + i] = geo (lat[i], lon[i], lat[j], lon[j]);
      }
  for (int k = 0; k < 40; k++)
    {
      guint a = g_rand_int_range (rand, 0, n), b = g_rand_int_range (rand, 0, n);
      double expected = plain_dijkstra (n, w, a, b);
      g_autoptr (SmRoute) r = NULL;

      if (a == b)
        continue;
      r = route (f, lat[a], lon[a], lat[b], lon[b]);
      if (isinf (expected))
        g_assert_cmpstr (r->method, ==, "detour-factor");
      else
        {
          g_assert_cmpstr (r->method, ==, "network");
          g_assert_cmpfloat_with_epsilon (r->route_m, expected, 0.01);
        }
    }
  g_rand_free (rand);
}

/* match carries network routes */
static void
test_match_uses_network (Fixture       *f,
                         gconstpointer  data)
{
  SmSite a = { .name = (char *) "Plant", .lat = 56.0, .lon = 10.0 };
  SmSite b = { .name = (char *) "Greenhouse", .lat = 56.02, .lon = 10.02 };
  SmFlow s = { .direction = SM_DIRECTION_SUPPLY, .resource = SM_RESOURCE_HEAT, .amount = 100000,
               .temperature_c = 90, .hours_per_year = NAN };
  SmFlow d = { .direction = SM_DIRECTION_DEMAND, .resource = SM_RESOURCE_HEAT, .amount = 50000,
               .temperature_c = 60, .hours_per_year = NAN };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) matches = NULL;
  SmSynergy *m;
  gint64 supply;

  s.site_id = sm_project_insert_site (f->project, &a, 0, &error);
  d.site_id = sm_project_insert_site (f->project, &b, 0, &error);
  supply = sm_project_insert_flow (f->project, &s, 0, &error);
  sm_project_insert_flow (f->project, &d, 0, &error);
  g_assert_no_error (error);
  line (f, "LINESTRING (10.00 56.00, 10.02 56.00, 10.02 56.02)");
  matches = sm_synergy_find (f->project, supply, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (matches->len, ==, 1);
  m = g_ptr_array_index (matches, 0);
  g_assert_cmpstr (m->route_method, ==, "network");
  g_assert_cmpfloat_with_epsilon (m->route_m, geo (56.0, 10.0, 56.0, 10.02) + geo (56.0, 10.02, 56.02, 10.02), 0.5);
  g_assert_nonnull (m->route);
  g_assert_false (m->notes & SM_MATCH_NOTE_DETOUR);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/route/corner", test_corner);
  ADD ("/route/mid-segment", test_mid_segment);
  ADD ("/route/near-miss", test_near_miss);
  ADD ("/route/fallbacks", test_fallbacks);
  ADD ("/route/kept-in-project", test_kept);
  ADD ("/route/random-vs-dijkstra", test_random);
  ADD ("/route/match-uses-network", test_match_uses_network);
#undef ADD
  return g_test_run ();
}
