/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flow form: add a flow to a site or change one, as one undoable
 * command. Amounts are in the resource's unit (docs/DATA-MODEL.md); bad
 * input is said in the form, which stays open.
 */
#define G_LOG_DOMAIN "sm-flow-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sm-conflict-dialog.h"
#include "sm-flow-editor.h"
#include "sm-format.h"
#include "sm-parse.h"
#include "sm-pg-edit.h"

struct _SmFlowEditor
{
  AdwWindow    parent_instance;

  /* Template widgets */
  GtkLabel    *error_label;
  AdwComboRow *direction_row;
  AdwComboRow *resource_row;
  AdwEntryRow *amount_row;
  AdwEntryRow *temperature_row;
  AdwEntryRow *hours_row;
  AdwEntryRow *ewc_row;
  AdwEntryRow *material_row;
  GtkTextView *notes_view;

  /* Owned */
  SmProject   *project;
  SmUndoStack *undo;
  SmFlow      *before; /* NULL for a new flow; with the row_version it was read at */
  gint64       site_id;
  AdwMessageDialog *conflict; /* (nullable) (unowned): while it is shown */
};

G_DEFINE_FINAL_TYPE (SmFlowEditor, sm_flow_editor, ADW_TYPE_WINDOW)

static char *
row_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text ? g_steal_pointer (&text) : NULL;
}

static void
set_row (AdwEntryRow *row,
         const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
set_number (AdwEntryRow *row,
            double       value,
            int          decimals)
{
  g_autofree char *text = isnan (value) ? NULL : sm_format_number (value, decimals);

  set_row (row, text);
}

static gboolean
fail (SmFlowEditor *self,
      AdwEntryRow  *row,
      const char   *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (row != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (row));
  return FALSE;
}

/* An optional number: empty is NAN */
static gboolean
read_number (AdwEntryRow *row,
             double      *value)
{
  g_autofree char *text = row_text (row);

  *value = NAN;
  return text == NULL || sm_parse_number (text, SM_NUMBER_STYLE_UNKNOWN, value) == SM_NUMBER_OK;
}

static void
on_resource_changed (SmFlowEditor *self)
{
  SmResource resource = adw_combo_row_get_selected (self->resource_row);
  /* TRANSLATORS: %s is a unit, e.g. MWh/yr */
  g_autofree char *title = g_strdup_printf (_("Amount (%s)"), sm_format_unit (resource));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row), title);
}

static gboolean save (SmFlowEditor *self,
                      gboolean      force);
static void     fill (SmFlowEditor *self,
                      const SmFlow *flow);

static void
save_mine (GtkWindow *window)
{
  save (SM_FLOW_EDITOR (window), TRUE);
}

/* "Reload": their flow in the form, mine dropped */
static void
reload_theirs (GtkWindow *window)
{
  SmFlowEditor *self = SM_FLOW_EDITOR (window);
  g_autoptr (GError) error = NULL;
  SmFlow *theirs;

  if ((theirs = sm_project_get_flow (self->project, self->before->flow_id, &error)) == NULL)
    {
      fail (self, NULL, error->message);
      return;
    }
  g_clear_pointer (&self->before, sm_flow_free);
  self->before = theirs;
  fill (self, theirs);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* Someone else saved the flow on the shared database since the form read
 * it: the user chooses */
static void
show_conflict (SmFlowEditor *self,
               const char   *message)
{
  sm_conflict_dialog_ask (GTK_WINDOW (self), message, &self->conflict, reload_theirs, save_mine);
}

/**
 * sm_flow_editor_save:
 *
 * Saves the form as one command on the undo stack and closes; bad input is
 * said in the form. On a shared database, when someone else saved the flow
 * since the form read it, asks whether to reload theirs or save this over
 * it (sm_flow_editor_get_conflict()).
 *
 * Returns: whether the flow was saved
 */
gboolean
sm_flow_editor_save (SmFlowEditor *self)
{
  g_return_val_if_fail (SM_IS_FLOW_EDITOR (self), FALSE);
  return save (self, FALSE);
}

/**
 * sm_flow_editor_get_conflict:
 *
 * Returns: (nullable) (transfer none): the conflict dialog while it is
 *   shown, for tests
 */
AdwMessageDialog *
sm_flow_editor_get_conflict (SmFlowEditor *self)
{
  g_return_val_if_fail (SM_IS_FLOW_EDITOR (self), NULL);
  return self->conflict;
}

static gboolean
save (SmFlowEditor *self,
      gboolean      force)
{
  g_autoptr (SmFlow) flow = g_new0 (SmFlow, 1);
  g_autoptr (SmEditCommand) command = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *ewc = row_text (self->ewc_row);
  g_autofree char *notes = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  flow->flow_id = self->before ? self->before->flow_id : 0;
  flow->site_id = self->site_id;
  flow->direction = adw_combo_row_get_selected (self->direction_row);
  flow->resource = adw_combo_row_get_selected (self->resource_row);
  flow->unit = g_strdup (sm_resource_get_unit (flow->resource));
  flow->material = row_text (self->material_row);
  flow->notes = *notes ? g_strdup (notes) : NULL;
  flow->partner_site_id = self->before ? self->before->partner_site_id : 0;
  if (!read_number (self->amount_row, &flow->amount) || isnan (flow->amount) || flow->amount < 0)
    return fail (self, self->amount_row,
                 _("The amount must be a number of zero or more, e.g. 12 500 or 12500,5"));
  if (!read_number (self->temperature_row, &flow->temperature_c))
    return fail (self, self->temperature_row, _("The temperature must be a number of degrees"));
  if (!read_number (self->hours_row, &flow->hours_per_year)
      || (!isnan (flow->hours_per_year) && (flow->hours_per_year <= 0 || flow->hours_per_year > 8784)))
    return fail (self, self->hours_row, _("The hours per year must be a number from 1 to 8 784"));
  if (ewc != NULL)
    {
      g_autofree char *reason = NULL;

      flow->ewc_code = flow->direction == SM_DIRECTION_SUPPLY ? sm_ewc_normalize_code (ewc, &reason)
                                                              : sm_ewc_normalize_list (ewc, &reason);
      if (flow->ewc_code == NULL)
        return fail (self, self->ewc_row, reason);
    }
  command = self->before ? sm_edit_command_new_flow (SM_EDIT_UPDATE_FLOW, self->before, flow)
                         : sm_edit_command_new_flow (SM_EDIT_ADD_FLOW, NULL, flow);
  sm_edit_command_set_force (command, force);
  if (!sm_undo_stack_push (self->undo, command, &error))
    {
      if (g_error_matches (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_CONFLICT))
        {
          show_conflict (self, error->message);
          return FALSE;
        }
      return fail (self, NULL, error->message);
    }
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_save_clicked (SmFlowEditor *self)
{
  sm_flow_editor_save (self);
}

static void
sm_flow_editor_dispose (GObject *object)
{
  SmFlowEditor *self = SM_FLOW_EDITOR (object);

  g_clear_object (&self->project);
  g_clear_object (&self->undo);
  g_clear_pointer (&self->before, sm_flow_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_FLOW_EDITOR);
  G_OBJECT_CLASS (sm_flow_editor_parent_class)->dispose (object);
}

static void
sm_flow_editor_class_init (SmFlowEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_flow_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-flow-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SmFlowEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, SmFlowEditor, direction_row);
  gtk_widget_class_bind_template_child (widget_class, SmFlowEditor, resource_row);
  gtk_widget_class_bind_template_child (widget_class, SmFlowEditor, amount_row);
  gtk_widget_class_bind_template_child (widget_class, SmFlowEditor, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, SmFlowEditor, hours_row);
  gtk_widget_class_bind_template_child (widget_class, SmFlowEditor, ewc_row);
  gtk_widget_class_bind_template_child (widget_class, SmFlowEditor, material_row);
  gtk_widget_class_bind_template_child (widget_class, SmFlowEditor, notes_view);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_resource_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sm_flow_editor_init (SmFlowEditor *self)
{
  g_autoptr (GtkStringList) directions = gtk_string_list_new (NULL);
  g_autoptr (GtkStringList) resources = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  for (int d = 0; d < SM_N_DIRECTIONS; d++)
    gtk_string_list_append (directions, sm_direction_get_label (d));
  for (int r = 0; r < SM_N_RESOURCES; r++)
    gtk_string_list_append (resources, sm_resource_get_label (r));
  adw_combo_row_set_model (self->direction_row, G_LIST_MODEL (directions));
  adw_combo_row_set_model (self->resource_row, G_LIST_MODEL (resources));
  on_resource_changed (self);
}

/**
 * sm_flow_editor_new:
 * @parent: the window it belongs to
 * @project: the project
 * @undo: where the edit goes
 * @site_id: the site of a new flow
 * @flow_id: the flow to change, or 0 for a new one
 */
SmFlowEditor *
sm_flow_editor_new (GtkWindow   *parent,
                    SmProject   *project,
                    SmUndoStack *undo,
                    gint64       site_id,
                    gint64       flow_id)
{
  SmFlowEditor *self = g_object_new (SM_TYPE_FLOW_EDITOR, "transient-for", parent, NULL);
  SmFlow *flow;

  self->project = g_object_ref (project);
  self->undo = g_object_ref (undo);
  self->before = flow_id ? sm_project_get_flow (project, flow_id, NULL) : NULL;
  self->site_id = self->before ? self->before->site_id : site_id;
  flow = self->before;
  gtk_window_set_title (GTK_WINDOW (self), flow ? _("Edit Flow") : _("New Flow"));
  fill (self, flow);
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
  return self;
}

static void
fill (SmFlowEditor *self,
      const SmFlow *flow)
{
  if (flow != NULL)
    {
      g_autofree char *ewc = flow->ewc_code ? sm_ewc_format (flow->ewc_code) : NULL;

      adw_combo_row_set_selected (self->direction_row, flow->direction);
      adw_combo_row_set_selected (self->resource_row, flow->resource);
      set_number (self->amount_row, flow->amount, flow->amount == round (flow->amount) ? 0 : 2);
      set_number (self->temperature_row, flow->temperature_c, 0);
      set_number (self->hours_row, flow->hours_per_year, 0);
      set_row (self->ewc_row, ewc);
      set_row (self->material_row, flow->material);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                                flow->notes ? flow->notes : "", -1);
    }
}

/* For tests: "amount", "temperature", "hours", "resource" (a key), "direction" (a key) */
void
sm_flow_editor_set_field (SmFlowEditor *self,
                          const char   *field,
                          const char   *text)
{
  g_return_if_fail (SM_IS_FLOW_EDITOR (self));

  if (g_str_equal (field, "amount"))
    set_row (self->amount_row, text);
  else if (g_str_equal (field, "temperature"))
    set_row (self->temperature_row, text);
  else if (g_str_equal (field, "hours"))
    set_row (self->hours_row, text);
  else if (g_str_equal (field, "resource"))
    adw_combo_row_set_selected (self->resource_row, sm_resource_from_key (text));
  else if (g_str_equal (field, "direction"))
    adw_combo_row_set_selected (self->direction_row, sm_direction_from_key (text));
  else
    g_return_if_reached ();
}

/* For tests: "amount", "temperature" or "hours" as the form shows it */
const char *
sm_flow_editor_get_field (SmFlowEditor *self,
                          const char   *field)
{
  g_return_val_if_fail (SM_IS_FLOW_EDITOR (self), NULL);

  if (g_str_equal (field, "amount"))
    return gtk_editable_get_text (GTK_EDITABLE (self->amount_row));
  if (g_str_equal (field, "temperature"))
    return gtk_editable_get_text (GTK_EDITABLE (self->temperature_row));
  if (g_str_equal (field, "hours"))
    return gtk_editable_get_text (GTK_EDITABLE (self->hours_row));
  g_return_val_if_reached (NULL);
}
