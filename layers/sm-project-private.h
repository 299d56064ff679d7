/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the files of layers/ that write the project; not for app/. */

#include <sqlite3.h>
#include <glib.h>

G_BEGIN_DECLS

void sm_bind_text_or_null   (sqlite3_stmt *stmt,
                             int           index,
                             const char   *text);
void sm_bind_double_or_null (sqlite3_stmt *stmt,
                             int           index,
                             double        value);
void sm_bind_id_or_null     (sqlite3_stmt *stmt,
                             int           index,
                             gint64        id);

gboolean sm_project_db_turn_on_wal (sqlite3  *db,
                                    GError  **error);
/* sm-project-query.c: SQL functions on each connection */
void sm_project_register_functions (sqlite3 *db);
int      sm_project_db_probe       (sqlite3  *db,
                                    int      *version);
gboolean sm_project_db_explain_failure (sqlite3     *db,
                                        int          rc,
                                        const char  *path,
                                        GError     **error);
gboolean sm_project_db_has_schema  (sqlite3  *db);
char    *sm_project_db_quick_check (sqlite3  *db);

G_END_DECLS
