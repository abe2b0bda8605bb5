"""Atomic file writing: a unique temporary file beside the target, renamed over it.

Every file the product writes goes through this module, so a crash or a kill
mid-write leaves the previous file intact (never a truncated one) and two
processes writing the same target never share a temporary name.

How: the data is written to a temporary file with a unique name in the target's
own folder (same file system, so the rename is atomic), flushed and fsync'ed,
then moved over the target with :func:`os.replace`; the folder is fsync'ed too.

* :func:`write_bytes` and :func:`write_text` for data in hand;
* :func:`atomic_file` yields an open binary or text handle (``pickle.dump``,
  ``DataFrame.to_csv``);
* :func:`atomic_path` yields a path for writers that need one (GeoPackage via
  pyogrio, ReportLab, folium): a file of the target's name inside a fresh
  temporary folder beside the target, so side files a driver creates
  (``-wal``, ``-journal``) are removed with it.

Temporary names start with :data:`TEMP_PREFIX` and carry the writer's machine
and process id. Leftovers of a killed run (their process on this machine gone, or older than
:data:`settings.temp_max_age_s`) are removed at the next write into the same
folder; temporaries of running writers are left alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from . import settings

__all__ = ["TEMP_PREFIX", "atomic_file", "atomic_path", "clean_leftovers", "write_bytes",
           "write_text"]

#: Every temporary this module creates starts with this (hidden on Unix).
TEMP_PREFIX = ".siting-tmp-"
#: Names this machine in temporary names, so a folder shared between machines is safe.
_HOST = hashlib.sha256(socket.gethostname().encode()).hexdigest()[:6]


def write_bytes(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return the target's path."""
    with atomic_file(target, "wb") as handle:
        handle.write(data)
    return Path(target)


def write_text(target: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> Path:
    """Write ``text`` to ``target`` atomically (no newline translation) and return its path."""
    return write_bytes(target, text.encode(encoding))


@contextlib.contextmanager
def atomic_file(target: str | os.PathLike[str], mode: str = "wb", *,
                encoding: str | None = None, newline: str | None = None) -> Iterator[IO[Any]]:
    """Yield an open handle whose content replaces ``target`` when the block ends.

    Parameters
    ----------
    target : path-like
        The file to write; its folder is created if missing.
    mode : {"wb", "w"}
        Binary or text handle.
    encoding, newline : str, optional
        For text mode, as for :func:`open` (default UTF-8).

    If the block raises, the temporary file is removed and ``target`` is untouched.
    """
    if mode not in ("wb", "w"):
        raise ValueError(f"mode must be 'wb' or 'w', not {mode!r}")
    final = _prepare(target)
    fd, tmp = _create_unique(final.parent, final.name)
    try:
        handle: IO[Any] = (os.fdopen(fd, "wb") if mode == "wb" else
                           os.fdopen(fd, "w", encoding=encoding or "utf-8", newline=newline))
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _commit(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a fresh path to write; on success it is moved over ``target``.

    The yielded path has the target's file name (drivers pick the format from
    the extension) inside a new temporary folder beside the target. The folder
    and anything else in it are removed afterwards, also when the block raises,
    in which case ``target`` is untouched.
    """
    final = _prepare(target)
    folder = _unique_name(final.parent, final.name)
    folder.mkdir()
    try:
        tmp = folder / final.name
        yield tmp
        if not tmp.is_file():
            raise FileNotFoundError(f"the writer did not create {tmp}")
        _fsync_path(tmp)
        _commit(tmp, final)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def clean_leftovers(folder: str | os.PathLike[str], *, max_age_s: float | None = None) -> int:
    """Remove temporaries of killed writers in ``folder``; return how many were removed.

    A temporary is a leftover when its process no longer runs on this machine or
    when it is older than ``max_age_s`` (default :data:`settings.temp_max_age_s`).
    """
    limit = settings.temp_max_age_s if max_age_s is None else max_age_s
    removed = 0
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(TEMP_PREFIX) and _is_leftover(entry, limit):
                removed += _remove(Path(entry.path))
    return removed


def _prepare(target: str | os.PathLike[str]) -> Path:
    final = Path(target)
    final.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(final.parent)
    return final


def _unique_name(folder: Path, name: str) -> Path:
    """A name no other writer uses: prefix, machine, process id, 64 random bits, target name."""
    return folder / f"{TEMP_PREFIX}{_HOST}-{os.getpid()}-{secrets.token_hex(8)}-{name}"


def _create_unique(folder: Path, name: str) -> tuple[int, Path]:
    """Create a new empty temporary file (exclusive, mode 0o666 less the umask)."""
    while True:
        path = _unique_name(folder, name)
        try:
            return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), path
        except FileExistsError:  # pragma: no cover - 64 random bits
            continue


def _commit(tmp: Path, final: Path) -> None:
    os.replace(tmp, final)
    _fsync_dir(final.parent)


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be fsync'ed
        _fsync_path(folder)


def _is_leftover(entry: os.DirEntry[str], max_age_s: float) -> bool:
    host, pid_text, *_ = [*entry.name[len(TEMP_PREFIX):].split("-", 2), "", ""]
    if host == _HOST and pid_text.isdigit() and not _process_runs(int(pid_text)):
        return True
    try:
        return time.time() - entry.stat(follow_symlinks=False).st_mtime > max_age_s
    except OSError:
        return False


def _process_runs(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _remove(path: Path) -> int:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except OSError:
        return 0
    return 1
