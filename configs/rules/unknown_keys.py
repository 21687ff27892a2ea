"""Keys flyctl does not know, or only keeps for old configs (schema in schema.py)."""

from configs.rules.findings import INFO, WARNING
from configs.rules.registry import rule
from configs.rules.schema import schema_report


@rule(
    "FLY150",
    WARNING,
    "Unknown key",
    tags=("flyctl-misses", "schema"),
    why="flyctl silently ignores keys it does not know (even `--strict` skips the inside of "
    "[[services]], [[mounts]] and [[vm]]), so a typo quietly loses the setting.",
    fix="Fix the spelling or remove the key.",
    example='[http_service]\n  internal_prot = 8080   # did you mean "internal_port"?',
)
def unknown_key(ctx):
    """A key at any depth that flyctl does not read, with a "did you mean" suggestion;
    free-form tables such as [env], [processes], [build.args] and headers are not checked."""
    return schema_report(ctx).unknown


@rule(
    "FLY151",
    INFO,
    "Legacy key",
    tags=("flyctl-misses", "schema"),
    why="Keys from Nomad-era (V1) configs or old aliases are accepted but ignored or rewritten "
    "by flyctl; they make the file say something the platform does not do.",
    fix="Remove the legacy key or move its value to the current setting.",
    example="[[services.tcp_checks]]\n  restart_limit = 0   # ignored on Machines",
)
def legacy_key(ctx):
    """Keys flyctl accepts only for old configs: `restart_limit`, `script_checks`,
    `[experimental] allowed_public_ports`, `[mount]`, `build_target`..."""
    return schema_report(ctx).legacy
