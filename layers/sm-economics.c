/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Screening economics of one pair (docs/SYNERGY.md, "Capacity and
 * amount", "Heat pump", "Pipe classes", "Annual cost, levelised cost,
 * payback, CO2", "Other resources"). Written out here because it is a few
 * lines of arithmetic over the project's own figures; no library holds
 * the Hotmaps cost model.
 */
#define G_LOG_DOMAIN "symbiomap-cost"

#include "config.h"

#include <math.h>

#include "sm-cost.h"
#include "sm-economics.h"

#define KELVIN 273.15

void
sm_econ_params_load (SmProject    *project,
                     SmEconParams *p)
{
#define V(key) sm_cost_get_value (project, key)
  p->hours_supply = V ("heat.hours_supply");
  p->hours_demand = V ("heat.hours_demand");
  p->exchanger_source = 1000 * V ("heat.exchanger_source");
  p->exchanger_sink_small = 1000 * V ("heat.exchanger_sink_small");
  p->exchanger_sink_large = 1000 * V ("heat.exchanger_sink_large");
  p->pump_small = 1000 * V ("heat.pump_small");
  p->pump_large = 1000 * V ("heat.pump_large");
  p->pump_efficiency = V ("heat.pump_efficiency");
  p->conductivity = V ("heat.conductivity");
  p->return_c = V ("heat.return_c");
  p->flow_c = V ("heat.flow_c");
  p->cooling_return_k = V ("cooling.return_k");
  p->ground_c[0] = V ("heat.ground_dk");
  p->ground_c[1] = V ("heat.ground_se");
  p->discount_rate = V ("heat.discount_rate") / 100;
  p->lifetime = V ("heat.lifetime");
  p->om_share = V ("heat.om_share") / 100;
  p->heat_price = V ("heat.price");
  p->heat_co2 = V ("heat.co2_factor");
  p->steam_pipe_factor = V ("heat.steam_pipe_factor");
  p->cooling_price = V ("cooling.price");
  p->cooling_co2 = V ("cooling.co2_factor");
  p->cop_max = V ("hp.cop_max");
  p->cop_min = V ("hp.cop_min");
  p->carnot_fraction = V ("hp.carnot_fraction");
  p->hp_max_output_c = V ("hp.max_output_c");
  p->hp_eur_per_mw = 1000 * V ("hp.investment");
  p->hp_lifetime = V ("hp.lifetime");
  p->hp_om_share = V ("hp.om_share") / 100;
  p->electricity_price[0] = V ("electricity.price_dk");
  p->electricity_price[1] = V ("electricity.price_se");
  p->electricity_co2[0] = V ("electricity.co2_dk");
  p->electricity_co2[1] = V ("electricity.co2_se");
  p->truck_eur_tkm = V ("transport.cost");
  p->truck_kg_tkm = V ("transport.co2");
  p->truck_load_t = V ("transport.load_t");
  p->water_pipe_eur_m = V ("pipe.water_eur_m");
  p->co2_pipe_eur_m = V ("pipe.co2_eur_m");
#undef V
  p->n_classes = sm_pipe_classes_load (project, p->classes);
}

/**
 * sm_annuity_factor:
 *
 * Returns: the share of an investment paid each year over @years at
 *   @rate (a fraction): r / (1 − (1 + r)^−n), or 1/n without interest
 */
double
sm_annuity_factor (double rate,
                   double years)
{
  if (years <= 0)
    return 0;
  if (fabs (rate) < 1e-12)
    return 1 / years;
  return rate / (1 - pow (1 + rate, -years));
}

/**
 * sm_economics_cop:
 * @approach_k: the exchangers' approach on either side, K
 *
 * COP = f × T_hot / (T_hot − T_cold), T_hot = T_demand + approach,
 * T_cold = T_supply − approach (kelvin), capped at the highest COP.
 *
 * Returns: the COP, or NAN when no heat pump can serve the pair (COP below
 *   the lowest, or an output above the ceiling)
 */
double
sm_economics_cop (const SmEconParams *p,
                  double              supply_c,
                  double              demand_c,
                  double              approach_k)
{
  double hot = demand_c + approach_k + KELVIN;
  double cold = supply_c - approach_k + KELVIN;
  double cop;

  if (isnan (supply_c) || isnan (demand_c) || demand_c + approach_k > p->hp_max_output_c)
    return NAN;
  cop = hot > cold ? p->carnot_fraction * hot / (hot - cold) : INFINITY;
  cop = MIN (cop, p->cop_max);
  return cop < p->cop_min ? NAN : cop;
}

gboolean
sm_economics_is_thermal (SmResource resource)
{
  return resource == SM_RESOURCE_HEAT || resource == SM_RESOURCE_STEAM
         || resource == SM_RESOURCE_COOLING;
}

/* Heat, steam, cooling: a pipe pair of the Hotmaps classes */
static void
thermal (const SmEconParams *p,
         const SmPair       *pair,
         SmEconomics        *e)
{
  gboolean sweden = sm_location_is_sweden (pair->lat, pair->lon);
  gboolean cooling = pair->supply_resource == SM_RESOURCE_COOLING;
  gboolean heat_pump = !isnan (pair->cop) && pair->cop > 1;
  double h_s = isnan (pair->supply_hours) || pair->supply_hours <= 0 ? p->hours_supply : pair->supply_hours;
  double h_d = isnan (pair->demand_hours) || pair->demand_hours <= 0 ? p->hours_demand : pair->demand_hours;
  double h = MIN (h_s, h_d);
  double q_s = heat_pump ? pair->supply_amount * pair->cop / (pair->cop - 1) : pair->supply_amount;
  double q_d = pair->demand_amount;
  double route_m = pair->internal ? 0 : pair->route_m;
  double ground = p->ground_c[sweden];
  double t_ret, dt, q, rate, net_investment;
  const SmPipeClass *c;

  e->thermal = TRUE;
  e->transport = SM_TRANSPORT_PIPE;
  e->pipe_option_eur_yr = NAN;
  e->capacity_mw = MIN (q_s / h_s, q_d / h_d);
  e->amount = MIN (e->capacity_mw * h, MIN (q_s, q_d));
  e->supply_used = heat_pump ? e->amount * (pair->cop - 1) / pair->cop : e->amount;

  /* The class that carries P; parallel pipes beyond 190 MW */
  e->pipe_class = sm_pipe_classes_select (p->classes, p->n_classes, e->capacity_mw);
  c = &p->classes[e->pipe_class];
  e->n_parallel = c->n_parallel;
  e->pipe_eur_per_m = c->eur_per_m;
  /* Steam to a steam demand runs in a steam pipe; steam to a heat demand
   * is turned into hot water at the source (docs/SYNERGY.md). */
  if (pair->supply_resource == SM_RESOURCE_STEAM && pair->demand_resource == SM_RESOURCE_STEAM)
    e->pipe_eur_per_m *= p->steam_pipe_factor;
  e->pipe_eur = e->pipe_eur_per_m * route_m;

  /* The pipe runs at what the sink needs */
  if (cooling)
    {
      e->flow_c = !isnan (pair->supply_c) ? pair->supply_c
                  : !isnan (pair->demand_c) ? pair->demand_c - 2
                  : 6; /* *assumption*: chilled water */
      t_ret = e->flow_c + p->cooling_return_k;
      /* Cold pipes gain heat from the ground: the same conduction */
      dt = fabs (e->flow_c - ground) + fabs (t_ret - ground);
    }
  else
    {
      e->flow_c = !isnan (pair->demand_c) ? pair->demand_c
                  : !isnan (pair->supply_c) ? pair->supply_c - 5 : p->flow_c;
      t_ret = p->return_c;
      dt = MAX (0, (e->flow_c - ground) + (t_ret - ground));
    }
  /* q = 2πλ ΔT / ln(1 + 2s/d), W per metre of route, all year */
  q = 2 * G_PI * p->conductivity * dt / log (1 + 2 * c->insulation_mm / c->diameter_mm);
  e->heat_loss_mwh = q * route_m * 8760 / 1e6;
  e->delivered_net = e->amount - e->heat_loss_mwh;
  e->viable = e->delivered_net > 0;

  /* Pumping against the class's pressure drop, scaled to P */
  {
    double ratio = e->capacity_mw / c->capacity_mw;
    double dp = c->pressure_drop_pa_m * ratio * ratio;
    double area = G_PI * pow (c->hydraulic_mm / 2000, 2);
    double flow = c->velocity_m_s * ratio * area;
    double watts = dp * route_m * flow / p->pump_efficiency;

    e->pumping_mwh_yr = watts * h / 1e6;
  }

  e->exchangers_eur = e->capacity_mw * (p->exchanger_source + (e->capacity_mw < 1 ? p->exchanger_sink_small
                                                                                  : p->exchanger_sink_large));
  e->pumps_eur = e->capacity_mw * (e->capacity_mw < 1 ? p->pump_small : p->pump_large);
  if (heat_pump)
    {
      e->heat_pump_eur = e->capacity_mw * p->hp_eur_per_mw;
      e->heat_pump_mwh_yr = e->amount / pair->cop;
    }
  net_investment = e->pipe_eur + e->exchangers_eur + e->pumps_eur;
  e->investment_eur = net_investment + e->heat_pump_eur;

  rate = p->discount_rate;
  e->annuity_eur_yr = net_investment * sm_annuity_factor (rate, p->lifetime)
                      + e->heat_pump_eur * sm_annuity_factor (rate, p->hp_lifetime);
  e->om_eur_yr = net_investment * p->om_share + e->heat_pump_eur * p->hp_om_share;
  e->electricity_mwh_yr = e->pumping_mwh_yr + e->heat_pump_mwh_yr;
  e->electricity_eur_yr = e->electricity_mwh_yr * p->electricity_price[sweden];
  e->annual_cost_eur_yr = e->annuity_eur_yr + e->om_eur_yr + e->electricity_eur_yr;
  e->lcoh_eur_mwh = e->viable ? e->annual_cost_eur_yr / e->delivered_net : NAN;
  e->benefit_eur_yr = MAX (e->delivered_net, 0) * (cooling ? p->cooling_price : p->heat_price)
                      - e->om_eur_yr - e->electricity_eur_yr;
  e->payback_yr = e->benefit_eur_yr > 0 ? e->investment_eur / e->benefit_eur_yr : NAN;
  e->co2_avoided_t_yr = MAX (e->delivered_net, 0) * (cooling ? p->cooling_co2 : p->heat_co2)
                        - e->electricity_mwh_yr * p->electricity_co2[sweden];
}

/* Water, CO2, materials: by truck, or by pipe when that costs less a year */
static void
other (const SmEconParams *p,
       const SmPair       *pair,
       SmEconomics        *e)
{
  double km = (pair->internal ? 0 : pair->route_m) / 1000;
  /* A truck keeps to roads, a pipe to its own kinds of line (docs/SYNERGY.md, "Routes") */
  double truck_km = pair->internal ? 0 : (pair->truck_route_m > 0 ? pair->truck_route_m
                                                                   : pair->route_m) / 1000;
  double eur_m = pair->supply_resource == SM_RESOURCE_WATER ? p->water_pipe_eur_m
                 : pair->supply_resource == SM_RESOURCE_CO2 ? p->co2_pipe_eur_m : NAN;
  double pipe_eur = eur_m * km * 1000;

  e->thermal = FALSE;
  e->viable = TRUE;
  e->capacity_mw = NAN;
  e->amount = e->delivered_net = e->supply_used = MIN (pair->supply_amount, pair->demand_amount);
  /* Water: a cubic metre weighs about a tonne */
  e->truck_eur_yr = e->amount * truck_km * p->truck_eur_tkm;
  e->trucks_per_yr = truck_km > 0 ? ceil (e->amount / p->truck_load_t) : 0;
  e->truck_co2_t_yr = e->amount * truck_km * p->truck_kg_tkm / 1000;
  e->pipe_option_eur_yr = isnan (eur_m) ? NAN
                          : pipe_eur * (sm_annuity_factor (p->discount_rate, p->lifetime) + p->om_share);
  if (!isnan (e->pipe_option_eur_yr) && e->pipe_option_eur_yr < e->truck_eur_yr)
    {
      e->transport = SM_TRANSPORT_PIPE;
      e->pipe_eur_per_m = eur_m;
      e->pipe_eur = e->investment_eur = pipe_eur;
      e->annuity_eur_yr = pipe_eur * sm_annuity_factor (p->discount_rate, p->lifetime);
      e->om_eur_yr = pipe_eur * p->om_share;
      e->annual_cost_eur_yr = e->pipe_option_eur_yr;
      e->co2_avoided_t_yr = 0;
    }
  else
    {
      e->transport = SM_TRANSPORT_TRUCK;
      e->annual_cost_eur_yr = e->truck_eur_yr;
      /* Only heat and cooling claim displaced emissions; a truck adds its own */
      e->co2_avoided_t_yr = -e->truck_co2_t_yr;
    }
  e->lcoh_eur_mwh = e->amount > 0 ? e->annual_cost_eur_yr / e->amount : NAN;
  /* No price for the resource: no payback */
  e->benefit_eur_yr = NAN;
  e->payback_yr = NAN;
}

/**
 * sm_economics_compute:
 * @params: the project's figures (sm_econ_params_load())
 * @pair: the two flows
 * @econ: (out): the pair's figures
 */
void
sm_economics_compute (const SmEconParams *params,
                      const SmPair       *pair,
                      SmEconomics        *econ)
{
  *econ = (SmEconomics) { 0 };
  if (sm_economics_is_thermal (pair->supply_resource))
    thermal (params, pair, econ);
  else
    other (params, pair, econ);
}
