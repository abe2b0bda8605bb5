"""An independent walking-distance oracle: networkx on the walk network, no split segments.

For an access point on segment (a, b) at ``t`` metres from a, the partial lengths
are added to the endpoint distances of a plain networkx graph (one edge per node
pair, the cheapest of parallel segments), and a service on the plot's own segment
is treated directly. Used by ``test_distances`` and ``test_before_after``.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx
import numpy as np
import pandas as pd

from siting.network import Network
from siting.snap import Snap

INF = math.inf


def walk_graph(net: Network) -> nx.Graph:
    """The walk network as an undirected networkx graph (metres; node = network index)."""
    frame = pd.DataFrame({"a": np.minimum(net.u, net.v), "b": np.maximum(net.u, net.v),
                          "w": net.length_m})
    frame = frame[frame["a"] != frame["b"]].groupby(["a", "b"], as_index=False)["w"].min()
    graph = nx.Graph()
    graph.add_nodes_from(range(net.n_nodes))
    graph.add_weighted_edges_from(zip(frame["a"].tolist(), frame["b"].tolist(),
                                      frame["w"].tolist(), strict=True))
    return graph


def from_root(graph: nx.Graph | nx.DiGraph, offsets: dict[int, float],
              cutoff: float | None = None) -> dict:
    """Distances from a temporary root linked to ``offsets`` (node -> cost)."""
    graph.add_weighted_edges_from(("root", node, w) for node, w in offsets.items())
    try:
        return nx.single_source_dijkstra_path_length(graph, "root", cutoff=cutoff)
    finally:
        graph.remove_node("root")


def walk_offsets(net: Network, s: Snap, members: np.ndarray) -> dict[int, float]:
    """Cost from the services ``members`` (access leg + part segment) to segment ends."""
    offsets: dict[int, float] = defaultdict(lambda: INF)
    for i in members:
        e = s.edge[i]
        for node, along in ((net.u[e], s.t[i]), (net.v[e], net.length_m[e] - s.t[i])):
            # (t can exceed the length by a rounding error: no negative arcs)
            offsets[int(node)] = min(offsets[int(node)], s.snap_m[i] + max(along, 0.0))
    return dict(offsets)


def walk_to_plots(net: Network, dist: dict, plots: Snap, svc: Snap,
                  members: np.ndarray) -> np.ndarray:
    """Metres from each plot to the nearest of ``members``, given node distances ``dist``."""
    out = np.full(len(plots.edge), INF)
    by_edge = defaultdict(list)
    for i in members:
        by_edge[int(svc.edge[i])].append((svc.t[i], svc.snap_m[i]))
    for j in np.flatnonzero(plots.edge >= 0):
        e, t = int(plots.edge[j]), plots.t[j]
        best = min(dist.get(int(net.u[e]), INF) + t,
                   dist.get(int(net.v[e]), INF) + net.length_m[e] - t)
        for r, leg in by_edge.get(e, []):  # a service on the plot's own segment
            best = min(best, abs(t - r) + leg)
        out[j] = plots.snap_m[j] + best
    return out
