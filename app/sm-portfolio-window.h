/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-project.h"

G_BEGIN_DECLS

#define SM_TYPE_PORTFOLIO_WINDOW (sm_portfolio_window_get_type ())
G_DECLARE_FINAL_TYPE (SmPortfolioWindow, sm_portfolio_window, SM, PORTFOLIO_WINDOW, AdwWindow)

GtkWidget *sm_portfolio_window_new         (GtkWindow         *parent,
                                            SmProject         *project);
guint      sm_portfolio_window_get_n_rows  (SmPortfolioWindow *self);
gboolean   sm_portfolio_window_is_running  (SmPortfolioWindow *self);

G_END_DECLS
