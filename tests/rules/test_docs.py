from pathlib import Path

from configs.rules import all_rules
from configs.rules.docs import render

DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_committed_rules_doc_matches_the_registry():
    assert DOCS.read_text(encoding="utf-8") == render(), (
        "docs/rules.md is stale: run `python -m configs.rules.docs > docs/rules.md`"
    )


def test_every_rule_is_documented_with_why_fix_and_example():
    text = render()
    for rule in all_rules():
        assert f"\n## {rule.id}\n" in text
