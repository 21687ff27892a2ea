"""Reviewing a revision (approve, request changes, waive) and downloading the approved config."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from configs.access import get_app_for_user, get_revision_for_user
from configs.actions import (
    WorkflowRefused,
    do_approve_revision,
    do_request_changes,
    do_waive_finding,
)
from configs.approval import latest_review
from configs.export import NothingToExport, approved_file, export_response
from configs.forms import ReviewForm, WaiverForm
from configs.models import Revision, Verdict
from configs.views.review_region import review_context
from configs.views.revisions import revision_context

REVIEWS_PARTIAL = "configs/revision_detail.html#reviews"
STAMP_VALUES = {"1": True, "true": True, "yes": True, "0": False, "false": False, "": False}


@login_required
@require_POST
def revision_approve(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _review(request, slug, number, approve=True)


@login_required
@require_POST
def revision_request_changes(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    return _review(request, slug, number, approve=False)


def _review(request: HttpRequest, slug: str, number: int, *, approve: bool) -> HttpResponse:
    revision, role = get_revision_for_user(request.user, slug, number)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        error = form.errors["comment"][0]
        return _answer(request, revision, role, error=error, status=400, review_form=form)
    comment = form.cleaned_data["comment"]
    try:
        if approve:
            do_approve_revision(revision, actor=request.user, comment=comment)
            notice = f"You approved revision #{revision.number}."
        else:
            previous = latest_review(revision, request.user)
            do_request_changes(revision, actor=request.user, comment=comment)
            notice = f"You requested changes on revision #{revision.number}."
            if previous is not None and previous.verdict == Verdict.APPROVE:
                notice += " Your approval is withdrawn."
    except WorkflowRefused as refused:
        return _answer(
            request, revision, role, error=refused.message, status=refused.status, review_form=form
        )
    return _answer(request, revision, role, notice=notice)


@login_required
@require_POST
def revision_waive(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision, role = get_revision_for_user(request.user, slug, number)
    form = WaiverForm(request.POST)
    if not form.is_valid():
        error = " ".join(message for errors in form.errors.values() for message in errors)
        return _answer(request, revision, role, error=error, status=400, waiver_form=form)
    data = form.cleaned_data
    try:
        do_waive_finding(
            revision,
            actor=request.user,
            rule=data["rule"],
            path=data["path"],
            reason=data["reason"],
        )
    except WorkflowRefused as refused:
        return _answer(
            request, revision, role, error=refused.message, status=refused.status, waiver_form=form
        )
    where = f" at {data['path']}" if data["path"] else ""
    return _answer(request, revision, role, notice=f"You waived {data['rule']}{where}.")


def _answer(
    request: HttpRequest,
    revision: Revision,
    role: str,
    *,
    notice: str = "",
    error: str = "",
    status: int = 200,
    **forms,
) -> HttpResponse:
    """htmx: the refreshed region, refusals included (4xx). Without JS: back to the revision
    page after a change, or the whole revision page with the refusal in the region."""
    if not request.htmx and not error:
        messages.success(request, notice)
        return redirect(revision.get_absolute_url() + "#reviews")
    extra = {"review_notice": notice, "review_error": error, **forms}
    if request.htmx:
        context = {
            "app": revision.app,
            "revision": revision,
            "role": role,
            **review_context(request.user, revision, role, **extra),
        }
        return render(request, REVIEWS_PARTIAL, context, status=status)
    context = {**revision_context(request, revision, role), **extra}
    return render(request, "configs/revision_detail.html", context, status=status)


@login_required
@require_GET
def approved_download(request: HttpRequest, slug: str, filename: str) -> HttpResponse:
    app, _ = get_app_for_user(request.user, slug)
    stamp = STAMP_VALUES.get(request.GET.get("stamp", "").lower())
    if stamp is None:
        return _text(400, "stamp must be 1 (add the approval header) or 0.")
    try:
        exported = approved_file(app, filename, stamp=stamp)
    except NothingToExport as missing:
        return _text(404, str(missing))
    return export_response(request, exported, actor=request.user, via="web")


def _text(status: int, message: str) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
