/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-project.h"

G_BEGIN_DECLS

char      *sm_reconcile_name_key   (const char  *name);
gboolean   sm_reconcile_names_agree (const char *a,
                                     const char *b);
gint64     sm_reconcile_find_near  (SmProject          *project,
                                    const char * const *names,
                                    const char         *exclude_register,
                                    double       lat,
                                    double       lon,
                                    double       within_m,
                                    char       **matched_name,
                                    GError     **error);

/* The sites of a project by the key of each name they go by */
typedef struct _SmNameIndex SmNameIndex;

SmNameIndex *sm_name_index_new      (void);
void         sm_name_index_free     (SmNameIndex *index);
GArray      *sm_name_index_lookup   (SmNameIndex *index,
                                     SmProject   *project,
                                     const char  *name,
                                     const char  *org_number,
                                     GError     **error);
char        *sm_name_index_describe (SmNameIndex *index,
                                     SmProject   *project,
                                     GArray      *site_ids);

G_END_DECLS
