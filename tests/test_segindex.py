"""The grid index of street segments (siting._segindex) and the snaps a study stores.

Hand-made segments with answers worked out on paper, then central Oslo against
a brute-force search over every segment and against GEOS's STRtree, which
snapping used before the index (every snap and every figure the same).
"""

from __future__ import annotations

import pickle
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pandas.testing import assert_frame_equal

from siting._segindex import TIE_M, SegmentIndex
from siting.cache import lean, load_study, save_study
from siting.config import default_config
from siting.demo import demo_osm, demo_plots
from siting.pipeline import rank
from siting.snap import snap

# Five segments (metres): 0 and 1 meet at (100, 0); 2 runs north from there; 3 is a
# long road far to the east; 4 has zero length at (0, 50).
XY = np.array([[0.0, 0.0], [100.0, 0.0], [200.0, 0.0], [100.0, 80.0],
               [1000.0, -500.0], [1000.0, 500.0], [0.0, 50.0]])
U = np.array([0, 1, 1, 4, 6])
V = np.array([1, 2, 3, 5, 6])


def _index(edges: np.ndarray | None = None) -> SegmentIndex:
    return SegmentIndex.build(XY, U, V, np.arange(len(U)) if edges is None else edges)


def test_nearest_segment_of_points_by_hand() -> None:
    points = shapely.points([
        (50.0, 10.0),     # 10 m above segment 0
        (150.0, -3.0),    # 3 m below segment 1
        (103.0, 40.0),    # 3 m east of segment 2
        (100.0, 0.0),     # on the junction of 0, 1 and 2: the lowest index wins
        (990.0, 123.0),   # 10 m west of the long road, many cells from the rest
        (2.0, 50.0),      # 2 m from the zero-length segment 4, 50 m from segment 0
        (5000.0, 5000.0),  # far outside the grid: the long road's end (1000, 500)
        (1e7, -1e7),      # thousands of km off (a point in the wrong CRS): its other end
    ])
    nearest, unsure = _index().nearest(XY, U, V, points)
    assert nearest.tolist() == [0, 1, 2, 0, 3, 4, 3, 3]
    assert unsure.tolist() == [False, False, False, True, False, False, False, False]


def test_a_tie_away_from_a_node_goes_to_the_lower_index() -> None:
    # a copy of segment 2 at x = 180 (segment 5): (140, 50) is 40 m from both,
    # 50 m from segment 1
    xy = np.vstack([XY, [[180.0, 0.0], [180.0, 80.0]]])
    u, v = np.r_[U, 7], np.r_[V, 8]
    point = shapely.points([(140.0, 50.0), (140.0, 45.0)])
    nearest, unsure = SegmentIndex.build(xy, u, v, np.arange(len(u))).nearest(xy, u, v, point)
    assert nearest.tolist() == [2, 2] and unsure.tolist() == [True, True]
    # listed the other way round: still the lower segment number
    nearest, unsure = SegmentIndex.build(xy, u, v, np.array([5, 2])).nearest(xy, u, v, point)
    assert nearest.tolist() == [2, 2] and unsure.tolist() == [True, True]
    # a micrometre nearer one of them: sure
    nearest, unsure = SegmentIndex.build(xy, u, v, np.arange(len(u))).nearest(
        xy, u, v, shapely.points([(140.0 + 2e-6, 50.0)]))
    assert nearest.tolist() == [5] and unsure.tolist() == [False]


def test_only_the_indexed_segments_count() -> None:
    index = _index(np.array([1, 3]))
    assert index.nearest(XY, U, V, shapely.points([(50.0, 10.0)]))[0].tolist() == [1]


def test_shapes_meet_their_nearest_segment_by_their_outline() -> None:
    shapes = np.array([
        shapely.box(20.0, 5.0, 60.0, 30.0),      # 5 m above segment 0
        shapely.box(960.0, -20.0, 995.0, 20.0),  # 5 m west of the long road
        shapely.box(95.0, -5.0, 105.0, 5.0),     # covers the junction: 0 m to 0, 1, 2
    ], dtype=object)
    nearest, unsure = _index().nearest(XY, U, V, shapes)
    assert nearest.tolist() == [0, 3, 0] and unsure.tolist() == [False, False, True]


def test_an_empty_index_finds_nothing() -> None:
    index = _index(np.empty(0, np.int64))
    nearest, unsure = index.nearest(XY, U, V, shapely.points([(0.0, 0.0)]))
    assert nearest.tolist() == [-1] and unsure.tolist() == [False]


def test_the_index_survives_pickling() -> None:
    index = _index()
    again = pickle.loads(pickle.dumps(index))
    points = shapely.points([(50.0, 10.0), (990.0, 123.0)])
    assert again.nearest(XY, U, V, points)[0].tolist() == \
        index.nearest(XY, U, V, points)[0].tolist()


@pytest.mark.shared
def _every_distance(points: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Distance from each point to each segment a-b (points x segments), plainly."""
    ab = b - a
    rel = points[:, None, :] - a[None, :, :]
    length2 = (ab ** 2).sum(axis=1)
    safe = np.where(length2 > 0, length2, 1.0)
    frac = np.where(length2 > 0, np.clip((rel * ab).sum(axis=2) / safe, 0, 1), 0.0)
    return np.hypot(*np.moveaxis(rel - frac[:, :, None] * ab, 2, 0))


@pytest.mark.shared
def test_nearest_segment_agrees_with_a_search_over_every_segment_on_oslo(
        oslo_pbf: Path) -> None:
    """Random points, points exactly on junctions and small squares, on both networks,
    against every usable segment (points: plain arithmetic; squares: GEOS)."""
    from siting.cache import study_from_file

    study = study_from_file(oslo_pbf)
    rng = np.random.default_rng(11)
    for net, any_segment in ((study.walk, False), (study.drive, False), (study.drive, True)):
        edges = np.arange(len(net.u)) if any_segment else net.access_edges()
        a, b = net.xy[net.u[edges]], net.xy[net.v[edges]]
        lo, hi = net.xy.min(axis=0) - 200, net.xy.max(axis=0) + 200
        points = np.vstack([rng.uniform(lo, hi, (200, 2)),
                            net.xy[net.u[rng.choice(edges, 100)]]])  # on junctions
        every = np.vstack([_every_distance(chunk, a, b) for chunk in np.array_split(points, 10)])
        found, unsure = net.index(any_segment).nearest(net.xy, net.u, net.v,
                                                       shapely.points(points))
        assert np.isin(found, edges).all()
        pos = np.searchsorted(edges, found)
        nearest_m = every.min(axis=1)
        np.testing.assert_allclose(every[np.arange(len(points)), pos], nearest_m, rtol=0,
                                   atol=1e-9)
        # unsure exactly where a second segment is as near (within TIE_M)
        near = (every <= nearest_m[:, None] + TIE_M).sum(axis=1)
        assert unsure.tolist() == (near > 1).tolist()
        # on a node every segment there is 0 m away (unsure on a junction, not at a
        # dead end); the lowest segment number is given
        on = np.flatnonzero(nearest_m == 0)
        assert len(on) >= 100 and (near[on] > 1).sum() >= 50
        assert found[on].tolist() == [edges[np.flatnonzero(every[k] == 0)].min() for k in on]
        corner = rng.uniform(lo, hi, (25, 2))
        boxes = shapely.box(corner[:, 0], corner[:, 1], corner[:, 0] + 25, corner[:, 1] + 15)
        lines = shapely.linestrings(np.stack([a, b], axis=1))
        found, _ = net.index(any_segment).nearest(net.xy, net.u, net.v, boxes)
        gaps = shapely.distance(boxes[:, None], lines[None, :])
        np.testing.assert_array_equal(gaps[np.arange(len(boxes)),
                                           np.searchsorted(edges, found)], gaps.min(axis=1))


def test_a_point_on_a_junction_needs_no_geos_tree_and_a_shape_across_two_streets_does(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from siting.analysis import study_from_osm
    from siting.network import Network

    walk = study_from_osm(demo_osm()).walk
    built: list[shapely.STRtree] = []
    make = Network.tree

    def counted(net: Network, any_segment: bool = False) -> shapely.STRtree:
        built.append(make(net, any_segment))
        return built[-1]

    monkeypatch.setattr(Network, "tree", counted)
    degree = np.bincount(np.r_[walk.u, walk.v], minlength=walk.n_nodes)
    junction = int(np.flatnonzero(degree >= 3)[0])
    at = snap(walk, shapely.points(walk.xy[[junction]]))
    assert built == []  # settled by the index: every tied segment meets there
    assert at.snap_m[0] == 0.0
    assert junction in (walk.u[at.edge[0]], walk.v[at.edge[0]])
    # a square over the junction touches its streets at different places: GEOS decides,
    # with a tree built for the question and not kept (a large one would stay for good)
    x, y = walk.xy[junction]
    for side in (30, 31):
        snap(walk, np.array([shapely.box(x - side, y - side, x + side, y + side)], dtype=object))
    assert len(built) == 2 and built[0] is not built[1]
    assert not any(isinstance(v, shapely.STRtree) for v in vars(walk).values())


def test_a_stored_study_snaps_its_services_by_lookup_and_never_stores_a_plot(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from siting.analysis import study_from_osm

    fresh = study_from_osm(demo_osm())
    plots = demo_plots()
    want = rank(fresh, plots, None, default_config("recovery")).ranked
    stored = lean(study_from_osm(demo_osm()))
    rank(stored, plots, None, default_config("recovery"))  # remembers the plots' snaps
    save_study(stored, tmp_path / "entry.pickle")
    back = load_study(tmp_path / "entry.pickle")
    assert back is not None
    plot_wkb = set(shapely.to_wkb(plots.to_crs(back.crs).geometry.to_numpy()).tolist())
    for net in (back.walk, back.drive):
        assert "_snap_memo" not in vars(net)
        for rows, _found in vars(net)["_known"].values():
            assert not plot_wkb & set(rows)
    calls = []
    real = SegmentIndex.nearest

    def counting(self: SegmentIndex, xy: np.ndarray, u: np.ndarray, v: np.ndarray,
                 geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        calls.append(len(geoms))
        return real(self, xy, u, v, geoms)

    monkeypatch.setattr(SegmentIndex, "nearest", counting)
    got = rank(back, plots, None, default_config("recovery")).ranked
    assert got.equals(want)
    # only the plots were searched (walk, drive, any road); the services were looked up
    assert calls == [len(plots)] * 3
    services = snap(back.walk, np.array([shapely.Point(0, 0)]))  # unknown: searched
    assert calls[-1] == 1 and services.edge[0] >= 0


def _geos_only(self: SegmentIndex, xy: np.ndarray, u: np.ndarray, v: np.ndarray,
               geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Snapping as it was before the index: GEOS's STRtree for every geometry."""
    lines = shapely.linestrings(np.stack([xy[u[self.edges]], xy[v[self.edges]]], axis=1))
    asked = shapely.STRtree(lines).query_nearest(geoms, all_matches=False)
    out = np.empty(len(geoms), dtype=np.int64)
    out[asked[0]] = self.edges[asked[1]]
    return out, np.zeros(len(geoms), dtype=bool)


def _node_of(net: object, snaps: object) -> np.ndarray:
    """The network node a snap lands on (-1 inside a segment)."""
    ok = snaps.edge >= 0
    out = np.full(len(snaps.edge), -1)
    e, t = snaps.edge[ok], snaps.t[ok]
    out[ok] = np.where(t <= 1e-6, net.u[e], np.where(t >= net.length_m[e] - 1e-6, net.v[e], -1))
    return out


@pytest.mark.shared
def test_every_snap_is_the_one_geos_strtree_gave_on_oslo(oslo_pbf: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Services (points, platforms and grounds drawn as areas), points on junctions,
    random points and squares snap as with GEOS's STRtree alone, which snapping used
    before the index: the same segment and access point to the last bit -- except a
    point whose equally near segments all meet at one junction, which lands on that
    same junction node by another of its segments (the leg then may differ in the
    last bit, from the arithmetic of the segment's far end)."""
    from siting.analysis import study_from_osm
    from siting.osm import osm_from_file
    from siting.pipeline import services_for
    from siting.snap import snap_now

    study = study_from_osm(osm_from_file(oslo_pbf))
    services = services_for(study, None, default_config("recovery")).to_crs(study.crs)
    rng = np.random.default_rng(4)
    for net, any_segment in ((study.walk, False), (study.drive, False), (study.drive, True)):
        lo, hi = net.xy.min(axis=0), net.xy.max(axis=0)
        corner = rng.uniform(lo, hi, (300, 2))
        geoms = np.concatenate([
            services.geometry.to_numpy(),
            shapely.points(net.xy[rng.integers(0, net.n_nodes, 500)]),
            shapely.points(rng.uniform(lo, hi, (2000, 2))),
            shapely.box(corner[:, 0], corner[:, 1], corner[:, 0] + 40, corner[:, 1] + 30),
        ])
        ours = snap_now(net, geoms, any_segment)
        with monkeypatch.context() as patch:
            patch.setattr(SegmentIndex, "nearest", _geos_only)
            theirs = snap_now(net, geoms, any_segment)
        other = ours.edge != theirs.edge
        same = ~other
        for name in ("t", "snap_m", "x", "y"):
            np.testing.assert_array_equal(getattr(ours, name)[same], getattr(theirs, name)[same])
        # where the segment differs: a point, on the same junction node, as far from it
        assert (shapely.get_type_id(geoms[other]) == 0).all()
        node = _node_of(net, ours)[other]
        assert (node >= 0).all() and (node == _node_of(net, theirs)[other]).all()
        np.testing.assert_allclose(ours.snap_m[other], theirs.snap_m[other], rtol=0, atol=1e-9)
        assert 50 < other.sum() < len(geoms) / 4


@pytest.mark.shared
def test_every_figure_is_the_one_geos_strtree_gave_on_oslo(oslo_pbf: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """1,000 random plots ranked on central Oslo: the same table as with GEOS's STRtree
    alone; distances to within 1e-9 m (a junction's last bit), all else exactly."""
    from siting.analysis import study_from_osm
    from siting.osm import osm_from_file

    study = study_from_osm(osm_from_file(oslo_pbf))
    rng = np.random.default_rng(8)
    lon0, lat0, lon1, lat1 = study.osm.source["bbox"]
    plots = gpd.GeoDataFrame(
        {"plot_id": [f"p{i}" for i in range(1000)], "name": [f"p{i}" for i in range(1000)]},
        geometry=gpd.points_from_xy(rng.uniform(lon0, lon1, 1000), rng.uniform(lat0, lat1, 1000)),
        crs="EPSG:4326")
    ours = rank(study, plots, None, default_config("recovery")).ranked
    with monkeypatch.context() as patch:
        patch.setattr(SegmentIndex, "nearest", _geos_only)
        theirs = rank(study_from_osm(osm_from_file(oslo_pbf)), plots, None,
                      default_config("recovery")).ranked
    assert_frame_equal(ours, theirs, check_exact=False, rtol=0, atol=1e-9)
    for column in ours.columns:
        if ours[column].dtype.kind != "f":
            assert ours[column].astype(str).tolist() == theirs[column].astype(str).tolist()
