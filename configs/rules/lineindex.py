"""Key path -> 1-based line, from a single pass over the TOML text.

tomllib gives values but no positions, and tomlkit (which keeps them) is ~10x slower, so this
scanner recognises just enough TOML to place every key: table headers (`[a.b]`, `[[a]]` with
array indices), `key =` lines with dotted and quoted keys, elements of arrays spanning several
lines, and it skips the inside of multi-line strings. Paths look like
`services[0].ports[1].handlers`; a key that is not a bare TOML key is written JSON-quoted.
"""

import json
import re

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_KEY_PART = re.compile(r"""\s*(?:([A-Za-z0-9_-]+)|"((?:[^"\\]|\\.)*)"|'([^']*)')\s*""")
MAX_DEPTH = 32  # table nesting indexed; deeper headers share their 32nd ancestor's line
_PATH_SEGMENT = re.compile(r'"(?:[^"\\]|\\.)*"|\[\d+\]|[^.\[\]"]+')


def join_key(parent: str, key: str) -> str:
    segment = key if _BARE_KEY.fullmatch(key) else json.dumps(key)
    return f"{parent}.{segment}" if parent else segment


def join_index(parent: str, index: int) -> str:
    return f"{parent}[{index}]"


def parent_paths(path: str):
    """`a.b[0].c` -> `a.b[0]`, `a.b`, `a`: the enclosing paths, innermost first."""
    segments = _PATH_SEGMENT.findall(path)
    for end in range(len(segments) - 1, 0, -1):
        yield "".join(
            s if s.startswith("[") or i == 0 else "." + s for i, s in enumerate(segments[:end])
        )


def _unquote_basic(text: str) -> str:
    try:
        return json.loads(f'"{text}"')
    except ValueError:
        return text


def _parse_key(text: str, start: int) -> tuple[list[str], int] | None:
    """Parse a (dotted) key at text[start:]; return its parts and the end offset."""
    parts = []
    pos = start
    while True:
        match = _KEY_PART.match(text, pos)
        if match is None:
            return None
        bare, basic, literal = match.groups()
        if bare is not None:
            parts.append(bare)
        elif basic is not None:
            parts.append(_unquote_basic(basic))
        else:
            parts.append(literal)
        pos = match.end()
        if pos < len(text) and text[pos] == ".":
            pos += 1
            continue
        return parts, pos


class _ValueScanner:
    """Tracks bracket depth and multi-line strings across the lines of one value."""

    def __init__(self):
        self.depth = 0
        self.open_string = ""  # '"""' or "'''" while inside a multi-line string
        self.element_count = 0
        self.expect_element = False

    def scan(self, text: str, pos: int, on_element) -> None:
        """Consume text[pos:]; call on_element(index) when an element of the outermost
        array starts, so multi-line arrays of inline tables get per-element lines."""
        length = len(text)
        while pos < length:
            if self.open_string:
                end = text.find(self.open_string, pos)
                if end < 0:
                    return
                pos = end + 3
                self.open_string = ""
                continue
            char = text[pos]
            if char in " \t\r\n":
                pos += 1
                continue
            if char == "#":
                return
            if self.depth == 1 and self.expect_element and char not in ",]":
                on_element(self.element_count)
                self.element_count += 1
                self.expect_element = False
            if char in "\"'":
                if text.startswith(char * 3, pos):
                    self.open_string = char * 3
                    pos += 3
                    continue
                pos = self._skip_string(text, pos, char)
                continue
            if char in "[{":
                self.depth += 1
                if self.depth == 1 and char == "[":
                    self.expect_element = True
            elif char in "]}":
                self.depth = max(self.depth - 1, 0)
            elif char == "," and self.depth == 1:
                self.expect_element = True
            pos += 1

    @staticmethod
    def _skip_string(text: str, pos: int, quote: str) -> int:
        pos += 1
        while pos < len(text):
            char = text[pos]
            if char == "\\" and quote == '"':
                pos += 2
                continue
            if char == quote:
                return pos + 1
            pos += 1
        return pos

    @property
    def busy(self) -> bool:
        return self.depth > 0 or bool(self.open_string)


class LineIndex:
    def __init__(self, text: str):
        self.lines: dict[str, int] = {}
        self.line_count = text.count("\n") + (0 if text.endswith("\n") or not text else 1)
        self._array_counts: dict[str, int] = {}
        self._build(text)

    def line(self, path: str) -> int | None:
        """The line of exactly this path, if the text mentions it."""
        return self.lines.get(path)

    def nearest(self, path: str) -> int:
        """The line of `path`, else of its closest enclosing table, else 1."""
        line = self.lines.get(path)
        if line is not None:
            return line
        for parent in parent_paths(path):
            line = self.lines.get(parent)
            if line is not None:
                return line
        return 1

    def _note(self, path: str, number: int) -> None:
        self.lines.setdefault(path, number)

    def _header(self, text: str, start: int, number: int) -> str | None:
        """Note a `[table]` or `[[array]]` header and its implicit parents; return its path,
        indexing into the current element of every array of tables on the way."""
        is_array = text.startswith("[[", start)
        parsed = _parse_key(text, start + (2 if is_array else 1))
        if parsed is None:
            return None
        # Nothing real nests this deep; indexing further would only cost quadratic time.
        parts = parsed[0][:MAX_DEPTH]
        path = ""
        for depth, part in enumerate(parts, start=1):
            path = join_key(path, part)
            if is_array and depth == len(parts):
                self._note(path, number)
                self._array_counts[path] = self._array_counts.get(path, 0) + 1
            count = self._array_counts.get(path)
            if count is not None:
                path = join_index(path, count - 1)
            self._note(path, number)
        return path

    def _build(self, text: str) -> None:
        table = ""
        value = _ValueScanner()
        value_path = ""
        for number, line in enumerate(text.split("\n"), start=1):
            if value.busy:
                value.scan(
                    line, 0, lambda i, n=number, p=value_path: self._note(join_index(p, i), n)
                )
                continue
            start = len(line) - len(line.lstrip())
            if start == len(line) or line[start] == "#":
                continue
            if line[start] == "[":
                table = self._header(line, start, number) or table
                continue
            parsed = _parse_key(line, start)
            if parsed is None:
                continue
            parts, end = parsed
            if end >= len(line) or line[end] != "=":
                continue
            path = table
            for part in parts:
                path = join_key(path, part)
                self._note(path, number)
            value = _ValueScanner()
            value_path = path
            value.scan(
                line, end + 1, lambda i, n=number, p=value_path: self._note(join_index(p, i), n)
            )
