"""Engineering defaults, read at call time so tests and the app can change them.

These are technical choices, not planning decisions (those live in
:mod:`siting.config`). Change them as module attributes, e.g.
``siting.settings.max_snap_m = 400``.

Attributes
----------
max_snap_m : float
    Largest distance (metres) from a plot to the walk network before the plot is
    flagged instead of analysed as if it stood on the street. Default 250 m.
node_tolerance_m : float
    A point whose access point on its street falls within this many metres of
    the street segment's end takes the end node (the junction) instead. OSM
    stores coordinates to 1e-7 degrees (about 1 cm), a spreadsheet's lat/lon to
    5-6 decimals (0.1-1 m) and a click on the map is good to about a metre, so a
    point meant to stand on a junction misses it by that much; attached inside a
    one-way street, a car could reach it only from that street's far end.
    Default 1 m: distances change by at most 2 m (usually far less).
min_component_share : float
    A network piece holding less than this share of all walk nodes counts as a
    disconnected island; plots whose nearest street lies on one are flagged.
min_component_nodes : int
    ... unless the piece has at least this many nodes (a large town's network is
    never an island because a bigger town shares the extract).
walking_speed_m_per_min : float
    Walking speed used only to *describe* walking distances in minutes in texts
    (80 m/min = 4.8 km/h, a common planning figure for slow walkers).
default_speed_kmh : dict[str, float]
    Car speed per ``highway`` class where ``maxspeed`` is not tagged (Norwegian
    general limits: 80 km/h outside and 50 km/h inside built-up areas; small
    roads slower). The police drive at the posted speed in this model.
main_road_classes : tuple[str, ...]
    Road classes a patrol drives along ("main roads") for the patrol detour.
drive_access_note_m : float
    A plot whose nearest drivable road cannot be driven both in and out (a
    one-way exit, a dead-end stub, a tunnel, a street cut at the map's edge) is
    measured from the nearest road that can; when that one is more than this
    many metres farther away, the plot's reasons say so. Default 25 m.
analysis_crs : str | None
    Metric CRS for all distances. ``None`` picks EUREF89 UTM zone 32 or 33
    (EPSG:25832 / 25833) from the data's longitude.
cache_dir : pathlib.Path
    Folder for prepared networks and downloaded OSM data.
parallel_workers : int | None
    Processes the distance stage's independent searches may run in (``None``: the
    usable cores; 1: one process). See :mod:`siting._parallel`.
parallel_min_nodes : int
    Graphs smaller than this (nodes) are searched in one process: forking costs
    more than it saves there.
parallel_min_file_mb : float
    OSM files smaller than this (MB) are read and their prepared study stored in
    this process alone; for larger ones a forked worker reads the nodes while this
    process reads the ways (:mod:`siting._osm_read`), and another stores the study
    in the cache while the analysis goes on (:func:`siting.cache.study_from_file`).
register_match_m : float
    A register row replaces a counted OpenStreetMap service of the same
    category within this distance (metres): the same service mapped twice.
thin_max_services : int
    A category with at most this many services in the study area is *thin*:
    the warning suggests the municipality's register.
gtfs_match_m : float
    Largest distance (metres) at which a GTFS stop without a shared NSR id is
    matched to a mapped bus stop.
overpass_url, nominatim_url : str
    Endpoints for the live download (tests point them at a local fake server).
public_walk_bands_m : tuple[float, ...]
    Band edges (metres, rising) for walking distances in public outputs (see
    :mod:`siting.public`): (250, 500, 1000) gives "under 250 m", "250–500 m",
    "500 m–1 km" and "over 1 km".
public_drive_bands_min : tuple[float, ...]
    Band edges (minutes) for police response times in public outputs: (5, 10, 15),
    the police map's bands.
public_patrol_bands_min : tuple[float, ...]
    Band edges (minutes) for the patrol detour in public outputs: (1, 3, 5).
public_cell_m : float
    Side (metres) of the fixed grid cell a plot is shown in, in public outputs: 500.
temp_max_age_s : float
    A temporary file of an unfinished write (see :mod:`siting._atomic`) older than
    this many seconds is a leftover of a killed run and is removed at the next
    write into its folder (sooner when its process is known to be gone). 6 hours.
portfolio_enumeration_limit : int
    The portfolio decision (:mod:`siting.portfolio`) lists every combination when
    the groups' candidate counts multiply to at most this many (instant for a
    municipality's handful of plots), and solves an integer program otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

max_snap_m: float = 250.0
node_tolerance_m: float = 1.0
min_component_share: float = 0.05
min_component_nodes: int = 500
walking_speed_m_per_min: float = 80.0
default_speed_kmh: dict[str, float] = {
    "motorway": 100.0,
    "trunk": 80.0,
    "primary": 60.0,
    "secondary": 50.0,
    "tertiary": 50.0,
    "unclassified": 40.0,
    "residential": 30.0,
    "living_street": 8.0,
    "service": 20.0,
    "road": 30.0,
    "motorway_link": 60.0,
    "trunk_link": 50.0,
    "primary_link": 40.0,
    "secondary_link": 40.0,
    "tertiary_link": 40.0,
    "track": 20.0,
}
main_road_classes: tuple[str, ...] = ("trunk", "primary", "secondary", "tertiary")
drive_access_note_m: float = 25.0
analysis_crs: str | None = None
register_match_m: float = 50.0
thin_max_services: int = 2
gtfs_match_m: float = 30.0
cache_dir: Path = Path(os.environ.get("SITING_CACHE_DIR", Path.home() / ".cache" / "siting"))
parallel_workers: int | None = None
parallel_min_nodes: int = 150_000
parallel_min_file_mb: float = 8.0
overpass_url: str = "https://overpass-api.de/api"
nominatim_url: str = "https://nominatim.openstreetmap.org/"
public_walk_bands_m: tuple[float, ...] = (250.0, 500.0, 1000.0)
public_drive_bands_min: tuple[float, ...] = (5.0, 10.0, 15.0)
public_patrol_bands_min: tuple[float, ...] = (1.0, 3.0, 5.0)
public_cell_m: float = 500.0
temp_max_age_s: float = 6 * 3600.0
portfolio_enumeration_limit: int = 1_000_000
