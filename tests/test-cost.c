/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The screening economics against pairs computed by hand from the figures
 * of docs/SYNERGY.md: one pair of each kind (direct heat, heat pump,
 * steam, cooling, water by pipe and by truck, CO2, material, internal),
 * asked from the supply and from the demand; both answers must agree with
 * the hand computation to 0.1 %.
 *
 * The expected figures are written out here with the table's numbers as
 * literals (class capacity, €/m, diameters, insulation, velocity, pressure
 * drop), not read from the engine's table.
 */
#include "config.h"

#include <locale.h>
#include <math.h>

#include "sm-cost.h"
#include "sm-economics.h"
#include "sm-synergy.h"
#include "sm-test-util.h"

/* Two sites about 2 km apart near Aalborg (Denmark), no network: the
 * route is the straight line × 1.25 */
#define LAT_A 57.000
#define LON_A 10.000
#define LAT_B 57.018
#define LON_B 10.000

typedef struct
{
  char      *dir;
  SmProject *project;
  gint64     site_a, site_b;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  SmSite a = { .name = "A", .lat = LAT_A, .lon = LON_A };
  SmSite b = { .name = "B", .lat = LAT_B, .lon = LON_B };

  f->dir = sm_test_make_tmpdir ();
  path = g_build_filename (f->dir, "c.sqlite", NULL);
  f->project = sm_project_create (path, &error);
  g_assert_no_error (error);
  f->site_a = sm_project_insert_site (f->project, &a, 0, &error);
  g_assert_no_error (error);
  f->site_b = sm_project_insert_site (f->project, &b, 0, &error);
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
flow (Fixture    *f,
      gint64      site_id,
      SmDirection direction,
      SmResource  resource,
      double      amount,
      double      temperature_c,
      double      hours,
      const char *ewc)
{
  SmFlow fl = { .site_id = site_id, .direction = direction, .resource = resource,
                .amount = amount, .temperature_c = temperature_c, .hours_per_year = hours,
                .ewc_code = (char *) ewc };
  g_autoptr (GError) error = NULL;
  gint64 id = sm_project_insert_flow (f->project, &fl, 0, &error);

  g_assert_no_error (error);
  return id;
}

/* The one match of @flow_id with @other */
static SmSynergy *
match (Fixture *f,
       gint64   flow_id,
       gint64   other)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = NULL;
  SmMatchOptions o;

  sm_match_options_init (&o);
  o.radius_km = 60;
  all = sm_synergy_find (f->project, flow_id, &o, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (all, i);
      if (m->flow_id == other)
        return g_ptr_array_steal_index (all, i);
    }
  g_assert_not_reached ();
}

#define CLOSE(a, b)                                                              \
  G_STMT_START {                                                                 \
    double a_ = (a), b_ = (b);                                                   \
    if (!(fabs (a_ - b_) <= 1e-3 * MAX (fabs (b_), 1e-6)))                       \
      g_error ("%s = %.6g, by hand %.6g (line %d)", #a, a_, b_, __LINE__);       \
  } G_STMT_END

/* The hand computation of a hot-water or cold pair (docs/SYNERGY.md) */
typedef struct
{
  double P, E, cop;
  double route_m, hours;        /* min (h_s, h_d) */
  /* the class, from Hotmaps parameters.py */
  double cap, eur_m, d_mm, dh_mm, s_mm, v, dp;
  double dt;                    /* (T_flow − T_g) + (T_return − T_g) */
  double pipe_factor;           /* 1.5 for a steam pipe */
  double price, baseline;       /* €/MWh and t/MWh of what it replaces */
} Hand;

typedef struct
{
  double invest, loss, e_net, elec, annual, lcoh, payback, co2;
} Expected;

static Expected
by_hand (const Hand *h)
{
  Expected x;
  double a30 = 0.03 / (1 - pow (1.03, -30));
  double a25 = 0.03 / (1 - pow (1.03, -25));
  double pipe = h->eur_m * h->pipe_factor * h->route_m;
  double exch = h->P * (15000 + (h->P < 1 ? 265000 : 100000));
  double pumps = h->P * (h->P < 1 ? 240000 : 90000);
  double hp = isnan (h->cop) ? 0 : h->P * 600000;
  double ratio = h->P / h->cap;
  double watts = h->dp * ratio * ratio * h->route_m
                 * h->v * ratio * G_PI * pow (h->dh_mm / 2000, 2) / 0.8;
  double pumping = watts * h->hours / 1e6;
  double hp_elec = isnan (h->cop) ? 0 : h->E / h->cop;
  double om = 0.01 * (pipe + exch + pumps) + 0.02 * hp;

  x.invest = pipe + exch + pumps + hp;
  x.loss = 2 * G_PI * 0.05 * h->dt / log (1 + 2 * h->s_mm / h->d_mm) * h->route_m * 8760 / 1e6;
  x.e_net = h->E - x.loss;
  x.elec = pumping + hp_elec;
  x.annual = (pipe + exch + pumps) * a30 + hp * a25 + om + x.elec * 189;
  x.lcoh = x.annual / x.e_net;
  x.payback = x.e_net * h->price - om - x.elec * 189;
  x.payback = x.payback > 0 ? x.invest / x.payback : NAN;
  x.co2 = x.e_net * h->baseline - x.elec * 0.12;
  return x;
}

static void
check_thermal (const SmSynergy *m,
               const Hand      *h,
               const Expected  *x)
{
  const SmEconomics *e = &m->econ;

  g_assert_true (e->thermal);
  CLOSE (e->capacity_mw, h->P);
  CLOSE (e->amount, h->E);
  CLOSE (e->pipe_eur_per_m, h->eur_m * h->pipe_factor);
  CLOSE (e->investment_eur, x->invest);
  CLOSE (e->heat_loss_mwh, x->loss);
  CLOSE (e->delivered_net, x->e_net);
  CLOSE (e->electricity_mwh_yr, x->elec);
  CLOSE (e->annual_cost_eur_yr, x->annual);
  CLOSE (e->lcoh_eur_mwh, x->lcoh);
  if (isnan (x->payback))
    g_assert_true (isnan (e->payback_yr));
  else
    CLOSE (e->payback_yr, x->payback);
  CLOSE (e->co2_avoided_t_yr, x->co2);
}

/* Both sides see the same pair, and the hand computation */
static void
check_both (Fixture    *f,
            gint64      supply,
            gint64      demand,
            Hand       *h)
{
  g_autoptr (SmSynergy) from_supply = match (f, supply, demand);
  g_autoptr (SmSynergy) from_demand = match (f, demand, supply);
  Expected x;

  CLOSE (from_supply->route_m, from_demand->route_m);
  h->route_m = from_supply->route_m;
  g_assert_cmpfloat (h->route_m, >, 2400);
  x = by_hand (h);
  check_thermal (from_supply, h, &x);
  check_thermal (from_demand, h, &x);
}

static void
test_direct_heat (Fixture       *f,
                  gconstpointer  data)
{
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 60000, 90, NAN, NULL);
  gint64 d = flow (f, f->site_b, SM_DIRECTION_DEMAND, SM_RESOURCE_HEAT, 30000, 70, NAN, NULL);
  /* P = min (60000/6000, 30000/4000) = 7.5 MW; E = min (7.5 × 4000, ...) */
  Hand h = { .P = 7.5, .E = 30000, .cop = NAN, .hours = 4000,
             .cap = 9.8, .eur_m = 357, .d_mm = 160.3, .dh_mm = 160.3, .s_mm = 165, .v = 2.0,
             .dp = 470, .dt = (70 - 7.5) + (40 - 7.5), .pipe_factor = 1, .price = 30,
             .baseline = 0.215 };

  check_both (f, s, d, &h);
}

static void
test_heat_pump (Fixture       *f,
                gconstpointer  data)
{
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 20000, 30, NAN, NULL);
  gint64 d = flow (f, f->site_b, SM_DIRECTION_DEMAND, SM_RESOURCE_HEAT, 40000, 70, NAN, NULL);
  /* COP = 0.5 × 348.15 / (348.15 − 298.15) */
  double cop = 0.5 * 348.15 / 50;
  double q_s = 20000 * cop / (cop - 1);
  double P = MIN (q_s / 6000, 40000.0 / 4000);
  Hand h = { .P = P, .E = P * 4000, .cop = cop, .hours = 4000,
             .cap = 6.1, .eur_m = 323, .d_mm = 132.5, .dh_mm = 132.5, .s_mm = 125, .v = 1.8,
             .dp = 480, .dt = (70 - 7.5) + (40 - 7.5), .pipe_factor = 1, .price = 30,
             .baseline = 0.215 };
  g_autoptr (SmSynergy) m = match (f, s, d);

  g_assert_cmpfloat (P, >, 3.6);
  g_assert_true (m->heat_pump);
  CLOSE (m->cop, cop);
  /* The pair takes E × (COP − 1)/COP of the supply */
  CLOSE (m->econ.supply_used, h.E * (cop - 1) / cop);
  check_both (f, s, d, &h);
}

static void
test_steam (Fixture       *f,
            gconstpointer  data)
{
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_STEAM, 50000, 180, 8000, NULL);
  gint64 d = flow (f, f->site_b, SM_DIRECTION_DEMAND, SM_RESOURCE_STEAM, 20000, 150, 5000, NULL);
  /* P = min (50000/8000, 20000/5000) = 4 MW; E = 4 × 5000; a steam pipe */
  Hand h = { .P = 4, .E = 20000, .cop = NAN, .hours = 5000,
             .cap = 6.1, .eur_m = 323, .d_mm = 132.5, .dh_mm = 132.5, .s_mm = 125, .v = 1.8,
             .dp = 480, .dt = (150 - 7.5) + (40 - 7.5), .pipe_factor = 1.5, .price = 30,
             .baseline = 0.215 };

  check_both (f, s, d, &h);
}

static void
test_cooling (Fixture       *f,
              gconstpointer  data)
{
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_COOLING, 5000, 6, NAN, NULL);
  gint64 d = flow (f, f->site_b, SM_DIRECTION_DEMAND, SM_RESOURCE_COOLING, 3000, 12, NAN, NULL);
  /* P = min (5000/6000, 3000/4000) = 0.75 MW of cold; the pipe runs at
   * 6 °C, returns at 12 °C, and gains heat from 7.5 °C ground */
  Hand h = { .P = 0.75, .E = 3000, .cop = NAN, .hours = 4000,
             .cap = 1.2, .eur_m = 240, .d_mm = 70.3, .dh_mm = 70.3, .s_mm = 80, .v = 1.2,
             .dp = 450, .dt = fabs (6 - 7.5) + fabs (12 - 7.5), .pipe_factor = 1, .price = 63,
             .baseline = 0.04 };

  check_both (f, s, d, &h);
}

static void
test_internal (Fixture       *f,
               gconstpointer  data)
{
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 10000, 90, NAN, NULL);
  gint64 d = flow (f, f->site_a, SM_DIRECTION_DEMAND, SM_RESOURCE_HEAT, 5000, 60, NAN, NULL);
  /* P = min (10000/6000, 5000/4000) = 1.25 MW; no pipe, no loss */
  g_autoptr (SmSynergy) a = match (f, s, d);
  g_autoptr (SmSynergy) b = match (f, d, s);
  double P = 1.25, invest = P * (15000 + 100000) + P * 90000;
  double a30 = 0.03 / (1 - pow (1.03, -30));
  double annual = invest * (a30 + 0.01);

  for (SmSynergy *m = a; m != NULL; m = m == a ? b : NULL)
    {
      g_assert_true (m->internal);
      CLOSE (m->econ.capacity_mw, P);
      CLOSE (m->econ.amount, 5000);
      g_assert_cmpfloat (m->econ.heat_loss_mwh, ==, 0);
      g_assert_cmpfloat (m->econ.pipe_eur, ==, 0);
      CLOSE (m->econ.investment_eur, invest);
      CLOSE (m->econ.annual_cost_eur_yr, annual);
      CLOSE (m->econ.lcoh_eur_mwh, annual / 5000);
      CLOSE (m->econ.payback_yr, invest / (5000 * 30 - 0.01 * invest));
      CLOSE (m->econ.co2_avoided_t_yr, 5000 * 0.215);
    }
}

/* Water, CO2, materials: truck a year against a pipe's annuity and O&M */
static void
check_other (Fixture    *f,
             gint64      supply,
             gint64      demand,
             double      amount,
             double      pipe_eur_m,
             SmTransport expected)
{
  g_autoptr (SmSynergy) a = match (f, supply, demand);
  g_autoptr (SmSynergy) b = match (f, demand, supply);
  double km = a->route_m / 1000;
  double a30 = 0.03 / (1 - pow (1.03, -30));
  double truck = amount * km * 0.10;
  double pipe = isnan (pipe_eur_m) ? NAN : pipe_eur_m * km * 1000 * (a30 + 0.01);

  for (SmSynergy *m = a; m != NULL; m = m == a ? b : NULL)
    {
      const SmEconomics *e = &m->econ;

      g_assert_false (e->thermal);
      g_assert_cmpint (e->transport, ==, expected);
      CLOSE (e->amount, amount);
      CLOSE (e->truck_eur_yr, truck);
      CLOSE (e->trucks_per_yr, ceil (amount / 25));
      CLOSE (e->truck_co2_t_yr, amount * km * 0.062 / 1000);
      if (isnan (pipe))
        g_assert_true (isnan (e->pipe_option_eur_yr));
      else
        CLOSE (e->pipe_option_eur_yr, pipe);
      CLOSE (e->annual_cost_eur_yr, expected == SM_TRANSPORT_PIPE ? pipe : truck);
      CLOSE (e->investment_eur, expected == SM_TRANSPORT_PIPE ? pipe_eur_m * km * 1000 : 0);
      CLOSE (e->lcoh_eur_mwh, e->annual_cost_eur_yr / amount);
      g_assert_true (isnan (e->payback_yr));
    }
  CLOSE (a->route_m, b->route_m);
}

static void
test_water_pipe (Fixture       *f,
                 gconstpointer  data)
{
  /* 3 Mm³/yr: 120 000 truckloads; a water main is far cheaper */
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_WATER, 3e6, NAN, NAN, NULL);
  gint64 d = flow (f, f->site_b, SM_DIRECTION_DEMAND, SM_RESOURCE_WATER, 4e6, NAN, NAN, NULL);

  check_other (f, s, d, 3e6, 150, SM_TRANSPORT_PIPE);
}

static void
test_water_truck (Fixture       *f,
                  gconstpointer  data)
{
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_WATER, 1000, NAN, NAN, NULL);
  gint64 d = flow (f, f->site_b, SM_DIRECTION_DEMAND, SM_RESOURCE_WATER, 800, NAN, NAN, NULL);

  check_other (f, s, d, 800, 150, SM_TRANSPORT_TRUCK);
}

static void
test_co2 (Fixture       *f,
          gconstpointer  data)
{
  /* 179 kt: trucks 179000 × 2.5 × 0.10 ≈ 45 k€/yr; a 500 €/m line ≈ 76 k€/yr */
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_CO2, 200000, NAN, NAN, NULL);
  gint64 d = flow (f, f->site_b, SM_DIRECTION_DEMAND, SM_RESOURCE_CO2, 179000, NAN, NAN, NULL);

  check_other (f, s, d, 179000, 500, SM_TRANSPORT_TRUCK);
}

static void
test_material (Fixture       *f,
               gconstpointer  data)
{
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_MATERIAL, 1000, NAN, NAN, "100101");
  gint64 d = flow (f, f->site_b, SM_DIRECTION_DEMAND, SM_RESOURCE_MATERIAL, 5000, NAN, NAN, "10");

  check_other (f, s, d, 1000, NAN, SM_TRANSPORT_TRUCK);
}

/* Electricity dearer than the heat is worth: no payback, never a number */
static void
test_no_payback (Fixture       *f,
                 gconstpointer  data)
{
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 20000, 40, NAN, NULL);
  gint64 d = flow (f, f->site_b, SM_DIRECTION_DEMAND, SM_RESOURCE_HEAT, 40000, 110, NAN, NULL);
  g_autoptr (SmSynergy) m = match (f, s, d);

  g_assert_true (m->heat_pump);
  g_assert_cmpfloat (m->econ.heat_pump_mwh_yr * 189, >, m->econ.delivered_net * 30);
  g_assert_true (isnan (m->econ.payback_yr));
  g_assert_true (m->notes & SM_MATCH_NOTE_NO_PAYBACK);
}

/* COP capped; no heat pump above the output ceiling or below the lowest COP */
static void
test_cop_limits (void)
{
  SmEconParams p;

  sm_econ_params_load (NULL, &p);
  g_assert_cmpfloat (sm_economics_cop (&p, 60, 62, 5), ==, 7);
  g_assert_true (isnan (sm_economics_cop (&p, 90, 120, 5)));  /* 125 °C > 120 °C */
  g_assert_false (isnan (sm_economics_cop (&p, 90, 115, 5)));
  g_assert_true (isnan (sm_economics_cop (&p, -10, 115, 5))); /* COP 1.46 */
  CLOSE (sm_economics_cop (&p, 30, 70, 5), 0.5 * 348.15 / 50);
}

/* Beyond 190 MW the largest pipe runs in parallel */
static void
test_parallel_pipes (void)
{
  SmEconParams p;
  SmPair pair = { SM_RESOURCE_HEAT, SM_RESOURCE_HEAT, 250 * 6000.0, 250 * 4000.0, NAN, NAN,
                  120, 90, NAN, 1000, FALSE, 57, 10 };
  SmEconomics e;

  sm_econ_params_load (NULL, &p);
  sm_economics_compute (&p, &pair, &e);
  CLOSE (e.capacity_mw, 250);
  g_assert_cmpint (e.n_parallel, ==, 2);
  CLOSE (e.pipe_eur_per_m, 2 * 976);
  pair.supply_amount = 600 * 6000.0;
  pair.demand_amount = 600 * 4000.0;
  sm_economics_compute (&p, &pair, &e);
  g_assert_cmpint (e.n_parallel, ==, 4);
  CLOSE (e.pipe_eur_per_m, 4 * 976);
}

/* A pipe that loses what it carries is no match */
static void
test_losses_eat_all (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = NULL;
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 100, 95, NAN, NULL);

  flow (f, f->site_b, SM_DIRECTION_DEMAND, SM_RESOURCE_HEAT, 100, 90, NAN, NULL);
  all = sm_synergy_find (f->project, s, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 0);
}

static void
test_countries (void)
{
  g_assert_true (sm_location_is_sweden (56.05, 12.70));   /* Helsingborg */
  g_assert_false (sm_location_is_sweden (56.03, 12.61));  /* Helsingør */
  g_assert_false (sm_location_is_sweden (55.68, 12.57));  /* Copenhagen */
  g_assert_true (sm_location_is_sweden (57.71, 11.97));   /* Gothenburg */
  g_assert_false (sm_location_is_sweden (57.72, 10.58));  /* Skagen */
  g_assert_false (sm_location_is_sweden (55.10, 14.90));  /* Bornholm */
  g_assert_false (sm_location_is_sweden (57.05, 9.92));   /* Aalborg */
}

static void
count_signal (SmProject  *project,
              const char *key,
              int        *count)
{
  (*count)++;
}

/* The project's own figures replace the defaults; reset brings them back */
static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  guint n;
  const SmCostParameter *params = sm_cost_get_parameters (&n);
  gint64 s = flow (f, f->site_a, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 60000, 90, NAN, NULL);
  gint64 d = flow (f, f->site_b, SM_DIRECTION_DEMAND, SM_RESOURCE_HEAT, 30000, 70, NAN, NULL);
  SmSynergy *before, *after;
  SmEconParams p;
  int signals = 0;
  double per_eur;

  g_assert_cmpuint (n, >, 30);
  for (guint i = 0; i < n; i++)
    {
      g_assert_nonnull (params[i].source);
      g_assert_cmpfloat (sm_cost_get_value (f->project, params[i].key), ==, params[i].value);
    }
  before = match (f, s, d);
  g_signal_connect (f->project, "settings-changed", G_CALLBACK (count_signal), &signals);
  g_assert_cmpstr (sm_cost_get_currency (f->project, &per_eur), ==, "EUR");
  g_assert_cmpfloat (per_eur, ==, 1);
  sm_project_set_setting (f->project, SM_COST_CURRENCY_SETTING, "DKK", &error);
  g_assert_cmpstr (sm_cost_get_currency (f->project, &per_eur), ==, "DKK");
  g_assert_cmpfloat (per_eur, ==, 7.46);
  sm_project_set_setting (f->project, "heat.price", "60", &error);
  g_assert_no_error (error);
  /* One class only, dearer: every pair uses it */
  sm_project_set_setting (f->project, "pipe.classes", "50;1000;300;300;200;2;400;1\n", &error);
  g_assert_no_error (error);
  sm_econ_params_load (f->project, &p);
  g_assert_cmpuint (p.n_classes, ==, 1);
  after = match (f, s, d);
  CLOSE (after->econ.pipe_eur_per_m, 1000);
  g_assert_cmpfloat (after->econ.payback_yr, <, before->econ.payback_yr * 2);
  g_assert_cmpint (signals, ==, 3);
  g_assert_true (sm_cost_reset (f->project, &error));
  g_assert_no_error (error);
  g_assert_cmpint (signals, ==, 4);
  sm_econ_params_load (f->project, &p);
  g_assert_cmpuint (p.n_classes, ==, 22);
  g_assert_cmpfloat (sm_cost_get_value (f->project, "heat.price"), ==, 30);
  sm_synergy_free (before);
  sm_synergy_free (after);
}

static void
test_pipe_class_text (void)
{
  guint n, m;
  const SmPipeClass *d = sm_pipe_classes_get_defaults (&n);
  g_autofree char *text = sm_pipe_classes_to_string (d, n);
  SmPipeClass back[SM_PIPE_CLASSES_MAX];
  g_autoptr (GError) error = NULL;

  g_assert_cmpuint (n, ==, 22);
  g_assert_true (sm_pipe_classes_parse (text, back, &m, &error));
  g_assert_cmpuint (m, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpfloat (back[i].capacity_mw, ==, d[i].capacity_mw);
      g_assert_cmpfloat (back[i].hydraulic_mm, ==, d[i].hydraulic_mm);
      g_assert_cmpint (back[i].n_parallel, ==, d[i].n_parallel);
    }
  g_assert_false (sm_pipe_classes_parse ("1;2;3\n", back, &m, &error));
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (sm_pipe_classes_parse ("5;1;1;1;1;1;1;1\n2;1;1;1;1;1;1;1\n", back, &m, &error));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("/cost/direct-heat", test_direct_heat);
  ADD ("/cost/heat-pump", test_heat_pump);
  ADD ("/cost/steam", test_steam);
  ADD ("/cost/cooling", test_cooling);
  ADD ("/cost/internal", test_internal);
  ADD ("/cost/water-pipe", test_water_pipe);
  ADD ("/cost/water-truck", test_water_truck);
  ADD ("/cost/co2", test_co2);
  ADD ("/cost/material", test_material);
  ADD ("/cost/no-payback", test_no_payback);
  ADD ("/cost/losses-eat-all", test_losses_eat_all);
  ADD ("/cost/settings", test_settings);
  g_test_add_func ("/cost/cop-limits", test_cop_limits);
  g_test_add_func ("/cost/parallel-pipes", test_parallel_pipes);
  g_test_add_func ("/cost/pipe-class-text", test_pipe_class_text);
  g_test_add_func ("/cost/countries", test_countries);
  return g_test_run ();
}
