/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include "sm-project-edit.h"
#include "sm-project-query.h"
#include "sm-test-util.h"

typedef struct
{
  char      *dir;
  char      *path;
  SmProject *project;
} Fixture;

static gint64
add_site (SmProject  *project,
          const char *name,
          double      lat,
          double      lon)
{
  g_autoptr (GError) error = NULL;
  SmSite site = { 0 };
  gint64 id;

  site.name = (char *) name;
  site.lat = lat;
  site.lon = lon;
  id = sm_project_insert_site (project, &site, 0, &error);
  g_assert_no_error (error);
  return id;
}

static gint64
add_flow (SmProject   *project,
          gint64       site_id,
          SmDirection  direction,
          SmResource   resource,
          double       amount)
{
  g_autoptr (GError) error = NULL;
  SmFlow flow = { 0 };
  gint64 id;

  flow.site_id = site_id;
  flow.direction = direction;
  flow.resource = resource;
  flow.amount = amount;
  flow.temperature_c = NAN;
  flow.hours_per_year = NAN;
  id = sm_project_add_flow (project, &flow, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  f->dir = sm_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "p.sqlite", NULL);
  f->project = sm_project_create (f->path, &error);
  g_assert_no_error (error);
  add_site (f->project, "Østergaard Mejeri", 55.40, 10.38);
  add_site (f->project, "Ærø Fjernvarme", 54.88, 10.41);
  add_site (f->project, "Mejeri Nord", 57.05, 9.92);
  add_site (f->project, "Brauerei Müller", 54.79, 9.43);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  sm_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
test_fold (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "Østergaard", "ostergaard" }, { "OSTER", "oster" }, { "øster", "oster" },
    { "Ærø", "aero" }, { "Åbenrå", "abenra" }, { "Müller", "muller" }, { "Straße", "strasse" },
    { "Växjö", "vaxjo" }, { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = sm_fold_text (cases[i].in);
      g_assert_cmpstr (folded, ==, cases[i].out);
    }
  g_assert_null (sm_fold_text (NULL));
}

static guint
count_found (SmProject  *project,
             const char *text,
             const char *first)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = sm_project_search_sites (project, text, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  if (first != NULL)
    {
      g_assert_cmpuint (found->len, >, 0);
      g_assert_cmpstr (((SmSite *) g_ptr_array_index (found, 0))->name, ==, first);
    }
  return found->len;
}

static void
test_search_folds (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_cmpuint (count_found (f->project, "øster", "Østergaard Mejeri"), ==, 1);
  g_assert_cmpuint (count_found (f->project, "OSTER", "Østergaard Mejeri"), ==, 1);
  g_assert_cmpuint (count_found (f->project, "Øster", "Østergaard Mejeri"), ==, 1);
  g_assert_cmpuint (count_found (f->project, "ærø", "Ærø Fjernvarme"), ==, 1);
  g_assert_cmpuint (count_found (f->project, "aero", "Ærø Fjernvarme"), ==, 1);
  g_assert_cmpuint (count_found (f->project, "muller", "Brauerei Müller"), ==, 1);
  /* Names that start with the text come first */
  g_assert_cmpuint (count_found (f->project, "mejeri", "Mejeri Nord"), ==, 2);
  g_assert_cmpuint (count_found (f->project, "%", NULL), ==, 0);
  g_assert_cmpuint (count_found (f->project, "   ", NULL), ==, 0);
}

/* A name changed by another program is folded again at the next search */
static void
test_search_after_raw_write (Fixture       *f,
                             gconstpointer  data)
{
  sqlite3 *db = NULL;

  g_assert_cmpuint (count_found (f->project, "mejeri nord", NULL), ==, 1);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE sites SET name = 'Ølstykke Mejeri' "
                                     "WHERE name = 'Mejeri Nord'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpuint (count_found (f->project, "mejeri nord", NULL), ==, 0);
  g_assert_cmpuint (count_found (f->project, "olstykke", "Ølstykke Mejeri"), ==, 1);
}

static void
test_sites_in_box (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rows = NULL;
  g_autoptr (GPtrArray) found = sm_project_search_sites (f->project, "ærø", 1, &error);
  gint64 id = ((SmSite *) g_ptr_array_index (found, 0))->site_id;

  add_flow (f->project, id, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 5000);
  add_flow (f->project, id, SM_DIRECTION_DEMAND, SM_RESOURCE_WATER, 100);
  /* Southern Funen and Ærø only */
  rows = sm_project_sites_in_box (f->project, 54.5, 55.0, 10.0, 11.0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint i = 0; i < rows->len; i++)
    {
      SmSiteFlowRow *row = &g_array_index (rows, SmSiteFlowRow, i);
      g_assert_cmpint (row->site_id, ==, id);
      g_assert_cmpint (row->direction, >=, 0);
    }
  g_clear_pointer (&rows, g_array_unref);
  rows = sm_project_sites_in_box (f->project, 56.0, 58.0, 9.0, 10.0, &error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (g_array_index (rows, SmSiteFlowRow, 0).direction, ==, -1);
}

static void
test_edit_and_restore (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = sm_project_search_sites (f->project, "østergaard", 1, &error);
  SmSite *site = g_ptr_array_index (found, 0);
  g_autoptr (SmSite) copy = sm_site_copy (site);
  g_autoptr (SmSite) read = NULL;
  g_autoptr (SmSiteSnapshot) snapshot = NULL;
  g_autoptr (GPtrArray) list = NULL;
  gint64 supply, demand, other;

  g_free (copy->name);
  copy->name = g_strdup ("Ørsted Havn");
  g_assert_true (sm_project_update_site (f->project, copy, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_found (f->project, "orsted", "Ørsted Havn"), ==, 1);
  g_assert_cmpuint (count_found (f->project, "ostergaard", NULL), ==, 0);

  g_assert_true (sm_project_move_site (f->project, site->site_id, 55.5, 10.5, &error));
  read = sm_project_get_site (f->project, site->site_id, &error);
  g_assert_cmpfloat_with_epsilon (read->lat, 55.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (read->lon, 10.5, 1e-9);

  /* A bad edit changes nothing */
  g_free (copy->name);
  copy->name = g_strdup ("  ");
  g_assert_false (sm_project_update_site (f->project, copy, &error));
  g_assert_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID);
  g_clear_error (&error);

  /* Deleting a site takes its flows and exchanges; restoring brings all back */
  supply = add_flow (f->project, site->site_id, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 9000);
  other = add_site (f->project, "Aftager", 55.51, 10.51);
  demand = add_flow (f->project, other, SM_DIRECTION_DEMAND, SM_RESOURCE_HEAT, 3000);
  g_assert_cmpint (sm_project_insert_exchange (f->project, supply, demand,
                                               SM_STATUS_CONTACTED, "Line one\nLine two",
                                               &error), >, 0);
  snapshot = sm_project_delete_site (f->project, site->site_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (snapshot->flows->len, ==, 1);
  g_assert_cmpuint (snapshot->exchanges->len, ==, 1);
  g_assert_null (sm_project_get_site (f->project, site->site_id, NULL));
  list = sm_project_list_exchange_records (f->project, -1, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (sm_project_restore_site (f->project, snapshot, &error));
  g_assert_no_error (error);
  list = sm_project_list_exchange_records (f->project, SM_STATUS_CONTACTED, &error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((SmExchangeRecord *) g_ptr_array_index (list, 0))->note, ==,
                   "Line one\nLine two");
  g_assert_cmpint (((SmExchangeRecord *) g_ptr_array_index (list, 0))->supply_flow_id, ==, supply);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = sm_project_list_exchange_records (f->project, SM_STATUS_IDEA, &error);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_cmpuint (count_found (f->project, "orsted", "Ørsted Havn"), ==, 1);
}

/* Every status an exchange had, whoever wrote it */
static void
test_exchange_history (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) history = NULL;
  gint64 supply, demand, id;
  sqlite3 *db = NULL;

  supply = add_flow (f->project, 1, SM_DIRECTION_SUPPLY, SM_RESOURCE_HEAT, 9000);
  demand = add_flow (f->project, 2, SM_DIRECTION_DEMAND, SM_RESOURCE_HEAT, 3000);
  id = sm_project_insert_exchange (f->project, supply, demand, SM_STATUS_IDEA, NULL, &error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (sm_project_set_exchange_note (f->project, id, SM_STATUS_CONTACTED, "Called", &error));
  /* The same again is not a change */
  g_assert_true (sm_project_set_exchange_note (f->project, id, SM_STATUS_CONTACTED, "Called", &error));
  /* Another program writes the status */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE exchanges SET status = 'negotiating'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  history = sm_project_list_exchange_history (f->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  g_assert_cmpint (((SmExchangeChange *) g_ptr_array_index (history, 0))->status, ==, SM_STATUS_IDEA);
  g_assert_cmpint (((SmExchangeChange *) g_ptr_array_index (history, 1))->status, ==, SM_STATUS_CONTACTED);
  g_assert_cmpstr (((SmExchangeChange *) g_ptr_array_index (history, 1))->note, ==, "Called");
  g_assert_cmpint (((SmExchangeChange *) g_ptr_array_index (history, 2))->status, ==,
                   SM_STATUS_NEGOTIATING);
}

static void
on_changed (SmProject *project,
            guint     *count)
{
  (*count)++;
}

/* Another connection's write reaches the project's `changed` signal */
static void
test_watch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (SmProject) other = sm_project_open (f->path, &error);
  guint count = 0, watch;
  gint64 start;

  g_assert_no_error (error);
  g_signal_connect (f->project, "changed", G_CALLBACK (on_changed), &count);
  watch = sm_project_watch (f->project, 10);
  add_site (other, "Fra en anden proces", 56.0, 10.0);
  start = g_get_monotonic_time ();
  while (count == 0 && g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (count, ==, 1);
  /* Nothing new: no second signal */
  for (int i = 0; i < 5; i++)
    {
      g_usleep (15000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_cmpuint (count, ==, 1);
  g_source_remove (watch);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/project-query/fold", test_fold);
  g_test_add ("/project-query/search-folds", Fixture, NULL, fixture_set_up, test_search_folds,
              fixture_tear_down);
  g_test_add ("/project-query/search-after-raw-write", Fixture, NULL, fixture_set_up,
              test_search_after_raw_write, fixture_tear_down);
  g_test_add ("/project-query/sites-in-box", Fixture, NULL, fixture_set_up, test_sites_in_box,
              fixture_tear_down);
  g_test_add ("/project-query/edit-and-restore", Fixture, NULL, fixture_set_up,
              test_edit_and_restore, fixture_tear_down);
  g_test_add ("/project-query/exchange-history", Fixture, NULL, fixture_set_up,
              test_exchange_history, fixture_tear_down);
  g_test_add ("/project-query/watch", Fixture, NULL, fixture_set_up, test_watch,
              fixture_tear_down);
  return g_test_run ();
}
