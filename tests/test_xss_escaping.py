"""The raw HTML of every page that shows user-written text never carries a payload unescaped.

The browser test (tests/e2e/test_xss.py) proves nothing runs; this one reads the bytes, so it
also covers error pages, htmx partials and the echo of rejected input, cheaply.
"""

import json
from typing import NamedTuple

import pytest

from configs.models import Review
from tests.conftest import PASSWORD
from tests.xss_helpers import (
    ESCAPED,
    FORBIDDEN,
    IMG,
    PAYLOAD,
    SCRIPT,
    SECOND,
    SLUG,
    UNKNOWN_KEY_PATH,
    create_xss_app,
    make_xss_world,
)

APP = f"/apps/{SLUG}"
HTMX = {"HX-Request": "true"}


class Case(NamedTuple):
    user: str | None
    method: str
    url: str
    data: dict | None = None
    headers: dict | None = None
    status: int = 200


# fmt: off
CASES = {
    "app list":                 Case("bob", "GET", "/"),
    "app page":                 Case("bob", "GET", f"{APP}/"),
    "app history (htmx)":       Case("bob", "GET", f"{APP}/", None,
                                     {**HTMX, "HX-Target": "history"}),
    "policy form":              Case("bob", "GET", f"{APP}/policy"),
    "policy form, rejected":    Case("bob", "POST", f"{APP}/policy",
                                     {"name": PAYLOAD, "required_approvals": "0"}, None, 400),
    "approved revision":        Case("bob", "GET", f"{APP}/revisions/1/"),
    "revision page":            Case("bob", "GET", f"{APP}/revisions/2/"),
    "revision page, split":     Case("bob", "GET", f"{APP}/revisions/2/?view=split"),
    "revision page as editor":  Case("alice", "GET", f"{APP}/revisions/2/"),
    "reviews region (htmx)":    Case("bob", "GET", f"{APP}/revisions/2/", None,
                                     {**HTMX, "HX-Target": "reviews"}),
    "diffs region (htmx)":      Case("bob", "GET", f"{APP}/revisions/2/?view=split", None,
                                     {**HTMX, "HX-Target": "diffs"}),
    "approval refused, kept":   Case("bob", "POST", f"{APP}/revisions/2/approve",
                                     {"comment": PAYLOAD}, None, 409),
    "approval refused (htmx)":  Case("bob", "POST", f"{APP}/revisions/2/approve",
                                     {"comment": PAYLOAD}, HTMX, 409),
    "waiver refused, kept":     Case("bob", "POST", f"{APP}/revisions/2/waive",
                                     {"rule": "FLY150", "path": PAYLOAD, "reason": PAYLOAD},
                                     None, 400),
    "secret refused":           Case("alice", "POST", f"{APP}/revisions/2/secrets/confirm",
                                     {"name": PAYLOAD + "!"}, None, 400),
    "fly list refused, kept":   Case("alice", "POST", f"{APP}/revisions/2/secrets/fly-list",
                                     {"fly_secrets_json": PAYLOAD}, None, 400),
    "checklist (htmx)":         Case("alice", "POST", f"{APP}/revisions/2/secrets/confirm",
                                     {"name": PAYLOAD}, HTMX),
    "compare":                  Case("bob", "GET", f"{APP}/compare/1/2/"),
    "compare, split":           Case("bob", "GET", f"{APP}/compare/1/2/?view=split"),
    "compare, reversed":        Case("bob", "GET", f"{APP}/compare/2/1/"),
    "editor":                   Case("alice", "GET", f"{APP}/revisions/new"),
    "editor, rejected":         Case("alice", "POST", f"{APP}/revisions/new",
                                     {"fly_toml": SECOND, "message": "", "base": "2",
                                      "line_ending": "lf"}, None, 400),
    "editor, conflict":         Case("alice", "POST", f"{APP}/revisions/new",
                                     {"fly_toml": SECOND + f"# {PAYLOAD}\n", "message": PAYLOAD,
                                      "base": "1", "line_ending": "lf"}, None, 409),
    "live findings":            Case("alice", "POST", f"{APP}/validate",
                                     {"fly_toml": SECOND, "dockerignore": PAYLOAD}),
    "audit log":                Case("bob", "GET", "/audit/"),
    "app audit log":            Case("bob", "GET", f"{APP}/audit/"),
    "audit log, filtered":      Case("bob", "GET", "/audit/", {"user": PAYLOAD}),
    "audit log, bad filter":    Case("bob", "GET", "/audit/", {"kind": PAYLOAD}, None, 400),
    "tokens":                   Case("alice", "GET", "/settings/tokens/"),
    "token created":            Case("alice", "POST", "/settings/tokens/", {"name": PAYLOAD}),
    "log-in refused":           Case(None, "POST", "/accounts/login/",
                                     {"username": PAYLOAD, "password": "nope"}),
}
# fmt: on


@pytest.fixture
def app(db):
    return create_xss_app()


@pytest.fixture
def world(app, alice, bob):
    return make_xss_world(alice, bob)


def _fetch(client, case: Case, users: dict):
    if case.user:
        client.force_login(users[case.user])
    send = client.get if case.method == "GET" else client.post
    return send(case.url, case.data or {}, headers=case.headers or {})


def assert_escaped(html: str) -> None:
    for markup in FORBIDDEN:
        assert markup not in html, html[max(0, html.find(markup) - 300) :][:600]
    assert ESCAPED[SCRIPT] in html  # the payload is there, as text


@pytest.mark.parametrize("name", CASES)
def test_payloads_are_escaped(client, world, alice, bob, name):
    case = CASES[name]
    response = _fetch(client, case, {"alice": alice, "bob": bob})
    assert response.status_code == case.status, response.content[:3000]
    assert response["Content-Type"].startswith("text/html")
    assert_escaped(response.content.decode())


def test_flash_messages_are_escaped(client, world, alice):
    client.force_login(alice)
    token = alice.tokens.get(name=PAYLOAD)
    response = client.post(f"/settings/tokens/{token.pk}/revoke", follow=True)
    html = response.content.decode()
    assert "Revoked the token “&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_escaped(html)
    response = client.post(f"{APP}/revisions/2/secrets/withdraw", {"name": PAYLOAD}, follow=True)
    assert_escaped(response.content.decode())


def test_config_downloads_are_plain_text_attachments(client, world, bob):
    """Stored bytes are served as they are, so a browser must never render them as HTML."""
    client.force_login(bob)
    for url in (f"{APP}/revisions/2/fly.toml", f"{APP}/revisions/2/dockerignore"):
        response = client.get(url)
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert PAYLOAD.encode() in response.content


def test_the_world_really_holds_the_payloads(world):
    """Guards the other tests: the payloads were stored as written, not cleaned on the way in."""
    assert world.app.name == PAYLOAD
    assert world.second.message == PAYLOAD
    assert Review.objects.get(revision=world.second).comment == f"changes {PAYLOAD}"
    assert world.second.waivers.get().path == UNKNOWN_KEY_PATH
    assert json.dumps(PAYLOAD) in world.second.fly_toml


def test_the_login_form_keeps_a_payload_username_escaped(client, world):
    response = client.post("/accounts/login/", {"username": PAYLOAD, "password": PASSWORD})
    assert response.status_code == 200
    assert f'value="{ESCAPED[SCRIPT]} {ESCAPED[IMG]}' in response.content.decode()
