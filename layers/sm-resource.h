/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The keys stored in the project and written in JSON never change with the
 * language; only the labels do. */
typedef enum
{
  SM_RESOURCE_INVALID = -1,
  SM_RESOURCE_HEAT,
  SM_RESOURCE_STEAM,
  SM_RESOURCE_COOLING,
  SM_RESOURCE_WATER,
  SM_RESOURCE_CO2,
  SM_RESOURCE_MATERIAL,
  SM_N_RESOURCES
} SmResource;

typedef enum
{
  SM_DIRECTION_INVALID = -1,
  SM_DIRECTION_SUPPLY,
  SM_DIRECTION_DEMAND,
  SM_N_DIRECTIONS
} SmDirection;

typedef enum
{
  SM_STATUS_INVALID = -1,
  SM_STATUS_IDEA,
  SM_STATUS_CONTACTED,
  SM_STATUS_NEGOTIATING,
  SM_STATUS_OPERATIONAL,
  SM_STATUS_REJECTED,
  SM_N_STATUSES
} SmExchangeStatus;

const char      *sm_resource_to_key          (SmResource resource);
SmResource       sm_resource_from_key        (const char *key);
const char      *sm_resource_get_label       (SmResource resource);
const char      *sm_resource_get_unit        (SmResource resource);
gboolean         sm_resource_has_temperature (SmResource resource);
guint32          sm_resource_get_color       (SmResource resource);

const char      *sm_direction_to_key         (SmDirection direction);
SmDirection      sm_direction_from_key       (const char *key);
const char      *sm_direction_get_label      (SmDirection direction);

const char      *sm_status_to_key            (SmExchangeStatus status);
SmExchangeStatus sm_status_from_key          (const char *key);
const char      *sm_status_get_label         (SmExchangeStatus status);

G_END_DECLS
