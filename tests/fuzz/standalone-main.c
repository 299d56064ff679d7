/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without libFuzzer: runs a fuzz target once on each file named on the
 * command line (the seed corpus and every past finding), as a test. TAP.
 */
#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
main (int    argc,
      char **argv)
{
  int n = 0;

  for (int i = 1; i < argc; i++)
    {
      g_autoptr (GDir) dir = g_dir_open (argv[i], 0, NULL);
      const char *name;

      if (dir == NULL)
        continue;
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (argv[i], name, NULL);
          g_autofree char *contents = NULL;
          gsize length;

          if (name[0] == '.' || !g_file_get_contents (path, &contents, &length, NULL))
            continue;
          LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
          printf ("ok %d %s\n", ++n, path);
        }
    }
  printf ("1..%d\n", n);
  return 0;
}
