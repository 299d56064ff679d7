/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window on a shared database (docs/POSTGRESQL.md): the title names
 * the address (never its password) and says it is shared; when the watch
 * that shows others' changes loses its connection, a bar says so and
 * offers to reconnect, which opens the project again in a worker.
 */
#define G_LOG_DOMAIN "sm-window"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-db.h"
#include "sm-window-private.h"
#include "sm-window-shared.h"

#define SHARED_KEY "sm-window-shared"

typedef struct
{
  GtkWidget    *bar;       /* GtkInfoBar: libadwaita 1.2 has no AdwBanner */
  GtkLabel     *label;
  GtkWidget    *button;
  GCancellable *cancellable;
} Shared;

static void
shared_free (gpointer data)
{
  Shared *shared = data;

  g_cancellable_cancel (shared->cancellable);
  g_clear_object (&shared->cancellable);
  g_free (shared);
}

static void on_bar_response (GtkInfoBar *bar,
                             int         response,
                             SmWindow   *self);

/* A window closed while it connects: the worker's answer is dropped. The
 * task holds the window until then, so it is unrealized, not disposed
 * (gtk_window_destroy () drops GTK's own reference only). */
static void
on_destroy (SmWindow *self)
{
  Shared *shared = g_object_get_data (G_OBJECT (self), SHARED_KEY);

  if (shared != NULL)
    g_cancellable_cancel (shared->cancellable);
}

static Shared *
get_shared (SmWindow *self)
{
  Shared *shared = g_object_get_data (G_OBJECT (self), SHARED_KEY);
  GtkWidget *parent;

  if (shared != NULL)
    return shared;
  shared = g_new0 (Shared, 1);
  shared->bar = gtk_info_bar_new ();
  gtk_info_bar_set_message_type (GTK_INFO_BAR (shared->bar), GTK_MESSAGE_WARNING);
  shared->label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (shared->label, TRUE);
  gtk_label_set_xalign (shared->label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (shared->label), TRUE);
  gtk_info_bar_add_child (GTK_INFO_BAR (shared->bar), GTK_WIDGET (shared->label));
  shared->button = gtk_info_bar_add_button (GTK_INFO_BAR (shared->bar), _("_Reconnect"),
                                            GTK_RESPONSE_ACCEPT);
  gtk_widget_set_visible (shared->bar, FALSE);
  g_signal_connect (shared->bar, "response", G_CALLBACK (on_bar_response), self);
  /* Above the map, below the header bar */
  parent = gtk_widget_get_parent (GTK_WIDGET (self->stack));
  gtk_box_insert_child_after (GTK_BOX (parent), shared->bar,
                              gtk_widget_get_prev_sibling (GTK_WIDGET (self->stack)));
  g_object_set_data_full (G_OBJECT (self), SHARED_KEY, shared, shared_free);
  g_signal_connect (self, "unrealize", G_CALLBACK (on_destroy), NULL);
  return shared;
}

GtkWidget *
sm_window_shared_get_lost_bar (SmWindow *self)
{
  return get_shared (self)->bar;
}

static void
show_lost (SmWindow     *self,
           const GError *error)
{
  Shared *shared = get_shared (self);
  g_autofree char *text =
    g_strdup_printf ("%s\n%s", error != NULL ? error->message : "",
                     _("Check that the database server runs and can be reached, then press "
                       "Reconnect."));

  gtk_label_set_text (shared->label, text);
  gtk_widget_set_sensitive (shared->button, TRUE);
  gtk_widget_set_visible (shared->bar, TRUE);
}

static void
on_connection_lost (SmProject    *project,
                    const GError *error,
                    SmWindow     *self)
{
  (void) project;
  g_message ("%s", error != NULL ? error->message : "connection lost");
  show_lost (self, error);
}

static void
reopen_in_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  SmProject *project;

  (void) source;
  (void) cancellable;
  project = sm_project_open (data, &error);
  if (project == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, project, g_object_unref);
}

static void
on_reopened (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  SmWindow *self = SM_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = g_task_propagate_pointer (G_TASK (result), &error);

  (void) data;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (project == NULL)
    {
      /* Reconnecting: the bar says it; opening: as a file's open does */
      if (self->project != NULL && sm_project_is_shared (self->project))
        show_lost (self, error);
      else
        sm_window_show_error (self, _("Could Not Open the Project"), error);
      return;
    }
  gtk_widget_set_visible (get_shared (self)->bar, FALSE);
  sm_window_set_project (self, project);
  /* The address without its password */
  g_settings_set_string (self->settings, "last-project", sm_project_get_path (project));
}

static void
open_async (SmWindow   *self,
            const char *uri)
{
  Shared *shared = get_shared (self);
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (shared->cancellable);
  g_clear_object (&shared->cancellable);
  shared->cancellable = g_cancellable_new ();
  task = g_task_new (self, shared->cancellable, on_reopened, NULL);
  g_task_set_source_tag (task, open_async);
  g_task_set_task_data (task, g_strdup (uri), (GDestroyNotify) sm_project_free_open_address);
  g_task_run_in_thread (task, reopen_in_thread);
}

/**
 * sm_window_shared_open:
 * @self: a window
 * @uri: a shared database's address, as given on the command line
 *
 * Opens it in a worker (a server may take seconds to answer) and shows
 * it, or says why not.
 */
void
sm_window_shared_open (SmWindow   *self,
                       const char *uri)
{
  g_return_if_fail (SM_IS_WINDOW (self));
  g_return_if_fail (uri != NULL);

  open_async (self, uri);
}

static void
on_bar_response (GtkInfoBar *bar,
                 int         response,
                 SmWindow   *self)
{
  Shared *shared = get_shared (self);
  char *address;

  (void) bar;
  if (response != GTK_RESPONSE_ACCEPT || self->project == NULL)
    return;
  /* The address the project was opened with, its password included */
  address = sm_project_dup_open_address (self->project);
  gtk_widget_set_sensitive (shared->button, FALSE);
  gtk_label_set_text (shared->label, _("Reconnecting to the shared database…"));
  open_async (self, address);
  sm_project_free_open_address (address);
}

/**
 * sm_window_shared_attach:
 * @self: a window
 * @project: (nullable): the project it now shows
 *
 * The title and the lost-connection bar for @project (called by
 * sm_window_set_project() after its own setup).
 */
void
sm_window_shared_attach (SmWindow  *self,
                         SmProject *project)
{
  Shared *shared = get_shared (self);

  gtk_widget_set_visible (shared->bar, FALSE);
  if (project == NULL || !sm_project_is_shared (project))
    return;
  {
    /* The address without its password (sm_project_get_path()) */
    g_autofree char *subtitle =
      /* TRANSLATORS: the window's subtitle; %s is a database's address */
      g_strdup_printf (_("%s (shared database)"), sm_project_get_path (project));

    adw_window_title_set_subtitle (self->window_title, subtitle);
  }
  g_signal_connect (project, "connection-lost", G_CALLBACK (on_connection_lost), self);
}

/**
 * sm_window_show_shared_project:
 * @self: a window
 * @project: a shared project, opened (SmConnectDialog)
 * @notice: (nullable): what to tell in a toast
 */
void
sm_window_show_shared_project (SmWindow   *self,
                               SmProject  *project,
                               const char *notice)
{
  g_return_if_fail (SM_IS_WINDOW (self));
  g_return_if_fail (SM_IS_PROJECT (project));

  sm_window_set_project (self, project);
  /* The address without its password */
  g_settings_set_string (self->settings, "last-project", sm_project_get_path (project));
  if (notice != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (notice));
}
