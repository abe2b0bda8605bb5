"""What one session may open, and the little that sessions share.

The app may serve several people at once (a shared server, or colleagues on a
laptop's address). Shared between sessions is only what the person who started
the server chose:

* the extract given with ``--osm`` (every new session opens on it);
* the extracts in the data folders given with ``--data-dir`` (offered by name);
* prepared studies, keyed by the content of their source (``st.cache_resource``).

Everything else -- plots, services, uploads, the list of recently used areas,
scenarios, reports -- lives in one session's ``st.session_state`` and is never
written where another session could list it. Uploaded extracts are kept under
the cache folder by the SHA-256 of their content (only someone holding the same
file could name it) and removed again when they cannot be opened. There is no
free path box: a file on the server can be opened only from a data folder.

No Streamlit here, so it can be tested directly.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from siting import settings
from siting._atomic import write_bytes
from siting.text import t

from .keys import area_key

__all__ = ["MAX_LISTED", "OSM_SUFFIXES", "allowed_file", "data_folders", "extracts",
           "remember", "save_upload", "say"]

#: File endings of OSM extracts the app opens (the longest match is kept on an upload).
OSM_SUFFIXES = (".osm.pbf", ".osm.bz2", ".osm.gz", ".osm", ".pbf", ".bz2", ".gz", ".xml")
#: At most this many extracts of the data folders are offered.
MAX_LISTED = 500

def say(code: str, lang: str, **values: object) -> str:
    """The catalogue text ``app.access.<code>`` in ``lang`` (see :mod:`siting.text._safety`)."""
    return t(f"app.access.{code}", lang, **values)


def data_folders(value: str | None) -> list[Path]:
    """The data folders named by ``--data-dir`` (several joined with ``os.pathsep``).

    Folders that do not exist are left out; each is resolved (symbolic links followed).
    """
    folders = []
    for part in (value or "").split(os.pathsep):
        if part.strip():
            folder = Path(part.strip()).expanduser().resolve()
            if folder.is_dir() and folder not in folders:
                folders.append(folder)
    return folders


def extracts(folders: Sequence[Path]) -> list[Path]:
    """The OSM extracts in ``folders`` and their sub-folders (hidden ones skipped), sorted.

    At most :data:`MAX_LISTED`. A session picks one of these by its place in the
    list, never by a path it typed.
    """
    found: list[Path] = []
    for folder in folders:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.lower().endswith(OSM_SUFFIXES) and not name.startswith("."):
                    found.append(Path(root) / name)
                if len(found) >= MAX_LISTED:
                    return found
    return found


def allowed_file(path: str | Path, options: Mapping[str, str | None]) -> bool:
    """Whether the app may open the extract at ``path`` for a session (e.g. a scenario's).

    Only the server's ``--osm`` file, an extract listed from the data folders
    (``--data-dir``) or an upload kept by :func:`save_upload` may be opened;
    whether any other path exists is never looked at.
    """
    target = Path(path).expanduser().resolve()
    if options.get("osm") and target == Path(str(options["osm"])).expanduser().resolve():
        return True
    if target.parent == (Path(settings.cache_dir) / "uploads").resolve():
        return True
    listed = extracts(data_folders(options.get("data_dir")))
    return target in {p.resolve() for p in listed}


def remember(entries: Sequence[Mapping[str, Any]], area: Mapping[str, Any],
             limit: int = 6) -> list[dict[str, Any]]:
    """Return ``entries`` (one session's recent areas) with ``area`` first, at most ``limit``.

    The demo is not remembered; an area already listed moves to the front.
    """
    kept = [dict(e) for e in entries]
    if area.get("kind") not in ("file", "place"):
        return kept
    return ([dict(area)] + [e for e in kept if area_key(e) != area_key(area)])[:limit]


def save_upload(data: bytes, filename: str) -> Path:
    """Keep an uploaded extract under the cache folder, named by its content; return its path.

    The name is the SHA-256 of the content and the extract's ending (``.osm.pbf``...),
    never the uploader's file name.
    """
    lower = filename.lower()
    suffix = next((s for s in OSM_SUFFIXES if lower.endswith(s)), ".osm.pbf")
    path = Path(settings.cache_dir) / "uploads" / f"{hashlib.sha256(data).hexdigest()}{suffix}"
    if not path.is_file():
        write_bytes(path, data)
    return path
