/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void sm_workshop_export_install (GtkApplication *application);

G_END_DECLS
