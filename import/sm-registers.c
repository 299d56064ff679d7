/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Public registers read as they are downloaded, recognised from their
 * columns, with no --map (docs/DATA-MODEL.md, "Public registers"):
 *
 * - Hotmaps industrial database (Industrial_Database.csv): one site per
 *   row keyed by SiteID; excess heat per temperature band (GWh/yr, as the
 *   data set documents its Excess_Heat_* columns) as heat supplies at the
 *   band's lower temperature; Emissions_ETS_2014 (t CO2/yr) as a co2 supply.
 * - E-PRTR / Industrial Emissions Portal releases: one row per facility
 *   and pollutant, the years as columns (or a reportingYear column); one
 *   site per FacilityInspireID at the position of its latest year; the
 *   CO2 releases (kg/yr in the register) of the latest year with a value
 *   as a co2 supply in t/yr; other pollutants left out with one note.
 *
 * Each facility and flow keeps the register's key, so importing the
 * register again updates in place. A facility new to the project that is
 * within 500 m of a site whose name agrees (sm-reconcile.c) joins that
 * site, which then keeps both registers' keys.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sm-db.h"
#include "sm-geom-text.h"
#include "sm-number-notes.h"
#include "sm-parse.h"
#include "sm-project-registers.h"
#include "sm-reconcile.h"
#include "sm-registers.h"
#include "sm-registers-private.h"

/* How close a facility of another register must be to join a site whose
 * name agrees: docs/DATA-MODEL.md. */
#define RECONCILE_WITHIN_M 500.0

/* GWh to MWh */
#define MWH_PER_GWH 1000.0

static const char * const hotmaps_columns[] = {
  "SiteID", "CompanyName", "SiteName", "geom", "Excess_Heat_100-200C", "Excess_Heat_200-500C",
  "Excess_Heat_500C", NULL
};
static const char * const eprtr_columns[] = {
  "FacilityInspireID", "facilityName", "Longitude", "Latitude", "pollutant", NULL
};

/* The excess heat bands of the Hotmaps database and their lower temperature */
static const struct
{
  const char *column;
  int         temperature_c;
} hotmaps_bands[] = {
  { "Excess_Heat_100-200C", 100 },
  { "Excess_Heat_200-500C", 200 },
  { "Excess_Heat_500C", 500 },
};

static int
column_in (GPtrArray  *columns,
           const char *name)
{
  for (guint i = 0; i < columns->len; i++)
    if (g_ascii_strcasecmp (g_ptr_array_index (columns, i), name) == 0)
      return i;
  return -1;
}

static gboolean
has_all (GPtrArray          *columns,
         const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (column_in (columns, names[i]) < 0)
      return FALSE;
  return TRUE;
}

/**
 * sm_register_detect:
 * @columns: (element-type utf8): a layer's columns
 *
 * Returns: the register whose columns the layer has, or %SM_REGISTER_NONE
 */
SmRegister
sm_register_detect (GPtrArray *columns)
{
  if (columns == NULL)
    return SM_REGISTER_NONE;
  if (has_all (columns, hotmaps_columns))
    return SM_REGISTER_HOTMAPS;
  if (has_all (columns, eprtr_columns))
    return SM_REGISTER_EPRTR;
  return SM_REGISTER_NONE;
}

const char *
sm_register_get_label (SmRegister reg)
{
  switch (reg)
    {
    case SM_REGISTER_HOTMAPS:
      return _("Hotmaps industrial database");
    case SM_REGISTER_EPRTR:
      return _("E-PRTR / Industrial Emissions Portal releases");
    case SM_REGISTER_NONE:
    default:
      return NULL;
    }
}

/* The name the project keeps the register's keys under */
const char *
sm_register_get_key (SmRegister reg)
{
  switch (reg)
    {
    case SM_REGISTER_HOTMAPS:
      return "hotmaps";
    case SM_REGISTER_EPRTR:
      return "eprtr";
    case SM_REGISTER_NONE:
    default:
      return NULL;
    }
}

/**
 * sm_register_describe:
 *
 * Returns: (transfer full): what importing @layer as @reg brings in, for
 *   the import dialog and the CLI
 */
char *
sm_register_describe (SmRegister           reg,
                      const SmSourceLayer *layer)
{
  switch (reg)
    {
    case SM_REGISTER_HOTMAPS:
      /* TRANSLATORS: %s is the register's name, e.g. Hotmaps industrial database; keep SiteID as
       * it is */
      return g_strdup_printf (_("Recognised: %s. Each row becomes a site, keyed by SiteID; its "
                                "excess heat becomes heat supplies at 100, 200 and 500 °C (the "
                                "lower temperature of each band) and its ETS emissions a CO2 "
                                "supply. Importing it again updates these in place."),
                              sm_register_get_label (reg));
    case SM_REGISTER_EPRTR:
      /* TRANSLATORS: %s is the register's name, e.g. E-PRTR releases; keep FacilityInspireID as it
       * is */
      return g_strdup_printf (_("Recognised: %s. Each facility (FacilityInspireID) becomes one "
                                "site at the position of its latest year; its CO2 releases of the "
                                "latest year with a value become a CO2 supply in t/yr; other "
                                "pollutants are left out. Importing it again updates these in "
                                "place."),
                              sm_register_get_label (reg));
    case SM_REGISTER_NONE:
    default:
      return NULL;
    }
}

/* Reading */

G_GNUC_INTERNAL int
sm_reg_column (OGRFeatureDefnH defn,
               const char     *name)
{
  for (int i = 0; i < OGR_FD_GetFieldCount (defn); i++)
    if (g_ascii_strcasecmp (OGR_Fld_GetNameRef (OGR_FD_GetFieldDefn (defn, i)), name) == 0)
      return i;
  return -1;
}

/* The cell as UTF-8, trimmed, runs of spaces made one; NULL when empty */
G_GNUC_INTERNAL char *
sm_reg_text_at (OGRFeatureH feature,
                int         col)
{
  char *text;
  char *w;

  if (col < 0 || !OGR_F_IsFieldSetAndNotNull (feature, col))
    return NULL;
  text = sm_text_to_utf8 (OGR_F_GetFieldAsString (feature, col));
  if (text == NULL)
    return NULL;
  w = text;
  for (const char *p = text; *p; p++)
    if (!(g_ascii_isspace (*p) && (w == text || g_ascii_isspace (w[-1]))))
      *w++ = g_ascii_isspace (*p) ? ' ' : *p;
  while (w > text && w[-1] == ' ')
    w--;
  *w = '\0';
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

G_GNUC_INTERNAL gboolean
sm_reg_reject_row (Reader     *g,
                   int         row,
                   const char *field,
                   const char *value,
                   char       *reason,
                   GError    **error)
{
  SmRejectedRow *rr = g_new0 (SmRejectedRow, 1);

  rr->row = row;
  rr->field = g_strdup (field);
  rr->value = g_strdup (value);
  rr->reason = reason;
  g_ptr_array_add (g->out->rejected, rr);
  return sm_project_add_rejected_row (g->project, g->out->import_id, row, field, value, reason, error);
}

G_GNUC_INTERNAL gboolean
sm_reg_point_ok (double lat,
                 double lon)
{
  return isfinite (lat) && isfinite (lon) && fabs (lat) <= 90 && fabs (lon) <= 180
         && !(lat == 0 && lon == 0);
}

static void
note_rename (Reader     *g,
             int         row,
             const char *key,
             const char *old_name,
             const char *new_name)
{
  g_ptr_array_add (g->out->notes,
                   /* TRANSLATORS: row number, the site's old name, its new name, then the register
                    * and its key */
                   g_strdup_printf (_("Row %d: “%s” is now called “%s” (%s %s); the site keeps its "
                                      "flows and its former name"),
                                    row, old_name, new_name, sm_register_get_label (g->reg), key));
}

static gboolean
add_names (Reader     *g,
           gint64      site_id,
           GPtrArray  *names,
           const char *kind,
           GError    **error)
{
  for (guint i = 0; names != NULL && i < names->len; i++)
    if (!sm_project_add_site_name (g->project, site_id, g_ptr_array_index (names, i), kind,
                                   g->reg_key, error))
      return FALSE;
  return TRUE;
}

/* The site of the register's facility @key: the one with that key, else a
 * site within 500 m one of whose names agrees with one of the facility's
 * (its name, @alias, its @former names), else a new one. Returns 0 on
 * error. */
G_GNUC_INTERNAL gint64
sm_reg_upsert_site (Reader     *g,
                    int         row,
                    const char *key,
                    SmSite     *site,
                    const char *alias,
                    GPtrArray  *former,
                    GError    **error)
{
  g_autofree char *last_name = NULL;
  g_autofree char *matched = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  double last_lat = NAN, last_lon = NAN;
  gint64 id = sm_project_find_register_site (g->project, g->reg_key, key, &last_name, &last_lat,
                                             &last_lon, error);

  if (id < 0)
    return 0;
  if (id > 0)
    {
      /* The register's own facility: what the register changed since it
       * said last, and only that, so another register's name and a
       * planner's edits stay. */
      SmSite change = *site;
      g_autoptr (SmSite) now = sm_project_get_site (g->project, id, error);
      g_autofree char *keys = NULL;

      if (now == NULL)
        return 0;
      /* A site other registers describe too keeps what they said: this
       * register only fills the fields it has empty. */
      keys = sm_project_get_register_keys (g->project, id, NULL);
      if (keys != NULL && strchr (keys, ',') != NULL)
        {
#define FILL_ONLY(field) if (now->field != NULL) change.field = NULL
          FILL_ONLY (org_number);
          FILL_ONLY (sector);
          FILL_ONLY (address);
          FILL_ONLY (contact_name);
          FILL_ONLY (contact_email);
          FILL_ONLY (phone);
          FILL_ONLY (notes);
#undef FILL_ONLY
        }
      change.name = NULL;
      if (g_strcmp0 (last_name, site->name) != 0)
        {
          change.name = site->name;
          if (!sm_project_add_site_name (g->project, id, now->name, "former", g->reg_key, error))
            return 0;
          note_rename (g, row, key, now->name, site->name);
        }
      if (isfinite (last_lat) && fabs (last_lat - site->lat) < 1e-9 && fabs (last_lon - site->lon) < 1e-9)
        change.lat = change.lon = NAN;
      if (!sm_project_merge_site (g->project, id, &change, error)
          || !add_names (g, id, former, "former", error)
          || !sm_project_set_register_site (g->project, g->reg_key, key, id, site->name, site->lat,
                                            site->lon, error))
        return 0;
      g->out->sites_merged++;
      return id;
    }

  g_ptr_array_add (names, site->name);
  if (alias != NULL)
    g_ptr_array_add (names, (gpointer) alias);
  for (guint i = 0; former != NULL && i < former->len; i++)
    g_ptr_array_add (names, g_ptr_array_index (former, i));
  g_ptr_array_add (names, NULL);
  id = sm_reconcile_find_near (g->project, (const char * const *) names->pdata, g->reg_key,
                               site->lat, site->lon, RECONCILE_WITHIN_M, &matched, error);
  if (id < 0)
    return 0;
  if (id > 0)
    {
      g_autoptr (SmSite) there = sm_project_get_site (g->project, id, NULL);
      const char *there_name = there ? there->name : matched;
      /* The register itself shows the facility renamed, and the site still
       * has an older name: the site takes the newest. */
      gboolean renamed = former != NULL && former->len > 0
                         && !sm_reconcile_names_agree (there_name, site->name);

      g_ptr_array_add (g->out->notes,
                       /* TRANSLATORS: row number, the register and its key, the facility's name,
                        * the site's name in the project, a distance in metres */
                       g_strdup_printf (_("Row %d: %s %s, “%s”, is the site “%s” already in the "
                                          "project (within %.0f m, and the names agree once case, "
                                          "accents and legal forms are set aside); it keeps both keys"),
                                        row, sm_register_get_label (g->reg), key, site->name,
                                        there_name, RECONCILE_WITHIN_M));
      if (renamed)
        {
          SmSite change = { 0 };

          change.name = site->name;
          change.lat = change.lon = NAN;
          if (!sm_project_add_site_name (g->project, id, there_name, "former", g->reg_key, error)
              || !sm_project_merge_site (g->project, id, &change, error))
            return 0;
          note_rename (g, row, key, there_name, site->name);
        }
      else if (!sm_project_add_site_name (g->project, id, site->name, "alias", g->reg_key, error))
        return 0;
      if ((alias != NULL && !sm_project_add_site_name (g->project, id, alias, "alias", g->reg_key, error))
          || !add_names (g, id, former, "former", error)
          || !sm_project_set_register_site (g->project, g->reg_key, key, id, site->name, site->lat,
                                            site->lon, error))
        return 0;
      g->out->sites_merged++;
      return id;
    }

  id = sm_project_insert_site (g->project, site, g->out->import_id, error);
  if (id <= 0)
    return 0;
  if (alias != NULL && !sm_reconcile_names_agree (alias, site->name)
      && !sm_project_add_site_name (g->project, id, alias, "alias", g->reg_key, error))
    return 0;
  if (!add_names (g, id, former, "former", error)
      || !sm_project_set_register_site (g->project, g->reg_key, key, id, site->name, site->lat,
                                        site->lon, error))
    return 0;
  if (former != NULL && former->len > 0)
    note_rename (g, row, key, g_ptr_array_index (former, former->len - 1), site->name);
  g->out->sites_created++;
  return id;
}

/* Whether @flow_id also carries the key of @other */
static int
flow_has_register (Reader     *g,
                   gint64      flow_id,
                   const char *other,
                   GError    **error)
{
  SmStmt *stmt = sm_project_prepare (g->project,
                                           "SELECT EXISTS (SELECT 1 FROM register_flows "
                                           "WHERE flow_id = ? AND register = ?)",
                                           error);
  int has;

  if (stmt == NULL)
    return -1;
  sm_stmt_bind_int64 (stmt, 1, flow_id);
  sm_stmt_bind_text (stmt, 2, other, -1);
  has = sm_stmt_step (stmt, error) == SM_STMT_ROW ? sm_stmt_column_int (stmt, 0) : -1;
  sm_stmt_reset (stmt);
  if (has < 0)
    /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
    sm_project_set_sql_error (g->project, error, _("The project could not look up a flow: %s"));
  return has;
}

/* Another register's co2 supply at the site, or 0 */
static gint64
other_co2_flow (Reader  *g,
                gint64   site_id,
                GError **error)
{
  SmStmt *stmt = sm_project_prepare (g->project,
                                           "SELECT f.flow_id FROM flows f JOIN register_flows r USING (flow_id) "
                                           "WHERE f.site_id = ? AND f.resource = 'co2' "
                                           "AND f.direction = 'supply' AND r.register <> ? LIMIT 1",
                                           error);
  gint64 id = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sm_stmt_bind_int64 (stmt, 1, site_id);
  sm_stmt_bind_text (stmt, 2, g->reg_key, -1);
  rc = sm_stmt_step (stmt, error);
  if (rc == SM_STMT_ROW)
    id = sm_stmt_column_int64 (stmt, 0);
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_ROW && rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (g->project, error, _("The project could not look up a flow: %s"));
      return -1;
    }
  return id;
}

/* The supply of the register's flow @key: updated, added, or removed when
 * the register no longer gives an amount. */
G_GNUC_INTERNAL gboolean
sm_reg_upsert_flow (Reader     *g,
                    const char *key,
                    gint64      site_id,
                    SmResource  resource,
                    double      amount,
                    double      temperature_c,
                    const char *notes,
                    GError    **error)
{
  gint64 id = sm_project_find_register_flow (g->project, g->reg_key, key, error);
  gboolean has_amount = isfinite (amount) && amount > 0;

  if (id < 0)
    return FALSE;
  /* One CO2 supply per site: the same emissions reported to both
   * registers. The E-PRTR figure (reported each year) wins over Hotmaps'
   * ETS 2014 figure. */
  if (resource == SM_RESOURCE_CO2 && id == 0 && has_amount)
    {
      gint64 other = other_co2_flow (g, site_id, error);

      if (other < 0)
        return FALSE;
      if (other > 0)
        {
          if (g->reg == SM_REGISTER_EPRTR
              && !sm_project_update_flow_amount (g->project, other, amount, NAN, notes, error))
            return FALSE;
          return sm_project_set_register_flow (g->project, g->reg_key, key, other, error);
        }
    }
  if (id > 0)
    {
      if (resource == SM_RESOURCE_CO2 && g->reg == SM_REGISTER_HOTMAPS)
        {
          int has = flow_has_register (g, id, sm_register_get_key (SM_REGISTER_EPRTR), error);

          if (has < 0)
            return FALSE;
          if (has)
            return TRUE;
        }
      if (!has_amount)
        return sm_project_delete_register_flow (g->project, id, error);
      return sm_project_update_flow_amount (g->project, id, amount, temperature_c, notes, error);
    }
  if (!has_amount)
    return TRUE;
  {
    SmFlow flow = { 0 };

    flow.site_id = site_id;
    flow.direction = SM_DIRECTION_SUPPLY;
    flow.resource = resource;
    flow.amount = amount;
    flow.unit = (char *) sm_resource_get_unit (resource);
    flow.temperature_c = temperature_c;
    flow.hours_per_year = NAN;
    flow.notes = (char *) notes;
    id = sm_project_insert_flow (g->project, &flow, g->out->import_id, error);
    if (id <= 0)
      return FALSE;
  }
  return sm_project_set_register_flow (g->project, g->reg_key, key, id, error);
}

G_GNUC_INTERNAL double
sm_reg_amount_at (Reader       *g,
                  OGRFeatureH   feature,
                  int           col,
                  SmNumberStyle style)
{
  g_autofree char *text = sm_reg_text_at (feature, col);
  double v = NAN;

  if (text == NULL || sm_parse_number (text, style, &v) == SM_NUMBER_INVALID)
    return NAN;
  /* "13233.378": read as the register writes its numbers, and said so */
  if (sm_number_is_ambiguous (text))
    {
      if (g->n_ambiguous++ == 0)
        g->ambiguous = g_strdup (text);
      g->ambiguous_style = style;
    }
  return v;
}

static void
note_ambiguous (Reader *g)
{
  if (g->n_ambiguous == 0)
    return;
  g_ptr_array_add (g->out->notes,
                   g_strdup_printf (g->ambiguous_style == SM_NUMBER_STYLE_COMMA_DECIMAL
                                      ? g_dngettext (GETTEXT_PACKAGE,
                                                     /* TRANSLATORS: %d is a number of values,
                                                      * %s one of them as written */
                                                     "%d number like “%s” was read with the dot grouping thousands, as the file writes decimal commas",
                                                     "%d numbers like “%s” were read with the dot grouping thousands, as the file writes decimal commas",
                                                     g->n_ambiguous)
                                      : g_dngettext (GETTEXT_PACKAGE,
                                                     /* TRANSLATORS: %d is a number of values,
                                                      * %s one of them as written */
                                                     "%d number like “%s” was read with the dot as a decimal point, as the file writes its numbers",
                                                     "%d numbers like “%s” were read with the dot as a decimal point, as the file writes its numbers",
                                                     g->n_ambiguous),
                                    g->n_ambiguous, g->ambiguous));
}

/* Hotmaps */

static gboolean
import_hotmaps (Reader       *g,
                OGRLayerH     layer,
                GCancellable *cancellable,
                GError      **error)
{
  OGRFeatureDefnH defn = OGR_L_GetLayerDefn (layer);
  int c_id = sm_reg_column (defn, "SiteID"), c_company = sm_reg_column (defn, "CompanyName");
  int c_site = sm_reg_column (defn, "SiteName"), c_address = sm_reg_column (defn, "Address");
  int c_postcode = sm_reg_column (defn, "CityCode"), c_city = sm_reg_column (defn, "City");
  int c_geom = sm_reg_column (defn, "geom"), c_sector = sm_reg_column (defn, "Subsector");
  int c_ets = sm_reg_column (defn, "Emissions_ETS_2014");
  int c_band[G_N_ELEMENTS (hotmaps_bands)];
  OGRFeatureH feature;
  int index = 0;

  for (guint b = 0; b < G_N_ELEMENTS (hotmaps_bands); b++)
    c_band[b] = sm_reg_column (defn, hotmaps_bands[b].column);

  OGR_L_ResetReading (layer);
  while ((feature = OGR_L_GetNextFeature (layer)) != NULL)
    {
      int row = ++index + 1;
      g_autofree char *key = sm_reg_text_at (feature, c_id);
      g_autofree char *company = sm_reg_text_at (feature, c_company);
      g_autofree char *site_name = sm_reg_text_at (feature, c_site);
      g_autofree char *geom_text = sm_reg_text_at (feature, c_geom);
      g_autofree char *street = sm_reg_text_at (feature, c_address);
      g_autofree char *postcode = sm_reg_text_at (feature, c_postcode);
      g_autofree char *city = sm_reg_text_at (feature, c_city);
      g_autofree char *sector = sm_reg_text_at (feature, c_sector);
      g_autofree char *address = NULL;
      SmSite site = { 0 };
      OGRGeometryH geom = NULL;
      int srid = 0;
      gint64 site_id;
      gboolean ok = TRUE;

      g->out->rows_read++;
      site.name = site_name ? site_name : company;
      site.lat = site.lon = NAN;
      if (geom_text != NULL && (geom = sm_geom_from_text (geom_text, &srid)) != NULL
          && !OGR_G_IsEmpty (geom))
        {
          OGRGeometryH point = OGR_G_CreateGeometry (wkbPoint);

          OGR_G_Centroid (geom, point);
          site.lon = OGR_G_GetX (point, 0);
          site.lat = OGR_G_GetY (point, 0);
          OGR_G_DestroyGeometry (point);
          if (srid > 0 && srid != 4326 && !sm_geom_transform_point (srid, &site.lon, &site.lat))
            site.lat = NAN;
        }
      if (geom)
        OGR_G_DestroyGeometry (geom);

      if (key == NULL)
        ok = sm_reg_reject_row (g, row, "SiteID", NULL, g_strdup (_("the register's key (SiteID) is missing")),
                         error);
      else if (site.name == NULL)
        ok = sm_reg_reject_row (g, row, "SiteName", NULL, g_strdup (_("the name is missing")), error);
      else if (geom_text == NULL)
        ok = sm_reg_reject_row (g, row, "geom", NULL, g_strdup (_("the location is missing")), error);
      else if (!sm_reg_point_ok (site.lat, site.lon))
        ok = sm_reg_reject_row (g, row, "geom", geom_text,
                         /* TRANSLATORS: %s is the geometry text as written; keep WKT, EWKT and WKB
                          * as they are */
                         g_strdup_printf (_("“%s” is not a location on Earth as WKT, EWKT or WKB"),
                                          geom_text),
                         error);
      else
        {
          address = sm_join_address (street, postcode, city);
          site.address = address;
          site.sector = sector;
          site_id = sm_reg_upsert_site (g, row, key, &site,
                                 site_name != NULL && company != NULL ? company : NULL, NULL, error);
          ok = site_id > 0;
          for (guint b = 0; ok && b < G_N_ELEMENTS (hotmaps_bands); b++)
            {
              g_autofree char *fkey = g_strdup_printf ("%s/heat-%d", key, hotmaps_bands[b].temperature_c);
              /* TRANSLATORS: %s is the register's name, the second %s a temperature band */
              g_autofree char *note = g_strdup_printf (_("%s: excess heat %s"),
                                                       sm_register_get_label (g->reg),
                                                       hotmaps_bands[b].column);
              double gwh = sm_reg_amount_at (g, feature, c_band[b], SM_NUMBER_STYLE_DOT_DECIMAL);

              ok = sm_reg_upsert_flow (g, fkey, site_id, SM_RESOURCE_HEAT, gwh * MWH_PER_GWH,
                                hotmaps_bands[b].temperature_c, note, error);
            }
          if (ok && c_ets >= 0)
            {
              g_autofree char *fkey = g_strdup_printf ("%s/co2", key);
              /* TRANSLATORS: %s is the register's name; ETS is the EU emissions trading system */
              g_autofree char *note = g_strdup_printf (_("%s: ETS emissions 2014"),
                                                       sm_register_get_label (g->reg));

              ok = sm_reg_upsert_flow (g, fkey, site_id, SM_RESOURCE_CO2,
                                sm_reg_amount_at (g, feature, c_ets, SM_NUMBER_STYLE_DOT_DECIMAL), NAN, note,
                                error);
            }
          if (ok)
            g->out->imported++;
        }
      OGR_F_Destroy (feature);
      if (!ok)
        return FALSE;
      if ((index & 255) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * sm_register_import_layer:
 * @out: the layer's result, with its lists made; filled here
 *
 * Imports @layer as the register @reg, inside the caller's transaction.
 *
 * Returns: whether it could; rows it cannot use are in @out->rejected
 */
gboolean
sm_register_import_layer (SmProject     *project,
                          const char    *path,
                          SmRegister     reg,
                          OGRLayerH      layer,
                          SmLayerImport *out,
                          GCancellable  *cancellable,
                          GError       **error)
{
  Reader g = { project, reg, sm_register_get_key (reg), out, 0, NULL, SM_NUMBER_STYLE_UNKNOWN };
  g_autofree char *name = sm_text_to_utf8 (OGR_L_GetName (layer));
  gboolean ok;

  g_return_val_if_fail (reg != SM_REGISTER_NONE, FALSE);
  out->profile = g_strdup (sm_register_get_label (reg));
  out->import_id = sm_project_begin_import (project, path, name, "sites", "EPSG:4326", error);
  if (out->import_id == 0)
    return FALSE;
  ok = reg == SM_REGISTER_HOTMAPS ? import_hotmaps (&g, layer, cancellable, error)
                                  : sm_reg_import_eprtr (&g, layer, cancellable, error);
  note_ambiguous (&g);
  g_free (g.ambiguous);
  return ok && sm_project_finish_import (project, out->import_id, out->rows_read, out->imported,
                                         out->rejected->len, error);
}
