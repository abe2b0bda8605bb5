"""Scores, rules and ranking: pure, vectorised functions of (distance table, config).

For each criterion *i* a value curve turns the distance column into a value
``v_i`` between 0 and 1; the score is ``100 × Σ w_i·v_i / Σ w_i`` (0-100). Rules
pass or fail; each failure is a :class:`Failure` record (criterion, operator,
limit, value), put into words by :mod:`siting.text.render`. Plots that pass
every rule are ranked first by score, then plots that fail a rule, by score;
flagged plots (too far from the street network, on an island, ...) get no score
and no rank. Equal scores are ordered by the sum of all criteria's values
(:func:`tie_key`), then by plot id, so a plot never ranks above an equal one that
is at least as good on every criterion and better on one; :func:`tie_groups`
finds them. Re-weighting only recomputes this module, never the distances.
Nothing here depends on a language.

Distances are metres (``walk_m_*``), times minutes (``*_min``); ``inf`` means
unreachable.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .config import Config, Curve, Op
from .errors import ConfigError, InputError

__all__ = [
    "EXPONENTIAL_RATE",
    "RANK_DECIMALS",
    "STATUSES",
    "Failure",
    "TieGroup",
    "curve_fn",
    "flagged",
    "points_column",
    "score_table",
    "tie_groups",
    "tie_key",
    "tied_ranks",
    "value_column",
    "with_response",
]

#: ``exponential`` curves fall like ``exp(-3 t)`` over the span (e-folding third).
EXPONENTIAL_RATE = 3.0
#: Scores equal to this many decimals count as tied when ranking (float noise).
RANK_DECIMALS = 9
#: Status codes of a scored plot, best first.
STATUSES: tuple[str, ...] = ("ok", "fails_rules", "flagged")
_Array = np.ndarray


# --------------------------------------------------------------------------- curves
def _linear(t: _Array) -> _Array:
    return 1.0 - t


def _step(t: _Array) -> _Array:
    full: _Array = (t <= 0.0).astype(float)
    return full


def _smooth(t: _Array) -> _Array:
    rise: _Array = t * t * (3.0 - 2.0 * t)
    return 1.0 - rise


def _exponential(t: _Array) -> _Array:
    floor = math.exp(-EXPONENTIAL_RATE)
    decay: _Array = np.exp(-EXPONENTIAL_RATE * t)
    return (decay - floor) / (1.0 - floor)


_SHAPE_FNS: dict[str, Callable[[_Array], _Array]] = {
    "linear": _linear, "step": _step, "smooth": _smooth, "exponential": _exponential,
}


def curve_fn(curve: Curve) -> Callable[[_Array], _Array]:
    """Return the value function of ``curve``: distances (column units) → values 0-1.

    With ``t = (x - full) / (zero - full)`` clipped to [0, 1] (0 at ``full``,
    1 at ``zero``; this covers both directions), the shapes are

    - ``linear``: ``1 - t``;
    - ``step``: 1 up to ``full`` (``t = 0``), 0 beyond; ``zero`` only sets the direction;
    - ``smooth``: ``1 - (3t² - 2t³)`` (smoothstep: flat at both ends, 0.5 midway);
    - ``exponential``: ``(e^(-3t) - e^(-3)) / (1 - e^(-3))``, a decay whose
      e-folding distance is a third of the span, rescaled to be exactly 1 at
      ``full`` and 0 at ``zero`` (drops fast early, slowly later).

    ``inf`` (unreachable) gives 0 when nearer is better and 1 when farther is
    better (no school within reach is as far as can be); NaN gives 0.

    Parameters
    ----------
    curve : Curve
        ``full``, ``zero`` (units of the column: metres or minutes) and ``shape``.

    Returns
    -------
    callable
        ``value(x)``: an array of distances to an array of values in [0, 1].
    """
    shape = _SHAPE_FNS[curve.shape]
    full, span = float(curve.full), float(curve.zero) - float(curve.full)

    def value(x: _Array) -> _Array:
        x = np.asarray(x, dtype=float)
        with np.errstate(invalid="ignore"):
            t = np.clip((x - full) / span, 0.0, 1.0)
        return np.where(np.isnan(x), 0.0, shape(t))

    return value


# --------------------------------------------------------------------------- names
def value_column(key: str) -> str:
    """Name of the 0-1 value column of criterion ``key``.

    Parameters
    ----------
    key : str
        A criterion key of the config, e.g. ``"gp"``.

    Returns
    -------
    str
        ``value_<key>``.
    """
    return f"value_{key}"


def points_column(key: str) -> str:
    """Name of the points column of criterion ``key``: its share of the 0-100 score.

    Parameters
    ----------
    key : str
        A criterion key, e.g. ``"bus"``.

    Returns
    -------
    str
        ``points_<key>``, holding ``100 · w_key · v_key / Σ w`` per plot, so a
        plot's points add up to its score.
    """
    return f"points_{key}"


class Failure(NamedTuple):
    """A failed rule: ``value`` of ``criterion`` (a column: metres or minutes) is not
    ``operator`` (``max``: at most, ``min``: at least) ``limit``; NaN = no value."""

    criterion: str
    operator: Op
    limit: float
    value: float


# --------------------------------------------------------------------------- rules
def _apply_rules(table: pd.DataFrame, config: Config,
                 flagged: _Array) -> tuple[_Array, list[list[Failure]]]:
    """Return (fails any enabled rule, failed rules per plot).

    A value fails a ``max`` rule unless ``value <= limit``, a ``min`` rule unless
    ``value >= limit``: ``inf`` fails ``max`` and passes ``min``; NaN fails
    both, except on flagged plots (whose missing values the flag explains).
    """
    fails = np.zeros(len(table), dtype=bool)
    failed: list[list[Failure]] = [[] for _ in range(len(table))]
    for rule in (r for r in config.rules if r.enabled):
        x = table[rule.column].to_numpy(dtype=float)
        ok = x <= rule.value if rule.op == "max" else x >= rule.value
        bad = ~ok & ~(flagged & np.isnan(x))
        fails |= bad
        for i in np.flatnonzero(bad):
            failed[i].append(Failure(rule.column, rule.op, float(rule.value), float(x[i])))
    return fails, failed


# --------------------------------------------------------------------------- scoring
def with_response(table: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Add ``police_response_min`` = the config's ``police.dispatch_min`` + ``police_drive_min``.

    Parameters
    ----------
    table : pandas.DataFrame
        A distance table; ``police_drive_min`` in minutes.
    config : Config
        Its ``police.dispatch_min`` (minutes).

    Returns
    -------
    pandas.DataFrame
        A copy with ``police_response_min`` right after ``police_drive_min``
        (replaced if present), or ``table`` itself when it has no police time.
        ``police_drive_min`` stays the pure network figure; ``inf`` stays
        ``inf`` and NaN (unknown) stays NaN.
    """
    if "police_drive_min" not in table.columns:
        return table
    response = table["police_drive_min"].astype(float) + float(config.police.dispatch_min)
    if "police_response_min" in table.columns:
        return table.assign(police_response_min=response)
    at = table.columns.get_loc("police_drive_min") + 1
    out = table.copy()
    out.insert(int(at), "police_response_min", response)
    return out


def _check_columns(table: pd.DataFrame, config: Config) -> None:
    if "plot_id" not in table.columns:
        raise InputError("distance table: column 'plot_id' is missing; give every plot an id",
                         nb="avstandstabell: kolonnen 'plot_id' mangler; gi hver tomt en id")
    needed = [(f"criteria.{k}.column", c.column) for k, c in config.criteria.items()]
    needed += [(f"rules[{i}].column", r.column) for i, r in enumerate(config.rules) if r.enabled]
    missing = [(path, col) for path, col in needed if col not in table.columns]
    if missing:
        have = ", ".join(str(c) for c in table.columns)
        raise ConfigError(
            "\n".join(f"config: {p} is '{c}', which the distance table lacks; add that "
                      f"service category or fix the column name (columns: {have})"
                      for p, c in missing),
            nb="\n".join(f"config: {p} er '{c}', som avstandstabellen mangler; legg til "
                         f"tjenestekategorien eller rett kolonnenavnet (kolonner: {have})"
                         for p, c in missing))


def flagged(table: pd.DataFrame) -> _Array:
    """Whether each plot is flagged.

    Parameters
    ----------
    table : pandas.DataFrame
        A distance table; its ``flag`` holds codes (or, in a table made by hand, a text).

    Returns
    -------
    numpy.ndarray
        True where a plot's ``flag`` is not empty; all False without the column.
    """
    if "flag" not in table.columns:
        return np.zeros(len(table), dtype=bool)
    return np.array([isinstance(f, tuple | list | str) and len(f) > 0 for f in table["flag"]],
                    dtype=bool)


def _weights(config: Config) -> _Array:
    w = np.array([c.weight for c in config.criteria.values()], dtype=float)
    if not w.sum() > 0:
        raise ConfigError("config: all criterion weights are 0; give at least one criterion "
                          "a weight above 0", nb="config: alle kriterievekter er 0; gi minst "
                          "ett kriterium en vekt over 0")
    normalised: _Array = w / w.sum()
    return normalised


def tie_key(values: _Array) -> _Array:
    """The order of plots with equal scores: the sum of their values on all criteria.

    Parameters
    ----------
    values : numpy.ndarray
        0-1 values, criteria on the last axis (those weighted 0 included).

    Returns
    -------
    numpy.ndarray
        The sums, rounded to :data:`RANK_DECIMALS` like the score; higher ranks
        first. Rounding is monotone, so when plot *j* is at least as good as *i*
        on every criterion and better on one (it dominates *i*, see
        :func:`siting.robustness.pareto`), *j*'s key is at least *i*'s, and
        higher unless the sums differ by less than 10^-9: a plot never ranks
        above one with an equal score that dominates it, whatever the weights.
    """
    key: _Array = np.round(np.sum(values, axis=-1), RANK_DECIMALS)
    return key


def _rank(score: _Array, tie: _Array, status: _Array,
          plot_id: _Array) -> pd.arrays.IntegerArray:
    """Ranks 1..n: ``ok`` before ``fails_rules``, score descending, then ``tie``
    (:func:`tie_key`) descending, then plot_id."""
    scored = np.flatnonzero(status != "flagged")
    _, pid = np.unique(plot_id[scored].astype(str), return_inverse=True)
    group = status[scored] == "fails_rules"
    order = np.lexsort((pid, -tie[scored], -np.round(score[scored], RANK_DECIMALS), group))
    rank = np.zeros(len(score), dtype="int64")
    rank[scored[order]] = np.arange(1, len(scored) + 1)
    return pd.arrays.IntegerArray(rank, status == "flagged")


def score_table(table: pd.DataFrame, config: Config) -> pd.DataFrame:
    """Score, check and rank every plot of a distance table.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per plot: ``plot_id``, the columns the criteria and enabled
        rules read (metres / minutes, ``inf`` = unreachable) and optionally
        ``flag`` (why the plot cannot be assessed: a tuple of codes as
        :func:`siting.analysis.accessibility` writes them, or a text; empty
        when it can). ``police_response_min`` is derived here from
        ``police_drive_min`` and the config's dispatch delay (:func:`with_response`).
    config : Config
        Weights, curves and rules (its language plays no part).

    Returns
    -------
    pandas.DataFrame
        A copy sorted by ``rank`` (flagged plots last, by ``plot_id``; index
        kept) with, per criterion key, ``value_<key>`` (0-1) and ``points_<key>``
        (its share of the score), and ``score`` (0-100, unrounded; NaN when
        flagged), ``status`` (``ok``/``fails_rules``/``flagged``), ``failed``
        (a tuple of :class:`Failure`, one per enabled rule the plot breaks; empty
        for a flagged plot's unknown figures) and ``rank`` (nullable Int64; <NA>
        when flagged). Earlier result columns (``value_*``, ``points_*``, ...)
        are replaced. :func:`siting.text.render.reasons` says why in words.

    Raises
    ------
    ConfigError
        If a criterion or enabled rule reads a column the table lacks, or all
        weights are 0.
    """
    table = with_response(table, config)
    _check_columns(table, config)
    weights = _weights(config)
    flags = flagged(table)
    keys = list(config.criteria)
    values = np.column_stack([curve_fn(c.curve)(table[c.column].to_numpy(dtype=float))
                              for c in config.criteria.values()])
    values[flags] = np.nan
    points = 100.0 * values * weights
    fails, failed = _apply_rules(table, config, flags)
    status = np.where(flags, "flagged", np.where(fails, "fails_rules", "ok")).astype(object)
    failures = np.empty(len(table), dtype=object)
    failures[:] = [tuple(f) for f in failed]
    score = points.sum(axis=1)
    rank = _rank(score, tie_key(values), status, table["plot_id"].to_numpy())
    new: dict[str, Any] = {value_column(k): values[:, j] for j, k in enumerate(keys)}
    new |= {points_column(k): points[:, j] for j, k in enumerate(keys)}
    new |= {"score": score, "status": status, "failed": failures, "rank": rank}
    old = [c for c in table.columns
           if str(c).startswith(("value_", "points_")) or c in new or c == "reasons"]
    kept = table.drop(columns=old) if old else table
    out = pd.concat([kept, pd.DataFrame(new, index=table.index)], axis=1)
    _, pid = np.unique(table["plot_id"].astype(str).to_numpy(), return_inverse=True)
    return out.iloc[np.lexsort((pid, rank.to_numpy(dtype=float, na_value=np.inf)))]



class TieGroup(NamedTuple):
    """Ranked plots with equal scores: ranks ``first`` to ``last`` (consecutive),
    their ``score`` (0-100) and ``plot_ids`` in rank order."""

    first: int
    last: int
    score: float
    plot_ids: tuple[str, ...]


def tie_groups(ranked: pd.DataFrame) -> list[TieGroup]:
    """The groups of two or more ranked plots whose scores are equal as ranked.

    Parameters
    ----------
    ranked : pandas.DataFrame
        Output of :func:`score_table` (``plot_id``, ``status``, ``score``, ``rank``).

    Returns
    -------
    list of TieGroup
        In rank order. Equal means the same status and the same score to
        :data:`RANK_DECIMALS` decimals, as :func:`score_table` ranks them; the
        order within a group is then :func:`tie_key`'s, then the plot ids'.
        Flagged plots are in none.
    """
    rows = ranked[ranked["status"] != "flagged"].sort_values("rank")
    score = rows["score"].to_numpy(dtype=float)
    keys = zip(rows["status"], np.round(score, RANK_DECIMALS), strict=True)
    members = zip(keys, rows["rank"], score, rows["plot_id"].astype(str), strict=True)
    groups = [list(g) for _, g in itertools.groupby(members, key=lambda m: m[0])]
    return [TieGroup(int(g[0][1]), int(g[-1][1]), float(g[0][2]), tuple(m[3] for m in g))
            for g in groups if len(g) > 1]


def tied_ranks(ranked: pd.DataFrame) -> pd.Series:
    """Per plot, the ranks it shares its score with: ``"4–9"``; ``""`` when no other has it.

    Parameters
    ----------
    ranked : pandas.DataFrame
        Output of :func:`score_table` (unrounded scores: ties are judged as ranked).

    Returns
    -------
    pandas.Series
        Text (no language: the ranks of the plot's :class:`TieGroup`, its own
        included, joined by an en dash), on ``ranked``'s index; the rank itself
        stays a number.
    """
    out = pd.Series("", index=ranked.index, dtype=object)
    ids = ranked["plot_id"].astype(str).to_numpy()
    for group in tie_groups(ranked):
        out[np.isin(ids, group.plot_ids)] = f"{group.first}–{group.last}"
    return out
