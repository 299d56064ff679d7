/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Undo and redo of edits: each edit is a command object that knows how to
 * do and undo itself through the store (sm-project-edit.c); the stack keeps
 * the commands done and those undone, as GNOME applications do.
 */
#define G_LOG_DOMAIN "sm-undo"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-undo.h"

struct _SmEditCommand
{
  GObject         parent_instance;

  SmEditKind      kind;
  SmSite         *site_before, *site_after;
  SmFlow         *flow_before, *flow_after;
  SmSiteSnapshot *snapshot; /* what the last deletion removed */
  gint64          id;       /* the site or flow the command is about */
  gint64          row_version; /* on a shared database: the row's version its
                                * next update expects (0 on a file) */
  gboolean        force;    /* the next do saves over someone else's change */
};

G_DEFINE_FINAL_TYPE (SmEditCommand, sm_edit_command, G_TYPE_OBJECT)

static void
sm_edit_command_finalize (GObject *object)
{
  SmEditCommand *self = SM_EDIT_COMMAND (object);

  g_clear_pointer (&self->site_before, sm_site_free);
  g_clear_pointer (&self->site_after, sm_site_free);
  g_clear_pointer (&self->flow_before, sm_flow_free);
  g_clear_pointer (&self->flow_after, sm_flow_free);
  g_clear_pointer (&self->snapshot, sm_site_snapshot_free);
  G_OBJECT_CLASS (sm_edit_command_parent_class)->finalize (object);
}

static void
sm_edit_command_class_init (SmEditCommandClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sm_edit_command_finalize;
}

static void
sm_edit_command_init (SmEditCommand *self)
{
}

/**
 * sm_edit_command_new_site:
 * @kind: %SM_EDIT_ADD_SITE, %SM_EDIT_UPDATE_SITE or %SM_EDIT_DELETE_SITE
 * @before: (nullable): the site as it is (update, delete)
 * @after: (nullable): the site as it is to be (add, update)
 */
SmEditCommand *
sm_edit_command_new_site (SmEditKind    kind,
                          const SmSite *before,
                          const SmSite *after)
{
  SmEditCommand *self = g_object_new (SM_TYPE_EDIT_COMMAND, NULL);

  self->kind = kind;
  self->site_before = before ? sm_site_copy (before) : NULL;
  self->site_after = after ? sm_site_copy (after) : NULL;
  self->id = before ? before->site_id : 0;
  /* the version the editor opened: someone else's save since is a conflict */
  self->row_version = before ? before->row_version : 0;
  return self;
}

/**
 * sm_edit_command_new_flow:
 * @kind: %SM_EDIT_ADD_FLOW, %SM_EDIT_UPDATE_FLOW or %SM_EDIT_DELETE_FLOW
 * @before: (nullable): the flow as it is (update, delete)
 * @after: (nullable): the flow as it is to be (add, update)
 */
SmEditCommand *
sm_edit_command_new_flow (SmEditKind    kind,
                          const SmFlow *before,
                          const SmFlow *after)
{
  SmEditCommand *self = g_object_new (SM_TYPE_EDIT_COMMAND, NULL);

  self->kind = kind;
  self->flow_before = before ? sm_flow_copy (before) : NULL;
  self->flow_after = after ? sm_flow_copy (after) : NULL;
  self->id = before ? before->flow_id : 0;
  self->row_version = before ? before->row_version : 0;
  return self;
}

/**
 * sm_edit_command_set_force:
 * @self: an update of a site or a flow
 * @force: whether its next do saves over a change someone else saved on
 *   the shared database since the editor read the row ("Save Mine")
 */
void
sm_edit_command_set_force (SmEditCommand *self,
                           gboolean       force)
{
  g_return_if_fail (SM_IS_EDIT_COMMAND (self));
  self->force = force;
}

/**
 * sm_edit_command_get_label:
 *
 * Returns: what the command does, for "Undo …" toasts
 */
const char *
sm_edit_command_get_label (SmEditCommand *self)
{
  switch (self->kind)
    {
    case SM_EDIT_ADD_SITE:
      return _("Add site");
    case SM_EDIT_UPDATE_SITE:
      return _("Edit site");
    case SM_EDIT_DELETE_SITE:
      return _("Delete site");
    case SM_EDIT_ADD_FLOW:
      return _("Add flow");
    case SM_EDIT_UPDATE_FLOW:
      return _("Edit flow");
    case SM_EDIT_DELETE_FLOW:
      return _("Delete flow");
    default:
      g_assert_not_reached ();
    }
}

/**
 * sm_edit_command_get_id:
 *
 * Returns: the site_id or flow_id the command changed (for an addition, the
 *   new one once done)
 */
gint64
sm_edit_command_get_id (SmEditCommand *self)
{
  g_return_val_if_fail (SM_IS_EDIT_COMMAND (self), 0);
  return self->id;
}

/* Puts back what the last undo of an addition, or a deletion, removed */
static gboolean
restore (SmEditCommand  *self,
         SmProject      *project,
         GError        **error)
{
  if (!sm_project_restore_site (project, self->snapshot, error))
    return FALSE;
  g_clear_pointer (&self->snapshot, sm_site_snapshot_free);
  return TRUE;
}

/* An update, checked against the version the row had when this stack last
 * wrote it (or the editor read it); on success the row's new version is
 * the one the next undo or redo expects. A file has none: 0, unchecked. */
static gboolean
update_site (SmEditCommand  *self,
             SmProject      *project,
             const SmSite   *site,
             GError        **error)
{
  g_autoptr (SmSite) copy = sm_site_copy (site);
  g_autoptr (SmSite) now = NULL;

  copy->row_version = self->row_version;
  if (!(self->force ? sm_project_update_site_force (project, copy, error)
                    : sm_project_update_site (project, copy, error)))
    return FALSE;
  self->force = FALSE;
  if (sm_project_is_shared (project) && (now = sm_project_get_site (project, self->id, NULL)) != NULL)
    self->row_version = now->row_version;
  return TRUE;
}

static gboolean
update_flow (SmEditCommand  *self,
             SmProject      *project,
             const SmFlow   *flow,
             GError        **error)
{
  g_autoptr (SmFlow) copy = sm_flow_copy (flow);
  g_autoptr (SmFlow) now = NULL;

  copy->row_version = self->row_version;
  if (!(self->force ? sm_project_update_flow_force (project, copy, error)
                    : sm_project_update_flow (project, copy, error)))
    return FALSE;
  self->force = FALSE;
  if (sm_project_is_shared (project) && (now = sm_project_get_flow (project, self->id, NULL)) != NULL)
    self->row_version = now->row_version;
  return TRUE;
}

static gboolean
command_do (SmEditCommand  *self,
            SmProject      *project,
            GError        **error)
{
  switch (self->kind)
    {
    case SM_EDIT_ADD_SITE:
      if (self->snapshot != NULL)
        return restore (self, project, error);
      self->id = sm_project_add_site (project, self->site_after, error);
      return self->id != 0;
    case SM_EDIT_ADD_FLOW:
      if (self->snapshot != NULL)
        return restore (self, project, error);
      self->id = sm_project_add_flow (project, self->flow_after, error);
      return self->id != 0;
    case SM_EDIT_UPDATE_SITE:
      return update_site (self, project, self->site_after, error);
    case SM_EDIT_UPDATE_FLOW:
      return update_flow (self, project, self->flow_after, error);
    case SM_EDIT_DELETE_SITE:
      self->snapshot = sm_project_delete_site (project, self->id, error);
      return self->snapshot != NULL;
    case SM_EDIT_DELETE_FLOW:
      self->snapshot = sm_project_delete_flow (project, self->id, error);
      return self->snapshot != NULL;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
command_undo (SmEditCommand  *self,
              SmProject      *project,
              GError        **error)
{
  switch (self->kind)
    {
    case SM_EDIT_ADD_SITE:
      g_clear_pointer (&self->snapshot, sm_site_snapshot_free);
      self->snapshot = sm_project_delete_site (project, self->id, error);
      return self->snapshot != NULL;
    case SM_EDIT_ADD_FLOW:
      g_clear_pointer (&self->snapshot, sm_site_snapshot_free);
      self->snapshot = sm_project_delete_flow (project, self->id, error);
      return self->snapshot != NULL;
    case SM_EDIT_UPDATE_SITE:
      return update_site (self, project, self->site_before, error);
    case SM_EDIT_UPDATE_FLOW:
      return update_flow (self, project, self->flow_before, error);
    case SM_EDIT_DELETE_SITE:
    case SM_EDIT_DELETE_FLOW:
      return restore (self, project, error);
    default:
      g_assert_not_reached ();
    }
}

/* The stack */

struct _SmUndoStack
{
  GObject    parent_instance;

  SmProject *project;
  GPtrArray *commands; /* of SmEditCommand */
  guint      done;     /* commands[0..done) are done, the rest undone */
};

G_DEFINE_FINAL_TYPE (SmUndoStack, sm_undo_stack, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
notify_state (SmUndoStack *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static void
sm_undo_stack_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SmUndoStack *self = SM_UNDO_STACK (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, sm_undo_stack_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, sm_undo_stack_can_redo (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sm_undo_stack_finalize (GObject *object)
{
  SmUndoStack *self = SM_UNDO_STACK (object);

  g_clear_object (&self->project);
  g_clear_pointer (&self->commands, g_ptr_array_unref);
  G_OBJECT_CLASS (sm_undo_stack_parent_class)->finalize (object);
}

static void
sm_undo_stack_class_init (SmUndoStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sm_undo_stack_finalize;
  object_class->get_property = sm_undo_stack_get_property;
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sm_undo_stack_init (SmUndoStack *self)
{
  self->commands = g_ptr_array_new_with_free_func (g_object_unref);
}

SmUndoStack *
sm_undo_stack_new (SmProject *project)
{
  SmUndoStack *self = g_object_new (SM_TYPE_UNDO_STACK, NULL);

  self->project = g_object_ref (project);
  return self;
}

/**
 * sm_undo_stack_push:
 * @self: an undo stack
 * @command: an edit not yet done
 * @error: return location for an error
 *
 * Does @command and keeps it for undo; what was undone can no longer be
 * redone. A command that fails is not kept.
 */
gboolean
sm_undo_stack_push (SmUndoStack    *self,
                    SmEditCommand  *command,
                    GError        **error)
{
  g_return_val_if_fail (SM_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (SM_IS_EDIT_COMMAND (command), FALSE);

  if (!command_do (command, self->project, error))
    return FALSE;
  g_ptr_array_set_size (self->commands, self->done);
  g_ptr_array_add (self->commands, g_object_ref (command));
  self->done++;
  notify_state (self);
  return TRUE;
}

gboolean
sm_undo_stack_undo (SmUndoStack  *self,
                    GError      **error)
{
  g_return_val_if_fail (SM_IS_UNDO_STACK (self), FALSE);

  if (self->done == 0)
    return FALSE;
  if (!command_undo (g_ptr_array_index (self->commands, self->done - 1), self->project, error))
    return FALSE;
  self->done--;
  notify_state (self);
  return TRUE;
}

gboolean
sm_undo_stack_redo (SmUndoStack  *self,
                    GError      **error)
{
  g_return_val_if_fail (SM_IS_UNDO_STACK (self), FALSE);

  if (self->done >= self->commands->len)
    return FALSE;
  if (!command_do (g_ptr_array_index (self->commands, self->done), self->project, error))
    return FALSE;
  self->done++;
  notify_state (self);
  return TRUE;
}

gboolean
sm_undo_stack_can_undo (SmUndoStack *self)
{
  return self->done > 0;
}

gboolean
sm_undo_stack_can_redo (SmUndoStack *self)
{
  return self->done < self->commands->len;
}

const char *
sm_undo_stack_get_undo_label (SmUndoStack *self)
{
  return self->done > 0 ? sm_edit_command_get_label (g_ptr_array_index (self->commands,
                                                                        self->done - 1))
                        : NULL;
}

const char *
sm_undo_stack_get_redo_label (SmUndoStack *self)
{
  return self->done < self->commands->len
           ? sm_edit_command_get_label (g_ptr_array_index (self->commands, self->done))
           : NULL;
}
