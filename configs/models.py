"""Preflight's domain: Fly apps under review, their immutable revisions and who did what."""

import hashlib

from django.conf import settings
from django.db import models
from django.urls import reverse


class Immutable(Exception):
    """Raised on any attempt to change or delete a record that is append-only."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise Immutable(f"{self.model.__name__} records cannot be changed once saved.")

    def delete(self):
        raise Immutable(f"{self.model.__name__} records cannot be deleted.")


class AppendOnlyModel(models.Model):
    """A row is written once; saving it again or deleting it raises Immutable."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Immutable(f"{type(self).__name__} {self.pk} cannot be changed once saved.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Immutable(f"{type(self).__name__} {self.pk} cannot be deleted.")


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    EDITOR = "editor", "Editor"
    APPROVER = "approver", "Approver"


# Each role can do everything the roles before it can.
ROLE_RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.APPROVER: 3}


class FlyApp(models.Model):
    slug = models.SlugField(max_length=63, unique=True)
    name = models.CharField(max_length=200)
    expected_app = models.CharField(
        max_length=63, blank=True, help_text="The `app` value fly.toml must carry."
    )
    required_approvals = models.PositiveSmallIntegerField(default=1)
    carry_over_approvals = models.BooleanField(
        default=False,
        help_text="Approvals carry over to a new revision with no effective (semantic) change.",
    )
    required_primary_region = models.CharField(max_length=8, blank=True)
    allowed_regions = models.JSONField(default=list, blank=True)
    required_processes = models.JSONField(default=list, blank=True)
    unexposed_processes = models.JSONField(default=list, blank=True)
    required_internal_port = models.PositiveIntegerField(null=True, blank=True)
    health_check_path = models.CharField(max_length=200, blank=True)
    required_secrets = models.JSONField(default=list, blank=True)
    disabled_rules = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug

    def get_absolute_url(self) -> str:
        return reverse("app-detail", args=[self.slug])


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    app = models.ForeignKey(FlyApp, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "app"], name="one_membership_per_user_app")
        ]

    def __str__(self) -> str:
        return f"{self.user} is {self.role} of {self.app}"

    def allows(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def content_sha256(text: str | None) -> str:
    return hashlib.sha256((text or "").encode()).hexdigest()


def revision_sha256(fly_toml: str, dockerignore: str | None) -> str:
    """One digest over both files; length prefixes keep (a, bc) apart from (ab, c)."""
    digest = hashlib.sha256()
    for name, text in (("fly.toml", fly_toml), (".dockerignore", dockerignore)):
        data = b"" if text is None else text.encode()
        marker = b"-" if text is None else str(len(data)).encode()
        digest.update(name.encode() + b"\0" + marker + b"\0" + data)
    return digest.hexdigest()


class Revision(AppendOnlyModel):
    app = models.ForeignKey(FlyApp, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    fly_toml = models.TextField()
    # None means the app has no .dockerignore at all, which differs from an empty one.
    dockerignore = models.TextField(null=True, blank=True)  # noqa: DJ001
    sha256 = models.CharField(max_length=64)
    fly_toml_sha256 = models.CharField(max_length=64, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="revisions"
    )
    message = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    findings = models.JSONField(default=list, blank=True)
    ruleset_version = models.CharField(max_length=32, blank=True)
    # Known when this revision is saved: its parent stays approved for deploy (approval.py).
    parent_approved = models.BooleanField(
        default=False, help_text="The parent was approved for deploy when this replaced it."
    )

    class Meta:
        ordering = ["app", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["app", "number"], name="revision_number_per_app")
        ]
        indexes = [
            models.Index(fields=["app", "-number"], name="revision_history"),
            # The newest sealed approval of an app, in one index step however long its history.
            models.Index(
                fields=["app", "-number"],
                condition=models.Q(parent_approved=True),
                name="revision_sealed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.app.slug}#{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("revision-detail", args=[self.app.slug, self.number])

    @property
    def error_count(self) -> int:
        return sum(1 for finding in self.findings if finding["severity"] == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for finding in self.findings if finding["severity"] == "warning")


class Verdict(models.TextChoices):
    APPROVE = "approve", "Approved"
    REQUEST_CHANGES = "request_changes", "Changes requested"


class Review(AppendOnlyModel):
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    verdict = models.CharField(max_length=16, choices=Verdict.choices)
    comment = models.TextField(blank=True)
    sha256 = models.CharField(max_length=64, help_text="The revision digest this review covers.")
    carried_over_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # A reviewer's latest review decides (see approval.py); the actions write reviews under
        # the app's row lock, so a double click still makes one approval.
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} by {self.reviewer} on {self.revision}"


class Waiver(AppendOnlyModel):
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="waivers")
    rule = models.CharField(max_length=16)
    path = models.CharField(max_length=300, blank=True)
    reason = models.TextField()
    waived_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["revision", "rule", "path"], name="one_waiver_per_finding"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} at {self.path or 'file'} waived on {self.revision}"


class SecretStatus(models.Model):
    """A required secret of a revision known to be set in Fly. Never holds a secret's value."""

    class Source(models.TextChoices):
        MANUAL = "manual", "Marked as set"
        FLY_SECRETS_LIST = "fly_secrets_list", "Matched from fly secrets list"

    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="secret_statuses")
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=20, choices=Source.choices)
    digest = models.CharField(max_length=128, blank=True)
    fly_status = models.CharField(max_length=40, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    confirmed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["revision", "name"], name="one_status_per_secret")
        ]

    def __str__(self) -> str:
        return f"{self.name} confirmed on {self.revision}"


class AuditEvent(AppendOnlyModel):
    class Kind(models.TextChoices):
        REVISION_CREATED = "revision_created", "Revision created"
        REVIEWED = "reviewed", "Reviewed"
        WAIVED = "waived", "Finding waived"
        SECRET_CONFIRMED = "secret_confirmed", "Secret confirmed"
        SECRET_WITHDRAWN = "secret_withdrawn", "Secret confirmation withdrawn"
        EXPORTED = "exported", "Exported"
        VERIFIED = "verified", "Verified"
        MEMBERSHIP_CHANGED = "membership_changed", "Membership changed"
        POLICY_CHANGED = "policy_changed", "Policy changed"
        APP_CREATED = "app_created", "App created"
        TOKEN_CREATED = "token_created", "API token created"
        TOKEN_REVOKED = "token_revoked", "API token revoked"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    app = models.ForeignKey(FlyApp, null=True, blank=True, on_delete=models.PROTECT)
    revision = models.ForeignKey(Revision, null=True, blank=True, on_delete=models.PROTECT)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["app", "-created_at"], name="audit_by_app"),
            # The newest event of an app versions its cached pages (configs/pagecache.py).
            models.Index(fields=["app", "-id"], name="audit_app_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.actor or 'system'}"


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class FailedLogin(models.Model):
    """One failed log-in, kept for a while to slow down password guessing."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} from {self.ip} at {self.created_at:%Y-%m-%d %H:%M}"
