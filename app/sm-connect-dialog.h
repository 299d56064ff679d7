/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-project.h"

G_BEGIN_DECLS

#define SM_TYPE_CONNECT_DIALOG (sm_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (SmConnectDialog, sm_connect_dialog, SM, CONNECT_DIALOG, AdwWindow)

/* Emits "connected" (SmProject *project, const char *uri): @uri is the
 * address as connected, its password included, for reconnecting only
 * (never to show, log or save). */
SmConnectDialog *sm_connect_dialog_new        (GtkWindow        *parent);

/* The address of the fields, each escaped (RFC 3986); @password NULL for
 * the address to show and save */
char            *sm_connect_build_uri         (const char       *host,
                                               const char       *port,
                                               const char       *database,
                                               const char       *user,
                                               const char       *password);
/* The fields of an address sm_connect_build_uri() made */
gboolean         sm_connect_parse_uri         (const char       *uri,
                                               char            **host,
                                               char            **port,
                                               char            **database,
                                               char            **user);

/* For the tests and the screenshots */
void             sm_connect_dialog_set_fields (SmConnectDialog  *self,
                                               const char       *host,
                                               const char       *port,
                                               const char       *database,
                                               const char       *user,
                                               const char       *password,
                                               gboolean          remember);
void             sm_connect_dialog_connect    (SmConnectDialog  *self);
void             sm_connect_dialog_select_recent (SmConnectDialog *self,
                                                  guint            index);
gboolean         sm_connect_dialog_is_busy    (SmConnectDialog  *self);
/* The address of the fields, without the password */
char            *sm_connect_dialog_dup_address (SmConnectDialog *self);
/* The error shown, or NULL */
const char      *sm_connect_dialog_get_message (SmConnectDialog *self);

G_END_DECLS
