/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sites and flows, in and out: inserting a site or a flow, and reading
 * them back one by one or as lists. Apart from sm-project.c, which opens,
 * migrates and guards the file.
 */
#define G_LOG_DOMAIN "sm-project"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first */
#include <spatialite.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sm-project.h"
#include "sm-project-extent.h"
#include "sm-project-private.h"
#include "sm-project-query.h"
#include "sm-spatial-bulk.h"

/* sm_fold_text() of @text; for plain ASCII, which most names of an
 * import are, that is its ASCII lower case (casefolding and NFKD change
 * nothing else in ASCII, and the table of sm_fold_text() maps only
 * letters beyond it), without GLib's three passes over the text. */
static char *
fold_name (const char *text)
{
  if (text == NULL)
    return NULL;
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p >= 0x80)
      return sm_fold_text (text);
  return g_ascii_strdown (text, -1);
}

/**
 * sm_project_insert_site:
 * @self: a project
 * @site: the site; its site_id is ignored
 * @import_id: the import it comes from, or 0
 * @error: return location for an error
 *
 * Returns: the new site_id, or 0 with @error set
 */
gint64
sm_project_insert_site (SmProject    *self,
                        const SmSite *site,
                        gint64        import_id,
                        GError      **error)
{
  g_autofree char *folded = NULL;
  guint8 point[SM_SPATIALITE_POINT_SIZE];
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), 0);
  g_return_val_if_fail (site != NULL, 0);

  /* The folded name for search (schema 6 on) is written with the name,
   * here in the import's thread, not by the first search on the main loop */
  if (self->schema_version >= 6)
    folded = fold_name (site->name);
  if (sm_project_is_shared (self))
    return sm_project_pg_insert_site (self, site, import_id, folded, error);
  stmt = sm_project_prepare (self,
                             folded != NULL
                               ? "INSERT INTO sites (ext_id, name, org_number, sector, address, "
                                 "contact_name, contact_email, phone, notes, import_id, geom, "
                                 "name_folded) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                               : "INSERT INTO sites (ext_id, name, org_number, sector, address, "
                                 "contact_name, contact_email, phone, notes, import_id, geom) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return 0;
  sm_bind_text_or_null (stmt, 1, site->ext_id);
  sm_bind_text_or_null (stmt, 2, site->name);
  sm_bind_text_or_null (stmt, 3, site->org_number);
  sm_bind_text_or_null (stmt, 4, site->sector);
  sm_bind_text_or_null (stmt, 5, site->address);
  sm_bind_text_or_null (stmt, 6, site->contact_name);
  sm_bind_text_or_null (stmt, 7, site->contact_email);
  sm_bind_text_or_null (stmt, 8, site->phone);
  sm_bind_text_or_null (stmt, 9, site->notes);
  sm_bind_id_or_null (stmt, 10, import_id);
  /* The point as MakePoint (lon, lat, 4326) gives it, built here: a
   * million-row import calls no SQL function per row (sm-spatial-bulk.c).
   * No location gives NULL, as MakePoint() of NULL does, which the
   * schema refuses. */
  if (isnan (site->lon) || isnan (site->lat))
    sm_stmt_bind_null (stmt, 11);
  else
    {
      sm_spatialite_point_blob (point, site->lon, site->lat, 4326);
      sm_stmt_bind_blob (stmt, 11, point, sizeof point);
    }
  if (folded != NULL)
    sm_stmt_bind_text (stmt, 12, folded, -1);
  if (sm_stmt_step (stmt, error) != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not save a site: %s"));
      sm_stmt_reset (stmt);
      return 0;
    }
  sm_stmt_reset (stmt);
  return sm_db_last_insert_id (self->store);
}

/**
 * sm_project_insert_flow:
 * @self: a project
 * @flow: the flow; its flow_id, site_name, lat and lon are ignored
 * @import_id: the import it comes from, or 0
 * @error: return location for an error
 *
 * Returns: the new flow_id, or 0 with @error set
 */
gint64
sm_project_insert_flow (SmProject    *self,
                        const SmFlow *flow,
                        gint64        import_id,
                        GError      **error)
{
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), 0);
  g_return_val_if_fail (flow != NULL, 0);
  g_return_val_if_fail (flow->direction >= 0 && flow->direction < SM_N_DIRECTIONS, 0);
  g_return_val_if_fail (flow->resource >= 0 && flow->resource < SM_N_RESOURCES, 0);

  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self)
                               ? "INSERT INTO flows (site_id, direction, resource, ewc_code, "
                                 "material, amount, unit, temperature_c, hours_per_year, "
                                 "partner_site_id, notes, import_id) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING flow_id"
                               : "INSERT INTO flows (site_id, direction, resource, ewc_code, "
                                 "material, amount, unit, temperature_c, hours_per_year, "
                                 "partner_site_id, notes, import_id) "
                                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return 0;
  sm_stmt_bind_int64 (stmt, 1, flow->site_id);
  sm_stmt_bind_text (stmt, 2, sm_direction_to_key (flow->direction), -1);
  sm_stmt_bind_text (stmt, 3, sm_resource_to_key (flow->resource), -1);
  sm_bind_text_or_null (stmt, 4, flow->ewc_code);
  sm_bind_text_or_null (stmt, 5, flow->material);
  sm_stmt_bind_double (stmt, 6, flow->amount);
  sm_stmt_bind_text (stmt, 7, flow->unit ? flow->unit : sm_resource_get_unit (flow->resource),
                     -1);
  sm_bind_double_or_null (stmt, 8, flow->temperature_c);
  sm_bind_double_or_null (stmt, 9, flow->hours_per_year);
  sm_bind_id_or_null (stmt, 10, flow->partner_site_id);
  sm_bind_text_or_null (stmt, 11, flow->notes);
  sm_bind_id_or_null (stmt, 12, import_id);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  return sm_project_step_insert (self, stmt, _("The project could not save a flow: %s"), error);
}

char *
sm_project_dup_column (SmStmt *stmt,
                       int     col)
{
  const char *text = sm_stmt_column_text (stmt, col);
  return text ? g_strdup ((const char *) text) : NULL;
}

static double
double_column (SmStmt *stmt,
               int     col)
{
  return sm_stmt_column_type (stmt, col) == SM_DB_NULL ? NAN : sm_stmt_column_double (stmt, col);
}

#define SITE_COLUMNS                                                                              \
  "s.site_id, s.ext_id, s.name, s.org_number, s.sector, s.address, s.contact_name, "              \
  "s.contact_email, s.phone, s.notes, ST_Y (s.geom), ST_X (s.geom), "                             \
  "(SELECT COUNT(*) FROM flows f WHERE f.site_id = s.site_id AND f.direction = 'supply'), "       \
  "(SELECT COUNT(*) FROM flows f WHERE f.site_id = s.site_id AND f.direction = 'demand') "

static SmSite *
site_from_row (SmStmt *stmt)
{
  SmSite *site = g_new0 (SmSite, 1);

  site->site_id = sm_stmt_column_int64 (stmt, 0);
  site->ext_id = sm_project_dup_column (stmt, 1);
  site->name = sm_project_dup_column (stmt, 2);
  site->org_number = sm_project_dup_column (stmt, 3);
  site->sector = sm_project_dup_column (stmt, 4);
  site->address = sm_project_dup_column (stmt, 5);
  site->contact_name = sm_project_dup_column (stmt, 6);
  site->contact_email = sm_project_dup_column (stmt, 7);
  site->phone = sm_project_dup_column (stmt, 8);
  site->notes = sm_project_dup_column (stmt, 9);
  site->lat = sm_stmt_column_double (stmt, 10);
  site->lon = sm_stmt_column_double (stmt, 11);
  site->supply_count = sm_stmt_column_int (stmt, 12);
  site->demand_count = sm_stmt_column_int (stmt, 13);
  /* Read with it on a database (sm_project_get_site()) */
  if (sm_stmt_column_count (stmt) > 14)
    site->row_version = sm_stmt_column_int64 (stmt, 14);
  return site;
}

#define FLOW_COLUMNS                                                                              \
  "f.flow_id, f.site_id, s.name, f.direction, f.resource, f.ewc_code, f.material, f.amount, "     \
  "f.unit, f.temperature_c, f.hours_per_year, f.partner_site_id, f.notes, ST_Y (s.geom), "        \
  "ST_X (s.geom) "

static SmFlow *
flow_from_row (SmStmt *stmt)
{
  SmFlow *flow = g_new0 (SmFlow, 1);

  flow->flow_id = sm_stmt_column_int64 (stmt, 0);
  flow->site_id = sm_stmt_column_int64 (stmt, 1);
  flow->site_name = sm_project_dup_column (stmt, 2);
  flow->direction = sm_direction_from_key (sm_stmt_column_text (stmt, 3));
  flow->resource = sm_resource_from_key (sm_stmt_column_text (stmt, 4));
  flow->ewc_code = sm_project_dup_column (stmt, 5);
  flow->material = sm_project_dup_column (stmt, 6);
  flow->amount = sm_stmt_column_double (stmt, 7);
  flow->unit = sm_project_dup_column (stmt, 8);
  flow->temperature_c = double_column (stmt, 9);
  flow->hours_per_year = double_column (stmt, 10);
  flow->partner_site_id = sm_stmt_column_int64 (stmt, 11);
  flow->notes = sm_project_dup_column (stmt, 12);
  flow->lat = sm_stmt_column_double (stmt, 13);
  flow->lon = sm_stmt_column_double (stmt, 14);
  /* Read with it on a database (sm_project_get_flow()) */
  if (sm_stmt_column_count (stmt) > 15)
    flow->row_version = sm_stmt_column_int64 (stmt, 15);
  return flow;
}

/**
 * sm_project_list_sites:
 * @self: a project
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SmSite): every site, by site_id
 */
GPtrArray *
sm_project_list_sites (SmProject  *self,
                       GError    **error)
{
  g_autoptr(GPtrArray) sites = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_site_free);
  SmStmt *stmt;
  int rc;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  stmt = sm_project_prepare (self, "SELECT " SITE_COLUMNS "FROM sites s ORDER BY s.site_id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    g_ptr_array_add (sites, site_from_row (stmt));
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not read its sites: %s"));
      return NULL;
    }
  return g_steal_pointer (&sites);
}

/**
 * sm_project_get_site:
 * @self: a project
 * @site_id: a site_id
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the site, or %NULL with @error set
 */
SmSite *
sm_project_get_site (SmProject  *self,
                     gint64      site_id,
                     GError    **error)
{
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  /* A database's row carries its version, which an edit checks */
  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self)
                               ? "SELECT " SITE_COLUMNS ", s.row_version FROM sites s WHERE s.site_id = ?"
                               : "SELECT " SITE_COLUMNS "FROM sites s WHERE s.site_id = ?",
                             error);
  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_int64 (stmt, 1, site_id);
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    {
      /* Reset, not to hold a read transaction open */
      g_autoptr (SmSite) found = site_from_row (stmt);

      sm_stmt_reset (stmt);
      return g_steal_pointer (&found);
    }
  sm_stmt_reset (stmt);
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
               /* TRANSLATORS: %lld is the site's number (its id) */
               _("There is no site %lld in this project"), (long long) site_id);
  return NULL;
}

/**
 * sm_project_list_flows:
 * @self: a project
 * @site_id: a site_id, or 0 for every site
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SmFlow): the flows, by flow_id
 */
GPtrArray *
sm_project_list_flows (SmProject  *self,
                       gint64      site_id,
                       GError    **error)
{
  g_autoptr(GPtrArray) flows = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_flow_free);
  SmStmt *stmt;
  int rc;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  stmt = sm_project_prepare (self,
                             "SELECT " FLOW_COLUMNS "FROM flows f JOIN sites s USING (site_id) "
                             "WHERE ?1 = 0 OR f.site_id = ?1 ORDER BY f.flow_id",
                             error);
  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_int64 (stmt, 1, site_id);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    g_ptr_array_add (flows, flow_from_row (stmt));
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not read its flows: %s"));
      return NULL;
    }
  return g_steal_pointer (&flows);
}

/**
 * sm_project_get_flow:
 * @self: a project
 * @flow_id: a flow_id
 * @error: return location for an error
 *
 * Returns: (transfer full) (nullable): the flow, or %NULL with @error set
 */
SmFlow *
sm_project_get_flow (SmProject  *self,
                     gint64      flow_id,
                     GError    **error)
{
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self)
                               ? "SELECT " FLOW_COLUMNS ", f.row_version FROM flows f "
                                 "JOIN sites s USING (site_id) WHERE f.flow_id = ?"
                               : "SELECT " FLOW_COLUMNS "FROM flows f JOIN sites s USING (site_id) "
                                 "WHERE f.flow_id = ?",
                             error);
  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_int64 (stmt, 1, flow_id);
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    {
      /* Reset, not to hold a read transaction open */
      g_autoptr (SmFlow) found = flow_from_row (stmt);

      sm_stmt_reset (stmt);
      return g_steal_pointer (&found);
    }
  sm_stmt_reset (stmt);
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
               /* TRANSLATORS: %lld is the flow's number (its id) */
               _("There is no flow %lld in this project"), (long long) flow_id);
  return NULL;
}

void
sm_site_free (SmSite *site)
{
  if (site == NULL)
    return;
  g_free (site->ext_id);
  g_free (site->name);
  g_free (site->org_number);
  g_free (site->sector);
  g_free (site->address);
  g_free (site->contact_name);
  g_free (site->contact_email);
  g_free (site->phone);
  g_free (site->notes);
  g_free (site);
}

void
sm_flow_free (SmFlow *flow)
{
  if (flow == NULL)
    return;
  g_free (flow->site_name);
  g_free (flow->ewc_code);
  g_free (flow->material);
  g_free (flow->unit);
  g_free (flow->notes);
  g_free (flow);
}
