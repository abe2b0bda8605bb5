"""The map's chrome: attribution, shared CSS, legend control, view keeping, click mode.

:class:`MapChrome` is added last to every interactive map (see
:func:`siting.webmap.map.map_from_analysis`): it fits or restores the view, adds
the "show all plots" button and the folding legend, and switches the map into
placing mode, where every click reaches the map.
"""

from __future__ import annotations

import json

from branca.element import MacroElement
from folium.template import Template

from ..text import t
from .layers import ATTRIBUTION

__all__ = ["MapChrome"]


class MapChrome(MacroElement):
    """Attribution, background, shared CSS, the legend, the view and the click mode.

    Parameters
    ----------
    legend_html : str
        Inner HTML of the legend (already escaped); empty for none. The legend
        folds to its title with one click (the choice is kept while the browser
        tab lives), is never taller than the map leaves room for below the zoom
        buttons, and folds itself when a popup opens.
    bounds : list, optional
        ``[[south, west], [north, east]]`` to fit the view to, without animation
        (an animated fit leaves the first frame half-zoomed); also the target of
        the "fit" button.
    view_key : str
        When given, the view (centre and zoom) is kept in the browser tab's
        ``sessionStorage`` under this key and restored when the map is drawn
        again (the app redraws it after every change): the map keeps its place.
        A new key (another area, new plots uploaded) fits ``bounds`` again.
    placing : bool
        Clicks are for placing something: markers and lines let every click
        through to the map (a click on a service badge places a plot there too),
        and the cursor is a crosshair.
    fit_title : str
        Tooltip of the "fit" button (zoom to the plots).
    legend_open : bool
        Whether the legend is open the first time (later: as the user left it).
    lang : str
        The language of the titles Leaflet gives its zoom and close buttons in English.
    """

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var box = map.getContainer();
            if (map.attributionControl) {
                map.attributionControl.addAttribution({{ this.attribution_js }});
            }
            var store = null;
            try { store = window.sessionStorage; } catch (e) {}
            var viewKey = {{ this.view_key|tojson }};
            viewKey = viewKey ? "siting-view:" + viewKey : "";
            function fit() {
            {%- if this.bounds %}
                map.fitBounds({{ this.bounds|tojson }}, {padding: [50, 50], maxZoom: 17,
                              animate: false});
            {%- endif %}
            }
            var saved = null;
            try { saved = viewKey && store ? JSON.parse(store.getItem(viewKey)) : null; }
            catch (e) { saved = null; }
            if (saved && isFinite(saved.lat) && isFinite(saved.lng) && isFinite(saved.zoom)) {
                map.setView([saved.lat, saved.lng], saved.zoom, {animate: false});
            } else {
                fit();
            }
            map.on("moveend zoomend", function () {
                if (!viewKey || !store) return;
                var c = map.getCenter();
                try { store.setItem(viewKey, JSON.stringify(
                    {lat: c.lat, lng: c.lng, zoom: map.getZoom()})); } catch (e) {}
            });
            var said = {{ this.control_titles|tojson }};  // Leaflet's own are English
            function say(el, text) {
                if (el) { el.title = text; el.setAttribute("aria-label", text); }
            }
            if (map.zoomControl) {
                var zoom = map.zoomControl.getContainer();
                say(zoom.querySelector(".leaflet-control-zoom-in"), said.zoom_in);
                say(zoom.querySelector(".leaflet-control-zoom-out"), said.zoom_out);
            }
            map.on("popupopen", function (e) {
                say(e.popup.getElement().querySelector(".leaflet-popup-close-button"), said.close);
            });
            {%- if this.bounds %}
            var fitButton = L.control({position: "topleft"});
            fitButton.onAdd = function () {
                var div = L.DomUtil.create("div", "leaflet-bar siting-fit");
                var a = L.DomUtil.create("a", "", div);
                a.href = "#"; a.role = "button"; a.innerHTML = "&#x2922;";
                a.title = {{ this.fit_title|tojson }};
                a.setAttribute("aria-label", {{ this.fit_title|tojson }});
                L.DomEvent.on(a, "click", function (e) { L.DomEvent.stop(e); fit(); });
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            fitButton.addTo(map);
            {%- endif %}
            {%- if this.placing %}
            L.DomUtil.addClass(box, "siting-placing");
            {%- endif %}
            function zoomClass() {  // small dots instead of lettered badges when zoomed out
                var far = map.getZoom() < {{ this.badge_zoom }};
                L.DomUtil[far ? "addClass" : "removeClass"](box, "siting-far");
            }
            map.on("zoomend", zoomClass);
            zoomClass();
            {%- if this.legend_html %}
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "siting-legend");
                div.innerHTML = {{ this.legend_html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo(map);
            var details = legend.getContainer().querySelector("details");
            var openKey = "siting-legend-open";
            if (details) {
                var was = store ? store.getItem(openKey) : null;
                details.open = was === null ? {{ this.legend_open|tojson }} : was === "1";
                details.addEventListener("toggle", function () {
                    if (store) { try { store.setItem(openKey, details.open ? "1" : "0"); }
                                 catch (e) {} }
                });
                map.on("popupopen", function () { details.open = false; });
            }
            function legendRoom() {  // below the zoom and fit buttons, never over them
                var top = box.querySelector(".leaflet-top.leaflet-left");
                var used = top ? top.getBoundingClientRect().height : 0;
                legend.getContainer().style.maxHeight =
                    Math.max(60, map.getSize().y - used - 40) + "px";
            }
            map.on("resize", legendRoom);
            legendRoom();
            {%- endif %}
        })();
        {% endmacro %}
    """)

    CSS = (
        ".leaflet-container{background:#f7f7f4;}"
        ".siting-legend{background:rgba(255,255,255,.93);padding:5px 9px;border-radius:5px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.35);font:12px/1.35 sans-serif;max-width:250px;"
        "overflow-y:auto;}"
        ".siting-legend summary{font-weight:bold;cursor:pointer;}"
        ".siting-legend h4{margin:6px 0 2px;font-size:12px;}"
        ".siting-legend .siting-row{display:flex;align-items:center;gap:6px;margin:2px 0;}"
        ".siting-bar{height:10px;width:140px;border:1px solid #777;}"
        ".siting-swatch{display:inline-block;width:18px;height:4px;}"
        ".siting-badge{display:flex;align-items:center;justify-content:center;width:16px;"
        "height:16px;border-radius:4px;border:1px solid #fff;box-shadow:0 0 2px #000;"
        "font:bold 10px/1 sans-serif;color:#fff;box-sizing:border-box;}"
        ".siting-far .siting-svc .siting-badge{transform:scale(.55);font-size:0;}"
        ".siting-rank{display:flex;align-items:center;justify-content:center;width:22px;"
        "height:22px;font:bold 12px/1 sans-serif;}"
        ".siting-popup td,.siting-popup th{padding:1px 6px 1px 0;text-align:left;"
        "vertical-align:top;font-size:12px;}"
        ".siting-fit a{font-size:18px;line-height:30px;}"
        # placing a plot or a service: every click reaches the map, markers included
        ".siting-placing,.siting-placing .leaflet-interactive{cursor:crosshair!important;}"
        ".siting-placing .leaflet-marker-pane *,.siting-placing .leaflet-overlay-pane *,"
        ".siting-placing .leaflet-sitingPlots-pane *{pointer-events:none!important;}"
    )

    def __init__(self, legend_html: str = "", bounds: list | None = None, *,
                 view_key: str = "", placing: bool = False, fit_title: str = "",
                 legend_open: bool = True, lang: str = "nb") -> None:
        super().__init__()
        self._name = "MapChrome"
        self.bounds = bounds
        self.badge_zoom = 15
        self.attribution_js = json.dumps(ATTRIBUTION, ensure_ascii=False)  # "©" stays legible
        self.legend_html = legend_html
        self.view_key = view_key
        self.placing = placing
        self.fit_title = fit_title
        self.legend_open = legend_open
        self.control_titles = {k: t(f"map.control.{k}", lang)
                               for k in ("zoom_in", "zoom_out", "close")}
        self.css = self.CSS
