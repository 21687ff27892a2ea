"""The audit log: append-only, read here, written only by configs.actions.record."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from configs.access import apps_for, get_app_for_user
from configs.forms import AuditFilterForm
from configs.models import AuditEvent

AUDIT_PAGE_SIZE = 50


@login_required
@require_GET
@vary_on_headers("HX-Request")
def audit_log(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Every app the user is a member of (superusers: everything), or one app."""
    if slug is not None:
        app, _ = get_app_for_user(request.user, slug)
        apps = [app]
    else:
        app = None
        apps = list(apps_for(request.user).only("slug", "name"))
    events = AuditEvent.objects.select_related("actor", "app", "revision")
    if app is not None:
        events = events.filter(app=app)
    elif not request.user.is_superuser:
        events = events.filter(Q(app__in=apps) | Q(app=None, actor=request.user))
    form = AuditFilterForm(request.GET, apps=apps)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        if data["app"]:
            events = events.filter(app__slug=data["app"])
        if data["user"]:
            events = events.filter(actor__username=data["user"])
        if data["kind"]:
            events = events.filter(kind=data["kind"])
    else:
        events = events.none()
        status = 400
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"app": app, "form": form, "page": page}
    if request.htmx and request.htmx.target == "events":
        return render(request, "configs/audit_log.html#events", context, status=status)
    return render(request, "configs/audit_log.html", context, status=status)
