"""The two exact solvers behind :func:`siting.portfolio.solve`.

* :func:`enumerate_feasible` lists every feasible portfolio, group by group,
  keeping only plots compatible with all plots already chosen (vectorised over
  partial portfolios, in chunks). With a handful of plots this is instant and
  gives the complete ranking of portfolios, which the weight analysis reuses.
* :func:`milp_best` solves an integer program with HiGHS (through
  :func:`scipy.optimize.milp`, BSD/MIT; no extra dependency) when there are too
  many combinations to list. Variables ``x[g, i]`` = 1 when group g gets plot
  i (only for allowed pairs). With ``y_i = Σ_g x[g, i]``:

  - every group gets one plot: ``Σ_i x[g, i] = 1``;
  - a plot goes to at most one group: ``y_i ≤ 1``;
  - two plots closer than the minimum separation are not both used:
    ``y_i + y_j ≤ 1`` (one row per close pair);
  - at most one used plot per district: ``Σ_{i ∈ D} y_i ≤ 1``;
  - ``sum``: maximise ``Σ s[g, i] x[g, i]``; ``maxmin``: maximise ``t`` with
    ``t ≤ Σ_i s[g, i] x[g, i]`` for every group.

  A second solve keeps the primary value and maximises the tie-breaker. The
  runner-ups come from re-solving with the portfolios found so far cut off
  (``Σ_g x[g, P_g] ≤ k - 1``). HiGHS stops within an absolute gap of 1e-6
  score points; the portfolios found are then ordered by their exact values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix, vstack

from . import settings
from .portfolio import (
    Problem,
    canonical_order,
    id_ranks,
    objective_values,
    separation_ok,
)

if TYPE_CHECKING:
    from scipy.optimize import LinearConstraint

__all__ = ["any_feasible", "enumerate_feasible", "milp_best"]

_CHUNK_CELLS = 4_000_000  # partial portfolios x plots examined at once
_TOL = 1e-7  # slack when the second solve keeps the first solve's value


# --------------------------------------------------------------------------- enumeration
def enumerate_feasible(allowed: np.ndarray, compatible: np.ndarray) -> np.ndarray:
    """Every feasible portfolio as plot positions, shape (m, k), in lexicographic order.

    Parameters
    ----------
    allowed : numpy.ndarray
        (k, n) bool: group g may have plot i.
    compatible : numpy.ndarray
        (n, n) bool, symmetric: plots i and j may both be chosen (False on the diagonal).
    """
    k, _ = allowed.shape
    combos = np.flatnonzero(allowed[0])[:, None].astype(np.int64)
    for g in range(1, k):
        combos = _extend(combos, allowed[g], compatible)
        if not len(combos):
            break
    return combos.reshape(-1, k) if len(combos) else np.empty((0, k), np.int64)


def _extend(combos: np.ndarray, allowed: np.ndarray, compatible: np.ndarray) -> np.ndarray:
    """Append one more group's plot to each partial portfolio, in every feasible way."""
    n = len(allowed)
    step = max(1, _CHUNK_CELLS // max(n, 1))
    parts = []
    for start in range(0, len(combos), step):
        part = combos[start:start + step]
        ok = np.broadcast_to(allowed, (len(part), n)).copy()
        for column in part.T:
            ok &= compatible[column]
        rows, plots = np.nonzero(ok)
        parts.append(np.column_stack([part[rows], plots]))
    return np.concatenate(parts) if parts else np.empty((0, combos.shape[1] + 1), np.int64)


def any_feasible(allowed: np.ndarray, compatible: np.ndarray) -> bool:
    """True when at least one portfolio meets ``allowed`` and ``compatible``."""
    size = int(np.prod(allowed.sum(axis=1).astype(float)))
    if size <= settings.portfolio_enumeration_limit:
        return len(enumerate_feasible(allowed, compatible)) > 0
    model = _Model.build(np.zeros(allowed.shape), allowed, compatible, None, "sum")
    return model.best([]) is not None


# --------------------------------------------------------------------------- integer program
@dataclass
class _Model:
    """The integer program of one problem (see the module docstring).

    Columns: one binary ``x`` per allowed (group, plot) pair, then one continuous
    ``t`` no larger than any group's score (rows ``t - Σ_i s[g, i] x[g, i] ≤ 0``).
    """

    pairs: np.ndarray  # (v, 2): group, plot of each x variable
    score: np.ndarray  # (v,) score of each x variable
    rows: csr_matrix  # fixed constraints over (x, t)
    lower: np.ndarray
    upper: np.ndarray
    objective: str
    k: int

    @classmethod
    def build(cls, scores: np.ndarray, allowed: np.ndarray, separate: np.ndarray,
              districts: np.ndarray | None, objective: str) -> _Model:
        """Variables and fixed constraints; ``separate`` is the pairwise compatibility."""
        k, n = allowed.shape
        group, plot = np.nonzero(allowed)
        v = len(group)
        score = np.nan_to_num(scores[group, plot])
        blocks = [_one_per_group(group, k, v), _used(plot, n, v),
                  _close_pairs(plot, n, v, separate), _per_district(plot, v, districts)]
        x_rows = vstack([csr_matrix((b.data, b.indices, b.indptr), shape=(b.shape[0], v + 1))
                         for b in blocks])
        link = coo_matrix((np.r_[-score, np.ones(k)],
                           (np.r_[group, np.arange(k)], np.r_[np.arange(v), np.full(k, v)])),
                          shape=(k, v + 1))
        rows = vstack([x_rows, link]).tocsr()
        free = rows.shape[0] - 2 * k  # rows "≤ 1" after the k "= 1" rows, then k "≤ 0"
        lower = np.r_[np.ones(k), np.full(free, -np.inf), np.full(k, -np.inf)]
        upper = np.r_[np.ones(k), np.ones(free), np.zeros(k)]
        return cls(np.column_stack([group, plot]), score, rows, lower, upper, objective, k)

    def best(self, cuts: list[tuple[int, ...]]) -> tuple[int, ...] | None:
        """The best assignment not in ``cuts`` (primary, then secondary), or None."""
        from scipy.optimize import LinearConstraint  # (its import costs 0.3 s: only when used)

        width = len(self.pairs) + 1
        total, low = np.zeros(width), np.zeros(width)
        total[:-1], low[-1] = self.score, 1.0
        first_c, second_c = (total, low) if self.objective == "sum" else (low, total)
        base = [LinearConstraint(self.rows, self.lower, self.upper)]
        if cuts:
            base.append(self._cuts(cuts, width))
        first = self._solve(-first_c, base)
        if first is None:
            return None
        keep = LinearConstraint(first_c[None, :], float(first_c @ first) - _TOL, np.inf)
        second = self._solve(-second_c, [*base, keep])
        x = second if second is not None else first
        return self._assignment(x[:-1])

    def _cuts(self, cuts: list[tuple[int, ...]], width: int) -> LinearConstraint:
        from scipy.optimize import LinearConstraint

        where = {(int(g), int(i)): j for j, (g, i) in enumerate(self.pairs)}
        matrix = np.zeros((len(cuts), width))
        for r, combo in enumerate(cuts):
            for g, i in enumerate(combo):
                matrix[r, where[(g, i)]] = 1.0
        return LinearConstraint(matrix, -np.inf, self.k - 1)

    def _solve(self, c: np.ndarray, constraints: list[Any]) -> np.ndarray | None:
        from scipy.optimize import Bounds, milp

        width = len(c)
        integrality = np.r_[np.ones(width - 1), 0.0]
        bounds = Bounds(np.r_[np.zeros(width - 1), -np.inf], np.r_[np.ones(width - 1), np.inf])
        done = milp(c, integrality=integrality, bounds=bounds, constraints=constraints,
                    options={"mip_rel_gap": 0.0})
        if done.status != 0 or done.x is None:
            return None
        x: np.ndarray = done.x
        return x

    def _assignment(self, x: np.ndarray) -> tuple[int, ...]:
        out = [0] * self.k
        for g, i in self.pairs[x > 0.5]:
            out[int(g)] = int(i)
        return tuple(out)


def _one_per_group(group: np.ndarray, k: int, v: int) -> csr_matrix:
    return coo_matrix((np.ones(v), (group, np.arange(v))), shape=(k, v)).tocsr()


def _used(plot: np.ndarray, n: int, v: int) -> csr_matrix:
    return coo_matrix((np.ones(v), (plot, np.arange(v))), shape=(n, v)).tocsr()


def _close_pairs(plot: np.ndarray, n: int, v: int, separate: np.ndarray) -> csr_matrix:
    """One row y_i + y_j ≤ 1 for every pair of used plots that may not both be chosen."""
    used = np.zeros(n, dtype=bool)
    used[plot] = True
    clash = ~separate & used[:, None] & used[None, :]
    a, b = np.nonzero(np.triu(clash, k=1))
    if not len(a):
        return csr_matrix((0, v))
    per_plot = _used(plot, n, v)
    return (per_plot[a] + per_plot[b]).tocsr()


def _per_district(plot: np.ndarray, v: int, districts: np.ndarray | None) -> csr_matrix:
    if districts is None or not np.size(districts):
        return csr_matrix((0, v))
    member = np.asarray(districts, dtype=float)[plot]  # (v, d)
    keep = member.sum(axis=0) > 1
    return csr_matrix(member[:, keep].T)


def milp_best(problem: Problem, allowed: np.ndarray, n_best: int) -> list[tuple[int, ...]]:
    """The ``n_best`` best assignments by the integer program, in exact order."""
    model = _Model.build(problem.scores, allowed, separation_ok(problem), problem.districts,
                         problem.objective)
    found: list[tuple[int, ...]] = []
    # one spare solve: near-ties within the solver's tolerance are ordered exactly below
    while len(found) < n_best + 1:
        nxt = model.best(found)
        if nxt is None:
            break
        found.append(nxt)
    if not found:
        return []
    combos = np.array(found, dtype=np.int64)
    scores = np.stack([problem.scores[g, combos[:, g]] for g in range(problem.k)], axis=-1)
    primary, secondary = objective_values(scores, problem.objective)
    order = canonical_order(primary, secondary, combos, id_ranks(problem.plot_ids))
    return [tuple(int(i) for i in combos[j]) for j in order[:n_best]]

