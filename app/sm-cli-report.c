/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli report PROJECT OUT.pdf [--resources LIST] [--lang da|sv|en]
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <locale.h>
#include <unistd.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-i18n.h"
#include "sm-report.h"

static void
show_progress (double   fraction,
               gpointer user_data)
{
  sm_cli_progress (_("Writing the report"), fraction);
}

/* The report's language: messages, numbers and dates. GLib decides once,
 * at the first message, whether to translate at all (not under the C
 * locale), so the command runs itself again with the language in its
 * environment, as if the user had set it. */
static gboolean
language_is_set (const char *language)
{
  return g_strcmp0 (g_getenv ("SYMBIOMAP_REPORT_LANGUAGE"), language) == 0;
}

static void
run_in_language (const char  *language,
                 char       **args)
{
  const char *locale = sm_i18n_locale_for (language);

  g_setenv ("SYMBIOMAP_REPORT_LANGUAGE", language, TRUE);
  g_setenv ("LANGUAGE", language, TRUE);
  if (newlocale (LC_ALL_MASK, locale, (locale_t) 0) != (locale_t) 0)
    g_setenv ("LC_ALL", locale, TRUE);
  else
    g_unsetenv ("LC_ALL");
  fflush (stdout);
  execv ("/proc/self/exe", args);
  g_warning ("Cannot run the report in %s: %s", language, g_strerror (errno));
}

int
sm_cli_report (int    argc,
               char **argv)
{
  g_autofree char *resources = NULL;
  g_autofree char *language = NULL;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "resources", 0, 0, G_OPTION_ARG_STRING, &resources,
      N_("Which resources get a map (default: every resource present)"), N_("LIST") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &language,
      N_("The report's language: da, sv or en (default: the user's)"), N_("LANG") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (GError) error = NULL;
  SmReportOptions options = { 0 };
  SmReportSummary summary = { 0 };
  int status;

  context = sm_cli_option_context_new ("report", _("PROJECT OUT.pdf"),
                                       _("Write the workshop report: an A4 PDF with a cover, one "
                                         "map per resource with its flows, the contact list and "
                                         "the portfolio. An existing OUT.pdf is replaced only "
                                         "when the report is complete."),
                                       entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 2)) != SM_CLI_OK)
    return status;
  if (language != NULL && sm_i18n_locale_for (language) == NULL)
    /* TRANSLATORS: %s is what the user gave to --lang; keep da, sv and en as they are */
    return sm_cli_usage_error ("report", _("“%s” is not a language of the report (da, sv, en)"),
                               language);
  if (language != NULL && !language_is_set (language))
    {
      g_autoptr (GPtrArray) args = g_ptr_array_new ();

      g_ptr_array_add (args, "symbiomap-cli");
      g_ptr_array_add (args, "report");
      g_ptr_array_add (args, argv[1]);
      g_ptr_array_add (args, argv[2]);
      g_ptr_array_add (args, "--lang");
      g_ptr_array_add (args, language);
      if (resources != NULL)
        {
          g_ptr_array_add (args, "--resources");
          g_ptr_array_add (args, resources);
        }
      if (json)
        g_ptr_array_add (args, "--json");
      g_ptr_array_add (args, NULL);
      run_in_language (language, (char **) args->pdata);
    }
  if (resources != NULL && (options.resources = sm_report_parse_resources (resources, &error)) == 0)
    return sm_cli_usage_error ("report", "%s", error->message);

  if ((project = sm_cli_open_shared_project (argv[1], &status)) == NULL)
    return status;
  if (!sm_report_write (project, argv[2], &options,
                        sm_cli_progress_wanted () ? show_progress : NULL, NULL, NULL, &summary,
                        &error))
    {
      sm_cli_progress_done ();
      return sm_cli_fail (error);
    }
  sm_cli_progress_done ();
  /* The font caches live until exit; let them go, so leak checkers see
   * only what is ours */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
  if (json)
    {
      g_autoptr (JsonBuilder) b = json_builder_new ();
      g_autoptr (JsonNode) root = NULL;

      json_builder_begin_object (b);
      sm_json_add_string_or_null (b, "file", argv[2]);
      json_builder_set_member_name (b, "pages");
      json_builder_add_int_value (b, summary.n_pages);
      json_builder_set_member_name (b, "map_pages");
      json_builder_begin_array (b);
      for (int i = 0; i < MIN (summary.n_maps, (int) G_N_ELEMENTS (summary.map_first_page)); i++)
        json_builder_add_int_value (b, summary.map_first_page[i]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "contacts_page");
      json_builder_add_int_value (b, summary.contacts_page);
      json_builder_set_member_name (b, "portfolio_page");
      json_builder_add_int_value (b, summary.portfolio_page);
      json_builder_set_member_name (b, "synergies");
      json_builder_add_int_value (b, summary.n_portfolio);
      json_builder_set_member_name (b, "labels_left_out");
      json_builder_add_int_value (b, summary.labels_left_out);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sm_cli_print_json (root);
    }
  else
    /* TRANSLATORS: the file, then counts */
    printf (_("%s: %d pages, %d maps, %d synergies in the portfolio\n"), argv[2], summary.n_pages,
            summary.n_maps, summary.n_portfolio);
  return SM_CLI_OK;
}
