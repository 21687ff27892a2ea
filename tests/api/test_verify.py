"""POST /api/v1/apps/<slug>/verify: the CI gate before `fly deploy`."""

import hashlib

from configs.actions import do_approve_revision
from configs.models import AuditEvent
from tests.conftest import FLY_TOML, add_revision

URL = "/api/v1/apps/tynebase-backend/verify"
RAW = "application/octet-stream"


def approve(app, alice, bob, fly_toml=FLY_TOML):
    revision = add_revision(app, alice, fly_toml=fly_toml)
    do_approve_revision(revision, actor=bob)
    return revision


def verify(api, text):
    data = text.encode() if isinstance(text, str) else text
    return api.post(URL, raw=data, content_type=RAW)


def test_the_exact_approved_bytes_are_approved(as_vera, app, alice, bob):
    approve(app, alice, bob)
    response = verify(as_vera, FLY_TOML)
    assert response.status_code == 200
    assert response.json() == {
        "approved": True,
        "revision": 1,
        "sha256": hashlib.sha256(FLY_TOML.encode()).hexdigest(),
    }
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.VERIFIED)
    assert (event.actor.username, event.data["approved"], event.data["number"]) == (
        "vera",
        True,
        1,
    )


def test_curl_data_binary_form_encoding_still_compares_raw_bytes(as_vera, app, alice, bob):
    approve(app, alice, bob)
    response = as_vera.post(
        URL, raw=FLY_TOML.encode(), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200


def test_different_bytes_are_409_with_the_semantic_diff(as_vera, app, alice, bob):
    approve(app, alice, bob)
    response = verify(as_vera, FLY_TOML.replace("8080", "3000"))
    assert response.status_code == 409
    data = response.json()
    assert (data["approved"], data["revision"]) == (False, 1)
    assert data["changes"] == [
        {"path": "http_service.internal_port", "kind": "changed", "old": 8080, "new": 3000}
    ]
    assert data["detail"] == "These bytes differ from the approved revision #1."
    assert AuditEvent.objects.get(kind=AuditEvent.Kind.VERIFIED).data["approved"] is False


def test_a_formatting_change_is_still_not_approved(as_vera, app, alice, bob):
    approve(app, alice, bob)
    response = verify(as_vera, FLY_TOML.replace("\n", "\r\n"))
    assert response.status_code == 409
    assert response.json()["changes"] == []
    assert response.json()["detail"].endswith(
        "Only comments or formatting differ: propose these bytes as a revision and approve it."
    )


def test_an_older_approved_revision_is_not_approved_once_a_newer_one_is(as_vera, app, alice, bob):
    approve(app, alice, bob)
    approve(app, alice, bob, fly_toml=FLY_TOML.replace("lhr", "ams"))
    response = verify(as_vera, FLY_TOML)
    assert response.status_code == 409
    assert response.json()["revision"] == 2
    assert response.json()["detail"] == (
        "These bytes are revision #1's, which is not the revision approved for deploy (#2)."
    )


def test_nothing_approved_is_409_with_a_null_revision(as_vera, revision):
    response = verify(as_vera, FLY_TOML)
    assert response.status_code == 409
    assert response.json() == {
        "approved": False,
        "revision": None,
        "sha256": hashlib.sha256(FLY_TOML.encode()).hexdigest(),
        "changes": None,
        "detail": "Nothing is approved for deploy in tynebase-backend yet.",
    }


def test_invalid_toml_is_409_without_changes(as_vera, app, alice, bob):
    approve(app, alice, bob)
    data = verify(as_vera, "app = [\n").json()
    assert data["changes"] is None
    assert "The new config is not valid TOML" in data["detail"]


def test_invalid_utf8_is_409_without_changes(as_vera, app, alice, bob):
    approve(app, alice, bob)
    data = verify(as_vera, b"\xff\xfe").json()
    assert data["changes"] is None
    assert data["detail"].endswith("The body is not valid UTF-8.")


def test_an_empty_body_is_400(as_vera, app, alice, bob):
    approve(app, alice, bob)
    response = verify(as_vera, b"")
    assert response.status_code == 400
    assert response.json() == {
        "error": "bad_request",
        "detail": "Send the fly.toml to verify as the raw request body.",
    }


def test_a_body_over_the_limit_is_413(as_vera, app, alice, bob, settings):
    approve(app, alice, bob)
    settings.PREFLIGHT_MAX_FILE_BYTES = 100
    response = verify(as_vera, "#" * 101)
    assert response.status_code == 413
    assert response.json()["detail"] == "fly.toml is 101 bytes; the limit is 100 bytes."


def test_no_membership_is_404(as_charlie, app, alice, bob):
    approve(app, alice, bob)
    assert verify(as_charlie, FLY_TOML).status_code == 404


def test_get_is_405(as_vera, app):
    assert as_vera.get(URL).status_code == 405
