/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sm-project.h"

G_BEGIN_DECLS

/* A name a site goes by: its own, a former one, or another register's */
typedef struct
{
  gint64 site_id;
  char  *name;
  char  *org_number;
  double lat;
  double lon;
} SmSiteName;

void       sm_site_name_free               (SmSiteName *name);

gint64     sm_project_find_register_site   (SmProject   *self,
                                            const char  *reg,
                                            const char  *key,
                                            char       **last_name,
                                            double      *last_lat,
                                            double      *last_lon,
                                            GError     **error);
gboolean   sm_project_set_register_site    (SmProject   *self,
                                            const char  *reg,
                                            const char  *key,
                                            gint64       site_id,
                                            const char  *name,
                                            double       lat,
                                            double       lon,
                                            GError     **error);
char      *sm_project_get_register_keys    (SmProject   *self,
                                            gint64       site_id,
                                            GError     **error);
gint64     sm_project_find_register_flow   (SmProject   *self,
                                            const char  *reg,
                                            const char  *key,
                                            GError     **error);
gboolean   sm_project_set_register_flow    (SmProject   *self,
                                            const char  *reg,
                                            const char  *key,
                                            gint64       flow_id,
                                            GError     **error);
gboolean   sm_project_update_flow_amount   (SmProject   *self,
                                            gint64       flow_id,
                                            double       amount,
                                            double       temperature_c,
                                            const char  *notes,
                                            GError     **error);
gboolean   sm_project_delete_register_flow (SmProject   *self,
                                            gint64       flow_id,
                                            GError     **error);
gboolean   sm_project_add_site_name        (SmProject   *self,
                                            gint64       site_id,
                                            const char  *name,
                                            const char  *kind,
                                            const char  *source,
                                            GError     **error);
GPtrArray *sm_project_list_site_names      (SmProject   *self,
                                            gint64       site_id,
                                            const char  *kind,
                                            GError     **error);
GPtrArray *sm_project_list_names_near      (SmProject   *self,
                                            const char  *exclude_register,
                                            double       lat,
                                            double       lon,
                                            double       within_m,
                                            GError     **error);

G_END_DECLS
