"""The file reader behind :func:`siting.osm.osm_from_file`: osmium picks, pyarrow reads.

One pass over the file. First the services mapped as multipolygon relations are
taken from the file's last blocks, where a sorted file keeps its relations
(:mod:`siting._pbf`; at 4x4 tiled Oslo 3.5 of 50 MB). Then osmium reads the file
once: its C++ filters pick the nodes, ways and relations with a read key
(``_READ_KEYS``) and write them, each way with its nodes' locations, to one
scratch file in OPL (in the system's temporary directory, about three times the
size of the ``.osm.pbf``, removed once read; too little room there is said before
anything is written). The relations' member ways are kept as they pass (a
Python call per way, none per node: osmium's id filter keeps a bitmap block per
id range, 1.6 GB for the members of tiled Oslo).

The pass also writes the relations it meets, so a file whose relations are not
all at its end is caught: if the pass met a service relation the last blocks did
not hold, the whole file is scanned for relations and read again. osmium writes
in the file's order; :func:`siting._opl.parts` finds each kind's stretch of
lines (and sorts out a file whose kinds interleave).

:mod:`siting._opl` parses the lines column-wise with pyarrow, so no Python runs
per street or node: the **node side** (the street, service, address and place
nodes) and the **way side** (streets cut into segments, pieces cut at the
extract's edge dropped, service ways and relations as geometries, address ways
at the mean of their located nodes). On a large file with a second core (see
:func:`siting._parallel.call_forked`) a forked worker takes the node side while
this process takes the way side; the same calls either way, so the same result
(a test compares them). At 4x4 tiled Oslo (50 MB) the read takes 4.2 s (2.7x
osmium's bare iteration over the same objects) where the object-by-object reader
took 6.8 s.
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

from . import _areas, _opl, _pbf
from ._areas import Relations
from ._memory import heap_while_reading
from ._parallel import call_forked, large_file
from ._tags import TagTable
from .addresses import ADDRESS_TAGS, addresses_from_columns, addresses_from_tags, first_of_each
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
_AREA_TYPES = frozenset({"multipolygon", "boundary"})  # the relations osmium builds areas from


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


def _scan_relations(source: Path | osmium.io.FileBuffer) -> Relations:
    """Service features mapped as multipolygon relations: tags and member ways (with role).

    ``source`` is the file, or the part of it that holds its relations (see
    :func:`siting._pbf.relation_tail`).
    """
    found = {}
    processor = osmium.FileProcessor(source, osmium.osm.RELATION).with_filter(
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
    """What the way side gives, ready to join the node side's: the street network,
    the service ways and relations, the address ways' points and the newest street
    or service way's date."""

    nodes: pd.DataFrame
    segments: pd.DataFrame
    ways: pd.DataFrame
    feature_ids: list[str]
    feature_geoms: np.ndarray
    feature_tags: TagTable
    addresses: pd.DataFrame
    newest: datetime | None


def read_file(path: Path, *, split: bool | None = None) -> ReadResult:
    """Read streets and service features from ``path`` (see the module docstring).

    ``split`` parses the nodes in a forked worker (None: when the file is at least
    :data:`siting.settings.parallel_min_file_mb` and forking is safe).
    """
    with heap_while_reading(), tempfile.TemporaryDirectory(prefix="siting-read-") as scratch:
        work = Path(scratch)
        _check_room(path, work)
        tail = _pbf.relation_tail(path)
        relations = _scan_relations(path if tail is None else osmium.io.FileBuffer(tail, "pbf"))
        parts, member_xy = _write_objects(path, work, relations)
        if tail is not None and not _all_found(parts["r"], relations):
            relations = _scan_relations(path)  # a service relation before the file's last blocks
            parts, member_xy = _write_objects(path, work, relations)
        nodes = call_forked(partial(_node_side, parts["n"])) if large_file(path, split) else None
        try:
            ways = _way_side(parts["w"], relations, member_xy)
        except BaseException:
            if nodes is not None:
                nodes.cancel()
            raise
        node_side = nodes.result() if nodes is not None else _node_side(parts["n"])
    return _finish(node_side, ways)


def _write_objects(path: Path, work: Path,
                   relations: Relations) -> tuple[dict[str, _opl.Part], dict[int, np.ndarray]]:
    """The one pass over the file: the nodes, ways and relations with a read key as OPL
    (ways with their nodes' locations), and the coordinates of the relations' member
    ways. Returns the parts of the OPL file by kind and the members' coordinates."""
    for old in work.iterdir():  # (a second pass starts afresh)
        old.unlink()
    members = _Members({ref for _, mem in relations.values() for ref, _ in mem})
    target = work / "objects.opl"
    _opl.write(path, target, osmium.osm.NODE | osmium.osm.WAY | osmium.osm.RELATION,
               [osmium.filter.KeyFilter(*_READ_KEYS)], locations=True,
               watch=members if members.wanted else None)
    return _opl.parts(target, work), members.xy


def _all_found(part: _opl.Part, relations: Relations) -> bool:
    """Whether every service relation among the relations written is in ``relations``."""
    objects = _opl.relation_table(part)
    kinds = objects.tags.column("type", None)
    service = np.array([kind in _AREA_TYPES for kind in kinds], dtype=bool)
    service &= np.logical_or.reduce([objects.tags.has(key) for key in FEATURE_KEYS])
    return set(objects.ids[service].tolist()) <= relations.keys()


#: Scratch space the reader needs, per byte of the file: its OPL file (3.0 at 4x4
#: tiled Oslo: 151 MB for a 50 MB ``.osm.pbf``), with a margin. (A file whose kinds
#: of object interleave needs twice that for a moment, when they are sorted out.)
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


def _node_side(part: _opl.Part) -> _NodeSide:
    """The nodes with a read key: service, street, address and place nodes."""
    nodes, xy = _opl.node_table(part)
    located = ~np.isnan(xy[:, 0])
    feature, street = nodes.is_feature(FEATURE_KEYS), nodes.tags.has("highway")
    service = feature & located
    address = np.flatnonzero(nodes.tags.has("addr:housenumber") & located)
    place = np.flatnonzero(nodes.tags.has("place") & located)
    address_tags = {key: nodes.tags.column(key, None)[address] for key in ADDRESS_TAGS}
    places = list(zip(nodes.subsets(place, ("place", "name")), xy[place, 0].tolist(),
                      xy[place, 1].tolist(), strict=True))
    return _NodeSide([f"n{i}" for i in nodes.ids[service].tolist()], xy[service],
                     nodes.tags.subset(service),
                     addresses_from_columns(address_tags, xy[address, 0].tolist(),
                                            xy[address, 1].tolist()), places,
                     nodes.newest(feature | street))


def _way_side(part: _opl.Part, relations: Relations,
              member_xy: dict[int, np.ndarray]) -> _WaySide:
    """The ways with a read key (streets, service ways, address ways) and the service
    relations, built from their member ways' coordinates."""
    ways = _opl.way_table(part)
    objects = ways.objects
    street, feature = objects.tags.has("highway"), objects.is_feature(FEATURE_KEYS)
    address = objects.tags.has("addr:housenumber")
    nodes, segments = _segments(ways.take(street))
    frame = pd.DataFrame({key: objects.tags.column(key, None)[street] for key in WAY_TAGS},
                         index=pd.Index(ways.ids[street].astype(np.int64), name="id"),
                         columns=list(WAY_TAGS))
    frame = frame[frame.index.isin(segments["way"].unique())]
    way_ids, way_geoms, way_keep = _way_features(ways.take(feature))
    rel_ids, rel_geoms, rel_tags = _areas.relation_areas(relations, member_xy)
    address_points = _address_ways(objects.subsets(np.flatnonzero(address), ADDRESS_TAGS),
                                   ways.take(address))
    return _WaySide(nodes, segments, frame, [*way_ids, *rel_ids],
                    np.concatenate([way_geoms, rel_geoms]),
                    _concat_tags([objects.tags.subset(feature).subset(way_keep), rel_tags]),
                    addresses_from_tags(address_points), objects.newest(street | feature))


class _Members(osmium.SimpleHandler):
    """Keeps the coordinates of the service relations' member ways, as the ways pass
    (a Python call per way; none per node).
    """

    def __init__(self, wanted: set[int]) -> None:
        super().__init__()
        self.wanted = wanted
        self.xy: dict[int, np.ndarray] = {}

    def way(self, obj: Any) -> None:
        """A way: kept if it is a member."""
        if obj.id in self.wanted:
            self.xy[obj.id] = np.array(
                [(n.lon, n.lat) if n.location.valid() else (np.nan, np.nan) for n in obj.nodes],
                dtype=float).reshape(-1, 2)


def _finish(node_side: _NodeSide, way_side: _WaySide) -> ReadResult:
    tags = _concat_tags([node_side.tags, way_side.feature_tags])
    stamps = [d for d in (node_side.newest, way_side.newest) if d is not None]
    newest = max(stamps) if stamps else None
    when = newest.isoformat() if newest and newest.timestamp() > 0 else ""
    addresses = first_of_each(pd.concat([node_side.addresses, way_side.addresses],
                                        ignore_index=True))
    return ReadResult(way_side.nodes, way_side.segments, way_side.ways,
                      [*node_side.ids, *way_side.feature_ids],
                      np.concatenate([shapely.points(node_side.xy), way_side.feature_geoms]),
                      tags, when, addresses, node_side.places)


def _address_ways(tags: list[dict[str, str]],
                  ways: _opl.WayArrays) -> list[tuple[dict[str, str], float, float]]:
    """Address ways at the mean of their located nodes; ways with none are left out.

    ``numpy.mean`` per way (its pairwise sums differ in the last bit from a running
    sum), so each centre is the one a per-way reader gives.
    """
    bounds = ways.offsets().tolist()
    out = []
    for way_tags, a, b in zip(tags, bounds[:-1], bounds[1:], strict=True):
        points = ways.xy[a:b]
        points = points[~np.isnan(points[:, 0])]
        if len(points):
            lon, lat = np.mean(points, axis=0)
            out.append((way_tags, float(lon), float(lat)))
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
    first = np.flatnonzero(~pd.Series(refs[used]).duplicated().to_numpy())
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
