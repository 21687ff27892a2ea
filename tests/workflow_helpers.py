"""Helpers for the approval workflow tests: revisions with given findings, secrets, approvers."""

from django.contrib.auth.models import User
from django.utils import timezone

from configs.actions import do_set_membership
from configs.models import (
    FlyApp,
    Revision,
    Role,
    SecretStatus,
    content_sha256,
    revision_sha256,
)
from tests.conftest import DOCKERIGNORE, FLY_TOML, make_user

SECRET_ERROR = {
    "rule": "SEC301",
    "severity": "error",
    "message": "env.STRIPE_API_KEY looks like a Stripe Access Key: sk_l…(33 chars)",
    "hint": "Run `fly secrets set STRIPE_API_KEY=...` and remove STRIPE_API_KEY from fly.toml.",
    "file": "fly.toml",
    "line": 13,
    "path": "env.STRIPE_API_KEY",
}
PORT_ERROR = {
    "rule": "POL404",
    "severity": "error",
    "message": "internal_port is 3000; this app's policy requires 8080",
    "hint": "Set internal_port = 8080.",
    "file": "fly.toml",
    "line": 8,
    "path": "http_service.internal_port",
}
DOCKERIGNORE_WARNING = {
    "rule": "DI203",
    "severity": "warning",
    "message": ".env is sent to the builder: no pattern excludes it",
    "hint": "Add `.env` and `.env.*` to .dockerignore.",
    "file": ".dockerignore",
    "line": 1,
    "path": ".env",
}
INFO = {
    "rule": "SEC305",
    "severity": "info",
    "message": "env.STRIPE_API_KEY suggests secrets, but none are documented",
    "hint": "List each secret the app needs as a `# fly secrets set NAME=...` comment.",
    "file": "fly.toml",
    "line": 13,
    "path": "env.STRIPE_API_KEY",
}


def revision_with_findings(
    app: FlyApp,
    author: User,
    findings: list[dict],
    *,
    fly_toml: str = FLY_TOML,
    dockerignore: str | None = DOCKERIGNORE,
    message: str = "A change",
) -> Revision:
    """A revision whose stored findings are exactly `findings`, as the rule engine stores them."""
    latest = app.revisions.order_by("-number").first()
    return Revision.objects.create(
        app=app,
        number=latest.number + 1 if latest else 1,
        parent=latest,
        fly_toml=fly_toml,
        dockerignore=dockerignore,
        sha256=revision_sha256(fly_toml, dockerignore),
        fly_toml_sha256=content_sha256(fly_toml),
        author=author,
        message=message,
        findings=findings,
    )


def approver(app: FlyApp, username: str) -> User:
    user = make_user(username)
    do_set_membership(app, user, Role.APPROVER, actor=None)
    return user


def confirm_secret(revision: Revision, name: str, user: User) -> SecretStatus:
    return SecretStatus.objects.create(
        revision=revision,
        name=name,
        source=SecretStatus.Source.MANUAL,
        confirmed_by=user,
        confirmed_at=timezone.now(),
    )


def status_of(revision: Revision):
    """The approval status as a fresh request would see it (policy reloaded)."""
    from configs.approval import approval_status

    return approval_status(Revision.objects.select_related("app", "author").get(pk=revision.pk))
