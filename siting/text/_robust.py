"""Catalogue entries for how firm a ranking is: weight draws and swap points.

``key: (bokmål, English)``. Rendered by :mod:`siting.text.robust`.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "percent": ("{v:.0f}\u00a0%", "{v:.0f}%"),
    # a share that is not 0 or 1 but would round to "0 %" or "100 %"
    "percent.under": ("under 1\u00a0%", "under 1%"),
    "percent.over": ("over 99\u00a0%", "over 99%"),
    "robust.level": ("I {level} av trekningene har {others} like mange poeng som {plot}; da "
                     "er {plot} først bare fordi like poengsummer ordnes etter summen av alle "
                     "kriterieverdiene og deretter tomte-id.",
                     "In {level} of the draws {others} score the same as {plot}; {plot} is then "
                     "first only because equal scores are ordered by the sum of all criterion "
                     "values, then by plot id."),
    # plots whose scores are equal as ranked (siting.scoring.tie_groups), under a ranking
    "ties.range": ("plass {a}–{b}", "ranks {a}–{b}"),
    "ties.pair": ("plass {a} og {b}", "ranks {a} and {b}"),
    "ties.group": ("{ranks} ({score})", "{ranks} ({score})"),
    "ties.note": ("Nøyaktig lik poengsum: {groups}. Like poengsummer ordnes etter summen av "
                  "tomtenes verdier (0–1) på alle kriterier, også dem med vekt 0, høyest først, "
                  "og deretter etter tomte-id; slik kommer en tomt aldri foran en med samme "
                  "poengsum som er minst like god på hvert kriterium og bedre på ett.",
                  "Exactly equal scores: {groups}. Equal scores are ordered by the sum of the "
                  "plots' values (0–1) on all criteria, those weighted 0 included, highest "
                  "first, then by plot id, so a plot never ranks above one with the same score "
                  "that is at least as good on every criterion and better on one."),
    "robust.summary": ("Når {how} i {n} trekninger, er tomt {plot} best i {first} av "
                       "trekningene og blant de tre beste i {top3}.",
                       "When {how} in {n} draws, plot {plot} ranks first in {first} of them "
                       "and in the top three in {top3}."),
    "robust.how.uniform": ("hver vekt ganges med en tilfeldig faktor mellom {low} og {high} "
                           "(±{pm})",
                           "each weight is multiplied by a random factor between {low} and "
                           "{high} (±{pm})"),
    "robust.how.dirichlet": ("vektene trekkes tilfeldig rundt dagens (Dirichlet, omtrent ±{pm})",
                             "the weights are drawn at random around the current ones "
                             "(Dirichlet, about ±{pm})"),
    "robust.blocked": ("Tomt {second} bryter et krav som tomt {first} oppfyller, så ingen "
                       "vektendring får {second} forbi {first}.",
                       "Plot {second} fails a rule that plot {first} passes, so no weight "
                       "change puts {second} ahead of {first}."),
    "robust.never": ("Ingen endring av vekten på {label} alene får tomt {second} forbi tomt "
                     "{first}.",
                     "No change of the weight on {label} alone lets plot {second} overtake "
                     "plot {first}."),
    "robust.zero": ("Vekten på {label} er 0 og er derfor ikke endret her; får kriteriet en vekt, "
                    "kan rekkefølgen mellom tomt {first} og tomt {second} endre seg.",
                    "The weight on {label} is 0, so it was not varied here; given a weight, the "
                    "criterion may change the order of plot {first} and plot {second}."),
    "robust.swap": ("Hvis vekten på {label} {verb} fra {old} til {new} (×{times}), går tomt "
                    "{second} forbi tomt {first}.",
                    "If the weight on {label} {verb} from {old} to {new} (×{times}), plot "
                    "{second} overtakes plot {first}."),
    "robust.up": ("øker", "rises"),
    "robust.down": ("synker", "falls"),
}
