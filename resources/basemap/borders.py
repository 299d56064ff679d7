#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""National borders from country polygons: borders.py IN.gpkg LAYER FIELD OUT.gpkg

A border is where two countries' outlines run along each other. In both
sources neighbours share the very vertices of their common border (Natural
Earth is generalised topologically, the OSM set is cut from one boundary
relation per border), so a border is every run of consecutive outline
vertices that the neighbour's outline has too: a hash lookup per vertex.
GEOS overlays (boundary × buffer) did the same in many minutes on Norway.
Writes layer "borders" (fields a, b: the two countries).
"""
import sys

from osgeo import ogr

ogr.UseExceptions()


def rings(geom):
    t = ogr.GT_Flatten(geom.GetGeometryType())
    if t == ogr.wkbLinearRing or t == ogr.wkbLineString:
        yield geom
        return
    for i in range(geom.GetGeometryCount()):
        yield from rings(geom.GetGeometryRef(i))


def key(x, y):
    return (round(x * 1e6), round(y * 1e6))


def main():
    src = ogr.Open(sys.argv[1])
    layer = src.GetLayerByName(sys.argv[2])
    field = sys.argv[3]
    countries = []
    for f in layer:
        g = f.GetGeometryRef()
        if g is None:
            continue
        points = [[(r.GetX(i), r.GetY(i)) for i in range(r.GetPointCount())] for r in rings(g)]
        countries.append((f.GetField(field), g.GetEnvelope(), points))

    # Which country each vertex belongs to (a vertex on a border: two)
    owners = {}
    for n, (_, _, points) in enumerate(countries):
        for ring in points:
            for x, y in ring:
                owners.setdefault(key(x, y), set()).add(n)

    dst = ogr.GetDriverByName("GPKG").CreateDataSource(sys.argv[4])
    out = dst.CreateLayer("borders", layer.GetSpatialRef(), ogr.wkbLineString)
    out.CreateField(ogr.FieldDefn("a", ogr.OFTString))
    out.CreateField(ogr.FieldDefn("b", ogr.OFTString))

    def emit(a, b, run):
        if len(run) < 2:
            return
        line = ogr.Geometry(ogr.wkbLineString)
        for x, y in run:
            line.AddPoint_2D(x, y)
        f = ogr.Feature(out.GetLayerDefn())
        f.SetField("a", countries[a][0])
        f.SetField("b", countries[b][0])
        f.SetGeometry(line)
        out.CreateFeature(f)

    out.StartTransaction()
    for a, (_, _, points) in enumerate(countries):
        for ring in points:
            run, other = [], None
            for x, y in ring:
                # Each border once: from the country listed first
                shared = [b for b in owners[key(x, y)] if b > a]
                b = shared[0] if shared else None
                if b is not None and (other is None or b == other):
                    run.append((x, y))
                    other = b
                    continue
                if other is not None:
                    emit(a, other, run)
                run, other = ([(x, y)], b) if b is not None else ([], None)
            if other is not None:
                emit(a, other, run)
    out.CommitTransaction()
    dst = None


if __name__ == "__main__":
    main()
