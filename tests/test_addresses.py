"""Address points and the offline lookup: :mod:`siting.addresses`, :mod:`siting.geocode`,
:mod:`siting.locate`.

Kartverket's address file is written by the tests into ``tmp_path`` in its exact format
(``;``-separated, its 46-column header, EPSG-kode per row, access points). The OSM side
is checked on the real central-Oslo extract against an independent osmium count.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import osmium
import pandas as pd
import pyproj
import pytest
import shapely

from siting.addresses import addresses_from_file, parse_housenumber, read_address_file
from siting.errors import InputError
from siting.geocode import AddressBook, parse_query, street_key
from siting.locate import locate_plots, parse_parcel
from siting.plots import read_plots
from siting.text.render import problem_text

#: Kartverket's header of matrikkelenVegadresse.csv (Geonorge, "Matrikkelen - Adresse").
KV_HEADER = (
    "lokalid;kommunenummer;kommunenavn;adressetype;adressetilleggsnavn;"
    "adressetilleggsnavnKilde;adressekode;adressenavn;nummer;bokstav;gardsnummer;bruksnummer;"
    "festenummer;undernummer;adresseTekst;adresseTekstUtenAdressetilleggsnavn;EPSG-kode;Nord;Øst;"
    "postnummer;poststed;grunnkretsnummer;grunnkretsnavn;soknenummer;soknenavn;"
    "organisasjonsnummer;tettstednummer;tettstednavn;valgkretsnummer;valgkretsnavn;"
    "oppdateringsdato;datauttaksdato;adresseId;uuidAdresse;atkomstId;uuidAtkomst;atkomstNord;"
    "atkomstØst;sommeratkomstId;uuidSommeratkomst;sommeratkomstNord;sommeratkomstØst;"
    "vinteratkomstId;uuidVinteratkomst;vinteratkomstNord;vinteratkomstØst")
COLUMNS = KV_HEADER.split(";")
#: Melhus (5028), EPSG:25832 metres: (adressenavn, nummer, bokstav, gnr, bnr, fnr, Nord, Øst,
#: atkomstNord, atkomstØst, postnummer, poststed)
MELHUS = [
    ("Gimseveien", "12", "", "21", "5", "0", 7018000.0, 569000.0, 7018010.0, 569020.0,
     "7224", "MELHUS"),
    ("Gimseveien", "14", "", "21", "6", "0", 7018100.0, 569000.0, "", "", "7224", "MELHUS"),
    ("Gimseveien", "14", "B", "21", "6", "0", 7018120.0, 569000.0, "", "", "7224", "MELHUS"),
    ("Gimseveien", "16", "", "21", "7", "0", 7018200.0, 569000.0, "", "", "7224", "MELHUS"),
    ("Gimseveien", "18", "", "21", "7", "0", 7018210.0, 569010.0, "", "", "7224", "MELHUS"),
    ("Kirkeveien", "3", "", "22", "1", "2", 7018500.0, 569500.0, "", "", "7224", "MELHUS"),
    ("Øvre Melhus gate", "1", "A", "23", "40", "0", 7019000.0, 570000.0, "", "", "7224",
     "MELHUS"),
]


def kartverket_csv(path: Path, rows: list[tuple], kommune: str = "5028", epsg: str = "25832",
                   encoding: str = "utf-8") -> Path:
    """Write ``rows`` as Kartverket's address file (every column of the real header)."""
    lines = [KV_HEADER]
    for k, (street, num, letter, gnr, bnr, fnr, north, east, a_north, a_east, post, city) in \
            enumerate(rows):
        row = dict.fromkeys(COLUMNS, "")
        row.update({
            "lokalid": str(1000 + k), "kommunenummer": kommune, "kommunenavn": "MELHUS",
            "adressetype": "vegadresse", "adressekode": "1200", "adressenavn": street,
            "nummer": num, "bokstav": letter, "gardsnummer": gnr, "bruksnummer": bnr,
            "festenummer": fnr, "undernummer": "", "adresseTekst": f"{street} {num}{letter}",
            "EPSG-kode": epsg, "Nord": str(north), "Øst": str(east), "postnummer": post,
            "poststed": city, "atkomstNord": str(a_north), "atkomstØst": str(a_east),
            "oppdateringsdato": "24.03.2025 10:11:12"})
        lines.append(";".join(row[c] for c in COLUMNS))
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def lonlat(east: float, north: float, epsg: str = "25832") -> tuple[float, float]:
    to = pyproj.Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)
    x, y = to.transform(east, north)
    return float(x), float(y)


@pytest.fixture
def melhus(tmp_path: Path) -> pd.DataFrame:
    return read_address_file(kartverket_csv(tmp_path / "matrikkelenVegadresse.csv", MELHUS))


@pytest.fixture
def book(melhus: pd.DataFrame) -> AddressBook:
    return AddressBook(melhus)


# --------------------------------------------------------------------------- reading
def test_housenumbers() -> None:
    assert parse_housenumber("13A") == (13, "A")
    assert parse_housenumber(" 13 b ") == (13, "B")
    assert parse_housenumber("13-15") == (13, "")
    assert parse_housenumber("7") == (7, "")
    assert parse_housenumber("A") is None
    assert parse_housenumber("") is None


def test_kartverket_file_prefers_the_access_point(melhus: pd.DataFrame) -> None:
    assert len(melhus) == len(MELHUS)
    first = melhus.iloc[0]
    assert (first["street"], first["number"], first["letter"]) == ("Gimseveien", 12, "")
    assert (first["gnr"], first["bnr"], first["fnr"], first["kommune"]) == (21, 5, 0, "5028")
    assert (first["postcode"], first["city"], first["source"]) == ("7224", "MELHUS", "kartverket")
    # atkomstNord/atkomstØst (where the road meets the plot), not the address point
    assert first["point"] == "access"
    assert (first["lon"], first["lat"]) == pytest.approx(lonlat(569020.0, 7018010.0), abs=1e-9)
    second = melhus.iloc[1]  # no access point given: the address point
    assert second["point"] == "address"
    assert (second["lon"], second["lat"]) == pytest.approx(lonlat(569000.0, 7018100.0), abs=1e-9)
    assert melhus.iloc[2]["letter"] == "B"


def test_kartverket_file_each_row_in_its_own_crs(tmp_path: Path) -> None:
    rows = [MELHUS[1]]
    one = read_address_file(kartverket_csv(tmp_path / "a.csv", rows, epsg="25832"))
    east, north = pyproj.Transformer.from_crs("EPSG:25832", "EPSG:25833", always_xy=True
                                              ).transform(569000.0, 7018100.0)
    moved = [(*rows[0][:6], north, east, *rows[0][8:])]
    other = read_address_file(kartverket_csv(tmp_path / "b.csv", moved, epsg="25833",
                                             encoding="cp1252"))
    assert (other.iloc[0]["lon"], other.iloc[0]["lat"]) == pytest.approx(
        (one.iloc[0]["lon"], one.iloc[0]["lat"]), abs=1e-9)


def test_kartverket_file_errors_name_the_file_and_the_fix(tmp_path: Path) -> None:
    bad = tmp_path / "adresser.csv"
    bad.write_text("adresse;nord;øst\nStorgata 1;1;2\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_address_file(bad)
    assert str(info.value) == (
        "adresser.csv: not Kartverket's address file: the columns adressenavn, nummer, EPSG-kode, "
        "gardsnummer, bruksnummer are missing; download 'Matrikkelen - Adresse' as CSV for the "
        "municipality from Geonorge (matrikkelenVegadresse.csv) and give that file.")
    assert info.value.text("nb") == (
        "adresser.csv: ikke Kartverkets adressefil: kolonnene adressenavn, nummer, EPSG-kode, "
        "gardsnummer, bruksnummer mangler; last ned «Matrikkelen - Adresse» som CSV for kommunen "
        "fra Geonorge (matrikkelenVegadresse.csv) og oppgi den fila.")
    with pytest.raises(InputError, match=r"^x\.csv: unknown EPSG-kode '99999'"):
        read_address_file(kartverket_csv(tmp_path / "x.csv", MELHUS[:1], epsg="99999"))
    empty = tmp_path / "tom.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match=r"^tom\.csv: the file is empty;"):
        read_address_file(empty)


def test_osm_address_points_of_central_oslo(oslo_pbf: Path) -> None:
    found = addresses_from_file(oslo_pbf)
    # independently: every node or way with addr:street and a plain house number
    want = set()
    for obj in osmium.FileProcessor(str(oslo_pbf)).with_filter(
            osmium.filter.KeyFilter("addr:housenumber")):
        tags = dict(obj.tags)
        number = parse_housenumber(tags["addr:housenumber"])
        if "addr:street" in tags and number is not None:
            want.add((tags["addr:street"], *number, tags.get("addr:postcode", "")))
    assert 13_000 < len(found) == len(want)  # about 13,000, as the field notes say
    assert set(zip(found["street"], found["number"], found["letter"], found["postcode"],
                   strict=True)) == want
    assert found["lon"].between(10.70, 10.80).all() and found["lat"].between(59.89, 59.95).all()


# --------------------------------------------------------------------------- matching
def test_street_keys_join_spellings() -> None:
    same = ["Karl Johans gate", "karl johans gt.", "Karl Johansgt", "KARL  JOHANS GATE",
            "Karl Johans gata"]
    assert {street_key(s) for s in same} == {"karljohansgate"}
    assert {street_key(s) for s in ("Ullevålsveien", "Ullevålsvn.", "Ullevaalsveien",
                                    "Ullevålsvegen", "ullevålsv.")} == {"ullevalsvei"}
    assert street_key("Storgata") != street_key("Storveien")


def test_query_parts() -> None:
    q = parse_query("Storgata 13 a, 0155 Oslo")
    assert (q.street, q.number, q.letter, q.postcode, q.city) == ("Storgata", 13, "A", "0155",
                                                                  "Oslo")
    q = parse_query("Pilestredet 57 0350 Oslo")
    assert (q.street, q.number, q.postcode, q.city) == ("Pilestredet", 57, "0350", "Oslo")
    q = parse_query("Storgata", postcode="0155")
    assert (q.street, q.number, q.postcode) == ("Storgata", None, "0155")


def test_tolerant_matches_say_how_they_matched(book: AddressBook) -> None:
    g12 = lonlat(569020.0, 7018010.0)
    for text in ("Gimseveien 12", "Gimseveien 12, 7224 Melhus"):
        m = book.find(text)
        assert (m.quality, m.label) == ("exact", "Gimseveien 12, 7224 MELHUS")
        assert (m.lon, m.lat) == pytest.approx(g12, abs=1e-9)
    assert book.find("gimsevn. 12").quality == "variant"
    assert book.find("GIMSEVEGEN 12").quality == "variant"
    assert book.find("Ovre Melhus gt. 1a").label == "Øvre Melhus gate 1A, 7224 MELHUS"
    # house letters: 14b is there; 12B is not (12 is); 1 is not (only 1A)
    assert (book.find("Gimseveien 14b").quality, book.find("Gimseveien 14b").label) == (
        "exact", "Gimseveien 14B, 7224 MELHUS")
    assert (book.find("Gimseveien 12B").quality, book.find("Gimseveien 12B").label) == (
        "letter", "Gimseveien 12, 7224 MELHUS")
    assert book.find("Øvre Melhus gate 1").label == "Øvre Melhus gate 1A, 7224 MELHUS"
    # no house number: the address nearest the middle (median) of the street's five
    street = book.find("Gimseveien")
    assert (street.quality, street.label, street.count) == ("street", "Gimseveien 14B, 7224 "
                                                            "MELHUS", 5)
    # a postcode that fits nothing is named, and the match made without it
    wrong = book.find("Gimseveien 12", postcode="7000")
    assert (wrong.quality, wrong.ignored) == ("exact", "7000")


def test_not_found_gives_three_suggestions(book: AddressBook) -> None:
    m = book.find("Gimseveien 30")
    assert not m.found and m.reason == "not_found" and math.isnan(m.lon)
    assert m.suggestions == ("Gimseveien 18, 7224 MELHUS", "Gimseveien 16, 7224 MELHUS",
                             "Gimseveien 14, 7224 MELHUS")
    typo = book.find("Gimsvegen 12")
    assert typo.suggestions[0] == "Gimseveien 12, 7224 MELHUS"
    assert len(typo.suggestions) == 3


def test_same_address_far_apart_is_ambiguous(melhus: pd.DataFrame) -> None:
    other = melhus.iloc[[0]].assign(postcode="7080", city="HEIMDAL", lon=10.35, lat=63.35)
    book = AddressBook(melhus, other)
    m = book.find("Gimseveien 12")
    assert (m.found, m.reason) == (False, "ambiguous")
    assert m.suggestions == ("Gimseveien 12, 7224 MELHUS", "Gimseveien 12, 7080 HEIMDAL")
    assert book.find("Gimseveien 12, 7080").label == "Gimseveien 12, 7080 HEIMDAL"


def test_parcels(book: AddressBook, melhus: pd.DataFrame) -> None:
    one = book.find_parcel(21, 5)
    assert (one.quality, one.label, one.given) == ("parcel", "Gimseveien 12, 7224 MELHUS", "21/5")
    several = book.find_parcel(21, 7)
    assert (several.quality, several.count, several.label) == (
        "parcels", 2, "Gimseveien 16, 7224 MELHUS")
    assert book.find_parcel(22, 1, 2).label == "Kirkeveien 3, 7224 MELHUS"
    assert book.find_parcel(22, 1).label == "Kirkeveien 3, 7224 MELHUS"  # only the feste has one
    missing = book.find_parcel(21, 9)
    assert (missing.found, missing.suggestions) == (
        False, ("21/7 (Gimseveien 16)", "21/6 (Gimseveien 14)", "21/5 (Gimseveien 12)"))
    two = AddressBook(melhus, melhus.iloc[[0]].assign(kommune="5001", postcode="7010",
                                                      lon=10.4, lat=63.4))
    assert two.find_parcel(21, 5).reason == "ambiguous"
    assert two.find_parcel(21, 5, kommune="5001").lon == 10.4


def test_parcel_text() -> None:
    assert parse_parcel("21/5") == ("", 21, 5, 0, 0)
    assert parse_parcel("5028-21/5/2/3") == ("5028", 21, 5, 2, 3)
    assert parse_parcel("gnr. 21, bnr. 5") == ("", 21, 5, 0, 0)
    assert parse_parcel("Gårdsnummer 21 bruksnummer 5 festenummer 1") == ("", 21, 5, 1, 0)
    assert parse_parcel("tomt ved kirka") is None


# --------------------------------------------------------------------------- plots
PLOTS = ("tomt;navn;adresse;postnummer;poststed;gnr;bnr\n"
         "T1;Ved skolen;Gimseveien 12;7224;Melhus;;\n"
         "T2;Gammel adresse;Gimseveien 30;;;;\n"
         "T3;Bare gnr;;;;21;7\n"
         "T4;Uten noe;;;;;\n"
         "T5;Bokstav;Gimseveien 12 C;;;;\n")


def test_plots_by_address_and_parcel(tmp_path: Path, book: AddressBook) -> None:
    plots = read_plots(PLOTS.encode(), filename="tomter.csv")
    assert list(plots["address"]) == ["Gimseveien 12, 7224 Melhus", "Gimseveien 30", "", "",
                                      "Gimseveien 12 C"]
    assert list(plots["parcel"]) == ["", "", "21/7", "", ""]
    assert plots.geometry.isna().all()
    located = locate_plots(plots, book, name="tomter.csv")
    assert len(located) == 5  # never dropped
    assert list(located["match_quality"]) == ["exact", "", "parcels", "", "letter"]
    assert list(located["match"]) == ["Gimseveien 12, 7224 MELHUS", "",
                                      "Gimseveien 16, 7224 MELHUS", "",
                                      "Gimseveien 12, 7224 MELHUS"]
    assert located.geometry.iat[0].equals_exact(shapely.Point(lonlat(569020.0, 7018010.0)), 1e-9)
    assert located.geometry.iat[1] is None and located.geometry.iat[3] is None
    problems = list(located["problem"])
    assert problems[0] == ""
    assert problems[1] == (
        "address “Gimseveien 30” not found; nearest: “Gimseveien 18, 7224 MELHUS”, “Gimseveien "
        "16, 7224 MELHUS”, “Gimseveien 14, 7224 MELHUS”")
    assert problem_text(problems[1], "nb") == (
        "fant ikke adressen «Gimseveien 30»; nærmeste: «Gimseveien 18, 7224 MELHUS», "
        "«Gimseveien 16, 7224 MELHUS», «Gimseveien 14, 7224 MELHUS»")
    assert problem_text(problems[2], "nb") == (
        "gnr/bnr 21/7 har 2 adresser: plassert ved den første, Gimseveien 16, 7224 MELHUS")
    assert problem_text(problems[3], "nb") == "mangler både koordinater og adresse"
    assert problem_text(problems[4], "nb") == (
        "adressen «Gimseveien 12 C» finnes ikke i dataene; plassert ved Gimseveien 12, 7224 "
        "MELHUS")


def test_parcels_without_the_address_file_are_refused(book: AddressBook) -> None:
    plots = read_plots(b"tomt;gnr/bnr\nA;21/5\nB;21/7\n", filename="gnr.csv")
    osm_only = AddressBook(book.table.assign(gnr=0, bnr=0, fnr=0).drop(columns="key"))
    with pytest.raises(InputError) as info:
        locate_plots(plots, osm_only, name="gnr.csv")
    assert str(info.value) == (
        "gnr.csv: rows 1, 2 give gnr/bnr but no address file was given; download 'Matrikkelen - "
        "Adresse' as CSV for the municipality from Geonorge and give matrikkelenVegadresse.csv "
        "(command line: --addresses; app: the address file field under Plots), or give "
        "coordinates.")
    located = locate_plots(plots, book, name="gnr.csv")
    assert list(located["match"]) == ["Gimseveien 12, 7224 MELHUS", "Gimseveien 16, 7224 MELHUS"]


def test_coordinates_win_over_the_address(book: AddressBook) -> None:
    plots = read_plots(b"tomt;lat;lon;adresse\nA;63,29;10,28;Gimseveien 12\nB;;;Gimseveien 14\n",
                       filename="begge.csv")
    located = locate_plots(plots, book)
    assert located.geometry.iat[0].equals(shapely.Point(10.28, 63.29))
    assert list(located["match"]) == ["", "Gimseveien 14, 7224 MELHUS"]


def test_register_by_address_refuses_what_it_cannot_find(book: AddressBook) -> None:
    from siting.services import read_register

    data = "kategori;navn;adresse\nrus;Rustjenesten;Gimseveien 16\nnav;NAV;Gimseveien 99\n"
    with pytest.raises(InputError) as info:
        read_register(data.encode(), filename="tjenester.csv", addresses=book)
    assert str(info.value) == (
        "tjenester.csv: row 2: address “Gimseveien 99” not found; nearest: “Gimseveien 18, 7224 "
        "MELHUS”, “Gimseveien 16, 7224 MELHUS”, “Gimseveien 14, 7224 MELHUS”; correct the "
        "address or give coordinates.")
    ok = read_register(data.replace("99", "18").encode(), filename="t.csv", addresses=book)
    assert list(ok["category"]) == ["substance_abuse", "nav"]
    assert ok.geometry.iat[1].equals_exact(shapely.Point(lonlat(569010.0, 7018210.0)), 1e-9)


def test_register_rows_not_found_are_refused_with_the_nearest_addresses(
        book: AddressBook) -> None:
    from siting.register import load_register, register_report

    data = ("kategori;navn;adresse;gnr;bnr\nrus;Rustjenesten;Gimseveien 16;;\n"
            "nav;NAV;Gimseveien 30;;\nfastlege;Legen;;21;9\n")
    load = load_register(data.encode(), filename="tjenester.csv", addresses=book)
    assert load.rows["refused"].tolist() == ["", "address_not_found", "address_not_found"]
    assert register_report(load, None, "nb")["why"].tolist() == [
        "brukt",
        "avvist: fant ikke adressen «Gimseveien 30»; nærmeste: «Gimseveien 18, 7224 MELHUS», "
        "«Gimseveien 16, 7224 MELHUS», «Gimseveien 14, 7224 MELHUS»; sjekk skrivemåten eller "
        "oppgi breddegrad/lengdegrad",
        "avvist: fant ikke gnr/bnr 21/9 i adressefila; nærmeste: «21/7 (Gimseveien 16)», "
        "«21/6 (Gimseveien 14)», «21/5 (Gimseveien 12)»; sjekk skrivemåten eller oppgi "
        "breddegrad/lengdegrad"]
    assert register_report(load, None, "en")["why"].iat[1] == (
        "refused: address “Gimseveien 30” not found; nearest: “Gimseveien 18, 7224 MELHUS”, "
        "“Gimseveien 16, 7224 MELHUS”, “Gimseveien 14, 7224 MELHUS”; check the spelling or give "
        "breddegrad/lengdegrad")


def test_reading_a_register_logs_services_not_plots(book: AddressBook,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    # the shared reader logged "leste 2 tomter" / "plasserte 1 av 1 tomter" for a register
    from siting.register import load_register
    from siting.text import t

    data = "kategori;navn;adresse;lat;lon\nrus;Rustjenesten;Gimseveien 16;;\nnav;NAV;;63,3;10,3\n"
    with caplog.at_level(logging.INFO, logger="siting"):
        load_register(data.encode(), filename="tjenester.csv", addresses=book)
    lines = [r for r in caplog.records if r.name in ("siting.plots", "siting.locate")]
    assert [r.getMessage() for r in lines] == [
        "tjenester.csv: read 2 services (1 points, 0 polygons, 1 by address or gnr/bnr, 0 with "
        "problems)",
        "tjenester.csv: placed 1 of 1 services given by address or gnr/bnr"]
    # the command line says them in bokmål from the catalogue entry the line carries
    assert [t(r.text_key, "nb", **r.text_values) for r in lines] == [  # type: ignore[attr-defined]
        "tjenester.csv: leste 2 tjenester (1 punkter, 0 polygoner, 1 ved adresse eller gnr/bnr, 0 "
        "med problemer)",
        "tjenester.csv: plasserte 1 av 1 tjenester gitt ved adresse eller gnr/bnr"]


def test_oslo_plots_by_address_are_measured(oslo_pbf: Path) -> None:
    from siting.config import default_config
    from siting.locate import address_book
    from siting.pipeline import load_study, rank

    study = load_study(oslo_pbf)
    book = address_book(study.osm)
    plots = read_plots("tomt;adresse\nA;Grønnegata 13 a\nB;Karl Johans gt. 22\nC;Pilestrede 57\n"
                       .encode(), filename="oslo.csv")
    located = locate_plots(plots, book)
    assert list(located["match_quality"]) == ["exact", "variant", ""]
    result = rank(study, located, None, default_config(lang="en"))
    table = result.texts().set_index("plot_id")
    assert table.loc["C", "status"] == "flagged"
    assert table.loc["C", "flag"].startswith("address “Pilestrede 57” not found; nearest: "
                                              "“Pilestredet 57, 0350 Oslo”")
    assert np.isfinite(table.loc[["A", "B"], "walk_m_gp"]).all()
    where = book.table.set_index(["street", "number", "letter"]).loc[("Grønnegata", 13, "A")]
    assert located.geometry.iat[0].equals(shapely.Point(where["lon"], where["lat"]))
    assert isinstance(located, gpd.GeoDataFrame) and located.crs == "EPSG:4326"
