"""The engine's codes in words: flags, notes, failed rules, statuses and column labels.

Measuring (:func:`siting.analysis.accessibility`) writes flags and notes as
tuples of codes, ``(("far", {"m": 258.3, "limit": 250.0}),)``, and scoring
(:func:`siting.scoring.score_table`) failed rules as
:class:`~siting.scoring.Failure` records; the tables are the same in every
language. These functions say them in one language, with the entries of
:mod:`siting.text` and its number formatter.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from ..config import Config, Rule
from ..scoring import Failure, points_column, value_column
from . import CATALOGUE, number, pick, t

__all__ = ["UNPLACED_CODES", "Code", "code_text", "codes_text", "column_labels",
           "criterion_labels", "failure_text", "match_text", "match_texts", "name_and_id",
           "nearest_text", "problem_key", "problem_text", "reasons", "rule_label",
           "rule_limit_text", "service_name", "status_label", "unplaced_reason",
           "unreachable_text", "with_texts"]

#: A flag or note: a code and its values, e.g. ``("island", {"n": 12})``.
Code = tuple[str, Mapping[str, Any]]
_PROBLEM_KEYS = {en: key for key, (_, en) in CATALOGUE.items()
                 if key.startswith("problem.") and "{" not in en}
# a problem with values (an address looked up) is stored filled in: read the values back;
# the English code quoted with «» before it used its own “”, so read either
_QUOTES = str.maketrans({"“": "[“«]", "”": "[”»]"})
_PROBLEM_PATTERNS = {
    key: re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.*?)", re.escape(en)).translate(
        _QUOTES) + "$")
    for key, (_, en) in CATALOGUE.items() if key.startswith("problem.") and "{" in en}


def problem_text(problem: str, lang: str = "nb") -> str:
    """Return a plot's reading problem in ``lang``; details in brackets are kept as written.

    A problem is stored as its English text (the code, e.g. "missing coordinates",
    "unreadable coordinates (lat 'x', lon '')" or "address “Storgata 1” not found;
    nearest: ..."), so a plots table and a scenario file read the same in every
    language; a text this catalogue does not know is returned as it is.
    """
    if not problem:
        return problem
    for key, pattern in _PROBLEM_PATTERNS.items():
        if found := pattern.match(problem):
            values = found.groupdict()
            if "near" in values:  # the suggestions, each quoted as stored: quote as ``lang`` does
                values["near"] = _requoted(values["near"], lang)
            return t(key, lang, **values)
    head, sep, rest = problem.partition(" (")
    for text, tail in ((problem, ""), (head, sep + rest)):
        if text in _PROBLEM_KEYS:
            return t(_PROBLEM_KEYS[text], lang) + tail
    return problem


def _requoted(text: str, lang: str) -> str:
    """``text`` with each quotation, «…» or “…”, in the marks of ``lang`` (``quote.name``)."""
    return re.sub("[“«]([^”»]*)[”»]", lambda m: t("quote.name", lang, text=m.group(1)), text)


def problem_key(problem: str) -> str:
    """The catalogue key of a stored reading problem ("problem.address_missing"); "" for a
    text this catalogue does not know."""
    for key, pattern in _PROBLEM_PATTERNS.items():
        if pattern.match(problem):
            return key
    head = problem.partition(" (")[0]
    return _PROBLEM_KEYS.get(problem) or _PROBLEM_KEYS.get(head, "")


#: Flag codes of a plot with no place on the map: no location, or outside the area the
#: OSM data cover (a ``problem`` flag is a reading problem that left it without one).
UNPLACED_CODES: tuple[str, ...] = ("missing", "problem", "outside", "swapped")
_UNPLACED_BY_PROBLEM = {
    "address_missing": "address", "address_none": "address", "parcel_missing": "parcel",
    "parcel_unreadable": "parcel", "address_ambiguous": "ambiguous",
    "parcel_ambiguous": "ambiguous", "missing": "coordinates", "no_location": "coordinates"}


def unplaced_reason(flag: object, lang: str = "nb") -> str:
    """Why a plot has no place on the map, in a few words that locate nothing: "outside
    the map area", "address not found", "no coordinates given" ...; "" for a plot that has one.

    Parameters
    ----------
    flag : object
        The plot's flag: the tuple of codes :func:`siting.analysis.accessibility` writes,
        or its text in either language (a table with texts), which is read for "outside"
        only (:func:`says_outside`); anything else gives "".
    lang : str
        "nb" or "en".

    Returns
    -------
    str
        The ``unplaced.<kind>`` entry of the first code in :data:`UNPLACED_CODES`; a
        reading problem by its kind ("unplaced.unreadable" for one not listed).
    """
    if isinstance(flag, str):
        return t("unplaced.outside", lang) if says_outside(flag) else ""
    if not isinstance(flag, tuple | list):
        return ""
    for code in flag:
        if not (isinstance(code, tuple | list) and code and code[0] in UNPLACED_CODES):
            continue
        key, values = code[0], code[1] if len(code) > 1 else {}
        if key == "problem":
            found = problem_key(str(values.get("text", ""))).removeprefix("problem.")
            kind = _UNPLACED_BY_PROBLEM.get(found, "unreadable")
        else:
            kind = "outside" if key in ("outside", "swapped") else "coordinates"
        return t(f"unplaced.{kind}", lang)
    return ""


def match_text(quality: str, lang: str = "nb") -> str:
    """How well an address or gnr/bnr matched (``match_quality``), in ``lang``; a code this
    catalogue does not know is returned as it is."""
    key = f"match.{quality or 'none'}"
    return t(key, lang) if key in CATALOGUE else quality


def match_texts(frame: pd.DataFrame, lang: str = "nb") -> list[str]:
    """The ``match_quality`` column of a plot table in ``lang``, one text per row.

    A row given by address or gnr/bnr gets :func:`match_text` ("ikke funnet" when
    it was not found); a row placed by coordinates, which names neither, gets "".
    """
    blank = pd.Series("", index=frame.index)
    given = (frame.get("address", blank).fillna("").astype(str).str.strip()
             + frame.get("parcel", blank).fillna("").astype(str).str.strip())
    quality = frame.get("match_quality", blank).fillna("").astype(str)
    return [match_text(q, lang) if q or g else "" for q, g in zip(quality, given, strict=True)]


def code_text(code: Code, lang: str = "nb") -> str:
    """Return one flag or note in ``lang`` (a ``("problem", {"text": ...})`` is a reading
    problem, the others are ``flag.<code>`` entries)."""
    key, values = code
    if key == "problem":
        return problem_text(str(values["text"]), lang)
    if key == "outside" and values.get("within"):  # in the data's box: no street reaches it
        return t("flag.outside_within", lang)
    if key == "no_service":  # a walk category without any service: its noun, if known
        cat = str(values["cat"])
        return t("flag.no_service", lang, noun=t(f"noun.{cat}", lang)
                 if f"noun.{cat}" in CATALOGUE else cat)
    return t(f"flag.{key}", lang, **values)


def codes_text(codes: Iterable[Code] | str | None, lang: str = "nb") -> str:
    """Return the flags or notes of one plot in ``lang``, "; "-joined ("" when none).

    A text (a table flagged by hand) is returned as it is.
    """
    if isinstance(codes, str):
        return codes
    if not isinstance(codes, Iterable):  # NaN: a cell of no codes
        return ""
    return "; ".join(code_text(c, lang) for c in codes)


# "outside the area the OSM data covers": how the outside (and the swapped) flag begins
_OUTSIDE_HEADS = tuple(re.split("[:;(]", text)[0].rstrip(", ") for key in (
    "flag.outside", "flag.outside_within") for text in CATALOGUE[key])


def name_and_id(name: object, plot_id: object) -> str:
    """A plot as a picker or a list names it: "Bakken (T1)"; the id alone when the name is
    missing or is the id itself (a file whose one column gave both: not "P04 (P04)")."""
    text, pid = ("" if name is None else str(name)), str(plot_id)
    return f"{text} ({pid})" if text and text != pid else pid


def says_outside(flag: object) -> bool:
    """Whether a plot's flag as a table writes it (the ``flag`` text of a scenario saved
    before its results kept the codes, :data:`siting.scenario.FLAG_CODES`; in either
    language) says the plot lies outside the area the OSM data cover; the codes
    themselves are read by :func:`siting.analysis.is_outside`.

    Parameters
    ----------
    flag : object
        The flag text of one plot ("" or NaN when it has none).

    Returns
    -------
    bool
        True if the text begins as the ``flag.outside`` and ``flag.swapped`` entries do.
    """
    return isinstance(flag, str) and flag.startswith(_OUTSIDE_HEADS)


def status_label(status: str, lang: str = "nb") -> str:
    """Return the plain-language text of a status code (``ok``, ``fails_rules``, ``flagged``)."""
    return t(f"status.{status}", lang)


def criterion_labels(config: Config, lang: str | None = None) -> dict[str, str]:
    """Return {criterion key: label} in ``lang`` (default: the config's language)."""
    lang = lang or config.lang
    return {k: pick(lang, c.label_nb, c.label_en) or k for k, c in config.criteria.items()}


_HOW = {"walk_m_": "walk", "police_drive_min": "drive", "police_response_min": "response",
        "patrol_detour_min": "detour"}
_FIXED = ("plot_id", "score", "status", "reasons", "rank", "flag", "snap_m",
          "police_drive_min", "police_response_min", "patrol_detour_min", "nearest_police",
          "drive_snap_m")


def _unit(column: str) -> str:
    if column.endswith("_min"):
        return "min"
    return "m" if column.startswith("walk_m_") or column.endswith("_m") else ""


def column_labels(config: Config, lang: str | None = None) -> dict[str, str]:
    """Return display names for the columns of a scored table, in ``lang``.

    Covers the fixed columns, each criterion's distance column (with its unit),
    ``value_<key>`` (0-1) and ``points_<key>``.
    """
    lang = lang or config.lang
    out = {col: t(f"column.{col}", lang) for col in _FIXED}
    for key, label in criterion_labels(config, lang).items():
        column = config.criteria[key].column
        kind = "walk_m_" if column.startswith("walk_m_") else column
        how = ", " + t(f"column.how.{_HOW[kind]}", lang) if kind in _HOW else ""
        unit = _unit(column)
        out[column] = f"{label}{how} ({unit})" if unit else label
        out[value_column(key)] = f"{label} (0–1)"
        out[points_column(key)] = t("column.points", lang, label=label)
    return out


def rule_label(rule: Rule | Failure, config: Config, lang: str | None = None) -> str:
    """A rule's label in ``lang``: its own, else its criterion's, else its column.

    ``rule`` may be a :class:`~siting.config.Rule` or a :class:`~siting.scoring.Failure`
    (whose rule is found in ``config`` by column, operator and limit).
    """
    lang = lang or config.lang
    if isinstance(rule, Failure):
        rule = next((r for r in config.rules if (r.column, r.op, r.value)
                     == (rule.criterion, rule.operator, rule.limit)),
                    Rule(rule.criterion, rule.operator, rule.limit))
    own = pick(lang, rule.label_nb, rule.label_en)
    if own:
        return own
    labels = criterion_labels(config, lang)
    return next((labels[k] for k, c in config.criteria.items() if c.column == rule.column),
                rule.column)


def rule_limit_text(rule: Rule, lang: str = "nb") -> str:
    """A rule's limit in ``lang``: "høyst 10 min", "at least 100 m".

    The limit is shown to a tenth with a trailing zero dropped ("7,5 min", "10 min"), in
    minutes for a ``*_min`` column and metres otherwise. The report (rules table, cards)
    and the Excel sheet's "About" write a limit with this.
    """
    unit = "min" if rule.column.endswith("_min") else "m"
    limit = number(rule.value, lang, 1, trim=True)
    return t(f"report.at_{'most' if rule.op == 'max' else 'least'}", lang, v=f"{limit} {unit}")


_PHRASED = ("police_drive_min", "police_response_min", "patrol_detour_min")


def _measured(column: str, lang: str, label: str) -> tuple[str, str]:
    """(phrase with ``{v}``, phrase when unreachable) of what ``column`` measures."""
    if column in _PHRASED:
        return t(f"rule.{column}", lang, v="{v}"), t(f"rule.{column}.none", lang)
    if column.startswith("walk_m_"):
        cat = column.removeprefix("walk_m_")
        noun = t(f"noun.{cat}", lang) if f"noun.{cat}" in CATALOGUE else label
        return t("rule.walk", lang, v="{v}", noun=noun), t("rule.walk.none", lang, noun=noun)
    unit = f" {_unit(column)}" if _unit(column) else ""
    return "{v}" + unit, t("rule.other.none", lang)


def service_name(name: object, lang: str = "nb") -> str:
    """A service's name, or "uten navn i OpenStreetMap" when it has none (register and GTFS
    entries always have one)."""
    text = "" if name is None or (isinstance(name, float) and name != name) else str(name)
    return text if text.strip() else t("service.unnamed", lang)


def nearest_text(name: object, metres: object, lang: str = "nb") -> str:
    """The name of a plot's nearest service of a kind (``nearest_<cat>``) as given; when it
    has none, "uten navn i OpenStreetMap" if one was reached, "" if none is reachable
    (``metres`` is not finite: the distance says why)."""
    try:
        reached = math.isfinite(float(metres))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        reached = False
    text = "" if name is None or (isinstance(name, float) and name != name) else str(name)
    return text if text.strip() or not reached else service_name(text, lang)


def unreachable_text(column: str, lang: str = "nb") -> str:
    """Say in ``lang`` why figure ``column`` is ``inf``: "ingen legekontor kan nås til fots"."""
    return _measured(column, lang, column.removeprefix("walk_m_"))[1]


def failure_text(failure: Failure, lang: str = "nb", label: str | None = None) -> str:
    """Say in ``lang`` why ``failure.value`` fails its rule.

    E.g. "Bus: 620 m to the nearest bus stop, limit 500 m" or "Buss: ingen
    holdeplass kan nås til fots". Metres are shown whole, minutes to a tenth,
    with more decimals only where the value would otherwise look like the
    limit. ``label`` defaults to the failure's column.
    """
    label = label or failure.criterion
    value = float(failure.value)
    present, absent = _measured(failure.criterion, lang, label)
    if value != value:  # NaN
        return f"{label}: {t('rule.no_value', lang)}"
    if value in (float("inf"), float("-inf")):
        return f"{label}: {absent}"
    unit = _unit(failure.criterion)
    first = 0 if unit == "m" else 1  # decimals: whole metres, tenths of minutes
    limits = [number(failure.limit, lang, d) for d in range(first, first + 4)]
    lim = number(failure.limit, lang, 0) if float(failure.limit).is_integer() else limits[0]
    for d, limit in enumerate(limits, start=first):  # enough decimals to differ
        shown = number(value, lang, d)
        if shown != limit:
            break
    if d and shown.endswith("0" * d):  # "12.0 min" -> "12 min"
        shown = shown[: -d - 1]
    tail = t(f"rule.{failure.operator}", lang, limit=f"{lim} {unit}".rstrip())
    return f"{label}: {present.replace('{v}', shown)}{tail}"


def reasons(ranked: pd.DataFrame, config: Config, lang: str | None = None) -> list[str]:
    """Return each plot's reasons in ``lang``: its flags if flagged (a flagged plot's
    figures may come from a far snap or another area), else its notes and failed rules."""
    lang = lang or config.lang
    labels: dict[Failure, str] = {}
    out = []
    for flags, notes, failed in zip(_codes(ranked, "flag"), _codes(ranked, "note"),
                                    _codes(ranked, "failed"), strict=True):
        if flags:
            out.append(codes_text(flags, lang))
            continue
        said = {f.criterion for f in failed}  # a failed rule already says its inf figure
        notes = [n for n in notes if not (n[0] == "no_service"
                                          and f"walk_m_{n[1]['cat']}" in said)]
        parts = [codes_text(notes, lang)] if notes else []
        for f in failed:
            key = f._replace(value=0.0)
            labels.setdefault(key, rule_label(f, config, lang))
            parts.append(failure_text(f, lang, labels[key]))
        out.append("; ".join(parts))
    return out


def _codes(ranked: pd.DataFrame, column: str) -> Sequence[Any]:
    """The cells of a code column (tuples; a hand-made flag may be a text); () if absent."""
    if column not in ranked.columns:
        return [()] * len(ranked)
    return [c if isinstance(c, tuple | list | str) else () for c in ranked[column]]


def with_texts(ranked: pd.DataFrame, config: Config, lang: str | None = None) -> pd.DataFrame:
    """Return a copy of a ranked table as people read it, in ``lang``: ``flag`` and
    ``note`` in words, ``reasons`` added after ``status`` and ``failed`` dropped."""
    lang = lang or config.lang
    out = ranked.drop(columns=[c for c in ("failed", "reasons") if c in ranked.columns])
    out["flag"] = [codes_text(c, lang) for c in _codes(ranked, "flag")]
    out["note"] = [codes_text(c, lang) for c in _codes(ranked, "note")]
    at = list(out.columns).index("status") + 1 if "status" in out.columns else len(out.columns)
    out.insert(at, "reasons", reasons(ranked, config, lang))
    return out
