/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-parse.h"

G_BEGIN_DECLS

gboolean sm_number_is_ambiguous (const char    *text);
void     sm_number_note         (GPtrArray     *notes,
                                 int           *n_notes,
                                 int            row,
                                 const char    *field_label,
                                 const char    *text,
                                 double         value,
                                 SmNumberStyle  style);
void     sm_number_notes_finish (GPtrArray     *notes,
                                 int            n_notes);

G_END_DECLS
