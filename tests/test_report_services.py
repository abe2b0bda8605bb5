"""The report's service parts: thin categories on the summary and data pages, and the
user's exclusions on the data page (by name internally, by count in the public version)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from siting.config import config_from_dict
from siting.demo import demo_plots
from siting.pipeline import load_study, rank
from siting.report.pdf import report_pdf


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    src = tmp_path / "r.pdf"
    src.write_bytes(pdf)
    out = subprocess.run([tool, "-enc", "UTF-8", str(src), "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    return [" ".join(page.split()) for page in out.split("\f")]


@pytest.fixture(scope="module")
def excluded():
    config = config_from_dict({"services": {"exclude": ["mental_health:n3"]}})
    return rank(load_study(), demo_plots(), None, config)


def test_thin_categories_and_exclusions_in_the_report(excluded, tmp_path: Path) -> None:
    pages = _pages(report_pdf(excluded, meta={"title": "Prøve"}), tmp_path)
    summary = pages[0]
    assert "Tynt grunnlag for noen tjenester" in summary
    assert "Psykisk helsetjeneste: ingen tjeneste i studieområdet" in summary
    data = next(p for p in pages if "Tjenester brukeren har slått av eller på" in p)
    assert "Psykisk helse Demoby (demo) (Psykisk helsetjeneste, n3): slått av" in data
    assert "Tynt grunnlag for noen tjenester" in data


def test_public_report_counts_instead_of_naming(excluded, tmp_path: Path) -> None:
    pages = _pages(report_pdf(excluded, meta={"title": "Prøve"}, public=True), tmp_path)
    text = " ".join(pages)
    assert "Psykisk helse Demoby" not in text
    assert "Rus- og tiltakstjenesten (demo)" not in text  # thin texts leave names out
    assert "Psykisk helsetjeneste: 1 slått av" in text


def _with_police_left_out(result, n: int):
    """``result`` with ``n`` more police objects in its services, each left out."""
    import dataclasses

    import pandas as pd

    svc = result.services
    station = svc[svc["category"] == "police"].iloc[[0] * n].copy()
    station["use"], station["use_why"] = False, "by_user_out"
    station["ref"] = [f"n{900 + i}" for i in range(n)]
    return dataclasses.replace(result, services=pd.concat([svc, station], ignore_index=True))


def test_public_report_counts_police_in_singular_and_plural(excluded, tmp_path: Path) -> None:
    # a committee trial: "counted from 2 station(s); 1 police object(s) ... were left out"
    en = " ".join(_pages(report_pdf(_with_police_left_out(excluded, 1), public=True, lang="en",
                                    meta={"title": "Trial"}), tmp_path))
    assert ("Police drive time is counted from 1 station; 1 police object in the map data was "
            "left out. The internal version names them.") in en
    nb = " ".join(_pages(report_pdf(_with_police_left_out(excluded, 2), public=True,
                                    meta={"title": "Prøve"}), tmp_path))
    assert ("Politiets kjøretid er regnet fra 1 stasjon; 2 politiobjekter i kartdataene er "
            "utelatt. Navnene står i den interne versjonen.") in nb
