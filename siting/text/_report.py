"""Catalogue entries of the committee report (1 of 2): summary, map, ranking.

``key: (bokmål, English)``; mini-HTML (``<b>``) is allowed, and ``{placeholders}``
are filled with escaped text by :mod:`siting.report`.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "report.default_title": ("Tomtevalg for robuste boliger", "Choosing plots for robust homes"),
    "report.author": ("Arbeidsgruppen for robuste boliger", "Robust homes working group"),
    "report.plot": ("Tomt", "Plot"),
    "report.and": ("og", "and"),
    "report.page": ("Side {n} av {total}", "Page {n} of {total}"),
    "report.footer_data": ("Kartdata: {date}", "Map data: {date}"),
    "report.public_version": ("Offentlig versjon", "Public version"),
    "report.internal_version": ("Intern versjon – ikke for offentliggjøring",
                                "Internal version – not for publication"),
    "report.no_date": ("dato ikke oppgitt", "date not given"),
    "report.walk_m": ("{v} m å gå", "{v} m walk"),
    "report.drive_min": ("{v} min med bil", "{v} min by car"),
    "report.detour_min": ("{v} min omvei", "{v} min detour"),
    "report.summary_sub": ("Sammendrag for helse- og omsorgskomiteen",
                           "Summary for the health and care committee"),
    "report.rec_ok": ("Analysen peker på {plot} som den best egnede tomten. Den får {score} av "
                      "100 poeng og oppfyller alle krav.",
                      "The analysis points to {plot} as the best-suited plot. It scores {score} "
                      "of 100 points and passes every rule."),
    "report.rec_fails": ("Ingen tomt oppfyller alle krav. Høyest rangert er {plot} med {score} "
                         "av 100 poeng, men den bryter: {reasons}.",
                         "No plot passes every rule. The highest ranked is {plot} with {score} "
                         "of 100 points, but it fails: {reasons}."),
    "report.rec_none": ("Ingen av tomtene kunne vurderes. Se tomtekortene for årsaken.",
                        "None of the plots could be assessed. The plot cards say why."),
    "report.rec_why": ("Den får flest poeng for kort vei til {list}.",
                       "It scores most for a short way to {list}."),
    "report.rec_thin": ("Men for {list} har området få tjenester (se «Tynt grunnlag» "
                        "nedenfor): sjekk at de er riktige før dere legger vekt på dette.",
                        "But for {list} the area has few services (see “Thin data” below): "
                        "check they are right before relying on this."),
    "report.rec_second": ("Nummer to er {plot} med {score} poeng, {gap} poeng bak.",
                          "Second is {plot} with {score} points, {gap} behind."),
    "report.h_robust": ("Hvor sikker er anbefalingen?", "How certain is the recommendation?"),
    "report.robust_draws": ("Når vektene varieres tilfeldig{how}, kommer {plot} først i {first} "
                            "av forsøkene og blant de tre beste i {top3}.",
                            "When the weights are varied at random{how}, {plot} comes first in "
                            "{first} of the trials and in the top three in {top3}."),
    "report.verdict_high": ("Anbefalingen tåler godt at kriteriene vektes annerledes.",
                            "The recommendation holds up well if the criteria are weighted "
                            "differently."),
    "report.verdict_mid": ("Anbefalingen holder i de fleste forsøk, men avhenger noe av vektene.",
                           "The recommendation holds in most trials but depends somewhat on the "
                           "weights."),
    "report.verdict_low": ("Anbefalingen avhenger mye av hvordan kriteriene vektes.",
                           "The recommendation depends strongly on how the criteria are weighted."),
    "report.robust_level": ("Men i {level} av forsøkene får {others} like mange poeng som "
                            "{plot}; da kommer {plot} først bare fordi like poengsummer ordnes "
                            "etter summen av alle kriterieverdiene og deretter tomte-id, ikke "
                            "fordi vektene skiller dem.",
                            "But in {level} of the trials {others} score the same as {plot}; "
                            "{plot} then comes first only because equal scores are ordered by "
                            "the sum of all criterion values, then by plot id, not because the "
                            "weights tell them apart."),
    "report.verdict_level": ("Vektene skiller ikke disse tomtene: valget mellom dem bør avgjøres "
                             "på annet grunnlag.",
                             "The weights do not tell these plots apart: the choice between them "
                             "should rest on other grounds."),
    "report.robust_missing": ("Hvor følsom rangeringen er for vektene, er ikke beregnet for "
                              "denne rapporten.",
                              "How sensitive the ranking is to the weights was not computed for "
                              "this report."),
    "report.robust_none": ("Ingen tomt kunne vurderes, så robustheten er ikke beregnet.",
                           "No plot could be assessed, so robustness was not computed."),
    "report.draw_spread": ("hver vekt endret med inntil ±{pct}",
                           "each weight changed by up to ±{pct}"),
    "report.draw_count": ("{n} forsøk", "{n} trials"),
    "report.swap_at": ("Den minste endringen av én enkelt vekt som bytter om nummer én og to: "
                       "hvis vekten for {crit} {verb} fra {w0} til {w1} (× {m}), går {second} "
                       "forbi {first}.",
                       "The smallest change of a single weight that swaps first and second: if "
                       "the weight of {crit} {verb} from {w0} to {w1} (× {m}), {second} "
                       "overtakes {first}."),
    "report.rises": ("øker", "rises"),
    "report.falls": ("synker", "falls"),
    "report.rise": ("økes", "rise"),
    "report.fall": ("senkes", "fall"),
    "report.swap_beyond": ("Ingen endring av én enkelt vekt innenfor skalaen 0–{top} bytter om "
                           "nummer én og to. Nærmest er {crit}: vekten måtte {verb} fra {w0} til "
                           "{w1} før {second} gikk forbi {first}.",
                           "No change of a single weight within the scale 0–{top} swaps first "
                           "and second. The nearest is {crit}: its weight would have to {verb} "
                           "from {w0} to {w1} before {second} overtook {first}."),
    "report.swap_never": ("Ingen endring av én enkelt vekt som ble prøvd, bytter om nummer én og "
                          "to.",
                          "No change of a single weight that was tried swaps first and second."),
    "report.pareto_none": ("Ingen tomt får like mange eller færre kriteriepoeng enn en annen "
                           "tomt på hvert kriterium og færre på minst ett.",
                           "No plot scores no higher than another plot on every criterion and "
                           "lower on at least one."),
    "report.pareto_many": ("{n} av tomtene får ikke flere kriteriepoeng enn en annen tomt på noe "
                           "kriterium, og færre på minst ett, så ingen vekting gir dem høyere "
                           "poengsum enn den tomten (se rangeringen).",
                           "{n} of the plots score no higher than another plot on any criterion, "
                           "and lower on at least one, so no weighting gives them a higher score "
                           "than that plot (see the ranking)."),
    "report.rec_tie_many": ("Også {plots} får like mange poeng ({score}): de er i praksis like "
                            "gode, og valget mellom dem bør avgjøres på annet grunnlag.",
                            "{plots} also score the same ({score}): they are in practice equally "
                            "good, and the choice between them should rest on other grounds."),
    "report.rec_tie": ("Nummer to, {plot}, får like mange poeng ({score}): de to er i praksis "
                       "like gode, og valget mellom dem bør avgjøres på annet grunnlag.",
                       "Second, {plot}, scores the same ({score}): the two are in practice "
                       "equally good, and the choice between them should rest on other grounds."),
    "report.pareto_some": ("Disse får ikke flere kriteriepoeng enn en annen tomt på noe "
                           "kriterium, og færre på minst ett, så ingen vekting gir dem høyere "
                           "poengsum enn den tomten: {list}.",
                           "These score no higher than another plot on any criterion, and lower "
                           "on at least one, so no weighting gives them a higher score than that "
                           "plot: {list}."),
    "report.pareto_one": ("{plot} får ikke flere kriteriepoeng enn en annen tomt på noe "
                          "kriterium, og færre på minst ett, så ingen vekting gir den høyere "
                          "poengsum enn den tomten.",
                          "{plot} scores no higher than another plot on any criterion, and lower "
                          "on at least one, so no weighting gives it a higher score than that "
                          "plot."),
    "report.h_problems": ("Tomter som bryter krav eller ikke kan vurderes",
                          "Plots that fail a rule or cannot be assessed"),
    "report.all_pass": ("Alle tomtene oppfyller kravene og kunne vurderes.",
                        "All plots pass the rules and could be assessed."),
    "report.h_basis": ("Grunnlag", "Basis"),
    "report.profile": ("Beboerprofil", "Resident profile"),
    "report.osm_data": ("Kartdata", "Map data"),
    "report.osm_fmt": ("{name}, per {date}", "{name}, as of {date}"),
    "report.created": ("Analysen laget", "Analysis made"),
    "report.version": ("Versjon", "Version"),
    "report.scenario": ("Scenariofil", "Scenario file"),
    "report.public_osm_name": ("OpenStreetMap-utdrag", "OpenStreetMap extract"),
    "report.notes": ("Merknader", "Notes"),
    "report.profile_fmt": ("«{name}»: {about}", "“{name}”: {about}"),
    "report.h_map": ("Kart over tomter og tjenester", "Map of plots and services"),
    "report.map_internal_note": ("Tomtene er nummerert etter rangering; fargen viser poengsummen "
                                 "og formen om tomten oppfyller kravene. Tjenestene har hver sin "
                                 "form.",
                                 "Plots are numbered by rank; the colour shows the score and the "
                                 "shape whether the plot passes the rules. Each kind of service "
                                 "has its own shape."),
    "report.map_public_note": ("<b>Offentlig versjon:</b> tomtene er vist i midten av den 500 × "
                               "500 m-ruta de ligger i, ikke på sin nøyaktige plass. Psykisk "
                               "helsetjeneste og rustjeneste er ikke vist, fordi de kan avsløre "
                               "hvor beboerne får hjelp.",
                               "<b>Public version:</b> plots are shown in the middle of the 500 "
                               "× 500 m cell they lie in, not at their exact place. "
                               "Mental-health and substance-abuse services are not shown, as "
                               "they could reveal where residents get help."),
    "report.map_score_bar": ("Poengsum (lysere = høyere)", "Score (lighter = higher)"),
    "report.map_osm_credit": ("© OpenStreetMap contributors", "© OpenStreetMap contributors"),
    "report.map_police_off": ("Politistasjon {km} km", "Police station {km} km"),
    "report.map_plots_title": ("Tomter", "Plots"),
    "report.map_services_title": ("Tjenester", "Services"),
    "report.map_streets": ("Tykk mørk strek: hovedvei. Grå strek: gate. Stiplet: gangvei, sti "
                           "eller gang- og sykkelvei.",
                           "Thick dark line: main road. Grey line: street. Dashed: footway, path "
                           "or foot/cycle path."),
    "report.map_cell": ("Stiplet firkant: 500 × 500 m-ruta tomten ligger i. Tykk mørk strek: "
                        "hovedvei. Stiplet grå: gangvei eller sti.",
                        "Dashed square: the 500 × 500 m cell the plot lies in. Thick dark line: "
                        "main road. Dashed grey: footway or path."),
    "report.number": ("Nr.", "No."),
    "report.h_ranking": ("Rangering", "Ranking"),
    "report.rank": ("Plass", "Rank"),
    "report.plot_col": ("Tomt", "Plot"),
    "report.score": ("Poeng (0–100)", "Score (0–100)"),
    "report.status": ("Status", "Status"),
    "report.police_col": ("Politi, kjøretid (min)", "Police, drive (min)"),
    "report.patrol_col": ("Patrulje, omvei (min)", "Patrol, detour (min)"),
    "report.ranking_intro": ("Tomtene i rangert rekkefølge. Tomter som bryter et krav, kommer "
                             "etter alle som oppfyller kravene. Gangavstand i meter langs gater "
                             "og stier, avrundet til nærmeste 10 m; politiets kjøretid og "
                             "patruljens omvei i minutter.",
                             "Plots in ranked order. Plots that fail a rule come after all that "
                             "pass. Walking distance in metres along streets and paths, rounded "
                             "to the nearest 10 m; police drive time and patrol detour in "
                             "minutes."),
    "report.ranking_note": ("– betyr at tjenesten ikke kan nås, eller at tomten ikke kunne "
                            "vurderes.",
                            "– means the service cannot be reached, or the plot could not be "
                            "assessed."),
    "report.h_robust_table": ("Hvor robust er rangeringen?", "How robust is the ranking?"),
    "report.robust_intro": ("Vektene er trukket tilfeldig mange ganger{how}, og tomtene rangert "
                            "på nytt hver gang. Siste kolonne viser tomtene som får minst like "
                            "mange kriteriepoeng (0–1 etter verdikurven, så to bussholdeplasser "
                            "innen 150 m gir like mye) på hvert kriterium, også dem med vekt 0, "
                            "og flere på minst ett: ingen vekting gir tomten høyere poengsum enn "
                            "dem.",
                            "The weights were drawn at random many times{how}, and the plots "
                            "ranked anew each time. The last column lists the plots that score "
                            "at least as high on every criterion (0–1 after the value curve, so "
                            "two bus stops within 150 m score the same), those weighted 0 "
                            "included, and higher on at least one: no weighting gives the plot a "
                            "higher score than them."),
    "report.share_first": ("Først", "First"),
    "report.share_top3": ("Blant tre beste", "In top three"),
    "report.mean_rank": ("Gjennomsnittlig plass", "Average rank"),
    "report.beaten_col": ("Ikke høyere på noe kriterium enn",
                          "Scores no higher on any criterion than"),
    "report.not_beaten": ("ingen", "none"),
    "report.swap_col": ("1 og 2 bytter ved vekt", "1 and 2 swap at weight"),
    "report.swap_none": ("bytter ikke", "no swap"),
    "report.swap_note": ("«1 og 2 bytter ved vekt»: hvor mye vekten for kriteriet alene må "
                         "ganges med før nummer én og to i rangeringen bytter plass (de andre "
                         "vektene står fast).",
                         "“1 and 2 swap at weight”: the factor the weight of that criterion "
                         "alone must be multiplied by before first and second in the ranking "
                         "swap (other weights fixed)."),
    "report.card_rank": ("Plass {rank} av {n}", "Rank {rank} of {n}"),
    "report.card_unranked": ("Ikke rangert", "Not ranked"),
    "report.card_score": ("{score} av 100 poeng", "{score} of 100 points"),
}
