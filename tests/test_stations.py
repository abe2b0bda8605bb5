"""Which police objects count as stations: tags, names, the user's switches, central Oslo."""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point
from toy import real_study

from siting.analysis import accessibility
from siting.config import config_from_dict, default_config
from siting.pipeline import log_stations, services_for
from siting.stations import choose_stations, classify_station, station_key, station_reason

OSLO_IMMIGRATION = {"amenity": "police", "name": "Seksjon for utlendingsforvaltning, Oslo",
                    "phone": "+47 22342100"}


@pytest.mark.parametrize(("tags", "expected"), [
    (OSLO_IMMIGRATION, ("review", "unclear", "")),
    ({"amenity": "police", "name": "Grønland politistasjon"}, ("station", "named", "")),
    ({"amenity": "police", "name": "Politihuset", "alt_name": "Oslo politistasjon"},
     ("station", "named", "")),
    ({"amenity": "police", "name": "Melhus lensmannskontor"}, ("station", "named", "")),
    ({"amenity": "police", "name": "Politiets tjenestested Lundamo"}, ("station", "named", "")),
    ({"amenity": "police", "name": "Politiet"}, ("review", "unclear", "")),
    ({"amenity": "police"}, ("review", "no_name", "")),
    ({"amenity": "police", "police": "station"}, ("station", "tagged", "station")),
    ({"amenity": "police", "police": "offices", "name": "Politiets fellestjenester"},
     ("excluded", "tag_other", "offices")),
    ({"amenity": "police", "police": "Detention", "name": "Oslo politistasjon arrest"},
     ("excluded", "tag_other", "detention")),  # the tag outranks the name
    ({"amenity": "police", "police": "kiosk", "name": "X politistasjon"},
     ("review", "tag_unknown", "kiosk")),
])
def test_classify_station(tags: dict[str, str], expected: tuple[str, str, str]) -> None:
    assert classify_station(tags, tags.get("name", "")) == expected


def test_reasons_in_both_languages() -> None:
    assert station_reason("tag_other", "nb", "offices") == (
        "merket police=offices: ikke en stasjon patruljene kjører fra")
    assert station_reason("unclear", "en") == (
        "the name says neither politistasjon, lensmannskontor nor politiets tjenestested: "
        "check whether patrols drive from here")


def _police(*rows: tuple[str, str, str, str]) -> gpd.GeoDataFrame:
    """Police services (name, ref, source, status) plus one bus stop."""
    frame = gpd.GeoDataFrame(
        {"category": ["police"] * len(rows) + ["bus"],
         "name": [r[0] for r in rows] + ["Torget"], "ref": [r[1] for r in rows] + ["n9"],
         "source": [r[2] for r in rows] + ["osm"],
         "station": [r[3] for r in rows] + [""],
         "station_why": ["named" if r[3] == "station" else "unclear" if r[3] == "review"
                         else "tag_other" if r[3] == "excluded" else "" for r in rows] + [""]},
        geometry=[Point(i, 0) for i in range(len(rows) + 1)], crs="EPSG:25832")
    return frame


def _used(frame: gpd.GeoDataFrame) -> dict[str, tuple[bool, str]]:
    return dict(zip(frame["name"], zip(frame["use"], frame["use_why"], strict=True), strict=True))


def test_review_objects_wait_while_a_station_is_confirmed() -> None:
    services = _police(("Grønland politistasjon", "w1", "osm", "station"),
                       ("Seksjon for utlendingsforvaltning", "n2", "osm", "review"),
                       ("Politiets fellestjenester", "n3", "osm", "excluded"))
    out = choose_stations(services)
    assert len(out) == len(services)  # never dropped
    assert _used(out) == {"Grønland politistasjon": (True, ""),
                          "Seksjon for utlendingsforvaltning": (False, "left_unclear"),
                          "Politiets fellestjenester": (False, ""), "Torget": (True, "")}


def test_review_objects_are_used_when_nothing_is_confirmed() -> None:
    out = choose_stations(_police(("Politiet", "n2", "osm", "review"),
                                  ("Arresten", "n3", "osm", "excluded")))
    assert _used(out)["Politiet"] == (True, "used_unclear")
    assert _used(out)["Arresten"] == (False, "")


def test_the_users_switches_and_their_own_stations() -> None:
    services = _police(("Grønland politistasjon", "w1", "osm", "station"),
                       ("Seksjon for utlendingsforvaltning", "n2", "osm", "review"),
                       ("Lensmannen (klikket)", "", "added", ""),
                       ("Fra registeret", "", "register", ""))
    out = choose_stations(services, include=["n2"], exclude=["w1", "Fra registeret"])
    assert _used(out) == {"Grønland politistasjon": (False, "by_user_out"),
                          "Seksjon for utlendingsforvaltning": (True, "by_user_in"),
                          "Lensmannen (klikket)": (True, ""),
                          "Fra registeret": (False, "by_user_out"), "Torget": (True, "")}
    assert out["station_why"].tolist()[2:4] == ["added", "register"]
    # leaving out wins over including the same station
    both = choose_stations(services, include=["n2"], exclude=["n2"])
    assert _used(both)["Seksjon for utlendingsforvaltning"] == (False, "by_user_out")
    assert [station_key(r, n) for r, n in zip(services["ref"], services["name"],
                                               strict=True)][:3] == [
        "w1", "n2", "Lensmannen (klikket)"]


def test_the_command_lines_police_lines_speak_the_chosen_language(
        caplog: pytest.LogCaptureFixture) -> None:
    services = choose_stations(_police(("Grønland politistasjon", "w1", "osm", "station"),
                                       ("Seksjon for utlendingsforvaltning", "n2", "osm",
                                        "review")))
    said = {}
    for lang in ("nb", "en"):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="siting"):
            log_stations(services, lang)
        said[lang] = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert said["nb"] == [
        ("INFO", "politistasjoner som brukes: Grønland politistasjon (OSM w1)"),
        ("WARNING", "politiobjekt utelatt til det er sjekket: Seksjon for "
                    "utlendingsforvaltning (OSM n2) – navnet sier verken politistasjon, "
                    "lensmannskontor eller politiets tjenestested: sjekk om patruljene kjører "
                    "herfra; for å bruke det, legg police.include = [\"n2\"] til i "
                    "konfigurasjonen")]
    assert said["en"] == [
        ("INFO", "police stations used: Grønland politistasjon (OSM w1)"),
        ("WARNING", "police object left out for review: Seksjon for utlendingsforvaltning "
                    "(OSM n2) -- the name says neither politistasjon, lensmannskontor nor "
                    "politiets tjenestested: check whether patrols drive from here; to use it, "
                    "add police.include = [\"n2\"] to the config")]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="siting"):
        log_stations(services.assign(use=False), "nb")
    assert caplog.records[0].getMessage() == "politistasjoner som brukes: ingen"


@pytest.mark.shared
def test_central_oslo_leaves_the_immigration_office_for_review(oslo_pbf: Path) -> None:
    study, _ = real_study(str(oslo_pbf))
    services = services_for(study, None, default_config(lang="en"))
    police = services[services["category"] == "police"].set_index("name")
    assert police[["station", "station_why", "use"]].to_dict("index") == {
        "Seksjon for utlendingsforvaltning, Oslo": {"station": "review",
                                                    "station_why": "unclear", "use": False},
        "Grønland politistasjon": {"station": "station", "station_why": "named", "use": True},
        "Sentrum politistasjon": {"station": "station", "station_why": "named", "use": True},
    }
    # a plot at the immigration office's door: its time comes from a real station; used
    # again by the user's choice, the office gives the short time and is named
    office = police.loc["Seksjon for utlendingsforvaltning, Oslo"]
    plots = gpd.GeoDataFrame({"plot_id": ["T3"], "name": ["T3"]},
                             geometry=[office.geometry], crs=services.crs)
    default = accessibility(study, plots, services, ["police"]).table.iloc[0]
    chosen = services_for(study, None, config_from_dict({"police": {"include": [office.ref]}}))
    forced = accessibility(study, plots, chosen, ["police"]).table.iloc[0]
    assert default["nearest_police"] in ("Grønland politistasjon (OSM w557060199)",
                                         "Sentrum politistasjon (OSM w947693574)")
    assert forced["nearest_police"] == "Seksjon for utlendingsforvaltning, Oslo (OSM n5503861779)"
    assert forced["police_drive_min"] < default["police_drive_min"]
    assert np.isfinite(default["police_drive_min"])
    print(f"plot at the immigration office: {default['police_drive_min']:.2f} min from "
          f"{default['nearest_police']}, {forced['police_drive_min']:.2f} min from the office")
