/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Between sm-db.c (dispatch, shared code) and the engines
 * (sm-db-sqlite.c, sm-db-pg.c); nothing else includes it. */

#include "sm-db.h"

G_BEGIN_DECLS

typedef struct _SmDbEngineClass SmDbEngineClass;

/* The fields every engine's connection starts with */
struct _SmDb
{
  const SmDbEngineClass *klass;
  char                  *display_name; /* the path, or the URI without its password */
  gboolean               read_only;
  SmStmt                *streaming;    /* a statement whose rows still occupy the connection */
};

/* The fields every engine's statement starts with */
struct _SmStmt
{
  SmDb              *db;
  char              *sql;
  SmStmtPrepareFlags flags;
  /* a bind that failed (index out of range): reported by the next step */
  int                bad_bind;
  /* the SQLite engine's statement, NULL on PostgreSQL: sm-db.c binds and
   * reads it directly, one call per bind over sqlite3's own (the import's
   * per-row inserts) */
  struct sqlite3_stmt *sqlite;
};

/* One bound value; text and blobs point to the caller's memory for the
 * duration of the call */
typedef struct
{
  SmDbType      type;
  gint64        i;
  double        d;
  gconstpointer data;
  gsize         length;
} SmDbValue;

struct _SmDbEngineClass
{
  SmDbEngine    engine;
  const char   *begin_sql;

  SmDb        *(*open)          (const char *name, SmDbOpenFlags flags, GError **error);
  void         (*close)         (SmDb *db);
  gboolean     (*exec)          (SmDb *db, const char *sql, GError **error);
  gint64       (*changes)       (SmDb *db);
  gint64       (*total_changes) (SmDb *db);
  gboolean     (*in_transaction)(SmDb *db);
  gint64       (*last_insert_id)(SmDb *db);
  gboolean     (*create_functions) (SmDb *db, GError **error);
  gpointer     (*get_raw)       (SmDb *db);

  SmStmt      *(*prepare)       (SmDb *db, const char *sql, SmStmtPrepareFlags flags, GError **error);
  void         (*finalize)      (SmStmt *stmt);
  int          (*parameter_count) (SmStmt *stmt);
  gboolean     (*bind)          (SmStmt *stmt, int index, const SmDbValue *value);
  SmStmtResult (*step)          (SmStmt *stmt, GError **error);
  void         (*reset)         (SmStmt *stmt);
  void         (*clear_bindings)(SmStmt *stmt);

  int           (*column_count) (SmStmt *stmt);
  const char   *(*column_name)  (SmStmt *stmt, int col);
  SmDbType      (*column_type)  (SmStmt *stmt, int col);
  gint64        (*column_int64) (SmStmt *stmt, int col);
  double        (*column_double)(SmStmt *stmt, int col);
  const char   *(*column_text)  (SmStmt *stmt, int col);
  gconstpointer (*column_blob)  (SmStmt *stmt, int col);
  int           (*column_bytes) (SmStmt *stmt, int col);
};

extern const SmDbEngineClass sm_db_sqlite_class;
extern const SmDbEngineClass sm_db_pg_class;

/* sm-db.c, for the engines */
void   sm_db_set_error      (GError     **error,
                             SmDbError    code,
                             const char  *message,
                             const char  *sql);
char  *sm_db_sql_head       (const char  *sql);
char  *sm_db_rewrite_placeholders (const char *sql,
                                   int        *n_params,
                                   GArray    **used);
char  *sm_db_redact_uri     (const char  *uri);

/* sm-db-sqlite.c, for sm_db_prepare_full() */
struct sqlite3_stmt *sm_db_sqlite_stmt_handle (SmStmt *stmt);

G_END_DECLS
