/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every ambiguous number reading gets a note (docs/DATA-MODEL.md,
 * "Numbers"): "42.000" is forty-two thousand in a column that groups
 * thousands with dots, forty-two in one that writes decimal points, and
 * the report says which reading was taken and why. A sheet of many such
 * numbers gets the first few per file and a count of the rest.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sm-number-notes.h"

#define MAX_NUMBER_NOTES 20

/**
 * sm_number_is_ambiguous:
 * @text: a cell
 *
 * Returns: whether @text is a lone dot followed by exactly three digits
 *   ("42.000", "1.950"), which reads two ways
 */
gboolean
sm_number_is_ambiguous (const char *text)
{
  double v;

  return text != NULL && sm_parse_number (text, SM_NUMBER_STYLE_UNKNOWN, &v) == SM_NUMBER_AMBIGUOUS;
}

/**
 * sm_number_note:
 * @n_notes: (inout): how many such notes the file has had
 * @field_label: the field, translated and in lower case ("amount")
 * @style: the column's style that decided, or UNKNOWN when nothing did
 *
 * Adds the note for one ambiguous reading.
 */
void
sm_number_note (GPtrArray     *notes,
                int           *n_notes,
                int            row,
                const char    *field_label,
                const char    *text,
                double         value,
                SmNumberStyle  style)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (++*n_notes > MAX_NUMBER_NOTES)
    return;
  g_ascii_formatd (number, sizeof number, "%.15g", value);
  switch (style)
    {
    case SM_NUMBER_STYLE_COMMA_DECIMAL:
      /* TRANSLATORS: row number, the column's name, the text as written, the number as read */
      g_ptr_array_add (notes, g_strdup_printf (_("Row %d: %s “%s” was read as %s: the dot groups "
                                                 "thousands, as the column's other numbers write it"),
                                               row, field_label, text, number));
      break;
    case SM_NUMBER_STYLE_DOT_DECIMAL:
      /* TRANSLATORS: row number, the column's name, the text as written, the number as read */
      g_ptr_array_add (notes, g_strdup_printf (_("Row %d: %s “%s” was read as %s: the dot is a "
                                                 "decimal point, as the column's other numbers write it"),
                                               row, field_label, text, number));
      break;
    case SM_NUMBER_STYLE_UNKNOWN:
    default:
      /* TRANSLATORS: row number, the column's name, the text as written, the number as read */
      g_ptr_array_add (notes, g_strdup_printf (_("Row %d: %s “%s” was read as %s with a decimal "
                                                 "point: no other number in the column shows whether "
                                                 "the dot groups thousands"),
                                               row, field_label, text, number));
      break;
    }
}

/* The count of the notes left out */
void
sm_number_notes_finish (GPtrArray *notes,
                        int        n_notes)
{
  if (n_notes > MAX_NUMBER_NOTES)
    g_ptr_array_add (notes,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   /* TRANSLATORS: %d is how many more numbers
                                                    * of the file were read the same way */
                                                   "%d more number with a lone dot and three digits was read the same way",
                                                   "%d more numbers with a lone dot and three digits were read the same way",
                                                   n_notes - MAX_NUMBER_NOTES),
                                      n_notes - MAX_NUMBER_NOTES));
}
