/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The COPY path of a large sites import into a database
 * (docs/POSTGRESQL.md, "Large imports"): the import reads, checks and
 * rejects its rows as on the file, row by row (sm-import-*.c); only the
 * writing changes. Instead of one INSERT round trip a site, the new sites
 * are gathered in COPY's text format, sent with COPY FROM STDIN into a
 * temporary staging table, and moved into sites with one INSERT … SELECT,
 * which builds the points and runs the tables' triggers (row_version,
 * changed_by, the import's name in symbiomap.edit_import) for the lot.
 *
 * The importer still needs each new site's id at once (for the flows of
 * the row, the same-site check of the rows after it). So the path takes
 * the table's insert lock (SHARE ROW EXCLUSIVE: readers go on, other
 * writers of sites wait until the import commits), reads the next id of
 * the identity once, counts on from it, and sets the identity past the
 * last id it gave: the ids are those the row-by-row path would give.
 *
 * Into a table without sites, a large import (@rebuild_indexes) also
 * sets aside what costs most of its time on the server, row by row, and
 * puts it back at the end of the same transaction, as ogr2ogr builds the
 * spatial index of the table it makes after the rows:
 * - the secondary indexes of sites (name, org number, folded name, the
 *   GiST of the points), each built once, sorted; their lookups are in
 *   memory meanwhile (sm-import-sites.c, SiteKeys); the primary key and
 *   the unique ext_id stay;
 * - the foreign key to the import, checked once for all rows when it is
 *   added again, instead of one locking lookup a row;
 * - the edit log's trigger, which skips an import's rows anyway
 *   (symbiomap.logging_edits ()).
 * Dropping an index or a constraint locks the table until the commit,
 * readers too: only the table's owner role does it, and only into a table
 * that is empty, which a reader would find empty anyway.
 *
 * Anything else the import asks of the project (a lookup by key, a merge,
 * a flow, a rejected row) first sends what is gathered
 * (sm_project_pg_copy_flush(), called by sm_project_prepare()), so it
 * always sees every site written before it.
 */
#define G_LOG_DOMAIN "symbiomap-project"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <math.h>

#include "sm-pg-schema.h"
#include "sm-project.h"
#include "sm-project-private.h"

/* Sent when this much is gathered: large enough that a round trip is
 * nothing beside it, small enough to stay out of the way of the memory
 * a million-row import needs for its keys (*assumption*, measured with
 * tests/bench/bench-import-pg.c: 4 to 32 MiB gave the same time) */
#define FLUSH_BYTES (8u << 20)

#define SEQUENCE "pg_get_serial_sequence ('" SM_PG_SCHEMA ".sites', 'site_id')"

struct _SmPgSiteCopy
{
  GString *buf;
  gint64   next_id;  /* the id the next site gets */
  gint64   n_rows;   /* gathered, not yet sent */
  gboolean staged;   /* the staging table exists in this transaction */
  gboolean flushing;
  GPtrArray *indexes; /* what puts back what was set aside, at the end */
};

static gboolean
exec_raw (PGconn     *conn,
          const char *sql,
          GError    **error)
{
  /* TRANSLATORS: %s is the database server's own message (in English) */
  return sm_pg_exec (conn, sql, _("The project could not save a site: %s"), error);
}

static gboolean
set_aside_allowed (PGconn *conn)
{
  g_autoptr (PGresult) res = PQexec (conn,
                                     "SELECT NOT EXISTS (SELECT 1 FROM " SM_PG_SCHEMA ".sites) "
                                     "AND pg_has_role ((SELECT relowner FROM pg_class WHERE oid = '"
                                     SM_PG_SCHEMA ".sites'::regclass), 'USAGE')");

  return PQresultStatus (res) == PGRES_TUPLES_OK && PQntuples (res) == 1
         && g_str_equal (PQgetvalue (res, 0, 0), "t");
}

/* What a large import sets aside (see above), when the table is empty
 * and this role owns it: each row gives the statement that sets it aside
 * and the one that puts it back */
static gboolean
set_aside (PGconn       *conn,
           SmPgSiteCopy *copy,
           GError      **error)
{
  g_autoptr (PGresult) res = NULL;

  res = PQexec (conn,
                "WITH t AS (SELECT '" SM_PG_SCHEMA ".sites'::regclass AS oid) "
                "SELECT 'DROP INDEX " SM_PG_SCHEMA ".' || quote_ident (indexname), indexdef "
                "FROM pg_indexes WHERE schemaname = '" SM_PG_SCHEMA "' AND tablename = 'sites' "
                "AND indexname IN ('sites_name', 'sites_org_number', 'sites_name_folded', 'sites_geom') "
                "UNION ALL "
                "SELECT 'ALTER TABLE " SM_PG_SCHEMA ".sites DROP CONSTRAINT ' || quote_ident (conname), "
                "'ALTER TABLE " SM_PG_SCHEMA ".sites ADD CONSTRAINT ' || quote_ident (conname) || ' ' "
                "|| pg_get_constraintdef (c.oid) FROM pg_constraint c, t "
                "WHERE c.conrelid = t.oid AND c.contype = 'f' AND c.conname = 'sites_import_id_fkey' "
                "UNION ALL "
                "SELECT 'ALTER TABLE " SM_PG_SCHEMA ".sites DISABLE TRIGGER sites_edit_log', "
                "'ALTER TABLE " SM_PG_SCHEMA ".sites ENABLE TRIGGER sites_edit_log' "
                "FROM pg_trigger g, t WHERE g.tgrelid = t.oid AND g.tgname = 'sites_edit_log' ");
  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    {
      /* TRANSLATORS: %s is the database server's own message (in English) */
      sm_pg_set_error (conn, res, error, _("The project could not save a site: %s"));
      return FALSE;
    }
  copy->indexes = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      if (!exec_raw (conn, PQgetvalue (res, i, 0), error))
        return FALSE;
      g_ptr_array_add (copy->indexes, g_strdup (PQgetvalue (res, i, 1)));
    }
  return TRUE;
}


/**
 * sm_project_bulk_sites_begin:
 * @self: a project, inside the import's transaction
 *
 * From now on sm_project_insert_site() gathers the new sites and sends
 * them with COPY, until sm_project_bulk_sites_end(); with
 * @rebuild_indexes, into a table without sites, the lookups by name and
 * org number are the caller's meanwhile (see above). On a file, nothing
 * changes (its import is fast row by row, sm-spatial-bulk.c).
 *
 * Returns: %FALSE with @error set when the database refused
 */
gboolean
sm_project_bulk_sites_begin (SmProject *self,
                             gboolean   rebuild_indexes,
                             GError   **error)
{
  PGconn *conn;
  g_autoptr (PGresult) res = NULL;
  SmPgSiteCopy *copy;

  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);
  if (!sm_project_is_shared (self) || self->site_copy != NULL)
    return TRUE;
  conn = sm_db_get_raw_pg (self->store);
  if (!exec_raw (conn, "LOCK TABLE " SM_PG_SCHEMA ".sites IN SHARE ROW EXCLUSIVE MODE", error))
    return FALSE;
  res = PQexec (conn, "SELECT nextval (" SEQUENCE ")");
  if (PQresultStatus (res) != PGRES_TUPLES_OK || PQntuples (res) != 1)
    {
      /* TRANSLATORS: %s is the database server's own message (in English) */
      sm_pg_set_error (conn, res, error, _("The project could not save a site: %s"));
      return FALSE;
    }
  copy = g_new0 (SmPgSiteCopy, 1);
  copy->buf = g_string_sized_new (FLUSH_BYTES + 4096);
  copy->next_id = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  self->site_copy = copy;
  if (rebuild_indexes && set_aside_allowed (conn) && !set_aside (conn, copy, error))
    {
      sm_project_bulk_sites_abort (self);
      return FALSE;
    }
  g_debug ("COPY path for sites from id %" G_GINT64_FORMAT, copy->next_id);
  return TRUE;
}

static void
site_copy_free (SmPgSiteCopy *copy)
{
  g_string_free (copy->buf, TRUE);
  g_clear_pointer (&copy->indexes, g_ptr_array_unref);
  g_free (copy);
}

/**
 * sm_project_bulk_sites_abort:
 *
 * Forgets what sm_project_bulk_sites_begin() gathered; for an import
 * that fails and rolls back.
 */
void
sm_project_bulk_sites_abort (SmProject *self)
{
  g_return_if_fail (SM_IS_PROJECT (self));
  g_clear_pointer (&self->site_copy, site_copy_free);
}

/* COPY's text format: backslash, tab, newline and carriage return escaped */
static void
append_field (GString    *buf,
              const char *text)
{
  if (text == NULL)
    {
      g_string_append (buf, "\\N\t");
      return;
    }
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (buf, "\\\\"); break;
      case '\t': g_string_append (buf, "\\t"); break;
      case '\n': g_string_append (buf, "\\n"); break;
      case '\r': g_string_append (buf, "\\r"); break;
      default: g_string_append_c (buf, *p);
      }
  g_string_append_c (buf, '\t');
}

static void
append_double (GString *buf,
               double   d)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  /* No location gives NULL, which the schema refuses, as row by row */
  if (isnan (d) || isinf (d))
    g_string_append (buf, "\\N\t");
  else
    {
      g_string_append (buf, g_ascii_dtostr (text, sizeof text, d));
      g_string_append_c (buf, '\t');
    }
}

/**
 * sm_project_pg_copy_flush:
 *
 * Sends the gathered sites and moves them into sites. Called before any
 * other statement of the project runs.
 */
gboolean
sm_project_pg_copy_flush (SmProject *self,
                          GError   **error)
{
  SmPgSiteCopy *copy = self->site_copy;
  PGconn *conn;
  g_autofree char *setval = NULL;
  gboolean ok = FALSE;

  if (copy == NULL || copy->n_rows == 0 || copy->flushing)
    return TRUE;
  copy->flushing = TRUE;
  conn = sm_db_get_raw_pg (self->store);
  if (!copy->staged
      && !exec_raw (conn,
                    "CREATE TEMPORARY TABLE IF NOT EXISTS sm_stage_sites ("
                    "site_id bigint, ext_id text, name text, org_number text, sector text, "
                    "address text, contact_name text, contact_email text, phone text, notes text, "
                    "import_id bigint, lon double precision, lat double precision, "
                    "name_folded text) ON COMMIT DROP",
                    error))
    goto out;
  copy->staged = TRUE;
  {
    g_autoptr (PGresult) res = PQexec (conn, "COPY sm_stage_sites FROM STDIN");
    g_autoptr (PGresult) end = NULL;

    if (PQresultStatus (res) != PGRES_COPY_IN)
      {
        /* TRANSLATORS: %s is the database server's own message (in English) */
        sm_pg_set_error (conn, res, error, _("The database could not take the copy: %s"));
        goto out;
      }
    if (PQputCopyData (conn, copy->buf->str, (int) copy->buf->len) != 1
        || PQputCopyEnd (conn, NULL) != 1)
      {
        /* TRANSLATORS: %s is the database server's own message (in English) */
        sm_pg_set_error (conn, NULL, error, _("The database could not take the copy: %s"));
        /* the COPY's own result, whatever it is, so the connection is free again */
        while ((end = PQgetResult (conn)) != NULL)
          g_clear_pointer (&end, PQclear);
        goto out;
      }
    end = PQgetResult (conn);
    if (PQresultStatus (end) != PGRES_COMMAND_OK)
      {
        /* TRANSLATORS: %s is the database server's own message (in English) */
        sm_pg_set_error (conn, end, error, _("The database could not take the copy: %s"));
        g_clear_pointer (&end, PQclear);
        while ((end = PQgetResult (conn)) != NULL)
          g_clear_pointer (&end, PQclear);
        goto out;
      }
    g_clear_pointer (&end, PQclear);
    while ((end = PQgetResult (conn)) != NULL)
      g_clear_pointer (&end, PQclear);
  }
  /* In id order, so that a site's place on disk follows its id as row by
   * row; the point built here as sm_project_pg_insert_site() builds it */
  if (!exec_raw (conn,
                 "INSERT INTO " SM_PG_SCHEMA ".sites (site_id, ext_id, name, org_number, sector, "
                 "address, contact_name, contact_email, phone, notes, import_id, geom, name_folded) "
                 "SELECT site_id, ext_id, name, org_number, sector, address, contact_name, "
                 "contact_email, phone, notes, import_id, ST_SetSRID (ST_MakePoint (lon, lat), 4326), "
                 "name_folded FROM sm_stage_sites ORDER BY site_id",
                 error)
      || !exec_raw (conn, "TRUNCATE sm_stage_sites", error))
    goto out;
  setval = g_strdup_printf ("SELECT setval (" SEQUENCE ", %" G_GINT64_FORMAT ", false)", copy->next_id);
  if (!exec_raw (conn, setval, error))
    goto out;
  g_string_truncate (copy->buf, 0);
  copy->n_rows = 0;
  ok = TRUE;

out:
  copy->flushing = FALSE;
  return ok;
}

/**
 * sm_project_bulk_sites_end:
 *
 * Sends what is gathered and goes back to writing row by row.
 */
gboolean
sm_project_bulk_sites_end (SmProject *self,
                           GError   **error)
{
  gboolean ok;

  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);
  if (self->site_copy == NULL)
    return TRUE;
  ok = sm_project_pg_copy_flush (self, error);
  for (guint i = 0; ok && self->site_copy->indexes != NULL && i < self->site_copy->indexes->len; i++)
    ok = exec_raw (sm_db_get_raw_pg (self->store), g_ptr_array_index (self->site_copy->indexes, i),
                   error);
  sm_project_bulk_sites_abort (self);
  return ok;
}

/* sm_project_pg_insert_site() while the COPY path is on */
gint64
sm_project_pg_copy_site (SmProject    *self,
                         const SmSite *site,
                         gint64        import_id,
                         const char   *folded,
                         GError      **error)
{
  SmPgSiteCopy *copy = self->site_copy;
  gint64 id = copy->next_id++;
  GString *buf = copy->buf;

  g_string_append_printf (buf, "%" G_GINT64_FORMAT "\t", id);
  append_field (buf, site->ext_id);
  append_field (buf, site->name);
  append_field (buf, site->org_number);
  append_field (buf, site->sector);
  append_field (buf, site->address);
  append_field (buf, site->contact_name);
  append_field (buf, site->contact_email);
  append_field (buf, site->phone);
  append_field (buf, site->notes);
  if (import_id > 0)
    g_string_append_printf (buf, "%" G_GINT64_FORMAT "\t", import_id);
  else
    g_string_append (buf, "\\N\t");
  append_double (buf, site->lon);
  append_double (buf, site->lat);
  append_field (buf, folded);
  buf->str[buf->len - 1] = '\n';
  copy->n_rows++;
  if (buf->len >= FLUSH_BYTES && !sm_project_pg_copy_flush (self, error))
    return 0;
  return id;
}
