/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include "sm-cli.h"
#include "sm-i18n.h"

int
main (int   argc,
      char *argv[])
{
  sm_i18n_init ();
  return sm_cli_main (argc, argv);
}
