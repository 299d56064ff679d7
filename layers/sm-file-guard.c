/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where a file the user names really is: the target of a symbolic link
 * (which an export replaces, not the link), and whether two names are the
 * same file (an export onto the open project must be refused).
 */
#define G_LOG_DOMAIN "symbiomap-project"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "sm-file-guard.h"

/**
 * sm_file_resolve_target:
 * @path: a file name, which may not exist yet
 *
 * Follows symbolic links, also dangling ones (an export then creates the
 * link's target), at most 40 of them as the kernel does.
 *
 * Returns: (transfer full): the name of the file @path stands for
 */
char *
sm_file_resolve_target (const char *path)
{
  char *current = g_strdup (path);

  for (int hops = 0; hops < 40; hops++)
    {
      GStatBuf st;
      g_autofree char *target = NULL;
      char *next;

      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return current;
      target = g_file_read_link (current, NULL);
      if (target == NULL)
        return current;
      if (g_path_is_absolute (target))
        next = g_steal_pointer (&target);
      else
        {
          g_autofree char *dir = g_path_get_dirname (current);
          next = g_build_filename (dir, target, NULL);
        }
      g_free (current);
      current = next;
    }
  return current;
}

/**
 * sm_file_same:
 * @a: a file name
 * @b: another
 *
 * Returns: whether both name one existing file (same device and inode,
 *   through links of either kind)
 */
gboolean
sm_file_same (const char *a,
              const char *b)
{
  GStatBuf sa, sb;

  if (a == NULL || b == NULL || g_stat (a, &sa) != 0 || g_stat (b, &sb) != 0)
    return FALSE;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
