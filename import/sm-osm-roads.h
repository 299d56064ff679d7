/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdal.h>
#include <ogr_api.h>

#include "sm-project.h"

G_BEGIN_DECLS

/* The OpenStreetMap highway classes a pipe may follow unless the project
 * says otherwise (*assumption*: roads a digger and a truck can reach;
 * motorways, whose verges are not dug, and footways, paths, cycleways
 * and steps are left out) */
#define SM_OSM_ROAD_CLASSES_DEFAULT \
  "trunk,trunk_link,primary,primary_link,secondary,secondary_link,tertiary,tertiary_link," \
  "unclassified,residential,living_street,service,road,track"

/* The project setting that holds the classes, comma-separated */
#define SM_OSM_ROAD_CLASSES_KEY "osm_road_classes"

char     *sm_osm_roads_get_classes (SmProject       *project);
gboolean  sm_osm_roads_set_classes (SmProject       *project,
                                    const char      *classes,
                                    GError         **error);
const char * const *sm_osm_roads_open_options (const char *path);
gboolean  sm_osm_roads_is_osm_layer (OGRLayerH       layer);
gboolean  sm_osm_roads_wanted_layer (OGRLayerH       layer);
gboolean  sm_osm_roads_filter      (SmProject       *project,
                                    OGRLayerH        layer,
                                    GPtrArray       *notes,
                                    GError         **error);

G_END_DECLS
