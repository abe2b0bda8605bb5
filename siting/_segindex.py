"""A grid index of street segments: the nearest segment to each point or shape.

Snapping asks, for thousands of plots and services, which street segment is
nearest. GEOS's STRtree answers that, but needs one GEOS line per segment (about
250 bytes each, 400 MiB for a 50 MB extract), is rebuilt in every process (it
cannot be pickled) and breaks ties by the order it happens to search in. This
index is a few plain arrays -- every segment listed in each square cell its
bounding box overlaps -- so it is stored with a prepared study and costs about
a tenth of the memory.

A query visits square rings of cells around each geometry until no unvisited
cell can hold a segment nearer than the best found (a segment outside ring
``R`` around a geometry's cells lies at least ``R`` cell widths away). Distances
are exact: point to segment by the projection arithmetic snapping itself uses,
other shapes with GEOS (``shapely.distance``) on the candidate segments only.

Where another segment is as near as the nearest (within :data:`TIE_M`) -- a
point on a junction, a bus platform drawn over two streets -- the answer is
marked *unsure*: which of them snapping uses decides where the service meets
the street, and :func:`siting.snap.snap` then asks GEOS's STRtree, as it
always has, so that every figure stays what it was.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

__all__ = ["TIE_M", "SegmentIndex", "foot_fraction"]

#: Cell width bounds (metres): about two segments' spacing, within these bounds.
MIN_CELL_M, MAX_CELL_M = 10.0, 200.0
#: Another segment this close to the nearest one's distance (metres) makes the answer unsure.
TIE_M = 1e-9  # far above the two formulas' rounding (~1e-14 m), far below any real gap


@dataclass
class SegmentIndex:
    """Segments ``edges`` of a network, listed per grid cell.

    Attributes
    ----------
    edges : numpy.ndarray
        The network segment indices in the index (ascending).
    cell : float
        Cell width in the network's CRS units (metres).
    x0, y0 : float
        Lower-left corner of cell (0, 0).
    nx, ny : int
        Number of cells along x and y.
    indptr, items : numpy.ndarray
        Cell ``c`` (``cy * nx + cx``) holds positions ``items[indptr[c]:indptr[c + 1]]``
        of ``edges``.
    """

    edges: np.ndarray
    cell: float
    x0: float
    y0: float
    nx: int
    ny: int
    indptr: np.ndarray
    items: np.ndarray

    @classmethod
    def build(cls, xy: np.ndarray, u: np.ndarray, v: np.ndarray,
              edges: np.ndarray) -> SegmentIndex:
        """Index segments ``edges`` (from node ``u`` to ``v``, coordinates ``xy``)."""
        edges = np.asarray(edges, dtype=np.int64)
        a, b = xy[u[edges]], xy[v[edges]]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        if not len(edges):
            return cls(edges, 1.0, 0.0, 0.0, 0, 0, np.zeros(1, np.int64), np.empty(0, np.int32))
        x0, y0 = lo.min(axis=0)
        x1, y1 = hi.max(axis=0)  # (the cells of x0, y0 are column and row 0)
        spacing = np.sqrt(max((x1 - x0) * (y1 - y0), 1.0) / len(edges))
        cell = float(np.clip(2.0 * spacing, MIN_CELL_M, MAX_CELL_M))
        cx0, cy0 = _cells(lo, x0, y0, cell).T
        cx1, cy1 = _cells(hi, x0, y0, cell).T
        nx, ny = int(cx1.max()) + 1, int(cy1.max()) + 1
        width, height = cx1 - cx0 + 1, cy1 - cy0 + 1
        count = width * height
        one = np.flatnonzero(count == 1)  # most segments lie in one cell
        many = np.flatnonzero(count > 1)
        repeat = count[many]
        k = np.arange(int(repeat.sum()), dtype=np.int64) - np.repeat(np.cumsum(repeat) - repeat,
                                                                     repeat)
        w = np.repeat(width[many], repeat)
        cells = np.concatenate([cy0[one] * nx + cx0[one],
                                (np.repeat(cy0[many], repeat) + k // w) * nx
                                + np.repeat(cx0[many], repeat) + k % w])
        pos = np.concatenate([one, np.repeat(many, repeat)])
        order = np.argsort(cells)  # (order within a cell is free: ties are settled apart)
        indptr = np.zeros(nx * ny + 1, dtype=np.int64)
        np.cumsum(np.bincount(cells, minlength=nx * ny), out=indptr[1:])
        return cls(edges, cell, float(x0), float(y0), nx, ny, indptr,
                   pos[order].astype(np.int32))

    @property
    def nbytes(self) -> int:
        """Memory held by the index's arrays."""
        return self.edges.nbytes + self.indptr.nbytes + self.items.nbytes

    def nearest(self, xy: np.ndarray, u: np.ndarray, v: np.ndarray,
                geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return the nearest indexed segment of each geometry, and whether it is unsure.

        Parameters
        ----------
        xy, u, v : numpy.ndarray
            The network's node coordinates and segment ends (as given to :meth:`build`).
        geoms : numpy.ndarray
            Non-empty shapely geometries in the network's CRS.

        Returns
        -------
        nearest : numpy.ndarray
            Segment index (into the network's segments) per geometry; -1 if the
            index is empty. Among equally near segments, the lowest index.
        unsure : numpy.ndarray
            True where another segment lies within :data:`TIE_M` of as near.
        """
        n = len(geoms)
        best, second = np.full(n, np.inf), np.full(n, np.inf)
        arg = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        if not n or not len(self.edges):
            return np.full(n, -1, dtype=np.int64), np.zeros(n, dtype=bool)
        is_point = shapely.get_type_id(geoms) == 0
        coords = np.full((n, 2), np.nan)
        coords[is_point] = shapely.get_coordinates(geoms[is_point])
        box = shapely.bounds(geoms)
        lo = _cells(box[:, :2], self.x0, self.y0, self.cell)
        hi = _cells(box[:, 2:], self.x0, self.y0, self.cell)
        # distance from each geometry's box to the edge of its own block of cells
        margin = np.minimum((box[:, :2] - (self.x0, self.y0)) - lo * self.cell,
                            (hi + 1) * self.cell - (box[:, 2:] - (self.x0, self.y0))).min(axis=1)
        # rings nearer than the grid hold no cell: start where the grown block reaches it
        ring = np.maximum.reduce([np.zeros(n, np.int64), lo[:, 0] - (self.nx - 1), -hi[:, 0],
                                  lo[:, 1] - (self.ny - 1), -hi[:, 1]])
        active = np.arange(n)
        while len(active):
            owner, pos = self._ring_candidates(lo[active], hi[active], ring[active])
            if len(pos):
                who = active[owner]
                edge = self.edges[pos]
                dist = _distances(xy, u, v, geoms, coords, who, edge, is_point[who])
                _keep_nearest(best, second, arg, who, dist, edge)
            r = ring[active]
            covers = ((lo[active, 0] - r <= 0) & (lo[active, 1] - r <= 0)
                      & (hi[active, 0] + r >= self.nx - 1) & (hi[active, 1] + r >= self.ny - 1))
            # no unvisited segment can be as near (or nearly): it lies beyond the ring
            done = covers | (best[active] + TIE_M < r * self.cell + margin[active])
            ring[active] += 1
            active = active[~done]
        found = np.isfinite(best)
        return np.where(found, arg, -1), found & (second <= best + TIE_M)

    def within(self, xy: np.ndarray, u: np.ndarray, v: np.ndarray, points: np.ndarray,
               reach: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every indexed segment within ``reach`` metres of each point.

        Parameters
        ----------
        xy, u, v : numpy.ndarray
            As for :meth:`nearest`.
        points : numpy.ndarray
            Shapely points in the network's CRS.
        reach : numpy.ndarray
            Metres, per point.

        Returns
        -------
        tuple of numpy.ndarray
            (point row, segment index) pairs, grouped by point (a segment may repeat).
        """
        coords = shapely.get_coordinates(points)
        lo = hi = _cells(coords, self.x0, self.y0, self.cell)
        margin = np.minimum(coords - (self.x0, self.y0) - lo * self.cell,
                            (lo + 1) * self.cell - (coords - (self.x0, self.y0))).min(axis=1)
        rows, edges = [], []
        ring = np.zeros(len(points), dtype=np.int64)
        active = np.arange(len(points))
        while len(active):
            owner, pos = self._ring_candidates(lo[active], hi[active], ring[active])
            who, edge = active[owner], self.edges[pos]
            dist = _distances(xy, u, v, points, coords, who, edge, np.ones(len(who), bool))
            near = dist <= reach[who]
            rows.append(who[near])
            edges.append(edge[near])
            r = ring[active]
            covers = ((lo[active, 0] - r <= 0) & (lo[active, 1] - r <= 0)
                      & (hi[active, 0] + r >= self.nx - 1) & (hi[active, 1] + r >= self.ny - 1))
            ring[active] += 1
            active = active[~(covers | (reach[active] < r * self.cell + margin[active]))]
        row, edge = np.concatenate(rows), np.concatenate(edges)
        order = np.argsort(row, kind="stable")
        return row[order], edge[order]

    def _ring_candidates(self, lo: np.ndarray, hi: np.ndarray,
                         ring: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(geometry row, position in ``edges``) for each segment listed in ring ``ring``
        of each row: the cells of its box's block grown by ``ring`` cells, less the block
        grown by ``ring - 1``, within the grid. Each row's candidates come together."""
        x0, y0 = lo[:, 0] - ring, lo[:, 1] - ring
        x1, y1 = hi[:, 0] + ring, hi[:, 1] + ring
        first = ring == 0
        # up to four rectangles of cells per row, [x0, x1] x [y0, y1] inclusive: the whole
        # block (ring 0), else its bottom and top rows and its left and right columns
        rects = np.stack([
            np.stack([x0, x1, y0, np.where(first, y1, y0)], axis=1),
            np.stack([x0, x1, y1, y1], axis=1),
            np.stack([x0, x0, y0 + 1, y1 - 1], axis=1),
            np.stack([x1, x1, y0 + 1, y1 - 1], axis=1),
        ], axis=1)  # rows x 4 x (x0, x1, y0, y1)
        rects[first, 1:] = [0, -1, 0, -1]  # ring 0: the block alone
        rects = rects.reshape(-1, 4)
        rx0, ry0 = np.maximum(rects[:, 0], 0), np.maximum(rects[:, 2], 0)
        rx1, ry1 = np.minimum(rects[:, 1], self.nx - 1), np.minimum(rects[:, 3], self.ny - 1)
        width, height = np.maximum(rx1 - rx0 + 1, 0), np.maximum(ry1 - ry0 + 1, 0)
        count = width * height
        row = np.repeat(np.repeat(np.arange(len(lo)), 4), count)
        k = np.arange(int(count.sum()), dtype=np.int64) - np.repeat(np.cumsum(count) - count,
                                                                    count)
        w = np.repeat(np.maximum(width, 1), count)
        cell = (np.repeat(ry0, count) + k // w) * self.nx + np.repeat(rx0, count) + k % w
        start, stop = self.indptr[cell], self.indptr[cell + 1]
        size = stop - start
        total = int(size.sum())
        offset = np.repeat(start - (np.cumsum(size) - size), size)
        pos = self.items[offset + np.arange(total, dtype=np.int64)]
        return np.repeat(row, size), pos


def foot_fraction(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Where each point's nearest point lies on its segment a-b, as a fraction of the way
    from a (0: at a, 1: at b; 0 on a segment of zero length).

    Parameters
    ----------
    p, a, b : numpy.ndarray
        Points and segment ends, shape (n, 2).

    Returns
    -------
    numpy.ndarray
        Fractions in [0, 1].
    """
    ab = b - a
    length2 = np.einsum("ij,ij->i", ab, ab)
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.clip(np.einsum("ij,ij->i", p - a, ab) / length2, 0.0, 1.0)
    return np.where(length2 > 0, frac, 0.0)


def _cells(xy: np.ndarray, x0: float, y0: float, cell: float) -> np.ndarray:
    """The (column, row) of the cell holding each point (may lie outside the grid)."""
    return np.floor((xy - (x0, y0)) / cell).astype(np.int64)


def _distances(xy: np.ndarray, u: np.ndarray, v: np.ndarray, geoms: np.ndarray,
               coords: np.ndarray, who: np.ndarray, edge: np.ndarray,
               point: np.ndarray) -> np.ndarray:
    """Distance from ``geoms[who]`` to segment ``edge``, pair by pair (``coords``: the
    points' coordinates)."""
    a, b = xy[u[edge]], xy[v[edge]]
    dist = np.empty(len(edge))
    if point.any():
        p, pa, pb = coords[who[point]], a[point], b[point]
        frac = foot_fraction(p, pa, pb)
        dist[point] = np.hypot(*(p - (pa + frac[:, None] * (pb - pa))).T)
    if not point.all():
        other = ~point
        lines = shapely.linestrings(np.stack([a[other], b[other]], axis=1))
        dist[other] = shapely.distance(geoms[who[other]], lines)
    return dist


def _keep_nearest(best: np.ndarray, second: np.ndarray, arg: np.ndarray, who: np.ndarray,
                  dist: np.ndarray, edge: np.ndarray) -> None:
    """Fold candidates into each geometry's nearest segment ``arg`` at ``best`` (the
    lower index among equals) and ``second``, the nearest of the other segments seen.
    ``who`` is grouped (each geometry's candidates together)."""
    big = np.iinfo(np.int64).max
    start = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
    size = np.diff(np.r_[start, len(who)])
    rows = who[start]
    low = np.minimum.reduceat(dist, start)
    low_edge = np.minimum.reduceat(np.where(dist == np.repeat(low, size), edge, big), start)
    # the nearest of this ring's other segments
    other = np.minimum.reduceat(np.where(edge != np.repeat(low_edge, size), dist, np.inf),
                                start)
    old_best, old_arg, old_second = best[rows], arg[rows], second[rows]
    better = (low < old_best) | ((low == old_best) & (low_edge < old_arg))
    same = ~better & (low_edge == old_arg)
    second[rows] = np.where(better, np.minimum(other, old_best),
                            np.minimum(old_second, np.where(same, other, low)))
    best[rows] = np.where(better, low, old_best)
    arg[rows] = np.where(better, low_edge, old_arg)
