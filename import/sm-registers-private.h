/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Shared by the register profiles of import/ (sm-registers.c,
 * sm-register-eprtr.c); not for app/. */

#include <ogr_api.h>

#include "sm-parse.h"
#include "sm-project.h"
#include "sm-registers.h"

G_BEGIN_DECLS

typedef struct
{
  SmProject     *project;
  SmRegister     reg;
  const char    *reg_key;
  SmLayerImport *out;
  int            n_ambiguous;    /* numbers like 13233.378 ... */
  char          *ambiguous;      /* ... the first of them */
  SmNumberStyle  ambiguous_style; /* ... read this way */
} Reader;

G_GNUC_INTERNAL int      sm_reg_column      (OGRFeatureDefnH defn,
                                             const char     *name);
G_GNUC_INTERNAL char    *sm_reg_text_at     (OGRFeatureH     feature,
                                             int             col);
G_GNUC_INTERNAL gboolean sm_reg_reject_row  (Reader         *g,
                                             int             row,
                                             const char     *field,
                                             const char     *value,
                                             char           *reason,
                                             GError        **error);
G_GNUC_INTERNAL gboolean sm_reg_point_ok    (double          lat,
                                             double          lon);
G_GNUC_INTERNAL gint64   sm_reg_upsert_site (Reader         *g,
                                             int             row,
                                             const char     *key,
                                             SmSite         *site,
                                             const char     *alias,
                                             GPtrArray      *former,
                                             GError        **error);
G_GNUC_INTERNAL gboolean sm_reg_upsert_flow (Reader         *g,
                                             const char     *key,
                                             gint64          site_id,
                                             SmResource      resource,
                                             double          amount,
                                             double          temperature_c,
                                             const char     *notes,
                                             GError        **error);
G_GNUC_INTERNAL double   sm_reg_amount_at   (Reader         *g,
                                             OGRFeatureH     feature,
                                             int             col,
                                             SmNumberStyle   style);
G_GNUC_INTERNAL gboolean sm_reg_import_eprtr (Reader        *g,
                                              OGRLayerH      layer,
                                              GCancellable  *cancellable,
                                              GError       **error);

G_END_DECLS
