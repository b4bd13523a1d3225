"""Text that is safe to show on a terminal, in a file or on a command line. No Textual,
no pydantic: the app uses this before anything else is loaded."""

from __future__ import annotations

# Every control character gets a visible stand-in: the Unicode "control pictures" for C0
# and DEL (ESC -> ␛, BEL -> ␇), the replacement character for C1 (which has none).
_CONTROL_PICTURES: dict[int, str] = (
    {code: chr(0x2400 + code) for code in range(0x20)}
    | {0x7F: "\u2421"}
    | {code: "\ufffd" for code in range(0x80, 0xA0)}
    | {0x2028: "\u2424", 0x2029: "\u2424"}  # line/paragraph separators break lines too
)
_KEEP_LINES = {key: value for key, value in _CONTROL_PICTURES.items() if chr(key) not in "\n\t"}
# One-line fields: whatever breaks a line or tabs is a space (a pasted line keeps its words).
_LINE_BREAKS = {ord(ch): " " for ch in "\n\r\t\v\f\x85\u2028\u2029"}


def visible(text: str, keep_lines: bool = True) -> str:
    """`text` with every control character (other than newline and tab, when `keep_lines`)
    turned into a visible placeholder, so that no stored or shown text can drive a terminal.
    Windows line ends (CR LF) kept as lines become plain newlines."""
    if text.isprintable():  # the common case, checked in C: nothing to replace
        return text
    if keep_lines:
        return text.replace("\r\n", "\n").translate(_KEEP_LINES)
    return text.translate(_CONTROL_PICTURES)


def one_line(text: str) -> str:
    """`text` as one printable line: line breaks and tabs are spaces, other controls visible."""
    if text.isprintable():
        return text
    return visible(text.translate(_LINE_BREAKS), keep_lines=False)
