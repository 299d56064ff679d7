/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading one layer: the row loop that hands each feature to the sites,
 * flows or network importer, records rejected rows, reports progress,
 * honours cancellation and writes the layer's notes; bulk imports
 * suspend the spatial and key indexes and rebuild them once.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include "sm-db.h"
#include "sm-import-private.h"

/* Reads the amount column once to learn its decimal separator. */
static SmNumberStyle
learn_amount_style (LayerReader *r)
{
  int comma = 0, dot = 0;
  OGRFeatureH feature;

  if (r->col[F_AMOUNT] < 0 || r->numeric[F_AMOUNT])
    return SM_NUMBER_STYLE_UNKNOWN;
  OGR_L_ResetReading (r->layer);
  while ((feature = OGR_L_GetNextFeature (r->layer)) != NULL)
    {
      g_autofree char *text = sm_import_cell (r, feature, F_AMOUNT);

      switch (sm_number_style_of (text))
        {
        case SM_NUMBER_STYLE_COMMA_DECIMAL:
          comma++;
          break;
        case SM_NUMBER_STYLE_DOT_DECIMAL:
          dot++;
          break;
        case SM_NUMBER_STYLE_UNKNOWN:
        default:
          break;
        }
      OGR_F_Destroy (feature);
    }
  OGR_L_ResetReading (r->layer);
  if (comma > dot)
    return SM_NUMBER_STYLE_COMMA_DECIMAL;
  if (dot > comma)
    return SM_NUMBER_STYLE_DOT_DECIMAL;
  return SM_NUMBER_STYLE_UNKNOWN;
}

/* For the progress bar. GDAL's CSV driver counts by reading every row
 * (even when not forced to); counting line ends is a tenth of that, and
 * near enough. */
static gint64
count_features (OGRLayerH   layer,
                const char *path,
                const char *driver)
{
  gint64 n = g_str_equal (driver, "CSV") ? -1 : OGR_L_GetFeatureCount (layer, FALSE);

  if (n >= 0)
    return n;
  if (g_str_equal (driver, "CSV"))
    {
      g_autoptr (GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
      const char *p, *end;

      if (file == NULL)
        /* Not a plain file (inside an archive): GDAL counts */
        return OGR_L_GetFeatureCount (layer, TRUE);
      p = g_mapped_file_get_contents (file);
      end = p + g_mapped_file_get_length (file);
      n = 0;
      while (p != NULL && p < end && (p = memchr (p, '\n', end - p)) != NULL)
        {
          n++;
          p++;
        }
      return MAX (n - 1, 1);
    }
  return OGR_L_GetFeatureCount (layer, TRUE);
}

static gboolean
is_tabular (const char *driver)
{
  return g_str_equal (driver, "CSV") || g_str_equal (driver, "XLSX") || g_str_equal (driver, "ODS")
         || g_str_equal (driver, "XLS");
}

/* The indexes of sites a bulk import into an empty project builds once
 * at the end instead of row by row: the name and org_number, which
 * SiteKeys stands in for meanwhile, and the folded name, which nothing
 * reads during the import. Returns their CREATE INDEX statements, to be
 * run again in the same transaction, or NULL with @error set. */
/* From how many rows a sites import into a database takes the COPY path:
 * below it, the few round trips of the path's set-up (a lock, the
 * staging table) are more than it saves, and other writers of sites are
 * not held up for a small import. SYMBIOMAP_PG_COPY_MIN_ROWS sets it
 * (the tests run both paths; docs/HACKING.md). */
static gint64
pg_copy_min_rows (void)
{
  const char *env = g_getenv ("SYMBIOMAP_PG_COPY_MIN_ROWS");

  if (env != NULL && *env != '\0')
    return g_ascii_strtoll (env, NULL, 10);
  return 1000;
}

static GPtrArray *
set_aside_indexes (SmProject *project,
                   GError   **error)
{
  static const char *const names[] = { "sites_name", "sites_org_number", "sites_name_folded" };
  g_autoptr (GPtrArray) sqls = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      SmStmt *stmt = sm_project_prepare (project,
                                               "SELECT sql FROM sqlite_master "
                                               "WHERE type = 'index' AND name = ?",
                                               error);
      g_autofree char *drop = NULL;
      char *sql = NULL;

      if (stmt == NULL)
        return NULL;
      sm_stmt_bind_text (stmt, 1, names[i], -1);
      if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW && sm_stmt_column_text (stmt, 0) != NULL)
        sql = g_strdup (sm_stmt_column_text (stmt, 0));
      sm_stmt_reset (stmt);
      if (sql == NULL)
        continue;
      g_ptr_array_add (sqls, sql);
      drop = g_strdup_printf ("DROP INDEX \"%s\"", names[i]);
      if (!sm_project_exec (project, drop, error))
        return NULL;
    }
  return g_steal_pointer (&sqls);
}

SmLayerImport *
sm_import_layer (SmProject             *project,
                 const char            *path,
                 const char            *driver,
                 OGRLayerH              layer,
                 const SmImportOptions *options,
                 Progress              *progress,
                 GCancellable          *cancellable,
                 GError               **error)
{
  g_autoptr (GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_rejected_row_free);
  SmLayerImport *out = g_new0 (SmLayerImport, 1);
  LayerReader r = { 0 };
  SmSourceLayer *desc = sm_import_describe_layer (layer, FALSE);
  gint64 n_features;
  gboolean bulk, ok = FALSE;
  OGRFeatureH feature;
  int index = 0;
  const char *index_table = NULL;
  gboolean is_csv = g_str_equal (driver, "CSV");
  SmCsvScan csv = { 0 };
  int n_empty = 0;
  char *gdal_error = NULL;
  g_autoptr (GPtrArray) key_indexes = NULL;

  out->layer = g_strdup (desc->name);
  out->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) sm_rejected_row_free);
  out->notes = g_ptr_array_new_with_free_func (g_free);
  r.project = project;
  r.options = options;
  r.path = path;
  r.layer = layer;
  r.defn = OGR_L_GetLayerDefn (layer);
  r.out = out;
  r.has_geometry = desc->geometry_type != NULL;
  r.row_offset = is_tabular (driver) ? 1 : 0;
  r.points = g_array_new (FALSE, FALSE, sizeof (SmImportPoint));
  r.partners = g_array_new (FALSE, TRUE, sizeof (PendingPartner));
  g_array_set_clear_func (r.partners, (GDestroyNotify) sm_import_pending_partner_clear);

  /* A public register as downloaded: its own profile (sm-registers.c),
   * unless the user maps the columns. */
  {
    SmRegister reg = sm_register_detect (desc->columns);

    if (reg != SM_REGISTER_NONE && options->kind != SM_IMPORT_KIND_NETWORK
        && (options->mapping == NULL || g_hash_table_size (options->mapping) == 0))
      {
        ok = sm_register_import_layer (project, path, reg, layer, out, cancellable, error);
        goto out;
      }
  }

  if (!sm_import_setup_mapping (&r, desc, error) || !sm_import_setup_srs (&r, error))
    goto out;
  if (options->kind == SM_IMPORT_KIND_NETWORK && !sm_osm_roads_filter (project, layer, out->notes, error))
    goto out;
  /* Centroids of roads are no company sites (issue 14.12). */
  if (options->kind != SM_IMPORT_KIND_NETWORK && desc->geometry_type != NULL
      && (g_str_has_prefix (desc->geometry_type, "Line String")
          || g_str_has_prefix (desc->geometry_type, "Multi Line String")))
    {
      g_autofree char *base = g_path_get_basename (path);
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                   /* TRANSLATORS: the file's name, then the layer's name; keep --kind network,
                    * it is an option */
                   _("“%s”, layer “%s”, holds lines: import it as a network (--kind network)"),
                   base, desc->name);
      goto out;
    }
  if (is_csv)
    sm_csv_scan (path, &csv);

  out->import_id = sm_project_begin_import (project, path, desc->name,
                                            sm_import_kind_to_key (options->kind),
                                            r.srs_name,
                                            error);
  if (out->import_id == 0)
    goto out;

  if (options->kind == SM_IMPORT_KIND_FLOWS)
    r.amount_style = learn_amount_style (&r);

  n_features = count_features (layer, path, driver);
  {
    SmStmt *any = sm_project_prepare (project, "SELECT EXISTS (SELECT 1 FROM sites)", error);

    if (any == NULL)
      goto out;
    if (sm_stmt_step (any, NULL) == SM_STMT_ROW && sm_stmt_column_int (any, 0) == 0)
      r.seen_keys = g_malloc0 (BLOOM_BITS / 8);
    sm_stmt_reset (any);
  }

  /* A large import writes its rows first and builds the R*Tree once. */
  bulk = n_features > 20000;
  if (bulk && options->kind != SM_IMPORT_KIND_NETWORK)
    index_table = "sites";
  else if (bulk)
    index_table = "network_edges";
  if (index_table && !sm_project_suspend_spatial_index (project, index_table, error))
    goto out;
  /* Only a sites import keeps its keys in memory (sm_import_site_keys);
   * a flows row looks its site up by name through the index. */
  if (bulk && r.seen_keys != NULL && options->kind == SM_IMPORT_KIND_SITES)
    {
      /* A database keeps its indexes: dropping one would lock every
       * reader out until the import commits */
      key_indexes = sm_project_is_shared (project) ? g_ptr_array_new_with_free_func (g_free)
                                                   : set_aside_indexes (project, error);
      if (key_indexes == NULL)
        goto out;
      r.keys = sm_import_site_keys_new ();
    }

  /* A large sites import into a database that has no sites yet sends its
   * new sites with COPY (sm-project-pg-copy.c, docs/POSTGRESQL.md); into
   * one that has, each row looks its site up first anyway, and goes row
   * by row. */
  if (options->kind == SM_IMPORT_KIND_SITES && r.seen_keys != NULL && sm_project_is_shared (project)
      && n_features >= pg_copy_min_rows ())
    {
      if (!sm_project_bulk_sites_begin (project, r.keys != NULL, error))
        goto out;
    }

  OGR_L_ResetReading (layer);
  CPLErrorReset ();
  while ((feature = sm_import_next_feature (layer, &gdal_error)) != NULL)
    {
      Reject rej = { N_FIELDS, NULL, NULL };
      int row = ++index + r.row_offset;
      int done;

      r.row = row;
      if (sm_import_feature_is_empty (feature))
        {
          /* A spreadsheet's formatted, empty rows: no work, no rejection. */
          n_empty++;
          done = 2;
        }
      else if (csv.last_cut && index == csv.n_records)
        done = sm_import_reject (&rej, N_FIELDS, NULL, _("the file ends in the middle of this row"));
      else if (gdal_error != NULL && r.has_geometry && OGR_F_GetGeometryRef (feature) == NULL
               && r.col[F_WKT] < 0)
        /* TRANSLATORS: %s is GDAL's reason, in English */
        done = sm_import_reject (&rej, F_WKT, NULL, _("the geometry cannot be read: %s"), gdal_error);
      else switch (options->kind)
        {
        case SM_IMPORT_KIND_SITES:
          done = sm_import_site_row (&r, feature, &rej, error);
          break;
        case SM_IMPORT_KIND_FLOWS:
          done = sm_import_flow_row (&r, feature, row, &rej, error);
          break;
        case SM_IMPORT_KIND_NETWORK:
        case SM_IMPORT_KIND_INVALID:
        case SM_N_IMPORT_KINDS:
        default:
          done = sm_import_network_row (&r, feature, &rej, error);
          break;
        }
      OGR_F_Destroy (feature);
      g_clear_pointer (&gdal_error, g_free);

      if (done < 0)
        goto out;
      if (done != 2)
        out->rows_read++;
      if (done == 1)
        out->imported++;
      else if (done == 0 && out->rejected->len >= SM_IMPORT_MAX_KEPT_REJECTIONS)
        out->rejected_not_kept++;
      else if (done == 0)
        {
          SmRejectedRow *rr = g_new0 (SmRejectedRow, 1);

          rr->row = row;
          rr->field = g_strdup (sm_import_field_name (rej.field));
          rr->value = g_steal_pointer (&rej.value);
          rr->reason = g_steal_pointer (&rej.reason);
          if (!sm_project_add_rejected_row (project, out->import_id, rr->row, rr->field,
                                            rr->value, rr->reason, error))
            {
              sm_rejected_row_free (rr);
              goto out;
            }
          g_ptr_array_add (out->rejected, rr);
        }
      sm_import_reject_clear (&rej);

      if ((index & 511) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          if (progress->func != NULL && n_features > 0)
            progress->func ((progress->layer_index + MIN (1.0, (double) index / n_features))
                            / progress->n_layers,
                            progress->data);
        }
    }
  g_clear_pointer (&gdal_error, g_free);
  if (CPLGetLastErrorType () >= CE_Failure)
    {
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *msg = sm_text_to_utf8 (CPLGetLastErrorMsg ());
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_UNREADABLE,
                   /* TRANSLATORS: the file's name, the number of the last row read well, then
                    * GDAL's reason (in English) */
                   _("“%s” is damaged after row %d: %s"), base, index + r.row_offset, msg);
      goto out;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;

  /* The row keys are done with: their memory goes back before the
   * indexes are built */
  g_clear_pointer (&r.seen_keys, g_free);
  g_clear_pointer (&r.keys, sm_import_site_keys_free);
  if (!sm_project_bulk_sites_end (project, error))
    goto out;
  if (index_table && !sm_project_rebuild_spatial_index (project, index_table, error))
    goto out;
  for (guint i = 0; key_indexes != NULL && i < key_indexes->len; i++)
    if (!sm_project_exec (project, g_ptr_array_index (key_indexes, i), error))
      goto out;
  if (!sm_import_record_partners (&r, error))
    goto out;
  if (n_empty > 0)
    /* TRANSLATORS: %d is a number of rows */
    sm_import_add_note (&r, g_strdup_printf (ngettext ("%d empty row was skipped",
                                             "%d empty rows were skipped", n_empty),
                                   n_empty));
  if (out->rejected_not_kept > 0)
    /* TRANSLATORS: %d is how many more rows were rejected, the second %d how many rejected rows
     * are kept to show */
    sm_import_add_note (&r, g_strdup_printf (ngettext ("%d more row was rejected; only the first %d "
                                             "rejected rows are kept",
                                             "%d more rows were rejected; only the first %d "
                                             "rejected rows are kept",
                                             out->rejected_not_kept),
                                   out->rejected_not_kept, SM_IMPORT_MAX_KEPT_REJECTIONS));
  if (csv.quote_open_line > 0)
    /* TRANSLATORS: %d is the line of the file where the quote opens */
    sm_import_add_note (&r, g_strdup_printf (_("A quote opened on line %d is never closed: the rows after "
                                     "it may have been read as one cell"),
                                   csv.quote_open_line));
  sm_outliers_report (r.points, out->notes);
  sm_number_notes_finish (out->notes, r.n_number_notes);
  if (r.n_multi > 0)
    /* TRANSLATORS: a multi-line is one geometry of several lines; the number of them, then how
     * many single lines they gave */
    sm_import_add_note (&r, g_strdup_printf (ngettext ("%d multi-line was split into %d lines",
                                             "%d multi-lines were split into %d lines", r.n_multi),
                                   r.n_multi, r.n_parts));
  if (!sm_project_finish_import (project, out->import_id, out->rows_read, out->imported,
                                 out->rejected->len + out->rejected_not_kept, error))
    goto out;
  ok = TRUE;

out:
  if (r.geom_ct)
    OCTDestroyCoordinateTransformation (r.geom_ct);
  if (r.latlon_ct)
    OCTDestroyCoordinateTransformation (r.latlon_ct);
  g_array_unref (r.partners);
  g_free (r.srs_name);
  g_clear_pointer (&r.seen_keys, g_free);
  g_clear_pointer (&r.keys, sm_import_site_keys_free);
  g_clear_pointer (&r.names, sm_name_index_free);
  if (!ok)
    sm_project_bulk_sites_abort (project);
  g_array_unref (r.points);
  sm_import_source_layer_free (desc);
  if (!ok)
    g_clear_pointer (&out, sm_import_layer_import_free);
  return out;
}
