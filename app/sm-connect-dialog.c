/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Connect to a shared database (docs/POSTGRESQL.md, "From the window"):
 * host, port, database, user and password make a postgresql:// address;
 * the connection is opened in a worker with a spinner and Cancel. The
 * address without its password is kept in GSettings (shared-databases,
 * the latest first), the password in the keyring (sm-secret.c) when asked
 * to; without a keyring it is asked for each time.
 */
#define G_LOG_DOMAIN "sm-connect-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sm-connect-dialog.h"
#include "sm-secret.h"

/* Recent addresses kept; *assumption*: a planner works with a handful */
#define MAX_RECENT 8

struct _SmConnectDialog
{
  AdwWindow            parent_instance;

  GtkButton           *cancel_button;
  GtkButton           *connect_button;
  GtkSpinner          *spinner;
  AdwPreferencesGroup *fields_group;
  AdwComboRow         *recent_row;
  GtkStringList       *recent_list;
  AdwEntryRow         *host_row;
  AdwEntryRow         *port_row;
  AdwEntryRow         *database_row;
  AdwEntryRow         *user_row;
  AdwEntryRow         *password_row;
  GtkSwitch           *remember_switch;
  GtkLabel            *message_label;

  GSettings           *settings;
  GCancellable        *cancellable;
};

G_DEFINE_FINAL_TYPE (SmConnectDialog, sm_connect_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_CONNECTED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

/* The address */

static char *
escape (const char *text)
{
  /* Everything but RFC 3986's unreserved characters: "@", ":", "/", "?",
   * "#", "&", "=" and "%" in a password or name cannot end a part early */
  return g_uri_escape_string (text, NULL, FALSE);
}

char *
sm_connect_build_uri (const char *host,
                      const char *port,
                      const char *database,
                      const char *user,
                      const char *password)
{
  GString *uri = g_string_new ("postgresql://");
  g_autoptr(GPtrArray) params = g_ptr_array_new_with_free_func (g_free);
  /* A socket folder or an IPv6 address goes in the parameters: libpq
   * reads them there without brackets or escaped slashes */
  gboolean host_in_params = host != NULL && (host[0] == '/' || strchr (host, ':') != NULL);

  if ((user != NULL && *user != '\0') || (password != NULL && *password != '\0'))
    {
      g_autofree char *u = escape (user != NULL ? user : "");

      g_string_append (uri, u);
      if (password != NULL && *password != '\0')
        {
          g_autofree char *p = escape (password);

          g_string_append_printf (uri, ":%s", p);
        }
      g_string_append_c (uri, '@');
    }
  if (host != NULL && *host != '\0')
    {
      /* A query may hold "/" and ":" as they are (RFC 3986): the socket
       * folder stays readable in the title */
      g_autofree char *h = host_in_params ? g_uri_escape_string (host, "/:", FALSE)
                                          : escape (host);

      if (host_in_params)
        g_ptr_array_add (params, g_strdup_printf ("host=%s", h));
      else
        g_string_append (uri, h);
    }
  if (port != NULL && *port != '\0')
    {
      g_autofree char *p = escape (port);

      if (host != NULL && *host != '\0' && !host_in_params)
        g_string_append_printf (uri, ":%s", p);
      else
        g_ptr_array_add (params, g_strdup_printf ("port=%s", p));
    }
  {
    g_autofree char *d = escape (database != NULL ? database : "");

    g_string_append_printf (uri, "/%s", d);
  }
  for (guint i = 0; i < params->len; i++)
    g_string_append_printf (uri, "%c%s", i == 0 ? '?' : '&', (char *) params->pdata[i]);
  return g_string_free (uri, FALSE);
}

gboolean
sm_connect_parse_uri (const char  *uri,
                      char       **host,
                      char       **port,
                      char       **database,
                      char       **user)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED | G_URI_FLAGS_NON_DNS, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *path, *query, *value;

  *host = *port = *database = *user = NULL;
  if (parsed == NULL)
    return FALSE;
  *host = g_uri_unescape_string (g_uri_get_host (parsed) != NULL ? g_uri_get_host (parsed) : "", NULL);
  *port = g_uri_get_port (parsed) > 0 ? g_strdup_printf ("%d", g_uri_get_port (parsed))
                                      : g_strdup ("");
  path = g_uri_get_path (parsed);
  *database = g_uri_unescape_string (path[0] == '/' ? path + 1 : path, NULL);
  *user = g_uri_unescape_string (g_uri_get_user (parsed) != NULL ? g_uri_get_user (parsed) : "",
                                 NULL);
  query = g_uri_get_query (parsed);
  if (query != NULL && (params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL)))
    {
      if ((value = g_hash_table_lookup (params, "host")) != NULL)
        {
          g_free (*host);
          *host = g_strdup (value);
        }
      if ((value = g_hash_table_lookup (params, "port")) != NULL)
        {
          g_free (*port);
          *port = g_strdup (value);
        }
    }
  return *database != NULL && *host != NULL && *user != NULL;
}

/* Connecting */

typedef struct
{
  char     *host;
  char     *port;
  char     *database;
  char     *user;
  char     *password;    /* as typed; may be empty */
  gboolean  remember;
  char     *uri;         /* as connected, password included */
  gboolean  not_kept;    /* asked to remember, but no keyring took it */
} Connect;

static void
scrub (char *secret)
{
  if (secret != NULL)
    memset (secret, 0, strlen (secret));
  g_free (secret);
}

static void
connect_free (gpointer data)
{
  Connect *c = data;

  g_free (c->host);
  g_free (c->port);
  g_free (c->database);
  g_free (c->user);
  scrub (c->password);
  scrub (c->uri);
  g_free (c);
}

static void
connect_in_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  Connect *c = data;
  char *looked_up = NULL;
  const char *password = c->password;
  GError *error = NULL;
  SmProject *project;

  (void) source;
  if (*password == '\0')
    password = looked_up = sm_secret_lookup (c->host, c->port, c->database, c->user, cancellable);
  c->uri = sm_connect_build_uri (c->host, c->port, c->database, c->user, password);
  if (looked_up != NULL)
    sm_secret_free (looked_up);
  project = sm_project_open (c->uri, &error);
  if (project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (c->remember && *c->password != '\0')
    {
      g_autoptr(GError) keyring_error = NULL;

      if (!sm_secret_store (c->host, c->port, c->database, c->user, c->password, cancellable,
                            &keyring_error))
        {
          g_debug ("The password was not kept: %s",
                   keyring_error != NULL ? keyring_error->message : "");
          c->not_kept = TRUE;
        }
    }
  else if (!c->remember)
    sm_secret_clear (c->host, c->port, c->database, c->user, cancellable);
  g_task_return_pointer (task, project, g_object_unref);
}

static void
set_busy (SmConnectDialog *self,
          gboolean         busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->fields_group), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->remember_switch), !busy);
}

static void
show_message (SmConnectDialog *self,
              const char      *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
}

static void
remember_address (SmConnectDialog *self,
                  const char      *address)
{
  g_auto(GStrv) old = g_settings_get_strv (self->settings, "shared-databases");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) recent = NULL;
  guint n = 1;

  g_strv_builder_add (builder, address);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (g_strcmp0 (old[i], address) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "shared-databases", (const char * const *) recent);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  SmConnectDialog *self = SM_CONNECT_DIALOG (source);
  Connect *c = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(SmProject) project = g_task_propagate_pointer (G_TASK (result), &error);

  (void) data;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (project == NULL)
    {
      show_message (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  /* The address as shown: sm_project_get_path () has no password */
  {
    g_autofree char *address = sm_connect_build_uri (c->host, c->port, c->database, c->user, NULL);

    remember_address (self, address);
  }
  g_signal_emit (self, signals[SIGNAL_CONNECTED], 0, project,
                 c->not_kept ? _("The password was not kept: this session has no keyring. "
                                 "Symbiomap will ask for it next time.")
                             : NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static char *
field (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

void
sm_connect_dialog_connect (SmConnectDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Connect *c;

  g_return_if_fail (SM_IS_CONNECT_DIALOG (self));
  if (sm_connect_dialog_is_busy (self))
    return;
  c = g_new0 (Connect, 1);
  c->host = field (self->host_row);
  c->port = field (self->port_row);
  c->database = field (self->database_row);
  c->user = field (self->user_row);
  /* a password may begin or end with a space: as typed */
  c->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));
  c->remember = gtk_switch_get_active (self->remember_switch);
  if (*c->database == '\0')
    {
      connect_free (c);
      show_message (self, _("Type the name of the database: the one symbiomap-cli init was "
                            "given."));
      gtk_widget_grab_focus (GTK_WIDGET (self->database_row));
      return;
    }
  if (*c->port != '\0' && strspn (c->port, "0123456789") != strlen (c->port))
    {
      connect_free (c);
      show_message (self, _("The port is a number, such as 5432: leave it empty for the usual "
                            "one."));
      gtk_widget_grab_focus (GTK_WIDGET (self->port_row));
      return;
    }
  show_message (self, NULL);
  set_busy (self, TRUE);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_connected, NULL);
  g_task_set_source_tag (task, sm_connect_dialog_connect);
  g_task_set_task_data (task, c, connect_free);
  g_task_run_in_thread (task, connect_in_thread);
}

gboolean
sm_connect_dialog_is_busy (SmConnectDialog *self)
{
  g_return_val_if_fail (SM_IS_CONNECT_DIALOG (self), FALSE);
  return self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable)
         && gtk_widget_get_visible (GTK_WIDGET (self->spinner));
}

char *
sm_connect_dialog_dup_address (SmConnectDialog *self)
{
  g_autofree char *host = field (self->host_row), *port = field (self->port_row);
  g_autofree char *database = field (self->database_row), *user = field (self->user_row);

  g_return_val_if_fail (SM_IS_CONNECT_DIALOG (self), NULL);
  return sm_connect_build_uri (host, port, database, user, NULL);
}

const char *
sm_connect_dialog_get_message (SmConnectDialog *self)
{
  g_return_val_if_fail (SM_IS_CONNECT_DIALOG (self), NULL);
  if (!gtk_widget_get_visible (GTK_WIDGET (self->message_label)))
    return NULL;
  return gtk_label_get_text (self->message_label);
}

/**
 * sm_connect_dialog_select_recent:
 * @self: a dialog
 * @index: which of GSettings' shared-databases, 0 the latest
 *
 * As picking it in the Recent list.
 */
void
sm_connect_dialog_select_recent (SmConnectDialog *self,
                                 guint            index)
{
  g_return_if_fail (SM_IS_CONNECT_DIALOG (self));
  adw_combo_row_set_selected (self->recent_row, index);
}

void
sm_connect_dialog_set_fields (SmConnectDialog *self,
                              const char      *host,
                              const char      *port,
                              const char      *database,
                              const char      *user,
                              const char      *password,
                              gboolean         remember)
{
  g_return_if_fail (SM_IS_CONNECT_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->host_row), host != NULL ? host : "");
  gtk_editable_set_text (GTK_EDITABLE (self->port_row), port != NULL ? port : "");
  gtk_editable_set_text (GTK_EDITABLE (self->database_row), database != NULL ? database : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user != NULL ? user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password != NULL ? password : "");
  gtk_switch_set_active (self->remember_switch, remember);
}

/* The dialog */

/* A recent address fills the fields; its password is looked up in the
 * keyring when Connect is pressed */
static void
on_recent_selected (SmConnectDialog *self)
{
  guint i = adw_combo_row_get_selected (self->recent_row);
  const char *address = gtk_string_list_get_string (self->recent_list, i);
  g_autofree char *host = NULL, *port = NULL, *database = NULL, *user = NULL;

  if (address != NULL && sm_connect_parse_uri (address, &host, &port, &database, &user))
    sm_connect_dialog_set_fields (self, host, port, database, user, NULL,
                                  gtk_switch_get_active (self->remember_switch));
}

static void
on_connect_clicked (SmConnectDialog *self)
{
  sm_connect_dialog_connect (self);
}

static void
on_cancel_clicked (SmConnectDialog *self)
{
  /* Connecting: stop waiting (libpq's own wait ends in its worker) */
  if (sm_connect_dialog_is_busy (self))
    {
      g_cancellable_cancel (self->cancellable);
      set_busy (self, FALSE);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
sm_connect_dialog_dispose (GObject *object)
{
  SmConnectDialog *self = SM_CONNECT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  /* GTK 4.8 warns of an entry destroyed while it has the focus, as when
   * the window is not the active one (Xvfb) */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_CONNECT_DIALOG);
  G_OBJECT_CLASS (sm_connect_dialog_parent_class)->dispose (object);
}

static void
sm_connect_dialog_class_init (SmConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_connect_dialog_dispose;

  /**
   * SmConnectDialog::connected:
   * @project: the project opened (sm_project_dup_open_address() gives
   *   its address, password included, to reconnect)
   * @notice: (nullable): what the user should know (the password was
   *   not kept)
   */
  signals[SIGNAL_CONNECTED] = g_signal_new ("connected", G_TYPE_FROM_CLASS (klass),
                                            G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                            G_TYPE_NONE, 2, SM_TYPE_PROJECT, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, recent_row);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, recent_list);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, host_row);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, port_row);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, database_row);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, user_row);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, SmConnectDialog, message_label);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_recent_selected);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sm_connect_dialog_init (SmConnectDialog *self)
{
  g_auto(GStrv) recent = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APPLICATION_ID);
  /* The last database connected to, its password looked up when needed */
  recent = g_settings_get_strv (self->settings, "shared-databases");
  if (recent[0] != NULL)
    {
      /* Several: a list to pick from; selecting the first fills the fields */
      gtk_string_list_splice (self->recent_list, 0, 0, (const char * const *) recent);
      gtk_widget_set_visible (GTK_WIDGET (self->recent_row), recent[1] != NULL);
      adw_combo_row_set_selected (self->recent_row, 0);
      on_recent_selected (self);
    }
}

SmConnectDialog *
sm_connect_dialog_new (GtkWindow *parent)
{
  return g_object_new (SM_TYPE_CONNECT_DIALOG, "transient-for", parent, NULL);
}
