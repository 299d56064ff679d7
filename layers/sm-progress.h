/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef void (*SmProgressFunc) (double   fraction,
                                gpointer user_data);

/* Carries progress reports from a worker thread to the thread that
 * started the work, at most one queued at a time, and none once stopped. */
typedef struct _SmProgressRelay SmProgressRelay;

SmProgressRelay *sm_progress_relay_new    (SmProgressFunc   func,
                                           gpointer         user_data);
void             sm_progress_relay_report (double           fraction,
                                           gpointer         relay);
void             sm_progress_relay_stop   (SmProgressRelay *relay);
void             sm_progress_relay_unref  (SmProgressRelay *relay);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmProgressRelay, sm_progress_relay_unref)

G_END_DECLS
