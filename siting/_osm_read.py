"""The file reader behind :func:`siting.osm.osm_from_file`: osmium picks, pyarrow reads.

osmium picks the objects the analysis needs with its C++ filters and writes them,
with each way's node locations, to scratch files in OPL (in the system's
temporary directory, together about three times the size of the ``.osm.pbf``,
removed once read; too little room there is said before anything is written).
:mod:`siting._opl` reads them back column-wise with pyarrow (see there), so no
Python runs per street or node. Everything else -- cutting ways into segments,
dropping pieces cut at the extract's edge, building feature geometries -- is done
with numpy and shapely on the whole file at the end.

Two passes over the file share the work:

* the **node side**: the street, service, address and place nodes (any of
  ``_READ_KEYS``);
* the **way side**: a scan of the file's relation blocks for services mapped as
  multipolygon relations (osmium skips the node and way blocks), then the
  street, service and address ways, and the relations' member ways among the
  ways the filter drops (a Python call per dropped way: osmium's id filter keeps
  a bitmap block per id range, 1.6 GB for the members of tiled Oslo). The
  relations' areas are assembled from the member ways.

On a large file with a second core (see :func:`siting._parallel.call_forked`)
a forked worker takes the node side while this process takes the way side; the
same calls either way, so the same result (a test compares them). Address points
(nodes, and ways at the mean of their located nodes) and the named place nodes
that label maps come from the same passes. At 4x4 tiled Oslo (50 MB) the read
takes 5.3 s where the object-by-object reader took 6.8 s.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import osmium
import pandas as pd
import shapely

from . import _opl
from ._parallel import call_forked, large_file
from ._tags import TagTable
from .addresses import addresses_from_tags, first_of_each
from .errors import NetworkError
from .text import number

__all__ = ["ADDRESS_TAGS", "FEATURE_KEYS", "WAY_TAGS", "ReadResult", "read_file"]

#: Way tags kept for deciding who may use a street and how fast.
WAY_TAGS: tuple[str, ...] = (
    "highway", "name", "foot", "access", "oneway", "maxspeed", "service", "area",
    "junction", "motor_vehicle", "motorcar", "vehicle", "bicycle", "construction",
    "motorroad", "tunnel",
)
#: Tag keys that make an OSM object a candidate service feature.
FEATURE_KEYS: tuple[str, ...] = (
    "amenity", "shop", "healthcare", "public_transport", "social_facility", "office",
)
#: Tags an address point is built from (see :func:`siting.addresses.addresses_from_tags`).
ADDRESS_TAGS: tuple[str, ...] = (
    "addr:street", "addr:place", "addr:housenumber", "addr:postcode", "addr:city",
)
_AREA_TYPES = frozenset({"multipolygon", "boundary"})  # the relations osmium builds areas from
#: Service relations by id: their tags (without ``type``) and member ways with roles.
Relations = dict[int, tuple[dict[str, str], list[tuple[int, str]]]]


def is_feature(tags: Any) -> bool:
    """Return True for a candidate service: a bus stop or any :data:`FEATURE_KEYS` tag."""
    if tags.get("highway") == "bus_stop":
        return True
    return any(key in tags for key in FEATURE_KEYS)


@dataclass
class ReadResult:
    """What one pass over a file gives; :mod:`siting.osm` turns it into ``OsmData``."""

    nodes: pd.DataFrame
    segments: pd.DataFrame
    ways: pd.DataFrame
    feature_ids: list[str]
    feature_geoms: np.ndarray
    tags: TagTable
    newest: str
    addresses: pd.DataFrame  # the address table: siting.addresses.ADDRESS_COLUMNS
    places: list[tuple[dict[str, str], float, float]]


def _scan_relations(path: Path) -> Relations:
    """Service features mapped as multipolygon relations: tags and member ways (with role)."""
    found = {}
    processor = osmium.FileProcessor(str(path), osmium.osm.RELATION).with_filter(
        osmium.filter.KeyFilter(*FEATURE_KEYS))
    rel: Any
    for rel in processor:
        tags = rel.tags
        if tags.get("type") in _AREA_TYPES and is_feature(tags):
            members = [(m.ref, m.role) for m in rel.members if m.type == "w"]
            found[rel.id] = ({t.k: t.v for t in tags if t.k != "type"}, members)
    return found


_READ_KEYS = ("highway", *FEATURE_KEYS, "addr:housenumber", "place")  # what the passes read


@dataclass
class _NodeSide:
    """What the node side gives: service, address and place nodes, and the newest
    street or service node's date."""

    ids: list[str]
    xy: np.ndarray
    tags: TagTable
    addresses: pd.DataFrame  # (see siting.addresses.addresses_from_tags)
    places: list[tuple[dict[str, str], float, float]]
    newest: datetime | None


@dataclass
class _WaySide:
    """What the way side gives: streets with their tags, service ways with theirs,
    address ways, the newest street or service way's date, and the service
    relations with their member ways' coordinates."""

    streets: _opl.WayArrays
    street_tags: dict[str, list[str | None]]
    features: _opl.WayArrays
    feature_tags: TagTable
    address_tags: list[dict[str, str]]
    address_ways: _opl.WayArrays
    newest: datetime | None
    relations: Relations
    member_xy: dict[int, np.ndarray]


def read_file(path: Path, *, split: bool | None = None) -> ReadResult:
    """Read streets and service features from ``path`` (see the module docstring).

    ``split`` takes the node side in a forked worker (None: when the file is at
    least :data:`siting.settings.parallel_min_file_mb` and forking is safe).
    """
    with tempfile.TemporaryDirectory(prefix="siting-read-") as scratch:
        work = Path(scratch)
        _check_room(path, work)
        nodes = call_forked(partial(_node_side, path, work)) if large_file(path, split) else None
        try:
            ways = _way_side(path, work)
        except BaseException:
            if nodes is not None:
                nodes.cancel()
            raise
        node_side = nodes.result() if nodes is not None else _node_side(path, work)
    return _finish(node_side, ways)


#: Scratch space the reader needs, per byte of the file: both OPL files at once
#: (2.9 at 4x4 tiled Oslo: 147 MB for a 50 MB ``.osm.pbf``), with a margin.
SCRATCH_PER_BYTE = 3.5


def _check_room(path: Path, work: Path) -> None:
    """Fail with a clear message, before any writing, where the scratch files cannot fit."""
    need = path.stat().st_size * SCRATCH_PER_BYTE
    free = shutil.disk_usage(work).free
    if free < need:
        mb = {lang: (number(need / 1e6, lang), number(free / 1e6, lang)) for lang in ("en", "nb")}
        raise NetworkError(
            f"{path.name}: reading it needs about {mb['en'][0]} MB of free space in the "
            f"temporary folder {work.parent} for a moment, and {mb['en'][1]} MB are free. "
            "Free some space there, or point the TMPDIR environment variable to a disk "
            "with room.",
            nb=f"{path.name}: å lese den krever et øyeblikk rundt {mb['nb'][0]} MB ledig "
            f"plass i den midlertidige mappen {work.parent}, og {mb['nb'][1]} MB er ledig. "
            "Frigjør plass der, eller la miljøvariabelen TMPDIR peke på en disk med plass.")


def _node_side(path: Path, work: Path) -> _NodeSide:
    """The nodes with a read key: service, street, address and place nodes."""
    target = work / "nodes.opl"
    _opl.write(path, target, osmium.osm.NODE, [osmium.filter.KeyFilter(*_READ_KEYS)])
    nodes, xy = _opl.node_table(target)
    target.unlink()
    located = ~np.isnan(xy[:, 0])
    feature, street = nodes.is_feature(FEATURE_KEYS), nodes.tags.has("highway")
    service = feature & located
    address = np.flatnonzero(nodes.tags.has("addr:housenumber") & located)
    place = np.flatnonzero(nodes.tags.has("place") & located)
    address_points = zip(nodes.subsets(address, ADDRESS_TAGS), xy[address, 0].tolist(),
                         xy[address, 1].tolist(), strict=True)
    places = list(zip(nodes.subsets(place, ("place", "name")), xy[place, 0].tolist(),
                      xy[place, 1].tolist(), strict=True))
    return _NodeSide([f"n{i}" for i in nodes.ids[service].tolist()], xy[service],
                     nodes.tags.subset(service), addresses_from_tags(address_points), places,
                     nodes.newest(feature | street))


def _way_side(path: Path, work: Path) -> _WaySide:
    """Service relations, then the ways with a read key (streets, service ways, address
    ways) and the relations' member ways."""
    relations = _scan_relations(path)
    members = _Members({ref for _, mem in relations.values() for ref, _ in mem})
    target = work / "ways.opl"
    _opl.write(path, target, osmium.osm.WAY,
               [osmium.filter.EntityFilter(osmium.osm.WAY), osmium.filter.KeyFilter(*_READ_KEYS)],
               locations=True, rejected=members if members.wanted else None)
    ways = _opl.way_table(target)
    target.unlink()
    objects = ways.objects
    street, feature = objects.tags.has("highway"), objects.is_feature(FEATURE_KEYS)
    address = objects.tags.has("addr:housenumber")
    # a member way with a read key was written, not rejected: take it from the table
    bounds = ways.offsets()
    for row in np.flatnonzero(np.isin(objects.ids, list(members.wanted))).tolist():
        members.xy[int(objects.ids[row])] = ways.xy[bounds[row]:bounds[row + 1]]
    return _WaySide(
        ways.take(street),
        {key: objects.tags.column(key, None)[street].tolist() for key in WAY_TAGS},
        ways.take(feature), objects.tags.subset(feature),
        objects.subsets(np.flatnonzero(address), ADDRESS_TAGS), ways.take(address),
        objects.newest(street | feature), relations, members.xy)


class _Members(osmium.SimpleHandler):
    """Keeps the coordinates of the service relations' member ways among the ways the
    key filter drops (a Python call per dropped way; none per node)."""

    def __init__(self, wanted: set[int]) -> None:
        super().__init__()
        self.wanted = wanted
        self.xy: dict[int, np.ndarray] = {}

    def way(self, obj: Any) -> None:
        """A dropped way: kept if it is a member."""
        if obj.id in self.wanted:
            self.xy[obj.id] = np.array(
                [(n.lon, n.lat) if n.location.valid() else (np.nan, np.nan) for n in obj.nodes],
                dtype=float).reshape(-1, 2)


def _finish(node_side: _NodeSide, way_side: _WaySide) -> ReadResult:
    nodes, segments = _segments(way_side.streets)
    ways = pd.DataFrame(way_side.street_tags, index=pd.Index(
        way_side.streets.ids.astype(np.int64), name="id"), columns=list(WAY_TAGS))
    ways = ways[ways.index.isin(segments["way"].unique())]
    ways.index.name = "id"
    rel_ids, rel_geoms, rel_tags = _relation_areas(way_side.relations, way_side.member_xy)
    node_geoms = shapely.points(node_side.xy)
    way_ids, way_geoms, way_keep = _way_features(way_side.features)
    tags = _concat_tags([node_side.tags, way_side.feature_tags.subset(way_keep), rel_tags])
    stamps = [d for d in (node_side.newest, way_side.newest) if d is not None]
    newest = max(stamps) if stamps else None
    when = newest.isoformat() if newest and newest.timestamp() > 0 else ""
    addresses = first_of_each(pd.concat(
        [node_side.addresses, addresses_from_tags(_address_ways(way_side))], ignore_index=True))
    return ReadResult(nodes, segments, ways, [*node_side.ids, *way_ids, *rel_ids],
                      np.concatenate([node_geoms, way_geoms, rel_geoms]), tags, when,
                      addresses, node_side.places)


def _address_ways(way_side: _WaySide) -> list[tuple[dict[str, str], float, float]]:
    """Address ways at the mean of their located nodes; ways with none are left out.

    ``numpy.mean`` per way (its pairwise sums differ in the last bit from a running
    sum), so each centre is the one a per-way reader gives.
    """
    xy = way_side.address_ways.xy
    bounds = way_side.address_ways.offsets().tolist()
    out = []
    for tags, a, b in zip(way_side.address_tags, bounds[:-1], bounds[1:], strict=True):
        points = xy[a:b]
        points = points[~np.isnan(points[:, 0])]
        if len(points):
            lon, lat = np.mean(points, axis=0)
            out.append((tags, float(lon), float(lat)))
    return out


def _segments(streets: _opl.WayArrays) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cut ways into segments between consecutive nodes; drop pieces with a missing node."""
    refs, xy = streets.refs, streets.xy
    offsets = streets.offsets()
    way_of = np.repeat(streets.ids, np.diff(offsets))
    last = np.zeros(len(refs), dtype=bool)
    last[offsets[1:][np.diff(offsets) > 0] - 1] = True
    valid = ~np.isnan(xy[:, 0])
    a = np.flatnonzero(~last[:-1] if len(refs) else np.empty(0, bool))
    keep = valid[a] & valid[a + 1] & (refs[a] != refs[a + 1])
    a = a[keep]
    segments = pd.DataFrame({"u": refs[a], "v": refs[a + 1], "way": way_of[a]})
    used = np.column_stack([a, a + 1]).ravel()  # u0, v0, u1, v1...: order of first use
    first = np.sort(np.unique(refs[used], return_index=True)[1])
    coords = xy[used[first]]
    nodes = pd.DataFrame({"lon": coords[:, 0], "lat": coords[:, 1]}, index=refs[used[first]])
    return nodes, segments


def _way_features(ways: _opl.WayArrays) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Closed ways with 4+ nodes, all located, as polygons; others as lines of their
    located nodes (2 or more); ways with fewer located nodes are dropped (``keep``)."""
    refs, xy = ways.refs, ways.xy
    offsets = ways.offsets()
    counts = np.diff(offsets)
    way_of = np.repeat(np.arange(len(counts)), counts)
    located = ~np.isnan(xy[:, 0])
    n_located = np.bincount(way_of[located], minlength=len(counts))
    nonempty = counts > 0
    closed = np.zeros(len(counts), dtype=bool)
    closed[nonempty] = refs[offsets[:-1][nonempty]] == refs[offsets[1:][nonempty] - 1]
    polygon = closed & (n_located == counts) & (counts >= 4)
    line = ~polygon & (n_located >= 2)
    geoms = np.empty(len(counts), dtype=object)
    in_poly = polygon[way_of]
    if polygon.any():
        rings = shapely.linearrings(xy[in_poly], indices=(np.cumsum(polygon) - 1)[way_of[in_poly]])
        geoms[polygon] = shapely.polygons(rings)
    in_line = line[way_of] & located
    if line.any():
        line_no = (np.cumsum(line) - 1)[way_of[in_line]]
        geoms[line] = shapely.linestrings(xy[in_line], indices=line_no)
    keep = polygon | line
    ids = [f"w{i}" for i in ways.ids[keep].tolist()]
    return ids, geoms[keep], keep


def _relation_areas(relations: Relations,
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


def _concat_tags(tables: list[TagTable]) -> TagTable:
    """Stack tag tables of consecutive object lists (vocabularies merged)."""
    keys: dict[str, int] = {}
    values: dict[str, int] = {}
    rows, kcodes, vcodes, start = [], [], [], 0
    for t in tables:
        kmap = np.array([keys.setdefault(k, len(keys)) for k in t.keys], dtype=np.int32)
        vmap = np.array([values.setdefault(v, len(values)) for v in t.values], dtype=np.int32)
        rows.append(t.row + start)
        kcodes.append(kmap[t.key] if len(t.key) else t.key)
        vcodes.append(vmap[t.value] if len(t.value) else t.value)
        start += t.n
    kv, vv = np.empty(len(keys), dtype=object), np.empty(len(values), dtype=object)
    kv[:], vv[:] = list(keys), list(values)
    return TagTable(start, np.concatenate(rows).astype(np.int32),
                    np.concatenate(kcodes).astype(np.int32),
                    np.concatenate(vcodes).astype(np.int32), kv, vv)
