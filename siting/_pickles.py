"""Our own pickle files: checksummed, written atomically, a damaged one rebuilt.

Both disk caches (prepared studies in :mod:`siting.cache`, downloads in
:mod:`siting._place_cache`) store objects this package wrote itself. Each file
is a header line (:data:`MAGIC`), the SHA-256 of the pickle, then the pickle.
On read the checksum is verified *before* anything is unpickled: a file cut
short, changed on disk (a flipped byte gave wrong distances without a word), of
an older layout or written by code that has changed since is reported as a
warning and treated like a missing one, so the caller builds or downloads it
again and writes a good copy over it. Writes go through :mod:`siting._atomic`,
so readers in other processes see either the old file or the new one, whole.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from pathlib import Path

from ._atomic import atomic_file

__all__ = ["MAGIC", "read_pickle", "write_pickle"]

#: First bytes of every file :func:`write_pickle` writes (format version 1).
MAGIC = b"siting-pickle 1 sha256\n"
_DIGEST = hashlib.sha256().digest_size
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
               IndexError, TypeError, ValueError)


def read_pickle(path: Path, log: logging.Logger, unreadable: str) -> object | None:
    """Return what the pickle at ``path`` holds; None when there is none.

    A file that is damaged (checksum or header wrong) or cannot be unpickled
    also gives None, after ``unreadable`` and the reason are logged as a warning
    on ``log`` (the caller's logger).
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        log.warning("%s (%s)", unreadable, err.strerror or err)
        return None
    problem = _damage(data)
    if problem:
        log.warning("%s (%s)", unreadable, problem)
        return None
    try:
        return pickle.loads(memoryview(data)[len(MAGIC) + _DIGEST:])  # checked above
    except _UNREADABLE as err:
        log.warning("%s (written by another version: %s)", unreadable, type(err).__name__)
        return None


def write_pickle(value: object, path: Path) -> None:
    """Store ``value`` at ``path`` with its checksum, atomically (see :mod:`siting._atomic`)."""
    with atomic_file(path, "wb") as handle:
        handle.write(MAGIC + bytes(_DIGEST))  # the digest goes here once the pickle is written
        digest = hashlib.sha256()

        class _Hashing:
            @staticmethod
            def write(chunk: bytes) -> int:
                digest.update(chunk)
                return handle.write(chunk)

        pickle.dump(value, _Hashing(), protocol=pickle.HIGHEST_PROTOCOL)  # streamed, not copied
        handle.seek(len(MAGIC))
        handle.write(digest.digest())


def _damage(data: bytes) -> str:
    """Why ``data`` is not a whole file of ours ("" when it is)."""
    if not data.startswith(MAGIC):
        return "not a checksummed cache file"
    stored = data[len(MAGIC):len(MAGIC) + _DIGEST]
    actual = hashlib.sha256(memoryview(data)[len(MAGIC) + _DIGEST:]).digest()
    return "" if stored == actual else "checksum mismatch: the file was damaged on disk"
