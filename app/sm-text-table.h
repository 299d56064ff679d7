/* sm-text-table.h: text tables for a terminal, padded by display width
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  SM_TEXT_ALIGN_START,
  SM_TEXT_ALIGN_END,
} SmTextAlign;

typedef struct _SmTextTable SmTextTable;

guint        sm_text_display_width   (const char  *utf8);
char        *sm_text_escape          (const char  *utf8,
                                      gboolean     keep_newlines);
char        *sm_text_escape_controls (const char  *utf8);
char        *sm_text_fit             (const char  *utf8,
                                      guint        width);

SmTextTable *sm_text_table_new       (void);
void         sm_text_table_free      (SmTextTable *table);
void         sm_text_table_add_column (SmTextTable *table,
                                      const char  *title,
                                      SmTextAlign  align,
                                      guint        max_width);
void         sm_text_table_add_cell  (SmTextTable *table,
                                      const char  *text);
void         sm_text_table_add_cell_printf (SmTextTable *table,
                                      const char  *format,
                                      ...) G_GNUC_PRINTF (2, 3);
char        *sm_text_table_to_string (SmTextTable *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SmTextTable, sm_text_table_free)

G_END_DECLS
