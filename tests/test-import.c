/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer, row by row: sites and their merging, flows and the sites
 * they name, network lines, and every kind of bad row.
 * (Formats and encodings: test-import-formats.c; failed, cancelled,
 * strict and killed imports: test-import-safety.c.)
 */
#include "config.h"

#include <gdal.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <signal.h>
#include <sys/wait.h>

#include "sm-import.h"
#include "sm-test-import.h"
#include "sm-test-util.h"

/* Sites */

static void
test_sites_sample (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
  g_autoptr (SmImportResult) again = NULL;
  g_autoptr (SmSite) portland = NULL;
  SmLayerImport *l;

  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->rows_read, ==, 58);
  g_assert_cmpint (l->imported, ==, 58);
  g_assert_cmpint (l->sites_created, ==, 58);
  g_assert_cmpuint (l->rejected->len, ==, 0);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM idx_sites_geom"), ==, 58);

  portland = site_by_ext (f, "AAL-01");
  g_assert_cmpstr (portland->name, ==, "Aalborg Portland A/S");
  g_assert_cmpstr (portland->address, ==, "Rørdalsvej 44, 9220 Aalborg Øst");
  g_assert_cmpfloat_with_epsilon (portland->lat, 57.05, 0.05);

  /* The same file again merges into the same sites by site_id. */
  again = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (again);
  g_assert_cmpint (l->sites_created, ==, 0);
  g_assert_cmpint (l->sites_merged, ==, 58);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, 58);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM imports"), ==, 2);
}

static SmRejectedRow *
find_rejected (SmLayerImport *l,
               int            row)
{
  for (guint i = 0; i < l->rejected->len; i++)
    {
      SmRejectedRow *rr = g_ptr_array_index (l->rejected, i);
      if (rr->row == row)
        return rr;
    }
  g_error ("row %d was not rejected", row);
  return NULL;
}

static void
assert_rejected (SmLayerImport *l,
                 int            row,
                 const char    *field,
                 const char    *reason_part)
{
  SmRejectedRow *rr = find_rejected (l, row);

  g_test_message ("row %d: %s: %s", row, rr->field, rr->reason);
  g_assert_cmpstr (rr->field, ==, field);
  g_assert_nonnull (strstr (rr->reason, reason_part));
}

static void
test_sites_bad_rows (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = write_file (f, "bad-sites.csv",
                                      "id,name,lat,lon\n"          /* row 1 */
                                      "A1,Alpha,57.01,9.91\n"      /* 2 */
                                      "A2,Beta,57.02,9.92\n"       /* 3 */
                                      "A3,Gamma,57.03,9.93\n"      /* 4 */
                                      "A4,Delta,57.04,9.94\n"      /* 5 */
                                      "A5,Epsilon,57.05,9.95\n"    /* 6 */
                                      "B1,,57.06,9.96\n"           /* 7: no name */
                                      "B2,Too North,91.2,9.9\n"    /* 8 */
                                      "B3,Swapped,9.97,57.07\n"    /* 9 */
                                      "B4,Not a number,57.0x,9.9\n" /* 10 */
                                      "B5,No place,,\n"             /* 11 */
                                      "B6,Too East,57.0,190.5\n"    /* 12 */
                                      "B7,Null island,0,0\n"        /* 13 */
                                      "A6,Zeta,57.06,9.96\n",       /* 14 */
                                      -1);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
  SmLayerImport *l;

  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->rows_read, ==, 13);
  g_assert_cmpint (l->imported, ==, 6);
  g_assert_cmpuint (l->rejected->len, ==, 7);
  assert_rejected (l, 7, "name", "name");
  assert_rejected (l, 8, "lat", "91.2 is out of range");
  assert_rejected (l, 9, "lat", "swapped");
  assert_rejected (l, 10, "lat", "57.0x");
  assert_rejected (l, 11, "lat", "location");
  assert_rejected (l, 12, "lon", "190.5");
  assert_rejected (l, 13, "lat", "0, 0");
  /* Recorded in the project with the import */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM rejected_rows WHERE row = 8 AND "
                                      "field = 'lat' AND value LIKE '91.2%'"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT rejected FROM imports"), ==, 7);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, 6);
}

static void
test_sites_empty_geometry (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = write_file (f, "wkt.csv",
                                      "id;name;wkt\n"
                                      "W1;Point site;POINT (9.9 57.0)\n"
                                      "W2;Empty site;POINT EMPTY\n"
                                      "W3;Polygon site;POLYGON ((10 56, 10.02 56, 10.02 56.02, 10 56.02, 10 56))\n"
                                      "W4;Garbage;POINT (9.9\n",
                                      -1);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_SITES, NULL, &error);
  g_autoptr (SmSite) w3 = NULL;
  SmLayerImport *l;

  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->imported, ==, 2);
  g_assert_cmpuint (l->rejected->len, ==, 2);
  find_rejected (l, 3);
  g_assert_nonnull (strstr (find_rejected (l, 3)->reason, "empty"));
  find_rejected (l, 5);
  /* A polygon's centroid marks the site. */
  w3 = site_by_ext (f, "W3");
  g_assert_cmpfloat_with_epsilon (w3->lat, 56.01, 1e-6);
  g_assert_cmpfloat_with_epsilon (w3->lon, 10.01, 1e-6);
}

/* Flows */

static SmFlow *
flow_where (Fixture    *f,
            const char *where)
{
  g_autofree char *sql = g_strdup_printf ("SELECT flow_id FROM flows WHERE %s", where);
  int id = count (f->project, sql);

  g_assert_cmpint (id, >, 0);
  return sm_project_get_flow (f->project, id, NULL);
}

static void
test_flows_samples (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *da = g_build_filename (SOURCE_SAMPLES_DIR, "flows-da.csv", NULL);
  g_autofree char *sv = g_build_filename (SOURCE_SAMPLES_DIR, "flows-sv.csv", NULL);
  g_autoptr (SmImportResult) r1 = NULL;
  g_autoptr (SmImportResult) r2 = NULL;
  g_autoptr (SmFlow) chalk = NULL;
  g_autoptr (SmFlow) dh = NULL;
  g_autoptr (SmFlow) cold = NULL;

  import_sample_sites (f);
  r1 = run (f, da, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_layer (r1)->imported, ==, 199);
  r2 = run (f, sv, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_layer (r2)->imported, ==, 51);

  /* "42.000" in a column that writes decimal commas is 42 000. */
  chalk = flow_where (f, "material LIKE 'Kridtslam til røggasafsvovling%'");
  g_assert_cmpfloat (chalk->amount, ==, 42000);
  g_assert_cmpstr (chalk->ewc_code, ==, "010410");
  g_assert_cmpstr (chalk->unit, ==, "t/yr");
  /* "1.950 GWh/år" is 1 950 000 MWh/yr. */
  dh = flow_where (f, "material LIKE 'Fjernvarme, Aalborg-nettet%'");
  g_assert_cmpfloat (dh->amount, ==, 1950000);
  g_assert_cmpfloat (dh->temperature_c, ==, 80);
  /* Windows-1252 text and a decimal comma temperature */
  cold = flow_where (f, "material = 'Kylvatten, lågtempererat'");
  g_assert_cmpfloat (cold->temperature_c, ==, 32.5);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows WHERE material LIKE '%Järnoxidslam%'"),
                   ==, 1);
  /* Existing exchanges named by the partner column */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM exchanges WHERE status = 'operational'"),
                   >, 5);
}

static void
test_flows_bad_rows (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = write_file (f, "flows.csv",
    "lokalitet;retning;ressource;affaldskode;materiale;mængde;enhed;temperatur;driftstimer;partner\n"
    "AAL-01;overskud;varme;;Røggas;12,5;GWh/år;95;;\n"             /* 2 ok: 12 500 MWh */
    "AAL-02;behov;varme;;Proces;800;kW;70;6000;\n"                 /* 3 ok: 4 800 MWh */
    "AAL-03;behov;materiale;03 01, 17;Træ;1 200;t/år;;;\n"         /* 4 ok: prefixes */
    "AAL-04;overskud;materiale;17 05 03*;Jord;300;t/år;;;\n"       /* 5 ok: hazardous */
    "AAL-01;overskud;plasma;;;10;t/år;;;\n"                        /* 6 unknown resource */
    "AAL-01;overskud;varme;;;ca. 40;MWh/år;;;\n"                   /* 7 amount */
    "AAL-01;overskud;varme;;;40;furlongs;;;\n"                     /* 8 unit */
    "AAL-01;overskud;materiale;21 01 01;;40;t/år;;;\n"             /* 9 EWC chapter */
    "XXX-99;overskud;varme;;;40;MWh/år;;;\n"                       /* 10 unknown site */
    "AAL-01;;varme;;;40;MWh/år;;;\n"                               /* 11 no direction */
    "AAL-01;overskud;varme;;;40;kW;;;\n"                           /* 12 rate without hours */
    "AAL-01;overskud;varme;;;40;t/år;;;\n"                         /* 13 unit does not fit */
    "AAL-01;overskud;materiale;;;40;t/år;;;\n"                     /* 14 no EWC code */
    "AAL-01;overskud;varme;;;40;MWh/år;hot;;\n"                    /* 15 temperature */
    "AAL-01;overskud;varme;;;-40;MWh/år;;;\n"                      /* 16 negative */
    "AAL-01;overskud;varme;;;40;MWh/år;;9000;\n"                   /* 17 hours */
    "AAL-01;udbud;vand;;;45 000;m³/år;;;\n",                       /* 18 ok */
    -1);
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (SmFlow) f2 = NULL;
  g_autoptr (SmFlow) f3 = NULL;
  g_autoptr (SmFlow) f4 = NULL;
  g_autoptr (SmFlow) f5 = NULL;
  SmLayerImport *l;

  import_sample_sites (f);
  result = run (f, file, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->rows_read, ==, 17);
  g_assert_cmpint (l->imported, ==, 5);
  assert_rejected (l, 6, "resource", "plasma");
  assert_rejected (l, 7, "amount", "ca. 40");
  assert_rejected (l, 8, "unit", "furlongs");
  assert_rejected (l, 9, "ewc_code", "21");
  assert_rejected (l, 10, "site_id", "XXX-99");
  assert_rejected (l, 11, "direction", "missing");
  assert_rejected (l, 12, "hours_per_year", "kW");
  assert_rejected (l, 13, "unit", "t/år");
  assert_rejected (l, 14, "ewc_code", "EWC");
  assert_rejected (l, 15, "temperature_c", "hot");
  assert_rejected (l, 16, "amount", "-40");
  assert_rejected (l, 17, "hours_per_year", "9000");

  f2 = flow_where (f, "material = 'Røggas'");
  g_assert_cmpfloat (f2->amount, ==, 12500);
  f3 = flow_where (f, "material = 'Proces'");
  g_assert_cmpfloat_with_epsilon (f3->amount, 4800, 1e-9);
  g_assert_cmpfloat (f3->hours_per_year, ==, 6000);
  f4 = flow_where (f, "material = 'Træ'");
  g_assert_cmpstr (f4->ewc_code, ==, "0301;17");
  g_assert_cmpfloat (f4->amount, ==, 1200);
  f5 = flow_where (f, "material = 'Jord'");
  g_assert_cmpstr (f5->ewc_code, ==, "170503*");
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows WHERE resource = 'water' AND "
                                      "amount = 45000"), ==, 1);
}

static void
test_flows_ambiguous (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *guided = write_file (f, "guided.csv",
                                        "site_id,direction,resource,amount\n"
                                        "AAL-01,supply,heat,150.000\n"
                                        "AAL-01,supply,heat,12.5\n",
                                        -1);
  g_autofree char *unguided = write_file (f, "unguided.csv",
                                          "site_id,direction,resource,amount\n"
                                          "AAL-02,supply,heat,150.000\n",
                                          -1);
  g_autoptr (SmImportResult) r1 = NULL;
  g_autoptr (SmImportResult) r2 = NULL;
  SmLayerImport *l;

  import_sample_sites (f);
  /* The column writes decimal points: 150.000 is 150. */
  r1 = run (f, guided, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM flows WHERE amount = 150"), ==, 1);
  /* Nothing to go by: read as a decimal point, and said so. */
  r2 = run (f, unguided, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (r2);
  g_assert_cmpint (l->imported, ==, 1);
  g_assert_cmpuint (l->notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (l->notes, 0), "150.000"));
}

static void
test_flows_with_sites (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  /* No site_id: the rows carry the site; the same name within 50 m is the
   * same site, 300 m away it is another. */
  g_autofree char *file = write_file (f, "mixed.csv",
    "company;lat;lon;direction;resource;amount;unit;temperature\n"
    "Bryggeriet;57.0000;9.9000;supply;heat;1000;MWh/yr;40\n"
    "Bryggeriet;57.0002;9.9002;demand;water;5000;m3/yr;\n"
    "Bryggeriet;57.0030;9.9000;supply;co2;300;t/yr;\n"
    "Mejeriet;;;demand;heat;200;MWh/yr;60\n",
    -1);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_FLOWS, NULL, &error);
  SmLayerImport *l;

  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->imported, ==, 3);
  g_assert_cmpint (l->sites_created, ==, 2);
  g_assert_cmpint (l->sites_merged, ==, 1);
  assert_rejected (l, 5, "lat", "Mejeriet");
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE name = 'Bryggeriet'"), ==, 2);
}

static void
test_flows_missing_column (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = write_file (f, "noamount.csv",
                                      "site_id;direction;resource;how much\n"
                                      "AAL-01;supply;heat;100\n", -1);
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (SmImportOptions) options = sm_import_options_new (SM_IMPORT_KIND_FLOWS);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  import_sample_sites (f);
  before = state (f->project);
  result = run (f, file, SM_IMPORT_KIND_FLOWS, NULL, &error);
  g_assert_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING);
  g_assert_nonnull (strstr (error->message, "amount"));
  g_clear_error (&error);
  after = state (f->project);
  g_assert_cmpstr (before, ==, after);

  /* An explicit mapping names it. */
  g_hash_table_insert (options->mapping, g_strdup ("amount"), g_strdup ("how much"));
  result = sm_import_run (f->project, file, options, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (only_layer (result)->imported, ==, 1);
  g_clear_pointer (&result, sm_import_result_free);

  g_hash_table_insert (options->mapping, g_strdup ("amount"), g_strdup ("no such column"));
  result = sm_import_run (f->project, file, options, NULL, NULL, NULL, &error);
  g_assert_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING);
  g_assert_null (result);
}

/* Network */

static void
test_network (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *file = g_build_filename (SOURCE_SAMPLES_DIR, "network-aalborg.geojson", NULL);
  g_autofree char *osm = write_file (f, "port.osm",
    "<?xml version='1.0' encoding='UTF-8'?>\n"
    "<osm version='0.6' generator='test'>\n"
    " <node id='1' lat='57.05' lon='9.95' version='1'/>\n"
    " <node id='2' lat='57.05' lon='9.96' version='1'/>\n"
    " <node id='3' lat='57.06' lon='9.96' version='1'/>\n"
    " <way id='10' version='1'><nd ref='1'/><nd ref='2'/><nd ref='3'/>"
    "<tag k='highway' v='service'/><tag k='name' v='Kajvej'/></way>\n"
    "</osm>\n", -1);
  g_autoptr (SmImportResult) result = run (f, file, SM_IMPORT_KIND_NETWORK, NULL, &error);
  g_autoptr (SmImportResult) r2 = NULL;
  g_autoptr (SmImportResult) r3 = NULL;
  SmLayerImport *l;

  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->rows_read, ==, 77);
  g_assert_cmpint (l->imported, ==, 77);
  /* The one multi-line is split in two. */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM network_edges"), ==, 78);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM network_edges WHERE length_m > 0"), ==, 78);
  g_assert_cmpuint (l->notes->len, ==, 1);

  /* OSM: only the layers with lines */
  r2 = run (f, osm, SM_IMPORT_KIND_NETWORK, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sm_import_result_count_imported (r2), ==, 1);
  /* 0.01° of longitude at 57.05° N plus 0.01° of latitude: about 605 m + 1113 m */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM network_edges WHERE name = 'Kajvej' "
                                      "AND kind = 'service' AND length_m BETWEEN 1700 AND 1730"),
                   ==, 1);

  /* Points are no network. */
  {
    g_autofree char *sites = g_build_filename (SOURCE_SAMPLES_DIR, "sites.geojson", NULL);
    r3 = run (f, sites, SM_IMPORT_KIND_NETWORK, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (only_layer (r3)->imported, ==, 0);
    g_assert_nonnull (strstr (((SmRejectedRow *) g_ptr_array_index (only_layer (r3)->rejected, 0))->reason,
                              "not a line"));
  }
}

/* Above 20 000 rows into an empty project, the importer finds sites to
 * merge in memory instead of through the name and org_number indexes:
 * the same rules must hold. */
static void
test_bulk_merge (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "bulk.csv", NULL);
  FILE *out = fopen (path, "w");
  g_autoptr (SmImportResult) result = NULL;
  SmLayerImport *l;
  int n = 24000, merged = 0;

  fputs ("site_id,name,org_number,lat,lon\n", out);
  for (int i = 0; i < n; i++)
    {
      double lat = 55 + (i % 150) * 0.01, lon = 9 + (i / 150) * 0.01;

      if (i >= 1000 && i % 1000 == 0)
        {
          /* The same site_id again */
          fprintf (out, "K%d,Other name %d,,%.6f,%.6f\n", i - 500, i, lat, lon);
          merged++;
        }
      else if (i >= 1000 && i % 1000 == 1)
        {
          /* No site_id, the org_number of row i - 600 */
          fprintf (out, ",Renamed %d,ORG%d,%.6f,%.6f\n", i, i - 600, lat, lon);
          merged++;
        }
      else if (i >= 1000 && i % 1000 == 2)
        {
          /* No site_id: the name of the site three rows up, 11 m away; then
           * the same name 2 km away, which is another site. */
          double up_lat = 55 + ((i - 3) % 150) * 0.01, up_lon = 9 + ((i - 3) / 150) * 0.01;
          fprintf (out, ",Company %d,,%.6f,%.6f\n", i - 3, up_lat + 0.0001, up_lon);
          fprintf (out, ",Company %d,,%.6f,%.6f\n", i - 3, up_lat + 0.02, up_lon);
          merged++;
        }
      else
        fprintf (out, "K%d,Company %d,ORG%d,%.6f,%.6f\n", i, i, i, lat, lon);
    }
  fclose (out);

  result = run (f, path, SM_IMPORT_KIND_SITES, NULL, &error);
  g_assert_no_error (error);
  l = only_layer (result);
  g_assert_cmpint (l->sites_merged, ==, merged);
  g_assert_cmpint (l->sites_created, ==, l->imported - merged);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites"), ==, l->sites_created);
  /* The merged rows filled the earlier sites */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE ext_id = 'K500' AND "
                                      "name = 'Other name 1000'"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE org_number = 'ORG401' AND "
                                      "name = 'Renamed 1001'"), ==, 1);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sites WHERE name = 'Company 999'"), ==, 2);
  /* The indexes are back, and the spatial index holds every site */
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                      "AND name IN ('sites_name', 'sites_org_number')"), ==, 2);
  g_assert_cmpint (count (f->project, "SELECT count(*) FROM idx_sites_geom"), ==, l->sites_created);
}

int
main (int    argc,
      char **argv)
{
  sm_test_import_init (&argc, &argv);
  sm_test_import_add ("/import/sites/sample", test_sites_sample);
  sm_test_import_add ("/import/sites/bad-rows", test_sites_bad_rows);
  sm_test_import_add ("/import/sites/empty-geometry", test_sites_empty_geometry);
  sm_test_import_add ("/import/flows/samples", test_flows_samples);
  sm_test_import_add ("/import/flows/bad-rows", test_flows_bad_rows);
  sm_test_import_add ("/import/flows/ambiguous", test_flows_ambiguous);
  sm_test_import_add ("/import/flows/with-sites", test_flows_with_sites);
  sm_test_import_add ("/import/flows/missing-column", test_flows_missing_column);
  sm_test_import_add ("/import/network", test_network);
  sm_test_import_add ("/import/sites/bulk-merge", test_bulk_merge);

  return g_test_run ();
}
