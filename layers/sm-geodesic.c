/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Distances on the WGS84 ellipsoid through PROJ's geodesic routines
 * (Karney 2013), shared by routing and the synergy engine.
 */
#define G_LOG_DOMAIN "symbiomap-geodesic"

#include "config.h"

#include <geodesic.h>

#include "sm-geodesic.h"

/**
 * sm_geodesic_distance:
 *
 * Returns: the distance in metres between two points on the WGS84 ellipsoid
 */
double
sm_geodesic_distance (double lat1,
                      double lon1,
                      double lat2,
                      double lon2)
{
  static struct geod_geodesic wgs84;
  static gsize done;
  double s12 = 0;

  if (g_once_init_enter (&done))
    {
      geod_init (&wgs84, 6378137.0, 1 / 298.257223563);
      g_once_init_leave (&done, 1);
    }
  geod_inverse (&wgs84, lat1, lon1, lat2, lon2, &s12, NULL, NULL);
  return s12;
}
