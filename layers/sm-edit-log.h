/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The log of every change to a site or a flow, whoever made it
 * (docs/DATA-MODEL.md, "Edit log"). */

#include "sm-project.h"
#include "sm-resource.h"

G_BEGIN_DECLS

typedef enum
{
  SM_EDIT_LOG_INSERT,
  SM_EDIT_LOG_UPDATE,
  SM_EDIT_LOG_DELETE,
} SmEditAction;

/* One column of one change */
typedef struct
{
  char *column;    /* the schema's name: "name", "amount", or "lat"/"lon" */
  char *old_value; /* as text; NULL when it was empty, and for an insert */
  char *new_value; /* NULL when it is cleared, and for a deletion */
} SmEditChange;

/* One change to a site or to one of its flows */
typedef struct
{
  gint64       edit_id;
  char        *changed_at; /* ISO 8601, UTC */
  gboolean     is_flow;    /* one of the site's flows, else the site itself */
  gint64       row_id;     /* the site_id or the flow_id */
  gint64       site_id;
  SmEditAction action;
  char        *who;        /* the OS user of Symbiomap, NULL from other programs */
  char        *old_values; /* JSON object of the changed columns; NULL for an insert */
  char        *new_values; /* NULL for a deletion */
  GPtrArray   *changes;    /* of SmEditChange, in the schema's column order */
  int          direction;  /* of a flow: SmDirection, or -1 when not known */
  int          resource;   /* SmResource, or -1 */
} SmEditEntry;

GPtrArray  *sm_project_list_site_history (SmProject    *self,
                                          gint64        site_id,
                                          GError      **error);
const char *sm_edit_action_to_key        (SmEditAction  action);
void        sm_edit_entry_free           (SmEditEntry  *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmEditEntry, sm_edit_entry_free)

G_END_DECLS
