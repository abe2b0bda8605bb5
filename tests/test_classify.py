"""Classifying services column by column gives the plain loop's review and services exactly.

The service review and the OSM services are made by testing only the features
that some pattern matches (:mod:`siting._classify`); the reference here tests
every feature against every category, as the code did before. Checked on the
demo, on central Oslo (built-in and edited categories) and on hand-made tags
that probe each pattern rule: ``"*"``, ``""`` (absent or blank), lists,
``;``-separated values, a pattern of absent-key conditions only, an empty
pattern and a value that cannot be hashed. Also: the review a study remembers
is a copy callers may change, and a cached study answers from the review stored
with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
from pandas.testing import assert_frame_equal

from siting import review as review_module
from siting import settings
from siting.analysis import study_from_osm
from siting.cache import study_from_file
from siting.config import config_from_dict, default_config
from siting.demo import demo_osm
from siting.osm import features_frame, osm_from_file
from siting.pipeline import categories_for, rank
from siting.review import review_osm, study_review
from siting.services import CATEGORIES, Category, matches, services_from_osm
from siting.stations import classify_station


def plain_review(features: gpd.GeoDataFrame, categories: dict[str, Category]
                 ) -> gpd.GeoDataFrame:
    """The service review as a plain loop makes it: every feature against every category."""
    from siting.review import _frame, _osm_row
    from siting.services import matched_tags

    rows = []
    for tags, osm_id, name, geom in zip(features["tags"], features["osm_id"], features["name"],
                                        features.geometry, strict=True):
        for key, cat in categories.items():
            found = matched_tags(tags, cat.patterns)
            if found:
                rows.append(_osm_row(key, osm_id, name, tags, geom, found, "pattern"))
            elif cat.candidates and (found := matched_tags(tags, cat.candidates)):
                rows.append(_osm_row(key, osm_id, name, tags, geom, found, "candidate"))
    return _frame(rows, features.crs)


def _plain_services(features: gpd.GeoDataFrame, categories: dict[str, Category]
                    ) -> gpd.GeoDataFrame:
    from siting.services import SERVICE_COLUMNS

    rows = []
    for tags, osm_id, name, geom in zip(features["tags"], features["osm_id"], features["name"],
                                        features.geometry, strict=True):
        for key, cat in categories.items():
            if matches(tags, cat.patterns):
                status = classify_station(tags, name) if key == "police" else ("", "", "")
                rows.append({"category": key, "name": name or "", "source": "osm",
                             "ref": osm_id, "station": status[0], "station_why": status[1],
                             "station_tag": status[2], "geometry": geom})
    return gpd.GeoDataFrame(rows, columns=[*SERVICE_COLUMNS, "geometry"], geometry="geometry",
                            crs=features.crs)


def _assert_as_plain(features: gpd.GeoDataFrame, categories: dict[str, Category]) -> None:
    review = review_osm(features, categories)
    assert_frame_equal(review, plain_review(features, categories), check_exact=True)
    services = services_from_osm(features, categories)
    assert_frame_equal(services, _plain_services(features, categories), check_exact=True)


def test_demo_is_classified_as_by_the_plain_loop() -> None:
    _assert_as_plain(demo_osm().features, CATEGORIES)


EDITED = {"gp": {"patterns": [{"healthcare": "*"}, {"amenity": ["doctors", "dentist"]}]},
          "cafe": {"patterns": [{"amenity": "cafe", "name": "*"}],
                   "candidates": [{"amenity": "cafe", "name": ""}]},
          "shop": {"patterns": [{"shop": "*", "opening_hours": ""}]}}


@pytest.mark.shared
def test_oslo_is_classified_as_by_the_plain_loop(oslo_pbf: Path) -> None:
    features = osm_from_file(oslo_pbf).features
    _assert_as_plain(features, CATEGORIES)
    edited = categories_for(config_from_dict({**default_config("recovery").to_dict(),
                                              "categories": EDITED}))
    assert list(edited) != list(CATEGORIES)
    _assert_as_plain(features, edited)
    assert len(review_osm(features, edited)) > len(review_osm(features, CATEGORIES))


def _odd_features() -> gpd.GeoDataFrame:
    tags: list[dict[str, Any]] = [
        {"amenity": "doctors;pharmacy", "name": "A"}, {"amenity": " clinic "},
        {"healthcare": "centre"}, {"healthcare": "centre", "healthcare:speciality": "general"},
        {"healthcare": "counselling", "healthcare:counselling": "  "},
        {"healthcare": "counselling", "healthcare:counselling": "addiction"},
        {"amenity": "social_facility", "social_facility": "", "social_facility:for": ""},
        {"amenity": "police", "name": "Sentrum politistasjon"}, {"amenity": "police"},
        {}, {"shop": "supermarket;convenience"}, {"shop": ["not", "hashable"]},
        {"highway": "bus_stop", "bus": None}, {"public_transport": "platform", "bus": "yes"},
        {"name": "nothing here"}, {"amenity": 7},
    ]
    rows = [{"osm_id": f"n{i}", "tags": t, "geometry": shapely.Point(10.7 + i * 1e-4, 59.9)}
            for i, t in enumerate(tags)]
    return features_frame(rows)


def test_odd_tags_are_classified_as_by_the_plain_loop() -> None:
    features = _odd_features()
    _assert_as_plain(features, CATEGORIES)
    odd = {**CATEGORIES,
           "unnamed": Category("unnamed", "u", "u", [{"name": ""}]),
           "everything": Category("everything", "e", "e", [{}], [{"amenity": "*"}]),
           "seven": Category("seven", "s", "s", [{"amenity": 7}, {"shop": ["not"]}])}
    _assert_as_plain(features, odd)
    assert (review_osm(features, odd)["category"] == "unnamed").sum() > 0


def test_the_remembered_review_is_a_copy() -> None:
    study = study_from_osm(demo_osm())
    first = study_review(study, CATEGORIES)
    first.loc[:, "included"] = False
    again = study_review(study, CATEGORIES)
    assert again["included"].any()
    assert_frame_equal(again, plain_review(study.osm.features, CATEGORIES), check_exact=True)


@pytest.mark.shared
def test_a_cached_study_answers_from_its_stored_review(opera_pbf: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "cache_dir", tmp_path / "cache")
    study_from_file(opera_pbf)  # builds and stores
    cached = study_from_file(opera_pbf)
    fresh = study_from_osm(osm_from_file(opera_pbf))
    x, y = fresh.coverage.centroid.x, fresh.coverage.centroid.y
    plots = gpd.GeoDataFrame({"plot_id": ["a", "b"], "name": ["a", "b"]},
                             geometry=gpd.points_from_xy([x, x + 50], [y, y - 80]), crs=fresh.crs)
    config = default_config("recovery")
    expected = rank(fresh, plots, None, config).review

    def no_classifying(*args: Any) -> None:
        raise AssertionError("classified again")

    monkeypatch.setattr(review_module, "review_osm", no_classifying)
    assert_frame_equal(rank(cached, plots, None, config).review, expected, check_exact=True)
    edited = config_from_dict({**config.to_dict(), "categories": EDITED})
    with pytest.raises(AssertionError, match="classified again"):  # other categories: classified
        rank(cached, plots, None, edited)
