"""App tests of the Tjenester tab: the review, the switches, the banner, and the round trip
exclude in the app -> save the scenario -> rerun it from the command line."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from apptesting import FakeMap, app_starter, as_seen, install_fake_map
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from siting.cli import main
from siting.config import ServiceEdits
from siting.scenario import load_scenario, rerun, same_results, study_for
from ui.edits import toggle_service


@pytest.fixture
def fake_map(monkeypatch: pytest.MonkeyPatch) -> FakeMap:
    return install_fake_map(monkeypatch)


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """File name -> its bytes (as a function), for every download button drawn."""
    made: dict[str, Callable[[], bytes]] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def spy_add(self: MediaFileManager, data: Any, *args: Any, **kwargs: Any) -> str:
        if kwargs.get("file_name"):
            made[kwargs["file_name"]] = lambda: data
        return add(self, data, *args, **kwargs)

    def spy_deferred(self: MediaFileManager, data: Callable[[], bytes], *args: Any,
                     **kwargs: Any) -> str:
        made[kwargs["file_name"]] = data
        return add_deferred(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", spy_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy_deferred)
    return made


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        fake_map: FakeMap) -> Callable[..., AppTest]:
    return app_starter(monkeypatch, tmp_path)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def switch(at: AppTest, category: str, row: int, counted: bool) -> AppTest:
    """Flip the switch of ``row`` in ``category``'s table, as a click would."""
    at.selectbox(key="svc_cat").set_value(category)
    run(at)
    at.session_state[f"svc_edit:{category}"] = {
        "edited_rows": {row: {"counted": counted}}, "added_rows": [], "deleted_rows": []}
    return run(at)


def test_toggle_service_lists_only_departures_from_the_default() -> None:
    edits = toggle_service(ServiceEdits(), "mental_health", "n3", False, True)
    assert edits == ServiceEdits(["mental_health:n3"], [])
    assert toggle_service(edits, "mental_health", "n3", True, True) == ServiceEdits([], [])
    assert toggle_service(edits, "substance_abuse", "n9", True, False) == ServiceEdits(
        ["mental_health:n3"], ["substance_abuse:n9"])


def test_review_table_map_and_banner(app: Callable[..., AppTest], fake_map: FakeMap) -> None:
    at = app(tab="Tjenester")
    banner = as_seen(at.warning[-1].value)
    assert banner.startswith("**Tynt grunnlag for noen tjenester**")
    assert "Psykisk helsetjeneste: bare 1 tjeneste i studieområdet (Psykisk helse Demoby " \
           "(demo))" in banner
    counts = at.dataframe[0].value
    assert counts.loc["Skole/barnehage", "Bør sjekkes"] == 1  # the demo school has no grades
    at.selectbox(key="svc_cat").set_value("school")
    run(at)
    table = at.data_editor[0].value
    assert table["name"].tolist() == ["Demoby skole (demo)", "Demo barnehage (demo)"]
    assert table["counted"].tolist() == [True, True]
    assert table["flags"].iloc[0].startswith("amenity=school uten grades")
    assert table["source"].tolist() == ["OpenStreetMap", "OpenStreetMap"]  # not the code "osm"
    assert fake_map.keys[-1] == "svc_map:school"
    html = fake_map.maps[-1].get_root().render()
    assert "<br>OpenStreetMap n" in html  # the tooltip's source in words, then the ref
    assert "Demoby skole (demo)" in html and "#d4a017" in html  # flagged: orange


def test_switch_off_save_and_rerun_from_the_command_line(
        app: Callable[..., AppTest], files: dict[str, Callable[[], bytes]], tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    at = switch(app(tab="Tjenester"), "mental_health", 0, False)
    assert at.session_state["service_edits"] == ServiceEdits(["mental_health:n3"], [])
    assert at.data_editor[0].value["counted"].tolist() == [False]
    assert at.data_editor[0].value["why"].iloc[0] == ("teller ikke: utelatt av brukeren "
                                                      "([services] exclude)")
    at.session_state["tab"] = "Rangering"
    run(at)
    shown = next(d.value for d in at.dataframe if "Tomt" in d.value.columns)
    assert len(shown) == 5
    at.session_state["tab"] = "Beslutning"
    run(at)
    at.text_input(key="scenario_title").set_value("Uten psykisk helse")
    run(at)
    path = tmp_path / "uten.gpkg"
    path.write_bytes(files["Uten-psykisk-helse.gpkg"]())
    saved = load_scenario(path)
    assert saved.config.services.exclude == ["mental_health:n3"]
    assert np.isinf(saved.results["walk_m_mental_health"]).all()
    measured = saved.results[saved.results["status"] != "flagged"]
    assert all("ingen tjeneste i denne kategorien (psykisk helsetjeneste)" in r
               for r in measured["reasons"])
    assert same_results(saved, rerun(saved, study_for(saved)))
    caplog.set_level(logging.INFO, logger="siting")
    out = tmp_path / "igjen.csv"
    assert main(["rank", "--scenario", str(path), "--out", str(out)]) == 0
    assert "kjørte uten.gpkg på nytt: samme resultater som lagret" in caplog.text
    again = pd.read_csv(out)
    assert np.isinf(again["walk_m_mental_health"]).all()
    # switched on again: back to the default, nothing listed
    at.session_state["tab"] = "Tjenester"
    run(at)
    switch(at, "mental_health", 0, True)
    assert at.session_state["service_edits"] == ServiceEdits([], [])


@pytest.mark.shared
def test_the_counts_and_the_review_file_leave_out_what_rank_leaves_out(
        app: Callable[..., AppTest], files: dict[str, Callable[[], bytes]], oslo_pbf: Path,
        tmp_path: Path) -> None:
    # the immigration office is reviewed as no station: rank measures from the two
    # stations only, and `siting services` says so; the app's counts say the same
    at = app(tab="Tjenester", osm=oslo_pbf)
    counts = at.dataframe[0].value
    assert counts.loc["Politistasjon"].to_dict() == {"Fra OpenStreetMap": 2, "Teller ikke": 1,
                                                     "Bør sjekkes": 0}
    cli_file = tmp_path / "cli.csv"
    assert main(["services", "--osm", str(oslo_pbf), "--out", str(cli_file), "-q"]) == 0
    by_cli = pd.read_csv(cli_file)
    in_app = pd.read_csv(io.BytesIO(files["tjenester.csv"]()))
    police = ["name", "included", "why"]
    assert in_app.loc[in_app["category"] == "police", police].values.tolist() == \
        by_cli.loc[by_cli["category"] == "police", police].values.tolist() == [
            ["Seksjon for utlendingsforvaltning, Oslo", False,
             "teller ikke: ikke en politistasjon kjøretiden regnes fra: navnet sier verken "
             "politistasjon, lensmannskontor eller politiets tjenestested: sjekk om patruljene "
             "kjører herfra; utelatt til den er sjekket"],
            ["Grønland politistasjon", True, "teller: OSM-taggene hører til kategorien"],
            ["Sentrum politistasjon", True, "teller: OSM-taggene hører til kategorien"]]


EAST_NORTH = ("kategori;navn;lat;lon;øst;nord\nrus;Rustjenesten;;;569876;7018660\n"
              "rus;Rusteamet;63,29;10,39;;\n").encode()


def test_a_register_in_east_north_is_read_with_the_crs_beside_its_upload(
        app: Callable[..., AppTest]) -> None:
    at = app(tab="Tjenester")
    at.file_uploader(key="register_file").set_value(("tjenester.csv", EAST_NORTH, "text/csv"))
    run(at)  # without a CRS: refused, pointing at the field beside this upload
    assert [as_seen(e.value) for e in at.error] == [
        "tjenester.csv: rad 1 oppgir øst/nord (kolonnene 'øst' og 'nord') og de andre radene "
        "bredde-/lengdegrad, men ingen CRS er oppgitt for øst/nord; oppgi CRS, f.eks. "
        "EPSG:25832 (UTM 32N, brukt i Trøndelag) eller EPSG:25833 (kommandolinje: --crs; "
        "appen: CRS-feltet) for å lese begge slags rader."]
    field = at.text_input(key="register_crs")
    assert field.label == ("CRS for øst/nord-koordinater i registeret (f.eks. EPSG:25832), "
                           "ellers tomt")
    field.set_value("EPSG:25832")
    run(at)
    assert not at.error
    register = at.session_state["register"].to_crs(4326)
    assert list(register["name"]) == ["Rustjenesten", "Rusteamet"]
    assert register.geometry.x.round(6).tolist() == [10.393438, 10.39]
    assert register.geometry.y.round(6).tolist() == [63.290001, 63.29]


def test_a_register_in_east_north_without_a_usable_row_is_refused_for_its_rows(
        app: Callable[..., AppTest]) -> None:
    at = app(tab="Tjenester")
    at.text_input(key="register_crs").set_value("EPSG:25832")
    data = "kategori;navn;øst;nord\n;Rustjenesten;569876;7018660\n".encode()
    at.file_uploader(key="register_file").set_value(("tjenester.csv", data, "text/csv"))
    run(at)  # the CRS was given: the message is about the category, not a missing CRS
    assert [as_seen(e.value) for e in at.error] == [
        "tjenester.csv: ingen kategori oppgitt (kolonnen 'kategori' eller 'category' mangler "
        "eller er tom); legg den til med en av gp, bus, shop, mental_health, substance_abuse, "
        "pharmacy, school, police (eller en ny nøkkel som nav)."]
    assert at.session_state["register"] is None
