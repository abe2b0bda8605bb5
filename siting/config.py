"""The user's decisions: weights, value curves, rules and resident profile.

A :class:`Config` is plain data that can be saved (TOML or YAML), reloaded and
compared. Every default number carries a one-line reason (``why_en`` /
``why_nb``) that the README and the committee report quote.

A file or dict names a ``profile`` (default ``"recovery"``) and overrides only
what it gives: criteria are matched by key (their curves key by key), rules by
``column`` and ``op``. A file cannot delete what the profile has; it switches it
off instead (``weight = 0``, ``enabled = false``). A changed curve or rule
limit without a new ``why_en``/``why_nb`` gets empty reasons, since the
profile's reason quotes the old numbers. Curve ends and rule limits
are in the unit of the column they read: metres for ``walk_m_*``, minutes for
``*_min``.

All problems of one input are gathered into one
:class:`~siting.errors.ConfigError` (English, with a bokmål twin).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from siting.errors import ConfigError

__all__ = [
    "DEFAULT_PROFILE",
    "LANGS",
    "OPS",
    "PROFILES",
    "SHAPES",
    "Config",
    "Criterion",
    "Curve",
    "Lang",
    "Op",
    "Rule",
    "Shape",
    "config_from_dict",
    "default_config",
    "load_config",
    "save_config",
    "with_weights",
]

Shape = Literal["linear", "step", "smooth", "exponential"]
Op = Literal["max", "min"]
Lang = Literal["nb", "en"]
SHAPES: tuple[str, ...] = ("linear", "step", "smooth", "exponential")
OPS: tuple[str, ...] = ("max", "min")
LANGS: tuple[str, ...] = ("nb", "en")
DEFAULT_PROFILE = "recovery"


@dataclass(frozen=True)
class Curve:
    """A value curve: 1 at ``full``, 0 at ``zero`` (units of the column).

    ``full < zero`` means nearer is better (1 up to ``full``, 0 from ``zero``);
    ``full > zero`` means farther is better (0 up to ``zero``, 1 from ``full``).
    ``shape`` is ``linear``, ``step``, ``smooth`` or ``exponential``; see
    :func:`siting.scoring.curve_fn`.
    """

    full: float
    zero: float
    shape: Shape = "linear"


@dataclass(frozen=True)
class Criterion:
    """One weighted criterion: a distance column turned into 0-1 by a curve.

    ``weight`` is relative (≥ 0); only ratios between weights matter.
    """

    column: str
    weight: float
    curve: Curve
    label_en: str = ""
    label_nb: str = ""
    why_en: str = ""
    why_nb: str = ""


@dataclass(frozen=True)
class Rule:
    """A pass/fail rule: ``column`` must be at most (``max``) or at least (``min``) ``value``.

    ``value`` is in the column's unit (metres or minutes).
    """

    column: str
    op: Op
    value: float
    enabled: bool = True
    label_en: str = ""
    label_nb: str = ""
    why_en: str = ""
    why_nb: str = ""


@dataclass(frozen=True)
class Config:
    """Everything the user decides: profile, criteria, rules, language.

    ``replace_categories`` lists service categories whose user register
    replaces (instead of adds to) what OpenStreetMap gives. ``categories``
    edits or adds service categories: ``{key: {"patterns": [{tag: value or
    [values]}, ...], "label_nb": ..., "label_en": ...}}``; a feature matches
    when all tags of one pattern match ("*" = any value); given patterns
    replace the built-in ones of that key. ``max_snap_m`` is
    the largest plot-to-street distance (metres) before a plot is flagged.
    """

    profile: str
    criteria: dict[str, Criterion]
    rules: list[Rule]
    replace_categories: list[str] = field(default_factory=list)
    max_snap_m: float = 250.0
    lang: Lang = "nb"
    categories: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the config as plain dicts, lists, str, float and bool."""
        return dataclasses.asdict(self)


# --------------------------------------------------------------------------- profiles
_LABELS: dict[str, tuple[str, str]] = {
    "gp": ("GP", "Fastlege"),
    "mental_health": ("Mental-health service", "Psykisk helsetjeneste"),
    "substance_abuse": ("Substance-abuse service", "Rustjeneste"),
    "bus": ("Bus", "Buss"),
    "shop": ("Grocery shop", "Dagligvarebutikk"),
    "pharmacy": ("Pharmacy", "Apotek"),
    "police": ("Police", "Politi"),
    "patrol": ("Patrol", "Patrulje"),
    "school": ("School/kindergarten", "Skole/barnehage"),
}
_COLUMNS = {"police": "police_drive_min", "patrol": "patrol_detour_min"}


def _crit(key: str, weight: float, full: float, zero: float, en: str, nb: str) -> Criterion:
    column = _COLUMNS.get(key, f"walk_m_{key}")
    label_en, label_nb = _LABELS[key]
    return Criterion(column, float(weight), Curve(float(full), float(zero)), label_en,
                     label_nb, en, nb)


def _rule(key: str, op: Op, value: float, enabled: bool, en: str, nb: str) -> Rule:
    column = _COLUMNS.get(key, f"walk_m_{key}")
    return Rule(column, op, float(value), enabled, *_LABELS[key], en, nb)


_SCHOOL_SHOWN = (
    "Shown, not weighed: distance from schools and kindergartens is the neighbours' concern; "
    "the working group decides whether it counts.",
    "Vises, men teller ikke: avstand til skole og barnehage er naboenes bekymring; "
    "arbeidsgruppen avgjør om den skal telle.",
)
_SCHOOL_FARTHER = (
    "Neighbours' most common worry: farther from schools and kindergartens is better; "
    "0 at 50 m or nearer, full from 300 m (≈4 min walk).",
    "Naboenes vanligste bekymring: lenger fra skole og barnehage er bedre; "
    "0 ved 50 m eller nærmere, full uttelling fra 300 m (≈4 min gange).",
)

_RECOVERY = Config("recovery", {
    "gp": _crit("gp", 3, 400, 1200,
                "Frequent GP visits; 400 m ≈ 5 min at a slow 80 m/min, 1,200 m ≈ 15 min, "
                "beyond which many residents will not walk.",
                "Hyppige legebesøk; 400 m ≈ 5 min i rolig tempo (80 m/min), 1 200 m ≈ 15 min, "
                "lenger enn det går mange ikke."),
    "mental_health": _crit("mental_health", 3, 400, 1200,
                           "Regular follow-up for people who want change; same 5-15 min walk.",
                           "Jevnlig oppfølging for dem som vil endring; samme 5-15 min gange."),
    "substance_abuse": _crit("substance_abuse", 3, 400, 1200,
                             "Close contact with the substance-abuse service supports change; "
                             "same 5-15 min walk.",
                             "Tett kontakt med rustjenesten støtter endring; "
                             "samme 5-15 min gange."),
    "bus": _crit("bus", 2, 300, 800,
                 "Bus to work, activities and family; 300 m ≈ 4 min, 800 m ≈ 10 min "
                 "(the bus rule cuts at 500 m).",
                 "Buss til arbeid, aktiviteter og familie; 300 m ≈ 4 min, 800 m ≈ 10 min "
                 "(bussregelen går ved 500 m)."),
    "shop": _crit("shop", 2, 400, 1200,
                  "Daily errands on foot; full score within 5 min, none beyond 15 min.",
                  "Daglige innkjøp til fots; full uttelling innen 5 min, ingen etter 15 min."),
    "pharmacy": _crit("pharmacy", 1, 400, 1600,
                      "Medicines (e.g. LAR) are fetched at the pharmacy, less often than "
                      "groceries; up to 20 min (1,600 m) still scores.",
                      "Medisiner (f.eks. LAR) hentes på apoteket, sjeldnere enn dagligvarer; "
                      "inntil 20 min (1 600 m) gir fortsatt poeng."),
    "police": _crit("police", 1, 5, 15,
                    "Response time weighs less for residents who want change; full within "
                    "5 min, none at 15 min (the rule cuts at 10).",
                    "Responstid veier mindre for dem som vil endring; full innen 5 min, "
                    "ingen ved 15 min (regelen går ved 10)."),
    "patrol": _crit("patrol", 0.5, 1, 5,
                    "Easy to patrol past helps a little; full within a 1 min detour from a "
                    "main road, none at 5 min.",
                    "Lett å patruljere forbi hjelper litt; full innen 1 min omvei fra "
                    "hovedvei, ingen ved 5 min."),
    "school": _crit("school", 0, 300, 50, *_SCHOOL_SHOWN),
}, [
    _rule("police", "max", 10, True,
          "The police judge sites by response time; 10 min is a starting limit to agree "
          "with the local police.",
          "Politiet vurderer tomter etter responstid; 10 min er en startgrense som avtales "
          "med lokalt politi."),
    _rule("bus", "max", 500, True,
          "≈6 min at 80 m/min: residents without a car must reach the centre by bus.",
          "≈6 min i 80 m/min: beboere uten bil må nå sentrum med buss."),
    _rule("school", "min", 100, False,
          "Optional, off by default: only if the group makes distance to schools and "
          "kindergartens a rule; 100 m keeps the home off the school's doorstep.",
          "Valgfri, av som standard: bare hvis gruppen gjør avstand til skole og barnehage "
          "til et krav; 100 m holder boligen unna skoleporten."),
])

_ACTIVE_USE = Config("active-use", {
    "gp": _crit("gp", 1, 800, 2400,
                "Few planned visits; full score within 10 min (800 m), none beyond 30 min.",
                "Få planlagte besøk; full uttelling innen 10 min (800 m), ingen etter 30 min."),
    "mental_health": _crit("mental_health", 1, 800, 2400,
                           "Little planned contact; same 10-30 min walk as the GP.",
                           "Lite planlagt kontakt; samme 10-30 min gange som til legen."),
    "substance_abuse": _crit("substance_abuse", 2, 800, 2400,
                             "The outreach team visits residents; a short way from the service "
                             "makes visits easier and safer for staff.",
                             "Oppsøkende team besøker beboerne; kort vei fra tjenesten gjør "
                             "besøk enklere og tryggere for de ansatte."),
    "bus": _crit("bus", 1, 400, 1200,
                 "Some residents still need the bus; full within 5 min, none beyond 15 min.",
                 "Noen beboere trenger fortsatt buss; full innen 5 min, ingen etter 15 min."),
    "shop": _crit("shop", 1, 600, 1600,
                  "Daily errands; a longer walk is acceptable (full to 7.5 min, none at 20).",
                  "Daglige innkjøp; lengre gange går an (full til 7,5 min, ingen ved 20)."),
    "pharmacy": _crit("pharmacy", 1, 800, 2400,
                      "Medicines (e.g. LAR) are fetched at the pharmacy; full within 10 min, "
                      "none beyond 30 min.",
                      "Medisiner (f.eks. LAR) hentes på apoteket; full innen 10 min, "
                      "ingen etter 30 min."),
    "police": _crit("police", 3, 5, 15,
                    "The police asked for sites they reach fast; full within 5 min, none at "
                    "15 min.",
                    "Politiet ba om tomter de når raskt; full innen 5 min, ingen ved 15 min."),
    "patrol": _crit("patrol", 3, 1, 5,
                    "The police want to simply patrol past: full for a detour of 1 min or "
                    "less from a main road, none at 5 min.",
                    "Politiet vil kunne kjøre forbi: full ved 1 min omvei eller mindre fra "
                    "hovedvei, ingen ved 5 min."),
    "school": _crit("school", 2, 300, 50, *_SCHOOL_FARTHER),
}, [
    _rule("police", "max", 8, True,
          "Residents in active use more often need urgent help; stricter than the 10 min "
          "for recovery; agree the number with the police.",
          "Beboere i aktiv rus trenger oftere rask hjelp; strengere enn 10 min for "
          "endringsboligen; avtal tallet med politiet."),
    _rule("school", "min", 150, False,
          "Optional, off by default (neighbours get no veto): 150 m ≈ 2 min walk keeps the "
          "home off the school's doorstep.",
          "Valgfri, av som standard (naboer har ikke veto): 150 m ≈ 2 min gange holder "
          "boligen unna skoleporten."),
    _rule("patrol", "max", 3, False,
          "Optional: the police can patrol past with at most a 3 min detour from a main road.",
          "Valgfri: politiet kan patruljere forbi med høyst 3 min omvei fra hovedvei."),
])

#: The built-in resident profiles (do not mutate; use :func:`default_config`).
PROFILES: dict[str, Config] = {"recovery": _RECOVERY, "active-use": _ACTIVE_USE}


def default_config(profile: str = DEFAULT_PROFILE, lang: Lang = "nb") -> Config:
    """Return a fresh copy of a built-in profile (``recovery`` or ``active-use``)."""
    return config_from_dict({"profile": profile, "lang": lang}, source="default_config")


def with_weights(config: Config, weights: Mapping[str, float]) -> Config:
    """Return ``config`` with new relative weights for some criteria (e.g. from sliders).

    Raises
    ------
    ConfigError
        If a key is not a criterion, a weight is not a number ≥ 0, or all are 0.
    """
    p = _Problems()
    p.unknown_keys(weights, tuple(config.criteria), "criteria.")
    for key in weights:
        if key in config.criteria:
            _check_number(p, {"weight": weights[key]}, "weight", f"criteria.{key}", _WEIGHT_REQ)
    p.raise_if_any("weights")
    new = {k: dataclasses.replace(c, weight=float(weights.get(k, c.weight)))
           for k, c in config.criteria.items()}
    _check_weights({k: {"weight": c.weight} for k, c in new.items()}, p)
    p.raise_if_any("weights")
    return dataclasses.replace(config, criteria=new)


# --------------------------------------------------------------------------- validation
_TOP_KEYS = tuple(f.name for f in dataclasses.fields(Config))
_CRITERION_KEYS = tuple(f.name for f in dataclasses.fields(Criterion))
_CURVE_KEYS = tuple(f.name for f in dataclasses.fields(Curve))
_RULE_KEYS = tuple(f.name for f in dataclasses.fields(Rule))
_TEXT_KEYS = ("label_en", "label_nb", "why_en", "why_nb")
_KEY_RE = re.compile(r"[a-z][a-z0-9_]*\Z")
_Req = tuple[str, str]
_WEIGHT_REQ: _Req = ("weights must be numbers ≥ 0", "vekter må være tall ≥ 0")
_END_REQ: _Req = ("curve ends must be finite numbers in the column's unit (metres or minutes)",
                  "kurvens endepunkter må være endelige tall i kolonnens enhet (meter eller "
                  "minutter)")
_LIMIT_REQ: _Req = ("rule limits must be finite numbers in the column's unit (metres or "
                    "minutes)", "grenser må være endelige tall i kolonnens enhet (meter eller "
                    "minutter)")
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


def _show(value: Any) -> str:
    """Show a found value the way the user wrote it (TOML-like)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, float) and value.is_integer():
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


class _Problems:
    """Collects every problem of one input as (English, bokmål) pairs."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, en: str, nb: str) -> None:
        self.items.append((en, nb))

    def bad(self, path: str, value: Any, req: _Req) -> None:
        self.add(f"{path} is {_show(value)}; {req[0]}", f"{path} er {_show(value)}; {req[1]}")

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


def _check_number(p: _Problems, entry: Mapping[str, Any], key: str, path: str, req: _Req,
                  low: float | None = 0.0, strict: bool = False) -> None:
    """Report ``entry[key]`` unless it is a finite number (≥ or > ``low``, if given)."""
    if key not in entry:
        return
    value = entry[key]
    ok = _is_number(value) and (low is None or value > low or (not strict and value == low))
    if not ok:
        p.bad(f"{path}.{key}" if path else key, value, req)


def _check_texts(p: _Problems, entry: Mapping[str, Any], path: str) -> None:
    for key in _TEXT_KEYS:
        if key in entry and not isinstance(entry[key], str):
            p.bad(f"{path}.{key}", entry[key], _TEXT_REQ)


def _check_choice(p: _Problems, value: Any, path: str, choices: tuple[str, ...],
                  req: _Req) -> None:
    if value in choices:
        return
    en, nb = _hint(value, choices) if isinstance(value, str) else ("", "")
    p.add(f"{path} is {_show(value)}{en}; {req[0]}", f"{path} er {_show(value)}{nb}; {req[1]}")


def _profile_name(value: Any, p: _Problems) -> str:
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


def _check_top(top: Mapping[str, Any], p: _Problems) -> None:
    _check_choice(p, top["lang"], "lang", LANGS,
                  ("use 'nb' (Norwegian bokmål) or 'en' (English)",
                   "bruk 'nb' (bokmål) eller 'en' (engelsk)"))
    _check_number(p, top, "max_snap_m", "", ("give the largest plot-to-street distance in "
                  "metres, a number > 0", "gi største avstand fra tomt til vei i meter, et "
                  "tall > 0"), strict=True)
    cats = top["replace_categories"]
    if not isinstance(cats, list) or not all(isinstance(c, str) and _KEY_RE.match(c)
                                             for c in cats):
        p.bad("replace_categories", cats, ("give a list of category keys, e.g. "
              "['mental_health']", "gi en liste med kategorinøkler, f.eks. ['mental_health']"))


_CATEGORY_KEYS = ("patterns", "label_nb", "label_en")
_PATTERN_REQ: _Req = ("give a list of tag patterns, e.g. [{amenity = \"doctors\"}]",
                      "gi en liste med tag-mønstre, f.eks. [{amenity = \"doctors\"}]")


def _check_categories(raw: Any, p: _Problems) -> None:
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


def _valid_patterns(patterns: Any) -> bool:
    def ok_value(v: Any) -> bool:
        return isinstance(v, str) or (isinstance(v, list) and len(v) > 0 and
                                      all(isinstance(x, str) for x in v))

    return isinstance(patterns, list) and bool(patterns) and all(
        isinstance(pt, Mapping) and pt and all(ok_value(v) for v in pt.values())
        for pt in patterns)


def _merge_criteria(raw: Any, base: dict[str, Any], p: _Problems) -> dict[str, Any]:
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
                     p: _Problems) -> dict[str, Any]:
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


def _check_criterion(c: Mapping[str, Any], path: str, p: _Problems) -> None:
    if "column" in c and not (isinstance(c["column"], str) and c["column"]):
        p.bad(path + ".column", c["column"], _COLUMN_REQ)
    _check_number(p, c, "weight", path, _WEIGHT_REQ)
    curve = c["curve"]
    _check_number(p, curve, "full", path + ".curve", _END_REQ, low=None)
    _check_number(p, curve, "zero", path + ".curve", _END_REQ, low=None)
    _check_choice(p, curve["shape"], path + ".curve.shape", SHAPES,
                  (f"choose one of: {', '.join(SHAPES)}", f"velg en av: {', '.join(SHAPES)}"))
    full, zero = curve.get("full"), curve.get("zero")
    if _is_number(full) and full == zero:
        p.add(f"{path}.curve: full and zero are both {_show(full)}; make them differ "
              "(full < zero: nearer is better; full > zero: farther is better)",
              f"{path}.curve: full og zero er begge {_show(full)}; gjør dem ulike "
              "(full < zero: nærmere er bedre; full > zero: lenger unna er bedre)")
    _check_texts(p, c, path)


def _merge_rules(raw: Any, base: list[dict[str, Any]], p: _Problems) -> list[dict[str, Any]]:
    """Overlay the user's rules on the profile's, matched by column and op."""
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


def _match_rule(entry: Mapping[str, Any], rules: list[dict[str, Any]]) -> int | None:
    """Index of the one rule with the same column (and op, if valid), else None."""
    column, op = entry.get("column"), entry.get("op")
    op = op if op in OPS else None  # a misspelt op still finds its rule
    hits = [j for j, r in enumerate(rules)
            if r.get("column") == column and (op is None or r.get("op") == op)]
    return hits[0] if len(hits) == 1 else None


def _check_rule(r: Mapping[str, Any], path: str, p: _Problems) -> None:
    if "column" in r and not (isinstance(r["column"], str) and r["column"]):
        p.bad(path + ".column", r["column"], _COLUMN_REQ)
    if "op" in r:
        _check_choice(p, r["op"], path + ".op", OPS,
                      ("use 'max' (at most the limit) or 'min' (at least the limit)",
                       "bruk 'max' (høyst grensen) eller 'min' (minst grensen)"))
    _check_number(p, r, "value", path, _LIMIT_REQ, low=None)
    if not isinstance(r["enabled"], bool):
        p.bad(path + ".enabled", r["enabled"], ("use true or false", "bruk true eller false"))
    _check_texts(p, r, path)


def _check_weights(criteria: Mapping[str, Any], p: _Problems) -> None:
    weights = [c.get("weight") for c in criteria.values()]
    if all(_is_number(w) and w >= 0 for w in weights) and not any(weights):
        p.add("all criterion weights are 0; give at least one criterion a weight above 0",
              "alle kriterievekter er 0; gi minst ett kriterium en vekt over 0")


def config_from_dict(d: Mapping[str, Any], *, source: str = "config") -> Config:
    """Build a validated :class:`Config` from plain data (e.g. a parsed file).

    Starts from the built-in profile named by ``d["profile"]`` (default
    ``"recovery"``) and overlays what ``d`` gives; ``config_from_dict(c.to_dict())``
    equals ``c`` for any config derived from a profile.

    Parameters
    ----------
    d : Mapping
        Keys as in :meth:`Config.to_dict`; any subset.
    source : str
        Name of the input, put in front of every problem (e.g. the file name).

    Raises
    ------
    ConfigError
        Listing every problem, one per line, each naming key, value found and fix.
    """
    p = _Problems()
    if not isinstance(d, Mapping):
        p.add(f"the settings must be a table (key = value), found {_show(d)}",
              f"innstillingene må være en tabell (nøkkel = verdi), fant {_show(d)}")
        p.raise_if_any(source)
    p.unknown_keys(d, _TOP_KEYS, "")
    profile = _profile_name(d.get("profile", DEFAULT_PROFILE), p)
    base = PROFILES[profile].to_dict()
    top = {k: d.get(k, base[k]) for k in ("lang", "max_snap_m", "replace_categories")}
    _check_top(top, p)
    categories = d.get("categories", {})
    _check_categories(categories, p)
    criteria = _merge_criteria(d.get("criteria"), base["criteria"], p)
    rules = _merge_rules(d.get("rules"), base["rules"], p)
    _check_weights(criteria, p)
    p.raise_if_any(source)
    return Config(
        profile=profile,
        criteria={k: _criterion(c) for k, c in criteria.items()},
        rules=[Rule(**{**r, "value": float(r["value"])}) for r in rules],
        replace_categories=list(top["replace_categories"]),
        max_snap_m=float(top["max_snap_m"]),
        lang=top["lang"],
        categories={k: dict(v) for k, v in categories.items()} if isinstance(categories, Mapping)
        else {},
    )


def _criterion(c: Mapping[str, Any]) -> Criterion:
    curve = c["curve"]
    return Criterion(**{**c, "weight": float(c["weight"]),
                        "curve": Curve(float(curve["full"]), float(curve["zero"]),
                                       curve["shape"])})


# --------------------------------------------------------------------------- files
def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".toml", ".yaml", ".yml"):
        return "toml" if suffix == ".toml" else "yaml"
    raise ConfigError(f"{path.name}: unsupported file type '{suffix}'; use .toml, .yaml or .yml",
                      nb=f"{path.name}: filtypen '{suffix}' støttes ikke; bruk .toml, .yaml "
                      "eller .yml")


def load_config(path: str | Path) -> Config:
    """Read a config file (TOML or YAML, by suffix) and validate it.

    Raises
    ------
    ConfigError
        If the file is missing, unreadable, not valid TOML/YAML (with line and
        column), or its settings are invalid.
    """
    path = Path(path)
    kind = _kind(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path.name}: file not found at {path}; check the path",
                          nb=f"{path.name}: finner ikke filen {path}; sjekk stien") from None
    except (OSError, UnicodeDecodeError) as err:
        raise ConfigError(f"{path.name}: cannot be read ({err}); save it as UTF-8 text",
                          nb=f"{path.name}: kan ikke leses ({err}); lagre den som UTF-8-tekst"
                          ) from None
    data = _parse_toml(text, path.name) if kind == "toml" else _parse_yaml(text, path.name)
    return config_from_dict({} if data is None else data, source=path.name)


def _syntax_error(name: str, kind: str, detail: str, line: int | None,
                  column: int | None) -> ConfigError:
    where_en = f" at line {line}, column {column}" if line else ""
    where_nb = f" på linje {line}, kolonne {column}" if line else ""
    return ConfigError(f"{name}: not valid {kind}{where_en} ({detail}); fix the syntax there",
                       nb=f"{name}: ikke gyldig {kind}{where_nb} ({detail}); rett skrivemåten der")


def _parse_toml(text: str, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        m = re.search(r"^(.*?)\s*\(at line (\d+), column (\d+)\)", str(err))
        if m:
            raise _syntax_error(name, "TOML", m[1], int(m[2]), int(m[3])) from None
        raise _syntax_error(name, "TOML", str(err), None, None) from None


def _parse_yaml(text: str, name: str) -> Any:
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        detail = str(getattr(err, "problem", None) or err)
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise _syntax_error(name, "YAML", detail, line, col) from None


def save_config(config: Config, path: str | Path) -> None:
    """Write ``config`` as TOML or YAML (by suffix), complete and reloadable."""
    path = Path(path)
    d = config.to_dict()
    if _kind(path) == "toml":
        text = _toml_dumps(d)
    else:
        text = yaml.safe_dump(d, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value))  # 'inf' and 'nan' are valid TOML floats
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    return "[" + ", ".join(_toml_value(v) for v in value) + "]"


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_dumps(d: Mapping[str, Any], path: tuple[str, ...] = (), array: bool = False) -> str:
    """Serialise nested dicts / lists of dicts as TOML (enough for a Config)."""
    name = ".".join(_toml_key(k) for k in path)
    tables = {k: v for k, v in d.items() if isinstance(v, Mapping)}
    arrays = {k: v for k, v in d.items()
              if isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v)}
    scalars = {k: v for k, v in d.items() if k not in tables and k not in arrays}
    lines = [f"[[{name}]]"] if array else [f"[{name}]"] if path and (scalars or not d) else []
    lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in scalars.items()]
    parts = ["\n".join(lines)] if lines else []
    parts += [_toml_dumps(v, (*path, k)) for k, v in tables.items()]
    parts += [_toml_dumps(x, (*path, k), array=True) for k, v in arrays.items() for x in v]
    return "\n\n".join(p.rstrip("\n") for p in parts if p) + "\n"
