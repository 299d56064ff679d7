/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sm-project.h"
#include "sm-portfolio.h"
#include "sm-synergy.h"

G_BEGIN_DECLS

typedef struct
{
  guint resources;    /* bit per SmResource; 0: every resource present */
} SmReportOptions;

/* What a report holds, page by page (numbers from 1) */
typedef struct
{
  int n_pages;
  int n_maps;           /* map sections: one per resource, or EWC chapter */
  int map_first_page[32];
  int contacts_page;
  int portfolio_page;
  int n_portfolio;
  int labels_left_out;  /* numbered labels with no free place */
} SmReportSummary;

/* One allocated synergy of the portfolio, with its economics */
typedef struct
{
  SmSynergy  *synergy;      /* borrowed from the list ranked */
  SmResource  resource;     /* the supply's */
  double      amount;       /* allocated, in the demand's canonical unit */
  const char *unit;
  double      investment_eur;
  double      yearly_eur;   /* operation: transport, heat pump electricity */
  double      payback_years;
  double      co2_avoided_t;
  double      levelised_eur;/* per unit of amount */
} SmPortfolioItem;

typedef void (*SmReportProgressFunc) (double   fraction,
                                      gpointer user_data);

GArray   *sm_report_rank_portfolio (SmProject            *project,
                                    GPtrArray            *synergies,
                                    SmPortfolio         **kept,
                                    GError              **error);
gboolean  sm_report_write          (SmProject            *project,
                                    const char           *path,
                                    const SmReportOptions *options,
                                    SmReportProgressFunc  progress,
                                    gpointer              user_data,
                                    GCancellable         *cancellable,
                                    SmReportSummary      *summary,
                                    GError              **error);
guint     sm_report_parse_resources (const char          *list,
                                     GError             **error);

G_END_DECLS
