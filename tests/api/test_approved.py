"""GET /api/v1/apps/<slug>/approved/fly.toml and /approved/dockerignore"""

import hashlib

from configs.actions import do_approve_revision
from configs.models import AuditEvent
from tests.conftest import DOCKERIGNORE, FLY_TOML, add_revision

URL = "/api/v1/apps/tynebase-backend/approved/"


def approved(app, alice, bob, **kwargs):
    revision = add_revision(app, alice, **kwargs)
    do_approve_revision(revision, actor=bob)
    return revision


def test_it_returns_the_approved_bytes(as_vera, app, alice, bob):
    approved(app, alice, bob)
    response = as_vera.get(URL + "fly.toml")
    assert response.status_code == 200
    assert response.content == FLY_TOML.encode()
    assert response["ETag"] == f'"{hashlib.sha256(FLY_TOML.encode()).hexdigest()}"'
    assert response["X-Preflight-Revision"] == "1"
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORTED)
    assert (event.actor.username, event.data["via"]) == ("vera", "api")
    dockerignore = as_vera.get(URL + "dockerignore")
    assert dockerignore.content == DOCKERIGNORE.encode()


def test_if_none_match_is_304(as_vera, app, alice, bob):
    approved(app, alice, bob)
    etag = as_vera.get(URL + "fly.toml")["ETag"]
    response = as_vera.get(URL + "fly.toml", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response["X-Preflight-Revision"] == "1"


def test_nothing_approved_is_a_json_404(as_alice, revision):
    response = as_alice.get(URL + "fly.toml")
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "detail": "Nothing is approved for deploy in tynebase-backend yet.",
    }


def test_no_dockerignore_is_a_json_404(as_alice, app, alice, bob):
    approved(app, alice, bob, dockerignore=None)
    response = as_alice.get(URL + "dockerignore")
    assert response.status_code == 404
    assert response.json()["detail"] == (
        "The approved revision #1 of tynebase-backend has no .dockerignore."
    )


def test_an_unknown_file_is_a_json_404(as_alice, app, alice, bob):
    approved(app, alice, bob)
    assert as_alice.get(URL + "Dockerfile").json()["error"] == "not_found"


def test_no_membership_is_404(as_charlie, app, alice, bob):
    approved(app, alice, bob)
    assert as_charlie.get(URL + "fly.toml").status_code == 404


def test_post_is_405(as_alice, app, alice, bob):
    approved(app, alice, bob)
    assert as_alice.post(URL + "fly.toml", {}).status_code == 405


def test_a_pending_newer_revision_does_not_change_the_export(as_alice, app, alice, bob):
    approved(app, alice, bob)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "ams"))
    response = as_alice.get(URL + "fly.toml")
    assert (response.content, response["X-Preflight-Revision"]) == (FLY_TOML.encode(), "1")
