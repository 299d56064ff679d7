/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* The window's insides, shared by sm-window.c (the map and its layers) and
 * sm-window-actions.c (what the panels and shortcuts ask of it), and read
 * by the widget tests. Nothing else includes this. */

#include <shumate/shumate.h>

#include "sm-exchanges-panel.h"
#include "sm-links-layer.h"
#include "sm-matches-panel.h"
#include "sm-network-layer.h"
#include "sm-offline-layer.h"
#include "sm-search-panel.h"
#include "sm-site-panel.h"
#include "sm-sites-layer.h"
#include "sm-undo.h"
#include "sm-window.h"

G_BEGIN_DECLS

struct _SmWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  GtkStack            *sidebar_stack;
  GtkWidget           *sidebar_box;
  ShumateSimpleMap    *simple_map;
  AdwFlap             *flap;
  SmSearchPanel       *search_panel;
  SmMatchesPanel      *matches_panel;
  SmSitePanel         *site_panel;
  SmExchangesPanel    *exchanges_panel;
  AdwPreferencesGroup *legend_group;
  GtkSwitch           *sites_switch;
  GtkSwitch           *links_switch;
  GtkSwitch           *exchanges_switch;
  GtkSwitch           *network_switch;
  AdwComboRow         *basemap_row;
  AdwEntryRow         *basemap_url_row;

  /* Map layers (owned by the map) */
  SmSitesLayer        *sites_layer;
  SmLinksLayer        *links_layer;
  SmLinksLayer        *exchanges_layer;
  SmNetworkLayer      *network_layer;
  SmOfflineLayer      *offline_layer;
  ShumateMapLayer     *base_layer;
  ShumateMapSource    *base_source;
  ShumateMapSourceRegistry *registry;
  GtkCheckButton      *filter_checks[SM_N_RESOURCES];

  /* Dragging the selected site */
  gint64               drag_site;

  /* Owned references */
  SmProject           *project;
  SmUndoStack         *undo;
  GSettings           *settings;
  guint                watch_id;
};

ShumateMap *sm_window_get_map            (SmWindow   *self);
void        sm_window_select_site        (SmWindow   *self,
                                          gint64      site_id);
void        sm_window_fit_box            (SmWindow   *self,
                                          double      min_lat,
                                          double      max_lat,
                                          double      min_lon,
                                          double      max_lon);
void        sm_window_update_undo_state  (SmWindow   *self);
void        sm_window_zoom_to_project    (SmWindow   *self);
void        sm_window_class_add_actions  (GtkWidgetClass *widget_class);
void        sm_window_init_basemap       (SmWindow   *self);
void        sm_window_apply_basemap      (SmWindow   *self);

G_END_DECLS
