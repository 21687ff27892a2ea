""".dockerignore hygiene, judged with Docker's own matching (ignorefile.py)."""

import re
import shlex

from configs.rules.findings import ERROR, INFO, WARNING
from configs.rules.registry import DOCKERIGNORE_PATTERNS, NOTHING, Problem, rule

# (pattern to suggest, a path it must exclude)
ENV_FILES = ((".env", ".env"), (".env.*", ".env.staging"))
KEY_FILES = (("*.pem", "server.pem"), ("*.key", "server.key"))
HYGIENE = (
    (".git", ".git/config"),
    (".vscode", ".vscode/settings.json"),
    (".idea", ".idea/workspace.xml"),
)
NODE_MODULES = ("node_modules", "node_modules/left-pad/index.js")
SECRET_SAMPLES = (".env", ".env.staging", ".env.production", "server.pem", "server.key", "id_rsa")
_NODE_PROJECT = re.compile(r"\b(node|npm|npx|yarn|pnpm|bun|nodejs|NODE_ENV)\b", re.IGNORECASE)
_FILE_EXTENSION = re.compile(r"\.(js|mjs|cjs|ts|py|sh|rb|php|jar|exs?|pl)$")


def _uncovered(ctx, samples) -> list[Problem]:
    return [
        Problem(f"{sample} is sent to the builder: no pattern excludes it", pattern)
        for pattern, sample in samples
        if not ctx.ignore_file.excludes(sample)
    ]


@rule(
    "DI201",
    WARNING,
    "No .dockerignore",
    tags=("dockerignore", "seed"),
    requires=NOTHING,
    why="Without .dockerignore, flyctl sends the whole directory to the builder: .env files, "
    ".git history and local dependencies can end up in the image.",
    fix="Add a .dockerignore excluding at least .env, .env.*, .git and dependency folders.",
    example="(no .dockerignore next to fly.toml)",
)
def dockerignore_missing(ctx):
    """The app has no .dockerignore and builds an image (a prebuilt [build] image needs none)."""
    if not ctx.dockerignore_missing or ctx.section("build").get("image"):
        return []
    return [Problem("No .dockerignore: the whole directory is sent to the builder")]


@rule(
    "DI202",
    ERROR,
    "Invalid pattern",
    tags=("dockerignore",),
    requires=DOCKERIGNORE_PATTERNS,
    why="Docker validates every pattern with Go's filepath.Match; one bad pattern makes the "
    "whole build fail (`syntax error in pattern`).",
    fix="Close the character class or escape the [ or \\ in the pattern.",
    example="config/[abc",
)
def invalid_pattern(ctx):
    """A pattern Go's filepath.Match rejects: an unclosed `[`, an empty or reversed class,
    a trailing backslash."""
    return [
        Problem(f"{pattern.text!r} {pattern.error}", pattern.text, line=pattern.line)
        for pattern in ctx.ignore_file.patterns
        if pattern.error
    ]


@rule(
    "DI203",
    WARNING,
    ".env files not excluded",
    tags=("dockerignore", "secrets", "seed"),
    requires=DOCKERIGNORE_PATTERNS,
    why=".env and .env.* files hold local secrets; if they are in the build context, a "
    "`COPY . .` puts them in the image for anyone who can pull it.",
    fix="Add `.env` and `.env.*` to .dockerignore.",
    example="node_modules\n.git",
)
def env_files_not_excluded(ctx):
    """.env or a .env.* variant (tested as .env.staging) is not excluded, after applying every
    pattern and `!` exception in order."""
    return _uncovered(ctx, ENV_FILES)


@rule(
    "DI204",
    INFO,
    "Key files not excluded",
    tags=("dockerignore", "secrets"),
    requires=DOCKERIGNORE_PATTERNS,
    why="Private keys and certificates (*.pem, *.key) left in the project directory would be "
    "copied into the image.",
    fix="Add `*.pem` and `*.key` (or `**/*.pem`, `**/*.key`) to .dockerignore.",
    example=".env\n.git",
)
def key_files_not_excluded(ctx):
    """*.pem or *.key files at the project root are not excluded."""
    return _uncovered(ctx, KEY_FILES)


@rule(
    "DI205",
    ERROR,
    "Exception re-includes secrets",
    tags=("dockerignore", "secrets"),
    requires=DOCKERIGNORE_PATTERNS,
    why="A `!` line undoes earlier exclusions; one that matches .env files or keys sends them "
    "to the builder on purpose.",
    fix="Narrow the `!` exception to the file actually needed (e.g. `!.env.example`).",
    example=".env*\n!.env*",
)
def exception_includes_secrets(ctx):
    """A `!` pattern that matches .env, .env.* or key files."""
    problems = []
    for pattern in ctx.ignore_file.patterns:
        if not pattern.negated:
            continue
        matched = [sample for sample in SECRET_SAMPLES if pattern.matches(sample)]
        if matched:
            problems.append(
                Problem(
                    f"{pattern.text!r} re-includes {', '.join(matched)}",
                    pattern.text,
                    line=pattern.line,
                )
            )
    return problems


def _node_project(ctx) -> bool:
    return bool(_NODE_PROJECT.search(ctx.fly_text or ""))


@rule(
    "DI206",
    INFO,
    "Repository or editor folders not excluded",
    tags=("dockerignore", "seed"),
    requires=DOCKERIGNORE_PATTERNS,
    why=".git (history, remotes with tokens), editor folders (.vscode, .idea) and a local "
    "node_modules slow every build and can leak into the image.",
    fix="Add the folder to .dockerignore.",
    example=".env\n.env.*",
)
def hygiene_not_excluded(ctx):
    """.git, .vscode or .idea, and node_modules for Node apps, are not excluded."""
    samples = HYGIENE + ((NODE_MODULES,) if _node_project(ctx) else ())
    return _uncovered(ctx, samples)


@rule(
    "DI207",
    INFO,
    "Duplicate pattern",
    tags=("dockerignore",),
    requires=DOCKERIGNORE_PATTERNS,
    why="A repeated pattern does nothing and suggests the file was merged by hand; "
    "`/dist/` and `dist` are the same pattern to Docker.",
    fix="Remove the repeated line.",
    example=".env\nnode_modules\n.env",
)
def duplicate_pattern(ctx):
    """The same pattern (after Docker's cleaning) listed twice."""
    first_line: dict[tuple[bool, str], int] = {}
    problems = []
    for pattern in ctx.ignore_file.patterns:
        key = (pattern.negated, pattern.pattern)
        if key in first_line:
            problems.append(
                Problem(
                    f"{pattern.text!r} repeats line {first_line[key]}",
                    pattern.text,
                    line=pattern.line,
                )
            )
        else:
            first_line[key] = pattern.line
    return problems


def _dockerfile(ctx) -> str:
    dockerfile = ctx.section("build").get("dockerfile")
    if (
        isinstance(dockerfile, str)
        and dockerfile
        and not dockerfile.startswith(("/", "..", "http"))
    ):
        return dockerfile.removeprefix("./")
    return "Dockerfile"


@rule(
    "DI208",
    INFO,
    "Dockerfile or .dockerignore excluded",
    tags=("dockerignore",),
    requires=DOCKERIGNORE_PATTERNS,
    why="Docker and flyctl add the Dockerfile and .dockerignore back to the build context, so "
    "the pattern does not hide them; it only misleads readers (e.g. `Dockerfile*`).",
    fix="Drop the pattern, or add `!Dockerfile` after it to make the intent explicit.",
    example="Dockerfile*",
)
def build_files_excluded(ctx):
    """A pattern that matches the Dockerfile (build.dockerfile) or .dockerignore itself."""
    problems = []
    for name in (_dockerfile(ctx), ".dockerignore"):
        pattern = ctx.ignore_file.deciding_pattern(name)
        if pattern is not None and not pattern.negated:
            problems.append(
                Problem(f"{pattern.text!r} excludes {name}", pattern.text, line=pattern.line)
            )
    return problems


def _command_paths(ctx) -> set[str]:
    """Relative file and directory paths named in the config's commands."""
    commands = list(ctx.processes.values())
    for table, key in ((ctx.section("deploy"), "release_command"), (ctx.doc, "console_command")):
        if isinstance(table.get(key), str):
            commands.append(table[key])
    paths = set()
    for command in commands:
        try:
            words = shlex.split(command)
        except ValueError:
            continue
        for word in words:
            if word.startswith(("/", "-", "$")) or "://" in word or "=" in word:
                continue
            if "/" in word or _FILE_EXTENSION.search(word):
                paths.add(word.removeprefix("./").rstrip("/"))
    return paths - {"", "."}


@rule(
    "DI209",
    WARNING,
    "Excludes files the config's commands run",
    tags=("dockerignore",),
    requires=DOCKERIGNORE_PATTERNS,
    why="A release_command or process that runs `node dist/server.js` while .dockerignore "
    "excludes dist/ only works if the Dockerfile builds dist/ itself; otherwise the command "
    "fails after deploy.",
    fix="Make sure a Dockerfile stage builds the path, or stop excluding it.",
    example='dist/\n# fly.toml: [processes] app = "node dist/server.js"',
)
def command_files_excluded(ctx):
    """A relative path used by [processes], release_command or console_command that the
    .dockerignore excludes from the build context."""
    problems = []
    for path in sorted(_command_paths(ctx)):
        pattern = ctx.ignore_file.deciding_pattern(path)
        if pattern is not None and not pattern.negated:
            problems.append(
                Problem(
                    f"{pattern.text!r} excludes {path}, which fly.toml runs: "
                    "the image must build it",
                    pattern.text,
                    line=pattern.line,
                )
            )
    return problems
