"""A nearest service that OpenStreetMap gives no name (195 of 538 bus stops in central Oslo)
is called so on the report card, in Excel and on the map; never a blank cell."""

from __future__ import annotations

import dataclasses
import io
import subprocess
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from siting.config import default_config
from siting.demo import demo_plots
from siting.export import result_bytes, result_frame
from siting.pipeline import Result, load_study, rank
from siting.report.pdf import report_pdf
from siting.webmap.map import _t as map_texts
from siting.webmap.plots import _popup_html


@pytest.fixture(scope="module")
def unnamed() -> Result:
    """The demo with 'Holdeplass 2 (demo)' (n11, nearest bus of plots A and B) unnamed."""
    study = load_study()
    features = study.osm.features.copy()
    stop = features["osm_id"] == "n11"
    features.loc[stop, "name"] = ""
    features.loc[stop, "tags"] = [{"highway": "bus_stop"}]
    osm = dataclasses.replace(study.osm, features=features)
    return rank(dataclasses.replace(study, osm=osm), demo_plots(), None, default_config())


def _lines(pdf: bytes, tmp_path: Path, page: int) -> list[str]:
    src = tmp_path / "r.pdf"
    src.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", "-f", str(page), "-l",
                          str(page), str(src), "-"], check=True, capture_output=True)
    return [" ".join(line.split()) for line in out.stdout.decode("utf-8").splitlines()]


def test_the_analysis_reached_the_unnamed_stop(unnamed) -> None:
    by_id = unnamed.ranked.set_index("plot_id")
    assert by_id.loc["A", "nearest_bus"] == "" and round(by_id.loc["A", "walk_m_bus"]) == 183
    assert by_id.loc["C", "nearest_bus"] == "Holdeplass 4 (demo)"


@pytest.mark.parametrize(("lang", "line"), [
    ("nb", "Buss 180 m ≈ 2 min uten navn i OpenStreetMap"),
    ("en", "Bus 180 m ≈ 2 min unnamed in OpenStreetMap")])
def test_report_card_names_the_unnamed_stop_so(unnamed, lang, line, tmp_path) -> None:
    pdf = report_pdf(unnamed, lang=lang)
    assert line in _lines(pdf, tmp_path, 4)  # page 4: the card of plot A (nr. 1)
    public = "\n".join(_lines(report_pdf(unnamed, lang=lang, public=True), tmp_path, 4))
    assert "OpenStreetMap" not in public.split("Politi")[0]  # the public card names no service


@pytest.mark.parametrize(("lang", "text"), [("nb", "uten navn i OpenStreetMap"),
                                            ("en", "unnamed in OpenStreetMap")])
def test_excel_names_the_unnamed_stop_so(unnamed, lang, text) -> None:
    config = dataclasses.replace(unnamed.config, lang=lang)
    data = result_bytes(result_frame(unnamed.ranked, unnamed.acc.plots, config), ".xlsx", config)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    col = rows[0].index({"nb": "Nærmeste: Bussholdeplass", "en": "Nearest: Bus stop"}[lang])
    assert [r[col] for r in rows[1:]] == [text, "Holdeplass 4 (demo)", text,
                                          "Holdeplass 3 (demo)", "Holdeplass 4 (demo)"]
    csv = result_bytes(result_frame(unnamed.ranked, unnamed.acc.plots, config), ".csv", config)
    assert b"OpenStreetMap" not in csv  # the machine format keeps the name as it is: empty


def test_map_popup_names_the_unnamed_stop_so(unnamed) -> None:
    html = _popup_html(unnamed.ranked.iloc[0], map_texts("nb"), "nb", {"bus": "Buss"})
    assert "<th>Buss</th><td>183\u00a0m</td><td>uten navn i OpenStreetMap</td>" in html


def test_map_popup_of_a_plot_not_measured_says_so_not_none_within_reach() -> None:
    # a police trial: a flagged island plot's popup read "ingen innen rekkevidde" for every
    # service and "– min" for the police, as if measured and nothing found
    row = pd.Series({"plot_id": "P04", "name": "Kavringen", "status": "flagged",
                     "flag": "utenfor området", "score": np.nan, "rank": pd.NA,
                     "walk_m_bus": np.nan, "nearest_bus": "", "police_drive_min": np.nan,
                     "police_response_min": np.nan, "patrol_detour_min": np.nan})
    html = _popup_html(row, map_texts("nb"), "nb", {"bus": "Buss"})
    assert "ingen innen rekkevidde" not in html and "– min" not in html
    assert html.count("<td>ikke målt</td>") == 3  # bus, police, patrol
    far = pd.Series({**row.to_dict(), "status": "ok", "walk_m_bus": np.inf,
                     "police_drive_min": np.inf, "police_response_min": np.inf,
                     "patrol_detour_min": 0.5})
    html = _popup_html(far, map_texts("en"), "en", {"bus": "Bus"})
    assert "<td>none within reach</td>" in html and "<td>not reachable</td>" in html
    assert "<td>0.5 min</td>" in html
