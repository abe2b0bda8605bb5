"""The on-disk store of live downloads, keyed by the SHA-256 of the query.

Each downloaded area is kept under ``settings.cache_dir / "places"`` as
``<key>.pickle`` (the :class:`~siting.osm.OsmData`) and ``<key>.json`` (what
:func:`siting.live.cached_places` lists: query, kind, date, last use). The key
is :func:`text_sha256` of the normalised place name or the boundary's WKT.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import settings
from ._atomic import write_text
from ._pickles import read_pickle, write_pickle
from .osm import WAY_TAGS, OsmData, timestamp_now

__all__ = ["FORMAT_VERSION", "list_entries", "load_entry", "places_dir", "read_entry", "save_entry",
           "text_sha256"]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1


def text_sha256(text: str) -> str:
    """Return the hex SHA-256 of ``text`` (UTF-8): the key of a stored download."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def places_dir() -> Path:
    """The folder of the stored downloads (read from the settings at call time)."""
    return Path(settings.cache_dir) / "places"


def list_entries() -> list[dict[str, Any]]:
    """The stored downloads, most recently used first (see :func:`siting.live.cached_places`)."""
    entries = []
    for meta_path in sorted(places_dir().glob("*.json")):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        path = meta_path.with_suffix(".pickle")
        if path.is_file() and meta.get("format") == FORMAT_VERSION:
            entries.append({"query": meta["query"], "kind": meta["kind"], "date": meta["date"],
                            "last_used": meta["last_used"], "path": path})
    return sorted(entries, key=lambda e: e["last_used"], reverse=True)


def load_entry(key: str, report: Callable[..., None]) -> OsmData | None:
    """The stored download ``key`` (its last use noted), or None if there is none."""
    meta_path = places_dir() / f"{key}.json"
    data = read_entry(meta_path.with_suffix(".pickle"))
    if data is None:
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        meta["last_used"] = timestamp_now()
        write_text(meta_path, json.dumps(meta, ensure_ascii=False))
    except (OSError, ValueError):
        log.warning("cache index %s unreadable; using the data anyway", meta_path)
    report("cached", date=str(data.source.get("timestamp", ""))[:10])
    return data


def read_entry(path: Path) -> OsmData | None:
    """The download stored at ``path``; None if absent, unreadable or of an old format."""
    stored = read_pickle(path, log, f"stored download {path.name} unreadable; downloading again")
    if stored is None:
        return None
    current = isinstance(stored, dict) and stored.get("format") == FORMAT_VERSION
    data = stored.get("data") if current and isinstance(stored, dict) else None
    if not isinstance(data, OsmData) or not set(data.ways.columns) <= set(WAY_TAGS):
        log.info("stored download %s has an old format; downloading again", path.name)
        return None
    missing = [key for key in WAY_TAGS if key not in data.ways.columns]
    if missing:  # kept offline-usable: a tag read since then is simply unknown
        log.info("stored download %s predates the street tags %s; using it without them "
                 "(download the area again to use them)", path.name, ", ".join(missing))
        data.ways = data.ways.reindex(columns=list(WAY_TAGS)).astype(
            dict.fromkeys(missing, object))
    return data


def save_entry(key: str, data: OsmData) -> None:
    """Store ``data`` (with ``source`` filled in) as download ``key``."""
    folder = places_dir()
    write_pickle({"format": FORMAT_VERSION, "data": data}, folder / f"{key}.pickle")
    meta = {"format": FORMAT_VERSION, "query": data.source["name"], "kind": data.source["kind"],
            "date": data.source["timestamp"], "last_used": data.source["timestamp"]}
    write_text(folder / f"{key}.json", json.dumps(meta, ensure_ascii=False))
