"""Tests for the service review (:mod:`siting.review`), its flags and thin categories."""

from __future__ import annotations

import logging
import math

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from siting.config import ServiceEdits, config_from_dict, default_config
from siting.osm import features_frame
from siting.pipeline import categories_for
from siting.review import add_user_services, apply_edits, counts, in_force, render, review_osm
from siting.service_flags import flags_for
from siting.services import CATEGORIES, matched_tags
from siting.thin import ThinCategory, thin_categories, thin_text

P = shapely.Point


def _features() -> gpd.GeoDataFrame:
    return features_frame([
        {"osm_id": "n1", "geometry": P(10.75, 59.91),
         "tags": {"healthcare": "clinic", "name": "Dr. Dropin Carl Berner",
                  "addr:street": "Trondheimsveien", "addr:housenumber": "2",
                  "addr:postcode": "0560", "addr:city": "Oslo"}},
        {"osm_id": "n2", "geometry": P(10.76, 59.92),
         "tags": {"healthcare": "psychotherapy",
                  "name": "Torshov Helseklinikk - Massasje og Psykologsamtaler"}},
        {"osm_id": "n3", "geometry": P(10.77, 59.92),
         "tags": {"amenity": "social_facility", "name": "Frelsesarmeen"}},
        {"osm_id": "n4", "geometry": P(10.74, 59.92),
         "tags": {"amenity": "doctors", "healthcare:speciality": "ophthalmology",
                  "name": "Øyeklinikken"}},
        {"osm_id": "w5", "geometry": shapely.box(10.70, 59.90, 10.701, 59.901),
         "tags": {"amenity": "school", "isced:level": "3", "name": "Sonans Oslo"}},
        {"osm_id": "n6", "geometry": P(10.73, 59.93),
         "tags": {"amenity": "social_facility", "social_facility": "nursing_home",
                  "name": "Sykehjemmet"}},
        {"osm_id": "n7", "geometry": P(10.73, 59.94),
         "tags": {"healthcare": "centre", "name": "Helsehuset"}},
    ])


# --- tag patterns -------------------------------------------------------------------------------
def test_absent_key_and_matched_tags() -> None:
    pattern = [{"amenity": "social_facility", "social_facility:for": ""}]
    assert matched_tags({"amenity": "social_facility"}, pattern) == [
        "amenity=social_facility", "social_facility:for=-"]
    assert matched_tags({"amenity": "social_facility", "social_facility:for": "senior"},
                        pattern) == []
    assert matched_tags({"amenity": "clinic", "healthcare": "clinic"},
                        CATEGORIES["gp"].patterns) == ["amenity=clinic", "healthcare=clinic"]


def test_review_lists_counted_services_and_candidates() -> None:
    review = render(review_osm(_features(), CATEGORIES), "en")
    rows = {(r.ref, r.category): r for r in review.itertuples()}
    assert sorted(rows) == [("n1", "gp"), ("n2", "mental_health"), ("n3", "mental_health"),
                            ("n3", "substance_abuse"), ("n4", "gp"), ("n7", "gp"),
                            ("w5", "school")]
    drop_in = rows[("n1", "gp")]  # healthcare=clinic alone now counts as a GP office
    assert (drop_in.included, drop_in.source, drop_in.matched_tags) == (
        True, "osm", "healthcare=clinic")
    assert drop_in.address == "Trondheimsveien 2, 0560 Oslo"
    assert drop_in.why == "counted: its OSM tags are this category's"
    salvation = rows[("n3", "substance_abuse")]
    assert not salvation.included
    assert salvation.matched_tags == ("amenity=social_facility; social_facility=-; "
                                      "social_facility:for=-")
    assert salvation.why.startswith("not counted: a candidate")
    assert not rows[("n7", "gp")].included  # healthcare=centre alone: unspecified
    assert list(in_force(review)["ref"]) == ["n1", "n2", "n4", "w5"]


def test_flags_mark_but_never_drop() -> None:
    review = render(review_osm(_features(), CATEGORIES), "nb")
    flagged = review.set_index(["ref", "category"])["flags"]
    assert flagged["n2", "mental_health"] == "navnet inneholder «massasje»: sjekk at den hører " \
                                             "hjemme her"
    assert flagged["n4", "gp"] == "healthcare:speciality=ophthalmology ligger utenfor kategorien"
    assert flagged["w5", "school"] == "navnet inneholder «sonans»: sjekk at den hører hjemme her"
    assert flagged["n1", "gp"] == ""
    assert review.set_index(["ref", "category"]).loc[("n2", "mental_health"), "included"]
    table = counts(review)
    assert table.loc["mental_health"].to_dict() == {"counted": 1, "not_counted": 1, "flagged": 1}


@pytest.mark.parametrize(("category", "name", "tags", "flags"), [
    ("school", "Filadelfia bibelskole", {"amenity": "school", "grades": "11-13"},
     [("name", "bibelskole")]),
    ("school", "AHO", {"amenity": "school"}, [("school_level", "")]),
    ("school", "Voksenopplæringen", {"amenity": "school", "isced:level": "4;5"},
     [("school_adult", "4")]),
    ("school", "Tøyen skole", {"amenity": "school", "grades": "1-7"}, []),
    ("school", "Bibelbarnehagen", {"amenity": "kindergarten"}, [("name", "bibelbarnehagen")]),
    ("gp", "Gamle Oslo smittevernkontor og reisevaksinasjon", {"amenity": "clinic"},
     [("name", "smittevernkontor"), ("name", "reisevaksinasjon")]),
    ("gp", "Legesenteret", {"amenity": "doctors", "healthcare:speciality": "general"}, []),
    ("mental_health", "DPS", {"healthcare:speciality": "psychiatry;dermatology"},
     [("speciality", "dermatology")]),
    ("mental_health", "Spania-huset", {"healthcare": "psychotherapist"}, []),
])
def test_flag_rules(category: str, name: str, tags: dict[str, str],
                    flags: list[tuple[str, str]]) -> None:
    assert flags_for(category, name, tags) == flags


# --- the user's edits ---------------------------------------------------------------------------
def test_exclude_and_include_by_reference(caplog: pytest.LogCaptureFixture) -> None:
    review = review_osm(_features(), CATEGORIES)
    edits = ServiceEdits(exclude=["n2", "gp:n4"], include=["substance_abuse:n3",
                                                           "mental_health:n6", "n99"])
    with caplog.at_level(logging.WARNING):
        out, unknown = apply_edits(review, edits, _features(), CATEGORIES)
    out = render(out, "en").set_index(["ref", "category"])
    assert unknown == ["n99"]
    assert "n99 not found among the services" in caplog.text
    assert not out.loc[("n2", "mental_health"), "included"]
    assert out.loc[("n2", "mental_health"), "why"] == ("not counted: excluded by the user "
                                                       "([services] exclude)")
    assert not out.loc[("n4", "gp"), "included"]
    assert out.loc[("n3", "substance_abuse"), "included"]
    assert not out.loc[("n3", "mental_health"), "included"]  # only the category named
    nursing = out.loc[("n6", "mental_health")]  # not listed before: added from the data
    assert (nursing["included"], nursing["source"], nursing["name"]) == (True, "osm",
                                                                        "Sykehjemmet")
    assert nursing["why"] == "counted: included by the user ([services] include)"


def _register(rows: list[tuple[str, str, float, float]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"category": [r[0] for r in rows], "name": [r[1] for r in rows],
                             "row": range(1, len(rows) + 1)},
                            geometry=[P(r[2], r[3]) for r in rows], crs="EPSG:4326")


def test_register_replaces_the_same_service_and_whole_categories() -> None:
    review = review_osm(_features(), CATEGORIES)
    # 0.0003 degrees of latitude = 33 m from n1: the same GP office, mapped twice
    register = _register([("gp", "Legevakt", 10.75, 59.9103),
                          ("mental_health", "Psykisk helse og rus", 10.80, 59.95)])
    clicked = _register([("shop", "Kiosken", 10.78, 59.93)])
    out = render(add_user_services(review, register, clicked, ["mental_health"]), "en")
    by_ref = out.set_index(["ref", "category"])
    assert by_ref.loc[("n1", "gp"), "why"] == "not counted: replaced by register:1 of the register"
    assert by_ref.loc[("register:1", "gp"), "why"] == ("counted: from the municipality's "
                                                      "register; replaces n1 from OpenStreetMap")
    assert not by_ref.loc[("n2", "mental_health"), "included"]
    assert by_ref.loc[("n2", "mental_health"), "why"].startswith("not counted: the settings take")
    assert by_ref.loc[("clicked:1", "shop"), "source"] == "clicked"
    assert sorted(in_force(out)["ref"]) == ["clicked:1", "n4", "register:1", "register:2", "w5"]


def test_config_edits_are_validated() -> None:
    config = config_from_dict({"services": {"exclude": ["n1", "gp:w2"], "include": ["r3"]}})
    assert config.services == ServiceEdits(["n1", "gp:w2"], ["r3"])
    with pytest.raises(Exception, match="services: n1 is both excluded and included"):
        config_from_dict({"services": {"exclude": ["n1"], "include": ["n1"]}})
    with pytest.raises(Exception, match=r"services.exclude is \[\"Torshov\"\]"):
        config_from_dict({"services": {"exclude": ["Torshov"]}})


# --- thin categories ----------------------------------------------------------------------------
def _services(counts_by_cat: dict[str, int]) -> gpd.GeoDataFrame:
    rows = [(cat, f"{cat} {i}") for cat, n in counts_by_cat.items() for i in range(n)]
    return gpd.GeoDataFrame({"category": [r[0] for r in rows], "name": [r[1] for r in rows]},
                            geometry=[P(10.75, 59.91)] * len(rows), crs="EPSG:4326")


def test_thin_by_count_and_by_distance() -> None:
    config = default_config()
    zero_gp = config.criteria["gp"].curve.zero
    services = _services({"gp": 5, "mental_health": 1, "bus": 3, "police": 1})
    inf = math.inf
    table = pd.DataFrame({
        "walk_m_gp": [zero_gp + 1, zero_gp + 1, 100.0, math.nan],  # 2 of 3 measured: far
        "walk_m_mental_health": [inf, 10.0, 10.0, 10.0],
        "walk_m_bus": [10.0, 10.0, 10.0, 10.0],
        "police_drive_min": [1.0, 1.0, 1.0, 1.0],
        "flag": ["", "", "", ""]})
    found = thin_categories(services, config, ["gp", "mental_health", "bus", "police"],
                            table=table)
    assert found == [
        ThinCategory("gp", 5, ("gp 0", "gp 1", "gp 2"), 2, 3, zero_gp),
        ThinCategory("mental_health", 1, ("mental_health 0",), 1, 4,
                     config.criteria["mental_health"].curve.zero)]
    label = config.criteria["mental_health"].label_en
    assert thin_text(found[1], "en", label) == (
        "Mental-health service: only 1 service in the study area (mental_health 0). "
        "OpenStreetMap is thin here: load the municipality's service register (template: "
        "`python -m siting register-template`) or check the review.")
    assert thin_text(found[0], "nb", "Fastlege").startswith(
        f"Fastlege: nærmeste ligger lenger unna enn {zero_gp:,.0f} m".replace(",", "\u00a0"))


def test_a_category_without_any_service_is_thin() -> None:
    config = default_config()
    found = thin_categories(_services({"gp": 4}), config, ["gp", "substance_abuse"])
    assert [(t.category, t.services) for t in found] == [("substance_abuse", 0)]
    assert thin_text(found[0], "en", "Substance").startswith(
        "Substance: no service in the study area.")


def test_categories_for_carries_candidates() -> None:
    config = config_from_dict({"categories": {"nav": {
        "patterns": [{"office": "government", "government": "social_welfare"}],
        "candidates": [{"office": "government", "government": ""}]}}})
    cats = categories_for(config)
    assert cats["nav"].candidates == [{"office": "government", "government": ""}]
    assert cats["mental_health"].candidates == CATEGORIES["mental_health"].candidates
    features = features_frame([
        {"osm_id": "n1", "geometry": P(10.7, 59.9),
         "tags": {"office": "government", "government": "social_welfare", "name": "NAV"}},
        {"osm_id": "n2", "geometry": P(10.7, 59.9),
         "tags": {"office": "government", "name": "Departementet"}}])
    review = render(review_osm(features, cats), "en")
    nav = review[review["category"] == "nav"]
    assert list(zip(nav["ref"], nav["included"], strict=True)) == [("n1", True), ("n2", False)]
