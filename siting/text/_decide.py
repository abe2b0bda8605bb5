"""Catalogue entries for the user's decisions: profiles, curve shapes, languages.

``key: (bokmål, English)``.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "profile.recovery": ("Endring", "Recovery"),
    "profile.recovery.about": ("For beboere som vil endre livssituasjonen: nær lege, psykisk "
                               "helse, rustjeneste, buss og butikk.",
                               "For residents who want to change their life: close to the GP, "
                               "mental-health and substance-abuse services, bus and shop."),
    "profile.active-use": ("Aktiv rus", "Active use"),
    "profile.active-use.about": ("For beboere i aktiv rus som trenger tak over hodet og ønsker "
                                 "lite kontakt med tjenestene: politiets responstid og "
                                 "patruljering veier mest.",
                                 "For residents in active use who need a roof over their head "
                                 "and want little contact with services: police response and "
                                 "patrols weigh most."),
    "shape.linear": ("rett linje", "straight line"),
    "shape.step": ("trinn", "step"),
    "shape.smooth": ("myk (S-kurve)", "smooth (S-curve)"),
    "shape.exponential": ("eksponentiell", "exponential"),
    "lang.nb": ("Norsk (bokmål)", "Norsk (bokmål)"),
    "lang.en": ("English", "English"),
}
