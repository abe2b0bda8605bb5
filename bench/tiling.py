"""Synthesise larger OSM extracts by tiling a real one N x N (benchmarks and tests only).

Tile ``(i, j)`` is the source extract moved ``i`` widths east and ``j`` heights
north, with every node, way and relation id offset by ``(j * n + i) * ID_STRIDE``
so that ids stay unique and sorted (nodes, then ways, then relations, each by
id: what osmium needs to assemble areas and what pyrosm expects). Tiles are cut
at their edges like the source, so the seams are stitched with short two-way
``highway=residential`` connector ways between the street nodes nearest each
edge: the tiled network is one piece, as a county's is.

The output is written where the caller says -- never inside the repository
(OSM data and everything derived from it stay out of it).

    python bench/tiling.py ../shared/data/osm/oslo-center.osm.pbf 4 /tmp/oslo-4x4.osm.pbf
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import osmium
import osmium.osm.mutable as mut

__all__ = ["ID_STRIDE", "tile_extract"]

ID_STRIDE = 10**11  # larger than any OSM id today (nodes reach about 1.3e10)
#: Street classes a connector may start from (two-way streets cars and people use).
JOIN_CLASSES = frozenset({"residential", "tertiary", "secondary", "unclassified",
                          "living_street", "primary"})
EDGE_BAND_DEG = 0.004  # candidates lie this close to an edge (about 220-450 m)
N_JOINS = 24  # connectors per seam


@dataclass
class _Source:
    """The source extract held in memory, plus its extent and seam candidates."""

    nodes: list[tuple]
    ways: list[tuple]
    relations: list[tuple]
    extent: tuple[float, float, float, float]  # west, south, east, north
    street: dict[int, tuple[float, float]]  # street node id -> (lon, lat)


def _load(path: Path) -> _Source:
    nodes, ways, relations = [], [], []
    street: dict[int, tuple[float, float]] = {}
    lons, lats = [], []
    for obj in osmium.FileProcessor(str(path)).with_locations():
        meta = (obj.version, obj.timestamp, [(t.k, t.v) for t in obj.tags])
        if obj.is_node():
            loc = obj.location
            if loc.valid():
                lons.append(loc.lon)
                lats.append(loc.lat)
                nodes.append((obj.id, loc.lon, loc.lat, *meta))
        elif obj.is_way():
            refs = [n.ref for n in obj.nodes]
            ways.append((obj.id, refs, *meta))
            if obj.tags.get("highway") in JOIN_CLASSES and obj.tags.get("oneway") in (None, "no"):
                for n in obj.nodes:
                    if n.location.valid():
                        street[n.ref] = (n.location.lon, n.location.lat)
        elif obj.is_relation():
            members = [(m.type, m.ref, m.role) for m in obj.members]
            relations.append((obj.id, members, *meta))
    extent = (min(lons), min(lats), max(lons), max(lats))
    return _Source(nodes, ways, relations, extent, street)


def _edge_nodes(src: _Source, side: str) -> list[tuple[int, float]]:
    """Street nodes nearest one edge: (id, position along the edge), one per band."""
    west, south, east, north = src.extent
    ids = np.fromiter(src.street, dtype=np.int64)
    xy = np.array(list(src.street.values()))
    axis, along, edge, sign = {"east": (0, 1, east, -1), "west": (0, 1, west, 1),
                               "north": (1, 0, north, -1), "south": (1, 0, south, 1)}[side]
    gap = sign * (xy[:, axis] - edge)
    near = gap < EDGE_BAND_DEG
    lo, hi = (south, north) if along == 1 else (west, east)
    band = np.floor((xy[:, along] - lo) / (hi - lo) * N_JOINS).astype(int)
    chosen = []
    for b in range(N_JOINS):
        cand = np.flatnonzero(near & (band == b))
        if len(cand):
            best = cand[np.argmin(gap[cand])]
            chosen.append((int(ids[best]), float(xy[best, along])))
    return chosen


def _pairs(a: list[tuple[int, float]], b: list[tuple[int, float]]) -> list[tuple[int, int]]:
    """Pair each node of ``a`` with the node of ``b`` nearest along the seam."""
    if not b:
        return []
    pos = np.array([p for _, p in b])
    return [(ida, b[int(np.argmin(np.abs(pos - p)))][0]) for ida, p in a]


def tile_extract(source: str | Path, n: int, out: str | Path) -> Path:
    """Write ``source`` tiled ``n`` x ``n`` (stitched into one network) to ``out``.

    Parameters
    ----------
    source : str or pathlib.Path
        A real ``.osm.pbf`` extract.
    n : int
        Tiles per side (the result has about n² times the data).
    out : str or pathlib.Path
        Target ``.osm.pbf``, outside the repository; written to a temporary file
        beside it and moved in place.
    """
    src = _load(Path(source))
    out = Path(out)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, prefix=out.name, suffix=".tmp.osm.pbf")
    os.close(fd)
    try:
        with osmium.SimpleWriter(tmp_name, overwrite=True) as writer:
            _write(writer, src, n)
        os.replace(tmp_name, out)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return out


def _write(writer: osmium.SimpleWriter, src: _Source, n: int) -> None:
    west, south, east, north = src.extent
    dlon, dlat = east - west, north - south
    tiles = [(i, j) for j in range(n) for i in range(n)]
    for k, (i, j) in enumerate(tiles):
        off = k * ID_STRIDE
        for nid, lon, lat, version, stamp, tags in src.nodes:
            writer.add_node(mut.Node(id=nid + off, location=(lon + i * dlon, lat + j * dlat),
                                     version=version, timestamp=stamp, tags=tags))
    for k in range(len(tiles)):
        off = k * ID_STRIDE
        for wid, refs, version, stamp, tags in src.ways:
            writer.add_way(mut.Way(id=wid + off, nodes=[r + off for r in refs],
                                   version=version, timestamp=stamp, tags=tags))
    _write_connectors(writer, src, n)
    for k in range(len(tiles)):
        off = k * ID_STRIDE
        for rid, members, version, stamp, tags in src.relations:
            shifted = [(t, ref + off, role) for t, ref, role in members]
            writer.add_relation(mut.Relation(id=rid + off, members=shifted, version=version,
                                             timestamp=stamp, tags=tags))


def _write_connectors(writer: osmium.SimpleWriter, src: _Source, n: int) -> None:
    east_west = _pairs(_edge_nodes(src, "east"), _edge_nodes(src, "west"))
    north_south = _pairs(_edge_nodes(src, "north"), _edge_nodes(src, "south"))
    way_id = n * n * ID_STRIDE
    tags = [("highway", "residential"), ("name", "Skjøtvei")]
    for j in range(n):
        for i in range(n):
            k = j * n + i
            seams = []
            if i + 1 < n:
                seams.append((east_west, k + 1))
            if j + 1 < n:
                seams.append((north_south, k + n))
            for pairs, other in seams:
                for a, b in pairs:
                    way_id += 1
                    writer.add_way(mut.Way(id=way_id, tags=tags, version=1,
                                           nodes=[a + k * ID_STRIDE, b + other * ID_STRIDE]))


if __name__ == "__main__":
    tile_extract(sys.argv[1], int(sys.argv[2]), sys.argv[3])
