/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-project.h"

G_BEGIN_DECLS

/* One capacity class of a district-heating pipe pair (docs/SYNERGY.md,
 * "Pipe classes"); cooling uses the same table in MW of cold. */
typedef struct
{
  double capacity_mw;        /* continuous capacity at the optimum */
  double eur_per_m;          /* pipe pair, laid, per metre of route */
  double diameter_mm;        /* for the heat loss */
  double hydraulic_mm;       /* for the cross-section of the flow */
  double insulation_mm;
  double velocity_m_s;       /* optimal flow velocity */
  double pressure_drop_pa_m; /* at that velocity */
  int    n_parallel;         /* parallel largest pipes (1 up to 190 MW) */
} SmPipeClass;

#define SM_PIPE_CLASSES_MAX 32
#define SM_PIPE_CLASSES_SETTING "pipe.classes"

const SmPipeClass *sm_pipe_classes_get_defaults (guint        *n_classes);
guint              sm_pipe_classes_load         (SmProject    *project,
                                                 SmPipeClass  *classes);
char              *sm_pipe_classes_to_string    (const SmPipeClass *classes,
                                                 guint        n_classes);
gboolean           sm_pipe_classes_parse        (const char   *text,
                                                 SmPipeClass  *classes,
                                                 guint        *n_classes,
                                                 GError      **error);
guint              sm_pipe_classes_select       (const SmPipeClass *classes,
                                                 guint        n_classes,
                                                 double       capacity_mw);

G_END_DECLS
