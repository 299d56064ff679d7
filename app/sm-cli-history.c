/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli site history PROJECT SITE [--json]
 *
 * Every recorded change to one site and its flows, the oldest first, from
 * the project's edit log (layers/sm-edit-log.c): edits in the window, in
 * this tool and in other programs.
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-edit-log.h"
#include "sm-edit-words.h"

/* The old or new values of an entry as the JSON object the log keeps */
static void
add_values (JsonBuilder *b,
            const char  *name,
            const char  *json_text)
{
  JsonNode *node = json_text ? json_from_string (json_text, NULL) : NULL;

  json_builder_set_member_name (b, name);
  if (node != NULL)
    json_builder_add_value (b, node);
  else
    json_builder_add_null_value (b);
}

static JsonNode *
to_json (gint64      site_id,
         const char *name,
         GPtrArray  *history)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "site_id");
  json_builder_add_int_value (b, site_id);
  sm_json_add_string_or_null (b, "name", name);
  json_builder_set_member_name (b, "history");
  json_builder_begin_array (b);
  for (guint i = 0; i < history->len; i++)
    {
      SmEditEntry *e = g_ptr_array_index (history, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "edit_id");
      json_builder_add_int_value (b, e->edit_id);
      sm_json_add_string_or_null (b, "changed_at", e->changed_at);
      sm_json_add_string_or_null (b, "table", e->is_flow ? "flows" : "sites");
      json_builder_set_member_name (b, "row_id");
      json_builder_add_int_value (b, e->row_id);
      json_builder_set_member_name (b, "flow_id");
      if (e->is_flow)
        json_builder_add_int_value (b, e->row_id);
      else
        json_builder_add_null_value (b);
      sm_json_add_string_or_null (b, "action", sm_edit_action_to_key (e->action));
      sm_json_add_string_or_null (b, "who", e->who);
      add_values (b, "old", e->old_values);
      add_values (b, "new", e->new_values);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The site's name now, or the last one its history knows when it was
 * deleted */
static char *
site_name (SmProject *project,
           gint64     site_id,
           GPtrArray *history)
{
  g_autoptr (SmSite) site = sm_project_get_site (project, site_id, NULL);

  if (site != NULL)
    return g_strdup (site->name);
  for (guint i = history->len; i > 0; i--)
    {
      SmEditEntry *e = g_ptr_array_index (history, i - 1);

      for (guint c = 0; !e->is_flow && c < e->changes->len; c++)
        {
          SmEditChange *change = g_ptr_array_index (e->changes, c);
          const char *value = change->new_value ? change->new_value : change->old_value;

          if (g_str_equal (change->column, "name") && value != NULL)
            return g_strdup (value);
        }
    }
  return NULL;
}

/**
 * sm_cli_site_history:
 *
 * "site history PROJECT SITE [--json]", the verb already taken off by
 * sm_cli_site(). A deleted site is named by its number.
 */
int
sm_cli_site_history (int    argc,
                     char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autofree char *name = NULL;
  gint64 site_id;
  int status;

  context = sm_cli_option_context_new ("site", _("history PROJECT SITE [--json]"),
                                       _("Every recorded change to one site and its flows, the "
                                         "oldest first: when, by whom, what. SITE is its number, "
                                         "its key or its name; a deleted site, its number."),
                                       entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 2)) != SM_CLI_OK)
    return status;
  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;

  site_id = sm_cli_resolve_site (project, argv[2], &error);
  if (site_id == 0)
    {
      char *end = NULL;
      gint64 number = g_ascii_strtoll (argv[2], &end, 10);

      /* A deleted site has no row left to find, only its history */
      if (end == argv[2] || *end != '\0' || number <= 0
          || (history = sm_project_list_site_history (project, number, NULL)) == NULL
          || history->len == 0)
        return sm_cli_fail (error);
      site_id = number;
    }
  else if ((history = sm_project_list_site_history (project, site_id, &error)) == NULL)
    return sm_cli_fail (error);

  name = site_name (project, site_id, history);
  if (json)
    {
      g_autoptr (JsonNode) root = to_json (site_id, name, history);

      sm_cli_print_json (root);
      return SM_CLI_OK;
    }
  /* TRANSLATORS: a site's name and how many changes its history holds */
  printf (g_dngettext (GETTEXT_PACKAGE, "%s: %u change\n", "%s: %u changes\n", history->len),
          name ? name : argv[2], history->len);
  for (guint i = 0; i < history->len; i++)
    {
      SmEditEntry *e = g_ptr_array_index (history, i);
      g_autofree char *byline = sm_edit_entry_byline (e);
      g_autofree char *what = sm_edit_entry_describe (e);

      printf ("%s\n    %s\n", byline, what);
    }
  return SM_CLI_OK;
}
