"""Whole rendered pages kept per process, for pages that change only when their app does.

Every change to an app's state is an audit event, and `record` writes it under the app's row
lock, so the app's newest audit event id only ever grows, in commit order: it versions
everything an app's page shows. A page is kept under that version, the viewer (id, name,
superuser flag and role on the app), the rule set, the path, the view's variant and the htmx
request headers, so a change anywhere in the app, or to the viewer's standing, makes a new key
and the old page is never served again.

The page's CSRF token is the one per-request part. Pages are rendered with the request's own
masked token and kept split around it; a hit joins the parts with a fresh masking of the
request's CSRF secret (64 random characters, which nothing else in a page can match). Pages
are not cached while Django messages are pending, since those show once.
"""

import hashlib
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

from configs.models import FlyApp
from configs.rules import RULESET_VERSION

PAGE_SECONDS = 300


def cached_page(
    request: HttpRequest,
    app: FlyApp,
    role: str,
    render: Callable[[str], HttpResponse],
    *,
    variant: str = "",
) -> HttpResponse:
    """The page `render(csrf_token)` makes for this request, from the cache when it can be.
    `app` comes from get_app_for_user, which loads its state version. The key has the path
    and `variant` (what the view makes of its query string), not the query string itself, so
    made-up parameters cannot fill the cache with copies."""
    token = get_token(request)
    if get_messages(request):
        return render(token)
    cache = caches["pages"]
    key = page_key(request, app, role, variant)
    parts = cache.get(key)
    if parts is not None:
        return HttpResponse(token.encode().join(parts))
    response = render(token)
    if response.status_code == 200:
        cache.set(key, response.content.split(token.encode()), PAGE_SECONDS)
    return response


def page_key(request: HttpRequest, app: FlyApp, role: str, variant: str) -> str:
    user = request.user
    htmx = request.htmx
    parts = [
        RULESET_VERSION,
        app.pk,
        app.state_version or 0,
        user.pk,
        user.get_username(),
        user.is_superuser,
        role,
        request.path,
        variant,
        bool(htmx),
        htmx.target if htmx else "",
        htmx.boosted if htmx else "",
        htmx.history_restore_request if htmx else "",
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"page:{app.pk}:{digest}"
