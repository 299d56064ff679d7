/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sm-window"

#include "config.h"

#include <glib/gi18n.h>
#include <shumate/shumate.h>

#include "sm-cost.h"
#include "sm-export-dialog.h"
#include "sm-format.h"
#include "sm-import-dialog.h"
#include "sm-links-layer.h"
#include "sm-map-fit.h"
#include "sm-mbtiles-source.h"
#include "sm-network-layer.h"
#include "sm-offline-layer.h"
#include "sm-parse.h"
#include "sm-sites-layer.h"
#include "sm-synergy.h"
#include "sm-resources.h"
#include "sm-window.h"

struct _SmWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  ShumateSimpleMap    *simple_map;
  AdwFlap             *flap;
  GtkSearchEntry      *search_entry;
  GtkListBox          *search_results;
  AdwPreferencesGroup *details_group;
  AdwPreferencesGroup *matches_group;
  AdwPreferencesGroup *legend_group;
  GtkSwitch           *sites_switch;
  GtkSwitch           *links_switch;
  GtkSwitch           *exchanges_switch;
  GtkSwitch           *network_switch;
  AdwComboRow         *basemap_row;
  AdwEntryRow         *basemap_url_row;

  /* Map layers (owned by the map) */
  SmSitesLayer        *sites_layer;
  SmLinksLayer        *links_layer;
  SmLinksLayer        *exchanges_layer;
  SmNetworkLayer      *network_layer;
  SmOfflineLayer      *offline_layer;
  ShumateMapLayer     *base_layer;
  ShumateMapSource    *base_source;
  ShumateMapSourceRegistry *registry;

  /* Rows added to the sidebar groups, to remove them again */
  GPtrArray           *details_rows;
  GPtrArray           *match_rows;
  GPtrArray           *search_rows;
  GtkCheckButton      *filter_checks[SM_N_RESOURCES];

  /* The flow whose matches are shown */
  AdwActionRow        *breakdown_row;
  gint64               match_flow;
  GPtrArray           *matches; /* of SmSynergy */
  double               match_radius_km;
  gboolean             heat_pumps;
  guint                match_sort; /* 0 distance, 1 matched amount, 2 cost */

  /* Owned references */
  SmProject           *project;
  GSettings           *settings;
};

G_DEFINE_FINAL_TYPE (SmWindow, sm_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static ShumateMap *
get_map (SmWindow *self)
{
  return shumate_simple_map_get_map (self->simple_map);
}

static void
zoom_by (SmWindow *self,
         double    delta)
{
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple_map);

  shumate_viewport_set_zoom_level (viewport, shumate_viewport_get_zoom_level (viewport) + delta);
}

/* The sidebar: details of the selected site, its matches, layers, legend */

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static GtkWidget *
add_row (AdwPreferencesGroup *group,
         GPtrArray           *rows,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  /* Names from users' files are text, not markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (rows, row);
  return row;
}

static void
clear_matches (SmWindow *self)
{
  clear_rows (self->matches_group, self->match_rows);
  self->breakdown_row = NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->matches_group), FALSE);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  self->match_flow = 0;
  sm_links_layer_clear (self->links_layer);
}

static void show_matches (SmWindow *self, gint64 flow_id);

static void
on_find_matches (GtkButton *button,
                 SmWindow  *self)
{
  show_matches (self, GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "sm-flow")));
}

static char *
flow_summary (const SmFlow *f)
{
  g_autofree char *amount = sm_format_amount (f->amount, f->resource);
  g_autofree char *temp = sm_format_temperature (f->temperature_c);
  /* As people write them: "17 05 06", "03 01, 17" */
  g_autofree char *ewc = f->ewc_code ? sm_ewc_format (f->ewc_code) : NULL;
  GString *out = g_string_new (amount);

  if (temp != NULL)
    g_string_append_printf (out, " · %s", temp);
  if (ewc != NULL)
    /* TRANSLATORS: the European Waste Catalogue code of a material */
    g_string_append_printf (out, " · %s %s", _("EWC"), ewc);
  if (f->material != NULL)
    g_string_append_printf (out, "\n%s", f->material);
  return g_string_free (out, FALSE);
}

/* Shows @site_id in the details panel, or hides the panel for 0 */
static void
select_site (SmWindow *self,
             gint64    site_id)
{
  g_autoptr (SmSite) site = NULL;
  g_autoptr (GPtrArray) flows = NULL;

  clear_rows (self->details_group, self->details_rows);
  clear_matches (self);
  sm_sites_layer_set_selected_site (self->sites_layer, site_id);
  if (site_id == 0 || self->project == NULL
      || (site = sm_project_get_site (self->project, site_id, NULL)) == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->details_group), FALSE);
      return;
    }

  adw_preferences_group_set_title (self->details_group, site->name);
  adw_preferences_group_set_description (self->details_group, site->sector);
  if (site->address != NULL)
    add_row (self->details_group, self->details_rows, _("Address"), site->address);
  if (site->contact_name != NULL || site->contact_email != NULL)
    {
      GtkWidget *row = add_row (self->details_group, self->details_rows, _("Contact"),
                                site->contact_name);

      if (site->contact_email != NULL)
        {
          g_autofree char *uri = g_strconcat ("mailto:", site->contact_email, NULL);
          GtkWidget *link = gtk_link_button_new_with_label (uri, site->contact_email);

          gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), link);
        }
    }
  if (site->phone != NULL)
    add_row (self->details_group, self->details_rows, _("Phone"), site->phone);

  flows = sm_project_list_flows (self->project, site_id, NULL);
  for (guint i = 0; flows != NULL && i < flows->len; i++)
    {
      SmFlow *f = g_ptr_array_index (flows, i);
      g_autofree char *summary = flow_summary (f);
      /* TRANSLATORS: a flow's direction and resource, e.g. “Supply · Heat” */
      g_autofree char *title = g_strdup_printf (_("%s · %s"), sm_direction_get_label (f->direction),
                                                sm_resource_get_label (f->resource));
      GtkWidget *row = add_row (self->details_group, self->details_rows, title, summary);
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Matches"));
      GdkRGBA rgba;
      GtkWidget *swatch = gtk_label_new ("●");
      g_autofree char *markup = NULL;

      sm_resource_to_rgba (f->resource, &rgba);
      markup = g_strdup_printf ("<span foreground=\"#%02x%02x%02x\" size=\"x-large\">%s</span>",
                                (int) (rgba.red * 255), (int) (rgba.green * 255),
                                (int) (rgba.blue * 255),
                                f->direction == SM_DIRECTION_SUPPLY ? "●" : "○");
      gtk_label_set_markup (GTK_LABEL (swatch), markup);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Find the flows nearby that can use this one"));
      g_object_set_data (G_OBJECT (button), "sm-flow", GSIZE_TO_POINTER ((gsize) f->flow_id));
      g_signal_connect (button, "clicked", G_CALLBACK (on_find_matches), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->details_group), TRUE);
  adw_flap_set_reveal_flap (self->flap, TRUE);
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

/* The cost breakdown of one match (SYNERGY.md), for the selected row */
static char *
cost_breakdown (SmWindow  *self,
                SmSynergy *m)
{
  g_autoptr (SmFlow) flow = sm_project_get_flow (self->project, self->match_flow, NULL);
  GString *out = g_string_new (NULL);
  g_autofree char *route = sm_format_distance (m->route_m);
  SmCostEstimate e;
  double supply_c, demand_c;

  if (flow == NULL)
    return g_string_free (out, FALSE);
  supply_c = flow->direction == SM_DIRECTION_SUPPLY ? flow->temperature_c : m->temperature_c;
  demand_c = flow->direction == SM_DIRECTION_SUPPLY ? m->temperature_c : flow->temperature_c;
  sm_cost_estimate (self->project, flow->resource, m->matched_amount, flow->hours_per_year,
                    supply_c, demand_c, m->cop, m->route_m, flow->lat, flow->lon, &e);
  g_string_append_printf (out, m->route != NULL
                                 /* TRANSLATORS: %s is a distance */
                                 ? _("Route %s along the network")
                                 : _("Route %s: straight line × detour factor"),
                          route);
  if (e.heat)
    {
      g_autofree char *mw = sm_format_number (e.capacity_mw, 2);
      g_autofree char *per_m = sm_format_number (e.pipe_eur_per_m, 0);
      g_autofree char *years = sm_format_number (e.payback_years, 1);
      g_autofree char *co2 = sm_format_number (e.co2_avoided_t, 0);
      g_autofree char *loss = sm_format_number (e.heat_loss_mwh, 0);

      g_string_append_c (out, '\n');
      /* TRANSLATORS: capacity in MW and the pipe's cost per metre */
      g_string_append_printf (out, _("%s MW: pipe class of %s €/m"), mw, per_m);
      append_euros (out, _("Pipe: %s €"), e.pipe_eur);
      append_euros (out, _("Heat exchangers: %s €"), e.exchangers_eur);
      append_euros (out, _("Pumps: %s €"), e.pumps_eur);
      if (e.heat_pump_electricity_mwh > 0)
        append_euros (out, _("Heat pump electricity: %s €/yr"), e.heat_pump_electricity_eur);
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("Heat loss: %s MWh/yr"), loss);
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("Simple payback: %s years"), years);
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("CO₂ avoided: %s t/yr"), co2);
    }
  else
    {
      g_autofree char *co2 = sm_format_number (e.transport_co2_t, 1);

      append_euros (out, _("Trucks: %s €/yr"), e.transport_eur);
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("Truck CO₂: %s t/yr"), co2);
    }
  return g_string_free (out, FALSE);
}

static void
on_match_selected (GtkListBox    *box,
                   GtkListBoxRow *row,
                   SmWindow      *self)
{
  int index = row ? GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "sm-index")) - 1 : -1;

  sm_links_layer_set_highlight (self->links_layer, index);
  if (self->breakdown_row != NULL && self->matches != NULL && index >= 0
      && (guint) index < self->matches->len)
    {
      SmSynergy *m = g_ptr_array_index (self->matches, index);
      g_autofree char *text = cost_breakdown (self, m);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->breakdown_row), m->site_name);
      adw_action_row_set_subtitle (self->breakdown_row, text);
      gtk_widget_set_visible (GTK_WIDGET (self->breakdown_row), TRUE);
    }
}

/* The exchanges layer: every recorded exchange, dashed */
static void
reload_exchanges (SmWindow *self)
{
  g_autoptr (GPtrArray) list = NULL;

  sm_links_layer_clear (self->exchanges_layer);
  if (self->project == NULL || (list = sm_project_list_exchanges (self->project, NULL)) == NULL)
    return;
  for (guint i = 0; i < list->len; i++)
    {
      SmExchange *x = g_ptr_array_index (list, i);

      sm_links_layer_add (self->exchanges_layer, x->supply_lat, x->supply_lon, x->demand_lat,
                          x->demand_lon, x->resource, x->amount);
    }
}

static void
on_record_exchange (GtkButton *button,
                    SmWindow  *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "sm-index"));
  GtkDropDown *status = g_object_get_data (G_OBJECT (button), "sm-status");
  GtkEditable *note = g_object_get_data (G_OBJECT (button), "sm-note");
  GtkMenuButton *menu = g_object_get_data (G_OBJECT (button), "sm-menu");
  const char *text = gtk_editable_get_text (note);
  SmSynergy *m;
  g_autoptr (GError) error = NULL;
  SmExchangeStatus chosen = gtk_drop_down_get_selected (status);

  if (self->matches == NULL || index >= self->matches->len)
    return;
  m = g_ptr_array_index (self->matches, index);
  if (!sm_project_set_exchange (self->project, m->supply_flow_id, m->demand_flow_id, chosen,
                                text && *text ? text : NULL, &error))
    {
      sm_window_show_error (self, _("Could Not Save the Exchange"), error);
      return;
    }
  g_free (m->status);
  m->status = g_strdup (sm_status_to_key (chosen));
  gtk_menu_button_set_label (menu, sm_status_get_label (chosen));
  gtk_menu_button_popdown (menu);
  reload_exchanges (self);
  sm_window_add_toast (self, adw_toast_new (_("Exchange saved")));
}

/* "Save…": status and note for the exchange of one match */
static GtkWidget *
exchange_button (SmWindow  *self,
                 guint      index,
                 SmSynergy *m)
{
  GtkWidget *menu = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autoptr (GtkStringList) statuses = gtk_string_list_new (NULL);
  GtkWidget *status, *note, *save;

  for (int i = 0; i < SM_N_STATUSES; i++)
    gtk_string_list_append (statuses, sm_status_get_label (i));
  status = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (statuses)), NULL);
  if (m->status != NULL)
    gtk_drop_down_set_selected (GTK_DROP_DOWN (status), MAX (0, sm_status_from_key (m->status)));
  note = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (note), _("Note"));
  save = gtk_button_new_with_mnemonic (_("_Save Exchange"));
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_box_append (GTK_BOX (box), gtk_label_new (_("Status")));
  gtk_box_append (GTK_BOX (box), status);
  gtk_box_append (GTK_BOX (box), note);
  gtk_box_append (GTK_BOX (box), save);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (menu), popover);
  gtk_menu_button_set_label (GTK_MENU_BUTTON (menu),
                             m->status ? sm_status_get_label (sm_status_from_key (m->status))
                                       : _("Save…"));
  gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (menu, _("Record this match as an exchange, with its status"));
  g_object_set_data (G_OBJECT (save), "sm-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (save), "sm-status", status);
  g_object_set_data (G_OBJECT (save), "sm-note", note);
  g_object_set_data (G_OBJECT (save), "sm-menu", menu);
  g_signal_connect (save, "clicked", G_CALLBACK (on_record_exchange), self);
  return menu;
}

static void
on_match_options_changed (SmWindow *self)
{
  if (self->match_flow != 0)
    show_matches (self, self->match_flow);
}

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
  double cx = isnan (x->cost_eur) ? G_MAXDOUBLE : x->cost_eur;
  double cy = isnan (y->cost_eur) ? G_MAXDOUBLE : y->cost_eur;
  return (cx > cy) - (cx < cy);
}

static void
on_sort_changed (AdwComboRow *row,
                 GParamSpec  *pspec,
                 SmWindow    *self)
{
  self->match_sort = adw_combo_row_get_selected (row);
  on_match_options_changed (self);
}

static void
on_radius_changed (GtkSpinButton *spin,
                   SmWindow      *self)
{
  self->match_radius_km = gtk_spin_button_get_value (spin);
  on_match_options_changed (self);
}

static void
on_heat_pump_toggled (GtkSwitch  *sw,
                      GParamSpec *pspec,
                      SmWindow   *self)
{
  self->heat_pumps = gtk_switch_get_active (sw);
  on_match_options_changed (self);
}

static char *
match_summary (const SmSynergy *m)
{
  g_autofree char *amount = sm_format_amount (m->matched_amount, m->resource);
  g_autofree char *distance = sm_format_distance (m->internal ? 0 : m->route_m);
  g_autofree char *temp = sm_format_temperature (m->temperature_c);
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
  if (!isnan (m->cost_eur) && !m->internal)
    {
      g_autofree char *cost = sm_format_number (round (m->cost_eur / 1000) * 1000, 0);

      g_string_append_c (out, '\n');
      g_string_append_printf (out,
                              m->resource == SM_RESOURCE_HEAT || m->resource == SM_RESOURCE_STEAM
                                /* TRANSLATORS: the investment in a heat pipe, in euros */
                                ? _("Investment about %s €")
                                /* TRANSLATORS: the yearly cost of trucking a material, in euros */
                                : _("Trucks about %s €/yr"),
                              cost);
    }
  if (m->status != NULL)
    g_string_append_printf (out, "\n%s", sm_status_get_label (sm_status_from_key (m->status)));
  return g_string_free (out, FALSE);
}

static void
show_matches (SmWindow *self,
              gint64    flow_id)
{
  g_autoptr (SmFlow) flow = sm_project_get_flow (self->project, flow_id, NULL);
  g_autoptr (GError) error = NULL;
  SmMatchOptions options;
  GtkWidget *list, *options_row, *spin, *sw;
  double min_lat, max_lat, min_lon, max_lon;

  clear_matches (self);
  if (flow == NULL)
    return;
  sm_match_options_init (&options);
  options.radius_km = self->match_radius_km > 0 ? self->match_radius_km
                                                : sm_match_default_radius_km (flow->resource);
  options.heat_pumps = self->heat_pumps;
  self->matches = sm_synergy_find (self->project, flow_id, &options, &error);
  if (self->matches == NULL)
    {
      sm_window_show_error (self, _("Could Not Find Matches"), error);
      return;
    }
  self->match_flow = flow_id;
  self->match_radius_km = options.radius_km;

  {
    g_autofree char *radius = sm_format_distance (options.radius_km * 1000);
    g_autofree char *description =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match for %s %s of %s within %s",
                                    "%d matches for %s %s of %s within %s", self->matches->len),
                       self->matches->len, sm_direction_get_label (flow->direction),
                       sm_resource_get_label (flow->resource), flow->site_name, radius);
    adw_preferences_group_set_description (self->matches_group, description);
  }

  /* The search's settings: radius and heat pumps */
  options_row = add_row (self->matches_group, self->match_rows, _("Radius (km)"), NULL);
  spin = gtk_spin_button_new_with_range (0.5, 200, 0.5);
  sm_format_spin_button (GTK_SPIN_BUTTON (spin));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), options.radius_km);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  g_signal_connect (spin, "value-changed", G_CALLBACK (on_radius_changed), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (options_row), spin);
  if (flow->resource == SM_RESOURCE_HEAT || flow->resource == SM_RESOURCE_STEAM)
    {
      GtkWidget *row = add_row (self->matches_group, self->match_rows, _("Allow heat pumps"),
                                _("Lift heat that is too cold for the demand"));
      sw = gtk_switch_new ();
      gtk_switch_set_active (GTK_SWITCH (sw), self->heat_pumps);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      g_signal_connect (sw, "notify::active", G_CALLBACK (on_heat_pump_toggled), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
    }

  {
    GtkWidget *sort = adw_combo_row_new ();
    g_autoptr (GtkStringList) keys = gtk_string_list_new (NULL);

    /* TRANSLATORS: how the match list is sorted */
    gtk_string_list_append (keys, _("Distance"));
    gtk_string_list_append (keys, _("Matched amount"));
    gtk_string_list_append (keys, _("Cost"));
    adw_combo_row_set_model (ADW_COMBO_ROW (sort), G_LIST_MODEL (keys));
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (sort), _("Sort by"));
    adw_combo_row_set_selected (ADW_COMBO_ROW (sort), self->match_sort);
    g_signal_connect (sort, "notify::selected", G_CALLBACK (on_sort_changed), self);
    adw_preferences_group_add (self->matches_group, sort);
    g_ptr_array_add (self->match_rows, sort);
  }
  g_ptr_array_sort (self->matches, self->match_sort == 1 ? by_amount
                                   : self->match_sort == 2 ? by_cost : by_distance);

  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_SINGLE);
  g_signal_connect (list, "row-selected", G_CALLBACK (on_match_selected), self);
  min_lat = max_lat = flow->lat;
  min_lon = max_lon = flow->lon;
  for (guint i = 0; i < self->matches->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (self->matches, i);
      g_autofree char *summary = match_summary (m);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *save = exchange_button (self, i, m);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), m->site_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), save);
      g_object_set_data (G_OBJECT (row), "sm-index", GINT_TO_POINTER (i + 1));
      gtk_list_box_append (GTK_LIST_BOX (list), row);

      /* Along the pipe route where the network carries it */
      if (m->route != NULL && m->route->len >= 4)
        sm_links_layer_add_route (self->links_layer, m->route, m->resource, m->matched_amount);
      else
        sm_links_layer_add (self->links_layer, flow->lat, flow->lon, m->lat, m->lon, m->resource,
                            m->matched_amount);
      min_lat = MIN (min_lat, m->lat);
      max_lat = MAX (max_lat, m->lat);
      min_lon = MIN (min_lon, m->lon);
      max_lon = MAX (max_lon, m->lon);
    }
  if (self->matches->len > 0)
    {
      adw_preferences_group_add (self->matches_group, list);
      g_ptr_array_add (self->match_rows, list);
      /* Filled when a match is selected */
      self->breakdown_row = ADW_ACTION_ROW (add_row (self->matches_group, self->match_rows, "", NULL));
      adw_action_row_set_subtitle_lines (self->breakdown_row, 12);
      gtk_widget_set_visible (GTK_WIDGET (self->breakdown_row), FALSE);
      /* A fly-to from the search may still be moving the map */
      shumate_map_stop_go_to (get_map (self));
      sm_map_fit_extent (get_map (self), min_lon, min_lat, max_lon, max_lat);
    }
  else
    {
      g_object_ref_sink (list);
      g_object_unref (list);
      add_row (self->matches_group, self->match_rows, _("No compatible flows nearby"),
               _("Try a larger radius, or allow heat pumps"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->matches_group), TRUE);
}

/* Clicking the map: a site selects it, a cluster zooms in to it */
static void
on_map_released (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 SmWindow        *self)
{
  SmSitesPick pick;
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple_map);
  GtkWidget *map = GTK_WIDGET (get_map (self));
  double lx = x, ly = y;

  if (n_press != 1 || !gtk_widget_get_visible (GTK_WIDGET (self->sites_layer)))
    return;
  gtk_widget_translate_coordinates (map, GTK_WIDGET (self->sites_layer), x, y, &lx, &ly);
  if (!sm_sites_layer_pick (self->sites_layer, lx, ly, &pick))
    {
      select_site (self, 0);
      return;
    }
  if (pick.site_id == 0)
    {
      shumate_map_go_to_full (get_map (self), pick.lat, pick.lon,
                              MIN (shumate_viewport_get_zoom_level (viewport) + 2, 19));
      return;
    }
  select_site (self, pick.site_id);
}

static void
on_filter_toggled (SmWindow *self)
{
  guint filter = 0;

  for (int r = 0; r < SM_N_RESOURCES; r++)
    if (gtk_check_button_get_active (self->filter_checks[r]))
      filter |= 1u << r;
  sm_sites_layer_set_resource_filter (self->sites_layer, filter);
}

static void
build_legend (SmWindow *self)
{
  for (int r = 0; r < SM_N_RESOURCES; r++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *swatch = gtk_label_new (NULL);
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *markup = NULL;
      GdkRGBA rgba;

      sm_resource_to_rgba (r, &rgba);
      markup = g_strdup_printf ("<span foreground=\"#%06x\" size=\"x-large\">●</span>",
                                sm_resource_get_color (r));
      gtk_label_set_markup (GTK_LABEL (swatch), markup);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sm_resource_get_label (r));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_filter_toggled), self);
      self->filter_checks[r] = GTK_CHECK_BUTTON (check);
      adw_preferences_group_add (self->legend_group, row);
    }
}

/* Search: sites by name */

static void
on_search_result_activated (GtkListBox    *box,
                            GtkListBoxRow *row,
                            SmWindow      *self)
{
  gint64 site_id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "sm-site"));
  g_autoptr (SmSite) site = sm_project_get_site (self->project, site_id, NULL);

  if (site == NULL)
    return;
  shumate_map_go_to_full (get_map (self), site->lat, site->lon, 15);
  select_site (self, site_id);
}

static void
on_search_changed (SmWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;

  for (guint i = 0; i < self->search_rows->len; i++)
    gtk_list_box_remove (self->search_results, g_ptr_array_index (self->search_rows, i));
  g_ptr_array_set_size (self->search_rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->search_results), FALSE);
  if (self->project == NULL || text == NULL || *text == '\0')
    return;

  pattern = g_strdup_printf ("%%%s%%", text);
  stmt = sm_project_prepare (self->project,
                             "SELECT site_id, name, sector FROM sites WHERE name LIKE ? "
                             "OR ext_id LIKE ? ORDER BY name LIMIT 8",
                             NULL);
  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, pattern, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     (const char *) sqlite3_column_text (stmt, 1));
      if (sqlite3_column_text (stmt, 2) != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), (const char *) sqlite3_column_text (stmt, 2));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "sm-site",
                         GSIZE_TO_POINTER ((gsize) sqlite3_column_int64 (stmt, 0)));
      gtk_list_box_append (self->search_results, row);
      g_ptr_array_add (self->search_rows, row);
    }
  sqlite3_reset (stmt);
  if (self->search_rows->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No site by that name"));
      gtk_list_box_append (self->search_results, row);
      g_ptr_array_add (self->search_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->search_results), TRUE);
}

static void
on_search_activate (SmWindow *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->search_results, 0);

  if (first != NULL && g_object_get_data (G_OBJECT (first), "sm-site") != NULL)
    on_search_result_activated (self->search_results, first, self);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  select_site (SM_WINDOW (widget), 0);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple_map);
  GtkWidget *map = GTK_WIDGET (get_map (self));
  double dx, dy, lat, lon;

  g_variant_get (parameter, "(dd)", &dx, &dy);
  /* A quarter of the view per key press */
  shumate_viewport_widget_coords_to_location (viewport, map,
                                              gtk_widget_get_width (map) * (0.5 + dx / 4),
                                              gtk_widget_get_height (map) * (0.5 + dy / 4),
                                              &lat, &lon);
  shumate_map_center_on (get_map (self), lat, lon);
}

/* Basemaps */

static const char *basemap_keys[] = { "none", "osm", "xyz", "mbtiles", "offline" };

/* Puts the basemap of the settings under the overlays. Tiles that cannot
 * be fetched (no network) leave the offline basemap showing. */
static void
apply_basemap (SmWindow *self)
{
  g_autofree char *kind = g_settings_get_string (self->settings, "basemap");
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple_map);
  ShumateLicense *license = shumate_simple_map_get_license (self->simple_map);
  g_autoptr (ShumateMapSource) source = NULL;
  g_autoptr (GError) error = NULL;

  /* The offline basemap lies under any tiles, showing where they are missing */
  gtk_widget_set_visible (GTK_WIDGET (self->offline_layer), !g_str_equal (kind, "none"));
  if (self->base_layer != NULL)
    {
      shumate_map_remove_layer (get_map (self), SHUMATE_LAYER (self->base_layer));
      self->base_layer = NULL;
    }
  if (self->base_source != NULL)
    {
      shumate_license_remove_map_source (license, self->base_source);
      g_clear_object (&self->base_source);
    }

  if (g_str_equal (kind, "osm"))
    source = g_object_ref (shumate_map_source_registry_get_by_id (self->registry,
                                                                  SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  else if (g_str_equal (kind, "xyz"))
    {
      g_autofree char *url = g_settings_get_string (self->settings, "basemap-url");

      if (*url != '\0')
        source = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full_from_url (
          "symbiomap-custom", _("Custom tiles"), "", "", 0, 19, 256,
          SHUMATE_MAP_PROJECTION_MERCATOR, url));
    }
  else if (g_str_equal (kind, "mbtiles"))
    {
      g_autofree char *file = g_settings_get_string (self->settings, "basemap-file");
      g_autoptr (SmMbtilesSource) data = *file ? sm_mbtiles_source_new (file, &error) : NULL;

      if (data != NULL)
        source = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (
          "symbiomap-mbtiles", sm_mbtiles_source_get_name (data), "", "",
          sm_mbtiles_source_get_min_zoom (data), sm_mbtiles_source_get_max_zoom (data), 256,
          SHUMATE_MAP_PROJECTION_MERCATOR, SHUMATE_DATA_SOURCE (data)));
      else if (error != NULL)
        sm_window_add_toast (self, adw_toast_new (error->message));
    }

  if (source == NULL)
    return;
  self->base_layer = shumate_map_layer_new (source, viewport);
  shumate_map_insert_layer_behind (get_map (self), SHUMATE_LAYER (self->base_layer),
                                   SHUMATE_LAYER (self->network_layer));
  self->base_source = g_steal_pointer (&source);
  shumate_license_append_map_source (license, self->base_source);
}

static void
on_mbtiles_chosen (GtkNativeDialog *native,
                   int              response,
                   SmWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      g_settings_set_string (self->settings, "basemap-file", path ? path : "");
      g_settings_set_string (self->settings, "basemap", "mbtiles");
      apply_basemap (self);
    }
  else
    {
      g_autofree char *kind = g_settings_get_string (self->settings, "basemap");
      for (guint i = 0; i < G_N_ELEMENTS (basemap_keys); i++)
        if (g_str_equal (kind, basemap_keys[i]))
          adw_combo_row_set_selected (self->basemap_row, i);
    }
  g_object_unref (native);
  g_object_unref (self);
}

static void
on_basemap_selected (SmWindow *self)
{
  guint i = adw_combo_row_get_selected (self->basemap_row);
  g_autofree char *current = g_settings_get_string (self->settings, "basemap");

  if (i >= G_N_ELEMENTS (basemap_keys))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->basemap_url_row), i == 2);
  if (i == 3 && !g_str_equal (current, "mbtiles"))
    {
      GtkFileChooserNative *native =
        gtk_file_chooser_native_new (_("Choose an Offline Basemap"), GTK_WINDOW (self),
                                     GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("MBTiles map tiles"));
      gtk_file_filter_add_pattern (filter, "*.mbtiles");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      g_object_unref (filter);
      g_signal_connect (native, "response", G_CALLBACK (on_mbtiles_chosen), g_object_ref (self));
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
      return;
    }
  if (g_str_equal (current, basemap_keys[i]))
    return;
  g_settings_set_string (self->settings, "basemap", basemap_keys[i]);
  apply_basemap (self);
}

static void
on_basemap_url_applied (SmWindow *self)
{
  g_settings_set_string (self->settings, "basemap-url",
                         gtk_editable_get_text (GTK_EDITABLE (self->basemap_url_row)));
  g_settings_set_string (self->settings, "basemap", "xyz");
  apply_basemap (self);
}

/* Actions */

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  zoom_by (SM_WINDOW (widget), 1.0);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  zoom_by (SM_WINDOW (widget), -1.0);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SmWindow *self = SM_WINDOW (widget);

  sm_export_dialog_new (self, sm_sites_layer_get_resource_filter (self->sites_layer));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  sm_import_dialog_new (SM_WINDOW (widget), NULL);
}

/* A file dropped on the window opens the Import dialog with it. */
static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SmWindow      *self)
{
  GdkFileList *list = g_value_get_boxed (value);
  g_autoptr (GSList) files = list ? gdk_file_list_get_files (list) : NULL;

  if (files == NULL)
    return FALSE;
  if (self->project == NULL || sm_project_is_read_only (self->project))
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("Open or create a project first, then drop the file again")));
      return FALSE;
    }
  sm_import_dialog_new (self, files->data);
  return TRUE;
}

static void
zoom_to_project_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  sm_window_zoom_to_project (SM_WINDOW (widget));
}

/* GObject overrides */

static gboolean
sm_window_close_request (GtkWindow *window)
{
  SmWindow *self = SM_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (sm_window_parent_class)->close_request (window);
}

static void
sm_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SmWindow *self = SM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  SmWindow *self = SM_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      sm_window_set_project (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_window_dispose (GObject *object)
{
  SmWindow *self = SM_WINDOW (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_object (&self->settings);
  g_clear_object (&self->base_source);
  g_clear_object (&self->registry);
  g_clear_pointer (&self->matches, g_ptr_array_unref);
  g_clear_pointer (&self->details_rows, g_ptr_array_unref);
  g_clear_pointer (&self->match_rows, g_ptr_array_unref);
  g_clear_pointer (&self->search_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_WINDOW);

  G_OBJECT_CLASS (sm_window_parent_class)->dispose (object);
}

static void
sm_window_class_init (SmWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sm_window_dispose;
  object_class->get_property = sm_window_get_property;
  object_class->set_property = sm_window_set_property;
  window_class->close_request = sm_window_close_request;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, SM_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Keep the resource object linked in from the static library. */
  g_type_ensure (SHUMATE_TYPE_SIMPLE_MAP);
  (void) sm_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SmWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, simple_map);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, search_results);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, details_group);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, matches_group);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, legend_group);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, sites_switch);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, links_switch);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, exchanges_switch);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, network_switch);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, basemap_row);
  gtk_widget_class_bind_template_child (widget_class, SmWindow, basemap_url_row);

  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-to-project", NULL,
                                   zoom_to_project_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_install_action (widget_class, "win.pan", "(dd)", pan_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.toggle-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
}

static void
sm_window_init (SmWindow *self)
{
  g_autoptr(ShumateMapSourceRegistry) registry = NULL;
  ShumateMapSource *reference;
  ShumateViewport *viewport;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The viewport needs a reference source for its projection and tile size
   * even when no basemap is drawn; registering it fetches nothing. With no
   * tile layer the map is a plain background that works offline. */
  registry = shumate_map_source_registry_new_with_defaults ();
  self->registry = g_object_ref (registry);
  reference = shumate_map_source_registry_get_by_id (registry, SHUMATE_MAP_SOURCE_OSM_MAPNIK);
  viewport = shumate_simple_map_get_viewport (self->simple_map);
  shumate_viewport_set_reference_map_source (viewport, reference);
  shumate_viewport_set_min_zoom_level (viewport, 2);
  shumate_viewport_set_max_zoom_level (viewport, 19);
  shumate_viewport_set_zoom_level (viewport, 6);
  shumate_map_center_on (get_map (self), 56.0, 11.0);
  /* Danish and Swedish planners measure in metres */
  shumate_scale_set_unit (shumate_simple_map_get_scale (self->simple_map), SHUMATE_UNIT_METRIC);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-to-project", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);

  /* Overlays, drawn above the (plain or tiled) background */
  self->network_layer = sm_network_layer_new (viewport);
  shumate_map_add_layer (get_map (self), SHUMATE_LAYER (self->network_layer));
  self->offline_layer = sm_offline_layer_new (viewport);
  sm_offline_layer_attach (self->offline_layer, get_map (self),
                           shumate_simple_map_get_license (self->simple_map),
                           SHUMATE_LAYER (self->network_layer));
  g_object_bind_property (self->network_switch, "active", self->network_layer, "visible",
                          G_BINDING_SYNC_CREATE);
  self->exchanges_layer = sm_links_layer_new (viewport);
  sm_links_layer_set_dashed (self->exchanges_layer, TRUE);
  shumate_map_add_layer (get_map (self), SHUMATE_LAYER (self->exchanges_layer));
  g_object_bind_property (self->exchanges_switch, "active", self->exchanges_layer, "visible",
                          G_BINDING_SYNC_CREATE);
  self->links_layer = sm_links_layer_new (viewport);
  shumate_map_add_layer (get_map (self), SHUMATE_LAYER (self->links_layer));
  self->sites_layer = sm_sites_layer_new (viewport);
  shumate_map_add_layer (get_map (self), SHUMATE_LAYER (self->sites_layer));
  g_object_bind_property (self->sites_switch, "active", self->sites_layer, "visible",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->links_switch, "active", self->links_layer, "visible",
                          G_BINDING_SYNC_CREATE);
  {
    g_autofree char *kind = g_settings_get_string (self->settings, "basemap");
    g_autofree char *url = g_settings_get_string (self->settings, "basemap-url");

    for (guint i = 0; i < G_N_ELEMENTS (basemap_keys); i++)
      if (g_str_equal (kind, basemap_keys[i]))
        adw_combo_row_set_selected (self->basemap_row, i);
    gtk_editable_set_text (GTK_EDITABLE (self->basemap_url_row), url);
    gtk_widget_set_visible (GTK_WIDGET (self->basemap_url_row), g_str_equal (kind, "xyz"));
    apply_basemap (self);
    g_signal_connect_swapped (self->basemap_row, "notify::selected",
                              G_CALLBACK (on_basemap_selected), self);
    g_signal_connect_swapped (self->basemap_url_row, "apply", G_CALLBACK (on_basemap_url_applied), self);
  }
  self->details_rows = g_ptr_array_new ();
  self->match_rows = g_ptr_array_new ();
  self->search_rows = g_ptr_array_new ();
  self->heat_pumps = TRUE;
  build_legend (self);

  {
    GtkGesture *click = gtk_gesture_click_new ();
    GtkEventController *keys = gtk_shortcut_controller_new ();
    static const struct { guint key; double dx, dy; } pans[] = {
      { GDK_KEY_Left, -1, 0 }, { GDK_KEY_Right, 1, 0 }, { GDK_KEY_Up, 0, -1 }, { GDK_KEY_Down, 0, 1 },
    };

    g_signal_connect (click, "released", G_CALLBACK (on_map_released), self);
    gtk_widget_add_controller (GTK_WIDGET (get_map (self)), GTK_EVENT_CONTROLLER (click));

    /* On the map: + and - zoom, arrows pan, Escape clears the selection */
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_plus, 0),
                                                     gtk_keyval_trigger_new (GDK_KEY_KP_Add, 0)),
                        gtk_named_action_new ("win.zoom-in")));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_alternative_trigger_new (gtk_keyval_trigger_new (GDK_KEY_minus, 0),
                                                     gtk_keyval_trigger_new (GDK_KEY_KP_Subtract, 0)),
                        gtk_named_action_new ("win.zoom-out")));
    for (guint i = 0; i < G_N_ELEMENTS (pans); i++)
      gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
        gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (pans[i].key, 0),
                                         gtk_named_action_new ("win.pan"), "(dd)",
                                         pans[i].dx, pans[i].dy));
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                        gtk_named_action_new ("win.clear-selection")));
    gtk_widget_add_controller (GTK_WIDGET (self->simple_map), keys);
    gtk_widget_set_focusable (GTK_WIDGET (get_map (self)), TRUE);
  }
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect_swapped (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect (self->search_results, "row-activated", G_CALLBACK (on_search_result_activated), self);

  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }
}

/* Public API */

SmWindow *
sm_window_new (GtkApplication *application)
{
  return g_object_new (SM_TYPE_WINDOW, "application", application, NULL);
}

/**
 * sm_window_set_project:
 * @self: a window
 * @project: (nullable): the project to show
 *
 * Shows @project and centres the map on its extent.
 */
void
sm_window_set_project (SmWindow  *self,
                       SmProject *project)
{
  g_return_if_fail (SM_IS_WINDOW (self));
  g_return_if_fail (project == NULL || SM_IS_PROJECT (project));

  if (self->project == project)
    return;
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);

  select_site (self, 0);
  sm_sites_layer_set_project (self->sites_layer, project);
  sm_network_layer_set_project (self->network_layer, project);
  reload_exchanges (self);
  if (project != NULL)
    g_signal_connect_swapped (project, "changed", G_CALLBACK (reload_exchanges), self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  if (project != NULL)
    {
      g_autofree char *basename = g_path_get_basename (sm_project_get_path (project));
      g_autofree char *display = g_filename_display_name (basename);

      adw_window_title_set_subtitle (self->window_title, display);
      gtk_stack_set_visible_child_name (self->stack, "map");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-to-project", TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import",
                                     !sm_project_is_read_only (project));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", TRUE);
      sm_window_zoom_to_project (self);
      if (sm_project_is_read_only (project))
        adw_toast_overlay_add_toast (self->toast_overlay,
                                     adw_toast_new (_("Opened read-only: changes cannot be saved")));
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-to-project", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

SmProject *
sm_window_get_project (SmWindow *self)
{
  g_return_val_if_fail (SM_IS_WINDOW (self), NULL);
  return self->project;
}

/**
 * sm_window_open_project:
 * @self: a window
 * @path: a project file
 * @error: return location for an error
 *
 * Returns: %TRUE if the project was opened and is shown
 */
gboolean
sm_window_open_project (SmWindow    *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(SmProject) project = NULL;

  g_return_val_if_fail (SM_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  project = sm_project_open (path, error);
  if (project == NULL)
    return FALSE;

  sm_window_set_project (self, project);
  g_settings_set_string (self->settings, "last-project", sm_project_get_path (project));
  return TRUE;
}

/**
 * sm_window_zoom_to_project:
 * @self: a window
 *
 * Fits the map to every site and network line of the project; an empty
 * project shows Denmark and southern Sweden, where our users work.
 */
void
sm_window_zoom_to_project (SmWindow *self)
{
  g_autoptr(SmProjectInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SM_IS_WINDOW (self));

  if (self->project == NULL)
    return;

  info = sm_project_get_info (self->project, &error);
  if (info == NULL)
    {
      g_warning ("Cannot read the project's extent: %s", error->message);
      return;
    }
  if (info->has_extent)
    sm_map_fit_extent (get_map (self), info->min_lon, info->min_lat, info->max_lon,
                       info->max_lat);
  else
    {
      shumate_viewport_set_zoom_level (shumate_simple_map_get_viewport (self->simple_map), 6);
      shumate_map_center_on (get_map (self), 56.0, 11.0);
    }
}

/**
 * sm_window_add_toast:
 * @self: a window
 * @toast: (transfer full): a toast
 */
void
sm_window_add_toast (SmWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (SM_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * sm_window_show_error:
 * @self: a window
 * @heading: what failed, as a short title
 * @error: why, in a sentence that says what to do
 */
void
sm_window_show_error (SmWindow     *self,
                      const char   *heading,
                      const GError *error)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (SM_IS_WINDOW (self));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading,
                                                       error ? error->message : NULL));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
