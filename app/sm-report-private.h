/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <locale.h>
#include <pango/pangocairo.h>

#include "sm-basemap.h"
#include "sm-portfolio.h"
#include "sm-report.h"

G_BEGIN_DECLS

/* A4 in points, and the margins of every page */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN 42.0
#define BODY_FONT 8.5

typedef struct
{
  SmProject       *project;
  cairo_t         *cr;
  cairo_surface_t *surface;
  SmBasemap       *basemap;   /* nullable: maps then show plain water */
  locale_t         numeric;
  GPtrArray       *sites;     /* of SmSite */
  GPtrArray       *flows;     /* of SmFlow */
  GHashTable      *sites_by_id;
  GHashTable      *flows_by_id;
  GPtrArray       *synergies; /* of SmSynergy */
  GArray          *portfolio; /* of SmPortfolioItem, ranked */
  SmPortfolio     *allocation; /* what the items of portfolio borrow */
  int              page;      /* the current page, from 1 */
  double           y;         /* where the next line goes */
  char            *title;
  char            *date;
  SmReportSummary *summary;
} Report;

/* A column of a table: its heading, share of the width, right-aligned */
typedef struct
{
  const char *heading;
  double      share;
  gboolean    right;
} Column;

char        *report_number   (Report     *report,
                              double      value,
                              int         decimals);
char        *report_amount   (Report     *report,
                              double      value,
                              const char *unit);
PangoLayout *report_layout   (Report     *report,
                              const char *text,
                              double      size,
                              gboolean    bold,
                              double      width);
void         report_new_page (Report     *report);
void         report_heading  (Report     *report,
                              const char *text,
                              double      size);
void         report_table    (Report       *report,
                              const char   *continued,
                              const Column *columns,
                              guint         n_columns,
                              GPtrArray    *rows);

void         report_map_section   (Report      *report,
                                   SmResource   resource,
                                   const char  *chapter);
void         report_contacts      (Report      *report);
void         report_portfolio     (Report      *report);

G_END_DECLS
