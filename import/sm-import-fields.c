/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fields an import reads (sites, flows, network lines), with the
 * column names each is found under in English, Danish and Swedish, and
 * the mapping of a layer's columns to them: detected from the aliases,
 * overridden by the user's --map. Apart from sm-import.c so that the
 * table of aliases can be read and extended on its own.
 */
#define G_LOG_DOMAIN "symbiomap-import"

#include "config.h"

#include "sm-import-private.h"

#define A(...) ((const char * const[]) { __VA_ARGS__, NULL })

static const SmImportField all_fields[N_FIELDS] = {
  [F_SITE_ID] = { "site_id", N_("Site ID"), FALSE,
                  A ("ext_id", "site_id", "id", "site", "site_key", "lokalitet", "anlæg", "anläggning",
                     "siteid", "facilityinspireid") },
  [F_NAME] = { "name", N_("Name"), TRUE,
               A ("name", "company", "navn", "virksomhed", "firma", "namn", "företag", "site_name",
                  "sitename", "facility_name", "facilityname", "company_name", "companyname") },
  [F_ORG_NUMBER] = { "org_number", N_("Organisation number"), FALSE,
                     A ("org_number", "cvr", "cvr_nr", "orgnr", "organisationsnummer") },
  [F_SECTOR] = { "sector", N_("Sector"), FALSE, A ("sector", "nace", "branche", "bransch") },
  [F_ADDRESS] = { "address", N_("Address"), FALSE, A ("address", "adresse", "adress", "street") },
  /* Joined into the address: "Vej 1, 8000 Aarhus C" */
  [F_POSTCODE] = { "postcode", N_("Postcode"), FALSE,
                   A ("postcode", "postnr", "post_nr", "postnummer", "postal_code", "zip", "zip_code",
                      "plz") },
  [F_CITY] = { "city", N_("City"), FALSE,
               A ("city", "by", "bynavn", "postdistrikt", "ort", "postort", "town") },
  [F_CONTACT_NAME] = { "contact_name", N_("Contact"), FALSE,
                       A ("contact_name", "contact", "kontakt", "kontaktperson") },
  [F_CONTACT_EMAIL] = { "contact_email", N_("E-mail"), FALSE,
                        A ("contact_email", "email", "e_mail", "mail", "epost", "e_post") },
  [F_PHONE] = { "phone", N_("Phone"), FALSE, A ("phone", "telefon", "tlf") },
  [F_NOTES] = { "notes", N_("Notes"), FALSE,
                A ("notes", "note", "noter", "bemærkninger", "anteckningar", "comments") },
  [F_LAT] = { "lat", N_("Latitude"), FALSE, A ("lat", "latitude", "breddegrad") },
  [F_LON] = { "lon", N_("Longitude"), FALSE,
              A ("lon", "longitude", "lng", "long", "længdegrad", "längdgrad") },
  [F_X] = { "x", N_("Easting (x)"), FALSE, A ("x", "easting", "east") },
  [F_Y] = { "y", N_("Northing (y)"), FALSE, A ("y", "northing", "north") },
  [F_WKT] = { "wkt", N_("Geometry as WKT"), FALSE, A ("wkt", "geom", "geometry") },
  [F_DIRECTION] = { "direction", N_("Direction"), TRUE,
                    A ("direction", "retning", "riktning", "type") },
  [F_RESOURCE] = { "resource", N_("Resource"), TRUE,
                   A ("resource", "ressource", "resurs", "resource_type") },
  /* TRANSLATORS: the European Waste Catalogue code of a material */
  [F_EWC_CODE] = { "ewc_code", N_("EWC code"), FALSE,
                   A ("ewc_code", "ewc", "lov", "affaldskode", "avfallskod", "waste_code") },
  [F_MATERIAL] = { "material", N_("Material"), FALSE, A ("material", "materiale", "fraktion") },
  [F_AMOUNT] = { "amount", N_("Amount"), TRUE,
                 A ("amount", "quantity", "volume", "mængde", "mängd") },
  [F_UNIT] = { "unit", N_("Unit"), FALSE, A ("unit", "enhed", "enhet") },
  [F_TEMPERATURE] = { "temperature_c", N_("Temperature (°C)"), FALSE,
                      A ("temperature_c", "temperature", "temperatur", "temp") },
  [F_HOURS] = { "hours_per_year", N_("Hours per year"), FALSE,
                A ("hours_per_year", "hours", "timer", "timmar", "driftstimer", "drifttimmar") },
  [F_PARTNER] = { "partner_site_id", N_("Partner site"), FALSE, A ("partner_site_id", "partner") },
  /* TRANSLATORS: the kind of a network line: road, quay, pipe corridor */
  [F_KIND] = { "kind", N_("Line kind"), FALSE,
               A ("kind", "highway", "type", "kategori", "category") },
};

static const FieldId site_fields[] = {
  F_SITE_ID, F_NAME, F_ORG_NUMBER, F_SECTOR, F_ADDRESS, F_POSTCODE, F_CITY, F_CONTACT_NAME, F_CONTACT_EMAIL,
  F_PHONE, F_NOTES, F_LAT, F_LON, F_X, F_Y, F_WKT,
};
static const FieldId flow_fields[] = {
  F_SITE_ID, F_DIRECTION, F_RESOURCE, F_EWC_CODE, F_MATERIAL, F_AMOUNT, F_UNIT, F_TEMPERATURE,
  F_HOURS, F_PARTNER, F_NOTES, F_NAME, F_ORG_NUMBER, F_SECTOR, F_ADDRESS, F_POSTCODE, F_CITY, F_CONTACT_NAME,
  F_CONTACT_EMAIL, F_PHONE, F_LAT, F_LON, F_X, F_Y, F_WKT,
};
static const FieldId network_fields[] = { F_NAME, F_KIND };

static const FieldId *
kind_fields (SmImportKind kind,
             guint       *n)
{
  switch (kind)
    {
    case SM_IMPORT_KIND_SITES:
      *n = G_N_ELEMENTS (site_fields);
      return site_fields;
    case SM_IMPORT_KIND_FLOWS:
      *n = G_N_ELEMENTS (flow_fields);
      return flow_fields;
    case SM_IMPORT_KIND_NETWORK:
      *n = G_N_ELEMENTS (network_fields);
      return network_fields;
    case SM_IMPORT_KIND_INVALID:
    case SM_N_IMPORT_KINDS:
    default:
      *n = 0;
      return NULL;
    }
}

static const char * const kind_keys[SM_N_IMPORT_KINDS] = { "sites", "flows", "network" };

const char *
sm_import_kind_to_key (SmImportKind kind)
{
  g_return_val_if_fail (kind >= 0 && kind < SM_N_IMPORT_KINDS, NULL);
  return kind_keys[kind];
}

SmImportKind
sm_import_kind_from_key (const char *key)
{
  for (int i = 0; i < SM_N_IMPORT_KINDS; i++)
    if (g_strcmp0 (key, kind_keys[i]) == 0)
      return i;
  return SM_IMPORT_KIND_INVALID;
}

const char *
sm_import_kind_get_label (SmImportKind kind)
{
  switch (kind)
    {
    case SM_IMPORT_KIND_SITES:
      return _("Company sites");
    case SM_IMPORT_KIND_FLOWS:
      return _("Resource flows");
    case SM_IMPORT_KIND_NETWORK:
      /* TRANSLATORS: roads, quays and pipe corridors a pipe route can follow */
      return _("Network lines");
    case SM_IMPORT_KIND_INVALID:
    case SM_N_IMPORT_KINDS:
    default:
      return NULL;
    }
}

/**
 * sm_import_get_fields:
 * @kind: an import kind
 * @n_fields: (out): how many
 *
 * Returns: (array length=n_fields): the fields @kind reads, with their
 *   column aliases; for the field-mapping view and `--map`
 */
const SmImportField *
sm_import_get_fields (SmImportKind  kind,
                      guint        *n_fields)
{
  static SmImportField *tables[SM_N_IMPORT_KINDS];
  static gsize done;

  g_return_val_if_fail (kind >= 0 && kind < SM_N_IMPORT_KINDS, NULL);

  if (g_once_init_enter (&done))
    {
      for (int k = 0; k < SM_N_IMPORT_KINDS; k++)
        {
          guint n;
          const FieldId *ids = kind_fields (k, &n);

          tables[k] = g_new0 (SmImportField, n);
          for (guint i = 0; i < n; i++)
            tables[k][i] = all_fields[ids[i]];
          /* A network line's name is not required. */
          if (k == SM_IMPORT_KIND_NETWORK)
            tables[k][0].required = FALSE;
          /* A flow names its site by site_id or by the site's own fields. */
          if (k == SM_IMPORT_KIND_FLOWS)
            for (guint i = 0; i < n; i++)
              if (ids[i] == F_NAME)
                tables[k][i].required = FALSE;
        }
      g_once_init_leave (&done, 1);
    }
  kind_fields (kind, n_fields);
  return tables[kind];
}

static FieldId
field_id_from_name (const char *name)
{
  for (int i = 0; i < N_FIELDS; i++)
    if (g_str_equal (all_fields[i].name, name))
      return i;
  return N_FIELDS;
}

/* Field mapping */

/* Each field takes the unused column that matches its most preferred
 * alias: a GeoPackage exported by Symbiomap has both site_id (the
 * project's number) and ext_id (the user's key), and ext_id must win. */
static void
detect_columns (SmImportKind   kind,
                GPtrArray     *columns,
                int           *col)
{
  guint n;
  const FieldId *ids = kind_fields (kind, &n);
  g_autofree gboolean *used = g_new0 (gboolean, columns->len + 1);

  for (int f = 0; f < N_FIELDS; f++)
    col[f] = -1;
  for (guint i = 0; i < n; i++)
    {
      const SmImportField *field = &all_fields[ids[i]];

      for (guint a = 0; field->aliases[a] != NULL && col[ids[i]] < 0; a++)
        for (guint c = 0; c < columns->len; c++)
          if (!used[c] && sm_name_matches (g_ptr_array_index (columns, c), field->aliases[a]))
            {
              col[ids[i]] = c;
              used[c] = TRUE;
              break;
            }
    }
}

/* A column whose content is geometry, when no name found a location */
static void
use_geometry_column (SmImportKind         kind,
                     const SmSourceLayer *layer,
                     int                 *col)
{
  if (layer->geometry_column == NULL || kind == SM_IMPORT_KIND_NETWORK || col[F_WKT] >= 0
      || (col[F_LAT] >= 0 && col[F_LON] >= 0) || (col[F_X] >= 0 && col[F_Y] >= 0))
    return;
  for (guint c = 0; c < layer->columns->len; c++)
    if (g_str_equal (g_ptr_array_index (layer->columns, c), layer->geometry_column))
      {
        for (int f = 0; f < N_FIELDS; f++)
          if (col[f] == (int) c)
            return;
        col[F_WKT] = c;
        return;
      }
}

/**
 * sm_import_detect_mapping:
 * @kind: what the layer is imported as
 * @layer: a layer of a source
 *
 * Returns: (transfer full): field name -> column name for each field whose
 *   column the aliases of DATA-MODEL.md find
 */
GHashTable *
sm_import_detect_mapping (SmImportKind         kind,
                          const SmSourceLayer *layer)
{
  GHashTable *mapping = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  int col[N_FIELDS];

  detect_columns (kind, layer->columns, col);
  use_geometry_column (kind, layer, col);
  for (int f = 0; f < N_FIELDS; f++)
    if (col[f] >= 0)
      g_hash_table_insert (mapping, (gpointer) all_fields[f].name,
                           g_strdup (g_ptr_array_index (layer->columns, col[f])));
  return mapping;
}

/**
 * sm_import_guess_kind:
 * @layer: a layer of a source
 *
 * Returns: network for lines, flows when direction and resource columns
 *   are there, else sites
 */
SmImportKind
sm_import_guess_kind (const SmSourceLayer *layer)
{
  int col[N_FIELDS];

  /* A public register is read as sites (with their flows). */
  if (sm_register_detect (layer->columns) != SM_REGISTER_NONE)
    return SM_IMPORT_KIND_SITES;
  if (layer->geometry_type != NULL
      && (g_str_has_prefix (layer->geometry_type, "Line String")
          || g_str_has_prefix (layer->geometry_type, "Multi Line String")))
    return SM_IMPORT_KIND_NETWORK;
  detect_columns (SM_IMPORT_KIND_FLOWS, layer->columns, col);
  if (col[F_DIRECTION] >= 0 && col[F_RESOURCE] >= 0)
    return SM_IMPORT_KIND_FLOWS;
  return SM_IMPORT_KIND_SITES;
}

gboolean
sm_import_setup_mapping (LayerReader   *r,
                         SmSourceLayer *desc,
                         GError       **error)
{
  GHashTableIter iter;
  gpointer key, value;
  guint n;
  const FieldId *ids = kind_fields (r->options->kind, &n);

  detect_columns (r->options->kind, desc->columns, r->col);
  use_geometry_column (r->options->kind, desc, r->col);
  if (r->options->mapping != NULL)
    {
      g_hash_table_iter_init (&iter, r->options->mapping);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          FieldId f = field_id_from_name (key);
          int found = -1;

          if (f == N_FIELDS)
            {
              g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                           /* TRANSLATORS: %s is the field the user named in --map FIELD=COLUMN;
                            * the fields are Symbiomap's, e.g. site_id */
                           _("There is no field “%s” to map a column to"), (char *) key);
              return FALSE;
            }
          /* An empty column name: the field is read from no column. */
          if (*(char *) value == '\0')
            {
              r->col[f] = -1;
              continue;
            }
          for (guint c = 0; c < desc->columns->len && found < 0; c++)
            if (g_str_equal (g_ptr_array_index (desc->columns, c), value))
              found = c;
          if (found < 0)
            {
              g_autofree char *base = g_path_get_basename (r->path);
              g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                           /* TRANSLATORS: the file's name, the layer's name, the column the
                            * user named in --map, and the field (e.g. site_id, kept in English) */
                           _("“%s”, layer “%s”, has no column “%s” for the field %s"),
                           base, desc->name, (char *) value, (char *) key);
              return FALSE;
            }
          /* A column maps to one field: an explicit mapping takes it from
           * the field an alias gave it to. */
          for (int g = 0; g < N_FIELDS; g++)
            if (r->col[g] == found)
              r->col[g] = -1;
          r->col[f] = found;
        }
    }

  for (guint i = 0; i < n; i++)
    {
      const SmImportField *field = &all_fields[ids[i]];
      gboolean required = field->required;

      if (r->options->kind == SM_IMPORT_KIND_NETWORK || ids[i] == F_NAME)
        required = r->options->kind == SM_IMPORT_KIND_SITES && ids[i] == F_NAME;
      if (required && r->col[ids[i]] < 0)
        {
          g_autofree char *base = g_path_get_basename (r->path);
          g_autofree char *aliases = g_strjoinv (", ", (char **) field->aliases);
          g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                       /* TRANSLATORS: the file's name, the layer's name, the field (e.g.
                        * amount, kept in English), the column names looked for, the field
                        * again; keep --map and COLUMN */
                       _("“%s”, layer “%s”, has no column for the field %s (looked for %s); "
                         "name one with --map %s=COLUMN"),
                       base, desc->name, field->name, aliases, field->name);
          return FALSE;
        }
    }
  if (r->options->kind == SM_IMPORT_KIND_FLOWS && r->col[F_SITE_ID] < 0 && r->col[F_NAME] < 0
      && r->col[F_ORG_NUMBER] < 0)
    {
      g_autofree char *base = g_path_get_basename (r->path);
      g_set_error (error, SM_IMPORT_ERROR, SM_IMPORT_ERROR_MAPPING,
                   /* TRANSLATORS: the file's name, then the layer's name; keep site_id, it is
                    * the field's name */
                   _("“%s”, layer “%s”, names no site: it needs a site_id column, or the sites' "
                     "names and locations"),
                   base, desc->name);
      return FALSE;
    }

  for (int f = 0; f < N_FIELDS; f++)
    if (r->col[f] >= 0)
      {
        OGRFieldType t = OGR_Fld_GetType (OGR_FD_GetFieldDefn (r->defn, r->col[f]));
        r->numeric[f] = t == OFTReal || t == OFTInteger || t == OFTInteger64;
      }
  return TRUE;
}

const char *
sm_import_field_name (FieldId f)
{
  return f < N_FIELDS ? all_fields[f].name : NULL;
}
