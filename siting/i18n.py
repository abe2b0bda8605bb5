"""Texts of the Streamlit app in Norwegian bokmål ("nb", the default) and English ("en").

Every label, button, message and help text the app shows comes from
:data:`TEXTS`; :func:`tr` picks one by key and fills ``{placeholders}``. Texts
that belong to the analysis itself (column names, reasons, flags, errors) come
from the package (:mod:`siting.scoring`, :mod:`siting.errors`), already in both
languages.
"""

from __future__ import annotations

__all__ = ["LANG_NAMES", "PROBLEMS", "PROFILE_TEXTS", "SHAPE_NAMES", "TEXTS", "problem_text",
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

#: Row problems :func:`siting.plots.read_plots` notes (English) -> bokmål.
PROBLEMS = {
    "missing coordinates": "mangler koordinater",
    "invalid polygon repaired": "ugyldig polygon reparert",
    "invalid polygon without area (cannot be repaired); redraw it":
        "ugyldig polygon uten areal (kan ikke repareres); tegn det på nytt",
    "coordinates outside longitude -180..180 / latitude -90..90":
        "koordinater utenfor lengdegrad -180..180 / breddegrad -90..90",
    "unreadable geometry": "uleselig geometri",
    "unreadable coordinates": "uleselige koordinater",
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
    },
}


def tr(key: str, lang: str = "nb", **values: object) -> str:
    """Return the app text ``key`` in ``lang`` (bokmål fallback), filled with ``values``."""
    texts = TEXTS.get(lang, TEXTS["nb"])
    text = texts.get(key, TEXTS["nb"][key])
    return text.format(**values) if values else text


def problem_text(problem: str, lang: str = "nb") -> str:
    """Return a plot's row problem in ``lang`` (known English texts get their bokmål)."""
    if lang != "nb" or not problem:
        return problem
    head, sep, rest = problem.partition(" (")
    if problem in PROBLEMS:
        return PROBLEMS[problem]
    return PROBLEMS[head] + sep + rest if head in PROBLEMS else problem
