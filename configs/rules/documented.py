"""Secret names documented in fly.toml comments as `fly secrets set NAME=...`.

Fly keeps secrets outside fly.toml, so the convention (and the seed project's check) is to
list them in comments. Both the rule engine and the secrets checklist read them from here.
"""

import re
from dataclasses import dataclass

_COMMAND = re.compile(r"#.*?\b(?:fly|flyctl)\s+secrets\s+set\s+(?P<args>.*)$")
_ASSIGNMENT = re.compile(r"(?:^|\s)(?P<name>[A-Za-z_][A-Za-z0-9_]*)=")


@dataclass(frozen=True)
class DocumentedSecret:
    name: str
    line: int


def documented_secrets(fly_toml: str) -> list[DocumentedSecret]:
    """Every NAME in a `# fly secrets set NAME=... [NAME2=...]` comment, first mention wins."""
    seen: dict[str, DocumentedSecret] = {}
    for number, text in enumerate(fly_toml.splitlines(), start=1):
        command = _COMMAND.search(text)
        if command is None:
            continue
        for match in _ASSIGNMENT.finditer(command.group("args")):
            name = match.group("name")
            seen.setdefault(name, DocumentedSecret(name, number))
    return list(seen.values())
