"""Every catalog file through every surface that takes a config: the editor (text and
upload), live validation, the API, verify and the validateconfig command."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from configs.models import Revision
from tests.bad_input.catalog import BY_ID, CASES, EMPTY, FIVE_MB_FILE, TEXT_CASES, ids
from tests.bad_input.conftest import db_state, run_command
from tests.conftest import DOCKERIGNORE

EDITOR = "/apps/tynebase-backend/revisions/new"
LIVE = "/apps/tynebase-backend/validate"
API = "/api/v1/apps/tynebase-backend/revisions"
VERIFY = "/api/v1/apps/tynebase-backend/verify"
MESSAGE = "Try this config"


def editor_data(**overrides) -> dict:
    text = overrides.get("fly_toml", "")
    ending = "crlf" if "\r\n" in text else "lf"
    data = {"dockerignore": DOCKERIGNORE, "message": MESSAGE, "base": "1", "line_ending": ending}
    return {**data, **overrides}


def findings_of(findings) -> list[tuple]:
    return [(f["rule"], f["line"], f["message"]) for f in findings]


def assert_stored(case, created: Revision) -> None:
    assert created.fly_toml.encode() == case.data, "stored byte-exact"
    if case.finding:
        expected = (case.finding.rule, case.finding.line, case.finding.message)
        assert expected in findings_of(created.findings)
    assert "FLY101" not in {f["rule"] for f in created.findings} or case.finding.rule == "FLY101"


@pytest.mark.parametrize("case", TEXT_CASES, ids=ids(TEXT_CASES))
def test_the_editor_stores_or_refuses_typed_text(ui, revision, case):
    before = db_state()
    response = ui.post(EDITOR, editor_data(fly_toml=case.text))
    if case.stored:
        assert response.status_code == 302
        assert response["Location"] == "/apps/tynebase-backend/revisions/2/"
        assert_stored(case, Revision.objects.get(number=2))
        return
    status, message = case.refused
    assert response.status_code == status
    form = response.context["form"]
    assert form.errors == {"fly_toml": [message]}
    # Nothing typed is lost: the text and the message come back in the form.
    assert form["fly_toml"].value() == case.text
    assert form["message"].value() == MESSAGE
    assert db_state() == before


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_the_editor_stores_or_refuses_an_uploaded_file(ui, revision, case):
    before = db_state()
    upload = SimpleUploadedFile("fly.toml", case.data)
    response = ui.post(EDITOR, editor_data(fly_toml="", fly_toml_file=upload))
    if case.stored:
        assert response.status_code == 302
        assert_stored(case, Revision.objects.get(number=2))
        return
    status, message = case.refused
    if case.data == b"":  # Django refuses an empty upload before we see it
        message = "The submitted file is empty."
    assert response.status_code == status
    assert response.context["form"].errors == {"fly_toml_file": [message]}
    assert response.context["form"]["message"].value() == MESSAGE
    assert db_state() == before


@pytest.mark.parametrize("case", TEXT_CASES, ids=ids(TEXT_CASES))
def test_live_validation_reports_findings_or_the_size_limit(ui, revision, case):
    before = db_state()
    response = ui.post(LIVE, {"fly_toml": case.text, "dockerignore": DOCKERIGNORE})
    assert db_state() == before
    if case.refused and case.refused[0] == 413:
        assert response.status_code == 413
        assert case.refused[1].encode() in response.content
        return
    assert response.status_code == 200
    found = findings_of(response.context["findings"])
    if case.finding:
        assert (case.finding.rule, case.finding.line, case.finding.message) in found
    elif case.id == "nul-byte":
        assert found == [("FLY100", 2, "fly.toml contains a NUL byte on line 2; it looks binary")]
    else:
        assert "FLY101" not in {rule for rule, _, _ in found}


@pytest.mark.parametrize("case", TEXT_CASES, ids=ids(TEXT_CASES))
def test_the_api_stores_or_refuses_with_a_json_error(api_alice, revision, case):
    before = db_state()
    body = {"fly_toml": case.text, "dockerignore": None, "message": MESSAGE, "base": 1}
    response = api_alice.post(API, body)
    assert response["Content-Type"] == "application/json"
    if case.stored:
        assert response.status_code == 201
        assert response.json()["number"] == 2
        if case.finding:
            expected = (case.finding.rule, case.finding.line, case.finding.message)
            assert expected in findings_of(response.json()["findings"])
        assert_stored(case, Revision.objects.get(number=2))
        return
    status, detail = case.api_refused or case.refused
    assert response.status_code == status
    error = {413: "too_large", 400: "bad_request"}[status]
    assert response.json() == {"error": error, "detail": detail, "field": "fly_toml"}
    assert db_state() == before


def test_the_api_refuses_an_unpaired_surrogate(api_alice, revision):
    before = db_state()
    body = '{"fly_toml": "app = \\"x\\"\\n\\ud800", "message": "m", "base": 1}'
    response = api_alice.post(API, raw=body)
    assert response.status_code == 400
    assert response.json() == {
        "error": "bad_request",
        "detail": "fly.toml contains an unpaired surrogate on line 2.",
        "field": "fly_toml",
    }
    assert db_state() == before


def test_a_nul_byte_in_the_dockerignore_is_refused_on_its_field(ui, api_alice, revision):
    before = db_state()
    response = ui.post(EDITOR, editor_data(fly_toml="app = 'x'\n", dockerignore=".env\n\0"))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "dockerignore": [".dockerignore contains a NUL byte on line 2."]
    }
    assert response.context["form"]["dockerignore"].value() == ".env\n\0"
    body = {"fly_toml": "app = 'x'\n", "dockerignore": ".env\n\0", "message": "m", "base": 1}
    response = api_alice.post(API, body)
    assert (response.status_code, response.json()["field"]) == (400, "dockerignore")
    assert response.json()["detail"] == ".dockerignore contains a NUL byte on line 2."
    assert db_state() == before


@override_settings(PREFLIGHT_MAX_FILE_BYTES=1000)
def test_the_configured_limit_is_the_one_named(ui, api_alice, revision):
    text = "#" * 1001
    message = "fly.toml is 1,001 bytes; the limit is 1,000 bytes."
    response = ui.post(EDITOR, editor_data(fly_toml=text))
    assert (response.status_code, response.context["form"].errors) == (413, {"fly_toml": [message]})
    response = api_alice.post(API, {"fly_toml": text, "message": "m", "base": 1})
    assert (response.status_code, response.json()["detail"]) == (413, message)


@override_settings(PREFLIGHT_MAX_FILE_BYTES=2 * 1024 * 1024)
def test_a_one_megabyte_line_is_stored_when_the_limit_allows_it(api_alice, ui, revision):
    text = BY_ID["one-megabyte-line"].text
    response = api_alice.post(API, {"fly_toml": text, "message": "m", "base": 1})
    assert response.status_code == 201
    assert Revision.objects.get(number=2).fly_toml == text
    assert ui.get("/apps/tynebase-backend/revisions/2/").status_code == 200


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_verify_answers_every_file_in_json(api_bob, approved, case):
    before = db_state()
    response = api_bob.post(VERIFY, raw=case.data, content_type="application/octet-stream")
    assert response["Content-Type"] == "application/json"
    data = response.json()
    if case.refused and case.refused[0] == 413:
        assert (response.status_code, data["detail"]) == case.refused
        assert db_state() == before
        return
    if case.data == b"":
        assert response.status_code == 400
        assert data["detail"] == "Send the fly.toml to verify as the raw request body."
        assert db_state() == before
        return
    # Anything else is an answer: not the approved bytes (409), recorded as a verification.
    assert response.status_code == 409
    assert data["approved"] is False
    assert data["detail"].startswith("These bytes differ from the approved revision #1.")
    if case.text is None:
        assert data["detail"].endswith(" The body is not valid UTF-8.")
    elif case.finding and case.finding.rule == "FLY101":
        assert " The new config is not valid TOML: " in data["detail"]
        assert data["changes"] is None
    assert db_state() == {**before, "AuditEvent": before["AuditEvent"] + 1}


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_validateconfig_reports_every_file(db, capsys, tmp_path, case):
    path = tmp_path / "fly.toml"
    path.write_bytes(case.data)
    code, out, err = run_command(capsys, "validateconfig", str(path))
    if case.refused and case.refused[0] == 413:
        size = len(case.data)
        assert (code, out) == (2, "")
        assert err == f"validateconfig: {path} is {size:,} bytes; the limit is 262,144 bytes.\n"
        return
    assert err == ""
    lines = out.splitlines()
    if case.finding:
        expected = f"{path}:{case.finding.line}: "
        matching = [line for line in lines if line.startswith(expected)]
        assert any(case.finding.rule in line and case.finding.message in line for line in matching)
    if case.text is None or case.id == "nul-byte":
        assert code == 1
        assert any(" error FLY100 " in line and "fly.toml " in line for line in lines)
    elif case.finding and case.finding.rule == "FLY101":
        assert code == 1
        assert f"{path}:{case.finding.line}: error FLY101 {case.finding.message}" in lines
    elif case.refused == (400, EMPTY):  # what the editor and API refuse, the CLI fails
        assert code == 1
        assert any(" error FLY008 fly.toml has no settings at all" in line for line in lines)
    assert lines[-1].endswith(" info")


def test_a_five_megabyte_file_is_413_under_the_default_limit(api_alice, revision):
    """The default limit (256 KiB), not an override, refuses 5 MB."""
    response = api_alice.post(API, {"fly_toml": FIVE_MB_FILE.decode(), "message": "m", "base": 1})
    assert response.status_code == 413
    assert response.json()["detail"] == (
        f"fly.toml is {len(FIVE_MB_FILE):,} bytes; the limit is 262,144 bytes."
    )
    assert json.loads(response.content)["error"] == "too_large"
