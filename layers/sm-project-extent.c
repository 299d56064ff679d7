/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where most sites are: the median of their coordinates, and the extent
 * of the sites within SM_OUTLIER_M of it. One site typed in Paris in a
 * Danish sheet should not make the map show half of Europe, nor pass
 * unnoticed in the import report.
 */
#define G_LOG_DOMAIN "symbiomap-project"

#include "config.h"

#include <math.h>

#include "sm-db.h"
#include "sm-project-extent.h"

/* Beyond this many sites the project extent is the plain bounding box: the
 * median would cost a read of every site each time the window asks. */
#define CORE_EXTENT_MAX_SITES 200000

/**
 * sm_geo_few_far:
 * @n_far: how many points are over SM_OUTLIER_M from the median
 * @n: how many points there are
 *
 * A sheet of one town with a row in Paris has an outlier; a register of
 * all Europe, or a sheet of both Malmö and Stockholm, has points far apart
 * and none of them is an outlier. *Assumption*: outliers are at most a
 * tenth of the points (at least one).
 *
 * Returns: whether the far points are few enough to be outliers
 */
gboolean
sm_geo_few_far (guint n_far,
                guint n)
{
  return n_far > 0 && n_far <= MAX (1, n / 10);
}

/**
 * sm_geo_distance_m:
 *
 * Returns: the great-circle distance on a sphere of the mean Earth radius
 *   (6 371 008.8 m, IUGG); within 0.5 % of the ellipsoid, plenty to tell a
 *   site 300 km away
 */
double
sm_geo_distance_m (double lat1,
                   double lon1,
                   double lat2,
                   double lon2)
{
  double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180;
  double h = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2 * 6371008.8 * asin (MIN (1.0, sqrt (h)));
}

/* The k-th smallest of @v (Hoare's selection), reordering @v */
static double
select_kth (double *v,
            gssize n,
            gssize k)
{
  gssize lo = 0, hi = n - 1;

  while (lo < hi)
    {
      double pivot = v[lo + (hi - lo) / 2];
      gssize i = lo, j = hi;

      while (i <= j)
        {
          while (v[i] < pivot)
            i++;
          while (v[j] > pivot)
            j--;
          if (i <= j)
            {
              double t = v[i];

              v[i++] = v[j];
              v[j--] = t;
            }
        }
      if (k <= j)
        hi = j;
      else if (k >= i)
        lo = i;
      else
        return v[k];
    }
  return v[k];
}

/**
 * sm_geo_median:
 * @lat: the first latitude; the next is @stride bytes further
 * @lon: the first longitude, likewise
 * @n: how many points
 *
 * The median latitude and the median longitude: where most points are,
 * whatever a few far ones do.
 *
 * Returns: FALSE when @n is 0
 */
gboolean
sm_geo_median (const double *lat,
               const double *lon,
               gsize        n,
               gsize        stride,
               double      *median_lat,
               double      *median_lon)
{
  g_autofree double *a = NULL;
  g_autofree double *b = NULL;

  if (n == 0)
    return FALSE;
  a = g_new (double, n);
  b = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      a[i] = *(const double *) ((const char *) lat + i * stride);
      b[i] = *(const double *) ((const char *) lon + i * stride);
    }
  *median_lat = select_kth (a, n, n / 2);
  *median_lon = select_kth (b, n, n / 2);
  return TRUE;
}

/**
 * sm_project_core_extent:
 *
 * The extent of the sites within SM_OUTLIER_M of the median site, when
 * the others are few (sm_geo_few_far()).
 *
 * Returns: FALSE when the project has no sites, too many to tell, or no
 *   outliers: then the plain extent is the right one
 */
gboolean
sm_project_core_extent (SmProject *self,
                        double    *min_lon,
                        double    *min_lat,
                        double    *max_lon,
                        double    *max_lat,
                        GError   **error)
{
  SmStmt *stmt = sm_project_prepare (self,
                                           "SELECT ST_Y (geom), ST_X (geom) FROM sites "
                                           "WHERE (SELECT count(*) FROM sites) <= ?",
                                           error);
  g_autoptr (GArray) pts = g_array_new (FALSE, FALSE, sizeof (double) * 2);
  double mlat, mlon;
  gboolean any = FALSE;

  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_int (stmt, 1, CORE_EXTENT_MAX_SITES);
  while (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    {
      double p[2] = { sm_stmt_column_double (stmt, 0), sm_stmt_column_double (stmt, 1) };
      g_array_append_val (pts, p);
    }
  sm_stmt_reset (stmt);
  if (!sm_geo_median ((double *) pts->data, (double *) pts->data + 1, pts->len, sizeof (double) * 2,
                      &mlat, &mlon))
    return FALSE;
  {
    guint n_far = 0;

    for (guint i = 0; i < pts->len; i++)
      {
        double *p = &g_array_index (pts, double, 2 * i);
        n_far += sm_geo_distance_m (mlat, mlon, p[0], p[1]) > SM_OUTLIER_M;
      }
    if (!sm_geo_few_far (n_far, pts->len))
      return FALSE;
  }
  for (guint i = 0; i < pts->len; i++)
    {
      double *p = &g_array_index (pts, double, 2 * i);

      if (sm_geo_distance_m (mlat, mlon, p[0], p[1]) > SM_OUTLIER_M)
        continue;
      if (!any)
        {
          *min_lat = *max_lat = p[0];
          *min_lon = *max_lon = p[1];
          any = TRUE;
        }
      *min_lat = MIN (*min_lat, p[0]);
      *max_lat = MAX (*max_lat, p[0]);
      *min_lon = MIN (*min_lon, p[1]);
      *max_lon = MAX (*max_lon, p[1]);
    }
  return any;
}
