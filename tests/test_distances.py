"""Exact distances: the split graph and the searches on small cases, and an independent
networkx oracle on the real central-Oslo extract.

The oracle does not split segments: for an access point on segment (a, b) at t metres
from a, it adds the partial lengths to the endpoint distances of a plain networkx
graph (one edge per node pair, the cheapest of parallel segments) and treats a
service on the plot's own segment directly.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from shapely.geometry import Point
from toy import ORIGIN, node_id, real_study, shift, toy_osm
from walk_oracle import from_root, walk_graph, walk_offsets, walk_to_plots

from siting import distances, settings
from siting.analysis import Accessibility, Study, accessibility, is_outside, study_from_osm
from siting.distances import (
    EPS_M,
    Graph,
    SourceSet,
    graph_from_network,
    nearest,
    sparse_min,
    tree_origin,
    with_roots,
)
from siting.network import Network, drive_network, walk_network
from siting.osm import OsmData
from siting.snap import Snap, snap

INF = math.inf


# --- small cases ----------------------------------------------------------------------------

def _dense(m: csr_matrix) -> dict[tuple[int, int], float]:
    coo = m.tocoo()
    return {(int(r), int(c)): float(x) for r, c, x in zip(coo.row, coo.col, coo.data,
                                                           strict=True)}


def test_sparse_min_keeps_the_cheapest_arc() -> None:
    rows = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    cols = np.array([1, 1, 2, 0, 1, 0, 2, 0])
    cost = np.array([5.0, 3.0, INF, 0.0, 7.0, 2.0, 1.0, 4.0])
    m = sparse_min(rows, cols, cost, 3)
    # parallel 0->1 (5, 3) keeps 3; inf and self-loops go; the free arc 1->0 stays
    assert _dense(m) == {(0, 1): 3.0, (1, 0): 0.0, (2, 0): 2.0}
    assert m.shape == (3, 3)
    assert dijkstra(m, indices=2).tolist() == [2.0, 5.0, 0.0]  # 2->0 (2), 0->1 (3)
    assert dijkstra(m, indices=1).tolist() == [0.0, 0.0, INF]  # the explicit zero is an arc


def test_sparse_min_sorts_only_the_arcs_that_may_be_parallel() -> None:
    # the same arcs as above; only 0->1 and 2->0 have twins, so only they may be parallel
    rows = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    cols = np.array([1, 1, 2, 0, 1, 0, 2, 0])
    cost = np.array([5.0, 3.0, INF, 0.0, 7.0, 2.0, 1.0, 4.0])
    twins = np.array([True, True, False, False, False, True, False, True])
    m = sparse_min(rows, cols, cost, 3, twins)
    assert _dense(m) == {(0, 1): 3.0, (1, 0): 0.0, (2, 0): 2.0}
    assert m.has_canonical_format and m.shape == (3, 3)
    # the zero arc is stored, as above (a search must be able to take it)
    assert m.nnz == 3


def test_twin_segments_are_those_joining_the_same_two_nodes() -> None:
    net = Network("walk", "EPSG:25832", np.arange(4), np.zeros((4, 2)),
                  u=np.array([0, 1, 1, 2, 3]), v=np.array([1, 0, 2, 3, 2]),
                  length_m=np.ones(5), cost_fwd=np.ones(5), cost_bwd=np.ones(5),
                  way=np.arange(5), highway=np.array(["footway"] * 5, dtype=object),
                  component=np.zeros(4, np.int64), component_size=np.array([4]),
                  core=np.ones(4, bool), access=np.ones(5, bool))
    # 0-1 drawn both ways, 2-3 both ways; 1-2 alone
    assert net.twin_segments().tolist() == [True, True, False, True, True]


def test_sparse_min_empty() -> None:
    m = sparse_min(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0), 4)
    assert m.shape == (4, 4) and m.nnz == 0


def _chain() -> Graph:
    # 0 - 1 - 2, 1 m each way
    m = sparse_min(np.array([0, 1, 1, 2]), np.array([1, 0, 2, 1]), np.ones(4), 3)
    return Graph(m, np.zeros((3, 2)), 3, [], np.zeros(3, bool))


def test_root_reaches_the_node_with_its_own_number() -> None:
    # Regression: root k's arc to network node k was taken for a self-loop and dropped,
    # so a station or service whose access node number equalled its set number was lost.
    sets = [SourceSet(np.array([0]), np.array([0.0])),
            SourceSet(np.array([1]), np.array([5.0])),
            SourceSet(np.array([2, -1]), np.array([0.0, 9.0]))]  # -1: not snapped
    trees = nearest(_chain(), sets)
    assert trees.dist.tolist() == [[0.0, 1.0, 2.0], [6.0, 5.0, 6.0], [2.0, 1.0, 0.0]]
    assert trees.root.tolist() == [3, 4, 5]
    full = with_roots(_chain().matrix, sets)
    assert full.shape == (6, 6)
    assert _dense(full)[(3, 0)] == 0.0 and _dense(full)[(4, 1)] == 5.0


def test_shared_access_node_takes_the_shorter_leg() -> None:
    trees = nearest(_chain(), [SourceSet(np.array([2, 2]), np.array([40.0, 15.0]))])
    assert trees.dist.tolist() == [[17.0, 16.0, 15.0]]


def test_no_source_sets() -> None:
    trees = nearest(_chain(), [])
    assert trees.dist.shape == (0, 3)


def test_forward_and_reverse_search() -> None:
    # one-way ring: 0->1 (1), 1->2 (1), 2->0 (10)
    m = sparse_min(np.array([0, 1, 2]), np.array([1, 2, 0]), np.array([1.0, 1.0, 10.0]), 3)
    g = Graph(m, np.zeros((3, 2)), 3, [], np.zeros(3, bool))
    src = [SourceSet(np.array([0]), np.array([0.0]))]
    assert nearest(g, src).dist.tolist() == [[0.0, 1.0, 2.0]]  # from 0
    assert nearest(g, src, reverse=True).dist.tolist() == [[0.0, 11.0, 10.0]]  # to 0


def test_tree_origin_names_the_member_each_node_hangs_from() -> None:
    # members at 0 (leg 0) and 2 (leg 0.5): node 1 is 1 from 0 and 1.5 from 2
    g = _chain()
    trees = nearest(g, [SourceSet(np.array([0, 2]), np.array([0.0, 0.5]))])
    assert tree_origin(trees, 0).tolist() == [0, 0, 2]
    assert tree_origin(trees, 0, np.array([2, 1, 1])).tolist() == [2, 0, 0]


@pytest.mark.shared
def test_tree_origin_of_a_few_nodes_is_the_whole_tree_s_answer_on_oslo(oslo_pbf: Path) -> None:
    _, _, _, acc = _oslo_case(str(oslo_pbf))
    rng = np.random.default_rng(5)
    for trees in (acc.walk_trees, acc.police_trees):
        n = trees.dist.shape[1]
        nodes = rng.integers(0, n, 3000)
        for k in range(len(trees.root)):
            whole = tree_origin(trees, k)
            assert np.array_equal(tree_origin(trees, k, nodes), whole[nodes])
        assert (whole[nodes] >= 0).any()  # (the check is not of empty answers only)


def _toy_snaps(net: Network, local: list) -> Snap:
    return snap(net, np.array([shift(g) for g in local], dtype=object))


def test_split_graph() -> None:
    walk = walk_network(toy_osm())
    n1, n2, n5 = (int(np.flatnonzero(walk.node_ids == node_id(k))[0]) for k in ("n1", "n2", "n5"))
    plots = _toy_snaps(walk, [Point(300, 0), Point(300, 5), Point(600, 800),
                              Point(EPS_M / 10, 0), None])
    services = _toy_snaps(walk, [Point(500, -3), Point(100, 2)])
    g = graph_from_network(walk, [plots, services])
    assert g.n_network == walk.n_nodes == 9
    # three split points on n1-n2 (100, 300, 500 m from n1), numbered in order along it
    assert len(g.xy) == 12
    np.testing.assert_allclose(g.xy[9:] - np.array(ORIGIN), [[100, 0], [300, 0], [500, 0]],
                               atol=1e-6)
    assert g.access[0].tolist() == [10, 10, n5, n1, -1]  # same point, same node
    assert g.access[1].tolist() == [11, 9]
    arcs = _dense(g.matrix)
    for a, b, metres in [(n1, 9, 100), (9, 10, 200), (10, 11, 200), (11, n2, 100)]:
        assert arcs[(a, b)] == pytest.approx(metres, abs=1e-6)
        assert arcs[(b, a)] == arcs[(a, b)]
    assert (n1, n2) not in arcs and (n2, n1) not in arcs  # replaced by its pieces
    assert g.matrix.nnz == 2 * (len(walk.u) - 1 + 4)
    assert not g.main.any()


def test_main_road_nodes() -> None:
    drive = drive_network(toy_osm())
    g = graph_from_network(drive, [_toy_snaps(drive, [Point(300, 0), Point(900, 830)])],
                           settings.main_road_classes)
    on_main = {int(drive.node_ids[i]) for i in np.flatnonzero(g.main[: g.n_network])}
    assert on_main == {node_id("n1"), node_id("n2"), node_id("n3")}  # Storgata, primary
    assert g.main[g.access[0]].tolist() == [True, False]  # the split point on Storgata


# --- the oracle on central Oslo ------------------------------------------------------------

N_POINTS, N_SQUARES = 180, 20


@functools.lru_cache(maxsize=1)
def _oslo_case(path: str) -> tuple[Study, gpd.GeoDataFrame, gpd.GeoDataFrame, Accessibility]:
    study, services = real_study(path)
    rng = np.random.default_rng(20261126)
    lon0, lat0, lon1, lat1 = study.osm.source["bbox"]
    n = N_POINTS + N_SQUARES
    centres = gpd.GeoSeries(gpd.points_from_xy(rng.uniform(lon0, lon1, n),
                                               rng.uniform(lat0, lat1, n)), crs="EPSG:4326")
    centres = centres.to_crs(study.crs)
    geoms = list(centres[:N_POINTS]) + [shapely.box(p.x - 20, p.y - 20, p.x + 20, p.y + 20)
                                        for p in centres[N_POINTS:]]
    plots = gpd.GeoDataFrame({"plot_id": [f"r{i}" for i in range(n)],
                              "name": [f"random {i}" for i in range(n)]},
                             geometry=geoms, crs=study.crs)
    cats = sorted(set(services["category"]))
    acc = accessibility(study, plots, services, cats)
    return study, services.to_crs(study.crs), plots, acc


def _check_snap(net: Network, geoms: np.ndarray, s: Snap) -> None:
    """The access point is on a nearest usable segment: at the foot of the geometry's
    shortest line to it, or at the segment's end when that foot is within the node
    tolerance of it; the access leg is the straight distance to the access point."""
    present = np.flatnonzero(s.edge >= 0)
    usable = np.flatnonzero(net.access)
    lines = shapely.linestrings(np.stack([net.xy[net.u], net.xy[net.v]], axis=1))
    assert net.access[s.edge[present]].all()
    pairs = shapely.STRtree(lines[usable]).query(geoms[present], predicate="dwithin",
                                                 distance=s.snap_m[present] + 1e-3)
    gap = shapely.distance(geoms[present][pairs[0]], lines[usable][pairs[1]])
    nearest_m = np.full(len(present), INF)
    np.minimum.at(nearest_m, pairs[0], gap)
    for k in np.flatnonzero(np.isinf(nearest_m)):  # GEOS skips invalid (degenerate) lines
        nearest_m[k] = shapely.distance(geoms[present[k]], lines[usable]).min()
    e, t = s.edge[present], s.t[present]
    np.testing.assert_allclose(shapely.distance(geoms[present], lines[e]), nearest_m,
                               atol=1e-6, rtol=0)
    length = net.length_m[e]
    foot = shapely.get_point(shapely.shortest_line(geoms[present], lines[e]), 1)
    exact = shapely.line_locate_point(lines[e], foot)
    tol = settings.node_tolerance_m
    to_end = np.minimum(exact, length - exact)
    want = np.where(to_end > tol, exact, np.where(exact <= length - exact, 0.0, length))
    clear = np.abs(to_end - tol) > 1e-6  # not on the tolerance's edge
    np.testing.assert_allclose(t[clear], want[clear], atol=1e-6)
    assert ((t >= -1e-9) & (t <= length + 1e-9)).all()
    frac = (t / np.where(length > 0, length, 1))[:, None]
    on_seg = net.xy[net.u[e]] * (1 - frac) + net.xy[net.v[e]] * frac
    np.testing.assert_allclose(on_seg, np.column_stack([s.x[present], s.y[present]]), atol=1e-6)
    to_access = shapely.distance(geoms[present], shapely.points(s.x[present], s.y[present]))
    np.testing.assert_allclose(to_access, s.snap_m[present], atol=1e-6)
    moved = (to_end <= tol) & (to_end > 0)
    assert (s.snap_m[present] - nearest_m <= np.hypot(nearest_m, tol) - nearest_m + 1e-6).all()
    print(f"snap check: {len(present)} points, {int(moved.sum())} moved onto a segment end")


@pytest.mark.shared
def test_walk_distances_match_networkx(oslo_pbf: Path) -> None:
    study, services, plots, acc = _oslo_case(str(oslo_pbf))
    net = study.walk
    plot_snap = snap(net, plots.geometry.to_numpy())
    svc_snap = snap(net, services.geometry.to_numpy())
    _check_snap(net, plots.geometry.to_numpy(), plot_snap)
    _check_snap(net, services.geometry.to_numpy(), svc_snap)
    graph = walk_graph(net)
    # a plot outside the area and beyond the snap limit of every street is not measured
    # (the oracle would walk its long access leg): exactly those, and only those
    outside = np.array([is_outside(f) for f in acc.table["flag"]])
    unmeasured = outside & (plot_snap.snap_m > settings.max_snap_m)
    assert 0 < unmeasured.sum() < 20
    # its snap distance is not measured either (a gap of hundreds of km says nothing)
    np.testing.assert_allclose(acc.table["snap_m"].to_numpy()[~unmeasured],
                               plot_snap.snap_m[~unmeasured], atol=0)
    assert np.isnan(acc.table["snap_m"].to_numpy()[unmeasured]).all()
    worst, compared, names_checked = 0.0, 0, 0
    for cat in acc.categories:
        members = np.flatnonzero((services["category"] == cat).to_numpy() & (svc_snap.edge >= 0))
        assert len(members), cat
        dist = from_root(graph, walk_offsets(net, svc_snap, members))
        want = walk_to_plots(net, dist, plot_snap, svc_snap, members)
        got = acc.table[f"walk_m_{cat}"].to_numpy()
        assert (np.isnan(got) == unmeasured).all(), cat
        want[unmeasured] = np.nan  # compared no further
        assert (np.isinf(want) == np.isinf(got)).all(), cat
        finite = np.isfinite(want)
        diff = np.abs(want[finite] - got[finite])
        worst = max(worst, float(diff.max()))
        compared += int((~unmeasured).sum())
        assert diff.max() <= 1e-6, (cat, diff.max())
        # the service named is one of the nearest: the same-named services of the
        # category, searched alone, reach the plot just as soon
        names = acc.table[f"nearest_{cat}"].to_numpy()
        svc_names = services["name"].astype(str).to_numpy()
        assert (names[~finite] == "").all()  # unreachable or not measured: none named
        for name in sorted(set(names[finite])):
            plots_named = np.flatnonzero(finite & (names == name))
            same = members[svc_names[members] == name]
            assert len(same), (cat, name)
            cutoff = float(np.max(want[plots_named] - plot_snap.snap_m[plots_named])) + 1e-3
            sub = from_root(graph, walk_offsets(net, svc_snap, same), cutoff=cutoff)
            alone = walk_to_plots(net, sub, plot_snap, svc_snap, same)[plots_named]
            np.testing.assert_allclose(alone, want[plots_named], atol=1e-6, rtol=0)
            names_checked += len(plots_named)
    n_cats = len(acc.categories)
    assert compared == (N_POINTS + N_SQUARES - unmeasured.sum()) * n_cats
    print(f"walk oracle: {N_POINTS + N_SQUARES - unmeasured.sum()} measured plots (of "
          f"{N_POINTS + N_SQUARES}) x {n_cats} categories, "
          f"max |diff| {worst:.3g} m, {names_checked} nearest names checked")


@pytest.mark.shared
def test_split_graph_sorting_only_twins_is_the_full_sort_s_graph(
        oslo_pbf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # real OSM draws some segments twice; the cost matrix sorts only their arcs, and is
    # the very matrix that sorting every arc gives
    study, services, plots, _ = _oslo_case(str(oslo_pbf))
    assert study.walk.twin_segments().sum() > 100
    points = np.concatenate([plots.geometry.to_numpy(), services.geometry.to_numpy()])
    built = {}
    for every in (False, True):
        if every:
            monkeypatch.setattr(distances, "_sparse_unique",
                                lambda rows, cols, cost, n, _: sparse_min(rows, cols, cost, n))
        built[every] = [graph_from_network(net, [snap(net, points)]).matrix
                        for net in (study.walk, study.drive)]
    for ours, full in zip(built[False], built[True], strict=True):
        assert ours.nnz > 10_000 and ours.has_canonical_format
        assert np.array_equal(ours.indptr, full.indptr)
        assert np.array_equal(ours.indices, full.indices)
        assert ours.data.tobytes() == full.data.tobytes()


def test_walk_is_undirected_and_keeps_cycleways(oslo_pbf: Path) -> None:
    study, services, plots, acc = _oslo_case(str(oslo_pbf))
    walk = study.walk
    # one-way streets are in the walk network, yet every cost is the same both ways
    oneway = study.osm.ways["oneway"].reindex(walk.way).fillna("").to_numpy() == "yes"
    assert oneway.sum() > 1000
    assert (walk.cost_fwd == walk.cost_bwd).all()
    assert (walk.cost_fwd == walk.length_m).all()
    m = acc.walk_graph.matrix
    assert (m != m.T).nnz == 0
    # the Norwegian foot-and-cycle paths are walkable ...
    cycle = walk.highway == "cycleway"
    assert int(cycle.sum()) == 2627
    assert int(((study.drive.highway == "cycleway")).sum()) == 0
    # ... and some distances need them: drop them and measure again
    ways = study.osm.ways
    keep = ~ways.index.isin(ways.index[ways["highway"] == "cycleway"])
    osm = study.osm
    without = OsmData(osm.nodes, osm.segments[osm.segments["way"].isin(ways.index[keep])],
                      ways[keep], osm.features, osm.source)
    other = accessibility(study_from_osm(without, study.crs), plots, services,
                          acc.categories)
    cols = [f"walk_m_{c}" for c in acc.categories]
    before, after = acc.table[cols].to_numpy(), other.table[cols].to_numpy()
    both = np.isfinite(before) & np.isfinite(after)
    changed = both & ~np.isclose(before, after, rtol=0, atol=1e-6)
    longer = np.where(changed, np.where(both, after, 0.0) - np.where(both, before, 0.0), 0.0)
    lost = np.isfinite(before) & np.isinf(after)
    print(f"without cycleways: {changed.sum()} of {before.size} plot distances change "
          f"(up to {longer.max():.0f} m longer), {lost.sum()} become unreachable")
    assert changed.sum() >= 50
    assert longer.max() > 100.0
