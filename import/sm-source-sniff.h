/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gdal.h>
#include <glib.h>

G_BEGIN_DECLS

GDALDatasetH sm_source_sniff_open (const char *path);

G_END_DECLS
