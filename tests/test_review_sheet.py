"""The service review in Excel is for people: headers and values in the run's language
(the CSV stays the machine format, with English names and codes)."""

from __future__ import annotations

import dataclasses
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from siting.config import default_config
from siting.pipeline import load_study, review_for
from siting.review_io import review_bytes


@pytest.fixture(scope="module", params=["nb", "en"])
def review(request):
    """The demo's review with bus stop n11 unnamed, in bokmål and English."""
    study = load_study()
    features = study.osm.features.copy()
    features.loc[features["osm_id"] == "n11", "name"] = ""
    study = dataclasses.replace(study, osm=dataclasses.replace(study.osm, features=features))
    return request.param, review_for(study, default_config(lang=request.param))


HEADS = {"nb": ("Kategori", "Navn", "Referanse", "Kilde", "Adresse", "Taggene som passet",
                "Teller", "Hvorfor", "Merknad", "Lengdegrad (°, WGS 84)",
                "Breddegrad (°, WGS 84)"),
         "en": ("Category", "Name", "Reference", "Source", "Address", "Tags that matched",
                "Counted", "Why", "Note", "Longitude (°, WGS 84)", "Latitude (°, WGS 84)")}
STOP = {"nb": ("Bussholdeplass", "uten navn i OpenStreetMap", "n11", "OpenStreetMap", "",
               "highway=bus_stop", "ja", "teller: OSM-taggene hører til kategorien", ""),
        "en": ("Bus stop", "unnamed in OpenStreetMap", "n11", "OpenStreetMap", "",
               "highway=bus_stop", "yes", "counted: its OSM tags are this category's", "")}


def test_excel_review_reads_in_the_runs_language(review) -> None:
    lang, frame = review
    book = load_workbook(io.BytesIO(review_bytes(frame, ".xlsx", lang)))
    sheet = book.worksheets[0]
    assert sheet.title == {"nb": "Tjenester", "en": "Services"}[lang]
    rows = [tuple("" if v is None else v for v in r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADS[lang]
    stop = next(r for r in rows if r[2] == "n11")
    assert stop[:9] == STOP[lang]
    assert {r[6] for r in rows[1:]} == {"ja" if lang == "nb" else "yes"}


def test_csv_review_stays_the_machine_format(review) -> None:
    lang, frame = review
    table = pd.read_csv(io.BytesIO(review_bytes(frame, ".csv", lang)), keep_default_na=False)
    assert list(table.columns)[:9] == ["category", "name", "ref", "source", "address",
                                       "matched_tags", "included", "why", "flags"]
    stop = table[table["ref"] == "n11"].iloc[0]
    assert (stop["category"], stop["name"], stop["source"], stop["included"]) == (
        "bus", "", "osm", True)
