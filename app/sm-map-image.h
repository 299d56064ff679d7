/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sm-basemap.h"
#include "sm-project.h"

G_BEGIN_DECLS

typedef enum
{
  SM_MAP_IMAGE_PNG,
  SM_MAP_IMAGE_PDF,
} SmMapImageFormat;

/* A view of the map to save: the window's centre and zoom, its size in
 * pixels (points for PDF), and how many image pixels per view pixel */
typedef struct
{
  double           lat, lon, zoom;
  double           width, height;
  double           scale;
  guint            resources;  /* bit per SmResource; 0: every site */
  SmMapImageFormat format;
} SmMapImageOptions;

gboolean sm_map_image_write (SmProject               *project,
                             const char              *path,
                             const SmMapImageOptions *options,
                             GError                 **error);

G_END_DECLS
