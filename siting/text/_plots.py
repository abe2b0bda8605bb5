"""Catalogue entries for reading and placing plots: row problems and address matches.

``key: (bokmål, English)``. A row problem is stored in a plots table as its
English text (that is its code, kept in scenario files too);
:func:`siting.text.render.problem_text` recognises it and says it in either
language.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    # ---- a plot's reading problem (siting.plots); "(details)" after it are kept as written
    "problem.missing": ("mangler koordinater", "missing coordinates"),
    "problem.repaired": ("ugyldig polygon reparert", "invalid polygon repaired"),
    "problem.unrepairable": ("ugyldig polygon uten areal (kan ikke repareres); tegn det på nytt",
                             "invalid polygon without area (cannot be repaired); redraw it"),
    "problem.out_of_range": ("koordinater utenfor lengdegrad -180..180 / breddegrad -90..90",
                             "coordinates outside longitude -180..180 / latitude -90..90"),
    "problem.unreadable_geometry": ("uleselig geometri", "unreadable geometry"),
    "problem.unreadable_coordinates": ("uleselige koordinater", "unreadable coordinates"),
    # ---- a name or address quoted in a text: each language's own quotation marks
    "quote.name": ("«{text}»", "“{text}”"),
    # ---- a plot placed by address or gnr/bnr (siting.locate): what was looked up and found
    "problem.no_location": ("mangler både koordinater og adresse",
                            "no coordinates and no address"),
    "problem.address_missing": ("fant ikke adressen «{given}»; nærmeste: {near}",
                                "address “{given}” not found; nearest: {near}"),
    "problem.address_ambiguous": ("adressen «{given}» passer flere steder: {near}; legg til "
                                  "postnummeret",
                                  "address “{given}” fits several places: {near}; add the "
                                  "postcode"),
    "problem.address_none": ("fant ikke adressen «{given}»: kartdataene har ingen adresser; "
                             "oppgi koordinater eller Kartverkets adressefil",
                             "address “{given}” not found: the map data hold no addresses; "
                             "give coordinates or Kartverket's address file"),
    "problem.parcel_missing": ("fant ikke gnr/bnr {given} i adressefila; nærmeste: {near}",
                               "gnr/bnr {given} not in the address file; nearest: {near}"),
    "problem.parcel_ambiguous": ("gnr/bnr {given} finnes i flere kommuner: {near}; legg til "
                                 "kommunenummeret",
                                 "gnr/bnr {given} exists in several municipalities: {near}; "
                                 "add the kommunenummer"),
    "problem.parcel_unreadable": ("uleselig gnr/bnr «{given}»; skriv den som 21/5 eller i "
                                  "kolonnene gnr og bnr",
                                  "unreadable gnr/bnr “{given}”; write it as 21/5 or in columns "
                                  "gnr and bnr"),
    "problem.letter": ("adressen «{given}» finnes ikke i dataene; plassert ved {label}",
                       "address “{given}” is not in the data; placed at {label}"),
    "problem.street": ("intet husnummer i «{given}»: plassert ved {label}, midt blant gatens "
                       "{n} adresser",
                       "no house number in “{given}”: placed at {label}, the middle of the "
                       "street's {n} addresses"),
    "problem.parcels": ("gnr/bnr {given} har {n} adresser: plassert ved den første, {label}",
                        "gnr/bnr {given} has {n} addresses: placed at the first, {label}"),
    "problem.ignored": ("«{ignored}» passer ikke med {label}: funnet uten",
                        "“{ignored}” does not fit {label}: matched without it"),
    # ---- how well an address or gnr/bnr matched (siting.locate, column ``match_quality``)
    "match.exact": ("eksakt", "exact"),
    "match.variant": ("annen skrivemåte", "other spelling"),
    "match.letter": ("annen husbokstav", "other house letter"),
    "match.street": ("uten husnummer: gatens midte", "no house number: middle of the street"),
    "match.parcel": ("gnr/bnr", "gnr/bnr"),
    "match.parcels": ("gnr/bnr med flere adresser", "gnr/bnr with several addresses"),
    "match.none": ("ikke funnet", "not found"),
    "match.log": ("{pid}: «{given}» -> {match} ({how})", "{pid}: “{given}” -> {match} ({how})"),
    "cli.not_measured": ("ikke målt: {plot}: {flag}", "not measured: {plot}: {flag}"),
    "cli.not_measured_more": ("ikke målt: {n} tomter til; resultatfilen gir grunnen for hver",
                              "not measured: {n} more plots; the result file gives each one's "
                              "reason"),
}
