"""JSON that users send: how deeply its text nests, and what kind a value is, for messages.

Nesting is measured on the text before parsing it: json.loads raises RecursionError on deep
nesting only as deep as the interpreter's limits happen to be at that moment (hypothesis, for
one, raises them), and unclosed brackets then turn into a different error; measuring the text
first gives the same answer every time.
"""

import re

MAX_JSON_DEPTH = 64

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays and objects in JSON `text` open more than `limit` levels deep."""
    depth = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if match.group() in "[{" else -1
        if depth > limit:
            return True
    return False


def json_kind(value: object) -> str:
    """A JSON value's type as a message names it: "an array", "a string", "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"
