"""Shared test inputs: a config that passes every rule, and a way to look at one rule."""

import textwrap

from configs.rules import Policy, validate

CLEAN_FLY_TOML = """\
# fly secrets set DATABASE_URL=...
app = "shop"
primary_region = "iad"

[build]
  dockerfile = "Dockerfile"

[http_service]
  internal_port = 8080
  force_https = true
  auto_stop_machines = "stop"
  auto_start_machines = true
  min_machines_running = 1
  processes = ["app"]

  [[http_service.checks]]
    interval = "15s"
    timeout = "5s"
    grace_period = "10s"
    method = "GET"
    path = "/health"
"""

CLEAN_DOCKERIGNORE = """\
.git
.env
.env.*
*.pem
*.key
node_modules
.vscode
.idea
"""


def toml(text: str) -> str:
    """Dedent a snippet; its first line is line 1."""
    return textwrap.dedent(text).lstrip("\n")


def hits(rule_id: str, fly_toml: str, dockerignore: str | None = CLEAN_DOCKERIGNORE, policy=None):
    """(line, path) of every finding of one rule."""
    return [
        (f.line, f.path)
        for f in validate(toml(fly_toml), dockerignore, policy or Policy())
        if f.rule == rule_id
    ]
