"""Catalogue entries of the interactive map (:mod:`siting.webmap`).

``key: (bokmål, English)``.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "map.network": ("Gatenett (OpenStreetMap)", "Street network (OpenStreetMap)"),
    "map.plots": ("Tomter", "Plots"),
    "map.services": ("Tjeneste", "Service"),
    "map.routes": ("Gangruter", "Walking routes"),
    "map.police": ("Politiets responstid", "Police response time"),
    "map.surface": ("Egnethet langs gatenettet", "Suitability along the streets"),
    "map.legend": ("Tegnforklaring", "Legend"),
    "map.score": ("Poengsum", "Score"),
    "map.rank": ("Rangering", "Rank"),
    "map.low": ("lav", "low"),
    "map.high": ("høy", "high"),
    "map.flagged": ("Kan ikke rangeres", "Cannot be ranked"),
    "map.fails_rules": ("Oppfyller ikke kravene", "Fails the rules"),
    "map.ok": ("Rangert", "Ranked"),
    "map.police_min": ("Politiets kjøretid", "Police drive time"),
    "map.patrol": ("Patruljeomvei", "Patrol detour"),
    "map.min": ("min", "min"),
    "map.none": ("ingen innen rekkevidde", "none within reach"),
    "map.unmeasured": ("ikke målt", "not measured"),
    "map.police_foot": ("Politiet til fots fra vei", "Police on foot from the road"),
    "map.police_foot_note": ("ikke med i tidene", "not in the times"),
    "map.unreached": ("ikke nåbar", "not reachable"),
    "map.topo": ("Kartverket topografisk (nett)", "Kartverket topographic (online)"),
    "map.osm": ("OpenStreetMap (nett)", "OpenStreetMap (online)"),
    "map.status": ("Tomtens status", "Plot status"),
    "map.off_map": ("Ikke på kartet", "Not on the map"),
    "map.services_title": ("Tjenester", "Services"),
    "map.cmp_legend": ("Endring i rang fra A til B", "Rank change from A to B"),
    "map.cmp_up": ("stiger {n}", "rises {n}"),
    "map.cmp_down": ("faller {n}", "falls {n}"),
    "map.cmp_same": ("uendret", "unchanged"),
    "map.cmp_missing": ("ikke rangert i begge", "not ranked in both"),
    "map.cmp_tip": ("{name}: rang {a} → {b}", "{name}: rank {a} → {b}"),
    "map.fit": ("Vis alle tomtene", "Show all the plots"),
    # Leaflet's own buttons, which it titles in English (siting.webmap.chrome)
    "map.control.zoom_in": ("Zoom inn", "Zoom in"),
    "map.control.zoom_out": ("Zoom ut", "Zoom out"),
    "map.control.close": ("Lukk", "Close popup"),
    "map.cmp_fit": ("Vis alle tomtene", "Show all the plots"),
}
