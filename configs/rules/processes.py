"""Process groups: which exist, which sections name them, which serve traffic."""

import re

from configs.rules.context import string_list, tables
from configs.rules.findings import ERROR, INFO, WARNING
from configs.rules.lineindex import join_index, join_key
from configs.rules.registry import Problem, rule

# Commands that start something listening for HTTP; workers (celery, sidekiq...) do not match.
_SERVER_COMMAND = re.compile(
    r"\b(gunicorn|uvicorn|hypercorn|daphne|puma|unicorn|server|serve|web|runserver|--bind|--port)\b"
)


def _unknown_groups(ctx, path: str, table: dict) -> list[Problem]:
    names = string_list(table.get("processes")) or []
    problems = []
    for index, name in enumerate(names):
        if name not in ctx.process_names:
            known = ", ".join(ctx.process_names)
            problems.append(
                Problem(
                    f"{path} names process group {name!r}, which is not defined (groups: {known})",
                    join_index(join_key(path, "processes"), index),
                    hint=f"Use one of: {known}, or add {name!r} to [processes].",
                )
            )
    return problems


@rule(
    "FLY114",
    ERROR,
    "Service without processes while [processes] is set",
    tags=("flyctl",),
    why="With [processes] defined, flyctl cannot tell which group a service routes to and "
    "fails validation (V8).",
    fix='Add processes = ["<group>"] to the service.',
    example='[processes]\n  web = "bin/server"\n[http_service]\n  internal_port = 8080',
)
def service_without_processes(ctx):
    """An [http_service] or [[services]] entry without `processes` when [processes] is
    non-empty."""
    if not ctx.processes:
        return []
    return [
        Problem(
            f"{service.path} has no processes but [processes] defines "
            f"{len(ctx.processes)} group(s)",
            service.path,
        )
        for service in ctx.services
        if "processes" not in service.table
    ]


@rule(
    "FLY115",
    ERROR,
    "Service names an undefined process group",
    tags=("flyctl",),
    why="flyctl fails validation when a service routes to a group that [processes] does not "
    "define; without [processes] the only group is `app` (V9).",
    fix="Name a group defined in [processes], or add the group there.",
    example='[processes]\n  web = "bin/server"\n[http_service]\n  processes = ["app"]',
)
def service_unknown_process(ctx):
    """A service `processes` entry that is not a [processes] key (or not `app` without one)."""
    problems = []
    for service in ctx.services:
        problems += _unknown_groups(ctx, service.path, service.table)
    return problems


@rule(
    "FLY116",
    ERROR,
    "Restart policy names an undefined process group",
    tags=("flyctl",),
    why="flyctl fails validation when [[restart]] names a group [processes] does not define (V27).",
    fix="Name a group defined in [processes], or add the group there.",
    example='[[restart]]\n  policy = "always"\n  processes = ["worker"]',
)
def restart_unknown_process(ctx):
    """A [[restart]] `processes` entry that is not a defined process group."""
    problems = []
    for path, table in tables(ctx.doc.get("restart"), "restart"):
        problems += _unknown_groups(ctx, path, table)
    return problems


@rule(
    "FLY117",
    WARNING,
    "Section names an undefined process group",
    tags=("flyctl-misses",),
    why="flyctl does not check `processes` on checks, mounts, vm, metrics and files; a typo "
    "there silently applies the section to no Machine at all.",
    fix="Name a group defined in [processes], or add the group there.",
    example='[processes]\n  web = "bin/server"\n[[vm]]\n  processes = ["wbe"]',
)
def section_unknown_process(ctx):
    """`processes` on [checks.x], [[mounts]], [[vm]], [[metrics]] or [[files]] naming a group
    that does not exist."""
    sections = list(ctx.top_level_checks) + ctx.mounts + ctx.vms
    sections += tables(ctx.doc.get("metrics"), "metrics") + tables(ctx.doc.get("files"), "files")
    problems = []
    for path, table in sections:
        problems += _unknown_groups(ctx, path, table)
    return problems


@rule(
    "FLY118",
    WARNING,
    "Service without ports",
    tags=("flyctl",),
    why="A [[services]] entry with no ports receives no traffic; flyctl warns about it (V10).",
    fix="Add a [[services.ports]] table, or remove the service.",
    example='[[services]]\n  internal_port = 8080\n  protocol = "tcp"',
)
def service_without_ports(ctx):
    """A [[services]] entry with no [[services.ports]]."""
    return [
        Problem(f"{service.path} exposes no ports", service.path)
        for service in ctx.services
        if not service.is_http_service and not service.ports
    ]


@rule(
    "FLY176",
    INFO,
    "Web process that no service routes to",
    tags=("flyctl-misses",),
    why="A process group whose command starts a web server but that no service names never "
    "receives traffic; often the service lists the wrong group. Workers are not flagged.",
    fix="Add the group to a service's processes (ignore this for internal-only servers).",
    example='[processes]\n  app = "bin/worker"\n  web = "gunicorn app:wsgi"\n'
    '[http_service]\n  processes = ["app"]',
)
def web_process_not_served(ctx):
    """A [processes] group whose command looks like a web server (gunicorn, puma, `server`,
    `--port`...) while services exist and none routes to it."""
    if not ctx.processes or not ctx.services:
        return []
    served = {group for service in ctx.services for group in service.groups(ctx)}
    return [
        Problem(
            f"Process {name!r} looks like a web server but no service routes to it",
            f"processes.{name}",
        )
        for name, command in ctx.processes.items()
        if name not in served and _SERVER_COMMAND.search(command)
    ]
