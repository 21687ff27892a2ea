"""GET /api/v1/apps/<slug>/revisions/<n>"""

from configs.actions import do_approve_revision, do_request_changes, do_waive_finding
from tests.conftest import FLY_TOML
from tests.workflow_helpers import DOCKERIGNORE_WARNING, PORT_ERROR, revision_with_findings

URL = "/api/v1/apps/tynebase-backend/revisions/1"


def test_it_describes_a_pending_revision_and_what_blocks_it(as_vera, app, alice, bob):
    app.required_secrets = ["DATABASE_URL"]
    app.save()
    revision = revision_with_findings(
        app,
        alice,
        [PORT_ERROR, DOCKERIGNORE_WARNING],
        fly_toml=FLY_TOML + "# fly secrets set SECRET_KEY=...\n",
        message="From the PR",
    )
    do_waive_finding(revision, actor=bob, rule="DI203", path=".env", reason="Clean checkout in CI.")
    do_request_changes(revision, actor=bob, comment="Port 8080 please.")
    response = as_vera.get(URL)
    assert response.status_code == 200
    data = response.json()
    assert data["number"] == 1
    assert data["sha256"] == revision.sha256
    assert (data["author"], data["message"]) == ("alice", "From the PR")
    assert data["created"].startswith(revision.created_at.strftime("%Y-%m-%dT%H:%M"))
    assert (data["approved"], data["state"], data["latest"]) == (False, "changes_requested", 1)
    assert data["blocking"] == [
        "Error POL404 at http_service.internal_port (line 8) is not waived: internal_port is "
        "3000; this app's policy requires 8080",
        "Required secrets not confirmed as set in Fly: SECRET_KEY, DATABASE_URL "
        "(0 of 2 confirmed).",
        "Needs 1 more approval (0 of 1) from an approver other than alice.",
    ]
    assert [finding["rule"] for finding in data["findings"]] == ["POL404", "DI203"]
    assert data["findings"][0]["waived"] is None
    assert data["findings"][1]["waived"]["by"] == "bob"
    assert data["findings"][1]["waived"]["reason"] == "Clean checkout in CI."
    assert [(r["reviewer"], r["verdict"], r["comment"]) for r in data["reviews"]] == [
        ("bob", "request_changes", "Port 8080 please.")
    ]
    assert [(s["name"], s["confirmed"]) for s in data["secrets"]] == [
        ("SECRET_KEY", False),
        ("DATABASE_URL", False),
    ]


def test_an_approved_revision(as_alice, app, alice, bob, revision):
    do_approve_revision(revision, actor=bob, comment="ok")
    data = as_alice.get(URL).json()
    assert (data["approved"], data["blocking"], data["approvers"]) == (True, [], ["bob"])
    assert data["reviews"][0]["sha256"] == revision.sha256


def test_an_unknown_revision_is_404(as_alice, revision):
    response = as_alice.get("/api/v1/apps/tynebase-backend/revisions/7")
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "detail": "tynebase-backend has no revision #7.",
    }


def test_a_revision_number_that_is_not_a_number_is_404(as_alice, revision):
    response = as_alice.get("/api/v1/apps/tynebase-backend/revisions/abc")
    assert response.status_code == 404
    assert response.json()["detail"] == "Revision 'abc' is not a revision number."


def test_no_membership_is_404(as_charlie, revision):
    assert as_charlie.get(URL).status_code == 404


def test_post_is_405(as_alice, revision):
    assert as_alice.post(URL, {}).status_code == 405
