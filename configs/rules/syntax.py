"""Files that cannot be read or parsed, and the engine's own failure finding."""

from configs.rules.findings import ERROR
from configs.rules.registry import EMITTED_BY_ENGINE, FLY_TEXT, NOTHING, Problem, rule


@rule(
    "FLY100",
    ERROR,
    "fly.toml is not UTF-8 text",
    tags=("syntax",),
    requires=NOTHING,
    why="TOML files must be UTF-8; bytes that are not, or NUL bytes, mean the upload is not the "
    "config that was meant (binary junk, UTF-16, a truncated copy).",
    fix="Save fly.toml as UTF-8 text without NUL bytes and upload it again.",
    example="A fly.toml saved as UTF-16 by an editor.",
)
def fly_toml_unreadable(ctx):
    """fly.toml bytes that are not valid UTF-8 or that contain NUL bytes."""
    if ctx.fly_unreadable is None:
        return []
    reason = ctx.fly_unreadable
    return [Problem(f"fly.toml {reason.reason}", line=reason.line)]


@rule(
    "FLY101",
    ERROR,
    "TOML syntax error",
    tags=("syntax", "flyctl"),
    requires=FLY_TEXT,
    why="flyctl cannot load the file at all (`failed loading app config`), so no other fly.toml "
    "check can run until it parses.",
    fix="Fix the TOML syntax at the line and column shown.",
    example='[env]\n  ZFINGER_URL = "a"\n  ZFINGER_URL = "b"   # duplicate key',
)
def toml_syntax_error(ctx):
    """fly.toml is not valid TOML (duplicate keys, unclosed strings, bad values...)."""
    problem = ctx.syntax_problem
    if problem is None:
        return []
    return [Problem(f"TOML syntax error: {problem.message}", line=problem.line)]


@rule(
    "DI200",
    ERROR,
    ".dockerignore is not UTF-8 text",
    tags=("syntax", "dockerignore"),
    requires=NOTHING,
    why="Docker reads .dockerignore as UTF-8 lines; binary content means the patterns are not "
    "what anyone intended, so secrets may be sent to the builder.",
    fix="Save .dockerignore as UTF-8 text without NUL bytes.",
    example="A .dockerignore saved as UTF-16.",
)
def dockerignore_unreadable(ctx):
    """.dockerignore bytes that are not valid UTF-8 or that contain NUL bytes."""
    if ctx.dockerignore_unreadable is None:
        return []
    reason = ctx.dockerignore_unreadable
    return [Problem(f".dockerignore {reason.reason}", line=reason.line)]


@rule(
    "FLY199",
    ERROR,
    "A rule could not check this config",
    tags=("internal",),
    requires=EMITTED_BY_ENGINE,
    why="A rule failed on unexpected input; rather than crash or silently approve, the engine "
    "reports it as an error so the config gets a human look.",
    fix="Report this config to the Preflight maintainers and review it by hand meanwhile.",
    example="(no example: this finding means Preflight has a bug)",
)
def rule_failed(ctx):
    """Emitted by the engine when another rule raises an exception on this input."""
    return []
