/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Routing on a generated street grid, against SpatiaLite's routing on the
 * same lines in the same run (SpatiaLite 5.0.1, Debian 12:
 * CreateRoutingNodes() + CreateRouting() with geodesic lengths from the
 * geometry, queried through VirtualRouting):
 *
 * - building the graph: ours (noding with the 1 m tolerance, kept in the
 *   project) against CreateRoutingNodes + CreateRouting;
 * - one `symbiomap-cli route` from a cold start against `sites` on the
 *   same project;
 * - one source to 60 sinks within 10 km by one search, against one route;
 * - route lengths against VirtualRouting's on 20 node-to-node pairs.
 *
 * pgRouting is not compared: Debian 12's postgresql-15-pgrouting needs a
 * running PostgreSQL server, which this benchmark does not start.
 *
 *   bench-route [SIDE]   (default 708: 708 × 708 junctions, 1 001 112 edges)
 *
 * With BENCH_COLD_ONLY set in the environment only our build and the
 * cold `route` against `sites` run (SpatiaLite's build alone takes
 * minutes at a million edges); BENCH_KEEP keeps the project.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sm-geodesic.h"
#include "sm-route.h"
#include "sm-test-util.h"

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* CPU time of this thread: what a search costs on a machine others load */
static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The wall-clock time of one CLI run, process start included */
static double
run_cli (const char  *cli,
         const char **args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int status;
  double t0;

  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  t0 = now ();
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                     NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    g_error ("%s %s: %s", cli, args[0], error->message);
  return now () - t0;
}

int
main (int    argc,
      char **argv)
{
  int side = argc > 1 ? atoi (argv[1]) : 708;
  const double step = 0.001, lat0 = 56.5, lon0 = 9.5;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "net.sqlite", NULL);
  g_autofree char *cli = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  g_autoptr (GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) theirs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) lengths = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) cold = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) sites_t = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) many_t = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) one_t = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) pairs_t = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) dijkstra_t = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) many_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = sm_project_get_db (project);
  GString *script;
  sqlite3_stmt *edge, *node;
  SmRouter *router;
  double t0, build_s, create_s, load_s;
  gint64 site_ids[100];
  int n_edges = 0, disagree = 0;
  double worst = 0;

  setlocale (LC_ALL, "C");
  g_assert_no_error (error);
  g_random_set_seed (3);
  cli = g_strdup (g_getenv ("SYMBIOMAP_CLI"));
  if (cli == NULL)
    {
      g_autofree char *here = g_path_get_dirname (argv[0]);
      cli = g_build_filename (here, "..", "..", "app", "symbiomap-cli", NULL);
    }

  sm_project_begin (project, &error);
  sm_project_suspend_spatial_index (project, "network_edges", &error);
  g_assert_no_error (error);
  sqlite3_prepare_v2 (db, "INSERT INTO network_edges (geom, length_m) VALUES "
                          "(MakeLine (MakePoint (?1, ?2, 4326), MakePoint (?3, ?4, 4326)), ?5)",
                      -1, &edge, NULL);
  for (int i = 0; i < side; i++)
    for (int j = 0; j < side; j++)
      for (int d = 0; d < 2; d++)
        {
          double lon = lon0 + j * step, lat = lat0 + i * step;
          /* Computed as the next junction is, so that SpatiaLite's exact
           * noding joins them too */
          double lon2 = d ? lon0 + (j + 1) * step : lon, lat2 = d ? lat : lat0 + (i + 1) * step;

          if ((d && j == side - 1) || (!d && i == side - 1))
            continue;
          sqlite3_bind_double (edge, 1, lon);
          sqlite3_bind_double (edge, 2, lat);
          sqlite3_bind_double (edge, 3, lon2);
          sqlite3_bind_double (edge, 4, lat2);
          sqlite3_bind_double (edge, 5, sm_geodesic_distance (lat, lon, lat2, lon2));
          sqlite3_step (edge);
          sqlite3_reset (edge);
          n_edges++;
        }
  sqlite3_finalize (edge);
  sm_project_rebuild_spatial_index (project, "network_edges", &error);
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *name = g_strdup_printf ("Site %d", i);
      SmSite s = { .name = name, .lat = lat0 + g_random_double () * (side - 1) * step,
                   .lon = lon0 + g_random_double () * (side - 1) * step };

      site_ids[i] = sm_project_insert_site (project, &s, 0, &error);
    }
  /* SpatiaLite's copy of the lines, for its own nodes (not timed) */
  if (!sm_project_exec (project,
                        "CREATE TABLE bench_lines (line_id INTEGER PRIMARY KEY);"
                        "SELECT AddGeometryColumn ('bench_lines', 'geom', 4326, 'LINESTRING', 'XY');"
                        "INSERT INTO bench_lines (line_id, geom) SELECT edge_id, geom FROM network_edges",
                        &error))
    g_error ("%s", error->message);
  sm_project_commit (project, &error);
  g_assert_no_error (error);

  /* Building */
  t0 = now ();
  if (!sm_router_build_graph (project, NULL, NULL, NULL, &error))
    g_error ("build: %s", error->message);
  build_s = now () - t0;
  if (g_getenv ("BENCH_COLD_ONLY") != NULL)
    {
      sm_project_exec (project, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
      for (int k = 0; k < 7; k++)
        {
          g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, site_ids[g_random_int_range (0, 100)]);
          g_autofree char *b = g_strdup_printf ("%" G_GINT64_FORMAT, site_ids[g_random_int_range (0, 100)]);
          const char *route_args[] = { "route", path, "--from-site", a, "--to-site", b, NULL };
          const char *sites_args[] = { "sites", path, NULL };

          g_array_append_val (cold, ((double) { run_cli (cli, route_args) }));
          g_array_append_val (sites_t, ((double) { run_cli (cli, sites_args) }));
        }
      printf ("network:                       %d edges\n", n_edges);
      printf ("build, ours (kept in project): %.2f s\n", build_s);
      printf ("cold `route`, median of 7:     %.0f ms\n", sm_test_median ((double *) cold->data, cold->len) * 1000);
      printf ("`sites` on the same project:   %.0f ms\n", sm_test_median ((double *) sites_t->data, sites_t->len) * 1000);
      printf ("  ratio route / sites:         %.2f (goal <= 2)\n", sm_test_median ((double *) cold->data, cold->len) / sm_test_median ((double *) sites_t->data, sites_t->len));
      g_clear_object (&project);
      if (g_getenv ("BENCH_KEEP") == NULL)
        sm_test_rm_rf (dir);
      else
        printf ("kept %s\n", path);
      return 0;
    }
  t0 = now ();
  if (!sm_project_exec (project,
                        "SELECT CreateRoutingNodes (NULL, 'bench_lines', 'geom', 'node_from', 'node_to');"
                        "SELECT CreateRouting ('bench_routing_data', 'bench_routing', 'bench_lines', "
                        "'node_from', 'node_to', 'geom', NULL, NULL, 1, 1)",
                        &error))
    g_error ("CreateRouting: %s", error->message);
  create_s = now () - t0;
  sm_project_exec (project, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);

  /* A cold route against sites, each a new process */
  for (int k = 0; k < 7; k++)
    {
      g_autofree char *a = g_strdup_printf ("%" G_GINT64_FORMAT, site_ids[g_random_int_range (0, 100)]);
      g_autofree char *b = g_strdup_printf ("%" G_GINT64_FORMAT, site_ids[g_random_int_range (0, 100)]);
      const char *route_args[] = { "route", path, "--from-site", a, "--to-site", b, NULL };
      const char *sites_args[] = { "sites", path, NULL };

      g_array_append_val (cold, ((double) { run_cli (cli, route_args) }));
      g_array_append_val (sites_t, ((double) { run_cli (cli, sites_args) }));
    }

  t0 = now ();
  router = sm_router_for_project (project, &error);
  g_assert_no_error (error);
  load_s = now () - t0;

  /* Node-to-node pairs against VirtualRouting. VirtualRouting answers
   * through the sqlite3 shell with mod_spatialite loaded; from a
   * connection set up with spatialite_init_ex() its queries return no
   * rows (SpatiaLite 5.0.1). The shell's own timer measures each query,
   * so starting the shell does not count. */
  script = g_string_new (".load mod_spatialite\n.timer on\n");
  sqlite3_prepare_v2 (db, "SELECT node_from, Y (StartPoint (geom)), X (StartPoint (geom)) "
                          "FROM bench_lines WHERE line_id = ?", -1, &node, NULL);
  for (int k = 0; k < 20; k++)
    {
      double lat[2], lon[2];
      gint64 id[2];
      g_autoptr (SmRoute) route = NULL;

      for (int e = 0; e < 2; e++)
        {
          sqlite3_bind_int64 (node, 1, g_random_int_range (1, n_edges + 1));
          sqlite3_step (node);
          id[e] = sqlite3_column_int64 (node, 0);
          lat[e] = sqlite3_column_double (node, 1);
          lon[e] = sqlite3_column_double (node, 2);
          sqlite3_reset (node);
        }
      t0 = now ();
      route = sm_router_route (router, lat[0], lon[0], lat[1], lon[1], &error);
      g_assert_no_error (error);
      g_array_append_val (ours, ((double) { now () - t0 }));
      g_string_append_printf (script, "SELECT 'pair=%d', Cost FROM bench_routing WHERE NodeFrom = %"
                              G_GINT64_FORMAT " AND NodeTo = %" G_GINT64_FORMAT ";\n",
                              k, id[0], id[1]);
      g_array_append_val (lengths, route->route_m);
    }
  {
    g_autofree char *script_path = g_build_filename (dir, "vr.sql", NULL);
    g_autofree char *out = NULL;
    g_auto (GStrv) lines = NULL;
    g_autofree char *command = NULL;
    gboolean seen_cost = FALSE;
    guint last = G_MAXUINT;
    guint k = 0;

    g_file_set_contents (script_path, script->str, -1, NULL);
    command = g_strdup_printf ("sh -c 'sqlite3 \"%s\" < \"%s\"'", path, script_path);
    if (!g_spawn_command_line_sync (command, &out, NULL, NULL, &error))
      g_error ("sqlite3: %s", error->message);
    if (g_getenv ("BENCH_DEBUG"))
      printf ("%s", out);
    /* Per query: "pair=K|cost" then the shell's timer line */
    lines = g_strsplit (out, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (g_str_has_prefix (lines[i], "Run Time: real ") && seen_cost)
          {
            double t = g_ascii_strtod (lines[i] + strlen ("Run Time: real "), NULL);

            g_array_append_val (theirs, t);
            seen_cost = FALSE;
          }
        else if (g_str_has_prefix (lines[i], "pair="))
          {
            char *bar = strchr (lines[i], '|');
            guint pair = atoi (lines[i] + 5);
            double cost = bar ? g_ascii_strtod (bar + 1, NULL) : 0, mine, off;

            if (pair >= lengths->len || (seen_cost && pair == last))
              continue; /* the route's links after its first row */
            last = pair;
            mine = g_array_index (lengths, double, pair);
            off = fabs (cost - mine) / MAX (cost, 1);
            worst = MAX (worst, off);
            if (g_getenv ("BENCH_DEBUG"))
              printf ("pair %u: VirtualRouting %.3f m, ours %.3f m\n", pair, cost, mine);
            if (off > 0.001)
              disagree++;
            k++;
            seen_cost = TRUE;
          }
      }
    if (k < lengths->len)
      disagree += lengths->len - k;
  }

  /* One source to 60 sinks within 10 km, against one route to one of them */
  for (int k = 0; k < 20; k++)
    {
      double span = (side - 1) * step, r_deg = MIN (0.09, span / 2);
      double slat = lat0 + span / 2 + g_random_double_range (-span / 4, span / 4);
      double slon = lon0 + span / 2 + g_random_double_range (-span / 4, span / 4);
      double tlat[60], tlon[60], c0;
      SmRouteOptions options = { .max_route_m = 10000 * SM_ROUTE_DETOUR_FACTOR };
      g_autoptr (GPtrArray) many = NULL;
      g_autoptr (SmRoute) one = NULL;

      for (int i = 0; i < 60; i++)
        {
          do
            {
              tlat[i] = slat + g_random_double_range (-r_deg, r_deg);
              tlon[i] = slon + g_random_double_range (-r_deg, r_deg) * 1.8;
            }
          while (sm_geodesic_distance (slat, slon, tlat[i], tlon[i]) > MIN (10000, r_deg * 111000));
        }
      t0 = now ();
      c0 = cpu_now ();
      many = sm_router_route_many (router, slat, slon, 60, tlat, tlon, &options, &error);
      g_assert_no_error (error);
      g_array_append_val (many_t, ((double) { now () - t0 }));
      g_array_append_val (many_cpu, ((double) { cpu_now () - c0 }));
      t0 = now ();
      one = sm_router_route (router, slat, slon, tlat[k % 60], tlon[k % 60], &error);
      g_assert_no_error (error);
      g_array_append_val (one_t, ((double) { now () - t0 }));
      {
        /* One route by Dijkstra, as before A*: the same sink twice makes
         * route_many search without the bound */
        double two_lat[2] = { tlat[k % 60], tlat[k % 60] }, two_lon[2] = { tlon[k % 60], tlon[k % 60] };
        g_autoptr (GPtrArray) two = NULL;

        t0 = now ();
        two = sm_router_route_many (router, slat, slon, 2, two_lat, two_lon, NULL, &error);
        g_assert_no_error (error);
        g_array_append_val (dijkstra_t, ((double) { now () - t0 }));
      }
      if (k < 5)
        {
          /* As a match list routed before: a search per sink */
          t0 = now ();
          for (int i = 0; i < 60; i++)
            {
              g_autoptr (SmRoute) each = sm_router_route (router, slat, slon, tlat[i], tlon[i], &error);
              g_assert_no_error (error);
            }
          g_array_append_val (pairs_t, ((double) { now () - t0 }));
        }
    }

  printf ("network:                       %d edges, %u junctions\n", n_edges,
          sm_router_get_n_nodes (router));
  printf ("build, ours (kept in project): %.2f s\n", build_s);
  printf ("CreateRoutingNodes+Routing:    %.2f s\n", create_s);
  printf ("  ratio ours / SpatiaLite:     %.2f (goal <= 0.5)\n", build_s / create_s);
  printf ("cold `route`, median of 7:     %.0f ms\n", sm_test_median ((double *) cold->data, cold->len) * 1000);
  printf ("`sites` on the same project:   %.0f ms\n", sm_test_median ((double *) sites_t->data, sites_t->len) * 1000);
  printf ("  ratio route / sites:         %.2f (goal <= 2)\n", sm_test_median ((double *) cold->data, cold->len) / sm_test_median ((double *) sites_t->data, sites_t->len));
  printf ("graph loaded in-process:       %.0f ms\n", load_s * 1000);
  printf ("one route, median of 20:       %.2f ms\n", sm_test_median ((double *) ours->data, ours->len) * 1000);
  printf ("VirtualRouting, same pairs:    %.2f ms\n", sm_test_median ((double *) theirs->data, theirs->len) * 1000);
  printf ("  ratio ours / VirtualRouting: %.2f\n", sm_test_median ((double *) ours->data, ours->len) / sm_test_median ((double *) theirs->data, theirs->len));
  printf ("  lengths: %d of 20 differ by more than 0.1 %% (largest %.4f %%)\n", disagree, worst * 100);
  printf ("60 sinks within 10 km, one search: %.2f ms; one route there by A* %.2f ms\n",
          sm_test_median ((double *) many_t->data, many_t->len) * 1000, sm_test_median ((double *) one_t->data, one_t->len) * 1000);
  printf ("  ratio 60 sinks / one route by A*: %.2f (goal <= 3)\n", sm_test_median ((double *) many_t->data, many_t->len) / sm_test_median ((double *) one_t->data, one_t->len));
  printf ("  ratio 60 sinks / one route by Dijkstra: %.2f (%.2f ms)\n",
          sm_test_median ((double *) many_t->data, many_t->len) / sm_test_median ((double *) dijkstra_t->data, dijkstra_t->len), sm_test_median ((double *) dijkstra_t->data, dijkstra_t->len) * 1000);
  printf ("  ratio 60 sinks / 60 searches: %.2f (%.2f ms by A* per sink)\n",
          sm_test_median ((double *) many_t->data, many_t->len) / sm_test_median ((double *) pairs_t->data, pairs_t->len), sm_test_median ((double *) pairs_t->data, pairs_t->len) * 1000);
  printf ("  10 000 sources × 60 sinks:   %.1f s of routing (%.1f s of CPU, one thread)\n",
          sm_test_median ((double *) many_t->data, many_t->len) * 10000, sm_test_median ((double *) many_cpu->data, many_cpu->len) * 10000);
  sqlite3_finalize (node);
  g_string_free (script, TRUE);
  g_clear_object (&project);
  if (g_getenv ("BENCH_KEEP") == NULL)
    sm_test_rm_rf (dir);
  else
    printf ("kept %s\n", path);
  return disagree == 0 ? 0 : 1;
}
