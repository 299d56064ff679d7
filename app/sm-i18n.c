/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sm-i18n"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "sm-i18n.h"

/**
 * sm_i18n_init:
 *
 * Sets the locale from the environment and binds our text domain. An
 * uninstalled build (tests, `meson devenv`) points SYMBIOMAP_LOCALEDIR at
 * the build tree's compiled catalogues.
 */
void
sm_i18n_init (void)
{
  const char *localedir = g_getenv ("SYMBIOMAP_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
