"""Benchmark of the distance stage and the whole command, against baselines in the same run.

Run from the repository root (needs ../shared/data/osm/oslo-center.osm.pbf):

    .venv/bin/python bench/bench_distances.py [--plots 1000] [--nx-sample 20]

Prints one table: our distance stage for N plots and every category (walk to
seven service kinds, police drive time, patrol detour, and the nearest-service
distance of every walk node), against
  * the usual OSMnx/networkx way: one ``networkx.single_source_dijkstra`` per plot
    (timed on a sample of plots, scaled to N: it takes about a minute otherwise);
  * a bare multi-source Dijkstra: ``scipy.sparse.csgraph.dijkstra(indices=sources,
    min_only=True)`` once per category on the very same graph (no snapping, no
    splitting, no table: the floor for an exact method);
and the end-to-end command from a cold start and with the prepared networks cached.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
from scipy.sparse.csgraph import dijkstra

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from siting.analysis import accessibility, study_from_osm  # noqa: E402
from siting.osm import osm_from_file  # noqa: E402
from siting.pipeline import services_for, walk_categories  # noqa: E402
from siting.config import default_config  # noqa: E402

EXTRACT = ROOT.parent / "shared" / "data" / "osm" / "oslo-center.osm.pbf"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        models = [ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines()
                  if ln.startswith("model name")]
        cpu = models[0] if models else cpu
    import scipy
    import shapely

    return (f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, "
            f"numpy {np.__version__}, scipy {scipy.__version__}, shapely {shapely.__version__}, "
            f"networkx {nx.__version__}")


def best_of(fn, repeat: int = 5) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def random_plots(study, n: int, seed: int = 7) -> gpd.GeoDataFrame:  # noqa: ANN001
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = study.coverage.bounds
    x, y = rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)
    return gpd.GeoDataFrame({"plot_id": [f"p{i}" for i in range(n)], "name": "random"},
                            geometry=gpd.points_from_xy(x, y), crs=study.crs)


def bare_scipy(acc) -> None:  # noqa: ANN001
    svc_nodes = acc.walk_graph.access[1]
    for cat in acc.categories:
        src = np.unique(svc_nodes[(acc.services["category"] == cat).to_numpy() & (svc_nodes >= 0)])
        if len(src):
            dijkstra(acc.walk_graph.matrix, directed=True, indices=src, min_only=True)
    drive = acc.drive_graph
    stations = np.unique(drive.access[1][drive.access[1] >= 0])
    main = np.flatnonzero(drive.main)
    dijkstra(drive.matrix, directed=True, indices=stations, min_only=True)
    dijkstra(drive.matrix, directed=True, indices=main, min_only=True)
    dijkstra(drive.matrix.T.tocsr(), directed=True, indices=main, min_only=True)


def networkx_per_plot(acc, sample: int) -> float:  # noqa: ANN001
    coo = acc.walk_graph.matrix.tocoo()
    graph = nx.Graph()
    graph.add_weighted_edges_from(zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(),
                                      strict=True))
    targets = {c: set(acc.walk_graph.access[1][(acc.services["category"] == c).to_numpy()])
               for c in acc.categories}
    nodes = acc.plot_walk_nodes[acc.plot_walk_nodes >= 0][:sample]
    start = time.perf_counter()
    for node in nodes:
        dist = nx.single_source_dijkstra_path_length(graph, int(node), weight="weight")
        for members in targets.values():
            min((dist.get(int(m), np.inf) for m in members), default=np.inf)
    return (time.perf_counter() - start) / len(nodes)


def command_seconds(plots_file: Path, cache: Path) -> float:
    env = {**os.environ, "SITING_CACHE_DIR": str(cache)}
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "siting", "rank", "--osm", str(EXTRACT),
                        "--plots", str(plots_file), "--out", f"{tmp}/r.csv", "-q"],
                       check=True, cwd=ROOT, env=env)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plots", type=int, default=1000)
    parser.add_argument("--nx-sample", type=int, default=20)
    args = parser.parse_args()
    if not EXTRACT.is_file():
        sys.exit(f"{EXTRACT} is absent: the benchmark needs the shared central-Oslo extract")
    study = study_from_osm(osm_from_file(EXTRACT))
    config = default_config()
    services = services_for(study, None, config)
    cats = [*walk_categories(config), "police"]
    plots = random_plots(study, args.plots)
    acc = accessibility(study, plots, services, cats)
    ours = best_of(lambda: accessibility(study, plots, services, cats))
    bare = best_of(lambda: bare_scipy(acc))
    per_plot = networkx_per_plot(acc, args.nx_sample)
    with tempfile.TemporaryDirectory() as tmp:
        plots_file = Path(tmp) / "plots.geojson"
        plots.to_crs("EPSG:4326").to_file(plots_file)
        cold = command_seconds(plots_file, Path(tmp) / "cache")
        cached = command_seconds(plots_file, Path(tmp) / "cache")
    report(args, study, acc, ours, bare, per_plot, cold, cached)


def report(args, study, acc, ours, bare, per_plot, cold, cached) -> None:  # noqa: ANN001
    n = args.plots
    nx_total = per_plot * n
    print(f"machine: {machine()}")
    print(f"extract: {EXTRACT.name}: walk network {study.walk.n_nodes} nodes, "
          f"{len(study.walk.u)} segments; drive {study.drive.n_nodes} nodes; "
          f"{len(acc.services)} services; {n} random plots; "
          f"surface: {len(acc.surface)} nodes x {len(acc.categories)} categories")
    print()
    print(f"| step | seconds | ratio to ours |")
    print(f"|---|---|---|")
    print(f"| ours: distance stage, {n} plots, all categories + surface | {ours:.3f} | 1.0 |")
    print(f"| bare scipy multi-source Dijkstra, same graph, same searches | {bare:.3f} "
          f"| {bare / ours:.2f} (ours is {ours / bare:.2f}x the bare search) |")
    print(f"| networkx single_source_dijkstra per plot ({per_plot * 1000:.0f} ms/plot, "
          f"sample {args.nx_sample}, scaled to {n}) | {nx_total:.1f} | {nx_total / ours:.0f} |")
    print(f"| whole command, cold start (read extract, build, rank, write) | {cold:.2f} | |")
    print(f"| whole command, prepared networks cached | {cached:.2f} | |")
    print()
    verdict = (ours / bare <= 3.0, nx_total / ours >= 1000.0, ours < 1.0, cold < 10, cached < 3)
    print("targets (within 3x bare, >=1000x networkx, <1 s, cold <10 s, cached <3 s):",
          ", ".join("met" if v else "MISSED" for v in verdict))


if __name__ == "__main__":
    main()
