"""Tests for siting.config: profiles, overlay, round trips and exact error texts."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from siting.config import (
    PROFILES,
    Config,
    Criterion,
    Curve,
    Rule,
    config_from_dict,
    default_config,
    load_config,
    save_config,
    with_weights,
)
from siting.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parents[1] / "data" / "config-example.toml"


def _custom() -> Config:
    """A config that differs from its profile everywhere a user can change it."""
    return config_from_dict({
        "profile": "active-use",
        "lang": "en",
        "max_snap_m": 400,
        "replace_categories": ["mental_health"],
        "criteria": {
            "gp": {"weight": 2.5, "curve": {"shape": "smooth"}},
            "nav": {"column": "walk_m_nav", "weight": 1, "label_en": 'NAV "office" \\ ø',
                    "label_nb": "NAV-kontor\nlinje 2", "curve": {"full": 800, "zero": 2400,
                                                                 "shape": "exponential"}},
        },
        "rules": [{"column": "walk_m_school", "op": "min", "enabled": True},
                  {"column": "walk_m_nav", "op": "max", "value": 1500, "label_nb": "NAV"}],
        "police": {"dispatch_min": 1.5, "bands_min": [2, 4, 8], "include": ["n5503861779"],
                   "exclude": ["Stasjon «klikket» \\ ø"]},
    })


def _message(err: pytest.ExceptionInfo[ConfigError]) -> tuple[str, str | None]:
    return str(err.value), err.value.nb


def _errors(d: Any) -> tuple[str, str | None]:
    with pytest.raises(ConfigError) as err:
        config_from_dict(d)
    return _message(err)


# --------------------------------------------------------------------------- profiles
def test_profiles_state_every_number_with_a_reason() -> None:
    for config in PROFILES.values():
        assert config == config_from_dict(config.to_dict())
        for c in config.criteria.values():
            assert c.label_en and c.label_nb and c.why_en and c.why_nb
        for r in config.rules:
            assert r.label_en and r.label_nb and r.why_en and r.why_nb


def test_profile_defaults() -> None:
    rec, act = PROFILES["recovery"], PROFILES["active-use"]
    assert list(rec.criteria) == ["gp", "mental_health", "substance_abuse", "bus", "shop",
                                  "pharmacy", "police", "patrol", "school"]
    assert {k: c.weight for k, c in rec.criteria.items()} == {
        "gp": 3, "mental_health": 3, "substance_abuse": 3, "bus": 2, "shop": 2,
        "pharmacy": 1, "police": 1, "patrol": 0.5, "school": 0}
    assert {k: c.weight for k, c in act.criteria.items()} == {
        "gp": 1, "mental_health": 1, "substance_abuse": 2, "bus": 1, "shop": 1,
        "pharmacy": 1, "police": 3, "patrol": 3, "school": 2}
    assert rec.criteria["gp"].curve == Curve(400.0, 1200.0, "linear")
    assert act.criteria["school"].curve == Curve(300.0, 50.0)  # farther is better
    assert [(r.column, r.op, r.value, r.enabled) for r in rec.rules] == [
        ("police_response_min", "max", 10.0, True), ("walk_m_bus", "max", 500.0, True),
        ("walk_m_school", "min", 100.0, False)]
    assert [(r.column, r.op, r.value, r.enabled) for r in act.rules] == [
        ("police_response_min", "max", 8.0, True), ("walk_m_school", "min", 150.0, False),
        ("patrol_detour_min", "max", 3.0, False)]
    assert rec.lang == "nb" and rec.replace_categories == []
    assert rec.max_snap_m is None and rec.snap_limit_m() == 250.0  # settings.max_snap_m


def test_the_snap_limit_has_one_source(monkeypatch: pytest.MonkeyPatch) -> None:
    # no limit in the config: the engineering default, read when measuring
    from siting import settings
    from siting.demo import demo_plots
    from siting.pipeline import load_study, rank

    study, plots = load_study(), demo_plots()
    flagged = rank(study, plots, None, default_config()).ranked.set_index("plot_id")["status"]
    assert flagged["E"] == "flagged"  # 360 m from the nearest street, over 250 m
    monkeypatch.setattr(settings, "max_snap_m", 400.0)
    assert default_config().snap_limit_m() == 400.0
    again = rank(study, plots, None, default_config()).ranked.set_index("plot_id")["status"]
    assert again["E"] != "flagged"
    own = config_from_dict({"profile": "recovery", "max_snap_m": 300})
    assert own.snap_limit_m() == 300.0  # a config's own limit wins


def test_default_config_is_a_fresh_copy() -> None:
    config = default_config("active-use", lang="en")
    assert config == dataclasses.replace(PROFILES["active-use"], lang="en")
    config.criteria.clear()
    assert PROFILES["active-use"].criteria


# --------------------------------------------------------------------------- round trips
@pytest.mark.parametrize("config", [PROFILES["recovery"], PROFILES["active-use"], _custom()],
                         ids=["recovery", "active-use", "custom"])
def test_dict_round_trip(config: Config) -> None:
    assert config_from_dict(config.to_dict()) == config


@pytest.mark.parametrize("suffix", [".toml", ".yaml", ".yml"])
@pytest.mark.parametrize("config", [PROFILES["recovery"], _custom()], ids=["recovery", "custom"])
def test_file_round_trip(config: Config, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"scenario{suffix}"
    save_config(config, path)
    assert load_config(path) == config
    if suffix == ".toml":
        plain = {k: v for k, v in config.to_dict().items() if v is not None}  # TOML: no null
        assert tomllib.loads(path.read_text(encoding="utf-8")) == plain


def test_to_dict_is_plain_data() -> None:
    d = _custom().to_dict()
    assert d["criteria"]["nav"] == {
        "column": "walk_m_nav", "weight": 1.0,
        "curve": {"full": 800.0, "zero": 2400.0, "shape": "exponential"},
        "label_en": 'NAV "office" \\ ø', "label_nb": "NAV-kontor\nlinje 2",
        "why_en": "", "why_nb": ""}
    assert d["rules"][-1] == {"column": "walk_m_nav", "op": "max", "value": 1500.0,
                              "enabled": True, "label_en": "", "label_nb": "NAV",
                              "why_en": "", "why_nb": ""}
    assert list(d) == ["profile", "criteria", "rules", "replace_categories", "max_snap_m",
                       "lang", "categories", "services", "transit", "police"]
    assert d["police"] == {"dispatch_min": 1.5, "bands_min": [2.0, 4.0, 8.0],
                           "include": ["n5503861779"], "exclude": ["Stasjon «klikket» \\ ø"]}


# --------------------------------------------------------------------------- overlay
def test_partial_file_overlays_its_profile(tmp_path: Path) -> None:
    path = tmp_path / "partial.toml"
    path.write_text('profile = "active-use"\nlang = "en"\n'
                    "[criteria.gp]\nweight = 2\n[criteria.police.curve]\nfull = 4\n"
                    '[[rules]]\ncolumn = "police_drive_min"\nvalue = 7\n'
                    '[[rules]]\ncolumn = "walk_m_school"\nenabled = true\n', encoding="utf-8")
    base = PROFILES["active-use"]
    crit, rules = dict(base.criteria), list(base.rules)
    crit["gp"] = dataclasses.replace(crit["gp"], weight=2.0)
    crit["police"] = dataclasses.replace(crit["police"], curve=Curve(4.0, 15.0), why_en="",
                                         why_nb="")  # reasons quoted the old numbers
    # an older file's police_drive_min overlays the profile's police rule (on the
    # response time) and makes it read the drive time
    assert rules[0].column == "police_response_min"
    rules[0] = dataclasses.replace(rules[0], column="police_drive_min", value=7.0, why_en="",
                                   why_nb="")
    rules[1] = dataclasses.replace(rules[1], enabled=True)  # same limit: reason kept
    expected = dataclasses.replace(base, criteria=crit, rules=rules, lang="en")
    assert load_config(path) == expected


def test_profile_defaults_to_recovery_and_new_entries_get_defaults() -> None:
    config = config_from_dict({"criteria": {"nav": {"column": "walk_m_nav", "weight": 1,
                                                    "curve": {"full": 500, "zero": 1500}}},
                               "rules": [{"column": "walk_m_nav", "op": "max", "value": 900}]})
    assert config.profile == "recovery"
    assert config.criteria["nav"] == Criterion("walk_m_nav", 1.0, Curve(500.0, 1500.0), "nav",
                                               "nav")
    assert config.rules[-1] == Rule("walk_m_nav", "max", 900.0)
    assert list(config.criteria)[:-1] == list(PROFILES["recovery"].criteria)


def test_example_file_loads() -> None:
    config = load_config(EXAMPLE)
    assert config.profile == "active-use"
    assert config.criteria["substance_abuse"].weight == 3.0
    assert config.criteria["police"].curve == Curve(4.0, 12.0)
    assert config.criteria["police"].why_en.startswith("Agreed with the local police")
    assert config.rules[1] == dataclasses.replace(PROFILES["active-use"].rules[1], enabled=True)
    assert config.replace_categories == ["mental_health", "substance_abuse"]


def test_with_weights() -> None:
    config = with_weights(PROFILES["recovery"], {"gp": 5, "school": 1.5})
    assert config.criteria["gp"].weight == 5.0 and config.criteria["school"].weight == 1.5
    assert config.criteria["bus"] == PROFILES["recovery"].criteria["bus"]
    assert PROFILES["recovery"].criteria["gp"].weight == 3.0


def test_with_weights_errors() -> None:
    with pytest.raises(ConfigError) as err:
        with_weights(PROFILES["recovery"], {"gpp": 1, "bus": -2})
    assert str(err.value) == ("weights: unknown key 'criteria.gpp' (did you mean 'gp'?)\n"
                              "weights: criteria.bus.weight is -2; weights must be numbers from "
                              "0 to 1e150")
    with pytest.raises(ConfigError) as err:  # finite, but the sums overflow
        with_weights(PROFILES["recovery"], {"gp": 1e308, "bus": float("inf")})
    assert str(err.value) == (
        "weights: criteria.gp.weight is 1e+308; weights must be numbers from 0 to 1e150\n"
        "weights: criteria.bus.weight is inf; weights must be numbers from 0 to 1e150")
    assert with_weights(PROFILES["recovery"], {"gp": 3e6}).criteria["gp"].weight == 3e6
    zero = dict.fromkeys(PROFILES["recovery"].criteria, 0)
    with pytest.raises(ConfigError) as err:
        with_weights(PROFILES["recovery"], zero)
    assert _message(err) == (
        "weights: all criterion weights are 0; give at least one criterion a weight above 0",
        "weights: alle kriterievekter er 0; gi minst ett kriterium en vekt over 0")


# --------------------------------------------------------------------------- errors
def test_negative_weight_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[criteria.gp]\nweight = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert _message(err) == ("config.toml: criteria.gp.weight is -1; weights must be numbers "
                             "from 0 to 1 000 000", "config.toml: criteria.gp.weight er -1; vekter "
                             "må være tall fra 0 til 1 000 000")


def test_misspelt_key() -> None:
    assert _errors({"criteria": {"gp": {"wieght": 2}}}) == (
        "config: unknown key 'criteria.gp.wieght' (did you mean 'weight'?)",
        "config: ukjent nøkkel 'criteria.gp.wieght' (mente du 'weight'?)")


def test_unknown_key_without_a_close_match() -> None:
    assert _errors({"colour": "red"})[0] == (
        "config: unknown key 'colour'; allowed keys: profile, criteria, rules, "
        "replace_categories, max_snap_m, lang, categories, services, transit, police")


def test_unknown_profile() -> None:
    assert _errors({"profile": "recovry"}) == (
        "config: unknown profile 'recovry' (did you mean 'recovery'?); choose one of: "
        "recovery, active-use",
        "config: ukjent profil 'recovry' (mente du 'recovery'?); velg en av: "
        "recovery, active-use")
    assert _errors({"profile": 3})[0] == (
        "config: profile is 3; choose one of: recovery, active-use")


def test_curve_ends_equal() -> None:
    assert _errors({"criteria": {"bus": {"curve": {"full": 800}}}}) == (
        "config: criteria.bus.curve: full and zero are both 800; make them differ "
        "(full < zero: nearer is better; full > zero: farther is better)",
        "config: criteria.bus.curve: full og zero er begge 800; gjør dem ulike "
        "(full < zero: nærmere er bedre; full > zero: lenger unna er bedre)")


def test_unknown_shape() -> None:
    assert _errors({"criteria": {"gp": {"curve": {"shape": "linar"}}}}) == (
        "config: criteria.gp.curve.shape is 'linar' (did you mean 'linear'?); choose one of: "
        "linear, step, smooth, exponential",
        "config: criteria.gp.curve.shape er 'linar' (mente du 'linear'?); velg en av: "
        "linear, step, smooth, exponential")


def test_bad_rule_op() -> None:
    assert _errors({"rules": [{"column": "walk_m_bus", "op": "less", "value": 500}]}) == (
        "config: rules[0].op is 'less'; use 'max' (at most the limit) or 'min' (at least "
        "the limit)",
        "config: rules[0].op er 'less'; bruk 'max' (høyst grensen) eller 'min' (minst "
        "grensen)")


def test_all_weights_zero() -> None:
    zero = {k: {"weight": 0} for k in PROFILES["recovery"].criteria}
    assert _errors({"criteria": zero}) == (
        "config: all criterion weights are 0; give at least one criterion a weight above 0",
        "config: alle kriterievekter er 0; gi minst ett kriterium en vekt over 0")


def test_new_criterion_and_rule_missing_keys() -> None:
    assert _errors({"criteria": {"nav": {"curve": {"shape": "step"}}},
                    "rules": [{"column": "walk_m_nav"}]})[0] == (
        "config: criteria.nav.column is missing; give the distance column, e.g. 'walk_m_nav'\n"
        "config: criteria.nav.weight is missing; give a weight ≥ 0\n"
        "config: criteria.nav.curve.full is missing; give where the value is 1 (metres or "
        "minutes)\n"
        "config: criteria.nav.curve.zero is missing; give where the value is 0 (metres or "
        "minutes)\n"
        "config: rules[0].op is missing; use 'max' or 'min'\n"
        "config: rules[0].value is missing; give the limit in the column's unit (metres or "
        "minutes)")


def test_duplicate_rule() -> None:
    rules = [{"column": "walk_m_bus", "value": 400}, {"column": "walk_m_bus", "op": "max",
                                                      "value": 600}]
    assert _errors({"rules": rules}) == (
        "config: rules[1] repeats the rule on 'walk_m_bus' from rules[0]; keep one",
        "config: rules[1] gjentar regelen for 'walk_m_bus' fra rules[0]; behold én")


def test_every_problem_in_one_message() -> None:
    d = {"profile": "recovery", "lang": "no", "max_snap_m": 0, "replace_categories": "gp",
         "criteria": {"Nav office": {}, "gp": {"weight": "high", "column": "",
                                              "curve": {"full": float("nan")}},
                      "bus": {"label_nb": 5, "curve": [1, 2]}},
         "rules": [{"column": "walk_m_bus", "op": "max", "value": float("inf"),
                    "enabled": "yes"}, "police"]}
    assert _errors(d)[0] == "\n".join([
        "config: lang is 'no'; use 'nb' (Norwegian bokmål) or 'en' (English)",
        "config: max_snap_m is 0; give the largest plot-to-street distance in metres, a number "
        "> 0",
        "config: replace_categories is 'gp'; give a list of category keys, e.g. "
        "['mental_health']",
        "config: criteria key 'Nav office' is not allowed; use lower-case letters, digits and _ "
        "(e.g. 'nav_office')",
        "config: criteria.gp.column is ''; give the name of a distance column, e.g. 'walk_m_gp'",
        "config: criteria.gp.weight is 'high'; weights must be numbers from 0 to 1 000 000",
        "config: criteria.gp.curve.full is nan; curve ends must be numbers from -1 000 000 to "
        "1 000 000 in the column's unit (metres or minutes)",
        "config: criteria.bus.curve is [1, 2]; give a table with full, zero and shape",
        "config: criteria.bus.label_nb is 5; labels and reasons must be text",
        "config: rules[0].value is inf; rule limits must be numbers from -1 000 000 to "
        "1 000 000 in the column's unit (metres or minutes)",
        "config: rules[0].enabled is 'yes'; use true or false",
        "config: rules[1] is 'police'; give a table with column, op and value",
    ])


def test_not_a_table() -> None:
    assert _errors(["gp"])[0] == (
        "config: the settings must be a table (key = value), found [\"gp\"]")
    assert _errors({"criteria": 3, "rules": {"a": 1}})[0] == (
        "config: criteria is 3; give a table of criteria, e.g. [criteria.gp]\n"
        "config: rules is {\"a\": 1}; give a list of rules ([[rules]] in TOML)")


# --------------------------------------------------------------------------- file errors
def _load_error(path: Path) -> tuple[str, str | None]:
    with pytest.raises(ConfigError) as err:
        load_config(path)
    return _message(err)


def test_toml_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('profile = "recovery"\nlang = \n', encoding="utf-8")
    assert _load_error(path) == (
        "bad.toml: not valid TOML at line 2, column 8 (Invalid value); fix the syntax there",
        "bad.toml: ikke gyldig TOML på linje 2, kolonne 8 (Invalid value); rett skrivemåten der")


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("profile: recovery\n lang: [\n", encoding="utf-8")
    assert _load_error(path)[0] == (
        "bad.yaml: not valid YAML at line 2, column 6 (mapping values are not allowed here); "
        "fix the syntax there")


def test_yaml_must_hold_a_table(tmp_path: Path) -> None:
    path = tmp_path / "list.yml"
    path.write_text("- gp\n", encoding="utf-8")
    assert _load_error(path)[0] == (
        "list.yml: the settings must be a table (key = value), found [\"gp\"]")
    path.write_text("", encoding="utf-8")
    assert load_config(path) == PROFILES["recovery"]


def test_missing_file_and_unknown_type(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    assert _load_error(missing) == (
        f"nope.toml: file not found at {missing}; check the path",
        f"nope.toml: finner ikke filen {missing}; sjekk stien")
    assert _load_error(tmp_path / "c.json") == (
        "c.json: unsupported file type '.json'; use .toml, .yaml or .yml",
        "c.json: filtypen '.json' støttes ikke; bruk .toml, .yaml eller .yml")
    with pytest.raises(ConfigError):
        save_config(PROFILES["recovery"], tmp_path / "c.txt")


def test_file_problems_are_prefixed_with_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "scenario.yaml"
    path.write_text("profile: activ-use\nrules:\n  - column: walk_m_bus\n    op: '<'\n",
                    encoding="utf-8")
    assert _load_error(path)[0] == (
        "scenario.yaml: unknown profile 'activ-use' (did you mean 'active-use'?); choose one "
        "of: recovery, active-use\n"
        "scenario.yaml: rules[0].op is '<'; use 'max' (at most the limit) or 'min' (at least "
        "the limit)")


def test_categories_edit_and_add_service_tag_rules(tmp_path: Path) -> None:
    path = tmp_path / "cats.toml"
    path.write_text(
        'profile = "recovery"\n'
        '[categories.nav]\nlabel_nb = "NAV-kontor"\nlabel_en = "NAV office"\n'
        'patterns = [{office = "government", government = "social_services"}]\n'
        '[categories.gp]\npatterns = [{amenity = "doctors"}]\n', encoding="utf-8")
    config = load_config(path)
    assert config.categories == {
        "nav": {"label_nb": "NAV-kontor", "label_en": "NAV office",
                "patterns": [{"office": "government", "government": "social_services"}]},
        "gp": {"patterns": [{"amenity": "doctors"}]}}
    save_config(config, tmp_path / "again.toml")
    assert load_config(tmp_path / "again.toml") == config


def test_bad_category_entries_are_named() -> None:
    assert _errors({"categories": {"gp": {"patterns": [], "lable_nb": "x"}}})[0] == (
        "config: unknown key 'categories.gp.lable_nb' (did you mean 'label_nb'?)\n"
        'config: categories.gp.patterns is []; give a list of tag patterns, e.g. '
        '[{amenity = "doctors"}]')


def test_profile_reasons_quote_the_walking_speed_setting() -> None:
    # the walking speed has one source, siting.settings; the reasons' minutes follow from it
    from siting import settings

    speed = settings.walking_speed_m_per_min
    reasons = [text for config in PROFILES.values()
               for item in [*config.criteria.values(), *config.rules]
               for text in (item.why_en, item.why_nb)]
    pairs = [(float(m.replace(",", "").replace(" ", "")), int(k)) for text in reasons
             for m, k in re.findall(r"(\d[\d, ]*\d|\d) m \(?≈\s?(\d+)\s?min", text)]
    assert len(pairs) >= 5
    assert all(k == round(m / speed) for m, k in pairs), pairs
    quoted = {float(s) for text in reasons for s in re.findall(r"(\d+) m/min", text)}
    assert quoted == {speed}


def test_profile_reasons_write_spans_and_approximations_as_the_report_does() -> None:
    # "5–15 min" with an en dash, "≈ 6 min" with no-break spaces (from the catalogue)
    recovery = PROFILES["recovery"]
    assert recovery.criteria["mental_health"].why_nb == (
        "Jevnlig oppfølging for dem som vil endring; samme 5–15\u00a0min gange.")
    assert recovery.criteria["mental_health"].why_en == (
        "Regular follow-up for people who want change; same 5–15\u00a0min walk.")
    bus = next(r for r in recovery.rules if r.column == "walk_m_bus")
    assert bus.why_nb == "≈\u00a06\u00a0min i 80 m/min: beboere uten bil må nå sentrum med buss."
    assert bus.why_en.startswith("≈\u00a06\u00a0min at 80 m/min: ")
    reasons = " ".join(text for config in PROFILES.values()
                       for item in [*config.criteria.values(), *config.rules]
                       for text in (item.why_en, item.why_nb))
    assert not re.findall(r"\d-\d|≈ |≈\d", reasons)  # no hyphen span, no plain space after ≈


# --------------------------------------------------------------------------- police
def test_police_settings_and_their_errors() -> None:
    police = _custom().police
    assert (police.dispatch_min, police.bands_min) == (1.5, [2.0, 4.0, 8.0])
    assert (police.include, police.exclude) == (["n5503861779"], ["Stasjon «klikket» \\ ø"])
    assert config_from_dict({"police": {"dispatch_min": 2}}).police.bands_min == [
        1.0, 2.0, 3.0, 5.0, 10.0]  # a file overrides only what it gives
    assert _errors({"police": {"dispatch_min": -1, "bands_min": [3, 2], "include": "n1",
                               "exclude": [""], "delay": 2}}) == (
        "config: unknown key 'police.delay'; allowed keys: dispatch_min, bands_min, include, "
        "exclude\n"
        "config: police.dispatch_min is -1; give the minutes from the call until the car "
        "leaves, a number ≥ 0\n"
        "config: police.bands_min is [3, 2]; give 1 to 8 increasing times in minutes, e.g. "
        "[1, 2, 3, 5, 10]\n"
        "config: police.include is 'n1'; give a list of station refs or names, e.g. "
        "['n5503861779']\n"
        "config: police.exclude is [\"\"]; give a list of station refs or names, e.g. "
        "['n5503861779']",
        "config: ukjent nøkkel 'police.delay'; tillatte nøkler: dispatch_min, bands_min, "
        "include, exclude\n"
        "config: police.dispatch_min er -1; gi minuttene fra anropet til bilen kjører, et tall "
        "≥ 0\n"
        "config: police.bands_min er [3, 2]; gi 1 til 8 stigende tider i minutter, f.eks. "
        "[1, 2, 3, 5, 10]\n"
        "config: police.include er 'n1'; gi en liste med stasjonsreferanser eller navn, f.eks. "
        "['n5503861779']\n"
        "config: police.exclude er [\"\"]; gi en liste med stasjonsreferanser eller navn, "
        "f.eks. ['n5503861779']")
    assert _errors({"police": "fast"})[0] == (
        "config: police is 'fast'; give a table, e.g. [police] dispatch_min = 2")
    assert _errors({"police": {"bands_min": [1] * 9}})[0].startswith(
        "config: police.bands_min is [1, 1, 1")
