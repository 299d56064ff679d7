/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sys/resource.h>

G_BEGIN_DECLS

char *sm_test_make_tmpdir   (void);
void  sm_test_rm_rf         (const char *dir);
char *sm_test_file_checksum (const char *path);
char *sm_test_dir_listing   (const char *dir);
int   sm_test_compare_doubles (gconstpointer a,
                              gconstpointer b);
double sm_test_median        (double     *values,
                              guint       n);
double sm_test_rusage_seconds (const struct rusage *usage);
char  *sm_test_write_sites_csv (const char *dir,
                               int         rows);
int   sm_test_run_cli       (const char *language,
                             char      **out,
                             char      **err,
                             const char *first,
                             ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
