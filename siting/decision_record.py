"""The portfolio decision as plain data, for the scenario file.

A scenario (:mod:`siting.scenario`) stores the decision in three places, all
readable in QGIS:

- ``scenario_meta`` key ``decision``: JSON of :func:`decision_record` -- the
  settings, every group's full config, the chosen portfolio and the runner-ups
  with their numbers at full precision, and the robustness summary;
- layer ``decision``: the table of :func:`siting.decision.decision_table`;
- layer ``districts``: the district polygons, when the rule was used.

:func:`decision_inputs` turns a record back into settings and configs, so a
rerun makes the same decision; :func:`same_decision` checks it did.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .config import Config, config_from_dict
from .decision import Decision, DecisionSettings, decision_table
from .errors import ConfigError

if TYPE_CHECKING:
    import geopandas as gpd

    from .pipeline import Result
    from .scenario import Scenario

__all__ = ["decision_from_scenario", "decision_inputs", "decision_record", "same_decision",
           "scenario_with_decision"]


def _portfolios(decision: Decision) -> list[dict[str, Any]]:
    return [{"plots": list(p.plots), "scores": list(p.scores), "objective": p.objective,
             "secondary": p.secondary, "min_walk_m": p.min_walk_m}
            for p in decision.solution.portfolios]


def decision_record(decision: Decision) -> dict[str, Any]:
    """Plain data (JSON-ready; ``inf`` allowed) describing ``decision`` completely."""
    record: dict[str, Any] = {
        "settings": decision.settings.to_dict(),
        "configs": {g: c.to_dict() for g, c in decision.configs.items()},
        "district_names": list(decision.district_names),
        "method": decision.solution.method,
        "portfolios": _portfolios(decision),
        "blockers": list(decision.solution.blockers),
        "robustness": None,
    }
    r = decision.robustness
    if r is not None:
        smallest = r.smallest_swap
        record["robustness"] = {
            "n": r.n, "spread": r.spread, "seed": r.seed, "method": r.method,
            "share_same": r.share_same, "share_kept": dict(r.share_kept),
            "takeover": None if r.takeover is None else {"plots": list(r.takeover[0]),
                                                         "share": r.takeover[1]},
            "smallest_swap": None if smallest is None else {
                "group": smallest["group"], "criterion": smallest["criterion"],
                "multiplier": float(smallest["multiplier"]), "new": list(smallest["new"])},
            "separation": {k: list(v) if isinstance(v, tuple) else v
                           for k, v in r.separation.items()},
        }
    return record


def decision_inputs(record: Mapping[str, Any],
                    source: str = "decision") -> tuple[DecisionSettings, dict[str, Config]]:
    """The settings and configs a stored decision was made with.

    Raises
    ------
    ConfigError
        If the record is not a decision record or holds invalid settings or configs
        (each problem prefixed with ``source``).
    """
    if not isinstance(record, Mapping) or not {"settings", "configs"} <= set(record):
        raise ConfigError(f"{source}: not a stored decision (settings and configs missing); "
                          "choose again and save the scenario",
                          nb=f"{source}: ikke en lagret beslutning (settings og configs "
                          "mangler); velg på nytt og lagre scenarioet")
    settings = DecisionSettings.from_dict(record["settings"], source=source)
    configs = {str(g): config_from_dict(c, source=f"{source} (config of {g})")
               for g, c in dict(record["configs"]).items()}
    return settings, configs


def same_decision(record: Mapping[str, Any], decision: Decision) -> bool:
    """True when ``decision`` has the stored portfolios, every number to the last bit."""
    stored = list(record.get("portfolios", []))
    now = _portfolios(decision)
    if len(stored) != len(now):
        return False
    return all(_same(a, b) for a, b in zip(stored, now, strict=True))


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    if list(a["plots"]) != list(b["plots"]):
        return False
    numbers = [(x, y) for x, y in zip(a["scores"], b["scores"], strict=True)]
    numbers += [(a[k], b[k]) for k in ("objective", "secondary", "min_walk_m")]
    return all(x == y or (math.isnan(x) and math.isnan(y)) for x, y in numbers)


def scenario_with_decision(scenario: Scenario, decision: Decision,
                           districts: gpd.GeoDataFrame | None = None) -> Scenario:
    """Return ``scenario`` holding ``decision`` (and the district polygons it used)."""
    used = districts if decision.settings.districts else None
    return dataclasses.replace(scenario, decision=decision_record(decision),
                               decision_table=decision_table(decision), districts=used)


def decision_from_scenario(scenario: Scenario, result: Result, n_draws: int = 2000) -> Decision:
    """Make the scenario's stored decision again on ``result``'s measurements (same
    settings, configs and districts), with its robustness (``n_draws`` weight draws)."""
    from .decision import with_robustness
    from .decision_network import decide_from_analysis

    assert scenario.decision is not None
    settings, configs = decision_inputs(scenario.decision,
                                        source=f"{scenario.file or 'scenario'} (decision)")
    districts = scenario.districts if settings.districts else None
    decision = decide_from_analysis(result.acc, configs, settings, districts)
    if decision.solution.best is not None and n_draws > 0:
        decision = with_robustness(decision, n=n_draws)
    return decision
