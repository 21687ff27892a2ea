"""Top-level runtime settings, [env], [deploy], [[statics]], [[files]] and [[restart]]."""

from configs.rules.context import is_int, show, tables
from configs.rules.findings import ERROR, WARNING
from configs.rules.flyctl import duration_values
from configs.rules.lineindex import join_key
from configs.rules.registry import Problem, rule
from configs.rules.units import MILLISECONDS, NANOSECONDS, SECONDS, duration_seconds

KILL_SIGNALS = ("SIGINT", "SIGTERM", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGKILL", "SIGSTOP")
MAX_STATICS = 10


@rule(
    "FLY122",
    ERROR,
    "Restart entry without a policy",
    tags=("flyctl",),
    why="flyctl treats a missing or empty [[restart]] policy as invalid (V28).",
    fix='Set policy to "always", "never" or "on-failure".',
    example="[[restart]]\n  retries = 3",
)
def restart_without_policy(ctx):
    """A [[restart]] entry with no policy (or an empty one)."""
    return [
        Problem(f"{path} has no policy", path)
        for path, restart in tables(ctx.doc.get("restart"), "restart")
        if not restart.get("policy")
    ]


@rule(
    "FLY123",
    ERROR,
    "Compression level outside 0-9",
    tags=("flyctl",),
    why="flyctl rejects build.compression_level outside 0-9 (V30).",
    fix="Set compression_level between 0 and 9.",
    example="[build]\n  compression_level = 12",
)
def compression_level(ctx):
    """build.compression_level below 0 or above 9."""
    level = ctx.section("build").get("compression_level")
    if not is_int(level) or 0 <= level <= 9:
        return []
    return [
        Problem(
            f"build.compression_level = {show(level)} is not between 0 and 9",
            "build.compression_level",
        )
    ]


@rule(
    "FLY159",
    WARNING,
    "Undocumented kill signal",
    tags=("flyctl-misses", "runtime"),
    why="The docs list the signals Machines can send on stop; flyctl passes others through "
    "and the app may never get the shutdown signal it expects.",
    fix="Use SIGINT, SIGTERM, SIGQUIT, SIGUSR1, SIGUSR2, SIGKILL or SIGSTOP.",
    example='kill_signal = "SIGHUP"',
)
def kill_signal(ctx):
    """kill_signal not in the documented list."""
    signal = ctx.doc.get("kill_signal")
    if not isinstance(signal, str) or signal in KILL_SIGNALS:
        return []
    return [Problem(f"kill_signal = {show(signal)} is not a documented signal", "kill_signal")]


@rule(
    "FLY160",
    WARNING,
    "kill_timeout over 300 seconds",
    tags=("flyctl-misses", "runtime"),
    why="The docs cap kill_timeout at 300s; flyctl does not enforce it and the platform kills "
    "the Machine earlier than the config says.",
    fix='Set kill_timeout to "300s" or less.',
    example='kill_timeout = "10m"',
)
def long_kill_timeout(ctx):
    """kill_timeout longer than 300 seconds (a bare integer means seconds)."""
    seconds = duration_seconds(ctx.doc.get("kill_timeout"), SECONDS)
    if seconds is None or seconds <= 300:
        return []
    return [Problem(f"kill_timeout is {seconds:g}s; the maximum is 300s", "kill_timeout")]


@rule(
    "FLY170",
    WARNING,
    "Check duration read as milliseconds",
    tags=("flyctl-misses", "checks"),
    why="A bare integer in a check's interval, timeout or grace_period is milliseconds, so "
    "`interval = 15` checks every 15 ms (clamped to 1s), not every 15 seconds.",
    fix='Write the duration with a unit, such as "15s".',
    example="[[services.tcp_checks]]\n  interval = 15",
)
def check_duration_milliseconds(ctx):
    """A check interval/timeout/grace_period written as an integer below 1000 (large
    integers such as 10000 are clearly meant as milliseconds and pass)."""
    return [
        Problem(
            f"{path} = {value} means {value} milliseconds",
            path,
            hint=f'Write "{value}s" if seconds were meant.',
        )
        for path, value, unit in duration_values(ctx)
        if unit == MILLISECONDS and is_int(value) and 0 < value < 1000
    ]


@rule(
    "FLY171",
    ERROR,
    "Duration read as nanoseconds",
    tags=("flyctl-misses", "deploy"),
    why="deploy.wait_timeout, release_command_timeout and machine check kill_timeout are not "
    "converted by flyctl, so an integer is nanoseconds: `wait_timeout = 300` is 0.0000003s.",
    fix='Write the duration with a unit, such as "5m".',
    example="[deploy]\n  release_command_timeout = 600",
)
def nanosecond_duration(ctx):
    """An integer deploy.wait_timeout, deploy.release_command_timeout or machine_checks
    kill_timeout."""
    return [
        Problem(f"{path} = {show(value)} means {show(value)} nanoseconds", path)
        for path, value, unit in duration_values(ctx)
        if unit == NANOSECONDS and is_int(value)
    ]


@rule(
    "FLY172",
    WARNING,
    "Environment variable with the reserved FLY_ prefix",
    tags=("flyctl-misses", "env"),
    why="Fly sets FLY_* variables itself (FLY_APP_NAME, FLY_REGION...); the docs forbid [env] "
    "names starting with FLY_ and the platform value wins.",
    fix="Rename the variable without the FLY_ prefix.",
    example='[env]\n  FLY_REGION = "iad"',
)
def reserved_env_prefix(ctx):
    """An [env] name starting with FLY_."""
    return [
        Problem(f"env.{name} uses the reserved FLY_ prefix", join_key("env", name))
        for name in ctx.section("env")
        if name.upper().startswith("FLY_")
    ]


@rule(
    "FLY173",
    WARNING,
    "PRIMARY_REGION set in [env]",
    tags=("flyctl-misses", "env"),
    why="Fly sets PRIMARY_REGION from primary_region and overrides the [env] value, so the "
    "two can silently disagree.",
    fix="Remove PRIMARY_REGION from [env] and set primary_region instead.",
    example='[env]\n  PRIMARY_REGION = "dfw"',
)
def primary_region_in_env(ctx):
    """PRIMARY_REGION in [env]."""
    if "PRIMARY_REGION" not in ctx.section("env"):
        return []
    return [Problem("env.PRIMARY_REGION is overridden by primary_region", "env.PRIMARY_REGION")]


def _statics(ctx) -> list[tuple[str, dict]]:
    return tables(ctx.doc.get("statics"), "statics")


@rule(
    "FLY178",
    WARNING,
    "More than 10 statics mappings",
    tags=("flyctl-misses", "statics"),
    why="The docs allow at most 10 [[statics]] mappings; flyctl does not check.",
    fix="Merge statics under a common url_prefix so there are 10 or fewer.",
    example="[[statics]] (11 times)",
)
def too_many_statics(ctx):
    """More than 10 [[statics]] entries."""
    statics = _statics(ctx)
    if len(statics) <= MAX_STATICS:
        return []
    return [
        Problem(
            f"{len(statics)} [[statics]] mappings; at most {MAX_STATICS} are served",
            statics[MAX_STATICS][0],
        )
    ]


def _prefix(url_prefix: str) -> str:
    return url_prefix.rstrip("/") + "/"


@rule(
    "FLY179",
    WARNING,
    "Overlapping statics url_prefix",
    tags=("flyctl-misses", "statics"),
    why="The docs require statics url_prefix values not to overlap; which mapping answers a "
    "request under both is undefined.",
    fix="Give each [[statics]] a url_prefix that is not inside another.",
    example='[[statics]]\n  url_prefix = "/static"\n[[statics]]\n  url_prefix = "/static/img"',
)
def overlapping_statics(ctx):
    """Two [[statics]] whose url_prefix values are equal or nested."""
    seen: list[tuple[str, str]] = []
    problems = []
    for path, static in _statics(ctx):
        prefix = static.get("url_prefix")
        if not isinstance(prefix, str):
            continue
        for other_path, other in seen:
            if _prefix(prefix).startswith(_prefix(other)) or _prefix(other).startswith(
                _prefix(prefix)
            ):
                key_path = join_key(path, "url_prefix")
                problems.append(
                    Problem(f"{key_path} {prefix!r} overlaps {other_path} {other!r}", key_path)
                )
                break
        seen.append((path, prefix))
    return problems


@rule(
    "FLY180",
    WARNING,
    "Statics index_document without a Tigris bucket",
    tags=("flyctl-misses", "statics"),
    why="index_document is only used for statics served from a Tigris bucket.",
    fix="Add tigris_bucket or remove index_document.",
    example='[[statics]]\n  url_prefix = "/"\n  index_document = "index.html"',
)
def index_without_bucket(ctx):
    """A [[statics]] entry with index_document and no tigris_bucket."""
    return [
        Problem(f"{path}.index_document needs tigris_bucket", join_key(path, "index_document"))
        for path, static in _statics(ctx)
        if "index_document" in static and not static.get("tigris_bucket")
    ]


FILE_SOURCES = ("raw_value", "local_path", "secret_name")


@rule(
    "FLY181",
    ERROR,
    "File without exactly one source",
    tags=("flyctl-misses", "files"),
    why="A [[files]] entry takes its content from exactly one of raw_value, local_path or "
    "secret_name; flyctl silently picks one, and with none the file is removed.",
    fix="Keep exactly one of raw_value, local_path and secret_name.",
    example='[[files]]\n  guest_path = "/etc/app.conf"\n  local_path = "app.conf"\n'
    '  secret_name = "APP_CONF"',
)
def file_sources(ctx):
    """A [[files]] entry with zero or several of raw_value, local_path, secret_name."""
    problems = []
    for path, file in tables(ctx.doc.get("files"), "files"):
        sources = [key for key in FILE_SOURCES if file.get(key)]
        if len(sources) != 1:
            named = ", ".join(sources) if sources else "none"
            problems.append(Problem(f"{path} needs exactly one source, has {named}", path))
    return problems


@rule(
    "FLY182",
    ERROR,
    "File guest_path not absolute",
    tags=("flyctl-misses", "files"),
    why="[[files]] guest_path is where the file lands in the Machine and must be absolute.",
    fix='Start guest_path with "/".',
    example='[[files]]\n  guest_path = "etc/app.conf"\n  local_path = "app.conf"',
)
def file_guest_path(ctx):
    """A [[files]] guest_path that is missing or does not start with /."""
    problems = []
    for path, file in tables(ctx.doc.get("files"), "files"):
        guest_path = file.get("guest_path")
        if not isinstance(guest_path, str) or not guest_path.startswith("/"):
            problems.append(
                Problem(f"{path}.guest_path must be an absolute path", join_key(path, "guest_path"))
            )
    return problems


@rule(
    "FLY186",
    WARNING,
    "Machine checks with a bluegreen or immediate deploy",
    tags=("flyctl-misses", "deploy"),
    why="Machine checks only run during rolling and canary deploys (docs), so they are "
    "silently skipped with the bluegreen or immediate strategy.",
    fix="Use a rolling or canary strategy, or move the test into a health check.",
    example='[deploy]\n  strategy = "immediate"\n[[http_service.machine_checks]]\n'
    '  command = ["curl", "..."]',
)
def machine_checks_skipped(ctx):
    """machine_checks (top level or in a service) with strategy bluegreen or immediate."""
    if ctx.strategy not in ("bluegreen", "immediate"):
        return []
    owners = [("", ctx.doc)] + [(s.path, s.table) for s in ctx.services]
    return [
        Problem(
            f'{join_key(path, "machine_checks")} never run with strategy "{ctx.strategy}"',
            join_key(path, "machine_checks"),
        )
        for path, table in owners
        if table.get("machine_checks")
    ]


@rule(
    "FLY187",
    WARNING,
    "max_unavailable with a strategy that ignores it",
    tags=("flyctl", "deploy"),
    why="flyctl ignores deploy.max_unavailable unless the strategy is rolling or canary, and "
    "warns at deploy time.",
    fix="Remove max_unavailable or use the rolling strategy.",
    example='[deploy]\n  strategy = "bluegreen"\n  max_unavailable = 0.5',
)
def max_unavailable_ignored(ctx):
    """deploy.max_unavailable with strategy bluegreen or immediate."""
    if "max_unavailable" not in ctx.section("deploy") or ctx.strategy not in (
        "bluegreen",
        "immediate",
    ):
        return []
    return [
        Problem(
            f'deploy.max_unavailable is ignored with strategy "{ctx.strategy}"',
            "deploy.max_unavailable",
        )
    ]
