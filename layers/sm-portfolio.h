/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-synergy.h"

G_BEGIN_DECLS

/* One synergy of the portfolio: what it takes after the pairs before it */
typedef struct
{
  SmSynergy  *synergy;     /* owned; its econ is for the allocated amounts */
  double      allocated;   /* E of the pair, demand's unit */
  double      supply_used; /* what it takes off the supply */
} SmAllocation;

typedef struct
{
  GPtrArray *allocations;           /* of SmAllocation, cheapest first */
  double     heat_delivered_mwh_yr; /* heat and steam, net of losses */
  double     cooling_delivered_mwh_yr;
  double     material_t_yr;
  double     water_m3_yr;
  double     co2_t_yr;
  double     investment_eur;        /* one-off */
  double     annual_cost_eur_yr;
  double     co2_avoided_t_yr;
  double     supply_total[SM_N_RESOURCES]; /* the sum of every supply's amount */
} SmPortfolio;

SmPortfolio *sm_portfolio_build        (SmProject            *project,
                                        const SmMatchOptions *options,
                                        SmSynergyProgressFunc progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        GError              **error);
SmPortfolio *sm_portfolio_allocate     (SmProject            *project,
                                        GPtrArray            *synergies,
                                        GError              **error);
gboolean     sm_portfolio_write_csv    (SmPortfolio          *portfolio,
                                        const char           *path,
                                        GError              **error);
void         sm_portfolio_build_async  (const char           *project_path,
                                        const SmMatchOptions *options,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
SmPortfolio *sm_portfolio_build_finish (GAsyncResult         *result,
                                        GError              **error);
void         sm_portfolio_free         (SmPortfolio          *portfolio);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmPortfolio, sm_portfolio_free)

G_END_DECLS
