"""approval_status and the app's approved revision (what export and verify hand to CI)."""

from configs.actions import do_approve_revision, do_request_changes
from configs.approval import approved_revision, deploy_summary
from configs.models import AuditEvent
from tests.conftest import FLY_TOML, add_revision
from tests.workflow_helpers import (
    PORT_ERROR,
    approver,
    revision_with_findings,
    status_of,
)


def test_a_new_revision_starts_pending_with_every_unmet_condition(app, alice):
    app.required_secrets = ["DATABASE_URL"]
    app.save()
    revision = revision_with_findings(app, alice, [PORT_ERROR])
    status = status_of(revision)
    assert (status.state, status.approved) == ("pending", False)
    assert status.unmet == [
        "Error POL404 at http_service.internal_port (line 8) is not waived: internal_port is "
        "3000; this app's policy requires 8080",
        "Required secret not confirmed as set in Fly: DATABASE_URL (0 of 1 confirmed).",
        "Needs 1 more approval (0 of 1) from an approver other than alice.",
    ]
    assert [c.key for c in status.conditions] == ["latest", "errors", "secrets", "approvals"]


def test_nothing_is_approved_without_revisions(app):
    assert approved_revision(app) is None


def test_the_latest_approved_revision_is_the_approved_one(app, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    assert approved_revision(app)[0] == revision


def test_a_newer_pending_revision_does_not_take_the_approved_bytes_away(app, alice, bob):
    first = add_revision(app, alice)
    do_approve_revision(first, actor=bob)
    second = add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "ams"))
    found, status = approved_revision(app)
    assert found == first
    assert (status.approved, status.approved_when_superseded, status.state) == (
        False,
        True,
        "approved",
    )
    assert status_of(second).state == "pending"
    created = AuditEvent.objects.get(kind=AuditEvent.Kind.REVISION_CREATED, revision=second)
    assert created.data == {"number": 2, "sha256": second.sha256, "parent_approved": True}
    assert (first.parent_approved, second.parent_approved) == (False, True)
    summary = deploy_summary(app)
    assert (summary.latest, summary.approved, summary.latest_is_approved) == (second, first, False)


def test_the_newest_approved_revision_wins(app, alice, bob):
    first = add_revision(app, alice)
    do_approve_revision(first, actor=bob)
    second = add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "ams"))
    do_approve_revision(second, actor=bob)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "fra"))
    assert approved_revision(app)[0] == second


def test_a_revision_superseded_before_approval_is_never_approved(app, alice, bob):
    app.required_approvals = 2
    app.save()
    first = add_revision(app, alice)
    do_approve_revision(first, actor=bob)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "ams"))
    # Lowering the bar later does not approve the superseded revision retroactively.
    app.required_approvals = 1
    app.save()
    assert approved_revision(app) is None
    assert status_of(first).state == "superseded"
    assert status_of(first).unmet[0] == "Revision #1 is not the latest; #2 is."


def test_raising_the_required_approvals_applies_to_the_latest_revision(app, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    app.required_approvals = 2
    app.save()
    assert approved_revision(app) is None


def test_changes_requested_shows_until_approved(app, alice, bob, revision):
    carol = approver(app, "carol")
    do_request_changes(revision, actor=carol, comment="Use two machines.")
    status = status_of(revision)
    assert status.state == "changes_requested"
    assert status.state_label == "changes requested"
    do_approve_revision(revision, actor=bob)
    assert status_of(revision).state == "approved"


def test_an_approval_with_another_digest_does_not_count(app, alice, bob, revision):
    from configs.models import Review

    Review.objects.create(revision=revision, reviewer=bob, verdict="approve", sha256="0" * 64)
    assert status_of(revision).approvals == []
