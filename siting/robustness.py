"""How firm is the ranking? Dominance, weight sensitivity, swap points, scenarios.

Pure views of distance tables and configs; none re-measures a distance:

- :func:`pareto`: which plots score no higher than another plot on any
  criterion (those weighted 0 included), so no weighting lifts them above it;
- :func:`weight_sensitivity`: Monte Carlo over the weights: how often each
  plot ranks first and in the top three;
- :func:`swap_weights`: for each criterion, the exact weight at which the
  first and second plot change places;
- :func:`siting.compare.compare_scenarios`:
  which plots change rank between two scenarios (e.g. "recovery" vs
  "active-use", or "a new GP office") and why.

Rules and flags are respected as in :func:`siting.scoring.score_table`: plots
that fail a rule rank after those that pass whatever the weights, and flagged
plots are never ranked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from .config import Config
from .errors import ConfigError, InputError
from .scoring import RANK_DECIMALS, score_table, tie_key, value_column

__all__ = [
    "Sensitivity", "draw_ranks", "draw_scores", "draw_weights", "pareto",
    "swap_weights", "weight_sensitivity",
]

Method = Literal["uniform", "dirichlet"]


# --------------------------------------------------------------------------- Pareto
def pareto(ranked: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Find the plots that no weighting can score above another plot.

    Plot *j* dominates plot *i* when, on every criterion of the config
    (weighted 0 or not, since "whatever the weights" includes raising a 0),
    *j*'s value ``value_<key>`` is at least *i*'s, on one it is strictly
    higher, and *j* does not fail a rule that *i* passes (or *j* would rank
    after *i* anyway). Then no choice of weights gives *i* a higher score than
    *j*. The comparison uses the 0-1 curve values, not the raw distances,
    because the curves define what "better" means: nearer is better for the
    GP, but farther is better for schools when the group has said so, and
    distances a curve caps (every bus stop within its ``full``) score the same.
    Flagged plots are left out.

    Parameters
    ----------
    ranked : pandas.DataFrame
        Output of :func:`siting.scoring.score_table` (``plot_id``, ``status``,
        ``rank`` and ``value_<key>``).
    config : Config
        The config it was scored with (its criteria).

    Returns
    -------
    pandas.DataFrame
        One row per non-flagged plot, in ``ranked`` order: ``plot_id``,
        ``rank``, ``status``, ``dominated`` (bool), ``dominated_by`` and
        ``dominates`` (lists of plot ids, in ``ranked`` order).
    """
    keys = list(config.criteria)
    _require(ranked, [value_column(k) for k in keys] + ["plot_id", "status", "rank"])
    rows = ranked[ranked["status"] != "flagged"]
    v = rows[[value_column(k) for k in keys]].to_numpy(dtype=float)
    fails = (rows["status"] == "fails_rules").to_numpy()
    at_least = (v[:, None, :] >= v[None, :, :]).all(axis=2)  # [j, i]: j ≥ i everywhere
    better = (v[:, None, :] > v[None, :, :]).any(axis=2)
    not_behind = ~fails[:, None] | fails[None, :]  # [j, i]: j passes, or i fails too
    beats = at_least & better & not_behind
    ids = rows["plot_id"].astype(str).to_numpy()
    return pd.DataFrame({
        "plot_id": ids, "rank": rows["rank"].to_numpy(), "status": rows["status"].to_numpy(),
        "dominated": beats.any(axis=0),
        "dominated_by": [list(ids[beats[:, i]]) for i in range(len(ids))],
        "dominates": [list(ids[beats[i, :]]) for i in range(len(ids))],
    })


def _require(table: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(f"ranked table: column(s) {', '.join(missing)} missing; pass the "
                         "output of score_table scored with the same config",
                         nb=f"rangert tabell: kolonne(r) {', '.join(missing)} mangler; gi "
                         "resultatet av score_table med samme innstillinger")


# --------------------------------------------------------------------------- Monte Carlo
@dataclass
class Sensitivity:
    """Result of :func:`weight_sensitivity`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per plot in current rank order (flagged last): ``plot_id``,
        ``name`` (if given), ``status``, ``rank`` (at the given weights),
        ``share_first`` and ``share_top3`` (0-1 share of draws), ``share_level``
        (share of draws in which the plot has the first plot's score, that plot
        included, while another has it too: the weights then do not order them,
        the tie-break does, see :func:`draw_ranks`), ``mean_rank``, ``rank_p05`` and
        ``rank_p95`` (5th and 95th percentile of the rank, as observed ranks).
        Flagged plots: shares 0, ranks NaN.
    keys : list of str
        Criterion keys, the columns of ``weights``.
    weights : numpy.ndarray
        Drawn weights, shape (n, len(keys)), on the config's scale; criteria
        with weight 0 stay 0.
    ranks : numpy.ndarray
        Rank of each plot (columns in ``table`` order) in each draw; 0 when flagged.
    n, spread, seed, method
        As given.
    """

    table: pd.DataFrame
    keys: list[str]
    weights: np.ndarray
    ranks: np.ndarray
    n: int
    spread: float
    seed: int
    method: str


def draw_weights(config: Config, n: int = 2000, spread: float = 0.5, seed: int = 0,
                 method: Method = "uniform") -> np.ndarray:
    """Draw ``n`` perturbed weight vectors (rows; columns in criterion order).

    ``uniform``: every positive weight is multiplied by its own factor drawn
    uniformly from [1 − spread, 1 + spread]. ``dirichlet``: the positive
    weights, as shares, are drawn from a Dirichlet distribution centred on the
    current shares, with concentration ``3(k − 1)/spread² − 1`` for *k*
    positive weights, so that with equal weights each weight's relative
    standard deviation is ``spread/√3``, as with ``uniform``; the draw is
    scaled back to the current total. Weights of 0 stay 0.
    """
    _check_draws(n, spread, method)
    w = np.array([c.weight for c in config.criteria.values()], dtype=float)
    pos = w > 0
    rng = np.random.default_rng(seed)
    out = np.zeros((n, len(w)))
    if method == "uniform":
        out[:, pos] = w[pos] * rng.uniform(1.0 - spread, 1.0 + spread, size=(n, pos.sum()))
    elif pos.sum() == 1 or spread == 0:
        out[:, pos] = w[pos]
    else:
        concentration = 3.0 * (pos.sum() - 1) / spread**2 - 1.0
        shares = rng.dirichlet(concentration * w[pos] / w[pos].sum(), size=n)
        out[:, pos] = shares * w[pos].sum()
    return out


def _check_draws(n: int, spread: float, method: str) -> None:
    problems = []
    if not (isinstance(n, int | np.integer) and n >= 1):
        problems.append((f"n is {n!r}; give the number of draws, a whole number ≥ 1",
                         f"n er {n!r}; gi antall trekninger, et heltall ≥ 1"))
    if not (isinstance(spread, int | float) and 0 <= spread <= 1):
        problems.append((f"spread is {spread!r}; give a share between 0 and 1 (0.5 = ±50 %)",
                         f"spread er {spread!r}; gi en andel mellom 0 og 1 (0,5 = ±50 %)"))
    if method not in ("uniform", "dirichlet"):
        problems.append((f"method is {method!r}; use 'uniform' or 'dirichlet'",
                         f"method er {method!r}; bruk 'uniform' eller 'dirichlet'"))
    if problems:
        raise ConfigError("\n".join(f"weight_sensitivity: {en}" for en, _ in problems),
                          nb="\n".join(f"weight_sensitivity: {nb}" for _, nb in problems))


def draw_scores(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Scores 0-100 of every plot in every draw, shape (draws, plots).

    ``values`` (plots × criteria, 0-1) times the normalised ``weights`` (draws ×
    criteria), all draws at once: ``(100·V)·(W/ΣW)`` summed over the last,
    contiguous axis. These are the operations, order and memory layout (which
    decides numpy's summation order) of :func:`~siting.scoring.score_table`, so
    each draw's scores equal ``score_table`` with those weights to the last
    bit. A BLAS ``V @ W.T`` differs in the last digit and could flip exact ties.
    """
    share = weights / weights.sum(axis=1, keepdims=True)
    points = np.multiply((100.0 * np.ascontiguousarray(values))[None, :, :], share[:, None, :],
                         order="C")
    scores: np.ndarray = points.sum(axis=2)
    return scores


def draw_ranks(scores: np.ndarray, fails: np.ndarray, values: np.ndarray,
               plot_id: np.ndarray) -> np.ndarray:
    """Ranks 1..m in each draw (rows): passing plots first, then by score, then as
    :func:`~siting.scoring.score_table` orders equal scores.

    ``scores`` has shape (draws, m) for the m ranked (non-flagged) plots, ``values``
    (m × criteria, 0-1) their values; ties are judged at
    :data:`~siting.scoring.RANK_DECIMALS` decimals as in scoring and ordered by
    :func:`~siting.scoring.tie_key` (the sum of all values, the same in every
    draw), then by plot id, so a plot never ranks above an equal one that dominates it.
    """
    _, pid = np.unique(plot_id.astype(str), return_inverse=True)
    shape = scores.shape
    order = np.lexsort((np.broadcast_to(pid, shape), np.broadcast_to(-tie_key(values), shape),
                        -np.round(scores, RANK_DECIMALS), np.broadcast_to(fails, shape)),
                       axis=-1)
    ranks = np.empty(shape, dtype=np.int64)
    np.put_along_axis(ranks, order, np.broadcast_to(np.arange(1, shape[1] + 1), shape), axis=1)
    return ranks


def weight_sensitivity(table: pd.DataFrame, config: Config, *, n: int = 2000,
                       spread: float = 0.5, seed: int = 0,
                       method: Method = "uniform") -> Sensitivity:
    """Perturb the weights at random and count how often each plot ranks first / top three.

    Parameters
    ----------
    table : pandas.DataFrame
        Distance table (``Accessibility.table``; metres / minutes); a scored
        table works too.
    config : Config
        Curves, rules and the weights to perturb.
    n : int
        Number of draws.
    spread : float
        Each positive weight is multiplied by an independent factor uniform in
        [1 − spread, 1 + spread] (0.5: ±50 %); see :func:`draw_weights`.
    seed : int
        Seed of the random generator (same seed, same draws).
    method : {"uniform", "dirichlet"}

    Returns
    -------
    Sensitivity
    """
    weights = draw_weights(config, n, spread, seed, method)
    scored = score_table(table, config)
    keys = list(config.criteria)
    ranked = (scored["status"] != "flagged").to_numpy()
    values = scored.loc[ranked, [value_column(k) for k in keys]].to_numpy(dtype=float)
    fails = (scored.loc[ranked, "status"] == "fails_rules").to_numpy()
    ranks = np.zeros((n, len(scored)), dtype=np.int64)
    scores = draw_scores(values, weights)
    ranks[:, ranked] = draw_ranks(scores, fails, values,
                                  scored.loc[ranked, "plot_id"].to_numpy())
    level = np.zeros((n, len(scored)), dtype=bool)
    level[:, ranked] = level_with_first(scores, fails, ranks[:, ranked])
    return Sensitivity(_summarise(scored, ranks, ranked, level), keys, weights, ranks, n,
                       spread, seed, method)


def level_with_first(scores: np.ndarray, fails: np.ndarray, ranks: np.ndarray) -> np.ndarray:
    """In each draw (rows), the plots with the first plot's score (at
    :data:`~siting.scoring.RANK_DECIMALS`) and its status, where there are two or more.

    Their order in :func:`draw_ranks` is then the tie-break's (the sum of all values,
    then the plot ids): the weights do not tell them apart.
    """
    if not ranks.shape[1]:
        return np.zeros(ranks.shape, dtype=bool)
    first = np.argmax(ranks == 1, axis=1)
    rows = np.arange(len(ranks))
    rounded = np.round(scores, RANK_DECIMALS)
    level = (rounded == rounded[rows, first][:, None]) & (fails == fails[first][:, None])
    return level & (level.sum(axis=1) > 1)[:, None]


def _summarise(scored: pd.DataFrame, ranks: np.ndarray, ranked: np.ndarray,
               level: np.ndarray) -> pd.DataFrame:
    cols = [c for c in ("plot_id", "name", "status", "rank") if c in scored]
    out = scored[cols].reset_index(drop=True)
    out["share_first"] = (ranks == 1).mean(axis=0)
    out["share_top3"] = ((ranks >= 1) & (ranks <= 3)).mean(axis=0)
    out["share_level"] = level.mean(axis=0)
    known = ranks.astype(float)
    known[:, ~ranked] = np.nan
    out["mean_rank"] = known.mean(axis=0)
    for name, q in (("rank_p05", 0.05), ("rank_p95", 0.95)):
        out[name] = np.full(len(out), np.nan)
        if ranked.any():
            out.loc[ranked, name] = np.quantile(ranks[:, ranked], q, axis=0,
                                                method="inverted_cdf")
    return out


# --------------------------------------------------------------------------- swap points
_SWAP_COLUMNS = ["criterion", "weight", "multiplier", "new_weight", "direction", "first",
                 "second", "blocked"]


def swap_weights(table: pd.DataFrame, config: Config, first: str | None = None,
                 second: str | None = None) -> pd.DataFrame:
    """For each criterion, the weight at which the second plot overtakes the first.

    Only that criterion's weight changes (×``multiplier``), the others stay.
    With raw weights ``w`` and values ``v``, the score difference of plots A
    and B is ``100·(a + m·w_k·d_k) / (W_rest + m·w_k)`` where
    ``d_k = v_Ak − v_Bk`` and ``a = Σ_{j≠k} w_j (v_Aj − v_Bj)``: its sign is
    that of a line in ``m``, so the swap is exactly at ``m* = −a / (w_k·d_k)``.
    Beyond ``m*`` (above it if the weight must rise, below if it must fall) B
    ranks above A; other plots may move too.

    Parameters
    ----------
    table : pandas.DataFrame
        Distance table (or a scored one).
    config : Config
    first, second : str, optional
        Plot ids; default the current first and second plot. The better-ranked
        of the two is treated as "first".

    Returns
    -------
    pandas.DataFrame
        One row per criterion: ``criterion`` (key), ``weight``, ``multiplier``
        (NaN when no positive multiplier swaps them: weight 0, no difference
        on that criterion, the lead holds even without it, or B fails a rule A
        passes), ``new_weight``, ``direction`` ("up", "down" or ""), ``first``,
        ``second`` and ``blocked`` (True when B fails a rule A passes, so no
        weight can swap them). :func:`siting.text.robust.swap_sentences` says
        it in words.
    """
    scored = score_table(table, config)
    pair = _pair(scored, first, second)
    if pair is None:
        return pd.DataFrame(columns=_SWAP_COLUMNS)
    a, b = pair
    keys = list(config.criteria)
    w = np.array([config.criteria[k].weight for k in keys], dtype=float)
    d = np.array([a[value_column(k)] - b[value_column(k)] for k in keys], dtype=float)
    same_group = a["status"] == b["status"]
    rows = [_swap_row(k, j, w, d, same_group) for j, k in enumerate(keys)]
    out = pd.DataFrame(rows, columns=["criterion", "weight", "multiplier", "new_weight",
                                      "direction"])
    out["first"], out["second"] = str(a["plot_id"]), str(b["plot_id"])
    out["blocked"] = not same_group
    return out


def _pair(scored: pd.DataFrame, first: str | None,
          second: str | None) -> tuple[pd.Series, pd.Series] | None:
    """The rows of the two plots compared (None if fewer than two are ranked)."""
    ranked = scored[scored["status"] != "flagged"]
    ids = ranked["plot_id"].astype(str)
    for given in (first, second):
        if given is not None and str(given) not in set(ids):
            raise InputError(f"swap_weights: plot '{given}' is not a ranked plot; choose one "
                             f"of {', '.join(ids)}", nb=f"swap_weights: tomt «{given}» er ikke "
                             f"en rangert tomt; velg en av {', '.join(ids)}")
    a_id = str(first) if first is not None else next((i for i in ids if i != second), None)
    b_id = str(second) if second is not None else next((i for i in ids if i != a_id), None)
    if a_id is None or b_id is None or a_id == b_id:
        return None
    a, b = ranked[ids == a_id].iloc[0], ranked[ids == b_id].iloc[0]
    return (a, b) if a["rank"] < b["rank"] else (b, a)  # the better-ranked one is "first"


def _swap_row(key: str, k: int, w: np.ndarray, d: np.ndarray,
              same_group: bool) -> tuple[Any, ...]:
    rest = np.arange(len(w)) != k
    a = float(np.sum(w[rest] * d[rest]))
    slope = float(w[k] * d[k])
    m = -a / slope if slope != 0 else math.nan
    if not (same_group and m > 0):
        m = math.nan
    direction = "" if math.isnan(m) else "up" if d[k] < 0 else "down"
    return key, float(w[k]), m, m * float(w[k]), direction
