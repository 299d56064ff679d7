/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "sm-project.h"
#include "sm-test-util.h"

static int
count_rows (SmProject  *project,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  int n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (sm_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
query_text (SmProject  *project,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (sm_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Writes a plain SQLite file with raw SQL, as another application would. */
static void
write_raw_sqlite (const char *path,
                  const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static gint64
add_site (SmProject  *project,
          const char *ext_id,
          const char *name,
          double      lat,
          double      lon)
{
  g_autoptr(GError) error = NULL;
  SmSite site = { 0 };
  gint64 id;

  site.ext_id = (char *) ext_id;
  site.name = (char *) name;
  site.lat = lat;
  site.lon = lon;
  id = sm_project_insert_site (project, &site, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_create (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *listing = NULL;

  project = sm_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_assert_cmpint (sm_project_get_schema_version (project), ==, SM_PROJECT_SCHEMA_VERSION);
  g_assert_false (sm_project_is_read_only (project));

  /* Every table of docs/DATA-MODEL.md */
  g_assert_cmpint (count_rows (project, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                                        "AND name IN ('sites', 'flows', 'exchanges', "
                                        "'network_edges', 'imports', 'rejected_rows', "
                                        "'settings')"),
                   ==, 7);
  /* Geometry registered with SpatiaLite in EPSG:4326, spatially indexed */
  g_assert_cmpint (count_rows (project, "SELECT COUNT(*) FROM geometry_columns WHERE srid = 4326 "
                                        "AND spatial_index_enabled = 1 AND ((f_table_name = "
                                        "'sites' AND geometry_type = 1) OR (f_table_name = "
                                        "'network_edges' AND geometry_type = 2))"),
                   ==, 2);
  g_assert_cmpint (count_rows (project, "SELECT COUNT(*) FROM sqlite_master WHERE name IN "
                                        "('idx_sites_geom', 'idx_network_edges_geom')"),
                   ==, 2);
  journal = query_text (project, "PRAGMA journal_mode");
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (count_rows (project, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (count_rows (project, "PRAGMA application_id"), ==, SM_PROJECT_APPLICATION_ID);

  /* No temporary file left beside it */
  g_clear_object (&project);
  listing = sm_test_dir_listing (dir);
  g_assert_cmpstr (listing, ==, "p.sqlite");
  sm_test_rm_rf (dir);
}

static void
test_create_refuses_existing (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (path, "my notes\n", -1, NULL));
  before = sm_test_file_checksum (path);
  project = sm_project_create (path, &error);
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_EXISTS);
  g_assert_null (project);
  after = sm_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  sm_test_rm_rf (dir);
}

static void
test_create_in_missing_folder (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "no-such-folder", "p.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autofree char *listing = NULL;

  project = sm_project_create (path, &error);
  g_assert_nonnull (error);
  g_assert_null (project);
  listing = sm_test_dir_listing (dir);
  g_assert_cmpstr (listing, ==, "");
  sm_test_rm_rf (dir);
}

static void
test_reopen (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autoptr(GPtrArray) flows = NULL;
  g_autoptr(SmProjectInfo) info = NULL;
  g_autofree char *setting = NULL;
  SmFlow flow = { 0 };
  SmSite *site;
  SmFlow *f;
  gint64 portland, forsyning;

  project = sm_project_create (path, &error);
  g_assert_no_error (error);
  g_assert_true (sm_project_begin (project, &error));
  portland = add_site (project, "AAL-01", "Aalborg Portland A/S", 57.0480, 9.9880);
  forsyning = add_site (project, "AAL-04", "Aalborg Forsyning, Varme", 57.0435, 9.9580);
  flow.site_id = portland;
  flow.direction = SM_DIRECTION_SUPPLY;
  flow.resource = SM_RESOURCE_HEAT;
  flow.amount = 1100000;
  flow.temperature_c = 95;
  flow.hours_per_year = NAN;
  flow.partner_site_id = forsyning;
  g_assert_cmpint (sm_project_insert_flow (project, &flow, 0, &error), >, 0);
  g_assert_no_error (error);
  g_assert_true (sm_project_set_setting (project, "heat_price_eur_mwh", "30", &error));
  g_assert_true (sm_project_commit (project, &error));
  g_clear_object (&project);

  project = sm_project_open (path, &error);
  g_assert_no_error (error);
  sites = sm_project_list_sites (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 2);
  site = g_ptr_array_index (sites, 0);
  g_assert_cmpstr (site->name, ==, "Aalborg Portland A/S");
  g_assert_cmpstr (site->ext_id, ==, "AAL-01");
  g_assert_cmpfloat_with_epsilon (site->lat, 57.0480, 1e-9);
  g_assert_cmpfloat_with_epsilon (site->lon, 9.9880, 1e-9);
  g_assert_cmpint (site->supply_count, ==, 1);
  g_assert_cmpint (site->demand_count, ==, 0);

  flows = sm_project_list_flows (project, forsyning, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flows->len, ==, 0);
  g_clear_pointer (&flows, g_ptr_array_unref);
  flows = sm_project_list_flows (project, 0, &error);
  g_assert_cmpuint (flows->len, ==, 1);
  f = g_ptr_array_index (flows, 0);
  g_assert_cmpint (f->resource, ==, SM_RESOURCE_HEAT);
  g_assert_cmpstr (f->unit, ==, "MWh/yr");
  g_assert_cmpfloat (f->temperature_c, ==, 95);
  g_assert_true (isnan (f->hours_per_year));
  g_assert_cmpint (f->partner_site_id, ==, forsyning);
  g_assert_cmpstr (f->site_name, ==, "Aalborg Portland A/S");

  setting = sm_project_get_setting (project, "heat_price_eur_mwh");
  g_assert_cmpstr (setting, ==, "30");

  info = sm_project_get_info (project, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->n_sites, ==, 2);
  g_assert_cmpint (info->flows_by[SM_RESOURCE_HEAT][SM_DIRECTION_SUPPLY], ==, 1);
  g_assert_true (info->has_extent);
  g_assert_cmpfloat_with_epsilon (info->min_lon, 9.9580, 1e-9);
  g_assert_cmpfloat_with_epsilon (info->max_lat, 57.0480, 1e-9);
  sm_test_rm_rf (dir);
}

static void
test_constraints (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  SmFlow flow = { 0 };
  SmSite site = { 0 };

  project = sm_project_create (path, &error);
  g_assert_no_error (error);

  /* A flow naming a site that does not exist: the foreign key refuses it */
  flow.site_id = 4242;
  flow.direction = SM_DIRECTION_DEMAND;
  flow.resource = SM_RESOURCE_WATER;
  flow.amount = 10;
  flow.temperature_c = NAN;
  flow.hours_per_year = NAN;
  g_assert_cmpint (sm_project_insert_flow (project, &flow, 0, &error), ==, 0);
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_SQL);
  g_clear_error (&error);

  /* A site without a name */
  site.name = (char *) "";
  g_assert_cmpint (sm_project_insert_site (project, &site, 0, &error), ==, 0);
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_SQL);
  g_clear_error (&error);

  /* A rolled-back transaction leaves nothing */
  g_assert_true (sm_project_begin (project, &error));
  add_site (project, "X", "Rolled back", 55.9, 9.7);
  sm_project_rollback (project);
  g_assert_cmpint (count_rows (project, "SELECT COUNT(*) FROM sites"), ==, 0);
  sm_test_rm_rf (dir);
}

static void
test_migrate (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "old.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;

  project = sm_project_create_at_version (path, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_project_get_schema_version (project), ==, 1);
  add_site (project, "OLD-1", "Sønderborg Fjernvarme", 54.91, 9.79);
  g_assert_cmpint (count_rows (project, "SELECT COUNT(*) FROM pragma_table_info('rejected_rows') "
                                        "WHERE name = 'value'"),
                   ==, 0);
  g_clear_object (&project);

  project = sm_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_project_get_schema_version (project), ==, SM_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (project, "PRAGMA user_version"), ==, SM_PROJECT_SCHEMA_VERSION);
  g_assert_cmpint (count_rows (project, "SELECT COUNT(*) FROM pragma_table_info('rejected_rows') "
                                        "WHERE name = 'value'"),
                   ==, 1);
  g_assert_cmpint (count_rows (project, "SELECT COUNT(*) FROM pragma_table_info('imports') "
                                        "WHERE name = 'srs'"),
                   ==, 1);
  /* The data survived the upgrade */
  g_assert_cmpint (count_rows (project, "SELECT COUNT(*) FROM sites WHERE ext_id = 'OLD-1'"), ==,
                   1);
  sm_test_rm_rf (dir);
}

static void
assert_refused_unchanged (const char *path,
                          int         code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autofree char *before = sm_test_file_checksum (path);
  g_autofree char *after = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *listing_before = sm_test_dir_listing (dir);
  g_autofree char *listing_after = NULL;

  project = sm_project_open (path, &error);
  g_assert_null (project);
  g_assert_error (error, SM_PROJECT_ERROR, code);
  /* The message names the file */
  g_assert_nonnull (strstr (error->message, "“"));
  after = sm_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  listing_after = sm_test_dir_listing (dir);
  g_assert_cmpstr (listing_before, ==, listing_after);
}

static void
test_reject_foreign (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.sqlite", NULL);
  g_autofree char *other = g_build_filename (dir, "other.sqlite", NULL);
  g_autofree char *newer = g_build_filename (dir, "newer.sqlite", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;

  g_assert_true (g_file_set_contents (text, "site;lat;lon\nA;57;10\n", -1, NULL));
  assert_refused_unchanged (text, SM_PROJECT_ERROR_NOT_PROJECT);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  assert_refused_unchanged (empty, SM_PROJECT_ERROR_NOT_PROJECT);

  /* Another application's database, in WAL mode with a user_version of its own */
  write_raw_sqlite (other, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 1; "
                           "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); "
                           "INSERT INTO customers (name) VALUES ('Kemira');");
  assert_refused_unchanged (other, SM_PROJECT_ERROR_NOT_PROJECT);

  /* A project from a newer Symbiomap */
  project = sm_project_create (newer, &error);
  g_assert_no_error (error);
  g_clear_object (&project);
  write_raw_sqlite (newer, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
  assert_refused_unchanged (newer, SM_PROJECT_ERROR_TOO_NEW);

  project = sm_project_open (missing, &error);
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_NOT_FOUND);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  sm_test_rm_rf (dir);
}

static void
test_read_only (void)
{
  g_autofree char *dir = sm_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "p.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = NULL;
  g_autoptr(GPtrArray) sites = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  project = sm_project_create (path, &error);
  g_assert_no_error (error);
  add_site (project, "HEL-01", "Kemira Kemi AB", 56.02, 12.70);
  g_clear_object (&project);
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  before = sm_test_file_checksum (path);

  project = sm_project_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (sm_project_is_read_only (project));
  sites = sm_project_list_sites (project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sites->len, ==, 1);
  g_assert_false (sm_project_begin (project, &error));
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_READ_ONLY);
  g_clear_object (&project);

  after = sm_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  sm_test_rm_rf (dir);
}

static void
test_resource_keys (void)
{
  for (int r = 0; r < SM_N_RESOURCES; r++)
    g_assert_cmpint (sm_resource_from_key (sm_resource_to_key (r)), ==, r);
  for (int d = 0; d < SM_N_DIRECTIONS; d++)
    g_assert_cmpint (sm_direction_from_key (sm_direction_to_key (d)), ==, d);
  for (int s = 0; s < SM_N_STATUSES; s++)
    g_assert_cmpint (sm_status_from_key (sm_status_to_key (s)), ==, s);
  g_assert_cmpint (sm_resource_from_key ("varme"), ==, SM_RESOURCE_INVALID);
  g_assert_cmpint (sm_resource_from_key (NULL), ==, SM_RESOURCE_INVALID);
  g_assert_cmpstr (sm_resource_get_unit (SM_RESOURCE_CO2), ==, "t/yr");
  g_assert_true (sm_resource_has_temperature (SM_RESOURCE_COOLING));
  g_assert_false (sm_resource_has_temperature (SM_RESOURCE_MATERIAL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/project/create", test_create);
  g_test_add_func ("/project/create-refuses-existing", test_create_refuses_existing);
  g_test_add_func ("/project/create-in-missing-folder", test_create_in_missing_folder);
  g_test_add_func ("/project/reopen", test_reopen);
  g_test_add_func ("/project/constraints", test_constraints);
  g_test_add_func ("/project/migrate", test_migrate);
  g_test_add_func ("/project/reject-foreign", test_reject_foreign);
  g_test_add_func ("/project/read-only", test_read_only);
  g_test_add_func ("/project/resource-keys", test_resource_keys);

  return g_test_run ();
}
