/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The economics of one pair as the text output writes them: shared by
 * `match` and `route` (sm-cli-match.c) so both read alike.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "sm-synergy.h"

G_BEGIN_DECLS

typedef struct
{
  char *investment; /* whole euros in the locale's numbers, or "–" */
  char *lcoh;       /* the levelised cost, one decimal, or "–" */
  char *payback;    /* years, "does not pay back", or "–" */
  char *notes;      /* the notes, "; " between them; a heat pump with its COP */
} SmCliEconomicsText;

void        sm_cli_economics_text       (const SmSynergy    *synergy,
                                         guint               skip_notes,
                                         SmCliEconomicsText *text);
void        sm_cli_economics_text_clear (SmCliEconomicsText *text);
const char *sm_cli_delivered_unit       (SmResource          resource);
void        sm_cli_json_add_pair_figures (JsonBuilder       *b,
                                          const SmSynergy   *m);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SmCliEconomicsText, sm_cli_economics_text_clear)

G_END_DECLS
