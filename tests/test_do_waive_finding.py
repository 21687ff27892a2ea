import pytest

from configs.actions import (
    NotLatest,
    NotPermitted,
    WorkflowRefused,
    do_approve_revision,
    do_waive_finding,
)
from configs.models import AuditEvent, Waiver
from tests.conftest import add_revision
from tests.workflow_helpers import (
    DOCKERIGNORE_WARNING,
    INFO,
    PORT_ERROR,
    SECRET_ERROR,
    confirm_secret,
    revision_with_findings,
    status_of,
)


@pytest.fixture
def flagged(app, alice):
    revision = revision_with_findings(app, alice, [PORT_ERROR, DOCKERIGNORE_WARNING, INFO])
    return revision


def waive(revision, user, finding=PORT_ERROR, reason="Port 3000 is right for this app."):
    return do_waive_finding(
        revision, actor=user, rule=finding["rule"], path=finding["path"], reason=reason
    )


def test_an_approver_waives_an_error_with_a_reason(app, bob, flagged):
    waiver = waive(flagged, bob)
    assert (waiver.rule, waiver.path, waiver.waived_by) == (
        "POL404",
        "http_service.internal_port",
        bob,
    )
    assert waiver.reason == "Port 3000 is right for this app."
    status = status_of(flagged)
    assert status.unwaived_errors == []
    [waived] = [item for item in status.findings if item.waiver]
    assert waived.finding == PORT_ERROR
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.WAIVED)
    assert event.data == {
        "number": 1,
        "rule": "POL404",
        "path": "http_service.internal_port",
        "severity": "error",
        "reason": "Port 3000 is right for this app.",
    }


def test_a_waived_error_no_longer_blocks_approval(app, bob, flagged):
    waive(flagged, bob)
    do_approve_revision(flagged, actor=bob)
    assert status_of(flagged).approved


def test_a_warning_can_be_waived(app, bob, flagged):
    waive(flagged, bob, DOCKERIGNORE_WARNING, "We build from a clean checkout.")
    assert Waiver.objects.get().rule == "DI203"


def test_an_info_finding_cannot_be_waived(app, bob, flagged):
    with pytest.raises(WorkflowRefused) as refused:
        waive(flagged, bob, INFO)
    assert refused.value.status == 400
    assert str(refused.value) == (
        "Revision #1 has no error or warning SEC305 at env.STRIPE_API_KEY to waive."
    )


def test_the_reason_is_required(app, bob, flagged):
    with pytest.raises(WorkflowRefused) as refused:
        waive(flagged, bob, reason="  ")
    assert (refused.value.status, str(refused.value)) == (400, "Give a reason for waiving POL404.")
    assert not Waiver.objects.exists()


def test_the_author_cannot_waive(app, alice, bob):
    own = revision_with_findings(app, bob, [PORT_ERROR])
    with pytest.raises(NotPermitted, match="You wrote revision #1; someone else must waive"):
        waive(own, bob)


def test_only_approvers_can_waive(app, alice, vera, flagged):
    for user in (alice, vera):
        with pytest.raises(NotPermitted) as refused:
            waive(flagged, user)
        assert str(refused.value) == "Only approvers of tynebase-backend can waive its findings."


def test_only_on_the_latest_revision(app, alice, bob, flagged):
    add_revision(app, alice)
    with pytest.raises(NotLatest, match=r"Revision #1 is not the latest; #2 is\."):
        waive(flagged, bob)


def test_a_finding_that_does_not_exist(app, bob, flagged):
    with pytest.raises(WorkflowRefused, match=r"has no error or warning POL404 at env\.X"):
        do_waive_finding(flagged, actor=bob, rule="POL404", path="env.X", reason="x")


def test_waiving_twice_is_one_waiver_and_one_event(app, bob, flagged):
    first = waive(flagged, bob)
    second = waive(flagged, bob, reason="Another reason")
    assert first == second
    assert Waiver.objects.count() == 1
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.WAIVED).count() == 1


def test_waiving_a_secret_finding_still_needs_the_secret_confirmed(app, alice, bob):
    revision = revision_with_findings(app, alice, [SECRET_ERROR])
    waive(revision, bob, SECRET_ERROR, "Rotating it today; moving to secrets next revision.")
    status = status_of(revision)
    assert status.unmet == [
        "Required secret not confirmed as set in Fly: STRIPE_API_KEY (0 of 1 confirmed).",
        "Needs 1 more approval (0 of 1) from an approver other than alice.",
    ]
    confirm_secret(revision, "STRIPE_API_KEY", alice)
    do_approve_revision(revision, actor=bob)
    assert status_of(revision).approved
