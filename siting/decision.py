"""The portfolio decision on measured data: both groups' rankings, one choice.

This module links the measuring engine to the pure solver
(:mod:`siting.portfolio`): it scores the plots with every group's config,
measures the walking distance between every two plots over the same split
network the engine measured on, places plots in districts, and returns a
:class:`Decision` -- the chosen portfolio, the runner-ups and (on request) how
robust the choice is (:mod:`siting.portfolio_robustness`).

Walking distance between two plots = plot → street (straight, ``snap_m``) +
the shortest network path between their access points + street → plot, exactly
as every plot-to-service distance is measured. The default minimum separation,
:data:`DEFAULT_MIN_SEPARATION_M`, is 500 m; the catalogue entry
``decision.separation.why`` says why.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .config import Config, config_from_dict, default_config
from .errors import ConfigError
from .portfolio import OBJECTIVES, Objective, Problem, Solution, solve
from .portfolio_robustness import PairRobustness, pair_robustness
from .scoring import score_table, value_column

__all__ = [
    "DEFAULT_GROUPS", "DEFAULT_MIN_SEPARATION_M", "Decision",
    "DecisionSettings", "configs_for", "decide", "decision_table", "with_robustness",
]

DEFAULT_GROUPS: tuple[str, ...] = ("recovery", "active-use")
#: Metres; the reason is the catalogue entry ``decision.separation.why`` (about 6 minutes
#: on foot at 80 m/min: not the same street or block, yet both near a small centre's services).
DEFAULT_MIN_SEPARATION_M = 500.0


@dataclass(frozen=True)
class DecisionSettings:
    """What the working group decides about the portfolio (serialisable).

    Attributes
    ----------
    groups : tuple of str
        Resident groups, one plot each; each names a profile (``recovery``,
        ``active-use``) unless its config is given separately.
    objective : {"sum", "maxmin"}
        Sum of the groups' scores, or the worst-off group's score.
    min_separation_m : float
        Minimum walking distance between any two chosen plots, metres.
    separate : bool
        Switch for the minimum separation (off = no separation rule).
    districts : bool
        "Not in the same district": at most one chosen plot per district
        polygon (needs a district layer).
    reserved : dict of str to str
        Plot id -> the only group that may be given it.
    n_best : int
        Portfolios to show: the chosen one and ``n_best - 1`` runner-ups.
    """

    groups: tuple[str, ...] = DEFAULT_GROUPS
    objective: Objective = "sum"
    min_separation_m: float = DEFAULT_MIN_SEPARATION_M
    separate: bool = True
    districts: bool = False
    reserved: dict[str, str] = field(default_factory=dict)
    n_best: int = 5

    @property
    def separation_m(self) -> float:
        """The separation in force (0 when switched off), metres."""
        return float(self.min_separation_m) if self.separate else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain data (lists, str, float, bool) for JSON."""
        out = dataclasses.asdict(self)
        out["groups"] = list(self.groups)
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], source: str = "decision") -> DecisionSettings:
        """Validate plain data (any subset of :meth:`to_dict`'s keys) into settings."""
        known = {f.name for f in dataclasses.fields(cls)}
        problems = [(f"unknown key '{k}'; use {', '.join(sorted(known))}",
                     f"ukjent nøkkel «{k}»; bruk {', '.join(sorted(known))}")
                    for k in d if k not in known]
        values = {k: d[k] for k in d if k in known}
        if "groups" in values:
            values["groups"] = tuple(str(g) for g in values["groups"])
        if "reserved" in values:
            values["reserved"] = {str(p): str(g) for p, g in dict(values["reserved"]).items()}
        settings = cls(**values)
        problems += _settings_problems(settings)
        if problems:
            raise ConfigError("\n".join(f"{source}: {en}" for en, _ in problems),
                              nb="\n".join(f"{source}: {nb}" for _, nb in problems))
        return settings


def _settings_problems(s: DecisionSettings) -> list[tuple[str, str]]:
    out = []
    if len(s.groups) < 1 or len(set(s.groups)) != len(s.groups):
        out.append((f"groups is {list(s.groups)}; name one or more different groups, e.g. "
                    "recovery,active-use", f"groups er {list(s.groups)}; oppgi en eller flere "
                    "ulike grupper, f.eks. recovery,active-use"))
    if s.objective not in OBJECTIVES:
        out.append((f"objective is {s.objective!r}; use 'sum' or 'maxmin'",
                    f"objective er {s.objective!r}; bruk 'sum' eller 'maxmin'"))
    sep = s.min_separation_m
    if isinstance(sep, bool) or not isinstance(sep, int | float) or not (0 <= sep < math.inf):
        out.append((f"min_separation_m is {sep!r}; give metres, 0 or more (e.g. 500)",
                    f"min_separation_m er {sep!r}; gi meter, 0 eller mer (f.eks. 500)"))
    if not (isinstance(s.n_best, int) and not isinstance(s.n_best, bool) and s.n_best >= 1):
        out.append((f"n_best is {s.n_best!r}; give a whole number 1 or more",
                    f"n_best er {s.n_best!r}; gi et heltall 1 eller mer"))
    bad = sorted({g for g in s.reserved.values() if g not in s.groups})
    if bad:
        out.append((f"reserved names group(s) {', '.join(bad)}, not among "
                    f"{', '.join(s.groups)}", f"reserved nevner gruppe(r) {', '.join(bad)}, som "
                    f"ikke er blant {', '.join(s.groups)}"))
    return out


def configs_for(groups: Sequence[str], given: Sequence[Config] = (),
                lang: str = "nb") -> dict[str, Config]:
    """Each group's config: a given config whose profile is the group's name, else the
    built-in profile of that name.

    Raises
    ------
    ConfigError
        If a group is neither a built-in profile nor given, or a config matches no group.
    """
    from .profiles import PROFILES

    by_profile = {c.profile: c for c in given}
    stray = [p for p in by_profile if p not in groups]
    missing = [g for g in groups if g not in by_profile and g not in PROFILES]
    if stray or missing:
        en = ([f"a config has profile '{p}', which is not a group ({', '.join(groups)})"
               for p in stray] + [f"group '{g}' is not a profile; use "
                                  f"{' or '.join(PROFILES)}, or give its config" for g in missing])
        nb = ([f"en konfigurasjon har profil «{p}», som ikke er en gruppe ({', '.join(groups)})"
               for p in stray] + [f"gruppen «{g}» er ikke en profil; bruk "
                                  f"{' eller '.join(PROFILES)}, eller gi konfigurasjonen"
                                  for g in missing])
        raise ConfigError("\n".join(en), nb="\n".join(nb))
    out = {}
    for g in groups:
        config = by_profile.get(g) or default_config(g)
        out[g] = config_from_dict({**config.to_dict(), "lang": lang}) if config.lang != lang \
            else config
    return out


# --------------------------------------------------------------------------- the decision
@dataclass
class Decision:
    """A portfolio decision on measured plots.

    Attributes
    ----------
    settings : DecisionSettings
    configs : dict of str to Config
        Each group's config.
    table : pandas.DataFrame
        The distance table (``plot_id``, ``name``, ...), in plot order.
    ranked : dict of str to pandas.DataFrame
        Each group's :func:`~siting.scoring.score_table` of ``table``, in
        ``table``'s order (not sorted), with the group's own ``rank``.
    problem : Problem
    solution : Solution
    robustness : PairRobustness or None
        Filled by :func:`with_robustness`.
    district_names : list of str
        Names of the district polygons (columns of ``problem.districts``).
    """

    settings: DecisionSettings
    configs: dict[str, Config]
    table: pd.DataFrame
    ranked: dict[str, pd.DataFrame]
    problem: Problem
    solution: Solution
    robustness: PairRobustness | None = None
    district_names: list[str] = field(default_factory=list)

    @property
    def groups(self) -> tuple[str, ...]:
        return self.settings.groups

    @property
    def chosen(self) -> dict[str, str] | None:
        """Group -> chosen plot id, or None when no portfolio is feasible."""
        best = self.solution.best
        return None if best is None else dict(zip(self.groups, best.plots, strict=True))

    def own_best(self) -> dict[str, str | None]:
        """Each group's first plot in its own ranking (passing every rule), or None."""
        out: dict[str, str | None] = {}
        for g, ranked in self.ranked.items():
            ok = ranked[(ranked["status"] == "ok")].sort_values("rank")
            out[g] = str(ok["plot_id"].iat[0]) if len(ok) else None
        return out

    def name_of(self, plot_id: str) -> str:
        names = dict(zip(self.table["plot_id"].astype(str), self.table["name"].astype(str),
                         strict=True))
        return names.get(str(plot_id), "")


def decide(table: pd.DataFrame, configs: Mapping[str, Config], settings: DecisionSettings,
           walk_m: np.ndarray, districts: np.ndarray | None = None,
           district_names: Sequence[str] = ()) -> Decision:
    """Choose one plot per group from a measured distance table.

    Parameters
    ----------
    table : pandas.DataFrame
        ``Accessibility.table``: one row per plot (``plot_id``, ``name``,
        ``flag`` and the columns the configs read).
    configs : Mapping[str, Config]
        A config for every group of ``settings.groups``.
    settings : DecisionSettings
    walk_m : numpy.ndarray
        (n, n) walking metres between plots (:func:`siting.decision_network.plot_walk_matrix`).
    districts : numpy.ndarray, optional
        (n, d) bool district membership; used when ``settings.districts`` is on.
    district_names : sequence of str

    Raises
    ------
    ConfigError
        If a group has no config, a config is invalid for the table, or
        ``settings.districts`` is on without a district layer.
    """
    missing = [g for g in settings.groups if g not in configs]
    if missing:
        raise ConfigError(f"decision: no config for group(s) {', '.join(missing)}",
                          nb=f"beslutning: ingen konfigurasjon for gruppe(ne) {', '.join(missing)}")
    if settings.districts and districts is None:
        raise ConfigError("decision: 'not in the same district' is on but no district layer "
                          "is given; load the school districts (a polygon file) or switch it off",
                          nb="beslutning: «ikke i samme skolekrets» er på, men ingen kretser er "
                          "lastet; last inn skolekretsene (en polygonfil) eller slå det av")
    ranked = {g: score_table(table, configs[g]).loc[table.index] for g in settings.groups}
    problem = Problem(
        tuple(table["plot_id"].astype(str)), settings.groups,
        np.array([ranked[g]["score"].to_numpy(dtype=float) for g in settings.groups]),
        np.array([(ranked[g]["status"] == "ok").to_numpy() for g in settings.groups]),
        np.asarray(walk_m, dtype=float), settings.separation_m, settings.objective,
        districts if settings.districts else None, settings.reserved)
    solution = solve(problem, n_best=settings.n_best)
    return Decision(settings, dict(configs), table, ranked, problem, solution,
                    district_names=list(district_names))


def with_robustness(decision: Decision, n: int = 2000, spread: float = 0.5,
                    seed: int = 0) -> Decision:
    """Return ``decision`` with its pair robustness (weight draws, swap points, separation)."""
    configs = [decision.configs[g] for g in decision.groups]
    values = [decision.ranked[g][[value_column(k) for k in c.criteria]].to_numpy(dtype=float)
              for g, c in zip(decision.groups, configs, strict=True)]
    found = pair_robustness(decision.problem, configs, values, n=n, spread=spread, seed=seed)
    return dataclasses.replace(decision, robustness=found)


def decision_table(decision: Decision) -> pd.DataFrame:
    """The chosen portfolio and the runner-ups, one row each (for CSV/Excel).

    Columns: ``rank`` (1 = chosen), per group ``plot_<group>``, ``name_<group>``,
    ``score_<group>`` (0-100), then ``objective`` (``sum`` or ``maxmin``: the
    value of the objective in force), ``gap`` (behind the chosen one, same
    units), ``walk_m_between`` (shortest walking distance between two of the
    portfolio's plots, metres) and, with robustness, ``share_draws`` (0-1: how
    often weight draws choose it).
    """
    rows = []
    shares = {}
    if decision.robustness is not None:
        w = decision.robustness.winners
        shares = {tuple(str(r[g]) for g in decision.groups): float(r["share"])
                  for _, r in w.iterrows()}
    for rank, p in enumerate(decision.solution.portfolios, start=1):
        row: dict[str, Any] = {"rank": rank}
        for g, plot, score in zip(decision.groups, p.plots, p.scores, strict=True):
            row |= {f"plot_{g}": plot, f"name_{g}": decision.name_of(plot), f"score_{g}": score}
        row |= {"objective": p.objective, "gap": decision.solution.gap(p),
                "walk_m_between": p.min_walk_m}
        if decision.robustness is not None:
            row["share_draws"] = shares.get(p.plots, 0.0)
        rows.append(row)
    columns = ["rank", *[f"{c}_{g}" for g in decision.groups for c in ("plot", "name", "score")],
               "objective", "gap", "walk_m_between"]
    if decision.robustness is not None:
        columns.append("share_draws")
    return pd.DataFrame(rows, columns=columns)
