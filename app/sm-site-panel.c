/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The selected site: its name, contact and flows. Each flow offers its
 * matches and its editing through the window's actions (win.show-matches,
 * win.edit-flow, win.delete-flow); the site's own through win.edit-site,
 * win.add-flow and win.delete-site, which act on the selected site. Its
 * History lists the edit log (sm-edit-log.h), read when it is opened.
 */
#define G_LOG_DOMAIN "sm-site-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-edit-words.h"
#include "sm-format.h"
#include "sm-items.h"
#include "sm-parse.h"
#include "sm-site-panel.h"

struct _SmSitePanel
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkLabel   *name_label;
  GtkLabel   *sector_label;
  GtkListBox *info_list;
  GtkListBox *flows_list;
  GtkExpander *history_expander;
  GtkListBox *history_list;

  /* Owned */
  SmProject  *project;
  GListStore *flows; /* of SmFlowItem */
  GListStore *history; /* of SmEditItem, the newest first */
  GPtrArray  *info_rows;
  gint64      site_id;
};

G_DEFINE_FINAL_TYPE (SmSitePanel, sm_site_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_SITE_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * sm_flow_summary:
 * @flow: a flow
 *
 * Returns: (transfer full): the flow in a line or two: amount, temperature,
 *   EWC code, material
 */
char *
sm_flow_summary (const SmFlow *flow)
{
  g_autofree char *amount = sm_format_amount (flow->amount, flow->resource);
  g_autofree char *temp = sm_format_temperature (flow->temperature_c);
  /* As people write them: "17 05 06", "03 01, 17" */
  g_autofree char *ewc = flow->ewc_code ? sm_ewc_format (flow->ewc_code) : NULL;
  GString *out = g_string_new (amount);

  if (temp != NULL)
    g_string_append_printf (out, " · %s", temp);
  if (ewc != NULL)
    /* TRANSLATORS: the European Waste Catalogue code of a material */
    g_string_append_printf (out, " · %s %s", _("EWC"), ewc);
  if (flow->material != NULL)
    g_string_append_printf (out, "\n%s", flow->material);
  return g_string_free (out, FALSE);
}

static GtkWidget *
create_flow_row (gpointer item,
                 gpointer user_data)
{
  SmFlow *f = sm_flow_item_get (item);
  g_autofree char *summary = sm_flow_summary (f);
  /* TRANSLATORS: a flow's direction and resource, e.g. “Supply · Heat” */
  g_autofree char *title = g_strdup_printf (_("%s · %s"), sm_direction_get_label (f->direction),
                                            sm_resource_get_label (f->resource));
  g_autofree char *markup = NULL;
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenuItem) edit = g_menu_item_new (_("_Edit Flow…"), NULL);
  g_autoptr (GMenuItem) delete = g_menu_item_new (_("_Delete Flow"), NULL);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Matches"));
  GtkWidget *more = gtk_menu_button_new ();
  GtkWidget *swatch = gtk_label_new (NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  markup = g_strdup_printf ("<span foreground=\"#%06x\" size=\"x-large\">%s</span>",
                            sm_resource_get_color (f->resource),
                            f->direction == SM_DIRECTION_SUPPLY ? "●" : "○");
  gtk_label_set_markup (GTK_LABEL (swatch), markup);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Find the flows nearby that can use this one"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-matches");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", f->flow_id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

  g_menu_item_set_action_and_target (edit, "win.edit-flow", "x", f->flow_id);
  g_menu_item_set_action_and_target (delete, "win.delete-flow", "x", f->flow_id);
  g_menu_append_item (menu, edit);
  g_menu_append_item (menu, delete);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
  gtk_widget_set_tooltip_text (more, _("Edit or delete this flow"));
  gtk_widget_add_css_class (more, "flat");
  gtk_widget_set_valign (more, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), more);
  return row;
}

/* One change: what, in words; when and by whom below */
static GtkWidget *
create_history_row (gpointer item,
                    gpointer user_data)
{
  SmEditEntry *e = sm_edit_item_get (item);
  g_autofree char *what = sm_edit_entry_describe (e);
  g_autofree char *byline = sm_edit_entry_byline (e);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), what);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), byline);
  return row;
}

/* The most changes listed; older ones stay in the project (and in
 * `symbiomap-cli site history`) */
#define HISTORY_ROWS 200

/* Read only while the History is open: a closed one costs nothing */
static void
reload_history (SmSitePanel *self)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->project != NULL && self->site_id != 0
      && gtk_expander_get_expanded (self->history_expander))
    entries = sm_project_list_site_history (self->project, self->site_id, NULL);
  for (guint i = entries ? entries->len : 0; i > 0 && items->len < HISTORY_ROWS; i--)
    g_ptr_array_add (items, sm_edit_item_new (g_steal_pointer (&g_ptr_array_index (entries, i - 1))));
  g_list_store_splice (self->history, 0, g_list_model_get_n_items (G_LIST_MODEL (self->history)),
                       items->pdata, items->len);
}

static void
add_info_row (SmSitePanel *self,
              const char  *title,
              const char  *subtitle,
              GtkWidget   *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 4);
  if (suffix != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  gtk_list_box_append (self->info_list, row);
  g_ptr_array_add (self->info_rows, row);
}

/* Reads the site again: selected, edited, or the project changed */
static void
reload (SmSitePanel *self)
{
  g_autoptr (SmSite) site = NULL;
  g_autoptr (GPtrArray) flows = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->info_rows->len; i++)
    gtk_list_box_remove (self->info_list, g_ptr_array_index (self->info_rows, i));
  g_ptr_array_set_size (self->info_rows, 0);

  if (self->project != NULL && self->site_id != 0)
    site = sm_project_get_site (self->project, self->site_id, NULL);
  if (site != NULL)
    {
      gtk_label_set_text (self->name_label, site->name);
      gtk_label_set_text (self->sector_label, site->sector ? site->sector : "");
      gtk_widget_set_visible (GTK_WIDGET (self->sector_label), site->sector != NULL);
      if (site->address != NULL)
        add_info_row (self, _("Address"), site->address, NULL);
      if (site->contact_name != NULL || site->contact_email != NULL)
        {
          GtkWidget *link = NULL;

          if (site->contact_email != NULL)
            {
              g_autofree char *uri = g_strconcat ("mailto:", site->contact_email, NULL);

              link = gtk_link_button_new_with_label (uri, site->contact_email);
              gtk_widget_set_valign (link, GTK_ALIGN_CENTER);
            }
          add_info_row (self, _("Contact"), site->contact_name, link);
        }
      if (site->phone != NULL)
        add_info_row (self, _("Phone"), site->phone, NULL);
      if (site->notes != NULL)
        add_info_row (self, _("Notes"), site->notes, NULL);
      flows = sm_project_list_flows (self->project, self->site_id, NULL);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->info_list), self->info_rows->len > 0);
  for (guint i = 0; flows != NULL && i < flows->len; i++)
    g_ptr_array_add (items, sm_flow_item_new (g_steal_pointer (&g_ptr_array_index (flows, i))));
  g_list_store_splice (self->flows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->flows)),
                       items->pdata, items->len);
  reload_history (self);
}

/* The site was deleted, by an undo or another program: nothing is shown */
static void
on_project_changed (SmSitePanel *self)
{
  g_autoptr (SmSite) site = NULL;

  if (self->site_id != 0 && (site = sm_project_get_site (self->project, self->site_id, NULL)) == NULL)
    {
      sm_site_panel_set_site_id (self, 0);
      return;
    }
  reload (self);
}

static void
set_project (SmSitePanel *self,
             SmProject   *project)
{
  if (self->project == project)
    return;
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    g_signal_connect_swapped (project, "changed", G_CALLBACK (on_project_changed), self);
  self->site_id = 0;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

static void
sm_site_panel_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SmSitePanel *self = SM_SITE_PANEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_SITE_ID:
      g_value_set_int64 (value, self->site_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_site_panel_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SmSitePanel *self = SM_SITE_PANEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      set_project (self, g_value_get_object (value));
      break;
    case PROP_SITE_ID:
      sm_site_panel_set_site_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_site_panel_dispose (GObject *object)
{
  SmSitePanel *self = SM_SITE_PANEL (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_object (&self->flows);
  g_clear_object (&self->history);
  g_clear_pointer (&self->info_rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_SITE_PANEL);
  /* The template's box is not bound to a field */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sm_site_panel_parent_class)->dispose (object);
}

static void
sm_site_panel_class_init (SmSitePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_site_panel_dispose;
  object_class->get_property = sm_site_panel_get_property;
  object_class->set_property = sm_site_panel_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, SM_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SITE_ID] =
    g_param_spec_int64 ("site-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-site-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SmSitePanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, SmSitePanel, sector_label);
  gtk_widget_class_bind_template_child (widget_class, SmSitePanel, info_list);
  gtk_widget_class_bind_template_child (widget_class, SmSitePanel, flows_list);
  gtk_widget_class_bind_template_child (widget_class, SmSitePanel, history_expander);
  gtk_widget_class_bind_template_child (widget_class, SmSitePanel, history_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sm_site_panel_init (SmSitePanel *self)
{
  GtkWidget *empty = gtk_label_new (_("No flows yet: add one from the menu"));

  gtk_widget_init_template (GTK_WIDGET (self));
  self->flows = g_list_store_new (SM_TYPE_FLOW_ITEM);
  self->info_rows = g_ptr_array_new ();
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_list_box_set_placeholder (self->flows_list, empty);
  gtk_list_box_bind_model (self->flows_list, G_LIST_MODEL (self->flows), create_flow_row, NULL,
                           NULL);

  self->history = g_list_store_new (SM_TYPE_EDIT_ITEM);
  empty = gtk_label_new (_("No changes recorded: imported as it is"));
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_list_box_set_placeholder (self->history_list, empty);
  gtk_list_box_bind_model (self->history_list, G_LIST_MODEL (self->history), create_history_row,
                           NULL, NULL);
  g_signal_connect_swapped (self->history_expander, "notify::expanded",
                            G_CALLBACK (reload_history), self);
}

/**
 * sm_site_panel_set_site_id:
 * @self: a site panel
 * @site_id: the site to show, or 0 for none
 */
void
sm_site_panel_set_site_id (SmSitePanel *self,
                           gint64       site_id)
{
  g_return_if_fail (SM_IS_SITE_PANEL (self));

  self->site_id = site_id;
  reload (self);
  gtk_widget_set_visible (GTK_WIDGET (self), site_id != 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SITE_ID]);
}

gint64
sm_site_panel_get_site_id (SmSitePanel *self)
{
  g_return_val_if_fail (SM_IS_SITE_PANEL (self), 0);
  return self->site_id;
}

/**
 * sm_site_panel_get_flows:
 *
 * Returns: (transfer none): the site's flows, of #SmFlowItem
 */
GListModel *
sm_site_panel_get_flows (SmSitePanel *self)
{
  g_return_val_if_fail (SM_IS_SITE_PANEL (self), NULL);
  return G_LIST_MODEL (self->flows);
}

/**
 * sm_site_panel_get_history:
 *
 * Returns: (transfer none): the site's changes shown under History, of
 *   #SmEditItem, the newest first; empty while the History is closed
 */
GListModel *
sm_site_panel_get_history (SmSitePanel *self)
{
  g_return_val_if_fail (SM_IS_SITE_PANEL (self), NULL);
  return G_LIST_MODEL (self->history);
}
