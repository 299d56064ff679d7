/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpenStreetMap roads imported as a network: a real extract of Anholt
 * (tests/data/anholt-roads.osm, ODbL) read through GDAL's OSM driver keeps
 * only the highway classes a pipe may follow, each with its class as its
 * kind, and routes of kind "road" run on them. The expected counts come from GDAL reading the same
 * file here.
 */
#include "config.h"

#include <gdal.h>
#include <locale.h>
#include <ogr_api.h>
#include <string.h>

#include "sm-db.h"
#include "sm-import.h"
#include "sm-osm-roads.h"
#include "sm-route.h"
#include "sm-test-util.h"

typedef struct
{
  char      *dir;
  SmProject *project;
  char      *file;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = sm_test_make_tmpdir ();
  path = g_build_filename (f->dir, "osm.sqlite", NULL);
  f->project = sm_project_create (path, &error);
  g_assert_no_error (error);
  f->file = g_test_build_filename (G_TEST_DIST, "data", "anholt-roads.osm", NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->file);
}

/* How many ways of the file GDAL gives with a highway in @classes */
static int
count_ways (const char *file,
            const char *classes)
{
  const char *options[] = { "USE_CUSTOM_INDEXING=NO", NULL };
  g_auto (GStrv) wanted = g_strsplit (classes, ",", -1);
  GDALDatasetH ds;
  OGRLayerH lines;
  OGRFeatureH feature;
  int n = 0, field;

  GDALAllRegister ();
  ds = GDALOpenEx (file, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, options, NULL);
  g_assert_nonnull (ds);
  lines = GDALDatasetGetLayerByName (ds, "lines");
  g_assert_nonnull (lines);
  field = OGR_FD_GetFieldIndex (OGR_L_GetLayerDefn (lines), "highway");
  while ((feature = OGR_L_GetNextFeature (lines)) != NULL)
    {
      const char *highway = OGR_F_IsFieldSetAndNotNull (feature, field)
                            ? OGR_F_GetFieldAsString (feature, field) : NULL;

      if (highway != NULL && g_strv_contains ((const char * const *) wanted, highway))
        n++;
      OGR_F_Destroy (feature);
    }
  GDALClose (ds);
  return n;
}

static int
import (Fixture *f)
{
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_NETWORK);
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (GError) error = NULL;

  result = sm_import_run (f->project, f->file, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  /* The ways only, not the route relations made of them */
  g_assert_cmpuint (result->layers->len, ==, 1);
  g_assert_cmpstr (((SmLayerImport *) g_ptr_array_index (result->layers, 0))->layer, ==, "lines");
  return sm_import_result_count_imported (result);
}

static int
count_rows (Fixture    *f,
            const char *sql)
{
  SmStmt *stmt = sm_project_prepare (f->project, sql, NULL);
  int n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sm_stmt_step (stmt, NULL), ==, SM_STMT_ROW);
  n = sm_stmt_column_int (stmt, 0);
  sm_stmt_reset (stmt);
  return n;
}

static void
test_default_classes (Fixture       *f,
                      gconstpointer  data)
{
  int expected = count_ways (f->file, SM_OSM_ROAD_CLASSES_DEFAULT);
  int every = count_ways (f->file, SM_OSM_ROAD_CLASSES_DEFAULT ",footway,path,steps,cycleway,pedestrian");

  g_assert_null (strstr (SM_OSM_ROAD_CLASSES_DEFAULT, "motorway"));
  g_assert_cmpint (expected, >, 0);
  g_assert_cmpint (every, >, expected); /* the file has paths a pipe does not follow */
  g_assert_cmpint (import (f), ==, expected);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM network_edges"), ==, expected);
  /* Each keeps its class as its kind */
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM network_edges WHERE instr ('," SM_OSM_ROAD_CLASSES_DEFAULT
                                  ",', ',' || kind || ',') > 0"), ==, expected);
}

static void
test_setting (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  g_assert_false (sm_osm_roads_set_classes (f->project, "residential,Primary road", &error));
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (sm_osm_roads_set_classes (f->project, "footway,path", &error));
  g_assert_no_error (error);
  g_assert_cmpint (import (f), ==, count_ways (f->file, "footway,path"));
}

/* Routes run on the roads read */
static void
test_route (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmRoute) r = NULL;
  g_autoptr (SmRoute) any = NULL;
  const char * const roads[] = { SM_ROUTE_KIND_ROAD, NULL };
  SmRouteOptions options = { .kinds = roads };
  SmRouter *router;
  SmStmt *stmt;
  double lat[2], lon[2];

  import (f);
  /* From the start of the first road to the end of the last */
  stmt = sm_project_prepare (f->project,
                             "SELECT Y (StartPoint (geom)), X (StartPoint (geom)) FROM network_edges "
                             "UNION ALL SELECT * FROM (SELECT Y (EndPoint (geom)), X (EndPoint (geom)) "
                             "FROM network_edges ORDER BY ST_Length (geom) DESC LIMIT 1)", &error);
  g_assert_no_error (error);
  for (int i = 0; i < 2; i++)
    {
      g_assert_cmpint (sm_stmt_step (stmt, NULL), ==, SM_STMT_ROW);
      lat[i] = sm_stmt_column_double (stmt, 0);
      lon[i] = sm_stmt_column_double (stmt, 1);
    }
  sm_stmt_reset (stmt);
  router = sm_router_for_project (f->project, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sm_router_get_n_arcs (router), >, 0);
  g_assert_true (g_strv_contains (sm_router_get_kinds (router), "residential"));
  /* Every line read is a road to a truck */
  r = sm_router_route_full (router, lat[0], lon[0], lat[1], lon[1], &options, &error);
  g_assert_no_error (error);
  any = sm_router_route (router, lat[0], lon[0], lat[1], lon[1], &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (r->route_m, >=, r->straight_m);
  g_assert_cmpfloat (r->route_m, ==, any->route_m);
  g_assert_cmpstr (r->method, ==, any->method);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/osm-roads/default-classes", test_default_classes);
  ADD ("/osm-roads/setting", test_setting);
  ADD ("/osm-roads/route", test_route);
#undef ADD
  return g_test_run ();
}
