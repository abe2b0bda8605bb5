"""Tests for siting.scenario: exact round trips, file layout, errors, changed data."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import Point

from siting.config import Config, config_from_dict, default_config, with_weights
from siting.demo import demo_plots
from siting.errors import ConfigError, InputError
from siting.osm import OsmData
from siting.pipeline import Result, load_study, rank
from siting.scenario import (
    FLAG_CODES,
    FORMAT_VERSION,
    DataChangedError,
    Scenario,
    exact_result_frame,
    load_scenario,
    outside_flags,
    rerun,
    same_data,
    same_results,
    save_scenario,
    scenario_bytes,
    scenario_from_result,
    study_for,
)

TOY_OSM = Path(__file__).parent / "data" / "toy" / "tiny.osm"


# --------------------------------------------------------------------------- helpers
def _custom_config() -> Config:
    """Weights changed, a rule toggled, a curve edited, a new criterion, English."""
    base = config_from_dict({
        "profile": "recovery", "lang": "en",
        "criteria": {"gp": {"curve": {"full": 300.0, "zero": 1000.0, "shape": "smooth"}},
                     "nav": {"column": "walk_m_nav", "weight": 1.5,
                             "curve": {"full": 500.0, "zero": 2000.0, "shape": "exponential"}}},
        "rules": [{"column": "walk_m_school", "op": "min", "value": 100.0, "enabled": True}],
    })
    return with_weights(base, {"bus": 4.0, "pharmacy": 0.0, "patrol": 2.5})


def _register() -> gpd.GeoDataFrame:
    """Two of the municipality's own services near the demo centre (made up)."""
    return gpd.GeoDataFrame(
        {"category": ["nav", "mental_health"], "name": ["NAV Demoby (demo)", "Dagsenter (demo)"]},
        geometry=[Point(10.3862, 63.2893), Point(10.3905, 63.2912)], crs="EPSG:4326")


def _exact(frame: pd.DataFrame) -> pd.DataFrame:
    """Attribute columns of a results layer as a plain DataFrame, geometry as WKB."""
    out = pd.DataFrame(frame.drop(columns="geometry"))
    out["wkb"] = [None if g is None else g.wkb for g in frame.geometry]
    return out


def _assert_same_results(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(_exact(a), _exact(b), check_exact=True)


def _round_trip(tmp_path: Path, plots: gpd.GeoDataFrame, register: gpd.GeoDataFrame | None,
                config: Config, study_path: Path | None = None) -> tuple[Scenario, Result]:
    study = load_study(study_path)
    result = rank(study, plots, register, config)
    saved = scenario_from_result(result, plots, register, osm_path=study_path,
                                 title="Robuste boliger", notes="Første utkast")
    path = save_scenario(saved, tmp_path / "scenario.gpkg")
    loaded = load_scenario(path)
    assert loaded.config == config
    assert loaded.osm == saved.osm
    assert (loaded.title, loaded.notes, loaded.created) == (saved.title, saved.notes,
                                                            saved.created)
    _assert_same_results(loaded.results, saved.results)
    again = rerun(loaded, study_for(loaded))
    _assert_same_results(exact_result_frame(again.ranked, loaded.plots, loaded.config),
                         loaded.results)
    assert same_results(loaded, again)
    numeric = result.ranked.select_dtypes("number").columns
    pd.testing.assert_frame_equal(again.ranked[numeric], result.ranked[numeric],
                                  check_exact=True)
    return loaded, again


# --------------------------------------------------------------------------- round trips
def test_same_results_whatever_the_rerun_language_and_the_old_quotes(tmp_path: Path) -> None:
    import dataclasses

    # a committee trial: "rank --scenario s.gpkg --lang en" of a bokmål scenario said
    # "results differ from the saved ones", its numbers all the same
    loaded, again = _round_trip(tmp_path, demo_plots(), None, default_config())
    english = dataclasses.replace(loaded, config=dataclasses.replace(loaded.config, lang="en"))
    assert same_results(english, again)
    # English results saved when English quoted with «…» are the same as those with “…”
    note = "address “Demoveien 5” is not in the data; placed at Demoveien 5A"
    plots = demo_plots().assign(problem=[note, "", "", "", ""])
    result = rank(load_study(), plots, None, default_config(lang="en"))
    saved = scenario_from_result(result, plots)
    assert saved.results is not None and saved.results["note"].tolist()[0] == note
    old = saved.results.assign(note=saved.results["note"].str.replace("“", "«").str.replace(
        "”", "»"))
    assert same_results(dataclasses.replace(saved, results=old), result)
    moved = old.assign(walk_m_gp=old["walk_m_gp"] + 1e-9)
    assert not same_results(dataclasses.replace(saved, results=moved), result)


def test_demo_round_trip_is_exact(tmp_path: Path) -> None:
    loaded, again = _round_trip(tmp_path, demo_plots(), None, default_config())
    assert loaded.register is None
    assert loaded.file == "scenario.gpkg"
    assert list(loaded.plots.columns) == ["plot_id", "name", "problem", "geometry"]
    assert loaded.plots.crs.to_epsg() == 4326
    assert again.ranked["plot_id"].tolist() == ["A", "C", "B", "D", "E"]


def test_a_plots_files_own_columns_round_trip(tmp_path: Path) -> None:
    plots = demo_plots().assign(**{"own:Areal m²": ["1200", "", "800", "950", "700"],
                                   "own:Merknad": ["Kommunal", "", "=1+1", "", "Privat"]})
    loaded, _ = _round_trip(tmp_path, plots, None, default_config())
    assert loaded.plots["own:Areal m²"].tolist() == ["1200", "", "800", "950", "700"]
    assert loaded.plots["own:Merknad"].tolist() == ["Kommunal", "", "=1+1", "", "Privat"]
    assert loaded.results is not None
    by_id = loaded.results.set_index("plot_id")
    assert by_id.loc["C", "own:Areal m²"] == "800" and by_id.loc["E", "own:Merknad"] == "Privat"


def _mixed_plots() -> gpd.GeoDataFrame:
    """The demo plots plus a polygon plot and one without coordinates."""
    extra = gpd.GeoDataFrame(
        {"plot_id": ["F", "G"], "name": ["Tomt F (demo)", "Tomt G (demo)"],
         "problem": ["", "missing coordinates"]},
        geometry=[Point(10.3880, 63.2880).buffer(0.0004), None], crs="EPSG:4326")
    return gpd.GeoDataFrame(pd.concat([demo_plots(), extra], ignore_index=True),
                            geometry="geometry", crs="EPSG:4326")


def test_custom_config_and_register_round_trip(tmp_path: Path) -> None:
    config = _custom_config()
    loaded, again = _round_trip(tmp_path, _mixed_plots(), _register(), config)
    assert loaded.register is not None and loaded.results is not None
    assert loaded.plots.geometry.iloc[6] is None
    assert loaded.plots.geometry.iloc[5].geom_type == "Polygon"
    assert again.ranked.set_index("plot_id").loc["G", "status"] == "flagged"
    assert loaded.config.lang == "en"
    assert loaded.config.criteria["gp"].curve.shape == "smooth"
    assert loaded.config.rules[-1].enabled
    pd.testing.assert_frame_equal(pd.DataFrame(loaded.register.drop(columns="geometry")),
                                  pd.DataFrame(_register().drop(columns="geometry")))
    assert loaded.register.geometry.tolist() == _register().geometry.tolist()
    assert "walk_m_nav" in loaded.results and "points_nav" in loaded.results
    assert "Bus:" in " ".join(again.texts()["reasons"])  # English reasons kept


def test_infinite_distances_round_trip(tmp_path: Path) -> None:
    """A criterion column with no service at all is inf, and stays inf after reloading."""
    register = gpd.GeoDataFrame({"category": ["nav"], "name": ["NAV (demo)"]},
                                geometry=[Point(10.3862, 63.2893)], crs="EPSG:4326")
    study = load_study()
    result = rank(study, demo_plots(), register, default_config())
    frame = exact_result_frame(result.ranked, demo_plots(), result.config)
    frame.loc[0, "walk_m_nav"] = float("inf")  # as if unreachable
    saved = dataclasses.replace(scenario_from_result(result, demo_plots(), register),
                                results=frame)
    loaded = load_scenario(save_scenario(saved, tmp_path / "inf.gpkg"))
    assert loaded.results is not None
    assert loaded.results.loc[0, "walk_m_nav"] == float("inf")
    _assert_same_results(loaded.results, frame)


@pytest.mark.shared
def test_real_data_round_trip(tmp_path: Path, oslo_pbf: Path) -> None:
    plots = gpd.GeoDataFrame(
        {"plot_id": ["Tøyen", "Grünerløkka", "Kvadraturen"],
         "name": ["Tøyen", "Grünerløkka", "Kvadraturen"], "problem": ["", "", ""]},
        geometry=[Point(10.7712, 59.9149), Point(10.7588, 59.9235), Point(10.7420, 59.9080)],
        crs="EPSG:4326")
    register = gpd.GeoDataFrame({"category": ["substance_abuse"], "name": ["Rusteam"]},
                                geometry=[Point(10.7600, 59.9130)], crs="EPSG:4326")
    loaded, again = _round_trip(tmp_path, plots, register, default_config("active-use"),
                                study_path=oslo_pbf)
    assert loaded.osm["path"] == str(oslo_pbf.resolve())
    assert loaded.osm["timestamp"] == "2025-06-16T11:52:05+00:00"
    assert again.ranked["score"].notna().all()


def test_bytes_round_trip() -> None:
    study = load_study()
    result = rank(study, demo_plots(), None, default_config())
    saved = scenario_from_result(result, demo_plots())
    loaded = load_scenario(scenario_bytes(saved), filename="opplastet.gpkg")
    assert loaded.file == "opplastet.gpkg"
    _assert_same_results(loaded.results, saved.results)


# --------------------------------------------------------------------------- layout
def test_layers_open_as_geopackage_tables(tmp_path: Path) -> None:
    study = load_study()
    result = rank(study, demo_plots(), _register(), default_config())
    path = save_scenario(scenario_from_result(result, demo_plots(), _register(), title="T"),
                         tmp_path / "s.gpkg")
    with sqlite3.connect(path) as db:
        contents = dict(db.execute("SELECT table_name, data_type FROM gpkg_contents"))
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        meta = dict(db.execute("SELECT key, value FROM scenario_meta"))
    assert app_id == int.from_bytes(b"GPKG", "big")
    assert contents == {"plots": "features", "services": "features", "results": "features",
                        "scenario_meta": "attributes"}
    assert meta["kind"] == "siting-scenario"
    assert meta["format_version"] == str(FORMAT_VERSION)
    assert meta["title"] == "T" and meta["profile"] == "recovery"
    assert json.loads(meta["config"]) == default_config().to_dict()
    assert json.loads(meta["osm"])["sha256"] == "demo-v1"
    assert pyogrio.read_info(path, layer="results")["crs"] == "EPSG:4326"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_flag_codes_are_saved_beside_the_words_and_old_files_are_read_by_the_words(
        tmp_path: Path, lang: str) -> None:
    """The comparison map frames the plots inside the area: a new file says which are
    outside by their codes, one saved before the codes were by the flag's words."""
    plots = demo_plots()
    far = plots.iloc[[0]].assign(plot_id="F", name="Langt utenfor",
                                 geometry=[Point(10.60, 63.40)])  # ~15 km from the town
    plots = gpd.GeoDataFrame(pd.concat([plots, far], ignore_index=True), crs=plots.crs)
    result = rank(load_study(), plots, None, default_config(lang=lang))
    saved = scenario_from_result(result, plots)
    columns = list(saved.results.columns)
    assert columns[columns.index("flag") + 1] == FLAG_CODES
    codes = dict(zip(saved.results["plot_id"], saved.results[FLAG_CODES], strict=True))
    assert codes == {"A": "", "B": "", "C": "", "D": "", "E": "far", "F": "outside"}
    outside = [pid == "F" for pid in saved.results["plot_id"]]

    new = load_scenario(save_scenario(saved, tmp_path / "new.gpkg"))
    assert list(new.results[FLAG_CODES]) == list(saved.results[FLAG_CODES])
    assert outside_flags(new.results) == outside
    assert outside_flags(new.results.assign(flag="")) == outside  # the codes, not the words
    assert same_results(new, result)

    before = dataclasses.replace(saved, results=saved.results.drop(columns=FLAG_CODES))
    old = load_scenario(save_scenario(before, tmp_path / "old.gpkg"))
    assert FLAG_CODES not in old.results
    assert outside_flags(old.results) == outside  # by the words, in the file's language
    assert outside_flags(old.results.assign(flag="")) == [False] * len(outside)
    assert same_results(old, result)  # a rerun still matches a file without the codes
    # as scored (codes, nothing saved): the table of a Result
    assert outside_flags(result.ranked) == [pid == "F" for pid in result.ranked["plot_id"]]


def test_saving_again_replaces_the_whole_file(tmp_path: Path) -> None:
    study = load_study()
    path = tmp_path / "s.gpkg"
    with_register = rank(study, demo_plots(), _register(), default_config())
    save_scenario(scenario_from_result(with_register, demo_plots(), _register()), path)
    without = rank(study, demo_plots(), None, default_config())
    save_scenario(scenario_from_result(without, demo_plots()), path)
    assert load_scenario(path).register is None
    assert {str(r[0]) for r in pyogrio.list_layers(path)} == {"plots", "results",
                                                              "scenario_meta"}


def test_scenario_without_results_saves_and_loads(tmp_path: Path) -> None:
    demo = load_study().osm.source
    scenario = Scenario(demo_plots(), None, default_config(), dict(demo))
    loaded = load_scenario(save_scenario(scenario, tmp_path / "plain.gpkg"))
    assert loaded.results is None
    assert same_data(loaded.osm, demo)


# --------------------------------------------------------------------------- errors
@pytest.fixture
def saved(tmp_path: Path) -> Path:
    result = rank(load_study(), demo_plots(), None, default_config())
    return save_scenario(scenario_from_result(result, demo_plots()), tmp_path / "saved.gpkg")


def _set_meta(path: Path, key: str, value: str | None) -> None:
    with sqlite3.connect(path) as db:
        if value is None:
            db.execute("DELETE FROM scenario_meta WHERE key = ?", (key,))
        else:
            db.execute("UPDATE scenario_meta SET value = ? WHERE key = ?", (value, key))


def test_not_a_geopackage(tmp_path: Path) -> None:
    path = tmp_path / "tomter.gpkg"
    path.write_text("plot_id,lat,lon\nA,63.28,10.27\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_scenario(path)
    assert str(err.value) == ("tomter.gpkg: is not a GeoPackage; open a scenario file (.gpkg) "
                              "saved by siting (--scenario-out or the app's save button)")
    assert str(err.value.nb).startswith("tomter.gpkg: er ikke en GeoPackage")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^borte\.gpkg: file not found at .*; check the path$"):
        load_scenario(tmp_path / "borte.gpkg")


def test_geopackage_without_scenario(tmp_path: Path) -> None:
    path = tmp_path / "plots.gpkg"
    demo_plots().to_file(path, layer="tomter")
    with pytest.raises(InputError) as err:
        load_scenario(path)
    assert str(err.value) == (
        "plots.gpkg: is a GeoPackage but not a siting scenario: plots, scenario_meta missing "
        "(found: tomter); save the scenario again with --scenario-out or the app")


def test_missing_meta_key(saved: Path) -> None:
    _set_meta(saved, "osm", None)
    with pytest.raises(InputError, match=r"^saved\.gpkg: scenario_meta lacks osm; save the "):
        load_scenario(saved)


def test_newer_format_is_refused(saved: Path) -> None:
    _set_meta(saved, "format_version", str(FORMAT_VERSION + 1))
    _set_meta(saved, "siting_version", "9.0.0")
    with pytest.raises(InputError) as err:
        load_scenario(saved)
    assert str(err.value) == (
        f"saved.gpkg: was saved by a newer siting (9.0.0, file format {FORMAT_VERSION + 1}); "
        f"this one reads format {FORMAT_VERSION} and older: update siting")


def test_invalid_config_names_the_file(saved: Path) -> None:
    _set_meta(saved, "config", json.dumps({"profile": "recovery", "lang": "de"}))
    with pytest.raises(ConfigError) as err:
        load_scenario(saved)
    assert str(err.value).startswith("saved.gpkg (scenario_meta 'config'): lang is 'de'")
    _set_meta(saved, "config", "{not json")
    with pytest.raises(ConfigError, match=r"^saved\.gpkg: scenario_meta 'config' is not valid"):
        load_scenario(saved)


def test_save_needs_gpkg_suffix(tmp_path: Path) -> None:
    scenario = Scenario(demo_plots(), None, default_config(), {"kind": "demo"})
    with pytest.raises(InputError, match=r"^s\.csv: a scenario is saved as a GeoPackage"):
        save_scenario(scenario, tmp_path / "s.csv")


# --------------------------------------------------------------------------- changed data
def test_rerun_refuses_other_data(saved: Path) -> None:
    loaded = load_scenario(saved)
    loaded.osm.update(name="melhus.osm.pbf", sha256="abcdef0123456789",
                      timestamp="2025-01-02T03:04:05+00:00")
    with pytest.raises(DataChangedError) as err:
        rerun(loaded, load_study())
    assert str(err.value) == (
        "saved.gpkg: the scenario was made with melhus.osm.pbf (sha256 abcdef01…, dated "
        "2025-01-02); the OSM data given is different (Demoby (demo) (sha256 "
        "demo-v1…, undated)); open the same extract, or pass --accept-new-data to "
        "rerun on the new data")
    assert err.value.text("nb") == (
        "saved.gpkg: scenarioet ble laget med melhus.osm.pbf (sha256 abcdef01…, datert "
        "02.01.2025); OSM-dataene som er gitt, er andre (Demoby (demo) (sha256 demo-v1…, "
        "udatert)); åpne det samme utdraget, eller bruk --accept-new-data for å kjøre "
        "på nytt med de nye dataene")
    result = rerun(loaded, load_study(), allow_new_data=True)
    assert result.ranked["rank"].iloc[0] == 1
    assert same_results(loaded, result)  # same numbers: only the identity was changed
    other = rerun(loaded, load_study(), allow_new_data=True)
    other.ranked.loc[other.ranked["plot_id"] == "A", "score"] += 1e-13
    assert not same_results(loaded, other)


def test_study_for_finds_and_checks_the_extract(tmp_path: Path) -> None:
    extract = tmp_path / "omr.osm"
    shutil.copy(TOY_OSM, extract)
    study = load_study(extract, use_cache=False)
    scenario = Scenario(demo_plots(), None, default_config(),
                        {**study.osm.source, "path": str(extract)}, file="s.gpkg")
    assert same_data(study_for(scenario, use_cache=False).osm.source, scenario.osm)
    extract.write_text(TOY_OSM.read_text(encoding="utf-8").replace("traffic_signals", "stop"),
                       encoding="utf-8")
    with pytest.raises(DataChangedError, match=r"^s\.gpkg: .*omr\.osm has changed since the "
                       r"scenario was saved \(sha256 [0-9a-f]{8}… then\); give the original "
                       r"extract with --osm, or pass --accept-new-data"):
        study_for(scenario, use_cache=False)
    assert study_for(scenario, allow_new_data=True, use_cache=False).osm.source["sha256"] != \
        scenario.osm["sha256"]
    extract.unlink()
    with pytest.raises(InputError, match=r"^s\.gpkg: the OSM extract the scenario was made "
                       r"with, omr\.osm, is not found at .*; give its location with --osm$"):
        study_for(scenario)
    given = study_for(scenario, TOY_OSM, use_cache=False)  # --osm wins
    assert given.osm.source["name"] == "tiny.osm"


def test_study_for_demo_and_downloaded_areas(monkeypatch: pytest.MonkeyPatch) -> None:
    demo = load_study().osm
    scenario = Scenario(demo_plots(), None, default_config(), dict(demo.source))
    assert same_data(study_for(scenario).osm.source, demo.source)
    from siting import live

    asked: list[str] = []

    def stored(query: str) -> OsmData:
        asked.append(query)
        return demo

    monkeypatch.setattr(live, "osm_from_place", stored)
    place = Scenario(demo_plots(), None, default_config(),
                     {"kind": "place", "name": "Melhus kommune", "sha256": "k", "timestamp": "t"})
    study = study_for(place)
    assert asked == ["Melhus kommune"]
    with pytest.raises(DataChangedError):
        rerun(place, study)
