/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GDAL prints "ERROR 1: ..." on stderr by default. Symbiomap reads
 * CPLGetLastErrorMsg() where something failed and words the failure for
 * the user (file, row, field); the raw line goes to GLib's debug log
 * (G_MESSAGES_DEBUG=symbiomap-gdal shows it).
 */
#define G_LOG_DOMAIN "symbiomap-gdal"

#include "config.h"

#include <cpl_error.h>

#include "sm-gdal-errors.h"

static void CPL_STDCALL
log_gdal_error (CPLErr      level,
                CPLErrorNum number,
                const char *message)
{
  if (level == CE_Debug)
    return;
  g_debug ("%s %d: %s", level >= CE_Failure ? "error" : "warning", (int) number,
           message ? message : "");
}

/**
 * sm_gdal_route_errors:
 *
 * Sends GDAL's messages to the debug log instead of stderr; the code that
 * called GDAL reports what failed. Safe to call many times.
 */
void
sm_gdal_route_errors (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      CPLSetErrorHandler (log_gdal_error);
      g_once_init_leave (&done, 1);
    }
}
