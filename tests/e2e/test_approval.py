"""Two people, two browsers: alice proposes, bob reviews and approves, alice sees it approved."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import FLY_TOML
from tests.e2e.conftest import log_in


@pytest.fixture
def two_pages(browser: Browser, live_server):
    contexts = [browser.new_context(), browser.new_context()]
    yield [context.new_page() for context in contexts]
    for context in contexts:
        context.close()


def test_an_editor_proposes_and_an_approver_approves(two_pages, live_server, alice, bob, revision):
    alice_page, bob_page = two_pages

    # alice proposes revision #2 in the editor.
    log_in(alice_page, live_server, "alice")
    alice_page.goto(f"{live_server.url}/apps/tynebase-backend/revisions/new")
    alice_page.get_by_label("fly.toml", exact=True).fill(FLY_TOML.replace("8080", "8081"))
    alice_page.get_by_label("What changed and why").fill("Listen on 8081")
    alice_page.get_by_role("button", name="Save revision").click()
    expect(alice_page).to_have_url(re.compile(r"/apps/tynebase-backend/revisions/2/$"))
    approval = alice_page.locator("#reviews")
    expect(approval.locator(".reviews-head .badge")).to_have_text("pending")
    expect(approval).to_contain_text(
        "You wrote this revision, so an approver other than you reviews it."
    )
    expect(alice_page.get_by_role("button", name="Approve #2")).to_have_count(0)

    # bob opens it: findings, the checklist of conditions, then approves.
    log_in(bob_page, live_server, "bob")
    bob_page.goto(f"{live_server.url}/apps/tynebase-backend/revisions/2/")
    expect(bob_page.get_by_role("heading", name="Findings")).to_be_visible()
    expect(bob_page.get_by_role("heading", name="Required secrets")).to_be_visible()
    checklist = bob_page.locator("#reviews ul.conditions")
    expect(checklist).to_contain_text("#2 is the latest revision.")
    expect(checklist).to_contain_text(
        "Needs 1 more approval (0 of 1) from an approver other than alice."
    )
    bob_page.get_by_label("Comment").fill("Port change agreed with the platform team.")
    bob_page.get_by_role("button", name="Approve #2").click()
    region = bob_page.locator("#reviews")
    expect(region.get_by_text("You approved revision #2.")).to_be_visible()
    expect(region.locator(".reviews-head .badge")).to_have_text("approved")
    expect(region).to_contain_text("Port change agreed with the platform team.")
    expect(bob_page).to_have_url(re.compile(r"/revisions/2/$"))  # swapped in place by htmx

    # alice's page shows it approved; she still has no approve control.
    alice_page.reload()
    expect(alice_page.locator("#reviews .reviews-head .badge")).to_have_text("approved")
    expect(alice_page.locator("#reviews .verdict")).to_have_text(
        "Approved for deploy: every condition is met."
    )
    expect(alice_page.get_by_role("button", name="Approve #2")).to_have_count(0)
    alice_page.get_by_role("link", name="tynebase-backend").click()
    expect(alice_page.locator("#deploy")).to_contain_text("approved for deploy")
    expect(alice_page.locator("#deploy")).to_contain_text("Revision #2: Listen on 8081")

    # A hand-made POST by alice is refused too.
    csrf = next(c["value"] for c in alice_page.context.cookies() if c["name"] == "csrftoken")
    refused = alice_page.request.post(
        f"{live_server.url}/apps/tynebase-backend/revisions/2/approve",
        form={"comment": "me too"},
        headers={"X-CSRFToken": csrf, "Referer": live_server.url},
    )
    assert refused.status == 403
    assert "Only approvers of tynebase-backend can approve it." in refused.text()


def test_a_refusal_shows_in_the_region_without_a_reload(
    page: Page, live_server, app, alice, bob, revision
):
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/apps/tynebase-backend/revisions/1/")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator("#reviews [role=alert]")).to_have_text(
        "Say what should change: the comment is empty."
    )
    page.get_by_label("Comment").fill("Pin primary_region to lhr.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator("#reviews .reviews-head .badge")).to_have_text("changes requested")


def test_an_approver_withdraws_an_approval_in_place(page: Page, live_server, alice, bob, revision):
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}/apps/tynebase-backend/revisions/1/")
    page.get_by_role("button", name="Approve #1").click()
    region = page.locator("#reviews")
    expect(region.locator(".reviews-head .badge")).to_have_text("approved")
    region.get_by_label("Found a problem? Say what should change").fill("The port is wrong.")
    region.get_by_role("button", name="Withdraw approval and request changes").click()
    expect(region.locator(".reviews-head .badge")).to_have_text("changes requested")
    expect(region).to_contain_text(
        "You requested changes on revision #1. Your approval is withdrawn."
    )
    expect(region).to_contain_text("withdrew their approval")
    expect(region.get_by_role("button", name="Approve #1")).to_be_visible()
    # The page shown again (from the page cache) is the current one.
    page.reload()
    expect(page.locator("#reviews .reviews-head .badge")).to_have_text("changes requested")
