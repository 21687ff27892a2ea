"""Syntax-highlighted config files as safe HTML, one string per source line.

Every character of a line is kept: HTML special characters are escaped, and invisible ones
(CR, BOM, other control or zero-width characters) are shown as a labelled symbol, so that a
reviewer sees them. Token classes are Pygments' short names with a prefix (`hl-s2`), styled
by `highlight_css()`.
"""

import html
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from pygments.formatters import HtmlFormatter
from pygments.lexer import Lexer, inherit
from pygments.lexers import get_lexer_by_name
from pygments.lexers.configs import TOMLLexer
from pygments.token import STANDARD_TYPES, Whitespace, _TokenType

CLASS_PREFIX = "hl-"
STYLE = "xcode"  # the light Pygments style whose colours all reach WCAG AA (4.5:1) on white
INVISIBLE_CLASS = f"{CLASS_PREFIX}invisible"

# (CSS class, text); the class is "" for text that needs no span.
Segment = tuple[str, str]

# Characters a reviewer could not see: C0 and C1 controls (tab aside), soft hyphen,
# zero-width and direction marks, line and paragraph separators, the byte order mark.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def split_lines(text: str) -> tuple[list[str], bool]:
    """The lines of `text` and whether it ends with a newline.

    Only "\\n" ends a line, as in git: a CR stays at the end of its line and is shown.
    """
    lines = text.split("\n")
    ends_with_newline = lines[-1] == ""
    if ends_with_newline:
        lines.pop()
    return lines, ends_with_newline


@dataclass(frozen=True)
class HighlightedLine:
    segments: tuple[Segment, ...]  # to render the line again with <mark> ranges
    html: str


class Highlighter:
    """Highlights the lines of files in one language, lexing each distinct line only once.

    A TOML line that starts and ends outside any multi-line array, inline table or string is
    coloured the same wherever it is, so it is remembered: config files repeat many lines,
    and two revisions of a file share most of theirs. A file made mostly of lines not seen
    yet is lexed in one pass, which is faster per line; otherwise only the new lines are
    lexed, each with the lines of the multi-line value it opens, if any.
    """

    def __init__(self, lexer: str | None) -> None:
        self._lexer = _lexer(lexer) if lexer else None
        self._known: dict[str, HighlightedLine] = {}

    def highlight(self, lines: Sequence[str]) -> list[HighlightedLine]:
        if self._lexer is None:
            return [_highlighted([("", line)]) for line in lines]
        unseen = set(lines).difference(self._known)
        if 2 * len(unseen) > len(lines) or not isinstance(self._lexer, _RestartMarkingTOMLLexer):
            return self._lex_in_one_pass(lines)
        highlighted: list[HighlightedLine] = []
        while len(highlighted) < len(lines):  # here the lexer is in its initial state
            line = lines[len(highlighted)]
            if line in self._known:
                highlighted.append(self._known[line])
            else:
                highlighted += self._lex_until_restart(lines, len(highlighted))
        return highlighted

    def _lex_in_one_pass(self, lines: Sequence[str]) -> list[HighlightedLine]:
        assert self._lexer is not None
        highlighted: list[HighlightedLine] = []
        starts_afresh = True
        for line, (segments, restarts) in zip(lines, _lexed_lines(self._lexer, lines), strict=True):
            highlighted.append(_highlighted(segments))
            if starts_afresh and restarts:
                self._known.setdefault(line, highlighted[-1])
            starts_afresh = restarts
        return highlighted

    def _lex_until_restart(self, lines: Sequence[str], start: int) -> list[HighlightedLine]:
        """The lines from `start` up to where the lexer is back in its initial state: one
        line, or all the lines of a multi-line value."""
        assert self._lexer is not None
        window = 4  # lines to lex; grows when a multi-line value is longer
        while True:
            run: list[HighlightedLine] = []
            for segments, restarts in _lexed_lines(self._lexer, lines[start : start + window]):
                run.append(_highlighted(segments))
                if restarts:
                    if len(run) == 1:
                        self._known[lines[start]] = run[0]
                    return run
            if start + window >= len(lines):
                return run  # the file ends inside a multi-line value
            window *= 4


def highlight_lines(text: str, lexer: str | None) -> list[str]:
    """Safe HTML per source line of `text` (e.g. to show a file with line numbers)."""
    lines, _ = split_lines(text)
    return [line.html for line in Highlighter(lexer).highlight(lines)]


def highlight_css() -> str:
    """The stylesheet for the classes in the generated HTML (light theme)."""
    formatter = HtmlFormatter(style=STYLE, classprefix=CLASS_PREFIX)
    rules = [*formatter.get_token_style_defs(""), _INVISIBLE_CSS]
    return "\n".join(rules) + "\n"


def render_line(segments: Sequence[Segment], marks: Sequence[tuple[int, int]] = ()) -> str:
    """Safe HTML for one line; `marks` are sorted (start, end) character ranges to wrap in <mark>.

    Segments are cut at mark boundaries and each mark wraps whole spans, so the tags nest.
    """
    if not marks:
        return "".join(_span(css_class, text) for css_class, text in segments)
    parts: list[str] = []
    in_mark = False
    for css_class, text, marked in _cut_at_marks(segments, marks):
        if marked != in_mark:
            parts.append("<mark>" if marked else "</mark>")
            in_mark = marked
        parts.append(_span(css_class, text))
    if in_mark:
        parts.append("</mark>")
    return "".join(parts)


_INVISIBLE_CSS = (
    f".{INVISIBLE_CLASS} {{ color: #5c5c5c; border: 1px dotted #5c5c5c; border-radius: 2px; "
    "font-size: 0.85em; padding: 0 1px }"
)

# A newline the lexer reads in its root state: the next line can be lexed on its own.
_RESTART_NEWLINE = Whitespace.Restart


class _RestartMarkingTOMLLexer(TOMLLexer):
    """Pygments' TOML lexer, emitting root-state newlines as their own token type."""

    tokens = {"root": [(r"\n", _RESTART_NEWLINE), (r"[^\S\n]+", Whitespace), inherit]}


@cache
def _lexer(name: str) -> Lexer:
    return _RestartMarkingTOMLLexer() if name.lower() == "toml" else get_lexer_by_name(name)


def _lexed_lines(lexer: Lexer, lines: Sequence[str]) -> Iterator[tuple[list[Segment], bool]]:
    """Each line's segments, lexed lazily, and whether the lexer restarts after the line.

    `get_tokens_unprocessed` because `get_tokens` would drop a BOM, turn CRs into newlines
    and expand tabs: the reviewer must see the file as it is.
    """
    current: list[Segment] = []
    text = "".join(f"{line}\n" for line in lines)
    for _, token_type, value in lexer.get_tokens_unprocessed(text):
        css_class = _CSS_CLASSES[token_type]
        if "\n" not in value:  # most tokens: a fast path
            if current and current[-1][0] == css_class:  # e.g. a string's quotes and text
                current[-1] = (css_class, current[-1][1] + value)
            else:
                current.append((css_class, value))
            continue
        first, *rest = value.split("\n")
        if first:
            current.append((css_class, first))
        for part in rest:
            yield current, token_type is _RESTART_NEWLINE
            current = [(css_class, part)] if part else []


def _highlighted(segments: list[Segment]) -> HighlightedLine:
    return HighlightedLine(tuple(segments), render_line(segments))


@cache
def _styled_classes() -> frozenset[str]:
    formatter = HtmlFormatter(style=STYLE, classprefix=CLASS_PREFIX)
    return frozenset(rule.split(" ", 1)[0][1:] for rule in formatter.get_token_style_defs(""))


class _ClassByTokenType(dict[_TokenType, str]):
    """The short Pygments class of a token type's nearest standard type, if the style colours it."""

    def __missing__(self, token_type: _TokenType) -> str:
        standard_type = token_type
        while standard_type not in STANDARD_TYPES:
            standard_type = standard_type.parent
        css_class = CLASS_PREFIX + STANDARD_TYPES[standard_type]
        self[token_type] = css_class if css_class in _styled_classes() else ""
        return self[token_type]


_CSS_CLASSES = _ClassByTokenType()


def _cut_at_marks(
    segments: Sequence[Segment], marks: Sequence[tuple[int, int]]
) -> list[tuple[str, str, bool]]:
    """(class, text, marked) pieces: the segments, cut where a mark starts or ends."""
    edges = [offset for mark in marks for offset in mark]  # start, end, start, end…
    passed = 0  # edges at or before the current position: odd inside a mark
    pieces: list[tuple[str, str, bool]] = []
    segment_start = 0
    for css_class, text in segments:
        position, segment_end = segment_start, segment_start + len(text)
        while position < segment_end:
            while passed < len(edges) and edges[passed] <= position:
                passed += 1
            cut = min(edges[passed], segment_end) if passed < len(edges) else segment_end
            piece = text[position - segment_start : cut - segment_start]
            pieces.append((css_class, piece, passed % 2 == 1))
            position = cut
        segment_start = segment_end
    return pieces


def _span(css_class: str, text: str) -> str:
    escaped = _INVISIBLE.sub(_shown_invisible, html.escape(text, quote=False))
    return f'<span class="{css_class}">{escaped}</span>' if css_class else escaped


def _shown_invisible(match: re.Match[str]) -> str:
    char = match.group()
    symbol, name = _INVISIBLE_NAMES.get(char) or _invisible_label(char)
    return f'<span class="{INVISIBLE_CLASS}" title="U+{ord(char):04X} {name}">{symbol}</span>'


_INVISIBLE_NAMES = {
    "\r": ("\u240d", "carriage return (CRLF line ending)"),
    "\ufeff": ("BOM", "byte order mark"),
}


def _invisible_label(char: str) -> tuple[str, str]:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code), "control character"  # Unicode "control pictures", e.g. ␀
    if code == 0x7F:
        return "\u2421", "delete"
    return f"U+{code:04X}", unicodedata.name(char, "control character").lower()
