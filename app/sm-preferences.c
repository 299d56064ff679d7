/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences: the language of the user interface (from the next start),
 * and every figure of the route and cost model with its source, kept in
 * the project so that colleagues opening it see the same estimates.
 */
#define G_LOG_DOMAIN "sm-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-cost.h"
#include "sm-format.h"
#include "sm-preferences.h"

static const char *languages[] = { "", "en", "da", "sv" };

static void
on_language_changed (AdwComboRow *row,
                     GParamSpec  *pspec,
                     GSettings   *settings)
{
  guint i = adw_combo_row_get_selected (row);

  if (i < G_N_ELEMENTS (languages))
    g_settings_set_string (settings, "language", languages[i]);
}

static void
on_value_changed (GtkSpinButton *spin,
                  SmProject     *project)
{
  const char *key = g_object_get_data (G_OBJECT (spin), "sm-key");
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr (GError) error = NULL;

  g_ascii_dtostr (text, sizeof text, gtk_spin_button_get_value (spin));
  if (!sm_project_set_setting (project, key, text, &error))
    g_warning ("Cannot save %s: %s", key, error->message);
  else
    sm_project_emit_changed (project);
}

static GtkWidget *
general_page (void)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  GSettings *settings = g_settings_new (APPLICATION_ID);
  g_autofree char *current = g_settings_get_string (settings, "language");

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("General"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "preferences-system-symbolic");
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Language"));
  /* TRANSLATORS: the choice of the system's language in the language list */
  gtk_string_list_append (names, _("The system's language"));
  /* The languages are named in themselves, so anyone finds their own */
  gtk_string_list_append (names, "English");
  gtk_string_list_append (names, "Dansk");
  gtk_string_list_append (names, "Svenska");
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (names));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Language of the user interface"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Takes effect from the next start"));
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    if (g_strcmp0 (current, languages[i]) == 0)
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
  g_signal_connect_data (row, "notify::selected", G_CALLBACK (on_language_changed), settings,
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  return page;
}

static GtkWidget *
costs_page (SmProject *project)
{
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *groups[3];
  const char *titles[3] = { N_("Routing"), N_("Heat"), N_("Transport by truck") };
  const char *descriptions[3] = {
    N_("How pipe routes are estimated where the network does not reach."),
    N_("Screening-grade costs of a heat pipe (Hotmaps toolbox, THERMOS)."),
    N_("Materials, water and CO₂ carried by truck. The defaults are assumptions: replace them with local figures."),
  };
  guint n;
  const SmCostParameter *params = sm_cost_get_parameters (&n);

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Costs"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "accessories-calculator-symbolic");
  for (int g = 0; g < 3; g++)
    {
      groups[g] = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (groups[g]), _(titles[g]));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (groups[g]),
                                             project ? _(descriptions[g])
                                                     : _("Open a project: its figures are kept in it."));
      gtk_widget_set_sensitive (groups[g], project != NULL);
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (groups[g]));
    }
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (params[i].min, params[i].max, params[i].step);
      g_autofree char *title = g_strdup_printf ("%s (%s)", _(params[i].label), _(params[i].unit));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(params[i].source));
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), params[i].digits);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), sm_cost_get_value (project, params[i].key));
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      sm_format_spin_button (GTK_SPIN_BUTTON (spin));
      g_object_set_data (G_OBJECT (spin), "sm-key", (gpointer) params[i].key);
      if (project != NULL)
        g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_value_changed), project, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[params[i].group]), row);
    }
  return page;
}

/**
 * sm_preferences_new:
 * @parent: the main window
 * @project: (nullable): its project, whose cost figures are shown
 *
 * Returns: (transfer floating): the Preferences window
 */
GtkWidget *
sm_preferences_new (GtkWindow *parent,
                    SmProject *project)
{
  GtkWidget *window = adw_preferences_window_new ();

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (general_page ()));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window),
                              ADW_PREFERENCES_PAGE (costs_page (project)));
  return window;
}
