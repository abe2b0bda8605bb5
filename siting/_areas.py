"""Services mapped as multipolygon relations: their areas, built from member ways.

The reader (:mod:`siting._osm_read`) finds the relations and keeps their member
ways' coordinates; here each relation's area is assembled as osmium's own area
assembler would: the same order of relations and the same form of each polygon,
so the features list is the one an object-by-object reader gives (a test compares
them on central Oslo and tiled Oslo).
"""

from __future__ import annotations

import numpy as np
import shapely

from ._tags import TagTable

__all__ = ["Relations", "relation_areas"]

#: Service relations by id: their tags (without ``type``) and member ways with roles.
Relations = dict[int, tuple[dict[str, str], list[tuple[int, str]]]]


def relation_areas(relations: Relations,
                   member_xy: dict[int, np.ndarray]) -> tuple[list[str], np.ndarray, TagTable]:
    """Assemble each service relation from its member ways; skip one cut by the edge.

    Relations come in the order osmium completes them (by their last member way),
    so the features list is the same as osmium's area assembler gives.
    """
    ids, geoms, tag_rows = [], [], []
    done = sorted(relations.items(),
                  key=lambda item: (max((m for m, _ in item[1][1]), default=0), item[0]))
    for rel_id, (tags, members) in done:
        lines = []
        for ref, _role in members:
            xy = member_xy.get(ref)
            if xy is None or np.isnan(xy).any() or len(xy) < 2:
                break
            lines.append(shapely.linestrings(xy))
        else:
            area = _build_area(lines)
            if area is not None:
                ids.append(f"r{rel_id}")
                geoms.append(area)
                tag_rows.append(tags)
    out = np.empty(len(geoms), dtype=object)
    out[:] = geoms
    return ids, out, TagTable.from_dicts(tag_rows)


def _build_area(lines: list[shapely.Geometry]) -> shapely.Geometry | None:
    """The multipolygon the member lines enclose (holes by even-odd), or None."""
    if not lines:
        return None
    area = shapely.build_area(shapely.GeometryCollection(lines))
    if area.is_empty:
        return None
    parts = list(area.geoms) if area.geom_type == "MultiPolygon" else [area]
    return shapely.MultiPolygon(sorted((_osmium_form(p) for p in parts), key=_start))


def _osmium_form(poly: shapely.Polygon) -> shapely.Polygon:
    """The polygon as osmium writes it: outer ring anticlockwise, inner rings clockwise,
    every ring starting at its smallest (lon, lat) vertex, inner rings in that order."""
    outer = _ring(np.asarray(poly.exterior.coords), ccw=True)
    inner = sorted((_ring(np.asarray(r.coords), ccw=False) for r in poly.interiors),
                   key=lambda r: (r[0, 0], r[0, 1]))
    return shapely.Polygon(outer, inner)


def _ring(coords: np.ndarray, *, ccw: bool) -> np.ndarray:
    ring = coords[:-1]
    if shapely.LinearRing(coords).is_ccw != ccw:
        ring = ring[::-1]
    first = np.lexsort((ring[:, 1], ring[:, 0]))[0]
    ring = np.roll(ring, -first, axis=0)
    return np.vstack([ring, ring[:1]])


def _start(poly: shapely.Polygon) -> tuple[float, float]:
    x, y = poly.exterior.coords[0]
    return (x, y)
