/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opening, creating and upgrading a project file, its guards (read-only,
 * damaged files), statements and transactions. Settings, sites and flows,
 * and the project's summary are in sm-project-settings.c,
 * sm-project-sites.c and sm-project-info.c (sm-project-private.h).
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

#include "sm-db.h"
#include "sm-project.h"
#include "sm-project-extent.h"
#include "sm-project-private.h"
#include "sm-pg-schema.h"

G_DEFINE_FINAL_TYPE (SmProject, sm_project, G_TYPE_OBJECT)

G_DEFINE_QUARK (sm-project-error-quark, sm_project_error)

/* Schema migrations: entry N brings a project from version N to N + 1.
 * Only ever append; a released entry never changes. */
static const char *migrations[SM_PROJECT_SCHEMA_VERSION] = {
  /* 0 -> 1: the first schema */
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL);"
  "CREATE TABLE imports ("
  "  import_id INTEGER PRIMARY KEY,"
  "  file TEXT NOT NULL,"
  "  layer TEXT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('sites', 'flows', 'network')),"
  "  started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
  "  rows_read INTEGER NOT NULL DEFAULT 0,"
  "  imported INTEGER NOT NULL DEFAULT 0,"
  "  rejected INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE rejected_rows ("
  "  rejected_id INTEGER PRIMARY KEY,"
  "  import_id INTEGER NOT NULL REFERENCES imports (import_id) ON DELETE CASCADE,"
  "  row INTEGER NOT NULL,"
  "  field TEXT,"
  "  reason TEXT NOT NULL);"
  "CREATE INDEX rejected_rows_import ON rejected_rows (import_id);"
  "CREATE TABLE sites ("
  "  site_id INTEGER PRIMARY KEY,"
  "  ext_id TEXT UNIQUE,"
  "  name TEXT NOT NULL CHECK (name <> ''),"
  "  org_number TEXT,"
  "  sector TEXT,"
  "  address TEXT,"
  "  contact_name TEXT,"
  "  contact_email TEXT,"
  "  phone TEXT,"
  "  notes TEXT,"
  "  import_id INTEGER REFERENCES imports (import_id) ON DELETE SET NULL);"
  "CREATE INDEX sites_org_number ON sites (org_number);"
  "CREATE INDEX sites_name ON sites (name);"
  "SELECT RequireGeometry (AddGeometryColumn ('sites', 'geom', 4326, 'POINT', 'XY', 1));"
  "SELECT RequireGeometry (CreateSpatialIndex ('sites', 'geom'));"
  "CREATE TABLE flows ("
  "  flow_id INTEGER PRIMARY KEY,"
  "  site_id INTEGER NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,"
  "  direction TEXT NOT NULL CHECK (direction IN ('supply', 'demand')),"
  "  resource TEXT NOT NULL"
  "    CHECK (resource IN ('heat', 'steam', 'cooling', 'water', 'co2', 'material')),"
  "  ewc_code TEXT,"
  "  material TEXT,"
  "  amount REAL NOT NULL CHECK (amount >= 0),"
  "  unit TEXT NOT NULL,"
  "  temperature_c REAL,"
  "  hours_per_year REAL,"
  "  partner_site_id INTEGER REFERENCES sites (site_id) ON DELETE SET NULL,"
  "  notes TEXT,"
  "  import_id INTEGER REFERENCES imports (import_id) ON DELETE SET NULL);"
  "CREATE INDEX flows_site ON flows (site_id);"
  "CREATE INDEX flows_resource ON flows (resource, direction);"
  "CREATE TABLE exchanges ("
  "  exchange_id INTEGER PRIMARY KEY,"
  "  supply_flow_id INTEGER NOT NULL REFERENCES flows (flow_id) ON DELETE CASCADE,"
  "  demand_flow_id INTEGER NOT NULL REFERENCES flows (flow_id) ON DELETE CASCADE,"
  "  status TEXT NOT NULL DEFAULT 'idea'"
  "    CHECK (status IN ('idea', 'contacted', 'negotiating', 'operational', 'rejected')),"
  "  note TEXT,"
  "  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
  "  updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
  "  UNIQUE (supply_flow_id, demand_flow_id));"
  "CREATE TABLE network_edges ("
  "  edge_id INTEGER PRIMARY KEY,"
  "  name TEXT,"
  "  kind TEXT,"
  "  length_m REAL,"
  "  import_id INTEGER REFERENCES imports (import_id) ON DELETE SET NULL);"
  "SELECT RequireGeometry (AddGeometryColumn ('network_edges', 'geom', 4326, 'LINESTRING', 'XY', 1));"
  "SELECT RequireGeometry (CreateSpatialIndex ('network_edges', 'geom'));",

  /* 1 -> 2: keep the offending value of a rejected row, and the SRS an
   * import was read in, so the Details view can show both. */
  "ALTER TABLE rejected_rows ADD COLUMN value TEXT;"
  "ALTER TABLE imports ADD COLUMN srs TEXT;",

  /* 2 -> 3: the routable graph of the network, built once per network
   * change (sm-route.c) and kept here instead of being rebuilt per query. */
  "CREATE TABLE route_nodes ("
  "  node_id INTEGER PRIMARY KEY,"
  "  lon REAL NOT NULL,"
  "  lat REAL NOT NULL);"
  "CREATE TABLE route_arcs ("
  "  from_node INTEGER NOT NULL REFERENCES route_nodes (node_id) ON DELETE CASCADE,"
  "  to_node INTEGER NOT NULL REFERENCES route_nodes (node_id) ON DELETE CASCADE,"
  "  length_m REAL NOT NULL,"
  "  PRIMARY KEY (from_node, to_node)) WITHOUT ROWID;",

  /* 3 -> 4: the routable graph as one BLOB of arrays (sm-route-store.c),
   * read in one go; any change to the network lines drops it. */
  "DROP TABLE route_arcs; DROP TABLE route_nodes;"
  "DELETE FROM settings WHERE key IN ('route_graph_version', 'route_graph_lat0');"
  "CREATE TABLE route_graph ("
  "  graph_id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  snap_m REAL NOT NULL,"
  "  data BLOB NOT NULL);"
  "CREATE TRIGGER route_graph_on_insert AFTER INSERT ON network_edges"
  "  BEGIN DELETE FROM route_graph; END;"
  "CREATE TRIGGER route_graph_on_update AFTER UPDATE ON network_edges"
  "  BEGIN DELETE FROM route_graph; END;"
  "CREATE TRIGGER route_graph_on_delete AFTER DELETE ON network_edges"
  "  BEGIN DELETE FROM route_graph; END;",
  /* 4 -> 5: the keys public registers give their facilities and the flows
   * read from them, so a register imported again updates in place; what
   * each register said last (name, position), to tell a rename; and the
   * other names of a site: former names and the names other registers
   * use (docs/DATA-MODEL.md, "Public registers"). */
  "CREATE TABLE register_sites ("
  "  register TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  site_id INTEGER NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,"
  "  name TEXT,"
  "  lat REAL,"
  "  lon REAL,"
  "  PRIMARY KEY (register, key));"
  "CREATE INDEX register_sites_site ON register_sites (site_id);"
  "CREATE TABLE register_flows ("
  "  register TEXT NOT NULL,"
  "  key TEXT NOT NULL,"
  "  flow_id INTEGER NOT NULL REFERENCES flows (flow_id) ON DELETE CASCADE,"
  "  PRIMARY KEY (register, key));"
  "CREATE INDEX register_flows_flow ON register_flows (flow_id);"
  "CREATE TABLE site_names ("
  "  site_id INTEGER NOT NULL REFERENCES sites (site_id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('former', 'alias')),"
  "  source TEXT,"
  "  recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),"
  "  PRIMARY KEY (site_id, name, kind));",
  /* 5 -> 6: each site's name folded for search (sm_fold_text() in
   * sm-project-query.c), filled by the store; a name written without it
   * (by another program) is cleared here and filled again on the next
   * search, so the schema calls no function only Symbiomap has. */
  "ALTER TABLE sites ADD COLUMN name_folded TEXT;"
  "CREATE INDEX sites_name_folded ON sites (name_folded);"
  "CREATE TRIGGER sites_name_folded_stale AFTER UPDATE OF name ON sites "
  "  WHEN new.name_folded IS old.name_folded AND new.name IS NOT old.name "
  "  BEGIN UPDATE sites SET name_folded = NULL WHERE site_id = new.site_id; END;"
  /* and each exchange's history of statuses and notes, kept by
   * triggers so that every writer (QGIS too) records it */
  "CREATE TABLE exchange_history ("
  "  history_id INTEGER PRIMARY KEY,"
  "  exchange_id INTEGER NOT NULL REFERENCES exchanges (exchange_id) ON DELETE CASCADE,"
  "  status TEXT NOT NULL,"
  "  note TEXT,"
  "  changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));"
  "CREATE INDEX exchange_history_exchange ON exchange_history (exchange_id);"
  "INSERT INTO exchange_history (exchange_id, status, note, changed_at)"
  "  SELECT exchange_id, status, note, updated_at FROM exchanges;"
  "CREATE TRIGGER exchanges_history_insert AFTER INSERT ON exchanges BEGIN"
  "  INSERT INTO exchange_history (exchange_id, status, note)"
  "    VALUES (new.exchange_id, new.status, new.note); END;"
  "CREATE TRIGGER exchanges_history_update AFTER UPDATE OF status, note ON exchanges"
  "  WHEN new.status IS NOT old.status OR new.note IS NOT old.note BEGIN"
  "  INSERT INTO exchange_history (exchange_id, status, note)"
  "    VALUES (new.exchange_id, new.status, new.note); END;",
  /* 6 -> 7: the file an import found two partners in, kept as its name
   * rather than as a note in the language of the moment; the views say
   * "Named as partners in …" in theirs (sm_exchange_display_note()).
   * Notes that are exactly that sentence in English, Danish or Swedish
   * (as versions up to 6 wrote it) move here, in the exchange and in its
   * history; the history trigger is set aside meanwhile so that the move
   * is no change of the exchange. */
  "ALTER TABLE exchanges ADD COLUMN source_file TEXT;"
  "DROP TRIGGER exchanges_history_update;"
  "UPDATE exchanges SET source_file = CASE"
  "  WHEN note GLOB 'Named as partners in ?*' THEN substr (note, 22)"
  "  WHEN note GLOB 'Angivet som partnere i ?*' THEN substr (note, 24)"
  "  WHEN note GLOB 'Angivna som partner i ?*' THEN substr (note, 23) END;"
  "UPDATE exchanges SET source_file = NULL"
  "  WHERE instr (source_file, '/') > 0 OR instr (source_file, char (10)) > 0;"
  "UPDATE exchange_history SET note = NULL WHERE note IS NOT NULL AND EXISTS"
  "  (SELECT 1 FROM exchanges e WHERE e.exchange_id = exchange_history.exchange_id"
  "   AND e.source_file IS NOT NULL AND e.note = exchange_history.note);"
  "UPDATE exchanges SET note = NULL WHERE source_file IS NOT NULL;"
  "CREATE TRIGGER exchanges_history_update AFTER UPDATE OF status, note ON exchanges"
  "  WHEN new.status IS NOT old.status OR new.note IS NOT old.note BEGIN"
  "  INSERT INTO exchange_history (exchange_id, status, note)"
  "    VALUES (new.exchange_id, new.status, new.note); END;",
  /* 7 -> 8: the edit log of sites and flows, kept by
   * triggers; its SQL is beside the code that writes who edits and reads
   * the log back (sm-edit-log.c). */
  sm_edit_log_migration,
};

/* Auxiliary methods */

void
sm_project_db_set_sql_error (sqlite3     *db,
                             GError     **error,
                             const char  *what)
{
  /* @what is a whole translated message with one %s for the database's
   * own words: “The project could not save a site: %s” */
  g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_SQL, what,
               db ? sqlite3_errmsg (db) : "");
}


/* RequireGeometry() is ours: SpatiaLite's AddGeometryColumn() and
 * CreateSpatialIndex() report failure by returning 0, not by an SQL error,
 * so the migration script would carry on past a missing geometry column. */
static void
require_geometry_func (sqlite3_context *ctx,
                       int              argc,
                       sqlite3_value  **argv)
{
  if (sqlite3_value_int (argv[0]) != 1)
    {
      sqlite3_result_error (ctx, "SpatiaLite could not create a geometry column or index", -1);
      return;
    }
  sqlite3_result_int (ctx, 1);
}

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          const char  *what,
          GError     **error)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_SQL, what, msg ? msg : "");
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

int
sm_project_db_query_int (sqlite3    *db,
                         const char *sql,
                         int         fallback)
{
  sqlite3_stmt *stmt = NULL;
  int value = fallback;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static guint32
read_be32 (const guchar *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* Look at the file's header before SQLite touches it: opening a foreign
 * database read-write could roll back its hot journal or switch its journal
 * mode, and a project is never to change a file it does not own. */
static gboolean
check_header (const char  *path,
              int         *version,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autofree char *display = g_filename_display_name (path);
  guchar header[100];
  FILE *fp;
  size_t n;

  fp = g_fopen (path, "rb");
  if (fp == NULL)
    {
      int saved_errno = errno;
      g_set_error (error, SM_PROJECT_ERROR,
                   saved_errno == ENOENT ? SM_PROJECT_ERROR_NOT_FOUND : SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: the project file's name, then the system's reason (e.g. “No
                    * such file or directory”) */
                   _("Cannot open “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  n = fread (header, 1, sizeof header, fp);
  fclose (fp);

  if (n < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT,
                   /* TRANSLATORS: %s is the project file's name */
                   _("“%s” is not a Symbiomap project: it is not a SQLite database"), display);
      return FALSE;
    }
  if (read_be32 (header + 68) != SM_PROJECT_APPLICATION_ID)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT,
                   /* TRANSLATORS: %s is the project file's name */
                   _("“%s” is a SQLite database but not a Symbiomap project"), display);
      return FALSE;
    }
  *version = (int) read_be32 (header + 60);
  if (*version > SM_PROJECT_SCHEMA_VERSION)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_TOO_NEW,
                   /* TRANSLATORS: the project file's name, the version of its schema (a whole
                    * number), the newest version this Symbiomap reads */
                   _("“%s” was saved by a newer Symbiomap (schema %d, this one reads up to %d): "
                     "update Symbiomap to open it"),
                   display, *version, SM_PROJECT_SCHEMA_VERSION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
connect_db (SmProject   *self,
            const char  *uri,
            int          flags,
            GError     **error)
{
  int rc;

  rc = sqlite3_open_v2 (uri, &self->db, flags | SQLITE_OPEN_URI, NULL);
  if (rc != SQLITE_OK)
    {
      g_autofree char *display = g_filename_display_name (self->path);
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   _("Cannot open “%s”: %s"), display,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);
  self->spatialite_cache = spatialite_alloc_connection ();
  spatialite_init_ex (self->db, self->spatialite_cache, 0);
  sqlite3_create_function (self->db, "RequireGeometry", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                           NULL, require_geometry_func, NULL, NULL);
  sm_project_register_functions (self->db);
  /* The store owns the connection from here on; self->db stays its
   * SQLite handle for the SQLite-only code (docs/STORE.md) */
  self->store = sm_db_adopt_sqlite (self->db, g_steal_pointer (&self->spatialite_cache));
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  return exec_sql (self->db, "PRAGMA foreign_keys = ON", _("The project could not turn on its foreign keys: %s"), error);
}

static gboolean
migrate (SmProject  *self,
         int         target,
         GError    **error)
{
  g_autofree char *set_version = NULL;

  if (self->schema_version >= target)
    return TRUE;

  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  if (!exec_sql (self->db, "BEGIN IMMEDIATE", _("The project could not start its upgrade: %s"), error))
    return FALSE;

  if (self->schema_version == 0
      && !exec_sql (self->db, "SELECT InitSpatialMetadata (0, 'WGS84')",
                    /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
                    _("The project could not set up its spatial metadata: %s"), error))
    goto fail;

  for (int v = self->schema_version; v < target; v++)
    {
      /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
      if (!exec_sql (self->db, migrations[v], _("The project could not be upgraded: %s"), error))
        goto fail;
    }

  set_version = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d",
                                 SM_PROJECT_APPLICATION_ID, target);
  if (!exec_sql (self->db, set_version, _("The project could not be upgraded: %s"), error)
      || !exec_sql (self->db, "COMMIT", _("The project could not be upgraded: %s"), error))
    goto fail;

  self->schema_version = target;
  return TRUE;

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* A file the user marked read-only (no write bit) opens read-only even for
 * root, for whom access() always says yes. */
static gboolean
is_read_only_file (const char *path)
{
  GStatBuf st;

  if (g_access (path, W_OK) != 0)
    return TRUE;
  return g_stat (path, &st) == 0 && (st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0;
}

static char *
make_uri (const char *path,
          gboolean    immutable)
{
  g_autofree char *abs = g_canonicalize_filename (path, NULL);
  g_autofree char *escaped = g_uri_escape_string (abs, "/", FALSE);

  return g_strdup_printf ("file:%s%s", escaped, immutable ? "?immutable=1" : "");
}

static void
finalize_statement (gpointer stmt)
{
  sm_stmt_finalize (stmt);
}

/* Closes the connection: its statements first, then the store, which owns
 * the SQLite handle and SpatiaLite's cache */
static void
disconnect_db (SmProject *self)
{
  if (self->statements != NULL)
    g_hash_table_remove_all (self->statements);
  g_clear_pointer (&self->store, sm_db_close);
  self->db = NULL;
}

/* GObject overrides */

static void
sm_project_finalize (GObject *object)
{
  SmProject *self = (SmProject *) object;

  sm_project_bulk_sites_abort (self);
  disconnect_db (self);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->warning, g_free);

  G_OBJECT_CLASS (sm_project_parent_class)->finalize (object);
}

enum {
  CHANGED,
  SETTINGS_CHANGED,
  CONNECTION_LOST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
sm_project_class_init (SmProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  /* SQLite's allocation statistics take a global mutex on every malloc;
   * nothing reads them. Fails harmlessly if SQLite is already running. */
  sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);

  object_class->finalize = sm_project_finalize;

  /**
   * SmProject::changed:
   *
   * The project's data changed, possibly through another connection to
   * the same file (an import in a thread): views re-read what they show.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SmProject::settings-changed:
   * @key: the setting, or NULL when many changed (a reset)
   *
   * A figure of the project changed (Preferences): open match lists and
   * the portfolio recompute (econ).
   */
  signals[SETTINGS_CHANGED] = g_signal_new ("settings-changed", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                            G_TYPE_STRING);
  /**
   * SmProject::connection-lost:
   * @error: what broke, in a sentence that says what to do
   *
   * A shared database's watch (sm_project_watch()) lost its connection:
   * others' changes are no longer shown until the project is opened
   * again.
   */
  signals[CONNECTION_LOST] = g_signal_new ("connection-lost", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           1, G_TYPE_ERROR);
}

void
sm_project_emit_connection_lost (SmProject    *self,
                                 const GError *error)
{
  g_return_if_fail (SM_IS_PROJECT (self));
  g_signal_emit (self, signals[CONNECTION_LOST], 0, error);
}

void
sm_project_emit_settings_changed (SmProject  *self,
                                  const char *key)
{
  g_return_if_fail (SM_IS_PROJECT (self));
  g_signal_emit (self, signals[SETTINGS_CHANGED], 0, key);
}

/**
 * sm_project_emit_changed:
 * @self: a project
 *
 * Tells the views of @self that its data changed.
 */
void
sm_project_emit_changed (SmProject *self)
{
  g_return_if_fail (SM_IS_PROJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
sm_project_init (SmProject *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

/* Public API */

static SmProject *
open_project (const char  *path,
              gboolean     upgrade,
              GError     **error);

/**
 * sm_project_open:
 * @path: a project file, or a database address (postgresql://…)
 * @error: return location for an error
 *
 * Opens an existing project, upgrading its schema if it is older than this
 * build's. A file that is not a Symbiomap project, or one from a newer
 * version, is refused before anything in it is changed. A file the user
 * may not write opens read-only.
 *
 * Returns: (transfer full): the project, or %NULL with @error set
 */
SmProject *
sm_project_open (const char  *path,
                 GError     **error)
{
  /* A database address: sm-project-pg.c */
  if (sm_db_name_is_uri (path))
    return sm_project_open_shared (path, error);
  return open_project (path, TRUE, error);
}

static SmProject *
open_project (const char  *path,
              gboolean     upgrade,
              GError     **error)
{
  g_autoptr(SmProject) self = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *damage = NULL;
  int header_version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_header (path, &header_version, error))
    return NULL;

  self = g_object_new (SM_TYPE_PROJECT, NULL);
  self->path = g_canonicalize_filename (path, NULL);
  self->read_only = is_read_only_file (path);

  uri = make_uri (path, FALSE);
  if (!connect_db (self, uri, self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE,
                   error))
    return NULL;

  /* A full disk, a folder that cannot be written or a hot journal is
   * said as such, not as damage (issue 14.8). */
  rc = sm_project_db_probe (self->db, &self->schema_version);
  if (rc != SQLITE_OK && sm_project_db_explain_failure (self->db, rc, path, error))
    return NULL;
  if (self->read_only && self->schema_version < 0)
    {
      /* A WAL database whose folder we cannot write to (no -shm file can be
       * made): read it as an immutable file instead. */
      disconnect_db (self);
      g_free (uri);
      uri = make_uri (path, TRUE);
      if (!connect_db (self, uri, SQLITE_OPEN_READONLY, error))
        return NULL;
      self->schema_version = sm_project_db_query_int (self->db, "PRAGMA user_version", -1);
    }

  if (self->schema_version < 1
      || sm_project_db_query_int (self->db, "PRAGMA application_id", 0) != SM_PROJECT_APPLICATION_ID)
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT,
                   /* TRANSLATORS: %s is the project file's name */
                   _("“%s” is not a Symbiomap project or is damaged"), display);
      return NULL;
    }
  /* A forged file with our id but foreign tables is refused before
   * anything writes to it. */
  if (!sm_project_db_has_schema (self->db))
    {
      g_autofree char *display = g_filename_display_name (path);
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT,
                   /* TRANSLATORS: %s is the project file's name; the mark is the SQLite file's
                    * application id */
                   _("“%s” carries the mark of a Symbiomap project but not its tables: it is "
                     "not a Symbiomap project"),
                   display);
      return NULL;
    }
  /* A damaged project opens read-only: nothing is written on top of the
   * damage, and what can be read can be exported. */
  if ((damage = sm_project_db_quick_check (self->db, path)) != NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      disconnect_db (self);
      if (!connect_db (self, uri, SQLITE_OPEN_READONLY, error))
        return NULL;
      self->read_only = TRUE;
      /* TRANSLATORS: the project file's name, then what SQLite's integrity check found (in
       * English) */
      self->warning = g_strdup_printf (_("“%s” is damaged (%s): it opens read-only; export what "
                                         "you need or go back to a backup"),
                                       display, damage);
      g_debug ("%s", self->warning);
    }

  if (upgrade && self->schema_version < SM_PROJECT_SCHEMA_VERSION)
    {
      if (self->read_only)
        {
          g_autofree char *display = g_filename_display_name (path);
          g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_READ_ONLY,
                       /* TRANSLATORS: %s is the project file's name */
                       _("“%s” was made by an older Symbiomap and must be upgraded, "
                         "but it is read-only: copy it somewhere you can write to"),
                       display);
          return NULL;
        }
      if (!migrate (self, SM_PROJECT_SCHEMA_VERSION, error))
        return NULL;
    }

  /* In WAL mode, NORMAL still survives a crash or a kill of the app; only
   * a power cut can lose the last commit, never corrupt the file. It saves
   * an fsync per checkpoint. */
  if (!self->read_only && !sm_project_db_turn_on_wal (self->db, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * sm_project_create_at_version:
 * @path: where to create the project; must not exist
 * @version: the schema version to create, 1 to %SM_PROJECT_SCHEMA_VERSION
 * @error: return location for an error
 *
 * Creates a project at an older schema version without upgrading it. Only
 * the migration tests need this; everyone else calls sm_project_create().
 *
 * Returns: (transfer full): the project, or %NULL with @error set
 */
SmProject *
sm_project_create_at_version (const char  *path,
                              int          version,
                              GError     **error)
{
  g_autoptr(SmProject) self = NULL;
  g_autofree char *display = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *uri = NULL;
  gboolean ok;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version >= 1 && version <= SM_PROJECT_SCHEMA_VERSION, NULL);

  display = g_filename_display_name (path);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_EXISTS,
                   /* TRANSLATORS: %s is the name of the file the user chose for a new project */
                   _("“%s” already exists: choose another name, Symbiomap never overwrites a file"),
                   display);
      return NULL;
    }

  /* Build the project under a temporary name and link it into place at the
   * end: an interrupted creation leaves no half project under the user's
   * name, and link() fails rather than replace a file made meanwhile. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp_path = g_strdup_printf ("%s/.%s.%u.part", dir, base, (guint) getpid ());
  g_unlink (tmp_path);

  self = g_object_new (SM_TYPE_PROJECT, NULL);
  self->path = g_strdup (tmp_path);
  uri = make_uri (tmp_path, FALSE);
  ok = connect_db (self, uri, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, error)
       && migrate (self, version, error);
  disconnect_db (self);
  g_clear_object (&self);

  if (!ok)
    {
      g_unlink (tmp_path);
      if (error && *error && (*error)->code == SM_PROJECT_ERROR_INVALID)
        g_prefix_error (error, "%s: ", display);
      return NULL;
    }

  if (link (tmp_path, path) != 0)
    {
      int saved_errno = errno;
      g_unlink (tmp_path);
      if (saved_errno == EEXIST)
        g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_EXISTS,
                     _("“%s” already exists: choose another name, Symbiomap never overwrites a file"),
                     display);
      else
        g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                     /* TRANSLATORS: the new project file's name, then the system's reason (e.g.
                      * “Permission denied”) */
                     _("Cannot create “%s”: %s"), display, g_strerror (saved_errno));
      return NULL;
    }
  g_unlink (tmp_path);

  return open_project (path, FALSE, error);
}

/**
 * sm_project_create:
 * @path: where to create the project; must not exist
 * @error: return location for an error
 *
 * Creates an empty project file. Never overwrites an existing file.
 *
 * Returns: (transfer full): the project, or %NULL with @error set
 */
SmProject *
sm_project_create (const char  *path,
                   GError     **error)
{
  return sm_project_create_at_version (path, SM_PROJECT_SCHEMA_VERSION, error);
}

const char *
sm_project_get_path (SmProject *self)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);
  return self->path;
}

/**
 * sm_project_get_warning:
 * @self: a project
 *
 * Returns: (nullable): why the project opened read-only when it is
 *   damaged, for the user to see; %NULL when it is sound
 */
const char *
sm_project_get_warning (SmProject *self)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);
  return self->warning;
}

gboolean
sm_project_is_read_only (SmProject *self)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), TRUE);
  return self->read_only;
}

int
sm_project_get_schema_version (SmProject *self)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), 0);
  return self->schema_version;
}

/**
 * sm_project_get_db:
 * @self: a project
 *
 * The connection, for code in layers/ and import/ that needs SQL of its
 * own. Keep SpatiaLite-specific SQL inside layers/ (see docs/ARCHITECTURE.md).
 *
 * Returns: (transfer none) (nullable): the SQLite connection; %NULL for a
 *   project in a database (sm_project_require_file())
 */
sqlite3 *
sm_project_get_db (SmProject *self)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);
  return self->db;
}

/* The connection as the store's (layers/sm-db.h), for the shared SQL of
 * layers/ and import/ */
SmDb *
sm_project_get_store (SmProject *self)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);
  return self->store;
}

/**
 * sm_project_prepare:
 * @self: a project
 * @sql: one SQL statement
 * @error: return location for an error
 *
 * A prepared statement for @sql, compiled once per project and reset and
 * unbound at each call, so loops over many rows do not re-parse SQL.
 *
 * Returns: (transfer none): the statement, owned by the project
 */
SmStmt *
sm_project_prepare (SmProject   *self,
                    const char  *sql,
                    GError     **error)
{
  SmStmt *stmt;

  g_return_val_if_fail (SM_IS_PROJECT (self), NULL);

  /* What the COPY path gathered goes first (sm-project-pg-copy.c) */
  if (self->site_copy != NULL && !sm_project_pg_copy_flush (self, error))
    return NULL;
  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sm_stmt_reset (stmt);
      sm_stmt_clear_bindings (stmt);
      return stmt;
    }
  if ((stmt = sm_db_prepare (self->store, sql, error)) == NULL)
    {
      /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
      sm_project_set_sql_error (self, error, _("A query of the project could not be prepared: %s"));
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
sm_project_exec (SmProject   *self,
                 const char  *sql,
                 GError     **error)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);
  if (self->site_copy != NULL && !sm_project_pg_copy_flush (self, error))
    return FALSE;
  if (sm_db_exec (self->store, sql, error))
    return TRUE;
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  sm_project_set_sql_error (self, error, _("A query of the project failed: %s"));
  return FALSE;
}

gboolean
sm_project_begin (SmProject  *self,
                  GError    **error)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);

  if (self->read_only)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_READ_ONLY,
                   _("The project is read-only: save a copy to change it"));
      return FALSE;
    }
  if (sm_db_begin (self->store, error))
    return TRUE;
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  sm_project_set_sql_error (self, error, _("The project could not start a change: %s"));
  return FALSE;
}

gboolean
sm_project_commit (SmProject  *self,
                   GError    **error)
{
  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);
  if (!sm_project_bulk_sites_end (self, error))
    return FALSE;
  /* Who wrote is for this transaction only (sm-edit-log.c) */
  if (!sm_project_clear_edit_context (self, error))
    return FALSE;
  if (sm_db_commit (self->store, error))
    return TRUE;
  /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
  sm_project_set_sql_error (self, error, _("The project could not save the changes: %s"));
  return FALSE;
}

void
sm_project_rollback (SmProject *self)
{
  g_return_if_fail (SM_IS_PROJECT (self));
  self->edit_context = FALSE;
  sm_project_bulk_sites_abort (self);
  sm_db_rollback (self->store);
}
