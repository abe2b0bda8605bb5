"""The distance table of the toy town, checked against hand-computed numbers; the cache.

Sketch and coordinates: ``tests/toy.py``. Walk network (metres): Storgata n1-n2-n3
(600 + 600), Øvre gate n4-n5-n6 (600 + 600), Vestveien n1-n4 (800), Østveien n3-n6
(800, one-way for cars only), footway n3-n7 (500), cycleway n6-n7 (500), island
footway i1-i2 (100). Not walkable: the foot=no cycleway n2-n5, the private road
n4-n2, the motorway m1-n1.

Service access points (leg = straight distance to the street):
  Legesenter (gp)      at n7, leg 0
  Torget (bus)         at n5, leg 15;  Torget nord (bus) at n5, leg 40
  Øya (bus)            on i1-i2 80 m from i1, leg 10
  Rema 1000 (shop)     on n2-n3 220 m from n2, leg 20 (corner of the rotated square)
  Joker (shop)         on n5-n6 450 m from n5, leg 10
  Politistasjon        drive access at n1 (25 m below it)

Network distance from the nearest service to each node (the surface):
  gp:   n7 0, n3 = n6 = 500, n2 = n5 = 500 + 600 = 1100, n1 = n4 = 1100 + 600 = 1700
  bus:  n5 15, n4 = n6 = 615, n7 = 615 + 500 = 1115, n1 = 615 + 800 = 1415,
        n3 = 615 + 800 = 1415, n2 = 1415 + 600 = 2015; i1 = 80 + 10 = 90, i2 = 20 + 10 = 30
  shop: n2 = 220 + 20 = 240, n3 = 380 + 20 = 400, n5 = 450 + 10 = 460,
        n6 = 150 + 10 = 160, n1 = 240 + 600 = 840, n4 = min(840 + 800, 460 + 600) = 1060,
        n7 = min(400, 160) + 500 = 660

Drive times (seconds; Storgata 10 m/s, Øvre gate 25/3 m/s, Vestveien 125/9 m/s,
Østveien 25/3 m/s north only): n1->n2 60, n2->n3 60, n1->n4 57.6, n4->n5 72,
n5->n6 72, n3->n6 96. Main roads: Storgata (primary) only, so main nodes n1, n2, n3
and every point on Storgata.
"""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import Point
from toy import NODES, ORIGIN, node_id, shift, toy_osm, toy_plots

from siting import cache, settings
from siting.analysis import Accessibility, Study, accessibility, study_from_osm
from siting.distances import SourceSet, nearest, route
from siting.services import services_from_osm
from siting.snap import snap
from siting.text.render import codes_text

INF = math.inf
CATS = ["gp", "bus", "shop", "pharmacy", "police"]

# plot: (walk_m_gp, walk_m_bus, walk_m_shop, snap_m)
WALK = {
    # P1 at n5 (leg 0): gp 1100 (n5-n6-n7), bus 15 (Torget), shop 450 + 10 (Joker)
    "P1": (1100, 15, 460, 0),
    # P2 on Storgata 300 m from n1: gp 300 + 1100 (via n2); bus 300 + 1415 (via n1;
    # the foot=no cycleway n2-n5 would give 300 + 800 + 15); shop 300 + 240 (Rema)
    "P2": (1400, 1715, 540, 0),
    # P3 30 m off Øvre gate, 300 m from n5: gp 30 + 300 + 500 (via n6); bus 30 + 300 + 15;
    # shop on the same segment as Joker: 30 + 150 + 10
    "P3": (830, 345, 190, 30),
    # P4 diamond touching Øvre gate 300 m from n4 (leg 0): gp 300 + 1100 (via n5);
    # bus 300 + 15; shop 300 + 460 (via n5)
    "P4": (1400, 315, 760, 0),
    # P5 300 m from n2 (leg 300): gp 300 + 1100; bus 300 + 2015; shop 300 + 240
    "P5": (1400, 2315, 540, 300),
    # P6 10 m from the island, 50 m from i1: only Øya: 10 + 30 + 10
    "P6": (INF, 50, INF, 10),
    # P7 has no location: its figures are unknown (NaN), not unreachable (inf)
    "P7": (math.nan, math.nan, math.nan, math.nan),
    # P8 20 m west of Vestveien, 400 m from n1: gp 20 + 400 + 1700 (either end);
    # bus 20 + 400 + 615 (via n4); shop 20 + 400 + 840 (via n1)
    "P8": (2120, 1035, 1260, 20),
    # P9 on Østveien 400 m from n3 (walkers ignore one-way): gp 400 + 500 (either end);
    # bus 400 + 615 (via n6); shop 400 + 160 (via n6)
    "P9": (900, 1015, 560, 0),
}
NEAREST = {  # plot: (gp, bus, shop) names
    "P1": ("Legesenter", "Torget", "Joker"),  # Torget (15 m), not Torget nord (40 m)
    "P2": ("Legesenter", "Torget", "Rema 1000"),
    "P3": ("Legesenter", "Torget", "Joker"),
    "P4": ("Legesenter", "Torget", "Joker"),
    "P5": ("Legesenter", "Torget", "Rema 1000"),
    "P6": ("", "Øya", ""),
    "P7": ("", "", ""),
    "P8": ("Legesenter", "Torget", "Rema 1000"),
    "P9": ("Legesenter", "Torget", "Joker"),
}
# plot: (police_drive_min, patrol_detour_min, drive_snap_m)
DRIVE = {
    # P1 at n5: police n1-n4-n5 57.6 + 72 = 129.6 s = 2.16 min. Patrol: from Storgata
    # 129.6 (n1-n4-n5; n3-n6-n5 is 96 + 72 = 168) and back 72 + 57.6 = 129.6 (n6 -> n3 is
    # against the one-way; the private n4-n2 at 90 km/h would give 72 + 40): 259.2 s
    "P1": (2.16, 4.32, 0),
    # P2 on Storgata 300 m from n1: police 300 m at 10 m/s = 30 s; patrol detour 0
    "P2": (0.5, 0.0, 0),
    # P3 at (900, 800): police 129.6 + 300 * 0.12 = 165.6 s = 2.76 min. Patrol there:
    # n3-n6 96 + 36 = 132 (via n5: 165.6); back: 36 + 129.6 = 165.6: 297.6 s = 4.96 min
    "P3": (2.76, 4.96, 30),
    # P4 at (300, 800): police 57.6 + 36 = 93.6 s; patrol 93.6 there + 93.6 back
    "P4": (1.56, 3.12, 0),
    # P5 reaches the car network at n2: 600 m at 36 km/h = 60 s = 1.0 min; n2 is main
    "P5": (1.0, 0.0, 300),
    # P6's nearest drivable street is Øvre gate at (350, 800), 390 m away:
    # police 57.6 + 350 * 0.12 = 99.6 s; patrol 99.6 + 99.6
    "P6": (1.66, 3.32, 390),
    "P7": (math.nan, math.nan, math.nan),
    # P8 at (0, 400) on Vestveien: 400 m at 125/9 m/s = 28.8 s, there and back
    "P8": (0.48, 0.96, 20),
    # P9 on the one-way Østveien 400 m north of n3: police n1-n2-n3 120 + 48 = 168 s.
    # Patrol: there 48 (from n3), back only via n6-n5-n4-n1: 48 + 72 + 72 + 57.6 = 249.6
    "P9": (2.8, 4.96, 0),
}
FLAGS = {  # the codes measuring writes (P5 snaps 300 m away, P6's piece has 2 nodes)
    "P5": (("far", {"m": pytest.approx(300.0, abs=1e-9), "limit": 250.0}),),
    "P6": (("island", {"n": 2}),),
    "P7": (("missing", {}),),
    "P8": (("outside", {}),),
}
FLAGS_EN = {
    "P5": "300 m from the nearest street (limit 250 m): check the location",
    "P6": "nearest street is on a small piece of network (2 nodes) not connected to the "
          "rest: distances would be misleading",
    "P7": "no location: the plot has no coordinates",
    "P8": "outside the area the OSM data covers: load an extract that includes this plot",
}
FLAGS_NB = {
    "P5": "300 m fra nærmeste gate (grense 250 m): sjekk plasseringen",
    "P6": "nærmeste gate ligger på en liten bit av nettet (2 noder) uten forbindelse til "
          "resten: avstandene ville vært misvisende",
    "P7": "mangler plassering: tomten har ingen koordinater",
    "P8": "utenfor området OSM-dataene dekker: last inn et utsnitt som omfatter tomten",
}
SURFACE = {  # node: (gp, bus, shop); see the module docstring
    "n1": (1700, 1415, 840), "n2": (1100, 2015, 240), "n3": (500, 1415, 400),
    "n4": (1700, 615, 1060), "n5": (1100, 15, 460), "n6": (500, 615, 160),
    "n7": (0, 1115, 660), "i1": (INF, 90, INF), "i2": (INF, 30, INF),
}


@pytest.fixture(scope="module")
def study() -> Study:
    return study_from_osm(toy_osm())


@pytest.fixture(scope="module")
def services(study: Study) -> gpd.GeoDataFrame:
    return services_from_osm(study.osm.features)


def _measure(study: Study, services: gpd.GeoDataFrame, plots: gpd.GeoDataFrame | None = None,
             **kwargs: float) -> Accessibility:
    old = settings.min_component_share
    settings.min_component_share = 0.25  # the island (2 of 9 walk nodes) counts as one
    try:
        return accessibility(study, toy_plots() if plots is None else plots, services, CATS,
                             **kwargs)
    finally:
        settings.min_component_share = old


@pytest.fixture(scope="module")
def acc(study: Study, services: gpd.GeoDataFrame) -> Accessibility:
    return _measure(study, services)


def _row(acc: Accessibility, plot: str) -> pd.Series:
    return acc.table.set_index("plot_id").loc[plot]


def words(table: pd.DataFrame, column: str = "flag", lang: str = "en") -> list[str]:
    """A code column (flags or notes) in words, row by row."""
    return [codes_text(c, lang) for c in table[column]]


def test_services_classified(services: gpd.GeoDataFrame) -> None:
    assert list(zip(services["category"], services["name"], services["ref"], strict=True)) == [
        ("gp", "Legesenter", "n201"), ("bus", "Torget nord", "n202"), ("bus", "Torget", "n203"),
        ("bus", "Øya", "n204"), ("shop", "Rema 1000", "w205"), ("shop", "Joker", "n206"),
        ("police", "Politistasjon", "n207"),
    ]  # the bench (n208) is no service


def test_table_columns(acc: Accessibility) -> None:
    assert list(acc.table.columns) == [
        "plot_id", "name",
        "walk_m_gp", "nearest_gp", "walk_m_bus", "nearest_bus", "walk_m_shop", "nearest_shop",
        "walk_m_pharmacy", "nearest_pharmacy", "snap_m",
        "police_drive_min", "patrol_detour_min", "drive_snap_m", "nearest_police",
        "component_nodes", "flag", "note",
    ]
    assert acc.table["plot_id"].tolist() == [f"P{i}" for i in range(1, 10)]
    assert acc.categories == ["gp", "bus", "shop", "pharmacy"]  # police is driven


@pytest.mark.parametrize("plot", sorted(WALK))
def test_walk_distances(acc: Accessibility, plot: str) -> None:
    row = _row(acc, plot)
    got = (row["walk_m_gp"], row["walk_m_bus"], row["walk_m_shop"], row["snap_m"])
    assert got == pytest.approx(WALK[plot], abs=1e-6, nan_ok=True)
    assert (row["nearest_gp"], row["nearest_bus"], row["nearest_shop"]) == NEAREST[plot]
    pharmacy = math.nan if plot == "P7" else INF  # none exists; P7 is nowhere
    assert row["walk_m_pharmacy"] == pytest.approx(pharmacy, nan_ok=True)
    # inf with its reason in the notes; a plot without a location has no figures at all
    assert row["nearest_pharmacy"] == ""
    empty = ("no_service", {"cat": "pharmacy"})
    assert (empty in row["note"]) == (plot != "P7")


@pytest.mark.parametrize("plot", sorted(DRIVE))
def test_police_and_patrol(acc: Accessibility, plot: str) -> None:
    row = _row(acc, plot)
    got = (row["police_drive_min"], row["patrol_detour_min"], row["drive_snap_m"])
    assert got == pytest.approx(DRIVE[plot], abs=1e-9, nan_ok=True)


def test_flags_and_pieces(acc: Accessibility, study: Study, services: gpd.GeoDataFrame) -> None:
    flags = dict(zip(acc.table["plot_id"], acc.table["flag"], strict=True))
    assert flags == {p: FLAGS.get(p, ()) for p in WALK}  # codes and numbers, no words
    assert dict(zip(acc.table["plot_id"], words(acc.table), strict=True)) == {
        p: FLAGS_EN.get(p, "") for p in WALK}
    assert dict(zip(acc.table["plot_id"], words(acc.table, lang="nb"), strict=True)) == {
        p: FLAGS_NB.get(p, "") for p in WALK}
    nodes = acc.table["component_nodes"]  # P7 has no location: no piece, not "0 nodes"
    assert nodes.drop(index=6).tolist() == [7, 7, 7, 7, 7, 2, 7, 7] and pd.isna(nodes.iat[6])


def test_island_not_flagged_by_default(study: Study, services: gpd.GeoDataFrame) -> None:
    # with the default 5 % share, a 2-node piece of a 9-node network is no island
    table = accessibility(study, toy_plots(), services, CATS).table
    assert table.loc[5, "flag"] == ()
    assert table.loc[5, "walk_m_bus"] == pytest.approx(50.0, abs=1e-6)


def test_snap_limit_argument(study: Study, services: gpd.GeoDataFrame) -> None:
    table = _measure(study, services, max_snap_m=300.0).table  # 300 m is not > 300 m
    assert table.loc[4, "flag"] == ()
    table = _measure(study, services, max_snap_m=25.0).table
    assert words(table)[2] == "30 m from the nearest street (limit 25 m): check the location"


def test_problem_text_replaces_missing_location(study: Study,
                                                services: gpd.GeoDataFrame) -> None:
    plots = toy_plots().assign(problem=["", "", "", "", "", "", "address not found", "", ""])
    table = _measure(study, services, plots).table
    assert table.loc[6, "flag"] == (("problem", {"text": "address not found"}),)
    assert words(table)[6] == "address not found"
    assert words(table)[4].startswith("300 m from the nearest street")


def test_lonlat_input_gives_the_same_numbers(acc: Accessibility, study: Study,
                                             services: gpd.GeoDataFrame) -> None:
    other = _measure(study, services, toy_plots(lonlat=True)).table
    numeric = [c for c in acc.table.columns if acc.table[c].dtype.kind == "f"]
    np.testing.assert_allclose(other[numeric].to_numpy(float), acc.table[numeric].to_numpy(float),
                               atol=1e-6, rtol=0)
    assert words(other) == words(acc.table)  # the same flags (their metres agree to 1e-6)


def test_surface(acc: Accessibility, study: Study) -> None:
    assert list(acc.surface.columns) == ["x", "y", "walk_m_gp", "walk_m_bus", "walk_m_shop",
                                         "walk_m_pharmacy"]
    assert len(acc.surface) == study.walk.n_nodes == 9
    for name, values in SURFACE.items():
        k = int(np.flatnonzero(study.walk.node_ids == node_id(name))[0])
        row = acc.surface.iloc[k]
        assert (row["x"] - ORIGIN[0], row["y"] - ORIGIN[1]) == pytest.approx(NODES[name][1:],
                                                                              abs=1e-6)
        got = (row["walk_m_gp"], row["walk_m_bus"], row["walk_m_shop"])
        assert got == pytest.approx(values, abs=1e-6), name
    assert np.isinf(acc.surface["walk_m_pharmacy"]).all()


def test_service_access_legs(acc: Accessibility) -> None:
    legs = dict(zip(acc.services["name"], acc.services["access_m"], strict=True))
    assert legs == pytest.approx({"Legesenter": 0, "Torget nord": 40, "Torget": 15, "Øya": 10,
                                  "Rema 1000": 20, "Joker": 10, "Politistasjon": 25}, abs=1e-6)
    assert acc.services.crs.to_epsg() == 25832


def test_route_to_nearest_gp(acc: Accessibility, study: Study) -> None:
    # P1 (at n5): the shortest path from the Legesenter runs n7 -> n6 -> n5, through the
    # split points of Joker (1050, 800) and of P3 (900, 800) on Øvre gate
    path = route(acc.walk_trees, acc.categories.index("gp"), int(acc.plot_walk_nodes[0]))
    local = acc.walk_graph.xy[path] - np.array(ORIGIN)
    np.testing.assert_allclose(
        local, [[1500, 400], [1200, 800], [1050, 800], [900, 800], [600, 800]], atol=1e-6)
    assert path[0] == int(np.flatnonzero(study.walk.node_ids == node_id("n7"))[0])
    assert route(acc.walk_trees, 0, int(acc.plot_walk_nodes[5])) == []  # island: none


def test_one_way_there_and_back_differ(acc: Accessibility) -> None:
    # P9 on the one-way Østveien: station -> plot 168 s (n1-n2-n3, then north);
    # plot -> station 249.6 s (north to n6, n5, n4, down Vestveien to n1)
    station = acc.drive_graph.access[1][0]
    to_station = nearest(acc.drive_graph, [_set([station])], reverse=True)
    p9 = int(acc.plot_drive_nodes[8])
    assert acc.police_trees.dist[0, p9] == pytest.approx(168.0, abs=1e-9)
    assert to_station.dist[0, p9] == pytest.approx(249.6, abs=1e-9)


def _set(nodes: list[int]) -> SourceSet:
    return SourceSet(np.asarray(nodes, dtype=np.int64), np.zeros(len(nodes)))


def test_no_services_and_no_plots(study: Study, services: gpd.GeoDataFrame) -> None:
    table = _measure(study, services.iloc[0:0]).table
    located = table["plot_id"] != "P7"  # P7 has no location: unknown (NaN) figures
    figures = table.loc[located, ["walk_m_gp", "walk_m_bus", "police_drive_min"]].to_numpy()
    assert np.isinf(figures).all()
    assert table.loc[~located, ["walk_m_gp", "police_drive_min"]].isna().all(axis=None)
    assert (table["nearest_bus"] == "").all()
    said = [codes_text(n, "en") for n in table.loc[located, "note"]]
    assert all("no service in this category (bus stop)" in text for text in said)
    # the patrol detour needs no service: the same as with services
    np.testing.assert_allclose(table["patrol_detour_min"], [d[1] for d in DRIVE.values()],
                               atol=1e-9)
    empty = _measure(study, services, toy_plots().iloc[0:0]).table
    assert len(empty) == 0
    assert "walk_m_gp" in empty and "flag" in empty


def test_all_plots_on_nodes(study: Study, services: gpd.GeoDataFrame) -> None:
    # no access point inside a segment: nothing to split
    plots = gpd.GeoDataFrame({"plot_id": ["a", "b"], "name": ["n5", "n7"]},
                             geometry=[shift(Point(600, 800)), shift(Point(1500, 400))],
                             crs="EPSG:25832")
    table = _measure(study, services.iloc[[0]], plots).table  # the Legesenter only
    assert table["walk_m_gp"].tolist() == pytest.approx([1100.0, 0.0], abs=1e-6)


def test_no_walkable_street(services: gpd.GeoDataFrame) -> None:
    # a motorway-only extract: every plot is outside the (empty) covered area
    from toy import one_way_osm

    lonely = study_from_osm(one_way_osm({"highway": "motorway"}))
    plots = gpd.GeoDataFrame({"plot_id": ["a"], "name": ["A"]},
                             geometry=[Point(ORIGIN[0] + 10, ORIGIN[1])], crs="EPSG:25832")
    table = accessibility(lonely, plots, services, CATS).table
    assert words(table)[0] == FLAGS_EN["P8"]
    assert table.loc[0, "walk_m_gp"] == INF
    # the one-way motorway is drivable, but a car can neither stop on it nor come back:
    # no drive access at all, and the note says so (8 m to the motorway itself)
    assert table.loc[0, "drive_snap_m"] == INF
    assert table.loc[0, "police_drive_min"] == INF and table.loc[0, "patrol_detour_min"] == INF
    assert table.loc[0, "note"] == (("drive_none", {}), ("no_service", {"cat": "pharmacy"}))
    assert words(table, "note")[0] == ("no street in the map data that a car can both reach "
                                       "and leave: no police time or patrol detour; no service "
                                       "in this category (pharmacy)")


# --- the prepared-study cache -----------------------------------------------------------------

TINY = Path(__file__).parent / "data" / "toy" / "tiny.osm"


def test_cache_serves_the_second_call(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    first = cache.study_from_file(TINY)
    assert len(list((tmp_path / "cache" / "studies").glob("*.pickle"))) == 1

    def fail(path: object) -> None:
        raise AssertionError(f"{path} read again although it is cached")

    monkeypatch.setattr(cache, "osm_from_file", fail)
    second = cache.study_from_file(TINY)
    assert second is not first
    assert second.osm.source == first.osm.source
    np.testing.assert_array_equal(second.walk.node_ids, first.walk.node_ids)
    np.testing.assert_array_equal(second.walk.length_m, first.walk.length_m)
    # the spatial index is rebuilt on demand after loading
    s = snap(second.walk, np.array([Point(second.walk.xy[0])]))
    assert s.snap_m[0] == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(AssertionError, match="read again"):
        cache.study_from_file(TINY, use_cache=False)


def test_changed_file_is_not_served_stale(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    copy = tmp_path / "area.osm"
    copy.write_bytes(TINY.read_bytes())
    before = cache.study_from_file(copy)
    assert len(before.walk.u) == 4
    # same name, new content: the footway 101 becomes a cycleway with foot=no
    text = TINY.read_text(encoding="utf-8").replace(
        '<tag k="highway" v="footway"/>',
        '<tag k="highway" v="cycleway"/>\n    <tag k="foot" v="no"/>')
    copy.write_text(text, encoding="utf-8")
    after = cache.study_from_file(copy)
    assert after.osm.source["sha256"] != before.osm.source["sha256"]
    assert len(after.walk.u) == 3
    assert len(list((tmp_path / "cache" / "studies").glob("*.pickle"))) == 2


def test_unreadable_cache_entry_is_rebuilt(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    cache.study_from_file(TINY)
    (entry,) = (tmp_path / "cache" / "studies").glob("*.pickle")
    entry.write_bytes(b"garbage")
    again = cache.study_from_file(TINY)
    assert len(again.walk.u) == 4


def test_cache_key_follows_speed_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    key = cache.cache_key("abc")
    monkeypatch.setitem(settings.default_speed_kmh, "residential", 25.0)
    assert cache.cache_key("abc") != key


def test_row_order_and_index_do_not_matter(acc: Accessibility, study: Study,
                                           services: gpd.GeoDataFrame) -> None:
    plots = toy_plots().iloc[::-1]  # index 8..0, rows reversed
    table = _measure(study, services.iloc[::-1], plots).table
    assert table["plot_id"].tolist() == [f"P{i}" for i in range(9, 0, -1)]
    back = table.iloc[::-1].reset_index(drop=True)
    numeric = [c for c in acc.table.columns if acc.table[c].dtype.kind == "f"]
    np.testing.assert_allclose(back[numeric].to_numpy(float), acc.table[numeric].to_numpy(float),
                               atol=1e-9, rtol=0)
    texts = [c for c in acc.table.columns if c.startswith("nearest_")] + ["flag"]
    assert (back[texts] == acc.table[texts]).all().all()


def test_notes_say_when_the_nearest_drivable_road_is_far(
        acc: Accessibility, study: Study, services: gpd.GeoDataFrame) -> None:
    # P6's nearest drivable street is 390 m away, P5's 300 m (over the 250 m limit);
    # their police time counts from that street, so it carries a note (P5 is also
    # flagged, and a flagged plot's reasons show only the flag). P7 has no location.
    assert acc.table.set_index("plot_id").loc["P6", "note"] == (
        ("drive_far", {"m": pytest.approx(390.0, abs=1e-9)}),
        ("no_service", {"cat": "pharmacy"}))  # the toy town has no pharmacy
    notes = dict(zip(acc.table["plot_id"], words(acc.table, "note"), strict=True))
    none = "no service in this category (pharmacy)"
    assert notes["P6"] == "nearest drivable road is 390 m away: police time counts from " \
                          f"there; {none}"
    assert notes["P5"] == "nearest drivable road is 300 m away: police time counts from " \
                          f"there; {none}"
    assert {p for p, n in notes.items() if n != none} == {"P5", "P6", "P7"}
    assert notes["P7"] == ""  # no location: no figures, no notes about them
    nb = dict(zip(acc.table["plot_id"], words(acc.table, "note", "nb"), strict=True))
    assert nb["P6"] == "nærmeste kjørbare vei er 390 m unna: politiets kjøretid regnes " \
                       "derfra; ingen tjeneste i denne kategorien (apotek)"


def test_an_unmeasured_plot_is_not_flagged_for_a_street_it_does_not_meet() -> None:
    """A plot far outside the area 'meets' the extract's nearest street, which may lie on
    a small piece of network: saying so beside 'outside the area' is noise (an auditor
    read 'did you mean latitude ...?; nearest street is on a small piece (3 nodes)')."""
    from siting.analysis import _blank_unmeasured

    table = pd.DataFrame({
        "plot_id": ["far", "near"], "snap_m": [7_911_134.9, 40.0], "walk_m_gp": [9e6, 300.0],
        "police_drive_min": [900.0, 3.0], "patrol_detour_min": [1.0, 1.0],
        "drive_snap_m": [1.0, 1.0], "component_nodes": [3, 3],
        "nearest_gp": ["Legen", "Legen"],
        "flag": [(("outside", {}), ("island", {"n": 3})), (("island", {"n": 3}),)],
        "note": [(), ()]})
    plots = gpd.GeoDataFrame(geometry=[Point(0, 0), Point(1, 1)], crs="EPSG:25832")
    _blank_unmeasured(table, plots, 250.0)
    assert list(table["flag"]) == [(("outside", {}),), (("island", {"n": 3}),)]
    assert codes_text(table["flag"].iat[0], "en") == (
        "outside the area the OSM data covers: load an extract that includes this plot")
    assert table["walk_m_gp"].isna().tolist() == [True, False]
    # no distance to the walk or drive network, no piece of network: a table showing
    # 7 911 135 m read as a measurement (the flag says the plot is off); the other keeps all
    assert table["snap_m"].tolist()[1:] == [40.0] and pd.isna(table["snap_m"].iat[0])
    assert table["drive_snap_m"].tolist()[1:] == [1.0] and pd.isna(table["drive_snap_m"].iat[0])
    assert str(table["component_nodes"].dtype) == "Int64"  # 3, not 3.0, in a CSV
    assert table["component_nodes"].tolist()[1:] == [3]
    assert pd.isna(table["component_nodes"].iat[0])


def test_swapped_row_is_flagged_with_the_position_it_meant(study: Study,
                                                           services: gpd.GeoDataFrame) -> None:
    plots = toy_plots(lonlat=True)
    meant = plots.geometry.iat[0]  # P1, at n5
    plots.loc[0, "geometry"] = Point(meant.y, meant.x)  # lat typed as lon and lon as lat
    plots.loc[1, "geometry"] = Point(5.3221, 60.3913)  # Bergen: outside, and not swapped
    table = _measure(study, services, plots).table
    assert table.loc[0, "flag"] == (("swapped", {"lat": pytest.approx(meant.y, abs=1e-9),
                                                 "lon": pytest.approx(meant.x, abs=1e-9)}),)
    assert table.loc[1, "flag"] == (("outside", {}),)
    # both lie far beyond the snap limit outside the area: nothing about them is measured
    # (no walk through hundreds of km, no police time to the area's edge); P8, just
    # outside the area within reach of a street, keeps its figures (see FIGURES)
    figures = [c for c in table if c.startswith("walk_m_")] + [
        "police_drive_min", "patrol_detour_min", "drive_snap_m"]
    assert table.loc[[0, 1], figures].isna().all().all()
    assert (table.loc[[0, 1], [f"nearest_{c}" for c in CATS]] == "").all().all()
    assert list(table.loc[[0, 1], "note"]) == [(), ()]
    assert table.loc[[0, 1], ["snap_m", "component_nodes"]].isna().all().all()
    rest = table.iloc[2:]
    assert rest.loc[rest["plot_id"] != "P7", figures].notna().all().all()  # P7: no location
    for lang, text in (("en", "outside the area the OSM data covers; latitude and longitude "
                               "look swapped: did you mean latitude {lat:.6f}, longitude "
                               "{lon:.6f}?"),
                       ("nb", "utenfor området OSM-dataene dekker; bredde- og lengdegrad ser ut "
                              "til å være byttet om: mente du breddegrad {lat:.6f}, lengdegrad "
                              "{lon:.6f}?")):
        want = text.format(lat=meant.y, lon=meant.x)
        assert words(table, lang=lang)[0] == (want.replace(".", ",") if lang == "nb" else want)


def test_an_island_in_the_data_is_not_told_to_load_a_bigger_extract(oslo_pbf: Path) -> None:
    """A police trial: Kavringen, an island in the fjord inside central Oslo's extract, was
    flagged "outside the area the OSM data covers: load an extract that includes this plot",
    which a bigger extract would not mend; Trondheim is outside indeed."""
    from siting.config import default_config
    from siting.pipeline import load_study, rank

    plots = gpd.GeoDataFrame({"plot_id": ["P04", "P05", "P06"],
                              "name": ["Kavringen", "Trondheim", "Sentrum"],
                              "problem": ""},
                             geometry=[Point(10.7219, 59.9008), Point(10.39, 63.43),
                                       Point(10.7460, 59.9127)], crs="EPSG:4326")
    result = rank(load_study(oslo_pbf), plots, None, default_config(lang="en"))
    flags = result.texts().set_index("plot_id")["flag"]
    assert flags["P04"] == ("outside the area the streets of the OSM data cover, though within "
                            "the extract (an island without a bridge, or do the streets end "
                            "short of the plot?): check the location, or load a larger extract")
    assert flags["P05"] == ("outside the area the OSM data covers: load an extract that "
                            "includes this plot")
    assert flags["P06"] == ""
    codes = result.ranked.set_index("plot_id")["flag"]
    assert codes["P04"] == (("outside", {"within": True}),) and codes["P05"] == (("outside", {}),)
