/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-project.h"

G_BEGIN_DECLS

typedef enum
{
  SM_COST_GROUP_ROUTING,
  SM_COST_GROUP_HEAT,
  SM_COST_GROUP_TRANSPORT,
} SmCostGroup;

/* One figure of the cost model: a project setting with its default and
 * where the default comes from (SYNERGY.md) */
typedef struct
{
  const char *key;      /* project setting */
  const char *label;    /* N_() */
  const char *unit;
  const char *source;   /* N_() */
  SmCostGroup group;
  double      value;    /* the default */
  double      min, max, step;
  int         digits;
} SmCostParameter;

typedef struct
{
  gboolean heat;            /* heat model, else truck transport */
  double   capacity_mw;
  double   pipe_eur_per_m;
  double   pipe_eur;
  double   exchangers_eur;
  double   pumps_eur;
  double   investment_eur;
  double   heat_loss_mwh;   /* per year */
  double   heat_pump_electricity_mwh;
  double   heat_pump_electricity_eur;
  double   payback_years;
  double   co2_avoided_t;   /* per year, heat replacing a gas boiler */
  double   transport_eur;   /* per year */
  double   transport_co2_t; /* per year */
  double   ground_c;
} SmCostEstimate;

const SmCostParameter *sm_cost_get_parameters (guint        *n_parameters);
double                 sm_cost_get_value      (SmProject    *project,
                                               const char   *key);
gboolean               sm_location_is_sweden  (double        lat,
                                               double        lon);
double                 sm_cost_ground_temperature (SmProject *project,
                                                   double     lat,
                                                   double     lon);
void                   sm_cost_estimate       (SmProject    *project,
                                               SmResource    resource,
                                               double        matched_amount,
                                               double        hours_per_year,
                                               double        supply_c,
                                               double        demand_c,
                                               double        cop,
                                               double        route_m,
                                               double        lat,
                                               double        lon,
                                               SmCostEstimate *estimate);

G_END_DECLS
