"""The `reviews` region of the revision page: approval checklist, reviews, review forms, waivers."""

from django.contrib.auth.models import User

from configs.access import can
from configs.approval import ApprovalStatus, approval_status
from configs.forms import ReviewForm
from configs.models import Revision, Role


def review_context(
    user: User, revision: Revision, role: str, *, status: ApprovalStatus | None = None, **extra
) -> dict:
    """What the `reviews` region of the revision page needs."""
    status = status or approval_status(revision)
    is_author = revision.author_id == user.pk
    is_approver = can(role, Role.APPROVER)
    can_review = is_approver and not is_author and status.is_latest
    if not status.is_latest:
        note = f"Only the latest revision (#{status.latest_number}) can be reviewed."
    elif is_author:
        note = "You wrote this revision, so an approver other than you reviews it."
    elif not is_approver:
        note = f"Only approvers of {revision.app.slug} can approve or request changes."
    else:
        note = ""
    already_approved = any(review.reviewer_id == user.pk for review in status.approvals)
    context = {
        "status": status,
        "can_review": can_review,
        "can_approve": can_review and not already_approved,
        "already_approved": already_approved,
        "review_note": note,
        "review_form": ReviewForm(),
        "waivable": status.waivable,
    }
    context.update(extra)
    return context
