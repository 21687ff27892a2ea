"""The bad-input catalog: config files nobody should have to think twice about sending.

Each case says what every surface must answer. A TOML syntax error is not a refusal: the
revision is stored with its FLY101 finding so reviewers see it. Bytes that cannot be stored
as text (NUL, invalid UTF-8), an empty file and a file over the size limit are refused with
the same message on every surface.
"""

from dataclasses import dataclass

from tests.conftest import FLY_TOML

LIMIT = 256 * 1024  # PREFLIGHT_MAX_FILE_BYTES by default
FIVE_MB = 5 * 1024 * 1024
ONE_MB_LINE = "# " + "x" * (1024 * 1024) + "\n"


@dataclass(frozen=True)
class Finding:
    rule: str
    line: int | None
    message: str


@dataclass(frozen=True)
class Case:
    id: str
    data: bytes
    # Stored: the finding the revision must carry (None: stored without that kind of error).
    finding: Finding | None = None
    # Refused: (status, message) on the editor and the API; the API names the field too.
    refused: tuple[int, str] | None = None
    api_refused: tuple[int, str] | None = None

    @property
    def text(self) -> str | None:
        """The file as text a form or JSON can carry, or None for bytes that are not UTF-8."""
        try:
            return self.data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    @property
    def stored(self) -> bool:
        return self.refused is None


def syntax(line: int, message: str) -> Finding:
    return Finding("FLY101", line, f"TOML syntax error: {message}")


def too_large(size: int) -> tuple[int, str]:
    return (413, f"fly.toml is {size:,} bytes; the limit is {LIMIT:,} bytes.")


NESTED_TABLES = ("[" + ".".join(["a"] * 10_000) + "]\nx = 1\n").encode()
NESTED_INLINE = ("a = " + "{b = " * 10_000 + "1" + "}" * 10_000 + "\n").encode()
NESTED_ARRAYS = ("a = " + "[" * 10_000 + "]" * 10_000 + "\n").encode()
FIVE_MB_FILE = FLY_TOML.encode() + b"#" * (FIVE_MB - len(FLY_TOML)) + b"\n"
EMPTY = "fly.toml is empty: paste it or upload the file."

CASES = [
    # -- Invalid TOML: stored, with one FLY101 finding at the line (and column) of the error.
    Case(
        "unclosed-table-header",
        b"[http_service\n  internal_port = 8080\n",
        syntax(1, "Expected ']' at the end of a table declaration (at line 1, column 14)"),
    ),
    Case(
        "bad-value",
        b'app = "x"\nprimary_region = lhr\n',
        syntax(2, "Invalid value (at line 2, column 18)"),
    ),
    Case(
        "unterminated-string",
        b'app = "tynebase-backend\nprimary_region = "lhr"\n',
        syntax(1, "Illegal character '\\n' (at line 1, column 24)"),
    ),
    Case(
        "duplicate-key",
        b'app = "a"\n[env]\n  A = "1"\n  A = "2"\n',
        syntax(4, "Cannot overwrite a value (at line 4, column 10): env.A is already set"),
    ),
    Case(
        "duplicate-table",
        b'[env]\n  A = "1"\n[env]\n  B = "2"\n',
        syntax(3, "Cannot declare [env] twice (at line 3, column 5)"),
    ),
    Case(
        "redefined-array-of-tables",
        b'[[services]]\n  internal_port = 8080\n[services]\n  protocol = "tcp"\n',
        syntax(3, "Cannot declare [services] twice (at line 3, column 10)"),
    ),
    Case("no-key", b"= 1\n", syntax(1, "Invalid statement (at line 1, column 1)")),
    Case(
        "empty-array-of-tables-name",
        b"[[]]\n",
        syntax(1, "Invalid initial character for a key part (at line 1, column 3)"),
    ),
    Case(
        "bare-string-root",
        b'"just a string"\n',
        syntax(1, "Expected '=' after a key in a key/value pair (at line 1, column 16)"),
    ),
    Case(
        "array-root",
        b"[1, 2, 3]\n",
        syntax(1, "Expected ']' at the end of a table declaration (at line 1, column 3)"),
    ),
    Case(
        "control-character",
        b'app = "a\x01b"\n',
        syntax(1, "Illegal character '\\x01' (at line 1, column 9)"),
    ),
    Case(
        "integer-with-5000-digits",
        b"app = 'x'\nn = " + b"9" * 5000 + b"\n",
        syntax(2, "integer too large (at line 2)"),
    ),
    Case(
        "inline-tables-nested-10000-deep",
        NESTED_INLINE,
        syntax(1, "arrays or inline tables nested too deeply (at line 1)"),
    ),
    Case(
        "arrays-nested-10000-deep",
        NESTED_ARRAYS,
        syntax(1, "arrays or inline tables nested too deeply (at line 1)"),
    ),
    # -- Valid but unusual: stored byte-exact, checked like any config.
    Case(
        "tables-nested-10000-deep",
        NESTED_TABLES,
        Finding("FLY150", 1, "Unknown key a: flyctl ignores it"),
    ),
    Case(
        "huge-integer",
        FLY_TOML.replace("8080", str(2**100)).encode(),
        Finding(
            "FLY162",
            8,
            f"http_service.internal_port = {2**100} is not between 1 and 65535",
        ),
    ),
    Case("byte-order-mark", b"\xef\xbb\xbf" + FLY_TOML.encode()),
    Case("crlf", FLY_TOML.replace("\n", "\r\n").encode()),
    Case("bom-and-crlf", b"\xef\xbb\xbf" + FLY_TOML.replace("\n", "\r\n").encode()),
    Case("long-line-under-the-limit", FLY_TOML.encode() + b"# " + b"y" * 200_000 + b"\n"),
    # -- Refused: nothing stored, the same message everywhere.
    Case(
        "nul-byte",
        b'app = "x"\n\x00\n',
        refused=(400, "fly.toml contains a NUL byte on line 2."),
    ),
    Case("empty-file", b"", refused=(400, EMPTY), api_refused=(400, "fly_toml is empty.")),
    Case(
        "whitespace-only",
        b"  \n\t\n",
        refused=(400, EMPTY),
        api_refused=(400, "fly_toml is empty."),
    ),
    Case("five-megabytes", FIVE_MB_FILE, refused=too_large(len(FIVE_MB_FILE))),
    Case(
        "one-megabyte-line",
        ONE_MB_LINE.encode(),
        refused=too_large(len(ONE_MB_LINE.encode())),
    ),
    # Bytes no form field or JSON string can carry: uploads, the CLI and verify only.
    Case(
        "invalid-utf8",
        b'app = "x"\nprimary_region = "\xff"\n',
        refused=(400, "fly.toml is not valid UTF-8: byte 0xff on line 2."),
    ),
    Case(
        "utf16",
        FLY_TOML.encode("utf-16"),
        refused=(400, "fly.toml is not valid UTF-8: byte 0xff on line 1."),
    ),
    Case(
        "binary-junk",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        refused=(400, "fly.toml is not valid UTF-8: byte 0x89 on line 1."),
    ),
]

BY_ID = {case.id: case for case in CASES}
TEXT_CASES = [case for case in CASES if case.text is not None]


def ids(cases):
    return [case.id for case in cases]
