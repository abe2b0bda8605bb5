"""Catalogue entries of the exported tables and the command line.

``key: (bokmål, English)``.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "cli.unreadable": ("{name}: {why} ({path}); sjekk stien og tilgangen til den.",
                       "{name}: {why} ({path}); check the path and its permissions."),
    "cli.ranked": ("rangerte {n} tomter ({counts}) på {s:.2f} s → {path}",
                   "ranked {n} plots ({counts}) in {s:.2f} s -> {path}"),
    "scenario.data": ("{name} (sha256 {sha}…, datert {when})",
                      "{name} (sha256 {sha}…, dated {when})"),
    "scenario.undated": ("udatert", "undated"),
    "live.geocode": ("Finner grensen for {place} (Nominatim)",
                     "Finding the boundary of {place} (Nominatim)"),
    "live.streets": ("Laster ned gatene i {place} (Overpass)",
                     "Downloading the streets of {place} (Overpass)"),
    "live.services": ("Laster ned tjenestene i {place} (Overpass)",
                      "Downloading the services in {place} (Overpass)"),
    "live.build": ("Bygger gatesegmenter og tjenester for {place}",
                   "Building street segments and services of {place}"),
    "live.done": ("Lagret {place} for bruk uten nett", "Saved {place} for offline use"),
    "live.cached": ("Leste {place} fra den lagrede kopien fra {date}",
                    "Read {place} from the offline copy of {date}"),
    "file.map": ("kart", "map"),
    "file.report": ("rapport-komiteen", "committee-report"),
    "file.public": ("-offentlig", "-public"),
    "demo.label": ("Demodata: en oppdiktet by (Demoby), ikke virkelige gater eller tjenester.",
                   "Demo data: a made-up town (Demoby), not real streets or services."),
}
