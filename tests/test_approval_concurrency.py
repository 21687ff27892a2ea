"""Approvals racing each other and racing a new revision end in one consistent state."""

import threading

import pytest
from django.db import connection

from configs.actions import NotLatest, do_approve_revision
from configs.approval import approved_revision
from configs.models import AuditEvent, Review, Revision
from tests.conftest import FLY_TOML, add_revision
from tests.workflow_helpers import approver, status_of

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(*functions):
    """Start every function at the same moment, each on its own thread and connection."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def run(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except Exception as error:  # the test inspects what happened
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_an_approval_racing_a_new_revision_never_approves_a_superseded_revision(app, alice, bob):
    for round_number in range(8):
        current = add_revision(app, alice, fly_toml=FLY_TOML + f"port_{round_number} = 1\n")
        approval, created = run_together(
            lambda current=current: do_approve_revision(current, actor=bob),
            lambda n=round_number: add_revision(app, alice, fly_toml=FLY_TOML + f"x_{n} = 1\n"),
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


def test_simultaneous_approvals_by_different_approvers_all_count_once(app, alice, revision):
    app.required_approvals = 6
    app.save()
    approvers = [approver(app, f"approver{n}") for n in range(6)]
    results = run_together(
        *[lambda user=user: do_approve_revision(revision, actor=user) for user in approvers]
    )
    assert all(isinstance(result, Review) for result in results), results
    assert Review.objects.filter(revision=revision).count() == 6
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.REVIEWED)
    assert sorted(event.data["approvals"] for event in events) == [1, 2, 3, 4, 5, 6]
    assert [event.data["approved"] for event in events.order_by("pk")] == [False] * 5 + [True]
    assert status_of(revision).approved


def test_the_same_approver_clicking_twice_at_once_is_one_approval(app, alice, bob, revision):
    results = run_together(*[lambda: do_approve_revision(revision, actor=bob)] * 4)
    assert all(isinstance(result, Review) for result in results), results
    assert Review.objects.count() == 1
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.REVIEWED).count() == 1
