/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the whole importer on one file, CSV or GeoJSON (by its
 * first character), as the kind the importer guesses, into one project
 * that is emptied after each input. A crash, a sanitizer report or an
 * error that leaves a transaction open is a finding.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sm-import.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Not g_file_set_contents(): its fsync costs more than the run itself. */
static gboolean
write_input (const char *path,
             const char *data,
             size_t      size)
{
  FILE *fp = g_fopen (path, "wb");
  gboolean ok;

  if (fp == NULL)
    return FALSE;
  ok = fwrite (data, 1, size, fp) == size;
  return fclose (fp) == 0 && ok;
}

static SmProject *project;
static char *csv_path, *json_path;

static void
set_up (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("symbiomap-fuzz-XXXXXX", &error);
  g_autofree char *path = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "fuzz.sqlite", NULL);
  csv_path = g_build_filename (dir, "input.csv", NULL);
  json_path = g_build_filename (dir, "input.geojson", NULL);
  project = sm_project_create (path, &error);
  g_assert_no_error (error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *p = (const char *) data;
  const char *path;
  g_autoptr (SmSource) source = NULL;
  g_autoptr (SmImportOptions) options = NULL;
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (GError) error = NULL;

  if (project == NULL)
    set_up ();
  while (size > 0 && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
    p++, size--;
  path = size > 0 && (*p == '{' || *p == '[') ? json_path : csv_path;
  if (!write_input (path, p, size))
    return 0;

  source = sm_source_open (path, NULL);
  if (source == NULL || source->layers->len == 0)
    return 0;
  options = sm_import_options_new (sm_import_guess_kind (g_ptr_array_index (source->layers, 0)));
  result = sm_import_run (project, path, options, NULL, NULL, NULL, &error);
  if (result != NULL && sm_import_result_count_rejected (result) < 0)
    __builtin_trap ();

  /* A failed import must have rolled back: the next one can begin. */
  if (!sm_project_exec (project,
                        "DELETE FROM exchanges; DELETE FROM flows; DELETE FROM sites;"
                        "DELETE FROM network_edges; DELETE FROM rejected_rows;"
                        "DELETE FROM imports",
                        &error))
    {
      g_printerr ("the project is left in a bad state: %s\n", error->message);
      __builtin_trap ();
    }
  return 0;
}
