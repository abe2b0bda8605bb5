"""Texts of the Streamlit app in Norwegian bokmål ("nb", the default) and English ("en").

Every label, button, message and help text the app shows comes from
:data:`TEXTS`; :func:`tr` picks one by key and fills ``{placeholders}``. Texts
that belong to the analysis itself (column names, reasons, flags, errors) come
from the package (:mod:`siting.scoring`, :mod:`siting.errors`), already in both
languages.
"""

from __future__ import annotations

from siting.text.render import problem_text

__all__ = ["LANG_NAMES", "PROFILE_TEXTS", "SHAPE_NAMES", "TEXTS", "problem_text",
           "tr"]

LANG_NAMES = {"nb": "Norsk (bokmål)", "en": "English"}

#: Profile key -> (name, one-line description), per language.
PROFILE_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "nb": {
        "recovery": ("Endring", "For beboere som vil endre livssituasjonen: nær lege, "
                     "psykisk helse, rustjeneste, buss og butikk."),
        "active-use": ("Aktiv rus", "For beboere i aktiv rus som trenger tak over hodet: "
                       "politiets responstid og patruljering veier mest."),
    },
    "en": {
        "recovery": ("Recovery", "For residents who want to change their life: close to the "
                     "GP, mental-health and substance-abuse services, bus and shop."),
        "active-use": ("Active use", "For residents in active use who need a roof over their "
                       "head: police response and patrols weigh most."),
    },
}

SHAPE_NAMES = {
    "nb": {"linear": "rett linje", "step": "trinn", "smooth": "myk (S-kurve)",
           "exponential": "eksponentiell"},
    "en": {"linear": "straight line", "step": "step", "smooth": "smooth (S-curve)",
           "exponential": "exponential"},
}

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "title": "Tomtevalg for robuste boliger",
        "subtitle": "Sammenlign kandidattomter etter gangavstand til tjenester og politiets "
                    "responstid, målt på det virkelige gatenettet.",
        "language": "Språk",
        # study area
        "area": "Studieområde",
        "area_now": "Område: **{name}**",
        "area_date": "Kartdata fra {date}",
        "area_source": "Kilde: {source}",
        "source_demo": "innebygd demo",
        "source_file": "lokal OSM-fil",
        "source_place": "OpenStreetMap (lastet ned)",
        "area_change": "Bytt område",
        "area_how": "Hvor skal området komme fra?",
        "how_place": "Kommune fra OpenStreetMap",
        "how_file": "Lokal OSM-fil",
        "how_recent": "Nylig brukt",
        "how_demo": "Demo",
        "place_name": "Kommune eller sted",
        "place_default": "Melhus kommune",
        "fetch": "Hent fra OpenStreetMap",
        "fetching": "Henter {name} …",
        "live_missing": "Nedlasting fra OpenStreetMap er ikke tilgjengelig i denne "
                        "installasjonen. Åpne et lokalt OSM-utdrag i stedet.",
        "osm_upload": "Last opp OSM-utdrag (.osm.pbf, .osm, .osm.bz2)",
        "osm_path": "… eller sti til en stor fil på denne maskinen",
        "open": "Åpne",
        "no_such_file": "Finner ikke filen {path}; sjekk stien.",
        "recent_pick": "Nylig brukte områder",
        "recent_none": "Ingen områder er brukt før på denne maskinen.",
        "open_demo": "Åpne demobyen",
        "loading_area": "Forbereder gatenettet for {name} …",
        "opened": "Åpnet {name}.",
        # plots
        "tab_map": "Kart",
        "tab_ranking": "Rangering",
        "tab_plots": "Tomter",
        "tab_services": "Tjenester",
        "tab_download": "Last ned",
        "tab_decide": "Beslutning",
        "plots": "Kandidattomter",
        "no_plots": "Ingen tomter ennå: last opp en fil under «Tomter», eller velg "
                    "«Plasser tomt» over kartet og klikk der tomten ligger.",
        "plots_upload": "Last opp tomter (GeoJSON, GeoPackage, zippet Shapefile, CSV)",
        "plots_crs": "CRS for x/y-koordinater i CSV (f.eks. EPSG:25832), ellers tomt",
        "plots_add": "Legg til i listen (ellers erstatter filen tomtene)",
        "plots_read": "Leste {n} tomter fra {name}.",
        "plots_problems": "Noen tomter har problemer og blir flagget: {rows}",
        "plots_table": "Tomtene",
        "col_id": "Id",
        "col_name": "Navn",
        "col_problem": "Problem",
        "col_lon": "Lengdegrad",
        "col_lat": "Breddegrad",
        "rename": "Gi nytt navn",
        "rename_pick": "Tomt",
        "rename_new": "Nytt navn",
        "rename_do": "Lagre navnet",
        "remove": "Fjern tomter",
        "remove_pick": "Tomter som skal fjernes",
        "remove_do": "Fjern valgte",
        "removed": "Fjernet {n} tomt(er).",
        "new_plot": "Ny tomt",
        "plot_added": "La til tomten «{name}».",
        # services
        "services": "Tjenester",
        "svc_counts": "Tjenester funnet per kategori",
        "svc_category": "Kategori",
        "svc_osm": "Fra OpenStreetMap",
        "svc_register": "Fra kommunens register",
        "svc_added": "Lagt til på kartet",
        "svc_show": "Vis tjenestene i kategorien",
        "svc_name": "Navn",
        "svc_source": "Kilde",
        "src_osm": "OpenStreetMap",
        "src_register": "kommunens register eller lagt til på kartet",
        "register_upload": "Last opp kommunens tjenesteregister (CSV eller GIS-fil med "
                           "kategori, navn og plassering)",
        "register_read": "Leste {n} tjenester fra {name}.",
        "register_missing": "Denne installasjonen kan ikke lese tjenesteregistre ennå.",
        "register_clear": "Fjern registeret",
        "added_services": "Tjenester lagt til på kartet",
        "added_remove": "Fjern de lagt til",
        "svc_added_msg": "La til «{name}» ({category}).",
        "new_service": "Ny tjeneste",
        # decide
        "decide": "Vekter og regler",
        "profile": "Beboerprofil",
        "weights": "Vekter (bare forholdet mellom dem teller)",
        "rules": "Absolutte krav",
        "rule_label": "{label}: {op} {value} {unit}",
        "op_max": "høyst",
        "op_min": "minst",
        "rule_limit": "Grense ({unit})",
        "curves": "Verdikurver",
        "curve_pick": "Kriterium",
        "curve_full": "Full uttelling ved ({unit})",
        "curve_zero": "Null ved ({unit})",
        "curve_shape": "Form",
        "curve_x": "Avstand ({unit})",
        "curve_y": "Verdi (0–1)",
        "reset": "Tilbakestill profilen",
        # ranking
        "ranking": "Rangering",
        "ranking_note": "Tom celle: ingen slik tjeneste kan nås. Poengsum 0–100; "
                        "tomter som bryter et krav kommer etter dem som oppfyller alle.",
        "compare": "Sammenlign tomter",
        "compare_pick": "Velg to eller tre tomter",
        "compare_row": "Kriterium",
        "no_ranking": "Ingen tomter å rangere ennå.",
        # map
        "map_click": "Når du klikker i kartet",
        "click_none": "Bare se",
        "click_plot": "Plasser tomt",
        "click_service": "Legg til tjeneste",
        "click_name_plot": "Navn på ny tomt",
        "click_name_service": "Navn på ny tjeneste",
        "click_category": "Kategori for ny tjeneste",
        "routes_for": "Gangruter for",
        "layers": "Kartlag",
        "layer_network": "Gatenett",
        "layer_services": "Tjenester",
        "layer_routes": "Gangruter",
        "layer_police": "Politiets responstid",
        "layer_surface": "Egnethet langs gatene",
        "online": "Bakgrunnskart fra nett (Kartverket/OpenStreetMap)",
        "online_help": "Krever internett. Uten nett tegnes gatenettet fra OSM-dataene.",
        "hint_plot": "Klikk i kartet der tomten ligger.",
        "hint_service": "Klikk i kartet der tjenesten ligger.",
        # downloads
        "download": "Last ned resultatet",
        "dl_csv": "Rangert tabell (CSV)",
        "dl_gpkg": "Rangert tabell med tomter (GeoPackage)",
        "dl_html": "Kart (selvstendig HTML)",
        "dl_note": "Filene gjelder {profile}-profilen med vektene slik de står nå.",
        "startup_failed": "Kunne ikke åpne det som ble gitt ved oppstart:",
        "choose": "Velg …",
        # decision tab: scenarios
        "scn_head": "Scenario: lagre og åpne",
        "scn_intro": "Et scenario er alt som trengs for å gjenta analysen: tomtene, kommunens "
                     "tjenester, vekter, kurver og krav, og hvilke kartdata som ble brukt. Det "
                     "lagres som én GeoPackage som også kan åpnes i QGIS.",
        "scn_title": "Tittel",
        "scn_notes": "Notater",
        "scn_save": "Lagre scenario (.gpkg)",
        "scn_open": "Åpne scenario",
        "scn_same": "Åpnet «{name}». Resultatene er identiske med de lagrede, tall for tall.",
        "scn_diff": "Åpnet «{name}», men resultatene avviker fra de lagrede: kartdataene eller "
                    "programmet er endret siden scenarioet ble lagret.",
        "scn_new_data": "Scenarioet er regnet på andre kartdata enn det ble laget med.",
        "scn_pending": "Scenarioet «{name}» venter på kartdataene sine: {error}",
        "scn_pending_hint": "Åpne OSM-utdraget under «Bytt område» i sidepanelet, så åpnes "
                            "scenarioet av seg selv. Eller regn det på kartdataene som er åpne nå.",
        "scn_force": "Bruk kartdataene som er åpne nå",
        "scn_cancel": "Avbryt åpningen",
        "scn_unknown_area": "{name}: appen kan ikke selv åpne området scenarioet ble laget på "
                            "({kind}); åpne OSM-utdraget under «Bytt område».",
        "scn_no_results": "{name}: scenarioet har ingen lagrede resultater å sammenligne; åpne "
                          "det og lagre det på nytt.",
        "scn_auto": "Scenario {n}: {profile}",
        # decision tab: comparing
        "cmp_head": "Sammenlign to scenarioer",
        "cmp_intro": "Hvilke tomter bytter plass når noe endres: en bussholdeplass flyttes, et "
                     "nytt legekontor, eller den andre beboerprofilen?",
        "cmp_keep_a": "Behold nåværende som A",
        "cmp_keep_b": "Behold nåværende som B",
        "cmp_other": "Sammenlign med profilen «{profile}»",
        "cmp_other_help": "A blir analysen slik den står nå; B de samme tomtene og tjenestene "
                          "med den andre profilens vekter og krav.",
        "cmp_add": "Legg til scenario fra fil",
        "cmp_clear": "Tøm listen",
        "cmp_a": "Scenario A",
        "cmp_b": "Scenario B",
        "cmp_none": "Behold analysen som A og B, legg til scenarioer fra fil, eller sammenlign "
                    "med den andre profilen med ett klikk.",
        "cmp_rank_a": "Rang A",
        "cmp_rank_b": "Rang B",
        "cmp_rank_change": "Endring i rang (B − A)",
        "cmp_score_a": "Poengsum A",
        "cmp_score_b": "Poengsum B",
        "cmp_score_change": "Endring i poengsum",
        "cmp_criterion": "Kriteriet som endret seg mest",
        "cmp_criterion_change": "Endring i poeng",
        "cmp_note": "Negativ endring i rang: tomten stiger i B; positiv: den faller. Tom celle: "
                    "tomten finnes bare i ett av scenarioene, eller kan ikke rangeres.",
        # decision tab: robustness
        "rob_head": "Hvor robust er rangeringen?",
        "par_head": "Tomter som er dårligere på alt (Pareto)",
        "par_intro": "En tomt er slått når en annen er minst like god på hvert kriterium som "
                     "teller, og bedre på minst ett: den kan bare vinne om et kriterium tas ut. "
                     "Kravene er ikke tatt med; flaggede tomter er utelatt.",
        "par_none": "Ingen tomt er slått på alle kriterier: hver er best på noe.",
        "par_dominated": "Slått på alt",
        "par_by": "Slått av",
        "par_beats": "Slår",
        "yes": "ja",
        "no": "nei",
        "sens_head": "Hva om vektene var litt annerledes?",
        "sens_first": "Best",
        "sens_top3": "Blant de tre beste",
        "sens_share": "Andel av trekningene",
        "sens_mean": "Gjennomsnittlig rang",
        "sens_range": "Rang (5–95 %)",
        "sens_flagged": "Flaggede tomter er ikke med: de kan ikke rangeres.",
        "swap_head": "Hvor mye må én vekt endres før nr. 1 og nr. 2 bytter plass?",
        "swap_rest": "For {labels}: ingen endring av den vekten alene får tomt {second} forbi "
                     "tomt {first}.",
        "swap_pair": "Færre enn to tomter kan rangeres.",
        # downloads: the committee report
        "report_head": "Rapport for komiteen (PDF)",
        "report_note": "Sammendrag med anbefaling og robusthet, kart, rangering, ett kort per "
                       "tomt, kriterier og kilder, på norsk (bytt språk øverst i sidepanelet).",
        "report_public": "Offentlig versjon",
        "report_public_help": "Uten tomtenavn og nøyaktige koordinater, med generaliserte "
                              "posisjoner: tomter og tjenester kan være følsomme før et "
                              "politisk vedtak.",
        "report_make": "Lag rapport",
        "report_making": "Lager rapporten …",
        "report_dl": "Last ned rapporten (PDF)",
    },
    "en": {
        "title": "Site selection for robust homes",
        "subtitle": "Compare candidate plots by walking distance to services and police "
                    "response time, measured on the real street network.",
        "language": "Language",
        "area": "Study area",
        "area_now": "Area: **{name}**",
        "area_date": "Map data from {date}",
        "area_source": "Source: {source}",
        "source_demo": "built-in demo",
        "source_file": "local OSM file",
        "source_place": "OpenStreetMap (downloaded)",
        "area_change": "Change area",
        "area_how": "Where should the area come from?",
        "how_place": "Municipality from OpenStreetMap",
        "how_file": "Local OSM file",
        "how_recent": "Recently used",
        "how_demo": "Demo",
        "place_name": "Municipality or place",
        "place_default": "Melhus kommune",
        "fetch": "Fetch from OpenStreetMap",
        "fetching": "Fetching {name} …",
        "live_missing": "Downloading from OpenStreetMap is not available in this "
                        "installation. Open a local OSM extract instead.",
        "osm_upload": "Upload an OSM extract (.osm.pbf, .osm, .osm.bz2)",
        "osm_path": "… or the path of a large file on this machine",
        "open": "Open",
        "no_such_file": "Cannot find the file {path}; check the path.",
        "recent_pick": "Recently used areas",
        "recent_none": "No area has been used on this machine yet.",
        "open_demo": "Open the demo town",
        "loading_area": "Preparing the street network of {name} …",
        "opened": "Opened {name}.",
        "tab_map": "Map",
        "tab_ranking": "Ranking",
        "tab_plots": "Plots",
        "tab_services": "Services",
        "tab_download": "Download",
        "tab_decide": "Decision",
        "plots": "Candidate plots",
        "no_plots": "No plots yet: upload a file under “Plots”, or choose “Place a plot” "
                    "above the map and click where the plot is.",
        "plots_upload": "Upload plots (GeoJSON, GeoPackage, zipped Shapefile, CSV)",
        "plots_crs": "CRS of x/y coordinates in a CSV (e.g. EPSG:25832), else empty",
        "plots_add": "Add to the list (otherwise the file replaces the plots)",
        "plots_read": "Read {n} plots from {name}.",
        "plots_problems": "Some plots have problems and will be flagged: {rows}",
        "plots_table": "The plots",
        "col_id": "Id",
        "col_name": "Name",
        "col_problem": "Problem",
        "col_lon": "Longitude",
        "col_lat": "Latitude",
        "rename": "Rename",
        "rename_pick": "Plot",
        "rename_new": "New name",
        "rename_do": "Save the name",
        "remove": "Remove plots",
        "remove_pick": "Plots to remove",
        "remove_do": "Remove selected",
        "removed": "Removed {n} plot(s).",
        "new_plot": "New plot",
        "plot_added": "Added the plot “{name}”.",
        "services": "Services",
        "svc_counts": "Services found per category",
        "svc_category": "Category",
        "svc_osm": "From OpenStreetMap",
        "svc_register": "From the municipal register",
        "svc_added": "Added on the map",
        "svc_show": "Show the services of category",
        "svc_name": "Name",
        "svc_source": "Source",
        "src_osm": "OpenStreetMap",
        "src_register": "municipal register or added on the map",
        "register_upload": "Upload the municipality's service register (CSV or GIS file with "
                           "category, name and location)",
        "register_read": "Read {n} services from {name}.",
        "register_missing": "This installation cannot read service registers yet.",
        "register_clear": "Remove the register",
        "added_services": "Services added on the map",
        "added_remove": "Remove the added ones",
        "svc_added_msg": "Added “{name}” ({category}).",
        "new_service": "New service",
        "decide": "Weights and rules",
        "profile": "Resident profile",
        "weights": "Weights (only their ratios matter)",
        "rules": "Hard rules",
        "rule_label": "{label}: {op} {value} {unit}",
        "op_max": "at most",
        "op_min": "at least",
        "rule_limit": "Limit ({unit})",
        "curves": "Value curves",
        "curve_pick": "Criterion",
        "curve_full": "Full value at ({unit})",
        "curve_zero": "Zero at ({unit})",
        "curve_shape": "Shape",
        "curve_x": "Distance ({unit})",
        "curve_y": "Value (0–1)",
        "reset": "Reset the profile",
        "ranking": "Ranking",
        "ranking_note": "Empty cell: no such service can be reached. Score 0–100; plots "
                        "failing a rule come after those passing all rules.",
        "compare": "Compare plots",
        "compare_pick": "Pick two or three plots",
        "compare_row": "Criterion",
        "no_ranking": "No plots to rank yet.",
        "map_click": "When you click on the map",
        "click_none": "Just look",
        "click_plot": "Place a plot",
        "click_service": "Add a service",
        "click_name_plot": "Name of the new plot",
        "click_name_service": "Name of the new service",
        "click_category": "Category of the new service",
        "routes_for": "Walking routes for",
        "layers": "Map layers",
        "layer_network": "Street network",
        "layer_services": "Services",
        "layer_routes": "Walking routes",
        "layer_police": "Police response time",
        "layer_surface": "Suitability along the streets",
        "online": "Background map from the internet (Kartverket/OpenStreetMap)",
        "online_help": "Needs the internet. Offline, the street network is drawn from the "
                       "OSM data.",
        "hint_plot": "Click on the map where the plot is.",
        "hint_service": "Click on the map where the service is.",
        "download": "Download the result",
        "dl_csv": "Ranked table (CSV)",
        "dl_gpkg": "Ranked table with plots (GeoPackage)",
        "dl_html": "Map (self-contained HTML)",
        "dl_note": "The files hold the {profile} profile with the weights as they are now.",
        "startup_failed": "Could not open what was given at start-up:",
        "choose": "Choose …",
        "scn_head": "Scenario: save and open",
        "scn_intro": "A scenario is everything needed to repeat the analysis: the plots, the "
                     "municipality's services, weights, curves and rules, and which map data "
                     "were used. It is saved as one GeoPackage that also opens in QGIS.",
        "scn_title": "Title",
        "scn_notes": "Notes",
        "scn_save": "Save scenario (.gpkg)",
        "scn_open": "Open scenario",
        "scn_same": "Opened “{name}”. The results are identical to the saved ones, figure for "
                    "figure.",
        "scn_diff": "Opened “{name}”, but the results differ from the saved ones: the map data "
                    "or the program has changed since the scenario was saved.",
        "scn_new_data": "The scenario was computed on other map data than it was made with.",
        "scn_pending": "The scenario “{name}” is waiting for its map data: {error}",
        "scn_pending_hint": "Open the OSM extract under “Change area” in the sidebar and the "
                            "scenario opens by itself. Or compute it on the map data open now.",
        "scn_force": "Use the map data open now",
        "scn_cancel": "Cancel opening",
        "scn_unknown_area": "{name}: the app cannot open the area the scenario was made on by "
                            "itself ({kind}); open the OSM extract under “Change area”.",
        "scn_no_results": "{name}: the scenario has no saved results to compare; open it and "
                          "save it again.",
        "scn_auto": "Scenario {n}: {profile}",
        "cmp_head": "Compare two scenarios",
        "cmp_intro": "Which plots change places when something changes: a bus stop moves, a new "
                     "GP office, or the other resident profile?",
        "cmp_keep_a": "Keep the current one as A",
        "cmp_keep_b": "Keep the current one as B",
        "cmp_other": "Compare with the “{profile}” profile",
        "cmp_other_help": "A is the analysis as it stands; B the same plots and services with "
                          "the other profile's weights and rules.",
        "cmp_add": "Add a scenario from a file",
        "cmp_clear": "Clear the list",
        "cmp_a": "Scenario A",
        "cmp_b": "Scenario B",
        "cmp_none": "Keep the analysis as A and B, add scenarios from files, or compare with the "
                    "other profile in one click.",
        "cmp_rank_a": "Rank A",
        "cmp_rank_b": "Rank B",
        "cmp_rank_change": "Rank change (B − A)",
        "cmp_score_a": "Score A",
        "cmp_score_b": "Score B",
        "cmp_score_change": "Score change",
        "cmp_criterion": "Criterion that changed most",
        "cmp_criterion_change": "Points change",
        "cmp_note": "Negative rank change: the plot rises in B; positive: it falls. Empty cell: "
                    "the plot is in one scenario only, or cannot be ranked.",
        "rob_head": "How robust is the ranking?",
        "par_head": "Plots that are worse on everything (Pareto)",
        "par_intro": "A plot is beaten when another is at least as good on every criterion that "
                     "counts and better on one: it can only win if a criterion is dropped. "
                     "Rules are not considered; flagged plots are left out.",
        "par_none": "No plot is beaten on every criterion: each is best at something.",
        "par_dominated": "Beaten on everything",
        "par_by": "Beaten by",
        "par_beats": "Beats",
        "yes": "yes",
        "no": "no",
        "sens_head": "What if the weights were a little different?",
        "sens_first": "First",
        "sens_top3": "In the top three",
        "sens_share": "Share of draws",
        "sens_mean": "Mean rank",
        "sens_range": "Rank (5–95 %)",
        "sens_flagged": "Flagged plots are left out: they cannot be ranked.",
        "swap_head": "How much must one weight change before the first and second plot swap?",
        "swap_rest": "For {labels}: no change of that weight alone lets plot {second} overtake "
                     "plot {first}.",
        "swap_pair": "Fewer than two plots can be ranked.",
        "report_head": "Report for the committee (PDF)",
        "report_note": "Summary with the recommendation and its robustness, map, ranking, one "
                       "card per plot, criteria and sources, in English (switch the language at "
                       "the top of the sidebar).",
        "report_public": "Public version",
        "report_public_help": "Without plot names and exact coordinates, with generalised "
                              "positions: candidate sites and services can be sensitive before "
                              "a political decision.",
        "report_make": "Make the report",
        "report_making": "Making the report …",
        "report_dl": "Download the report (PDF)",
    },
}


def tr(key: str, lang: str = "nb", **values: object) -> str:
    """Return the app text ``key`` in ``lang`` (bokmål fallback), filled with ``values``."""
    texts = TEXTS.get(lang, TEXTS["nb"])
    text = texts.get(key, TEXTS["nb"][key])
    return text.format(**values) if values else text
