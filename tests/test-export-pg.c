/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `symbiomap-cli export` of a database address (docs/STORE.md): the
 * sample project, with two exchanges, exported from its file and from a
 * database it was copied into, gives two GeoPackages that GDAL reads as
 * the same: the same layers, the same fields, and feature by feature the
 * same values and the same geometries (WKB byte for byte). Only the
 * layer styles' update_time, the clock's, may differ. A field changed in
 * the database is found.
 */
#include "config.h"

#include <gdal.h>
#include <ogr_api.h>
#include <string.h>

#include "sm-project.h"
#include "sm-test-pg.h"
#include "sm-test-util.h"

static SmTestPg *server;

/* What may differ between two exports of the same data: when they ran */
static gboolean
ignored_field (const char *layer,
               const char *field)
{
  return g_str_equal (layer, "layer_styles") && g_str_equal (field, "update_time");
}

static char *
compare_features (const char  *name,
                  OGRFeatureH  fa,
                  OGRFeatureH  fb)
{
  OGRFeatureDefnH defn = OGR_F_GetDefnRef (fa);
  OGRGeometryH ga = OGR_F_GetGeometryRef (fa);
  OGRGeometryH gb = OGR_F_GetGeometryRef (fb);

  if (OGR_F_GetFID (fa) != OGR_F_GetFID (fb))
    return g_strdup_printf ("%s: feature ids %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT, name,
                            (gint64) OGR_F_GetFID (fa), (gint64) OGR_F_GetFID (fb));
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    {
      const char *field = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i));
      gboolean set_a = OGR_F_IsFieldSetAndNotNull (fa, i);
      gboolean set_b = OGR_F_IsFieldSetAndNotNull (fb, i);

      if (ignored_field (name, field))
        continue;
      if (set_a != set_b)
        return g_strdup_printf ("%s: feature %" G_GINT64_FORMAT ", field %s: null on one side",
                                name, (gint64) OGR_F_GetFID (fa), field);
      if (!set_a)
        continue;
      if (OGR_Fld_GetType (OGR_FD_GetFieldDefn (defn, i)) == OFTReal)
        {
          /* exactly the same double, not its text */
          if (OGR_F_GetFieldAsDouble (fa, i) != OGR_F_GetFieldAsDouble (fb, i))
            return g_strdup_printf ("%s: feature %" G_GINT64_FORMAT ", field %s: %.17g and %.17g",
                                    name, (gint64) OGR_F_GetFID (fa), field,
                                    OGR_F_GetFieldAsDouble (fa, i), OGR_F_GetFieldAsDouble (fb, i));
        }
      else if (g_strcmp0 (OGR_F_GetFieldAsString (fa, i), OGR_F_GetFieldAsString (fb, i)) != 0)
        return g_strdup_printf ("%s: feature %" G_GINT64_FORMAT ", field %s: “%s” and “%s”", name,
                                (gint64) OGR_F_GetFID (fa), field, OGR_F_GetFieldAsString (fa, i),
                                OGR_F_GetFieldAsString (fb, i));
    }
  if ((ga == NULL) != (gb == NULL))
    return g_strdup_printf ("%s: feature %" G_GINT64_FORMAT ": a geometry on one side only", name,
                            (gint64) OGR_F_GetFID (fa));
  if (ga != NULL)
    {
      int size = OGR_G_WkbSize (ga);
      g_autofree unsigned char *wa = NULL;
      g_autofree unsigned char *wb = NULL;

      if (size != OGR_G_WkbSize (gb))
        return g_strdup_printf ("%s: feature %" G_GINT64_FORMAT ": geometries of %d and %d bytes",
                                name, (gint64) OGR_F_GetFID (fa), size, OGR_G_WkbSize (gb));
      wa = g_malloc (size);
      wb = g_malloc (size);
      OGR_G_ExportToWkb (ga, wkbNDR, wa);
      OGR_G_ExportToWkb (gb, wkbNDR, wb);
      if (memcmp (wa, wb, size) != 0)
        return g_strdup_printf ("%s: feature %" G_GINT64_FORMAT ": different geometries", name,
                                (gint64) OGR_F_GetFID (fa));
    }
  return NULL;
}

static char *
compare_layers (OGRLayerH la,
                OGRLayerH lb)
{
  const char *name = OGR_L_GetName (la);
  OGRFeatureDefnH da = OGR_L_GetLayerDefn (la);
  OGRFeatureDefnH db = OGR_L_GetLayerDefn (lb);
  OGRFeatureH fa, fb;

  if (g_strcmp0 (name, OGR_L_GetName (lb)) != 0)
    return g_strdup_printf ("layers %s and %s", name, OGR_L_GetName (lb));
  if (OGR_L_GetGeomType (la) != OGR_L_GetGeomType (lb))
    return g_strdup_printf ("%s: geometry types differ", name);
  if (OGR_FD_GetFieldCount (da) != OGR_FD_GetFieldCount (db))
    return g_strdup_printf ("%s: %d and %d fields", name, OGR_FD_GetFieldCount (da),
                            OGR_FD_GetFieldCount (db));
  for (int i = 0; i < OGR_FD_GetFieldCount (da); i++)
    {
      OGRFieldDefnH a = OGR_FD_GetFieldDefn (da, i), b = OGR_FD_GetFieldDefn (db, i);

      if (g_strcmp0 (OGR_Fld_GetNameRef (a), OGR_Fld_GetNameRef (b)) != 0
          || OGR_Fld_GetType (a) != OGR_Fld_GetType (b))
        return g_strdup_printf ("%s: field %d is %s and %s", name, i, OGR_Fld_GetNameRef (a),
                                OGR_Fld_GetNameRef (b));
    }
  if (OGR_L_GetFeatureCount (la, TRUE) != OGR_L_GetFeatureCount (lb, TRUE))
    return g_strdup_printf ("%s: %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT " features", name,
                            (gint64) OGR_L_GetFeatureCount (la, TRUE),
                            (gint64) OGR_L_GetFeatureCount (lb, TRUE));
  OGR_L_ResetReading (la);
  OGR_L_ResetReading (lb);
  while ((fa = OGR_L_GetNextFeature (la)) != NULL)
    {
      char *diff;

      fb = OGR_L_GetNextFeature (lb);
      g_assert_nonnull (fb);
      diff = compare_features (name, fa, fb);
      OGR_F_Destroy (fa);
      OGR_F_Destroy (fb);
      if (diff != NULL)
        return diff;
    }
  return NULL;
}

/* NULL when the two GeoPackages hold the same, else the first difference */
static char *
compare_geopackages (const char *a,
                     const char *b,
                     guint      *n_features)
{
  const char * const drivers[] = { "GPKG", NULL };
  GDALDatasetH da = GDALOpenEx (a, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
  GDALDatasetH db = GDALOpenEx (b, GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers, NULL, NULL);
  char *diff = NULL;

  g_assert_nonnull (da);
  g_assert_nonnull (db);
  *n_features = 0;
  if (GDALDatasetGetLayerCount (da) != GDALDatasetGetLayerCount (db))
    diff = g_strdup_printf ("%d and %d layers", GDALDatasetGetLayerCount (da),
                            GDALDatasetGetLayerCount (db));
  for (int i = 0; diff == NULL && i < GDALDatasetGetLayerCount (da); i++)
    {
      OGRLayerH la = GDALDatasetGetLayer (da, i);

      diff = compare_layers (la, GDALDatasetGetLayer (db, i));
      *n_features += OGR_L_GetFeatureCount (la, TRUE);
    }
  GDALClose (da);
  GDALClose (db);
  return diff;
}

/* Two exchanges in the sample: one between two sites, one inside a site
 * (no line), so the exchanges layer has both kinds */
static void
add_exchanges (const char *sample)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = sm_project_open (sample, &error);
  g_autoptr(GPtrArray) flows = NULL;
  SmFlow *supply = NULL, *demand = NULL, *same_site = NULL;

  g_assert_no_error (error);
  flows = sm_project_list_flows (project, 0, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < flows->len && supply == NULL; i++)
    {
      SmFlow *s = g_ptr_array_index (flows, i);

      if (s->direction != SM_DIRECTION_SUPPLY)
        continue;
      for (guint j = 0; j < flows->len; j++)
        {
          SmFlow *d = g_ptr_array_index (flows, j);

          if (d->direction == SM_DIRECTION_DEMAND && d->resource == s->resource
              && d->site_id != s->site_id && demand == NULL)
            {
              supply = s;
              demand = d;
            }
        }
    }
  for (guint j = 0; supply != NULL && j < flows->len; j++)
    {
      SmFlow *d = g_ptr_array_index (flows, j);

      if (d->direction == SM_DIRECTION_DEMAND && d->site_id == supply->site_id)
        same_site = d;
    }
  g_assert_nonnull (supply);
  g_assert_cmpint (sm_project_insert_exchange (project, supply->flow_id, demand->flow_id,
                                               SM_STATUS_OPERATIONAL, "Seit 2019", &error),
                   >, 0);
  g_assert_no_error (error);
  if (same_site != NULL)
    {
      g_assert_cmpint (sm_project_insert_exchange (project, supply->flow_id, same_site->flow_id,
                                                   SM_STATUS_IDEA, NULL, &error),
                       >, 0);
      g_assert_no_error (error);
    }
}

static char *
export (const char *project,
        const char *dir,
        const char *name)
{
  g_autofree char *out = g_build_filename (dir, name, NULL);
  g_autofree char *err = NULL;
  g_autofree char *json = NULL;
  int rc;

  rc = sm_test_run_cli ("C", &json, &err, "export", project, out, "--json", "--layers",
                        "sites,flows,synergies,internal_synergies,exchanges,network", NULL);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpint (rc, ==, 0);
  return g_steal_pointer (&out);
}

static void
test_same_geopackage (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *from_file = NULL;
  g_autofree char *from_db = NULL;
  g_autofree char *from_db_changed = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *changed = NULL;
  g_autofree char *reprojected_file = NULL;
  g_autofree char *reprojected_db = NULL;
  g_autofree char *err = NULL;
  guint n_features = 0;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK);
  add_exchanges (sample);
  uri = sm_test_pg_new_database (server, "export");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);

  from_file = export (sample, dir, "file.gpkg");
  from_db = export (uri, dir, "db.gpkg");
  diff = compare_geopackages (from_file, from_db, &n_features);
  g_assert_cmpstr (diff, ==, NULL);
  /* not two empty GeoPackages: sites, flows, synergies, exchanges, lines */
  g_assert_cmpuint (n_features, >, 100);

  /* in another coordinate system too (the transform runs on both) */
  {
    g_autofree char *a = g_build_filename (dir, "file-25832.gpkg", NULL);
    g_autofree char *b = g_build_filename (dir, "db-25832.gpkg", NULL);

    g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "export", sample, a, "--srs",
                                      "EPSG:25832", NULL), ==, 0);
    g_assert_cmpint (sm_test_run_cli ("C", NULL, &err, "export", uri, b, "--srs", "EPSG:25832",
                                      NULL), ==, 0);
    g_clear_pointer (&diff, g_free);
    diff = compare_geopackages (a, b, &n_features);
    g_assert_cmpstr (diff, ==, NULL);
  }

  /* The comparison finds one field changed in the database */
  g_free (sm_test_pg_query (server, "export",
                            "UPDATE symbiomap.sites SET phone = '+45 00 00 00 00' "
                            "WHERE site_id = (SELECT max (site_id) FROM symbiomap.sites)"));
  from_db_changed = export (uri, dir, "db-changed.gpkg");
  changed = compare_geopackages (from_file, from_db_changed, &n_features);
  g_test_message ("after the change: %s", changed);
  g_assert_nonnull (changed);
  g_assert_nonnull (strstr (changed, "sites: feature"));
  g_assert_nonnull (strstr (changed, "field phone"));

  sm_test_rm_rf (dir);
}

static char *
run_text (const char *first,
          ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int wait_status = 0;
  const char *arg;
  va_list ap;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  g_spawn_sync (NULL, (char **) args->pdata, NULL,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
  return out;
}

/* The PDF's text, the day in its footers left out (two runs a second
 * apart may straddle midnight) */
static char *
report_text (const char *pdf)
{
  g_autofree char *text = run_text ("pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL);
  g_autoptr(GRegex) date = g_regex_new ("[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}", 0, 0, NULL);

  return g_regex_replace_literal (date, text, -1, 0, "DATE", 0, NULL);
}

static void
test_same_report (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *sample = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *pdf_file = NULL;
  g_autofree char *pdf_db = NULL;
  g_autofree char *out_file = NULL;
  g_autofree char *out_db = NULL;
  g_autofree char *err_db = NULL;
  g_autofree char *json_file = NULL;
  g_autofree char *json_db = NULL;
  g_autofree char *text_file = NULL;
  g_autofree char *text_db = NULL;
  g_autofree char *pages = NULL;
  g_autofree char *pages_line = NULL;

  if (server == NULL)
    {
      g_test_skip ("no PostgreSQL server binaries");
      return;
    }
  dir = sm_test_make_tmpdir ();
  sample = sm_test_make_sample_project (dir, SM_TEST_SAMPLE_NETWORK);
  add_exchanges (sample);
  /* named as the file, so the two titles are the same */
  uri = sm_test_pg_new_database (server, "sample");
  g_assert_cmpint (sm_test_run_cli ("C", NULL, NULL, "copy", sample, uri, NULL), ==, 0);

  pdf_file = g_build_filename (dir, "file.pdf", NULL);
  pdf_db = g_build_filename (dir, "db.pdf", NULL);
  g_assert_cmpint (sm_test_run_cli ("C", &out_file, NULL, "report", sample, pdf_file, "--lang",
                                    "da", "--json", NULL), ==, 0);
  g_assert_cmpint (sm_test_run_cli ("C", &out_db, &err_db, "report", uri, pdf_db, "--lang", "da",
                                    "--json", NULL), ==, 0);
  g_assert_cmpstr (err_db, ==, "");

  /* the summary but for the file written */
  {
    g_autoptr(GRegex) file = g_regex_new ("\"file\" : \"[^\"]*\"", 0, 0, NULL);

    json_file = g_regex_replace_literal (file, out_file, -1, 0, "", 0, NULL);
    json_db = g_regex_replace_literal (file, out_db, -1, 0, "", 0, NULL);
  }
  g_assert_nonnull (strstr (json_file, "\"portfolio_page\""));
  g_assert_cmpstr (json_db, ==, json_file);

  text_file = report_text (pdf_file);
  text_db = report_text (pdf_db);
  /* a report with sites, contacts and a title, not an empty page */
  g_assert_cmpuint (strlen (text_file), >, 2000);
  g_assert_true (g_str_has_prefix (text_file, "sample"));
  g_assert_cmpstr (text_db, ==, text_file);

  /* the page count the summary gives is the PDF's */
  pages = run_text ("pdfinfo", pdf_db, NULL);
  pages_line = g_strdup (strstr (pages, "Pages:"));
  g_assert_nonnull (pages_line);
  *strchr (pages_line, '\n') = '\0';
  g_assert_nonnull (strstr (out_db, g_strstrip (pages_line + strlen ("Pages:"))));

  sm_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  GDALAllRegister ();
  server = sm_test_pg_start_or_skip ();
  g_test_add_func ("/export-pg/same-geopackage", test_same_geopackage);
  g_test_add_func ("/export-pg/same-report", test_same_report);
  rc = g_test_run ();
  if (server != NULL)
    sm_test_pg_stop (server);
  return rc;
}
