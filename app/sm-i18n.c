/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sm-i18n"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "sm-i18n.h"

static void
bind_domain (void)
{
  const char *localedir = g_getenv ("SYMBIOMAP_LOCALEDIR");

  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

/**
 * sm_i18n_init:
 *
 * Sets the locale from the environment and binds our text domain. An
 * uninstalled build (tests, `.ci/start`) points SYMBIOMAP_LOCALEDIR at the
 * build tree's compiled catalogues.
 */
void
sm_i18n_init (void)
{
  setlocale (LC_ALL, "");
  bind_domain ();
}

/**
 * sm_i18n_locale_for:
 * @language: a language code of po/LINGUAS, or "en"
 *
 * Returns: (nullable): the locale whose messages, numbers and dates match
 *   @language, as Danish and Swedish planners write them
 */
const char *
sm_i18n_locale_for (const char *language)
{
  if (g_strcmp0 (language, "da") == 0)
    return "da_DK.UTF-8";
  if (g_strcmp0 (language, "sv") == 0)
    return "sv_SE.UTF-8";
  if (g_strcmp0 (language, "en") == 0)
    return "en_GB.UTF-8";
  return NULL;
}

/**
 * sm_i18n_init_with_override:
 *
 * As sm_i18n_init(), but first applies the language chosen in Preferences
 * (the "language" key), which takes effect from the next start. glibc
 * ignores LANGUAGE under the C locale, so the override also sets the
 * matching locale when the system's has no language of its own.
 */
void
sm_i18n_init_with_override (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *language = NULL;
  const char *locale;

  schema = source ? g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE) : NULL;
  if (schema == NULL || !g_settings_schema_has_key (schema, "language"))
    {
      sm_i18n_init ();
      return;
    }

  settings = g_settings_new (APPLICATION_ID);
  language = g_settings_get_string (settings, "language");
  if (language == NULL || *language == '\0')
    {
      sm_i18n_init ();
      return;
    }

  g_setenv ("LANGUAGE", language, TRUE);
  locale = sm_i18n_locale_for (language);
  if (locale == NULL || setlocale (LC_ALL, locale) == NULL)
    {
      /* The locale is not generated on this machine: keep the system's
       * numbers and dates, and still show messages in the chosen language
       * when the system locale lets LANGUAGE work. */
      setlocale (LC_ALL, "");
      if (locale != NULL)
        setlocale (LC_MESSAGES, locale);
    }
  bind_domain ();
}
