/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "sm-resource.h"

G_BEGIN_DECLS

/* How a column writes its numbers, learnt from its unambiguous values so
 * that an ambiguous one like "150.000" can be read the way its neighbours
 * are (DATA-MODEL.md, "Numbers"). */
typedef enum
{
  SM_NUMBER_STYLE_UNKNOWN,
  SM_NUMBER_STYLE_DOT_DECIMAL,   /* 1,234.5 or 1234.5 */
  SM_NUMBER_STYLE_COMMA_DECIMAL, /* 1.234,5 or 1 234,5 or 12,5 */
} SmNumberStyle;

typedef enum
{
  SM_NUMBER_INVALID,
  SM_NUMBER_OK,
  SM_NUMBER_AMBIGUOUS, /* a lone dot followed by exactly three digits */
} SmNumberResult;

SmNumberResult sm_parse_number        (const char    *text,
                                       SmNumberStyle  style,
                                       double        *value);
SmNumberStyle  sm_number_style_of     (const char    *text);
gboolean       sm_parse_coordinate    (const char    *text,
                                       double        *value);

/* Units */
typedef struct
{
  SmResource family[3];    /* resources the unit suits, SM_RESOURCE_INVALID-terminated */
  double     factor;       /* multiply the amount by this ... */
  gboolean   needs_hours;  /* ... and by the hours per year for a rate */
} SmUnit;

gboolean       sm_parse_unit          (const char    *text,
                                       SmUnit        *unit);
gboolean       sm_unit_suits          (const SmUnit  *unit,
                                       SmResource     resource);

/* EWC (European Waste Catalogue) codes */
char          *sm_ewc_normalize_code  (const char    *text,
                                       char         **reason);
char          *sm_ewc_normalize_list  (const char    *text,
                                       char         **reason);
char          *sm_ewc_format          (const char    *code);

/* Names and values in English, Danish or Swedish, with or without their
 * letters æøåäö */
char          *sm_fold_name           (const char    *text,
                                       gboolean       simple);
gboolean       sm_name_matches        (const char    *text,
                                       const char    *alias);
SmDirection    sm_parse_direction     (const char    *text);
SmResource     sm_parse_resource      (const char    *text);

char          *sm_text_to_utf8        (const char    *text);
char          *sm_join_address        (const char    *street,
                                       const char    *postcode,
                                       const char    *city);

G_END_DECLS
