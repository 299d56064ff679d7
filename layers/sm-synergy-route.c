/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Routes for the matches of one flow (docs/SYNERGY.md, "Routes"): the
 * flow's site is the source, its counterparts the sinks, and each set of
 * line kinds is routed by ONE sm_router_route_many() search, limited to
 * the radius × the detour factor. The sinks beyond that limit are routed
 * by one more search without a limit (A* for one), so the matches are the
 * same as with a route per pair.
 * Pipes follow their resource's kinds of line, trucks roads only
 * (settings route.kinds.*); lines without a kind carry everything.
 */
#define G_LOG_DOMAIN "symbiomap-synergy"

#include "config.h"

#include <string.h>

#include "sm-cost.h"
#include "sm-synergy-private.h"

/* The routes asked of one search: the matches and which of their two
 * routes (the pipe's, or the truck's of water and CO2) */
typedef struct
{
  GStrv   kinds;    /* NULL: every kind */
  char   *key;      /* the kinds joined, to share one search */
  GArray *members;  /* of guint: match index × 2 + (1 for the truck route) */
} Job;

static void
job_free (Job *j)
{
  g_strfreev (j->kinds);
  g_free (j->key);
  g_array_unref (j->members);
  g_free (j);
}

static void
add_member (GPtrArray *jobs,
            GStrv      kinds,
            guint      member)
{
  g_autofree char *key = kinds ? g_strjoinv ("\n", kinds) : g_strdup ("*");
  Job *j = NULL;

  for (guint i = 0; i < jobs->len && j == NULL; i++)
    if (g_str_equal (((Job *) g_ptr_array_index (jobs, i))->key, key))
      j = g_ptr_array_index (jobs, i);
  if (j == NULL)
    {
      j = g_new0 (Job, 1);
      j->kinds = g_strdupv (kinds);
      j->key = g_steal_pointer (&key);
      j->members = g_array_new (FALSE, FALSE, sizeof (guint));
      g_ptr_array_add (jobs, j);
    }
  g_array_append_val (j->members, member);
}

/* Routes from the demand run backwards: turn them round, supply first */
static void
reverse_coordinates (GArray *c)
{
  double *v = (double *) c->data;

  for (guint i = 0, j = c->len - 2; c->len >= 4 && i < j; i += 2, j -= 2)
    {
      double lon = v[i], lat = v[i + 1];

      v[i] = v[j];
      v[i + 1] = v[j + 1];
      v[j] = lon;
      v[j + 1] = lat;
    }
}

/**
 * sm_synergy_take_route:
 *
 * Makes @route the match's route: along the network, or the straight
 * line × the engine's detour factor with its note. Steals the
 * coordinates of a network route.
 */
void
sm_synergy_take_route (SmSynergy *m,
                       SmRoute   *route,
                       double     detour_factor)
{
  g_clear_pointer (&m->route, g_array_unref);
  if (g_str_equal (route->method, "network"))
    {
      m->route_m = route->route_m;
      m->route_method = "network";
      m->notes &= ~SM_MATCH_NOTE_DETOUR;
      m->route = g_steal_pointer (&route->coordinates);
    }
  else
    {
      m->route_m = m->straight_m * detour_factor;
      m->route_method = "detour-factor";
      m->notes |= SM_MATCH_NOTE_DETOUR;
    }
}

/**
 * sm_synergy_route_matches:
 * @from_lat: the asking flow's site
 * @from_supply: whether the asking flow is the supply
 * @matches: (element-type SmSynergy): its matches, not internal ones routed
 * @limit_m: the radius × the detour factor
 * @truck_routes: (element-type SmRoute): filled with one entry a match:
 *   the truck's route of water and CO2 (whose pipe is the match's route),
 *   else NULL
 * @by_pair: route each pair on its own instead (for tests to compare)
 *
 * Returns: FALSE with @error set when a route cannot be asked
 */
gboolean
sm_synergy_route_matches (SmProject *project,
                          SmRouter  *router,
                          double     from_lat,
                          double     from_lon,
                          gboolean   from_supply,
                          GPtrArray *matches,
                          double     limit_m,
                          double     detour_factor,
                          GPtrArray *truck_routes,
                          gboolean   by_pair,
                          GError   **error)
{
  g_autoptr (GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  GStrv pipe_kinds[SM_N_RESOURCES] = { NULL };
  GStrv truck_kinds = sm_cost_get_route_kinds (project, SM_RESOURCE_MATERIAL, TRUE);
  gboolean ok = TRUE;

  for (guint i = 0; i < matches->len; i++)
    g_ptr_array_add (truck_routes, NULL);
  for (guint i = 0; i < matches->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (matches, i);
      SmResource r = m->pair.demand_resource;

      if (m->internal || r <= SM_RESOURCE_INVALID || r >= SM_N_RESOURCES)
        continue;
      if (r == SM_RESOURCE_MATERIAL)
        {
          /* Materials go by truck only: its route is the match's */
          add_member (jobs, truck_kinds, i * 2);
          continue;
        }
      if (pipe_kinds[r] == NULL)
        pipe_kinds[r] = sm_cost_get_route_kinds (project, r, FALSE);
      add_member (jobs, pipe_kinds[r], i * 2);
      if (r == SM_RESOURCE_WATER || r == SM_RESOURCE_CO2)
        add_member (jobs, truck_kinds, i * 2 + 1);
    }

  for (guint j = 0; j < jobs->len && ok; j++)
    {
      Job *job = g_ptr_array_index (jobs, j);
      guint n = job->members->len;
      g_autofree double *lat = g_new (double, n);
      g_autofree double *lon = g_new (double, n);
      SmRouteOptions ro = { (const char * const *) job->kinds, limit_m, FALSE };
      g_autoptr (GPtrArray) routes = NULL;

      for (guint k = 0; k < n; k++)
        {
          SmSynergy *m = g_ptr_array_index (matches, g_array_index (job->members, guint, k) / 2);

          lat[k] = from_supply ? m->demand_lat : m->supply_lat;
          lon[k] = from_supply ? m->demand_lon : m->supply_lon;
        }
      if (by_pair)
        {
          /* The old way, kept for the tests to compare: a route per pair */
          routes = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_route_free);
          ro.max_route_m = 0;
          for (guint k = 0; k < n && routes != NULL; k++)
            {
              SmRoute *route = sm_router_route_full (router, from_lat, from_lon, lat[k], lon[k], &ro,
                                                     error);

              if (route == NULL)
                g_clear_pointer (&routes, g_ptr_array_unref);
              else
                g_ptr_array_add (routes, route);
            }
        }
      else
        routes = sm_router_route_many (router, from_lat, from_lon, n, lat, lon, &ro, error);
      if (routes == NULL)
        {
          ok = FALSE;
          break;
        }
      /* Longer than the limit by the network: those sinks by one more
       * search without a limit (A* for one), as a route per pair would
       * find them */
      if (!by_pair)
        {
          g_autofree double *far_lat = g_new (double, n);
          g_autofree double *far_lon = g_new (double, n);
          g_autofree guint *far = g_new (guint, n);
          guint n_far = 0;

          for (guint k = 0; k < n; k++)
            if (g_ptr_array_index (routes, k) == NULL)
              {
                far_lat[n_far] = lat[k];
                far_lon[n_far] = lon[k];
                far[n_far++] = k;
              }
          if (n_far > 0)
            {
              g_autoptr (GPtrArray) more = NULL;

              ro.max_route_m = 0;
              more = sm_router_route_many (router, from_lat, from_lon, n_far, far_lat, far_lon, &ro,
                                           error);
              if (more == NULL)
                {
                  ok = FALSE;
                  break;
                }
              for (guint k = 0; k < n_far; k++)
                g_ptr_array_index (routes, far[k]) = g_steal_pointer (&g_ptr_array_index (more, k));
            }
        }
      for (guint k = 0; k < n && ok; k++)
        {
          guint member = g_array_index (job->members, guint, k);
          SmSynergy *m = g_ptr_array_index (matches, member / 2);
          SmRoute *route = g_ptr_array_index (routes, k);

          if (!from_supply && route->coordinates != NULL)
            reverse_coordinates (route->coordinates);
          if (member % 2 == 0)
            {
              sm_synergy_take_route (m, route, detour_factor);
              m->pair.route_m = m->route_m;
              if (m->pair.demand_resource == SM_RESOURCE_MATERIAL)
                m->pair.truck_route_m = m->route_m;
            }
          else
            {
              if (!g_str_equal (route->method, "network"))
                route->route_m = m->straight_m * detour_factor;
              m->pair.truck_route_m = route->route_m;
              g_ptr_array_index (truck_routes, member / 2) = g_steal_pointer (&g_ptr_array_index (routes, k));
            }
        }
    }
  for (guint r = 0; r < SM_N_RESOURCES; r++)
    g_strfreev (pipe_kinds[r]);
  g_strfreev (truck_kinds);
  return ok;
}
