/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the two directions of the copy: sm-store-copy.c (file to
 * database) and sm-store-copy-file.c (database to file). */

#include <libpq-fe.h>
#include <sqlite3.h>

#include "sm-store-copy.h"

G_BEGIN_DECLS

typedef enum
{
  COL_INTEGER,
  COL_REAL,
  COL_TEXT,
  COL_BLOB,
  COL_GEOMETRY,
} SmCopyColumnKind;

typedef struct
{
  char      *name;
  char      *quoted;
  SmCopyColumnKind kind;
} SmCopyColumn;

void       sm_store_copy_add_count       (GPtrArray   *counts,
                                          const char  *table,
                                          gint64       rows);
char      *sm_store_copy_quote_ident     (const char  *name);
void       sm_store_copy_file_error      (sqlite3     *db,
                                          GError     **error);
GPtrArray *sm_store_copy_checked_columns (sqlite3     *db,
                                          PGconn      *conn,
                                          const char  *table,
                                          GHashTable **pg_types,
                                          GError     **error);
gboolean   sm_store_copy_check_pg_tables (PGconn      *conn,
                                          GError     **error);

G_END_DECLS
