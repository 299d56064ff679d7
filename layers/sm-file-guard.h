/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *sm_file_resolve_target (const char *path);
gboolean  sm_file_same           (const char *a,
                                  const char *b);

G_END_DECLS
