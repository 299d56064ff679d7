/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Matching speed. One supply's matches within 10 km among many sites and
 * flows (median of 100 random supplies), with the economics of
 * docs/SYNERGY.md (straight line), against a full scan of the flows
 * table that computes the same matches, in the same run, and the share
 * the economics take of it; then all synergies of every supply in a
 * smaller project, and its portfolio.
 *
 *   bench-synergy [SITES FLOWS [ALL_SITES ALL_SUPPLIES]]
 *   (default 1000000 2000000 100000 10000)
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>

#include "sm-portfolio.h"
#include "sm-synergy.h"
#include "sm-test-util.h"

static const SmResource resources[] = {
  SM_RESOURCE_HEAT, SM_RESOURCE_HEAT, SM_RESOURCE_WATER, SM_RESOURCE_CO2, SM_RESOURCE_MATERIAL,
  SM_RESOURCE_STEAM, SM_RESOURCE_COOLING,
};
static const char *codes[] = { "020106", "030105", "170504", "100101" };
static const char *prefixes[] = { "02", "0301", "17", "1001", "020106" };

/* Sites spread over the Nordic countries and northern Germany */
static SmProject *
generate (const char *path,
          int         n_sites,
          int         n_flows,
          int         n_supplies)
{
  g_autoptr (GError) error = NULL;
  SmProject *project = sm_project_create (path, &error);
  sqlite3_stmt *site, *flow;

  g_assert_no_error (error);
  sm_project_begin (project, &error);
  sm_project_suspend_spatial_index (project, "sites", &error);
  g_assert_no_error (error);
  sqlite3_prepare_v2 (sm_project_get_db (project),
                      "INSERT INTO sites (name, geom) VALUES (?, MakePoint (?, ?, 4326))", -1, &site, NULL);
  sqlite3_prepare_v2 (sm_project_get_db (project),
                      "INSERT INTO flows (site_id, direction, resource, ewc_code, amount, unit, temperature_c) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?)", -1, &flow, NULL);
  for (int i = 0; i < n_sites; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "Company %d", i);
      sqlite3_bind_text (site, 1, name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (site, 2, 5 + g_random_double () * 26);
      sqlite3_bind_double (site, 3, 54 + g_random_double () * 15);
      sqlite3_step (site);
      sqlite3_reset (site);
    }
  for (int i = 0; i < n_flows; i++)
    {
      SmResource r = resources[g_random_int_range (0, G_N_ELEMENTS (resources))];
      gboolean supply = i < n_supplies || (n_supplies == 0 && g_random_boolean ());

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
      sqlite3_step (flow);
      sqlite3_reset (flow);
    }
  sqlite3_finalize (site);
  sqlite3_finalize (flow);
  sm_project_rebuild_spatial_index (project, "sites", &error);
  sm_project_commit (project, &error);
  g_assert_no_error (error);
  return project;
}

/* The same matches without the spatial index: every flow of the other
 * direction, its distance computed; the baseline. */
static guint
full_scan (SmProject            *project,
           const SmFlow         *source,
           const SmMatchOptions *options)
{
  sqlite3_stmt *stmt;
  guint n = 0;

  sqlite3_prepare_v2 (sm_project_get_db (project),
                      "SELECT f.resource, ST_Y (s.geom), ST_X (s.geom), f.temperature_c, f.ewc_code "
                      "FROM flows f JOIN sites s USING (site_id) WHERE f.direction = 'demand'",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      SmResource r = sm_resource_from_key ((const char *) sqlite3_column_text (stmt, 0));
      double d;

      if (!sm_resources_compatible (source->resource, r))
        continue;
      d = sm_geodesic_distance (source->lat, source->lon, sqlite3_column_double (stmt, 1),
                                sqlite3_column_double (stmt, 2));
      if (d <= options->radius_km * 1000)
        n++;
    }
  sqlite3_finalize (stmt);
  return n;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  int n_sites = argc > 2 ? atoi (argv[1]) : 1000000;
  int n_flows = argc > 2 ? atoi (argv[2]) : 2000000;
  int all_sites = argc > 4 ? atoi (argv[3]) : 100000;
  int all_supplies = argc > 4 ? atoi (argv[4]) : 10000;
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *big_path = g_build_filename (dir, "big.sqlite", NULL);
  g_autofree char *small_path = g_build_filename (dir, "small.sqlite", NULL);
  g_autoptr (SmProject) big = NULL;
  g_autoptr (SmProject) small = NULL;
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GError) error = NULL;
  SmMatchOptions options;
  double scan_s = 0, median, t0, all_s, econ_s = 0, portfolio_s;
  int scans = 0;
  guint econ_n = 0;
  SmEconParams params;

  setlocale (LC_ALL, "C");
  g_random_set_seed (11);
  big = generate (big_path, n_sites, n_flows, 0);
  sm_match_options_init (&options);
  options.radius_km = 10;
  options.use_network = FALSE;
  sm_econ_params_load (big, &params);

  for (int i = 0; i < 100; i++)
    {
      g_autoptr (SmFlow) flow = NULL;
      g_autoptr (GPtrArray) matches = NULL;
      gint64 id;

      do
        {
          g_clear_pointer (&flow, sm_flow_free);
          id = g_random_int_range (1, n_flows + 1);
          flow = sm_project_get_flow (big, id, NULL);
        }
      while (flow == NULL || flow->direction != SM_DIRECTION_SUPPLY);

      t0 = g_get_monotonic_time () / 1e6;
      matches = sm_synergy_find (big, id, &options, &error);
      g_assert_no_error (error);
      g_array_append_val (times, ((double) { g_get_monotonic_time () / 1e6 - t0 }));
      /* The economics alone, again, for the same matches */
      t0 = g_get_monotonic_time () / 1e6;
      for (guint k = 0; k < matches->len; k++)
        {
          SmSynergy *m = g_ptr_array_index (matches, k);
          SmEconomics e;

          sm_economics_compute (&params, &m->pair, &e);
          econ_n += e.viable;
        }
      econ_s += g_get_monotonic_time () / 1e6 - t0;
      if (i < 3)
        {
          /* The scan is slow: three of them are enough for its figure */
          t0 = g_get_monotonic_time () / 1e6;
          full_scan (big, flow, &options);
          scan_s += g_get_monotonic_time () / 1e6 - t0;
          scans++;
        }
    }
  g_array_sort (times, compare_doubles);
  median = (g_array_index (times, double, 49) + g_array_index (times, double, 50)) / 2;

  small = generate (small_path, all_sites, all_supplies * 2, all_supplies);
  t0 = g_get_monotonic_time () / 1e6;
  {
    g_autoptr (GPtrArray) all = sm_synergy_find_all (small, &options, NULL, NULL, NULL, &error);
    g_autoptr (SmPortfolio) portfolio = NULL;
    guint n_all;

    g_assert_no_error (error);
    all_s = g_get_monotonic_time () / 1e6 - t0;
    n_all = all->len;
    t0 = g_get_monotonic_time () / 1e6;
    portfolio = sm_portfolio_allocate (small, all, &error);
    g_assert_no_error (error);
    portfolio_s = all_s + g_get_monotonic_time () / 1e6 - t0;
    printf ("sites / flows:                 %d / %d\n", n_sites, n_flows);
    printf ("one supply, 10 km, median:     %.3f ms (goal < 5 ms)\n", median * 1000);
    printf ("full scan of the flows:        %.1f ms\n", scan_s / scans * 1000);
    printf ("ratio scan / indexed:          %.0f (goal >= 100)\n", scan_s / scans / median);
    printf ("economics alone, per search:   %.4f ms (%.1f %% of the median; %u viable pairs)\n",
            econ_s / 100 * 1000, econ_s / 100 / median * 100, econ_n);
    printf ("all synergies, %d supplies among %d sites: %.2f s, %u matches (goal < 10 s)\n",
            all_supplies, all_sites, all_s, n_all);
    printf ("portfolio of them:             %.2f s, %u allocated (goal < 30 s; %.2f × the search)\n",
            portfolio_s, portfolio->allocations->len, portfolio_s / all_s);
  }
  sm_test_rm_rf (dir);
  return median < 0.005 && scan_s / scans / median >= 100 && all_s < 10 && portfolio_s < 30 ? 0 : 1;
}
