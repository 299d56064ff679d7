/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The synergy layers of the GeoPackage (DATA-MODEL.md export layers):
 * `synergies` as lines along the route, `internal_synergies` as points at
 * the site (a zero-length line is invalid geometry), both with the
 * economics of docs/SYNERGY.md and whether the portfolio keeps the pair;
 * `exchanges` as lines with their status, note and dates. Their QGIS
 * styles colour a synergy by its levelised cost, dash heat-pump pairs and
 * draw existing exchanges in black.
 */
#define G_LOG_DOMAIN "symbiomap-export"

#include "config.h"

#include <cpl_string.h>
#include <glib/gi18n-lib.h>
#include <math.h>

#include "sm-db.h"
#include "sm-export-private.h"
#include "sm-portfolio.h"
#include "sm-project-query.h"

static double
round_to (double v,
          double step)
{
  return isnan (v) ? v : round (v / step) * step;
}

static char *
pair_key (gint64 supply,
          gint64 demand)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, supply, demand);
}

static char *
notes_text (const SmSynergy *m)
{
  GString *out = g_string_new (NULL);

  for (guint n = 0; n < SM_N_MATCH_NOTES; n++)
    if (m->notes & (1u << n))
      {
        if (out->len > 0)
          g_string_append (out, "; ");
        g_string_append (out, sm_match_note_get_label (1u << n));
      }
  return g_string_free (out, out->len == 0);
}

static void
set_synergy_fields (OGRFeatureH      f,
                    const SmSynergy *m,
                    gboolean         in_portfolio,
                    gboolean         distances)
{
  const SmEconomics *e = &m->econ;
  g_autofree char *note = notes_text (m);

  sm_export_set_int (f, "supply_flow_id", m->supply_flow_id);
  sm_export_set_int (f, "demand_flow_id", m->demand_flow_id);
  sm_export_set_string (f, "supply_site", m->supply_site);
  sm_export_set_string (f, "demand_site", m->demand_site);
  sm_export_set_string (f, "resource", sm_resource_to_key (m->resource));
  sm_export_set_real (f, "matched_amount", round_to (m->matched_amount, 0.001));
  sm_export_set_string (f, "unit", sm_resource_get_unit (m->resource));
  sm_export_set_real (f, "capacity_mw", round_to (e->capacity_mw, 0.001));
  sm_export_set_real (f, "delivered_net", round_to (e->delivered_net, 0.001));
  sm_export_set_real (f, "heat_loss_mwh", round_to (e->heat_loss_mwh, 0.001));
  if (distances)
    {
      sm_export_set_real (f, "straight_m", round_to (m->straight_m, 0.1));
      sm_export_set_real (f, "route_m", round_to (m->route_m, 0.1));
      sm_export_set_string (f, "route_method", m->route_method);
    }
  sm_export_set_int (f, "heat_pump", m->heat_pump);
  sm_export_set_real (f, "cop", round_to (m->cop, 0.001));
  sm_export_set_real (f, "investment_eur", round (e->investment_eur));
  sm_export_set_real (f, "annual_cost_eur_yr", round (e->annual_cost_eur_yr));
  sm_export_set_real (f, "lcoh_eur_mwh", round_to (e->lcoh_eur_mwh, 0.01));
  sm_export_set_real (f, "payback_yr", round_to (e->payback_yr, 0.01));
  sm_export_set_real (f, "co2_avoided_t_yr", round_to (e->co2_avoided_t_yr, 0.001));
  sm_export_set_string (f, "transport", e->transport == SM_TRANSPORT_PIPE ? "pipe" : "truck");
  sm_export_set_real (f, "trucks_per_yr", e->transport == SM_TRANSPORT_TRUCK ? e->trucks_per_yr : 0);
  sm_export_set_real (f, "electricity_mwh_yr", round_to (e->electricity_mwh_yr, 0.001));
  sm_export_set_real (f, "cost_eur", round (sm_synergy_legacy_cost (m)));
  sm_export_set_int (f, "in_portfolio", in_portfolio);
  sm_export_set_string (f, "status", m->status);
  sm_export_set_string (f, "note", note);
}

/* The fields of DATA-MODEL.md; cost_eur kept for files made before */
static const char * const line_fields[] = {
  "supply_flow_id", "demand_flow_id", "supply_site", "demand_site", "resource",
  "matched_amount", "unit", "capacity_mw", "delivered_net", "heat_loss_mwh", "straight_m",
  "route_m", "route_method", "heat_pump", "cop", "investment_eur", "annual_cost_eur_yr",
  "lcoh_eur_mwh", "payback_yr", "co2_avoided_t_yr", "transport", "trucks_per_yr",
  "electricity_mwh_yr", "cost_eur", "in_portfolio", "status", "note", NULL };
static const OGRFieldType line_types[] = {
  OFTInteger64, OFTInteger64, OFTString, OFTString, OFTString,
  OFTReal, OFTString, OFTReal, OFTReal, OFTReal, OFTReal,
  OFTReal, OFTString, OFTInteger, OFTReal, OFTReal, OFTReal,
  OFTReal, OFTReal, OFTReal, OFTString, OFTReal,
  OFTReal, OFTReal, OFTInteger, OFTString, OFTString };
static const char * const point_fields[] = {
  "supply_flow_id", "demand_flow_id", "supply_site", "demand_site", "resource",
  "matched_amount", "unit", "capacity_mw", "delivered_net", "heat_loss_mwh",
  "heat_pump", "cop", "investment_eur", "annual_cost_eur_yr",
  "lcoh_eur_mwh", "payback_yr", "co2_avoided_t_yr", "transport", "trucks_per_yr",
  "electricity_mwh_yr", "cost_eur", "in_portfolio", "status", "note", NULL };
static const OGRFieldType point_types[] = {
  OFTInteger64, OFTInteger64, OFTString, OFTString, OFTString,
  OFTReal, OFTString, OFTReal, OFTReal, OFTReal,
  OFTInteger, OFTReal, OFTReal, OFTReal,
  OFTReal, OFTReal, OFTReal, OFTString, OFTReal,
  OFTReal, OFTReal, OFTInteger, OFTString, OFTString };

G_STATIC_ASSERT (G_N_ELEMENTS (line_fields) == G_N_ELEMENTS (line_types) + 1);
G_STATIC_ASSERT (G_N_ELEMENTS (point_fields) == G_N_ELEMENTS (point_types) + 1);

gboolean
sm_export_write_synergies (Writer  *w,
                           GError **error)
{
  SmMatchOptions match_options;
  g_autoptr (GPtrArray) matches = NULL;
  g_autoptr (SmPortfolio) portfolio = NULL;
  g_autoptr (GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  OGRLayerH lines = NULL, points = NULL;

  sm_match_options_init (&match_options);
  match_options.radius_km = w->options->radius_km;
  matches = sm_synergy_find_all (w->project, &match_options, NULL, NULL, w->cancellable, error);
  if (matches == NULL)
    return FALSE;
  /* The portfolio of the same pairs, not a second search: it gets copies,
   * as it changes their amounts to what it allocates */
  {
    g_autoptr (GPtrArray) copies = g_ptr_array_new_full (matches->len,
                                                         (GDestroyNotify) sm_synergy_free);

    for (guint i = 0; i < matches->len; i++)
      g_ptr_array_add (copies, sm_synergy_copy (g_ptr_array_index (matches, i)));
    portfolio = sm_portfolio_allocate (w->project, copies, error);
    if (portfolio == NULL)
      return FALSE;
  }
  for (guint i = 0; i < portfolio->allocations->len; i++)
    {
      SmAllocation *a = g_ptr_array_index (portfolio->allocations, i);
      g_hash_table_add (kept, pair_key (a->synergy->supply_flow_id, a->synergy->demand_flow_id));
    }

  if (w->options->layers & SM_EXPORT_SYNERGIES)
    {
      lines = sm_export_create_layer (w, "synergies", wkbLineString,
                                      _("Synergies: supplies and the demands nearby that can use them"),
                                      line_fields, line_types, error);
      if (lines == NULL)
        return FALSE;
    }
  if (w->options->layers & SM_EXPORT_INTERNAL_SYNERGIES)
    {
      points = sm_export_create_layer (w, "internal_synergies", wkbPoint,
                                       _("Internal synergies: a supply and a demand at the same site"),
                                       point_fields, point_types, error);
      if (points == NULL)
        return FALSE;
    }

  for (guint i = 0; i < matches->len; i++)
    {
      SmSynergy *m = g_ptr_array_index (matches, i);
      g_autofree char *key = pair_key (m->supply_flow_id, m->demand_flow_id);
      OGRLayerH layer = m->internal ? points : lines;
      OGRFeatureH f;
      OGRGeometryH g;
      gboolean ok;

      if (layer == NULL || !sm_export_keep_resource (w, m->resource))
        continue;
      f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      set_synergy_fields (f, m, g_hash_table_contains (kept, key), !m->internal);
      if (m->internal)
        g = sm_export_point (m->supply_lon, m->supply_lat);
      else
        {
          g = OGR_G_CreateGeometry (wkbLineString);
          if (m->route != NULL && m->route->len >= 4)
            for (guint k = 0; k + 1 < m->route->len; k += 2)
              OGR_G_AddPoint_2D (g, g_array_index (m->route, double, k),
                                 g_array_index (m->route, double, k + 1));
          else
            {
              OGR_G_AddPoint_2D (g, m->supply_lon, m->supply_lat);
              OGR_G_AddPoint_2D (g, m->demand_lon, m->demand_lat);
            }
        }
      ok = sm_export_add_feature (w, layer, f, g, error);
      OGR_F_Destroy (f);
      if (!ok || ((i & 255) == 0 && !sm_export_report (w, i, matches->len, error)))
        return FALSE;
      if (m->internal)
        w->counts.internal_synergies++;
      else
        w->counts.synergies++;
    }
  return TRUE;
}

gboolean
sm_export_write_exchanges (Writer  *w,
                           GError **error)
{
  static const char * const fields[] = {
    "exchange_id", "supply_site", "demand_site", "resource", "status", "note", "created",
    "updated", "source_file", NULL };
  static const OGRFieldType types[] = {
    OFTInteger64, OFTString, OFTString, OFTString, OFTString, OFTString, OFTString, OFTString,
    OFTString };
  OGRLayerH layer;
  SmStmt *stmt;
  int rc;

  layer = sm_export_create_layer (w, "exchanges", wkbLineString,
                                  _("Exchanges: synergies recorded as existing or being worked on"),
                                  fields, types, error);
  if (layer == NULL)
    return FALSE;
  stmt = sm_project_prepare (w->project,
                             "SELECT e.exchange_id, ss.name, sd.name, fs.resource, e.status, e.note, "
                             "e.created_at, e.updated_at, ST_X (ss.geom), ST_Y (ss.geom), "
                             "ST_X (sd.geom), ST_Y (sd.geom), ss.site_id = sd.site_id, "
                             "e.source_file "
                             "FROM exchanges e JOIN flows fs ON fs.flow_id = e.supply_flow_id "
                             "JOIN flows fd ON fd.flow_id = e.demand_flow_id "
                             "JOIN sites ss ON ss.site_id = fs.site_id "
                             "JOIN sites sd ON sd.site_id = fd.site_id ORDER BY e.exchange_id",
                             error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      OGRFeatureH f;
      OGRGeometryH g;
      double x1 = sm_stmt_column_double (stmt, 8), y1 = sm_stmt_column_double (stmt, 9);
      double x2 = sm_stmt_column_double (stmt, 10), y2 = sm_stmt_column_double (stmt, 11);
      const char *source_file = sm_stmt_column_text (stmt, 13);
      g_autofree char *note = NULL;
      gboolean ok;

      if (!sm_export_keep_resource (w, sm_resource_from_key (sm_stmt_column_text (stmt, 3))))
        continue;
      f = OGR_F_Create (OGR_L_GetLayerDefn (layer));
      sm_export_set_int (f, "exchange_id", sm_stmt_column_int64 (stmt, 0));
      sm_export_set_string (f, "supply_site", sm_stmt_column_text (stmt, 1));
      sm_export_set_string (f, "demand_site", sm_stmt_column_text (stmt, 2));
      sm_export_set_string (f, "resource", sm_stmt_column_text (stmt, 3));
      sm_export_set_string (f, "status", sm_stmt_column_text (stmt, 4));
      /* The note for people reading the layer, in the language of the
       * export like the synergies' notes; the file alone in source_file */
      note = sm_exchange_display_note (sm_stmt_column_text (stmt, 5), source_file);
      sm_export_set_string (f, "note", note);
      sm_export_set_string (f, "source_file", source_file);
      sm_export_set_string (f, "created", sm_stmt_column_text (stmt, 6));
      sm_export_set_string (f, "updated", sm_stmt_column_text (stmt, 7));
      /* An exchange inside one site has no line: leave its geometry empty
       * rather than write an invalid zero-length line */
      g = NULL;
      if (!sm_stmt_column_int (stmt, 12))
        {
          g = OGR_G_CreateGeometry (wkbLineString);
          OGR_G_AddPoint_2D (g, x1, y1);
          OGR_G_AddPoint_2D (g, x2, y2);
        }
      ok = sm_export_add_feature (w, layer, f, g, error);
      OGR_F_Destroy (f);
      if (!ok)
        {
          sm_stmt_reset (stmt);
          return FALSE;
        }
      w->counts.exchanges++;
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (w->project, error, _("The project could not read its exchanges: %s"));
      return FALSE;
    }
  return TRUE;
}

/* QGIS styles, written by hand (QGIS reads QML from layer_styles; no
 * library writes it). A rule-based renderer: existing exchanges black,
 * heat-pump pairs dashed (lines) or triangles (points), the rest solid;
 * the colour runs from green (cheap) to red (dear) over 0–100 in the
 * unit of the levelised cost, grey when there is none. */

#define COLOUR_BY_LCOH \
  "if(\"lcoh_eur_mwh\" IS NULL, '150,150,150,255', " \
  "color_hsl(scale_linear(\"lcoh_eur_mwh\", 0, 100, 120, 0), 75, 42))"
#define WIDTH_BY_AMOUNT "0.4 + 0.6 * log10(1 + \"matched_amount\")"

static void
append_property (GString    *qml,
                 const char *name,
                 const char *expression)
{
  g_autofree char *escaped = g_markup_escape_text (expression, -1);

  g_string_append_printf (qml,
                          "<Option name=\"%s\" type=\"Map\">"
                          "<Option type=\"bool\" name=\"active\" value=\"true\"/>"
                          "<Option type=\"QString\" name=\"expression\" value=\"%s\"/>"
                          "<Option type=\"int\" name=\"type\" value=\"3\"/></Option>",
                          name, escaped);
}

static void
append_rule_symbol (GString    *qml,
                    int         index,
                    gboolean    points,
                    gboolean    dashed,
                    gboolean    by_amount,
                    const char *fixed_colour) /* NULL: by levelised cost */
{
  g_string_append_printf (qml,
                          "<symbol type=\"%s\" name=\"%d\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
                          "<layer class=\"%s\" enabled=\"1\" pass=\"0\" locked=\"0\"><Option type=\"Map\">",
                          points ? "marker" : "line", index, points ? "SimpleMarker" : "SimpleLine");
  if (points)
    g_string_append_printf (qml,
                            "<Option type=\"QString\" name=\"color\" value=\"%s\"/>"
                            "<Option type=\"QString\" name=\"name\" value=\"%s\"/>"
                            "<Option type=\"QString\" name=\"size\" value=\"4\"/>"
                            "<Option type=\"QString\" name=\"outline_color\" value=\"35,35,35,255\"/>"
                            "<Option type=\"QString\" name=\"outline_width\" value=\"0.3\"/>",
                            fixed_colour ? fixed_colour : "150,150,150,255", dashed ? "triangle" : "circle");
  else
    g_string_append_printf (qml,
                            "<Option type=\"QString\" name=\"line_color\" value=\"%s\"/>"
                            "<Option type=\"QString\" name=\"line_width\" value=\"0.8\"/>"
                            "<Option type=\"QString\" name=\"line_width_unit\" value=\"MM\"/>"
                            "<Option type=\"QString\" name=\"line_style\" value=\"%s\"/>"
                            "<Option type=\"QString\" name=\"capstyle\" value=\"round\"/>",
                            fixed_colour ? fixed_colour : "150,150,150,255", dashed ? "dash" : "solid");
  g_string_append (qml, "</Option><data_defined_properties><Option type=\"Map\">"
                        "<Option type=\"QString\" name=\"name\" value=\"\"/>"
                        "<Option name=\"properties\" type=\"Map\">");
  if (fixed_colour == NULL)
    append_property (qml, points ? "fillColor" : "outlineColor", COLOUR_BY_LCOH);
  if (!points && by_amount)
    append_property (qml, "outlineWidth", WIDTH_BY_AMOUNT);
  g_string_append (qml, "</Option><Option type=\"QString\" name=\"type\" value=\"collection\"/>"
                        "</Option></data_defined_properties></layer></symbol>");
}

char *
sm_export_synergy_qml (gboolean points)
{
  static const struct
  {
    const char *filter;
    const char *label;
  } rules[] = {
    { "\"status\" = 'operational'", N_("Existing exchange") },
    { "\"heat_pump\" = 1", N_("Through a heat pump, by levelised cost") },
    { "ELSE", N_("By levelised cost: green cheap, red dear") },
  };
  GString *qml = g_string_new ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
                               "<qgis version=\"3.28.0\" styleCategories=\"Symbology\">"
                               "<renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" "
                               "enableorderby=\"0\" forceraster=\"0\"><rules key=\"root\">");

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autofree char *filter = g_markup_escape_text (rules[i].filter, -1);
      g_autofree char *label = g_markup_escape_text (_(rules[i].label), -1);

      g_string_append_printf (qml, "<rule key=\"r%u\" symbol=\"%u\" filter=\"%s\" label=\"%s\"/>",
                              i, i, filter, label);
    }
  g_string_append (qml, "</rules><symbols>");
  append_rule_symbol (qml, 0, points, FALSE, TRUE, "20,20,20,255");
  append_rule_symbol (qml, 1, points, TRUE, TRUE, NULL);
  append_rule_symbol (qml, 2, points, FALSE, TRUE, NULL);
  g_string_append (qml, "</symbols></renderer-v2></qgis>");
  return g_string_free (qml, FALSE);
}

char *
sm_export_exchange_qml (void)
{
  GString *qml = g_string_new ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
                               "<qgis version=\"3.28.0\" styleCategories=\"Symbology\">"
                               "<renderer-v2 type=\"RuleRenderer\" symbollevels=\"0\" "
                               "enableorderby=\"0\" forceraster=\"0\"><rules key=\"root\">");
  g_autofree char *operational = g_markup_escape_text (_("Existing exchange"), -1);
  g_autofree char *other = g_markup_escape_text (_("Being worked on"), -1);

  g_string_append_printf (qml, "<rule key=\"r0\" symbol=\"0\" filter=\"&quot;status&quot; = "
                               "'operational'\" label=\"%s\"/>"
                               "<rule key=\"r1\" symbol=\"1\" filter=\"ELSE\" label=\"%s\"/>",
                          operational, other);
  g_string_append (qml, "</rules><symbols>");
  append_rule_symbol (qml, 0, FALSE, FALSE, FALSE, "20,20,20,255");
  append_rule_symbol (qml, 1, FALSE, TRUE, FALSE, "120,120,120,255");
  g_string_append (qml, "</symbols></renderer-v2></qgis>");
  return g_string_free (qml, FALSE);
}
