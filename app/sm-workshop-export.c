/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export → Workshop report… (app.workshop-report) and Export Map Image…
 * (app.export-map-image): a file chooser, then the writing in a GTask
 * thread on its own connection to the project, with a progress bar and
 * Stop for the report (sm-report.c, sm-map-image.c do the drawing). The
 * actions belong to the application and act on the active window, so the
 * window needs no code of ours.
 */
#define G_LOG_DOMAIN "sm-workshop-export"

#include "config.h"

#include <glib/gi18n.h>
#include <shumate/shumate.h>

#include "sm-map-image.h"
#include "sm-report.h"
#include "sm-workshop-export.h"

typedef struct
{
  GtkWindow         *window;       /* owned: a window with a "project" property */
  char              *project_path;
  char              *out_path;
  GCancellable      *cancellable;
  GtkWidget         *dialog;       /* the progress window, or NULL */
  GtkProgressBar    *bar;
  guint              poll_id;
  gint               permille;     /* written by the thread, read by a timeout */
  SmMapImageOptions  image;
} Job;

static void
job_free (Job *job)
{
  g_clear_handle_id (&job->poll_id, g_source_remove);
  if (job->dialog)
    gtk_window_destroy (GTK_WINDOW (job->dialog));
  g_clear_object (&job->window);
  g_clear_object (&job->cancellable);
  sm_project_free_open_address (job->project_path);
  g_free (job->out_path);
  g_free (job);
}

/* The project of @window, through its "project" property (the window's
 * header is not for dialogs: docs/ARCHITECTURE.md); borrowed */
static SmProject *
window_project (GtkWindow *window)
{
  g_autoptr (SmProject) project = NULL;

  if (window == NULL || g_object_class_find_property (G_OBJECT_GET_CLASS (window), "project") == NULL)
    return NULL;
  g_object_get (window, "project", &project, NULL);
  /* The window keeps its own reference */
  return project;
}

static GtkWindow *
active_window (GtkApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (application);

  return window_project (window) != NULL ? window : NULL;
}

static void
show_error (GtkWindow    *parent,
            const char   *heading,
            const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, error ? error->message : NULL);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static char *
project_stem (SmProject *project)
{
  return sm_project_dup_stem (project);
}

static void
finished (Job          *job,
          GAsyncResult *result,
          const char   *done_message)
{
  g_autoptr (GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *base = g_path_get_basename (job->out_path);
      g_autofree char *text = g_strdup_printf (done_message, base);

      gtk_widget_activate_action (GTK_WIDGET (job->window), "win.show-toast", "s", text);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (job->window, _("Export failed"), error);
}

/* The workshop report */

static void
report_progress (double   fraction,
                 gpointer data)
{
  Job *job = data;

  g_atomic_int_set (&job->permille, (gint) (fraction * 1000));
}

static void
report_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_open (job->project_path, &error);

  if (project == NULL || !sm_report_write (project, job->out_path, NULL, report_progress, job,
                                           cancellable, NULL, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
poll_progress (gpointer data)
{
  Job *job = data;

  gtk_progress_bar_set_fraction (job->bar, g_atomic_int_get (&job->permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
report_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Job *job = data;

  /* TRANSLATORS: %s is the PDF's file name */
  finished (job, result, _("Workshop report saved as %s"));
  job_free (job);
}

static void
show_progress (Job *job)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (_("Writing the workshop report…"));
  GtkWidget *stop = gtk_button_new_with_mnemonic (_("_Stop"));

  job->dialog = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (job->dialog), _("Workshop Report"));
  gtk_window_set_modal (GTK_WINDOW (job->dialog), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (job->dialog), GTK_WINDOW (job->window));
  gtk_window_set_default_size (GTK_WINDOW (job->dialog), 360, -1);
  gtk_window_set_deletable (GTK_WINDOW (job->dialog), FALSE);
  gtk_widget_set_margin_top (box, 24);
  gtk_widget_set_margin_bottom (box, 24);
  gtk_widget_set_margin_start (box, 24);
  gtk_widget_set_margin_end (box, 24);
  job->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_halign (stop, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (job->bar));
  gtk_box_append (GTK_BOX (box), stop);
  adw_window_set_content (ADW_WINDOW (job->dialog), box);
  g_signal_connect_swapped (stop, "clicked", G_CALLBACK (g_cancellable_cancel), job->cancellable);
  job->poll_id = g_timeout_add (100, poll_progress, job);
  gtk_window_present (GTK_WINDOW (job->dialog));
}

static void
on_report_file (GtkNativeDialog *native,
                int              response,
                Job             *job)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_object_unref (native);
  if (file == NULL || (job->out_path = g_file_get_path (file)) == NULL)
    {
      job_free (job);
      return;
    }
  {
    g_autoptr (GTask) task = g_task_new (NULL, job->cancellable, report_done, job);

    show_progress (job);
    g_task_set_task_data (task, job, NULL);
    g_task_run_in_thread (task, report_thread);
  }
}

static GtkFileChooserNative *
save_chooser (Job        *job,
              const char *title,
              const char *name)
{
  GtkFileChooserNative *native =
    gtk_file_chooser_native_new (title, GTK_WINDOW (job->window), GTK_FILE_CHOOSER_ACTION_SAVE,
                                 _("_Save"), _("_Cancel"));

  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  return native;
}

static Job *
job_new (GtkApplication *application)
{
  GtkWindow *window = active_window (application);
  Job *job;

  if (window == NULL)
    return NULL;
  job = g_new0 (Job, 1);
  job->window = g_object_ref (window);
  /* The worker's own connection: with the password a database may ask for */
  job->project_path = sm_project_dup_open_address (window_project (window));
  job->cancellable = g_cancellable_new ();
  return job;
}

static void
workshop_report_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       application)
{
  Job *job = job_new (application);
  g_autofree char *stem = NULL, *name = NULL;
  GtkFileChooserNative *native;
  GtkFileFilter *filter;

  if (job == NULL)
    return;
  stem = project_stem (window_project (job->window));
  /* TRANSLATORS: the suggested file name of the report; %s is the project's */
  name = g_strdup_printf (_("%s-workshop.pdf"), stem);
  native = save_chooser (job, _("Save Workshop Report"), name);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  g_signal_connect (native, "response", G_CALLBACK (on_report_file), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* The map image */

static ShumateSimpleMap *
find_map (GtkWidget *widget)
{
  if (SHUMATE_IS_SIMPLE_MAP (widget))
    return SHUMATE_SIMPLE_MAP (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ShumateSimpleMap *found = find_map (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
image_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) project = sm_project_open (job->project_path, &error);

  if (project == NULL || !sm_map_image_write (project, job->out_path, &job->image, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
image_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Job *job = data;

  /* TRANSLATORS: %s is the image's file name */
  finished (job, result, _("Map image saved as %s"));
  job_free (job);
}

static void
on_image_file (GtkNativeDialog *native,
               int              response,
               Job             *job)
{
  g_autoptr (GFile) file = NULL;
  g_autofree char *lower = NULL;
  const char *scale;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  scale = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (native), "scale");
  job->image.scale = scale ? g_ascii_strtod (scale, NULL) : 1;
  if (!(job->image.scale >= 1 && job->image.scale <= 4))
    job->image.scale = 1;
  g_object_unref (native);
  if (file == NULL || (job->out_path = g_file_get_path (file)) == NULL)
    {
      job_free (job);
      return;
    }
  /* The name's ending chooses the format; PNG unless it says .pdf */
  lower = g_ascii_strdown (job->out_path, -1);
  job->image.format = g_str_has_suffix (lower, ".pdf")
                        ? SM_MAP_IMAGE_PDF : SM_MAP_IMAGE_PNG;
  {
    g_autoptr (GTask) task = g_task_new (NULL, NULL, image_done, job);

    g_task_set_task_data (task, job, NULL);
    g_task_run_in_thread (task, image_thread);
  }
}

static void
export_map_image_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       application)
{
  Job *job = job_new (application);
  const char *scale_ids[] = { "1", "2", "4", NULL };
  const char *scale_labels[] = { N_("Window size"), N_("Twice (print)"), N_("Four times (poster)"), NULL };
  const char *labels[4] = { NULL };
  g_autofree char *stem = NULL, *name = NULL;
  GtkFileChooserNative *native;
  ShumateSimpleMap *map;
  ShumateViewport *viewport;
  GtkFileFilter *filter;

  if (job == NULL)
    return;
  if ((map = find_map (GTK_WIDGET (job->window))) == NULL)
    {
      job_free (job);
      return;
    }
  viewport = shumate_simple_map_get_viewport (map);
  job->image.lat = shumate_location_get_latitude (SHUMATE_LOCATION (viewport));
  job->image.lon = shumate_location_get_longitude (SHUMATE_LOCATION (viewport));
  job->image.zoom = shumate_viewport_get_zoom_level (viewport);
  job->image.width = MAX (gtk_widget_get_width (GTK_WIDGET (map)), 320);
  job->image.height = MAX (gtk_widget_get_height (GTK_WIDGET (map)), 240);
  job->image.scale = 1;

  stem = project_stem (window_project (job->window));
  /* TRANSLATORS: the suggested file name of a map image; %s is the project's */
  name = g_strdup_printf (_("%s-map.png"), stem);
  native = save_chooser (job, _("Export Map Image"), name);
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("PNG image or PDF document"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  for (int i = 0; i < 3; i++)
    labels[i] = _(scale_labels[i]);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "scale", _("Resolution"), scale_ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "scale", "2");
  g_signal_connect (native, "response", G_CALLBACK (on_image_file), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

void
sm_workshop_export_install (GtkApplication *application)
{
  static const GActionEntry actions[] = {
    { "workshop-report", workshop_report_activated },
    { "export-map-image", export_map_image_activated },
  };

  g_action_map_add_action_entries (G_ACTION_MAP (application), actions, G_N_ELEMENTS (actions),
                                   application);
}
