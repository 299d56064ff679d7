/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project's portfolio (docs/SYNERGY.md, "Allocation"): every synergy
 * of the project, cheapest levelised cost first (then the shortest), each
 * taking what is still available of both its flows, so that no flow is
 * used twice and the project's totals never exceed its sources.
 */
#define G_LOG_DOMAIN "symbiomap-portfolio"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

#include "sm-db.h"
#include "sm-portfolio.h"

/* Below this a flow counts as used up (rounding of the subtraction) */
#define EPSILON 1e-9

static void
allocation_free (SmAllocation *a)
{
  sm_synergy_free (a->synergy);
  g_free (a);
}

void
sm_portfolio_free (SmPortfolio *portfolio)
{
  if (portfolio == NULL)
    return;
  g_clear_pointer (&portfolio->allocations, g_ptr_array_unref);
  g_free (portfolio);
}

static int
by_levelised_cost (gconstpointer a,
                   gconstpointer b)
{
  const SmSynergy *x = *(SmSynergy * const *) a;
  const SmSynergy *y = *(SmSynergy * const *) b;
  double cx = isnan (x->econ.lcoh_eur_mwh) ? G_MAXDOUBLE : x->econ.lcoh_eur_mwh;
  double cy = isnan (y->econ.lcoh_eur_mwh) ? G_MAXDOUBLE : y->econ.lcoh_eur_mwh;

  if (cx != cy)
    return cx < cy ? -1 : 1;
  if (x->straight_m != y->straight_m)
    return x->straight_m < y->straight_m ? -1 : 1;
  if (x->supply_flow_id != y->supply_flow_id)
    return x->supply_flow_id < y->supply_flow_id ? -1 : 1;
  return (x->demand_flow_id > y->demand_flow_id) - (x->demand_flow_id < y->demand_flow_id);
}

static double *
remaining (GHashTable *table,
           gint64      flow_id,
           double      available)
{
  double *v = g_hash_table_lookup (table, &flow_id);

  if (v == NULL)
    {
      v = g_new (double, 1);
      *v = available;
      g_hash_table_insert (table, g_memdup2 (&flow_id, sizeof flow_id), v);
    }
  return v;
}

static gboolean
sum_supplies (SmProject   *project,
              SmPortfolio *p,
              GError     **error)
{
  SmStmt *stmt = sm_project_prepare (project,
                                           "SELECT resource, SUM (amount) FROM flows "
                                           "WHERE direction = 'supply' GROUP BY resource",
                                           error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmResource r = sm_resource_from_key (sm_stmt_column_text (stmt, 0));

      if (r != SM_RESOURCE_INVALID)
        p->supply_total[r] = sm_stmt_column_double (stmt, 1);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (project, error, _("The project could not be searched for matches: %s"));
      return FALSE;
    }
  return TRUE;
}

/**
 * sm_portfolio_allocate:
 * @synergies: (transfer none): every synergy, as sm_synergy_find_all()
 *   returns them; those the portfolio keeps are moved out of it
 *
 * Returns: (transfer full): the portfolio
 */
SmPortfolio *
sm_portfolio_allocate (SmProject  *project,
                       GPtrArray  *synergies,
                       GError    **error)
{
  g_autoptr (SmPortfolio) p = g_new0 (SmPortfolio, 1);
  g_autoptr (GHashTable) left = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  SmEconParams params;

  p->allocations = g_ptr_array_new_with_free_func ((GDestroyNotify) allocation_free);
  if (!sum_supplies (project, p, error))
    return NULL;
  sm_econ_params_load (project, &params);
  g_ptr_array_sort (synergies, by_levelised_cost);

  for (guint i = 0; i < synergies->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (synergies, i);
      double *s, *d;
      SmPair pair;
      SmEconomics e;
      SmAllocation *a;

      /* Operational exchanges are already taken off both flows */
      if (m == NULL || m->existing)
        continue;
      s = remaining (left, m->supply_flow_id, m->pair.supply_amount);
      d = remaining (left, m->demand_flow_id, m->pair.demand_amount);
      if (*s <= EPSILON || *d <= EPSILON)
        continue;
      pair = m->pair;
      pair.supply_amount = *s;
      pair.demand_amount = *d;
      sm_economics_compute (&params, &pair, &e);
      if (!e.viable || e.amount <= EPSILON)
        continue;
      *s = MAX (0, *s - e.supply_used);
      *d = MAX (0, *d - e.amount);

      a = g_new0 (SmAllocation, 1);
      a->synergy = m;
      g_ptr_array_index (synergies, i) = NULL;
      a->synergy->pair = pair;
      a->synergy->econ = e;
      a->synergy->matched_amount = e.amount;
      /* Water and CO2 may change between pipe and truck with the amounts */
      if (!m->internal)
        a->synergy->route_m = e.transport == SM_TRANSPORT_TRUCK && pair.truck_route_m > 0
                                ? pair.truck_route_m : pair.route_m;
      a->allocated = e.amount;
      a->supply_used = e.supply_used;
      g_ptr_array_add (p->allocations, a);

      switch (m->pair.supply_resource)
        {
        case SM_RESOURCE_HEAT:
        case SM_RESOURCE_STEAM:
          p->heat_delivered_mwh_yr += e.delivered_net;
          break;
        case SM_RESOURCE_COOLING:
          p->cooling_delivered_mwh_yr += e.delivered_net;
          break;
        case SM_RESOURCE_WATER:
          p->water_m3_yr += e.delivered_net;
          break;
        case SM_RESOURCE_CO2:
          p->co2_t_yr += e.delivered_net;
          break;
        case SM_RESOURCE_MATERIAL:
          p->material_t_yr += e.delivered_net;
          break;
        case SM_RESOURCE_INVALID:
        case SM_N_RESOURCES:
        default:
          break;
        }
      p->investment_eur += e.investment_eur;
      p->annual_cost_eur_yr += e.annual_cost_eur_yr;
      p->co2_avoided_t_yr += e.co2_avoided_t_yr;
    }
  return g_steal_pointer (&p);
}

/**
 * sm_portfolio_build:
 *
 * Returns: (transfer full): the project's portfolio
 */
SmPortfolio *
sm_portfolio_build (SmProject            *project,
                    const SmMatchOptions *options,
                    SmSynergyProgressFunc progress,
                    gpointer              user_data,
                    GCancellable         *cancellable,
                    GError              **error)
{
  g_autoptr (GPtrArray) all = sm_synergy_find_all (project, options, progress, user_data,
                                                   cancellable, error);

  if (all == NULL)
    return NULL;
  return sm_portfolio_allocate (project, all, error);
}

/* CSV by hand: a handful of columns, and GDAL's CSV driver would want a
 * layer and a field definition for each. RFC 4180 quoting. */
static void
put_text (GString    *out,
          const char *text)
{
  g_string_append_c (out, '"');
  for (const char *c = text ? text : ""; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *c);
    }
  g_string_append_c (out, '"');
}

static void
put_number (GString *out,
            double   v,
            int      digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];

  g_string_append_c (out, ',');
  if (isnan (v))
    return;
  g_snprintf (format, sizeof format, "%%.%df", digits);
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, v));
}

/**
 * sm_portfolio_write_csv:
 *
 * Writes the allocated synergies, one a row, with a header; money in
 * whole euros (investment one-off, the others per year).
 */
gboolean
sm_portfolio_write_csv (SmPortfolio *portfolio,
                        const char  *path,
                        GError     **error)
{
  g_autoptr (GString) out = g_string_new ("supply_flow_id,demand_flow_id,supply_site,demand_site,"
                                          "resource,allocated,unit,capacity_mw,delivered_net,"
                                          "heat_loss_mwh,route_m,transport,heat_pump,cop,"
                                          "investment_eur,annual_cost_eur_yr,lcoh_eur_mwh,payback_yr,"
                                          "co2_avoided_t_yr,trucks_per_yr,electricity_mwh_yr\n");

  for (guint i = 0; i < portfolio->allocations->len; i++)
    {
      SmAllocation *a = g_ptr_array_index (portfolio->allocations, i);
      SmSynergy *m = a->synergy;
      const SmEconomics *e = &m->econ;

      g_string_append_printf (out, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", m->supply_flow_id,
                              m->demand_flow_id);
      put_text (out, m->supply_site);
      g_string_append_c (out, ',');
      put_text (out, m->demand_site);
      g_string_append_printf (out, ",%s", sm_resource_to_key (m->pair.supply_resource));
      put_number (out, a->allocated, 3);
      g_string_append_printf (out, ",%s", sm_resource_get_unit (m->pair.demand_resource));
      put_number (out, e->capacity_mw, 3);
      put_number (out, e->delivered_net, 3);
      put_number (out, e->heat_loss_mwh, 3);
      put_number (out, m->route_m, 1);
      g_string_append_printf (out, ",%s,%s", e->transport == SM_TRANSPORT_PIPE ? "pipe" : "truck",
                              m->heat_pump ? "true" : "false");
      put_number (out, m->cop, 2);
      put_number (out, e->investment_eur, 0);
      put_number (out, e->annual_cost_eur_yr, 0);
      put_number (out, e->lcoh_eur_mwh, 2);
      put_number (out, e->payback_yr, 2);
      put_number (out, e->co2_avoided_t_yr, 1);
      put_number (out, e->trucks_per_yr, 0);
      put_number (out, e->electricity_mwh_yr, 1);
      g_string_append_c (out, '\n');
    }
  return g_file_set_contents (path, out->str, out->len, error);
}

/* In a thread */

typedef struct
{
  char          *project_path;
  SmMatchOptions options;
} BuildTask;

static void
build_task_free (BuildTask *t)
{
  g_free (t->project_path);
  g_free (t);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildTask *t = task_data;
  g_autoptr (SmProject) project = NULL;
  GError *error = NULL;
  SmPortfolio *p = NULL;

  /* A connection of its own: SQLite connections stay in their thread. */
  project = sm_project_open (t->project_path, &error);
  if (project != NULL)
    p = sm_portfolio_build (project, &t->options, NULL, NULL, cancellable, &error);
  if (p == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, p, (GDestroyNotify) sm_portfolio_free);
}

void
sm_portfolio_build_async (const char           *project_path,
                          const SmMatchOptions *options,
                          GCancellable         *cancellable,
                          GAsyncReadyCallback   callback,
                          gpointer              user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  BuildTask *t = g_new0 (BuildTask, 1);

  t->project_path = g_strdup (project_path);
  if (options != NULL)
    t->options = *options;
  else
    sm_match_options_init (&t->options);
  g_task_set_source_tag (task, sm_portfolio_build_async);
  g_task_set_task_data (task, t, (GDestroyNotify) build_task_free);
  g_task_run_in_thread (task, build_thread);
}

SmPortfolio *
sm_portfolio_build_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
