"""On-disk cache of prepared study areas, keyed by content.

The key is the SHA-256 of the OSM source (file content, or the download query)
together with the settings that shape the networks and a format version, so a
changed extract or changed speed defaults are never served from a stale entry.

An entry holds what is expensive to make and needed again: the walk and drive
networks, the OSM services classified under the built-in categories, and the
candidate service features with their tags in column form (to classify them
again under edited categories). Not the street nodes, segments and way tags the
networks were built from: a prepared study keeps ``osm.nodes``, ``osm.segments``
and ``osm.ways`` empty.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
import logging
from pathlib import Path

from . import settings
from ._pickles import read_pickle, write_pickle
from .analysis import Study, study_from_osm
from .osm import file_sha256, osm_from_file
from .services import CATEGORIES

__all__ = ["cache_key", "study_from_file"]

log = logging.getLogger(__name__)
FORMAT_VERSION = 7  # 5: address points; 6: drive core; 7: lean study, tags in columns


def cache_key(source_hash: str) -> str:
    """Return the cache key for a source hash under the current settings."""
    shaping = {
        "v": FORMAT_VERSION, "source": source_hash,
        "speeds": settings.default_speed_kmh, "main": list(settings.main_road_classes),
        "crs": settings.analysis_crs,
    }
    return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()[:32]


def study_from_file(path: str | Path, *, use_cache: bool = True) -> Study:
    """Read an OSM extract and prepare its networks, using the disk cache.

    Parameters
    ----------
    path : str or pathlib.Path
        Local ``.osm.pbf``, ``.osm`` or ``.osm.bz2`` file.
    use_cache : bool
        Look up and store the prepared study in :data:`siting.settings.cache_dir`.
    """
    path = Path(path)
    if not use_cache or not path.is_file():
        return lean(study_from_osm(osm_from_file(path)))
    digest = file_sha256(path)
    entry = entry_for(digest)
    cached = load_study(entry)
    if cached is not None:
        log.info("prepared networks for %s read from cache %s", path.name, entry.name)
        return cached
    gc.disable()  # a pass creates millions of objects and no cycles: collections only cost
    try:
        study = lean(study_from_osm(osm_from_file(path, sha256=digest)))
    finally:
        gc.enable()
    save_study(study, entry)
    return study


def lean(study: Study) -> Study:
    """The study without the street tables its networks were built from.

    The OSM services under the built-in categories are classified first, so the
    cache entry carries them.
    """
    study.services(CATEGORIES)
    osm = study.osm
    bare = dataclasses.replace(osm, nodes=osm.nodes.iloc[:0], segments=osm.segments.iloc[:0],
                               ways=osm.ways.iloc[:0])
    return dataclasses.replace(study, osm=bare)


def entry_for(source_hash: str) -> Path:
    """Return the cache file of a prepared study for a source hash."""
    return Path(settings.cache_dir) / "studies" / f"{cache_key(source_hash)}.pickle"


def load_study(entry: Path) -> Study | None:
    """Return the study stored at ``entry``, or None if absent or unreadable."""
    study = read_pickle(entry, log, f"cache entry {entry} unreadable; rebuilding")
    return study if isinstance(study, Study) else None


def save_study(study: Study, entry: Path) -> None:
    """Store ``study`` at ``entry`` atomically (spatial indexes are rebuilt on load)."""
    for net in (study.walk, study.drive):
        net.__dict__.pop("_tree", None)
        net.__dict__.pop("_tree_all", None)
        net.__dict__.pop("_lines", None)
        net.__dict__.pop("_snap_memo", None)
    write_pickle(study, entry)
