/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The synergy engine: for one flow, the flows nearby that can use it (or
 * that it can use), by the rules of docs/SYNERGY.md. Candidates come from the
 * sites' R*Tree, never a scan of every flow; distances are geodesic on
 * the WGS84 ellipsoid (PROJ's geodesic routines, Karney 2013).
 */
#define G_LOG_DOMAIN "symbiomap-synergy"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sm-db.h"
#include "sm-progress.h"
#include "sm-cost.h"
#include "sm-economics.h"
#include "sm-geodesic.h"
#include "sm-synergy-candidates.h"
#include "sm-synergy-private.h"

#define KELVIN 273.15

void
sm_match_options_init (SmMatchOptions *options)
{
  g_return_if_fail (options != NULL);

  options->radius_km = 0;
  options->heat_pumps = TRUE;
  options->limit = 0;
  /* Road distance is about 1.2 × the straight line (Newell 1980;
   * O'Sullivan 1996: 1.21-1.23); docs/SYNERGY.md rounds up for pipes. */
  options->detour_factor = 1.25;
  options->approach_k = 5.0;
  options->cooling_approach_k = 2.0;
  options->carnot_fraction = 0.5;
  options->min_cop = 1.5;
  options->use_network = TRUE;
}

/**
 * sm_match_default_radius_km:
 *
 * Returns: how far docs/SYNERGY.md looks for a resource by default: heat,
 *   steam, cooling and water 10 km; CO2 25 km; materials 50 km
 */
double
sm_match_default_radius_km (SmResource resource)
{
  switch (resource)
    {
    case SM_RESOURCE_CO2:
      return 25.0;
    case SM_RESOURCE_MATERIAL:
      return 50.0;
    case SM_RESOURCE_HEAT:
    case SM_RESOURCE_STEAM:
    case SM_RESOURCE_COOLING:
    case SM_RESOURCE_WATER:
    case SM_RESOURCE_INVALID:
    case SM_N_RESOURCES:
    default:
      return 10.0;
    }
}

/**
 * sm_resources_compatible:
 *
 * Returns: whether a demand for @demand can use a supply of @supply:
 *   the same resource, or steam for a heat demand
 */
gboolean
sm_resources_compatible (SmResource supply,
                         SmResource demand)
{
  return supply == demand || (supply == SM_RESOURCE_STEAM && demand == SM_RESOURCE_HEAT);
}

/**
 * sm_ewc_accepts:
 * @demand_codes: a demand's accepted codes as stored: "0301;17;170503*"
 * @supply_code: a supply's code as stored: "030105" or "170503*"
 * @by_prefix: (out) (optional): whether a chapter or sub-chapter prefix matched
 *
 * A hazardous code (*) is accepted only by the same code, never by a
 * prefix: taking hazardous waste needs a permit for that code.
 *
 * Returns: whether the demand accepts the supply's code
 */
gboolean
sm_ewc_accepts (const char *demand_codes,
                const char *supply_code,
                gboolean   *by_prefix)
{
  g_auto (GStrv) items = NULL;
  gboolean hazardous;

  if (by_prefix)
    *by_prefix = FALSE;
  if (demand_codes == NULL || supply_code == NULL)
    return FALSE;
  hazardous = strchr (supply_code, '*') != NULL;
  items = g_strsplit (demand_codes, ";", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      gsize len = strlen (items[i]);

      if (g_str_equal (items[i], supply_code))
        return TRUE;
      if (!hazardous && (len == 2 || len == 4) && strncmp (items[i], supply_code, len) == 0)
        {
          if (by_prefix)
            *by_prefix = TRUE;
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * sm_heat_pump_cop:
 * @options: the match options
 * @supply_c: the supply's temperature, °C
 * @demand_c: the demand's required temperature, °C
 *
 * COP = f × T_hot / (T_hot − T_cold), with T_hot = T_demand + approach
 * and T_cold = T_supply − approach in kelvin (docs/SYNERGY.md).
 *
 * Returns: the coefficient of performance
 */
double
sm_heat_pump_cop (const SmMatchOptions *options,
                  double                supply_c,
                  double                demand_c)
{
  double hot = demand_c + options->approach_k + KELVIN;
  double cold = supply_c - options->approach_k + KELVIN;

  if (hot <= cold)
    return INFINITY;
  return options->carnot_fraction * hot / (hot - cold);
}

/**
 * sm_synergy_copy:
 *
 * Returns: (transfer full): a copy of @synergy that owns its own strings;
 *   the route's points are shared (never changed once found)
 */
SmSynergy *
sm_synergy_copy (const SmSynergy *synergy)
{
  SmSynergy *copy = g_memdup2 (synergy, sizeof *synergy);

  copy->site_name = g_strdup (synergy->site_name);
  copy->supply_site = g_strdup (synergy->supply_site);
  copy->demand_site = g_strdup (synergy->demand_site);
  copy->status = g_strdup (synergy->status);
  if (synergy->route != NULL)
    copy->route = g_array_ref (synergy->route);
  return copy;
}

void
sm_synergy_free (SmSynergy *synergy)
{
  if (synergy == NULL)
    return;
  g_free (synergy->site_name);
  g_free (synergy->supply_site);
  g_free (synergy->demand_site);
  g_free (synergy->status);
  g_clear_pointer (&synergy->route, g_array_unref);
  g_free (synergy);
}

/* Notes */

static const struct
{
  SmMatchNote note;
  const char *key;
  const char *label;
} notes[SM_N_MATCH_NOTES] = {
  { SM_MATCH_NOTE_TEMPERATURE_UNKNOWN, "temperature-unknown",
    /* TRANSLATORS: a match where one side's temperature is not known */
    N_("temperature unknown") },
  { SM_MATCH_NOTE_HEAT_PUMP, "heat-pump", N_("through a heat pump") },
  /* TRANSLATORS: a match between two flows of the same site */
  { SM_MATCH_NOTE_INTERNAL, "internal", N_("internal: the same site") },
  { SM_MATCH_NOTE_DETOUR, "detour-factor",
    /* TRANSLATORS: the pipe length is estimated as the straight line times a factor */
    N_("route estimated from the straight line") },
  { SM_MATCH_NOTE_EWC_PREFIX, "ewc-prefix",
    /* TRANSLATORS: the demand accepts a whole waste-code chapter */
    N_("accepted by EWC chapter") },
  /* TRANSLATORS: the exchange is recorded as operational: no new investment */
  { SM_MATCH_NOTE_EXISTING, "existing", N_("existing exchange") },
  /* TRANSLATORS: the yearly running costs exceed what the heat is worth */
  { SM_MATCH_NOTE_NO_PAYBACK, "no-payback", N_("does not pay back") },
};

const char *
sm_match_note_to_key (SmMatchNote note)
{
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    if (notes[i].note == note)
      return notes[i].key;
  return NULL;
}

const char *
sm_match_note_get_label (SmMatchNote note)
{
  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    if (notes[i].note == note)
      return _(notes[i].label);
  return NULL;
}

/* Matching */

typedef struct
{
  gint64      flow_id;
  gint64      site_id;
  const char *site_name;
  SmDirection direction;
  SmResource  resource;
  double      amount;
  double      temperature_c;
  double      hours;
  const char *ewc_code;
  double      lat, lon;
} Side;

/* The rules of docs/SYNERGY.md for one supply and one demand; FALSE if the
 * demand cannot use the supply. */
static gboolean
judge (const SmMatchOptions *o,
       const SmEconParams   *params,
       const Side           *supply,
       const Side           *demand,
       SmSynergy            *m)
{
  gboolean by_prefix;

  if (!sm_resources_compatible (supply->resource, demand->resource))
    return FALSE;
  m->matched_amount = MIN (supply->amount, demand->amount);
  m->cop = NAN;

  switch (supply->resource)
    {
    case SM_RESOURCE_HEAT:
    case SM_RESOURCE_STEAM:
      if (isnan (supply->temperature_c) || isnan (demand->temperature_c))
        m->notes |= SM_MATCH_NOTE_TEMPERATURE_UNKNOWN;
      else if (supply->temperature_c < demand->temperature_c + o->approach_k)
        {
          double cop;

          if (!o->heat_pumps)
            return FALSE;
          /* Capped, and none below the lowest COP or above the output
           * ceiling (docs/SYNERGY.md, "Heat pump") */
          cop = sm_economics_cop (params, supply->temperature_c, demand->temperature_c,
                                  o->approach_k);
          if (isnan (cop))
            return FALSE;
          m->heat_pump = TRUE;
          m->cop = cop;
          m->notes |= SM_MATCH_NOTE_HEAT_PUMP;
          /* The compressor's electricity becomes heat too. */
          m->matched_amount = MIN (supply->amount * cop / (cop - 1), demand->amount);
        }
      break;
    case SM_RESOURCE_COOLING:
      if (isnan (supply->temperature_c) || isnan (demand->temperature_c))
        m->notes |= SM_MATCH_NOTE_TEMPERATURE_UNKNOWN;
      else if (supply->temperature_c > demand->temperature_c - o->cooling_approach_k)
        return FALSE;
      break;
    case SM_RESOURCE_MATERIAL:
      if (!sm_ewc_accepts (demand->ewc_code, supply->ewc_code, &by_prefix))
        return FALSE;
      if (by_prefix)
        m->notes |= SM_MATCH_NOTE_EWC_PREFIX;
      break;
    case SM_RESOURCE_WATER:
    case SM_RESOURCE_CO2:
    case SM_RESOURCE_INVALID:
    case SM_N_RESOURCES:
    default:
      break;
    }
  return TRUE;
}

/* What operational exchanges already take of each flow (docs/SYNERGY.md,
 * "Allocation"): flow_id → amount. An exchange takes the smaller of its
 * two flows' amounts. */
static GHashTable *
operational_use (SmProject *project,
                 GError   **error)
{
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  SmStmt *stmt = sm_project_prepare (project,
                                           /* Not SQLite's two-argument MIN, which
                                            * PostgreSQL lacks (its LEAST skips a
                                            * NULL that MIN would return): one text
                                            * for both engines */
                                           "SELECT e.supply_flow_id, e.demand_flow_id, "
                                           "CASE WHEN fs.amount IS NULL OR fd.amount IS NULL "
                                           "THEN NULL WHEN fs.amount < fd.amount THEN fs.amount "
                                           "ELSE fd.amount END FROM exchanges e "
                                           "JOIN flows fs ON fs.flow_id = e.supply_flow_id "
                                           "JOIN flows fd ON fd.flow_id = e.demand_flow_id "
                                           "WHERE e.status = 'operational'",
                                           error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    for (int side = 0; side < 2; side++)
      {
        gint64 id = sm_stmt_column_int64 (stmt, side);
        double *v = g_hash_table_lookup (used, &id);

        if (v == NULL)
          {
            v = g_new0 (double, 1);
            g_hash_table_insert (used, g_memdup2 (&id, sizeof id), v);
          }
        *v += sm_stmt_column_double (stmt, 2);
      }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (project, error, _("The project could not read its exchanges: %s"));
      return NULL;
    }
  return g_steal_pointer (&used);
}

static double
available_of (GHashTable *used,
              gint64      flow_id,
              double      amount)
{
  double *v = g_hash_table_lookup (used, &flow_id);

  return v != NULL ? MAX (0, amount - *v) : amount;
}

/**
 * sm_synergy_flow_available:
 *
 * Returns: a flow's @amount less what operational exchanges take of it
 */
double
sm_synergy_flow_available (SmProject *project,
                           gint64     flow_id,
                           double     amount)
{
  g_autoptr (GHashTable) used = operational_use (project, NULL);

  return used != NULL ? available_of (used, flow_id, amount) : amount;
}

/**
 * sm_synergy_legacy_cost:
 *
 * Returns: the old single `cost_eur` figure kept for scripts: the one-off
 *   investment of a pipe, or the yearly cost (€/yr) of trucks
 */
double
sm_synergy_legacy_cost (const SmSynergy *m)
{
  return m->econ.transport == SM_TRANSPORT_PIPE ? m->econ.investment_eur : m->econ.annual_cost_eur_yr;
}

static char *
exchange_status (SmProject *project,
                 gint64     supply_flow_id,
                 gint64     demand_flow_id)
{
  SmStmt *stmt = sm_project_prepare (project,
                                           "SELECT status FROM exchanges WHERE supply_flow_id = ? "
                                           "AND demand_flow_id = ?",
                                           NULL);
  char *status = NULL;

  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_int64 (stmt, 1, supply_flow_id);
  sm_stmt_bind_int64 (stmt, 2, demand_flow_id);
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    status = g_strdup (sm_stmt_column_text (stmt, 0));
  sm_stmt_reset (stmt);
  return status;
}

static int
compare_matches (gconstpointer a,
                 gconstpointer b)
{
  const SmSynergy *x = *(SmSynergy * const *) a;
  const SmSynergy *y = *(SmSynergy * const *) b;

  if (x->straight_m != y->straight_m)
    return x->straight_m < y->straight_m ? -1 : 1;
  return x->flow_id < y->flow_id ? -1 : x->flow_id > y->flow_id;
}

static GPtrArray *
find (SmProject            *project,
      gint64                flow_id,
      const SmMatchOptions *options,
      gboolean              by_pair,
      GError              **error)
{
  g_autoptr (GPtrArray) matches = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_synergy_free);
  g_autoptr (SmFlow) flow = NULL;
  SmMatchOptions defaults;
  SmStmt *stmt;
  SmCandidateQuery query;
  g_autoptr (GHashTable) used = NULL;
  SmEconParams params;
  SmRouter *router;
  g_autoptr (GPtrArray) truck_routes = NULL;
  double radius_m, detour_factor;
  Side self;
  int rc;

  g_return_val_if_fail (SM_IS_PROJECT (project), NULL);

  if (options == NULL)
    {
      sm_match_options_init (&defaults);
      options = &defaults;
    }
  flow = sm_project_get_flow (project, flow_id, error);
  if (flow == NULL)
    return NULL;
  /* The project's figure (Preferences) unless the caller set another */
  detour_factor = options->detour_factor != 1.25 ? options->detour_factor
                                                 : sm_cost_get_value (project, "route.detour_factor");

  sm_econ_params_load (project, &params);
  /* A caller's own heat-pump rules win over the project's */
  if (options->carnot_fraction != 0.5)
    params.carnot_fraction = options->carnot_fraction;
  if (options->min_cop != 1.5)
    params.cop_min = options->min_cop;
  if ((used = operational_use (project, error)) == NULL)
    return NULL;

  self = (Side) { flow->flow_id, flow->site_id, flow->site_name, flow->direction, flow->resource,
                  flow->amount, flow->temperature_c, flow->hours_per_year, flow->ewc_code,
                  flow->lat, flow->lon };
  radius_m = 1000.0 * (options->radius_km > 0 ? options->radius_km
                                               : sm_match_default_radius_km (flow->resource));

  /* The candidates: the other direction's flows of a resource that may
   * serve, in the box around the circle, through the engine's spatial
   * index (sm-synergy-candidates.c holds each engine's statement) */
  sm_candidate_query_init (&query, flow->lat, flow->lon, flow->direction, flow->resource, radius_m);
  stmt = sm_project_prepare (project,
                             sm_synergy_candidates_sql (sm_db_get_engine (sm_project_get_store (project))),
                             error);
  if (stmt == NULL)
    return NULL;
  sm_synergy_candidates_bind (stmt, &query);

  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      Side other;
      const Side *supply, *demand;
      double d;
      SmSynergy *m;

      other.flow_id = sm_stmt_column_int64 (stmt, 0);
      other.site_id = sm_stmt_column_int64 (stmt, 1);
      other.site_name = sm_stmt_column_text (stmt, 2);
      other.direction = query.other;
      other.resource = sm_resource_from_key (sm_stmt_column_text (stmt, 3));
      other.amount = sm_stmt_column_double (stmt, 4);
      other.temperature_c = sm_stmt_column_type (stmt, 5) == SM_DB_NULL
                              ? NAN : sm_stmt_column_double (stmt, 5);
      other.ewc_code = sm_stmt_column_text (stmt, 6);
      other.lat = sm_stmt_column_double (stmt, 7);
      other.lon = sm_stmt_column_double (stmt, 8);
      other.hours = sm_stmt_column_type (stmt, 9) == SM_DB_NULL ? NAN : sm_stmt_column_double (stmt, 9);

      d = other.site_id == self.site_id
            ? 0 : sm_geodesic_distance (self.lat, self.lon, other.lat, other.lon);
      if (d > radius_m)
        continue;

      supply = flow->direction == SM_DIRECTION_SUPPLY ? &self : &other;
      demand = flow->direction == SM_DIRECTION_SUPPLY ? &other : &self;
      m = g_new0 (SmSynergy, 1);
      if (!judge (options, &params, supply, demand, m))
        {
          sm_synergy_free (m);
          continue;
        }
      m->supply_flow_id = supply->flow_id;
      m->demand_flow_id = demand->flow_id;
      m->flow_id = other.flow_id;
      m->site_id = other.site_id;
      m->site_name = g_strdup (other.site_name);
      m->resource = other.resource;
      m->amount = other.amount;
      m->unit = sm_resource_get_unit (other.resource);
      m->temperature_c = other.temperature_c;
      m->lat = other.lat;
      m->lon = other.lon;
      m->supply_site = g_strdup (supply->site_name);
      m->demand_site = g_strdup (demand->site_name);
      m->supply_lat = supply->lat;
      m->supply_lon = supply->lon;
      m->demand_lat = demand->lat;
      m->demand_lon = demand->lon;
      m->straight_m = d;
      m->internal = other.site_id == self.site_id;
      if (m->internal)
        m->notes |= SM_MATCH_NOTE_INTERNAL;
      m->route_m = d * detour_factor;
      m->route_method = "detour-factor";
      if (!m->internal)
        m->notes |= SM_MATCH_NOTE_DETOUR;
      m->available = available_of (used, other.flow_id, other.amount);
      m->pair = (SmPair) {
        supply->resource, demand->resource,
        available_of (used, supply->flow_id, supply->amount),
        available_of (used, demand->flow_id, demand->amount),
        supply->hours, demand->hours, supply->temperature_c, demand->temperature_c,
        m->cop, m->route_m, m->internal, supply->lat, supply->lon,
      };
      g_ptr_array_add (matches, m);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
      sm_project_set_sql_error (project, error, _("The project could not be searched for matches: %s"));
      return NULL;
    }

  g_ptr_array_sort (matches, compare_matches);
  if (options->limit > 0 && matches->len > (guint) options->limit)
    g_ptr_array_set_size (matches, options->limit);
  router = options->use_network && matches->len > 0 ? sm_router_for_project (project, error) : NULL;
  if (options->use_network && matches->len > 0 && router == NULL)
    return NULL;
  /* One search from the flow's site to all its counterparts (per kind of
   * line), limited to the radius × the detour factor */
  truck_routes = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_route_free);
  if (router != NULL
      && !sm_synergy_route_matches (project, router, flow->lat, flow->lon,
                                    flow->direction == SM_DIRECTION_SUPPLY, matches,
                                    radius_m * detour_factor, detour_factor, truck_routes, by_pair,
                                    error))
    return NULL;
  for (guint i = 0; i < matches->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (matches, i);

      m->status = exchange_status (project, m->supply_flow_id, m->demand_flow_id);
      m->existing = g_strcmp0 (m->status, "operational") == 0;
      if (m->existing)
        {
          /* An operational exchange keeps the amounts it was recorded with */
          m->pair.supply_amount = flow->direction == SM_DIRECTION_SUPPLY ? flow->amount : m->amount;
          m->pair.demand_amount = flow->direction == SM_DIRECTION_SUPPLY ? m->amount : flow->amount;
          m->notes |= SM_MATCH_NOTE_EXISTING;
        }
      m->pair.route_m = m->route_m;
      sm_economics_compute (&params, &m->pair, &m->econ);
      m->matched_amount = m->econ.amount;
      /* Water or CO2 by truck: the truck's route is the one to show */
      if (i < truck_routes->len && g_ptr_array_index (truck_routes, i) != NULL
          && m->econ.transport == SM_TRANSPORT_TRUCK)
        {
          double pipe_m = m->pair.route_m;

          sm_synergy_take_route (m, g_ptr_array_index (truck_routes, i), detour_factor);
          m->pair.route_m = pipe_m;
        }
      if (m->econ.thermal && isnan (m->econ.payback_yr))
        m->notes |= SM_MATCH_NOTE_NO_PAYBACK;
    }
  /* A pair whose pipe loses all it carries, or with nothing left to
   * exchange, is no match (docs/SYNERGY.md) */
  for (guint i = matches->len; i-- > 0;)
    {
      SmSynergy *m = g_ptr_array_index (matches, i);

      if (!m->existing && (!m->econ.viable || m->econ.amount <= 0))
        g_ptr_array_remove_index (matches, i);
    }
  return g_steal_pointer (&matches);
}

/**
 * sm_synergy_find:
 * @project: a project
 * @flow_id: a supply (to find demands) or a demand (to find supplies)
 * @options: the rules' settings
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SmSynergy): the compatible
 *   counterparts within the radius, nearest first
 */
GPtrArray *
sm_synergy_find (SmProject            *project,
                 gint64                flow_id,
                 const SmMatchOptions *options,
                 GError              **error)
{
  return find (project, flow_id, options, FALSE, error);
}

/* The same, each pair routed on its own: what the engine did before one
 * search served every counterpart; the tests compare the two */
GPtrArray *
sm_synergy_find_by_pair (SmProject            *project,
                         gint64                flow_id,
                         const SmMatchOptions *options,
                         GError              **error)
{
  return find (project, flow_id, options, TRUE, error);
}

/**
 * sm_synergy_find_all:
 * @project: a project
 * @options: the rules' settings
 * @progress: (nullable): called now and then with the fraction done
 * @user_data: for @progress
 * @cancellable: (nullable): stops the search
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SmSynergy): every supply's
 *   matches, by supply
 */
GPtrArray *
sm_synergy_find_all (SmProject            *project,
                     const SmMatchOptions *options,
                     SmSynergyProgressFunc progress,
                     gpointer              user_data,
                     GCancellable         *cancellable,
                     GError              **error)
{
  g_autoptr (GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_synergy_free);
  g_autoptr (GArray) supplies = g_array_new (FALSE, FALSE, sizeof (gint64));
  SmMatchOptions copy;
  SmStmt *stmt;
  int rc;

  g_return_val_if_fail (SM_IS_PROJECT (project), NULL);

  if (options != NULL)
    copy = *options;
  else
    sm_match_options_init (&copy);
  copy.limit = 0;

  stmt = sm_project_prepare (project,
                             "SELECT flow_id FROM flows WHERE direction = 'supply' ORDER BY flow_id",
                             error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      gint64 id = sm_stmt_column_int64 (stmt, 0);
      g_array_append_val (supplies, id);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (project, error, _("The project could not be searched for matches: %s"));
      return NULL;
    }

  for (guint i = 0; i < supplies->len; i++)
    {
      g_autoptr (GPtrArray) some = sm_synergy_find (project, g_array_index (supplies, gint64, i),
                                                    &copy, error);

      if (some == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (all, g_steal_pointer (&some));
      if ((i & 63) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
          if (progress != NULL)
            progress ((double) i / supplies->len, user_data);
        }
    }
  if (progress != NULL)
    progress (1.0, user_data);
  return g_steal_pointer (&all);
}

/* In a thread */

typedef struct
{
  char            *project_path;
  SmMatchOptions   options;
  SmProgressRelay *relay;
} FindAllTask;

static void
find_all_task_free (FindAllTask *t)
{
  g_free (t->project_path);
  sm_progress_relay_unref (t->relay);
  g_free (t);
}

static void
find_all_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  FindAllTask *t = task_data;
  g_autoptr (SmProject) project = NULL;
  GError *error = NULL;
  GPtrArray *all = NULL;

  /* A connection of its own: SQLite connections stay in their thread. */
  project = sm_project_open (t->project_path, &error);
  if (project != NULL)
    all = sm_synergy_find_all (project, &t->options, sm_progress_relay_report, t->relay,
                               cancellable, &error);
  sm_progress_relay_stop (t->relay);
  if (all == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, all, (GDestroyNotify) g_ptr_array_unref);
}

void
sm_synergy_find_all_async (const char           *project_path,
                           const SmMatchOptions *options,
                           SmSynergyProgressFunc progress,
                           gpointer              user_data,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              callback_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, callback_data);
  FindAllTask *t = g_new0 (FindAllTask, 1);

  t->project_path = g_strdup (project_path);
  if (options != NULL)
    t->options = *options;
  else
    sm_match_options_init (&t->options);
  t->relay = sm_progress_relay_new (progress, user_data);
  g_task_set_source_tag (task, sm_synergy_find_all_async);
  g_task_set_task_data (task, t, (GDestroyNotify) find_all_task_free);
  g_task_run_in_thread (task, find_all_thread);
}

GPtrArray *
sm_synergy_find_all_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
