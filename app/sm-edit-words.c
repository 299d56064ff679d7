/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One entry of the edit log (layers/sm-edit-log.c) as a line a planner
 * reads: "Name: Mejeri → Mejeriet; Moved on the map", "Flow Supply · Heat:
 * Amount: 100 MWh/yr → 120 MWh/yr".
 */
#define G_LOG_DOMAIN "sm-edit-words"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sm-edit-words.h"
#include "sm-format-text.h"
#include "sm-parse.h"
#include "sm-text-table.h"

/* Longest text value shown, in columns; notes can be pages long */
#define VALUE_WIDTH 40

static const struct
{
  const char *column;
  const char *label;
} labels[] = {
  { "ext_id", N_("Key") },
  { "name", N_("Name") },
  { "org_number", N_("Organisation number") },
  { "sector", N_("Sector") },
  { "address", N_("Address") },
  { "contact_name", N_("Contact person") },
  { "contact_email", N_("Email") },
  { "phone", N_("Phone") },
  { "notes", N_("Notes") },
  { "site_id", N_("Site") },
  { "direction", N_("Direction") },
  { "resource", N_("Resource") },
  { "ewc_code", N_("EWC code") },
  { "material", N_("Material") },
  { "amount", N_("Amount") },
  { "temperature_c", N_("Temperature") },
  { "hours_per_year", N_("Hours per year") },
  { "partner_site_id", N_("Partner site") },
};

static const char *
column_label (const char *column)
{
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].column, column))
      return _(labels[i].label);
  return column;
}

static char *
format_plain_number (double value)
{
  return sm_format_number (value, fabs (value - round (value)) < 1e-9 ? 0 : 2);
}

/* A value as the site panel shows it; NULL stays NULL (empty) */
static char *
format_value (const SmEditEntry *entry,
              const char        *column,
              const char        *value)
{
  double number;
  char *end = NULL;

  if (value == NULL)
    return NULL;
  number = g_ascii_strtod (value, &end);
  if (g_str_equal (column, "direction") && sm_direction_from_key (value) >= 0)
    return g_strdup (sm_direction_get_label (sm_direction_from_key (value)));
  if (g_str_equal (column, "resource") && sm_resource_from_key (value) >= 0)
    return g_strdup (sm_resource_get_label (sm_resource_from_key (value)));
  if (g_str_equal (column, "ewc_code"))
    return sm_ewc_format (value);
  if (end != value && *end == '\0')
    {
      if (g_str_equal (column, "amount") && entry->resource >= 0)
        return sm_format_amount (number, entry->resource);
      if (g_str_equal (column, "temperature_c"))
        return sm_format_temperature (number);
      if (g_str_equal (column, "amount") || g_str_equal (column, "hours_per_year"))
        return format_plain_number (number);
    }
  {
    g_auto (GStrv) lines = g_strsplit_set (value, "\r\n\t", -1);
    g_autofree char *one_line = g_strjoinv (" ", lines);

    return sm_text_fit (one_line, VALUE_WIDTH);
  }
}

/* "Name: Mejeri → Mejeriet; Phone: — → 1234; Moved on the map" */
static char *
describe_changes (const SmEditEntry *entry)
{
  GString *out = g_string_new (NULL);
  gboolean moved = FALSE;

  for (guint i = 0; i < entry->changes->len; i++)
    {
      SmEditChange *c = g_ptr_array_index (entry->changes, i);
      g_autofree char *old_text = NULL;
      g_autofree char *new_text = NULL;

      if (g_str_equal (c->column, "lat") || g_str_equal (c->column, "lon"))
        {
          moved = TRUE;
          continue;
        }
      if (g_str_equal (c->column, "unit"))
        continue; /* follows the resource */
      old_text = format_value (entry, c->column, c->old_value);
      new_text = format_value (entry, c->column, c->new_value);
      if (out->len > 0)
        g_string_append (out, "; ");
      /* TRANSLATORS: one field of an edit: its name, the old value and the
       * new one; an empty value shows as — */
      g_string_append_printf (out, _("%s: %s → %s"), column_label (c->column),
                              old_text ? old_text : "—", new_text ? new_text : "—");
    }
  if (moved)
    {
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, _("Moved on the map"));
    }
  return g_string_free (out, FALSE);
}

static const char *
change_value (const SmEditEntry *entry,
              const char        *column)
{
  for (guint i = 0; i < entry->changes->len; i++)
    {
      SmEditChange *c = g_ptr_array_index (entry->changes, i);

      if (g_str_equal (c->column, column))
        return c->new_value ? c->new_value : c->old_value;
    }
  return NULL;
}

/* "Supply · Heat", or "Flow 12" when the log no longer knows */
static char *
flow_kind (const SmEditEntry *entry)
{
  if (entry->direction >= 0 && entry->resource >= 0)
    return g_strdup_printf (_("%s · %s"), sm_direction_get_label (entry->direction),
                            sm_resource_get_label (entry->resource));
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, entry->row_id);

    /* TRANSLATORS: a flow no longer in the project, by its number */
    return g_strdup_printf (_("Flow no. %s"), number);
  }
}

/* Public API */

/**
 * sm_edit_entry_describe:
 * @entry: one change of the edit log
 *
 * Returns: (transfer full): what the change did, in one line
 */
char *
sm_edit_entry_describe (const SmEditEntry *entry)
{
  g_autofree char *kind = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (entry != NULL, NULL);

  if (!entry->is_flow)
    {
      const char *name = change_value (entry, "name");

      switch (entry->action)
        {
        case SM_EDIT_LOG_INSERT:
          /* TRANSLATORS: %s is the site's name */
          return g_strdup_printf (_("Site added: %s"), name ? name : "");
        case SM_EDIT_LOG_DELETE:
          /* TRANSLATORS: %s is the site's name */
          return g_strdup_printf (_("Site deleted: %s"), name ? name : "");
        case SM_EDIT_LOG_UPDATE:
        default:
          return describe_changes (entry);
        }
    }

  kind = flow_kind (entry);
  switch (entry->action)
    {
    case SM_EDIT_LOG_INSERT:
      {
        const char *amount = change_value (entry, "amount");
        g_autofree char *amount_text = amount ? format_value (entry, "amount", amount) : NULL;

        if (amount_text == NULL)
          /* TRANSLATORS: %s describes the flow (direction, resource, amount) */
          return g_strdup_printf (_("Flow added: %s"), kind);
        /* TRANSLATORS: a new flow: its direction and resource, and its amount */
        return g_strdup_printf (_("Flow added: %s, %s"), kind, amount_text);
      }
    case SM_EDIT_LOG_DELETE:
      /* TRANSLATORS: %s describes the flow (direction, resource, amount) */
      return g_strdup_printf (_("Flow deleted: %s"), kind);
    case SM_EDIT_LOG_UPDATE:
    default:
      what = describe_changes (entry);
      /* TRANSLATORS: a flow (“Supply · Heat”) and what changed in it */
      return g_strdup_printf (_("Flow %s: %s"), kind, what);
    }
}

/**
 * sm_edit_entry_byline:
 * @entry: one change of the edit log
 *
 * Returns: (transfer full): when and by whom: "23.11.26 18:04 · anna"
 */
char *
sm_edit_entry_byline (const SmEditEntry *entry)
{
  g_autofree char *when = sm_edit_format_time (entry->changed_at);

  if (entry->who != NULL)
    /* TRANSLATORS: when a change was made, and the user name of who made it */
    return g_strdup_printf (_("%s · %s"), when, entry->who);
  /* TRANSLATORS: when a change was made by a program other than Symbiomap (QGIS, sqlite3) */
  return g_strdup_printf (_("%s · another program"), when);
}

/**
 * sm_edit_format_time:
 * @iso: (nullable): "2026-11-23T16:05:00Z"
 *
 * Returns: (transfer full): the time in the user's locale and time zone,
 *   or @iso itself when it is not a time
 */
char *
sm_edit_format_time (const char *iso)
{
  g_autoptr (GDateTime) utc = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr (GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup (iso ? iso : "");
  /* TRANSLATORS: a date and time as strftime writes it; %x the date, %H:%M the time */
  return g_date_time_format (local, _("%x %H:%M"));
}
