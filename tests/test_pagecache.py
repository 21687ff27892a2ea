"""The revision page is kept whole per process (configs/pagecache.py): a page shown again is the
same page, and any change to the app, or to who is looking, shows at once."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.cache import caches
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client
from django.urls import reverse

from configs.actions import (
    do_approve_revision,
    do_confirm_secret,
    do_request_changes,
    do_set_membership,
    do_unconfirm_secret,
    do_update_policy,
    do_waive_finding,
)
from configs.models import Role
from tests.conftest import FLY_TOML, add_revision
from tests.workflow_helpers import PORT_ERROR, revision_with_findings

DOCUMENTED = "# fly secrets set DATABASE_URL=...\n" + FLY_TOML
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def page(number=1):
    return reverse("revision-detail", args=["tynebase-backend", number])


def tokens(body: str) -> set[str]:
    return set(TOKEN.findall(body))


def without_tokens(body: str) -> str:
    return re.sub(r'[A-Za-z0-9]{64}(?=")', "TOKEN", body)


def test_a_page_shown_again_is_the_same_page_with_a_fresh_csrf_token(app, alice, bob):
    add_revision(app, alice)
    client = Client(enforce_csrf_checks=True)
    client.force_login(bob)
    first = client.get(page()).content.decode()
    again = client.get(page()).content.decode()
    assert without_tokens(again) == without_tokens(first)
    (first_token,) = tokens(first)
    (again_token,) = tokens(again)
    assert again_token != first_token
    assert _unmask_cipher_token(again_token) == _unmask_cipher_token(first_token)
    response = client.post(
        reverse("revision-approve", args=["tynebase-backend", 1]),
        {"comment": "", "csrfmiddlewaretoken": again_token},
    )
    assert response.status_code == 302


def test_a_new_browser_gets_a_csrf_cookie_that_matches_the_cached_page(app, alice, bob):
    add_revision(app, alice)
    first = Client()
    first.force_login(bob)
    first.get(page())
    fresh = Client(enforce_csrf_checks=True)
    fresh.force_login(bob)
    response = fresh.get(page())
    (token,) = tokens(response.content.decode())
    assert _unmask_cipher_token(token) == response.cookies["csrftoken"].value


def test_each_viewer_gets_their_own_page(client, app, alice, bob):
    add_revision(app, alice)
    client.force_login(bob)
    assert "Approve #1</button>" in client.get(page()).content.decode()
    client.force_login(alice)
    body = client.get(page()).content.decode()
    assert "Approve #1</button>" not in body
    assert '<span class="muted">alice</span>' in body
    assert "You wrote this revision, so an approver other than you reviews it." in body


def test_the_htmx_region_and_the_whole_page_are_kept_apart(client, app, alice, bob):
    add_revision(app, alice)
    client.force_login(bob)
    region = client.get(page(), headers={"HX-Request": "true", "HX-Target": "reviews"})
    whole = client.get(page())
    assert not region.content.decode().startswith("<!doctype html>")
    assert whole.content.decode().startswith("<!doctype html>")
    again = client.get(page(), headers={"HX-Request": "true", "HX-Target": "reviews"})
    assert without_tokens(again.content.decode()) == without_tokens(region.content.decode())


def test_a_message_shows_once_and_the_page_after_it_is_current(client, app, alice, bob):
    add_revision(app, alice)
    client.force_login(bob)
    client.get(page())
    response = client.post(
        reverse("revision-approve", args=["tynebase-backend", 1]), {"comment": ""}, follow=True
    )
    assert "You approved revision #1." in response.content.decode()
    body = client.get(page()).content.decode()
    assert "You approved revision #1." not in body
    assert "You approved this revision." in body


@dataclass
class Change:
    """A change made between two views of revision #1, and the text it puts on the page."""

    make: Callable
    shows: str
    findings: list = field(default_factory=list)
    fly_toml: str = FLY_TOML
    prepare: Callable = lambda revision, people: None
    viewer: str = "bob"


CHANGES = {
    "approve": Change(
        lambda revision, people: do_approve_revision(revision, actor=people["bob"]),
        shows='<span class="badge badge-ok">approved</span>',
    ),
    "request changes": Change(
        lambda revision, people: do_request_changes(
            revision, actor=people["bob"], comment="Port must be 8080."
        ),
        shows="Port must be 8080.",
    ),
    "waive": Change(
        lambda revision, people: do_waive_finding(
            revision,
            actor=people["bob"],
            rule="POL404",
            path="http_service.internal_port",
            reason="Legacy port, agreed.",
        ),
        shows="Legacy port, agreed.",
        findings=[PORT_ERROR],
    ),
    "confirm a secret": Change(
        lambda revision, people: do_confirm_secret(revision, "DATABASE_URL", actor=people["alice"]),
        shows="1 of 1 confirmed",
        fly_toml=DOCUMENTED,
    ),
    "withdraw a secret": Change(
        lambda revision, people: do_unconfirm_secret(
            revision, "DATABASE_URL", actor=people["alice"]
        ),
        shows="0 of 1 confirmed",
        fly_toml=DOCUMENTED,
        prepare=lambda revision, people: do_confirm_secret(
            revision, "DATABASE_URL", actor=people["alice"]
        ),
    ),
    "policy": Change(
        lambda revision, people: do_update_policy(
            revision.app, actor=people["bob"], values={"required_approvals": 2}
        ),
        shows="Needs 2 more approvals (0 of 2)",
    ),
    "newer revision": Change(
        lambda revision, people: add_revision(
            revision.app, people["alice"], fly_toml=FLY_TOML.replace("lhr", "ams")
        ),
        shows="Only the latest revision (#2) can be reviewed.",
    ),
    "membership": Change(
        lambda revision, people: do_set_membership(
            revision.app, people["vera"], Role.APPROVER, actor=people["bob"]
        ),
        shows="Approve #1</button>",
        viewer="vera",
    ),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_every_change_to_the_app_shows_on_the_next_view(client, app, alice, bob, vera, change):
    people = {"alice": alice, "bob": bob, "vera": vera}
    revision = revision_with_findings(app, alice, change.findings, fly_toml=change.fly_toml)
    change.prepare(revision, people)
    client.force_login(people[change.viewer])
    before = client.get(page()).content.decode()
    change.make(revision, people)
    assert change.shows not in before
    assert change.shows in client.get(page()).content.decode()


def test_a_revision_that_does_not_exist_is_404_each_time(client, app, alice):
    add_revision(app, alice)
    client.force_login(alice)
    for _ in range(2):
        response = client.get(page(7))
        assert response.status_code == 404
        assert "tynebase-backend has no revision #7." in response.content.decode()


def test_made_up_query_parameters_share_one_cached_page(client, app, alice):
    add_revision(app, alice)
    client.force_login(alice)
    for number in range(5):
        assert client.get(page(), {"junk": number}).status_code == 200
    assert len(caches["pages"]._cache) == 1
    client.get(page(), {"view": "split"})
    assert len(caches["pages"]._cache) == 2
