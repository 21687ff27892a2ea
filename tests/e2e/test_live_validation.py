from playwright.sync_api import Page, expect

from configs.models import Revision
from tests.conftest import FLY_TOML
from tests.e2e.conftest import log_in


def test_typing_a_hardcoded_secret_flags_its_line_without_saving(
    page: Page, live_server, alice, revision
):
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/apps/tynebase-backend/revisions/new")
    expect(page.get_by_text("No findings: every rule passes.")).to_be_visible()
    editor = page.get_by_label("fly.toml", exact=True)
    editor.press("Control+End")
    editor.press_sequentially('\n[env]\n  API_TOKEN = "ghp_x7Kq2LmN9pR4sT6vW8yZ1aB3cD5eF7gH9jK2"\n')
    error = page.locator('#findings .finding.sev-error[data-line="12"]')
    expect(error).to_contain_text("SEC301")
    expect(error).to_contain_text("env.API_TOKEN")
    expect(page.locator('.gutter[data-for="fly.toml"] [data-line="12"]')).to_have_class(
        "mark-error"
    )
    error.get_by_role("link", name="fly.toml line 12").click()
    selected = editor.evaluate("el => el.value.slice(el.selectionStart, el.selectionEnd)")
    assert selected == '  API_TOKEN = "ghp_x7Kq2LmN9pR4sT6vW8yZ1aB3cD5eF7gH9jK2"'
    assert Revision.objects.count() == 1
    assert revision.fly_toml == FLY_TOML
