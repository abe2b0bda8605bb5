"""The text catalogue (siting.text): complete in both languages, one number formatter each."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
import string
from pathlib import Path

import numpy as np
import pytest

from siting.config import PROFILES, Rule
from siting.scoring import Failure
from siting.text import CATALOGUE, LANGS, factor, number, pick, separators, t, tn
from siting.text.render import (
    codes_text,
    column_labels,
    criterion_labels,
    failure_text,
    problem_text,
    rule_limit_text,
    status_label,
)

NBSP = "\u00a0"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# --------------------------------------------------------------------------- the catalogue
def test_every_entry_has_both_languages_with_the_same_placeholders() -> None:
    problems = []
    for key, entry in CATALOGUE.items():
        if not (isinstance(entry, tuple) and len(entry) == len(LANGS)):
            problems.append(f"{key}: not one text per language {LANGS}")
            continue
        nb, en = entry
        if not (isinstance(nb, str) and nb.strip() and isinstance(en, str) and en.strip()):
            problems.append(f"{key}: a translation is missing")
        elif _fields(nb) != _fields(en):
            problems.append(f"{key}: placeholders differ: {_fields(nb)} vs {_fields(en)}")
    assert problems == []


def test_keys_are_namespaced_and_lowercase() -> None:
    assert all(k == k.strip() and " " not in k for k in CATALOGUE)


def test_t_fills_numbers_for_the_language() -> None:
    assert t("flag.far", "nb", m=1258.4, limit=250) == (
        f"1{NBSP}258 m fra nærmeste gate (grense 250 m): sjekk plasseringen")
    assert t("flag.far", "en", m=1258.4, limit=250) == (
        "1,258 m from the nearest street (limit 250 m): check the location")
    assert t("flag.island", "en", n=12345) == (
        "nearest street is on a small piece of network (12,345 nodes) not connected to the "
        "rest: distances would be misleading")
    assert t("date", "nb", d=dt.date(2024, 5, 1)) == "01.05.2024"
    assert t("date", "en", d=dt.date(2024, 5, 1)) == "2024-05-01"
    assert t("status.ok", "en") == "passes all rules"


def test_status_counts_agree_with_their_number() -> None:
    """The ranking's closing line counts plots by status: "9 pass", "1 passes"."""
    said = {(n, lang): "; ".join(tn(f"status.count.{s}", n, lang)
                                 for s in ("ok", "fails_rules", "flagged"))
            for n in (1, 9) for lang in ("nb", "en")}
    assert said[9, "en"] == "9 pass all rules; 9 fail a rule; 9 flagged, not assessed"
    assert said[1, "en"] == "1 passes all rules; 1 fails a rule; 1 flagged, not assessed"
    assert said[9, "nb"] == "9 oppfyller alle krav; 9 bryter et krav; 9 flagget, ikke vurdert"
    assert said[1, "nb"] == "1 oppfyller alle krav; 1 bryter et krav; 1 flagget, ikke vurdert"


def test_t_refuses_unknown_keys_and_languages() -> None:
    with pytest.raises(KeyError):
        t("flag.no_such_thing", "nb")
    with pytest.raises(ValueError, match="unknown language 'de'; use one of nb, en"):
        t("status.ok", "de")


def test_pick() -> None:
    assert pick("nb", "Buss", "Bus") == "Buss" and pick("en", "Buss", "Bus") == "Bus"


# --------------------------------------------------------------------------- numbers
@pytest.mark.parametrize(("x", "decimals", "nb", "en"), [
    (0, 0, "0", "0"),
    (999.4, 0, "999", "999"),
    (1000, 0, f"1{NBSP}000", "1,000"),
    (1234.5, 1, f"1{NBSP}234,5", "1,234.5"),
    (1234567.891, 2, f"1{NBSP}234{NBSP}567,89", "1,234,567.89"),
    (-1234.5, 0, f"-1{NBSP}234", "-1,234"),  # half to even on the binary value
    (-0.04, 1, "0,0", "0.0"),  # no "-0"
    (2.5, None, "2,5", "2.5"),
    (3.0, None, "3", "3"),
    (math.inf, 0, "–", "–"),
    (math.nan, 1, "–", "–"),
    (None, 1, "–", "–"),
    (np.float64(12.25), 1, "12,2", "12.2"),
])
def test_number(x: float, decimals: int | None, nb: str, en: str) -> None:
    assert number(x, "nb", decimals) == nb
    assert number(x, "en", decimals) == en


def test_number_trim_and_separators() -> None:
    assert number(1.5, "nb", 2, trim=True) == "1,5"
    assert number(3.0, "en", 2, trim=True) == "3"
    assert number(1200.0, "nb", 2, trim=True) == f"1{NBSP}200"
    assert separators("nb") == (",", NBSP) and separators("en") == (".", ",")


def test_factor_never_rounds_a_weight_cut_to_nothing() -> None:
    # a weight of 3 falling to 0.01 is "× 0,0033", not "× 0" or "× 0,00"
    assert [factor(x, "nb") for x in (0.35, 2.6, 0.1, 0.099, 0.0033, 0.00012)] == [
        "0,35", "2,60", "0,10", "0,099", "0,0033", "0,00012"]
    assert factor(0.0033, "en") == "0.0033" and factor(float("nan"), "en") == "–"


# --------------------------------------------------------------------------- rendering codes
def test_codes_and_problems() -> None:
    codes = (("far", {"m": 360.2, "limit": 250.0}), ("island", {"n": 12}))
    assert codes_text(codes, "nb") == (
        "360 m fra nærmeste gate (grense 250 m): sjekk plasseringen; nærmeste gate ligger på "
        "en liten bit av nettet (12 noder) uten forbindelse til resten: avstandene ville vært "
        "misvisende")
    assert codes_text((), "nb") == "" and codes_text(math.nan, "en") == ""
    assert codes_text("typed by hand", "nb") == "typed by hand"
    assert problem_text("missing coordinates") == "mangler koordinater"
    assert problem_text("missing coordinates", "en") == "missing coordinates"
    assert problem_text("unreadable coordinates (lat 'x', lon '1')") == (
        "uleselige koordinater (lat 'x', lon '1')")
    assert problem_text("something new") == "something new"
    assert codes_text((("problem", {"text": "invalid polygon repaired"}),), "nb") == (
        "ugyldig polygon reparert")


def test_names_are_quoted_as_each_language_quotes() -> None:
    # a committee trial: English reasons and notes quoted with the bokmål «…»
    stored = "address “Pilestrede 57” not found; nearest: “Pilestredet 57, 0350 Oslo”, “Bislett”"
    assert problem_text(stored, "en") == stored
    assert problem_text(stored, "nb") == (
        "fant ikke adressen «Pilestrede 57»; nærmeste: «Pilestredet 57, 0350 Oslo», «Bislett»")
    # a scenario saved before stored the English code with «…»: it reads the same
    old = stored.replace("“", "«").replace("”", "»")
    assert problem_text(old, "en") == stored
    assert problem_text(old, "nb") == problem_text(stored, "nb")
    assert problem_text("address «Markveien 35» is not in the data; placed at Markveien 35A",
                        "en") == ("address “Markveien 35” is not in the data; placed at "
                                  "Markveien 35A")
    assert t("match.log", "en", pid="A", given="21/5", match="Demoveien 5", how="gnr/bnr") == (
        "A: “21/5” -> Demoveien 5 (gnr/bnr)")
    assert t("quote.name", "nb", text="Tomt 1") == "«Tomt 1»"
    assert t("quote.name", "en", text="Plot 1") == "“Plot 1”"
    english = [en for _, en in CATALOGUE.values()]
    assert not [en for en in english if "«" in en or "»" in en]


def _why(rule: Rule, value: float, lang: str) -> str:
    label = pick(lang, rule.label_nb, rule.label_en) or rule.column
    return failure_text(Failure(rule.column, rule.op, rule.value, value), lang, label)


def test_failure_numbers() -> None:
    police = PROFILES["recovery"].rules[0]
    bus = PROFILES["recovery"].rules[1]
    assert _why(police, 12.34, "nb") == (  # the profiles' police rule reads the response
        "Politi: 12,3 min responstid fra nærmeste politistasjon, grensen er 10 min")
    assert _why(police, 10.04, "en") == (
        "Police: 10.04 min response time from the nearest police station, limit 10 min")
    drive = dataclasses.replace(police, column="police_drive_min")
    assert _why(drive, 14.0, "en") == (
        "Police: 14 min by car from the nearest police station, limit 10 min")
    assert _why(police, math.inf, "nb") == "Politi: ingen politistasjon kan nå tomten med bil"
    assert _why(bus, 1234.5, "nb") == (
        f"Buss: 1{NBSP}234 m til nærmeste holdeplass, grensen er 500 m")
    assert _why(bus, 1234.5, "en") == "Bus: 1,234 m to the nearest bus stop, limit 500 m"
    assert _why(bus, 500.4, "en") == "Bus: 500.4 m to the nearest bus stop, limit 500 m"
    assert _why(bus, math.nan, "en") == "Bus: no value"
    patrol = Rule("patrol_detour_min", "max", 2.5)
    assert _why(patrol, 3.0, "en") == (
        "patrol_detour_min: 3 min detour from the nearest main road, limit 2.5 min")
    nav = Rule("walk_m_nav", "max", 900.0, label_nb="NAV")
    assert _why(nav, math.inf, "nb") == "NAV: ingen NAV-kontor kan nås til fots"
    odd = Rule("walk_m_sauna", "min", 100.0, label_en="Sauna")
    assert _why(odd, 40.0, "en") == "Sauna: 40 m to the nearest Sauna, at least 100 m required"


def test_labels() -> None:
    config = PROFILES["recovery"]
    assert criterion_labels(config)["gp"] == "Fastlege"
    assert criterion_labels(config, "en")["mental_health"] == "Mental-health service"
    en = column_labels(config, "en")
    assert (en["walk_m_bus"], en["value_bus"], en["points_bus"]) == (
        "Bus, walk (m)", "Bus (0–1)", "Bus (points)")
    assert column_labels(config)["police_drive_min"] == "Politi, kjøretid (min)"
    assert en["score"] == "Score (0–100)"
    assert status_label("fails_rules", "nb") == "bryter et krav"


@pytest.mark.parametrize(("rule", "nb", "en"), [
    (Rule("police_response_min", "max", 10.0), "høyst 10 min", "at most 10 min"),
    (Rule("police_response_min", "max", 7.5), "høyst 7,5 min", "at most 7.5 min"),
    (Rule("walk_m_bus", "max", 1234.0), f"høyst 1{NBSP}234 m", "at most 1,234 m"),
    (Rule("walk_m_school", "min", 100.0), "minst 100 m", "at least 100 m"),
    (Rule("snap_m", "max", 99.94), "høyst 99,9 m", "at most 99.9 m"),
    # a tenth that rounds to a whole number drops its zero, as a whole limit does (the
    # report wrote "10,0" here and the Excel sheet "10" before both used this)
    (Rule("police_response_min", "max", 9.96), "høyst 10 min", "at most 10 min"),
])
def test_rule_limit_text(rule: Rule, nb: str, en: str) -> None:
    assert (rule_limit_text(rule, "nb"), rule_limit_text(rule, "en")) == (nb, en)


def test_every_key_the_code_asks_for_is_in_the_catalogue() -> None:
    # t("app.title", ...) must name an entry; t(f"profile.{key}", ...) must name a prefix
    root = Path(__file__).resolve().parents[1]
    files = [root / "app.py", *(root / "siting").rglob("*.py"), *(root / "ui").rglob("*.py")]
    call = re.compile(r"""\bt\(\s*(f?)(["'])([a-z_][\w.{}]*?)\2""")
    missing = []
    for path in files:
        for f, _, key in call.findall(path.read_text(encoding="utf-8")):
            head = key.split("{", 1)[0] if f else key
            known = any(k.startswith(head) for k in CATALOGUE) if f else key in CATALOGUE
            if not known:
                missing.append(f"{path.relative_to(root)}: {key}")
    assert missing == []


def test_the_dispatch_help_names_the_column_as_people_see_it() -> None:
    # a police trial: the bokmål tooltip named the internal column "(police_response_min)"
    from siting.config import default_config
    from siting.excel import column_headers

    for lang in ("nb", "en"):
        help_text = t("app.police.dispatch_help", lang)
        header = column_headers(["police_response_min"], default_config(lang=lang), lang)
        assert "police_response_min" not in help_text
        assert header["police_response_min"] in help_text
