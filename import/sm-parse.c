/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The small parsers the importer needs for what spreadsheets hold: numbers
 * as Danes and Swedes type them, units, EWC waste codes, and column names
 * or values in three languages. GDAL gives us the cells as text; no library
 * reads "1.234,5 MWh/år" or "17 05 03*", so these are written by hand.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sm-parse.h"

/* Numbers */

/* Removes the thousands separators people type between digit groups:
 * spaces, no-break spaces (U+00A0, U+202F) and apostrophes. */
static char *
strip_group_spaces (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == ' ' || c == 0x00A0 || c == 0x202F || c == '\'' || c == 0x2019 || c == '\t')
        continue;
      if (c == 0x2212) /* minus sign */
        c = '-';
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
digits_only (const char *start,
             gsize       len)
{
  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (start[i]))
      return FALSE;
  return TRUE;
}

/* Checks that @text is digits in groups of three after the first group,
 * separated by @sep, e.g. "1.234.567". */
static gboolean
grouped_digits (const char *text,
                char        sep)
{
  g_auto (GStrv) parts = g_strsplit (text, (char[]) { sep, '\0' }, -1);
  guint n = g_strv_length (parts);

  if (n < 2)
    return digits_only (text, strlen (text));
  if (strlen (parts[0]) < 1 || strlen (parts[0]) > 3 || !digits_only (parts[0], strlen (parts[0])))
    return FALSE;
  for (guint i = 1; i < n; i++)
    if (strlen (parts[i]) != 3 || !digits_only (parts[i], 3))
      return FALSE;
  return TRUE;
}

static gboolean
read_plain (const char *integer,
            const char *fraction,
            double     *value)
{
  g_autofree char *joined = NULL;
  char *end = NULL;

  joined = fraction ? g_strconcat (integer, ".", fraction, NULL) : g_strdup (integer);
  if (*joined == '\0' || *joined == '.')
    return FALSE;
  *value = g_ascii_strtod (joined, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

/**
 * sm_parse_number:
 * @text: a cell as typed: "12,5", "45 000", "1.234,5", "1,234.5", "150.000"
 * @style: how the rest of the column writes numbers
 * @value: (out): the number
 *
 * Returns: %SM_NUMBER_OK, %SM_NUMBER_INVALID, or %SM_NUMBER_AMBIGUOUS for a
 *   lone dot followed by exactly three digits with no hint from @style; then
 *   @value holds the reading as a decimal point.
 */
SmNumberResult
sm_parse_number (const char    *text,
                 SmNumberStyle  style,
                 double        *value)
{
  g_autofree char *s = NULL;
  const char *body;
  const char *last_comma, *last_dot;
  int n_commas = 0, n_dots = 0;
  gboolean negative = FALSE;
  SmNumberResult result = SM_NUMBER_OK;
  double v = 0;

  g_return_val_if_fail (value != NULL, SM_NUMBER_INVALID);

  if (text == NULL)
    return SM_NUMBER_INVALID;
  s = strip_group_spaces (text);
  body = s;
  if (*body == '-' || *body == '+')
    {
      negative = *body == '-';
      body++;
    }
  if (*body == '\0')
    return SM_NUMBER_INVALID;

  /* An exponent: the mantissa is read as any other number ("1,5e3" or
   * "1.5e-320"), then scaled; "1e400" is no number, "1e-400" is 0. */
  {
    const char *mark = strpbrk (body, "eE");

    if (mark != NULL)
      {
        const char *e = mark + 1;
        g_autofree char *mantissa = g_strndup (body, mark - body);
        g_autofree char *joined = NULL;
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        char *end = NULL;
        double m = 0;

        if (*e == '+' || *e == '-')
          e++;
        if (!digits_only (e, strlen (e)) || *mantissa == '\0'
            || (result = sm_parse_number (mantissa, style, &m)) == SM_NUMBER_INVALID
            || *mantissa == '+' || *mantissa == '-')
          return SM_NUMBER_INVALID;
        joined = g_strconcat (g_ascii_formatd (buf, sizeof buf, "%.17g", m), mark, NULL);
        v = g_ascii_strtod (joined, &end);
        if (end == NULL || *end != '\0' || !isfinite (v))
          return SM_NUMBER_INVALID;
        *value = negative ? -v : v;
        return result;
      }
  }

  for (const char *p = body; *p; p++)
    {
      if (*p == ',')
        n_commas++;
      else if (*p == '.')
        n_dots++;
      else if (!g_ascii_isdigit (*p))
        return SM_NUMBER_INVALID;
    }
  last_comma = strrchr (body, ',');
  last_dot = strrchr (body, '.');

  if (n_commas == 0 && n_dots == 0)
    {
      if (!read_plain (body, NULL, &v))
        return SM_NUMBER_INVALID;
    }
  else if (n_commas > 0 && n_dots > 0)
    {
      /* Both: the last one is the decimal separator. */
      char dec = last_comma > last_dot ? ',' : '.';
      char group = dec == ',' ? '.' : ',';
      const char *sep = dec == ',' ? last_comma : last_dot;
      g_autofree char *integer = g_strndup (body, sep - body);

      if (strchr (sep + 1, group) != NULL || strchr (sep + 1, dec) != NULL)
        return SM_NUMBER_INVALID;
      if (!grouped_digits (integer, group))
        return SM_NUMBER_INVALID;
      {
        g_autofree char *bare = NULL;
        g_auto (GStrv) parts = g_strsplit (integer, (char[]) { group, '\0' }, -1);

        bare = g_strjoinv ("", parts);
        if (!digits_only (sep + 1, strlen (sep + 1)) || !read_plain (bare, sep + 1, &v))
          return SM_NUMBER_INVALID;
      }
    }
  else
    {
      char c = n_commas > 0 ? ',' : '.';
      int n = n_commas > 0 ? n_commas : n_dots;
      const char *sep = n_commas > 0 ? last_comma : last_dot;
      gboolean as_group;

      if (n > 1)
        {
          /* Several of one separator can only group thousands. */
          g_auto (GStrv) parts = NULL;
          g_autofree char *bare = NULL;

          if (!grouped_digits (body, c))
            return SM_NUMBER_INVALID;
          parts = g_strsplit (body, (char[]) { c, '\0' }, -1);
          bare = g_strjoinv ("", parts);
          if (!read_plain (bare, NULL, &v))
            return SM_NUMBER_INVALID;
          *value = negative ? -v : v;
          return SM_NUMBER_OK;
        }

      as_group = FALSE;
      if (strlen (sep + 1) == 3 && grouped_digits (body, c) && !(sep - body == 1 && body[0] == '0'))
        {
          if (c == ',')
            /* "1,234": thousands only where the column writes decimal dots;
             * Danish and Swedish files write a decimal comma. */
            as_group = style == SM_NUMBER_STYLE_DOT_DECIMAL;
          else if (style == SM_NUMBER_STYLE_COMMA_DECIMAL)
            as_group = TRUE;
          else if (style == SM_NUMBER_STYLE_UNKNOWN)
            result = SM_NUMBER_AMBIGUOUS;
        }

      {
        g_autofree char *integer = g_strndup (body, sep - body);

        if (as_group)
          {
            g_autofree char *bare = g_strconcat (integer, sep + 1, NULL);
            if (!read_plain (bare, NULL, &v))
              return SM_NUMBER_INVALID;
          }
        else if (!digits_only (sep + 1, strlen (sep + 1)) ||
                 !read_plain (*integer ? integer : "0", sep + 1, &v))
          return SM_NUMBER_INVALID;
      }
    }

  *value = negative ? -v : v;
  return result;
}

/**
 * sm_number_style_of:
 * @text: a cell
 *
 * Returns: the decimal separator @text shows beyond doubt, or
 *   %SM_NUMBER_STYLE_UNKNOWN ("42", "150.000", "1.000.000" show none)
 */
SmNumberStyle
sm_number_style_of (const char *text)
{
  g_autofree char *s = NULL;
  const char *comma, *dot;

  if (text == NULL)
    return SM_NUMBER_STYLE_UNKNOWN;
  s = strip_group_spaces (text);
  comma = strrchr (s, ',');
  dot = strrchr (s, '.');

  if (comma && dot)
    return comma > dot ? SM_NUMBER_STYLE_COMMA_DECIMAL : SM_NUMBER_STYLE_DOT_DECIMAL;
  if (comma && strchr (s, ',') == comma && strlen (comma + 1) != 3)
    return SM_NUMBER_STYLE_COMMA_DECIMAL;
  if (dot && strchr (s, '.') == dot && strlen (dot + 1) != 3)
    return SM_NUMBER_STYLE_DOT_DECIMAL;
  /* Digits grouped by spaces go with a decimal comma in Danish and Swedish. */
  if (!comma && !dot && strlen (s) != strlen (text) && g_ascii_isdigit (text[strlen (text) - 1]))
    return SM_NUMBER_STYLE_COMMA_DECIMAL;
  if (comma && strchr (s, ',') != comma)
    return SM_NUMBER_STYLE_DOT_DECIMAL;  /* "1,000,000" */
  if (dot && strchr (s, '.') != dot)
    return SM_NUMBER_STYLE_COMMA_DECIMAL; /* "1.000.000" */
  return SM_NUMBER_STYLE_UNKNOWN;
}

/* Whether @s is [+-]digits[.digits][e[+-]digits]: strtod alone also takes
 * "0x39", "nan", "inf" and leading spaces. */
static gboolean
plain_decimal (const char *s)
{
  int digits = 0;

  if (*s == '+' || *s == '-')
    s++;
  for (; g_ascii_isdigit (*s); s++)
    digits++;
  if (*s == '.')
    for (s++; g_ascii_isdigit (*s); s++)
      digits++;
  if (digits == 0)
    return FALSE;
  if (*s == 'e' || *s == 'E')
    {
      s++;
      if (*s == '+' || *s == '-')
        s++;
      if (!g_ascii_isdigit (*s))
        return FALSE;
      while (g_ascii_isdigit (*s))
        s++;
    }
  return *s == '\0';
}

/**
 * sm_parse_coordinate:
 * @text: a latitude, longitude, easting or northing
 * @value: (out): the number
 *
 * Coordinates never carry thousands separators below 180, and projected
 * ones are read the same way, so a single comma or dot is a decimal mark.
 *
 * Returns: whether @text is a number
 */
gboolean
sm_parse_coordinate (const char *text,
                     double     *value)
{
  g_autofree char *s = NULL;
  char *end = NULL;

  if (text == NULL)
    return FALSE;
  s = strip_group_spaces (text);
  if (strchr (s, ',') != NULL && strchr (s, '.') == NULL && strchr (s, ',') == strrchr (s, ','))
    *strchr (s, ',') = '.';
  if (*s == '\0' || !plain_decimal (s))
    return FALSE;
  *value = g_ascii_strtod (s, &end);
  return end != NULL && *end == '\0' && isfinite (*value);
}

/* Units */

typedef struct
{
  const char *spelling;
  int         family; /* 0 energy, 1 mass, 2 volume */
  double      factor;
  gboolean    needs_hours;
} UnitSpelling;

/* Energy to MWh, mass to t, volume to m3; rates times hours. */
static const UnitSpelling units[] = {
  { "mwh/yr", 0, 1.0, FALSE },
  { "mwh", 0, 1.0, FALSE },
  { "gwh/yr", 0, 1000.0, FALSE },
  { "gwh", 0, 1000.0, FALSE },
  { "kwh/yr", 0, 0.001, FALSE },
  { "kwh", 0, 0.001, FALSE },
  { "twh/yr", 0, 1.0e6, FALSE },
  { "gj/yr", 0, 1.0 / 3.6, FALSE },
  { "gj", 0, 1.0 / 3.6, FALSE },
  { "tj/yr", 0, 1000.0 / 3.6, FALSE },
  { "tj", 0, 1000.0 / 3.6, FALSE },
  { "mj/yr", 0, 1.0 / 3600.0, FALSE },
  { "kw", 0, 0.001, TRUE },
  { "mw", 0, 1.0, TRUE },
  { "t/yr", 1, 1.0, FALSE },
  { "t", 1, 1.0, FALSE },
  { "kt/yr", 1, 1000.0, FALSE },
  { "kg/yr", 1, 0.001, FALSE },
  { "kg", 1, 0.001, FALSE },
  { "t/h", 1, 1.0, TRUE },
  { "kg/h", 1, 0.001, TRUE },
  { "m3/yr", 2, 1.0, FALSE },
  { "m3", 2, 1.0, FALSE },
  { "m3/h", 2, 1.0, TRUE },
  { "l/yr", 2, 0.001, FALSE },
  { "l/h", 2, 0.001, TRUE },
};

static const SmResource unit_families[3][4] = {
  { SM_RESOURCE_HEAT, SM_RESOURCE_STEAM, SM_RESOURCE_COOLING, SM_RESOURCE_INVALID },
  /* Water by weight is common in reports: a tonne is a cubic metre. */
  { SM_RESOURCE_MATERIAL, SM_RESOURCE_CO2, SM_RESOURCE_WATER, SM_RESOURCE_INVALID },
  { SM_RESOURCE_WATER, SM_RESOURCE_INVALID, SM_RESOURCE_INVALID, SM_RESOURCE_INVALID },
};

static void
replace_all (GString    *s,
             const char *from,
             const char *to)
{
  g_string_replace (s, from, to, 0);
}

/**
 * sm_parse_unit:
 * @text: "MWh/år", "GWh per year", "kW", "m³/h", "tonnes/a", ...
 * @unit: (out): its family, factor to the canonical unit and whether it is a rate
 *
 * Returns: whether the unit is known
 */
gboolean
sm_parse_unit (const char *text,
               SmUnit     *unit)
{
  g_autofree char *lower = NULL;
  GString *s;
  g_autofree char *key = NULL;

  if (text == NULL)
    return FALSE;
  lower = g_utf8_strdown (text, -1);
  s = g_string_new (g_strstrip (lower));
  replace_all (s, "³", "3");
  replace_all (s, "^3", "3");
  replace_all (s, "co2", "");
  replace_all (s, "co₂", "");
  replace_all (s, "per year", "/yr");
  replace_all (s, "per år", "/yr");
  replace_all (s, "pr. år", "/yr");
  replace_all (s, "pr år", "/yr");
  replace_all (s, "per hour", "/h");
  replace_all (s, " ", "");
  replace_all (s, "/year", "/yr");
  replace_all (s, "/år", "/yr");
  replace_all (s, "/aar", "/yr");
  replace_all (s, "/ar", "/yr");
  replace_all (s, "/y", "/yr");
  replace_all (s, "/yrr", "/yr");
  replace_all (s, "/a", "/yr");
  replace_all (s, "/tim", "/h");
  replace_all (s, "/time", "/h");
  replace_all (s, "tonnes", "t");
  replace_all (s, "tonne", "t");
  replace_all (s, "tons", "t");
  replace_all (s, "ton", "t");
  replace_all (s, "liter", "l");
  replace_all (s, "litre", "l");
  key = g_string_free (s, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (key, units[i].spelling))
      {
        memcpy (unit->family, unit_families[units[i].family], sizeof unit->family);
        unit->factor = units[i].factor;
        unit->needs_hours = units[i].needs_hours;
        return TRUE;
      }
  return FALSE;
}

gboolean
sm_unit_suits (const SmUnit *unit,
               SmResource    resource)
{
  for (int i = 0; i < 3 && unit->family[i] != SM_RESOURCE_INVALID; i++)
    if (unit->family[i] == resource)
      return TRUE;
  return FALSE;
}

/* EWC codes */

/* Keeps the digits of one code and whether it ends in '*'; spaces, dots
 * and dashes are only how people write the groups. */
static gboolean
ewc_digits (const char *text,
            GString    *digits,
            gboolean   *hazardous)
{
  *hazardous = FALSE;
  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (*hazardous)
            return FALSE;
          g_string_append_c (digits, *p);
        }
      else if (*p == '*')
        *hazardous = TRUE;
      else if (*p != ' ' && *p != '.' && *p != '-' && *p != '\t')
        return FALSE;
    }
  return digits->len > 0;
}

static char *
ewc_check (const char *item,
           gboolean    allow_prefix,
           char      **reason)
{
  g_autoptr (GString) digits = g_string_new (NULL);
  gboolean hazardous;
  int chapter;

  if (!ewc_digits (item, digits, &hazardous))
    {
      /* TRANSLATORS: EWC is the European Waste Catalogue; %s is what the file holds */
      *reason = g_strdup_printf (_("EWC code “%s” is not a code of digits like 02 01 06"), item);
      return NULL;
    }
  if (digits->len != 6 && !(allow_prefix && (digits->len == 2 || digits->len == 4)))
    {
      *reason = allow_prefix
        /* TRANSLATORS: %s is a waste code as written in the file */
        ? g_strdup_printf (_("EWC code “%s” must have 6 digits, or 2 or 4 for a chapter"), item)
        /* TRANSLATORS: %s is a waste code as written in the file */
        : g_strdup_printf (_("EWC code “%s” must have 6 digits"), item);
      return NULL;
    }
  if (hazardous && digits->len != 6)
    {
      /* TRANSLATORS: %s is a waste code as written in the file; * marks hazardous waste */
      *reason = g_strdup_printf (_("EWC code “%s”: only a full 6-digit code can be hazardous (*)"), item);
      return NULL;
    }
  chapter = (digits->str[0] - '0') * 10 + (digits->str[1] - '0');
  if (chapter < 1 || chapter > 20)
    {
      /* TRANSLATORS: %s is a waste code as written in the file, %02d its first two digits */
      *reason = g_strdup_printf (_("EWC code “%s”: chapter %02d does not exist (01 to 20)"),
                                 item, chapter);
      return NULL;
    }
  if (hazardous)
    g_string_append_c (digits, '*');
  return g_strdup (digits->str);
}

/**
 * sm_ewc_normalize_code:
 * @text: one supply's code: "020106", "02 01 06", "17 05 03*"
 * @reason: (out): why it is not a code, when it is not
 *
 * Returns: (nullable): the code as stored: 6 digits and an optional '*'
 */
char *
sm_ewc_normalize_code (const char  *text,
                       char       **reason)
{
  g_return_val_if_fail (text != NULL && reason != NULL, NULL);

  if (strpbrk (text, ",;") != NULL)
    {
      /* TRANSLATORS: %s is the waste codes as written in the file */
      *reason = g_strdup_printf (_("EWC code “%s”: a supply names one code"), text);
      return NULL;
    }
  {
    g_autofree char *item = g_strstrip (g_strdup (text));
    return ewc_check (item, FALSE, reason);
  }
}

/**
 * sm_ewc_normalize_list:
 * @text: a demand's accepted codes: "03 01, 17; 02 01 06"
 * @reason: (out): why one of them is not a code, when it is not
 *
 * Returns: (nullable): the codes and prefixes as stored, joined by ';'
 */
char *
sm_ewc_normalize_list (const char  *text,
                       char       **reason)
{
  g_auto (GStrv) items = NULL;
  g_autoptr (GString) out = g_string_new (NULL);

  g_return_val_if_fail (text != NULL && reason != NULL, NULL);

  items = g_strsplit_set (text, ",;", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *code = NULL;

      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        continue;
      code = ewc_check (items[i], TRUE, reason);
      if (code == NULL)
        return NULL;
      if (out->len > 0)
        g_string_append_c (out, ';');
      g_string_append (out, code);
    }
  if (out->len == 0)
    {
      *reason = g_strdup (_("EWC code is empty"));
      return NULL;
    }
  return g_strdup (out->str);
}

/**
 * sm_ewc_format:
 * @code: a stored code or list ("170503*", "0301;17")
 *
 * Returns: the way people write it: "17 05 03*", "03 01, 17"
 */
char *
sm_ewc_format (const char *code)
{
  g_autoptr (GString) out = g_string_new (NULL);
  int in_item = 0;

  for (const char *p = code; *p; p++)
    {
      if (*p == ';')
        {
          g_string_append (out, ", ");
          in_item = 0;
          continue;
        }
      if (g_ascii_isdigit (*p) && in_item > 0 && in_item % 2 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, *p);
      in_item++;
    }
  return g_strdup (out->str);
}

/* Names and values */

/**
 * sm_fold_name:
 * @text: a column name or value
 * @simple: drop the marks (ö → o, æ → a) instead of the Danish spelling
 *   without them (æ → ae, ø → oe, å → aa)
 *
 * Returns: @text in lower-case ASCII with spaces, dashes and dots as '_'
 */
char *
sm_fold_name (const char *text,
              gboolean    simple)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  g_autoptr (GString) out = g_string_new (NULL);

  for (const char *p = lower; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *rep = NULL;

      switch (c)
        {
        case 0x00E6: rep = simple ? "a" : "ae"; break; /* æ */
        case 0x00F8: rep = simple ? "o" : "oe"; break; /* ø */
        case 0x00E5: rep = simple ? "a" : "aa"; break; /* å */
        case 0x00E4: rep = simple ? "a" : "ae"; break; /* ä */
        case 0x00F6: rep = simple ? "o" : "oe"; break; /* ö */
        case 0x00FC: rep = "u"; break;
        case 0x00E9: case 0x00E8: rep = "e"; break;
        case 0x2082: rep = "2"; break; /* ₂ of CO₂ */
        case ' ': case '-': case '.': case '/': case '\t': rep = "_"; break;
        default: break;
        }
      if (rep != NULL)
        {
          if (!(rep[0] == '_' && (out->len == 0 || out->str[out->len - 1] == '_')))
            g_string_append (out, rep);
        }
      else if (c < 0x80)
        g_string_append_c (out, (char) c);
      else
        g_string_append_unichar (out, c);
    }
  while (out->len > 0 && out->str[out->len - 1] == '_')
    g_string_truncate (out, out->len - 1);
  return g_strdup (out->str);
}

/**
 * sm_name_matches:
 * @text: what the file says
 * @alias: one of the names of DATA-MODEL.md
 *
 * Returns: whether they are the same word, in any case and with or without
 *   the letters æøåäö ("mængde", "maengde", "Företag", "foretag")
 */
gboolean
sm_name_matches (const char *text,
                 const char *alias)
{
  for (int a = 0; a < 2; a++)
    for (int b = 0; b < 2; b++)
      {
        g_autofree char *x = sm_fold_name (text, a);
        g_autofree char *y = sm_fold_name (alias, b);

        if (g_str_equal (x, y))
          return TRUE;
      }
  return FALSE;
}

static gboolean
matches_any (const char         *text,
             const char * const *aliases)
{
  for (guint i = 0; aliases[i] != NULL; i++)
    if (sm_name_matches (text, aliases[i]))
      return TRUE;
  return FALSE;
}

SmDirection
sm_parse_direction (const char *text)
{
  static const char * const supply[] = {
    "supply", "source", "output", "surplus", "excess", "offer", "overskud", "udbud",
    "överskott", "tillgång", "utbud", NULL };
  static const char * const demand[] = {
    "demand", "sink", "input", "need", "behov", "efterspørgsel", "efterfrågan", NULL };

  if (text == NULL)
    return SM_DIRECTION_INVALID;
  if (matches_any (text, supply))
    return SM_DIRECTION_SUPPLY;
  if (matches_any (text, demand))
    return SM_DIRECTION_DEMAND;
  return SM_DIRECTION_INVALID;
}

SmResource
sm_parse_resource (const char *text)
{
  static const char * const names[SM_N_RESOURCES][12] = {
    [SM_RESOURCE_HEAT] = { "heat", "varme", "värme", "excess heat", "waste heat",
                           "overskudsvarme", "spildvarme", "överskottsvärme", "spillvärme", NULL },
    [SM_RESOURCE_STEAM] = { "steam", "damp", "ånga", "process steam", "procesdamp",
                            "processånga", NULL },
    [SM_RESOURCE_COOLING] = { "cooling", "cold", "køling", "kulde", "kyla", "fjernkøling",
                              "fjärrkyla", NULL },
    [SM_RESOURCE_WATER] = { "water", "vand", "vatten", "process water", "procesvand",
                            "processvatten", "spildevand", "avloppsvatten", NULL },
    [SM_RESOURCE_CO2] = { "co2", "carbon dioxide", "kuldioxid", "koldioxid", NULL },
    [SM_RESOURCE_MATERIAL] = { "material", "materials", "materiale", "materialer", "affald",
                               "avfall", "biprodukt", "biprodukter", "by-product", "byproduct",
                               "waste", NULL },
  };

  if (text == NULL)
    return SM_RESOURCE_INVALID;
  for (int r = 0; r < SM_N_RESOURCES; r++)
    if (matches_any (text, names[r]))
      return r;
  return SM_RESOURCE_INVALID;
}

/**
 * sm_text_to_utf8:
 * @text: a cell or a column name as the file stores it
 *
 * GDAL hands CSV cells over as the bytes in the file; a spreadsheet saved
 * on Windows writes Windows-1252. Anything that is not valid UTF-8 is read
 * as Windows-1252 (Latin-1 for the five bytes it leaves undefined), so
 * æøåäö survive either way.
 *
 * Returns: (nullable): @text in UTF-8
 */
char *
sm_text_to_utf8 (const char *text)
{
  char *out;

  if (text == NULL)
    return NULL;
  if (g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  out = g_convert (text, -1, "UTF-8", "WINDOWS-1252", NULL, NULL, NULL);
  if (out == NULL)
    out = g_convert (text, -1, "UTF-8", "ISO-8859-1", NULL, NULL, NULL);
  return out;
}

/**
 * sm_join_address:
 * @street: (nullable): the street and number
 * @postcode: (nullable): the postcode (postnr, postnummer)
 * @city: (nullable): the town (by, ort)
 *
 * Joins the parts of an address the way Danish and Swedish addresses are
 * written, "Mejerivej 1, 8000 Aarhus C"; a part the street already holds
 * is not repeated.
 *
 * Returns: (transfer full) (nullable): the address, %NULL with no parts
 */
char *
sm_join_address (const char *street,
                 const char *postcode,
                 const char *city)
{
  g_autofree char *lower = street ? g_utf8_casefold (street, -1) : NULL;
  g_autofree char *city_lower = city ? g_utf8_casefold (city, -1) : NULL;
  GString *s = g_string_new (street);
  gboolean has_postcode = postcode != NULL && lower != NULL && strstr (lower, postcode) != NULL;
  gboolean has_city = city_lower != NULL && lower != NULL && strstr (lower, city_lower) != NULL;

  if (postcode != NULL && !has_postcode)
    {
      if (s->len > 0)
        g_string_append (s, ", ");
      g_string_append (s, postcode);
    }
  if (city != NULL && !has_city)
    {
      if (s->len > 0)
        g_string_append (s, postcode != NULL && !has_postcode ? " " : ", ");
      g_string_append (s, city);
    }
  if (s->len == 0)
    {
      g_string_free (s, TRUE);
      return NULL;
    }
  return g_string_free (s, FALSE);
}
