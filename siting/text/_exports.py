"""Catalogue entries of the exported tables and the command line.

``key: (bokmål, English)``.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "cli.unreadable": ("{name}: {why} ({path}); sjekk stien og tilgangen til den.",
                       "{name}: {why} ({path}); check the path and its permissions."),
    # ---- the engine's progress lines, as the command line says them (siting.text.said)
    "log.own_columns": ("{name}: tar med filens egne kolonner: {columns}",
                        "{name}: carrying the file's own columns along: {columns}"),
    "log.read_plots": ("{name}: leste {n} tomter ({points} punkter, {polygons} polygoner, "
                       "{located_by} ved adresse eller gnr/bnr, {problems} med problemer)",
                       "{name}: read {n} plots ({points} points, {polygons} polygons, "
                       "{located_by} by address or gnr/bnr, {problems} with problems)"),
    "log.read_services": ("{name}: leste {n} tjenester ({points} punkter, {polygons} polygoner, "
                          "{located_by} ved adresse eller gnr/bnr, {problems} med problemer)",
                          "{name}: read {n} services ({points} points, {polygons} polygons, "
                          "{located_by} by address or gnr/bnr, {problems} with problems)"),
    "log.cache": ("gatenettene for {name} er hentet fra mellomlageret ({entry})",
                  "prepared networks for {name} read from cache {entry}"),
    "log.measured": ("målte {n} tomter mot {services:.0f} tjenester i {cats} kategorier",
                     "measured {n} plots against {services:.0f} services in {cats} categories"),
    "log.wrote": ("skrev {n} tomter til {path}", "wrote {n} plots to {path}"),
    "log.scenario": ("lagret scenarioet med {n} tomter i {path}",
                     "saved scenario with {n} plots to {path}"),
    "log.xlsx_read.one": ("{name}: leste arket «{sheet}» (det første av {sheets}) fra "
                          "overskriftsraden, rad {row}; {n} sumrad nederst utelatt",
                          "{name}: read the sheet “{sheet}” (the first of {sheets}) from its "
                          "header in row {row}; {n} total row at the bottom left out"),
    "log.xlsx_read.many": ("{name}: leste arket «{sheet}» (det første av {sheets}) fra "
                           "overskriftsraden, rad {row}; {n} sumrader nederst utelatt",
                           "{name}: read the sheet “{sheet}” (the first of {sheets}) from its "
                           "header in row {row}; {n} total rows at the bottom left out"),
    "log.register": ("registeret {name}: {used} rader lest inn, {refused} avvist (om de "
                     "teller, avgjøres mot kartdataene)",
                     "register {name}: {used} rows read in, {refused} refused (whether they "
                     "count is settled against the map data)"),
    "log.crs_ignored": ("{name}: koordinatene er i {crs}; den oppgitte CRS-en {given} "
                        "brukes ikke", "{name}: coordinates are in {crs}; ignoring the given "
                        "CRS {given}"),
    "log.placed_plots": ("{name}: plasserte {n} av {of} tomter gitt ved adresse eller gnr/bnr",
                         "{name}: placed {n} of {of} plots given by address or gnr/bnr"),
    "log.placed_services": ("{name}: plasserte {n} av {of} tjenester gitt ved adresse eller "
                            "gnr/bnr",
                            "{name}: placed {n} of {of} services given by address or gnr/bnr"),
    "log.read_osm": ("leste {name}: {segments} gatesegmenter på {ways} veier, {nodes} noder, "
                     "{features} objekter, {addresses} adresser",
                     "read {name}: {segments} street segments on {ways} ways, {nodes} nodes, "
                     "{features} features, {addresses} addresses"),
    "log.downloaded_osm": ("lastet ned {name}: {segments} gatesegmenter på {ways} veier, {nodes} "
                           "noder, {features} objekter",
                           "downloaded {name}: {segments} street segments on {ways} ways, "
                           "{nodes} nodes, {features} features"),
    "log.network_walk": ("gangnettet: {nodes} noder, {segments} segmenter, {pieces} deler (den "
                         "største {largest} noder); største sterkt sammenhengende del {core} "
                         "noder; {access} segmenter punkter kan møte",
                         "walk network: {nodes} nodes, {segments} segments, {pieces} pieces "
                         "(largest {largest} nodes); largest strongly connected piece {core} "
                         "nodes; {access} segments points may meet"),
    "log.network_drive": ("kjørenettet: {nodes} noder, {segments} segmenter, {pieces} deler (den "
                          "største {largest} noder); største sterkt sammenhengende del {core} "
                          "noder; {access} segmenter punkter kan møte",
                          "drive network: {nodes} nodes, {segments} segments, {pieces} pieces "
                          "(largest {largest} nodes); largest strongly connected piece {core} "
                          "nodes; {access} segments points may meet"),
    "log.read_districts": ("{name}: leste {n} kretser ({points} punkter, {polygons} polygoner, "
                           "{problems} med problemer)",
                           "{name}: read {n} districts ({points} points, {polygons} polygons, "
                           "{problems} with problems)"),
    "log.register_counts": ("tjenesteregisteret {name}: {counts}",
                            "service register {name}: {counts}"),
    "log.register_new": ("{name}: kategorier som ikke er innebygd: {keys} (målt som "
                         "walk_m_<nøkkel>; de teller i poengsummen bare hvis konfigurasjonen "
                         "gir dem et kriterium)",
                         "{name}: categories not built in: {keys} (measured as walk_m_<key>; "
                         "they count in the score only if the config gives them a criterion)"),
    "log.replace_no_register": ("konfigurasjonen erstatter {keys} med tjenesteregisteret, men "
                                "ikke noe register ble gitt: OpenStreetMaps beholdes",
                                "the config replaces {keys} with the service register, but no "
                                "register was given: OpenStreetMap's are kept"),
    "log.replace_empty": ("konfigurasjonen erstatter {keys} med tjenesteregisteret, som ikke "
                          "har noen: ingen slik tjeneste er igjen (avstand uendelig)",
                          "the config replaces {keys} with the service register, which has "
                          "none: no such service remains (distances inf)"),
    "log.address_points": ("leste {n:.0f} adressepunkter fra {name}",
                           "read {n:.0f} address points from {name}"),
    "log.addresses": ("leste {n:.0f} adresser fra {name} ({access:.0f} med inngangspunkt)",
                      "read {n:.0f} addresses from {name} ({access:.0f} with an access point)"),
    "log.walked": ("gikk mellom {n} tomter ({points} tilgangspunkter)",
                   "walked between {n} plots ({points} access points)"),
    "cli.chose": ("valgte blant {n} tomter på {s:.2f} s → {path}",
                  "chose among {n} plots in {s:.2f} s -> {path}"),
    "log.map": ("skrev kartet {path} ({mb:.1f} MB)", "wrote map {path} ({mb:.1f} MB)"),
    "cli.reran_same": ("kjørte {name} på nytt: samme resultater som lagret → {path}",
                       "reran {name}: same results as saved -> {path}"),
    "cli.reran_differ": ("kjørte {name} på nytt: resultatene avviker fra de lagrede → {path}",
                         "reran {name}: results differ from the saved ones -> {path}"),
    "cli.report_internal": ("skrev den interne rapporten ({kb:.0f} KB) til {path}",
                            "wrote the internal report ({kb:.0f} KB) to {path}"),
    "cli.report_public": ("skrev den offentlige rapporten ({kb:.0f} KB) til {path}",
                          "wrote the public report ({kb:.0f} KB) to {path}"),
    "cli.scenario_internal": (
        "{path} er den interne scenariofilen, ikke en offentlig: den har tomtene med navn og "
        "posisjon (--public gjelder bare --out og --map); ikke del den",
        "{path} is the internal scenario file, not a public one: it holds the plots with "
        "names and positions (--public covers only --out and --map); do not share it"),
    "cli.ranked": ("rangerte {n} tomter ({counts}) på {s:.2f} s → {path}",
                   "ranked {n} plots ({counts}) in {s:.2f} s -> {path}"),
    "scenario.data": ("{name} (sha256 {sha}…, {when})", "{name} (sha256 {sha}…, {when})"),
    "scenario.dated": ("datert {day}", "dated {day}"),
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
