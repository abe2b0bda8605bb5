"""Catalogue entries of the committee report (2 of 2): cards, criteria, sources, method.

``key: (bokmål, English)``; mini-HTML (``<b>``) is allowed, and ``{placeholders}``
are filled with escaped text by :mod:`siting.report`.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "report.card_no_score": ("ingen poengsum", "no score"),
    "report.card_where": ("Tomte-ID {id} · plassering {lat}° N, {lon}° Ø",
                          "Plot id {id} · location {lat}° N, {lon}° E"),
    "report.card_found": ("funnet: {match} ({how})", "used: {match} ({how})"),
    "report.h_distances": ("Avstander", "Distances"),
    "report.service": ("Tjeneste", "Service"),
    "report.walk_col": ("Gangavstand", "Walking distance"),
    "report.walk_time": ("Gangtid", "Walking time"),
    "report.nearest": ("Nærmeste", "Nearest"),
    "report.hidden": ("(navn utelatt i offentlig versjon)",
                      "(name left out in the public version)"),
    "report.unreachable": ("kan ikke nås til fots", "cannot be reached on foot"),
    "report.unmeasured": ("ikke målt", "not measured"),
    "report.police_row": ("Politi: kjøretid fra nærmeste politistasjon",
                          "Police: drive time from the nearest station"),
    "report.patrol_row": ("Patrulje: omvei fra nærmeste hovedvei",
                          "Patrol: detour from the nearest main road"),
    "report.h_rules_card": ("Krav", "Rules"),
    "report.rule": ("Krav", "Rule"),
    "report.limit": ("Grense", "Limit"),
    "report.result": ("Resultat", "Result"),
    "report.passed": ("Oppfylt", "Passed"),
    "report.failed": ("Ikke oppfylt", "Failed"),
    "report.no_rules": ("Ingen krav er i bruk.", "No rules are in use."),
    "report.not_measured": ("Ikke vurdert: ingenting er målt for tomten (se merknaden).",
                            "Not assessed: nothing is measured for the plot (see the note)."),
    "report.not_assessed": ("Ikke vurdert: {reason}.", "Not assessed: {reason}."),
    "report.not_assessed_note": ("Ikke vurdert: {reason} (se merknaden).",
                                 "Not assessed: {reason} (see the note)."),
    "report.not_located": ("Ikke vurdert: tomten har ingen plassering på gatenettet.",
                           "Not assessed: the plot has no place on the street network."),
    "report.h_points": ("Poeng per kriterium", "Points per criterion"),
    "report.chart_got": ("Poeng tomten får", "Points the plot gets"),
    "report.chart_possible": ("Mulige poeng", "Points possible"),
    "report.chart_of": ("{p} av {m}", "{p} of {m}"),
    "report.chart_zero": ("Vises, men teller ikke (vekt 0): {list}.",
                          "Shown, not counted (weight 0): {list}."),
    "report.no_points": ("Ingen poeng: tomten er flagget og er ikke vurdert.",
                         "No points: the plot is flagged and was not assessed."),
    "report.card_robust": ("Når vektene varieres: først i {first} av forsøkene, blant de tre "
                           "beste i {top3}, gjennomsnittlig plass {mean}.",
                           "When the weights are varied: first in {first} of the trials, in the "
                           "top three in {top3}, average rank {mean}."),
    "report.card_beaten": ("Ingen vekting kan gi den høyere poengsum enn {list}: den får ikke "
                           "flere kriteriepoeng på noe kriterium, og færre på minst ett.",
                           "No weighting can give it a higher score than {list}: it scores no "
                           "higher on any criterion, and lower on at least one."),
    "report.card_snap": ("Avstandene er målt fra nærmeste punkt på gate- eller stinettet, {m} m "
                         "fra tomten (den strekningen er regnet i luftlinje).",
                         "Distances are measured from the nearest point on the street or path "
                         "network, {m} m from the plot (that stretch counted as a straight line)."),
    "report.flag": ("Merknad", "Note"),
    "report.h_criteria": ("Kriterier, vekter og krav", "Criteria, weights and rules"),
    "report.criterion": ("Kriterium", "Criterion"),
    "report.weight": ("Vekt (andel)", "Weight (share)"),
    "report.curve": ("Verdikurve", "Value curve"),
    "report.why": ("Hvorfor", "Why"),
    "report.criteria_intro": ("Hvert kriterium gir poeng etter avstanden. Vekten sier hvor mye "
                              "det teller i forhold til de andre; andelen er dets del av 100 "
                              "poeng.",
                              "Each criterion gives points by distance. The weight says how much "
                              "it counts against the others; the share is its part of the 100 "
                              "points."),
    "report.weight_zero": ("0 (vises, teller ikke)", "0 (shown, not counted)"),
    "report.curve_near": ("Full uttelling til {full}, null fra {zero}",
                          "Full score up to {full}, zero from {zero}"),
    "report.curve_far": ("Null til {zero}, full uttelling fra {full}",
                         "Zero up to {zero}, full score from {full}"),
    "report.curve_near_step": ("Full uttelling til {full}, ellers null",
                               "Full score up to {full}, otherwise zero"),
    "report.curve_far_step": ("Full uttelling fra {full}, ellers null",
                              "Full score from {full}, otherwise zero"),
    "report.shape_smooth": (" (myk overgang)", " (smooth transition)"),
    "report.shape_exponential": (" (faller raskt først, så langsommere)",
                                 " (falls fast at first, then slower)"),
    "report.h_rules": ("Krav", "Rules"),
    "report.in_use": ("I bruk", "In use"),
    "report.yes": ("Ja", "Yes"),
    "report.no": ("Nei", "No"),
    "report.rules_intro": ("Krav er absolutte grenser. En tomt som bryter et krav, rangeres "
                           "etter alle tomter som oppfyller kravene, uansett poengsum.",
                           "Rules are absolute limits. A plot that fails a rule is ranked after "
                           "all plots that pass, whatever its score."),
    "report.at_most": ("høyst {v}", "at most {v}"),
    "report.at_least": ("minst {v}", "at least {v}"),
    "report.snap_rule": ("Tomter som ligger mer enn {m} m fra nærmeste gate eller sti, eller på "
                         "en bit av nettet uten forbindelse til resten, flagges og rangeres ikke.",
                         "Plots more than {m} m from the nearest street or path, or on a piece "
                         "of network not connected to the rest, are flagged and not ranked."),
    "report.replace": ("Kommunens eget tjenesteregister erstatter OpenStreetMap for: {list}.",
                       "The municipality's own service register replaces OpenStreetMap for: "
                       "{list}."),
    "report.h_sources": ("Datakilder og datoer", "Data sources and dates"),
    "report.sources_intro": ("Alle avstander er beregnet fra kartdataene nedenfor. "
                             "Innholdskontrollen viser om senere analyser bruker nøyaktig de "
                             "samme dataene.",
                             "All distances are computed from the map data below. The content "
                             "check shows whether a later analysis uses exactly the same data."),
    "report.osm_date": ("Kartdataene er fra", "Map data as of"),
    "report.osm_hash": ("Innholdskontroll", "Content check"),
    "report.hash_fmt": ("{short}…", "{short}…"),
    "report.licence": ("Lisens", "Licence"),
    "report.licence_text": ("© OpenStreetMap contributors, ODbL (openstreetmap.org/copyright)",
                            "© OpenStreetMap contributors, ODbL (openstreetmap.org/copyright)"),
    "report.demo_note": ("Demodata: en oppdiktet by (Demoby), ikke virkelige gater eller "
                         "tjenester.",
                         "Demo data: a made-up town (Demoby), not real streets or services."),
    "report.h_services": ("Tjenester", "Services"),
    "report.category": ("Tjeneste", "Service"),
    "report.from_osm": ("Fra OpenStreetMap", "From OpenStreetMap"),
    "report.from_register": ("Fra kommunens register", "From the municipality's register"),
    "report.services_intro": ("Antall tjenester i hver kategori. Kommunale tjenester mangler "
                              "ofte i OpenStreetMap; kommunen kan legge dem inn i sitt eget "
                              "register.",
                              "Number of services in each category. Municipal services are often "
                              "missing from OpenStreetMap; the municipality can add them in its "
                              "own register."),
    "report.h_method": ("Metode (kort)", "Method (short)"),
    "report.mh_walk": ("Gangavstand", "Walking distance"),
    "report.m_walk": ("Gangavstandene er målt langs det virkelige nettet av gater, fortau, stier "
                      "og gang- og sykkelveier i OpenStreetMap, ikke i luftlinje. For hver tomt "
                      "er den korteste veien til nærmeste tjeneste av hver type funnet nøyaktig. "
                      "Gangtid er regnet med {speed} meter i minuttet, et rolig tempo.",
                      "Walking distances are measured along the real network of streets, "
                      "pavements, paths and combined foot and cycle paths in OpenStreetMap, not "
                      "as the crow flies. For each plot the shortest way to the nearest service "
                      "of each kind is found exactly. Walking time assumes {speed} metres a "
                      "minute, a slow pace."),
    "report.mh_police": ("Politiets kjøretid", "Police drive time"),
    "report.m_police": ("Kjøretiden er regnet fra nærmeste politistasjon langs bilveiene, etter "
                        "enveiskjøring og fartsgrenser (der fartsgrensen mangler, brukes vanlig "
                        "grense for veitypen), til nærmeste gate en bil både kan kjøre inn på og "
                        "ut fra; det siste stykket går politiet.",
                        "Drive time is counted from the nearest police station along the roads, "
                        "following one-way rules and speed limits (where no limit is mapped, the "
                        "usual limit for the kind of road), to the nearest street a car can both "
                        "drive into and out of; the police walk the last stretch."),
    "report.mh_patrol": ("Patruljeomvei", "Patrol detour"),
    "report.m_patrol": ("Omveien er hvor mange minutter ekstra det tar å kjøre fra nærmeste "
                        "hovedvei til tomten og tilbake. Kort omvei betyr at politiet lett kan "
                        "kjøre forbi for å se at alt er i orden.",
                        "The detour is how many extra minutes it takes to drive from the nearest "
                        "main road to the plot and back. A short detour means the police can "
                        "easily drive past to see that things are fine."),
    "report.mh_score": ("Poeng, vekter og krav", "Points, weights and rules"),
    "report.m_score": ("Hver avstand gjøres om til en verdi fra 0 til 1 med en verdikurve: full "
                       "uttelling opp til én avstand, ingenting fra en annen, jevnt imellom. "
                       "Verdiene vektes og legges sammen til en poengsum fra 0 til 100. Krav er "
                       "absolutte grenser: en tomt som bryter et krav, rangeres etter alle som "
                       "oppfyller kravene. En tomt mer enn {snap} m fra nærmeste gate eller sti "
                       "flagges og rangeres ikke.",
                       "Each distance is turned into a value from 0 to 1 by a value curve: full "
                       "score up to one distance, nothing from another, evenly in between. The "
                       "values are weighted and added up to a score from 0 to 100. Rules are "
                       "absolute limits: a plot that fails a rule is ranked after all that pass. "
                       "A plot more than {snap} m from the nearest street or path is flagged and "
                       "not ranked."),
    "report.mh_robust": ("Robusthet", "Robustness"),
    "report.m_robust": ("For å se om anbefalingen henger på én bestemt vekt, er vektene trukket "
                        "tilfeldig mange ganger{draws}, og tomtene rangert på nytt hver gang. I "
                        "tillegg er hver vekt endret alene til nummer én og to bytter plass. En "
                        "tomt som ikke får flere poeng enn en annen på noe kriterium (vekt 0 "
                        "medregnet), får aldri høyere poengsum enn den.",
                        "To see whether the recommendation hinges on one particular weight, the "
                        "weights were drawn at random many times{draws} and the plots ranked "
                        "anew each time. Each weight was also changed on its own until first and "
                        "second swap. A plot that scores no higher than another on any "
                        "criterion (weight 0 included) never gets a higher score than it."),
    "report.mh_public": ("Offentlig versjon", "Public version"),
    "report.m_public": ("Tomtenes navn og nøyaktige plassering er utelatt. På kartet vises hver "
                        "tomt midt i den {cell} × {cell} m-ruta den ligger i (et fast rutenett); "
                        "den virkelige plasseringen kan være hvor som helst i ruta. Psykisk "
                        "helsetjeneste og rustjeneste er utelatt fra kartet og navnene deres fra "
                        "tomtekortene, fordi de kan avsløre hvor beboerne får hjelp. Avstandene "
                        "vises fortsatt; sammen med et kart kan de gi et grovt hint om hvor en "
                        "tomt ligger.",
                        "Plot names and exact locations are left out. On the map each plot is "
                        "shown in the middle of the {cell} × {cell} m cell it lies in (a fixed "
                        "grid); the real location can be anywhere in the cell. Mental-health and "
                        "substance-abuse services are left off the map and their names off the "
                        "plot cards, as they could reveal where residents get help. Distances "
                        "are still shown; with a map they can give a rough hint of where a plot "
                        "lies."),
    "report.mh_internal": ("Intern versjon", "Internal version"),
    "report.m_internal": ("Denne versjonen viser tomtenavn og nøyaktige plasseringer. "
                          "Kandidattomter og beboernes tjenester kan være følsomme før et "
                          "politisk vedtak: bruk den offentlige versjonen til alt som skal "
                          "publiseres.",
                          "This version shows plot names and exact locations. Candidate plots "
                          "and residents' services can be sensitive before a political decision: "
                          "use the public version for anything that will be published."),
    "report.mh_limits": ("Hva tallene ikke kan si", "What the figures cannot tell"),
    "report.m_limits": ("OpenStreetMap er lagt inn av frivillige og kan mangle stier, fortau "
                        "eller tjenester, eller ha feil. Kjøretiden er ren kjøretid ved "
                        "fartsgrensen: den tar med tiden før en patrulje rykker ut bare om "
                        "politiet har lagt den inn, og ikke kø, vær eller føre. Første og siste "
                        "meter fra tomten eller tjenesten til nærmeste gate er regnet i "
                        "luftlinje. Avstand sier "
                        "ingenting om bakker, trapper, lys eller hvor trygg veien oppleves. "
                        "Poengsummen er et hjelpemiddel for å sammenligne tomter, ikke et vedtak.",
                        "OpenStreetMap is mapped by volunteers and can lack paths, pavements or "
                        "services, or contain errors. Drive time is pure driving at the speed "
                        "limit: it includes the time before a patrol sets off only if the "
                        "police entered one, and leaves out queues, weather and road "
                        "conditions. The first and last metres from the plot or "
                        "service to the nearest street are counted as a straight line. Distance "
                        "says nothing about hills, steps, lighting or how safe the way feels. "
                        "The score is an aid for comparing plots, not a decision."),
}
