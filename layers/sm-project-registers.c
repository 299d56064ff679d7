/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the project keeps about public registers (docs/DATA-MODEL.md,
 * "Public registers"): the register's own key of each facility and flow,
 * so that importing a register again updates in place; what the register
 * said last about a facility, so that a rename is told from a site another
 * register named differently; and the other names of a site (former names,
 * other registers' names), which linking and reconciliation compare.
 */
#define G_LOG_DOMAIN "symbiomap-project"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sm-project-private.h"
#include "sm-project-registers.h"

void
sm_site_name_free (SmSiteName *name)
{
  if (name == NULL)
    return;
  g_free (name->name);
  g_free (name->org_number);
  g_free (name);
}

/**
 * sm_project_find_register_site:
 * @reg: the register ("hotmaps", "eprtr")
 * @key: its key of the facility
 * @last_name: (out) (optional): the name the register gave last time
 * @last_lat: (out) (optional): its latitude then
 * @last_lon: (out) (optional): its longitude then
 *
 * Returns: the site, 0 if the register's key is new, -1 on error
 */
gint64
sm_project_find_register_site (SmProject   *self,
                               const char  *reg,
                               const char  *key,
                               char       **last_name,
                               double      *last_lat,
                               double      *last_lon,
                               GError     **error)
{
  SmStmt *stmt = sm_project_prepare (self,
                                           "SELECT site_id, name, lat, lon FROM register_sites "
                                           "WHERE register = ? AND key = ?",
                                           error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sm_stmt_bind_text (stmt, 1, reg, -1);
  sm_stmt_bind_text (stmt, 2, key, -1);
  rc = sm_stmt_step (stmt, error);
  if (rc == SM_STMT_ROW)
    {
      id = sm_stmt_column_int64 (stmt, 0);
      if (last_name)
        *last_name = g_strdup (sm_stmt_column_text (stmt, 1));
      if (last_lat)
        *last_lat = sm_stmt_column_type (stmt, 2) == SM_DB_NULL ? NAN : sm_stmt_column_double (stmt, 2);
      if (last_lon)
        *last_lon = sm_stmt_column_type (stmt, 3) == SM_DB_NULL ? NAN : sm_stmt_column_double (stmt, 3);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_ROW && rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not look up a site: %s"));
      return -1;
    }
  return id;
}

gboolean
sm_project_set_register_site (SmProject   *self,
                              const char  *reg,
                              const char  *key,
                              gint64       site_id,
                              const char  *name,
                              double       lat,
                              double       lon,
                              GError     **error)
{
  SmStmt *stmt = sm_project_prepare (self,
                                           "INSERT INTO register_sites "
                                           "(register, key, site_id, name, lat, lon) "
                                           "VALUES (?, ?, ?, ?, ?, ?) "
                                           "ON CONFLICT (register, key) DO UPDATE SET "
                                           "site_id = excluded.site_id, name = excluded.name, "
                                           "lat = excluded.lat, lon = excluded.lon",
                                           error);

  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_text (stmt, 1, reg, -1);
  sm_stmt_bind_text (stmt, 2, key, -1);
  sm_stmt_bind_int64 (stmt, 3, site_id);
  sm_bind_text_or_null (stmt, 4, name);
  sm_bind_double_or_null (stmt, 5, lat);
  sm_bind_double_or_null (stmt, 6, lon);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  return sm_project_step_done (self, stmt, _("The project could not save a site: %s"), error);
}

/**
 * sm_project_get_register_keys:
 *
 * Returns: (transfer full) (nullable): the register keys of a site, as
 *   "hotmaps 285, eprtr DK.CAED/000105244.FACILITY", or %NULL for none
 */
char *
sm_project_get_register_keys (SmProject  *self,
                              gint64      site_id,
                              GError    **error)
{
  SmStmt *stmt = sm_project_prepare (self,
                                           "SELECT register, key FROM register_sites "
                                           "WHERE site_id = ? ORDER BY register, key",
                                           error);
  GString *out = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_int64 (stmt, 1, site_id);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      if (out == NULL)
        out = g_string_new (NULL);
      else
        g_string_append (out, ", ");
      g_string_append_printf (out, "%s %s", sm_stmt_column_text (stmt, 0),
                              sm_stmt_column_text (stmt, 1));
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not look up a site: %s"));
      if (out)
        g_string_free (out, TRUE);
      return NULL;
    }
  return out ? g_string_free (out, FALSE) : NULL;
}

gint64
sm_project_find_register_flow (SmProject   *self,
                               const char  *reg,
                               const char  *key,
                               GError     **error)
{
  SmStmt *stmt = sm_project_prepare (self,
                                           "SELECT flow_id FROM register_flows "
                                           "WHERE register = ? AND key = ?",
                                           error);

  if (stmt == NULL)
    return -1;
  sm_stmt_bind_text (stmt, 1, reg, -1);
  sm_stmt_bind_text (stmt, 2, key, -1);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  return sm_project_step_id (self, stmt, _("The project could not look up a flow: %s"), error);
}

gboolean
sm_project_set_register_flow (SmProject   *self,
                              const char  *reg,
                              const char  *key,
                              gint64       flow_id,
                              GError     **error)
{
  SmStmt *stmt = sm_project_prepare (self,
                                           "INSERT INTO register_flows (register, key, flow_id) "
                                           "VALUES (?, ?, ?) "
                                           "ON CONFLICT (register, key) DO UPDATE SET "
                                           "flow_id = excluded.flow_id",
                                           error);

  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_text (stmt, 1, reg, -1);
  sm_stmt_bind_text (stmt, 2, key, -1);
  sm_stmt_bind_int64 (stmt, 3, flow_id);
  return sm_project_step_done (self, stmt, _("The project could not save a flow: %s"), error);
}

gboolean
sm_project_update_flow_amount (SmProject   *self,
                               gint64       flow_id,
                               double       amount,
                               double       temperature_c,
                               const char  *notes,
                               GError     **error)
{
  SmStmt *stmt = sm_project_prepare (self,
                                           "UPDATE flows SET amount = ?, temperature_c = ?, "
                                           "notes = COALESCE (?, notes) WHERE flow_id = ?",
                                           error);

  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_double (stmt, 1, amount);
  sm_bind_double_or_null (stmt, 2, temperature_c);
  sm_bind_text_or_null (stmt, 3, notes);
  sm_stmt_bind_int64 (stmt, 4, flow_id);
  return sm_project_step_done (self, stmt, _("The project could not save a flow: %s"), error);
}

gboolean
sm_project_delete_register_flow (SmProject   *self,
                        gint64       flow_id,
                        GError     **error)
{
  SmStmt *stmt = sm_project_prepare (self, "DELETE FROM flows WHERE flow_id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_int64 (stmt, 1, flow_id);
  return sm_project_step_done (self, stmt, _("The project could not save a flow: %s"), error);
}

/**
 * sm_project_add_site_name:
 * @kind: "former" (a rename) or "alias" (another register's name)
 * @source: (nullable): where the name comes from, e.g. "hotmaps"
 */
gboolean
sm_project_add_site_name (SmProject   *self,
                          gint64       site_id,
                          const char  *name,
                          const char  *kind,
                          const char  *source,
                          GError     **error)
{
  SmStmt *stmt = sm_project_prepare (self,
                                           "INSERT INTO site_names (site_id, name, kind, source) "
                                           "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                                           error);

  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_int64 (stmt, 1, site_id);
  sm_stmt_bind_text (stmt, 2, name, -1);
  sm_stmt_bind_text (stmt, 3, kind, -1);
  sm_bind_text_or_null (stmt, 4, source);
  return sm_project_step_done (self, stmt, _("The project could not save a site: %s"), error);
}

static GPtrArray *
collect (SmProject *self,
         SmStmt    *stmt,
         GError   **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_site_name_free);
  int rc;

  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmSiteName *n = g_new0 (SmSiteName, 1);

      n->site_id = sm_stmt_column_int64 (stmt, 0);
      n->name = g_strdup (sm_stmt_column_text (stmt, 1));
      n->org_number = g_strdup (sm_stmt_column_text (stmt, 2));
      n->lat = sm_stmt_column_double (stmt, 3);
      n->lon = sm_stmt_column_double (stmt, 4);
      g_ptr_array_add (out, n);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not look up a site: %s"));
      return NULL;
    }
  return g_steal_pointer (&out);
}

/**
 * sm_project_list_site_names:
 * @site_id: one site, or 0 for every site
 * @kind: (nullable): "former" or "alias" to list only those; %NULL for
 *   every name, the sites' own first
 *
 * Returns: (transfer full) (element-type SmSiteName): the names
 */
GPtrArray *
sm_project_list_site_names (SmProject   *self,
                            gint64       site_id,
                            const char  *kind,
                            GError     **error)
{
  SmStmt *stmt;

  if (kind != NULL)
    {
      stmt = sm_project_prepare (self,
                                 "SELECT n.site_id, n.name, s.org_number, ST_Y (s.geom), ST_X (s.geom) "
                                 "FROM site_names n JOIN sites s USING (site_id) "
                                 "WHERE (? = 0 OR n.site_id = ?) AND n.kind = ? "
                                 "ORDER BY n.recorded_at, n.name",
                                 error);
      if (stmt == NULL)
        return NULL;
      sm_stmt_bind_int64 (stmt, 1, site_id);
      sm_stmt_bind_int64 (stmt, 2, site_id);
      sm_stmt_bind_text (stmt, 3, kind, -1);
      return collect (self, stmt, error);
    }
  stmt = sm_project_prepare (self,
                             "SELECT site_id, name, org_number, ST_Y (geom), ST_X (geom) FROM sites "
                             "WHERE ? = 0 OR site_id = ? "
                             "UNION ALL "
                             "SELECT n.site_id, n.name, s.org_number, ST_Y (s.geom), ST_X (s.geom) "
                             "FROM site_names n JOIN sites s USING (site_id) "
                             "WHERE ? = 0 OR n.site_id = ?",
                             error);
  if (stmt == NULL)
    return NULL;
  for (int i = 1; i <= 4; i++)
    sm_stmt_bind_int64 (stmt, i, site_id);
  return collect (self, stmt, error);
}

/**
 * sm_project_list_names_near:
 * @exclude_register: (nullable): leave out the sites this register has
 *   a key of: two facilities of one register are never one site
 * @within_m: the distance on the ellipsoid
 *
 * Returns: (transfer full) (element-type SmSiteName): every name (own,
 *   former, other registers') of the sites within @within_m of the point
 */
GPtrArray *
sm_project_list_names_near (SmProject   *self,
                            const char  *exclude_register,
                            double       lat,
                            double       lon,
                            double       within_m,
                            GError     **error)
{
  /* A box a little larger than the circle for the R*Tree, then the
   * distance on the ellipsoid. */
  double dlat = within_m / 110000.0 * 1.1;
  double dlon = dlat / MAX (cos (lat * G_PI / 180.0), 0.01);
  /* A database's GiST index and geodesic distance: sm-project-pg-registers.c */
  SmStmt *stmt = sm_project_prepare (self, sm_project_is_shared (self) ? sm_project_pg_names_near_sql :
                                           "WITH near AS ("
                                           "  SELECT site_id, name, org_number, geom FROM sites "
                                           "  WHERE site_id IN (SELECT pkid FROM idx_sites_geom "
                                           "    WHERE xmax >= ?1 AND xmin <= ?2 AND ymax >= ?3 AND ymin <= ?4) "
                                           "  AND site_id NOT IN (SELECT site_id FROM register_sites WHERE register = ?8) "
                                           "  AND ST_Distance (geom, MakePoint (?5, ?6, 4326), 1) <= ?7) "
                                           "SELECT site_id, name, org_number, ST_Y (geom), ST_X (geom) FROM near "
                                           "UNION ALL "
                                           "SELECT n.site_id, n.name, near.org_number, ST_Y (near.geom), ST_X (near.geom) "
                                           "FROM site_names n JOIN near USING (site_id)",
                                           error);

  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_double (stmt, 1, lon - dlon);
  sm_stmt_bind_double (stmt, 2, lon + dlon);
  sm_stmt_bind_double (stmt, 3, lat - dlat);
  sm_stmt_bind_double (stmt, 4, lat + dlat);
  sm_stmt_bind_double (stmt, 5, lon);
  sm_stmt_bind_double (stmt, 6, lat);
  sm_stmt_bind_double (stmt, 7, within_m);
  sm_bind_text_or_null (stmt, 8, exclude_register);
  return collect (self, stmt, error);
}
