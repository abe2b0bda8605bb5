"""On-disk cache of prepared study areas, keyed by content.

The key is the SHA-256 of the OSM source (file content, or the download query)
together with the settings that shape the networks and a format version, so a
changed extract or changed speed defaults are never served from a stale entry.

An entry holds what is expensive to make and needed again: the walk and drive
networks with their segment indexes (:mod:`siting._segindex`) and the snaps of
the services under the built-in categories (police stations also on the drive
network), the OSM service review under the built-in categories (classified
once, see :func:`siting.review.study_review`), the candidate service features
with their tags (to classify them under other categories; kept column-wise, not
as one dictionary per feature, and unpickled only when used, see
:class:`siting.osm.OsmData`), addresses, places and the street ways' tags (street
names label the report's maps). Array data lies beside the pickle and is mapped,
not copied (:mod:`siting._pickles`). Not the street
nodes and segments the networks were built from: a prepared study keeps
``osm.nodes`` and ``osm.segments`` empty.

For a large extract (:data:`siting.settings.parallel_min_file_mb`), a forked
worker writes the entry while the analysis goes on, and holds the build lock
until the entry is whole; the process waits for it before exiting.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import gc
import hashlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import geopandas as gpd

from . import settings
from ._parallel import call_forked, large_file, run_behind
from ._pickles import read_pickle, write_pickle
from .analysis import Study, study_from_osm, study_of
from .network import Network, crs_for, drive_network, walk_network
from .osm import OsmData, file_sha256, osm_from_file
from .review import review_osm, study_review
from .services import CATEGORIES, DRIVE_CATEGORY
from .text import said

__all__ = ["cache_key", "entry_for", "prepare", "study_from_file"]

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

log = logging.getLogger(__name__)
# 5: address points; 6: drive core; 7: checksummed; 8: lean study; 9: with its service review;
# 10: segment indexes and the services' snaps; 11: twin segments, snaps of siting.snap.Snap
FORMAT_VERSION = 11


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
        return _prepare(path)
    digest = file_sha256(path)
    entry = entry_for(digest)
    seen = _stamp(entry)
    cached = load_study(entry)
    if cached is None:
        with _one_builder(entry) as build:  # others building the same entry finish first
            if _stamp(entry) != seen:  # ... and one of them just wrote it
                cached = load_study(entry)
            if cached is None:
                study = _prepare(path, digest)
                # a worker writes the entry while the analysis goes on; the lock is
                # its until the entry is whole
                build.handed_over = save_study(study, entry, behind=large_file(path))
                return study
    log.info("prepared networks for %s read from cache %s", path.name, entry.name,
             extra=said("log.cache", name=path.name, entry=entry.name))
    return cached


def _prepare(path: Path, digest: str | None = None) -> Study:
    """Read ``path`` and build its networks, then drop the street tables (see :func:`lean`)."""
    gc.disable()  # a pass creates millions of objects and no cycles: collections only cost
    try:
        osm = osm_from_file(path) if digest is None else osm_from_file(path, sha256=digest)
        return prepare(osm, split=large_file(path))
    finally:
        gc.enable()


def prepare(osm: OsmData, *, split: bool = False) -> Study:
    """Build the networks of ``osm`` and what a cache entry stores with them:
    ``lean(study_from_osm(osm))``.

    With ``split`` (and where forking is safe, see :func:`siting._parallel.call_forked`),
    a worker builds the drive network with its any-road index and reviews the OSM
    services while this process builds the walk network: the same calls, so the
    same study (a test compares them), 1.1 s sooner at 4x4 tiled Oslo.

    Parameters
    ----------
    osm : OsmData
    split : bool

    Returns
    -------
    Study
        As :func:`lean` returns it.
    """
    crs = crs_for(osm)
    other = call_forked(lambda: _drive_half(osm, crs)) if split else None
    if other is None:
        return lean(study_from_osm(osm, crs))
    try:
        walk = walk_network(osm, crs)
        walk.twin_segments()  # (what lean asks for, while the worker is still busy)
    except BaseException:
        other.cancel()
        raise
    drive, review = other.result()
    study = study_of(osm, walk, drive)
    study_review(study, CATEGORIES, made=review)
    return lean(study)


def _drive_half(osm: OsmData, crs: str) -> tuple[Network, gpd.GeoDataFrame]:
    """The drive network with its any-road index, and the OSM service review (a worker's
    share of :func:`prepare`)."""
    drive = drive_network(osm, crs)
    drive.index(any_segment=True)
    drive.twin_segments()
    return drive, review_osm(osm.features, CATEGORIES)


def lean(study: Study) -> Study:
    """Return the study without the street nodes and segments its networks were built from.

    The OSM service review under the built-in categories, the networks' segment
    indexes and twin segments and the snaps of the built-in categories' services
    are made first, so that a cache entry of the study carries them.

    Parameters
    ----------
    study : Study

    Returns
    -------
    Study
        The same networks, features and reviews; ``osm.nodes`` and ``osm.segments`` empty.
    """
    # every reviewed service, counted or not (a user may count a candidate)
    services = study_review(study, CATEGORIES).to_crs(study.crs)
    geoms = services.geometry.to_numpy()
    police = (services["category"] == DRIVE_CATEGORY).to_numpy()
    for net, points in ((study.walk, geoms), (study.drive, geoms[police])):
        net.know_snaps(points)  # (a GEOS tree for ties goes as soon as asked: Network.tree)
    study.drive.index(any_segment=True)  # plots' distance to any road (the others are built)
    for net in (study.walk, study.drive):
        net.twin_segments()  # every ranking's cost matrices need them
    bare = copy.copy(study.osm)  # (features made lazily stay so)
    bare.nodes, bare.segments = bare.nodes.iloc[:0], bare.segments.iloc[:0]
    return dataclasses.replace(study, osm=bare)


def entry_for(source_hash: str) -> Path:
    """Return the cache file of a prepared study for a source hash (see :func:`cache_key`)."""
    return Path(settings.cache_dir) / "studies" / f"{cache_key(source_hash)}.pickle"


def _stamp(entry: Path) -> tuple[int, int] | None:
    """The entry's identity on disk (inode, change time): a rename over it changes it."""
    try:
        stat = entry.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns


@dataclasses.dataclass
class _Build:
    """One process's turn at building an entry."""

    handed_over: bool = False  # a worker writing the entry holds the lock until it ends


@contextlib.contextmanager
def _one_builder(entry: Path) -> Iterator[_Build]:
    """Hold an exclusive lock for building ``entry`` (processes started together on an
    empty cache build it once; the others wait and read it). Without ``fcntl``
    (Windows) there is no lock: each builds, and atomic writes keep the entry whole.

    A worker forked to write the entry shares the lock (``flock`` belongs to the
    open file, which the worker inherits); when the block sets ``handed_over``,
    the lock is not released here but when the worker ends, with the entry written.
    """
    build = _Build()
    if fcntl is None:
        yield build
        return
    entry.parent.mkdir(parents=True, exist_ok=True)
    with open(entry.with_name(entry.name + ".lock"), "ab") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield build
        finally:
            if not build.handed_over:
                fcntl.flock(lock, fcntl.LOCK_UN)


def load_study(entry: Path) -> Study | None:
    """Return the study stored at ``entry``, or None if absent, damaged or unreadable."""
    study = read_pickle(entry, log, f"cache entry {entry} is damaged and not used; rebuilding")
    return study if isinstance(study, Study) else None


def save_study(study: Study, entry: Path, *, behind: bool = False) -> bool:
    """Store ``study`` at ``entry`` atomically, without the snaps remembered for this
    process (they may be of a user's plots; the services' known snaps stay).

    With ``behind``, a forked worker writes it while this process goes on, where
    forking is safe (see :func:`siting._parallel.run_behind`); the return value
    says whether one does. Writing takes a second at 4x4 tiled Oslo (50 MB).
    """
    for net in (study.walk, study.drive):
        net.drop_caches()
    if behind and run_behind(lambda: write_pickle(study, entry),
                             f"storing the prepared study in cache entry {entry}"):
        return True
    write_pickle(study, entry)
    return False
