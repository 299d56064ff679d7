/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Telling that two names mean one company (docs/DATA-MODEL.md): the same
 * once case, accents, punctuation, legal forms (A/S, ApS, AB, GmbH, Ltd,
 * AS, Oy, …) and the transliterations of æøåäöü (ae/æ/ä, oe/ø/ö, aa/å,
 * ue/ü) are set aside, after the same folding of case and accents as the
 * search (sm_fold_text() in layers/). "VESTERLED TEGLVAeRK A/S" (E-PRTR)
 * is "Vesterled Teglværk A/S" (Hotmaps); "Cheminova  A/S" is "CHEMINOVA
 * A/S". No library knows Nordic company-name conventions, hence the rest
 * by hand.
 *
 * Used for reconciling registers (same name within 500 m: one site) and
 * for flows that name their site (the name alone; an ambiguous name is
 * rejected with its candidates).
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sm-db.h"
#include "sm-project-query.h"
#include "sm-project-registers.h"
#include "sm-reconcile.h"

/* Legal forms as tokens, lower case, dots taken out */
static const char * const legal_forms[] = {
  "a/s", "as", "aps", "ivs", "i/s", "is", "k/s", "p/s", "amba", "smba", "fmba",
  "ab", "publ", "hb", "kb", "ek", "for", "asa", "ans", "da", "oy", "oyj", "ky", "ay",
  "gmbh", "gesmbh", "mbh", "ag", "kg", "ohg", "se", "ev", "eg",
  "ltd", "limited", "plc", "llp", "inc", "llc", "corp", "co",
  "sa", "sas", "sarl", "spa", "srl", "bv", "nv", "vof", "sp", "zoo", "sro", "as/sa", "kft", "zrt", "nyrt",
  NULL
};

static gboolean
is_legal_form (const char *token)
{
  g_autofree char *bare = g_strdup (token);
  char *w = bare;

  for (const char *p = token; *p; p++)
    if (*p != '.')
      *w++ = *p;
  *w = '\0';
  return *bare == '\0' || g_strv_contains (legal_forms, bare);
}

static void
collapse (GString    *s,
          const char *pair,
          char        into)
{
  char *p;

  while ((p = strstr (s->str, pair)) != NULL)
    {
      gssize at = p - s->str;
      g_string_erase (s, at, 2);
      g_string_insert_c (s, at, into);
    }
}

/**
 * sm_reconcile_name_key:
 * @name: a company or site name
 *
 * Returns: (transfer full): the name with case, accents, punctuation,
 *   legal forms and transliterations set aside; "" for no letters
 */
char *
sm_reconcile_name_key (const char *name)
{
  g_autofree char *lower = NULL;
  g_auto (GStrv) tokens = NULL;
  GString *out = g_string_new (NULL);
  GString *all = g_string_new (NULL);

  if (name == NULL)
    return g_string_free (out, FALSE);
  /* Case and accents folded as the search folds them (sm_fold_text) */
  lower = sm_fold_text (name);
  g_strdelimit (lower, " \t,;:()[]&+-_\"'", ' ');
  tokens = g_strsplit (lower, " ", -1);
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      gboolean legal = is_legal_form (tokens[i]);

      for (const char *p = tokens[i]; *p; p++)
        if (g_ascii_isalnum (*p))
          {
            g_string_append_c (all, *p);
            if (!legal)
              g_string_append_c (out, *p);
          }
    }
  /* A name that is only a legal form keeps it. */
  if (out->len == 0)
    g_string_assign (out, all->str);
  g_string_free (all, TRUE);
  /* ø is "oe" in ASCII and "o" when the accent is dropped: both become o. */
  collapse (out, "ae", 'a');
  collapse (out, "oe", 'o');
  collapse (out, "ue", 'u');
  collapse (out, "aa", 'a');
  return g_string_free (out, FALSE);
}

gboolean
sm_reconcile_names_agree (const char *a,
                          const char *b)
{
  g_autofree char *ka = sm_reconcile_name_key (a);
  g_autofree char *kb = sm_reconcile_name_key (b);

  return *ka != '\0' && g_str_equal (ka, kb);
}

static double
distance_m (double lat1,
            double lon1,
            double lat2,
            double lon2)
{
  /* Haversine on a sphere of the mean Earth radius: to rank candidates
   * already found within the limit on the ellipsoid by SpatiaLite. */
  double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180;
  double h = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2 * 6371008.8 * asin (MIN (1.0, sqrt (h)));
}

/**
 * sm_reconcile_find_near:
 * @names: (array zero-terminated=1): the names the facility goes by
 * @exclude_register: (nullable): the facility's register, whose other
 *   facilities are never the same site
 * @matched_name: (out) (optional): the name of the site's that agreed
 *
 * Returns: the nearest site within @within_m one of whose names agrees
 *   with one of @names; 0 for none; -1 on error
 */
gint64
sm_reconcile_find_near (SmProject          *project,
                        const char * const *names,
                        const char         *exclude_register,
                        double              lat,
                        double              lon,
                        double              within_m,
                        char              **matched_name,
                        GError            **error)
{
  g_autoptr (GPtrArray) near = sm_project_list_names_near (project, exclude_register, lat, lon,
                                                           within_m, error);
  g_autoptr (GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  gint64 best = 0;
  double best_d = INFINITY;

  if (near == NULL)
    return -1;
  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (keys, sm_reconcile_name_key (names[i]));
  for (guint i = 0; i < near->len; i++)
    {
      SmSiteName *n = g_ptr_array_index (near, i);
      g_autofree char *k = sm_reconcile_name_key (n->name);
      gboolean agree = FALSE;
      double d;

      for (guint j = 0; j < keys->len && *k != '\0'; j++)
        agree |= g_str_equal (k, g_ptr_array_index (keys, j));
      if (!agree)
        continue;
      d = distance_m (lat, lon, n->lat, n->lon);
      if (d < best_d)
        {
          best_d = d;
          best = n->site_id;
          if (matched_name)
            {
              g_free (*matched_name);
              *matched_name = g_strdup (n->name);
            }
        }
    }
  return best;
}

/* Name index */

struct _SmNameIndex
{
  GHashTable *by_key; /* name key -> GArray of site_id */
  GHashTable *by_org; /* org number, digits only -> GArray of site_id */
  gint64      n_sites; /* of the project when built */
  gint64      max_site;
};

SmNameIndex *
sm_name_index_new (void)
{
  return g_new0 (SmNameIndex, 1);
}

static void
index_clear (SmNameIndex *index)
{
  g_clear_pointer (&index->by_key, g_hash_table_unref);
  g_clear_pointer (&index->by_org, g_hash_table_unref);
}

void
sm_name_index_free (SmNameIndex *index)
{
  if (index == NULL)
    return;
  index_clear (index);
  g_free (index);
}

static char *
org_digits (const char *org)
{
  GString *s = g_string_new (NULL);

  for (const char *p = org; p && *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (s, g_ascii_tolower (*p));
  return g_string_free (s, FALSE);
}

static void
add_id (GHashTable *table,
        char       *key,
        gint64      id)
{
  GArray *ids = g_hash_table_lookup (table, key);

  if (ids == NULL)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (table, key, ids);
    }
  else
    g_free (key);
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return;
  g_array_append_val (ids, id);
}

/* Built on first use, and again when the project has sites it did not
 * know (a flows file may add sites as it goes). */
static gboolean
index_refresh (SmNameIndex *index,
               SmProject   *project,
               GError     **error)
{
  SmStmt *stmt = sm_project_prepare (project, "SELECT count(*), max(site_id) FROM sites", error);
  gint64 n = 0, max = 0;
  g_autoptr (GPtrArray) names = NULL;

  if (stmt == NULL)
    return FALSE;
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    {
      n = sm_stmt_column_int64 (stmt, 0);
      max = sm_stmt_column_int64 (stmt, 1);
    }
  sm_stmt_reset (stmt);
  if (index->by_key != NULL && n == index->n_sites && max == index->max_site)
    return TRUE;
  index_clear (index);
  names = sm_project_list_site_names (project, 0, NULL, error);
  if (names == NULL)
    return FALSE;
  index->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  index->by_org = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < names->len; i++)
    {
      SmSiteName *sn = g_ptr_array_index (names, i);
      char *k = sm_reconcile_name_key (sn->name);

      if (*k != '\0')
        add_id (index->by_key, k, sn->site_id);
      else
        g_free (k);
      if (sn->org_number != NULL)
        {
          char *o = org_digits (sn->org_number);
          if (*o != '\0')
            add_id (index->by_org, o, sn->site_id);
          else
            g_free (o);
        }
    }
  index->n_sites = n;
  index->max_site = max;
  return TRUE;
}

/**
 * sm_name_index_lookup:
 * @name: (nullable): a site's name as a flows sheet writes it
 * @org_number: (nullable): its organisation number (CVR, orgnr)
 *
 * The organisation number is tried first, then the name.
 *
 * Returns: (transfer full) (nullable): the sites found (none, one, or
 *   several for an ambiguous name); %NULL with @error on failure
 */
GArray *
sm_name_index_lookup (SmNameIndex *index,
                      SmProject   *project,
                      const char  *name,
                      const char  *org_number,
                      GError     **error)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *found = NULL;

  if (!index_refresh (index, project, error))
    {
      g_array_unref (out);
      return NULL;
    }
  if (org_number != NULL)
    {
      g_autofree char *o = org_digits (org_number);
      found = g_hash_table_lookup (index->by_org, o);
    }
  if (found == NULL && name != NULL)
    {
      g_autofree char *k = sm_reconcile_name_key (name);
      found = *k ? g_hash_table_lookup (index->by_key, k) : NULL;
    }
  if (found != NULL)
    g_array_append_vals (out, found->data, found->len);
  return out;
}

/**
 * sm_name_index_describe:
 *
 * Returns: (transfer full): the candidates of an ambiguous name, as
 *   “Østergaard Mejeri A/S” (Aarhus, 56.15, 10.20), …
 */
char *
sm_name_index_describe (SmNameIndex *index,
                        SmProject   *project,
                        GArray      *site_ids)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < site_ids->len; i++)
    {
      g_autoptr (SmSite) site = sm_project_get_site (project, g_array_index (site_ids, gint64, i), NULL);

      if (site == NULL)
        continue;
      if (s->len > 0)
        g_string_append (s, "; ");
      g_string_append_printf (s, "“%s” (%s%s%.5f, %.5f)", site->name,
                              site->address ? site->address : "", site->address ? ", " : "",
                              site->lat, site->lon);
    }
  return g_string_free (s, FALSE);
}
