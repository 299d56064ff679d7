/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sm-project.h"

G_BEGIN_DECLS

GtkWidget *sm_preferences_new (GtkWindow *parent,
                               SmProject *project);

G_END_DECLS
