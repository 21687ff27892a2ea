"""Compare two revisions of a config file: by key path, and line by line for display.

Pure: plain text in, plain data out. `semantic_diff` says what changed in the parsed TOML
(comments, formatting and order do not count), `impact_notes` says why some of those changes
matter when deploying to Fly.io, and `line_diff` gives highlighted side-by-side and unified
rows for the compare page.
"""

import datetime
import json
import math
import re
import tomllib
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from itertools import pairwise

from configs.highlighting import (
    HighlightedLine,
    Highlighter,
    highlight_css,
    highlight_lines,
    render_line,
    split_lines,
)

__all__ = [
    "Change",
    "ConfigUnparseable",
    "DiffRow",
    "DiffStats",
    "FileDiff",
    "Fold",
    "Impact",
    "describe",
    "highlight_css",
    "highlight_lines",
    "impact_notes",
    "line_diff",
    "semantic_diff",
]

# ---------------------------------------------------------------------------------------------
# Semantic diff


@dataclass(frozen=True)
class Change:
    path: str
    kind: str  # "added" | "removed" | "changed"
    old: object  # None when added
    new: object  # None when removed


class ConfigUnparseable(Exception):
    """One side cannot be compared by key path: a TOML syntax error, or nesting so deep that
    comparing it would exhaust Python's stack."""

    def __init__(
        self, side: str, message: str, line: int | None, *, problem: str = "is not valid TOML"
    ) -> None:
        super().__init__(f"The {side} config {problem}: {message}")
        self.side = side  # "old" | "new"
        self.message = message
        self.line = line
        self.problem = problem


# Fly configs nest four or five levels; the comparison recurses once per level.
MAX_COMPARED_DEPTH = 100


def semantic_diff(old: str, new: str) -> list[Change]:
    """Every key path whose value differs, in document order (removals and changes, then
    additions, per table). A table added or removed as a whole is one change."""
    changes: list[Change] = []
    _compare((), _parse(old, "old"), _parse(new, "new"), changes)
    return changes


KeyPath = tuple[str | int, ...]

_LOCATION = re.compile(r"at line (\d+), column \d+")
_LONG_DIGITS = re.compile(r"\d{4000,}")


def _parse(text: str, side: str) -> dict:
    # A byte order mark is no change in the data; the line diff shows it.
    try:
        document = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        location = _LOCATION.search(message)
        line = int(location.group(1)) if location else _last_line_with_content(text)
        raise ConfigUnparseable(side, message, line) from error
    except RecursionError as error:
        raise ConfigUnparseable(side, "values are nested too deeply", None) from error
    except ValueError as error:  # Python refuses integers longer than 4300 digits
        digits = _LONG_DIGITS.search(text)
        line = text.count("\n", 0, digits.start()) + 1 if digits else None
        where = f" (at line {line})" if line else ""
        raise ConfigUnparseable(side, f"integer too large{where}", line) from error
    if _depth_exceeds(document, MAX_COMPARED_DEPTH):
        raise ConfigUnparseable(
            side,
            f"tables or arrays are nested more than {MAX_COMPARED_DEPTH} levels deep",
            None,
            problem="is nested too deeply to compare",
        )
    return document


def _depth_exceeds(document: dict, limit: int) -> bool:
    """Whether tables and arrays nest deeper than `limit` (a work list: no recursion)."""
    pending: list[tuple[object, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > limit:
            return True
        if isinstance(value, dict):
            pending += ((item, depth + 1) for item in value.values())
        elif isinstance(value, list):
            pending += ((item, depth + 1) for item in value)
    return False


def _last_line_with_content(text: str) -> int:
    """The line to show for tomllib's "at end of document"."""
    return text.rstrip("\n").count("\n") + 1


def _compare(path: KeyPath, old: object, new: object, changes: list[Change]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        _compare_tables(path, old, new, changes)
    elif isinstance(old, list) and isinstance(new, list) and _is_table_array(old + new):
        # [[vm]], [[services]], [[mounts]]: entries are matched by position, as Fly applies them.
        for index in range(max(len(old), len(new))):
            item_path = (*path, index)
            if index >= len(new):
                changes.append(Change(_format_path(item_path), "removed", _plain(old[index]), None))
            elif index >= len(old):
                changes.append(Change(_format_path(item_path), "added", None, _plain(new[index])))
            else:
                _compare(item_path, old[index], new[index], changes)
    elif not _same(old, new):
        changes.append(Change(_format_path(path), "changed", _plain(old), _plain(new)))


def _compare_tables(path: KeyPath, old: dict, new: dict, changes: list[Change]) -> None:
    """Removed and changed keys in the old order, then added keys in the new order. An array
    of tables present on one side only is compared with an empty one: `mounts[0] added`."""
    for key, old_value in old.items():
        if key in new or _is_table_array(old_value):
            _compare((*path, key), old_value, new.get(key, []), changes)
        else:
            changes.append(Change(_format_path((*path, key)), "removed", _plain(old_value), None))
    for key, new_value in new.items():
        if key in old:
            continue
        if _is_table_array(new_value):
            _compare((*path, key), [], new_value, changes)
        else:
            changes.append(Change(_format_path((*path, key)), "added", None, _plain(new_value)))


def _is_table_array(value: object) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _same(old: object, new: object) -> bool:
    """Equality that also tells 1 from 1.0 and true, and finds nan equal to nan."""
    if type(old) is not type(new):
        return False
    if isinstance(old, dict) and isinstance(new, dict):
        return old.keys() == new.keys() and all(_same(old[key], new[key]) for key in old)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(map(_same, old, new))
    if isinstance(old, float) and isinstance(new, float) and math.isnan(old):
        return math.isnan(new)
    return old == new


def _plain(value: object) -> object:
    """The value as JSON-ready data: dates as ISO 8601 strings, nan and inf in TOML spelling."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # "nan", "inf", "-inf": JSON has no such numbers
    return value


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _format_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _format_path(path: KeyPath) -> str:
    formatted = ""
    for part in path:
        if isinstance(part, int):
            formatted += f"[{part}]"
        else:
            formatted += f".{_format_key(part)}" if formatted else _format_key(part)
    return formatted


# ---------------------------------------------------------------------------------------------
# Describing changes

_LONGEST_VALUE = 80


def describe(change: Change) -> str:
    """A one-line summary, e.g. `http_service.internal_port: 8080 -> 3000`."""
    if change.kind == "added":
        return f"{change.path} added: {_literal(change.new)}"
    if change.kind == "removed":
        return f"{change.path} removed"
    return f"{change.path}: {_literal(change.old)} -> {_literal(change.new)}"


def _literal(value: object) -> str:
    """The value written the TOML way (inline), shortened to one readable line."""
    text = _toml_literal(value)
    return text if len(text) <= _LONGEST_VALUE else text[: _LONGEST_VALUE - 1] + "…"


def _toml_literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{_format_key(key)} = {_toml_literal(item)}" for key, item in value.items())
        return "{" + ", ".join(pairs) + "}"
    return str(value)


# ---------------------------------------------------------------------------------------------
# Impact notes


@dataclass(frozen=True)
class Impact:
    path: str
    note: str


_ADDED = frozenset({"added"})
_REMOVED = frozenset({"removed"})
_CHANGED = frozenset({"changed"})
_ANY = _ADDED | _REMOVED | _CHANGED

_MOUNT_GONE = (
    "The volume is no longer mounted: the app loses access to its data, "
    "and flyctl stops the deploy while Machines still have the volume attached."
)
_PORTS = "Public ports change: clients using a port that is gone can no longer connect."
_INTERNAL_PORT = (
    "The proxy sends traffic to a different port: the app must listen on it at 0.0.0.0 "
    "or requests fail."
)
_FORCE_HTTPS = "Plain HTTP requests are now redirected to HTTPS, or no longer are."
_MIN_MACHINES = (
    "Changes how many Machines stay running in the primary region: "
    "fewer means cold starts, more means cost."
)
_AUTO_STOP = "Changes whether idle Machines are stopped: stopping saves cost but adds cold starts."
_AUTO_START = (
    "Changes whether stopped Machines are started for incoming requests: without it they stay down."
)
_VM_SIZE = (
    "Machines are resized on deploy: bigger costs more, less memory risks out-of-memory kills."
)

# (key path patterns, change kinds, note). In a pattern, "*" stands for any key, and "[*]" for
# an optional index, since Fly accepts [vm], [services] and [mounts] as a single table too.
# Every rule that matches a change applies. A table added or removed as a whole that no rule
# matches is looked into, so removing [deploy] still reports its release_command.
_IMPACT_RULES: tuple[tuple[tuple[str, ...], frozenset[str], str], ...] = (
    (
        ("primary_region",),
        _ANY,
        "New Machines are created in the new primary region; volumes are regional, "
        "so Machines with mounts need volumes there.",
    ),
    (
        ("env.PRIMARY_REGION",),
        _ANY,
        "Fly sets PRIMARY_REGION from primary_region on every Machine, overriding [env].",
    ),
    (("mounts[*]",), _REMOVED, _MOUNT_GONE),
    (
        ("mounts[*]",),
        _ADDED,
        "Deploy needs an unattached volume with this source name in every region "
        "the Machines run in.",
    ),
    (
        ("mounts[*].initial_size",),
        _ANY,
        "initial_size only applies to new volumes: existing volumes keep their size "
        "and can never shrink (grow them with `fly volumes extend`).",
    ),
    (
        ("mounts[*].source",),
        _ANY,
        "Machines need unattached volumes with the new name; "
        "flyctl cannot switch a Machine's attached volume to another name.",
    ),
    (
        ("mounts[*].destination",),
        _ANY,
        "The volume is mounted at a different path: data the app expects at the old path "
        "is not there.",
    ),
    (
        ("processes",),
        _REMOVED,
        "All named process groups are gone: their Machines are destroyed on deploy "
        "and the app runs a single `app` group.",
    ),
    (("processes.*",), _REMOVED, "This group's Machines are destroyed on deploy."),
    (("processes.*",), _ADDED, "Deploy creates Machines for this new process group."),
    (
        ("deploy.release_command",),
        _ADDED | _CHANGED,
        "This command runs in a temporary Machine before every deploy; "
        "if it fails, the deploy stops.",
    ),
    (
        ("deploy.release_command",),
        _REMOVED,
        "Nothing runs before deploys any more: database migrations must now run some other way.",
    ),
    (
        ("deploy.strategy",),
        _ANY,
        "Machines are replaced differently on deploy: bluegreen needs health checks, "
        "canary cannot be used with volumes, immediate replaces all at once.",
    ),
    (
        ("http_service",),
        _ADDED,
        "The app becomes reachable from the internet on ports 80 and 443.",
    ),
    (
        ("http_service",),
        _REMOVED,
        "The app no longer receives HTTP traffic through the Fly proxy.",
    ),
    (("services[*]",), _ADDED, "New ports are exposed to the internet through the Fly proxy."),
    (("services[*]",), _REMOVED, "This service's ports are no longer exposed through the proxy."),
    (
        (
            "services[*].ports[*]",
            "services[*].ports[*].port",
            "services[*].ports[*].start_port",
            "services[*].ports[*].end_port",
        ),
        _ANY,
        _PORTS,
    ),
    (("http_service.internal_port", "services[*].internal_port"), _ANY, _INTERNAL_PORT),
    (("http_service.force_https", "services[*].ports[*].force_https"), _ANY, _FORCE_HTTPS),
    (
        ("services[*].ports[*].handlers",),
        _ANY,
        "The proxy handles this port's traffic differently (TLS, HTTP): clients may fail "
        "to connect.",
    ),
    (
        ("http_service.min_machines_running", "services[*].min_machines_running"),
        _ANY,
        _MIN_MACHINES,
    ),
    (("http_service.auto_stop_machines", "services[*].auto_stop_machines"), _ANY, _AUTO_STOP),
    (("http_service.auto_start_machines", "services[*].auto_start_machines"), _ANY, _AUTO_START),
    (
        (
            "vm[*].size",
            "vm[*].memory",
            "vm[*].memory_mb",
            "vm[*].cpus",
            "vm[*].cpu_kind",
        ),
        _ANY,
        _VM_SIZE,
    ),
    (
        ("vm[*]",),
        _ADDED,
        "Deploy sets Machine sizes from this section, undoing earlier `fly scale` changes.",
    ),
    (
        ("vm[*]",),
        _REMOVED,
        "Deploy no longer sets these Machines' size: they keep the size they have now.",
    ),
    (
        ("kill_signal",),
        _ANY,
        "Machines get a different signal when stopped; the app must shut down cleanly on it.",
    ),
    (
        ("kill_timeout",),
        _ANY,
        "Changes how long Machines get to shut down before they are killed: "
        "too short cuts off work in progress.",
    ),
    (
        ("swap_size_mb",),
        _ANY,
        "Changes swap on each Machine: without it, memory spikes end in out-of-memory kills.",
    ),
)

_ONE_KEY = r'(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*")'


def _compile_pattern(pattern: str) -> re.Pattern[str]:
    regex = re.escape(pattern).replace(r"\[\*\]", r"(?:\[\d+\])?").replace(r"\*", _ONE_KEY)
    return re.compile(regex)


_COMPILED_RULES = tuple(
    (tuple(_compile_pattern(p) for p in patterns), kinds, note)
    for patterns, kinds, note in _IMPACT_RULES
)


def impact_notes(changes: Sequence[Change]) -> list[Impact]:
    """One-line reasons why some changes matter to whoever deploys them."""
    impacts: list[Impact] = []
    for change in changes:
        value = change.new if change.kind == "added" else change.old
        impacts.extend(_impacts_at(change.path, change.kind, value))
    return impacts


def _impacts_at(path: str, kind: str, value: object) -> list[Impact]:
    impacts = [
        Impact(path, note)
        for patterns, kinds, note in _COMPILED_RULES
        if kind in kinds and any(pattern.fullmatch(path) for pattern in patterns)
    ]
    if impacts or kind == "changed":
        return impacts
    return [
        impact
        for child_path, child in _children(path, value)
        for impact in _impacts_at(child_path, kind, child)
    ]


def _children(path: str, value: object) -> Iterator[tuple[str, object]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield f"{path}.{_format_key(key)}", child
    elif isinstance(value, list) and _is_table_array(value):
        for index, child in enumerate(value):
            yield f"{path}[{index}]", child


# ---------------------------------------------------------------------------------------------
# Line diff


@dataclass(frozen=True)
class DiffRow:
    """One row of a diff view. A side without a line has number None and html ""."""

    kind: str  # "equal" | "insert" | "delete" | "replace"
    old_number: int | None
    new_number: int | None
    old_html: str  # safe HTML
    new_html: str
    # That side's line is the file's last and has no newline ("\ No newline at end of file").
    old_no_newline: bool = False
    new_no_newline: bool = False


@dataclass(frozen=True)
class Fold:
    """Unchanged lines hidden behind "⋯ {count} unchanged lines"; rows are there to expand."""

    start_old: int
    start_new: int
    count: int
    rows: tuple[DiffRow, ...]


@dataclass(frozen=True)
class DiffStats:
    added: int
    removed: int


@dataclass(frozen=True)
class FileDiff:
    rows: tuple[DiffRow | Fold, ...]  # side by side: a changed line pairs with its new version
    unified: tuple[DiffRow | Fold, ...]  # removed lines first, then added ones, as in git
    stats: DiffStats
    identical: bool


def line_diff(old: str, new: str, *, lexer: str | None = "toml", context: int = 3) -> FileDiff:
    """Highlighted line diff; `lexer` is a Pygments lexer name, or None for plain text."""
    old_file = _SourceFile.read(old)
    new_file = _SourceFile.read(new)
    opcodes = _line_opcodes(old_file.keys, new_file.keys)
    sides = _DiffSides.highlight(old_file, new_file, lexer)
    side_by_side: list[DiffRow | Fold] = []
    unified: list[DiffRow | Fold] = []
    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            rows = [sides.equal_row(i, j1 + i - i1) for i in range(i1, i2)]
            head = context if number > 0 else 0  # unchanged lines shown after a change
            tail = context if number < len(opcodes) - 1 else 0  # and before the next one
            folded = _fold(rows, (i1 + head + 1, j1 + head + 1), head, tail, context)
            side_by_side += folded
            unified += folded
        else:
            paired, removed_then_added = sides.changed_rows(range(i1, i2), range(j1, j2))
            side_by_side += paired
            unified += removed_then_added
    return FileDiff(tuple(side_by_side), tuple(unified), _stats(opcodes), identical=old == new)


Opcode = tuple[str, int, int, int, int]  # as difflib's: (tag, i1, i2, j1, j2)


def _line_opcodes(old: list[str], new: list[str]) -> list[Opcode]:
    """difflib-style opcodes, anchored on lines that occur once in each file.

    This is git's "patience" diff: config files repeat many lines (blank lines, `port = 80`),
    which make SequenceMatcher slow without its autojunk heuristic and wrong with it. Unique
    lines in the same order anchor the diff; SequenceMatcher only compares what lies between.
    """
    return _opcodes_from_matches(sorted(_matching_lines(old, new)), len(old), len(new))


def _matching_lines(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """(old index, new index) of every line the diff keeps, in no particular order."""
    matches: list[tuple[int, int]] = []
    ranges = [(0, len(old), 0, len(new))]  # a work list rather than recursion: no depth limit
    while ranges:
        old_lo, old_hi, new_lo, new_hi = ranges.pop()
        while old_lo < old_hi and new_lo < new_hi and old[old_lo] == new[new_lo]:
            matches.append((old_lo, new_lo))
            old_lo, new_lo = old_lo + 1, new_lo + 1
        while old_lo < old_hi and new_lo < new_hi and old[old_hi - 1] == new[new_hi - 1]:
            old_hi, new_hi = old_hi - 1, new_hi - 1
            matches.append((old_hi, new_hi))
        if old_lo == old_hi or new_lo == new_hi:
            continue
        anchors = _unique_line_anchors(old, new, old_lo, old_hi, new_lo, new_hi)
        if not anchors:
            matcher = SequenceMatcher(None, old[old_lo:old_hi], new[new_lo:new_hi], autojunk=False)
            for i, j, size in matcher.get_matching_blocks():
                matches += [(old_lo + i + k, new_lo + j + k) for k in range(size)]
            continue
        matches += anchors
        bounds = [(old_lo - 1, new_lo - 1), *anchors, (old_hi, new_hi)]
        for (i1, j1), (i2, j2) in pairwise(bounds):
            ranges.append((i1 + 1, i2, j1 + 1, j2))
    return matches


def _unique_line_anchors(
    old: list[str], new: list[str], old_lo: int, old_hi: int, new_lo: int, new_hi: int
) -> list[tuple[int, int]]:
    """The longest in-order chain of lines that occur exactly once in both ranges."""
    old_counts = Counter(old[old_lo:old_hi])
    new_counts = Counter(new[new_lo:new_hi])
    unique_in_new = {
        line: j for j, line in enumerate(new[new_lo:new_hi], new_lo) if new_counts[line] == 1
    }
    candidates = [
        (i, unique_in_new[line])
        for i, line in enumerate(old[old_lo:old_hi], old_lo)
        if old_counts[line] == 1 and line in unique_in_new
    ]
    return _longest_increasing_chain(candidates)


def _longest_increasing_chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest subsequence of `pairs` (sorted by first item) increasing in the second."""
    chain_ends: list[int] = []  # per chain length, the index of the pair with the lowest end
    end_values: list[int] = []
    previous: list[int | None] = []
    for index, (_, j) in enumerate(pairs):
        length = bisect_left(end_values, j)
        previous.append(chain_ends[length - 1] if length else None)
        if length == len(chain_ends):
            chain_ends.append(index)
            end_values.append(j)
        else:
            chain_ends[length] = index
            end_values[length] = j
    chain: list[tuple[int, int]] = []
    index = chain_ends[-1] if chain_ends else None
    while index is not None:
        chain.append(pairs[index])
        index = previous[index]
    return chain[::-1]


def _opcodes_from_matches(
    matches: list[tuple[int, int]], old_size: int, new_size: int
) -> list[Opcode]:
    opcodes: list[Opcode] = []
    i = j = 0
    for old_index, new_index in [*matches, (old_size, new_size)]:
        if old_index > i or new_index > j:
            tag = (
                "replace"
                if old_index > i and new_index > j
                else "delete"
                if old_index > i
                else "insert"
            )
            opcodes.append((tag, i, old_index, j, new_index))
        if old_index == old_size:
            break  # the end marker
        if opcodes and opcodes[-1][0] == "equal" and opcodes[-1][2] == old_index:
            _, i1, _, j1, _ = opcodes.pop()
            opcodes.append(("equal", i1, old_index + 1, j1, new_index + 1))
        else:
            opcodes.append(("equal", old_index, old_index + 1, new_index, new_index + 1))
        i, j = old_index + 1, new_index + 1
    return opcodes


@dataclass(frozen=True)
class _SourceFile:
    lines: list[str]
    keys: list[str]  # what the diff compares
    ends_with_newline: bool

    @classmethod
    def read(cls, text: str) -> "_SourceFile":
        lines, ends_with_newline = split_lines(text)
        keys = list(lines)
        if lines and not ends_with_newline:
            keys[-1] += "\n"  # "x" at the very end differs from "x\n", as in git
        return cls(lines, keys, ends_with_newline)

    def lacks_newline(self, index: int) -> bool:
        return index == len(self.lines) - 1 and not self.ends_with_newline


@dataclass(frozen=True)
class _Line:
    """One side of a row."""

    number: int
    html: str
    no_newline: bool


def _row(kind: str, old: _Line | None, new: _Line | None) -> DiffRow:
    return DiffRow(
        kind,
        old_number=old.number if old else None,
        new_number=new.number if new else None,
        old_html=old.html if old else "",
        new_html=new.html if new else "",
        old_no_newline=old.no_newline if old else False,
        new_no_newline=new.no_newline if new else False,
    )


@dataclass(frozen=True)
class _DiffSides:
    """Both files and their highlighted lines."""

    old: _SourceFile
    new: _SourceFile
    old_highlighted: list[HighlightedLine]
    new_highlighted: list[HighlightedLine]

    @classmethod
    def highlight(cls, old: _SourceFile, new: _SourceFile, lexer: str | None) -> "_DiffSides":
        highlighter = Highlighter(lexer)  # shared: most lines of the new file are known
        return cls(old, new, highlighter.highlight(old.lines), highlighter.highlight(new.lines))

    def equal_row(self, i: int, j: int) -> DiffRow:
        old_html, new_html = self.old_highlighted[i].html, self.new_highlighted[j].html
        lacks_newline = self.old.lacks_newline(i), self.new.lacks_newline(j)
        return DiffRow("equal", i + 1, j + 1, old_html, new_html, *lacks_newline)

    def changed_rows(
        self, old_range: range, new_range: range
    ) -> tuple[list[DiffRow], list[DiffRow]]:
        """Side-by-side rows (changed lines paired in order) and unified rows for one hunk."""
        paired: list[DiffRow] = []
        removed: list[DiffRow] = []
        added: list[DiffRow] = []
        for offset in range(max(len(old_range), len(new_range))):
            i = old_range[offset] if offset < len(old_range) else None
            j = new_range[offset] if offset < len(new_range) else None
            old_marks, new_marks = self._intraline_marks(i, j)
            old = self._old_line(i, old_marks) if i is not None else None
            new = self._new_line(j, new_marks) if j is not None else None
            paired.append(
                _row("replace" if old and new else "delete" if old else "insert", old, new)
            )
            if old:
                removed.append(_row("delete", old, None))
            if new:
                added.append(_row("insert", None, new))
        return paired, removed + added

    def _old_line(self, i: int, marks: Sequence[tuple[int, int]] = ()) -> _Line:
        return _Line(i + 1, _html(self.old_highlighted[i], marks), self.old.lacks_newline(i))

    def _new_line(self, j: int, marks: Sequence[tuple[int, int]] = ()) -> _Line:
        return _Line(j + 1, _html(self.new_highlighted[j], marks), self.new.lacks_newline(j))

    def _intraline_marks(
        self, i: int | None, j: int | None
    ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        if i is None or j is None:
            return [], []
        return _intraline_marks(self.old.lines[i], self.new.lines[j])


def _html(line: HighlightedLine, marks: Sequence[tuple[int, int]]) -> str:
    return render_line(line.segments, marks) if marks else line.html


_WORD = re.compile(r"\w+|\s+|[^\w\s]")


def _intraline_marks(
    old_line: str, new_line: str
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character ranges that differ between two paired lines.

    Compared word by word rather than character by character: `8080 -> 3000` marks both
    numbers whole instead of the scattered digits they do not share.
    """
    old_words = [match.span() for match in _WORD.finditer(old_line)]
    new_words = [match.span() for match in _WORD.finditer(new_line)]
    matcher = SequenceMatcher(
        None,
        [old_line[start:end] for start, end in old_words],
        [new_line[start:end] for start, end in new_words],
        autojunk=False,
    )
    old_marks: list[tuple[int, int]] = []
    new_marks: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if i1 < i2:
            old_marks.append((old_words[i1][0], old_words[i2 - 1][1]))
        if j1 < j2:
            new_marks.append((new_words[j1][0], new_words[j2 - 1][1]))
    return old_marks, new_marks


def _fold(
    rows: list[DiffRow], first_hidden: tuple[int, int], head: int, tail: int, context: int
) -> list[DiffRow | Fold]:
    """Hide a run of unchanged rows longer than 2 * context, except `head` rows at its start
    and `tail` rows at its end; `first_hidden` is the (old, new) number of the first hidden."""
    if len(rows) <= 2 * context:
        return list(rows)
    hidden = tuple(rows[head : len(rows) - tail])
    fold = Fold(*first_hidden, count=len(hidden), rows=hidden)
    return [*rows[:head], fold, *rows[len(rows) - tail :]]


def _stats(opcodes: list[Opcode]) -> DiffStats:
    added = sum(j2 - j1 for tag, _, _, j1, j2 in opcodes if tag in ("insert", "replace"))
    removed = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag in ("delete", "replace"))
    return DiffStats(added, removed)
