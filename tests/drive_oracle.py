"""An independent directed drive graph of an OSM extract, for the police oracle tests.

Built straight from the file with pyosmium -- not through :mod:`siting.osm` or
:mod:`siting.network` -- with its own plain-Python reading of the tag rules the
README states (drivable classes, the most specific of ``motorcar`` /
``motor_vehicle`` / ``vehicle`` against ``access``, one-way rules with
roundabouts and motorways one-way by default, ``maxspeed`` with Norwegian zone
values and the lowest of a list, else the class default), planar lengths in the
analysis CRS, and a networkx ``DiGraph`` restricted to its largest strongly
connected component by networkx itself. Only the table of default speeds per
road class is shared with the engine: it is a setting, not code.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np
import osmium
import pyproj
import shapely

from siting import settings

DRIVABLE = {
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
    "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
    "residential", "living_street", "service", "road",
}
NO = {"no", "private", "use_sidepath", "discouraged"}
YES = {"yes", "designated", "permissive", "destination", "official"}
ZONES = {"no:urban": 50.0, "no:rural": 80.0, "no:motorway": 110.0, "walk": 6.0}


@dataclass
class Segment:
    """One drivable piece of a way between consecutive nodes (OSM ids)."""

    a: int
    b: int
    length: float
    fwd: float  # seconds a -> b, inf if forbidden
    bwd: float
    highway: str
    can_stop: bool


@dataclass
class DriveOracle:
    """The independent drive graph and what the tests need around it."""

    xy: dict[int, tuple[float, float]]
    segments: list[Segment]
    graph: nx.DiGraph = field(default_factory=nx.DiGraph)  # largest SCC only
    core: set[int] = field(default_factory=set)

    def usable(self) -> list[Segment]:
        """Segments a plot may meet: both ends in the core, a car may stop there."""
        return [s for s in self.segments if s.a in self.core and s.b in self.core and s.can_stop]


def _value(tags: dict[str, str], key: str) -> str:
    return tags.get(key, "").strip().lower()


def _drivable(tags: dict[str, str]) -> bool:
    if _value(tags, "highway") not in DRIVABLE or _value(tags, "area") == "yes":
        return False
    motor = next((v for v in (_value(tags, k) for k in ("motorcar", "motor_vehicle", "vehicle"))
                  if v), "")
    if motor in NO:
        return False
    return not (_value(tags, "access") in NO and motor not in YES)


def _directions(tags: dict[str, str]) -> tuple[bool, bool]:
    oneway = _value(tags, "oneway")
    if oneway in ("yes", "true", "1"):
        return True, False
    if oneway in ("-1", "reverse"):
        return False, True
    implied = (_value(tags, "junction") in ("roundabout", "circular")
               or _value(tags, "highway") == "motorway")
    return True, not (implied and oneway != "no")


def _kmh(tags: dict[str, str]) -> float:
    found = []
    for part in _value(tags, "maxspeed").split(";"):
        part = part.strip()
        if part in ZONES:
            found.append(ZONES[part])
        elif m := re.fullmatch(r"(\d+(?:\.\d+)?)\s*(mph|km/h|kmh)?", part):
            found.append(float(m[1]) * (1.609344 if m[2] == "mph" else 1.0))
    found = [f for f in found if f > 0]
    return min(found) if found else settings.default_speed_kmh.get(_value(tags, "highway"), 30.0)


def _can_stop(tags: dict[str, str]) -> bool:
    return not (_value(tags, "tunnel") == "yes" or _value(tags, "motorroad") == "yes"
                or _value(tags, "highway") in ("motorway", "motorway_link"))


def drive_oracle(path: str | Path, crs: str) -> DriveOracle:
    """Read ``path`` with pyosmium and build the independent drive graph in ``crs``."""
    to_crs = pyproj.Transformer.from_crs("EPSG:4326", crs, always_xy=True)
    xy: dict[int, tuple[float, float]] = {}
    segments: list[Segment] = []
    objects = (osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
               .with_locations().with_filter(osmium.filter.KeyFilter("highway")))
    for way in objects:
        if not isinstance(way, osmium.osm.Way):
            continue
        tags = dict(way.tags)
        if not _drivable(tags):
            continue
        fwd, bwd = _directions(tags)
        per_m = 3.6 / _kmh(tags)
        refs = [(n.ref, n.location) for n in way.nodes]
        for (ra, la), (rb, lb) in itertools.pairwise(refs):
            if not (la.valid() and lb.valid()) or ra == rb:
                continue  # cut at the extract's edge
            for ref, loc in ((ra, la), (rb, lb)):
                if ref not in xy:
                    xy[ref] = to_crs.transform(loc.lon, loc.lat)
            length = math.dist(xy[ra], xy[rb])
            segments.append(Segment(ra, rb, length, length * per_m if fwd else math.inf,
                                    length * per_m if bwd else math.inf,
                                    _value(tags, "highway"), _can_stop(tags)))
    oracle = DriveOracle(xy, segments)
    full = nx.DiGraph()
    for s in segments:
        for u, v, w in ((s.a, s.b, s.fwd), (s.b, s.a, s.bwd)):
            if math.isfinite(w) and (not full.has_edge(u, v) or full[u][v]["weight"] > w):
                full.add_edge(u, v, weight=w)
    oracle.core = max(nx.strongly_connected_components(full), key=len)
    oracle.graph = full.subgraph(oracle.core).copy()
    return oracle


def random_plots(oracle: DriveOracle, n: int, seed: int, near: float = 5.0,
                 far: float = 40.0) -> list[shapely.Point]:
    """``n`` points ``near``-``far`` metres from the nearest drivable street (fixed seed).

    A point is dropped beside a random drivable segment (chance in proportion to
    its length) at a random distance and side, and kept only if its nearest
    drivable street of any kind is within the range.
    """
    rng = np.random.default_rng(seed)
    lines = np.array([shapely.LineString([oracle.xy[s.a], oracle.xy[s.b]])
                      for s in oracle.segments])
    lengths = np.array([s.length for s in oracle.segments])
    tree = shapely.STRtree(lines)
    out: list[shapely.Point] = []
    while len(out) < n:
        k = int(rng.choice(len(lines), p=lengths / lengths.sum()))
        a, b = np.array(oracle.xy[oracle.segments[k].a]), np.array(oracle.xy[oracle.segments[k].b])
        if lengths[k] <= 0:
            continue
        normal = np.array([a[1] - b[1], b[0] - a[0]]) / lengths[k]
        spot = a + rng.uniform() * (b - a) + normal * rng.uniform(near, far) * rng.choice([-1, 1])
        point = shapely.Point(spot)
        gap = shapely.distance(point, lines[tree.query_nearest(point)[0]])
        if near <= gap <= far:
            out.append(point)
    return out
