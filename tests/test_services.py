"""Tests for :mod:`siting.services` (categories, OSM tag rules, the municipality's register)."""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from siting.errors import InputError
from siting.osm import features_frame
from siting.services import (
    Category,
    category_key,
    combine_services,
    matches,
    read_register,
    services_from_osm,
)
from siting.text import t

DATA = Path(__file__).parent / "data" / "cli"
CHOICES = "gp, bus, shop, mental_health, substance_abuse, pharmacy, school, police"


# --- tag patterns -----------------------------------------------------------------------------
def test_all_tags_of_a_pattern_must_match() -> None:
    pattern = [{"public_transport": "platform", "bus": "yes"}]
    assert matches({"public_transport": "platform", "bus": "yes", "name": "Torget"}, pattern)
    assert not matches({"public_transport": "platform"}, pattern)
    assert not matches({"public_transport": "platform", "bus": "no"}, pattern)


def test_any_pattern_may_match() -> None:
    patterns = [{"amenity": "doctors"}, {"healthcare": "doctor"}]
    assert matches({"healthcare": "doctor"}, patterns)
    assert matches({"amenity": "doctors"}, patterns)
    assert not matches({"amenity": "dentist"}, patterns)
    assert not matches({"amenity": "doctors"}, [])


def test_star_list_and_semicolon_values() -> None:
    assert matches({"healthcare": "anything"}, [{"healthcare": "*"}])
    assert not matches({"amenity": "clinic"}, [{"healthcare": "*"}])  # the key must be there
    shops = [{"shop": ["supermarket", "convenience"]}]
    assert matches({"shop": "convenience"}, shops)
    assert not matches({"shop": "bakery"}, shops)
    # OSM lists several values with ";" (spaces around them are tolerated)
    assert matches({"social_facility:for": "homeless; drug_addicted"},
                   [{"social_facility:for": ["drug_addicted", "alcoholic"]}])
    assert matches({"shop": "bakery;supermarket"}, shops)
    assert not matches({"shop": "bakery;deli"}, shops)


def test_services_from_osm_classifies_hand_made_features() -> None:
    features = features_frame([
        {"osm_id": "n1", "geometry": shapely.Point(10.38, 63.28),
         "tags": {"amenity": "clinic", "healthcare:speciality": "psychiatry",
                  "name": "DPS Klinikken"}},
        {"osm_id": "n2", "geometry": shapely.Point(10.39, 63.28),
         "tags": {"amenity": "social_facility",
                  "social_facility:for": "alcoholic;mental_health", "name": "Huset"}},
        {"osm_id": "w3", "geometry": shapely.box(10.40, 63.28, 10.401, 63.281),
         "tags": {"shop": "supermarket", "building": "retail", "name": "Matbutikken"}},
        {"osm_id": "n4", "geometry": shapely.Point(10.41, 63.28),
         "tags": {"amenity": "bench"}},
        {"osm_id": "n5", "geometry": shapely.Point(10.42, 63.28),
         "tags": {"amenity": "police"}},
    ])
    services = services_from_osm(features)
    assert list(services.columns) == ["category", "name", "source", "ref", "station",
                                      "station_why", "station_tag", "geometry"]
    # only the police object is judged as a station: untagged and unnamed, for review
    judged = services[["ref", "station", "station_why"]].to_numpy().tolist()
    assert sorted(j for j in judged if j[1]) == [["n5", "review", "no_name"]]
    assert services.crs == "EPSG:4326"
    found = sorted(zip(services["ref"], services["category"], strict=True))
    assert found == [("n1", "gp"), ("n1", "mental_health"),  # a clinic that is both
                     ("n2", "mental_health"), ("n2", "substance_abuse"),
                     ("n5", "police"), ("w3", "shop")]
    assert set(services["source"]) == {"osm"}
    assert services.loc[services["ref"] == "n5", "name"].item() == ""  # unnamed: ""
    assert services.loc[services["ref"] == "w3"].geometry.item().geom_type == "Polygon"


def test_services_from_osm_uses_the_given_categories() -> None:
    features = features_frame([{"osm_id": "n1", "geometry": shapely.Point(10.38, 63.28),
                                "tags": {"office": "government", "name": "NAV"}}])
    custom = {"nav": Category("nav", "NAV-kontor", "NAV office", [{"office": "government"}])}
    assert list(services_from_osm(features, custom)["category"]) == ["nav"]
    assert services_from_osm(features).empty


# --- category words ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "key"), [
    ("psykisk helse", "mental_health"), ("Psykisk  Helse ", "mental_health"),
    ("psykisk_helse", "mental_health"), ("Psykisk-helse", "mental_health"),
    ("Psykisk helsetjeneste", "mental_health"), ("Mental health", "mental_health"),
    ("mental_health", "mental_health"), ("rus", "substance_abuse"),
    ("Rus- og tiltakstjenesten", "substance_abuse"), ("Rustjeneste", "substance_abuse"),
    ("Fastlege", "gp"), ("legekontor", "gp"), ("GP", "gp"), ("Bus stop", "bus"),
    ("buss", "bus"), ("Grocery shop", "shop"), ("Dagligvarebutikk", "shop"),
    ("Apotek", "pharmacy"), ("Skole/barnehage", "school"), ("barnehage", "school"),
    ("Politistasjon", "police"), ("Police station", "police"),
    # the usual Norwegian names of psychiatric and drug services count as such (and so
    # stay out of public outputs)
    ("DPS", "mental_health"), ("Distriktspsykiatrisk senter", "mental_health"),
    ("psykiatri", "mental_health"), ("LAR", "substance_abuse"),
    ("Ruspoliklinikk", "substance_abuse"), ("TSB", "substance_abuse"),
    # anything else is a new category key
    ("NAV", "nav"), ("Ettervern/oppfølging", "ettervern_oppfolging"), ("Legevakt", "legevakt"),
    ("", ""),
])
def test_category_key(text: str, key: str) -> None:
    assert category_key(text) == key


# --- the register -----------------------------------------------------------------------------
def test_read_register_semicolon_decimal_comma() -> None:
    register = read_register(DATA / "register_demo.csv")
    assert list(register["category"]) == ["mental_health", "substance_abuse", "nav"]
    assert list(register["name"]) == ["Psykisk helseteam Øst (register)", "Rusteamet (register)",
                                      "NAV Demoby (register)"]
    assert register.crs == "EPSG:4326"
    first = register.geometry.iloc[0]
    assert (first.x, first.y) == pytest.approx((10.385491880, 63.289001105), abs=1e-12)


def test_read_register_from_bytes_with_english_headers() -> None:
    data = "category,name,lat,lon\nGP,Legesenteret,63.28,10.38\nGP,Legesenteret,63.29,10.39\n"
    register = read_register(data.encode(), filename="services.csv")
    assert list(register["category"]) == ["gp", "gp"]  # a register may repeat names


def test_register_without_category_or_location_is_refused() -> None:
    data = ("kategori;navn;lat;lon\npsykisk helse;Team;63,28;10,38\n;Uten kategori;63,28;10,38\n"
            "rus;Uten sted;;\n24/7;Døgn;63,28;10,38\n")
    with pytest.raises(InputError) as info:
        read_register(data.encode(), filename="tjenester.csv")
    assert str(info.value) == (
        f"tjenester.csv: rows 2, 4 have no usable category; write one of {CHOICES} (or a new "
        "key such as nav) in column 'category'; row 3 has no location; give lat/lon or the "
        "address (column adresse).")
    assert info.value.text("nb") == (
        f"tjenester.csv: radene 2, 4 mangler en brukbar kategori; skriv en av {CHOICES} (eller "
        "en ny nøkkel som nav) i kolonnen 'kategori'; rad 3 mangler plassering; oppgi lat/lon "
        "eller adressen (kolonnen adresse).")


def test_register_without_category_column_is_refused() -> None:
    with pytest.raises(InputError) as info:
        read_register(b"navn;lat;lon\nTeam;63,28;10,38\n", filename="liste.csv")
    assert str(info.value) == (
        "liste.csv: no category given (column 'category' or 'kategori' is missing or empty); "
        f"add it with one of {CHOICES} (or a new key such as nav).")


def test_register_lists_at_most_ten_rows() -> None:
    rows = "".join(f"rus;Team {i};;\n" for i in range(12))
    with pytest.raises(InputError) as info:
        read_register(f"kategori;navn;lat;lon\n{rows}".encode(), filename="r.csv")
    assert str(info.value) == (
        "r.csv: rows 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more have no location; give lat/lon or "
        "the address (column adresse).")


def test_register_with_a_new_category_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="siting.services"):
        read_register(DATA / "register_demo.csv")
    lines = [r for r in caplog.records if r.name == "siting.services"]
    assert [r.getMessage() for r in lines] == [
        "register_demo.csv: categories not built in: nav (measured as walk_m_<key>; they count "
        "in the score only if the config gives them a criterion)",
        "service register register_demo.csv: mental_health 1, substance_abuse 1, nav 1"]
    # the command line says them in the run's language (siting.text.said)
    assert [t(r.text_key, "nb", **r.text_values) for r in lines] == [  # type: ignore[attr-defined]
        "register_demo.csv: kategorier som ikke er innebygd: nav (målt som walk_m_<nøkkel>; de "
        "teller i poengsummen bare hvis konfigurasjonen gir dem et kriterium)",
        "tjenesteregisteret register_demo.csv: mental_health 1, substance_abuse 1, nav 1"]


# --- adding to and replacing OSM --------------------------------------------------------------
def osm_services() -> gpd.GeoDataFrame:
    """Two OSM services in EPSG:25832."""
    return gpd.GeoDataFrame(
        {"category": ["mental_health", "gp"], "name": ["DPS", "Lege"], "source": ["osm", "osm"],
         "ref": ["n1", "n2"]},
        geometry=[shapely.Point(569_000, 7_018_000), shapely.Point(569_100, 7_018_000)],
        crs="EPSG:25832")


def register_frame() -> gpd.GeoDataFrame:
    """A register with one mental-health team, in EPSG:4326."""
    return gpd.GeoDataFrame({"category": ["mental_health"], "name": ["Team"]},
                            geometry=[shapely.Point(10.385, 63.289)], crs="EPSG:4326")


def test_combine_adds_the_register() -> None:
    both = combine_services(osm_services(), register_frame())
    assert list(zip(both["category"], both["name"], both["source"], strict=True)) == [
        ("mental_health", "DPS", "osm"), ("gp", "Lege", "osm"),
        ("mental_health", "Team", "register")]
    assert both.crs == "EPSG:25832"  # the register is brought into the services' CRS
    assert both.geometry.iloc[2].x == pytest.approx(569_000, abs=1_000)


def test_combine_replaces_a_category() -> None:
    replaced = combine_services(osm_services(), register_frame(), ["mental_health"])
    assert list(zip(replaced["category"], replaced["source"], strict=True)) == [
        ("gp", "osm"), ("mental_health", "register")]


def test_combine_without_register_keeps_osm(caplog: pytest.LogCaptureFixture) -> None:
    assert combine_services(osm_services(), None) is not None
    with caplog.at_level(logging.WARNING, logger="siting.services"):
        kept = combine_services(osm_services(), None, ["mental_health"])
    assert list(kept["name"]) == ["DPS", "Lege"]
    assert "no register was given" in caplog.text


def test_replacing_a_category_the_register_lacks_warns(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="siting.services"):
        out = combine_services(osm_services(), register_frame(), ["gp"])
    assert "gp" not in set(out["category"])
    assert "the config replaces gp with the service register, which has none" in caplog.text
    record = caplog.records[-1]
    assert t(record.text_key, "nb", **record.text_values) == (  # type: ignore[attr-defined]
        "konfigurasjonen erstatter gp med tjenesteregisteret, som ikke har noen: ingen slik "
        "tjeneste er igjen (avstand uendelig)")


def test_register_read_line_does_not_say_used_before_the_area_is_known(
        caplog: pytest.LogCaptureFixture) -> None:
    # a police trial: "3 rader brukt, 0 avvist", then "teller ikke: ligger 0,3 km utenfor"
    from siting.register import load_register

    with caplog.at_level(logging.INFO, logger="siting.register"):
        load_register(DATA / "register_demo.csv")
    lines = [r for r in caplog.records if r.name == "siting.register"]
    assert [t(r.text_key, "nb", **r.text_values) for r in lines] == [  # type: ignore[attr-defined]
        "registeret register_demo.csv: 3 rader lest inn, 0 avvist (om de teller, avgjøres mot "
        "kartdataene)"]
