"""Validation of config input: every problem gathered, each naming key, value and fix.

:class:`Problems` collects (English, bokmål) pairs while the ``check_*`` and
``merge_*`` functions walk the user's data; :meth:`Problems.raise_if_any` turns
them into one :class:`~siting.errors.ConfigError`, one problem per line.
``merge_criteria`` and ``merge_rules`` overlay what a file gives on the
profile's plain-dict form (:meth:`~siting.config.Config.to_dict`).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import re
from collections.abc import Mapping
from typing import Any

from ._config_types import LANGS, OPS, SHAPES, Config, Criterion, Curve, Rule
from .errors import ConfigError
from .profiles import DEFAULT_PROFILE, PROFILES

__all__ = [
    "MAX_WEIGHT", "PROBE_WEIGHT", "PROBE_WEIGHT_REQ", "TOP_KEYS", "WEIGHT_REQ", "Problems",
    "check_categories", "check_number", "check_top", "check_weights", "merge_criteria",
    "merge_rules", "profile_name", "show",
]

TOP_KEYS = tuple(f.name for f in dataclasses.fields(Config))
_CRITERION_KEYS = tuple(f.name for f in dataclasses.fields(Criterion))
_CURVE_KEYS = tuple(f.name for f in dataclasses.fields(Curve))
_RULE_KEYS = tuple(f.name for f in dataclasses.fields(Rule))
_TEXT_KEYS = ("label_en", "label_nb", "why_en", "why_nb")
_KEY_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
_Req = tuple[str, str]
#: Largest relative weight (sliders go to 5; the robustness searches multiply weights by up
#: to 1 000): 1e308 made every score 0 with only an overflow warning.
MAX_WEIGHT = 1_000_000.0
#: Largest size of a curve end, rule limit or snap distance (metres or minutes).
MAX_MAGNITUDE = 1_000_000.0
WEIGHT_REQ: _Req = ("weights must be numbers from 0 to 1 000 000",
                    "vekter må være tall fra 0 til 1 000 000")
#: Weights set in code (sliders, the robustness searches' probes): any size that cannot
#: overflow a sum of products with values 0-1.
PROBE_WEIGHT = 1e150
PROBE_WEIGHT_REQ: _Req = ("weights must be numbers from 0 to 1e150",
                          "vekter må være tall fra 0 til 1e150")
_END_REQ: _Req = ("curve ends must be numbers from -1 000 000 to 1 000 000 in the column's unit "
                  "(metres or minutes)", "kurvens endepunkter må være tall fra -1 000 000 til "
                  "1 000 000 i kolonnens enhet (meter eller minutter)")
_LIMIT_REQ: _Req = ("rule limits must be numbers from -1 000 000 to 1 000 000 in the column's "
                    "unit (metres or minutes)", "grenser må være tall fra -1 000 000 til "
                    "1 000 000 i kolonnens enhet (meter eller minutter)")
_TEXT_REQ: _Req = ("labels and reasons must be text", "navn og begrunnelser må være tekst")
_COLUMN_REQ: _Req = ("give the name of a distance column, e.g. 'walk_m_gp'",
                     "gi navnet på en avstandskolonne, f.eks. 'walk_m_gp'")
_MISSING: dict[str, _Req] = {
    "column": _COLUMN_REQ,
    "weight": ("give a weight ≥ 0", "gi en vekt ≥ 0"),
    "full": ("give where the value is 1 (metres or minutes)",
             "gi hvor verdien er 1 (meter eller minutter)"),
    "zero": ("give where the value is 0 (metres or minutes)",
             "gi hvor verdien er 0 (meter eller minutter)"),
    "op": ("use 'max' or 'min'", "bruk 'max' eller 'min'"),
    "value": ("give the limit in the column's unit (metres or minutes)",
              "gi grensen i kolonnens enhet (meter eller minutter)"),
}


def show(value: Any) -> str:
    """Show a found value the way the user wrote it (TOML-like)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _hint(found: str, choices: tuple[str, ...] | list[str]) -> tuple[str, str]:
    """Return a ' (did you mean ...?)' suffix in English and bokmål, or empty strings."""
    close = difflib.get_close_matches(found, list(choices), n=1)
    if not close:
        return "", ""
    return f" (did you mean '{close[0]}'?)", f" (mente du '{close[0]}'?)"


class Problems:
    """Collects every problem of one input as (English, bokmål) pairs."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, en: str, nb: str) -> None:
        self.items.append((en, nb))

    def bad(self, path: str, value: Any, req: _Req) -> None:
        self.add(f"{path} is {show(value)}; {req[0]}", f"{path} er {show(value)}; {req[1]}")

    def unknown_keys(self, entry: Mapping[str, Any], allowed: tuple[str, ...],
                     prefix: str) -> None:
        for key in entry:
            if key not in allowed:
                en, nb = _hint(str(key), allowed)
                if not en:
                    en, nb = (f"; allowed keys: {', '.join(allowed)}",
                              f"; tillatte nøkler: {', '.join(allowed)}")
                self.add(f"unknown key '{prefix}{key}'{en}", f"ukjent nøkkel '{prefix}{key}'{nb}")

    def require(self, entry: Mapping[str, Any], keys: tuple[str, ...], path: str) -> None:
        for key in keys:
            if key not in entry:
                req = _MISSING[key]
                self.add(f"{path}.{key} is missing; {req[0]}", f"{path}.{key} mangler; {req[1]}")

    def raise_if_any(self, source: str) -> None:
        if self.items:
            raise ConfigError("\n".join(f"{source}: {en}" for en, _ in self.items),
                              nb="\n".join(f"{source}: {nb}" for _, nb in self.items))


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def check_number(p: Problems, entry: Mapping[str, Any], key: str, path: str, req: _Req,
                  low: float | None = 0.0, strict: bool = False,
                  high: float = MAX_MAGNITUDE) -> None:
    """Report ``entry[key]`` unless it is a finite number (≥ or > ``low``, if given) no
    larger in size than ``high``."""
    if key not in entry:
        return
    value = entry[key]
    ok = _is_number(value) and abs(value) <= high and (
        low is None or value > low or (not strict and value == low))
    if not ok:
        p.bad(f"{path}.{key}" if path else key, value, req)


def _check_texts(p: Problems, entry: Mapping[str, Any], path: str) -> None:
    for key in _TEXT_KEYS:
        if key in entry and not isinstance(entry[key], str):
            p.bad(f"{path}.{key}", entry[key], _TEXT_REQ)


def _check_choice(p: Problems, value: Any, path: str, choices: tuple[str, ...],
                  req: _Req) -> None:
    if value in choices:
        return
    en, nb = _hint(value, choices) if isinstance(value, str) else ("", "")
    p.add(f"{path} is {show(value)}{en}; {req[0]}", f"{path} er {show(value)}{nb}; {req[1]}")


def profile_name(value: Any, p: Problems) -> str:
    """Return the profile name, or the default after reporting an unknown one."""
    if isinstance(value, str) and value in PROFILES:
        return value
    names = ", ".join(PROFILES)
    if isinstance(value, str):
        en, nb = _hint(value, tuple(PROFILES))
        p.add(f"unknown profile '{value}'{en}; choose one of: {names}",
              f"ukjent profil '{value}'{nb}; velg en av: {names}")
    else:
        p.bad("profile", value, (f"choose one of: {names}", f"velg en av: {names}"))
    return DEFAULT_PROFILE


def check_top(top: Mapping[str, Any], p: Problems) -> None:
    _check_choice(p, top["lang"], "lang", LANGS,
                  ("use 'nb' (Norwegian bokmål) or 'en' (English)",
                   "bruk 'nb' (bokmål) eller 'en' (engelsk)"))
    if top["max_snap_m"] is not None:  # None: the engineering default, settings.max_snap_m
        check_number(p, top, "max_snap_m", "", ("give the largest plot-to-street distance "
                     "in metres, a number > 0", "gi største avstand fra tomt til vei i meter, "
                     "et tall > 0"), strict=True)
    cats = top["replace_categories"]
    if not isinstance(cats, list) or not all(isinstance(c, str) and _KEY_RE.match(c)
                                             for c in cats):
        p.bad("replace_categories", cats, ("give a list of category keys, e.g. "
              "['mental_health']", "gi en liste med kategorinøkler, f.eks. ['mental_health']"))


_CATEGORY_KEYS = ("patterns", "candidates", "label_nb", "label_en")
_PATTERN_REQ: _Req = ("give a list of tag patterns, e.g. [{amenity = \"doctors\"}]",
                      "gi en liste med tag-mønstre, f.eks. [{amenity = \"doctors\"}]")


def check_categories(raw: Any, p: Problems) -> None:
    if not isinstance(raw, Mapping):
        p.bad("categories", raw, ("give a table of categories", "gi en tabell med kategorier"))
        return
    for key, entry in raw.items():
        path = f"categories.{key}"
        if not _KEY_RE.match(str(key)) or not isinstance(entry, Mapping):
            p.bad(path, entry, ("use a lower-case key and a table with patterns",
                                "bruk en nøkkel med små bokstaver og en tabell med patterns"))
            continue
        p.unknown_keys(entry, _CATEGORY_KEYS, f"{path}.")
        _check_texts(p, {k: v for k, v in entry.items() if k.startswith("label")}, path)
        patterns = entry.get("patterns")
        if not _valid_patterns(patterns):
            p.bad(f"{path}.patterns", patterns, _PATTERN_REQ)
        candidates = entry.get("candidates", [])
        if candidates != [] and not _valid_patterns(candidates):
            p.bad(f"{path}.candidates", candidates, _PATTERN_REQ)


def _valid_patterns(patterns: Any) -> bool:
    def ok_value(v: Any) -> bool:
        return isinstance(v, str) or (isinstance(v, list) and len(v) > 0 and
                                      all(isinstance(x, str) for x in v))

    return isinstance(patterns, list) and bool(patterns) and all(
        isinstance(pt, Mapping) and pt and all(ok_value(v) for v in pt.values())
        for pt in patterns)


def merge_criteria(raw: Any, base: dict[str, Any], p: Problems) -> dict[str, Any]:
    """Overlay the user's criteria on the profile's, by key; report what is wrong."""
    merged = dict(base)
    if raw is None:
        return merged
    if not isinstance(raw, Mapping):
        p.bad("criteria", raw, ("give a table of criteria, e.g. [criteria.gp]",
                                "gi en tabell av kriterier, f.eks. [criteria.gp]"))
        return merged
    for key, entry in raw.items():
        path = f"criteria.{key}"
        if not isinstance(key, str) or not _KEY_RE.match(key):
            p.add(f"criteria key '{key}' is not allowed; use lower-case letters, digits and _ "
                  "(e.g. 'nav_office')", f"kriterienøkkelen '{key}' er ikke tillatt; bruk små "
                  "bokstaver, sifre og _ (f.eks. 'nav_office')")
        elif not isinstance(entry, Mapping):
            p.bad(path, entry, ("give a table with column, weight and curve",
                                "gi en tabell med column, weight og curve"))
        else:
            merged[key] = _merge_criterion(key, entry, base.get(key), p)
            _check_criterion(merged[key], path, p)
    return merged


def _drop_stale_why(out: dict[str, Any], entry: Mapping[str, Any]) -> None:
    """Blank the profile's reasons when a number they quote changed and none were given."""
    if "why_en" not in entry and "why_nb" not in entry:
        out["why_en"] = out["why_nb"] = ""


def _merge_criterion(key: str, entry: Mapping[str, Any], base: dict[str, Any] | None,
                     p: Problems) -> dict[str, Any]:
    path = f"criteria.{key}"
    p.unknown_keys(entry, _CRITERION_KEYS, path + ".")
    fresh = {"label_en": key, "label_nb": key, "why_en": "", "why_nb": "",
             "curve": {"shape": "linear"}}
    out = dict(base or fresh)
    out.update({k: v for k, v in entry.items() if k in _CRITERION_KEYS and k != "curve"})
    curve = entry.get("curve", {})
    if not isinstance(curve, Mapping):
        p.bad(path + ".curve", curve, ("give a table with full, zero and shape",
                                       "gi en tabell med full, zero og shape"))
        curve = {}
    p.unknown_keys(curve, _CURVE_KEYS, path + ".curve.")
    out["curve"] = {**out["curve"], **{k: v for k, v in curve.items() if k in _CURVE_KEYS}}
    if base is not None and out["curve"] != base["curve"]:
        _drop_stale_why(out, entry)
    if base is None:
        if "column" not in out:
            p.add(f"{path}.column is missing; give the distance column, e.g. 'walk_m_{key}'",
                  f"{path}.column mangler; gi avstandskolonnen, f.eks. 'walk_m_{key}'")
        p.require(out, ("weight",), path)
        p.require(out["curve"], ("full", "zero"), path + ".curve")
    return out


def _check_criterion(c: Mapping[str, Any], path: str, p: Problems) -> None:
    if "column" in c and not (isinstance(c["column"], str) and c["column"]):
        p.bad(path + ".column", c["column"], _COLUMN_REQ)
    check_number(p, c, "weight", path, WEIGHT_REQ, high=MAX_WEIGHT)
    curve = c["curve"]
    check_number(p, curve, "full", path + ".curve", _END_REQ, low=None)
    check_number(p, curve, "zero", path + ".curve", _END_REQ, low=None)
    _check_choice(p, curve["shape"], path + ".curve.shape", SHAPES,
                  (f"choose one of: {', '.join(SHAPES)}", f"velg en av: {', '.join(SHAPES)}"))
    full, zero = curve.get("full"), curve.get("zero")
    if _is_number(full) and full == zero:
        p.add(f"{path}.curve: full and zero are both {show(full)}; make them differ "
              "(full < zero: nearer is better; full > zero: farther is better)",
              f"{path}.curve: full og zero er begge {show(full)}; gjør dem ulike "
              "(full < zero: nærmere er bedre; full > zero: lenger unna er bedre)")
    _check_texts(p, c, path)


def merge_rules(raw: Any, base: list[dict[str, Any]], p: Problems) -> list[dict[str, Any]]:
    """Overlay the user's rules on the profile's, matched by column and op (the two police
    columns count as one, see :data:`POLICE_COLUMNS`)."""
    merged = [dict(r) for r in base]
    if raw is None:
        return merged
    if not isinstance(raw, list):
        p.bad("rules", raw, ("give a list of rules ([[rules]] in TOML)",
                             "gi en liste med regler ([[rules]] i TOML)"))
        return merged
    taken: dict[int, int] = {}  # index in merged -> index in raw
    for i, entry in enumerate(raw):
        path = f"rules[{i}]"
        if not isinstance(entry, Mapping):
            p.bad(path, entry, ("give a table with column, op and value",
                                "gi en tabell med column, op og value"))
            continue
        p.unknown_keys(entry, _RULE_KEYS, path + ".")
        known = {k: v for k, v in entry.items() if k in _RULE_KEYS}
        j = _match_rule(known, merged)
        if j is None:
            merged.append({"enabled": True, **dict.fromkeys(_TEXT_KEYS, ""), **known})
            p.require(merged[-1], ("column", "op", "value"), path)
            j = len(merged) - 1
        elif j in taken:
            p.add(f"{path} repeats the rule on '{known['column']}' from rules[{taken[j]}]; "
                  "keep one", f"{path} gjentar regelen for '{known['column']}' fra "
                  f"rules[{taken[j]}]; behold én")
            continue
        if j < len(base) and known.get("value", base[j]["value"]) != base[j]["value"]:
            _drop_stale_why(merged[j], known)
        merged[j].update(known)
        taken[j] = i
        _check_rule(merged[j], path, p)
    return merged


#: The two police figures are one rule slot: a rule on either overlays the profile's
#: police rule and says which of them it reads (files written before the response
#: time existed name police_drive_min).
POLICE_COLUMNS = ("police_drive_min", "police_response_min")


def _match_rule(entry: Mapping[str, Any], rules: list[dict[str, Any]]) -> int | None:
    """Index of the one rule with the same column (and op, if valid), else None."""
    column, op = entry.get("column"), entry.get("op")
    op = op if op in OPS else None  # a misspelt op still finds its rule
    hits = [j for j, r in enumerate(rules)
            if r.get("column") == column and (op is None or r.get("op") == op)]
    if not hits and column in POLICE_COLUMNS:
        hits = [j for j, r in enumerate(rules)
                if r.get("column") in POLICE_COLUMNS and (op is None or r.get("op") == op)]
    return hits[0] if len(hits) == 1 else None


def _check_rule(r: Mapping[str, Any], path: str, p: Problems) -> None:
    if "column" in r and not (isinstance(r["column"], str) and r["column"]):
        p.bad(path + ".column", r["column"], _COLUMN_REQ)
    if "op" in r:
        _check_choice(p, r["op"], path + ".op", OPS,
                      ("use 'max' (at most the limit) or 'min' (at least the limit)",
                       "bruk 'max' (høyst grensen) eller 'min' (minst grensen)"))
    check_number(p, r, "value", path, _LIMIT_REQ, low=None)
    if not isinstance(r["enabled"], bool):
        p.bad(path + ".enabled", r["enabled"], ("use true or false", "bruk true eller false"))
    _check_texts(p, r, path)


def check_weights(criteria: Mapping[str, Any], p: Problems) -> None:
    weights = [c.get("weight") for c in criteria.values()]
    if all(_is_number(w) and w >= 0 for w in weights) and not any(weights):
        p.add("all criterion weights are 0; give at least one criterion a weight above 0",
              "alle kriterievekter er 0; gi minst ett kriterium en vekt over 0")

