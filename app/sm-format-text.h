/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sm-resource.h"

G_BEGIN_DECLS

char       *sm_format_number       (double      value,
                                    int         decimals);
char       *sm_format_number_plain (double      value,
                                    int         decimals);
char       *sm_format_amount       (double      value,
                                    SmResource  resource);
char       *sm_format_distance     (double      metres);
char       *sm_format_temperature  (double      celsius);
const char *sm_format_unit         (SmResource  resource);
const char *sm_format_unit_text    (const char *unit);

G_END_DECLS
