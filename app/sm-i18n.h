/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void        sm_i18n_init              (void);
void        sm_i18n_init_with_override (void);
const char *sm_i18n_locale_for        (const char *language);

G_END_DECLS
