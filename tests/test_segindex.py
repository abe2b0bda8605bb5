"""The grid index of street segments (siting._segindex) and the snaps a study stores.

Hand-made segments with answers worked out on paper, then central Oslo against
a brute-force search over every segment.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
import shapely

from siting._segindex import SegmentIndex
from siting.cache import lean, load_study, save_study
from siting.config import default_config
from siting.demo import demo_osm, demo_plots
from siting.network import snap
from siting.pipeline import rank

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
    assert _index().nearest(XY, U, V, points).tolist() == [0, 1, 2, 0, 3, 4, 3, 3]


def test_a_tie_away_from_a_node_goes_to_the_lower_index() -> None:
    # a copy of segment 2 at x = 180 (segment 5): (140, 50) is 40 m from both,
    # 50 m from segment 1
    xy = np.vstack([XY, [[180.0, 0.0], [180.0, 80.0]]])
    u, v = np.r_[U, 7], np.r_[V, 8]
    point = shapely.points([(140.0, 50.0)])
    assert SegmentIndex.build(xy, u, v, np.arange(len(u))).nearest(xy, u, v, point).tolist() \
        == [2]
    # listed the other way round: still the lower segment number
    assert SegmentIndex.build(xy, u, v, np.array([5, 2])).nearest(xy, u, v, point).tolist() \
        == [2]


def test_only_the_indexed_segments_count() -> None:
    index = _index(np.array([1, 3]))
    assert index.nearest(XY, U, V, shapely.points([(50.0, 10.0)])).tolist() == [1]


def test_shapes_meet_their_nearest_segment_by_their_outline() -> None:
    shapes = np.array([
        shapely.box(20.0, 5.0, 60.0, 30.0),      # 5 m above segment 0
        shapely.box(960.0, -20.0, 995.0, 20.0),  # 5 m west of the long road
        shapely.box(95.0, -5.0, 105.0, 5.0),     # covers the junction: 0 m to 0, 1, 2
    ], dtype=object)
    assert _index().nearest(XY, U, V, shapes).tolist() == [0, 3, 0]


def test_an_empty_index_finds_nothing() -> None:
    index = _index(np.empty(0, np.int64))
    assert index.nearest(XY, U, V, shapely.points([(0.0, 0.0)])).tolist() == [-1]


def test_the_index_survives_pickling() -> None:
    index = _index()
    again = pickle.loads(pickle.dumps(index))
    points = shapely.points([(50.0, 10.0), (990.0, 123.0)])
    assert again.nearest(XY, U, V, points).tolist() == index.nearest(XY, U, V, points).tolist()


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
        found = net.index(any_segment).nearest(net.xy, net.u, net.v, shapely.points(points))
        assert np.isin(found, edges).all()
        pos = np.searchsorted(edges, found)
        nearest_m = every.min(axis=1)
        np.testing.assert_allclose(every[np.arange(len(points)), pos], nearest_m, rtol=0,
                                   atol=1e-9)
        # on a junction every segment there is 0 m away: the lowest segment number wins
        on = np.flatnonzero(nearest_m == 0)
        assert len(on) >= 100
        assert found[on].tolist() == [edges[np.flatnonzero(every[k] == 0)].min() for k in on]
        corner = rng.uniform(lo, hi, (25, 2))
        boxes = shapely.box(corner[:, 0], corner[:, 1], corner[:, 0] + 25, corner[:, 1] + 15)
        lines = shapely.linestrings(np.stack([a, b], axis=1))
        found = net.index(any_segment).nearest(net.xy, net.u, net.v, boxes)
        gaps = shapely.distance(boxes[:, None], lines[None, :])
        np.testing.assert_array_equal(gaps[np.arange(len(boxes)),
                                           np.searchsorted(edges, found)], gaps.min(axis=1))


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
                 geoms: np.ndarray) -> np.ndarray:
        calls.append(len(geoms))
        return real(self, xy, u, v, geoms)

    monkeypatch.setattr(SegmentIndex, "nearest", counting)
    got = rank(back, plots, None, default_config("recovery")).ranked
    assert got.equals(want)
    # only the plots were searched (walk, drive, any road); the services were looked up
    assert calls == [len(plots)] * 3
    services = snap(back.walk, np.array([shapely.Point(0, 0)]))  # unknown: searched
    assert calls[-1] == 1 and services.edge[0] >= 0
