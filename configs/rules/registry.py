"""Rule registration, in the spirit of django.core.checks.

A rule is a function taking the validation Context and returning Problems: what is wrong and
where. The registry knows each rule's id, severity and file, so it turns Problems into Findings
and resolves a key path to its source line; rule functions stay short and never repeat ids.
"""

from collections.abc import Callable
from dataclasses import dataclass

from configs.rules.findings import DOCKERIGNORE, FLY_TOML, SEVERITIES, Finding, RuleInfo

# What a rule needs before it can run. The engine skips it when the input lacks that.
NOTHING = "nothing"
FLY_TEXT = "fly_text"  # fly.toml decoded to text (it may still be invalid TOML)
FLY_DOCUMENT = "fly_document"  # fly.toml parsed
DOCKERIGNORE_PATTERNS = "dockerignore_patterns"  # .dockerignore present and decoded
EMITTED_BY_ENGINE = "emitted_by_engine"  # never run: the engine itself produces these findings


@dataclass(frozen=True)
class Problem:
    """One thing a rule found. Empty hint means the rule's own fix text; no line means the
    line of `path` (or of its nearest enclosing table)."""

    message: str
    path: str = ""
    hint: str = ""
    line: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    tags: tuple[str, ...]
    file: str
    requires: str
    check: Callable
    what: str
    why: str
    fix: str
    example: str

    @property
    def info(self) -> RuleInfo:
        return RuleInfo(self.id, self.severity, self.title, self.tags)

    def run(self, ctx) -> list[Finding]:
        return [self._finding(ctx, problem) for problem in self.check(ctx)]

    def _finding(self, ctx, problem: Problem) -> Finding:
        line = problem.line
        if line is None:
            line = ctx.line_for(self.file, problem.path)
        return Finding(
            rule=self.id,
            severity=self.severity,
            message=problem.message,
            hint=problem.hint or self.fix,
            file=self.file,
            line=line,
            path=problem.path,
        )


_RULES: dict[str, Rule] = {}


def rule(
    id: str,
    severity: str,
    title: str,
    *,
    tags: tuple[str, ...],
    why: str,
    fix: str,
    example: str,
    requires: str = FLY_DOCUMENT,
):
    """Register the decorated function as rule `id`. Its docstring says what it catches;
    `fix` doubles as the default hint, so it must be one sentence."""
    assert severity in SEVERITIES, severity
    assert id not in _RULES, f"rule id {id} registered twice"
    file = DOCKERIGNORE if id.startswith("DI") else FLY_TOML

    def register(check: Callable) -> Callable:
        _RULES[id] = Rule(
            id=id,
            severity=severity,
            title=title,
            tags=tags,
            file=file,
            requires=requires,
            check=check,
            what=" ".join((check.__doc__ or title).split()),
            why=why,
            fix=fix,
            example=example.strip("\n"),
        )
        return check

    return register


def registered_rules() -> list[Rule]:
    return sorted(_RULES.values(), key=lambda r: r.id)


def registered_rule(rule_id: str) -> Rule:
    return _RULES[rule_id]
