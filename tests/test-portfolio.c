/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The economics and the allocation over every pair of the sample project
 * (docs/SYNERGY.md): the same figures from either side, heat pumps within
 * their limits and without a payback when their electricity costs more
 * than the heat is worth, operational exchanges taken off first, and a
 * portfolio that never uses a flow beyond its amount.
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "sm-cost.h"
#include "sm-import.h"
#include "sm-portfolio.h"
#include "sm-test-util.h"

typedef struct
{
  char      *dir;
  SmProject *project;
} Fixture;

static void
import_sample (SmProject    *project,
               const char   *name,
               SmImportKind  kind)
{
  g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, name, NULL);
  g_autoptr (SmImportOptions) options = sm_import_options_new (kind);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmImportResult) result = sm_import_run (project, file, options, NULL, NULL, NULL,
                                                     &error);

  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = sm_test_make_tmpdir ();
  path = g_build_filename (f->dir, "sample.sqlite", NULL);
  f->project = sm_project_create (path, &error);
  g_assert_no_error (error);
  import_sample (f->project, "sites.geojson", SM_IMPORT_KIND_SITES);
  import_sample (f->project, "flows-da.csv", SM_IMPORT_KIND_FLOWS);
  import_sample (f->project, "flows-sv.csv", SM_IMPORT_KIND_FLOWS);
  import_sample (f->project, "network-aalborg.geojson", SM_IMPORT_KIND_NETWORK);
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
same (double      a,
      double      b,
      const char *what,
      gint64      supply,
      gint64      demand)
{
  if (isnan (a) && isnan (b))
    return;
  if (!(fabs (a - b) <= 1e-9 * MAX (1, fabs (a))))
    g_error ("%s of %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT ": %.9g from the supply, %.9g from the demand",
             what, supply, demand, a, b);
}

/* Every pair of the sample: the same figures asked from either side */
static void
test_symmetric (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = sm_synergy_find_all (f->project, NULL, NULL, NULL, NULL, &error);
  guint checked = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >, 100);
  for (guint i = 0; i < all->len; i++)
    {
      SmSynergy *a = g_ptr_array_index (all, i);
      g_autoptr (GPtrArray) back = sm_synergy_find (f->project, a->demand_flow_id, NULL, &error);
      SmSynergy *b = NULL;

      g_assert_no_error (error);
      for (guint k = 0; k < back->len && b == NULL; k++)
        if (((SmSynergy *) g_ptr_array_index (back, k))->supply_flow_id == a->supply_flow_id)
          b = g_ptr_array_index (back, k);
      if (b == NULL)
        g_error ("%" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " is not found from the demand",
                 a->supply_flow_id, a->demand_flow_id);
#define SAME(field) same (a->field, b->field, #field, a->supply_flow_id, a->demand_flow_id)
      SAME (route_m);
      SAME (matched_amount);
      SAME (econ.capacity_mw);
      SAME (econ.amount);
      SAME (econ.delivered_net);
      SAME (econ.heat_loss_mwh);
      SAME (econ.investment_eur);
      SAME (econ.annual_cost_eur_yr);
      SAME (econ.lcoh_eur_mwh);
      SAME (econ.payback_yr);
      SAME (econ.co2_avoided_t_yr);
      SAME (econ.electricity_mwh_yr);
#undef SAME
      g_assert_cmpint (a->econ.transport, ==, b->econ.transport);
      checked++;
    }
  g_assert_cmpuint (checked, ==, all->len);
}

/* No COP above the cap, no delivery above the ceiling, and no payback
 * when the electricity costs more than the heat is worth */
static void
test_heat_pumps (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = sm_synergy_find_all (f->project, NULL, NULL, NULL, NULL, &error);
  double price = sm_cost_get_value (f->project, "heat.price");
  guint pumps = 0, dear = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (all, i);

      if (!m->heat_pump)
        continue;
      pumps++;
      g_assert_cmpfloat (m->cop, <=, sm_cost_get_value (f->project, "hp.cop_max"));
      g_assert_cmpfloat (m->cop, >=, sm_cost_get_value (f->project, "hp.cop_min"));
      g_assert_cmpfloat (m->pair.demand_c + 5, <=, sm_cost_get_value (f->project, "hp.max_output_c"));
      g_assert_cmpfloat (m->econ.heat_pump_eur, >, 0);
      g_assert_cmpfloat (m->econ.heat_pump_mwh_yr, >, 0);
      if (m->econ.electricity_eur_yr >= m->econ.delivered_net * price)
        {
          dear++;
          g_assert_true (isnan (m->econ.payback_yr));
        }
    }
  g_assert_cmpuint (pumps, >, 0);
  g_assert_cmpuint (dear, >, 0);
}

/* Operational exchanges come off both flows first */
static void
test_operational_taken_off (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) exchanges = sm_project_list_exchanges (f->project, &error);
  guint seen = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < exchanges->len; i++)
    {
      SmExchange *x = g_ptr_array_index (exchanges, i);
      g_autoptr (SmFlow) s = NULL;
      g_autoptr (GPtrArray) matches = NULL;

      if (x->status != SM_STATUS_OPERATIONAL)
        continue;
      s = sm_project_get_flow (f->project, x->supply_flow_id, &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (sm_synergy_flow_available (f->project, s->flow_id, s->amount), <=,
                         s->amount - x->amount + 1e-6);
      matches = sm_synergy_find (f->project, s->flow_id, NULL, &error);
      g_assert_no_error (error);
      for (guint k = 0; k < matches->len; k++)
        {
          SmSynergy *m = g_ptr_array_index (matches, k);

          if (m->demand_flow_id == x->demand_flow_id)
            {
              g_assert_true (m->existing);
              seen++;
            }
          else
            g_assert_cmpfloat (m->pair.supply_amount, <=, s->amount - x->amount + 1e-6);
        }
    }
  g_assert_cmpuint (seen, >, 0);
}

/* The portfolio never uses a flow beyond its amount, and its totals stay
 * below the sum of the sources */
static void
test_portfolio (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmPortfolio) p = sm_portfolio_build (f->project, NULL, NULL, NULL, NULL, &error);
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autofree char *csv = g_build_filename (f->dir, "p.csv", NULL);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_assert_no_error (error);
  g_assert_cmpuint (p->allocations->len, >, 10);
  for (guint i = 0; i < p->allocations->len; i++)
    {
      SmAllocation *a = g_ptr_array_index (p->allocations, i);
      gint64 ids[2] = { a->synergy->supply_flow_id, a->synergy->demand_flow_id };
      double takes[2] = { a->supply_used, a->allocated };

      g_assert_false (a->synergy->existing);
      g_assert_cmpfloat (a->allocated, >, 0);
      for (int side = 0; side < 2; side++)
        {
          double *v = g_hash_table_lookup (used, &ids[side]);

          if (v == NULL)
            {
              v = g_new0 (double, 1);
              g_hash_table_insert (used, g_memdup2 (&ids[side], sizeof (gint64)), v);
            }
          *v += takes[side];
        }
    }
  g_hash_table_iter_init (&iter, used);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autoptr (SmFlow) fl = sm_project_get_flow (f->project, *(gint64 *) key, &error);
      double available;

      g_assert_no_error (error);
      available = sm_synergy_flow_available (f->project, fl->flow_id, fl->amount);
      if (*(double *) value > available * (1 + 1e-9) + 1e-6)
        g_error ("flow %" G_GINT64_FORMAT " is allocated %.3f of %.3f available", fl->flow_id,
                 *(double *) value, available);
    }
  g_assert_cmpfloat (p->heat_delivered_mwh_yr, <,
                     p->supply_total[SM_RESOURCE_HEAT] + p->supply_total[SM_RESOURCE_STEAM]);
  g_assert_cmpfloat (p->water_m3_yr, <=, p->supply_total[SM_RESOURCE_WATER]);
  g_assert_cmpfloat (p->co2_t_yr, <=, p->supply_total[SM_RESOURCE_CO2]);
  g_assert_cmpfloat (p->material_t_yr, <=, p->supply_total[SM_RESOURCE_MATERIAL]);
  g_assert_cmpfloat (p->investment_eur, >, 0);

  g_assert_true (sm_portfolio_write_csv (p, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &text, NULL, &error));
  g_assert_true (g_str_has_prefix (text, "supply_flow_id,demand_flow_id,"));
}

/* The levelised cost orders the portfolio */
static void
test_portfolio_order (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = sm_synergy_find_all (f->project, NULL, NULL, NULL, NULL, &error);
  g_autoptr (SmPortfolio) p = NULL;
  double first = G_MAXDOUBLE;

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (all, i);
      if (!m->existing && !isnan (m->econ.lcoh_eur_mwh))
        first = MIN (first, m->econ.lcoh_eur_mwh);
    }
  p = sm_portfolio_allocate (f->project, all, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (((SmAllocation *) g_ptr_array_index (p->allocations, 0))->synergy->econ.lcoh_eur_mwh,
                     <=, first + 1e-9);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/portfolio/symmetric", test_symmetric);
  ADD ("/portfolio/heat-pumps", test_heat_pumps);
  ADD ("/portfolio/operational-taken-off", test_operational_taken_off);
  ADD ("/portfolio/allocation", test_portfolio);
  ADD ("/portfolio/order", test_portfolio_order);
  return g_test_run ();
}
