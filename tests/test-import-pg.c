/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `import` into a database address (docs/STORE.md), against the private
 * server of sm-test-pg.c: the sample's sites and flows imported with the
 * commands of .ci/make-sample into an empty database and into a file give
 * the same `sites`, `flows` and `info` JSON, ids included; a file with one
 * bad row imports the others and records the rejected row on both
 * engines, and under --strict rolls back on both; importing the same file
 * again by key changes nothing.
 *
 * All of it twice: with the sites written row by row, and with the COPY
 * path (SYMBIOMAP_PG_COPY_MIN_ROWS=0, sm-project-pg-copy.c) for every
 * sites import into a database without sites.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "sm-test-pg.h"
#include "sm-test-util.h"

static SmTestPg *server;

static const char *sample_files[][2] = { { "sites.geojson", "sites" },
                                         { "flows-da.csv", "flows" },
                                         { "flows-sv.csv", "flows" } };

static void
import_into (const char *target,
             const char *file,
             const char *kind)
{
  g_autofree char *err = NULL;
  int rc;

  rc = sm_test_run_cli ("C", NULL, &err, "import", target, file, "--kind", kind, NULL);
  g_test_message ("import %s %s: %s", file, kind, err);
  g_assert_cmpint (rc, ==, 0);
}

/* The command's JSON on the file and on the database: the same */
static void
assert_same (const char *path,
             const char *uri,
             const char *command)
{
  g_autofree char *out_file = NULL;
  g_autofree char *out_db = NULL;
  g_autofree char *err_db = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  int rc;

  g_test_message ("%s", command);
  g_assert_cmpint (sm_test_run_cli ("C", &out_file, NULL, command, path, "--json", NULL), ==, 0);
  rc = sm_test_run_cli ("C", &out_db, &err_db, command, uri, "--json", NULL);
  g_assert_cmpstr (err_db, ==, "");
  g_assert_cmpint (rc, ==, 0);
  a = sm_test_json_without_name (out_file);
  b = sm_test_json_without_name (out_db);
  /* not an empty answer compared with an empty one */
  g_assert_cmpuint (strlen (a), >, 20);
  g_assert_cmpstr (b, ==, a);
}

static void
assert_all_same (const char *path,
                 const char *uri)
{
  assert_same (path, uri, "sites");
  assert_same (path, uri, "flows");
  assert_same (path, uri, "info");
}

static void
test_same_as_file (gconstpointer data)
{
  const char *copy_min_rows = data;
  g_autofree char *db = g_strdup_printf ("imp%s", copy_min_rows);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *text = NULL;
  g_autofree char *rejected = NULL;
  g_autofree char *flows_before = NULL;
  g_autofree char *flows_after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) bad_text = NULL;
  char **lines;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  path = g_build_filename (dir, "file.sqlite", NULL);
  g_setenv ("SYMBIOMAP_PG_COPY_MIN_ROWS", copy_min_rows, TRUE);
  uri = sm_test_pg_create_database (server, db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", path, NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", uri, NULL), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (sample_files); i++)
    {
      g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, sample_files[i][0], NULL);

      import_into (path, file, sample_files[i][1]);
      import_into (uri, file, sample_files[i][1]);
    }
  assert_all_same (path, uri);
  g_assert_cmpstr ((text = sm_test_pg_query (server, db, "SELECT count (*) > 0 FROM symbiomap.sites")), ==, "t");
  g_clear_pointer (&text, g_free);
  /* the import's rows stay out of the edit log on the server too */
  g_assert_cmpstr ((text = sm_test_pg_query (server, db, "SELECT count (*) FROM symbiomap.edit_log")), ==, "0");
  g_clear_pointer (&text, g_free);

  /* the sites again, by key: nothing changes */
  {
    g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);

    import_into (path, file, "sites");
    import_into (uri, file, "sites");
  }
  assert_all_same (path, uri);

  /* a flows file with one bad amount: the others come in, the bad row is
   * recorded with the import */
  {
    g_autofree char *src = g_build_filename (SOURCE_SAMPLES_DIR, "flows-da.csv", NULL);

    g_assert_true (g_file_get_contents (src, &text, NULL, NULL));
  }
  lines = g_strsplit (text, "\n", -1);
  bad_text = g_string_new (NULL);
  g_assert_cmpuint (g_strv_length (lines), >, 3);
  for (guint i = 0; lines[i] != NULL && i < 4; i++)
    {
      if (i == 2)
        {
          g_auto (GStrv) f = g_strsplit (lines[i], ";", -1);

          g_assert_cmpuint (g_strv_length (f), >, 6);
          g_free (f[5]);
          f[5] = g_strdup ("lots");
          g_free (lines[i]);
          lines[i] = g_strjoinv (";", f);
        }
      g_string_append_printf (bad_text, "%s\n", lines[i]);
    }
  g_strfreev (lines);
  bad = g_build_filename (dir, "flows-bad.csv", NULL);
  g_assert_true (g_file_set_contents (bad, bad_text->str, -1, NULL));
  flows_before = sm_test_pg_query (server, db, "SELECT count (*) FROM symbiomap.flows");
  import_into (path, bad, "flows");
  import_into (uri, bad, "flows");
  assert_all_same (path, uri);
  flows_after = sm_test_pg_query (server, db, "SELECT count (*) FROM symbiomap.flows");
  g_assert_cmpint (g_ascii_strtoll (flows_after, NULL, 10) - g_ascii_strtoll (flows_before, NULL, 10),
                   ==, 2);
  rejected = sm_test_pg_query (server, db, "SELECT row || ' ' || field FROM symbiomap.rejected_rows r "
                          "JOIN symbiomap.imports i USING (import_id) WHERE i.file LIKE '%flows-bad.csv'");
  g_assert_cmpstr (rejected, !=, "");
  g_test_message ("rejected: %s", rejected);

  /* --strict with a bad row: the transaction is rolled back on both, only
   * the attempt is recorded, and the flows stay as they were */
  g_clear_pointer (&flows_before, g_free);
  flows_before = sm_test_pg_query (server, db, "SELECT count (*) FROM symbiomap.flows");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "import", path, bad, "--kind", "flows",
                                    "--strict", NULL), !=, -1);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "import", uri, bad, "--kind", "flows",
                                    "--strict", NULL), !=, -1);
  /* (not `info`: the rolled-back import used up a number of the server's
   * sequence, which a rollback does not give back, so the recorded
   * attempt's import_id is one higher than on the file) */
  assert_same (path, uri, "sites");
  assert_same (path, uri, "flows");
  g_clear_pointer (&flows_after, g_free);
  flows_after = sm_test_pg_query (server, db, "SELECT count (*) FROM symbiomap.flows");
  g_assert_cmpstr (flows_after, ==, flows_before);

  /* (a network's import on a database: test-network-pg.c) */
  sm_test_rm_rf (dir);
}

/* A sites file with a row without a name in the middle, through the COPY
 * path into an empty database and into a file: both keep the other rows
 * (the COPY ended for the rejected row's record and started again after
 * it) and record the row, with the same JSON, ids included. Under
 * --strict, into another empty database, the COPY path rolls back and
 * records only the attempt. */
static void
test_copy_rejected (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *strict_uri = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *count = NULL;
  g_autofree char *rejected = NULL;
  g_autoptr(GString) text = g_string_new ("site_id,name,lat,lon\n");

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  g_setenv ("SYMBIOMAP_PG_COPY_MIN_ROWS", "0", TRUE);
  dir = sm_test_make_tmpdir ();
  path = g_build_filename (dir, "file.sqlite", NULL);
  uri = sm_test_pg_new_database (server, "rejcopy");
  strict_uri = sm_test_pg_new_database (server, "rejstrict");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", strict_uri, NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", path, NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", uri, NULL), ==, 0);
  for (int i = 0; i < 40; i++)
    g_string_append_printf (text, "K%d,%s,%.4f,%.4f\n", i, i == 17 ? "" : "Værk", 56.0 + i * 0.01,
                            9.0 + i * 0.01);
  csv = g_build_filename (dir, "sites-bad.csv", NULL);
  g_assert_true (g_file_set_contents (csv, text->str, -1, NULL));

  import_into (path, csv, "sites");
  import_into (uri, csv, "sites");
  g_clear_pointer (&count, g_free);
  count = sm_test_pg_query (server, "rejcopy", "SELECT count (*) FROM symbiomap.sites");
  g_assert_cmpstr (count, ==, "39");
  rejected = sm_test_pg_query (server, "rejcopy",
                               "SELECT string_agg (row || ' ' || field, ',') FROM symbiomap.rejected_rows");
  g_assert_cmpstr (rejected, ==, "19 name");
  assert_same (path, uri, "sites");

  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "import", strict_uri, csv, "--kind", "sites",
                                    "--strict", NULL), !=, 0);
  g_clear_pointer (&count, g_free);
  count = sm_test_pg_query (server, "rejstrict", "SELECT count (*) FROM symbiomap.sites");
  g_assert_cmpstr (count, ==, "0");
  g_clear_pointer (&count, g_free);
  count = sm_test_pg_query (server, "rejstrict", "SELECT count (*) || ' ' || sum (rejected) "
                                                 "|| ' ' || sum (imported) FROM symbiomap.imports");
  g_assert_cmpstr (count, ==, "1 1 0");
  g_clear_pointer (&rejected, g_free);
  rejected = sm_test_pg_query (server, "rejstrict",
                               "SELECT string_agg (row || ' ' || field, ',') FROM symbiomap.rejected_rows");
  g_assert_cmpstr (rejected, ==, "19 name");
  sm_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = sm_test_pg_start_or_skip ();
  /* row by row (the sample is below the threshold), then through COPY */
  g_test_add_data_func ("/import-pg/same-as-file", "1000000000", test_same_as_file);
  g_test_add_data_func ("/import-pg/same-as-file-copy", "0", test_same_as_file);
  g_test_add_func ("/import-pg/copy-rejected", test_copy_rejected);
  status = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return status;
}
