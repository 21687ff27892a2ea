from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from configs.access import apps_for, can, get_app_for_user
from configs.approval import deploy_summary
from configs.models import Role

HISTORY_PAGE_SIZE = 25


@login_required
@require_GET
def app_list(request: HttpRequest) -> HttpResponse:
    apps = apps_for(request.user).annotate(
        latest_number=Max("revisions__number"), revision_count=Count("revisions")
    )
    return render(request, "configs/app_list.html", {"apps": apps})


@login_required
@require_GET
def app_detail(request: HttpRequest, slug: str) -> HttpResponse:
    app, role = get_app_for_user(request.user, slug)
    revisions = app.revisions.select_related("author").defer("fly_toml", "dockerignore")
    page = Paginator(revisions, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"app": app, "role": role, "page": page, "can_edit": can(role, Role.EDITOR)}
    if request.htmx and request.htmx.target == "history":
        return render(request, "configs/app_detail.html#history", context)
    context["deploy"] = deploy_summary(app)
    return render(request, "configs/app_detail.html", context)
