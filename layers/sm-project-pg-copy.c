/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The COPY path of a large sites import into a database
 * (docs/POSTGRESQL.md, "Large imports"): the import reads, checks and
 * rejects its rows as on the file, row by row (sm-import-*.c); only the
 * writing changes. Instead of one INSERT round trip a site, the new sites
 * stream into sites with one COPY FROM STDIN, in COPY's text format, the
 * point as the hex EWKB of the same two doubles that
 * sm_project_pg_insert_site() hands to ST_MakePoint: the server writes
 * rows while the import reads the next ones, and the table's defaults
 * and triggers (row_version, changed_by, the import's name in
 * symbiomap.edit_import) run as for an INSERT. (A staging table and one
 * INSERT … SELECT, the first version, wrote every row twice and could
 * not overlap with the reading: 1.5 times the time; bench-import-pg.)
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
 * a flow, a rejected row) first ends the COPY
 * (sm_project_pg_copy_flush(), called by sm_project_prepare()), so it
 * always sees every site written before it; the next new site starts
 * another.
 */
#define G_LOG_DOMAIN "symbiomap-project"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libpq-fe.h>
#include <math.h>
#include <string.h>

#include "sm-pg-schema.h"
#include "sm-project.h"
#include "sm-project-private.h"

/* Handed to libpq when this much is gathered (*assumption*: libpq's own
 * send buffer is 8 KiB; a few hundred rows a call keep the calls cheap) */
#define SEND_BYTES (64u << 10)

#define SEQUENCE "pg_get_serial_sequence ('" SM_PG_SCHEMA ".sites', 'site_id')"

struct _SmPgSiteCopy
{
  GString *buf;
  gint64   next_id;  /* the id the next site gets */
  gboolean in_copy;  /* the connection is in COPY FROM STDIN */
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
 * sm_project_lock_imports:
 * @self: a project, inside the import's transaction
 * @cancellable: (nullable): stops the wait
 *
 * On a database, waits for the imports before this one to end and holds
 * the import lock until this transaction ends (docs/POSTGRESQL.md,
 * "Imports at the same time"): a transaction-level advisory lock, which
 * the commit, the rollback or a lost connection lets go. It is asked for
 * ten times a second rather than waited for on the server, so that a
 * cancelled import stops waiting at once. On a file, nothing (SQLite has
 * one writer at a time anyway).
 *
 * Returns: %FALSE with @error set when the database refused or
 *   @cancellable was cancelled
 */
gboolean
sm_project_lock_imports (SmProject    *self,
                         GCancellable *cancellable,
                         GError      **error)
{
  PGconn *conn;

  g_return_val_if_fail (SM_IS_PROJECT (self), FALSE);
  if (!sm_project_is_shared (self))
    return TRUE;
  conn = sm_db_get_raw_pg (self->store);
  for (;;)
    {
      g_autoptr (PGresult) res = PQexec (conn, "SELECT pg_try_advisory_xact_lock "
                                               "(hashtext ('symbiomap.import'))");

      if (PQresultStatus (res) != PGRES_TUPLES_OK || PQntuples (res) != 1)
        {
          /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
          sm_pg_set_error (conn, res, error, _("The project could not start a change: %s"));
          return FALSE;
        }
      if (g_str_equal (PQgetvalue (res, 0, 0), "t"))
        return TRUE;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (G_USEC_PER_SEC / 10);
    }
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
  copy->buf = g_string_sized_new (SEND_BYTES + 4096);
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
  if (self->site_copy != NULL && self->site_copy->in_copy)
    {
      PGconn *conn = sm_db_get_raw_pg (self->store);
      PGresult *res;

      /* The COPY fails on the server, so the connection takes the
       * rollback that follows */
      PQputCopyEnd (conn, "the import stopped");
      while ((res = PQgetResult (conn)) != NULL)
        PQclear (res);
    }
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

/**
 * sm_project_pg_copy_flush:
 *
 * Ends the COPY of new sites, if one is under way, and sets the identity
 * past the ids it gave. Called before any other statement of the project
 * runs.
 */
gboolean
sm_project_pg_copy_flush (SmProject *self,
                          GError   **error)
{
  SmPgSiteCopy *copy = self->site_copy;
  PGconn *conn;
  PGresult *res;
  g_autofree char *setval = NULL;
  gboolean ok = TRUE;

  if (copy == NULL || !copy->in_copy || copy->flushing)
    return TRUE;
  copy->flushing = TRUE;
  copy->in_copy = FALSE;
  conn = sm_db_get_raw_pg (self->store);
  if ((copy->buf->len > 0 && PQputCopyData (conn, copy->buf->str, (int) copy->buf->len) != 1)
      || PQputCopyEnd (conn, NULL) != 1)
    {
      /* TRANSLATORS: %s is the database server's own message (in English) */
      sm_pg_set_error (conn, NULL, error, _("The project could not save a site: %s"));
      ok = FALSE;
    }
  g_string_truncate (copy->buf, 0);
  /* the COPY's own result, and nothing after it, so the connection is
   * free again whatever happened */
  while ((res = PQgetResult (conn)) != NULL)
    {
      if (ok && PQresultStatus (res) != PGRES_COMMAND_OK)
        {
          /* TRANSLATORS: %s is the database server's own message (in English) */
          sm_pg_set_error (conn, res, error, _("The project could not save a site: %s"));
          ok = FALSE;
        }
      PQclear (res);
    }
  if (ok)
    {
      setval = g_strdup_printf ("SELECT setval (" SEQUENCE ", %" G_GINT64_FORMAT ", false)",
                                copy->next_id);
      ok = exec_raw (conn, setval, error);
    }
  copy->flushing = FALSE;
  return ok;
}

static gboolean
start_copy (SmProject *self,
            GError   **error)
{
  PGconn *conn = sm_db_get_raw_pg (self->store);
  g_autoptr (PGresult) res = PQexec (conn,
                                     "COPY " SM_PG_SCHEMA ".sites (site_id, ext_id, name, org_number, "
                                     "sector, address, contact_name, contact_email, phone, notes, "
                                     "import_id, geom, name_folded) FROM STDIN");

  if (PQresultStatus (res) != PGRES_COPY_IN)
    {
      /* TRANSLATORS: %s is the database server's own message (in English) */
      sm_pg_set_error (conn, res, error, _("The project could not save a site: %s"));
      return FALSE;
    }
  self->site_copy->in_copy = TRUE;
  return TRUE;
}

/* A point in EPSG:4326 as PostGIS reads it from text: hex EWKB, little
 * endian (geometry_in; the same bytes ST_AsEWKB gives) */
static void
append_point (GString *buf,
              double   lon,
              double   lat)
{
  static const char hex[] = "0123456789ABCDEF";
  double xy[2] = { lon, lat };

  /* No location gives NULL, which the schema refuses, as row by row */
  if (isnan (lon) || isnan (lat) || isinf (lon) || isinf (lat))
    {
      g_string_append (buf, "\\N\t");
      return;
    }
  g_string_append (buf, "0101000020E6100000");
  for (int i = 0; i < 2; i++)
    {
      guint64 bits;

      memcpy (&bits, &xy[i], sizeof bits);
      bits = GUINT64_TO_LE (bits);
      for (int b = 0; b < 8; b++)
        {
          guint8 byte = (bits >> (8 * b)) & 0xff;

          g_string_append_c (buf, hex[byte >> 4]);
          g_string_append_c (buf, hex[byte & 15]);
        }
    }
  g_string_append_c (buf, '\t');
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
  GString *buf = copy->buf;
  gint64 id;

  if (!copy->in_copy && !start_copy (self, error))
    return 0;
  id = copy->next_id++;
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
  append_point (buf, site->lon, site->lat);
  append_field (buf, folded);
  buf->str[buf->len - 1] = '\n';
  if (buf->len >= SEND_BYTES)
    {
      if (PQputCopyData (sm_db_get_raw_pg (self->store), buf->str, (int) buf->len) != 1)
        {
          /* TRANSLATORS: %s is the database server's own message (in English) */
          sm_pg_set_error (sm_db_get_raw_pg (self->store), NULL, error,
                           _("The project could not save a site: %s"));
          return 0;
        }
      g_string_truncate (buf, 0);
    }
  return id;
}
