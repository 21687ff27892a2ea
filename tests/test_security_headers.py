import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import FLY_TOML, PASSWORD, add_revision

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
PRODUCTION = {
    "SECURE_HSTS_SECONDS": 31536000,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_SSL_REDIRECT": True,
}


@override_settings(**PRODUCTION)
def test_every_response_carries_the_security_headers(client, revision, alice):
    client.force_login(alice)
    response = client.get(reverse("revision-detail", args=["tynebase-backend", 1]), secure=True)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CSP
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@override_settings(**PRODUCTION)
def test_plain_http_is_redirected_except_the_health_check(client, db):
    assert client.get("/accounts/login/").status_code == 301
    assert client.get("/health").status_code == 200


@override_settings(**PRODUCTION)
def test_flys_proxy_header_marks_requests_secure(client, db):
    response = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200


@override_settings(**PRODUCTION)
def test_session_and_csrf_cookies_are_secure_and_http_only(client, alice):
    page = client.get("/accounts/login/", secure=True)
    csrf = page.cookies["csrftoken"]
    response = client.post(
        "/accounts/login/",
        {"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": csrf.value},
        secure=True,
    )
    session = response.cookies["sessionid"]
    assert (session["secure"], session["httponly"]) == (True, True)
    assert (csrf["secure"], csrf["httponly"]) == (True, True)


def test_forms_refuse_a_post_without_the_csrf_token(alice, revision):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    response = strict.post(reverse("revision-new", args=["tynebase-backend"]), {"message": "x"})
    assert response.status_code == 403


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/",
        "/apps/tynebase-backend/",
        "/apps/tynebase-backend/policy",
        "/apps/tynebase-backend/revisions/new",
        "/apps/tynebase-backend/revisions/1/",
        "/apps/tynebase-backend/revisions/2/",
        "/apps/tynebase-backend/compare/1/2/",
    ],
)
def test_pages_have_no_inline_script_style_or_event_handler(client, admin_user, app, alice, path):
    add_revision(app, alice)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("8080", "3000"))
    client.force_login(admin_user)
    body = client.get(path).content.decode()
    assert INLINE_SCRIPT.findall(body) == []
    assert INLINE_STYLE.findall(body) == []


@pytest.mark.parametrize(
    "path",
    [
        "/apps/tynebase-backend/",
        "/apps/tynebase-backend/policy",
        "/apps/tynebase-backend/audit/",
        "/apps/tynebase-backend/compare/1/2/",
        "/apps/tynebase-backend/revisions/2/",
    ],
)
def test_pages_with_htmx_regions_vary_on_hx_request(client, app, alice, bob, path):
    """A region fetched by htmx and pushed to the address bar must not come back from the
    browser's cache as the whole page (Back, reopen)."""
    add_revision(app, alice)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("lhr", "ams"))
    client.force_login(bob)
    for headers in ({}, {"HX-Request": "true"}):
        response = client.get(path, headers=headers)
        assert response.status_code == 200
        assert "HX-Request" in [value.strip() for value in response["Vary"].split(",")]
