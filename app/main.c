/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "symbiomap"

#include "config.h"

#include "sm-application.h"
#include "sm-i18n.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SmApplication) app = NULL;

  sm_i18n_init_with_override ();
  app = sm_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
