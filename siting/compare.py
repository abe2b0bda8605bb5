"""Which plots change rank between two scenarios, and why.

:func:`compare_scenarios` sets two rankings of (mostly) the same candidate
plots side by side, e.g. "recovery" vs "active-use", or the same profile with
"a new GP office" in the register: per plot the change in rank and score and
the criterion whose points changed most. Like :mod:`siting.robustness` it is a
pure view of ranked tables and never re-measures a distance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError

__all__ = ["Ranking", "compare_scenarios"]

#: A ranking: a :class:`~siting.pipeline.Result`, a ranked
#: :class:`~siting.scenario.Scenario` or a table from :func:`~siting.scoring.score_table`.
Ranking = Any


def compare_scenarios(a: Ranking, b: Ranking,
                      labels: tuple[str, str] = ("A", "B")) -> pd.DataFrame:
    """Compare two rankings of (mostly) the same candidate plots, plot by plot.

    Parameters
    ----------
    a, b : Result, Scenario or pandas.DataFrame
        A ``Result``, a ranked scenario, or a ranked table
        (:func:`siting.scoring.score_table`): ``plot_id``, ``rank``, ``score``,
        ``status``, ``points_<key>``.
    labels : tuple of str
        Names of the two scenarios, kept in ``attrs["labels"]`` for display.

    Returns
    -------
    pandas.DataFrame
        One row per plot of either side: ``plot_id``, ``name``, ``rank_a``,
        ``rank_b``, ``rank_change`` (b − a; positive = fell), ``score_a``,
        ``score_b``, ``score_change`` (0-100 scale), ``status_a``, ``status_b``,
        ``criterion`` (key whose points changed most; None if none or unknown)
        and ``criterion_change`` (its points, b − a). A plot on one side only
        has NaN / <NA> on the other. Sorted by absolute rank change (largest
        first, unknown last), then ``rank_a``, ``rank_b``, ``plot_id``.
    """
    keys = _points_keys(_table_of(a), _table_of(b))
    m = _side(a, keys).merge(_side(b, keys), on="plot_id", how="outer", suffixes=("_a", "_b"))
    criterion, change = _top_change(m, keys)
    out = pd.DataFrame({"plot_id": m["plot_id"], "name": m["name_a"].fillna(m["name_b"]),
                        "rank_a": m["rank_a"], "rank_b": m["rank_b"],
                        "rank_change": m["rank_b"] - m["rank_a"],
                        "score_a": m["score_a"], "score_b": m["score_b"],
                        "score_change": m["score_b"] - m["score_a"],
                        "status_a": m["status_a"], "status_b": m["status_b"],
                        "criterion": criterion, "criterion_change": change})
    order = out.assign(_size=out["rank_change"].abs()).sort_values(
        ["_size", "rank_a", "rank_b", "plot_id"], ascending=[False, True, True, True],
        na_position="last").index
    out = out.loc[order].reset_index(drop=True)
    out.attrs["labels"] = tuple(labels)
    return out


def _side(x: Ranking, keys: list[str]) -> pd.DataFrame:
    """plot_id, name, rank, score, status and points of every key (absent: 0) of one side."""
    t = _table_of(x)
    if t is None or not {"plot_id", "rank", "score", "status"} <= set(t.columns):
        raise InputError("compare_scenarios: give a Result, a ranked Scenario or a ranked "
                         "table (plot_id, rank, score, status, points_*)",
                         nb="compare_scenarios: gi et Result, et rangert scenario eller en "
                         "rangert tabell (plot_id, rank, score, status, points_*)")
    out = pd.DataFrame({"plot_id": t["plot_id"].astype(str).to_numpy(),
                        "name": t["name"].to_numpy() if "name" in t else None,
                        "rank": t["rank"].astype("Int64").array,
                        "score": t["score"].to_numpy(dtype=float), "status": t["status"]})
    for key in keys:  # a criterion this side lacks gave 0 points; flagged plots NaN
        col = f"points_{key}"
        out[col] = t[col].to_numpy(dtype=float) if col in t else 0.0
    return out


def _table_of(x: Ranking) -> pd.DataFrame | None:
    """The ranked table of a Result (``ranked``), a Scenario (``results``) or a table."""
    if isinstance(x, pd.DataFrame):
        return x
    return getattr(x, "ranked", getattr(x, "results", None))


def _points_keys(*tables: pd.DataFrame | None) -> list[str]:
    cols = [c for t in tables if t is not None for c in t.columns]
    return list(dict.fromkeys(c.removeprefix("points_") for c in map(str, cols)
                              if c.startswith("points_")))


def _top_change(m: pd.DataFrame, keys: list[str]) -> tuple[list[str | None], np.ndarray]:
    """Per row: the criterion whose points changed most and that change (b − a).

    NaN (plot on one side only, or flagged) gives (None, NaN); no change at all
    gives (None, 0.0). Ties go to the first criterion in config order.
    """
    diff = np.column_stack([m[f"points_{k}_b"] - m[f"points_{k}_a"] for k in keys] or
                           [np.full(len(m), np.nan)]).astype(float)
    size = np.where(np.isnan(diff), -1.0, np.abs(diff))
    j = size.argmax(axis=1)
    best = size[np.arange(len(m)), j]
    names = [keys[i] if b > 0 else None for i, b in zip(j, best, strict=True)]
    change = np.where(best > 0, diff[np.arange(len(m)), j], np.where(best == 0, 0.0, np.nan))
    return names, change

