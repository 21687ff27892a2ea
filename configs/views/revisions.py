from functools import cached_property

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from configs.access import can, get_app_for_user, get_revision_for_user, revision_of
from configs.actions import RevisionConflict, do_create_revision, latest_revision
from configs.approval import approved_number
from configs.checklist import secrets_checklist
from configs.diffing import line_diff
from configs.files import line_ending_of
from configs.forms import RevisionForm
from configs.highlighting import highlight_lines
from configs.models import Revision, Role
from configs.pagecache import cached_page
from configs.validation import by_severity
from configs.views.compare import comparison, diff_view
from configs.views.review_region import review_context

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
    changes = []
    for title, field, lexer in (
        ("fly.toml", "fly_toml", "toml"),
        (".dockerignore", "dockerignore", None),
    ):
        diff = line_diff(getattr(base, field, "") or "", getattr(latest, field) or "", lexer=lexer)
        if not diff.identical:
            changes.append({"title": title, "diff": diff})
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
        "changes": changes,
        "view": "unified",
    }
    return render(request, "configs/revision_new.html", context, status=409)


@login_required
@require_GET
@vary_on_headers("HX-Request")
def revision_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    app, role = get_app_for_user(request.user, slug)

    def render_page(csrf_token: str) -> HttpResponse:
        revision = revision_of(app, number)
        context = revision_context(request, revision, role)
        context["csrf_token"] = csrf_token
        if request.htmx and request.htmx.target == "diffs" and revision.parent:
            context.update(context["sources"].comparison)
            return render(request, "configs/_comparison.html#diffs", context)
        if request.htmx and request.htmx.target == "reviews":
            return render(request, "configs/revision_detail.html#reviews", context)
        return render(request, "configs/revision_detail.html", context)

    return cached_page(request, app, role, render_page, variant=diff_view(request))


def revision_context(request: HttpRequest, revision: Revision, role: str) -> dict:
    """Everything the revision page shows; other views re-render it with their own additions."""
    context = review_context(request.user, revision, role)
    waivers = {
        (item.finding["rule"], item.path): item.waiver for item in context["status"].findings
    }
    findings, counts = by_severity(
        [
            {**finding, "waiver": waivers.get((finding["rule"], finding["path"]))}
            for finding in revision.findings
        ]
    )
    context.update(
        app=revision.app,
        revision=revision,
        role=role,
        can_edit=can(role, Role.EDITOR),
        findings=findings,
        counts=counts,
        checklist=secrets_checklist(revision),
        approved_number=approved_number(context["status"]),
        sources=RevisionSources(revision),
        view=diff_view(request),
    )
    return context


class RevisionSources:
    """The parts of a revision page that never change (highlighted files with their finding
    markers, the diff against the parent), computed only when the page's cached fragment of
    them is missing: they are most of the page's cost."""

    def __init__(self, revision: Revision):
        self.revision = revision

    @cached_property
    def files(self) -> list[dict]:
        findings = self.revision.findings
        return [
            source_view(".dockerignore" if name == "dockerignore" else name, name, text, findings)
            for name, text in (
                ("fly.toml", self.revision.fly_toml),
                ("dockerignore", self.revision.dockerignore),
            )
        ]

    @cached_property
    def comparison(self) -> dict:
        return comparison(self.revision.parent, self.revision) if self.revision.parent else {}


def lexer_for(filename: str) -> str | None:
    return "toml" if filename == "fly.toml" else None


def source_view(title: str, download: str, text: str | None, findings: list[dict]) -> dict:
    """A file's lines, each with the findings that point at it (worst severity first)."""
    if text is None:
        return {"title": title, "download": download, "rows": None}
    at_line: dict[int, list[dict]] = {}
    for finding in findings:
        if finding["file"] == title and finding["line"]:
            at_line.setdefault(finding["line"], []).append(finding)
    rows = [
        {"number": number, "html": html, "findings": at_line.get(number, [])}
        for number, html in enumerate(highlight_lines(text, lexer_for(title)), start=1)
    ]
    return {"title": title, "download": download, "rows": rows}


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
