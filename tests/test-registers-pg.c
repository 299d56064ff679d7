/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Public registers imported into a database address (docs/STORE.md):
 * tests/data's excerpts of the Hotmaps industrial database and of an
 * E-PRTR release, imported one after the other into a file and into a
 * database, give the same import summaries, the same `sites` and `flows`
 * JSON, and the same register keys, other names and reconciled sites
 * (the E-PRTR facilities found near the Hotmaps sites by name). Imported
 * again, by the registers' keys, nothing changes, on either engine.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sm-db.h"
#include "sm-project.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

static SmTestPg *server;

static const char * const excerpts[] = { "hotmaps-industrial-database-excerpt.csv",
                                         "eprtr-dk-releases-air-excerpt.csv" };

/* One import into both: the same summary, which is @out */
static void
import_both (const char *file,
             const char *uri,
             const char *source,
             char      **out)
{
  g_autofree char *out_file = NULL;
  g_autofree char *out_db = NULL;
  g_autofree char *err_db = NULL;
  int rc;

  g_assert_cmpint (sm_test_run_cli ("C", &out_file, NULL, "import", file, source, "--json", NULL),
                   ==, 0);
  rc = sm_test_run_cli ("C", &out_db, &err_db, "import", uri, source, "--json", NULL);
  g_assert_cmpstr (err_db, ==, "");
  g_assert_cmpint (rc, ==, 0);
  g_assert_cmpstr (out_db, ==, out_file);
  *out = g_steal_pointer (&out_file);
}

/* A command's JSON without the project's name */
static char *
json_of (const char *project,
         const char *command)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (sm_test_run_cli ("C", &out, &err, command, project, "--json", NULL), ==, 0);
  g_assert_cmpstr (err, ==, "");
  return sm_test_json_without_name (out);
}

/* What the project keeps of the registers, as text: their keys of sites
 * and flows, the last name and place each gave, the sites' other names */
static char *
register_tables (const char *name)
{
  const char *queries[] = {
    "SELECT register, key, site_id, name, lat, lon FROM register_sites ORDER BY register, key",
    "SELECT register, key, flow_id FROM register_flows ORDER BY register, key",
    "SELECT site_id, name, kind, source FROM site_names ORDER BY site_id, kind, name",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = sm_project_open (name, &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(SmStmt) stmt = sm_db_prepare (sm_project_get_store (project), queries[q], &error);
      guint rows = 0;

      g_assert_no_error (error);
      while (sm_stmt_step (stmt, &error) == SM_STMT_ROW)
        {
          for (int c = 0; c < sm_stmt_column_count (stmt); c++)
            {
              /* doubles as doubles: the engines print them differently */
              if (sm_stmt_column_type (stmt, c) == SM_DB_FLOAT)
                g_string_append_printf (out, "%.17g|", sm_stmt_column_double (stmt, c));
              else
                g_string_append_printf (out, "%s|", sm_stmt_column_text (stmt, c) ?: "NULL");
            }
          g_string_append_c (out, '\n');
          rows++;
        }
      g_assert_no_error (error);
      /* every table holds something */
      g_assert_cmpuint (rows, >, 5);
      g_string_append (out, "--\n");
    }
  return g_string_free (out, FALSE);
}

static void
test_registers (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *sites_file = NULL;
  g_autofree char *sites_db = NULL;
  g_autofree char *flows_file = NULL;
  g_autofree char *flows_db = NULL;
  g_autofree char *tables_file = NULL;
  g_autofree char *tables_db = NULL;
  g_autofree char *sites_again = NULL;
  g_autofree char *flows_again = NULL;
  g_autofree char *tables_again = NULL;
  g_autofree char *sites_file_again = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  file = g_build_filename (dir, "registers.sqlite", NULL);
  uri = sm_test_pg_new_database (server, "registers");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", file, NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", uri, NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (excerpts); i++)
    {
      g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", excerpts[i], NULL);
      g_autofree char *summary = NULL;

      import_both (file, uri, source, &summary);
      g_assert_nonnull (strstr (summary, "\"imported\" :"));
      g_assert_null (strstr (summary, "\"imported\" : 0,"));
      /* the second register is reconciled with the first's sites */
      if (i == 1)
        g_assert_null (strstr (summary, "\"sites_merged\" : 0,"));
    }

  sites_file = json_of (file, "sites");
  sites_db = json_of (uri, "sites");
  g_assert_cmpuint (strlen (sites_file), >, 1000);
  g_assert_cmpstr (sites_db, ==, sites_file);
  flows_file = json_of (file, "flows");
  flows_db = json_of (uri, "flows");
  g_assert_cmpuint (strlen (flows_file), >, 1000);
  g_assert_cmpstr (flows_db, ==, flows_file);
  tables_file = register_tables (file);
  tables_db = register_tables (uri);
  g_assert_cmpstr (tables_db, ==, tables_file);

  /* again, by the registers' keys: nothing changes */
  for (guint i = 0; i < G_N_ELEMENTS (excerpts); i++)
    {
      g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", excerpts[i], NULL);
      g_autofree char *summary = NULL;

      import_both (file, uri, source, &summary);
      g_assert_nonnull (strstr (summary, "\"sites_created\" : 0,"));
    }
  sites_again = json_of (uri, "sites");
  g_assert_cmpstr (sites_again, ==, sites_db);
  flows_again = json_of (uri, "flows");
  g_assert_cmpstr (flows_again, ==, flows_db);
  tables_again = register_tables (uri);
  g_assert_cmpstr (tables_again, ==, tables_db);
  sites_file_again = json_of (file, "sites");
  g_assert_cmpstr (sites_file_again, ==, sites_file);

  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/registers-pg/import-again", test_registers);
  rc = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return rc;
}
