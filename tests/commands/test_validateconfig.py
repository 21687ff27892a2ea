import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import DOCKERIGNORE, FLY_TOML

BROKEN = FLY_TOML + '\n[deploy]\n  strategy = "sideways"\n'


def run(capsys, *args) -> tuple[int, str, str]:
    try:
        call_command("validateconfig", *args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "fly.toml"
    good.write_text(FLY_TOML)
    bad = tmp_path / "broken.toml"
    bad.write_text(BROKEN)
    ignore = tmp_path / ".dockerignore"
    ignore.write_text(DOCKERIGNORE)
    return good, bad, ignore


def test_a_clean_config_exits_0(db, capsys, files):
    good, _, ignore = files
    code, out, _ = run(capsys, str(good), "--dockerignore", str(ignore))
    assert (code, out) == (0, "0 error(s), 0 warning(s), 0 info\n")


def test_an_error_exits_1_with_file_line_rule_and_hint(db, capsys, files):
    _, bad, ignore = files
    code, out, _ = run(capsys, str(bad), "--dockerignore", str(ignore))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{bad}:12: error FLY")
    assert "[deploy.strategy]" in out.splitlines()[0]
    assert out.splitlines()[1].startswith("    hint: ")
    assert out.endswith("1 error(s), 0 warning(s), 0 info\n")


def test_json_output_has_the_documented_shape(db, capsys, files):
    _, bad, ignore = files
    code, out, _ = run(capsys, str(bad), "--dockerignore", str(ignore), "--format", "json")
    payload = json.loads(out)
    assert code == 1
    assert (payload["errors"], payload["warnings"]) == (1, 0)
    [finding] = payload["findings"]
    assert set(finding) == {"rule", "severity", "message", "hint", "file", "line", "path"}
    assert (finding["file"], finding["line"], finding["path"]) == (
        "fly.toml",
        12,
        "deploy.strategy",
    )


def test_sarif_output_is_sarif_2_1_0_with_locations(db, capsys, files):
    _, bad, ignore = files
    code, out, _ = run(capsys, str(bad), "--dockerignore", str(ignore), "--format", "sarif")
    sarif = json.loads(out)
    assert code == 1
    assert sarif["version"] == "2.1.0"
    run_ = sarif["runs"][0]
    [result] = run_["results"]
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": str(bad)},
        "region": {"startLine": 12},
    }
    rule = run_["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert rule["id"] == result["ruleId"]


def test_without_dockerignore_it_reports_it_missing(db, capsys, files):
    good, _, _ = files
    code, out, _ = run(capsys, str(good))
    assert code == 0
    assert out.startswith(".dockerignore: warning DI201 No .dockerignore")


def test_the_apps_policy_applies(app, capsys, files):
    app.required_internal_port = 3000
    app.save()
    good, _, ignore = files
    code, out, _ = run(capsys, str(good), "--dockerignore", str(ignore), "--app", app.slug)
    assert code == 1
    assert f"{good}:8: error POL" in out


def test_an_unknown_app_exits_2(db, capsys, files):
    good, _, _ = files
    code, _, err = run(capsys, str(good), "--app", "nope")
    assert (code, err) == (2, "validateconfig: No app 'nope' in Preflight.\n")


def test_a_missing_file_exits_2(db, capsys, tmp_path):
    code, _, err = run(capsys, str(tmp_path / "absent.toml"))
    assert code == 2
    assert (
        err
        == f"validateconfig: cannot read {tmp_path / 'absent.toml'}: No such file or directory\n"
    )


def test_a_bad_format_exits_2_from_the_command_line(files):
    good, _, _ = files
    root = Path(__file__).resolve().parents[2]
    command = [sys.executable, "manage.py", "validateconfig", str(good), "--format", "xml"]
    result = subprocess.run(command, cwd=root, capture_output=True, text=True)
    assert result.returncode == 2
    assert "argument --format: invalid choice: 'xml'" in result.stderr
