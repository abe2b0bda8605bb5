"""The file reader behind :func:`siting.osm.osm_from_file`: one pass, no per-node Python.

osmium streams the file once with node locations; for each street way Python
takes the node ids and the coordinates as two bulk values (the way's WKB line,
built by osmium, and one list of ids), appends them to flat arrays, and
everything else -- cutting ways into segments, dropping pieces cut at the
extract's edge, building feature geometries -- is done with numpy and shapely
on the whole file at the end. Services mapped as multipolygon relations are
assembled from their member ways, which a scan of the file's relation blocks
(osmium skips the node and way blocks) names before the pass. The same pass
collects the address points (nodes, and ways at the mean of their located
nodes) and the named place nodes that label maps.

On a large file with a second core (see :func:`siting._parallel.call_forked`),
the nodes are read by a forked worker while this process reads the ways: the
same calls on the same objects, so the result is the one of the single pass
(a test compares them), in about two thirds of the time.
"""

from __future__ import annotations

import struct
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import osmium
import osmium.geom
import pandas as pd
import shapely

from ._parallel import call_forked, large_file
from ._tags import TagTable, TagTableBuilder
from .addresses import addresses_from_tags, first_of_each

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
_NAN_PAIR = struct.pack("<dd", np.nan, np.nan)
_WKB_FACTORY = osmium.geom.WKBFactory()


def is_feature(tags: Any) -> bool:
    """Return True for a candidate service: a bus stop or any :data:`FEATURE_KEYS` tag."""
    if tags.get("highway") == "bus_stop":
        return True
    return any(key in tags for key in FEATURE_KEYS)


class _Access:
    """Bulk access to an osmium object's node ids and tags.

    osmium's public iterators run a Python generator step per node and per tag;
    calling the underlying accessors directly is two to three times faster. The
    fast path is checked against the public one on a tiny in-memory file and
    dropped if a future osmium renames its internals.
    """

    def __init__(self) -> None:
        self.fast = False
        way: Any
        try:
            for way in osmium.FileProcessor(osmium.io.FileBuffer(_PROBE, "opl")):
                self.fast = (self._fast_refs(way.nodes) == [n.ref for n in way.nodes]
                             and self._fast_pairs(way.tags) == [(t.k, t.v) for t in way.tags]
                             and self._fast_is_feature(way.tags))
        except (AttributeError, TypeError, RuntimeError):
            self.fast = False

    def refs(self, nodes: Any) -> list[int]:
        """The way's node ids."""
        return self._fast_refs(nodes) if self.fast else [n.ref for n in nodes]

    def pairs(self, tags: Any) -> list[tuple[str, str]]:
        """The object's (key, value) tags."""
        return self._fast_pairs(tags) if self.fast else [(t.k, t.v) for t in tags]

    def is_feature(self, tags: Any) -> bool:
        """:func:`is_feature`, faster."""
        return self._fast_is_feature(tags) if self.fast else is_feature(tags)

    def getter(self, tags: Any) -> Callable[[str, str | None], str | None]:
        """A ``get(key, default)`` function over the object's tags."""
        return tags._pyosmium_data.tags_get_value_by_key if self.fast else tags.get

    def haskey(self, tags: Any) -> Callable[[str], bool]:
        """A ``has(key)`` function over the object's tags."""
        return tags._pyosmium_data.tags_has_key if self.fast else tags.__contains__

    def subset(self, tags: Any, keys: tuple[str, ...]) -> dict[str, str]:
        """The object's tags among ``keys``, as a dictionary."""
        get = self.getter(tags)
        found = {key: get(key, None) for key in keys}
        return {key: value for key, value in found.items() if value is not None}

    @staticmethod
    def _fast_refs(nodes: Any) -> list[int]:
        data, get = nodes._pyosmium_data, nodes._list.get
        return [get(data, i).ref for i in range(nodes._list.size(data))]

    @staticmethod
    def _fast_pairs(tags: Any) -> list[tuple[str, str]]:
        data = tags._pyosmium_data
        it, step = data.tags_begin(), data.tags_next
        return [tuple(step(it)) for _ in range(data.tags_size())]

    @staticmethod
    def _fast_is_feature(tags: Any) -> bool:
        data = tags._pyosmium_data
        if data.tags_get_value_by_key("highway", None) == "bus_stop":
            return True
        return any(map(data.tags_has_key, FEATURE_KEYS))


_PROBE = b"w1 v1 Tshop=bakery,name=B Nn1,n2,n3\n"


@dataclass
class _Ways:
    """Node ids and coordinates of many ways, concatenated (NaN where a node is missing)."""

    ids: array = field(default_factory=lambda: array("q"))
    counts: array = field(default_factory=lambda: array("q"))
    refs: array = field(default_factory=lambda: array("q"))
    hexes: list[str] = field(default_factory=list)  # coordinates: WKB payload, as hex

    def add(self, way_id: int, nodes: Any, refs: list[int]) -> None:
        self.ids.append(way_id)
        self.counts.append(len(refs))
        self.refs.extend(refs)
        try:
            line = _WKB_FACTORY.create_linestring(nodes, osmium.geom.ALL)
        except (osmium.InvalidLocationError, RuntimeError):  # cut at the edge, or one node
            self.hexes.append(_slow_coords(nodes))
        else:
            self.hexes.append(line[18:])  # skip byte order, type and point count

    def add_coords(self, nodes: Any) -> None:
        """Only the way's coordinates (no id, no node ids)."""
        self.counts.append(len(nodes))
        self.hexes.append(_member_hex(nodes))

    def coords(self) -> np.ndarray:
        """All coordinates as an (n, 2) lon/lat array."""
        raw = bytes.fromhex("".join(self.hexes))
        return np.frombuffer(raw, dtype="<f8").reshape(-1, 2).astype(float)

    def offsets(self) -> np.ndarray:
        return np.concatenate([[0], np.cumsum(np.frombuffer(self.counts, dtype=np.int64))])


def _slow_coords(nodes: Any) -> str:
    parts = []
    for n in nodes:
        loc = n.location
        parts.append(struct.pack("<dd", loc.lon, loc.lat) if loc.valid() else _NAN_PAIR)
    return b"".join(parts).hex()


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


class _Pass:
    """State of the one pass: streets, features, member ways of service relations."""

    def __init__(self, relations: dict[int, tuple[dict[str, str], list[tuple[int, str]]]]):
        self.relations = relations
        self.members = {ref for _, mem in relations.values() for ref, _ in mem}
        self.streets = _Ways()
        self.street_tags: dict[str, list[str | None]] = {k: [] for k in WAY_TAGS}
        self.intern: dict[str, str] = {}
        self.member_ways: dict[int, tuple[list[int], str]] = {}
        self.node_ids: list[str] = []
        self.node_xy = array("d")
        self.node_tags = TagTableBuilder()
        self.way_feats = _Ways()
        self.way_tags = TagTableBuilder()
        self.newest: datetime | None = None
        self.access = _Access()
        self.address_nodes: list[tuple[dict[str, str], float, float]] = []
        self.address_way_tags: list[dict[str, str]] = []
        self.address_ways = _Ways()  # coordinates only
        self.places: list[tuple[dict[str, str], float, float]] = []
        # what a worker made of the nodes, when one read them
        self.node_table: TagTable | None = None
        self.node_addresses: pd.DataFrame | None = None

    def stamp(self, obj: Any) -> None:
        when = obj.timestamp
        if when is not None and (self.newest is None or when > self.newest):
            self.newest = when

    def node(self, obj: Any) -> None:
        """A node with a street, service, address or place key."""
        tags = obj.tags
        has = self.access.haskey(tags)
        loc = obj.location
        feature = self.access.is_feature(tags)
        if feature or has("highway"):  # (a bus stop is a highway=* feature)
            self.stamp(obj)
            if feature and loc.valid():
                self.node_ids.append(f"n{obj.id}")
                self.node_xy.extend((loc.lon, loc.lat))
                self.node_tags.add(self.access.pairs(tags))
        if has("addr:housenumber") and loc.valid():
            self.address_nodes.append((self.access.subset(tags, ADDRESS_TAGS), loc.lon, loc.lat))
        if has("place") and loc.valid():
            self.places.append((self.access.subset(tags, ("place", "name")), loc.lon, loc.lat))

    def node_part(self) -> _NodePart:
        """What the nodes gave (for sending from a worker to the way pass)."""
        return _NodePart(self.node_ids, self.node_xy, self.node_tags.finish(),
                         addresses_from_tags(self.address_nodes), self.places, self.newest)

    def take_nodes(self, part: _NodePart) -> None:
        """Adopt the nodes a worker read (this pass read only the ways)."""
        self.node_ids, self.node_xy, self.node_table = part.ids, part.xy, part.tags
        self.node_addresses, self.places = part.addresses, part.places
        if part.newest is not None and (self.newest is None or part.newest > self.newest):
            self.newest = part.newest

    def way(self, obj: Any) -> None:
        """A way with a street, service or address key (osmium's filter let it through)."""
        tags, way_id = obj.tags, obj.id
        has = self.access.haskey(tags)
        nodes = obj.nodes
        if has("addr:housenumber"):
            self.address_way_tags.append(self.access.subset(tags, ADDRESS_TAGS))
            self.address_ways.add_coords(nodes)
        street, feature = has("highway"), self.access.is_feature(tags)
        if not (street or feature):
            if way_id in self.members:
                self.other_way(obj)
            return
        refs = self.access.refs(nodes)
        self.stamp(obj)
        if street:
            self.streets.add(way_id, nodes, refs)
            intern, get = self.intern, self.access.getter(tags)
            for key, column in self.street_tags.items():
                value = get(key, None)
                column.append(None if value is None else intern.setdefault(value, value))
        if feature:
            self.way_feats.add(way_id, nodes, refs)
            self.way_tags.add(self.access.pairs(tags))
        if way_id in self.members:
            self.member_ways[way_id] = (refs, self.streets.hexes[-1] if street else
                                        self.way_feats.hexes[-1] if feature else
                                        _member_hex(nodes))

    def other_way(self, obj: Any) -> None:
        """A way osmium's filter dropped: kept only as a member of a service relation."""
        if obj.id in self.members:
            self.member_ways[obj.id] = (self.access.refs(obj.nodes), _member_hex(obj.nodes))


@dataclass
class _NodePart:
    """The nodes' share of a pass: service nodes, address and place nodes, newest date."""

    ids: list[str]
    xy: array
    tags: TagTable
    addresses: pd.DataFrame  # (see siting.addresses.addresses_from_tags)
    places: list[tuple[dict[str, str], float, float]]
    newest: datetime | None


class _Members(osmium.SimpleHandler):
    """Receives the ways the key filter drops (no Python call for dropped nodes)."""

    def __init__(self, state: _Pass) -> None:
        super().__init__()
        self.state = state

    def way(self, obj: Any) -> None:
        """Hand the dropped way to the pass."""
        self.state.other_way(obj)


def _member_hex(nodes: Any) -> str:
    try:
        return _WKB_FACTORY.create_linestring(nodes, osmium.geom.ALL)[18:]
    except (osmium.InvalidLocationError, RuntimeError):
        return _slow_coords(nodes)


def _scan_relations(path: Path) -> dict[int, tuple[dict[str, str], list[tuple[int, str]]]]:
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


_READ_KEYS = ("highway", *FEATURE_KEYS, "addr:housenumber", "place")


def read_file(path: Path, *, split: bool | None = None) -> ReadResult:
    """Read streets and service features from ``path`` (see the module docstring).

    ``split`` reads the nodes in a forked worker (None: when the file is at least
    :data:`siting.settings.parallel_min_file_mb` and forking is safe).
    """
    nodes = call_forked(lambda: _node_pass(path)) if large_file(path, split) else None
    obj: Any
    try:
        state = _Pass(_scan_relations(path))  # (the worker reads nodes meanwhile)
        processor = (osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
                     .with_locations())
        if nodes is not None:  # the worker has the nodes: hand this loop ways only
            processor = processor.with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
        processor = processor.with_filter(osmium.filter.KeyFilter(*_READ_KEYS))
        if state.members:
            processor = processor.handler_for_filtered(_Members(state))
        for obj in processor:
            if obj.is_way():
                state.way(obj)
            else:
                state.node(obj)
    except BaseException:
        if nodes is not None:
            nodes.cancel()
        raise
    if nodes is not None:
        state.take_nodes(nodes.result())
    return _finish(state)


def _node_pass(path: Path) -> _NodePart:
    """The nodes' share of :func:`read_file`'s pass (run in a worker)."""
    state = _Pass({})  # (relations name member ways: none of a node's business)
    processor = (osmium.FileProcessor(str(path), osmium.osm.NODE)
                 .with_filter(osmium.filter.KeyFilter(*_READ_KEYS)))
    for obj in processor:
        state.node(obj)
    return state.node_part()


def _finish(state: _Pass) -> ReadResult:
    nodes, segments = _segments(state.streets)
    ways = pd.DataFrame(state.street_tags, index=pd.Index(
        np.frombuffer(state.streets.ids, dtype=np.int64), name="id"), columns=list(WAY_TAGS))
    ways = ways[ways.index.isin(segments["way"].unique())]
    ways.index.name = "id"
    rel_ids, rel_geoms, rel_tags = _relation_areas(state)
    node_geoms = shapely.points(np.frombuffer(state.node_xy, dtype=float).reshape(-1, 2))
    way_ids, way_geoms, way_keep = _way_features(state.way_feats)
    node_tags = state.node_tags.finish() if state.node_table is None else state.node_table
    tags = _concat_tags([node_tags, _subset(state.way_tags.finish(), way_keep),
                         rel_tags])
    newest = state.newest.isoformat() if state.newest and state.newest.timestamp() > 0 else ""
    node_addresses = (addresses_from_tags(state.address_nodes)
                      if state.node_addresses is None else state.node_addresses)
    addresses = first_of_each(pd.concat([node_addresses, addresses_from_tags(_address_ways(state))],
                                        ignore_index=True))
    return ReadResult(nodes, segments, ways, [*state.node_ids, *way_ids, *rel_ids],
                      np.concatenate([node_geoms, way_geoms, rel_geoms]), tags, newest,
                      addresses, state.places)


def _address_ways(state: _Pass) -> list[tuple[dict[str, str], float, float]]:
    """Address ways at the mean of their located nodes; ways with none are left out.

    ``numpy.mean`` per way (its pairwise sums differ in the last bit from a running
    sum), so each centre is the one a per-way reader gives.
    """
    ways = state.address_ways
    xy = ways.coords()
    bounds = ways.offsets().tolist()
    out = []
    for tags, a, b in zip(state.address_way_tags, bounds[:-1], bounds[1:], strict=True):
        points = xy[a:b]
        points = points[~np.isnan(points[:, 0])]
        if len(points):
            lon, lat = np.mean(points, axis=0)
            out.append((tags, float(lon), float(lat)))
    return out


def _segments(streets: _Ways) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cut ways into segments between consecutive nodes; drop pieces with a missing node."""
    refs = np.frombuffer(streets.refs, dtype=np.int64)
    xy = streets.coords()
    offsets = streets.offsets()
    way_of = np.repeat(np.frombuffer(streets.ids, dtype=np.int64), np.diff(offsets))
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


def _way_features(ways: _Ways) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Closed ways with 4+ nodes, all located, as polygons; others as lines of their
    located nodes (2 or more); ways with fewer located nodes are dropped (``keep``)."""
    refs = np.frombuffer(ways.refs, dtype=np.int64)
    xy = ways.coords()
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
    ids = [f"w{i}" for i in np.frombuffer(ways.ids, dtype=np.int64)[keep].tolist()]
    return ids, geoms[keep], keep


def _relation_areas(state: _Pass) -> tuple[list[str], np.ndarray, TagTable]:
    """Assemble each service relation from its member ways; skip one cut by the edge.

    Relations come in the order osmium completes them (by their last member way),
    so the features list is the same as osmium's area assembler gives.
    """
    ids, geoms, tag_rows = [], [], []
    done = sorted(state.relations.items(),
                  key=lambda item: (max((m for m, _ in item[1][1]), default=0), item[0]))
    for rel_id, (tags, members) in done:
        lines = []
        for ref, _role in members:
            found = state.member_ways.get(ref)
            if found is None:
                break
            xy = np.frombuffer(bytes.fromhex(found[1]), dtype="<f8").reshape(-1, 2)
            if np.isnan(xy).any() or len(xy) < 2:
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


def _subset(table: TagTable, keep: np.ndarray) -> TagTable:
    """Rows ``keep`` of ``table``, renumbered."""
    new_row = np.cumsum(keep) - 1
    sel = keep[table.row] if len(table.row) else np.empty(0, bool)
    return TagTable(int(keep.sum()), new_row[table.row[sel]].astype(np.int32),
                    table.key[sel], table.value[sel], table.keys, table.values)


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
