"""POST /api/v1/apps/<slug>/drift with `fly config show` JSON."""

from configs.actions import do_approve_revision
from configs.models import AuditEvent
from tests.conftest import add_revision

URL = "/api/v1/apps/tynebase-backend/drift"
LIVE = {
    "app": "tynebase-backend",
    "primary_region": "lhr",
    "build": {"dockerfile": "Dockerfile"},
    "http_service": {"internal_port": 8080, "force_https": True},
}


def test_no_drift(as_vera, app, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    response = as_vera.post(URL, LIVE)
    assert response.status_code == 200
    assert response.json() == {"revision": 1, "drift": False, "changes": [], "impact": []}
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.VERIFIED)
    assert event.data == {"mode": "drift", "number": 1, "drifted": False}


def test_drift_lists_the_changes_and_their_impact(as_vera, app, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    live = {
        **LIVE,
        "primary_region": "ams",
        "http_service": {"internal_port": 8080, "force_https": True, "auto_stop": None},
        "vm": [{"size": "shared-cpu-1x", "memory": "512mb"}],
    }
    data = as_vera.post(URL, live).json()
    assert data["drift"] is True
    assert data["changes"] == [
        {"path": "primary_region", "kind": "changed", "old": "lhr", "new": "ams"},
        {
            "path": "vm[0]",
            "kind": "added",
            "old": None,
            "new": {"size": "shared-cpu-1x", "memory": "512mb"},
        },
    ]
    assert [impact["path"] for impact in data["impact"]] == ["primary_region", "vm[0]"]


def test_nothing_approved_is_404(as_vera, revision):
    response = as_vera.post(URL, LIVE)
    assert response.status_code == 404
    assert response.json()["detail"] == "Nothing is approved for deploy in tynebase-backend yet."


def test_malformed_json_is_400(as_vera, app, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    assert as_vera.post(URL, raw="app = 'x'").status_code == 400


def test_an_empty_body_is_400(as_vera, revision):
    response = as_vera.post(URL, raw="")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Send the live config as printed by `fly config show` (JSON)."
    )


def test_deeply_nested_json_is_400(as_vera, app, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    response = as_vera.post(URL, raw='{"a": ' * 30000 + "1" + "}" * 30000)
    assert response.status_code == 400
    assert response.json() == {"error": "bad_request", "detail": "The JSON is nested too deeply."}


def test_a_live_config_over_the_limit_is_413(as_vera, revision, settings):
    settings.PREFLIGHT_MAX_FILE_BYTES = 50
    response = as_vera.post(URL, {"app": "x" * 100})
    assert response.status_code == 413
    assert response.json()["detail"] == "The live config is 111 bytes; the limit is 50 bytes."


def test_no_membership_is_404(as_charlie, revision):
    assert as_charlie.post(URL, LIVE).status_code == 404


def test_get_is_405(as_vera, revision):
    assert as_vera.get(URL).status_code == 405


def test_a_superseded_approved_revision_is_the_reference(as_vera, app, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    add_revision(app, alice, fly_toml='app = "tynebase-backend"\n')
    assert as_vera.post(URL, LIVE).json()["revision"] == 1
