/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-project.h"

G_BEGIN_DECLS

typedef enum
{
  SM_COST_GROUP_ROUTING,
  SM_COST_GROUP_HEAT,
  SM_COST_GROUP_TRANSPORT,
  SM_COST_GROUP_HEAT_PUMP,
  SM_COST_GROUP_ELECTRICITY,
  SM_COST_GROUP_MONEY,
  SM_N_COST_GROUPS
} SmCostGroup;

/* One figure of the cost model: a project setting with its default and
 * where the default comes from (docs/SYNERGY.md) */
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
  const char *text;     /* not NULL: a text setting with this default, not a figure */
} SmCostParameter;

const SmCostParameter *sm_cost_get_parameters (guint        *n_parameters);
double                 sm_cost_get_default    (const char   *key);
double                 sm_cost_get_value      (SmProject    *project,
                                               const char   *key);
char                  *sm_cost_get_text       (SmProject    *project,
                                               const char   *key);
GStrv                  sm_cost_get_route_kinds (SmProject   *project,
                                                SmResource   resource,
                                                gboolean     truck);
gboolean               sm_cost_reset          (SmProject    *project,
                                               GError      **error);
#define SM_COST_CURRENCY_SETTING "money.currency"

const char            *sm_cost_get_currency   (SmProject    *project,
                                               double       *per_eur);
gboolean               sm_location_is_sweden  (double        lat,
                                               double        lon);
double                 sm_cost_ground_temperature (SmProject *project,
                                                   double     lat,
                                                   double     lon);

G_END_DECLS
