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

from .analysis import Accessibility, Study, accessibility, study_from_osm
from .cache import study_from_file
from .config import Config, default_config, load_config, save_config, with_weights
from .errors import ConfigError, InputError, NetworkError, SitingError
from .osm import OsmData, osm_from_file
from .pipeline import Result, load_study, rank, services_for
from .plots import read_plots
from .scoring import score_table
from .services import CATEGORIES, services_from_osm

__all__ = [
    "CATEGORIES", "Accessibility", "Config", "ConfigError", "InputError", "NetworkError",
    "OsmData", "Result", "SitingError", "Study", "accessibility", "default_config",
    "load_config", "load_study", "osm_from_file", "rank", "read_plots", "save_config",
    "score_table", "services_for", "services_from_osm", "study_from_file", "study_from_osm",
    "with_weights",
]
__version__ = "0.1.0"
