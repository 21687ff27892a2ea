import pytest

from configs.actions import (
    NotLatest,
    NotPermitted,
    WorkflowRefused,
    do_approve_revision,
    do_request_changes,
)
from configs.models import AuditEvent, Review, Verdict
from tests.conftest import FLY_TOML, add_revision
from tests.workflow_helpers import approver, status_of


def test_an_approver_requests_changes_with_a_comment(app, alice, bob, revision):
    review = do_request_changes(revision, actor=bob, comment="Pin the region to lhr.")
    assert (review.verdict, review.comment, review.sha256) == (
        Verdict.REQUEST_CHANGES,
        "Pin the region to lhr.",
        revision.sha256,
    )
    status = status_of(revision)
    assert (status.state, status.approved) == ("changes_requested", False)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.REVIEWED)
    assert event.data == {
        "number": 1,
        "verdict": "request_changes",
        "comment": "Pin the region to lhr.",
        "sha256": revision.sha256,
    }


def test_the_comment_is_required(app, alice, bob, revision):
    with pytest.raises(WorkflowRefused) as refused:
        do_request_changes(revision, actor=bob, comment="   ")
    assert refused.value.status == 400
    assert str(refused.value) == "Say what should change: the comment is empty."
    assert not Review.objects.exists()


def test_the_author_cannot_review_their_own_revision(app, bob):
    own = add_revision(app, bob)
    with pytest.raises(NotPermitted, match=r"You wrote revision #1; someone else must review it\."):
        do_request_changes(own, actor=bob, comment="hmm")


def test_only_approvers_can_request_changes(app, alice, vera, bob):
    revision = add_revision(app, bob)
    for user in (alice, vera):
        with pytest.raises(NotPermitted) as refused:
            do_request_changes(revision, actor=user, comment="no")
        assert refused.value.status == 403


def test_only_the_latest_revision(app, alice, bob, revision):
    add_revision(app, alice, fly_toml=FLY_TOML + "# two\n")
    with pytest.raises(NotLatest, match=r"^Revision #1 is not the latest; #2 is\.$"):
        do_request_changes(revision, actor=bob, comment="no")


def test_the_same_request_twice_is_one_event(app, alice, bob, revision):
    do_request_changes(revision, actor=bob, comment="Fix the port.")
    do_request_changes(revision, actor=bob, comment="Fix the port.")
    do_request_changes(revision, actor=bob, comment="Fix the port, and the region.")
    assert Review.objects.count() == 2
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REVIEWED).count() == 2


def test_requesting_changes_withdraws_the_reviewers_approval(app, alice, bob, revision):
    do_approve_revision(revision, actor=bob)
    assert status_of(revision).approved
    review = do_request_changes(revision, actor=bob, comment="Wait: the port is wrong.")
    status = status_of(revision)
    assert (status.approved, status.state) == (False, "changes_requested")
    assert status.approvals == []
    assert status.withdrawals == {review.pk}
    assert status.unmet == ["Needs 1 more approval (0 of 1) from an approver other than alice."]
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.REVIEWED).latest("pk")
    assert event.data == {
        "number": 1,
        "verdict": "request_changes",
        "comment": "Wait: the port is wrong.",
        "sha256": revision.sha256,
        "withdrew_approval": True,
        "approvals": 0,
    }


def test_the_reviewer_can_approve_again_after_withdrawing(app, alice, bob, revision):
    first = do_approve_revision(revision, actor=bob)
    do_request_changes(revision, actor=bob, comment="Wait.")
    again = do_approve_revision(revision, actor=bob, comment="Checked: fine.")
    assert again.pk != first.pk
    status = status_of(revision)
    assert (status.approved, status.state, status.changes_requested) == (True, "approved", [])
    assert status.approvals == [again]
    assert status.approved_at == again.created_at


def test_withdrawing_one_approval_leaves_the_others(app, alice, bob, revision):
    carol = approver(app, "carol")
    app.required_approvals = 2
    app.save(update_fields=["required_approvals"])
    do_approve_revision(revision, actor=bob)
    do_approve_revision(revision, actor=carol)
    assert status_of(revision).approved
    do_request_changes(revision, actor=carol, comment="Not yet.")
    status = status_of(revision)
    assert [review.reviewer for review in status.approvals] == [bob]
    assert status.approved is False


def test_a_request_for_changes_does_not_veto_another_approvers_approval(app, alice, bob, revision):
    carol = approver(app, "carol")
    do_request_changes(revision, actor=carol, comment="I would rather use ams.")
    do_approve_revision(revision, actor=bob)
    status = status_of(revision)
    assert (status.approved, status.state) == (True, "approved")
    assert [review.reviewer for review in status.changes_requested] == [carol]
