"""How firm is the chosen portfolio? Weight draws, swap points and the separation.

The counterpart of :mod:`siting.robustness` for the portfolio decision
(:mod:`siting.portfolio`). Weights change scores, never which plots pass the
rules or how far apart they are, so the feasible portfolios are listed once and
every question below is a vectorised look-up over them:

* **weight draws** -- every group's weights are drawn as
  :func:`siting.robustness.draw_weights` does (±50 %, 2,000 draws, each group
  its own seed): how often the chosen portfolio stays chosen, how often each
  group keeps its plot, and which portfolio takes over most often;
* **swap points** -- for one weight of one group at a time, the exact
  multiplier at which the decision changes, up and down. A group's score of
  plot *i* with that weight multiplied by *m* is
  ``f_i(m) = 100 (A_i + m B_i) / (W + m w)`` (``B_i = w v_i``, ``A_i`` and ``W``
  the rest), so every comparison between two portfolios (sums, minimums) can
  change sign only where a linear equation in *m* has its root. Those roots
  are the only places the decision can change; it is evaluated once between
  each two and the first change from ``m = 1`` is reported;
* **separation** -- the walking distance at which raising or lowering the
  minimum separation changes the decision.

"Smallest" compares relative changes: ×2 and ×0.5 are equally far from ×1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import settings
from ._portfolio_solvers import enumerate_feasible
from .config import SLIDER_WEIGHT_MAX, Config
from .errors import ConfigError
from .portfolio import (
    Problem,
    allowed_plots,
    compatible_plots,
    district_ok,
    id_ranks,
    objective_values,
)
from .robustness import Method, draw_scores, draw_weights
from .scoring import RANK_DECIMALS
from .text.render import criterion_labels

__all__ = ["PairRobustness", "pair_robustness"]

_CELLS = 6_000_000  # draws x portfolios x groups evaluated at once
_STEP = 1e-3  # relative step past a swap point where the new winner is read


@dataclass
class PairRobustness:
    """Result of :func:`pair_robustness`.

    Attributes
    ----------
    chosen : tuple of str
        The chosen portfolio (plot id per group) at the current weights.
    groups : tuple of str
    share_same : float
        Share of weight draws (0-1) in which the chosen portfolio stays chosen.
    share_kept : dict of str to float
        Per group, the share of draws in which that group keeps its plot.
    winners : pandas.DataFrame
        Every portfolio chosen in some draw: one column per group (plot id),
        ``share`` (0-1) and ``chosen`` (bool), most frequent first.
    swaps : pandas.DataFrame
        One row per (group, criterion with weight > 0): ``group``, ``criterion``,
        ``label``, ``weight``, ``multiplier`` (NaN when no multiplier changes the
        decision), ``new_weight``, ``direction`` ("up"/"down"/""), ``new``
        (tuple of plot ids chosen just past the swap point, or None), sorted by
        how small the change is (``abs(log(multiplier))``).
    separation : dict
        ``raise_above_m``: the chosen plots' shortest walking distance -- a
        minimum separation above it rules the choice out -- and ``raise_to``
        (the portfolio then chosen, or None); ``lower_to_m`` (the separation at
        or below which a better portfolio, now too close, becomes allowed; NaN
        if none) and ``lower_to`` (it).
    n, spread, seed, method
        As given.
    """

    chosen: tuple[str, ...]
    groups: tuple[str, ...]
    share_same: float
    share_kept: dict[str, float]
    winners: pd.DataFrame
    swaps: pd.DataFrame
    separation: dict[str, object] = field(default_factory=dict)
    n: int = 2000
    spread: float = 0.5
    seed: int = 0
    method: str = "uniform"

    @property
    def takeover(self) -> tuple[tuple[str, ...], float] | None:
        """The portfolio that replaces the chosen one most often, and its share."""
        others = self.winners[~self.winners["chosen"]]
        if others.empty:
            return None
        top = others.iloc[0]
        return tuple(str(top[g]) for g in self.groups), float(top["share"])

    @property
    def smallest_swap(self) -> pd.Series | None:
        """The single weight change nearest to the current weights that swaps the decision,
        among those the app's sliders can make (new weight at most
        :data:`siting.config.SLIDER_WEIGHT_MAX`); the nearest beyond them only when none
        can. A change beyond the scale may be nearer, but the group can only set one
        within it, so the decision is as firm as the nearest of those."""
        found = self.swaps[self.swaps["multiplier"].notna()]
        within = found[found["new_weight"] <= SLIDER_WEIGHT_MAX + 1e-9]
        return within.iloc[0] if not within.empty else None if found.empty else found.iloc[0]


# --------------------------------------------------------------------------- the frame
@dataclass
class _Frame:
    """The feasible portfolios, in the solver's canonical order of plot ids."""

    problem: Problem
    combos: np.ndarray  # (m, k) plot positions
    walk_min: np.ndarray  # (m,) shortest walk between two of its plots
    base: int  # row of the chosen portfolio

    def winners(self, scores: Sequence[np.ndarray]) -> np.ndarray:
        """Row of the winning portfolio for each row of per-group score arrays (r, n)."""
        rows = scores[0].shape[0]
        m, k = self.combos.shape
        step = max(1, _CELLS // max(m * k, 1))
        out = np.empty(rows, dtype=np.int64)
        for start in range(0, rows, step):
            part = slice(start, start + step)
            per = np.stack([s[part][:, self.combos[:, g]] for g, s in enumerate(scores)], -1)
            out[part] = _argbest(*objective_values(per, self.problem.objective))
        return out

    def plots(self, row: int) -> tuple[str, ...]:
        return tuple(self.problem.plot_ids[i] for i in self.combos[row])


def _argbest(primary: np.ndarray, secondary: np.ndarray) -> np.ndarray:
    """Per row, the first column best by rounded primary, then rounded secondary."""
    p = np.round(primary, RANK_DECIMALS)
    best = p == p.max(axis=1, keepdims=True)
    s = np.where(best, np.round(secondary, RANK_DECIMALS), -np.inf)
    best &= s == s.max(axis=1, keepdims=True)
    found: np.ndarray = best.argmax(axis=1)
    return found


def _frame(problem: Problem, compatible: np.ndarray | None = None) -> np.ndarray:
    """Feasible portfolios sorted by plot ids (group 0 first), checked against the limit."""
    allowed = allowed_plots(problem)
    size = math.prod(int(c) for c in allowed.sum(axis=1))
    if size > settings.portfolio_enumeration_limit:
        raise ConfigError(
            f"portfolio robustness: {size:,} combinations of plots are too many to test "
            f"(limit {settings.portfolio_enumeration_limit:,}); shortlist the candidate plots",
            nb=f"portefølje-robusthet: {size:,} kombinasjoner av tomter er for mange å teste "
            f"(grense {settings.portfolio_enumeration_limit:,}); lag en kortliste over tomtene")
    combos = enumerate_feasible(allowed, compatible_plots(problem) if compatible is None
                                else compatible)
    rank = id_ranks(problem.plot_ids)
    order = np.lexsort([rank[combos[:, g]] for g in range(problem.k - 1, -1, -1)])
    return combos[order]


def _walk_min(problem: Problem, combos: np.ndarray) -> np.ndarray:
    out = np.full(len(combos), np.inf)
    for a in range(problem.k):
        for b in range(a + 1, problem.k):
            out = np.minimum(out, problem.walk_m[combos[:, a], combos[:, b]])
    return out


# --------------------------------------------------------------------------- entry point
def pair_robustness(problem: Problem, configs: Sequence[Config], values: Sequence[np.ndarray],
                    *, n: int = 2000, spread: float = 0.5, seed: int = 0,
                    method: Method = "uniform") -> PairRobustness | None:
    """Test how firmly the chosen portfolio holds when the groups' weights change.

    Parameters
    ----------
    problem : Problem
        The decision at the current weights (``scores`` must be the groups'
        scores from these configs and values).
    configs : sequence of Config
        Each group's config, in the order of ``problem.groups``.
    values : sequence of numpy.ndarray
        Each group's curve values, shape (n plots, criteria in config order),
        as in the ``value_<key>`` columns of :func:`siting.scoring.score_table`.
    n, spread, seed, method
        As for :func:`siting.robustness.weight_sensitivity`; group g draws with
        seed ``seed + g``.

    Returns
    -------
    PairRobustness or None
        None when no portfolio is feasible.
    """
    combos = _frame(problem)
    if not len(combos):
        return None
    frame = _Frame(problem, combos, _walk_min(problem, combos), 0)
    base_scores = [np.asarray(problem.scores[g])[None, :] for g in range(problem.k)]
    frame.base = int(frame.winners(base_scores)[0])
    draws = [draw_scores(values[g], draw_weights(configs[g], n, spread, seed + g, method))
             for g in range(problem.k)]
    won = frame.winners(draws)
    return PairRobustness(
        frame.plots(frame.base), problem.groups, float(np.mean(won == frame.base)),
        {name: float(np.mean(combos[won, g] == combos[frame.base, g]))
         for g, name in enumerate(problem.groups)},
        _winner_table(frame, won), _swaps(frame, configs, values),
        _separation(frame), n, spread, seed, method)


def _winner_table(frame: _Frame, won: np.ndarray) -> pd.DataFrame:
    rows, counts = np.unique(won, return_counts=True)
    order = np.lexsort((rows, -counts))
    table = pd.DataFrame({g: [frame.problem.plot_ids[frame.combos[r, i]] for r in rows[order]]
                          for i, g in enumerate(frame.problem.groups)})
    table["share"] = counts[order] / len(won)
    table["chosen"] = rows[order] == frame.base
    return table


# --------------------------------------------------------------------------- swap points
def _swaps(frame: _Frame, configs: Sequence[Config], values: Sequence[np.ndarray]) -> pd.DataFrame:
    rows = []
    for g, (config, v) in enumerate(zip(configs, values, strict=True)):
        labels = criterion_labels(config)
        w = np.array([c.weight for c in config.criteria.values()], dtype=float)
        for c, key in enumerate(config.criteria):
            if w[c] <= 0 or w.sum() - w[c] <= 0:
                continue
            m, new = _first_change(frame, g, w, c, v)
            direction = "" if math.isnan(m) else "up" if m > 1 else "down"
            rows.append((frame.problem.groups[g], key, labels[key], float(w[c]), m,
                         m * float(w[c]), direction, new))
    table = pd.DataFrame(rows, columns=["group", "criterion", "label", "weight", "multiplier",
                                        "new_weight", "direction", "new"])
    size = table["multiplier"].map(lambda x: abs(math.log(x)) if x == x else math.inf)
    return table.iloc[np.argsort(size.to_numpy(), kind="stable")].reset_index(drop=True)


def _first_change(frame: _Frame, g: int, w: np.ndarray, c: int,
                  v: np.ndarray) -> tuple[float, tuple[str, ...] | None]:
    """Nearest multiplier of weight ``c`` of group ``g`` at which the decision changes."""
    roots = _roots(frame, g, w, c, v)
    best: tuple[float, tuple[str, ...] | None] = (math.nan, None)
    for candidates, up in ((np.sort(roots[roots > 1]), True),
                           (np.sort(roots[roots < 1])[::-1], False)):
        found = _walk(frame, g, w, c, v, candidates, up)
        if found is not None and (math.isnan(best[0])
                                  or abs(math.log(found[0])) < abs(math.log(best[0]))):
            best = found
    return best


def _walk(frame: _Frame, g: int, w: np.ndarray, c: int, v: np.ndarray, cand: np.ndarray,
          up: bool) -> tuple[float, tuple[str, ...]] | None:
    """Evaluate the decision just past each candidate, nearest first; return the first change."""
    if not len(cand):
        return None
    nxt = np.r_[cand[1:], np.inf if up else 0.0]
    gap = np.abs(nxt - cand) / 2
    step = np.minimum(gap, _STEP * cand)
    probe = cand + step if up else cand - step
    for start in range(0, len(probe), 256):
        part = probe[start:start + 256]
        weights = np.repeat(w[None, :], len(part), axis=0)
        weights[:, c] = w[c] * part
        scores = [np.repeat(np.asarray(frame.problem.scores[h])[None, :], len(part), axis=0)
                  for h in range(frame.problem.k)]
        scores[g] = draw_scores(v, weights)
        won = frame.winners(scores)
        changed = np.flatnonzero(won != frame.base)
        if len(changed):
            i = int(changed[0])
            return float(cand[start + i]), frame.plots(int(won[i]))
    return None


def _roots(frame: _Frame, g: int, w: np.ndarray, c: int, v: np.ndarray) -> np.ndarray:
    """Every multiplier where a comparison between the chosen and another portfolio can flip."""
    k, combos, scores = frame.problem.k, frame.combos, frame.problem.scores
    rest = np.arange(len(w)) != c
    a_all = np.nan_to_num(v[:, rest]) @ w[rest]
    b_all = np.nan_to_num(v[:, c]) * w[c]
    big_w, small_w = float(w[rest].sum()), float(w[c])
    mine, theirs = combos[frame.base, g], combos[:, g]
    others = [h for h in range(k) if h != g]
    def const(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not others:
            return np.full(len(rows), np.inf), np.zeros(len(rows))
        s = np.stack([scores[h, combos[rows, h]] for h in others], axis=-1)
        return s.min(axis=-1), s.sum(axis=-1)
    low_p, sum_p = const(np.full(len(combos), frame.base))
    low_q, sum_q = const(np.arange(len(combos)))
    a_p, b_p = a_all[mine], b_all[mine]
    a_q, b_q = a_all[theirs], b_all[theirs]

    def solve(ax: np.ndarray | float, bx: np.ndarray | float, k_: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return (k_ * big_w - 100.0 * ax) / (100.0 * bx - k_ * small_w)

    found = [solve(a_p - a_q, b_p - b_q, sum_q - sum_p), solve(a_p - a_q, b_p - b_q, 0 * sum_q)]
    for a_x, b_x in ((a_p, b_p), (a_q, b_q)):
        for level in (low_p, low_q):
            found.append(solve(a_x + 0 * a_q, b_x + 0 * b_q, level))
    roots = np.concatenate(found)
    roots = roots[np.isfinite(roots) & (roots > 0)]
    return np.unique(roots[np.abs(roots - 1) > 1e-12])


# --------------------------------------------------------------------------- separation
def _separation(frame: _Frame) -> dict[str, object]:
    problem = frame.problem
    base_key = _key(frame, frame.base)
    d = float(frame.walk_min[frame.base])
    out: dict[str, object] = {"raise_above_m": d, "raise_to": None, "lower_to_m": math.nan,
                              "lower_to": None}
    far = np.flatnonzero(frame.walk_min > d)
    if len(far):
        out["raise_to"] = frame.plots(int(far[_best_of(frame, far)]))
    if problem.min_separation_m > 0:
        out.update(_lower(frame, base_key))
    return out


def _lower(frame: _Frame, base_key: tuple[float, float]) -> dict[str, object]:
    problem = frame.problem
    combos = _frame(problem, district_ok(problem))
    wider = _Frame(problem, combos, _walk_min(problem, combos), 0)
    keys = [_key(wider, i) for i in range(len(combos))]
    better = [i for i, key in enumerate(keys) if key > base_key
              and wider.walk_min[i] < problem.min_separation_m]
    if not better:
        return {}
    level = float(max(wider.walk_min[i] for i in better))
    allowed = np.flatnonzero(wider.walk_min >= level)
    return {"lower_to_m": level, "lower_to": wider.plots(int(allowed[_best_of(wider, allowed)]))}


def _key(frame: _Frame, row: int) -> tuple[float, float]:
    scores = np.array([frame.problem.scores[g, i] for g, i in enumerate(frame.combos[row])])
    p, s = objective_values(scores[None, :], frame.problem.objective)
    return round(float(p[0]), RANK_DECIMALS), round(float(s[0]), RANK_DECIMALS)


def _best_of(frame: _Frame, rows: np.ndarray) -> int:
    scores = np.stack([frame.problem.scores[g, frame.combos[rows, g]]
                       for g in range(frame.problem.k)], -1)
    return int(_argbest(*[x[None, :] for x in objective_values(scores, frame.problem.objective)])
               [0])
