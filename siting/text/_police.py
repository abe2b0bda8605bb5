"""Catalogue entries for police reach: which objects are stations and why, the police's
settings in the app, the police layers of the map and the police parts of the report.

``key: (bokmål, English)``: ``station.`` (a police object's status, see
:mod:`siting.stations`), ``app.police.`` (the sidebar's police section),
``map.police.`` (bands, drive route, patrol loop) and ``report.police.``.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # ---- why a police object is used or not (siting.stations; {tag} = its police=* value)
    "station.named": ("navnet sier at det er en stasjon", "the name says it is a station"),
    "station.tagged": ("merket police=station", "tagged police=station"),
    "station.register": ("fra kommunens register", "from the municipality's register"),
    "station.added": ("lagt til på kartet", "added on the map"),
    "station.tag_other": ("merket police={tag}: ikke en stasjon patruljene kjører fra",
                          "tagged police={tag}: not a station patrols drive from"),
    "station.tag_unknown": ("merket police={tag}, en verdi OSM ikke beskriver: sjekk den",
                            "tagged police={tag}, a value OSM does not document: check it"),
    "station.unclear": ("navnet sier verken politistasjon, lensmannskontor eller politiets "
                        "tjenestested: sjekk om patruljene kjører herfra",
                        "the name says neither politistasjon, lensmannskontor nor politiets "
                        "tjenestested: check whether patrols drive from here"),
    "station.no_name": ("uten navn og uten police=*-merke: sjekk om patruljene kjører herfra",
                        "no name and no police=* tag: check whether patrols drive from here"),
    "station.used_unclear": ("brukt fordi ingen stasjon er bekreftet",
                             "used for want of a confirmed station"),
    "station.left_unclear": ("utelatt til den er sjekket", "left out until checked"),
    "station.by_user_in": ("slått på av brukeren", "switched on by the user"),
    "station.by_user_out": ("slått av av brukeren", "switched off by the user"),
}
