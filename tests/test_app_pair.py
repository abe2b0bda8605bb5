""""Velg tomter for begge grupper" in the decision tab, driven headless with AppTest.

Every decision the app shows is made again here with the library
(:func:`siting.decision_network.decide_from_analysis`) on the same plots.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from apptesting import FakeMap, app_starter, as_seen, install_fake_map, spy_downloads
from streamlit.testing.v1 import AppTest
from test_app_decide import frame, run, upload

from siting.decision import DecisionSettings, configs_for
from siting.decision_network import decide_from_analysis
from siting.demo import demo_plots
from siting.pipeline import load_study, rank
from siting.scenario import load_scenario
from siting.text.decision import summary_lines

TAB = "Beslutning"
RANK = "Rang"


@pytest.fixture
def fake_map(monkeypatch: pytest.MonkeyPatch) -> FakeMap:
    return install_fake_map(monkeypatch)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        fake_map: FakeMap) -> Callable[..., AppTest]:
    return app_starter(monkeypatch, tmp_path)


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    return spy_downloads(monkeypatch)


def expected(settings: DecisionSettings, districts: gpd.GeoDataFrame | None = None,
             lang: str = "nb") -> object:
    configs = configs_for(["recovery", "active-use"], lang=lang)
    result = rank(load_study(), demo_plots(), None, configs["recovery"])
    return decide_from_analysis(result.acc, configs, settings, districts)


def shown_pairs(at: AppTest) -> list[tuple[str, str]]:
    table = frame(at, RANK)
    return [(a.split(" – ")[0], b.split(" – ")[0])
            for a, b in zip(table["Endring: tomt"], table["Aktiv rus: tomt"], strict=True)]


def test_pair_section_shows_the_library_decision(app: Callable[..., AppTest],
                                                 fake_map: FakeMap) -> None:
    at = app(TAB)
    want = expected(DecisionSettings())
    assert shown_pairs(at) == [p.plots for p in want.solution.portfolios]
    table = frame(at, RANK)
    assert table["Mål"].tolist() == pytest.approx([p.objective for p in
                                                   want.solution.portfolios])
    assert table["Gangavstand (m)"].tolist() == pytest.approx(
        [p.min_walk_m for p in want.solution.portfolios])
    text = " ".join(as_seen(m.value) for m in at.markdown)
    for line in summary_lines(want, "nb")[:4]:
        assert line in text
    assert at.subheader[0].value == "Velg tomter for begge grupper"
    key = fake_map.keys.index("pair_map")
    html = fake_map.maps[key].get_root().render()
    assert "Gangvei A – C: 684 m" in html
    assert "Tomt A – sentrum (demo) (A): Endring, 100,0 poeng" in html
    assert "cdn" not in html.lower()


def test_switches_change_the_decision(app: Callable[..., AppTest]) -> None:
    at = app(TAB)
    at.radio(key="pair_objective").set_value("maxmin")
    at.number_input(key="pair_metres").set_value(800.0)
    at.multiselect(key="pair_reserved_active-use").set_value(["A"])
    run(at)
    settings = DecisionSettings(objective="maxmin", min_separation_m=800.0,
                                reserved={"A": "active-use"})
    want = expected(settings)
    assert shown_pairs(at) == [p.plots for p in want.solution.portfolios]
    assert all(a != "A" for a, _ in shown_pairs(at))
    at.toggle(key="pair_separate").set_value(False)
    run(at)
    off = expected(DecisionSettings(objective="maxmin", separate=False,
                                    reserved={"A": "active-use"}))
    assert shown_pairs(at) == [p.plots for p in off.solution.portfolios]
    at.toggle(key="pair_separate").set_value(True)
    run(at)
    at.number_input(key="pair_metres").set_value(9000.0)
    run(at)
    assert "Ingen kombinasjon av tomter oppfyller alle krav" in " ".join(
        as_seen(m.value) for m in at.markdown)


def test_switches_outlive_a_visit_to_another_tab(app: Callable[..., AppTest]) -> None:
    """The objective, the separation and the reserved plots stay as the user left them
    when another tab was open meanwhile (Streamlit forgets widgets it does not draw)."""
    at = app(TAB)
    at.radio(key="pair_objective").set_value("maxmin")
    at.number_input(key="pair_metres").set_value(800.0)
    at.multiselect(key="pair_reserved_active-use").set_value(["A"])
    run(at)
    shown = shown_pairs(at)
    for tab in ("Kart", TAB):
        at.session_state["tab"] = tab
        run(at)
    assert at.radio(key="pair_objective").value == "maxmin"
    assert at.number_input(key="pair_metres").value == 800.0
    assert at.multiselect(key="pair_reserved_active-use").value == ["A"]
    assert shown_pairs(at) == shown
    at.session_state["tab"] = "Tomter"
    run(at)
    at.multiselect(key="remove_pick").set_value(["A"])  # a kept plot that is removed
    at.button(key="remove_do").click()
    run(at)
    at.session_state["tab"] = TAB
    run(at)
    assert at.multiselect(key="pair_reserved_active-use").value == []
    assert at.radio(key="pair_objective").value == "maxmin"


def test_school_districts_from_a_file(app: Callable[..., AppTest], tmp_path: Path) -> None:
    plots = demo_plots().to_crs("EPSG:25832")
    town = shapely.box(*plots.total_bounds).buffer(2000)
    c = plots.geometry[plots["plot_id"] == "C"].iloc[0].buffer(50)
    layer = gpd.GeoDataFrame({"skolekrets": ["Sentrum", "Øst"]},
                             geometry=[town.difference(c), c], crs="EPSG:25832")
    data = layer.to_crs("EPSG:4326").to_json().encode()
    at = app(TAB)
    at.toggle(key="pair_use_districts").set_value(True)
    run(at)
    assert "Last inn skolekretsene" in " ".join(c.value for c in at.caption)
    upload(at, "pair_districts_file", "kretser.geojson", data)
    want = expected(DecisionSettings(districts=True),
                    gpd.read_file(json.dumps(json.loads(data))).rename(
                        columns={"skolekrets": "name"}))
    assert shown_pairs(at) == [p.plots for p in want.solution.portfolios]
    assert all("C" in pair for pair in shown_pairs(at))
    upload(at, "pair_districts_file", "punkter.geojson", demo_plots().to_json().encode())
    assert "er ikke polygoner" in at.error[0].value


def test_saved_scenario_holds_the_decision(app: Callable[..., AppTest], files: dict) -> None:
    at = app(TAB)
    at.number_input(key="pair_metres").set_value(600.0)
    at.text_input(key="scenario_title").set_value("Par")
    run(at)
    saved = load_scenario(files["Par.gpkg"](), filename="Par.gpkg")
    want = expected(DecisionSettings(min_separation_m=600.0))
    assert saved.decision is not None
    assert [tuple(p["plots"]) for p in saved.decision["portfolios"]] == [
        p.plots for p in want.solution.portfolios]
    assert saved.decision["settings"]["min_separation_m"] == 600.0
    assert "pair.csv" not in files and "par.csv" in files


def test_pair_section_in_english(app: Callable[..., AppTest]) -> None:
    at = app(TAB)
    at.segmented_control(key="lang").set_value("en")
    run(at)
    assert at.subheader[0].value == "Choose sites for both groups"
    want = expected(DecisionSettings(), lang="en")
    text = " ".join(as_seen(m.value) for m in at.markdown)
    assert summary_lines(want, "en")[0] in text
    assert "Recovery: plot" in frame(at, "Recovery: plot").columns
