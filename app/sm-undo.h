/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sm-project-edit.h"

G_BEGIN_DECLS

typedef enum
{
  SM_EDIT_ADD_SITE,
  SM_EDIT_UPDATE_SITE,
  SM_EDIT_DELETE_SITE,
  SM_EDIT_ADD_FLOW,
  SM_EDIT_UPDATE_FLOW,
  SM_EDIT_DELETE_FLOW,
} SmEditKind;

#define SM_TYPE_EDIT_COMMAND (sm_edit_command_get_type ())
G_DECLARE_FINAL_TYPE (SmEditCommand, sm_edit_command, SM, EDIT_COMMAND, GObject)

#define SM_TYPE_UNDO_STACK (sm_undo_stack_get_type ())
G_DECLARE_FINAL_TYPE (SmUndoStack, sm_undo_stack, SM, UNDO_STACK, GObject)

SmEditCommand *sm_edit_command_new_site   (SmEditKind     kind,
                                           const SmSite  *before,
                                           const SmSite  *after);
SmEditCommand *sm_edit_command_new_flow   (SmEditKind     kind,
                                           const SmFlow  *before,
                                           const SmFlow  *after);
void           sm_edit_command_set_force  (SmEditCommand *self,
                                           gboolean       force);
const char    *sm_edit_command_get_label  (SmEditCommand *self);
gint64         sm_edit_command_get_id     (SmEditCommand *self);

SmUndoStack   *sm_undo_stack_new          (SmProject     *project);
gboolean       sm_undo_stack_push         (SmUndoStack   *self,
                                           SmEditCommand *command,
                                           GError       **error);
gboolean       sm_undo_stack_undo         (SmUndoStack   *self,
                                           GError       **error);
gboolean       sm_undo_stack_redo         (SmUndoStack   *self,
                                           GError       **error);
gboolean       sm_undo_stack_can_undo     (SmUndoStack   *self);
gboolean       sm_undo_stack_can_redo     (SmUndoStack   *self);
const char    *sm_undo_stack_get_undo_label (SmUndoStack *self);
const char    *sm_undo_stack_get_redo_label (SmUndoStack *self);

G_END_DECLS
