/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The planner's own sheets as they are (docs/DATA-MODEL.md): geometry as
 * EWKT, WKT or WKB in any column; CSV headers with numeric names; any
 * separator and encoding; postcode and city; far sites; a note for each
 * ambiguous number; the kind found when none is given.
 */
#include "config.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <ogr_api.h>
#include <string.h>

#include "sm-import.h"
#include "sm-test-import.h"
#include "sm-test-util.h"

static char *
hex_of (const guint8 *bytes,
        gsize         n)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < n; i++)
    g_string_append_printf (s, "%02X", bytes[i]);
  return g_string_free (s, FALSE);
}

static void
test_geometry_text (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmImportResult) result = NULL;
  g_autofree char *path = NULL;
  g_autofree char *hex = NULL;
  g_autofree char *ewkb = NULL;
  g_autofree char *csv = NULL;
  OGRGeometryH point = OGR_G_CreateGeometry (wkbPoint);
  guint8 wkb[21], e[25];
  SmLayerImport *l;
  guint32 type;

  /* Plain WKB of POINT (10.2 56.1), written by GDAL itself */
  OGR_G_SetPoint_2D (point, 0, 10.2, 56.1);
  g_assert_cmpint (OGR_G_ExportToWkb (point, wkbNDR, wkb), ==, OGRERR_NONE);
  OGR_G_DestroyGeometry (point);
  hex = hex_of (wkb, sizeof wkb);
  /* The same as PostGIS EWKB with SRID 25832 (ETRS89 / UTM 32N) of a
   * point in Aarhus: type with the SRID flag, then the SRID. */
  e[0] = 1;
  type = GUINT32_TO_LE (1 | 0x20000000u);
  memcpy (e + 1, &type, 4);
  type = GUINT32_TO_LE (25832);
  memcpy (e + 5, &type, 4);
  {
    double x = 575000, y = 6224000;
    memcpy (e + 9, &x, 8);
    memcpy (e + 17, &y, 8);
  }
  ewkb = hex_of (e, sizeof e);

  csv = g_strdup_printf ("name;geom\n"
                         "EWKT;\"SRID=4326;POINT(15.067806 47.03378)\"\n"
                         "WKT;POINT (9.95 57.05)\n"
                         "HexWKB;%s\n"
                         "HexEWKB;%s\n"
                         "Bad;POINT(nowhere)\n",
                         hex, ewkb);
  path = write_file (f, "geoms.csv", csv, -1);
  result = run (f, path, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->imported, ==, 4);
  g_assert_cmpuint (l->rejected->len, ==, 1);
  g_assert_cmpint (((SmRejectedRow *) g_ptr_array_index (l->rejected, 0))->row, ==, 6);
  g_assert_cmpfloat_with_epsilon (number (f->project, "SELECT Y (geom) FROM sites WHERE name = 'EWKT'"),
                                  47.03378, 1e-6);
  g_assert_cmpfloat_with_epsilon (number (f->project, "SELECT X (geom) FROM sites WHERE name = 'HexWKB'"),
                                  10.2, 1e-6);
  /* 575000 E, 6224000 N in zone 32 is near 10.2 E, 56.15 N */
  g_assert_cmpfloat_with_epsilon (number (f->project, "SELECT X (geom) FROM sites WHERE name = 'HexEWKB'"),
                                  10.2, 0.05);
  g_assert_cmpfloat_with_epsilon (number (f->project, "SELECT Y (geom) FROM sites WHERE name = 'HexEWKB'"),
                                  56.15, 0.05);
}

/* A header row with numeric names (years), `;` and decimal commas, in
 * Windows-1252: the E-PRTR excerpt read as plain sites. */
static void
test_numeric_header (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmSource) source = NULL;
  g_autofree char *path = NULL;
  SmSourceLayer *layer;
  gboolean has_2021 = FALSE, has_name = FALSE;

  path = write_file (f, "years.csv",
                     "navn;Breddegrad;Længdegrad;2019;2020;2021\n"
                     "Sk\xe6lsk\xf8r Fjernvarme;55,25;11,28;1;2;3\n", -1);
  source = sm_source_open (path, &error);
  g_assert_no_error (error);
  layer = g_ptr_array_index (source->layers, 0);
  for (guint i = 0; i < layer->columns->len; i++)
    {
      has_2021 |= g_str_equal (g_ptr_array_index (layer->columns, i), "2021");
      has_name |= g_str_equal (g_ptr_array_index (layer->columns, i), "navn");
    }
  g_assert_true (has_2021);
  g_assert_true (has_name);
  g_assert_cmpint (layer->n_features, ==, 1);

  {
    g_autoptr (SmImportResult) result = run (f, path, SM_IMPORT_KIND_SITES, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (only_layer (result)->imported, ==, 1);
    g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE name = 'Skælskør Fjernvarme'"),
                     ==, 1);
    g_assert_cmpfloat_with_epsilon (number (f->project, "SELECT Y (geom) FROM sites"), 55.25, 1e-9);
  }
}

/* The same sheet as UTF-8 with a BOM, as UTF-16 (LE with BOM, BE without)
 * and tab-separated: each imports the same site. */
static void
test_encodings (Fixture       *f,
                gconstpointer  data)
{
  const char *text = "virksomhed\tlat\tlon\nØstergaard Mejeri A/S\t56,1\t10,2\n";
  struct { const char *name; const char *to; gboolean bom; } cases[] = {
    { "tab-bom.csv", "UTF-8", TRUE },
    { "utf16le.csv", "UTF-16LE", TRUE },
    { "utf16be.csv", "UTF-16BE", FALSE },
    { "win1252.tsv", "WINDOWS-1252", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (SmImportResult) result = NULL;
      g_autofree char *body = NULL;
      g_autofree char *path = NULL;
      GString *bytes = g_string_new (NULL);
      gsize len = 0;

      body = g_convert (text, -1, cases[i].to, "UTF-8", NULL, &len, NULL);
      g_assert_nonnull (body);
      if (cases[i].bom && g_str_equal (cases[i].to, "UTF-8"))
        g_string_append (bytes, "\xEF\xBB\xBF");
      else if (cases[i].bom)
        g_string_append_len (bytes, "\xFF\xFE", 2);
      g_string_append_len (bytes, body, len);
      path = write_file (f, cases[i].name, bytes->str, bytes->len);
      g_string_free (bytes, TRUE);

      result = run (f, path, SM_IMPORT_KIND_SITES, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (only_layer (result)->imported, ==, 1);
      g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE name = 'Østergaard Mejeri A/S'"),
                       ==, 1);
    }
}

/* 3: geometry in a column of any name, found by its content */
static void
test_geometry_any_column (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_file (f, "placering.csv",
                                      "navn;placering;noter\n"
                                      "Mejeriet;\"SRID=4326;POINT(10.2 56.1)\";ny\n"
                                      "Bryggeriet;POINT (10.21 56.11);\n", -1);
  g_autoptr (SmSource) source = sm_source_open (path, &error);
  g_autoptr (GHashTable) mapping = NULL;
  g_autoptr (SmImportResult) result = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (((SmSourceLayer *) g_ptr_array_index (source->layers, 0))->geometry_column, ==,
                   "placering");
  mapping = sm_import_detect_mapping (SM_IMPORT_KIND_SITES, g_ptr_array_index (source->layers, 0));
  g_assert_cmpstr (g_hash_table_lookup (mapping, "wkt"), ==, "placering");
  result = run (f, path, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_layer (result)->imported, ==, 2);
  g_assert_cmpfloat_with_epsilon (number (f->project, "SELECT Y (geom) FROM sites WHERE name = 'Mejeriet'"),
                                  56.1, 1e-9);
}

/* 5: postcode and city make up the address, by alias or by --map */
static void
test_address_parts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *da = write_file (f, "da.csv",
                                    "navn;adresse;postnr;by;lat;lon\n"
                                    "Østergaard Mejeri A/S;Mejerivej 1;8000;Aarhus C;56,1;10,2\n"
                                    "Bryghuset;Havnen 3, 4230 Skælskør;4230;Skælskør;55,25;11,29\n", -1);
  g_autofree char *sv = write_file (f, "sv.csv",
                                    "namn;gatuadress;pnr;postort;lat;lon\n"
                                    "Malmö Energi AB;Hamngatan 2;211 22;Malmö;55,6;13,0\n", -1);
  g_autoptr (SmImportResult) a = run (f, da, SM_IMPORT_KIND_SITES, NULL, &error);
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_SITES);
  g_autoptr (SmImportResult) b = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE address = "
                                      "'Mejerivej 1, 8000 Aarhus C'"), ==, 1);
  /* Not repeated when the street holds it already */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE address = "
                                      "'Havnen 3, 4230 Skælskør'"), ==, 1);

  g_hash_table_insert (options->mapping, g_strdup ("address"), g_strdup ("gatuadress"));
  g_hash_table_insert (options->mapping, g_strdup ("postcode"), g_strdup ("pnr"));
  b = sm_import_run (f->project, sv, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_layer (b)->imported, ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE address = "
                                      "'Hamngatan 2, 211 22 Malmö'"), ==, 1);
}

/* 6: a Paris row in a Danish sheet: imported, warned about, left out of
 * the extent the map zooms to */
static void
test_outliers (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = write_file (f, "aarhus.csv",
                                      "navn;lat;lon\n"
                                      "Mejeriet;56,150;10,200\n"
                                      "Bryggeriet;56,160;10,210\n"
                                      "Fjernvarmen;56,140;10,190\n"
                                      "Havnen;56,155;10,230\n"
                                      "Cafe de Paris;48,8566;2,3522\n"
                                      "Renseanlægget;56,120;10,180\n"
                                      "Skanderborg Forsyning;56,040;9,930\n", -1);
  g_autoptr (SmImportResult) result = run (f, path, SM_IMPORT_KIND_SITES, NULL, &error);
  g_autoptr (SmProjectInfo) info = NULL;
  SmLayerImport *l;
  int n_far = 0;

  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->imported, ==, 7);
  for (guint i = 0; i < l->notes->len; i++)
    {
      const char *note = g_ptr_array_index (l->notes, i);

      if (strstr (note, "km from where most sites") != NULL)
        {
          n_far++;
          g_assert_true (g_str_has_prefix (note, "Row 6:"));
        }
    }
  g_assert_cmpint (n_far, ==, 1);

  info = sm_project_get_info (f->project, &error);
  g_assert_no_error (error);
  g_assert_true (info->has_extent);
  g_assert_cmpfloat (info->min_lat, >, 56.0);
  g_assert_cmpfloat (info->min_lon, >, 9.9);
  g_assert_cmpfloat_with_epsilon (info->max_lat, 56.160, 1e-4);
}

/* 7: a note for every ambiguous number reading, in the report and --json */
static void
test_number_notes (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sites = write_file (f, "sites.csv",
                                       "id;navn;lat;lon\nA;Mejeriet;56,1;10,2\n", -1);
  /* Thousands grouped by dots elsewhere in the column: 42.000 is 42000 */
  g_autofree char *grouped = write_file (f, "grouped.csv",
                                         "id;retning;ressource;mængde;temperatur\n"
                                         "A;overskud;varme;42.000;60\n"
                                         "A;overskud;varme;1.234.567;70\n"
                                         "A;overskud;varme;12,5;80\n", -1);
  /* Decimal points elsewhere: 1.950 is 1.95 */
  g_autofree char *decimal = write_file (f, "decimal.csv",
                                         "id,direction,resource,amount,hours\n"
                                         "A,supply,heat,1.950,8.760\n"
                                         "A,supply,heat,2.5,4000\n", -1);
  g_autoptr (SmImportResult) a = run (f, sites, SM_IMPORT_KIND_SITES, NULL, &error);
  g_autoptr (SmImportResult) b = NULL;
  g_autoptr (SmImportResult) c = NULL;
  SmLayerImport *l;

  g_assert_no_error (error);
  b = run (f, grouped, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (b);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows WHERE amount = 42000"), ==, 1);
  g_assert_cmpuint (l->notes->len, ==, 1);
  g_assert_true (has_note (l, "Row 2: amount “42.000” was read as 42000: the dot groups thousands"));

  c = run (f, decimal, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (c);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows WHERE amount = 1.95 * 1"), ==, 1);
  g_assert_true (has_note (l, "Row 2: amount “1.950” was read as 1.95: the dot is a decimal point"));
  /* 8.760 hours has no column to go by: read, and said so */
  g_assert_true (has_note (l, "Row 2: hours per year “8.760” was read as 8.76"));

  /* The same notes in the CLI's --json */
  if (g_getenv ("SYMBIOMAP_CLI") != NULL)
    {
      const char *argv[] = { g_getenv ("SYMBIOMAP_CLI"), "import", f->path, grouped, "--kind",
                             "flows", "--json", NULL };
      g_autofree char *out = NULL;
      g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);
      int status;

      g_clear_object (&f->project);
      g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                   NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (out, "\"notes\""));
      g_assert_nonnull (strstr (out, "42.000"));
    }
}

/* 8: no kind given: found from the columns and geometry, and said so */
static void
test_kind_detection (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sites = write_file (f, "sites.csv", "id;navn;lat;lon\nA;Mejeriet;56,1;10,2\n", -1);
  g_autofree char *flows = write_file (f, "flows.csv",
                                       "id;retning;ressource;mængde\nA;overskud;varme;100\n", -1);
  g_autofree char *lines = write_file (f, "roads.geojson",
                                       "{\"type\": \"FeatureCollection\", \"features\": [{\"type\": \"Feature\", "
                                       "\"properties\": {\"name\": \"Havnevej\"}, \"geometry\": {\"type\": "
                                       "\"LineString\", \"coordinates\": [[10.2, 56.1], [10.21, 56.11]]}}]}",
                                       -1);
  g_autofree char *hotmaps = data_file ("hotmaps-industrial-database-excerpt.csv");
  struct { const char *path; SmImportKind kind; } cases[] = {
    { sites, SM_IMPORT_KIND_SITES },
    { flows, SM_IMPORT_KIND_FLOWS },
    { lines, SM_IMPORT_KIND_NETWORK },
    { hotmaps, SM_IMPORT_KIND_SITES },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (SmImportResult) result = run (f, cases[i].path, SM_IMPORT_KIND_INVALID, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (result->kind_detected);
      g_assert_cmpint (result->kind, ==, cases[i].kind);
      g_assert_cmpint (only_layer (result)->imported, >, 0);
    }
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM network_edges"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows WHERE amount = 100"), ==, 1);
  /* Given, it is not "detected" */
  {
    g_autoptr (SmImportResult) given = run (f, sites, SM_IMPORT_KIND_SITES, NULL, &error);
    g_assert_no_error (error);
    g_assert_false (given->kind_detected);
  }
}

int
main (int    argc,
      char **argv)
{
  sm_test_import_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sheets/text/geometry", test_geometry_text);
  ADD ("/sheets/text/numeric-header", test_numeric_header);
  ADD ("/sheets/text/encodings", test_encodings);
  ADD ("/sheets/text/geometry-any-column", test_geometry_any_column);
  ADD ("/sheets/address-parts", test_address_parts);
  ADD ("/sheets/outliers", test_outliers);
  ADD ("/sheets/number-notes", test_number_notes);
  ADD ("/sheets/kind-detection", test_kind_detection);
#undef ADD

  return g_test_run ();
}
