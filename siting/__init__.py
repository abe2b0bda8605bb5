"""siting: where to build robust homes, measured on the real street network.

The public API follows the data flow -- plots + OSM -> networks -> distances ->
scores -> ranked map / report:

>>> from siting import study_from_file, read_plots, default_config, rank
>>> study = study_from_file("area.osm.pbf")            # doctest: +SKIP
>>> plots = read_plots("plots.csv")                      # doctest: +SKIP
>>> result = rank(study, plots, None, default_config("recovery"))  # doctest: +SKIP
>>> result.ranked[["plot_id", "score", "rank", "status"]]  # numbers and codes  # doctest: +SKIP
>>> result.texts("en")[["plot_id", "reasons"]]           # in words  # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analysis import Accessibility, Study, accessibility, study_from_osm
    from .cache import study_from_file
    from .config import Config, default_config, load_config, save_config, with_weights
    from .errors import ConfigError, InputError, NetworkError, SitingError
    from .osm import OsmData, osm_from_file
    from .pipeline import Result, load_study, rank, services_for
    from .plots import read_plots
    from .scoring import score_table
    from .services import CATEGORIES, services_from_osm

#: Where each public name lives. Imported on first use, so that ``import siting.text``
#: (or any light submodule) does not pull in GeoPandas, SciPy and friends: the app
#: paints its first screen before the engine is loaded.
_HOME = {
    "Accessibility": "analysis", "Study": "analysis", "accessibility": "analysis",
    "study_from_osm": "analysis", "study_from_file": "cache", "Config": "config",
    "default_config": "config", "load_config": "config", "save_config": "config",
    "with_weights": "config", "ConfigError": "errors", "InputError": "errors",
    "NetworkError": "errors", "SitingError": "errors", "OsmData": "osm",
    "osm_from_file": "osm", "Result": "pipeline", "load_study": "pipeline", "rank": "pipeline",
    "services_for": "pipeline", "read_plots": "plots", "score_table": "scoring",
    "CATEGORIES": "services", "services_from_osm": "services",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    if name in _HOME:
        value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CATEGORIES", "Accessibility", "Config", "ConfigError", "InputError", "NetworkError",
    "OsmData", "Result", "SitingError", "Study", "accessibility", "default_config",
    "load_config", "load_study", "osm_from_file", "rank", "read_plots", "save_config",
    "score_table", "services_for", "services_from_osm", "study_from_file", "study_from_osm",
    "with_weights",
]
__version__ = "0.1.0"
