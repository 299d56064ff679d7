/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Editing sites and flows by hand (the window's forms, `symbiomap-cli site`
 * and `flow`). Each function is one change, announced with the project's
 * `changed` signal; a deletion returns what it removed so that undo can put
 * it back with the same ids. */

#include <gio/gio.h>

#include "sm-project.h"
#include "sm-project-query.h"

G_BEGIN_DECLS

/* A site with everything that hangs on it, as it was before a deletion */
typedef struct
{
  SmSite    *site;
  GPtrArray *flows;     /* of SmFlow */
  GPtrArray *exchanges; /* of SmExchangeRecord */
} SmSiteSnapshot;

gint64          sm_project_add_site       (SmProject     *self,
                                           const SmSite  *site,
                                           GError       **error);
gboolean        sm_project_update_site    (SmProject     *self,
                                           const SmSite  *site,
                                           GError       **error);
gboolean        sm_project_update_site_force (SmProject    *self,
                                              const SmSite *site,
                                              GError      **error);
gboolean        sm_project_move_site      (SmProject     *self,
                                           gint64         site_id,
                                           double         lat,
                                           double         lon,
                                           GError       **error);
SmSiteSnapshot *sm_project_delete_site    (SmProject     *self,
                                           gint64         site_id,
                                           GError       **error);
SmSiteSnapshot *sm_project_delete_site_checked (SmProject *self,
                                                gint64     site_id,
                                                gint64     row_version,
                                                GError   **error);
gboolean        sm_project_restore_site   (SmProject            *self,
                                           const SmSiteSnapshot *snapshot,
                                           GError              **error);

gint64          sm_project_add_flow       (SmProject     *self,
                                           const SmFlow  *flow,
                                           GError       **error);
gboolean        sm_project_update_flow    (SmProject     *self,
                                           const SmFlow  *flow,
                                           GError       **error);
gboolean        sm_project_update_flow_force (SmProject    *self,
                                              const SmFlow *flow,
                                              GError      **error);
SmSiteSnapshot *sm_project_delete_flow    (SmProject     *self,
                                           gint64         flow_id,
                                           GError       **error);
SmSiteSnapshot *sm_project_delete_flow_checked (SmProject *self,
                                                gint64     flow_id,
                                                gint64     row_version,
                                                GError   **error);

SmSite         *sm_site_copy              (const SmSite  *site);
SmFlow         *sm_flow_copy              (const SmFlow  *flow);
void            sm_site_snapshot_free     (SmSiteSnapshot *snapshot);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmSiteSnapshot, sm_site_snapshot_free)

G_END_DECLS
