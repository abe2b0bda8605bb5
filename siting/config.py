"""The user's decisions: weights, value curves, rules and resident profile.

A :class:`Config` is plain data that can be saved (TOML or YAML), reloaded and
compared. Every default number carries a one-line reason (``why_en`` /
``why_nb``) that the README and the committee report quote.

A file or dict names a ``profile`` (default ``"recovery"``) and overrides only
what it gives: criteria are matched by key (their curves key by key), rules by
``column`` and ``op``. A file cannot delete what the profile has; it switches it
off instead (``weight = 0``, ``enabled = false``). Curve ends and rule limits
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
    "Rule",
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
    replaces (instead of adds to) what OpenStreetMap gives. ``max_snap_m`` is
    the largest plot-to-street distance (metres) before a plot is flagged.
    """

    profile: str
    criteria: dict[str, Criterion]
    rules: list[Rule]
    replace_categories: list[str] = field(default_factory=list)
    max_snap_m: float = 250.0
    lang: Lang = "nb"

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
    """Return ``config`` with new criterion weights (e.g. from sliders).

    Raises
    ------
    ConfigError
        If a key is not a criterion or a weight is invalid, or all weights are 0.
    """
    d = config.to_dict()
    crit: dict[str, Any] = d["criteria"]
    extra = {key: {"weight": w} for key, w in weights.items() if key not in crit}
    for key, w in weights.items():
        crit.setdefault(key, {})["weight"] = w
    if extra:  # report unknown keys as such, not as missing columns
        d["criteria"] = {k: v for k, v in crit.items() if k not in extra}
        d["criteria"].update({k: {"weigth_of_unknown_criterion": 0} for k in ()})
        names = ", ".join(sorted(config.criteria))
        unknown = ", ".join(f"'{k}'" for k in extra)
        raise ConfigError(f"weights: unknown criterion {unknown}; criteria are {names}",
                          nb=f"vekter: ukjent kriterium {unknown}; kriteriene er {names}")
    return config_from_dict(d, source="weights")
