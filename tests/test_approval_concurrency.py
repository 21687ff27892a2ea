"""Approvals racing each other and racing a new revision end in one consistent state.

Real threads, one database connection each; run on SQLite and on PostgreSQL
(DATABASE_URL=postgres://...) in CI.
"""

import pytest

from configs.actions import NotLatest, do_approve_revision
from configs.approval import approval_status, approved_revision
from configs.models import AuditEvent, Review, Revision, Verdict
from tests.conftest import FLY_TOML, add_revision
from tests.test_concurrency import run_at_once
from tests.workflow_helpers import approver, status_of

pytestmark = pytest.mark.django_db(transaction=True)

APPROVERS = 20


def reviewed_events(revision: Revision):
    return AuditEvent.objects.filter(kind=AuditEvent.Kind.REVIEWED, revision=revision)


@pytest.mark.parametrize("required", [3, APPROVERS])
def test_twenty_approvers_approving_at_once_each_count_once(app, alice, revision, required):
    app.required_approvals = required
    app.save()
    approvers = [approver(app, f"approver{n}") for n in range(APPROVERS)]

    results = run_at_once(APPROVERS, lambda n: do_approve_revision(revision, actor=approvers[n]))

    assert all(isinstance(result, Review) for result in results), results
    assert [result.reviewer for result in results] == approvers
    reviews = Review.objects.filter(revision=revision)
    assert reviews.count() == APPROVERS
    assert sorted(reviews.values_list("reviewer__username", flat=True)) == sorted(
        user.username for user in approvers
    )
    assert set(reviews.values_list("verdict", "sha256")) == {(Verdict.APPROVE, revision.sha256)}
    # One audit event per approval, each seeing the approvals before it: 1, 2, ... 20 in order.
    events = list(reviewed_events(revision).order_by("pk"))
    assert sorted(event.actor.username for event in events) == sorted(
        user.username for user in approvers
    )
    counts = list(range(1, APPROVERS + 1))
    assert [event.data["approvals"] for event in events] == counts
    assert [event.data["approved"] for event in events] == [n >= required for n in counts]
    assert {event.data["required"] for event in events} == {required}
    status = status_of(revision)
    assert (status.approved, len(status.approvals)) == (True, APPROVERS)
    assert approved_revision(app)[0] == revision


def test_twenty_approvers_each_clicking_twice_at_once_is_twenty_approvals(app, alice, revision):
    app.required_approvals = 3
    app.save()
    approvers = [approver(app, f"approver{n}") for n in range(APPROVERS)]

    results = run_at_once(
        2 * APPROVERS, lambda n: do_approve_revision(revision, actor=approvers[n % APPROVERS])
    )

    assert all(isinstance(result, Review) for result in results), results
    for n in range(APPROVERS):  # both clicks got the same approval
        assert results[n].pk == results[n + APPROVERS].pk
    assert Review.objects.filter(revision=revision).count() == APPROVERS
    events = reviewed_events(revision).order_by("pk")
    assert events.count() == APPROVERS  # the second click changed nothing: no event
    assert [event.data["approvals"] for event in events] == list(range(1, APPROVERS + 1))
    assert status_of(revision).approved


@pytest.mark.parametrize("round_number", range(4))
def test_twenty_approvals_racing_a_new_revision_never_approve_a_superseded_one(
    app, alice, round_number
):
    app.required_approvals = 3
    app.save()
    approvers = [approver(app, f"approver{n}") for n in range(APPROVERS)]
    current = add_revision(app, alice, fly_toml=FLY_TOML + f"# round {round_number}\n")

    def approve_or_save(n: int):
        if n == APPROVERS:  # one more thread: alice saves the next revision
            return add_revision(app, alice, fly_toml=FLY_TOML + "# next\n")
        return do_approve_revision(current, actor=approvers[n])

    results = run_at_once(APPROVERS + 1, approve_or_save)

    created = results[APPROVERS]
    assert isinstance(created, Revision), created
    approvals = [result for result in results[:APPROVERS] if isinstance(result, Review)]
    refused = [result for result in results[:APPROVERS] if isinstance(result, NotLatest)]
    assert len(approvals) + len(refused) == APPROVERS, results
    assert all(
        str(error) == f"Revision #{current.number} is not the latest; #{created.number} is."
        for error in refused
    )
    # Every approval landed while #current was the latest: before the new revision's event.
    saved = AuditEvent.objects.get(kind=AuditEvent.Kind.REVISION_CREATED, revision=created)
    events = list(reviewed_events(current).order_by("pk"))
    assert len(events) == len(approvals) == Review.objects.filter(revision=current).count()
    assert all(event.pk < saved.pk for event in events)
    assert [event.data["approvals"] for event in events] == list(range(1, len(approvals) + 1))
    # #current is approved for deploy exactly when three approvals landed before the save.
    was_approved = len(approvals) >= 3
    assert saved.data.get("parent_approved", False) is was_approved
    assert Revision.objects.get(pk=created.pk).parent_approved is was_approved
    old = approval_status(Revision.objects.get(pk=current.pk))
    assert (old.approved, old.ever_approved) == (False, was_approved)
    found = approved_revision(app)
    assert (found[0] if found else None) == (current if was_approved else None)
    # The new revision starts with nothing.
    assert not Review.objects.filter(revision=created).exists()
    assert status_of(created).state == "pending"


def test_an_approval_racing_a_new_revision_never_approves_a_superseded_revision(app, alice, bob):
    for round_number in range(8):
        current = add_revision(app, alice, fly_toml=FLY_TOML + f"port_{round_number} = 1\n")
        approval, created = run_at_once(
            2,
            lambda n, current=current, round_number=round_number: (
                do_approve_revision(current, actor=bob)
                if n == 0
                else add_revision(app, alice, fly_toml=FLY_TOML + f"x_{round_number} = 1\n")
            ),
        )
        assert isinstance(created, Revision), created
        approved = Review.objects.filter(revision=current).exists()
        sealed = AuditEvent.objects.get(
            kind=AuditEvent.Kind.REVISION_CREATED, revision=created
        ).data.get("parent_approved", False)
        if approved:
            # The approval landed first, while #current was the latest: it stays approved.
            assert isinstance(approval, Review)
            assert sealed is True
            assert approved_revision(app)[0] == current
        else:
            assert isinstance(approval, NotLatest), approval
            assert str(approval) == (
                f"Revision #{current.number} is not the latest; #{created.number} is."
            )
            assert sealed is False
        assert not Review.objects.filter(revision=created).exists()
        assert status_of(created).state == "pending"


def test_the_same_approver_clicking_twice_at_once_is_one_approval(app, alice, bob, revision):
    results = run_at_once(4, lambda n: do_approve_revision(revision, actor=bob))
    assert all(isinstance(result, Review) for result in results), results
    assert Review.objects.count() == 1
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REVIEWED).count() == 1
