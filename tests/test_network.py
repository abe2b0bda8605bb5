"""Walk and drive networks, access rules and speeds, and snapping to them
(:mod:`siting.snap`), on hand-made data."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, Polygon
from toy import NODES, ORIGIN, REMA, WAYS, node_id, one_way_osm, shift, toy_osm, xy

from siting import settings
from siting.network import Network, analysis_crs_for, drive_network, parse_maxspeed, walk_network
from siting.snap import snap


def seg(net: Network, a: str, b: str) -> int:
    """Index of the segment drawn from toy node ``a`` to ``b``."""
    ids = net.node_ids
    hit = np.flatnonzero((ids[net.u] == node_id(a)) & (ids[net.v] == node_id(b)))
    assert len(hit) == 1, (a, b)
    return int(hit[0])


@pytest.fixture(scope="module")
def walk() -> Network:
    return walk_network(toy_osm())


@pytest.fixture(scope="module")
def drive() -> Network:
    return drive_network(toy_osm())


# --- maxspeed --------------------------------------------------------------------------

@pytest.mark.parametrize(("tag", "kmh"), [
    ("50", 50.0),
    (" 60 ", 60.0),
    ("50 km/h", 50.0),
    ("80kmh", 80.0),
    ("30 mph", 30 * 1.609344),  # 48.28032 km/h
    ("NO:urban", 50.0),
    ("no:rural", 80.0),
    ("NO:motorway", 110.0),
    ("walk", 6.0),
    ("50;30", 30.0),  # the lowest of a list
    ("60; NO:urban", 50.0),
    ("7.5", 7.5),
    ("none", None),
    ("signals", None),
    ("variable", None),
    ("0", None),
    ("", None),
    ("50 knots", None),
])
def test_parse_maxspeed(tag: str, kmh: float | None) -> None:
    got = parse_maxspeed(tag)
    if kmh is None:
        assert got is None
    else:
        assert got == pytest.approx(kmh, rel=1e-12)


# --- who may use which way --------------------------------------------------------------

@pytest.mark.parametrize(("tags", "walkable", "drive_fwd", "drive_bwd"), [
    ({"highway": "footway"}, True, False, False),
    ({"highway": "footway", "oneway": "yes"}, True, False, False),
    ({"highway": "cycleway"}, True, False, False),  # gang- og sykkelvei: walkable
    ({"highway": "cycleway", "foot": "designated"}, True, False, False),
    ({"highway": "cycleway", "foot": "no"}, False, False, False),
    ({"highway": "path", "foot": "use_sidepath"}, False, False, False),
    ({"highway": "steps"}, True, False, False),
    ({"highway": "pedestrian"}, True, False, False),
    ({"highway": "pedestrian", "area": "yes"}, True, False, False),
    ({"highway": "track"}, True, False, False),
    ({"highway": "construction"}, False, False, False),
    ({"highway": "proposed"}, False, False, False),
    ({"highway": "platform"}, False, False, False),
    ({"highway": "residential"}, True, True, True),
    ({"highway": "living_street"}, True, True, True),
    ({"highway": " Residential ", "oneway": "YES"}, True, True, False),  # case and blanks
    ({"highway": "residential", "oneway": "yes"}, True, True, False),  # walkers ignore it
    ({"highway": "residential", "oneway": "1"}, True, True, False),
    ({"highway": "residential", "oneway": "-1"}, True, False, True),
    ({"highway": "residential", "oneway": "no"}, True, True, True),
    ({"highway": "residential", "junction": "roundabout"}, True, True, False),
    ({"highway": "residential", "junction": "roundabout", "oneway": "no"}, True, True, True),
    ({"highway": "residential", "area": "yes"}, True, False, False),
    ({"highway": "residential", "access": "private"}, False, False, False),
    ({"highway": "residential", "access": "private", "foot": "yes"}, True, False, False),
    ({"highway": "residential", "access": "no", "motor_vehicle": "yes"}, False, True, True),
    ({"highway": "residential", "access": "destination"}, True, True, True),
    ({"highway": "residential", "motor_vehicle": "no"}, True, False, False),
    ({"highway": "residential", "vehicle": "no"}, True, False, False),
    # the most specific tag wins: cars may use it although other motor vehicles may not
    ({"highway": "residential", "motor_vehicle": "no", "motorcar": "yes"}, True, True, True),
    ({"highway": "service", "service": "private"}, False, True, True),
    ({"highway": "motorway", "oneway": "yes"}, False, True, False),
    ({"highway": "trunk", "motorroad": "yes"}, False, True, True),
    ({"highway": "trunk"}, True, True, True),
])
def test_access_rules(tags: dict[str, str], walkable: bool, drive_fwd: bool,
                      drive_bwd: bool) -> None:
    osm = one_way_osm(tags)  # one 500 m segment (3-4-5 diagonal)
    w, d = walk_network(osm), drive_network(osm)
    assert len(w.u) == int(walkable)
    if walkable:  # walking: 500 m both ways, whatever the one-way tags say
        assert w.length_m[0] == pytest.approx(500.0, abs=1e-6)
        assert w.cost_fwd[0] == w.cost_bwd[0] == w.length_m[0]
    assert len(d.u) == int(drive_fwd or drive_bwd)
    if len(d.u):
        assert np.isfinite(d.cost_fwd[0]) == drive_fwd
        assert np.isfinite(d.cost_bwd[0]) == drive_bwd


@pytest.mark.parametrize(("tags", "seconds"), [
    # 500 m at the posted or default speed: t = 500 / (kmh / 3.6)
    ({"highway": "primary", "maxspeed": "36"}, 50.0),  # 10 m/s
    ({"highway": "primary"}, 30.0),  # default 60 km/h
    ({"highway": "residential"}, 60.0),  # default 30 km/h
    ({"highway": "service"}, 90.0),  # default 20 km/h
    ({"highway": "living_street"}, 225.0),  # default 8 km/h
    ({"highway": "unclassified"}, 45.0),  # default 40 km/h
    ({"highway": "motorway", "maxspeed": "none", "oneway": "no"}, 18.0),  # default 100 km/h
    ({"highway": "tertiary", "maxspeed": "NO:urban"}, 36.0),  # 50 km/h
    ({"highway": "secondary", "maxspeed": "50;30"}, 60.0),  # 30 km/h
    ({"highway": "trunk", "maxspeed": "30 mph"}, 500 / (30 * 1.609344 / 3.6)),
    ({"highway": "road", "maxspeed": "signals"}, 60.0),  # unreadable: default 30 km/h
])
def test_drive_time(tags: dict[str, str], seconds: float) -> None:
    d = drive_network(one_way_osm(tags))
    assert d.cost_fwd[0] == pytest.approx(seconds, rel=1e-12)
    assert d.cost_bwd[0] == pytest.approx(seconds, rel=1e-12)


def test_motorway_is_one_way_unless_tagged_otherwise() -> None:
    d = drive_network(one_way_osm({"highway": "motorway"}))  # OSM implies oneway=yes
    assert d.cost_fwd[0] == pytest.approx(18.0, rel=1e-12)  # 500 m at 100 km/h
    assert np.isinf(d.cost_bwd[0])


def test_default_speeds_are_read_at_call_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(settings.default_speed_kmh, "residential", 18.0)  # 5 m/s
    d = drive_network(one_way_osm({"highway": "residential"}))
    assert d.cost_fwd[0] == pytest.approx(100.0, rel=1e-12)


def test_segment_of_an_untagged_way_is_dropped() -> None:
    osm = toy_osm()
    osm.ways = osm.ways.drop(index=[110])  # the island footway loses its tag row
    w = walk_network(osm)
    assert 110 not in set(w.way)
    assert node_id("i1") not in set(w.node_ids)
    assert len(w.u) == 8


# --- the toy town's networks --------------------------------------------------------------

def test_walk_network_of_toy(walk: Network) -> None:
    assert walk.mode == "walk"
    assert walk.crs == "EPSG:25832"
    assert sorted(set(walk.way)) == [101, 102, 103, 104, 105, 106, 110]
    assert sorted(walk.node_ids) == sorted(
        node_id(n) for n in ("n1", "n2", "n3", "n4", "n5", "n6", "n7", "i1", "i2"))
    # coordinates come back exactly (lon/lat were made from them)
    for name in ("n1", "n7", "i2"):
        k = int(np.flatnonzero(walk.node_ids == node_id(name))[0])
        assert walk.xy[k] == pytest.approx(xy(name), abs=1e-6)
    lengths = {  # 600/800 sides, 500 = 3-4-5 diagonals, 100 island
        ("n1", "n2"): 600, ("n2", "n3"): 600, ("n4", "n5"): 600, ("n5", "n6"): 600,
        ("n1", "n4"): 800, ("n3", "n6"): 800, ("n3", "n7"): 500, ("n6", "n7"): 500,
        ("i1", "i2"): 100,
    }
    assert len(walk.u) == len(lengths)
    for (a, b), metres in lengths.items():
        k = seg(walk, a, b)
        assert walk.length_m[k] == pytest.approx(metres, abs=1e-6)
        assert walk.cost_fwd[k] == walk.cost_bwd[k] == walk.length_m[k]
    assert walk.highway[seg(walk, "n6", "n7")] == "cycleway"
    assert walk.highway[seg(walk, "n1", "n2")] == "primary"
    # two pieces: the town (7 nodes) and the island (2 nodes)
    assert sorted(walk.component_size) == [2, 7]


def test_drive_network_of_toy(drive: Network) -> None:
    assert drive.mode == "drive"
    assert sorted(set(drive.way)) == [101, 102, 103, 104, 109]
    times = {  # seconds forward, backward
        ("n1", "n2"): (60.0, 60.0),  # 600 m at 36 km/h = 10 m/s
        ("n2", "n3"): (60.0, 60.0),
        ("n4", "n5"): (72.0, 72.0),  # 600 m at the default 30 km/h = 8.33 m/s
        ("n5", "n6"): (72.0, 72.0),
        ("n1", "n4"): (57.6, 57.6),  # 800 m at NO:urban = 50 km/h: 800 * 3.6 / 50
        ("n3", "n6"): (96.0, math.inf),  # 800 m at min(50, 30) km/h, one-way north
        ("m1", "n1"): (21.6, math.inf),  # 600 m at the motorway default 100 km/h, one-way
    }
    assert len(drive.u) == len(times)
    for (a, b), (fwd, bwd) in times.items():
        k = seg(drive, a, b)
        assert drive.cost_fwd[k] == pytest.approx(fwd, rel=1e-9)
        assert drive.cost_bwd[k] == pytest.approx(bwd, rel=1e-9)
    assert node_id("n7") not in set(drive.node_ids)  # footway and cycleway only
    assert sorted(drive.component_size) == [7]


def test_islands(walk: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    nodes = np.arange(walk.n_nodes)
    on_island = np.isin(walk.node_ids, [node_id("i1"), node_id("i2")])
    # default: a piece is an island below 5 % of all nodes; 2 of 9 is 22 %
    assert not walk.is_island(nodes).any()
    monkeypatch.setattr(settings, "min_component_share", 0.25)
    assert (walk.is_island(nodes) == on_island).all()
    # ... unless the piece has at least min_component_nodes nodes
    monkeypatch.setattr(settings, "min_component_nodes", 2)
    assert not walk.is_island(nodes).any()


def test_empty_network_is_usable() -> None:
    d = drive_network(one_way_osm({"highway": "footway"}))
    assert d.n_nodes == 0 and len(d.u) == 0
    assert d.is_island(np.empty(0, np.int64)).shape == (0,)
    assert snap(d, np.array([Point(*ORIGIN)])).edge.tolist() == [-1]


@pytest.mark.parametrize(("lon", "crs"), [(10.75, "EPSG:25832"), (5.3, "EPSG:25832"),
                                          (12.5, "EPSG:25833"), (18.9, "EPSG:25833")])
def test_analysis_crs(lon: float, crs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert analysis_crs_for(lon) == crs
    monkeypatch.setattr(settings, "analysis_crs", "EPSG:25835")
    assert analysis_crs_for(lon) == "EPSG:25835"


# --- snapping -------------------------------------------------------------------------------

def test_snap_points_and_polygons(walk: Network) -> None:
    geoms = np.array([shift(g) for g in (
        Point(300, 0),  # on Storgata, 300 m from n1
        Point(900, 830),  # 30 m north of Øvre gate, foot at (900, 800)
        Polygon([(300, 800), (350, 850), (300, 900), (250, 850)]),  # touches at (300, 800)
        REMA,  # corner (820, -20) is 20 m from Storgata
        Point(600, 300),  # 300 m north of n2 (the foot=no cycleway does not count)
        Point(350, 1190),  # 10 m south of the island footway
        Point(1380, 240),  # on the 3-4-5 footway n3 -> n7: (1200, 0) + 300 * (0.6, 0.8)
        Point(1380 + 40, 240 - 30),  # 50 m off it at right angles: 50 * (0.8, -0.6)
    )] + [None, Point()], dtype=object)
    s = snap(walk, geoms)
    expect = [  # segment, t (m from u), snap_m, access point (local metres)
        (("n1", "n2"), 300, 0, (300, 0)),
        (("n5", "n6"), 300, 30, (900, 800)),
        (("n4", "n5"), 300, 0, (300, 800)),
        (("n2", "n3"), 220, 20, (820, 0)),
        (None, None, 300, (600, 0)),  # n2: end of two segments, either will do
        (("i1", "i2"), 50, 10, (350, 1200)),
        (("n3", "n7"), 300, 0, (1380, 240)),
        (("n3", "n7"), 300, 50, (1380, 240)),
    ]
    for i, (segment, t, metres, (x, y)) in enumerate(expect):
        if segment is not None:
            assert s.edge[i] == seg(walk, *segment), i
            assert s.t[i] == pytest.approx(t, abs=1e-6), i
        assert s.snap_m[i] == pytest.approx(metres, abs=1e-6), i
        assert (s.x[i], s.y[i]) == pytest.approx((ORIGIN[0] + x, ORIGIN[1] + y), abs=1e-6), i
    assert s.edge[4] in (seg(walk, "n1", "n2"), seg(walk, "n2", "n3"))
    assert s.edge[-2:].tolist() == [-1, -1]  # missing and empty geometry
    assert np.isnan(s.t[-2:]).all() and np.isnan(s.snap_m[-2:]).all()


def test_snap_polygon_crossed_by_a_street(walk: Network) -> None:
    # a plot that a street runs through is reached at no cost
    plot = shift(shapely.box(250, -50, 350, 50))
    s = snap(walk, np.array([plot]))
    assert s.edge[0] == seg(walk, "n1", "n2")
    assert s.snap_m[0] == 0.0
    assert 250 - 1e-6 <= s.t[0] <= 350 + 1e-6


def test_toy_sketch_is_consistent() -> None:
    # every way of the sketch uses known nodes and no way repeats an id
    assert len({w for w, _, _ in WAYS}) == len(WAYS)
    assert {n for _, names, _ in WAYS for n in names} == set(NODES)


def test_drop_caches_forgets_remembered_snaps_and_keeps_the_index(walk: Network) -> None:
    index = walk.index()
    first = snap(walk, np.array([Point(*ORIGIN)]))
    assert walk.index() is index and "_snap_memo" in vars(walk)  # kept
    walk.drop_caches()
    assert "_snap_memo" not in vars(walk) and walk.index() is index
    again = snap(walk, np.array([Point(*ORIGIN)]))
    assert (again.edge == first.edge).all() and (again.snap_m == first.snap_m).all()
