"""Findings as text, JSON and SARIF 2.1.0 (what GitHub code scanning accepts)."""

import json

from configs.rules import RULESET_VERSION, Finding, all_rules

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
RULES_DOC = "https://github.com/preflight-dashboard/preflight/blob/main/docs/rules.md"


def counts(findings: list[Finding]) -> tuple[int, int]:
    errors = sum(1 for finding in findings if finding.severity == "error")
    warnings = sum(1 for finding in findings if finding.severity == "warning")
    return errors, warnings


def as_text(findings: list[Finding], paths: dict[str, str]) -> str:
    """`path:line: severity RULE message` lines, like a compiler, then a summary."""
    lines = []
    for finding in findings:
        where = paths.get(finding.file, finding.file)
        if finding.line:
            where += f":{finding.line}"
        key = f" [{finding.path}]" if finding.path else ""
        lines.append(f"{where}: {finding.severity} {finding.rule}{key} {finding.message}")
        lines.append(f"    hint: {finding.hint}")
    errors, warnings = counts(findings)
    infos = len(findings) - errors - warnings
    lines.append(f"{errors} error(s), {warnings} warning(s), {infos} info")
    return "\n".join(lines) + "\n"


def as_json(findings: list[Finding]) -> str:
    errors, warnings = counts(findings)
    payload = {
        "findings": [finding.as_dict() for finding in findings],
        "errors": errors,
        "warnings": warnings,
    }
    return json.dumps(payload, indent=2) + "\n"


def as_sarif(findings: list[Finding], paths: dict[str, str]) -> str:
    rules = all_rules()
    index = {rule.id: position for position, rule in enumerate(rules)}
    driver = {
        "name": "Preflight",
        "version": RULESET_VERSION,
        "informationUri": RULES_DOC,
        "rules": [
            {
                "id": rule.id,
                "name": rule.id,
                "shortDescription": {"text": rule.title},
                "helpUri": f"{RULES_DOC}#{rule.id.lower()}",
                "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
                "properties": {"tags": list(rule.tags)},
            }
            for rule in rules
        ],
    }
    results = [_sarif_result(finding, index, paths) for finding in findings]
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(sarif, indent=2) + "\n"


def _sarif_result(finding: Finding, index: dict[str, int], paths: dict[str, str]) -> dict:
    location = {
        "physicalLocation": {
            "artifactLocation": {"uri": paths.get(finding.file, finding.file)},
            # SARIF regions start at line 1; whole-file findings point there.
            "region": {"startLine": finding.line or 1},
        }
    }
    if finding.path:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.path, "kind": "member"}]
    return {
        "ruleId": finding.rule,
        "ruleIndex": index[finding.rule],
        "level": SARIF_LEVELS[finding.severity],
        "message": {"text": f"{finding.message}. {finding.hint}"},
        "locations": [location],
    }
