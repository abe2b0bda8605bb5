"""The app's pure state helpers (ui.edits, ui.views, ui.keys, ui.startup), with exact values."""

from __future__ import annotations

import dataclasses
import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import pytest
import shapely

from siting.config import PROFILES, SHAPES, Police, default_config, with_weights
from siting.errors import ConfigError
from siting.scoring import score_table
from siting.text import LANGS, t
from ui import edits, keys, startup, views


def plots(*rows: tuple[str, str, float | None, float | None]) -> gpd.GeoDataFrame:
    geoms = [None if x is None else shapely.Point(x, y) for _, _, x, y in rows]
    return gpd.GeoDataFrame({"plot_id": [r[0] for r in rows], "name": [r[1] for r in rows],
                             "problem": [""] * len(rows)}, geometry=geoms, crs="EPSG:4326")


# --------------------------------------------------------------------------- plots
def test_add_plot_numbers_ids_and_names_blank_ones() -> None:
    base = plots(("P1", "Første", 10.0, 63.0), ("P3", "Tredje", 10.1, 63.1))
    out, plot_id = edits.add_plot(base, 10.25, 63.25, "  ", fallback="Ny tomt")
    assert plot_id == "P2"
    assert out["plot_id"].tolist() == ["P1", "P3", "P2"]
    assert out["name"].tolist() == ["Første", "Tredje", "Ny tomt P2"]
    assert out.geometry.iloc[2].equals(shapely.Point(10.25, 63.25))
    assert out.crs.to_epsg() == 4326
    assert len(base) == 2  # the input is not changed


def test_add_plot_to_empty_list_and_clean_name() -> None:
    out, plot_id = edits.add_plot(edits.empty_plots(), 10.0, 63.0,
                                  "Tomt\x00 <b>ved\tskolen</b>\u202e")
    assert plot_id == "P1"
    assert out["name"].tolist() == ["Tomt <b>ved skolen</b>"]  # HTML kept, escaped when shown
    assert out["problem"].tolist() == [""]


def test_clean_name_cuts_long_names() -> None:
    name = edits.clean_name("x" * 250, "fallback")
    assert len(name) == 200 and name.endswith("…")
    assert edits.clean_name("\n\t ", "fallback") == "fallback"


def test_rename_and_remove() -> None:
    base = plots(("A", "a", 10.0, 63.0), ("B", "b", 10.1, 63.1), ("C", "c", 10.2, 63.2))
    renamed = edits.rename_plot(base, "B", "  Bakken ")
    assert renamed["name"].tolist() == ["a", "Bakken", "c"]
    assert edits.rename_plot(base, "B", "   ")["name"].tolist() == ["a", "b", "c"]
    assert edits.rename_plot(base, "Z", "x")["name"].tolist() == ["a", "b", "c"]
    removed = edits.remove_plots(base, ["A", "C", "nope"])
    assert removed["plot_id"].tolist() == ["B"]
    assert removed.index.tolist() == [0]


def test_merge_plots_replace_or_add_with_renamed_clashes() -> None:
    current = plots(("A", "a", 10.0, 63.0), ("A-2", "a2", 10.1, 63.1))
    new = plots(("A", "new a", 10.2, 63.2), ("B", "new b", 10.3, 63.3))
    assert edits.merge_plots(current, new, add=False)["plot_id"].tolist() == ["A", "B"]
    added = edits.merge_plots(current, new, add=True)
    assert added["plot_id"].tolist() == ["A", "A-2", "A-3", "B"]
    assert added["name"].tolist() == ["a", "a2", "new a", "new b"]
    assert edits.merge_plots(edits.empty_plots(), new, add=True)["plot_id"].tolist() == ["A", "B"]


def test_merge_plots_reprojects_to_degrees() -> None:
    utm = gpd.GeoDataFrame({"plot_id": ["U"], "name": ["u"], "problem": [""]},
                           geometry=[shapely.Point(569_000, 7_018_000)], crs="EPSG:25832")
    out = edits.merge_plots(edits.empty_plots(), utm, add=True)
    assert out.crs.to_epsg() == 4326
    lon, lat = pyproj.Transformer.from_crs(25832, 4326, always_xy=True).transform(569_000,
                                                                                 7_018_000)
    assert (out.geometry.iloc[0].x, out.geometry.iloc[0].y) == pytest.approx((lon, lat))


def test_plot_rows_point_polygon_and_missing() -> None:
    square = shapely.box(10.0, 63.0, 10.2, 63.2)
    frame = gpd.GeoDataFrame({"plot_id": ["p", "q", "r"], "name": ["P", "Q", "R"],
                              "problem": ["", "", "missing coordinates"]},
                             geometry=[shapely.Point(10.1234567, 63.7654321), square, None],
                             crs="EPSG:4326")
    rows = edits.plot_rows(frame)
    assert rows["lon"].iloc[0] == 10.123457 and rows["lat"].iloc[0] == 63.765432
    assert shapely.Point(rows["lon"].iloc[1], rows["lat"].iloc[1]).within(square)
    assert math.isnan(rows["lon"].iloc[2])
    assert rows["problem"].tolist() == ["", "", "missing coordinates"]


# --------------------------------------------------------------------------- services
def test_add_service_and_counts() -> None:
    added = edits.add_service(edits.empty_services(), "mental_health", "", 10.3, 63.3,
                           fallback="Ny tjeneste")
    added = edits.add_service(added, "nav", "NAV Melhus", 10.31, 63.31)
    assert added["name"].tolist() == ["Ny tjeneste", "NAV Melhus"]
    table = pd.DataFrame({"category": ["gp", "gp", "bus", "mental_health", "nav"],
                          "source": ["osm", "register", "osm", "added", "added"]})
    counts = views.service_counts(table, "en")
    assert counts.index.tolist() == ["GP", "Bus stop", "Mental-health service", "nav"]
    assert counts.to_dict("list") == {"osm": [1, 1, 0, 0], "register": [1, 0, 0, 0],
                                      "added": [0, 0, 1, 1]}
    assert views.service_counts(table, "nb").index[0] == "Fastlege"


# --------------------------------------------------------------------------- keys
def test_frame_digest_follows_content() -> None:
    a = plots(("A", "a", 10.0, 63.0))
    assert keys.frame_digest(a) == keys.frame_digest(a.copy())
    assert keys.frame_digest(a) != keys.frame_digest(edits.rename_plot(a, "A", "b"))
    moved = a.set_geometry([shapely.Point(10.0, 63.000001)], crs="EPSG:4326")
    assert keys.frame_digest(a) != keys.frame_digest(moved)
    assert keys.frame_digest(None) == "none"
    assert keys.frame_digest(plots(("A", "a", None, None))) != keys.frame_digest(a)


def test_area_key() -> None:
    assert keys.area_key({"kind": "file", "path": "/x/a.osm.pbf"}) == ("file", "/x/a.osm.pbf")
    assert keys.area_key({"kind": "place", "query": "Melhus kommune"}) == ("place",
                                                                        "Melhus kommune")
    assert keys.area_key({"kind": "demo"}) == ("demo", "demo")


def test_scenario_area_names_the_area_the_app_opens() -> None:
    assert keys.scenario_area({"kind": "demo", "name": "Demoby (demo)", "sha256": "demo-v1"}) == \
        {"kind": "demo", "name": "Demoby (demo)"}
    found = keys.scenario_area({"kind": "file", "name": "a.osm.pbf", "path": "/x/a.osm.pbf"})
    assert found == {"kind": "file", "path": "/x/a.osm.pbf", "name": "a.osm.pbf"}
    assert keys.area_key(found) == ("file", "/x/a.osm.pbf")
    assert keys.scenario_area({"kind": "place", "name": "Melhus kommune"}) == \
        {"kind": "place", "query": "Melhus kommune", "name": "Melhus kommune"}
    assert keys.scenario_area({"kind": "file", "name": "a.osm.pbf"}) is None  # no path kept
    assert keys.scenario_area({"kind": "polygon", "name": "Utsnitt"}) is None


def test_analysis_key_follows_table_and_config() -> None:
    table = pd.DataFrame({"plot_id": ["A", "B"], "walk_m_gp": [100.0, np.inf]})
    config = default_config("recovery")
    key = keys.analysis_key(table, config)
    assert key == keys.analysis_key(table.copy(), default_config("recovery"))
    assert key != keys.analysis_key(table.assign(walk_m_gp=[100.0, 200.0]), config)
    assert key != keys.analysis_key(table, with_weights(config, {"gp": 1.0}))
    assert key != keys.analysis_key(table, default_config("active-use"))


# --------------------------------------------------------------------------- config edits
def test_set_curve_changes_one_criterion_and_drops_its_stale_reason() -> None:
    config = default_config("recovery")
    new = edits.set_curve(config, "gp", 500, 1500, "smooth")
    crit = new.criteria["gp"]
    assert (crit.curve.full, crit.curve.zero, crit.curve.shape) == (500.0, 1500.0, "smooth")
    assert crit.why_en == crit.why_nb == ""
    assert new.criteria["bus"] == config.criteria["bus"]
    same = edits.set_curve(config, "gp", 400, 1200, "linear")
    assert same == config  # unchanged curve keeps its reason


def test_set_curve_refuses_equal_ends() -> None:
    with pytest.raises(ConfigError) as info:
        edits.set_curve(default_config("recovery"), "gp", 400, 400, "linear")
    assert str(info.value) == (
        "config: criteria.gp.curve: full and zero are both 400; make them differ "
        "(full < zero: nearer is better; full > zero: farther is better)")
    assert info.value.text("nb").startswith("config: criteria.gp.curve: full og zero er begge 400")


def test_set_rule_switches_and_moves_the_limit() -> None:
    config = default_config("recovery")
    off = edits.set_rule(config, 0, False, 10)
    assert off.rules[0].enabled is False and off.rules[0].why_en == config.rules[0].why_en
    moved = edits.set_rule(config, 0, True, 12)
    assert moved.rules[0].value == 12.0 and moved.rules[0].why_en == ""
    assert moved.rules[1:] == config.rules[1:]


# --------------------------------------------------------------------------- surface
def test_surface_scores_exact() -> None:
    config = with_weights(default_config("recovery"), {
        "gp": 1, "bus": 1, "mental_health": 0, "substance_abuse": 0, "shop": 0, "pharmacy": 0,
        "police": 5, "patrol": 5, "school": 0})
    # gp curve: 1 at 400 m, 0 at 1200 m; bus: 1 at 300 m, 0 at 800 m (linear)
    surface = pd.DataFrame({"x": [0.0, 1.0, 2.0], "y": [0.0, 0.0, 0.0],
                            "walk_m_gp": [400.0, 800.0, np.inf],
                            "walk_m_bus": [300.0, 550.0, 100.0]})
    assert views.surface_scores(surface, config).tolist() == [100.0, 50.0, 50.0]


def test_surface_scores_farther_is_better_and_no_walk_weight() -> None:
    config = with_weights(default_config("active-use"), {
        "gp": 0, "mental_health": 0, "substance_abuse": 0, "bus": 0, "shop": 0,
        "pharmacy": 0, "school": 2})
    # active-use school curve: 0 at 50 m or nearer, 1 from 300 m
    surface = pd.DataFrame({"walk_m_school": [50.0, 175.0, np.inf]})
    assert views.surface_scores(surface, config).tolist() == [0.0, 50.0, 100.0]
    none = with_weights(config, {"school": 0})
    assert np.isnan(views.surface_scores(surface, none)).all()


# --------------------------------------------------------------------------- views
def _table() -> pd.DataFrame:
    """Two plots with every column the recovery profile reads."""
    return pd.DataFrame({
        "plot_id": ["X", "Y"], "name": ["Ved torget", "I skogen"],
        "walk_m_gp": [400.0, 1234.4], "walk_m_mental_health": [400.0, np.inf],
        "walk_m_substance_abuse": [400.0, 800.0], "walk_m_bus": [300.0, 620.0],
        "walk_m_shop": [400.0, 800.0], "walk_m_pharmacy": [400.0, 1000.0],
        "walk_m_school": [100.0, 2000.0], "police_drive_min": [4.0, 12.25],
        "patrol_detour_min": [0.5, 3.0], "snap_m": [12.4, 80.6], "flag": ["", ""]})


def test_ranking_view_labels_rounding_and_gaps() -> None:
    config = default_config("recovery", "en")
    view = views.ranking_view(score_table(_table(), config), config, "en",
                           ["gp", "mental_health", "bus"])
    assert list(view.columns[:9]) == [
        "Rank", "Plot", "Name", "Score (0–100)", "Status", "Reasons", "GP, walk (m)",
        "Mental-health service, walk (m)", "Bus, walk (m)"]
    assert view["Plot"].tolist() == ["X", "Y"]
    # Y: substance abuse 0.5·3 + bus 0.36·2 + shop 0.5·2 + pharmacy 0.5·1 + police 0.275·1
    #    + patrol 0.5·0.5 = 4.245 of 15.5 -> 27.39
    assert view["Score (0–100)"].tolist() == [100.0, 27.4]
    assert view["GP, walk (m)"].tolist() == [400.0, 1234.0]
    # unreachable stays inf (shown as "unreachable"); unknown would be NaN (shown as "–")
    assert math.isinf(view["Mental-health service, walk (m)"].iloc[1])
    assert view["Police, drive (min)"].tolist() == [4.0, 12.2]
    assert view["Status"].tolist() == ["passes all rules", "fails a rule"]
    assert view["Reasons"].iloc[1] == ("Police: 12.2 min response time from the nearest police "
                                       "station, limit 10 min; Bus: 620 m to the nearest bus "
                                       "stop, limit 500 m")
    assert "Police, response (min)" not in view  # shown only with a dispatch delay
    delayed = dataclasses.replace(config, police=Police(dispatch_min=1.5))
    late = views.ranking_view(score_table(_table(), delayed), delayed, "en", ["gp"])
    assert late["Police, response (min)"].tolist() == [5.5, 13.8]
    assert late["Police, drive (min)"].tolist() == [4.0, 12.2]
    assert late.attrs["groups"]["police"][3:5] == ["Police, drive (min)",
                                                   "Police, response (min)"]
    assert view.attrs["decimals"]["GP, walk (m)"] == 0
    assert view.attrs["decimals"]["Score (0–100)"] == 1
    groups = view.attrs["groups"]
    assert groups["walk"] == ["Rank", "Plot", "Name", "GP, walk (m)",
                              "Mental-health service, walk (m)", "Bus, walk (m)",
                              "Distance to street (m)"]
    assert groups["police"][3:] == ["Police, drive (min)", "Patrol, detour (min)"]  # table
    # without measuring: no station or drivable-road columns
    assert groups["all"] == list(view.columns)
    assert set().union(*groups.values()) == set(view.columns)  # every figure one click away


def test_compare_view_side_by_side_in_bokmal() -> None:
    config = default_config("recovery", "nb")
    ranked = score_table(_table(), config)
    view = views.compare_view(ranked, ["Y", "X"], config, "nb")
    assert view.columns.tolist() == ["I skogen (Y)", "Ved torget (X)"]
    # weights 3+3+3+2+2+1+1+0.5+0 = 15.5; gp at 400 m is worth 3/15.5 of 100 points
    assert view.loc["Fastlege, gange (m)"].tolist() == ["1\u00a0234 m → 0,0", "400 m → 19,4"]
    assert view.loc["Psykisk helsetjeneste, gange (m)"].tolist() == ["ikke nåbar → 0,0",
                                                                      "400 m → 19,4"]
    assert view.loc["Politi, responstid (min)"].tolist() == ["12,2 min → 1,8", "4,0 min → 6,5"]
    assert view.loc["Rangering"].tolist() == ["2", "1"]
    assert view.loc["Poengsum (0–100)"].tolist() == ["27,4", "100,0"]
    assert view.loc["Avstand til vei (m)"].tolist() == ["81 m", "12 m"]
    assert view.loc["Begrunnelse"].tolist()[1] == "–"


# --------------------------------------------------------------------------- start-up
def test_startup_options_from_arguments_after_dashes() -> None:
    argv = ["app.py", "--", "--osm", "a.osm.pbf", "--plots=p.csv", "--other", "x",
            "--data-dir", "/srv/kart"]
    assert startup.startup_options(argv, {}) == {"osm": "a.osm.pbf", "plots": "p.csv",
                                                 "services": None, "data_dir": "/srv/kart"}


def test_startup_options_as_streamlit_passes_them_and_env_fallback() -> None:
    argv = ["/srv/app.py", "--plots", "p.geojson", "--osm"]  # --osm without a value
    env = {"SITING_APP_OSM": "env.osm.pbf", "SITING_APP_SERVICES": "reg.csv",
           "SITING_APP_PLOTS": "ignored.csv", "SITING_APP_DATA_DIR": "/a:/b"}
    assert startup.startup_options(argv, env) == {"osm": "env.osm.pbf", "plots": "p.geojson",
                                                 "services": "reg.csv", "data_dir": "/a:/b"}
    assert (startup.startup_options(["pytest", "-q", "tests"], {})
            == dict.fromkeys(startup.STARTUP_KEYS))


# --------------------------------------------------------------------------- texts
def test_the_app_names_every_profile_and_curve_shape_in_both_languages() -> None:
    for lang in LANGS:
        assert all(t(f"profile.{p}", lang) and t(f"profile.{p}.about", lang) for p in PROFILES)
        assert all(t(f"shape.{s}", lang) for s in SHAPES)
    assert t("app.rename", "en") == "Rename"


def test_counts_agree_with_their_number() -> None:
    from siting.text import tn

    assert tn("app.plots.read", 3, "en", name="a.csv") == "Read 3 plots from a.csv."
    assert tn("app.plots.read", 1, "nb", name="a.csv") == "Leste én tomt fra a.csv."
    assert tn("app.plots.read", 0, "nb", name="a.csv") == "Leste 0 tomter fra a.csv."
    assert tn("app.plots.removed", 1, "en") == "Removed one plot."
    assert tn("app.register.read", 2_000, "nb", name="t.csv") == (
        "Leste 2\u00a0000 tjenester fra t.csv.")

