/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One table a copy wrote, in the order written */
typedef struct
{
  char  *table;
  gint64 rows;
} SmStoreCopyCount;

void       sm_store_copy_count_free (SmStoreCopyCount *count);

/* Called after each table with its name and the rows written */
typedef void (*SmStoreCopyProgress) (const char *table,
                                     gint64      rows,
                                     gpointer    data);

/* The project's tables in the order a copy writes them (parents first) */
extern const char *const sm_store_copy_tables[];

GPtrArray *sm_store_copy_file_to_pg (const char          *path,
                                     const char          *uri,
                                     SmStoreCopyProgress  progress,
                                     gpointer             data,
                                     GError             **error);
GPtrArray *sm_store_copy_pg_to_file (const char          *uri,
                                     const char          *path,
                                     SmStoreCopyProgress  progress,
                                     gpointer             data,
                                     GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmStoreCopyCount, sm_store_copy_count_free)

G_END_DECLS
