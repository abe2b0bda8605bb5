"""Catalogue entries for safe sharing: the public version and what the app keeps apart.

``key: (bokmål, English)``. ``public.*`` is what :mod:`siting.public` says in
public outputs (bands, what is withheld and why); ``app.access.*``,
``app.public.*`` and ``app.page.*`` are the app's data-folder, public-download
and paging texts.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "public.plot": ("Tomt", "Plot"),
    "public.under": ("under {b}", "under {b}"),
    "public.over": ("over {a}", "over {a}"),
    "public.between": ("{a}–{b}", "{a}–{b}"),
    "public.unreachable_walk": ("kan ikke nås til fots", "cannot be reached on foot"),
    "public.unreachable_drive": ("kan ikke nås med bil", "cannot be reached by car"),
    "public.not_measured": ("–", "–"),
    "public.unplaced": ("{status}: {reason}; ikke på kartet", "{status}: {reason}; not on the map"),
    "public.sensitive_rule": ("et avstandskrav som ikke vises offentlig",
                              "a distance rule not shown in public"),
    "public.walk_fmt": ("{v} å gå", "{v} walk"),
    "public.drive_fmt": ("{v} med bil", "{v} by car"),
    "public.detour_fmt": ("{v} omvei", "{v} detour"),
    "public.ranking_intro": (
        "Tomtene i rangert rekkefølge. Tomter som bryter et krav, kommer etter alle som "
        "oppfyller kravene. Gangavstand langs gater og stier i meter og politiets kjøretid og "
        "patruljens omvei i minutter, alle i bånd: «< 250» betyr under 250, «250–500» fra 250 "
        "til under 500.",
        "Plots in ranked order. Plots that fail a rule come after all that pass. Walking "
        "distance along streets and paths in metres, police drive time and patrol detour in "
        "minutes, all in bands: “< 250” means under 250, “250–500” from 250 to under 500."),
    "public.w_intro": (
        "Denne versjonen viser ingenting som kan peke ut en tomt. Den utelater:",
        "This version shows nothing that could locate a plot. It leaves out:"),
    "public.points_withheld": (
        "Poeng per kriterium er utelatt i den offentlige versjonen: de kan regnes tilbake til "
        "avstander.",
        "Points per criterion are left out of the public version: they can be turned back into "
        "distances."),
    "public.w_names": (
        "Tomtenes navn, id-er og merknader (tomtene heter «Tomt 1», «Tomt 2» … i rangert "
        "rekkefølge).",
        "Plot names, ids and notes (plots are called “Plot 1”, “Plot 2” … in ranked order)."),
    "public.w_cells": (
        "Nøyaktig plassering: hver tomt vises bare som den {cell} × {cell} m-ruta den ligger i, "
        "og kartet viser ingen ruter fra tomtene.",
        "Exact positions: each plot is shown only as the {cell} × {cell} m cell it lies in, and "
        "the map draws no routes from the plots."),
    "public.w_services": (
        "Navn på tjenester: verken nærmeste tjeneste for hver tomt eller tjenestene på kartet; "
        "psykisk helsetjeneste og rustjeneste, og kategorier som kommunens register legger "
        "til, vises ikke i det hele tatt, heller ikke avstanden til dem eller kravene om den "
        "(de teller likevel i poengsummen).",
        "Service names: neither the nearest service of each plot nor the services on the map; "
        "mental-health and substance-abuse services, and categories the municipality's "
        "register adds, are not shown at all, nor the distance to them or the rules on it "
        "(they still count in the score)."),
    "public.w_user": (
        "Tekst som brukeren har valgt: tittel, merknader og navn på scenariofil, tomtefil og "
        "kartutdrag (de kan navngi en tomt); rapporten heter «{title}».",
        "Text the user chose: the title, notes and the names of the scenario file, plots file "
        "and map extract (each may name a plot); the report is called “{title}”."),
    "public.w_bands": (
        "Nøyaktige tall: gangavstander vises som {walk}, politiets responstid som {drive} og "
        "patruljeomveien som {detour}.",
        "Exact figures: walking distances are shown as {walk}, police response time as {drive} "
        "and the patrol detour as {detour}."),
    "public.w_points": (
        "Poeng per kriterium, avstand til vei, hvor mye en tomt bommer på et krav med og "
        "vekten der to tomter bytter plass (alt kan regnes tilbake til en avstand); "
        "poengsummen vises i hele poeng.",
        "Points per criterion, distance to the street, the margin by which a plot misses a "
        "rule and the weight at which two plots swap (each can be turned back into a "
        "distance); the score is shown in whole points."),
    "public.w_why": (
        "Hvorfor: tomtene er fortrolige til kommunestyret har bestemt seg. Navnet på nærmeste "
        "busstopp, butikk og skole med avstander på metern, eller nøyaktige avstander fra flere "
        "tomter til én tjeneste, peker ut en tomt langt bedre enn ruta den ligger i.",
        "Why: the plots are confidential until the council has decided. The name of the nearest "
        "bus stop, shop and school with distances to the metre, or exact distances from several "
        "plots to one service, pin a plot down far more tightly than the cell it lies in."),
    # ---- the app (ui.access, ui.public_ui, ui.common)
    "app.access.data_pick": (
        "… eller et utdrag fra datamappen",
        "… or an extract from the data folder"),
    "app.access.data_off": (
        "Filer på serveren kan bare åpnes fra en datamappe som den som startet appen har valgt "
        "(--data-dir).",
        "Files on the server can only be opened from a data folder chosen by whoever started "
        "the app (--data-dir)."),
    "app.access.scn_not_allowed": (
        "{name}: scenarioet er laget på utdraget {file}, som appen ikke kan åpne fra serveren; "
        "last opp utdraget (Studieområde → Lokal OSM-fil) og åpne scenarioet igjen.",
        "{name}: the scenario was made on the extract {file}, which the app may not open from "
        "the server; upload the extract (Study area → Local OSM file) and open the scenario "
        "again."),
    "app.public.switch": (
        "Offentlig versjon av alt som lastes ned",
        "Public version of every download"),
    "app.public.switch_help": (
        "Tabell, kart og rapport uten noe som kan peke ut en tomt: tomtene er fortrolige til "
        "kommunestyret har bestemt seg. Scenarioet, kombinasjonene og tjenestelisten har "
        "ingen offentlig versjon og lastes ikke ned mens den er på.",
        "Table, map and report without anything that could locate a plot: the plots are "
        "confidential until the council has decided. The scenario, the combinations and the "
        "service list have no public version and are not offered while it is on."),
    "app.public.held_scenario": (
        "«{switch}» er på (under «{tab}»): scenarioet lagres ikke, for det er den interne "
        "arbeidsfilen med tomtenes navn og posisjoner, tittel og notater. Slå bryteren av for "
        "å lagre det.",
        "“{switch}” is on (under “{tab}”): the scenario is not saved, as it is the internal "
        "working file with the plots' names and positions, title and notes. Turn the switch "
        "off to save it."),
    "app.public.held_pair": (
        "«{switch}» er på (under «{tab}»): kombinasjonene lastes ikke ned, for tabellen har "
        "tomtenes id-er og navn, nøyaktige poengsummer og avstander i meter. Slå bryteren av "
        "for å laste den ned.",
        "“{switch}” is on (under “{tab}”): the combinations are not downloaded, as the table "
        "has the plots' ids and names, exact scores and distances in metres. Turn the switch "
        "off to download it."),
    "app.public.held_review": (
        "«{switch}» er på (under «{tab}»): tjenestelisten lastes ikke ned, for den har "
        "tjenestenes navn og posisjoner, også hjelpetjenestene og eget register, som en "
        "offentlig versjon aldri viser. Slå bryteren av for å laste den ned.",
        "“{switch}” is on (under “{tab}”): the service list is not downloaded, as it has the "
        "services' names and positions, the help services and your own register too, which "
        "a public version never shows. Turn the switch off to download it."),
    "app.public.head": ("Dette fjernes før deling", "What is removed before sharing"),
    "app.public.counts": (
        "I denne analysen: {names} tomtenavn og id-er, {services} navn på nærmeste tjenester, "
        "{figures} nøyaktige avstander og tider (blir bånd eller utelates) og {places} "
        "posisjoner (blir {cell} m-ruter).",
        "In this analysis: {names} plot names and ids, {services} names of nearest services, "
        "{figures} exact distances and times (become bands or are left out) and {places} "
        "positions (become {cell} m cells)."),
    "app.public.preview": (
        "Slik ser tabellen ut når den deles:",
        "The table as it will be shared:"),
    "app.page.page": ("Side", "Page"),
    "app.page.rows": ("Rad {a}–{b} av {n}", "Rows {a}–{b} of {n}"),
    "app.public.suffix": ("-offentlig", "-public"),
    # ---- the public table in Excel (siting.excel)
    "xlsx.plot": ("Tomt", "Plot"),
    "xlsx.fails": ("Bryter krav", "Fails the rules"),
    "xlsx.police_band": ("Politi, kjøretid", "Police, drive time"),
    "xlsx.patrol_band": ("Patrulje, omvei", "Patrol, detour"),
    "xlsx.walk_band": ("{category}, gange", "{category}, walk"),
}
