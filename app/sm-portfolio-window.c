/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The project's portfolio (docs/SYNERGY.md, "Allocation"): a sortable
 * table of every allocated synergy with the project's totals, exported as
 * CSV. Built in a GTask on its own connection, stopped when the window
 * closes or a figure changes (SmProject::settings-changed), and built anew
 * after a change.
 */
#define G_LOG_DOMAIN "sm-portfolio-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sm-cost.h"
#include "sm-format.h"
#include "sm-portfolio.h"
#include "sm-portfolio-window.h"
#include "sm-resources.h"

/* One row: a borrowed allocation of the window's portfolio */
#define SM_TYPE_PORTFOLIO_ROW (sm_portfolio_row_get_type ())
G_DECLARE_FINAL_TYPE (SmPortfolioRow, sm_portfolio_row, SM, PORTFOLIO_ROW, GObject)

struct _SmPortfolioRow
{
  GObject       parent_instance;
  SmAllocation *a;
};

G_DEFINE_FINAL_TYPE (SmPortfolioRow, sm_portfolio_row, G_TYPE_OBJECT)

static void
sm_portfolio_row_class_init (SmPortfolioRowClass *klass)
{
}

static void
sm_portfolio_row_init (SmPortfolioRow *self)
{
}

struct _SmPortfolioWindow
{
  AdwWindow      parent_instance;

  GtkColumnView *view;
  GtkLabel      *totals_label;
  GtkButton     *export_button;
  GtkButton     *cancel_button;
  GtkSpinner    *spinner;

  SmProject     *project;
  GListStore    *rows;
  SmPortfolio   *portfolio;
  GCancellable  *cancellable;
  gboolean       again;     /* a figure changed while building */
  double         per_eur;
  const char    *currency;
};

G_DEFINE_FINAL_TYPE (SmPortfolioWindow, sm_portfolio_window, ADW_TYPE_WINDOW)

/* Columns */

enum
{
  COL_SUPPLY,
  COL_DEMAND,
  COL_RESOURCE,
  COL_ALLOCATED,
  COL_INVESTMENT,
  COL_ANNUAL,
  COL_LCOH,
  COL_PAYBACK,
  COL_CO2,
  N_COLUMNS
};

static const char *column_titles[N_COLUMNS] = {
  N_("Supply"), N_("Demand"), N_("Resource"), N_("Allocated"), N_("Investment"),
  N_("Yearly cost"), N_("Levelised cost"), N_("Payback"), N_("CO₂ avoided"),
};

static double
column_value (const SmAllocation *a,
              int                 column)
{
  const SmEconomics *e = &a->synergy->econ;

  switch (column)
    {
    case COL_ALLOCATED:
      return a->allocated;
    case COL_INVESTMENT:
      return e->investment_eur;
    case COL_ANNUAL:
      return e->annual_cost_eur_yr;
    case COL_LCOH:
      return e->lcoh_eur_mwh;
    case COL_PAYBACK:
      return e->payback_yr;
    case COL_CO2:
      return e->co2_avoided_t_yr;
    default:
      return NAN;
    }
}

static char *
column_text (SmPortfolioWindow  *self,
             const SmAllocation *a,
             int                 column)
{
  const SmSynergy *m = a->synergy;
  double v = column_value (a, column);

  switch (column)
    {
    case COL_SUPPLY:
      return g_strdup (m->supply_site);
    case COL_DEMAND:
      return g_strdup (m->demand_site);
    case COL_RESOURCE:
      return g_strdup (sm_resource_get_label (m->pair.supply_resource));
    case COL_ALLOCATED:
      return sm_format_amount (v, m->pair.demand_resource);
    case COL_INVESTMENT:
    case COL_ANNUAL:
      {
        g_autofree char *n = sm_format_number (round (v * self->per_eur), 0);
        /* TRANSLATORS: a one-off sum of money and its currency */
        return column == COL_INVESTMENT ? g_strdup_printf (_("%s %s"), n, self->currency)
                                        /* TRANSLATORS: a sum of money a year and its currency */
                                        : g_strdup_printf (_("%s %s/yr"), n, self->currency);
      }
    case COL_LCOH:
      {
        g_autofree char *n = sm_format_number (v * self->per_eur, 1);
        return isnan (v) ? g_strdup ("–")
                         : g_strdup_printf ("%s %s/%s", n, self->currency,
                                            m->econ.thermal ? "MWh"
                                                            : sm_format_unit (m->pair.demand_resource));
      }
    case COL_PAYBACK:
      {
        g_autofree char *n = sm_format_number (v, 1);
        if (isnan (v))
          return g_strdup (m->econ.thermal ? _("does not pay back") : "–");
        /* TRANSLATORS: a payback time in years */
        return g_strdup_printf (_("%s yr"), n);
      }
    case COL_CO2:
      {
        g_autofree char *n = sm_format_number (v, 0);
        /* TRANSLATORS: %s is a number of tonnes; t/yr is tonnes a year */
        return g_strdup_printf (_("%s t/yr"), n);
      }
    default:
      return g_strdup ("");
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (data) >= COL_ALLOCATED ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  SmPortfolioRow *row = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  SmPortfolioWindow *self = g_object_get_data (G_OBJECT (factory), "sm-window");
  g_autofree char *text = column_text (self, row->a, GPOINTER_TO_INT (data));

  gtk_label_set_text (GTK_LABEL (label), text);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const SmAllocation *x = SM_PORTFOLIO_ROW ((gpointer) a)->a;
  const SmAllocation *y = SM_PORTFOLIO_ROW ((gpointer) b)->a;
  int column = GPOINTER_TO_INT (data);

  if (column <= COL_RESOURCE)
    {
      const char *sx = column == COL_SUPPLY ? x->synergy->supply_site
                       : column == COL_DEMAND ? x->synergy->demand_site
                       : sm_resource_to_key (x->synergy->pair.supply_resource);
      const char *sy = column == COL_SUPPLY ? y->synergy->supply_site
                       : column == COL_DEMAND ? y->synergy->demand_site
                       : sm_resource_to_key (y->synergy->pair.supply_resource);
      return g_utf8_collate (sx ? sx : "", sy ? sy : "");
    }
  {
    /* A missing figure (no payback) sorts last */
    double vx = column_value (x, column), vy = column_value (y, column);
    vx = isnan (vx) ? G_MAXDOUBLE : vx;
    vy = isnan (vy) ? G_MAXDOUBLE : vy;
    return (vx > vy) - (vx < vy);
  }
}

static void
add_columns (SmPortfolioWindow *self)
{
  g_autoptr (GtkSortListModel) sorted = NULL;
  g_autoptr (GtkNoSelection) selection = NULL;

  for (int c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr (GtkColumnViewColumn) column = NULL;
      g_autoptr (GtkCustomSorter) sorter = gtk_custom_sorter_new (compare_rows, GINT_TO_POINTER (c), NULL);

      g_object_set_data (G_OBJECT (factory), "sm-window", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (c));
      column = gtk_column_view_column_new (_(column_titles[c]), factory);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, c <= COL_DEMAND);
      gtk_column_view_append_column (self->view, column);
    }
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->rows)),
                                    g_object_ref (gtk_column_view_get_sorter (self->view)));
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (sorted)));
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (selection));
}

/* Building */

static void build (SmPortfolioWindow *self);

static void
show_portfolio (SmPortfolioWindow *self)
{
  SmPortfolio *p = self->portfolio;
  g_autofree char *heat = sm_format_number (p->heat_delivered_mwh_yr, 0);
  g_autofree char *cooling = sm_format_number (p->cooling_delivered_mwh_yr, 0);
  g_autofree char *material = sm_format_number (p->material_t_yr, 0);
  g_autofree char *water = sm_format_number (p->water_m3_yr, 0);
  g_autofree char *co2 = sm_format_number (p->co2_t_yr, 0);
  g_autofree char *investment = sm_format_number (round (p->investment_eur * self->per_eur), 0);
  g_autofree char *annual = sm_format_number (round (p->annual_cost_eur_yr * self->per_eur), 0);
  g_autofree char *avoided = sm_format_number (p->co2_avoided_t_yr, 0);
  g_autofree char *totals = NULL;

  g_list_store_remove_all (self->rows);
  for (guint i = 0; i < p->allocations->len; i++)
    {
      SmPortfolioRow *row = g_object_new (SM_TYPE_PORTFOLIO_ROW, NULL);

      row->a = g_ptr_array_index (p->allocations, i);
      g_list_store_append (self->rows, row);
      g_object_unref (row);
    }
  totals = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* TRANSLATORS: the portfolio's totals; the first %u
                                          * counts synergies, the money is in the currency %s */
                                         "%u synergy: heat %s MWh/yr, cooling %s MWh/yr, "
                                         "materials %s t/yr, water %s m³/yr, CO₂ %s t/yr. "
                                         "Investment %s %s, yearly cost %s %s/yr, "
                                         "CO₂ avoided %s t/yr.",
                                         "%u synergies: heat %s MWh/yr, cooling %s MWh/yr, "
                                         "materials %s t/yr, water %s m³/yr, CO₂ %s t/yr. "
                                         "Investment %s %s, yearly cost %s %s/yr, "
                                         "CO₂ avoided %s t/yr.",
                                         p->allocations->len),
                            p->allocations->len, heat, cooling, material, water, co2, investment,
                            self->currency, annual, self->currency, avoided);
  gtk_label_set_text (self->totals_label, totals);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), TRUE);
}

static void
set_running (SmPortfolioWindow *self,
             gboolean           running)
{
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_spinner_set_spinning (self->spinner, running);
  if (running)
    gtk_label_set_text (self->totals_label, _("Allocating every synergy of the project…"));
}

static void
on_built (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (SmPortfolioWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  SmPortfolio *p = sm_portfolio_build_finish (result, &error);

  if (p == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->again)
    {
      build (self);
      return;
    }
  g_clear_object (&self->cancellable);
  set_running (self, FALSE);
  if (p == NULL)
    {
      gtk_label_set_text (self->totals_label,
                          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                            ? _("Stopped.") : error->message);
      return;
    }
  g_list_store_remove_all (self->rows);
  g_clear_pointer (&self->portfolio, sm_portfolio_free);
  self->portfolio = p;
  show_portfolio (self);
}

static void
build (SmPortfolioWindow *self)
{
  char *address;
  self->again = FALSE;
  self->currency = sm_cost_get_currency (self->project, &self->per_eur);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  /* The worker's own connection: with the password a database may ask for */
  address = sm_project_dup_open_address (self->project);
  sm_portfolio_build_async (address, NULL, self->cancellable, on_built, g_object_ref (self));
  sm_project_free_open_address (address);
}

static void
on_settings_changed (SmProject         *project,
                     const char        *key,
                     SmPortfolioWindow *self)
{
  if (self->cancellable != NULL)
    {
      /* Finish, then build again with the new figure */
      self->again = TRUE;
      g_cancellable_cancel (self->cancellable);
      return;
    }
  build (self);
}

static void
on_cancel_clicked (SmPortfolioWindow *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
on_export_response (GtkNativeDialog   *dialog,
                    int                response,
                    SmPortfolioWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->portfolio != NULL)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr (GError) error = NULL;

      /* A few hundred rows: written at once */
      if (path != NULL && !sm_portfolio_write_csv (self->portfolio, path, &error))
        gtk_label_set_text (self->totals_label, error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
on_export_clicked (SmPortfolioWindow *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Export Portfolio"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE,
                                                              _("_Export"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* TRANSLATORS: the suggested file name of the exported portfolio; keep .csv */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("portfolio.csv"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
sm_portfolio_window_dispose (GObject *object)
{
  SmPortfolioWindow *self = SM_PORTFOLIO_WINDOW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_object (&self->project);
  if (self->rows != NULL)
    g_list_store_remove_all (self->rows);
  g_clear_pointer (&self->portfolio, sm_portfolio_free);
  G_OBJECT_CLASS (sm_portfolio_window_parent_class)->dispose (object);
}

static void
sm_portfolio_window_finalize (GObject *object)
{
  SmPortfolioWindow *self = SM_PORTFOLIO_WINDOW (object);

  g_clear_object (&self->rows);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (sm_portfolio_window_parent_class)->finalize (object);
}

static void
sm_portfolio_window_class_init (SmPortfolioWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sm_portfolio_window_dispose;
  object_class->finalize = sm_portfolio_window_finalize;
  /* Keep the resource object linked in from the static library. */
  (void) sm_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/symbiomap/Symbiomap/ui/sm-portfolio-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SmPortfolioWindow, view);
  gtk_widget_class_bind_template_child (widget_class, SmPortfolioWindow, totals_label);
  gtk_widget_class_bind_template_child (widget_class, SmPortfolioWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, SmPortfolioWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SmPortfolioWindow, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sm_portfolio_window_init (SmPortfolioWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_list_store_new (SM_TYPE_PORTFOLIO_ROW);
  self->per_eur = 1;
  self->currency = "EUR";
  add_columns (self);
}

/**
 * sm_portfolio_window_new:
 * @parent: the main window
 * @project: its project
 *
 * Returns: (transfer floating): the window, already building the portfolio
 */
GtkWidget *
sm_portfolio_window_new (GtkWindow *parent,
                         SmProject *project)
{
  SmPortfolioWindow *self = g_object_new (SM_TYPE_PORTFOLIO_WINDOW, "transient-for", parent, NULL);

  self->project = g_object_ref (project);
  g_signal_connect (project, "settings-changed", G_CALLBACK (on_settings_changed), self);
  build (self);
  return GTK_WIDGET (self);
}

guint
sm_portfolio_window_get_n_rows (SmPortfolioWindow *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

gboolean
sm_portfolio_window_is_running (SmPortfolioWindow *self)
{
  return self->cancellable != NULL;
}
