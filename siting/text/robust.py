"""How firm a ranking is, in words: the weight-draw summary and the swap sentences.

:mod:`siting.robustness` computes shares, ranks and multipliers; these
functions say them in one language.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from ..config import SLIDER_WEIGHT_MAX, Config
from ..robustness import Sensitivity
from ..scoring import TieGroup
from . import factor, number, t
from .render import criterion_labels

__all__ = ["percent", "percent_points", "sensitivity_summary", "swap_sentence", "swap_sentences",
           "tie_note"]


def percent(share: float, lang: str = "nb") -> str:
    """A share 0-1 as a whole percentage: "87 %" in bokmål, "87%" in English.

    Only a share of exactly 0 or 1 reads "0 %" or "100 %": one that rounds to
    either without being it reads "under 1 %" or "over 99 %", so that "in 100 %
    of the draws" never sits beside something that happened in some draws.

    Parameters
    ----------
    share : float
        A share from 0 to 1 (0.87 for 87 %).
    lang : str
        "nb" or "en".

    Returns
    -------
    str
        The percentage in words; "–" if ``share`` is unknown (NaN or infinite).
    """
    value = float(share)
    if not math.isfinite(value):
        return "–"
    shown = round(100 * value)  # as "{v:.0f}" rounds it
    if shown == 0 and value > 0:
        return t("percent.under", lang)
    if shown == 100 and value < 1:
        return t("percent.over", lang)
    return t("percent", lang, v=100 * value)


def percent_points(shares: Any, decimals: int = 1) -> np.ndarray:
    """Shares 0-1 as percentage points for a table, rounded to ``decimals``; like
    :func:`percent`, only a share of exactly 0 or 1 shows as 0 or 100.

    Parameters
    ----------
    shares : array-like of float
        Shares from 0 to 1; NaN stays NaN.
    decimals : int
        Decimals shown.

    Returns
    -------
    numpy.ndarray
        Percentage points; a share strictly between 0 and 1 lies within
        [10^-decimals, 100 - 10^-decimals] (0.9995 -> 99.9, not 100.0).
    """
    x = np.asarray(shares, dtype=float)
    step = 10.0 ** -decimals
    points = np.round(100 * x, decimals)
    inside = (x > 0) & (x < 1)
    points[inside] = np.clip(points[inside], step, 100 - step)
    return points


def sensitivity_summary(sens: Sensitivity, lang: str = "nb") -> str:
    """One sentence on how firmly the leading plot leads, in ``lang``."""
    top = sens.table.iloc[0]
    spread = percent(sens.spread, lang)
    if sens.method == "dirichlet":
        how = t("robust.how.dirichlet", lang, pm=spread)
    else:
        how = t("robust.how.uniform", lang, pm=spread, low=number(1 - sens.spread, lang, 2),
                high=number(1 + sens.spread, lang, 2))
    said = t("robust.summary", lang, how=how, n=int(sens.n), plot=str(top["plot_id"]),
             first=percent(top["share_first"], lang), top3=percent(top["share_top3"], lang))
    table = sens.table
    if "share_level" in table and float(top["share_level"]) > 0:  # first by the ids' order
        others = [str(p) for p, s in zip(table["plot_id"].iloc[1:], table["share_level"].iloc[1:],
                                          strict=True) if s > 0]
        said += " " + t("robust.level", lang, level=percent(top["share_level"], lang),
                        plot=str(top["plot_id"]), others=", ".join(others))
    return said


def swap_sentence(row: Any, label: str, lang: str = "nb") -> str:
    """The sentence of one row of :func:`siting.robustness.swap_weights` in ``lang``."""
    pair = {"first": row.first, "second": row.second}
    if row.blocked:
        return t("robust.blocked", lang, **pair)
    if math.isnan(row.multiplier):  # a weight of 0 cannot be multiplied up: not tried
        return t("robust.zero" if row.weight == 0 else "robust.never", lang, label=label,
                 **pair)
    key = "robust.beyond" if row.new_weight > SLIDER_WEIGHT_MAX + 1e-9 else "robust.swap"
    return t(key, lang, label=label, verb=t(f"robust.{row.direction}", lang),
             old=number(row.weight, lang, 2, trim=True),
             new=number(row.new_weight, lang, 2, trim=True),
             times=factor(row.multiplier, lang),
             top=number(SLIDER_WEIGHT_MAX, lang, None), **pair)


def swap_sentences(swaps: pd.DataFrame, config: Config, lang: str = "nb") -> list[str]:
    """The sentences of a :func:`~siting.robustness.swap_weights` table, row by row."""
    labels = criterion_labels(config, lang)
    return [swap_sentence(r, labels.get(r.criterion, r.criterion), lang)
            for r in swaps.itertuples()]


def tie_note(groups: list[TieGroup], lang: str = "nb", decimals: int = 2) -> str:
    """Which ranks have exactly equal scores and how they are ordered, in ``lang``.

    Parameters
    ----------
    groups : list of TieGroup
        From :func:`siting.scoring.tie_groups`.
    lang : str
        "nb" or "en".
    decimals : int
        Decimals of the score (0-100) shown; 0 where scores are shown whole (public).

    Returns
    -------
    str
        E.g. "Exactly equal scores: ranks 4–9 (61.29). Equal scores are ordered by
        ..."; "" when no scores are equal. Ranks, not plot names: it suits the public
        version too.
    """
    if not groups:
        return ""
    items = [t("ties.group", lang, score=number(g.score, lang, decimals), ranks=t(
        "ties.pair" if g.last == g.first + 1 else "ties.range", lang, a=str(g.first),
        b=str(g.last))) for g in groups]
    return t("ties.note", lang, groups="; ".join(items))
