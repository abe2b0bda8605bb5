"""What the app opens at start: files from the command line, the recent study areas.

No Streamlit here. The recent-areas list is a small JSON file in the cache folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from siting._atomic import write_text

from .keys import area_key

__all__ = ["STARTUP_KEYS", "recent_areas", "remember_area", "startup_options"]

STARTUP_KEYS = ("osm", "plots", "services")


def startup_options(argv: Sequence[str], env: Mapping[str, str]) -> dict[str, str | None]:
    """Return the files the app opens at start: ``osm``, ``plots``, ``services``.

    Read from the arguments after ``--`` (``streamlit run app.py -- --osm FILE``;
    Streamlit passes them as ``sys.argv[1:]``), as ``--key VALUE`` or
    ``--key=VALUE``; an argument missing there is taken from the environment
    variable ``SITING_APP_<KEY>``. Unknown arguments are ignored.
    """
    args = list(argv[argv.index("--") + 1:] if "--" in argv else argv[1:])
    found: dict[str, str | None] = dict.fromkeys(STARTUP_KEYS)
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        key = name.removeprefix("--")
        if not name.startswith("--") or key not in found:
            continue
        if not eq:
            value = args[i + 1] if i + 1 < len(args) and not args[i + 1].startswith("--") else ""
        found[key] = value or None
    return {k: v or env.get(f"SITING_APP_{k.upper()}") or None for k, v in found.items()}


def recent_areas(path: str | Path) -> list[dict[str, Any]]:
    """Return the remembered study areas, most recent first (files that vanished left out)."""
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and (e.get("kind") == "place" or (
        e.get("kind") == "file" and Path(str(e.get("path"))).is_file()))]


def remember_area(path: str | Path, area: Mapping[str, Any], limit: int = 6) -> list[dict]:
    """Put ``area`` first in the list stored at ``path`` (JSON); return the new list.

    The demo is never stored; the list keeps at most ``limit`` areas.
    """
    if area.get("kind") not in ("file", "place"):
        return recent_areas(path)
    entries = [dict(area)] + [e for e in recent_areas(path) if area_key(e) != area_key(area)]
    entries = entries[:limit]
    write_text(path, json.dumps(entries, ensure_ascii=False, indent=1))
    return entries
