/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sm-items"

#include "config.h"

#include "sm-items.h"

/* One GObject per struct: it holds the struct (transfer full) and frees it
 * with the struct's own free function. */
#define SM_DEFINE_ITEM(TypeName, type_name, Struct, free_func)                   \
  struct _##TypeName                                                             \
  {                                                                              \
    GObject parent_instance;                                                     \
    Struct *data;                                                                \
  };                                                                             \
  G_DEFINE_FINAL_TYPE (TypeName, type_name, G_TYPE_OBJECT)                       \
  static void type_name##_finalize (GObject *object)                             \
  {                                                                              \
    g_clear_pointer (&((TypeName *) object)->data, free_func);                   \
    G_OBJECT_CLASS (type_name##_parent_class)->finalize (object);                \
  }                                                                              \
  static void type_name##_class_init (TypeName##Class *klass)                    \
  {                                                                              \
    G_OBJECT_CLASS (klass)->finalize = type_name##_finalize;                     \
  }                                                                              \
  static void type_name##_init (TypeName *self)                                  \
  {                                                                              \
  }

SM_DEFINE_ITEM (SmMatch, sm_match, SmSynergy, sm_synergy_free)
SM_DEFINE_ITEM (SmSiteItem, sm_site_item, SmSite, sm_site_free)
SM_DEFINE_ITEM (SmFlowItem, sm_flow_item, SmFlow, sm_flow_free)
SM_DEFINE_ITEM (SmExchangeItem, sm_exchange_item, SmExchangeRecord, sm_exchange_record_free)

SmMatch *
sm_match_new (SmSynergy *synergy)
{
  SmMatch *self = g_object_new (SM_TYPE_MATCH, NULL);

  self->data = synergy;
  return self;
}

SmSynergy *
sm_match_get (SmMatch *self)
{
  g_return_val_if_fail (SM_IS_MATCH (self), NULL);
  return self->data;
}

SmSiteItem *
sm_site_item_new (SmSite *site)
{
  SmSiteItem *self = g_object_new (SM_TYPE_SITE_ITEM, NULL);

  self->data = site;
  return self;
}

SmSite *
sm_site_item_get (SmSiteItem *self)
{
  g_return_val_if_fail (SM_IS_SITE_ITEM (self), NULL);
  return self->data;
}

SmFlowItem *
sm_flow_item_new (SmFlow *flow)
{
  SmFlowItem *self = g_object_new (SM_TYPE_FLOW_ITEM, NULL);

  self->data = flow;
  return self;
}

SmFlow *
sm_flow_item_get (SmFlowItem *self)
{
  g_return_val_if_fail (SM_IS_FLOW_ITEM (self), NULL);
  return self->data;
}

SmExchangeItem *
sm_exchange_item_new (SmExchangeRecord *record)
{
  SmExchangeItem *self = g_object_new (SM_TYPE_EXCHANGE_ITEM, NULL);

  self->data = record;
  return self;
}

SmExchangeRecord *
sm_exchange_item_get (SmExchangeItem *self)
{
  g_return_val_if_fail (SM_IS_EXCHANGE_ITEM (self), NULL);
  return self->data;
}

/* One change of a site's history (sm-edit-log.h) */
SM_DEFINE_ITEM (SmEditItem, sm_edit_item, SmEditEntry, sm_edit_entry_free)

SmEditItem *
sm_edit_item_new (SmEditEntry *entry)
{
  SmEditItem *self = g_object_new (SM_TYPE_EDIT_ITEM, NULL);

  self->data = entry;
  return self;
}

SmEditEntry *
sm_edit_item_get (SmEditItem *self)
{
  g_return_val_if_fail (SM_IS_EDIT_ITEM (self), NULL);
  return self->data;
}
