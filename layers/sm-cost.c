/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The figures of the screening economics (docs/SYNERGY.md): every one a
 * project setting whose default names its source or says *assumption*.
 * The arithmetic that uses them is in sm-economics.c; the pipe-class table
 * in sm-pipe-classes.c.
 */
#define G_LOG_DOMAIN "symbiomap-cost"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "sm-db.h"
#include "sm-cost.h"
#include "sm-pipe-classes.h"

#define HOTMAPS N_("Hotmaps excess-heat module (HotMaps/excess_heat_cm, parameters.py)")
#define HOTMAPS_NET N_("Hotmaps excess-heat module (dh_network/dh_objects.py, NetworkObject)")

#define PIPE_KINDS N_("Assumption: pipes are laid along roads, in pipe corridors, beside existing " \
                           "pipes and along quays. Kinds separated by commas; empty: every line")
#define PIPE_KINDS_DEFAULT "road, pipe-corridor, existing-pipe, quay"

static const SmCostParameter parameters[] = {
  { "route.detour_factor", N_("Detour factor without a network"), "×",
    N_("Road distance is about 1.2 × the straight line (Newell 1980; O'Sullivan 1996)"),
    SM_COST_GROUP_ROUTING, 1.25, 1.0, 3.0, 0.05, 2 },
  /* Which kinds of network line a resource's pipe, or a truck, may follow
   * (docs/SYNERGY.md, "Routes"); lines without a kind carry everything */
  { "route.kinds.heat", N_("Lines a heat pipe may follow"), "", PIPE_KINDS,
    SM_COST_GROUP_ROUTING, 0, 0, 0, 0, 0, PIPE_KINDS_DEFAULT },
  { "route.kinds.steam", N_("Lines a steam pipe may follow"), "", PIPE_KINDS,
    SM_COST_GROUP_ROUTING, 0, 0, 0, 0, 0, PIPE_KINDS_DEFAULT },
  { "route.kinds.cooling", N_("Lines a cooling pipe may follow"), "", PIPE_KINDS,
    SM_COST_GROUP_ROUTING, 0, 0, 0, 0, 0, PIPE_KINDS_DEFAULT },
  { "route.kinds.water", N_("Lines a water main may follow"), "", PIPE_KINDS,
    SM_COST_GROUP_ROUTING, 0, 0, 0, 0, 0, PIPE_KINDS_DEFAULT },
  { "route.kinds.co2", N_("Lines a CO₂ pipe may follow"), "", PIPE_KINDS,
    SM_COST_GROUP_ROUTING, 0, 0, 0, 0, 0, PIPE_KINDS_DEFAULT },
  { "route.kinds.truck", N_("Lines a truck may follow"), "",
    N_("docs/SYNERGY.md: trucks use roads only (with OpenStreetMap's road classes). "
       "Kinds separated by commas; empty: every line"),
    SM_COST_GROUP_ROUTING, 0, 0, 0, 0, 0, "road" },

  /* TRANSLATORS: hours per year */
  { "heat.hours_supply", N_("Full-load hours of a supply"), N_("h/yr"),
    N_("Assumption: industrial excess heat runs most of the year; used when a flow gives no hours"),
    SM_COST_GROUP_HEAT, 6000, 100, 8760, 100, 0 },
  { "heat.hours_demand", N_("Full-load hours of a demand"), N_("h/yr"),
    N_("District-heating full-load hours (Bach et al., Energy 107, 2016); used when a flow gives no hours"),
    SM_COST_GROUP_HEAT, 4000, 100, 8760, 100, 0 },
  { "heat.exchanger_source", N_("Heat exchanger at the source"), "k€/MW",
    HOTMAPS, SM_COST_GROUP_HEAT, 15, 0, 1000, 1, 0 },
  { "heat.exchanger_sink_small", N_("Heat exchanger at the sink, below 1 MW"), "k€/MW",
    HOTMAPS, SM_COST_GROUP_HEAT, 265, 0, 1000, 1, 0 },
  { "heat.exchanger_sink_large", N_("Heat exchanger at the sink, above 1 MW"), "k€/MW",
    HOTMAPS, SM_COST_GROUP_HEAT, 100, 0, 1000, 1, 0 },
  { "heat.pump_small", N_("Pumps, below 1 MW"), "k€/MW",
    HOTMAPS, SM_COST_GROUP_HEAT, 240, 0, 1000, 1, 0 },
  { "heat.pump_large", N_("Pumps, above 1 MW"), "k€/MW",
    HOTMAPS, SM_COST_GROUP_HEAT, 90, 0, 1000, 1, 0 },
  { "heat.pump_efficiency", N_("Efficiency of the circulation pumps"), "",
    HOTMAPS, SM_COST_GROUP_HEAT, 0.8, 0.1, 1, 0.05, 2 },
  { "heat.conductivity", N_("Insulation conductivity λ"), "W/(m·K)",
    HOTMAPS, SM_COST_GROUP_HEAT, 0.05, 0.01, 1, 0.005, 3 },
  { "heat.return_c", N_("Return temperature of the pipe"), "°C",
    N_("Assumption: a usual district-heating return"), SM_COST_GROUP_HEAT, 40, 0, 100, 1, 0 },
  { "heat.flow_c", N_("Flow temperature when neither side gives one"), "°C",
    /* TRANSLATORS: the source of a figure: a value chosen by the authors, not taken from a
     * study */
    N_("Assumption"), SM_COST_GROUP_HEAT, 80, 20, 200, 1, 0 },
  { "heat.ground_dk", N_("Ground temperature in Denmark"), "°C",
    N_("Hotmaps excess-heat module, SOIL_TEMPERATURE_MAP"),
    SM_COST_GROUP_HEAT, 7.5, -10, 30, 0.1, 1 },
  { "heat.ground_se", N_("Ground temperature in Sweden"), "°C",
    N_("Hotmaps excess-heat module, SOIL_TEMPERATURE_MAP"),
    SM_COST_GROUP_HEAT, 2.1, -10, 30, 0.1, 1 },
  { "heat.discount_rate", N_("Discount rate"), "%", HOTMAPS_NET, SM_COST_GROUP_HEAT, 3, 0, 30, 0.5, 1 },
  /* TRANSLATORS: years */
  { "heat.lifetime", N_("Lifetime of pipes, exchangers and pumps"), N_("yr"),
    HOTMAPS_NET, SM_COST_GROUP_HEAT, 30, 1, 100, 1, 0 },
  { "heat.om_share", N_("Operation and maintenance of pipes, exchangers and pumps"), "%/yr",
    HOTMAPS_NET, SM_COST_GROUP_HEAT, 1, 0, 20, 0.1, 1 },
  { "heat.price", N_("Heat price"), "€/MWh", N_("Assumption; replace with the local tariff"),
    SM_COST_GROUP_HEAT, 30, 0, 500, 1, 0 },
  { "heat.co2_factor", N_("CO₂ of the heat replaced (baseline)"), "t/MWh",
    N_("THERMOS default: a gas boiler"), SM_COST_GROUP_HEAT, 0.215, 0, 1, 0.001, 3 },
  { "heat.steam_pipe_factor", N_("Steam pipe cost against a hot-water pipe"), "×",
    N_("Assumption"), SM_COST_GROUP_HEAT, 1.5, 1, 5, 0.1, 1 },
  { "cooling.price", N_("Value of cooling"), "€/MWh",
    N_("Assumption: the electricity of an electric chiller of COP 3 at the Danish price"),
    SM_COST_GROUP_HEAT, 63, 0, 500, 1, 0 },
  { "cooling.return_k", N_("Return of a cooling pipe above its flow"), "K",
    N_("Assumption"), SM_COST_GROUP_HEAT, 6, 1, 30, 1, 0 },
  { "cooling.co2_factor", N_("CO₂ of the cooling replaced (baseline)"), "t/MWh",
    N_("Assumption: an electric chiller of COP 3 on the Danish grid"),
    SM_COST_GROUP_HEAT, 0.04, 0, 1, 0.001, 3 },

  { "hp.cop_max", N_("Highest heat-pump COP"), "",
    N_("Assumption: Carnot fractions explode at small lifts"), SM_COST_GROUP_HEAT_PUMP, 7, 1.5, 20, 0.1, 1 },
  { "hp.cop_min", N_("Lowest heat-pump COP"), "", N_("Assumption"),
    SM_COST_GROUP_HEAT_PUMP, 1.5, 1.01, 5, 0.1, 2 },
  { "hp.carnot_fraction", N_("Share of the Carnot COP reached"), "",
    N_("Assumption: usual for large compression heat pumps"), SM_COST_GROUP_HEAT_PUMP, 0.5, 0.1, 1, 0.05, 2 },
  { "hp.max_output_c", N_("Highest heat-pump output temperature"), "°C",
    N_("Assumption: large industrial heat pumps deliver up to about 120–150 °C"),
    SM_COST_GROUP_HEAT_PUMP, 120, 40, 200, 5, 0 },
  { "hp.investment", N_("Heat-pump investment"), "k€/MW",
    N_("Assumption in the range of the Danish Energy Agency's technology data for large electric heat pumps"),
    SM_COST_GROUP_HEAT_PUMP, 600, 0, 5000, 10, 0 },
  { "hp.lifetime", N_("Heat-pump lifetime"), N_("yr"),
    N_("Danish Energy Agency, technology data for large heat pumps"), SM_COST_GROUP_HEAT_PUMP, 25, 1, 60, 1, 0 },
  { "hp.om_share", N_("Heat-pump operation and maintenance"), "%/yr",
    N_("Assumption"), SM_COST_GROUP_HEAT_PUMP, 2, 0, 20, 0.1, 1 },

  { "electricity.price_dk", N_("Electricity price in Denmark"), "€/MWh",
    N_("Hotmaps excess-heat module, ELECTRICITY_PRICE_MAP (18.9 ct/kWh)"),
    SM_COST_GROUP_ELECTRICITY, 189, 0, 1000, 1, 0 },
  { "electricity.price_se", N_("Electricity price in Sweden"), "€/MWh",
    N_("Hotmaps excess-heat module, ELECTRICITY_PRICE_MAP (15.4 ct/kWh)"),
    SM_COST_GROUP_ELECTRICITY, 154, 0, 1000, 1, 0 },
  { "electricity.co2_dk", N_("Grid CO₂ in Denmark"), "t/MWh",
    N_("Assumption: replace with the year's environmental declaration"),
    SM_COST_GROUP_ELECTRICITY, 0.12, 0, 1.5, 0.01, 3 },
  { "electricity.co2_se", N_("Grid CO₂ in Sweden"), "t/MWh",
    N_("Assumption: replace with the year's environmental declaration"),
    SM_COST_GROUP_ELECTRICITY, 0.03, 0, 1.5, 0.01, 3 },

  { "transport.cost", N_("Truck transport cost"), "€/(t·km)",
    N_("Assumption; replace with local haulage prices"), SM_COST_GROUP_TRANSPORT, 0.10, 0, 10, 0.01, 2 },
  { "transport.co2", N_("Truck transport CO₂"), "kg/(t·km)",
    N_("Assumption; replace with local figures"), SM_COST_GROUP_TRANSPORT, 0.062, 0, 1, 0.001, 3 },
  /* TRANSLATORS: the tonnes one truck carries in one trip */
  { "transport.load_t", N_("Truckload"), "t",
    N_("Assumption"), SM_COST_GROUP_TRANSPORT, 25, 1, 60, 1, 0 },
  /* TRANSLATORS: a water pipe (mains) between two sites, its cost per metre */
  { "pipe.water_eur_m", N_("Water main"), "€/m",
    N_("Assumption"), SM_COST_GROUP_TRANSPORT, 150, 0, 5000, 10, 0 },
  { "pipe.co2_eur_m", N_("Low-pressure CO₂ line"), "€/m",
    N_("Assumption"), SM_COST_GROUP_TRANSPORT, 500, 0, 5000, 10, 0 },

  { "money.dkk_per_eur", N_("Danish kroner per euro"), "DKK/€",
    N_("Assumption: near the fixed central rate"), SM_COST_GROUP_MONEY, 7.46, 0.1, 100, 0.01, 2 },
  { "money.sek_per_eur", N_("Swedish kronor per euro"), "SEK/€",
    N_("Assumption"), SM_COST_GROUP_MONEY, 11.5, 0.1, 100, 0.1, 2 },
};

const SmCostParameter *
sm_cost_get_parameters (guint *n_parameters)
{
  *n_parameters = G_N_ELEMENTS (parameters);
  return parameters;
}

/**
 * sm_cost_get_value:
 *
 * Returns: the project's value of a cost parameter, or its default
 */
double
sm_cost_get_value (SmProject  *project,
                   const char *key)
{
  g_autofree char *stored = project ? sm_project_get_setting (project, key) : NULL;

  if (stored != NULL)
    {
      char *end = NULL;
      double v = g_ascii_strtod (stored, &end);
      if (end != stored && isfinite (v))
        return v;
    }
  return sm_cost_get_default (key);
}

/**
 * sm_cost_get_default:
 *
 * Returns: the default of a cost parameter (docs/SYNERGY.md)
 */
double
sm_cost_get_default (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (parameters); i++)
    if (g_str_equal (parameters[i].key, key))
      return parameters[i].value;
  g_return_val_if_reached (NAN);
}

/**
 * sm_cost_get_text:
 *
 * Returns: (transfer full): the project's value of a text setting of the
 *   table, or its default
 */
char *
sm_cost_get_text (SmProject  *project,
                  const char *key)
{
  g_autofree char *stored = project ? sm_project_get_setting (project, key) : NULL;

  if (stored != NULL)
    return g_steal_pointer (&stored);
  for (guint i = 0; i < G_N_ELEMENTS (parameters); i++)
    if (g_str_equal (parameters[i].key, key))
      return g_strdup (parameters[i].text);
  g_return_val_if_reached (NULL);
}

/**
 * sm_cost_get_route_kinds:
 * @resource: what the pipe carries
 * @truck: the kinds a truck may follow instead
 *
 * Returns: (transfer full) (nullable): the kinds of network line the pipe
 *   (or a truck) may follow, for SmRouteOptions.kinds; NULL: every kind
 */
GStrv
sm_cost_get_route_kinds (SmProject *project,
                         SmResource resource,
                         gboolean   truck)
{
  g_autofree char *key = g_strconcat ("route.kinds.",
                                      truck || resource == SM_RESOURCE_MATERIAL
                                        ? "truck" : sm_resource_to_key (resource), NULL);
  g_autofree char *text = sm_cost_get_text (project, key);
  g_auto (GStrv) items = g_strsplit_set (text ? text : "", ",;", -1);
  g_autoptr (GStrvBuilder) kinds = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (*items[i] == '\0')
        continue;
      if (g_str_equal (items[i], "*"))
        return NULL;
      g_strv_builder_add (kinds, items[i]);
      n++;
    }
  return n > 0 ? g_strv_builder_end (kinds) : NULL;
}

/**
 * sm_cost_reset:
 *
 * Forgets the project's own figures (and pipe-class table): the defaults
 * apply again.
 */
gboolean
sm_cost_reset (SmProject  *project,
               GError    **error)
{
  SmStmt *stmt = sm_project_prepare (project,
                                           "DELETE FROM settings WHERE key = ?",
                                           error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i <= G_N_ELEMENTS (parameters); i++)
    {
      const char *key = i < G_N_ELEMENTS (parameters) ? parameters[i].key : SM_PIPE_CLASSES_SETTING;
      int rc;

      sm_stmt_bind_text (stmt, 1, key, -1);
      rc = sm_stmt_step (stmt, error);
      sm_stmt_reset (stmt);
      if (rc != SM_STMT_DONE)
        {
          /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
          sm_project_set_sql_error (project, error, _("The project could not save a setting: %s"));
          return FALSE;
        }
    }
  sm_project_emit_settings_changed (project, NULL);
  return TRUE;
}

/**
 * sm_cost_get_currency:
 * @per_eur: (out): units of the currency per euro
 *
 * Returns: the currency the project shows money in: "EUR", "DKK" or "SEK"
 *   (money is always computed in euros, docs/SYNERGY.md)
 */
const char *
sm_cost_get_currency (SmProject *project,
                      double    *per_eur)
{
  g_autofree char *code = project ? sm_project_get_setting (project, SM_COST_CURRENCY_SETTING) : NULL;

  if (g_strcmp0 (code, "DKK") == 0)
    {
      *per_eur = sm_cost_get_value (project, "money.dkk_per_eur");
      return "DKK";
    }
  if (g_strcmp0 (code, "SEK") == 0)
    {
      *per_eur = sm_cost_get_value (project, "money.sek_per_eur");
      return "SEK";
    }
  *per_eur = 1;
  return "EUR";
}

/**
 * sm_location_is_sweden:
 *
 * Tells Sweden from Denmark, the two countries of the project's users, by
 * two lines through Øresund and Kattegat: east of 12.66° E north of
 * 55.3° N (Helsingborg, Malmö; not Helsingør, Copenhagen or Bornholm), and
 * east of 11.3° E north of 56.8° N (Gothenburg; not Skagen or Læsø).
 *
 * Returns: whether the point is in Sweden rather than Denmark
 */
gboolean
sm_location_is_sweden (double lat,
                       double lon)
{
  return (lat > 55.3 && lon > 12.66) || (lat > 56.8 && lon > 11.3);
}

/**
 * sm_cost_ground_temperature:
 *
 * Returns: the Swedish or the Danish ground temperature, by where the
 *   point is
 */
double
sm_cost_ground_temperature (SmProject *project,
                            double     lat,
                            double     lon)
{
  return sm_cost_get_value (project, sm_location_is_sweden (lat, lon) ? "heat.ground_se"
                                                                      : "heat.ground_dk");
}

