"""Catalogue entries for what measuring and scoring report: flags, notes, rules, labels.

``key: (bokmål, English)``. Rendered by :mod:`siting.text.render`.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "date": ("{d:%d.%m.%Y}", "{d:%Y-%m-%d}"),
    # about so many minutes, and a span of minutes: "≈ 6 min", "5–15 min" (no-break spaces,
    # an en dash), as the profiles' reasons and the report cards write them
    "unit.about_min": ("≈\u00a0{v}\u00a0min", "≈\u00a0{v}\u00a0min"),
    "unit.min_range": ("{a}–{b}\u00a0min", "{a}–{b}\u00a0min"),
    # ---- flags: why a plot cannot be assessed (analysis.accessibility, column ``flag``)
    "flag.missing": ("mangler plassering: tomten har ingen koordinater",
                     "no location: the plot has no coordinates"),
    "flag.swapped": ("utenfor området OSM-dataene dekker; bredde- og lengdegrad ser ut til å "
                     "være byttet om: mente du breddegrad {lat:.6f}, lengdegrad {lon:.6f}?",
                     "outside the area the OSM data covers; latitude and longitude look "
                     "swapped: did you mean latitude {lat:.6f}, longitude {lon:.6f}?"),
    "flag.outside": ("utenfor området OSM-dataene dekker: last inn et utsnitt som omfatter tomten",
                     "outside the area the OSM data covers: load an extract that includes this "
                     "plot"),
    "flag.outside_within": ("utenfor området gatene i OSM-dataene dekker, men innenfor "
                            "utsnittet (en øy uten bro, eller slutter gatene før tomten?): sjekk "
                            "plasseringen, eller last inn et større utsnitt",
                            "outside the area the streets of the OSM data cover, though within "
                            "the extract (an island without a bridge, or do the streets end "
                            "short of the plot?): check the location, or load a larger "
                            "extract"),
    "flag.far": ("{m:.0f} m fra nærmeste gate (grense {limit:.0f} m): sjekk plasseringen",
                 "{m:.0f} m from the nearest street (limit {limit:.0f} m): check the location"),
    "flag.island": ("nærmeste gate ligger på en liten bit av nettet ({n} noder) uten forbindelse "
                    "til resten: avstandene ville vært misvisende",
                    "nearest street is on a small piece of network ({n} nodes) not connected "
                    "to the rest: distances would be misleading"),
    # ---- why a plot has no place on the map, in a few words that locate nothing (public
    # outputs say these instead of the flag; siting.text.render.unplaced_reason)
    "unplaced.outside": ("utenfor kartområdet", "outside the map area"),
    "unplaced.address": ("adressen ble ikke funnet", "address not found"),
    "unplaced.parcel": ("gnr/bnr ble ikke funnet", "gnr/bnr not found"),
    "unplaced.ambiguous": ("adressen eller gnr/bnr passer flere steder",
                           "the address or gnr/bnr fits several places"),
    "unplaced.coordinates": ("ingen koordinater oppgitt", "no coordinates given"),
    "unplaced.unreadable": ("plasseringen kunne ikke leses", "the location could not be read"),
    # ---- notes: what a measured plot's figures should be read with (column ``note``)
    "flag.drive_far": ("nærmeste kjørbare vei er {m:.0f} m unna: politiets kjøretid regnes derfra",
                       "nearest drivable road is {m:.0f} m away: police time counts from there"),
    "flag.drive_none": ("ingen gate i kartdataene som en bil både kan kjøre inn på og ut fra: "
                        "ingen kjøretid for politiet eller patruljeomvei",
                        "no street in the map data that a car can both reach and leave: no "
                        "police time or patrol detour"),
    "flag.police_none": ("ingen politistasjon valgt: legg til eller slå på en for å få "
                         "politiets kjøretid",
                         "no police station chosen: add one or switch one on to get a police "
                         "time"),
    "flag.drive_stub": ("nærmeste kjørbare vei, {near:.0f} m unna, kan ikke kjøres både inn og "
                        "ut innenfor kartdataene (enveiskjørt utkjørsel, blindvei, tunnel eller "
                        "avskåret ved kartkanten): politiets kjøretid regnes fra en vei {m:.0f} "
                        "m unna",
                        "the nearest drivable road, {near:.0f} m away, cannot be driven both in "
                        "and out within the map data (one-way exit, dead end, tunnel or cut at "
                        "the map's edge): police time counts from a road {m:.0f} m away"),
    "flag.patrol_class": ("ingen hovedvei i kartdataene: patruljeomveien regnes fra nærmeste vei "
                          "av klassen {cls}",
                          "no main road in the map data: patrol detour counted from the nearest "
                          "{cls} road"),
    "flag.no_service": ("ingen tjeneste i denne kategorien ({noun})",
                        "no service in this category ({noun})"),
    # ---- statuses of a scored plot
    "status.ok": ("oppfyller alle krav", "passes all rules"),
    "status.fails_rules": ("bryter et krav", "fails a rule"),
    "status.flagged": ("flagget, ikke vurdert", "flagged, not assessed"),
    # ---- how many plots have a status ("9 pass all rules"): the verb agrees with n
    "status.count.ok.one": ("{n} oppfyller alle krav", "{n} passes all rules"),
    "status.count.ok.many": ("{n} oppfyller alle krav", "{n} pass all rules"),
    "status.count.fails_rules.one": ("{n} bryter et krav", "{n} fails a rule"),
    "status.count.fails_rules.many": ("{n} bryter et krav", "{n} fail a rule"),
    "status.count.flagged.one": ("{n} flagget, ikke vurdert", "{n} flagged, not assessed"),
    "status.count.flagged.many": ("{n} flagget, ikke vurdert", "{n} flagged, not assessed"),
    # ---- column labels of a scored table
    "column.plot_id": ("Tomt", "Plot"),
    "column.score": ("Poengsum (0–100)", "Score (0–100)"),
    "column.status": ("Status", "Status"),
    "column.reasons": ("Begrunnelse", "Reasons"),
    "column.rank": ("Rangering", "Rank"),
    "column.flag": ("Merknad", "Flag"),
    "column.snap_m": ("Avstand til vei (m)", "Distance to street (m)"),
    "column.name": ("Navn", "Name"),
    "column.how.walk": ("gange", "walk"),
    "column.how.drive": ("kjøretid", "drive"),
    "column.how.detour": ("omvei", "detour"),
    "column.how.response": ("responstid", "response"),
    "column.police_drive_min": ("Politi, kjøretid (min)", "Police, drive (min)"),
    "column.police_response_min": ("Politi, responstid (min)", "Police, response (min)"),
    "column.patrol_detour_min": ("Patrulje, omvei (min)", "Patrol, detour (min)"),
    "column.nearest_police": ("Politistasjon", "Police station"),
    "column.drive_snap_m": ("Avstand til kjørbar vei (m)", "Distance to a drivable road (m)"),
    "column.points": ("{label} (poeng)", "{label} (points)"),
    # ---- what a walking criterion measures the distance to (rule reasons)
    "noun.gp": ("legekontor", "GP office"),
    "noun.bus": ("holdeplass", "bus stop"),
    "noun.shop": ("dagligvarebutikk", "grocery shop"),
    "noun.mental_health": ("psykisk helsetjeneste", "mental-health service"),
    "noun.substance_abuse": ("rustjeneste", "substance-abuse service"),
    "noun.pharmacy": ("apotek", "pharmacy"),
    "noun.school": ("skole eller barnehage", "school or kindergarten"),
    "noun.nav": ("NAV-kontor", "NAV office"),
    # ---- a failed rule: "<label>: <measured>, <limit>"; {v} is the value with its unit
    "rule.walk": ("{v} m til nærmeste {noun}", "{v} m to the nearest {noun}"),
    "rule.walk.none": ("ingen {noun} kan nås til fots", "no {noun} reachable on foot"),
    "rule.police_drive_min": ("{v} min med bil fra nærmeste politistasjon",
                              "{v} min by car from the nearest police station"),
    "rule.police_drive_min.none": ("ingen politistasjon kan nå tomten med bil",
                                   "no police station can reach it by road"),
    "rule.police_response_min": ("{v} min responstid fra nærmeste politistasjon",
                                 "{v} min response time from the nearest police station"),
    "rule.police_response_min.none": ("ingen politistasjon kan nå tomten med bil",
                                      "no police station can reach it by road"),
    "rule.patrol_detour_min": ("{v} min omvei fra nærmeste hovedvei",
                               "{v} min detour from the nearest main road"),
    "rule.patrol_detour_min.none": ("kan ikke nås med bil fra hovedvei",
                                    "cannot be reached by car from a main road"),
    "rule.other.none": ("kan ikke nås", "not reachable"),
    "rule.max": (", grensen er {limit}", ", limit {limit}"),
    "rule.min": (", kravet er minst {limit}", ", at least {limit} required"),
    "rule.no_value": ("mangler verdi", "no value"),
    # ---- rerunning a saved scenario on other OSM data than it was made with (a log line)
    "log.new_data": ("kjører {file} på nytt med nye OSM-data: {name} (sha256 {sha}…, datert "
                     "{d:%d.%m.%Y})",
                     "rerunning {file} on new OSM data: {name} (sha256 {sha}…, dated "
                     "{d:%Y-%m-%d})"),
    "log.new_data_undated": ("kjører {file} på nytt med nye OSM-data: {name} (sha256 {sha}…, "
                             "udatert)",
                             "rerunning {file} on new OSM data: {name} (sha256 {sha}…, "
                             "undated)"),
}
