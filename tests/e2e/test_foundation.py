import re

from playwright.sync_api import Page, expect

from tests.conftest import FLY_TOML, add_revision
from tests.e2e.conftest import log_in


def test_logging_in_shows_the_users_apps(page: Page, live_server, alice, revision):
    log_in(page, live_server, "alice")
    expect(page.get_by_role("heading", name="Your Fly apps")).to_be_visible()
    expect(page.get_by_role("link", name="TyneBase backend")).to_be_visible()


def test_a_saved_revision_tops_the_history(page: Page, live_server, alice, revision):
    log_in(page, live_server, "alice")
    page.get_by_role("link", name="TyneBase backend").click()
    page.get_by_role("link", name="New revision").click()
    editor = page.get_by_label("fly.toml", exact=True)
    expect(editor).to_have_value(FLY_TOML)
    editor.fill(FLY_TOML.replace("8080", "3000"))
    page.get_by_label("What changed and why").fill("Move to port 3000")
    page.get_by_role("button", name="Save revision").click()
    expect(page).to_have_url(re.compile(r"/apps/tynebase-backend/revisions/2/$"))
    expect(page.get_by_text("Saved revision #2.")).to_be_visible()
    page.get_by_role("link", name="tynebase-backend").click()
    first_row = page.locator("#history tbody tr").first
    expect(first_row).to_contain_text("#2")
    expect(first_row).to_contain_text("Move to port 3000")


def test_a_conflicting_save_shows_the_conflict_and_keeps_the_text(
    page: Page, live_server, app, alice, bob, revision
):
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/apps/tynebase-backend/revisions/new")
    add_revision(app, bob, fly_toml=FLY_TOML + "# bob was here\n", message="bob's change")
    mine = FLY_TOML.replace("lhr", "ams")
    page.get_by_label("fly.toml", exact=True).fill(mine)
    page.get_by_label("What changed and why").fill("Move to Amsterdam")
    page.get_by_role("button", name="Save revision").click()
    expect(
        page.get_by_role("heading", name="Conflict: someone saved a newer revision")
    ).to_be_visible()
    expect(page.locator(".conflict td.ins")).to_contain_text("# bob was here")
    expect(page.get_by_label("fly.toml", exact=True)).to_have_value(mine)
    expect(page.get_by_label("What changed and why")).to_have_value("Move to Amsterdam")


def test_a_viewer_sees_no_edit_button(page: Page, live_server, vera, revision):
    log_in(page, live_server, "vera")
    page.get_by_role("link", name="TyneBase backend").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.get_by_role("link", name="New revision")).to_have_count(0)
    page.get_by_role("link", name="#1").click()
    expect(page.get_by_role("heading", name="Revision #1 of TyneBase backend")).to_be_visible()
    expect(page.get_by_role("link", name="New revision")).to_have_count(0)
