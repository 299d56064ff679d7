/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the CLI prints is safe to print: text from the user's files shows
 * its control characters escaped (an ESC in a site's name must not clear
 * the terminal or fake colours), and every JSON document is valid JSON.
 *
 * json-glib 1.6 writes a double with g_ascii_dtostr() and appends ".0"
 * when there is no dot: Infinity becomes "inf.0" and 1e21 "1e+21.0",
 * neither of which is JSON. sm_cli_json_sanitize() walks the tree before
 * it is written and replaces what json-glib cannot write.
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sm-cli.h"

static gboolean
is_unsafe (gunichar c,
           gboolean keep_newlines)
{
  if (keep_newlines && (c == '\n' || c == '\t'))
    return FALSE;
  /* C0 and C1 controls (U+009B is a one-character CSI), DEL, and the
   * bidirectional overrides that reorder what a terminal shows. */
  return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
         || (c >= 0x2066 && c <= 0x2069);
}

/**
 * sm_cli_escape:
 * @text: (nullable): text from the project or the user's files
 * @keep_newlines: whether line ends and tabs stay (for whole messages)
 *
 * Returns: (transfer full): @text as valid UTF-8 with each control
 *   character written as \xNN or \u{NNNN}; "" for %NULL
 */
char *
sm_cli_escape (const char *text,
               gboolean    keep_newlines)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");
  valid = g_utf8_make_valid (text, -1);
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

static void sanitize_node (JsonNode *node);

static void
sanitize_member (JsonObject  *object,
                 const char  *name,
                 JsonNode    *node,
                 gpointer     data)
{
  sanitize_node (node);
}

static void
sanitize_element (JsonArray *array,
                  guint      index,
                  JsonNode  *node,
                  gpointer   data)
{
  sanitize_node (node);
}

static void
sanitize_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      json_object_foreach_member (json_node_get_object (node), sanitize_member, NULL);
      break;
    case JSON_NODE_ARRAY:
      json_array_foreach_element (json_node_get_array (node), sanitize_element, NULL);
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          double v = json_node_get_double (node);
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          if (!isfinite (v))
            {
              /* JSON has no Infinity or NaN: null is "no number". */
              json_node_init_null (node);
              break;
            }
          g_ascii_dtostr (buf, sizeof buf, v);
          if (strchr (buf, '.') != NULL || strpbrk (buf, "eE") == NULL)
            break;
          /* "1e+21": json-glib would append ".0". An integer that int64
           * holds is written exactly; beyond, the next double towards zero
           * prints with a dot and differs in the 17th digit only. */
          if (fabs (v) < 9.2e18)
            json_node_set_int (node, (gint64) v);
          else
            {
              for (int i = 0; i < 8 && strchr (buf, '.') == NULL; i++)
                {
                  v = nextafter (v, 0);
                  g_ascii_dtostr (buf, sizeof buf, v);
                }
              json_node_set_double (node, v);
            }
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
}

/**
 * sm_cli_json_sanitize:
 * @root: a document about to be written
 *
 * Replaces in place the numbers json-glib would write as invalid JSON.
 */
void
sm_cli_json_sanitize (JsonNode *root)
{
  if (root != NULL)
    sanitize_node (root);
}

/**
 * sm_cli_check_radius:
 * @command: the command's name
 * @radius_km: --radius-km as given; 0 when not
 * @status: (out): the usage error's exit status when it is wrong
 *
 * GOption reads "nan", "inf" and "1e308" as doubles: a radius is a
 * distance on the Earth, at most half its circumference (20 000 km).
 *
 * Returns: whether @radius_km can be used
 */
gboolean
sm_cli_check_radius (const char *command,
                     double      radius_km,
                     int        *status)
{
  if (isfinite (radius_km) && radius_km >= 0 && radius_km <= 20000)
    return TRUE;
  *status = sm_cli_usage_error (command, _("--radius-km must be a distance from 0 to 20 000 km"));
  return FALSE;
}

/**
 * sm_cli_wait_notify:
 *
 * Tells a person at a terminal why a command waits: another import or
 * export holds the project's write lock.
 */
void
sm_cli_wait_notify (gpointer data)
{
  if (sm_cli_progress_wanted ())
    g_printerr ("%s\n", _("Waiting for another program to finish writing the project…"));
}
