/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Numbers, amounts, distances and temperatures as the user's locale
 * writes them: "42 000 MWh/år", "12,5 km", "75 °C". The data keeps its
 * canonical units; only the display is translated. No GTK here: the
 * command line's text output uses the same functions as the window.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <locale.h>

#include "sm-format-text.h"

static char *
format_in_locale (const char *format,
                  double      value,
                  int         decimals)
{
  static locale_t numeric = (locale_t) 0;
  static gsize done;
  locale_t previous;
  char *text;

  /* Libraries in the process put LC_NUMERIC back to "C" (which keeps
   * their own number parsing safe), so the user's numbers come from a
   * locale of our own: the one our messages are in. */
  if (g_once_init_enter (&done))
    {
      const char *name = setlocale (LC_MESSAGES, NULL);

      numeric = newlocale (LC_NUMERIC_MASK, name ? name : "", (locale_t) 0);
      g_once_init_leave (&done, 1);
    }
  previous = numeric ? uselocale (numeric) : (locale_t) 0;
  text = g_strdup_printf (format, decimals, value);
  if (numeric)
    uselocale (previous);
  return text;
}

/**
 * sm_format_number:
 * @value: a number
 * @decimals: digits after the decimal mark
 *
 * Returns: @value with the locale's thousands separator and decimal mark
 */
char *
sm_format_number (double value,
                  int    decimals)
{
  /* %' groups thousands by the locale's LC_NUMERIC */
  return format_in_locale ("%'.*f", value, decimals);
}

/**
 * sm_format_unit:
 *
 * Returns: the resource's canonical unit, translated ("MWh/år")
 */
const char *
sm_format_unit (SmResource resource)
{
  switch (resource)
    {
    case SM_RESOURCE_HEAT:
    case SM_RESOURCE_STEAM:
    case SM_RESOURCE_COOLING:
      /* TRANSLATORS: megawatt-hours per year */
      return _("MWh/yr");
    case SM_RESOURCE_WATER:
      /* TRANSLATORS: cubic metres per year */
      return _("m³/yr");
    case SM_RESOURCE_CO2:
    case SM_RESOURCE_MATERIAL:
      /* TRANSLATORS: tonnes per year */
      return _("t/yr");
    case SM_RESOURCE_INVALID:
    case SM_N_RESOURCES:
    default:
      return "";
    }
}

char *
sm_format_amount (double     value,
                  SmResource resource)
{
  g_autofree char *number = sm_format_number (value, fabs (value) < 10 && value != 0 ? 1 : 0);

  /* TRANSLATORS: an amount and its unit, e.g. “42 000 MWh/yr” */
  return g_strdup_printf (C_("amount", "%s %s"), number, sm_format_unit (resource));
}

char *
sm_format_distance (double metres)
{
  g_autofree char *number = NULL;

  if (metres < 1000)
    {
      number = sm_format_number (round (metres / 10) * 10, 0);
      /* TRANSLATORS: a distance in metres */
      return g_strdup_printf (_("%s m"), number);
    }
  number = sm_format_number (metres / 1000, metres < 100000 ? 1 : 0);
  /* TRANSLATORS: a distance in kilometres */
  return g_strdup_printf (_("%s km"), number);
}

char *
sm_format_temperature (double celsius)
{
  g_autofree char *number = NULL;

  if (isnan (celsius))
    return NULL;
  number = sm_format_number (celsius, celsius == round (celsius) ? 0 : 1);
  /* TRANSLATORS: a temperature in degrees Celsius */
  return g_strdup_printf (_("%s °C"), number);
}

/**
 * sm_format_number_plain:
 *
 * Returns: @value with the locale's decimal mark and no thousands
 *   separator, so the text can be read back ("12,5")
 */
char *
sm_format_number_plain (double value,
                        int    decimals)
{
  return format_in_locale ("%.*f", value, decimals);
}

/**
 * sm_format_unit_text:
 * @unit: (nullable): a unit as the data keeps it ("MWh/yr", "t/yr", "m3/yr")
 *
 * Returns: the canonical units translated ("MWh/år"); any other unit as it is
 */
const char *
sm_format_unit_text (const char *unit)
{
  for (SmResource r = 0; r < SM_N_RESOURCES; r++)
    if (g_strcmp0 (unit, sm_resource_get_unit (r)) == 0)
      return sm_format_unit (r);
  return unit ? unit : "";
}
