/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The edit log in words, for the site panel and `symbiomap-cli site
 * history` (no GTK). */

#include "sm-edit-log.h"

G_BEGIN_DECLS

char *sm_edit_entry_describe (const SmEditEntry *entry);
char *sm_edit_entry_byline   (const SmEditEntry *entry);
char *sm_edit_format_time    (const char        *iso);

G_END_DECLS
