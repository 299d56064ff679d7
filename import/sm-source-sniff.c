/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens a user's file with GDAL after a look at its first bytes, so that
 * tables come in as people save them (docs/DATA-MODEL.md):
 *
 * - UTF-16 text (Excel's "Unicode text", many Windows exports), which
 *   GDAL's CSV driver does not read, is re-encoded to UTF-8 in memory
 *   (/vsimem/) and opened from there;
 * - a CSV header row with numeric names (the year columns 2007;2008;… of
 *   the E-PRTR releases) is taken for data by GDAL's HEADERS=AUTO, so it
 *   is opened with HEADERS=YES when the row is a header by every other sign;
 * - the separator (`;`, `,`, tab) is counted on the first line, outside
 *   quotes, and given as SEPARATOR.
 *
 * UTF-8 with or without BOM and Windows-1252 need nothing here: GDAL skips
 * the BOM, and cells that are not UTF-8 are read as Windows-1252 by
 * sm_text_to_utf8(). Decimal commas are read per column by sm-parse.c.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include <cpl_vsi.h>
#include <stdio.h>
#include <string.h>

#include "sm-source-sniff.h"
#include "sm-osm-roads.h"

#define SNIFF_BYTES 65536

typedef enum
{
  TEXT_PLAIN,
  TEXT_UTF16LE,
  TEXT_UTF16BE,
} TextKind;

static TextKind
text_kind_of (const guint8 *b,
              gsize         n)
{
  gsize zero_even = 0, zero_odd = 0;

  if (n >= 2 && b[0] == 0xFF && b[1] == 0xFE)
    return TEXT_UTF16LE;
  if (n >= 2 && b[0] == 0xFE && b[1] == 0xFF)
    return TEXT_UTF16BE;
  /* Without a BOM: ASCII text in UTF-16 has a zero byte in every pair. */
  for (gsize i = 0; i + 1 < n && i < 512; i += 2)
    {
      zero_even += b[i] == 0;
      zero_odd += b[i + 1] == 0;
    }
  if (n >= 8 && zero_odd * 4 >= MIN (n, 512) / 2 * 3 && zero_even == 0)
    return TEXT_UTF16LE;
  if (n >= 8 && zero_even * 4 >= MIN (n, 512) / 2 * 3 && zero_odd == 0)
    return TEXT_UTF16BE;
  return TEXT_PLAIN;
}

static gboolean
is_table_name (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".csv") || g_str_has_suffix (lower, ".tsv");
}

static gboolean
looks_numeric (const char *cell)
{
  gboolean digit = FALSE;

  for (const char *p = cell; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        digit = TRUE;
      else if (!strchr ("+-., ", *p))
        return FALSE;
    }
  return digit;
}

/* The separator of the first line, counted outside quotes; 0 if unclear */
static char
separator_of (const char *line)
{
  int n_semi = 0, n_comma = 0, n_tab = 0;
  gboolean quoted = FALSE;

  for (const char *p = line; *p && *p != '\n' && *p != '\r'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted)
        {
          n_semi += *p == ';';
          n_comma += *p == ',';
          n_tab += *p == '\t';
        }
    }
  if (n_tab > 0 && n_tab >= n_semi && n_tab >= n_comma)
    return '\t';
  if (n_semi > 0 && n_semi >= n_comma)
    return ';';
  if (n_comma > 0)
    return ',';
  return 0;
}

/* Whether the first line is a header GDAL would take for data: some of its
 * names are numbers (years), the others words, and none is a decimal. */
static gboolean
header_has_numeric_names (const char *line,
                          char        sep)
{
  g_autofree char *first = g_strndup (line, strcspn (line, "\r\n"));
  g_auto (GStrv) cells = g_strsplit (first, (char[]) { sep, '\0' }, -1);
  int numeric = 0, words = 0;

  for (guint i = 0; cells[i] != NULL; i++)
    {
      char *c = g_strstrip (cells[i]);
      gsize len = strlen (c);

      if (len >= 2 && c[0] == '"' && c[len - 1] == '"')
        {
          c[len - 1] = '\0';
          c++;
        }
      if (*c == '\0')
        continue;
      if (looks_numeric (c))
        {
          if (strchr (c, '.') || strchr (c, ','))
            return FALSE;
          numeric++;
        }
      else
        words++;
    }
  return numeric > 0 && words >= 2;
}

/* UTF-16 to UTF-8, in a /vsimem/ file named like @path */
static char *
reencode_utf16 (const char *path,
                TextKind    kind)
{
  static gint counter;
  g_autofree char *raw = NULL;
  g_autofree char *base = g_path_get_basename (path);
  gsize len = 0, out_len = 0;
  char *utf8;
  const char *start;
  char *mem_path;
  VSILFILE *fp;

  if (!g_file_get_contents (path, &raw, &len, NULL))
    return NULL;
  start = raw;
  if (len >= 2 && ((guchar) raw[0] == 0xFF || (guchar) raw[0] == 0xFE))
    {
      start += 2;
      len -= 2;
    }
  utf8 = g_convert (start, len - len % 2, "UTF-8", kind == TEXT_UTF16LE ? "UTF-16LE" : "UTF-16BE",
                    NULL, &out_len, NULL);
  if (utf8 == NULL)
    return NULL;
  if (!is_table_name (base))
    {
      char *named = g_strconcat (base, ".csv", NULL);
      g_free (base);
      base = named;
    }
  mem_path = g_strdup_printf ("/vsimem/symbiomap-utf16-%d/%s", g_atomic_int_add (&counter, 1), base);
  fp = VSIFOpenL (mem_path, "wb");
  if (fp == NULL || VSIFWriteL (utf8, 1, out_len, fp) != out_len)
    {
      if (fp)
        VSIFCloseL (fp);
      g_free (utf8);
      g_free (mem_path);
      return NULL;
    }
  VSIFCloseL (fp);
  g_free (utf8);
  return mem_path;
}

/**
 * sm_source_sniff_open:
 * @path: the user's file
 *
 * GDALOpenEx() for the files people have: see the top of this file.
 *
 * Returns: the dataset, or %NULL with GDAL's error set
 */
GDALDatasetH
sm_source_sniff_open (const char *path)
{
  guint8 head[SNIFF_BYTES + 1];
  gsize n = 0;
  FILE *fp = fopen (path, "rb");
  TextKind kind = TEXT_PLAIN;
  g_autofree char *mem_path = NULL;
  g_autofree char *first_line = NULL;
  const char *open_path = path;
  char *options[3] = { NULL, NULL, NULL };
  int n_options = 0;
  GDALDatasetH ds;

  if (fp != NULL)
    {
      n = fread (head, 1, SNIFF_BYTES, fp);
      fclose (fp);
    }
  head[n] = '\0';
  kind = text_kind_of (head, n);
  if (kind != TEXT_PLAIN)
    {
      mem_path = reencode_utf16 (path, kind);
      if (mem_path != NULL)
        {
          VSILFILE *m = VSIFOpenL (mem_path, "rb");

          open_path = mem_path;
          n = m ? VSIFReadL (head, 1, SNIFF_BYTES, m) : 0;
          head[n] = '\0';
          if (m)
            VSIFCloseL (m);
        }
    }

  if (is_table_name (open_path) && n > 0 && memchr (head, '\0', n) == NULL)
    {
      const char *line = (const char *) head;
      char sep;

      if (n >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        line += 3;
      sep = separator_of (line);
      if (sep == ';')
        options[n_options++] = (char *) "SEPARATOR=SEMICOLON";
      else if (sep == '\t')
        options[n_options++] = (char *) "SEPARATOR=TAB";
      else if (sep == ',')
        options[n_options++] = (char *) "SEPARATOR=COMMA";
      if (sep != 0 && header_has_numeric_names (line, sep))
        options[n_options++] = (char *) "HEADERS=YES";
    }

  ds = GDALOpenEx (open_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL,
                   n_options > 0 ? (const char * const *) options
                                 : sm_osm_roads_open_options (path), NULL);
  /* The dataset holds the memory file open; its name can go now. */
  if (mem_path != NULL)
    VSIUnlink (mem_path);
  return ds;
}
