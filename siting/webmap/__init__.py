"""The interactive map: a folium (Leaflet) map of an analysis that works offline.

:func:`map_from_analysis` builds it and :func:`save_map_html` writes a
self-contained HTML file. Inside: :mod:`~siting.webmap.map` (the builder),
:mod:`~siting.webmap.layers` (street network, police reach, surface, legend),
:mod:`~siting.webmap.plots` (plot markers and popups), :mod:`~siting.webmap.assets`
(Leaflet's files, inlined or served by the app, never a CDN) and
:mod:`~siting.webmap.compare` (the rank-change map of two scenarios).
"""

from .map import LAYERS, SHOWN, layer_name, map_from_analysis, save_map_html

__all__ = ["LAYERS", "SHOWN", "layer_name", "map_from_analysis", "save_map_html"]
