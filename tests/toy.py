"""A hand-computable toy town for the measuring engine (built in code, not read from a file).

Every node sits at an exact EPSG:25832 coordinate (metres from ``ORIGIN``); the
lon/lat stored in the :class:`~siting.osm.OsmData` are converted with pyproj so
that projecting back is exact to about 1e-9 m. The tests in ``test_analysis.py``
and ``test_network.py`` check the engine against numbers worked out by hand from
this sketch (x to the right, y up, metres)::

                         i1 ---- i2            island footway (y = 1200)
                         (300)   (400)

    n4 -------------- n5 -------------- n6     102 residential, no maxspeed (30 km/h)
    | \\               :                 | \\
    |   \\ 108 private :  107 cycleway   |   \\ 106 cycleway (foot allowed), 500 m
    |     \\ (90)      :  foot=no        |     n7  (1500, 400)
    |       \\         :                 |   /
    |         \\       :                 | / 105 footway, 500 m
    n1 -------------- n2 -------------- n3     101 primary, maxspeed=36 (10 m/s)
    |  (0,0)          (600,0)           (1200,0)
    m1 (-600,0) --- 109 motorway, oneway, maxspeed=none (default 100 km/h) --- n1

    103 (n1-n4): residential, maxspeed=NO:urban (50 km/h), 800 m
    104 (n3->n6): residential, oneway=yes, maxspeed="50;30" (30 km/h), 800 m

The numbers in the ``EXPECTED`` tables of the tests are derived in comments there.
"""

from __future__ import annotations

import functools
import itertools
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely
from shapely.geometry import Point, Polygon

from siting.analysis import Study, study_from_osm
from siting.osm import WAY_TAGS, OsmData, features_frame, osm_from_file
from siting.services import services_from_osm

CRS = "EPSG:25832"
ORIGIN = (597_000.0, 6_643_000.0)  # metres, EPSG:25832: central Oslo

_TO_LONLAT = pyproj.Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)

#: name -> (OSM id, x, y); x, y in metres from ORIGIN
NODES: dict[str, tuple[int, float, float]] = {
    "n1": (1001, 0.0, 0.0),
    "n2": (1002, 600.0, 0.0),
    "n3": (1003, 1200.0, 0.0),
    "n4": (1004, 0.0, 800.0),
    "n5": (1005, 600.0, 800.0),
    "n6": (1006, 1200.0, 800.0),
    "n7": (1007, 1500.0, 400.0),
    "m1": (1008, -600.0, 0.0),
    "i1": (1009, 300.0, 1200.0),
    "i2": (1010, 400.0, 1200.0),
}

#: (way id, node names in drawing order, tags)
WAYS: list[tuple[int, list[str], dict[str, str]]] = [
    (101, ["n1", "n2", "n3"], {"highway": "primary", "name": "Storgata", "maxspeed": "36"}),
    (102, ["n4", "n5", "n6"], {"highway": "residential", "name": "Øvre gate"}),
    (103, ["n1", "n4"], {"highway": "residential", "name": "Vestveien", "maxspeed": "NO:urban"}),
    (104, ["n3", "n6"], {"highway": "residential", "name": "Østveien", "oneway": "yes",
                         "maxspeed": "50;30"}),
    (105, ["n3", "n7"], {"highway": "footway"}),
    (106, ["n6", "n7"], {"highway": "cycleway"}),
    (107, ["n2", "n5"], {"highway": "cycleway", "foot": "no"}),
    (108, ["n4", "n2"], {"highway": "residential", "access": "private", "maxspeed": "90"}),
    (109, ["m1", "n1"], {"highway": "motorway", "oneway": "yes", "maxspeed": "none"}),
    (110, ["i1", "i2"], {"highway": "footway", "name": "Øysti"}),
]

#: Rotated square "supermarket" building: its corner (820, -20) is 20 m below Storgata.
REMA = Polygon([(820, -20), (840, -40), (820, -60), (800, -40)])

#: (osm id, tags, geometry in local metres); "Torget nord" comes before "Torget" on
#: purpose: both reach the street at n5, and the nearer one (Torget, 15 m) must be named.
FEATURES: list[tuple[str, dict[str, str], Any]] = [
    ("n201", {"amenity": "doctors", "name": "Legesenter"}, Point(1500, 400)),
    ("n202", {"highway": "bus_stop", "name": "Torget nord"}, Point(600, 840)),
    ("n203", {"highway": "bus_stop", "name": "Torget"}, Point(600, 815)),
    ("n204", {"public_transport": "platform", "bus": "yes", "name": "Øya"}, Point(380, 1190)),
    ("w205", {"shop": "supermarket", "building": "yes", "name": "Rema 1000"}, REMA),
    ("n206", {"shop": "convenience", "name": "Joker"}, Point(1050, 790)),
    ("n207", {"amenity": "police", "name": "Politistasjon"}, Point(0, -25)),
    ("n208", {"amenity": "bench"}, Point(100, 10)),
]

#: (plot id, name, geometry in local metres or None)
PLOTS: list[tuple[str, str, Any]] = [
    ("P1", "on node n5", Point(600, 800)),
    ("P2", "mid-segment of Storgata", Point(300, 0)),
    ("P3", "30 m north of Øvre gate", Point(900, 830)),
    ("P4", "diamond touching Øvre gate at (300, 800)",
     Polygon([(300, 800), (350, 850), (300, 900), (250, 850)])),
    ("P5", "300 m from any street", Point(600, 300)),
    ("P6", "10 m from the island", Point(350, 1190)),
    ("P7", "no coordinates", None),
    ("P8", "outside the network's hull", Point(-20, 400)),
    ("P9", "on the one-way Østveien", Point(1200, 400)),
]


def node_id(name: str) -> int:
    """Return the OSM id of a named toy node."""
    return NODES[name][0]


def xy(name: str) -> tuple[float, float]:
    """Return the absolute EPSG:25832 coordinates of a named toy node."""
    _, x, y = NODES[name]
    return ORIGIN[0] + x, ORIGIN[1] + y


def shift(geom: Any) -> Any:
    """Move a geometry drawn in local metres to absolute EPSG:25832 coordinates."""
    from shapely import affinity

    if geom is None:
        return None
    return affinity.translate(geom, ORIGIN[0], ORIGIN[1])


def to_lonlat(geom: Any) -> Any:
    """Convert a geometry in local metres to EPSG:4326 (lon, lat)."""
    if geom is None:
        return None
    return shapely.transform(
        geom, lambda x, y: _TO_LONLAT.transform(x + ORIGIN[0], y + ORIGIN[1]), interleaved=False)


def toy_osm(ways: list[tuple[int, list[str], dict[str, str]]] | None = None) -> OsmData:
    """Build the toy town as :class:`OsmData` (EPSG:4326), optionally with other ways."""
    return town_osm(NODES, WAYS if ways is None else ways, FEATURES, "toy town")


def town_osm(nodes: dict[str, tuple[int, float, float]],
             ways: list[tuple[int, list[str], dict[str, str]]],
             features: list[tuple[str, dict[str, str], Any]], name: str) -> OsmData:
    """Build a hand-drawn town (node names -> (OSM id, x, y) in local metres) as OsmData."""
    used = sorted({n for _, names, _ in ways for n in names}, key=lambda n: nodes[n][0])
    xs = np.array([ORIGIN[0] + nodes[n][1] for n in used])
    ys = np.array([ORIGIN[1] + nodes[n][2] for n in used])
    lon, lat = _TO_LONLAT.transform(xs, ys)
    frame = pd.DataFrame({"lon": lon, "lat": lat}, index=[nodes[n][0] for n in used])
    segments = pd.DataFrame(
        [(nodes[a][0], nodes[b][0], wid) for wid, names, _ in ways
         for a, b in itertools.pairwise(names)],
        columns=["u", "v", "way"],
    ).astype("int64")
    table = pd.DataFrame(
        [{"id": wid, **{key: tags.get(key) for key in WAY_TAGS}} for wid, _, tags in ways],
        columns=["id", *WAY_TAGS],
    ).set_index("id")
    found = features_frame([
        {"osm_id": oid, "tags": tags, "geometry": to_lonlat(geom)} for oid, tags, geom in features
    ])
    source = {"kind": "demo", "name": name, "sha256": "", "timestamp": "", "bbox": []}
    return OsmData(frame, segments, table, found, source)


def toy_plots(lonlat: bool = False) -> gpd.GeoDataFrame:
    """The toy plots in EPSG:25832 (exact coordinates), or in EPSG:4326 with ``lonlat``."""
    geoms = [to_lonlat(g) if lonlat else shift(g) for _, _, g in PLOTS]
    return gpd.GeoDataFrame(
        {"plot_id": [p for p, _, _ in PLOTS], "name": [n for _, n, _ in PLOTS]},
        geometry=geoms, crs="EPSG:4326" if lonlat else CRS,
    )


def one_way_osm(tags: dict[str, str]) -> OsmData:
    """OsmData of one 500 m way (a 3-4-5 diagonal, n1 -> (300, 400)) with ``tags``."""
    nodes_xy = np.array([ORIGIN, (ORIGIN[0] + 300.0, ORIGIN[1] + 400.0)])
    lon, lat = _TO_LONLAT.transform(nodes_xy[:, 0], nodes_xy[:, 1])
    nodes = pd.DataFrame({"lon": lon, "lat": lat}, index=[1, 2])
    segments = pd.DataFrame({"u": [1], "v": [2], "way": [7]}).astype("int64")
    ways = pd.DataFrame([{"id": 7, **{k: tags.get(k) for k in WAY_TAGS}}],
                        columns=["id", *WAY_TAGS]).set_index("id")
    return OsmData(nodes, segments, ways, features_frame([]))


@functools.lru_cache(maxsize=2)
def real_study(path: str) -> tuple[Study, gpd.GeoDataFrame]:
    """Read a real extract once per test session: its study and its OSM services."""
    osm = osm_from_file(path)
    return study_from_osm(osm), services_from_osm(osm.features)


# --- the police town: one-way streets, a car park and a dead end -------------------------------
#
# A second hand-drawn town for police reach (x to the right, y up, metres; every street
# maxspeed=36, so a car covers 10 m/s and seconds = metres / 10)::
#
#     N (0,500) ------ Nordgata 360 ------ M (360,500)
#     |                                    |
#     v Enveien, one-way N->J, 500         | Østgata 500
#     |        P (150,100) -- P2 (250,100) |         car-park aisle (service, two-way)
#     |        v car-park exit, one-way P->X, 100
#     J (0,0) -- X (150,0) --------------- K (360,0)   Storgata (primary: the main road)
#     |                                    |
#     | Vestveien                          v Sørveien, one-way K->S, 500
#     U (0,-250) --> D (200,-250)          |         Blindveien: one-way U->D, dead end
#     |                                    |
#     T (0,-500) ------ Sørgata 360 ------ S (360,-500)
#
# Every node but D (cars get in, not out) and P, P2 (cars get out, not in) lies in the
# largest strongly connected piece. The police station stands exactly on the junction K.
POLICE_NODES: dict[str, tuple[int, float, float]] = {
    "J": (2001, 0.0, 0.0), "X": (2002, 150.0, 0.0), "K": (2003, 360.0, 0.0),
    "N": (2004, 0.0, 500.0), "M": (2005, 360.0, 500.0), "S": (2006, 360.0, -500.0),
    "T": (2007, 0.0, -500.0), "U": (2008, 0.0, -250.0), "D": (2009, 200.0, -250.0),
    "P": (2010, 150.0, 100.0), "P2": (2011, 250.0, 100.0),
}
_R = {"highway": "residential", "maxspeed": "36"}
POLICE_WAYS: list[tuple[int, list[str], dict[str, str]]] = [
    (301, ["J", "X", "K"], {"highway": "primary", "maxspeed": "36", "name": "Storgata"}),
    (302, ["N", "J"], {**_R, "oneway": "yes", "name": "Enveien"}),
    (303, ["N", "M"], {**_R, "name": "Nordgata"}),
    (304, ["M", "K"], {**_R, "name": "Østgata"}),
    (305, ["K", "S"], {**_R, "oneway": "yes", "name": "Sørveien"}),
    (306, ["S", "T"], {**_R, "name": "Sørgata"}),
    (307, ["T", "U", "J"], {**_R, "name": "Vestveien"}),
    (308, ["U", "D"], {**_R, "oneway": "yes", "name": "Blindveien"}),
    (309, ["P", "X"], {"highway": "service", "maxspeed": "36", "oneway": "yes",
                       "service": "parking_aisle"}),
    (310, ["P2", "P"], {"highway": "service", "maxspeed": "36", "service": "parking_aisle"}),
]
POLICE_FEATURES: list[tuple[str, dict[str, str], Any]] = [
    ("n2101", {"amenity": "police", "name": "Politistasjonen"}, Point(360, 0)),
]


def police_osm() -> OsmData:
    """The police town as :class:`OsmData` (EPSG:4326)."""
    return town_osm(POLICE_NODES, POLICE_WAYS, POLICE_FEATURES, "police town")


def points_frame(points: dict[str, Any], **columns: list[Any]) -> gpd.GeoDataFrame:
    """Plots or services drawn in local metres, as a GeoDataFrame in EPSG:25832."""
    return gpd.GeoDataFrame({"plot_id": list(points), "name": list(points), **columns},
                            geometry=[shift(g) for g in points.values()], crs=CRS)
