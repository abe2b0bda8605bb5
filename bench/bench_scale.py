"""How cost grows with the area: central Oslo tiled 1x, 4x, 16x, against peers in the same run.

Run from the repository root (needs ../shared/data/osm/oslo-center.osm.pbf, and the
bench-only packages in bench/requirements.txt: pyrosm):

    .venv/bin/python bench/bench_scale.py [--sides 1,2,4] [--plots 1000] [--repeat 3]
        [--work /tmp/siting-scale]

For each size the extract is tiled N x N (``bench/tiling.py``: offset ids and
coordinates, seams stitched by short connector streets) into ``--work``, outside
the repository, and every measurement runs in its own fresh Python process.
Memory is what the machine holds for a run: the summed proportional set size (PSS)
of the run's process and every worker it forks, sampled by this driver every 50 ms
(a forked worker's own ``ru_maxrss`` counts pages it shares, the parent's counts none
of the worker's); the main process's own ``ru_maxrss`` is printed beside it. Sampling
costs the kernel a walk of the run's pages, enough to move timings on two cores, so
memory comes from one cold and one warm run of their own after the timed ones:

* ``cold``: ``siting`` on an empty cache -- import, read, networks, cache write,
  services, distance stage for ``--plots`` random plots, scores, result file;
* ``warm``: the same again with the cache filled by ``cold``;
* ``floor``: the interpreter with ``siting``'s imports and nothing read (the
  memory floor that ``peak above floor`` is measured from);
* ``pyrosm``: pyrosm reads the file and builds the walk graph in networkx
  (``get_network("walking")`` + ``to_graph``), the peer for reading + network;
* ``osmium``: osmium's bare iteration over the objects our reader asks for
  (nodes and ways with a highway, service, address or place key, node
  locations on ways);
* ``scipy``: bare ``scipy.sparse.csgraph.dijkstra(min_only=True)``, one call per
  search of our distance stage on the very same graphs (timed inside ``warm``).

Prints one table per size and the ratios the scale goals are stated in; writes
everything to ``--work``/results.json. Each measurement runs ``--repeat`` times
(default 3; the peer's own time varies by a quarter from run to run) and the
median run is reported, with every run's time beside it. Timings on a shared
machine are noisy: compare the ratios, which are measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = ROOT.parent / "shared" / "data" / "osm" / "oslo-center.osm.pbf"
FEATURE_KEYS = ("amenity", "shop", "healthcare", "public_transport", "social_facility",
                "office")
READ_KEYS = ("highway", *FEATURE_KEYS, "addr:housenumber", "place")  # what our one pass reads


def _rss_mib() -> float:
    """Current resident memory of this process (MiB)."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- what the machine holds: every process of a run together ---------------------------------
#
# A run forks workers (the reader's node side, the drive network, the cache writer, the
# distance stage's searches). Each worker's ru_maxrss counts the pages it shares with its
# parent, and the parent's counts none of the worker's own, so neither adds up to what
# the machine holds. The proportional set size (PSS) splits every shared page among the
# processes that map it: summed over the run's processes, it is the memory the run holds.

def _pss_mib(pid: int) -> float:
    """Proportional set size of one process (MiB; 0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # the process ended between listing and reading
        pass
    return 0.0


def _process_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    found = [pid]
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                kids = [int(k) for k in handle.read().split()]
        except OSError:
            continue
        for kid in kids:
            found += _process_tree(kid)
    return found


class TreeSampler(threading.Thread):
    """Samples the summed PSS of a process and its descendants every ``every`` seconds
    (in the driver, so the measured run does no extra work but the kernel's page walk)."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, float, int]] = []  # (time.time(), MiB, processes)
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            tree = _process_tree(self.pid)
            self.samples.append((time.time(), sum(_pss_mib(p) for p in tree), len(tree)))
            self.done.wait(self.every)

    def peak(self, until: float | None = None) -> tuple[float, int]:
        """Highest sum (MiB) up to ``until`` (time.time(); None: all), and the processes then."""
        kept = [s for s in self.samples if until is None or s[0] <= until] or [(0.0, 0.0, 0)]
        best = max(kept, key=lambda s: s[1])
        return best[1], best[2]


class Clock:
    """Stage timer: wall and CPU seconds per named stage."""

    def __init__(self) -> None:
        self.stages: dict[str, dict[str, float]] = {}
        self.read_worker_mib = 0.0  # peak of the reader's forked worker (0: none)
        self._last = (time.perf_counter(), time.process_time())

    def lap(self, name: str) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        child_cpu = kids.ru_utime + kids.ru_stime
        prev = self.stages.get("_children", {"cpu": 0.0})["cpu"]
        self.stages[name] = {"wall": wall - self._last[0],
                             "cpu": cpu - self._last[1] + child_cpu - prev}
        self.stages["_children"] = {"cpu": child_cpu, "wall": 0.0}
        self._last = (wall, cpu)


# -- workers (each runs in its own process) -------------------------------------------------

def worker_siting(osm: str, plots: str, cache: str, out: str) -> dict[str, Any]:
    """One run of the product on ``osm``: stage times, memory, and the bare scipy floor."""
    os.environ["SITING_CACHE_DIR"] = cache
    clock = Clock()
    sys.path.insert(0, str(ROOT))
    from siting._memory import return_large_blocks

    return_large_blocks()  # as the command line does when it starts
    from siting.config import default_config
    from siting.export import result_frame, write_result
    from siting.pipeline import rank
    from siting.plots import read_plots
    clock.lap("import")
    floor = _rss_mib()
    study = _study(osm, clock)
    plot_frame = read_plots(plots)
    result = rank(study, plot_frame, None, default_config("recovery"))
    clock.lap("services + distances + scores")
    write_result(result_frame(result.ranked, plot_frame, result.config), Path(out),
                 result.config)
    clock.lap("write result")
    from siting._parallel import wait_behind

    wait_behind()  # the cache writer, if still at work, before the extra measurements below
    clock.lap("waiting for the cache writer")
    stages = {k: v for k, v in clock.stages.items() if not k.startswith("_")}
    peak = _peak_mib()  # before the extra measurements below keep a second result alive
    product_end = time.time()  # the driver's tree samples after this are the bench's own
    extra = time.perf_counter()
    bare = _bare_scipy(result.acc)
    ours = _distance_stage(study, plot_frame, result)
    return {"stages": stages, "floor_mib": floor, "peak_mib": peak,
            "product_end": product_end, "read_worker_mib": clock.read_worker_mib,
            "extra_wall": time.perf_counter() - extra,  # not the product's: left out of its wall
            "bare_scipy": bare, "distance_stage": ours,
            "walk_nodes": int(study.walk.n_nodes), "drive_nodes": int(study.drive.n_nodes),
            "services": len(result.services)}


def _study(osm: str, clock: Clock) -> Any:
    """``study_from_file`` step by step (read, networks, cache write -- or cache read)."""
    import gc

    from siting import cache
    from siting._parallel import large_file
    from siting.osm import file_sha256, osm_from_file

    digest = file_sha256(osm)
    entry = cache.entry_for(digest)
    if entry.is_file():
        study = cache.load_study(entry)
        clock.lap("cache read")
        return study
    large = large_file(Path(osm))  # as study_from_file decides
    gc.disable()  # as study_from_file does while it builds
    data = osm_from_file(osm, sha256=digest)
    clock.lap("read")
    # the reader's node worker (on a large file) is the only child so far: its own peak
    # (0 where there was none)
    clock.read_worker_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    study = cache.prepare(data, split=large)  # as study_from_file stores it: with its review
    del data
    clock.lap("networks, review, indexes")
    gc.enable()
    # as study_from_file stores it: by a worker while the analysis goes on (large files)
    cache.save_study(study, entry, behind=large)
    clock.lap("cache write (started)" if large else "cache write")
    return study


def _distance_stage(study: Any, plots: Any, result: Any) -> dict[str, float]:
    """Time the distance stage alone (services snapped once already, as in the app)."""
    from siting.analysis import accessibility
    from siting.pipeline import walk_categories

    cats = [*walk_categories(result.config, result.services), "police"]
    wall, cpu = time.perf_counter(), time.process_time()
    kids0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    accessibility(study, plots, result.services, cats)
    kids1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = (kids1.ru_utime + kids1.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu + child}


def _bare_scipy(acc: Any) -> dict[str, float]:
    """The same searches as our distance stage, bare: scipy multi-source Dijkstra."""
    import numpy as np
    from scipy.sparse.csgraph import dijkstra

    svc_nodes = acc.walk_graph.access[1]
    drive = acc.drive_graph
    sources = [np.unique(svc_nodes[(acc.services["category"] == cat).to_numpy()
                                   & (svc_nodes >= 0)]) for cat in acc.categories]
    stations = np.unique(drive.access[1][drive.access[1] >= 0])
    main = np.flatnonzero(drive.main)
    reverse = drive.matrix.T.tocsr()
    wall, cpu = time.perf_counter(), time.process_time()
    for src in sources:
        if len(src):
            dijkstra(acc.walk_graph.matrix, directed=True, indices=src, min_only=True)
    dijkstra(drive.matrix, directed=True, indices=stations, min_only=True)
    dijkstra(drive.matrix, directed=True, indices=main, min_only=True)
    dijkstra(reverse, directed=True, indices=main, min_only=True)
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}


def worker_floor() -> dict[str, Any]:
    """The interpreter with the product's imports: the memory floor."""
    clock = Clock()
    sys.path.insert(0, str(ROOT))
    import siting.cache
    import siting.export
    import siting.pipeline
    import siting.plots  # noqa: F401
    clock.lap("import")
    return {"stages": clock.stages, "floor_mib": _rss_mib(), "peak_mib": _peak_mib(),
            "floor_pss_mib": _pss_mib(os.getpid())}


def worker_pyrosm(osm: str) -> dict[str, Any]:
    """pyrosm reads the file and builds the walk graph in networkx."""
    clock = Clock()
    import pyrosm
    clock.lap("import")
    floor = _rss_mib()
    reader = pyrosm.OSM(osm)
    nodes, edges = reader.get_network(network_type="walking", nodes=True)
    clock.lap("read + walk network")
    graph = reader.to_graph(nodes, edges, graph_type="networkx")
    clock.lap("networkx graph")
    return {"stages": {k: v for k, v in clock.stages.items() if not k.startswith("_")},
            "floor_mib": floor, "peak_mib": _peak_mib(),
            "graph_nodes": graph.number_of_nodes(), "graph_edges": graph.number_of_edges()}


def worker_osmium(osm: str) -> dict[str, Any]:
    """osmium's bare iteration over the objects our reader asks for."""
    import osmium

    clock = Clock()
    processor = (osmium.FileProcessor(osm, osmium.osm.NODE | osmium.osm.WAY)
                 .with_locations().with_filter(osmium.filter.KeyFilter(*READ_KEYS)))
    count = sum(1 for _ in processor)
    clock.lap("iterate")
    return {"stages": {k: v for k, v in clock.stages.items() if not k.startswith("_")},
            "objects": count, "peak_mib": _peak_mib()}


WORKERS = {"siting": worker_siting, "floor": worker_floor, "pyrosm": worker_pyrosm,
           "osmium": worker_osmium}


def run_worker(kind: str, *args: str, sample: bool = False) -> dict[str, Any]:
    """Run one worker in a fresh interpreter; add its whole wall time (start-up included).

    With ``sample``, the driver samples the memory of the worker's processes
    (:class:`TreeSampler`): reading a process's PSS makes the kernel walk its pages,
    which costs a busy 2-core machine enough to move the timings, so the timed runs
    are not sampled and memory has runs of its own.
    """
    start = time.perf_counter()
    with subprocess.Popen([sys.executable, __file__, "--worker", kind, *args],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          cwd=ROOT) as proc:
        sampler = TreeSampler(proc.pid)
        if sample:
            sampler.start()
        out, err = proc.communicate()
        if sample:
            sampler.done.set()
            sampler.join()
    wall = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"{kind} failed:\n{err[-3000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["process_wall"] = wall
    if sample:  # the product's part only (a siting worker measures more after it)
        result["tree_peak_mib"], result["tree_processes"] = sampler.peak(
            result.get("product_end"))
        began = sampler.samples[0][0] if sampler.samples else 0.0
        result["tree_samples"] = [(round(t - began, 3), round(m, 1), n)
                                  for t, m, n in sampler.samples]  # (s, MiB, processes)
    return result


# -- the driver -----------------------------------------------------------------------------

def extract_for(side: int, work: Path) -> Path:
    if side == 1:
        return EXTRACT
    target = work / f"oslo-{side}x{side}.osm.pbf"
    if not target.is_file():
        sys.path.insert(0, str(Path(__file__).parent))
        from tiling import tile_extract

        tile_extract(EXTRACT, side, target)
    return target


def random_plots_csv(side: int, n: int, target: Path) -> Path:
    """``n`` random plots (seeded) over the tiled area, as a lat/lon CSV."""
    import numpy as np
    import osmium

    box = osmium.io.Reader(str(EXTRACT), osmium.osm.NOTHING).header().box()
    west, south = box.bottom_left.lon, box.bottom_left.lat
    east, north = box.top_right.lon, box.top_right.lat
    east, north = west + side * (east - west), south + side * (north - south)
    rng = np.random.default_rng(7)
    lon, lat = rng.uniform(west, east, n), rng.uniform(south, north, n)
    lines = ["plot_id,lat,lon", *(f"p{i},{a:.7f},{o:.7f}" for i, (a, o) in
                                  enumerate(zip(lat, lon, strict=True)))]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def measure(side: int, work: Path, n_plots: int, repeat: int) -> dict[str, Any]:
    """Every measurement of one size, ``repeat`` times; the median run of each kind is kept
    (its stage table and memory), the others' process walls are listed beside it."""
    osm = extract_for(side, work)
    plots = random_plots_csv(side, n_plots, work / f"plots-{side}.csv")
    cache = work / f"cache-{side}"
    out = str(work / f"result-{side}.csv")
    row: dict[str, Any] = {"side": side, "mb": osm.stat().st_size / 1e6, "file": str(osm)}
    runs: dict[str, list[dict[str, Any]]] = {"osmium": [], "cold": [], "warm": [], "pyrosm": []}
    for _ in range(repeat):
        runs["osmium"].append(run_worker("osmium", str(osm)))
        shutil.rmtree(cache, ignore_errors=True)
        runs["cold"].append(run_worker("siting", str(osm), str(plots), str(cache), out))
        runs["warm"].append(run_worker("siting", str(osm), str(plots), str(cache), out))
        runs["pyrosm"].append(run_worker("pyrosm", str(osm)))
    for kind, done in runs.items():
        walls = sorted(run_wall(r) for r in done)
        row[kind] = sorted(done, key=run_wall)[len(done) // 2]  # the median run
        row[kind]["walls"] = walls
    # memory: one cold and one warm run more, sampled (see run_worker)
    row["floor"] = run_worker("floor", sample=True)
    shutil.rmtree(cache, ignore_errors=True)
    row["memory"] = {kind: run_worker("siting", str(osm), str(plots), str(cache), out,
                                      sample=True) for kind in ("cold", "warm")}
    return row


def _stage_table(row: dict[str, Any]) -> list[str]:
    lines = ["| stage | cold s | warm s |", "|---|---|---|"]
    cold, warm = row["cold"]["stages"], row["warm"]["stages"]
    for name in dict.fromkeys([*cold, *warm]):
        c, w = cold.get(name, {}).get("wall"), warm.get(name, {}).get("wall")
        lines.append(f"| {name} | {'' if c is None else f'{c:.2f}'} | "
                     f"{'' if w is None else f'{w:.2f}'} |")
    lines.append(f"| whole process (start-up included) | {run_wall(row['cold']):.2f} | "
                 f"{run_wall(row['warm']):.2f} |")
    return lines


def run_wall(run: dict[str, Any]) -> float:
    """A product run's whole process wall time, without the bench's extra measurements."""
    return float(run["process_wall"] - run.get("extra_wall", 0.0))


def ratios(row: dict[str, Any]) -> dict[str, float]:
    """The scale goals' ratios for one size (all measured in this run)."""
    cold, warm, peer = row["cold"], row["warm"], row["pyrosm"]
    floor = row["floor"]["floor_mib"]
    pss_floor = row["floor"]["floor_pss_mib"]
    memory = row["memory"]
    read = cold["stages"].get("read", {}).get("wall", float("nan"))
    osmium_s = row["osmium"]["stages"]["iterate"]["wall"]
    dist, bare = warm["distance_stage"], warm["bare_scipy"]
    return {
        "cold / pyrosm+networkx": run_wall(cold) / peer["process_wall"],
        "warm / pyrosm+networkx": run_wall(warm) / peer["process_wall"],
        "peak MiB above floor per MB, cold, all processes": (
            (memory["cold"]["tree_peak_mib"] - pss_floor) / row["mb"]),
        "peak MiB above floor per MB, warm, all processes": (
            (memory["warm"]["tree_peak_mib"] - pss_floor) / row["mb"]),
        "peak MiB above floor per MB, cold, main process alone": (
            (memory["cold"]["peak_mib"] - floor) / row["mb"]),
        "peak MiB above floor per MB, warm, main process alone": (
            (memory["warm"]["peak_mib"] - floor) / row["mb"]),
        "pyrosm peak MiB above floor per MB, its one process": (
            (peer["peak_mib"] - floor) / row["mb"]),
        "read / osmium bare iteration": read / osmium_s,
        "distance stage / bare scipy": dist["wall"] / bare["wall"],
        "distance stage CPU / wall": dist["cpu"] / dist["wall"],
    }


def report(rows: list[dict[str, Any]]) -> None:
    print(f"machine: {machine()}; load average before: {rows[0]['load']}; median of "
          f"{len(rows[0]['cold']['walls'])} runs of each kind")
    for row in rows:
        cold, peer = row["cold"], row["pyrosm"]
        print(f"\n### {row['side']}x{row['side']} tiles: {row['mb']:.1f} MB, "
              f"{cold['walk_nodes']:,} walk nodes, {cold['drive_nodes']:,} drive nodes, "
              f"{cold['services']:,} services\n")
        print("\n".join(_stage_table(row)))
        print(f"\npeers: pyrosm + networkx walk graph {peer['process_wall']:.2f} s "
              f"({peer['graph_nodes']:,} nodes); osmium bare iteration "
              f"{row['osmium']['stages']['iterate']['wall']:.2f} s; bare scipy "
              f"{row['warm']['bare_scipy']['wall']:.3f} s vs our distance stage "
              f"{row['warm']['distance_stage']['wall']:.3f} s")
        print("process walls, every run: " + "; ".join(
            f"{kind} " + ", ".join(f"{w:.2f}" for w in row[kind]["walls"])
            for kind in ("cold", "warm", "pyrosm", "osmium")))
        mem_cold, mem_warm = row["memory"]["cold"], row["memory"]["warm"]
        print(f"memory (runs of their own), all of a run's processes (summed PSS, sampled "
              f"every 50 ms): floor {row['floor']['floor_pss_mib']:.0f} MiB, cold peak "
              f"{mem_cold['tree_peak_mib']:.0f} MiB ({mem_cold['tree_processes']} processes "
              f"then), warm peak {mem_warm['tree_peak_mib']:.0f} MiB "
              f"({mem_warm['tree_processes']})")
        print(f"memory, the main process alone (ru_maxrss): floor "
              f"{row['floor']['floor_mib']:.0f} MiB, cold peak {mem_cold['peak_mib']:.0f} MiB "
              f"(the reader's node worker: {mem_cold.get('read_worker_mib', 0):.0f} MiB), "
              f"warm peak {mem_warm['peak_mib']:.0f} MiB, pyrosm peak {peer['peak_mib']:.0f} MiB")
    print("\n| ratio | " + " | ".join(f"{r['side']}x{r['side']} ({r['mb']:.0f} MB)"
                                      for r in rows) + " |")
    print("|---|" + "---|" * len(rows))
    table = [ratios(r) for r in rows]
    for key in table[0]:
        print(f"| {key} | " + " | ".join(f"{t[key]:.2f}" for t in table) + " |")


def machine() -> str:
    cpu = platform.machine()
    with open("/proc/cpuinfo") as handle:
        models = [ln.split(":", 1)[1].strip() for ln in handle if ln.startswith("model name")]
    cpu = models[0] if models else cpu
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sides", default="1,2,4", help="tiles per side, e.g. 1,2,4")
    parser.add_argument("--plots", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each measurement; the median run is reported")
    parser.add_argument("--work", type=Path, default=Path("/tmp/siting-scale"),
                        help="folder for the tiled extracts, caches and results "
                        "(outside the repository)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.worker:
        print(json.dumps(WORKERS[args.worker](*rest)))
        return
    if not EXTRACT.is_file():
        sys.exit(f"{EXTRACT} is absent: the benchmark needs the shared central-Oslo extract")
    if ROOT in args.work.resolve().parents or args.work.resolve() == ROOT:
        sys.exit("--work must lie outside the repository (OSM-derived files stay out of it)")
    args.work.mkdir(parents=True, exist_ok=True)
    rows = []
    for side in (int(s) for s in args.sides.split(",")):
        load = Path("/proc/loadavg").read_text().split()[:3]
        row = measure(side, args.work, args.plots, args.repeat)
        row["load"] = " ".join(load)
        rows.append(row)
    (args.work / "results.json").write_text(json.dumps(rows, indent=1))
    report(rows)


if __name__ == "__main__":
    main()
