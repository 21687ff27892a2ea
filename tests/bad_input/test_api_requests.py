"""Bad requests to every JSON endpoint: tokens, revision numbers, malformed JSON, wrong types."""

import pytest

from configs.actions import do_revoke_api_token
from configs.models import ApiToken
from tests.api.conftest import Api, token_for
from tests.bad_input.conftest import client_for, db_state

APP = "/api/v1/apps/tynebase-backend"
JSON_ENDPOINTS = [  # (path, what an empty object gives)
    (f"{APP}/revisions", (400, "fly_toml is required.")),
    (f"{APP}/revisions/1/approve", None),
    (f"{APP}/revisions/1/request-changes", None),
    (f"{APP}/drift", (400, "Send the live config as printed by `fly config show` (JSON).")),
]
EVERY_ENDPOINT = [
    ("POST", f"{APP}/revisions"),
    ("GET", f"{APP}/revisions/1"),
    ("POST", f"{APP}/revisions/1/approve"),
    ("POST", f"{APP}/revisions/1/request-changes"),
    ("GET", f"{APP}/approved/fly.toml"),
    ("GET", f"{APP}/approved/dockerignore"),
    ("GET", f"{APP}/compare/1/1"),
    ("POST", f"{APP}/verify"),
    ("POST", f"{APP}/drift"),
]


def call(api: Api, method: str, path: str):
    return api.get(path) if method == "GET" else api.post(path, {})


def assert_error(response, status: int, detail: str, **extra) -> None:
    assert response["Content-Type"] == "application/json"
    assert response.status_code == status
    codes = {400: "bad_request", 401: "unauthorized", 404: "not_found", 413: "too_large"}
    assert response.json() == {"error": codes[status], "detail": detail, **extra}


AUTH_CASES = [
    ("missing", None, "Send your API token as `Authorization: Bearer <token>`."),
    ("wrong-scheme", "Token abc", "The Authorization header must be `Bearer <token>`."),
    ("basic", "Basic YWxpY2U6cHc=", "The Authorization header must be `Bearer <token>`."),
    ("no-token", "Bearer", "The Authorization header must be `Bearer <token>`."),
    ("blank-token", "Bearer    ", "The Authorization header must be `Bearer <token>`."),
    ("unknown-token", "Bearer pf_not_a_real_token", "This API token is not valid."),
]


@pytest.mark.parametrize(("method", "path"), EVERY_ENDPOINT)
@pytest.mark.parametrize(("case", "header", "detail"), AUTH_CASES, ids=[c[0] for c in AUTH_CASES])
def test_a_bad_authorization_header_is_401_everywhere(revision, method, path, case, header, detail):
    before = db_state()
    client = client_for()
    headers = {"Authorization": header} if header else {}
    if method == "GET":
        response = client.get(path, headers=headers)
    else:
        response = client.post(path, "{}", content_type="application/json", headers=headers)
    assert_error(response, 401, detail)
    assert response["WWW-Authenticate"] == 'Bearer realm="preflight"'
    assert db_state() == before


@pytest.mark.parametrize(("method", "path"), EVERY_ENDPOINT)
def test_a_revoked_token_is_401_everywhere(alice, revision, method, path):
    api = Api(client_for(), token_for(alice))
    token = ApiToken.objects.get(user=alice)
    do_revoke_api_token(token, actor=alice)
    before = db_state()
    assert_error(call(api, method, path), 401, f"The API token {token.prefix}… was revoked.")
    assert db_state() == before


@pytest.mark.parametrize(("method", "path"), EVERY_ENDPOINT)
def test_an_unknown_app_is_a_json_404_everywhere(api_bob, revision, method, path):
    before = db_state()
    response = call(api_bob, method, path.replace("tynebase-backend", "no-such-app"))
    assert_error(response, 404, "No such app.")
    assert db_state() == before


NUMBERS = ["abc", "-1", "0", "1.0", "²", "1e3", "0x10"]


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("GET", "{app}/revisions/{n}"),
        ("POST", "{app}/revisions/{n}/approve"),
        ("POST", "{app}/revisions/{n}/request-changes"),
        ("GET", "{app}/compare/1/{n}"),
        ("GET", "{app}/compare/{n}/1"),
    ],
)
def test_a_revision_number_that_is_not_one_is_a_json_404(
    api_bob, revision, method, template, number
):
    before = db_state()
    response = call(api_bob, method, template.format(app=APP, n=number))
    assert_error(response, 404, f"Revision {number!r} is not a revision number.")
    assert db_state() == before


@pytest.mark.parametrize("number", ["2", "99999999999999999999"])
@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("GET", "{app}/revisions/{n}"),
        ("POST", "{app}/revisions/{n}/approve"),
        ("POST", "{app}/revisions/{n}/request-changes"),
        ("GET", "{app}/compare/1/{n}"),
    ],
)
def test_a_revision_that_does_not_exist_is_a_json_404(api_bob, revision, method, template, number):
    before = db_state()
    response = call(api_bob, method, template.format(app=APP, n=number))
    assert_error(response, 404, f"tynebase-backend has no revision #{number}.")
    assert db_state() == before


BODIES = [
    ("malformed", b'{"fly_toml": ', "Malformed JSON: Expecting value: line 1 column 14 (char 13)."),
    ("array", b"[1, 2]", "The body must be a JSON object, not an array."),
    ("string", b'"fly.toml"', "The body must be a JSON object, not a string."),
    ("null", b"null", "The body must be a JSON object, not null."),
    ("not-utf8", b'{"comment": "\xff"}', "The body is not valid UTF-8 JSON."),
    ("too-deep", b'{"a":' * 5000 + b"1" + b"}" * 5000, "The JSON is nested too deeply."),
    ("trailing", b"{} {}", "Malformed JSON: Extra data: line 1 column 4 (char 3)."),
]


@pytest.mark.parametrize(("path", "_"), JSON_ENDPOINTS)
@pytest.mark.parametrize(("case", "raw", "detail"), BODIES, ids=[b[0] for b in BODIES])
def test_a_body_that_is_not_a_json_object_is_400(
    api_bob, alice, revision, path, _, case, raw, detail
):
    api_bob.token = api_bob.token if "revisions" not in path or "/1/" in path else None
    if path.endswith("/revisions"):
        from tests.api.conftest import token_for

        api_bob.token = token_for(alice)
    before = db_state()
    response = api_bob.post(path, raw=raw)
    assert_error(response, 400, detail)
    assert db_state() == before


@pytest.mark.parametrize(("path", "empty"), JSON_ENDPOINTS)
def test_an_empty_body_is_an_empty_object(api_bob, api_alice, approved, path, empty):
    api = api_alice if path.endswith("/revisions") else api_bob
    before = db_state()
    response = api.post(path, raw=b"")
    if path.endswith("/approve"):  # the comment is optional: already approved, nothing changes
        assert response.status_code == 200
        assert response.json()["approved"] is True
    elif path.endswith("/request-changes"):
        assert response.status_code == 400
        assert response.json()["error"] == "bad_request"
        assert "comment" in response.json()["detail"].lower()
    else:
        assert_error(response, *empty, **({"field": "fly_toml"} if "revisions" in path else {}))
    assert db_state() == before


WRONG_TYPES = [
    ({"fly_toml": 12}, "fly_toml", "fly_toml must be a string, not a number."),
    ({"fly_toml": {"app": "x"}}, "fly_toml", "fly_toml must be a string, not an object."),
    ({"dockerignore": 1}, "dockerignore", "dockerignore must be a string or null, not a number."),
    ({"message": ["a", "b"]}, "message", "message must be a string, not an array."),
    ({"message": None}, "message", "message must be a string, not null."),
    ({"base": "1"}, "base", "base must be a revision number (1 or more) or null, not a string."),
    ({"base": 1.0}, "base", "base must be a revision number (1 or more) or null, not 1.0."),
    ({"base": 1.5}, "base", "base must be a revision number (1 or more) or null, not 1.5."),
    ({"base": -1}, "base", "base must be a revision number (1 or more) or null, not -1."),
    ({"base": [1]}, "base", "base must be a revision number (1 or more) or null, not an array."),
    ({"base": False}, "base", "base must be a revision number (1 or more) or null, not a boolean."),
]


@pytest.mark.parametrize(("overrides", "field", "detail"), WRONG_TYPES)
def test_a_wrong_json_type_names_the_field(api_alice, revision, overrides, field, detail):
    before = db_state()
    body = {"fly_toml": "app = 'x'\n", "dockerignore": None, "message": "m", "base": 1}
    response = api_alice.post(f"{APP}/revisions", {**body, **overrides})
    assert_error(response, 400, detail, field=field)
    assert db_state() == before


def test_a_missing_base_is_400(api_alice, revision):
    response = api_alice.post(f"{APP}/revisions", {"fly_toml": "app = 'x'\n", "message": "m"})
    detail = "base is required: the revision number you edited from, or null."
    assert_error(response, 400, detail, field="base")


@pytest.mark.parametrize("verb", ["approve", "request-changes"])
@pytest.mark.parametrize(
    ("comment", "kind"), [({"text": "hi"}, "an object"), (5, "a number"), (["x"], "an array")]
)
def test_a_comment_that_is_not_a_string_is_400(api_bob, revision, verb, comment, kind):
    before = db_state()
    response = api_bob.post(f"{APP}/revisions/1/{verb}", {"comment": comment})
    assert_error(response, 400, f"comment must be a string, not {kind}.", field="comment")
    assert db_state() == before


HINT = " The request was sent as {}; send a JSON object as application/json."


@pytest.mark.parametrize(
    "content_type", ["multipart/form-data; boundary=x", "application/x-www-form-urlencoded"]
)
def test_a_form_post_is_told_to_send_json(api_alice, revision, content_type):
    before = db_state()
    response = api_alice.post(
        f"{APP}/revisions", raw="fly_toml=x&message=m", content_type=content_type
    )
    plain = content_type.split(";")[0]
    detail = "Malformed JSON: Expecting value: line 1 column 1 (char 0)." + HINT.format(plain)
    assert_error(response, 400, detail)
    assert db_state() == before


def test_json_sent_as_text_plain_is_still_read(api_alice, revision):
    """curl --data-binary without -H sends a form type; the JSON itself is what counts."""
    body = '{"fly_toml": "app = \'x\'\\n", "message": "m", "base": 1}'
    response = api_alice.post(f"{APP}/revisions", raw=body, content_type="text/plain")
    assert response.status_code == 201


def test_drift_refuses_a_live_config_over_the_limit(api_bob, approved, settings):
    settings.PREFLIGHT_MAX_FILE_BYTES = 100
    before = db_state()
    response = api_bob.post(f"{APP}/drift", {"app": "x" * 200})
    assert_error(response, 413, "The live config is 211 bytes; the limit is 100 bytes.")
    assert db_state() == before
