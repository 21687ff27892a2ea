"""Plausible fly.toml histories for load and speed testing: pure Python, no Django.

A history starts from a real config (the demo ones, Preflight's own, the shared corpus) renamed
for the app, and each revision is one small edit of its parent, the kind ops make every day:
an env var added, changed or removed, memory or CPUs resized, the region moved, the port, the
machine counts, the checks, the concurrency limits, processes, the deploy strategy, a secret
pasted in by mistake and then moved to `fly secrets`, a .dockerignore pattern. Every edit works
on the text (comments and layout survive) and is kept only when the result still parses, so the
rule engine sees realistic documents with realistic findings.
"""

import csv
import random
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REGIONS = [
    "ams",
    "arn",
    "cdg",
    "dfw",
    "ewr",
    "fra",
    "iad",
    "lax",
    "lhr",
    "nrt",
    "ord",
    "sin",
    "syd",
]
REGIONS += ["yyz", "sea", "sjc", "gru", "jnb", "bom", "waw", "mad"]
MEMORY_SIZES = ["256mb", "512mb", "1gb", "2gb", "4gb"]
DURATIONS = ["5s", "10s", "15s", "20s", "30s", "1m"]
PORTS = [3000, 4000, 5000, 8000, 8080, 8081, 9000]
# Env vars ops add and tune, each with values it plausibly takes.
ENV_VALUES = {
    "LOG_LEVEL": ["debug", "info", "warn", "error"],
    "RUST_LOG": ["info", "debug", "warn", "info,tower_http=debug"],
    "NODE_ENV": ["production"],
    "RAILS_MAX_THREADS": ["3", "5", "8"],
    "WEB_CONCURRENCY": ["1", "2", "4"],
    "GUNICORN_WORKERS": ["2", "3", "4"],
    "FEATURE_NEW_BILLING": ["true", "false"],
    "FEATURE_SEARCH_V2": ["true", "false"],
    "CACHE_TTL_SECONDS": ["30", "60", "300", "900"],
    "REQUEST_TIMEOUT_MS": ["5000", "10000", "30000"],
    "MAX_UPLOAD_MB": ["10", "25", "100"],
    "SENTRY_ENVIRONMENT": ["production", "staging"],
    "OTEL_SERVICE_NAME": ["api", "web", "worker"],
    "PUBLIC_BASE_URL": ["https://app.example.com", "https://www.example.com"],
    "TZ": ["UTC", "Europe/London", "America/New_York"],
    "QUEUE_CONCURRENCY": ["2", "5", "10"],
    "RATE_LIMIT_PER_MINUTE": ["60", "120", "600"],
    "DB_POOL_SIZE": ["5", "10", "20"],
    "METRICS_ENABLED": ["true", "false"],
    "MAINTENANCE_MODE": ["false", "true"],
}
# Values that look like credentials: pasted by mistake, later moved to `fly secrets set`.
LEAKED_SECRETS = [
    ("STRIPE_SECRET_KEY", "sk_live_51HqLyjWDarjtT1zdp7dcXj4V8mQ2pZ0aBcDeFgHiJkLmN"),
    ("DATABASE_URL", "postgres://app:Zq8v3LmR2xTq@db.internal:5432/app"),
    ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYq3"),
    ("SECRET_KEY_BASE", "9f2c4e1a7b3d5f6e8a0c2b4d6f8e0a1c3b5d7f9e1a3c5b7d9f1e3a5c7b9d1f3e"),
    ("SENDGRID_API_KEY", "SG.n3Yq0xQbR8uK2vW9tZ1cA.f7Gh2Jk4Lm6Np8Qr0St2Uv4Wx6Yz8Ab0Cd2Ef4Gh6"),
]
EXTRA_PROCESSES = {
    "worker": "bin/worker",
    "scheduler": "bin/scheduler",
    "cron": "supercronic /app/crontab",
    "mailer": "bin/mailer --queue mail",
}
MAX_TEMPLATE_LINES = 300
REVERT_SHARE = 0.05  # of edits undo the previous one (a rollback)
STRATEGIES = ["rolling", "bluegreen", "canary", "immediate"]
IGNORE_PATTERNS = ["*.log", "coverage/", "tmp/", ".env.local", "*.sqlite3", "docs/", ".github/"]
IGNORE_PATTERNS += ["test/", "__pycache__/", ".DS_Store", "dist/", "*.pem"]


@dataclass(frozen=True)
class Template:
    name: str
    fly_toml: str


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


def load_templates(base_dir: Path, corpus_dir: Path | None) -> list[Template]:
    """Preflight's demo and own fly.toml, plus every parseable corpus file when present.

    Files over MAX_TEMPLATE_LINES are left out: one 526-line corpus file (hundreds of port
    blocks) would otherwise be the start of 4 of the 200 apps and cost a third of the time.
    """
    paths = sorted((base_dir / "configs" / "demo" / "tynebase").glob("*.fly.toml"))
    paths.append(base_dir / "fly.toml")
    if corpus_dir is not None and (corpus_dir / "flytoml").is_dir():
        paths += sorted((corpus_dir / "flytoml").glob("*.toml"))
    templates = []
    for path in paths:
        text = _lf(path.read_text(encoding="utf-8"))
        if text.count("\n") > MAX_TEMPLATE_LINES:
            continue
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            continue
        templates.append(Template(path.name, text))
    return templates


def load_dockerignores(base_dir: Path, corpus_dir: Path | None) -> list[str]:
    texts = [
        (base_dir / "configs" / "demo" / "tynebase" / "dockerignore").read_text(encoding="utf-8"),
        (base_dir / ".dockerignore").read_text(encoding="utf-8"),
    ]
    manifest = corpus_dir / "dockerignore" / "MANIFEST.tsv" if corpus_dir else None
    if manifest is not None and manifest.is_file():
        with open(manifest, encoding="utf-8") as rows:
            for row in csv.DictReader(rows, delimiter="\t"):
                path = manifest.parent / row["file"]
                texts.append(path.read_text(encoding="utf-8"))
    return [_lf(text) for text in texts]


def rename_app(fly_toml: str, slug: str) -> str:
    """The template with `app = "<slug>"`, replacing its own app name or adding one on top."""
    line = f'app = "{slug}"'
    renamed, count = re.subn(r"^app\s*=.*$", line, fly_toml, count=1, flags=re.M)
    if count:
        return renamed
    lines = fly_toml.split("\n")
    at = next((i for i, text in enumerate(lines) if text.strip() and text[0] != "#"), 0)
    return "\n".join([*lines[:at], line, *lines[at:]])


# Line-level helpers. A table's body runs from its header to the next header.
HEADER = re.compile(r"^\s*\[")


def _table(lines: list[str], header: str) -> tuple[int, int] | None:
    """(header index, end index) of the first `[header]` table, or None."""
    pattern = re.compile(r"^\s*\[\s*" + re.escape(header) + r"\s*\]\s*(#.*)?$")
    for start, line in enumerate(lines):
        if pattern.match(line):
            end = start + 1
            while end < len(lines) and not HEADER.match(lines[end]):
                end += 1
            while end > start + 1 and not lines[end - 1].strip():
                end -= 1
            return start, end
    return None


def _key_lines(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    keys = []
    for index in range(start + 1, end):
        match = re.match(r"^\s*([A-Za-z0-9_-]+)\s*=", lines[index])
        if match:
            keys.append((index, match.group(1)))
    return keys


def _indent(lines: list[str], start: int, end: int) -> str:
    for index, _ in _key_lines(lines, start, end):
        return re.match(r"^\s*", lines[index]).group(0)
    return "  "


def _insert_top_level(lines: list[str], line: str) -> list[str]:
    """`line` after the last top-level key, before the first table and the comments above it."""
    at = next((i for i, text in enumerate(lines) if HEADER.match(text)), len(lines))
    while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
        at -= 1
    if at == 0:  # only comments above the first table: keep them on top
        at = next((i for i, text in enumerate(lines) if HEADER.match(text)), len(lines))
        return [*lines[:at], line, "", *lines[at:]]
    return [*lines[:at], line, *lines[at:]]


def _replace_values(text: str, key: str, new: Callable[[str], str | None]) -> str | None:
    """Each `key = value` line with its value replaced by new(old); None if nothing changed."""

    def swap(match: re.Match) -> str:
        value = new(match.group(3))
        return match.group(0) if value is None else f"{match.group(1)}{match.group(2)}{value}"

    changed = re.sub(
        r"^([ \t]*" + re.escape(key) + r")([ \t]*=[ \t]*)([^#\n]*?)[ \t]*$", swap, text, flags=re.M
    )
    return changed if changed != text else None


def _append_table(lines: list[str], header: str, body: list[str]) -> list[str]:
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return [*lines, "", header, *(f"  {line}" for line in body), ""]


@dataclass
class Edit:
    fly_toml: str
    dockerignore: str | None
    message: str


@dataclass
class AppHistory:
    """One app's evolving config; next_edit() gives a plausible edit of the latest revision."""

    slug: str
    fly_toml: str
    dockerignore: str | None
    rng: random.Random
    leaked: list[str] = field(default_factory=list)
    # The state before the last edit and its message, for an occasional revert.
    undo: tuple | None = None

    def edits(self) -> Iterator[Edit]:
        while True:
            yield self.next_edit()

    def next_edit(self) -> Edit:
        if self.undo is not None and self.rng.random() < REVERT_SHARE:
            (self.fly_toml, self.dockerignore, self.leaked), message = self.undo
            self.undo = None
            return Edit(self.fly_toml, self.dockerignore, f'Revert "{message}"')
        before = (self.fly_toml, self.dockerignore, list(self.leaked))
        for _ in range(50):
            method = self.rng.choices(EDIT_METHODS, weights=EDIT_WEIGHTS)[0]
            result = method(self, self.fly_toml.split("\n"))
            if result is None:
                continue
            text, message = result
            if isinstance(text, tuple):  # a .dockerignore edit
                fly_toml, dockerignore = self.fly_toml, text[1]
            else:
                fly_toml, dockerignore = text, self.dockerignore
            unchanged = (fly_toml, dockerignore) == before[:2]
            if unchanged or (fly_toml != before[0] and not _parses(fly_toml)):
                self.leaked = list(before[2])
                continue
            self.fly_toml, self.dockerignore = fly_toml, dockerignore
            self.undo = (before, message)
            return Edit(fly_toml, dockerignore, message)
        raise RuntimeError(f"no applicable edit for {self.slug}")

    # Each edit returns (new fly.toml text, message), (("dockerignore", text), message) or None.

    def add_env(self, lines):
        table = _table(lines, "env")
        present = {key for _, key in _key_lines(lines, *table)} if table else set()
        choices = [name for name in ENV_VALUES if name not in present]
        if not choices or (table is None and _has_key(self.fly_toml, "env")):
            return None
        name = self.rng.choice(choices)
        value = self.rng.choice(ENV_VALUES[name])
        line = f'{name} = "{value}"'
        if table is None:
            return "\n".join(_append_table(lines, "[env]", [line])), f"Add {name} to [env]"
        start, end = table
        lines.insert(end, _indent(lines, start, end) + line)
        return "\n".join(lines), f"Set {name}={value}"

    def change_env(self, lines):
        table = _table(lines, "env")
        keys = _key_lines(lines, *table) if table else []
        keys = [(index, key) for index, key in keys if key in ENV_VALUES]
        if not keys:
            return None
        index, key = self.rng.choice(keys)
        value = self.rng.choice(ENV_VALUES[key])
        lines[index] = re.sub(r"=.*$", f'= "{value}"', lines[index])
        return "\n".join(lines), f"Change {key} to {value}"

    def remove_env(self, lines):
        table = _table(lines, "env")
        keys = _key_lines(lines, *table) if table else []
        keys = [(index, key) for index, key in keys if key not in self.leaked]
        if len(keys) < 2:
            return None
        index, key = self.rng.choice(keys)
        del lines[index]
        return "\n".join(lines), f"Remove unused {key}"

    def leak_secret(self, lines):
        table = _table(lines, "env")
        if table is None or self.leaked:
            return None
        present = {key for _, key in _key_lines(lines, *table)}
        choices = [pair for pair in LEAKED_SECRETS if pair[0] not in present]
        if not choices:
            return None
        name, value = self.rng.choice(choices)
        start, end = table
        lines.insert(end, f'{_indent(lines, start, end)}{name} = "{value}"')
        self.leaked.append(name)
        return "\n".join(lines), f"Configure {name} for the new integration"

    def move_secret(self, lines):
        if not self.leaked:
            return None
        name = self.leaked[0]
        kept = [line for line in lines if not re.match(r"^\s*" + name + r"\s*=", line)]
        if len(kept) == len(lines):
            self.leaked.clear()
            return None
        self.leaked.clear()
        # Document it where the file already lists its secrets, else on top.
        listed = [i for i, line in enumerate(kept) if re.match(r"^#\s+fly secrets set", line)]
        note = f"#   fly secrets set {name}=..."
        if note not in kept:
            kept.insert(listed[-1] + 1 if listed else 0, note)
        return "\n".join(kept), f"Move {name} to fly secrets"

    def resize_memory(self, lines):
        text = self.fly_toml
        new_size = self.rng.choice(MEMORY_SIZES)
        changed = _replace_values(text, "memory", lambda old: f'"{new_size}"')
        if changed is None and "memory_mb" in text:
            mb = int(new_size[:-2]) * (1024 if new_size.endswith("gb") else 1)
            changed = _replace_values(text, "memory_mb", lambda old: str(mb))
        if changed is not None:
            return changed, f"Resize VM memory to {new_size}"
        if _has_key(text, "vm"):
            return None
        body = [f'memory = "{new_size}"', 'cpu_kind = "shared"', "cpus = 1"]
        return "\n".join(_append_table(lines, "[[vm]]", body)), f"Pin the VM to {new_size}"

    def change_cpus(self, lines):
        cpus = self.rng.choice([1, 2, 4])
        changed = _replace_values(self.fly_toml, "cpus", lambda old: str(cpus))
        return (changed, f"Run on {cpus} CPU{'s' if cpus > 1 else ''}") if changed else None

    def move_region(self, lines):
        region = self.rng.choice(REGIONS)
        changed = _replace_values(self.fly_toml, "primary_region", lambda old: f'"{region}"')
        if changed is None:
            if _has_key(self.fly_toml, "primary_region"):
                return None
            lines = _insert_top_level(lines, f'primary_region = "{region}"')
            return "\n".join(lines), f"Set the primary region to {region}"
        return changed, f"Move the primary region to {region}"

    def change_port(self, lines):
        port = self.rng.choice(PORTS)
        changed = _replace_values(self.fly_toml, "internal_port", lambda old: str(port))
        return (changed, f"Serve on internal port {port}") if changed else None

    def scale_machines(self, lines):
        count = self.rng.choice([0, 1, 1, 2, 3])
        changed = _replace_values(self.fly_toml, "min_machines_running", lambda old: str(count))
        plural = "" if count == 1 else "s"
        return (changed, f"Keep {count} machine{plural} running") if changed else None

    def auto_stop(self, lines):
        mode = self.rng.choice(['"stop"', '"suspend"', '"off"', "true", "false"])
        changed = _replace_values(self.fly_toml, "auto_stop_machines", lambda old: mode)
        return (changed, f"auto_stop_machines = {mode}") if changed else None

    def tune_checks(self, lines):
        key = self.rng.choice(["interval", "grace_period", "timeout"])
        value = self.rng.choice(DURATIONS)
        changed = _replace_values(self.fly_toml, key, lambda old: f'"{value}"')
        return (changed, f"Health checks: {key} {value}") if changed else None

    def tune_concurrency(self, lines):
        soft = self.rng.choice([20, 25, 50, 100, 200])
        hard = soft + self.rng.choice([5, 10, 25, 50])
        changed = _replace_values(self.fly_toml, "soft_limit", lambda old: str(soft))
        if changed is None:
            return None
        changed = _replace_values(changed, "hard_limit", lambda old: str(hard)) or changed
        return changed, f"Concurrency limits {soft}/{hard}"

    def kill_timeout(self, lines):
        value = self.rng.choice(["5s", "10s", "30s", "60s", "120s"])
        changed = _replace_values(self.fly_toml, "kill_timeout", lambda old: f'"{value}"')
        if changed is None:
            if _has_key(self.fly_toml, "kill_timeout"):
                return None
            changed = "\n".join(_insert_top_level(lines, f'kill_timeout = "{value}"'))
        return changed, f"Give machines {value} to shut down"

    def add_process(self, lines):
        table = _table(lines, "processes")
        if table is None:
            return None
        present = {key for _, key in _key_lines(lines, *table)}
        choices = [name for name in EXTRA_PROCESSES if name not in present]
        if not choices:
            return None
        name = self.rng.choice(choices)
        start, end = table
        lines.insert(end, f'{_indent(lines, start, end)}{name} = "{EXTRA_PROCESSES[name]}"')
        return "\n".join(lines), f"Add a {name} process"

    def remove_process(self, lines):
        table = _table(lines, "processes")
        if table is None:
            return None
        extra = [(i, key) for i, key in _key_lines(lines, *table) if key in EXTRA_PROCESSES]
        if not extra:
            return None
        index, name = self.rng.choice(extra)
        del lines[index]
        return "\n".join(lines), f"Retire the {name} process"

    def deploy_strategy(self, lines):
        strategy = self.rng.choice(STRATEGIES)
        changed = _replace_values(self.fly_toml, "strategy", lambda old: f'"{strategy}"')
        if changed is not None:
            return changed, f"Deploy with the {strategy} strategy"
        table = _table(lines, "deploy")
        if table is None:
            if _has_key(self.fly_toml, "deploy"):
                return None
            body = [f'strategy = "{strategy}"']
            return "\n".join(_append_table(lines, "[deploy]", body)), f"Use {strategy} deploys"
        start, end = table
        lines.insert(end, f'{_indent(lines, start, end)}strategy = "{strategy}"')
        return "\n".join(lines), f"Use {strategy} deploys"

    def edit_dockerignore(self, lines):
        if self.dockerignore is None:
            if self.rng.random() < 0.3:
                return ("dockerignore", ".git\n.env\nnode_modules\n"), "Add a .dockerignore"
            return None
        present = set(self.dockerignore.split("\n"))
        missing = [pattern for pattern in IGNORE_PATTERNS if pattern not in present]
        if missing and (self.rng.random() < 0.7 or not present & set(IGNORE_PATTERNS)):
            pattern = self.rng.choice(missing)
            text = self.dockerignore.rstrip("\n") + f"\n{pattern}\n"
            return ("dockerignore", text), f"Keep {pattern} out of the build context"
        ours = [pattern for pattern in IGNORE_PATTERNS if pattern in present]
        if not ours:
            return None
        pattern = self.rng.choice(ours)
        text = "\n".join(line for line in self.dockerignore.split("\n") if line != pattern)
        return ("dockerignore", text), f"Send {pattern} to the builder again"


def _has_key(text: str, key: str) -> bool:
    try:
        return key in tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True


def _parses(text: str) -> bool:
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    return True


# (name, weight, method): how often each kind of edit is tried.
_KINDS = [
    ("add_env", 14, AppHistory.add_env),
    ("change_env", 12, AppHistory.change_env),
    ("remove_env", 6, AppHistory.remove_env),
    ("leak_secret", 2, AppHistory.leak_secret),
    ("move_secret", 6, AppHistory.move_secret),
    ("resize_memory", 8, AppHistory.resize_memory),
    ("change_cpus", 3, AppHistory.change_cpus),
    ("move_region", 4, AppHistory.move_region),
    ("change_port", 3, AppHistory.change_port),
    ("scale_machines", 6, AppHistory.scale_machines),
    ("auto_stop", 4, AppHistory.auto_stop),
    ("tune_checks", 6, AppHistory.tune_checks),
    ("tune_concurrency", 5, AppHistory.tune_concurrency),
    ("kill_timeout", 3, AppHistory.kill_timeout),
    ("add_process", 2, AppHistory.add_process),
    ("remove_process", 2, AppHistory.remove_process),
    ("deploy_strategy", 3, AppHistory.deploy_strategy),
    ("edit_dockerignore", 5, AppHistory.edit_dockerignore),
]
EDIT_WEIGHTS = [weight for _, weight, _ in _KINDS]
EDIT_METHODS = [method for _, _, method in _KINDS]
