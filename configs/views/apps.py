from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import JSONField, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from configs.access import apps_for, can, get_app_for_user
from configs.actions import do_update_policy
from configs.approval import deploy_summary
from configs.forms import PolicyForm
from configs.models import FlyApp, Revision, Role
from configs.validation import by_severity

HISTORY_PAGE_SIZE = 25
APP_PAGE_SIZE = 50


@login_required
@require_GET
def app_list(request: HttpRequest) -> HttpResponse:
    # One query: each app with its latest revision's number, author, time and findings.
    # Only the columns the list shows: the policy's five JSON columns cost a decode each.
    latest = Revision.objects.filter(app=OuterRef("pk")).order_by("-number")
    apps = (
        apps_for(request.user)
        .only("slug", "name")
        .annotate(
            latest_number=Subquery(latest.values("number")[:1]),
            latest_at=Subquery(latest.values("created_at")[:1]),
            latest_author=Subquery(latest.values("author__username")[:1]),
            latest_findings=Subquery(latest.values("findings")[:1], output_field=JSONField()),
        )
    )
    page = Paginator(apps, APP_PAGE_SIZE).get_page(request.GET.get("page"))
    for app in page.object_list:
        app.latest_counts = by_severity(app.latest_findings or [])[1]
    return render(request, "configs/app_list.html", {"apps": page.object_list, "page": page})


@login_required
@require_GET
@vary_on_headers("HX-Request")
def app_detail(request: HttpRequest, slug: str) -> HttpResponse:
    app, role = get_app_for_user(request.user, slug)
    revisions = app.revisions.select_related("author").defer("fly_toml", "dockerignore")
    page = Paginator(revisions, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "app": app,
        "role": role,
        "page": page,
        "can_edit": can(role, Role.EDITOR),
        "can_edit_policy": can(role, Role.APPROVER),
    }
    if request.htmx and request.htmx.target == "history":
        return render(request, "configs/app_detail.html#history", context)
    context["deploy"] = deploy_summary(app)
    return render(request, "configs/app_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def app_policy(request: HttpRequest, slug: str) -> HttpResponse:
    app, _ = get_app_for_user(request.user, slug, Role.APPROVER)
    form = PolicyForm(request.POST or None, instance=FlyApp.objects.get(pk=app.pk))
    if request.method == "POST" and form.is_valid():
        app = do_update_policy(app, actor=request.user, values=form.cleaned_data)
        messages.success(request, "Policy saved. It applies to revisions validated from now on.")
        # Edited in place on the app page: swap the summary back; on its own page: go to the app.
        if request.htmx and not (request.htmx.current_url_abs_path or "").endswith("/policy"):
            context = {"app": app, "can_edit_policy": True}
            return render(request, "configs/app_detail.html#policy", context)
        if request.htmx:
            return HttpResponseClientRedirect(app.get_absolute_url())
        return redirect(app)
    status = 400 if request.method == "POST" else 200
    template = "configs/app_policy.html#policy-form" if request.htmx else "configs/app_policy.html"
    return render(request, template, {"app": app, "form": form}, status=status)
