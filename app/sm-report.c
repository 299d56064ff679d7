/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workshop report: an A4 PDF made with cairo and Pango (no display),
 * as the Helsingborg method takes to a matchmaking workshop: a cover with
 * the counts and the portfolio's totals, one map per resource with its
 * flows, the contact list, and the portfolio ranked by cost
 * (docs/REPORT.md). Numbers and words follow the current locale; the CLI
 * sets it from --lang. The PDF is written to a temporary file beside the
 * target and renamed, so a failed or stopped report leaves nothing.
 */
#define G_LOG_DOMAIN "sm-report"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>

#include "sm-cost.h"
#include "sm-format-text.h"
#include "sm-portfolio.h"
#include "sm-report-private.h"

/* Text */

/* The locale's grouping and decimal mark. Libraries in the process put
 * LC_NUMERIC back to "C", so the numbers come from a locale of our own,
 * the one the messages are in (as app/sm-format.c does for the window,
 * which the CLI cannot link: it needs GTK). */
char *
report_number (Report *report,
               double  value,
               int     decimals)
{
  locale_t previous = report->numeric ? uselocale (report->numeric) : (locale_t) 0;
  char *text;

  if (!isfinite (value))
    text = g_strdup ("–");
  else
    {
      double scale = pow (10, decimals);

      /* No "-0": a value that rounds to nothing is nothing */
      if (round (value * scale) == 0)
        value = 0;
      text = g_strdup_printf ("%'.*f", decimals, value);
    }
  if (report->numeric)
    uselocale (previous);
  return text;
}

/* Three significant figures at most: engineering estimates, not accounts */
static int
decimals_for (double value)
{
  double a = fabs (value);

  return a >= 100 || a == 0 ? 0 : a >= 10 ? 1 : 2;
}

char *
report_amount (Report     *report,
               double      value,
               const char *unit)
{
  g_autofree char *number = report_number (report, value, decimals_for (value));

  /* TRANSLATORS: an amount and its unit, e.g. “42 000 MWh/yr” */
  return g_strdup_printf (C_("amount", "%s %s"), number, sm_format_unit_text (unit));
}

PangoLayout *
report_layout (Report     *report,
               const char *text,
               double      size,
               gboolean    bold,
               double      width)
{
  PangoLayout *layout = pango_cairo_create_layout (report->cr);
  PangoFontDescription *font = pango_font_description_from_string (bold ? "Sans Bold" : "Sans");

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text ? text : "", -1);
  pango_font_description_free (font);
  return layout;
}

static void
page_footer (Report *report)
{
  g_autofree char *text = g_strdup_printf ("%s · %s · %d", report->title, report->date, report->page);
  PangoLayout *layout = report_layout (report, text, 7, FALSE, 0);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (report->cr, PAGE_W - MARGIN - (double) w / PANGO_SCALE, PAGE_H - MARGIN / 2 - 8);
  cairo_set_source_rgb (report->cr, 0.4, 0.4, 0.4);
  pango_cairo_show_layout (report->cr, layout);
  g_object_unref (layout);
}

void
report_new_page (Report *report)
{
  if (report->page > 0)
    {
      page_footer (report);
      cairo_show_page (report->cr);
    }
  report->page++;
  report->y = MARGIN;
}

void
report_heading (Report     *report,
                const char *text,
                double      size)
{
  PangoLayout *layout = report_layout (report, text, size, TRUE, PAGE_W - 2 * MARGIN);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (report->cr, MARGIN, report->y);
  cairo_set_source_rgb (report->cr, 0.1, 0.1, 0.1);
  pango_cairo_show_layout (report->cr, layout);
  report->y += (double) h / PANGO_SCALE + size * 0.5;
  g_object_unref (layout);
}

static void
table_head (Report       *report,
            const Column *columns,
            guint         n_columns)
{
  double width = PAGE_W - 2 * MARGIN, x = MARGIN, tallest = 0;

  for (guint c = 0; c < n_columns; c++)
    {
      PangoLayout *layout = report_layout (report, columns[c].heading, BODY_FONT - 1, TRUE,
                                           columns[c].share * width - 4);
      int w, h;

      /* Headings break between words only */
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD);

      pango_layout_set_alignment (layout, columns[c].right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
      pango_layout_get_size (layout, &w, &h);
      cairo_move_to (report->cr, x + 2, report->y);
      cairo_set_source_rgb (report->cr, 0.1, 0.1, 0.1);
      pango_cairo_show_layout (report->cr, layout);
      tallest = MAX (tallest, (double) h / PANGO_SCALE);
      x += columns[c].share * width;
      g_object_unref (layout);
    }
  report->y += tallest + 2;
  cairo_move_to (report->cr, MARGIN, report->y);
  cairo_line_to (report->cr, PAGE_W - MARGIN, report->y);
  cairo_set_line_width (report->cr, 0.6);
  cairo_stroke (report->cr);
  report->y += 2;
}

/* Rows (GStrv, one string per column) under a heading row; a row that
 * does not fit goes to a new page headed `continued`, with the heading row
 * again. */
void
report_table (Report       *report,
              const char   *continued,
              const Column *columns,
              guint         n_columns,
              GPtrArray    *rows)
{
  double width = PAGE_W - 2 * MARGIN;

  table_head (report, columns, n_columns);
  for (guint r = 0; r < rows->len; r++)
    {
      char **cells = g_ptr_array_index (rows, r);
      PangoLayout *layouts[16];
      double tallest = 0, x = MARGIN;

      g_assert (n_columns <= G_N_ELEMENTS (layouts));
      for (guint c = 0; c < n_columns; c++)
        {
          int w, h;

          layouts[c] = report_layout (report, cells[c], BODY_FONT, FALSE, columns[c].share * width - 4);
          pango_layout_set_alignment (layouts[c], columns[c].right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
          pango_layout_get_size (layouts[c], &w, &h);
          tallest = MAX (tallest, (double) h / PANGO_SCALE);
        }
      if (report->y + tallest > PAGE_H - MARGIN)
        {
          report_new_page (report);
          report_heading (report, continued, 12);
          table_head (report, columns, n_columns);
        }
      if (r % 2 == 1)
        {
          cairo_rectangle (report->cr, MARGIN, report->y - 1, width, tallest + 2);
          cairo_set_source_rgb (report->cr, 0.95, 0.95, 0.94);
          cairo_fill (report->cr);
        }
      for (guint c = 0; c < n_columns; c++)
        {
          cairo_move_to (report->cr, x + 2, report->y);
          cairo_set_source_rgb (report->cr, 0.1, 0.1, 0.1);
          pango_cairo_show_layout (report->cr, layouts[c]);
          x += columns[c].share * width;
          g_object_unref (layouts[c]);
        }
      report->y += tallest + 2;
    }
}

/* The portfolio */

/**
 * sm_report_rank_portfolio:
 * @project: the project (for the cost settings and operational exchanges)
 * @synergies: (element-type SmSynergy): every match, as sm_synergy_find_all();
 *   those the portfolio keeps are moved out of it
 * @kept: (out): the portfolio the items borrow from; free it after them
 * @error: return location for an error
 *
 * The report's portfolio is the project's (layers/sm-portfolio.c,
 * docs/SYNERGY.md "Allocation"): cheapest levelised cost first, each pair
 * taking only what is still available on both sides, never a flow twice.
 *
 * Returns: (transfer full) (element-type SmPortfolioItem): the portfolio,
 *   cheapest first, or %NULL with @error set
 */
GArray *
sm_report_rank_portfolio (SmProject    *project,
                          GPtrArray    *synergies,
                          SmPortfolio **kept,
                          GError      **error)
{
  SmPortfolio *portfolio = sm_portfolio_allocate (project, synergies, error);
  GArray *items;

  if (portfolio == NULL)
    return NULL;
  items = g_array_new (FALSE, FALSE, sizeof (SmPortfolioItem));
  for (guint i = 0; i < portfolio->allocations->len; i++)
    {
      SmAllocation *a = g_ptr_array_index (portfolio->allocations, i);
      const SmEconomics *e = &a->synergy->econ;
      SmPortfolioItem item = { a->synergy };

      item.resource = a->synergy->resource;
      item.amount = a->allocated;
      item.unit = sm_resource_get_unit (a->synergy->resource);
      item.investment_eur = e->investment_eur;
      item.yearly_eur = e->annual_cost_eur_yr;
      item.payback_years = e->payback_yr;
      item.co2_avoided_t = e->co2_avoided_t_yr;
      item.levelised_eur = e->lcoh_eur_mwh;
      g_array_append_val (items, item);
    }
  *kept = portfolio;
  return items;
}

/* The cover */

static void
cover_row (Report     *report,
           const char *label,
           const char *value)
{
  PangoLayout *l = report_layout (report, label, 11, FALSE, 250);
  PangoLayout *v = report_layout (report, value, 11, TRUE, 250);
  int w, h;

  cairo_set_source_rgb (report->cr, 0.1, 0.1, 0.1);
  cairo_move_to (report->cr, MARGIN, report->y);
  pango_cairo_show_layout (report->cr, l);
  cairo_move_to (report->cr, MARGIN + 260, report->y);
  pango_cairo_show_layout (report->cr, v);
  pango_layout_get_size (v, &w, &h);
  report->y += MAX (16, (double) h / PANGO_SCALE + 3);
  g_object_unref (l);
  g_object_unref (v);
}

static void
report_cover (Report *report,
              guint   resources)
{
  g_autofree char *n_sites = report_number (report, report->sites->len, 0);
  g_autofree char *n_flows = report_number (report, report->flows->len, 0);
  g_autofree char *n_portfolio = report_number (report, report->portfolio->len, 0);
  double investment = 0, co2 = 0, by_resource[SM_N_RESOURCES] = { 0 };
  g_autofree char *investment_text = NULL, *co2_text = NULL;

  report_new_page (report);
  report->y = MARGIN + 60;
  report_heading (report, report->title, 26);
  report_heading (report, _("Workshop material: flows, contacts and synergies"), 14);
  report->y += 20;
  cover_row (report, _("Date"), report->date);
  cover_row (report, _("Sites"), n_sites);
  cover_row (report, _("Flows"), n_flows);
  for (int r = 0; r < SM_N_RESOURCES; r++)
    {
      int counts[SM_N_DIRECTIONS] = { 0 };
      g_autofree char *s = NULL, *d = NULL, *text = NULL;

      if ((resources & (1u << r)) == 0)
        continue;
      for (guint i = 0; i < report->flows->len; i++)
        {
          SmFlow *f = g_ptr_array_index (report->flows, i);

          if (f->resource == (SmResource) r)
            counts[f->direction]++;
        }
      s = report_number (report, counts[SM_DIRECTION_SUPPLY], 0);
      d = report_number (report, counts[SM_DIRECTION_DEMAND], 0);
      /* TRANSLATORS: counts of a resource's flows on the report's cover */
      text = g_strdup_printf (_("%s supplies, %s demands"), s, d);
      cover_row (report, sm_resource_get_label (r), text);
    }
  for (guint i = 0; i < report->portfolio->len; i++)
    {
      SmPortfolioItem *item = &g_array_index (report->portfolio, SmPortfolioItem, i);

      investment += item->investment_eur;
      if (isfinite (item->co2_avoided_t))
        co2 += item->co2_avoided_t;
      if (item->resource >= 0)
        by_resource[item->resource] += item->amount;
    }
  report->y += 14;
  report_heading (report, _("Portfolio"), 14);
  cover_row (report, _("Synergies"), n_portfolio);
  investment_text = report_amount (report, investment, "€");
  cover_row (report, _("Investment"), investment_text);
  co2_text = report_amount (report, co2, "t/yr");
  cover_row (report, _("CO₂ avoided"), co2_text);
  for (int r = 0; r < SM_N_RESOURCES; r++)
    if (by_resource[r] > 0)
      {
        g_autofree char *text = report_amount (report, by_resource[r], sm_resource_get_unit (r));

        cover_row (report, sm_resource_get_label (r), text);
      }
}

/* Writing */

static guint
resources_present (Report *report,
                   guint   wanted)
{
  guint present = 0;

  for (guint i = 0; i < report->flows->len; i++)
    present |= 1u << ((SmFlow *) g_ptr_array_index (report->flows, i))->resource;
  return wanted ? present & wanted : present;
}

/* Materials get one map per EWC chapter when one map would be too full
 * (*assumption*: beyond 40 flows the labels of a regional map crowd). */
#define MATERIALS_PER_MAP 40

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
material_chapters (Report *report)
{
  GPtrArray *chapters = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = 0;

  for (guint i = 0; i < report->flows->len; i++)
    n += ((SmFlow *) g_ptr_array_index (report->flows, i))->resource == SM_RESOURCE_MATERIAL;
  if (n <= MATERIALS_PER_MAP)
    {
      g_ptr_array_add (chapters, NULL);
      return chapters;
    }
  for (guint i = 0; i < report->flows->len; i++)
    {
      SmFlow *f = g_ptr_array_index (report->flows, i);
      g_autofree char *chapter = NULL;

      if (f->resource != SM_RESOURCE_MATERIAL)
        continue;
      chapter = f->ewc_code && strlen (f->ewc_code) >= 2 ? g_strndup (f->ewc_code, 2) : g_strdup ("");
      if (!g_hash_table_contains (seen, chapter))
        {
          g_hash_table_add (seen, chapter);
          g_ptr_array_add (chapters, g_steal_pointer (&chapter));
        }
    }
  g_ptr_array_sort (chapters, compare_strings);
  return chapters;
}

static void
report_clear (Report *report)
{
  g_clear_pointer (&report->sites, g_ptr_array_unref);
  g_clear_pointer (&report->flows, g_ptr_array_unref);
  g_clear_pointer (&report->sites_by_id, g_hash_table_unref);
  g_clear_pointer (&report->flows_by_id, g_hash_table_unref);
  g_clear_pointer (&report->portfolio, g_array_unref);
  g_clear_pointer (&report->synergies, g_ptr_array_unref);
  g_clear_pointer (&report->allocation, sm_portfolio_free);
  g_clear_pointer (&report->cr, cairo_destroy);
  g_clear_pointer (&report->surface, cairo_surface_destroy);
  g_clear_pointer (&report->title, g_free);
  g_clear_pointer (&report->date, g_free);
  if (report->numeric)
    freelocale (report->numeric);
  report->numeric = (locale_t) 0;
}

typedef struct
{
  SmReportProgressFunc progress;
  gpointer             user_data;
} Relay;

static void
matching_progress (double   fraction,
                   gpointer data)
{
  Relay *relay = data;

  if (relay->progress)
    relay->progress (fraction * 0.5, relay->user_data);
}

static gboolean
collect (Report       *report,
         Relay        *relay,
         GCancellable *cancellable,
         GError      **error)
{
  SmMatchOptions options;

  if ((report->sites = sm_project_list_sites (report->project, error)) == NULL
      || (report->flows = sm_project_list_flows (report->project, 0, error)) == NULL)
    return FALSE;
  report->sites_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < report->sites->len; i++)
    {
      SmSite *s = g_ptr_array_index (report->sites, i);

      g_hash_table_insert (report->sites_by_id, &s->site_id, s);
    }
  report->flows_by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < report->flows->len; i++)
    {
      SmFlow *f = g_ptr_array_index (report->flows, i);

      g_hash_table_insert (report->flows_by_id, &f->flow_id, f);
    }
  sm_match_options_init (&options);
  report->synergies = sm_synergy_find_all (report->project, &options, matching_progress, relay,
                                           cancellable, error);
  if (report->synergies == NULL)
    return FALSE;
  report->portfolio = sm_report_rank_portfolio (report->project, report->synergies,
                                                &report->allocation, error);
  return report->portfolio != NULL;
}

static char *
project_title (SmProject *project)
{
  g_autofree char *name = sm_project_get_setting (project, "name");
  g_autofree char *base = NULL;

  if (name != NULL && *name)
    return g_steal_pointer (&name);
  /* A shared database's name, not the last part of its address */
  return sm_project_dup_stem (project);
}

/**
 * sm_report_write:
 * @project: the project
 * @path: the PDF to write; replaced only when the report is complete
 * @options: (nullable): which resources
 * @progress: (nullable): called with the fraction done
 * @user_data: for @progress
 * @cancellable: (nullable): stops the report, leaving no file
 * @summary: (out) (optional): what the report holds
 * @error: return location for an error
 *
 * Returns: whether @path was written
 */
gboolean
sm_report_write (SmProject             *project,
                 const char            *path,
                 const SmReportOptions *options,
                 SmReportProgressFunc   progress,
                 gpointer               user_data,
                 GCancellable          *cancellable,
                 SmReportSummary       *summary,
                 GError               **error)
{
  Report report = { project };
  SmReportSummary local = { 0 };
  Relay relay = { progress, user_data };
  g_autofree char *tmp = g_strdup_printf ("%s.XXXXXX", path);
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  const char *messages = setlocale (LC_MESSAGES, NULL);
  guint resources, n_sections = 0, done = 0;
  int fd;

  report.summary = summary ? summary : &local;
  memset (report.summary, 0, sizeof *report.summary);
  if (!collect (&report, &relay, cancellable, error))
    {
      report_clear (&report);
      return FALSE;
    }
  report.basemap = sm_basemap_get_default (NULL);
  report.numeric = newlocale (LC_NUMERIC_MASK, messages ? messages : "", (locale_t) 0);
  report.title = project_title (project);
  report.date = g_date_time_format (now, "%x");
  resources = resources_present (&report, options ? options->resources : 0);

  if ((fd = g_mkstemp (tmp)) < 0)
    {
      int saved = errno;

      /* TRANSLATORS: the report file's name, then the system's reason */
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write %s: %s"),
                   path, g_strerror (saved));
      report_clear (&report);
      return FALSE;
    }
  close (fd);
  report.surface = cairo_pdf_surface_create (tmp, PAGE_W, PAGE_H);
  cairo_pdf_surface_set_metadata (report.surface, CAIRO_PDF_METADATA_TITLE, report.title);
  cairo_pdf_surface_set_metadata (report.surface, CAIRO_PDF_METADATA_CREATOR, "Symbiomap");
  report.cr = cairo_create (report.surface);

  report_cover (&report, resources);
  for (int r = 0; r < SM_N_RESOURCES; r++)
    n_sections += (resources & (1u << r)) != 0;
  for (int r = 0; r < SM_N_RESOURCES && !g_cancellable_is_cancelled (cancellable); r++)
    {
      g_autoptr (GPtrArray) chapters = NULL;

      if ((resources & (1u << r)) == 0)
        continue;
      chapters = r == SM_RESOURCE_MATERIAL ? material_chapters (&report) : NULL;
      for (guint c = 0; c < (chapters ? chapters->len : 1); c++)
        {
          if (g_cancellable_is_cancelled (cancellable))
            break;
          if (report.summary->n_maps < (int) G_N_ELEMENTS (report.summary->map_first_page))
            report.summary->map_first_page[report.summary->n_maps] = report.page + 1;
          report.summary->n_maps++;
          report_map_section (&report, r, chapters ? g_ptr_array_index (chapters, c) : NULL);
        }
      if (progress)
        progress (0.5 + 0.4 * ++done / MAX (n_sections, 1), user_data);
    }
  report.summary->contacts_page = report.page + 1;
  report_contacts (&report);
  report.summary->portfolio_page = report.page + 1;
  report_portfolio (&report);
  page_footer (&report);
  report.summary->n_pages = report.page;
  report.summary->n_portfolio = report.portfolio->len;

  cairo_destroy (g_steal_pointer (&report.cr));
  cairo_surface_finish (report.surface);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_unlink (tmp);
      report_clear (&report);
      return FALSE;
    }
  if (cairo_surface_status (report.surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Cannot write %s: %s"), path,
                   cairo_status_to_string (cairo_surface_status (report.surface)));
      g_unlink (tmp);
      report_clear (&report);
      return FALSE;
    }
  report_clear (&report);
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Cannot write %s: %s"),
                   path, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  if (progress)
    progress (1, user_data);
  return TRUE;
}

/* "heat,water" → bits; an unknown name is an error naming it */
guint
sm_report_parse_resources (const char  *list,
                           GError     **error)
{
  g_auto (GStrv) names = g_strsplit (list, ",", -1);
  guint bits = 0;

  for (guint i = 0; names[i] != NULL; i++)
    {
      SmResource r = sm_resource_from_key (g_strstrip (names[i]));

      if (r < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       /* TRANSLATORS: %s is what the user gave to --resources; keep the resource
                        * keys untranslated */
                       _("“%s” is not a resource (heat, steam, cooling, water, co2, material)"),
                       names[i]);
          return 0;
        }
      bits |= 1u << r;
    }
  return bits;
}
