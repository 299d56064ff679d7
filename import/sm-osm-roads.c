/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpenStreetMap roads as a network (docs/SYNERGY.md, "Pipe-route
 * distance"): GDAL's OSM driver reads .osm and .osm.pbf; of its layers
 * only "lines" holds ways, and of those only the highway classes a pipe
 * may follow are read (an attribute filter, so the rest never leave
 * GDAL). Their kind is "road", the kind trucks may use. Route relations
 * ("multilinestrings") repeat the ways and are not read.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sm-osm-roads.h"
#include "sm-route.h"

/* GDAL's open options for @path: an .osm file saved from the
 * OpenStreetMap editor or API lists its nodes out of id order, which the
 * driver's fast index refuses ("Non increasing node id"); such files are
 * small, and its SQLite index takes them. Extracts in .osm.pbf are
 * sorted and keep the fast index. */
const char * const *
sm_osm_roads_open_options (const char *path)
{
  static const char * const unsorted[] = { "USE_CUSTOM_INDEXING=NO", NULL };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".osm") ? unsorted : NULL;
}

/* The OSM driver's own fields, which no other source has together */
static gboolean
has_field (OGRFeatureDefnH  defn,
           const char      *name)
{
  return OGR_FD_GetFieldIndex (defn, name) >= 0;
}

gboolean
sm_osm_roads_is_osm_layer (OGRLayerH layer)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);

  return has_field (defn, "osm_id") && has_field (defn, "other_tags");
}

/* Whether an OSM layer may be read as a network: the ways, not the route
 * relations made of them */
gboolean
sm_osm_roads_wanted_layer (OGRLayerH layer)
{
  return !sm_osm_roads_is_osm_layer (layer) || has_field (OGR_L_GetLayerDefn (layer), "highway");
}

/**
 * sm_osm_roads_get_classes:
 *
 * Returns: (transfer full): the highway classes the project reads as
 *   roads, comma-separated
 */
char *
sm_osm_roads_get_classes (SmProject *project)
{
  char *classes = sm_project_get_setting (project, SM_OSM_ROAD_CLASSES_KEY);

  return classes != NULL ? classes : g_strdup (SM_OSM_ROAD_CLASSES_DEFAULT);
}

/* A class is a tag value of lower-case letters and underscores */
static gboolean
valid_class (const char *c)
{
  if (*c == '\0')
    return FALSE;
  for (; *c; c++)
    if (!g_ascii_islower (*c) && *c != '_')
      return FALSE;
  return TRUE;
}

gboolean
sm_osm_roads_set_classes (SmProject   *project,
                          const char  *classes,
                          GError     **error)
{
  g_auto (GStrv) list = g_strsplit (classes, ",", -1);

  for (guint i = 0; list[i] != NULL; i++)
    if (!valid_class (g_strstrip (list[i])))
      {
        g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                     /* TRANSLATORS: %s is what was given, e.g. “Primary road” */
                     _("“%s” is not an OpenStreetMap highway class (such as residential or primary)"),
                     list[i]);
        return FALSE;
      }
  return sm_project_set_setting (project, SM_OSM_ROAD_CLASSES_KEY, classes, error);
}

/**
 * sm_osm_roads_filter:
 * @notes: (element-type utf8): gets a note of what is read
 *
 * Limits an OSM layer read as a network to the project's road classes;
 * any other layer is left as it is.
 */
gboolean
sm_osm_roads_filter (SmProject  *project,
                     OGRLayerH   layer,
                     GPtrArray  *notes,
                     GError    **error)
{
  g_autofree char *classes = NULL;
  g_auto (GStrv) list = NULL;
  g_autoptr (GString) filter = g_string_new ("highway IN (");
  g_autofree char *shown = NULL;
  guint n = 0;

  if (!sm_osm_roads_is_osm_layer (layer) || !has_field (OGR_L_GetLayerDefn (layer), "highway"))
    return TRUE;
  classes = sm_osm_roads_get_classes (project);
  list = g_strsplit (classes, ",", -1);
  for (guint i = 0; list[i] != NULL; i++)
    {
      g_strstrip (list[i]);
      if (!valid_class (list[i]))
        continue; /* checked when set; a hand-edited project may differ */
      g_string_append_printf (filter, "%s'%s'", n++ ? ", " : "", list[i]);
    }
  g_string_append (filter, ")");
  if (OGR_L_SetAttributeFilter (layer, n > 0 ? filter->str : "osm_id IS NULL AND osm_id IS NOT NULL")
      != OGRERR_NONE)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %s is GDAL's own message */
                   _("The roads of the OpenStreetMap file cannot be selected: %s"),
                   CPLGetLastErrorMsg ());
      return FALSE;
    }
  shown = g_strjoinv (", ", list);
  /* TRANSLATORS: %s is a list of OpenStreetMap highway classes, kept in English (primary,
   * residential, …) */
  g_ptr_array_add (notes, g_strdup_printf (_("Only roads a pipe may follow were read (highway = %s)"),
                                           shown));
  return TRUE;
}
