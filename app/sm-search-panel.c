/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Find a site by name: a search entry over the project's folded names
 * (sm_project_search_sites()); a result shows the site through the
 * window's win.show-site action.
 */
#define G_LOG_DOMAIN "sm-search-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-items.h"
#include "sm-project-query.h"
#include "sm-search-panel.h"

#define MAX_RESULTS 8

struct _SmSearchPanel
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkSearchEntry *entry;
  GtkListBox     *results;

  /* Owned */
  SmProject      *project;
  GListStore     *model; /* of SmSiteItem */
};

G_DEFINE_FINAL_TYPE (SmSearchPanel, sm_search_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SmSite *site = sm_site_item_get (item);
  GtkWidget *row = adw_action_row_new ();

  /* Names from users' files are text, not markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), site->name);
  if (site->sector != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), site->sector);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
on_search_changed (SmSearchPanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (self->project != NULL && text != NULL && *text != '\0')
    {
      found = sm_project_search_sites (self->project, text, MAX_RESULTS, &error);
      if (found == NULL)
        g_warning ("Cannot search the sites: %s", error->message);
      for (guint i = 0; found != NULL && i < found->len; i++)
        g_ptr_array_add (items, sm_site_item_new (g_steal_pointer (&g_ptr_array_index (found, i))));
    }
  g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                       items->pdata, items->len);
  gtk_widget_set_visible (GTK_WIDGET (self->results), text != NULL && *text != '\0');
}

static void
show_item (SmSearchPanel *self,
           guint          position)
{
  g_autoptr (SmSiteItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-site", "x",
                                sm_site_item_get (item)->site_id);
}

static void
on_row_activated (SmSearchPanel *self,
                  GtkListBoxRow *row)
{
  show_item (self, gtk_list_box_row_get_index (row));
}

static void
on_activate (SmSearchPanel *self)
{
  show_item (self, 0);
}

static void
on_stop_search (SmSearchPanel *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_widget_activate_action (GTK_WIDGET (self), "win.escape", NULL);
}

static void
set_project (SmSearchPanel *self,
             SmProject     *project)
{
  if (self->project == project)
    return;
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    g_signal_connect_swapped (project, "changed", G_CALLBACK (on_search_changed), self);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  on_search_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

static void
sm_search_panel_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SmSearchPanel *self = SM_SEARCH_PANEL (object);

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
sm_search_panel_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SmSearchPanel *self = SM_SEARCH_PANEL (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      set_project (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_search_panel_dispose (GObject *object)
{
  SmSearchPanel *self = SM_SEARCH_PANEL (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_SEARCH_PANEL);
  /* The template's box is not bound to a field */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sm_search_panel_parent_class)->dispose (object);
}

static void
sm_search_panel_class_init (SmSearchPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_search_panel_dispose;
  object_class->get_property = sm_search_panel_get_property;
  object_class->set_property = sm_search_panel_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, SM_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-search-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SmSearchPanel, entry);
  gtk_widget_class_bind_template_child (widget_class, SmSearchPanel, results);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sm_search_panel_init (SmSearchPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->model = g_list_store_new (SM_TYPE_SITE_ITEM);
  gtk_list_box_bind_model (self->results, G_LIST_MODEL (self->model), create_row, NULL, NULL);
}

/**
 * sm_search_panel_focus:
 *
 * Puts the keyboard focus in the search entry (Ctrl+F).
 */
void
sm_search_panel_focus (SmSearchPanel *self)
{
  g_return_if_fail (SM_IS_SEARCH_PANEL (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

void
sm_search_panel_set_text (SmSearchPanel *self,
                          const char    *text)
{
  g_return_if_fail (SM_IS_SEARCH_PANEL (self));
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  /* Not after the entry's delay: now */
  on_search_changed (self);
}

/**
 * sm_search_panel_get_model:
 *
 * Returns: (transfer none): the results, of #SmSiteItem
 */
GListModel *
sm_search_panel_get_model (SmSearchPanel *self)
{
  g_return_val_if_fail (SM_IS_SEARCH_PANEL (self), NULL);
  return G_LIST_MODEL (self->model);
}
