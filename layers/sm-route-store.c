/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the routable graph is kept: one BLOB in route_graph holding every
 * array of the graph (sm-route-graph.h) after a small header, written with
 * sqlite3_blob_write and read back in one sqlite3_blob_read, so that a
 * cold route reads the graph as fast as the disk gives it instead of row
 * by row. Triggers on network_edges drop it whenever a line changes
 * (the migration in sm-project.c), so a kept graph is always current.
 *
 * A second database engine implements the four sm_route_store_ functions
 * (PostGIS: a bytea, the same bytes).
 */
#define G_LOG_DOMAIN "symbiomap-route"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sm-db.h"
#include "sm-route-graph.h"

/* The format's version is the magic's last character: a BLOB of another
 * version is not read but built again. 1: coordinates as doubles, a kind
 * per arc always, 100 m cells. 2: coordinates as int32 in 1e-7 degree
 * (1.1 cm), the kinds array only when the network has kinds, 200 m cells;
 * 28 % fewer bytes to read on a cold start. */
#define MAGIC "SmRGraf2"
#define COORD_SCALE 1e7
#define BYTE_ORDER_MARK 0x01020304u

typedef struct
{
  char    magic[8];
  guint32 byte_order;
  guint32 n_nodes;
  guint32 n_arcs;
  guint32 n_kinds;
  guint32 n_cells;
  guint32 n_cell_arcs;
  guint32 kind_bytes;
  guint32 reserved;
  double  snap_m;
  double  lat0;
  double  cell_m;
} Header;

/* The sections of the BLOB after the header, each at a multiple of 8 */
typedef struct
{
  gpointer *array;
  gsize     size;
} Section;

static gsize
pad8 (gsize n)
{
  return (n + 7) & ~(gsize) 7;
}

static guint
sections (SmRouteGraph *g,
          const Header *h,
          gint32      **lat_e7,
          gint32      **lon_e7,
          Section      *s)
{
  guint i = 0;

  s[i++] = (Section) { (gpointer *) lat_e7, sizeof (gint32) * h->n_nodes };
  s[i++] = (Section) { (gpointer *) lon_e7, sizeof (gint32) * h->n_nodes };
  s[i++] = (Section) { (gpointer *) &g->offsets, sizeof (guint32) * ((gsize) h->n_nodes + 1) };
  s[i++] = (Section) { (gpointer *) &g->targets, sizeof (guint32) * h->n_arcs };
  s[i++] = (Section) { (gpointer *) &g->lengths, sizeof (float) * h->n_arcs };
  s[i++] = (Section) { (gpointer *) &g->kinds, h->n_kinds > 0 ? h->n_arcs : 0 };
  s[i++] = (Section) { (gpointer *) &g->cell_keys, sizeof (guint64) * h->n_cells };
  s[i++] = (Section) { (gpointer *) &g->cell_offsets, sizeof (guint32) * ((gsize) h->n_cells + 1) };
  s[i++] = (Section) { (gpointer *) &g->cell_arcs, sizeof (guint32) * h->n_cell_arcs };
  return i;
}

static gsize
total_size (SmRouteGraph *g,
            const Header *h)
{
  Section s[16];
  gint32 *lat_e7, *lon_e7;
  guint n = sections (g, h, &lat_e7, &lon_e7, s);
  gsize total = pad8 (sizeof (Header));

  for (guint i = 0; i < n; i++)
    total += pad8 (s[i].size);
  return total + h->kind_bytes;
}

static gboolean
is_pg (SmProject *project)
{
  return sm_db_get_engine (sm_project_get_store (project)) == SM_DB_ENGINE_POSTGRESQL;
}

/* Lines */

/* WKB of a 2D LineString, as AsBinary() gives it; anything else is not a
 * line to route on. Read here rather than through OGR: a million lines
 * cost a million geometry objects there for nothing but their points. */
static gboolean
read_wkb_line (const guint8 *wkb,
               gsize         size,
               GArray       *xy)
{
  guint32 type, n;
  gboolean swap;

  if (size < 9 || (wkb[0] != 0 && wkb[0] != 1))
    return FALSE;
  swap = (wkb[0] == 1) != (G_BYTE_ORDER == G_LITTLE_ENDIAN);
  memcpy (&type, wkb + 1, 4);
  memcpy (&n, wkb + 5, 4);
  if (swap)
    {
      type = GUINT32_SWAP_LE_BE (type);
      n = GUINT32_SWAP_LE_BE (n);
    }
  if (type != 2 || n > (size - 9) / 16)
    return FALSE;
  g_array_set_size (xy, 2 * n);
  memcpy (xy->data, wkb + 9, 16 * (gsize) n);
  if (swap)
    for (guint i = 0; i < 2 * n; i++)
      {
        guint64 *v = &g_array_index (xy, guint64, i);
        *v = GUINT64_SWAP_LE_BE (*v);
      }
  return TRUE;
}

/**
 * sm_route_store_read_lines:
 * @func: called for each network line in order; returns FALSE to stop
 * @max_line_id: (out): the highest line id, for progress
 *
 * Returns: FALSE with @error set when the lines cannot be read; FALSE
 *   without when @func stopped
 */
gboolean
sm_route_store_read_lines (SmProject       *project,
                           SmRouteLineFunc  func,
                           gpointer         user_data,
                           gint64          *max_line_id,
                           GError         **error)
{
  g_autoptr (GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  SmStmt *stmt;
  int rc;

  stmt = sm_project_prepare (project, "SELECT max (edge_id) FROM network_edges", error);
  if (stmt == NULL)
    return FALSE;
  *max_line_id = sm_stmt_step (stmt, NULL) == SM_STMT_ROW ? sm_stmt_column_int64 (stmt, 0) : 0;
  sm_stmt_reset (stmt);
  /* SpatiaLite's AsBinary, PostGIS's ST_AsBinary: the same WKB */
  stmt = sm_project_prepare (project, is_pg (project)
                                        ? "SELECT edge_id, kind, ST_AsBinary (geom) FROM network_edges "
                                          "ORDER BY edge_id"
                                        : "SELECT edge_id, kind, AsBinary (geom) FROM network_edges "
                                          "ORDER BY edge_id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      SmRouteLine line;

      if (!read_wkb_line (sm_stmt_column_blob (stmt, 2), sm_stmt_column_bytes (stmt, 2), xy))
        continue;
      line.line_id = sm_stmt_column_int64 (stmt, 0);
      line.kind = sm_stmt_column_text (stmt, 1);
      line.xy = (const double *) xy->data;
      line.n_points = xy->len / 2;
      if (!func (&line, user_data))
        {
          sm_stmt_reset (stmt);
          return FALSE;
        }
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (project, error, _("The project could not read its network lines: %s"));
      return FALSE;
    }
  return TRUE;
}

/* Keeping and loading */

/**
 * sm_route_store_network_stamp:
 * @stamp: (out): what moves when the network lines may have changed
 *
 * Taken before a graph's lines are read and again inside the transaction
 * that keeps it: a graph built from lines another connection changed in
 * between is not kept (else it would stay the current graph until the
 * next network change). SQLite: `PRAGMA data_version` (moves when another
 * connection commits anything; a change elsewhere only costs a graph not
 * kept) and this connection's sqlite3_total_changes64. PostgreSQL: the
 * number of lines and their newest row version (max (xmin)), which any
 * client's insert, update or delete moves.
 *
 * Returns: FALSE when it could not be read (the graph is then not checked)
 */
gboolean
sm_route_store_network_stamp (SmProject *project,
                              gint64     stamp[2])
{
  SmStmt *stmt;
  gboolean ok = FALSE;

  stamp[0] = stamp[1] = 0;
  if (is_pg (project))
    stmt = sm_project_prepare (project, "SELECT count (*) * 4294967296 "
                                        "+ coalesce (max (xmin::text::bigint), 0) FROM network_edges",
                               NULL);
  else
    {
      stamp[1] = sqlite3_total_changes64 (sm_project_get_db (project));
      stmt = sm_project_prepare (project, "PRAGMA data_version", NULL);
    }
  if (stmt == NULL)
    return FALSE;
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    {
      stamp[0] = sm_stmt_column_int64 (stmt, 0);
      ok = TRUE;
    }
  sm_stmt_reset (stmt);
  return ok;
}

/**
 * sm_route_store_current:
 *
 * Returns: the id of the kept graph built with @snap_m for the network as
 *   it is, or 0 when there is none
 */
gint64
sm_route_store_current (SmProject *project,
                        double     snap_m,
                        GError   **error)
{
  SmStmt *stmt = sm_project_prepare (project, "SELECT max (graph_id) FROM route_graph "
                                                    "WHERE snap_m = ?", error);
  gint64 id = 0;

  if (stmt == NULL)
    return -1;
  sm_stmt_bind_double (stmt, 1, snap_m);
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    id = sm_stmt_column_int64 (stmt, 0);
  sm_stmt_reset (stmt);
  return id;
}

static gboolean
check_graph (const SmRouteGraph *g)
{
  if (g->offsets[0] != 0 || g->offsets[g->n_nodes] != g->n_arcs
      || g->cell_offsets[0] != 0 || g->cell_offsets[g->n_cells] != g->n_cell_arcs)
    return FALSE;
  for (guint32 n = 0; n < g->n_nodes; n++)
    if (g->offsets[n] > g->offsets[n + 1])
      return FALSE;
  for (guint32 k = 0; k < g->n_arcs; k++)
    if (g->targets[k] >= g->n_nodes || g->kinds[k] > g->n_kinds)
      return FALSE;
  for (guint32 c = 0; c < g->n_cells; c++)
    if (g->cell_offsets[c] > g->cell_offsets[c + 1] || (c > 0 && g->cell_keys[c - 1] >= g->cell_keys[c]))
      return FALSE;
  for (guint32 i = 0; i < g->n_cell_arcs; i++)
    if (g->cell_arcs[i] >= g->n_arcs)
      return FALSE;
  return TRUE;
}

static gboolean
header_ok (SmRouteGraph *g,
           const Header *h,
           gsize         size)
{
  return memcmp (h->magic, MAGIC, 8) == 0 && h->byte_order == BYTE_ORDER_MARK
         && h->n_kinds <= SM_ROUTE_GRAPH_MAX_KINDS && h->n_kinds <= h->kind_bytes
         && fabs (h->lat0) <= 90 && h->cell_m >= 1 && h->cell_m <= 1e6
         && total_size (g, h) == size;
}

/**
 * sm_route_store_load:
 *
 * Returns: (transfer full) (nullable): the kept graph for @snap_m, or NULL
 *   (without an error) when there is none or it cannot be used
 */
SmRouteGraph *
sm_route_store_load (SmProject *project,
                     double     snap_m,
                     GError   **error)
{
  gint64 id;
  sqlite3_blob *blob = NULL;
  SmRouteGraph *g;
  Header h;
  Section s[16];
  gint32 *lat_e7 = NULL, *lon_e7 = NULL;
  guint n;
  gsize size, at;
  char *names;

  id = sm_route_store_current (project, snap_m, error);
  if (id <= 0)
    return NULL;
  g = g_new0 (SmRouteGraph, 1);
  if (is_pg (project))
    {
      /* A bytea comes whole with its row: PostgreSQL has no incremental
       * BLOB I/O to read it in pieces through */
      SmStmt *stmt = sm_project_prepare (project, "SELECT data FROM route_graph WHERE graph_id = ?",
                                         error);

      if (stmt == NULL)
        {
          g_free (g);
          return NULL;
        }
      sm_stmt_bind_int64 (stmt, 1, id);
      if (sm_stmt_step (stmt, NULL) != SM_STMT_ROW
          || (size = sm_stmt_column_bytes (stmt, 0)) < sizeof h)
        {
          sm_stmt_reset (stmt);
          g_free (g);
          return NULL;
        }
      memcpy (&h, sm_stmt_column_blob (stmt, 0), sizeof h);
      if (!header_ok (g, &h, size) || (g->buffer = g_try_malloc (size)) == NULL)
        {
          sm_stmt_reset (stmt);
          g_free (g);
          return NULL;
        }
      memcpy (g->buffer, sm_stmt_column_blob (stmt, 0), size);
      sm_stmt_reset (stmt);
    }
  else
    {
      /* The graph is read in pieces of a SQLite BLOB */
      if (sqlite3_blob_open (sm_project_get_db (project), "main", "route_graph", "data", id, 0, &blob)
          != SQLITE_OK)
        {
          sqlite3_blob_close (blob);
          g_free (g);
          return NULL;
        }
      size = sqlite3_blob_bytes (blob);
      if (size < sizeof h || sqlite3_blob_read (blob, &h, sizeof h, 0) != SQLITE_OK
          || !header_ok (g, &h, size))
        {
          sqlite3_blob_close (blob);
          g_free (g);
          return NULL;
        }
      g->buffer = g_try_malloc (size);
      if (g->buffer == NULL || sqlite3_blob_read (blob, g->buffer, size, 0) != SQLITE_OK)
        {
          sqlite3_blob_close (blob);
          sm_route_graph_free (g);
          return NULL;
        }
      sqlite3_blob_close (blob);
    }
  g->n_nodes = h.n_nodes;
  g->n_arcs = h.n_arcs;
  g->n_kinds = h.n_kinds;
  g->n_cells = h.n_cells;
  g->n_cell_arcs = h.n_cell_arcs;
  g->snap_m = h.snap_m;
  g->lat0 = h.lat0;
  g->cell_m = h.cell_m;
  g->graph_id = id;
  n = sections (g, &h, &lat_e7, &lon_e7, s);
  at = pad8 (sizeof h);
  for (guint i = 0; i < n; i++)
    {
      *s[i].array = (guint8 *) g->buffer + at;
      at += pad8 (s[i].size);
    }
  g->lat = g_new (double, MAX (h.n_nodes, 1));
  g->lon = g_new (double, MAX (h.n_nodes, 1));
  for (guint32 v = 0; v < h.n_nodes; v++)
    {
      g->lat[v] = lat_e7[v] / COORD_SCALE;
      g->lon[v] = lon_e7[v] / COORD_SCALE;
    }
  if (h.n_kinds == 0)
    {
      /* Every arc of kind 0, none kept: untouched zero pages cost nothing */
      g->kinds = g_new0 (guint8, MAX (h.n_arcs, 1));
      g->own_kinds = TRUE;
    }
  /* The kind names, each ended by a NUL, after the arrays */
  names = (char *) g->buffer + at;
  g->kind_names = g_new0 (char *, h.n_kinds + 2);
  g->kind_names[0] = g_strdup ("");
  for (guint32 k = 1; k <= h.n_kinds; k++)
    {
      char *end = memchr (names, '\0', (char *) g->buffer + size - names);

      if (end == NULL)
        {
          sm_route_graph_free (g);
          return NULL;
        }
      g->kind_names[k] = g_strdup (names);
      names = end + 1;
    }
  if (!check_graph (g))
    {
      g_message ("The kept route graph is damaged; building it again");
      sm_route_graph_free (g);
      return NULL;
    }
  return g;
}

/**
 * sm_route_store_save:
 *
 * Keeps @graph in the project in place of any other; sets its graph_id.
 * A read-only project keeps nothing and says so.
 */
gboolean
sm_route_store_save (SmProject     *project,
                     SmRouteGraph  *g,
                     GError       **error)
{
  sqlite3 *db = sm_project_get_db (project);
  sqlite3_blob *blob = NULL;
  SmStmt *stmt;
  g_autoptr (GString) names = g_string_new (NULL);
  Header h = { .byte_order = BYTE_ORDER_MARK };
  Section s[16];
  g_autofree gint32 *lat_e7 = NULL;
  g_autofree gint32 *lon_e7 = NULL;
  g_autofree guint8 *whole = NULL;
  gint32 *lat_at, *lon_at;
  guint n;
  gsize size, at;
  gint64 id;
  gboolean pg = is_pg (project);

  if (sm_project_is_read_only (project))
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_READ_ONLY,
                   _("The project is read-only: the route graph is not kept"));
      return FALSE;
    }
  memcpy (h.magic, MAGIC, 8);
  h.n_nodes = g->n_nodes;
  h.n_arcs = g->n_arcs;
  h.n_kinds = g->n_kinds;
  h.n_cells = g->n_cells;
  h.n_cell_arcs = g->n_cell_arcs;
  h.snap_m = g->snap_m;
  h.lat0 = g->lat0;
  h.cell_m = g->cell_m;
  for (guint32 k = 1; k <= g->n_kinds; k++)
    g_string_append_len (names, g->kind_names[k], strlen (g->kind_names[k]) + 1);
  h.kind_bytes = names->len;
  size = total_size (g, &h);
  if (size > 1000000000)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   _("The route graph is too large to keep in the project"));
      return FALSE;
    }
  lat_e7 = g_new (gint32, MAX (g->n_nodes, 1));
  lon_e7 = g_new (gint32, MAX (g->n_nodes, 1));
  for (guint32 v = 0; v < g->n_nodes; v++)
    {
      /* The builder already rounded them to this grid */
      lat_e7[v] = (gint32) lround (g->lat[v] * COORD_SCALE);
      lon_e7[v] = (gint32) lround (g->lon[v] * COORD_SCALE);
    }
  n = sections (g, &h, &lat_at, &lon_at, s);
  lat_at = lat_e7;
  lon_at = lon_e7;

  if (!sm_project_begin (project, error))
    return FALSE;
  if (g->stamped)
    {
      gint64 now[2];

      /* PostgreSQL: no import may commit lines between this check and
       * this commit (SHARE waits for writers and holds them off until
       * the graph is kept). SQLite: the write lock taken by the DELETE
       * does the same, and its snapshot is the newest. */
      if (pg && !sm_project_exec (project, "LOCK TABLE network_edges IN SHARE MODE", error))
        goto fail;
      if (!pg && !sm_project_exec (project, "DELETE FROM route_graph", error))
        goto fail;
      if (!sm_route_store_network_stamp (project, now))
        {
          sm_project_set_sql_error (project, error, _("The project could not keep the route graph: %s"));
          goto fail;
        }
      if (!pg)
        now[1] = g->stamp[1]; /* the DELETE just made was this connection's */
      if (now[0] != g->stamp[0] || now[1] != g->stamp[1])
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                               /* not shown: the caller builds again */
                               "The network changed while the route graph was built: not kept");
          goto fail;
        }
    }
  if (!sm_project_exec (project, "DELETE FROM route_graph", error))
    goto fail;
  if (pg)
    {
      /* PostgreSQL has no incremental BLOB I/O: the same bytes, laid out
       * in memory and bound whole as a bytea */
      whole = g_try_malloc0 (size);
      if (whole == NULL)
        {
          g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                       _("The route graph is too large to keep in the project"));
          goto fail;
        }
      memcpy (whole, &h, sizeof h);
      at = pad8 (sizeof h);
      for (guint i = 0; i < n; i++)
        {
          if (s[i].size > 0)
            memcpy (whole + at, *s[i].array, s[i].size);
          at += pad8 (s[i].size);
        }
      if (names->len > 0)
        memcpy (whole + at, names->str, names->len);
      stmt = sm_project_prepare (project, "INSERT INTO route_graph (snap_m, data) "
                                          "VALUES (?, ?) RETURNING graph_id", error);
      if (stmt == NULL)
        goto fail;
      sm_stmt_bind_double (stmt, 1, g->snap_m);
      sm_stmt_bind_blob (stmt, 2, whole, size);
      if (sm_stmt_step (stmt, error) != SM_STMT_ROW)
        {
          sm_stmt_reset (stmt);
          sm_project_set_sql_error (project, error, _("The project could not keep the route graph: %s"));
          goto fail;
        }
      id = sm_stmt_column_int64 (stmt, 0);
      sm_stmt_reset (stmt);
      g_clear_pointer (&whole, g_free);
    }
  else
    {
      /* Written in pieces into a SQLite zeroblob */
      stmt = sm_project_prepare (project, "INSERT INTO route_graph (snap_m, data) "
                                          "VALUES (?, zeroblob (?))", error);
      if (stmt == NULL)
        goto fail;
      sm_stmt_bind_double (stmt, 1, g->snap_m);
      sm_stmt_bind_int64 (stmt, 2, size);
      if (sm_stmt_step (stmt, error) != SM_STMT_DONE)
        {
          sm_stmt_reset (stmt);
          /* TRANSLATORS: %s is the database's own message (from SQLite, in English); the route
           * graph is the network made ready for routing */
          sm_project_set_sql_error (project, error, _("The project could not keep the route graph: %s"));
          goto fail;
        }
      sm_stmt_reset (stmt);
      id = sqlite3_last_insert_rowid (db);
      if (sqlite3_blob_open (db, "main", "route_graph", "data", id, 1, &blob) != SQLITE_OK
          || sqlite3_blob_write (blob, &h, sizeof h, 0) != SQLITE_OK)
        goto sql_fail;
      at = pad8 (sizeof h);
      for (guint i = 0; i < n; i++)
        {
          if (s[i].size > 0 && sqlite3_blob_write (blob, *s[i].array, s[i].size, at) != SQLITE_OK)
            goto sql_fail;
          at += pad8 (s[i].size);
        }
      if (names->len > 0 && sqlite3_blob_write (blob, names->str, names->len, at) != SQLITE_OK)
        goto sql_fail;
      sqlite3_blob_close (blob);
      blob = NULL;
    }
  if (!sm_project_commit (project, error))
    goto fail;
  g->graph_id = id;
  return TRUE;

sql_fail:
  sm_project_set_sql_error (project, error, _("The project could not keep the route graph: %s"));
fail:
  sqlite3_blob_close (blob);
  sm_project_rollback (project);
  return FALSE;
}
