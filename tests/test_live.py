"""Tests of :mod:`siting.live` against the fake OSM APIs of :mod:`tests.fakeosm`.

Every request goes to a :class:`~tests.fakeosm.FakeOsm` on 127.0.0.1 that serves the
tiny Bjørvika extract; expectations are derived from the elements it served (and
from reading the same extract with :func:`siting.osm.osm_from_file`), never from
the code under test. Nominatim requests cost OSMnx's fixed 1 s courtesy pause.
"""

from __future__ import annotations

import errno
import itertools
import json
import socket
import time
from pathlib import Path
from typing import Any

import networkx as nx
import osmnx as ox
import pandas as pd
import pytest
import requests
import shapely
from fakeosm import FakeOsm
from geopandas.testing import assert_geodataframe_equal
from pandas.testing import assert_frame_equal
from shapely.geometry import Point, box

from siting import live, settings
from siting._place_cache import text_sha256
from siting.analysis import study_from_osm
from siting.errors import NetworkError
from siting.network import drive_network
from siting.osm import FEATURE_KEYS, WAY_TAGS, osm_from_file

shared = pytest.mark.shared  # needs ../shared/data/osm (through the fake server)

PLACE = "Bjørvika, Oslo, Norway"
TUNNEL = 204039520  # Operatunnelen: trunk, oneway=yes, motorroad=yes, foot=no
CYCLEWAY = 471953133  # one-way cycleway bridge
LOOP_PATH = 810259708  # a path that passes its first node again (a b c d e f a g h)
DR_DROPIN = "n9059988582"
JOKER = "n7140763760"


@pytest.fixture
def fake(opera_pbf: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """The fake APIs on 127.0.0.1, with siting and OSMnx pointed at them."""
    server = FakeOsm(opera_pbf).start()
    server.add_place(PLACE, server.bbox_polygon())
    monkeypatch.setattr(settings, "overpass_url", server.overpass_url)
    monkeypatch.setattr(settings, "nominatim_url", server.nominatim_url)
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    monkeypatch.setattr(ox.settings, "requests_timeout", 5)
    yield server
    server.stop()


def served(fake: FakeOsm, index: int) -> list[dict[str, Any]]:
    """Elements of the ``index``-th Overpass answer (0 = streets, 1 = services)."""
    return [answer for endpoint, answer in fake.answers if endpoint == "interpreter"][index][
        "elements"]


def expected_segments(elements: list[dict[str, Any]]) -> pd.DataFrame:
    """Segments of the served highway ways, by way id, in drawing order."""
    rows = []
    for way in sorted((e for e in elements if e["type"] == "way"), key=lambda e: e["id"]):
        refs = [ref for ref, _ in itertools.groupby(way["nodes"])]
        rows += [(a, b, way["id"]) for a, b in itertools.pairwise(refs)]
    return pd.DataFrame(rows, columns=["u", "v", "way"]).astype("int64")


def is_feature(tags: dict[str, str]) -> bool:
    return tags.get("highway") == "bus_stop" or any(k in tags for k in FEATURE_KEYS)


# -- downloads --------------------------------------------------------------------------------
@shared
def test_place_gives_the_served_streets_and_services(fake: FakeOsm, opera_pbf: Path
                                                      ) -> None:
    calls: list[tuple[str, float]] = []
    data = live.osm_from_place(PLACE, progress=lambda text, f: calls.append((text, f)))

    streets = served(fake, 0)
    ways = [e for e in streets if e["type"] == "way"]
    segments = expected_segments(streets)
    assert (len(ways), len(segments), len({*segments.u, *segments.v})) == (122, 507, 461)
    assert_frame_equal(data.segments, segments)
    assert data.ways.index.tolist() == sorted(w["id"] for w in ways)
    assert len(data.nodes) == 461
    tunnel = next(w["tags"] for w in ways if w["id"] == TUNNEL)
    row = data.ways.loc[TUNNEL]
    assert {k: None if pd.isna(v) else v for k, v in row.items()} == {
        k: tunnel.get(k) for k in WAY_TAGS}
    assert data.ways.loc[TUNNEL, ["oneway", "motorroad", "foot"]].tolist() == ["yes"] * 2 + ["no"]
    assert data.ways.loc[CYCLEWAY, ["highway", "oneway"]].tolist() == ["cycleway", "yes"]

    tagged = [e for e in served(fake, 1) if is_feature(e.get("tags", {}))]
    assert len(tagged) == len(data.features) == 56
    assert sorted(data.features.osm_id) == sorted(f"{e['type'][0]}{e['id']}" for e in tagged)
    doctor = data.features.set_index("osm_id").loc[DR_DROPIN]
    assert doctor["tags"] == {"amenity": "doctors", "check_date": "2024-08-10",
                              "healthcare": "doctor", "name": "Dr. Dropin"}
    assert doctor["name"] == "Dr. Dropin"
    assert doctor.geometry.equals(Point(10.7544047, 59.9084551))
    assert data.features.set_index("osm_id").loc[JOKER, "tags"]["shop"] == "supermarket"

    assert [f for _, f in calls] == [0.0, 0.15, 0.55, 0.85, 1.0]
    assert [t.split()[0] for t, _ in calls] == ["Finding", "Downloading", "Downloading",
                                               "Building", "Saved"]
    assert calls[0][0] == "Finding the boundary of 'Bjørvika, Oslo, Norway' (Nominatim)"
    assert [r.endpoint for r in fake.requests] == ["search", "interpreter", "interpreter"]

    study = study_from_osm(data)
    assert study.walk.n_nodes == study_from_osm(osm_from_file(opera_pbf)).walk.n_nodes > 400


@shared
def test_place_equals_reading_the_same_extract(fake: FakeOsm, opera_pbf: Path) -> None:
    data = live.osm_from_place(PLACE)
    local = osm_from_file(opera_pbf)
    assert_frame_equal(data.nodes, local.nodes)
    assert_frame_equal(data.segments, local.segments)
    assert_frame_equal(data.ways, local.ways)
    assert_geodataframe_equal(data.features, local.features)
    boundary = fake.bbox_polygon()
    assert data.source == {
        "kind": "place", "name": PLACE, "sha256": text_sha256(PLACE.casefold()),
        "timestamp": data.source["timestamp"], "bbox": local.source["bbox"],
        "boundary_wkt": boundary.wkt,
    }
    assert shapely.from_wkt(data.source["boundary_wkt"]).equals(boundary)


@shared
def test_second_call_is_offline_from_our_cache(fake: FakeOsm) -> None:
    first = live.osm_from_place(PLACE)
    assert fake.count() == 3
    live.osm_from_place(PLACE, refresh=True)  # bypasses both caches
    assert fake.count() == 6
    fake.stop()
    calls: list[tuple[str, float]] = []
    start = time.perf_counter()
    again = live.osm_from_place(f"  {PLACE.lower()} ", progress=lambda t, f: calls.append((t, f)))
    assert time.perf_counter() - start < 0.5
    assert fake.count() == 6
    for name in ("nodes", "segments", "ways"):
        assert_frame_equal(getattr(again, name), getattr(first, name))
    assert_geodataframe_equal(again.features, first.features)
    date = again.source["timestamp"][:10]
    assert calls == [(f"Read '{PLACE.lower()}' from the offline copy of {date}", 1.0)]
    [entry] = live.cached_places()
    assert (entry["query"], entry["kind"], entry["date"]) == (PLACE, "place",
                                                              again.source["timestamp"])
    assert entry["path"].parent == settings.cache_dir / "places"
    assert_frame_equal(live.osm_from_cache(entry["path"]).segments, first.segments)


@shared
def test_osmnx_http_cache_under_cache_dir(fake: FakeOsm) -> None:
    before = (ox.settings.overpass_url, ox.settings.cache_folder, ox.settings.all_oneway)
    first = live.osm_from_place(PLACE)
    assert (ox.settings.overpass_url, ox.settings.cache_folder, ox.settings.all_oneway) == before
    assert len(list((settings.cache_dir / "http").glob("*.json"))) == 3
    for path in (settings.cache_dir / "places").iterdir():
        path.unlink()
    again = live.osm_from_place(PLACE)  # rebuilt from OSMnx's cached answers
    assert fake.count() == 3
    assert_frame_equal(again.segments, first.segments)


@shared
def test_a_cut_cached_answer_is_fetched_again(fake: FakeOsm) -> None:
    first = live.osm_from_place(PLACE)
    answers = sorted((settings.cache_dir / "http").glob("*.json"))
    assert not [p for p in answers[0].parent.iterdir() if p.name.startswith(".")]  # no temporaries
    answers[0].write_text(answers[0].read_text()[:50])  # as OSMnx's own writer left it when killed
    for path in (settings.cache_dir / "places").iterdir():
        path.unlink()
    again = live.osm_from_place(PLACE)
    assert fake.count() == 4  # three answers, then the cut one once more
    assert_frame_equal(again.segments, first.segments)
    assert json.loads(answers[0].read_text())  # stored whole again


@shared
def test_polygon_keeps_what_touches_the_area(fake: FakeOsm) -> None:
    lon0, lat0, lon1, lat1 = fake.bounds
    area = box(lon0 - 0.001, lat0 - 0.001, (lon0 + lon1) / 2, lat1 + 0.001)
    calls: list[tuple[str, float]] = []
    data = live.osm_from_polygon(area, name="Vest", lang="nb",
                                 progress=lambda text, f: calls.append((text, f)))
    assert calls[0] == ("Laster ned gatene i området «Vest» (Overpass)", 0.15)
    assert fake.count("search") == 0
    everything = expected_segments(served(fake, 0))
    coords = {e["id"]: (e["lon"], e["lat"]) for e in served(fake, 0) if e["type"] == "node"}
    inside = {n for n, xy in coords.items() if shapely.contains_xy(area, *xy)}
    both_in = everything[everything.u.isin(inside) & everything.v.isin(inside)]
    got = set(data.segments.itertuples(index=False, name=None))
    assert set(both_in.itertuples(index=False, name=None)) <= got
    assert got <= set(everything.itertuples(index=False, name=None))
    assert len(both_in) < len(got) < len(everything)
    graph = nx.Graph(list(zip(everything.u, everything.v, strict=True)))
    assert all(n in inside or inside & set(graph[n]) for n in data.nodes.index)
    tagged = [e for e in served(fake, 1) if is_feature(e.get("tags", {})) and (
        e["type"] == "way" or shapely.intersects(area, Point(e["lon"], e["lat"])))]
    assert sorted(data.features.osm_id) == sorted(f"{e['type'][0]}{e['id']}" for e in tagged)
    assert data.features.intersects(area).all()
    assert 0 < len(data.features) < 56
    key = text_sha256(shapely.to_wkt(shapely.normalize(area), rounding_precision=7))
    assert (data.source["kind"], data.source["name"], data.source["sha256"]) == (
        "polygon", "Vest", key)


@shared
def test_reverse_oneway_and_drawing_order(fake: FakeOsm) -> None:
    for way in (TUNNEL, LOOP_PATH):
        refs, tags = fake.ways[way]
        fake.ways[way] = (refs, {**tags, "oneway": "-1"})
    data = live.osm_from_place(PLACE)
    assert_frame_equal(data.segments, expected_segments(served(fake, 0)))
    loop = data.segments[data.segments.way == LOOP_PATH]
    assert loop.u.tolist()[0] == loop.u.tolist()[6] == fake.ways[LOOP_PATH][0][0]
    assert data.ways.loc[[TUNNEL, LOOP_PATH], "oneway"].tolist() == ["-1", "-1"]
    drive = drive_network(data)
    tunnel = drive.way == TUNNEL
    assert tunnel.sum() == 12
    assert (drive.cost_fwd[tunnel] == float("inf")).all()
    assert (drive.cost_bwd[tunnel] < float("inf")).all()


def test_default_osmnx_graph_is_converted_by_direction() -> None:
    """A graph built without all_oneway: reverse twins dropped, one-ways kept as drawn."""
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((n, {"x": 10.0 + n / 100, "y": 60.0}) for n in (1, 2, 3, 4))
    two_way = {"osmid": 10, "highway": "residential", "oneway": False}
    graph.add_edges_from([(1, 2), (2, 3)], **two_way, reversed=False)
    graph.add_edges_from([(2, 1), (3, 2)], **two_way, reversed=True)
    graph.add_edge(4, 3, osmid=11, highway="service", oneway=True, reversed=False)  # was -1
    graph.add_edge(3, 4, osmid=12, highway="path", oneway="-1", reversed=False)  # all_oneway
    nodes, segments, ways = live._segments_from_graph(graph)
    assert segments.values.tolist() == [[1, 2, 10], [2, 3, 10], [4, 3, 11], [4, 3, 12]]
    assert ways.oneway.fillna("missing").tolist() == ["missing", "yes", "-1"]
    assert nodes.index.tolist() == [1, 2, 3, 4]


# -- errors -----------------------------------------------------------------------------------
def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{unused_port()}"
    monkeypatch.setattr(settings, "nominatim_url", url + "/nominatim/")
    monkeypatch.setattr(settings, "overpass_url", url + "/api")
    monkeypatch.setattr(settings, "cache_dir", tmp_path)
    with pytest.raises(NetworkError) as err:
        live.osm_from_place("Melhus kommune, Norway")
    assert str(err.value) == (
        "Could not reach the OpenStreetMap servers for 'Melhus kommune, Norway' (connection "
        "refused). Check the internet connection, or open a local .osm.pbf extract instead "
        "(command line: --osm).")
    assert err.value.text("nb") == (
        "Fikk ikke kontakt med OpenStreetMap-tjenerne for «Melhus kommune, Norway» "
        "(tilkoblingen ble avvist). Sjekk internettforbindelsen, eller åpne et lokalt "
        ".osm.pbf-utdrag i stedet (kommandolinje: --osm).")


@shared
def test_dns_failure(fake: FakeOsm, monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def no_dns(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "nominatim.invalid":  # answered here: no DNS query leaves the machine
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    monkeypatch.setattr(settings, "nominatim_url", "http://nominatim.invalid/")
    with pytest.raises(NetworkError, match=r"^Could not reach .*\(the name nominatim\.invalid "
                       r"could not be looked up \(DNS\)\)\. Check the internet"):
        live.osm_from_place("Melhus kommune, Norway")


@shared
def test_offline(fake: FakeOsm, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(self: socket.socket, address: Any) -> None:
        raise OSError(errno.ENETUNREACH, "Network is unreachable")

    monkeypatch.setattr(socket.socket, "connect", unreachable)
    with pytest.raises(NetworkError) as err:
        live.osm_from_place(PLACE)
    assert str(err.value).startswith(
        "Could not reach the OpenStreetMap servers for 'Bjørvika, Oslo, Norway' (no network "
        "connection). Check")


@shared
def test_timeout(fake: FakeOsm, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ox.settings, "requests_timeout", 0.3)
    fake.delay["interpreter"] = 1.0
    with pytest.raises(NetworkError, match=r"for the area 'Øst' \(no answer within 0\.3 s\)\."):
        live.osm_from_polygon(fake.bbox_polygon(), name="Øst")


@shared
def test_http_500_from_nominatim(fake: FakeOsm) -> None:
    fake.fail["search"] = 500
    with pytest.raises(NetworkError) as err:
        live.osm_from_place("Melhus kommune, Norway")
    assert str(err.value) == (
        "The OpenStreetMap place search (Nominatim) refused the download for 'Melhus kommune, "
        "Norway' (HTTP 500 Internal Server Error). Try again later, or open a local .osm.pbf "
        "extract instead (command line: --osm).")
    assert fake.count() == 1


@shared
def test_http_429_from_overpass_fails_fast(fake: FakeOsm) -> None:
    fake.fail["interpreter"] = 429
    start = time.perf_counter()
    with pytest.raises(NetworkError) as err:
        live.osm_from_polygon(fake.bbox_polygon(), name="Bjørvika")
    assert time.perf_counter() - start < 5  # OSMnx alone would wait 55 s and retry forever
    assert str(err.value) == (
        "The OpenStreetMap map-data server (Overpass) is busy and refused the download for the "
        "area 'Bjørvika' (HTTP 429 Too Many Requests). Wait a few minutes and try again, or "
        "open a local .osm.pbf extract instead (command line: --osm).")
    assert err.value.text("nb") == (
        "OpenStreetMap-kartdatatjeneren (Overpass) er opptatt og avviste nedlastingen for "
        "området «Bjørvika» (HTTP 429 Too Many Requests). Vent noen minutter og prøv igjen, "
        "eller åpne et lokalt .osm.pbf-utdrag i stedet (kommandolinje: --osm).")
    assert fake.count("interpreter") == 1


@shared
def test_overpass_runtime_error_remark(fake: FakeOsm) -> None:
    fake.remark = 'runtime error: Query timed out in "query" at line 1 after 5 seconds.'
    with pytest.raises(NetworkError) as err:
        live.osm_from_polygon(fake.bbox_polygon(), name="Bjørvika")
    assert str(err.value) == (
        "The OpenStreetMap map-data server (Overpass) gave up on the download for the area "
        "'Bjørvika' (runtime error: Query timed out in \"query\" at line 1 after 5 seconds.). "
        "The area may be too large: try a smaller area, or open a local .osm.pbf extract "
        "instead (command line: --osm).")
    assert not list((settings.cache_dir / "places").glob("*"))


@shared
def test_place_not_found(fake: FakeOsm) -> None:
    with pytest.raises(NetworkError) as err:
        live.osm_from_place("Atlantis kommune, Norway")
    assert str(err.value) == (
        "No place called 'Atlantis kommune, Norway' was found in OpenStreetMap (Nominatim "
        "returned no results). Check the spelling, or name the municipality and country, "
        "e.g. 'Melhus kommune, Norway'.")
    assert err.value.text("nb") == (
        "Fant ikke noe sted som heter «Atlantis kommune, Norway» i OpenStreetMap (Nominatim ga "
        "ingen treff). Sjekk stavingen, eller oppgi kommune og land, f.eks. «Melhus kommune, "
        "Norway».")


@shared
def test_place_that_is_only_a_point(fake: FakeOsm) -> None:
    fake.add_place("Operahuset, Oslo", Point(10.7528, 59.9074))
    with pytest.raises(NetworkError) as err:
        live.osm_from_place("Operahuset, Oslo")
    assert str(err.value) == (
        "'Operahuset, Oslo' was found in OpenStreetMap only as a point, not as an area with a "
        "boundary. Name an area such as a municipality, e.g. 'Melhus kommune, Norway'.")


@shared
def test_area_without_streets(fake: FakeOsm) -> None:
    fjord = box(10.70, 59.88, 10.71, 59.885)
    with pytest.raises(NetworkError) as err:
        live.osm_from_polygon(fjord, name="Fjorden")
    assert str(err.value) == (
        "OpenStreetMap has no streets (highway=* ways) inside the area 'Fjorden'. Check that "
        "this is the intended area, or open a local .osm.pbf extract instead (command line: "
        "--osm).")


def test_unusable_polygon() -> None:
    with pytest.raises(NetworkError) as err:
        live.osm_from_polygon(box(569000, 7025000, 570000, 7026000), name="UTM")
    assert str(err.value) == (
        "The area 'UTM' is not a usable boundary (found an empty, invalid or projected "
        "Polygon). Give a valid Polygon or MultiPolygon in longitude/latitude (EPSG:4326).")


# -- network hygiene --------------------------------------------------------------------------
@shared
def test_only_loopback_and_every_request_seen(fake: FakeOsm,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert ox.settings.doh_url_template is None
    assert ox.settings.overpass_rate_limit is False
    connects: list[Any] = []
    sent: list[str] = []
    guarded = socket.socket.connect  # conftest's loopback guard
    real_send = requests.adapters.HTTPAdapter.send

    def record_connect(self: socket.socket, address: Any) -> Any:
        connects.append(address)
        return guarded(self, address)

    def record_send(self: Any, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        sent.append(str(request.url))
        return real_send(self, request, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", record_connect)
    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", record_send)
    live.osm_from_place(PLACE)
    port = int(fake.url.rsplit(":", 1)[1])
    assert connects and {(a[0], a[1]) for a in connects} == {("127.0.0.1", port)}
    assert len(sent) == fake.count() == 3
    assert all(url.startswith(fake.url + "/") for url in sent)
    assert {(r.client, r.host) for r in fake.requests} == {("127.0.0.1", f"127.0.0.1:{port}")}
    assert fake.count("status") == 0


def test_stored_download_from_before_a_new_street_tag_still_opens(tmp_path: Path) -> None:
    # A download stored before "tunnel" was read keeps working offline (the tag is
    # simply unknown); one with a column we do not know is an old format: downloaded again
    from toy import toy_osm

    from siting._pickles import write_pickle
    from siting._place_cache import FORMAT_VERSION, read_entry

    data = toy_osm()
    data.ways = data.ways.drop(columns=["tunnel"])
    write_pickle({"format": FORMAT_VERSION, "data": data}, tmp_path / "old.pickle")
    again = read_entry(tmp_path / "old.pickle")
    assert again is not None and list(again.ways.columns) == list(WAY_TAGS)
    assert again.ways["tunnel"].isna().all()
    assert len(study_from_osm(again).drive.u) == 7
    data.ways = data.ways.assign(surprise="x")
    write_pickle({"format": FORMAT_VERSION, "data": data}, tmp_path / "odd.pickle")
    assert read_entry(tmp_path / "odd.pickle") is None
