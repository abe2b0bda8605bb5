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
from siting.config import default_config  # noqa: E402
from siting.osm import osm_from_file  # noqa: E402
from siting.pipeline import services_for, walk_categories  # noqa: E402

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


def best_of(fn, repeat: int = 5) -> float:
    """Median seconds of ``fn(i)`` over ``repeat`` runs (``i`` = run number)."""
    times = []
    for i in range(repeat):
        start = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def random_plots(study, n: int, seed: int = 7) -> gpd.GeoDataFrame:
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = study.coverage.bounds
    x, y = rng.uniform(x0, x1, n), rng.uniform(y0, y1, n)
    return gpd.GeoDataFrame({"plot_id": [f"p{i}" for i in range(n)], "name": "random"},
                            geometry=gpd.points_from_xy(x, y), crs=study.crs)


def bare_scipy(acc) -> None:
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


def _nx_graph(matrix, directed: bool) -> nx.Graph:
    coo = matrix.tocoo()
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_weighted_edges_from(zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(),
                                      strict=True))
    return graph


def networkx_per_plot(acc, sample: int) -> tuple[float, float]:
    """Seconds per plot the usual way: one networkx search per plot (and per network).

    Returns (walking categories only, all figures: walking + police + patrol), the
    latter producing the same figures as our stage: a walk search from the plot,
    a search from the plot against the drive arcs (station -> plot times and
    main road -> plot), and one along them (plot -> main road).
    """
    walk = _nx_graph(acc.walk_graph.matrix, directed=False)
    drive = _nx_graph(acc.drive_graph.matrix, directed=True)
    drive_back = drive.reverse(copy=True)
    services = acc.walk_graph.access[1]
    targets = [set(services[(acc.services["category"] == c).to_numpy()].tolist())
               for c in acc.categories]
    stations = set(acc.drive_graph.access[1].tolist())
    main = set(np.flatnonzero(acc.drive_graph.main).tolist())
    ok = (acc.plot_walk_nodes >= 0) & (acc.plot_drive_nodes >= 0)
    pairs = list(zip(acc.plot_walk_nodes[ok][:sample].tolist(),
                     acc.plot_drive_nodes[ok][:sample].tolist(), strict=True))
    start = time.perf_counter()
    for wnode, _ in pairs:
        dist = nx.single_source_dijkstra_path_length(walk, wnode, weight="weight")
        [min((dist.get(m, np.inf) for m in members), default=np.inf) for members in targets]
    walk_only = (time.perf_counter() - start) / len(pairs)
    start = time.perf_counter()
    for dnode in (d for _, d in pairs):
        back = nx.single_source_dijkstra_path_length(drive_back, dnode, weight="weight")
        fwd = nx.single_source_dijkstra_path_length(drive, dnode, weight="weight")
        min((back.get(m, np.inf) for m in stations), default=np.inf)
        min((back.get(m, np.inf) for m in main), default=np.inf)
        min((fwd.get(m, np.inf) for m in main), default=np.inf)
    return walk_only, walk_only + (time.perf_counter() - start) / len(pairs)


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
    # fresh plots each run (snaps are remembered per geometry set); same services,
    # as in the app, where the services stay while plots are added and moved
    fresh = [random_plots(study, args.plots, seed=100 + i) for i in range(5)]
    ours = best_of(lambda i: accessibility(study, fresh[i], services, cats))
    bare = best_of(lambda i: bare_scipy(acc))
    per_plot = networkx_per_plot(acc, args.nx_sample)
    with tempfile.TemporaryDirectory() as tmp:
        plots_file = Path(tmp) / "plots.geojson"
        plots.to_crs("EPSG:4326").to_file(plots_file)
        cold = command_seconds(plots_file, Path(tmp) / "cache")
        cached = command_seconds(plots_file, Path(tmp) / "cache")
    report(args, study, acc, ours, bare, per_plot, cold, cached)


def report(args, study, acc, ours, bare, per_plot, cold, cached) -> None:
    n = args.plots
    walk_pp, all_pp = per_plot
    nx_total = all_pp * n
    print(f"machine: {machine()}")
    print(f"extract: {EXTRACT.name}: walk network {study.walk.n_nodes} nodes, "
          f"{len(study.walk.u)} segments; drive {study.drive.n_nodes} nodes; "
          f"{len(acc.services)} services; {n} random plots; "
          f"surface: {len(acc.surface)} nodes x {len(acc.categories)} categories")
    print()
    print("| step | seconds | ratio |")
    print("|---|---|---|")
    print(f"| ours: distance stage, {n} plots: 7 walking categories, police, patrol, "
          f"surface | {ours:.3f} | 1 |")
    print(f"| bare scipy multi-source Dijkstra, same graphs, same searches | {bare:.3f} "
          f"| ours is {ours / bare:.2f}x the bare search |")
    print(f"| networkx, one search per plot, walking only ({walk_pp * 1000:.0f} ms/plot, "
          f"sample {args.nx_sample}, scaled to {n}) | {walk_pp * n:.1f} | "
          f"{walk_pp * n / ours:.0f}x ours |")
    print(f"| networkx, one search per plot and network, same figures as ours "
          f"({all_pp * 1000:.0f} ms/plot, scaled to {n}) | {nx_total:.1f} | "
          f"{nx_total / ours:.0f}x ours |")
    print(f"| whole command, cold start (read extract, build, rank, write) | {cold:.2f} | |")
    print(f"| whole command, prepared networks cached | {cached:.2f} | |")
    print()
    verdict = (ours / bare <= 3.0, nx_total / ours >= 1000.0, ours < 1.0, cold < 10, cached < 3)
    print("targets (within 3x bare, >=1000x networkx for the same figures, <1 s, cold <10 s, "
          "cached <3 s):", ", ".join("met" if v else "MISSED" for v in verdict))


if __name__ == "__main__":
    main()
