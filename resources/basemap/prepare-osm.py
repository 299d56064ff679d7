#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The OSM land set cut to the Nordic box, one valid multipolygon per country:
prepare-osm.py IN.geo.json OUT.gpkg WEST SOUTH EAST NORTH ISO3...

GEOS makes a multipolygon of thousands of islands valid slowly (it checks
every part against every other), so each part is made valid and cut to the
box on its own, parts wholly outside the box (Svalbard, Bouvet Island) are
dropped first, and each country's parts are then merged with one cascaded
union (GDAL's UnionCascaded).
"""
import sys

from osgeo import gdal, ogr, osr

ogr.UseExceptions()
# IsValid() reports each fault it finds; MakeValid() mends them
gdal.PushErrorHandler("CPLQuietErrorHandler")


def rect(x0, y0, x1, y1):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)):
        ring.AddPoint_2D(x, y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def polygons(geom):
    t = ogr.GT_Flatten(geom.GetGeometryType())
    if t == ogr.wkbPolygon:
        if not geom.IsEmpty():
            yield geom
    elif t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        for i in range(geom.GetGeometryCount()):
            yield from polygons(geom.GetGeometryRef(i))


def main():
    src_path, out_path = sys.argv[1], sys.argv[2]
    west, south, east, north = (float(v) for v in sys.argv[3:7])
    wanted = set(sys.argv[7:])
    box = rect(west, south, east, north)

    src = ogr.Open(src_path)
    layer = src.GetLayer(0)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    dst = ogr.GetDriverByName("GPKG").CreateDataSource(out_path)
    out = dst.CreateLayer("land", srs, ogr.wkbMultiPolygon)
    out.CreateField(ogr.FieldDefn("iso", ogr.OFTString))

    for feature in layer:
        iso = feature.GetField("A3")
        geom = feature.GetGeometryRef()
        if iso not in wanted or geom is None:
            continue
        parts = ogr.Geometry(ogr.wkbMultiPolygon)
        for poly in polygons(geom):
            x0, x1, y0, y1 = poly.GetEnvelope()
            if x1 < west or x0 > east or y1 < south or y0 > north:
                continue
            if not poly.IsValid():
                poly = poly.MakeValid()
            if not (x0 >= west and x1 <= east and y0 >= south and y1 <= north):
                poly = poly.Intersection(box)
            for piece in polygons(poly):
                parts.AddGeometry(piece)
        if parts.GetGeometryCount() == 0:
            continue
        merged = parts.UnionCascaded()
        multi = ogr.ForceToMultiPolygon(merged)
        f = ogr.Feature(out.GetLayerDefn())
        f.SetField("iso", iso)
        f.SetGeometry(multi)
        out.CreateFeature(f)
        print(iso, parts.GetGeometryCount(), "parts", flush=True)
    dst = None


if __name__ == "__main__":
    main()
