/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A project in PostgreSQL (docs/POSTGRESQL.md), against the private
 * server of sm-test-pg.c: `init` of a postgresql:// address, the clear
 * refusals (exists, no PostGIS, newer schema, no server), `copy` of the
 * sample project into a database and back compared table by table, row
 * by row and column by column, row versions and change notifications,
 * and a copy that fails halfway leaving its target as it was.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libpq-fe.h>
#include <poll.h>
#include <sqlite3.h>
/* spatialite.h needs sqlite3.h first */
#include <spatialite.h>
#include <string.h>

#include "sm-pg-schema.h"
#include "sm-project.h"
#include "sm-store-copy.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

static SmTestPg *server;

static int
cli (char       **err,
     const char  *first,
     ...)
{
  /* sm_test_run_cli takes a NULL-terminated list: at most 4 arguments here */
  const char *args[6] = { NULL };
  va_list ap;
  int n = 0;

  va_start (ap, first);
  for (const char *a = first; a != NULL && n < 5; a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);
  return sm_test_run_cli ("C", NULL, err, args[0], args[1], args[2], args[3], args[4], NULL);
}

static void
test_init_twice (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *version = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *expected = g_strdup_printf ("%d", SM_PROJECT_SCHEMA_VERSION);

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = sm_test_pg_new_database (server, "inittwice");
  g_assert_cmpint (cli (NULL, "init", uri, NULL), ==, 0);
  version = sm_test_pg_query (server, "inittwice", "SELECT value FROM symbiomap.meta WHERE key = 'user_version'");
  g_assert_cmpstr (version, ==, expected);

  g_assert_cmpint (cli (&err, "init", uri, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already holds a Symbiomap project"));

  /* A schema from a newer Symbiomap is named as such */
  g_free (sm_test_pg_query (server, "inittwice", "UPDATE symbiomap.meta SET value = '99' WHERE key = 'user_version'"));
  g_assert_cmpint (cli (&err2, "init", uri, NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "newer Symbiomap (schema 99"));
}

/* The upgrade a store runs on opening: nothing to do at this build's
 * version, a clear refusal without a project or from a newer build */
static void
test_upgrade (void)
{
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = sm_test_pg_new_database (server, "upgrade");
  conn = sm_pg_connect (uri, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_pg_schema_get_version (conn, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_false (sm_pg_schema_upgrade (conn, &error));
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT);
  g_clear_error (&error);

  g_assert_true (sm_pg_schema_create (conn, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (sm_pg_schema_upgrade (conn, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sm_pg_schema_get_version (conn, &error), ==, SM_PROJECT_SCHEMA_VERSION);

  g_free (sm_test_pg_query (server, "upgrade", "UPDATE symbiomap.meta SET value = '12' WHERE key = 'user_version'"));
  g_assert_false (sm_pg_schema_upgrade (conn, &error));
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_TOO_NEW);
  g_clear_error (&error);

  /* someone else's schema of that name */
  g_free (sm_test_pg_query (server, "upgrade", "UPDATE symbiomap.meta SET value = '42' WHERE key = 'application_id'"));
  g_assert_cmpint (sm_pg_schema_get_version (conn, &error), ==, -1);
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_PROJECT);
}

static void
test_init_refusals (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *schemas = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  g_free (sm_test_pg_query (server, "postgres", "CREATE DATABASE nopostgis"));
  uri = g_strdup_printf ("postgresql://postgres@/nopostgis?host=%s",
                         sm_test_pg_get_socket_dir (server));
  g_assert_cmpint (cli (&err, "init", uri, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "has no PostGIS: run CREATE EXTENSION postgis; in the database "
                                 "as its owner"));
  schemas = sm_test_pg_query (server, "nopostgis", "SELECT count (*) FROM pg_namespace WHERE nspname = 'symbiomap'");
  g_assert_cmpstr (schemas, ==, "0");

  missing = g_strdup_printf ("postgres://postgres@/no_such_db?host=%s",
                             sm_test_pg_get_socket_dir (server));
  g_assert_cmpint (cli (&err2, "init", missing, NULL), ==, 1);
  /* the store's message (sm-db-pg.c), as any other command gives it */
  g_assert_nonnull (strstr (err2, "Could not connect to the shared database “postgres://postgres@/no_such_db"));
  g_assert_nonnull (strstr (err2, "Check the host and that the server runs"));
}

/* The sample project as .ci/make-sample builds it, with a rejected row,
 * then something in every table, with values a careless copy would spoil */
static char *
make_sample (const char *dir)
{
  g_autofree char *path = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK
                                                            | SM_TEST_SAMPLE_REJECTED_ROW);
  g_autoptr(SmProject) project = NULL;
  g_autoptr(GError) error = NULL;

  /* an edit in the log */
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "site", "set", path, "AAL-01", "--phone",
                                    "+45 12 34 56 78", NULL), ==, 0);

  project = sm_project_open (path, &error);
  g_assert_no_error (error);
  sm_project_exec (project,
                   "INSERT INTO settings (key, value) VALUES ('heat_price', '0.30000000000000004');"
                   "INSERT INTO register_sites (register, key, site_id, name, lat, lon) "
                   "  VALUES ('eprtr', 'DK.CAED/1', 1, 'Aalborg Portland', 57.0439641234567, "
                   "          9.99308912345678);"
                   "INSERT INTO register_flows (register, key, flow_id) VALUES ('eprtr', 'f1', 1);"
                   "INSERT INTO site_names (site_id, name, kind, source) "
                   "  VALUES (1, 'Cementfabrikken Rørdal', 'former', 'eprtr');"
                   /* COPY's escapes, and a double that is no short decimal */
                   "UPDATE sites SET notes = 'tab' || char (9) || 'newline' || char (10) || "
                   "  'backslash \\ cr' || char (13) || ' quote '' end' WHERE site_id = 2;"
                   "UPDATE flows SET amount = 0.1 + 0.2, temperature_c = 1e-300 WHERE flow_id = 2;",
                   &error);
  g_assert_no_error (error);
  /* every byte value, NUL too, in the kept graph */
  {
    guchar bytes[512];
    sqlite3_stmt *stmt = NULL;

    for (guint i = 0; i < sizeof bytes; i++)
      bytes[i] = (guchar) (i * 7);
    g_assert_cmpint (sqlite3_prepare_v2 (sm_project_get_db (project),
                                         "INSERT INTO route_graph (graph_id, snap_m, data) "
                                         "VALUES (7, 25.5, ?)", -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_blob (stmt, 1, bytes, sizeof bytes, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
  }
  return g_steal_pointer (&path);
}

/* SpatiaLite's own tables: those it makes in an empty database */
static GHashTable *
spatialite_tables (void)
{
  GHashTable *names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  void *cache = spatialite_alloc_connection ();
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (":memory:", &db), ==, SQLITE_OK);
  spatialite_init_ex (db, cache, 0);
  g_assert_cmpint (sqlite3_exec (db, "SELECT InitSpatialMetadata (1, 'WGS84')", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (names, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  spatialite_cleanup_ex (cache);
  return names;
}

/* The file's own tables, sorted, without SpatiaLite's and spatial indexes' */
static GPtrArray *
file_tables (sqlite3 *db)
{
  g_autoptr(GHashTable) spatialite = spatialite_tables ();
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                          "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'idx_%' ORDER BY name",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (!g_hash_table_contains (spatialite, name))
        g_ptr_array_add (names, g_strdup (name));
    }
  sqlite3_finalize (stmt);
  return names;
}

static char *
file_columns (sqlite3    *db,
              const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT group_concat (name, ',') FROM "
                                          "(SELECT name FROM pragma_table_info ('%s') "
                                          "ORDER BY name)", table);
  sqlite3_stmt *stmt = NULL;
  char *columns;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  columns = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return columns;
}

/* Every table and column of the file is in the database, and the database
 * has no column beyond its own few: a column dropped from either schema
 * fails here */
static void
compare_schemas (sqlite3    *db,
                 const char *database)
{
  g_autoptr(GPtrArray) tables = file_tables (db);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(GString) pg_expected = g_string_new (NULL);
  g_autofree char *pg_tables = NULL;

  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      g_autofree char *columns = NULL;
      g_autofree char *pg_columns = NULL;
      g_autofree char *sql = NULL;

      if (g_str_equal (table, "edit_context"))
        continue; /* empty outside a transaction: PostgreSQL says it in settings */
      g_string_append_printf (pg_expected, "%s%s", pg_expected->len > 0 ? "," : "", table);
      columns = file_columns (db, table);
      sql = g_strdup_printf ("SELECT string_agg (column_name, ',' ORDER BY column_name COLLATE \"C\") "
                             "FROM information_schema.columns WHERE table_schema = 'symbiomap' "
                             "AND table_name = '%s' AND (column_name NOT IN "
                             "('row_version', 'changed_by', 'changed_at') OR table_name NOT IN "
                             "('sites', 'flows', 'exchanges', 'network_edges'))", table);
      pg_columns = sm_test_pg_query (server, database, sql);
      g_assert_cmpstr (pg_columns, ==, columns);
    }
  for (int i = 0; sm_store_copy_tables[i] != NULL; i++)
    g_string_append_printf (expected, "%s,", sm_store_copy_tables[i]);
  /* and the copy writes every one of them */
  for (guint i = 0; i < tables->len; i++)
    if (!g_str_equal (g_ptr_array_index (tables, i), "edit_context"))
      {
        g_autofree char *needle = g_strdup_printf ("%s,", (char *) g_ptr_array_index (tables, i));

        g_assert_nonnull (strstr (expected->str, needle));
      }
  pg_tables = sm_test_pg_query (server, database, "SELECT string_agg (table_name, ',' ORDER BY table_name COLLATE \"C\") "
                              "FROM information_schema.tables WHERE table_schema = 'symbiomap' "
                              "AND table_type = 'BASE TABLE' AND table_name <> 'meta'");
  g_assert_cmpstr (pg_tables, ==, pg_expected->str);
  g_assert_cmpuint (tables->len, ==, g_strv_length ((char **) sm_store_copy_tables) + 1);
}

static void
compare_cell (sqlite3_stmt *a,
              sqlite3_stmt *b,
              int           col,
              const char   *where)
{
  int type = sqlite3_column_type (a, col);

  if (type != sqlite3_column_type (b, col))
    g_error ("%s: storage classes %d and %d differ", where, type, sqlite3_column_type (b, col));
  switch (type)
    {
    case SQLITE_INTEGER:
      g_assert_cmpint (sqlite3_column_int64 (a, col), ==, sqlite3_column_int64 (b, col));
      break;
    case SQLITE_FLOAT:
      /* the same double, bit for bit */
      if (sqlite3_column_double (a, col) != sqlite3_column_double (b, col))
        g_error ("%s: %.17g is %.17g", where, sqlite3_column_double (a, col),
                 sqlite3_column_double (b, col));
      break;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      /* geometries too: SpatiaLite's blobs of the same WKB */
      if (sqlite3_column_bytes (a, col) != sqlite3_column_bytes (b, col)
          || memcmp (sqlite3_column_blob (a, col), sqlite3_column_blob (b, col),
                     sqlite3_column_bytes (a, col)) != 0)
        g_error ("%s: the values differ", where);
      break;
    default:
      break;
    }
}

/* Row by row, column by column; returns the rows */
static gint64
compare_table (sqlite3    *a,
               sqlite3    *b,
               const char *table)
{
  g_autofree char *columns_a = file_columns (a, table);
  g_autofree char *columns_b = file_columns (b, table);
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *sa = NULL, *sb = NULL;
  int n_columns;
  gint64 rows = 0;
  int ra, rb;

  g_assert_cmpstr (columns_a, ==, columns_b);
  n_columns = 1;
  for (const char *p = columns_a; *p != '\0'; p++)
    n_columns += *p == ',';
  g_string_printf (sql, "SELECT * FROM \"%s\" ORDER BY 1", table);
  for (int i = 2; i <= n_columns; i++)
    g_string_append_printf (sql, ", %d", i);
  g_assert_cmpint (sqlite3_prepare_v2 (a, sql->str, -1, &sa, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (b, sql->str, -1, &sb, NULL), ==, SQLITE_OK);
  while ((ra = sqlite3_step (sa)) == SQLITE_ROW)
    {
      rb = sqlite3_step (sb);
      g_assert_cmpint (rb, ==, SQLITE_ROW);
      for (int i = 0; i < sqlite3_column_count (sa); i++)
        {
          g_autofree char *where = g_strdup_printf ("%s row %" G_GINT64_FORMAT " %s", table,
                                                    rows + 1, sqlite3_column_name (sa, i));

          g_assert_cmpstr (sqlite3_column_name (sa, i), ==, sqlite3_column_name (sb, i));
          compare_cell (sa, sb, i, where);
        }
      rows++;
    }
  g_assert_cmpint (ra, ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_step (sb), ==, SQLITE_DONE);
  sqlite3_finalize (sa);
  sqlite3_finalize (sb);
  return rows;
}

static void
check_counts (const char *json,
              sqlite3    *db)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *tables;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  tables = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "tables");
  for (int i = 0; sm_store_copy_tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s", sm_store_copy_tables[i]);
      sqlite3_stmt *stmt = NULL;

      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (json_object_get_int_member (tables, sm_store_copy_tables[i]), ==,
                       sqlite3_column_int64 (stmt, 0));
      sqlite3_finalize (stmt);
    }
}

static void
test_round_trip (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *back = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *x = NULL;
  g_autofree char *next = NULL;
  g_autoptr(SmProject) a = NULL;
  g_autoptr(SmProject) b = NULL;
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = make_sample (dir);
  back = g_build_filename (dir, "back.sqlite", NULL);
  uri = sm_test_pg_new_database (server, "roundtrip");

  g_assert_cmpint (sm_test_run_cli ("C", &out, NULL, "copy", sample, uri, "--json", NULL), ==, 0);
  /* the copy ends with ANALYZE of every table it filled */
  {
    g_autofree char *unanalyzed = sm_test_pg_query (server, "roundtrip",
                                                    "SELECT string_agg (relname, ' ') FROM pg_stat_user_tables "
                                                    "WHERE schemaname = 'symbiomap' "
                                                    "AND last_analyze IS NULL AND n_live_tup > 0 "
                                                    /* the schema's own, not copied */
                                                    "AND relname <> 'meta'");
    g_autofree char *analyzed = sm_test_pg_query (server, "roundtrip",
                                                  "SELECT count (*) > 5 FROM pg_stat_user_tables "
                                                  "WHERE schemaname = 'symbiomap' "
                                                  "AND last_analyze IS NOT NULL");

    g_assert_cmpstr (unanalyzed, ==, "");
    g_assert_cmpstr (analyzed, ==, "t");
  }
  g_assert_cmpint (sm_test_run_cli ("C", &out2, NULL, "copy", uri, back, "--json", NULL), ==, 0);

  a = sm_project_open (sample, &error);
  g_assert_no_error (error);
  b = sm_project_open (back, &error);
  g_assert_no_error (error);
  check_counts (out, sm_project_get_db (a));
  check_counts (out2, sm_project_get_db (a));
  compare_schemas (sm_project_get_db (a), "roundtrip");
  compare_schemas (sm_project_get_db (b), "roundtrip");
  for (int i = 0; sm_store_copy_tables[i] != NULL; i++)
    {
      gint64 rows = compare_table (sm_project_get_db (a), sm_project_get_db (b),
                                   sm_store_copy_tables[i]);

      /* the sample has something in every table: none is compared empty */
      if (rows == 0)
        g_error ("%s is empty in the sample", sm_store_copy_tables[i]);
    }

  /* In the database, the same doubles as the file's (SpatiaLite's ST_X
   * of site 3 is 9.9378…): PostGIS reads them from the same WKB */
  x = sm_test_pg_query (server, "roundtrip", "SET extra_float_digits = 3; "
                         "SELECT ST_AsText (geom, 17) FROM symbiomap.sites WHERE site_id = 3");
  {
    sqlite3_stmt *stmt = NULL;
    g_autofree char *expected = NULL;

    sqlite3_prepare_v2 (sm_project_get_db (a), "SELECT ST_X (geom), ST_Y (geom) FROM sites "
                                               "WHERE site_id = 3", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    expected = g_strdup_printf ("POINT(%.17g %.17g)", sqlite3_column_double (stmt, 0),
                                sqlite3_column_double (stmt, 1));
    sqlite3_finalize (stmt);
    {
      /* ST_AsText writes the shortest digits; both read back as the same doubles */
      double ex, ey, px, py;

      g_assert_cmpint (sscanf (expected, "POINT(%lf %lf)", &ex, &ey), ==, 2);
      g_assert_cmpint (sscanf (x, "POINT(%lf %lf)", &px, &py), ==, 2);
      g_assert_true (ex == px && ey == py);
    }
  }
  /* New rows get ids after the copied ones */
  next = sm_test_pg_query (server, "roundtrip", "INSERT INTO symbiomap.imports (file, kind) VALUES ('x', 'sites') "
                            "RETURNING import_id > (SELECT max (import_id) - 1 FROM "
                            "symbiomap.imports WHERE file <> 'x')");
  g_assert_cmpstr (next, ==, "t");

  sm_test_rm_rf (dir);
}

static gboolean
wait_notify (PGconn     *conn,
             const char *payload)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      struct pollfd fd = { .fd = PQsocket (conn), .events = POLLIN };
      PGnotify *notify;

      PQconsumeInput (conn);
      while ((notify = PQnotifies (conn)) != NULL)
        {
          gboolean match = g_str_equal (notify->relname, "symbiomap_changed")
                           && g_str_equal (notify->extra, payload);

          PQfreemem (notify);
          if (match)
            return TRUE;
        }
      poll (&fd, 1, 200);
    }
  return FALSE;
}

static void
test_row_version_notify (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *folded = NULL;
  PGconn *listener;
  PGresult *r;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = sm_test_pg_new_database (server, "versions");
  g_assert_cmpint (cli (NULL, "init", uri, NULL), ==, 0);
  g_free (sm_test_pg_query (server, "versions", "INSERT INTO symbiomap.sites (site_id, name, geom) VALUES "
                            "(1, 'Mejeri', ST_SetSRID (ST_MakePoint (10.02, 57.047), 4326))"));
  before = sm_test_pg_query (server, "versions", "SELECT row_version || ' ' || changed_by FROM symbiomap.sites");
  g_assert_cmpstr (before, ==, "1 postgres");

  listener = PQconnectdb (uri);
  g_assert_cmpint (PQstatus (listener), ==, CONNECTION_OK);
  r = PQexec (listener, "LISTEN symbiomap_changed");
  g_assert_cmpint (PQresultStatus (r), ==, PGRES_COMMAND_OK);
  PQclear (r);

  /* An edit made with the version read: it lands and bumps the version */
  g_free (sm_test_pg_query (server, "versions", "CREATE ROLE planner2 SUPERUSER; SET ROLE planner2; "
                            "UPDATE symbiomap.sites SET name = 'Arla' WHERE site_id = 1 "
                            "AND row_version = 1"));
  after = sm_test_pg_query (server, "versions", "SELECT row_version || ' ' || changed_by || ' ' || "
                            "(changed_at > now () - interval '1 hour') FROM symbiomap.sites");
  g_assert_cmpstr (after, ==, "2 planner2 true");
  g_assert_true (wait_notify (listener, "sites"));

  /* An edit made with an older version changes nothing: a conflict */
  stale = sm_test_pg_query (server, "versions", "WITH u AS (UPDATE symbiomap.sites SET name = 'Lost' "
                            "WHERE site_id = 1 AND row_version = 1 RETURNING 1) "
                            "SELECT count (*) FROM u");
  g_assert_cmpstr (stale, ==, "0");
  /* Filling the search's folded name is no change of the site */
  folded = sm_test_pg_query (server, "versions", "UPDATE symbiomap.sites SET name_folded = 'arla'; "
                             "SELECT row_version FROM symbiomap.sites");
  g_assert_cmpstr (folded, ==, "2");

  g_free (sm_test_pg_query (server, "versions", "INSERT INTO symbiomap.network_edges (geom) VALUES "
                            "(ST_GeomFromText ('LINESTRING(10 57, 10.1 57.1)', 4326))"));
  g_assert_true (wait_notify (listener, "network_edges"));
  PQfinish (listener);
}

static void
test_failure_leaves_target (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *empty_uri = NULL;
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *sites = NULL;
  g_autofree char *back = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *sum2 = NULL;
  g_autofree char *listing = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = make_sample (dir);
  uri = sm_test_pg_new_database (server, "halfway");
  g_assert_cmpint (cli (NULL, "init", uri, NULL), ==, 0);
  /* The target refuses the network, copied after the sites and flows */
  g_free (sm_test_pg_query (server, "halfway", "ALTER TABLE symbiomap.network_edges "
                           "ADD CONSTRAINT refuse CHECK (edge_id < 0)"));
  g_assert_cmpint (cli (&err, "copy", sample, uri, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "refuse"));
  sites = sm_test_pg_query (server, "halfway", "SELECT (SELECT count (*) FROM symbiomap.sites) + "
                           "(SELECT count (*) FROM symbiomap.flows) + "
                           "(SELECT count (*) FROM symbiomap.imports)");
  g_assert_cmpstr (sites, ==, "0");

  /* A target with a project's rows is refused, and keeps them */
  g_free (sm_test_pg_query (server, "halfway", "ALTER TABLE symbiomap.network_edges DROP CONSTRAINT refuse; "
                           "INSERT INTO symbiomap.settings VALUES ('mine', 'kept')"));
  g_assert_cmpint (cli (&err2, "copy", sample, uri, NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "already holds a project with data"));
  g_free (sites);
  sites = sm_test_pg_query (server, "halfway", "SELECT string_agg (key || '=' || value, ',') FROM symbiomap.settings");
  g_assert_cmpstr (sites, ==, "mine=kept");

  /* A failed copy into a file leaves no file; an existing file is never
   * overwritten */
  empty_uri = sm_test_pg_new_database (server, "noproject");
  back = g_build_filename (dir, "back.sqlite", NULL);
  g_assert_cmpint (cli (&err3, "copy", empty_uri, back, NULL), ==, 1);
  g_assert_nonnull (strstr (err3, "holds no Symbiomap project"));
  g_assert_false (g_file_test (back, G_FILE_TEST_EXISTS));
  existing = g_build_filename (dir, "sample.sqlite", NULL);
  sum = sm_test_file_checksum (existing);
  g_assert_cmpint (cli (NULL, "copy", uri, existing, NULL), ==, 1);
  sum2 = sm_test_file_checksum (existing);
  g_assert_cmpstr (sum, ==, sum2);
  listing = sm_test_dir_listing (dir);
  g_assert_null (strstr (listing, ".part"));
  g_assert_null (strstr (listing, ".copy"));
  g_assert_null (strstr (listing, "back.sqlite"));

  /* Two files, or two databases, are no copy of this command */
  g_assert_cmpint (cli (NULL, "copy", sample, back, NULL), ==, 2);
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/store-copy/init-twice", test_init_twice);
  g_test_add_func ("/store-copy/init-refusals", test_init_refusals);
  g_test_add_func ("/store-copy/upgrade", test_upgrade);
  g_test_add_func ("/store-copy/round-trip", test_round_trip);
  g_test_add_func ("/store-copy/row-version-notify", test_row_version_notify);
  g_test_add_func ("/store-copy/failure-leaves-target", test_failure_leaves_target);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
