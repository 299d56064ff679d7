/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Site keys and merging: a sites row is merged into the site the project
 * has (same site_id, org number, or name nearby) or added. A Bloom filter
 * and an in-memory key map keep a bulk import into an empty project from
 * looking each row up in the database.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include "sm-db.h"
#include "sm-import-private.h"

static guint64
bloom_hash (char        kind,
            const char *key)
{
  guint64 h = 14695981039346656037ull; /* FNV-1a */

  h = (h ^ (guchar) kind) * 1099511628211ull;
  for (const char *p = key; *p; p++)
    h = (h ^ (guchar) *p) * 1099511628211ull;
  return h;
}

static gboolean
bloom_test_and_add (guint8     *bits,
                    char        kind,
                    const char *key,
                    gboolean    add)
{
  guint64 h;
  guint32 a, b;
  gboolean seen = TRUE;

  if (key == NULL)
    return FALSE;
  h = bloom_hash (kind, key);
  a = (guint32) h;
  b = (guint32) (h >> 32) | 1;
  for (guint i = 0; i < 4; i++)
    {
      guint32 bit = (a + i * b) & (BLOOM_BITS - 1);

      if (!(bits[bit >> 3] & (1u << (bit & 7))))
        seen = FALSE;
      if (add)
        bits[bit >> 3] |= 1u << (bit & 7);
    }
  return seen;
}

static void
bloom_add_site (LayerReader  *r,
                const SmSite *site)
{
  if (r->seen_keys == NULL)
    return;
  bloom_test_and_add (r->seen_keys, 'e', site->ext_id, TRUE);
  bloom_test_and_add (r->seen_keys, 'o', site->org_number, TRUE);
  bloom_test_and_add (r->seen_keys, 'n', site->name, TRUE);
}

static gboolean
bloom_may_know (LayerReader  *r,
                const SmSite *site)
{
  if (r->seen_keys == NULL)
    return TRUE;
  return bloom_test_and_add (r->seen_keys, 'e', site->ext_id, FALSE)
         || bloom_test_and_add (r->seen_keys, 'o', site->org_number, FALSE)
         || bloom_test_and_add (r->seen_keys, 'n', site->name, FALSE);
}

SiteKeys *
sm_import_site_keys_new (void)
{
  SiteKeys *keys = g_new0 (SiteKeys, 1);

  keys->latest = g_hash_table_new (g_direct_hash, g_direct_equal);
  keys->prev_name = g_array_new (FALSE, TRUE, sizeof (gint64));
  keys->prev_org = g_array_new (FALSE, TRUE, sizeof (gint64));
  return keys;
}

void
sm_import_site_keys_free (SiteKeys *keys)
{
  g_hash_table_unref (keys->latest);
  g_array_unref (keys->prev_name);
  g_array_unref (keys->prev_org);
  g_free (keys);
}

static gpointer
key_of (char        kind,
        const char *text)
{
  /* Never 0: that is GLib's "no such key". */
  return GSIZE_TO_POINTER ((gsize) bloom_hash (kind, text) | 1);
}

static gint64 *
prev_slot (SiteKeys *keys,
           GArray   *prev,
           gint64    site_id)
{
  gsize i = site_id - keys->base;

  if (i >= prev->len)
    g_array_set_size (prev, MAX (i + 1, prev->len * 2));
  return &g_array_index (prev, gint64, i);
}

static void
site_keys_add (SiteKeys     *keys,
               gint64        site_id,
               const SmSite *site)
{
  if (keys->base == 0)
    keys->base = site_id;
  if (site->name != NULL)
    {
      gpointer k = key_of ('n', site->name);
      *prev_slot (keys, keys->prev_name, site_id) = GPOINTER_TO_SIZE (g_hash_table_lookup (keys->latest, k));
      g_hash_table_insert (keys->latest, k, GSIZE_TO_POINTER (site_id));
    }
  if (site->org_number != NULL)
    {
      gpointer k = key_of ('o', site->org_number);
      *prev_slot (keys, keys->prev_org, site_id) = GPOINTER_TO_SIZE (g_hash_table_lookup (keys->latest, k));
      g_hash_table_insert (keys->latest, k, GSIZE_TO_POINTER (site_id));
    }
}

/* Whether site @id has @org_number, or @name within @within_m of @site */
static int
same_site_check (SmProject    *project,
                 gint64        id,
                 const SmSite *site,
                 gboolean      by_org,
                 double        within_m,
                 GError      **error)
{
  SmStmt *stmt;
  int rc, same = 0;

  stmt = sm_project_prepare (project,
                             by_org ? "SELECT org_number = ? FROM sites WHERE site_id = ?"
                             : sm_project_is_shared (project)
                               ? "SELECT name = ? AND ST_Distance (geom::geography, "
                                 "ST_SetSRID (ST_MakePoint (?, ?), 4326)::geography, true) <= ? "
                                 "FROM sites WHERE site_id = ?"
                               : "SELECT name = ? AND ST_Distance (geom, MakePoint (?, ?, 4326), 1) <= ? "
                                 "FROM sites WHERE site_id = ?",
                             error);
  if (stmt == NULL)
    return -1;
  if (by_org)
    {
      sm_stmt_bind_text (stmt, 1, site->org_number, -1);
      sm_stmt_bind_int64 (stmt, 2, id);
    }
  else
    {
      sm_stmt_bind_text (stmt, 1, site->name, -1);
      sm_stmt_bind_double (stmt, 2, site->lon);
      sm_stmt_bind_double (stmt, 3, site->lat);
      sm_stmt_bind_double (stmt, 4, within_m);
      sm_stmt_bind_int64 (stmt, 5, id);
    }
  rc = sm_stmt_step (stmt, error);
  if (rc == SM_STMT_ROW)
    same = sm_stmt_column_int (stmt, 0);
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_ROW && rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (project, error, _("The project could not look up a site: %s"));
      return -1;
    }
  return same;
}

/* sm_project_find_same_site() for a bulk import: the same rules, with the
 * name and org_number found in memory. */
static gint64
site_keys_find (LayerReader  *r,
                const SmSite *site,
                GError      **error)
{
  SiteKeys *keys = r->keys;
  gint64 id;

  if (site->ext_id != NULL && bloom_test_and_add (r->seen_keys, 'e', site->ext_id, FALSE))
    {
      id = sm_project_find_site_by_ext_id (r->project, site->ext_id, error);
      if (id != 0)
        return id;
    }
  for (int pass = 0; pass < 2; pass++)
    {
      gboolean by_org = pass == 0;
      const char *text = by_org ? site->org_number : site->name;

      if (text == NULL || (!by_org && isnan (site->lat)))
        continue;
      id = GPOINTER_TO_SIZE (g_hash_table_lookup (keys->latest, key_of (by_org ? 'o' : 'n', text)));
      while (id > 0)
        {
          int same = same_site_check (r->project, id, site, by_org, 50.0, error);

          if (same != 0)
            return same < 0 ? -1 : id;
          id = *prev_slot (keys, by_org ? keys->prev_org : keys->prev_name, id);
        }
    }
  return 0;
}

/* Merges @site into the one the project has, or adds it. */
gint64
sm_import_store_site (LayerReader *r,
                      SmSite      *site,
                      GError     **error)
{
  gint64 id;

  if (r->keys != NULL)
    id = site_keys_find (r, site, error);
  else
    id = bloom_may_know (r, site) ? sm_project_find_same_site (r->project, site, 50.0, error) : 0;

  bloom_add_site (r, site);

  if (id < 0)
    return 0;
  if (id > 0)
    {
      if (!sm_project_merge_site (r->project, id, site, error))
        return 0;
      r->out->sites_merged++;
      return id;
    }
  id = sm_project_insert_site (r->project, site, r->out->import_id, error);
  if (id > 0)
    r->out->sites_created++;
  if (id > 0 && r->keys != NULL)
    site_keys_add (r->keys, id, site);
  return id;
}

/* Returns -1 on a store error, 0 for a rejected row, 1 for an imported one */
int
sm_import_site_row (LayerReader *r,
                    OGRFeatureH  feature,
                    Reject      *rej,
                    GError     **error)
{
  SmSite site = { 0 };
  int result = 0;

  sm_import_site_from_row (r, feature, &site);
  site.notes = sm_import_cell (r, feature, F_NOTES);
  if (site.name == NULL)
    sm_import_reject (rej, F_NAME, NULL, _("the name is missing"));
  else if (sm_import_row_location (r, feature, &site.lat, &site.lon, rej))
    {
      if (isnan (site.lat))
        sm_import_reject (rej, F_LAT, NULL, _("the location is missing"));
      else
        {
          sm_import_remember_point (r, site.lat, site.lon);
          result = sm_import_store_site (r, &site, error) > 0 ? 1 : -1;
        }
    }
  sm_import_site_clear (&site);
  return result;
}
