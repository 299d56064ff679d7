/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The importer's defences against hostile or broken files (issue 14): a
 * pipe or device is refused before GDAL blocks on it, a CSV cut off in the
 * middle of its last row or with a quote never closed is noticed, GDAL's
 * errors while reading one feature stay with that feature's row, empty
 * rows are skipped, and network lines are checked point by point.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include <cpl_error.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "sm-import.h"
#include "sm-import-guard.h"

/**
 * sm_import_check_regular:
 * @path: the user's file
 *
 * A FIFO, a socket or a device has no end GDAL could wait for: refused at
 * once. A folder passes (a folder of shapefiles is a dataset).
 *
 * Returns: whether @path may be read
 */
gboolean
sm_import_check_regular (const char  *path,
                         GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || S_ISREG (st.st_mode) || S_ISDIR (st.st_mode))
    return TRUE;
  {
    g_autofree char *base = g_path_get_basename (path);
    g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_UNREADABLE,
                 /* TRANSLATORS: %s is a file's name */
                 _("Cannot read “%s”: it is not a regular file but a pipe, a socket or a device"),
                 base);
  }
  return FALSE;
}

/* GDAL's CSV driver takes a semicolon or a tab for the separator when the
 * header line has one of them and no comma. */
static char
guess_separator (const char *p,
                 const char *end)
{
  int n[3] = { 0, 0, 0 };
  gboolean quoted = FALSE;

  for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted)
        n[0] += *p == ',', n[1] += *p == ';', n[2] += *p == '\t';
    }
  if (n[0] == 0 && n[1] > 0)
    return ';';
  if (n[0] == 0 && n[2] > 0)
    return '\t';
  return ',';
}

/**
 * sm_csv_scan:
 * @path: a CSV file
 * @scan: (out): what a pass over its records found
 *
 * A quote-aware count of fields per record, written by hand because GDAL
 * reads a record cut short or a runaway quote without a word.
 */
void
sm_csv_scan (const char *path,
             SmCsvScan  *scan)
{
  g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  const char *p, *end;
  char sep;
  int line = 1, header_fields = 0, fields = 1, chars = 0;
  gboolean quoted = FALSE, header = TRUE;
  int quote_line = 0;

  memset (scan, 0, sizeof *scan);
  if (file == NULL || g_mapped_file_get_length (file) == 0)
    return;
  p = g_mapped_file_get_contents (file);
  end = p + g_mapped_file_get_length (file);
  sep = guess_separator (p, end);
  for (; p < end; p++)
    {
      char c = *p;

      if (c == '"')
        {
          quoted = !quoted;
          if (quoted)
            quote_line = line;
          chars++;
          continue;
        }
      if (c == '\n')
        line++;
      if (quoted)
        continue;
      if (c == sep)
        fields++, chars++;
      else if (c == '\n')
        {
          if (header)
            header_fields = fields, header = FALSE;
          else if (chars > 0)
            scan->n_records++;
          fields = 1;
          chars = 0;
        }
      else if (c != '\r')
        chars++;
    }
  if (quoted)
    scan->quote_open_line = quote_line;
  if (!header && chars > 0)
    {
      scan->n_records++;
      scan->last_cut = !quoted && fields < header_fields;
    }
}

static void CPL_STDCALL
collect_error (CPLErr      level,
               CPLErrorNum number,
               const char *message)
{
  GString *errors = CPLGetErrorHandlerUserData ();

  if (level < CE_Failure || message == NULL)
    return;
  if (errors->len > 0)
    g_string_append (errors, "; ");
  g_string_append (errors, message);
}

/**
 * sm_import_next_feature:
 * @layer: the layer being imported
 * @gdal_error: (out): GDAL's errors while reading this feature, or %NULL
 *
 * Reads the next feature with GDAL's error state reset, so that an error
 * belongs to the row that caused it, not to the whole file.
 *
 * Returns: (transfer full) (nullable): the feature, or %NULL at the end
 */
OGRFeatureH
sm_import_next_feature (OGRLayerH   layer,
                        char      **gdal_error)
{
  GString *errors = g_string_new (NULL);
  OGRFeatureH feature;

  CPLErrorReset ();
  CPLPushErrorHandlerEx (collect_error, errors);
  feature = OGR_L_GetNextFeature (layer);
  CPLPopErrorHandler ();
  *gdal_error = errors->len > 0 ? g_string_free (errors, FALSE) : (g_string_free (errors, TRUE), NULL);
  /* At the end, an error stays for the caller to report the file damaged. */
  if (feature != NULL)
    CPLErrorReset ();
  return feature;
}

/**
 * sm_import_feature_is_empty:
 * @feature: a row
 *
 * Returns: whether every cell is empty and there is no geometry: a
 *   spreadsheet's formatted but empty rows, skipped without a word
 */
gboolean
sm_import_feature_is_empty (OGRFeatureH feature)
{
  int n = OGR_F_GetFieldCount (feature);

  for (int i = 0; i < OGR_F_GetGeomFieldCount (feature); i++)
    if (OGR_F_GetGeomFieldRef (feature, i) != NULL)
      return FALSE;
  for (int i = 0; i < n; i++)
    if (OGR_F_IsFieldSetAndNotNull (feature, i))
      {
        const char *s = OGR_F_GetFieldAsString (feature, i);

        while (s != NULL && g_ascii_isspace (*s))
          s++;
        if (s != NULL && *s != '\0')
          return FALSE;
      }
  return TRUE;
}

/**
 * sm_import_check_line:
 * @part: one line, already in WGS84
 * @reason: (out): why it is refused, translated
 *
 * Returns: whether @part has two points or more, each a finite longitude
 *   and latitude in range
 */
gboolean
sm_import_check_line (OGRGeometryH   part,
                      char         **reason)
{
  int n = OGR_G_GetPointCount (part);

  if (n < 2)
    {
      *reason = g_strdup (_("a line needs two points or more"));
      return FALSE;
    }
  for (int i = 0; i < n; i++)
    {
      double x = OGR_G_GetX (part, i), y = OGR_G_GetY (part, i);

      if (!isfinite (x) || !isfinite (y) || fabs (x) > 180 || fabs (y) > 90)
        {
          /* TRANSLATORS: %d is the point's number along the line; then its x and y as written */
          *reason = g_strdup_printf (_("point %d of the line (%g, %g) is not a longitude and "
                                       "latitude in range"),
                                     i + 1, x, y);
          return FALSE;
        }
    }
  return TRUE;
}
