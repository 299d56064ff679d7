/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cost model against hand-computed cases (SYNERGY.md figures).
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "sm-cost.h"
#include "sm-test-util.h"

static void
test_heat_large (void)
{
  SmCostEstimate e;
  double q;

  /* 10 000 MWh/yr over the default 5 000 h is 2 MW: the 3.6 MW class,
   * 288 €/m × 1 000 m = 288 000 €; exchangers 2 × (15 + 100) k€ = 230 000 €;
   * pumps 2 × 90 k€ = 180 000 €; 698 000 € in all. */
  sm_cost_estimate (NULL, SM_RESOURCE_HEAT, 10000, NAN, 90, 70, NAN, 1000, 57.0, 10.0, &e);
  g_assert_true (e.heat);
  g_assert_cmpfloat_with_epsilon (e.capacity_mw, 2.0, 1e-12);
  g_assert_cmpfloat (e.pipe_eur_per_m, ==, 288);
  g_assert_cmpfloat_with_epsilon (e.pipe_eur, 288000, 1e-6);
  g_assert_cmpfloat_with_epsilon (e.exchangers_eur, 230000, 1e-6);
  g_assert_cmpfloat_with_epsilon (e.pumps_eur, 180000, 1e-6);
  g_assert_cmpfloat_with_epsilon (e.investment_eur, 698000, 1e-6);
  /* Payback 698 000 / (10 000 MWh × 30 €/MWh) = 2.3267 years */
  g_assert_cmpfloat_with_epsilon (e.payback_years, 698000.0 / 300000.0, 1e-9);
  /* CO2: 10 000 × 0.215 = 2 150 t */
  g_assert_cmpfloat_with_epsilon (e.co2_avoided_t, 2150, 1e-9);
  /* Heat loss in Denmark (7.5 °C ground): q = 2π × 0.05 × (90 − 7.5) / ln(1 + 2 × 1 / 0.2)
   * = 10.809 W/m; × 1 000 m × 5 000 h = 54.04 MWh/yr */
  q = 2 * G_PI * 0.05 * 82.5 / log (11);
  g_assert_cmpfloat_with_epsilon (e.ground_c, 7.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (e.heat_loss_mwh, q * 1000 * 5000 / 1e6, 1e-9);
  g_assert_cmpfloat_with_epsilon (e.heat_loss_mwh, 54.04, 0.01);
}

static void
test_heat_small_and_pump (void)
{
  SmCostEstimate e;

  /* 2 500 MWh/yr over 5 000 own hours is 0.5 MW: the 0.6 MW class, 220 €/m;
   * exchangers 0.5 × (15 + 265) k€ = 140 000 €; pumps 0.5 × 240 k€ = 120 000 € */
  sm_cost_estimate (NULL, SM_RESOURCE_HEAT, 2500, 5000, 30, 70, 3.4815, 500, 56.05, 12.70, &e);
  g_assert_cmpfloat (e.pipe_eur_per_m, ==, 220);
  g_assert_cmpfloat_with_epsilon (e.exchangers_eur, 140000, 1e-6);
  g_assert_cmpfloat_with_epsilon (e.pumps_eur, 120000, 1e-6);
  /* Heat pump: 2 500 / 3.4815 = 718.1 MWh of electricity at 100 €/MWh */
  g_assert_cmpfloat_with_epsilon (e.heat_pump_electricity_mwh, 2500 / 3.4815, 1e-9);
  g_assert_cmpfloat_with_epsilon (e.heat_pump_electricity_eur, 2500 / 3.4815 * 100, 1e-6);
  /* Helsingborg is in Sweden: 2.1 °C ground */
  g_assert_cmpfloat_with_epsilon (e.ground_c, 2.1, 1e-12);
}

static void
test_transport (void)
{
  SmCostEstimate e;

  /* 1 000 t/yr over 50 km: 1 000 × 50 × 0.10 = 5 000 €/yr and
   * 1 000 × 50 × 0.062 kg = 3.1 t CO2 */
  sm_cost_estimate (NULL, SM_RESOURCE_MATERIAL, 1000, NAN, NAN, NAN, NAN, 50000, 56, 10, &e);
  g_assert_false (e.heat);
  g_assert_cmpfloat_with_epsilon (e.transport_eur, 5000, 1e-6);
  g_assert_cmpfloat_with_epsilon (e.transport_co2_t, 3.1, 1e-9);
}

static void
test_countries (void)
{
  g_assert_true (sm_location_is_sweden (56.05, 12.69));   /* Helsingborg */
  g_assert_false (sm_location_is_sweden (56.03, 12.61));  /* Helsingør */
  g_assert_true (sm_location_is_sweden (55.60, 13.00));   /* Malmö */
  g_assert_false (sm_location_is_sweden (55.68, 12.57));  /* Copenhagen */
  g_assert_true (sm_location_is_sweden (57.71, 11.97));   /* Gothenburg */
  g_assert_false (sm_location_is_sweden (57.72, 10.58));  /* Skagen */
  g_assert_false (sm_location_is_sweden (55.10, 14.90));  /* Bornholm */
  g_assert_false (sm_location_is_sweden (57.05, 9.92));   /* Aalborg */
}

/* The project's own figures replace the defaults */
static void
test_settings (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "c.sqlite", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_create (path, &error);
  guint n;
  const SmCostParameter *params = sm_cost_get_parameters (&n);
  SmCostEstimate e;

  g_assert_no_error (error);
  g_assert_cmpuint (n, >, 10);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (params[i].source);
      g_assert_cmpfloat (sm_cost_get_value (project, params[i].key), ==, params[i].value);
    }
  sm_project_set_setting (project, "heat.price", "60", &error);
  g_assert_no_error (error);
  sm_cost_estimate (project, SM_RESOURCE_HEAT, 10000, NAN, 90, 70, NAN, 1000, 57.0, 10.0, &e);
  g_assert_cmpfloat_with_epsilon (e.payback_years, 698000.0 / 600000.0, 1e-9);
  g_clear_object (&project);
  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cost/heat-large", test_heat_large);
  g_test_add_func ("/cost/heat-small-heat-pump", test_heat_small_and_pump);
  g_test_add_func ("/cost/transport", test_transport);
  g_test_add_func ("/cost/countries", test_countries);
  g_test_add_func ("/cost/settings", test_settings);
  return g_test_run ();
}
