"""Who may do what: every URL (pages and API) x every kind of user, with the exact status.

The table below is the access policy. Each row is one URL with the method that matters (GET
for a page, POST with valid data for an action) and the status each kind of user gets:

- anon:    not logged in (pages: 302 to the log-in page; API: 401 without a token)
- charlie: logged in, no membership of the app (404: the app is not even confirmed to exist)
- vera:    viewer (reads; 403 for anything more)
- alice:   editor, and the author of every revision here (so she cannot review them either)
- bob:     approver
- root:    superuser (an approver on every app)

A new URL pattern without a row here fails `test_the_matrix_covers_every_named_url`.
"""

import json
import tomllib
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

import pytest
from django.contrib.auth.models import User
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from configs.actions import (
    do_approve_revision,
    do_confirm_secret,
    do_create_api_token,
    do_create_app,
    do_set_membership,
)
from configs.models import (
    ApiToken,
    AuditEvent,
    FlyApp,
    Membership,
    Review,
    Revision,
    Role,
    SecretStatus,
    Waiver,
)
from tests.conftest import add_revision, make_user

ROLES = ("anon", "charlie", "vera", "alice", "bob", "root")

FIRST = """\
app = "shop"
primary_region = "lhr"

[build]
  dockerfile = "Dockerfile"

[http_service]
  internal_port = 8080
  force_https = true
"""
# A warning to waive (FLY006) and a documented secret for the checklist.
SECOND = FIRST.replace("force_https = true", "force_https = false") + (
    "\n# fly secrets set SHOP_DB_URL=...\n"
)

# Words that only appear in data of the app "shop" and of an app none of the five may see.
SHOP_MARKER = "zebra7"
OTHER_MARKER = "okapi9"

# Valid request data for each action.
POLICY = {
    "name": "Shop",
    "expected_app": "shop",
    "required_approvals": "1",
    "required_primary_region": "lhr",
    "allowed_regions": "lhr, ams",
    "required_processes": "",
    "unexposed_processes": "",
    "required_internal_port": "8080",
    "health_check_path": "",
    "required_secrets": "",
    "disabled_rules": "",
}
EDIT = {
    "fly_toml": FIRST,
    "dockerignore": "",
    "message": "Back to HTTPS",
    "base": "2",
    "line_ending": "lf",
}
LIVE = {"fly_toml": SECOND, "dockerignore": ".env\n"}
SECRET = {"name": "SHOP_DB_URL"}
FLY_LIST = {
    "fly_secrets_json": json.dumps(
        [{"name": "SHOP_DB_URL", "digest": "3c5e9f7a1b2d4c6e", "status": "Deployed"}]
    )
}
REVIEW = {"comment": "Looks right"}
CHANGES = {"comment": "Keep force_https on"}
WAIVE = {"rule": "FLY006", "path": "http_service.force_https", "reason": "TLS ends upstream"}
TOKEN = {"name": "deploy job"}
API_EDIT = {"fly_toml": FIRST, "dockerignore": None, "message": "Back to HTTPS", "base": 2}
API_CHANGES = {"comment": "Keep force_https on"}
VERIFY = FIRST.encode()  # raw body: the approved revision #1's bytes
LIVE_JSON = tomllib.loads(FIRST)  # `fly config show`: the approved config, no drift


class Row(NamedTuple):
    method: str
    url: str
    data: Any
    expect: dict[str, int]


# fmt: off
_TABLE = [
    # method  url                                      data       anon chrl vera alic  bob root
    ("GET",  "/health",                                None,      200, 200, 200, 200, 200, 200),
    ("GET",  "/accounts/login/",                       None,      200, 200, 200, 200, 200, 200),
    ("POST", "/accounts/logout/",                      None,      302, 302, 302, 302, 302, 302),
    ("GET",  "/admin/",                                None,      302, 302, 302, 302, 302, 200),
    ("GET",  "/",                                      None,      302, 200, 200, 200, 200, 200),
    ("GET",  "/apps/shop/",                            None,      302, 404, 200, 200, 200, 200),
    ("GET",  "/apps/shop/policy",                      None,      302, 404, 403, 403, 200, 200),
    ("POST", "/apps/shop/policy",                      POLICY,    302, 404, 403, 403, 302, 302),
    ("GET",  "/apps/shop/compare/?from=1&to=2",        None,      302, 404, 302, 302, 302, 302),
    ("GET",  "/apps/shop/compare/1/2/",                None,      302, 404, 200, 200, 200, 200),
    ("POST", "/apps/shop/validate",                    LIVE,      302, 404, 403, 200, 200, 200),
    ("GET",  "/apps/shop/revisions/new",               None,      302, 404, 403, 200, 200, 200),
    ("POST", "/apps/shop/revisions/new",               EDIT,      302, 404, 403, 302, 302, 302),
    ("GET",  "/apps/shop/revisions/2/",                None,      302, 404, 200, 200, 200, 200),
    ("POST", "/apps/shop/revisions/2/secrets/confirm", SECRET,    302, 404, 403, 302, 302, 302),
    ("POST", "/apps/shop/revisions/2/secrets/withdraw", SECRET,   302, 404, 403, 302, 302, 302),
    ("POST", "/apps/shop/revisions/2/secrets/fly-list", FLY_LIST, 302, 404, 403, 302, 302, 302),
    ("GET",  "/apps/shop/revisions/2/fly.toml",        None,      302, 404, 200, 200, 200, 200),
    ("GET",  "/apps/shop/revisions/2/dockerignore",    None,      302, 404, 200, 200, 200, 200),
    ("POST", "/apps/shop/revisions/2/approve",         REVIEW,    302, 404, 403, 403, 302, 302),
    ("POST", "/apps/shop/revisions/2/request-changes", CHANGES,   302, 404, 403, 403, 302, 302),
    ("POST", "/apps/shop/revisions/2/waive",           WAIVE,     302, 404, 403, 403, 302, 302),
    ("GET",  "/apps/shop/approved/fly.toml",           None,      302, 404, 200, 200, 200, 200),
    ("GET",  "/apps/shop/approved/dockerignore",       None,      302, 404, 200, 200, 200, 200),
    ("GET",  "/apps/shop/audit/",                      None,      302, 404, 200, 200, 200, 200),
    ("GET",  "/audit/",                                None,      302, 200, 200, 200, 200, 200),
    ("GET",  "/settings/tokens/",                      None,      302, 200, 200, 200, 200, 200),
    ("POST", "/settings/tokens/",                      TOKEN,     302, 200, 200, 200, 200, 200),
    # alice's own token: nobody else can revoke it, not even a superuser (404, not 403).
    ("POST", "/settings/tokens/{token}/revoke",        None,      302, 404, 404, 302, 404, 404),
    # The API: a bearer token per user, none for anon.
    ("POST", "/api/v1/apps/shop/revisions",            API_EDIT,  401, 404, 403, 201, 201, 201),
    ("GET",  "/api/v1/apps/shop/revisions/2",          None,      401, 404, 200, 200, 200, 200),
    ("POST", "/api/v1/apps/shop/revisions/2/approve",  {},        401, 404, 403, 403, 200, 200),
    ("POST", "/api/v1/apps/shop/revisions/2/request-changes",
                                                       API_CHANGES, 401, 404, 403, 403, 200, 200),
    ("GET",  "/api/v1/apps/shop/approved/fly.toml",    None,      401, 404, 200, 200, 200, 200),
    ("GET",  "/api/v1/apps/shop/approved/dockerignore", None,     401, 404, 200, 200, 200, 200),
    ("GET",  "/api/v1/apps/shop/compare/1/2",          None,      401, 404, 200, 200, 200, 200),
    ("POST", "/api/v1/apps/shop/verify",               VERIFY,    401, 404, 200, 200, 200, 200),
    ("POST", "/api/v1/apps/shop/drift",                LIVE_JSON, 401, 404, 200, 200, 200, 200),
    ("GET",  "/api/v1/no-such-endpoint",               None,      404, 404, 404, 404, 404, 404),
]
# fmt: on

MATRIX = [
    Row(method, url, data, dict(zip(ROLES, statuses, strict=True)))
    for method, url, data, *statuses in _TABLE
]

# Django's admin has its own permission system (staff and model permissions): only its index,
# the door to it, is in the table.
ADMIN_INDEX = "admin:index"


def _named_patterns(patterns, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def _url_name(url: str) -> str | None:
    match = resolve(urlsplit(url.format(token=1)).path)
    return ":".join([*match.namespaces, match.url_name]) if match.url_name else None


def test_the_matrix_covers_every_named_url():
    in_urlconf = {
        name
        for name in _named_patterns(get_resolver().url_patterns)
        if not name.startswith("admin:") or name == ADMIN_INDEX
    }
    in_matrix = {_url_name(row.url) for row in MATRIX} - {None}
    assert in_urlconf - in_matrix == set(), "URL patterns with no row in the permission matrix"
    assert in_matrix - in_urlconf == set()


# ---------------------------------------------------------------------------------------------


@pytest.fixture
def app(db) -> FlyApp:
    # Overrides the shared fixture: alice, bob and vera become members of this app.
    return do_create_app("shop", name=f"{SHOP_MARKER.title()} Storefront")


@pytest.fixture
def world(app, alice, bob, vera, charlie, admin_user) -> dict:
    """#1 approved by bob (so there is something to export), #2 the latest, both by alice."""
    first = add_revision(app, alice, fly_toml=FIRST, message=f"{SHOP_MARKER} first")
    do_approve_revision(first, actor=bob, comment=f"{SHOP_MARKER} reviewed")
    second = add_revision(app, alice, fly_toml=SECOND, message=f"{SHOP_MARKER} second")
    do_confirm_secret(second, "SHOP_DB_URL", actor=alice)
    alices_token, _ = do_create_api_token(alice, name=f"{SHOP_MARKER} CI", actor=alice)

    other = do_create_app("other", name=f"{OTHER_MARKER.title()} Internal")
    olga = make_user("olga")
    do_set_membership(other, olga, Role.EDITOR, actor=None)
    add_revision(other, olga, fly_toml=FIRST, message=f"{OTHER_MARKER} first")
    add_revision(other, olga, fly_toml=SECOND, message=f"{OTHER_MARKER} second")
    do_create_api_token(olga, name=f"{OTHER_MARKER} deploy", actor=olga)

    users = {"charlie": charlie, "vera": vera, "alice": alice, "bob": bob, "root": admin_user}
    return {
        "users": users,
        "api_tokens": {
            role: do_create_api_token(user, name="matrix", actor=user)[1]
            for role, user in users.items()
        },
        "alices_token": alices_token,
    }


COUNTED = (AuditEvent, Revision, Review, Waiver, SecretStatus, Membership, ApiToken, FlyApp)


def _snapshot() -> dict:
    return {
        "counts": {model.__name__: model.objects.count() for model in COUNTED},
        "revoked": ApiToken.objects.filter(revoked_at__isnull=False).count(),
        "policy": list(FlyApp.objects.order_by("pk").values()),
    }


def _send(client, world: dict, role: str, row: Row, url: str):
    if url.startswith("/api/"):
        token = world["api_tokens"].get(role)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if row.method == "GET":
            return client.get(url, headers=headers)
        if isinstance(row.data, bytes):
            return client.post(url, row.data, content_type="text/plain", headers=headers)
        return client.post(
            url, json.dumps(row.data), content_type="application/json", headers=headers
        )
    if role != "anon":
        client.force_login(world["users"][role])
    if row.method == "GET":
        return client.get(url)
    return client.post(url, row.data or {})


def _body(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    return data.decode("utf-8", "replace").lower()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=[f"{row.method} {row.url}" for row in MATRIX])
def test_permission(client, world, row: Row, role: str):
    before = _snapshot()
    url = row.url.format(token=world["alices_token"].pk)
    response = _send(client, world, role, row, url)
    expected = row.expect[role]
    assert response.status_code == expected, _body(response)[:2000]

    body = _body(response)
    refused = expected in (401, 403, 404) or (role == "anon" and expected == 302)
    if refused:
        # A refusal changes nothing: no revision, review, waiver, token or audit event.
        assert _snapshot() == before
    if expected == 302:
        location = response["Location"]
        if row.url == "/accounts/logout/":
            assert location == "/accounts/login/"
        elif row.url.startswith("/admin/"):
            assert location == "/admin/login/?next=/admin/"  # staff only
        elif role == "anon":
            assert unquote(location) == f"/accounts/login/?next={url}", location
        else:
            assert "login" not in location, location
    if row.url.startswith("/api/"):
        assert response["Content-Type"].startswith(("application/json", "text/plain"))
        if expected >= 400:
            assert json.loads(body)["error"] == {401: "unauthorized", 403: "forbidden"}.get(
                expected, "not_found"
            )
    # Nobody sees data of an app they are not a member of; root is a member of everything.
    if role != "root":
        assert OTHER_MARKER not in body
    if role in ("anon", "charlie"):
        assert SHOP_MARKER not in body


# Membership is per app: a member of "shop" is a stranger to "other", like charlie.
SHOP_ROWS = [row for row in MATRIX if "/apps/shop/" in row.url]


@pytest.mark.parametrize("role", ["vera", "alice", "bob"])
@pytest.mark.parametrize("row", SHOP_ROWS, ids=[f"{row.method} {row.url}" for row in SHOP_ROWS])
def test_a_member_of_one_app_is_a_stranger_to_another(client, world, row: Row, role: str):
    other = row._replace(url=row.url.replace("/apps/shop/", "/apps/other/"))
    before = _snapshot()
    response = _send(client, world, role, other, other.url)
    assert response.status_code == row.expect["charlie"] == 404
    assert _snapshot() == before
    assert OTHER_MARKER not in _body(response)


# ---------------------------------------------------------------------------------------------
# What the status alone does not show.


def test_the_tokens_page_lists_only_your_own_tokens(client, world):
    for role, user in world["users"].items():
        client.force_login(user)
        body = client.get("/settings/tokens/").content.decode()
        own = set(user.tokens.values_list("prefix", flat=True))
        shown = {token.prefix for token in ApiToken.objects.all() if token.prefix in body}
        assert shown == own, role


def test_the_audit_log_cannot_be_filtered_to_another_apps_events(client, world):
    client.force_login(world["users"]["bob"])
    response = client.get("/audit/", {"app": "other"})
    assert response.status_code == 400
    assert "You are not a member of an app called “other”." in response.content.decode()
    assert OTHER_MARKER not in response.content.decode().lower()


def test_an_approver_who_wrote_the_revision_cannot_approve_it(client, app, bob):
    revision = add_revision(app, bob, fly_toml=FIRST, message="bob's own")
    client.force_login(bob)
    response = client.post(f"/apps/shop/revisions/{revision.number}/approve", REVIEW)
    assert response.status_code == 403
    assert "You wrote revision #1; someone else must approve it." in response.content.decode()
    assert not Review.objects.exists()


def test_a_superuser_who_wrote_the_revision_cannot_approve_it_either(client, app, admin_user):
    revision = add_revision(app, admin_user, fly_toml=FIRST, message="root's own")
    client.force_login(admin_user)
    response = client.post(f"/apps/shop/revisions/{revision.number}/approve", REVIEW)
    assert response.status_code == 403
    assert not Review.objects.exists()


def test_a_deactivated_users_token_is_refused(client, world):
    alice = world["users"]["alice"]
    User.objects.filter(pk=alice.pk).update(is_active=False)
    headers = {"Authorization": f"Bearer {world['api_tokens']['alice']}"}
    response = client.get("/api/v1/apps/shop/revisions/2", headers=headers)
    assert response.status_code == 401


@pytest.mark.parametrize(
    "path", ["/accounts/password_change/", "/accounts/password_reset/", "/accounts/reset/done/"]
)
def test_there_are_no_password_reset_pages_without_email(client, db, path):
    assert client.get(path).status_code == 404
