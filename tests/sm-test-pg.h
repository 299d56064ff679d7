/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A private PostgreSQL server for the tests (docs/HACKING.md, "Tests on
 * PostgreSQL"): initdb into a temporary folder, its Unix socket in that
 * folder, no TCP port, stopped and removed by sm_test_pg_stop(). CI needs no
 * service set up by hand. */
typedef struct _SmTestPg SmTestPg;

/* NULL with G_IO_ERROR_NOT_FOUND when the server binaries are missing. */
SmTestPg   *sm_test_pg_start           (GError   **error);
/* A new empty database with PostGIS; returns its URI,
 * "postgresql://postgres@/NAME?host=SOCKETDIR". */
char       *sm_test_pg_create_database (SmTestPg  *pg,
                                        const char *name,
                                        GError   **error);
/* Runs one SQL statement through psql and returns its unaligned output. */
char       *sm_test_pg_psql            (SmTestPg  *pg,
                                        const char *database,
                                        const char *sql,
                                        GError   **error);
const char *sm_test_pg_get_socket_dir  (SmTestPg  *pg);
void        sm_test_pg_stop            (SmTestPg  *pg);

/* For a test's main(): starts the server, or, when its binaries are
 * missing, returns NULL after saying so (CI sets SYMBIOMAP_REQUIRE_PG=1,
 * which turns that into a failure). */
SmTestPg   *sm_test_pg_start_or_skip   (void);

/* sm-test-pg-sample.c: what the pg tests share */
typedef enum
{
  SM_TEST_SAMPLE_PLAIN        = 0,      /* sites and the Danish and Swedish flows */
  SM_TEST_SAMPLE_NETWORK      = 1 << 0, /* and the Aalborg network lines */
  SM_TEST_SAMPLE_REJECTED_ROW = 1 << 1, /* and a flows file with one bad row */
} SmTestSampleParts;

/* sm_test_pg_create_database(), asserting it worked */
char       *sm_test_pg_new_database     (SmTestPg          *pg,
                                         const char        *name);
/* sm_test_pg_psql(), asserting it worked, its output stripped */
char       *sm_test_pg_query            (SmTestPg          *pg,
                                         const char        *database,
                                         const char        *sql);
/* DIR/sample.sqlite, built with the CLI as .ci/make-sample builds it */
char       *sm_test_make_sample_project (const char        *dir,
                                         SmTestSampleParts  parts);
/* A command's JSON without "project"/"path" (a path on one engine, an
 * address on the other) and the imports' "started_at" (the clock's),
 * pretty-printed for comparing */
char       *sm_test_json_without_name   (const char        *text);

G_END_DECLS
