/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real data as the world writes it (docs/DATA-MODEL.md): geometry as
 * EWKT, WKT or WKB; CSV headers with numeric names; any separator and
 * encoding; public registers imported as downloaded (excerpts of the
 * Hotmaps industrial database and of an E-PRTR release in tests/data/);
 * sites reconciled across registers; flows naming their site by name.
 */
#include "config.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <ogr_api.h>
#include <string.h>

#include "sm-import.h"
#include "sm-reconcile.h"
#include "sm-test-import.h"
#include "sm-test-util.h"






/* 1: registers as downloaded */

/* The cells of a `;` line, quotes taken off: the test's own reading of
 * the excerpts, to compare the import against. */
static GStrv
split_line (const char *line)
{
  GPtrArray *cells = g_ptr_array_new ();
  GString *cell = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; *p && *p != '\r' && *p != '\n'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ';' && !quoted)
        {
          g_ptr_array_add (cells, g_string_free (cell, FALSE));
          cell = g_string_new (NULL);
        }
      else
        g_string_append_c (cell, *p);
    }
  g_ptr_array_add (cells, g_string_free (cell, FALSE));
  g_ptr_array_add (cells, NULL);
  return (GStrv) g_ptr_array_free (cells, FALSE);
}

/* Rows of an excerpt, each split; the header first */
static GPtrArray *
read_rows (const char *name)
{
  g_autofree char *path = data_file (name);
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0')
      g_ptr_array_add (rows, split_line (lines[i]));
  return rows;
}

static int
col_of (GPtrArray  *rows,
        const char *name)
{
  GStrv header = g_ptr_array_index (rows, 0);

  for (int i = 0; header[i] != NULL; i++)
    if (g_str_equal (header[i], name))
      return i;
  g_assert_not_reached ();
}

static double
read_decimal (const char *text)
{
  g_autofree char *copy = g_strdup (text);

  g_strdelimit (copy, ",", '.');
  return g_ascii_strtod (copy, NULL);
}

/* Everything a re-import could change */
static char *
snapshot (SmProject *project)
{
  GString *s = g_string_new (NULL);
  const char *queries[] = {
    "SELECT site_id, name, coalesce (org_number, ''), coalesce (sector, ''), "
    "coalesce (address, ''), AsText (geom) FROM sites ORDER BY site_id",
    "SELECT flow_id, site_id, resource, direction, amount, coalesce (temperature_c, -999), "
    "coalesce (notes, '') FROM flows ORDER BY flow_id",
    "SELECT site_id, name, kind FROM site_names ORDER BY 1, 2, 3",
    "SELECT register, key, site_id FROM register_sites ORDER BY 1, 2",
    "SELECT register, key, flow_id FROM register_flows ORDER BY 1, 2",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt;

      g_assert_cmpint (sqlite3_prepare_v2 (sm_project_get_db (project), queries[q], -1, &stmt, NULL),
                       ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            g_string_append_printf (s, "%s|", sqlite3_column_text (stmt, c));
          g_string_append_c (s, '\n');
        }
      sqlite3_finalize (stmt);
    }
  return g_string_free (s, FALSE);
}

static double
register_flow_amount (SmProject  *project,
                      const char *reg,
                      const char *key)
{
  g_autofree char *sql = g_strdup_printf ("SELECT f.amount FROM flows f JOIN register_flows r "
                                          "USING (flow_id) WHERE r.register = '%s' AND r.key = '%s'",
                                          reg, key);
  return number (project, sql);
}

static SmImportResult *
import_register (Fixture    *f,
                 const char *name,
                 const char *profile)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = data_file (name);
  SmImportResult *result = run (f, path, SM_IMPORT_KIND_SITES, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (only_layer (result)->profile, ==, profile);
  return result;
}

static void
test_hotmaps (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GPtrArray) rows = read_rows ("hotmaps-industrial-database-excerpt.csv");
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (SmImportResult) again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int c_id = col_of (rows, "SiteID"), c_geom = col_of (rows, "geom");
  int c_ets = col_of (rows, "Emissions_ETS_2014");
  const char *bands[] = { "Excess_Heat_100-200C", "Excess_Heat_200-500C", "Excess_Heat_500C" };
  const int lower[] = { 100, 200, 500 };
  int with_location = 0, checked = 0;
  SmLayerImport *l;

  result = import_register (f, "hotmaps-industrial-database-excerpt.csv",
                            "Hotmaps industrial database");
  l = only_layer (result);
  g_assert_cmpint (l->rows_read, ==, rows->len - 1);

  for (guint r = 1; r < rows->len; r++)
    {
      GStrv row = g_ptr_array_index (rows, r);

      if (*row[c_geom] == '\0')
        continue;
      with_location++;
      /* Each band a heat supply at its lower temperature, GWh -> MWh */
      for (guint b = 0; b < G_N_ELEMENTS (bands); b++)
        {
          double gwh = read_decimal (row[col_of (rows, bands[b])]);
          g_autofree char *key = g_strdup_printf ("%s/heat-%d", row[c_id], lower[b]);
          g_autofree char *sql = g_strdup_printf ("SELECT f.temperature_c FROM flows f JOIN register_flows r "
                                                  "USING (flow_id) WHERE r.key = '%s'", key);
          double mwh = register_flow_amount (f->project, "hotmaps", key);

          if (gwh > 0)
            {
              g_assert_cmpfloat_with_epsilon (mwh, gwh * 1000, 1e-6);
              g_assert_cmpfloat (number (f->project, sql), ==, lower[b]);
              checked++;
            }
          else
            g_assert_true (isnan (mwh));
        }
      if (*row[c_ets] != '\0' && read_decimal (row[c_ets]) > 0)
        {
          g_autofree char *key = g_strdup_printf ("%s/co2", row[c_id]);
          g_assert_cmpfloat_with_epsilon (register_flow_amount (f->project, "hotmaps", key),
                                          read_decimal (row[c_ets]), 1e-6);
        }
    }
  g_assert_cmpint (checked, >, 10);
  /* One site per row with a location; the others rejected */
  g_assert_cmpint (l->imported, ==, with_location);
  g_assert_cmpint (l->rejected->len, ==, rows->len - 1 - with_location);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, with_location);
  g_assert_cmpint (count (f->project, "SELECT count(DISTINCT site_id) FROM register_sites "
                                      "WHERE register = 'hotmaps'"), ==, with_location);
  /* Address and postcode joined */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE address = "
                                      "'Kerpelystrasse 199, 8700 Leoben'"), ==, 1);

  /* The CLI says which register it recognised */
  if (g_getenv ("SYMBIOMAP_CLI") != NULL)
    {
      g_autofree char *excerpt = data_file ("hotmaps-industrial-database-excerpt.csv");
      g_autofree char *other = g_build_filename (f->dir, "cli.sqlite", NULL);
      const char *init[] = { g_getenv ("SYMBIOMAP_CLI"), "init", other, NULL };
      const char *argv[] = { g_getenv ("SYMBIOMAP_CLI"), "import", other, excerpt, NULL };
      g_autofree char *out = NULL;
      g_autoptr (GError) error = NULL;

      g_auto (GStrv) env = g_environ_setenv (g_get_environ (), "LC_ALL", "C", TRUE);

      g_assert_true (g_spawn_sync (NULL, (char **) init, env, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                                   NULL, NULL, NULL, &error));
      g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                                   NULL, &error));
      g_assert_no_error (error);
      g_assert_nonnull (strstr (out, "Recognised: Hotmaps industrial database"));
      g_assert_nonnull (strstr (out, "Imported as sites"));
    }

  /* Again: nothing changes */
  before = snapshot (f->project);
  again = import_register (f, "hotmaps-industrial-database-excerpt.csv", "Hotmaps industrial database");
  after = snapshot (f->project);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (only_layer (again)->sites_created, ==, 0);
}

typedef struct
{
  int    co2_year;
  double co2_kg;
  int    pos_year;
  double lat, lon;
} Expected;

/* The test's own reading of the E-PRTR excerpt: per facility, the CO2 of
 * the latest year with a value, and the position of its latest year. */
static GHashTable *
expected_eprtr (GPtrArray *rows)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int c_key = col_of (rows, "FacilityInspireID"), c_pol = col_of (rows, "pollutant");
  int c_lat = col_of (rows, "Latitude"), c_lon = col_of (rows, "Longitude");
  int c_2007 = col_of (rows, "2007"), c_2021 = col_of (rows, "2021");

  for (guint r = 1; r < rows->len; r++)
    {
      GStrv row = g_ptr_array_index (rows, r);
      Expected *e = g_hash_table_lookup (out, row[c_key]);
      int year = 0;
      double value = 0;

      if (e == NULL)
        {
          e = g_new0 (Expected, 1);
          e->pos_year = -1;
          g_hash_table_insert (out, g_strdup (row[c_key]), e);
        }
      for (int c = c_2021; c >= c_2007 && year == 0; c--)
        if (*row[c] != '\0')
          {
            year = 2007 + (c - c_2007);
            value = read_decimal (row[c]);
          }
      if (year >= e->pos_year)
        {
          e->pos_year = year;
          e->lat = read_decimal (row[c_lat]);
          e->lon = read_decimal (row[c_lon]);
        }
      if (g_str_equal (row[c_pol], "Carbon dioxide (CO2)") && year > e->co2_year)
        {
          e->co2_year = year;
          e->co2_kg = value;
        }
    }
  return out;
}

static void
test_eprtr (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GPtrArray) rows = read_rows ("eprtr-dk-releases-air-excerpt.csv");
  g_autoptr (GHashTable) expected = expected_eprtr (rows);
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (SmImportResult) again = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GHashTableIter iter;
  gpointer key, value;
  int n_co2 = 0;
  SmLayerImport *l;

  result = import_register (f, "eprtr-dk-releases-air-excerpt.csv",
                            "E-PRTR / Industrial Emissions Portal releases");
  l = only_layer (result);
  g_assert_cmpint (l->rows_read, ==, rows->len - 1);
  g_assert_cmpuint (l->rejected->len, ==, 0);
  /* One site per facility, at its latest position */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Expected *e = value;
      g_autofree char *flow_key = g_strdup_printf ("%s/co2", (char *) key);
      g_autofree char *sql = g_strdup_printf ("SELECT Y (geom) FROM sites JOIN register_sites "
                                              "USING (site_id) WHERE key = '%s'", (char *) key);
      double t = register_flow_amount (f->project, "eprtr", flow_key);

      g_assert_cmpfloat_with_epsilon (number (f->project, sql), e->lat, 1e-7);
      if (e->co2_year > 0 && e->co2_kg > 0)
        {
          /* kg/yr in the register, t/yr in the project */
          g_assert_cmpfloat_with_epsilon (t, e->co2_kg / 1000, 1e-6);
          n_co2++;
        }
      else
        g_assert_true (isnan (t));
    }
  g_assert_cmpint (n_co2, >=, 5);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows"), ==, n_co2);
  g_assert_true (has_note (l, "other pollutants than CO2"));
  g_assert_true (has_note (l, "differ between years"));

  /* Statoil became Equinor over the same key: one site, the old name kept */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites JOIN register_sites USING (site_id) "
                                      "WHERE key = 'DK.CAED/000105244.FACILITY' "
                                      "AND sites.name = 'Equinor Refining Denmark A/S'"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM site_names WHERE kind = 'former' "
                                      "AND name = 'Statoil Refining Denmark A/S'"), ==, 1);
  g_assert_true (has_note (l, "is now called “Equinor Refining Denmark A/S”"));

  before = snapshot (f->project);
  again = import_register (f, "eprtr-dk-releases-air-excerpt.csv",
                           "E-PRTR / Industrial Emissions Portal releases");
  after = snapshot (f->project);
  g_assert_cmpstr (before, ==, after);
}

/* 2: both registers give one site for a facility in both */
static void
test_both_registers (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (SmImportResult) hotmaps = NULL;
  g_autoptr (SmImportResult) eprtr = NULL;
  g_autoptr (SmImportResult) h2 = NULL;
  g_autoptr (SmImportResult) e2 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int n_hotmaps, n_eprtr, n_joined;

  hotmaps = import_register (f, "hotmaps-industrial-database-excerpt.csv", "Hotmaps industrial database");
  n_hotmaps = count (f->project, "SELECT count(*) FROM sites");
  eprtr = import_register (f, "eprtr-dk-releases-air-excerpt.csv",
                           "E-PRTR / Industrial Emissions Portal releases");
  n_eprtr = count (f->project, "SELECT count(*) FROM register_sites WHERE register = 'eprtr'");
  n_joined = count (f->project, "SELECT count(*) FROM (SELECT site_id FROM register_sites "
                                "GROUP BY site_id HAVING count(DISTINCT register) = 2)");
  g_assert_cmpint (n_joined, >=, 5);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, n_hotmaps + n_eprtr - n_joined);

  /* Aalborg Portland: Hotmaps SiteID 288, E-PRTR DK.CAED/000105786 */
  g_assert_cmpint (count (f->project, "SELECT count(DISTINCT site_id) FROM register_sites WHERE "
                                      "(register = 'hotmaps' AND key = '288') OR "
                                      "(register = 'eprtr' AND key = 'DK.CAED/000105786.FACILITY')"), ==, 1);
  /* One CO2 supply there, the E-PRTR figure of the latest year */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows WHERE resource = 'co2' AND site_id = "
                                      "(SELECT site_id FROM register_sites WHERE key = '288')"), ==, 1);
  g_assert_cmpfloat_with_epsilon (register_flow_amount (f->project, "hotmaps", "288/co2"),
                                  register_flow_amount (f->project, "eprtr",
                                                        "DK.CAED/000105786.FACILITY/co2"), 1e-9);
  /* "VESTERLED TEGLVAeRK A/S" is "Vesterled Teglværk A/S" */
  g_assert_cmpint (count (f->project, "SELECT count(DISTINCT site_id) FROM register_sites WHERE "
                                      "key IN ('2448', 'DK.CAED/000057526.FACILITY')"), ==, 1);
  g_assert_true (has_note (only_layer (eprtr), "it keeps both keys"));

  before = snapshot (f->project);
  h2 = import_register (f, "hotmaps-industrial-database-excerpt.csv", "Hotmaps industrial database");
  e2 = import_register (f, "eprtr-dk-releases-air-excerpt.csv",
                        "E-PRTR / Industrial Emissions Portal releases");
  after = snapshot (f->project);
  g_assert_cmpstr (before, ==, after);
}

/* 2: names that agree, hand-made */
static void
test_name_keys (void)
{
  const char *same[][2] = {
    { "Østergaard Mejeri A/S", "ØSTERGAARD mejeri" },
    { "Østergaard Mejeri A/S", "Oestergaard Mejeri ApS" },
    { "Østergaard Mejeri A/S", "Ostergard Mejeri" },
    { "Vesterled Teglværk A/S", "VESTERLED TEGLVAeRK A/S" },
    { "Vedstårup Teglværk", "Vedstaarup Teglvaerk A/S" },
    { "Malmö Energi AB", "Malmoe energi" },
    { "Müller Papier GmbH", "Mueller Papier" },
    { "Cheminova  A/S", "CHEMINOVA A/S" },
    { "Saint-Gobain Isover A/S", "Saint Gobain Isover" },
    { "Kemira Oy", "KEMIRA" },
    { "A/S Dansk Shell", "Dansk Shell A/S" },
  };
  const char *differ[][2] = {
    { "Aalborg Portland A/S", "Aalborg Energi A/S" },
    { "Statoil Refining Denmark A/S", "Equinor Refining Denmark A/S" },
    { "Rockwool A/S", "Rockwool A/S Vamdrup" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    g_assert_true (sm_reconcile_names_agree (same[i][0], same[i][1]));
  for (guint i = 0; i < G_N_ELEMENTS (differ); i++)
    g_assert_false (sm_reconcile_names_agree (differ[i][0], differ[i][1]));
}

/* 2: within 500 m only, and never two facilities of one register */
static void
test_reconcile_distance (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sites = NULL;
  g_autofree char *eprtr = NULL;
  g_autoptr (SmImportResult) a = NULL;
  g_autoptr (SmImportResult) b = NULL;

  /* Two sites of a planner's sheet; one register file with a facility
   * 300 m from the first (same name but for case and legal form) and one
   * 800 m from the second. 0.0027 degrees of latitude is 300 m. */
  sites = write_file (f, "sites.csv",
                      "navn;lat;lon\n"
                      "Østergaard Mejeri A/S;56.1000;10.2000\n"
                      "Nordhavn Fjernvarme;56.2000;10.3000\n", -1);
  eprtr = write_file (f, "eprtr.csv",
                      "FacilityInspireID;facilityName;Longitude;Latitude;pollutant;2020\n"
                      "DK.TEST/1.FACILITY;OESTERGAARD MEJERI;10,2000;56,1027;Carbon dioxide (CO2);5000000\n"
                      "DK.TEST/2.FACILITY;Nordhavn Fjernvarme;10,3000;56,2072;Carbon dioxide (CO2);7000000\n"
                      "DK.TEST/3.FACILITY;Oestergaard Mejeri;10,2000;56,1000;Carbon dioxide (CO2);1000\n",
                      -1);
  a = run (f, sites, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  b = run (f, eprtr, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  /* 1 joins the first site; 2 is too far; 3 may not join 1's site */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, 4);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM register_sites r JOIN sites s USING (site_id) "
                                      "WHERE key = 'DK.TEST/1.FACILITY' AND s.name = 'Østergaard Mejeri A/S'"),
                   ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM site_names WHERE name = 'OESTERGAARD MEJERI' "
                                      "AND kind = 'alias'"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM register_sites r JOIN sites s USING (site_id) "
                                      "WHERE key = 'DK.TEST/2.FACILITY' AND s.name = 'Nordhavn Fjernvarme' "
                                      "AND s.import_id = 2"), ==, 1);
  g_assert_cmpfloat_with_epsilon (register_flow_amount (f->project, "eprtr", "DK.TEST/1.FACILITY/co2"),
                                  5000, 1e-9);
}

/* 4: a Danish flows sheet naming companies in other case and without æøå */
static void
test_flows_by_name (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *sites = NULL;
  g_autofree char *flows = NULL;
  g_autoptr (SmImportResult) a = NULL;
  g_autoptr (SmImportResult) b = NULL;
  SmLayerImport *l;
  SmRejectedRow *rr;

  sites = write_file (f, "virksomheder.csv",
                      "virksomhed;cvr;adresse;lat;lon\n"
                      "Østergaard Mejeri A/S;12345678;Mejerivej 1;56,1000;10,2000\n"
                      "Skælskør Bryghus ApS;;Havnen 3;55,2500;11,2900\n"
                      "Vesterled Teglværk A/S;;Vesterled 2;56,9000;8,7000\n"
                      "Nordby Fjernvarme A/S;;Nordby;55,4400;10,4000\n"
                      "NORDBY FJERNVARME;;Nordby, Samsø;55,9500;10,6000\n", -1);
  flows = write_file (f, "strømme.csv",
                      "virksomhed;cvr;retning;ressource;mængde;enhed;temperatur\n"
                      "ØSTERGAARD mejeri;;overskud;varme;1200;MWh/år;45\n"
                      "ostergaard mejeri;;behov;vand;5000;m3/år;\n"
                      ";12 34 56 78;overskud;co2;300;t/år;\n"
                      "Skaelskoer Bryghus;;overskud;co2;80;t/år;\n"
                      "VESTERLED TEGLVAERK;;overskud;varme;3000;MWh/år;120\n"
                      "Nordby Fjernvarme;;behov;varme;9000;MWh/år;70\n", -1);
  a = run (f, sites, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  b = run (f, flows, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (b);
  /* Every row but the ambiguous one links; no site is added */
  g_assert_cmpint (l->imported, ==, 5);
  g_assert_cmpint (l->sites_created, ==, 0);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, 5);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows JOIN sites USING (site_id) "
                                      "WHERE sites.name = 'Østergaard Mejeri A/S'"), ==, 3);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows JOIN sites USING (site_id) "
                                      "WHERE sites.name = 'Skælskør Bryghus ApS'"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows JOIN sites USING (site_id) "
                                      "WHERE sites.name = 'Vesterled Teglværk A/S'"), ==, 1);
  /* The ambiguous name is rejected with both candidates */
  g_assert_cmpuint (l->rejected->len, ==, 1);
  rr = g_ptr_array_index (l->rejected, 0);
  g_assert_cmpint (rr->row, ==, 7);
  g_assert_cmpstr (rr->field, ==, "name");
  g_assert_nonnull (strstr (rr->reason, "ambiguous"));
  g_assert_nonnull (strstr (rr->reason, "“Nordby Fjernvarme A/S”"));
  g_assert_nonnull (strstr (rr->reason, "“NORDBY FJERNVARME”"));
}

/* 4: a flow naming a register facility by the name another register
 * gives it, or by its former name */
static void
test_flows_by_register_name (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmImportResult) h = import_register (f, "hotmaps-industrial-database-excerpt.csv",
                                                  "Hotmaps industrial database");
  g_autoptr (SmImportResult) e = import_register (f, "eprtr-dk-releases-air-excerpt.csv",
                                                  "E-PRTR / Industrial Emissions Portal releases");
  g_autofree char *flows = write_file (f, "behov.csv",
                                       "virksomhed;retning;ressource;mængde\n"
                                       "Statoil Refining Denmark;behov;co2;100\n"
                                       "vesterled teglvaerk;behov;varme;100\n", -1);
  g_autoptr (SmImportResult) b = run (f, flows, SM_IMPORT_KIND_FLOWS, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (only_layer (b)->imported, ==, 2);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows JOIN register_sites USING (site_id) "
                                      "WHERE key = 'DK.CAED/000105244.FACILITY' AND direction = 'demand'"),
                   ==, 1);
}






/* 2: a register renames a facility between two releases: the same site,
 * the old name kept, a note; hand-made releases */
static void
test_rename_between_releases (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *v1 = write_file (f, "release-2019.csv",
                                    "FacilityInspireID;facilityName;Longitude;Latitude;pollutant;2019\n"
                                    "DK.TEST/9.FACILITY;Statoil Raffinaderi A/S;11,09;55,65;Carbon dioxide (CO2);500000000\n",
                                    -1);
  g_autofree char *v2 = write_file (f, "release-2021.csv",
                                    "FacilityInspireID;facilityName;Longitude;Latitude;pollutant;2021\n"
                                    "DK.TEST/9.FACILITY;Equinor Raffinaderi A/S;11,09;55,65;Carbon dioxide (CO2);450000000\n",
                                    -1);
  g_autoptr (SmImportResult) a = run (f, v1, SM_IMPORT_KIND_SITES, NULL, &error);
  g_autoptr (SmImportResult) b = NULL;

  g_assert_no_error (error);
  b = run (f, v2, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE name = 'Equinor Raffinaderi A/S'"),
                   ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM site_names WHERE kind = 'former' "
                                      "AND name = 'Statoil Raffinaderi A/S'"), ==, 1);
  g_assert_true (has_note (only_layer (b), "is now called “Equinor Raffinaderi A/S”"));
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows"), ==, 1);
  g_assert_cmpfloat_with_epsilon (number (f->project, "SELECT amount FROM flows"), 450000, 1e-9);
}

int
main (int    argc,
      char **argv)
{
  sm_test_import_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/registers/hotmaps", test_hotmaps);
  ADD ("/registers/eprtr", test_eprtr);
  ADD ("/registers/both", test_both_registers);
  g_test_add_func ("/registers/reconcile/names", test_name_keys);
  ADD ("/registers/reconcile/distance", test_reconcile_distance);
  ADD ("/registers/reconcile/rename", test_rename_between_releases);
  ADD ("/registers/flows/by-name", test_flows_by_name);
  ADD ("/registers/flows/by-register-name", test_flows_by_register_name);
#undef ADD

  return g_test_run ();
}
