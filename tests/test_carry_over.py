"""Approvals carry over to a revision with no effective change, when the app allows it."""

import pytest

from configs.actions import do_approve_revision, do_waive_finding
from configs.approval import approved_revision
from configs.models import AuditEvent, Review, SecretStatus, Waiver
from tests.conftest import DOCKERIGNORE, FLY_TOML, add_revision
from tests.workflow_helpers import approver, confirm_secret, status_of

COMMENTED = "# TyneBase API\n" + FLY_TOML.replace("force_https = true", "force_https   =   true")


@pytest.fixture
def approved(app, alice, bob):
    app.carry_over_approvals = True
    app.save()
    revision = add_revision(app, alice)
    do_approve_revision(revision, actor=bob, comment="Good.")
    return revision


def test_approvals_carry_over_when_only_comments_and_formatting_change(app, alice, bob, approved):
    new = add_revision(app, alice, fly_toml=COMMENTED, message="Comment the config")
    [carried] = Review.objects.filter(revision=new)
    assert (carried.reviewer, carried.verdict, carried.comment) == (bob, "approve", "Good.")
    assert carried.sha256 == new.sha256
    assert carried.carried_over_from == Review.objects.get(revision=approved)
    assert status_of(new).approved
    assert approved_revision(app)[0] == new
    event = AuditEvent.objects.filter(kind=AuditEvent.Kind.REVIEWED, revision=new).get()
    assert event.actor is None
    assert event.data == {
        "number": 2,
        "verdict": "approve",
        "carried_over_from": 1,
        "approvers": ["bob"],
        "waivers": [],
        "secrets": [],
        "sha256": new.sha256,
    }


def test_nothing_carries_over_for_a_semantic_change(app, alice, approved):
    new = add_revision(app, alice, fly_toml=FLY_TOML.replace("8080", "3000"))
    assert not Review.objects.filter(revision=new).exists()
    assert status_of(new).state == "pending"


def test_nothing_carries_over_when_the_dockerignore_changes(app, alice, approved):
    new = add_revision(app, alice, fly_toml=COMMENTED, dockerignore=DOCKERIGNORE + "dist\n")
    assert not Review.objects.filter(revision=new).exists()


def test_dockerignore_comments_and_blank_lines_are_no_change(app, alice, approved):
    new = add_revision(
        app, alice, fly_toml=COMMENTED, dockerignore="# secrets\n" + DOCKERIGNORE + "\n\n"
    )
    assert Review.objects.filter(revision=new).count() == 1


def test_nothing_carries_over_unless_the_app_allows_it(app, alice, bob):
    revision = add_revision(app, alice)
    do_approve_revision(revision, actor=bob)
    new = add_revision(app, alice, fly_toml=COMMENTED)
    assert not Review.objects.filter(revision=new).exists()
    assert approved_revision(app)[0] == revision


def test_an_approval_never_carries_over_to_the_approvers_own_revision(app, alice, bob, approved):
    new = add_revision(app, bob, fly_toml=COMMENTED)
    assert not Review.objects.filter(revision=new).exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.REVIEWED, revision=new).exists()


def test_waivers_and_secret_confirmations_carry_over_with_the_approvals(app, alice, bob):
    app.carry_over_approvals = True
    app.required_secrets = ["DATABASE_URL"]
    app.save()
    from tests.workflow_helpers import PORT_ERROR, revision_with_findings

    first = revision_with_findings(app, alice, [PORT_ERROR])
    confirm_secret(first, "DATABASE_URL", alice)
    do_waive_finding(
        first, actor=bob, rule="POL404", path="http_service.internal_port", reason="Legacy port."
    )
    do_approve_revision(first, actor=bob)
    carol = approver(app, "carol")
    second = add_revision(app, carol, fly_toml=COMMENTED)
    assert Waiver.objects.get(revision=second).reason == "Legacy port."
    assert SecretStatus.objects.get(revision=second).confirmed_by == alice
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.REVIEWED, revision=second)
    assert (event.data["waivers"], event.data["secrets"]) == (
        ["POL404 http_service.internal_port"],
        ["DATABASE_URL"],
    )


def test_invalid_toml_never_carries_over(app, alice, approved):
    new = add_revision(app, alice, fly_toml="app = [unclosed\n")
    assert not Review.objects.filter(revision=new).exists()
