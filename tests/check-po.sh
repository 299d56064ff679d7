#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when any message of the current sources is untranslated
# or fuzzy in a language of po/LINGUAS. The catalogue template is made anew
# from the sources first, so a string added without a translation fails here.
set -eu
srcdir="$1"
cd "$srcdir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

grep -v '^#' po/POTFILES.in | sed '/^[[:space:]]*$/d' | sort > "$tmp/listed"
{
  grep -lE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext)[[:space:]]*\(' \
    app/*.c layers/*.c import/*.c maps/*.c 2>/dev/null || true
  grep -l 'translatable="yes"' resources/ui/*.ui 2>/dev/null || true
  ls resources/*.desktop.in resources/*.metainfo.xml.in resources/*.gschema.xml
} | sort -u > "$tmp/needed"
missing=$(comm -23 "$tmp/needed" "$tmp/listed")
if [ -n "$missing" ]; then
  echo "Not in po/POTFILES.in but has translatable strings:"
  echo "$missing" | sed 's/^/  /'
  status=1
fi
gone=$(comm -13 "$tmp/needed" "$tmp/listed" | while read -r f; do [ -f "$f" ] || echo "$f"; done)
if [ -n "$gone" ]; then
  echo "In po/POTFILES.in but missing: $gone"
  status=1
fi

xgettext --from-code=UTF-8 --add-comments=TRANSLATORS: --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  --flag=g_strdup_printf:1:c-format --flag=g_set_error:4:c-format \
  --files-from=po/POTFILES.in --output="$tmp/symbiomap.pot" 2> "$tmp/xgettext.log" || {
  cat "$tmp/xgettext.log"; exit 1; }
if grep -q 'warning' "$tmp/xgettext.log"; then
  echo "xgettext warnings:"; cat "$tmp/xgettext.log"
  status=1
fi

for lang in $(cat po/LINGUAS); do
  msgmerge --quiet --no-fuzzy-matching "po/$lang.po" "$tmp/symbiomap.pot" -o "$tmp/$lang.po"
  untranslated=$(msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -c '^msgid ' || true)
  fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/$lang.po" | grep -c '^msgid ' || true)
  # msgattrib prints the header entry too when it prints anything
  [ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
  [ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
  if [ "$untranslated" -ne 0 ] || [ "$fuzzy" -ne 0 ]; then
    echo "po/$lang.po: $untranslated untranslated, $fuzzy fuzzy:"
    msgattrib --untranslated --no-obsolete "$tmp/$lang.po" | grep -A1 '^msgid ' | grep -v '^--' | head -40
    status=1
  fi
  if ! msgfmt --check --output-file=/dev/null "$tmp/$lang.po"; then
    status=1
  fi
done

if [ "$status" -eq 0 ]; then
  echo "POTFILES.in complete; every message translated in: $(cat po/LINGUAS | tr '\n' ' ')"
fi
exit "$status"
