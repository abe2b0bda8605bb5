"""OSMnx's answer cache, written atomically and read defensively.

OSMnx 2.1 stores each Overpass/Nominatim answer with ``Path.write_text``, which
truncates first: a kill mid-write leaves a cut JSON file that makes every later
download of that area fail. During our downloads (:func:`siting.live`), its two
cache functions are replaced: answers are written through :mod:`siting._atomic`
and a file that is not valid JSON is logged, removed and fetched again.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterator
from typing import Any

from osmnx import _http
from osmnx import settings as ox_settings

from ._atomic import write_text

__all__ = ["atomic_answer_cache"]

log = logging.getLogger(__name__)


@contextlib.contextmanager
def atomic_answer_cache() -> Iterator[None]:
    """Within the block, OSMnx caches its answers atomically (call under the settings lock)."""
    saved = (_http._save_to_cache, _http._retrieve_from_cache)
    _http._save_to_cache = _save
    _http._retrieve_from_cache = _retrieve
    try:
        yield
    finally:
        _http._save_to_cache, _http._retrieve_from_cache = saved


def _save(url: str, response_json: Any, ok: bool) -> None:
    """Store an OK answer without a server remark, as OSMnx does, but atomically."""
    remark = isinstance(response_json, dict) and "remark" in response_json
    if ox_settings.use_cache and ok and not remark:
        write_text(_http._resolve_cache_filepath(url), json.dumps(response_json))


def _retrieve(url: str) -> Any:
    """The cached answer for ``url``; None when absent or unreadable (then removed)."""
    if not ox_settings.use_cache:
        return None
    path = _http._resolve_cache_filepath(url)
    if not path.is_file():
        return None
    try:
        answer = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        log.warning("cached download answer %s unreadable; fetching it again", path.name)
        path.unlink(missing_ok=True)
        return None
    return answer
