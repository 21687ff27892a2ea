import pytest

from configs.actions import Blocked, NotLatest, NotPermitted, do_approve_revision
from configs.models import AuditEvent, Review, Verdict
from tests.conftest import FLY_TOML, add_revision
from tests.workflow_helpers import (
    DOCKERIGNORE_WARNING,
    SECRET_ERROR,
    approver,
    confirm_secret,
    revision_with_findings,
    status_of,
)


def reviewed_events():
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.REVIEWED)


def test_an_approver_approves_the_latest_revision(app, alice, bob, revision):
    review = do_approve_revision(revision, actor=bob, comment="  Looks right.  ")
    assert (review.reviewer, review.verdict, review.comment) == (
        bob,
        Verdict.APPROVE,
        "Looks right.",
    )
    assert review.sha256 == revision.sha256
    assert status_of(revision).approved
    event = reviewed_events().get()
    assert (event.actor, event.app, event.revision) == (bob, app, revision)
    assert event.data == {
        "number": 1,
        "verdict": "approve",
        "comment": "Looks right.",
        "sha256": revision.sha256,
        "approvals": 1,
        "required": 1,
        "approved": True,
    }


def test_it_refuses_self_approval(app, bob):
    own = add_revision(app, bob)
    with pytest.raises(NotPermitted) as refused:
        do_approve_revision(own, actor=bob)
    assert refused.value.status == 403
    assert str(refused.value) == "You wrote revision #1; someone else must approve it."
    assert not Review.objects.exists()
    assert not reviewed_events().exists()


@pytest.mark.parametrize("who", ["alice", "vera", "charlie"])
def test_only_approvers_can_approve(app, alice, bob, vera, charlie, who):
    revision = add_revision(app, bob)
    user = {"alice": alice, "vera": vera, "charlie": charlie}[who]
    with pytest.raises(NotPermitted) as refused:
        do_approve_revision(revision, actor=user)
    assert refused.value.status == 403
    assert str(refused.value) == "Only approvers of tynebase-backend can approve it."
    assert not Review.objects.exists()


def test_a_superuser_may_approve(app, alice, admin_user, revision):
    do_approve_revision(revision, actor=admin_user)
    assert status_of(revision).approved


def test_a_revision_that_is_not_the_latest_is_refused_naming_the_latest(app, alice, bob):
    third = add_revision(app, alice)
    for _ in range(2):
        add_revision(app, alice, fly_toml=FLY_TOML + f"# {_}\n")
    with pytest.raises(NotLatest) as refused:
        do_approve_revision(third, actor=bob)
    assert refused.value.status == 409
    assert str(refused.value) == "Revision #1 is not the latest; #3 is."
    assert not Review.objects.exists()


def test_unwaived_errors_block_approval(app, alice, bob):
    revision = revision_with_findings(app, alice, [SECRET_ERROR, DOCKERIGNORE_WARNING])
    confirm_secret(revision, "STRIPE_API_KEY", alice)
    with pytest.raises(Blocked) as refused:
        do_approve_revision(revision, actor=bob)
    assert refused.value.status == 409
    assert refused.value.blockers == [
        "Error SEC301 at env.STRIPE_API_KEY (line 13) is not waived: env.STRIPE_API_KEY looks "
        "like a Stripe Access Key: sk_l…(33 chars)"
    ]
    assert str(refused.value).startswith("Revision #1 cannot be approved yet: Error SEC301")
    assert not Review.objects.exists()


def test_warnings_do_not_block_approval(app, alice, bob):
    revision = revision_with_findings(app, alice, [DOCKERIGNORE_WARNING])
    do_approve_revision(revision, actor=bob)
    assert status_of(revision).approved


def test_unconfirmed_required_secrets_block_approval(app, alice, bob):
    app.required_secrets = ["DATABASE_URL"]
    app.save()
    documented = FLY_TOML + "# fly secrets set SECRET_KEY=... SENTRY_DSN=... DATABASE_URL=...\n"
    revision = add_revision(app, alice, fly_toml=documented)
    confirm_secret(revision, "SENTRY_DSN", alice)
    with pytest.raises(Blocked) as refused:
        do_approve_revision(revision, actor=bob)
    assert refused.value.blockers == [
        "Required secrets not confirmed as set in Fly: SECRET_KEY, DATABASE_URL (1 of 3 confirmed)."
    ]
    confirm_secret(revision, "SECRET_KEY", alice)
    confirm_secret(revision, "DATABASE_URL", bob)
    do_approve_revision(revision, actor=bob)
    assert status_of(revision).approved


def test_required_approvals_count_distinct_approvers(app, alice, bob, revision):
    app.required_approvals = 2
    app.save()
    carol = approver(app, "carol")
    do_approve_revision(revision, actor=bob)
    do_approve_revision(revision, actor=bob)
    status = status_of(revision)
    assert not status.approved
    assert status.unmet == ["Needs 1 more approval (1 of 2) from an approver other than alice."]
    do_approve_revision(revision, actor=carol)
    status = status_of(revision)
    assert status.approved
    assert status.approvers == ["bob", "carol"]
    assert [e.data["approved"] for e in reviewed_events().order_by("pk")] == [False, True]


def test_approving_twice_is_one_review_and_one_event(app, alice, bob, revision):
    first = do_approve_revision(revision, actor=bob, comment="ok")
    second = do_approve_revision(revision, actor=bob, comment="ok again")
    assert first == second
    assert Review.objects.count() == 1
    assert reviewed_events().count() == 1


def test_approving_after_requesting_changes_counts(app, alice, bob, revision):
    from configs.actions import do_request_changes

    do_request_changes(revision, actor=bob, comment="Use port 8080.")
    assert status_of(revision).state == "changes_requested"
    do_approve_revision(revision, actor=bob, comment="Fine after all.")
    status = status_of(revision)
    assert (status.approved, status.state, status.changes_requested) == (True, "approved", [])


def test_an_overlong_comment_is_refused(app, alice, bob, revision):
    with pytest.raises(Exception) as refused:
        do_approve_revision(revision, actor=bob, comment="x" * 5001)
    assert refused.value.status == 400
    assert str(refused.value) == "The comment is 5,001 characters; the limit is 5,000."
