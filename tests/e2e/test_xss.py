"""In a real browser, script-injection payloads in everything users write show as text and
never run: no dialog opens, no injected element exists, and the payload reads literally.

The Content-Security-Policy would block inline scripts and handlers anyway; it is switched off
here so that these tests check the escaping itself, the first line of defence.
"""

import pytest
from playwright.sync_api import Page, expect

from configs.models import FlyApp
from tests.e2e.conftest import log_in
from tests.xss_helpers import (
    IMG,
    PAYLOAD,
    SCRIPT,
    SECOND,
    SLUG,
    TEXTAREA,
    UNKNOWN_KEY_PATH,
    create_xss_app,
    make_xss_world,
)

APP = f"/apps/{SLUG}"


@pytest.fixture(autouse=True)
def _no_csp(settings):
    settings.SECURE_CSP = {}


@pytest.fixture
def app(db):
    return create_xss_app()


@pytest.fixture
def world(app, alice, bob):
    return make_xss_world(alice, bob)


@pytest.fixture
def dialogs(page: Page) -> list[str]:
    """Every alert/confirm/prompt the page opens (there must be none)."""
    opened: list[str] = []

    def record(dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def assert_nothing_injected(page: Page, dialogs: list[str]) -> None:
    # Let any injected handler (an <img onerror>, say) fire before looking.
    page.wait_for_load_state("networkidle")
    assert dialogs == []
    expect(page.locator("img[onerror], img[src='x']")).to_have_count(0)
    inline = page.locator("script:not([src])")
    for index in range(inline.count()):
        assert "alert" not in inline.nth(index).inner_text()


def test_the_detector_detects_an_unescaped_payload(page: Page, live_server, db, dialogs):
    """Guards the tests below: the pages come without a CSP here, and an unescaped payload
    would be noticed."""
    response = page.goto(f"{live_server.url}/accounts/login/")
    assert "content-security-policy" not in response.headers
    page.evaluate(f"document.body.insertAdjacentHTML('beforeend', {IMG!r})")
    page.wait_for_timeout(200)
    assert dialogs == ["1"]


def test_app_list_and_app_page(page: Page, live_server, world, dialogs):
    log_in(page, live_server, "bob")
    expect(page.get_by_role("table")).to_contain_text(PAYLOAD)  # the app's name
    assert_nothing_injected(page, dialogs)

    page.goto(f"{live_server.url}{APP}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(PAYLOAD)
    history = page.locator("#history")
    expect(history).to_contain_text(PAYLOAD)  # #2's message
    expect(history).to_contain_text(f"first {PAYLOAD}")
    policy = page.locator("#policy")
    expect(policy).to_contain_text(f"/{PAYLOAD}")  # health check path
    for part in (SCRIPT, IMG, TEXTAREA):
        expect(policy).to_contain_text(part)
    assert page.title().startswith(PAYLOAD)
    assert_nothing_injected(page, dialogs)


def test_revision_page(page: Page, live_server, world, dialogs):
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}{APP}/revisions/2/")
    expect(page.locator(".page-head p").first).to_have_text(PAYLOAD)  # the message

    source = page.locator('section.file[aria-label="fly.toml"]')
    expect(source.locator("#fly\\.toml-L1")).to_contain_text(f"# {PAYLOAD}")  # a comment
    expect(source.locator("#fly\\.toml-L5")).to_contain_text(IMG)  # the unknown key
    expect(source.locator("#fly\\.toml-L5 .marker")).to_contain_text("FLY150: Unknown key")
    expect(source.locator("#fly\\.toml-L5 .marker")).to_contain_text(TEXTAREA)
    expect(page.locator('section.file[aria-label=".dockerignore"]')).to_contain_text(PAYLOAD)

    findings = page.locator("#findings")
    expect(findings).to_contain_text(f"waived {PAYLOAD}")  # the waiver's reason
    expect(findings.locator(".key-path", has_text=TEXTAREA)).to_have_text(UNKNOWN_KEY_PATH)
    reviews = page.locator("#reviews")
    expect(reviews).to_contain_text(f"changes {PAYLOAD}")  # bob's comment
    expect(reviews).to_contain_text(f"waived {PAYLOAD}")
    secrets = page.locator("#secrets")
    expect(secrets.locator(".secret-name", has_text=SCRIPT)).to_have_text(PAYLOAD)  # policy
    expect(secrets).to_contain_text(f"digest {PAYLOAD[:12]}")  # from fly secrets list
    expect(secrets).to_contain_text(f"· {SCRIPT}")  # its status in Fly

    diff = page.locator(".changes-since")
    expect(diff.locator(".semantic")).to_contain_text(f"{SCRIPT} \\{IMG} {TEXTAREA}")
    expect(diff.locator("table.diff-table.unified").first).to_contain_text(f"# {PAYLOAD}")
    assert_nothing_injected(page, dialogs)

    page.get_by_role("link", name="Side by side").click()
    expect(diff.locator("table.diff-table.split").first).to_contain_text(TEXTAREA)
    assert_nothing_injected(page, dialogs)

    page.goto(f"{live_server.url}{APP}/revisions/1/")
    expect(page.locator("#reviews")).to_contain_text(f"approved {PAYLOAD}")
    assert_nothing_injected(page, dialogs)


def test_a_refused_approval_keeps_the_comment_in_the_textarea(
    page: Page, live_server, world, dialogs
):
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}{APP}/revisions/2/")
    page.get_by_label("Comment").fill(PAYLOAD)
    page.get_by_role("button", name="Approve #2").click()
    expect(page.locator("#reviews [role=alert]")).to_contain_text("cannot be approved yet")
    expect(page.get_by_label("Comment")).to_have_value(PAYLOAD)
    assert_nothing_injected(page, dialogs)


def test_compare_page(page: Page, live_server, world, dialogs):
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}{APP}/compare/1/2/")
    expect(page.locator(".semantic")).to_contain_text(f"{SCRIPT} \\{IMG} {TEXTAREA}")
    expect(page.locator("table.diff-table.unified").first).to_contain_text(f"# {PAYLOAD}")
    expect(page.locator("table.diff-table.unified").nth(1)).to_contain_text(PAYLOAD)
    assert_nothing_injected(page, dialogs)
    page.goto(f"{live_server.url}{APP}/compare/1/2/?view=split")
    expect(page.locator("table.diff-table.split").first).to_contain_text(IMG)
    assert_nothing_injected(page, dialogs)


def test_editor_textarea_and_live_findings(page: Page, live_server, world, dialogs):
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{APP}/revisions/new")
    editor = page.get_by_label("fly.toml", exact=True)
    expect(editor).to_have_value(SECOND)  # `</textarea>` did not close the textarea
    expect(page.get_by_role("heading", level=1)).to_have_text(f"New revision of {PAYLOAD}")
    findings = page.locator("#findings")
    expect(findings).to_contain_text("FLY150")  # validated on load
    expect(findings).to_contain_text(TEXTAREA)
    assert_nothing_injected(page, dialogs)

    editor.press("Control+End")
    editor.press_sequentially(f'\n[[vm]]\n  "{SCRIPT}" = 1\n')
    expect(findings.locator('.finding[data-line="18"]')).to_contain_text(
        f'Unknown key vm[0]."{SCRIPT}"'
    )
    assert_nothing_injected(page, dialogs)


def test_policy_form_round_trip(page: Page, live_server, world, dialogs):
    log_in(page, live_server, "bob")
    page.goto(f"{live_server.url}{APP}/policy")
    expect(page.get_by_label("Name")).to_have_value(PAYLOAD)
    expect(page.get_by_label("Health check path")).to_have_value(f"/{PAYLOAD}")
    page.get_by_label("Name").fill(f"renamed {PAYLOAD}")
    page.get_by_role("button", name="Save policy").click()
    # The stored payloads are not valid region codes or secret names: refused, shown escaped.
    expect(page.locator("#policy")).to_contain_text(f"Not a region code: {TEXTAREA}")
    assert_nothing_injected(page, dialogs)
    # Region codes and secret names are checked on the way in; free text is not.
    page.get_by_label("Allowed regions").fill("lhr")
    page.get_by_label("Required secrets").fill("API_KEY")
    page.get_by_label("Required processes").fill(SCRIPT)
    page.get_by_role("button", name="Save policy").click()
    expect(page.locator("#messages")).to_contain_text("Policy saved.")
    assert FlyApp.objects.get(slug=SLUG).name == f"renamed {PAYLOAD}"
    assert_nothing_injected(page, dialogs)
    page.goto(f"{live_server.url}{APP}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"renamed {PAYLOAD}")
    expect(page.locator("#policy")).to_contain_text(SCRIPT)
    assert_nothing_injected(page, dialogs)


def test_audit_logs(page: Page, live_server, world, dialogs):
    log_in(page, live_server, "bob")
    for url in ("/audit/", f"{APP}/audit/"):
        page.goto(f"{live_server.url}{url}")
        events = page.locator("#events")
        expect(events).to_contain_text(f"“changes {PAYLOAD}”")  # a review comment
        expect(events).to_contain_text(f"waived {PAYLOAD}")  # a waiver's reason
        expect(events).to_contain_text(f"Confirmed secret {PAYLOAD}")
        assert_nothing_injected(page, dialogs)
    page.goto(f"{live_server.url}/audit/?user={IMG}")
    expect(page.get_by_label("User")).to_have_value(IMG)
    assert_nothing_injected(page, dialogs)


def test_tokens_page(page: Page, live_server, world, dialogs):
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/settings/tokens/")
    expect(page.locator("table.tokens")).to_contain_text(PAYLOAD)
    page.get_by_label("Token name").fill(f"new {PAYLOAD}")
    page.get_by_role("button", name="Create token").click()
    expect(page.locator("#created-heading")).to_have_text(f"New token “new {PAYLOAD}”")
    assert_nothing_injected(page, dialogs)
    page.get_by_role("button", name=f"Revoke {PAYLOAD}").click()
    expect(page.locator("#messages")).to_contain_text(f"Revoked the token “{PAYLOAD}”")
    assert_nothing_injected(page, dialogs)


def test_a_viewer_sees_the_same_text(page: Page, live_server, world, dialogs, vera):
    log_in(page, live_server, "vera")
    page.goto(f"{live_server.url}{APP}/revisions/2/")
    expect(page.locator("#secrets .secret-name", has_text=SCRIPT)).to_have_text(PAYLOAD)
    assert_nothing_injected(page, dialogs)
