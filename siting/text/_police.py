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
    # ---- the command line's lines on them (siting.pipeline.log_stations)
    "station.log_used": ("politistasjoner som brukes: {stations}",
                         "police stations used: {stations}"),
    "station.log_none": ("ingen", "none"),
    "station.log_left_out": (
        "politiobjekt utelatt til det er sjekket: {name} – {why}; for å bruke det, legg "
        "police.include = [\"{ref}\"] til i konfigurasjonen",
        "police object left out for review: {name} -- {why}; to use it, add "
        "police.include = [\"{ref}\"] to the config"),
}
TEXTS |= {
    # ---- the app's police section (ui.police_ui)
    "app.police.head": ("Politi", "Police"),
    "app.police.dispatch": ("Utrykningstid (min)", "Dispatch delay (min)"),
    "app.police.dispatch_help": (
        "Minutter fra anropet til bilen kjører. Legges til kjøretiden i politiets responstid "
        "(kolonnen «Politi, responstid (min)»); kjøretiden selv er uendret.",
        "Minutes from the call until the car leaves. Added to the drive time in the police "
        "response time (the column 'Police, response (min)'); the drive time itself is "
        "unchanged."),
    "app.police.bands": ("Fargebånd på kartet (min)", "Map bands (min)"),
    "app.police.bands_help": (
        "Øvre grense for hvert bånd i politilaget, stigende, f.eks. 1, 2, 3, 5, 10.",
        "Upper end of each band in the police layer, increasing, e.g. 1, 2, 3, 5, 10."),
    "app.police.bands_bad": ("Skriv tall skilt med komma eller semikolon, f.eks. 1, 2, 3, 5, 10.",
                             "Type numbers separated by commas, e.g. 1, 2, 3, 5, 10."),
    "app.police.stations": ("Stasjoner kjøretiden regnes fra", "Stations drive time counts from"),
    "app.police.none": ("Kartdataene har ingen politistasjon. Legg til en med knappen under.",
                        "The map data hold no police station. Add one with the button below."),
    "app.police.add": ("Legg til politistasjon", "Add a police station"),
    "app.police.add_help": ("Åpner kartet klart til å plassere en politistasjon: klikk der den "
                            "ligger. Den kommer i listen over og kan slås av igjen.",
                            "Opens the map ready to place a police station: click where it is. "
                            "It joins the list above and can be switched off again."),
    "app.police.hint": ("Klikk i kartet der politistasjonen ligger. Kjøretidene regnes da også "
                        "fra den.",
                        "Click on the map where the police station is. Drive times then count "
                        "from it too."),
    "app.police.new_station": ("Ny politistasjon", "New police station"),
    "app.police.review": ("til vurdering", "for review"),
    # ---- the map's police layers (siting.webmap.police)
    "map.police.routes": ("Politiets kjørerute og patruljesløyfe",
                          "Police drive route and patrol loop"),
    "map.police.drive": ("Kjørerute fra {station}: {v:.1f} min",
                         "Drive from {station}: {v:.1f} min"),
    "map.police.there": ("Patrulje: fra hovedvei til tomten, {v:.1f} min",
                         "Patrol: main road to the plot, {v:.1f} min"),
    "map.police.back": ("Patrulje: fra tomten tilbake til hovedvei, {v:.1f} min",
                        "Patrol: plot back to a main road, {v:.1f} min"),
    "map.police.legend_drive": ("kjørerute fra stasjonen", "drive route from the station"),
    "map.police.legend_loop": ("patruljesløyfe (hovedvei – tomt – hovedvei)",
                               "patrol loop (main road – plot – main road)"),
    "map.police.dispatch": ("inkl. {v:.1f} min utrykning", "incl. {v:.1f} min dispatch"),
    "map.police.upto": ("≤ {v} min", "≤ {v} min"),
    "map.police.beyond": ("over {v} min", "over {v} min"),
    "map.police.unreached": ("ikke nåbar", "not reachable"),
    # ---- the report's police parts (siting.report.police)
    "report.police.head": ("Politistasjoner", "Police stations"),
    "report.police.intro": (
        "Politiets kjøretid er regnet fra de stasjonene som er merket «brukt». Alle "
        "politiobjekter i kartdataene er listet, også de som er utelatt, med grunnen.",
        "Police drive time is counted from the stations marked “used”. Every police object "
        "in the map data is listed, including those left out, with why."),
    "report.police.public": ("Politiets kjøretid er regnet fra {stations}; {left}. Navnene står "
                             "i den interne versjonen.",
                             "Police drive time is counted from {stations}; {left}. The internal "
                             "version names them."),
    "report.police.stations.one": ("{n} stasjon", "{n} station"),
    "report.police.stations.many": ("{n} stasjoner", "{n} stations"),
    "report.police.left.one": ("{n} politiobjekt i kartdataene er utelatt",
                               "{n} police object in the map data was left out"),
    "report.police.left.many": ("{n} politiobjekter i kartdataene er utelatt",
                                "{n} police objects in the map data were left out"),
    "report.police.station": ("Stasjon", "Station"),
    "report.police.used": ("Brukt", "Used"),
    "report.police.why": ("Hvorfor", "Why"),
    "report.police.yes": ("ja", "yes"),
    "report.police.no": ("nei", "no"),
    "report.police.none": ("Kartdataene har ingen politistasjon.",
                           "The map data hold no police station."),
    "report.police.dispatch": (
        "Utrykningstid: {v:.1f} min fra anrop til bilen kjører, lagt til kjøretiden "
        "(politiets responstid).",
        "Dispatch delay: {v:.1f} min from the call until the car leaves, added to the drive "
        "time (police response time)."),
    "report.police.response_row": ("Politi: responstid (utrykning {v:.1f} min + kjøring)",
                                   "Police: response time (dispatch {v:.1f} min + drive)"),
    "report.police.response_min": ("{v:.1f} min responstid", "{v:.1f} min response time"),
    "report.police.on_foot_row": ("Politi: til fots fra nærmeste kjørbare vei",
                                  "Police: on foot from the nearest drivable road"),
    "report.police.on_foot_note": ("ikke med i tidene over", "not in the times above"),
}
