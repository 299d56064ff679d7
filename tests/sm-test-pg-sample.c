/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the `pg` tests share besides the server: the sample project built
 * as .ci/make-sample builds it, a fresh database, and a command's JSON
 * with the project's name left out (a path on one engine, an address on
 * the other).
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "sm-test-pg.h"
#include "sm-test-util.h"

char *
sm_test_pg_new_database (SmTestPg   *pg,
                         const char *name)
{
  g_autoptr(GError) error = NULL;
  char *uri = sm_test_pg_create_database (pg, name, &error);

  g_assert_no_error (error);
  return uri;
}

char *
sm_test_pg_query (SmTestPg   *pg,
                  const char *database,
                  const char *sql)
{
  g_autoptr(GError) error = NULL;
  char *out = sm_test_pg_psql (pg, database, sql, &error);

  g_assert_no_error (error);
  return g_strstrip (out);
}

char *
sm_test_make_sample_project (const char       *dir,
                             SmTestSampleParts parts)
{
  g_autofree char *path = g_build_filename (dir, "sample.sqlite", NULL);
  const char *files[][2] = { { "sites.geojson", "sites" }, { "flows-da.csv", "flows" },
                             { "flows-sv.csv", "flows" }, { "network-aalborg.geojson", "network" } };
  guint n_files = (parts & SM_TEST_SAMPLE_NETWORK) ? 4 : 3;

  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "init", path, NULL), ==, 0);
  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, files[i][0], NULL);

      g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "import", path, file, "--kind",
                                        files[i][1], NULL), ==, 0);
    }
  if (parts & SM_TEST_SAMPLE_REJECTED_ROW)
    {
      g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);

      g_assert_true (g_file_set_contents (bad, "lokalitet;retning;ressource;mængde;enhed\n"
                                               "AAL-01;overskud;varme;100;MWh/år\n"
                                               "AAL-01;overskud;plasma;100;MWh/år\n", -1, NULL));
      g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "import", path, bad, "--kind", "flows",
                                        NULL), ==, 0);
    }
  return g_steal_pointer (&path);
}

char *
sm_test_json_without_name (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      json_object_remove_member (json_node_get_object (root), "project");
      json_object_remove_member (json_node_get_object (root), "path");
      /* when each import ran is the clock's, not the engine's */
      if (json_object_has_member (json_node_get_object (root), "imports"))
        {
          JsonArray *imports = json_object_get_array_member (json_node_get_object (root),
                                                             "imports");

          for (guint i = 0; i < json_array_get_length (imports); i++)
            json_object_remove_member (json_array_get_object_element (imports, i), "started_at");
        }
    }
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
