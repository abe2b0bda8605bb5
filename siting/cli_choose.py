"""``python -m siting choose``: one plot per resident group, chosen together.

Measures the plots once, scores them with every group's profile, and writes the
chosen portfolio and its runner-ups (CSV: :func:`siting.decision.decision_table`);
the decision in words goes to the log. From a saved scenario the plots,
register and -- if the scenario holds a decision -- its groups, configs and
constraints are reused (flags given on the command line win), and the rerun is
checked against the stored decision. ``--scenario-out`` saves a scenario that
stores the decision.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import SitingError
from .text import t

if TYPE_CHECKING:
    import geopandas as gpd

    from .config import Config
    from .decision import Decision, DecisionSettings
    from .pipeline import Result
    from .scenario import Scenario

__all__ = ["add_choose", "run_choose"]

log = logging.getLogger("siting")


def add_choose(sub: Any) -> None:
    """Add the ``choose`` sub-command to the CLI's sub-parsers."""
    p = sub.add_parser("choose", help="choose one plot per resident group, kept apart")
    area = p.add_mutually_exclusive_group()
    area.add_argument("--osm", type=Path, help="local OSM extract (.osm.pbf, .osm, .osm.bz2)")
    area.add_argument("--place", help='download an area by name, e.g. "Melhus kommune, Norway"')
    area.add_argument("--demo", action="store_true", help="the made-up demo town")
    p.add_argument("--plots", type=Path, help="candidate plots (as for rank)")
    p.add_argument("--services", type=Path, help="the municipality's own service register")
    p.add_argument("--addresses", type=Path,
                   help="Kartverket's address file, to place plots given by gnr/bnr")
    p.add_argument("--crs", help="CRS of x/y coordinates in a CSV, e.g. EPSG:25832")
    p.add_argument("--out", type=Path, required=True, help="the portfolios: .csv")
    p.add_argument("--groups", help="resident groups, one plot each (default "
                   "recovery,active-use); each a profile name or a --config's profile")
    p.add_argument("--config", type=Path, action="append", default=[],
                   help="a group's weights, curves and rules (TOML/YAML; its profile names "
                   "the group); repeat for more groups")
    p.add_argument("--min-separation-m", type=float,
                   help="minimum walking distance between the chosen plots (default 500; "
                   "0 = none)")
    p.add_argument("--objective", choices=["sum", "maxmin"],
                   help="sum of the groups' scores (default) or the worst-off group's score")
    p.add_argument("--districts", type=Path,
                   help="polygon layer (e.g. school districts): at most one chosen plot in each")
    p.add_argument("--reserve", action="append", default=[], metavar="PLOT=GROUP",
                   help="plot PLOT may only go to GROUP (repeatable)")
    p.add_argument("--runner-ups", type=int, help="runner-up portfolios to list (default 4)")
    p.add_argument("--draws", type=int, default=2000,
                   help="weight draws for the robustness test (0 = skip)")
    p.add_argument("--scenario", type=Path, help="choose on a saved scenario's plots")
    p.add_argument("--scenario-out", type=Path, help="save a scenario holding the decision")
    p.add_argument("--title", default="", help="title of the saved scenario")
    p.add_argument("--accept-new-data", action="store_true",
                   help="use a scenario even if the OSM data differ from the saved ones")
    p.add_argument("--lang", choices=["nb", "en"], help="language of the texts")
    p.add_argument("--no-cache", action="store_true", help="ignore the network cache")
    p.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")


@dataclass
class _Inputs:
    """Measured plots and the decision's settings, from files or a scenario."""

    result: Result
    plots: gpd.GeoDataFrame
    register: gpd.GeoDataFrame | None
    scenario: Scenario | None
    settings: DecisionSettings
    configs: dict[str, Config]


def run_choose(args: argparse.Namespace, state: dict[str, str]) -> None:
    """Run ``choose``; errors are :class:`SitingError` (the CLI prints them)."""
    from .decision import decision_table, with_robustness
    from .decision_network import decide_from_analysis, read_districts
    from .export import unwritable
    from .text.decision import summary_lines

    start = time.perf_counter()
    _check_out(args.out)
    districts = read_districts(args.districts, crs=args.crs) if args.districts else None
    got = _from_scenario(args, state) if args.scenario is not None else _from_files(args, state)
    settings = got.settings
    if districts is not None:
        settings = dataclasses.replace(settings, districts=True)
    elif got.scenario is not None and settings.districts:
        districts = got.scenario.districts
    decision = decide_from_analysis(got.result.acc, got.configs, settings, districts)
    if args.draws > 0 and decision.solution.best is not None:
        decision = with_robustness(decision, n=args.draws)
    try:
        _write_csv(decision_table(decision), args.out)
    except OSError as err:
        raise unwritable(args.out, err) from err
    for line in summary_lines(decision, state["lang"]):
        log.info("%s", line)
    _check_rerun(args, got.scenario, decision)
    if args.scenario_out is not None:
        _save(args, got, decision, districts)
    log.info(t("cli.chose", state["lang"], n=len(got.plots), s=time.perf_counter() - start,
               path=str(args.out)))


def _check_out(path: Path) -> None:
    if path.suffix.lower() != ".csv":
        raise SitingError(f"{path.name}: the portfolios are written as CSV; name the file "
                          "e.g. pair.csv", nb=f"{path.name}: porteføljene skrives som CSV; kall "
                          "filen f.eks. par.csv")


def _write_csv(table: Any, path: Path) -> None:
    from ._atomic import atomic_file
    from ._cells import neutralise_cells

    table = table.copy()
    for column in table.columns:  # as the ranked CSV: centimetres, scores to 0.001
        if column == "walk_m_between":
            table[column] = table[column].round(2)
        elif column.startswith("score_") or column in ("objective", "gap"):
            table[column] = table[column].round(3)
    with atomic_file(path, "w", newline="") as handle:
        neutralise_cells(table).to_csv(handle, index=False)


def _reserved(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        plot, sep, group = item.partition("=")
        if not sep or not plot.strip() or not group.strip():
            raise SitingError(f"--reserve {item}: write PLOT=GROUP, e.g. --reserve T3=active-use",
                              nb=f"--reserve {item}: skriv TOMT=GRUPPE, f.eks. "
                              "--reserve T3=active-use")
        out[plot.strip()] = group.strip()
    return out


def _settings(args: argparse.Namespace, stored: DecisionSettings | None) -> DecisionSettings:
    """Stored settings (or the defaults), with what the command line gives on top."""
    from .decision import DecisionSettings

    base = (stored or DecisionSettings()).to_dict()
    given: dict[str, Any] = {}
    if args.groups:
        given["groups"] = [g.strip() for g in args.groups.split(",") if g.strip()]
    if args.min_separation_m is not None:
        given |= {"min_separation_m": args.min_separation_m,
                  "separate": args.min_separation_m > 0}
    if args.objective:
        given["objective"] = args.objective
    if args.reserve:
        given["reserved"] = _reserved(args.reserve)
    if args.runner_ups is not None:
        given["n_best"] = args.runner_ups + 1
    return DecisionSettings.from_dict({**base, **given}, source="choose")


def _configs(args: argparse.Namespace, stored: dict[str, Config] | None,
             settings: DecisionSettings) -> dict[str, Config]:
    from .config import load_config
    from .decision import configs_for

    given = [load_config(path) for path in args.config]
    if stored:
        given = [*given, *[c for g, c in stored.items()
                           if g in settings.groups and g not in {x.profile for x in given}]]
    return configs_for(settings.groups, given, lang=args.lang or
                       (given[0].lang if given else "nb"))


def _from_files(args: argparse.Namespace, state: dict[str, str]) -> _Inputs:
    """Read the inputs and measure the plots (as ``rank`` does)."""
    from .cli import _check_area, _kartverket, _plots, _progress, _register
    from .locate import address_book, locate_plots
    from .pipeline import load_study, rank

    settings = _settings(args, None)
    configs = _configs(args, None, settings)
    state["lang"] = next(iter(configs.values())).lang
    _check_area(args)
    plots = _plots(args)
    kartverket = _kartverket(args)
    study = load_study(args.osm, args.place, use_cache=not args.no_cache, progress=_progress)
    book = address_book(study.osm, kartverket)
    plots = locate_plots(plots, book, name=args.plots.name if args.plots else "plots")
    register = _register(args, state["lang"], book)
    result = rank(study, plots, register, configs[settings.groups[0]])
    return _Inputs(result, plots, register, None, settings, configs)


def _from_scenario(args: argparse.Namespace, state: dict[str, str]) -> _Inputs:
    """The scenario's measured plots and, if stored, its decision's settings and configs."""
    from .decision_record import decision_inputs
    from .scenario import load_scenario, rerun, study_for

    clash = [f"--{k}" for k in ("plots", "services", "addresses", "place", "demo")
             if getattr(args, k)]
    if clash:
        raise SitingError(f"--scenario brings its own plots and register; drop "
                          f"{', '.join(clash)}.", nb=f"--scenario har egne tomter og register; "
                          f"fjern {', '.join(clash)}.")
    scenario = load_scenario(args.scenario)
    state["lang"] = args.lang = args.lang or scenario.config.lang
    stored_settings, stored_configs = None, {scenario.config.profile: scenario.config}
    if scenario.decision is not None:
        stored_settings, stored_configs = decision_inputs(
            scenario.decision, source=f"{args.scenario.name} (decision)")
    settings = _settings(args, stored_settings)
    configs = _configs(args, stored_configs, settings)
    study = study_for(scenario, args.osm, allow_new_data=args.accept_new_data,
                      use_cache=not args.no_cache)
    result = rerun(scenario, study, allow_new_data=args.accept_new_data)
    return _Inputs(result, scenario.plots, scenario.register, scenario, settings, configs)


def _check_rerun(args: argparse.Namespace, scenario: Scenario | None,
                 decision: Decision) -> None:
    """Say, in the run's language, whether a rerun on a scenario's stored decision made
    the same decision, or which settings changed so that it was not compared."""
    if scenario is None or scenario.decision is None:
        return
    from .decision_record import same_decision

    lang, name = args.lang or "nb", args.scenario.name
    changed = _changed_settings(scenario.decision, decision, lang)
    if changed:
        log.info(t("decision.rerun.changed", lang, name=name, changed=", ".join(changed)))
        return
    same = same_decision(scenario.decision, decision)
    (log.info if same else log.warning)(
        t("decision.rerun.same" if same else "decision.rerun.differs", lang, name=name))


def _changed_settings(stored: dict[str, Any], decision: Decision, lang: str) -> list[str]:
    """What differs from the stored decision's settings and configs, named in ``lang``."""
    from .text.decision import group_label

    changed = [t(f"decision.rerun.{k}", lang) for k, v in decision.settings.to_dict().items()
               if stored["settings"].get(k) != v]
    changed += [t("decision.rerun.config", lang, group=group_label(g, lang))
                for g, c in decision.configs.items()
                if {**stored["configs"].get(g, {}), "lang": c.lang} != c.to_dict()]
    return changed


def _save(args: argparse.Namespace, got: _Inputs, decision: Decision,
          districts: gpd.GeoDataFrame | None) -> None:
    from .decision_record import scenario_with_decision
    from .scenario import save_scenario, scenario_from_result

    scenario = got.scenario
    if scenario is None:
        scenario = scenario_from_result(got.result, got.plots, got.register, osm_path=args.osm,
                                        title=args.title)
    elif args.title:
        scenario = dataclasses.replace(scenario, title=args.title)
    save_scenario(scenario_with_decision(scenario, decision, districts), args.scenario_out)
