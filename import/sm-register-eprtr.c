/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The E-PRTR / Industrial Emissions Portal releases profile
 * (docs/DATA-MODEL.md, "Public registers"): one row per facility and
 * pollutant; one site per FacilityInspireID at the position of its latest
 * year, its earlier names kept as former names; the CO2 releases to air of
 * the latest year with a value as a co2 supply in t/yr; other pollutants
 * left out with one note.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-registers-private.h"

/* kg to t */
#define T_PER_KG 0.001

/* E-PRTR */

typedef struct
{
  char   *key;
  char   *name;
  GPtrArray *names;      /* every name of its rows, by ... */
  GArray    *name_years; /* ... the latest year each was given */
  char   *city;
  char   *sector;
  double  lat, lon;
  int     pos_year;
  int     first_row;
  int     n_rows;
  double  co2_kg;
  int     co2_year;
  gboolean has_pos;
  gboolean moved;
} Facility;

static void
facility_free (Facility *f)
{
  g_free (f->key);
  g_free (f->name);
  g_ptr_array_unref (f->names);
  g_array_unref (f->name_years);
  g_free (f->city);
  g_free (f->sector);
  g_free (f);
}

static gboolean
is_co2 (const char *pollutant)
{
  return pollutant != NULL
         && (g_ascii_strcasecmp (pollutant, "Carbon dioxide (CO2)") == 0
             || g_ascii_strcasecmp (pollutant, "CO2") == 0);
}

static void
take_text (char **slot,
           char  *text)
{
  if (text != NULL)
    {
      g_free (*slot);
      *slot = text;
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

gboolean
sm_reg_import_eprtr (Reader       *g,
                     OGRLayerH     layer,
                     GCancellable *cancellable,
                     GError      **error)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int c_key = sm_reg_column (defn, "FacilityInspireID"), c_name = sm_reg_column (defn, "facilityName");
  int c_lon = sm_reg_column (defn, "Longitude"), c_lat = sm_reg_column (defn, "Latitude");
  int c_city = sm_reg_column (defn, "City"), c_pollutant = sm_reg_column (defn, "pollutant");
  int c_sector = sm_reg_column (defn, "eprtrSectorName"), c_medium = sm_reg_column (defn, "targetRelease");
  int c_medium2 = sm_reg_column (defn, "medium"); /* the portal's newer exports */
  int c_year = sm_reg_column (defn, "reportingYear");
  int c_value = -1;
  g_autoptr (GArray) year_cols = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GArray) years = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GHashTable) facilities = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) order = g_ptr_array_new_with_free_func ((GDestroyNotify) facility_free);
  g_autoptr (GHashTable) others = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  SmNumberStyle style = SM_NUMBER_STYLE_UNKNOWN;
  OGRFeatureH feature;
  int index = 0, n_other_rows = 0, n_moved = 0;

  /* The years: columns named 2007, 2008, …, or the long form's
   * reportingYear with its amount column. */
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    {
      const char *name = OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i));
      char *end = NULL;
      gint64 y = g_ascii_strtoll (name, &end, 10);

      if (end != name && *end == '\0' && y >= 1990 && y <= 2100)
        {
          int year = (int) y;
          g_array_append_val (year_cols, i);
          g_array_append_val (years, year);
        }
    }
  if (c_year >= 0)
    for (const char * const *v = (const char * const[]) { "totalPollutantQuantityKg", "emissions",
                                                          "Releases", "TotalQuantity", NULL };
         *v != NULL && c_value < 0; v++)
      c_value = sm_reg_column (defn, *v);

  OGR_L_ResetReading (layer);
  while ((feature = OGR_L_GetNextFeature (layer)) != NULL)
    {
      int row = ++index + 1;
      g_autofree char *key = sm_reg_text_at (feature, c_key);
      g_autofree char *pollutant = sm_reg_text_at (feature, c_pollutant);
      g_autofree char *medium = sm_reg_text_at (feature, c_medium >= 0 ? c_medium : c_medium2);
      g_autofree char *lat_text = sm_reg_text_at (feature, c_lat);
      g_autofree char *lon_text = sm_reg_text_at (feature, c_lon);
      Facility *f;
      double lat = NAN, lon = NAN, value = NAN;
      int year = 0;

      g->out->rows_read++;
      if (key == NULL)
        {
          OGR_F_Destroy (feature);
          if (!sm_reg_reject_row (g, row, "FacilityInspireID", NULL,
                           g_strdup (_("the register's key (FacilityInspireID) is missing")), error))
            return FALSE;
          continue;
        }
      /* The file's decimal mark is its coordinates': a Danish re-save
       * writes 8,578 and 13233,378 alike. */
      if (style == SM_NUMBER_STYLE_UNKNOWN && lon_text != NULL)
        style = strchr (lon_text, ',') ? SM_NUMBER_STYLE_COMMA_DECIMAL : SM_NUMBER_STYLE_DOT_DECIMAL;

      /* The latest year of this row with a value */
      if (c_year >= 0 && c_value >= 0)
        {
          g_autofree char *y = sm_reg_text_at (feature, c_year);
          value = sm_reg_amount_at (g, feature, c_value, style);
          year = y != NULL && isfinite (value) ? atoi (y) : 0;
        }
      else
        for (int i = (int) year_cols->len - 1; i >= 0 && year == 0; i--)
          {
            value = sm_reg_amount_at (g, feature, g_array_index (year_cols, int, i), style);
            if (isfinite (value))
              year = g_array_index (years, int, i);
          }

      f = g_hash_table_lookup (facilities, key);
      if (f == NULL)
        {
          f = g_new0 (Facility, 1);
          f->key = g_strdup (key);
          f->names = g_ptr_array_new_with_free_func (g_free);
          f->name_years = g_array_new (FALSE, FALSE, sizeof (int));
          f->first_row = row;
          f->pos_year = -1;
          g_ptr_array_add (order, f);
          g_hash_table_insert (facilities, f->key, f);
        }
      f->n_rows++;
      if (sm_parse_coordinate (lat_text, &lat) && sm_parse_coordinate (lon_text, &lon)
          && sm_reg_point_ok (lat, lon))
        {
          if (f->has_pos && (fabs (f->lat - lat) > 1e-7 || fabs (f->lon - lon) > 1e-7))
            f->moved = TRUE;
          if (!f->has_pos || year >= f->pos_year)
            {
              f->lat = lat;
              f->lon = lon;
              f->pos_year = year;
              f->has_pos = TRUE;
              take_text (&f->name, sm_reg_text_at (feature, c_name));
              take_text (&f->city, sm_reg_text_at (feature, c_city));
              take_text (&f->sector, sm_reg_text_at (feature, c_sector));
            }
        }
      {
        char *name = sm_reg_text_at (feature, c_name);
        guint at;

        if (name != NULL && !g_ptr_array_find_with_equal_func (f->names, name, g_str_equal, &at))
          {
            int none = -1;

            at = f->names->len;
            g_ptr_array_add (f->names, g_strdup (name));
            g_array_append_val (f->name_years, none);
          }
        if (name != NULL && year >= g_array_index (f->name_years, int, at))
          g_array_index (f->name_years, int, at) = year;
        if (f->name == NULL)
          take_text (&f->name, name);
        else
          g_free (name);
      }

      if (is_co2 (pollutant) && (medium == NULL || g_ascii_strcasecmp (medium, "AIR") == 0))
        {
          if (year > f->co2_year)
            {
              f->co2_year = year;
              f->co2_kg = value;
            }
        }
      else
        {
          n_other_rows++;
          if (pollutant != NULL && g_hash_table_size (others) < 64)
            g_hash_table_add (others, is_co2 (pollutant) && medium != NULL
                                        ? g_strdup_printf ("%s, %s", pollutant, medium)
                                        : g_steal_pointer (&pollutant));
        }
      OGR_F_Destroy (feature);
      if ((index & 255) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  for (guint i = 0; i < order->len; i++)
    {
      Facility *f = g_ptr_array_index (order, i);
      SmSite site = { 0 };
      g_autoptr (GPtrArray) former = NULL;
      gint64 site_id;

      if (!f->has_pos)
        {
          if (!sm_reg_reject_row (g, f->first_row, "Longitude", NULL,
                           /* TRANSLATORS: %s is the facility's identifier in the register */
                           g_strdup_printf (_("facility %s has no valid location on any of its rows"),
                                            f->key),
                           error))
            return FALSE;
          continue;
        }
      /* The name of its latest year; the others are former names, oldest first. */
      {
        int best = -2;

        for (guint n = 0; n < f->names->len; n++)
          if (g_array_index (f->name_years, int, n) > best)
            {
              best = g_array_index (f->name_years, int, n);
              take_text (&f->name, g_strdup (g_ptr_array_index (f->names, n)));
            }
        former = g_ptr_array_new ();
        while (former->len + 1 < f->names->len)
          {
            int oldest = G_MAXINT;
            const char *pick = NULL;

            for (guint n = 0; n < f->names->len; n++)
              {
                const char *cand = g_ptr_array_index (f->names, n);
                int y = g_array_index (f->name_years, int, n);

                if (y < oldest && g_strcmp0 (cand, f->name) != 0
                    && !g_ptr_array_find_with_equal_func (former, cand, g_str_equal, NULL))
                  {
                    oldest = y;
                    pick = cand;
                  }
              }
            if (pick == NULL)
              break;
            g_ptr_array_add (former, (gpointer) pick);
          }
      }
      site.name = f->name ? f->name : f->key;
      site.address = f->city;
      site.sector = f->sector;
      site.lat = f->lat;
      site.lon = f->lon;
      site_id = sm_reg_upsert_site (g, f->first_row, f->key, &site, NULL, former, error);
      if (site_id <= 0)
        return FALSE;
      if (f->co2_year > 0)
        {
          g_autofree char *fkey = g_strdup_printf ("%s/co2", f->key);
          /* TRANSLATORS: %s is the register's name (E-PRTR), %d a year */
          g_autofree char *note = g_strdup_printf (_("%s: CO2 releases to air in %d"),
                                                   sm_register_get_label (g->reg), f->co2_year);

          if (!sm_reg_upsert_flow (g, fkey, site_id, SM_RESOURCE_CO2, f->co2_kg * T_PER_KG, NAN, note, error))
            return FALSE;
        }
      n_moved += f->moved;
      g->out->imported += f->n_rows;
    }

  if (n_other_rows > 0)
    {
      g_autoptr (GPtrArray) names = g_ptr_array_new ();
      g_autofree char *list = NULL;
      GHashTableIter it;
      gpointer k;

      g_hash_table_iter_init (&it, others);
      while (g_hash_table_iter_next (&it, &k, NULL))
        g_ptr_array_add (names, k);

      g_ptr_array_sort (names, compare_names);
      if (names->len > 4)
        g_ptr_array_set_size (names, 4);
      g_ptr_array_add (names, NULL);
      list = g_strjoinv (", ", (char **) names->pdata);
      g_ptr_array_add (g->out->notes,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     /* TRANSLATORS: %d is a number of rows; %s
                                                      * lists pollutant names as the register
                                                      * writes them */
                                                     "%d row of other pollutants than CO2 to air was left out (%s, …)",
                                                     "%d rows of other pollutants than CO2 to air were left out (%s, …)",
                                                     n_other_rows),
                                        n_other_rows, list));
    }
  if (n_moved > 0)
    g_ptr_array_add (g->out->notes,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   /* TRANSLATORS: %d is a number of facilities */
                                                   "%d facility has coordinates that differ between years; it is placed where its latest year puts it",
                                                   "%d facilities have coordinates that differ between years; each is placed where its latest year puts it",
                                                   n_moved),
                                      n_moved));
  return TRUE;
}

