/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The named queries the views and the CLI use (docs/ARCHITECTURE.md: SQL
 * only in layers/ and import/), the folded site names behind search, and
 * the watch that turns anyone's writes into the project's `changed` signal.
 */
#define G_LOG_DOMAIN "sm-project-query"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <sqlite3.h>

#include "sm-project-pg-watch.h"
#include "sm-project-private.h"
#include "sm-project-query.h"

/* Folding */

/* Letters that do not decompose into a base letter and a mark in Unicode
 * (NFKD leaves them alone), spelt as Danish, Norwegian and Swedish planners
 * type them on a keyboard without them: "ae" for æ, "o" for ø. */
static const struct { gunichar c; const char *ascii; } unfolded[] = {
  { 0x00E6, "ae" }, /* æ */
  { 0x00F8, "o" },  /* ø */
  { 0x0153, "oe" }, /* œ */
  { 0x00DF, "ss" }, /* ß */
  { 0x00F0, "d" },  /* ð */
  { 0x00FE, "th" }, /* þ */
  { 0x0111, "d" },  /* đ */
  { 0x0142, "l" },  /* ł */
};

/**
 * sm_fold_text:
 * @text: (nullable): UTF-8 text
 *
 * Folds case and accents the way people search for names: "Østergaard",
 * "OSTERGAARD" and "østergård" all fold to "ostergaard"; "Ærø" to "aero".
 * SQLite without ICU folds only ASCII, and GLib has case folding and
 * decomposition but no table for letters such as æ and ø that have no
 * decomposition; this is that table on top of GLib's two steps.
 *
 * Returns: (transfer full) (nullable): the folded text
 */
char *
sm_fold_text (const char *text)
{
  g_autofree char *lower = NULL;
  g_autofree char *decomposed = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  if (!g_utf8_validate (text, -1, NULL))
    return g_ascii_strdown (text, -1);
  lower = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (lower, -1, G_NORMALIZE_NFKD);
  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);
      gboolean mapped = FALSE;

      if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
          || type == G_UNICODE_ENCLOSING_MARK)
        continue;
      for (guint i = 0; i < G_N_ELEMENTS (unfolded); i++)
        if (unfolded[i].c == c)
          {
            g_string_append (out, unfolded[i].ascii);
            mapped = TRUE;
            break;
          }
      if (!mapped)
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static void
fold_func (sqlite3_context *ctx,
           int              argc,
           sqlite3_value  **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *folded = sm_fold_text (text);

  if (folded == NULL)
    sqlite3_result_null (ctx);
  else
    sqlite3_result_text (ctx, folded, -1, g_free);
}

/**
 * sm_project_register_functions:
 * @db: a connection just opened
 *
 * The SQL functions the queries below use: `sm_fold (text)`. Registered on
 * our connections only: the schema (triggers, indices) never calls them,
 * so QGIS or sqlite3 can still write the file.
 */
void
sm_project_register_functions (sqlite3 *db)
{
  sqlite3_create_function (db, "sm_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fold_func,
                           NULL, NULL);
}

/**
 * sm_project_refresh_folded_names:
 * @self: a project
 * @error: return location for an error
 *
 * Fills the folded name of every site whose name was written without it
 * (an import, another program); the schema's trigger clears it when a
 * name changes. Does nothing on a read-only project: search then folds as
 * it reads.
 */
gboolean
sm_project_refresh_folded_names (SmProject  *self,
                                 GError    **error)
{
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);

  if (sm_project_is_read_only (self))
    return TRUE;
  if (sm_project_is_shared (self))
    return sm_project_pg_refresh_folded_names (self, error);
  stmt = sm_project_prepare (self,
                             "UPDATE sites SET name_folded = sm_fold (name) "
                             "WHERE name_folded IS NULL",
                             error);
  if (stmt == NULL)
    return FALSE;
  if (sm_stmt_step (stmt, error) != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not read its sites: %s"));
      sm_stmt_reset (stmt);
      return FALSE;
    }
  sm_stmt_reset (stmt);
  return TRUE;
}

static char *
dup_text (SmStmt *stmt,
          int     col)
{
  return g_strdup (sm_stmt_column_text (stmt, col));
}

/* Escapes LIKE's wildcards in what the user typed */
static char *
like_pattern (const char *folded)
{
  GString *out = g_string_new ("%");

  for (const char *p = folded; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '%');
  return g_string_free (out, FALSE);
}

/**
 * sm_project_search_sites:
 * @self: a project
 * @text: what the user typed
 * @limit: at most this many sites, 0 for all
 * @error: return location for an error
 *
 * Sites whose name contains @text, with case and accents folded
 * (sm_fold_text()), or whose external id contains it; names that start
 * with it first, then by name.
 *
 * Returns: (transfer container) (element-type SmSite): the sites, without
 *   flow counts
 */
GPtrArray *
sm_project_search_sites (SmProject   *self,
                         const char  *text,
                         int          limit,
                         GError     **error)
{
  g_autoptr (GPtrArray) sites = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_site_free);
  g_autofree char *folded = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *prefix = NULL;
  SmStmt *stmt;
  int rc;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  {
    g_autofree char *stripped = g_strstrip (g_strdup (text));

    folded = sm_fold_text (stripped);
  }
  if (folded == NULL || *folded == '\0')
    return g_steal_pointer (&sites);
  if (sm_project_is_shared (self))
    {
      /* A database's user may read but not write: the names not folded
       * yet are then compared in lower case (below) */
      g_autoptr (GError) local = NULL;

      if (!sm_project_refresh_folded_names (self, &local))
        g_debug ("Folded names not refreshed: %s", local->message);
    }
  else if (!sm_project_refresh_folded_names (self, error))
    return NULL;
  pattern = like_pattern (folded);
  prefix = g_strdup (pattern + 1);
  /* A database has no sm_fold(): its names are folded by the refresh
   * above, and sorted bytewise as SQLite's are */
#define SEARCH_SQL(FOLDED, NAME)                                                                \
  "SELECT s.site_id, s.ext_id, s.name, s.org_number, s.sector, "                                \
  "s.address, s.contact_name, s.contact_email, s.phone, s.notes, "                              \
  "ST_Y (s.geom), ST_X (s.geom), "                                                              \
  "(SELECT COUNT(*) FROM flows f WHERE f.site_id = s.site_id "                                  \
  "AND f.direction = 'supply'), "                                                               \
  "(SELECT COUNT(*) FROM flows f WHERE f.site_id = s.site_id "                                  \
  "AND f.direction = 'demand') FROM sites s "                                                   \
  "WHERE " FOLDED " LIKE ?1 ESCAPE '\\' "                                                       \
  "OR s.ext_id LIKE ?1 ESCAPE '\\' "                                                            \
  "ORDER BY " FOLDED " NOT LIKE ?2 "                                                            \
  "ESCAPE '\\', " NAME " LIMIT ?3"
  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self)
                             ? SEARCH_SQL ("COALESCE (s.name_folded, lower (s.name))",
                                           "s.name COLLATE \"C\"")
                             : SEARCH_SQL ("COALESCE (s.name_folded, sm_fold (s.name))", "s.name"),
                             error);
#undef SEARCH_SQL
  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_text (stmt, 1, pattern, -1);
  sm_stmt_bind_text (stmt, 2, prefix, -1);
  /* not -1: PostgreSQL refuses a negative LIMIT */
  sm_stmt_bind_int (stmt, 3, limit > 0 ? limit : G_MAXINT);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmSite *site = g_new0 (SmSite, 1);

      site->site_id = sm_stmt_column_int64 (stmt, 0);
      site->ext_id = dup_text (stmt, 1);
      site->name = dup_text (stmt, 2);
      site->org_number = dup_text (stmt, 3);
      site->sector = dup_text (stmt, 4);
      site->address = dup_text (stmt, 5);
      site->contact_name = dup_text (stmt, 6);
      site->contact_email = dup_text (stmt, 7);
      site->phone = dup_text (stmt, 8);
      site->notes = dup_text (stmt, 9);
      site->lat = sm_stmt_column_double (stmt, 10);
      site->lon = sm_stmt_column_double (stmt, 11);
      site->supply_count = sm_stmt_column_int (stmt, 12);
      site->demand_count = sm_stmt_column_int (stmt, 13);
      g_ptr_array_add (sites, site);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not read its sites: %s"));
      return NULL;
    }
  return g_steal_pointer (&sites);
}

/* The map */

/**
 * sm_project_sites_in_box:
 * @self: a project
 * @error: return location for an error
 *
 * Every site in the box with each of its flows, through the sites' R*Tree:
 * one row per flow, or one row with direction -1 for a site without flows.
 *
 * Returns: (transfer full) (element-type SmSiteFlowRow): the rows
 */
GArray *
sm_project_sites_in_box (SmProject  *self,
                         double      min_lat,
                         double      max_lat,
                         double      min_lon,
                         double      max_lon,
                         GError    **error)
{
  g_autoptr (GArray) rows = g_array_new (FALSE, FALSE, sizeof (SmSiteFlowRow));
  SmStmt *stmt;
  int rc;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  /* A database's GiST index answers the same box test (&&) */
  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self)
                             ? "SELECT s.site_id, ST_Y (s.geom), ST_X (s.geom), f.direction, "
                               "f.resource, f.amount FROM sites s "
                               "LEFT JOIN flows f ON f.site_id = s.site_id "
                               "WHERE s.geom && ST_MakeEnvelope (?2, ?4, ?1, ?3, 4326)"
                             : "SELECT s.site_id, ST_Y (s.geom), ST_X (s.geom), f.direction, "
                               "f.resource, f.amount FROM idx_sites_geom r "
                               "CROSS JOIN sites s ON s.site_id = r.pkid "
                               "LEFT JOIN flows f ON f.site_id = s.site_id "
                               "WHERE r.xmin <= ? AND r.xmax >= ? AND r.ymin <= ? AND r.ymax >= ?",
                             error);
  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_double (stmt, 1, max_lon);
  sm_stmt_bind_double (stmt, 2, min_lon);
  sm_stmt_bind_double (stmt, 3, max_lat);
  sm_stmt_bind_double (stmt, 4, min_lat);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmSiteFlowRow row = { sm_stmt_column_int64 (stmt, 0), sm_stmt_column_double (stmt, 1),
                            sm_stmt_column_double (stmt, 2), -1, SM_RESOURCE_INVALID, 0 };

      if (sm_stmt_column_type (stmt, 3) != SM_DB_NULL)
        {
          row.direction = sm_direction_from_key (sm_stmt_column_text (stmt, 3));
          row.resource = sm_resource_from_key (sm_stmt_column_text (stmt, 4));
          row.amount = sm_stmt_column_double (stmt, 5);
        }
      g_array_append_val (rows, row);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not read its sites: %s"));
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/**
 * sm_project_edges_in_box:
 * @self: a project
 * @error: return location for an error
 *
 * The network lines whose bounding box meets the box, through the
 * network's R*Tree, as little-endian WKB LINESTRINGs.
 *
 * Returns: (transfer container) (element-type GBytes): the lines
 */
GPtrArray *
sm_project_edges_in_box (SmProject  *self,
                         double      min_lat,
                         double      max_lat,
                         double      min_lon,
                         double      max_lon,
                         GError    **error)
{
  g_autoptr (GPtrArray) edges = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  SmStmt *stmt;
  int rc;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  /* A database's GiST index answers the same box test (&&) */
  stmt = sm_project_prepare (self,
                             sm_project_is_shared (self)
                             ? "SELECT ST_AsBinary (geom, 'NDR') FROM network_edges "
                               "WHERE geom && ST_MakeEnvelope (?2, ?4, ?1, ?3, 4326)"
                             : "SELECT AsBinary (e.geom) FROM idx_network_edges_geom i "
                               "CROSS JOIN network_edges e ON e.edge_id = i.pkid "
                               "WHERE i.xmin <= ? AND i.xmax >= ? AND i.ymin <= ? AND i.ymax >= ?",
                             error);
  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_double (stmt, 1, max_lon);
  sm_stmt_bind_double (stmt, 2, min_lon);
  sm_stmt_bind_double (stmt, 3, max_lat);
  sm_stmt_bind_double (stmt, 4, min_lat);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    g_ptr_array_add (edges, g_bytes_new (sm_stmt_column_blob (stmt, 0),
                                         sm_stmt_column_bytes (stmt, 0)));
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not read its network lines: %s"));
      return NULL;
    }
  return g_steal_pointer (&edges);
}

/* Exchanges */

/**
 * sm_project_list_exchange_records:
 * @self: a project
 * @status: an #SmExchangeStatus to list only those, or -1 for all
 * @error: return location for an error
 *
 * Returns: (transfer container) (element-type SmExchangeRecord): the
 *   recorded exchanges, the most recently changed first
 */
GPtrArray *
sm_project_list_exchange_records (SmProject  *self,
                                  int         status,
                                  GError    **error)
{
  g_autoptr (GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sm_exchange_record_free);
  SmStmt *stmt;
  int rc;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  stmt = sm_project_prepare (self,
                             "SELECT e.exchange_id, e.supply_flow_id, e.demand_flow_id, e.status, "
                             "e.note, e.created_at, e.updated_at, fs.resource, "
                             /* SQLite's two-argument MIN() is LEAST() elsewhere */
                             "CASE WHEN fd.amount < fs.amount THEN fd.amount ELSE fs.amount END, "
                             "fd.unit, ss.site_id, sd.site_id, "
                             "ss.name, sd.name, ST_Y (ss.geom), ST_X (ss.geom), ST_Y (sd.geom), "
                             "ST_X (sd.geom), e.source_file "
                             "FROM exchanges e JOIN flows fs ON fs.flow_id = e.supply_flow_id "
                             "JOIN flows fd ON fd.flow_id = e.demand_flow_id "
                             "JOIN sites ss ON ss.site_id = fs.site_id "
                             "JOIN sites sd ON sd.site_id = fd.site_id "
                             /* the cast types ?1 for PostgreSQL */
                             "WHERE CAST (?1 AS TEXT) IS NULL OR e.status = ?1 "
                             "ORDER BY e.updated_at DESC, e.exchange_id DESC",
                             error);
  if (stmt == NULL)
    return NULL;
  if (status >= 0 && status < SM_N_STATUSES)
    sm_stmt_bind_text (stmt, 1, sm_status_to_key (status), -1);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmExchangeRecord *x = g_new0 (SmExchangeRecord, 1);

      x->exchange_id = sm_stmt_column_int64 (stmt, 0);
      x->supply_flow_id = sm_stmt_column_int64 (stmt, 1);
      x->demand_flow_id = sm_stmt_column_int64 (stmt, 2);
      x->status = sm_status_from_key (sm_stmt_column_text (stmt, 3));
      x->note = g_strdup (sm_stmt_column_text (stmt, 4));
      x->source_file = g_strdup (sm_stmt_column_text (stmt, 18));
      x->created_at = g_strdup (sm_stmt_column_text (stmt, 5));
      x->updated_at = g_strdup (sm_stmt_column_text (stmt, 6));
      x->resource = sm_resource_from_key (sm_stmt_column_text (stmt, 7));
      x->amount = sm_stmt_column_double (stmt, 8);
      x->unit = g_strdup (sm_stmt_column_text (stmt, 9));
      x->supply_site_id = sm_stmt_column_int64 (stmt, 10);
      x->demand_site_id = sm_stmt_column_int64 (stmt, 11);
      x->supply_site = g_strdup (sm_stmt_column_text (stmt, 12));
      x->demand_site = g_strdup (sm_stmt_column_text (stmt, 13));
      x->supply_lat = sm_stmt_column_double (stmt, 14);
      x->supply_lon = sm_stmt_column_double (stmt, 15);
      x->demand_lat = sm_stmt_column_double (stmt, 16);
      x->demand_lon = sm_stmt_column_double (stmt, 17);
      g_ptr_array_add (list, x);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not read its exchanges: %s"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

/**
 * sm_project_set_exchange_note:
 * @self: a project
 * @exchange_id: a recorded exchange
 * @status: its new status
 * @note: (nullable): its new note, any number of lines
 * @error: return location for an error
 *
 * Changes one recorded exchange and its time of change.
 */
gboolean
sm_project_set_exchange_note (SmProject        *self,
                              gint64            exchange_id,
                              SmExchangeStatus  status,
                              const char       *note,
                              GError          **error)
{
  g_autofree char *now = sm_project_utc_now ();
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (status >= 0 && status < SM_N_STATUSES, FALSE);

  if (sm_project_is_read_only (self))
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_READ_ONLY,
                   _("The project is read-only: save a copy to change it"));
      return FALSE;
    }
  stmt = sm_project_prepare (self,
                             "UPDATE exchanges SET status = ?, note = ?, updated_at = ? "
                             "WHERE exchange_id = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_text (stmt, 1, sm_status_to_key (status), -1);
  sm_bind_text_or_null (stmt, 2, note);
  /* made in C (sm-project-pg-edit.c): the same SQL on both engines */
  sm_stmt_bind_text (stmt, 3, now, -1);
  sm_stmt_bind_int64 (stmt, 4, exchange_id);
  if (sm_stmt_step (stmt, error) != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not save the exchange: %s"));
      sm_stmt_reset (stmt);
      return FALSE;
    }
  sm_stmt_reset (stmt);
  return TRUE;
}

/**
 * sm_exchange_display_note:
 * @note: (nullable): an exchange's note
 * @source_file: (nullable): the file an import found the exchange in
 *
 * Returns: (transfer full) (nullable): the note to show: the note itself,
 *   or for an exchange an import recorded without one, "Named as partners
 *   in …" in the language of the moment; %NULL for neither
 */
char *
sm_exchange_display_note (const char *note,
                          const char *source_file)
{
  if (note != NULL && *note != '\0')
    return g_strdup (note);
  if (source_file != NULL && *source_file != '\0')
    /* TRANSLATORS: the note of an exchange an import recorded because a
     * flow named the other site as its partner; %s is the imported file's
     * name, e.g. "flows.csv" */
    return g_strdup_printf (_("Named as partners in %s"), source_file);
  return NULL;
}

void
sm_exchange_record_free (SmExchangeRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->note);
  g_free (record->source_file);
  g_free (record->created_at);
  g_free (record->updated_at);
  g_free (record->unit);
  g_free (record->supply_site);
  g_free (record->demand_site);
  g_free (record);
}

/**
 * sm_project_list_exchange_history:
 * @self: a project
 * @exchange_id: a recorded exchange
 * @error: return location for an error
 *
 * Every status and note the exchange has had, the oldest first; kept by
 * the schema's triggers whoever writes.
 *
 * Returns: (transfer container) (element-type SmExchangeChange): the changes
 */
GPtrArray *
sm_project_list_exchange_history (SmProject  *self,
                                  gint64      exchange_id,
                                  GError    **error)
{
  g_autoptr (GPtrArray) list =
    g_ptr_array_new_with_free_func ((GDestroyNotify) sm_exchange_change_free);
  SmStmt *stmt;
  int rc;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  stmt = sm_project_prepare (self,
                             "SELECT status, note, changed_at FROM exchange_history "
                             "WHERE exchange_id = ? ORDER BY history_id",
                             error);
  if (stmt == NULL)
    return NULL;
  sm_stmt_bind_int64 (stmt, 1, exchange_id);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmExchangeChange *c = g_new0 (SmExchangeChange, 1);

      c->status = sm_status_from_key (sm_stmt_column_text (stmt, 0));
      c->note = dup_text (stmt, 1);
      c->changed_at = dup_text (stmt, 2);
      g_ptr_array_add (list, c);
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (self, error, _("The project could not read its exchanges: %s"));
      return NULL;
    }
  return g_steal_pointer (&list);
}

void
sm_exchange_change_free (SmExchangeChange *change)
{
  if (change == NULL)
    return;
  g_free (change->note);
  g_free (change->changed_at);
  g_free (change);
}

/* Watching for changes */

/**
 * sm_project_get_change_stamp:
 * @self: a project
 * @data_version: (out): moves when another connection commits
 * @total_changes: (out): moves when this connection writes
 *
 * Two counters that together move on every change to the file, whoever
 * makes it; SQLite's `PRAGMA data_version` alone misses this connection's.
 */
void
sm_project_get_change_stamp (SmProject *self,
                             gint64    *data_version,
                             gint64    *total_changes)
{
  SmStmt *stmt;

  g_return_if_fail (SM_IS_PROJECT (self));

  *data_version = 0;
  *total_changes = 0;
  /* A database's: others' changes are announced by NOTIFY
   * (sm-project-pg-watch.c); this connection's own writes are counted */
  if (sm_project_get_db (self) == NULL)
    {
      *total_changes = sm_db_total_changes (sm_project_get_store (self));
      return;
    }
  *total_changes = sqlite3_total_changes64 (sm_project_get_db (self));
  stmt = sm_project_prepare (self, "PRAGMA data_version", NULL);
  if (stmt == NULL)
    return;
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    *data_version = sm_stmt_column_int64 (stmt, 0);
  sm_stmt_reset (stmt);
}

typedef struct
{
  GWeakRef project;
  gint64   data_version;
  gint64   total_changes;
  gulong   handler;
  SmProjectPgWatch *pg; /* others' changes to a shared database */
} Watch;

static void
watch_note_stamp (SmProject *project,
                  Watch     *watch)
{
  sm_project_get_change_stamp (project, &watch->data_version, &watch->total_changes);
}

/* A cached statement stepped to its first row and left there (a lookup of
 * one value) holds a read transaction open, and with it an old snapshot:
 * neither the views nor data_version would see other connections' commits.
 * Between two main-loop callbacks no caller is inside a statement of this
 * connection (workers have their own), so the watch resets them. */
void
sm_project_end_reads (SmProject *project)
{
  sqlite3 *db = sm_project_get_db (project);

  /* A database's statements hold no snapshot between steps */
  if (db == NULL)
    return;
  for (sqlite3_stmt *stmt = sqlite3_next_stmt (db, NULL); stmt != NULL;
       stmt = sqlite3_next_stmt (db, stmt))
    if (sqlite3_stmt_busy (stmt))
      sqlite3_reset (stmt);
}

static gboolean
watch_tick (gpointer data)
{
  Watch *watch = data;
  g_autoptr (SmProject) project = g_weak_ref_get (&watch->project);
  gint64 data_version, total_changes;

  if (project == NULL)
    return G_SOURCE_REMOVE;
  /* A write still in progress (an import's transaction) is announced
   * when it commits */
  if (sm_db_in_transaction (sm_project_get_store (project)))
    return G_SOURCE_CONTINUE;
  sm_project_end_reads (project);
  sm_project_get_change_stamp (project, &data_version, &total_changes);
  if (data_version != watch->data_version || total_changes != watch->total_changes)
    {
      g_debug ("The project changed (data_version %" G_GINT64_FORMAT ", changes %"
               G_GINT64_FORMAT ")", data_version, total_changes);
      /* The handler notes the new stamp */
      sm_project_emit_changed (project);
    }
  return G_SOURCE_CONTINUE;
}

static void
watch_free (gpointer data)
{
  Watch *watch = data;
  g_autoptr (SmProject) project = g_weak_ref_get (&watch->project);

  if (project != NULL)
    g_signal_handler_disconnect (project, watch->handler);
  g_clear_pointer (&watch->pg, sm_project_pg_watch_stop);
  g_weak_ref_clear (&watch->project);
  g_free (watch);
}

/**
 * sm_project_watch:
 * @self: a project
 * @interval_ms: how often to look
 *
 * Emits #SmProject::changed on the thread-default main context whenever the
 * file changed since the last emission, whoever changed it: this
 * connection (an edit, Preferences), a worker thread's connection (an
 * import) or another process. A look is one `PRAGMA data_version`, a
 * few microseconds. On a shared database (sm_project_is_shared()) the
 * others' commits come as NOTIFY on a connection of the watch's own,
 * opened in a worker; when it breaks, #SmProject::connection-lost.
 * Remove the source with g_source_remove().
 *
 * Returns: the source id
 */
guint
sm_project_watch (SmProject *self,
                  guint      interval_ms)
{
  Watch *watch;

  g_return_val_if_fail (SM_IS_PROJECT (self), 0);

  watch = g_new0 (Watch, 1);
  g_weak_ref_init (&watch->project, self);
  watch_note_stamp (self, watch);
  watch->handler = g_signal_connect (self, "changed", G_CALLBACK (watch_note_stamp), watch);
  if (sm_project_is_shared (self))
    watch->pg = sm_project_pg_watch_start (self);
  /* Default priority: at a lower one, a map that keeps redrawing would
   * starve it */
  return g_timeout_add_full (G_PRIORITY_DEFAULT, interval_ms, watch_tick, watch, watch_free);
}
