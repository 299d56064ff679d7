/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "sm-project.h"
#include "sm-synergy.h"

G_BEGIN_DECLS

/* Exit statuses of docs/CLI.md */
enum
{
  SM_CLI_OK = 0,
  SM_CLI_DATA_ERROR = 1,
  SM_CLI_USAGE_ERROR = 2,
};

typedef int (*SmCliCommandFunc) (int argc, char **argv);

typedef struct
{
  const char      *name;
  const char      *summary; /* N_() */
  SmCliCommandFunc run;
} SmCliCommand;

int             sm_cli_main               (int            argc,
                                           char         **argv);

/* Helpers shared by the commands (sm-cli*.c) */
GOptionContext *sm_cli_option_context_new (const char    *command,
                                           const char    *parameters,
                                           const char    *summary,
                                           const GOptionEntry *entries);
int             sm_cli_parse              (GOptionContext *context,
                                           int           *argc,
                                           char        ***argv,
                                           int            n_positional);
int             sm_cli_usage_error        (const char    *command,
                                           const char    *format,
                                           ...) G_GNUC_PRINTF (2, 3);
int             sm_cli_fail               (const GError  *error);
SmProject      *sm_cli_open_project       (const char    *path,
                                           int           *status);
void            sm_cli_print_json         (JsonNode      *root);
char           *sm_cli_json_to_string     (JsonNode      *root);
void            sm_cli_json_format_double (double         value,
                                           char          *buf);
gboolean        sm_cli_progress_wanted    (void);
void            sm_cli_progress           (const char    *what,
                                           double         fraction);
void            sm_cli_progress_done      (void);
void            sm_json_add_string_or_null (JsonBuilder  *builder,
                                            const char   *name,
                                            const char   *value);
void            sm_json_add_double_or_null (JsonBuilder  *builder,
                                            const char   *name,
                                            double        value);
void            sm_cli_wait_notify        (gpointer       data);
gboolean        sm_cli_check_radius       (const char    *command,
                                           double         radius_km,
                                           int           *status);

void            sm_cli_print_sites_table  (GPtrArray     *sites);
void            sm_cli_print_flows_table  (GPtrArray     *flows);
void            sm_cli_print_fields       (const char * const *labels_values);

int             sm_cli_init               (int argc, char **argv);
int             sm_cli_info               (int argc, char **argv);
int             sm_cli_sites              (int argc, char **argv);
int             sm_cli_flows              (int argc, char **argv);
int             sm_cli_import             (int argc, char **argv);
int             sm_cli_match              (int argc, char **argv);
int             sm_cli_export             (int argc, char **argv);
int             sm_cli_route              (int argc, char **argv);
/* sm-cli-route.c: --router of route and match, checked on the opened project */
int             sm_cli_set_router         (const char    *command,
                                           SmProject     *project,
                                           const char    *router);
int             sm_cli_portfolio          (int argc, char **argv);
void            sm_cli_json_add_economics (JsonBuilder     *builder,
                                           const SmSynergy *synergy);
int             sm_cli_exchanges          (int argc, char **argv);
int             sm_cli_site               (int argc, char **argv);
int             sm_cli_flow               (int argc, char **argv);
int             sm_cli_report             (int argc, char **argv);
int             sm_cli_copy               (int argc, char **argv);
int             sm_cli_init_database      (const char *uri);
int             sm_cli_site_history       (int argc, char **argv);
gint64          sm_cli_resolve_site       (SmProject     *project,
                                           const char    *text,
                                           GError       **error);

G_END_DECLS
