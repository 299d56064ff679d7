/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the views (app/, maps/) and the CLI ask of a project, as named
 * functions, so that no SQL lives above layers/ (docs/ARCHITECTURE.md). */

#include <gio/gio.h>

#include "sm-project.h"

G_BEGIN_DECLS

/* One flow of one site in a box (or the site alone, direction -1). */
typedef struct
{
  gint64      site_id;
  double      lat, lon;
  int         direction; /* SmDirection, or -1 for a site without flows */
  SmResource  resource;
  double      amount;
} SmSiteFlowRow;

/* A recorded exchange with everything the Exchanges view shows. */
typedef struct
{
  gint64           exchange_id;
  gint64           supply_flow_id;
  gint64           demand_flow_id;
  SmExchangeStatus status;
  char            *note;
  char            *created_at; /* ISO 8601, UTC */
  char            *updated_at;
  SmResource       resource;
  double           amount;
  char            *unit;
  gint64           supply_site_id;
  gint64           demand_site_id;
  char            *supply_site;
  char            *demand_site;
  double           supply_lat, supply_lon, demand_lat, demand_lon;
  char            *source_file; /* the imported file that named the partners */
} SmExchangeRecord;

/* One change of a recorded exchange */
typedef struct
{
  SmExchangeStatus status;
  char            *note;
  char            *changed_at; /* ISO 8601, UTC */
} SmExchangeChange;

char      *sm_fold_text                    (const char  *text);

GArray    *sm_project_sites_in_box         (SmProject   *self,
                                            double       min_lat,
                                            double       max_lat,
                                            double       min_lon,
                                            double       max_lon,
                                            GError     **error);
GPtrArray *sm_project_edges_in_box         (SmProject   *self,
                                            double       min_lat,
                                            double       max_lat,
                                            double       min_lon,
                                            double       max_lon,
                                            GError     **error);
GPtrArray *sm_project_search_sites         (SmProject   *self,
                                            const char  *text,
                                            int          limit,
                                            GError     **error);
gboolean   sm_project_refresh_folded_names (SmProject   *self,
                                            GError     **error);
GPtrArray *sm_project_list_exchange_records (SmProject  *self,
                                             int         status,
                                             GError    **error);
gboolean   sm_project_set_exchange_note    (SmProject        *self,
                                            gint64            exchange_id,
                                            SmExchangeStatus  status,
                                            const char       *note,
                                            GError          **error);
void       sm_exchange_record_free         (SmExchangeRecord *record);
char      *sm_exchange_display_note        (const char       *note,
                                            const char       *source_file);
GPtrArray *sm_project_list_exchange_history (SmProject  *self,
                                             gint64      exchange_id,
                                             GError    **error);
void       sm_exchange_change_free         (SmExchangeChange *change);

/* Changes made by anyone: this connection, a thread's connection, another
 * process. */
void       sm_project_get_change_stamp     (SmProject   *self,
                                            gint64      *data_version,
                                            gint64      *total_changes);
void       sm_project_end_reads        (SmProject   *self);
guint      sm_project_watch                (SmProject   *self,
                                            guint        interval_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmExchangeRecord, sm_exchange_record_free)

G_END_DECLS
