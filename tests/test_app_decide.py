"""The app's decision tab and committee report, driven headless with AppTest.

Every figure the app shows is computed again here, independently, with
:mod:`siting.pipeline`, :mod:`siting.scenario` and :mod:`siting.robustness`.
Files the app offers for download are caught where Streamlit stores them
(:class:`MediaFileManager`); the map component is replaced by a fake that keeps
the ``folium.Map`` it is given.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from apptesting import FakeMap, app_starter, as_seen, figures, install_fake_map, spy_downloads
from streamlit.testing.v1 import AppTest

from siting.cli import main
from siting.compare import compare_scenarios
from siting.config import default_config, with_weights
from siting.demo import demo_plots
from siting.errors import SitingError
from siting.pipeline import Result, load_study, rank
from siting.robustness import pareto, swap_weights, weight_sensitivity
from siting.scenario import (
    load_scenario,
    rerun,
    same_results,
    scenario_bytes,
    scenario_from_result,
    study_for,
)
from siting.scoring import score_table
from siting.text.robust import percent_points, sensitivity_summary, swap_sentences

PLOT, SCORE = "Tomt", "Poengsum (0–100)"
NEAR = {"F": (0.003, 0.0), "G": (-0.004, 0.001), "H": (0.0, -0.003)}  # from demo plot A


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def demo() -> Result:
    return rank(load_study(), demo_plots(), None, default_config("recovery"))


@pytest.fixture
def fake_map(monkeypatch: pytest.MonkeyPatch) -> FakeMap:
    return install_fake_map(monkeypatch)


@pytest.fixture
def files(monkeypatch: pytest.MonkeyPatch) -> dict[str, Callable[[], bytes]]:
    """File name -> its bytes (as a function), for every download button drawn."""
    return spy_downloads(monkeypatch)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        fake_map: FakeMap) -> Callable[..., AppTest]:
    """Start the app (demo, fresh cache folder) on tab ``tab``."""
    return app_starter(monkeypatch, tmp_path)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def go(at: AppTest, tab: str) -> AppTest:
    at.session_state["tab"] = tab
    return run(at)


def upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=key).set_value((name, data, "application/octet-stream"))
    return run(at)


def near_demo() -> bytes:
    """GeoJSON of the plots F, G, H near demo plot A."""
    a = demo_plots().geometry.iloc[0]
    features = [{"type": "Feature", "properties": {"plot_id": pid, "name": f"Tomt {pid}"},
                 "geometry": {"type": "Point", "coordinates": [a.x + dx, a.y + dy]}}
                for pid, (dx, dy) in NEAR.items()]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def add_near_plots(at: AppTest, add: bool) -> gpd.GeoDataFrame:
    go(at, "Tomter")
    at.toggle(key="plots_add").set_value(add)
    upload(at, "plots_file", "naer.geojson", near_demo())
    plots: gpd.GeoDataFrame = at.session_state["plots"]
    return plots


def frame(at: AppTest, column: str) -> pd.DataFrame:
    """The data frame shown that has ``column``."""
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return figures(found[0])


def ranking(at: AppTest) -> list[tuple[str, float]]:
    shown = frame(go(at, "Rangering"), SCORE)
    return list(zip(shown[PLOT], shown[SCORE].fillna(-1.0), strict=True))


def pdf_text(data: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True, text=True)
    return re.sub(r"\s+", " ", done.stdout)


# --------------------------------------------------------------------------- scenarios
def test_saved_scenario_reopens_with_identical_ranking(app: Callable[..., AppTest],
                                                       files: dict, demo: Result) -> None:
    at = app("Tomter")
    at.selectbox(key="rename_pick").set_value("B")
    at.text_input(key="rename_new").set_value("Bakketomta")
    at.button(key="rename_do").click()
    run(at)
    go(at, "Beslutning")
    at.selectbox(key="profile").set_value("active-use")
    run(at)
    at.select_slider(key="active-use:w:police").set_value(1.0)
    at.text_input(key="scenario_title").set_value("Prøve 1")
    run(at)
    data = files["Prøve-1.gpkg"]()
    before = ranking(at)

    saved = load_scenario(data, filename="Prøve-1.gpkg")  # independently
    config = with_weights(default_config("active-use"), {"police": 1.0})
    assert saved.title == "Prøve 1" and saved.config.criteria["police"].weight == 1.0
    assert same_results(saved, rerun(saved, study_for(saved)))
    expected = score_table(demo.acc.table, config)
    assert [p for p, _ in before] == expected["plot_id"].tolist()

    again = app("Beslutning")  # a new session, on the recovery profile
    upload(again, "scenario_file", "Prøve-1.gpkg", data)
    assert as_seen(again.success[0].value) == ("Åpnet «Prøve 1». Resultatene er identiske med de "
                                      "lagrede, tall for tall.")
    assert again.session_state["profile"] == "active-use"
    # the sidebar's widgets are new ones (a new key prefix: the browser would keep an old
    # widget's value), showing the scenario's weights
    assert again.select_slider(key="active-use~1:w:police").value == 1.0
    assert again.text_input(key="scenario_title").value == "Prøve 1"
    names = again.session_state["plots"].set_index("plot_id")["name"]
    assert names["B"] == "Bakketomta"
    assert ranking(again) == before
    assert list(again.session_state["scenarios"]) == ["Prøve 1"]


def test_scenario_whose_extract_is_gone_waits_for_its_data(app: Callable[..., AppTest],
                                                          demo: Result, tmp_path: Path) -> None:
    scenario = scenario_from_result(demo, demo_plots(), title="Borte")
    scenario.osm = {**scenario.osm, "kind": "file", "name": "borte.osm.pbf",
                    "path": str(tmp_path / "borte.osm.pbf"), "sha256": "0" * 64}
    data = scenario_bytes(scenario)
    with pytest.raises(SitingError):
        study_for(load_scenario(data, filename="borte.gpkg"))
    at = app("Beslutning")
    at.select_slider(key="recovery:w:gp").set_value(1.0)
    upload(at, "scenario_file", "borte.gpkg", data)
    # a path on the server outside what the server offers is refused unlooked-at (whether
    # it exists is not told)
    assert [as_seen(e.value) for e in at.error] == [
        "Scenarioet «Borte» venter på kartdataene sine: Borte: scenarioet er laget på utdraget "
        "borte.osm.pbf, som appen ikke kan åpne fra serveren; last opp utdraget (Studieområde "
        "→ Lokal OSM-fil) og åpne scenarioet igjen."]
    assert at.session_state["pending"] is not None
    assert at.select_slider(key="recovery:w:gp").value == 1.0  # nothing restored yet
    at.button(key="scn_force").click()
    run(at)
    assert at.session_state["pending"] is None and not at.error
    assert at.select_slider(key="recovery~1:w:gp").value == 3.0  # the scenario's weights
    assert as_seen(at.warning[-1].value) == ("Scenarioet er regnet på andre kartdata enn "
                                             "det ble laget med.")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_scenario_on_other_data_names_the_apps_button_not_the_flag(
        app: Callable[..., AppTest], demo: Result, lang: str) -> None:
    scenario = scenario_from_result(demo, demo_plots(), title="Annen")
    scenario.osm = {**scenario.osm, "sha256": "0" * 64}  # the demo, but other data
    at = app("Beslutning")
    if lang == "en":
        at.segmented_control(key="lang").set_value("en")
    upload(at, "scenario_file", "annen.gpkg", scenario_bytes(scenario))
    # the demo's data carry no date: "udatert", not "datert udatert"
    then, now = "Demoby (demo) (sha256 {}…, {})", "Demoby (demo) (sha256 demo-v1…, {})"
    said = {"nb": "Scenarioet «Annen» venter på kartdataene sine: annen.gpkg: scenarioet ble "
                  f"laget med {then.format('00000000', 'udatert')}; OSM-dataene som "
                  f"er gitt, er andre ({now.format('udatert')}); åpne det samme "
                  "utdraget under «Bytt område» i sidepanelet, eller trykk «Bruk kartdataene "
                  "som er åpne nå» for å kjøre på nytt med de nye dataene",
            "en": "The scenario “Annen” is waiting for its map data: annen.gpkg: the scenario "
                  f"was made with {then.format('00000000', 'undated')}; the OSM data "
                  f"given is different ({now.format('undated')}); open the same extract "
                  "under “Change area” in the sidebar, or press “Use the map data open now” to "
                  "rerun on the new data"}
    shown = [as_seen(e.value) for e in at.error]
    assert shown == [said[lang]]
    assert "--accept-new-data" not in shown[0]
    at.button(key="scn_force").click()  # the button the message names opens it
    run(at)
    assert at.session_state["pending"] is None and not at.error


@pytest.mark.shared
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_scenario_on_changed_data_says_so_in_the_apps_language(
        app: Callable[..., AppTest], oslo_pbf: Path, opera_pbf: Path, lang: str) -> None:
    # made on central Oslo, but naming the path of the extract the app has open (Bjørvika)
    plots = gpd.GeoDataFrame({"plot_id": ["P1"], "name": ["Jernbanetorget"]},
                             geometry=gpd.points_from_xy([10.7522], [59.9112]), crs="EPSG:4326")
    made = rank(load_study(oslo_pbf), plots, None, default_config("recovery"))
    data = scenario_bytes(scenario_from_result(made, plots, osm_path=opera_pbf, title="Oslo"))
    at = app("Beslutning", osm=opera_pbf)
    if lang == "en":
        at.segmented_control(key="lang").set_value("en")
    upload(at, "scenario_file", "oslo.gpkg", data)
    oslo = "oslo-center.osm.pbf (sha256 dbba9adb…, {})"
    opera = "oslo-opera.osm.pbf (sha256 30106efe…, {})"
    said = {"nb": "Scenarioet «Oslo» venter på kartdataene sine: oslo.gpkg: scenarioet ble "
                  f"laget med {oslo.format('datert 16.06.2025')}; OSM-dataene som er gitt, er "
                  f"andre ({opera.format('datert 10.06.2025')}); åpne det samme utdraget under "
                  "«Bytt område» i sidepanelet, eller trykk «Bruk kartdataene som er åpne nå» "
                  "for å kjøre på nytt med de nye dataene",
            "en": "The scenario “Oslo” is waiting for its map data: oslo.gpkg: the scenario was "
                  f"made with {oslo.format('dated 2025-06-16')}; the OSM data given is "
                  f"different ({opera.format('dated 2025-06-10')}); open the same extract under "
                  "“Change area” in the sidebar, or press “Use the map data open now” to rerun "
                  "on the new data"}
    assert [as_seen(e.value) for e in at.error] == [said[lang]]


# --------------------------------------------------------------------------- comparing
def test_compare_recovery_with_active_use_in_one_click(app: Callable[..., AppTest],
                                                       fake_map: FakeMap) -> None:
    at = app("Beslutning")
    plots = add_near_plots(at, add=True)
    go(at, "Beslutning")
    at.button(key="cmp_other").click()
    run(at)
    study = load_study()
    expected = compare_scenarios(rank(study, plots, None, default_config("recovery")),
                                 rank(study, plots, None, default_config("active-use")))
    shown = frame(at, "Endring i rang (B − A)")
    assert shown[PLOT].tolist() == expected["plot_id"].tolist()
    for column, want in (("Endring i rang (B − A)", "rank_change"), ("Rang A", "rank_a")):
        # whole numbers, and E (flagged) unknown on both sides
        assert shown[column].astype(float).fillna(-99.0).tolist() == \
            expected[want].astype(float).fillna(-99.0).tolist()
    assert shown["Endring i poengsum"].fillna(-1.0).tolist() == \
        expected["score_change"].fillna(-1.0).tolist()
    moved = dict(zip(expected["plot_id"], expected["rank_change"], strict=True))
    assert moved["C"] == -3 and pd.isna(moved["E"])  # C rises three places, E is flagged
    # E's criterion that changed most: none, said "–" (Streamlit would draw "None")
    assert shown.set_index(PLOT).at["E", "Kriteriet som endret seg mest"] == "–"
    assert at.selectbox(key="cmp_a").value == "Scenario 1: Endring"
    assert at.selectbox(key="cmp_b").value == "Scenario 2: Aktiv rus"
    key, m = fake_map.keys[-1], fake_map.maps[-1]
    html = m.get_root().render()
    badges = [json.dumps(arrow)[1:-1] + "\\u003c/div" for arrow in ("↑3", "↓2", "↓1", "=")]
    assert key == "compare_map" and all(badge in html for badge in badges)
    assert "Tomt C – øst (demo) (C): rang 5 → 2" in html
    assert "/app/static/vendor/leaflet." in html and "cdn" not in html.lower()


@pytest.mark.shared
def test_comparison_map_frames_the_plots_in_the_area(app: Callable[..., AppTest],
                                                     fake_map: FakeMap, oslo_pbf: Path) -> None:
    from siting.webmap.chrome import MapChrome

    at = app("Tomter", osm=oslo_pbf)
    csv = ("tomt;lat;lon\nJernbanetorget;59.9112;10.7522\nGrønland;59.9125;10.7600\n"
           "Bergen;60.3913;5.3221\nTom;;\n")
    upload(at, "plots_file", "oslo.csv", csv.encode())
    go(at, "Beslutning")
    at.button(key="cmp_other").click()
    run(at)
    assert fake_map.keys[-1] == "compare_map"
    chrome = [c for c in fake_map.maps[-1]._children.values() if isinstance(c, MapChrome)]
    # Bergen, outside the extract, is on the map but not in its frame (the report's rule)
    assert [c.bounds for c in chrome] == [[[59.9112, 10.7522], [59.9125, 10.76]]]
    assert "Bergen (Bergen): rang – → –" in fake_map.maps[-1].get_root().render()


# --------------------------------------------------------------------------- robustness
def test_robustness_shows_what_the_library_computes(app: Callable[..., AppTest]) -> None:
    at = app("Beslutning")
    plots = add_near_plots(at, add=False)
    go(at, "Beslutning")
    config = default_config("recovery")
    result = rank(load_study(), plots, None, config)
    dominance = pareto(result.ranked, config)
    sens = weight_sensitivity(result.acc.table, config, n=2000, spread=0.5)
    swaps = swap_weights(result.acc.table, config)

    shown = frame(at, "Dominert av")
    assert shown[PLOT].tolist() == dominance["plot_id"].tolist() == ["F", "G", "H"]
    assert shown["Dominert av"].tolist() == [", ".join(x) or "–" for x in dominance["dominated_by"]]
    assert shown["Dominerer"].tolist() == ["H", "–", "–"]
    shares = frame(at, "Best (%)")
    assert shares["Best (%)"].tolist() == percent_points(sens.table["share_first"]).tolist()
    assert shares["Blant de tre beste (%)"].tolist() == \
        percent_points(sens.table["share_top3"]).tolist()
    assert sensitivity_summary(sens, "nb") in [as_seen(i.value) for i in at.info]
    found = swaps[swaps["multiplier"].notna()]
    assert found["criterion"].tolist() == ["mental_health"]
    lines = " ".join(as_seen(m.value) for m in at.markdown)
    assert f"- {swap_sentences(found, config, 'nb')[0]}" in lines
    assert "ingen endring av den vekten alene får tomt G forbi tomt F" in lines
    cache = at.session_state["robust_cache"]
    n = len(cache)
    at.select_slider(key="recovery:w:mental_health").set_value(5.0)
    run(at)  # new weights, new analysis
    assert len(cache) == n + 1
    at.select_slider(key="recovery:w:mental_health").set_value(3.0)
    run(at)  # back again: the analysis made before is reused
    assert len(cache) == n + 1
    assert frame(at, "Best (%)")["Best (%)"].tolist() == \
        percent_points(sens.table["share_first"]).tolist()


# --------------------------------------------------------------------------- report
def test_committee_report_internal_and_public(app: Callable[..., AppTest], files: dict,
                                              demo: Result, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.download_tab

    made: list[bool] = []
    real = ui.download_tab.committee_report

    def counted(*args: Any, **kwargs: Any) -> bytes:
        made.append(kwargs["public"])
        return real(*args, **kwargs)

    monkeypatch.setattr(ui.download_tab, "committee_report", counted)
    at = app("Last ned")
    assert not at.get("download_button") or "rapport-komiteen.pdf" not in files
    at.button(key="report_make").click()
    run(at)
    internal = files["rapport-komiteen.pdf"]()
    top = str(demo.ranked["name"].iloc[0])
    assert internal.startswith(b"%PDF") and top in pdf_text(internal, tmp_path)
    at.toggle(key="dl_public").set_value(True)
    run(at)
    at.button(key="report_make").click()
    run(at)
    public = files["rapport-komiteen-offentlig.pdf"]()
    assert public.startswith(b"%PDF") and top not in pdf_text(public, tmp_path)
    at.toggle(key="dl_public").set_value(False)
    run(at)  # made before: offered again at once
    assert [b.label for b in at.get("download_button")][-1] == "Last ned rapporten (PDF)"
    assert made == [False, True]


def test_decision_tab_in_english(app: Callable[..., AppTest]) -> None:
    at = app("Beslutning")
    at.segmented_control(key="lang").set_value("en")
    run(at)  # the same tab, now called "Decision"
    assert [h.value for h in at.subheader] == [
        "Choose sites for both groups", "Scenario: save and open", "How robust is the ranking?",
        "Compare two scenarios"]
    assert at.button(key="cmp_other").label == "Compare with the “Active use” profile"
    assert "Dominated by" in frame(at, "Dominated by").columns


# --------------------------------------------------------------------------- app = command line
def test_app_and_command_line_give_the_same_numbers_under_edited_categories(
        app: Callable[..., AppTest], tmp_path: Path, demo: Result) -> None:
    # a config that counts pharmacies as the GP: the app used to find its OSM services with
    # the default categories while the command line honoured the config's patterns
    config = tmp_path / "apotek.toml"
    config.write_text('[categories.gp]\npatterns = [{amenity = "pharmacy"}]\n', encoding="utf-8")
    saved = tmp_path / "apotek.gpkg"
    code = main(["rank", "--demo", "--config", str(config), "--out", str(tmp_path / "r.csv"),
                 "--scenario-out", str(saved), "--title", "Apotek", "-q"])
    assert code == 0
    by_cli = load_scenario(saved).results.set_index("plot_id")
    default_gp = demo.ranked.set_index("plot_id")["walk_m_gp"]
    assert (by_cli.loc[default_gp.index, "walk_m_gp"] != default_gp).any()  # the edit matters

    at = app("Beslutning")
    upload(at, "scenario_file", "apotek.gpkg", saved.read_bytes())
    assert as_seen(at.success[0].value) == ("Åpnet «Apotek». Resultatene er identiske med de "
                                            "lagrede, tall for tall.")
    measured = list(at.session_state["acc_cache"].values())[-1]  # the analysis on screen
    in_app = measured.table.set_index("plot_id")
    figures = [c for c in by_cli.columns if c.startswith("walk_m_")] + [
        "police_drive_min", "patrol_detour_min", "snap_m"]
    pd.testing.assert_frame_equal(in_app.loc[by_cli.index, figures], by_cli[figures],
                                  check_dtype=False, check_exact=True)
