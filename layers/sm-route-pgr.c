/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The shortest-path search in pgRouting, as an option to the built-in
 * one (docs/ROUTING-PGROUTING.md): the server searches the very graph the
 * app built (sm-route-graph.c), its arcs copied once per connection into a
 * temporary table, with the sites' points on the network (found in the
 * app, as for the built-in search) added to each query as virtual nodes
 * with one-way edges. pgr_dijkstra from the source's point to every
 * sink's point then gives the lengths and paths the built-in Dijkstra
 * gives. Which router runs: the project setting routing_engine, or
 * sm_route_set_engine() (the CLI's --router).
 */
#define G_LOG_DOMAIN "symbiomap-route"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sm-db.h"
#include "sm-route-pgr.h"
#include "sm-route.h"

struct _SmRoutePgr
{
  SmProject *project; /* not owned: the router's */
  char      *schema;  /* pgRouting's schema, quoted for SQL */
  guint      token;   /* whose arcs the connection's temporary table holds */
  GMutex     lock;    /* one query at a time on the project's connection */
};

/* Tells routers apart on one connection: the table holds one graph */
static guint last_token;

#define ENGINE_KEY "sm-route-engine"
#define FILLED_KEY "sm-route-pgr-filled"

/**
 * sm_route_engine_from_string:
 * @name: "builtin" or "pgrouting"
 *
 * Returns: FALSE with @error set when @name is neither
 */
gboolean
sm_route_engine_from_string (const char    *name,
                             SmRouteEngine *engine,
                             GError       **error)
{
  if (name == NULL || *name == '\0' || g_ascii_strcasecmp (name, "builtin") == 0)
    *engine = SM_ROUTE_ENGINE_BUILTIN;
  else if (g_ascii_strcasecmp (name, "pgrouting") == 0)
    *engine = SM_ROUTE_ENGINE_PGROUTING;
  else
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %s is what the user gave as the router; "builtin" and
                    * "pgrouting" are the words to type, not to translate */
                   _("“%s” is not a router; use builtin or pgrouting"), name);
      return FALSE;
    }
  return TRUE;
}

/**
 * sm_route_set_engine:
 *
 * Routes on @project (this opened project only) with @engine, whatever
 * its setting says; the next sm_router_for_project() takes it.
 */
void
sm_route_set_engine (SmProject     *project,
                     SmRouteEngine  engine)
{
  g_object_set_data (G_OBJECT (project), ENGINE_KEY, GINT_TO_POINTER (engine + 1));
}

/**
 * sm_route_get_engine:
 *
 * Returns: FALSE with @error set when the setting names no router
 */
gboolean
sm_route_get_engine (SmProject     *project,
                     SmRouteEngine *engine,
                     GError       **error)
{
  int set = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (project), ENGINE_KEY));
  g_autofree char *name = NULL;

  if (set > 0)
    {
      *engine = set - 1;
      return TRUE;
    }
  name = sm_project_get_setting (project, SM_ROUTE_ENGINE_SETTING);
  return sm_route_engine_from_string (name, engine, error);
}

static gboolean
is_pg (SmProject *project)
{
  return sm_db_get_engine (sm_project_get_store (project)) == SM_DB_ENGINE_POSTGRESQL;
}

/* pgRouting's schema, quoted, or NULL with @error saying why not and what
 * to do */
static char *
extension_schema (SmProject *project,
                  GError   **error)
{
  SmStmt *stmt;
  char *schema = NULL;

  if (!is_pg (project))
    {
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: "--router builtin" and "routing_engine" are typed as
                    * they are, not translated */
                   _("pgRouting runs only in a PostgreSQL database, and this project is a "
                     "file. Route with the built-in router: --router builtin, or the "
                     "project setting routing_engine set to builtin."));
      return NULL;
    }
  stmt = sm_project_prepare (project, "SELECT quote_ident (n.nspname) FROM pg_extension e "
                                      "JOIN pg_namespace n ON n.oid = e.extnamespace "
                                      "WHERE e.extname = 'pgrouting'", error);
  if (stmt == NULL)
    return NULL;
  if (sm_stmt_step (stmt, NULL) == SM_STMT_ROW)
    schema = g_strdup (sm_stmt_column_text (stmt, 0));
  sm_stmt_reset (stmt);
  if (schema == NULL)
    g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                 /* TRANSLATORS: "CREATE EXTENSION pgrouting", "--router builtin" and
                  * "routing_engine" are typed as they are, not translated */
                 _("The database has no pgRouting extension. Its owner can add it with "
                   "CREATE EXTENSION pgrouting (Debian package postgresql-15-pgrouting); or "
                   "route with the built-in router: --router builtin, or the project setting "
                   "routing_engine set to builtin."));
  return schema;
}

/**
 * sm_route_pgr_available:
 *
 * Returns: whether @project is a database with the pgRouting extension;
 *   FALSE with @error saying why not and what to do
 */
gboolean
sm_route_pgr_available (SmProject *project,
                        GError   **error)
{
  g_autofree char *schema = extension_schema (project, error);

  return schema != NULL;
}

/**
 * sm_route_pgr_attach:
 * @pgr: (inout): the router's pgRouting search, made or dropped
 *
 * Gives the router the engine asked for now.
 *
 * Returns: FALSE with @error set when pgRouting is asked for and cannot run
 */
gboolean
sm_route_pgr_attach (SmProject          *project,
                     const SmRouteGraph *graph,
                     SmRoutePgr        **pgr,
                     GError            **error)
{
  SmRouteEngine engine;
  char *schema;

  if (!sm_route_get_engine (project, &engine, error))
    return FALSE;
  if (engine == SM_ROUTE_ENGINE_BUILTIN)
    {
      g_clear_pointer (pgr, sm_route_pgr_free);
      return TRUE;
    }
  if (*pgr != NULL)
    return TRUE;
  if ((schema = extension_schema (project, error)) == NULL)
    return FALSE;
  *pgr = g_new0 (SmRoutePgr, 1);
  (*pgr)->project = project;
  (*pgr)->schema = schema;
  (*pgr)->token = g_atomic_int_add (&last_token, 1) + 1;
  g_mutex_init (&(*pgr)->lock);
  return TRUE;
}

void
sm_route_pgr_free (SmRoutePgr *pgr)
{
  if (pgr == NULL)
    return;
  g_free (pgr->schema);
  g_mutex_clear (&pgr->lock);
  g_free (pgr);
}

static void
append_double (GString *s,
               double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  /* 17 digits: the server reads back the very double */
  g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.17g", v));
}

/* The graph's arcs into the connection's temporary table, unless this
 * router put them there already: arc k is the edge k + 1 from node u + 1
 * to v + 1, one way (the graph holds both ways), costing its length */
static gboolean
fill_edges (SmRoutePgr         *pgr,
            const SmRouteGraph *g,
            GError            **error)
{
  g_autoptr (GString) src = g_string_new ("{");
  g_autoptr (GString) dst = g_string_new ("{");
  g_autoptr (GString) cost = g_string_new ("{");
  g_autoptr (GString) kind = g_string_new ("{");
  SmStmt *stmt;

  if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (pgr->project), FILLED_KEY)) == pgr->token)
    return TRUE;
  for (guint32 u = 0; u < g->n_nodes; u++)
    for (guint32 k = g->offsets[u]; k < g->offsets[u + 1]; k++)
      {
        const char *sep = k > 0 ? "," : "";

        g_string_append_printf (src, "%s%u", sep, u + 1);
        g_string_append_printf (dst, "%s%u", sep, g->targets[k] + 1);
        g_string_append (cost, sep);
        append_double (cost, g->lengths[k]);
        g_string_append_printf (kind, "%s%u", sep, g->kinds[k]);
      }
  g_string_append_c (src, '}');
  g_string_append_c (dst, '}');
  g_string_append_c (cost, '}');
  g_string_append_c (kind, '}');
  if (!sm_project_exec (pgr->project, "DROP TABLE IF EXISTS pg_temp.sm_route_pgr_edges; "
                                      "CREATE TEMPORARY TABLE sm_route_pgr_edges ("
                                      "id bigint PRIMARY KEY, source bigint, target bigint, "
                                      "cost float8, reverse_cost float8, kind integer)", error))
    return FALSE;
  stmt = sm_project_prepare (pgr->project,
                             "INSERT INTO pg_temp.sm_route_pgr_edges "
                             "SELECT a.id, a.source, a.target, a.cost, -1, a.kind "
                             "FROM unnest (?::bigint[], ?::bigint[], ?::float8[], ?::integer[]) "
                             "WITH ORDINALITY AS a (source, target, cost, kind, id)", error);
  if (stmt == NULL)
    return FALSE;
  sm_stmt_bind_text (stmt, 1, src->str, src->len);
  sm_stmt_bind_text (stmt, 2, dst->str, dst->len);
  sm_stmt_bind_text (stmt, 3, cost->str, cost->len);
  sm_stmt_bind_text (stmt, 4, kind->str, kind->len);
  if (sm_stmt_step (stmt, error) != SM_STMT_DONE)
    {
      sm_stmt_reset (stmt);
      /* TRANSLATORS: %s is the database's own message (in English) */
      sm_project_set_sql_error (pgr->project, error, _("pgRouting could not route: %s"));
      return FALSE;
    }
  sm_stmt_reset (stmt);
  g_object_set_data (G_OBJECT (pgr->project), FILLED_KEY, GUINT_TO_POINTER (pgr->token));
  return TRUE;
}

/* One virtual edge of a query, one way */
static void
add_edge (GString *sql,
          guint64 *id,
          guint64  from,
          guint64  to,
          double   cost)
{
  g_string_append_printf (sql, "%s(%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ", %"
                          G_GUINT64_FORMAT ", ", sql->str[sql->len - 1] == ')' ? ", " : "",
                          (*id)++, from, to);
  append_double (sql, cost);
  g_string_append (sql, ", -1)");
}

/**
 * sm_route_pgr_search:
 * @allowed: (nullable): the kinds of arc a route may follow, by index
 * @src: the source's point on the network
 * @sinks: the sinks; those on the network get best, end and path
 *
 * The built-in search()'s answers (sm-route.c), from pgr_dijkstra, without
 * a limit.
 *
 * Returns: FALSE with @error set when the server could not answer
 */
gboolean
sm_route_pgr_search (SmRoutePgr         *pgr,
                     const SmRouteGraph *g,
                     const guint8       *allowed,
                     const Snap         *src,
                     Sink               *sinks,
                     guint               n_sinks,
                     GError            **error)
{
  g_autoptr (GString) edges = g_string_new ("SELECT id, source, target, cost, reverse_cost "
                                            "FROM pg_temp.sm_route_pgr_edges");
  g_autoptr (GString) targets = g_string_new ("{");
  g_autofree char *sql = NULL;
  guint64 s_node = (guint64) g->n_nodes + 1, t0 = (guint64) g->n_nodes + 2;
  guint64 next_id = (guint64) g->n_arcs + 1;
  gboolean ok = FALSE;
  SmStmt *stmt;
  int rc;

  for (guint i = 0; i < n_sinks; i++)
    {
      sinks[i].best = G_MAXDOUBLE;
      sinks[i].end = SM_ROUTE_NONE;
      sinks[i].path = NULL;
    }
  if (allowed != NULL)
    {
      /* Kind 0, lines without a kind, is always allowed */
      g_string_append (edges, " WHERE kind IN (0");
      for (guint k = 1; k <= g->n_kinds; k++)
        if (allowed[k])
          g_string_append_printf (edges, ", %u", k);
      g_string_append_c (edges, ')');
    }
  /* The points on the network as nodes past the graph's: the source S
   * with edges out to its segment's ends, each sink T_i with edges in
   * from its segment's ends, and straight along a segment they share */
  g_string_append (edges, " UNION ALL VALUES ");
  add_edge (edges, &next_id, s_node, src->a + 1, src->to_a);
  add_edge (edges, &next_id, s_node, src->b + 1, src->to_b);
  for (guint i = 0; i < n_sinks; i++)
    {
      const Snap *t = &sinks[i].snap;
      guint64 t_node = t0 + i;

      if (!sinks[i].on_network)
        continue;
      g_string_append_printf (targets, "%s%" G_GUINT64_FORMAT, targets->len > 1 ? "," : "",
                              t_node);
      add_edge (edges, &next_id, t->a + 1, t_node, t->to_a);
      add_edge (edges, &next_id, t->b + 1, t_node, t->to_b);
      if (src->a == t->a && src->b == t->b)
        add_edge (edges, &next_id, s_node, t_node, fabs (src->to_a - t->to_a));
      else if (src->a == t->b && src->b == t->a)
        add_edge (edges, &next_id, s_node, t_node, fabs (src->to_a - t->to_b));
    }
  g_string_append_c (targets, '}');

  g_mutex_lock (&pgr->lock);
  if (!fill_edges (pgr, g, error))
    goto out;
  sql = g_strdup_printf ("SELECT end_vid, node, agg_cost FROM %s.pgr_dijkstra "
                         "(?::text, ?::bigint, ?::bigint[], true) ORDER BY end_vid, path_seq",
                         pgr->schema);
  if ((stmt = sm_project_prepare (pgr->project, sql, error)) == NULL)
    goto out;
  sm_stmt_bind_text (stmt, 1, edges->str, edges->len);
  sm_stmt_bind_int64 (stmt, 2, s_node);
  sm_stmt_bind_text (stmt, 3, targets->str, targets->len);
  while ((rc = sm_stmt_step (stmt, error)) == SM_STMT_ROW)
    {
      gint64 t = sm_stmt_column_int64 (stmt, 0), node = sm_stmt_column_int64 (stmt, 1);
      Sink *sink;

      if (t < (gint64) t0 || t >= (gint64) (t0 + n_sinks))
        continue;
      sink = &sinks[t - t0];
      if (node == t)
        {
          sink->best = sm_stmt_column_double (stmt, 2);
          if (sink->path != NULL && sink->path->len > 0)
            sink->end = g_array_index (sink->path, guint32, sink->path->len - 1);
        }
      else if (node >= 1 && node <= g->n_nodes)
        {
          guint32 n = node - 1;

          if (sink->path == NULL)
            sink->path = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_array_append_val (sink->path, n);
        }
    }
  sm_stmt_reset (stmt);
  if (rc != SM_STMT_DONE)
    {
      sm_project_set_sql_error (pgr->project, error, _("pgRouting could not route: %s"));
      goto out;
    }
  ok = TRUE;

out:
  /* A rolled-back transaction may have taken the table with it: the next
   * search fills it again */
  if (!ok)
    g_object_set_data (G_OBJECT (pgr->project), FILLED_KEY, NULL);
  g_mutex_unlock (&pgr->lock);
  if (!ok)
    for (guint i = 0; i < n_sinks; i++)
      g_clear_pointer (&sinks[i].path, g_array_unref);
  return ok;
}
