"""The app's police section, driven headless with AppTest: stations switched off and added
by a click, the dispatch delay, the map bands, the drive route and patrol loop on the
map, and all of it kept in the saved scenario and listed in the report.

Expected figures come from :func:`siting.pipeline.rank` on the demo town, run here
with the same choices as a config (independently of the app).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium
import numpy as np
import pandas as pd
import pytest
from apptesting import FakeMap, app_starter, install_fake_map
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from siting.config import config_from_dict
from siting.demo import demo_plots
from siting.pipeline import load_study, rank
from siting.scenario import load_scenario
from siting.webmap.police import route_coords

PLOT, DRIVE = "Tomt", "Politi, kjøretid (min)"
STATION = "police:st:n8"  # the demo's "Politistasjon (demo)"


@pytest.fixture
def fake_map(monkeypatch: pytest.MonkeyPatch) -> FakeMap:
    return install_fake_map(monkeypatch)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        fake_map: FakeMap) -> Callable[..., AppTest]:
    return app_starter(monkeypatch, tmp_path)


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """File name -> its bytes (as a function), for every download button drawn."""
    made: dict[str, Callable[[], bytes]] = {}
    add, add_deferred = MediaFileManager.add, MediaFileManager.add_deferred

    def spy_add(self: MediaFileManager, data: Any, *args: Any, **kwargs: Any) -> str:
        if kwargs.get("file_name"):
            made[kwargs["file_name"]] = lambda: data
        return add(self, data, *args, **kwargs)

    def spy(self: MediaFileManager, data: Callable[[], bytes], *args: Any, **kwargs: Any) -> str:
        made[kwargs["file_name"]] = data
        return add_deferred(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", spy_add)
    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return made


def run(at: AppTest, tab: str | None = None) -> AppTest:
    if tab:
        at.session_state["tab"] = tab
    at.run()
    assert not at.exception, at.exception
    return at


def ranking(at: AppTest) -> pd.DataFrame:
    run(at, "Rangering")
    at.segmented_control(key="table_group").set_value("all").run()  # every column
    shown = [d.value for d in at.dataframe if DRIVE in d.value.columns]
    assert len(shown) == 1
    return shown[0].set_index(PLOT)


def expected(police: dict[str, Any]) -> pd.DataFrame:
    config = config_from_dict({"profile": "recovery", "police": police})
    return rank(load_study(), demo_plots(), None, config).ranked.set_index("plot_id")


def test_switching_the_station_off_and_adding_one_by_click(app: Callable[..., AppTest],
                                                           fake_map: FakeMap) -> None:
    at = app(tab="Rangering")
    assert at.checkbox(key=STATION).value is True
    want = expected({})
    np.testing.assert_allclose(ranking(at)[DRIVE].dropna(),
                               want["police_drive_min"].round(1).dropna().loc[
                                   ranking(at)[DRIVE].dropna().index], atol=1e-9)
    assert set(ranking(at)["Politistasjon"].dropna()) == {"Politistasjon (demo) (OSM n8)"}
    at.checkbox(key=STATION).uncheck()
    run(at)
    off = ranking(at)
    assert np.isinf(off[DRIVE]).all()  # shown as "ikke nåbar", with the reason
    assert "ingen politistasjon valgt" in off.loc["A", "Begrunnelse"]
    configs = at.session_state["configs"]
    assert configs["recovery"].police.exclude == ["n8"]
    # add one by clicking the map, near plot A
    run(at, "Kart")
    at.segmented_control(key="click_mode").set_value("service").run()
    at.selectbox(key="new_service_cat").set_value("police")
    at.text_input(key="new_service_name").set_value("Lensmannen")
    a = demo_plots().geometry.iloc[0]
    fake_map.click = {"lat": a.y, "lng": a.x + 0.001}
    run(at)
    assert at.checkbox(key="police:st:clicked:1").value is True  # the first service added
    now = ranking(at)
    assert now.loc["A", "Politistasjon"] == "Lensmannen"
    assert now.loc["A", DRIVE] < want.loc["A", "police_drive_min"]


def test_the_add_station_button_opens_the_map_ready_to_place_one(
        app: Callable[..., AppTest], fake_map: FakeMap) -> None:
    """«Legg til politistasjon» in the police section: the map tab opens in «Legg til
    tjeneste» with Politistasjon chosen; one click places the station, which is listed,
    switched on and timed from, as the engine times it with that station added."""
    from ui import edits

    at = app(tab="Rangering")
    assert at.button(key="police_add").label == "Legg til politistasjon"
    at.button(key="police_add").click()
    run(at)
    assert at.session_state["tab"] == "Kart"
    assert at.segmented_control(key="click_mode").value == "service"
    assert at.selectbox(key="new_service_cat").value == "police"
    captions = [c.value for c in at.caption]
    assert "Klikk i kartet der politistasjonen ligger. Kjøretidene regnes da også fra den." \
        in captions
    c = demo_plots().geometry.iloc[2]
    fake_map.click = {"lat": c.y + 0.0004, "lng": c.x}
    run(at)
    assert at.checkbox(key="police:st:clicked:1").value is True
    assert at.checkbox(key="police:st:clicked:1").label == "Ny politistasjon"
    point = round(c.x, 7), round(c.y + 0.0004, 7)
    clicked = edits.add_service(edits.empty_services(), "police", "", *point, "Ny politistasjon")
    want = rank(load_study(), demo_plots(), None, config_from_dict({"profile": "recovery"}),
                clicked=clicked).ranked.set_index("plot_id")
    shown = ranking(at)
    assert shown.loc["C", "Politistasjon"] == want.loc["C", "nearest_police"] == \
        "Ny politistasjon"
    timed = shown[DRIVE].dropna().index
    np.testing.assert_allclose(shown.loc[timed, DRIVE],
                               want.loc[timed, "police_drive_min"].round(1), atol=1e-9)
    assert want.loc["C", "police_drive_min"] < expected({}).loc["C", "police_drive_min"]


def test_the_add_station_button_in_english(app: Callable[..., AppTest]) -> None:
    at = app()
    at.segmented_control(key="lang").set_value("en")
    run(at)
    at.button(key="police_add").click()
    run(at)
    assert at.button(key="police_add").label == "Add a police station"
    assert at.session_state["tab"] == "Map"
    assert "Click on the map where the police station is. Drive times then count from it " \
        "too." in [c.value for c in at.caption]


def test_dispatch_delay_bands_and_the_routes_on_the_map(app: Callable[..., AppTest],
                                                        fake_map: FakeMap) -> None:
    at = app(tab="Rangering")
    at.select_slider(key="police:dispatch").set_value(2.0)
    at.text_input(key="police:bands").set_value("2, 4")
    run(at)
    shown = ranking(at)
    want = expected({"dispatch_min": 2.0, "bands_min": [2.0, 4.0]})
    response = "Politi, responstid (min)"
    for plot in ("A", "B", "C", "D"):
        assert shown.loc[plot, response] == round(want.loc[plot, "police_response_min"], 1)
        assert shown.loc[plot, response] == pytest.approx(shown.loc[plot, DRIVE] + 2, abs=0.11)
        assert shown.loc[plot, "Poengsum (0–100)"] == round(want.loc[plot, "score"], 1)
    # the map: bands 2/4 min with the delay, and the selected plot's routes
    run(at, "Kart")
    at.pills(key="layers").set_value(["network", "police"])
    at.selectbox(key="route_plot").set_value("C")
    run(at)
    html = fake_map.maps[-1].get_root().render()  # the legend is JSON in the page: ≤ = \u2264
    assert "\\u2264 2 min" in html and "\\u2264 4 min" in html and "over 4 min" in html
    assert "inkl. 2,0 min utrykning" in html and "\\u2264 5 min" not in html
    groups = {getattr(c, "layer_name", ""): c for c in fake_map.maps[-1]._children.values()}
    group = next(g for n, g in groups.items()
                 if n.startswith("Politiets kjørerute og patruljesløyfe") and "Tomt C" in n)
    drawn = [np.array(e.locations) for e in _walk(group) if isinstance(e, folium.PolyLine)]
    # the same lines from the independently ranked demo: drive route, then the loop
    result = rank(load_study(), demo_plots(), None, config_from_dict(
        {"police": {"dispatch_min": 2.0, "bands_min": [2.0, 4.0]}}))
    routes = route_coords(result.acc, 2)  # plot C is the third plot
    assert list(routes) == ["drive", "there", "back"]
    assert len(drawn) == 3
    for line, key in zip(drawn, routes, strict=True):
        np.testing.assert_allclose(line, np.round(routes[key][:, ::-1], 6), atol=1e-9)


def _walk(element: Any) -> list[Any]:
    out = [element]
    for child in element._children.values():
        out += _walk(child)
    return out


def test_police_choices_are_saved_and_reported(app: Callable[..., AppTest],
                                               files: dict, tmp_path: Path) -> None:
    at = app(tab="Beslutning")
    at.select_slider(key="police:dispatch").set_value(1.5)
    at.checkbox(key=STATION).uncheck()
    at.text_input(key="scenario_title").set_value("Politi")
    run(at)
    saved = load_scenario(files["Politi.gpkg"](), filename="Politi.gpkg")
    assert saved.config.police.dispatch_min == 1.5
    assert saved.config.police.exclude == ["n8"]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    run(at, "Last ned")
    at.button(key="report_make").click()
    run(at)
    path = tmp_path / "r.pdf"
    path.write_bytes(files["rapport-komiteen.pdf"]())
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", "-layout", str(path), "-"],
                                              capture_output=True, check=True,
                                              text=True).stdout)
    assert "Politistasjoner" in text
    assert "Politistasjon (demo) (OSM n8) nei" in text
    assert "slått av av brukeren" in text
    assert "Utrykningstid: 1,5 min" in text


def test_pure_police_edits() -> None:
    from siting.config import default_config
    from siting.errors import ConfigError
    from ui import edits

    for typed, bands in (("1, 2, 3, 5, 10", [1, 2, 3, 5, 10]), ("0,5; 1,5; 3", [0.5, 1.5, 3]),
                         ("2;4;8", [2, 4, 8]), ("1,2,3", [1, 2, 3]), ("1 2", [1, 2])):
        assert edits.parse_bands(typed) == bands, typed
    with pytest.raises(ValueError):
        edits.parse_bands("1, to, 3")
    assert edits.bands_text([1.0, 2.0, 10.0], "nb") == "1, 2, 10"
    assert edits.bands_text([0.5, 1.5, 3.0], "nb") == "0,5; 1,5; 3"
    assert edits.bands_text([0.5, 1.5, 3.0], "en") == "0.5, 1.5, 3"
    config = default_config()
    off = edits.switch_station(config, "n8", on=False, default=True)
    assert (off.police.include, off.police.exclude) == ([], ["n8"])
    back = edits.switch_station(off, "n8", on=True, default=True)  # back at its default
    assert (back.police.include, back.police.exclude) == ([], [])
    on = edits.switch_station(config, "n55", on=True, default=False)
    assert on.police.include == ["n55"]
    with pytest.raises(ConfigError, match=r"police\.bands_min"):
        edits.set_police(config, bands_min=[3.0, 2.0])
    configs = {"recovery": on, "active-use": default_config("active-use")}
    edits.share_police(configs, on)
    assert configs["active-use"].police.include == ["n55"]
    assert configs["active-use"].criteria == default_config("active-use").criteria
