/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `symbiomap-cli init postgresql://…` and `symbiomap-cli copy SOURCE
 * TARGET`: a project in a shared PostgreSQL database (docs/POSTGRESQL.md).
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "sm-db.h"
#include "sm-cli.h"
#include "sm-pg-schema.h"
#include "sm-store-copy.h"

/**
 * sm_cli_init_database:
 * @uri: a postgresql:// or postgres:// URI
 *
 * `init` of a URI: the Symbiomap schema in an existing database with
 * PostGIS.
 *
 * Returns: the exit status
 */
int
sm_cli_init_database (const char *uri)
{
  g_autoptr(GError) error = NULL;
  /* The one connection of the store (sm-db-pg.c): its session settings
   * and its messages, as every other command */
  g_autoptr(SmDb) db = sm_db_open (uri, SM_DB_OPEN_NONE, &error);

  if (db == NULL || !sm_pg_schema_create (sm_db_get_raw_pg (db), FALSE, &error))
    return sm_cli_fail (error);
  return SM_CLI_OK;
}

static void
show_progress (const char *table,
               gint64      rows,
               gpointer    data)
{
  if (!sm_cli_progress_wanted ())
    return;
  /* TRANSLATORS: a table's name and the rows copied into it */
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: %lld row copied\n", "%s: %lld rows copied\n",
                           (gulong) rows),
              table, (long long) rows);
}

int
sm_cli_copy (int    argc,
             char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) counts = NULL;
  g_autoptr(GError) error = NULL;
  gboolean from_db, to_db;
  int status;

  context = sm_cli_option_context_new ("copy", _("SOURCE TARGET"),
                                       _("Copy a project file into a PostgreSQL database "
                                         "(postgresql://…), or a database into a new project "
                                         "file, with every table, row and id. A database "
                                         "target must be empty; a file target must not "
                                         "exist."),
                                       entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 2)) != SM_CLI_OK)
    return status;

  from_db = sm_db_name_is_uri (argv[1]);
  to_db = sm_db_name_is_uri (argv[2]);
  if (from_db == to_db)
    return sm_cli_usage_error ("copy", _("One of SOURCE and TARGET must be a project file and "
                                         "the other a database address (postgresql://…)"));

  if (to_db)
    counts = sm_store_copy_file_to_pg (argv[1], argv[2], show_progress, NULL, &error);
  else
    counts = sm_store_copy_pg_to_file (argv[1], argv[2], show_progress, NULL, &error);
  if (counts == NULL)
    return sm_cli_fail (error);

  if (json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "tables");
      json_builder_begin_object (b);
      for (guint i = 0; i < counts->len; i++)
        {
          SmStoreCopyCount *count = g_ptr_array_index (counts, i);

          json_builder_set_member_name (b, count->table);
          json_builder_add_int_value (b, count->rows);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      sm_cli_print_json (root);
    }
  else
    {
      gint64 total = 0;

      for (guint i = 0; i < counts->len; i++)
        total += ((SmStoreCopyCount *) g_ptr_array_index (counts, i))->rows;
      /* TRANSLATORS: how many rows a copy wrote, in how many tables */
      printf (g_dngettext (GETTEXT_PACKAGE, "Copied %lld row in %u tables\n",
                           "Copied %lld rows in %u tables\n", (gulong) total),
              (long long) total, counts->len);
    }
  return SM_CLI_OK;
}
