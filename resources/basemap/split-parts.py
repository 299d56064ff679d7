#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Cuts the basemap's polygons and lines into small pieces:
split-parts.py IN OUT [BAND=TOLERANCE…]

A dissolved coast is one polygon from Jutland to the Urals; drawing a view
of Aalborg harbour would walk all of it. Pieces of at most MAX_POINTS
points, each with its own bounding box, let the renderer
(maps/sm-basemap.c) skip whatever is off screen. Polygons are halved along
their longer side by GEOS (through GDAL) until small enough; the pieces
tile the polygon exactly, so one fill of all of them shows no seam.
"""
import sys

from osgeo import gdal, ogr

ogr.UseExceptions()
gdal.PushErrorHandler("CPLQuietErrorHandler")
MAX_POINTS = 1024


def count_points(geom):
    n = geom.GetPointCount()
    for i in range(geom.GetGeometryCount()):
        n += count_points(geom.GetGeometryRef(i))
    return n


def rect(x0, y0, x1, y1):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)):
        ring.AddPoint_2D(x, y)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def polygons(geom):
    """The polygons of any geometry (an intersection may give a collection)."""
    t = ogr.GT_Flatten(geom.GetGeometryType())
    if t == ogr.wkbPolygon:
        if not geom.IsEmpty():
            yield geom.Clone()
    elif t in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        for i in range(geom.GetGeometryCount()):
            yield from polygons(geom.GetGeometryRef(i))


def split_polygon(poly, depth=0):
    if depth == 0 and not poly.IsValid():
        # Simplification may leave a hole touching its shell: mend the
        # part before GEOS cuts it
        for piece in polygons(poly.MakeValid()):
            yield from split_polygon(piece, 1)
        return
    if count_points(poly) <= MAX_POINTS or depth > 24:
        yield poly
        return
    x0, x1, y0, y1 = poly.GetEnvelope()
    if x1 - x0 >= y1 - y0:
        xm = (x0 + x1) / 2
        halves = (rect(x0 - 1, y0 - 1, xm, y1 + 1), rect(xm, y0 - 1, x1 + 1, y1 + 1))
    else:
        ym = (y0 + y1) / 2
        halves = (rect(x0 - 1, y0 - 1, x1 + 1, ym), rect(x0 - 1, ym, x1 + 1, y1 + 1))
    for half in halves:
        for piece in polygons(poly.Intersection(half)):
            yield from split_polygon(piece, depth + 1)


def signed_area(ring):
    n = ring.GetPointCount()
    return sum(ring.GetX(i) * ring.GetY((i + 1) % n) - ring.GetX((i + 1) % n) * ring.GetY(i)
               for i in range(n)) / 2


def oriented(poly):
    """Outer rings counter-clockwise, holes clockwise: the renderer fills
    with the non-zero rule, so land drawn twice (two sources overlapping)
    stays land and a hole stays water."""
    out = ogr.Geometry(ogr.wkbPolygon)
    for i in range(poly.GetGeometryCount()):
        ring = poly.GetGeometryRef(i)
        ccw = signed_area(ring) > 0
        points = [(ring.GetX(k), ring.GetY(k)) for k in range(ring.GetPointCount())]
        if ccw != (i == 0):
            points.reverse()
        r = ogr.Geometry(ogr.wkbLinearRing)
        for x, y in points:
            r.AddPoint_2D(x, y)
        out.AddGeometry(r)
    return out


def without_specks(poly, size):
    """The polygon without holes smaller than size in both directions, or
    None when the polygon itself is: a lake or islet under a pixel of its
    band is not drawn (the simplifier keeps every ring it is given)."""
    if size <= 0:
        return poly
    x0, x1, y0, y1 = poly.GetGeometryRef(0).GetEnvelope()
    if x1 - x0 < size and y1 - y0 < size:
        return None
    out = ogr.Geometry(ogr.wkbPolygon)
    out.AddGeometry(poly.GetGeometryRef(0).Clone())
    for i in range(1, poly.GetGeometryCount()):
        x0, x1, y0, y1 = poly.GetGeometryRef(i).GetEnvelope()
        if x1 - x0 >= size or y1 - y0 >= size:
            out.AddGeometry(poly.GetGeometryRef(i).Clone())
    return out


def split_line(line):
    n = line.GetPointCount()
    if n <= MAX_POINTS:
        yield line
        return
    for start in range(0, n - 1, MAX_POINTS - 1):
        piece = ogr.Geometry(ogr.wkbLineString)
        for i in range(start, min(start + MAX_POINTS, n)):
            piece.AddPoint_2D(line.GetX(i), line.GetY(i))
        yield piece


def lines(geom):
    t = ogr.GT_Flatten(geom.GetGeometryType())
    if t == ogr.wkbLineString:
        if not geom.IsEmpty():
            yield geom.Clone()
    elif t in (ogr.wkbMultiLineString, ogr.wkbGeometryCollection):
        for i in range(geom.GetGeometryCount()):
            yield from lines(geom.GetGeometryRef(i))


def main():
    src = ogr.Open(sys.argv[1])
    # Each band's simplification tolerance, in degrees (make-basemap.sh)
    tolerance = {int(band): float(tol) for band, tol in
                 (pair.split("=") for pair in sys.argv[3:])}
    drv = ogr.GetDriverByName("GPKG")
    dst = drv.CreateDataSource(sys.argv[2])
    for i in range(src.GetLayerCount()):
        layer = src.GetLayerByIndex(i)
        name = layer.GetName()
        if name.startswith("land_"):
            out = dst.CreateLayer(name, layer.GetSpatialRef(), ogr.wkbPolygon)
            out.StartTransaction()
            for feature in layer:
                geom = feature.GetGeometryRef()
                if geom is None:
                    continue
                size = tolerance.get(int(name.split("_")[1]), 0)
                for poly in polygons(geom):
                    poly = without_specks(poly, size)
                    if poly is None:
                        continue
                    for piece in split_polygon(poly):
                        f = ogr.Feature(out.GetLayerDefn())
                        f.SetGeometry(oriented(piece))
                        out.CreateFeature(f)
        elif name.startswith("borders_"):
            out = dst.CreateLayer(name, layer.GetSpatialRef(), ogr.wkbLineString)
            out.StartTransaction()
            for feature in layer:
                geom = feature.GetGeometryRef()
                if geom is None:
                    continue
                for line in lines(geom):
                    for piece in split_line(line):
                        f = ogr.Feature(out.GetLayerDefn())
                        f.SetGeometry(piece)
                        out.CreateFeature(f)
        else:
            dst.CopyLayer(layer, name)
            continue
        out.CommitTransaction()
    dst = None


if __name__ == "__main__":
    main()
