"""Our own pickle files: written atomically, and a damaged one read as absent.

Both disk caches (prepared studies in :mod:`siting.cache`, downloads in
:mod:`siting._place_cache`) store objects this package wrote itself; a file
that cannot be read back (cut short, or written by code that has changed since)
is treated like a missing one, so the data is built or downloaded again.
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path

from ._atomic import atomic_file

__all__ = ["read_pickle", "write_pickle"]

_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError)


def read_pickle(path: Path, log: logging.Logger, unreadable: str) -> object | None:
    """Return what the pickle at ``path`` holds; None when there is none.

    A file that cannot be read also gives None, after ``unreadable`` is logged
    as a warning on ``log`` (the caller's logger).
    """
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)  # our own file, written by write_pickle
    except _UNREADABLE:
        log.warning(unreadable)
        return None


def write_pickle(value: object, path: Path) -> None:
    """Store ``value`` at ``path`` atomically (written beside it, then moved in place)."""
    with atomic_file(path, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
