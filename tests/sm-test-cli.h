/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int   status;
  char *out;
  char *err;
} SmCliRun;

void  sm_cli_run_clear (SmCliRun   *r);
void  sm_cli_run       (SmCliRun   *result,
                        const char *first,
                        ...) G_GNUC_NULL_TERMINATED;
GPid  sm_cli_spawn     (const char * const *args,
                        int        *out_fd,
                        int        *err_fd);
char *sm_cli_read_fd   (int         fd);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SmCliRun, sm_cli_run_clear)

G_END_DECLS
