"""Catalogue entries for the service review, thin categories, the register and GTFS.

``key: (bokmål, English)``.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # ---- the service review: why a service counts or not
    "review.why.pattern": ("teller: OSM-taggene hører til kategorien",
                           "counted: its OSM tags are this category's"),
    "review.why.candidate": ("teller ikke: en kandidat der taggene ikke sier hva den tilbyr; ta "
                             "den med hvis den betjener denne gruppen",
                             "not counted: a candidate whose tags do not say what it offers; "
                             "include it if it serves this group"),
    "review.why.excluded": ("teller ikke: utelatt av brukeren ([services] exclude)",
                            "not counted: excluded by the user ([services] exclude)"),
    "review.why.included": ("teller: tatt med av brukeren ([services] include)",
                            "counted: included by the user ([services] include)"),
    "review.why.register": ("teller: fra kommunens register",
                            "counted: from the municipality's register"),
    "review.why.register_replaces": ("teller: fra kommunens register; erstatter {arg} fra "
                                     "OpenStreetMap",
                                     "counted: from the municipality's register; replaces {arg} "
                                     "from OpenStreetMap"),
    "review.why.clicked": ("teller: lagt til i kartet", "counted: added on the map"),
    "review.why.outside_area": ("teller ikke: ligger {arg} km utenfor området kartdataene dekker; "
                                "sjekk plasseringen, eller last inn et utsnitt som omfatter den",
                                "not counted: lies {arg} km outside the area the map data cover; "
                                "check the location, or load an extract that includes it"),
    "review.why.not_station": ("teller ikke: ikke en politistasjon kjøretiden regnes fra: {arg}",
                               "not counted: not a police station drive times count from: "
                               "{arg}"),
    "review.why.replaced_category": ("teller ikke: innstillingene henter denne kategorien bare fra "
                                     "registeret (replace_categories)",
                                     "not counted: the settings take this category from the "
                                     "register only (replace_categories)"),
    "review.why.replaced_by": ("teller ikke: erstattet av {arg} i registeret",
                               "not counted: replaced by {arg} of the register"),
    # ---- review flags: why a person should look
    "review.flag.speciality": ("healthcare:speciality={arg} ligger utenfor kategorien",
                               "healthcare:speciality={arg} lies outside this category"),
    "review.flag.name": ("navnet inneholder «{arg}»: sjekk at den hører hjemme her",
                         "the name contains “{arg}”: check that it belongs here"),
    "review.flag.school_level": ("amenity=school uten grades eller isced:level: kan være en "
                                 "høyskole eller en kursleverandør",
                                 "amenity=school without grades or isced:level: may be a college "
                                 "or a course provider"),
    "review.flag.school_adult": ("isced:level={arg}: voksen- eller høyere utdanning, ikke skole "
                                 "for barn",
                                 "isced:level={arg}: adult or higher education, not a school for "
                                 "children"),
    # ---- thin service categories
    "thin.none": ("ingen tjeneste i studieområdet", "no service in the study area"),
    "thin.one": ("bare 1 tjeneste i studieområdet ({names})",
                 "only 1 service in the study area ({names})"),
    "thin.few": ("bare {n} tjenester i studieområdet ({names})",
                 "only {n} services in the study area ({names})"),
    "thin.far": ("nærmeste ligger lenger unna enn {zero} (der poengene blir 0) for {far} av "
                 "{plots} tomter",
                 "the nearest is farther than {zero} (where the score reaches 0) for {far} of "
                 "{plots} plots"),
    "thin.advice": ("OpenStreetMap er tynt her: last inn kommunens tjenesteregister (mal: `python "
                    "-m siting register-template`) eller se over gjennomgangen",
                    "OpenStreetMap is thin here: load the municipality's service register "
                    "(template: `python -m siting register-template`) or check the review"),
    "thin.advice_app": ("Last inn kommunens tjenesteregister under Tjenester (malen ligger der), "
                        "eller se over tjenestene som er listet der.",
                        "Load the municipality's service register under Services (the template is "
                        "there), or check the services listed there."),
    "thin.advice_report": ("Tallene for disse kategoriene hviler på få eller fjerne tjenester i "
                           "OpenStreetMap; kommunens eget tjenesteregister bør legges inn før "
                           "vedtak.",
                           "The figures for these categories rest on few or distant services in "
                           "OpenStreetMap; the municipality's own service register should be "
                           "loaded before a decision."),
    # ---- GTFS: departures and how a stop was matched
    "gtfs.frequent": ("teller: {rate} avganger i timen {window} (GTFS, koblet på {how})",
                      "counted: {rate} departures per hour {window} (GTFS, matched by {how})"),
    "gtfs.rare": ("teller ikke: bare {rate} avganger i timen {window} ({n} i tidsrommet), færre "
                  "enn {need} (GTFS, koblet på {how})",
                  "not counted: only {rate} departures per hour {window} ({n} in the window), "
                  "fewer than {need} (GTFS, matched by {how})"),
    "gtfs.unmatched": ("teller ikke: ingen holdeplass i GTFS-rutetabellen passer (ingen felles "
                       "NSR-id, ingen innen {m} m)",
                       "not counted: no stop of the GTFS timetable matches it (no NSR id in "
                       "common, none within {m} m)"),
    "gtfs.gtfs_only": ("teller: {rate} avganger i timen {window}; i GTFS-rutetabellen, ikke i "
                       "OpenStreetMap",
                       "counted: {rate} departures per hour {window}; in the GTFS timetable, not "
                       "in OpenStreetMap"),
    "gtfs.nsr": ("NSR-id", "NSR id"),
    "gtfs.distance": ("avstand, {m} m", "distance, {m} m"),
    # ---- the register's load report
    "register.used": ("brukt", "used"),
    "register.replaced": ("brukt; erstatter {refs} fra OpenStreetMap",
                          "used; replaces {refs} from OpenStreetMap"),
    "register.replaced_category": ("brukt; innstillingene henter {category} bare fra registeret",
                                   "used; the settings take {category} from the register only"),
    "register.excluded": ("ikke brukt: utelatt av brukeren", "not used: excluded by the user"),
    "register.outside": ("ikke brukt: ligger {km} km utenfor området kartdataene dekker; sjekk "
                         "plasseringen, eller last inn et utsnitt som omfatter den",
                         "not used: lies {km} km outside the area the map data cover; check the "
                         "location, or load an extract that includes it"),
    "register.near_category": ("avvist: ukjent kategori «{text}»; mente du «{word}»? Rett "
                               "skrivemåten (en ny kategori, som NAV, ligner ingen kjent)",
                               "refused: unknown category '{text}'; did you mean '{word}'? "
                               "Correct the spelling (a new category, such as NAV, resembles "
                               "no known one)"),
    "register.example": ("avvist: malens eksempelrad; slett den eller skriv inn en egen tjeneste",
                         "refused: the template's example row; delete it or fill in a service "
                         "of your own"),
    "register.no_category": ("avvist: mangler en brukbar kategori; skriv en av {choices} (eller en "
                             "ny nøkkel som nav)",
                             "refused: no usable category; write one of {choices} (or a new key "
                             "such as nav)"),
    "register.no_location": ("avvist: mangler plassering; oppgi breddegrad/lengdegrad (eller "
                             "øst/nord med koordinatsystem)",
                             "refused: no location; give breddegrad/lengdegrad (or øst/nord with "
                             "the CRS)"),
    "register.address_only": ("avvist: bare adresse ({address}) og ingen adresseliste å slå den "
                              "opp i; oppgi breddegrad/lengdegrad",
                              "refused: only an address ({address}), and no address list to look "
                              "it up in; give breddegrad/lengdegrad"),
    "register.address_not_found": ("avvist: {problem}; sjekk skrivemåten eller oppgi "
                                   "breddegrad/lengdegrad",
                                   "refused: {problem}; check the spelling or give "
                                   "breddegrad/lengdegrad"),
    # ---- report: thin categories and the user's corrections
    "report.svc.h_thin": ("Tynt grunnlag for noen tjenester", "Thin data for some services"),
    "report.svc.h_edits": ("Tjenester brukeren har slått av eller på",
                           "Services the user switched off or on"),
    "report.svc.no_edits": ("Ingen: alle tjenester er tatt med slik OpenStreetMap og registeret "
                            "gir dem.",
                            "None: every service counts as OpenStreetMap and the register "
                            "give it."),
    "report.svc.excluded": ("slått av", "switched off"),
    "report.svc.included": ("slått på", "switched on"),
    "report.svc.count": ("{cat}: {n} {what}", "{cat}: {n} {what}"),
    # ---- the app's Tjenester tab
    "app.svc.thin": ("Tynt grunnlag for noen tjenester", "Thin data for some services"),
    "app.svc.review": ("Tjenestene tallene måles til", "The services the figures use"),
    "app.svc.review_help": ("Slå av en tjeneste som ikke er det kategorien betyr (f.eks. en "
                            "massasjeklinikk under psykisk helse); slå på en kandidat som hører "
                            "med. Valget lagres i scenarioet og endrer tallene straks.",
                            "Switch off a service that is not what the category means (e.g. a "
                            "massage clinic under mental health); switch on a candidate that "
                            "belongs. The choice is saved in the scenario and changes the figures "
                            "at once."),
    "app.svc.counted": ("Teller", "Counted"),
    "app.svc.not_counted": ("Teller ikke", "Not counted"),
    "app.svc.flagged": ("Bør sjekkes", "To check"),
    "app.svc.gtfs_source": ("Fra GTFS", "From GTFS"),
    "app.svc.ref": ("Referanse", "Reference"),
    "app.svc.address": ("Adresse", "Address"),
    "app.svc.tags": ("Taggene som passet", "Tags that matched"),
    "app.svc.why": ("Hvorfor", "Why"),
    "app.svc.flags": ("Merknad", "Note"),
    "app.svc.rate": ("Avganger/time", "Departures/hour"),
    "app.svc.download_review": ("Last ned tjenestelisten ({fmt})",
                                "Download the service list ({fmt})"),
    "app.svc.template": ("Last ned registermal ({fmt})", "Download the register template ({fmt})"),
    "app.svc.report": ("Hva ble av radene i {name}", "What became of the rows of {name}"),
    "app.svc.status_used": ("brukt", "used"),
    "app.svc.status_replaced": ("erstatter OSM", "replaces OSM"),
    "app.svc.status_refused": ("avvist", "refused"),
    "app.svc.status_excluded": ("slått av", "switched off"),
    "app.svc.status_outside": ("utenfor området", "outside the area"),
    "app.svc.status_head": ("Status", "Status"),
    "app.svc.not_used": ("{n} av radene i {name} brukes ikke; tabellen under sier hvorfor.",
                         "{n} of the rows of {name} are not used; the table below says why."),
    "app.svc.gtfs_upload": ("Rutetabell (GTFS-zip, f.eks. Enturs nasjonale fil)",
                            "Timetable (GTFS zip, e.g. Entur's national file)"),
    "app.svc.gtfs_read": ("Rutetabell {name}: avganger {date}. En holdeplass teller med minst "
                          "{need} avganger i timen {start}–{end}: {why}",
                          "Timetable {name}: departures on {date}. A stop counts with at least "
                          "{need} departures per hour {start}–{end}: {why}"),
    "app.svc.gtfs_clear": ("Fjern rutetabellen", "Remove the timetable"),
    # ---- command line and map
    "gtfs.quality": ("GTFS: av {total} kartlagte holdeplasser er {nsr} koblet på NSR-id, "
                     "{distance} på avstand (innen {m} m), {none} ikke koblet (teller ikke); "
                     "{added} GTFS-holdeplasser med hyppige avganger lagt til som OpenStreetMap "
                     "ikke har",
                     "GTFS: of {total} mapped bus stops, {nsr} matched by NSR id, {distance} by "
                     "distance (within {m} m), {none} not matched (not counted); {added} frequent "
                     "GTFS stops added that OpenStreetMap does not map"),
    "cli.svc.summary": ("{label}: {counted} teller, {not_counted} teller ikke, {flagged} merket "
                        "for gjennomgang",
                        "{label}: {counted} counted, {not_counted} not counted, {flagged} flagged "
                        "for review"),
    "cli.svc.wrote": ("skrev {n} tjenester til {path}", "wrote {n} services to {path}"),
    "cli.warning": ("advarsel", "warning"),
    "cli.error": ("feil", "error"),
    "map.review.network": ("Gatenett", "Street network"),
    "map.review.legend": ("Tegnforklaring", "Legend"),
    "map.review.counted": ("teller", "counted"),
    "map.review.flagged": ("teller, bør sjekkes", "counted, to check"),
    "map.review.not_counted": ("teller ikke", "not counted"),
    # ---- a service OpenStreetMap gives no name (195 of 538 bus stops in central Oslo)
    "service.unnamed": ("uten navn i OpenStreetMap", "unnamed in OpenStreetMap"),
    # ---- where a service comes from (the review's ``source``), in words
    "service.source.osm": ("OpenStreetMap", "OpenStreetMap"),
    "service.source.register": ("kommunens register", "municipal register"),
    "service.source.clicked": ("lagt til på kartet", "added on the map"),
    "service.source.gtfs": ("GTFS-rutetabell", "GTFS timetable"),
    # ---- the service review in Excel (siting.review_io): headers and values in words
    "review.xlsx.sheet": ("Tjenester", "Services"),
    "review.xlsx.category": ("Kategori", "Category"),
    "review.xlsx.name": ("Navn", "Name"),
    "review.xlsx.ref": ("Referanse", "Reference"),
    "review.xlsx.source": ("Kilde", "Source"),
    "review.xlsx.address": ("Adresse", "Address"),
    "review.xlsx.matched_tags": ("Taggene som passet", "Tags that matched"),
    "review.xlsx.included": ("Teller", "Counted"),
    "review.xlsx.why": ("Hvorfor", "Why"),
    "review.xlsx.flags": ("Merknad", "Note"),
    "review.xlsx.departures_per_hour": ("Avganger per time", "Departures per hour"),
    "review.xlsx.gtfs_stop": ("GTFS-holdeplass", "GTFS stop"),
    "review.xlsx.gtfs_match": ("Koblet til GTFS", "Matched to GTFS"),
    "review.xlsx.gtfs_match_m": ("Avstand til GTFS-holdeplassen (m)",
                                 "Distance to the GTFS stop (m)"),
    "review.xlsx.lon": ("Lengdegrad (°, WGS 84)", "Longitude (°, WGS 84)"),
    "review.xlsx.lat": ("Breddegrad (°, WGS 84)", "Latitude (°, WGS 84)"),
    "review.xlsx.yes": ("ja", "yes"),
    "review.xlsx.no": ("nei", "no"),
    "review.xlsx.match.nsr": ("samme NSR-id", "same NSR id"),
    "review.xlsx.match.distance": ("nærmeste holdeplass", "nearest stop"),
    "review.xlsx.match.none": ("ikke koblet", "not matched"),
}
