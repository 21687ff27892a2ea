"""POST /api/v1/apps/<slug>/revisions"""

import pytest

from configs.models import Revision
from tests.conftest import DOCKERIGNORE, FLY_TOML

URL = "/api/v1/apps/tynebase-backend/revisions"


def body(**overrides):
    return {
        "fly_toml": FLY_TOML,
        "dockerignore": DOCKERIGNORE,
        "message": "From CI",
        "base": None,
        **overrides,
    }


def test_it_creates_a_revision(as_alice, app):
    response = as_alice.post(URL, body())
    assert response.status_code == 201
    revision = Revision.objects.get()
    data = response.json()
    assert data == {
        "number": 1,
        "sha256": revision.sha256,
        "url": "http://testserver/apps/tynebase-backend/revisions/1/",
        "findings": revision.findings,
    }
    assert response["Location"] == data["url"]
    assert (revision.author.username, revision.message, revision.fly_toml) == (
        "alice",
        "From CI",
        FLY_TOML,
    )


def test_the_bytes_are_stored_exactly(as_alice, app):
    fly_toml = '\ufeffapp = "x"  \r\nprimary_region = "lhr"'
    as_alice.post(URL, body(fly_toml=fly_toml, dockerignore=None))
    revision = Revision.objects.get()
    assert (revision.fly_toml, revision.dockerignore) == (fly_toml, None)


def test_a_stale_base_is_409_with_the_latest_number(as_alice, app, alice):
    as_alice.post(URL, body())
    as_alice.post(URL, body(base=1, message="second"))
    response = as_alice.post(URL, body(base=1, message="stale"))
    assert response.status_code == 409
    assert response.json() == {
        "error": "conflict",
        "detail": "This edit started from #1, but the latest revision is now #2.",
        "latest": 2,
    }
    assert Revision.objects.count() == 2


def test_a_null_base_when_revisions_exist_is_409(as_alice, revision):
    response = as_alice.post(URL, body(base=None))
    assert response.status_code == 409
    assert response.json()["latest"] == 1


def test_malformed_json_is_400(as_alice, app):
    response = as_alice.post(URL, raw='{"fly_toml": ')
    assert response.status_code == 400
    assert response.json() == {
        "error": "bad_request",
        "detail": "Malformed JSON: Expecting value: line 1 column 14 (char 13).",
    }


def test_a_body_that_is_not_an_object_is_400(as_alice, app):
    response = as_alice.post(URL, raw="[1, 2]")
    assert response.json() == {
        "error": "bad_request",
        "detail": "The body must be a JSON object, not an array.",
    }


def test_invalid_utf8_is_400(as_alice, app):
    response = as_alice.post(URL, raw=b'{"fly_toml": "\xff"}')
    assert response.status_code == 400
    assert response.json()["detail"] == "The body is not valid UTF-8 JSON."


@pytest.mark.parametrize(
    ("overrides", "field", "detail"),
    [
        ({"fly_toml": 12}, "fly_toml", "fly_toml must be a string, not a number."),
        ({"fly_toml": None}, "fly_toml", "fly_toml must be a string, not null."),
        (
            {"dockerignore": ["x"]},
            "dockerignore",
            "dockerignore must be a string or null, not an array.",
        ),
        ({"message": False}, "message", "message must be a string, not a boolean."),
        (
            {"base": "1"},
            "base",
            "base must be a revision number (1 or more) or null, not a string.",
        ),
        (
            {"base": True},
            "base",
            "base must be a revision number (1 or more) or null, not a boolean.",
        ),
        ({"base": 0}, "base", "base must be a revision number (1 or more) or null, not 0."),
        ({"message": "  "}, "message", "message is empty: say what changed and why."),
        ({"fly_toml": ""}, "fly_toml", "fly_toml is empty."),
        ({"message": "x" * 501}, "message", "message is 501 characters; the limit is 500."),
        ({"fly_toml": "a\0b"}, "fly_toml", "fly.toml contains a NUL byte on line 1."),
    ],
)
def test_wrong_types_and_values_are_400_naming_the_field(as_alice, app, overrides, field, detail):
    response = as_alice.post(URL, body(**overrides))
    assert response.status_code == 400
    assert response.json() == {"error": "bad_request", "detail": detail, "field": field}
    assert not Revision.objects.exists()


@pytest.mark.parametrize("field", ["fly_toml", "message", "base"])
def test_a_missing_field_is_400(as_alice, app, field):
    data = body()
    del data[field]
    response = as_alice.post(URL, data)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_a_file_over_the_limit_is_413(as_alice, app, settings):
    settings.PREFLIGHT_MAX_FILE_BYTES = 1000
    response = as_alice.post(URL, body(fly_toml="#" * 1001))
    assert response.status_code == 413
    assert response.json() == {
        "error": "too_large",
        "detail": "fly.toml is 1,001 bytes; the limit is 1,000 bytes.",
        "field": "fly_toml",
    }


def test_a_body_over_the_request_limit_is_413(as_alice, app, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = as_alice.post(URL, body(fly_toml="#" * 200))
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"


def test_a_viewer_is_403(as_vera, app):
    response = as_vera.post(URL, body())
    assert response.status_code == 403
    assert response.json() == {
        "error": "forbidden",
        "detail": "This needs the editor role on tynebase-backend; you are viewer.",
    }


def test_no_membership_is_404(as_charlie, app):
    response = as_charlie.post(URL, body())
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "No such app."}


def test_an_unknown_app_is_404(as_alice):
    response = as_alice.post("/api/v1/apps/nope/revisions", body())
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_get_is_405(as_alice, app):
    response = as_alice.get(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json() == {
        "error": "method_not_allowed",
        "detail": "GET is not allowed here; use POST.",
    }
