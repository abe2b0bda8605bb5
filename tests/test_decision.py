"""Plot-to-plot walks (toy town by hand, central Oslo against networkx), districts,
decision settings, and the portfolio decision on a measured table.

Toy town walks (sketch in ``tests/toy.py``; walkable: Storgata n1-n2-n3, Øvre gate
n4-n5-n6, Vestveien n1-n4 800, Østveien n3-n6 800, footway n3-n7, cycleway n6-n7;
the foot=no cycleway n2-n5 and the private road n4-n2 are not walkable):

  P1 at n5; P2 on Storgata at (300, 0); P3 at (900, 830), 30 m off Øvre gate;
  P4 a diamond touching Øvre gate at (300, 800); P9 on Østveien at (1200, 400).

  P1-P2 = 600 (n5-n4) + 800 (n4-n1) + 300 = 1700 (via n6 and n3: 600 + 800 + 900)
  P1-P3 = 300 + 30 = 330            P1-P4 = 300          P1-P9 = 600 + 400 = 1000
  P2-P3 = 300 + 800 + 900 + 30 = 2030 (the same via n3)   P2-P4 = 300 + 800 + 300 = 1400
  P2-P9 = 900 + 400 = 1300          P3-P4 = 600 + 30 = 630
  P3-P9 = 30 + 300 + 400 = 730      P4-P9 = 900 + 400 = 1300
"""

from __future__ import annotations

import functools
import itertools
import logging
import math
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, box
from toy import real_study, shift, toy_osm, toy_plots

from siting import settings
from siting.analysis import Accessibility, accessibility, study_from_osm
from siting.config import config_from_dict
from siting.decision import DecisionSettings, configs_for, decide
from siting.decision_network import (
    district_membership,
    plot_walk_matrix,
    read_districts,
    walk_route,
)
from siting.errors import ConfigError, InputError
from siting.services import services_from_osm
from siting.snap import snap
from siting.text import t

TOY_WALK = {("P1", "P2"): 1700, ("P1", "P3"): 330, ("P1", "P4"): 300, ("P1", "P9"): 1000,
            ("P2", "P3"): 2030, ("P2", "P4"): 1400, ("P2", "P9"): 1300, ("P3", "P4"): 630,
            ("P3", "P9"): 730, ("P4", "P9"): 1300}


@functools.lru_cache(maxsize=1)
def toy_acc() -> Accessibility:
    study = study_from_osm(toy_osm())
    old = settings.min_component_share
    settings.min_component_share = 0.25  # the island footway counts as one
    try:
        return accessibility(study, toy_plots(), services_from_osm(study.osm.features),
                             ["gp", "bus", "shop", "police"])
    finally:
        settings.min_component_share = old


def test_toy_walks_between_plots() -> None:
    acc = toy_acc()
    walk = plot_walk_matrix(acc)
    ids = list(acc.table["plot_id"])
    for (a, b), metres in TOY_WALK.items():
        i, j = ids.index(a), ids.index(b)
        assert walk[i, j] == pytest.approx(metres, abs=1e-6)
        assert walk[j, i] == pytest.approx(metres, abs=1e-6)
    p6, p7 = ids.index("P6"), ids.index("P7")
    assert math.isinf(walk[ids.index("P1"), p6])  # P6 hangs on the island footway
    assert np.isnan(walk[p7]).all() and np.isnan(walk[:, p7]).all()  # P7 has no location
    assert (np.diag(walk)[[i for i in range(len(ids)) if i != p7]] == 0).all()


@pytest.mark.parametrize(("a", "b"), [("P1", "P2"), ("P3", "P4"), ("P2", "P3"), ("P9", "P4")])
def test_route_is_the_walk(a: str, b: str) -> None:
    acc = toy_acc()
    ids = list(acc.table["plot_id"])
    line = walk_route(acc, ids.index(a), ids.index(b))
    assert line is not None
    assert line.length == pytest.approx(TOY_WALK.get((a, b), TOY_WALK.get((b, a))), abs=1e-6)
    start = acc.plots.geometry.iat[ids.index(a)]
    assert shapely.distance(start, Point(line.coords[0])) < 1e-6
    assert walk_route(acc, ids.index("P1"), ids.index("P6")) is None  # not connected
    assert walk_route(acc, ids.index("P1"), ids.index("P7")) is None  # no location


def test_route_from_a_polygon_starts_at_its_edge() -> None:
    acc = toy_acc()
    ids = list(acc.table["plot_id"])
    line = walk_route(acc, ids.index("P4"), ids.index("P1"))
    assert line is not None
    assert Point(line.coords[0]).equals_exact(shift(Point(300, 800)), 1e-6)


# --------------------------------------------------------------------------- Oslo oracle
def _from_plot(net: object, s: object, i: int, graph: nx.Graph) -> dict:
    """networkx distances from plot i's access point (a temporary root on its segment)."""
    e = s.edge[i]
    graph.add_weighted_edges_from([("root", int(net.u[e]), float(s.t[i])),
                                   ("root", int(net.v[e]), float(net.length_m[e] - s.t[i]))])
    try:
        return nx.single_source_dijkstra_path_length(graph, "root")
    finally:
        graph.remove_node("root")


def _oracle(net: object, s: object, i: int, j: int, from_i: dict) -> float:
    e = s.edge[j]
    best = min(from_i.get(int(net.u[e]), math.inf) + s.t[j],
               from_i.get(int(net.v[e]), math.inf) + net.length_m[e] - s.t[j])
    if s.edge[i] == e:
        best = min(best, abs(s.t[i] - s.t[j]))
    return float(s.snap_m[i] + best + s.snap_m[j])


@pytest.mark.shared
def test_oslo_walks_between_plots_match_networkx(oslo_pbf: Path) -> None:
    study, services = real_study(str(oslo_pbf))
    rng = np.random.default_rng(13)
    lon0, lat0, lon1, lat1 = study.osm.source["bbox"]
    pts = gpd.GeoSeries(gpd.points_from_xy(rng.uniform(lon0, lon1, 12),
                                           rng.uniform(lat0, lat1, 12)), crs="EPSG:4326")
    pts = pts.to_crs(study.crs)
    geoms = [*pts[:9], *[box(p.x - 15, p.y - 15, p.x + 15, p.y + 15) for p in pts[9:]]]
    plots = gpd.GeoDataFrame({"plot_id": [f"o{i}" for i in range(12)], "name": ""},
                             geometry=geoms, crs=study.crs)
    acc = accessibility(study, plots, services, ["gp", "bus"])
    walk = plot_walk_matrix(acc)
    net = study.walk
    graph = nx.Graph()
    for u, v, length in zip(net.u, net.v, net.length_m, strict=True):
        if u != v and (not graph.has_edge(u, v) or graph[u][v]["weight"] > length):
            graph.add_edge(int(u), int(v), weight=float(length))
    snaps = snap(net, plots.geometry.to_numpy())
    reach = {i: _from_plot(net, snaps, i, graph) for i in range(11)}
    for i, j in itertools.combinations(range(12), 2):
        expected = _oracle(net, snaps, i, j, reach[i])
        assert walk[i, j] == pytest.approx(expected, abs=1e-6)
        line = walk_route(acc, i, j)
        if math.isfinite(expected):
            assert line is not None and line.length == pytest.approx(expected, abs=1e-6)


# --------------------------------------------------------------------------- districts
def _write(tmp_path: Path, name: str, frame: gpd.GeoDataFrame) -> Path:
    path = tmp_path / name
    frame.to_file(path, driver="GeoJSON")
    return path


def test_districts_and_membership(tmp_path: Path,
                                  caplog: pytest.LogCaptureFixture) -> None:
    acc = toy_acc()
    west, east = shift(box(-100, -100, 700, 1000)), shift(box(700, -100, 1600, 1000))
    layer = gpd.GeoDataFrame({"skolekrets": ["Vest", "Øst"]}, geometry=[west, east],
                             crs="EPSG:25832").to_crs("EPSG:4326")
    with caplog.at_level(logging.INFO, logger="siting.plots"):
        districts = read_districts(_write(tmp_path, "kretser.geojson", layer))
    assert list(districts["name"]) == ["Vest", "Øst"]
    record = caplog.records[-1]  # counted as districts, not as plots
    assert t(record.text_key, "nb", **record.text_values) == (  # type: ignore[attr-defined]
        "kretser.geojson: leste 2 kretser (0 punkter, 2 polygoner, 0 med problemer)")
    member = district_membership(acc.plots, districts)
    ids = list(acc.table["plot_id"])
    got = {p: tuple(member[ids.index(p)]) for p in ("P1", "P2", "P3", "P4", "P7", "P9")}
    assert got == {"P1": (True, False), "P2": (True, False), "P3": (False, True),
                   "P4": (True, False), "P7": (False, False), "P9": (False, True)}


def test_district_file_with_points_is_refused(tmp_path: Path) -> None:
    layer = gpd.GeoDataFrame({"navn": ["A", "B"]}, geometry=[Point(10.7, 59.9),
                                                             box(10.7, 59.9, 10.8, 60.0)],
                             crs="EPSG:4326")
    with pytest.raises(InputError) as err:
        read_districts(_write(tmp_path, "krets.geojson", layer))
    assert str(err.value) == (
        "krets.geojson: row(s) 1 are not polygons; a district file needs one polygon per "
        "district (e.g. the school districts from the municipality's map service)")


# --------------------------------------------------------------------------- settings
def test_settings_round_trip_and_errors() -> None:
    s = DecisionSettings(objective="maxmin", min_separation_m=750.0, reserved={"P1": "recovery"})
    assert DecisionSettings.from_dict(s.to_dict()) == s
    assert DecisionSettings().separation_m == 500.0
    assert DecisionSettings(separate=False).separation_m == 0.0
    with pytest.raises(ConfigError) as err:
        DecisionSettings.from_dict({"groups": ["a", "a"], "objective": "mean",
                                    "min_separation_m": -5, "n_best": 0, "colour": 1,
                                    "reserved": {"P1": "x"}}, source="pair.toml")
    assert str(err.value).splitlines() == [
        "pair.toml: unknown key 'colour'; use districts, groups, min_separation_m, n_best, "
        "objective, reserved, separate",
        "pair.toml: groups is ['a', 'a']; name one or more different groups, e.g. "
        "recovery,active-use",
        "pair.toml: objective is 'mean'; use 'sum' or 'maxmin'",
        "pair.toml: min_separation_m is -5; give metres, 0 or more (e.g. 500)",
        "pair.toml: n_best is 0; give a whole number 1 or more",
        "pair.toml: reserved names group(s) x, not among a, a",
    ]


def test_configs_for_groups() -> None:
    own = config_from_dict({"profile": "active-use", "criteria": {"gp": {"weight": 4}}})
    found = configs_for(["recovery", "active-use"], [own], lang="en")
    assert found["active-use"].criteria["gp"].weight == 4.0
    assert found["recovery"].profile == "recovery" and found["recovery"].lang == "en"
    with pytest.raises(ConfigError) as err:
        configs_for(["recovery", "family"], [own])
    assert err.value.text("en").splitlines() == [
        "a config has profile 'active-use', which is not a group (recovery, family)",
        "group 'family' is not a profile; use recovery or active-use, or give its config"]


def test_decide_on_the_toy_town() -> None:
    """Both default profiles on the measured toy table; the answer is the brute force one."""
    acc = toy_acc()
    table = acc.table.assign(**{f"walk_m_{c}": 300.0 for c in
                                ("mental_health", "substance_abuse", "pharmacy", "school")})
    configs = configs_for(["recovery", "active-use"], lang="en")
    configs = {g: config_from_dict({**c.to_dict(), "rules": [
        {**r.__dict__, "enabled": False} for r in c.rules]}) for g, c in configs.items()}
    walk = plot_walk_matrix(acc)
    d = decide(table, configs, DecisionSettings(min_separation_m=700.0), walk)
    ok = {g: set(d.ranked[g].loc[d.ranked[g]["status"] == "ok", "plot_id"]) for g in configs}
    score = {g: dict(zip(d.ranked[g]["plot_id"], d.ranked[g]["score"], strict=True))
             for g in configs}
    ids = list(table["plot_id"])
    best = max(((a, b) for a in ok["recovery"] for b in ok["active-use"]
                if a != b and walk[ids.index(a), ids.index(b)] >= 700),
               key=lambda p: (round(score["recovery"][p[0]] + score["active-use"][p[1]], 9),
                              -ids.index(p[0])))
    assert d.chosen == {"recovery": best[0], "active-use": best[1]}
    assert d.solution.best is not None and d.solution.best.min_walk_m >= 700
    with pytest.raises(ConfigError, match="no district layer"):
        decide(table, configs, DecisionSettings(districts=True), walk)
    assert isinstance(d.table, pd.DataFrame)
