from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from configs.access import get_app_for_user
from configs.diffing import ConfigUnparseable, describe, impact_notes, line_diff, semantic_diff
from configs.models import Revision

DIFF_VIEWS = [("unified", "Unified"), ("split", "Side by side")]


def diff_view(request: HttpRequest) -> str:
    view = request.GET.get("view", "unified")
    return view if view in dict(DIFF_VIEWS) else "unified"


def comparison(old: Revision, new: Revision) -> dict:
    """What a reviewer reads: the effective changes, why they matter, and both line diffs."""
    context = {
        "old": old,
        "new": new,
        "semantic_error": None,
        "changes": [],
        "impact": [],
        "diff_views": DIFF_VIEWS,
    }
    try:
        changes = semantic_diff(old.fly_toml, new.fly_toml)
    except ConfigUnparseable as error:
        line = f" (line {error.line})" if error.line else ""
        revision = old if error.side == "old" else new
        context["semantic_error"] = f"#{revision.number}'s fly.toml {error.problem}{line}."
    else:
        context["changes"] = [{"change": change, "text": describe(change)} for change in changes]
        context["impact"] = impact_notes(changes)
    context["file_diffs"] = [
        {
            "title": "fly.toml",
            "old_missing": False,
            "new_missing": False,
            "diff": line_diff(old.fly_toml, new.fly_toml, lexer="toml"),
        },
        {
            "title": ".dockerignore",
            "old_missing": old.dockerignore is None,
            "new_missing": new.dockerignore is None,
            "diff": line_diff(old.dockerignore or "", new.dockerignore or "", lexer=None),
        },
    ]
    return context


@login_required
@require_GET
@vary_on_headers("HX-Request")
def compare(request: HttpRequest, slug: str, old: int, new: int) -> HttpResponse:
    app, _ = get_app_for_user(request.user, slug)
    revisions = {
        revision.number: revision
        for revision in Revision.objects.filter(app=app, number__in=[old, new]).select_related(
            "author"
        )
    }
    for number in (old, new):
        if number not in revisions:
            raise Http404(f"{app.slug} has no revision #{number}.")
    context = {"app": app, **comparison(revisions[old], revisions[new]), "view": diff_view(request)}
    if request.htmx and request.htmx.target == "diffs":
        return render(request, "configs/_comparison.html#diffs", context)
    return render(request, "configs/compare.html", context)


@login_required
@require_GET
def compare_pick(request: HttpRequest, slug: str) -> HttpResponse:
    """The app page's picker: two revision numbers typed in, sent to the compare page."""
    app, _ = get_app_for_user(request.user, slug)
    try:
        old, new = int(request.GET["from"]), int(request.GET["to"])
    except (KeyError, ValueError):
        message = "Give two revision numbers to compare, for example 3 and 5."
        return render(
            request, "configs/compare_pick.html", {"app": app, "error": message}, status=400
        )
    return redirect(reverse("compare", args=[app.slug, old, new]))
