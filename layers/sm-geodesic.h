/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The straight line of docs/SYNERGY.md ("Routes"): used by routing and by
 * the synergy engine, so it depends on neither. */
double sm_geodesic_distance (double lat1,
                             double lon1,
                             double lat2,
                             double lon2);

G_END_DECLS
