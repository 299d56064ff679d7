/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "sm-i18n.h"
#include "sm-resource.h"

/* The language chosen in Preferences wins over the system's from the next
 * start, for messages and for the decimal mark alike. */
static void
test_override (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  char buffer[32];

  g_settings_set_string (settings, "language", "sv");
  sm_i18n_init_with_override ();

  g_assert_cmpstr (g_getenv ("LANGUAGE"), ==, "sv");
  g_assert_cmpstr (sm_resource_get_label (SM_RESOURCE_HEAT), ==, "Värme");
  g_assert_cmpstr (sm_resource_get_label (SM_RESOURCE_CO2), ==, "CO₂");
  g_snprintf (buffer, sizeof buffer, "%.1f", 12.5);
  g_assert_cmpstr (buffer, ==, "12,5");

  g_settings_set_string (settings, "language", "da");
  sm_i18n_init_with_override ();
  g_assert_cmpstr (sm_resource_get_label (SM_RESOURCE_HEAT), ==, "Varme");
  g_assert_cmpstr (sm_direction_get_label (SM_DIRECTION_SUPPLY), ==, "Overskud");
}

static void
test_locale_for (void)
{
  g_assert_cmpstr (sm_i18n_locale_for ("da"), ==, "da_DK.UTF-8");
  g_assert_cmpstr (sm_i18n_locale_for ("sv"), ==, "sv_SE.UTF-8");
  g_assert_null (sm_i18n_locale_for ("xx"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/i18n/override", test_override);
  g_test_add_func ("/i18n/locale-for", test_locale_for);

  return g_test_run ();
}
