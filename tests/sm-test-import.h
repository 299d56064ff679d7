/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* For the importer tests only (test-import*.c, test-registers.c). */

#include "sm-import.h"

G_BEGIN_DECLS

typedef struct
{
  char      *dir;
  char      *path;
  SmProject *project;
} Fixture;

void
fixture_set_up (Fixture       *f,
                gconstpointer  data);
void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data);
char *
write_file (Fixture    *f,
            const char *name,
            const char *content,
            gssize      len);
int
count (SmProject  *project,
       const char *sql);
char *
data_file (const char *name);
double
number (SmProject  *project,
        const char *sql);
gboolean
has_note (SmLayerImport *l,
          const char    *part);
char *
state (SmProject *project);
SmImportResult *
run (Fixture      *f,
     const char   *file,
     SmImportKind  kind,
     const char   *srs,
     GError      **error);
SmLayerImport *
only_layer (SmImportResult *result);
SmSite *
site_by_ext (Fixture    *f,
             const char *ext_id);
void
import_sample_sites (Fixture *f);

/* setlocale, g_test_init and GDAL's drivers, for main () */
void sm_test_import_init (int    *argc,
                          char ***argv);

/* Adds a test that runs with the fixture above */
#define sm_test_import_add(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

G_END_DECLS
