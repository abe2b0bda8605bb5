"""Content keys of the app's state: equal content, equal key (no Streamlit here).

The app caches measured tables and analyses under these keys, so a changed input
never serves a stale result and a repeated one is never measured twice.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from siting.config import Config

__all__ = ["analysis_key", "area_key", "frame_digest", "scenario_area"]


def frame_digest(frame: pd.DataFrame | None) -> str:
    """Return a SHA-256 of a table's values and geometry (WKB): equal content, equal key."""
    if frame is None:
        return "none"
    digest = hashlib.sha256()
    for column in frame.columns:
        values = frame[column]
        if isinstance(values, gpd.GeoSeries):
            wkb = shapely.to_wkb(values.to_numpy(), hex=True)
            digest.update("|".join("" if w is None else w for w in wkb).encode())
        else:
            digest.update(json.dumps(values.astype(str).tolist()).encode())
        digest.update(str(column).encode())
    return digest.hexdigest()


def area_key(area: Mapping[str, Any]) -> tuple[str, str]:
    """Return (kind, reference) naming a study area: a file path, a place query or "demo"."""
    kind = str(area.get("kind", "demo"))
    ref = {"file": area.get("path"), "place": area.get("query")}.get(kind) or "demo"
    return kind, str(ref)


def analysis_key(table: pd.DataFrame, config: Config) -> str:
    """Return a SHA-256 naming a distance table scored with ``config`` (e.g. to cache
    a sensitivity analysis): equal table and config, equal key."""
    text = json.dumps(config.to_dict(), sort_keys=True, default=str)
    return hashlib.sha256((frame_digest(table) + text).encode()).hexdigest()


def scenario_area(osm: Mapping[str, Any]) -> dict[str, str] | None:
    """Return the app's study area for a scenario's OSM identity (``Scenario.osm``).

    ``{"kind": "demo"|"file"|"place", ...}`` as :func:`area_key` reads it, or
    ``None`` when the app cannot open that kind of data itself (a file scenario
    without a path, an area cut out by a polygon).
    """
    kind, name = osm.get("kind"), str(osm.get("name") or "")
    if kind == "demo":
        return {"kind": "demo", "name": name or "demo"}
    if kind == "file" and osm.get("path"):
        path = str(osm["path"])
        return {"kind": "file", "path": path, "name": name or Path(path).name}
    if kind == "place" and name:
        return {"kind": "place", "query": name, "name": name}
    return None
