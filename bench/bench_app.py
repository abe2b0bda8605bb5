"""Benchmark of the app's steps on central Oslo, outside the browser.

Run from the repository root (needs ../shared/data/osm/oslo-center.osm.pbf):

    .venv/bin/python bench/bench_app.py [--plots 10] [--repeat 5]

Times what one user interaction costs: opening the prepared study from the
disk cache, measuring N plots (the expensive step, and the baseline every
ratio is against), re-scoring after a weight change, the per-node surface
score, building the folium map (default layers, and with every layer),
rendering its HTML as streamlit-folium does, the self-contained HTML export,
and a whole app rerun after a weight change and after a profile switch
(``streamlit.testing.v1.AppTest``, real script, map component included, no
browser paint). Prints one table: median seconds and the ratio to the
baseline measured in the same run. A temporary cache folder is used.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from siting import settings  # noqa: E402
from siting.analysis import accessibility  # noqa: E402
from siting.config import default_config, with_weights  # noqa: E402
from siting.pipeline import load_study, services_for, walk_categories  # noqa: E402
from siting.scoring import score_table  # noqa: E402
from siting.webmap.map import map_from_analysis  # noqa: E402
from ui import views  # noqa: E402

EXTRACT = ROOT.parent / "shared" / "data" / "osm" / "oslo-center.osm.pbf"
STATIC_URL = "/app/static/vendor"


def median_time(step: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def random_plots(study, n: int, seed: int = 7) -> gpd.GeoDataFrame:
    """``n`` points at least 400 m inside the extract's edge, in EPSG:4326."""
    rng = np.random.default_rng(seed)
    inner = study.coverage.buffer(-400)
    x0, y0, x1, y1 = inner.bounds
    points: list[shapely.Point] = []
    while len(points) < n:
        p = shapely.Point(rng.uniform(x0, x1), rng.uniform(y0, y1))
        if inner.contains(p):
            points.append(p)
    return gpd.GeoDataFrame({"plot_id": [f"T{i + 1}" for i in range(n)],
                             "name": [f"Tomt {i + 1}" for i in range(n)],
                             "problem": [""] * n}, geometry=points, crs=study.crs).to_crs(4326)


def app_steps(plots_file: Path, repeat: int) -> dict[str, float]:
    """Whole-script reruns of the app, as a user's slider or profile change causes them."""
    from streamlit.testing.v1 import AppTest

    os.environ["SITING_APP_OSM"] = str(EXTRACT)
    os.environ["SITING_APP_PLOTS"] = str(plots_file)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    weights = iter([0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0] * 5)
    profiles = iter(["active-use", "recovery"] * 10)
    return {
        "app rerun after a weight change (map tab)": median_time(
            lambda: at.slider(key="recovery:w:gp").set_value(next(weights)).run(), repeat),
        "app rerun after a profile switch (map tab)": median_time(
            lambda: at.selectbox(key="profile").set_value(next(profiles)).run(), repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plots", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not EXTRACT.is_file():
        sys.exit(f"{EXTRACT} is missing: the benchmark runs on the central-Oslo extract")
    settings.cache_dir = Path(tempfile.mkdtemp(prefix="bench-app-"))
    r = args.repeat
    cold = median_time(lambda: load_study(EXTRACT), 1)
    study = load_study(EXTRACT)
    config = default_config("recovery")
    plots = random_plots(study, args.plots)
    services = services_for(study, None, config)
    cats = [*walk_categories(config, services), "police"]

    def measure():
        return accessibility(study, plots, services, cats, max_snap_m=config.max_snap_m)

    acc = measure()
    ranked = score_table(acc.table, config)
    heavy = with_weights(config, {"gp": 5.0})
    every = {"plots", "network", "services", "routes", "police", "surface"}
    surface = views.surface_scores(acc.surface, config)
    default_map = map_from_analysis(study, acc, ranked, config=config, assets=STATIC_URL,
                                    selected="T1",
                                    layers={"plots", "network", "services", "routes"})
    plots_file = Path(settings.cache_dir) / "plots.geojson"
    plots.to_file(plots_file, driver="GeoJSON")
    rows = {
        f"measure {args.plots} plots (baseline)": median_time(measure, r),
        "open prepared study, first time (build + store)": cold,
        "open prepared study from disk cache": median_time(lambda: load_study(EXTRACT), r),
        "OSM services of the study (cached in the app)": median_time(
            lambda: services_for(study, None, config), r),
        "re-score and rank after a weight change": median_time(
            lambda: score_table(acc.table, heavy), 20 * r),
        "surface score per walk node (layer on)": median_time(
            lambda: views.surface_scores(acc.surface, heavy), r),
        "build map, default layers": median_time(lambda: map_from_analysis(
            study, acc, ranked, config=config, assets=STATIC_URL, selected="T1",
            layers={"plots", "network", "services", "routes"}), r),
        "build map, every layer": median_time(lambda: map_from_analysis(
            study, acc, ranked, config=config, assets=STATIC_URL, selected="T1", layers=every,
            surface_score=surface), r),
        "render map HTML, default layers": median_time(
            lambda: default_map.get_root().render(), r),
        "self-contained HTML export": median_time(lambda: map_from_analysis(
            study, acc, ranked, config=config, assets="inline").get_root().render(),
            max(1, r // 2)),
    }
    rows |= app_steps(plots_file, r)
    html_mb = len(default_map.get_root().render()) / 1e6
    base = next(iter(rows.values()))
    print(f"central Oslo: {study.walk.n_nodes:,} walk nodes, {len(services):,} services, "
          f"{args.plots} plots; median of {r}; map page {html_mb:.1f} MB")
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}\n")
    width = max(map(len, rows))
    print(f"{'step':<{width}}  {'seconds':>8}  {'× measure':>9}")
    for name, seconds in rows.items():
        print(f"{name:<{width}}  {seconds:8.3f}  {seconds / base:9.2f}")


if __name__ == "__main__":
    main()
