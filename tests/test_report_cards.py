"""Report cards of plots given by address or gnr/bnr name them so (the estate department
names plots by address); the public version does not."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

from siting.config import default_config
from siting.demo import demo_plots
from siting.pipeline import Result, load_study, rank
from siting.report.pdf import report_pdf

GIVEN = {  # as siting.locate leaves them (positions in the demo's plot table: A, B, C)
    0: ("Storgata 13", "", "Storgata 13A, 0184 OSLO", "letter"),
    1: ("", "207/33", "Pilestredet 57, 0167 OSLO", "parcel"),
    2: ("Pilestrede 57", "", "", ""),  # not found
}


@pytest.fixture(scope="module")
def result() -> Result:
    base = rank(load_study(), demo_plots(), None, default_config())
    plots = base.acc.plots.copy()
    for column, k in (("address", 0), ("parcel", 1), ("match", 2), ("match_quality", 3)):
        plots[column] = [GIVEN.get(i, ("",) * 4)[k] for i in range(len(plots))]
    return dataclasses.replace(base, acc=dataclasses.replace(base.acc, plots=plots))


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    src = tmp_path / "r.pdf"
    src.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(src), "-"], check=True,
                         capture_output=True).stdout.decode("utf-8")
    return [" ".join(page.split()) for page in out.split("\f")]


@pytest.mark.parametrize(("lang", "lines"), [
    ("nb", {"Tomt A": "Oppgitt adresse: Storgata 13 · funnet: Storgata 13A, 0184 OSLO "
                      "(annen husbokstav)",
            "Tomt B": "Oppgitt gnr/bnr: 207/33 · funnet: Pilestredet 57, 0167 OSLO (gnr/bnr)",
            "Tomt C": "Oppgitt adresse: Pilestrede 57 · ikke funnet"}),
    ("en", {"Tomt A": "Address given: Storgata 13 · used: Storgata 13A, 0184 OSLO "
                      "(other house letter)",
            "Tomt B": "Gnr/bnr given: 207/33 · used: Pilestredet 57, 0167 OSLO (gnr/bnr)",
            "Tomt C": "Address given: Pilestrede 57 · not found"})])
def test_card_of_a_plot_given_by_address_names_it(result, lang, lines, tmp_path) -> None:
    pages = _pages(report_pdf(result, lang=lang), tmp_path)
    for plot, line in lines.items():
        [card] = [p for p in pages if p.startswith(("Nr. ", "No. ")) and f": {plot}" in p[:20]]
        assert line in card, plot
    [card] = [p for p in pages if p.startswith(("Nr. ", "No. ")) and ": Tomt D" in p[:20]]
    assert "Oppgitt" not in card and "given:" not in card  # given by coordinates: no line
    public = " ".join(_pages(report_pdf(result, lang=lang, public=True), tmp_path))
    assert "Storgata" not in public and "Pilestred" not in public and "207/33" not in public


NOT_ASSESSED = {  # (card head, its rules line) of F and G; internal, then public
    ("nb", False): [("Nr. 6: Byttet om", "Ikke vurdert: utenfor kartområdet (se merknaden)."),
                    ("Nr. 7: Ukjent adresse",
                     "Ikke vurdert: adressen ble ikke funnet (se merknaden).")],
    ("en", False): [("No. 6: Byttet om", "Not assessed: outside the map area (see the note)."),
                    ("No. 7: Ukjent adresse", "Not assessed: address not found (see the note).")],
    ("nb", True): [("Tomt 6", "Ikke vurdert: utenfor kartområdet."),
                   ("Tomt 7", "Ikke vurdert: adressen ble ikke funnet.")],
    ("en", True): [("Plot 6", "Not assessed: outside the map area."),
                   ("Plot 7", "Not assessed: address not found.")],
}


@pytest.mark.parametrize(("lang", "public"), list(NOT_ASSESSED))
def test_card_of_a_plot_not_measured_says_why(astray, lang, public, tmp_path) -> None:
    """A user trial: the card of a plot whose address was not found said "no place on the
    street network"; the public card of a swapped row pointed to a note it does not have."""
    pages = _pages(report_pdf(astray, lang=lang, public=public), tmp_path)
    for head, line in NOT_ASSESSED[lang, public]:
        [card] = [p for p in pages if p.startswith(f"{head} ")]
        assert line in card, head
        assert ("street network" not in card) and ("gatenettet" not in card)
    text = " ".join(pages)
    if public:  # the summary gives the reason, and no card points to a note
        assert "merknaden" not in text and "the note" not in text
        summary = {"nb": "Tomt 6 (flagget, ikke vurdert): utenfor kartområdet Tomt 7 (flagget, "
                         "ikke vurdert): adressen ble ikke funnet",
                   "en": "Plot 6 (flagged, not assessed): outside the map area Plot 7 (flagged, "
                         "not assessed): address not found"}
        assert summary[lang] in pages[0].replace("• ", "")
