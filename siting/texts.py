"""Texts shown to users by the measuring stages, in bokmål ("nb") and English ("en")."""

from __future__ import annotations

__all__ = ["FLAGS", "flag_text"]

FLAGS: dict[str, dict[str, str]] = {
    "missing": {
        "en": "no location: the plot has no coordinates",
        "nb": "mangler plassering: tomten har ingen koordinater",
    },
    "outside": {
        "en": "outside the area the OSM data covers: load an extract that includes this plot",
        "nb": "utenfor området OSM-dataene dekker: last inn et utsnitt som omfatter tomten",
    },
    "swapped": {
        "en": "outside the area the OSM data covers; latitude and longitude look swapped: "
              "did you mean latitude {lat}, longitude {lon}?",
        "nb": "utenfor området OSM-dataene dekker; bredde- og lengdegrad ser ut til å være "
              "byttet om: mente du breddegrad {lat}, lengdegrad {lon}?",
    },
    "far": {
        "en": "{m:.0f} m from the nearest street (limit {limit:.0f} m): check the location",
        "nb": "{m:.0f} m fra nærmeste gate (grense {limit:.0f} m): sjekk plasseringen",
    },
    "drive_far": {
        "en": "nearest drivable road is {m:.0f} m away: police time counts from there",
        "nb": "nærmeste kjørbare vei er {m:.0f} m unna: politiets kjøretid regnes derfra",
    },
    "drive_none": {
        "en": "no street in the map data that a car can both reach and leave: no police "
              "time or patrol detour",
        "nb": "ingen gate i kartdataene som en bil både kan kjøre inn på og ut fra: ingen "
              "kjøretid for politiet eller patruljeomvei",
    },
    "police_none": {
        "en": "no police station chosen: add one or switch one on to get a police time",
        "nb": "ingen politistasjon valgt: legg til eller slå på en for å få politiets kjøretid",
    },
    "drive_stub": {
        "en": "the nearest drivable road, {near:.0f} m away, cannot be driven both in and "
              "out within the map data (one-way exit, dead end, tunnel or cut at the map's "
              "edge): police time counts from a road {m:.0f} m away",
        "nb": "nærmeste kjørbare vei, {near:.0f} m unna, kan ikke kjøres både inn og ut "
              "innenfor kartdataene (enveiskjørt utkjørsel, blindvei, tunnel eller avskåret "
              "ved kartkanten): politiets kjøretid regnes fra en vei {m:.0f} m unna",
    },
    "patrol_class": {
        "en": "no main road in the map data: patrol detour counted from the nearest "
              "{cls} road",
        "nb": "ingen hovedvei i kartdataene: patruljeomveien regnes fra nærmeste vei av "
              "klassen {cls}",
    },
    "island": {
        "en": "nearest street is on a small piece of network ({n} nodes) not connected "
              "to the rest: distances would be misleading",
        "nb": "nærmeste gate ligger på en liten bit av nettet ({n} noder) uten forbindelse "
              "til resten: avstandene ville vært misvisende",
    },
}


def flag_text(key: str, lang: str = "nb", **values: float | str) -> str:
    """Return the flag text ``key`` in ``lang``, filled with ``values``."""
    texts = FLAGS[key]
    return texts.get(lang, texts["en"]).format(**values)
