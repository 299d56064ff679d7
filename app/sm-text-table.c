/* sm-text-table.c: text tables for a terminal, padded by display width
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * printf's "%-30s" pads by bytes, so every æ, ø, å, ö, ä, ° or ₂ in a
 * company's name shifts the following columns. glibc's wcswidth() knows
 * display widths, but only under a UTF-8 locale, and returns -1 for the
 * whole string at the first character it does not know. So the widths are
 * counted here, with GLib's own Unicode tables: combining marks and other
 * zero-width characters take no column, East Asian wide characters two, the
 * rest one. Control characters from the data (an ESC that would clear the
 * user's screen) are shown escaped, never sent to the terminal.
 */
#include "config.h"

#include "sm-text-table.h"

#include <stdarg.h>
#include <string.h>

struct _SmTextTable {
  GPtrArray *titles;  /* char * */
  GArray    *aligns;  /* SmTextAlign */
  GArray    *limits;  /* guint, 0 = no limit */
  GPtrArray *cells;   /* char *, row by row */
};

static guint
unichar_width (gunichar c)
{
  if (g_unichar_iszerowidth (c))
    return 0;
  if (g_unichar_iswide (c))
    return 2;
  return 1;
}

/* C0 and C1 controls (U+009B is a one-character CSI), DEL, and the
 * bidirectional overrides that reorder what a terminal shows */
static gboolean
is_unsafe (gunichar c,
           gboolean keep_newlines)
{
  if (keep_newlines && (c == '\n' || c == '\t'))
    return FALSE;
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
         || (c >= 0x2066 && c <= 0x2069);
}

/**
 * sm_text_display_width:
 * @utf8: text (invalid UTF-8 counts one column per byte)
 *
 * Returns: the number of terminal columns @utf8 takes.
 */
guint
sm_text_display_width (const char *utf8)
{
  guint width = 0;

  if (utf8 == NULL)
    return 0;
  for (const char *p = utf8; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          width++;
          p++;
          continue;
        }
      width += unichar_width (c);
      p = g_utf8_next_char (p);
    }
  return width;
}

/**
 * sm_text_escape:
 * @utf8: (nullable): text from the project or the user's files
 * @keep_newlines: whether line ends and tabs stay (for whole messages)
 *
 * Returns: @utf8 as valid UTF-8 with each control character written as a
 *   visible escape (`\x1B`, `\u{202E}`), so data can never move the
 *   cursor, clear the screen, fake colours or reorder a line; "" for %NULL
 */
char *
sm_text_escape (const char *utf8,
                gboolean    keep_newlines)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (utf8 == NULL)
    return g_strdup ("");
  valid = g_utf8_make_valid (utf8, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_unsafe (c, keep_newlines))
        g_string_append_unichar (out, c);
      else if (c < 0x80)
        g_string_append_printf (out, "\\x%02X", c);
      else
        g_string_append_printf (out, "\\u{%04X}", c);
    }
  return g_string_free (out, FALSE);
}

/**
 * sm_text_escape_controls:
 * @utf8: (nullable): a table cell or a label
 *
 * Returns: sm_text_escape() of @utf8, line ends escaped too
 */
char *
sm_text_escape_controls (const char *utf8)
{
  return sm_text_escape (utf8, FALSE);
}

/**
 * sm_text_fit:
 * @utf8: text without control characters
 * @width: the columns it may take
 *
 * Returns: @utf8 when it fits; otherwise cut at the last word boundary that
 *   leaves room for "…" (or mid-word when the first word alone is too long).
 */
char *
sm_text_fit (const char *utf8,
             guint       width)
{
  const char *cut = NULL;
  const char *last_space = NULL;
  guint used = 0;

  if (utf8 == NULL)
    return g_strdup ("");
  if (width == 0 || sm_text_display_width (utf8) <= width)
    return g_strdup (utf8);

  for (const char *p = utf8; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w = unichar_width (c);

      if (used + w > width - 1)
        break;
      if (g_unichar_isspace (c))
        last_space = p;
      used += w;
      cut = g_utf8_next_char (p);
    }
  if (cut == NULL)
    return g_strdup ("…");
  /* Cut at a word when that keeps at least half of the column. */
  if (last_space != NULL && sm_text_display_width (utf8) > 0)
    {
      g_autofree char *head = g_strndup (utf8, last_space - utf8);

      if (sm_text_display_width (head) * 2 >= width)
        cut = last_space;
    }
  {
    g_autofree char *head = g_strndup (utf8, cut - utf8);

    g_strchomp (head);
    return g_strconcat (head, "…", NULL);
  }
}

SmTextTable *
sm_text_table_new (void)
{
  SmTextTable *table = g_new0 (SmTextTable, 1);

  table->titles = g_ptr_array_new_with_free_func (g_free);
  table->aligns = g_array_new (FALSE, FALSE, sizeof (SmTextAlign));
  table->limits = g_array_new (FALSE, FALSE, sizeof (guint));
  table->cells = g_ptr_array_new_with_free_func (g_free);
  return table;
}

void
sm_text_table_free (SmTextTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->titles);
  g_array_unref (table->aligns);
  g_array_unref (table->limits);
  g_ptr_array_unref (table->cells);
  g_free (table);
}

/**
 * sm_text_table_add_column:
 * @title: the header, already translated
 * @align: numbers align to the end, text to the start
 * @max_width: longer cells are cut with "…"; 0 for no limit
 */
void
sm_text_table_add_column (SmTextTable *table,
                          const char  *title,
                          SmTextAlign  align,
                          guint        max_width)
{
  g_return_if_fail (table != NULL);
  g_return_if_fail (table->cells->len == 0);

  g_ptr_array_add (table->titles, sm_text_escape_controls (title));
  g_array_append_val (table->aligns, align);
  g_array_append_val (table->limits, max_width);
}

/**
 * sm_text_table_add_cell:
 * @text: (nullable): the next cell, row by row; control characters are
 *   escaped and a cell longer than its column's limit is cut
 */
void
sm_text_table_add_cell (SmTextTable *table,
                        const char  *text)
{
  g_autofree char *clean = NULL;
  guint column;

  g_return_if_fail (table != NULL);
  g_return_if_fail (table->titles->len > 0);

  column = table->cells->len % table->titles->len;
  clean = sm_text_escape_controls (text);
  g_ptr_array_add (table->cells,
                   sm_text_fit (clean, g_array_index (table->limits, guint, column)));
}

void
sm_text_table_add_cell_printf (SmTextTable *table,
                               const char  *format,
                               ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  sm_text_table_add_cell (table, text);
}

static void
append_padded (GString     *out,
               const char  *text,
               guint        width,
               SmTextAlign  align,
               gboolean     last)
{
  guint used = sm_text_display_width (text);
  guint pad = used < width ? width - used : 0;

  if (align == SM_TEXT_ALIGN_END)
    {
      for (guint i = 0; i < pad; i++)
        g_string_append_c (out, ' ');
      g_string_append (out, text);
    }
  else
    {
      g_string_append (out, text);
      if (!last)
        for (guint i = 0; i < pad; i++)
          g_string_append_c (out, ' ');
    }
}

/**
 * sm_text_table_to_string:
 *
 * Returns: the header and every row, each column as wide as its widest
 *   cell, columns two spaces apart, lines ending in '\n'. A half-filled
 *   last row is padded with empty cells.
 */
char *
sm_text_table_to_string (SmTextTable *table)
{
  guint n_columns;
  guint n_rows;
  g_autofree guint *widths = NULL;
  GString *out;

  g_return_val_if_fail (table != NULL, NULL);

  n_columns = table->titles->len;
  if (n_columns == 0)
    return g_strdup ("");
  n_rows = (table->cells->len + n_columns - 1) / n_columns;
  widths = g_new0 (guint, n_columns);
  for (guint c = 0; c < n_columns; c++)
    widths[c] = sm_text_display_width (g_ptr_array_index (table->titles, c));
  for (guint i = 0; i < table->cells->len; i++)
    widths[i % n_columns] = MAX (widths[i % n_columns],
                                 sm_text_display_width (g_ptr_array_index (table->cells, i)));

  out = g_string_new (NULL);
  for (guint r = 0; r <= n_rows; r++)
    {
      for (guint c = 0; c < n_columns; c++)
        {
          guint i = (r - 1) * n_columns + c;
          const char *text = r == 0 ? g_ptr_array_index (table->titles, c)
                           : i < table->cells->len ? g_ptr_array_index (table->cells, i)
                           : "";

          if (c > 0)
            g_string_append (out, "  ");
          append_padded (out, text, widths[c], g_array_index (table->aligns, SmTextAlign, c),
                         c + 1 == n_columns);
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}
