/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-project.h"

G_BEGIN_DECLS

/* sm_project_watch() on a shared database (sm-project-pg-watch.c); for
 * layers/ only */
typedef struct _SmProjectPgWatch SmProjectPgWatch;

SmProjectPgWatch *sm_project_pg_watch_start  (SmProject        *self);
void              sm_project_pg_watch_stop   (SmProjectPgWatch *self);
char             *sm_project_dup_connect_uri (SmProject        *self);

G_END_DECLS
