"""The committee report from a scenario or a result: robustness + PDF in one call.

Shared by ``python -m siting report`` and the app's download button, so both
produce the same document from the same figures.
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

from ..config import Lang
from ..decision import Decision
from ..pipeline import Result
from ..robustness import pareto, swap_weights, weight_sensitivity
from ..scenario import Scenario

__all__ = ["committee_report"]


def committee_report(result: Result, *, scenario: Scenario | None = None,
                     scenario_file: str = "", public: bool = False,
                     lang: str | None = None, n_draws: int = 2000,
                     decision: Decision | None = None) -> bytes:
    """Return the committee PDF for ``result`` with its robustness analysis.

    Parameters
    ----------
    result : Result
        A finished analysis; its config decides weights and rules.
    scenario : Scenario, optional
        Gives the title, notes and creation date when the result came from one.
    scenario_file : str
        Name of the scenario file, quoted under data sources.
    public : bool
        Public version: no plot names, generalised positions, no sensitive services.
    lang : str, optional
        "nb" or "en"; default the config's language.
    n_draws : int
        Number of weight draws for the sensitivity analysis.
    decision : Decision, optional
        The sites chosen for both groups; default the decision the scenario
        stores (made again on ``result``'s measurements, with its robustness).
    """
    from .pdf import report_meta, report_pdf

    config = result.config
    lang = lang or config.lang
    table = result.acc.table
    sensitivity = weight_sensitivity(table, config, n=n_draws)
    overrides: dict[str, Any] = {"scenario_file": scenario_file}
    if scenario is not None:
        overrides |= {"title": scenario.title, "notes": scenario.notes,
                      "created": scenario.created[:10] or None}
    if decision is None and scenario is not None and scenario.decision is not None:
        from ..decision_record import decision_from_scenario

        decision = decision_from_scenario(scenario, result, n_draws)
    return report_pdf(
        result, meta=report_meta(result, **overrides), sensitivity=sensitivity,
        pareto=pareto(result.ranked, config), swaps=swap_weights(table, config),
        public=public, lang=lang, decision=decision,
    )


def with_language(scenario: Scenario, lang: str | None) -> Scenario:
    """Return ``scenario`` with its config's language set to ``lang`` (if given)."""
    if not lang or lang == scenario.config.lang:
        return scenario
    config = dataclasses.replace(scenario.config, lang=cast("Lang", lang))
    return dataclasses.replace(scenario, config=config)
