"""Catalogue entries for the portfolio decision: one plot per resident group.

``key: (bokmål, English)``. ``decision.*`` are the sentences the command line,
the app and the report share (rendered by :mod:`siting.text.decision`);
``map.pair.*`` the pair map's legend and tooltips; ``app.pair.*`` the app's
section "Velg tomter for begge grupper".
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "decision.separation.why": (
        "500 m til fots er omtrent 6 minutter i profilenes rolige 80 m/min: de to boligene "
        "ligger ikke i samme gate eller kvartal, og beboerne går ikke forbi hverandres dør "
        "på daglige ærender, mens begge tomtene fortsatt kan ligge nær tjenestene i et lite "
        "sentrum (ofte 1–2 km på tvers). Avtal tallet med arbeidsgruppen.",
        "500 m on foot is about 6 minutes at the profiles' slow 80 m/min: the two homes "
        "are not in the same street or block and residents do not pass each other's door "
        "on daily errands, while in a small centre (often 1–2 km across) both sites can "
        "still lie near the services. Agree the number with the working group."),
    "decision.obj.sum": ("summen av gruppenes poeng", "the sum of the groups' scores"),
    "decision.obj.maxmin": ("poengene til gruppen som kommer dårligst ut (maks-min)",
                            "the score of the worst-off group (max-min)"),
    "decision.chosen": ("Anbefalt: {pairs}.", "Recommended: {pairs}."),
    "decision.pair": ("tomt {plot}{name} for {group} ({score:.1f} poeng)",
                      "plot {plot}{name} for {group} (score {score:.1f})"),
    "decision.pair_named": ("{plot} for {group} ({score:.1f} poeng)",
                            "{plot} for {group} (score {score:.1f})"),
    "decision.objective": ("Valgt etter {objective}: {value:.1f} poeng.",
                           "Chosen by {objective}: {value:.1f} points."),
    "decision.walk2": ("Gangavstand mellom tomtene: {m:.0f} m (om lag {min:.0f} min å gå){rule}.",
                       "Walking distance between the plots: {m:.0f} m (about {min:.0f} min on "
                       "foot){rule}."),
    "decision.walkk": ("Korteste gangavstand mellom to av tomtene: {m:.0f} m{rule}.",
                       "Shortest walking distance between two of the plots: {m:.0f} m{rule}."),
    "decision.walk_apart": ("Tomtene er ikke forbundet til fots{rule}.",
                            "The plots are not connected on foot{rule}."),
    "decision.walk_rule": ("; kravet er minst {m:.0f} m", "; at least {m:.0f} m required"),
    "decision.own_same": ("Hver gruppe får sin egen beste tomt.",
                          "Each group gets its own best plot."),
    "decision.own_differ": ("Gruppenes beste tomter hver for seg er {pairs}, men {why}.",
                            "The groups' best plots on their own are {pairs}, but {why}."),
    "decision.own_pair": ("{plot} for {group}", "{plot} for {group}"),
    "decision.why_same_plot": ("én tomt kan bare gå til én gruppe ({plot})",
                               "one plot can only go to one group ({plot})"),
    "decision.why_close": ("{a} og {b} ligger bare {m:.0f} m fra hverandre til fots",
                           "{a} and {b} are only {m:.0f} m apart on foot"),
    "decision.why_district": ("{a} og {b} ligger i samme krets", "{a} and {b} share a district"),
    "decision.why_reserved": ("{plot} er reservert for {group}",
                              "{plot} is reserved for {group}"),
    "decision.why_objective": ("kombinasjonen som er valgt gir mer etter {objective}",
                               "the chosen combination gives more by {objective}"),
    "decision.own_none": ("Ingen tomt oppfyller alle krav for {group}.",
                          "No plot passes every rule for {group}."),
    "decision.runner_up": ("Nest beste kombinasjon: {pairs}, {gap:.1f} poeng bak.",
                           "Runner-up: {pairs}, {gap:.1f} points behind."),
    "decision.runner_up_tie": ("Nest beste kombinasjon: {pairs}, like god etter målet, men bak "
                               "på det som avgjør ved likhet ({tie}).",
                               "Runner-up: {pairs}, equal by the objective, behind on the "
                               "tie-breaker ({tie})."),
    "decision.tie.sum": ("lavest poengsum for én gruppe", "the lowest group score"),
    "decision.tie.maxmin": ("summen av poengene", "the sum of the scores"),
    "decision.robust": ("Når vektene i begge profilene endres tilfeldig (±{spread}, {n} "
                        "trekninger), velges den samme kombinasjonen i {share} av trekningene.",
                        "When both profiles' weights are changed at random (±{spread}, {n} "
                        "draws), the same combination is chosen in {share} of the draws."),
    "decision.takeover": ("Oftest tar {pairs} over ({share}).",
                          "Most often {pairs} takes over ({share})."),
    "decision.swap": ("Minste enkeltendring på skalaen (0–{top}) som endrer valget: hvis "
                      "vekten på {label} for {group} {verb} fra {old} til {new} (×{times}), "
                      "velges {pairs}.",
                      "Smallest single change on the scale (0–{top}) that swaps the decision: "
                      "if the weight on {label} for {group} {verb} from {old} to {new} "
                      "(×{times}), {pairs} is chosen."),
    "decision.swap_beyond": ("Ingen enkeltendring på skalaen (0–{top}) endrer valget. Den "
                             "minste utenfor: hvis vekten på {label} for {group} {verb} fra "
                             "{old} til {new} (×{times}), over skalaens største verdi {top}, "
                             "velges {pairs}.",
                             "No single change on the scale (0–{top}) swaps the decision. The "
                             "smallest beyond it: if the weight on {label} for {group} {verb} "
                             "from {old} to {new} (×{times}), beyond the scale's largest value "
                             "{top}, {pairs} is chosen."),
    "decision.swap_none": ("Ingen endring av én enkelt vekt endrer valget.",
                           "No change of a single weight changes the decision."),
    "decision.sep_raise": ("Settes minsteavstanden over {m:.0f} m, velges {pairs}.",
                           "With a minimum separation above {m:.0f} m, {pairs} is chosen."),
    "decision.sep_raise_none": ("Settes minsteavstanden over {m:.0f} m, finnes ingen "
                                "kombinasjon.",
                                "With a minimum separation above {m:.0f} m, no combination is "
                                "left."),
    "decision.sep_lower": ("Senkes den til {m:.0f} m, velges {pairs}.",
                           "Lowered to {m:.0f} m, it lets {pairs} be chosen."),
    # ---- a rerun of a scenario's saved decision (choose --scenario)
    "decision.rerun.same": ("{name}: samme beslutning som den lagrede",
                            "{name}: same decision as saved"),
    "decision.rerun.differs": ("{name}: beslutningen er ikke den samme som den lagrede",
                               "{name}: the decision differs from the saved one"),
    "decision.rerun.changed": ("{name}: ikke sammenlignet med den lagrede beslutningen (endret: "
                               "{changed})",
                               "{name}: not compared with the saved decision (changed: "
                               "{changed})"),
    "decision.rerun.groups": ("gruppene", "the groups"),
    "decision.rerun.objective": ("hva som skal være best", "what should be best"),
    "decision.rerun.min_separation_m": ("minsteavstanden mellom tomtene",
                                        "the minimum distance between the plots"),
    "decision.rerun.separate": ("om det kreves en minsteavstand",
                                "whether a minimum distance is required"),
    "decision.rerun.districts": ("kravet om ulike skolekretser",
                                 "the rule of different school districts"),
    "decision.rerun.reserved": ("tomtene som er reservert for én gruppe",
                                "the plots reserved for one group"),
    "decision.rerun.n_best": ("antall kombinasjoner som vises",
                              "the number of combinations shown"),
    "decision.rerun.config": ("vekter, kurver eller krav for {group}",
                              "weights, curves or rules for {group}"),
    "decision.none": ("Ingen kombinasjon av tomter oppfyller alle krav: {why}.",
                      "No combination of plots meets every requirement: {why}."),
    "decision.b.rules": ("ingen tomt oppfyller alle krav for {group}",
                         "no plot passes every rule for {group}"),
    "decision.b.plots": ("for få ulike tomter oppfyller kravene til at hver gruppe får sin",
                         "too few different plots pass the rules for each group to get one"),
    "decision.b.separation": ("minsteavstanden utelukker alle kombinasjoner (et lavere krav gir "
                              "et valg)",
                              "the minimum separation rules out every combination (a lower one "
                              "leaves a choice)"),
    "decision.b.districts": ("kravet om ulike kretser utelukker alle kombinasjoner",
                             "the rule of different districts rules out every combination"),
    "decision.b.reserved": ("reservasjonene utelukker alle kombinasjoner",
                            "the reservations rule out every combination"),
    "decision.b.combined": ("kravene utelukker sammen alle kombinasjoner",
                            "the requirements together rule out every combination"),
    "decision.and": (" og ", " and "),
    # the report's page
    "report.pair.head": ("Tomter for begge grupper", "Sites for both groups"),
    "report.pair.sub": ("Hvilken tomt for hvilken gruppe, hvorfor, og hva som skal til for å "
                        "endre valget",
                        "Which plot for which group, why, and what it would take to change "
                        "the decision"),
    "report.pair.why": ("Hvorfor disse to?", "Why these?"),
    "report.pair.others": ("Alternativene", "The alternatives"),
    "report.pair.change": ("Hva skal til for å endre valget?",
                           "What would change the decision?"),
    "report.pair.how": ("Slik er valget gjort", "How the choice is made"),
    "report.pair.col.group": ("Gruppe", "Group"),
    "report.pair.col.plot": ("Tomt", "Plot"),
    "report.pair.col.score": ("Poeng", "Score"),
    "report.pair.col.place": ("Plass for gruppen", "Place for the group"),
    "report.pair.col.counts": ("Teller mest", "Counts most"),
    "report.pair.col.rank": ("Nr.", "No."),
    "report.pair.col.value": ("Mål", "Objective"),
    "report.pair.col.gap": ("Bak", "Behind"),
    "report.pair.col.walk": ("Gangavstand (m)", "Walking distance (m)"),
    "report.pair.place": ("{rank} av {n}", "{rank} of {n}"),
    "report.pair.points": ("{label} ({p:.1f} poeng)", "{label} ({p:.1f} points)"),
    # the public version: whole points (as its ranking), so no finer figure than there
    "report.pair.pair_public": ("{plot} for {group} ({score:.0f} poeng)",
                                "{plot} for {group} (score {score:.0f})"),
    "report.pair.objective_public": ("Valgt etter {objective}: {value:.0f} poeng.",
                                     "Chosen by {objective}: {value:.0f} points."),
    "report.pair.method": (
        "Hver gruppe vurderes med sin egen profil: vekter, verdikurver og absolutte krav. "
        "Alle kombinasjoner der hver gruppe får en egen tomt som oppfyller alle gruppens krav"
        "{rule}, er sammenlignet, og den beste etter {objective} er valgt; regnestykket er "
        "eksakt (alle kombinasjoner er prøvd). Robustheten er testet ved å endre vektene i "
        "begge profilene tilfeldig og ved å endre én vekt om gangen.",
        "Each group is judged by its own profile: weights, value curves and hard rules. Every "
        "combination in which each group gets its own plot passing all the group's rules"
        "{rule} is compared, and the best by {objective} is chosen; the calculation is exact "
        "(every combination is tried). Robustness is tested by changing the weights of both "
        "profiles at random and one weight at a time."),
    "report.pair.method_sep": (
        " og tomtene ligger minst {m:.0f} m fra hverandre, målt som gangavstand langs gater "
        "og gangveier (ikke i luftlinje)",
        " and the plots lie at least {m:.0f} m apart, measured as walking distance along "
        "streets and paths (not as the crow flies)"),
    "report.pair.method_districts": ("To av tomtene kan ikke ligge i samme skolekrets.",
                                     "No two of the plots may lie in the same school district."),
    "report.pair.method_reserved": ("Reservert: {list}.", "Reserved: {list}."),
    # the pair map
    "map.pair.legend": ("Valgte tomter", "Chosen plots"),
    "map.pair.other": ("andre kandidattomter", "other candidate plots"),
    "map.pair.route": ("gangvei mellom tomtene", "walk between the plots"),
    "map.pair.route_tip": ("Gangvei {a} – {b}: {m:.0f} m", "Walk {a} – {b}: {m:.0f} m"),
    "map.pair.plot_tip": ("{name} ({plot}): {group}, {score:.1f} poeng",
                          "{name} ({plot}): {group}, score {score:.1f}"),
    # the app's section
    "app.pair.head": ("Velg tomter for begge grupper", "Choose sites for both groups"),
    "app.pair.intro": ("Én tomt per beboergruppe, valgt sammen: hver gruppe vurderes med sin "
                       "profil og sine krav, og tomtene holdes fra hverandre til fots.",
                       "One plot per resident group, chosen together: each group is judged by "
                       "its own profile and rules, and the plots are kept apart on foot."),
    "app.pair.objective": ("Hva skal være best?", "What should be best?"),
    "app.pair.obj.sum": ("Summen av poengene", "The sum of the scores"),
    "app.pair.obj.maxmin": ("Gruppen som kommer dårligst ut (maks-min)",
                            "The worst-off group (max-min)"),
    "app.pair.separate": ("Minsteavstand mellom tomtene (gange)",
                          "Minimum distance between the plots (walking)"),
    "app.pair.separation": ("Minsteavstand (m)", "Minimum distance (m)"),
    "app.pair.districts": ("Ikke i samme skolekrets", "Not in the same school district"),
    "app.pair.districts_file": ("Skolekretser (polygonfil: GeoJSON, GeoPackage, zippet "
                                "Shapefile)",
                                "School districts (polygon file: GeoJSON, GeoPackage, zipped "
                                "Shapefile)"),
    "app.pair.districts_need": ("Last inn skolekretsene for å bruke dette kravet.",
                                "Load the school districts to use this rule."),
    "app.pair.districts_read": ("{n} kretser lest fra {name}.", "{n} districts read from {name}."),
    "app.pair.reserved": ("Tomter bare for {group}", "Plots only for {group}"),
    "app.pair.reserved_none": ("ingen", "none"),
    "app.pair.none_plots": ("Legg inn minst to tomter for å velge et par.",
                            "Add at least two plots to choose a pair."),
    "app.pair.runner_ups": ("Beste kombinasjoner", "Best combinations"),
    "app.pair.rank": ("Rang", "Rank"),
    "app.pair.plot_of": ("{group}: tomt", "{group}: plot"),
    "app.pair.score_of": ("{group}: poeng", "{group}: score"),
    "app.pair.value": ("Mål", "Objective"),
    "app.pair.gap": ("Bak valgt", "Behind chosen"),
    "app.pair.walk": ("Gangavstand (m)", "Walking distance (m)"),
    "app.pair.share": ("Valgt i trekninger (%)", "Chosen in draws (%)"),
    "app.pair.robust_head": ("Hvor sikkert er valget?", "How firm is the choice?"),
    "app.pair.chart_x": ("Andel av trekningene", "Share of the draws"),
    "app.pair.kept": ("Beholder tomten sin: {groups}", "Keeps its plot: {groups}"),
    "app.pair.download": ("Last ned kombinasjonene (CSV)", "Download the combinations (CSV)"),
    "app.pair.file": ("par.csv", "pair.csv"),
}
