"""Every state change in Preflight: one transaction, the row locked, an audit event written.

Views, management commands and the API call these functions; nothing else mutates state.
"""

import hashlib
import secrets as token_secrets

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone

from configs.access import role_for
from configs.approval import WAIVABLE_SEVERITIES, approval_status, latest_review
from configs.checklist import required_for
from configs.diffing import ConfigUnparseable, semantic_diff
from configs.models import (
    ROLE_RANK,
    ApiToken,
    AuditEvent,
    FlyApp,
    Membership,
    Review,
    Revision,
    Role,
    SecretStatus,
    Verdict,
    Waiver,
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
    """Write an audit event. An app's events are written under its row lock, so their ids grow
    in commit order and the newest one versions the app's state (see configs/pagecache.py)."""
    with transaction.atomic(savepoint=False):
        # SQLite runs one writer at a time already; other databases need the lock.
        if app is not None and connection.features.has_select_for_update:
            FlyApp.objects.select_for_update().filter(pk=app.pk).values_list("pk").first()
        return AuditEvent.objects.create(
            kind=kind, actor=actor, app=app, revision=revision, data=data
        )


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
    # Approved at the moment it stops being the latest: it stays approved for deploy.
    parent_approved = (
        latest is not None and approval_status(latest, latest_number=latest.number).approved
    )
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
        parent_approved=parent_approved,
    )
    record(
        AuditEvent.Kind.REVISION_CREATED,
        actor=author,
        app=app,
        revision=revision,
        number=revision.number,
        sha256=revision.sha256,
        **({"parent_approved": True} if parent_approved else {}),
    )
    if latest is not None and app.carry_over_approvals:
        _carry_over_approvals(app, latest, revision)
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


# ---------------------------------------------------------------------------------------------
# Reviews, waivers and carry-over. Every rule is enforced here, not only hidden in the UI.


class WorkflowRefused(Exception):
    """A review or waiver the rules do not allow; `status` is the HTTP status to answer."""

    status = 400

    def __init__(self, message: str, *, status: int | None = None):
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class NotPermitted(WorkflowRefused):
    status = 403


class NotLatest(WorkflowRefused):
    status = 409

    def __init__(self, revision: Revision, latest: Revision):
        super().__init__(f"Revision #{revision.number} is not the latest; #{latest.number} is.")
        self.latest = latest


class Blocked(WorkflowRefused):
    status = 409

    def __init__(self, revision: Revision, blockers: list[str]):
        super().__init__(
            f"Revision #{revision.number} cannot be approved yet: " + " ".join(blockers)
        )
        self.blockers = blockers


MAX_COMMENT_CHARS = 5000


def _locked_app(revision: Revision) -> FlyApp:
    return FlyApp.objects.select_for_update().get(pk=revision.app_id)


def _require_reviewer(app: FlyApp, revision: Revision, actor: User, doing: str) -> None:
    role = role_for(actor, app)
    if role is None or ROLE_RANK[role] < ROLE_RANK[Role.APPROVER]:
        raise NotPermitted(f"Only approvers of {app.slug} can {doing}.")
    if revision.author_id == actor.pk:
        raise NotPermitted(f"You wrote revision #{revision.number}; someone else must {doing}.")


def _require_latest(app: FlyApp, revision: Revision) -> Revision:
    latest = latest_revision(app)
    if latest.pk != revision.pk:
        raise NotLatest(revision, latest)
    return latest


def _clean_comment(comment: str, *, required: str = "") -> str:
    comment = (comment or "").strip()
    if required and not comment:
        raise WorkflowRefused(required)
    if len(comment) > MAX_COMMENT_CHARS:
        raise WorkflowRefused(
            f"The comment is {len(comment):,} characters; the limit is {MAX_COMMENT_CHARS:,}."
        )
    return comment


@transaction.atomic
def do_approve_revision(revision: Revision, *, actor: User, comment: str = "") -> Review:
    """Approve the app's latest revision; approving again changes nothing."""
    app = _locked_app(revision)
    _require_reviewer(app, revision, actor, "approve it")
    latest = _require_latest(app, revision)
    comment = _clean_comment(comment)
    previous = latest_review(revision, actor)
    if previous is not None and previous.verdict == Verdict.APPROVE:
        return previous
    status = approval_status(latest, latest_number=latest.number)
    if status.blockers:
        raise Blocked(revision, status.blockers)
    review = Review.objects.create(
        revision=revision,
        reviewer=actor,
        verdict=Verdict.APPROVE,
        comment=comment,
        sha256=revision.sha256,
    )
    after = approval_status(latest, latest_number=latest.number)
    record(
        AuditEvent.Kind.REVIEWED,
        actor=actor,
        app=app,
        revision=revision,
        number=revision.number,
        verdict=Verdict.APPROVE,
        comment=comment,
        sha256=revision.sha256,
        approvals=len(after.approvals),
        required=after.required_approvals,
        approved=after.approved,
    )
    return review


@transaction.atomic
def do_request_changes(revision: Revision, *, actor: User, comment: str) -> Review:
    """Ask for changes on the latest revision; the comment says what should change. An
    approver who approved it withdraws their approval this way, before anyone deploys it."""
    app = _locked_app(revision)
    _require_reviewer(app, revision, actor, "review it")
    latest = _require_latest(app, revision)
    comment = _clean_comment(comment, required="Say what should change: the comment is empty.")
    previous = latest_review(revision, actor)
    if previous is not None and (previous.verdict, previous.comment) == (
        Verdict.REQUEST_CHANGES,
        comment,
    ):
        return previous
    withdrawn = previous is not None and previous.verdict == Verdict.APPROVE
    review = Review.objects.create(
        revision=revision,
        reviewer=actor,
        verdict=Verdict.REQUEST_CHANGES,
        comment=comment,
        sha256=revision.sha256,
    )
    after = approval_status(latest, latest_number=latest.number)
    record(
        AuditEvent.Kind.REVIEWED,
        actor=actor,
        app=app,
        revision=revision,
        number=revision.number,
        verdict=Verdict.REQUEST_CHANGES,
        comment=comment,
        sha256=revision.sha256,
        **({"withdrew_approval": True, "approvals": len(after.approvals)} if withdrawn else {}),
    )
    return review


@transaction.atomic
def do_waive_finding(
    revision: Revision, *, actor: User, rule: str, path: str, reason: str
) -> Waiver:
    """Accept one error or warning (rule + key path) on the latest revision, with a reason."""
    app = _locked_app(revision)
    _require_reviewer(app, revision, actor, "waive its findings")
    _require_latest(app, revision)
    path = path or ""
    matching = [
        finding
        for finding in revision.findings
        if finding["rule"] == rule
        and (finding.get("path") or "") == path
        and finding["severity"] in WAIVABLE_SEVERITIES
    ]
    if not matching:
        where = f" at {path}" if path else ""
        raise WorkflowRefused(
            f"Revision #{revision.number} has no error or warning {rule}{where} to waive."
        )
    reason = _clean_comment(reason, required=f"Give a reason for waiving {rule}.")
    existing = Waiver.objects.filter(revision=revision, rule=rule, path=path).first()
    if existing is not None:
        return existing
    waiver = Waiver.objects.create(
        revision=revision, rule=rule, path=path, reason=reason, waived_by=actor
    )
    record(
        AuditEvent.Kind.WAIVED,
        actor=actor,
        app=app,
        revision=revision,
        number=revision.number,
        rule=rule,
        path=path,
        severity=matching[0]["severity"],
        reason=reason,
    )
    return waiver


def _has_no_effective_change(parent: Revision, revision: Revision) -> bool:
    """Only comments, whitespace or order changed, in both files."""
    if _ignore_patterns(parent.dockerignore) != _ignore_patterns(revision.dockerignore):
        return False
    try:
        return not semantic_diff(parent.fly_toml, revision.fly_toml)
    except ConfigUnparseable:
        return False


def _ignore_patterns(text: str | None) -> list[str]:
    lines = (line.strip() for line in (text or "").removeprefix("\ufeff").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _carry_over_approvals(app: FlyApp, parent: Revision, revision: Revision) -> None:
    """Copy the parent's approvals (and waivers and secret confirmations) to a revision that
    changes nothing effective. Never the new author's own: that would be self-approval."""
    if not _has_no_effective_change(parent, revision):
        return
    status = approval_status(parent, latest_number=parent.number)
    carried = [
        Review.objects.create(
            revision=revision,
            reviewer=review.reviewer,
            verdict=Verdict.APPROVE,
            comment=review.comment,
            sha256=revision.sha256,
            carried_over_from=review,
        )
        for review in status.approvals
        if review.reviewer_id != revision.author_id
    ]
    if not carried:
        return
    waivers = [
        Waiver.objects.create(
            revision=revision,
            rule=waiver.rule,
            path=waiver.path,
            reason=waiver.reason,
            waived_by=waiver.waived_by,
        )
        for waiver in parent.waivers.select_related("waived_by")
        if waiver.waived_by_id != revision.author_id
    ]
    secrets = [
        SecretStatus.objects.create(
            revision=revision,
            name=secret.name,
            source=secret.source,
            digest=secret.digest,
            fly_status=secret.fly_status,
            confirmed_by=secret.confirmed_by,
            confirmed_at=secret.confirmed_at,
        )
        for secret in parent.secret_statuses.select_related("confirmed_by")
    ]
    record(
        AuditEvent.Kind.REVIEWED,
        actor=None,
        app=app,
        revision=revision,
        number=revision.number,
        verdict=Verdict.APPROVE,
        carried_over_from=parent.number,
        approvers=[review.reviewer.username for review in carried],
        waivers=[f"{waiver.rule} {waiver.path}".strip() for waiver in waivers],
        secrets=[status.name for status in secrets],
        sha256=revision.sha256,
    )


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


class SecretRefused(Exception):
    """A confirmation Preflight cannot record: a name the revision does not need, or too long."""


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
    limit = SecretStatus._meta.get_field("name").max_length
    if len(name) > limit:
        raise SecretRefused(f"{name[:40]}… is longer than {limit} characters, too long to track.")
    if name not in {secret.name for secret in required_for(revision)}:
        raise SecretRefused(f"Revision #{revision.number} does not require {name}.")
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


def do_record_export(exported, *, actor: User | None, via: str) -> AuditEvent:
    """An approved file left Preflight (page, API or command): who took which bytes."""
    return record(
        AuditEvent.Kind.EXPORTED,
        actor=actor,
        app=exported.app,
        revision=exported.revision,
        number=exported.revision.number,
        file=exported.download_name,
        sha256=exported.sha256,
        stamped=exported.stamped,
        via=via,
    )


def do_record_verification(
    app: FlyApp, *, actor: User, revision: Revision | None, **outcome
) -> AuditEvent:
    """CI compared bytes (verify) or the live config (drift) with the approved revision."""
    return record(AuditEvent.Kind.VERIFIED, actor=actor, app=app, revision=revision, **outcome)
