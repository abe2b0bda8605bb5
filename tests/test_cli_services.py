"""Tests for ``python -m siting services`` and ``register-template`` (:mod:`siting.cli_services`),
and for exclusions changing the figures, on the central-Oslo extract."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio
import pyproj
import pytest
from openpyxl import load_workbook

from siting.cli import main
from siting.config import config_from_dict, default_config
from siting.pipeline import load_study, rank, review_for
from siting.plots import read_plots
from siting.register import load_register, register_report, template_frame

ROOT = Path(__file__).resolve().parents[1]
MASSAGE = "n6757226543"  # Torshov Helseklinikk - Massasje og Psykologsamtaler
IMMIGRATION = "n5503861779"  # Seksjon for utlendingsforvaltning, Oslo (amenity=police)
PLOTS = [("P1", "Jernbanetorget", 10.7522, 59.9112), ("P2", "Grønland", 10.7600, 59.9125),
         ("P3", "Youngstorget", 10.7490, 59.9150), ("P4", "Stortinget", 10.7400, 59.9130)]


def run(*args: object) -> int:
    return main([str(a) for a in args])


def plots_csv(path: Path) -> Path:
    rows = "\n".join(f"{i};{n};{y};{x}" for i, n, x, y in PLOTS)
    path.write_text(f"id;navn;lat;lon\n{rows}\n", encoding="utf-8")
    return path


@pytest.mark.shared
def test_oslo_review_lists_every_service_with_its_source(
        oslo_pbf: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="siting")
    out = tmp_path / "services.csv"
    assert run("services", "--osm", oslo_pbf, "--lang", "en", "--out", out) == 0
    table = pd.read_csv(out, keep_default_na=False, dtype={"ref": str})
    assert list(table.columns) == ["category", "name", "ref", "source", "address",
                                   "matched_tags", "included", "why", "flags", "lon", "lat"]
    assert set(table["source"]) == {"osm"}
    assert table["ref"].str.fullmatch(r"[nwr][0-9]+").all()
    direct = review_for(load_study(oslo_pbf), default_config(lang="en"))
    assert len(table) == len(direct) == 1029
    massage = table[table["ref"] == MASSAGE].iloc[0]
    assert (massage["category"], massage["included"]) == ("mental_health", True)
    assert massage["matched_tags"] == "healthcare=psychotherapy"
    assert massage["flags"] == "the name contains “massasje”: check that it belongs here"
    drop_in = table[table["name"] == "Dr. Dropin Carl Berner"].iloc[0]
    assert (drop_in["category"], drop_in["included"]) == ("gp", True)
    assert "warning: Mental-health service: only 1 service in the study area (Torshov " \
           "Helseklinikk - Massasje og Psykologsamtaler)" in caplog.text
    assert "Mental-health service: 1 counted, 2 not counted, 1 flagged for review" in caplog.text
    # the police objects as rank uses them: the immigration office is no station drive
    # times count from, and the review says so instead of "counted"
    police = table[table["category"] == "police"].set_index("ref")
    assert police["included"].to_dict() == {IMMIGRATION: False, "w557060199": True,
                                            "w947693574": True}
    assert police.at[IMMIGRATION, "why"] == (
        "not counted: not a police station drive times count from: the name says neither "
        "politistasjon, lensmannskontor nor politiets tjenestested: check whether patrols "
        "drive from here; left out until checked")
    assert "Police station: 2 counted, 1 not counted, 0 flagged for review" in caplog.text


@pytest.mark.shared
def test_a_police_object_switched_on_counts_in_the_review(oslo_pbf: Path,
                                                          tmp_path: Path) -> None:
    config = tmp_path / "settings.toml"
    config.write_text(f'[police]\ninclude = ["{IMMIGRATION}"]\nexclude = ["w557060199"]\n',
                      encoding="utf-8")
    out = tmp_path / "tjenester.csv"
    assert run("services", "--osm", oslo_pbf, "--config", config, "--out", out, "-q") == 0
    table = pd.read_csv(out, keep_default_na=False, dtype={"ref": str})
    police = table[table["category"] == "police"].set_index("ref")
    assert police["included"].to_dict() == {IMMIGRATION: True, "w557060199": False,
                                            "w947693574": True}
    assert police.at[IMMIGRATION, "why"] == "teller: OSM-taggene hører til kategorien"
    assert police.at["w557060199", "why"] == (
        "teller ikke: ikke en politistasjon kjøretiden regnes fra: navnet sier at det er en "
        "stasjon; slått av av brukeren")


@pytest.mark.shared
def test_oslo_review_as_excel_and_geopackage(oslo_pbf: Path, tmp_path: Path) -> None:
    xlsx, gpkg = tmp_path / "tjenester.xlsx", tmp_path / "tjenester.gpkg"
    assert run("services", "--osm", oslo_pbf, "--out", xlsx, "-q") == 0
    assert run("services", "--osm", oslo_pbf, "--out", gpkg, "-q") == 0
    sheet = load_workbook(xlsx, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:9] == ("Kategori", "Navn", "Referanse", "Kilde", "Adresse",
                           "Taggene som passet", "Teller", "Hvorfor", "Merknad")  # bokmål run
    assert len(rows) == 1030
    massage = next(r for r in rows if r[2] == MASSAGE)
    assert massage[:4] == ("Psykisk helsetjeneste", "Torshov Helseklinikk - Massasje og "
                           "Psykologsamtaler", MASSAGE, "OpenStreetMap")
    assert massage[6] == "ja" and massage[8].startswith("navnet inneholder «massasje»")
    buses = [r for r in rows if r[0] == "Bussholdeplass"]
    unnamed = [r for r in buses if r[1] == "uten navn i OpenStreetMap"]
    assert (len(buses), len(unnamed)) == (538, 195)
    frame = pyogrio.read_dataframe(gpkg, layer="services")
    assert len(frame) == 1029 and frame.crs.to_epsg() == 4326


@pytest.mark.shared
def test_excluding_the_massage_clinic_leaves_no_mental_health_service(
        oslo_pbf: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    study, plots = load_study(oslo_pbf), read_plots(plots_csv(tmp_path / "p.csv"))
    base = rank(study, plots, None, default_config(lang="en"))
    assert set(base.ranked["nearest_mental_health"]) == {
        "Torshov Helseklinikk - Massasje og Psykologsamtaler"}
    assert base.ranked["walk_m_mental_health"].between(1600, 3700).all()
    assert [t.category for t in base.thin][:2] == ["mental_health", "substance_abuse"]
    config = config_from_dict({"lang": "en", "services": {"exclude": [MASSAGE]}})
    result = rank(study, plots, None, config)
    assert np.isinf(result.ranked["walk_m_mental_health"]).all()
    assert all(("no_service", {"cat": "mental_health"}) in n for n in result.ranked["note"])
    assert all("no service in this category (mental-health service)" in r
               for r in result.texts("en")["reasons"])
    row = result.review[result.review["ref"] == MASSAGE].iloc[0]
    assert (row["included"], row["why"]) == (
        False, "not counted: excluded by the user ([services] exclude)")
    # other figures are untouched: only the excluded category changed
    pd.testing.assert_series_equal(result.ranked["walk_m_gp"], base.ranked["walk_m_gp"])
    # a register entry takes over: distances move to it
    register = tmp_path / "register.csv"
    register.write_text("kategori;navn;breddegrad;lengdegrad\n"
                        "Psykisk helsetjeneste;Psykisk helse og rus, Grønland;59,9128;10,7605\n",
                        encoding="utf-8")
    load = load_register(register)
    with_register = rank(study, plots, load.register, config)
    mh = with_register.ranked.set_index("plot_id")["walk_m_mental_health"]
    assert set(with_register.ranked["nearest_mental_health"]) == {
        "Psykisk helse og rus, Grønland"}
    assert list(mh.sort_values().index) == ["P2", "P1", "P3", "P4"]
    geod = pyproj.Geod(ellps="GRS80")
    for plot_id, _, lon, lat in PLOTS:  # a walk is never shorter than the straight line
        straight = geod.inv(lon, lat, 10.7605, 59.9128)[2]
        assert straight < mh[plot_id] < 3 * straight + 200
    report = register_report(load, with_register.review, "en")
    assert report[["row", "status", "why"]].values.tolist() == [[1, "used", "used"]]


@pytest.mark.shared
def test_config_exclusion_reaches_the_command_line(
        oslo_pbf: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = tmp_path / "settings.toml"
    config.write_text(f'lang = "en"\n[services]\nexclude = ["{MASSAGE}", "n999"]\n',
                      encoding="utf-8")
    out = tmp_path / "ranked.csv"
    assert run("rank", "--osm", oslo_pbf, "--plots", plots_csv(tmp_path / "p.csv"),
               "--config", config, "--out", out) == 0
    table = pd.read_csv(out)
    assert np.isinf(table["walk_m_mental_health"]).all()
    assert "[services]: n999 not found among the services" in caplog.text
    assert "warning: Mental-health service: no service in the study area; the nearest is " \
           "farther than 1,200 m (where the score reaches 0) for 4 of 4 plots." in caplog.text


def test_register_template_round_trip(tmp_path: Path) -> None:
    for name in ("mal.csv", "mal.xlsx"):
        assert run("register-template", "--out", tmp_path / name, "-q") == 0
        load = load_register(tmp_path / name)
        assert list(load.rows["category"]) == [
            "gp", "bus", "shop", "mental_health", "substance_abuse", "pharmacy", "school",
            "police", "nav"]
        assert list(load.rows["name"]) == list(template_frame()["navn"])
        # the template's own example rows are never used as services (a template sent
        # in unedited would put a Melhus "lensmannskontor" among any area's stations)
        assert load.register is None and (load.rows["refused"] == "example").all()
        assert register_report(load, None, "nb")["why"].tolist() == [
            "avvist: malens eksempelrad; slett den eller skriv inn en egen tjeneste"] * 9
    head = (tmp_path / "mal.csv").read_bytes().decode("utf-8-sig").splitlines()[0]
    assert head == "kategori;navn;adresse;breddegrad;lengdegrad"
    book = load_workbook(tmp_path / "mal.xlsx", read_only=True)
    assert book.sheetnames == ["tjenester", "kategorier"]


def test_register_template_needs_csv_or_xlsx(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run("register-template", "--out", tmp_path / "mal.ods", "--lang", "en") == 2
    assert capsys.readouterr().err == (
        "error: mal.ods: the register template is a .csv or .xlsx file; name it e.g. "
        "register.xlsx.\n")


def test_unknown_service_list_format_is_refused(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    assert run("services", "--demo", "--out", tmp_path / "x.json", "--lang", "en") == 2
    assert capsys.readouterr().err == (
        "error: x.json: unknown format '.json' for the service list. Use .csv, .gpkg or "
        ".xlsx.\n")


def test_warnings_go_to_stderr_before_the_ranking(tmp_path: Path) -> None:
    env = {**os.environ, "SITING_CACHE_DIR": str(tmp_path / "cache")}
    out = tmp_path / "demo.csv"
    done = subprocess.run([sys.executable, "-m", "siting", "rank", "--demo", "--out", str(out),
                           "--lang", "en"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    warning = next(i for i, line in enumerate(lines) if line.startswith(
        "warning: School/kindergarten: only 2 services in the study area"))
    ranked = next(i for i, line in enumerate(lines) if line.startswith("ranked "))
    assert warning < ranked
    assert done.stdout == ""


@pytest.mark.shared
def test_register_rows_by_address_are_looked_up_or_refused(
        oslo_pbf: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    register = tmp_path / "register.csv"
    register.write_text("kategori;navn;adresse;breddegrad;lengdegrad\n"
                        "Psykisk helsetjeneste;Teamet;Storgata 10;;\n"
                        "Rustjeneste;Feilstavet;Pilestrede 57;;\n"
                        "Apotek;Med koordinater;;59,91;10,75\n", encoding="utf-8")
    out = tmp_path / "s.csv"
    assert run("services", "--osm", oslo_pbf, "--services", register, "--out", out,
               "--lang", "en") == 0
    # the nearest addresses, as a plot not found gets them (siting.locate.match_problem)
    assert ("register.csv: row 2: refused: address “Pilestrede 57” not found; nearest: "
            "“Pilestredet 57, 0350 Oslo”, “Pilestredet park 47, 0176 Oslo”, “Lille Stranden 10, "
            "0252 Oslo”; check the spelling or give breddegrad/lengdegrad") in caplog.messages
    table = pd.read_csv(out, keep_default_na=False)
    mine = table[table["source"] == "register"]
    assert mine[["ref", "name", "address"]].values.tolist() == [
        ["register:1", "Teamet", "Storgata 10"], ["register:3", "Med koordinater", ""]]
    assert mine["lat"].iloc[0] == pytest.approx(59.9133, abs=0.001)


def test_an_excel_register_names_itself_in_messages(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from siting.errors import InputError

    book = Workbook()
    book.active.append(["navn", "breddegrad", "lengdegrad"])
    book.active.append(["Uten kategori", 63.28, 10.27])
    book.active.append(["Uten sted", None, None])
    book.save(tmp_path / "liste.xlsx")
    load = load_register(tmp_path / "liste.xlsx")
    assert load.register is None
    assert list(load.rows["refused"]) == ["no_category", "no_category"]
    (tmp_path / "tom.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(InputError, match=r"^tom\.xlsx: cannot be read as an Excel workbook"):
        load_register(tmp_path / "tom.xlsx")
    Workbook().save(tmp_path / "blank.xlsx")
    with pytest.raises(InputError) as info:
        load_register(tmp_path / "blank.xlsx")
    assert str(info.value).startswith("blank.xlsx: ") and "xlsx.csv" not in str(info.value)


def test_an_excel_register_with_a_title_and_a_total_row_is_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    for row in (["Tjenesteregister Melhus"], [], ["kategori", "navn", "breddegrad", "lengdegrad"],
                ["Fastlege", "Legesenteret", 63.2851, 10.2779],
                ["NAV", "NAV-kontoret", "63,2855", "10,2784"], ["Totalt", 2, None, None]):
        book.active.append(row)
    book.save(tmp_path / "register.xlsx")
    load = load_register(tmp_path / "register.xlsx")
    assert load.rows[["row", "category", "name", "refused"]].values.tolist() == [
        [1, "gp", "Legesenteret", ""], [2, "nav", "NAV-kontoret", ""]]
    assert [(g.x, g.y) for g in load.register.geometry] == [(10.2779, 63.2851),
                                                            (10.2784, 63.2855)]


@pytest.mark.shared
def test_a_register_row_far_outside_the_area_is_not_used(
        oslo_pbf: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # a Melhus police station in a register read on the Oslo extract: 373 km away, it
    # would be snapped to the extract's edge and give Oslo plots "2.7 min" to police
    register = tmp_path / "register.csv"
    register.write_text("kategori;navn;breddegrad;lengdegrad\n"
                        "Politistasjon;Melhus lensmannskontor;63,2838;10,2806\n"
                        "Rustjeneste;Rusteam Grønland;59,9128;10,7605\n", encoding="utf-8")
    out = tmp_path / "r.csv"
    caplog.set_level(logging.INFO, logger="siting")
    assert run("rank", "--osm", oslo_pbf, "--plots", plots_csv(tmp_path / "p.csv"),
               "--services", register, "--out", out) == 0
    table = pd.read_csv(out)
    assert "Melhus lensmannskontor" not in set(table["nearest_police"])
    assert set(table["nearest_substance_abuse"]) == {"Rusteam Grønland"}  # the other is used
    assert ("advarsel: Melhus lensmannskontor (register:1): teller ikke: ligger 373,2 km "
            "utenfor området kartdataene dekker; sjekk plasseringen, eller last inn et utsnitt "
            "som omfatter den") in caplog.messages
    study = load_study(oslo_pbf)
    load = load_register(register)
    result = rank(study, read_plots(plots_csv(tmp_path / "q.csv")), load.register,
                  default_config(lang="en"))
    report = register_report(load, result.review, "en")
    assert report[["status", "why"]].values.tolist() == [
        ["outside", "not used: lies 373.2 km outside the area the map data cover; check the "
                    "location, or load an extract that includes it"],
        ["used", "used"]]
    # the drive times come from the stations in the area, as without the register
    plain = rank(study, read_plots(plots_csv(tmp_path / "q.csv")), None, default_config())
    def police(r: Any) -> pd.Series:
        return r.ranked.set_index("plot_id")["police_drive_min"].sort_index()

    pd.testing.assert_series_equal(police(result), police(plain))


def test_a_misspelt_category_is_refused_with_the_word_meant() -> None:
    # "Fastelge" would become a new category that no criterion weighs: the row counted
    # nowhere, and the GP figures would miss the register's GP
    data = ("kategori;navn;breddegrad;lengdegrad\nFastelge;Dr. Test;59,9128;10,7605\n"
            "NAV;NAV Grünerløkka;59,9230;10,7590\nFastlege;Legesenteret;59,9150;10,7500\n"
            ).encode()
    load = load_register(data, filename="register.csv")
    assert load.rows["refused"].tolist() == ["near_category", "", ""]
    assert load.register is not None and load.register["category"].tolist() == ["nav", "gp"]
    report = register_report(load, None, "nb")
    assert report["why"].iloc[0] == ("avvist: ukjent kategori «Fastelge»; mente du «Fastlege»? "
                                     "Rett skrivemåten (en ny kategori, som NAV, ligner ingen "
                                     "kjent)")
    assert register_report(load, None, "en")["why"].iloc[0].startswith(
        "refused: unknown category 'Fastelge'; did you mean 'Fastlege'?")


@pytest.mark.shared
def test_a_register_with_rows_in_lat_lon_and_in_east_north_uses_every_row(
        oslo_pbf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # rows copied from two sources (a map app's lat/lon, the municipal GIS's UTM 32N):
    # the east/north rows were refused as "no location" and the services lost
    to_utm = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:25832", always_xy=True)
    east, north = to_utm.transform(10.7600, 59.9125)
    register = tmp_path / "register.csv"
    register.write_text("kategori;navn;breddegrad;lengdegrad;øst;nord\n"
                        "Fastlege;Legesenteret;59,9150;10,7500;;\n"
                        f"NAV;NAV Grønland;;;{east:.2f};{north:.2f}\n", encoding="utf-8")
    out = tmp_path / "s.csv"
    assert run("services", "--osm", oslo_pbf, "--services", register, "--out", out,
               "--lang", "en") == 2
    assert capsys.readouterr().err == (
        "error: register.csv: row 2 gives east/north (columns 'øst' and 'nord') and the other "
        "rows latitude/longitude, but no CRS was given for east/north; give the CRS, e.g. "
        "EPSG:25832 (UTM 32N, used in Trøndelag) or EPSG:25833 (command line: --crs; app: the "
        "CRS field) to read both kinds.\n")
    assert run("services", "--osm", oslo_pbf, "--services", register, "--crs", "EPSG:25832",
               "--out", out, "--lang", "en") == 0
    table = pd.read_csv(out, keep_default_na=False)
    mine = table[table["source"] == "register"]
    assert mine[["ref", "category", "name"]].values.tolist() == [
        ["register:1", "gp", "Legesenteret"], ["register:2", "nav", "NAV Grønland"]]
    assert mine[["lon", "lat"]].values.tolist() == [
        [10.75, 59.915], [pytest.approx(10.76, abs=1e-6), pytest.approx(59.9125, abs=1e-6)]]
