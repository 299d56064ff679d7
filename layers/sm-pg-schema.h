/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* The newest schema this build writes in PostgreSQL: the same number as the
 * project file's (SM_PROJECT_SCHEMA_VERSION), checked at build time in
 * sm-pg-schema.c, so a schema version means the same tables in both
 * engines (docs/POSTGRESQL.md). */
#define SM_PG_SCHEMA_VERSION 8

/* Where the tables live in the database */
#define SM_PG_SCHEMA "symbiomap"

PGconn   *sm_pg_connect            (const char  *uri,
                                    GError     **error);
char     *sm_pg_display_name       (PGconn      *conn);
void      sm_pg_set_error          (PGconn      *conn,
                                    const PGresult *result,
                                    GError     **error,
                                    const char  *what);
gboolean  sm_pg_exec               (PGconn      *conn,
                                    const char  *sql,
                                    const char  *what,
                                    GError     **error);
gboolean  sm_pg_use_schema         (PGconn      *conn,
                                    GError     **error);
int       sm_pg_schema_get_version (PGconn      *conn,
                                    GError     **error);
gboolean  sm_pg_schema_create      (PGconn      *conn,
                                    gboolean     in_transaction,
                                    GError     **error);
gboolean  sm_pg_schema_upgrade     (PGconn      *conn,
                                    GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGconn, PQfinish)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

G_END_DECLS
