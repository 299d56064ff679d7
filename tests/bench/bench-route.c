/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One pipe route on a generated grid network of about a million edges,
 * median of 20 random pairs, against SpatiaLite's VirtualRouting
 * (Dijkstra) on the same graph in the same run.
 *
 *   bench-route [SIDE]   (default 708: 708 × 708 junctions, 1 001 112 edges)
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sm-route.h"
#include "sm-synergy.h"
#include "sm-test-util.h"

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

int
main (int    argc,
      char **argv)
{
  int side = argc > 1 ? atoi (argv[1]) : 708;
  const double step = 0.001;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "net.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  g_autoptr (GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) theirs = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3 *db = sm_project_get_db (project);
  g_autoptr (GArray) lengths = g_array_new (FALSE, FALSE, sizeof (double));
  GString *script;
  sqlite3_stmt *edge, *node;
  SmRouter *router;
  double t0, build_s, create_s;
  int n_edges = 0, disagree = 0;

  setlocale (LC_ALL, "C");
  g_assert_no_error (error);
  g_random_set_seed (3);

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
          double lon = 9.5 + j * step, lat = 56.5 + i * step;
          double lon2 = d ? lon + step : lon, lat2 = d ? lat : lat + step;

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
  sm_project_commit (project, &error);
  g_assert_no_error (error);

  t0 = now ();
  router = sm_router_for_project (project, &error);
  g_assert_no_error (error);
  build_s = now () - t0;

  /* SpatiaLite's VirtualRouting over the same arcs */
  t0 = now ();
  if (!sm_project_exec (project,
                        /* CreateRouting needs a rowid table */
                        "CREATE TABLE bench_arcs AS SELECT from_node, to_node, length_m FROM route_arcs;"
                        "SELECT CreateRouting ('bench_routing_data', 'bench_routing', 'bench_arcs', "
                        "'from_node', 'to_node', NULL, 'length_m', NULL, 0, 1)",
                        &error))
    g_error ("CreateRouting: %s", error->message);
  create_s = now () - t0;
  /* VirtualRouting answers through the sqlite3 shell with mod_spatialite
   * loaded; from a connection set up with spatialite_init_ex() its queries
   * return no rows (SpatiaLite 5.0.1). The shell's own timer measures
   * each query, so starting the shell does not count. */
  sm_project_exec (project, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
  script = g_string_new (".load mod_spatialite\n.timer on\n");
  sqlite3_prepare_v2 (db, "SELECT lat, lon FROM route_nodes WHERE node_id = ?", -1, &node, NULL);
  for (int k = 0; k < 20; k++)
    {
      gint64 a = g_random_int_range (0, sm_router_get_n_nodes (router));
      gint64 b = g_random_int_range (0, sm_router_get_n_nodes (router));
      double lat[2], lon[2];
      g_autoptr (SmRoute) route = NULL;

      for (int e = 0; e < 2; e++)
        {
          sqlite3_bind_int64 (node, 1, e ? b : a);
          sqlite3_step (node);
          lat[e] = sqlite3_column_double (node, 0);
          lon[e] = sqlite3_column_double (node, 1);
          sqlite3_reset (node);
        }
      t0 = now ();
      route = sm_router_route (router, lat[0], lon[0], lat[1], lon[1], &error);
      g_assert_no_error (error);
      g_array_append_val (ours, ((double) { now () - t0 }));

      g_string_append_printf (script, "SELECT Cost FROM bench_routing WHERE NodeFrom = %"
                              G_GINT64_FORMAT " AND NodeTo = %" G_GINT64_FORMAT ";\n", a, b);
      g_array_append_val (lengths, route->route_m);
    }

  {
    g_autofree char *script_path = g_build_filename (dir, "vr.sql", NULL);
    g_autofree char *out = NULL;
    g_auto (GStrv) lines = NULL;
    g_autofree char *command = NULL;
    gboolean seen_cost = FALSE;
    guint k = 0;

    g_file_set_contents (script_path, script->str, -1, NULL);
    command = g_strdup_printf ("sh -c 'sqlite3 \"%s\" < \"%s\"'", path, script_path);
    if (!g_spawn_command_line_sync (command, &out, NULL, NULL, &error))
      g_error ("sqlite3: %s", error->message);
    if (g_getenv ("BENCH_DEBUG"))
      printf ("%s", out);
    /* Per query: its rows, the first being the whole route's cost, then
     * the shell's timer line */
    lines = g_strsplit (out, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        if (g_str_has_prefix (lines[i], "Run Time: real "))
          {
            double t = g_ascii_strtod (lines[i] + strlen ("Run Time: real "), NULL);
            if (seen_cost)
              g_array_append_val (theirs, t);
            seen_cost = FALSE;
          }
        else if (*lines[i] != '\0' && !seen_cost && k < lengths->len)
          {
            double cost = g_ascii_strtod (lines[i], NULL);
            if (fabs (cost - g_array_index (lengths, double, k)) > 0.01 * MAX (cost, 1))
              disagree++;
            k++;
            seen_cost = TRUE;
          }
      }
    if (k < lengths->len)
      disagree += lengths->len - k;
  }

  printf ("network:                      %d edges, %u junctions\n", n_edges,
          sm_router_get_n_nodes (router));
  printf ("graph built and kept:         %.2f s (once per network change)\n", build_s);
  printf ("VirtualRouting CreateRouting: %.2f s\n", create_s);
  printf ("one route, median of 20:      %.1f ms (goal < 200 ms)\n", median (ours) * 1000);
  printf ("VirtualRouting, same pairs:   %.1f ms\n", median (theirs) * 1000);
  printf ("ratio ours / VirtualRouting:  %.2f; %d of 20 route lengths differ by more than 1 %%\n",
          median (ours) / median (theirs), disagree);
  sqlite3_finalize (node);
  g_string_free (script, TRUE);
  g_clear_object (&project);
  if (g_getenv ("BENCH_KEEP") == NULL)
    sm_test_rm_rf (dir);
  else
    printf ("kept %s\n", path);
  return median (ours) < 0.2 ? 0 : 1;
}
