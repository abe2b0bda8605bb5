"""Tests for :mod:`siting.demo` (the made-up demo town "Demoby")."""

from __future__ import annotations

import numpy as np
import pyproj
import pytest

from siting.config import default_config
from siting.demo import CRS, ORIGIN, SIZE, SPACING, demo_osm, demo_plots
from siting.pipeline import load_study, rank
from siting.text import t


def test_the_demo_is_labelled_made_up_in_both_languages() -> None:
    assert t("demo.label", "en") == (
        "Demo data: a made-up town (Demoby), not real streets or services.")
    assert t("demo.label", "nb") == (
        "Demodata: en oppdiktet by (Demoby), ikke virkelige gater eller tjenester.")
    osm = demo_osm()
    assert osm.source["kind"] == "demo"
    assert osm.source["name"] == "Demoby (demo)"


def test_every_name_ends_in_demo() -> None:
    osm = demo_osm()
    names = [*osm.features["name"], *demo_plots()["name"],
             *(n for n in osm.ways["name"] if n)]
    # 12 services, 5 plots, 16 named ways: 9 east-west streets, 5 even-numbered north-south
    # streets, the foot/cycle path and the main road going east (footways are unnamed)
    assert len(names) == 12 + 5 + 16
    assert all(str(n).endswith("(demo)") for n in names), names
    streets = {n for n in osm.ways["name"] if n}
    assert "Hovedveien (demo)" in streets and "Gang- og sykkelvei (demo)" in streets


def test_the_grid_is_where_the_module_says() -> None:
    osm = demo_osm()
    # 9 x 9 grid crossings and the main road's two nodes to the east
    assert len(osm.nodes) == SIZE * SIZE + 2
    to_utm = pyproj.Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    x, y = to_utm.transform(osm.nodes["lon"].to_numpy(), osm.nodes["lat"].to_numpy())
    grid = np.round((np.column_stack([x, y]) - ORIGIN) / SPACING, 9)
    assert set(map(tuple, grid)) == {*((float(i), float(j)) for i in range(SIZE)
                                       for j in range(SIZE)), (21.0, 4.0), (34.0, 4.0)}


def test_demo_plots() -> None:
    plots = demo_plots()
    assert list(plots["plot_id"]) == ["A", "B", "C", "D", "E"]
    assert plots.crs == "EPSG:4326"
    assert list(plots.columns) == ["plot_id", "name", "problem", "geometry"]
    a = plots.to_crs(CRS).geometry.iloc[0]
    assert (a.x - ORIGIN[0], a.y - ORIGIN[1]) == pytest.approx((3.5 * SPACING, 4.4 * SPACING),
                                                               abs=1e-6)


def test_ranking_the_demo_puts_plot_a_first() -> None:
    for profile in ("recovery", "active-use"):
        result = rank(load_study(), demo_plots(), None, default_config(profile))
        assert result.ranked["plot_id"].iloc[0] == "A", profile
        assert result.ranked["rank"].iloc[0] == 1
        flagged = result.ranked.set_index("plot_id").loc["E"]
        assert flagged["status"] == "flagged"  # E lies in the woods, 360 m from a street
