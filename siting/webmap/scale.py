"""The scale bar of every web map: metres and kilometres only.

Leaflet's own scale control (folium's ``control_scale=True``) also draws feet and
miles, which no Norwegian office reads; this one draws the metric bar alone.
"""

from __future__ import annotations

import folium
from branca.element import MacroElement
from folium.template import Template

__all__ = ["MetricScale", "metric_scale"]


class MetricScale(MacroElement):
    """Leaflet's scale control, metric only (bottom left, as folium places it)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "MetricScale"


def metric_scale(m: folium.Map) -> folium.Map:
    """Add the metric scale bar to ``m``; return ``m``."""
    MetricScale().add_to(m)
    return m
