"""The texts of the committee report, in bokmål ("nb") and English ("en").

:data:`TEXTS` maps a language to {key: text}; both languages have the same
keys. Mini-HTML (``<b>``) is allowed in the texts; ``{placeholders}`` are filled
with escaped text by the pages (:mod:`siting.report.pages`,
:mod:`siting.report.map`, :mod:`siting.report.cards`).
"""

from __future__ import annotations

__all__ = ["TEXTS"]

TEXTS: dict[str, dict[str, str]] = {
    "nb": {
        "default_title": "Tomtevalg for robuste boliger",
        "author": "Arbeidsgruppen for robuste boliger", "plot": "Tomt", "and": "og",
        "page": "Side {n} av {total}", "footer_data": "Kartdata: {date}",
        "public_version": "Offentlig versjon",
        "internal_version": "Intern versjon – ikke for offentliggjøring",
        "no_date": "dato ikke oppgitt", "walk_m": "{v} m å gå", "drive_min": "{v} min med bil",
        "detour_min": "{v} min omvei", "summary_sub": "Sammendrag for helse- og omsorgskomiteen",
        "rec_ok": "Analysen peker på {plot} som den best egnede tomten. Den får {score} av 100 "
                  "poeng og oppfyller alle krav.",
        "rec_fails": "Ingen tomt oppfyller alle krav. Høyest rangert er {plot} med {score} av "
                     "100 poeng, men den bryter: {reasons}.",
        "rec_none": "Ingen av tomtene kunne vurderes. Se tomtekortene for årsaken.",
        "rec_why": "Den får flest poeng for kort vei til {list}.",
        "rec_second": "Nummer to er {plot} med {score} poeng, {gap} poeng bak.",
        "h_robust": "Hvor sikker er anbefalingen?",
        "robust_draws": "Når vektene varieres tilfeldig{how}, kommer {plot} først i {first} av "
                        "forsøkene og blant de tre beste i {top3}.",
        "verdict_high": "Anbefalingen tåler godt at kriteriene vektes annerledes.",
        "verdict_mid": "Anbefalingen holder i de fleste forsøk, men avhenger noe av vektene.",
        "verdict_low": "Anbefalingen avhenger mye av hvordan kriteriene vektes.",
        "robust_missing": "Hvor følsom rangeringen er for vektene, er ikke beregnet for denne "
                          "rapporten.",
        "robust_none": "Ingen tomt kunne vurderes, så robustheten er ikke beregnet.",
        "draw_spread": "hver vekt endret med inntil ±{pct}", "draw_count": "{n} forsøk",
        "swap_at": "Den minste endringen av én enkelt vekt som bytter om nummer én og to: hvis "
                   "vekten for {crit} {verb} fra {w0} til {w1} (× {m}), går {second} forbi "
                   "{first}.",
        "rises": "øker", "falls": "synker",
        "swap_never": "Ingen endring av én enkelt vekt som ble prøvd, bytter om nummer én og to.",
        "beaten_by": "slått av",
        "pareto_none": "Ingen tomt er slått av en annen på alle kriterier.",
        "pareto_many": "Uansett vekter kan {n} av tomtene ikke komme først, fordi en annen tomt "
                       "er minst like god på alle kriterier og bedre på minst ett (se "
                       "rangeringen).",
        "rec_tie": "Nummer to, {plot}, får like mange poeng ({score}): de to er i praksis like "
                   "gode, og valget mellom dem bør avgjøres på annet grunnlag.",
        "pareto_some": "Uansett vekter kan disse ikke komme først, fordi en annen tomt er minst "
                       "like god på alle kriterier og bedre på minst ett: {list}.",
        "h_problems": "Tomter som bryter krav eller ikke kan vurderes",
        "all_pass": "Alle tomtene oppfyller kravene og kunne vurderes.", "h_basis": "Grunnlag",
        "profile": "Beboerprofil", "osm_data": "Kartdata", "osm_fmt": "{name}, per {date}",
        "created": "Analysen laget", "version": "Versjon", "scenario": "Scenariofil",
        "notes": "Merknader", "profile_fmt": "{text} (profil «{key}»)",
        "profile_recovery": "Endringsbolig – for beboere som ønsker å endre livssituasjonen",
        "profile_active-use": "Bolig for aktiv rus – for beboere som ønsker lite kontakt med "
                              "tjenestene",
        "h_map": "Kart over tomter og tjenester",
        "map_internal_note": "Tomtene er nummerert etter rangering; fargen viser poengsummen og "
                             "formen om tomten oppfyller kravene. Tjenestene har hver sin form.",
        "map_public_note": "<b>Offentlig versjon:</b> tomtene er vist i midten av den 500 × 500 "
                           "m-ruta de ligger i, ikke på sin nøyaktige plass. Psykisk "
                           "helsetjeneste og rustjeneste er ikke vist, fordi de kan avsløre "
                           "hvor beboerne får hjelp.",
        "map_score_bar": "Poengsum (lysere = høyere)",
        "map_osm_credit": "© OpenStreetMap contributors", "map_police_off": "Politistasjon {km} km",
        "map_plots_title": "Tomter", "map_services_title": "Tjenester",
        "map_streets": "Tykk mørk strek: hovedvei. Grå strek: gate. Stiplet: gangvei, sti eller "
                       "gang- og sykkelvei.",
        "map_cell": "Stiplet firkant: 500 × 500 m-ruta tomten ligger i. Tykk mørk strek: "
                    "hovedvei. Stiplet grå: gangvei eller sti.",
        "number": "Nr.", "h_ranking": "Rangering", "rank": "Plass", "plot_col": "Tomt",
        "score": "Poeng (0–100)", "status": "Status", "police_col": "Politi, kjøretid (min)",
        "patrol_col": "Patrulje, omvei (min)",
        "ranking_intro": "Tomtene i rangert rekkefølge. Tomter som bryter et krav, kommer etter "
                         "alle som oppfyller kravene. Gangavstand i meter langs gater og stier, "
                         "avrundet til nærmeste 10 m; politiets kjøretid og patruljens omvei i "
                         "minutter.",
        "ranking_note": "– betyr at tjenesten ikke kan nås, eller at tomten ikke kunne vurderes.",
        "h_robust_table": "Hvor robust er rangeringen?",
        "robust_intro": "Vektene er trukket tilfeldig mange ganger{how}, og tomtene rangert på "
                        "nytt hver gang. «Slått av» betyr at en annen tomt er minst like god på "
                        "alle kriterier og bedre på minst ett.",
        "share_first": "Først", "share_top3": "Blant tre beste",
        "mean_rank": "Gjennomsnittlig plass", "beaten_col": "Slått på alle kriterier av",
        "not_beaten": "ingen", "swap_col": "1 og 2 bytter ved vekt", "swap_none": "bytter ikke",
        "swap_note": "«1 og 2 bytter ved vekt»: hvor mye vekten for kriteriet alene må ganges "
                     "med før nummer én og to i rangeringen bytter plass (de andre vektene står "
                     "fast).",
        "card_rank": "Plass {rank} av {n}", "card_unranked": "Ikke rangert",
        "card_score": "{score} av 100 poeng", "card_no_score": "ingen poengsum",
        "card_where": "Tomte-ID {id} · plassering {lat}° N, {lon}° Ø", "h_distances": "Avstander",
        "service": "Tjeneste", "walk_col": "Gangavstand", "walk_time": "Gangtid",
        "nearest": "Nærmeste", "hidden": "(navn utelatt i offentlig versjon)",
        "unreachable": "kan ikke nås til fots",
        "police_row": "Politi: kjøretid fra nærmeste politistasjon",
        "patrol_row": "Patrulje: omvei fra nærmeste hovedvei", "h_rules_card": "Krav",
        "rule": "Krav", "limit": "Grense", "result": "Resultat", "passed": "Oppfylt",
        "failed": "Ikke oppfylt", "no_rules": "Ingen krav er i bruk.",
        "not_located": "Ikke vurdert: tomten har ingen plassering på gatenettet.",
        "h_points": "Poeng per kriterium", "chart_got": "Poeng tomten får",
        "chart_possible": "Mulige poeng", "chart_of": "{p} av {m}",
        "chart_zero": "Vises, men teller ikke (vekt 0): {list}.",
        "no_points": "Ingen poeng: tomten er flagget og er ikke vurdert.",
        "card_robust": "Når vektene varieres: først i {first} av forsøkene, blant de tre beste "
                       "i {top3}, gjennomsnittlig plass {mean}.",
        "card_beaten": "Slått av {list} på alle kriterier: kan ikke komme først uansett vekter.",
        "card_snap": "Avstandene er målt fra nærmeste punkt på gate- eller stinettet, {m} m fra "
                     "tomten (den strekningen er regnet i luftlinje).",
        "flag": "Merknad", "h_criteria": "Kriterier, vekter og krav", "criterion": "Kriterium",
        "weight": "Vekt (andel)", "curve": "Verdikurve", "why": "Hvorfor",
        "criteria_intro": "Hvert kriterium gir poeng etter avstanden. Vekten sier hvor mye det "
                          "teller i forhold til de andre; andelen er dets del av 100 poeng.",
        "weight_zero": "0 (vises, teller ikke)",
        "curve_near": "Full uttelling til {full}, null fra {zero}",
        "curve_far": "Null til {zero}, full uttelling fra {full}",
        "curve_near_step": "Full uttelling til {full}, ellers null",
        "curve_far_step": "Full uttelling fra {full}, ellers null", "shape_linear": "",
        "shape_smooth": " (myk overgang)",
        "shape_exponential": " (faller raskt først, så langsommere)", "h_rules": "Krav",
        "in_use": "I bruk", "yes": "Ja", "no": "Nei",
        "rules_intro": "Krav er absolutte grenser. En tomt som bryter et krav, rangeres etter "
                       "alle tomter som oppfyller kravene, uansett poengsum.",
        "at_most": "høyst {v}", "at_least": "minst {v}",
        "snap_rule": "Tomter som ligger mer enn {m} m fra nærmeste gate eller sti, eller på en "
                     "bit av nettet uten forbindelse til resten, flagges og rangeres ikke.",
        "replace": "Kommunens eget tjenesteregister erstatter OpenStreetMap for: {list}.",
        "h_sources": "Datakilder og datoer",
        "sources_intro": "Alle avstander er beregnet fra kartdataene nedenfor. "
                         "Innholdskontrollen viser om senere analyser bruker nøyaktig de samme "
                         "dataene.",
        "osm_date": "Kartdataene er fra", "osm_hash": "Innholdskontroll", "hash_fmt": "{short}…",
        "licence": "Lisens",
        "licence_text": "© OpenStreetMap contributors, ODbL (openstreetmap.org/copyright)",
        "demo_note": "Demodata: en oppdiktet by (Demoby), ikke virkelige gater eller tjenester.",
        "h_services": "Tjenester", "category": "Tjeneste", "from_osm": "Fra OpenStreetMap",
        "from_register": "Fra kommunens register",
        "services_intro": "Antall tjenester i hver kategori. Kommunale tjenester mangler ofte i "
                          "OpenStreetMap; kommunen kan legge dem inn i sitt eget register.",
        "h_method": "Metode (kort)", "mh_walk": "Gangavstand",
        "m_walk": "Gangavstandene er målt langs det virkelige nettet av gater, fortau, stier og "
                  "gang- og sykkelveier i OpenStreetMap, ikke i luftlinje. For hver tomt er den "
                  "korteste veien til nærmeste tjeneste av hver type funnet nøyaktig. Gangtid "
                  "er regnet med {speed} meter i minuttet, et rolig tempo.",
        "mh_police": "Politiets kjøretid",
        "m_police": "Kjøretiden er regnet fra nærmeste politistasjon langs bilveiene, etter "
                    "enveiskjøring og fartsgrenser (der fartsgrensen mangler, brukes vanlig "
                    "grense for veitypen).",
        "mh_patrol": "Patruljeomvei",
        "m_patrol": "Omveien er hvor mange minutter ekstra det tar å kjøre fra nærmeste "
                    "hovedvei til tomten og tilbake. Kort omvei betyr at politiet lett kan "
                    "kjøre forbi for å se at alt er i orden.",
        "mh_score": "Poeng, vekter og krav",
        "m_score": "Hver avstand gjøres om til en verdi fra 0 til 1 med en verdikurve: full "
                   "uttelling opp til én avstand, ingenting fra en annen, jevnt imellom. "
                   "Verdiene vektes og legges sammen til en poengsum fra 0 til 100. Krav er "
                   "absolutte grenser: en tomt som bryter et krav, rangeres etter alle som "
                   "oppfyller kravene. En tomt mer enn {snap} m fra nærmeste gate eller sti "
                   "flagges og rangeres ikke.",
        "mh_robust": "Robusthet",
        "m_robust": "For å se om anbefalingen henger på én bestemt vekt, er vektene trukket "
                    "tilfeldig mange ganger{draws}, og tomtene rangert på nytt hver gang. I "
                    "tillegg er hver vekt endret alene til nummer én og to bytter plass. En "
                    "tomt som en annen tomt slår på alle kriterier, kan aldri komme først, "
                    "uansett vekter.",
        "mh_public": "Offentlig versjon",
        "m_public": "Tomtenes navn og nøyaktige plassering er utelatt. På kartet vises hver "
                    "tomt midt i den {cell} × {cell} m-ruta den ligger i (et fast rutenett); "
                    "den virkelige plasseringen kan være hvor som helst i ruta. Psykisk "
                    "helsetjeneste og rustjeneste er utelatt fra kartet og navnene deres fra "
                    "tomtekortene, fordi de kan avsløre hvor beboerne får hjelp. Avstandene "
                    "vises fortsatt; sammen med et kart kan de gi et grovt hint om hvor en tomt "
                    "ligger.",
        "mh_internal": "Intern versjon",
        "m_internal": "Denne versjonen viser tomtenavn og nøyaktige plasseringer. "
                      "Kandidattomter og beboernes tjenester kan være følsomme før et politisk "
                      "vedtak: bruk den offentlige versjonen til alt som skal publiseres.",
        "mh_limits": "Hva tallene ikke kan si",
        "m_limits": "OpenStreetMap er lagt inn av frivillige og kan mangle stier, fortau eller "
                    "tjenester, eller ha feil. Kjøretiden er ren kjøretid ved fartsgrensen: den "
                    "tar ikke med tiden før en patrulje rykker ut, og heller ikke kø, vær eller "
                    "føre. Første og siste meter fra tomten eller tjenesten til nærmeste gate "
                    "er regnet i luftlinje. Avstand sier ingenting om bakker, trapper, lys "
                    "eller hvor trygg veien oppleves. Poengsummen er et hjelpemiddel for å "
                    "sammenligne tomter, ikke et vedtak.",
    },
    "en": {
        "default_title": "Choosing plots for robust homes", "author": "Robust homes working group",
        "plot": "Plot", "and": "and", "page": "Page {n} of {total}",
        "footer_data": "Map data: {date}", "public_version": "Public version",
        "internal_version": "Internal version – not for publication", "no_date": "date not given",
        "walk_m": "{v} m walk", "drive_min": "{v} min by car", "detour_min": "{v} min detour",
        "summary_sub": "Summary for the health and care committee",
        "rec_ok": "The analysis points to {plot} as the best-suited plot. It scores {score} of "
                  "100 points and passes every rule.",
        "rec_fails": "No plot passes every rule. The highest ranked is {plot} with {score} of "
                     "100 points, but it fails: {reasons}.",
        "rec_none": "None of the plots could be assessed. The plot cards say why.",
        "rec_why": "It scores most for a short way to {list}.",
        "rec_second": "Second is {plot} with {score} points, {gap} behind.",
        "h_robust": "How certain is the recommendation?",
        "robust_draws": "When the weights are varied at random{how}, {plot} comes first in "
                        "{first} of the trials and in the top three in {top3}.",
        "verdict_high": "The recommendation holds up well if the criteria are weighted "
                        "differently.",
        "verdict_mid": "The recommendation holds in most trials but depends somewhat on the "
                       "weights.",
        "verdict_low": "The recommendation depends strongly on how the criteria are weighted.",
        "robust_missing": "How sensitive the ranking is to the weights was not computed for "
                          "this report.",
        "robust_none": "No plot could be assessed, so robustness was not computed.",
        "draw_spread": "each weight changed by up to ±{pct}", "draw_count": "{n} trials",
        "swap_at": "The smallest change of a single weight that swaps first and second: if the "
                   "weight of {crit} {verb} from {w0} to {w1} (× {m}), {second} overtakes "
                   "{first}.",
        "rises": "rises", "falls": "falls",
        "swap_never": "No change of a single weight that was tried swaps first and second.",
        "beaten_by": "beaten by", "pareto_none": "No plot is beaten by another on every criterion.",
        "pareto_many": "Whatever the weights, {n} of the plots cannot come first, because "
                       "another plot is at least as good on every criterion and better on at "
                       "least one (see the ranking).",
        "rec_tie": "Second, {plot}, scores the same ({score}): the two are in practice equally "
                   "good, and the choice between them should rest on other grounds.",
        "pareto_some": "Whatever the weights, these cannot come first, because another plot is "
                       "at least as good on every criterion and better on at least one: {list}.",
        "h_problems": "Plots that fail a rule or cannot be assessed",
        "all_pass": "All plots pass the rules and could be assessed.", "h_basis": "Basis",
        "profile": "Resident profile", "osm_data": "Map data", "osm_fmt": "{name}, as of {date}",
        "created": "Analysis made", "version": "Version", "scenario": "Scenario file",
        "notes": "Notes", "profile_fmt": "{text} (profile “{key}”)",
        "profile_recovery": "Recovery home – for residents who want to change their life situation",
        "profile_active-use": "Home for active use – for residents who want little contact with "
                              "services",
        "h_map": "Map of plots and services",
        "map_internal_note": "Plots are numbered by rank; the colour shows the score and the "
                             "shape whether the plot passes the rules. Each kind of service has "
                             "its own shape.",
        "map_public_note": "<b>Public version:</b> plots are shown in the middle of the 500 × "
                           "500 m cell they lie in, not at their exact place. Mental-health and "
                           "substance-abuse services are not shown, as they could reveal where "
                           "residents get help.",
        "map_score_bar": "Score (lighter = higher)",
        "map_osm_credit": "© OpenStreetMap contributors",
        "map_police_off": "Police station {km} km", "map_plots_title": "Plots",
        "map_services_title": "Services",
        "map_streets": "Thick dark line: main road. Grey line: street. Dashed: footway, path or "
                       "foot/cycle path.",
        "map_cell": "Dashed square: the 500 × 500 m cell the plot lies in. Thick dark line: "
                    "main road. Dashed grey: footway or path.",
        "number": "No.", "h_ranking": "Ranking", "rank": "Rank", "plot_col": "Plot",
        "score": "Score (0–100)", "status": "Status", "police_col": "Police, drive (min)",
        "patrol_col": "Patrol, detour (min)",
        "ranking_intro": "Plots in ranked order. Plots that fail a rule come after all that "
                         "pass. Walking distance in metres along streets and paths, rounded to "
                         "the nearest 10 m; police drive time and patrol detour in minutes.",
        "ranking_note": "– means the service cannot be reached, or the plot could not be assessed.",
        "h_robust_table": "How robust is the ranking?",
        "robust_intro": "The weights were drawn at random many times{how}, and the plots ranked "
                        "anew each time. “Beaten” means another plot is at least as good on "
                        "every criterion and better on at least one.",
        "share_first": "First", "share_top3": "In top three", "mean_rank": "Average rank",
        "beaten_col": "Beaten on every criterion by", "not_beaten": "none",
        "swap_col": "1 and 2 swap at weight", "swap_none": "no swap",
        "swap_note": "“1 and 2 swap at weight”: the factor the weight of that criterion alone "
                     "must be multiplied by before first and second in the ranking swap (other "
                     "weights fixed).",
        "card_rank": "Rank {rank} of {n}", "card_unranked": "Not ranked",
        "card_score": "{score} of 100 points", "card_no_score": "no score",
        "card_where": "Plot id {id} · location {lat}° N, {lon}° E", "h_distances": "Distances",
        "service": "Service", "walk_col": "Walking distance", "walk_time": "Walking time",
        "nearest": "Nearest", "hidden": "(name left out in the public version)",
        "unreachable": "cannot be reached on foot",
        "police_row": "Police: drive time from the nearest station",
        "patrol_row": "Patrol: detour from the nearest main road", "h_rules_card": "Rules",
        "rule": "Rule", "limit": "Limit", "result": "Result", "passed": "Passed",
        "failed": "Failed", "no_rules": "No rules are in use.",
        "not_located": "Not assessed: the plot has no place on the street network.",
        "h_points": "Points per criterion",
        "chart_got": "Points the plot gets", "chart_possible": "Points possible",
        "chart_of": "{p} of {m}", "chart_zero": "Shown, not counted (weight 0): {list}.",
        "no_points": "No points: the plot is flagged and was not assessed.",
        "card_robust": "When the weights are varied: first in {first} of the trials, in the top "
                       "three in {top3}, average rank {mean}.",
        "card_beaten": "Beaten by {list} on every criterion: cannot come first whatever the "
                       "weights.",
        "card_snap": "Distances are measured from the nearest point on the street or path "
                     "network, {m} m from the plot (that stretch counted as a straight line).",
        "flag": "Note", "h_criteria": "Criteria, weights and rules", "criterion": "Criterion",
        "weight": "Weight (share)", "curve": "Value curve", "why": "Why",
        "criteria_intro": "Each criterion gives points by distance. The weight says how much it "
                          "counts against the others; the share is its part of the 100 points.",
        "weight_zero": "0 (shown, not counted)",
        "curve_near": "Full score up to {full}, zero from {zero}",
        "curve_far": "Zero up to {zero}, full score from {full}",
        "curve_near_step": "Full score up to {full}, otherwise zero",
        "curve_far_step": "Full score from {full}, otherwise zero", "shape_linear": "",
        "shape_smooth": " (smooth transition)",
        "shape_exponential": " (falls fast at first, then slower)", "h_rules": "Rules",
        "in_use": "In use", "yes": "Yes", "no": "No",
        "rules_intro": "Rules are absolute limits. A plot that fails a rule is ranked after all "
                       "plots that pass, whatever its score.",
        "at_most": "at most {v}", "at_least": "at least {v}",
        "snap_rule": "Plots more than {m} m from the nearest street or path, or on a piece of "
                     "network not connected to the rest, are flagged and not ranked.",
        "replace": "The municipality's own service register replaces OpenStreetMap for: {list}.",
        "h_sources": "Data sources and dates",
        "sources_intro": "All distances are computed from the map data below. The content check "
                         "shows whether a later analysis uses exactly the same data.",
        "osm_date": "Map data as of", "osm_hash": "Content check", "hash_fmt": "{short}…",
        "licence": "Licence",
        "licence_text": "© OpenStreetMap contributors, ODbL (openstreetmap.org/copyright)",
        "demo_note": "Demo data: a made-up town (Demoby), not real streets or services.",
        "h_services": "Services", "category": "Service", "from_osm": "From OpenStreetMap",
        "from_register": "From the municipality's register",
        "services_intro": "Number of services in each category. Municipal services are often "
                          "missing from OpenStreetMap; the municipality can add them in its own "
                          "register.",
        "h_method": "Method (short)", "mh_walk": "Walking distance",
        "m_walk": "Walking distances are measured along the real network of streets, pavements, "
                  "paths and combined foot and cycle paths in OpenStreetMap, not as the crow "
                  "flies. For each plot the shortest way to the nearest service of each kind is "
                  "found exactly. Walking time assumes {speed} metres a minute, a slow pace.",
        "mh_police": "Police drive time",
        "m_police": "Drive time is counted from the nearest police station along the roads, "
                    "following one-way rules and speed limits (where no limit is mapped, the "
                    "usual limit for the kind of road).",
        "mh_patrol": "Patrol detour",
        "m_patrol": "The detour is how many extra minutes it takes to drive from the nearest "
                    "main road to the plot and back. A short detour means the police can easily "
                    "drive past to see that things are fine.",
        "mh_score": "Points, weights and rules",
        "m_score": "Each distance is turned into a value from 0 to 1 by a value curve: full "
                   "score up to one distance, nothing from another, evenly in between. The "
                   "values are weighted and added up to a score from 0 to 100. Rules are "
                   "absolute limits: a plot that fails a rule is ranked after all that pass. A "
                   "plot more than {snap} m from the nearest street or path is flagged and not "
                   "ranked.",
        "mh_robust": "Robustness",
        "m_robust": "To see whether the recommendation hinges on one particular weight, the "
                    "weights were drawn at random many times{draws} and the plots ranked anew "
                    "each time. Each weight was also changed on its own until first and second "
                    "swap. A plot that another plot beats on every criterion can never come "
                    "first, whatever the weights.",
        "mh_public": "Public version",
        "m_public": "Plot names and exact locations are left out. On the map each plot is shown "
                    "in the middle of the {cell} × {cell} m cell it lies in (a fixed grid); the "
                    "real location can be anywhere in the cell. Mental-health and "
                    "substance-abuse services are left off the map and their names off the plot "
                    "cards, as they could reveal where residents get help. Distances are still "
                    "shown; with a map they can give a rough hint of where a plot lies.",
        "mh_internal": "Internal version",
        "m_internal": "This version shows plot names and exact locations. Candidate plots and "
                      "residents' services can be sensitive before a political decision: use "
                      "the public version for anything that will be published.",
        "mh_limits": "What the figures cannot tell",
        "m_limits": "OpenStreetMap is mapped by volunteers and can lack paths, pavements or "
                    "services, or contain errors. Drive time is pure driving at the speed "
                    "limit: it leaves out the time before a patrol sets off, and queues, "
                    "weather and road conditions. The first and last metres from the plot or "
                    "service to the nearest street are counted as a straight line. Distance "
                    "says nothing about hills, steps, lighting or how safe the way feels. The "
                    "score is an aid for comparing plots, not a decision.",
    },
}
