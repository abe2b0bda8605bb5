"""Named places of a study area (OSM ``place=*`` nodes): suburbs, quarters, squares.

The committee report's map labels them so that a reader can tell where it is
(central Oslo's extract has 27 suburbs, 19 neighbourhoods, 5 quarters and 4
squares). The file reader collects them in its one pass and builds the table
with :func:`places_from_tags`, as the live download does; :func:`places_from_file`
reads them in a pass of its own (the tests' reference).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import osmium
import pandas as pd

__all__ = ["KINDS", "PLACE_COLUMNS", "empty_places", "places_from_file", "places_from_tags"]

log = logging.getLogger(__name__)

#: Columns of a places table: ``name``, ``kind`` (the ``place`` value), ``lon``, ``lat``.
PLACE_COLUMNS: tuple[str, ...] = ("name", "kind", "lon", "lat")
#: The ``place`` values kept, largest first (a map labels the larger ones first).
KINDS: tuple[str, ...] = ("city", "town", "borough", "suburb", "village", "quarter",
                          "neighbourhood", "hamlet", "square")


def empty_places() -> pd.DataFrame:
    """A places table with no rows."""
    return places_from_tags([])


def places_from_tags(items: Iterable[tuple[dict[str, str], float, float]]) -> pd.DataFrame:
    """Places from (tags, lon, lat) of OSM objects: those with a name and a kept kind."""
    rows = [{"name": tags["name"].strip(), "kind": tags["place"], "lon": lon, "lat": lat}
            for tags, lon, lat in items
            if tags.get("place") in KINDS and (tags.get("name") or "").strip()]
    frame = pd.DataFrame(rows, columns=list(PLACE_COLUMNS))
    frame[["lon", "lat"]] = frame[["lon", "lat"]].astype(float)
    frame["rank"] = frame["kind"].map({k: i for i, k in enumerate(KINDS)})
    frame = frame.sort_values(["rank", "name"], kind="stable").drop(columns="rank")
    return frame.drop_duplicates("name").reset_index(drop=True)


def places_from_file(path: str | Path) -> pd.DataFrame:
    """Read the named place nodes of an OSM file (a few hundredths of a second)."""
    items = []
    for obj in osmium.FileProcessor(str(path), osmium.osm.NODE).with_filter(
            osmium.filter.KeyFilter("place")):
        if isinstance(obj, osmium.osm.Node) and obj.location.valid():
            items.append((dict(obj.tags), obj.location.lon, obj.location.lat))
    frame = places_from_tags(items)
    log.info("read %d named places from %s", len(frame), Path(path).name)
    return frame
