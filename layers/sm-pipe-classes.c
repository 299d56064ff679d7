/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pipe-class table of docs/SYNERGY.md: the Danish capacity classes
 * (Nielsen & Möller) as the Hotmaps excess-heat module tabulates them
 * (HotMaps/excess_heat_cm, parameters.py): capacity at the optimum, cost
 * per metre, pipe and hydraulic diameters, insulation thickness, optimal
 * flow velocity and pressure drop. Beyond 190 MW, n largest pipes run in
 * parallel (n × cost, n × diameter for the surface, √n × hydraulic
 * diameter for the cross-section, as Hotmaps does).
 *
 * A project may keep its own table in the setting "pipe.classes": one
 * class a line, eight numbers separated by ';' with a '.' decimal point.
 */
#define G_LOG_DOMAIN "symbiomap-cost"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sm-pipe-classes.h"

#define D13 595.8

static const SmPipeClass defaults[] = {
  /* MW    €/m   d mm   dh mm  s mm  v m/s  Pa/m  n */
  { 0.2, 195, 37.2, 37.2, 60, 0.9, 600, 1 },
  { 0.3, 206, 43.1, 43.1, 60, 0.9, 500, 1 },
  { 0.6, 220, 54.5, 54.5, 60, 1.0, 420, 1 },
  { 1.2, 240, 70.3, 70.3, 80, 1.2, 450, 1 },
  { 1.9, 261, 82.5, 82.5, 80, 1.3, 420, 1 },
  { 3.6, 288, 107.1, 107.1, 100, 1.6, 500, 1 },
  { 6.1, 323, 132.5, 132.5, 125, 1.8, 480, 1 },
  { 9.8, 357, 160.3, 160.3, 165, 2.0, 470, 1 },
  { 20, 426, 210.1, 210.1, 175, 2.4, 500, 1 },
  { 45, 564, 312.7, 312.7, 200, 2.6, 360, 1 },
  { 75, 701, 393.8, 393.8, 200, 2.7, 345, 1 },
  { 125, 839, 495.4, 495.4, 200, 2.9, 250, 1 },
  { 190, 976, D13, D13, 200, 3.0, 230, 1 },
  /* Parallel pipes of the largest class; the hydraulic diameters are
   * √n × 595.8 mm (1.41421356, 1.73205081, ... rounded to 0.1 mm) */
  { 380, 2 * 976, 2 * D13, 842.6, 200, 3.0, 230, 2 },
  { 570, 3 * 976, 3 * D13, 1032.0, 200, 3.0, 230, 3 },
  { 760, 4 * 976, 4 * D13, 1191.6, 200, 3.0, 230, 4 },
  { 950, 5 * 976, 5 * D13, 1332.2, 200, 3.0, 230, 5 },
  { 1140, 6 * 976, 6 * D13, 1459.4, 200, 3.0, 230, 6 },
  { 1330, 7 * 976, 7 * D13, 1576.3, 200, 3.0, 230, 7 },
  { 1520, 8 * 976, 8 * D13, 1685.2, 200, 3.0, 230, 8 },
  { 1710, 9 * 976, 9 * D13, 1787.4, 200, 3.0, 230, 9 },
  { 1900, 10 * 976, 10 * D13, 1884.1, 200, 3.0, 230, 10 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (defaults) <= SM_PIPE_CLASSES_MAX);

const SmPipeClass *
sm_pipe_classes_get_defaults (guint *n_classes)
{
  *n_classes = G_N_ELEMENTS (defaults);
  return defaults;
}

/**
 * sm_pipe_classes_parse:
 * @text: the table as sm_pipe_classes_to_string() writes it
 * @classes: (out caller-allocates): room for SM_PIPE_CLASSES_MAX classes
 *
 * The capacities must grow from line to line, every figure positive.
 *
 * Returns: whether @text is a usable table; else @error names the line
 */
gboolean
sm_pipe_classes_parse (const char   *text,
                       SmPipeClass  *classes,
                       guint        *n_classes,
                       GError      **error)
{
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto (GStrv) cells = NULL;
      double v[8];
      char *line = g_strstrip (lines[i]);

      if (*line == '\0' || *line == '#')
        continue;
      cells = g_strsplit (line, ";", -1);
      if (g_strv_length (cells) != 8 || n >= SM_PIPE_CLASSES_MAX)
        goto bad;
      for (guint c = 0; c < 8; c++)
        {
          char *end = NULL;

          v[c] = g_ascii_strtod (g_strstrip (cells[c]), &end);
          if (end == cells[c] || *end != '\0' || !isfinite (v[c]) || v[c] <= 0)
            goto bad;
        }
      if (n > 0 && v[0] <= classes[n - 1].capacity_mw)
        goto bad;
      classes[n++] = (SmPipeClass) { v[0], v[1], v[2], v[3], v[4], v[5], v[6], (int) v[7] };
      continue;
bad:
      /* TRANSLATORS: %u is a line of the pipe-class table */
      g_set_error (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                   /* TRANSLATORS: %u is a line number of the pipe-class table in Preferences */
                   _("Pipe classes, line %u: eight positive numbers are needed, capacities growing"),
                   i + 1);
      return FALSE;
    }
  if (n == 0)
    {
      g_set_error_literal (error, SM_PROJECT_ERROR, SM_PROJECT_ERROR_INVALID,
                           _("The pipe-class table is empty"));
      return FALSE;
    }
  *n_classes = n;
  return TRUE;
}

char *
sm_pipe_classes_to_string (const SmPipeClass *classes,
                           guint              n_classes)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_classes; i++)
    {
      const SmPipeClass *c = &classes[i];
      double v[8] = { c->capacity_mw, c->eur_per_m, c->diameter_mm, c->hydraulic_mm,
                      c->insulation_mm, c->velocity_m_s, c->pressure_drop_pa_m, c->n_parallel };

      for (guint k = 0; k < 8; k++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          if (k > 0)
            g_string_append_c (out, ';');
          g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.10g", v[k]));
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/**
 * sm_pipe_classes_load:
 * @classes: (out caller-allocates): room for SM_PIPE_CLASSES_MAX classes
 *
 * Returns: the number of classes: the project's own table, or the
 *   defaults when it has none (or an unusable one)
 */
guint
sm_pipe_classes_load (SmProject   *project,
                      SmPipeClass *classes)
{
  g_autofree char *text = project ? sm_project_get_setting (project, SM_PIPE_CLASSES_SETTING) : NULL;
  guint n = 0;

  if (text != NULL && sm_pipe_classes_parse (text, classes, &n, NULL))
    return n;
  memcpy (classes, defaults, sizeof defaults);
  return G_N_ELEMENTS (defaults);
}

/**
 * sm_pipe_classes_select:
 *
 * Returns: the first class whose capacity carries @capacity_mw, or the
 *   last one when none does (the caller notes the overload)
 */
guint
sm_pipe_classes_select (const SmPipeClass *classes,
                        guint              n_classes,
                        double             capacity_mw)
{
  for (guint i = 0; i < n_classes; i++)
    if (classes[i].capacity_mw >= capacity_mw)
      return i;
  return n_classes - 1;
}
