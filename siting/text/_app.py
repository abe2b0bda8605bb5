"""Catalogue entries of the app: study area, plots, services, map, ranking, decision, downloads.

``key: (bokmål, English)``; shown by ``ui/`` through :func:`siting.text.t`.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("Tomtevalg for robuste boliger", "Site selection for robust homes"),
    "app.subtitle": ("Sammenlign kandidattomter etter gangavstand til tjenester og politiets "
                     "responstid, målt på det virkelige gatenettet.",
                     "Compare candidate plots by walking distance to services and police "
                     "response time, measured on the real street network."),
    "app.language": ("Språk", "Language"),
    "app.area": ("Studieområde", "Study area"),
    "app.area_now": ("Område: **{name}**", "Area: **{name}**"),
    "app.area_date": ("Kartdata fra {date}", "Map data from {date}"),
    "app.area_source": ("Kilde: {source}", "Source: {source}"),
    "app.source_demo": ("innebygd demo", "built-in demo"),
    "app.source_file": ("lokal OSM-fil", "local OSM file"),
    "app.source_place": ("OpenStreetMap (lastet ned)", "OpenStreetMap (downloaded)"),
    "app.area_change": ("Bytt område", "Change area"),
    "app.area_how": ("Hvor skal området komme fra?", "Where should the area come from?"),
    "app.how_place": ("Kommune fra OpenStreetMap", "Municipality from OpenStreetMap"),
    "app.how_file": ("Lokal OSM-fil", "Local OSM file"),
    "app.how_recent": ("Nylig brukt i økten", "Recently used in this session"),
    "app.how_demo": ("Demo", "Demo"),
    "app.place_name": ("Kommune eller sted", "Municipality or place"),
    "app.place_default": ("Melhus kommune", "Melhus kommune"),
    "app.fetch": ("Hent fra OpenStreetMap", "Fetch from OpenStreetMap"),
    "app.fetching": ("Henter {name} …", "Fetching {name} …"),
    "app.live_missing": ("Nedlasting fra OpenStreetMap er ikke tilgjengelig i denne "
                         "installasjonen. Åpne et lokalt OSM-utdrag i stedet.",
                         "Downloading from OpenStreetMap is not available in this installation. "
                         "Open a local OSM extract instead."),
    "app.osm_upload": ("Last opp OSM-utdrag (.osm.pbf, .osm, .osm.bz2)",
                       "Upload an OSM extract (.osm.pbf, .osm, .osm.bz2)"),
    "app.open": ("Åpne", "Open"),
    "app.no_such_file": ("Finner ikke filen {path}; sjekk stien.",
                         "Cannot find the file {path}; check the path."),
    "app.recent_pick": ("Nylig brukte områder", "Recently used areas"),
    "app.recent_none": ("Du har ikke åpnet andre områder i denne økten.",
                        "You have not opened other areas in this session."),
    "app.open_demo": ("Åpne demobyen", "Open the demo town"),
    "app.loading_area": ("Forbereder gatenettet for {name} …",
                         "Preparing the street network of {name} …"),
    "app.opened": ("Åpnet {name}.", "Opened {name}."),
    "app.tab_map": ("Kart", "Map"),
    "app.tab_ranking": ("Rangering", "Ranking"),
    "app.tab_plots": ("Tomter", "Plots"),
    "app.tab_services": ("Tjenester", "Services"),
    "app.tab_download": ("Last ned", "Download"),
    "app.tab_decide": ("Beslutning", "Decision"),
    "app.plots": ("Kandidattomter", "Candidate plots"),
    "app.no_plots": ("Ingen tomter ennå: last opp en fil under «Tomter», eller velg «Plasser "
                     "tomt» over kartet og klikk der tomten ligger.",
                     "No plots yet: upload a file under “Plots”, or choose “Place a plot” above "
                     "the map and click where the plot is."),
    "app.plots_upload": ("Last opp tomter (GeoJSON, GeoPackage, zippet Shapefile, CSV, Excel)",
                         "Upload plots (GeoJSON, GeoPackage, zipped Shapefile, CSV, Excel)"),
    "app.plots_crs": ("CRS for x/y-koordinater i CSV eller Excel (f.eks. EPSG:25832), ellers "
                      "tomt", "CRS of x/y coordinates in a CSV or Excel file (e.g. EPSG:25832), "
                      "else empty"),
    "app.plots_add": ("Legg til i listen (ellers erstatter filen tomtene)",
                      "Add to the list (otherwise the file replaces the plots)"),
    "app.plots_problems": ("Noen tomter blir flagget og ikke vurdert i rangeringen: {rows}",
                           "Some plots will be flagged and not assessed in the ranking: {rows}"),
    "app.plots_table": ("Tomtene", "The plots"),
    "app.col_id": ("Id", "Id"),
    "app.col_name": ("Navn", "Name"),
    "app.col_problem": ("Problem", "Problem"),
    "app.col_lon": ("Lengdegrad", "Longitude"),
    "app.col_lat": ("Breddegrad", "Latitude"),
    "app.rename": ("Gi nytt navn", "Rename"),
    "app.rename_pick": ("Tomt", "Plot"),
    "app.rename_new": ("Nytt navn", "New name"),
    "app.rename_do": ("Lagre navnet", "Save the name"),
    "app.remove": ("Fjern tomter", "Remove plots"),
    "app.remove_pick": ("Tomter som skal fjernes", "Plots to remove"),
    "app.remove_do": ("Fjern valgte", "Remove selected"),
    "app.new_plot": ("Ny tomt", "New plot"),
    "app.plot_added": ("La til tomten «{name}».", "Added the plot “{name}”."),
    "app.services": ("Tjenester", "Services"),
    "app.svc_counts": ("Tjenester funnet per kategori", "Services found per category"),
    "app.svc_category": ("Kategori", "Category"),
    "app.svc_osm": ("Fra OpenStreetMap", "From OpenStreetMap"),
    "app.svc_register": ("Fra kommunens register", "From the municipal register"),
    "app.svc_added": ("Lagt til på kartet", "Added on the map"),
    "app.svc_show": ("Vis tjenestene i kategorien", "Show the services of category"),
    "app.svc_name": ("Navn", "Name"),
    "app.svc_source": ("Kilde", "Source"),
    "app.src_osm": ("OpenStreetMap", "OpenStreetMap"),
    "app.src_register": ("kommunens register eller lagt til på kartet",
                         "municipal register or added on the map"),
    "app.register_crs": ("CRS for øst/nord-koordinater i registeret (f.eks. EPSG:25832), "
                         "ellers tomt", "CRS of east/north coordinates in the register (e.g. "
                         "EPSG:25832), else empty"),
    "app.register_upload": ("Last opp kommunens tjenesteregister (CSV, Excel eller GIS-fil med "
                            "kategori, navn og plassering)",
                            "Upload the municipality's service register (CSV, Excel or GIS file "
                            "with category, name and location)"),
    "app.register_missing": ("Denne installasjonen kan ikke lese tjenesteregistre ennå.",
                             "This installation cannot read service registers yet."),
    "app.register_clear": ("Fjern registeret", "Remove the register"),
    "app.added_services": ("Tjenester lagt til på kartet", "Services added on the map"),
    "app.added_remove": ("Fjern de lagt til", "Remove the added ones"),
    "app.svc_added_msg": ("La til «{name}» ({category}).", "Added “{name}” ({category})."),
    "app.new_service": ("Ny tjeneste", "New service"),
    "app.decide": ("Vekter og regler", "Weights and rules"),
    "app.profile": ("Beboerprofil", "Resident profile"),
    "app.weights": ("Vekter (bare forholdet mellom dem teller)",
                    "Weights (only their ratios matter)"),
    "app.rules": ("Absolutte krav", "Hard rules"),
    "app.rule_label": ("{label}: {op} {value} {unit}", "{label}: {op} {value} {unit}"),
    "app.op_max": ("høyst", "at most"),
    "app.op_min": ("minst", "at least"),
    "app.rule_limit": ("Grense ({unit})", "Limit ({unit})"),
    "app.curves": ("Verdikurver", "Value curves"),
    "app.curve_pick": ("Kriterium", "Criterion"),
    "app.curve_full": ("Full uttelling ved ({unit})", "Full value at ({unit})"),
    "app.curve_zero": ("Null ved ({unit})", "Zero at ({unit})"),
    "app.curve_shape": ("Form", "Shape"),
    "app.curve_x": ("Avstand ({unit})", "Distance ({unit})"),
    "app.curve_y": ("Verdi (0–1)", "Value (0–1)"),
    "app.reset": ("Tilbakestill profilen", "Reset the profile"),
    "app.ranking": ("Rangering", "Ranking"),
    "app.compare": ("Sammenlign tomter", "Compare plots"),
    "app.compare_pick": ("Velg to eller tre tomter", "Pick two or three plots"),
    "app.compare_row": ("Kriterium", "Criterion"),
    "app.compare_note": ("Hvert kriterium: målt avstand eller tid → poeng tomta får for det. "
                         "Poengene for alle kriteriene er til sammen poengsummen (0–100).",
                         "Each criterion: distance or time measured → the points the plot gets "
                         "for it. The points of all criteria add up to the score (0–100)."),
    "app.no_ranking": ("Ingen tomter å rangere ennå.", "No plots to rank yet."),
    "app.map_click": ("Når du klikker i kartet", "When you click on the map"),
    "app.click_none": ("Bare se", "Just look"),
    "app.click_plot": ("Plasser tomt", "Place a plot"),
    "app.click_service": ("Legg til tjeneste", "Add a service"),
    "app.click_name_plot": ("Navn på ny tomt", "Name of the new plot"),
    "app.click_name_service": ("Navn på ny tjeneste", "Name of the new service"),
    "app.click_category": ("Kategori for ny tjeneste", "Category of the new service"),
    "app.routes_for": ("Gangruter for", "Walking routes for"),
    "app.layers": ("Kartlag", "Map layers"),
    "app.layer_network": ("Gatenett", "Street network"),
    "app.layer_services": ("Tjenester", "Services"),
    "app.layer_routes": ("Gangruter", "Walking routes"),
    "app.layer_police": ("Politiets responstid", "Police response time"),
    "app.layer_surface": ("Egnethet langs gatene", "Suitability along the streets"),
    "app.online": ("Bakgrunnskart fra nett (Kartverket/OpenStreetMap)",
                   "Background map from the internet (Kartverket/OpenStreetMap)"),
    "app.online_help": ("Krever internett. Uten nett tegnes gatenettet fra OSM-dataene.",
                        "Needs the internet. Offline, the street network is drawn from the OSM "
                        "data."),
    "app.hint_plot": ("Klikk i kartet der tomten ligger.", "Click on the map where the plot is."),
    "app.hint_service": ("Klikk i kartet der tjenesten ligger.",
                         "Click on the map where the service is."),
    "app.download": ("Last ned resultatet", "Download the result"),
    "app.dl_csv": ("Rangert tabell (CSV)", "Ranked table (CSV)"),
    "app.dl_gpkg": ("Rangert tabell med tomter (GeoPackage)",
                    "Ranked table with plots (GeoPackage)"),
    "app.dl_html": ("Kart (selvstendig HTML)", "Map (self-contained HTML)"),
    "app.dl_note": ("Filene gjelder {profile}-profilen med vektene slik de står nå.",
                    "The files hold the {profile} profile with the weights as they are now."),
    "app.startup_failed": ("Kunne ikke åpne det som ble gitt ved oppstart:",
                           "Could not open what was given at start-up:"),
    "app.choose": ("Velg …", "Choose …"),
    "app.scn_head": ("Scenario: lagre og åpne", "Scenario: save and open"),
    "app.scn_intro": ("Et scenario er alt som trengs for å gjenta analysen: tomtene, kommunens "
                      "tjenester, vekter, kurver og krav, og hvilke kartdata som ble brukt. Det "
                      "lagres som én GeoPackage som også kan åpnes i QGIS.",
                      "A scenario is everything needed to repeat the analysis: the plots, the "
                      "municipality's services, weights, curves and rules, and which map data "
                      "were used. It is saved as one GeoPackage that also opens in QGIS."),
    "app.scn_title": ("Tittel", "Title"),
    "app.scn_notes": ("Notater", "Notes"),
    "app.scn_save": ("Lagre scenario (.gpkg)", "Save scenario (.gpkg)"),
    "app.scn_open": ("Åpne scenario", "Open scenario"),
    "app.scn_same": ("Åpnet «{name}». Resultatene er identiske med de lagrede, tall for tall.",
                     "Opened “{name}”. The results are identical to the saved ones, figure for "
                     "figure."),
    "app.scn_diff": ("Åpnet «{name}», men resultatene avviker fra de lagrede: kartdataene eller "
                     "programmet er endret siden scenarioet ble lagret.",
                     "Opened “{name}”, but the results differ from the saved ones: the map data "
                     "or the program has changed since the scenario was saved."),
    "app.scn_new_data": ("Scenarioet er regnet på andre kartdata enn det ble laget med.",
                         "The scenario was computed on other map data than it was made with."),
    "app.scn_pending": ("Scenarioet «{name}» venter på kartdataene sine: {error}",
                        "The scenario “{name}” is waiting for its map data: {error}"),
    "app.scn_pending_hint": ("Åpne OSM-utdraget under «Bytt område» i sidepanelet, så åpnes "
                             "scenarioet av seg selv. Eller regn det på kartdataene som er åpne "
                             "nå.",
                             "Open the OSM extract under “Change area” in the sidebar and the "
                             "scenario opens by itself. Or compute it on the map data open now."),
    "app.scn_changed": ("{reason}; åpne det samme utdraget under «Bytt område» i sidepanelet, "
                        "eller trykk «{button}» for å kjøre på nytt med de nye dataene",
                        "{reason}; open the same extract under “Change area” in the sidebar, "
                        "or press “{button}” to rerun on the new data"),
    "app.scn_force": ("Bruk kartdataene som er åpne nå", "Use the map data open now"),
    "app.scn_cancel": ("Avbryt åpningen", "Cancel opening"),
    "app.scn_unknown_area": ("{name}: appen kan ikke selv åpne området scenarioet ble laget på "
                             "({kind}); åpne OSM-utdraget under «Bytt område».",
                             "{name}: the app cannot open the area the scenario was made on by "
                             "itself ({kind}); open the OSM extract under “Change area”."),
    "app.scn_no_results": ("{name}: scenarioet har ingen lagrede resultater å sammenligne; åpne "
                           "det og lagre det på nytt.",
                           "{name}: the scenario has no saved results to compare; open it and "
                           "save it again."),
    "app.scn_auto": ("Scenario {n}: {profile}", "Scenario {n}: {profile}"),
    "app.cmp_head": ("Sammenlign to scenarioer", "Compare two scenarios"),
    "app.cmp_intro": ("Hvilke tomter bytter plass når noe endres: en bussholdeplass flyttes, et "
                      "nytt legekontor, eller den andre beboerprofilen?",
                      "Which plots change places when something changes: a bus stop moves, a new "
                      "GP office, or the other resident profile?"),
    "app.cmp_keep_a": ("Behold nåværende som A", "Keep the current one as A"),
    "app.cmp_keep_b": ("Behold nåværende som B", "Keep the current one as B"),
    "app.cmp_other": ("Sammenlign med profilen «{profile}»",
                      "Compare with the “{profile}” profile"),
    "app.cmp_other_help": ("A blir analysen slik den står nå; B de samme tomtene og tjenestene "
                           "med den andre profilens vekter og krav.",
                           "A is the analysis as it stands; B the same plots and services with "
                           "the other profile's weights and rules."),
    "app.cmp_add": ("Legg til scenario fra fil", "Add a scenario from a file"),
    "app.cmp_clear": ("Tøm listen", "Clear the list"),
    "app.cmp_a": ("Scenario A", "Scenario A"),
    "app.cmp_b": ("Scenario B", "Scenario B"),
    "app.cmp_none": ("Behold analysen som A og B, legg til scenarioer fra fil, eller sammenlign "
                     "med den andre profilen med ett klikk.",
                     "Keep the analysis as A and B, add scenarios from files, or compare with "
                     "the other profile in one click."),
    "app.cmp_rank_a": ("Rang A", "Rank A"),
    "app.cmp_rank_b": ("Rang B", "Rank B"),
    "app.cmp_rank_change": ("Endring i rang (B − A)", "Rank change (B − A)"),
    "app.cmp_score_a": ("Poengsum A", "Score A"),
    "app.cmp_score_b": ("Poengsum B", "Score B"),
    "app.cmp_score_change": ("Endring i poengsum", "Score change"),
    "app.cmp_criterion": ("Kriteriet som endret seg mest", "Criterion that changed most"),
    "app.cmp_criterion_change": ("Endring i poeng", "Points change"),
    "app.cmp_note": ("Negativ endring i rang: tomten stiger i B; positiv: den faller. Tom celle: "
                     "tomten finnes bare i ett av scenarioene, eller kan ikke rangeres.",
                     "Negative rank change: the plot rises in B; positive: it falls. Empty cell: "
                     "the plot is in one scenario only, or cannot be ranked."),
    "app.rob_head": ("Hvor robust er rangeringen?", "How robust is the ranking?"),
    "app.par_head": ("Tomter som ingen vekting løfter over en annen (Pareto)",
                     "Plots no weighting lifts above another (Pareto)"),
    "app.par_intro": ("En tomt er dominert av en annen når den ikke får flere kriteriepoeng "
                      "(0–1 etter verdikurven) på noe kriterium, også dem med vekt 0, og færre "
                      "på minst ett: da gir ingen vekting den høyere poengsum enn den andre. "
                      "En tomt som oppfyller kravene, regnes ikke som dominert av en som "
                      "bryter dem; flaggede tomter er utelatt.",
                      "A plot is dominated by another when it scores no higher on any criterion "
                      "(0–1 after the value curve), those weighted 0 included, and lower on at "
                      "least one: then no weighting gives it a higher score than the other. A "
                      "plot that passes the rules is not counted as dominated by one that fails "
                      "them; flagged plots are left out."),
    "app.par_none": ("Ingen tomt er dominert av en annen.",
                     "No plot is dominated by another."),
    "app.par_dominated": ("Dominert", "Dominated"),
    "app.par_by": ("Dominert av", "Dominated by"),
    "app.par_beats": ("Dominerer", "Dominates"),
    "app.yes": ("ja", "yes"),
    "app.no": ("nei", "no"),
    "app.sens_head": ("Hva om vektene var litt annerledes?",
                      "What if the weights were a little different?"),
    "app.sens_first": ("Best", "First"),
    "app.sens_top3": ("Blant de tre beste", "In the top three"),
    "app.sens_share": ("Andel av trekningene", "Share of draws"),
    "app.sens_mean": ("Gjennomsnittlig rang", "Mean rank"),
    "app.sens_range": ("Rang (5–95 %)", "Rank (5–95 %)"),
    "app.sens_flagged": ("Flaggede tomter er ikke med: de kan ikke rangeres.",
                         "Flagged plots are left out: they cannot be ranked."),
    "app.swap_head": ("Hvor mye må én vekt endres før nr. 1 og nr. 2 bytter plass?",
                      "How much must one weight change before the first and second plot swap?"),
    "app.swap_rest": ("For {labels}: ingen endring av den vekten alene får tomt {second} forbi "
                      "tomt {first}.",
                      "For {labels}: no change of that weight alone lets plot {second} overtake "
                      "plot {first}."),
    "app.swap_pair": ("Færre enn to tomter kan rangeres.", "Fewer than two plots can be ranked."),
    "app.report_head": ("Rapport for komiteen (PDF)", "Report for the committee (PDF)"),
    "app.report_note": ("Sammendrag med anbefaling og robusthet, kart, rangering, ett kort per "
                        "tomt, kriterier og kilder, på norsk (bytt språk øverst i sidepanelet).",
                        "Summary with the recommendation and its robustness, map, ranking, one "
                        "card per plot, criteria and sources, in English (switch the language at "
                        "the top of the sidebar)."),
    "app.report_public": ("Offentlig versjon", "Public version"),
    "app.report_public_help": ("Uten tomtenavn og nøyaktige koordinater, med generaliserte "
                               "posisjoner: tomter og tjenester kan være følsomme før et "
                               "politisk vedtak.",
                               "Without plot names and exact coordinates, with generalised "
                               "positions: candidate sites and services can be sensitive before "
                               "a political decision."),
    "app.report_make": ("Lag rapport", "Make the report"),
    "app.report_making": ("Lager rapporten …", "Making the report …"),
    "app.report_dl": ("Last ned rapporten (PDF)", "Download the report (PDF)"),
}
