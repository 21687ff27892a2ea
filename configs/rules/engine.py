"""validate(): decode, parse once, run every registered rule, sort the findings."""

from configs.rules.context import Context
from configs.rules.findings import Finding, Policy
from configs.rules.ignorefile import parse_ignore_file
from configs.rules.registry import (
    DOCKERIGNORE_PATTERNS,
    EMITTED_BY_ENGINE,
    FLY_DOCUMENT,
    FLY_TEXT,
    NOTHING,
    Rule,
    registered_rule,
    registered_rules,
)
from configs.rules.source import decode, parse_toml

INTERNAL_FAILURE_RULE = "FLY199"


def build_context(
    fly_toml: str | bytes, dockerignore: str | bytes | None, policy: Policy
) -> Context:
    fly_text, fly_unreadable = decode(fly_toml)
    document, syntax_problem = parse_toml(fly_text) if fly_text is not None else (None, None)
    ignore_text, ignore_unreadable = (None, None) if dockerignore is None else decode(dockerignore)
    return Context(
        fly_text=fly_text,
        fly_unreadable=fly_unreadable,
        document=document,
        syntax_problem=syntax_problem,
        dockerignore_text=ignore_text,
        dockerignore_unreadable=ignore_unreadable,
        ignore_file=parse_ignore_file(ignore_text) if ignore_text is not None else None,
        dockerignore_missing=dockerignore is None,
        policy=policy,
    )


def _can_run(rule: Rule, ctx: Context) -> bool:
    if rule.requires == NOTHING:
        return True
    if rule.requires == FLY_TEXT:
        return ctx.fly_text is not None
    if rule.requires == FLY_DOCUMENT:
        return ctx.document is not None
    if rule.requires == DOCKERIGNORE_PATTERNS:
        return ctx.ignore_file is not None
    if rule.requires == EMITTED_BY_ENGINE:
        return False
    raise ValueError(f"rule {rule.id} requires unknown input {rule.requires!r}")


def _run(rule: Rule, ctx: Context) -> list[Finding]:
    try:
        return rule.run(ctx)
    except Exception as error:
        # validate() must never raise, and a crashing rule must neither hide the other
        # findings nor let the config through unchecked.
        failure = registered_rule(INTERNAL_FAILURE_RULE)
        return [
            Finding(
                rule=failure.id,
                severity=failure.severity,
                message=f"Rule {rule.id} could not check this config ({type(error).__name__})",
                hint=failure.fix,
                file=failure.file,
                line=None,
                path="",
            )
        ]


def _sort_key(finding: Finding):
    return (finding.file, finding.line or 0, finding.rule, finding.path)


def validate(
    fly_toml: str | bytes, dockerignore: str | bytes | None, policy: Policy | None = None
) -> list[Finding]:
    """Every finding for this fly.toml and .dockerignore (None: the app has none)."""
    policy = policy or Policy()
    ctx = build_context(fly_toml, dockerignore, policy)
    findings = []
    for rule in registered_rules():
        if rule.id not in policy.disabled_rules and _can_run(rule, ctx):
            findings += _run(rule, ctx)
    return sorted(findings, key=_sort_key)
