"""Scenarios: everything needed to reproduce an analysis, in one GeoPackage.

A scenario holds the candidate plots, the municipality's own service register,
the config (profile, weights, curves, rules, language) and the identity of the
OpenStreetMap data used (content hash and date), saved as one GeoPackage whose
layers open in QGIS (all EPSG:4326):

- ``plots``: ``plot_id``, ``name``, ``problem``, geometry (and, where given, the
  address/gnr-bnr columns and the plots file's own columns, ``own:<header>``);
- ``services``: the register (``category``, ``name``, geometry); absent if none;
- ``results``: the ranked table (columns of :func:`siting.export.result_frame`,
  full precision, ``inf`` = unreachable) with the plot geometry, and beside ``flag``
  (words, in the config's language) ``flag_codes``: its codes, ";"-joined
  (``outside;island``, "" when none; files saved before it lack the column); absent
  if not ranked;
- ``decision`` and ``districts``: the portfolio decision's table and the district
  polygons it used, when a decision was made (see :mod:`siting.decision_record`);
- ``scenario_meta``: a non-spatial ``key``/``value`` table: ``kind``
  (``siting-scenario``), ``format_version``, ``siting_version``, ``title``,
  ``notes``, ``created`` (ISO 8601), ``config`` (JSON of :meth:`Config.to_dict`),
  ``osm`` (JSON: ``kind``, ``name``, ``sha256``, ``timestamp``, ``bbox``,
  ``path``), ``decision`` (JSON, when made), ``gtfs`` (JSON: the GTFS timetable
  used, ``name``, ``sha256``, ``path``, ``date``; ``{}`` when none) and, for
  readers in QGIS only, ``profile``, ``osm_name``, ``osm_date``.

GeoPackage stores float64 exactly (``inf`` included), so reopening and
re-running a scenario on the same data gives the saved numbers to the last bit.
Which plots change rank between two scenarios: :func:`siting.robustness.compare_scenarios`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import geopandas as gpd
import pandas as pd
import pyogrio

from ._atomic import write_bytes
from .analysis import OUTSIDE_CODES, Study, is_outside, study_from_osm
from .config import Config, Lang, config_from_dict
from .errors import ConfigError, DataChangedError, InputError, SitingError
from .export import LOCATED_BY, own_columns_of, result_frame
from .osm import OsmData, file_sha256
from .pipeline import Result, load_study, rank
from .text import LANGS, as_date, format_date, said, t
from .text.render import says_outside

__all__ = [
    "FLAG_CODES", "FORMAT_VERSION", "LAYERS", "DataChangedError", "Scenario",
    "exact_result_frame", "load_scenario", "outside_flags", "rerun", "same_data", "same_results",
    "save_scenario", "scenario_bytes", "scenario_from_result", "split_sources", "study_for",
]

log = logging.getLogger(__name__)

#: Version of the file layout; files from a newer version are refused.
FORMAT_VERSION = 1
KIND = "siting-scenario"
LAYERS = ("plots", "services", "results", "decision", "districts", "scenario_meta")
_META_REQUIRED = ("kind", "format_version", "created", "config", "osm")
_OSM_KEYS = ("kind", "name", "sha256", "timestamp", "bbox", "boundary_wkt")
_ACCEPT = "--accept-new-data"
#: Column of the ``results`` layer beside ``flag``: each plot's flag codes, ";"-joined.
FLAG_CODES = "flag_codes"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass
class Scenario:
    """Everything needed to reproduce an analysis.

    Attributes
    ----------
    plots : geopandas.GeoDataFrame
        ``plot_id``, ``name``, ``problem``, geometry, EPSG:4326.
    register : geopandas.GeoDataFrame or None
        The user's own services only: ``category``, ``name``, geometry, EPSG:4326.
    config : Config
    osm : dict
        Identity of the OSM data: ``kind``, ``name``, ``sha256``, ``timestamp``,
        ``bbox`` (degrees) and, for a file, ``path`` (absolute).
    created : str
        When the scenario was made, ISO 8601 (UTC).
    title, notes : str
    results : geopandas.GeoDataFrame or None
        The ranked table, see :func:`exact_result_frame`.
    file : str
        Name of the file it was read from ("" if not read); used in messages.
    decision : dict or None
        The portfolio decision (:func:`siting.decision_record.decision_record`), if made.
    decision_table : pandas.DataFrame or None
        Its portfolios (:func:`siting.decision.decision_table`), layer ``decision``.
    districts : geopandas.GeoDataFrame or None
        The district polygons the decision used (``name``, geometry), layer ``districts``.
    gtfs : dict
        The GTFS timetable used (``name``, ``sha256``, ``path``, ``date``), or {}.
    """

    plots: gpd.GeoDataFrame
    register: gpd.GeoDataFrame | None
    config: Config
    osm: dict[str, Any]
    created: str = field(default_factory=_now)
    title: str = ""
    notes: str = ""
    results: gpd.GeoDataFrame | None = None
    file: str = ""
    decision: dict[str, Any] | None = None
    decision_table: pd.DataFrame | None = None
    districts: gpd.GeoDataFrame | None = None
    gtfs: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------- building
def exact_result_frame(ranked: pd.DataFrame, plots: gpd.GeoDataFrame,
                       config: Config | None = None) -> gpd.GeoDataFrame:
    """Return :func:`siting.export.result_frame` with every number at full precision.

    ``result_frame`` rounds metres to centimetres for display; a scenario keeps
    the exact float64 values so a rerun can be checked bit for bit. Texts are in
    ``config``'s language (needed when ``ranked`` holds codes, as scored); beside the
    ``flag`` text, :data:`FLAG_CODES` keeps its codes ("outside;island"), so a reader need
    not parse the words. A table whose flags are words already has no such column.
    """
    frame = result_frame(ranked, plots, config, exact=True)
    if "flag" in ranked and not any(isinstance(f, str) for f in ranked["flag"]):
        codes = [";".join(str(c[0]) for c in f) if isinstance(f, tuple | list) else ""
                 for f in ranked["flag"]]  # NaN: no codes, as its text is ""
        frame.insert(frame.columns.get_loc("flag") + 1, FLAG_CODES, codes)
    return frame


def outside_flags(results: pd.DataFrame) -> list[bool]:
    """Per row of a results table, whether its plot lies outside the area the OSM data cover.

    Read from the codes: :data:`FLAG_CODES`, or ``flag`` as scored
    (:func:`~siting.analysis.is_outside`); a scenario saved before flag codes were has
    only the words, read in either language by :func:`~siting.text.render.says_outside`.
    """
    if FLAG_CODES in results:
        return [not set(str(codes).split(";")).isdisjoint(OUTSIDE_CODES)
                for codes in results[FLAG_CODES]]
    flags = results["flag"] if "flag" in results else [""] * len(results)
    return [is_outside(flag) or says_outside(flag) for flag in flags]


def scenario_from_result(result: Result, plots: gpd.GeoDataFrame,
                         register: gpd.GeoDataFrame | None = None, *,
                         osm_path: str | Path | None = None, title: str = "",
                         notes: str = "") -> Scenario:
    """Capture a finished analysis as a :class:`Scenario` (e.g. for ``--scenario-out``).

    Parameters
    ----------
    result : Result
        From :func:`siting.pipeline.rank`.
    plots, register : geopandas.GeoDataFrame
        The inputs given to ``rank`` (any CRS; stored in EPSG:4326).
    osm_path : str or pathlib.Path, optional
        The OSM extract read, so a rerun can find it again.
    """
    osm = {k: v for k, v in result.study.osm.source.items() if k in _OSM_KEYS}
    if osm_path is not None:
        osm["path"] = str(Path(osm_path).resolve())
    gtfs = dict(result.timetable.source) if result.timetable is not None else {}
    return Scenario(plots.to_crs("EPSG:4326"), _register_4326(register), result.config, osm,
                    title=title, notes=notes,
                    results=exact_result_frame(result.ranked, plots, result.config),
                    gtfs=gtfs)


def _register_4326(register: gpd.GeoDataFrame | None) -> gpd.GeoDataFrame | None:
    """The user's services as stored: ``category``, ``name`` and, when known, ``row``
    (the register's file row, or the n-th service added on the map), ``source``
    (register / clicked) and ``address``, so the review's references survive."""
    if register is None or register.empty:
        return None
    keep = [c for c in ("category", "name", "row", "source", "address") if c in register]
    return register[[*keep, "geometry"]].to_crs("EPSG:4326")


def split_sources(register: gpd.GeoDataFrame | None
                  ) -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None]:
    """A stored register as (register rows, services added on the map)."""
    if register is None or "source" not in register:
        return register, None
    clicked = (register["source"] == "clicked").to_numpy()
    parts = register[~clicked], register[clicked]
    return parts[0] if len(parts[0]) else None, parts[1] if len(parts[1]) else None


# --------------------------------------------------------------------------- saving
def _meta(scenario: Scenario) -> pd.DataFrame:
    from . import __version__

    osm = scenario.osm
    rows = {
        "kind": KIND, "format_version": str(FORMAT_VERSION), "siting_version": __version__,
        "title": scenario.title, "notes": scenario.notes, "created": scenario.created,
        "config": json.dumps(scenario.config.to_dict(), ensure_ascii=False),
        "osm": json.dumps(osm, ensure_ascii=False),
        "gtfs": json.dumps(scenario.gtfs, ensure_ascii=False),
        "profile": scenario.config.profile, "osm_name": str(osm.get("name", "")),
        "osm_date": str(osm.get("timestamp", "")),
    }
    if scenario.decision is not None:
        rows["decision"] = json.dumps(scenario.decision, ensure_ascii=False)
    return pd.DataFrame({"key": list(rows), "value": list(rows.values())})


def _layers(scenario: Scenario) -> dict[str, pd.DataFrame]:
    """The frames to write, by layer name (absent layers left out)."""
    plots = scenario.plots.to_crs("EPSG:4326")
    if "problem" not in plots:
        plots = plots.assign(problem="")
    located = [c for c in LOCATED_BY if c in plots]  # plots given by address or gnr/bnr
    layers: dict[str, pd.DataFrame] = {"plots": plots[["plot_id", "name", "problem", *located,
                                                       *own_columns_of(plots),
                                                       plots.geometry.name]]}
    register = _register_4326(scenario.register)
    if register is not None:
        layers["services"] = register
    if scenario.results is not None:
        results = scenario.results
        if not isinstance(results, gpd.GeoDataFrame):
            results = exact_result_frame(results, scenario.plots, scenario.config)
        layers["results"] = results
    if scenario.decision_table is not None:
        layers["decision"] = scenario.decision_table
    if scenario.districts is not None and len(scenario.districts):
        layers["districts"] = scenario.districts[["name", "geometry"]].to_crs("EPSG:4326")
    layers["scenario_meta"] = _meta(scenario)
    return layers


def scenario_bytes(scenario: Scenario) -> bytes:
    """Return ``scenario`` as the bytes of a GeoPackage (e.g. for a download button)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "scenario.gpkg"
        for name, frame in _layers(scenario).items():
            pyogrio.write_dataframe(frame, path, layer=name, driver="GPKG")
        return path.read_bytes()


def save_scenario(scenario: Scenario, path: str | Path) -> Path:
    """Write ``scenario`` to one GeoPackage at ``path`` (replaced whole if it exists).

    Raises
    ------
    InputError
        If ``path`` does not end in ``.gpkg``.
    """
    path = Path(path)
    if path.suffix.lower() != ".gpkg":
        raise InputError(f"{path.name}: a scenario is saved as a GeoPackage; give a file "
                         "name ending in .gpkg",
                         nb=f"{path.name}: et scenario lagres som GeoPackage; gi et filnavn "
                         "som slutter på .gpkg")
    data = scenario_bytes(scenario)
    write_bytes(path, data)
    log.info("saved scenario with %d plots to %s", len(scenario.plots), path,
             extra=said("log.scenario", n=len(scenario.plots), path=str(path)))
    return path


# --------------------------------------------------------------------------- loading
def _refuse(name: str, en: str, nb: str, cls: type[SitingError] = InputError) -> SitingError:
    return cls(f"{name}: {en}", nb=f"{name}: {nb}")


def _layer_names(path: Path, name: str) -> set[str]:
    """Layer names of a scenario GeoPackage, or an error saying what it is not."""
    with open(path, "rb") as handle:
        head = handle.read(72)
    layers: set[str] = set()
    if head.startswith(b"SQLite format 3\x00") and head[68:72] in (b"GPKG", b"GP10", b"GP11"):
        with contextlib.suppress(pyogrio.errors.DataSourceError):
            layers = {str(row[0]) for row in pyogrio.list_layers(path)}
    if not layers:
        raise _refuse(name, "is not a GeoPackage; open a scenario file (.gpkg) saved by "
                      "siting (--scenario-out or the app's save button)",
                      "er ikke en GeoPackage; åpne en scenariofil (.gpkg) lagret av siting "
                      "(--scenario-out eller lagreknappen i appen)")
    missing = ", ".join(x for x in ("plots", "scenario_meta") if x not in layers)
    if missing:
        have = ", ".join(sorted(layers))
        raise _refuse(name, f"is a GeoPackage but not a siting scenario: {missing} missing "
                      f"(found: {have}); save the scenario again with --scenario-out or the app",
                      f"er en GeoPackage, men ikke et siting-scenario: {missing} mangler "
                      f"(fant: {have}); lagre scenarioet på nytt med --scenario-out eller appen")
    return layers


def _read_meta(path: Path, name: str) -> dict[str, str]:
    table = pyogrio.read_dataframe(path, layer="scenario_meta", read_geometry=False)
    if not {"key", "value"} <= set(table.columns):
        raise _refuse(name, "table scenario_meta needs columns key and value; save the "
                      "scenario again", "tabellen scenario_meta må ha kolonnene key og value; "
                      "lagre scenarioet på nytt")
    meta = {str(k): "" if pd.isna(v) else str(v) for k, v in zip(table["key"], table["value"],
                                                                  strict=True)}
    missing = [k for k in _META_REQUIRED if k not in meta]
    if missing or meta["kind"] != KIND:
        raise _refuse(name, f"scenario_meta lacks {', '.join(missing) or 'kind=' + KIND}; "
                      "save the scenario again", f"scenario_meta mangler "
                      f"{', '.join(missing) or 'kind=' + KIND}; lagre scenarioet på nytt")
    _check_version(meta, name)
    return meta


def _check_version(meta: dict[str, str], name: str) -> None:
    found = meta["format_version"]
    if not found.isdigit() or int(found) > FORMAT_VERSION:
        version = meta.get("siting_version", "?")
        raise _refuse(name, f"was saved by a newer siting ({version}, file format {found}); "
                      f"this one reads format {FORMAT_VERSION} and older: update siting",
                      f"ble lagret av en nyere siting ({version}, filformat {found}); denne "
                      f"leser format {FORMAT_VERSION} og eldre: oppdater siting")


def _parse_json(meta: dict[str, str], key: str, name: str,
                cls: type[SitingError] = InputError) -> Any:
    try:
        return json.loads(meta[key])
    except ValueError as err:
        raise _refuse(name, f"scenario_meta '{key}' is not valid JSON ({err}); save the "
                      "scenario again", f"scenario_meta «{key}» er ikke gyldig JSON ({err}); "
                      "lagre scenarioet på nytt", cls) from None


def _text_columns(frame: gpd.GeoDataFrame, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    for column in columns:
        frame[column] = frame[column].fillna("").astype(str) if column in frame else ""
    return frame


def _read_results(path: Path) -> gpd.GeoDataFrame:
    frame = pyogrio.read_dataframe(path, layer="results")
    if "rank" in frame:  # nullable integers come back as float with NaN
        frame["rank"] = frame["rank"].astype("Int64")
    # so do the network pieces when a plot was not measured (siting.analysis)
    if "component_nodes" in frame and frame["component_nodes"].dtype.kind == "f":
        frame["component_nodes"] = frame["component_nodes"].astype("Int64")
    return frame


def _read_file(path: Path, name: str) -> Scenario:
    layers = _layer_names(path, name)
    meta = _read_meta(path, name)
    config_dict = _parse_json(meta, "config", name, ConfigError)
    config = config_from_dict(config_dict, source=f"{name} (scenario_meta 'config')")
    plots = pyogrio.read_dataframe(path, layer="plots")
    plots = _text_columns(plots, ("plot_id", "name", "problem",
                                  *(c for c in LOCATED_BY if c in plots),
                                  *own_columns_of(plots)))
    register = None
    if "services" in layers:
        register = _text_columns(pyogrio.read_dataframe(path, layer="services"),
                                 ("category", "name"))
        register = None if register.empty else register
    results = _read_results(path) if "results" in layers else None
    extra: dict[str, Any] = {}
    if "decision" in meta:
        extra["decision"] = _parse_json(meta, "decision", name, ConfigError)
    for layer in ("decision", "districts"):
        if layer in layers:
            extra[layer if layer == "districts" else "decision_table"] = pyogrio.read_dataframe(
                path, layer=layer, read_geometry=layer == "districts")
    extra["gtfs"] = dict(_parse_json({"gtfs": meta.get("gtfs") or "{}"}, "gtfs", name))
    return Scenario(plots, register, config, dict(_parse_json(meta, "osm", name)),
                    meta["created"], meta.get("title", ""), meta.get("notes", ""), results,
                    file=name, **extra)


def load_scenario(source: str | Path | bytes, *, filename: str | None = None) -> Scenario:
    """Read a scenario GeoPackage written by :func:`save_scenario`.

    Parameters
    ----------
    source : str, pathlib.Path or bytes
        Path of the file, or its bytes (an upload; then give ``filename``).
    filename : str, optional
        Name used in messages.

    Raises
    ------
    InputError
        If the file is missing, not a GeoPackage, lacks the ``plots`` layer or
        the ``scenario_meta`` table (or its keys), or was saved by a newer format.
    ConfigError
        If the stored config is invalid (each problem prefixed with the file name).
    """
    if isinstance(source, bytes):
        name = filename or "upload.gpkg"
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "scenario.gpkg"
            path.write_bytes(source)
            return _read_file(path, name)
    path = Path(source)
    name = filename or path.name
    if not path.is_file():
        raise _refuse(name, f"file not found at {path}; check the path",
                      f"finner ikke filen {path}; sjekk stien")
    return _read_file(path, name)


# --------------------------------------------------------------------------- rerunning
def same_data(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when two OSM identities name the same data (same hash and date)."""
    return (a.get("sha256"), a.get("timestamp", "")) == (b.get("sha256"), b.get("timestamp", ""))


def _describe(osm: dict[str, Any], lang: str) -> str:
    """The OSM data as a message names them: file, short hash and date in ``lang``."""
    day = format_date(osm.get("timestamp"), lang)
    when = t("scenario.dated", lang, day=day) if day else t("scenario.undated", lang)
    return t("scenario.data", lang, name=osm.get("name", "?"),
             sha=str(osm.get("sha256", ""))[:8], when=when)


def _said_new_data(file: str, osm: dict[str, Any]) -> dict[str, Any]:
    """The warning of a rerun on new OSM data as a catalogue entry: the front end says it
    in its user's language, the date as that language writes dates."""
    values = {"file": file, "name": osm.get("name", "?"), "sha": str(osm.get("sha256", ""))[:8]}
    day = as_date(osm.get("timestamp"))
    if day is None:
        return said("log.new_data_undated", **values)
    return said("log.new_data", d=day, **values)


def _changed(scenario: Scenario, given: dict[str, Any]) -> DataChangedError:
    name = scenario.file or "scenario"
    en = (f"{name}: the scenario was made with {_describe(scenario.osm, 'en')}; the OSM data "
          f"given is different ({_describe(given, 'en')})")
    nb = (f"{name}: scenarioet ble laget med {_describe(scenario.osm, 'nb')}; OSM-dataene som "
          f"er gitt, er andre ({_describe(given, 'nb')})")
    return DataChangedError(
        f"{en}; open the same extract, or pass {_ACCEPT} to rerun on the new data",
        nb=f"{nb}; åpne det samme utdraget, eller bruk {_ACCEPT} for å kjøre på nytt med de "
        "nye dataene", reason=(en, nb))


def rerun(scenario: Scenario, study: Study, *, allow_new_data: bool = False) -> Result:
    """Rank the scenario's plots again with its register and config.

    Raises
    ------
    DataChangedError
        If ``study`` was built from other OSM data than the scenario (hash or
        date differ) and ``allow_new_data`` is False.
    """
    if not same_data(scenario.osm, study.osm.source):
        if not allow_new_data:
            raise _changed(scenario, study.osm.source)
        file = scenario.file or "scenario"
        log.warning("rerunning %s on new OSM data: %s", file, _describe(study.osm.source, "en"),
                    extra=_said_new_data(file, study.osm.source))
    register, clicked = split_sources(scenario.register)
    timetable = None
    if scenario.gtfs:
        from .transit import timetable_again

        timetable = timetable_again(scenario.gtfs, scenario.file or "scenario")
    return rank(study, scenario.plots, register, scenario.config, clicked, timetable)


def same_results(scenario: Scenario, result: Result) -> bool:
    """True when ``result`` equals the scenario's saved results, every number to the last bit.

    Their texts are compared in the language they were saved in, whichever the rerun
    is in (``rank --scenario ... --lang en`` of a bokmål scenario), and without their
    quotation marks (English quoted names «…» before it used “…”).
    """
    if scenario.results is None:
        return False
    saved = _unquoted(scenario.results)
    for lang in LANGS:
        config = dataclasses.replace(scenario.config, lang=cast("Lang", lang))
        frame = exact_result_frame(result.ranked, scenario.plots, config)
        if FLAG_CODES not in scenario.results:  # saved before flag codes were
            frame = frame.drop(columns=FLAG_CODES, errors="ignore")
        if _unquoted(frame).equals(saved):
            return True
    return False


_QUOTES = str.maketrans("«»“”", '""""')


def _unquoted(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every quotation mark in its texts made a plain one."""
    texts = [c for c in frame.columns if frame[c].map(lambda x: isinstance(x, str)).any()]
    return frame.assign(**{c: frame[c].map(
        lambda x: x.translate(_QUOTES) if isinstance(x, str) else x) for c in texts})


def study_for(scenario: Scenario, osm_path: str | Path | None = None, *,
              allow_new_data: bool = False, use_cache: bool = True) -> Study:
    """Prepare the study area the scenario was made on.

    ``osm_path`` if given; else the demo town for a demo scenario; else the
    extract at ``scenario.osm["path"]`` if it is there and unchanged; else, for
    a downloaded area, the copy stored on this computer (or, if none is left, a
    new download, which :func:`rerun` then reports as changed data).

    Raises
    ------
    InputError
        If the data cannot be found; the message names the file and the fix.
    DataChangedError
        If it was found but has changed, unless ``allow_new_data``.
    """
    kind = scenario.osm.get("kind")
    if osm_path is not None:
        return load_study(osm_path, use_cache=use_cache)
    if kind == "demo":
        return load_study()
    if kind == "file":
        return load_study(_saved_extract(scenario, allow_new_data), use_cache=use_cache)
    if kind in ("place", "polygon"):
        return study_from_osm(_downloaded(scenario.osm))
    raise _refuse(scenario.file or "scenario", f"unknown OSM data kind '{kind}'; give the "
                  "extract with --osm", f"ukjent type OSM-data «{kind}»; oppgi utdraget med --osm")


def _saved_extract(scenario: Scenario, allow_new_data: bool) -> Path:
    name, osm = scenario.file or "scenario", scenario.osm
    path = Path(str(osm.get("path", "")))
    if not osm.get("path") or not path.is_file():
        where_en = f" at {path}" if osm.get("path") else ""
        where_nb = f" på {path}" if osm.get("path") else ""
        raise _refuse(name, f"the OSM extract the scenario was made with, {osm.get('name')}, "
                      f"is not found{where_en}; give its location with --osm",
                      f"finner ikke OSM-utdraget scenarioet ble laget med, {osm.get('name')}"
                      f"{where_nb}; oppgi hvor det ligger med --osm")
    if not allow_new_data and file_sha256(path) != osm.get("sha256"):
        sha = str(osm.get("sha256"))[:8]
        en = f"{name}: {path} has changed since the scenario was saved (sha256 {sha}… then)"
        nb = f"{name}: {path} er endret siden scenarioet ble lagret (sha256 {sha}… da)"
        raise DataChangedError(
            f"{en}; give the original extract with --osm, or pass {_ACCEPT} to rerun on the "
            "new data", nb=f"{nb}; oppgi det opprinnelige utdraget med --osm, eller bruk "
            f"{_ACCEPT} for å kjøre med de nye dataene", reason=(en, nb))
    return path


def _downloaded(osm: dict[str, Any]) -> OsmData:
    """The area downloaded for the scenario: the stored copy, else downloaded again."""
    from . import live

    if osm.get("kind") == "place":
        return live.osm_from_place(str(osm["name"]))
    import shapely

    return live.osm_from_polygon(shapely.from_wkt(osm["boundary_wkt"]), name=str(osm["name"]))
