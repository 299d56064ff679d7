/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>


#include "sm-format-text.h"

G_BEGIN_DECLS

void        sm_format_spin_button (GtkSpinButton *spin);

G_END_DECLS
