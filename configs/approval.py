"""Whether a revision is approved for deploy, and exactly which condition is still unmet.

A revision is approved for deploy while it is the app's latest revision and
1. it has the app's required number of approvals, bound to its sha256, from distinct approvers
   other than its author (an approver who requests changes afterwards withdraws theirs);
2. every error finding is waived (rule + key path);
3. every required secret is confirmed as set in Fly.

A revision that was approved at the moment a newer revision replaced it stays approved for
deploy (see `do_create_revision`, which records that moment on the new revision as
`parent_approved`, and in its `revision_created` audit event). So the app's approved revision is the
latest one when it is approved, else the newest revision that was approved when it was
superseded: proposing #5 never takes the approved bytes of #4 away from CI, and nothing that
happens later (a policy change, a confirmation on an old revision) can approve old bytes
retroactively.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from configs.checklist import ChecklistItem, required_for
from configs.models import (
    FlyApp,
    Review,
    Revision,
    Verdict,
    Waiver,
)

APPROVED = "approved"
PENDING = "pending"
CHANGES_REQUESTED = "changes_requested"
SUPERSEDED = "superseded"
STATE_LABELS = {
    APPROVED: "approved",
    PENDING: "pending",
    CHANGES_REQUESTED: "changes requested",
    SUPERSEDED: "superseded",
}
STATE_BADGES = {
    APPROVED: "badge-ok",
    PENDING: "badge-info",
    CHANGES_REQUESTED: "badge-warning",
    SUPERSEDED: "",
}
WAIVABLE_SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Condition:
    key: str  # "latest" | "errors" | "secrets" | "approvals"
    met: bool
    text: str


@dataclass(frozen=True)
class FindingReview:
    """A finding as the reviewer sees it: with its waiver, when there is one."""

    finding: dict
    waiver: Waiver | None

    @property
    def waivable(self) -> bool:
        return self.finding["severity"] in WAIVABLE_SEVERITIES

    @property
    def path(self) -> str:
        return self.finding.get("path") or ""


@dataclass(frozen=True)
class WaivableFinding:
    """The errors and warnings one waiver covers: same rule, same key path."""

    finding: dict  # the worst of them, first by line
    messages: tuple[str, ...]
    waiver: Waiver | None

    @property
    def path(self) -> str:
        return self.finding.get("path") or ""


@dataclass
class ApprovalStatus:
    revision: Revision
    latest_number: int
    required_approvals: int
    reviews: list[Review]
    approvals: list[Review]
    changes_requested: list[Review]
    withdrawals: set[int]  # pks of the change requests that withdrew an approval
    findings: list[FindingReview]
    secrets: list[ChecklistItem]  # without rotation, which only the checklist shows
    conditions: list[Condition]
    # Approved when a newer revision replaced it (only meaningful for a superseded revision).
    approved_when_superseded: bool = False
    superseded_by: int | None = field(default=None)

    @property
    def is_latest(self) -> bool:
        return self.revision.number == self.latest_number

    @property
    def approved(self) -> bool:
        """Approved for deploy right now, as the latest revision."""
        return all(condition.met for condition in self.conditions)

    @property
    def unmet(self) -> list[str]:
        return [condition.text for condition in self.conditions if not condition.met]

    @property
    def blockers(self) -> list[str]:
        """What stops an approval from being recorded (the approval count aside)."""
        return [c.text for c in self.conditions if not c.met and c.key != "approvals"]

    @property
    def ever_approved(self) -> bool:
        return self.approved or self.approved_when_superseded

    @property
    def state(self) -> str:
        if self.ever_approved:
            return APPROVED
        if not self.is_latest:
            return SUPERSEDED
        if self.changes_requested:
            return CHANGES_REQUESTED
        return PENDING

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def state_badge(self) -> str:
        return STATE_BADGES[self.state]

    @property
    def approvers(self) -> list[str]:
        return [review.reviewer.username for review in self.approvals]

    @property
    def approved_at(self) -> datetime | None:
        """When the last counted approval landed."""
        if not self.ever_approved or not self.approvals:
            return None
        return max(review.created_at for review in self.approvals)

    @property
    def unwaived_errors(self) -> list[dict]:
        return [
            item.finding
            for item in self.findings
            if item.finding["severity"] == "error" and item.waiver is None
        ]

    @property
    def waivable(self) -> list[WaivableFinding]:
        groups: dict[tuple[str, str], list[FindingReview]] = {}
        for item in self.findings:
            if item.waivable:
                groups.setdefault((item.finding["rule"], item.path), []).append(item)
        return [
            WaivableFinding(
                min(
                    (item.finding for item in items),
                    key=lambda f: (f["severity"] != "error", f.get("line") or 0),
                ),
                tuple(dict.fromkeys(item.finding["message"] for item in items)),
                items[0].waiver,
            )
            for items in groups.values()
        ]

    @property
    def confirmed_secret_count(self) -> int:
        return sum(1 for secret in self.secrets if secret.confirmed)


def _latest_number(app: FlyApp) -> int:
    return app.revisions.order_by("-number").values_list("number", flat=True).first() or 0


def approval_status(revision: Revision, *, latest_number: int | None = None) -> ApprovalStatus:
    """Every approval condition of `revision`, evaluated now. A handful of queries."""
    app = revision.app
    if latest_number is None:
        latest_number = _latest_number(app)
    reviews = list(revision.reviews.select_related("reviewer", "carried_over_from__revision"))
    approvals = _counted_approvals(revision, reviews)
    waivers = {(w.rule, w.path): w for w in revision.waivers.select_related("waived_by")}
    findings = [
        FindingReview(finding, waivers.get((finding["rule"], finding.get("path") or "")))
        for finding in revision.findings
    ]
    statuses = {s.name: s for s in revision.secret_statuses.select_related("confirmed_by")}
    secrets = [
        ChecklistItem(required, statuses.get(required.name)) for required in required_for(revision)
    ]
    status = ApprovalStatus(
        revision=revision,
        latest_number=latest_number,
        required_approvals=app.required_approvals,
        reviews=reviews,
        approvals=approvals,
        changes_requested=_open_change_requests(reviews),
        withdrawals=_withdrawals(reviews),
        findings=findings,
        secrets=secrets,
        conditions=[],
    )
    status.conditions = _conditions(status)
    if not status.is_latest:
        status.superseded_by = revision.number + 1
        status.approved_when_superseded = was_approved_when_superseded(revision)
    return status


def _counted_approvals(revision: Revision, reviews: Iterable[Review]) -> list[Review]:
    """One approval per approver, bound to these bytes, never the author's own; an approver's
    later request for changes withdraws their approval (reviews come oldest first)."""
    counted: dict[int, Review] = {}
    for review in reviews:
        if review.verdict == Verdict.REQUEST_CHANGES:
            counted.pop(review.reviewer_id, None)
        elif review.sha256 == revision.sha256 and review.reviewer_id != revision.author_id:
            counted.setdefault(review.reviewer_id, review)
    return list(counted.values())


def latest_review(revision: Revision, reviewer) -> Review | None:
    """The reviewer's latest review of the revision: the one that decides their verdict."""
    return Review.objects.filter(revision=revision, reviewer=reviewer).last()


def _withdrawals(reviews: Iterable[Review]) -> set[int]:
    """The requests for changes that withdrew the same reviewer's approval."""
    approving: set[int] = set()
    withdrawing = set()
    for review in reviews:
        if review.verdict == Verdict.APPROVE:
            approving.add(review.reviewer_id)
        elif review.reviewer_id in approving:
            approving.discard(review.reviewer_id)
            withdrawing.add(review.pk)
    return withdrawing


def _open_change_requests(reviews: list[Review]) -> list[Review]:
    """Each reviewer's latest review, where it is a request for changes."""
    latest: dict[int, Review] = {}
    for review in reviews:
        latest[review.reviewer_id] = review
    return [review for review in latest.values() if review.verdict == Verdict.REQUEST_CHANGES]


def _conditions(status: ApprovalStatus) -> list[Condition]:
    revision = status.revision
    conditions = []
    if status.is_latest:
        conditions.append(Condition("latest", True, f"#{revision.number} is the latest revision."))
    else:
        conditions.append(Condition("latest", False, not_latest_message(revision.number, status)))
    errors = status.unwaived_errors
    if errors:
        for finding in errors:
            where = f" at {finding['path']}" if finding.get("path") else ""
            line = f" (line {finding['line']})" if finding.get("line") else ""
            conditions.append(
                Condition(
                    "errors",
                    False,
                    f"Error {finding['rule']}{where}{line} is not waived: {finding['message']}",
                )
            )
    else:
        conditions.append(Condition("errors", True, "No unwaived errors."))
    missing = [secret.name for secret in status.secrets if not secret.confirmed]
    total = len(status.secrets)
    if missing:
        conditions.append(
            Condition(
                "secrets",
                False,
                f"Required secret{'s' if len(missing) > 1 else ''} not confirmed as set in Fly: "
                f"{', '.join(missing)} ({total - len(missing)} of {total} confirmed).",
            )
        )
    else:
        text = {0: "No required secrets.", 1: "The required secret is confirmed."}.get(
            total, f"All {total} required secrets confirmed."
        )
        conditions.append(Condition("secrets", True, text))
    have, need = len(status.approvals), status.required_approvals
    if have >= need:
        conditions.append(Condition("approvals", True, f"{have} of {need} approvals."))
    else:
        more = need - have
        conditions.append(
            Condition(
                "approvals",
                False,
                f"Needs {more} more approval{'s' if more > 1 else ''} ({have} of {need}) from an "
                f"approver other than {revision.author.username}.",
            )
        )
    return conditions


def not_latest_message(number: int, status_or_latest) -> str:
    latest = getattr(status_or_latest, "latest_number", status_or_latest)
    return f"Revision #{number} is not the latest; #{latest} is."


def was_approved_when_superseded(revision: Revision) -> bool:
    return Revision.objects.filter(parent=revision, parent_approved=True).exists()


@dataclass(frozen=True)
class DeploySummary:
    """An app's deploy state: its latest revision and the revision approved for deploy."""

    latest: Revision | None
    latest_status: ApprovalStatus | None
    approved: Revision | None
    approved_status: ApprovalStatus | None

    @property
    def latest_is_approved(self) -> bool:
        return self.latest is not None and self.approved == self.latest


def deploy_summary(app: FlyApp) -> DeploySummary:
    latest = app.revisions.select_related("app", "author").order_by("-number").first()
    if latest is None:
        return DeploySummary(None, None, None, None)
    latest_status = approval_status(latest, latest_number=latest.number)
    if latest_status.approved:
        return DeploySummary(latest, latest_status, latest, latest_status)
    sealed = _newest_sealed(app).values_list("parent_id", flat=True).first()
    if sealed is None:
        return DeploySummary(latest, latest_status, None, None)
    approved = Revision.objects.select_related("app", "author").get(pk=sealed)
    return DeploySummary(
        latest, latest_status, approved, approval_status(approved, latest_number=latest.number)
    )


def _newest_sealed(app: FlyApp):
    """Revisions whose parent was approved when they superseded it, newest first."""
    return Revision.objects.filter(app=app, parent_approved=True).order_by("-number")


def approved_number(status: ApprovalStatus) -> int | None:
    """The number of the revision approved for deploy, given any revision's status, without
    evaluating more statuses than needed (the revision page only links to it)."""
    if not status.is_latest:
        latest = status.revision.app.revisions.get(number=status.latest_number)
        status = approval_status(latest, latest_number=status.latest_number)
    if status.approved:
        return status.revision.number
    newest = _newest_sealed(status.revision.app)
    return newest.values_list("parent__number", flat=True).first()


def approved_revision(app: FlyApp) -> tuple[Revision, ApprovalStatus] | None:
    """The revision approved for deploy: the latest when approved, else the newest revision
    that was approved when it was superseded. None when nothing is approved."""
    summary = deploy_summary(app)
    if summary.approved is None:
        return None
    return summary.approved, summary.approved_status
