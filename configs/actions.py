"""Every state change in Preflight: one transaction, the row locked, an audit event written.

Views, management commands and the API call these functions; nothing else mutates state.
"""

import hashlib
import secrets as token_secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from configs.checklist import required_for
from configs.models import (
    ApiToken,
    AuditEvent,
    FlyApp,
    Membership,
    Revision,
    SecretStatus,
    content_sha256,
    revision_sha256,
)
from configs.secrets import FlySecret, SecretsMatch, match_secrets
from configs.validation import check_config


class RevisionConflict(Exception):
    """The revision was edited from one that is no longer the app's latest."""

    def __init__(self, latest: Revision | None, base_number: int | None):
        self.latest = latest
        self.base_number = base_number
        latest_label = f"#{latest.number}" if latest else "none"
        base_label = f"#{base_number}" if base_number else "an empty app"
        super().__init__(
            f"This edit started from {base_label}, but the latest revision is now {latest_label}."
        )


def record(kind: str, *, actor: User | None, app=None, revision=None, **data) -> AuditEvent:
    return AuditEvent.objects.create(kind=kind, actor=actor, app=app, revision=revision, data=data)


def latest_revision(app: FlyApp) -> Revision | None:
    return app.revisions.order_by("-number").first()


@transaction.atomic
def do_create_app(slug: str, *, name: str = "", actor: User | None = None) -> FlyApp:
    app, created = FlyApp.objects.get_or_create(
        slug=slug, defaults={"name": name or slug, "expected_app": slug}
    )
    if created:
        record(AuditEvent.Kind.APP_CREATED, actor=actor, app=app, slug=slug)
    return app


@transaction.atomic
def do_set_membership(app: FlyApp, user: User, role: str, *, actor: User | None) -> Membership:
    membership = Membership.objects.select_for_update().filter(app=app, user=user).first()
    previous = membership.role if membership else None
    if membership is None:
        membership = Membership.objects.create(app=app, user=user, role=role)
    elif membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    else:
        return membership
    record(
        AuditEvent.Kind.MEMBERSHIP_CHANGED,
        actor=actor,
        app=app,
        user=user.username,
        old_role=previous,
        new_role=role,
    )
    return membership


@transaction.atomic
def do_remove_membership(app: FlyApp, user: User, *, actor: User | None) -> None:
    membership = Membership.objects.select_for_update().filter(app=app, user=user).first()
    if membership is None:
        return
    membership.delete()
    record(
        AuditEvent.Kind.MEMBERSHIP_CHANGED,
        actor=actor,
        app=app,
        user=user.username,
        old_role=membership.role,
        new_role=None,
    )


@transaction.atomic
def do_create_revision(
    app: FlyApp,
    *,
    author: User,
    fly_toml: str,
    dockerignore: str | None,
    message: str,
    base_number: int | None,
) -> Revision:
    """Store a new immutable revision on top of `base_number`, which must be the latest."""
    app = FlyApp.objects.select_for_update().get(pk=app.pk)
    latest = latest_revision(app)
    if (latest.number if latest else None) != base_number:
        raise RevisionConflict(latest, base_number)
    findings, ruleset_version = check_config(app, fly_toml, dockerignore)
    revision = Revision.objects.create(
        app=app,
        number=(latest.number + 1) if latest else 1,
        parent=latest,
        fly_toml=fly_toml,
        dockerignore=dockerignore,
        sha256=revision_sha256(fly_toml, dockerignore),
        fly_toml_sha256=content_sha256(fly_toml),
        author=author,
        message=message,
        findings=findings,
        ruleset_version=ruleset_version,
    )
    record(
        AuditEvent.Kind.REVISION_CREATED,
        actor=author,
        app=app,
        revision=revision,
        number=revision.number,
        sha256=revision.sha256,
    )
    return revision


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def do_create_api_token(user: User, *, name: str, actor: User | None) -> tuple[ApiToken, str]:
    """Returns the token record and the secret, which is shown once and never stored."""
    secret = "pf_" + token_secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, token_hash=hash_token(secret), prefix=secret[:10]
    )
    record(AuditEvent.Kind.TOKEN_CREATED, actor=actor, user=user.username, token=token.prefix)
    return token, secret


@transaction.atomic
def do_revoke_api_token(token: ApiToken, *, actor: User) -> None:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(AuditEvent.Kind.TOKEN_REVOKED, actor=actor, user=token.user.username, token=token.prefix)


@transaction.atomic
def do_update_policy(app: FlyApp, *, actor: User, values: dict) -> FlyApp:
    """Apply policy `values` (field -> value); the audit event keeps old and new values."""
    app = FlyApp.objects.select_for_update().get(pk=app.pk)
    changes = {
        field: {"old": getattr(app, field), "new": value}
        for field, value in values.items()
        if getattr(app, field) != value
    }
    if not changes:
        return app
    for field, change in changes.items():
        setattr(app, field, change["new"])
    app.save(update_fields=list(changes))
    record(AuditEvent.Kind.POLICY_CHANGED, actor=actor, app=app, changes=changes)
    return app


class SecretNotRequired(Exception):
    """A confirmation for a name the revision does not need."""


@transaction.atomic
def do_confirm_secret(
    revision: Revision,
    name: str,
    *,
    actor: User,
    source: str = SecretStatus.Source.MANUAL,
    digest: str = "",
    fly_status: str = "",
) -> SecretStatus:
    """Record that secret `name` is set in Fly for this revision. Never takes a value."""
    FlyApp.objects.select_for_update().get(pk=revision.app_id)
    if name not in {secret.name for secret in required_for(revision)}:
        raise SecretNotRequired(f"Revision #{revision.number} does not require {name}.")
    status = SecretStatus.objects.filter(revision=revision, name=name).first()
    if status and (status.digest, status.fly_status, status.source) == (digest, fly_status, source):
        return status
    values = {
        "source": source,
        "digest": digest,
        "fly_status": fly_status,
        "confirmed_by": actor,
        "confirmed_at": timezone.now(),
    }
    status, _ = SecretStatus.objects.update_or_create(revision=revision, name=name, defaults=values)
    record(
        AuditEvent.Kind.SECRET_CONFIRMED,
        actor=actor,
        app=revision.app,
        revision=revision,
        name=name,
        source=source,
        digest=digest,
    )
    return status


@transaction.atomic
def do_unconfirm_secret(revision: Revision, name: str, *, actor: User) -> None:
    FlyApp.objects.select_for_update().get(pk=revision.app_id)
    deleted, _ = SecretStatus.objects.filter(revision=revision, name=name).delete()
    if deleted:
        record(
            AuditEvent.Kind.SECRET_WITHDRAWN,
            actor=actor,
            app=revision.app,
            revision=revision,
            name=name,
        )


def do_match_fly_secrets(
    revision: Revision, listed: list[FlySecret], *, actor: User
) -> SecretsMatch:
    """Confirm every required secret that `fly secrets list --json` shows, all or nothing."""
    match = match_secrets(required_for(revision), listed)
    with transaction.atomic():
        for secret, fly_secret in match.present:
            do_confirm_secret(
                revision,
                secret.name,
                actor=actor,
                source=SecretStatus.Source.FLY_SECRETS_LIST,
                digest=fly_secret.digest,
                fly_status=fly_secret.status or "",
            )
    return match
