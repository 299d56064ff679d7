/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The site form: add a site or change one, as one undoable command. Bad
 * input (no name, a location off the globe) is said in the form, which
 * stays open with what was typed.
 */
#define G_LOG_DOMAIN "sm-site-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-conflict-dialog.h"
#include "sm-format.h"
#include "sm-parse.h"
#include "sm-pg-edit.h"
#include "sm-site-editor.h"

struct _SmSiteEditor
{
  AdwWindow    parent_instance;

  /* Template widgets */
  GtkLabel    *error_label;
  AdwEntryRow *name_row;
  AdwEntryRow *sector_row;
  AdwEntryRow *ext_id_row;
  AdwEntryRow *org_number_row;
  AdwEntryRow *address_row;
  AdwEntryRow *lat_row;
  AdwEntryRow *lon_row;
  AdwEntryRow *contact_name_row;
  AdwEntryRow *contact_email_row;
  AdwEntryRow *phone_row;
  GtkTextView *notes_view;

  /* Owned */
  SmProject   *project;
  SmUndoStack *undo;
  SmSite      *before; /* NULL for a new site; with the row_version it was read at */
  AdwMessageDialog *conflict; /* (nullable) (unowned): while it is shown */
};

G_DEFINE_FINAL_TYPE (SmSiteEditor, sm_site_editor, ADW_TYPE_WINDOW)

static char *
row_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return *text ? g_steal_pointer (&text) : NULL;
}

static void
set_row (AdwEntryRow *row,
         const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
show_error (SmSiteEditor *self,
            const char   *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static gboolean save (SmSiteEditor *self,
                      gboolean      force);
static void     fill (SmSiteEditor *self,
                      const SmSite *site,
                      double        lat,
                      double        lon);

static void
save_mine (GtkWindow *window)
{
  save (SM_SITE_EDITOR (window), TRUE);
}

/* "Reload": their site in the form, mine dropped */
static void
reload_theirs (GtkWindow *window)
{
  SmSiteEditor *self = SM_SITE_EDITOR (window);
  g_autoptr (GError) error = NULL;
  SmSite *theirs;

  if ((theirs = sm_project_get_site (self->project, self->before->site_id, &error)) == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->before, sm_site_free);
  self->before = theirs;
  fill (self, theirs, theirs->lat, theirs->lon);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* Someone else saved the site on the shared database since the form read
 * it: the user chooses */
static void
show_conflict (SmSiteEditor *self,
               const char   *message)
{
  sm_conflict_dialog_ask (GTK_WINDOW (self), message, &self->conflict, reload_theirs, save_mine);
}

static gboolean
save (SmSiteEditor *self,
      gboolean      force)
{
  g_autoptr (SmSite) site = g_new0 (SmSite, 1);
  g_autoptr (SmEditCommand) command = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *lat = row_text (self->lat_row);
  g_autofree char *lon = row_text (self->lon_row);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  g_autofree char *notes = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  site->site_id = self->before ? self->before->site_id : 0;
  site->name = row_text (self->name_row);
  site->sector = row_text (self->sector_row);
  site->ext_id = row_text (self->ext_id_row);
  site->org_number = row_text (self->org_number_row);
  site->address = row_text (self->address_row);
  site->contact_name = row_text (self->contact_name_row);
  site->contact_email = row_text (self->contact_email_row);
  site->phone = row_text (self->phone_row);
  site->notes = *notes ? g_strdup (notes) : NULL;
  if (lat == NULL || !sm_parse_coordinate (lat, &site->lat))
    {
      show_error (self, _("The latitude is not a number, e.g. 57.05 or 57,05"));
      gtk_widget_grab_focus (GTK_WIDGET (self->lat_row));
      return FALSE;
    }
  if (lon == NULL || !sm_parse_coordinate (lon, &site->lon))
    {
      show_error (self, _("The longitude is not a number, e.g. 9.92 or 9,92"));
      gtk_widget_grab_focus (GTK_WIDGET (self->lon_row));
      return FALSE;
    }
  command = self->before ? sm_edit_command_new_site (SM_EDIT_UPDATE_SITE, self->before, site)
                         : sm_edit_command_new_site (SM_EDIT_ADD_SITE, NULL, site);
  sm_edit_command_set_force (command, force);
  if (!sm_undo_stack_push (self->undo, command, &error))
    {
      if (g_error_matches (error, SM_PG_EDIT_ERROR, SM_PG_EDIT_ERROR_CONFLICT))
        show_conflict (self, error->message);
      else
        show_error (self, error->message);
      return FALSE;
    }
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

/**
 * sm_site_editor_save:
 *
 * Saves the form as one command on the undo stack and closes; with bad
 * input, says why in the form and stays open. On a shared database, when
 * someone else saved the site since the form read it, asks whether to
 * reload theirs or save this over it (sm_site_editor_get_conflict()).
 *
 * Returns: whether the site was saved
 */
gboolean
sm_site_editor_save (SmSiteEditor *self)
{
  g_return_val_if_fail (SM_IS_SITE_EDITOR (self), FALSE);
  return save (self, FALSE);
}

/**
 * sm_site_editor_get_conflict:
 *
 * Returns: (nullable) (transfer none): the conflict dialog while it is
 *   shown, for tests
 */
AdwMessageDialog *
sm_site_editor_get_conflict (SmSiteEditor *self)
{
  g_return_val_if_fail (SM_IS_SITE_EDITOR (self), NULL);
  return self->conflict;
}

static void
on_save_clicked (SmSiteEditor *self)
{
  sm_site_editor_save (self);
}

static void
sm_site_editor_dispose (GObject *object)
{
  SmSiteEditor *self = SM_SITE_EDITOR (object);

  g_clear_object (&self->project);
  g_clear_object (&self->undo);
  g_clear_pointer (&self->before, sm_site_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SM_TYPE_SITE_EDITOR);
  G_OBJECT_CLASS (sm_site_editor_parent_class)->dispose (object);
}

static void
sm_site_editor_class_init (SmSiteEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_site_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-site-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, sector_row);
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, ext_id_row);
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, org_number_row);
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, address_row);
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, lat_row);
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, lon_row);
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, contact_name_row);
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, contact_email_row);
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, phone_row);
  gtk_widget_class_bind_template_child (widget_class, SmSiteEditor, notes_view);
  gtk_widget_class_bind_template_callback (widget_class, on_save_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sm_site_editor_init (SmSiteEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * sm_site_editor_new:
 * @parent: the window it belongs to
 * @project: the project
 * @undo: where the edit goes
 * @site_id: the site to change, or 0 for a new one
 * @lat: a new site's latitude (the middle of the map)
 * @lon: a new site's longitude
 */
SmSiteEditor *
sm_site_editor_new (GtkWindow   *parent,
                    SmProject   *project,
                    SmUndoStack *undo,
                    gint64       site_id,
                    double       lat,
                    double       lon)
{
  SmSiteEditor *self = g_object_new (SM_TYPE_SITE_EDITOR, "transient-for", parent, NULL);
  SmSite *site;

  self->project = g_object_ref (project);
  self->undo = g_object_ref (undo);
  self->before = site_id ? sm_project_get_site (project, site_id, NULL) : NULL;
  site = self->before;
  gtk_window_set_title (GTK_WINDOW (self), site ? _("Edit Site") : _("New Site"));
  fill (self, site, lat, lon);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
  return self;
}

static void
fill (SmSiteEditor *self,
      const SmSite *site,
      double        lat,
      double        lon)
{
  g_autofree char *lat_text = NULL;
  g_autofree char *lon_text = NULL;

  if (site != NULL)
    {
      set_row (self->name_row, site->name);
      set_row (self->sector_row, site->sector);
      set_row (self->ext_id_row, site->ext_id);
      set_row (self->org_number_row, site->org_number);
      set_row (self->address_row, site->address);
      set_row (self->contact_name_row, site->contact_name);
      set_row (self->contact_email_row, site->contact_email);
      set_row (self->phone_row, site->phone);
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view),
                                site->notes ? site->notes : "", -1);
      lat = site->lat;
      lon = site->lon;
    }
  lat_text = sm_format_number (lat, 6);
  lon_text = sm_format_number (lon, 6);
  set_row (self->lat_row, lat_text);
  set_row (self->lon_row, lon_text);
}

/* For tests and scripts of the form: "name", "lat", "lon", "sector" */
void
sm_site_editor_set_field (SmSiteEditor *self,
                          const char   *field,
                          const char   *text)
{
  g_return_if_fail (SM_IS_SITE_EDITOR (self));

  if (g_str_equal (field, "name"))
    set_row (self->name_row, text);
  else if (g_str_equal (field, "sector"))
    set_row (self->sector_row, text);
  else if (g_str_equal (field, "lat"))
    set_row (self->lat_row, text);
  else if (g_str_equal (field, "lon"))
    set_row (self->lon_row, text);
  else
    g_return_if_reached ();
}

/* For tests: "name", "sector", "lat" or "lon" as the form shows it */
const char *
sm_site_editor_get_field (SmSiteEditor *self,
                          const char   *field)
{
  g_return_val_if_fail (SM_IS_SITE_EDITOR (self), NULL);

  if (g_str_equal (field, "name"))
    return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  if (g_str_equal (field, "sector"))
    return gtk_editable_get_text (GTK_EDITABLE (self->sector_row));
  if (g_str_equal (field, "lat"))
    return gtk_editable_get_text (GTK_EDITABLE (self->lat_row));
  if (g_str_equal (field, "lon"))
    return gtk_editable_get_text (GTK_EDITABLE (self->lon_row));
  g_return_val_if_reached (NULL);
}
