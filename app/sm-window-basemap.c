/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's basemap: none, OpenStreetMap, a custom tile URL or an
 * offline MBTiles file, under the overlays.
 */
#define G_LOG_DOMAIN "sm-window-basemap"

#include "config.h"

#include <glib/gi18n.h>

#include "sm-mbtiles-source.h"
#include "sm-window-private.h"

/* Basemaps */

static const char *basemap_keys[] = { "none", "osm", "xyz", "mbtiles", "offline" };

/* Puts the basemap of the settings under the overlays. Tiles that cannot
 * be fetched (no network) leave the offline basemap showing. */
void
sm_window_apply_basemap (SmWindow *self)
{
  g_autofree char *kind = g_settings_get_string (self->settings, "basemap");
  ShumateViewport *viewport = shumate_simple_map_get_viewport (self->simple_map);
  ShumateLicense *license = shumate_simple_map_get_license (self->simple_map);
  g_autoptr (ShumateMapSource) source = NULL;
  g_autoptr (GError) error = NULL;

  /* The offline basemap lies under any tiles, showing where they are missing */
  gtk_widget_set_visible (GTK_WIDGET (self->offline_layer), !g_str_equal (kind, "none"));
  if (self->base_layer != NULL)
    {
      shumate_map_remove_layer (sm_window_get_map (self), SHUMATE_LAYER (self->base_layer));
      self->base_layer = NULL;
    }
  if (self->base_source != NULL)
    {
      shumate_license_remove_map_source (license, self->base_source);
      g_clear_object (&self->base_source);
    }

  if (g_str_equal (kind, "osm"))
    source = g_object_ref (shumate_map_source_registry_get_by_id (self->registry,
                                                                  SHUMATE_MAP_SOURCE_OSM_MAPNIK));
  else if (g_str_equal (kind, "xyz"))
    {
      g_autofree char *url = g_settings_get_string (self->settings, "basemap-url");

      if (*url != '\0')
        source = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full_from_url (
          "symbiomap-custom", _("Custom tiles"), "", "", 0, 19, 256,
          SHUMATE_MAP_PROJECTION_MERCATOR, url));
    }
  else if (g_str_equal (kind, "mbtiles"))
    {
      g_autofree char *file = g_settings_get_string (self->settings, "basemap-file");
      g_autoptr (SmMbtilesSource) data = *file ? sm_mbtiles_source_new (file, &error) : NULL;

      if (data != NULL)
        source = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full (
          "symbiomap-mbtiles", sm_mbtiles_source_get_name (data), "", "",
          sm_mbtiles_source_get_min_zoom (data), sm_mbtiles_source_get_max_zoom (data), 256,
          SHUMATE_MAP_PROJECTION_MERCATOR, SHUMATE_DATA_SOURCE (data)));
      else if (error != NULL)
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
    }

  if (source == NULL)
    return;
  self->base_layer = shumate_map_layer_new (source, viewport);
  shumate_map_insert_layer_behind (sm_window_get_map (self), SHUMATE_LAYER (self->base_layer),
                                   SHUMATE_LAYER (self->network_layer));
  self->base_source = g_steal_pointer (&source);
  shumate_license_append_map_source (license, self->base_source);
}

static void
on_mbtiles_chosen (GtkNativeDialog *native,
                   int              response,
                   SmWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
      g_autofree char *path = g_file_get_path (file);

      g_settings_set_string (self->settings, "basemap-file", path ? path : "");
      g_settings_set_string (self->settings, "basemap", "mbtiles");
      sm_window_apply_basemap (self);
    }
  else
    {
      g_autofree char *kind = g_settings_get_string (self->settings, "basemap");
      for (guint i = 0; i < G_N_ELEMENTS (basemap_keys); i++)
        if (g_str_equal (kind, basemap_keys[i]))
          adw_combo_row_set_selected (self->basemap_row, i);
    }
  g_object_unref (native);
  g_object_unref (self);
}

static void
on_basemap_selected (SmWindow *self)
{
  guint i = adw_combo_row_get_selected (self->basemap_row);
  g_autofree char *current = g_settings_get_string (self->settings, "basemap");

  if (i >= G_N_ELEMENTS (basemap_keys))
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->basemap_url_row), i == 2);
  if (i == 3 && !g_str_equal (current, "mbtiles"))
    {
      GtkFileChooserNative *native =
        gtk_file_chooser_native_new (_("Choose an Offline Basemap"), GTK_WINDOW (self),
                                     GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("MBTiles map tiles"));
      gtk_file_filter_add_pattern (filter, "*.mbtiles");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
      g_object_unref (filter);
      g_signal_connect (native, "response", G_CALLBACK (on_mbtiles_chosen), g_object_ref (self));
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
      return;
    }
  if (g_str_equal (current, basemap_keys[i]))
    return;
  g_settings_set_string (self->settings, "basemap", basemap_keys[i]);
  sm_window_apply_basemap (self);
}

static void
on_basemap_url_applied (SmWindow *self)
{
  g_settings_set_string (self->settings, "basemap-url",
                         gtk_editable_get_text (GTK_EDITABLE (self->basemap_url_row)));
  g_settings_set_string (self->settings, "basemap", "xyz");
  sm_window_apply_basemap (self);
}


/**
 * sm_window_init_basemap:
 *
 * Shows the basemap of the settings and follows the Basemap rows.
 */
void
sm_window_init_basemap (SmWindow *self)
{
  g_autofree char *kind = g_settings_get_string (self->settings, "basemap");
  g_autofree char *url = g_settings_get_string (self->settings, "basemap-url");

  for (guint i = 0; i < G_N_ELEMENTS (basemap_keys); i++)
    if (g_str_equal (kind, basemap_keys[i]))
      adw_combo_row_set_selected (self->basemap_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->basemap_url_row), url);
  gtk_widget_set_visible (GTK_WIDGET (self->basemap_url_row), g_str_equal (kind, "xyz"));
  sm_window_apply_basemap (self);
  g_signal_connect_swapped (self->basemap_row, "notify::selected",
                            G_CALLBACK (on_basemap_selected), self);
  g_signal_connect_swapped (self->basemap_url_row, "apply", G_CALLBACK (on_basemap_url_applied), self);
}
