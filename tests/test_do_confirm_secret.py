import pytest

from configs.actions import (
    SecretRefused,
    do_confirm_secret,
    do_match_fly_secrets,
    do_unconfirm_secret,
)
from configs.models import AuditEvent, SecretStatus
from configs.secrets import FlySecret
from tests.conftest import FLY_TOML, add_revision

DOCUMENTED = "# fly secrets set DATABASE_URL=... SENTRY_DSN=...\n" + FLY_TOML


def events(kind):
    return [e.data for e in AuditEvent.objects.filter(kind=kind).order_by("pk")]


def test_confirming_records_who_and_an_audit_event(app, alice, bob):
    revision = add_revision(app, alice, fly_toml=DOCUMENTED)
    status = do_confirm_secret(revision, "DATABASE_URL", actor=bob)
    assert (status.confirmed_by, status.source, status.digest) == (bob, "manual", "")
    do_confirm_secret(revision, "DATABASE_URL", actor=bob)  # no change, no event
    assert events(AuditEvent.Kind.SECRET_CONFIRMED) == [
        {"name": "DATABASE_URL", "source": "manual", "digest": ""}
    ]


def test_it_refuses_a_name_the_revision_does_not_need(app, alice):
    revision = add_revision(app, alice, fly_toml=DOCUMENTED)
    with pytest.raises(SecretRefused, match=r"Revision #1 does not require NOPE\."):
        do_confirm_secret(revision, "NOPE", actor=alice)
    assert not SecretStatus.objects.exists()


def test_withdrawing_removes_the_confirmation_once(app, alice):
    revision = add_revision(app, alice, fly_toml=DOCUMENTED)
    do_confirm_secret(revision, "SENTRY_DSN", actor=alice)
    do_unconfirm_secret(revision, "SENTRY_DSN", actor=alice)
    do_unconfirm_secret(revision, "SENTRY_DSN", actor=alice)
    assert not SecretStatus.objects.exists()
    assert events(AuditEvent.Kind.SECRET_WITHDRAWN) == [{"name": "SENTRY_DSN"}]


def test_matching_fly_secrets_confirms_present_names_with_their_digest(app, alice, bob):
    revision = add_revision(app, alice, fly_toml=DOCUMENTED)
    listed = [
        FlySecret("DATABASE_URL", "9f8e7d6c", "Deployed", None),
        FlySecret("UNUSED", "0000", "Staged", None),
    ]
    match = do_match_fly_secrets(revision, listed, actor=bob)
    assert [secret.name for secret, _ in match.present] == ["DATABASE_URL"]
    assert [secret.name for secret in match.missing] == ["SENTRY_DSN"]
    assert [secret.name for secret in match.extra] == ["UNUSED"]
    status = SecretStatus.objects.get()
    assert (status.name, status.digest, status.fly_status, status.source) == (
        "DATABASE_URL",
        "9f8e7d6c",
        "Deployed",
        "fly_secrets_list",
    )


def test_it_refuses_a_name_too_long_to_track(app, alice):
    name = "A" * 201
    revision = add_revision(app, alice, fly_toml=f"# fly secrets set {name}=...\n" + FLY_TOML)
    with pytest.raises(SecretRefused, match="is longer than 200 characters, too long to track"):
        do_confirm_secret(revision, name, actor=alice)
    assert not SecretStatus.objects.exists()
