"""Which secrets a revision needs, and which ones the Fly app has.

Pure: plain text in, plain data out. Secret values never pass through here: the app's secrets
come from the output of `fly secrets list --json` (names and digests), and pasted text that
looks like it holds values is refused without echoing them.
"""

import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from itertools import chain

from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.plugins.base import BasePlugin
from detect_secrets.plugins.high_entropy_strings import HighEntropyStringsPlugin

from configs.jsoninput import json_kind, too_deep
from configs.rules.documented import documented_secrets

SECRET_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# What a secret's checklist entry stores (configs.models.SecretStatus): longer input is refused
# here rather than failing in the database (PostgreSQL enforces these lengths; SQLite does not).
MAX_NAME_CHARS = 200
MAX_FIELD_CHARS = {"digest": 128, "status": 40}

# ---------------------------------------------------------------------------------------------
# Required secrets


@dataclass(frozen=True)
class SecretSource:
    kind: str  # "comment" | "config" | "policy" | "finding"
    detail: str
    line: int | None


@dataclass(frozen=True)
class RequiredSecret:
    name: str
    sources: tuple[SecretSource, ...]


def required_secrets(
    fly_toml: str,
    policy_names: Iterable[str],
    flagged: Iterable[tuple[str, int | None, str]],
) -> list[RequiredSecret]:
    """Every secret the revision needs, each once with all the reasons, in order of first
    mention: `# fly secrets set` comments, [[files]] secret_name, the app's policy, then the
    rule engine's findings of hardcoded values ((name, line, rule id) each)."""
    mentions = chain(
        _documented(fly_toml),
        _referenced_by_files(fly_toml),
        ((name, _REQUIRED_BY_POLICY) for name in policy_names),
        ((name, _finding_source(line, rule_id)) for name, line, rule_id in flagged),
    )
    sources: dict[str, list[SecretSource]] = {}
    for name, source in mentions:
        if source not in sources.setdefault(name, []):
            sources[name].append(source)
    return [RequiredSecret(name, tuple(found)) for name, found in sources.items()]


_REQUIRED_BY_POLICY = SecretSource("policy", "required by the app's policy", None)


def _documented(fly_toml: str) -> Iterator[tuple[str, SecretSource]]:
    for secret in documented_secrets(fly_toml):
        detail = f"documented as `fly secrets set` on line {secret.line}"
        yield secret.name, SecretSource("comment", detail, secret.line)


def _referenced_by_files(fly_toml: str) -> Iterator[tuple[str, SecretSource]]:
    """[[files]] entries whose content comes from a secret: the Machine needs it to start."""
    try:
        files = tomllib.loads(fly_toml.removeprefix("\ufeff")).get("files", [])
    except (ValueError, RecursionError):  # TOMLDecodeError, or a 5000-digit integer
        return  # the rule engine reports the syntax error; comments and policy still count
    for entry in files if isinstance(files, list) else []:
        name = entry.get("secret_name") if isinstance(entry, dict) else None
        if isinstance(name, str) and name:
            detail = f"written to {entry.get('guest_path', 'a file')} by [[files]]"
            yield name, SecretSource("config", detail, _line_of_secret_name(fly_toml, name))


def _line_of_secret_name(fly_toml: str, name: str) -> int | None:
    pattern = re.compile(rf"""^\s*secret_name\s*=\s*["']{re.escape(name)}["']""")
    for number, text in enumerate(fly_toml.splitlines(), start=1):
        if pattern.match(text):
            return number
    return None


def _finding_source(line: int | None, rule_id: str) -> SecretSource:
    where = f" on line {line}" if line is not None else ""
    return SecretSource("finding", f"hardcoded value flagged by {rule_id}{where}", line)


# ---------------------------------------------------------------------------------------------
# Parsing `fly secrets list --json`


@dataclass(frozen=True)
class FlySecret:
    name: str
    digest: str
    status: str | None  # "Deployed", "Staged"…; older flyctl versions do not say
    created_at: str | None


class SecretsInputError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class SecretValuesRefused(SecretsInputError):
    """The input seems to hold secret values: it must be neither stored nor shown again."""


MAX_INPUT_BYTES = 1_000_000

_PASTE_THE_LIST = "paste the output of `fly secrets list --json`"
_VALUES_REFUSED = (
    f"Preflight never stores secret values: {_PASTE_THE_LIST}, "
    "which contains only names and digests."
)
_VALUE_FIELDS = {"value", "secret"}
_NOT_SECRET_FIELDS = {"digest", "status", "createdat", "updatedat"}
_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=")


def parse_fly_secrets_list(text: str) -> list[FlySecret]:
    """The secrets in the output of `fly secrets list --json`, in its order.

    flyctl has printed `[{"Name", "Digest", "CreatedAt"}]` (GraphQL API), then
    `[{"name", "digest", "created_at"}]`, and now `[{"name", "digest", "status"}]`; key case
    and underscores are ignored.
    """
    if len(text.encode()) > MAX_INPUT_BYTES:
        raise SecretsInputError(f"The pasted text is larger than 1 MB: {_PASTE_THE_LIST}.")
    if not text.strip():
        raise SecretsInputError(f"Nothing was pasted: {_PASTE_THE_LIST}.")
    if too_deep(text):
        raise SecretsInputError(f"The JSON is nested too deeply: {_PASTE_THE_LIST}.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        _refuse_values_in_text(text)
        raise SecretsInputError(
            f"The pasted text is not JSON ({error.msg} at line {error.lineno}, column "
            f"{error.colno}): {_PASTE_THE_LIST}, with --json."
        ) from error
    _refuse_values_in_json(data)
    if not isinstance(data, list):
        raise SecretsInputError(
            f"The JSON is {json_kind(data)}, not an array of secrets: {_PASTE_THE_LIST}."
        )
    secrets = [_fly_secret(number, item) for number, item in enumerate(data, start=1)]
    _refuse_duplicates(secrets)
    return secrets


def _refuse_values_in_text(text: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        if _ASSIGNMENT.match(line):
            raise SecretValuesRefused(f"Line {number} looks like NAME=value. {_VALUES_REFUSED}")
        if secret_type := _detected_secret(line):
            raise SecretValuesRefused(
                f"Line {number} looks like a secret ({secret_type}). {_VALUES_REFUSED}"
            )


def _refuse_values_in_json(data: object) -> None:
    items = data if isinstance(data, list) else [data]
    for number, item in enumerate(items, start=1):
        where = f"Item {number}" if isinstance(data, list) else "The JSON"
        for key, value in _values_anywhere(item):
            if key is not None and _normalized(key) in _VALUE_FIELDS:
                raise SecretValuesRefused(f'{where} has a "{key}" field. {_VALUES_REFUSED}')
            if secret_type := _secret_in_field(key, value):
                raise SecretValuesRefused(
                    f"{where} looks like it holds a secret ({secret_type}). {_VALUES_REFUSED}"
                )


def _values_anywhere(value: object) -> Iterator[tuple[str | None, object]]:
    """Every value nested in `value`, with the key it is under (None in an array)."""
    pending: list[tuple[str | None, object]] = [(None, value)]
    while pending:  # a work list rather than recursion: pasted JSON may be nested deeply
        key, value = pending.pop()
        yield key, value
        if isinstance(value, dict):
            pending += reversed(value.items())
        elif isinstance(value, list):
            pending += ((None, item) for item in reversed(value))


def _secret_in_field(key: str | None, value: object) -> str | None:
    """What detect-secrets finds in a string. flyctl's own fields are skipped (a digest or a
    date looks random), and names are only checked against known token formats."""
    field = _normalized(key) if key is not None else None
    if not isinstance(value, str) or field in _NOT_SECRET_FIELDS:
        return None
    line = json.dumps(value if key is None else {key: value}, ensure_ascii=False)
    return _detected_secret(line, entropy=field != "name")


def _fly_secret(number: int, item: object) -> FlySecret:
    if not isinstance(item, dict):
        raise SecretsInputError(
            f"Item {number} is {json_kind(item)}, not an object with a name and a digest."
        )
    fields = {_normalized(key): value for key, value in item.items()}
    if "name" not in fields:
        raise SecretsInputError(f'Item {number} has no "name".')
    name = fields["name"]
    if not isinstance(name, str):
        raise SecretsInputError(f'Item {number}: "name" is {json_kind(name)}, not a string.')
    if not SECRET_NAME.fullmatch(name):
        # The name is not repeated: it might be a value pasted in the wrong place.
        raise SecretsInputError(
            f'Item {number}: "name" is not a valid secret name '
            "(letters, digits and underscores, not starting with a digit)."
        )
    if len(name) > MAX_NAME_CHARS:
        raise SecretsInputError(
            f'Item {number}: "name" is {len(name):,} characters; the limit is {MAX_NAME_CHARS}.'
        )
    if "digest" not in fields:
        raise SecretsInputError(f'Item {number} ({name}) has no "digest".')
    return FlySecret(
        name=name,
        digest=_string_field(number, name, fields, "digest"),
        status=_optional_string_field(number, name, fields, "status"),
        created_at=_optional_string_field(number, name, fields, "createdat"),
    )


def _string_field(number: int, name: str, fields: dict, field: str) -> str:
    value = fields[field]
    if not isinstance(value, str):
        raise SecretsInputError(
            f'Item {number} ({name}): "{field}" is {json_kind(value)}, not a string.'
        )
    limit = MAX_FIELD_CHARS.get(field)
    if limit is not None and len(value) > limit:
        raise SecretsInputError(
            f'Item {number} ({name}): "{field}" is {len(value):,} characters; the limit is {limit}.'
        )
    return value


def _optional_string_field(number: int, name: str, fields: dict, field: str) -> str | None:
    if fields.get(field) is None:
        return None
    return _string_field(number, name, fields, field)


def _refuse_duplicates(secrets: list[FlySecret]) -> None:
    first_item: dict[str, int] = {}
    for number, secret in enumerate(secrets, start=1):
        if secret.name in first_item:
            raise SecretsInputError(
                f"Item {number} repeats the name {secret.name} of item {first_item[secret.name]}."
            )
        first_item[secret.name] = number


def _normalized(key: str) -> str:
    """ "CreatedAt", "created_at" and "createdAt" are one field."""
    return key.lower().replace("_", "")


@cache
def _secret_detectors() -> tuple[BasePlugin, ...]:
    """detect-secrets' plugins, the ones that name a token format first."""
    plugins = (plugin() for plugin in get_mapping_from_secret_type_to_class().values())
    return tuple(sorted(plugins, key=lambda plugin: isinstance(plugin, HighEntropyStringsPlugin)))


def _detected_secret(line: str, *, entropy: bool = True) -> str | None:
    """The kind of secret detect-secrets finds in `line`, if any.

    Its plugins are called directly: `scan_line` would also verify candidates against their
    services over the network, and must never see a pasted value.
    """
    for detector in _secret_detectors():
        is_entropy_detector = isinstance(detector, HighEntropyStringsPlugin)
        if is_entropy_detector and not entropy:
            continue
        for candidate in detector.analyze_string(line):
            if not is_entropy_detector or _is_high_entropy(detector, candidate):
                return detector.secret_type
    return None


def _is_high_entropy(detector: HighEntropyStringsPlugin, candidate: str) -> bool:
    return detector.calculate_shannon_entropy(candidate) > detector.entropy_limit


# ---------------------------------------------------------------------------------------------
# Matching


@dataclass(frozen=True)
class SecretsMatch:
    present: list[tuple[RequiredSecret, FlySecret]]
    missing: list[RequiredSecret]
    extra: list[FlySecret]  # set on the app but not required by the revision


def match_secrets(required: list[RequiredSecret], listed: list[FlySecret]) -> SecretsMatch:
    listed_by_name = {secret.name: secret for secret in listed}
    required_names = {secret.name for secret in required}
    return SecretsMatch(
        present=[
            (secret, listed_by_name[secret.name])
            for secret in required
            if secret.name in listed_by_name
        ],
        missing=[secret for secret in required if secret.name not in listed_by_name],
        extra=[secret for secret in listed if secret.name not in required_names],
    )
