/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli report on the bundled sample, read back with poppler's
 * pdfinfo and pdftotext: the pages a report must have, every contact's
 * e-mail, every flow of every resource on its own map section.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sm-test-util.h"

static char *tmpdir;
static char *sample;

static char *
run (int        *status,
     const char *first,
     ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_auto (GStrv) env = g_get_environ ();
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  const char *arg;
  int wait_status = 0;
  va_list ap;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  env = g_environ_setenv (env, "LC_ALL", "C.UTF-8", TRUE);
  env = g_environ_unsetenv (env, "LANGUAGE");
  g_spawn_sync (NULL, (char **) args->pdata, env, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &wait_status, &error);
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return out;
}

static void
cli_ok (const char *first,
        ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  const char *arg;
  int status;
  va_list ap;

  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_assert_cmpuint (args->len, <=, 6);
  g_ptr_array_set_size (args, 6);
  out = run (&status, g_getenv ("SYMBIOMAP_CLI"), args->pdata[0], args->pdata[1], args->pdata[2],
             args->pdata[3], args->pdata[4], args->pdata[5], NULL);
  g_assert_cmpint (status, ==, 0);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The text of pages first..last, without any white space: a table cell
 * may wrap a name over two lines */
static char *
pdf_text (const char *pdf,
          int         first,
          int         last)
{
  g_autofree char *f = g_strdup_printf ("%d", first);
  g_autofree char *l = g_strdup_printf ("%d", last);
  g_autofree char *text = NULL;
  GString *packed = g_string_new (NULL);
  int status;

  text = run (&status, "pdftotext", "-raw", "-enc", "UTF-8", "-f", f, "-l", l, pdf, "-", NULL);
  g_assert_cmpint (status, ==, 0);
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (packed, *p);
  return g_string_free (packed, FALSE);
}

static char *
packed (const char *s)
{
  GString *out = g_string_new (NULL);

  for (const char *p = s; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static int
pdf_pages (const char *pdf)
{
  g_autofree char *info = NULL;
  const char *line;
  int status;

  info = run (&status, "pdfinfo", pdf, NULL);
  g_assert_cmpint (status, ==, 0);
  line = strstr (info, "Pages:");
  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

static const char *resource_keys[] = { "heat", "steam", "cooling", "water", "co2", "material" };

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The map sections a report of @flows must have, in order: one per
 * resource present; materials one per EWC chapter when over 40 */
static GPtrArray *
expected_sections (JsonArray *flows)
{
  GPtrArray *sections = g_ptr_array_new_with_free_func (g_free);
  guint n_materials = 0;

  for (guint i = 0; i < json_array_get_length (flows); i++)
    n_materials += g_str_equal (json_object_get_string_member (json_array_get_object_element (flows, i), "resource"), "material");
  for (guint r = 0; r < G_N_ELEMENTS (resource_keys); r++)
    {
      g_autoptr (GPtrArray) chapters = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < json_array_get_length (flows); i++)
        {
          JsonObject *f = json_array_get_object_element (flows, i);
          const char *code = json_object_get_null_member (f, "ewc_code") ? NULL
                               : json_object_get_string_member (f, "ewc_code");
          g_autofree char *key = NULL;

          if (!g_str_equal (json_object_get_string_member (f, "resource"), resource_keys[r]))
            continue;
          if (r == 5 && n_materials > 40)
            key = g_strdup_printf ("material:%.2s", code && strlen (code) >= 2 ? code : "");
          else
            key = g_strdup (resource_keys[r]);
          if (!g_ptr_array_find_with_equal_func (chapters, key, g_str_equal, NULL))
            g_ptr_array_add (chapters, g_steal_pointer (&key));
        }
      g_ptr_array_sort (chapters, compare_strings);
      for (guint i = 0; i < chapters->len; i++)
        g_ptr_array_add (sections, g_strdup (g_ptr_array_index (chapters, i)));
    }
  return sections;
}

static gboolean
flow_in (JsonObject *f,
         const char *section)
{
  const char *resource = json_object_get_string_member (f, "resource");
  const char *code;

  if (!g_str_has_prefix (section, "material:"))
    return g_str_equal (resource, section);
  if (!g_str_equal (resource, "material"))
    return FALSE;
  code = json_object_get_null_member (f, "ewc_code") ? "" : json_object_get_string_member (f, "ewc_code");
  if (strlen (section) == strlen ("material:"))
    return strlen (code) < 2;
  return strlen (code) >= 2 && strncmp (code, section + strlen ("material:"), 2) == 0;
}

static void
test_report_sample (void)
{
  g_autofree char *pdf = g_build_filename (tmpdir, "rapport.pdf", NULL);
  g_autofree char *out = NULL, *flows_json = NULL, *sites_json = NULL, *listing = NULL;
  g_autoptr (JsonNode) summary = NULL, flows_root = NULL, sites_root = NULL;
  g_autoptr (GPtrArray) sections = NULL;
  JsonObject *s;
  JsonArray *map_pages, *flows, *sites;
  int status, n_pages, contacts_page, portfolio_page;

  out = run (&status, g_getenv ("SYMBIOMAP_CLI"), "report", sample, pdf, "--lang", "da", "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  summary = parse (out);
  s = json_node_get_object (summary);
  n_pages = json_object_get_int_member (s, "pages");
  map_pages = json_object_get_array_member (s, "map_pages");
  contacts_page = json_object_get_int_member (s, "contacts_page");
  portfolio_page = json_object_get_int_member (s, "portfolio_page");

  /* The file says what the command says, and nothing else was left */
  g_assert_cmpint (pdf_pages (pdf), ==, n_pages);
  listing = sm_test_dir_listing (tmpdir);
  g_assert_null (strstr (listing, "rapport.pdf."));

  flows_json = run (&status, g_getenv ("SYMBIOMAP_CLI"), "flows", sample, "--json", NULL);
  flows_root = parse (flows_json);
  flows = json_object_get_array_member (json_node_get_object (flows_root), "flows");
  sites_json = run (&status, g_getenv ("SYMBIOMAP_CLI"), "sites", sample, "--json", NULL);
  sites_root = parse (sites_json);
  sites = json_object_get_array_member (json_node_get_object (sites_root), "sites");

  /* Cover, then a map section per resource, then contacts, portfolio */
  sections = expected_sections (flows);
  g_assert_cmpuint (json_array_get_length (map_pages), ==, sections->len);
  g_assert_cmpint (json_array_get_int_element (map_pages, 0), ==, 2);
  for (guint i = 0; i < sections->len; i++)
    {
      int first = json_array_get_int_element (map_pages, i);
      int last = (i + 1 < sections->len ? json_array_get_int_element (map_pages, i + 1) : contacts_page) - 1;
      g_autofree char *text = NULL;

      g_assert_cmpint (first, <=, last);
      text = pdf_text (pdf, first, last);
      for (guint k = 0; k < json_array_get_length (flows); k++)
        {
          JsonObject *f = json_array_get_object_element (flows, k);
          g_autofree char *name = NULL;

          if (!flow_in (f, g_ptr_array_index (sections, i)))
            continue;
          name = packed (json_object_get_string_member (f, "site_name"));
          if (strstr (text, name) == NULL)
            g_error ("section %s (pages %d–%d) lacks the flow of %s", (char *) g_ptr_array_index (sections, i),
                     first, last, name);
          if (!json_object_get_null_member (f, "ewc_code"))
            g_assert_nonnull (strstr (text, json_object_get_string_member (f, "ewc_code")));
        }
    }
  g_assert_cmpint (contacts_page, <, portfolio_page);
  g_assert_cmpint (portfolio_page, <=, n_pages);

  /* Every company's e-mail and name in the contact list */
  {
    g_autofree char *text = pdf_text (pdf, contacts_page, portfolio_page - 1);

    for (guint k = 0; k < json_array_get_length (sites); k++)
      {
        JsonObject *site = json_array_get_object_element (sites, k);
        g_autofree char *name = packed (json_object_get_string_member (site, "name"));

        g_assert_nonnull (strstr (text, name));
        if (!json_object_get_null_member (site, "contact_email"))
          {
            g_autofree char *email = packed (json_object_get_string_member (site, "contact_email"));

            if (strstr (text, email) == NULL)
              g_error ("the contact list lacks %s", email);
          }
      }
  }

  /* The portfolio: as many rows as synergies, in Danish */
  {
    g_autofree char *text = pdf_text (pdf, portfolio_page, n_pages);
    g_autofree char *last = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (s, "synergies"));

    g_assert_cmpint (json_object_get_int_member (s, "synergies"), >, 0);
    g_assert_nonnull (strstr (text, "Portefølje"));
    g_assert_nonnull (strstr (text, last));
  }
}

/* A failed report leaves no file, and an old report stays as it was */
static void
test_report_failures (void)
{
  g_autofree char *pdf = g_build_filename (tmpdir, "keep.pdf", NULL);
  g_autofree char *missing = g_build_filename (tmpdir, "missing.sqlite", NULL);
  g_autofree char *before = NULL, *after = NULL, *listing = NULL;
  g_autofree char *out = NULL;
  int status;

  g_assert_true (g_file_set_contents (pdf, "old report", -1, NULL));
  before = sm_test_file_checksum (pdf);
  g_free (run (&status, g_getenv ("SYMBIOMAP_CLI"), "report", missing, pdf, NULL));
  g_assert_cmpint (status, ==, 1);
  g_free (run (&status, g_getenv ("SYMBIOMAP_CLI"), "report", sample, pdf, "--lang", "fr", NULL));
  g_assert_cmpint (status, ==, 2);
  g_free (run (&status, g_getenv ("SYMBIOMAP_CLI"), "report", sample, pdf, "--resources", "heat,gold", NULL));
  g_assert_cmpint (status, ==, 2);
  after = sm_test_file_checksum (pdf);
  g_assert_cmpstr (before, ==, after);
  listing = sm_test_dir_listing (tmpdir);
  g_assert_null (strstr (listing, "keep.pdf."));

  /* --resources: only those maps */
  out = run (&status, g_getenv ("SYMBIOMAP_CLI"), "report", sample, pdf, "--resources", "water,co2", "--json", NULL);
  g_assert_cmpint (status, ==, 0);
  {
    g_autoptr (JsonNode) root = parse (out);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "map_pages")), ==, 2);
  }
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);
  tmpdir = sm_test_make_tmpdir ();
  sample = g_build_filename (tmpdir, "sample.sqlite", NULL);
  cli_ok ("init", sample, NULL);
  cli_ok ("import", sample, SOURCE_SAMPLES_DIR "/sites.geojson", "--kind", "sites", NULL);
  cli_ok ("import", sample, SOURCE_SAMPLES_DIR "/flows-da.csv", "--kind", "flows", NULL);
  cli_ok ("import", sample, SOURCE_SAMPLES_DIR "/flows-sv.csv", "--kind", "flows", NULL);

  g_test_add_func ("/report/sample", test_report_sample);
  g_test_add_func ("/report/failures", test_report_failures);
  result = g_test_run ();
  sm_test_rm_rf (tmpdir);
  g_free (sample);
  g_free (tmpdir);
  return result;
}
