/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Import, export and matching run in a GTask thread and report progress;
 * the progress bar lives in the main thread. GTask has no progress of its
 * own, so this relay hands the latest fraction over.
 */
#define G_LOG_DOMAIN "symbiomap-progress"

#include "config.h"

#include "sm-progress.h"

struct _SmProgressRelay
{
  SmProgressFunc  func;
  gpointer        user_data;
  GMainContext   *context;
  gint            pending; /* atomic: a report is queued */
  gint            stopped; /* atomic */
  GMutex          lock;
  double          fraction;
};

static void
relay_clear (gpointer data)
{
  SmProgressRelay *relay = data;

  g_main_context_unref (relay->context);
  g_mutex_clear (&relay->lock);
}

/**
 * sm_progress_relay_new:
 * @func: (nullable): called in the calling thread's main context
 * @user_data: for @func
 *
 * Returns: (transfer full): a relay; pass it as the worker's progress data
 */
SmProgressRelay *
sm_progress_relay_new (SmProgressFunc func,
                       gpointer       user_data)
{
  SmProgressRelay *relay = g_atomic_rc_box_new0 (SmProgressRelay);

  relay->func = func;
  relay->user_data = user_data;
  relay->context = g_main_context_ref_thread_default ();
  g_mutex_init (&relay->lock);
  return relay;
}

void
sm_progress_relay_unref (SmProgressRelay *relay)
{
  g_atomic_rc_box_release_full (relay, relay_clear);
}

static gboolean
deliver (gpointer data)
{
  SmProgressRelay *relay = data;
  double fraction;

  g_mutex_lock (&relay->lock);
  fraction = relay->fraction;
  g_mutex_unlock (&relay->lock);
  g_atomic_int_set (&relay->pending, 0);
  if (!g_atomic_int_get (&relay->stopped) && relay->func != NULL)
    relay->func (fraction, relay->user_data);
  return G_SOURCE_REMOVE;
}

/**
 * sm_progress_relay_report:
 * @fraction: done so far, 0 to 1
 * @relay: a #SmProgressRelay
 *
 * Called in the worker thread; has the signature of #SmProgressFunc.
 */
void
sm_progress_relay_report (double   fraction,
                          gpointer relay_ptr)
{
  SmProgressRelay *relay = relay_ptr;

  g_mutex_lock (&relay->lock);
  relay->fraction = fraction;
  g_mutex_unlock (&relay->lock);
  if (relay->func != NULL && !g_atomic_int_get (&relay->stopped)
      && g_atomic_int_compare_and_exchange (&relay->pending, 0, 1))
    g_main_context_invoke_full (relay->context, G_PRIORITY_DEFAULT, deliver,
                                g_atomic_rc_box_acquire (relay),
                                (GDestroyNotify) sm_progress_relay_unref);
}

/**
 * sm_progress_relay_stop:
 * @relay: a relay
 *
 * No report is delivered after this, even one already queued: call it
 * when the work is done, before its result is handed over.
 */
void
sm_progress_relay_stop (SmProgressRelay *relay)
{
  g_atomic_int_set (&relay->stopped, 1);
}
