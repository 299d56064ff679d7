/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workshop report's pages after the cover (sm-report.c): one map per
 * resource with the table of its flows, the contact list and the ranked
 * portfolio.
 */
#define G_LOG_DOMAIN "sm-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sm-map-render.h"
#include "sm-format-text.h"
#include "sm-report-private.h"

#define MAP_H 400.0
#define SITE_R 4.5

static gboolean
flow_in_section (const SmFlow *flow,
                 SmResource    resource,
                 const char   *chapter)
{
  if (flow->resource != resource)
    return FALSE;
  if (chapter == NULL)
    return TRUE;
  if (*chapter == '\0')
    return flow->ewc_code == NULL || strlen (flow->ewc_code) < 2;
  return flow->ewc_code != NULL && strncmp (flow->ewc_code, chapter, 2) == 0;
}

static int
compare_sites_by_name (gconstpointer a,
                       gconstpointer b)
{
  const SmSite *x = *(SmSite * const *) a, *y = *(SmSite * const *) b;

  return g_utf8_collate (x->name ? x->name : "", y->name ? y->name : "");
}

/* Temperature for heat, steam and cooling; the EWC code for materials */
static char *
flow_detail (Report       *report,
             const SmFlow *flow)
{
  if (flow->ewc_code != NULL && *flow->ewc_code)
    return g_strdup_printf ("%s %s", flow->ewc_code, flow->material ? flow->material : "");
  if (sm_resource_has_temperature (flow->resource) && isfinite (flow->temperature_c))
    {
      g_autofree char *t = report_number (report, flow->temperature_c, 0);

      return g_strdup_printf ("%s °C", t);
    }
  return g_strdup (flow->material ? flow->material : "");
}

static void
draw_map (Report        *report,
          SmResource     resource,
          GArray        *render_sites,
          GArray        *links,
          guint          resources)
{
  cairo_t *cr = report->cr;
  double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  double map_w = PAGE_W - 2 * MARGIN, legend_h;
  SmMapView view;

  for (guint i = 0; i < render_sites->len; i++)
    {
      SmRenderSite *s = &g_array_index (render_sites, SmRenderSite, i);

      min_lat = MIN (min_lat, s->lat);
      max_lat = MAX (max_lat, s->lat);
      min_lon = MIN (min_lon, s->lon);
      max_lon = MAX (max_lon, s->lon);
    }
  /* One site alone: a town's width around it */
  if (max_lat - min_lat < 0.02 && max_lon - min_lon < 0.02)
    {
      min_lat -= 0.02, max_lat += 0.02, min_lon -= 0.04, max_lon += 0.04;
    }
  sm_map_view_fit (&view, min_lat, min_lon, max_lat, max_lon, map_w, MAP_H, 28, 14);

  cairo_save (cr);
  cairo_translate (cr, MARGIN, report->y);
  cairo_rectangle (cr, 0, 0, map_w, MAP_H);
  cairo_clip (cr);
  if (report->basemap != NULL)
    sm_basemap_draw (report->basemap, cr, &view);
  else
    {
      double r, g, b;

      sm_basemap_get_water_rgb (&r, &g, &b);
      cairo_set_source_rgb (cr, r, g, b);
      cairo_paint (cr);
    }
  sm_map_render_links (cr, &view, (SmRenderLink *) links->data, links->len);
  sm_map_render_sites (cr, &view, (SmRenderSite *) render_sites->data, render_sites->len, SITE_R);
  {
    /* Labels keep clear of the north arrow, scale bar and attribution:
     * x, y, width, height */
    const double reserved[] = { map_w - 36, 0, 36, 40, 0, MAP_H - 32, 130, 32,
                                map_w - 240, MAP_H - 12, 240, 12 };

    report->summary->labels_left_out +=
      sm_map_render_labels (cr, &view, (SmRenderSite *) render_sites->data, render_sites->len,
                            SITE_R, 6.5, reserved, G_N_ELEMENTS (reserved) / 4);
  }
  sm_map_render_scale_bar (cr, &view, 10, MAP_H - 14, 110, 7);
  sm_map_render_north_arrow (cr, map_w - 20, 16, 16, 8);
  sm_map_render_attribution (cr, &view, 6);
  cairo_restore (cr);

  cairo_rectangle (cr, MARGIN, report->y, map_w, MAP_H);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_set_line_width (cr, 0.6);
  cairo_stroke (cr);
  report->y += MAP_H + 4;
  /* The legend under the map, where it hides no site */
  legend_h = sm_map_render_legend (cr, MARGIN, report->y, resources, links->len > 0, 7);
  report->y += legend_h + 6;
}

void
report_map_section (Report     *report,
                    SmResource  resource,
                    const char *chapter)
{
  g_autoptr (GPtrArray) sites = g_ptr_array_new ();
  g_autoptr (GHashTable) numbers = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr (GArray) render_sites = g_array_new (FALSE, TRUE, sizeof (SmRenderSite));
  g_autoptr (GArray) links = g_array_new (FALSE, TRUE, sizeof (SmRenderLink));
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree char *title = NULL, *continued = NULL;
  double max_amount = 0;
  const Column columns[] = {
    { C_("report", "No."), 0.06, TRUE },
    { _("Company"), 0.36, FALSE },
    { _("Supply or demand"), 0.14, FALSE },
    { _("Amount"), 0.16, TRUE },
    { _("Temperature or EWC code"), 0.28, FALSE },
  };

  if (chapter == NULL)
    title = g_strdup (sm_resource_get_label (resource));
  else if (*chapter == '\0')
    /* TRANSLATORS: a map of the materials that have no EWC code */
    title = g_strdup_printf (_("%s without an EWC code"), sm_resource_get_label (resource));
  else
    /* TRANSLATORS: a map of the materials of one EWC chapter, e.g. “Materials, EWC chapter 02” */
    title = g_strdup_printf (_("%s, EWC chapter %s"), sm_resource_get_label (resource), chapter);
  /* TRANSLATORS: the heading of a table continued on the next page */
  continued = g_strdup_printf (_("%s (continued)"), title);

  /* The sites of this section, numbered by name */
  for (guint i = 0; i < report->sites->len; i++)
    {
      SmSite *site = g_ptr_array_index (report->sites, i);

      for (guint k = 0; k < report->flows->len; k++)
        {
          SmFlow *f = g_ptr_array_index (report->flows, k);

          if (f->site_id == site->site_id && flow_in_section (f, resource, chapter))
            {
              g_ptr_array_add (sites, site);
              break;
            }
        }
    }
  g_ptr_array_sort (sites, compare_sites_by_name);
  for (guint i = 0; i < sites->len; i++)
    {
      SmSite *site = g_ptr_array_index (sites, i);
      SmRenderSite rs = { site->lat, site->lon, 0, 0, resource, i + 1 };

      for (guint k = 0; k < report->flows->len; k++)
        {
          SmFlow *f = g_ptr_array_index (report->flows, k);
          g_autofree char *amount = NULL;

          if (f->site_id != site->site_id || !flow_in_section (f, resource, chapter))
            continue;
          if (f->direction == SM_DIRECTION_SUPPLY)
            rs.supplies |= 1u << resource;
          else
            rs.demands |= 1u << resource;
          amount = report_amount (report, f->amount, f->unit ? f->unit : sm_resource_get_unit (resource));
          {
            char **row = g_new0 (char *, 6);

            row[0] = g_strdup_printf ("%u", i + 1);
            row[1] = g_strdup (site->name);
            row[2] = g_strdup (sm_direction_get_label (f->direction));
            row[3] = g_steal_pointer (&amount);
            row[4] = flow_detail (report, f);
            g_ptr_array_add (rows, row);
          }
        }
      g_array_append_val (render_sites, rs);
      g_hash_table_insert (numbers, &site->site_id, GUINT_TO_POINTER (i + 1));
    }

  /* The portfolio's synergies whose supply is in this section */
  for (guint i = 0; i < report->portfolio->len; i++)
    {
      SmPortfolioItem *item = &g_array_index (report->portfolio, SmPortfolioItem, i);
      SmFlow *supply = g_hash_table_lookup (report->flows_by_id, &item->synergy->supply_flow_id);

      if (supply != NULL && flow_in_section (supply, resource, chapter) && !item->synergy->internal)
        max_amount = MAX (max_amount, item->amount);
    }
  for (guint i = 0; i < report->portfolio->len; i++)
    {
      SmPortfolioItem *item = &g_array_index (report->portfolio, SmPortfolioItem, i);
      SmSynergy *s = item->synergy;
      SmFlow *supply = g_hash_table_lookup (report->flows_by_id, &s->supply_flow_id);
      SmRenderLink link = { s->supply_lat, s->supply_lon, s->demand_lat, s->demand_lon, resource,
                            sm_map_render_link_width (item->amount, max_amount) };

      if (supply == NULL || !flow_in_section (supply, resource, chapter) || s->internal)
        continue;
      g_array_append_val (links, link);
    }

  report_new_page (report);
  report_heading (report, title, 16);
  if (render_sites->len > 0)
    draw_map (report, resource, render_sites, links, 1u << resource);
  report_table (report, continued, columns, G_N_ELEMENTS (columns), rows);
}

static char *
flows_text (Report      *report,
            gint64       site_id,
            SmDirection  direction)
{
  GString *text = g_string_new (NULL);

  for (guint k = 0; k < report->flows->len; k++)
    {
      SmFlow *f = g_ptr_array_index (report->flows, k);
      g_autofree char *amount = NULL;

      if (f->site_id != site_id || f->direction != direction)
        continue;
      amount = report_amount (report, f->amount, f->unit ? f->unit : sm_resource_get_unit (f->resource));
      if (text->len)
        g_string_append_c (text, '\n');
      if (f->ewc_code != NULL && *f->ewc_code)
        g_string_append_printf (text, "%s %s (%s)", sm_resource_get_label (f->resource), amount,
                                f->ewc_code);
      else
        g_string_append_printf (text, "%s %s", sm_resource_get_label (f->resource), amount);
    }
  return g_string_free (text, FALSE);
}

/* Every company with how to reach it: the sheet invitations go out from */
void
report_contacts (Report *report)
{
  g_autoptr (GPtrArray) sites = g_ptr_array_sized_new (report->sites->len);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const Column columns[] = {
    { _("Company"), 0.20, FALSE },
    { _("Contact"), 0.30, FALSE },
    { _("Address"), 0.18, FALSE },
    { _("Supplies"), 0.16, FALSE },
    { _("Demands"), 0.16, FALSE },
  };

  /* Borrowed: a copy would take the list's free function along */
  for (guint i = 0; i < report->sites->len; i++)
    g_ptr_array_add (sites, g_ptr_array_index (report->sites, i));
  g_ptr_array_sort (sites, compare_sites_by_name);
  for (guint i = 0; i < sites->len; i++)
    {
      SmSite *s = g_ptr_array_index (sites, i);
      GString *contact = g_string_new (NULL);
      char **row = g_new0 (char *, 6);

      if (s->contact_name && *s->contact_name)
        g_string_append (contact, s->contact_name);
      if (s->contact_email && *s->contact_email)
        g_string_append_printf (contact, "%s%s", contact->len ? "\n" : "", s->contact_email);
      if (s->phone && *s->phone)
        g_string_append_printf (contact, "%s%s", contact->len ? "\n" : "", s->phone);
      row[0] = g_strdup (s->name);
      row[1] = g_string_free (contact, FALSE);
      row[2] = g_strdup (s->address ? s->address : "");
      row[3] = flows_text (report, s->site_id, SM_DIRECTION_SUPPLY);
      row[4] = flows_text (report, s->site_id, SM_DIRECTION_DEMAND);
      g_ptr_array_add (rows, row);
    }
  report_new_page (report);
  report_heading (report, _("Contacts"), 16);
  report_table (report, _("Contacts (continued)"), columns, G_N_ELEMENTS (columns), rows);
}

/* The allocated synergies, cheapest first (sm_report_rank_portfolio) */
void
report_portfolio (Report *report)
{
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  const Column columns[] = {
    { C_("report", "No."), 0.05, TRUE },
    { _("From (supply)"), 0.165, FALSE },
    { _("To (demand)"), 0.165, FALSE },
    { _("Amount"), 0.13, TRUE },
    { _("Distance"), 0.08, TRUE },
    { _("Investment"), 0.12, TRUE },
    { _("Payback"), 0.11, TRUE },
    { _("CO₂ avoided"), 0.09, TRUE },
    { _("Cost per unit"), 0.09, TRUE },
  };

  for (guint i = 0; i < report->portfolio->len; i++)
    {
      SmPortfolioItem *item = &g_array_index (report->portfolio, SmPortfolioItem, i);
      SmSynergy *s = item->synergy;
      char **row = g_new0 (char *, 10);
      g_autofree char *amount = report_amount (report, item->amount, item->unit);
      g_autofree char *km = report_number (report, s->route_m / 1000, s->route_m < 10000 ? 1 : 0);

      row[0] = g_strdup_printf ("%u", i + 1);
      row[1] = g_strdup (s->supply_site);
      row[2] = g_strdup (s->demand_site);
      row[3] = g_strdup_printf ("%s\n%s", sm_resource_get_label (item->resource), amount);
      row[4] = g_strdup_printf ("%s km", km);
      row[5] = item->investment_eur > 0 ? report_amount (report, item->investment_eur, "€")
                                        : g_strdup ("–");
      if (isfinite (item->payback_years))
        {
          g_autofree char *years = report_number (report, item->payback_years, 1);

          /* TRANSLATORS: a payback time in years, short */
          row[6] = g_strdup_printf (_("%s yr"), years);
        }
      else
        row[6] = g_strdup ("–");
      row[7] = isfinite (item->co2_avoided_t) ? report_amount (report, item->co2_avoided_t, sm_resource_get_unit (SM_RESOURCE_CO2))
                                              : g_strdup ("–");
      if (isfinite (item->levelised_eur))
        {
          g_autofree char *cost = report_amount (report, item->levelised_eur, "€");
          /* per the unit without its year: "MWh", "t", "m³" */
          const char *unit = sm_format_unit_text (item->unit);
          const char *slash = strchr (unit, '/');
          g_autofree char *per = slash ? g_strndup (unit, slash - unit) : g_strdup (unit);

          row[8] = g_strdup_printf ("%s/%s", cost, per);
        }
      else
        row[8] = g_strdup ("–");
      g_ptr_array_add (rows, row);
    }
  report_new_page (report);
  report_heading (report, _("Portfolio"), 16);
  {
    PangoLayout *note = report_layout (report,
                                       _("The project's portfolio: synergies taken by levelised "
                                         "cost, cheapest first, each using only what is still "
                                         "available on both sides, so no flow is used twice. Cost "
                                         "per unit: the annuities of the investment, operation and "
                                         "electricity per unit delivered (the rules and their "
                                         "sources are in the project's Preferences)."),
                                       BODY_FONT, FALSE, PAGE_W - 2 * MARGIN);
    int w, h;

    cairo_move_to (report->cr, MARGIN, report->y);
    cairo_set_source_rgb (report->cr, 0.25, 0.25, 0.25);
    pango_cairo_show_layout (report->cr, note);
    pango_layout_get_size (note, &w, &h);
    report->y += (double) h / PANGO_SCALE + 8;
    g_object_unref (note);
  }
  report_table (report, _("Portfolio (continued)"), columns, G_N_ELEMENTS (columns), rows);
}
