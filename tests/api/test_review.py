"""POST /api/v1/apps/<slug>/revisions/<n>/approve and /request-changes"""

from configs.models import AuditEvent, Review
from tests.conftest import FLY_TOML, add_revision
from tests.workflow_helpers import PORT_ERROR, approver, revision_with_findings

APPROVE = "/api/v1/apps/tynebase-backend/revisions/{}/approve"
CHANGES = "/api/v1/apps/tynebase-backend/revisions/{}/request-changes"


def test_an_approver_approves(as_bob, revision):
    response = as_bob.post(APPROVE.format(1), {"comment": "Ship it"})
    assert response.status_code == 200
    data = response.json()
    assert (data["approved"], data["blocking"], data["approvers"]) == (True, [], ["bob"])
    assert Review.objects.get().comment == "Ship it"


def test_an_empty_body_approves_without_a_comment(as_bob, revision):
    response = as_bob.post(APPROVE.format(1), raw="")
    assert response.status_code == 200
    assert Review.objects.get().comment == ""


def test_it_refuses_self_approval(as_bob, app, bob):
    add_revision(app, bob)
    response = as_bob.post(APPROVE.format(1), {})
    assert response.status_code == 403
    assert response.json() == {
        "error": "forbidden",
        "detail": "You wrote revision #1; someone else must approve it.",
    }


def test_an_editor_is_403(as_alice, app, bob):
    add_revision(app, bob)
    response = as_alice.post(APPROVE.format(1), {})
    assert response.status_code == 403
    assert response.json()["detail"] == "Only approvers of tynebase-backend can approve it."


def test_not_the_latest_is_409_naming_the_latest(as_bob, app, alice, revision):
    add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "ams"))
    response = as_bob.post(APPROVE.format(1), {})
    assert response.status_code == 409
    assert response.json() == {
        "error": "conflict",
        "detail": "Revision #1 is not the latest; #2 is.",
    }


def test_blocked_is_409_listing_what_blocks(as_bob, app, alice):
    revision_with_findings(app, alice, [PORT_ERROR])
    response = as_bob.post(APPROVE.format(1), {})
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Revision #1 cannot be approved yet: Error POL404 at http_service.internal_port (line 8) "
        "is not waived: internal_port is 3000; this app's policy requires 8080"
    )


def test_required_approvals_count_distinct_approvers(client, as_bob, app, alice, revision):
    from tests.api.conftest import Api, token_for

    app.required_approvals = 2
    app.save()
    first = as_bob.post(APPROVE.format(1), {}).json()
    again = as_bob.post(APPROVE.format(1), {}).json()
    assert (first["approved"], again["approved"]) == (False, False)
    assert again["blocking"] == [
        "Needs 1 more approval (1 of 2) from an approver other than alice."
    ]
    carol = Api(client, token_for(approver(app, "carol")))
    assert carol.post(APPROVE.format(1), {}).json()["approved"] is True
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REVIEWED).count() == 2


def test_a_comment_of_the_wrong_type_is_400(as_bob, revision):
    response = as_bob.post(APPROVE.format(1), {"comment": 5})
    assert response.status_code == 400
    assert response.json() == {
        "error": "bad_request",
        "detail": "comment must be a string, not a number.",
        "field": "comment",
    }


def test_malformed_json_is_400(as_bob, revision):
    assert as_bob.post(APPROVE.format(1), raw="{nope").status_code == 400


def test_request_changes(as_bob, revision):
    response = as_bob.post(CHANGES.format(1), {"comment": "Use lhr."})
    assert response.status_code == 200
    assert response.json()["state"] == "changes_requested"


def test_request_changes_needs_a_comment(as_bob, revision):
    response = as_bob.post(CHANGES.format(1), {})
    assert response.status_code == 400
    assert response.json()["detail"] == "Say what should change: the comment is empty."


def test_unknown_revision_is_404(as_bob, revision):
    assert as_bob.post(APPROVE.format(9), {}).status_code == 404


def test_no_membership_is_404(as_charlie, revision):
    assert as_charlie.post(APPROVE.format(1), {}).status_code == 404


def test_get_is_405(as_bob, revision):
    response = as_bob.get(APPROVE.format(1))
    assert response.status_code == 405
    assert as_bob.get(CHANGES.format(1)).status_code == 405


def test_requesting_changes_after_approving_withdraws_the_approval(as_bob, revision):
    as_bob.post(APPROVE.format(1), {})
    response = as_bob.post(CHANGES.format(1), {"comment": "The port is wrong."})
    assert response.status_code == 200
    data = response.json()
    assert (data["approved"], data["approvers"]) == (False, [])
    assert data["blocking"] == ["Needs 1 more approval (0 of 1) from an approver other than alice."]
    approved = as_bob.get("/api/v1/apps/tynebase-backend/approved/fly.toml")
    assert approved.status_code == 404
    assert approved.json()["detail"] == "Nothing is approved for deploy in tynebase-backend yet."
