/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window in Danish and in Swedish: its labels come from the
 * catalogues, with no English left in the ones checked here.
 */
#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "sm-i18n.h"
#include "sm-window.h"

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "[%s]", gtk_label_get_label (GTK_LABEL (widget)));
  if (ADW_IS_PREFERENCES_ROW (widget))
    g_string_append_printf (out, "[%s]", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)));
  if (ADW_IS_STATUS_PAGE (widget))
    g_string_append_printf (out, "[%s]", adw_status_page_get_title (ADW_STATUS_PAGE (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static void
test_translated (gconstpointer data)
{
  const char * const *expected = data;
  SmWindow *window = g_object_ref_sink (sm_window_new (NULL));
  g_autoptr (GString) labels = g_string_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  collect_labels (GTK_WIDGET (window), labels);
  g_test_message ("%s", labels->str);
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_nonnull (strstr (labels->str, expected[i]));
  /* English that must not be left */
  g_assert_null (strstr (labels->str, "[No Project Open]"));
  g_assert_null (strstr (labels->str, "[Company sites]"));
  g_assert_null (strstr (labels->str, "[Layers]"));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
skip (gconstpointer data)
{
  g_test_skip (data);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const da[] = { "[Intet projekt er åbent]", "[Virksomhedslokaliteter]", "[Lag]",
                                     "[Ressourcer]", "[Varme]", NULL };
  static const char * const sv[] = { "[Inget projekt är öppet]", "[Företagsanläggningar]", "[Lager]",
                                     "[Resurser]", "[Värme]", NULL };
  const char *language = "da";

  /* Each language in its own process (--language=da|sv, before GLib's own
   * options): the locale is set once, first. */
  if (argc > 1 && g_str_has_prefix (argv[1], "--language="))
    {
      language = argv[1] + strlen ("--language=");
      for (int i = 1; i < argc; i++)
        argv[i] = argv[i + 1];
      argc--;
    }
  g_setenv ("LANGUAGE", language, TRUE);
  g_setenv ("LC_ALL", g_str_equal (language, "da") ? "da_DK.UTF-8" : "sv_SE.UTF-8", TRUE);
  sm_i18n_init ();
  if (g_str_equal (setlocale (LC_MESSAGES, NULL), "C"))
    {
      g_test_init (&argc, &argv, NULL);
      g_test_add_data_func ("/window-i18n/skipped", "the locale is not generated", skip);
      return g_test_run ();
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_data_func (g_str_equal (language, "da") ? "/window-i18n/da" : "/window-i18n/sv",
                        g_str_equal (language, "da") ? da : sv, test_translated);
  return g_test_run ();
}
