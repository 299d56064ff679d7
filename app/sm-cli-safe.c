/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checks of what a command is given, and notes while it waits. Text from
 * the data is escaped by sm_text_escape() (sm-text-table.c); JSON is
 * written by sm-cli-json.c.
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sm-cli.h"

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
