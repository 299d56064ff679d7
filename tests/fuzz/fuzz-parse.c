/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the hand-written parsers of import/sm-parse.c and the
 * CSV scan of import/sm-import-guard.c, each fed every line of the input.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sm-import-guard.h"
#include "sm-parse.h"

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

static void
parse_line (const char *line)
{
  double v = 0;
  SmUnit unit;
  g_autofree char *reason = NULL;
  g_autofree char *reason2 = NULL;
  g_autofree char *code = NULL;
  g_autofree char *list = NULL;
  g_autofree char *folded = NULL;
  g_autofree char *utf8 = sm_text_to_utf8 (line);

  for (int style = SM_NUMBER_STYLE_UNKNOWN; style <= SM_NUMBER_STYLE_COMMA_DECIMAL; style++)
    if (sm_parse_number (utf8, style, &v) != SM_NUMBER_INVALID && !isfinite (v))
      __builtin_trap (); /* a number read is always finite */
  sm_number_style_of (utf8);
  if (sm_parse_coordinate (utf8, &v) && !isfinite (v))
    __builtin_trap ();
  sm_parse_unit (utf8, &unit);
  code = sm_ewc_normalize_code (utf8, &reason);
  if (code != NULL)
    g_free (sm_ewc_format (code));
  list = sm_ewc_normalize_list (utf8, &reason2);
  /* Words are short; folding a long line against every alias is slow
   * under the sanitizers and finds nothing new. */
  if (strlen (utf8) <= 48)
    {
      folded = sm_fold_name (utf8, FALSE);
      sm_name_matches (utf8, "name");
      sm_parse_direction (utf8);
      sm_parse_resource (utf8);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto (GStrv) lines = g_strsplit (text, "\n", 9);
  static char *path;
  SmCsvScan scan;

  /* A cell is short: each line is cut at 256 bytes; the first 8 lines. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      if (strlen (lines[i]) > 256)
        lines[i][256] = '\0';
      parse_line (lines[i]);
    }

  if (path == NULL)
    path = g_build_filename (g_get_tmp_dir (), "symbiomap-fuzz-parse-XXXXXX.csv", NULL),
    close (g_mkstemp (path));
  if (write_input (path, (const char *) data, size))
    sm_csv_scan (path, &scan);
  return 0;
}
