"""Tests for the command line ``python -m siting rank`` (:mod:`siting.cli`).

Most runs are in-process (``siting.cli.main``) on the made-up demo town, whose
figures are computed by hand below; a few run the real ``python -m siting`` and
one the central-Oslo extract in ``../shared``.

The demo town (``siting/demo.py``) in EPSG:25832, with the grid origin
(569 000, 7 018 000) as (0, 0) and 120 m between streets:

* every grid street is walkable both ways: east-west rows ``y = 120 j``, north-south
  columns ``x = 120 i`` (i, j = 0..8); row 4 (y = 480) is the main road (primary,
  50 km/h), column 7 a foot/cycle path (walk only); columns 1, 3, 5 are footways
  up to row 4 (walk only) and service roads (20 km/h) above it; other streets are
  residential (30 km/h);
* the main road goes on east from (960, 480) to (2520, 480) and (4080, 480) at
  80 km/h; the police station stands 15 m north of its end, at (4080, 495);
* a point service stands at grid (i, j) + (12, 15) m, so it reaches column i with a
  12 m access leg; bus stops stand at (120 i, 495), 15 m north of row 4.
"""

from __future__ import annotations

import html
import json
import logging
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj
import pytest

from siting.cli import main
from siting.config import default_config
from siting.demo import demo_plots
from siting.pipeline import load_study, rank
from siting.plots import read_plots

DATA = Path(__file__).parent / "data" / "cli"
ROOT = Path(__file__).resolve().parents[1]
TO_LONLAT = pyproj.Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
ORIGIN = (569_000.0, 7_018_000.0)
REQUIRED = ["plot_id", "walk_m_gp", "walk_m_bus", "walk_m_shop", "walk_m_mental_health",
            "walk_m_substance_abuse", "walk_m_pharmacy", "walk_m_school", "police_drive_min",
            "patrol_detour_min", "snap_m", "status", "reasons", "score", "rank"]

# --- hand computations on the demo town (metres; minutes = seconds / 60) ----------------------
# Plot A stands at grid (3.5, 4.4) = (420, 528): nearest street row 4 (48 m; columns 3 and 4
# are 60 m away), so it is reached at (420, 480) and snap_m = 48.
A_SNAP = 48.0
# GP "Demoby legesenter" at (360 + 12, 480 + 15) = (372, 495) is reached on column 3 at
# (360, 495) with a 12 m leg. Walk: 60 west on row 4 to (360, 480), 15 north on column 3:
# 48 + 60 + 15 + 12 = 135.
A_GP = 48 + 60 + 15 + 12
# Bus stop 2 at (2.5 * 120, 495) = (300, 495): row 4 is 15 m away (columns 2 and 3: 60 m),
# reached at (300, 480): 48 + 120 west on row 4 + 15 = 183.
A_BUS = 48 + 120 + 15
# Police: the station is reached at the main road's east end (4080, 480); a patrol drives
# 3120 m at 80 km/h to (960, 480), then 540 m at 50 km/h along row 4 to (420, 480):
# 3120 / (80 / 3.6) + 540 / (50 / 3.6) = 140.4 s + 38.88 s = 179.28 s = 2.988 min.
A_POLICE = (3120 / (80 / 3.6) + 540 / (50 / 3.6)) / 60
# Plot C stands at grid (7.3, 5.5) = (876, 660): on foot the cycle path on column 7 is 36 m
# away (at (840, 660)); GP: 60 south to row 5, 480 west to column 3, 105 south to 495:
# 36 + 60 + 480 + 105 + 12 = 693.
C_GP = 36 + 60 + 480 + 105 + 12
# By car (no cycle path) C is reached on row 5 at (876, 600), 60 m away: 3120 m at 80 km/h,
# then 120 m north on column 8 and 84 m west on row 5 at 30 km/h:
# 140.4 s + 204 / (30 / 3.6) = 140.4 s + 24.48 s = 164.88 s = 2.748 min.
C_POLICE = (3120 / (80 / 3.6) + 204 / (30 / 3.6)) / 60
# Patrol detour for C: from the main road at (960, 480) to C and back, 2 x 204 m at
# 30 km/h = 48.96 s = 0.816 min.
C_DETOUR = 2 * 204 / (30 / 3.6) / 60
# Plot B at grid (2.3, 7.6) = (276, 912): column 2 is 36 m away, reached at (240, 912).
# Bus stop 2 (reached at (300, 480)): 432 south on column 2, 60 east on row 4, 15 leg:
# 36 + 432 + 60 + 15 = 543 (> the 500 m bus rule of the recovery profile).
B_BUS = 36 + 432 + 60 + 15
# The mental-health service at grid (2, 5) + (12, 15) = (252, 615) is reached on column 2
# at (240, 615): B walks 912 - 615 = 297 south: 36 + 297 + 12 = 345.
B_MENTAL = 36 + 297 + 12
# The register (tests/data/cli/register_demo.csv) adds, on streets (0 m access legs):
# "psykisk helse" at (480, 540) on column 4: A walks 60 east + 60 north: 48 + 120 = 168;
#     B walks 312 south (912 -> 600), 240 east, 60 south: 36 + 612 = 648;
# "rus" at (360, 520) on column 3: A walks 60 west + 40 north: 48 + 100 = 148;
# "NAV" at the crossing (600, 480): A walks 180 east on row 4: 48 + 180 = 228.
A_MENTAL_REGISTER = 48 + 60 + 60
B_MENTAL_REGISTER = 36 + 312 + 240 + 60
A_RUS_REGISTER = 48 + 60 + 40
A_NAV_REGISTER = 48 + 180
# With no bus stop at all, the recovery score of A (every other value 1; weights gp 3,
# mental health 3, substance abuse 3, bus 2, shop 2, pharmacy 1, police 1, patrol 0.5)
# loses the bus's share: 100 * (15.5 - 2) / 15.5 = 87.097.
A_SCORE_NO_BUS = 100 * (15.5 - 2) / 15.5


# --- helpers ----------------------------------------------------------------------------------
def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str]:
    """Run ``rank`` in-process; return the exit status and stderr."""
    code = main(["rank", *(str(a) for a in args)])
    return code, capsys.readouterr().err


def refused(capsys: pytest.CaptureFixture[str], *args: object) -> str:
    """Run ``rank`` expecting a refusal; return the one stderr line without its ``feil: ``
    (``error: `` in English)."""
    code, err = cli(capsys, *args)
    assert code == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    prefix = next((p for p in ("feil: ", "error: ") if lines[0].startswith(p)), None)
    assert prefix is not None, lines[0]
    return lines[0].removeprefix(prefix)


def lonlat(x: float, y: float) -> tuple[float, float]:
    """Return (lon, lat) of the demo-grid point (x, y) metres from the origin."""
    lon, lat = TO_LONLAT.transform(ORIGIN[0] + x, ORIGIN[1] + y)
    return float(lon), float(lat)


def geojson(path: Path, features: list[tuple[dict, dict | None]], **extra: object) -> Path:
    """Write a FeatureCollection of (properties, geometry) pairs to ``path``."""
    doc = {"type": "FeatureCollection", **extra, "features": [
        {"type": "Feature", "properties": p, "geometry": g} for p, g in features]}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def point(lon: float, lat: float) -> dict:
    """Return a GeoJSON point."""
    return {"type": "Point", "coordinates": [lon, lat]}


def by_id(frame: pd.DataFrame) -> pd.DataFrame:
    """Index a result table by plot_id."""
    return frame.set_index("plot_id")


@pytest.fixture
def demo_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> pd.DataFrame:
    """The demo ranked with default settings, read back from CSV."""
    out = tmp_path / "demo.csv"
    assert cli(capsys, "--demo", "--out", out)[0] == 0
    return pd.read_csv(out, keep_default_na=False, na_values=[""])


# --- the demo: one row per plot, the required columns, exact figures --------------------------
def test_demo_csv_has_the_contract_columns_and_hand_computed_figures(
        demo_csv: pd.DataFrame) -> None:
    assert len(demo_csv) == 5
    assert set(REQUIRED) <= set(demo_csv.columns)
    assert sorted(demo_csv["plot_id"]) == ["A", "B", "C", "D", "E"]
    t = by_id(demo_csv)
    assert t.at["A", "snap_m"] == pytest.approx(A_SNAP, abs=0.01)
    assert t.at["A", "walk_m_gp"] == pytest.approx(A_GP, abs=0.01)
    assert t.at["A", "walk_m_bus"] == pytest.approx(A_BUS, abs=0.01)
    assert t.at["A", "police_drive_min"] == pytest.approx(A_POLICE, abs=0.001)
    assert t.at["A", "patrol_detour_min"] == 0.0  # A is reached on the main road itself
    assert t.at["C", "walk_m_gp"] == pytest.approx(C_GP, abs=0.01)
    assert t.at["C", "police_drive_min"] == pytest.approx(C_POLICE, abs=0.001)
    assert t.at["C", "patrol_detour_min"] == pytest.approx(C_DETOUR, abs=0.001)
    assert t.at["B", "walk_m_bus"] == pytest.approx(B_BUS, abs=0.01)
    assert t.at["B", "walk_m_mental_health"] == pytest.approx(B_MENTAL, abs=0.01)
    assert list(demo_csv["plot_id"]) == ["A", "C", "B", "D", "E"]
    assert list(demo_csv["rank"].astype("Int64")) == [1, 2, 3, 4, pd.NA]
    assert list(demo_csv["status"]) == ["ok", "ok", "fails_rules", "fails_rules", "flagged"]
    # E lies in the woods 360 m from the main road (x 1440 > 960 ends the grid; the road
    # to the east runs 840 - 480 = 360 m south of it): flagged, not ranked, not scored.
    assert t.at["E", "snap_m"] == pytest.approx(360.0, abs=0.01)
    assert t.at["E", "reasons"].startswith(
        "360 m fra nærmeste gate (grense 250 m): sjekk plasseringen")
    assert pd.isna(t.at["E", "score"])
    assert t.at["B", "reasons"] == "Buss: 543 m til nærmeste holdeplass, grensen er 500 m"
    assert t.at["A", "score"] == 100.0


@pytest.mark.parametrize("suffix", [".csv", ".gpkg", ".geojson"])
def test_demo_formats_read_back_to_the_same_values(
        suffix: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        demo_csv: pd.DataFrame) -> None:
    out = tmp_path / f"result{suffix}"
    assert cli(capsys, "--demo", "--out", out)[0] == 0
    if suffix == ".csv":
        back = pd.read_csv(out, keep_default_na=False, na_values=[""])
    else:
        back = pd.DataFrame(gpd.read_file(out).drop(columns="geometry"))
    assert len(back) == 5
    assert set(REQUIRED) <= set(back.columns)
    numbers = [c for c in REQUIRED if c not in ("plot_id", "status", "reasons")]
    pd.testing.assert_frame_equal(
        by_id(back)[numbers].astype(float), by_id(demo_csv)[numbers].astype(float))
    assert list(back["reasons"].fillna("")) == list(demo_csv["reasons"].fillna(""))
    if suffix == ".gpkg":
        assert pyogrio.list_layers(out)[0][0] == "ranked_plots"


def test_unreachable_is_inf_in_every_format_and_explained(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the config lets the register replace bus stops, and the register holds none
    for suffix in (".csv", ".gpkg", ".geojson"):
        out = tmp_path / f"nobus{suffix}"
        code, _ = cli(capsys, "--demo", "--services", DATA / "register_demo.csv",
                      "--config", DATA / "replace_bus.toml", "--out", out)
        assert code == 0
    csv_text = (tmp_path / "nobus.csv").read_text(encoding="utf-8")
    assert ",inf," in csv_text
    table = by_id(pd.read_csv(tmp_path / "nobus.csv"))
    assert (table["walk_m_bus"] == float("inf")).all()
    assert table.at["A", "reasons"] == "Buss: ingen holdeplass kan nås til fots"
    assert table.at["A", "status"] == "fails_rules"
    assert table.at["A", "score"] == pytest.approx(A_SCORE_NO_BUS, abs=0.001)
    doc = json.loads((tmp_path / "nobus.geojson").read_text(encoding="utf-8"))
    assert '"walk_m_bus": Infinity' in (tmp_path / "nobus.geojson").read_text(encoding="utf-8")
    assert {f["properties"]["walk_m_bus"] for f in doc["features"]} == {float("inf")}
    gpkg = gpd.read_file(tmp_path / "nobus.gpkg")
    assert (gpkg["walk_m_bus"] == float("inf")).all()


def test_public_run_warns_that_its_scenario_file_is_internal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    saved = tmp_path / "s.gpkg"
    with caplog.at_level(logging.WARNING, logger="siting"):
        assert cli(capsys, "--demo", "--out", tmp_path / "r.csv", "--scenario-out", saved)[0] == 0
        assert not [m for m in caplog.messages if "scenario" in m]  # internal run: nothing
        for lang, line in (
                ("nb", f"{saved} er den interne scenariofilen, ikke en offentlig: den har "
                       "tomtene med navn og posisjon (--public gjelder bare --out og --map); "
                       "ikke del den"),
                ("en", f"{saved} is the internal scenario file, not a public one: it holds the "
                       "plots with names and positions (--public covers only --out and --map); "
                       "do not share it")):
            caplog.clear()
            assert cli(capsys, "--demo", "--public", "--lang", lang, "--out",
                       tmp_path / "p.csv", "--scenario-out", saved)[0] == 0
            assert [m for m in caplog.messages if "scenario" in m] == [line]
    # the warning is true: the file still holds every plot by name
    assert set(gpd.read_file(saved, layer="plots")["name"]) == set(demo_plots()["name"])


def test_the_public_help_names_plots_as_the_public_outputs_do(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a committee trial: the help said plots are named 'Tomt 1'..., English outputs said 'Plot 1'
    firsts = {}
    for lang in ("nb", "en"):
        out = tmp_path / f"{lang}.csv"
        assert cli(capsys, "--demo", "--public", "--lang", lang, "--out", out)[0] == 0
        firsts[lang] = pd.read_csv(out)["plot"].iloc[0]
    assert firsts == {"nb": "Tomt 1", "en": "Plot 1"}
    with pytest.raises(SystemExit):
        main(["rank", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert ("--public public version of --out and --map: plots as 500 m grid cells named "
            "'Tomt 1', 'Tomt 2'... ('Plot 1', 'Plot 2'... with --lang en), distances and times "
            "in bands, no service names (--scenario-out stays the internal file)") in said


def test_a_rerun_writes_the_map_public_and_internal(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    # a committee trial: "rank --scenario s.gpkg --map public.html --public" wrote no map
    saved = tmp_path / "s.gpkg"
    assert cli(capsys, "--demo", "--out", tmp_path / "r.csv", "--scenario-out", saved)[0] == 0
    public, internal = tmp_path / "public.html", tmp_path / "internal.html"
    with caplog.at_level(logging.INFO, logger="siting"):
        code, err = cli(capsys, "--scenario", saved, "--out", tmp_path / "public.xlsx",
                        "--map", public, "--public", "--lang", "en")
    assert code == 0, err
    assert f"wrote map {public} (0.3 MB)" in caplog.messages
    # a bokmål scenario rerun in English: the same results, said so
    assert f"reran s.gpkg: same results as saved -> {tmp_path / 'public.xlsx'}" in caplog.messages
    page = public.read_text(encoding="utf-8")
    assert [f"Plot {i}" in page for i in range(1, 6)] == [True] * 5
    assert not [name for name in demo_plots()["name"] if name in page]  # public: no names
    code, err = cli(capsys, "--scenario", saved, "--out", tmp_path / "i.csv", "--map", internal)
    assert code == 0, err
    page = internal.read_text(encoding="utf-8")
    assert [name for name in demo_plots()["name"] if name in page] == list(demo_plots()["name"])


def test_a_rerun_refuses_a_map_not_named_html_before_any_work(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, page = tmp_path / "x.csv", tmp_path / "kart.png"
    assert refused(capsys, "--scenario", tmp_path / "absent.gpkg", "--out", out,
                   "--map", page) == (
        "kart.png: kartet er en HTML-side; gi det endelsen .html (f.eks. kart.html).")
    assert not out.exists() and not page.exists()


def test_lang_en_gives_english_reasons(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       caplog: pytest.LogCaptureFixture) -> None:
    out = tmp_path / "en.csv"
    with caplog.at_level(logging.INFO, logger="siting"):
        assert cli(capsys, "--demo", "--lang", "en", "--out", out)[0] == 0
    # the command line's own lines are in the chosen language too
    assert "police stations used: Politistasjon (demo) (OSM n8)" in caplog.messages
    assert re.fullmatch(r"ranked 5 plots \(2 pass all rules; 2 fail a rule; 1 flagged, not "
                        r"assessed\) in \d+\.\d\d s -> .*en\.csv", caplog.messages[-1])
    t = by_id(pd.read_csv(out))
    assert t.at["B", "reasons"] == "Bus: 543 m to the nearest bus stop, limit 500 m"
    assert t.at["E", "reasons"].startswith(
        "360 m from the nearest street (limit 250 m): check the location")


# --- real python -m siting --------------------------------------------------------------------
def python_m(*args: object) -> subprocess.CompletedProcess[str]:
    """Run ``python -m siting rank ...`` in a fresh interpreter."""
    return subprocess.run([sys.executable, "-m", "siting", "rank", *(str(a) for a in args)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.slow  # starts Python three times
def test_subprocess_demo_and_refusals(tmp_path: Path) -> None:
    ok = python_m("--demo", "--out", tmp_path / "demo.csv")
    assert ok.returncode == 0, ok.stderr
    assert "Traceback" not in ok.stderr
    assert len(pd.read_csv(tmp_path / "demo.csv")) == 5
    assert "Demodata: en oppdiktet by (Demoby)" in ok.stderr  # the made-up town says so
    assert "politistasjoner som brukes: Politistasjon (demo) (OSM n8)" in ok.stderr.splitlines()
    # the engine's progress lines too, in bokmål; no English line, no library's own
    assert f"skrev 5 tomter til {tmp_path / 'demo.csv'}" in ok.stderr.splitlines()
    assert "målte 5 tomter mot " in ok.stderr and " plots" not in ok.stderr
    gpkg = python_m("--demo", "--out", tmp_path / "demo.gpkg", "--lang", "en")
    assert gpkg.returncode == 0 and "Created" not in gpkg.stderr
    assert f"wrote 5 plots to {tmp_path / 'demo.gpkg'}" in gpkg.stderr.splitlines()
    assert re.search(r"^rangerte 5 tomter \(2 oppfyller alle krav; 2 bryter et krav; 1 "
                     r"flagget, ikke vurdert\) på \d+,\d\d s → .*demo\.csv$", ok.stderr,
                     re.MULTILINE)
    # an unknown result format is refused before any work: one line, even without -q
    bad = python_m("--demo", "--out", tmp_path / "result.xls")
    assert bad.returncode == 2
    assert bad.stderr == ("feil: result.xls: ukjent resultatformat '.xls'. Bruk .csv, .xlsx, "
                          ".gpkg eller .geojson.\n")
    assert not (tmp_path / "result.xls").exists()
    missing = python_m("--osm", tmp_path / "nope.osm.pbf", "--plots", DATA / "register_demo.csv",
                       "--out", tmp_path / "x.csv", "--lang", "en", "-q")
    assert missing.returncode == 2
    assert missing.stderr == (f"error: {tmp_path / 'nope.osm.pbf'}: file not found. Check the "
                              "path given to --osm.\n")


# --- real data: central Oslo ------------------------------------------------------------------
OSLO_PLOTS = [("P1", "Jernbanetorget", 10.7522, 59.9112), ("P2", "Grønland", 10.7600, 59.9125),
              ("P3", "Youngstorget", 10.7490, 59.9150), ("P4", "Stortinget", 10.7400, 59.9130),
              ("P5", "Bryggen, Bergen", 5.3221, 60.3913)]


def oslo_plots(path: Path) -> Path:
    """Five plots: four in central Oslo, one in Bergen (outside any Oslo extract)."""
    return geojson(path, [({"plot_id": i, "name": n}, point(x, y)) for i, n, x, y in OSLO_PLOTS])


@pytest.mark.shared
def test_oslo_extract_matches_the_pipeline(oslo_pbf: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    plots_file = oslo_plots(tmp_path / "oslo.geojson")
    out = tmp_path / "oslo.csv"
    code, err = cli(capsys, "--osm", oslo_pbf, "--plots", plots_file, "--lang", "en",
                    "--out", out)
    assert code == 0, err
    t = by_id(pd.read_csv(out))
    assert len(t) == 5
    assert dict(t["status"]) == {"P1": "ok", "P2": "ok", "P3": "ok", "P4": "ok",
                                 "P5": "flagged"}
    assert t.at["P5", "reasons"].startswith(
        "outside the area the OSM data covers: load an extract that includes this plot")
    direct = rank(load_study(oslo_pbf), read_plots(plots_file), None,
                  default_config("recovery", "en"))
    want = direct.ranked.set_index("plot_id")["walk_m_gp"]
    for plot_id in want.index:
        assert t.at[plot_id, "walk_m_gp"] == pytest.approx(want[plot_id], abs=0.005,
                                                           nan_ok=True)
    assert (t.loc[["P1", "P2", "P3", "P4"], "walk_m_gp"] < 1000).all()
    # Bergen, 300 km from the Oslo extract, is not measured at all: no walk of 300 km,
    # no police time to the extract's edge, no service named
    assert t.loc["P5", ["walk_m_gp", "walk_m_bus", "police_drive_min",
                        "patrol_detour_min"]].isna().all()
    assert pd.isna(t.at["P5", "nearest_gp"]) and pd.isna(t.at["P5", "note"])
    # nor a distance of 300 km to the walk network or a piece of network it is not on
    assert t.loc["P5", ["snap_m", "drive_snap_m", "component_nodes"]].isna().all()
    raw = by_id(pd.read_csv(out, dtype=str))  # the others' pieces as written: whole numbers
    assert raw.loc[["P1", "P2", "P3", "P4"], "component_nodes"].str.isdigit().all()


TRIAL = ("plot_id,name,lat,lon\nT6,Sagene riverside,59.9375,10.7560\n"
         "T10,Sofienberg (typed wrong way round),10.7640,59.9220\n"
         "T11,Trondheim test plot,63.4300,10.3900\n")


@pytest.mark.shared
def test_public_outputs_give_a_plot_outside_the_area_no_position(
        oslo_pbf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: a row typed with latitude and longitude swapped got a "cell" in every
    public output (lon/lat in the CSV and Excel, a polygon in the GeoJSON, a marker with
    its popup on the map), computed far outside the projection's zone; its centre lay 78 m
    from the position the tool itself suggested."""
    import openpyxl

    plots = tmp_path / "tomter.csv"
    plots.write_text(TRIAL, encoding="utf-8")
    for suffix in (".csv", ".xlsx", ".geojson", ".gpkg"):
        code, err = cli(capsys, "--osm", oslo_pbf, "--plots", plots, "--public",
                        "--out", tmp_path / f"pub{suffix}", "--map", tmp_path / "pub.html")
        assert code == 0, err
    table = pd.read_csv(tmp_path / "pub.csv")
    assert table["plot"].tolist() == ["Tomt 1", "Tomt 2", "Tomt 3"]
    assert table[["lon", "lat"]].isna().all(axis=1).tolist() == [False, True, True]
    assert table["status"].tolist()[1:] == [
        "flagget, ikke vurdert: utenfor kartområdet; ikke på kartet"] * 2
    sheet = list(openpyxl.load_workbook(tmp_path / "pub.xlsx").worksheets[0].iter_rows(
        values_only=True))
    assert [r[-2:] for r in sheet[2:]] == [("ingen plassering", "ingen plassering")] * 2
    for suffix in (".geojson", ".gpkg"):
        assert gpd.read_file(tmp_path / f"pub{suffix}").geometry.isna().tolist() == [
            False, True, True], suffix
    page = (tmp_path / "pub.html").read_text(encoding="utf-8")
    assert page.count("L.rectangle(") == 1 and "<b>Tomt 1</b>" in page
    assert "<b>Tomt 2</b>" not in page and "<b>Tomt 3</b>" not in page
    assert "Tomt 2: utenfor kartomr\\u00e5det" in page  # the legend says why, in JSON


@pytest.mark.shared
def test_a_plot_not_measured_has_no_distance_to_the_network_in_any_table(
        oslo_pbf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: the Excel gave 7,906,902 m and 389,197 m to the walk network (and
    pieces of 3 and 62,968 nodes) for the swapped row and the Trondheim plot."""
    import openpyxl

    plots = tmp_path / "tomter.csv"
    plots.write_text(TRIAL, encoding="utf-8")
    for suffix in (".csv", ".xlsx", ".gpkg"):
        code, err = cli(capsys, "--osm", oslo_pbf, "--plots", plots,
                        "--out", tmp_path / f"int{suffix}")
        assert code == 0, err
    columns = ["snap_m", "drive_snap_m", "component_nodes"]
    for suffix in (".csv", ".gpkg"):
        read = pd.read_csv(tmp_path / "int.csv") if suffix == ".csv" else gpd.read_file(
            tmp_path / "int.gpkg")
        t = by_id(read)
        assert t.loc[["T10", "T11"], columns].isna().all().all(), suffix
        assert t.at["T6", "snap_m"] == pytest.approx(0.2, abs=0.01), suffix  # as before
        assert t.at["T6", "component_nodes"] == 62_968, suffix
    [head, *rows] = openpyxl.load_workbook(tmp_path / "int.xlsx").worksheets[0].iter_rows(
        values_only=True)
    at = {h: head.index(h) for h in ("Avstand til gangnettet (m)",
                                     "Avstand til kjørbar vei (m)", "Gatenettbit (noder)")}
    assert [[r[i] for i in at.values()] for r in rows[1:]] == [["ikke målt"] * 3] * 2
    assert rows[0][at["Gatenettbit (noder)"]] == 62_968


@pytest.mark.shared
def test_plots_outside_the_extract_are_flagged_not_refused(
        opera_pbf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the streets of the tiny Bjørvika extract cover the waterfront south of the station;
    # none of the plots (Jernbanetorget, Grønland, Youngstorget, Stortinget, Bergen) lies
    # inside the area they cover
    out = tmp_path / "outside.csv"
    code, err = cli(capsys, "--osm", opera_pbf, "--plots", oslo_plots(tmp_path / "o.geojson"),
                    "--lang", "en", "--out", out)
    assert code == 0, err
    t = pd.read_csv(out)
    assert len(t) == 5
    assert (t["status"] == "flagged").all()
    # Jernbanetorget lies within the streets' box (a larger extract or a check of the place
    # mends it); the others lie past it
    within = t["reasons"].str.startswith("outside the area the streets of the OSM data "
                                         "cover, though within the extract")
    past = t["reasons"].str.startswith("outside the area the OSM data covers: load an extract "
                                       "that includes this plot")
    assert (within | past).all()
    assert sorted(t.loc[within, "name"]) == ["Jernbanetorget"], t[["name", "reasons"]]
    assert t["rank"].isna().all()


@pytest.mark.shared
def test_rerun_on_other_data_is_said_in_the_runs_language(
        oslo_pbf: Path, opera_pbf: Path, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "s.gpkg"
    code, err = cli(capsys, "--osm", oslo_pbf, "--plots", oslo_plots(tmp_path / "o.geojson"),
                    "--out", tmp_path / "r.csv", "--scenario-out", saved)
    assert code == 0, err
    again = ("--scenario", saved, "--osm", opera_pbf, "--out", tmp_path / "r2.csv")
    oslo = "oslo-center.osm.pbf (sha256 dbba9adb…, {} {})"
    opera = "oslo-opera.osm.pbf (sha256 30106efe…, {} {})"
    assert refused(capsys, *again, "--quiet") == (
        f"s.gpkg: scenarioet ble laget med {oslo.format('datert', '16.06.2025')}; OSM-dataene "
        f"som er gitt, er andre ({opera.format('datert', '10.06.2025')}); åpne det samme "
        "utdraget, eller bruk --accept-new-data for å kjøre på nytt med de nye dataene")
    assert refused(capsys, *again, "--quiet", "--lang", "en") == (
        f"s.gpkg: the scenario was made with {oslo.format('dated', '2025-06-16')}; the OSM "
        f"data given is different ({opera.format('dated', '2025-06-10')}); open the same "
        "extract, or pass --accept-new-data to rerun on the new data")
    for lang, line in (("nb", "kjører s.gpkg på nytt med nye OSM-data: "
                              + opera.format("datert", "10.06.2025")),
                       ("en", "rerunning s.gpkg on new OSM data: "
                              + opera.format("dated", "2025-06-10"))):
        done = python_m(*again, "--accept-new-data", "--lang", lang)  # as the user sees it
        assert done.returncode == 0, done.stderr
        assert line in done.stderr.splitlines(), done.stderr


# --- the service register ---------------------------------------------------------------------
def test_register_adds_services(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "reg.csv"
    assert cli(capsys, "--demo", "--services", DATA / "register_demo.csv", "--out", out)[0] == 0
    t = by_id(pd.read_csv(out))
    assert t.at["A", "walk_m_mental_health"] == pytest.approx(A_MENTAL_REGISTER, abs=0.01)
    assert t.at["A", "nearest_mental_health"] == "Psykisk helseteam Øst (register)"
    assert t.at["A", "walk_m_substance_abuse"] == pytest.approx(A_RUS_REGISTER, abs=0.01)
    assert t.at["A", "walk_m_nav"] == pytest.approx(A_NAV_REGISTER, abs=0.01)  # a new category
    # OSM's own service stays: for B it is still the nearer one
    assert t.at["B", "walk_m_mental_health"] == pytest.approx(B_MENTAL, abs=0.01)
    assert t.at["B", "nearest_mental_health"] == "Psykisk helse Demoby (demo)"


def test_register_replaces_a_category_when_the_config_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "replace.csv"
    code, _ = cli(capsys, "--demo", "--services", DATA / "register_demo.csv",
                  "--config", DATA / "replace_mental.toml", "--out", out)
    assert code == 0
    t = by_id(pd.read_csv(out))
    assert t.at["B", "walk_m_mental_health"] == pytest.approx(B_MENTAL_REGISTER, abs=0.01)
    assert set(t["nearest_mental_health"]) == {"Psykisk helseteam Øst (register)"}
    # other categories keep OSM's services
    assert t.at["A", "walk_m_gp"] == pytest.approx(A_GP, abs=0.01)


def test_register_rows_that_cannot_be_used_are_refused_one_by_one(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    register = tmp_path / "tjenester.csv"
    register.write_text("kategori;navn;lat;lon\npsykisk helse;Team;63,289;10,385\n"
                        ";Uten kategori;63,289;10,385\nrus;Uten sted;;\n", encoding="utf-8")
    out = tmp_path / "x.csv"
    code, err = cli(capsys, "--demo", "--services", register, "--lang", "en", "--out", out)
    assert code == 0, err
    err = caplog.text
    assert "tjenester.csv: row 2: refused: no usable category; write one of gp, bus, shop, " \
           "mental_health, substance_abuse, pharmacy, school, police (or a new key such as " \
           "nav)" in err
    assert "tjenester.csv: row 3: refused: no location; give breddegrad/lengdegrad (or " \
           "øst/nord with the CRS)\n" in err
    assert set(pd.read_csv(out)["nearest_mental_health"]) <= {"Team", "Psykisk helse Demoby (demo)"}


def test_register_without_any_usable_row_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = tmp_path / "tjenester.csv"
    register.write_text("kategori;navn;lat;lon\n;Uten kategori;63,289;10,385\n"
                        "rus;Uten sted;;\n", encoding="utf-8")
    assert refused(capsys, "--demo", "--services", register, "--lang", "en",
                   "--out", tmp_path / "x.csv") == (
        "tjenester.csv: row 1 has no usable category; write one of gp, bus, shop, "
        "mental_health, substance_abuse, pharmacy, school, police (or a new key such as nav) "
        "in column 'category'; row 2 has no location; give lat/lon or the address (column "
        "adresse).")


# --- configuration ----------------------------------------------------------------------------
def test_toml_config_switches_a_rule_off(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "toml.csv"
    assert cli(capsys, "--demo", "--config", DATA / "bus_rule_off.toml", "--out", out)[0] == 0
    t = by_id(pd.read_csv(out))
    assert t.at["B", "status"] == "ok"  # 543 m to the bus no longer fails a rule
    assert pd.isna(t.at["B", "reasons"])  # empty: nothing to explain
    assert t.at["B", "score"] == pytest.approx(68.712, abs=0.001)  # scores are unchanged


def test_yaml_config_and_profile_change_the_ranking(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_csv: pd.DataFrame) -> None:
    yaml_out, flag_out = tmp_path / "yaml.csv", tmp_path / "profile.csv"
    assert cli(capsys, "--demo", "--config", DATA / "active_en.yaml", "--out", yaml_out)[0] == 0
    assert cli(capsys, "--demo", "--profile", "active-use", "--lang", "en",
               "--out", flag_out)[0] == 0
    from_yaml, from_flag = pd.read_csv(yaml_out), pd.read_csv(flag_out)
    pd.testing.assert_frame_equal(from_yaml, from_flag)
    recovery = by_id(demo_csv)
    active = by_id(from_yaml)
    assert active.at["C", "score"] == 100.0  # police reach and patrol weigh more
    assert recovery.at["C", "score"] < 100.0
    assert active.at["B", "status"] == "ok" and recovery.at["B", "status"] == "fails_rules"
    assert active.at["E", "reasons"] == (
        "360 m from the nearest street (limit 250 m): check the location")  # lang from YAML


def test_profile_conflicting_with_the_config_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = DATA / "bus_rule_off.toml"  # profile = "recovery"
    assert refused(capsys, "--demo", "--config", config, "--profile", "active-use",
                   "--out", tmp_path / "x.csv") == (
        "bus_rule_off.toml sier profil 'recovery', men --profile sier 'active-use'; "
        "fjern en av dem.")
    assert refused(capsys, "--demo", "--config", config, "--profile", "active-use",
                   "--lang", "en", "--out", tmp_path / "x.csv") == (
        "bus_rule_off.toml says profile 'recovery' but --profile says 'active-use'; "
        "drop one of them.")


def test_a_config_naming_no_profile_builds_on_the_profile_flag(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a police trial: a file with only police settings was refused beside --profile, as if
    # it said "recovery"
    config = tmp_path / "politi.toml"
    config.write_text("[police]\ndispatch_min = 2.5\n", encoding="utf-8")
    out, flag = tmp_path / "x.csv", tmp_path / "flag.csv"
    assert cli(capsys, "--demo", "--config", config, "--profile", "active-use",
               "--out", out)[0] == 0
    assert cli(capsys, "--demo", "--profile", "active-use", "--out", flag)[0] == 0
    with_file, with_flag = by_id(pd.read_csv(out)), by_id(pd.read_csv(flag))
    assert (with_file["police_response_min"] - with_flag["police_response_min"]).round(
        9).tolist() == [2.5] * len(with_flag)  # the file's dispatch delay, on active use
    assert with_file.at["B", "status"] == "ok"  # active use's rules, not recovery's


def test_bad_config_keys_give_one_line(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "plan.toml"
    config.write_text('replace_categries = ["bus"]\nfarge = "blå"\n', encoding="utf-8")
    message = refused(capsys, "--demo", "--config", config, "--lang", "en",
                      "--out", tmp_path / "x.csv")
    # both problems on one line (the list of allowed keys grows with the config module)
    assert message.startswith(
        "plan.toml: unknown key 'replace_categries' (did you mean 'replace_categories'?); "
        "plan.toml: unknown key 'farge'; allowed keys: profile, criteria, rules, "
        "replace_categories, max_snap_m, lang")


# --- bad input: a clear refusal or a complete answer ------------------------------------------
A_LONLAT = lonlat(420, 528)  # plot A's spot


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tomter.geojson").write_bytes(b"")
    assert refused(capsys, "--demo", "--plots", tmp_path / "tomter.geojson",
                   "--out", tmp_path / "x.csv") == (
        "tomter.geojson: fila er tom; eksporter tomtene på nytt og last opp den lagrede fila.")


def test_non_geojson_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tomter.geojson").write_text("tomt;lat;lon\nA;63,28;10,38\n", encoding="utf-8")
    assert refused(capsys, "--demo", "--plots", tmp_path / "tomter.geojson", "--lang", "en",
                   "--out", tmp_path / "x.csv") == (
        "tomter.geojson: not GeoJSON (invalid JSON at line 1, column 1); save the plots as "
        "GeoJSON from your GIS, e.g. QGIS: Export > Save Features As > GeoJSON.")


def test_empty_feature_collection(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plots = geojson(tmp_path / "tomter.geojson", [])
    assert refused(capsys, "--demo", "--plots", plots, "--lang", "en",
                   "--out", tmp_path / "x.csv") == (
        "tomter.geojson: the file contains no plots (0 features); add at least one plot.")


def test_projected_metres_need_crs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # plot A's spot in EPSG:25832 metres, without a "crs" member
    plots = geojson(tmp_path / "utm.geojson",
                    [({"plot_id": "A"}, point(ORIGIN[0] + 420, ORIGIN[1] + 528))])
    assert refused(capsys, "--demo", "--plots", plots, "--lang", "en",
                   "--out", tmp_path / "x.csv") == (
        "utm.geojson: coordinates look like projected metres (e.g. 569420, 7018528) but the "
        "file has no CRS; give the CRS, e.g. EPSG:25832 (UTM 32N, used in Trøndelag) "
        "or EPSG:25833 (command line: --crs; app: the CRS field).")
    out = tmp_path / "utm.csv"
    assert cli(capsys, "--demo", "--plots", plots, "--crs", "EPSG:25832", "--out", out)[0] == 0
    t = by_id(pd.read_csv(out))
    assert t.at["A", "walk_m_gp"] == pytest.approx(A_GP, abs=0.01)


def test_swapped_lat_lon(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Demoby sentrum (lon 10.3843, lat 63.2889) written latitude first
    plots = geojson(tmp_path / "byttet.geojson", [({"plot_id": "A"}, point(63.2889, 10.3843))])
    assert refused(capsys, "--demo", "--plots", plots, "--lang", "en",
                   "--out", tmp_path / "x.csv") == (
        "byttet.geojson: the coordinates look like (lat, lon), e.g. (63.2889, 10.3843), "
        "instead of GeoJSON's (lon, lat) order (Norway lies at longitude 4–32, latitude 57–72); "
        "export the plots again with longitude (east) first.")


def test_duplicate_ids(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plots = geojson(tmp_path / "dup.geojson", [({"plot_id": "A"}, point(*A_LONLAT)),
                                              ({"plot_id": "B"}, point(*lonlat(276, 912))),
                                              ({"plot_id": "A"}, point(*lonlat(660, 48)))])
    assert refused(capsys, "--demo", "--plots", plots, "--lang", "en",
                   "--out", tmp_path / "x.csv") == (
        "dup.geojson: duplicate plot ids in column 'plot_id': 'A' (rows 1, 3); give each plot "
        "a unique id in column plot_id.")


def test_line_geometries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = {"type": "LineString", "coordinates": [list(A_LONLAT), list(lonlat(480, 528))]}
    plots = geojson(tmp_path / "linjer.geojson", [({"plot_id": "A"}, point(*A_LONLAT)),
                                                 ({"plot_id": "L"}, line)])
    assert refused(capsys, "--demo", "--plots", plots, "--lang", "en",
                   "--out", tmp_path / "x.csv") == (
        "linjer.geojson: row 2 (id 'L') is a line (LineString); plots must be points or "
        "polygons; draw the plot as a polygon or give its centre point.")


def test_self_intersecting_polygon_is_repaired_and_noted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a bow-tie around plot A: (400, 500) -> (440, 560) -> (440, 500) -> (400, 560); repaired
    # to two triangles whose lowest corners (400, 500) and (440, 500) are 20 m from row 4
    ring = [lonlat(x, y) for x, y in [(400, 500), (440, 560), (440, 500), (400, 560),
                                      (400, 500)]]
    plots = geojson(tmp_path / "sloyfe.geojson", [
        ({"plot_id": "S", "name": "Sløyfe"}, {"type": "Polygon", "coordinates": [ring]})])
    for lang, note in (("en", "invalid polygon repaired"), ("nb", "ugyldig polygon reparert")):
        out = tmp_path / f"sloyfe_{lang}.csv"
        assert cli(capsys, "--demo", "--plots", plots, "--lang", lang, "--out", out)[0] == 0
        row = pd.read_csv(out, keep_default_na=False).iloc[0]
        assert row["status"] == "ok"  # measured: the repair does not stop the assessment
        assert row["rank"] == 1
        assert row["reasons"] == note
        assert row["snap_m"] == pytest.approx(20.0, abs=0.01)


def test_rows_with_missing_coordinates_are_flagged(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lon, lat = A_LONLAT
    plots = tmp_path / "tomter.csv"
    plots.write_text(f"tomt;lat;lon\nA;{lat:.9f};{lon:.9f}\nUten lon;63,2889;\nTom;;\n"
                     .replace(".", ",") + "Skrivefeil;abc;10,38\n", encoding="utf-8")
    notes = {"en": ("missing coordinates", "unreadable coordinates (lat 'abc', lon '10,38')"),
             "nb": ("mangler koordinater", "uleselige koordinater (lat 'abc', lon '10,38')")}
    for lang, (missing, unreadable) in notes.items():
        out = tmp_path / f"missing_{lang}.csv"
        assert cli(capsys, "--demo", "--plots", plots, "--lang", lang, "--out", out)[0] == 0
        t = by_id(pd.read_csv(out, keep_default_na=False, na_values=[""]))
        assert sorted(t.index) == ["A", "Skrivefeil", "Tom", "Uten lon"]  # none lost
        assert t.at["A", "walk_m_gp"] == pytest.approx(A_GP, abs=0.01)
        assert t.at["A", "status"] == "ok"
        for plot_id, note in (("Uten lon", missing), ("Tom", missing),
                              ("Skrivefeil", unreadable)):
            assert t.at[plot_id, "status"] == "flagged"
            assert t.at[plot_id, "reasons"] == note  # no rule "fails" on unknown figures
            assert pd.isna(t.at[plot_id, "walk_m_gp"])  # unknown, not unreachable
            assert pd.isna(t.at[plot_id, "police_drive_min"])
            assert pd.isna(t.at[plot_id, "rank"])


def test_zip_slip_archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "tomter.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("tomter.shp", b"")
        zf.writestr("../../etc/evil.shp", b"x")
    assert refused(capsys, "--demo", "--plots", archive, "--lang", "en",
                   "--out", tmp_path / "x.csv") == (
        "tomter.zip: entry '../../etc/evil.shp' tries to escape its folder; the archive is "
        "unsafe; zip the shapefile's .shp, .shx, .dbf and .prj files only.")
    assert not (tmp_path.parent / "etc").exists()


HOSTILE = "<script>alert('tomt')</script> & <b>Tomt</b>"


def test_html_in_plot_names_is_kept_verbatim_in_csv(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plots = geojson(tmp_path / "xss.geojson", [({"plot_id": "X", "name": HOSTILE},
                                                point(*A_LONLAT))])
    out = tmp_path / "xss.csv"
    assert cli(capsys, "--demo", "--plots", plots, "--out", out)[0] == 0
    assert pd.read_csv(out).at[0, "name"] == HOSTILE


def test_html_in_plot_names_is_escaped_in_the_map(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plots = geojson(tmp_path / "xss.geojson", [({"plot_id": "X", "name": HOSTILE},
                                                point(*A_LONLAT))])
    page = tmp_path / "kart.html"
    code, err = cli(capsys, "--demo", "--plots", plots, "--out", tmp_path / "x.csv",
                    "--map", page)
    assert code == 0, err
    text = page.read_text(encoding="utf-8")
    assert html.escape(HOSTILE) in text
    assert "<script>alert(" not in text
    asset = re.compile(r"""<(?:script|link|img)\b[^>]*\b(?:src|href)\s*=\s*["']?https?://"""
                       r"""|url\(\s*["']?https?://""", re.IGNORECASE)
    assert not asset.search(text)


def test_missing_osm_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plots = geojson(tmp_path / "p.geojson", [({"plot_id": "A"}, point(*A_LONLAT))])
    osm = tmp_path / "melhus.osm.pbf"
    assert refused(capsys, "--osm", osm, "--plots", plots, "--lang", "en",
                   "--out", tmp_path / "x.csv") == (
        f"{osm}: file not found. Check the path given to --osm.")


def test_wrong_osm_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plots = geojson(tmp_path / "p.geojson", [({"plot_id": "A"}, point(*A_LONLAT))])
    assert refused(capsys, "--osm", plots, "--plots", plots, "--lang", "en",
                   "--out", tmp_path / "x.csv") == (
        "p.geojson: not an OSM file (expected .osm.pbf, .osm or .osm.bz2).")


def test_unknown_output_extension(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert refused(capsys, "--demo", "--lang", "en", "--out", tmp_path / "result.xls") == (
        "result.xls: unknown result format '.xls'. Use .csv, .xlsx, .gpkg or .geojson.")
    assert not (tmp_path / "result.xls").exists()


def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taken = tmp_path / "result.csv"
    taken.mkdir()  # a folder stands where the file should go
    assert refused(capsys, "--demo", "--lang", "en", "--out", taken) == (
        f"result.csv: cannot be written (Is a directory: {taken}); choose a folder you can "
        "write to and a name that is not an open or read-only file.")


def test_no_map_data_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # real plots without --osm/--place must never be ranked against the made-up demo town
    plots = geojson(tmp_path / "p.geojson", [({"plot_id": "A"}, point(*A_LONLAT))])
    assert refused(capsys, "--plots", plots, "--lang", "en", "--out", tmp_path / "x.csv") == (
        'no map data given: pass --osm EXTRACT (.osm.pbf, .osm or .osm.bz2), --place '
        '"Melhus kommune, Norway", or --demo for the made-up demo town.')
    assert not (tmp_path / "x.csv").exists()


def test_a_map_not_named_html_is_refused_before_any_work(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, page = tmp_path / "x.csv", tmp_path / "kart.png"
    assert refused(capsys, "--demo", "--out", out, "--map", page) == (
        "kart.png: kartet er en HTML-side; gi det endelsen .html (f.eks. kart.html).")
    assert refused(capsys, "--demo", "--lang", "en", "--out", out, "--map", page) == (
        "kart.png: the map is an HTML page; name it .html (e.g. kart.html).")
    assert not out.exists() and not page.exists()


def test_errors_follow_the_config_language(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "tomter.geojson").write_bytes(b"")
    # no --lang: active_en.yaml says lang: en, so the refusal is in English
    assert refused(capsys, "--demo", "--config", DATA / "active_en.yaml",
                   "--plots", tmp_path / "tomter.geojson", "--out", tmp_path / "x.csv") == (
        "tomter.geojson: the file is empty; export the plots again and upload the saved file.")
    code, err = cli(capsys, "--demo", "--config", DATA / "active_en.yaml", "--plots",
                    tmp_path / "tomter.geojson", "--out", tmp_path / "x.csv")
    assert err.startswith("error: tomter.geojson")  # the prefix too
    code, err = cli(capsys, "--demo", "--plots", tmp_path / "tomter.geojson", "--out",
                    tmp_path / "x.csv")
    assert code == 2 and err.startswith("feil: tomter.geojson: fila er tom")  # bokmål's


def test_other_os_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import siting.pipeline

    def unreadable(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "/data/melhus.osm.pbf")

    monkeypatch.setattr(siting.pipeline, "load_study", unreadable)
    assert refused(capsys, "--demo", "--lang", "en", "--out", tmp_path / "x.csv") == (
        "melhus.osm.pbf: Permission denied (/data/melhus.osm.pbf); check the path and its "
        "permissions.")


@pytest.mark.parametrize(("args", "message"), [
    (["--demo", "--profile", "rus", "--out", "x.csv"],
     "argument --profile: invalid choice: 'rus' (choose from 'recovery', 'active-use')"),
    (["--demo"], "the following arguments are required: --out"),
    (["--demo", "--osm", "a.osm.pbf", "--out", "x.csv"],
     "argument --osm: not allowed with argument --demo"),
])
def test_usage_errors_are_one_line(args: list[str], message: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["rank", *args])
    assert info.value.code == 2
    assert capsys.readouterr().err == f"error: {message}; see python -m siting rank --help\n"


# --- plots by gnr/bnr and address, Excel out ------------------------------------------------
def test_plots_by_gnr_bnr_and_address_to_excel(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               caplog: pytest.LogCaptureFixture) -> None:
    import logging

    import openpyxl
    from test_addresses import kartverket_csv

    def row(number: str, bnr: str, x: float, y: float) -> tuple:
        return ("Demoveien", number, "", "21", bnr, "0", ORIGIN[1] + y, ORIGIN[0] + x, "", "",
                "7224", "MELHUS")

    # Kartverket's file puts Demoveien 5 (21/5) where demo plot A stands, 7 (21/6) at C
    kv = kartverket_csv(tmp_path / "matrikkelenVegadresse.csv",
                        [row("5", "5", 420, 528), row("7", "6", 876, 660)])
    plots = tmp_path / "tomter.csv"
    plots.write_text("tomt;navn;gnr;bnr;adresse\nA;Gnr-tomta;21;5;\nC;Adressetomta;;;"
                     "demovn. 7\nX;Borte;;;Demoveien 99\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="siting"):
        code, err = cli(capsys, "--demo", "--plots", plots, "--addresses", kv,
                        "--out", tmp_path / "r.xlsx", "--scenario-out", tmp_path / "s.gpkg")
        assert code == 0, err
        # the scenario keeps what each plot was given and matched: a rerun gives the same
        assert cli(capsys, "--scenario", tmp_path / "s.gpkg", "--out", tmp_path / "r2.csv")[0] == 0
    assert "kjørte s.gpkg på nytt: samme resultater som lagret" in caplog.text
    # the rerun warns and sums up as the first run did: X (not found) is not measured
    assert len([m for m in caplog.messages if m.startswith("ikke målt: Borte (X)")]) == 2
    assert [m for m in caplog.messages if re.fullmatch(
        r"rangerte 3 tomter \(.*1 flagget, ikke vurdert.*\) på \d+,\d\d s → .*r2\.csv", m)]
    assert list(pd.read_csv(tmp_path / "r2.csv", keep_default_na=False)["match"]) == [
        "Demoveien 5, 7224 MELHUS", "Demoveien 7, 7224 MELHUS", ""]
    err = caplog.text
    assert "A: «21/5» -> Demoveien 5, 7224 MELHUS (gnr/bnr)" in err
    assert "C: «demovn. 7» -> Demoveien 7, 7224 MELHUS (annen skrivemåte)" in err
    assert ("X: «Demoveien 99» -> – (ikke funnet): fant ikke adressen «Demoveien 99»; nærmeste: "
            "«Demoveien 7, 7224 MELHUS», «Demoveien 5, 7224 MELHUS»") in err
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    head = rows[0]
    table = {r[1]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert [r[1] for r in rows[1:]] == ["A", "C", "X"]  # rank order, the flagged plot last
    assert table["A"]["Fastlege, gange (m)"] == A_GP  # the hand-computed demo figures
    assert table["C"]["Fastlege, gange (m)"] == C_GP
    assert table["A"]["Politi, kjøretid (min)"] == round(A_POLICE, 3)
    assert table["A"]["Funnet adresse"] == "Demoveien 5, 7224 MELHUS"
    assert (table["C"]["Oppgitt adresse"], table["C"]["Adressetreff"]) == ("demovn. 7",
                                                                           "annen skrivemåte")
    assert (table["X"]["Rangering"], table["X"]["Fastlege, gange (m)"]) == ("ikke rangert",
                                                                            "ikke målt")
    assert table["X"]["Flagget fordi"] == (
        "fant ikke adressen «Demoveien 99»; nærmeste: «Demoveien 7, 7224 MELHUS», «Demoveien 5, "
        "7224 MELHUS»")


def test_plots_not_measured_are_named_ten_at_most(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    # twelve plots in Oslo on the Melhus demo: a file read on the wrong extract names ten
    # and counts the rest, instead of a line per plot
    plots = tmp_path / "oslo.csv"
    plots.write_text("tomt;lat;lon\n" + "".join(
        f"O{i:02d};59,91{i:02d};10,75\n" for i in range(12)), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="siting"):
        code, err = cli(capsys, "--demo", "--plots", plots, "--out", tmp_path / "r.csv")
    assert code == 0, err
    lines = [m for m in caplog.messages if m.startswith("ikke målt: ")]
    # (named once: the file's one column gave both id and name)
    assert [m.split(": ")[1] for m in lines[:10]] == [f"O{i:02d}" for i in range(10)]
    assert lines[10:] == ["ikke målt: 2 tomter til; resultatfilen gir grunnen for hver"]


# --- plots from Excel -------------------------------------------------------------------------


def office_workbook(path: Path) -> Path:
    """Plots A and B as an office keeps them in Excel: a title row, a blank row, A's
    coordinates as numbers, B's as text with decimal commas, a total row, a second sheet."""
    from openpyxl import Workbook

    (a_lon, a_lat), (b_lon, b_lat) = A_LONLAT, lonlat(276, 912)
    book = Workbook()
    for row in (["Kandidattomter"], [], ["tomt", "navn", "breddegrad", "lengdegrad", "areal"],
                ["A", "Tomt A", a_lat, a_lon, 1000],
                ["B", "Tomt B", f"{b_lat:.6f}".replace(".", ","),
                 f"{b_lon:.6f}".replace(".", ","), 500], ["Totalt", None, None, None, 1500]):
        book.active.append(row)
    book.active.merge_cells("A1:E1")
    book.create_sheet("Kilder").append(["kilde", "dato"])
    book.save(path)
    return path


def test_plots_from_excel_are_ranked_as_from_csv(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plots = office_workbook(tmp_path / "tomter.xlsx")
    out = tmp_path / "x.csv"
    code, err = cli(capsys, "--demo", "--plots", plots, "--lang", "en", "--out", out)
    assert code == 0, err
    t = by_id(pd.read_csv(out))
    assert sorted(t.index) == ["A", "B"]
    assert t.at["A", "name"] == "Tomt A"
    assert t.at["A", "walk_m_gp"] == pytest.approx(A_GP, abs=0.01)
    assert t.at["A", "snap_m"] == pytest.approx(A_SNAP, abs=0.01)
    (b_lon, b_lat) = lonlat(276, 912)
    csv = tmp_path / "tomter.csv"
    csv.write_text(f"tomt;navn;breddegrad;lengdegrad;areal\nA;Tomt A;{A_LONLAT[1]!r};"
                   f"{A_LONLAT[0]!r};1000\nB;Tomt B;{b_lat:.6f};{b_lon:.6f};500\n",
                   encoding="utf-8")
    assert cli(capsys, "--demo", "--plots", csv, "--lang", "en",
               "--out", tmp_path / "y.csv")[0] == 0
    pd.testing.assert_frame_equal(pd.read_csv(out), pd.read_csv(tmp_path / "y.csv"))


def test_an_excel_file_it_cannot_read_gets_one_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.create_sheet("Tomter").append(["id", "lat", "lon"])
    book.save(tmp_path / "tomter.xlsx")
    assert refused(capsys, "--demo", "--plots", tmp_path / "tomter.xlsx",
                   "--out", tmp_path / "x.csv") == (
        "tomter.xlsx: det første arket ('Sheet') er tomt; legg tabellen på det første arket "
        "(dra fanen til venstre), eller lagre arket som CSV.")
    (tmp_path / "gammel.xlsx").write_bytes(b"\xd0\xcf\x11\xe0 an old .xls renamed")
    assert refused(capsys, "--demo", "--plots", tmp_path / "gammel.xlsx", "--lang", "en",
                   "--out", tmp_path / "x.csv") == (
        "gammel.xlsx: cannot be read as an Excel workbook (File is not a zip file); open it in "
        "Excel and save it again as an Excel workbook (.xlsx), or save the sheet as CSV.")
