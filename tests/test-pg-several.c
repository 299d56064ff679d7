/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several planners on one shared database (docs/POSTGRESQL.md, "Several
 * planners at once"): the watch sees others' changes, checked edits tell
 * a conflict from a deleted row, two writers lose nothing.
 */
#include "config.h"

#include <gio/gio.h>
#include <libpq-fe.h>
#include <string.h>

#include "sm-db.h"
#include "sm-pg-edit.h"
#include "sm-pg-schema.h"
#include "sm-pg-watch.h"
#include "sm-test-pg.h"

/* Generous: the machine is shared; a test that waits this long has failed */
#define WAIT_SECONDS 30

static SmTestPg *server;

static char *
new_project (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = NULL;
  char *uri = sm_test_pg_create_database (server, name, &error);

  g_assert_no_error (error);
  conn = sm_pg_connect (uri, &error);
  g_assert_no_error (error);
  g_assert_true (sm_pg_schema_create (conn, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sm_pg_schema_get_version (conn, &error), ==, SM_PG_SCHEMA_VERSION);
  return uri;
}

static SmDb *
open_db (const char *uri)
{
  g_autoptr(GError) error = NULL;
  SmDb *db = sm_db_open (uri, SM_DB_OPEN_NONE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (db);
  return db;
}

static void
exec (SmDb       *db,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sm_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static gint64
query_int (SmDb       *db,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SmStmt) stmt = sm_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sm_stmt_step (stmt, &error), ==, SM_STMT_ROW);
  return sm_stmt_column_int64 (stmt, 0);
}

static char *
query_text (SmDb       *db,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SmStmt) stmt = sm_db_prepare (db, sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (sm_stmt_step (stmt, &error), ==, SM_STMT_ROW);
  return g_strdup (sm_stmt_column_text (stmt, 0));
}

static gint64
insert_site (SmDb       *db,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SmStmt) stmt = NULL;

  stmt = sm_db_prepare (db, "INSERT INTO symbiomap.sites (name, geom)"
                            " VALUES (?, ST_SetSRID (ST_MakePoint (9.5, 55.5), 4326))"
                            " RETURNING site_id", &error);
  g_assert_no_error (error);
  sm_stmt_bind_text (stmt, 1, name, -1);
  g_assert_cmpint (sm_stmt_step (stmt, &error), ==, SM_STMT_ROW);
  g_assert_no_error (error);
  return sm_stmt_column_int64 (stmt, 0);
}

/* What a watch emitted, and a main loop run until a table is seen */
typedef struct
{
  GHashTable *counts;  /* table → emissions */
  GMainLoop  *loop;
  const char *until;
  GError     *lost;
  gboolean    timed_out;
} Seen;

static void
seen_init (Seen *seen)
{
  seen->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  seen->loop = g_main_loop_new (NULL, FALSE);
}

static void
seen_clear (Seen *seen)
{
  g_clear_pointer (&seen->counts, g_hash_table_unref);
  g_clear_pointer (&seen->loop, g_main_loop_unref);
  g_clear_error (&seen->lost);
}

static guint
seen_count (Seen       *seen,
            const char *table)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (seen->counts, table));
}

static void
on_changed (SmPgWatch  *watch,
            const char *table,
            Seen       *seen)
{
  (void) watch;
  g_hash_table_replace (seen->counts, g_strdup (table),
                        GUINT_TO_POINTER (seen_count (seen, table) + 1));
  if (g_strcmp0 (seen->until, table) == 0)
    g_main_loop_quit (seen->loop);
}

static void
on_lost (SmPgWatch *watch,
         GError    *error,
         Seen      *seen)
{
  (void) watch;
  g_clear_error (&seen->lost);
  seen->lost = g_error_copy (error);
  if (g_strcmp0 (seen->until, "lost") == 0)
    g_main_loop_quit (seen->loop);
}

static gboolean
on_timeout (gpointer data)
{
  Seen *seen = data;

  seen->timed_out = TRUE;
  g_main_loop_quit (seen->loop);
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the watch emits `table` ("lost": until it
 * reports the loss); fails the test after WAIT_SECONDS */
static void
run_until (Seen       *seen,
           const char *table)
{
  guint timeout = g_timeout_add_seconds (WAIT_SECONDS, on_timeout, seen);

  seen->until = table;
  seen->timed_out = FALSE;
  g_main_loop_run (seen->loop);
  if (!seen->timed_out)
    g_source_remove (timeout);
  seen->until = NULL;
  if (seen->timed_out)
    g_error ("waited %d s for the watch to see “%s”", WAIT_SECONDS, table);
}

static void
on_watch_ready (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  SmPgWatch **watch = data;
  g_autoptr(GError) error = NULL;

  (void) source;
  *watch = sm_pg_watch_new_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_watch_others (void)
{
  g_autofree char *uri = NULL;
  g_autoptr(SmPgWatch) watch = NULL;
  g_autoptr(SmDb) writer = NULL;
  g_autofree char *sql = NULL;
  Seen seen = { 0 };
  gint64 site;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = new_project ("watch_others");
  /* connecting runs in a thread; the loop turns meanwhile */
  sm_pg_watch_new_async (uri, NULL, on_watch_ready, &watch);
  while (watch == NULL)
    g_main_context_iteration (NULL, TRUE);
  seen_init (&seen);
  g_signal_connect (watch, "changed", G_CALLBACK (on_changed), &seen);
  g_signal_connect (watch, "lost", G_CALLBACK (on_lost), &seen);
  writer = open_db (uri);

  site = insert_site (writer, "Kalundborg Refinery");
  run_until (&seen, "sites");
  g_assert_cmpuint (seen_count (&seen, "sites"), ==, 1);

  sql = g_strdup_printf ("UPDATE symbiomap.sites SET notes = 'steam' WHERE site_id = %" G_GINT64_FORMAT, site);
  exec (writer, sql);
  run_until (&seen, "sites");
  g_assert_cmpuint (seen_count (&seen, "sites"), ==, 2);

  g_free (sql);
  sql = g_strdup_printf ("DELETE FROM symbiomap.sites WHERE site_id = %" G_GINT64_FORMAT, site);
  exec (writer, sql);
  run_until (&seen, "sites");
  g_assert_cmpuint (seen_count (&seen, "sites"), ==, 3);
  g_assert_null (seen.lost);
  g_assert_true (sm_pg_watch_is_connected (watch));
  seen_clear (&seen);
}

static void
test_watch_coalesce (void)
{
  g_autofree char *uri = NULL;
  g_autoptr(SmPgWatch) watch = NULL;
  g_autoptr(SmDb) writer = NULL;
  g_autoptr(SmStmt) stmt = NULL;
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };
  gint64 site;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = new_project ("watch_coalesce");
  watch = sm_pg_watch_new (uri, &error);
  g_assert_no_error (error);
  seen_init (&seen);
  g_signal_connect (watch, "changed", G_CALLBACK (on_changed), &seen);
  writer = open_db (uri);
  site = insert_site (writer, "Asnæs Power Station");
  run_until (&seen, "sites");
  g_hash_table_remove_all (seen.counts);

  /* 100 updates, one statement each, in one transaction */
  g_assert_true (sm_db_begin (writer, &error));
  stmt = sm_db_prepare (writer, "UPDATE symbiomap.sites SET notes = ? WHERE site_id = ?", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *note = g_strdup_printf ("update %d", i);

      sm_stmt_reset (stmt);
      sm_stmt_bind_text (stmt, 1, note, -1);
      sm_stmt_bind_int64 (stmt, 2, site);
      g_assert_cmpint (sm_stmt_step (stmt, &error), ==, SM_STMT_DONE);
    }
  g_assert_true (sm_db_commit (writer, &error));
  /* and 100 in transactions of their own */
  g_clear_pointer (&stmt, sm_stmt_finalize);
  stmt = sm_db_prepare (writer, "INSERT INTO symbiomap.settings (key, value) VALUES (?, 'x')", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *key = g_strdup_printf ("burst.%d", i);

      sm_stmt_reset (stmt);
      sm_stmt_bind_text (stmt, 1, key, -1);
      g_assert_cmpint (sm_stmt_step (stmt, &error), ==, SM_STMT_DONE);
    }
  /* notifications arrive in commit order: the last is an exchange's */
  exec (writer, "DELETE FROM symbiomap.exchanges");
  run_until (&seen, "exchanges");
  g_test_message ("emissions: sites %u, settings %u", seen_count (&seen, "sites"),
                  seen_count (&seen, "settings"));
  g_assert_cmpuint (seen_count (&seen, "sites"), ==, 1);
  g_assert_cmpuint (seen_count (&seen, "settings"), >=, 1);
  g_assert_cmpuint (seen_count (&seen, "settings"), <=, 10);
  g_assert_cmpuint (seen_count (&seen, "exchanges"), ==, 1);
  seen_clear (&seen);
}

static void
test_watch_ignores_own (void)
{
  g_autofree char *uri = NULL;
  g_autoptr(SmPgWatch) watch = NULL;
  g_autoptr(SmDb) own = NULL;
  g_autoptr(SmDb) other = NULL;
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = new_project ("watch_own");
  watch = sm_pg_watch_new (uri, &error);
  g_assert_no_error (error);
  seen_init (&seen);
  g_signal_connect (watch, "changed", G_CALLBACK (on_changed), &seen);
  own = open_db (uri);
  other = open_db (uri);
  g_assert_cmpint (sm_db_get_backend_pid (own), >, 0);
  g_assert_cmpint (sm_db_get_backend_pid (own), !=, sm_db_get_backend_pid (other));
  sm_pg_watch_set_ignore_pid (watch, sm_db_get_backend_pid (own));

  insert_site (own, "Novo Nordisk");
  /* the other's change comes after ours: once seen, ours was dropped */
  exec (other, "INSERT INTO symbiomap.settings (key, value) VALUES ('own.1', 'x')");
  run_until (&seen, "settings");
  g_assert_cmpuint (seen_count (&seen, "sites"), ==, 0);

  /* and not dropped when not asked */
  sm_pg_watch_set_ignore_pid (watch, 0);
  insert_site (own, "Novozymes");
  exec (other, "INSERT INTO symbiomap.settings (key, value) VALUES ('own.2', 'x')");
  run_until (&seen, "settings");
  g_assert_cmpuint (seen_count (&seen, "sites"), ==, 1);
  seen_clear (&seen);
}

/* Two planners, each with a role of their own */
static char *
planner_uri (const char *uri,
             const char *role)
{
  g_assert_true (g_str_has_prefix (uri, "postgresql://postgres@"));
  return g_strconcat ("postgresql://", role, "@", uri + strlen ("postgresql://postgres@"), NULL);
}

static void
test_edit_conflict (void)
{
  g_autofree char *uri = NULL;
  g_autofree char *uri_anna = NULL;
  g_autofree char *uri_bo = NULL;
  g_autoptr(SmDb) admin = NULL;
  g_autoptr(SmDb) anna = NULL;
  g_autoptr(SmDb) bo = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *name = NULL;
  g_autofree char *changed_by = NULL;
  SmPgRowState state = { 0 };
  gint64 site;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = new_project ("edit_conflict");
  admin = open_db (uri);
  exec (admin, "DO $$ BEGIN"
               " IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'planner_anna') THEN"
               "  CREATE ROLE planner_anna LOGIN; CREATE ROLE planner_bo LOGIN; END IF; END $$;"
               "GRANT USAGE ON SCHEMA symbiomap TO planner_anna, planner_bo;"
               "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA symbiomap"
               " TO planner_anna, planner_bo;"
               "GRANT USAGE ON ALL SEQUENCES IN SCHEMA symbiomap TO planner_anna, planner_bo");
  site = insert_site (admin, "Kalundborg Forsyning");
  uri_anna = planner_uri (uri, "planner_anna");
  uri_bo = planner_uri (uri, "planner_bo");
  anna = open_db (uri_anna);
  bo = open_db (uri_bo);

  /* both opened the site at version 1; Anna saves first */
  g_assert_true (sm_pg_update_row_checked (anna, "sites", site, 1,
                                           g_variant_new_parsed ("{'name': <'Kalundborg Forsyning A/S'>,"
                                                                 " 'phone': <@ms nothing>}"),
                                           "Anna", &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state.row_version, ==, 2);
  g_assert_cmpstr (state.changed_by, ==, "planner_anna");
  g_assert_cmpstr (state.who, ==, "Anna");
  sm_pg_row_state_clear (&state);

  /* Bo's save of version 1 is refused, naming Anna */
  g_assert_false (sm_pg_update_row_checked (bo, "sites", site, 1,
                                            g_variant_new_parsed ("{'name': <'Forsyningen'>}"),
                                            "Bo", &state, &error));
  g_assert_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Anna (planner_anna) changed this site at "));
  g_assert_nonnull (strstr (error->message, "Reload"));
  g_assert_cmpint (state.row_version, ==, 2);
  g_assert_cmpstr (state.changed_by, ==, "planner_anna");
  g_assert_false (sm_db_in_transaction (bo));
  g_clear_error (&error);
  sm_pg_row_state_clear (&state);

  sql = g_strdup_printf ("SELECT name FROM symbiomap.sites WHERE site_id = %" G_GINT64_FORMAT, site);
  name = query_text (admin, sql);
  g_assert_cmpstr (name, ==, "Kalundborg Forsyning A/S");

  /* "save mine over it" */
  g_assert_true (sm_pg_update_row_force (bo, "sites", site,
                                         g_variant_new_parsed ("{'name': <'Forsyningen'>}"),
                                         "Bo", &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state.row_version, ==, 3);
  g_assert_cmpstr (state.changed_by, ==, "planner_bo");
  g_assert_cmpstr (state.who, ==, "Bo");
  sm_pg_row_state_clear (&state);
  g_free (name);
  name = query_text (admin, sql);
  g_assert_cmpstr (name, ==, "Forsyningen");
  g_free (sql);
  sql = g_strdup_printf ("SELECT changed_by FROM symbiomap.sites WHERE site_id = %" G_GINT64_FORMAT, site);
  changed_by = query_text (admin, sql);
  g_assert_cmpstr (changed_by, ==, "planner_bo");
  g_free (sql);
  sql = g_strdup_printf ("SELECT count(*) FROM symbiomap.edit_log WHERE row_id = %" G_GINT64_FORMAT
                         " AND action = 'update' AND who IN ('Anna', 'Bo')", site);
  g_assert_cmpint (query_int (admin, sql), ==, 2);

  /* Bo, now at version 3, saves again with the version he has */
  g_assert_true (sm_pg_update_row_checked (bo, "sites", site, 3,
                                           g_variant_new_parsed ("{'sector': <'utility'>}"),
                                           "Bo", NULL, &error));
  g_assert_no_error (error);

  /* only the fixed columns and tables */
  g_assert_false (sm_pg_update_row_checked (bo, "sites", site, 4,
                                            g_variant_new_parsed ("{'row_version': <@x 1>}"),
                                            "Bo", NULL, &error));
  g_assert_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_COLUMN);
  g_clear_error (&error);
  g_assert_false (sm_pg_update_row_checked (bo, "meta", 1, 1,
                                            g_variant_new_parsed ("{'value': <'9'>}"),
                                            "Bo", NULL, &error));
  g_assert_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_COLUMN);
  g_clear_error (&error);
  g_free (sql);
  sql = g_strdup_printf ("SELECT row_version FROM symbiomap.sites WHERE site_id = %" G_GINT64_FORMAT, site);
  g_assert_cmpint (query_int (admin, sql), ==, 4);
}

static void
test_edit_gone (void)
{
  g_autofree char *uri = NULL;
  g_autoptr(SmDb) a = NULL;
  g_autoptr(SmDb) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  gint64 site;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = new_project ("edit_gone");
  a = open_db (uri);
  b = open_db (uri);
  site = insert_site (a, "Gyproc");
  sql = g_strdup_printf ("DELETE FROM symbiomap.sites WHERE site_id = %" G_GINT64_FORMAT, site);
  exec (a, sql);

  g_assert_false (sm_pg_update_row_checked (b, "sites", site, 1,
                                            g_variant_new_parsed ("{'notes': <'gypsum'>}"),
                                            "Bo", NULL, &error));
  g_assert_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_GONE);
  g_clear_error (&error);
  g_assert_false (sm_pg_update_row_force (b, "sites", site,
                                          g_variant_new_parsed ("{'notes': <'gypsum'>}"),
                                          "Bo", NULL, &error));
  g_assert_error (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_GONE);
  g_assert_false (sm_db_in_transaction (b));
}

typedef struct
{
  const char *uri;
  const char *prefix;
  int         rows;
} Writer;

static gpointer
write_sites (gpointer data)
{
  Writer *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SmDb) db = sm_db_open (w->uri, SM_DB_OPEN_NONE, &error);
  g_autoptr(SmStmt) stmt = NULL;

  g_assert_no_error (error);
  g_assert_true (sm_db_begin (db, &error));
  stmt = sm_db_prepare (db, "INSERT INTO symbiomap.sites (ext_id, name, geom)"
                            " VALUES (?, ?, ST_SetSRID (ST_MakePoint (?, 55.5), 4326))", &error);
  g_assert_no_error (error);
  for (int i = 0; i < w->rows; i++)
    {
      g_autofree char *ext = g_strdup_printf ("%s-%d", w->prefix, i);

      sm_stmt_reset (stmt);
      sm_stmt_bind_text (stmt, 1, ext, -1);
      sm_stmt_bind_text (stmt, 2, ext, -1);
      sm_stmt_bind_double (stmt, 3, 9.0 + i * 1e-4);
      g_assert_cmpint (sm_stmt_step (stmt, &error), ==, SM_STMT_DONE);
      g_assert_no_error (error);
    }
  g_clear_pointer (&stmt, sm_stmt_finalize);
  g_assert_true (sm_db_commit (db, &error));
  g_assert_no_error (error);
  return NULL;
}

static void
test_two_writers (void)
{
  g_autofree char *uri = NULL;
  g_autoptr(SmDb) db = NULL;
  Writer a = { NULL, "a", 3000 };
  Writer b = { NULL, "b", 3000 };
  GThread *ta, *tb;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = new_project ("two_writers");
  a.uri = b.uri = uri;
  ta = g_thread_new ("writer-a", write_sites, &a);
  tb = g_thread_new ("writer-b", write_sites, &b);
  g_thread_join (ta);
  g_thread_join (tb);
  db = open_db (uri);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM symbiomap.sites"), ==, a.rows + b.rows);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT site_id) FROM symbiomap.sites"), ==,
                   a.rows + b.rows);
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM symbiomap.sites WHERE ext_id LIKE 'b-%'"),
                   ==, b.rows);
}

/* Last: it stops the server */
static void
test_watch_lost (void)
{
  g_autofree char *uri = NULL;
  g_autoptr(SmPgWatch) watch = NULL;
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  uri = new_project ("watch_lost");
  watch = sm_pg_watch_new (uri, &error);
  g_assert_no_error (error);
  seen_init (&seen);
  g_signal_connect (watch, "lost", G_CALLBACK (on_lost), &seen);
  g_assert_true (sm_pg_watch_is_connected (watch));

  sm_test_pg_stop (server);
  server = NULL;
  run_until (&seen, "lost");
  g_assert_error (seen.lost, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED);
  g_test_message ("%s", seen.lost->message);
  g_assert_false (sm_pg_watch_is_connected (watch));
  seen_clear (&seen);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/pg-several/watch/others", test_watch_others);
  g_test_add_func ("/pg-several/watch/coalesce", test_watch_coalesce);
  g_test_add_func ("/pg-several/watch/ignores-own", test_watch_ignores_own);
  g_test_add_func ("/pg-several/edit/conflict", test_edit_conflict);
  g_test_add_func ("/pg-several/edit/gone", test_edit_gone);
  g_test_add_func ("/pg-several/two-writers", test_two_writers);
  g_test_add_func ("/pg-several-last/watch-lost", test_watch_lost);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
