"""Screenshots of Preflight's pages at desktop and phone widths, for a look as a user would.

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL] (default http://127.0.0.1:8000,
served by `make run`). Writes PNGs to screenshots/.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parents[1] / "screenshots"
PAGES = [
    ("apps", "/"),
    ("app", "/apps/tynebase-backend/"),
    ("revision", "/apps/tynebase-backend/revisions/3/"),
    ("revision-2", "/apps/tynebase-backend/revisions/2/"),
    ("new", "/apps/tynebase-backend/revisions/new"),
    ("compare", "/apps/tynebase-backend/compare/1/3/"),
    ("audit", "/audit/"),
]
WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        for label, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{BASE}/accounts/login/")
            page.screenshot(path=OUT / f"login-{label}.png")
            page.get_by_label("Username").fill(sys.argv[2] if len(sys.argv) > 2 else "bob")
            page.get_by_label("Password").fill("preflight-demo")
            page.get_by_role("button", name="Log in").click()
            for name, path in PAGES:
                response = page.goto(BASE + path)
                status = response.status if response else "?"
                page.screenshot(path=OUT / f"{name}-{label}.png", full_page=True)
                print(f"{label:8} {status} {path}")
        browser.close()


if __name__ == "__main__":
    main()
