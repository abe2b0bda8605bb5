"""Scores, rules and ranking: pure, vectorised functions of (distance table, config).

For each criterion *i* a value curve turns the distance column into a value
``v_i`` between 0 and 1; the score is ``100 × Σ w_i·v_i / Σ w_i`` (0-100). Rules
pass or fail with a reason in the config's language. Plots that pass every
rule are ranked first by score, then plots that fail a rule, by score; flagged
plots (too far from the street network, on an island, ...) get no score and
no rank. Re-weighting only recomputes this module, never the distances.

Distances are metres (``walk_m_*``), times minutes (``*_min``); ``inf`` means
unreachable.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from siting.config import Config, Curve, Rule
from siting.errors import ConfigError, InputError

__all__ = [
    "EXPONENTIAL_RATE",
    "RANK_DECIMALS",
    "STATUSES",
    "column_labels",
    "criterion_labels",
    "curve_fn",
    "points_column",
    "rule_reason",
    "score_table",
    "status_label",
    "unreachable_text",
    "value_column",
]

#: ``exponential`` curves fall like ``exp(-3 t)`` over the span (e-folding third).
EXPONENTIAL_RATE = 3.0
#: Scores equal to this many decimals count as tied when ranking (float noise).
RANK_DECIMALS = 9
STATUSES: dict[str, tuple[str, str]] = {
    "ok": ("passes all rules", "oppfyller alle krav"),
    "fails_rules": ("fails a rule", "bryter et krav"),
    "flagged": ("flagged, not assessed", "flagget, ikke vurdert"),
}
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
    """Name of the 0-1 value column of criterion ``key``."""
    return f"value_{key}"


def points_column(key: str) -> str:
    """Name of the points column (share of the 0-100 score) of criterion ``key``."""
    return f"points_{key}"


def criterion_labels(config: Config, lang: str | None = None) -> dict[str, str]:
    """Return {criterion key: label} in ``lang`` (default: the config's language)."""
    lang = lang or config.lang
    return {k: (c.label_nb if lang == "nb" else c.label_en) or k
            for k, c in config.criteria.items()}


_FIXED = {
    "plot_id": ("Plot", "Tomt"), "score": ("Score (0-100)", "Poengsum (0-100)"),
    "status": ("Status", "Status"), "reasons": ("Reasons", "Begrunnelse"),
    "rank": ("Rank", "Rangering"), "flag": ("Flag", "Merknad"),
    "snap_m": ("Distance to street (m)", "Avstand til vei (m)"),
}


_HOW = {"walk_m_": ("walk", "gange"), "police_drive_min": ("drive", "kjøretid"),
        "patrol_detour_min": ("detour", "omvei")}


def column_labels(config: Config, lang: str | None = None) -> dict[str, str]:
    """Return display names for the columns of a scored table, in ``lang``.

    Covers the fixed columns, each criterion's distance column (with its unit),
    ``value_<key>`` (0-1) and ``points_<key>``.
    """
    lang = lang or config.lang
    nb = lang == "nb"
    out = {col: pair[nb] for col, pair in _FIXED.items()}
    for key, label in criterion_labels(config, lang).items():
        column = config.criteria[key].column
        kind = "walk_m_" if column.startswith("walk_m_") else column
        how = f", {_HOW[kind][nb]}" if kind in _HOW else ""
        unit = _unit(column)
        out[column] = f"{label}{how} ({unit})" if unit else label
        out[value_column(key)] = f"{label} (0-1)"
        out[points_column(key)] = f"{label} ({'poeng' if nb else 'points'})"
    return out


def status_label(status: str, lang: str = "nb") -> str:
    """Return the plain-language text of a status code (``ok``, ``fails_rules``, ``flagged``)."""
    return STATUSES[status][lang == "nb"]


# --------------------------------------------------------------------------- reasons
_NOUNS: dict[str, tuple[str, str]] = {
    "gp": ("GP office", "legekontor"),
    "bus": ("bus stop", "holdeplass"),
    "shop": ("grocery shop", "dagligvarebutikk"),
    "mental_health": ("mental-health service", "psykisk helsetjeneste"),
    "substance_abuse": ("substance-abuse service", "rustjeneste"),
    "pharmacy": ("pharmacy", "apotek"),
    "school": ("school or kindergarten", "skole eller barnehage"),
    "nav": ("NAV office", "NAV-kontor"),
}
# column: (en with {v}, en unreachable, nb with {v}, nb unreachable)
_PHRASES: dict[str, tuple[str, str, str, str]] = {
    "police_drive_min": ("{v} min by car from the nearest police station",
                         "no police station can reach it by road",
                         "{v} min med bil fra nærmeste politistasjon",
                         "ingen politistasjon kan nå tomten med bil"),
    "patrol_detour_min": ("{v} min detour from the nearest main road",
                          "cannot be reached by car from a main road",
                          "{v} min omvei fra nærmeste hovedvei",
                          "kan ikke nås med bil fra hovedvei"),
}


def _unit(column: str) -> str:
    if column.endswith("_min"):
        return "min"
    return "m" if column.startswith("walk_m_") or column.endswith("_m") else ""


def _phrases(column: str, label: str) -> tuple[str, str, str, str]:
    if column in _PHRASES:
        return _PHRASES[column]
    if column.startswith("walk_m_"):
        en, nb = _NOUNS.get(column.removeprefix("walk_m_"), (label, label))
        return (f"{{v}} m to the nearest {en}", f"no {en} reachable on foot",
                f"{{v}} m til nærmeste {nb}", f"ingen {nb} kan nås til fots")
    unit = f" {_unit(column)}" if _unit(column) else ""
    return f"{{v}}{unit}", "not reachable", f"{{v}}{unit}", "kan ikke nås"


def _number(x: float, decimals: int, lang: str) -> str:
    text = f"{x:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",") if lang == "nb" else text


def _reasoner(rule: Rule, lang: str, label: str) -> Callable[[float], str]:
    """Return a fast ``value -> failure text`` function for one rule (see :func:`rule_reason`)."""
    nb = lang == "nb"
    present_en, absent_en, present_nb, absent_nb = _phrases(rule.column, label)
    present, absent = (present_nb, absent_nb) if nb else (present_en, absent_en)
    unit = _unit(rule.column)
    first = 0 if unit == "m" else 1  # decimals: whole metres, tenths of minutes
    limits = [_number(rule.value, d, lang) for d in range(first, first + 4)]
    lim = _number(rule.value, 0, lang) if float(rule.value).is_integer() else limits[0]
    lim = f"{lim} {unit}".rstrip()
    if rule.op == "max":
        tail = f", grensen er {lim}" if nb else f", limit {lim}"
    else:
        tail = f", kravet er minst {lim}" if nb else f", at least {lim} required"
    missing = f"{label}: {'mangler verdi' if nb else 'no value'}"
    before, after = present.split("{v}")
    head, tail = f"{label}: {before}", f"{after}{tail}"

    def reason(value: float) -> str:
        if value != value:  # NaN
            return missing
        if math.isinf(value):
            return f"{label}: {absent}"
        for d, limit in enumerate(limits, start=first):  # enough decimals to differ
            shown = _number(value, d, lang)
            if shown != limit:
                break
        if d and shown.endswith("0" * d):  # "12.0 min" -> "12 min"
            shown = shown[: -d - 1]
        return f"{head}{shown}{tail}"

    return reason


def unreachable_text(column: str, lang: str = "nb") -> str:
    """Say in ``lang`` why figure ``column`` is ``inf``: "ingen legekontor kan nås til fots"."""
    _, absent_en, _, absent_nb = _phrases(column, column.removeprefix("walk_m_"))
    return absent_nb if lang == "nb" else absent_en


def rule_reason(rule: Rule, value: float, lang: str = "nb", label: str | None = None) -> str:
    """Say in ``lang`` why ``value`` fails ``rule``.

    E.g. "Bus: 620 m to the nearest bus stop, limit 500 m" or "Buss: ingen
    holdeplass kan nås til fots". Metres are shown whole, minutes to a tenth,
    with more decimals only where the value would otherwise look like the
    limit. ``label`` defaults to the rule's own label, then its column name.
    """
    nb = lang == "nb"
    label = label or (rule.label_nb if nb else rule.label_en) or rule.column
    return _reasoner(rule, lang, label)(float(value))


def _rule_label(rule: Rule, config: Config) -> str:
    """The rule's label in the config's language, else its criterion's label."""
    own = rule.label_nb if config.lang == "nb" else rule.label_en
    if own:
        return own
    labels = criterion_labels(config)
    return next((labels[k] for k, c in config.criteria.items() if c.column == rule.column),
                rule.column)


def _apply_rules(table: pd.DataFrame, config: Config,
                 flagged: _Array) -> tuple[_Array, list[list[str]]]:
    """Return (fails any enabled rule, failure texts per plot).

    A value fails a ``max`` rule unless ``value <= limit``, a ``min`` rule unless
    ``value >= limit``: ``inf`` fails ``max`` and passes ``min``; NaN fails
    both, except on flagged plots (whose missing values the flag explains).
    """
    fails = np.zeros(len(table), dtype=bool)
    texts: list[list[str]] = [[] for _ in range(len(table))]
    for rule in (r for r in config.rules if r.enabled):
        x = table[rule.column].to_numpy(dtype=float)
        ok = x <= rule.value if rule.op == "max" else x >= rule.value
        bad = ~ok & ~(flagged & np.isnan(x))
        fails |= bad
        reason = _reasoner(rule, config.lang, _rule_label(rule, config))
        for i in np.flatnonzero(bad):
            texts[i].append(reason(float(x[i])))
    return fails, texts


# --------------------------------------------------------------------------- scoring
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


def _column_text(table: pd.DataFrame, column: str) -> _Array:
    """Text column as an object array ("" where absent or missing)."""
    if column not in table.columns:
        return np.full(len(table), "", dtype=object)
    return table[column].fillna("").astype(str).to_numpy(dtype=object)


def _weights(config: Config) -> _Array:
    w = np.array([c.weight for c in config.criteria.values()], dtype=float)
    if not w.sum() > 0:
        raise ConfigError("config: all criterion weights are 0; give at least one criterion "
                          "a weight above 0", nb="config: alle kriterievekter er 0; gi minst "
                          "ett kriterium en vekt over 0")
    normalised: _Array = w / w.sum()
    return normalised


def _rank(score: _Array, status: _Array, plot_id: _Array) -> pd.arrays.IntegerArray:
    """Ranks 1..n: ``ok`` before ``fails_rules``, score descending, then plot_id."""
    scored = np.flatnonzero(status != "flagged")
    _, pid = np.unique(plot_id[scored].astype(str), return_inverse=True)
    group = status[scored] == "fails_rules"
    order = np.lexsort((pid, -np.round(score[scored], RANK_DECIMALS), group))
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
        ``flag`` ("" or the reason the plot cannot be assessed).
    config : Config
        Weights, curves, rules and language.

    Returns
    -------
    pandas.DataFrame
        A copy sorted by ``rank`` (flagged plots last, by ``plot_id``; index
        kept) with, per criterion key, ``value_<key>`` (0-1) and ``points_<key>``
        (its share of the score), and ``score`` (0-100, unrounded; NaN when
        flagged), ``status`` (``ok``/``fails_rules``/``flagged``), ``reasons``
        (the flag text for a flagged plot, else its ``note`` -- e.g. a repaired
        polygon -- and the failed rules, "; "-joined, in ``config.lang``) and
        ``rank`` (nullable Int64; <NA> when flagged). Earlier result columns
        (``value_*``, ``points_*``, ...) are replaced.

    Raises
    ------
    ConfigError
        If a criterion or enabled rule reads a column the table lacks, or all
        weights are 0.
    """
    _check_columns(table, config)
    weights = _weights(config)
    flag = _column_text(table, "flag")
    flagged = flag != ""
    keys = list(config.criteria)
    values = np.column_stack([curve_fn(c.curve)(table[c.column].to_numpy(dtype=float))
                              for c in config.criteria.values()])
    values[flagged] = np.nan
    points = 100.0 * values * weights
    fails, texts = _apply_rules(table, config, flagged)
    status = np.where(flagged, "flagged", np.where(fails, "fails_rules", "ok")).astype(object)
    # a flagged plot's figures may come from a far snap or another area: state only why
    notes = _column_text(table, "note")
    reasons = [f or "; ".join([n, *t] if n else t)
               for f, n, t in zip(flag, notes, texts, strict=True)]
    score = points.sum(axis=1)
    rank = _rank(score, status, table["plot_id"].to_numpy())
    new: dict[str, Any] = {value_column(k): values[:, j] for j, k in enumerate(keys)}
    new |= {points_column(k): points[:, j] for j, k in enumerate(keys)}
    new |= {"score": score, "status": status, "reasons": reasons, "rank": rank}
    old = [c for c in table.columns if str(c).startswith(("value_", "points_")) or c in new]
    kept = table.drop(columns=old) if old else table
    out = pd.concat([kept, pd.DataFrame(new, index=table.index)], axis=1)
    _, pid = np.unique(table["plot_id"].astype(str).to_numpy(), return_inverse=True)
    return out.iloc[np.lexsort((pid, rank.to_numpy(dtype=float, na_value=np.inf)))]
