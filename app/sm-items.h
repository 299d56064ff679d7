/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* GObjects around the store's structs, so that lists of them are GListModels
 * that GtkListBox binds (gtk_list_box_bind_model). Each owns its struct. */

#include <gio/gio.h>

#include "sm-edit-log.h"
#include "sm-project-query.h"
#include "sm-synergy.h"

G_BEGIN_DECLS

#define SM_TYPE_MATCH (sm_match_get_type ())
G_DECLARE_FINAL_TYPE (SmMatch, sm_match, SM, MATCH, GObject)
#define SM_TYPE_SITE_ITEM (sm_site_item_get_type ())
G_DECLARE_FINAL_TYPE (SmSiteItem, sm_site_item, SM, SITE_ITEM, GObject)
#define SM_TYPE_FLOW_ITEM (sm_flow_item_get_type ())
G_DECLARE_FINAL_TYPE (SmFlowItem, sm_flow_item, SM, FLOW_ITEM, GObject)
#define SM_TYPE_EXCHANGE_ITEM (sm_exchange_item_get_type ())
G_DECLARE_FINAL_TYPE (SmExchangeItem, sm_exchange_item, SM, EXCHANGE_ITEM, GObject)

SmMatch          *sm_match_new          (SmSynergy        *synergy);
SmSynergy        *sm_match_get          (SmMatch          *self);
SmSiteItem       *sm_site_item_new      (SmSite           *site);
SmSite           *sm_site_item_get      (SmSiteItem       *self);
SmFlowItem       *sm_flow_item_new      (SmFlow           *flow);
SmFlow           *sm_flow_item_get      (SmFlowItem       *self);
SmExchangeItem   *sm_exchange_item_new  (SmExchangeRecord *record);
SmExchangeRecord *sm_exchange_item_get  (SmExchangeItem   *self);

/* One change of a site's history */
#define SM_TYPE_EDIT_ITEM (sm_edit_item_get_type ())
G_DECLARE_FINAL_TYPE (SmEditItem, sm_edit_item, SM, EDIT_ITEM, GObject)

SmEditItem       *sm_edit_item_new      (SmEditEntry      *entry);
SmEditEntry      *sm_edit_item_get      (SmEditItem       *self);

G_END_DECLS
