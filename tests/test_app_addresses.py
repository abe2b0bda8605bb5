"""The app with plots by address and gnr/bnr (Streamlit's AppTest, on the demo town).

Kartverket's address file is written here in its exact format (see
``tests/test_addresses.py``): "Demoveien 5" (gnr 21, bnr 5) stands exactly where demo
plot A stands and "Demoveien 7" (21/6) where C stands, so a plot placed by either must
get the demo's hand-computed distances (tests/test_cli.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import shapely
from apptesting import app_starter, as_seen, install_fake_map
from streamlit.testing.v1 import AppTest
from test_addresses import kartverket_csv, lonlat
from test_cli import A_GP, ORIGIN

from siting.text import number, t

KV_NAME = "matrikkelenVegadresse.csv"


def row(number: str, bnr: str, x: float, y: float) -> tuple:
    return ("Demoveien", number, "", "21", bnr, "0", ORIGIN[1] + y, ORIGIN[0] + x, "", "",
            "7224", "MELHUS")


@pytest.fixture
def kv_bytes(tmp_path: Path) -> bytes:
    path = kartverket_csv(tmp_path / KV_NAME, [row("5", "5", 420, 528), row("7", "6", 876, 660)])
    return path.read_bytes()


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., AppTest]:
    install_fake_map(monkeypatch)
    return app_starter(monkeypatch, tmp_path)


def upload(at: AppTest, key: str, name: str, data: bytes) -> AppTest:
    at.file_uploader(key=key).set_value((name, data, "text/csv"))
    at.run()
    assert not at.exception, at.exception
    return at


def plots(at: AppTest):
    return at.session_state["plots"]


def test_gnr_bnr_needs_kartverkets_file_and_then_places_the_plots(
        app: Callable[..., AppTest], kv_bytes: bytes) -> None:
    at = app(tab="Tomter")
    data = b"tomt;navn;gnr;bnr;adresse\nA;Gnr-tomta;21;5;\nX;Borte;;;Demoveien 99\n"
    upload(at, "plots_file", "tomter.csv", data)
    assert as_seen(at.error[-1].value) == (
        "tomter.csv: rad 1 oppgir gnr/bnr, men ingen adressefil er oppgitt; last ned "
        "«Matrikkelen - Adresse» som CSV for kommunen fra Geonorge og oppgi "
        "matrikkelenVegadresse.csv (kommandolinje: --addresses; appen: feltet for Kartverkets "
        "adressefil under Tomter), eller oppgi koordinater.")
    assert list(plots(at)["plot_id"]) == ["A", "B", "C", "D", "E"]  # the demo's: nothing lost
    upload(at, "kv_file", KV_NAME, kv_bytes)
    assert f"Leste 2 adresser fra {KV_NAME} (2 med gnr/bnr)." in [as_seen(c.value)
                                                                  for c in at.caption]
    upload(at, "plots_file", "tomter2.csv", data)  # the same plots, read with the file now
    assert list(plots(at)["plot_id"]) == ["A", "X"]
    assert plots(at).geometry.iat[0].equals_exact(shapely.Point(lonlat(ORIGIN[0] + 420,
                                                                       ORIGIN[1] + 528)), 1e-9)
    assert plots(at).geometry.iat[1] is None
    assert as_seen(at.warning[-1].value) == (
        "Noen tomter blir flagget og ikke vurdert i rangeringen: X: fant ikke adressen "
        "«Demoveien 99»; nærmeste: «Demoveien 7, 7224 MELHUS», «Demoveien 5, 7224 MELHUS»")
    shown = at.dataframe[0].value.set_index("Id")
    assert shown.loc["A", "Funnet adresse"] == "Demoveien 5, 7224 MELHUS"
    assert shown.loc["A", "Adressetreff"] == "gnr/bnr"
    assert shown.loc["X", "Adressetreff"] == "ikke funnet"
    at.session_state["tab"] = "Rangering"
    at.run()
    table = at.dataframe[0].value.set_index("Tomt")
    assert table.loc["X", "Status"] == "flagget, ikke vurdert"
    assert table.loc["X", "Begrunnelse"] == (
        "fant ikke adressen «Demoveien 99»; nærmeste: «Demoveien 7, 7224 MELHUS», «Demoveien 5, "
        "7224 MELHUS»")
    at.segmented_control(key="table_group").set_value("walk").run()
    walk = at.dataframe[0].value.set_index("Tomt")
    assert walk.loc["A", "Fastlege, gange (m)"] == A_GP  # the demo's hand-computed figure


def test_type_an_address_to_place_a_plot(app: Callable[..., AppTest], kv_bytes: bytes) -> None:
    at = app(tab="Tomter")
    upload(at, "kv_file", KV_NAME, kv_bytes)
    at.text_input(key="addr_plots:text").set_value("demovn. 5")
    at.button[[b.label for b in at.button].index(t("app.addr.place", "nb"))].click().run()
    assert not at.exception, at.exception
    added = plots(at).iloc[-1]
    assert (added["name"], added["match"], added["match_quality"]) == (
        "Demoveien 5, 7224 MELHUS", "Demoveien 5, 7224 MELHUS", "variant")
    assert added.geometry.equals_exact(shapely.Point(lonlat(ORIGIN[0] + 420, ORIGIN[1] + 528)),
                                       1e-9)
    assert [as_seen(x.value) for x in at.toast] == [
        "La til en tomt ved Demoveien 5, 7224 MELHUS (annen skrivemåte)."]
    # not found: the three nearest are offered, and one click places the plot there
    at.text_input(key="addr_plots:text").set_value("Demoveien 99")
    at.button[[b.label for b in at.button].index(t("app.addr.place", "nb"))].click().run()
    assert as_seen(at.warning[-1].value) == (
        "Fant ikke adressen «Demoveien 99». Mente du en av disse?")
    offered = [b.label for b in at.button if b.key and b.key.startswith("addr_plots:pick")]
    assert offered == ["Demoveien 7, 7224 MELHUS", "Demoveien 5, 7224 MELHUS"]
    count = len(plots(at))
    at.button(key="addr_plots:pick0").click().run()
    assert len(plots(at)) == count + 1
    assert plots(at).iloc[-1]["match"] == "Demoveien 7, 7224 MELHUS"


def test_english_messages(app: Callable[..., AppTest], kv_bytes: bytes) -> None:
    at = app(tab="Tomter")
    at.segmented_control(key="lang").set_value("en").run()  # the open tab is kept
    upload(at, "kv_file", KV_NAME, kv_bytes)
    at.text_input(key="addr_plots:text").set_value("Demoveien 99")
    at.button[[b.label for b in at.button].index(t("app.addr.place", "en"))].click().run()
    assert as_seen(at.warning[-1].value) == (
        "Address “Demoveien 99” not found. Did you mean one of these?")


def test_a_register_by_address(app: Callable[..., AppTest], kv_bytes: bytes) -> None:
    at = app(tab="Tomter")
    upload(at, "kv_file", KV_NAME, kv_bytes)
    at.session_state["tab"] = "Tjenester"
    at.run()
    data = b"kategori;navn;adresse\nrus;Rustjenesten;Demoveien 7\n"
    upload(at, "register_file", "tjenester.csv", data)
    register = at.session_state["register"]
    assert list(register["name"]) == ["Rustjenesten"]
    assert register.to_crs(4326).geometry.iat[0].equals_exact(
        shapely.Point(lonlat(ORIGIN[0] + 876, ORIGIN[1] + 660)), 1e-9)


def test_a_register_whose_addresses_are_not_found_says_so(
        app: Callable[..., AppTest], kv_bytes: bytes) -> None:
    at = app(tab="Tomter")
    upload(at, "kv_file", KV_NAME, kv_bytes)
    at.session_state["tab"] = "Tjenester"
    at.run()
    data = b"kategori;navn;adresse\nrus;Rustjenesten;Demoveien 99\n"
    upload(at, "register_file", "tjenester.csv", data)
    # not "mangler plassering": the row has an address
    assert [as_seen(e.value) for e in at.error] == [
        "tjenester.csv: rad 1: fant ikke adressen «Demoveien 99»; nærmeste: «Demoveien 7, "
        "7224 MELHUS», «Demoveien 5, 7224 MELHUS»; rett adressen eller oppgi koordinater."]
    assert at.session_state["register"] is None


def test_plots_outside_are_listed_apart_and_the_map_fits_the_rest(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = install_fake_map(monkeypatch)
    at = app_starter(monkeypatch, tmp_path)(tab="Tomter")
    lon, lat = lonlat(ORIGIN[0] + 420, ORIGIN[1] + 528)  # demo plot A's position
    data = (f"tomt;navn;lat;lon\nA;Her;{lat};{lon}\nS;Byttet;{lon};{lat}\n"
            "B;Bergen;60,3913;5,3221\n").encode()
    upload(at, "plots_file", "tomter.csv", data)
    at.session_state["tab"] = "Kart"
    at.run()
    assert as_seen(at.warning[-1].value) == (
        "Utenfor området, ikke målt (kartet rammes inn etter de andre tomtene): Bergen (B): "
        "utenfor området "
        "OSM-dataene dekker: last inn et utsnitt som omfatter tomten; Byttet (S): utenfor "
        "området OSM-dataene dekker; bredde- og lengdegrad ser ut til å være byttet om: mente "
        f"du breddegrad {number(lat, 'nb', 6)}, lengdegrad {number(lon, 'nb', 6)}?")
    chrome = next(c for c in fake.maps[-1]._children.values()
                  if type(c).__name__ == "MapChrome")
    (south, west), (north, east) = chrome.bounds
    assert (south, west, north, east) == pytest.approx((lat, lon, lat, lon))  # A only
