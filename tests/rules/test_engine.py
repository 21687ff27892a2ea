from configs.rules import (
    RULESET_VERSION,
    SECRET_RULE_IDS,
    Finding,
    Policy,
    RuleInfo,
    all_rules,
    validate,
)
from configs.rules.findings import SEVERITIES
from tests.rules.helpers import CLEAN_DOCKERIGNORE, CLEAN_FLY_TOML


def test_a_clean_config_has_no_findings():
    assert validate(CLEAN_FLY_TOML, CLEAN_DOCKERIGNORE) == []


def test_bytes_and_text_give_the_same_findings():
    text = CLEAN_FLY_TOML.replace("iad", "sea")
    assert validate(text.encode(), CLEAN_DOCKERIGNORE.encode()) == validate(
        text, CLEAN_DOCKERIGNORE
    )


def test_findings_are_sorted_by_file_line_rule_and_path():
    findings = validate('app = "{x}"\nprimary_region = "{y}"\n', None)
    keys = [(f.file, f.line or 0, f.rule, f.path) for f in findings]
    assert keys == sorted(keys)


def test_a_finding_serialises_to_exactly_the_public_keys():
    finding = validate(CLEAN_FLY_TOML.replace('"iad"', '"sea"'), CLEAN_DOCKERIGNORE)[0]
    assert finding == Finding(
        rule="FLY153",
        severity="warning",
        message='primary_region "sea" is being deprecated by Fly',
        hint="Move primary_region to a current region near the old one "
        "(e.g. sea -> sjc, mia -> dfw).",
        file="fly.toml",
        line=3,
        path="primary_region",
    )
    assert list(finding.as_dict()) == [
        "rule",
        "severity",
        "message",
        "hint",
        "file",
        "line",
        "path",
    ]


def test_disabled_rules_are_not_reported():
    text = CLEAN_FLY_TOML.replace('"iad"', '"sea"')
    assert validate(text, CLEAN_DOCKERIGNORE, Policy(disabled_rules=frozenset({"FLY153"}))) == []


def test_rule_ids_are_unique_and_well_formed():
    rules = all_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    assert all(isinstance(r, RuleInfo) and r.severity in SEVERITIES and r.tags for r in rules)
    assert all(r.id[:3] in ("FLY", "SEC", "POL") or r.id.startswith("DI") for r in rules)


def test_secret_rule_ids_are_registered_rules():
    assert {r.id for r in all_rules()} >= SECRET_RULE_IDS


def test_the_ruleset_has_a_version():
    assert RULESET_VERSION.count(".") == 2


def test_a_missing_dockerignore_is_a_finding_but_a_prebuilt_image_needs_none():
    assert [f.rule for f in validate(CLEAN_FLY_TOML, None)] == ["DI201"]
    image = CLEAN_FLY_TOML.replace('dockerfile = "Dockerfile"', 'image = "registry.fly.io/shop:v1"')
    assert validate(image, None) == []


def test_a_crashing_rule_becomes_an_error_finding_instead_of_an_exception(monkeypatch):
    import dataclasses

    from configs.rules import registry

    def crash(ctx):
        raise KeyError("boom")

    broken = dataclasses.replace(registry.registered_rule("FLY153"), check=crash)
    monkeypatch.setitem(registry._RULES, "FLY153", broken)
    assert [
        (f.rule, f.severity, f.message) for f in validate(CLEAN_FLY_TOML, CLEAN_DOCKERIGNORE)
    ] == [("FLY199", "error", "Rule FLY153 could not check this config (KeyError)")]
