"""Turning submitted bytes into config text, refusing what cannot be stored byte-exact."""

from django.conf import settings


class ConfigFileError(ValueError):
    """Bad config input; the message says what is wrong and where."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def check_size(size: int, filename: str) -> None:
    limit = settings.PREFLIGHT_MAX_FILE_BYTES
    if size > limit:
        raise ConfigFileError(
            f"{filename} is {size:,} bytes; the limit is {limit:,} bytes.", status=413
        )


def decode_config(data: bytes, filename: str) -> str:
    """Decode UTF-8 exactly as sent: a BOM, CRLF and trailing spaces are kept as they are."""
    check_size(len(data), filename)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = _line_of(data, error.start)
        raise ConfigFileError(
            f"{filename} is not valid UTF-8: byte 0x{data[error.start]:02x} on line {line}."
        ) from None
    check_text(text, filename)
    return text


def check_text(text: str, filename: str) -> None:
    """Text from a form or JSON: NUL bytes cannot be stored (PostgreSQL) nor deployed."""
    check_size(len(text.encode("utf-8", "surrogatepass")), filename)
    nul = text.find("\0")
    if nul != -1:
        line = text.count("\n", 0, nul) + 1
        raise ConfigFileError(f"{filename} contains a NUL byte on line {line}.")
    for index, char in enumerate(text):
        if 0xD800 <= ord(char) <= 0xDFFF:
            line = text.count("\n", 0, index) + 1
            raise ConfigFileError(f"{filename} contains an unpaired surrogate on line {line}.")


def line_ending_of(text: str) -> str:
    return "crlf" if "\r\n" in text else "lf"


def with_line_ending(text: str, ending: str) -> str:
    """Browsers submit textareas with CRLF; restore the line ending the file had."""
    unified = text.replace("\r\n", "\n")
    return unified.replace("\n", "\r\n") if ending == "crlf" else unified
