"""Benchmark of ``python -m siting choose`` on central Oslo, against ``rank`` in the same run.

Run from the repository root (needs ../shared/data/osm/oslo-center.osm.pbf):

    .venv/bin/python bench/bench_choose.py [--plots 10] [--repeat 3] [--draws 2000]

Writes N random plots (seed 7, as ``bench_app.py``) to a temporary folder, warms
the prepared-network cache once, then times the whole commands warm (median of
``--repeat`` runs, each a fresh Python process, as a user runs them):

* ``rank`` for the same plots -- the baseline every ratio is against;
* ``choose`` with the default two groups, 500 m separation and 2,000 weight
  draws for the robustness test, and with ``--draws 0`` (no robustness);

and, inside one process, the steps of ``choose`` after measuring: walking
distances between every two plots, the exact solve (enumeration) and the same
solve as an integer program, and the pair robustness. Not a test: nothing here
fails on a slow machine; the issue's aim is a warm ``choose`` within 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_app import random_plots  # noqa: E402
from bench_distances import machine  # noqa: E402

from siting.decision import DecisionSettings, configs_for, decide, with_robustness  # noqa: E402
from siting.decision_network import plot_walk_matrix  # noqa: E402
from siting.pipeline import load_study, rank  # noqa: E402
from siting.portfolio import solve  # noqa: E402

EXTRACT = ROOT.parent / "shared" / "data" / "osm" / "oslo-center.osm.pbf"


def median_time(step: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def command(*args: str, env: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        subprocess.run([sys.executable, "-m", "siting", *args, "-q"], cwd=ROOT, env=env,
                       check=True)
    return run


def in_process(plots_path: Path, draws: int, repeat: int) -> dict[str, float]:
    from siting.plots import read_plots

    study = load_study(EXTRACT)
    plots = read_plots(plots_path)
    configs = configs_for(["recovery", "active-use"])
    result = rank(study, plots, None, configs["recovery"])
    walk = plot_walk_matrix(result.acc)
    decision = decide(result.acc.table, configs, DecisionSettings(), walk)
    return {
        "measure the plots (in process)": median_time(
            lambda: rank(study, plots, None, configs["recovery"]), repeat),
        "walking distances between every two plots": median_time(
            lambda: plot_walk_matrix(result.acc), repeat),
        "exact solve, enumeration (5 portfolios)": median_time(
            lambda: solve(decision.problem, 5, "enumerate"), repeat),
        "exact solve, integer program (HiGHS)": median_time(
            lambda: solve(decision.problem, 5, "milp"), repeat),
        f"pair robustness ({draws:,} draws, swap points, separation)": median_time(
            lambda: with_robustness(decision, n=draws), repeat),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plots", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--draws", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SITING_CACHE_DIR": str(Path(folder) / "cache")}
        os.environ["SITING_CACHE_DIR"] = env["SITING_CACHE_DIR"]
        from siting import settings

        settings.cache_dir = Path(env["SITING_CACHE_DIR"])
        plots = Path(folder) / "tomter.geojson"
        random_plots(load_study(EXTRACT), args.plots).to_file(plots, driver="GeoJSON")
        common = ["--osm", str(EXTRACT), "--plots", str(plots)]
        rank_cmd = command("rank", *common, "--out", str(Path(folder) / "r.csv"), env=env)
        choose_cmd = command("choose", *common, "--out", str(Path(folder) / "pair.csv"),
                             "--draws", str(args.draws), env=env)
        bare_cmd = command("choose", *common, "--out", str(Path(folder) / "pair0.csv"),
                           "--draws", "0", env=env)
        rank_cmd()  # warm the prepared-network cache
        rows = {f"python -m siting rank, warm ({args.plots} plots) [baseline]":
                median_time(rank_cmd, args.repeat),
                f"python -m siting choose, warm, {args.draws:,} draws":
                median_time(choose_cmd, args.repeat),
                "python -m siting choose, warm, --draws 0": median_time(bare_cmd, args.repeat)}
        rows |= in_process(plots, args.draws, args.repeat)
    base = next(iter(rows.values()))
    print(f"central Oslo, {args.plots} plots; median of {args.repeat}; {machine()}")
    print(f"{'step':<62} {'seconds':>8} {'ratio':>7}")
    for name, seconds in rows.items():
        print(f"{name:<62} {seconds:>8.3f} {seconds / base:>7.2f}")


if __name__ == "__main__":
    main()
