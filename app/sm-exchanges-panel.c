/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every recorded exchange: its two sites, resource and amount, its status,
 * a note of any length, when it was recorded and last changed; filtered by
 * status, shown on the map through win.fit-box.
 */
#define G_LOG_DOMAIN "sm-exchanges-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-exchanges-panel.h"
#include "sm-format.h"
#include "sm-items.h"
#include "sm-project-query.h"

struct _SmExchangesPanel
{
  GtkWidget    parent_instance;

  /* Template widgets */
  GtkLabel    *count_label;
  GtkDropDown *filter_dropdown;
  GtkListBox  *list;

  /* Owned */
  SmProject   *project;
  GListStore  *model; /* of SmExchangeItem */
  gboolean     reload_pending;
  gboolean     watching_focus;
};

G_DEFINE_FINAL_TYPE (SmExchangesPanel, sm_exchanges_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PROJECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* "2026-11-23T16:05:00Z" in the user's locale, or the text itself */
static char *
format_time (const char *iso)
{
  g_autoptr (GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr (GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup (iso ? iso : "");
  /* TRANSLATORS: a date and time as strftime writes it; %x the date, %H:%M the time */
  return g_date_time_format (local, _("%x %H:%M"));
}

static void
on_save (GtkButton        *button,
         SmExchangesPanel *self)
{
  SmExchangeItem *item = g_object_get_data (G_OBJECT (button), "sm-item");
  GtkDropDown *status = g_object_get_data (G_OBJECT (button), "sm-status");
  GtkTextView *note = g_object_get_data (G_OBJECT (button), "sm-note");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (note);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  if (!sm_project_set_exchange_note (self->project, sm_exchange_item_get (item)->exchange_id,
                                     gtk_drop_down_get_selected (status), *text ? text : NULL,
                                     &error))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", error->message);
      return;
    }
  /* TRANSLATORS: a toast: an exchange's status and note were saved */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.show-toast", "s", _("Exchange saved"));
  sm_project_emit_changed (self->project);
}

static void
on_show_on_map (GtkButton        *button,
                SmExchangesPanel *self)
{
  SmExchangeRecord *x = sm_exchange_item_get (g_object_get_data (G_OBJECT (button), "sm-item"));

  gtk_widget_activate_action (GTK_WIDGET (self), "win.fit-box", "(dddd)",
                              MIN (x->supply_lat, x->demand_lat), MAX (x->supply_lat, x->demand_lat),
                              MIN (x->supply_lon, x->demand_lon), MAX (x->supply_lon, x->demand_lon));
}

/* "23.11.26 17:14 · Idea", one line per change, when there was more than one */
static GtkWidget *
history_label (SmExchangesPanel *self,
               SmExchangeRecord *x)
{
  g_autoptr (GPtrArray) changes = sm_project_list_exchange_history (self->project, x->exchange_id,
                                                                    NULL);
  GString *text;
  GtkWidget *label;

  if (changes == NULL || changes->len < 2)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < changes->len; i++)
    {
      SmExchangeChange *c = g_ptr_array_index (changes, i);
      g_autofree char *when = format_time (c->changed_at);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* TRANSLATORS: one line of an exchange's history: when, and the status then */
      g_string_append_printf (text, _("%s · %s"), when, sm_status_get_label (c->status));
    }
  label = gtk_label_new (text->str);
  g_string_free (text, TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  /* TRANSLATORS: tooltip: the exchange's earlier statuses */
  gtk_widget_set_tooltip_text (label, _("History"));
  return label;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  SmExchangesPanel *self = user_data;
  SmExchangeRecord *x = sm_exchange_item_get (item);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *amount = sm_format_amount (x->amount, x->resource);
  g_autofree char *created = format_time (x->created_at);
  g_autofree char *updated = format_time (x->updated_at);
  g_autofree char *dates = NULL;
  g_autoptr (GtkStringList) statuses = gtk_string_list_new (NULL);
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *status, *note, *save, *show, *label;

  /* TRANSLATORS: an exchange: the supplying site → the site that uses it */
  title = g_strdup_printf (_("%s → %s"), x->supply_site, x->demand_site);
  /* TRANSLATORS: an exchange's resource, amount and status */
  subtitle = g_strdup_printf (_("%s · %s · %s"), sm_resource_get_label (x->resource), amount,
                              sm_status_get_label (x->status));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);

  /* TRANSLATORS: when an exchange was recorded and when it last changed */
  dates = g_strdup_printf (_("Recorded %s · changed %s"), created, updated);
  label = gtk_label_new (dates);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  label = history_label (self, x);
  if (label != NULL)
    gtk_box_append (GTK_BOX (box), label);

  for (int i = 0; i < SM_N_STATUSES; i++)
    gtk_string_list_append (statuses, sm_status_get_label (i));
  status = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (statuses)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (status), MAX (0, x->status));
  /* TRANSLATORS: tooltip of the list of an exchange's statuses (idea, contacted, …) */
  gtk_widget_set_tooltip_text (status, _("Status"));
  gtk_box_append (GTK_BOX (box), status);

  /* An exchange an import recorded: where from, in the language of the
   * moment, above the note rather than in it, so that saving the note
   * does not store it */
  if ((x->note == NULL || *x->note == '\0') && x->source_file != NULL)
    {
      g_autofree char *source = sm_exchange_display_note (NULL, x->source_file);

      label = gtk_label_new (source);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }

  note = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (note), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (note), FALSE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (note), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (note), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (note), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (note), 6);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (note)), x->note ? x->note : "",
                            -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Note"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), note);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 96);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_add_css_class (scrolled, "card");
  gtk_box_append (GTK_BOX (box), scrolled);

  show = gtk_button_new_with_mnemonic (_("Show on _Map"));
  save = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_widget_set_hexpand (show, TRUE);
  gtk_widget_set_halign (show, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (buttons), show);
  gtk_box_append (GTK_BOX (buttons), save);
  gtk_box_append (GTK_BOX (box), buttons);
  g_object_set_data_full (G_OBJECT (save), "sm-item", g_object_ref (item), g_object_unref);
  g_object_set_data (G_OBJECT (save), "sm-status", status);
  g_object_set_data (G_OBJECT (save), "sm-note", note);
  g_signal_connect (save, "clicked", G_CALLBACK (on_save), self);
  g_object_set_data_full (G_OBJECT (show), "sm-item", g_object_ref (item), g_object_unref);
  g_signal_connect (show, "clicked", G_CALLBACK (on_show_on_map), self);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), box);
  return row;
}

static void
reload (SmExchangesPanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);
  int status = selected == 0 || selected == GTK_INVALID_LIST_POSITION ? -1 : (int) selected - 1;
  g_autoptr (GPtrArray) list = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GError) error = NULL;
  g_autofree char *count = NULL;

  if (self->project != NULL)
    {
      list = sm_project_list_exchange_records (self->project, status, &error);
      if (list == NULL)
        g_warning ("Cannot read the exchanges: %s", error->message);
    }
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_ptr_array_add (items, sm_exchange_item_new (g_steal_pointer (&g_ptr_array_index (list, i))));
  g_list_store_splice (self->model, 0, g_list_model_get_n_items (G_LIST_MODEL (self->model)),
                       items->pdata, items->len);
  /* TRANSLATORS: %d is the number of exchanges the list shows (after the status filter) */
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d recorded exchange",
                                        "%d recorded exchanges", items->len),
                           items->len);
  gtk_label_set_text (self->count_label, count);
}

static void
on_filter_changed (SmExchangesPanel *self)
{
  reload (self);
}

/* Whether the user is typing a note: a reload would throw it away */
static gboolean
editing_note (SmExchangesPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && GTK_IS_TEXT_VIEW (focus)
         && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->list));
}

static void
on_focus_changed (SmExchangesPanel *self)
{
  if (self->reload_pending && !editing_note (self))
    {
      self->reload_pending = FALSE;
      reload (self);
    }
}

/* The project changed: reload now, or when the note being typed loses
 * the focus */
static void
on_project_changed (SmExchangesPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (!editing_note (self))
    {
      reload (self);
      return;
    }
  self->reload_pending = TRUE;
  if (!self->watching_focus)
    {
      g_signal_connect_object (root, "notify::focus-widget", G_CALLBACK (on_focus_changed), self,
                               G_CONNECT_SWAPPED);
      self->watching_focus = TRUE;
    }
}

/**
 * sm_exchanges_panel_get_reload_pending:
 *
 * Returns: whether a change of the project waits for the note being typed
 */
gboolean
sm_exchanges_panel_get_reload_pending (SmExchangesPanel *self)
{
  g_return_val_if_fail (SM_IS_EXCHANGES_PANEL (self), FALSE);
  return self->reload_pending;
}

static void
set_project (SmExchangesPanel *self,
             SmProject        *project)
{
  if (self->project == project)
    return;
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  if (project != NULL)
    g_signal_connect_swapped (project, "changed", G_CALLBACK (on_project_changed), self);
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

static void
sm_exchanges_panel_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SmExchangesPanel *self = SM_EXCHANGES_PANEL (object);

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
sm_exchanges_panel_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  SmExchangesPanel *self = SM_EXCHANGES_PANEL (object);

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
sm_exchanges_panel_dispose (GObject *object)
{
  SmExchangesPanel *self = SM_EXCHANGES_PANEL (object);

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_EXCHANGES_PANEL);
  /* The template's box is not bound to a field */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (sm_exchanges_panel_parent_class)->dispose (object);
}

static void
sm_exchanges_panel_class_init (SmExchangesPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_exchanges_panel_dispose;
  object_class->get_property = sm_exchanges_panel_get_property;
  object_class->set_property = sm_exchanges_panel_set_property;

  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, SM_TYPE_PROJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-exchanges-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SmExchangesPanel, count_label);
  gtk_widget_class_bind_template_child (widget_class, SmExchangesPanel, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SmExchangesPanel, list);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
sm_exchanges_panel_init (SmExchangesPanel *self)
{
  g_autoptr (GtkStringList) filters = gtk_string_list_new (NULL);
  GtkWidget *empty = gtk_label_new (_("No exchanges recorded yet. Record one from a match with "
                                      "“Save…”."));

  gtk_widget_init_template (GTK_WIDGET (self));
  self->model = g_list_store_new (SM_TYPE_EXCHANGE_ITEM);
  /* TRANSLATORS: the filter of the exchange list that shows every status */
  gtk_string_list_append (filters, _("All statuses"));
  for (int i = 0; i < SM_N_STATUSES; i++)
    gtk_string_list_append (filters, sm_status_get_label (i));
  g_signal_handlers_block_by_func (self->filter_dropdown, on_filter_changed, self);
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (filters));
  gtk_drop_down_set_selected (self->filter_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->filter_dropdown, on_filter_changed, self);
  gtk_label_set_wrap (GTK_LABEL (empty), TRUE);
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_widget_set_margin_start (empty, 12);
  gtk_widget_set_margin_end (empty, 12);
  gtk_list_box_set_placeholder (self->list, empty);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->model), create_row, self, NULL);
  reload (self);
}

/**
 * sm_exchanges_panel_get_model:
 *
 * Returns: (transfer none): the exchanges shown, of #SmExchangeItem
 */
GListModel *
sm_exchanges_panel_get_model (SmExchangesPanel *self)
{
  g_return_val_if_fail (SM_IS_EXCHANGES_PANEL (self), NULL);
  return G_LIST_MODEL (self->model);
}

/**
 * sm_exchanges_panel_set_filter:
 * @status: an #SmExchangeStatus, or -1 for every exchange
 */
void
sm_exchanges_panel_set_filter (SmExchangesPanel *self,
                               int               status)
{
  g_return_if_fail (SM_IS_EXCHANGES_PANEL (self));
  gtk_drop_down_set_selected (self->filter_dropdown, status < 0 ? 0 : status + 1);
}

/* Opens one exchange's details (for screenshots and tests) */
void
sm_exchanges_panel_expand (SmExchangesPanel *self,
                           guint             position)
{
  GtkListBoxRow *row;

  g_return_if_fail (SM_IS_EXCHANGES_PANEL (self));
  row = gtk_list_box_get_row_at_index (self->list, position);
  if (row != NULL)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
}
