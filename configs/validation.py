"""Runs the rule engine for an app's revision, with the app's policy applied."""

from configs.models import FlyApp
from configs.rules import RULESET_VERSION, Finding, Policy, validate


def policy_for(app: FlyApp | None) -> Policy:
    if app is None:
        return Policy()
    return Policy(
        expected_app=app.expected_app,
        required_primary_region=app.required_primary_region,
        allowed_regions=tuple(app.allowed_regions),
        required_processes=tuple(app.required_processes),
        unexposed_processes=tuple(app.unexposed_processes),
        required_internal_port=app.required_internal_port,
        health_check_path=app.health_check_path,
        required_secrets=tuple(app.required_secrets),
        disabled_rules=frozenset(app.disabled_rules),
    )


def run_rules(app: FlyApp | None, fly_toml: str | bytes, dockerignore) -> list[Finding]:
    return validate(fly_toml, dockerignore, policy_for(app))


def check_config(app: FlyApp, fly_toml: str, dockerignore: str | None) -> tuple[list[dict], str]:
    """Findings as plain dicts (stored on the revision) and the rule-set version that made them."""
    findings = run_rules(app, fly_toml, dockerignore)
    return [finding.as_dict() for finding in findings], RULESET_VERSION


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def by_severity(findings: list[dict]) -> tuple[list[dict], dict[str, int]]:
    """Findings errors first (then by file and line) and how many of each severity."""
    ordered = sorted(
        findings,
        key=lambda f: (SEVERITY_ORDER[f["severity"]], f["file"], f["line"] or 0, f["rule"]),
    )
    counts = {severity: 0 for severity in SEVERITY_ORDER}
    for finding in findings:
        counts[finding["severity"]] += 1
    return ordered, counts
