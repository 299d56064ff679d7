/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writing the CLI's JSON documents.
 *
 * Why by hand: json-glib 1.6 builds and parses the documents, but its
 * generator writes every double with "%.17g", so a route of 743.9 m comes
 * out as 743.89999999999998, and it appends ".0" to "inf" and "1e+21".
 * A script should read the figures a person would write. So this writer
 * walks the json-glib tree and writes each number in the fewest digits
 * that read back as the same double, after rounding it to what it means
 * (docs/CLI.md): money to whole euros, metres to 0.1 m, coordinates to
 * 1e-7 degrees (about a centimetre), any other figure to 15 significant
 * digits. A number JSON cannot hold (NaN,
 * infinity) is written as null. Strings are escaped as RFC 8259 says.
 * The layout is json-glib's pretty one, two spaces an indent.
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sm-cli.h"

typedef enum
{
  ROUND_NONE,
  ROUND_EUROS,
  ROUND_METRES,
  ROUND_DEGREES,
} Rounding;

/* What a member's name says about its number's meaning */
static Rounding
rounding_for_key (const char *key)
{
  if (key == NULL)
    return ROUND_NONE;
  if (g_str_equal (key, "lat") || g_str_equal (key, "lon") || g_str_equal (key, "coordinates")
      || g_str_has_suffix (key, "_lat") || g_str_has_suffix (key, "_lon"))
    return ROUND_DEGREES;
  if (g_str_has_suffix (key, "_eur") || g_str_has_suffix (key, "_eur_yr"))
    return ROUND_EUROS;
  if (g_str_has_suffix (key, "_m") || g_str_equal (key, "metres"))
    return ROUND_METRES;
  return ROUND_NONE;
}

static double
round_to (double   value,
          Rounding rounding)
{
  switch (rounding)
    {
    case ROUND_EUROS:
      return round (value);
    case ROUND_METRES:
      return round (value * 10) / 10;
    case ROUND_DEGREES:
      return round (value * 1e7) / 1e7;
    case ROUND_NONE:
    default:
      {
        /* Arithmetic leaves noise in a double's 16th and 17th digits
         * (0.1 + 0.2 is 0.30000000000000004); DBL_DIG, 15, is what a double
         * carries reliably, so a figure of no set precision is written to
         * 15 significant digits: all its meaning, none of its noise. */
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (!isfinite (value))
          return value;
        g_ascii_formatd (buf, sizeof buf, "%.15g", value);
        return g_ascii_strtod (buf, NULL);
      }
    }
}

/**
 * sm_cli_json_format_double:
 * @value: a number
 * @buf: (out caller-allocates): at least %G_ASCII_DTOSTR_BUF_SIZE bytes
 *
 * Writes @value in the fewest significant digits that read back as the
 * same double, always as valid JSON ("null" when not finite).
 */
void
sm_cli_json_format_double (double  value,
                           char   *buf)
{
  if (!isfinite (value))
    {
      strcpy (buf, "null");
      return;
    }
  if (value == 0)
    {
      /* No "-0": scripts compare with 0 */
      strcpy (buf, "0");
      return;
    }
  for (int digits = 1; digits <= 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
      if (g_ascii_strtod (buf, NULL) == value)
        {
          /* %g writes 1e+06 for a million: people and scripts read
           * 1000000 more easily; keep the exponent only for the very large
           * and the very small. */
          double magnitude = fabs (value);

          if (strpbrk (buf, "eE") != NULL && magnitude >= 1e-6 && magnitude < 1e16)
            {
              int exponent = (int) floor (log10 (magnitude));
              int decimals = MAX (0, digits - 1 - exponent);

              g_snprintf (format, sizeof format, "%%.%df", decimals);
              g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
            }
          break;
        }
    }
}

static void
write_string (GString    *out,
              const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
indent (GString *out,
        guint    level)
{
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void write_node (GString  *out,
                        JsonNode *node,
                        Rounding  rounding,
                        guint     level);

static void
write_value (GString  *out,
             JsonNode *node,
             Rounding  rounding)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      sm_cli_json_format_double (round_to (json_node_get_double (node), rounding), buf);
      g_string_append (out, buf);
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case G_TYPE_STRING:
      {
        /* The project may hold text that is not UTF-8 */
        g_autofree char *valid = g_utf8_make_valid (json_node_get_string (node), -1);

        write_string (out, valid);
      }
      break;
    default:
      g_string_append (out, "null");
      break;
    }
}

static void
write_node (GString  *out,
            JsonNode *node,
            Rounding  rounding,
            guint     level)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr (GList) members = json_object_get_members (object);

        if (members == NULL)
          {
            g_string_append (out, "{}");
            break;
          }
        g_string_append (out, "{\n");
        for (GList *l = members; l != NULL; l = l->next)
          {
            const char *key = l->data;

            indent (out, level + 1);
            write_string (out, key);
            g_string_append (out, " : ");
            write_node (out, json_object_get_member (object, key), rounding_for_key (key),
                        level + 1);
            if (l->next != NULL)
              g_string_append_c (out, ',');
            g_string_append_c (out, '\n');
          }
        indent (out, level);
        g_string_append_c (out, '}');
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        if (n == 0)
          {
            g_string_append (out, "[]");
            break;
          }
        g_string_append (out, "[\n");
        for (guint i = 0; i < n; i++)
          {
            indent (out, level + 1);
            /* The elements of "coordinates" keep its rounding */
            write_node (out, json_array_get_element (array, i), rounding, level + 1);
            if (i + 1 < n)
              g_string_append_c (out, ',');
            g_string_append_c (out, '\n');
          }
        indent (out, level);
        g_string_append_c (out, ']');
      }
      break;
    case JSON_NODE_VALUE:
      write_value (out, node, rounding);
      break;
    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/**
 * sm_cli_json_to_string:
 * @root: a document
 *
 * Returns: (transfer full): @root as valid JSON, numbers rounded to what
 *   they mean and written without binary noise
 */
char *
sm_cli_json_to_string (JsonNode *root)
{
  GString *out = g_string_new (NULL);

  if (root != NULL)
    write_node (out, root, ROUND_NONE, 0);
  else
    g_string_append (out, "null");
  return g_string_free (out, FALSE);
}
