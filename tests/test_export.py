"""Tests for :mod:`siting.export` (the ranked result as CSV, Excel, GeoPackage or GeoJSON)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import pytest
import shapely

from siting.config import default_config
from siting.demo import demo_plots
from siting.errors import InputError
from siting.export import (
    FORMATS,
    result_bytes,
    result_columns,
    result_format,
    result_frame,
    write_result,
)
from siting.pipeline import load_study, rank

INF = math.inf


def plots_utm() -> gpd.GeoDataFrame:
    """Three plots in EPSG:25832: P (point), Q (square), R (no geometry)."""
    return gpd.GeoDataFrame(
        {"plot_id": ["P", "Q", "R"], "name": ["Punkt", "Kvadrat", "Uten sted"],
         "problem": ["", "", "missing coordinates"]},
        geometry=[shapely.Point(569_000, 7_018_000),
                  shapely.box(569_100, 7_018_100, 569_200, 7_018_200), None],
        crs="EPSG:25832")


def ranked_table() -> pd.DataFrame:
    """A ranked table in words (as :meth:`siting.pipeline.Result.texts` gives it): rank
    order (Q, P, R), index = each plot's position in the input."""
    return pd.DataFrame({
        "plot_id": ["Q", "P", "R"], "name": ["Kvadrat", "Punkt", "Uten sted"],
        "walk_m_gp": [123.456789, 2000.004999, INF], "nearest_gp": ["Lege", "Lege", ""],
        "police_drive_min": [2.98765, 10.0004, INF], "patrol_detour_min": [0.0, 1.23456, INF],
        "snap_m": [1.234, 48.0, np.nan], "drive_snap_m": [1.234, 48.0, np.nan],
        "value_gp": [0.83333333, 0.0, np.nan], "points_gp": [16.6666666, 0.0, np.nan],
        "component_nodes": [83, 83, 0], "flag": ["", "", "missing coordinates"],
        "score": [66.6666666, 12.3456, np.nan], "status": ["ok", "fails_rules", "flagged"],
        "reasons": ["", "GP: 2 000 m", "missing coordinates"],
        "rank": pd.array([1, 2, None], dtype="Int64"),
    }, index=[1, 0, 2])


def test_each_plot_keeps_its_own_geometry_when_ranking_reorders_rows() -> None:
    frame = result_frame(ranked_table(), plots_utm())
    assert list(frame["plot_id"]) == ["Q", "P", "R"]  # rank order kept
    assert frame.crs == "EPSG:4326"
    want = plots_utm().to_crs("EPSG:4326").set_index("plot_id").geometry
    for plot_id, geom in zip(frame["plot_id"], frame.geometry, strict=True):
        if plot_id == "R":
            assert geom is None
        else:
            assert geom.equals_exact(want[plot_id], 1e-9), plot_id
    assert frame.geometry.iloc[0].geom_type == "Polygon"  # Q, ranked first, is the square


def test_demo_result_rows_keep_their_plots(tmp_path: Path) -> None:
    # the demo ranks A, C, B, D, E while its plots come as A, B, C, D, E
    plots = demo_plots()
    result = rank(load_study(), plots, None, default_config())
    assert list(result.ranked["plot_id"]) == ["A", "C", "B", "D", "E"]
    write_result(result_frame(result.ranked, plots, result.config), tmp_path / "demo.csv")
    table = pd.read_csv(tmp_path / "demo.csv").set_index("plot_id")
    for plot_id, geom in zip(plots["plot_id"], plots.geometry, strict=True):
        assert table.at[plot_id, "lon"] == pytest.approx(geom.x, abs=1e-7)
        assert table.at[plot_id, "lat"] == pytest.approx(geom.y, abs=1e-7)


def test_rounding_and_nullable_rank() -> None:
    frame = result_frame(ranked_table(), plots_utm())
    row = frame.iloc[0]
    assert row["walk_m_gp"] == 123.46  # metres to the centimetre
    assert frame["walk_m_gp"].iloc[1] == 2000.0
    assert row["snap_m"] == 1.23 and row["drive_snap_m"] == 1.23
    assert row["police_drive_min"] == 2.988  # minutes to the thousandth
    assert frame["patrol_detour_min"].iloc[1] == 1.235
    assert row["score"] == 66.667
    assert row["value_gp"] == 0.833 and row["points_gp"] == 16.667
    assert frame["walk_m_gp"].iloc[2] == INF  # inf survives rounding
    assert str(frame["rank"].dtype) == "Int64"
    assert list(frame["rank"]) == [1, 2, pd.NA]


def test_result_columns_reading_order() -> None:
    assert result_columns(ranked_table()) == [
        "rank", "plot_id", "name", "status", "score", "reasons", "walk_m_gp",
        "police_drive_min", "patrol_detour_min", "snap_m", "drive_snap_m", "nearest_gp",
        "value_gp", "points_gp", "component_nodes", "flag"]


def test_csv_has_lon_lat_and_inf(tmp_path: Path) -> None:
    path = write_result(result_frame(ranked_table(), plots_utm()), tmp_path / "r.csv")
    text = path.read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    assert header[-2:] == ["lon", "lat"]
    assert "geometry" not in header
    table = pd.read_csv(path).set_index("plot_id")
    square = plots_utm().to_crs("EPSG:4326").geometry.iloc[1].representative_point()
    assert table.at["Q", "lon"] == pytest.approx(square.x, abs=1e-7)
    assert table.at["Q", "lat"] == pytest.approx(square.y, abs=1e-7)
    assert pd.isna(table.at["R", "lon"]) and pd.isna(table.at["R", "lat"])
    assert table.at["R", "walk_m_gp"] == INF
    assert "\n,R,Uten sted,flagged,,missing coordinates,inf," in text  # rank empty, then inf


def test_gpkg_layer_and_values(tmp_path: Path) -> None:
    path = write_result(result_frame(ranked_table(), plots_utm()), tmp_path / "r.gpkg")
    assert [layer[0] for layer in pyogrio.list_layers(path)] == ["ranked_plots"]
    back = gpd.read_file(path, layer="ranked_plots")
    assert list(back["plot_id"]) == ["Q", "P", "R"]
    assert back["walk_m_gp"].iloc[2] == INF
    assert back["rank"].iloc[0] == 1 and pd.isna(back["rank"].iloc[2])
    assert back.crs == "EPSG:4326"


def test_geojson_writes_infinity_that_python_reads() -> None:
    data = result_bytes(result_frame(ranked_table(), plots_utm()), ".geojson")
    text = data.decode("utf-8")
    assert '"walk_m_gp": Infinity' in text
    assert '"name": "ranked_plots"' in text  # a fixed layer name: same input, same bytes
    doc = json.loads(text)
    props = [f["properties"] for f in doc["features"]]
    assert [p["plot_id"] for p in props] == ["Q", "P", "R"]
    assert props[2]["walk_m_gp"] == INF and props[2]["rank"] is None
    assert doc["features"][2]["geometry"] is None
    assert result_bytes(result_frame(ranked_table(), plots_utm()), ".geojson") == data


def test_unknown_format_is_refused_before_writing(tmp_path: Path) -> None:
    assert FORMATS == (".csv", ".xlsx", ".gpkg", ".geojson")
    assert result_format("Resultat.GPKG") == ".gpkg"
    with pytest.raises(InputError) as info:
        write_result(result_frame(ranked_table(), plots_utm()), tmp_path / "r.xls")
    assert str(info.value) == (
        "r.xls: unknown result format '.xls'. Use .csv, .xlsx, .gpkg or .geojson.")
    assert info.value.text("nb") == (
        "r.xls: ukjent resultatformat '.xls'. Bruk .csv, .xlsx, .gpkg eller .geojson.")
    assert not (tmp_path / "r.xls").exists()
    with pytest.raises(InputError, match=r"^resultat: unknown result format ''\."):
        result_format(tmp_path / "resultat")


def test_unwritable_path_is_an_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "r.csv"
    folder.mkdir()
    with pytest.raises(InputError) as info:
        write_result(result_frame(ranked_table(), plots_utm()), folder)
    assert str(info.value) == (
        f"r.csv: cannot be written (Is a directory: {folder}); choose a folder you can write "
        "to and a name that is not an open or read-only file.")
    assert info.value.text("nb").startswith("r.csv: kan ikke skrives (Is a directory: ")


def test_write_creates_missing_folders(tmp_path: Path) -> None:
    path = write_result(result_frame(ranked_table(), plots_utm()), tmp_path / "a" / "b" / "r.csv")
    assert path.is_file()
    assert len(pd.read_csv(io.StringIO(path.read_text(encoding="utf-8")))) == 3


FORMULAS = ["=HYPERLINK(\"http://127.0.0.1:9/?\"&A1,\"klikk\")", "=cmd|' /C calc'!A0",
            "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def test_csv_cells_that_would_be_formulas_get_an_apostrophe_numbers_stay() -> None:
    table = ranked_table()
    table["name"] = FORMULAS[:3]
    table["nearest_gp"] = FORMULAS[3:6]
    table["reasons"] = [FORMULAS[6], "ok = fine", ""]
    table["patrol_detour_min"] = [-1.5, 0.0, INF]  # a negative number stays a number
    data = result_bytes(result_frame(table, plots_utm()), ".csv")
    back = pd.read_csv(io.BytesIO(data), keep_default_na=False)
    assert back["name"].tolist() == ["'" + f for f in FORMULAS[:3]]
    assert back["nearest_gp"].tolist() == ["'" + f for f in FORMULAS[3:6]]
    assert back["reasons"].tolist() == ["'" + FORMULAS[6], "ok = fine", ""]
    assert back["patrol_detour_min"].tolist() == [-1.5, 0.0, INF]
    assert back["plot_id"].tolist() == ["Q", "P", "R"]
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert len(rows) == 4 and {len(r) for r in rows} == {len(back.columns)}  # CR stays inside
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert [c for c in cells if c.startswith("-")] == ["-1.5"]


# --- Excel ------------------------------------------------------------------------------------
def read_xlsx(data: bytes) -> tuple[list[list[object]], Any]:
    """The cell values of the first sheet, row by row, and the workbook."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()], book


def test_xlsx_has_norwegian_headers_numbers_and_words_for_unreachable() -> None:
    table = ranked_table()
    table.loc[0, "name"] = '=HYPERLINK("http://example.org","klikk")'  # user text, not a formula
    data = result_bytes(result_frame(table, plots_utm()), ".xlsx", default_config())
    rows, book = read_xlsx(data)
    assert book.sheetnames == ["Rangering", "Om tabellen"]
    assert rows[0] == [
        "Rangering", "Tomt", "Navn", "Status", "Poengsum (0–100)", "Begrunnelse",
        "Fastlege, gange (m)", "Fastlege, gange (m) – årsak", "Politi, kjøretid (min)",
        "Politi, kjøretid (min) – årsak", "Patrulje, omvei (min)", "Patrulje, omvei (min) – årsak",
        "Avstand til gangnettet (m)", "Avstand til kjørbar vei (m)", "Nærmeste: Fastlege",
        "Fastlege (0–1)", "Fastlege (poeng)", "Gatenettbit (noder)", "Flagget fordi",
        "Lengdegrad (°, WGS 84)", "Breddegrad (°, WGS 84)"]
    # rank order, numbers as numbers (rounded as the CSV), words where there is no number
    assert rows[1][:7] == [1, "Q", "Kvadrat", "oppfyller alle krav", 66.667, None, 123.46]
    assert rows[2][:7] == [2, "P", '=HYPERLINK("http://example.org","klikk")', "bryter et krav",
                           12.346, "GP: 2 000 m", 2000]
    assert rows[3][:12] == [
        "ikke rangert", "R", "Uten sted", "flagget, ikke vurdert", "ikke rangert",
        "missing coordinates", "ikke nåbar", "ingen legekontor kan nås til fots", "ikke nåbar",
        "ingen politistasjon kan nå tomten med bil", "ikke nåbar",
        "kan ikke nås med bil fra hovedvei"]
    assert rows[3][12:] == ["ikke målt", "ikke målt", None, "ikke målt", "ikke målt", 0,
                            "missing coordinates", "ingen plassering", "ingen plassering"]
    sheet = book.worksheets[0]
    assert sheet["C3"].data_type == "s"  # the name is text: Excel runs no formula
    assert (sheet["G2"].data_type, sheet["G2"].number_format) == ("n", "#,##0")
    assert (sheet["I2"].number_format, sheet["E2"].number_format) == ("0.0", "0.0")
    assert sheet.freeze_panes == "D2"
    assert sheet.auto_filter.ref == "A1:U4"
    about = [c.value for c in book["Om tabellen"]["A"]]
    assert about[1] == "Profil: Endring"
    assert about[2].endswith("Årsaken står i kolonnen «Flagget fordi».")  # its header
    # the weights and rules used: a forwarded table still says why a plot won
    assert about[3:5] == [
        "Vekter (0 teller ikke): Fastlege 3, Psykisk helsetjeneste 3, Rustjeneste 3, Buss 2, "
        "Dagligvarebutikk 2, Apotek 1, Politi 1, Patrulje 0,5, Skole/barnehage 0",
        "Krav (en tomt som bryter ett, rangeres etter dem som oppfyller alle): Politi høyst "
        "10 min; Buss høyst 500 m"]
    assert about[-1] == "Kartdata © OpenStreetMap-bidragsytere (ODbL)."


def test_xlsx_says_how_each_plot_was_placed_and_nothing_for_coordinates() -> None:
    plots = plots_utm().assign(address=["Gimseveien 12", "", "Gimseveien 30"],
                               parcel=["", "", ""], match=["Gimseveien 12, 7224 MELHUS", "", ""],
                               match_quality=["exact", "", ""])
    for lang, words in (("nb", ["eksakt", "ikke funnet"]),
                        ("en", ["exact", "not found"])):
        data = result_bytes(result_frame(ranked_table(), plots), ".xlsx",
                            default_config("recovery", lang))
        rows, _ = read_xlsx(data)
        column = rows[0].index("Adressetreff" if lang == "nb" else "Address match")
        # rank order Q (placed by coordinates), P (address found), R (address not found)
        assert [row[column] for row in rows[1:]] == [None, words[0], words[1]]  # None: empty cell


def test_xlsx_in_english_follows_the_config() -> None:
    data = result_bytes(result_frame(ranked_table(), plots_utm()), ".xlsx",
                        default_config("active-use", "en"))
    rows, book = read_xlsx(data)
    assert book.sheetnames == ["Ranking", "About"]
    assert rows[0][:8] == ["Rank", "Plot", "Name", "Status", "Score (0–100)", "Reasons",
                           "GP, walk (m)", "GP, walk (m) – reason"]
    assert rows[3][6:8] == ["unreachable", "no GP office reachable on foot"]
    about = [c.value for c in book["About"]["A"]]
    assert about[1] == "Profile: Active use"
    assert about[2].endswith("The reason is in the column 'Flagged because'.")
    assert about[3].startswith("Weights (0 does not count): GP ")


def test_xlsx_about_sheet_says_how_the_police_figures_are_made() -> None:
    # a police trial: the sheet said only "times are minutes by car"
    from siting.config import config_from_dict

    config = config_from_dict({"lang": "en", "police": {"dispatch_min": 2.5,
                                                        "exclude": ["w947693574"]}})
    _, book = read_xlsx(result_bytes(result_frame(ranked_table(), plots_utm()), ".xlsx",
                                     config))
    about = [c.value for c in book["About"]["A"]]
    police = next(line for line in about if line.startswith("Police: "))
    assert "the walk from there to the plot ('Distance to a drivable road (m)') is not " \
        "included" in police
    assert "Response time = dispatch delay 2.5 min + drive time." in police
    assert police.endswith("Stations: those in the column 'Police station'; switched on: –; "
                           "left out: w947693574.")
    plain = [c.value for c in read_xlsx(result_bytes(result_frame(
        ranked_table(), plots_utm()), ".xlsx", default_config()))[1]["Om tabellen"]["A"]]
    assert any(line.startswith("Politiet: kjøretid med bil") and "utrykningstid 0 min" in line
               and line.endswith("Stasjoner: stasjonene i kolonnen «Politistasjon».")
               for line in plain)


@pytest.mark.parametrize(("lang", "want"), [
    ("nb", "Krav (en tomt som bryter ett, rangeres etter dem som oppfyller alle): Politi høyst "
           "7,5 min; Buss høyst 1\u00a0234 m; Skole/barnehage minst 100 m"),
    ("en", "Rules (a plot that fails one is ranked after those that pass all): Police at most "
           "7.5 min; Bus at most 1,234 m; School/kindergarten at least 100 m"),
])
def test_xlsx_about_sheet_writes_each_rule_limit_in_the_language(lang: str, want: str) -> None:
    """The words of the report's rules table (tests/test_report.py), decimals and thousands
    as the language writes them."""
    config = default_config(lang=lang)
    config = dataclasses.replace(config, rules=[
        dataclasses.replace(r, value=v, enabled=True)
        for r, v in zip(config.rules, (7.5, 1234.0, 100.0), strict=True)])
    _, book = read_xlsx(result_bytes(result_frame(ranked_table(), plots_utm()), ".xlsx", config))
    assert [c.value for c in book.worksheets[1]["A"]][4] == want


def test_write_result_xlsx_from_the_demo(tmp_path: Path) -> None:
    plots = demo_plots()
    config = default_config()
    result = rank(load_study(), plots, None, config)
    write_result(result_frame(result.ranked, plots, config), tmp_path / "r.xlsx", config)
    rows, _ = read_xlsx((tmp_path / "r.xlsx").read_bytes())
    csv = pd.read_csv(io.BytesIO(result_bytes(result_frame(result.ranked, plots, config), ".csv")))
    assert [r[1] for r in rows[1:]] == list(csv["plot_id"])  # the same rank order
    gp = rows[0].index("Fastlege, gange (m)")
    assert [r[gp] for r in rows[1:]] == list(csv["walk_m_gp"])  # the same numbers


def test_xlsx_text_that_starts_like_a_formula_is_marked_text_and_numbers_stay_numbers() -> None:
    from openpyxl.cell.cell import Cell

    table = ranked_table()
    table["name"] = FORMULAS[:3]
    table["nearest_gp"] = FORMULAS[3:6]
    table["patrol_detour_min"] = [-1.5, 0.0, INF]
    data = result_bytes(result_frame(table, plots_utm()), ".xlsx", default_config())
    sheet = read_xlsx(data)[1].worksheets[0]
    cells: list[Cell] = [c for row in sheet.iter_rows() for c in row]
    texts = [c for c in cells if isinstance(c.value, str)]
    starts = [c for c in texts if c.value.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert {c.value for c in starts} >= set(FORMULAS[:6])
    assert all(c.data_type == "s" and c.quotePrefix for c in starts)  # Excel's apostrophe
    assert not [c for c in texts if c.quotePrefix and c not in starts]
    assert -1.5 in [c.value for c in cells if c.data_type == "n"]  # a number, not text


def test_public_table_as_csv_and_xlsx() -> None:
    from siting.public import public_frame

    result = rank(load_study(), demo_plots(), None, default_config())
    frame = public_frame(result.ranked, result.acc.plots, result.config,
                         result.acc.categories, "nb")
    rows, _ = read_xlsx(result_bytes(frame, ".xlsx", result.config))
    assert rows[0][:6] == ["Rangering", "Tomt", "Status", "Poengsum (0–100)", "Bryter krav",
                           "Fastlege, gange"]
    assert rows[1][:6] == [1, "Tomt 1", "oppfyller alle krav", 100, None, "under 250\u00a0m"]
    csv_rows = pd.read_csv(io.BytesIO(result_bytes(frame, ".csv")))
    assert csv_rows["plot"].tolist() == [r[1] for r in rows[1:]]


def test_public_xlsx_shows_whole_points_whole_internal_keeps_its_decimal() -> None:
    # a committee trial: the public score 78 showed as "78.0"
    from siting.public import public_frame

    result = rank(load_study(), demo_plots(), None, default_config())
    frame = public_frame(result.ranked, result.acc.plots, result.config,
                         result.acc.categories, "nb")
    sheet = openpyxl.load_workbook(io.BytesIO(result_bytes(frame, ".xlsx", result.config)))[
        "Rangering"]
    assert [(c.value, c.number_format) for c in sheet["D"][:3]] == [
        ("Poengsum (0–100)", "General"), (100, "0"), (76, "0")]
    internal = openpyxl.load_workbook(io.BytesIO(result_bytes(
        result_frame(result.ranked, demo_plots(), result.config), ".xlsx", result.config)))
    score = internal.worksheets[0]["E"]
    assert [(c.value, c.number_format) for c in score[:3]] == [
        ("Poengsum (0–100)", "General"), (100, "0.0"), (76.278, "0.0")]


def plots_with_own_columns() -> gpd.GeoDataFrame:
    """:func:`plots_utm` with an office's own columns, as :func:`siting.plots.read_plots`
    carries them: area (plain numbers, one with a thousands space), a code with a leading
    zero, notes (one starting like a formula) and a header equal to one of ours."""
    return plots_utm().assign(**{
        "own:Areal m²": ["1 200", "800,5", ""], "own:Sone": ["0301", "12", "7"],
        "own:Merknad": ['=HYPERLINK("x")', "Regulert til bolig", ""],
        "own:Status": ["kjøpt", "", "tilbud"]})


def test_own_columns_follow_the_name_in_csv_as_text_and_safe() -> None:
    frame = result_frame(ranked_table(), plots_with_own_columns())
    rows = list(csv.reader(io.StringIO(result_bytes(frame, ".csv").decode())))
    assert rows[0][:9] == ["rank", "plot_id", "name", "own:Areal m²", "own:Sone",
                           "own:Merknad", "own:Status", "status", "score"]
    assert [r[3:7] for r in rows[1:]] == [  # rank order Q, P, R; a formula is neutralised
        ["800,5", "12", "Regulert til bolig", ""],
        ["1 200", "0301", "'=HYPERLINK(\"x\")", "kjøpt"],
        ["", "7", "", "tilbud"]]


def test_own_columns_in_excel_numbers_where_all_are_numbers_and_headers_told_apart() -> None:
    data = result_bytes(result_frame(ranked_table(), plots_with_own_columns()), ".xlsx",
                        default_config())
    rows, book = read_xlsx(data)
    assert rows[0][1:8] == ["Tomt", "Navn", "Areal m²", "Sone", "Merknad",
                            "Status (fra tomtefilen)", "Status"]
    assert [r[3:7] for r in rows[1:]] == [
        [800.5, "12", "Regulert til bolig", None],  # "0301" keeps "Sone" text
        [1200.0, "0301", '=HYPERLINK("x")', "kjøpt"],
        [None, "7", None, "tilbud"]]
    merknad = book.worksheets[0].cell(row=3, column=6)
    assert merknad.data_type == "s" and merknad.quotePrefix  # text, and stays text
    from siting.excel import column_headers  # ours no longer reads like the office's own

    assert column_headers(["note"], default_config(), "nb") == {"note": "Merknad til tallene"}
    english = result_bytes(result_frame(ranked_table(), plots_with_own_columns()), ".xlsx",
                           default_config(lang="en"))
    assert read_xlsx(english)[0][0][6] == "Status (from the plots file)"


def test_own_columns_stay_out_of_the_public_table() -> None:
    from siting.public import public_frame

    plots = demo_plots().assign(**{"own:Eier": "Melhus kommune"})
    result = rank(load_study(), plots, None, default_config())
    frame = public_frame(result.ranked, result.acc.plots, result.config,
                         result.acc.categories, "nb")
    assert not [c for c in frame.columns if "own" in c or "Eier" in c]
    assert b"Melhus kommune" not in result_bytes(frame, ".csv")
    internal = result_frame(result.ranked, plots, result.config)
    assert set(internal["own:Eier"]) == {"Melhus kommune"}


def test_equal_scores_get_a_column_of_their_ranks_in_csv_and_excel() -> None:
    """P and Q score exactly the same: both rows name the ranks they share ("1–2"), the
    rank stays a number, the About sheet says how equal scores are ordered; a table
    without equal scores has no such column (the one above)."""
    table = ranked_table().assign(score=[66.6666666, 66.6666666, np.nan],
                                  status=["ok", "ok", "flagged"], reasons=["", "", "x"])
    assert "tied_ranks" not in result_frame(table.assign(status=ranked_table()["status"]),
                                            plots_utm())  # one fails a rule: no tie
    frame = result_frame(table, plots_utm())
    assert list(frame.columns[4:7]) == ["score", "tied_ranks", "reasons"]
    assert frame["tied_ranks"].tolist() == ["1–2", "1–2", ""]
    assert list(frame["rank"]) == [1, 2, pd.NA]
    assert "tied_ranks" not in result_frame(ranked_table(), plots_utm())
    assert "tied_ranks" not in result_frame(table, plots_utm(), exact=True)  # a scenario's
    rows, book = read_xlsx(result_bytes(frame, ".xlsx", default_config(lang="en")))
    assert rows[0][3:6] == ["Status", "Score (0–100)", "Same score as ranks"]
    assert [r[:6] for r in rows[1:3]] == [[1, "Q", "Kvadrat", "passes all rules", 66.667,
                                           "1–2"],
                                          [2, "P", "Punkt", "passes all rules", 66.667,
                                           "1–2"]]
    about = [c.value for c in book["About"]["A"]]
    assert about[-2] == (
        "The column 'Same score as ranks' gives the ranks of plots with exactly equal scores. "
        "They are ordered by the sum of their values (0–1) on all criteria, those weighted 0 "
        "included, highest first, then by plot id.")
