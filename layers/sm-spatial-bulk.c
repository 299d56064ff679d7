/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Spatial data written in bulk, for imports of a million rows
 * (docs/HACKING.md, "Bulk imports"):
 *
 * - a SpatiaLite POINT BLOB built in C, instead of calling MakePoint() once
 *   a row: the format is SpatiaLite's documented "BLOB-Geometry"
 *   (https://www.gaia-gis.it/gaia-sins/BLOB-Geometry.html) and a point is
 *   60 fixed bytes; tests/test-spatial-bulk.c checks it byte for byte
 *   against MakePoint() and that ST_X, ST_Y and ST_IsValid read it;
 * - an R*Tree filled in one pass by packing (Sort-Tile-Recursive), written
 *   straight into the three tables of SQLite's rtree module, instead of
 *   inserting the rows one by one through the module (which is what
 *   SpatiaLite's CreateSpatialIndex() does, and a third of a large
 *   import's time). Neither SQLite nor SpatiaLite offers bulk loading of
 *   an R*Tree; the layout written here is that of SQLite's rtree.c
 *   (https://www.sqlite.org/rtree.html and its source): node 1 is the
 *   root, whose first two bytes give the depth of the tree; each node
 *   holds a two-byte count, then cells of a big-endian 64-bit rowid (or
 *   child node) and the box as big-endian 32-bit floats rounded outwards;
 *   %_parent and %_rowid map each node to its parent and each row to its
 *   leaf. The test checks the result with SQLite's own rtreecheck().
 *   An index of another shape than SpatiaLite's is filled row by row as
 *   before, and a geometry in another encoding than the one above (a
 *   TinyPoint another program wrote) is read through SpatiaLite.
 */
#define G_LOG_DOMAIN "sm-project"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sm-project.h"
#include "sm-spatial-bulk.h"

/* BLOB-Geometry markers and class */
#define BLOB_START    0x00
#define BLOB_LITTLE   0x01
#define BLOB_MBR_END  0x7C
#define BLOB_END      0xFE
#define CLASS_POINT   1

static void
put_le32 (guint8 *p,
          guint32 v)
{
  v = GUINT32_TO_LE (v);
  memcpy (p, &v, 4);
}

static void
put_le_double (guint8 *p,
               double  d)
{
  guint64 v;

  memcpy (&v, &d, 8);
  v = GUINT64_TO_LE (v);
  memcpy (p, &v, 8);
}

static double
get_double (const guint8 *p,
            gboolean      little)
{
  guint64 v;
  double d;

  memcpy (&v, p, 8);
  v = little ? GUINT64_FROM_LE (v) : GUINT64_FROM_BE (v);
  memcpy (&d, &v, 8);
  return d;
}

/**
 * sm_spatialite_point_blob:
 * @out: 60 bytes
 *
 * Writes the SpatiaLite BLOB of POINT (@x @y) in @srid, as MakePoint()
 * does: start, little-endian mark, SRID, the MBR (the point four times),
 * MBR end, class POINT, X, Y, end.
 */
void
sm_spatialite_point_blob (guint8 out[SM_SPATIALITE_POINT_SIZE],
                          double x,
                          double y,
                          int    srid)
{
  out[0] = BLOB_START;
  out[1] = BLOB_LITTLE;
  put_le32 (out + 2, (guint32) srid);
  put_le_double (out + 6, x);
  put_le_double (out + 14, y);
  put_le_double (out + 22, x);
  put_le_double (out + 30, y);
  out[38] = BLOB_MBR_END;
  put_le32 (out + 39, CLASS_POINT);
  put_le_double (out + 43, x);
  put_le_double (out + 51, y);
  out[59] = BLOB_END;
}

/**
 * sm_spatialite_blob_mbr:
 *
 * Reads the bounding box a SpatiaLite BLOB carries in its header.
 *
 * Returns: whether @blob is one
 */
gboolean
sm_spatialite_blob_mbr (const guint8 *blob,
                        int           size,
                        double       *min_x,
                        double       *min_y,
                        double       *max_x,
                        double       *max_y)
{
  gboolean little;

  if (blob == NULL || size < 45 || blob[0] != BLOB_START || blob[38] != BLOB_MBR_END
      || blob[size - 1] != BLOB_END || (blob[1] != 0 && blob[1] != BLOB_LITTLE))
    return FALSE;
  little = blob[1] == BLOB_LITTLE;
  *min_x = get_double (blob + 6, little);
  *min_y = get_double (blob + 14, little);
  *max_x = get_double (blob + 22, little);
  *max_y = get_double (blob + 30, little);
  return !isnan (*min_x) && !isnan (*min_y) && !isnan (*max_x) && !isnan (*max_y);
}

/* R*Tree packing */

typedef struct
{
  gint64 id;     /* rowid in a leaf, child node in an inner node */
  float  box[4]; /* min x, max x, min y, max y, as the rtree stores them */
} Cell;

/* The rtree keeps 32-bit floats that enclose the 64-bit box */
static float
round_down (double d)
{
  float f = (float) d;
  return (double) f > d ? nextafterf (f, -INFINITY) : f;
}

static float
round_up (double d)
{
  float f = (float) d;
  return (double) f < d ? nextafterf (f, INFINITY) : f;
}

/* By the centre (twice it, the same order) in x, then in y */
static int
by_x (gconstpointer a,
      gconstpointer b)
{
  const Cell *p = a, *q = b;
  float x = p->box[0] + p->box[1], y = q->box[0] + q->box[1];
  return (x > y) - (x < y);
}

static int
by_y (gconstpointer a,
      gconstpointer b)
{
  const Cell *p = a, *q = b;
  float x = p->box[2] + p->box[3], y = q->box[2] + q->box[3];
  return (x > y) - (x < y);
}

static int
by_id (gconstpointer a,
       gconstpointer b)
{
  gint64 x = ((const gint64 *) a)[0], y = ((const gint64 *) b)[0];
  return (x > y) - (x < y);
}

/* Orders @n cells so that each run of @per_node is one node: slices of
 * the x order, each in y order (Sort-Tile-Recursive). */
static void
str_order (Cell  *cells,
           gsize  n,
           gsize  per_node)
{
  gsize nodes = (n + per_node - 1) / per_node;
  gsize slices = (gsize) ceil (sqrt ((double) nodes));
  gsize per_slice = slices * per_node;

  qsort (cells, n, sizeof (Cell), by_x);
  for (gsize i = 0; i < n; i += per_slice)
    qsort (cells + i, MIN (per_slice, n - i), sizeof (Cell), by_y);
}

static void
put_be64 (guint8 *p,
          guint64 v)
{
  v = GUINT64_TO_BE (v);
  memcpy (p, &v, 8);
}

static void
put_be_float (guint8 *p,
              float   f)
{
  guint32 v;

  memcpy (&v, &f, 4);
  v = GUINT32_TO_BE (v);
  memcpy (p, &v, 4);
}

typedef struct
{
  sqlite3      *db;
  sqlite3_stmt *node;
  sqlite3_stmt *parent;
  int           node_size;
  gint64        next_node;
} Writer;

/* Each row's leaf node: an array by rowid when the rowids are about
 * consecutive (4 bytes a row), else (rowid, node) pairs sorted at the end */
typedef struct
{
  gint64   base;
  gsize    range;   /* 0: pairs */
  guint32 *dense;
  GArray  *pairs;
} LeafMap;

static void
leaf_set (LeafMap *m,
          gint64   rowid,
          gint64   node)
{
  if (m->range > 0)
    m->dense[rowid - m->base] = (guint32) node;
  else
    {
      gint64 pair[2] = { rowid, node };
      g_array_append_vals (m->pairs, pair, 1);
    }
}

static gboolean
step_reset (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

/* Writes @n cells as node @nodeno (@depth only for the root) */
static gboolean
write_node (Writer     *w,
            gint64      nodeno,
            int         depth,
            const Cell *cells,
            gsize       n)
{
  g_autofree guint8 *data = g_malloc0 (w->node_size);

  data[0] = (guint8) (depth >> 8);
  data[1] = (guint8) depth;
  data[2] = (guint8) (n >> 8);
  data[3] = (guint8) n;
  for (gsize i = 0; i < n; i++)
    {
      guint8 *p = data + 4 + i * 24;

      put_be64 (p, (guint64) cells[i].id);
      for (int k = 0; k < 4; k++)
        put_be_float (p + 8 + 4 * k, cells[i].box[k]);
    }
  sqlite3_bind_int64 (w->node, 1, nodeno);
  sqlite3_bind_blob (w->node, 2, data, w->node_size, SQLITE_TRANSIENT);
  return step_reset (w->node);
}

static void
enclose (Cell       *out,
         const Cell *cells,
         gsize       n)
{
  out->box[0] = cells[0].box[0];
  out->box[1] = cells[0].box[1];
  out->box[2] = cells[0].box[2];
  out->box[3] = cells[0].box[3];
  for (gsize i = 1; i < n; i++)
    {
      out->box[0] = MIN (out->box[0], cells[i].box[0]);
      out->box[1] = MAX (out->box[1], cells[i].box[1]);
      out->box[2] = MIN (out->box[2], cells[i].box[2]);
      out->box[3] = MAX (out->box[3], cells[i].box[3]);
    }
}

/* Packs @level (cells of depth @depth) into nodes, and those into nodes,
 * up to the root. @leaf_of gets, for a leaf level, each rowid's node. */
static gboolean
pack (Writer *w,
      GArray *level,
      int     depth,
      int      per_node,
      LeafMap *leaf_of)
{
  while (TRUE)
    {
      gsize n = level->len;
      Cell *cells = (Cell *) (void *) level->data;
      g_autoptr (GArray) up = NULL;
      int root_depth;

      if (n <= (gsize) per_node)
        {
          /* The root: node 1, which the rtree made empty */
          if (depth == 0)
            for (gsize i = 0; i < n; i++)
              leaf_set (leaf_of, cells[i].id, 1);
          else
            for (gsize i = 0; i < n; i++)
              {
                sqlite3_bind_int64 (w->parent, 1, cells[i].id);
                sqlite3_bind_int64 (w->parent, 2, 1);
                if (!step_reset (w->parent))
                  return FALSE;
              }
          root_depth = depth;
          return write_node (w, 1, root_depth, cells, n);
        }

      str_order (cells, n, per_node);
      up = g_array_sized_new (FALSE, FALSE, sizeof (Cell), n / per_node + 1);
      for (gsize i = 0; i < n; i += per_node)
        {
          gsize k = MIN ((gsize) per_node, n - i);
          Cell parent = { .id = w->next_node++ };

          enclose (&parent, cells + i, k);
          if (!write_node (w, parent.id, 0, cells + i, k))
            return FALSE;
          for (gsize j = 0; j < k; j++)
            if (depth == 0)
              leaf_set (leaf_of, cells[i + j].id, parent.id);
            else
              {
                sqlite3_bind_int64 (w->parent, 1, cells[i + j].id);
                sqlite3_bind_int64 (w->parent, 2, parent.id);
                if (!step_reset (w->parent))
                  return FALSE;
              }
          g_array_append_val (up, parent);
        }
      g_array_set_size (level, 0);
      g_array_append_vals (level, up->data, up->len);
      depth++;
    }
}

/* The box of a BLOB in another encoding (a TinyPoint another program
 * wrote), as SpatiaLite reads it */
static gboolean
other_blob_mbr (sqlite3      *db,
                sqlite3_stmt *row,
                sqlite3_stmt **mbr,
                double       *box)
{
  gboolean ok = TRUE;

  if (sqlite3_column_type (row, 1) != SQLITE_BLOB)
    return FALSE;
  if (*mbr == NULL
      && sqlite3_prepare_v2 (db, "SELECT MbrMinX (?1), MbrMinY (?1), MbrMaxX (?1), MbrMaxY (?1)", -1,
                             mbr, NULL) != SQLITE_OK)
    return FALSE;
  sqlite3_bind_value (*mbr, 1, sqlite3_column_value (row, 1));
  if (sqlite3_step (*mbr) != SQLITE_ROW)
    ok = FALSE;
  for (int i = 0; ok && i < 4; i++)
    {
      ok = sqlite3_column_type (*mbr, i) != SQLITE_NULL;
      box[i] = sqlite3_column_double (*mbr, i);
    }
  sqlite3_reset (*mbr);
  return ok;
}

/**
 * sm_rtree_bulk_fill:
 * @db: a connection, inside a write transaction
 * @table: the table of the geometries
 * @column: their column
 * @rtree: the SpatiaLite index of @table.@column, an rtree virtual table
 *   just created and still empty
 * @error: return location for an error
 *
 * Fills @rtree with the box of every geometry of @table in one pass, as
 * SpatiaLite's CreateSpatialIndex() would row by row.
 */
gboolean
sm_rtree_bulk_fill (sqlite3     *db,
                    const char  *table,
                    const char  *column,
                    const char  *rtree,
                    GError     **error)
{
  g_autoptr (GArray) level = g_array_new (FALSE, FALSE, sizeof (Cell));
  LeafMap leaf_of = { 0 };
  gint64 min_id = G_MAXINT64, max_id = G_MININT64;
  char *sql = NULL; /* from sqlite3_mprintf () */
  sqlite3_stmt *stmt = NULL;
  sqlite3_stmt *mbr = NULL; /* for BLOBs in another encoding */
  Writer w = { db, NULL, NULL, 0, 2 };
  gboolean ok = FALSE;
  int rc, per_node;

  /* Only the R*Tree SpatiaLite makes (2-D, 32-bit floats) is packed here;
   * any other goes in row by row, as SpatiaLite fills it */
  sql = sqlite3_mprintf ("SELECT (SELECT group_concat (name, ',') FROM pragma_table_info (%Q)) = "
                         "'pkid,xmin,xmax,ymin,ymax' AND (SELECT lower (replace (sql, ' ', '')) "
                         "FROM sqlite_master WHERE name = %Q) LIKE '%%usingrtree(%%'",
                         rtree, rtree);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    goto out;
  rc = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
  sqlite3_finalize (stmt);
  stmt = NULL;
  sqlite3_free (g_steal_pointer (&sql));
  if (!rc)
    {
      sql = sqlite3_mprintf ("INSERT INTO \"%w\" (pkid, xmin, xmax, ymin, ymax) "
                             "SELECT rowid, MbrMinX (\"%w\"), MbrMaxX (\"%w\"), MbrMinY (\"%w\"), "
                             "MbrMaxY (\"%w\") FROM \"%w\" WHERE MbrMinX (\"%w\") IS NOT NULL",
                             rtree, column, column, column, column, table, column);
      ok = sqlite3_exec (db, sql, NULL, NULL, NULL) == SQLITE_OK;
      goto out;
    }

  /* The node size the rtree chose for this page size, from its empty root */
  sql = sqlite3_mprintf ("SELECT length (data) FROM \"%w_node\" WHERE nodeno = 1", rtree);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    goto out;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    w.node_size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  stmt = NULL;
  sqlite3_free (g_steal_pointer (&sql));
  per_node = (w.node_size - 4) / 24;
  if (per_node < 4)
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_SQL,
                   /* TRANSLATORS: %s is the database's own message (from SQLite, in English) */
                   _("The project could not build its spatial index: %s"), "no root node");
      goto fail;
    }

  sql = sqlite3_mprintf ("SELECT rowid, \"%w\" FROM \"%w\"", column, table);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Cell c;
      double x0, y0, x1, y1, box[4];

      /* The box from the BLOB's header, or as SpatiaLite reads it; rows
       * without a geometry stay out, as with CreateSpatialIndex() */
      if (!sm_spatialite_blob_mbr (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1),
                                   &x0, &y0, &x1, &y1))
        {
          if (!other_blob_mbr (db, stmt, &mbr, box))
            continue;
          x0 = box[0];
          y0 = box[1];
          x1 = box[2];
          y1 = box[3];
        }
      c.id = sqlite3_column_int64 (stmt, 0);
      c.box[0] = round_down (x0);
      c.box[1] = round_up (x1);
      c.box[2] = round_down (y0);
      c.box[3] = round_up (y1);
      g_array_append_val (level, c);
      min_id = MIN (min_id, c.id);
      max_id = MAX (max_id, c.id);
    }
  sqlite3_finalize (stmt);
  stmt = NULL;
  g_clear_pointer (&mbr, sqlite3_finalize);
  sqlite3_free (g_steal_pointer (&sql));
  if (rc != SQLITE_DONE)
    goto out;
  if (level->len == 0)
    {
      ok = TRUE;
      goto out;
    }

  sql = sqlite3_mprintf ("INSERT OR REPLACE INTO \"%w_node\" (nodeno, data) VALUES (?, ?)", rtree);
  if (sqlite3_prepare_v2 (db, sql, -1, &w.node, NULL) != SQLITE_OK)
    goto out;
  sqlite3_free (g_steal_pointer (&sql));
  sql = sqlite3_mprintf ("INSERT INTO \"%w_parent\" (nodeno, parentnode) VALUES (?, ?)", rtree);
  if (sqlite3_prepare_v2 (db, sql, -1, &w.parent, NULL) != SQLITE_OK)
    goto out;
  sqlite3_free (g_steal_pointer (&sql));
  if ((guint64) max_id - (guint64) min_id < 2 * (guint64) level->len + 1024)
    {
      leaf_of.base = min_id;
      leaf_of.range = (gsize) ((guint64) max_id - (guint64) min_id) + 1;
      leaf_of.dense = g_new0 (guint32, leaf_of.range);
    }
  else
    leaf_of.pairs = g_array_sized_new (FALSE, FALSE, 2 * sizeof (gint64), level->len);
  if (!pack (&w, level, 0, per_node, &leaf_of))
    goto out;
  g_clear_pointer (&level, g_array_unref);

  /* Each row's leaf, in rowid order: appends to the table's B-tree */
  sql = sqlite3_mprintf ("INSERT INTO \"%w_rowid\" (rowid, nodeno) VALUES (?, ?)", rtree);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    goto out;
  if (leaf_of.pairs != NULL)
    g_array_sort (leaf_of.pairs, by_id);
  for (gsize i = 0; i < (leaf_of.pairs ? leaf_of.pairs->len : leaf_of.range); i++)
    {
      gint64 rowid, node;

      if (leaf_of.pairs != NULL)
        {
          rowid = g_array_index (leaf_of.pairs, gint64, 2 * i);
          node = g_array_index (leaf_of.pairs, gint64, 2 * i + 1);
        }
      else if (leaf_of.dense[i] == 0)
        continue; /* no such row, or one without a geometry */
      else
        {
          rowid = leaf_of.base + (gint64) i;
          node = leaf_of.dense[i];
        }
      sqlite3_bind_int64 (stmt, 1, rowid);
      sqlite3_bind_int64 (stmt, 2, node);
      if (!step_reset (stmt))
        goto out;
    }
  ok = TRUE;

out:
  if (!ok)
    g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_SQL,
                 _("The project could not build its spatial index: %s"), sqlite3_errmsg (db));
fail:
  g_free (leaf_of.dense);
  if (leaf_of.pairs != NULL)
    g_array_unref (leaf_of.pairs);
  sqlite3_free (sql);
  sqlite3_finalize (stmt);
  sqlite3_finalize (mbr);
  sqlite3_finalize (w.node);
  sqlite3_finalize (w.parent);
  return ok;
}
