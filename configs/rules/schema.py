"""Every fly.toml key flyctl reads (internal/appconfig/config.go, service.go, toplevelcheck.go
and fly-go's MachineGuest), with its type, walked at any depth.

One walk yields three lists: unknown keys (flyctl ignores them silently, even `--strict`
misses those inside [[services]], [[mounts]] and [[vm]]), legacy keys (accepted or ignored for
old configs), and values of the wrong type (flyctl fails with a Go decode error instead).
Free-form maps (env, processes, build.args, headers...) are not searched for unknown keys.
"""

import difflib
from dataclasses import dataclass, field

from configs.rules.context import is_int, show
from configs.rules.lineindex import join_index, join_key
from configs.rules.registry import Problem


@dataclass(frozen=True)
class Scalar:
    description: str
    accepts: tuple[type, ...]

    def accepts_value(self, value) -> bool:
        if isinstance(value, bool):
            return bool in self.accepts
        if is_int(value):
            return int in self.accepts
        return isinstance(value, self.accepts)


@dataclass(frozen=True)
class StringList:
    description: str = "a list of strings"


@dataclass(frozen=True)
class Map:
    """A free-form table: any key, every value of one kind."""

    values: object


@dataclass(frozen=True)
class Table:
    fields: dict
    legacy: dict = field(default_factory=dict)  # key -> what flyctl does with it now
    also_accepts: tuple[type, ...] = ()  # legacy shapes flyctl converts (not checked further)


@dataclass(frozen=True)
class Tables:
    """A section that may be written `[x]` (one table) or `[[x]]` (many)."""

    table: Table


STRING = Scalar("a string", (str,))
INTEGER = Scalar("an integer", (int,))
BOOLEAN = Scalar("true or false", (bool,))
NUMBER = Scalar("a number", (int, float))
DURATION = Scalar('a duration such as "10s"', (str, int))
SIZE = Scalar('a size such as "1gb"', (str, int))
PORT = Scalar("a port number", (int, str))
SCALAR = Scalar("a string", (str, int, float, bool))
ANYTHING = Scalar("anything", (object,))
STRINGS = StringList()
STRING_OR_LIST = Scalar("a string or a list of strings", (str, list))
AUTOSTOP = Scalar('true, false, "off", "stop" or "suspend"', (bool, str))

GUEST_FIELDS = {
    "size": STRING,
    "memory": SIZE,
    "cpus": INTEGER,
    "cpu_kind": STRING,
    "memory_mb": INTEGER,
    "max_memory_mb": INTEGER,
    "gpus": INTEGER,
    "gpu_kind": STRING,
    "kernel_args": STRINGS,
    "host_dedication_id": STRING,
    "persist_rootfs": STRING,
}
VM = Table({**GUEST_FIELDS, "processes": STRINGS})

CHECK_TIMING = {"interval": DURATION, "timeout": DURATION, "grace_period": DURATION}
CHECK_LEGACY = {"restart_limit": "ignored since Fly Machines replaced Nomad (V1) apps"}
HEADERS = Map(ANYTHING)
HTTP_CHECK_FIELDS = {
    **CHECK_TIMING,
    "method": STRING,
    "path": STRING,
    "protocol": STRING,
    "tls_skip_verify": BOOLEAN,
    "tls_server_name": STRING,
    "headers": HEADERS,
}
TCP_CHECK = Tables(Table(CHECK_TIMING, legacy=CHECK_LEGACY))
HTTP_CHECK = Tables(Table(HTTP_CHECK_FIELDS, legacy=CHECK_LEGACY))
MACHINE_CHECK = Tables(
    Table(
        {
            "command": STRINGS,
            "image": STRING,
            "entrypoint": STRINGS,
            "kill_signal": STRING,
            "kill_timeout": DURATION,
        }
    )
)
TOP_LEVEL_CHECK = Table(
    {**HTTP_CHECK_FIELDS, "type": STRING, "port": PORT, "processes": STRINGS},
    legacy={**CHECK_LEGACY, "name": "legacy [[checks]] entries are named by their table key now"},
)

TLS_OPTIONS = Table({"alpn": STRINGS, "versions": STRINGS, "default_self_signed": BOOLEAN})
HTTP_OPTIONS = Table(
    {
        "compress": BOOLEAN,
        "h2_backend": BOOLEAN,
        "idle_timeout": INTEGER,
        "headers_read_timeout": INTEGER,
        "response": Table({"headers": HEADERS, "pristine": BOOLEAN}),
        "replay_cache": Tables(
            Table(
                {
                    "path_prefix": STRING,
                    "ttl_seconds": INTEGER,
                    "type": STRING,
                    "name": STRING,
                    "allow_bypass": BOOLEAN,
                }
            )
        ),
    }
)
PROXY_PROTO_OPTIONS = Table({"version": STRING})
CONCURRENCY = Table(
    {"type": STRING, "soft_limit": INTEGER, "hard_limit": INTEGER},
    also_accepts=(str,),  # legacy "soft,hard"
)
SERVICE_COMMON = {
    "internal_port": PORT,
    "auto_stop_machines": AUTOSTOP,
    "auto_start_machines": BOOLEAN,
    "min_machines_running": INTEGER,
    "processes": STRINGS,
    "concurrency": CONCURRENCY,
    "machine_checks": MACHINE_CHECK,
}
PORT_TABLE = Table(
    {
        "port": PORT,
        "start_port": PORT,
        "end_port": PORT,
        "handlers": STRINGS,
        "force_https": BOOLEAN,
        "tls_options": TLS_OPTIONS,
        "http_options": HTTP_OPTIONS,
        "proxy_proto_options": PROXY_PROTO_OPTIONS,
    }
)
SERVICE = Table(
    {
        **SERVICE_COMMON,
        "protocol": STRING,
        "ports": Tables(PORT_TABLE),
        "tcp_checks": TCP_CHECK,
        "http_checks": HTTP_CHECK,
    },
    legacy={"script_checks": "ignored since Fly Machines replaced Nomad (V1) apps"},
)
HTTP_SERVICE = Table(
    {
        **SERVICE_COMMON,
        "force_https": BOOLEAN,
        "tls_options": TLS_OPTIONS,
        "http_options": HTTP_OPTIONS,
        "proxy_proto_options": PROXY_PROTO_OPTIONS,
        "checks": HTTP_CHECK,
    }
)
BUILD = Table(
    {
        "builder": STRING,
        "buildpacks": STRINGS,
        "image": STRING,
        "dockerfile": STRING,
        "ignorefile": STRING,
        "build-target": STRING,
        "args": Map(SCALAR),
        "builtin": STRING,
        "settings": Map(ANYTHING),
        "compose": Table({"file": STRING}),
        "compression": STRING,
        "compression_level": INTEGER,
    },
    legacy={"build_target": 'flyctl renames it to "build-target"'},
)
DEPLOY = Table(
    {
        "strategy": STRING,
        "max_unavailable": NUMBER,
        "wait_timeout": DURATION,
        "release_command": STRING,
        "release_command_timeout": DURATION,
        "release_command_vm": VM,
        "seed_command": STRING,
    }
)
EXPERIMENTAL = Table(
    {
        "cmd": STRING_OR_LIST,
        "entrypoint": STRING_OR_LIST,
        "exec": STRING_OR_LIST,
        "auto_rollback": BOOLEAN,
        "enable_consul": BOOLEAN,
        "enable_etcd": BOOLEAN,
        "attached": Table({"secrets": Table({"export": Map(STRING)})}),
        "machine_config": STRING,
        "use_zstd": BOOLEAN,
    },
    legacy={
        "lazy_load_images": "no longer supported since May 2025",
        "allowed_public_ports": "ignored since Fly Machines replaced Nomad (V1) apps",
        "private_network": "ignored: every app is on the private network",
        "kill_timeout": "flyctl moves it to the top-level kill_timeout",
        "metrics_port": "flyctl moves it to [metrics] port",
        "metrics_path": "flyctl moves it to [metrics] path",
    },
)
MOUNT = Table(
    {
        "source": STRING,
        "destination": STRING,
        "initial_size": SIZE,
        "snapshot_retention": INTEGER,
        "scheduled_snapshots": BOOLEAN,
        "auto_extend_size_threshold": INTEGER,
        "auto_extend_size_increment": SIZE,
        "auto_extend_size_limit": SIZE,
        "processes": STRINGS,
    }
)
ROOT = Table(
    {
        "app": STRING,
        "primary_region": STRING,
        "kill_signal": STRING,
        "kill_timeout": DURATION,
        "swap_size_mb": INTEGER,
        "console_command": STRING,
        "host_dedication_id": STRING,
        "machine_config": STRING,
        "container": STRING,
        "experimental": EXPERIMENTAL,
        "build": BUILD,
        "deploy": DEPLOY,
        "env": Map(SCALAR),
        "processes": Map(STRING),
        "mounts": Tables(MOUNT),
        "http_service": HTTP_SERVICE,
        "services": Tables(SERVICE),
        "checks": Map(TOP_LEVEL_CHECK),
        "files": Tables(
            Table(
                {
                    "guest_path": STRING,
                    "local_path": STRING,
                    "secret_name": STRING,
                    "raw_value": STRING,
                    "processes": STRINGS,
                }
            )
        ),
        "machine_checks": MACHINE_CHECK,
        "restart": Tables(Table({"policy": STRING, "retries": INTEGER, "processes": STRINGS})),
        "vm": Tables(VM),
        "statics": Tables(
            Table(
                {
                    "guest_path": STRING,
                    "url_prefix": STRING,
                    "tigris_bucket": STRING,
                    "index_document": STRING,
                }
            )
        ),
        "metrics": Tables(
            Table({"port": INTEGER, "path": STRING, "https": BOOLEAN, "processes": STRINGS})
        ),
    },
    legacy={
        "mount": "flyctl reads it as [[mounts]]",
        "compute": "flyctl reads it as [[vm]]",
        "computes": "flyctl reads it as [[vm]]",
        "metric": "flyctl reads it as [[metrics]]",
    },
)


@dataclass
class SchemaReport:
    unknown: list[Problem] = field(default_factory=list)
    legacy: list[Problem] = field(default_factory=list)
    wrong_type: list[Problem] = field(default_factory=list)


def _type_name(value) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    return "a date/time"


def _suggestion(key: str, table: Table) -> str:
    if table is not ROOT and key in ROOT.fields:
        return f"[{key}] is a top-level section; move it out of this table."
    close = difflib.get_close_matches(key, list(table.fields), n=1, cutoff=0.6)
    if close:
        return f'Did you mean "{close[0]}"?'
    return "Remove it, or check the spelling against https://fly.io/docs/reference/configuration/."


def _numeric_string(value) -> bool:
    return isinstance(value, str) and value.strip().isdigit()


class _Walker:
    def __init__(self):
        self.report = SchemaReport()

    def wrong_type(self, path: str, value, expected: str) -> None:
        self.report.wrong_type.append(
            Problem(f"{path} should be {expected}, not {_type_name(value)} ({show(value)})", path)
        )

    def walk(self, value, spec, path: str) -> None:
        if isinstance(spec, Scalar):
            if spec is PORT and isinstance(value, str) and not _numeric_string(value):
                self.wrong_type(path, value, "a port number (flyctl cannot convert this string)")
            elif not spec.accepts_value(value):
                self.wrong_type(path, value, spec.description)
        elif isinstance(spec, StringList):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.wrong_type(path, value, spec.description)
        elif isinstance(spec, Map):
            if not isinstance(value, dict):
                self.wrong_type(path, value, "a table")
                return
            for key, item in value.items():
                self.walk(item, spec.values, join_key(path, key))
        elif isinstance(spec, Tables):
            if isinstance(value, list):
                for index, item in enumerate(value):
                    self.walk(item, spec.table, join_index(path, index))
            else:
                self.walk(value, spec.table, path)
        else:
            self.walk_table(value, spec, path)

    def walk_table(self, value, table: Table, path: str) -> None:
        if isinstance(value, table.also_accepts):
            return
        if not isinstance(value, dict):
            self.wrong_type(path, value, "a table")
            return
        for key, item in value.items():
            key_path = join_key(path, key)
            spec = table.fields.get(key)
            if spec is not None:
                self.walk(item, spec, key_path)
            elif key in table.legacy:
                self.report.legacy.append(
                    Problem(f"{key_path} is a legacy setting: {table.legacy[key]}", key_path)
                )
            else:
                self.report.unknown.append(
                    Problem(
                        f"Unknown key {key_path}: flyctl ignores it",
                        key_path,
                        hint=_suggestion(key, table),
                    )
                )


def check_schema(ctx) -> SchemaReport:
    walker = _Walker()
    document = ctx.doc
    processes = document.get("processes")
    if isinstance(processes, list):
        # flyctl still accepts the legacy `processes = [{name, command}]` (often just `[]`).
        document = {key: value for key, value in document.items() if key != "processes"}
    walker.walk_table(document, ROOT, "")
    return walker.report


def schema_report(ctx) -> SchemaReport:
    return ctx.memo("schema", check_schema)
