/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pipe routes on small hand-drawn networks, and agreement with a plain
 * O(n²) Dijkstra written here on a random network.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include "sm-db.h"
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
  SmRouter *router;
  guint nodes;

  line (f, "LINESTRING (10.00 56.00, 10.01 56.00, 10.02 56.00)");
  router = sm_router_for_project (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sm_router_get_n_nodes (router), ==, 3);
  g_assert_cmpuint (sm_router_get_n_arcs (router), ==, 2);
  g_assert_true (sm_router_graph_is_current (f->project, &error));
  {
    g_autoptr (SmRouter) again = sm_router_new (f->project, SM_ROUTE_SNAP_M, &error);
    g_assert_cmpuint (sm_router_get_n_nodes (again), ==, 3);
  }
  line (f, "LINESTRING (10.02 56.00, 10.02 56.01)");
  g_assert_false (sm_router_graph_is_current (f->project, &error));
  router = sm_router_for_project (f->project, &error);
  nodes = sm_router_get_n_nodes (router);
  g_assert_cmpuint (nodes, ==, 4);
  /* Any change to a line drops the kept graph */
  g_assert_true (sm_router_graph_is_current (f->project, &error));
  g_assert_true (sm_project_exec (f->project, "UPDATE network_edges SET kind = 'road'", &error));
  g_assert_false (sm_router_graph_is_current (f->project, &error));
  router = sm_router_for_project (f->project, &error);
  g_assert_true (sm_router_graph_is_current (f->project, &error));
  g_assert_true (sm_project_exec (f->project, "DELETE FROM network_edges WHERE edge_id = 2", &error));
  g_assert_false (sm_router_graph_is_current (f->project, &error));
  router = sm_router_for_project (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sm_router_get_n_nodes (router), ==, 3);
}

/* A line given as raw WKB, so that it can hold what WKT cannot (NaN) */
static void
raw_line (Fixture      *f,
          const double *xy,
          guint         n)
{
  g_autoptr (GByteArray) wkb = g_byte_array_new ();
  guint8 order = 1;
  guint32 type = 2, count = n;
  SmStmt *stmt;

  g_byte_array_append (wkb, &order, 1);
  g_byte_array_append (wkb, (guint8 *) &type, 4);
  g_byte_array_append (wkb, (guint8 *) &count, 4);
  g_byte_array_append (wkb, (guint8 *) xy, n * 2 * sizeof (double));
  g_assert_cmpint (G_BYTE_ORDER, ==, G_LITTLE_ENDIAN);
  stmt = sm_project_prepare (f->project, "INSERT INTO network_edges (name, geom) "
                                         "VALUES ('raw', GeomFromWKB (?, 4326))", NULL);
  g_assert_nonnull (stmt);
  sm_stmt_bind_blob (stmt, 1, wkb->data, wkb->len);
  g_assert_cmpint (sm_stmt_step (stmt, NULL), ==, SM_STMT_DONE);
  sm_stmt_reset (stmt);
}

/* West of Greenwich (the Faroe Islands) and across it: negative cells */
static void
test_west (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (SmRoute) faroe = NULL;
  g_autoptr (SmRoute) across = NULL;
  double expected;

  /* Tórshavn */
  line (f, "LINESTRING (-6.80 62.00, -6.77 62.00)");
  line (f, "LINESTRING (-6.77 62.00, -6.77 62.02)");
  faroe = route (f, 62.00, -6.80, 62.02, -6.77);
  expected = geo (62.00, -6.80, 62.00, -6.77) + geo (62.00, -6.77, 62.02, -6.77);
  g_assert_cmpstr (faroe->method, ==, "network");
  g_assert_cmpfloat_with_epsilon (faroe->route_m, expected, 0.5);

  /* Across the meridian, south of the equator too */
  line (f, "LINESTRING (-0.01 -0.01, 0.00 -0.01, 0.01 -0.01)");
  line (f, "LINESTRING (0.01 -0.01, 0.01 0.01)");
  across = route (f, -0.01, -0.01, 0.01, 0.01);
  expected = geo (-0.01, -0.01, -0.01, 0.01) + geo (-0.01, 0.01, 0.01, 0.01);
  g_assert_cmpstr (across->method, ==, "network");
  g_assert_cmpfloat_with_epsilon (across->route_m, expected, 0.5);
}

/* Vertices off the globe (NaN, 1e9) break their line there, and points
 * off the globe are refused */
static void
test_off_globe (Fixture       *f,
                gconstpointer  data)
{
  const double nan_line[] = { 10.00, 56.00, 10.01, 56.00, NAN, 56.00, 10.03, 56.00 };
  const double huge_line[] = { 10.01, 56.00, 1e9, 1e9, 10.02, 56.01 };
  const double good_line[] = { 10.01, 56.00, 10.02, 56.00 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SmRoute) r = NULL;
  SmRouter *router;

  raw_line (f, nan_line, 4);
  raw_line (f, huge_line, 3);
  raw_line (f, good_line, 2);
  r = route (f, 56.00, 10.00, 56.00, 10.02);
  g_assert_cmpstr (r->method, ==, "network");
  g_assert_cmpfloat_with_epsilon (r->route_m, geo (56.00, 10.00, 56.00, 10.02), 0.5);

  router = sm_router_for_project (f->project, &error);
  g_assert_no_error (error);
  g_assert_null (sm_router_route (router, NAN, 10.0, 56.0, 10.0, &error));
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (sm_router_route (router, 56.0, 10.0, 1e9, 1e9, &error));
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID);
}

/* From a site to itself: no pipe at all, even off the network */
static void
test_self (Fixture       *f,
           gconstpointer  data)
{
  SmSite a = { .name = (char *) "Plant", .lat = 56.001, .lon = 10.01 };
  g_autoptr (GError) error = NULL;
  g_autoptr (SmRoute) r = NULL;
  g_autoptr (SmRoute) s = NULL;
  SmRouter *router;
  gint64 id;

  line (f, "LINESTRING (10.00 56.00, 10.02 56.00)");
  id = sm_project_insert_site (f->project, &a, 0, &error);
  g_assert_no_error (error);
  router = sm_router_for_project (f->project, &error);
  r = sm_router_route_sites (router, id, id, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (r->route_m, ==, 0);
  g_assert_cmpfloat (r->straight_m, ==, 0);
  s = route (f, 56.001, 10.01, 56.001, 10.01);
  g_assert_cmpfloat (s->route_m, ==, 0);
}

/* The truly nearest point (issue: Aalborg Portland snapped to a line
 * 118.0 m away instead of the street 117.4 m away). A diagonal line's box
 * overlaps the first 100 m search box, the street's does not; the street
 * is nearer. Metres per degree as the router counts them. */
static void
test_truly_nearest (Fixture       *f,
                    gconstpointer  data)
{
  const double lat = 57.05, lon = 9.95;
  const double klat = 110574.0, klon = 111320.0 * cos (lat * G_PI / 180);
  double street_lat = lat - 117.4 / klat;
  g_autofree char *street = NULL;
  g_autofree char *diagonal = NULL;
  g_autoptr (SmRoute) r = NULL;
  char buf[4][G_ASCII_DTOSTR_BUF_SIZE];

  street = g_strdup_printf ("LINESTRING (%s %s, %s %s)",
                            g_ascii_dtostr (buf[0], sizeof buf[0], lon - 0.02),
                            g_ascii_dtostr (buf[1], sizeof buf[1], street_lat),
                            g_ascii_dtostr (buf[2], sizeof buf[2], lon + 0.03),
                            g_ascii_dtostr (buf[3], sizeof buf[3], street_lat));
  line (f, street);
  /* x + y = 166.9 m: 118.0 m from the site */
  diagonal = g_strdup_printf ("LINESTRING (%s %s, %s %s)",
                              g_ascii_dtostr (buf[0], sizeof buf[0], lon - 50 / klon),
                              g_ascii_dtostr (buf[1], sizeof buf[1], lat + 216.9 / klat),
                              g_ascii_dtostr (buf[2], sizeof buf[2], lon + 216.9 / klon),
                              g_ascii_dtostr (buf[3], sizeof buf[3], lat - 50 / klat));
  line (f, diagonal);
  r = route (f, lat, lon, street_lat, lon + 1000 / klon);
  g_assert_cmpstr (r->method, ==, "network");
  /* The stub ends on the street, straight south of the site */
  g_assert_cmpfloat_with_epsilon (g_array_index (r->coordinates, double, 2), lon, 1e-7);
  g_assert_cmpfloat_with_epsilon (g_array_index (r->coordinates, double, 3), street_lat, 1e-7);
  g_assert_cmpfloat_with_epsilon (r->route_m, geo (lat, lon, street_lat, lon)
                                  + geo (street_lat, lon, street_lat, lon + 1000 / klon), 0.5);
}

/* Inside a transaction the graph cannot be kept: the router is used
 * again until a row changes, and is not built per call */
static void
test_not_kept (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  SmRouter *first, *again, *after;

  line (f, "LINESTRING (10.00 56.00, 10.01 56.00)");
  g_assert_true (sm_project_begin (f->project, &error));
  first = sm_router_for_project (f->project, &error);
  g_assert_no_error (error);
  g_assert_false (sm_router_graph_is_current (f->project, &error));
  again = sm_router_for_project (f->project, &error);
  g_assert_true (first == again);
  line (f, "LINESTRING (10.01 56.00, 10.02 56.00)");
  after = sm_router_for_project (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sm_router_get_n_nodes (after), ==, 3);
  g_assert_true (sm_project_commit (f->project, &error));
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
          /* The graph keeps its nodes on a 1e-7 degree grid: each end's
           * snap may move by up to 0.64 cm here */
          g_assert_cmpfloat_with_epsilon (r->route_m, expected, 0.02);
        }
    }
  g_rand_free (rand);
}

/* Searches from several threads at once on one router */
typedef struct
{
  SmRouter     *router;
  double        lat, lon;
  guint         n;
  const double *to_lat, *to_lon;
  GPtrArray    *routes;
} ThreadJob;

static gpointer
route_in_thread (gpointer data)
{
  ThreadJob *job = data;

  for (int k = 0; k < 20; k++)
    {
      g_clear_pointer (&job->routes, g_ptr_array_unref);
      job->routes = sm_router_route_many (job->router, job->lat, job->lon, job->n, job->to_lat,
                                          job->to_lon, NULL, NULL);
    }
  return NULL;
}

/* One search to many sinks gives what a search per pair gives */
static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  const guint side = 8, n = side * side;
  g_autofree double *w = g_new (double, n * n);
  double lat[64], lon[64];
  GRand *rand = g_rand_new_with_seed (11);
  g_autoptr (GError) error = NULL;
  SmRouter *router;

  for (guint i = 0; i < n * n; i++)
    w[i] = INFINITY;
  for (guint i = 0; i < n; i++)
    {
      lat[i] = -0.05 + (i / side) * 0.009 + g_rand_double_range (rand, -0.002, 0.002);
      lon[i] = -0.05 + (i % side) * 0.016 + g_rand_double_range (rand, -0.003, 0.003);
    }
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        gboolean neighbours = (j == i + 1 && j % side != 0) || j == i + side
                              || (j == i + side + 1 && i % side != side - 1);
        g_autofree char *wkt = NULL;

        if (!neighbours || g_rand_double (rand) < 0.35)
          continue;
        wkt = g_strdup_printf ("LINESTRING (%.9f %.9f, %.9f %.9f)", lon[i], lat[i], lon[j], lat[j]);
        line (f, wkt);
        w[i * n + j] = w[j * n + i] = geo (lat[i], lon[i], lat[j], lon[j]);
      }
  router = sm_router_for_project (f->project, &error);
  g_assert_no_error (error);
  for (guint a = 0; a < n; a += 7)
    {
      g_autoptr (GPtrArray) many = NULL;
      g_autoptr (GPtrArray) limited = NULL;
      SmRouteOptions options = { .max_route_m = 3000 };

      many = sm_router_route_many (router, lat[a], lon[a], n, lat, lon, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (many->len, ==, n);
      limited = sm_router_route_many (router, lat[a], lon[a], n, lat, lon, &options, &error);
      g_assert_no_error (error);
      for (guint b = 0; b < n; b++)
        {
          SmRoute *r = g_ptr_array_index (many, b), *l = g_ptr_array_index (limited, b);
          g_autoptr (SmRoute) pair = route (f, lat[a], lon[a], lat[b], lon[b]);
          double expected = a == b ? 0 : plain_dijkstra (n, w, a, b);

          g_assert_nonnull (r);
          g_assert_cmpfloat (r->route_m, ==, pair->route_m);
          g_assert_cmpstr (r->method, ==, pair->method);
          if (isinf (expected))
            g_assert_cmpstr (r->method, ==, "detour-factor");
          else
            {
              g_assert_cmpstr (r->method, ==, "network");
              /* Nodes on the 1e-7 degree grid, as in test_random */
              g_assert_cmpfloat_with_epsilon (r->route_m, expected, 0.02);
            }
          /* Beyond the limit: left out; within: the same route */
          if (!isinf (expected) && expected > 3000)
            g_assert_null (l);
          else if (!isinf (expected))
            g_assert_cmpfloat (l->route_m, ==, r->route_m);
        }
    }

  /* Four threads at once give what one gives */
  {
    ThreadJob jobs[4];
    GThread *threads[4];

    for (guint t = 0; t < 4; t++)
      {
        jobs[t] = (ThreadJob) { router, lat[t * 9], lon[t * 9], n, lat, lon, NULL };
        threads[t] = g_thread_new ("route", route_in_thread, &jobs[t]);
      }
    for (guint t = 0; t < 4; t++)
      {
        g_autoptr (GPtrArray) alone = NULL;

        g_thread_join (threads[t]);
        alone = sm_router_route_many (router, lat[t * 9], lon[t * 9], n, lat, lon, NULL, &error);
        g_assert_nonnull (jobs[t].routes);
        for (guint b = 0; b < n; b++)
          g_assert_cmpfloat (((SmRoute *) g_ptr_array_index (jobs[t].routes, b))->route_m, ==,
                             ((SmRoute *) g_ptr_array_index (alone, b))->route_m);
        g_ptr_array_unref (jobs[t].routes);
      }
  }
  g_rand_free (rand);
}

/* A route follows only the kinds it may: a truck stays on the roads */
static void
test_kinds (Fixture       *f,
            gconstpointer  data)
{
  const char * const roads[] = { SM_ROUTE_KIND_ROAD, NULL };
  const char * const corridors[] = { "Pipe corridor", NULL };
  SmRouteOptions road_only = { .kinds = roads }, corridor_only = { .kinds = corridors };
  g_autoptr (GError) error = NULL;
  g_autoptr (SmRoute) any = NULL;
  g_autoptr (SmRoute) truck = NULL;
  g_autoptr (SmRoute) pipe = NULL;
  const char * const *kinds;
  SmRouter *router;
  g_autofree char *sql = NULL;

  /* A road round three sides of a square, a corridor across the fourth */
  sql = g_strdup_printf ("INSERT INTO network_edges (kind, geom) VALUES "
                         "('Road', GeomFromText ('LINESTRING (10.00 56.00, 10.00 56.01, 10.02 56.01, 10.02 56.00)', 4326)),"
                         "('pipe_corridor', GeomFromText ('LINESTRING (10.00 56.00, 10.02 56.00)', 4326)),"
                         "(NULL, GeomFromText ('LINESTRING (10.02 56.00, 10.025 56.00)', 4326)),"
                         "('living_street', GeomFromText ('LINESTRING (10.025 56.00, 10.03 56.00)', 4326))");
  g_assert_true (sm_project_exec (f->project, sql, &error));
  router = sm_router_for_project (f->project, &error);
  g_assert_no_error (error);
  kinds = sm_router_get_kinds (router);
  g_assert_cmpuint (g_strv_length ((char **) kinds), ==, 3);
  g_assert_true (g_strv_contains (kinds, "living-street"));
  g_assert_true (g_strv_contains (kinds, "road"));
  g_assert_true (g_strv_contains (kinds, "pipe-corridor"));

  any = sm_router_route_full (router, 56.0, 10.0, 56.0, 10.03, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (any->route_m, geo (56.0, 10.0, 56.0, 10.03), 0.5);
  /* Roads only: round the square, then the line without a kind and a
   * street as OpenStreetMap calls it */
  truck = sm_router_route_full (router, 56.0, 10.0, 56.0, 10.03, &road_only, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (truck->method, ==, "network");
  g_assert_cmpfloat_with_epsilon (truck->route_m,
                                  2 * geo (56.0, 10.0, 56.01, 10.0) + geo (56.01, 10.0, 56.01, 10.02)
                                  + geo (56.0, 10.02, 56.0, 10.03), 0.5);
  /* A site beside the corridor snaps to the road when only roads carry */
  pipe = sm_router_route_full (router, 56.0001, 10.01, 56.0, 10.03, &corridor_only, &error);
  g_assert_cmpfloat_with_epsilon (pipe->route_m, geo (56.0001, 10.01, 56.0, 10.01)
                                  + geo (56.0, 10.01, 56.0, 10.03), 0.5);
  g_clear_pointer (&pipe, sm_route_free);
  pipe = sm_router_route_full (router, 56.0001, 10.01, 56.0, 10.03, &road_only, &error);
  g_assert_cmpfloat (pipe->route_m, >, 2000);
}

/* The build reports progress, stops when asked, and a damaged kept graph
 * is built again */
static void
progress_cb (double   fraction,
             gpointer data)
{
  double *last = data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_build (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GCancellable) stop = g_cancellable_new ();
  g_autoptr (SmRouter) again = NULL;
  double last = 0;

  line (f, "LINESTRING (10.00 56.00, 10.01 56.00, 10.02 56.00)");
  g_cancellable_cancel (stop);
  g_assert_false (sm_router_build_graph (f->project, progress_cb, &last, stop, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (sm_router_graph_is_current (f->project, &error));
  g_assert_true (sm_router_build_graph (f->project, progress_cb, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_true (sm_router_graph_is_current (f->project, &error));

  g_assert_true (sm_project_exec (f->project, "UPDATE route_graph SET data = zeroblob (100)", &error));
  again = sm_router_new (f->project, SM_ROUTE_SNAP_M, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sm_router_get_n_nodes (again), ==, 3);
  g_assert_true (sm_project_exec (f->project, "UPDATE route_graph SET data = substr (data, 1, 200) || zeroblob (length (data) - 200)", &error));
  g_clear_pointer (&again, sm_router_free);
  again = sm_router_new (f->project, SM_ROUTE_SNAP_M, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sm_router_get_n_nodes (again), ==, 3);
  /* A forged count of kinds in the header */
  g_assert_true (sm_project_exec (f->project, "UPDATE route_graph SET data = substr (data, 1, 20) "
                                              "|| x'ffffffff' || substr (data, 25)", &error));
  g_clear_pointer (&again, sm_router_free);
  again = sm_router_new (f->project, SM_ROUTE_SNAP_M, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sm_router_get_n_nodes (again), ==, 3);
  /* A cell size of NaN (the header's last double) */
  g_assert_true (sm_project_exec (f->project, "UPDATE route_graph SET data = substr (data, 1, 56) "
                                              "|| x'000000000000f87f' || substr (data, 65)", &error));
  g_clear_pointer (&again, sm_router_free);
  again = sm_router_new (f->project, SM_ROUTE_SNAP_M, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sm_router_get_n_nodes (again), ==, 3);
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

/* The kept graph's magic, and its id */
static gint64
kept_graph (Fixture *f,
            char     magic[9])
{
  g_autoptr (GError) error = NULL;
  SmStmt *stmt = sm_project_prepare (f->project, "SELECT graph_id, substr (data, 1, 8) "
                                                       "FROM route_graph", &error);
  gint64 id = 0;

  g_assert_no_error (error);
  memset (magic, 0, 9);
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    {
      id = sm_stmt_column_int64 (stmt, 0);
      memcpy (magic, sm_stmt_column_blob (stmt, 1), MIN (8, sm_stmt_column_bytes (stmt, 1)));
    }
  sm_stmt_reset (stmt);
  return id;
}

/* A graph kept by an older version is built again, not misread: a BLOB
 * in version 1's layout (coordinates as doubles, a kind per arc), and
 * the current layout under version 1's magic */
static void
test_old_format (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmRouter) router = NULL;
  g_autoptr (SmRoute) r = NULL;
  g_autoptr (GByteArray) v1 = g_byte_array_new ();
  /* Version 1: a 64-byte header, then each array padded to 8 bytes */
  const guint32 counts[8] = { 0x01020304u, 2, 2, 0, 1, 1, 0, 0 }; /* byte order, nodes, arcs, kinds, cells, cell arcs, kind bytes, reserved */
  const double header_d[3] = { SM_ROUTE_SNAP_M, 56.0, 100.0 };
  /* Deliberately wrong: one short segment at the equator */
  const double lat[2] = { 0, 0 }, lon[2] = { 0, 0.001 };
  const guint32 offsets[4] = { 0, 1, 2, 0 }, targets[2] = { 1, 0 };
  const float lengths[2] = { 1, 1 };
  const guint8 kinds[8] = { 0 };
  const guint64 cell_keys[1] = { 0 };
  const guint32 cell_offsets[2] = { 0, 1 }, cell_arcs[2] = { 0, 0 };
  const double expected = geo (56.0, 10.0, 56.0, 10.02);
  SmStmt *stmt;
  char magic[9];
  gint64 id, old_id;

  line (f, "LINESTRING (10.00 56.00, 10.01 56.00, 10.02 56.00)");
  g_assert_true (sm_router_build_graph (f->project, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  old_id = kept_graph (f, magic);
  g_assert_cmpstr (magic, ==, "SmRGraf2");

  g_byte_array_append (v1, (const guint8 *) "SmRGraf1", 8);
  g_byte_array_append (v1, (const guint8 *) counts, sizeof counts);
  g_byte_array_append (v1, (const guint8 *) header_d, sizeof header_d);
  g_byte_array_append (v1, (const guint8 *) lat, sizeof lat);
  g_byte_array_append (v1, (const guint8 *) lon, sizeof lon);
  g_byte_array_append (v1, (const guint8 *) offsets, sizeof offsets);
  g_byte_array_append (v1, (const guint8 *) targets, sizeof targets);
  g_byte_array_append (v1, (const guint8 *) lengths, sizeof lengths);
  g_byte_array_append (v1, kinds, sizeof kinds);
  g_byte_array_append (v1, (const guint8 *) cell_keys, sizeof cell_keys);
  g_byte_array_append (v1, (const guint8 *) cell_offsets, sizeof cell_offsets);
  g_byte_array_append (v1, (const guint8 *) cell_arcs, sizeof cell_arcs);
  g_assert_cmpuint (v1->len, ==, 64 + 16 + 16 + 16 + 8 + 8 + 8 + 8 + 8 + 8);
  stmt = sm_project_prepare (f->project, "UPDATE route_graph SET data = ?", &error);
  g_assert_no_error (error);
  sm_stmt_bind_blob (stmt, 1, v1->data, v1->len);
  g_assert_cmpint (sm_stmt_step (stmt, NULL), ==, SM_STMT_DONE);
  sm_stmt_reset (stmt);
  sm_stmt_clear_bindings (stmt);

  router = sm_router_new (f->project, SM_ROUTE_SNAP_M, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sm_router_get_n_nodes (router), ==, 3);
  r = sm_router_route (router, 56.0, 10.0, 56.0, 10.02, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (r->method, ==, "network");
  g_assert_cmpfloat_with_epsilon (r->route_m, expected, 0.02);
  id = kept_graph (f, magic);
  g_assert_cmpstr (magic, ==, "SmRGraf2");
  g_assert_cmpint (id, >, old_id);

  /* Today's layout under the old version's magic: the version alone
   * decides */
  g_assert_true (sm_project_exec (f->project, "UPDATE route_graph SET data = "
                                              "CAST ('SmRGraf1' AS BLOB) || substr (data, 9)", &error));
  g_assert_no_error (error);
  old_id = kept_graph (f, magic);
  g_assert_cmpstr (magic, ==, "SmRGraf1");
  g_clear_pointer (&router, sm_router_free);
  router = sm_router_new (f->project, SM_ROUTE_SNAP_M, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sm_router_get_n_nodes (router), ==, 3);
  id = kept_graph (f, magic);
  g_assert_cmpstr (magic, ==, "SmRGraf2");
  g_assert_cmpint (id, >, old_id);
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
  ADD ("/route/west-of-greenwich", test_west);
  ADD ("/route/off-globe", test_off_globe);
  ADD ("/route/self", test_self);
  ADD ("/route/truly-nearest", test_truly_nearest);
  ADD ("/route/many-vs-dijkstra", test_many);
  ADD ("/route/kinds", test_kinds);
  ADD ("/route/build", test_build);
  ADD ("/route/not-kept", test_not_kept);
  ADD ("/route/old-format", test_old_format);
#undef ADD
  return g_test_run ();
}
