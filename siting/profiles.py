"""The two built-in resident profiles: ``recovery`` and ``active-use``.

Each profile is a complete :class:`~siting.config.Config`: weighted criteria
with value curves and rules, every number with a one-line reason in English
and bokmål (``why_en`` / ``why_nb``) that the README and the committee report
quote. Curve ends and rule limits are in the unit of the column they read:
metres for ``walk_m_*``, minutes for ``*_min``. Use
:func:`siting.config.default_config` for a fresh copy; a config file names a
profile and overrides only what it gives.
"""

from __future__ import annotations

from . import settings
from ._config_types import Config, Criterion, Curve, Op, Rule
from .text import CATALOGUE, t

__all__ = ["DEFAULT_PROFILE", "PROFILES", "profile_name"]

DEFAULT_PROFILE = "recovery"

def profile_name(key: str, lang: str = "nb") -> str:
    """The name of profile ``key`` in ``lang`` ("Endring"); a profile of the user's own keeps
    its key."""
    return t(f"profile.{key}", lang) if f"profile.{key}" in CATALOGUE else key

_LABELS: dict[str, tuple[str, str]] = {
    "gp": ("GP", "Fastlege"),
    "mental_health": ("Mental-health service", "Psykisk helsetjeneste"),
    "substance_abuse": ("Substance-abuse service", "Rustjeneste"),
    "bus": ("Bus", "Buss"),
    "shop": ("Grocery shop", "Dagligvarebutikk"),
    "pharmacy": ("Pharmacy", "Apotek"),
    "police": ("Police", "Politi"),
    "patrol": ("Patrol", "Patrulje"),
    "school": ("School/kindergarten", "Skole/barnehage"),
}
# The police criterion and rule read the response time: drive time plus the config's
# dispatch delay (police.dispatch_min, default 0), so a delay the police agree moves them.
_COLUMNS = {"police": "police_response_min", "patrol": "patrol_detour_min"}


# the walking speed the reasons quote (4.8 km/h, slow walkers): the engineering setting,
# read when the built-in profiles are made
_SPEED = settings.walking_speed_m_per_min


def _min(metres: float) -> str:
    """Whole minutes to walk ``metres`` at :data:`siting.settings.walking_speed_m_per_min`."""
    return f"{metres / _SPEED:.0f}"


def _about(metres: float, lang: str) -> str:
    """"≈ 6 min" (no-break spaces) for walking ``metres``, from the catalogue."""
    return t("unit.about_min", lang, v=_min(metres))


_SPAN = {lang: t("unit.min_range", lang, a=5, b=15) for lang in ("nb", "en")}  # "5–15 min"
_LONG = {lang: t("unit.min_range", lang, a=10, b=30) for lang in ("nb", "en")}


def _crit(key: str, weight: float, full: float, zero: float, en: str, nb: str) -> Criterion:
    column = _COLUMNS.get(key, f"walk_m_{key}")
    label_en, label_nb = _LABELS[key]
    return Criterion(column, float(weight), Curve(float(full), float(zero)), label_en,
                     label_nb, en, nb)


def _rule(key: str, op: Op, value: float, enabled: bool, en: str, nb: str) -> Rule:
    column = _COLUMNS.get(key, f"walk_m_{key}")
    return Rule(column, op, float(value), enabled, *_LABELS[key], en, nb)


_SCHOOL_SHOWN = (
    "Shown, not weighed: distance from schools and kindergartens is the neighbours' concern; "
    "the working group decides whether it counts.",
    "Vises, men teller ikke: avstand til skole og barnehage er naboenes bekymring; "
    "arbeidsgruppen avgjør om den skal telle.",
)
_SCHOOL_FARTHER = (
    "Neighbours' most common worry: farther from schools and kindergartens is better; "
    f"0 at 50 m or nearer, full from 300 m ({_about(300, 'en')} walk).",
    "Naboenes vanligste bekymring: lenger fra skole og barnehage er bedre; "
    f"0 ved 50 m eller nærmere, full uttelling fra 300 m ({_about(300, 'nb')} gange).",
)

_RECOVERY = Config("recovery", {
    "gp": _crit("gp", 3, 400, 1200,
                f"Frequent GP visits; 400 m {_about(400, 'en')} at a slow {_SPEED:.0f} m/min, "
                f"1,200 m {_about(1200, 'en')}, beyond which many residents will not walk.",
                f"Hyppige legebesøk; 400 m {_about(400, 'nb')} i rolig tempo ({_SPEED:.0f} m/min), "
                f"1 200 m {_about(1200, 'nb')}, lenger enn det går mange ikke."),
    "mental_health": _crit("mental_health", 3, 400, 1200,
                           "Regular follow-up for people who want change; "
                           f"same {_SPAN['en']} walk.",
                           "Jevnlig oppfølging for dem som vil endring; "
                           f"samme {_SPAN['nb']} gange."),
    "substance_abuse": _crit("substance_abuse", 3, 400, 1200,
                             "Close contact with the substance-abuse service supports change; "
                             f"same {_SPAN['en']} walk.",
                             "Tett kontakt med rustjenesten støtter endring; "
                             f"samme {_SPAN['nb']} gange."),
    "bus": _crit("bus", 2, 300, 800,
                 f"Bus to work, activities and family; 300 m {_about(300, 'en')}, 800 m "
                 f"{_about(800, 'en')} (the bus rule cuts at 500 m).",
                 f"Buss til arbeid, aktiviteter og familie; 300 m {_about(300, 'nb')}, 800 m "
                 f"{_about(800, 'nb')} (bussregelen går ved 500 m)."),
    "shop": _crit("shop", 2, 400, 1200,
                  "Daily errands on foot; full score within 5 min, none beyond 15 min.",
                  "Daglige innkjøp til fots; full uttelling innen 5 min, ingen etter 15 min."),
    "pharmacy": _crit("pharmacy", 1, 400, 1600,
                      "Medicines (e.g. LAR) are fetched at the pharmacy, less often than "
                      "groceries; up to 20 min (1,600 m) still scores.",
                      "Medisiner (f.eks. LAR) hentes på apoteket, sjeldnere enn dagligvarer; "
                      "inntil 20 min (1 600 m) gir fortsatt poeng."),
    "police": _crit("police", 1, 5, 15,
                    "Response time weighs less for residents who want change; full within "
                    "5 min, none at 15 min (the rule cuts at 10).",
                    "Responstid veier mindre for dem som vil endring; full innen 5 min, "
                    "ingen ved 15 min (regelen går ved 10)."),
    "patrol": _crit("patrol", 0.5, 1, 5,
                    "Easy to patrol past helps a little; full within a 1 min detour from a "
                    "main road, none at 5 min.",
                    "Lett å patruljere forbi hjelper litt; full innen 1 min omvei fra "
                    "hovedvei, ingen ved 5 min."),
    "school": _crit("school", 0, 300, 50, *_SCHOOL_SHOWN),
}, [
    _rule("police", "max", 10, True,
          "The police judge sites by response time; 10 min is a starting limit to agree "
          "with the local police.",
          "Politiet vurderer tomter etter responstid; 10 min er en startgrense som avtales "
          "med lokalt politi."),
    _rule("bus", "max", 500, True,
          f"{_about(500, 'en')} at {_SPEED:.0f} m/min: residents without a car must reach the "
          "centre by bus.",
          f"{_about(500, 'nb')} i {_SPEED:.0f} m/min: beboere uten bil må nå sentrum med buss."),
    _rule("school", "min", 100, False,
          "Optional, off by default: only if the group makes distance to schools and "
          "kindergartens a rule; 100 m keeps the home off the school's doorstep.",
          "Valgfri, av som standard: bare hvis gruppen gjør avstand til skole og barnehage "
          "til et krav; 100 m holder boligen unna skoleporten."),
])

_ACTIVE_USE = Config("active-use", {
    "gp": _crit("gp", 1, 800, 2400,
                "Few planned visits; full score within 10 min (800 m), none beyond 30 min.",
                "Få planlagte besøk; full uttelling innen 10 min (800 m), ingen etter 30 min."),
    "mental_health": _crit("mental_health", 1, 800, 2400,
                           f"Little planned contact; same {_LONG['en']} walk as the GP.",
                           f"Lite planlagt kontakt; samme {_LONG['nb']} gange som til legen."),
    "substance_abuse": _crit("substance_abuse", 2, 800, 2400,
                             "The outreach team visits residents; a short way from the service "
                             "makes visits easier and safer for staff.",
                             "Oppsøkende team besøker beboerne; kort vei fra tjenesten gjør "
                             "besøk enklere og tryggere for de ansatte."),
    "bus": _crit("bus", 1, 400, 1200,
                 "Some residents still need the bus; full within 5 min, none beyond 15 min.",
                 "Noen beboere trenger fortsatt buss; full innen 5 min, ingen etter 15 min."),
    "shop": _crit("shop", 1, 600, 1600,
                  "Daily errands; a longer walk is acceptable (full to 7.5 min, none at 20).",
                  "Daglige innkjøp; lengre gange går an (full til 7,5 min, ingen ved 20)."),
    "pharmacy": _crit("pharmacy", 1, 800, 2400,
                      "Medicines (e.g. LAR) are fetched at the pharmacy; full within 10 min, "
                      "none beyond 30 min.",
                      "Medisiner (f.eks. LAR) hentes på apoteket; full innen 10 min, "
                      "ingen etter 30 min."),
    "police": _crit("police", 3, 5, 15,
                    "The police asked for sites they reach fast; full within 5 min, none at "
                    "15 min.",
                    "Politiet ba om tomter de når raskt; full innen 5 min, ingen ved 15 min."),
    "patrol": _crit("patrol", 3, 1, 5,
                    "The police want to simply patrol past: full for a detour of 1 min or "
                    "less from a main road, none at 5 min.",
                    "Politiet vil kunne kjøre forbi: full ved 1 min omvei eller mindre fra "
                    "hovedvei, ingen ved 5 min."),
    "school": _crit("school", 2, 300, 50, *_SCHOOL_FARTHER),
}, [
    _rule("police", "max", 8, True,
          "Residents in active use more often need urgent help; stricter than the 10 min "
          "for recovery; agree the number with the police.",
          "Beboere i aktiv rus trenger oftere rask hjelp; strengere enn 10 min for "
          "endringsboligen; avtal tallet med politiet."),
    _rule("school", "min", 150, False,
          f"Optional, off by default (neighbours get no veto): 150 m {_about(150, 'en')} walk "
          "keeps the "
          "home off the school's doorstep.",
          f"Valgfri, av som standard (naboer har ikke veto): 150 m {_about(150, 'nb')} gange "
          "holder "
          "boligen unna skoleporten."),
    _rule("patrol", "max", 3, False,
          "Optional: the police can patrol past with at most a 3 min detour from a main road.",
          "Valgfri: politiet kan patruljere forbi med høyst 3 min omvei fra hovedvei."),
])

#: The built-in resident profiles (do not mutate; use :func:`default_config`).
PROFILES: dict[str, Config] = {"recovery": _RECOVERY, "active-use": _ACTIVE_USE}
