/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-pipe-classes.h"
#include "sm-project.h"

G_BEGIN_DECLS

/* Every figure of docs/SYNERGY.md, read from the project once per search
 * (sm-cost.c names each one's source). Money in €, energy in MWh. */
typedef struct
{
  double      hours_supply, hours_demand;
  double      exchanger_source, exchanger_sink_small, exchanger_sink_large; /* €/MW */
  double      pump_small, pump_large;                                      /* €/MW */
  double      pump_efficiency;
  double      conductivity;
  double      return_c, flow_c, cooling_return_k;
  double      ground_c[2];       /* Denmark, Sweden */
  double      discount_rate;     /* a fraction */
  double      lifetime, om_share;
  double      heat_price, heat_co2;
  double      steam_pipe_factor;
  double      cooling_price, cooling_co2;
  double      cop_max, cop_min, carnot_fraction, hp_max_output_c;
  double      hp_eur_per_mw, hp_lifetime, hp_om_share;
  double      electricity_price[2], electricity_co2[2];
  double      truck_eur_tkm, truck_kg_tkm, truck_load_t;
  double      water_pipe_eur_m, co2_pipe_eur_m;
  guint       n_classes;
  SmPipeClass classes[SM_PIPE_CLASSES_MAX];
} SmEconParams;

/* The two flows of a pair, as the economics need them: the same struct
 * whichever side was asked, so the figures are the same (symmetry). */
typedef struct
{
  SmResource supply_resource;
  SmResource demand_resource;
  double     supply_amount;  /* what is available, canonical unit */
  double     demand_amount;
  double     supply_hours;   /* NAN: the default of the direction */
  double     demand_hours;
  double     supply_c;       /* NAN when unknown */
  double     demand_c;
  double     cop;            /* NAN without a heat pump */
  double     route_m;
  gboolean   internal;
  double     lat, lon;       /* the supply's site: which country's figures */
  double     truck_route_m;  /* along the lines a truck may follow; <= 0: route_m */
} SmPair;

typedef enum
{
  SM_TRANSPORT_PIPE,
  SM_TRANSPORT_TRUCK,
} SmTransport;

typedef struct
{
  gboolean    thermal;          /* heat, steam or cooling on the pipe classes */
  gboolean    viable;           /* FALSE: nothing left after the pipe's losses */
  SmTransport transport;
  double      capacity_mw;      /* P; NAN unless thermal */
  double      amount;           /* E before losses, or min (supply, demand) */
  double      delivered_net;    /* E_net */
  double      supply_used;      /* what the pair takes off the supply */
  double      heat_loss_mwh;    /* per year, 8760 h */
  guint       pipe_class;
  int         n_parallel;
  double      pipe_eur_per_m;
  double      flow_c;           /* temperature the pipe runs at */
  /* One-off, € */
  double      pipe_eur;
  double      exchangers_eur;
  double      pumps_eur;
  double      heat_pump_eur;
  double      investment_eur;
  /* Yearly, €/yr and MWh/yr */
  double      annuity_eur_yr;
  double      om_eur_yr;
  double      pumping_mwh_yr;
  double      heat_pump_mwh_yr;
  double      electricity_mwh_yr;
  double      electricity_eur_yr;
  double      truck_eur_yr;     /* the truck option, shown even when a pipe is cheaper */
  double      trucks_per_yr;
  double      truck_co2_t_yr;
  double      pipe_option_eur_yr; /* the pipe option of water and CO2 (NAN when none) */
  double      annual_cost_eur_yr;
  double      lcoh_eur_mwh;     /* levelised cost per delivered unit (€/MWh, €/t, €/m³) */
  double      benefit_eur_yr;   /* heat value less running costs; NAN when not priced */
  double      payback_yr;       /* NAN: does not pay back */
  double      co2_avoided_t_yr;
} SmEconomics;

void   sm_econ_params_load     (SmProject          *project,
                                SmEconParams       *params);
double sm_annuity_factor       (double              rate,
                                double              years);
double sm_economics_cop        (const SmEconParams *params,
                                double              supply_c,
                                double              demand_c,
                                double              approach_k);
void   sm_economics_compute    (const SmEconParams *params,
                                const SmPair       *pair,
                                SmEconomics        *econ);
gboolean sm_economics_is_thermal (SmResource        resource);

G_END_DECLS
