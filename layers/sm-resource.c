/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sm-resource"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-resource.h"

typedef struct
{
  const char *key;
  const char *label;
  const char *unit;
  gboolean    has_temperature;
  guint32     color; /* 0xRRGGBB, for the map legend and exported styles */
} ResourceInfo;

static const ResourceInfo resources[SM_N_RESOURCES] = {
  /* TRANSLATORS: a resource that one company has in surplus and another needs */
  { "heat", N_("Heat"), "MWh/yr", TRUE, 0xe01b24 },
  /* TRANSLATORS: a resource: steam (as opposed to hot water) */
  { "steam", N_("Steam"), "MWh/yr", TRUE, 0xc061cb },
  /* TRANSLATORS: cooling capacity (cold) as a resource */
  { "cooling", N_("Cooling"), "MWh/yr", TRUE, 0x33c7de },
  /* TRANSLATORS: a resource: water (process water, cooling water, treated waste water) */
  { "water", N_("Water"), "m3/yr", FALSE, 0x1c71d8 },
  /* TRANSLATORS: a resource: carbon dioxide, e.g. from a flue gas or a fermentation */
  { "co2", N_("CO₂"), "t/yr", FALSE, 0x5e5c64 },
  /* TRANSLATORS: by-products and wastes identified by a waste code */
  { "material", N_("Materials"), "t/yr", FALSE, 0xc88800 },
};

static const char *direction_keys[SM_N_DIRECTIONS] = { "supply", "demand" };
static const char *direction_labels[SM_N_DIRECTIONS] = {
  /* TRANSLATORS: a flow a site has in surplus (a source of heat, by-products, ...) */
  N_("Supply"),
  /* TRANSLATORS: a flow a site needs (a sink) */
  N_("Demand"),
};

static const char *status_keys[SM_N_STATUSES] = {
  "idea", "contacted", "negotiating", "operational", "rejected",
};
static const char *status_labels[SM_N_STATUSES] = {
  /* TRANSLATORS: status of a recorded exchange between two companies */
  N_("Idea"),
  /* TRANSLATORS: status of an exchange: the two companies have been contacted */
  N_("Contacted"),
  /* TRANSLATORS: status of an exchange: the two companies are negotiating it */
  N_("Negotiating"),
  /* TRANSLATORS: status of an exchange: it exists and runs */
  N_("Operational"),
  /* TRANSLATORS: status of an exchange: it was looked at and given up */
  N_("Rejected"),
};

/**
 * sm_resource_get_color:
 * @resource: a resource
 *
 * Returns: its colour as 0xRRGGBB, the same on the map, in the legend and
 *   in exported GeoPackage styles (GNOME palette hues)
 */
guint32
sm_resource_get_color (SmResource resource)
{
  g_return_val_if_fail (resource >= 0 && resource < SM_N_RESOURCES, 0);
  return resources[resource].color;
}

const char *
sm_resource_to_key (SmResource resource)
{
  g_return_val_if_fail (resource >= 0 && resource < SM_N_RESOURCES, NULL);
  return resources[resource].key;
}

SmResource
sm_resource_from_key (const char *key)
{
  if (key == NULL)
    return SM_RESOURCE_INVALID;
  for (int i = 0; i < SM_N_RESOURCES; i++)
    if (g_str_equal (key, resources[i].key))
      return (SmResource) i;
  return SM_RESOURCE_INVALID;
}

const char *
sm_resource_get_label (SmResource resource)
{
  g_return_val_if_fail (resource >= 0 && resource < SM_N_RESOURCES, NULL);
  return _(resources[resource].label);
}

/* The canonical amount unit of docs/DATA-MODEL.md: the data keeps it untranslated. */
const char *
sm_resource_get_unit (SmResource resource)
{
  g_return_val_if_fail (resource >= 0 && resource < SM_N_RESOURCES, NULL);
  return resources[resource].unit;
}

gboolean
sm_resource_has_temperature (SmResource resource)
{
  g_return_val_if_fail (resource >= 0 && resource < SM_N_RESOURCES, FALSE);
  return resources[resource].has_temperature;
}

const char *
sm_direction_to_key (SmDirection direction)
{
  g_return_val_if_fail (direction >= 0 && direction < SM_N_DIRECTIONS, NULL);
  return direction_keys[direction];
}

SmDirection
sm_direction_from_key (const char *key)
{
  if (key == NULL)
    return SM_DIRECTION_INVALID;
  for (int i = 0; i < SM_N_DIRECTIONS; i++)
    if (g_str_equal (key, direction_keys[i]))
      return (SmDirection) i;
  return SM_DIRECTION_INVALID;
}

const char *
sm_direction_get_label (SmDirection direction)
{
  g_return_val_if_fail (direction >= 0 && direction < SM_N_DIRECTIONS, NULL);
  return _(direction_labels[direction]);
}

const char *
sm_status_to_key (SmExchangeStatus status)
{
  g_return_val_if_fail (status >= 0 && status < SM_N_STATUSES, NULL);
  return status_keys[status];
}

SmExchangeStatus
sm_status_from_key (const char *key)
{
  if (key == NULL)
    return SM_STATUS_INVALID;
  for (int i = 0; i < SM_N_STATUSES; i++)
    if (g_str_equal (key, status_keys[i]))
      return (SmExchangeStatus) i;
  return SM_STATUS_INVALID;
}

const char *
sm_status_get_label (SmExchangeStatus status)
{
  g_return_val_if_fail (status >= 0 && status < SM_N_STATUSES, NULL);
  return _(status_labels[status]);
}
