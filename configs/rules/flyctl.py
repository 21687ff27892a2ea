"""What `fly config validate` and `fly deploy` check (reference §1a), with key paths and lines."""

import shlex

from configs.rules.context import is_int, show, tables
from configs.rules.findings import ERROR, WARNING
from configs.rules.lineindex import join_key
from configs.rules.registry import Problem, rule
from configs.rules.units import (
    MILLISECONDS,
    NANOSECONDS,
    SECONDS,
    duration_seconds,
    format_seconds,
    go_duration_seconds,
)

STRATEGIES = ("rolling", "canary", "immediate", "bluegreen")
RESTART_POLICIES = ("always", "never", "on-failure")
COMPRESSIONS = ("gzip", "zstd")
AUTOSTOP_STRINGS = ("off", "stop", "suspend")
PERSIST_ROOTFS = ("never", "restart", "always")
CHECK_TYPES = ("http", "tcp")


def _not_allowed(path: str, value, allowed: tuple[str, ...]) -> list[Problem]:
    if not isinstance(value, str) or value in allowed:
        return []
    choices = ", ".join(f'"{a}"' for a in allowed)
    return [
        Problem(
            f"{path} = {show(value)} is not one of {choices}", path, hint=f"Use one of {choices}."
        )
    ]


def _vm_tables(ctx) -> list[tuple[str, dict]]:
    release_vm = ctx.section("deploy").get("release_command_vm")
    return ctx.vms + tables(release_vm, "deploy.release_command_vm")


@rule(
    "FLY103",
    ERROR,
    "Value flyctl rejects",
    tags=("flyctl",),
    why="flyctl refuses these values when it loads or validates the config, so the deploy fails.",
    fix="Use one of the values flyctl accepts.",
    example='[deploy]\n  strategy = "blue-green"   # bluegreen',
)
def rejected_value(ctx):
    """`deploy.strategy`, `[[restart]] policy`, `build.compression`, `auto_stop_machines` and
    `persist_rootfs` values outside the sets flyctl accepts (V3, V28, V29, P12, P14)."""
    problems = _not_allowed("deploy.strategy", ctx.section("deploy").get("strategy"), STRATEGIES)
    for path, restart in tables(ctx.doc.get("restart"), "restart"):
        problems += _not_allowed(join_key(path, "policy"), restart.get("policy"), RESTART_POLICIES)
    problems += _not_allowed(
        "build.compression", ctx.section("build").get("compression"), COMPRESSIONS
    )
    for service in ctx.services:
        path = join_key(service.path, "auto_stop_machines")
        problems += _not_allowed(path, service.table.get("auto_stop_machines"), AUTOSTOP_STRINGS)
    for path, vm in _vm_tables(ctx):
        problems += _not_allowed(
            join_key(path, "persist_rootfs"), vm.get("persist_rootfs"), PERSIST_ROOTFS
        )
    return problems


def _commands(ctx) -> list[tuple[str, str]]:
    found = [(f"processes.{name}", command) for name, command in ctx.processes.items()]
    for path, table in (
        ("deploy.release_command", ctx.section("deploy")),
        ("console_command", ctx.doc),
    ):
        command = table.get(path.rsplit(".", 1)[-1])
        if isinstance(command, str):
            found.append((path, command))
    return found


@rule(
    "FLY104",
    ERROR,
    "Command cannot be shell-split",
    tags=("flyctl",),
    why="flyctl splits release_command, console_command and [processes] commands like a shell "
    "would; an unbalanced quote or trailing backslash fails validation (V2, V14, V16).",
    fix="Balance the quotes (or escape them) in the command.",
    example='[deploy]\n  release_command = "sh -c \'migrate"',
)
def unsplittable_command(ctx):
    """A release_command, console_command or [processes] command with unbalanced quotes."""
    problems = []
    for path, command in _commands(ctx):
        try:
            shlex.split(command)
        except ValueError as error:
            problems.append(Problem(f"{path} cannot be shell-split: {str(error).lower()}", path))
    return problems


def duration_values(ctx):
    """(path, value, unit of a bare integer) for every duration in the config."""
    found = [("kill_timeout", ctx.doc.get("kill_timeout"), SECONDS)]
    deploy = ctx.section("deploy")
    for key in ("wait_timeout", "release_command_timeout"):
        found.append((f"deploy.{key}", deploy.get(key), NANOSECONDS))
    checks = list(ctx.top_level_checks)
    for service in ctx.services:
        checks += service.checks()
        for path, check in tables(
            service.table.get("machine_checks"), join_key(service.path, "machine_checks")
        ):
            found.append((join_key(path, "kill_timeout"), check.get("kill_timeout"), NANOSECONDS))
    for path, check in tables(ctx.doc.get("machine_checks"), "machine_checks"):
        found.append((join_key(path, "kill_timeout"), check.get("kill_timeout"), NANOSECONDS))
    for path, check in checks:
        for key in ("interval", "timeout", "grace_period"):
            found.append((join_key(path, key), check.get(key), MILLISECONDS))
    return [(path, value, unit) for path, value, unit in found if value is not None]


@rule(
    "FLY105",
    ERROR,
    "Invalid duration",
    tags=("flyctl",),
    why="Durations are parsed with Go's time.ParseDuration; anything else fails to load (P13).",
    fix='Write the duration as a number with a unit, such as "10s", "1m30s" or "500ms".',
    example='[[http_service.checks]]\n  interval = "10 seconds"',
)
def invalid_duration(ctx):
    """Duration strings Go cannot parse (e.g. "10 seconds", "5sec")."""
    return [
        Problem(f"{path} = {show(value)} is not a Go duration", path)
        for path, value, _ in duration_values(ctx)
        if isinstance(value, str) and go_duration_seconds(value) is None
    ]


@rule(
    "FLY106",
    WARNING,
    "More than one build strategy",
    tags=("flyctl",),
    why="flyctl warns and picks one of image, builder/buildpacks, dockerfile and builtin; the "
    "others are ignored, and a TODO in flyctl says this will become an error (V1).",
    fix="Keep exactly one of image, builder/buildpacks, dockerfile or builtin in [build].",
    example='[build]\n  image = "ghcr.io/acme/app:1.2"\n  dockerfile = "Dockerfile"',
)
def several_build_strategies(ctx):
    """[build] naming more than one of: a prebuilt image, a buildpack builder, a Dockerfile
    (or build-target), a builtin."""
    build = ctx.section("build")
    strategies = [
        name
        for name, keys in (
            ("image", ("image",)),
            ("buildpacks", ("builder", "buildpacks")),
            ("dockerfile", ("dockerfile", "build-target")),
            ("builtin", ("builtin",)),
        )
        if any(build.get(key) for key in keys)
    ]
    if len(strategies) < 2:
        return []
    return [
        Problem(
            f"[build] names {len(strategies)} build strategies: {', '.join(strategies)}", "build"
        )
    ]


def _strategy_with_mounts(ctx, strategy: str) -> list[Problem]:
    if ctx.strategy != strategy or not ctx.mounts:
        return []
    return [
        Problem(f'deploy.strategy = "{strategy}" cannot be used with [[mounts]]', "deploy.strategy")
    ]


@rule(
    "FLY107",
    ERROR,
    "Canary deploys with volumes",
    tags=("flyctl",),
    why="flyctl refuses the canary strategy when the app mounts volumes (V4): the canary Machine "
    "would need a second volume.",
    fix='Use strategy = "rolling" (or "immediate") for apps with [[mounts]].',
    example='[deploy]\n  strategy = "canary"\n[[mounts]]\n  source = "data"',
)
def canary_with_mounts(ctx):
    """deploy.strategy = "canary" while [[mounts]] is set."""
    return _strategy_with_mounts(ctx, "canary")


@rule(
    "FLY108",
    ERROR,
    "Blue-green deploys with volumes",
    tags=("flyctl-misses",),
    why="The Fly docs exclude bluegreen for apps with volumes (the green Machines cannot attach "
    "the blue Machines' volumes); flyctl does not check it before deploying.",
    fix='Use strategy = "rolling" (or "immediate") for apps with [[mounts]].',
    example='[deploy]\n  strategy = "bluegreen"\n[[mounts]]\n  source = "data"',
)
def bluegreen_with_mounts(ctx):
    """deploy.strategy = "bluegreen" while [[mounts]] is set."""
    return _strategy_with_mounts(ctx, "bluegreen")


@rule(
    "FLY109",
    ERROR,
    "Blue-green deploys without health checks",
    tags=("flyctl",),
    why="A bluegreen deploy only switches traffic once the new Machines pass health checks; "
    "with none, flyctl aborts (`app not in valid state for bluegreen deployments`).",
    fix="Add a health check ([[http_service.checks]], [[services.tcp_checks]] or [checks.x]).",
    example='[deploy]\n  strategy = "bluegreen"\n[http_service]\n  internal_port = 8080',
)
def bluegreen_without_checks(ctx):
    """deploy.strategy = "bluegreen" and no service or top-level health check."""
    if ctx.strategy != "bluegreen" or ctx.has_health_checks():
        return []
    return [
        Problem('deploy.strategy = "bluegreen" needs at least one health check', "deploy.strategy")
    ]


@rule(
    "FLY110",
    ERROR,
    "Top-level check without a valid type",
    tags=("flyctl",),
    why='flyctl cannot process a [checks.x] entry unless type is "http" or "tcp" (V5).',
    fix='Set type = "http" (with a path) or type = "tcp".',
    example='[checks.alive]\n  port = 8080\n  path = "/health"',
)
def top_level_check_type(ctx):
    """A [checks.<name>] entry whose type is missing or not "http"/"tcp"."""
    problems = []
    for path, check in ctx.top_level_checks:
        check_type = check.get("type")
        if check_type is None:
            problems.append(Problem(f'{path} has no type ("http" or "tcp")', path))
        else:
            problems += _not_allowed(join_key(path, "type"), check_type, CHECK_TYPES)
    return problems


def _top_level_check_bound(ctx, key: str, too_far, limit: str) -> list[Problem]:
    problems = []
    for path, check in ctx.top_level_checks:
        seconds = duration_seconds(check.get(key), MILLISECONDS)
        if seconds is not None and too_far(seconds):
            key_path = join_key(path, key)
            problems.append(Problem(f"{key_path} is {format_seconds(seconds)}; {limit}", key_path))
    return problems


@rule(
    "FLY111",
    ERROR,
    "Top-level check interval under 2 seconds",
    tags=("flyctl",),
    why="The Machines API refuses check intervals below 2s, so flyctl rejects them (V6).",
    fix='Set the interval to at least "2s".',
    example='[checks.alive]\n  type = "tcp"\n  port = 8080\n  interval = "1s"',
)
def top_level_check_interval(ctx):
    """A [checks.<name>] interval shorter than 2 seconds."""
    return _top_level_check_bound(ctx, "interval", lambda s: s < 2, "the minimum is 2s")


@rule(
    "FLY112",
    ERROR,
    "Top-level check timeout over 60 seconds",
    tags=("flyctl",),
    why="flyctl rejects top-level check timeouts longer than a minute (V7).",
    fix='Set the timeout to "60s" or less.',
    example='[checks.alive]\n  type = "tcp"\n  port = 8080\n  timeout = "2m"',
)
def top_level_check_timeout(ctx):
    """A [checks.<name>] timeout longer than 60 seconds."""
    return _top_level_check_bound(ctx, "timeout", lambda s: s > 60, "the maximum is 60s")


def _clamp_problem(path: str, key: str, seconds: float) -> str:
    if seconds > 60:
        return f"{path} is {format_seconds(seconds)}; flyctl lowers it to 1 minute"
    if key == "grace_period" and seconds == 0:
        return ""
    if seconds < 1:
        return f"{path} is {format_seconds(seconds)}; flyctl raises it to 1 second"
    return ""


@rule(
    "FLY113",
    WARNING,
    "Service check duration will be clamped",
    tags=("flyctl",),
    why="flyctl silently raises service check durations below 1s to 1s and lowers those above "
    "1m to 1m (V11-V13), so the check does not run as written.",
    fix="Use a duration between 1s and 1m.",
    example='[[services.tcp_checks]]\n  interval = "5m"',
)
def service_check_clamped(ctx):
    """A service or http_service check interval, timeout or grace period outside [1s, 1m]
    (small integers are left to FLY170, which explains the milliseconds)."""
    problems = []
    for service in ctx.services:
        for path, check in service.checks():
            for key in ("interval", "timeout", "grace_period"):
                value = check.get(key)
                if is_int(value) and value < 1000:
                    continue
                seconds = duration_seconds(value, MILLISECONDS)
                key_path = join_key(path, key)
                message = _clamp_problem(key_path, key, seconds) if seconds is not None else ""
                if message:
                    problems.append(Problem(message, key_path))
    return problems
