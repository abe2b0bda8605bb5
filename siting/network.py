"""Walk and drive networks from OSM ways, and their connected pieces.

A :class:`Network` is a list of straight street segments in a metric CRS with a
cost for each direction (``inf`` where that direction is not allowed):

* walk: cost = length in metres, both directions always (pedestrians ignore
  one-way rules); combined foot/cycle paths are walkable unless ``foot=no``;
* drive: cost = travel time in seconds from ``maxspeed`` or the default speed
  of the road class (:data:`siting.settings.default_speed_kmh`); one-way rules
  bind; footways, paths and cycleways are not drivable.

Where points may meet a network (``Network.access``): on the walk network any
segment; on the drive network only a segment a car can both reach and leave --
both ends in the largest *strongly* connected piece (a one-way car-park exit,
a service road that only leads out or a street cut off at the edge of the
extract is not) -- and where a car can stop for the address beside it (not a
tunnel, a motorway or a ``motorroad=yes`` road; cars still drive through them).
How points meet these segments is :mod:`siting.snap`'s business.

Segment lengths are planar lengths in the analysis CRS (EUREF89 UTM), within
0.05 % of ground distance in Norway's UTM zones.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyproj
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from . import settings
from ._segindex import SegmentIndex
from .osm import OsmData
from .text import said, t

if TYPE_CHECKING:
    from .snap import Snap

__all__ = [
    "DRIVE_CLASSES", "WALK_CLASSES", "Network", "analysis_crs_for", "crs_for",
    "drive_network", "network_from_osm", "walk_network",
]

log = logging.getLogger(__name__)

WALK_CLASSES = frozenset({
    "footway", "path", "steps", "pedestrian", "living_street", "residential", "service",
    "unclassified", "tertiary", "tertiary_link", "secondary", "secondary_link", "primary",
    "primary_link", "trunk", "trunk_link", "track", "cycleway", "road", "bridleway",
    "corridor",
})
DRIVE_CLASSES = frozenset({
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
    "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
    "residential", "living_street", "service", "road",
})
NO_ACCESS = frozenset({"no", "private", "use_sidepath", "discouraged"})
YES_ACCESS = frozenset({"yes", "designated", "permissive", "destination", "official"})


#: Guards what a network derives and keeps: a prepared study (with its networks'
#: caches) is shared by the app's sessions.
CACHE_LOCK = threading.Lock()
# what a network derives and keeps to be fast for one process (see Network.drop_caches);
# its segment indexes ("_index", "_index_all"), its twin segments ("_twins") and the
# snaps of its study's services ("_known") are kept when it is stored
_CACHES = ("_snap_memo",)


@dataclass
class Network:
    """A street network for one mode, in a metric CRS.

    Attributes
    ----------
    mode : str
        "walk" (costs in metres) or "drive" (costs in seconds).
    crs : str
        The metric analysis CRS of ``xy`` and ``length_m``.
    node_ids : numpy.ndarray
        OSM node id of each network node (int64).
    xy : numpy.ndarray
        Node coordinates, shape (n, 2), metres in ``crs``.
    u, v : numpy.ndarray
        Segment end node indices (segment drawn from ``u`` to ``v``).
    length_m : numpy.ndarray
        Segment length in metres.
    cost_fwd, cost_bwd : numpy.ndarray
        Cost of travelling u->v and v->u (metres or seconds); ``inf`` = forbidden.
    way : numpy.ndarray
        OSM way id of each segment.
    highway : numpy.ndarray
        ``highway`` class of each segment (object array of str).
    component : numpy.ndarray
        Connected-piece label of each node (weakly connected for drive).
    component_size : numpy.ndarray
        Number of nodes in each piece, indexed by label.
    core : numpy.ndarray
        Boolean per node: in the largest strongly connected piece (for walk, the
        largest connected piece), where every node can be reached from every other.
    access : numpy.ndarray
        Boolean per segment: points (plots, services, stations) may meet the
        network here (see the module docstring).
    """

    mode: str
    crs: str
    node_ids: np.ndarray
    xy: np.ndarray
    u: np.ndarray
    v: np.ndarray
    length_m: np.ndarray
    cost_fwd: np.ndarray
    cost_bwd: np.ndarray
    way: np.ndarray
    highway: np.ndarray
    component: np.ndarray
    component_size: np.ndarray
    core: np.ndarray
    access: np.ndarray

    @property
    def n_nodes(self) -> int:
        """Number of nodes."""
        return len(self.node_ids)

    def is_island(self, nodes: np.ndarray) -> np.ndarray:
        """Return True where a node lies on a small disconnected piece of network."""
        size = self.component_size[self.component[nodes]]
        share = size / max(self.n_nodes, 1)
        largest = size == self.component_size.max(initial=0)  # initial: empty network
        small = (share < settings.min_component_share) & (size < settings.min_component_nodes)
        return small & ~largest

    def segment_lines(self, edges: np.ndarray | None = None) -> np.ndarray:
        """Return the segments (or segments ``edges``) as shapely LineStrings in ``crs``
        (made on each call; snapping does not need them)."""
        u, v = (self.u, self.v) if edges is None else (self.u[edges], self.v[edges])
        return shapely.linestrings(np.stack([self.xy[u], self.xy[v]], axis=1))

    def drop_caches(self) -> None:
        """Forget the snaps this network remembers for this process (they may be of a
        user's plots); drop them before storing the network. Its segment indexes and
        known snaps (:meth:`know_snaps`) stay."""
        with CACHE_LOCK:
            for name in _CACHES:
                self.__dict__.pop(name, None)

    def twin_segments(self) -> np.ndarray:
        """Return a boolean per segment: True where another segment joins the same two
        nodes (in either direction).

        Only such segments can give parallel arcs, of which a cost matrix keeps the
        cheapest (:func:`siting.distances.sparse_min`); all others' arcs go in as
        they are. Found once per network (a sort of all segments) and stored with it.
        """
        with CACHE_LOCK:
            cached = self.__dict__.get("_twins")
            if cached is None:
                low, high = np.minimum(self.u, self.v), np.maximum(self.u, self.v)
                key = low.astype(np.int64) * max(self.n_nodes, 1) + high
                order = np.argsort(key, kind="stable")
                same = key[order][1:] == key[order][:-1]
                cached = np.zeros(len(key), dtype=bool)
                cached[order[1:][same]] = True
                cached[order[:-1][same]] = True
                self.__dict__["_twins"] = cached
        return cached

    def access_edges(self) -> np.ndarray:
        """Return the indices of the segments points may meet (see ``access``)."""
        return np.flatnonzero(self.access)

    def index(self, any_segment: bool = False) -> SegmentIndex:
        """Return the spatial index of the ``access`` segments (or of all of them).

        Built once per network, plain arrays, stored with the network (see
        :mod:`siting._segindex`).
        """
        name = "_index_all" if any_segment else "_index"
        with CACHE_LOCK:
            cached = self.__dict__.get(name)
            if cached is None:
                edges = np.arange(len(self.u)) if any_segment else self.access_edges()
                cached = SegmentIndex.build(self.xy, self.u, self.v, edges)
                self.__dict__[name] = cached
        return cached

    def tree(self, any_segment: bool = False) -> shapely.STRtree:
        """Return GEOS's spatial index of the ``access`` segments (or of all of them).

        Asked only where the segment index is unsure (:mod:`siting._segindex`):
        its choice among equally near segments is the one snapping has always
        made. Built on each call and not kept: a GEOS line per segment is large
        (355 MiB at 4x4 tiled Oslo, 1.45 GB at 8x8), and a process that kept it
        -- the app -- held it for good after one tie. Item ``k`` is segment
        ``access_edges()[k]`` (or ``k``).
        """
        # (only the lines it holds: at 4x4 the others would be 40 MiB more at its peak)
        return shapely.STRtree(self.segment_lines(None if any_segment else self.access_edges()))

    def know_snaps(self, geoms: np.ndarray, any_segment: bool = False) -> None:
        """Snap ``geoms`` now and keep each one's snap with the network.

        A prepared study does this for its services, so that a stored study snaps
        them by lookup (each geometry's snap depends on it and the network only).
        """
        geoms = np.asarray(geoms, dtype=object)
        geoms = geoms[~(shapely.is_missing(geoms) | shapely.is_empty(geoms))]
        wkb = shapely.to_wkb(geoms)
        _, first = np.unique(wkb, return_index=True)
        geoms, wkb = geoms[np.sort(first)], wkb[np.sort(first)]
        from .snap import snap_now  # (snap.py builds on this module)

        found = snap_now(self, geoms, any_segment)
        rows = dict(zip(wkb.tolist(), range(len(wkb)), strict=True))
        known = self.__dict__.setdefault("_known", {})
        known[(any_segment, settings.node_tolerance_m)] = (rows, found)

    def _known_snaps(self, wkb: np.ndarray,
                     any_segment: bool) -> tuple[np.ndarray, Snap] | None:
        """(row in the known snaps or -1, the known snaps) per WKB; None if none are known."""
        entry = self.__dict__.get("_known", {}).get((any_segment, settings.node_tolerance_m))
        if entry is None:
            return None
        rows, found = entry
        return np.array([rows.get(w, -1) for w in wkb.tolist()], dtype=np.int64), found


def analysis_crs_for(lon: float) -> str:
    """Return the EUREF89 UTM CRS for a longitude (zone 32 west of 12°E, else 33)."""
    if settings.analysis_crs:
        return settings.analysis_crs
    return "EPSG:25832" if lon < 12.0 else "EPSG:25833"


def crs_for(osm: OsmData) -> str:
    """The analysis CRS of ``osm``'s networks (:func:`analysis_crs_for` at its median node)."""
    return analysis_crs_for(float(osm.nodes["lon"].median()))


def walk_network(osm: OsmData, crs: str | None = None) -> Network:
    """Build the walk network: every way a Norwegian pedestrian may use."""
    return network_from_osm(osm, "walk", crs)


def drive_network(osm: OsmData, crs: str | None = None) -> Network:
    """Build the directed drive network with travel times from speed limits."""
    return network_from_osm(osm, "drive", crs)


def network_from_osm(osm: OsmData, mode: str, crs: str | None = None) -> Network:
    """Build the network of ``mode`` ("walk" or "drive") from OSM data."""
    ways = osm.ways
    if mode == "walk":
        allowed = _walkable(ways)
        fwd = bwd = allowed.to_numpy()
        speed = pd.Series(1.0, index=ways.index)
    else:
        allowed = _drivable(ways)
        fwd_s, bwd_s = _directions(ways)
        fwd, bwd = (allowed & fwd_s).to_numpy(), (allowed & bwd_s).to_numpy()
        speed = _speed_m_per_s(ways)
    pos = ways.index.get_indexer(osm.segments["way"].to_numpy())
    # a segment whose way is not in the tag table (-1) is dropped, not given the last way's tags
    keep = pos >= 0
    keep[keep] = fwd[pos[keep]] | bwd[pos[keep]]
    segs, pos = osm.segments[keep], pos[keep]
    crs = crs or crs_for(osm)
    node_ids, inverse = np.unique(
        np.concatenate([segs["u"].to_numpy(), segs["v"].to_numpy()]), return_inverse=True
    )
    u, v = inverse[: len(segs)], inverse[len(segs):]
    xy = _project(osm.nodes.loc[node_ids], crs)
    length = np.hypot(*(xy[u] - xy[v]).T)
    per_m = 1.0 / speed.to_numpy()[pos]
    cost_f = np.where(fwd[pos], length * per_m, np.inf)
    cost_b = np.where(bwd[pos], length * per_m, np.inf)
    comp, sizes = _components(u, v, len(node_ids))
    core = _core(u, v, cost_f, cost_b, len(node_ids))
    access = np.ones(len(u), dtype=bool)
    if mode == "drive":
        access = core[u] & core[v] & _can_stop(ways).to_numpy()[pos]
    net = Network(mode, crs, node_ids, xy, u, v, length, cost_f, cost_b,
                  segs["way"].to_numpy(), ways["highway"].to_numpy()[pos].astype(object),
                  comp, sizes, core, access)
    counts = {"nodes": net.n_nodes, "segments": len(u), "pieces": len(sizes),
              "largest": int(sizes.max(initial=0)), "core": int(core.sum()),
              "access": int(access.sum())}
    log.info("%s", t(f"log.network_{mode}", "en", **counts),
             extra=said(f"log.network_{mode}", **counts))
    return net


def _project(nodes: pd.DataFrame, crs: str) -> np.ndarray:
    transformer = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    x, y = transformer.transform(nodes["lon"].to_numpy(), nodes["lat"].to_numpy())
    return np.column_stack([x, y])


def _components(u: np.ndarray, v: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    graph = csr_matrix((np.ones(len(u)), (u, v)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels, np.bincount(labels)


def _core(u: np.ndarray, v: np.ndarray, cost_f: np.ndarray, cost_b: np.ndarray,
          n: int) -> np.ndarray:
    """Boolean per node: in the largest strongly connected piece of the directed arcs."""
    fwd, bwd = np.isfinite(cost_f), np.isfinite(cost_b)
    rows = np.concatenate([u[fwd], v[bwd]])
    cols = np.concatenate([v[fwd], u[bwd]])
    graph = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    _, labels = connected_components(graph, directed=True, connection="strong")
    sizes = np.bincount(labels)
    return labels == sizes.argmax() if n else np.zeros(0, dtype=bool)


def _can_stop(ways: pd.DataFrame) -> pd.Series:
    """True where a car can stop for an address beside the road.

    Not in a tunnel (``tunnel=yes``; a ``building_passage`` is fine), not on a
    motorway or its links, not on a ``motorroad=yes`` road.
    """
    highway = _tag(ways, "highway")
    return ~((_tag(ways, "tunnel") == "yes") | highway.isin({"motorway", "motorway_link"})
             | (_tag(ways, "motorroad") == "yes"))


def _tag(ways: pd.DataFrame, key: str) -> pd.Series:
    if key not in ways:
        return pd.Series("", index=ways.index)
    return ways[key].fillna("").astype(str).str.strip().str.lower()


def _walkable(ways: pd.DataFrame) -> pd.Series:
    highway, foot, access = _tag(ways, "highway"), _tag(ways, "foot"), _tag(ways, "access")
    ok = highway.isin(WALK_CLASSES) | ((highway == "pedestrian") & (_tag(ways, "area") == "yes"))
    ok &= ~foot.isin(NO_ACCESS)
    ok &= ~(access.isin(NO_ACCESS) & ~foot.isin(YES_ACCESS))
    ok &= ~(_tag(ways, "motorroad") == "yes")
    ok &= ~(_tag(ways, "service") == "private")
    return ok


def _drivable(ways: pd.DataFrame) -> pd.Series:
    highway, access = _tag(ways, "highway"), _tag(ways, "access")
    # the most specific tag decides (OSM access hierarchy): motorcar, motor_vehicle, vehicle
    motor = _tag(ways, "motorcar")
    motor = motor.where(motor != "", _tag(ways, "motor_vehicle"))
    motor = motor.where(motor != "", _tag(ways, "vehicle"))
    ok = highway.isin(DRIVE_CLASSES) & (_tag(ways, "area") != "yes")
    ok &= ~motor.isin(NO_ACCESS)
    ok &= ~(access.isin(NO_ACCESS) & ~motor.isin(YES_ACCESS))
    return ok


def _directions(ways: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    oneway, junction = _tag(ways, "oneway"), _tag(ways, "junction")
    implied = junction.isin({"roundabout", "circular"}) | (_tag(ways, "highway") == "motorway")
    forward_only = oneway.isin({"yes", "true", "1"}) | (
        implied & ~oneway.isin({"no", "-1", "reverse"})
    )
    backward_only = oneway.isin({"-1", "reverse"})
    return ~backward_only, ~forward_only


def parse_maxspeed(value: str) -> float | None:
    """Return a ``maxspeed`` tag as km/h, or None when it cannot be read.

    Handles "50", "50 mph", "NO:urban" (50), "NO:rural" (80) and lists such as
    "50;30" (the lowest value: a patrol cannot count on the higher one).
    """
    zones = {"no:urban": 50.0, "no:rural": 80.0, "no:motorway": 110.0, "walk": 6.0}
    speeds = []
    for part in str(value).lower().split(";"):
        part = part.strip()
        if part in zones:
            speeds.append(zones[part])
            continue
        match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(mph|km/h|kmh)?", part)
        if match:
            factor = 1.609344 if match.group(2) == "mph" else 1.0
            speeds.append(float(match.group(1)) * factor)
    positive = [s for s in speeds if s > 0]
    return min(positive) if positive else None


def _speed_m_per_s(ways: pd.DataFrame) -> pd.Series:
    highway = _tag(ways, "highway")
    default = highway.map(settings.default_speed_kmh).fillna(30.0)
    tagged = _tag(ways, "maxspeed").map(parse_maxspeed).astype(float)
    return tagged.fillna(default) / 3.6
