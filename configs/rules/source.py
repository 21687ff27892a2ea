"""Turning the submitted bytes into text and the text into a TOML document, without raising."""

import re
import tomllib
from dataclasses import dataclass

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_LONG_DIGITS = re.compile(r"\d{4000,}")


@dataclass(frozen=True)
class Unreadable:
    """Why a file could not be read as text, and on which line."""

    reason: str
    line: int


@dataclass(frozen=True)
class SyntaxProblem:
    message: str
    line: int
    column: int | None


def line_of_offset(text: str | bytes, offset: int) -> int:
    newline = b"\n" if isinstance(text, bytes) else "\n"
    return text.count(newline, 0, offset) + 1


def decode(data: str | bytes) -> tuple[str | None, Unreadable | None]:
    """UTF-8 text without a byte-order mark, or why not. NUL bytes are refused here because
    they mean binary junk rather than a config someone wrote."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = line_of_offset(data, error.start)
            return None, Unreadable(
                f"is not valid UTF-8 (byte {error.start + 1}, line {line})", line
            )
    else:
        text = data
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            line = line_of_offset(text, error.start)
            return None, Unreadable(f"contains an unpaired surrogate (line {line})", line)
    text = text.removeprefix("\ufeff")
    nul = text.find("\x00")
    if nul >= 0:
        line = line_of_offset(text, nul)
        return None, Unreadable(f"contains a NUL byte on line {line}; it looks binary", line)
    return text, None


def parse_toml(text: str) -> tuple[dict | None, SyntaxProblem | None]:
    try:
        return tomllib.loads(text), None
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        position = _TOML_POSITION.search(message)
        if position is None:  # "(at end of document)"
            return None, SyntaxProblem(message, max(text.count("\n"), 1), None)
        line, column = int(position.group(1)), int(position.group(2))
        return None, SyntaxProblem(_readable(message, text, line), line, column)
    except ValueError:
        # Python refuses to convert integers longer than 4300 digits.
        digits = _LONG_DIGITS.search(text)
        line = line_of_offset(text, digits.start()) if digits else 1
        return None, SyntaxProblem(f"integer too large (at line {line})", line, None)
    except RecursionError:
        line = _deepest_line(text)
        return None, SyntaxProblem(
            f"arrays or inline tables nested too deeply (at line {line})", line, None
        )


_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")
_DECLARED_TWICE = re.compile(r"Cannot declare \(((?:'[^']*',?\s*)+)\) twice")


def _readable(message: str, text: str, line: int) -> str:
    """tomllib's message, naming the key when it says which line but not which key."""
    if message.startswith("Cannot overwrite a value"):
        key = _key_path_at(text, line)
        return f"{message}: {key} is already set" if key else message
    declared = _DECLARED_TWICE.search(message)
    if declared:  # "Cannot declare ('env', 'x') twice" -> "Cannot declare [env.x] twice"
        table = ".".join(re.findall(r"'([^']*)'", declared.group(1)))
        return message.replace(declared.group(0), f"Cannot declare [{table}] twice")
    return message


def _key_path_at(text: str, line: int) -> str | None:
    """The dotted key assigned on `line`, under the table header above it."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines) or "=" not in lines[line - 1]:
        return None
    key = lines[line - 1].split("=", 1)[0].strip()
    if not key:
        return None
    for above in reversed(lines[: line - 1]):
        header = _TABLE_HEADER.match(above)
        if header:
            return f"{header.group(1)}.{key}"
    return key


def _deepest_line(text: str) -> int:
    counts = [line.count("[") + line.count("{") for line in text.split("\n")]
    return counts.index(max(counts)) + 1
