"""Public mode (:mod:`siting.public`): bands, grid cells, and outputs that cannot locate a plot."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from siting import settings
from siting.config import config_from_dict, default_config
from siting.demo import demo_plots
from siting.pipeline import load_study, rank
from siting.public import (
    cell_centres,
    cell_polygons,
    detour_band,
    drive_band,
    failed_rule_labels,
    public_categories,
    public_frame,
    shown_in_public,
    walk_band,
    withheld,
    withheld_column,
)
from siting.webmap import map_from_analysis
from siting.webmap.cells import public_plot_frame
from siting.webmap.map import map_html

ROOT = Path(__file__).resolve().parents[1]
INF = math.inf


def test_bands_in_both_languages_and_on_the_edges() -> None:
    got = [walk_band(x, "nb") for x in (0, 249.99, 250, 499, 500, 999.9, 1000, 5e4, INF, np.nan)]
    assert got == ["under 250\u00a0m", "under 250\u00a0m", "250–500\u00a0m", "250–500\u00a0m",
                   "500\u00a0m–1\u00a0km", "500\u00a0m–1\u00a0km", "over 1\u00a0km",
                   "over 1\u00a0km", "kan ikke nås til fots", "–"]
    assert walk_band(1200, "en") == "over 1\u00a0km"
    assert walk_band(INF, "en") == "cannot be reached on foot"
    assert [drive_band(x, "en") for x in (4.99, 5, 12, 15, INF)] == [
        "under 5\u00a0min", "5–10\u00a0min", "10–15\u00a0min", "over 15\u00a0min",
        "cannot be reached by car"]
    assert [detour_band(x, "nb", short=True) for x in (0.5, 1, 3, 9)] == [
        "< 1", "1–3", "3–5", "> 5"]
    assert walk_band(700, "nb", short=True) == "500–1\u00a0000"
    assert walk_band(700, "en", short=True) == "500–1,000"


def test_bands_follow_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "public_walk_bands_m", (400.0, 1500.0))
    assert [walk_band(x, "en") for x in (100, 400, 1499, 2000)] == [
        "under 400\u00a0m", "400\u00a0m–1.5\u00a0km", "400\u00a0m–1.5\u00a0km", "over 1.5\u00a0km"]
    assert "under 400 m / 400 m–1.5 km / over 1.5 km" in " ".join(withheld("en")).replace(
        "\u00a0", " ")


def test_cells_are_a_fixed_grid_holding_the_plot() -> None:
    xy = np.array([[569_420.0, 7_018_528.0], [569_500.0, 7_018_999.99], [np.nan, np.nan]])
    assert cell_centres(xy).tolist()[:2] == [[569_250.0, 7_018_750.0], [569_750.0, 7_018_750.0]]
    geoms = gpd.GeoSeries([shapely.Point(p) if np.isfinite(p).all() else None for p in xy],
                          crs="EPSG:25832")
    cells = cell_polygons(geoms)
    assert cells.iloc[0].bounds == (569_000.0, 7_018_500.0, 569_500.0, 7_019_000.0)
    assert cells.iloc[0].contains(geoms.iloc[0]) and cells.iloc[2] is None
    assert cell_polygons(geoms, 1000.0).iloc[1].bounds == (569_000.0, 7_018_000.0,
                                                           570_000.0, 7_019_000.0)


@pytest.fixture(scope="module")
def demo():
    return rank(load_study(), demo_plots(), None, default_config())


def test_public_table_names_no_plot_and_no_service(demo) -> None:
    frame = public_frame(demo.ranked, demo.acc.plots, demo.config, demo.acc.categories, "nb")
    assert frame["plot"].tolist() == ["Tomt 1", "Tomt 2", "Tomt 3", "Tomt 4", "Tomt 5"]
    assert frame["fails"].tolist() == ["", "", "Buss", "Buss", ""]
    assert frame["walk_band_gp"].iloc[0] == "under 250\u00a0m"  # 135 m
    assert frame["police_band"].iloc[0] == "under 5\u00a0min"
    assert frame["score"].tolist()[:4] == [round(s) for s in demo.ranked["score"][:4]]
    text = frame.drop(columns="geometry").to_csv()
    secret = [*demo.ranked["name"],
              *[n for c in demo.ranked if c.startswith("nearest_") for n in demo.ranked[c] if n]]
    assert not [s for s in secret if s in text]
    cells = set(frame.drop(columns="geometry").astype(str).to_numpy().ravel())
    assert not cells & set(demo.ranked["plot_id"])  # ids are single letters here
    squares = frame.to_crs(demo.acc.plots.crs).geometry
    plots = demo.acc.plots.geometry.reset_index(drop=True).loc[demo.ranked.index]
    for cell, plot in zip(squares, plots, strict=True):
        assert cell.area == pytest.approx(500 * 500) and cell.contains(plot.representative_point())


def test_public_table_gives_equal_scores_by_rank_only(demo) -> None:
    """Plot C's twin scores the same as C: the public table says which ranks share a
    score ("2–3"), as the internal one does, and still names no plot."""
    from siting.scoring import score_table

    table = pd.concat([demo.acc.table, demo.acc.table.iloc[[2]].assign(plot_id="C2")],
                      ignore_index=True)
    plots = pd.concat([demo.acc.plots, demo.acc.plots.iloc[[2]]], ignore_index=True)
    ranked = score_table(table, demo.config)
    frame = public_frame(ranked, plots, demo.config, demo.acc.categories, "nb")
    assert ranked["plot_id"].tolist()[:3] == ["A", "C", "C2"]
    assert frame["tied_ranks"].tolist() == ["", "2–3", "2–3", "", "", ""]
    assert frame["plot"].tolist()[:3] == ["Tomt 1", "Tomt 2", "Tomt 3"]
    assert "tied_ranks" not in public_frame(demo.ranked, demo.acc.plots, demo.config,
                                            demo.acc.categories, "nb")


def test_public_outputs_say_nothing_of_the_walk_to_help(demo) -> None:
    """The mental-health and substance-abuse services: no band, no rule named, no popup row
    (a band to the one rehabilitation centre draws a ring that narrows the cell)."""
    assert public_categories(demo.acc.categories) == [
        c for c in demo.acc.categories if c not in ("mental_health", "substance_abuse")]
    frame = public_frame(demo.ranked, demo.acc.plots, demo.config, demo.acc.categories, "en")
    assert not [c for c in frame if "mental" in c or "substance" in c]
    assert "walk_band_gp" in frame and "walk_band_pharmacy" in frame
    # a rule on the substance-abuse service that every plot fails: said, but not named
    config = config_from_dict({"rules": [{"column": "walk_m_substance_abuse", "op": "max",
                                          "value": 1.0}]})
    row = demo.ranked.iloc[0]
    assert failed_rule_labels(row, config, "en")[0] == "a distance rule not shown in public"
    assert failed_rule_labels(row, config, "nb")[0] == "et avstandskrav som ikke vises offentlig"
    assert "Bus" in failed_rule_labels(demo.ranked.iloc[2], config, "en")
    html = map_html(map_from_analysis(demo.study, demo.acc, demo.ranked, lang="en",
                                      public=True))
    popups = re.findall(r"siting-popup.*?</table>", html)
    assert popups and not [p for p in popups if "Mental" in p or "Substance" in p]


def test_public_outputs_leave_out_the_categories_a_register_adds(demo) -> None:
    """A register's own category ("sprøyterom", "NAV") may stand for help as sensitive as
    the built-in ones: no band, no rule named, no marker on the public map."""
    assert [shown_in_public(c) for c in ("gp", "police", "mental_health", "sproyterom",
                                         "nav")] == [True, True, False, False, False]
    assert [withheld_column(c) for c in ("walk_m_gp", "walk_m_sproyterom",
                                         "walk_m_substance_abuse", "police_drive_min")] == [
        False, True, True, False]
    ranked = demo.ranked.assign(walk_m_sproyterom=120.0)
    cats = [*demo.acc.categories, "sproyterom"]
    frame = public_frame(ranked, demo.acc.plots, demo.config, cats, "nb")
    assert "walk_band_sproyterom" not in frame and "walk_band_gp" in frame
    config = config_from_dict({"rules": [{"column": "walk_m_sproyterom", "op": "max",
                                          "value": 1.0}]})
    assert failed_rule_labels(ranked.iloc[0], config, "nb") == [
        "et avstandskrav som ikke vises offentlig"]
    added = demo.acc.services.iloc[:1].assign(category="sproyterom", name="Sprøyterommet")
    acc = dataclasses.replace(demo.acc, services=pd.concat([demo.acc.services, added]))
    public = map_html(map_from_analysis(demo.study, acc, demo.ranked, lang="nb", public=True))
    internal = map_html(map_from_analysis(demo.study, acc, demo.ranked, lang="nb"))
    assert "sproyterom" in internal and "sproyterom" not in public


def test_public_excel_says_what_it_shows_and_leaves_out(demo, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from siting.export import result_frame, write_result

    frame = public_frame(demo.ranked, demo.acc.plots, demo.config, demo.acc.categories, "nb")
    write_result(frame, tmp_path / "offentlig.xlsx", demo.config)
    about = [r[0] for r in load_workbook(tmp_path / "offentlig.xlsx").worksheets[1].iter_rows(
        values_only=True)]
    assert about[2].startswith("Dette er den offentlige versjonen av tabellen. Gangavstander "
                               "langs gater og stier står i bånd")
    assert about[3:-1] == withheld("nb")  # the same list as the app and the report
    assert not [r for r in about if "kolonnen rett etter" in r or "i meter" in r]
    internal = tmp_path / "intern.xlsx"
    write_result(result_frame(demo.ranked, demo.acc.plots, demo.config), internal, demo.config)
    inside = [r[0] for r in load_workbook(internal).worksheets[1].iter_rows(values_only=True)]
    assert "Årsaken står i kolonnen «Flagget fordi»." in inside[2]


def test_public_map_shows_cells_and_no_name_route_or_sensitive_service(demo) -> None:
    html = map_html(map_from_analysis(demo.study, demo.acc, demo.ranked, lang="en",
                                      public=True))
    secret = [*demo.ranked["name"], *demo.acc.services["name"].dropna()]
    assert not [s for s in secret if s and s in html]
    assert "Plot 1" in html and "Walking routes" not in html
    assert "Service: Mental-health" not in html and "Service: Substance-abuse" not in html
    assert "Service: Grocery shop" in html  # other services are shown, by category only
    lonlat = demo.acc.plots.to_crs("EPSG:4326").geometry.representative_point()
    for p in lonlat:  # no plot position to 5 decimals anywhere in the page
        assert f"{p.x:.5f}" not in html and f"{p.y:.5f}" not in html
    cells = {str(c) for c in public_plot_frame(demo.acc, demo.ranked, "en")["cell"]}
    assert len(re.findall(r"L\.rectangle\(", html)) == len(cells) == 4  # two share one
    internal = map_html(map_from_analysis(demo.study, demo.acc, demo.ranked, lang="en"))
    assert demo.ranked["name"].iloc[0] in internal and "Walking routes" in internal


UNPLACED_STATUS = {
    "nb": ["flagget, ikke vurdert",  # E, in the woods: too far from a street, not off the map
           "flagget, ikke vurdert: utenfor kartområdet; ikke på kartet",
           "flagget, ikke vurdert: adressen ble ikke funnet; ikke på kartet"],
    "en": ["flagged, not assessed",
           "flagged, not assessed: outside the map area; not on the map",
           "flagged, not assessed: address not found; not on the map"]}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_plot_with_no_place_gets_no_cell_and_its_status_says_why(astray, lang) -> None:
    """A user trial: the public table gave a swapped row's "cell" (computed far outside the
    projection's zone, its centre 78 m from the position the tool suggested) as lon/lat."""
    frame = public_frame(astray.ranked, astray.acc.plots, astray.config,
                         astray.acc.categories, lang)
    assert astray.ranked["plot_id"].tolist()[-3:] == ["E", "F", "G"]
    assert frame["status"].tolist()[-3:] == UNPLACED_STATUS[lang]
    assert frame.geometry.isna().tolist() == [False] * 5 + [True, True]
    assert frame["rank"].isna().tolist()[-3:] == [True] * 3  # rows kept, not ranked


def test_public_files_give_a_plot_with_no_place_no_position(astray, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from siting.export import write_result

    frame = public_frame(astray.ranked, astray.acc.plots, astray.config,
                         astray.acc.categories, "nb")
    for suffix in (".csv", ".xlsx", ".geojson", ".gpkg"):
        write_result(frame, tmp_path / f"pub{suffix}", astray.config)
    table = pd.read_csv(tmp_path / "pub.csv")
    assert table["plot"].tolist()[-2:] == ["Tomt 6", "Tomt 7"]
    assert table[["lon", "lat"]].isna().all(axis=1).tolist() == [False] * 5 + [True, True]
    assert table["status"].tolist()[-2:] == UNPLACED_STATUS["nb"][1:]
    sheet = list(load_workbook(tmp_path / "pub.xlsx").worksheets[0].iter_rows(values_only=True))
    assert [r[-2:] for r in sheet[-2:]] == [("ingen plassering", "ingen plassering")] * 2
    assert [r[2] for r in sheet[-2:]] == UNPLACED_STATUS["nb"][1:]
    for suffix in (".geojson", ".gpkg"):
        read = gpd.read_file(tmp_path / f"pub{suffix}")
        assert read.geometry.isna().tolist() == [False] * 5 + [True, True], suffix


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_public_map_has_no_cell_or_marker_for_a_plot_with_no_place(astray, lang) -> None:
    html = map_html(map_from_analysis(astray.study, astray.acc, astray.ranked, lang=lang,
                                      public=True, config=astray.config))
    # A-E in four cells (two share one: one square, both ranks); F and G have none
    assert len(re.findall(r"L\.rectangle\(", html)) == 4
    word = "Tomt" if lang == "nb" else "Plot"
    assert f"<b>{word} 5</b>" in html and f"<b>{word} 6</b>" not in html  # no popup
    assert f"<b>{word} 7</b>" not in html
    found = re.search(r'"\\u003cdetails open\\u003e.*?\\u003c/details\\u003e"', html)
    assert found is not None
    legend = json.loads(found.group(0))  # the legend's HTML, as the page carries it in JSON
    said = {"nb": ("<h4>Ikke på kartet</h4><div class=\"siting-row\">Tomt 6: utenfor "
                   "kartområdet</div><div class=\"siting-row\">Tomt 7: adressen ble ikke "
                   "funnet</div>"),
            "en": ("<h4>Not on the map</h4><div class=\"siting-row\">Plot 6: outside the "
                   "map area</div><div class=\"siting-row\">Plot 7: address not found</div>")}
    assert said[lang] in legend


def test_public_report_map_has_no_mark_for_a_plot_with_no_place(
        astray, monkeypatch: pytest.MonkeyPatch) -> None:
    import siting.report.map as report_map
    from siting.report.pdf import report_pdf

    drawn: dict[bool, pd.DataFrame] = {}
    real = report_map.map_png

    def spy(net, plots, *args, public, **kwargs):  # type: ignore[no-untyped-def]
        drawn[public] = plots.copy()
        return real(net, plots, *args, public=public, **kwargs)

    monkeypatch.setattr(report_map, "map_png", spy)
    report_pdf(astray, lang="nb", public=True)
    report_pdf(astray, lang="nb")
    # F (swapped, far outside) and G (no location): no x/y in public; internally F keeps
    # its own position (the map frames the plots inside the area)
    assert drawn[True][["x", "y"]].isna().all(axis=1).tolist() == [False] * 5 + [True, True]
    assert drawn[False][["x", "y"]].isna().all(axis=1).tolist() == [False] * 6 + [True]


OSLO = [("T1", "Hemmelig tomt Bislett", 59.92493, 10.73411),
        ("T2", "Kandidat Grünerløkka", 59.92331, 10.75912),
        ("T3", "Kandidat Tøyen", 59.91487, 10.77193),
        ("T4", "Kandidat Frogner", 59.91911, 10.71077),
        ("T5", "Kandidat Kvadraturen", 59.90917, 10.74309),
        ("T6", "Kandidat Grønland", 59.91262, 10.76037)]


@pytest.mark.shared
def test_public_outputs_of_central_oslo_cannot_locate_a_plot(oslo_pbf: Path,
                                                             tmp_path: Path) -> None:
    """The issue's case: 23 of 25 nearest-service names and 38 exact distances got out."""
    plots = tmp_path / "tomter.csv"
    plots.write_text("tomt,navn,lat,lon\n" + "".join(f"{i},{n},{y},{x}\n" for i, n, y, x in OSLO),
                     encoding="utf-8")
    run = [sys.executable, "-m", "siting"]
    env = {"SITING_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    internal = subprocess.run([*run, "rank", "--osm", str(oslo_pbf), "--plots", str(plots),
                               "--out", str(tmp_path / "int.csv"), "--scenario-out",
                               str(tmp_path / "s.gpkg")], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=False)
    assert internal.returncode == 0, internal.stderr
    public = subprocess.run([*run, "rank", "--osm", str(oslo_pbf), "--plots", str(plots), "--out",
                             str(tmp_path / "pub.csv"), "--map", str(tmp_path / "pub.html"),
                             "--public"], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=False)
    assert public.returncode == 0, public.stderr
    pdf = subprocess.run([*run, "report", "--scenario", str(tmp_path / "s.gpkg"), "--out",
                          str(tmp_path / "pub.pdf"), "--public"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=False)
    assert pdf.returncode == 0, pdf.stderr
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "pub.pdf"), "-"],
                          capture_output=True, check=True).stdout.decode("utf-8")
    table = pd.read_csv(tmp_path / "int.csv", keep_default_na=False)
    nearest = {n for c in table if c.startswith("nearest_") for n in table[c] if n}
    assert len(nearest) >= 20
    outputs = {"csv": (tmp_path / "pub.csv").read_text(encoding="utf-8"),
               "html": (tmp_path / "pub.html").read_text(encoding="utf-8"),
               "pdf": " ".join(text.split())}
    walks = table[[c for c in table if c.startswith("walk_m_")]].apply(
        pd.to_numeric, errors="coerce").to_numpy().ravel()  # "" where not measured
    exact = {f"{round(w):,} m".replace(",", "\u00a0") for w in walks if np.isfinite(w)}
    for kind, out in outputs.items():
        assert not [n for n in nearest if n in out], kind
        assert not [n for _, n, _, _ in OSLO if n in out], kind
        assert not [c for _, _, y, x in OSLO for c in (y, x)
                    if re.search(rf"{c:.5f}".replace(".", r"\.") + r"(?!\d)", out)], kind
        if kind != "html":  # the HTML holds the street network's own coordinates
            assert not [e for e in exact if e in out], kind
    shown = pd.read_csv(tmp_path / "pub.csv")
    # Frogner lies just outside the area the extract covers: no place on the map at all
    assert shown["status"].iat[5] == "flagget, ikke vurdert: utenfor kartområdet; ikke på kartet"
    assert shown[["lon", "lat"]].isna().all(axis=1).tolist() == [False] * 5 + [True]
    placed = shown.iloc[:5]
    centres = gpd.points_from_xy(placed["lon"], placed["lat"], crs="EPSG:4326").to_crs(
        "EPSG:25832")  # the analysis CRS west of 12° E
    assert np.allclose(np.column_stack([centres.x, centres.y]) % 500, 250, atol=0.05)
    assert shown["plot"].tolist() == [f"Tomt {i}" for i in range(1, 7)]


USER_TEXT = {"title": "Tomt Pilestredet 57", "notes": "Befaring i Pilestredet 57 tirsdag",
             "scenario_file": "tomt-pilestredet57.gpkg",
             "osm_name": "pilestredet57-utsnitt.osm.pbf", "created": "2025-06-20",
             "osm_timestamp": "2025-06-16T08:00:00Z"}


def _pdf_text(pdf: bytes, tmp_path: Path, tool: str = "pdftotext") -> str:
    src = tmp_path / "r.pdf"
    src.write_bytes(pdf)
    args = ["-enc", "UTF-8", str(src), "-"] if tool == "pdftotext" else [str(src)]
    out = subprocess.run([tool, *args], check=True, capture_output=True).stdout.decode("utf-8")
    return " ".join(out.split())


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_public_report_carries_no_title_note_or_file_name_the_user_chose(demo, lang,
                                                                         tmp_path) -> None:
    from siting.report.pdf import report_pdf

    internal = _pdf_text(report_pdf(demo, meta=USER_TEXT, lang=lang), tmp_path)
    assert "Tomt Pilestredet 57" in internal and "tomt-pilestredet57.gpkg" in internal
    pdf = report_pdf(demo, meta=USER_TEXT, lang=lang, public=True)
    text, info = _pdf_text(pdf, tmp_path), _pdf_text(pdf, tmp_path, "pdfinfo")
    assert "pilestredet" not in text.lower() and "pilestredet" not in info.lower()
    title = {"nb": "Tomtevalg for robuste boliger", "en": "Choosing plots for robust homes"}[lang]
    assert text.startswith(title) and f"Title: {title}" in info
    assert {"nb": "Kartdata OpenStreetMap-utdrag, per 16.06.2025",
            "en": "Map data OpenStreetMap extract, as of 2025-06-16"}[lang] in text
    assert {"nb": "• Tekst som brukeren har valgt: tittel, merknader og navn på scenariofil, "
                  "tomtefil og kartutdrag (de kan navngi en tomt); rapporten heter «Tomtevalg "
                  "for robuste boliger».",
            "en": "• Text the user chose: the title, notes and the names of the scenario file, "
                  "plots file and map extract (each may name a plot); the report is called "
                  "“Choosing plots for robust homes”."}[lang] in text


def test_plots_sharing_a_public_cell_share_its_square_and_label() -> None:
    import folium

    from siting.webmap.cells import cells_layer

    cell_a, cell_b = [[59.91, 10.75], [59.915, 10.76]], [[59.92, 10.75], [59.925, 10.76]]
    frame = pd.DataFrame({
        "name": ["Plot 1", "Plot 2", "Plot 3"], "rank": [1.0, 2.0, 3.0],
        "score": [78.0, 64.0, 61.0], "status": ["ok", "ok", "fails_rules"],
        "walk_band_gp": ["under 250 m"] * 3, "police_band": ["under 5 min"] * 3,
        "patrol_band": ["under 1 min"] * 3, "cell": [cell_a, cell_b, cell_a],
        "lat": [59.9125, 59.9225, 59.9125], "lon": [10.755, 10.755, 10.755]})
    m = folium.Map(location=[59.915, 10.755], tiles=None)
    cells_layer(frame, {"plots": "Plots", "score": "Score", "police_min": "Police",
                        "patrol": "Patrol"}, {"gp": "GP"}, show=True).add_to(m)
    html = m.get_root().render()
    assert len(re.findall(r"L\.rectangle\(", html)) == 2  # one square per cell
    labels = re.findall(r"siting-rank[^>]*>(.*?)\\u003c/div", html.replace("\\u003e", ">"))
    assert labels == ["1 \\u00b7 3", "2"]  # both plots of the shared cell, "1 · 3"
    assert "<b>1. Plot 1</b> – score 78<br><b>3. Plot 3</b> – score 61" in html
