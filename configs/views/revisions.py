import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from configs.access import can, get_app_for_user, get_revision_for_user
from configs.actions import RevisionConflict, do_create_revision, latest_revision
from configs.files import line_ending_of
from configs.forms import RevisionForm
from configs.models import Revision, Role
from configs.views.workflow import review_context

DOWNLOADS = {"fly.toml": "fly_toml", "dockerignore": "dockerignore"}


@login_required
@require_http_methods(["GET", "POST"])
def revision_new(request: HttpRequest, slug: str) -> HttpResponse:
    app, _ = get_app_for_user(request.user, slug, Role.EDITOR)
    latest = latest_revision(app)
    if request.method == "GET":
        form = RevisionForm(initial=_initial_from(latest))
        return render(request, "configs/revision_new.html", {"app": app, "form": form})

    form = RevisionForm(request.POST, request.FILES)
    if not form.is_valid():
        context = {"app": app, "form": form}
        return render(request, "configs/revision_new.html", context, status=form.status)
    data = form.cleaned_data
    try:
        revision = do_create_revision(
            app,
            author=request.user,
            fly_toml=data["fly_toml"],
            dockerignore=data["dockerignore"],
            message=data["message"],
            base_number=data["base"],
        )
    except RevisionConflict as conflict:
        return _conflict_response(request, app, form, conflict)
    messages.success(request, f"Saved revision #{revision.number}.")
    if request.htmx:
        return HttpResponseClientRedirect(revision.get_absolute_url())
    return redirect(revision)


def _initial_from(latest: Revision | None) -> dict:
    if latest is None:
        return {"base": None, "line_ending": "lf"}
    return {
        "fly_toml": latest.fly_toml,
        "dockerignore": latest.dockerignore or "",
        "base": latest.number,
        "line_ending": line_ending_of(latest.fly_toml),
    }


def _conflict_response(request, app, form: RevisionForm, conflict: RevisionConflict):
    """Keep everything the user typed, and show what changed since the revision they edited."""
    base = app.revisions.filter(number=conflict.base_number).first()
    latest = conflict.latest
    changes = [
        (name, _unified(getattr(base, field, "") or "", getattr(latest, field) or "", name))
        for name, field in (("fly.toml", "fly_toml"), (".dockerignore", "dockerignore"))
    ]
    data = form.data.copy()
    data["base"] = latest.number if latest else ""
    rebased = RevisionForm(data)
    rebased.is_valid()
    context = {
        "app": app,
        "form": rebased,
        "conflict": conflict,
        "base": base,
        "latest": latest,
        "changes": [(name, diff) for name, diff in changes if diff],
    }
    return render(request, "configs/revision_new.html", context, status=409)


def _unified(old: str, new: str, name: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), f"{name} (your base)", f"{name} (latest)", lineterm=""
    )
    return "\n".join(lines)


@login_required
@require_GET
def revision_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    revision, role = get_revision_for_user(request.user, slug, number)
    context = {
        "app": revision.app,
        "revision": revision,
        "role": role,
        "can_edit": can(role, Role.EDITOR),
        "files": [
            ("fly.toml", revision.fly_toml, "fly.toml"),
            (".dockerignore", revision.dockerignore, "dockerignore"),
        ],
    }
    context.update(review_context(request.user, revision, role))
    return render(request, "configs/revision_detail.html", context)


@login_required
@require_GET
def revision_download(request: HttpRequest, slug: str, number: int, filename: str) -> HttpResponse:
    revision, _ = get_revision_for_user(request.user, slug, number)
    text = getattr(revision, DOWNLOADS[filename])
    if text is None:
        return HttpResponse(
            f"Revision #{number} has no .dockerignore.", status=404, content_type="text/plain"
        )
    return file_response(text, filename, revision)


def file_response(text: str, filename: str, revision: Revision) -> HttpResponse:
    """The stored bytes, exactly: no newline added, BOM and CRLF kept."""
    response = HttpResponse(text.encode(), content_type="text/plain; charset=utf-8")
    download_name = "fly.toml" if filename == "fly.toml" else ".dockerignore"
    response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    response["X-Preflight-Revision"] = str(revision.number)
    return response
