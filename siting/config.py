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

This module is the API; the dataclasses are defined in
:mod:`siting._config_types`, the built-in profiles in :mod:`siting.profiles`
and the checks in :mod:`siting._validate`, and all are importable from here.
"""

from __future__ import annotations

import dataclasses
import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from ._atomic import write_text
from ._config_types import (
    LANGS,
    OPS,
    SHAPES,
    Config,
    Criterion,
    Curve,
    Lang,
    Op,
    Police,
    Rule,
    ServiceEdits,
    Shape,
    Transit,
)
from ._validate import (
    PROBE_WEIGHT,
    PROBE_WEIGHT_REQ,
    TOP_KEYS,
    Problems,
    check_categories,
    check_number,
    check_top,
    check_weights,
    merge_criteria,
    merge_rules,
    profile_name,
    show,
)
from ._validate_police import merge_police, police_from_dict
from ._validate_services import service_edits, transit_rule
from .errors import ConfigError
from .profiles import DEFAULT_PROFILE, PROFILES

__all__ = [
    "DEFAULT_PROFILE",
    "LANGS",
    "OPS",
    "PROFILES",
    "SHAPES",
    "SLIDER_WEIGHT_MAX",
    "Config",
    "Criterion",
    "Curve",
    "Lang",
    "Op",
    "Police",
    "Rule",
    "ServiceEdits",
    "Shape",
    "Transit",
    "config_file_data",
    "config_from_dict",
    "default_config",
    "load_config",
    "save_config",
    "with_weights",
]


#: The largest weight the app's sliders offer (a config file may give more, up to
#: ``_validate.MAX_WEIGHT``). Texts that say how far a weight must move (the report, the
#: app) speak of changes within 0 to this.
SLIDER_WEIGHT_MAX = 5.0


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
    p = Problems()
    p.unknown_keys(weights, tuple(config.criteria), "criteria.")
    for key in weights:
        if key in config.criteria:
            check_number(p, {"weight": weights[key]}, "weight", f"criteria.{key}",
                         PROBE_WEIGHT_REQ, high=PROBE_WEIGHT)
    p.raise_if_any("weights")
    new = {k: dataclasses.replace(c, weight=float(weights.get(k, c.weight)))
           for k, c in config.criteria.items()}
    check_weights({k: {"weight": c.weight} for k, c in new.items()}, p)
    p.raise_if_any("weights")
    return dataclasses.replace(config, criteria=new)


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
    p = Problems()
    if not isinstance(d, Mapping):
        p.add(f"the settings must be a table (key = value), found {show(d)}",
              f"innstillingene må være en tabell (nøkkel = verdi), fant {show(d)}")
        p.raise_if_any(source)
    p.unknown_keys(d, TOP_KEYS, "")
    profile = profile_name(d.get("profile", DEFAULT_PROFILE), p)
    base = PROFILES[profile].to_dict()
    top = {k: d.get(k, base[k]) for k in ("lang", "max_snap_m", "replace_categories")}
    check_top(top, p)
    categories = d.get("categories", {})
    check_categories(categories, p)
    criteria = merge_criteria(d.get("criteria"), base["criteria"], p)
    rules = merge_rules(d.get("rules"), base["rules"], p)
    police = merge_police(d.get("police"), base["police"], p)
    check_weights(criteria, p)
    edits = service_edits(d.get("services", base["services"]), p)
    transit = transit_rule(d.get("transit", base["transit"]), p)
    p.raise_if_any(source)
    return Config(
        profile=profile,
        criteria={k: _criterion(c) for k, c in criteria.items()},
        rules=[Rule(**{**r, "value": float(r["value"])}) for r in rules],
        replace_categories=list(top["replace_categories"]),
        max_snap_m=None if top["max_snap_m"] is None else float(top["max_snap_m"]),
        lang=top["lang"],
        categories={k: dict(v) for k, v in categories.items()} if isinstance(categories, Mapping)
        else {},
        services=edits,
        transit=transit,
        police=police_from_dict(police),
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


def load_config(path: str | Path, profile: str | None = None) -> Config:
    """Read a config file (TOML or YAML, by suffix) and validate it.

    Parameters
    ----------
    path : str or pathlib.Path
        The file.
    profile : str, optional
        The profile to build on when the file names none (a file with only police
        settings, say); a file that names one keeps its own.

    Returns
    -------
    Config

    Raises
    ------
    ConfigError
        If the file is missing, unreadable, not valid TOML/YAML (with line and
        column), or its settings are invalid.
    """
    data = config_file_data(path)
    if profile is not None and "profile" not in data:
        data = {**data, "profile": profile}
    return config_from_dict(data, source=Path(path).name)


def config_file_data(path: str | Path) -> dict[str, Any]:
    """The settings a config file gives, as read (empty for an empty file), unchecked.

    Raises
    ------
    ConfigError
        If the file is missing, unreadable or not valid TOML/YAML.
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
    if data is None:
        return {}
    if not isinstance(data, dict):
        return data  # (config_from_dict says what is wrong with it)
    return dict(data)


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
    write_text(path, text)


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
    scalars = {k: v for k, v in d.items()
               if k not in tables and k not in arrays and v is not None}  # TOML has no null
    lines = [f"[[{name}]]"] if array else [f"[{name}]"] if path and (scalars or not d) else []
    lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in scalars.items()]
    parts = ["\n".join(lines)] if lines else []
    parts += [_toml_dumps(v, (*path, k)) for k, v in tables.items()]
    parts += [_toml_dumps(x, (*path, k), array=True) for k, v in arrays.items() for x in v]
    return "\n\n".join(p.rstrip("\n") for p in parts if p) + "\n"
