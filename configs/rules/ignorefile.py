"""`.dockerignore` parsing and matching with Docker's semantics (moby/patternmatcher).

Patterns are cleaned like Go's filepath.Clean with any leading `/` dropped; `*` and `?` stop at
`/`, `**` crosses directories; a pattern that matches a parent directory excludes everything
below it; the last matching pattern wins, and `!` turns a match back into an include.
"""

import posixpath
import re
from dataclasses import dataclass
from functools import cached_property

_REGEX_SPECIALS = frozenset(".+()|{}$^")


@dataclass(frozen=True)
class IgnorePattern:
    line: int
    text: str  # as written, trimmed
    pattern: str  # cleaned, without "!"
    negated: bool
    error: str  # why Go's filepath.Match would reject it; "" when valid

    @cached_property
    def regex(self) -> re.Pattern | None:
        if self.error:
            return None
        try:
            return re.compile(_to_regex(self.pattern), re.DOTALL)
        except re.error:
            return None

    def matches(self, path: str) -> bool:
        """True when the pattern matches `path` or one of its parent directories."""
        regex = self.regex
        if regex is None:
            return False
        if regex.match(path):
            return True
        parts = path.split("/")
        return any(regex.match("/".join(parts[:end])) for end in range(1, len(parts)))


@dataclass(frozen=True)
class IgnoreFile:
    patterns: tuple[IgnorePattern, ...]
    line_count: int

    def excludes(self, path: str) -> bool:
        excluded = False
        for pattern in self.patterns:
            # Only a pattern that could flip the current outcome needs testing.
            if pattern.negated == excluded and pattern.matches(path):
                excluded = not pattern.negated
        return excluded

    def deciding_pattern(self, path: str) -> IgnorePattern | None:
        """The last pattern matching `path`: the one that decides whether it is sent."""
        decided = None
        for pattern in self.patterns:
            if pattern.matches(path):
                decided = pattern
        return decided


def parse_ignore_file(text: str) -> IgnoreFile:
    patterns = []
    lines = text.split("\n")
    for number, raw in enumerate(lines, start=1):
        # Like Docker, a comment is only a line whose very first character is "#".
        if raw.startswith("#"):
            continue
        stripped = raw.strip()
        negated = stripped.startswith("!")
        body = stripped[1:].strip() if negated else stripped
        if not body:
            continue
        cleaned = _clean(body)
        patterns.append(IgnorePattern(number, stripped, cleaned, negated, go_match_error(cleaned)))
    line_count = len(lines) - (1 if lines[-1] == "" else 0)
    return IgnoreFile(tuple(patterns), line_count)


def _clean(pattern: str) -> str:
    cleaned = posixpath.normpath(pattern)
    if cleaned.startswith("//"):
        cleaned = cleaned[1:]
    if len(cleaned) > 1 and cleaned.startswith("/"):
        cleaned = cleaned[1:]
    return cleaned


def go_match_error(pattern: str) -> str:
    """The reason Go's filepath.Match returns ErrBadPattern, which makes Docker refuse the
    whole build context, or "" when the pattern is fine."""
    pos = 0
    while pos < len(pattern):
        char = pattern[pos]
        if char == "\\":
            if pos + 1 >= len(pattern):
                return "ends with a lone backslash"
            pos += 2
        elif char == "[":
            pos, error = _class_end(pattern, pos + 1)
            if error:
                return error
        else:
            pos += 1
    return ""


def _class_end(pattern: str, pos: int) -> tuple[int, str]:
    if pos < len(pattern) and pattern[pos] == "^":
        pos += 1
    ranges = 0
    while True:
        if pos < len(pattern) and pattern[pos] == "]" and ranges > 0:
            return pos + 1, ""
        pos, error = _class_char(pattern, pos)
        if error:
            return pos, error
        if pos < len(pattern) and pattern[pos] == "-":
            pos, error = _class_char(pattern, pos + 1)
            if error:
                return pos, error
        ranges += 1


def _class_char(pattern: str, pos: int) -> tuple[int, str]:
    if pos >= len(pattern):
        return pos, "has a '[' that is never closed"
    if pattern[pos] in "-]":
        return pos, f"has a misplaced '{pattern[pos]}' in a character class"
    if pattern[pos] == "\\":
        pos += 1
        if pos >= len(pattern):
            return pos, "ends with a lone backslash"
    pos += 1
    if pos >= len(pattern):
        return pos, "has a '[' that is never closed"
    return pos, ""


def _to_regex(pattern: str) -> str:
    regex = ["^"]
    pos = 0
    while pos < len(pattern):
        char = pattern[pos]
        pos += 1
        if char == "*":
            if pos < len(pattern) and pattern[pos] == "*":
                pos += 1
                if pos < len(pattern) and pattern[pos] == "/":
                    pos += 1
                regex.append(".*" if pos >= len(pattern) else "(.*/)?")
            else:
                regex.append("[^/]*")
        elif char == "?":
            regex.append("[^/]")
        elif char == "\\":
            if pos < len(pattern):
                regex.append(re.escape(pattern[pos]))
                pos += 1
        elif char == "[":
            pos = _append_class(pattern, pos, regex)
        elif char in _REGEX_SPECIALS:
            regex.append("\\" + char)
        else:
            regex.append(char)
    regex.append("$")
    return "".join(regex)


def _append_class(pattern: str, pos: int, regex: list[str]) -> int:
    """A Go character class `[...]` from just after its `[`; returns where it ends.

    A literal `[` inside is escaped: Python would read `[[` as the start of a nested set.
    """
    regex.append("[")
    if pos < len(pattern) and pattern[pos] == "^":
        regex.append("^")
        pos += 1
    while pos < len(pattern) and pattern[pos] != "]":
        char = pattern[pos]
        if char == "\\" and pos + 1 < len(pattern):
            pos += 1
            char = pattern[pos]
        regex.append(re.escape(char) if char in "[]\\^" else char)
        pos += 1
    regex.append("]")
    return pos + 1
