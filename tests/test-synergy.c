/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The synergy engine against hand-computed cases of SYNERGY.md, and its
 * distances against an independent geodesic (Vincenty's inverse, written
 * here from Vincenty 1975, not PROJ's Karney algorithm the engine uses).
 */
#include "config.h"

#include <locale.h>
#include <math.h>

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
  path = g_build_filename (f->dir, "s.sqlite", NULL);
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

static gint64
site (Fixture    *f,
      const char *name,
      double      lat,
      double      lon)
{
  SmSite s = { .name = (char *) name, .lat = lat, .lon = lon };
  g_autoptr (GError) error = NULL;
  gint64 id = sm_project_insert_site (f->project, &s, 0, &error);

  g_assert_no_error (error);
  return id;
}

static gint64
flow (Fixture     *f,
      gint64       site_id,
      SmDirection  direction,
      SmResource   resource,
      double       amount,
      double       temperature_c,
      const char  *ewc)
{
  SmFlow fl = { .site_id = site_id, .direction = direction, .resource = resource,
                .amount = amount, .temperature_c = temperature_c, .hours_per_year = NAN,
                .ewc_code = (char *) ewc };
  g_autoptr (GError) error = NULL;
  gint64 id = sm_project_insert_flow (f->project, &fl, 0, &error);

  g_assert_no_error (error);
  return id;
}

static GPtrArray *
find (Fixture *f,
      gint64   flow_id,
      gboolean heat_pumps,
      double   radius_km)
{
  SmMatchOptions o;
  g_autoptr (GError) error = NULL;
  GPtrArray *matches;

  sm_match_options_init (&o);
  o.heat_pumps = heat_pumps;
  o.radius_km = radius_km;
  matches = sm_synergy_find (f->project, flow_id, &o, &error);
  g_assert_no_error (error);
  return matches;
}

static SmSynergy *
match_for (GPtrArray *matches,
           gint64     flow_id)
{
  for (guint i = 0; i < matches->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (matches, i);
      if (m->flow_id == flow_id)
        return m;
    }
  return NULL;
}

#define S SM_DIRECTION_SUPPLY
#define D SM_DIRECTION_DEMAND

static void
test_heat_direct (Fixture       *f,
                  gconstpointer  data)
{
  gint64 a = site (f, "Cement", 57.05, 9.99), b = site (f, "Dairy", 57.06, 10.00);
  gint64 supply = flow (f, a, S, SM_RESOURCE_HEAT, 1000000, 90, NULL);
  gint64 warm = flow (f, b, D, SM_RESOURCE_HEAT, 400000, 70, NULL);
  gint64 hot = flow (f, b, D, SM_RESOURCE_HEAT, 400000, 110, NULL);
  g_autoptr (GPtrArray) off = find (f, supply, FALSE, 10);
  g_autoptr (GPtrArray) on = find (f, supply, TRUE, 10);
  SmSynergy *m;

  /* 90 °C >= 70 °C + 5 K: direct; P = min (1e6/6000, 4e5/4000) = 100 MW,
   * E = min (P × 4000 h, ...) = the demand's 400 000 MWh */
  g_assert_cmpuint (off->len, ==, 1);
  m = match_for (off, warm);
  g_assert_nonnull (m);
  g_assert_false (m->heat_pump);
  g_assert_cmpfloat_with_epsilon (m->matched_amount, 400000, 1e-6);
  g_assert_true (isnan (m->cop));
  g_assert_cmpint (m->supply_flow_id, ==, supply);
  g_assert_cmpint (m->demand_flow_id, ==, warm);
  /* 110 °C needs a heat pump: T_hot = 115 + 273.15 = 388.15 K,
   * T_cold = 85 + 273.15 = 358.15 K, COP = 0.5 × 388.15 / 30 = 6.46917 */
  g_assert_null (match_for (off, hot));
  m = match_for (on, hot);
  g_assert_nonnull (m);
  g_assert_true (m->heat_pump);
  g_assert_cmpfloat_with_epsilon (m->cop, 6.469167, 1e-5);
  g_assert_true (m->notes & SM_MATCH_NOTE_HEAT_PUMP);
}

static void
test_heat_pump (Fixture       *f,
                gconstpointer  data)
{
  gint64 a = site (f, "Data centre", 55.67, 11.09), b = site (f, "District heating", 55.68, 11.10);
  gint64 cold = flow (f, a, S, SM_RESOURCE_HEAT, 1000000, 30, NULL);
  gint64 need = flow (f, b, D, SM_RESOURCE_HEAT, 5000000, 70, NULL);
  gint64 very_cold = flow (f, a, S, SM_RESOURCE_HEAT, 1000000, 10, NULL);
  gint64 steam_need = flow (f, b, D, SM_RESOURCE_HEAT, 5000000, 150, NULL);
  g_autoptr (GPtrArray) on = find (f, cold, TRUE, 10);
  g_autoptr (GPtrArray) off = find (f, cold, FALSE, 10);
  g_autoptr (GPtrArray) too_cold = find (f, very_cold, TRUE, 10);
  SmSynergy *m;

  /* 30 °C to 70 °C: T_hot = 348.15 K, T_cold = 298.15 K,
   * COP = 0.5 × 348.15 / 50 = 3.4815; heat the pump makes of 1 GWh of
   * supply = 1e6 × 3.4815 / 2.4815 MWh, of which the pair carries its
   * peak (over 6000 h) for the demand's 4000 full-load hours */
  m = match_for (on, need);
  g_assert_nonnull (m);
  g_assert_true (m->heat_pump);
  g_assert_cmpfloat_with_epsilon (m->cop, 3.4815, 1e-9);
  g_assert_cmpfloat_with_epsilon (m->matched_amount, 1e6 * 3.4815 / 2.4815 * 4000 / 6000, 1e-3);
  g_assert_null (match_for (off, need));
  /* 10 °C to 150 °C: COP = 0.5 × 428.15 / 150 = 1.427 < 1.5: no match.
   * 10 °C to 70 °C: COP = 0.5 × 348.15 / 70 = 2.487: a match. */
  g_assert_null (match_for (too_cold, steam_need));
  m = match_for (too_cold, need);
  g_assert_nonnull (m);
  g_assert_cmpfloat_with_epsilon (m->cop, 0.5 * 348.15 / 70, 1e-9);
  g_assert_cmpfloat_with_epsilon (sm_heat_pump_cop (&(SmMatchOptions) { .approach_k = 5,
                                                                         .carnot_fraction = 0.5 },
                                                    10, 150),
                                  0.5 * 428.15 / 150, 1e-9);
}

static void
test_temperature_unknown_and_steam (Fixture       *f,
                                    gconstpointer  data)
{
  gint64 a = site (f, "Refinery", 55.65, 11.08), b = site (f, "Greenhouse", 55.66, 11.09);
  gint64 unknown = flow (f, a, S, SM_RESOURCE_HEAT, 100000, NAN, NULL);
  gint64 steam = flow (f, a, S, SM_RESOURCE_STEAM, 200000, 180, NULL);
  gint64 heat_need = flow (f, b, D, SM_RESOURCE_HEAT, 300000, 60, NULL);
  gint64 cooling = flow (f, a, S, SM_RESOURCE_COOLING, 50000, 6, NULL);
  gint64 cool_ok = flow (f, b, D, SM_RESOURCE_COOLING, 80000, 12, NULL);
  gint64 cool_no = flow (f, b, D, SM_RESOURCE_COOLING, 80000, 7, NULL);
  g_autoptr (GPtrArray) m1 = find (f, unknown, FALSE, 10);
  g_autoptr (GPtrArray) m2 = find (f, steam, FALSE, 10);
  g_autoptr (GPtrArray) m3 = find (f, cooling, TRUE, 10);
  g_autoptr (GPtrArray) from_demand = find (f, heat_need, FALSE, 10);

  g_assert_nonnull (match_for (m1, heat_need));
  g_assert_true (match_for (m1, heat_need)->notes & SM_MATCH_NOTE_TEMPERATURE_UNKNOWN);
  /* Steam serves a heat demand: P = 200 000 / 6000 h, for 4000 h */
  g_assert_nonnull (match_for (m2, heat_need));
  g_assert_cmpfloat_with_epsilon (match_for (m2, heat_need)->matched_amount, 200000.0 * 4000 / 6000, 1e-6);
  /* Cooling: 6 °C <= 12 − 2, but not <= 7 − 2 */
  g_assert_nonnull (match_for (m3, cool_ok));
  g_assert_null (match_for (m3, cool_no));
  /* From the demand: both heat supplies, the steam too */
  g_assert_nonnull (match_for (from_demand, unknown));
  g_assert_nonnull (match_for (from_demand, steam));
  g_assert_cmpint (match_for (from_demand, steam)->supply_flow_id, ==, steam);
  g_assert_cmpint (match_for (from_demand, steam)->demand_flow_id, ==, heat_need);
}

static void
test_ewc (Fixture       *f,
          gconstpointer  data)
{
  gint64 a = site (f, "Sawmill", 56.0, 12.7), b = site (f, "Board plant", 56.01, 12.71);
  gint64 wood = flow (f, a, S, SM_RESOURCE_MATERIAL, 1000, NAN, "030105");
  gint64 soil = flow (f, a, S, SM_RESOURCE_MATERIAL, 500, NAN, "170503*");
  gint64 by_code = flow (f, b, D, SM_RESOURCE_MATERIAL, 300, NAN, "030105");
  gint64 by_sub = flow (f, b, D, SM_RESOURCE_MATERIAL, 300, NAN, "0301");
  gint64 by_chapter = flow (f, b, D, SM_RESOURCE_MATERIAL, 300, NAN, "19;03");
  gint64 other = flow (f, b, D, SM_RESOURCE_MATERIAL, 300, NAN, "0302;17");
  gint64 hazardous_ok = flow (f, b, D, SM_RESOURCE_MATERIAL, 300, NAN, "170503*");
  gint64 hazardous_prefix = flow (f, b, D, SM_RESOURCE_MATERIAL, 300, NAN, "1705");
  gint64 mirror = flow (f, b, D, SM_RESOURCE_MATERIAL, 300, NAN, "170503");
  g_autoptr (GPtrArray) w = find (f, wood, TRUE, 0);
  g_autoptr (GPtrArray) s = find (f, soil, TRUE, 0);

  g_assert_nonnull (match_for (w, by_code));
  g_assert_false (match_for (w, by_code)->notes & SM_MATCH_NOTE_EWC_PREFIX);
  g_assert_nonnull (match_for (w, by_sub));
  g_assert_true (match_for (w, by_sub)->notes & SM_MATCH_NOTE_EWC_PREFIX);
  g_assert_nonnull (match_for (w, by_chapter));
  g_assert_null (match_for (w, other));
  g_assert_null (match_for (w, hazardous_ok));
  /* Hazardous waste only to the exact hazardous code */
  g_assert_nonnull (match_for (s, hazardous_ok));
  g_assert_null (match_for (s, hazardous_prefix));
  g_assert_null (match_for (s, mirror));
  g_assert_null (match_for (s, other)); /* "17" is a prefix of 170503*: not for hazardous */
  g_assert_cmpuint (s->len, ==, 1);
}

static void
test_internal_and_status (Fixture       *f,
                          gconstpointer  data)
{
  gint64 a = site (f, "Power station", 57.07, 10.10);
  gint64 b = site (f, "Far away", 57.50, 10.10);
  gint64 supply = flow (f, a, S, SM_RESOURCE_WATER, 1000, NAN, NULL);
  gint64 own = flow (f, a, D, SM_RESOURCE_WATER, 700, NAN, NULL);
  gint64 far = flow (f, b, D, SM_RESOURCE_WATER, 700, NAN, NULL);
  g_autoptr (GPtrArray) m = NULL;
  g_autoptr (GError) error = NULL;

  sm_project_insert_exchange (f->project, supply, own, SM_STATUS_NEGOTIATING, NULL, &error);
  g_assert_no_error (error);
  m = find (f, supply, TRUE, 0);
  g_assert_cmpuint (m->len, ==, 1);
  g_assert_true (match_for (m, own)->internal);
  g_assert_true (match_for (m, own)->notes & SM_MATCH_NOTE_INTERNAL);
  g_assert_cmpfloat (match_for (m, own)->straight_m, ==, 0);
  g_assert_cmpfloat (match_for (m, own)->route_m, ==, 0);
  g_assert_cmpstr (match_for (m, own)->status, ==, "negotiating");
  g_assert_null (match_for (m, far)); /* 48 km: beyond the 10 km default for water */

  /* The facilitator moves it on: one exchange, new status and note */
  g_assert_true (sm_project_set_exchange (f->project, supply, own, SM_STATUS_OPERATIONAL,
                                          "Pipe laid 2026", &error));
  g_assert_no_error (error);
  {
    g_autoptr (GPtrArray) list = sm_project_list_exchanges (f->project, &error);
    SmExchange *x;

    g_assert_no_error (error);
    g_assert_cmpuint (list->len, ==, 1);
    x = g_ptr_array_index (list, 0);
    g_assert_cmpint (x->status, ==, SM_STATUS_OPERATIONAL);
    g_assert_cmpstr (x->note, ==, "Pipe laid 2026");
    g_assert_cmpint (x->resource, ==, SM_RESOURCE_WATER);
    g_assert_cmpfloat (x->amount, ==, 700);
    g_assert_cmpfloat (x->supply_lat, ==, 57.07);
  }
}

/* Vincenty's inverse formula on WGS84, for checking */
static double
vincenty (double lat1,
          double lon1,
          double lat2,
          double lon2)
{
  const double a = 6378137.0, fl = 1 / 298.257223563, b = a * (1 - fl);
  double L = (lon2 - lon1) * G_PI / 180;
  double U1 = atan ((1 - fl) * tan (lat1 * G_PI / 180));
  double U2 = atan ((1 - fl) * tan (lat2 * G_PI / 180));
  double sinU1 = sin (U1), cosU1 = cos (U1), sinU2 = sin (U2), cosU2 = cos (U2);
  double lambda = L, prev, sinSigma, cosSigma, sigma, cosSqAlpha, cos2SigmaM, C, uSq, A, B, dSigma;
  int i = 0;

  do
    {
      double sinLambda = sin (lambda), cosLambda = cos (lambda), sinAlpha;

      sinSigma = sqrt (pow (cosU2 * sinLambda, 2)
                       + pow (cosU1 * sinU2 - sinU1 * cosU2 * cosLambda, 2));
      if (sinSigma == 0)
        return 0;
      cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda;
      sigma = atan2 (sinSigma, cosSigma);
      sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma;
      cosSqAlpha = 1 - sinAlpha * sinAlpha;
      cos2SigmaM = cosSqAlpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cosSqAlpha : 0;
      C = fl / 16 * cosSqAlpha * (4 + fl * (4 - 3 * cosSqAlpha));
      prev = lambda;
      lambda = L + (1 - C) * fl * sinAlpha
                     * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
    }
  while (fabs (lambda - prev) > 1e-12 && ++i < 200);

  uSq = cosSqAlpha * (a * a - b * b) / (b * b);
  A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)));
  B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)));
  dSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                           - B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));
  return b * A * (sigma - dSigma);
}

static void
test_distances_and_radius (Fixture       *f,
                           gconstpointer  data)
{
  gint64 centre = site (f, "Centre", 55.0, 10.0);
  gint64 supply = flow (f, centre, S, SM_RESOURCE_CO2, 100, NAN, NULL);
  const double points[][2] = {
    { 55.05, 10.0 }, { 55.0, 10.12 }, { 55.1, 10.1 }, { 54.9, 9.8 }, { 55.2, 10.3 }, { 54.82, 10.0 },
  };
  gint64 demands[G_N_ELEMENTS (points)];
  g_autoptr (GPtrArray) all = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    demands[i] = flow (f, site (f, "Demand", points[i][0], points[i][1]), D, SM_RESOURCE_CO2, 50,
                       NAN, NULL);
  all = find (f, supply, TRUE, 100);
  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (points));
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      SmSynergy *m = match_for (all, demands[i]);
      double expected = vincenty (55.0, 10.0, points[i][0], points[i][1]);

      g_assert_nonnull (m);
      g_assert_cmpfloat (fabs (m->straight_m - expected) / expected, <, 0.001);
      g_assert_cmpfloat_with_epsilon (m->route_m, m->straight_m * 1.25, 1e-6);
      g_assert_cmpstr (m->route_method, ==, "detour-factor");
      if (i > 0)
        g_assert_cmpfloat (((SmSynergy *) g_ptr_array_index (all, i - 1))->straight_m, <=,
                           ((SmSynergy *) g_ptr_array_index (all, i))->straight_m);
    }

  /* The radius edge, in every direction: just inside and just outside */
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      double d_km = vincenty (55.0, 10.0, points[i][0], points[i][1]) / 1000;
      g_autoptr (GPtrArray) inside = find (f, supply, TRUE, d_km * 1.002);
      g_autoptr (GPtrArray) outside = find (f, supply, TRUE, d_km * 0.998);

      g_assert_nonnull (match_for (inside, demands[i]));
      g_assert_null (match_for (outside, demands[i]));
    }
}

static void
test_find_all (Fixture       *f,
               gconstpointer  data)
{
  gint64 a = site (f, "A", 56.0, 10.0), b = site (f, "B", 56.01, 10.0), c = site (f, "C", 58.0, 10.0);
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GError) error = NULL;
  gint64 s1 = flow (f, a, S, SM_RESOURCE_HEAT, 100000, 80, NULL);
  gint64 s2 = flow (f, b, S, SM_RESOURCE_WATER, 100, NAN, NULL);

  flow (f, b, D, SM_RESOURCE_HEAT, 100000, 60, NULL);
  flow (f, a, D, SM_RESOURCE_WATER, 100, NAN, NULL);
  flow (f, c, D, SM_RESOURCE_WATER, 100, NAN, NULL); /* too far */
  all = sm_synergy_find_all (f->project, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  g_assert_cmpint (((SmSynergy *) g_ptr_array_index (all, 0))->supply_flow_id, ==, s1);
  g_assert_cmpint (((SmSynergy *) g_ptr_array_index (all, 1))->supply_flow_id, ==, s2);
}

static void
test_unknown_flow (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) m = sm_synergy_find (f->project, 4242, NULL, &error);

  g_assert_null (m);
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/synergy/heat-direct", test_heat_direct);
  ADD ("/synergy/heat-pump", test_heat_pump);
  ADD ("/synergy/temperature-unknown-steam-cooling", test_temperature_unknown_and_steam);
  ADD ("/synergy/ewc", test_ewc);
  ADD ("/synergy/internal-status", test_internal_and_status);
  ADD ("/synergy/distances-radius", test_distances_and_radius);
  ADD ("/synergy/find-all", test_find_all);
  ADD ("/synergy/unknown-flow", test_unknown_flow);
#undef ADD
  return g_test_run ();
}
