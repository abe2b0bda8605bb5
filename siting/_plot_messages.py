"""The messages of the plots reader: every problem in English and bokmål, with its fix.

:data:`MSG` holds the (English, bokmål) templates; :func:`msg` fills one,
:func:`refuse` joins the issues of one file into one
:class:`~siting.errors.InputError`, and :func:`listed` cuts a long list of rows.
"""

from __future__ import annotations

from .errors import InputError
from .text import t

__all__ = ["MISSING", "MSG", "OUT_OF_RANGE", "REPAIRED", "UNREPAIRABLE", "Issue", "listed", "msg",
           "refuse", "row_problem"]

# the ``problem`` of one plot (the row is kept): the English text is the code, stored in
# plots tables and scenarios; siting.text.render.problem_text says it in either language
MISSING = "missing coordinates"
REPAIRED = "invalid polygon repaired"
UNREPAIRABLE = "invalid polygon without area (cannot be repaired); redraw it"
OUT_OF_RANGE = "coordinates outside longitude -180..180 / latitude -90..90"
UNREADABLE_GEOMETRY = "unreadable geometry"
UNREADABLE_COORDINATES = "unreadable coordinates"

def row_problem(key: str, **values: object) -> str:
    """Return the row problem ``problem.<key>`` of the text catalogue in English, filled
    with ``values``: the English text is what a plots table stores (its code);
    :func:`siting.text.render.problem_text` says it in either language."""
    return t(f"problem.{key}", "en", **values)


_MAX_LISTED = 10  # rows named in one message; the rest are counted

Issue = tuple[str, str]  # (English, bokmål) text of one problem and its fix

_CRS_EN = ("give the CRS, e.g. EPSG:25832 (UTM 32N, used in Trøndelag) or EPSG:25833 "
           "(command line: --crs; app: the CRS field)")
_CRS_NB = ("oppgi CRS, f.eks. EPSG:25832 (UTM 32N, brukt i Trøndelag) eller EPSG:25833 "
           "(kommandolinje: --crs; appen: CRS-feltet)")
_ZIP_EN, _ZIP_NB = "zip the shapefile's .shp, .shx, .dbf and .prj files", "zip shapefilens filer"
MSG: dict[str, Issue] = {
    "ext": ("unknown file type '{ext}'. Supported formats: GeoJSON (.geojson, .json), GeoPackage "
            "(.gpkg), zipped Shapefile (.zip), CSV (.csv, .txt), Excel (.xlsx); save the plots "
            "in one of these.", "ukjent filtype '{ext}'. Støttede formater: GeoJSON (.geojson, "
            ".json), GeoPackage (.gpkg), zippet Shapefile (.zip), CSV (.csv, .txt), Excel "
            "(.xlsx); lagre tomtene i et av disse."),
    "crs": ("the CRS '{crs}' is not known; pass an EPSG code such as EPSG:25832.",
            "CRS-en '{crs}' er ukjent; oppgi en EPSG-kode som EPSG:25832."),
    "os": ("cannot be read ({why}); check the path.", "kan ikke leses ({why}); sjekk stien."),
    "empty": ("the file is empty; export the plots again and upload the saved file.",
              "fila er tom; eksporter tomtene på nytt og last opp den lagrede fila."),
    "none": ("the file contains no plots (0 {unit}); add at least one plot.",
             "fila inneholder ingen tomter (0 {unit}); legg til minst én tomt."),
    "geojson": ("not GeoJSON ({why}); save the plots as GeoJSON from your GIS, e.g. QGIS: "
                "Export > Save Features As > GeoJSON.", "ikke GeoJSON ({why}); lagre tomtene "
                "som GeoJSON fra GIS-programmet, f.eks. QGIS: Eksporter > Lagre objekter som."),
    "types": ("{rows}; plots must be points or polygons; draw the plot as a polygon or give its "
              "centre point.", "{rows}; tomter må være punkter eller polygoner; tegn tomta som "
              "et polygon eller oppgi midtpunktet."),
    "dups": ("duplicate plot ids in column '{col}': {rows}; give each plot a unique id in column "
             "plot_id.", "like tomte-id-er i kolonnen '{col}': {rows}; gi hver tomt en unik id "
             "i kolonnen plot_id."),
    "metres": ("coordinates look like projected metres (e.g. {x}, {y}) but the file {has}; "
               f"{_CRS_EN}.", "koordinatene ser ut som projiserte meter (f.eks. {x}, {y}), men "
               f"fila {{has}}; {_CRS_NB}."),
    "notdegrees": ("coordinates look like projected metres (e.g. {x}, {y}), but the CRS given, "
                   "{crs}, is in degrees; give the CRS they are in, e.g. EPSG:25832 (UTM 32N, "
                   "used in Trøndelag) or EPSG:25833.",
                   "koordinatene ser ut som projiserte meter (f.eks. {x}, {y}), men CRS-en som "
                   "er oppgitt, {crs}, er i grader; oppgi CRS-en de er i, f.eks. EPSG:25832 "
                   "(UTM 32N, brukt i Trøndelag) eller EPSG:25833."),
    "swapcols": ("the latitude and longitude columns look swapped ('{lat}' = {y}, '{lon}' = {x}; "
                 "Norway lies at latitude 57–72, longitude 4–32); swap the column names '{lat}' "
                 "and '{lon}'.", "kolonnene for bredde- og lengdegrad ser ut til å være byttet "
                 "om ('{lat}' = {y}, '{lon}' = {x}; Norge ligger på breddegrad 57–72, lengdegrad "
                 "4–32); bytt om kolonnenavnene '{lat}' og '{lon}'."),
    "swapxy": ("the coordinates look like (lat, lon), e.g. ({x}, {y}), instead of {fmt}'s (lon, "
               "lat) order (Norway lies at longitude 4–32, latitude 57–72); export the plots "
               "again with longitude (east) first.", "koordinatene ser ut som (bredde, lengde), "
               "f.eks. ({x}, {y}), i stedet for {fmt}s rekkefølge (lengde, bredde) (Norge ligger "
               "på lengdegrad 4–32, breddegrad 57–72); eksporter på nytt med lengdegrad først."),
    "vector": ("cannot be read as {fmt} ({why}); open it in QGIS to check it and export it again.",
               "kan ikke leses som {fmt} ({why}); åpne den i QGIS for å sjekke den og eksporter "
               "den på nytt."),
    "layers": ("expected one layer with geometry, found {n} ({names}); keep only the plots layer "
               "or name it 'plots'.", "forventet ett lag med geometri, fant {n} ({names}); "
               "behold bare tomtelaget eller kall det 'plots'."),
    "zip": (f"not a valid zip archive; {_ZIP_EN} again.", f"ikke et gyldig zip-arkiv; {_ZIP_NB} "
            "(.shp, .shx, .dbf, .prj) på nytt."),
    "slip": (f"{{rows}}; the archive is unsafe; {_ZIP_EN} only.", "{rows}; arkivet er utrygt; "
             f"{_ZIP_NB} (.shp, .shx, .dbf, .prj) og ikke noe annet."),
    "bomb": ("the archive unpacks to more than {mb} MB (the limit); zip only the plots "
             "shapefile.", "arkivet pakkes ut til mer enn {mb} MB (grensen); zip bare "
             "tomte-shapefilen."),
    "entries": ("the archive holds {n} files, more than the {limit} allowed; a zipped shapefile "
                "holds a handful: zip only the plots shapefile.", "arkivet har {n} filer, flere "
                "enn de {limit} som tillates; en zippet shapefil har noen få: zip bare "
                "tomte-shapefilen."),
    "nested": ("the file is nested more than {depth} levels deep; export the plots again as "
               "plain GeoJSON from your GIS.", "fila er nøstet mer enn {depth} nivåer dypt; "
               "eksporter tomtene på nytt som vanlig GeoJSON fra GIS-programmet."),
    "too_many": ("{n} plots, more than the {limit} the app takes per session; split the file, "
                 "or rank them all with the command line (python -m siting rank).",
                 "{n} tomter, flere enn de {limit} appen tar per økt; del fila, eller ranger "
                 "alle med kommandolinjen (python -m siting rank)."),
    "shps": ("the archive must contain exactly one shapefile (.shp), found {n} ({names}); keep "
             "only the one holding the plots and zip it again.", "arkivet må inneholde nøyaktig "
             "én shapefil (.shp), fant {n} ({names}); behold bare den med tomtene og zip på nytt."),
    "parts": (f"{{shp}} lacks {{missing}}; {_ZIP_EN} together.",
              f"{{shp}} mangler {{missing}}; {_ZIP_NB} (.shp, .shx, .dbf, .prj) sammen."),
    "encoding": ("the text is neither UTF-8 nor Windows-1252; save it as CSV UTF-8.",
                 "teksten er verken UTF-8 eller Windows-1252; lagre den som CSV UTF-8."),
    "csv": ("cannot be read as CSV ({why}); save it again as CSV.",
            "kan ikke leses som CSV ({why}); lagre den på nytt som CSV."),
    "xlsx": ("cannot be read as an Excel workbook ({why}); open it in Excel and save it again "
             "as an Excel workbook (.xlsx), or save the sheet as CSV.", "kan ikke leses som en "
             "Excel-arbeidsbok ({why}); åpne den i Excel og lagre den på nytt som "
             "Excel-arbeidsbok (.xlsx), eller lagre arket som CSV."),
    "xlsx_empty": ("the first sheet ('{sheet}') is empty; put the table on the first sheet "
                   "(drag its tab to the left), or save the sheet as CSV.", "det første arket "
                   "('{sheet}') er tomt; legg tabellen på det første arket (dra fanen til "
                   "venstre), eller lagre arket som CSV."),
    "xy": ("coordinates are east/north in columns '{x}' and '{y}' but no CRS was given; "
           f"{_CRS_EN} (or EPSG:4326 if they are longitude/latitude).", "koordinatene er "
           f"øst/nord i kolonnene '{{x}}' og '{{y}}', men ingen CRS er oppgitt; {_CRS_NB} "
           "(eller EPSG:4326 for lengde-/breddegrad)."),
    "xyrows": ("{rows} east/north (columns '{x}' and '{y}') and the other rows latitude/"
               f"longitude, but no CRS was given for east/north; {_CRS_EN} to read both kinds.",
               "{rows} øst/nord (kolonnene '{x}' og '{y}') og de andre radene bredde-/lengdegrad, "
               f"men ingen CRS er oppgitt for øst/nord; {_CRS_NB} for å lese begge slags rader."),
    "nocoords": ("no coordinate or address columns found (columns: {cols}); name them lat and "
                 "lon, or x and y and give the CRS, or give the address in a column adresse "
                 "(or gnr and bnr).", "fant ingen koordinat- eller adressekolonner (kolonner: "
                 "{cols}); kall dem lat og lon, eller x og y og oppgi CRS, eller oppgi adressen "
                 "i en kolonne adresse (eller gnr og bnr)."),
}


def msg(key: str, **values: object) -> Issue:
    """Fill message ``key``; a tuple value gives its (English, bokmål) variants."""
    return tuple(  # type: ignore[return-value]
        text.format(**{k: v[lang] if isinstance(v, tuple) else v for k, v in values.items()})
        for lang, text in enumerate(MSG[key]))


def refuse(name: str, *issues: Issue) -> InputError:
    """Build one error naming the file and every issue with its fix."""
    if len(issues) == 1:
        return InputError(f"{name}: {issues[0][0]}", nb=f"{name}: {issues[0][1]}")
    en, nb = (" ".join(f"({i}) {t[lang]}" for i, t in enumerate(issues, 1)) for lang in (0, 1))
    return InputError(f"{name} has {len(issues)} problems: {en}",
                      nb=f"{name} har {len(issues)} problemer: {nb}")


def listed(items: list[str], nb: bool = False) -> str:
    """Join listed items, cut after ten with a count of the rest."""
    more = len(items) - _MAX_LISTED
    tail = (f" og {more} til" if nb else f" and {more} more") if more > 0 else ""
    return ", ".join(items[:_MAX_LISTED]) + tail
