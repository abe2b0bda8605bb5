"""The app's safety: sessions kept apart, hostile text shown as text, public downloads.

Two sessions are two ``AppTest`` runs in one process (so they share Streamlit's
caches, as two browser tabs on one server do). The hostile strings come from
:mod:`hostile`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from apptesting import APP, FakeMap, app_starter, install_fake_map, spy_downloads, visit
from hostile import CONSTRUCTS, battery
from streamlit.testing.v1 import AppTest

from siting import settings
from siting.config import default_config
from siting.demo import demo_plots
from siting.pipeline import load_study, rank
from siting.scenario import scenario_bytes, scenario_from_result

TABS = ("Kart", "Rangering", "Tomter", "Tjenester", "Last ned", "Beslutning")
TINY = Path(__file__).parent / "data" / "toy" / "tiny.osm"
LABELLED = ("slider", "select_slider", "checkbox", "selectbox", "text_input", "number_input",
            "toggle", "radio", "button", "multiselect", "expander", "tabs", "segmented_control",
            "date_input")


@pytest.fixture
def fake_map(monkeypatch: pytest.MonkeyPatch) -> FakeMap:
    return install_fake_map(monkeypatch)


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        fake_map: FakeMap) -> Callable[..., AppTest]:
    return app_starter(monkeypatch, tmp_path)


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=key).set_value((name, data, "application/octet-stream"))
    return run(at)


def markdown_sources(at: AppTest) -> Iterator[tuple[str, str]]:
    """(kind, Markdown source) of everything this run renders as Markdown."""
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "toast",
                 "title", "header", "subheader"):
        for element in getattr(at, kind):
            yield kind, str(element.value)
    for kind in LABELLED:
        for element in at.get(kind):
            for attr in ("label", "help"):
                value = getattr(element, attr, None)
                if value:
                    yield f"{kind}.{attr}", str(value)
    for element in at.get("table"):  # st.table renders its cells, heads and index as Markdown
        frame = element.value
        texts = [*map(str, frame.columns), *map(str, frame.index),
                 *map(str, frame.to_numpy().ravel())]
        yield from (("table", text) for text in texts)


def unescaped(source: str) -> str:
    """``source`` without its backslash escapes: what Markdown could still act on."""
    return re.sub(r"\\.", "", source)


def plots_near_demo(names: list[str]) -> bytes:
    a = demo_plots().to_crs("EPSG:4326").geometry.iloc[0]
    rows = [{"tomt": name if i == 0 else f"H{i}", "navn": name, "lat": a.y + 0.0004 * i,
             "lon": a.x + 0.0003 * i} for i, name in enumerate(names)]
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


def register_near_demo(names: list[str]) -> bytes:
    a = demo_plots().to_crs("EPSG:4326").geometry.iloc[0]
    rows = [{"kategori": cat, "navn": name, "lat": a.y - 0.0005 * (i + 1), "lon": a.x}
            for i, (cat, name) in enumerate(zip(["gp", "bus", "shop"] * 5, names,
                                                strict=False))]
    return pd.DataFrame(rows).to_csv(index=False).encode("utf-8")


# --------------------------------------------------------------------------- hostile text
def test_hostile_text_meets_markdown_only_escaped_in_every_tab(
        app: Callable[..., AppTest]) -> None:
    names = battery()
    at = app("Tomter")
    upload(at, "plots_file", f"{names[0]}.csv", plots_near_demo(names))
    assert len(at.session_state["plots"]) == len(names)
    seen: list[tuple[str, str]] = list(markdown_sources(at))
    at.session_state["tab"] = "Tjenester"
    run(at)
    upload(at, "register_file", f"{names[1]}.csv", register_near_demo(names))
    seen += markdown_sources(at)
    result = rank(load_study(), demo_plots(), None, default_config())
    scenario = scenario_from_result(result, demo_plots(), title=names[0], notes=names[3])
    at.session_state["tab"] = "Beslutning"
    run(at)
    upload(at, "scenario_file", f"{names[4]}.gpkg", scenario_bytes(scenario))
    seen += markdown_sources(at)  # the toast "Opened «title»" is in this run only
    run(at)
    seen += markdown_sources(at)
    at.session_state["tab"] = "Tomter"
    run(at)
    upload(at, "plots_file", f"{names[2]}.csv", plots_near_demo(names))  # the scenario's
    for tab in TABS:  # plots were restored: add the hostile ones again, then every tab
        at.session_state["tab"] = tab
        run(at)
        seen += markdown_sources(at)
    kinds = {kind for kind, _ in seen}
    assert {"table", "success", "toast", "select_slider.label"} <= kinds, kinds  # the weights
    assert any("Offisielt område" in text for _, text in seen)  # the names were shown ...
    bad = [(kind, text) for kind, text in seen
           if any(c in unescaped(text) for c in CONSTRUCTS)]
    assert bad == []  # ... and never as Markdown


# --------------------------------------------------------------------------- two sessions
def all_text(at: AppTest) -> str:
    """Every text and option a session shows (Markdown sources, labels, options, tables)."""
    parts = [text for _, text in markdown_sources(at)]
    for element in at.get("selectbox") + at.get("multiselect") + at.get("radio"):
        parts += [str(o) for o in getattr(element, "options", [])]
    for element in at.get("dataframe"):
        parts.append(element.value.to_csv())
    return "\n".join(parts)


def test_two_sessions_share_nothing_the_server_did_not_choose(
        app: Callable[..., AppTest]) -> None:
    secret = "hemmelig-tomtevalg-A ![x](http://127.0.0.1:9/b.png) **Offisielt område**"
    first = app()
    first.radio(key="area_how").set_value("file")
    run(first)
    first.file_uploader(key="osm_upload").set_value((f"{secret}.osm", TINY.read_bytes(),
                                                     "application/xml"))
    first.button(key="open_file").click()
    run(first)
    assert first.session_state["area"]["name"] == f"{secret}.osm"
    first.session_state["tab"] = "Tomter"
    run(first)
    upload(first, "plots_file", "tomter.csv", plots_near_demo([f"{secret} plot"]))
    assert [a["name"] for a in first.session_state["recent"]] == [f"{secret}.osm"]
    uploads = list((Path(settings.cache_dir) / "uploads").iterdir())
    assert len(uploads) == 1 and "hemmelig" not in uploads[0].name

    second = AppTest.from_file(APP, default_timeout=60)  # another person, same server
    run(second)
    second.radio(key="area_how").set_value("recent")
    run(second)
    for tab in TABS:
        second.session_state["tab"] = tab
        run(second)
        assert "hemmelig" not in all_text(second) and "Offisielt" not in all_text(second)
    assert second.session_state["area"]["kind"] == "demo"
    assert second.session_state["recent"] == []
    assert not (Path(settings.cache_dir) / "app").exists()


# --------------------------------------------------------------------------- public downloads
def test_public_switch_previews_what_is_removed_and_makes_every_download_public(
        app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch) -> None:
    files = spy_downloads(monkeypatch)
    at = app("Last ned")
    internal = files["tomter-rangert.csv"]().decode("utf-8")
    names = demo_plots()["name"].tolist()
    assert all(name in internal for name in names)
    at.toggle(key="dl_public").set_value(True)
    run(at)
    shown = " ".join(text for _, text in markdown_sources(at))
    assert "Dette fjernes før deling" in shown
    assert ("I denne analysen: 5 tomtenavn og id-er, 11 navn på nærmeste tjenester, 45 nøyaktige "
            "avstander og tider (blir bånd eller utelates) og 5 posisjoner (blir 500 "
            "m-ruter).") in shown
    [preview] = [d.value for d in at.dataframe if "Tomt" in d.value.columns]
    # the Excel's bokmål headers, not the CSV's machine names (rank, plot, walk_band_gp ...)
    assert list(preview.columns) == [
        "Rangering", "Tomt", "Status", "Poengsum (0–100)", "Bryter krav", "Fastlege, gange",
        "Bussholdeplass, gange", "Dagligvare, gange", "Apotek, gange",
        "Skole/barnehage, gange", "Politi, kjøretid", "Patrulje, omvei"]  # no walk to help
    assert preview["Tomt"].tolist() == ["Tomt 1", "Tomt 2", "Tomt 3", "Tomt 4", "Tomt 5"]
    # the plot in the woods is flagged: not ranked, said as the Excel says it (not "None")
    # one type per column (text), so Streamlit need not fall back after an Arrow error
    assert preview["Rangering"].tolist() == ["1", "2", "3", "4", "ikke rangert"]
    assert preview["Poengsum (0–100)"].tolist()[-1] == "ikke rangert"
    assert all(isinstance(v, str) for v in preview["Poengsum (0–100)"])
    table = files["tomter-rangert-offentlig.csv"]().decode("utf-8")
    page = files["kart-offentlig.html"]().decode("utf-8")
    assert pd.read_csv(io.StringIO(table))["plot"].tolist() == preview["Tomt"].tolist()
    services = load_study().osm.features.get("name", pd.Series(dtype=str)).dropna()
    for out in (table, page):
        assert not [n for n in names if n in out]
        assert not [s for s in services if isinstance(s, str) and len(s) > 3 and s in out]
    assert "gpkg" in " ".join(files) and "tomter-rangert-offentlig.gpkg" in files


def test_public_preview_and_downloads_give_a_plot_with_no_place_no_position(
        app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A user trial: a row with latitude and longitude swapped kept a cell (lon/lat, a
    marker) in the public downloads; its status now says why it has none."""
    files = spy_downloads(monkeypatch)
    demo = demo_plots()
    a = demo.geometry.iat[0]
    rows = [f"{p},{g.y},{g.x}" for p, g in zip(demo["plot_id"], demo.geometry, strict=True)]
    plots = tmp_path / "tomter.csv"
    plots.write_text("plot_id,lat,lon\n" + "\n".join([*rows, f"F,{a.x},{a.y}", "G,,"]) + "\n",
                     encoding="utf-8")
    at = app("Last ned", plots=plots)
    at.toggle(key="dl_public").set_value(True)
    run(at)
    [preview] = [d.value for d in at.dataframe if "Tomt" in d.value.columns]
    assert preview["Status"].tolist()[-2:] == [
        "flagget, ikke vurdert: utenfor kartområdet; ikke på kartet",
        "flagget, ikke vurdert: ingen koordinater oppgitt; ikke på kartet"]
    shown = " ".join(text for _, text in markdown_sources(at))
    assert "og 5 posisjoner (blir 500 m-ruter)." in shown  # 7 plots, 5 with a cell
    table = pd.read_csv(io.StringIO(files["tomter-rangert-offentlig.csv"]().decode("utf-8")))
    assert table[["lon", "lat"]].isna().all(axis=1).tolist() == [False] * 5 + [True] * 2
    page = files["kart-offentlig.html"]().decode("utf-8")
    assert page.count("L.rectangle(") == 4 and "<b>Tomt 6</b>" not in page  # A-E: 4 cells


HELD = {
    "scenario": "«Offentlig versjon av alt som lastes ned» er på (under «Last ned»): scenarioet "
                "lagres ikke, for det er den interne arbeidsfilen med tomtenes navn og "
                "posisjoner, tittel og notater. Slå bryteren av for å lagre det.",
    "pair": "«Offentlig versjon av alt som lastes ned» er på (under «Last ned»): kombinasjonene "
            "lastes ikke ned, for tabellen har tomtenes id-er og navn, nøyaktige poengsummer og "
            "avstander i meter. Slå bryteren av for å laste den ned.",
    "review": "«Offentlig versjon av alt som lastes ned» er på (under «Last ned»): "
              "tjenestelisten lastes ikke ned, for den har tjenestenes navn og posisjoner, også "
              "hjelpetjenestene og eget register, som en offentlig versjon aldri viser. Slå "
              "bryteren av for å laste den ned.",
}


def offered(at: AppTest) -> list[str]:
    """The keys of the download buttons this run draws."""
    return [b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")]


def test_public_switch_covers_the_other_tabs_downloads_and_stays_on(
        app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch) -> None:
    files = spy_downloads(monkeypatch)
    at = app("Last ned")
    at.toggle(key="dl_public").set_value(True)
    run(at)
    files.clear()
    at.session_state["scenario_title"] = "Hemmelig A Storgata 13A"
    visit(at, "Beslutning")  # the switch is not drawn here, yet it holds
    assert offered(at) == [] and files == {}
    captions = [c.value for c in at.caption]
    assert HELD["pair"] in captions and HELD["scenario"] in captions
    visit(at, "Tjenester")  # the empty register templates hold no data: still offered
    assert offered(at) == ["template_csv", "template_xlsx"]
    assert HELD["review"] in [c.value for c in at.caption]
    visit(at, "Last ned")
    assert at.toggle(key="dl_public").value is True  # still on when its tab is back
    at.toggle(key="dl_public").set_value(False)
    run(at)
    visit(at, "Beslutning")  # off: the internal files, named as before
    assert offered(at) == ["pair_csv", "scn_save"]
    assert not set(HELD.values()) & {c.value for c in at.caption}
    assert {"par.csv", "Hemmelig-A-Storgata-13A.gpkg"} <= set(files)
