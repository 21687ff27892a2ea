from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from configs.access import get_revision_for_user
from configs.actions import (
    SecretRefused,
    do_confirm_secret,
    do_match_fly_secrets,
    do_unconfirm_secret,
)
from configs.checklist import secrets_checklist
from configs.files import ConfigFileError, decode_config
from configs.models import Role
from configs.secrets import SecretsInputError, SecretValuesRefused, parse_fly_secrets_list
from configs.views.revisions import revision_context


def _checklist_response(request, revision, role, *, status=200, **extra) -> HttpResponse:
    """The checklist region for htmx; otherwise the whole revision page (errors) or a redirect."""
    if request.htmx:
        context = {
            "app": revision.app,
            "revision": revision,
            "role": role,
            "can_edit": True,
            "checklist": secrets_checklist(revision),
            **extra,
        }
        response = render(request, "configs/revision_detail.html#secrets", context, status=status)
        # The approval region counts confirmed secrets: tell it to refresh.
        response["HX-Trigger"] = "secrets-changed"
        return response
    if status >= 400:
        context = {**revision_context(request, revision, role), **extra}
        return render(request, "configs/revision_detail.html", context, status=status)
    return redirect(f"{revision.get_absolute_url()}#secrets")


@login_required
@require_POST
def confirm_secret(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision, role = get_revision_for_user(request.user, slug, number, Role.EDITOR)
    name = request.POST.get("name", "")
    try:
        do_confirm_secret(revision, name, actor=request.user)
    except SecretRefused as error:
        return _checklist_response(request, revision, role, status=400, secrets_error=str(error))
    messages.success(request, f"Marked {name} as set in Fly.")
    return _checklist_response(request, revision, role)


@login_required
@require_POST
def withdraw_secret(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision, role = get_revision_for_user(request.user, slug, number, Role.EDITOR)
    name = request.POST.get("name", "")
    do_unconfirm_secret(revision, name, actor=request.user)
    messages.success(request, f"{name} is no longer marked as set.")
    return _checklist_response(request, revision, role)


@login_required
@require_POST
def match_fly_secrets(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """Paste or upload `fly secrets list --json`: names and digests only, never values."""
    revision, role = get_revision_for_user(request.user, slug, number, Role.EDITOR)
    pasted = request.POST.get("fly_secrets_json", "")
    try:
        upload = request.FILES.get("fly_secrets_file")
        text = decode_config(upload.read(), "The uploaded file") if upload else pasted
        listed = parse_fly_secrets_list(text)
    except (SecretsInputError, ConfigFileError) as error:
        # Text that holds secret values is not sent back; anything else is kept for fixing.
        kept = "" if isinstance(error, SecretValuesRefused) else pasted
        message = error.message if isinstance(error, SecretsInputError) else str(error)
        status = getattr(error, "status", 400)
        return _checklist_response(
            request, revision, role, status=status, secrets_error=message, pasted=kept
        )
    match = do_match_fly_secrets(revision, listed, actor=request.user)
    required = len(match.present) + len(match.missing)
    messages.success(
        request, f"{len(match.present)} of {required} required secrets are set in Fly."
    )
    if match.missing:
        missing = ", ".join(secret.name for secret in match.missing)
        messages.warning(request, f"Not set in Fly: {missing}.")
    if match.extra:
        extra = ", ".join(secret.name for secret in match.extra)
        messages.info(request, f"Set in Fly but not required by this revision: {extra}.")
    return _checklist_response(request, revision, role)
