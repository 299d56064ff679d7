/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Editing sites and flows by hand: the store side of the window's forms
 * and undo stack, and of `symbiomap-cli site` and `flow`
 * (docs/ARCHITECTURE.md, "Editing").
 */
#define G_LOG_DOMAIN "sm-project-edit"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <sqlite3.h>

#include "sm-project-edit.h"
#include "sm-project-private.h"

/* Auxiliary methods */

static gboolean
check_writable (SmProject  *self,
                GError    **error)
{
  if (!sm_project_is_read_only (self))
    return TRUE;
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_READ_ONLY,
               _("The project is read-only: save a copy to change it"));
  return FALSE;
}

static gboolean
check_site (const SmSite  *site,
            GError       **error)
{
  g_autofree char *name = g_strstrip (g_strdup (site->name ? site->name : ""));

  if (*name == '\0')
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   _("A site needs a name"));
      return FALSE;
    }
  if (!isfinite (site->lat) || !isfinite (site->lon) || fabs (site->lat) > 90
      || fabs (site->lon) > 180)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   _("The site’s location must be a latitude from −90 to 90 and a longitude "
                     "from −180 to 180"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_flow (const SmFlow  *flow,
            GError       **error)
{
  if (flow->direction < 0 || flow->direction >= SM_N_DIRECTIONS || flow->resource < 0
      || flow->resource >= SM_N_RESOURCES)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   _("A flow needs a direction and a resource"));
      return FALSE;
    }
  if (!isfinite (flow->amount) || flow->amount < 0)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   _("A flow’s amount must be a number of zero or more"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
changed_one_row (SmProject  *self,
                 GError    **error)
{
  if (sm_db_changes (sm_project_get_store (self)) == 1)
    return TRUE;
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_FOUND,
               _("The site or flow is no longer in the project"));
  return FALSE;
}

/* An edit by hand is one transaction, recorded in the edit log under the
 * OS user's name (sm-edit-log.c); @ok says whether its writes went well. */
static gboolean
end_edit (SmProject  *self,
          gboolean    ok,
          GError    **error)
{
  if (ok && sm_project_commit (self, error))
    {
      sm_project_emit_changed (self);
      return TRUE;
    }
  sm_project_rollback (self);
  return FALSE;
}

/* Sites */

/**
 * sm_project_add_site:
 * @self: a project
 * @site: the new site; its site_id is ignored
 * @error: return location for an error
 *
 * Returns: the new site_id, or 0 with @error set
 */
gint64
sm_project_add_site (SmProject     *self,
                     const SmSite  *site,
                     GError       **error)
{
  gint64 id;

  g_return_val_if_fail (SM_IS_PROJECT (self), 0);
  g_return_val_if_fail (site != NULL, 0);

  if (!check_writable (self, error) || !check_site (site, error)
      || !sm_project_begin_edit (self, error))
    return 0;
  id = sm_project_insert_site (self, site, 0, error);
  if (!end_edit (self, id != 0 && sm_project_refresh_folded_names (self, error), error))
    return 0;
  return id;
}

static gboolean
update_site (SmProject     *self,
             const SmSite  *site,
             gboolean       force,
             GError       **error)
{
  g_autofree char *folded = NULL;
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (site != NULL, FALSE);

  if (!check_writable (self, error) || !check_site (site, error)
      || !sm_project_begin_edit (self, error))
    return FALSE;
  if (!sm_project_check_row_version (self, "sites", site->site_id, site->row_version, force, error))
    return end_edit (self, FALSE, error);
  folded = sm_fold_text (site->name);
  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self) ? sm_project_pg_update_site_sql :
                             "UPDATE sites SET ext_id = ?, name = ?, name_folded = ?, "
                             "org_number = ?, sector = ?, address = ?, contact_name = ?, "
                             "contact_email = ?, phone = ?, notes = ?, "
                             "geom = MakePoint (?, ?, 4326) WHERE site_id = ?",
                             error);
  if (stmt == NULL)
    return end_edit (self, FALSE, error);
  sm_bind_text_or_null (stmt, 1, site->ext_id);
  sm_stmt_bind_text (stmt, 2, site->name, -1);
  sm_stmt_bind_text (stmt, 3, folded, -1);
  sm_bind_text_or_null (stmt, 4, site->org_number);
  sm_bind_text_or_null (stmt, 5, site->sector);
  sm_bind_text_or_null (stmt, 6, site->address);
  sm_bind_text_or_null (stmt, 7, site->contact_name);
  sm_bind_text_or_null (stmt, 8, site->contact_email);
  sm_bind_text_or_null (stmt, 9, site->phone);
  sm_bind_text_or_null (stmt, 10, site->notes);
  sm_stmt_bind_double (stmt, 11, site->lon);
  sm_stmt_bind_double (stmt, 12, site->lat);
  sm_stmt_bind_int64 (stmt, 13, site->site_id);
  return end_edit (self,
                   sm_project_step_done (self, stmt, _("The project could not save a site: %s"), error)
                     && changed_one_row (self, error),
                   error);
}

/**
 * sm_project_update_site:
 * @self: a project
 * @site: the site's new fields and location, by its site_id
 * @error: return location for an error
 *
 * On a shared database, @site->row_version (as sm_project_get_site() read
 * it; 0 to skip the check) must still be the row's: when someone else
 * saved the site since, nothing is written and @error is
 * SM_PG_EDIT_ERROR_CONFLICT naming who and when, or
 * SM_PG_EDIT_ERROR_GONE when they deleted it. A file has no versions.
 */
gboolean
sm_project_update_site (SmProject     *self,
                        const SmSite  *site,
                        GError       **error)
{
  return update_site (self, site, FALSE, error);
}

/**
 * sm_project_update_site_force:
 * @self: a project
 * @site: the site's new fields and location, by its site_id
 * @error: return location for an error
 *
 * As sm_project_update_site(), over whatever someone else saved meanwhile
 * ("Save Mine" after a conflict).
 */
gboolean
sm_project_update_site_force (SmProject     *self,
                              const SmSite  *site,
                              GError       **error)
{
  return update_site (self, site, TRUE, error);
}

/**
 * sm_project_move_site:
 * @self: a project
 * @site_id: a site
 * @lat: its new latitude
 * @lon: its new longitude
 * @error: return location for an error
 */
gboolean
sm_project_move_site (SmProject  *self,
                      gint64      site_id,
                      double      lat,
                      double      lon,
                      GError    **error)
{
  g_autoptr (SmSite) site = NULL;

  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);

  if ((site = sm_project_get_site (self, site_id, error)) == NULL)
    return FALSE;
  site->lat = lat;
  site->lon = lon;
  return sm_project_update_site (self, site, error);
}

static SmSiteSnapshot *
snapshot_new (void)
{
  SmSiteSnapshot *snapshot = g_new0 (SmSiteSnapshot, 1);

  snapshot->flows = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_flow_free);
  snapshot->exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_exchange_record_free);
  return snapshot;
}

/* The exchanges that would go with the flows of @snapshot */
static gboolean
snapshot_exchanges (SmProject      *self,
                    SmSiteSnapshot *snapshot,
                    GError        **error)
{
  g_autoptr (GPtrArray) all = sm_project_list_exchange_records (self, -1, error);

  if (all == NULL)
    return FALSE;
  for (guint i = 0; i < all->len; i++)
    {
      SmExchangeRecord *x = g_ptr_array_index (all, i);

      for (guint j = 0; j < snapshot->flows->len; j++)
        {
          SmFlow *f = g_ptr_array_index (snapshot->flows, j);

          if (x->supply_flow_id == f->flow_id || x->demand_flow_id == f->flow_id)
            {
              g_ptr_array_add (snapshot->exchanges, g_ptr_array_steal_index (all, i));
              i--;
              break;
            }
        }
    }
  return TRUE;
}

/**
 * sm_project_delete_site:
 * @self: a project
 * @site_id: a site
 * @error: return location for an error
 *
 * Deletes the site with its flows and their recorded exchanges.
 *
 * Returns: (transfer full): what was deleted, for sm_project_restore_site(),
 *   or %NULL with @error set
 */
SmSiteSnapshot *
sm_project_delete_site (SmProject  *self,
                        gint64      site_id,
                        GError    **error)
{
  return sm_project_delete_site_checked (self, site_id, 0, error);
}

/**
 * sm_project_delete_site_checked:
 * @self: a project
 * @site_id: a site
 * @row_version: the version the user saw (SmSite.row_version), 0 for none
 * @error: return location for an error
 *
 * As sm_project_delete_site(), but on a database fails with
 * SM_PG_EDIT_ERROR_CONFLICT (who and when) when someone else saved the
 * site since @row_version, and deletes nothing (docs/STORE.md).
 */
SmSiteSnapshot *
sm_project_delete_site_checked (SmProject  *self,
                                gint64      site_id,
                                gint64      row_version,
                                GError    **error)
{
  g_autoptr (SmSiteSnapshot) snapshot = snapshot_new ();
  g_autoptr (GPtrArray) flows = NULL;
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  if (!check_writable (self, error)
      || (snapshot->site = sm_project_get_site (self, site_id, error)) == NULL
      || (flows = sm_project_list_flows (self, site_id, error)) == NULL)
    return NULL;
  g_ptr_array_extend_and_steal (snapshot->flows, g_steal_pointer (&flows));
  if (!snapshot_exchanges (self, snapshot, error) || !sm_project_begin_edit (self, error))
    return NULL;
  if (!sm_project_check_row_version (self, "sites", site_id, row_version, FALSE, error))
    {
      end_edit (self, FALSE, NULL);
      return NULL;
    }
  stmt = sm_project_prepare (self, "DELETE FROM sites WHERE site_id = ?", error);
  if (stmt != NULL)
    sm_stmt_bind_int64 (stmt, 1, site_id);
  if (!end_edit (self,
                 stmt != NULL
                   /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
                   && sm_project_step_done (self, stmt, _("The project could not delete a site: %s"), error),
                 error))
    return NULL;
  return g_steal_pointer (&snapshot);
}

static gboolean
insert_flow_with_id (SmProject     *self,
                     const SmFlow  *flow,
                     GError       **error)
{
  SmStmt *stmt;

  stmt = sm_project_prepare (self,
                             "INSERT INTO flows (flow_id, site_id, direction, resource, ewc_code, "
                             "material, amount, unit, temperature_c, hours_per_year, "
                             "partner_site_id, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_int64 (stmt, 1, flow->flow_id);
  sm_stmt_bind_int64 (stmt, 2, flow->site_id);
  sm_stmt_bind_text (stmt, 3, sm_direction_to_key (flow->direction), -1);
  sm_stmt_bind_text (stmt, 4, sm_resource_to_key (flow->resource), -1);
  sm_bind_text_or_null (stmt, 5, flow->ewc_code);
  sm_bind_text_or_null (stmt, 6, flow->material);
  sm_stmt_bind_double (stmt, 7, flow->amount);
  sm_stmt_bind_text (stmt, 8, flow->unit ? flow->unit : sm_resource_get_unit (flow->resource), -1);
  sm_bind_double_or_null (stmt, 9, flow->temperature_c);
  sm_bind_double_or_null (stmt, 10, flow->hours_per_year);
  sm_bind_id_or_null (stmt, 11, flow->partner_site_id);
  sm_bind_text_or_null (stmt, 12, flow->notes);
  return sm_project_step_done (self, stmt, _("The project could not save a flow: %s"), error);
}

static gboolean
restore_rows (SmProject            *self,
              const SmSiteSnapshot *snapshot,
              GError              **error)
{
  SmStmt *stmt;

  if (snapshot->site != NULL)
    {
      const SmSite *site = snapshot->site;
      g_autofree char *folded = sm_fold_text (site->name);

      stmt = sm_project_prepare (self,
                                 sm_project_is_shared (self) ? sm_project_pg_restore_site_sql :
                                 "INSERT INTO sites (site_id, ext_id, name, name_folded, "
                                 "org_number, sector, address, contact_name, contact_email, "
                                 "phone, notes, geom) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, MakePoint (?, ?, 4326))",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sm_stmt_bind_int64 (stmt, 1, site->site_id);
      sm_bind_text_or_null (stmt, 2, site->ext_id);
      sm_stmt_bind_text (stmt, 3, site->name, -1);
      sm_stmt_bind_text (stmt, 4, folded, -1);
      sm_bind_text_or_null (stmt, 5, site->org_number);
      sm_bind_text_or_null (stmt, 6, site->sector);
      sm_bind_text_or_null (stmt, 7, site->address);
      sm_bind_text_or_null (stmt, 8, site->contact_name);
      sm_bind_text_or_null (stmt, 9, site->contact_email);
      sm_bind_text_or_null (stmt, 10, site->phone);
      sm_bind_text_or_null (stmt, 11, site->notes);
      sm_stmt_bind_double (stmt, 12, site->lon);
      sm_stmt_bind_double (stmt, 13, site->lat);
      if (!sm_project_step_done (self, stmt, _("The project could not save a site: %s"), error))
        return FALSE;
    }
  for (guint i = 0; i < snapshot->flows->len; i++)
    if (!insert_flow_with_id (self, g_ptr_array_index (snapshot->flows, i), error))
      return FALSE;
  for (guint i = 0; i < snapshot->exchanges->len; i++)
    {
      const SmExchangeRecord *x = g_ptr_array_index (snapshot->exchanges, i);

      stmt = sm_project_prepare (self,
                                 "INSERT INTO exchanges (exchange_id, supply_flow_id, "
                                 "demand_flow_id, status, note, created_at, updated_at, "
                                 "source_file) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sm_stmt_bind_int64 (stmt, 1, x->exchange_id);
      sm_stmt_bind_int64 (stmt, 2, x->supply_flow_id);
      sm_stmt_bind_int64 (stmt, 3, x->demand_flow_id);
      sm_stmt_bind_text (stmt, 4, sm_status_to_key (x->status), -1);
      sm_bind_text_or_null (stmt, 5, x->note);
      sm_stmt_bind_text (stmt, 6, x->created_at, -1);
      sm_stmt_bind_text (stmt, 7, x->updated_at, -1);
      sm_bind_text_or_null (stmt, 8, x->source_file);
      if (!sm_project_step_done (self, stmt, _("The project could not save the exchange: %s"), error))
        return FALSE;
    }
  return TRUE;
}

/**
 * sm_project_restore_site:
 * @self: a project
 * @snapshot: what sm_project_delete_site() or sm_project_delete_flow()
 *   returned
 * @error: return location for an error
 *
 * Puts back what a deletion removed, with the same ids, in one transaction.
 */
gboolean
sm_project_restore_site (SmProject            *self,
                         const SmSiteSnapshot *snapshot,
                         GError              **error)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);

  if (!sm_project_begin_edit (self, error))
    return FALSE;
  return end_edit (self, restore_rows (self, snapshot, error), error);
}

/* Flows */

/**
 * sm_project_add_flow:
 * @self: a project
 * @flow: the new flow of @flow->site_id; its flow_id is ignored
 * @error: return location for an error
 *
 * Returns: the new flow_id, or 0 with @error set
 */
gint64
sm_project_add_flow (SmProject     *self,
                     const SmFlow  *flow,
                     GError       **error)
{
  gint64 id;

  g_return_val_if_fail (SM_IS_PROJECT (self), 0);
  g_return_val_if_fail (flow != NULL, 0);

  if (!check_writable (self, error) || !check_flow (flow, error)
      || !sm_project_begin_edit (self, error))
    return 0;
  id = sm_project_insert_flow (self, flow, 0, error);
  if (!end_edit (self, id != 0, error))
    return 0;
  return id;
}

static gboolean
update_flow (SmProject     *self,
             const SmFlow  *flow,
             gboolean       force,
             GError       **error)
{
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (flow != NULL, FALSE);

  if (!check_writable (self, error) || !check_flow (flow, error)
      || !sm_project_begin_edit (self, error))
    return FALSE;
  if (!sm_project_check_row_version (self, "flows", flow->flow_id, flow->row_version, force, error))
    return end_edit (self, FALSE, error);
  stmt = sm_project_prepare (self,
                             "UPDATE flows SET direction = ?, resource = ?, ewc_code = ?, "
                             "material = ?, amount = ?, unit = ?, temperature_c = ?, "
                             "hours_per_year = ?, partner_site_id = ?, notes = ? "
                             "WHERE flow_id = ?",
                             error);
  if (stmt == NULL)
    return end_edit (self, FALSE, error);
  sm_stmt_bind_text (stmt, 1, sm_direction_to_key (flow->direction), -1);
  sm_stmt_bind_text (stmt, 2, sm_resource_to_key (flow->resource), -1);
  sm_bind_text_or_null (stmt, 3, flow->ewc_code);
  sm_bind_text_or_null (stmt, 4, flow->material);
  sm_stmt_bind_double (stmt, 5, flow->amount);
  sm_stmt_bind_text (stmt, 6, flow->unit ? flow->unit : sm_resource_get_unit (flow->resource), -1);
  sm_bind_double_or_null (stmt, 7, flow->temperature_c);
  sm_bind_double_or_null (stmt, 8, flow->hours_per_year);
  sm_bind_id_or_null (stmt, 9, flow->partner_site_id);
  sm_bind_text_or_null (stmt, 10, flow->notes);
  sm_stmt_bind_int64 (stmt, 11, flow->flow_id);
  return end_edit (self,
                   sm_project_step_done (self, stmt, _("The project could not save a flow: %s"), error)
                     && changed_one_row (self, error),
                   error);
}

/**
 * sm_project_update_flow:
 * @self: a project
 * @flow: the flow's new fields, by its flow_id (its site does not change)
 * @error: return location for an error
 *
 * On a shared database, checks @flow->row_version as
 * sm_project_update_site() does.
 */
gboolean
sm_project_update_flow (SmProject     *self,
                        const SmFlow  *flow,
                        GError       **error)
{
  return update_flow (self, flow, FALSE, error);
}

/**
 * sm_project_update_flow_force:
 *
 * As sm_project_update_flow(), over whatever someone else saved meanwhile.
 */
gboolean
sm_project_update_flow_force (SmProject     *self,
                              const SmFlow  *flow,
                              GError       **error)
{
  return update_flow (self, flow, TRUE, error);
}

/**
 * sm_project_delete_flow:
 * @self: a project
 * @flow_id: a flow
 * @error: return location for an error
 *
 * Deletes the flow and its recorded exchanges.
 *
 * Returns: (transfer full): what was deleted (no site), for
 *   sm_project_restore_site(), or %NULL with @error set
 */
SmSiteSnapshot *
sm_project_delete_flow (SmProject  *self,
                        gint64      flow_id,
                        GError    **error)
{
  return sm_project_delete_flow_checked (self, flow_id, 0, error);
}

/**
 * sm_project_delete_flow_checked:
 * @self: a project
 * @flow_id: a flow
 * @row_version: the version the user saw (SmFlow.row_version), 0 for none
 * @error: return location for an error
 *
 * As sm_project_delete_flow(), checked as sm_project_delete_site_checked().
 */
SmSiteSnapshot *
sm_project_delete_flow_checked (SmProject  *self,
                                gint64      flow_id,
                                gint64      row_version,
                                GError    **error)
{
  g_autoptr (SmSiteSnapshot) snapshot = snapshot_new ();
  SmFlow *flow;
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  if (!check_writable (self, error) || (flow = sm_project_get_flow (self, flow_id, error)) == NULL)
    return NULL;
  g_ptr_array_add (snapshot->flows, flow);
  if (!snapshot_exchanges (self, snapshot, error) || !sm_project_begin_edit (self, error))
    return NULL;
  if (!sm_project_check_row_version (self, "flows", flow_id, row_version, FALSE, error))
    {
      end_edit (self, FALSE, NULL);
      return NULL;
    }
  stmt = sm_project_prepare (self, "DELETE FROM flows WHERE flow_id = ?", error);
  if (stmt != NULL)
    sm_stmt_bind_int64 (stmt, 1, flow_id);
  if (!end_edit (self,
                 stmt != NULL
                   /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
                   && sm_project_step_done (self, stmt, _("The project could not delete a flow: %s"), error),
                 error))
    return NULL;
  return g_steal_pointer (&snapshot);
}

/* Copies */

SmSite *
sm_site_copy (const SmSite *site)
{
  SmSite *copy = g_memdup2 (site, sizeof *site);

  copy->ext_id = g_strdup (site->ext_id);
  copy->name = g_strdup (site->name);
  copy->org_number = g_strdup (site->org_number);
  copy->sector = g_strdup (site->sector);
  copy->address = g_strdup (site->address);
  copy->contact_name = g_strdup (site->contact_name);
  copy->contact_email = g_strdup (site->contact_email);
  copy->phone = g_strdup (site->phone);
  copy->notes = g_strdup (site->notes);
  return copy;
}

SmFlow *
sm_flow_copy (const SmFlow *flow)
{
  SmFlow *copy = g_memdup2 (flow, sizeof *flow);

  copy->site_name = g_strdup (flow->site_name);
  copy->ewc_code = g_strdup (flow->ewc_code);
  copy->material = g_strdup (flow->material);
  copy->unit = g_strdup (flow->unit);
  copy->notes = g_strdup (flow->notes);
  return copy;
}

void
sm_site_snapshot_free (SmSiteSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;
  g_clear_pointer (&snapshot->site, sm_site_free);
  g_clear_pointer (&snapshot->flows, g_ptr_array_unref);
  g_clear_pointer (&snapshot->exchanges, g_ptr_array_unref);
  g_free (snapshot);
}
