"""Reading OSM files: the hand-written tiny extract, the three real extracts, errors."""

from __future__ import annotations

import bz2
import hashlib
import re
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import Point, Polygon
from toy import real_study

from siting.errors import NetworkError
from siting.osm import WAY_TAGS, OsmData, file_sha256, osm_from_file
from siting.services import services_from_osm

TINY = Path(__file__).parent / "data" / "toy" / "tiny.osm"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_tiny(osm: OsmData) -> None:
    # nodes: only those used by street segments; 4 is absent from the file, 7-15 are
    # features or building corners
    assert sorted(osm.nodes.index) == [1, 2, 3, 5, 6]
    assert osm.nodes.loc[6, "lon"] == 10.753
    assert osm.nodes.loc[6, "lat"] == 59.912
    # way 100 = 1-2-3-(4)-5-6: the pieces on either side of the missing node stay
    segs = sorted(map(tuple, osm.segments[["u", "v", "way"]].to_numpy().tolist()))
    assert segs == [(1, 2, 100), (2, 3, 100), (3, 5, 101), (5, 6, 100)]
    # way 104 lost all its nodes and is dropped; building 103 is not a street
    assert sorted(osm.ways.index) == [100, 101]
    assert list(osm.ways.columns) == list(WAY_TAGS)
    assert osm.ways.loc[100, "name"] == "Storgata"
    assert osm.ways.loc[100, "maxspeed"] == "30"
    assert osm.ways.loc[101, "highway"] == "footway"
    # features: two tagged nodes, the closed supermarket way (a polygon) and the
    # school mapped as a multipolygon relation 200 (outer ring: way 103)
    assert osm.features["osm_id"].tolist() == ["n7", "n8", "w102", "r200"]
    assert osm.features["name"].tolist() == ["Legevakt", "Holdeplass", "Matbutikk", ""]
    school = osm.features.geometry.iloc[3]
    assert school.geom_type == "MultiPolygon"
    assert sorted(school.exterior.coords[:-1] if school.geom_type == "Polygon" else
                  school.geoms[0].exterior.coords[:-1]) == [
        (10.754, 59.913), (10.754, 59.9131), (10.7541, 59.9131)]
    assert osm.features["tags"].iloc[2] == {"building": "yes", "shop": "supermarket",
                                            "name": "Matbutikk"}
    geoms = osm.features.geometry.tolist()
    assert geoms[0].equals(Point(10.7505, 59.9105))
    assert isinstance(geoms[2], Polygon)
    assert geoms[2].equals(Polygon([(10.752, 59.9101), (10.7522, 59.9101),
                                    (10.7522, 59.9102), (10.752, 59.9102)]))
    assert osm.features.crs.to_epsg() == 4326
    assert osm.source["bbox"] == [10.75, 59.91, 10.753, 59.912]
    services = services_from_osm(osm.features)
    assert sorted(zip(services["category"], services["name"], strict=True)) == [
        ("bus", "Holdeplass"), ("gp", "Legevakt"), ("school", ""), ("shop", "Matbutikk")]


def test_tiny_xml() -> None:
    osm = osm_from_file(TINY)
    _check_tiny(osm)
    assert osm.source["kind"] == "file"
    assert osm.source["name"] == "tiny.osm"
    assert osm.source["sha256"] == _sha(TINY) == file_sha256(TINY)
    # newest date among the objects read: the traffic-signal node 2 (2024-05-15);
    # the untagged node 6 (2024-06-30) and building 103 are not read, and relation 200
    # (2025) is read for its shape only: its date is not counted
    assert osm.source["timestamp"] == "2024-05-15T00:00:00+00:00"


def test_tiny_bz2_made_now(tmp_path: Path) -> None:
    packed = tmp_path / "tiny.osm.bz2"
    packed.write_bytes(bz2.compress(TINY.read_bytes()))
    osm = osm_from_file(packed)
    _check_tiny(osm)
    assert osm.source["name"] == "tiny.osm.bz2"
    assert osm.source["sha256"] == _sha(packed) != _sha(TINY)
    assert osm.source["timestamp"] == "2024-05-15T00:00:00+00:00"


def test_file_without_dates_has_empty_timestamp(tmp_path: Path) -> None:
    # osmium reads a missing timestamp as 1970-01-01; that is "no date", not a date
    text = re.sub(r' timestamp="[^"]*"', "", TINY.read_text(encoding="utf-8"))
    undated = tmp_path / "undated.osm"
    undated.write_text(text, encoding="utf-8")
    osm = osm_from_file(undated)
    _check_tiny(osm)
    assert osm.source["timestamp"] == ""


def _error(path: Path) -> NetworkError:
    with pytest.raises(NetworkError) as info:
        osm_from_file(path)
    return info.value


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.osm.pbf"
    err = _error(path)
    assert str(err) == f"{path}: file not found. Check the path given to --osm."
    assert err.text("nb") == f"{path}: finner ikke filen. Sjekk stien som er gitt til --osm."


@pytest.mark.parametrize("name", ["plots.csv", "tiny.osm.zip", "map.geojson"])
def test_wrong_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(TINY.read_bytes())  # OSM content does not help: the name decides
    err = _error(path)
    assert str(err) == f"{name}: not an OSM file (expected .osm.pbf, .osm or .osm.bz2)."
    assert err.text("nb") == f"{name}: ikke en OSM-fil (forventet .osm.pbf, .osm eller .osm.bz2)."


def test_wrong_extension_is_reported_before_missing(tmp_path: Path) -> None:
    err = _error(tmp_path / "absent.csv")
    assert str(err) == "absent.csv: not an OSM file (expected .osm.pbf, .osm or .osm.bz2)."


def test_not_osm_content(tmp_path: Path) -> None:
    path = tmp_path / "garbage.osm"
    path.write_text("this is not OSM data\n", encoding="utf-8")
    err = _error(path)
    assert str(err) == (
        "garbage.osm: cannot be read as OpenStreetMap data (XML parsing error at line 1, "
        "column 0: syntax error). Use an .osm.pbf, .osm or .osm.bz2 extract, e.g. from Geofabrik."
    )
    assert err.text("nb") == (
        "garbage.osm: kan ikke leses som OpenStreetMap-data (XML parsing error at line 1, "
        "column 0: syntax error). Bruk et .osm.pbf-, .osm- eller .osm.bz2-utdrag, "
        "f.eks. fra Geofabrik."
    )


def test_not_pbf_content(tmp_path: Path) -> None:
    path = tmp_path / "fake.osm.pbf"
    path.write_bytes(b"not a pbf file at all\n" * 5)
    err = _error(path)
    assert str(err) == (
        "fake.osm.pbf: cannot be read as OpenStreetMap data (PBF error: invalid BlobHeader "
        "size (> max_blob_header_size)). Use an .osm.pbf, .osm or .osm.bz2 extract, "
        "e.g. from Geofabrik."
    )


def test_other_xml_is_not_osm(tmp_path: Path) -> None:
    path = tmp_path / "track.osm"
    path.write_text('<?xml version="1.0"?>\n<gpx version="1.1"><wpt lat="1" lon="2"/></gpx>\n',
                    encoding="utf-8")
    err = _error(path)
    assert str(err).startswith("track.osm: cannot be read as OpenStreetMap data (")
    assert "gpx" in str(err)


@pytest.mark.parametrize("body", [
    "",  # an empty <osm> element
    '<node id="7" lat="59.91" lon="10.75"><tag k="amenity" v="doctors"/></node>'
    '<way id="9"><nd ref="7"/><nd ref="7"/><tag k="building" v="yes"/></way>',
])
def test_no_streets(tmp_path: Path, body: str) -> None:
    path = tmp_path / "nostreets.osm"
    path.write_text(f'<?xml version="1.0"?>\n<osm version="0.6">{body}</osm>\n',
                    encoding="utf-8")
    err = _error(path)
    assert str(err) == (
        "nostreets.osm: holds no streets (no highway=* ways). "
        "Use an extract that covers the study area's street network."
    )
    assert err.text("nb") == (
        "nostreets.osm: inneholder ingen gater (ingen highway=*-veier). "
        "Bruk et utdrag som dekker gatenettet i området."
    )


def test_street_whose_nodes_are_all_missing_is_no_street(tmp_path: Path) -> None:
    path = tmp_path / "cut.osm"
    path.write_text('<?xml version="1.0"?>\n<osm version="0.6"><way id="1"><nd ref="5"/>'
                    '<nd ref="6"/><tag k="highway" v="primary"/></way></osm>\n',
                    encoding="utf-8")
    assert "holds no streets" in str(_error(path))


# --- the real extracts (stable facts observed on the files in ../shared) -------------

REAL = {
    # file: (nodes, segments, ways, features, newest timestamp, sha256)
    "oslo-center.osm.pbf": (
        64861, 75188, 14270, 8216, "2025-06-16T11:52:05+00:00",  # 40 relation features
        "dbba9adb5c11e85f961fea5ef3a7d96e0245d300484cb2c62c6bc7a0ac629cbe"),
    "oslo-opera.osm.pbf": (
        461, 507, 122, 56, "2025-06-10T11:53:29+00:00",
        "30106efe1b50443a3b7b53e2d1ce4d0acbe2a6ae695ac15687962decafa5cad8"),
    "oslo-center-walk.osm.bz2": (
        59391, 68067, 13483, 346, "2025-06-15T11:00:58+00:00",
        "e54d7098abae163ff9e684263f5a17de5ac6089d7d9862323ff538d2a2a666f2"),
}


def _real(request: pytest.FixtureRequest, name: str) -> Path:
    fixture = {"oslo-center.osm.pbf": "oslo_pbf", "oslo-opera.osm.pbf": "opera_pbf",
               "oslo-center-walk.osm.bz2": "oslo_walk_xml"}[name]
    return request.getfixturevalue(fixture)


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(REAL))
def test_real_extract_counts(request: pytest.FixtureRequest, name: str) -> None:
    path = _real(request, name)
    nodes, segments, ways, features, newest, sha = REAL[name]
    osm = osm_from_file(path)
    assert (len(osm.nodes), len(osm.segments), len(osm.ways), len(osm.features)) == (
        nodes, segments, ways, features)
    assert osm.source["timestamp"] == newest
    assert osm.source["sha256"] == sha == _sha(path)
    assert osm.source["name"] == name
    # every segment's nodes and way are known; no segment joins a node to itself
    assert osm.segments["u"].isin(osm.nodes.index).all()
    assert osm.segments["v"].isin(osm.nodes.index).all()
    assert osm.segments["way"].isin(osm.ways.index).all()
    assert (osm.segments["u"] != osm.segments["v"]).all()
    assert osm.nodes.index.is_unique
    lon0, lat0, lon1, lat1 = osm.source["bbox"]
    assert 10.72 <= lon0 < lon1 <= 10.78 and 59.90 <= lat0 < lat1 <= 59.94


@pytest.mark.shared
def test_walk_xml_matches_osmnx_edge_count(oslo_walk_xml: Path) -> None:
    # PROVENANCE: osmnx graph_from_xml(simplify=False, retain_all=True) gives 136,134
    # edges = both directions of every segment; the cleaned file has no cycleways.
    osm = osm_from_file(oslo_walk_xml)
    assert 2 * len(osm.segments) == 136_134
    assert "cycleway" not in set(osm.ways["highway"])


@pytest.mark.shared
def test_oslo_services(oslo_pbf: Path) -> None:
    _, services = real_study(str(oslo_pbf))  # read once per session, shared with the oracle
    assert services["category"].value_counts().to_dict() == {
        # multipolygon relations add 4 schools/kindergartens (Sagene skole...) and 1 shop;
        # healthcare=clinic alone adds 2 GP offices (Dr. Dropin Carl Berner, Olafiaklinikken)
        "bus": 538, "school": 193, "shop": 185, "gp": 56, "pharmacy": 48, "police": 3,
        "substance_abuse": 1, "mental_health": 1,
    }
    police = sorted(services.loc[services["category"] == "police", "name"])
    assert police == ["Grønland politistasjon", "Seksjon for utlendingsforvaltning, Oslo",
                      "Sentrum politistasjon"]
    assert services.loc[services["category"] == "substance_abuse", "name"].tolist() == [
        "Lassonløkken rehabiliteringssenter"]


# -- the features' tags, kept column-wise --------------------------------------------------


def _eager(osm: OsmData) -> OsmData:
    """The same data with every tag dictionary made (as the live download gives it)."""
    return OsmData(osm.nodes, osm.segments, osm.ways, osm.features.copy(), dict(osm.source),
                   osm.addresses, osm.places)


def test_a_file_keeps_its_feature_tags_column_wise_until_features_are_used() -> None:
    osm = osm_from_file(TINY)
    assert "_lazy" in vars(osm) and "features" not in vars(osm)
    assert osm.feature_tags(["n900", "w7", "nothing"]) == {}
    found = osm.feature_tags(["n8", "w102", "r200"])  # read without making the table
    assert "features" not in vars(osm)
    features = osm.features
    assert "_lazy" not in vars(osm) and osm.features is features
    assert features.columns.tolist() == ["osm_id", "name", "tags", "geometry"]
    expected = {i: t for i, t in zip(features["osm_id"], features["tags"], strict=True)
                if i in ("n8", "w102", "r200")}
    assert found == expected and len(found) == 3
    assert osm.feature_tags(["n8", "w102", "r200"]) == expected  # from the table now


@pytest.mark.parametrize("lazy", [True, False], ids=["as read", "dictionaries made"])
def test_pickled_features_come_back_equal_and_without_dictionaries(lazy: bool) -> None:
    import pickle

    from pandas.testing import assert_frame_equal

    osm = osm_from_file(TINY)
    reference = _eager(osm_from_file(TINY)).features
    stored = pickle.loads(pickle.dumps(osm if lazy else _eager(osm), protocol=5))
    assert "features" not in vars(stored)  # the tags travel as a TagTable, not dictionaries
    assert isinstance(vars(stored)["_lazy"].rest, np.ndarray)  # the rest unpickled when used
    assert stored.feature_tags(reference["osm_id"]) == dict(
        zip(reference["osm_id"], reference["tags"], strict=True))
    assert_frame_equal(stored.features, reference, check_exact=True)


def test_no_features_and_a_table_without_tags_pickle_as_they_are() -> None:
    import pickle

    import geopandas as gpd
    from pandas.testing import assert_frame_equal

    from siting.osm import features_frame

    osm = osm_from_file(TINY)
    for features in (features_frame([]),  # an area without services
                     gpd.GeoDataFrame({"osm_id": ["n1"]}, geometry=[Point(10.75, 59.91)],
                                      crs="EPSG:4326")):  # a hand-made table
        data = OsmData(osm.nodes, osm.segments, osm.ways, features)
        back = pickle.loads(pickle.dumps(data, protocol=5))
        assert_frame_equal(back.features, features, check_exact=True)
