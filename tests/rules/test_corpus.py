"""Every real-world config in the shared corpus validates without surprises."""

import csv
import os
from pathlib import Path

import pytest

from configs.rules import all_rules, validate

RULE_IDS = {rule.id for rule in all_rules()}


def shared_dir() -> Path:
    configured = os.environ.get("PREFLIGHT_SHARED_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / ".." / "shared"


CORPUS = shared_dir() / "corpus"


def manifest(kind: str) -> list[dict]:
    # No corpus must fail loudly (no cases would silently test nothing): the test below does.
    if not CORPUS.is_dir():
        return []
    with open(CORPUS / kind / "MANIFEST.tsv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def corpus_cases():
    """(name, fly.toml bytes, .dockerignore bytes or None): each fly.toml with its repo's
    .dockerignore when the manifest pairs them, then each unpaired .dockerignore alone."""
    ignore_rows = {
        (row["repo"], row["related_fly_config"]): row for row in manifest("dockerignore")
    }
    paired = set()
    for row in manifest("flytoml"):
        ignore_row = ignore_rows.get((row["repo"], row["path"]))
        ignore = None
        if ignore_row:
            paired.add(ignore_row["file"])
            ignore = (CORPUS / "dockerignore" / ignore_row["file"]).read_bytes()
        yield row["file"], (CORPUS / "flytoml" / row["file"]).read_bytes(), ignore
    for row in manifest("dockerignore"):
        if row["file"] not in paired:
            yield row["file"], b"", (CORPUS / "dockerignore" / row["file"]).read_bytes()


def line_count(data: bytes | None) -> int:
    if not data:
        return 0
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def test_the_shared_corpus_is_there():
    assert CORPUS.is_dir(), f"No corpus at {CORPUS}: set PREFLIGHT_SHARED_DIR to the shared folder"
    assert len(list(corpus_cases())) >= 50


@pytest.mark.parametrize(("name", "fly_toml", "dockerignore"), list(corpus_cases()))
def test_corpus_file_validates_cleanly(name, fly_toml, dockerignore):
    findings = validate(fly_toml, dockerignore)
    for finding in findings:
        assert finding.rule in RULE_IDS
        assert finding.rule != "FLY199", finding.message
        lines = line_count(fly_toml if finding.file == "fly.toml" else dockerignore)
        assert finding.line is None or 1 <= finding.line <= lines, finding


def test_corpus_pairs_every_dockerignore_with_its_fly_toml_when_the_repo_matches():
    paired = [case for case in corpus_cases() if case[1] and case[2] is not None]
    assert len(paired) >= 10


def findings_of(name: str) -> set[tuple[str, int | None, str]]:
    case = next(case for case in corpus_cases() if case[0] == name)
    return {(f.rule, f.line, f.path) for f in validate(case[1], case[2])}


def test_it_finds_the_documented_problems_in_the_corpus():
    assert ("FLY101", 20, "") in findings_of("datasektionen__haj__fly.production.toml")
    assert ("FLY158", 23, "vm[0].memory_mb") in findings_of("57barkat__RENTSTORE__backend_fly.toml")
    assert ("SEC301", 21, "env.RELEASE_COOKIE") in findings_of("cao7113__slink__fly.toml")
    assert ("FLY150", 46, "vm[0].mounts") in findings_of(
        "ThreeHats__foundryvtt-rest-api-relay__fly.staging.toml"
    )
    assert ("FLY164", 39, "services[0].ports[0]") in findings_of(
        "djangocon__djangoconus-automation__fly.production.toml"
    )
    assert ("DI203", 1, ".env.*") in findings_of(
        "EudsonSouza__product-catalog-api__fly.staging.toml"
    )
