"""Everything a rule may look at, parsed once, plus typed views over the loosely typed document.

The document is whatever tomllib returned, so any value can have any type: the views below
skip values of the wrong shape (FLY102 reports those) instead of failing.
"""

from dataclasses import dataclass
from functools import cached_property

from configs.rules.documented import DocumentedSecret, documented_secrets
from configs.rules.findings import FLY_TOML, Policy
from configs.rules.ignorefile import IgnoreFile
from configs.rules.lineindex import LineIndex, join_index, join_key
from configs.rules.source import SyntaxProblem, Unreadable

DEFAULT_PROCESS = "app"


def is_int(value) -> bool:
    return type(value) is int  # bool is an int subclass and never a valid count or port


def show(value, limit: int = 40) -> str:
    """A short printable form of a value for messages (huge ints and long strings are cut)."""
    if is_int(value) and value.bit_length() > 64:
        return "a very large number"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def tables(value, path: str) -> list[tuple[str, dict]]:
    """A section written either as `[x]` or `[[x]]`: its tables with their paths."""
    if isinstance(value, dict):
        return [(path, value)]
    if isinstance(value, list):
        return [
            (join_index(path, i), item) for i, item in enumerate(value) if isinstance(item, dict)
        ]
    return []


def string_list(value) -> list[str] | None:
    """A list of strings, or None when the value is missing or shaped otherwise."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


@dataclass(frozen=True)
class Port:
    path: str
    table: dict

    @property
    def handlers(self) -> list[str]:
        return string_list(self.table.get("handlers")) or []

    def numbers(self) -> list[int]:
        """The external ports this entry opens (numeric strings count, as flyctl casts them)."""
        port = as_port(self.table.get("port"))
        if port is not None:
            return [port]
        start, end = as_port(self.table.get("start_port")), as_port(self.table.get("end_port"))
        if start is not None and end is not None and start <= end:
            return list(range(start, min(end, start + 65535) + 1))
        return []


def as_port(value) -> int | None:
    if is_int(value):
        return value
    if isinstance(value, str) and value.isdigit() and len(value) < 7:
        return int(value)
    return None


@dataclass(frozen=True)
class Service:
    """An `[http_service]` or one `[[services]]` entry."""

    path: str
    table: dict
    is_http_service: bool

    @property
    def protocol(self) -> str:
        protocol = self.table.get("protocol", "tcp")
        return protocol if isinstance(protocol, str) else ""

    @property
    def internal_port(self) -> int | None:
        return as_port(self.table.get("internal_port"))

    @property
    def declared_processes(self) -> list[str] | None:
        return string_list(self.table.get("processes"))

    def groups(self, ctx: "Context") -> list[str]:
        """Process groups this service routes to (flyctl's default when none are listed)."""
        declared = self.declared_processes
        return declared if declared else [ctx.default_process]

    @property
    def ports(self) -> list[Port]:
        if self.is_http_service:
            # http_service expands to port 80 (http, carrying force_https) and 443 (tls+http).
            force = self.table.get("force_https", False)
            return [
                Port(self.path, {"port": 80, "handlers": ["http"], "force_https": force}),
                Port(self.path, {"port": 443, "handlers": ["http", "tls"]}),
            ]
        return [
            Port(p, t) for p, t in tables(self.table.get("ports"), join_key(self.path, "ports"))
        ]

    def checks(self) -> list[tuple[str, dict]]:
        keys = ("checks",) if self.is_http_service else ("tcp_checks", "http_checks")
        found = []
        for key in keys:
            found += tables(self.table.get(key), join_key(self.path, key))
        return found

    def auto_stop(self) -> bool | None:
        """True when Machines may be stopped or suspended; None for an invalid value."""
        value = self.table.get("auto_stop_machines", False)
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            return {"off": False, "stop": True, "suspend": True}.get(value)
        return None


class Context:
    def __init__(
        self,
        *,
        fly_text: str | None,
        fly_unreadable: Unreadable | None,
        document: dict | None,
        syntax_problem: SyntaxProblem | None,
        dockerignore_text: str | None,
        dockerignore_unreadable: Unreadable | None,
        ignore_file: IgnoreFile | None,
        dockerignore_missing: bool,
        policy: Policy,
    ):
        self.fly_text = fly_text
        self.fly_unreadable = fly_unreadable
        self.document = document
        self.syntax_problem = syntax_problem
        self.dockerignore_text = dockerignore_text
        self.dockerignore_unreadable = dockerignore_unreadable
        self.ignore_file = ignore_file
        self.dockerignore_missing = dockerignore_missing
        self.policy = policy
        self._memo: dict = {}

    def memo(self, key: str, compute):
        """compute(self) once per validation, shared by the rules that need it."""
        if key not in self._memo:
            self._memo[key] = compute(self)
        return self._memo[key]

    @cached_property
    def doc(self) -> dict:
        """The parsed fly.toml, or {} when it could not be parsed (for rules that use it
        only to refine what they say about .dockerignore)."""
        return self.document or {}

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.fly_text or "")

    def line_for(self, file: str, path: str) -> int | None:
        if file == FLY_TOML:
            return self.lines.nearest(path) if self.lines.line_count else None
        if self.ignore_file and self.ignore_file.line_count:
            return 1
        return None

    def section(self, key: str) -> dict:
        value = self.doc.get(key)
        return value if isinstance(value, dict) else {}

    @cached_property
    def documented_secrets(self) -> list[DocumentedSecret]:
        return documented_secrets(self.fly_text or "")

    @cached_property
    def processes(self) -> dict[str, str]:
        """[processes] as name -> command, including flyctl's legacy list form."""
        value = self.doc.get("processes")
        if isinstance(value, dict):
            return {name: command for name, command in value.items() if isinstance(command, str)}
        if isinstance(value, list):
            named = [item for item in value if isinstance(item, dict)]
            return {
                item["name"]: item.get("command", "")
                for item in named
                if isinstance(item.get("name"), str) and isinstance(item.get("command", ""), str)
            }
        return {}

    @cached_property
    def process_names(self) -> list[str]:
        """Groups that exist: the [processes] keys, or just `app` when there are none."""
        return list(self.processes) or [DEFAULT_PROCESS]

    @cached_property
    def default_process(self) -> str:
        names = self.process_names
        return DEFAULT_PROCESS if DEFAULT_PROCESS in names else sorted(names)[0]

    @cached_property
    def services(self) -> list[Service]:
        found = []
        http_service = self.doc.get("http_service")
        if isinstance(http_service, dict):
            found.append(Service("http_service", http_service, True))
        for path, table in tables(self.doc.get("services"), "services"):
            found.append(Service(path, table, False))
        return found

    @cached_property
    def mounts(self) -> list[tuple[str, dict]]:
        return tables(self.doc.get("mounts"), "mounts")

    @cached_property
    def vms(self) -> list[tuple[str, dict]]:
        return tables(self.doc.get("vm"), "vm")

    @cached_property
    def top_level_checks(self) -> list[tuple[str, dict]]:
        checks = self.doc.get("checks")
        if not isinstance(checks, dict):
            return []
        return [
            (join_key("checks", name), check)
            for name, check in checks.items()
            if isinstance(check, dict)
        ]

    @property
    def strategy(self) -> str:
        strategy = self.section("deploy").get("strategy", "")
        return strategy if isinstance(strategy, str) else ""

    def has_health_checks(self) -> bool:
        return bool(self.top_level_checks) or any(s.checks() for s in self.services)
