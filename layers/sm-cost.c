/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screening-grade costs of a synergy (SYNERGY.md): a heat pipe with its
 * heat exchangers, pumps, heat loss, heat-pump electricity, payback and
 * CO2 avoided; trucks for materials, water and CO2. Every figure is a
 * project setting whose default names its source.
 */
#define G_LOG_DOMAIN "symbiomap-cost"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sm-cost.h"

static const SmCostParameter parameters[] = {
  { "route.detour_factor", N_("Detour factor without a network"), "×",
    N_("Road distance is about 1.2 × the straight line (Newell 1980; O'Sullivan 1996)"),
    SM_COST_GROUP_ROUTING, 1.25, 1.0, 3.0, 0.05, 2 },
  /* TRANSLATORS: hours per year */
  { "heat.full_load_hours", N_("Full-load hours"), N_("h/yr"),
    N_("Hotmaps excess-heat module default, when a flow gives no hours"),
    SM_COST_GROUP_HEAT, 5000, 500, 8760, 100, 0 },
  { "heat.exchanger_source", N_("Heat exchanger at the source"), "k€/MW",
    N_("Hotmaps toolbox, excess-heat module"), SM_COST_GROUP_HEAT, 15, 0, 1000, 1, 0 },
  { "heat.exchanger_sink_small", N_("Heat exchanger at the sink, below 1 MW"), "k€/MW",
    N_("Hotmaps toolbox, excess-heat module"), SM_COST_GROUP_HEAT, 265, 0, 1000, 1, 0 },
  { "heat.exchanger_sink_large", N_("Heat exchanger at the sink, above 1 MW"), "k€/MW",
    N_("Hotmaps toolbox, excess-heat module"), SM_COST_GROUP_HEAT, 100, 0, 1000, 1, 0 },
  { "heat.pump_small", N_("Pumps, below 1 MW"), "k€/MW",
    N_("Hotmaps toolbox, excess-heat module"), SM_COST_GROUP_HEAT, 240, 0, 1000, 1, 0 },
  { "heat.pump_large", N_("Pumps, above 1 MW"), "k€/MW",
    N_("Hotmaps toolbox, excess-heat module"), SM_COST_GROUP_HEAT, 90, 0, 1000, 1, 0 },
  { "heat.conductivity", N_("Insulation conductivity λ"), "W/(m·K)",
    N_("Hotmaps cylinder heat-loss formula"), SM_COST_GROUP_HEAT, 0.05, 0.01, 1, 0.005, 3 },
  { "heat.burial_depth", N_("Burial depth of the pipe"), "m",
    N_("Assumption: a typical district-heating trench; replace with local figures"),
    SM_COST_GROUP_HEAT, 1.0, 0.3, 5, 0.1, 1 },
  { "heat.pipe_diameter", N_("Pipe diameter"), "m",
    N_("Assumption: a DN200 pipe; replace with local figures"),
    SM_COST_GROUP_HEAT, 0.2, 0.02, 2, 0.01, 2 },
  { "heat.ground_dk", N_("Ground temperature in Denmark"), "°C", N_("Hotmaps default soil temperature"),
    SM_COST_GROUP_HEAT, 7.5, -10, 30, 0.1, 1 },
  { "heat.ground_se", N_("Ground temperature in Sweden"), "°C", N_("Hotmaps default soil temperature"),
    SM_COST_GROUP_HEAT, 2.1, -10, 30, 0.1, 1 },
  { "heat.price", N_("Heat price"), "€/MWh", N_("SYNERGY.md default; replace with the local tariff"),
    SM_COST_GROUP_HEAT, 30, 0, 500, 1, 0 },
  { "heat.electricity_price", N_("Electricity price for heat pumps"), "€/MWh",
    N_("Assumption; replace with the local tariff"), SM_COST_GROUP_HEAT, 100, 0, 1000, 1, 0 },
  { "heat.co2_factor", N_("CO₂ of the gas boiler replaced"), "t/MWh", N_("THERMOS default"),
    SM_COST_GROUP_HEAT, 0.215, 0, 1, 0.001, 3 },
  { "transport.cost", N_("Truck transport cost"), "€/(t·km)",
    N_("Assumption; replace with local haulage prices"), SM_COST_GROUP_TRANSPORT, 0.10, 0, 10, 0.01, 2 },
  { "transport.co2", N_("Truck transport CO₂"), "kg/(t·km)",
    N_("Assumption; replace with local figures"), SM_COST_GROUP_TRANSPORT, 0.062, 0, 1, 0.001, 3 },
};

/* Danish capacity classes (Nielsen & Möller, via the Hotmaps toolbox) */
static const double class_mw[] = { 0.2, 0.3, 0.6, 1.2, 1.9, 3.6, 6.1, 9.8, 20, 45, 75, 125, 190 };
static const double class_eur_per_m[] = { 195, 206, 220, 240, 261, 288, 323, 357, 426, 564, 701, 839, 976 };

const SmCostParameter *
sm_cost_get_parameters (guint *n_parameters)
{
  *n_parameters = G_N_ELEMENTS (parameters);
  return parameters;
}

/**
 * sm_cost_get_value:
 *
 * Returns: the project's value of a cost parameter, or its default
 */
double
sm_cost_get_value (SmProject  *project,
                   const char *key)
{
  g_autofree char *stored = project ? sm_project_get_setting (project, key) : NULL;

  if (stored != NULL)
    {
      char *end = NULL;
      double v = g_ascii_strtod (stored, &end);
      if (end != stored && isfinite (v))
        return v;
    }
  for (guint i = 0; i < G_N_ELEMENTS (parameters); i++)
    if (g_str_equal (parameters[i].key, key))
      return parameters[i].value;
  g_return_val_if_reached (NAN);
}

/**
 * sm_location_is_sweden:
 *
 * Tells Sweden from Denmark, the two countries of the project's users, by
 * two lines through Øresund and Kattegat: east of 12.66° E north of
 * 55.3° N (Helsingborg, Malmö; not Helsingør, Copenhagen or Bornholm), and
 * east of 11.3° E north of 56.8° N (Gothenburg; not Skagen or Læsø).
 *
 * Returns: whether the point is in Sweden rather than Denmark
 */
gboolean
sm_location_is_sweden (double lat,
                       double lon)
{
  return (lat > 55.3 && lon > 12.66) || (lat > 56.8 && lon > 11.3);
}

/**
 * sm_cost_ground_temperature:
 *
 * Returns: the Swedish or the Danish ground temperature, by where the
 *   point is
 */
double
sm_cost_ground_temperature (SmProject *project,
                            double     lat,
                            double     lon)
{
  return sm_cost_get_value (project, sm_location_is_sweden (lat, lon) ? "heat.ground_se"
                                                                      : "heat.ground_dk");
}

/**
 * sm_cost_estimate:
 * @matched_amount: MWh/yr of heat, or t/yr (m3/yr for water) by truck
 * @hours_per_year: the flow's own hours, or NAN for the default
 * @cop: the heat pump's COP, or NAN without one
 * @route_m: the pipe or truck route
 * @lat: where (for the ground temperature)
 */
void
sm_cost_estimate (SmProject      *project,
                  SmResource      resource,
                  double          matched_amount,
                  double          hours_per_year,
                  double          supply_c,
                  double          demand_c,
                  double          cop,
                  double          route_m,
                  double          lat,
                  double          lon,
                  SmCostEstimate *e)
{
  double hours = isnan (hours_per_year) ? sm_cost_get_value (project, "heat.full_load_hours")
                                        : hours_per_year;
  double p, t_mean, q;
  guint c;

  *e = (SmCostEstimate) { 0 };
  if (resource != SM_RESOURCE_HEAT && resource != SM_RESOURCE_STEAM)
    {
      e->heat = FALSE;
      e->transport_eur = matched_amount * route_m / 1000 * sm_cost_get_value (project, "transport.cost");
      e->transport_co2_t = matched_amount * route_m / 1000 * sm_cost_get_value (project, "transport.co2")
                           / 1000;
      e->investment_eur = 0;
      return;
    }

  e->heat = TRUE;
  p = e->capacity_mw = matched_amount / MAX (hours, 1);
  for (c = 0; c < G_N_ELEMENTS (class_mw) - 1 && class_mw[c] < p; c++)
    ;
  e->pipe_eur_per_m = class_eur_per_m[c];
  e->pipe_eur = e->pipe_eur_per_m * route_m;
  e->exchangers_eur = 1000 * p * (sm_cost_get_value (project, "heat.exchanger_source")
                                  + sm_cost_get_value (project, p < 1 ? "heat.exchanger_sink_small"
                                                                      : "heat.exchanger_sink_large"));
  e->pumps_eur = 1000 * p * sm_cost_get_value (project, p < 1 ? "heat.pump_small" : "heat.pump_large");
  e->investment_eur = e->pipe_eur + e->exchangers_eur + e->pumps_eur;

  /* Heat loss of the buried pair: q = 2πλ(T_mean − T_ground) / ln(1 + 2s/d) */
  e->ground_c = sm_cost_ground_temperature (project, lat, lon);
  t_mean = isnan (supply_c) ? (isnan (demand_c) ? 70 : demand_c) : supply_c;
  q = 2 * G_PI * sm_cost_get_value (project, "heat.conductivity") * (t_mean - e->ground_c)
      / log (1 + 2 * sm_cost_get_value (project, "heat.burial_depth")
                 / sm_cost_get_value (project, "heat.pipe_diameter"));
  e->heat_loss_mwh = MAX (q, 0) * route_m * hours / 1e6;

  if (!isnan (cop) && cop > 1)
    {
      /* Of the heat delivered, 1/COP is the compressor's electricity */
      e->heat_pump_electricity_mwh = matched_amount / cop;
      e->heat_pump_electricity_eur = e->heat_pump_electricity_mwh
                                     * sm_cost_get_value (project, "heat.electricity_price");
    }
  e->payback_years = matched_amount > 0
    ? e->investment_eur / (matched_amount * sm_cost_get_value (project, "heat.price")) : NAN;
  e->co2_avoided_t = matched_amount * sm_cost_get_value (project, "heat.co2_factor");
}
