"""An app whose every user-written field carries script-injection payloads, for the XSS tests.

Everything goes through the real actions (the way the forms, the API and the CLI store it),
so the pages render exactly what a hostile editor, approver or CI job could have written.
"""

import json
from dataclasses import dataclass

from django.contrib.auth.models import User

from configs.actions import (
    do_approve_revision,
    do_confirm_secret,
    do_create_api_token,
    do_create_app,
    do_match_fly_secrets,
    do_request_changes,
    do_update_policy,
    do_waive_finding,
)
from configs.models import FlyApp, Revision
from configs.secrets import parse_fly_secrets_list
from tests.conftest import DOCKERIGNORE, add_revision

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEXTAREA = "</textarea><script>alert(1)</script>"
PAYLOADS = (SCRIPT, IMG, TEXTAREA)
PAYLOAD = " ".join(PAYLOADS)  # 93 characters: fits every free-text field

# What a payload looks like once escaped for HTML text or attributes.
ESCAPED = {
    SCRIPT: "&lt;script&gt;alert(1)&lt;/script&gt;",
    IMG: "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;",
    TEXTAREA: "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;",
}
# Markup that must never reach a page unescaped.
FORBIDDEN = ("<script>alert", "<img src=x", "</textarea><script")

SLUG = "xss-demo"

FIRST = f"""\
# {PAYLOAD}
app = "{SLUG}"
primary_region = "lhr"

[build]
  dockerfile = "Dockerfile"

[http_service]
  internal_port = 8080
  force_https = true
"""
# The payload in a comment, a key (FLY150, waivable, whose key path is the payload), a value
# the semantic diff shows, and a .dockerignore pattern; SHOP_KEY is matched from a pasted
# `fly secrets list --json` whose digest and status carry payloads.
SECOND = f"""\
# {PAYLOAD}
# fly secrets set SHOP_KEY=...
app = "{SLUG}"
primary_region = "lhr"
{json.dumps(PAYLOAD)} = 1

[build]
  dockerfile = "Dockerfile"

[env]
  GREETING = {json.dumps(PAYLOAD)}

[http_service]
  internal_port = 8080
  force_https = true
"""
UNKNOWN_KEY_PATH = json.dumps(PAYLOAD)  # the key path of the FLY150 finding


@dataclass
class XssWorld:
    app: FlyApp
    first: Revision
    second: Revision


def make_xss_world(alice: User, bob: User) -> XssWorld:
    """alice edits and bob approves `xss-demo` (memberships are the caller's)."""
    app = FlyApp.objects.get(slug=SLUG)
    first = add_revision(app, alice, fly_toml=FIRST, message=f"first {PAYLOAD}")
    do_approve_revision(first, actor=bob, comment=f"approved {PAYLOAD}")
    do_update_policy(
        app,
        actor=bob,
        values={
            "name": PAYLOAD,
            "health_check_path": f"/{PAYLOAD}",
            "required_processes": [SCRIPT],
            "unexposed_processes": [IMG],
            "allowed_regions": ["lhr", TEXTAREA],
            "required_secrets": [PAYLOAD],
        },
    )
    app.refresh_from_db()
    second = add_revision(
        app, alice, fly_toml=SECOND, dockerignore=DOCKERIGNORE + PAYLOAD + "\n", message=PAYLOAD
    )
    do_request_changes(second, actor=bob, comment=f"changes {PAYLOAD}")
    do_waive_finding(
        second, actor=bob, rule="FLY150", path=UNKNOWN_KEY_PATH, reason=f"waived {PAYLOAD}"
    )
    do_confirm_secret(second, PAYLOAD, actor=alice)
    listed = [{"name": "SHOP_KEY", "digest": PAYLOAD, "status": SCRIPT}]
    do_match_fly_secrets(second, parse_fly_secrets_list(json.dumps(listed)), actor=alice)
    do_create_api_token(alice, name=PAYLOAD, actor=alice)
    return XssWorld(app=app, first=first, second=second)


def create_xss_app() -> FlyApp:
    return do_create_app(SLUG, name=SLUG)
