"""Bad input on the pages: policy form, secrets paste and upload, revision numbers in URLs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.bad_input.conftest import db_state

APP = "/apps/tynebase-backend"
POLICY = {"name": "TyneBase", "expected_app": "tynebase-backend", "required_approvals": "1"}


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("required_approvals", "abc", "Enter a whole number."),
        ("required_approvals", "0", "Required approvals must be between 1 and 10."),
        (
            "required_approvals",
            "99999999999999999999",
            "Required approvals must be between 1 and 10.",
        ),
        ("required_internal_port", "70000", "A port is between 1 and 65535."),
        ("health_check_path", "health", "A check path starts with /, e.g. /health."),
        ("name", "a\0b", "Null characters are not allowed."),
        ("name", "", "This field is required."),
        (
            "disabled_rules",
            "FOO999, FLY101",
            "No such rule: FOO999. Rule ids look like FLY105; every one is listed in "
            "docs/rules.md.",
        ),
        (
            "allowed_regions",
            "lhr, <b>",
            "Not a region code: <b> (three lowercase letters, e.g. lhr).",
        ),
        (
            "required_primary_region",
            "LHR",
            "Not a region code: LHR (three lowercase letters, e.g. lhr).",
        ),
        (
            "required_secrets",
            "1BAD, OK",
            "Not a secret name: 1BAD (letters, digits and underscores, not starting with a digit).",
        ),
    ],
)
def test_the_policy_form_refuses_and_keeps_the_input(ui_bob, revision, field, value, error):
    before = db_state()
    response = ui_bob.post(f"{APP}/policy", {**POLICY, field: value})
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors == {field: [error]}
    assert form[field].value() == value if field != "required_approvals" else True
    assert form["name"].value() == POLICY["name"] or field == "name"
    assert db_state() == before


SECRETS = f"{APP}/revisions/1/secrets/fly-list"
LIST = "paste the output of `fly secrets list --json`"


@pytest.mark.parametrize(
    ("pasted", "error", "kept"),
    [
        (
            "not json",
            "The pasted text is not JSON (Expecting value at line 1, column 1): "
            f"{LIST}, with --json.",
            True,
        ),
        ('{"name": "A"}', f"The JSON is an object, not an array of secrets: {LIST}.", True),
        ('[{"name": "A"}]', 'Item 1 (A) has no "digest".', True),
        ("[" * 3000, f"The JSON is nested too deeply: {LIST}.", True),
        ("", f"Nothing was pasted: {LIST}.", True),
        (
            "DATABASE_URL=postgres://u:p@h/db",
            f"Line 1 looks like NAME=value. Preflight never stores secret values: {LIST}, "
            "which contains only names and digests.",
            False,
        ),
        (
            '[{"name": "DATABASE_URL", "value": "postgres://u:p@h/db"}]',
            'Item 1 has a "value" field. Preflight never stores secret values: '
            f"{LIST}, which contains only names and digests.",
            False,
        ),
    ],
)
def test_a_bad_secrets_paste_is_explained(ui, revision, pasted, error, kept):
    before = db_state()
    response = ui.post(SECRETS, {"fly_secrets_json": pasted})
    assert response.status_code == 400
    assert response.context["secrets_error"] == error
    # Kept for fixing, unless it holds secret values: those are never sent back.
    assert response.context["pasted"] == (pasted if kept else "")
    if not kept:
        assert b"postgres://u:p@h/db" not in response.content
    assert db_state() == before


@pytest.mark.parametrize(
    ("data", "status", "error"),
    [
        (
            b"\x89PNG\r\n\x1a\n\0\0",
            400,
            "The uploaded file is not valid UTF-8: byte 0x89 on line 1.",
        ),
        (b"[]\n\0", 400, "The uploaded file contains a NUL byte on line 2."),
        (
            b" " * (256 * 1024 + 1),
            413,
            "The uploaded file is 262,145 bytes; the limit is 262,144 bytes.",
        ),
    ],
)
def test_a_bad_secrets_upload_is_explained(ui, revision, data, status, error):
    before = db_state()
    upload = SimpleUploadedFile("secrets.json", data)
    response = ui.post(SECRETS, {"fly_secrets_json": "", "fly_secrets_file": upload})
    assert (response.status_code, response.context["secrets_error"]) == (status, error)
    assert db_state() == before


@pytest.mark.parametrize("number", ["abc", "-1", "0", "99999999999999999999", "²", "1.0"])
@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("get", "{app}/revisions/{n}/"),
        ("get", "{app}/revisions/{n}/fly.toml"),
        ("get", "{app}/compare/1/{n}/"),
        ("get", "{app}/compare/{n}/1/"),
        ("post", "{app}/revisions/{n}/approve"),
        ("post", "{app}/revisions/{n}/waive"),
        ("post", "{app}/revisions/{n}/secrets/confirm"),
    ],
)
def test_a_revision_number_that_is_not_one_is_a_404_page(
    ui_bob, revision, method, template, number
):
    before = db_state()
    response = getattr(ui_bob, method)(template.format(app=APP, n=number))
    assert response.status_code == 404
    assert b"Not found" in response.content
    assert db_state() == before


@pytest.mark.parametrize(
    ("query", "status"),
    [("from=abc&to=1", 400), ("from=1", 400), ("from=1&to=99999999999999999999", 302)],
)
def test_the_compare_picker_with_bad_numbers(ui, revision, query, status):
    response = ui.get(f"{APP}/compare/?{query}")
    assert response.status_code == status
    if status == 400:
        assert response.context["error"] == (
            "Give two revision numbers to compare, for example 3 and 5."
        )
    else:  # the compare page for a number no revision can have is a 404, not a crash
        assert ui.get(response["Location"]).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/apps/nope/", "/apps/nope/revisions/new", "/apps/nope/revisions/1/", "/apps/nope/policy"],
)
def test_an_unknown_app_is_a_404_page(ui_bob, revision, path):
    assert ui_bob.get(path).status_code == 404


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"base": "abc"}, {"base": ["Enter a whole number."]}),
        (
            {"message": "x" * 501},
            {"message": ["Ensure this value has at most 500 characters (it has 501)."]},
        ),
        ({"message": ""}, {"message": ["This field is required."]}),
        (
            {"line_ending": "cr"},
            {"line_ending": ["Select a valid choice. cr is not one of the available choices."]},
        ),
    ],
)
def test_the_editor_keeps_the_text_on_other_bad_fields(ui, revision, overrides, errors):
    before = db_state()
    data = {"fly_toml": "app = 'kept'\n", "message": "m", "base": "1", "line_ending": "lf"}
    response = ui.post(f"{APP}/revisions/new", {**data, **overrides})
    assert response.status_code == 400
    assert response.context["form"].errors == errors
    assert response.context["form"]["fly_toml"].value() == "app = 'kept'\n"
    assert db_state() == before
