/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sm-application"

#include "config.h"

#include <glib/gi18n.h>

#include <shumate/shumate.h>

#include "sm-application.h"
#include "sm-connect-dialog.h"
#include "sm-db.h"
#include "sm-window-shared.h"
#include "sm-workshop-export.h"
#include "sm-preferences.h"
#include "sm-portfolio-window.h"
#include "sm-window.h"

struct _SmApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (SmApplication, sm_application, ADW_TYPE_APPLICATION)

/* Auxiliary methods */

/* A window to put a project in: the active one while it is still empty,
 * else a new one, so opening never replaces work the user is looking at. */
static SmWindow *
get_window_for_project (SmApplication *self)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SM_IS_WINDOW (active) && sm_window_get_project (SM_WINDOW (active)) == NULL)
    return SM_WINDOW (active);
  return sm_window_new (GTK_APPLICATION (self));
}

static void
open_path (SmApplication *self,
           const char    *path)
{
  g_autoptr(GError) error = NULL;
  SmWindow *window = get_window_for_project (self);

  gtk_window_present (GTK_WINDOW (window));
  if (!sm_window_open_project (window, path, &error))
    sm_window_show_error (window, _("Could Not Open the Project"), error);
}

/* Callbacks */

static void
open_dialog_responded_cb (GtkNativeDialog *dialog,
                          int              response,
                          gpointer         user_data)
{
  g_autoptr(SmApplication) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        open_path (self, path);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
new_dialog_responded_cb (GtkNativeDialog *dialog,
                         int              response,
                         gpointer         user_data)
{
  g_autoptr(SmApplication) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;
      g_autoptr(SmProject) project = NULL;
      SmWindow *window = get_window_for_project (self);

      gtk_window_present (GTK_WINDOW (window));
      project = path ? sm_project_create (path, &error) : NULL;
      if (project != NULL)
        sm_window_set_project (window, project);
      else if (error != NULL)
        sm_window_show_error (window, _("Could Not Create the Project"), error);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_project_filters (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) projects = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (projects, _("Symbiomap projects"));
  gtk_file_filter_add_pattern (projects, "*.sqlite");
  gtk_file_filter_add_pattern (projects, "*.db");
  gtk_file_filter_add_mime_type (projects, "application/vnd.sqlite3");
  gtk_file_chooser_add_filter (chooser, projects);

  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

static void
open_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  SmApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open Project"), parent, GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  add_project_filters (GTK_FILE_CHOOSER (dialog));
  g_signal_connect (dialog, "response", G_CALLBACK (open_dialog_responded_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
connected_cb (SmConnectDialog *dialog,
              SmProject       *project,
              const char      *notice,
              SmApplication   *self)
{
  SmWindow *window = get_window_for_project (self);

  (void) dialog;
  gtk_window_present (GTK_WINDOW (window));
  sm_window_show_shared_project (window, project, notice);
}

static void
connect_shared_activated_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  SmApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  SmConnectDialog *dialog = sm_connect_dialog_new (parent);

  g_signal_connect_object (dialog, "connected", G_CALLBACK (connected_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_project_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  SmApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("New Project"), parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("C_reate"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  add_project_filters (GTK_FILE_CHOOSER (dialog));
  /* TRANSLATORS: the suggested file name of a new project; keep .sqlite */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("symbiosis.sqlite"));
  g_signal_connect (dialog, "response", G_CALLBACK (new_dialog_responded_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
new_window_activated_cb (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (sm_window_new (GTK_APPLICATION (user_data))));
}

static void
preferences_activated_cb (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  SmProject *project = SM_IS_WINDOW (parent) ? sm_window_get_project (SM_WINDOW (parent)) : NULL;

  gtk_window_present (GTK_WINDOW (sm_preferences_new (parent, project)));
}

static void
portfolio_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  SmProject *project = SM_IS_WINDOW (parent) ? sm_window_get_project (SM_WINDOW (parent)) : NULL;

  /* Nothing to allocate without a project */
  if (project != NULL)
    gtk_window_present (GTK_WINDOW (sm_portfolio_window_new (parent, project)));
}

static void
about_activated_cb (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  static const char *developers[] = { "The Symbiomap developers", NULL };
  SmApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APPLICATION_ID,
                        "application-name", "Symbiomap",
                        "developer-name", _("The Symbiomap developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Find where one company's surplus heat, water and "
                                      "by-products can feed another company's need."),
                        "website", "https://github.com/symbiomap/symbiomap",
                        "issue-url", "https://github.com/symbiomap/symbiomap/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* TRANSLATORS: your name(s), one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_activated_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Close through the windows so each saves its state. */
  for (GList *l = g_list_copy (windows), *next; l != NULL; l = next)
    {
      next = l->next;
      gtk_window_close (GTK_WINDOW (l->data));
      g_list_free_1 (l);
    }
}

static const GActionEntry app_actions[] = {
  { "open", open_activated_cb },
  { "connect-shared", connect_shared_activated_cb },
  { "new-project", new_project_activated_cb },
  { "new-window", new_window_activated_cb },
  { "preferences", preferences_activated_cb },
  { "portfolio", portfolio_activated_cb },
  { "about", about_activated_cb },
  { "quit", quit_activated_cb },
};

/* GApplication overrides */

static void
sm_application_startup (GApplication *application)
{
  static const struct
  {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.open", { "<Control>o", NULL } },
    { "app.connect-shared", { "<Control><Shift>o", NULL } },
    { "app.new-project", { "<Control>n", NULL } },
    { "app.new-window", { "<Control><Shift>n", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", NULL } },
    { "win.zoom-out", { "<Control>minus", NULL } },
    { "win.zoom-to-project", { "<Control>0", NULL } },
    { "win.import", { "<Control>i", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.portfolio", { "<Control><Shift>p", NULL } },
  };

  G_APPLICATION_CLASS (sm_application_parent_class)->startup (application);
  /* Tile servers ask clients to say who they are */
  shumate_set_user_agent ("Symbiomap/" PACKAGE_VERSION " (+https://github.com/symbiomap/symbiomap)");

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  sm_workshop_export_install (GTK_APPLICATION (application));
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (application), accels[i].action,
                                           accels[i].accels);
}

static void
sm_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window == NULL)
    window = GTK_WINDOW (sm_window_new (GTK_APPLICATION (application)));
  gtk_window_present (window);
}

static void
sm_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      g_autofree char *uri = path == NULL ? g_file_get_uri (files[i]) : NULL;

      if (path != NULL)
        open_path (SM_APPLICATION (application), path);
      /* A shared database's address: connects in a worker */
      else if (uri != NULL && sm_db_name_is_uri (uri))
        {
          SmWindow *window = get_window_for_project (SM_APPLICATION (application));

          gtk_window_present (GTK_WINDOW (window));
          sm_window_shared_open (window, uri);
        }
    }
}

static void
sm_application_class_init (SmApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = sm_application_startup;
  app_class->activate = sm_application_activate;
  app_class->open = sm_application_open;
}

static void
sm_application_init (SmApplication *self)
{
}

SmApplication *
sm_application_new (void)
{
  return g_object_new (SM_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/symbiomap/Symbiomap",
                       NULL);
}
