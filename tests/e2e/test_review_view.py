import re

from playwright.sync_api import Page, expect

from configs.models import SecretStatus
from tests.conftest import FLY_TOML, add_revision
from tests.e2e.conftest import log_in

DOCUMENTED = "# fly secrets set DATABASE_URL=... SENTRY_DSN=...\n" + FLY_TOML


def test_switching_between_unified_and_side_by_side_diffs(page: Page, live_server, app, alice):
    add_revision(app, alice)
    add_revision(app, alice, fly_toml=FLY_TOML.replace("8080", "3000"))
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/apps/tynebase-backend/compare/1/2/")
    expect(page.get_by_text("http_service.internal_port: 8080 -> 3000")).to_be_visible()
    expect(page.locator("table.diff-table.unified").first).to_be_visible()
    page.get_by_role("link", name="Side by side").click()
    split = page.locator("table.diff-table.split").first
    expect(split).to_be_visible()
    expect(split.locator("td.old mark")).to_have_text("8080")
    expect(split.locator("td.new mark")).to_have_text("3000")
    expect(page).to_have_url(re.compile(r"\?view=split$"))
    page.get_by_role("link", name="Unified").click()
    expect(page.locator("table.diff-table.unified").first).to_be_visible()


def test_ticking_the_secrets_checklist_updates_it_in_place(page: Page, live_server, app, alice):
    add_revision(app, alice, fly_toml=DOCUMENTED)
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/apps/tynebase-backend/revisions/1/")
    checklist = page.locator("#secrets")
    expect(checklist).to_contain_text("0 of 2 confirmed")
    checklist.get_by_role("button", name="Mark as set in Fly (SENTRY_DSN)").click()
    expect(checklist).to_contain_text("1 of 2 confirmed")
    expect(page.locator("#messages")).to_contain_text("Marked SENTRY_DSN as set in Fly.")
    page.get_by_label("Paste the output of fly secrets list --json").fill(
        '[{"name": "DATABASE_URL", "digest": "3c5e9f7a1b2d4c6e", "status": "Deployed"}]'
    )
    checklist.get_by_role("button", name="Match secrets").click()
    expect(checklist).to_contain_text("2 of 2 confirmed")
    expect(checklist).to_contain_text("digest 3c5e9f7a1b2d")
    assert SecretStatus.objects.count() == 2
