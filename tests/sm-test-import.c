/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fixture and helpers shared by the importer tests
 * (test-import.c, test-import-formats.c, test-import-safety.c).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gdal.h>
#include <locale.h>

#include "sm-test-import.h"
#include "sm-test-util.h"

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = sm_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "p.sqlite", NULL);
  f->project = sm_project_create (f->path, &error);
  g_assert_no_error (error);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

char *
write_file (Fixture    *f,
            const char *name,
            const char *content,
            gssize      len)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, content, len, &error);
  g_assert_no_error (error);
  return path;
}

int
count (SmProject  *project,
       const char *sql)
{
  sqlite3_stmt *stmt;
  int n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (sm_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* A file of tests/data/ (public excerpts, see its README.md) */
char *
data_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* The first column of the first row of @sql as a double; NAN for none */
double
number (SmProject  *project,
        const char *sql)
{
  sqlite3_stmt *stmt;
  double v = NAN;

  g_assert_cmpint (sqlite3_prepare_v2 (sm_project_get_db (project), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    v = sqlite3_column_double (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* Whether a note of the import holds @part */
gboolean
has_note (SmLayerImport *l,
          const char    *part)
{
  for (guint i = 0; i < l->notes->len; i++)
    if (strstr (g_ptr_array_index (l->notes, i), part) != NULL)
      return TRUE;
  return FALSE;
}

/* Everything an import could change, to compare before and after */
char *
state (SmProject *project)
{
  return g_strdup_printf ("sites=%d flows=%d exchanges=%d edges=%d imports=%d rejected=%d idx=%d",
                          count (project, "SELECT count(*) FROM sites"),
                          count (project, "SELECT count(*) FROM flows"),
                          count (project, "SELECT count(*) FROM exchanges"),
                          count (project, "SELECT count(*) FROM network_edges"),
                          count (project, "SELECT count(*) FROM imports"),
                          count (project, "SELECT count(*) FROM rejected_rows"),
                          count (project, "SELECT count(*) FROM idx_sites_geom"));
}

SmImportResult *
run (Fixture      *f,
     const char   *file,
     SmImportKind  kind,
     const char   *srs,
     GError      **error)
{
  g_autoptr (SmImportOptions) options = sm_import_options_new (kind);

  options->srs = g_strdup (srs);
  return sm_import_run (f->project, file, options, NULL, NULL, NULL, error);
}

SmLayerImport *
only_layer (SmImportResult *result)
{
  g_assert_nonnull (result);
  g_assert_cmpuint (result->layers->len, ==, 1);
  return g_ptr_array_index (result->layers, 0);
}

SmSite *
site_by_ext (Fixture    *f,
             const char *ext_id)
{
  gint64 id = sm_project_find_site_by_ext_id (f->project, ext_id, NULL);

  g_assert_cmpint (id, >, 0);
  return sm_project_get_site (f->project, id, NULL);
}

void
import_sample_sites (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);

  g_assert_no_error (error);
}

void
sm_test_import_init (int    *argc,
                     char ***argv)
{
  setlocale (LC_ALL, "");
  g_test_init (argc, argv, NULL);
  GDALAllRegister ();
}
