"""The required-secrets checklist of a revision: what it needs, and what is known set in Fly."""

from dataclasses import dataclass

from configs.models import Revision, SecretStatus
from configs.rules import SECRET_RULE_IDS
from configs.secrets import RequiredSecret, SecretSource, required_secrets


def required_for(revision: Revision) -> list[RequiredSecret]:
    """From `fly secrets set` comments, [[files]], the app's policy and flagged hardcoded values."""
    flagged = [
        (finding["path"].rsplit(".", 1)[-1], finding["line"], finding["rule"])
        for finding in revision.findings
        if finding["rule"] in SECRET_RULE_IDS and finding["path"]
    ]
    return required_secrets(revision.fly_toml, revision.app.required_secrets, flagged)


@dataclass(frozen=True)
class ChecklistItem:
    """A secret the revision needs, and its confirmation as set in Fly, if any."""

    secret: RequiredSecret
    status: SecretStatus | None
    # The digest Fly reported at an earlier revision's confirmation, when it differs now.
    rotated_from: str = ""

    @property
    def name(self) -> str:
        return self.secret.name

    @property
    def sources(self) -> tuple[SecretSource, ...]:
        return self.secret.sources

    @property
    def confirmed(self) -> bool:
        return self.status is not None


@dataclass(frozen=True)
class Checklist:
    items: list[ChecklistItem]

    @property
    def confirmed(self) -> int:
        return sum(1 for item in self.items if item.confirmed)

    @property
    def complete(self) -> bool:
        return self.confirmed == len(self.items)

    @property
    def unconfirmed_names(self) -> list[str]:
        return [item.name for item in self.items if not item.confirmed]


def secrets_checklist(revision: Revision) -> Checklist:
    required = required_for(revision)
    names = [secret.name for secret in required]
    confirmed = revision.secret_statuses.filter(name__in=names).select_related("confirmed_by")
    statuses = {status.name: status for status in confirmed}
    earlier = _earlier_digests(revision, names)
    items = []
    for secret in required:
        status = statuses.get(secret.name)
        previous = earlier.get(secret.name, "")
        rotated = status is not None and status.digest and previous and previous != status.digest
        items.append(ChecklistItem(secret, status, previous if rotated else ""))
    return Checklist(items)


def _earlier_digests(revision: Revision, names: list[str]) -> dict[str, str]:
    """Each name's most recent digest confirmed on an earlier revision of the app."""
    digests: dict[str, str] = {}
    earlier = (
        SecretStatus.objects.filter(
            revision__app_id=revision.app_id, revision__number__lt=revision.number, name__in=names
        )
        .exclude(digest="")
        .order_by("name", "-revision__number")
        .values_list("name", "digest")
    )
    for name, digest in earlier:
        digests.setdefault(name, digest)
    return digests
