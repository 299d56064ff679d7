/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A site far from the others of its file is imported, and the report says
 * so: a Paris row in a Danish sheet is more likely a wrong coordinate than
 * a partner in Paris (docs/DATA-MODEL.md). "Far" is SM_OUTLIER_M from the
 * median of the file's points.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sm-outliers.h"
#include "sm-project-extent.h"

/* So that a file of two clusters does not fill the report */
#define MAX_OUTLIER_NOTES 20

/* Fewer points than this have no "most sites" to be far from. */
#define MIN_POINTS 5

void
sm_outliers_report (GArray    *points,
                    GPtrArray *notes)
{
  double mlat, mlon;
  int n_far = 0;

  if (points == NULL || points->len < MIN_POINTS)
    return;
  if (!sm_geo_median (&g_array_index (points, SmImportPoint, 0).lat,
                      &g_array_index (points, SmImportPoint, 0).lon, points->len,
                      sizeof (SmImportPoint), &mlat, &mlon))
    return;
  for (guint i = 0; i < points->len; i++)
    {
      SmImportPoint *p = &g_array_index (points, SmImportPoint, i);
      n_far += sm_geo_distance_m (mlat, mlon, p->lat, p->lon) > SM_OUTLIER_M;
    }
  /* Points far apart are not outliers when they are many. */
  if (!sm_geo_few_far (n_far, points->len))
    return;
  n_far = 0;
  for (guint i = 0; i < points->len; i++)
    {
      SmImportPoint *p = &g_array_index (points, SmImportPoint, i);
      double d = sm_geo_distance_m (mlat, mlon, p->lat, p->lon);

      if (d <= SM_OUTLIER_M)
        continue;
      if (++n_far <= MAX_OUTLIER_NOTES)
        g_ptr_array_add (notes,
                         /* TRANSLATORS: row number, the site's latitude and longitude, a distance
                          * in km, then the latitude and longitude where most sites are */
                         g_strdup_printf (_("Row %d: the site at %.5f, %.5f is %.0f km from where "
                                            "most sites of the file are (near %.4f, %.4f); it was "
                                            "imported, but check its coordinates"),
                                          p->row, p->lat, p->lon, d / 1000, mlat, mlon));
    }
  if (n_far > MAX_OUTLIER_NOTES)
    g_ptr_array_add (notes,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   /* TRANSLATORS: %d is a number of sites, %.0f
                                                    * a distance in km */
                                                   "%d more site is over %.0f km from most sites of the file",
                                                   "%d more sites are over %.0f km from most sites of the file",
                                                   n_far - MAX_OUTLIER_NOTES),
                                      n_far - MAX_OUTLIER_NOTES, SM_OUTLIER_M / 1000));
}
