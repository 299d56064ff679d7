/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spin buttons that show and read numbers as the user's locale writes
 * them; the text formats themselves are in sm-format-text.c.
 */
#include "config.h"

#include <glib/gi18n.h>

#include "sm-format.h"

static gboolean
on_spin_output (GtkSpinButton *spin)
{
  /* Without thousands separators: the text is read back as it is */
  g_autofree char *text = sm_format_number_plain (gtk_spin_button_get_value (spin),
                                                  gtk_spin_button_get_digits (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static int
on_spin_input (GtkSpinButton *spin,
               double        *value)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin)));
  GString *plain = g_string_new (NULL);
  char *end = NULL;

  /* Both decimal marks, and no thousands separators, are accepted */
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ',')
        g_string_append_c (plain, '.');
      else if (g_ascii_isdigit (c) || c == '.' || c == '-')
        g_string_append_c (plain, (char) c);
    }
  *value = g_ascii_strtod (plain->str, &end);
  g_string_free (plain, TRUE);
  return end != NULL && *end == '\0' ? TRUE : GTK_INPUT_ERROR;
}

/**
 * sm_format_spin_button:
 * @spin: a spin button
 *
 * Shows its value with the locale's decimal mark ("12,5" in Danish and
 * Swedish) and reads either mark back.
 */
void
sm_format_spin_button (GtkSpinButton *spin)
{
  /* A numeric spin button refuses the decimal comma as it is typed */
  gtk_spin_button_set_numeric (spin, FALSE);
  g_signal_connect (spin, "output", G_CALLBACK (on_spin_output), NULL);
  g_signal_connect (spin, "input", G_CALLBACK (on_spin_input), NULL);
}
