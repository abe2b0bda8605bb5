"""Before and after: the command line's figures stay identical to the last bit.

- The made-up demo town: ``python -m siting rank --demo`` (both profiles, both
  languages) against ``tests/data/golden/demo.json``, which the same commands wrote
  before the engine stopped writing sentences into its tables (see
  ``tests/data/README.md``). Every float is compared with ``==``; reasons to the
  letter.
- Central Oslo (real data, so no stored answers): the command line's exact results
  against the pipeline called directly, and every walking distance against an
  independent networkx shortest-path oracle (:mod:`walk_oracle`).
"""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from types import ModuleType

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from walk_oracle import from_root, walk_graph, walk_offsets, walk_to_plots

from siting.cli import main
from siting.config import default_config
from siting.pipeline import load_study, rank
from siting.plots import read_plots
from siting.scenario import load_scenario
from siting.snap import snap

GOLDEN = Path(__file__).parent / "data" / "golden"


def _maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_golden", GOLDEN / "make_golden.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _same(a: object, b: object) -> bool:
    """Equal to the last bit; "inf"/"nan" as stored in JSON equal their floats."""
    x, y = (float(v) for v in (a, b))  # type: ignore[arg-type]
    return (math.isnan(x) and math.isnan(y)) or x == y


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("profile", ["recovery", "active-use"])
def test_demo_results_equal_the_golden_file(profile: str, lang: str, tmp_path: Path) -> None:
    maker = _maker()
    want = json.loads((GOLDEN / "demo.json").read_text(encoding="utf-8"))[profile]
    exact, csv = maker.cli_results(profile, lang, tmp_path)
    assert sorted(exact.index) == sorted(want) == ["A", "B", "C", "D", "E"]
    for plot_id, row in want.items():
        for column in maker.FIGURES:
            assert _same(exact.at[plot_id, column], row[column]), (plot_id, column)
        assert exact.at[plot_id, "status"] == row["status"]
        rank_now = exact.at[plot_id, "rank"]
        assert (None if pd.isna(rank_now) else int(rank_now)) == row["rank"]
        assert csv.at[plot_id, "reasons"] == row[f"reasons_{lang}"], plot_id
    assert list(exact.index) == list(csv.index)  # the same rank order in both files


def test_the_golden_file_says_something() -> None:
    # a golden file of blanks would pass anything: it holds flagged and failing plots
    # and their reasons in both languages
    want = json.loads((GOLDEN / "demo.json").read_text(encoding="utf-8"))
    statuses = {row["status"] for rows in want.values() for row in rows.values()}
    assert statuses == {"ok", "fails_rules", "flagged"}
    reasons = [row["reasons_nb"] for rows in want.values() for row in rows.values()]
    assert sum(bool(r) for r in reasons) >= 3
    english = [row["reasons_en"] for rows in want.values() for row in rows.values()]
    assert sum(bool(r) for r in english) == sum(bool(r) for r in reasons)


# --------------------------------------------------------------------------- central Oslo
def _oslo_plots(path: Path, n: int = 40) -> Path:
    """``n`` random points over central Oslo and one in Bergen (outside), as GeoJSON."""
    rng = np.random.default_rng(11)
    lon, lat = 10.725 + 0.045 * rng.random(n), 59.905 + 0.022 * rng.random(n)
    plots = gpd.GeoDataFrame({"plot_id": [f"R{i}" for i in range(n)] + ["Bergen"],
                              "name": [f"Tomt {i}" for i in range(n)] + ["Bryggen"]},
                             geometry=gpd.points_from_xy([*lon, 5.3221], [*lat, 60.3913]),
                             crs="EPSG:4326")
    plots.to_file(path, driver="GeoJSON")
    return path


@pytest.mark.shared
def test_oslo_command_line_equals_the_pipeline_and_a_networkx_oracle(
        oslo_pbf: Path, tmp_path: Path) -> None:
    plots_file = _oslo_plots(tmp_path / "oslo.geojson")
    saved = tmp_path / "oslo.gpkg"
    code = main(["rank", "--osm", str(oslo_pbf), "--plots", str(plots_file), "--lang", "en",
                 "--out", str(tmp_path / "oslo.csv"), "--scenario-out", str(saved), "-q"])
    assert code == 0
    by_cli = pd.DataFrame(load_scenario(saved).results).set_index("plot_id")

    study, plots = load_study(oslo_pbf), read_plots(plots_file)
    direct = rank(study, plots, None, default_config("recovery", "en"))
    table = direct.ranked.set_index("plot_id")
    figures = [c for c in table.columns if c.startswith(("walk_m_", "value_", "points_"))]
    figures += ["police_drive_min", "patrol_detour_min", "snap_m", "drive_snap_m", "score"]
    pd.testing.assert_frame_equal(by_cli.loc[table.index, figures], table[figures],
                                  check_dtype=False, check_exact=True)
    assert by_cli.at["Bergen", "status"] == "flagged"

    net, services = study.walk, direct.services.to_crs(study.crs)
    located = plots.to_crs(study.crs).geometry.to_numpy()
    plot_snap, svc_snap = snap(net, located), snap(net, services.geometry.to_numpy())
    graph = walk_graph(net)
    measured = direct.acc.table
    for cat in direct.acc.categories:
        members = np.flatnonzero((services["category"] == cat).to_numpy() & (svc_snap.edge >= 0))
        dist = from_root(graph, walk_offsets(net, svc_snap, members))
        want = walk_to_plots(net, dist, plot_snap, svc_snap, members)
        got = measured[f"walk_m_{cat}"].to_numpy()
        # Bergen, 300 km off, is not measured (the oracle walks the 300 km access leg)
        unmeasured = np.isnan(got)
        assert measured.loc[unmeasured, "plot_id"].tolist() == ["Bergen"], cat
        assert (np.isinf(want) == np.isinf(got))[~unmeasured].all(), cat
        finite = np.isfinite(want) & ~unmeasured
        np.testing.assert_allclose(got[finite], want[finite], atol=1e-6, rtol=0)
