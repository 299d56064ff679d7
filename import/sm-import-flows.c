/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The flows row importer: a flow's direction, resource, amount and unit,
 * the site it belongs to (by site_id, by name or org number, or as a new
 * site), and the exchanges named by partner_site_id, recorded once the
 * layer is read.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include "sm-db.h"
#include "sm-import-private.h"

static const char *
direction_examples (void)
{
  /* TRANSLATORS: the words a file may use for the direction of a flow */
  return _("supply/demand, overskud/behov, överskott/behov");
}

/* The site a flows row names without a location. Returns 1 with @site_id
 * set, 0 with @rej set, -1 on a store error. */
static int
link_site_by_name (LayerReader *r,
                   SmSite      *site,
                   Reject      *rej,
                   gint64      *site_id,
                   GError     **error)
{
  g_autoptr (GArray) ids = NULL;

  if (r->names == NULL)
    r->names = sm_name_index_new ();
  ids = sm_name_index_lookup (r->names, r->project, site->name, site->org_number, error);
  if (ids == NULL)
    return -1;
  if (ids->len == 1)
    {
      *site_id = g_array_index (ids, gint64, 0);
      return 1;
    }
  if (ids->len > 1)
    {
      g_autofree char *candidates = sm_name_index_describe (r->names, r->project, ids);

      sm_import_reject (rej, F_NAME, site->name,
              /* TRANSLATORS: the name the row gives, the number of sites of that name, then
               * those sites listed; keep site_id, it is a column's name */
              g_dngettext (GETTEXT_PACKAGE, "site “%s” is ambiguous: %u site goes by that name (%s); give its site_id or org number",
                           "site “%s” is ambiguous: %u sites go by that name (%s); give their site_id or org number",
                           ids->len),
              site->name ? site->name : site->org_number, ids->len, candidates);
      return 0;
    }
  if (site->name == NULL)
    sm_import_reject (rej, F_ORG_NUMBER, site->org_number,
            /* TRANSLATORS: %s is the organisation number (CVR, organisationsnummer) the row
             * gives */
            _("no site in the project has org number “%s”, and the row has no location"),
            site->org_number);
  else
    /* TRANSLATORS: %s is the site's name as the row gives it */
    sm_import_reject (rej, F_LAT, NULL, _("site “%s” is new and its location is missing"), site->name);
  return 0;
}

int
sm_import_flow_row (LayerReader *r,
                    OGRFeatureH  feature,
                    int          row,
                    Reject      *rej,
                    GError     **error)
{
  SmFlow flow = { 0 };
  SmSite site = { 0 };
  g_autofree char *dir = sm_import_cell (r, feature, F_DIRECTION);
  g_autofree char *res = sm_import_cell (r, feature, F_RESOURCE);
  g_autofree char *amount_text = NULL;
  g_autofree char *unit_text = sm_import_cell (r, feature, F_UNIT);
  g_autofree char *temp_text = NULL;
  g_autofree char *hours_text = NULL;
  g_autofree char *ewc_text = sm_import_cell (r, feature, F_EWC_CODE);
  g_autofree char *partner = sm_import_cell (r, feature, F_PARTNER);
  g_autofree char *why = NULL;
  SmNumberResult how, other_how = SM_NUMBER_OK;
  SmUnit unit = { 0 };
  double amount = 0, read_amount;
  int result = 0;

  flow.temperature_c = flow.hours_per_year = NAN;
  sm_import_site_from_row (r, feature, &site);

  if (dir == NULL)
    {
      /* TRANSLATORS: %s lists the words a file may use, “supply/demand, overskud/behov, …” */
      sm_import_reject (rej, F_DIRECTION, NULL, _("the direction is missing (%s)"), direction_examples ());
      goto out;
    }
  if ((flow.direction = sm_parse_direction (dir)) == SM_DIRECTION_INVALID)
    {
      /* TRANSLATORS: the cell's text, then the words a file may use, “supply/demand,
       * overskud/behov, …” */
      sm_import_reject (rej, F_DIRECTION, dir, _("direction “%s” is not one of %s"), dir, direction_examples ());
      goto out;
    }
  if (res == NULL)
    {
      sm_import_reject (rej, F_RESOURCE, NULL, _("the resource is missing"));
      goto out;
    }
  if ((flow.resource = sm_parse_resource (res)) == SM_RESOURCE_INVALID)
    {
      sm_import_reject (rej, F_RESOURCE, res,
              /* TRANSLATORS: %s is the cell's text; keep the six keys in English, they are what
               * a file may use */
              _("resource “%s” is unknown: use heat, steam, cooling, water, co2 or material"), res);
      goto out;
    }

  switch (sm_import_number_cell (r, feature, F_AMOUNT, r->amount_style, &amount, &amount_text, &how))
    {
    case NUM_MISSING:
      sm_import_reject (rej, F_AMOUNT, NULL, _("the amount is missing"));
      goto out;
    case NUM_BAD:
      /* TRANSLATORS: %s is the cell's text */
      sm_import_reject (rej, F_AMOUNT, amount_text, _("amount “%s” is not a number"), amount_text);
      goto out;
    case NUM_OK:
    default:
      break;
    }
  if (amount < 0)
    {
      /* TRANSLATORS: %s is the amount as the cell writes it */
      sm_import_reject (rej, F_AMOUNT, amount_text, _("amount %s is negative"), amount_text);
      goto out;
    }
  read_amount = amount;

  switch (sm_import_number_cell (r, feature, F_HOURS, SM_NUMBER_STYLE_UNKNOWN, &flow.hours_per_year,
                       &hours_text, &other_how))
    {
    case NUM_BAD:
      /* TRANSLATORS: %s is the cell's text */
      sm_import_reject (rej, F_HOURS, hours_text, _("hours per year “%s” is not a number"), hours_text);
      goto out;
    case NUM_OK:
      if (flow.hours_per_year <= 0 || flow.hours_per_year > 8784)
        {
          /* TRANSLATORS: %s is the cell's number as written; 8784 is the hours of a leap year */
          sm_import_reject (rej, F_HOURS, hours_text, _("hours per year %s is not between 1 and 8784"),
                  hours_text);
          goto out;
        }
      if (other_how == SM_NUMBER_AMBIGUOUS)
        sm_number_note (r->out->notes, &r->n_number_notes, row, _("hours per year"), hours_text,
                        flow.hours_per_year, SM_NUMBER_STYLE_UNKNOWN);
      break;
    case NUM_MISSING:
    default:
      flow.hours_per_year = NAN;
      break;
    }

  if (unit_text != NULL)
    {
      if (!sm_parse_unit (unit_text, &unit))
        {
          sm_import_reject (rej, F_UNIT, unit_text,
                  /* TRANSLATORS: %s is the cell's text; keep the example units as they are,
                   * they are what a file may use */
                  _("unit “%s” is unknown: use e.g. MWh/yr, GWh/yr, kW, t/yr, kg/yr, m3/yr or m3/h"),
                  unit_text);
          goto out;
        }
      if (!sm_unit_suits (&unit, flow.resource))
        {
          /* TRANSLATORS: the unit as the cell writes it, the resource (e.g. “Heat”), then the
           * resource's unit (e.g. “MWh/yr”) */
          sm_import_reject (rej, F_UNIT, unit_text, _("unit “%s” does not fit %s (%s)"), unit_text,
                  sm_resource_get_label (flow.resource), sm_resource_get_unit (flow.resource));
          goto out;
        }
      amount *= unit.factor;
      if (unit.needs_hours)
        {
          if (isnan (flow.hours_per_year))
            {
              /* TRANSLATORS: %s is the unit as the cell writes it, e.g. kW: an amount per hour,
               * not per year */
              sm_import_reject (rej, F_HOURS, NULL, _("unit “%s” is a rate: the hours per year are needed"),
                      unit_text);
              goto out;
            }
          amount *= flow.hours_per_year;
        }
    }
  if (!isfinite (amount) || amount > SM_IMPORT_MAX_AMOUNT)
    {
      sm_import_reject (rej, F_AMOUNT, amount_text,
              /* TRANSLATORS: the amount and unit as the cell writes them, then the largest
               * amount believed (a number) and its unit */
              _("amount %s %s is absurd: more than %g %s for one site"), amount_text,
              unit_text ? unit_text : "", SM_IMPORT_MAX_AMOUNT, sm_resource_get_unit (flow.resource));
      goto out;
    }
  flow.amount = amount;
  flow.unit = (char *) sm_resource_get_unit (flow.resource);

  /* Which reading an ambiguous "42.000" got, and why */
  if (how == SM_NUMBER_AMBIGUOUS || (!r->numeric[F_AMOUNT] && sm_number_is_ambiguous (amount_text)))
    sm_number_note (r->out->notes, &r->n_number_notes, row, _("amount"), amount_text,
                    read_amount,
                    how == SM_NUMBER_AMBIGUOUS ? SM_NUMBER_STYLE_UNKNOWN : r->amount_style);

  switch (sm_import_number_cell (r, feature, F_TEMPERATURE, SM_NUMBER_STYLE_UNKNOWN, &flow.temperature_c,
                       &temp_text, &other_how))
    {
    case NUM_BAD:
      /* TRANSLATORS: %s is the cell's text */
      sm_import_reject (rej, F_TEMPERATURE, temp_text, _("temperature “%s” is not a number"), temp_text);
      goto out;
    case NUM_OK:
      if (flow.temperature_c < -100 || flow.temperature_c > 1500)
        {
          sm_import_reject (rej, F_TEMPERATURE, temp_text,
                  /* TRANSLATORS: %s is the temperature as the cell writes it */
                  _("temperature %s °C is out of range (−100 to 1500 °C)"), temp_text);
          goto out;
        }
      if (!sm_resource_has_temperature (flow.resource))
        flow.temperature_c = NAN;
      else if (other_how == SM_NUMBER_AMBIGUOUS)
        sm_number_note (r->out->notes, &r->n_number_notes, row, _("temperature"), temp_text,
                        flow.temperature_c, SM_NUMBER_STYLE_UNKNOWN);
      break;
    case NUM_MISSING:
    default:
      flow.temperature_c = NAN;
      break;
    }

  if (flow.resource == SM_RESOURCE_MATERIAL)
    {
      if (ewc_text == NULL)
        {
          sm_import_reject (rej, F_EWC_CODE, NULL, _("a material needs its EWC code, like 02 01 06"));
          goto out;
        }
      flow.ewc_code = flow.direction == SM_DIRECTION_SUPPLY
        ? sm_ewc_normalize_code (ewc_text, &why)
        : sm_ewc_normalize_list (ewc_text, &why);
      if (flow.ewc_code == NULL)
        {
          sm_import_reject (rej, F_EWC_CODE, ewc_text, "%s", why);
          goto out;
        }
    }
  flow.material = sm_import_cell (r, feature, F_MATERIAL);
  flow.notes = sm_import_cell (r, feature, F_NOTES);

  /* The site: one in the project, one earlier in this file, or the row's own. */
  if (site.ext_id != NULL)
    {
      flow.site_id = sm_project_find_site_by_ext_id (r->project, site.ext_id, error);
      if (flow.site_id < 0)
        {
          result = -1;
          goto out;
        }
    }
  /* No location: the row names a site the project has, by org number or
   * by name without case, accents and legal forms (docs/DATA-MODEL.md). */
  if (flow.site_id == 0 && (site.name != NULL || site.org_number != NULL))
    {
      if (!sm_import_row_location (r, feature, &site.lat, &site.lon, rej))
        goto out;
      if (isnan (site.lat))
        {
          int linked = link_site_by_name (r, &site, rej, &flow.site_id, error);

          if (linked <= 0)
            {
              result = linked;
              goto out;
            }
        }
    }
  if (flow.site_id == 0)
    {
      if (site.name == NULL)
        {
          if (site.ext_id != NULL)
            sm_import_reject (rej, F_SITE_ID, site.ext_id,
                    /* TRANSLATORS: %s is the site key (site_id) the row gives */
                    _("site “%s” is neither in the project nor in this file"), site.ext_id);
          else
            sm_import_reject (rej, F_SITE_ID, NULL,
                    _("the site is missing: give a site_id, or the site's name and location"));
          goto out;
        }
      if (!sm_import_row_location (r, feature, &site.lat, &site.lon, rej))
        goto out;
      flow.site_id = sm_project_find_same_site (r->project, &site, 50.0, error);
      if (flow.site_id < 0)
        {
          result = -1;
          goto out;
        }
      if (flow.site_id == 0 && isnan (site.lat))
        {
          sm_import_reject (rej, F_LAT, NULL, _("site “%s” is new and its location is missing"), site.name);
          goto out;
        }
      if (!isnan (site.lat))
        sm_import_remember_point (r, site.lat, site.lon);
      flow.site_id = sm_import_store_site (r, &site, error);
      if (flow.site_id == 0)
        {
          result = -1;
          goto out;
        }
    }

  flow.flow_id = sm_project_insert_flow (r->project, &flow, r->out->import_id, error);
  if (flow.flow_id == 0)
    {
      result = -1;
      goto out;
    }
  if (partner != NULL)
    {
      PendingPartner p = { flow.flow_id, flow.direction, flow.resource, flow.amount, row,
                           g_steal_pointer (&partner) };
      g_array_append_val (r->partners, p);
    }
  result = 1;

out:
  g_free (flow.ewc_code);
  g_free (flow.material);
  g_free (flow.notes);
  sm_import_site_clear (&site);
  return result;
}

static gint64
resolve_site (SmProject  *project,
              const char *key,
              GError    **error)
{
  gint64 id = sm_project_find_site_by_ext_id (project, key, error);
  char *end = NULL;
  gint64 numeric;

  if (id != 0)
    return id;
  numeric = g_ascii_strtoll (key, &end, 10);
  if (end != NULL && *end == '\0' && numeric > 0)
    {
      g_autoptr (SmSite) site = sm_project_get_site (project, numeric, NULL);
      return site ? numeric : 0;
    }
  return 0;
}

/* Exchanges named by partner_site_id: the flow at the partner site that
 * goes the other way with the same resource (steam serves heat; the same
 * resource first), the one of the closest temperature, then of the
 * closest amount, when there are several (DATA-MODEL.md). */
gboolean
sm_import_record_partners (LayerReader *r,
                           GError     **error)
{
  for (guint i = 0; i < r->partners->len; i++)
    {
      PendingPartner *p = &g_array_index (r->partners, PendingPartner, i);
      gint64 partner_site = resolve_site (r->project, p->partner, error);
      SmStmt *stmt;
      gint64 other = 0;
      int rc;

      if (partner_site < 0)
        return FALSE;
      if (partner_site == 0)
        {
          /* TRANSLATORS: %d is the row's number in the file, %s the partner the row names */
          sm_import_add_note (r, g_strdup_printf (_("Row %d: partner “%s” is not a site in the project; "
                                          "no exchange was recorded"),
                                        p->row, p->partner));
          continue;
        }
      if (!sm_project_set_flow_partner (r->project, p->flow_id, partner_site, error))
        return FALSE;

      stmt = sm_project_prepare (r->project,
                                 "SELECT flow_id FROM flows WHERE site_id = ? AND direction = ? "
                                 "AND (resource = ? OR (? = 'steam' AND resource = 'heat') "
                                 "OR (? = 'heat' AND resource = 'steam')) "
                                 "ORDER BY resource <> ?3, "
                                 "abs (temperature_c - (SELECT temperature_c FROM flows "
                                 "WHERE flow_id = ?7)) IS NULL, "
                                 "abs (temperature_c - (SELECT temperature_c FROM flows "
                                 "WHERE flow_id = ?7)), abs (amount - ?6) LIMIT 1",
                                 error);
      if (stmt == NULL)
        return FALSE;
      sm_stmt_bind_int64 (stmt, 1, partner_site);
      sm_stmt_bind_text (stmt, 2,
                         sm_direction_to_key (p->direction == SM_DIRECTION_SUPPLY
                                              ? SM_DIRECTION_DEMAND : SM_DIRECTION_SUPPLY),
                         -1);
      for (int k = 3; k <= 5; k++)
        sm_stmt_bind_text (stmt, k, sm_resource_to_key (p->resource), -1);
      sm_stmt_bind_double (stmt, 6, p->amount);
      sm_stmt_bind_int64 (stmt, 7, p->flow_id);
      rc = sm_stmt_step (stmt, NULL);
      if (rc == SM_STMT_ROW)
        other = sm_stmt_column_int64 (stmt, 0);
      sm_stmt_reset (stmt);

      if (other == 0)
        {
          /* TRANSLATORS: %d is the row's number in the file, %s the partner the row names; the
           * matching flow is one of the partner's of the same resource in the other direction */
          sm_import_add_note (r, g_strdup_printf (_("Row %d: partner “%s” has no matching flow the other way; "
                                          "no exchange was recorded"),
                                        p->row, p->partner));
          continue;
        }
      {
        g_autofree char *base = g_path_get_basename (r->path);
        gint64 supply = p->direction == SM_DIRECTION_SUPPLY ? p->flow_id : other;
        gint64 demand = p->direction == SM_DIRECTION_SUPPLY ? other : p->flow_id;

        /* The file's name, not a sentence: the views say "Named as
         * partners in …" in their own language */
        if (sm_project_insert_exchange_from_file (r->project, supply, demand,
                                                  SM_STATUS_OPERATIONAL, NULL, base, error) == 0)
          return FALSE;
        r->out->exchanges++;
      }
    }
  return TRUE;
}

void
sm_import_pending_partner_clear (PendingPartner *p)
{
  g_free (p->partner);
}
