"""Secrets written into fly.toml instead of `fly secrets set`.

Values are checked by detect-secrets' token detectors (Stripe, AWS, GitHub, private keys,
`user:password@` URLs...) and its entropy plugins, and by the key name (PASSWORD, API_KEY...).
Plugin instances are created once at import; only string values are scanned, and cheap
checks (length, booleans, numbers) run before any regex.
"""

import re

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.plugins.base import RegexBasedDetector
from detect_secrets.plugins.high_entropy_strings import (
    Base64HighEntropyString,
    HexHighEntropyString,
)

from configs.rules.findings import ERROR, INFO, WARNING
from configs.rules.lineindex import MAX_DEPTH, join_index, join_key
from configs.rules.registry import FLY_TEXT, Problem, rule

# Public IPs and the keyword plugin are left out: an IP is not a secret, and key names are
# judged below with fewer false positives on config files.
_NOT_SECRETS = ("IPPublicDetector",)
_TOKEN_DETECTORS = tuple(
    plugin()
    for plugin in get_mapping_from_secret_type_to_class().values()
    if issubclass(plugin, RegexBasedDetector) and plugin.__name__ not in _NOT_SECRETS
)
_ENTROPY_DETECTORS = (Base64HighEntropyString(limit=4.5), HexHighEntropyString(limit=3.0))
_SHORTEST_TOKEN = 8  # no detector matches anything shorter
_SHORTEST_RANDOM = 20  # below this, entropy says little

_SECRET_WORDS = frozenset(
    [
        "KEY",
        "APIKEY",
        "SECRET",
        "TOKEN",
        "PASSWORD",
        "PASSWD",
        "PWD",
        "PASSPHRASE",
        "CREDENTIAL",
        "CREDENTIALS",
    ]
)
_SECRET_LAST_WORDS = frozenset({"COOKIE", "AUTH", "DSN"})
# Names that describe a secret without holding it: SECRET_NAME, TOKEN_TTL, API_KEY_HEADER...
_DESCRIPTIVE_LAST_WORDS = frozenset(
    [
        "ID",
        "NAME",
        "NAMES",
        "PATH",
        "FILE",
        "DIR",
        "URL",
        "URI",
        "HOST",
        "PORT",
        "HEADER",
        "LENGTH",
        "TTL",
        "EXPIRY",
        "EXPIRES",
        "SECONDS",
        "MINUTES",
        "HOURS",
        "DAYS",
        "ENABLED",
        "REGION",
        "TYPE",
        "ALGORITHM",
        "FORMAT",
        "VERSION",
        "COUNT",
        "SIZE",
        "LIMIT",
        "MODE",
        "PREFIX",
        "FIELD",
        "PARAM",
        "KIND",
        "ISSUER",
        "AUDIENCE",
    ]
)
# Frameworks inline these into browser bundles on purpose: they are public by design.
_PUBLIC_PREFIXES = (
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "EXPO_PUBLIC_",
    "NUXT_PUBLIC_",
    "PUBLIC_",
)
_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_PLACEHOLDER = re.compile(
    r"^\W*(your|my|changeme|change[_-]?me|replace|todo|xxx+|placeholder|example|dummy|secret|"
    r"password|token|none|null|\.\.\.|\*+)\b|^[{<$\[].*[}>\]]$|your[_-]|replace[_-]?me|change[_-]?me",
    re.IGNORECASE,
)
_TRIVIAL = frozenset({"true", "false", "yes", "no", "on", "off", "0", "1"})

SECRET_RULE_IDS = frozenset({"SEC301", "SEC302", "SEC303"})


def mask(value: str) -> str:
    """Enough of a value to recognise it, never enough to use it."""
    shown = value[:4] if len(value) >= 12 else ""
    return f"{shown}…({len(value)} chars)"


def _words(name: str) -> list[str]:
    return [word.upper() for word in _WORD.findall(name)]


def secret_named(name: str) -> bool:
    """True for names like API_KEY, DB_PASSWORD, Google__ClientSecret or RELEASE_COOKIE."""
    if name.upper().startswith(_PUBLIC_PREFIXES):
        return False
    words = _words(name)
    if (
        not words
        or words[-1] in _DESCRIPTIVE_LAST_WORDS
        or "PUBLIC" in words
        or "PUBLISHABLE" in words
    ):
        return False
    return bool(_SECRET_WORDS.intersection(words)) or words[-1] in _SECRET_LAST_WORDS


def placeholder(value: str) -> bool:
    return not value.strip() or bool(_PLACEHOLDER.search(value.strip()))


def detected_secret(name: str, value: str) -> str:
    """What kind of secret detect-secrets recognises in `name = "value"`, or ""."""
    if len(value) < _SHORTEST_TOKEN or value.lower() in _TRIVIAL or value.isdigit():
        return ""
    line = f'{name} = "{value}"'
    for detector in _TOKEN_DETECTORS:
        if any(detector.analyze_string(line)):
            return detector.secret_type
    if len(value) >= _SHORTEST_RANDOM and " " not in value:
        quoted = f'"{value}"'
        for detector in _ENTROPY_DETECTORS:
            for match in detector.analyze_string(quoted):
                if detector.calculate_shannon_entropy(match) > detector.entropy_limit:
                    return detector.secret_type
    return ""


def _looks_like_value(value: str) -> bool:
    """A secret-named key's value that is a real value, not a flag, number or placeholder."""
    return value.lower() not in _TRIVIAL and not value.isdigit() and not placeholder(value)


def _secret_reason(name: str, value: str) -> str:
    kind = detected_secret(name, value)
    if kind:
        return f"looks like a {kind}"
    if secret_named(name) and _looks_like_value(value):
        return "is named like a secret and has a value"
    return ""


def _string_entries(table, path: str) -> list[tuple[str, str, str]]:
    if not isinstance(table, dict):
        return []
    return [
        (join_key(path, name), name, value)
        for name, value in table.items()
        if isinstance(value, str)
    ]


def _hardcoded(entries, hint_for) -> list[Problem]:
    problems = []
    for path, name, value in entries:
        reason = _secret_reason(name, value)
        if reason:
            problems.append(Problem(f"{path} {reason}: {mask(value)}", path, hint_for(name)))
    return problems


def _runtime_secret_hint(name: str) -> str:
    return f"Run `fly secrets set {name}=...` and remove {name} from fly.toml."


def _build_secret_hint(name: str) -> str:
    return (
        f"Remove {name} from [build.args] and pass it with `fly deploy --build-secret {name}=...` "
        f"(or `fly secrets set {name}=...` if the app needs it at runtime)."
    )


@rule(
    "SEC301",
    ERROR,
    "Secret in [env]",
    tags=("secrets", "seed"),
    why="fly.toml is committed and shown to everyone with access to the repo and the "
    "dashboard; [env] values are plain text in every Machine config. Secrets belong in "
    "`fly secrets`, which are encrypted and injected at boot.",
    fix="Run `fly secrets set NAME=...` and remove the value from fly.toml.",
    example='[env]\n  STRIPE_KEY = "sk_live_..."',
)
def secret_in_env(ctx):
    """An [env] value that detect-secrets recognises as a credential (API tokens, private
    keys, URLs with `user:password@`, high-entropy strings) or whose name says it is one."""
    return _hardcoded(_string_entries(ctx.doc.get("env"), "env"), _runtime_secret_hint)


@rule(
    "SEC302",
    ERROR,
    "Secret in [build.args]",
    tags=("secrets", "seed"),
    why="Build arguments are stored in the image history, readable by anyone who can pull the "
    "image, as well as in fly.toml.",
    fix="Pass it with `fly deploy --build-secret NAME=...` instead of [build.args].",
    example='[build.args]\n  NPM_TOKEN = "npm_..."',
)
def secret_in_build_args(ctx):
    """A [build.args] value that is, or is named like, a credential."""
    args = ctx.section("build").get("args")
    return _hardcoded(_string_entries(args, "build.args"), _build_secret_hint)


@rule(
    "SEC303",
    WARNING,
    "Secret-named setting left empty or as a placeholder",
    tags=("secrets", "seed"),
    why='A key like API_KEY = "" or PASSWORD = "{YOUR_PASSWORD}" in fly.toml invites '
    "someone to paste the real value there; the value must come from `fly secrets`.",
    fix="Remove it from fly.toml and run `fly secrets set NAME=...`.",
    example='[env]\n  DATADOG_API_KEY = ""',
)
def secret_placeholder(ctx):
    """A secret-named [env] or [build.args] key whose value is empty or a placeholder."""
    entries = _string_entries(ctx.doc.get("env"), "env")
    entries += _string_entries(ctx.section("build").get("args"), "build.args")
    return [
        Problem(
            f"{path} is named like a secret but holds "
            f"{'a placeholder' if value.strip() else 'nothing'}",
            path,
            _runtime_secret_hint(name),
        )
        for path, name, value in entries
        if secret_named(name) and placeholder(value) and not detected_secret(name, value)
    ]


def _other_strings(document: dict):
    """(path, key, value) for every string outside [env] and [build.args], without
    recursion so that deeply nested documents cannot exhaust the stack."""
    pending = [("", document, 0)]
    while pending:
        path, value, depth = pending.pop()
        if path in ("env", "build.args") or depth > MAX_DEPTH:
            continue
        if isinstance(value, dict):
            pending += [(join_key(path, key), item, depth + 1) for key, item in value.items()]
        elif isinstance(value, list):
            pending += [(join_index(path, i), item, depth + 1) for i, item in enumerate(value)]
        elif isinstance(value, str):
            yield path, path.rsplit(".", 1)[-1], value


@rule(
    "SEC304",
    ERROR,
    "Credential elsewhere in fly.toml",
    tags=("secrets",),
    why="A token in a check header, a URL with a password in a build setting or a key in any "
    "other string is as exposed as one in [env].",
    fix="Remove the credential from fly.toml and have the app read it from a Fly secret.",
    example='[checks.api.headers]\n  Authorization = "Bearer ghp_..."',
)
def credential_elsewhere(ctx):
    """A string outside [env] and [build.args] that detect-secrets recognises as a credential."""
    problems = []
    for path, name, value in _other_strings(ctx.doc):
        kind = detected_secret(name, value)
        if kind:
            problems.append(Problem(f"{path} looks like a {kind}: {mask(value)}", path))
    return sorted(problems, key=lambda p: p.path)


_SECRETS_COMMENT = re.compile(r"#.*\bsecrets?\b", re.IGNORECASE)


@rule(
    "SEC305",
    INFO,
    "Secrets mentioned but not documented",
    tags=("secrets", "seed"),
    requires=FLY_TEXT,
    why="The secrets checklist reads `# fly secrets set NAME=...` comments; secrets that are "
    "only hinted at (or only visible as empty [env] keys) cannot be confirmed before deploy.",
    fix="List each secret the app needs as a `# fly secrets set NAME=...` comment.",
    example="# Set DB_URL and JWT_SECRET via Fly secrets.",
)
def secrets_not_documented(ctx):
    """No `fly secrets set NAME=...` comment while a comment talks about secrets or [env]
    has secret-named keys."""
    if ctx.documented_secrets:
        return []
    for number, line in enumerate((ctx.fly_text or "").split("\n"), start=1):
        if _SECRETS_COMMENT.search(line):
            return [
                Problem(
                    "Secrets are mentioned but not listed as `fly secrets set NAME=...`",
                    line=number,
                )
            ]
    env = ctx.section("env") if ctx.document else {}
    named = [
        name
        for name, value in env.items()
        if secret_named(name) and isinstance(value, str) and value.lower() not in _TRIVIAL
    ]
    if named:
        return [
            Problem(
                f"env.{named[0]} suggests secrets, but none are documented",
                join_key("env", named[0]),
            )
        ]
    return []


@rule(
    "SEC306",
    WARNING,
    "Documented secret also set in [env]",
    tags=("secrets",),
    why="A secret overrides the [env] value of the same name at runtime, so the [env] entry "
    "is dead configuration that misleads readers (and may hold a stale secret).",
    fix="Remove the name from [env]; the Fly secret provides it.",
    example='# fly secrets set DATABASE_URL=...\n[env]\n  DATABASE_URL = "postgres://localhost/dev"',
)
def documented_secret_in_env(ctx):
    """A name documented as `fly secrets set NAME=...` that is also an [env] key."""
    env = ctx.section("env")
    return [
        Problem(
            f"env.{secret.name} is overridden by the documented secret {secret.name}",
            join_key("env", secret.name),
        )
        for secret in ctx.documented_secrets
        if secret.name in env
    ]
