"""The scale work changes no figure: the one-pass reader, the lean cache and the parallel
distance stage give results identical to the last bit, on the demo, central Oslo and
the Bjørvika extract tiled 2 x 2 and stitched (written to a tmp dir by
``bench/tiling.py``; the benchmark tiles central Oslo up to 4 x 4).

The reader is checked against a reference written the plain way: osmium objects
turned into Python values one by one, and multipolygon services assembled by
osmium's own area assembler in a second pass.
"""

from __future__ import annotations

import itertools
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import geopandas as gpd
import numpy as np
import osmium
import osmium.geom
import pandas as pd
import pytest
import shapely
from pandas.testing import assert_frame_equal

from siting import settings
from siting.addresses import addresses_from_file
from siting.analysis import Study, study_from_osm
from siting.cache import load_study, save_study, study_from_file
from siting.config import default_config
from siting.demo import demo_osm, demo_plots
from siting.osm import FEATURE_KEYS, WAY_TAGS, osm_from_file
from siting.pipeline import rank
from siting.places import places_from_file
from siting.review import study_review
from siting.services import CATEGORIES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from test_classify import plain_review
from tiling import tile_extract


@pytest.fixture(scope="session")
def tiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Bjørvika extract tiled 2 x 2 and stitched into one network, in a tmp dir."""
    from conftest import shared_file

    source = shared_file("oslo-opera.osm.pbf")
    return tile_extract(source, 2, tmp_path_factory.mktemp("tiles") / "opera-2x2.osm.pbf")


# -- the reference reader ---------------------------------------------------------------------

def _is_feature(tags: dict[str, str]) -> bool:
    return tags.get("highway") == "bus_stop" or any(k in tags for k in FEATURE_KEYS)


def reference_read(path: Path) -> dict[str, Any]:
    """Streets and features of ``path``, object by object (slow and plain)."""
    node_loc: dict[int, tuple[float, float]] = {}
    segments, ways, features, stamps = [], [], [], []
    processor = (osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
                 .with_locations().with_filter(osmium.filter.KeyFilter("highway", *FEATURE_KEYS)))
    for obj in processor:
        tags = dict(obj.tags)
        stamps.append(obj.timestamp)
        if obj.is_node():
            if _is_feature(tags) and obj.location.valid():
                features.append((f"n{obj.id}", tags, shapely.Point(obj.location.lon,
                                                                   obj.location.lat)))
            continue
        refs = [(n.ref, n.location) for n in obj.nodes]
        if "highway" in tags:
            ways.append({"id": obj.id, **{k: tags.get(k) for k in WAY_TAGS}})
            for (a, la), (b, lb) in itertools.pairwise(refs):
                if la.valid() and lb.valid() and a != b:
                    node_loc[a], node_loc[b] = (la.lon, la.lat), (lb.lon, lb.lat)
                    segments.append((a, b, obj.id))
        if _is_feature(tags):
            coords = [(loc.lon, loc.lat) for _, loc in refs if loc.valid()]
            closed = refs[0][0] == refs[-1][0] and len(coords) == len(refs)
            if closed and len(coords) >= 4:
                features.append((f"w{obj.id}", tags, shapely.Polygon(coords)))
            elif len(coords) >= 2:
                features.append((f"w{obj.id}", tags, shapely.LineString(coords)))
    features += _reference_areas(path)
    newest = max(stamps).isoformat() if stamps and max(stamps).timestamp() > 0 else ""
    return {"nodes": node_loc, "segments": segments, "ways": ways, "features": features,
            "newest": newest}


def _reference_areas(path: Path) -> list[tuple[str, dict[str, str], shapely.Geometry]]:
    wkb = osmium.geom.WKBFactory()
    out = []
    processor = (osmium.FileProcessor(str(path)).with_areas(osmium.filter.KeyFilter(*FEATURE_KEYS))
                 .with_filter(osmium.filter.EntityFilter(osmium.osm.AREA)))
    for area in processor:
        tags = dict(area.tags)
        if not area.from_way() and _is_feature(tags):
            out.append((f"r{area.orig_id()}", tags,
                        shapely.from_wkb(wkb.create_multipolygon(area))))
    return out


def _assert_reads_as_reference(path: Path) -> None:
    ref, osm = reference_read(path), osm_from_file(path)
    assert list(osm.nodes.index) == list(ref["nodes"])
    assert osm.nodes[["lon", "lat"]].to_numpy().tolist() == [list(v) for v in
                                                            ref["nodes"].values()]
    assert osm.segments[["u", "v", "way"]].to_numpy().tolist() == [list(s) for s in
                                                                  ref["segments"]]
    ways = pd.DataFrame(ref["ways"], columns=["id", *WAY_TAGS]).set_index("id")
    assert_frame_equal(osm.ways, ways[ways.index.isin(osm.segments["way"])])
    assert osm.features["osm_id"].tolist() == [f[0] for f in ref["features"]]
    assert list(osm.features["tags"]) == [f[1] for f in ref["features"]]
    assert osm.features["name"].tolist() == [f[1].get("name", "") for f in ref["features"]]
    # identical coordinates in identical order (WKB bytes), not merely equal shapes
    assert list(shapely.to_wkb(osm.features.geometry.to_numpy())) == \
        list(shapely.to_wkb(np.array([f[2] for f in ref["features"]], dtype=object)))
    assert osm.source["timestamp"] == ref["newest"]
    # addresses and places come from the same pass; each reference reads a pass of its own
    assert_frame_equal(osm.addresses, addresses_from_file(path), check_exact=True)
    assert_frame_equal(osm.places, places_from_file(path), check_exact=True)


def _reader_forks(monkeypatch: pytest.MonkeyPatch, split: bool, threads: int = 1) -> list[int]:
    """Make the reader split its pass over a worker (or not) whatever the file's size
    and the threads earlier tests left running; return the list the forks go to."""
    from siting import _parallel

    monkeypatch.setattr(settings, "parallel_min_file_mb", 0.0 if split else float("inf"))
    monkeypatch.setattr(settings, "parallel_workers", 2)
    monkeypatch.setattr(_parallel.threading, "active_count", lambda: threads)
    forks: list[int] = []
    _count_forks(monkeypatch, forks)
    return forks


def _count_forks(monkeypatch: pytest.MonkeyPatch, forks: list[int]) -> None:
    """Append the id of every worker ``siting._parallel`` forks to ``forks``."""
    from siting import _parallel

    real_fork = os.fork

    def counted_fork() -> int:
        pid = real_fork()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(_parallel.os, "fork", counted_fork)


@pytest.mark.shared
@pytest.mark.parametrize("split", [False, True], ids=["one pass", "nodes in a worker"])
def test_reader_gives_what_the_plain_reader_gives_on_oslo(
        oslo_pbf: Path, monkeypatch: pytest.MonkeyPatch, split: bool) -> None:
    forks = _reader_forks(monkeypatch, split)
    _assert_reads_as_reference(oslo_pbf)
    assert len(forks) == split


@pytest.mark.shared
@pytest.mark.parametrize("split", [False, True], ids=["one pass", "nodes in a worker"])
def test_reader_gives_what_the_plain_reader_gives_on_a_tiled_extract(
        tiled: Path, monkeypatch: pytest.MonkeyPatch, split: bool) -> None:
    forks = _reader_forks(monkeypatch, split)
    _assert_reads_as_reference(tiled)
    assert len(forks) == split


@pytest.mark.shared
def test_reader_reads_a_file_in_many_blocks_as_the_plain_reader(
        oslo_pbf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # pyarrow reads the scratch files a block at a time, and the ways' node lists are
    # parsed block by block (at 4x4 tiled Oslo the ways' file is two blocks): with 1 MiB
    # blocks central Oslo's files are several
    from siting import _opl

    blocks: list[int] = []
    parse = _opl._chunk_node_lists

    def counted(column: Any) -> Any:
        blocks.append(len(column))
        return parse(column)

    monkeypatch.setattr(_opl, "_BLOCK", 1 << 20)
    monkeypatch.setattr(_opl, "_chunk_node_lists", counted)
    _assert_reads_as_reference(oslo_pbf)
    assert len(blocks) > 3


_AWKWARD = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand-written">
  <node id="1" timestamp="2024-01-01T00:00:00Z" lat="59.91" lon="10.75"/>
  <node id="2" timestamp="2025-02-03T04:05:06Z" lat="59.9100001" lon="10.7510009">
    <tag k="shop" v="supermarket"/>
    <tag k="name" v="Kiwi 50% rabatt, n&#229; = billig &#128652;"/>
    <tag k="note" v="%41% %25% 100%"/>
    <tag k="opening_hours" v="Mo-Fr 07:00-23:00; Sa 08:00-22:00"/>
    <tag k="k=v,x y" v=""/>
  </node>
  <node id="3" lat="-33.8688197" lon="-151.2092955">
    <tag k="highway" v="crossing"/>
  </node>
  <node id="4" lat="59.911" lon="10.751">
    <tag k="addr:street" v="Gate,  med komma"/>
    <tag k="addr:housenumber" v="13A;15"/>
  </node>
  <way id="10" timestamp="2023-01-01T00:00:00Z">
    <nd ref="1"/><nd ref="2"/><nd ref="99"/><nd ref="3"/><nd ref="1"/>
    <tag k="highway" v="footway"/>
    <tag k="name" v="Sti æøå א 中 %20%"/>
    <tag k="foot" v="yes"/>
  </way>
  <way id="11" timestamp="2023-01-01T00:00:00Z">
    <tag k="highway" v="service"/>
  </way>
  <way id="12">
    <nd ref="1"/><nd ref="2"/><nd ref="4"/><nd ref="1"/>
    <tag k="amenity" v="pharmacy"/><tag k="name" v="Apotek 1, Sentrum"/>
  </way>
</osm>
"""


@pytest.mark.parametrize("split", [False, True], ids=["one pass", "nodes in a worker"])
def test_reader_reads_awkward_text_and_places_as_the_plain_reader(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, split: bool) -> None:
    # what OPL must escape (space, comma, equals, percent, characters beyond U+05FF), an
    # empty value, a missing node, a way without nodes, negative coordinates
    path = tmp_path / "awkward.osm"
    path.write_text(_AWKWARD, encoding="utf-8")
    forks = _reader_forks(monkeypatch, split)
    _assert_reads_as_reference(path)
    osm = osm_from_file(path)
    assert len(forks) == 2 * split  # (the reference check read it once already)
    assert osm.features.set_index("osm_id").loc["n2", "tags"]["name"] == \
        "Kiwi 50% rabatt, nå = billig \U0001f68c"
    assert osm.features.set_index("osm_id").loc["n2", "tags"]["k=v,x y"] == ""
    assert osm.ways.loc[10, "name"] == "Sti æøå א 中 %20%"
    assert osm.nodes.loc[3].tolist() == [-151.2092955, -33.8688197]


def test_too_little_scratch_space_is_said_before_anything_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from siting import _osm_read
    from siting.errors import NetworkError

    path = Path(__file__).parent / "data" / "toy" / "tiny.osm"
    monkeypatch.setattr(_osm_read.tempfile, "tempdir", str(tmp_path))
    free = int(path.stat().st_size * 2)  # room for less than both scratch files
    monkeypatch.setattr(_osm_read.shutil, "disk_usage", lambda _: SimpleNamespace(free=free))
    written: list[Path] = []
    monkeypatch.setattr(_osm_read._opl, "write", lambda *args, **kw: written.append(args[1]))
    with pytest.raises(NetworkError) as err:
        osm_from_file(path)
    need = path.stat().st_size * _osm_read.SCRATCH_PER_BYTE
    assert str(err.value) == (
        f"tiny.osm: reading it needs about {need / 1e6:,.0f} MB of free space in the "
        f"temporary folder {tmp_path} for a moment, and {free / 1e6:,.0f} MB are free. "
        "Free some space there, or point the TMPDIR environment variable to a disk with room.")
    assert written == [] and list(tmp_path.iterdir()) == []  # nothing written, nothing left


@pytest.mark.shared
def test_a_failed_node_worker_is_redone_here(oslo_pbf: Path, monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    from siting import _osm_read

    _reader_forks(monkeypatch, split=False)
    alone = osm_from_file(oslo_pbf)
    forks = _reader_forks(monkeypatch, split=True)
    real = _osm_read._node_side

    def dies_in_the_worker(part: Any) -> Any:
        if os.getpid() != parent:
            os._exit(3)
        return real(part)

    parent = os.getpid()
    monkeypatch.setattr(_osm_read, "_node_side", dies_in_the_worker)
    again = osm_from_file(oslo_pbf)
    assert len(forks) == 1
    assert [r.getMessage() for r in caplog.records if r.levelname == "WARNING"] == [
        "a worker process failed (exit code 3); its work is done here"]
    assert_frame_equal(again.features, alone.features, check_exact=True)
    assert_frame_equal(again.addresses, alone.addresses, check_exact=True)
    assert again.source == alone.source


@pytest.mark.shared
@pytest.mark.parametrize("step", ["ways", "relation areas"])
def test_a_failing_step_stops_the_node_worker(oslo_pbf: Path, monkeypatch: pytest.MonkeyPatch,
                                              step: str) -> None:
    from siting import _osm_read

    forks = _reader_forks(monkeypatch, split=True)

    def broken(*args: Any) -> None:
        raise RuntimeError("osmium: broken block")

    if step == "ways":
        monkeypatch.setattr(_osm_read._opl, "way_table", broken)
    else:
        monkeypatch.setattr(_osm_read._areas, "relation_areas", broken)
    with pytest.raises(RuntimeError, match="broken block"):
        _osm_read.read_file(oslo_pbf)
    (pid,) = forks
    with pytest.raises(ChildProcessError):  # killed and waited for: no process left behind
        os.waitpid(pid, os.WNOHANG)


def test_a_failing_pass_starts_no_worker_and_leaves_no_scratch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from siting import _osm_read

    forks = _reader_forks(monkeypatch, split=True)
    monkeypatch.setattr(_osm_read.tempfile, "tempdir", str(tmp_path))
    real = _osm_read._opl.write

    def broken(path: Path, target: Path, *args: Any, **kwargs: Any) -> None:
        real(path, target, *args, **kwargs)  # (the scratch file is written, then:)
        raise RuntimeError("osmium: broken block")

    monkeypatch.setattr(_osm_read._opl, "write", broken)
    with pytest.raises(RuntimeError, match="broken block"):
        _osm_read.read_file(Path(__file__).parent / "data" / "toy" / "tiny.osm")
    assert forks == [] and list(tmp_path.iterdir()) == []


def test_a_threaded_process_reads_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    forks = _reader_forks(monkeypatch, split=True, threads=2)
    osm = osm_from_file(Path(__file__).parent / "data" / "toy" / "tiny.osm")
    assert forks == [] and len(osm.segments) > 0  # the app's server runs threads: no fork


# -- cache and parallel searches ----------------------------------------------------------------

def _figures(study: Study, plots: gpd.GeoDataFrame) -> pd.DataFrame:
    config = default_config("recovery")
    result = rank(study, plots, None, config)
    return result.ranked


def _random_plots(study: Study, n: int) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(12)
    x0, y0, x1, y1 = study.coverage.bounds
    return gpd.GeoDataFrame({"plot_id": [f"p{i}" for i in range(n)], "name": "x"},
                            geometry=gpd.points_from_xy(rng.uniform(x0, x1, n),
                                                        rng.uniform(y0, y1, n)), crs=study.crs)


def _assert_cache_changes_nothing(path: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    fresh = study_from_osm(osm_from_file(path))
    plots = _random_plots(fresh, 300)
    first = study_from_file(path)  # builds and writes the cache entry
    again = study_from_file(path)  # reads it, with the service review made when it was built
    assert len(again.reviews) == 1
    # and each network with its twin segments, found when the entry was built
    for net, built in ((again.walk, fresh.walk), (again.drive, fresh.drive)):
        assert np.array_equal(vars(net)["_twins"], built.twin_segments())
    config = default_config("recovery")
    expected = rank(fresh, plots, None, config)
    plain = plain_review(fresh.osm.features, CATEGORIES)
    assert_frame_equal(study_review(fresh, CATEGORIES), plain, check_exact=True)
    for study in (first, again):
        got = rank(study, plots, None, config)
        assert_frame_equal(got.ranked, expected.ranked, check_exact=True)
        assert_frame_equal(got.review, expected.review, check_exact=True)
        assert_frame_equal(got.services, expected.services, check_exact=True)
    # the stored study keeps the features' tags column-wise: ranking read the police
    # stations' tags alone and made no tag dictionary
    assert "features" not in vars(again.osm)


# "workers": the file counts as large, so a worker reads its nodes, another builds
# the drive network and reviews the services, and a third writes the cache entry
_SPLIT = pytest.mark.parametrize("split", [False, True], ids=["one process", "workers"])


@pytest.mark.shared
@_SPLIT
def test_cache_changes_no_figure_on_oslo(oslo_pbf: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch, split: bool) -> None:
    forks = _reader_forks(monkeypatch, split)
    _assert_cache_changes_nothing(oslo_pbf, tmp_path, monkeypatch)
    assert len(forks) == (4 if split else 0)  # the fresh study's read, then the three


@pytest.mark.shared
@_SPLIT
def test_cache_changes_no_figure_on_a_tiled_extract(tiled: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   split: bool) -> None:
    forks = _reader_forks(monkeypatch, split)
    _assert_cache_changes_nothing(tiled, tmp_path, monkeypatch)
    assert len(forks) == (4 if split else 0)  # the fresh study's read, then the three


def test_demo_figures_survive_the_cache_format(tmp_path: Path) -> None:
    study = study_from_osm(demo_osm())
    entry = tmp_path / "demo.pickle"
    save_study(study, entry)
    loaded = load_study(entry)
    assert loaded is not None
    plots = demo_plots()
    assert_frame_equal(_figures(loaded, plots), _figures(study, plots), check_exact=True)


def _figures_with(workers: int, study: Study, plots: gpd.GeoDataFrame,
                  monkeypatch: pytest.MonkeyPatch, threads: int = 1) -> tuple[pd.DataFrame, Any]:
    """Rank on ``workers`` processes; the forks made are counted in ``FORKS``."""
    from siting import _parallel

    monkeypatch.setattr(settings, "parallel_workers", workers)
    monkeypatch.setattr(settings, "parallel_min_nodes", 0)  # fork even for small graphs
    # the process looks single- or multi-threaded whatever earlier tests left running
    monkeypatch.setattr(_parallel.threading, "active_count", lambda: threads)
    FORKS.clear()
    _count_forks(monkeypatch, FORKS)
    result = rank(study, plots, None, default_config("recovery"))
    return result.ranked, result.acc


FORKS: list[int] = []


def _assert_parallel_changes_nothing(study: Study, plots: gpd.GeoDataFrame,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    serial, acc1 = _figures_with(1, study, plots, monkeypatch)
    assert FORKS == []
    parallel, acc2 = _figures_with(3, study, plots, monkeypatch)
    assert len(FORKS) >= 2  # two workers per search call beside the parent
    assert_frame_equal(parallel, serial, check_exact=True)
    for a, b in ((acc1.walk_trees, acc2.walk_trees), (acc1.police_trees, acc2.police_trees)):
        assert np.array_equal(a.dist, b.dist) and np.array_equal(a.pred, b.pred)


def test_parallel_searches_change_nothing_on_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_parallel_changes_nothing(study_from_osm(demo_osm()), demo_plots(), monkeypatch)


@pytest.mark.shared
def test_parallel_searches_change_nothing_on_oslo(oslo_pbf: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    study = study_from_osm(osm_from_file(oslo_pbf))
    _assert_parallel_changes_nothing(study, _random_plots(study, 300), monkeypatch)


@pytest.mark.shared
def test_parallel_searches_change_nothing_on_a_tiled_extract(
        tiled: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    study = study_from_osm(osm_from_file(tiled))
    _assert_parallel_changes_nothing(study, _random_plots(study, 100), monkeypatch)


def test_a_failed_search_worker_is_redone_here(monkeypatch: pytest.MonkeyPatch) -> None:
    from siting import _parallel

    study = study_from_osm(demo_osm())
    serial, _ = _figures_with(1, study, demo_plots(), monkeypatch)
    monkeypatch.setattr(_parallel, "_child", lambda *args: _parallel.os._exit(3))
    again, _ = _figures_with(2, study, demo_plots(), monkeypatch)
    assert FORKS  # the workers were forked, failed, and their rows were redone here
    assert_frame_equal(again, serial, check_exact=True)


def test_police_reach_is_measured_by_a_worker_of_its_own_from_the_start(
        monkeypatch: pytest.MonkeyPatch) -> None:
    study = study_from_osm(demo_osm())
    serial, acc1 = _figures_with(1, study, demo_plots(), monkeypatch)
    parallel, acc2 = _figures_with(2, study, demo_plots(), monkeypatch)
    # on two cores: the police worker, then one walk search worker beside this process
    # (the police worker searches alone, forking none of its own)
    assert len(set(FORKS)) == 2
    assert_frame_equal(parallel, serial, check_exact=True)
    assert np.array_equal(acc1.police_trees.dist, acc2.police_trees.dist)
    assert (acc1.police.graph.matrix != acc2.police.graph.matrix).nnz == 0


def test_a_failed_police_worker_is_redone_here(monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture) -> None:
    from siting import _parallel, analysis

    study = study_from_osm(demo_osm())
    serial, _ = _figures_with(1, study, demo_plots(), monkeypatch)
    real = analysis.police_reach

    def dies_in_a_worker(*args: Any) -> Any:
        if _parallel._IN_WORKER:
            _parallel.os._exit(3)
        return real(*args)

    monkeypatch.setattr(analysis, "police_reach", dies_in_a_worker)
    with caplog.at_level("WARNING", logger="siting._parallel"):
        again, _ = _figures_with(2, study, demo_plots(), monkeypatch)
    assert "a worker process failed (exit code 3); its work is done here" in caplog.text
    assert_frame_equal(again, serial, check_exact=True)


def test_a_worker_forks_no_workers_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    from siting import _parallel

    monkeypatch.setattr(settings, "parallel_workers", 2)
    monkeypatch.setattr(_parallel.threading, "active_count", lambda: 1)
    assert _parallel.can_fork()
    job = _parallel.call_forked(lambda: ("in the worker", _parallel.can_fork()))
    assert job is not None and job.result() == ("in the worker", False)


def test_a_threaded_process_searches_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    study = study_from_osm(demo_osm())
    serial, _ = _figures_with(1, study, demo_plots(), monkeypatch)
    threaded, _ = _figures_with(3, study, demo_plots(), monkeypatch, threads=2)
    assert FORKS == []  # the app's server runs threads: no fork there
    assert_frame_equal(threaded, serial, check_exact=True)


def test_address_ways_are_placed_as_a_per_way_mean_places_them(tmp_path: Path) -> None:
    """Address ways (buildings) sit at the mean of their located nodes, to the last bit.

    Central Oslo maps its addresses on nodes only; this file has a closed building,
    a building cut at the edge (one node missing), one with no located node, a
    building that is also a shop, and an address node.
    """
    from siting._osm_read import read_file

    opl = tmp_path / "buildings.opl"
    opl.write_text("\n".join([
        "n1 x10.7512345 y59.9100001", "n2 x10.7523456 y59.9100002",
        "n3 x10.7523457 y59.9111113", "n4 x10.7512346 y59.9111114",
        "n5 x10.7600001 y59.9200001 Taddr:street=Storgata,addr:housenumber=7b",
        "n6 x10.7610001 y59.9210001", "n7 x10.7620001 y59.9220001",
        "n8 x10.761 y59.921 Thighway=bus_stop",
        "w10 Tbuilding=yes,addr:street=Nygata,addr:housenumber=3,addr:postcode=0150 "
        "Nn1,n2,n3,n4,n1",
        "w11 Tbuilding=yes,addr:street=Nygata,addr:housenumber=5 Nn6,n7,n99,n6",
        "w12 Tbuilding=yes,addr:street=Nygata,addr:housenumber=9 Nn98,n99",
        "w13 Tshop=bakery,name=B,addr:street=Nygata,addr:housenumber=11 Nn2,n3,n6,n2",
        "w14 Thighway=residential,name=Nygata Nn1,n6,n7",
    ]) + "\n")
    read = read_file(opl)
    found = read.addresses
    assert_frame_equal(found, addresses_from_file(opl), check_exact=True)
    assert found["number"].tolist() == [7, 3, 5, 11]  # w12 has no located node
    xy = np.array([[10.7512345, 59.9100001], [10.7523456, 59.9100002], [10.7523457, 59.9111113],
                   [10.7512346, 59.9111114], [10.7512345, 59.9100001]])
    assert found.loc[1, ["lon", "lat"]].tolist() == np.mean(xy, axis=0).tolist()
    assert read.feature_ids == ["n8", "w13"]


def _probe_memory(body: str) -> dict[str, list[str]]:
    """Run ``body`` in a fresh interpreter with the setting on and off (``sys.argv[1]``);
    ``rss()`` gives its resident MiB. Returns each run's printed words."""
    import subprocess

    if not sys.platform.startswith("linux"):
        pytest.skip("the settings are glibc's (Linux)")
    code = ("import sys\n"
            "def rss():\n"
            "    for line in open('/proc/self/status'):\n"
            "        if line.startswith('VmRSS'): return int(line.split()[1]) // 1024\n" + body)
    return {mode: subprocess.run([sys.executable, "-c", code, mode], capture_output=True,
                                 text=True, check=True,
                                 cwd=Path(__file__).parents[1]).stdout.split()
            for mode in ("on", "off")}


def test_large_freed_blocks_go_back_to_the_system_on_linux() -> None:
    """After the setting, a freed 8 MiB array leaves the process (glibc had kept it once
    a larger block was freed before it), and pyarrow allocates through glibc."""
    out = _probe_memory(
        "import numpy as np, pyarrow\n"
        "from siting._memory import return_large_blocks\n"
        "done = return_large_blocks() if sys.argv[1] == 'on' else False\n"
        "big = np.ones(16 * 2**20 // 8); del big  # raises glibc's limit when off\n"
        "a = np.ones(8 * 2**20 // 8); b = np.ones(2**20 // 8)\n"
        "before = rss(); del a\n"
        "print(done, before - rss(), pyarrow.default_memory_pool().backend_name)\n")
    assert out["on"][0] == "True" and int(out["on"][1]) >= 7  # the 8 MiB are given back
    assert out["off"][0] == "False" and int(out["off"][1]) <= 1  # kept in the heap
    # and pyarrow's buffers (the reader's) go through glibc too, not mimalloc's pool
    assert out["on"][2] == "system" and out["off"][2] != "system"


def test_freed_large_blocks_are_used_again_while_a_file_is_read_on_linux() -> None:
    """While a file is read, a freed 8 MiB array stays in the heap for the next block;
    once the read is over its pages go back. Outside a read they go back at once."""
    out = _probe_memory(
        "import contextlib\n"
        "import numpy as np\n"
        "from siting._memory import heap_while_reading, return_large_blocks\n"
        "return_large_blocks()\n"
        "with heap_while_reading() if sys.argv[1] == 'on' else contextlib.nullcontext():\n"
        "    a = np.ones(8 * 2**20 // 8); b = np.ones(2**20 // 8)\n"
        "    before = rss(); del a; during = before - rss(); held = rss()\n"
        "print(during, held - rss())\n")
    assert int(out["on"][0]) <= 1 and int(out["on"][1]) >= 7  # kept while reading, then back
    assert int(out["off"][0]) >= 7 and int(out["off"][1]) <= 1  # back at once


def test_freed_small_blocks_go_back_to_the_system_when_asked_on_linux() -> None:
    """A GEOS tree's millions of small blocks stay in the heap when freed; asking gives
    their pages back (here 40 MiB of 1 KiB blocks, the last one kept so the heap's top
    stays in use)."""
    out = _probe_memory(
        "import ctypes\n"
        "from siting._memory import give_back_freed\n"
        "libc = ctypes.CDLL(None); libc.malloc.restype = ctypes.c_void_p\n"
        "blocks = [libc.malloc(1024) for _ in range(40 * 1024)]\n"
        "for b in blocks: ctypes.memset(b, 1, 1024)\n"
        "for b in blocks[:-1]: libc.free(ctypes.c_void_p(b))\n"
        "before = rss()\n"
        "done = give_back_freed() if sys.argv[1] == 'on' else False\n"
        "print(done, before - rss())\n")
    assert out["on"][0] == "True" and int(out["on"][1]) >= 35  # the pages went back
    assert out["off"][0] == "False" and int(out["off"][1]) <= 1  # kept in the heap
