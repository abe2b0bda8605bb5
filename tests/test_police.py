"""Police reach: the hand-drawn police town computed by hand, a property test, and an
independent networkx oracle on central Oslo.

Police town sketch and speeds: ``tests/toy.py`` (every street 10 m/s, so seconds =
metres / 10; Storgata is the only main road; the station stands on junction K).
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import networkx as nx
import numpy as np
import pytest
import shapely
from drive_oracle import DriveOracle, Segment, drive_oracle, random_plots
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree
from shapely.geometry import Point
from toy import ORIGIN, POLICE_NODES, points_frame, police_osm, real_study, shift

from siting import settings
from siting.analysis import Accessibility, Study, accessibility, study_from_osm
from siting.distances import EPS_M
from siting.police import patrol_classes, police_reach, station_label
from siting.snap import snap
from siting.text.render import codes_text

INF = math.inf


@pytest.fixture(scope="module")
def town() -> Study:
    return study_from_osm(police_osm())


def _stations(points: dict[str, Point]) -> gpd.GeoDataFrame:
    frame = points_frame(points, category=["police"] * len(points),
                         ref=[f"n{2101 + k}" for k in range(len(points))])
    return frame[["category", "name", "ref", "geometry"]]


def _measure(study: Study, plots: dict[str, Point],
             stations: dict[str, Point] | None = None) -> dict[str, Any]:
    stations = {"Politistasjonen": Point(360, 0)} if stations is None else stations
    acc = accessibility(study, points_frame(plots), _stations(stations), ["police"])
    words = {c: [codes_text(x, "en") for x in acc.table[c]] for c in ("flag", "note")}
    return acc.table.assign(**words).set_index("plot_id").to_dict("index")


def _seconds(row: dict[str, Any]) -> tuple[float, float]:
    return row["police_drive_min"] * 60, row["patrol_detour_min"] * 60


# --- the police town, by hand ------------------------------------------------------------------

def test_the_town_pieces(town: Study) -> None:
    # D is a dead end (cars get in, not out); the car park P, P2 can only be left
    drive = town.drive
    outside = {int(i) for i in drive.node_ids[~drive.core]}
    assert outside == {node_id_of("D"), node_id_of("P"), node_id_of("P2")}
    usable = {tuple(int(i) for i in drive.node_ids[[drive.u[k], drive.v[k]]])
              for k in np.flatnonzero(drive.access)}
    assert (node_id_of("U"), node_id_of("D")) not in usable  # Blindveien
    assert (node_id_of("P"), node_id_of("X")) not in usable  # the car-park exit
    assert len(usable) == 9  # Storgata 2, Vestveien 2, Enveien, Nordgata, Østgata, Sør* 2
    assert patrol_classes(drive) == settings.main_road_classes


def node_id_of(name: str) -> int:
    return POLICE_NODES[name][0]


def test_plot_on_a_junction_next_to_a_one_way_street(town: Study,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # The plot is drawn on junction J, but its coordinates miss the OSM node by 5 mm
    # (OSM stores 1e-7 degrees, ~1 cm; a spreadsheet's lat/lon or a click are coarser),
    # 5 mm up the one-way Enveien (N -> J). EPS_M (1e-6 m) only absorbs rounding noise.
    plots = {"on J": Point(0, 0.005), "exactly J": Point(0, 0)}
    assert 1000 * EPS_M < 0.005
    rows = _measure(town, plots)
    # station K -> J along Storgata: 360 m = 36 s; J is on Storgata: detour 0
    for plot in plots:
        assert _seconds(rows[plot]) == pytest.approx((36.0, 0.0), abs=1e-9)
        assert rows[plot]["nearest_police"] == "Politistasjonen (OSM n2101)"
    assert rows["on J"]["drive_snap_m"] == pytest.approx(0.005, abs=1e-9)
    # Without the node tolerance the plot hangs 5 mm inside the one-way street: a car
    # must go K -> M (500) -> N (360) -> down Enveien (499.995) = 135.9995 s
    monkeypatch.setattr(settings, "node_tolerance_m", 0.0)
    assert _seconds(_measure(town, plots)["on J"])[0] == pytest.approx(135.9995, abs=1e-9)


def test_station_on_a_junction_next_to_a_one_way_street(town: Study,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # The station is drawn on junction K, 5 mm down the one-way Sørveien (K -> S)
    stations = {"Stasjon": Point(360, -0.005)}
    rows = _measure(town, {"J": Point(0, 0)}, stations)
    assert _seconds(rows["J"]) == pytest.approx((36.0, 0.0), abs=1e-9)  # K -> J, 360 m
    # Without the tolerance the car must leave down Sørveien: 499.995 to S, 360 to T,
    # 500 up Vestveien to J = 135.9995 s
    monkeypatch.setattr(settings, "node_tolerance_m", 0.0)
    rows = _measure(town, {"J": Point(0, 0)}, stations)
    assert _seconds(rows["J"])[0] == pytest.approx(135.9995, abs=1e-9)


def test_plot_beside_a_one_way_car_park_exit(town: Study) -> None:
    # (200, 110) is 10 m from the car-park aisle P-P2, which no car can enter (its only
    # way out is the one-way exit P -> X). The nearest street a car can both reach and
    # leave is Storgata at (200, 0), 110 m away: K -> (200, 0) is 160 m = 16 s; that
    # point is on the main road, so the detour is 0.
    plots = {"car park": Point(200, 110)}
    nearest_any = snap(town.drive, np.array([shift(plots["car park"])]), any_segment=True)
    assert town.drive.way[nearest_any.edge[0]] == 310
    assert nearest_any.snap_m[0] == pytest.approx(10.0, abs=1e-6)
    row = _measure(town, plots)["car park"]
    assert _seconds(row) == pytest.approx((16.0, 0.0), abs=1e-9)
    assert row["drive_snap_m"] == pytest.approx(110.0, abs=1e-6)
    assert row["note"] == (
        "the nearest drivable road, 10 m away, cannot be driven both in and out within the "
        "map data (one-way exit, dead end, tunnel or cut at the map's edge): police time "
        "counts from a road 110 m away")


def test_plot_whose_nearest_street_is_a_one_way_dead_end(town: Study) -> None:
    # (150, -240) is 10 m from Blindveien (one-way U -> D into a dead end). A car could
    # drive in (K -> J 36 s, J -> U 25 s, U -> 150 m along 15 s = 76 s) but never back
    # out, so the patrol detour would be inf. It is attached instead to Vestveien at
    # (0, -240), 150 m away, 10 m above U: police K -> J -> there 36 + 24 = 60 s;
    # patrol from the main road at J: 24 s there and 24 s back = 48 s.
    row = _measure(town, {"dead end": Point(150, -240)})["dead end"]
    assert _seconds(row) == pytest.approx((60.0, 48.0), abs=1e-9)
    assert row["drive_snap_m"] == pytest.approx(150.0, abs=1e-6)
    assert "nearest drivable road, 10 m away" in row["note"]
    assert "from a road 150 m away" in row["note"]


def test_station_beside_a_one_way_dead_end(town: Study) -> None:
    # A station 10 m from Blindveien would be trapped at its dead end: no plot reachable.
    # It is attached to Vestveien at (0, -260), 10 m below U: to J 10 + 250 m = 26 s.
    rows = _measure(town, {"J": Point(0, 0)}, {"Stasjon": Point(100, -260)})
    assert _seconds(rows["J"]) == pytest.approx((26.0, 0.0), abs=1e-9)


def test_patrol_loop_off_the_main_road(town: Study) -> None:
    # (180, 510) is 10 m north of Nordgata's middle (180, 500). Police: K -> M 500 m, then
    # 180 m west = 68 s (no way in from J: Enveien runs N -> J). Patrol: from the main
    # road at K the same 68 s there; back 180 to N and 500 down Enveien to J = 68 s
    # (or back to M and K, also 68 s): 136 s.
    row = _measure(town, {"nord": Point(180, 510)})["nord"]
    assert _seconds(row) == pytest.approx((68.0, 136.0), abs=1e-9)
    assert row["drive_snap_m"] == pytest.approx(10.0, abs=1e-6)
    assert row["note"] == ""


def test_nearest_police_names_the_station(town: Study) -> None:
    # Stations at K and at T: J is 36 s from K, 50 s from T; T-side plot the other way
    rows = _measure(town, {"J": Point(0, 0), "T": Point(0, -500)},
                    {"K-stasjonen": Point(360, 0), "T-stasjonen": Point(0, -500)})
    assert rows["J"]["nearest_police"] == "K-stasjonen (OSM n2101)"
    assert rows["T"]["nearest_police"] == "T-stasjonen (OSM n2102)"
    assert _seconds(rows["T"])[0] == 0.0


@pytest.mark.parametrize(("name", "ref", "label"), [
    ("Grønland politistasjon", "n123", "Grønland politistasjon (OSM n123)"),
    ("Lensmannen", "w45", "Lensmannen (OSM w45)"), ("", "r7", "OSM r7"),
    ("Stasjon (klikket)", "", "Stasjon (klikket)"), ("Register", "K-12", "Register (K-12)"),
])
def test_station_label(name: str, ref: str, label: str) -> None:
    assert station_label(name, ref) == label


def test_no_station_and_no_street_say_why(town: Study) -> None:
    rows = _measure(town, {"J": Point(0, 0)}, {})
    assert rows["J"]["police_drive_min"] == INF
    assert rows["J"]["patrol_detour_min"] == 0.0  # needs no station
    assert rows["J"]["note"] == ("no police station chosen: add one or switch one on to get a "
                                 "police time")
    assert rows["J"]["nearest_police"] == ""


def test_patrol_counts_from_the_largest_road_class_when_no_main_road() -> None:
    # Storgata made residential: no trunk/primary/secondary/tertiary road in the town, so
    # residential streets are the "main roads" and every plot says so
    from toy import POLICE_FEATURES, POLICE_WAYS, town_osm

    ways = [(w, n, {**t, "highway": "residential"} if w == 301 else t)
            for w, n, t in POLICE_WAYS]
    study = study_from_osm(town_osm(POLICE_NODES, ways, POLICE_FEATURES, "no main road"))
    assert patrol_classes(study.drive) == ("residential",)
    row = _measure(study, {"nord": Point(180, 510)})["nord"]
    assert _seconds(row) == pytest.approx((68.0, 0.0), abs=1e-9)  # Nordgata is residential
    assert row["note"] == ("no main road in the map data: patrol detour counted from the "
                           "nearest residential road")


# --- the property ----------------------------------------------------------------------------

_XY = st.tuples(st.floats(-400, 760), st.floats(-750, 750))


@hyp_settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(points=st.lists(_XY, min_size=1, max_size=12),
       stations=st.lists(_XY, min_size=1, max_size=3))
def test_every_plot_near_the_core_is_reachable(town: Study, points: list, stations: list) -> None:
    """Any plot within the snap limit of the strongly connected part, with any stations
    in the town, gets a finite police time and a finite patrol detour."""
    plots = gpd.GeoDataFrame(geometry=[shift(Point(p)) for p in points], crs="EPSG:25832")
    st_frame = gpd.GeoDataFrame({"name": ["s"] * len(stations), "ref": [""] * len(stations)},
                                geometry=[shift(Point(p)) for p in stations], crs="EPSG:25832")
    reach = police_reach(town.drive, plots, st_frame)
    near = reach.snap_m <= settings.max_snap_m
    assert np.isfinite(reach.drive_min[near]).all()
    assert np.isfinite(reach.detour_min[near]).all()
    assert (reach.station[near] != "").all()


# --- the oracle on central Oslo ----------------------------------------------------------------

N_PLOTS, SEED = 120, 20261207


@functools.lru_cache(maxsize=1)
def _oslo(path: str) -> tuple[Study, gpd.GeoDataFrame, DriveOracle, gpd.GeoDataFrame,
                              Accessibility]:
    study, services = real_study(path)
    oracle = drive_oracle(path, study.crs)
    plots = gpd.GeoDataFrame({"plot_id": [f"r{i}" for i in range(N_PLOTS)],
                              "name": [f"random {i}" for i in range(N_PLOTS)]},
                             geometry=random_plots(oracle, N_PLOTS, SEED), crs=study.crs)
    stations = services[services["category"] == "police"]
    acc = accessibility(study, plots, stations, ["police"])
    return study, stations.to_crs(study.crs), oracle, plots, acc


def _segment_of(oracle: DriveOracle, study: Study, edge: int) -> Segment:
    net = study.drive
    a, b = int(net.node_ids[net.u[edge]]), int(net.node_ids[net.v[edge]])
    found = [s for s in oracle.usable() if (s.a, s.b) == (a, b)
             and abs(s.length - net.length_m[edge]) < 1e-6]
    assert len(found) >= 1, (a, b)
    return min(found, key=lambda s: s.fwd + s.bwd)


def _part(share: float, cost: float) -> float:
    return 0.0 if share <= 0 else share * cost


def _from(graph: nx.DiGraph, offsets: dict[int, float]) -> dict:
    graph.add_weighted_edges_from(("root", n, w) for n, w in offsets.items() if math.isfinite(w))
    try:
        return nx.single_source_dijkstra_path_length(graph, "root")
    finally:
        graph.remove_node("root")


def _station_offsets(oracle: DriveOracle, study: Study, stations: gpd.GeoDataFrame
                     ) -> tuple[dict[int, float], list[tuple[Segment, float]]]:
    s = snap(study.drive, stations.geometry.to_numpy())
    offsets: dict[int, float] = {}
    placed = []
    for e, r in zip(s.edge, s.t, strict=True):
        seg = _segment_of(oracle, study, int(e))
        placed.append((seg, float(r)))
        for node, cost in ((seg.a, _part(r / seg.length, seg.bwd)),
                           (seg.b, _part((seg.length - r) / seg.length, seg.fwd))):
            offsets[node] = min(offsets.get(node, INF), cost)
    return offsets, placed


def _at(dist: dict, seg: Segment, t: float) -> float:
    """Cost from the search's sources to the point t metres along ``seg``."""
    return min(dist.get(seg.a, INF) + _part(t / seg.length, seg.fwd),
               dist.get(seg.b, INF) + _part((seg.length - t) / seg.length, seg.bwd))


def _back(dist: dict, seg: Segment, t: float) -> float:
    """Cost from the point t metres along ``seg`` to the (reverse) search's sources."""
    return min(_part(t / seg.length, seg.bwd) + dist.get(seg.a, INF),
               _part((seg.length - t) / seg.length, seg.fwd) + dist.get(seg.b, INF))


@pytest.mark.shared
def test_police_reach_matches_an_independent_networkx_graph(oslo_pbf: Path) -> None:
    study, stations, oracle, plots, acc = _oslo(str(oslo_pbf))
    drive = study.drive
    # the independent graph has the same strongly connected core and usable streets
    assert set(drive.node_ids[drive.core].tolist()) == oracle.core
    engine_usable = set(zip(drive.node_ids[drive.u[drive.access]].tolist(),
                            drive.node_ids[drive.v[drive.access]].tolist(), strict=True))
    assert engine_usable == {(s.a, s.b) for s in oracle.usable()}
    # every plot attaches to a nearest usable street (measured independently)
    geoms = plots.geometry.to_numpy()
    lines = np.array([shapely.LineString([oracle.xy[s.a], oracle.xy[s.b]])
                      for s in oracle.usable()])
    gap = shapely.distance(geoms, lines[shapely.STRtree(lines).query_nearest(
        geoms, all_matches=False)[1]])
    ps = snap(drive, geoms)
    engine_lines = drive.segment_lines()[ps.edge]
    np.testing.assert_allclose(shapely.distance(geoms, engine_lines), gap, atol=1e-6)
    # police: from the stations' access points, exactly as the README states
    offsets, placed = _station_offsets(oracle, study, stations)
    from_st = _from(oracle.graph, offsets)
    main = {n for s in oracle.segments
            if s.highway in settings.main_road_classes and {s.a, s.b} <= oracle.core
            for n in (s.a, s.b)}
    from_main = nx.multi_source_dijkstra_path_length(oracle.graph, main)
    to_main = nx.multi_source_dijkstra_path_length(oracle.graph.reverse(copy=False), main)
    police, detour = np.full(N_PLOTS, INF), np.full(N_PLOTS, INF)
    for j in range(N_PLOTS):
        seg, t = _segment_of(oracle, study, int(ps.edge[j])), float(ps.t[j])
        best = _at(from_st, seg, t)
        for other, r in placed:  # a station on the plot's own street
            if other is seg:
                best = min(best, _part((t - r) / seg.length, seg.fwd) if r <= t
                           else _part((r - t) / seg.length, seg.bwd))
        police[j] = best
        on_main = seg.highway in settings.main_road_classes
        detour[j] = 0.0 if on_main else _at(from_main, seg, t) + _back(to_main, seg, t)
    got_police = acc.table["police_drive_min"].to_numpy() * 60
    got_detour = acc.table["patrol_detour_min"].to_numpy() * 60
    assert np.isfinite(police).all() and np.isfinite(detour).all()  # the oracle reaches all
    assert np.isfinite(got_police).all() and np.isfinite(got_detour).all()  # no false inf
    np.testing.assert_allclose(got_police, police, atol=1e-6, rtol=0)  # seconds
    np.testing.assert_allclose(got_detour, detour, atol=1e-6, rtol=0)
    _node_snapping_difference(oracle, study, from_st, ps, got_police)


def _node_snapping_difference(oracle: DriveOracle, study: Study, from_st: dict, ps: Any,
                              got: np.ndarray) -> None:
    """Compare with the usual shortcut -- each plot at the nearest node of the core where a
    car may stop (the stations as in the engine) -- and check
    the difference is within what the triangle inequality allows: with p the plot's
    access point and n that node, T(n) - d(p->n) <= T(p) <= T(n) + d(n->p)."""
    usable = sorted({n for s in oracle.usable() for n in (s.a, s.b)})
    tree = cKDTree(np.array([oracle.xy[n] for n in usable]))
    _, k = tree.query(np.column_stack([ps.x, ps.y]))
    graph = oracle.graph
    diffs = []
    for j, node in enumerate(usable[i] for i in k):
        seg, t = _segment_of(oracle, study, int(ps.edge[j])), float(ps.t[j])
        graph.add_edge(seg.a, "p", weight=_part(t / seg.length, seg.fwd))
        graph.add_edge(seg.b, "p", weight=_part((seg.length - t) / seg.length, seg.bwd))
        graph.add_edge("p", seg.a, weight=_part(t / seg.length, seg.bwd))
        graph.add_edge("p", seg.b, weight=_part((seg.length - t) / seg.length, seg.fwd))
        for a, b in (("p", seg.a), ("p", seg.b), (seg.a, "p"), (seg.b, "p")):
            if not math.isfinite(graph[a][b]["weight"]):
                graph.remove_edge(a, b)
        to_p = nx.dijkstra_path_length(graph, node, "p")
        from_p = nx.dijkstra_path_length(graph, "p", node)
        graph.remove_node("p")
        t_node = from_st[node]
        assert t_node - from_p - 1e-6 <= got[j] <= t_node + to_p + 1e-6
        diffs.append(got[j] - t_node)
    diffs = np.abs(diffs)
    print(f"police oracle: {len(got)} plots, nearest-node shortcut differs by median "
          f"{np.median(diffs):.1f} s, worst {diffs.max():.1f} s")


def test_drive_route_and_patrol_loop_follow_the_trees(town: Study) -> None:
    # the dead-end plot (access (0, -240) on Vestveien): the car drives K -> X -> J -> down
    # Vestveien; the patrol comes from the main road at J and goes back to it
    import pyproj

    from siting.webmap.police import route_coords

    plots = points_frame({"dead end": Point(150, -240), "on Storgata": Point(200, 5)})
    acc = accessibility(town, plots, _stations({"Politistasjonen": Point(360, 0)}), ["police"])
    back = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)

    def local(lonlat: np.ndarray) -> list[tuple[float, float]]:
        x, y = back.transform(lonlat[:, 0], lonlat[:, 1])
        return [(round(a - ORIGIN[0], 3), round(b - ORIGIN[1], 3)) for a, b in zip(x, y,
                                                                                  strict=True)]

    lines = {k: local(v) for k, v in route_coords(acc, 0).items()}
    # (200, 0) is where the second plot splits Storgata: a node on the way
    assert lines == {"drive": [(360, 0), (200, 0), (150, 0), (0, 0), (0, -240)],
                     "there": [(0, 0), (0, -240)], "back": [(0, -240), (0, 0)]}
    # a plot on the main road: its drive route only, no loop
    assert list(route_coords(acc, 1)) == ["drive"]
    assert local(route_coords(acc, 1)["drive"]) == [(360, 0), (200, 0)]
