"""Review flags: services whose name or tags suggest they may not be what the category means.

A flag never drops a service; it asks a person to look (the review lists it, the
app and the report show it). The rules are deliberately few and stated here:

* a ``healthcare:speciality`` value outside the category (an eye clinic tagged
  ``amenity=doctors`` is not a GP office);
* words in the name that point elsewhere (``massasje`` under mental health,
  ``reisevaksinasjon`` under GP, ``Sonans`` or ``bibelskole`` under schools);
* for ``amenity=school``: no ``grades`` and no ``isced:level`` (colleges and
  course providers are often tagged so), or an ``isced:level`` of 4 or more
  (adult and higher education, not children's schools).

Flags are codes with an argument (``("name", "massasje")``); :func:`flag_text`
says them in bokmål or English (catalogue keys ``review.flag.<code>``).
"""

from __future__ import annotations

import re
from typing import Any

from .text import t

__all__ = ["SPECIALITIES", "flag_text", "flags_for"]

Flag = tuple[str, str]

#: ``healthcare:speciality`` values that belong to a category (others are flagged).
SPECIALITIES: dict[str, frozenset[str]] = {
    "gp": frozenset({"general", "family_medicine", "emergency"}),
    "mental_health": frozenset({"psychiatry", "child_psychiatry", "neuropsychiatry",
                                "psychotherapy", "psychology", "clinical_psychology",
                                "addiction"}),
    "substance_abuse": frozenset({"addiction", "psychiatry", "child_psychiatry"}),
}

_BODY = r"massasje|massage|spa|fysioterap\w*|naprapat\w*|kiropraktor\w*|akupunktur|yoga|" \
        r"hudpleie|skjønnhet\w*"
#: Name words (regular expressions matched at word starts, case-insensitive) per category.
NAME_WORDS: dict[str, re.Pattern[str]] = {
    "gp": re.compile(r"\b(\w*vaksin\w*|\w*vaccin\w*|smittevern\w*|tannleg\w*|dental|"
                     r"estetisk\w*|kosmetisk\w*)\b", re.IGNORECASE),
    "mental_health": re.compile(rf"\b({_BODY})\b", re.IGNORECASE),
    "substance_abuse": re.compile(rf"\b({_BODY})\b", re.IGNORECASE),
    "school": re.compile(r"\b(sonans|privatist\w*|forstudium|studieforbund\w*|nettstudie\w*|"
                         r"\w*bibel\w*|misjon\w*|høyskole\w*|høgskole\w*|universitet\w*|"
                         r"university|college)\b", re.IGNORECASE),
}

def flags_for(category: str, name: str, tags: dict[str, Any]) -> list[Flag]:
    """Return the review flags of one service in ``category`` (empty when none)."""
    flags: list[Flag] = []
    allowed = SPECIALITIES.get(category)
    speciality = str(tags.get("healthcare:speciality", "") or "")
    if allowed is not None and speciality:
        outside = [v.strip() for v in speciality.split(";") if v.strip() not in allowed]
        flags += [("speciality", v) for v in outside if v]
    words = NAME_WORDS.get(category)
    if words is not None and name:
        found = list(dict.fromkeys(m.group(1).casefold() for m in words.finditer(name)))
        flags += [("name", w) for w in found]
    if category == "school" and tags.get("amenity") == "school":
        flags += _school_flags(tags)
    return flags


def _school_flags(tags: dict[str, Any]) -> list[Flag]:
    levels = [v.strip() for v in str(tags.get("isced:level", "") or "").split(";") if v.strip()]
    if not levels and not str(tags.get("grades", "") or "").strip():
        return [("school_level", "")]
    high = [v for v in levels if v.isdigit() and int(v) >= 4]
    return [("school_adult", high[0])] if high and len(high) == len(levels) else []


def flag_text(flags: list[Flag], lang: str) -> str:
    """Say ``flags`` in ``lang`` ("nb" or "en"), joined with "; " ("" when none)."""
    return "; ".join(t(f"review.flag.{code}", lang, arg=arg) for code, arg in flags)
