"""The report's page "Tomter for begge grupper" on the demo town, read back with pdftotext."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_report import PAGES, _lines, _text

from siting.cli import main
from siting.decision import DecisionSettings, configs_for, with_robustness
from siting.decision_network import decide_from_analysis
from siting.demo import demo_plots
from siting.pipeline import Result, load_study, rank
from siting.report import committee_report
from siting.report.pdf import report_pdf
from siting.scenario import load_scenario, scenario_from_result
from siting.text.decision import summary_lines


@pytest.fixture(scope="module")
def measured() -> tuple[Result, object]:
    configs = configs_for(["recovery", "active-use"])
    result = rank(load_study(), demo_plots(), None, configs["recovery"])
    decision = with_robustness(decide_from_analysis(result.acc, configs, DecisionSettings()),
                               n=300)
    return result, decision


def test_pair_page_says_what_why_and_what_would_change_it(measured: tuple, tmp_path: Path) -> None:
    result, decision = measured
    pdf = report_pdf(result, decision=decision)
    text, pages = _text(pdf, tmp_path)
    assert pages == PAGES + 1
    page = " ".join(_lines(pdf, tmp_path, 2))
    assert page.startswith("Tomter for begge grupper")
    assert ("Anbefalt: Tomt A – sentrum (demo) for Endring (100,0 poeng) og Tomt C – øst (demo) "
            "for Aktiv rus (100,0 poeng).") in page
    assert "Gangavstand mellom tomtene: 684 m (om lag 9 min å gå); kravet er minst 500 m." in page
    labels = dict(zip(result.ranked["plot_id"], result.ranked["name"], strict=True))
    text_page = " ".join(_text(pdf, tmp_path, "p2", "-f", "2", "-l", "2")[0].split())
    lines = summary_lines(decision, "nb", labels)
    for line in [*lines[2:4], *lines[5:]]:  # why, objective, how firm (the runner-up: a table)
        assert " ".join(line.split()) in text_page
    second = decision.solution.portfolios[1]
    assert f"2 Tomt A – sentrum (demo) Tomt B – nord (demo) {second.objective:.1f}".replace(
        ".", ",") in page
    assert "målt som gangavstand langs gater og gangveier (ikke i luftlinje)" in text
    assert "Nr. Endring Aktiv rus Mål Bak Gangavstand (m)" in page  # the unit in the head


def test_public_pair_page_hides_names_and_rounds_the_walk(measured: tuple,
                                                          tmp_path: Path) -> None:
    result, decision = measured
    pdf = report_pdf(result, decision=decision, public=True, lang="en")
    page = " ".join(_lines(pdf, tmp_path, 2))
    assert page.startswith("Sites for both groups")
    assert "Tomt A – sentrum" not in page and "(demo)" not in page
    number = {pid: i + 1 for i, pid in enumerate(result.ranked["plot_id"])}
    assert (f"Recommended: Plot {number['A']} for Recovery (score 100) and Plot "
            f"{number['C']} for Active use (score 100).") in page
    assert "Walking distance between the plots: 700 m" in page


def test_public_pair_page_gives_whole_points_and_no_points_per_criterion(
        measured: tuple, tmp_path: Path) -> None:
    """The public rules (README, Security and privacy): the score in whole points and no
    points per criterion (each can be turned back into a distance through its curve)."""
    result, decision = measured
    page = " ".join(_lines(report_pdf(result, decision=decision, public=True), tmp_path, 2))
    assert "Valgt etter summen av gruppenes poeng: 200 poeng." in page
    assert "poeng)" not in page.split("Teller mest", 1)[1].split("Alternativene", 1)[0]
    second = decision.solution.portfolios[1]
    number = {pid: i + 1 for i, pid in enumerate(result.ranked["plot_id"])}
    best = decision.solution.portfolios[0].objective
    row = (f"2 Tomt {number[second.plots[0]]} Tomt {number[second.plots[1]]} "
           f"{second.objective:.0f} {round(best) - round(second.objective)} ")
    assert row in page, page  # "behind" is the shown points' difference


def test_report_without_a_decision_has_no_pair_page(measured: tuple, tmp_path: Path) -> None:
    result, _ = measured
    text, pages = _text(report_pdf(result), tmp_path)
    assert pages == PAGES and "Tomter for begge grupper" not in text


def test_committee_report_remakes_the_stored_decision(measured: tuple, tmp_path: Path) -> None:
    from siting.decision_record import scenario_with_decision

    result, decision = measured
    scenario = scenario_with_decision(scenario_from_result(result, demo_plots()), decision)
    text, pages = _text(committee_report(result, scenario=scenario, n_draws=300), tmp_path)
    assert pages == PAGES + 1 and "Tomter for begge grupper" in text


def test_cli_report_of_a_chosen_scenario(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    saved = tmp_path / "s.gpkg"
    assert main(["choose", "--demo", "--out", str(tmp_path / "p.csv"), "--scenario-out",
                 str(saved), "--draws", "200", "-q"]) == 0
    assert load_scenario(saved).decision is not None
    assert main(["report", "--scenario", str(saved), "--out", str(tmp_path / "r.pdf"),
                 "-q"]) == 0, capsys.readouterr().err
    text, _ = _text((tmp_path / "r.pdf").read_bytes(), tmp_path, "cli")
    assert "Tomter for begge grupper" in text
    assert "Anbefalt: Tomt A – sentrum (demo) for Endring" in text


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_public_pair_page_leaves_out_the_weight_change_that_swaps_the_choice(
        measured: tuple, tmp_path: Path, lang: str) -> None:
    """The public page says how firm the choice is, but not which weight change swaps it
    (that gives the points between two plots); the internal page says it."""
    from siting.text import section, t
    from siting.text.decision import robustness_lines, swap_sentence

    result, decision = measured
    plot = section("report", lang)["plot"]
    labels = {pid: f"{plot} {i + 1}" for i, pid in enumerate(result.ranked["plot_id"])}
    swap = swap_sentence(decision, lang, labels)
    firm = [line for line in robustness_lines(decision, lang, labels, 100.0) if line != swap]
    assert len(firm) == len(robustness_lines(decision, lang, labels, 100.0)) - 1
    pdf = report_pdf(result, decision=decision, public=True, lang=lang)
    page = " ".join(_text(pdf, tmp_path, "p2", "-f", "2", "-l", "2")[0].split())
    change = page.split(t("report.pair.change", lang), 1)[1].split(t("report.pair.how", lang))[0]
    assert change.strip() == " ".join(f"• {' '.join(line.split())}" for line in firm)
    names = dict(zip(result.ranked["plot_id"], result.ranked["name"], strict=True))
    internal = report_pdf(result, decision=decision, lang=lang)
    page = " ".join(_text(internal, tmp_path, "i2", "-f", "2", "-l", "2")[0].split())
    assert " ".join(swap_sentence(decision, lang, names).split()) in page


def test_behind_is_the_difference_of_the_figures_shown() -> None:
    from siting.report.pair import shown_behind

    # a committee trial: objectives 170.4 and 162.6 read "170", "163" and "8 behind"
    assert shown_behind(170.4, 162.6, 0) == 7
    assert shown_behind(165.0, 162.5, 0) == 3  # 162.5 is shown as 162 (half to even)
    assert shown_behind(170.44, 162.66, 1) == pytest.approx(7.7)
