/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What an import writes into the project: its record, rejected rows,
 * merged sites, network edges and the exchanges a file names. Kept in
 * layers/ so that the SQL stays beside the schema.
 */
#define G_LOG_DOMAIN "symbiomap-project"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sm-project.h"
#include "sm-project-private.h"
#include "sm-spatial-bulk.h"

/**
 * sm_project_begin_import:
 * @self: a project, inside a transaction
 * @file: the file read
 * @layer: (nullable): its layer
 * @kind: "sites", "flows" or "network"
 * @srs: (nullable): the SRS it was read in
 * @error: return location for an error
 *
 * Returns: the import_id of the new record, or 0 with @error set
 */
gint64
sm_project_begin_import (SmProject   *self,
                         const char  *file,
                         const char  *layer,
                         const char  *kind,
                         const char  *srs,
                         GError     **error)
{
  g_autofree char *id_text = NULL;
  SmStmt *stmt;
  gint64 id;

  /* On a database the id comes back with RETURNING (sm_project_step_insert) */
  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self)
                               ? "INSERT INTO imports (file, layer, kind, srs) VALUES (?, ?, ?, ?) "
                                 "RETURNING import_id"
                               : "INSERT INTO imports (file, layer, kind, srs) VALUES (?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return 0;
  sm_bind_text_or_null (stmt, 1, file);
  sm_bind_text_or_null (stmt, 2, layer);
  sm_bind_text_or_null (stmt, 3, kind);
  sm_bind_text_or_null (stmt, 4, srs);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  id = sm_project_step_insert (self, stmt, _("The project could not record the import: %s"), error);
  if (id == 0)
    return 0;
  /* The rows of an import stay out of the edit log (sm-edit-log.c) */
  id_text = g_strdup_printf ("%" G_GINT64_FORMAT, id);
  if (!sm_project_set_edit_context (self, "import", id_text, error))
    return 0;
  return id;
}

gboolean
sm_project_finish_import (SmProject  *self,
                          gint64      import_id,
                          int         rows_read,
                          int         imported,
                          int         rejected,
                          GError    **error)
{
  SmStmt *stmt;

  stmt = sm_project_prepare (self,
                             "UPDATE imports SET rows_read = ?, imported = ?, rejected = ? "
                             "WHERE import_id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_int (stmt, 1, rows_read);
  sm_stmt_bind_int (stmt, 2, imported);
  sm_stmt_bind_int (stmt, 3, rejected);
  sm_stmt_bind_int64 (stmt, 4, import_id);
  return sm_project_step_done (self, stmt, _("The project could not record the import: %s"), error);
}

gboolean
sm_project_add_rejected_row (SmProject  *self,
                             gint64      import_id,
                             int         row,
                             const char *field,
                             const char *value,
                             const char *reason,
                             GError    **error)
{
  SmStmt *stmt;

  stmt = sm_project_prepare (self,
                             "INSERT INTO rejected_rows (import_id, row, field, value, reason) "
                             "VALUES (?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_int64 (stmt, 1, import_id);
  sm_stmt_bind_int (stmt, 2, row);
  sm_bind_text_or_null (stmt, 3, field);
  sm_bind_text_or_null (stmt, 4, value);
  sm_stmt_bind_text (stmt, 5, reason, -1);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  return sm_project_step_done (self, stmt, _("The project could not record a rejected row: %s"), error);
}

void
sm_rejected_row_free (SmRejectedRow *row)
{
  if (row == NULL)
    return;
  g_free (row->field);
  g_free (row->value);
  g_free (row->reason);
  g_free (row);
}

/**
 * sm_project_list_rejected_rows:
 * @self: a project
 * @import_id: an import
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SmRejectedRow): its rejected
 *   rows in file order
 */
GPtrArray *
sm_project_list_rejected_rows (SmProject  *self,
                               gint64      import_id,
                               GError    **error)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_rejected_row_free);
  SmStmt *stmt;
  int rc;

  stmt = sm_project_prepare (self,
                             "SELECT row, field, value, reason FROM rejected_rows "
                             "WHERE import_id = ? ORDER BY row, rejected_id",
                             error);
  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_int64 (stmt, 1, import_id);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmRejectedRow *row = g_new0 (SmRejectedRow, 1);

      row->row = sm_stmt_column_int (stmt, 0);
      row->field = g_strdup (sm_stmt_column_text (stmt, 1));
      row->value = g_strdup (sm_stmt_column_text (stmt, 2));
      row->reason = g_strdup (sm_stmt_column_text (stmt, 3));
      g_ptr_array_add (rows, row);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
      sm_project_set_sql_error (self, error, _("The project could not read the rejected rows: %s"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gint64
lookup_id (SmProject  *self,
           const char *sql,
           const char *key,
           GError    **error)
{
  SmStmt *stmt;

  if (key == NULL || *key == '\0')
    return 0;
  stmt = sm_project_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  sm_stmt_bind_text (stmt, 1, key, -1);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  return sm_project_step_id (self, stmt, _("The project could not look up a site: %s"), error);
}

/**
 * sm_project_find_site_by_ext_id:
 *
 * Returns: the site_id, 0 if there is none, -1 with @error set on failure
 */
gint64
sm_project_find_site_by_ext_id (SmProject  *self,
                                const char *ext_id,
                                GError    **error)
{
  return lookup_id (self, "SELECT site_id FROM sites WHERE ext_id = ?", ext_id, error);
}

/**
 * sm_project_find_same_site:
 * @self: a project
 * @site: a site as a file describes it
 * @within_m: how close a site of the same name must be
 * @error: return location for an error
 *
 * Finds the site @site describes by the rules of docs/DATA-MODEL.md: by
 * ext_id, then org_number, then the same name within @within_m.
 *
 * Returns: the site_id, 0 if there is none, -1 with @error set on failure
 */
gint64
sm_project_find_same_site (SmProject    *self,
                           const SmSite *site,
                           double        within_m,
                           GError      **error)
{
  SmStmt *stmt;
  gint64 id;
  int rc;

  id = sm_project_find_site_by_ext_id (self, site->ext_id, error);
  if (id != 0)
    return id;
  id = lookup_id (self, "SELECT site_id FROM sites WHERE org_number = ?", site->org_number, error);
  if (id != 0)
    return id;
  if (site->name == NULL || isnan (site->lat) || isnan (site->lon))
    return 0;

  /* Same name, and geodesic distance on the ellipsoid within the limit. */
  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self)
                               ? sm_project_pg_site_near_sql
                               : "SELECT site_id FROM sites WHERE name = ? "
                                 "AND ST_Distance (geom, MakePoint (?, ?, 4326), 1) <= ? LIMIT 1",
                             error);
  if (stmt == NULL)
    return -1;
  sm_stmt_bind_text (stmt, 1, site->name, -1);
  sm_stmt_bind_double (stmt, 2, site->lon);
  sm_stmt_bind_double (stmt, 3, site->lat);
  sm_stmt_bind_double (stmt, 4, within_m);
  rc = sm_stmt_step (stmt, error);
  id = rc == SM_STMT_ROW ? sm_stmt_column_int64 (stmt, 0) : 0;
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_ROW && rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not look up a site: %s"));
      return -1;
    }
  return id;
}

/**
 * sm_project_merge_site:
 * @self: a project
 * @site_id: the site already in the project
 * @site: what a file says about it
 * @error: return location for an error
 *
 * Fills and updates the fields @site gives; keeps the others. A new
 * location replaces the old one.
 */
gboolean
sm_project_merge_site (SmProject    *self,
                       gint64        site_id,
                       const SmSite *site,
                       GError      **error)
{
  SmStmt *stmt;
  gboolean has_point = !isnan (site->lat) && !isnan (site->lon);

  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self) ? sm_project_pg_merge_site_sql :
                             "UPDATE sites SET ext_id = COALESCE (ext_id, ?), name = COALESCE (?, name), "
                             "org_number = COALESCE (?, org_number), sector = COALESCE (?, sector), "
                             "address = COALESCE (?, address), contact_name = COALESCE (?, contact_name), "
                             "contact_email = COALESCE (?, contact_email), phone = COALESCE (?, phone), "
                             "notes = COALESCE (?, notes), "
                             "geom = CASE WHEN ? THEN MakePoint (?, ?, 4326) ELSE geom END "
                             "WHERE site_id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sm_bind_text_or_null (stmt, 1, site->ext_id);
  sm_bind_text_or_null (stmt, 2, site->name);
  sm_bind_text_or_null (stmt, 3, site->org_number);
  sm_bind_text_or_null (stmt, 4, site->sector);
  sm_bind_text_or_null (stmt, 5, site->address);
  sm_bind_text_or_null (stmt, 6, site->contact_name);
  sm_bind_text_or_null (stmt, 7, site->contact_email);
  sm_bind_text_or_null (stmt, 8, site->phone);
  sm_bind_text_or_null (stmt, 9, site->notes);
  sm_stmt_bind_int (stmt, 10, has_point);
  sm_stmt_bind_double (stmt, 11, has_point ? site->lon : 0);
  sm_stmt_bind_double (stmt, 12, has_point ? site->lat : 0);
  sm_stmt_bind_int64 (stmt, 13, site_id);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  return sm_project_step_done (self, stmt, _("The project could not update a site: %s"), error);
}

/**
 * sm_project_insert_network_edge:
 * @wkb: a LINESTRING in EPSG:4326 as WKB
 *
 * Returns: the edge_id, or 0 with @error set
 */
gint64
sm_project_insert_network_edge (SmProject     *self,
                                const char    *name,
                                const char    *kind,
                                const guint8  *wkb,
                                gsize          wkb_size,
                                gint64         import_id,
                                GError       **error)
{
  SmStmt *stmt;

  /* ST_Length (g, 1) measures on the WGS84 ellipsoid, in metres; a
   * database has its own statement (sm-project-pg-network.c) */
  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self)
                             ? sm_project_pg_insert_network_edge_sql
                             : "INSERT INTO network_edges (name, kind, import_id, geom, length_m) "
                               "SELECT ?, ?, ?, g, ST_Length (g, 1) FROM "
                               "(SELECT GeomFromWKB (?, 4326) AS g)",
                             error);
  if (stmt == NULL)
    return 0;
  sm_bind_text_or_null (stmt, 1, name);
  sm_bind_text_or_null (stmt, 2, kind);
  sm_bind_id_or_null (stmt, 3, import_id);
  sm_stmt_bind_blob (stmt, 4, wkb, (int) wkb_size);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  return sm_project_step_insert (self, stmt, _("The project could not save a network line: %s"),
                                 error);
}

gboolean
sm_project_set_flow_partner (SmProject  *self,
                             gint64      flow_id,
                             gint64      partner_site_id,
                             GError    **error)
{
  SmStmt *stmt;

  stmt = sm_project_prepare (self, "UPDATE flows SET partner_site_id = ? WHERE flow_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sm_bind_id_or_null (stmt, 1, partner_site_id);
  sm_stmt_bind_int64 (stmt, 2, flow_id);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  return sm_project_step_done (self, stmt, _("The project could not save a flow: %s"), error);
}

/**
 * sm_project_insert_exchange:
 *
 * Records an exchange; one that is already recorded between the same two
 * flows is kept as it is.
 *
 * Returns: the exchange_id (the existing one for a known pair), or 0 with
 *   @error set
 */
gint64
sm_project_insert_exchange (SmProject        *self,
                            gint64            supply_flow_id,
                            gint64            demand_flow_id,
                            SmExchangeStatus  status,
                            const char       *note,
                            GError          **error)
{
  return sm_project_insert_exchange_from_file (self, supply_flow_id, demand_flow_id, status, note,
                                               NULL, error);
}

/**
 * sm_project_insert_exchange_from_file:
 * @source_file: (nullable): the base name of the imported file that named
 *   the two sites as partners
 *
 * As sm_project_insert_exchange(), and keeps @source_file in its own
 * column rather than a sentence in the note: the project holds no text in
 * the language of the moment, and the views say "Named as partners in …"
 * in theirs (sm_exchange_display_note()).
 */
gint64
sm_project_insert_exchange_from_file (SmProject        *self,
                                      gint64            supply_flow_id,
                                      gint64            demand_flow_id,
                                      SmExchangeStatus  status,
                                      const char       *note,
                                      const char       *source_file,
                                      GError          **error)
{
  SmStmt *stmt;
  gint64 id = 0;
  int rc;

  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self)
                               ? "INSERT INTO exchanges (supply_flow_id, demand_flow_id, "
                                 "status, note, source_file) VALUES (?, ?, ?, ?, ?) "
                                 "ON CONFLICT DO NOTHING"
                               : "INSERT OR IGNORE INTO exchanges (supply_flow_id, demand_flow_id, "
                                 "status, note, source_file) VALUES (?, ?, ?, ?, ?)",
                             error);
  if (stmt == NULL)
    return 0;
  sm_stmt_bind_int64 (stmt, 1, supply_flow_id);
  sm_stmt_bind_int64 (stmt, 2, demand_flow_id);
  sm_stmt_bind_text (stmt, 3, sm_status_to_key (status), -1);
  sm_bind_text_or_null (stmt, 4, note);
  sm_bind_text_or_null (stmt, 5, source_file);
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  if (!sm_project_step_done (self, stmt, _("The project could not save the exchange: %s"), error))
    return 0;

  stmt = sm_project_prepare (self,
                             "SELECT exchange_id FROM exchanges WHERE supply_flow_id = ? "
                             "AND demand_flow_id = ?",
                             error);
  if (stmt == NULL)
    return 0;
  sm_stmt_bind_int64 (stmt, 1, supply_flow_id);
  sm_stmt_bind_int64 (stmt, 2, demand_flow_id);
  rc = sm_stmt_step (stmt, error);
  if (rc == SM_STMT_ROW)
    id = sm_stmt_column_int64 (stmt, 0);
  sm_stmt_reset (stmt);
  if (id == 0)
    sm_project_set_sql_error (self, error, _("The project could not save the exchange: %s"));
  return id;
}

/**
 * sm_project_set_exchange:
 * @self: a project
 * @supply_flow_id: the supply
 * @demand_flow_id: the demand that uses it
 * @status: where the facilitator's work with the two companies stands
 * @note: (nullable): a note
 * @error: return location for an error
 *
 * Records the exchange, or changes the status and note of the one
 * recorded between the same two flows.
 */
gboolean
sm_project_set_exchange (SmProject        *self,
                         gint64            supply_flow_id,
                         gint64            demand_flow_id,
                         SmExchangeStatus  status,
                         const char       *note,
                         GError          **error)
{
  g_autofree char *now = sm_project_utc_now ();
  SmStmt *stmt;

  stmt = sm_project_prepare (self,
                             "INSERT INTO exchanges (supply_flow_id, demand_flow_id, status, note) "
                             "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (supply_flow_id, demand_flow_id) "
                             "DO UPDATE SET status = ?3, note = ?4, updated_at = ?5",
                             error);
  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_int64 (stmt, 1, supply_flow_id);
  sm_stmt_bind_int64 (stmt, 2, demand_flow_id);
  sm_stmt_bind_text (stmt, 3, sm_status_to_key (status), -1);
  sm_bind_text_or_null (stmt, 4, note);
  /* The time of the change made in C, the same SQL on both engines */
  sm_stmt_bind_text (stmt, 5, now, -1);
  return sm_project_step_done (self, stmt, _("The project could not save the exchange: %s"), error);
}

void
sm_exchange_free (SmExchange *exchange)
{
  if (exchange == NULL)
    return;
  g_free (exchange->note);
  g_free (exchange->supply_site);
  g_free (exchange->demand_site);
  g_free (exchange);
}

/**
 * sm_project_list_exchanges:
 *
 * Returns: (transfer container) (element-type SmExchange): every recorded
 *   exchange with where its two ends are
 */
GPtrArray *
sm_project_list_exchanges (SmProject  *self,
                           GError    **error)
{
  g_autoptr (GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_exchange_free);
  SmStmt *stmt;
  int rc;

  stmt = sm_project_prepare (self,
                             "SELECT e.exchange_id, e.supply_flow_id, e.demand_flow_id, e.status, e.note, "
                             "fs.resource, fd.amount, fs.amount, ss.name, sd.name, "
                             "ST_Y (ss.geom), ST_X (ss.geom), ST_Y (sd.geom), ST_X (sd.geom) "
                             "FROM exchanges e JOIN flows fs ON fs.flow_id = e.supply_flow_id "
                             "JOIN flows fd ON fd.flow_id = e.demand_flow_id "
                             "JOIN sites ss ON ss.site_id = fs.site_id "
                             "JOIN sites sd ON sd.site_id = fd.site_id ORDER BY e.exchange_id",
                             error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmExchange *x = g_new0 (SmExchange, 1);

      x->exchange_id = sm_stmt_column_int64 (stmt, 0);
      x->supply_flow_id = sm_stmt_column_int64 (stmt, 1);
      x->demand_flow_id = sm_stmt_column_int64 (stmt, 2);
      x->status = sm_status_from_key (sm_stmt_column_text (stmt, 3));
      x->note = g_strdup (sm_stmt_column_text (stmt, 4));
      x->resource = sm_resource_from_key (sm_stmt_column_text (stmt, 5));
      x->amount = MIN (sm_stmt_column_double (stmt, 6), sm_stmt_column_double (stmt, 7));
      x->supply_site = g_strdup (sm_stmt_column_text (stmt, 8));
      x->demand_site = g_strdup (sm_stmt_column_text (stmt, 9));
      x->supply_lat = sm_stmt_column_double (stmt, 10);
      x->supply_lon = sm_stmt_column_double (stmt, 11);
      x->demand_lat = sm_stmt_column_double (stmt, 12);
      x->demand_lon = sm_stmt_column_double (stmt, 13);
      g_ptr_array_add (list, x);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
      sm_project_set_sql_error (self, error, _("The project could not read its exchanges: %s"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* What a large import sets aside on a table (sm_project_suspend_spatial_index())
 * and puts back, as it was, in the same transaction: the triggers that
 * would run once a row, and the R*Tree, which is filled again in one pass
 * (sm-spatial-bulk.c). A killed or cancelled import rolls all of it back. */
typedef struct
{
  char      *rtree_sql; /* NULL when the table has no spatial index */
  GPtrArray *triggers;  /* their CREATE TRIGGER statements */
  GPtrArray *names;     /* and their names */
  gboolean   route_graph;
} Suspended;

static void
suspended_free (Suspended *s)
{
  g_free (s->rtree_sql);
  g_ptr_array_unref (s->triggers);
  g_ptr_array_unref (s->names);
  g_free (s);
}

static char *
object_sql (SmProject  *self,
            const char *name)
{
  SmStmt *stmt;
  char *sql = NULL;

  stmt = sm_project_prepare (self, "SELECT sql FROM sqlite_master WHERE name = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_text (stmt, 1, name, -1);
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    sql = sm_project_dup_column (stmt, 0);
  sm_stmt_reset (stmt);
  return sql;
}

/* Whether this transaction is an import's, which the edit log skips */
static gboolean
in_import (SmProject *self)
{
  g_autofree char *table = object_sql (self, "edit_context");

  return table != NULL
         && sm_project_db_query_int (self->db,
                                     "SELECT EXISTS (SELECT 1 FROM edit_context WHERE key = 'import')",
                                     0) == 1;
}

/**
 * sm_project_suspend_spatial_index:
 * @self: a project, inside a transaction
 * @table: "sites" or "network_edges"
 *
 * Stops keeping @table's R*Tree up to date row by row, so that a large
 * import writes its rows first and builds the index once at the end with
 * sm_project_rebuild_spatial_index(), in the same transaction.
 *
 * The triggers an insert runs once a row are set aside meanwhile and put
 * back unchanged by the rebuild: SpatiaLite's spatial index triggers and
 * its time stamp of the last insert (written once at the end instead);
 * for sites, its check of the geometry's type and SRID (the store writes
 * only POINTs in EPSG:4326, sm_project_insert_site()); inside an import,
 * the edit log's insert trigger, which skips an import's rows anyway; for
 * network lines, the trigger that drops the route graph, dropped once at
 * the end instead.
 */
gboolean
sm_project_suspend_spatial_index (SmProject  *self,
                                  const char *table,
                                  GError    **error)
{
  gboolean sites;
  Suspended *s;
  g_autofree char *rtree = NULL;
  const char *names[8];
  int n = 0;

  g_return_val_if_fail (g_str_equal (table, "sites") || g_str_equal (table, "network_edges"), FALSE);
  /* SpatiaLite's R*Tree and triggers; a database's GiST index is kept by
   * the server, row by row */
  if (sm_project_is_shared (self))
    return TRUE;
  sites = g_str_equal (table, "sites");

  s = g_new0 (Suspended, 1);
  s->triggers = g_ptr_array_new_with_free_func (g_free);
  s->names = g_ptr_array_new_with_free_func (g_free);
  rtree = g_strdup_printf ("idx_%s_geom", table);
  s->rtree_sql = object_sql (self, rtree);
  names[n++] = sites ? "gii_sites_geom" : "gii_network_edges_geom";
  names[n++] = sites ? "giu_sites_geom" : "giu_network_edges_geom";
  names[n++] = sites ? "tmi_sites_geom" : "tmi_network_edges_geom";
  if (sites)
    names[n++] = "ggi_sites_geom";
  if (sites && in_import (self))
    names[n++] = "sites_edit_log_insert";
  if (!sites)
    names[n++] = "route_graph_on_insert";

  for (int i = 0; i < n; i++)
    {
      char *sql = object_sql (self, names[i]);
      g_autofree char *drop = NULL;

      if (sql == NULL)
        continue;
      g_ptr_array_add (s->triggers, sql);
      g_ptr_array_add (s->names, g_strdup (names[i]));
      if (g_str_equal (names[i], "route_graph_on_insert"))
        s->route_graph = TRUE;
      drop = g_strdup_printf ("DROP TRIGGER \"%s\"", names[i]);
      if (!sm_project_exec (self, drop, error))
        {
          suspended_free (s);
          return FALSE;
        }
    }
  g_object_set_data_full (G_OBJECT (self), sites ? "sm-suspended-sites" : "sm-suspended-network",
                          s, (GDestroyNotify) suspended_free);
  return TRUE;
}

/**
 * sm_project_rebuild_spatial_index:
 * @self: a project, inside the transaction of
 *   sm_project_suspend_spatial_index()
 * @table: "sites" or "network_edges"
 *
 * Builds @table's R*Tree again from every row in one pass and puts back
 * what sm_project_suspend_spatial_index() set aside.
 */
gboolean
sm_project_rebuild_spatial_index (SmProject  *self,
                                  const char *table,
                                  GError    **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *rtree = NULL;
  gboolean sites;
  Suspended *s;
  gboolean ok = FALSE;

  g_return_val_if_fail (g_str_equal (table, "sites") || g_str_equal (table, "network_edges"), FALSE);
  /* SpatiaLite's R*Tree and triggers; a database's GiST index is kept by
   * the server, row by row */
  if (sm_project_is_shared (self))
    return TRUE;
  sites = g_str_equal (table, "sites");
  s = g_object_steal_data (G_OBJECT (self), sites ? "sm-suspended-sites" : "sm-suspended-network");
  rtree = g_strdup_printf ("idx_%s_geom", table);
  if (s == NULL)
    {
      /* Not suspended (or rolled back since): the R*Tree alone, afresh */
      s = g_new0 (Suspended, 1);
      s->rtree_sql = object_sql (self, rtree);
      s->triggers = g_ptr_array_new ();
      s->names = g_ptr_array_new ();
    }

  if (s->rtree_sql != NULL)
    {
      sql = g_strdup_printf ("DROP TABLE IF EXISTS \"%s\"", rtree);
      if (!sm_project_exec (self, sql, error) || !sm_project_exec (self, s->rtree_sql, error)
          || !sm_rtree_bulk_fill (self->db, table, "geom", rtree, error))
        goto out;
    }
  for (guint i = 0; i < s->triggers->len; i++)
    {
      /* Still there: the transaction that set it aside was rolled back */
      g_autofree char *now = object_sql (self, g_ptr_array_index (s->names, i));

      if (now == NULL && !sm_project_exec (self, g_ptr_array_index (s->triggers, i), error))
        goto out;
    }
  g_free (sql);
  sql = g_strdup_printf ("UPDATE geometry_columns_time "
                         "SET last_insert = strftime ('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now') "
                         "WHERE f_table_name = '%s' AND f_geometry_column = 'geom'",
                         table);
  /* geometry_columns_time is SpatiaLite's; a project without it has
   * nothing to stamp */
  {
    g_autofree char *stamps = object_sql (self, "geometry_columns_time");

    if (stamps != NULL && !sm_project_exec (self, sql, error))
      goto out;
  }
  if (s->route_graph && !sm_project_exec (self, "DELETE FROM route_graph", error))
    goto out;
  ok = TRUE;

out:
  suspended_free (s);
  return ok;
}
