"""Catalogue entries for how an office works: addresses, Kartverket's file, Excel, first paint.

``key: (bokmål, English)``: the app's address fields and messages (``app.addr.``,
``app.kv.``), its start-up progress (``app.boot.``), the plots table's address
columns and the downloads (``app.col.``, ``app.dl.``), and the Excel workbook
(``xlsx.``).
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # ---- first paint: the progress bar of a session's first run (app.py)
    "app.boot.engine": ("Starter planleggeren …", "Starting the planner …"),
    "app.boot.area": ("Åpner området …", "Opening the area …"),
    "app.boot.measure": ("Måler gangavstander og politiets kjøretid …",
                         "Measuring walking distances and police driving time …"),
    "app.boot.map": ("Tegner kartet …", "Drawing the map …"),
    # ---- plots given by address or gnr/bnr (ui.plots_tab, ui.address_ui)
    "app.col.address": ("Oppgitt adresse", "Address given"),
    "app.col.parcel": ("Oppgitt gnr/bnr", "Gnr/bnr given"),
    "app.col.match": ("Funnet adresse", "Address used"),
    "app.col.quality": ("Adressetreff", "Address match"),
    "app.plots.upload_help": ("Koordinater (lat/lon, eller øst/nord med CRS), en kolonne adresse "
                              "(med postnummer/poststed om du vil) eller gnr og bnr. Excel: "
                              "tabellen på det første arket; en tittel over overskriftsraden, "
                              "tomme rader og en sumrad nederst går fint.",
                              "Coordinates (lat/lon, or east/north with a CRS), a column "
                              "adresse (with postnummer/poststed if you like) or gnr and bnr. "
                              "Excel: the table on the first sheet; a title above the header "
                              "row, blank rows and a total row at the bottom are fine."),
    "app.kv.head": ("Kartverkets adressefil (for gnr/bnr)",
                    "Kartverket's address file (for gnr/bnr)"),
    "app.kv.upload": ("Adressefil fra Kartverket (matrikkelenVegadresse.csv)",
                      "Address file from Kartverket (matrikkelenVegadresse.csv)"),
    "app.kv.help": ("Trengs for tomter oppgitt med gnr/bnr. Last ned «Matrikkelen - Adresse» "
                    "som CSV for kommunen fra Geonorge. Adressene i OSM-dataene brukes uansett.",
                    "Needed for plots given by gnr/bnr. Download 'Matrikkelen - Adresse' as CSV "
                    "for the municipality from Geonorge. The OSM data's addresses are used "
                    "anyway."),
    "app.kv.read.one": ("Leste én adresse fra {name} ({parcels} med gnr/bnr).",
                        "Read one address from {name} ({parcels} with gnr/bnr)."),
    "app.kv.read.many": ("Leste {n} adresser fra {name} ({parcels} med gnr/bnr).",
                         "Read {n} addresses from {name} ({parcels} with gnr/bnr)."),
    # ---- counts that agree with their number (siting.text.tn)
    "app.plots.read.one": ("Leste én tomt fra {name}.", "Read one plot from {name}."),
    "app.plots.read.many": ("Leste {n} tomter fra {name}.", "Read {n} plots from {name}."),
    "app.plots.removed.one": ("Fjernet én tomt.", "Removed one plot."),
    "app.plots.removed.many": ("Fjernet {n} tomter.", "Removed {n} plots."),
    "app.register.read.one": ("Leste én tjeneste fra {name}.", "Read one service from {name}."),
    "app.register.read.many": ("Leste {n} tjenester fra {name}.",
                               "Read {n} services from {name}."),
    "app.addr.head": ("Plasser en tomt etter adresse", "Place a plot by address"),
    "app.addr.label": ("Adresse", "Address"),
    "app.addr.placeholder": ("f.eks. Storgata 13A, 0155 Oslo", "e.g. Storgata 13A, 0155 Oslo"),
    "app.addr.place": ("Plasser", "Place"),
    "app.addr.missing": ("Fant ikke adressen «{given}». Mente du en av disse?",
                         "Address “{given}” not found. Did you mean one of these?"),
    "app.addr.ambiguous": ("«{given}» passer flere steder. Velg en, eller legg til postnummeret:",
                           "“{given}” fits several places. Pick one, or add the postcode:"),
    "app.addr.no_book": ("Kartdataene for dette området har ingen adresser. Last opp Kartverkets "
                         "adressefil, eller plasser tomten ved å klikke i kartet.",
                         "The map data of this area hold no addresses. Upload Kartverket's "
                         "address file, or place the plot by clicking the map."),
    "app.addr.placed": ("La til tomten «{name}» ved {match} ({quality}).",
                        "Added the plot “{name}” at {match} ({quality})."),
    "app.addr.placed_at": ("La til en tomt ved {match} ({quality}).",
                           "Added a plot at {match} ({quality})."),
    # ---- a weight change beyond the sliders' scale (siting.text.robust.swap_sentence)
    "robust.beyond": ("Først hvis vekten på {label} {verb} fra {old} til {new} (×{times}), over "
                      "skalaens største verdi {top}, går tomt {second} forbi tomt {first}: "
                      "innenfor skalaen holder rekkefølgen.",
                      "Only if the weight on {label} {verb} from {old} to {new} (×{times}), "
                      "beyond the scale's largest value {top}, does plot {second} overtake plot "
                      "{first}: within the scale the order holds."),
    # ---- Streamlit's own widget texts said in the user's language (ui.common)
    "app.upload.button": ("Last opp", "Upload"),
    "app.upload.limit": ("Inntil {mb} MB per fil · {types}", "Up to {mb} MB per file · {types}"),
    # ---- the map tab: plots outside the area, listed apart (ui.map_tab)
    "app.map.outside": ("Utenfor området, ikke målt (kartet rammes inn etter de andre "
                        "tomtene): {rows}",
                        "Outside the area, not measured (the map is framed on the other "
                        "plots): {rows}"),
    # ---- the ranking table (ui.ranking_tab, ui.views): column groups, figures without a number
    "app.table.show": ("Vis", "Show"),
    "app.table.group.overview": ("Oversikt", "Overview"),
    "app.table.group.walk": ("Gangavstand (m)", "Walking distance (m)"),
    "app.table.group.police": ("Politi (min)", "Police (min)"),
    "app.table.group.points": ("Poeng per kriterium", "Points per criterion"),
    "app.table.group.all": ("Alle tall", "All figures"),
    "app.table.unreachable": ("ikke nåbar", "unreachable"),
    "app.table.note": ("«ikke nåbar»: ingen slik tjeneste kan nås fra tomta. «–»: ikke målt, "
                       "se Begrunnelse. Poengsum 0–100; tomter som bryter et krav kommer etter "
                       "dem som oppfyller alle.",
                       "'unreachable': no such service can be reached from the plot. '–': not "
                       "measured, see Reasons. Score 0–100; plots failing a rule come after "
                       "those passing all rules."),
    "app.col.drive_snap_m": ("Avstand til kjørbar vei (m)", "Distance to a drivable road (m)"),
    # ---- downloads (ui.download_tab)
    "app.dl.xlsx": ("Rangert tabell (Excel)", "Ranked table (Excel)"),
    "app.dl.xlsx_help": ("Overskrifter med enheter, tall som tall, «ikke nåbar» med årsak: for "
                         "å lese og regne videre i Excel.",
                         "Headers with units, numbers as numbers, 'unreachable' with its "
                         "reason: for reading and working on in Excel."),
    "app.dl.csv_help": ("For programmer og skript: komma som skilletegn, desimalpunktum, "
                        "engelske kolonnenavn, «inf» for ikke nåbar. Åpne Excel-fila i Excel.",
                        "For programs and scripts: comma-separated, decimal point, English "
                        "column names, 'inf' for unreachable. Open the Excel file in Excel."),
    "app.dl.stem": ("tomter-rangert", "plots-ranked"),
    # ---- the Excel workbook (siting.excel): headers, words for missing figures, about sheet
    "xlsx.name": ("Navn", "Name"),
    "xlsx.address": ("Oppgitt adresse", "Address given"),
    "xlsx.parcel": ("Oppgitt gnr/bnr", "Gnr/bnr given"),
    "xlsx.match": ("Funnet adresse", "Address used"),
    "xlsx.match_quality": ("Adressetreff", "Address match"),
    "xlsx.score": ("Poengsum (0–100)", "Score (0–100)"),
    "xlsx.tied_ranks": ("Lik poengsum som plass", "Same score as ranks"),
    "xlsx.flag": ("Flagget fordi", "Flagged because"),
    "xlsx.note": ("Merknad til tallene", "Note on the figures"),
    "xlsx.own": ("{header} (fra tomtefilen)", "{header} (from the plots file)"),
    "xlsx.drive_snap_m": ("Avstand til kjørbar vei (m)", "Distance to a drivable road (m)"),
    "xlsx.snap_m": ("Avstand til gangnettet (m)", "Distance to the walk network (m)"),
    "xlsx.component_nodes": ("Gatenettbit (noder)", "Street network piece (nodes)"),
    "xlsx.lon": ("Lengdegrad (°, WGS 84)", "Longitude (°, WGS 84)"),
    "xlsx.lat": ("Breddegrad (°, WGS 84)", "Latitude (°, WGS 84)"),
    "xlsx.unreachable": ("ikke nåbar", "unreachable"),
    "xlsx.unmeasured": ("ikke målt", "not measured"),
    "xlsx.unranked": ("ikke rangert", "not ranked"),
    "xlsx.nowhere": ("ingen plassering", "no location"),
    "xlsx.why": ("{header} – årsak", "{header} – reason"),
    "xlsx.sheet": ("Rangering", "Ranking"),
    "xlsx.about": ("Om tabellen", "About"),
    "xlsx.nearest": ("Nærmeste: {category}", "Nearest: {category}"),
    "xlsx.walk": ("{category}, gange (m)", "{category}, walk (m)"),
    "xlsx.about_title": ("Rangering av kandidattomter", "Ranking of candidate plots"),
    "xlsx.about_profile": ("Profil: {profile}", "Profile: {profile}"),
    "xlsx.about_units": (
        "Avstander er gangavstand i meter langs gater og stier; tider er minutter med bil. "
        "«ikke nåbar» betyr at ingen slik tjeneste kan nås fra tomta; «ikke målt» at tomta er "
        "flagget og ikke vurdert. Årsaken står i kolonnen «{flag}».",
        "Distances are walking metres along streets and paths; times are minutes by car. "
        "'unreachable' means no such service can be reached from the plot; 'not measured' that "
        "the plot is flagged and not assessed. The reason is in the column '{flag}'."),
    "xlsx.about_weights": ("Vekter (0 teller ikke): {list}", "Weights (0 does not count): {list}"),
    "xlsx.about_rules": ("Krav (en tomt som bryter ett, rangeres etter dem som oppfyller "
                         "alle): {list}",
                         "Rules (a plot that fails one is ranked after those that pass all): "
                         "{list}"),
    "xlsx.about_no_rules": ("Krav: ingen", "Rules: none"),
    "xlsx.about_police": (
        "Politiet: kjøretid med bil fra nærmeste politistasjon til tomta langs kjørbare veier "
        "(enveiskjøring gjelder; fartsgrensen fra OpenStreetMap, ellers en standard etter "
        "vegklasse, 20–80 km/t), regnet fra nærmeste kjørbare vei: gangen derfra til tomta "
        "(«{road}») er ikke med. Responstid = utrykningstid {dispatch} min + kjøretid. "
        "Patruljeomvei = tid fra nærmeste hovedvei til tomta og tilbake. Stasjoner: {stations}.",
        "Police: drive time by car from the nearest police station to the plot along drivable "
        "roads (one-way streets bind; the speed limit from OpenStreetMap, else a default by "
        "road class, 20–80 km/h), counted from the nearest drivable road: the walk from there "
        "to the plot ('{road}') is not included. Response time = dispatch delay {dispatch} min "
        "+ drive time. Patrol detour = time from the nearest main road to the plot and back. "
        "Stations: {stations}."),
    "xlsx.about_stations": ("stasjonene i kolonnen «{header}»", "those in the column '{header}'"),
    "xlsx.about_stations_set": ("stasjonene i kolonnen «{header}»; tatt med etter valg: "
                                "{include}; utelatt etter valg: {exclude}",
                                "those in the column '{header}'; switched on: {include}; left "
                                "out: {exclude}"),
    "xlsx.about_ties": ("Kolonnen «{header}» viser plassene til tomter med nøyaktig lik "
                        "poengsum. De ordnes etter summen av verdiene (0–1) på alle kriterier, "
                        "også dem med vekt 0, høyest først, og deretter etter tomte-id.",
                        "The column '{header}' gives the ranks of plots with exactly equal "
                        "scores. They are ordered by the sum of their values (0–1) on all "
                        "criteria, those weighted 0 included, highest first, then by plot id."),
    "xlsx.about_units_public": (
        "Dette er den offentlige versjonen av tabellen. Gangavstander langs gater og stier står "
        "i bånd (f.eks. «250–500 m»), politiets kjøretid og patruljeomveien i bånd av minutter. "
        "«kan ikke nås til fots» betyr at ingen slik tjeneste kan nås fra tomta; «–» at tomta er "
        "flagget og ikke vurdert, uten at årsaken oppgis, bortsett fra for en tomt uten plass "
        "på kartet (f.eks. utenfor kartområdet): den har ingen koordinater, og statusen sier "
        "hvorfor.",
        "This is the public version of the table. Walking distances along streets and paths "
        "are given in bands (e.g. '250–500 m'), the police's drive time and the patrol detour "
        "in bands of minutes. 'cannot be reached on foot' means no such service can be reached "
        "from the plot; '–' that the plot is flagged and not assessed, without the reason, "
        "except for a plot with no place on the map (e.g. outside the map area): it has no "
        "coordinates, and its status says why."),
    "xlsx.about_osm": ("Kartdata © OpenStreetMap-bidragsytere (ODbL).",
                       "Map data © OpenStreetMap contributors (ODbL)."),
}
