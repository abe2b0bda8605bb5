"""The Streamlit app, driven headless with AppTest.

Expected rankings are computed independently with :func:`siting.pipeline.rank`
and :func:`siting.scoring.score_table`; the map component is replaced by a fake
``streamlit_folium.st_folium`` that records the ``folium.Map`` it is given and
returns a chosen click (AppTest sees the real component only as an opaque box).
"""

from __future__ import annotations

import io
import json
import tomllib
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from apptesting import APP, FakeMap, app_starter, as_seen, figures, install_fake_map, other_warnings
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from siting import settings
from siting.config import default_config, with_weights
from siting.demo import demo_plots
from siting.errors import SitingError
from siting.pipeline import Result, load_study, rank
from siting.plots import read_plots
from siting.scoring import score_table
from siting.text import t
from siting.webmap.map import layer_name
from ui import edits, keys, startup
from ui.common import OSM_UPLOAD_MB, ROOT

PLOTS = Path(__file__).parent / "data" / "plots"
SCORE, PLOT = "Poengsum (0–100)", "Tomt"


@pytest.fixture(scope="module")
def demo() -> Result:
    """The demo analysed outside the app: the numbers the app must show."""
    return rank(load_study(), demo_plots(), None, default_config("recovery"))


@pytest.fixture
def fake_map(monkeypatch: pytest.MonkeyPatch) -> FakeMap:
    return install_fake_map(monkeypatch)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        fake_map: FakeMap) -> Callable[..., AppTest]:
    """Start the app on a fresh cache folder; ``tab`` opens a tab, ``env`` sets start-up files."""
    return app_starter(monkeypatch, tmp_path)


def table(at: AppTest) -> pd.DataFrame:
    return figures(at.dataframe[0].value)


def expected_rows(ranked: pd.DataFrame) -> tuple[list[str], list[float]]:
    return ranked["plot_id"].tolist(), [round(s, 1) for s in ranked["score"]]


def shown_rows(at: AppTest) -> tuple[list[str], list[float]]:
    df = table(at)
    return df[PLOT].tolist(), df[SCORE].tolist()


def same(a: list[float], b: list[float]) -> bool:
    return all((x != x and y != y) or x == y for x, y in zip(a, b, strict=True))


def plot_ids(at: AppTest) -> list[str]:
    return at.session_state["plots"]["plot_id"].tolist()


def upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=key).set_value((name, data, "application/octet-stream"))
    at.run()
    assert not at.exception, at.exception
    return at


def near_demo(**names: tuple[float, float]) -> bytes:
    """GeoJSON points at (dx, dy) degrees from demo plot A."""
    a = demo_plots().geometry.iloc[0]
    features = [{"type": "Feature", "properties": {"plot_id": pid, "name": pid},
                 "geometry": {"type": "Point", "coordinates": [a.x + dx, a.y + dy]}}
                for pid, (dx, dy) in names.items()]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


# --------------------------------------------------------------------------- start and rank
def test_starts_on_demo_with_banner_and_ranking(app: Callable[..., AppTest],
                                                demo: Result) -> None:
    at = app(tab="Rangering")
    assert other_warnings(at) == [t("demo.label", "nb")]
    assert at.title[0].value == "Tomtevalg for robuste boliger"
    ids, scores = shown_rows(at)
    assert ids[0] == demo.ranked["plot_id"].iloc[0] == "A"
    assert scores[0] == round(demo.ranked["score"].iloc[0], 1)
    assert same(scores, expected_rows(demo.ranked)[1])
    assert ids == expected_rows(demo.ranked)[0]
    flagged = table(at).set_index(PLOT).loc["E"]
    assert flagged["Status"] == "flagget, ikke vurdert"
    assert flagged["Begrunnelse"].startswith("360 m fra nærmeste gate")


def test_profile_switch_reranks_and_keeps_the_users_plots(app: Callable[..., AppTest],
                                                          demo: Result) -> None:
    at = app(tab="Tomter")
    at.selectbox(key="rename_pick").set_value("B")
    at.text_input(key="rename_new").set_value("Bakketomta")
    at.button(key="rename_do").click().run()
    at.session_state["tab"] = "Rangering"
    at.selectbox(key="profile").set_value("active-use").run()
    expected = score_table(demo.acc.table, default_config("active-use"))
    assert shown_rows(at)[0] == expected_rows(expected)[0]
    assert same(shown_rows(at)[1], expected_rows(expected)[1])
    assert shown_rows(at) != expected_rows(demo.ranked)
    names = at.session_state["plots"].set_index("plot_id")["name"]
    assert names["B"] == "Bakketomta" and len(names) == 5
    at.selectbox(key="profile").set_value("recovery").run()
    assert same(shown_rows(at)[1], expected_rows(demo.ranked)[1])


def test_weight_slider_rescores_like_score_table(app: Callable[..., AppTest],
                                                 demo: Result) -> None:
    at = app(tab="Rangering")
    at.select_slider(key="recovery:w:gp").set_value(0.0)
    at.select_slider(key="recovery:w:police").set_value(4.5).run()
    config = with_weights(default_config("recovery"), {"gp": 0.0, "police": 4.5})
    expected = score_table(demo.acc.table, config)
    assert shown_rows(at)[0] == expected_rows(expected)[0]
    assert same(shown_rows(at)[1], expected_rows(expected)[1])
    at.session_state["tab"] = "Kart"
    at.selectbox(key="profile").set_value("active-use").run()
    at.selectbox(key="profile").set_value("recovery").run()
    assert at.select_slider(key="recovery:w:gp").value == 0.0  # edits survive a profile switch


def test_rule_and_curve_edits(app: Callable[..., AppTest], demo: Result) -> None:
    at = app(tab="Rangering")
    at.checkbox(key="recovery:r:1").uncheck().run()  # the bus rule
    at.select_slider(key="recovery:c:gp:full").set_value(800.0).run()
    base = default_config("recovery")
    config = edits.set_curve(edits.set_rule(base, 1, False, 500), "gp", 800, 1200, "linear")
    expected = score_table(demo.acc.table, config)
    assert same(shown_rows(at)[1], expected_rows(expected)[1])
    assert "Buss" not in " ".join(table(at)["Begrunnelse"])
    at.select_slider(key="recovery:c:gp:zero").set_value(800.0).run()
    assert as_seen(at.error[0].value).startswith(
        "config: criteria.gp.curve: full og zero er begge 800")
    assert same(shown_rows(at)[1], expected_rows(expected)[1])


def test_two_sessions_do_not_share_plots(app: Callable[..., AppTest]) -> None:
    first, second = app(tab="Tomter"), app(tab="Tomter")
    first.multiselect(key="remove_pick").set_value(["A"])
    first.button(key="remove_do").click().run()
    second.run()
    assert plot_ids(first) == ["B", "C", "D", "E"]
    assert plot_ids(second) == ["A", "B", "C", "D", "E"]


# --------------------------------------------------------------------------- uploads
def zip_slip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../evil.shp", b"x")
        archive.writestr("plots.shx", b"x")
    return buffer.getvalue()


BAD = {name: (PLOTS / name).read_bytes() for name in [
    "empty.geojson", "not_geojson.geojson", "empty_collection.geojson", "utm32_no_crs.geojson",
    "swapped.geojson", "swapped.csv", "lines_and_dups.geojson"]} | {"tomter.zip": zip_slip()}


def refusal(name: str, data: bytes) -> str:
    with pytest.raises(SitingError) as info:
        read_plots(data, filename=name)
    return info.value.text("nb")


def test_every_bad_upload_shows_its_error_and_keeps_the_plots(
        app: Callable[..., AppTest]) -> None:
    at = app(tab="Tomter")
    before = keys.frame_digest(at.session_state["plots"])
    for name, data in BAD.items():
        upload(at, "plots_file", name, data)
        assert [as_seen(e.value) for e in at.error] == [refusal(name, data)], name
        assert keys.frame_digest(at.session_state["plots"]) == before, name
    assert "dupl" not in refusal("lines_and_dups.geojson", BAD["lines_and_dups.geojson"])
    assert "like tomte-id-er" in refusal("lines_and_dups.geojson", BAD["lines_and_dups.geojson"])


def test_good_upload_replaces_and_rows_with_problems_are_flagged(
        app: Callable[..., AppTest]) -> None:
    at = app(tab="Tomter")
    upload(at, "plots_file", "missing_coords.csv", (PLOTS / "missing_coords.csv").read_bytes())
    assert plot_ids(at) == ["Nord", "Sør", "Vest"]
    assert as_seen(at.warning[-1].value) == (
        "Noen tomter blir flagget og ikke vurdert i rangeringen: Nord: utenfor området "
        "OSM-dataene dekker: last inn et utsnitt som omfatter tomten; Sør: mangler "
        "koordinater; Vest: mangler koordinater")
    at.toggle(key="plots_add").set_value(True)
    upload(at, "plots_file", "tomter.geojson", near_demo(Nord=(0.001, 0.0), Ny=(0.002, 0.0)))
    assert plot_ids(at) == ["Nord", "Sør", "Vest", "Nord-2", "Ny"]
    at.session_state["tab"] = "Rangering"
    at.run()
    status = table(at).set_index(PLOT)["Status"]
    assert status["Sør"] == status["Vest"] == status["Nord"] == "flagget, ikke vurdert"
    assert status["Ny"] != "flagget, ikke vurdert"


def office_plots() -> bytes:
    """Plots near demo plot A as an office keeps them in Excel: a merged title, a blank row,
    one plot's coordinates as numbers and one's as text with decimal commas, a total row and
    a second sheet."""
    a = demo_plots().geometry.iloc[0]
    book = openpyxl.Workbook()
    for row in (["Kandidattomter"], [], ["tomt", "navn", "lat", "lon", "areal"],
                ["Nord", "Nordtomta", a.y + 0.001, a.x, 900],
                ["Ny", "Nytomta", f"{a.y:.6f}".replace(".", ","),
                 f"{a.x + 0.002:.6f}".replace(".", ","), 600], ["Sum", None, None, None, 1500]):
        book.active.append(row)
    book.active.merge_cells("A1:E1")
    book.create_sheet("Notater").append(["Hentet fra saksmappa"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_plots_upload_takes_an_office_excel_workbook(app: Callable[..., AppTest]) -> None:
    at = app(tab="Tomter")
    uploader = at.file_uploader(key="plots_file")
    assert ".xlsx" in uploader.allowed_type
    assert uploader.label == "Last opp tomter (GeoJSON, GeoPackage, zippet Shapefile, CSV, Excel)"
    assert uploader.help == (
        "Koordinater (lat/lon, eller øst/nord med CRS), en kolonne adresse (med "
        "postnummer/poststed om du vil) eller gnr og bnr. Excel: tabellen på det første arket; "
        "en tittel over overskriftsraden, tomme rader og en sumrad nederst går fint.")
    assert "Inntil 50 MB per fil · CSV, GEOJSON, GPKG, JSON, TXT, XLSX, ZIP" in [
        c.value for c in at.caption]
    upload(at, "plots_file", "tomter.xlsx", office_plots())
    assert not at.error
    assert as_seen(at.success[-1].value) == "Leste 2 tomter fra tomter.xlsx."
    plots = at.session_state["plots"]
    assert plots[["plot_id", "name"]].values.tolist() == [["Nord", "Nordtomta"], ["Ny", "Nytomta"]]
    a = demo_plots().geometry.iloc[0]
    assert [(round(g.x, 6), round(g.y, 6)) for g in plots.geometry] == [
        (round(a.x, 6), round(a.y + 0.001, 6)), (round(a.x + 0.002, 6), round(a.y, 6))]


def test_an_excel_upload_it_cannot_read_says_so_and_keeps_the_plots(
        app: Callable[..., AppTest]) -> None:
    at = app(tab="Tomter")
    before = keys.frame_digest(at.session_state["plots"])
    book = openpyxl.Workbook()
    book.create_sheet("Tomter").append(["tomt", "lat", "lon"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload(at, "plots_file", "tomter.xlsx", buffer.getvalue())
    assert [as_seen(e.value) for e in at.error] == [
        "tomter.xlsx: det første arket ('Sheet') er tomt; legg tabellen på det første arket "
        "(dra fanen til venstre), eller lagre arket som CSV."]
    assert keys.frame_digest(at.session_state["plots"]) == before


@pytest.mark.shared
def test_upload_names_every_plot_the_ranking_will_flag(app: Callable[..., AppTest],
                                                       oslo_pbf: Path) -> None:
    csv = ("tomt;lat;lon\nJernbanetorget;59.9112;10.7522\nBergen;60.3913;5.3221\n"
           "Byttet;10.7600;59.9125\nTom;;\n")
    at = app(tab="Tomter", osm=oslo_pbf)
    upload(at, "plots_file", "oslo.csv", csv.encode())
    assert as_seen(at.success[-1].value) == "Leste 4 tomter fra oslo.csv."
    assert other_warnings(at)[-1] == (
        "Noen tomter blir flagget og ikke vurdert i rangeringen: Bergen: utenfor området "
        "OSM-dataene dekker: last inn et utsnitt som omfatter tomten; Byttet: utenfor området "
        "OSM-dataene dekker; bredde- og lengdegrad ser ut til å være byttet om: mente du "
        "breddegrad 59,912500, lengdegrad 10,760000?; Tom: mangler koordinater")
    at.session_state["tab"] = "Rangering"
    at.run()
    flagged = table(at).set_index(PLOT)["Status"] == "flagget, ikke vurdert"
    assert flagged.to_dict() == {"Jernbanetorget": False, "Bergen": True, "Byttet": True,
                                 "Tom": True}


def test_html_in_names_is_shown_as_text_and_escaped_on_the_map(
        app: Callable[..., AppTest], fake_map: FakeMap) -> None:
    at = app(tab="Tomter")
    evil = "<img src=x onerror=alert(1)>"
    data = near_demo(X=(0.001, 0.0)).replace(b'"name": "X"', json.dumps(
        {"name": evil})[1:-1].encode())
    upload(at, "plots_file", "evil.geojson", data)
    at.session_state["tab"] = "Kart"
    at.run()
    html = fake_map.maps[-1].get_root().render()
    assert evil not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert table(at)["Navn"].tolist() == [evil]


# --------------------------------------------------------------------------- language
def test_language_switch_to_english(app: Callable[..., AppTest]) -> None:
    at = app(tab="Rangering")
    at.segmented_control(key="lang").set_value("en").run()
    assert at.title[0].value == "Site selection for robust homes"
    assert other_warnings(at) == [t("demo.label", "en")]
    df = table(at)  # still on the ranking tab, now called "Ranking"
    assert list(df.columns[:6]) == ["Rank", "Plot", "Name", "Score (0–100)", "Status",
                                    "Reasons"]
    assert df.set_index("Plot").loc["E", "Reasons"].startswith("360 m from the nearest street")
    assert at.selectbox(key="profile").format_func("recovery") == "Recovery"


def test_plots_side_by_side_say_what_the_arrow_leads_to(app: Callable[..., AppTest]) -> None:
    # a committee trial: "349 m → 19.4" with nothing saying the second number is points
    at = app(tab="Rangering")
    note = ("Hvert kriterium: målt avstand eller tid → poeng tomta får for det. Poengene for "
            "alle kriteriene er til sammen poengsummen (0–100).")
    assert note in [c.value for c in at.caption]
    at.segmented_control(key="lang").set_value("en").run()
    assert ("Each criterion: distance or time measured → the points the plot gets for it. The "
            "points of all criteria add up to the score (0–100).") in [c.value for c in at.caption]
    at.multiselect(key="compare").set_value([]).run()
    assert not [c for c in at.caption if "→" in c.value]  # no table, no note


# --------------------------------------------------------------------------- map
def test_click_places_a_named_plot_that_gets_measured(app: Callable[..., AppTest],
                                                      fake_map: FakeMap) -> None:
    at = app()
    at.segmented_control(key="click_mode").set_value("plot").run()
    at.text_input(key="new_plot_name").set_value("Klikket tomt")
    a = demo_plots().geometry.iloc[0]
    fake_map.click = {"lat": a.y + 0.0005, "lng": a.x + 0.001}
    at.run()
    assert as_seen(at.toast[0].value) == "La til tomten «Klikket tomt»."
    at.run()  # the same click again is not a new plot
    assert plot_ids(at) == ["A", "B", "C", "D", "E", "P1"]
    plots = at.session_state["plots"]
    assert plots.set_index("plot_id").loc["P1", "name"] == "Klikket tomt"
    assert at.text_input(key="new_plot_name").value == ""  # not reused for the next one
    expected = rank(load_study(), plots, None, default_config("recovery")).ranked
    at.session_state["tab"] = "Rangering"
    at.run()
    assert shown_rows(at)[0] == expected_rows(expected)[0]
    assert same(shown_rows(at)[1], expected_rows(expected)[1])
    assert table(at).set_index(PLOT).loc["P1", "Status"] == "oppfyller alle krav"


def test_click_adds_a_service_that_changes_distances(app: Callable[..., AppTest],
                                                     fake_map: FakeMap) -> None:
    at = app(tab="Rangering")
    at.segmented_control(key="table_group").set_value("walk").run()  # walking distances
    col = "Psykisk helsetjeneste, gange (m)"
    before = table(at).set_index(PLOT).loc["D", col]
    at.session_state["tab"] = "Kart"
    at.run()
    at.segmented_control(key="click_mode").set_value("service").run()
    at.selectbox(key="new_service_cat").set_value("mental_health")
    d = demo_plots().geometry.iloc[3]
    fake_map.click = {"lat": d.y, "lng": d.x}
    at.run()
    at.session_state["tab"] = "Rangering"
    at.run()
    after = table(at).set_index(PLOT).loc["D", col]
    assert after < before
    assert at.session_state["added"]["category"].tolist() == ["mental_health"]


def test_ranking_table_shows_every_figure_one_click_away(app: Callable[..., AppTest],
                                                        demo: Result) -> None:
    """Column groups: each figure of the ranked table is in one of them, with its unit; an
    unreachable figure reads 'ikke nåbar' and an unknown one '–', never 'None'."""
    at = app(tab="Rangering")
    seen: set[str] = set()
    for group in ("overview", "walk", "police", "points", "all"):
        at.segmented_control(key="table_group").set_value(group).run()
        frame = table(at)
        assert list(frame.columns[:3]) == ["Rangering", "Tomt", "Navn"]
        seen |= set(frame.columns)
    assert {"Fastlege, gange (m)", "Politi, kjøretid (min)", "Patrulje, omvei (min)",
            "Avstand til kjørbar vei (m)", "Fastlege (poeng)", "Poengsum (0–100)"} <= seen
    from ui.common import styled
    from ui.views import ranking_view

    view = ranking_view(demo.ranked.assign(patrol_detour_min=[np.inf] + [1.0] * 4), demo.config,
                        "nb", demo.acc.categories)
    shown = styled(view, "nb").to_string(delimiter="|")
    assert "None" not in shown and "nan" not in shown and "inf" not in shown
    assert shown.count("ikke nåbar") == 1  # the unreachable patrol detour
    row_e = next(line for line in shown.splitlines() if "|E|" in line)
    assert row_e.split("|")[1] == "–"  # the flagged plot E: not ranked
    # Streamlit draws a missing value as "None" whatever the style says: the data
    # behind the style hold none (an unknown figure is -inf, shown as "–")
    data = styled(view, "nb").data
    numbers = data.select_dtypes("number")
    assert not numbers.isna().any().any()
    e = data[data["Tomt"] == "E"].iloc[0]
    assert e["Rangering"] == e["Poengsum (0–100)"] == -np.inf
    assert row_e.split("|")[4] == "–"  # its score


def test_map_layers_and_local_assets(app: Callable[..., AppTest], fake_map: FakeMap) -> None:
    at = app()
    at.pills(key="layers").set_value(["network", "services", "routes", "police", "surface"])
    at.run()
    m = fake_map.maps[-1]
    layers = {getattr(c, "layer_name", None): c for c in m._children.values()}
    for key in ("network", "police", "surface", "plots"):
        assert layer_name(key, "nb") in layers, key
    assert layers[layer_name("police", "nb")].show and layers[layer_name("surface", "nb")].show
    assert any(str(n).startswith("Gangruter: 1. Tomt A") for n in layers)
    assert any(str(n).startswith(layer_name("services", "nb", "Fastlege")) for n in layers)
    html = m.get_root().render()
    assert "/app/static/vendor/leaflet." in html
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html
    static = Path(APP).parent / "static" / "vendor"
    for url in [u for u in html.split('"') if u.startswith("/app/static/vendor/")]:
        assert (static / url.rsplit("/", 1)[1]).is_file(), url


# --------------------------------------------------------------------------- plots tab
def test_rename_and_remove_plots(app: Callable[..., AppTest]) -> None:
    at = app(tab="Tomter")
    at.selectbox(key="rename_pick").set_value("C")
    at.text_input(key="rename_new").set_value("Østtomta")
    at.button(key="rename_do").click().run()
    at.multiselect(key="remove_pick").set_value(["A", "E"])
    at.button(key="remove_do").click().run()
    assert plot_ids(at) == ["B", "C", "D"]
    at.session_state["tab"] = "Rangering"
    at.run()
    assert sorted(table(at)[PLOT]) == ["B", "C", "D"]
    assert "Østtomta" in table(at)["Navn"].tolist()


# --------------------------------------------------------------------------- services
def test_register_upload_adds_services_and_bad_register_is_refused(
        app: Callable[..., AppTest]) -> None:
    at = app(tab="Tjenester")
    a = demo_plots().geometry.iloc[0]
    good = (f"category,name,lat,lon\nnav,NAV Demoby,{a.y},{a.x + 0.001}\n"
            f"psykisk helse,Ny psykiatri,{a.y + 0.001},{a.x}\n,Uten kategori,63.0,10.3\n"
            ).encode()
    upload(at, "register_file", "register.csv", good)
    assert as_seen(at.success[-1].value) == "Leste 2 tjenester fra register.csv."
    counts = at.dataframe[0].value
    assert counts.loc["Psykisk helsetjeneste", "Fra kommunens register"] == 1
    assert counts.loc["Psykisk helsetjeneste", "Fra OpenStreetMap"] == 1
    assert counts.loc["nav", "Fra kommunens register"] == 1
    report = next(d.value for d in at.dataframe if "#" in d.value.columns)
    assert report["#"].tolist() == [1, 2, 3]
    assert report["Status"].tolist() == ["brukt", "brukt", "avvist"]
    assert report["Hvorfor"].iloc[2].startswith("avvist: mangler en brukbar kategori")
    # the refused row is said beside the green "read 2", not only in the table
    assert "1 av radene i register.csv brukes ikke; tabellen under sier hvorfor." in [
        as_seen(w.value) for w in at.warning]
    bad = b"category,name,lat,lon\n,Uten kategori,63.0,10.3\n"
    upload(at, "register_file", "bad.csv", bad)
    from siting.services import read_register

    with pytest.raises(SitingError) as info:
        read_register(bad, filename="bad.csv")
    assert [as_seen(e.value) for e in at.error] == [info.value.text("nb")]
    assert len(at.session_state["register"]) == 2


# --------------------------------------------------------------------------- downloads
def test_downloads_produce_files_that_parse(app: Callable[..., AppTest],
                                           monkeypatch: pytest.MonkeyPatch,
                                           demo: Result, tmp_path: Path) -> None:
    made: dict[str, Callable[[], bytes]] = {}
    original = MediaFileManager.add_deferred

    def spy(self: MediaFileManager, data: Callable[[], bytes], *args: Any,
            **kwargs: Any) -> str:
        made[kwargs["file_name"]] = data
        return original(self, data, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    app(tab="Last ned")
    assert set(made) == {"tomter-rangert.xlsx", "tomter-rangert.csv", "tomter-rangert.gpkg",
                         "kart.html"}
    csv = pd.read_csv(io.BytesIO(made["tomter-rangert.csv"]()))
    assert csv["plot_id"].tolist() == demo.ranked["plot_id"].tolist()
    assert csv["score"].iloc[0] == round(demo.ranked["score"].iloc[0], 3)
    sheet = openpyxl.load_workbook(io.BytesIO(made["tomter-rangert.xlsx"]())).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][:3] == ["Rangering", "Tomt", "Navn"] and sheet.title == "Rangering"
    assert [r[1] for r in rows[1:]] == csv["plot_id"].tolist()  # the same rank order
    assert rows[1][4] == csv["score"].iloc[0]
    (tmp_path / "out.gpkg").write_bytes(made["tomter-rangert.gpkg"]())
    gpkg = gpd.read_file(tmp_path / "out.gpkg")
    assert len(gpkg) == 5 and gpkg.crs.to_epsg() == 4326
    html = made["kart.html"]().decode()
    assert html.startswith("<!DOCTYPE html>") and "L.map(" in html
    assert "https://cdn" not in html


# --------------------------------------------------------------------------- study area
def test_fetch_municipality_offline_and_online(app: Callable[..., AppTest],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import siting.live
    from siting.demo import demo_osm
    from siting.errors import NetworkError

    calls: list[tuple[str, float]] = []

    def offline(query: str, progress: Callable[[str, float], None] | None = None,
                lang: str = "en") -> None:
        if progress:
            progress("Finner grensen", 0.0)
        calls.append((query, 0.0))
        raise NetworkError("offline", nb=f"Fikk ikke kontakt for «{query}»")

    monkeypatch.setattr(siting.live, "osm_from_place", offline)
    at = app()
    at.radio(key="area_how").set_value("place").run()
    assert at.text_input(key="place").value == "Melhus kommune"
    at.button(key="fetch").click().run()
    assert [as_seen(e.value) for e in at.error] == ["Fikk ikke kontakt for «Melhus kommune»"]
    assert calls == [("Melhus kommune", 0.0)]
    assert at.session_state["area"]["kind"] == "demo" and plot_ids(at)[0] == "A"

    def online(query: str, progress: Callable[[str, float], None] | None = None,
               lang: str = "en") -> object:
        if progress:
            progress("Laster ned", 0.5)
        data = demo_osm()
        data.source = {**data.source, "kind": "place", "name": query}
        return data

    monkeypatch.setattr(siting.live, "osm_from_place", online)
    at.text_input(key="place").set_value("Melhus kommune, Norway")
    at.button(key="fetch").click().run()
    assert not at.exception
    assert at.session_state["area"] == {"kind": "place", "query": "Melhus kommune, Norway",
                                        "name": "Melhus kommune, Norway"}
    assert plot_ids(at) == []  # the demo's plots are not the user's
    assert not other_warnings(at) and as_seen(at.info[0].value).startswith("Ingen tomter")
    assert [e["name"] for e in at.session_state["recent"]] == ["Melhus kommune, Norway"]
    assert not (Path(settings.cache_dir) / "app").exists()  # kept in this session only


@pytest.mark.shared
def test_open_extract_from_the_data_folder_or_by_upload(app: Callable[..., AppTest],
                                                        opera_pbf: Path, tmp_path: Path) -> None:
    at = app()
    at.radio(key="area_how").set_value("file").run()
    assert not [w for w in at.text_input if w.key == "osm_path"]  # no free path box
    assert any(as_seen(c.value).startswith("Filer på serveren kan bare åpnes fra en datamappe")
               for c in at.caption)
    data = tmp_path / "kart"
    (data / "trondelag").mkdir(parents=True)
    (data / "trondelag" / "bjorvika.osm.pbf").write_bytes(opera_pbf.read_bytes())
    (data / "notes.txt").write_text("not an extract")
    at = app(data_dir=data)
    at.radio(key="area_how").set_value("file").run()
    assert at.selectbox(key="osm_data_pick").options == ["bjorvika.osm.pbf"]
    at.selectbox(key="osm_data_pick").set_value(0)
    at.button(key="open_file").click().run()
    assert at.session_state["area"]["path"] == str(data / "trondelag" / "bjorvika.osm.pbf")
    assert plot_ids(at) == []
    at.selectbox(key="osm_data_pick").set_value(None)
    at.file_uploader(key="osm_upload").set_value(("opera.osm.pbf", opera_pbf.read_bytes(),
                                                  "application/octet-stream"))
    at.button(key="open_file").click().run()
    area = at.session_state["area"]
    assert area["name"] == "opera.osm.pbf" and Path(area["path"]).read_bytes() == \
        opera_pbf.read_bytes()
    assert Path(area["path"]).name.endswith(".osm.pbf") and "opera" not in area["path"]


def test_a_refused_upload_is_not_kept(app: Callable[..., AppTest]) -> None:
    at = app()
    at.radio(key="area_how").set_value("file").run()
    at.file_uploader(key="osm_upload").set_value(("broken.osm.pbf", b"not a pbf file",
                                                  "application/octet-stream"))
    at.button(key="open_file").click().run()
    assert len(at.error) == 1 and at.session_state["area"]["kind"] == "demo"
    assert list((Path(settings.cache_dir) / "uploads").iterdir()) == []


def test_the_osm_upload_limit_shown_is_the_one_the_server_enforces(
        app: Callable[..., AppTest]) -> None:
    # Streamlit's upload route refuses any body over server.maxUploadSize, whatever the
    # widget's max_upload_size: the config and the app's constant must agree.
    server = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert server["server"]["maxUploadSize"] == OSM_UPLOAD_MB == 300
    at = app()
    at.radio(key="area_how").set_value("file").run()
    assert at.file_uploader(key="osm_upload").proto.max_upload_size_mb == 300
    assert "Inntil 300 MB per fil · PBF, OSM, BZ2, GZ, XML" in [c.value for c in at.caption]


# --------------------------------------------------------------------------- start-up
@pytest.mark.shared
def test_startup_files_then_a_new_session_opens_on_what_the_server_chose(
        app: Callable[..., AppTest], opera_pbf: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    plots_file = tmp_path / "opera.geojson"
    plots_file.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"plot_id": pid},
         "geometry": {"type": "Point", "coordinates": xy}}
        for pid, xy in (("O1", [10.7535, 59.9075]), ("O2", [10.7555, 59.9095]))]}))
    at = app(tab="Rangering", osm=opera_pbf, plots=plots_file)
    assert not other_warnings(at) and not at.error
    assert at.session_state["area"]["name"] == "oslo-opera.osm.pbf"
    expected = rank(load_study(opera_pbf), read_plots(plots_file), None,
                    default_config("recovery")).ranked
    assert shown_rows(at)[0] == expected_rows(expected)[0]
    assert same(shown_rows(at)[1], expected_rows(expected)[1])
    monkeypatch.delenv("SITING_APP_PLOTS")  # a new session: the server's extract, no plots
    again = AppTest.from_file(APP, default_timeout=60).run()
    assert again.session_state["area"]["name"] == "oslo-opera.osm.pbf"
    assert len(again.session_state["plots"]) == 0 and not other_warnings(again)
    for key in startup.STARTUP_KEYS:  # a server started without files: the demo, whatever
        monkeypatch.delenv(f"SITING_APP_{key.upper()}", raising=False)  # was opened before
    third = AppTest.from_file(APP, default_timeout=60).run()
    assert third.session_state["area"]["kind"] == "demo" and third.session_state["recent"] == []


def test_bad_startup_file_is_reported_and_the_demo_opens(app: Callable[..., AppTest],
                                                         tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.osm.pbf"
    at = app(osm=missing)
    assert other_warnings(at) == [t("demo.label", "nb")]
    assert as_seen(at.error[0].value) == (
        f"Kunne ikke åpne det som ble gitt ved oppstart: Finner ikke filen {missing}; sjekk stien.")


@pytest.mark.parametrize(("lang", "sign"), [("nb", "\u00a0%"), ("en", "%")])
def test_charts_write_percentages_as_the_language_does(lang: str, sign: str) -> None:
    """The robustness charts' axes: "90 %" in bokmål (as every text), "90%" in English."""
    import altair as alt

    from ui.common import localised

    chart = alt.Chart(pd.DataFrame({"share": [0.9]})).mark_bar().encode(
        x=alt.X("share:Q", axis=alt.Axis(format="%")))
    number = localised(chart, lang).to_dict()["config"]["locale"]["number"]
    assert number["percent"] == sign
    assert number["decimal"] == ("," if lang == "nb" else ".")


@pytest.mark.parametrize(("lang", "caption"), [
    ("nb", "Kilde: lokal OSM-fil · Kartdata fra 16.06.2025"),
    ("en", "Source: local OSM file · Map data from 2025-06-16")])
def test_sidebar_writes_the_map_date_as_the_language_does(lang: str, caption: str) -> None:
    from ui.sidebar import area_caption

    assert as_seen(area_caption("file", "2025-06-16T20:21:24Z", lang)) == caption  # as the report
    assert area_caption("demo", None, lang) == t("app.area_source", lang,
                                                 source=t("app.source_demo", lang))


def test_ranking_tab_says_which_scores_are_equal(app: Callable[..., AppTest], tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Two plots on the same spot score the same: the table shows both as 100, and a
    caption under it says that ranks 1 and 2 are equal and how equal scores are ordered."""
    plots_file = tmp_path / "twins.geojson"
    plots_file.write_bytes(near_demo(T1=(0.0, 0.0), T14=(0.0, 0.0), T7=(0.004, -0.004)))
    at = app(tab="Rangering", plots=plots_file)
    assert shown_rows(at)[0] == ["T1", "T14", "T7"]
    assert ("Nøyaktig lik poengsum: plass 1 og 2 (100,00). Like poengsummer ordnes etter "
            "summen av tomtenes verdier (0–1) på alle kriterier, også dem med vekt 0, høyest "
            "først, og deretter etter tomte-id; slik kommer en tomt aldri foran en med samme "
            "poengsum som er minst like god på hvert kriterium og bedre på ett."
            ) in [c.value for c in at.caption]
    monkeypatch.delenv("SITING_APP_PLOTS")
    plain = app(tab="Rangering")  # the demo has no equal scores: no such caption
    assert not [c.value for c in plain.caption if "lik poengsum" in c.value]
