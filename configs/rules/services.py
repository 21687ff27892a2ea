"""[http_service] and [[services]]: ports, handlers, protocols, checks, autoscaling, concurrency."""

from configs.rules.context import as_port, is_int, show, string_list, tables
from configs.rules.findings import ERROR, INFO, WARNING
from configs.rules.lineindex import join_index, join_key
from configs.rules.registry import Problem, rule

HANDLERS = ("http", "tls", "pg_tls", "proxy_proto", "edge_http")
PROTOCOLS = ("tcp", "udp")
CONCURRENCY_TYPES = ("connections", "requests")
CHECK_PROTOCOLS = ("http", "https")
PROXY_PROTO_VERSIONS = ("v1", "v2")
REPLAY_CACHE_TYPES = ("cookie", "header")


def _documented_values(ctx):
    """(path, value, allowed) for every documented enum flyctl does not check."""
    for service in ctx.services:
        if not service.is_http_service:
            yield join_key(service.path, "protocol"), service.table.get("protocol"), PROTOCOLS
        concurrency = service.table.get("concurrency")
        if isinstance(concurrency, dict):
            path = f"{service.path}.concurrency.type"
            yield path, concurrency.get("type"), CONCURRENCY_TYPES
        for path, check in service.checks():
            yield join_key(path, "protocol"), check.get("protocol"), CHECK_PROTOCOLS
        option_tables = [(service.path, service.table)] if service.is_http_service else []
        for port in service.ports if not service.is_http_service else []:
            option_tables.append((port.path, port.table))
            for index, handler in enumerate(port.handlers):
                yield join_index(join_key(port.path, "handlers"), index), handler, HANDLERS
        for path, table in option_tables:
            proxy = table.get("proxy_proto_options")
            if isinstance(proxy, dict):
                yield (
                    f"{path}.proxy_proto_options.version",
                    proxy.get("version"),
                    PROXY_PROTO_VERSIONS,
                )
            for cache_path, cache in _replay_caches(path, table):
                yield join_key(cache_path, "type"), cache.get("type"), REPLAY_CACHE_TYPES
    for path, check in ctx.top_level_checks:
        yield join_key(path, "protocol"), check.get("protocol"), CHECK_PROTOCOLS


def _replay_caches(path: str, table: dict) -> list[tuple[str, dict]]:
    options = table.get("http_options")
    if not isinstance(options, dict):
        return []
    return tables(options.get("replay_cache"), f"{path}.http_options.replay_cache")


@rule(
    "FLY161",
    ERROR,
    "Value outside the documented set",
    tags=("flyctl-misses", "services"),
    why="flyctl passes protocol, handlers, concurrency type, check protocol, PROXY protocol "
    "version and replay cache type through unchecked; the proxy rejects or ignores other values.",
    fix="Use one of the documented values.",
    example='[[services.ports]]\n  port = 443\n  handlers = ["https"]   # "tls", "http"',
)
def undocumented_value(ctx):
    """Service protocol, port handlers, concurrency type, check protocol, proxy_proto version
    or replay_cache type outside the values the Fly docs list."""
    problems = []
    for path, value, allowed in _documented_values(ctx):
        if isinstance(value, str) and value not in allowed:
            choices = ", ".join(f'"{a}"' for a in allowed)
            problems.append(
                Problem(
                    f"{path} = {show(value)} is not one of {choices}",
                    path,
                    f"Use one of {choices}.",
                )
            )
    return problems


@rule(
    "FLY162",
    ERROR,
    "Port out of range",
    tags=("flyctl-misses", "services"),
    why="Ports are 1-65535; flyctl does not check and the deploy fails at the API.",
    fix="Use a port between 1 and 65535.",
    example="[[services.ports]]\n  port = 80800",
)
def port_out_of_range(ctx):
    """internal_port, port, start_port or end_port outside 1-65535."""
    candidates = []
    for service in ctx.services:
        candidates.append(join_key(service.path, "internal_port"))
        if not service.is_http_service:
            for port in service.ports:
                candidates += [
                    join_key(port.path, key) for key in ("port", "start_port", "end_port")
                ]
    for path, _ in ctx.top_level_checks:
        candidates.append(join_key(path, "port"))
    problems = []
    for path in candidates:
        value = as_port(_lookup(ctx.doc, path))
        if value is not None and not 1 <= value <= 65535:
            problems.append(Problem(f"{path} = {value} is not between 1 and 65535", path))
    return problems


def _lookup(document: dict, path: str):
    """The value at a path built by join_key/join_index (only plain bare keys are used here)."""
    value = document
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            index = int(part[1:-1])
            value = value[index] if isinstance(value, list) and index < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else None
    return value


@rule(
    "FLY163",
    ERROR,
    "Port range runs backwards",
    tags=("flyctl-misses", "services"),
    why="A start_port above end_port opens no ports at all.",
    fix="Swap start_port and end_port.",
    example="[[services.ports]]\n  start_port = 10099\n  end_port = 10022",
)
def reversed_port_range(ctx):
    """[[services.ports]] with start_port greater than end_port."""
    problems = []
    for service in ctx.services:
        for port in service.ports if not service.is_http_service else []:
            start, end = as_port(port.table.get("start_port")), as_port(port.table.get("end_port"))
            if start is not None and end is not None and start > end:
                path = join_key(port.path, "start_port")
                problems.append(
                    Problem(f"{port.path}: start_port {start} is above end_port {end}", path)
                )
    return problems


@rule(
    "FLY164",
    ERROR,
    "External port defined twice",
    tags=("flyctl-misses", "services"),
    why="Two services claiming the same external port and protocol make Fly Proxy route to one "
    "of them unpredictably (flyctl#1635); [http_service] already takes ports 80 and 443.",
    fix="Remove the duplicate port, or merge the services.",
    example="[http_service]\n  internal_port = 8080\n[[services]]\n  internal_port = 8080\n"
    "  [[services.ports]]\n    port = 80",
)
def duplicate_external_port(ctx):
    """The same external port and protocol claimed by two services (or twice in one), counting
    [http_service]'s implicit 80 and 443, for process groups that overlap."""
    claimed: dict[tuple[str, int, str], str] = {}
    problems = []
    for service in ctx.services:
        for port in service.ports:
            clash = _claim(claimed, service.protocol, port, service.groups(ctx))
            if clash:
                number, first = clash
                problems.append(
                    Problem(
                        f"{port.path} claims {service.protocol} port {number}, "
                        f"already taken by {first}",
                        port.path,
                    )
                )
    return problems


def _claim(claimed: dict, protocol: str, port, groups: list[str]) -> tuple[int, str] | None:
    """Record the ports this entry opens; return the first one another entry already holds."""
    clash = None
    for number in port.numbers():
        for group in groups:
            first = claimed.setdefault((protocol, number, group), port.path)
            if first != port.path and clash is None:
                clash = (number, first)
    return clash


@rule(
    "FLY165",
    WARNING,
    "Duplicate service",
    tags=("flyctl-misses", "services"),
    why="Two services with the same protocol and internal port for the same process groups "
    "usually mean a config half-migrated from [[services]] to [http_service].",
    fix="Keep one of the two service definitions.",
    example="[http_service]\n  internal_port = 8080\n[[services]]\n  internal_port = 8080",
)
def duplicate_service(ctx):
    """Two services with the same protocol, internal_port and process groups."""
    seen: dict[tuple, str] = {}
    problems = []
    for service in ctx.services:
        if service.internal_port is None:
            continue
        key = (service.protocol, service.internal_port, tuple(sorted(service.groups(ctx))))
        first = seen.setdefault(key, service.path)
        if first != service.path:
            problems.append(
                Problem(
                    f"{service.path} duplicates {first} "
                    f"({service.protocol} to internal port {service.internal_port})",
                    service.path,
                )
            )
    return problems


@rule(
    "FLY166",
    WARNING,
    "force_https on a port without the http handler",
    tags=("flyctl-misses", "services"),
    why="Only the http handler can redirect to HTTPS; on other ports force_https does nothing.",
    fix='Add "http" to the port\'s handlers or remove force_https.',
    example='[[services.ports]]\n  port = 8443\n  handlers = ["tls"]\n  force_https = true',
)
def force_https_without_http(ctx):
    """A [[services.ports]] entry with force_https = true and no "http" handler."""
    return [
        Problem(
            f"{port.path} sets force_https but has no http handler",
            join_key(port.path, "force_https"),
        )
        for service in ctx.services
        if not service.is_http_service
        for port in service.ports
        if port.table.get("force_https") is True and "http" not in port.handlers
    ]


def _udp_services(ctx):
    return [s for s in ctx.services if not s.is_http_service and s.protocol == "udp"]


@rule(
    "FLY167",
    ERROR,
    "UDP service with handlers",
    tags=("flyctl-misses", "services"),
    why="Handlers (http, tls...) are TCP features; the docs say to leave them unset for UDP.",
    fix="Remove handlers from the UDP service's ports.",
    example='[[services]]\n  protocol = "udp"\n  [[services.ports]]\n    handlers = ["tls"]',
)
def udp_with_handlers(ctx):
    """A UDP service port with handlers."""
    return [
        Problem(f"{port.path} is UDP but sets handlers", join_key(port.path, "handlers"))
        for service in _udp_services(ctx)
        for port in service.ports
        if port.handlers
    ]


@rule(
    "FLY168",
    WARNING,
    "UDP service with auto start/stop",
    tags=("flyctl-misses", "services"),
    why="Fly Proxy cannot start or stop Machines for UDP traffic (flyctl#3583), so the setting "
    "silently does nothing.",
    fix="Remove auto_start_machines/auto_stop_machines from the UDP service.",
    example='[[services]]\n  protocol = "udp"\n  auto_start_machines = true',
)
def udp_with_autostart(ctx):
    """A UDP service enabling auto_start_machines or auto_stop_machines."""
    problems = []
    for service in _udp_services(ctx):
        for key in ("auto_start_machines", "auto_stop_machines"):
            if service.table.get(key) not in (None, False, "off"):
                path = join_key(service.path, key)
                problems.append(Problem(f"{path} has no effect on a UDP service", path))
    return problems


@rule(
    "FLY169",
    WARNING,
    "Health check port served by no service",
    tags=("flyctl-misses", "checks"),
    why="A top-level check on a port no service of its process groups uses usually checks the "
    "wrong port (e.g. after internal_port changed), so Machines look unhealthy or healthy wrongly.",
    fix="Point the check's port at the service's internal_port.",
    example="[http_service]\n  internal_port = 3000\n[checks.alive]\n  port = 8080",
)
def check_port_mismatch(ctx):
    """A [checks.<name>] port that is not the internal_port of any service routing to the
    check's process groups (checks without services are not judged)."""
    problems = []
    for path, check in ctx.top_level_checks:
        port = as_port(check.get("port"))
        groups = set(string_list(check.get("processes")) or ctx.process_names)
        services = [s for s in ctx.services if groups & set(s.groups(ctx))]
        ports = {s.internal_port for s in services} - {None}
        if port is not None and ports and port not in ports:
            served = ", ".join(map(str, sorted(ports)))
            key_path = join_key(path, "port")
            problems.append(
                Problem(f"{key_path} = {port} but the service listens on {served}", key_path)
            )
    return problems


@rule(
    "FLY174",
    WARNING,
    "Auto-stop without auto-start",
    tags=("flyctl-misses", "autoscaling"),
    why="With auto_stop on and auto_start_machines = false, Machines the proxy stops are never "
    "started again: capacity only ever shrinks, down to min_machines_running.",
    fix="Set auto_start_machines = true, or turn auto_stop_machines off.",
    example='[http_service]\n  auto_stop_machines = "stop"\n  auto_start_machines = false',
)
def autostop_without_autostart(ctx):
    """A service that auto-stops Machines but has auto_start_machines = false."""
    return [
        Problem(
            f"{service.path} stops idle Machines but never starts them again",
            join_key(service.path, "auto_start_machines"),
        )
        for service in ctx.services
        if service.auto_stop() and service.table.get("auto_start_machines") is False
    ]


@rule(
    "FLY175",
    INFO,
    "min_machines_running without auto-stop",
    tags=("flyctl-misses", "autoscaling"),
    why="min_machines_running only limits how far auto-stop scales down; with auto-stop off it "
    "has no effect, which can hide a belief that Fly keeps that many Machines running.",
    fix="Remove min_machines_running, or enable auto_stop_machines.",
    example="[http_service]\n  auto_stop_machines = false\n  min_machines_running = 2",
)
def min_machines_without_autostop(ctx):
    """min_machines_running > 0 on a service whose auto_stop_machines is off."""
    return [
        Problem(
            f"{service.path}.min_machines_running has no effect while auto_stop_machines is off",
            join_key(service.path, "min_machines_running"),
        )
        for service in ctx.services
        if service.auto_stop() is False
        and is_int(service.table.get("min_machines_running"))
        and service.table["min_machines_running"] > 0
    ]


@rule(
    "FLY189",
    INFO,
    "Every Machine may stop when idle",
    tags=("flyctl-misses", "autoscaling"),
    why="With auto-stop and min_machines_running = 0, the first request after an idle spell "
    "waits for a Machine to boot (a cold start); fine for staging, often not for production.",
    fix="Set min_machines_running = 1 if the app must answer without a cold start.",
    example='[http_service]\n  auto_stop_machines = "stop"\n  min_machines_running = 0',
)
def scale_to_zero(ctx):
    """A service that auto-stops Machines with min_machines_running 0 (or unset)."""
    return [
        Problem(
            f"{service.path} can stop every Machine; the next request waits for a cold start",
            join_key(service.path, "min_machines_running"),
        )
        for service in ctx.services
        if service.auto_stop()
        and service.table.get("auto_start_machines") is not False
        and service.table.get("min_machines_running", 0) == 0
    ]


@rule(
    "FLY177",
    WARNING,
    "Concurrency soft limit above hard limit",
    tags=("flyctl-misses", "services"),
    why="The proxy prefers other Machines past soft_limit and refuses past hard_limit; a soft "
    "limit above the hard one is never reached, so load balancing degrades.",
    fix="Make soft_limit less than or equal to hard_limit.",
    example="[http_service.concurrency]\n  soft_limit = 200\n  hard_limit = 100",
)
def soft_above_hard_limit(ctx):
    """concurrency.soft_limit greater than concurrency.hard_limit."""
    problems = []
    for service in ctx.services:
        concurrency = service.table.get("concurrency")
        if not isinstance(concurrency, dict):
            continue
        soft, hard = concurrency.get("soft_limit"), concurrency.get("hard_limit")
        if is_int(soft) and is_int(hard) and soft > hard:
            path = f"{service.path}.concurrency.soft_limit"
            problems.append(Problem(f"{path} = {soft} is above hard_limit = {hard}", path))
    return problems


@rule(
    "FLY184",
    WARNING,
    "Service without internal_port",
    tags=("flyctl-misses", "services"),
    why="internal_port is required by the docs but flyctl does not enforce it; without it the "
    "proxy has no port to forward to. [[services.ports]] without a parent [[services]] table "
    "also ends up here.",
    fix="Set internal_port to the port the app listens on.",
    example="[http_service]\n  force_https = true",
)
def service_without_internal_port(ctx):
    """[http_service] or a [[services]] entry without internal_port."""
    return [
        Problem(f"{service.path} has no internal_port", service.path)
        for service in ctx.services
        if "internal_port" not in service.table
    ]


@rule(
    "FLY185",
    ERROR,
    "Replay cache TTL under 10 seconds",
    tags=("flyctl-misses", "services"),
    why="The proxy requires replay_cache ttl_seconds of at least 10.",
    fix="Set ttl_seconds to 10 or more.",
    example='[[http_service.http_options.replay_cache]]\n  path_prefix = "/"\n  ttl_seconds = 5',
)
def replay_cache_ttl(ctx):
    """http_options.replay_cache ttl_seconds below 10."""
    problems = []
    for service in ctx.services:
        owners = [(service.path, service.table)] + [
            (p.path, p.table) for p in service.ports if not service.is_http_service
        ]
        for owner_path, table in owners:
            for path, cache in _replay_caches(owner_path, table):
                ttl = cache.get("ttl_seconds")
                if is_int(ttl) and ttl < 10:
                    key_path = join_key(path, "ttl_seconds")
                    problems.append(Problem(f"{key_path} = {ttl} is under 10 seconds", key_path))
    return problems
