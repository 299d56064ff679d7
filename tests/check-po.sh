#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when any message of the current sources is untranslated
# or fuzzy in a language of po/LINGUAS. The catalogue template is made anew
# from the sources first, so a string added without a translation fails here.
# It also fails on the style faults a translator's review found (issue 18):
# a msgstr left equal to its msgid where the msgid has a word to translate,
# Swedish " …" (Swedish writes "…" without a space), Danish "word…" where
# the glossary writes "word …", and "..." mixed with "…".
set -eu
srcdir="$1"
cd "$srcdir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# The style rules, on the catalogue merged with the current sources. A
# msgstr may equal its msgid when every word of 4 letters or more in it is
# a name, a unit or a symbol the same in every language: the allow-list.
check_style () {
  msgattrib --no-obsolete --no-wrap "$2" | python3 -c '
import re, sys

lang = sys.argv[1]
# Words the same in Danish, Swedish and English: names, units, symbols,
# identifiers the program itself reads, and ordinary words the languages
# share (Status, Note, Material, ...)
ALLOWED = set("""
GeoPackage Symbiomap symbiomap EWC EAK MWh CO2 CO₂ Hotmaps PRTR E-PRTR EPSG
GDAL QGIS ArcGIS OpenStreetMap SpatiaLite SQLite JSON CSV GeoJSON XLSX ODS
UTF-8 LCOH COP WGS84 Shapefile MBTiles URL Esri Carnot
Status Note Material Min Max Format Import Radius Stop TEXT
""".split())
# Whole messages that stay as they are: the names EPSG gives coordinate
# systems, and values the program reads in any of its languages
ALLOWED_MESSAGES = [r".*\(EPSG:\d+\)$", r"supply/demand, overskud/behov, överskott/behov"]
def unq(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)
entries, cur, field = [], None, None
for line in sys.stdin:
    line = line.rstrip("\n")
    m = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) \"(.*)\"$", line)
    if m:
        key = m.group(1)
        if key in ("msgctxt", "msgid") and cur is not None and any(k.startswith("msgstr") for k in cur):
            entries.append(cur); cur = None
        if cur is None:
            cur = {}
        cur[key] = cur.get(key, "") + unq(m.group(2)); field = key
    elif line.startswith("\"") and cur is not None and field:
        cur[field] += unq(line[1:-1])
if cur is not None:
    entries.append(cur)

def words(text):
    text = re.sub(r"%(?:\d+\$)?[-#0 +\x27]*[\d*]*(?:\.[\d*]+)?(?:hh|h|ll|l|L|z|j|t)?[a-zA-Z%]", " ", text)
    text = re.sub(r"--?[a-z][a-z0-9-]*", " ", text)
    return [w for w in re.findall(r"[^\W\d_][\w₂-]*", text) if sum(c.isalpha() for c in w) > 3]

bad = []
for e in entries:
    mid = e.get("msgid", "")
    if not mid:
        continue
    strs = [v for k, v in e.items() if k.startswith("msgstr") and v]
    if not strs:
        continue
    first = e.get("msgstr", e.get("msgstr[0]", ""))
    pairs = [(mid, first), (e.get("msgid_plural"), e.get("msgstr[1]"))]
    for source, text in pairs:
        if source and text == source and not any(re.fullmatch(a, source) for a in ALLOWED_MESSAGES):
            left = [w for w in words(source) if w not in ALLOWED]
            if left:
                bad.append("left in English (%s): %s" % (", ".join(left), source))
    for s in strs:
        if s.count("...") != mid.count("..."):
            bad.append("\"...\" where the msgid has \"…\" (or the other way): %s" % s)
        if lang == "sv" and " …" in s and " …" not in mid:
            bad.append("Swedish writes \"…\" without a space before it: %s" % s)
        if lang == "da" and re.search(r"\w…", mid) and re.search(r"[^\s(\[,;/]…", s):
            bad.append("Danish writes \" …\" with a space before it: %s" % s)
for b in bad:
    print("po/%s.po: %s" % (lang, b.replace("\n", "\\n")))
sys.exit(1 if bad else 0)
' "$1"
}

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
  if ! check_style "$lang" "$tmp/$lang.po"; then
    status=1
  fi
done

if [ "$status" -eq 0 ]; then
  echo "POTFILES.in complete; every message translated in: $(cat po/LINGUAS | tr '\n' ' ')"
fi
exit "$status"
