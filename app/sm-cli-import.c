/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * symbiomap-cli import PROJECT FILE [--kind sites|flows|network] [--layer NAME]
 *   [--srs EPSG:N] [--map FIELD=COLUMN]... [--strict] [--json]
 */
#define G_LOG_DOMAIN "symbiomap-cli"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "sm-cli.h"
#include "sm-text-table.h"
#include "sm-import.h"

static void
show_progress (double   fraction,
               gpointer user_data)
{
  sm_cli_progress (_("Importing"), fraction);
}

static void
add_layer_json (JsonBuilder         *b,
                const SmLayerImport *l)
{
  json_builder_set_member_name (b, "rejected");
  json_builder_begin_array (b);
  for (guint i = 0; i < l->rejected->len; i++)
    {
      SmRejectedRow *rr = g_ptr_array_index (l->rejected, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "row");
      json_builder_add_int_value (b, rr->row);
      sm_json_add_string_or_null (b, "field", rr->field);
      sm_json_add_string_or_null (b, "value", rr->value);
      sm_json_add_string_or_null (b, "reason", rr->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "notes");
  json_builder_begin_array (b);
  for (guint i = 0; i < l->notes->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (l->notes, i));
  json_builder_end_array (b);
  sm_json_add_string_or_null (b, "profile", l->profile);
  json_builder_set_member_name (b, "sites_created");
  json_builder_add_int_value (b, l->sites_created);
  json_builder_set_member_name (b, "sites_merged");
  json_builder_add_int_value (b, l->sites_merged);
  json_builder_set_member_name (b, "exchanges");
  json_builder_add_int_value (b, l->exchanges);
}

static void
print_json (const SmImportResult *result)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  int rows = 0;

  json_builder_begin_object (b);
  sm_json_add_string_or_null (b, "file", result->file);
  if (result->layers->len == 1)
    {
      SmLayerImport *l = g_ptr_array_index (result->layers, 0);

      sm_json_add_string_or_null (b, "layer", l->layer);
      sm_json_add_string_or_null (b, "kind", sm_import_kind_to_key (result->kind));
      json_builder_set_member_name (b, "rows_read");
      json_builder_add_int_value (b, l->rows_read);
      json_builder_set_member_name (b, "imported");
      json_builder_add_int_value (b, l->imported);
      add_layer_json (b, l);
    }
  else
    {
      /* Several layers: the totals in the shape of one, each layer under "layers". */
      json_builder_set_member_name (b, "layer");
      json_builder_add_null_value (b);
      sm_json_add_string_or_null (b, "kind", sm_import_kind_to_key (result->kind));
      for (guint i = 0; i < result->layers->len; i++)
        rows += ((SmLayerImport *) g_ptr_array_index (result->layers, i))->rows_read;
      json_builder_set_member_name (b, "rows_read");
      json_builder_add_int_value (b, rows);
      json_builder_set_member_name (b, "imported");
      json_builder_add_int_value (b, sm_import_result_count_imported (result));
      json_builder_set_member_name (b, "rejected");
      json_builder_begin_array (b);
      for (guint i = 0; i < result->layers->len; i++)
        {
          SmLayerImport *l = g_ptr_array_index (result->layers, i);

          for (guint j = 0; j < l->rejected->len; j++)
            {
              SmRejectedRow *rr = g_ptr_array_index (l->rejected, j);

              json_builder_begin_object (b);
              sm_json_add_string_or_null (b, "layer", l->layer);
              json_builder_set_member_name (b, "row");
              json_builder_add_int_value (b, rr->row);
              sm_json_add_string_or_null (b, "field", rr->field);
              sm_json_add_string_or_null (b, "value", rr->value);
              sm_json_add_string_or_null (b, "reason", rr->reason);
              json_builder_end_object (b);
            }
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "layers");
      json_builder_begin_array (b);
      for (guint i = 0; i < result->layers->len; i++)
        {
          SmLayerImport *l = g_ptr_array_index (result->layers, i);

          json_builder_begin_object (b);
          sm_json_add_string_or_null (b, "layer", l->layer);
          json_builder_set_member_name (b, "rows_read");
          json_builder_add_int_value (b, l->rows_read);
          json_builder_set_member_name (b, "imported");
          json_builder_add_int_value (b, l->imported);
          add_layer_json (b, l);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }
  json_builder_set_member_name (b, "kind_detected");
  json_builder_add_boolean_value (b, result->kind_detected);
  json_builder_set_member_name (b, "strict_rolled_back");
  json_builder_add_boolean_value (b, result->rolled_back);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  sm_cli_print_json (root);
}

static void
print_text (const SmImportResult *result)
{
  if (result->kind_detected)
    /* TRANSLATORS: %s is sites, flows or network */
    printf (_("Imported as %s, the kind its columns and geometry show (--kind chooses another)\n"),
            sm_import_kind_to_key (result->kind));
  for (guint i = 0; i < result->layers->len; i++)
    {
      SmLayerImport *l = g_ptr_array_index (result->layers, i);

      /* TRANSLATORS: %s is a layer of the file; then counts of rows */
      if (l->profile != NULL)
        /* TRANSLATORS: %s is a public register, e.g. “Hotmaps industrial database” */
        printf (_("Recognised: %s\n"), l->profile);
      {
        int n_rejected = (int) l->rejected->len + l->rejected_not_kept;
        /* Each count its own plural: Swedish says “1 importerad”, “2 importerade” */
        g_autofree char *read = g_strdup_printf (ngettext ("%d row read", "%d rows read",
                                                           l->rows_read), l->rows_read);
        g_autofree char *imported = g_strdup_printf (ngettext ("%d imported", "%d imported",
                                                               l->imported), l->imported);
        g_autofree char *rejected = g_strdup_printf (ngettext ("%d rejected", "%d rejected",
                                                               n_rejected), n_rejected);
        g_autofree char *layer = sm_text_escape (l->layer, FALSE);

        /* TRANSLATORS: a layer of the file, then “12 rows read”, “10 imported”, “2 rejected” */
        printf (_("%s: %s, %s, %s\n"), layer, read, imported, rejected);
      }
      for (guint j = 0; j < l->rejected->len; j++)
        {
          SmRejectedRow *rr = g_ptr_array_index (l->rejected, j);
          g_autofree char *reason = sm_text_escape (rr->reason, FALSE);

          if (rr->field != NULL)
            /* TRANSLATORS: row number, field name, reason */
            printf (_("  row %d, %s: %s\n"), rr->row, rr->field, reason);
          else
            /* TRANSLATORS: one rejected row: its number, then why it was rejected */
            printf (_("  row %d: %s\n"), rr->row, reason);
        }
      for (guint j = 0; j < l->notes->len; j++)
        {
          g_autofree char *note = sm_text_escape (g_ptr_array_index (l->notes, j), FALSE);
          printf ("  %s\n", note);
        }
    }
}

int
sm_cli_import (int    argc,
               char **argv)
{
  g_autofree char *kind_arg = NULL;
  g_autofree char *layer = NULL;
  g_autofree char *srs = NULL;
  g_auto (GStrv) maps = NULL;
  gboolean strict = FALSE, json = FALSE;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_arg, N_("What the file holds: sites, flows or network (found from its columns when left out)"),
      N_("KIND") },
    { "layer", 0, 0, G_OPTION_ARG_STRING, &layer, N_("Import only this layer of the file"),
      N_("NAME") },
    { "srs", 0, 0, G_OPTION_ARG_STRING, &srs,
      N_("The coordinate system of the file, e.g. EPSG:25832 (Denmark) or EPSG:3006 (Sweden)"),
      N_("EPSG:N") },
    { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &maps, N_("Read FIELD from COLUMN (repeatable)"),
      N_("FIELD=COLUMN") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict, N_("Import nothing if any row is rejected"),
      NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document"), NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (SmProject) project = NULL;
  g_autoptr (SmImportOptions) options = NULL;
  g_autoptr (SmImportResult) result = NULL;
  g_autoptr (GError) error = NULL;
  SmImportKind kind;
  int status;

  context = sm_cli_option_context_new ("import", _("PROJECT FILE"),
                                       _("Import one layer of FILE (every layer when it has several "
                                         "and no --layer is given) as company sites, resource flows "
                                         "or network lines. Columns are found by their English, Danish "
                                         "or Swedish names; --map names any other column. Rows that "
                                         "cannot be used are listed with their reason; the rest are "
                                         "imported."),
                                       entries);
  if ((status = sm_cli_parse (context, &argc, &argv, 2)) != SM_CLI_OK)
    return status;
  /* Without --kind, the importer finds it from the columns and geometry. */
  kind = kind_arg ? sm_import_kind_from_key (kind_arg) : SM_IMPORT_KIND_INVALID;
  if (kind_arg != NULL && kind == SM_IMPORT_KIND_INVALID)
    /* TRANSLATORS: %s is what followed --kind; keep sites, flows and network untranslated */
    return sm_cli_usage_error ("import", _("Unknown kind “%s”: use sites, flows or network"),
                               kind_arg);

  options = sm_import_options_new (kind);
  options->layer = g_steal_pointer (&layer);
  options->srs = g_steal_pointer (&srs);
  options->strict = strict;
  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      const char *eq = strchr (maps[i], '=');
      guint n_fields;
      const SmImportField *fields;
      gboolean known = FALSE;
      g_autofree char *field = NULL;

      if (eq == NULL || eq == maps[i] || eq[1] == '\0')
        /* TRANSLATORS: %s is what followed --map; keep FIELD=COLUMN as it is */
        return sm_cli_usage_error ("import", _("--map needs FIELD=COLUMN, not “%s”"), maps[i]);
      field = g_strndup (maps[i], eq - maps[i]);
      for (int k = kind_arg ? kind : 0; k < (kind_arg ? kind + 1 : SM_N_IMPORT_KINDS); k++)
        {
          fields = sm_import_get_fields (k, &n_fields);
          for (guint f = 0; f < n_fields; f++)
            known |= g_str_equal (fields[f].name, field);
        }
      if (!known && kind_arg == NULL)
        /* TRANSLATORS: %s is a field name the user gave to --map */
        return sm_cli_usage_error ("import", _("--map: no kind has a field “%s”"), field);
      if (!known)
        /* TRANSLATORS: the first %s is the kind of import (sites, flows, network), the second a
         * field name */
        return sm_cli_usage_error ("import", _("--map: %s has no field “%s”"), kind_arg, field);
      g_hash_table_insert (options->mapping, g_steal_pointer (&field), g_strdup (eq + 1));
    }

  if ((project = sm_cli_open_project (argv[1], &status)) == NULL)
    return status;

  result = sm_import_run (project, argv[2], options,
                          sm_cli_progress_wanted () ? show_progress : NULL, NULL, NULL, &error);
  if (sm_cli_progress_wanted ())
    sm_cli_progress_done ();
  if (result == NULL)
    return sm_cli_fail (error);

  if (json)
    print_json (result);
  else
    print_text (result);

  if (result->rolled_back)
    {
      int n = sm_import_result_count_rejected (result);
      g_printerr ("symbiomap-cli: ");
      /* TRANSLATORS: %d is a number of rows; keep --strict as it is */
      g_printerr (ngettext ("%d row was rejected, so nothing was imported (--strict)\n",
                            "%d rows were rejected, so nothing was imported (--strict)\n", n),
                  n);
      return SM_CLI_DATA_ERROR;
    }
  /* Rows were read and none came in: the data was wrong (docs/CLI.md) */
  if (sm_import_result_count_imported (result) == 0)
    {
      int read = 0;

      for (guint i = 0; i < result->layers->len; i++)
        read += ((SmLayerImport *) g_ptr_array_index (result->layers, i))->rows_read;
      if (read > 0)
        {
          g_autofree char *base = g_path_get_basename (argv[2]);
          g_autofree char *display = g_filename_display_name (base);

          g_printerr ("symbiomap-cli: ");
          /* TRANSLATORS: %s is the file's name */
          g_printerr (_("No row of “%s” could be imported; the reasons are listed above\n"),
                      display);
          return SM_CLI_DATA_ERROR;
        }
    }
  return SM_CLI_OK;
}
