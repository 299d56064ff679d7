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
#include "sm-pipe-classes.h"
#include "sm-format.h"
#include "sm-preferences.h"
#include "sm-route.h"

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

  /* Writing the figure emits SmProject::settings-changed: open match
   * lists and portfolios recompute */
  g_ascii_dtostr (text, sizeof text, gtk_spin_button_get_value (spin));
  if (!sm_project_set_setting (project, key, text, &error))
    g_warning ("Cannot save %s: %s", key, error->message);
  else
    sm_project_emit_changed (project);
}

/* A text setting (the kinds of line a route may follow), saved on Apply */
static void
on_text_applied (AdwEntryRow *row,
                 SmProject   *project)
{
  const char *key = g_object_get_data (G_OBJECT (row), "sm-key");
  g_autoptr (GError) error = NULL;

  if (!sm_project_set_setting (project, key, gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    g_warning ("Cannot save %s: %s", key, error->message);
  else
    sm_project_emit_changed (project);
}

static const char *currencies[] = { "EUR", "DKK", "SEK", NULL };

static void
on_currency_changed (AdwComboRow *row,
                     GParamSpec  *pspec,
                     SmProject   *project)
{
  guint i = adw_combo_row_get_selected (row);
  g_autoptr (GError) error = NULL;

  if (i < G_N_ELEMENTS (currencies) - 1
      && !sm_project_set_setting (project, SM_COST_CURRENCY_SETTING, currencies[i], &error))
    g_warning ("Cannot save the currency: %s", error->message);
}

/* Where routes are searched (docs/ROUTING-PGROUTING.md), in the order of
 * SmRouteEngine */
static void
on_router_changed (AdwComboRow *row,
                   GParamSpec  *pspec,
                   SmProject   *project)
{
  const char *keys[] = { "builtin", "pgrouting" };
  guint i = adw_combo_row_get_selected (row);
  g_autoptr (GError) error = NULL;

  if (i < G_N_ELEMENTS (keys)
      && !sm_project_set_setting (project, SM_ROUTE_ENGINE_SETTING, keys[i], &error))
    g_warning ("Cannot save the router: %s", error->message);
}

/* The pipe-class table as text: one class a line */
typedef struct
{
  SmProject   *project;
  GtkTextView *view;
  GtkLabel    *message;
  GPtrArray   *spins;
} Editors;

static void
editors_free (Editors *e)
{
  g_ptr_array_unref (e->spins);
  g_free (e);
}

static void
show_classes (Editors *e)
{
  SmPipeClass classes[SM_PIPE_CLASSES_MAX];
  guint n = sm_pipe_classes_load (e->project, classes);
  g_autofree char *text = sm_pipe_classes_to_string (classes, n);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (e->view), text, -1);
}

static void
on_apply_classes (GtkButton *button,
                  Editors   *e)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (e->view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  SmPipeClass classes[SM_PIPE_CLASSES_MAX];
  guint n;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!sm_pipe_classes_parse (text, classes, &n, &error))
    {
      gtk_label_set_text (e->message, error->message);
      return;
    }
  g_free (text);
  text = sm_pipe_classes_to_string (classes, n);
  if (!sm_project_set_setting (e->project, SM_PIPE_CLASSES_SETTING, text, &error))
    {
      gtk_label_set_text (e->message, error->message);
      return;
    }
  /* TRANSLATORS: %u is a number of pipe classes */
  g_autofree char *done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u pipe class saved",
                                                        "%u pipe classes saved", n), n);
  gtk_label_set_text (e->message, done);
  sm_project_emit_changed (e->project);
}

static void
on_reset (GtkButton *button,
          Editors   *e)
{
  g_autoptr (GError) error = NULL;

  if (!sm_cost_reset (e->project, &error))
    {
      gtk_label_set_text (e->message, error->message);
      return;
    }
  for (guint i = 0; i < e->spins->len; i++)
    {
      GtkSpinButton *spin = g_ptr_array_index (e->spins, i);
      const char *key = g_object_get_data (G_OBJECT (spin), "sm-key");

      if (ADW_IS_ENTRY_ROW (spin))
        {
          g_autofree char *text = sm_cost_get_text (NULL, key);
          gtk_editable_set_text (GTK_EDITABLE (spin), text);
          continue;
        }
      g_signal_handlers_block_by_func (spin, on_value_changed, e->project);
      gtk_spin_button_set_value (spin, sm_cost_get_default (key));
      g_signal_handlers_unblock_by_func (spin, on_value_changed, e->project);
    }
  show_classes (e);
  gtk_label_set_text (e->message, _("The defaults apply again."));
  sm_project_emit_changed (e->project);
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

  /* TRANSLATORS: the title of the Preferences page of general settings (the language) */
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
  GtkWidget *groups[SM_N_COST_GROUPS];
  /* In the order of SmCostGroup */
  const char *titles[SM_N_COST_GROUPS] = {
    /* TRANSLATORS: groups of cost settings; Routing: how the pipe's route is worked out (detour
     * factor, network) */
    N_("Routing"), N_("Heat"), N_("Transport by truck"), N_("Heat pumps"), N_("Electricity"),
    /* TRANSLATORS: the cost settings about money: discount rate, lifetimes, prices */
    N_("Money"),
  };
  const char *descriptions[SM_N_COST_GROUPS] = {
    N_("How pipe routes are estimated where the network does not reach."),
    N_("Screening-grade costs of a heat pipe (Hotmaps toolbox, THERMOS)."),
    N_("Materials, water and CO₂ carried by truck. The defaults are assumptions: replace them with local figures."),
    N_("A heat pump lifts a supply too cold for the demand; its investment and electricity are in the costs."),
    N_("Pumping and heat pumps are paid at the price of the supply's country; the grid's CO₂ is taken off what is avoided."),
    N_("Money is computed in euros and shown in the currency chosen here."),
  };
  guint n;
  const SmCostParameter *params = sm_cost_get_parameters (&n);
  Editors *e = g_new0 (Editors, 1);
  GtkWidget *reset_group = adw_preferences_group_new ();
  GtkWidget *reset = gtk_button_new_with_mnemonic (_("_Reset to Defaults"));
  GtkWidget *classes_group = adw_preferences_group_new ();
  GtkWidget *view = gtk_text_view_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *apply = gtk_button_new_with_mnemonic (_("_Apply Pipe Classes"));
  GtkWidget *message = gtk_label_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *currency = adw_combo_row_new ();
  g_autoptr (GtkStringList) currency_names = gtk_string_list_new (currencies);
  double per_eur;

  e->project = project;
  e->view = GTK_TEXT_VIEW (view);
  e->message = GTK_LABEL (message);
  e->spins = g_ptr_array_new ();
  g_object_set_data_full (G_OBJECT (page), "sm-editors", e, (GDestroyNotify) editors_free);

  /* TRANSLATORS: the title of the Preferences page of the cost assumptions */
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Costs"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (page), "accessories-calculator-symbolic");

  /* Reset, and what it said */
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (reset_group),
                                         project ? _("Every figure is kept in the project, with its source. "
                                                     "See docs/SYNERGY.md.")
                                                 : _("Open a project: its figures are kept in it."));
  gtk_widget_set_halign (reset, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_box_append (GTK_BOX (box), reset);
  gtk_box_append (GTK_BOX (box), message);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (reset_group), box);
  gtk_widget_set_sensitive (reset, project != NULL);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (reset_group));

  for (int g = 0; g < SM_N_COST_GROUPS; g++)
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
      GtkWidget *row;

      if (params[i].text != NULL)
        {
          g_autofree char *text = sm_cost_get_text (project, params[i].key);

          row = adw_entry_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(params[i].label));
          gtk_widget_set_tooltip_text (row, _(params[i].source));
          gtk_editable_set_text (GTK_EDITABLE (row), text);
          adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
          g_object_set_data (G_OBJECT (row), "sm-key", (gpointer) params[i].key);
          if (project != NULL)
            g_signal_connect_object (row, "apply", G_CALLBACK (on_text_applied), project, 0);
          g_ptr_array_add (e->spins, row);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[params[i].group]), row);
          continue;
        }
      row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (params[i].min, params[i].max, params[i].step);
      g_autofree char *title = *params[i].unit ? g_strdup_printf ("%s (%s)", _(params[i].label),
                                                                  _(params[i].unit))
                                               : g_strdup (_(params[i].label));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(params[i].source));
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), params[i].digits);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), sm_cost_get_value (project, params[i].key));
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      sm_format_spin_button (GTK_SPIN_BUTTON (spin));
      g_object_set_data (G_OBJECT (spin), "sm-key", (gpointer) params[i].key);
      if (project != NULL)
        g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_value_changed), project, 0);
      g_ptr_array_add (e->spins, spin);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[params[i].group]), row);
    }

  /* The currency money is shown in */
  adw_combo_row_set_model (ADW_COMBO_ROW (currency), G_LIST_MODEL (currency_names));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (currency), _("Show money in"));
  {
    const char *code = sm_cost_get_currency (project, &per_eur);
    for (guint i = 0; i < G_N_ELEMENTS (currencies) - 1; i++)
      if (g_str_equal (code, currencies[i]))
        adw_combo_row_set_selected (ADW_COMBO_ROW (currency), i);
  }
  if (project != NULL)
    g_signal_connect_object (currency, "notify::selected", G_CALLBACK (on_currency_changed), project, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[SM_COST_GROUP_MONEY]), currency);

  /* The router: pgRouting only on a shared database (and a file whose
   * setting came from one may set it back) */
  {
    GtkWidget *router = adw_combo_row_new ();
    const char *router_names[] = {
      /* TRANSLATORS: the routers to choose from: Symbiomap's own, and pgRouting, which runs
       * in the PostgreSQL database */
      _("Built-in"), _("pgRouting (in the database)"), NULL
    };
    g_autoptr (GtkStringList) names = gtk_string_list_new (router_names);
    SmRouteEngine engine = SM_ROUTE_ENGINE_BUILTIN;

    adw_combo_row_set_model (ADW_COMBO_ROW (router), G_LIST_MODEL (names));
    /* TRANSLATORS: what searches the network for pipe routes */
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (router), _("Router"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (router),
                                 _("pgRouting needs a shared database with the pgRouting "
                                   "extension. Both give the same routes."));
    if (project != NULL && sm_route_get_engine (project, &engine, NULL))
      adw_combo_row_set_selected (ADW_COMBO_ROW (router), engine);
    gtk_widget_set_sensitive (router, project != NULL && (sm_project_is_shared (project)
                                                          || engine != SM_ROUTE_ENGINE_BUILTIN));
    if (project != NULL)
      g_signal_connect_object (router, "notify::selected", G_CALLBACK (on_router_changed), project, 0);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[SM_COST_GROUP_ROUTING]), router);
  }

  /* The pipe-class table */
  /* TRANSLATORS: pipe sizes (diameters) with their capacity and cost per metre */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (classes_group), _("Pipe classes"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (classes_group),
    _("One class a line: capacity MW; cost €/m; pipe diameter mm; hydraulic diameter mm; "
      "insulation mm; flow velocity m/s; pressure drop Pa/m; parallel pipes. "
      "Hotmaps excess-heat module (parameters.py), Danish capacity classes."));
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 200);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_widget_set_halign (apply, GTK_ALIGN_START);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (classes_group), scrolled);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (classes_group), apply);
  gtk_widget_set_sensitive (classes_group, project != NULL);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (classes_group));
  show_classes (e);

  if (project != NULL)
    {
      g_signal_connect (reset, "clicked", G_CALLBACK (on_reset), e);
      g_signal_connect (apply, "clicked", G_CALLBACK (on_apply_classes), e);
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
