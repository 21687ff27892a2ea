"""The seed project's generic checks: the basics every reviewed fly.toml should have."""

import re

from configs.rules.context import show
from configs.rules.findings import ERROR, INFO, WARNING
from configs.rules.lineindex import join_key
from configs.rules.registry import FLY_TEXT, Problem, rule

# Fly app names become <app>.fly.dev: lowercase letters, digits and dashes, a DNS label.
_APP_NAME = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


@rule(
    "FLY008",
    ERROR,
    "Empty fly.toml",
    tags=("seed",),
    requires=FLY_TEXT,
    why="An empty fly.toml (or one of only comments and blank lines) configures nothing: "
    "flyctl asks for an app name and deploys with no services, checks or processes.",
    fix="Paste the app's real fly.toml, or generate one with `fly launch --no-deploy`.",
    example="# fly.toml\n",
)
def fly_toml_empty(ctx):
    """A fly.toml with no keys at all: empty, blank or only comments."""
    lines = (line.strip() for line in ctx.fly_text.splitlines())
    if any(line and not line.startswith("#") for line in lines):
        return []
    return [Problem("fly.toml has no settings at all")]


@rule(
    "FLY001",
    WARNING,
    "No app name",
    tags=("seed",),
    why="Without `app`, every flyctl command needs `-a NAME` or FLY_APP, and a deploy from the "
    "wrong shell lands on whatever app that names.",
    fix='Add app = "<your-app-name>" at the top of fly.toml.',
    example='primary_region = "iad"\n[http_service]\n  internal_port = 8080',
)
def app_missing(ctx):
    """fly.toml without a top-level `app` (or with an empty one)."""
    if ctx.doc.get("app"):
        return []
    return [Problem("fly.toml does not name its app", "app")]


@rule(
    "FLY002",
    ERROR,
    "Invalid app name",
    tags=("seed",),
    why="App names are DNS labels (<app>.fly.dev): lowercase letters, digits and dashes; "
    "template placeholders such as {APP_NAME} make `fly deploy` fail.",
    fix="Use the app's real name: lowercase letters, digits and dashes, at most 63 characters.",
    example='app = "{APP_NAME}"',
)
def app_name_invalid(ctx):
    """An `app` value that is not a valid Fly app name (e.g. a template placeholder)."""
    app = ctx.doc.get("app")
    if not isinstance(app, str) or not app or _APP_NAME.fullmatch(app):
        return []
    return [Problem(f"app = {show(app)} is not a valid Fly app name", "app")]


@rule(
    "FLY003",
    WARNING,
    "No primary_region",
    tags=("seed",),
    why="Without primary_region, new Machines and volumes have no home region and commands "
    "fail confusingly (`no capacity available in ''`, flyctl#2871).",
    fix='Add primary_region = "<code>", e.g. "iad" or "fra".',
    example='app = "my-app"\n[http_service]\n  internal_port = 8080',
)
def primary_region_missing(ctx):
    """fly.toml without primary_region."""
    if ctx.doc.get("primary_region"):
        return []
    return [Problem("fly.toml has no primary_region", "primary_region")]


@rule(
    "FLY004",
    INFO,
    "No [build] section",
    tags=("seed",),
    why="Without [build], flyctl looks for ./Dockerfile next to fly.toml or guesses a builder; "
    "writing it down makes the review show what is actually built.",
    fix='Add [build] with dockerfile = "Dockerfile" (or image = "...").',
    example='app = "my-app"\n[http_service]\n  internal_port = 8080',
)
def build_missing(ctx):
    """fly.toml without a [build] section."""
    if "build" in ctx.doc:
        return []
    return [Problem("No [build] section: flyctl will look for ./Dockerfile", "")]


@rule(
    "FLY005",
    INFO,
    "No services",
    tags=("seed",),
    why="Without [http_service] or [[services]], Fly Proxy sends the app no traffic: right for "
    "workers, a mistake for anything users should reach.",
    fix="Add an [http_service] with internal_port if the app serves requests.",
    example='app = "my-worker"\n[processes]\n  worker = "bin/worker"',
)
def services_missing(ctx):
    """Neither [http_service] nor [[services]] is defined."""
    if ctx.services:
        return []
    return [Problem("No [http_service] or [[services]]: the app receives no public traffic", "")]


@rule(
    "FLY006",
    WARNING,
    "HTTP not redirected to HTTPS",
    tags=("seed",),
    why="Without force_https, port 80 serves the app in plain text, cookies and tokens included.",
    fix="Set force_https = true on the HTTP (port 80) handler.",
    example='[[services.ports]]\n  port = 80\n  handlers = ["http"]',
)
def http_not_forced_to_https(ctx):
    """[http_service] without force_https = true, or a [[services]] port 80 with the http
    handler and no force_https."""
    problems = []
    for service in ctx.services:
        for port in service.ports:
            if (
                80 in port.numbers()
                and "http" in port.handlers
                and port.table.get("force_https") is not True
            ):
                path = join_key(port.path, "force_https")
                problems.append(
                    Problem(f"{port.path} serves HTTP on port 80 without force_https", path)
                )
    return problems


@rule(
    "FLY007",
    WARNING,
    "HTTP without HTTPS on 443",
    tags=("seed",),
    why="A service answering HTTP on port 80 with nothing on 443 (tls) cannot be reached over "
    "HTTPS at all.",
    fix='Add a port 443 with handlers = ["tls", "http"].',
    example='[[services.ports]]\n  port = 80\n  handlers = ["http"]',
)
def https_port_missing(ctx):
    """An HTTP port 80 is served but no port 443 with the tls handler exists."""
    ports = [port for service in ctx.services for port in service.ports]
    http = [p for p in ports if 80 in p.numbers() and "http" in p.handlers]
    https = [p for p in ports if 443 in p.numbers() and "tls" in p.handlers]
    if not http or https:
        return []
    return [
        Problem(
            f"{http[0].path} serves HTTP on port 80 but nothing serves HTTPS on 443", http[0].path
        )
    ]
