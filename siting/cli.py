"""Command line: ``python -m siting rank|report|services|register-template ...``.

See ``python -m siting rank --help``; the service commands live in
:mod:`siting.cli_services`.

Exit status 0 on success, 2 with one short message on stderr for every user
mistake (bad file, bad setting, unreachable server) -- never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ._memory import return_large_blocks
from .errors import InputError, SitingError
from .text import t, tn

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

    from .config import Config
    from .geocode import AddressBook
    from .pipeline import Result
    from .scenario import Scenario
    from .transit import Timetable

__all__ = ["main"]

log = logging.getLogger("siting")


class _Parser(argparse.ArgumentParser):
    """Argument parser whose usage errors are one line ``error: ...`` (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message}; see {self.prog} --help\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m siting",
        description="Rank candidate plots for robust homes by exact walking distance to "
        "services and police response time on OpenStreetMap data.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    rank = sub.add_parser("rank", help="measure, score and rank candidate plots")
    area = rank.add_mutually_exclusive_group()
    area.add_argument("--osm", type=Path, help="local OSM extract (.osm.pbf, .osm, .osm.bz2)")
    area.add_argument("--place", help='download an area by name, e.g. "Melhus kommune, Norway"')
    area.add_argument("--demo", action="store_true",
                      help="use the built-in made-up demo town (no data needed)")
    rank.add_argument("--plots", type=Path,
                      help="candidate plots: GeoJSON, GeoPackage, zipped Shapefile, CSV or "
                      "Excel .xlsx (required, except with --demo: the demo's plots)")
    rank.add_argument("--out", type=Path, required=True,
                      help="result: .xlsx (Excel, for people), .csv (for scripts), .gpkg or "
                      ".geojson")
    rank.add_argument("--services", type=Path, help="the municipality's own service register")
    rank.add_argument("--addresses", type=Path,
                      help="Kartverket's address file matrikkelenVegadresse.csv, to place "
                      "plots given by gnr/bnr (and addresses the OSM data lack)")
    rank.add_argument("--gtfs", type=Path, help="GTFS timetable (zip): a bus stop counts only "
                      "with enough departures per hour (config [transit])")
    rank.add_argument("--config", type=Path, help="weights, curves and rules (TOML or YAML)")
    rank.add_argument("--profile", choices=["recovery", "active-use"],
                      help="built-in resident profile (default: recovery)")
    rank.add_argument("--crs", help="CRS of x/y coordinates in a CSV, e.g. EPSG:25832")
    rank.add_argument("--map", type=Path, help="also write a self-contained HTML map")
    nb, en = t("public.plot", "nb"), t("public.plot", "en")  # as the public outputs name plots
    rank.add_argument("--public", action="store_true",
                      help="public version of --out and --map: plots as 500 m grid cells named "
                      f"'{nb} 1', '{nb} 2'... ('{en} 1', '{en} 2'... with --lang en), distances "
                      "and times in bands, no service names (--scenario-out stays the internal "
                      "file)")
    rank.add_argument("--lang", choices=["nb", "en"], help="language of reasons and map")
    rank.add_argument("--no-cache", action="store_true", help="ignore the prepared-network cache")
    rank.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    rank.add_argument("--scenario-out", type=Path,
                      help="also save everything needed to reproduce this run (GeoPackage)")
    rank.add_argument("--title", default="", help="title of the saved scenario")
    rank.add_argument("--notes", default="", help="notes kept with the saved scenario")
    rank.add_argument("--scenario", type=Path,
                      help="rerun a saved scenario (its plots, register and config)")
    rank.add_argument("--accept-new-data", action="store_true",
                      help="rerun a scenario even if the OSM data differ from the saved ones")
    report = sub.add_parser("report", help="write the committee report (PDF) of a scenario")
    report.add_argument("--scenario", type=Path, required=True, help="scenario GeoPackage")
    report.add_argument("--out", type=Path, required=True, help="report file (.pdf)")
    report.add_argument("--public", action="store_true",
                        help="public version: no plot names or exact positions")
    report.add_argument("--lang", choices=["nb", "en"], help="language (default: the scenario's)")
    report.add_argument("--osm", type=Path, help="the OSM extract, if not where it was")
    report.add_argument("--accept-new-data", action="store_true",
                        help="report even if the OSM data differ from the saved ones")
    report.add_argument("--no-cache", action="store_true", help="ignore the network cache")
    report.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    from .cli_choose import add_choose

    add_choose(sub)
    from .cli_services import add_parsers

    add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    return_large_blocks()  # (see siting._memory)
    args = _parser().parse_args(argv)
    state = {"lang": args.lang or "nb"}
    # our progress lines, in the run's language; the libraries' own (pyogrio's "Created
    # 5 records") only when they warn
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Said(state))
    logging.basicConfig(level=logging.WARNING, handlers=[handler])
    log.setLevel(logging.WARNING if args.quiet else logging.INFO)
    try:
        _dispatch(args, state)
    except SitingError as err:
        _error(err.text(state["lang"]), state["lang"])
        return 2
    except OSError as err:  # a file the user named cannot be read or written
        name = Path(err.filename).name if err.filename else "file"
        why = err.strerror or str(err)
        _error(t("cli.unreadable", state["lang"], name=name, why=why, path=err.filename),
               state["lang"])
        return 2
    return 0


def _dispatch(args: argparse.Namespace, state: dict[str, str]) -> None:
    if args.command == "rank" and args.scenario is not None:
        _rerun(args, state)
    elif args.command == "rank":
        _rank(args, state)
    elif args.command == "choose":
        from .cli_choose import run_choose

        run_choose(args, state)
    elif args.command == "services":
        _services(args, state)
    elif args.command == "register-template":
        from .cli_services import run_register_template

        state["lang"] = args.lang or "nb"
        run_register_template(args)
    else:
        _report(args, state)


def _services(args: argparse.Namespace, state: dict[str, str]) -> None:
    """``services``: the service review of the study area (see :mod:`siting.cli_services`)."""
    from .cli_services import run_services
    from .pipeline import load_study
    from .review_io import review_format

    review_format(args.out)  # an unknown extension is refused before any work
    _check_area(args)
    config = _config(args)
    state["lang"] = config.lang
    from .locate import address_book, locate_plots

    plots = _plots(args) if args.plots is not None else None
    study = load_study(args.osm, args.place, use_cache=not args.no_cache, progress=_progress)
    book = address_book(study.osm, None)
    if plots is not None:
        plots = locate_plots(plots, book, name=args.plots.name)
    register = _register(args, config.lang, book)
    run_services(args, config, study, register, plots, _timetable(args))


class _Said(logging.Formatter):
    """A log line as the user reads it: an engine line that carries a catalogue entry
    (:func:`siting.text.said`) in the run's language (``state["lang"]``, which follows
    the config once it is read), any other as it is."""

    def __init__(self, state: dict[str, str]) -> None:
        super().__init__("%(message)s")
        self.state = state

    def format(self, record: logging.LogRecord) -> str:
        key = getattr(record, "text_key", None)
        if key is None:
            return super().format(record)
        return t(key, self.state["lang"], **getattr(record, "text_values", {}))


def _error(text: str, lang: str) -> None:
    """Print one line ``feil: ...`` (``error: ...`` in English; a multi-line message is
    joined with "; ")."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    print(f"{t('cli.error', lang)}: " + "; ".join(lines), file=sys.stderr)


def _config(args: argparse.Namespace) -> Config:
    from .config import config_file_data, config_from_dict, default_config, load_config

    if args.config is None:
        config = default_config(args.profile or "recovery")
    else:  # a file naming no profile (only police settings, say) builds on --profile's
        data = config_file_data(args.config) if args.profile else {}
        given = data.get("profile") if isinstance(data, dict) else None
        config = load_config(args.config, args.profile)
        if given is not None and args.profile != given:
            raise SitingError(
                f"{args.config.name} says profile '{given}' but --profile says "
                f"'{args.profile}'; drop one of them.",
                nb=f"{args.config.name} sier profil '{given}', men --profile sier "
                f"'{args.profile}'; fjern en av dem.",
            )
    if args.lang:
        config = config_from_dict({**config.to_dict(), "lang": args.lang})
    return config


def _check_area(args: argparse.Namespace) -> None:
    """Refuse a run without map data instead of silently using the made-up demo town."""
    if args.osm is None and args.place is None and not args.demo:
        raise SitingError(
            "no map data given: pass --osm EXTRACT (.osm.pbf, .osm or .osm.bz2), "
            "--place \"Melhus kommune, Norway\", or --demo for the made-up demo town.",
            nb="ingen kartdata oppgitt: bruk --osm UTDRAG (.osm.pbf, .osm eller .osm.bz2), "
            "--place \"Melhus kommune, Norway\" eller --demo for den oppdiktede demobyen.",
        )


def _plots(args: argparse.Namespace) -> gpd.GeoDataFrame:
    from .plots import read_plots

    if args.plots is not None:
        return read_plots(args.plots, crs=args.crs)
    if args.demo:
        from .demo import demo_plots

        return demo_plots()
    raise SitingError("--plots is missing: give the candidate plots file (GeoJSON, "
                      "GeoPackage, zipped Shapefile, CSV or Excel).",
                      nb="--plots mangler: oppgi filen med kandidattomter (GeoJSON, "
                      "GeoPackage, zippet Shapefile, CSV eller Excel).")


def _rank(args: argparse.Namespace, state: dict[str, str]) -> None:
    from .export import result_format, write_result
    from .locate import address_book, locate_plots
    from .pipeline import load_study, rank

    start = time.perf_counter()
    result_format(args.out)  # an unknown extension is refused before any work
    _map_format(args.map)
    _check_area(args)
    config = _config(args)
    state["lang"] = config.lang  # from here on errors follow the config's language
    plots = _plots(args)
    kartverket = _kartverket(args)
    if args.demo:
        log.info(t("demo.label", config.lang))
    study = load_study(args.osm, args.place, use_cache=not args.no_cache, progress=_progress)
    book = address_book(study.osm, kartverket)
    plots = locate_plots(plots, book, name=args.plots.name if args.plots else "plots")
    _log_matches(plots, config.lang)
    register = _register(args, config.lang, book)
    result = rank(study, plots, register, config, timetable=_timetable(args))
    _warn(result)
    write_result(_table(result, plots, args.public), args.out, config)
    _write_map(args, result)
    if args.scenario_out is not None:
        _save_scenario(args, result, plots, register)
    _say_ranked(result, time.perf_counter() - start, args.out)


def _save_scenario(args: argparse.Namespace, result: Result, plots: gpd.GeoDataFrame,
                   register: gpd.GeoDataFrame | None) -> None:
    """``--scenario-out``: the internal working file, also with ``--public`` (a later
    ``report --public`` is made from it), so that run is warned not to share it."""
    from .scenario import save_scenario, scenario_from_result

    save_scenario(scenario_from_result(result, plots, register, osm_path=args.osm,
                                       title=args.title, notes=args.notes), args.scenario_out)
    if args.public:
        log.warning(t("cli.scenario_internal", result.config.lang, path=str(args.scenario_out)))


def _warn(result: Result) -> None:
    """The warnings of a ranking, in its config's language: services outside the area,
    the GTFS match, thin categories, and each plot that could not be measured."""
    from .cli_services import say_quality, warn_outside, warn_thin

    config = result.config
    warn_outside(result.review, config.lang)
    say_quality(result.review, config)
    warn_thin(result.thin, config)
    _log_outside(result.ranked, config.lang)


def _say_ranked(result: Result, seconds: float, out: Path) -> None:
    """The closing line: how many plots, by status, in how long, to which file."""
    lang = result.config.lang
    counts = "; ".join(tn(f"status.count.{status}", int(n), lang)
                       for status, n in result.ranked["status"].value_counts().items())
    log.info(t("cli.ranked", lang, n=len(result.ranked), counts=counts, s=seconds,
               path=str(out)))


def _map_format(path: Path | None) -> None:
    """Refuse a map file not named .html before any work: the map is one HTML page."""
    if path is None or path.suffix.lower() in (".html", ".htm"):
        return
    raise InputError(
        f"{path.name}: the map is an HTML page; name it .html (e.g. {path.stem}.html).",
        nb=f"{path.name}: kartet er en HTML-side; gi det endelsen .html (f.eks. "
        f"{path.stem}.html).")


def _write_map(args: argparse.Namespace, result: Result) -> None:
    """``--map``: the HTML map of ``result`` (public with ``--public``), if asked for."""
    if args.map is None:
        return
    from .export import unwritable
    from .webmap import map_from_analysis, save_map_html

    config = result.config
    fmap = map_from_analysis(result.study, result.acc, result.texts(), lang=config.lang,
                             public=args.public, config=config)
    try:
        save_map_html(fmap, args.map)
    except OSError as err:
        raise unwritable(args.map, err, name_hint=False) from err


def _table(result: Result, plots: gpd.GeoDataFrame, public: bool) -> gpd.GeoDataFrame:
    """The result table to write: every figure, or the public version (``--public``)."""
    from .export import result_frame
    from .public import public_frame

    if public:
        return public_frame(result.ranked, result.acc.plots, result.config,
                            result.acc.categories, result.config.lang)
    return result_frame(result.ranked, plots, result.config)


_SCENARIO_ONLY = ("plots", "services", "addresses", "config", "profile", "place", "demo",
                  "scenario_out")


def _rerun(args: argparse.Namespace, state: dict[str, str]) -> None:
    """``rank --scenario FILE``: rank the saved plots again with the saved settings."""
    from .export import result_format, write_result
    from .scenario import same_results

    result_format(args.out)
    _map_format(args.map)
    clash = [f"--{k.replace('_', '-')}" for k in _SCENARIO_ONLY if getattr(args, k)]
    if clash:
        raise SitingError(
            f"--scenario brings its own plots, register and settings; drop {', '.join(clash)}.",
            nb=f"--scenario har egne tomter, register og innstillinger; fjern {', '.join(clash)}.")
    start = time.perf_counter()
    scenario, result = _scenario_rerun(args, state)
    _warn(result)  # as a first run says them: on new OSM data every plot may be outside
    write_result(_table(result, scenario.plots, args.public), args.out, scenario.config)
    _write_map(args, result)
    _say_ranked(result, time.perf_counter() - start, args.out)
    same = same_results(scenario, result)
    log.info(t("cli.reran_same" if same else "cli.reran_differ", state["lang"],
               name=args.scenario.name, path=str(args.out)))


def _report(args: argparse.Namespace, state: dict[str, str]) -> None:
    """``report --scenario FILE --out REPORT.pdf``: the committee report."""
    from ._atomic import write_bytes
    from .export import unwritable
    from .report import committee_report

    if args.out.suffix.lower() != ".pdf":
        raise SitingError(f"{args.out.name}: the report is a PDF; name it e.g. report.pdf.",
                          nb=f"{args.out.name}: rapporten er en PDF; kall den f.eks. rapport.pdf.")
    scenario, result = _scenario_rerun(args, state)
    pdf = committee_report(result, scenario=scenario, scenario_file=args.scenario.name,
                           public=args.public)
    try:
        write_bytes(args.out, pdf)
    except OSError as err:
        raise unwritable(args.out, err) from err
    log.info(t("cli.report_public" if args.public else "cli.report_internal", state["lang"],
               kb=len(pdf) / 1024, path=str(args.out)))


def _scenario_rerun(args: argparse.Namespace,
                    state: dict[str, str]) -> tuple[Scenario, Result]:
    """Load ``--scenario`` (in ``--lang``), find its OSM data and rank its plots again."""
    from .report import with_language
    from .scenario import load_scenario, rerun, study_for

    scenario = with_language(load_scenario(args.scenario), args.lang)
    state["lang"] = scenario.config.lang  # from here on errors follow the scenario's language
    study = study_for(scenario, args.osm, allow_new_data=args.accept_new_data,
                      use_cache=not args.no_cache)
    return scenario, rerun(scenario, study, allow_new_data=args.accept_new_data)


def _register(args: argparse.Namespace, lang: str, book: AddressBook | None = None
              ) -> gpd.GeoDataFrame | None:
    """The usable rows of ``--services`` (rows given by address are looked up in
    ``book``); each refused row is a warning on stderr. A register with no usable
    row at all is refused with every problem listed.
    """
    if args.services is None:
        return None
    from .register import load_register, register_report
    from .services import read_register

    load = load_register(args.services, crs=args.crs, addresses=book)
    if load.register is None:
        read_register(args.services, crs=args.crs, addresses=book)  # raises, naming each problem
    report = register_report(load, None, lang)
    from .text import pick

    label = pick(lang, "rad", "row")
    for row in report[report["status"] == "refused"].itertuples():
        log.warning("%s: %s %d: %s", load.file, label, row.row, row.why)
    return load.register


def _kartverket(args: argparse.Namespace) -> pd.DataFrame | None:
    """Kartverket's address file (``--addresses``), read before any slow work."""
    if args.addresses is None:
        return None
    from .addresses import read_address_file

    return read_address_file(args.addresses)


def _log_matches(plots: gpd.GeoDataFrame, lang: str) -> None:
    """One line per plot placed by address or gnr/bnr: what it matched, and how well."""
    import pandas as pd

    from .text import t
    from .text.render import match_text, problem_text

    if "match" not in plots:
        return
    blank = pd.Series("", index=plots.index)
    given = [a or p for a, p in zip(plots.get("address", blank), plots.get("parcel", blank),
                                    strict=True)]
    for pid, text, match, quality, problem in zip(
            plots["plot_id"], given, plots["match"], plots["match_quality"], plots["problem"],
            strict=True):
        if not (match or problem) or not text:
            continue
        line = t("match.log", lang, pid=pid, given=text, match=match or "–",
                 how=match_text(quality, lang))
        log.log(logging.INFO if match else logging.WARNING,
                line + (f": {problem_text(problem, lang)}" if problem else ""))


LISTED_UNMEASURED = 10  # plots not measured, named one per line; the rest counted


def _log_outside(ranked: pd.DataFrame, lang: str) -> None:
    """Plots that could not be measured, listed apart (they keep their row in the result):
    the first :data:`LISTED_UNMEASURED` by name, the others counted in one line (a file
    read on the wrong extract would otherwise print a line per plot)."""
    flagged = ranked[ranked["status"] == "flagged"]
    from .text import t
    from .text.render import codes_text, name_and_id

    shown = flagged.iloc[:LISTED_UNMEASURED]
    for pid, name, flag in zip(shown["plot_id"], shown["name"], shown["flag"], strict=True):
        log.warning(t("cli.not_measured", lang, plot=name_and_id(name, pid),
                      flag=codes_text(flag, lang)))
    if len(flagged) > len(shown):
        log.warning(t("cli.not_measured_more", lang, n=len(flagged) - len(shown)))


def _timetable(args: argparse.Namespace) -> Timetable | None:
    if getattr(args, "gtfs", None) is None:
        return None
    from .transit import timetable_from_gtfs

    return timetable_from_gtfs(args.gtfs)


def _progress(text: str, fraction: float) -> None:
    log.info("[%3.0f%%] %s", 100 * fraction, text)
