"""Exact multi-source shortest paths: from every node to the nearest service.

The points that matter (plots, services, police stations) rarely stand on a
network node. They are snapped onto their nearest segment (see
:func:`siting.snap.snap`) and the segment is split there, so every distance is
an exact shortest path between the access points -- no rounding to the nearest
node. For each target set (one service category, or the police stations) a
virtual source node is linked to every access point with the access leg as cost,
and one Dijkstra search from it (``scipy.sparse.csgraph``) gives the distance to
the nearest target for every node of the network at once, plus a shortest-path
tree for drawing routes.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from ._parallel import Searches, dijkstra_rows, start_rows
from .network import Network
from .snap import Snap

__all__ = ["Graph", "PendingTrees", "SourceSet", "Trees", "graph_from_network", "nearest",
           "nearest_start", "route", "tree_origin"]

#: Access points closer than this to a segment end use the end node. Only a guard
#: against floating-point noise: snapping already puts a point within
#: :data:`siting.settings.node_tolerance_m` of an end exactly on it.
EPS_M = 1e-6


@dataclass
class Graph:
    """A network with its access points split in, as a sparse cost matrix.

    Attributes
    ----------
    matrix : scipy.sparse.csr_matrix
        ``matrix[i, j]`` is the cost of travelling i -> j (metres or seconds).
    xy : numpy.ndarray
        Coordinates of all nodes (network nodes first, then split points).
    n_network : int
        Number of original network nodes (they come first).
    access : list[numpy.ndarray]
        For each :class:`Snap` given, the node index of each access point
        (-1 where the point could not be snapped).
    main : numpy.ndarray
        Boolean per node: lies on a main road (for the patrol detour) in the
        network's strongly connected core.
    """

    matrix: csr_matrix
    xy: np.ndarray
    n_network: int
    access: list[np.ndarray]
    main: np.ndarray


@dataclass
class SourceSet:
    """Targets of one kind: their access nodes and access-leg costs."""

    nodes: np.ndarray
    leg: np.ndarray


@dataclass
class Trees:
    """Result of one multi-source search per source set.

    ``dist[k, i]`` is the cost from the nearest member of source set ``k`` to node
    ``i`` (``inf`` if unreachable); ``pred`` the shortest-path tree (scipy's
    convention, -9999 at roots); ``root`` the index of the virtual root of each set.
    """

    dist: np.ndarray
    pred: np.ndarray
    root: np.ndarray


def graph_from_network(net: Network, snaps: list[Snap],
                       main_classes: tuple[str, ...] = ()) -> Graph:
    """Split ``net`` at every snapped access point and build its cost matrix.

    Parameters
    ----------
    net : Network
        Walk or drive network.
    snaps : list of Snap
        Snapped point sets; each gets its node indices in ``Graph.access``.
    main_classes : tuple of str
        Road classes whose nodes are marked in ``Graph.main``.

    Returns
    -------
    Graph
        The split network's cost matrix (metres or seconds) and the access node of
        every snapped point (-1 where it has none).
    """
    edge = np.concatenate([s.edge for s in snaps]) if snaps else np.empty(0, np.int64)
    t = np.concatenate([s.t for s in snaps]) if snaps else np.empty(0)
    node = np.full(len(edge), -1, dtype=np.int64)
    ok = edge >= 0
    length = np.zeros(len(edge))
    length[ok] = net.length_m[edge[ok]]  # (an empty network has no segment 0)
    at_u = ok & (t <= EPS_M)
    at_v = ok & ~at_u & (t >= length - EPS_M)
    node[at_u] = net.u[edge[at_u]]
    node[at_v] = net.v[edge[at_v]]
    inner = ok & ~at_u & ~at_v
    split_edge, split_t, inverse = _unique_points(edge[inner], t[inner])
    node[inner] = net.n_nodes + inverse
    pieces = _split_segments(net, split_edge, split_t)
    matrix = _cost_matrix(net, pieces, net.n_nodes + len(split_edge))
    xy = np.vstack([net.xy, _points_along(net, split_edge, split_t)])
    main = _main_nodes(net, pieces, len(xy), main_classes)
    bounds = np.cumsum([0, *[len(s.edge) for s in snaps]])
    access = [node[a:b] for a, b in itertools.pairwise(bounds)]
    return Graph(matrix, xy, net.n_nodes, access, main)


def _unique_points(edge: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct (edge, t) split points sorted by edge then t, and each input's index."""
    order = np.lexsort((t, edge))
    e, tt = edge[order], t[order]
    new = np.r_[True, (e[1:] != e[:-1]) | (tt[1:] != tt[:-1])] if len(e) else np.empty(0, bool)
    index = np.cumsum(new) - 1
    inverse = np.empty(len(edge), dtype=np.int64)
    inverse[order] = index
    return e[new].astype(np.int64), tt[new], inverse


def _points_along(net: Network, edge: np.ndarray, t: np.ndarray) -> np.ndarray:
    frac = (t / net.length_m[edge])[:, None]
    return net.xy[net.u[edge]] * (1 - frac) + net.xy[net.v[edge]] * frac


def _split_segments(net: Network, edge: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
    """Return all pieces (a, b, length, parent segment) after splitting at (edge, t).

    ``edge``/``t`` must be sorted by edge then t (as :func:`_unique_points` gives).
    Split point k gets node index ``net.n_nodes + k``.
    """
    new = net.n_nodes + np.arange(len(edge))
    first = np.r_[True, edge[1:] != edge[:-1]] if len(edge) else np.empty(0, bool)
    last = np.r_[edge[1:] != edge[:-1], True] if len(edge) else np.empty(0, bool)
    prev_node = np.where(first, net.u[edge], np.r_[-1, new[:-1]])
    prev_t = np.where(first, 0.0, np.r_[0.0, t[:-1]])
    touched = np.zeros(len(net.u), dtype=bool)
    touched[edge] = True
    untouched = np.flatnonzero(~touched)
    a = np.concatenate([net.u[untouched], prev_node, new[last]])
    b = np.concatenate([net.v[untouched], new, net.v[edge[last]]])
    length = np.concatenate([
        net.length_m[untouched], t - prev_t, net.length_m[edge[last]] - t[last],
    ])
    parent = np.concatenate([untouched, edge, edge[last]])
    return {"a": a, "b": b, "length": length, "parent": parent}


def _cost_matrix(net: Network, pieces: dict[str, np.ndarray], n: int) -> csr_matrix:
    parent, length = pieces["parent"], pieces["length"]
    rate_f = _rate(net.cost_fwd[parent], net.length_m[parent])
    rate_b = _rate(net.cost_bwd[parent], net.length_m[parent])
    rows = np.concatenate([pieces["a"], pieces["b"]])
    cols = np.concatenate([pieces["b"], pieces["a"]])
    cost = np.concatenate([length * rate_f, length * rate_b])
    twin = net.twin_segments()[parent]  # (a split piece is nobody's twin: this is ample)
    return sparse_min(rows, cols, cost, n, np.concatenate([twin, twin]))


def _rate(cost: np.ndarray, length: np.ndarray) -> np.ndarray:
    """Cost per metre of each segment: 0 on a zero-length segment, inf if forbidden."""
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = cost / length
    return np.where(length > 0, rate, np.where(np.isinf(cost), np.inf, 0.0))


def sparse_min(rows: np.ndarray, cols: np.ndarray, cost: np.ndarray, n: int,
               maybe_parallel: np.ndarray | None = None) -> csr_matrix:
    """Build an n x n CSR cost matrix, keeping the cheapest of parallel arcs.

    Infinite costs and self-loops are left out; zero costs are kept as real
    (free) arcs, which scipy's Dijkstra honours in a CSR matrix.

    ``maybe_parallel``, where given, is True for every arc that may share its
    (row, col) with another. Only those are sorted to find the cheapest; the rest
    go straight into scipy's linear-time construction (for a network's twin
    segments, :meth:`siting.network.Network.twin_segments`: about twice as fast
    at 4x4 tiled Oslo). The matrix is the same either way.
    """
    finite = np.isfinite(cost) & (rows != cols)
    if not finite.all():  # (a walk network usually has nothing to leave out)
        rows, cols, cost = rows[finite], cols[finite], cost[finite]
        maybe_parallel = None if maybe_parallel is None else maybe_parallel[finite]
    if maybe_parallel is not None:
        return _sparse_unique(rows, cols, cost, n, maybe_parallel)
    key = rows.astype(np.int64) * n + cols
    order = np.argsort(key)
    key, cost, cols = key[order], cost[order], cols[order]
    new = np.r_[True, key[1:] != key[:-1]] if len(key) else np.empty(0, bool)
    if new.all():  # no parallel arcs: every arc stays
        counts = np.bincount(rows, minlength=n)
    else:
        first = np.flatnonzero(new)
        cost = np.minimum.reduceat(cost, first)
        cols = cols[first]
        counts = np.bincount(rows[order[first]], minlength=n)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=indptr[1:])
    return csr_matrix((cost, cols, indptr), shape=(n, n))


def _sparse_unique(rows: np.ndarray, cols: np.ndarray, cost: np.ndarray, n: int,
                   maybe_parallel: np.ndarray) -> csr_matrix:
    """:func:`sparse_min` where no arc outside ``maybe_parallel`` shares its (row, col)."""
    lone = ~maybe_parallel
    cheapest = sparse_min(rows[maybe_parallel], cols[maybe_parallel], cost[maybe_parallel],
                          n).tocoo()
    # every (row, col) now comes once, so scipy's construction sums nothing: it only
    # orders the arcs by row, then by column
    matrix = csr_matrix((np.concatenate([cost[lone], cheapest.data]),
                         (np.concatenate([rows[lone], cheapest.row]),
                          np.concatenate([cols[lone], cheapest.col]))), shape=(n, n))
    matrix.sort_indices()
    return matrix


def with_roots(base: csr_matrix, sources: list[SourceSet]) -> csr_matrix:
    """Append one virtual root per source set to ``base`` (rows and columns).

    Root ``k`` (index ``n + k``) has an arc to every member of set ``k`` costing
    its access leg; the cheapest leg wins where members share a node.
    """
    n, k = base.shape[0], len(sources)
    empty = [np.empty(0, np.int64)]
    rows = np.concatenate([np.full(int((s.nodes >= 0).sum()), r) for r, s in enumerate(sources)]
                          or empty)
    cols = np.concatenate([s.nodes[s.nodes >= 0] for s in sources] or empty)
    legs = np.concatenate([s.leg[s.nodes >= 0] for s in sources] or [np.empty(0)])
    # Root k is row n + k: with local row numbers 0..k-1 the self-loop filter of
    # sparse_min would drop the arc from root k to network node k.
    roots = sparse_min(rows + n, cols, legs, n + k)[n:]
    indptr = np.concatenate([base.indptr, base.nnz + roots.indptr[1:]])
    indices = np.concatenate([base.indices, roots.indices])
    data = np.concatenate([base.data, roots.data])
    return csr_matrix((data, indices, indptr), shape=(n + k, n + k))


def _main_nodes(net: Network, pieces: dict[str, np.ndarray], n: int,
                classes: tuple[str, ...]) -> np.ndarray:
    main = np.zeros(n, dtype=bool)
    if classes:
        parent = pieces["parent"]
        # only where a car can come back: both ends in the strongly connected core
        on_main = (np.isin(net.highway[parent].astype(str), list(classes))
                   & net.core[net.u[parent]] & net.core[net.v[parent]])
        main[pieces["a"][on_main]] = True
        main[pieces["b"][on_main]] = True
    return main


def nearest(graph: Graph, sources: list[SourceSet], *, reverse: bool = False) -> Trees:
    """Run one multi-source Dijkstra per source set over ``graph``.

    Parameters
    ----------
    graph : Graph
    sources : list of SourceSet
        Each set's members are linked to a virtual root with their access leg as cost.
    reverse : bool
        Search against the arc directions (cost *to* the nearest source).

    Returns
    -------
    Trees
        Distances and trees over all nodes of ``graph`` plus the virtual roots.
    """
    full, roots, n = _rooted(graph, sources, reverse)
    if not len(sources):
        return Trees(np.empty((0, n)), np.empty((0, n), np.int32), roots)
    dist, pred = dijkstra_rows(full, roots)  # on all cores when the graph is large
    return Trees(dist[:, :n], pred, roots)


@dataclass
class PendingTrees:
    """Searches started by :func:`nearest_start`; :meth:`result` gives their Trees."""

    searches: Searches | None
    roots: np.ndarray
    n: int

    def result(self) -> Trees:
        """Wait for the searches and return what :func:`nearest` returns."""
        if self.searches is None:
            return Trees(np.empty((0, self.n)), np.empty((0, self.n), np.int32), self.roots)
        dist, pred = self.searches.result()
        return Trees(dist[:, : self.n], pred, self.roots)


def nearest_start(graph: Graph, sources: list[SourceSet], busy: int = 0) -> PendingTrees:
    """Start :func:`nearest`'s searches in worker processes and return at once.

    This process can do other work meanwhile; on a small graph, or where forking
    is not safe, the searches are done before returning.

    Parameters
    ----------
    graph : Graph
    sources : list of SourceSet
        As for :func:`nearest` (searches follow the arc directions).
    busy : int
        Workers of the caller's already at work: as many fewer are started
        (:func:`siting._parallel.start_rows`).

    Returns
    -------
    PendingTrees
        ``result()`` waits for the searches and gives :func:`nearest`'s Trees.
    """
    full, roots, n = _rooted(graph, sources, False)
    return PendingTrees(start_rows(full, roots, busy) if len(sources) else None, roots, n)


def _rooted(graph: Graph, sources: list[SourceSet],
            reverse: bool) -> tuple[csr_matrix, np.ndarray, int]:
    base = graph.matrix.T.tocsr() if reverse else graph.matrix
    n = base.shape[0]
    return with_roots(base, sources), n + np.arange(len(sources)), n


def route(trees: Trees, k: int, node: int) -> list[int]:
    """Return the node path from source set ``k``'s nearest member to ``node``.

    Parameters
    ----------
    trees : Trees
        From :func:`nearest`.
    k : int
        The source set (e.g. a walk category's position in ``Accessibility.categories``).
    node : int
        A node of the split graph (e.g. a plot's access node); -1 gives no path.

    Returns
    -------
    list of int
        The nodes from the member's access node to ``node``; empty if unreachable.
    """
    if node < 0 or not np.isfinite(trees.dist[k, node]):
        return []
    path = [int(node)]
    pred = trees.pred[k]
    while True:
        step = int(pred[path[-1]])
        if step < 0 or step == trees.root[k]:
            break
        path.append(step)
    return path[::-1]


def tree_origin(trees: Trees, k: int, nodes: np.ndarray | None = None) -> np.ndarray:
    """Return, for every node, the access node its shortest path starts from.

    Follows the tree of source set ``k`` up to the virtual root: for all nodes by
    pointer doubling, for a few ``nodes`` (a study's plots) step by step along
    their own paths only.

    Parameters
    ----------
    trees : Trees
        From :func:`nearest`.
    k : int
        The source set.
    nodes : numpy.ndarray, optional
        Nodes (>= 0) to answer for; default every node of the split graph.

    Returns
    -------
    numpy.ndarray
        Per node (of the split graph, or of ``nodes``), the access node of the
        member it is nearest to; -1 for nodes no source reaches.
    """
    n = trees.dist.shape[1]
    pred = trees.pred[k]
    if nodes is not None:
        nodes = np.asarray(nodes, dtype=np.int64)
        at = nodes.copy()
        going = np.arange(len(nodes))
        while len(going):
            step = pred[at[going]].astype(np.int64)
            on = (step >= 0) & (step < n)
            going = going[on]
            at[going] = step[on]
        return np.where(np.isfinite(trees.dist[k, nodes]), at, -1)
    pred = pred[:n].astype(np.int64)
    parent = np.where((pred >= 0) & (pred < n), pred, np.arange(n))
    for _ in range(64):
        nxt = parent[parent]
        if np.array_equal(nxt, parent):
            break
        parent = nxt
    return np.where(np.isfinite(trees.dist[k]), parent, -1)
