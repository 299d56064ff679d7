/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matches of one flow: found in a worker thread (a GTask with its own
 * connection to the project, so the window never waits for a route graph),
 * listed as a GListModel of SmMatch, found again when the project changes
 * (an import, Preferences, an edit) with the selected match kept. The
 * rules are docs/SYNERGY.md's.
 */
#define G_LOG_DOMAIN "sm-matches-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sm-cost.h"
#include "sm-format.h"
#include "sm-matches-panel.h"
#include "sm-project-query.h"
#include "sm-site-panel.h"

/* One connection for the worker threads of one panel, used by one thread
 * at a time; kept between searches so the router built on it is reused. */
typedef struct
{
  GMutex     lock;
  char      *path;
  SmProject *project;
} Worker;

struct _SmMatchesPanel
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkLabel          *title_label;
  GtkLabel          *flow_label;
  GtkLabel          *count_label;
  GtkSpinner        *spinner;
  GtkSpinButton     *radius_spin;
  AdwActionRow      *heat_pump_row;
  GtkSwitch         *heat_pump_switch;
  AdwComboRow       *sort_row;
  GtkListBox        *match_list;
  GtkLabel          *breakdown_label;

  /* Owned */
  SmProject         *project;
  Worker            *worker;
  GListStore        *model;   /* of SmMatch, in the order shown */
  GCancellable      *cancellable;
  SmFlow            *flow;
  SmMatchesFindFunc  find;
  double             radius_km[SM_N_RESOURCES]; /* 0: the resource's default */
  /* The match to select again after a search: its two flows */
  gint64             keep_supply, keep_demand;
  gboolean           fit_when_found;
  gboolean           running;
};

G_DEFINE_FINAL_TYPE (SmMatchesPanel, sm_matches_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_FLOW_ID,
  PROP_SELECTED,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void find_matches (SmMatchesPanel *self);

/* The worker */

static void
worker_unref (Worker *worker)
{
  g_mutex_clear (&worker->lock);
  g_clear_object (&worker->project);
  sm_project_free_open_address (worker->path);
}

typedef struct
{
  Worker            *worker;
  gint64             flow_id;
  SmMatchOptions     options;
  SmMatchesFindFunc  find;
} FindData;

static void
find_data_free (FindData *data)
{
  g_atomic_rc_box_release_full (data->worker, (GDestroyNotify) worker_unref);
  g_free (data);
}

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindData *data = task_data;
  Worker *worker = data->worker;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  g_mutex_lock (&worker->lock);
  if (!g_cancellable_is_cancelled (cancellable))
    {
      if (worker->project == NULL)
        worker->project = sm_project_open (worker->path, &error);
      if (worker->project != NULL)
        {
          found = data->find (worker->project, data->flow_id, &data->options, &error);
          /* Let go of the file between searches, so others can write it */
          sm_project_end_reads (worker->project);
        }
    }
  g_mutex_unlock (&worker->lock);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (found == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_ptr_array_unref);
}

/* Costs: the one place the list reads them, so that a change of the cost
 * model changes this function only */

/* The unit a levelised cost is per: SI symbols, the same in every language */
static const char *
delivered_unit (SmResource resource)
{
  switch (resource)
    {
    case SM_RESOURCE_WATER:
      return "m³";
    case SM_RESOURCE_CO2:
    case SM_RESOURCE_MATERIAL:
      return "t";
    case SM_RESOURCE_HEAT:
    case SM_RESOURCE_STEAM:
    case SM_RESOURCE_COOLING:
    case SM_RESOURCE_INVALID:
    case SM_N_RESOURCES:
    default:
      return "MWh";
    }
}

static double
match_cost_value (const SmSynergy *m)
{
  /* Matches are ranked and coloured by the levelised cost (docs/SYNERGY.md) */
  return m->internal ? NAN : m->econ.lcoh_eur_mwh;
}

static char *
match_cost_text (const SmSynergy *m)
{
  const SmEconomics *e = &m->econ;
  g_autofree char *number = NULL;

  if (m->internal || isnan (e->lcoh_eur_mwh))
    return NULL;
  if (e->transport == SM_TRANSPORT_PIPE)
    {
      g_autofree char *investment = sm_format_number (round (e->investment_eur / 1000) * 1000, 0);

      number = sm_format_number (e->lcoh_eur_mwh, 1);
      /* TRANSLATORS: levelised cost per delivered unit, then the one-off investment */
      return g_strdup_printf (_("%s €/%s delivered · investment about %s €"), number,
                              delivered_unit (m->resource), investment);
    }
  number = sm_format_number (round (e->truck_eur_yr / 1000) * 1000, 0);
  /* TRANSLATORS: the yearly cost of trucking a material, in euros */
  return g_strdup_printf (_("Trucks about %s €/yr"), number);
}

static void
append_euros (GString    *out,
              const char *format,
              double      euros)
{
  g_autofree char *number = sm_format_number (round (euros / 100) * 100, 0);

  g_string_append_c (out, '\n');
  g_string_append_printf (out, format, number);
}

/* The cost breakdown of one match (docs/SYNERGY.md): the engine's
 * figures, one-off € apart from €/yr */
static char *
cost_breakdown (SmMatchesPanel *self,
                SmSynergy      *m)
{
  const SmEconomics *e = &m->econ;
  GString *out = g_string_new (NULL);
  g_autofree char *route = sm_format_distance (m->route_m);
  g_autofree char *lcoh = sm_format_number (e->lcoh_eur_mwh, 1);
  g_autofree char *co2 = sm_format_number (e->co2_avoided_t_yr, 0);

  g_string_append_printf (out, m->route != NULL
                                 /* TRANSLATORS: %s is a distance */
                                 ? _("Route %s along the network")
                                 /* TRANSLATORS: %s is a distance with its unit, e.g. “2.4 km”;
                                  * the detour factor is the factor the straight line is
                                  * multiplied by when there is no network */
                                 : _("Route %s: straight line × detour factor"),
                          route);
  if (e->thermal)
    {
      g_autofree char *mw = sm_format_number (e->capacity_mw, 2);
      g_autofree char *per_m = sm_format_number (e->pipe_eur_per_m, 0);
      g_autofree char *years = sm_format_number (e->payback_yr, 1);
      g_autofree char *loss = sm_format_number (e->heat_loss_mwh, 0);
      g_autofree char *elec = sm_format_number (e->electricity_mwh_yr, 0);

      g_string_append_c (out, '\n');
      /* TRANSLATORS: capacity in MW and the pipe's cost per metre */
      g_string_append_printf (out, _("%s MW: pipe class of %s €/m"), mw, per_m);
      /* TRANSLATORS: %s is an amount of money in euros, rounded to the hundred; the pipe's
       * investment */
      append_euros (out, _("Pipe: %s €"), e->pipe_eur);
      /* TRANSLATORS: %s is an amount of money in euros; the heat exchangers' investment */
      append_euros (out, _("Heat exchangers: %s €"), e->exchangers_eur);
      /* TRANSLATORS: %s is an amount of money in euros; the circulation pumps' investment */
      append_euros (out, _("Pumps: %s €"), e->pumps_eur);
      if (e->heat_pump_eur > 0)
        /* TRANSLATORS: %s is an amount of money in euros; the heat pump's investment */
        append_euros (out, _("Heat pump: %s €"), e->heat_pump_eur);
      /* TRANSLATORS: %s is euros a year: capital cost over the lifetime, operation and
       * electricity */
      append_euros (out, _("Yearly cost: %s €/yr"), e->annual_cost_eur_yr);
      g_string_append_c (out, '\n');
      /* TRANSLATORS: electricity of the heat pump and the circulation pumps */
      g_string_append_printf (out, _("Electricity: %s MWh/yr"), elec);
      g_string_append_c (out, '\n');
      /* TRANSLATORS: %s is the heat lost along the pipe, in MWh a year */
      g_string_append_printf (out, _("Heat loss: %s MWh/yr"), loss);
      g_string_append_c (out, '\n');
      /* TRANSLATORS: %s is the levelised cost of the delivered energy, in euros per MWh */
      g_string_append_printf (out, _("Levelised cost: %s €/MWh"), lcoh);
      g_string_append_c (out, '\n');
      if (isnan (e->payback_yr))
        g_string_append (out, _("Simple payback: does not pay back"));
      else
        /* TRANSLATORS: %s is a number of years (the investment over the yearly saving) */
        g_string_append_printf (out, _("Simple payback: %s years"), years);
      g_string_append_c (out, '\n');
      /* TRANSLATORS: %s is tonnes of CO₂ a year the exchange saves */
      g_string_append_printf (out, _("CO₂ avoided: %s t/yr"), co2);
    }
  else
    {
      g_autofree char *truck_co2 = sm_format_number (e->truck_co2_t_yr, 1);
      g_autofree char *loads = sm_format_number (e->trucks_per_yr, 0);

      /* TRANSLATORS: %s is euros a year for moving the resource by truck */
      append_euros (out, _("Trucks: %s €/yr"), e->truck_eur_yr);
      g_string_append_c (out, '\n');
      /* TRANSLATORS: truckloads a year */
      g_string_append_printf (out, _("Truckloads: %s a year"), loads);
      g_string_append_c (out, '\n');
      /* TRANSLATORS: %s is tonnes of CO₂ a year the trucks emit */
      g_string_append_printf (out, _("Truck CO₂: %s t/yr"), truck_co2);
      if (!isnan (e->pipe_option_eur_yr))
        /* TRANSLATORS: %s is euros a year the same exchange would cost through a pipe */
        append_euros (out, _("Pipe instead: %s €/yr"), e->pipe_option_eur_yr);
      if (e->transport == SM_TRANSPORT_PIPE)
        append_euros (out, _("Pipe: %s €"), e->investment_eur);
    }
  return g_string_free (out, FALSE);
}

/* Rows */

static char *
match_summary (const SmSynergy *m)
{
  g_autofree char *amount = sm_format_amount (m->matched_amount, m->resource);
  g_autofree char *distance = sm_format_distance (m->internal ? 0 : m->route_m);
  g_autofree char *temp = sm_format_temperature (m->temperature_c);
  g_autofree char *cost = match_cost_text (m);
  GString *out = g_string_new (NULL);

  /* TRANSLATORS: a match: the resource, the amount that can be exchanged and the pipe distance */
  g_string_append_printf (out, _("%s · %s · %s"), sm_resource_get_label (m->resource), amount,
                          distance);
  if (temp != NULL)
    g_string_append_printf (out, " · %s", temp);
  for (guint n = 0; n < SM_N_MATCH_NOTES; n++)
    if (m->notes & (1u << n))
      {
        g_string_append_printf (out, "\n%s", sm_match_note_get_label (1u << n));
        if ((1u << n) == SM_MATCH_NOTE_HEAT_PUMP)
          {
            g_autofree char *cop = sm_format_number (m->cop, 1);
            g_string_append_printf (out, " (COP %s)", cop);
          }
      }
  if (cost != NULL)
    g_string_append_printf (out, "\n%s", cost);
  if (m->status != NULL)
    g_string_append_printf (out, "\n%s", sm_status_get_label (sm_status_from_key (m->status)));
  return g_string_free (out, FALSE);
}

static void
on_save_exchange (GtkButton      *button,
                  SmMatchesPanel *self)
{
  SmMatch *match = g_object_get_data (G_OBJECT (button), "sm-match");
  GtkDropDown *status = g_object_get_data (G_OBJECT (button), "sm-status");
  GtkTextView *note = g_object_get_data (G_OBJECT (button), "sm-note");
  GtkMenuButton *menu = g_object_get_data (G_OBJECT (button), "sm-menu");
  SmSynergy *m = sm_match_get (match);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (note);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  gtk_menu_button_popdown (menu);
  if (!sm_project_set_exchange (self->project, m->supply_flow_id, m->demand_flow_id,
                                gtk_drop_down_get_selected (status), *text ? text : NULL, &error))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", _("Exchange saved"));
  /* Every view shows the new status: this list finds again, keeping the row */
  sm_project_emit_changed (self->project);
}

/* "Save…": status and a note of several lines for the exchange of one match */
static GtkWidget *
exchange_button (SmMatchesPanel *self,
                 SmMatch        *match)
{
  SmSynergy *m = sm_match_get (match);
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  g_autoptr (GtkStringList) statuses = gtk_string_list_new (NULL);
  GtkWidget *status, *note, *save, *label;

  for (int i = 0; i < SM_N_STATUSES; i++)
    gtk_string_list_append (statuses, sm_status_get_label (i));
  status = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (statuses)), NULL);
  if (m->status != NULL)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (status), MAX (0, sm_status_from_key (m->status)));
  note = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (note), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (note), FALSE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), note);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 96);
  gtk_widget_set_size_request (scrolled, 280, -1);
  gtk_widget_add_css_class (scrolled, "card");
  label = gtk_label_new (_("Note"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  save = gtk_button_new_with_mnemonic (_("_Save Exchange"));
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Status")));
  gtk_box_append (GTK_BOX (box), status);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), save);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (menu),
                             m->status ? sm_status_get_label (sm_status_from_key (m->status))
                                       : _("Save…"));
  gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (menu, _("Record this match as an exchange, with its status"));
  g_object_set_data_full (G_OBJECT (save), "sm-match", g_object_ref (match), g_object_unref);
  g_object_set_data (G_OBJECT (save), "sm-status", status);
  g_object_set_data (G_OBJECT (save), "sm-note", note);
  g_object_set_data (G_OBJECT (save), "sm-menu", menu);
  g_signal_connect (save, "clicked", G_CALLBACK (on_save_exchange), self);
  return menu;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SmMatchesPanel *self = user_data;
  SmSynergy *m = sm_match_get (item);
  g_autofree char *summary = match_summary (m);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), m->site_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 5);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), exchange_button (self, item));
  return row;
}

/* Sorting */

static int
by_distance (gconstpointer a,
             gconstpointer b)
{
  const SmSynergy *x = *(SmSynergy * const *) a, *y = *(SmSynergy * const *) b;
  return (x->route_m > y->route_m) - (x->route_m < y->route_m);
}

static int
by_amount (gconstpointer a,
           gconstpointer b)
{
  const SmSynergy *x = *(SmSynergy * const *) a, *y = *(SmSynergy * const *) b;
  return (x->matched_amount < y->matched_amount) - (x->matched_amount > y->matched_amount);
}

static int
by_cost (gconstpointer a,
         gconstpointer b)
{
  const SmSynergy *x = *(SmSynergy * const *) a, *y = *(SmSynergy * const *) b;
  double cx = isnan (match_cost_value (x)) ? G_MAXDOUBLE : match_cost_value (x);
  double cy = isnan (match_cost_value (y)) ? G_MAXDOUBLE : match_cost_value (y);
  return (cx > cy) - (cx < cy);
}

/* The header names the flow, so that a site's two heat supplies are told
 * apart */
static void
update_header (SmMatchesPanel *self,
               int             n_found)
{
  g_autofree char *radius = sm_format_distance (sm_matches_panel_get_radius_km (self) * 1000);
  g_autofree char *summary = NULL;
  g_autofree char *flow_text = NULL;
  g_autofree char *count = NULL;

  if (self->flow == NULL)
    return;
  summary = sm_flow_summary (self->flow);
  /* TRANSLATORS: the flow whose matches are listed: its direction,
   * resource, site, and amount and temperature, e.g.
   * “Supply · Heat of Aalborg Portland: 120 000 MWh/yr · 85 °C” */
  flow_text = g_strdup_printf (_("%s · %s of %s: %s"), sm_direction_get_label (self->flow->direction),
                               sm_resource_get_label (self->flow->resource),
                               self->flow->site_name, summary);
  gtk_label_set_text (self->flow_label, flow_text);
  if (n_found < 0)
    /* TRANSLATORS: %s is a distance */
    count = g_strdup_printf (_("Finding matches within %s…"), radius);
  else
    /* TRANSLATORS: %d is the number of matches found; %s the search radius with its unit, e.g.
     * “10 km” */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match within %s",
                                          "%d matches within %s", n_found),
                             n_found, radius);
  gtk_label_set_text (self->count_label, count);
}

static void
set_running (SmMatchesPanel *self,
             gboolean        running)
{
  if (self->running == running)
    return;
  self->running = running;
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
show_found (SmMatchesPanel *self,
            GPtrArray      *found)
{
  guint sort = adw_combo_row_get_selected (self->sort_row);
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 keep_supply = self->keep_supply, keep_demand = self->keep_demand;
  double min_lat, max_lat, min_lon, max_lon;
  int keep = -1;

  g_ptr_array_sort (found, sort == 1 ? by_amount : sort == 2 ? by_cost : by_distance);
  min_lat = max_lat = self->flow->lat;
  min_lon = max_lon = self->flow->lon;
  for (guint i = 0; i < found->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (found, i);

      if (m->supply_flow_id == keep_supply && m->demand_flow_id == keep_demand)
        keep = i;
      min_lat = MIN (min_lat, m->lat);
      max_lat = MAX (max_lat, m->lat);
      min_lon = MIN (min_lon, m->lon);
      max_lon = MAX (max_lon, m->lon);
      /* A route along the network may swing wider than its two ends */
      for (guint p = 0; m->route != NULL && p + 1 < m->route->len; p += 2)
        {
          double lon = g_array_index (m->route, double, p), lat = g_array_index (m->route, double, p + 1);

          min_lat = MIN (min_lat, lat);
          max_lat = MAX (max_lat, lat);
          min_lon = MIN (min_lon, lon);
          max_lon = MAX (max_lon, lon);
        }
      g_ptr_array_add (items, sm_match_new (g_steal_pointer (&g_ptr_array_index (found, i))));
    }
  g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                       items->pdata, items->len);
  update_header (self, found->len);
  gtk_widget_set_visible (GTK_WIDGET (self->match_list), TRUE);
  if (keep >= 0)
    sm_matches_panel_select (self, keep);
  if (self->fit_when_found && found->len > 0)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.fit-box", "(dddd)", min_lat, max_lat,
                                min_lon, max_lon);
  self->fit_when_found = FALSE;
}

static void
on_found (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (SmMatchesPanel) self = user_data;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  found = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Only the newest search's answer counts */
  if (g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    return;
  set_running (self, FALSE);
  if (found == NULL)
    {
      /* TRANSLATORS: %s is the reason, a whole message of its own */
      g_autofree char *text = g_strdup_printf (_("Could not find matches: %s"), error->message);

      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", text);
      update_header (self, 0);
      return;
    }
  show_found (self, found);
}

/* Finds the matches of the flow in a worker thread; a search still
 * running is cancelled (its answer ignored) */
static void
find_matches (SmMatchesPanel *self)
{
  g_autoptr (GTask) task = NULL;
  SmMatch *selected = sm_matches_panel_get_selected (self);
  FindData *data;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (selected != NULL)
    {
      self->keep_supply = sm_match_get (selected)->supply_flow_id;
      self->keep_demand = sm_match_get (selected)->demand_flow_id;
    }
  if (self->flow == NULL || self->project == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  data = g_new0 (FindData, 1);
  data->worker = g_atomic_rc_box_acquire (self->worker);
  data->flow_id = self->flow->flow_id;
  data->find = self->find;
  sm_match_options_init (&data->options);
  data->options.radius_km = sm_matches_panel_get_radius_km (self);
  data->options.heat_pumps = gtk_switch_get_active (self->heat_pump_switch);
  task = g_task_new (NULL, self->cancellable, on_found, g_object_ref (self));
  g_task_set_source_tag (task, find_matches);
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);
  set_running (self, TRUE);
  update_header (self, -1);
  g_task_run_in_thread (task, find_thread);
}

/* Signal handlers */

static void
on_radius_changed (SmMatchesPanel *self)
{
  if (self->flow == NULL)
    return;
  self->radius_km[self->flow->resource] = gtk_spin_button_get_value (self->radius_spin);
  find_matches (self);
}

static void
on_options_changed (SmMatchesPanel *self)
{
  find_matches (self);
}

static void
on_sort_changed (SmMatchesPanel *self)
{
  find_matches (self);
}

static void
on_row_selected (SmMatchesPanel *self,
                 GtkListBoxRow  *row)
{
  SmMatch *match = sm_matches_panel_get_selected (self);

  if (self->breakdown_label == NULL)
    return;
  if (match != NULL && self->flow != NULL)
    {
      g_autofree char *text = cost_breakdown (self, sm_match_get (match));

      gtk_label_set_text (self->breakdown_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->breakdown_label), match != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

static void
on_project_changed (SmMatchesPanel *self)
{
  g_autoptr (SmFlow) flow = NULL;

  if (self->flow == NULL)
    return;
  flow = sm_project_get_flow (self->project, self->flow->flow_id, NULL);
  if (flow == NULL)
    {
      /* The flow was deleted */
      sm_matches_panel_set_flow_id (self, 0);
      return;
    }
  g_clear_pointer (&self->flow, sm_flow_free);
  self->flow = g_steal_pointer (&flow);
  find_matches (self);
}

static void
set_project (SmMatchesPanel *self,
             SmProject      *project)
{
  if (self->project == project)
    return;
  sm_matches_panel_set_flow_id (self, 0);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (self->worker != NULL)
    g_atomic_rc_box_release_full (self->worker, (GDestroyNotify) worker_unref);
  self->worker = g_atomic_rc_box_new0 (Worker);
  g_mutex_init (&self->worker->lock);
  if (project != NULL)
    {
      /* The worker's own connection: with the password a database may ask for */
      self->worker->path = sm_project_dup_open_address (project);
      g_signal_connect_swapped (project, "changed", G_CALLBACK (on_project_changed), self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

/* GObject */

static void
sm_matches_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SmMatchesPanel *self = SM_MATCHES_PANEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_FLOW_ID:
      g_value_set_int64 (value, sm_matches_panel_get_flow_id (self));
      break;
    case PROP_SELECTED:
      g_value_set_object (value, sm_matches_panel_get_selected (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_matches_panel_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SmMatchesPanel *self = SM_MATCHES_PANEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      set_project (self, g_value_get_object (value));
      break;
    case PROP_FLOW_ID:
      sm_matches_panel_set_flow_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_matches_panel_dispose (GObject *object)
{
  SmMatchesPanel *self = SM_MATCHES_PANEL (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_object (&self->model);
  g_clear_pointer (&self->flow, sm_flow_free);
  if (self->worker != NULL)
    g_atomic_rc_box_release_full (g_steal_pointer (&self->worker), (GDestroyNotify) worker_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_MATCHES_PANEL);
  /* The template's box is not bound to a field */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sm_matches_panel_parent_class)->dispose (object);
}

static void
sm_matches_panel_class_init (SmMatchesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_matches_panel_dispose;
  object_class->get_property = sm_matches_panel_get_property;
  object_class->set_property = sm_matches_panel_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, SM_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLOW_ID] =
    g_param_spec_int64 ("flow-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, SM_TYPE_MATCH,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-matches-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SmMatchesPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, SmMatchesPanel, flow_label);
  gtk_widget_class_bind_template_child (widget_class, SmMatchesPanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, SmMatchesPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, SmMatchesPanel, radius_spin);
  gtk_widget_class_bind_template_child (widget_class, SmMatchesPanel, heat_pump_row);
  gtk_widget_class_bind_template_child (widget_class, SmMatchesPanel, heat_pump_switch);
  gtk_widget_class_bind_template_child (widget_class, SmMatchesPanel, sort_row);
  gtk_widget_class_bind_template_child (widget_class, SmMatchesPanel, match_list);
  gtk_widget_class_bind_template_child (widget_class, SmMatchesPanel, breakdown_label);
  gtk_widget_class_bind_template_callback (widget_class, on_radius_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_options_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sort_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sm_matches_panel_init (SmMatchesPanel *self)
{
  GtkWidget *empty = gtk_label_new (_("No compatible flows nearby. Try a larger radius, or allow "
                                      "heat pumps."));

  gtk_widget_init_template (GTK_WIDGET (self));
  self->model = g_list_store_new (SM_TYPE_MATCH);
  self->find = sm_synergy_find;
  self->worker = g_atomic_rc_box_new0 (Worker);
  g_mutex_init (&self->worker->lock);
  sm_format_spin_button (self->radius_spin);
  gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_widget_set_margin_start (empty, 12);
  gtk_widget_set_margin_end (empty, 12);
  gtk_list_box_set_placeholder (self->match_list, empty);
  gtk_list_box_bind_model (self->match_list, G_LIST_MODEL (self->model), create_row, self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/* Public API */

/**
 * sm_matches_panel_set_flow_id:
 * @self: a matches panel
 * @flow_id: the flow whose matches to find, or 0 to show none
 *
 * Finds the matches in a worker thread; the map fits them when they come.
 */
void
sm_matches_panel_set_flow_id (SmMatchesPanel *self,
                              gint64          flow_id)
{
  g_autoptr (SmFlow) flow = NULL;

  g_return_if_fail (SM_IS_MATCHES_PANEL (self));

  if (flow_id != 0 && self->project != NULL)
    flow = sm_project_get_flow (self->project, flow_id, NULL);
  g_clear_pointer (&self->flow, sm_flow_free);
  self->flow = g_steal_pointer (&flow);
  self->keep_supply = self->keep_demand = 0;
  g_list_store_remove_all (self->model);
  gtk_widget_set_visible (GTK_WIDGET (self->breakdown_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->match_list), FALSE);
  if (self->flow != NULL)
    {
      gboolean heat = self->flow->resource == SM_RESOURCE_HEAT
                      || self->flow->resource == SM_RESOURCE_STEAM;

      g_signal_handlers_block_by_func (self->radius_spin, on_radius_changed, self);
      gtk_spin_button_set_value (self->radius_spin, sm_matches_panel_get_radius_km (self));
      g_signal_handlers_unblock_by_func (self->radius_spin, on_radius_changed, self);
      gtk_widget_set_visible (GTK_WIDGET (self->heat_pump_row), heat);
      self->fit_when_found = TRUE;
      find_matches (self);
    }
  else
    {
      if (self->cancellable != NULL)
        g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      set_running (self, FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->flow != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLOW_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

gint64
sm_matches_panel_get_flow_id (SmMatchesPanel *self)
{
  g_return_val_if_fail (SM_IS_MATCHES_PANEL (self), 0);
  return self->flow ? self->flow->flow_id : 0;
}

/**
 * sm_matches_panel_get_model:
 *
 * Returns: (transfer none): the matches shown, of #SmMatch, in their order
 */
GListModel *
sm_matches_panel_get_model (SmMatchesPanel *self)
{
  g_return_val_if_fail (SM_IS_MATCHES_PANEL (self), NULL);
  return G_LIST_MODEL (self->model);
}

/**
 * sm_matches_panel_get_selected:
 *
 * Returns: (transfer none) (nullable): the selected match
 */
SmMatch *
sm_matches_panel_get_selected (SmMatchesPanel *self)
{
  GtkListBoxRow *row;
  g_autoptr (SmMatch) match = NULL;

  g_return_val_if_fail (SM_IS_MATCHES_PANEL (self), NULL);

  /* Disposed */
  if (self->match_list == NULL || self->model == NULL)
    return NULL;
  row = gtk_list_box_get_selected_row (self->match_list);
  if (row == NULL)
    return NULL;
  match = g_list_model_get_item (G_LIST_MODEL (self->model), gtk_list_box_row_get_index (row));
  /* The store holds it */
  return match;
}

gboolean
sm_matches_panel_select (SmMatchesPanel *self,
                         guint           position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SM_IS_MATCHES_PANEL (self), FALSE);

  row = gtk_list_box_get_row_at_index (self->match_list, position);
  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (self->match_list, row);
  return TRUE;
}

gboolean
sm_matches_panel_get_running (SmMatchesPanel *self)
{
  g_return_val_if_fail (SM_IS_MATCHES_PANEL (self), FALSE);
  return self->running;
}

/**
 * sm_matches_panel_set_radius_km:
 *
 * Sets the radius for the resource of the flow shown, and finds again.
 */
void
sm_matches_panel_set_radius_km (SmMatchesPanel *self,
                                double          radius_km)
{
  g_return_if_fail (SM_IS_MATCHES_PANEL (self));
  gtk_spin_button_set_value (self->radius_spin, radius_km);
}

/**
 * sm_matches_panel_get_radius_km:
 *
 * Returns: the radius for the resource of the flow shown: the last one
 *   chosen for that resource, else the resource's default
 */
double
sm_matches_panel_get_radius_km (SmMatchesPanel *self)
{
  g_return_val_if_fail (SM_IS_MATCHES_PANEL (self), 0);
  if (self->flow == NULL)
    return 0;
  return self->radius_km[self->flow->resource] > 0
           ? self->radius_km[self->flow->resource]
           : sm_match_default_radius_km (self->flow->resource);
}

/**
 * sm_matches_panel_dup_heading:
 *
 * Returns: (transfer full): the header's line that names the flow
 */
char *
sm_matches_panel_dup_heading (SmMatchesPanel *self)
{
  g_return_val_if_fail (SM_IS_MATCHES_PANEL (self), NULL);
  return g_strdup (gtk_label_get_text (self->flow_label));
}

void
sm_matches_panel_set_find_func (SmMatchesPanel    *self,
                                SmMatchesFindFunc  func)
{
  g_return_if_fail (SM_IS_MATCHES_PANEL (self));
  self->find = func ? func : sm_synergy_find;
}
