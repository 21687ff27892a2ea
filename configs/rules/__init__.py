"""Preflight's rule engine: pure Python, no Django.

    from configs.rules import Finding, Policy, validate, RULESET_VERSION, all_rules, RuleInfo

Rules live in the modules imported below (importing registers them); see docs/rules.md.
"""

from configs.rules import (  # noqa: F401 - imported to register their rules
    dockerignore,
    flyctl,
    policy,
    processes,
    regions,
    runtime,
    secrets,
    seed,
    services,
    syntax,
    types,
    unknown_keys,
    vm,
    volumes,
)
from configs.rules.engine import validate
from configs.rules.findings import Finding, Policy, RuleInfo
from configs.rules.registry import registered_rules
from configs.rules.secrets import SECRET_RULE_IDS

# Bump whenever a rule is added, removed or changes what it reports.
RULESET_VERSION = "2026.11.3"


def all_rules() -> list[RuleInfo]:
    return [rule.info for rule in registered_rules()]


__all__ = [
    "RULESET_VERSION",
    "SECRET_RULE_IDS",
    "Finding",
    "Policy",
    "RuleInfo",
    "all_rules",
    "validate",
]
