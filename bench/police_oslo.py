"""Police figures on central Oslo, against an independent networkx graph: the README's list.

Run from the repository root (needs ../shared/data/osm/oslo-center.osm.pbf):

    .venv/bin/python bench/police_oslo.py [--plots 300] [--seed 20261207] [--code DIR]

``--code`` measures another checkout's ``siting`` package (e.g. an older main) on the
same random plots, so "before" and "after" are measured alike. Plots are drawn
5-40 m from a drivable street (tests/drive_oracle.py, fixed seed). The reference is
the usual networkx shortcut on the independent drive graph restricted to its
largest strongly connected component: stations and plots at their nearest node of
that component where a car may stop (not in a tunnel or on a motorway). Prints
counts of unreachable figures, silent ones (no reason given) and the difference to
the reference (median, worst).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTRACT = ROOT.parent / "shared" / "data" / "osm" / "oslo-center.osm.pbf"


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plots", type=int, default=300)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose siting to run")
    return parser.parse_args()


def main() -> None:
    args = _args()
    sys.path[:0] = [str(args.code.resolve()), str(ROOT / "tests")]
    import geopandas as gpd
    import networkx as nx
    import numpy as np
    import shapely
    from drive_oracle import drive_oracle, random_plots

    from siting.cache import study_from_file
    from siting.config import default_config
    from siting.pipeline import rank

    study = study_from_file(EXTRACT, use_cache=False)
    oracle = drive_oracle(EXTRACT, study.crs)
    plots = gpd.GeoDataFrame({"plot_id": [f"r{i}" for i in range(args.plots)],
                              "name": [f"r{i}" for i in range(args.plots)]},
                             geometry=random_plots(oracle, args.plots, args.seed), crs=study.crs)
    result = rank(study, plots, None, default_config(lang="en"))
    words = result.texts() if hasattr(result, "texts") else result.ranked  # older code: words
    table = words.set_index("plot_id").loc[plots["plot_id"]]
    stations = result.services[result.services["category"] == "police"].to_crs(study.crs)
    if "use" in stations:
        stations = stations[stations["use"].astype(bool)]
    usable = sorted({n for s in oracle.usable() for n in (s.a, s.b)})
    tree = shapely.STRtree(shapely.points(np.array([oracle.xy[n] for n in usable])))
    near = tree.query_nearest(stations.geometry.to_numpy(), all_matches=False)[1]
    from_st = nx.multi_source_dijkstra_path_length(oracle.graph, {usable[k] for k in near})
    near = tree.query_nearest(plots.geometry.to_numpy(), all_matches=False)[1]
    want = np.array([from_st[usable[k]] for k in near]) / 60
    police = table["police_drive_min"].to_numpy(float)
    detour = table["patrol_detour_min"].to_numpy(float)
    silent = np.isinf(detour) & (table["reasons"].fillna("") == "").to_numpy()
    finite = np.isfinite(police)
    diff = np.abs(police[finite] - want[finite]) * 60
    print(f"code: {args.code}  plots: {args.plots} (seed {args.seed}), stations used: "
          f"{', '.join(stations['name'].astype(str))}")
    print(f"police_drive_min inf: {int((~finite).sum())} "
          f"({100 * (~finite).mean():.1f} %), reference reaches all {int(np.isfinite(want).sum())}")
    print(f"patrol_detour_min inf: {int(np.isinf(detour).sum())}, of which without any "
          f"reason: {int(silent.sum())}")
    print(f"status: {table['status'].value_counts().to_dict()}")
    print(f"police vs nearest-node reference: median {np.median(diff):.1f} s, worst "
          f"{diff.max():.1f} s, {int((diff > 30).sum())} plots over 30 s; median police time "
          f"{np.median(police[finite]):.2f} min")
    if "nearest_police" in table:
        print(f"plots per station: {table['nearest_police'].value_counts().to_dict()}")
    first = police[: min(60, args.plots)]
    print(f"first 60 plots: police inf {int(np.isinf(first).sum())}")


if __name__ == "__main__":
    main()
