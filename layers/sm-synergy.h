/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sm-economics.h"
#include "sm-geodesic.h"
#include "sm-project.h"

G_BEGIN_DECLS

/* The rules of docs/SYNERGY.md; every figure a default the user can change. */
typedef struct
{
  double   radius_km;          /* <= 0: the resource's default (10, 25 or 50 km) */
  gboolean heat_pumps;         /* lift a too-cold supply with a heat pump */
  int      limit;              /* 0: every match */
  double   detour_factor;      /* route = straight × this, without a network (1.25) */
  double   approach_k;         /* heat exchanger approach, K (5) */
  double   cooling_approach_k; /* cold delivered below the need, K (2) */
  double   carnot_fraction;    /* of the Carnot COP a real heat pump reaches (0.5) */
  double   min_cop;            /* no heat pump below this COP (1.5) */
  gboolean use_network;        /* route along the project's network lines */
} SmMatchOptions;

typedef enum
{
  SM_MATCH_NOTE_TEMPERATURE_UNKNOWN = 1 << 0,
  SM_MATCH_NOTE_HEAT_PUMP           = 1 << 1,
  SM_MATCH_NOTE_INTERNAL            = 1 << 2,
  SM_MATCH_NOTE_DETOUR              = 1 << 3,
  SM_MATCH_NOTE_EWC_PREFIX          = 1 << 4,
  SM_MATCH_NOTE_EXISTING            = 1 << 5,
  SM_MATCH_NOTE_NO_PAYBACK          = 1 << 6,
} SmMatchNote;

#define SM_N_MATCH_NOTES 7

/* One supply that one demand can use */
typedef struct
{
  gint64      supply_flow_id;
  gint64      demand_flow_id;
  /* The other side, seen from the flow asked about */
  gint64      flow_id;
  gint64      site_id;
  char       *site_name;
  SmResource  resource;       /* the counterpart's resource */
  double      amount;
  const char *unit;
  double      temperature_c;  /* NAN when unknown */
  double      lat, lon;
  /* Both ends */
  char       *supply_site;
  char       *demand_site;
  double      supply_lat, supply_lon;
  double      demand_lat, demand_lon;
  /* What the match is worth */
  double      matched_amount; /* in the demand's canonical unit */
  double      straight_m;
  double      route_m;
  const char *route_method;   /* "network" or "detour-factor" */
  gboolean    heat_pump;
  double      cop;            /* NAN without a heat pump */
  gboolean    internal;
  gboolean    existing;       /* an operational exchange: not a new investment */
  double      available;      /* the counterpart's amount less operational exchanges */
  SmPair      pair;           /* both flows, as the economics see them */
  SmEconomics econ;           /* investment (€), yearly costs (€/yr), LCOH, CO2 */
  char       *status;         /* of a recorded exchange, or NULL */
  GArray     *route;          /* lon, lat pairs along the route, or NULL */
  guint       notes;          /* SmMatchNote */
} SmSynergy;

typedef void (*SmSynergyProgressFunc) (double   fraction,
                                       gpointer user_data);

void        sm_match_options_init      (SmMatchOptions       *options);
double      sm_match_default_radius_km (SmResource            resource);

gboolean    sm_resources_compatible    (SmResource            supply,
                                        SmResource            demand);
gboolean    sm_ewc_accepts             (const char           *demand_codes,
                                        const char           *supply_code,
                                        gboolean             *by_prefix);
double      sm_heat_pump_cop           (const SmMatchOptions *options,
                                        double                supply_c,
                                        double                demand_c);
double      sm_synergy_flow_available  (SmProject            *project,
                                        gint64                flow_id,
                                        double                amount);
double      sm_synergy_legacy_cost     (const SmSynergy      *synergy);

GPtrArray  *sm_synergy_find            (SmProject            *project,
                                        gint64                flow_id,
                                        const SmMatchOptions *options,
                                        GError              **error);
GPtrArray  *sm_synergy_find_all        (SmProject            *project,
                                        const SmMatchOptions *options,
                                        SmSynergyProgressFunc progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        GError              **error);
void        sm_synergy_find_all_async  (const char           *project_path,
                                        const SmMatchOptions *options,
                                        SmSynergyProgressFunc progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              callback_data);
GPtrArray  *sm_synergy_find_all_finish (GAsyncResult         *result,
                                        GError              **error);

const char *sm_match_note_to_key       (SmMatchNote           note);
const char *sm_match_note_get_label    (SmMatchNote           note);

SmSynergy  *sm_synergy_copy            (const SmSynergy      *synergy);
void        sm_synergy_free            (SmSynergy            *synergy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmSynergy, sm_synergy_free)

G_END_DECLS
